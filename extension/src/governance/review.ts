// Review: approve or reject one manifest sha256. The reviewer is never the submitter (core rule).
// An approval acknowledges, by their refs, the instructions of the amending laws the manifest
// does not apply, those the editor marked as applied by hand (with the editor's note), and the
// passages of them the reader could not read (core review::check_acknowledged): the core applied
// none of them, and an approval that never saw them would pass a text the amending law may not
// give. The acknowledged refs, and the by-hand marks with their notes, are kept in the approval's
// ledger row (decision_backlog_history.detail), signed with it.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { badRequest, conflict } from '../lib/errors.js';
import { loadDisowned, owned } from '../lib/disowned.js';
import { LedgerWriter } from '../lib/ledger.js';
import { sealedTransaction } from '../lib/seal.js';
import { nowIso, type Ctx } from './context.js';
import { checkStep, loadEntry, loadHistory } from './entry.js';
import { outstandingOf } from './manifest-pages.js';
import { personSignature } from './person-signature.js';
import { policyInForce } from '../lib/trust-policy.js';
import type { Knex } from 'knex';

interface ReviewBody {
	entry: string;
	decision: 'approve' | 'reject';
	manifest_sha256: string;
	comment?: string;
	acknowledged?: string[];
	signature?: unknown;
}

/**
 * POST /review — `{ entry, decision: "approve"|"reject", manifest_sha256, comment?, acknowledged?, signature? }`.
 * `signature`: the reviewer's own, when the trust policy in force asks for it (person-signature.ts). `acknowledged`: the refs
 * of GET /entries/:id/manifest's `outstanding` (every one, for an approval; a rejection needs none).
 */
export async function review(ctx: Ctx, raw: unknown) {
	const body = readBody<ReviewBody>(
		raw,
		{
			entry: { kind: 'uuid', required: true },
			decision: { kind: 'enum', values: ['approve', 'reject'], required: true },
			manifest_sha256: { kind: 'sha256', required: true },
			comment: { kind: 'text' },
			acknowledged: { kind: 'json' },
			signature: { kind: 'json' },
		},
		'{ "entry": "…", "decision": "approve", "manifest_sha256": "…" }',
	);
	const acknowledged = body.acknowledged ?? [];
	if (!Array.isArray(acknowledged) || acknowledged.some((r) => typeof r !== 'string' || r.length === 0)) {
		throw badRequest('"acknowledged" must be an array of refs, such as ["55-2023-nd-cp/dieu-1/khoan-9"]: those GET /iu-cutter/entries/<id>/manifest lists under `outstanding`.', {
			field: 'acknowledged',
		});
	}
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
		// The reviewer's own signature, when the trust policy in force asks for it (person-signature.ts).
		const signed = await personSignature(ctx, trx, await policyInForce(trx), body.signature, actor.user, entry.id, body.decision, entry.manifest_sha256);
		const { refs, byHand } = body.decision === 'approve' ? await checkAcknowledged(ctx, trx, entry.id, acknowledged) : { refs: [], byHand: [] };
		const w = new LedgerWriter(trx, ctx.core, actor.user, now);
		const decision = w.add('review_decision', {
			entry: entry.id,
			manifest_sha256: entry.manifest_sha256,
			decision: body.decision,
			reviewer: actor.user,
			comment: body.comment ?? null,
		});
		const event = body.decision === 'approve' ? 'approved' : 'rejected';
		w.add('decision_backlog_history', {
			entry: entry.id,
			event,
			actor: actor.user,
			detail: JSON.stringify({
				review_decision: decision,
				...(refs.length ? { acknowledged: refs } : {}),
				...(byHand.length ? { by_hand: byHand } : {}),
				...(signed ? { person_signature: signed } : {}),
			}),
		});
		await w.flush();
		return { entry: entry.id, state: event, review_decision: decision, ...(refs.length ? { acknowledged: refs } : {}), ...(byHand.length ? { by_hand: byHand } : {}) };
	});
}

/**
 * The refs the approval acknowledges, once the core found they are exactly what the manifest leaves undone, and what
 * of it the editor marked as done by hand, with the editor's notes (kept in the signed approval); else 409.
 */
async function checkAcknowledged(ctx: Ctx, trx: Knex, entry: string, acknowledged: string[]): Promise<{ refs: string[]; byHand: Array<{ ref: string; note: string }> }> {
	const d = await loadDisowned(trx);
	const env = await owned(trx('manifest_envelope').where({ entry }), d, 'manifest_envelope').orderBy('ledger_seq').first('envelope_json');
	// No envelope: the approval's own checks (and the CUT's) refuse the entry; there is nothing to acknowledge here.
	if (!env) return { refs: [], byHand: [] };
	const r = ctx.core.checkAcknowledged({ envelope: env.envelope_json, acknowledged: JSON.stringify(acknowledged) });
	const outstanding = outstandingOf(ctx.core, env.envelope_json);
	const byHand = [
		...outstanding.by_hand.map((s) => ({ ref: s.ref, note: s.note })),
		...outstanding.unread.flatMap((u) => (u.by_hand != null ? [{ ref: u.ref, note: u.by_hand }] : [])),
	];
	if (r.ok) return { refs: r.acknowledged, byHand };
	throw conflict('IU_REVIEW_UNACKNOWLEDGED', `Approval of entry ${entry} refused: ${r.error.reason}. Fix: ${r.error.hint}.`, {
		core: r.error,
		not_applied: outstanding.not_applied.map((s) => s.ref),
		by_hand: outstanding.by_hand.map((s) => s.ref),
		unread: outstanding.unread.map((u) => u.ref),
	});
}
