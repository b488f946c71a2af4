// Read-only views for reviewers and auditors: one entry with its whole story,
// and a check of the entire ledger chain. Rows an incident disowned do not make
// an entry's state; they are still shown, flagged with the incident.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { documentDrift } from '../lib/ledger-audit.js';
import { runAudit } from '../lib/audit-worker.js';
import { badRequest, notFound } from '../lib/errors.js';
import { disownedBy, disownedIds, loadDisowned, owned } from '../lib/disowned.js';
import { DOCUMENT, LOGICAL_UNIT } from '../lib/collections.js';
import { abilitiesFor } from './abilities.js';
import { progressOf, type Ctx } from './context.js';
import { loadEntry, loadHistory, type EntryRow } from './entry.js';
import { DOCUMENT_HEAD, type DocumentHead } from '../lib/store.js';
import { BLOCK_ACTIONS, MANIFEST_PAGE_DEFAULT, MANIFEST_PAGE_MAX, manifestPage } from './manifest-pages.js';
import { withNotes } from './events.js';
import { withSigners } from './agent-signature.js';
import { reviewSigning } from './person-signature.js';
import { openProposal, policyBefore, policyHistory } from '../lib/trust-policy.js';
import { goAheadSigner } from './go-ahead.js';
import { peopleOf } from './people.js';
import { agentsStatus } from './agents.js';

/** The entry's change set, as GET /entries/:id answers it. */
interface ChangeSetRow {
	id: string;
	executor: string;
	units_written: number;
	aliases_written: number;
	result_sha256: string;
	recorded_at: string;
}
/** A review of the entry. */
interface ReviewRow {
	id: string;
	decision: string;
	reviewer: string;
	manifest_sha256: string;
	comment: string | null;
	recorded_at: string;
	ledger_seq: number;
	entry: string;
	actor_signature: string | null;
}
/** A VERIFY of the entry's change set; `violations` as the ledger holds them (JSON text). */
interface VerifyResultRow {
	id: string;
	verifier: string;
	outcome: string;
	violations: string;
	recorded_at: string;
}
/** An entry this one depends on. */
interface DependencyRow {
	depends_on: string;
	kind: string;
}

