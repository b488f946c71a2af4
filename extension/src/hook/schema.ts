// ── schema and metadata of iu-cutter's collections ────────────────────────
// Directus emits these from ItemsService on directus_collections / _fields / _relations (payload: the row; keys:
// row ids) and, for fields, from FieldsService itself (payload: the field; meta.collection: its collection). The
// doors without a filter event are guarded by route (routes.ts: "the filters in index.ts" there are these).
import type { Knex } from 'knex';
import { IU_COLLECTIONS } from '../lib/collections.js';
import { SchemaSealedError } from './errors.js';
import { appOf, ids, type Context, type HookContext, type Hooks, type Meta } from './events.js';
import { guardRoute } from './routes.js';

export function registerSealedSchema({ filter, init }: Hooks, { database }: HookContext): void {
	filter('collections.create', (payload) => {
		refuseSchema('collections.create', [(payload as Record<string, unknown>)['collection']]);
		return payload;
	});
	filter('collections.update', (payload, meta) => {
		refuseSchema('collections.update', ids((meta as Meta).keys));
		return payload;
	});
	filter('collections.delete', (keys) => {
		refuseSchema('collections.delete', ids(keys));
		return keys;
	});
	for (const event of ['create', 'update', 'delete'] as const) {
		filter(`fields.${event}`, async (payload, meta, context) => {
			const m = meta as Meta;
			const names: unknown[] = [];
			if (m.collection === 'directus_fields') {
				if (event === 'create') names.push((payload as Record<string, unknown>)['collection']);
				else names.push(...(await collectionsOfRows((context as Context).database, 'directus_fields', event === 'delete' ? payload : m.keys)));
			} else names.push(m.collection);
			refuseSchema(`fields.${event}`, names);
			return payload;
		});
		filter(`relations.${event}`, async (payload, meta, context) => {
			const names: unknown[] = [];
			if (event === 'create') {
				const p = payload as Record<string, unknown>;
				names.push(p['many_collection'], p['one_collection']);
			} else {
				names.push(...(await collectionsOfRows((context as Context).database, 'directus_relations', event === 'delete' ? payload : (meta as Meta).keys)));
			}
			refuseSchema(`relations.${event}`, names);
			return payload;
		});
	}

	// Doors without a filter event: relation deletes, event-less collection deletes, /utils/sort.
	init('routes.before', (meta) => {
		const app = appOf(meta);
		app.use((req, _res, next) => {
			guardRoute(req, database).then(() => next(), next);
		});
	});
}

/** The collections that directus_fields / directus_relations rows (by id) belong to. */
async function collectionsOfRows(database: Knex, table: 'directus_fields' | 'directus_relations', keys: unknown): Promise<string[]> {
	const list = ids(keys);
	if (list.length === 0) return [];
	if (table === 'directus_fields') return (await database(table).whereIn('id', list).select('collection')).map((r: { collection: string }) => r.collection);
	const rows: { many_collection: string; one_collection: string | null }[] = await database(table).whereIn('id', list).select('many_collection', 'one_collection');
	return rows.flatMap((r) => [r.many_collection, r.one_collection ?? '']);
}

function refuseSchema(event: string, names: unknown[]): void {
	const hit = names.find((n): n is string => typeof n === 'string' && IU_COLLECTIONS.has(n));
	if (hit) throw new SchemaSealedError({ collection: hit, event });
}
