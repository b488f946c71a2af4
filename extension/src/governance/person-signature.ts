// A person's own signature of their step (issue 48, item 1): when the trust policy in force says an act needs it
// (`signed_acts`), the step carries a statement signed by one of the person's keys in the policy (a passkey's
// assertion, over the challenge POST /trust/statement gave), and the core checks it (ledger::policy::check_step)
// before anything is written. It is kept in the step's history row (`detail.person_signature`), sealed with it, so
// the ledger audit checks it again, and an approval appended in the reviewer's name by whoever holds the server's key
// and the database is `unsigned-step` or `key-not-in-policy`.
import type { Act, PolicySignature, TrustPolicy } from '../core-types/index.js';
import { badRequest, signatureRefused, WorkflowError } from '../lib/errors.js';
import type { Knex } from 'knex';
import { owned, type Disowned } from '../lib/disowned.js';
import { unwrap } from '../lib/outcome.js';
import { policyAt, type InForce, type PolicyRow } from '../lib/trust-policy.js';
import { INCIDENT_TABLE, SIGNATURE_COLUMN, TRUST_POLICY_TABLE } from '../shared/schema.js';
import { nowIso, type Ctx } from './context.js';

const TRUST_PAGE = 'the Trust page of the iu-cutter module (/admin/iu-cutter/trust)';

/**
 * The person's signature of `act` on `entry` over `subject`, checked against the policy in force; null when the
 * policy does not ask for one (or no policy is in force: the step is the server's, as before the policy). Refused
 * with 403 when it is missing or does not hold (saying how to enrol), 400 when it is malformed (naming the field).
 */
export async function personSignature(
	ctx: Ctx,
	db: Knex,
	inForce: InForce | null,
	raw: unknown,
	user: string,
	entry: string,
	act: Act,
	subject: string,
): Promise<PolicySignature | null> {
	if (!inForce || !inForce.policy.signed_acts.includes(act)) return null;
	const policy = inForce.policy;
	const enrolled = policy.keys.some((k) => k.holder === user && k.acts.includes(act));
	if (raw == null) {
		throw new WorkflowError(
			403,
			enrolled ? 'IU_SIGNATURE_REQUIRED' : 'IU_NO_KEY_IN_POLICY',
			enrolled
				? `Trust policy version ${policy.version} needs your own signature to ${act}: sign it with your passkey (the module asks for it when you ${act}; an API client asks POST /iu-cutter/trust/statement for the challenge and sends "signature").`
				: `Trust policy version ${policy.version} needs the signature of whoever may ${act}, and you have no key in it that may: enrol a passkey on ${TRUST_PAGE}, then ask the custodians to sign the proposal that adds it.`,
			{ act, policy_version: policy.version, enrolled, field: 'signature' },
		);
	}
	if (typeof raw !== 'object' || Array.isArray(raw))
		throw badRequest('"signature" must be an object { statement, key_id, proof }, as the module sends it.', { field: 'signature' });
	// The core checks it all, the statement's ten minutes and the passkey's counter included (ledger::policy
	// check_step, check_counter).
	const keyId = (raw as { key_id?: unknown }).key_id;
	const kept = typeof keyId === 'string' && keyId ? await keptSignaturesOf(db, keyId) : [];
	const r = ctx.core.checkStepSignature({ policy: inForce.row.policy_json, signature: raw as PolicySignature, holder: user, entry, act, subject, now: nowIso(ctx), kept });
	if (!r.ok) {
		const e = r.error;
		const unreadable = ['invalid-input', 'invalid-json'].includes(e.code);
		const malformed = unreadable || ['malformed-actor-signature', 'invalid-public-key', 'malformed-policy'].includes(e.code);
		// The core names the part of the signature: the statement's fields and the key id as they are, the
		// assertion's (clientDataJSON, authenticatorData, signature) under `proof`.
		const part = e.field && !unreadable ? (/^(statement|key_id)/.test(e.field) ? e.field : `proof.${e.field}`) : null;
		throw signatureRefused(e, part ? `signature.${part}` : 'signature', malformed);
	}
	return raw as PolicySignature;
}

/**
 * The signature of whoever takes `act` on `entry` (a CUT, a VERIFY, a sweep, a rollback), under the policy in force
 * (`inForce`, as the step read it: lib/trust-policy.ts policyInForce): by hand, the person's own (personSignature, over the entry's manifest); an agent's step is
 * signed with the agent's own key instead (agent-signature.ts), and an agent without one is refused, saying so, when
 * the policy asks for a signature of that act. Null when none is asked for, or the agent signs.
 */
export async function stepSignature(
	ctx: Ctx,
	db: Knex,
	inForce: InForce | null,
	raw: unknown,
	user: string,
	entry: { id: string; manifest_sha256: string },
	act: Act,
): Promise<PolicySignature | null> {
	if (!ctx.agent) return personSignature(ctx, db, inForce, raw, user, entry.id, act, entry.manifest_sha256);
	if (!ctx.agentKey && inForce?.policy.signed_acts.includes(act)) {
		const which = act === 'cut' ? 'EXECUTOR' : 'VERIFIER';
		throw new WorkflowError(
			409,
			'IU_AGENT_KEY',
			`Trust policy version ${inForce.policy.version} needs every ${act.toUpperCase()} signed by whoever takes it, and this agent has no key of its own: set IU_AGENT_${which}_KEY_FILE, restart, and have the custodians sign its key in (the Trust page proposes it).`,
			{ act, policy_version: inForce.policy.version },
		);
	}
	return null;
}

