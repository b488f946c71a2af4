// The four identities of the CUT / VERIFY workflow, set up through the Directus
// REST API exactly as an administrator would in Settings › Access Policies:
// one policy per workflow capability; two human roles (Editor submits,
// Reviewer reviews); two API-only agent users without a role (executor
// DOT-991, verifier DOT-992) holding their policy directly and a static token.
// Agents without a role take no seat of the Core license.
//
// `iu-cutter roles` makes the policies and the two roles (and with --agents the two agent users);
// `setupWorkflowRoles` (the demo and the tests) also makes one user per identity.
import { randomBytes } from 'node:crypto';
import { appRecommendedPermissions } from '@directus/system-data';
import { LEDGER_TABLES as LEDGER, UNIT_STORE } from '../shared/schema.js';
import { client } from './api.js';
import { UsageError } from './database.js';

/** @typedef {import('./api.js').ApiClient} ApiClient */
/** A row Directus answers with (a policy, a role, a user, an access row): read by its id. @typedef {{ id: string, role?: string | null }} Row */
/** A workflow identity: a human one has a role, an agent its name (and no role). @typedef {{ policy: string, role?: string, agent?: string, email: string }} Identity */
/** Policy name → id. @typedef {Record<string, string>} PolicyIds */

/** @param {unknown} data rows Directus answered, as the path returns them */
const rows = (data) => /** @type {Row[]} */ (data);
/** @param {unknown} data the row Directus answered */
const row = (data) => /** @type {Row} */ (data);

/**
 * People edit their own profile (their language: the module follows it, extension/src/i18n): Directus' own
 * recommended app permission, exactly, which is the one rule with a filter ($CURRENT_USER) the Core licence allows.
 */
const OWN_PROFILE = appRecommendedPermissions.find((p) => p.collection === 'directus_users' && p.action === 'update');
/** @type {[string, string][]} */
const READ_ALL = [...UNIT_STORE, ...LEDGER].map((c) => [c, 'read']);

/** Policy name → the permissions that make it a workflow capability (see extension/src/lib/access.ts). @type {Record<string, [string, string][]>} */
export const POLICIES = {
	'IU Submitter': [
		['decision_backlog_entry', 'create'],
		['legal_document', 'create'],
		['legal_document', 'update'],
	],
	'IU Reviewer': [['review_decision', 'create']],
	'IU Executor': [['cut_change_set', 'create']],
	'IU Verifier': [
		['verify_result', 'create'],
		['decision_backlog_sweep_log', 'create'],
	],
};

/**
 * The agent users' emails: what IU_AGENT_EXECUTOR / IU_AGENT_VERIFIER name to turn the agents on
 * (extension/src/governance/agents.ts; tests/support/directus.js `agents`, npm start).
 */
export const AGENT_EMAILS = { executor: 'dot-991@agents.example.com', verifier: 'dot-992@agents.example.com' };

/** @type {Record<string, Identity>} */
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
/**
 * The four policies, found by name or made (with their permissions); returns name → id.
 * @param {ApiClient} api
 * @returns {Promise<PolicyIds>}
 */
export async function ensurePolicies(api) {
	/** @type {PolicyIds} */
	const policyIds = {};
	for (const [name, grants] of Object.entries(POLICIES)) {
		const [found] = rows(await api.ok('GET', `/policies?filter[name][_eq]=${encodeURIComponent(name)}`));
		if (found) {
			policyIds[name] = found.id;
			continue;
		}
		const human = name === 'IU Submitter' || name === 'IU Reviewer';
		const policy = row(
			await api.ok('POST', '/policies', {
				name,
				icon: 'content_cut',
				admin_access: false,
				app_access: human,
				description: `iu-cutter workflow: ${grants.map(([c, a]) => `${a} ${c}`).join(', ')}`,
			}),
		);
		await api.ok(
			'POST',
			'/permissions',
			[...READ_ALL, ...grants].map(([collection, action]) => ({ policy: policy.id, collection, action, fields: ['*'] })),
		);
		if (human) {
			if (!OWN_PROFILE) throw new Error("@directus/system-data recommends no permission to update one's own directus_users row");
			await api.ok('POST', '/permissions', {
				policy: policy.id,
				collection: OWN_PROFILE.collection,
				action: OWN_PROFILE.action,
				fields: OWN_PROFILE.fields,
				permissions: OWN_PROFILE.permissions,
			});
		}
		policyIds[name] = policy.id;
	}
	return policyIds;
}

/**
 * A human identity's role, found by name or made, holding its policy.
 * @param {ApiClient} api
 * @param {Identity & { role: string }} who
 * @param {PolicyIds} policyIds
 * @returns {Promise<Row>}
 */
