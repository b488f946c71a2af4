import { defineHook } from '@directus/extensions-sdk';
import { defaultVocabulary } from '../lib/vocabulary-default.js';
import type { Knex } from 'knex';
import { ADDRESS_FIELDS, ALIAS, APPEND_ONLY, DOC_CODE_MAX, DOCUMENT, IU_COLLECTIONS, LOGICAL_UNIT } from '../lib/collections.js';
import { loadCore } from '../lib/core.js';
import { invalidAddress } from '../lib/errors.js';
import { AppendOnlyError, DocumentHasUnitsError, DocumentReaddressError, FieldTooLongError, SchemaSealedError, UnitStoreSealedError, UserHasAliasesError } from './errors.js';
import { guardRoute } from './routes.js';
import { refuseNulInItem } from '../lib/text-input.js';
import { payloadLimitGuards } from '../lib/payload-limit.js';
import { Instance, registerInstance } from '../lib/cluster.js';
import { installFastResolve } from '../governance/fast-resolve.js';
import { guardCacheWrites, noteGeneration, registerDataCache, type DataCache } from '../lib/data-cache.js';
import { Agents, registerAgents } from '../governance/agents.js';
import { runAction } from '../governance/index.js';
import { adoptIuSettings } from '../shared/settings.js';
import type { Express as ExpressApp } from 'express';

/**
 * Address policy: the store holds canonical addresses only. A valid but
 * non-canonical input (uppercase, NFD, a citation) is REJECTED with the
 * canonical form in the message, never silently rewritten: an address is an
 * identity, and what a client sends is exactly what is stored. The
 * "Canonical address" interface normalizes in the browser before saving.
 */
async function checkAddress(field: string, value: unknown): Promise<void> {
	const core = await loadCore();
	if (typeof value !== 'string') {
		throw invalidAddress(field, String(value), {
			code: 'not-a-string',
			reason: `expected a string, got ${value === null ? 'null' : typeof value}`,
			offset: 0,
			hint: 'send the canonical address as a string, e.g. "45-2019-qh14/dieu-44/khoan-1"',
		});
	}
	const parsed = core.parseAddress({ input: value });
	if (parsed.ok) return;
	const normalized = core.normalizeAddress({ input: value });
	if (normalized.ok && normalized.canonical) {
		throw invalidAddress(
			field,
			value,
			{
				code: 'not-canonical',
				reason: `"${value}" is a valid address but not in canonical form; its canonical form is "${normalized.canonical}"`,
				offset: parsed.error?.offset ?? 0,
				hint: `send "${normalized.canonical}" instead`,
			},
			normalized.canonical,
		);
	}
	throw invalidAddress(field, value, parsed.error!);
}

/** slug and source_sha256 are derived by the core, never taken from the client. */
async function deriveDocumentFields(payload: Record<string, unknown>, creating: boolean) {
	const core = await loadCore();
	const out = { ...payload };
	delete out['slug'];
	delete out['source_sha256'];
	if (creating || 'doc_code' in payload) {
		const value = payload['doc_code'];
		const r = core.normalizeDocCode({ input: typeof value === 'string' ? value : '' });
		if (!r.ok) throw invalidAddress('doc_code', String(value ?? ''), r.error);
		// PostgreSQL enforces varchar(64), SQLite does not: both answer the same 400 here.
		// The slug can be longer than the code ("Đ" becomes "dd").
		for (const [field, text] of [
			['doc_code', value as string],
			['slug', r.slug],
		] as const) {
			const length = [...text].length;
			if (length > DOC_CODE_MAX) throw new FieldTooLongError({ field, limit: DOC_CODE_MAX, length });
		}
		out['slug'] = r.slug;
	}
	// A new document given a language but no vocabulary starts with its language's (issue 46: "en" left it on "vi").
	if (creating && !('vocabulary' in payload) && typeof payload['language'] === 'string') {
		const vocabulary = defaultVocabulary(payload['language']);
		if (vocabulary) out['vocabulary'] = vocabulary;
	}
	if (creating || 'source_text' in payload) {
		const text = payload['source_text'];
		out['source_sha256'] = typeof text === 'string' ? core.sha256Hex({ text }) : null;
	}
	const now = new Date().toISOString();
	if (creating) out['created_at'] = now;
	else delete out['created_at'];
	out['updated_at'] = now;
	return out;
}

