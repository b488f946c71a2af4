// Who may do what is set through Directus policies, not in code: each workflow
// action needs one permission on the collection it writes to (or reads), so an
// admin grants "submit" by giving a policy `create` on decision_backlog_entry.
// The ledger collections refuse every write through the Items API anyway (see
// the hook), so these permissions act purely as capabilities of the workflow.
import type { Accountability } from '@directus/types';
import type { Knex } from 'knex';
import { forbidden } from './errors.js';
import { directusInternals } from './directus-internals.js';
import { MIGRATION_ACTOR } from './positions.js';

export type Action = 'preview' | 'submit' | 'review' | 'cut' | 'verify' | 'sweep' | 'rollback' | 'resolve' | 'audit' | 'incident' | 'repair';

export const CAPABILITIES: Record<Action, ReadonlyArray<readonly [string, 'create' | 'read']>> = {
	preview: [
		['logical_unit', 'read'],
		['legal_document', 'read'],
	],
	submit: [['decision_backlog_entry', 'create']],
	review: [['review_decision', 'create']],
	cut: [['cut_change_set', 'create']],
	verify: [['verify_result', 'create']],
	sweep: [['decision_backlog_sweep_log', 'create']],
	rollback: [['decision_backlog_entry', 'create']],
	resolve: [
		['logical_unit', 'read'],
		['canonical_address_alias', 'read'],
	],
	audit: [['decision_backlog_entry', 'read']],
	// Recording an incident is the verifier's: it is what a failed VERIFY leads to.
	incident: [['verify_result', 'create']],
	// A repair is a submission: reviewed, cut and verified by others.
	repair: [['decision_backlog_entry', 'create']],
};

/** How a refusal names the action. */
const DOING: Partial<Record<Action, string>> = { incident: 'record an incident', repair: 'submit a repair' };

export interface Actor {
	user: string;
	accountability: Accountability;
}

/**
 * The caller, if their policies grant every permission `action` needs; else 403
 * naming the missing permission. Anonymous callers and tokens without a user
 * are refused: every ledger step is signed by a user.
 */
export async function requireCapability(knex: Knex, accountability: Accountability | null | undefined, action: Action): Promise<Actor> {
	if (!accountability?.user) {
		throw forbidden(`"${action}" needs a signed-in user or an API user's static token; anonymous calls and flows run without a user are refused.`);
	}
	refuseReserved(accountability.user, action);
	const actor = { user: accountability.user, accountability };
	if (accountability.admin) return actor;
	const grants = await grantsOf(knex, accountability, CAPABILITIES[action]);
	if (grants.admin) return actor;
	for (const [collection, permission] of CAPABILITIES[action]) {
		if (!grants.held.has(`${collection}\n${permission}`)) {
			throw forbidden(
				`You may not ${DOING[action] ?? action}: it needs "${permission}" permission on "${collection}" in one of your policies. An administrator grants it under Settings › Access Policies (docs/OPERATIONS.md, "Roles for the CUT / VERIFY workflow"; or run "iu-cutter roles").`,
				{ action, collection, permission },
			);
		}
	}
	return actor;
}

/**
 * The migration runner's actor submits the positions upgrades (lib/positions.ts) and does nothing else:
 * a Directus user made with its id (by an admin, or restored from elsewhere) could otherwise review or
 * verify what "the runner" submitted, and the two-person rules would compare the runner with itself.
 */
function refuseReserved(user: string, action: Action): void {
	if (user.trim().toLowerCase() === MIGRATION_ACTOR) {
		throw forbidden(
			`You may not ${DOING[action] ?? action}: user ${MIGRATION_ACTOR} is reserved for the migration runner (it submits the positions upgrades of iu0011 and takes no other step). Sign in as a person or agent of your own.`,
			{
				action,
				reserved: MIGRATION_ACTOR,
			},
		);
	}
}

/**
 * Whether the caller holds every permission `action` needs — the same rule as
 * requireCapability, answered from `memo` (Directus' permissions cache, see
 * lib/directus-internals.ts) when one is given. Only the resolve fast path uses
 * the cache: it is as fresh as Directus' own permission checks (cleared on every
 * change made through Directus, on every instance through Redis), where
 * requireCapability reads the database on every call.
 */