async function ensureRole(api, who, policyIds) {
	const role = rows(await api.ok('GET', `/roles?filter[name][_eq]=${encodeURIComponent(who.role)}`))[0] ?? row(await api.ok('POST', '/roles', { name: who.role, icon: 'badge' }));
	if (!rows(await api.ok('GET', `/access?filter[role][_eq]=${role.id}&filter[policy][_eq]=${policyIds[who.policy]}`)).length)
		await api.ok('POST', '/access', { role: role.id, policy: policyIds[who.policy] });
	return role;
}

/**
 * An agent user (no role: it holds its policy directly), found by email or made. With `withToken` a fresh
 * static token (Directus never shows one again), for callers of the API as the agent (the demo, the tests);
 * the extension's own agents act as the user inside Directus and need none. Returns `{ user, token }`.
 * @param {ApiClient} api
 * @param {Identity} who
 * @param {PolicyIds} policyIds
 * @param {boolean} withToken
 * @returns {Promise<{ user: Row, token: string | undefined }>}
 */
async function ensureAgent(api, who, policyIds, withToken) {
	const token = withToken ? randomBytes(24).toString('hex') : undefined;
	let user = rows(await api.ok('GET', `/users?filter[email][_eq]=${encodeURIComponent(who.email)}`))[0];
	if (!user) {
		user = row(await api.ok('POST', '/users', { email: who.email, first_name: who.agent, last_name: 'agent', ...(token ? { token } : {}), role: null }));
		await api.ok('POST', '/access', { user: user.id, policy: policyIds[who.policy] });
	} else {
		if (token) await api.ok('PATCH', `/users/${user.id}`, { token });
		// An agent a recorded store brought along holds no policy yet.
		if (!rows(await api.ok('GET', `/access?filter[user][_eq]=${user.id}&filter[policy][_eq]=${policyIds[who.policy]}`)).length)
			await api.ok('POST', '/access', { user: user.id, policy: policyIds[who.policy] });
	}
	return { user, token };
}

/**
 * What an institution installs (`iu-cutter roles`): the four policies and the two roles, and with `agents` the
 * two agent users (without a token). Idempotent. Returns `{ policies, roles, agents? }`.
 * @param {{ url: string, token: string, agents?: boolean }} options
 * @returns {Promise<{ policies: PolicyIds, roles: Record<string, string>, agents?: Record<string, { id: string, email: string }> }>}
 */
export async function setupAccess({ url, token, agents = false }) {
	const api = client(url, token);
	const policies = await ensurePolicies(api);
	/** @type {Record<string, string>} */
	const roles = {};
	for (const who of Object.values(IDENTITIES)) if (who.role) roles[who.role] = (await ensureRole(api, { ...who, role: who.role }, policies)).id;
	/** @type {{ policies: PolicyIds, roles: Record<string, string>, agents?: Record<string, { id: string, email: string }> }} */
	const out = { policies, roles };
	if (agents) {
		/** @type {Record<string, { id: string, email: string }>} */
		const made = {};
		out.agents = made;
		for (const [key, who] of Object.entries(IDENTITIES).filter(([, w]) => w.agent)) {
			const { user } = await ensureAgent(api, who, policies, false);
			made[key] = { id: user.id, email: who.email };
		}
	}
	return out;
}

/**
 * @param {{ url: string, token: string, password: string }} options
 * @returns {Promise<Record<string, { id: string, email: string, token: string | undefined, api: ApiClient }>>}
 */
export async function setupWorkflowRoles({ url, token, password }) {
	const api = client(url, token);
	const policyIds = await ensurePolicies(api);
	/** @type {Record<string, { id: string, email: string, token: string | undefined, api: ApiClient }>} */
	const out = {};
	for (const [key, who] of Object.entries(IDENTITIES)) {
		let user = rows(await api.ok('GET', `/users?filter[email][_eq]=${encodeURIComponent(who.email)}`))[0];
		/** @type {string | undefined} */
		let userToken;
		if (who.role) {
			// A user without a role is one a recorded store brought along (tests/support/legacy-store.js: its id
			// is in the ledger rows): it keeps its id and gets the role and the password here.
			if (!user || !user.role) {
				const role = await ensureRole(api, { ...who, role: who.role }, policyIds);
				user = user
					? row(await api.ok('PATCH', `/users/${user.id}`, { password, role: role.id }))
					: row(await api.ok('POST', '/users', { email: who.email, password, role: role.id, first_name: who.role.replace('IU ', '') }));
			}
			const r = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: who.email, password }) });
			if (!r.ok) throw new Error(`login as ${who.email} failed: ${r.status} ${await r.text()}`);
			userToken = /** @type {LoginAnswer} */ (await r.json()).data.access_token;
		} else {
			({ user, token: userToken } = await ensureAgent(api, who, policyIds, true));
		}
		out[key] = { id: user.id, email: who.email, token: userToken, api: client(url, userToken) };
	}
	return out;
}

