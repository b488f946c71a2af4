// The go-ahead: an institution may have the executor agent wait, before each CUT, for a person
// to say "go ahead" (IU_AGENT_GO_AHEAD, governance/agents.ts), as the system iu-cutter replaces
// required. The go-ahead is a `review_decision` row with decision `go_ahead` (iu0012): the
// person's second word on the very manifest sha256 that was approved, chained and signed in the
// ledger as theirs. It writes no history event, so the entry stays `approved` until the CUT.
//
// Who may give it: someone holding the review capability, who did not submit the manifest.
// The go-ahead releases a change into the unit store; the person who proposed the change must
// never be the one who lets it through (the same two-person rule as reviewer ≠ submitter, which
// the core applies to the review itself). The reviewer who approved may give it: within the
// free licence's seats an institution often has one reviewer, and the go-ahead asks "apply it
// now", not a second opinion on the text — a second opinion is what the review was.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { conflict, forbidden } from '../lib/errors.js';
import { LedgerWriter } from '../lib/ledger.js';
import { loadDisowned, owned } from '../lib/disowned.js';
import { sealedTransaction } from '../lib/seal.js';
import { nowIso, type Ctx } from './context.js';
import { checkStep, loadEntry, loadHistory } from './entry.js';

interface GoAheadBody {
	entry: string;
	manifest_sha256: string;
	comment?: string;
}

/** POST /go-ahead — `{ entry, manifest_sha256, comment? }`: lets the executor agent CUT an approved entry. */
export async function goAhead(ctx: Ctx, raw: unknown) {
	const body = readBody<GoAheadBody>(
		raw,
		{
			entry: { kind: 'uuid', required: true },
			manifest_sha256: { kind: 'sha256', required: true },
			comment: { kind: 'text' },
		},
		'{ "entry": "…", "manifest_sha256": "…", "comment": "…" }',
	);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'review');
	const now = nowIso(ctx);
	return sealedTransaction(ctx.knex, async (trx) => {
		const disowned = await loadDisowned(trx);
		const entry = await loadEntry(trx, body.entry, disowned);
		const history = await loadHistory(trx, entry.id, disowned);
		// The CUT's own state rule: only an approved entry, not yet applied, waits for a go-ahead.
		checkStep(ctx.core, 'cut', history, actor.user);
		if (sameActor(entry.submitted_by, actor.user)) {
			throw forbidden(
				`Two-person rule: the go-ahead for a CUT is never given by the person who submitted the manifest; this entry was submitted by ${entry.submitted_by}. Ask a reviewer.`,
				{
					rule: 'go-ahead ≠ submitter',
				},
			);
		}
		if (entry.manifest_sha256 !== body.manifest_sha256) {
			throw conflict(
				'IU_MANIFEST_MISMATCH',
				`Entry ${entry.id} is manifest ${entry.manifest_sha256}, not ${body.manifest_sha256}: give the go-ahead for the manifest the entry holds.`,
				{
					claimed: body.manifest_sha256,
					expected: entry.manifest_sha256,
				},
			);
		}
		const given = await owned(trx('review_decision').where({ entry: entry.id, decision: 'go_ahead' }), disowned, 'review_decision').first('id', 'reviewer', 'recorded_at');
		if (given) {
			throw conflict(
				'IU_GO_AHEAD_GIVEN',
				`Entry ${entry.id} already has its go-ahead (given by ${given.reviewer} at ${given.recorded_at}); the executor agent cuts it, or a person with the executor's capability does.`,
				{
					review_decision: given.id,
				},
			);
		}
		const w = new LedgerWriter(trx, ctx.core, actor.user, now);
		const decision = w.add('review_decision', {
			entry: entry.id,
			manifest_sha256: entry.manifest_sha256,
			decision: 'go_ahead',
			reviewer: actor.user,
			comment: body.comment ?? null,
		});
		await w.flush();
		return { entry: entry.id, state: 'approved', go_ahead: decision, given_by: actor.user, at: now };
	});
}

/** The core's comparison of actors (workflow.rs): trimmed, ASCII case-insensitive. */
const sameActor = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
