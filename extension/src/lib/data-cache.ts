// Directus' data cache (CACHE_ENABLED=true): whole GET /items and /graphql
// responses, kept for CACHE_TTL, in this process (CACHE_STORE=memory) or in
// Redis shared by every instance (CACHE_STORE=redis). Directus purges it when
// its own services write (CACHE_AUTO_PURGE), but the workflow writes units,
// aliases and ledger rows with knex inside its sealed transactions, so nothing
// would purge it: every instance would serve pre-CUT rows until the TTL.
//
// So every sealed transaction purges the cache after it commits
// (lib/seal.ts). After, not before or inside: a request served between a purge
// and the commit would read the old rows from the database and cache them
// again. With CACHE_STORE=redis the purge clears the one shared store, so every
// instance misses and reads the new rows. With CACHE_STORE=memory it clears
// only this process's copy, which is correct for one instance; several such
// instances are refused by lib/cluster.ts.
//
// The purge runs whether or not CACHE_AUTO_PURGE is on: that setting lets an
// operator accept stale content they write themselves, but a governed CUT
// whose result the API does not show looks like a CUT that did not happen.
//
// A purge after commit still leaves one race: a GET that read the old rows
// before the commit and stores its answer after the purge (on any instance)
// would keep it until CACHE_TTL. So answers are stored under a guard
// (`guardCacheWrites`): each cacheable request notes the ledger's generation —
// the newest checkpoint's seq, which every sealed commit that changes a row
// moves, in the same transaction — before it reads anything; after storing its
// answer it looks again, and if a commit happened meanwhile it deletes what it
// stored. Either the commit came after that second look, and then its purge
// (after the commit) comes after the store too, or the guard deletes the
// answer itself: no answer older than a commit outlives the commit's purge.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';
import { CHECKPOINTS } from './checkpoint.js';

/** The part of Directus' Keyv instance the purge and the guard use. */
export interface DataCache {
	clear(): Promise<void>;
	set(key: string, value: unknown, ttl?: number): Promise<unknown>;
	delete(key: string): Promise<unknown>;
}

type Logger = { error(message: string): void };

let source: (() => Promise<DataCache | null | undefined>) | null = null;
let logger: Logger = { error: (m) => console.error(m) };

/**
 * The hook registers how to reach the data cache: an ItemsService's `.cache`
 * (Directus gives extensions its services, not cache.js). Not registered when
 * CACHE_ENABLED is false: there is no data cache then.
 */
export function registerDataCache(get: () => Promise<DataCache | null | undefined>, log?: Logger): void {
	source = get;
	if (log) logger = log;
}

/**
 * Clears the data cache after a sealed transaction committed. A failure (Redis
 * down) is logged, not thrown: the rows are committed and signed, so the step
 * succeeded and answers so; the log tells the operator the cache may be stale
 * until CACHE_TTL.
 */
export async function purgeDataCache(): Promise<void> {
	if (!source) return;
	try {
		const cache = await source();
		await cache?.clear();
	} catch (e) {
		logger.error(
			`iu-cutter: a workflow step committed but Directus' data cache could not be purged (${(e as Error).message}): /items and /graphql may serve the rows from before it until CACHE_TTL. Check the cache store (CACHE_STORE, REDIS), or clear it with \`npx directus cache clear\`.`,
		);
	}
}

// ── the guard against answers read before a commit ───────────────────────────

/** The ledger generation a request saw before it read anything (undefined outside a guarded request). */
const requestGeneration = new AsyncLocalStorage<number | null>();

/** The newest checkpoint's seq (null: none yet). One indexed lookup (iu0004: seq is unique). */
async function generation(knex: Knex): Promise<number | null> {
	const row = await knex(CHECKPOINTS).max({ seq: 'seq' }).first();
	return row?.['seq'] == null ? null : Number(row['seq']);
}

/** What `cacheable` reads of a request. */
type CacheableReq = { method?: string; path?: string; url?: string };

/** The requests whose answers Directus caches and a sealed write can change. */
const cacheable = (req: CacheableReq) => {
	const path = req.path ?? req.url ?? '';
	return path.startsWith('/graphql') || (req.method === 'GET' && path.startsWith('/items/'));
};

/**
 * Express middleware, after Directus' own middlewares (body parsing,
 * authentication, the cache lookup) and before the routes that read: notes
 * the ledger generation for the rest of a cacheable request. Not earlier: a
 * context entered before the body parser is lost in its stream callbacks,
 * while from here to Directus' `respond` (which stores the answer) everything
 * is promises, which carry it. A failed lookup (NaN) means the answer is
 * deleted again after it is stored (see below).
 */
export function noteGeneration(knex: Knex) {
	return (req: CacheableReq, _res: unknown, next: (e?: unknown) => void) => {
		if (!cacheable(req)) return next();
		generation(knex).then(
			(g) => requestGeneration.run(g, next),
			() => requestGeneration.run(Number.NaN, next),
		);
	};
}

const guarded = new WeakSet<object>();

/**
 * Wraps the data cache's `set` (once): an answer stored by a request during
 * which a sealed commit happened is deleted again. NaN (the generation could
 * not be read) never equals anything, so such an answer is deleted too.
 */
export function guardCacheWrites(cache: DataCache, knex: Knex): void {
	if (guarded.has(cache)) return;
	guarded.add(cache);
	const set = cache.set.bind(cache);
	cache.set = async (key, value, ttl) => {
		const seen = requestGeneration.getStore();
		const stored = await set(key, value, ttl);
		if (seen !== undefined) {
			const now = await generation(knex).catch(() => Number.NaN);
			if (now !== seen) await cache.delete(key);
		}
		return stored;
	};
}
