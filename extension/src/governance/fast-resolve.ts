// The resolve fast path: GET /iu-cutter/resolve answered before Directus'
// per-request pipeline (request logger, schema snapshot, query sanitizer,
// data-cache lookup), which costs ten times what the answer does (the bench:
// /server/ping, with no auth, runs at ~1.6k/s on the 2-core machine; any
// authenticated route at 150–650/s; the warm resolver answers in microseconds).
//
// It decides nothing of its own about who may read: the token is checked by
// Directus' own getAccountabilityForToken, and the capability by the same rule
// as every other route (lib/access.ts), memoized in Directus' permissions cache
// — which Directus clears on every change of permissions, policies, access,
// roles or users, on every instance (through Redis when configured). Whatever
// it is not sure of, it hands to the ordinary route unchanged (next()): no
// token or a cookie session, an invalid or expired token, a refusal, a bad
// query, an error, an Origin header under CORS, an extension's own
// `authenticate` filter, an MCP OAuth token, and every request while this
// instance sees live peers without one shared Redis (lib/cluster.ts): there,
// the permissions cache the fast path relies on is not cleared across instances. That route gives the usual answer
// (the 401, 403 or 400 with its message), so the fast path never has to.
//
// Not installed when a rate limiter is on (it runs after this point and must see
// every request), when Directus' internals are not where 12.4.0 keeps them, or
// with IU_RESOLVE_FAST_PATH=off. Requests it answers carry `X-IU-Resolve: fast`
// and are not in Directus' request log.
import type { Knex } from 'knex';
import type { Accountability } from '@directus/types';
import { capabilityCheck } from '../lib/access.js';
import { loadCore } from '../lib/core.js';
import { clusterKnownUnsafe } from '../lib/cluster.js';
import { directusInternals } from '../lib/directus-internals.js';
import { RawJson } from '../lib/raw-json.js';
import { answerResolve, readResolveRequest } from './resolve.js';

export const FAST_ROUTE = '/iu-cutter/resolve';

interface Req {
	query?: Record<string, unknown>;
	headers: Record<string, string | string[] | undefined>;
}
interface Res {
	set(name: string, value: string): Res;
	type(t: string): Res;
	send(body: string): void;
	json(body: unknown): void;
}
interface App {
	get(path: string, handler: (req: Req, res: Res, next: () => void) => void): void;
}

/** Why the fast path is not installed, or null when it should be. */
export function fastPathOff(env: Record<string, unknown>): string | null {
	const setting = String(env['IU_RESOLVE_FAST_PATH'] ?? process.env['IU_RESOLVE_FAST_PATH'] ?? '').toLowerCase();
	if (['off', 'false', '0'].includes(setting)) return 'IU_RESOLVE_FAST_PATH is off';
	if (env['RATE_LIMITER_ENABLED'] === true || env['RATE_LIMITER_GLOBAL_ENABLED'] === true) return 'a rate limiter is on, and it must see every request';
	return null;
}

/** Exactly one token, from the Authorization header or the access_token parameter (a cookie session takes the ordinary route). */
function tokenOf(req: Req): string | null {
	const header = req.headers['authorization'];
	const query = req.query?.['access_token'];
	const bearer = typeof header === 'string' && /^bearer /i.test(header) ? header.slice(7).trim() : null;
	if (header !== undefined && bearer === null) return null;
	if (bearer && query === undefined) return bearer;
	if (!bearer && header === undefined && typeof query === 'string' && query !== '') return query;
	return null;
}

export async function installFastResolve(app: App, knex: Knex, env: Record<string, unknown>, logger: { info(m: string): void; warn(m: string): void }) {
	const off = fastPathOff(env);
	if (off) {
		logger.info(`iu-cutter: GET ${FAST_ROUTE} takes Directus' ordinary route (${off}).`);
		return;
	}
	const internals = await directusInternals();
	if (typeof internals === 'string') {
		logger.warn(`iu-cutter: GET ${FAST_ROUTE} takes Directus' ordinary route: ${internals}.`);
		return;
	}
	const allowed = capabilityCheck(knex, 'resolve', internals.withPermissionsCache);
	const cors = env['CORS_ENABLED'] === true;

	/** true when answered; false to hand the request to the ordinary route. */
	const answer = async (req: Req, res: Res): Promise<boolean> => {
		const token = tokenOf(req);
		// A citation is found and resolved by the ordinary route (resolve-citation.ts).
		if (req.query?.['citation'] !== undefined) return false;
		if (!token || (cors && req.headers['origin'] !== undefined) || internals.authenticateListeners() > 0 || clusterKnownUnsafe()) return false;
		const accountability: Accountability = await internals.getAccountabilityForToken(token, internals.createDefaultAccountability({ ip: internals.getIPFromReq(req) }));
		if (!accountability.user || (accountability as { oauth?: unknown }).oauth || !(await allowed(accountability))) return false;
		const { access_token: _token, ...query } = req.query ?? {};
		const data = await answerResolve({ knex, core: await loadCore(), accountability }, readResolveRequest(query));
		res.set('X-IU-Resolve', 'fast');
		if (data instanceof RawJson) res.type('application/json').send(`{"data":${data.text}}`);
		else res.json({ data });
		return true;
	};
	app.get(FAST_ROUTE, (req, res, next) => {
		answer(req, res).then(
			(done) => done || next(),
			// Not ours to answer (a bad token, a bad query, an unknown document…): the ordinary route says why.
			() => next(),
		);
	});
}