/** GET /entries/:id — the entry, its state, history, reviews, change set and verifications. */
export async function entryStatus(ctx: Ctx, raw: unknown) {
	const { entry: id } = readBody<{ entry: string }>(raw, { entry: { kind: 'uuid', required: true } }, '{ "entry": "…" }');
	await requireCapability(ctx.knex, ctx.accountability, 'audit');
	const d = await loadDisowned(ctx.knex);
	const entry: EntryRow | undefined = await ctx.knex('decision_backlog_entry').where({ id }).first();
	if (!entry) throw notFound('decision_backlog_entry', id);
	const history = await loadHistory(ctx.knex, id, d);
	const changeSet: ChangeSetRow | undefined = await owned(ctx.knex('cut_change_set').where({ entry: id }), d, 'cut_change_set').first(
		'id',
		'executor',
		'units_written',
		'aliases_written',
		'result_sha256',
		'recorded_at',
	);
	const reviews: ReviewRow[] = await owned(ctx.knex('review_decision').where({ entry: id }), d, 'review_decision')
		.orderBy('ledger_seq')
		.select('id', 'decision', 'reviewer', 'manifest_sha256', 'comment', 'recorded_at', 'ledger_seq', 'entry', 'actor_signature');
	const verifyResults: VerifyResultRow[] = changeSet
		? await owned(ctx.knex('verify_result').where({ change_set: changeSet.id }), d, 'verify_result')
				.orderBy('ledger_seq')
				.select('id', 'verifier', 'outcome', 'violations', 'recorded_at')
		: [];
	// The rows incidents disowned stay visible, named, beside what counts.
	const disowned = [];
	for (const [collection, columns] of [
		['decision_backlog_history', ['id', 'ledger_seq', 'event', 'actor', 'recorded_at']],
		['review_decision', ['id', 'ledger_seq', 'decision', 'reviewer', 'recorded_at']],
		['cut_change_set', ['id', 'ledger_seq', 'executor', 'recorded_at']],
	] as const) {
		const ids = disownedIds(d, collection);
		if (ids.length === 0) continue;
		const rows: Record<string, unknown>[] = await ctx.knex(collection).where({ entry: id }).whereIn('id', ids).select(columns);
		disowned.push(...rows.map((r) => ({ collection, ...r, incident: disownedBy(d, collection, String(r['id'])) })));
	}
	const state = history[history.length - 1]?.event ?? null;
	// What the caller may do next, for the admin module; each step re-checks on the server.
	const abilities = await abilitiesFor(
		ctx,
		history,
		((await ctx.knex('manifest_envelope').where({ entry: id }).first('envelope_json')) as { envelope_json?: string } | undefined)?.envelope_json ?? null,
	);
	// Every trust policy version, read once: who signed each step, and whether a review here must be signed.
	const policies = await policyHistory(ctx.knex);
	// Each review as the page shows it; a go-ahead with who signed it (go-ahead.ts), under the policy in force then.
	const shown = reviews.map((r) => ({
		id: r.id,
		decision: r.decision,
		reviewer: r.reviewer,
		manifest_sha256: r.manifest_sha256,
		comment: r.comment,
		recorded_at: r.recorded_at,
		...(r.decision === 'go_ahead' ? { signer: goAheadSigner(ctx.core, policyBefore(policies, r.ledger_seq), r) } : {}),
	}));
	const agents = await agentsStatus(ctx.knex, entry, state, shown, { user: ctx.accountability?.user ?? null, mayReview: abilities.review.visible });
	const document: DocumentHead | undefined = await ctx
		.knex(DOCUMENT)
		.where({ id: entry.document })
		.first(...DOCUMENT_HEAD);
	// Each step with who signed it: an agent's own key (checked) or the server alone (agent-signature.ts).
	const noted = await withSigners(ctx, entry, await withNotes(ctx.knex, history), policies);
	const dependsOn: DependencyRow[] = await ctx.knex('decision_backlog_dependency').where({ entry: id }).select('depends_on', 'kind');
	return {
		entry,
		disowned_by: disownedBy(d, 'decision_backlog_entry', id) ?? null,
		disowned,
		document: document ?? null,
		state,
		history: noted,
		reviews: shown,
		change_set: changeSet ?? null,
		verify_results: verifyResults,
		depends_on: dependsOn,
		abilities,
		// Which agent acts next and what the agents did (governance/agents.ts).
		agents,
		// Whether a review must be signed with the reviewer's passkey, and whether the caller can (person-signature.ts).
		signing: reviewSigning(ctx, policies[policies.length - 1], await openProposal(ctx.knex)),
		people: await peopleOf(ctx.knex, [
			entry.submitted_by,
			...history.map((h) => h.actor),
			changeSet?.executor,
			...verifyResults.map((v) => v.verifier),
			...reviews.map((r) => r.reviewer),
			agents.last?.agent.id,
		]),
	};
}

const ENTRY_LIST_LIMIT = 200;

/** One entry of GET /entries as the list query selects it (timestamps as the database driver returns them). */
interface EntryListRow {
	id: string;
	kind: string;
	title: string;
	manifest_sha256: string;
	submitted_by: string;
	recorded_at: string | Date;
	document: string;
	doc_code: string | null;
}

/**
 * The envelope text of iu0011's position upgrades holds `"positions_upgrade":true`. Canonical JSON has no blanks, and a
 * quote inside a string value is written `\"`, so only the envelope's own field matches (the core omits it when false).
 */
const UPGRADE_MARK = '%"positions_upgrade":true%';

/**
 * GET /entries?document=&state=&positions_upgrade= — the backlog, newest first, each with its current state and
 * whether it is a position upgrade (iu0011); `positions_upgrade=true` lists only those, `false` only the others.
 */
