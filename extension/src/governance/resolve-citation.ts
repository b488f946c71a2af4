// resolve(citation, at): the units a citation in a text of date `at` cites. The core finds the
// citations in the text (findCitations, the finder the benchmark measures) and answers each
// address they list at the citing date (core::citations::resolve, through the warm resolvers of
// resolvers.ts): what the alias index says (renumbering followed: a citation of an article since
// renumbered finds today's unit), or why it cites none: unknown-document, no-such-unit,
// not-yet-in-force (with when it is). This module loads and assembles; the rules are the core's.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { badRequest } from '../lib/errors.js';
import { unwrap } from '../lib/outcome.js';
import { nowIso, type Ctx } from './context.js';
import type { Citation, CitedAddress } from '../core-types/index.js';
import type { WarmResolvers } from './resolvers.js';

interface CitationBody {
	citation: string;
	at?: string;
	document?: string;
	context?: string;
}

/** Longest citation text read in one request (characters): a passage, not a whole law. */
const MAX_CITATION = 20_000;

/** A checked citation request. */
export interface CitationRequest {
	citation: string;
	at?: string;
	/** Slug or code of the citing document: the document of `Luật này` and of citations naming none. */
	document?: string;
	/** Address of the citing unit, for relative citations (`khoản 1 Điều này`). */
	context?: string;
}

const EXAMPLE = '{ "citation": "khoản 1 Điều 44 Bộ luật số 45/2019/QH14", "at": "2026-01-01T00:00:00Z" }';

/** Whether a body or query asks about a citation (rather than an address). */
export const asksCitation = (raw: unknown) => raw !== null && typeof raw === 'object' && 'citation' in (raw as object);

/** Reads `{ citation, at?, document?, context? }`; throws the 400 naming the field at fault. */
export function readCitationRequest(raw: unknown, core: Ctx['core']): CitationRequest {
	const body = readBody<CitationBody>(
		raw,
		{
			citation: { kind: 'text', required: true, nullable: false, example: '"khoản 1 Điều 44 Bộ luật số 45/2019/QH14"' },
			at: { kind: 'datetime', nullable: false },
			document: { kind: 'string', nullable: false, example: '"45/2019/QH14" or "45-2019-qh14"' },
			context: { kind: 'string', nullable: false, example: '"45-2019-qh14/dieu-44/khoan-3"' },
		},
		EXAMPLE,
	);
	if (body.citation.trim() === '') throw badRequest(`"citation" is empty; send the citing text, e.g. ${EXAMPLE}.`, { field: 'citation' });
	if (body.citation.length > MAX_CITATION)
		throw badRequest(`"citation" holds ${body.citation.length} characters; at most ${MAX_CITATION} per request (send the passage that cites, not the whole text).`, {
			field: 'citation',
		});
	if (body.document !== undefined) {
		const slug = core.normalizeDocCode({ input: body.document }) as { ok: boolean; error?: { reason: string; hint: string } };
		if (!slug.ok) throw badRequest(`"document" is not a document code or slug: ${slug.error!.reason}. ${slug.error!.hint}.`, { field: 'document' });
	}
	if (body.context !== undefined) {
		const parsed = core.parseAddress({ input: body.context }) as { ok: boolean; error?: { reason: string; hint: string } };
		if (!parsed.ok) throw badRequest(`"context" must be the canonical address of the citing unit: ${parsed.error!.reason}. ${parsed.error!.hint}.`, { field: 'context' });
	}
	return {
		citation: body.citation,
		...(body.at !== undefined ? { at: body.at } : {}),
		...(body.document !== undefined ? { document: body.document } : {}),
		...(body.context !== undefined ? { context: body.context } : {}),
	};
}

const slugOf = (address: string) => {
	const slash = address.indexOf('/');
	return slash < 0 ? address : address.slice(0, slash);
};

/** POST /resolve `{ citation, at?, document?, context? }`, GET /resolve?citation=…: `{ at, citations: [{ text, span, addresses, problem? }] }`. */
export async function resolveCitation(ctx: Ctx, raw: unknown, warm: () => WarmResolvers) {
	const request = readCitationRequest(raw, ctx.core);
	await requireCapability(ctx.knex, ctx.accountability, 'resolve');
	const at = request.at ?? nowIso(ctx);
	const vocabulary = request.document === undefined ? undefined : await vocabularyOf(ctx, request.document);
	const found = unwrap('find citations', ctx.core.findCitations({ text: request.citation, currentDoc: request.document, context: request.context, vocabulary }), 400);
	const citations = found.citations as Citation[];
	// Each cited document's addresses in one crossing, through its warm resolver; a slug no
	// document has is answered by the core too (unknown-document).
	const bySlug = new Map<string, Set<string>>();
	for (const c of citations) for (const a of c.addresses) bySlug.set(slugOf(a), (bySlug.get(slugOf(a)) ?? new Set()).add(a));
	const answers = new Map<string, CitedAddress>();
	const cache = warm();
	for (const [slug, set] of bySlug) {
		const list = JSON.stringify([...set]);
		const answered =
			(await cache.with(ctx.knex, slug, (resolver) => unwrap('resolve cited addresses', resolver.resolveCited({ addresses: list, at }), 400))) ??
			unwrap('resolve cited addresses', ctx.core.citedInUnknownDocument({ addresses: list }), 400);
		for (const a of answered.addresses) answers.set(a.address, a);
	}
	return {
		at,
		citations: citations.map((c) => ({
			text: c.text,
			span: c.span,
			addresses: c.addresses.map((a) => answers.get(a)!),
			...(c.problem ? { problem: c.problem } : {}),
		})),
	};
}

/** The citing document's vocabulary when it is in the store and shipped; otherwise every shipped one (undefined). */
async function vocabularyOf(ctx: Ctx, document: string): Promise<string | undefined> {
	const slug = ctx.core.normalizeDocCode({ input: document }) as { ok: boolean; slug?: string };
	if (!slug.ok) return undefined;
	const row = (await ctx.knex('legal_document').where({ slug: slug.slug }).first('vocabulary')) as { vocabulary?: string } | undefined;
	const id = row?.vocabulary;
	if (!id) return undefined;
	// A vocabulary the core does not ship (a custom one) reads as all shipped ones.
	return (ctx.core.findCitations({ text: '', vocabulary: id }) as { ok: boolean }).ok ? id : undefined;
}
