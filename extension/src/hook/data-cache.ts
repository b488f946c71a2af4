// ── several instances (docs/DEPLOYMENT.md): Directus' data cache ───────────────
// Purged after every sealed commit (lib/data-cache.ts). An ItemsService's `.cache` is Directus' one Keyv
// instance (null with CACHE_ENABLED=false). Without CACHE_ENABLED there is none, and nothing to purge.
import { LOGICAL_UNIT } from '../lib/collections.js';
import { guardCacheWrites, noteGeneration, registerDataCache, type DataCache } from '../lib/data-cache.js';
import { appOf, envOf, type HookContext, type Hooks } from './events.js';

export function registerDataCachePurge({ init }: Hooks, context: HookContext): void {
	if (envOf(context)['CACHE_ENABLED'] !== true) return;
	const { database, services, getSchema, logger } = context;
	init('app.after', async () => {
		const cache = (new services.ItemsService(LOGICAL_UNIT, { knex: database, schema: await getSchema() }) as { cache?: DataCache | null }).cache;
		if (!cache) return;
		registerDataCache(async () => cache, logger);
		// Answers read before a sealed commit and stored after its purge are deleted again (lib/data-cache.ts).
		guardCacheWrites(cache, database);
	});
	init('middlewares.after', (meta) => appOf(meta).use(noteGeneration(database)));
}