/**
 * The texts of the ledger's columns that may keep a signature of key `keyId`, as stored: history rows' `detail`,
 * go-aheads' and incidents' `actor_signature`, policy versions' `signatures`. The core finds the signatures in them
 * and reads their counters (ledger::policy last_sign_count, the walk the audit makes): a passkey's new counter must be
 * above the last one the ledger keeps (WebAuthn §7.2, step 21), which nobody can lower without breaking the chain.
 * Read in the step's transaction where it has one. A LIKE over the text: steps come at a person's pace, and one key
 * id names few rows (`_` in a base64url id matches any character: the core compares ids).
 */
export async function keptSignaturesOf(db: Knex, keyId: string): Promise<string[]> {
	const like = `%${keyId}%`;
	const columns = await Promise.all([
		db('decision_backlog_history').where('detail', 'like', like).pluck('detail'),
		db('review_decision').where(SIGNATURE_COLUMN, 'like', like).pluck(SIGNATURE_COLUMN),
		db(INCIDENT_TABLE).where(SIGNATURE_COLUMN, 'like', like).pluck(SIGNATURE_COLUMN),
		db(TRUST_POLICY_TABLE).where('signatures', 'like', like).pluck('signatures'),
	]);
	return columns.flat().map(String);
}

/** A row's `recorded_at` as RFC 3339 (PostgreSQL may give a Date; SQLite gives the text written). */
export const isoOf = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : v == null ? null : String(v));

/**
 * The CUT's check of the approval it executes: under a trust policy that asks for it, the approval's history row must
 * hold the reviewer's own signature (core `person_signature`, as the audit reads it). An approval appended in the
 * reviewer's name by whoever holds the server's key and the database, and re-sealed, is refused here.
 */
export async function refuseUnsignedApproval(ctx: Ctx, trx: Knex, entry: { id: string; manifest_sha256: string }, disowned: Disowned): Promise<void> {
	const approval: { id: string; ledger_seq: number; actor: string; detail: string | null; recorded_at: unknown } | undefined = await owned(
		trx('decision_backlog_history').where({ entry: entry.id, event: 'approved' }),
		disowned,
		'decision_backlog_history',
	)
		.orderBy('ledger_seq', 'desc')
		.first('id', 'ledger_seq', 'actor', 'detail', 'recorded_at');
	if (!approval) return;
	const policy = await policyAt(trx, Number(approval.ledger_seq) - 1);
	if (!policy) return;
	const { signers } = unwrap(
		'the approval’s signature',
		ctx.core.historySignatures({
			history: [{ entry: entry.id, event: 'approved', actor: approval.actor, detail: approval.detail, policy: 0, recorded_at: isoOf(approval.recorded_at) }],
			row_hashes: {},
			policies: `[${policy}]`,
			manifest: entry.manifest_sha256,
		}),
		500,
	);
	const signer = signers[0]!;
	if (signer.kind === 'unsigned' || (signer.kind === 'person' && !signer.verified)) {
		throw new WorkflowError(
			409,
			'IU_APPROVAL_UNSIGNED',
			`Entry ${entry.id} is not cut: its approval does not hold under the trust policy in force when it was written (${signer.reason ?? 'no signature'}). An approval without the reviewer's own signature was not made by the reviewer: record an incident (POST /iu-cutter/incident) and review the entry again.`,
			{
				approval: approval.id,
				code: signer.kind === 'unsigned' ? 'unsigned-step' : signer.code,
			},
		);
	}
}

/**
 * What the entry page needs to sign a review: whether the policy in force (`inForce`: the newest version's row, as the
 * page read it; none before the first) asks for the reviewer's signature, whether the caller has a key in it that may
 * give it, and where passkeys work (the relying party's origins).
 */
export function reviewSigning(ctx: Ctx, inForce: PolicyRow | undefined, open: { version: number; policy_json: string } | null) {
	const user = ctx.accountability?.user ?? null;
	const policy = inForce ? (JSON.parse(inForce.policy_json) as TrustPolicy) : undefined;
	const first = !policy && open?.version === 1 ? (JSON.parse(open.policy_json) as TrustPolicy) : undefined;
	return {
		/** The first policy is proposed and waits for a second person's review, and the caller has no key in it: the page asks them. */
		first_proposed: !!first && !first.keys.some((k) => k.holder === user),
		required: !!policy && (policy.signed_acts.includes('approve') || policy.signed_acts.includes('reject')),
		/** Whether the go-ahead is signed too (the agents' box on the entry page says so). */
		go_ahead: !!policy && policy.signed_acts.includes('go-ahead'),
		enrolled: !!policy && policy.keys.some((k) => k.holder === user && k.acts.includes('approve')),
		policy_version: policy?.version ?? null,
		origins: policy?.relying_party.origins ?? [],
	};
}
