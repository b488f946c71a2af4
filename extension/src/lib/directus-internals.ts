// The few parts of the running Directus (12.4.0, pinned) that the resolve fast
// path (governance/fast-resolve.ts) reuses instead of re-implementing: how a
// token becomes an accountability, the client IP rule, the `authenticate`
// filter's listeners, and the permissions cache (memory, or memory + Redis
// with cross-instance invalidation), which Directus clears whenever a
// permission, policy, access row, role or user changes through its services.
//
// They are loaded from the very files the running Directus loaded (resolved
// from the script that started it, or from the working folder), so they are
// the same module instances: the same caches, the same secret, the same knex.
// Anything missing (another Directus layout) answers null, and the fast path
// is simply not installed: every request takes Directus' ordinary pipeline.
import { createRequire } from 'node:module';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Accountability } from '@directus/types';

export interface DirectusInternals {
	/** Directus' own token check: JWT (signature, expiry, session row) or static token; throws when invalid. */
	getAccountabilityForToken(token: string, accountability: Accountability): Promise<Accountability>;
	createDefaultAccountability(overrides?: Partial<Accountability>): Accountability;
	getIPFromReq(req: unknown): string | null;
	/** Listeners of the `authenticate` filter (an extension's own authentication): when there are any, only Directus' pipeline decides. */
	authenticateListeners(): number;
	/** Directus' own test of a policy's IP allow-list (`ip_access`: addresses, CIDR subnets, ranges). */
	ipInNetworks(ip: string, networks: string[]): boolean;
	/** A function memoized in Directus' permissions cache (cleared with it on every change of access). Values must be JSON. */
	withPermissionsCache<A extends unknown[], R>(namespace: string, fn: (...args: A) => Promise<R>, key: (...args: A) => unknown): (...args: A) => Promise<R>;
}

const FILES = {
	token: 'utils/get-accountability-for-token',
	defaults: 'permissions/utils/create-default-accountability',
	ip: 'utils/get-ip-from-req',
	emitter: 'emitter',
	withCache: 'permissions/utils/with-cache',
} as const;

/**
 * Where `specifier` is, as the running Directus resolves it: from the script that
 * started it, through @directus/api or directus, or from the working folder.
 */
export function resolveBesideDirectus(specifier: string): string | null {
	const starts: string[] = [];
	try {
		if (process.argv[1]) starts.push(realpathSync(process.argv[1]));
	} catch {
		/* not a file: the working folder */
	}
	starts.push(join(process.cwd(), 'package.json'));
	for (const start of starts) {
		const require = createRequire(start);
		for (const via of [null, '@directus/api', 'directus']) {
			try {
				return via ? createRequire(require.resolve(via)).resolve(specifier) : require.resolve(specifier);
			} catch {
				/* next */
			}
		}
	}
	return null;
}

let loaded: Promise<DirectusInternals | string> | undefined;

/** The internals, or why they could not be loaded (loaded once per process). */
export function directusInternals(): Promise<DirectusInternals | string> {
	loaded ??= load().catch((error: unknown) => `Directus' internals could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
	return loaded;
}

async function load(): Promise<DirectusInternals | string> {
	const emitterPath = resolveBesideDirectus('@directus/api/emitter');
	if (!emitterPath) return '@directus/api could not be found beside the running Directus';
	const from = createRequire(emitterPath);
	const imp = async (specifier: string) => import(pathToFileURL(realpathSync(from.resolve(specifier))).href);
	const [token, defaults, ip, emitter, withCache] = await Promise.all(Object.values(FILES).map((name) => imp(`@directus/api/${name}`)));
	// @directus/utils as @directus/api itself resolves it.
	const utils = await imp('@directus/utils/node');
	const ipInNetworks = utils.ipInNetworks;
	const getAccountabilityForToken = token.getAccountabilityForToken;
	const createDefaultAccountability = defaults.createDefaultAccountability;
	const getIPFromReq = ip.getIPFromReq;
	const filterEmitter = emitter.default?.filterEmitter;
	const memo = withCache.withCache;
	for (const [name, value] of Object.entries({ getAccountabilityForToken, createDefaultAccountability, getIPFromReq, memo, ipInNetworks })) {
		if (typeof value !== 'function') return `@directus/api has no ${name} where Directus 12.4.0 has it`;
	}
	if (typeof filterEmitter?.listeners !== 'function') return "@directus/api's emitter has no filterEmitter";
	return {
		getAccountabilityForToken,
		createDefaultAccountability,
		getIPFromReq,
		authenticateListeners: () => filterEmitter.listeners('authenticate').length,
		ipInNetworks,
		withPermissionsCache: memo,
	};
}
