// Sweep: close verified entries, each with a sweep-log row naming the passing verification.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { LedgerWriter } from '../lib/ledger.js';
import { sealedTransaction } from '../lib/seal.js';
import { loadDisowned, owned } from '../lib/disowned.js';
import { nowIso, type Ctx } from './context.js';
import { checkStep, loadEntry, loadHistory } from './entry.js';
import { badRequest } from '../lib/errors.js';
import { policyInForce } from '../lib/trust-policy.js';
import { stepSignature } from './person-signature.js';

/**
 * POST /sweep — `{ entry?, signature? }`: that entry (409 unless verified), or every verified entry. When the trust
 * policy asks for the sweeper's own signature, it is one entry at a time, each signed (person-signature.ts).
 */
export async function sweep(ctx: Ctx, raw: unknown) {
	const body = readBody<{ entry?: string; signature?: unknown }>(
		raw ?? {},
		{ entry: { kind: 'uuid' }, signature: { kind: 'json' } },
		'{ "entry": "<decision_backlog_entry id>" } or {}',
	);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'sweep');
	const now = nowIso(ctx);
	return sealedTransaction(ctx.knex, async (trx) => {
		const disowned = await loadDisowned(trx);
		const entries: { id: string; manifest_sha256: string }[] = body.entry
			? [await loadEntry(trx, body.entry, disowned)]
			: await owned(trx('decision_backlog_entry'), disowned, 'decision_backlog_entry').orderBy('ledger_seq').select('id', 'manifest_sha256');
		const inForce = await policyInForce(trx);
		const w = new LedgerWriter(trx, ctx.core, actor.user, now);
		const swept: { entry: string; sweep_log: string }[] = [];
		for (const entry of entries) {
			const id = entry.id;
			const history = await loadHistory(trx, id, disowned);
			if (!body.entry && history[history.length - 1]?.event !== 'verified') continue;
			checkStep(ctx.core, 'sweep', history, actor.user);
			if (!body.entry && inForce?.policy.signed_acts.includes('sweep')) {
				throw badRequest(
					'The trust policy in force asks for your own signature on each sweep: sweep one entry at a time, { "entry": "…", "signature": … } (the module signs each).',
					{
						field: 'entry',
					},
				);
			}
			const signed = await stepSignature(ctx, trx, inForce, body.signature, actor.user, entry, 'sweep');
			const result = await owned(owned(trx('verify_result'), disowned, 'verify_result', 'verify_result.id'), disowned, 'cut_change_set', 'cut_change_set.id')
				.join('cut_change_set', 'cut_change_set.id', 'verify_result.change_set')
				.where({ 'cut_change_set.entry': id, 'verify_result.outcome': 'passed' })
				.orderBy('verify_result.ledger_seq', 'desc')
				.first('verify_result.id as id');
			const log = w.add('decision_backlog_sweep_log', { entry: id, verify_result: result.id, swept_by: actor.user, outcome: 'closed' });
			w.add('decision_backlog_history', {
				entry: id,
				event: 'swept',
				actor: actor.user,
				detail: JSON.stringify({ sweep_log: log, ...(signed ? { person_signature: signed } : {}) }),
			});
			swept.push({ entry: id, sweep_log: log });
		}
		await w.flush();
		return { swept };
	});
}