export async function listEntries(ctx: Ctx, raw: unknown) {
	const q = readBody<{ document?: string; state?: string; positions_upgrade?: 'true' | 'false' }>(
		raw,
		{
			document: { kind: 'uuid' },
			state: { kind: 'enum', values: ['submitted', 'approved', 'rejected', 'cut', 'verified', 'verify_failed', 'swept'] },
			positions_upgrade: { kind: 'enum', values: ['true', 'false'] },
		},
		'?document=<legal_document id>&state=submitted&positions_upgrade=true',
	);
	await requireCapability(ctx.knex, ctx.accountability, 'audit');
	const d = await loadDisowned(ctx.knex);
	let query = owned(ctx.knex('decision_backlog_entry as e'), d, 'decision_backlog_entry', 'e.id')
		.leftJoin(`${DOCUMENT} as d`, 'd.id', 'e.document')
		.orderBy('e.ledger_seq', 'desc')
		.limit(ENTRY_LIST_LIMIT)
		.select('e.id', 'e.kind', 'e.title', 'e.manifest_sha256', 'e.submitted_by', 'e.recorded_at', 'e.document', 'd.doc_code');
	// An entry's state is its latest history event the workflow wrote (disowned ones count for nothing).
	const forged = disownedIds(d, 'decision_backlog_history');
	const latestEvents = () =>
		owned(ctx.knex('decision_backlog_history as h'), d, 'decision_backlog_history', 'h.id').whereRaw(
			`h.ledger_seq = (select max(h2.ledger_seq) from decision_backlog_history h2 where h2.entry = h.entry${forged.length ? ` and h2.id not in (${forged.map(() => '?').join(', ')})` : ''})`,
			forged,
		);
	if (q.document) query = query.where('e.document', q.document);
	if (q.state) query = query.whereIn('e.id', latestEvents().where('h.event', q.state).select('h.entry'));
	const upgrades = () => owned(ctx.knex('manifest_envelope as m'), d, 'manifest_envelope', 'm.id').where('m.envelope_json', 'like', UPGRADE_MARK);
	if (q.positions_upgrade === 'true') query = query.whereIn('e.id', upgrades().select('m.entry'));
	if (q.positions_upgrade === 'false') query = query.whereNotIn('e.id', upgrades().select('m.entry'));
	const entries: EntryListRow[] = await query;
	const latest: Array<{ entry: string; event: string }> =
		entries.length === 0
			? []
			: await latestEvents()
					.whereIn(
						'h.entry',
						entries.map((e) => e.id),
					)
					.select('h.entry', 'h.event');
	const state = new Map(latest.map((r) => [r.entry, r.event]));
	const upgrade = new Set<string>(
		entries.length === 0
			? []
			: (
					await upgrades()
						.whereIn(
							'm.entry',
							entries.map((e) => e.id),
						)
						.select('m.entry')
				).map((r: { entry: string }) => r.entry),
	);
	const rows: Array<EntryListRow & { state: string | null; positions_upgrade: boolean }> = entries.map((e) => ({
		...e,
		state: state.get(e.id) ?? null,
		positions_upgrade: upgrade.has(e.id),
	}));
	return {
		entries: rows,
		people: await peopleOf(
			ctx.knex,
			rows.map((r) => r.submitted_by),
		),
		limit: ENTRY_LIST_LIMIT,
	};
}

/**
 * GET /entries/:id/manifest?offset=&limit=&hide_position_only= — the manifest as reviewed: its sha256 re-checked
 * by the core, its envelope, counts per action, what it changes (`changes`, change-summary.ts) and total, and a page
 * of its blocks (without offset/limit: all of them up to MANIFEST_FULL_BLOCKS, as before paging; above, the first
 * page). `hide_position_only=true` pages through the blocks that change more than their position.
 */
