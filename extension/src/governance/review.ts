// Review: approve or reject one manifest sha256. The reviewer is never the submitter (core rule).
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { conflict } from '../lib/errors.js';
import { LedgerWriter } from '../lib/ledger.js';
import { sealedTransaction } from '../lib/seal.js';
import { nowIso, type Ctx } from './context.js';
import { checkStep, loadEntry, loadHistory } from './entry.js';

interface ReviewBody {
	entry: string;
	decision: 'approve' | 'reject';
	manifest_sha256: string;
	comment?: string;
}

/** POST /review — `{ entry, decision: "approve"|"reject", manifest_sha256, comment? }`. */
export async function review(ctx: Ctx, raw: unknown) {
	const body = readBody<ReviewBody>(
		raw,
		{
			entry: { kind: 'uuid', required: true },
			decision: { kind: 'enum', values: ['approve', 'reject'], required: true },
			manifest_sha256: { kind: 'sha256', required: true },
			comment: { kind: 'text' },
		},
		'{ "entry": "…", "decision": "approve", "manifest_sha256": "…" }',
	);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'review');
	const now = nowIso(ctx);
	return sealedTransaction(ctx.knex, async (trx) => {
		const entry = await loadEntry(trx, body.entry);
		checkStep(ctx.core, 'review', await loadHistory(trx, entry.id), actor.user);
		if (entry.manifest_sha256 !== body.manifest_sha256) {
			throw conflict('IU_MANIFEST_MISMATCH', `Entry ${entry.id} is manifest ${entry.manifest_sha256}, not ${body.manifest_sha256}: review the manifest the entry holds.`, {
				claimed: body.manifest_sha256,
				expected: entry.manifest_sha256,
			});
		}
		const w = new LedgerWriter(trx, ctx.core, actor.user, now);
		const decision = w.add('review_decision', { entry: entry.id, manifest_sha256: entry.manifest_sha256, decision: body.decision, reviewer: actor.user, comment: body.comment ?? null });
		const event = body.decision === 'approve' ? 'approved' : 'rejected';
		w.add('decision_backlog_history', { entry: entry.id, event, actor: actor.user, detail: JSON.stringify({ review_decision: decision }) });
		await w.flush();
		return { entry: entry.id, state: event, review_decision: decision };
	});
}
