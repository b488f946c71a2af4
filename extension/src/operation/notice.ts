// The Directus notification a manual flow's run leaves its user: what the step did (or why it was refused) and a
// link to the module page with more to see. Directus 12.4's app shows nothing of a manual flow's result — only
// "Flow triggered" — but refreshes the user's notification count when the flow ends, so the bell shows this at once.
import catalog from '../i18n/messages/flows.ts';
import { TABLES, translate, type Lang } from '../i18n/translate.ts';

import type { Knex } from 'knex';
import type { DirectusServices } from '../lib/services.js';

type Key = keyof typeof catalog.en;

const say = (lang: Lang, key: Key, params?: Record<string, string | number>): string => translate(lang, `flows.${key}`, params);

interface Deps {
	database: Knex;
	services: DirectusServices;
	getSchema: () => Promise<unknown>;
	logger?: { warn(message: string): void };
}

/**
 * What a notice reads of a step's result: each action's endpoint answers its own shape, and only these fields, where
 * present, are shown (every read goes through `?.`, so a result without one reads as missing).
 */
interface StepResult {
	entry?: unknown;
	submitted?: { entry?: unknown } | null;
	document?: { id?: unknown; doc_code?: string } | null;
	gates?: { passed?: boolean } | null;
	counts?: Record<string, number>;
	manifest_sha256?: string;
	summary?: { applied: number; instructions: number } | null;
	state?: string;
	units_written?: number;
	passed?: boolean;
}

/** The module page a step's result is best read on. */
function pageOf(action: string, body: Record<string, unknown>, result: StepResult | null | undefined): string | null {
	const entry = result?.entry ?? result?.submitted?.entry ?? body['entry'];
	if (['review', 'cut', 'verify', 'sweep', 'rollback', 'submit', 'amend/submit', 'crosswalk/submit', 'repair'].includes(action) && typeof entry === 'string')
		return `/admin/iu-cutter/entries/${entry}`;
	const document = result?.document?.id ?? body['document'];
	const q = typeof document === 'string' ? `?document=${encodeURIComponent(document)}` : '';
	if (action === 'preview') return `/admin/iu-cutter/preview${q}`;
	if (action === 'amend/preview') return `/admin/iu-cutter/amend${q}`;
	if (action === 'crosswalk/preview') return `/admin/iu-cutter/crosswalk${q}`;
	return null;
}

const counted = (counts: Record<string, number> | undefined, lang: Lang) => {
	const parts = Object.entries(counts ?? {})
		.filter(([, n]) => n > 0)
		// The block's action in the user's language ("2 sửa đổi"), as the module's chips name it.
		.map(([k, n]) => `${n} ${TABLES[lang].has(`common.action.${k}`) ? translate(lang, `common.action.${k}`) : k}`);
	return parts.length ? parts.join(', ') : say(lang, 'notice.no_change');
};

/** The step in words of the user's language ("xem trước bản cắt", not "preview"); an action the catalog does not know as it is named. */
export function actionWord(lang: Lang, action: string): string {
	const key = `notice.action.${action}`;
	return key in catalog.en ? say(lang, key as Key) : action;
}

/** The notification's subject and Markdown message for a step that ended (`result`) or was refused (`error`). */
export function noticeText(lang: Lang, action: string, body: Record<string, unknown>, stepResult: unknown, error: unknown): { subject: string; message: string } {
	const result = stepResult as StepResult | null | undefined;
	const word = actionWord(lang, action);
	const page = pageOf(action, body, result);
	const link = page ? `\n\n[${say(lang, 'notice.open')}](${page})` : '';
	if (error) {
		// An Error, a Directus error, or whatever else was thrown: its message if it has one.
		const message = String((error as { message?: unknown }).message ?? error);
		return { subject: say(lang, 'notice.refused', { action: word }), message: `${message}${link}` };
	}
	const doc = result?.document?.doc_code ?? '';
	let line: string;
	if (action === 'preview' || action === 'amend/preview') {
		line = say(lang, result?.gates?.passed ? 'notice.preview_passed' : 'notice.preview_failed', {
			document: doc,
			changes: counted(result?.counts, lang),
			sha: String(result?.manifest_sha256 ?? '').slice(0, 12),
		});
		if (action === 'amend/preview' && result?.summary)
			line += ` ${say(lang, 'notice.amend_summary', { applied: result.summary.applied, instructions: result.summary.instructions })}`;
		line += ` ${say(lang, action === 'preview' ? 'notice.preview_next' : 'notice.amend_next')}`;
	} else if (action === 'review') line = say(lang, result?.state === 'approved' ? 'notice.approved' : 'notice.rejected');
	else if (action === 'cut') line = say(lang, 'notice.cut', { units: result?.units_written ?? 0 });
	else if (action === 'verify') line = say(lang, result?.passed ? 'notice.verified' : 'notice.verify_failed');
	else line = say(lang, 'notice.done', { action: word });
	return { subject: say(lang, 'notice.subject', { action: word }), message: `${line}${link}` };
}

/** Writes the notification; a failure to write it is logged, never the step's failure (the step is in the ledger). */
export async function notifyRun(deps: Deps, user: string, action: string, body: Record<string, unknown>, result: unknown, error: unknown): Promise<void> {
	try {
		const who = await deps.database('directus_users').where({ id: user }).first('language');
		const settings = who?.language ? null : await deps.database('directus_settings').first('default_language');
		const lang: Lang = String(who?.language ?? settings?.default_language ?? '')
			.toLowerCase()
			.startsWith('vi')
			? 'vi'
			: 'en';
		const { subject, message } = noticeText(lang, action, body, result, error);
		const item = typeof body['entry'] === 'string' ? body['entry'] : typeof body['document'] === 'string' ? body['document'] : null;
		const collection = typeof body['entry'] === 'string' ? 'decision_backlog_entry' : item ? 'legal_document' : null;
		// As the system: a user may not write directus_notifications, and this one is addressed to themself only.
		// ItemsService rather than NotificationsService, which would also e-mail it (no mail transport is assumed).
		const notifications = new deps.services.ItemsService('directus_notifications', { knex: deps.database, schema: await deps.getSchema(), accountability: null });
		await notifications.createOne({ recipient: user, sender: user, subject, message, collection, item });
	} catch (e) {
		deps.logger?.warn(`iu-cutter: the notification of a flow's "${action}" was not written: ${(e as Error).message}`);
	}
}
