// The module's one door to the server: the iu-cutter endpoints through the
// Data Studio's own authenticated client. Errors keep the server's message and
// extensions (code, rule, evidence) so pages can show why, not just "failed".
import { useApi } from '@directus/extensions-sdk';
import type { DocumentHead } from '../shared/responses.js';

export interface ServerError {
	status: number | null;
	code: string | null;
	message: string;
	/** The server's evidence, as JSON sent it: a page narrows what it reads. */
	extensions: Record<string, unknown>;
}

/** What toServerError reads of a thrown value: the SDK client's (axios) error carries Directus' `errors` array. */
interface ClientError {
	message?: unknown;
	response?: { status?: number; data?: { errors?: Array<{ message?: string; extensions?: { code?: string } & Record<string, unknown> }> } };
}

export function toServerError(thrown: unknown): ServerError {
	// Anything can be thrown; it is read only through `?.`, so no value makes this throw.
	const e = thrown as ClientError | null | undefined;
	const first = e?.response?.data?.errors?.[0];
	return {
		status: e?.response?.status ?? null,
		code: first?.extensions?.code ?? null,
		message: first?.message ?? String(e?.message ?? thrown),
		extensions: first?.extensions ?? {},
	};
}

export function useIuApi() {
	const api = useApi();
	const get = async <T>(path: string, params?: Record<string, unknown>): Promise<T> => (await api.get(`/iu-cutter${path}`, { params })).data.data;
	const post = async <T>(path: string, body: unknown, headers?: Record<string, string>): Promise<T> =>
		(await api.post(`/iu-cutter${path}`, body, headers ? { headers } : undefined)).data.data;
	return {
		api,
		get,
		post,
		documents: async () =>
			(await api.get('/items/legal_document', { params: { fields: ['id', 'doc_code', 'slug', 'title', 'language'], sort: ['doc_code'], limit: -1 } })).data
				.data as DocumentOption[],
	};
}

/** A document as the pages list it (GET /items/legal_document with these fields): the server's DocumentHead. */
export type DocumentOption = DocumentHead;

/** Ledger rows name users by id; the server sends a map of the people involved. */
export function nameOf(people: Record<string, string> | undefined, id: string | null | undefined): string {
	if (!id) return '—';
	return people?.[id] ?? id;
}

/** The core's messages name actors by id; show their names instead. */
export function withNames(text: string | undefined, people: Record<string, string> | undefined): string {
	if (!text) return '';
	let out = text;
	for (const [id, name] of Object.entries(people ?? {})) out = out.split(id).join(name);
	return out;
}

/**
 * 409 IU_POSITIONS_PENDING: the document waits for its position upgrade (iu0011); pages show PositionsPending.vue.
 * Narrowed to that code: where it is false, `e` is still any other ServerError (a `v-else-if` shows it).
 */
export const isPositionsPending = (e: ServerError | null | undefined): e is ServerError & { code: 'IU_POSITIONS_PENDING' } => e?.code === 'IU_POSITIONS_PENDING';

/**
 * Saves a proof of the transparency log (GET /iu-cutter/tlog/proof?…) as the file the server names, fetched with
 * the session's own cookie. A refusal is shown as the server's message.
 */
export async function downloadProof(path: string): Promise<void> {
	const r = await fetch(path, { credentials: 'same-origin' });
	if (!r.ok) {
		const body = (await r.json().catch(() => null)) as { errors?: { message?: string }[] } | null;
		window.alert(body?.errors?.[0]?.message ?? `${r.status} ${r.statusText}`);
		return;
	}
	const name = /filename="([^"]+)"/.exec(r.headers.get('content-disposition') ?? '')?.[1] ?? 'ledger.tlog-proof';
	const link = document.createElement('a');
	link.href = URL.createObjectURL(await r.blob());
	link.download = name;
	link.click();
	URL.revokeObjectURL(link.href);
}