export async function entryManifest(ctx: Ctx, raw: unknown) {
	const q = readBody<{ entry: string; offset?: number; limit?: number; hide_position_only?: 'true' | 'false'; action?: string; instruction?: string; manual?: 'true' | 'false' }>(
		raw,
		{
			entry: { kind: 'uuid', required: true },
			offset: { kind: 'integer', min: 0, example: '0' },
			limit: { kind: 'integer', min: 1, max: MANIFEST_PAGE_MAX, example: String(MANIFEST_PAGE_DEFAULT) },
			// From a query string: text.
			hide_position_only: { kind: 'enum', values: ['true', 'false'] },
			// One action or several, comma-separated: `update,create`.
			action: { kind: 'string', example: 'update,create' },
			// The ref of an amending instruction, as blocks name it in `amended_by`.
			instruction: { kind: 'string', example: '55-2023-nd-cp/dieu-1/khoan-2' },
			manual: { kind: 'enum', values: ['true', 'false'] },
		},
		`/entries/<id>/manifest?offset=0&limit=${MANIFEST_PAGE_DEFAULT}&hide_position_only=true&action=update`,
	);
	const actions =
		q.action === undefined
			? undefined
			: q.action
					.split(',')
					.map((a) => a.trim())
					.filter(Boolean);
	const unknown = actions?.filter((a) => !BLOCK_ACTIONS.includes(a)) ?? [];
	if (unknown.length)
		throw badRequest(`"action" names ${unknown.map((a) => `"${a}"`).join(', ')}, not a block action; use one or more of ${BLOCK_ACTIONS.join(', ')}, comma-separated.`, {
			field: 'action',
		});
	await requireCapability(ctx.knex, ctx.accountability, 'audit');
	const d = await loadDisowned(ctx.knex);
	const entry = await loadEntry(ctx.knex, q.entry, d);
	return manifestPage(ctx.knex, ctx.core, entry, d, {
		offset: q.offset,
		limit: q.limit,
		hidePositionOnly: q.hide_position_only === 'true',
		actions,
		instruction: q.instruction,
		manual: q.manual === 'true',
	});
}

/**
 * GET /ledger/verify — the whole chain from its first row, streamed page by
 * page through the core: hashes, links, signed checkpoints, the witness file.
 * Reads without a lock, in a worker thread on PostgreSQL: writers go on meanwhile.
 */
export async function verifyLedger(ctx: Ctx, _raw: unknown) {
	await requireCapability(ctx.knex, ctx.accountability, 'audit');
	const { report: r, runner } = await runAudit(ctx.knex, ctx.core, { kind: 'chain' }, ctx.logger, progressOf(ctx));
	return {
		runner,
		rows: r.rows_checked,
		passed: r.passed,
		to_seq: r.to_seq,
		checkpoints: r.checkpoints_checked,
		violation_count: r.violation_count,
		violations: r.violations,
		warnings: r.warnings,
	};
}

/**
 * POST /audit (and GET /audit, and the Flows action "audit") — `{ document? }`.
 * With a document: its units and aliases against the ledger's last
 * after-images. Without: the whole chain and the whole store, streamed with
 * bounded memory. Reads only; every difference is named (unit or alias,
 * field, expected, found).
 */
export async function audit(ctx: Ctx, raw: unknown) {
	const body = readBody<{ document?: string }>(raw, { document: { kind: 'uuid' } }, '{ "document": "<legal_document id>" } or {} for the whole store');
	await requireCapability(ctx.knex, ctx.accountability, 'audit');
	if (body.document) {
		if (!(await ctx.knex(DOCUMENT).where({ id: body.document }).first('id'))) throw notFound('legal_document', body.document);
		const progress = progressOf(ctx);
		const units = await ctx.knex(LOGICAL_UNIT).where({ document: body.document }).count({ n: '*' }).first();
		progress.phase('comparing the document with the ledger', Number(units?.['n'] ?? 0));
		const drift = await documentDrift(ctx.knex, body.document, undefined, progress);
		return { scope: 'document', document: body.document, passed: drift.passed, drift };
	}
	const { report, runner } = await runAudit(ctx.knex, ctx.core, { kind: 'store' }, ctx.logger, progressOf(ctx));
	return { scope: 'store', runner, passed: report.chain.passed && report.drift.passed, chain: report.chain, drift: report.drift };
}
