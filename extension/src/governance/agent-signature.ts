// An agent's own signature of the step it takes (issue 48, item 2): DOT-991 signs the change set it cut, DOT-992
// the verify result it recorded, each with an Ed25519 key of its own (IU_AGENT_EXECUTOR_KEY_FILE,
// IU_AGENT_VERIFIER_KEY_FILE), apart from the ledger's key. What is signed is the core's statement (ledger::actor):
// the entry, the act, the row hash of what was written, the ledger head the agent saw and the time. The signature
// goes into the step's history row and its DOT pair row (`dot_pair_signature.actor_signature`, iu0017), which the
// ledger chains and seals like any other, so anyone holding the agent's public key can check it offline (core
// `verify_agent`, or any Ed25519 implementation over `signed_bytes`), and the ledger audit does
// (`bad-actor-signature`).
import type { Act, SignedStep, Statement, StepSigner } from '../core-types/index.js';
import { unwrap } from '../lib/outcome.js';
import { agentPublicKeys } from '../lib/checkpoint.js';
import { INCIDENT_TABLE } from '../shared/schema.js';
import type { Core } from '../lib/core.js';
import type { LedgerWriter } from '../lib/ledger.js';
import type { Ctx } from './context.js';
import { policyIndexBefore, type PolicyRow } from '../lib/trust-policy.js';
import { isoOf } from './person-signature.js';

/**
 * The agent's signature of `act` on `entry` over the row `subject` (written by `w`, flushed), at `now`; null when
 * no agent key takes this step (a person, or an agent configured without a key: attested by the server only).
 */
export function signStep(ctx: Ctx, w: LedgerWriter, entry: string, act: Act, subject: string, now: string): SignedStep | null {
	if (!ctx.agentKey) return null;
	const subjectSha256 = w.hashes.get(subject);
	if (!subjectSha256) throw new Error(`iu-cutter: the ${act} row ${subject} was not written before it was signed`);
	// `at` in epoch milliseconds, as the core signs it: the statement as stored, with `v`, is then the signed RFC 8785
	// JSON itself, for anyone who checks it with another Ed25519 implementation.
	return signAs(ctx.core, ctx.agentKey, { entry, act, subject_sha256: subjectSha256, ledger_head: w.head, at: Date.parse(now) });
}

/** `statement` signed with the agent's own key `privatePem` (PKCS#8 PEM Ed25519): the step's `actor_signature`. */
export function signAs(core: Core, privatePem: string, statement: Statement): SignedStep {
	const { signature, public_key_pem, key_id } = unwrap('agent signature', core.signStatement({ privatePem, statement }), 500);
	return { statement, signature, public_key_pem, key_id };
}

/**
 * Who signed each step of an entry's history, and whether it holds (core `person_signature` and `history_signature`,
 * as the ledger audit reads them): a person's key under the trust policy in force when the step was written, an
 * agent's own key, checked against the row it signed and against the agents' trusted keys, or the server alone.
 * `policies`: every trust policy version, oldest first (lib/trust-policy.ts `policyHistory`), as the caller read them.
 */
export async function withSigners<T extends { id: string; event: string; actor: string; detail: string | null; recorded_at?: unknown }>(
	ctx: Ctx,
	{ id: entry, manifest_sha256 }: { id: string; manifest_sha256: string },
	history: T[],
	policies: PolicyRow[],
): Promise<Array<T & { signer: StepSigner }>> {
	const { knex } = ctx;
	const changeSets: { id: string; row_hash: string }[] = await knex('cut_change_set').where({ entry }).select('id', 'row_hash');
	const results: { id: string; row_hash: string }[] = changeSets.length
		? await knex('verify_result')
				.whereIn(
					'change_set',
					changeSets.map((c) => c.id),
				)
				.select('id', 'row_hash')
		: [];
	// A repair is signed over the incident it repairs, by that row's hash; a rollback over the manifest of the entry
	// it rolls back.
	const named = (key: 'repair_of' | 'rollback_of') =>
		history.flatMap((h) => (h.detail?.includes(`"${key}"`) ? [String((JSON.parse(h.detail) as Record<string, unknown>)[key])] : []));
	const repaired = named('repair_of');
	const rolledBack = named('rollback_of');
	const incidents: { id: string; row_hash: string }[] = repaired.length ? await knex(INCIDENT_TABLE).whereIn('id', repaired).select('id', 'row_hash') : [];
	const entries: { id: string; manifest_sha256: string }[] = rolledBack.length
		? await knex('decision_backlog_entry').whereIn('id', rolledBack).select('id', 'manifest_sha256')
		: [];
	const rowHashes = Object.fromEntries([
		...[...changeSets, ...results, ...incidents].map((r) => [String(r.id), String(r.row_hash)]),
		...entries.map((e) => [String(e.id), String(e.manifest_sha256)]),
	]);
	// The policy in force at each step: the newest version written before its row.
	const seqs = new Map<string, number>();
	if (policies.length) {
		const rows: { id: string; ledger_seq: number }[] = await knex('decision_backlog_history').where({ entry }).select('id', 'ledger_seq');
		for (const r of rows) seqs.set(String(r.id), Number(r.ledger_seq));
	}
	const policyOf = (id: string) => policyIndexBefore(policies, seqs.get(String(id)) ?? 0);
	const { signers } = unwrap(
		'step signatures',
		ctx.core.historySignatures({
			history: history.map((h) => ({ entry, event: h.event, detail: h.detail, actor: h.actor, policy: policyOf(h.id), recorded_at: isoOf(h.recorded_at) })),
			row_hashes: rowHashes,
			trusted_keys: agentPublicKeys(ctx.core),
			policies: `[${policies.map((p) => p.policy_json).join(',')}]`,
			manifest: manifest_sha256,
		}),
		500,
	);
	return history.map((h, i) => ({ ...h, signer: signers[i]! }));
}
