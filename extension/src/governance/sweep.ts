// Sweep: close verified entries, each with a sweep-log row naming the passing verification.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { LedgerWriter } from '../lib/ledger.js';
import { sealedTransaction } from '../lib/seal.js';
import { loadDisowned, owned } from '../lib/disowned.js';
import { nowIso, type Ctx } from './context.js';
import { checkStep, loadEntry, loadHistory } from './entry.js';

/** POST /sweep — `{ entry? }`: that entry (409 unless verified), or every verified entry. */
export async function sweep(ctx: Ctx, raw: unknown) {
	const body = readBody<{ entry?: string }>(raw ?? {}, { entry: { kind: 'uuid' } }, '{ "entry": "<decision_backlog_entry id>" } or {}');
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'sweep');
	const now = nowIso(ctx);
	return sealedTransaction(ctx.knex, async (trx) => {
		const disowned = await loadDisowned(trx);
		const ids: string[] = body.entry
			? [(await loadEntry(trx, body.entry, disowned)).id]
			: (await owned(trx('decision_backlog_entry'), disowned, 'decision_backlog_entry').orderBy('ledger_seq').select('id')).map((r: { id: string }) => r.id);
		const w = new LedgerWriter(trx, ctx.core, actor.user, now);
		const swept: { entry: string; sweep_log: string }[] = [];
		for (const id of ids) {
			const history = await loadHistory(trx, id, disowned);
			if (!body.entry && history[history.length - 1]?.event !== 'verified') continue;
			checkStep(ctx.core, 'sweep', history, actor.user);
			const result = await owned(owned(trx('verify_result'), disowned, 'verify_result', 'verify_result.id'), disowned, 'cut_change_set', 'cut_change_set.id')
				.join('cut_change_set', 'cut_change_set.id', 'verify_result.change_set')
				.where({ 'cut_change_set.entry': id, 'verify_result.outcome': 'passed' })
				.orderBy('verify_result.ledger_seq', 'desc')
				.first('verify_result.id as id');
			const log = w.add('decision_backlog_sweep_log', { entry: id, verify_result: result.id, swept_by: actor.user, outcome: 'closed' });
			w.add('decision_backlog_history', { entry: id, event: 'swept', actor: actor.user, detail: JSON.stringify({ sweep_log: log }) });
			swept.push({ entry: id, sweep_log: log });
		}
		await w.flush();
		return { swept };
	});
}
