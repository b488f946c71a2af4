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
//
// Under a trust policy that lists `go-ahead` in its signed acts, the go-ahead is signed by the person who gives
// it (their passkey, over the manifest: person-signature.ts), kept in the row's `actor_signature` (iu0017), and
// the executor agent does not cut on a go-ahead whose signature does not hold (goAheadFault).
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { conflict, forbidden } from '../lib/errors.js';
import { LedgerWriter } from '../lib/ledger.js';
import { loadDisowned, owned } from '../lib/disowned.js';
import { sealedTransaction } from '../lib/seal.js';
import { nowIso, type Ctx } from './context.js';
import { checkStep, loadEntry, loadHistory } from './entry.js';
import { isoOf, personSignature } from './person-signature.js';
import { policyAt, policyInForce } from '../lib/trust-policy.js';
import type { Core } from '../lib/core.js';
import { unwrap } from '../lib/outcome.js';
import type { StepSigner } from '../core-types/index.js';
import type { Knex } from 'knex';

interface GoAheadBody {
	entry: string;
	manifest_sha256: string;
	comment?: string;
	signature?: unknown;
}

/**
 * POST /go-ahead — `{ entry, manifest_sha256, comment?, signature? }`: lets the executor agent CUT an approved entry.
 * `signature`: the person's own, when the trust policy in force asks for it.
 */
export async function goAhead(ctx: Ctx, raw: unknown) {
	const body = readBody<GoAheadBody>(
		raw,
		{
			entry: { kind: 'uuid', required: true },
			manifest_sha256: { kind: 'sha256', required: true },
			comment: { kind: 'text' },
			signature: { kind: 'json' },
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
		// A go-ahead that does not hold under its policy (one appended in a reviewer's name) released nothing: the
		// reviewer may give theirs, which the executor then reads (it reads the newest).
		const given = await owned(trx('review_decision').where({ entry: entry.id, decision: 'go_ahead' }), disowned, 'review_decision')
			.orderBy('ledger_seq', 'desc')
			.first(...GO_AHEAD_COLUMNS);
		if (given && !(await goAheadFault(ctx.core, trx, given))) {
			throw conflict(
				'IU_GO_AHEAD_GIVEN',
				`Entry ${entry.id} already has its go-ahead (given by ${given.reviewer} at ${given.recorded_at}); the executor agent cuts it, or a person with the executor's capability does.`,
				{
					review_decision: given.id,
				},
			);
		}
		const signed = await personSignature(ctx, trx, await policyInForce(trx), body.signature, actor.user, entry.id, 'go-ahead', entry.manifest_sha256);
		const w = new LedgerWriter(trx, ctx.core, actor.user, now);
		const decision = w.add('review_decision', {
			entry: entry.id,
			manifest_sha256: entry.manifest_sha256,
			decision: 'go_ahead',
			reviewer: actor.user,
			comment: body.comment ?? null,
			actor_signature: signed ? JSON.stringify(signed) : null,
		});
		await w.flush();
		return { entry: entry.id, state: 'approved', go_ahead: decision, given_by: actor.user, at: now };
	});
}

/** A go-ahead's row as its readers select it. */
export interface GoAheadRow {
	id: string;
	ledger_seq: number;
	reviewer: string;
	entry: string;
	manifest_sha256: string;
	comment?: string | null;
	actor_signature: string | null;
	recorded_at: unknown;
}
export const GO_AHEAD_COLUMNS = ['id', 'ledger_seq', 'reviewer', 'entry', 'manifest_sha256', 'comment', 'actor_signature', 'recorded_at'] as const;

/**
 * Who signed a go-ahead, under the trust policy in force when it was written (`policyJson`; null before the first):
 * the person's passkey (checked), unsigned where that policy asks for a signature, or null (the server attests it).
 * The core decides (ledger::policy decision_signature), as the audit does.
 */
export function goAheadSigner(core: Core, policyJson: string | null, given: GoAheadRow): StepSigner | null {
	const r = core.decisionSigner({
		policy: policyJson,
		entry: given.entry,
		act: 'go-ahead',
		actor: given.reviewer,
		signature: given.actor_signature,
		subject: given.manifest_sha256,
		recorded_at: isoOf(given.recorded_at),
	});
	return unwrap('the go-ahead’s signature', r, 500).signer;
}

/**
 * Whether a go-ahead row may release the CUT: a go-ahead the policy in force when it was written asks to be signed
 * must keep a signature that holds. Null when it holds; else why not. A go-ahead appended in a reviewer's name by
 * whoever holds the server's key and the database does not release the executor agent.
 */
export async function goAheadFault(core: Core, trx: Knex, given: GoAheadRow): Promise<string | null> {
	return signerFault(goAheadSigner(core, await policyAt(trx, Number(given.ledger_seq) - 1), given));
}

/** Why a step's signer (the core's judgement of its row) does not hold, or null when it holds or none was asked for. */
export function signerFault(signer: StepSigner | null | undefined): string | null {
	if (signer?.kind === 'unsigned') return signer.reason;
	if (signer?.kind === 'person' && !signer.verified) return `${signer.reason ?? 'the signature does not hold'} (${signer.code ?? 'bad-actor-signature'})`;
	return null;
}

/** The core's comparison of actors (workflow.rs): trimmed, ASCII case-insensitive. */
const sameActor = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