// ── command ──────────────────────────────────────────────────────────────────

export const ROLES_HELP = `iu-cutter roles [options]: make iu-cutter's access policies and roles in a running Directus (idempotent)

  Makes the policies IU Submitter, IU Reviewer, IU Executor and IU Verifier (their permissions: read the unit store
  and the ledger, and the one create each workflow step needs), and the roles IU Editor (IU Submitter) and
  IU Reviewer (IU Reviewer). Give people these roles in the Data Studio.

  --url <url>            Directus (default: PUBLIC_URL, else http://127.0.0.1:<PORT or 8055>)
  --token <token>        an administrator's static token (or IU_ADMIN_TOKEN); otherwise it logs in with
                         ADMIN_EMAIL and ADMIN_PASSWORD (the environment and ./.env, as \`directus bootstrap\` used them)
  --agents               also make the two agent users, without a role and without a token (DOT-991 executor
                         ${AGENT_EMAILS.executor}, DOT-992 verifier ${AGENT_EMAILS.verifier}); name them in
                         IU_AGENT_EXECUTOR and IU_AGENT_VERIFIER to let the extension's agents cut and verify

Exit code: 0 when done, 1 when Directus refused a request, 2 on bad usage.`;

/** What POST /auth/login answers. @typedef {{ data: { access_token: string } }} LoginAnswer */
/** A failed fetch (its cause: the socket's error) or a refused request (client's `ok`). @typedef {{ message: string, cause?: { code?: string } }} FetchFailure */

/**
 * \`iu-cutter roles\`: returns the exit code. `env`: the settings (process variables and the project's .env).
 * @param {string[]} argv
 * @param {{ env?: Record<string, unknown> }} [options]
 * @returns {Promise<number>}
 */
export async function rolesCommand(argv, { env = process.env } = {}) {
	/** @param {string} name */
	const at = (name) => {
		if (!argv.includes(name)) return undefined;
		const v = argv[argv.indexOf(name) + 1];
		if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
		return v;
	};
	// PUBLIC_URL when it is a whole address (Directus' default is "/"), else the local port Directus listens on.
	const publicUrl = /^https?:\/\//.test(String(env['PUBLIC_URL'] ?? '')) ? String(env['PUBLIC_URL']) : undefined;
	const url = String(at('--url') ?? publicUrl ?? `http://127.0.0.1:${env['PORT'] || 8055}`).replace(/\/+$/, '');
	// A setting is text (a process variable) or what Directus' env parsed it into: used as text.
	let token = at('--token') ?? /** @type {string | undefined} */ (env['IU_ADMIN_TOKEN']);
	if (!token) {
		if (!env['ADMIN_EMAIL'] || !env['ADMIN_PASSWORD'])
			throw new UsageError("no administrator to act as: pass --token <an admin's static token> (or set IU_ADMIN_TOKEN), or set ADMIN_EMAIL and ADMIN_PASSWORD");
		let r;
		try {
			r = await fetch(`${url}/auth/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email: env['ADMIN_EMAIL'], password: String(env['ADMIN_PASSWORD']) }),
			});
		} catch (e) {
			const failure = /** @type {FetchFailure} */ (e);
			throw new UsageError(`cannot reach Directus at ${url} (${failure?.cause?.code ?? failure.message}): start it, or pass --url`);
		}
		if (!r.ok) throw new UsageError(`login as ${env['ADMIN_EMAIL']} at ${url} failed (${r.status}): pass --token <an admin's static token> instead`);
		token = /** @type {LoginAnswer} */ (await r.json()).data.access_token;
	}
	let out;
	try {
		out = await setupAccess({ url, token, agents: argv.includes('--agents') });
	} catch (e) {
		const failure = /** @type {FetchFailure} */ (e);
		if (failure?.cause?.code === 'ECONNREFUSED') throw new UsageError(`cannot reach Directus at ${url}: start it, or pass --url`);
		const auth = /→ 40[13]:/.test(failure.message) ? ` (pass an administrator's static token with --token or IU_ADMIN_TOKEN)` : '';
		console.error(`Directus refused: ${failure.message}${auth}`);
		return 1;
	}
	console.log(`iu-cutter roles on ${url}`);
	for (const [name, id] of Object.entries(out.policies)) console.log(`  policy  ${name}  ${id}`);
	for (const [name, id] of Object.entries(out.roles)) console.log(`  role    ${name}  ${id}`);
	for (const [key, a] of Object.entries(out.agents ?? {})) console.log(`  agent   ${key}  ${a.email}  ${a.id}`);
	if (out.agents) console.log(`  set IU_AGENT_EXECUTOR=${AGENT_EMAILS.executor} and IU_AGENT_VERIFIER=${AGENT_EMAILS.verifier} for Directus to run the agents`);
	return 0;
}
