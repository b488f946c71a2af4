// The trust policy as the server reads it (core ledger::policy decides everything): the version in force
// (the newest trust_policy row; each was written only after the core found k custodians' signatures), the
// proposal custodians are signing, and the relying party people's passkeys sign for.
import type { Knex } from 'knex';
import type { RelyingParty, TrustPolicy } from '../core-types/index.js';
import { TRUST_POLICY_TABLE, TRUST_PROPOSAL_TABLE } from '../shared/schema.js';

export interface PolicyRow {
	id: string;
	ledger_seq: number;
	recorded_at: string;
	version: number;
	policy_sha256: string;
	policy_json: string;
	signatures: string;
	proposed_by: string;
}

export interface ProposalRow {
	id: string;
	version: number;
	policy_json: string;
	signatures: string;
	proposed_by: string;
	proposed_at: string;
	note: string;
}

export interface InForce {
	row: PolicyRow;
	policy: TrustPolicy;
}

/** Whether iu0016 is applied (a store migrated before it has no policy, and every step is the server's). */
export async function hasTrustTables(knex: Knex): Promise<boolean> {
	return knex.schema.hasTable(TRUST_POLICY_TABLE);
}

/** The policy in force: the newest version recorded; null before the first. */
export async function policyInForce(knex: Knex): Promise<InForce | null> {
	if (!(await hasTrustTables(knex))) return null;
	const row: PolicyRow | undefined = await knex(TRUST_POLICY_TABLE).orderBy('ledger_seq', 'desc').first();
	return row ? { row, policy: JSON.parse(row.policy_json) as TrustPolicy } : null;
}

/** Every version recorded, oldest first: what the entry page reads each step's signature under. */
export async function policyHistory(knex: Knex): Promise<PolicyRow[]> {
	if (!(await hasTrustTables(knex))) return [];
	return knex(TRUST_POLICY_TABLE).orderBy('ledger_seq', 'asc');
}

/** The policy in force at `seq` (the newest version written before it), as its row keeps it; null before the first. */
export async function policyAt(knex: Knex, seq: number): Promise<string | null> {
	if (!(await hasTrustTables(knex))) return null;
	const row: { policy_json: string } | undefined = await knex(TRUST_POLICY_TABLE).where('ledger_seq', '<=', seq).orderBy('ledger_seq', 'desc').first('policy_json');
	return row?.policy_json ?? null;
}

/** Which of every version (`policyHistory`, oldest first) is in force at ledger seq `seq`: the newest written before it; null before the first. */
export function policyIndexBefore(policies: PolicyRow[], seq: number): number | null {
	let found: number | null = null;
	policies.forEach((p, i) => {
		if (Number(p.ledger_seq) < Number(seq)) found = i;
	});
	return found;
}

/** The policy in force at ledger seq `seq`, as its row keeps it: see `policyIndexBefore`. */
export function policyBefore(policies: PolicyRow[], seq: number): string | null {
	const i = policyIndexBefore(policies, seq);
	return i === null ? null : (policies[i]?.policy_json ?? null);
}

/** The open proposal, if any: one at a time, for the version after the one in force. */
export async function openProposal(knex: Knex): Promise<ProposalRow | null> {
	if (!(await hasTrustTables(knex))) return null;
	return ((await knex(TRUST_PROPOSAL_TABLE).orderBy('version', 'desc').first()) as ProposalRow | undefined) ?? null;
}

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[');

/**
 * Where passkeys sign, for a first policy (later ones keep theirs): `IU_WEBAUTHN_RP_ID` and `IU_WEBAUTHN_ORIGINS`
 * (comma-separated), else PUBLIC_URL's host and origin. WebAuthn refuses an IP address as RP id, so a PUBLIC_URL
 * on 127.0.0.1 gives `localhost` and its origin on localhost: open the pages there to sign.
 */
export function configuredRelyingParty(env: Record<string, string | undefined> = process.env): RelyingParty {
	const url = new URL(env['PUBLIC_URL'] || 'http://localhost:8055');
	const host = isIp(url.hostname) ? 'localhost' : url.hostname;
	const id = env['IU_WEBAUTHN_RP_ID']?.trim() || host;
	const origins = env['IU_WEBAUTHN_ORIGINS']
		?.split(',')
		.map((o) => o.trim().replace(/\/+$/, ''))
		.filter(Boolean) ?? [`${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`];
	return { id, origins };
}