type Meta = { keys?: (string | number)[]; collection?: string };
type Context = { database: Knex };
const ids = (keys: unknown): string[] => (Array.isArray(keys) ? keys.map(String) : keys == null ? [] : [String(keys)]);

/** Units per document, for the documents among `keys` that have any. */
async function unitsOf(database: Knex, keys: string[]): Promise<Map<string, number>> {
	if (keys.length === 0) return new Map();
	const rows: { document: string; n: number | string }[] = await database(LOGICAL_UNIT).whereIn('document', keys).groupBy('document').select('document').count({ n: '*' });
	return new Map(rows.map((r) => [String(r.document), Number(r.n)]));
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

/** The Express app Directus passes to its `middlewares.*` and `routes.*` init events (typed loosely by the SDK). */
const appOf = (meta: Record<string, unknown>) => meta['app'] as ExpressApp;

export default defineHook(({ filter, init }, { database, logger, env, services, getSchema }) => {
	// IU_* lines of the project's .env reach process.env, where every part of iu-cutter reads them (shared/settings.js).
	adoptIuSettings(env as Record<string, unknown>);
	// ── several instances (docs/DEPLOYMENT.md) ────────────────────────────────
	// Directus' data cache, purged after every sealed commit (lib/data-cache.ts). An
	// ItemsService's `.cache` is Directus' one Keyv instance (null with CACHE_ENABLED=false).
	// Without CACHE_ENABLED there is none, and nothing to purge.
	if ((env as Record<string, unknown>)['CACHE_ENABLED'] === true) {
		init('app.after', async () => {
			const cache = (new services.ItemsService(LOGICAL_UNIT, { knex: database, schema: await getSchema() }) as { cache?: DataCache | null }).cache;
			if (!cache) return;
			registerDataCache(async () => cache, logger);
			// Answers read before a sealed commit and stored after its purge are deleted again (lib/data-cache.ts).
			guardCacheWrites(cache, database);
		});
		init('middlewares.after', (meta) => appOf(meta).use(noteGeneration(database)));
	}
	// The heartbeat (lib/cluster.ts): the first beat is written before Directus listens, so a
	// peer that starts later, or earlier, sees this instance before it serves its first request.
	const instance = new Instance(database, env as Record<string, unknown>, logger);
	registerInstance(instance);
	init('app.after', () => instance.start());
	process.once('SIGTERM', () => void instance.stop());

	// ── the executor and verifier agents (governance/agents.ts) ───────────────
	// Run by the extension itself, not by flows (the free licence allows five); off unless
	// IU_AGENT_EXECUTOR / IU_AGENT_VERIFIER name the agent users.
	const agents = new Agents(database, env as Record<string, unknown>, logger, (name, ctx, body) => runAction(name, ctx, body), { services, getSchema });
	registerAgents(agents);
	init('app.after', () => agents.start());
	process.once('SIGTERM', () => agents.stop());

	// ── the database's refusals, readable where no hook runs ──────────────────
	// A Flow with "Emit Events" off reaches the seal's triggers directly. The driver's
	// error keeps its text in a non-enumerable `message`, so a Flow's log (and the
	// webhook's answer) would show only {"code":"SQLITE_CONSTRAINT"}: make the text of
	// iu-cutter's refusals part of the error's JSON, and log it for the operator.
	database.on('query-error', (error: unknown) => {
		if (!(error instanceof Error)) return;
		const at = error.message.indexOf('iu-cutter: ');
		if (at < 0) return;
		const refusal = error.message.slice(at);
		Object.defineProperty(error, 'message', { value: error.message, enumerable: true, writable: true, configurable: true });
		Object.assign(error, { iu_cutter: refusal });
		logger.warn(`refused by the database: ${refusal}`);
	});

	// ── the append-only ledgers ───────────────────────────────────────────────
	// The workflow appends in its own sealed transaction (not through ItemsService),
	// so these filters see only outside writes: the Items API, imports, Flows, the app.
	for (const collection of APPEND_ONLY) {
		for (const event of ['create', 'update', 'delete'] as const) {
			filter(`${collection}.items.${event}`, () => {
				throw new AppendOnlyError({ collection, event });
			});
		}
	}

	// ── the unit store: sealed for every caller ───────────────────────────────
	// An invalid address is answered first (400, with the reason and the byte offset), so
	// a client learns what is wrong with it; any write is then refused (403). The birth
	// gate of earlier versions (created_at fixed, updated_at moved on every change) is
	// the workflow's now: it stamps both on every unit it writes (lib/store.ts).
	const address = { [LOGICAL_UNIT]: 'canonical_address', [ALIAS]: 'alias_text' } as const;
	for (const collection of [LOGICAL_UNIT, ALIAS] as const) {
		const field = address[collection];
		filter(`${collection}.items.create`, async (input) => {
			await checkAddress(field, (input as Record<string, unknown>)[field]);
			throw new UnitStoreSealedError({ collection, event: 'create' });
		});
		filter(`${collection}.items.update`, async (input) => {
			const payload = input as Record<string, unknown>;
			if (field in payload) await checkAddress(field, payload[field]);
			throw new UnitStoreSealedError({ collection, event: 'update' });
		});
		filter(`${collection}.items.delete`, () => {
			throw new UnitStoreSealedError({ collection, event: 'delete' });
		});
		// Content versions: refused at promote, before the update or create it would run.
		filter(`${collection}.items.promote`, () => {
			throw new UnitStoreSealedError({ collection, event: 'promoting a content version' });
		});
	}

	// ── documents: the address-defining fields are fixed once there are units ──
	filter(`${DOCUMENT}.items.create`, (input) => deriveDocumentFields(input as Record<string, unknown>, true));
	filter(`${DOCUMENT}.items.update`, async (input, meta, context) => {
		const out = await deriveDocumentFields(input as Record<string, unknown>, false);
		const touched = ADDRESS_FIELDS.filter((f) => f in out);
		if (touched.length === 0) return out;
		const { database: db } = context as Context;
		const keys = ids((meta as Meta).keys);
		const units = await unitsOf(db, keys);
		if (units.size === 0) return out;
		const rows: Record<string, string>[] = await db(DOCUMENT)
			.whereIn('id', [...units.keys()])
			.select('id', ...ADDRESS_FIELDS);
		for (const row of rows) {
			const field = touched.find((f) => out[f] !== row[f]);
			if (field) throw new DocumentReaddressError({ document: row['id']!, doc_code: row['doc_code']!, field, units: units.get(row['id']!)! });
		}
		return out;
	});
	filter(`${DOCUMENT}.items.delete`, async (keys, _meta, context) => {
		const { database: db } = context as Context;
		const units = await unitsOf(db, ids(keys));
		const [id, n] = [...units.entries()][0] ?? [];
		if (id) {
			const row = await db(DOCUMENT).where({ id }).first('doc_code');
			throw new DocumentHasUnitsError({ document: id, doc_code: row?.doc_code ?? id, units: n! });
		}
		return keys;
	});

	// A user who created aliases: deleting them would null alias.created_by (ON DELETE SET NULL).
	filter('users.delete', async (keys, _meta, context) => {
		const list = ids(keys);
		if (list.length === 0) return keys;
		const { database: db } = context as Context;
		const rows: { created_by: string }[] = await db(ALIAS).whereIn('created_by', list).select('created_by');
		if (rows.length > 0) throw new UserHasAliasesError({ users: [...new Set(rows.map((r) => r.created_by))], aliases: rows.length });
		return keys;
	});

	// ── schema and metadata of iu-cutter's collections ────────────────────────
	// Directus emits these from ItemsService on directus_collections / _fields /
	// _relations (payload: the row; keys: row ids) and, for fields, from
	// FieldsService itself (payload: the field; meta.collection: its collection).
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

	// Bad input (issue 12): a NUL character written to a document through the Items API,
	// and a body over MAX_PAYLOAD_SIZE sent to /iu-cutter/* (413 instead of Directus' 400).
	for (const event of ['create', 'update'] as const) filter(`${DOCUMENT}.items.${event}`, (input) => refuseNulInItem(input));
	const payload = payloadLimitGuards(env as Record<string, unknown>);
	init('middlewares.before', (meta) => appOf(meta).use(payload.declared));

	// Resolve as a read path (governance/fast-resolve.ts): answered ahead of Directus' per-request pipeline.
	init('middlewares.before', (meta) => installFastResolve(appOf(meta), database, env as Record<string, unknown>, logger));
	init('routes.custom.before', (meta) => appOf(meta).use(payload.found));
});
