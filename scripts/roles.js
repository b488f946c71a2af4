// The four identities of the CUT / VERIFY workflow, set up through the Directus
// REST API exactly as an administrator would in Settings › Access Policies:
// one policy per workflow capability; two human roles (Editor submits,
// Reviewer reviews); two API-only agent users without a role (executor
// DOT-991, verifier DOT-992) holding their policy directly and a static token.
// Agents without a role take no seat of the Core license.
import { randomBytes } from 'node:crypto';
import { appRecommendedPermissions } from '@directus/system-data';
import { client } from '../tests/support/api.js';
import { LEDGER_TABLES as LEDGER } from '../migrations/iu0004-seal.js';

const UNIT_STORE = ['legal_document', 'section_type', 'logical_unit', 'canonical_address_alias'];
/**
 * People edit their own profile (their language: the module follows it, extension/src/i18n): Directus' own
 * recommended app permission, exactly, which is the one rule with a filter ($CURRENT_USER) the Core licence allows.
 */
const OWN_PROFILE = appRecommendedPermissions.find((p) => p.collection === 'directus_users' && p.action === 'update');
const READ_ALL = [...UNIT_STORE, ...LEDGER].map((c) => [c, 'read']);

/** Policy name → the permissions that make it a workflow capability (see extension/src/lib/access.ts). */
export const POLICIES = {
	'IU Submitter': [['decision_backlog_entry', 'create'], ['legal_document', 'create'], ['legal_document', 'update']],
	'IU Reviewer': [['review_decision', 'create']],
	'IU Executor': [['cut_change_set', 'create']],
	'IU Verifier': [['verify_result', 'create'], ['decision_backlog_sweep_log', 'create']],
};

/**
 * The agent users' emails: what IU_AGENT_EXECUTOR / IU_AGENT_VERIFIER name to turn the agents on
 * (extension/src/governance/agents.ts; tests/support/directus.js `agents`, npm start).
 */
export const AGENT_EMAILS = { executor: 'dot-991@agents.example.com', verifier: 'dot-992@agents.example.com' };

const IDENTITIES = {
	submitter: { policy: 'IU Submitter', role: 'IU Editor', email: 'editor@example.com' },
	reviewer: { policy: 'IU Reviewer', role: 'IU Reviewer', email: 'reviewer@example.com' },
	executor: { policy: 'IU Executor', agent: 'DOT-991', email: AGENT_EMAILS.executor },
	verifier: { policy: 'IU Verifier', agent: 'DOT-992', email: AGENT_EMAILS.verifier },
};

/**
 * Creates (or finds) the policies, roles and users. Returns, per identity, its
 * user id and a token: humans log in with `password`, agents get a static token.
 */
export async function setupWorkflowRoles({ url, token, password }) {
	const api = client(url, token);
	const policyIds = {};
	for (const [name, grants] of Object.entries(POLICIES)) {
		const found = await api.ok('GET', `/policies?filter[name][_eq]=${encodeURIComponent(name)}`);
		if (found.length) {
			policyIds[name] = found[0].id;
			continue;
		}
		const human = name === 'IU Submitter' || name === 'IU Reviewer';
		const policy = await api.ok('POST', '/policies', { name, icon: 'content_cut', admin_access: false, app_access: human, description: `iu-cutter workflow: ${grants.map(([c, a]) => `${a} ${c}`).join(', ')}` });
		await api.ok('POST', '/permissions', [...READ_ALL, ...grants].map(([collection, action]) => ({ policy: policy.id, collection, action, fields: ['*'] })));
		if (human) await api.ok('POST', '/permissions', { policy: policy.id, collection: OWN_PROFILE.collection, action: OWN_PROFILE.action, fields: OWN_PROFILE.fields, permissions: OWN_PROFILE.permissions });
		policyIds[name] = policy.id;
	}
	const out = {};
	for (const [key, who] of Object.entries(IDENTITIES)) {
		let user = (await api.ok('GET', `/users?filter[email][_eq]=${encodeURIComponent(who.email)}`))[0];
		let userToken;
		if (who.role) {
			// A user without a role is one a recorded store brought along (tests/support/legacy-store.js: its id
			// is in the ledger rows): it keeps its id and gets the role and the password here.
			if (!user || !user.role) {
				const role = (await api.ok('GET', `/roles?filter[name][_eq]=${encodeURIComponent(who.role)}`))[0] ?? (await api.ok('POST', '/roles', { name: who.role, icon: 'badge' }));
				if (!(await api.ok('GET', `/access?filter[role][_eq]=${role.id}&filter[policy][_eq]=${policyIds[who.policy]}`)).length) await api.ok('POST', '/access', { role: role.id, policy: policyIds[who.policy] });
				user = user
					? await api.ok('PATCH', `/users/${user.id}`, { password, role: role.id })
					: await api.ok('POST', '/users', { email: who.email, password, role: role.id, first_name: who.role.replace('IU ', '') });
			}
			const r = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: who.email, password }) });
			if (!r.ok) throw new Error(`login as ${who.email} failed: ${r.status} ${await r.text()}`);
			userToken = (await r.json()).data.access_token;
		} else {
			// Directus never shows a static token again, so each setup issues a fresh one.
			userToken = randomBytes(24).toString('hex');
			if (!user) {
				user = await api.ok('POST', '/users', { email: who.email, first_name: who.agent, last_name: 'agent', token: userToken, role: null });
				await api.ok('POST', '/access', { user: user.id, policy: policyIds[who.policy] });
			} else {
				await api.ok('PATCH', `/users/${user.id}`, { token: userToken });
				// An agent a recorded store brought along holds no policy yet.
				if (!(await api.ok('GET', `/access?filter[user][_eq]=${user.id}&filter[policy][_eq]=${policyIds[who.policy]}`)).length) await api.ok('POST', '/access', { user: user.id, policy: policyIds[who.policy] });
			}
		}
		out[key] = { id: user.id, email: who.email, token: userToken, api: client(url, userToken) };
	}
	return out;
}
