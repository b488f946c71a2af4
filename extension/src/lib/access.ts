// Who may do what is set through Directus policies, not in code: each workflow
// action needs one permission on the collection it writes to (or reads), so an
// admin grants "submit" by giving a policy `create` on decision_backlog_entry.
// The ledger collections refuse every write through the Items API anyway (see
// the hook), so these permissions act purely as capabilities of the workflow.
import type { Accountability } from '@directus/types';
import type { Knex } from 'knex';
import { forbidden } from './errors.js';

export type Action = 'preview' | 'submit' | 'review' | 'cut' | 'verify' | 'sweep' | 'rollback' | 'resolve' | 'audit' | 'incident' | 'repair';

export const CAPABILITIES: Record<Action, ReadonlyArray<readonly [string, 'create' | 'read']>> = {
	preview: [['logical_unit', 'read'], ['legal_document', 'read']],
	submit: [['decision_backlog_entry', 'create']],
	review: [['review_decision', 'create']],
	cut: [['cut_change_set', 'create']],
	verify: [['verify_result', 'create']],
	sweep: [['decision_backlog_sweep_log', 'create']],
	rollback: [['decision_backlog_entry', 'create']],
	resolve: [['logical_unit', 'read'], ['canonical_address_alias', 'read']],
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
	const actor = { user: accountability.user, accountability };
	if (accountability.admin) return actor;
	const policies = await policiesOf(knex, accountability);
	if (policies.admin) return actor;
	for (const [collection, permission] of CAPABILITIES[action]) {
		const row = policies.ids.length === 0 ? undefined : await knex('directus_permissions')
			.whereIn('policy', policies.ids)
			.andWhere({ collection, action: permission })
			.first('id');
		if (!row) {
			throw forbidden(
				`You may not ${DOING[action] ?? action}: it needs "${permission}" permission on "${collection}" in one of your policies. An administrator grants it under Settings › Access Policies (see the README, "Roles for the CUT / VERIFY workflow").`,
				{ action, collection, permission },
			);
		}
	}
	return actor;
}

// The policies attached to the user directly or to any of their roles (nested roles included).
async function policiesOf(knex: Knex, acc: Accountability): Promise<{ ids: string[]; admin: boolean }> {
	const roles = acc.roles?.length ? acc.roles : acc.role ? [acc.role] : [];
	const rows: Array<{ policy: string; admin_access: unknown }> = await knex('directus_access')
		.join('directus_policies', 'directus_policies.id', 'directus_access.policy')
		.where((q) => {
			q.where('directus_access.user', acc.user!);
			if (roles.length > 0) q.orWhereIn('directus_access.role', roles);
		})
		.select('directus_access.policy as policy', 'directus_policies.admin_access as admin_access');
	return { ids: rows.map((r) => r.policy), admin: rows.some((r) => r.admin_access === true || r.admin_access === 1) };
}