export function capabilityCheck(
	knex: Knex,
	action: Action,
	memo?: <A extends unknown[], R>(ns: string, fn: (...a: A) => Promise<R>, key: (...a: A) => unknown) => (...a: A) => Promise<R>,
) {
	const check = async (user: string, roles: string[], ip: string | null): Promise<boolean> => {
		const grants = await grantsOf(knex, { user, roles, role: null, ip } as unknown as Accountability, CAPABILITIES[action]);
		return grants.admin || CAPABILITIES[action].every(([collection, permission]) => grants.held.has(`${collection}\n${permission}`));
	};
	// Keyed as Directus keys its own policies (user, roles, IP): an IP allow-list makes the answer depend on where the caller is.
	const answer = memo ? memo(`iu-cutter-capability-${action}`, check, (user, roles, ip) => ({ user, roles, ip })) : check;
	return (acc: Accountability): Promise<boolean> => {
		if (!acc.user || acc.user.trim().toLowerCase() === MIGRATION_ACTOR) return Promise.resolve(false);
		if (acc.admin) return Promise.resolve(true);
		return answer(acc.user, acc.roles?.length ? acc.roles : acc.role ? [acc.role] : [], acc.ip ?? null);
	};
}

/**
 * Whether a policy with this `ip_access` applies to a caller from `ip`, as
 * Directus decides it (filterPoliciesByIp): no list, every address; a list,
 * only addresses in it; no known address, none. Without Directus' own test at
 * hand, a listed policy applies to nobody (closed, not open).
 */
async function ipRule(ip: string | null): Promise<(ipAccess: unknown) => boolean> {
	const internals = await directusInternals();
	return (ipAccess) => {
		const networks = (Array.isArray(ipAccess) ? ipAccess : typeof ipAccess === 'string' ? ipAccess.split(',') : []).map(String).filter((n) => n.trim() !== '');
		if (networks.length === 0) return true;
		if (!ip || typeof internals === 'string') return false;
		try {
			return internals.ipInNetworks(ip, networks);
		} catch {
			// A malformed list (Directus' own check throws too): the policy does not apply.
			return false;
		}
	};
}

/**
 * The policies attached to the user directly or to any of their roles (nested
 * roles included), whether one of them is an admin policy, and which of the
 * `wanted` permissions they hold — in one query, read fresh on every call: a
 * permission revoked in Directus is refused on the next request, on every
 * instance, even one changed in the database directly. Policies whose IP
 * allow-list excludes the caller count for nothing, as in Directus' own checks.
 * (capabilityCheck memoizes this in Directus' permissions cache, for resolve's fast path only.)
 */
async function grantsOf(knex: Knex, acc: Accountability, wanted: ReadonlyArray<readonly [string, string]>): Promise<{ admin: boolean; held: Set<string> }> {
	const roles = acc.roles?.length ? acc.roles : acc.role ? [acc.role] : [];
	// Plain SQL (ANSI quoting: the same text on SQLite and PostgreSQL): it runs on every
	// workflow request, and the query builder's compilation would cost more than the query.
	const pairs = wanted.map(() => '(perm."collection" = ? and perm."action" = ?)').join(' or ');
	const sql = `select pol."admin_access" as "admin_access", pol."ip_access" as "ip_access", perm."collection" as "collection", perm."action" as "action"
 from "directus_access" a
 join "directus_policies" pol on pol."id" = a."policy"
 left join "directus_permissions" perm on perm."policy" = a."policy" and (${pairs})
 where a."user" = ?${roles.length ? ` or a."role" in (${roles.map(() => '?').join(', ')})` : ''}`;
	const result = await knex.raw(sql, [...wanted.flat(), acc.user!, ...roles]);
	const fromIp = await ipRule(acc.ip ?? null);
	const rows = (
		(Array.isArray(result) ? result : (result?.rows ?? [])) as Array<{ admin_access: unknown; ip_access: unknown; collection: string | null; action: string | null }>
	).filter((r) => fromIp(r.ip_access));
	return {
		admin: rows.some((r) => r.admin_access === true || r.admin_access === 1),
		held: new Set(rows.filter((r) => r.collection !== null && r.action !== null).map((r) => `${r.collection}\n${r.action}`)),
	};
}
