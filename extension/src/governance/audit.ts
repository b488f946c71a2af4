// Read-only views for reviewers and auditors: one entry with its whole story,
// and a check of the entire ledger chain.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { readChain } from '../lib/ledger.js';
import { unwrap } from '../lib/outcome.js';
import type { Ctx } from './context.js';
import { loadEntry, loadHistory } from './entry.js';

/** GET /entries/:id — the entry, its state, history, reviews, change set and verifications. */
export async function entryStatus(ctx: Ctx, raw: unknown) {
	const { entry: id } = readBody<{ entry: string }>(raw, { entry: { kind: 'uuid', required: true } }, '{ "entry": "…" }');
	await requireCapability(ctx.knex, ctx.accountability, 'audit');
	const entry = await loadEntry(ctx.knex, id);
	const history = await loadHistory(ctx.knex, id);
	const changeSet = await ctx.knex('cut_change_set').where({ entry: id }).first('id', 'executor', 'units_written', 'aliases_written', 'result_sha256', 'recorded_at');
	return {
		entry,
		state: history[history.length - 1]?.event ?? null,
		history,
		reviews: await ctx.knex('review_decision').where({ entry: id }).orderBy('ledger_seq').select('id', 'decision', 'reviewer', 'manifest_sha256', 'comment', 'recorded_at'),
		change_set: changeSet ?? null,
		verify_results: changeSet
			? await ctx.knex('verify_result').where({ change_set: changeSet.id }).orderBy('ledger_seq').select('id', 'verifier', 'outcome', 'violations', 'recorded_at')
			: [],
		depends_on: await ctx.knex('decision_backlog_dependency').where({ entry: id }).select('depends_on', 'kind'),
	};
}

/** GET /ledger/verify — the whole chain, checked by the core. */
export async function verifyLedger(ctx: Ctx, _raw: unknown) {
	await requireCapability(ctx.knex, ctx.accountability, 'audit');
	const rows = await readChain(ctx.knex);
	const r = unwrap<{ passed: boolean; violations: unknown[] }>('ledger', ctx.core.verifyLedger(rows, undefined));
	return { rows: rows.length, passed: r.passed, violations: r.violations };
}
