// The database schema as data, for the core's schema diff: tables with their
// columns and indexes, and the Directus metadata (collection → field →
// interface). Reading only; every comparison of those is the core's (schemaDiff).
//
// Triggers and (PostgreSQL) trigger functions are read too — the seal of
// iu0004 is made of them — as `triggers` (table.trigger → detail) and
// `functions` (name → detail). The core's Schema does not model them yet and
// ignores the two keys; `schemaDiff` below adds their items to the core's diff.
import { createHash } from 'node:crypto';

/** @typedef {import('knex').Knex} Knex */
/** @typedef {import('../core-types/index.js').Table} Table */
/** @typedef {import('../core-types/index.js').SchemaItem} SchemaItem */
/** @typedef {import('../core-types/index.js').SchemaChange} SchemaChange */
/** The core's Schema, with the triggers and functions beside it (name → detail). @typedef {import('../core-types/index.js').Schema & { triggers?: Record<string, string>, functions?: Record<string, string> }} Introspected */
/** The core's schema diff, with those of the triggers and functions added. @typedef {{ added: SchemaItem[], removed: SchemaItem[], changed: SchemaChange[] }} FullDiff */
/** What of the built core the diff calls. @typedef {{ schemaDiff(params: import('../core-types/index.js').ISchemaDiffParams): import('../core-types/index.js').Outcome<import('../core-types/index.js').ISchemaDiffResult> }} SchemaCore */

/**
 * @param {Knex} k
 * @returns {Promise<Introspected>}
 */
export async function introspect(k) {
	const sqlite = k.client.config.client === 'sqlite3';
	const tables = sqlite ? await sqliteTables(k) : await pgTables(k);
	const { triggers, functions } = sqlite ? await sqliteTriggers(k) : await pgTriggers(k);
	return { tables, meta: await directusMeta(k, tables), triggers, functions };
}

/**
 * The core's diff of two introspected schemas, plus the triggers and functions
 * added, removed or changed (kinds `trigger` and `function`, which the core
 * sorts after its own kinds).
 * @param {SchemaCore} core
 * @param {Introspected} before
 * @param {Introspected} after
 * @returns {import('../core-types/index.js').Failure | { ok: true, diff: FullDiff }}
 */
export function schemaDiff(core, before, after) {
	const r = core.schemaDiff({ before, after });
	if (!r.ok) return r;
	// The core always sends all three lists (they are optional only in what it reads).
	/** @type {FullDiff} */
	const diff = { added: [...(r.diff.added ?? [])], removed: [...r.diff.removed], changed: [...(r.diff.changed ?? [])] };
	for (const kind of /** @type {const} */ (['trigger', 'function'])) {
		const was = before[`${kind}s`] ?? {};
		const now = after[`${kind}s`] ?? {};
		for (const [name, detail] of byName(was)) {
			const then = now[name];
			if (then === undefined) diff.removed.push({ kind, name, detail });
			else if (detail !== then) diff.changed.push({ kind, name, before: detail, after: then });
		}
		for (const [name, detail] of byName(now)) if (!(name in was)) diff.added.push({ kind, name, detail });
	}
	return { ok: true, diff };
}

/**
 * The entries of name → detail, sorted by name (as `Object.keys(…).sort()` sorts: by UTF-16 code units).
 * @param {Record<string, string>} details
 * @returns {[string, string][]}
 */
const byName = (details) => Object.entries(details).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** @param {string} text */
const short = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);

// `before insert on t when … (definition sha256 …)`: what the trigger reacts to, readable; its body by hash.
/**
 * @param {Knex} k
 * @returns {Promise<{ triggers: Record<string, string>, functions: Record<string, string> }>}
 */
async function sqliteTriggers(k) {
	/** @type {Record<string, string>} */
	const triggers = {};
	for (const t of await k.raw(`select name, tbl_name, sql from sqlite_master where type = 'trigger' order by name`)) {
		const sql = String(t.sql).replace(/\s+/g, ' ').trim();
		const head = sql.replace(/^CREATE TRIGGER\s+(IF NOT EXISTS\s+)?\S+\s+/i, '').replace(/\s+BEGIN\s.*$/i, '');
		triggers[`${t.tbl_name}.${t.name}`] = `${head.toLowerCase()} (definition sha256 ${short(sql)})`;
	}
	return { triggers, functions: {} };
}

/**
 * @param {Knex} k
 * @returns {Promise<{ triggers: Record<string, string>, functions: Record<string, string> }>}
 */
async function pgTriggers(k) {
	/** @type {Record<string, string>} */
	const triggers = {};
	const rows = (
		await k.raw(`
		select c.relname as table_name, t.tgname as name, pg_get_triggerdef(t.oid) as def
		from pg_trigger t
		join pg_class c on c.oid = t.tgrelid
		join pg_namespace ns on ns.oid = c.relnamespace
		where not t.tgisinternal and ns.nspname = current_schema()
		order by c.relname, t.tgname`)
	).rows;
	for (const t of rows) {
		// CREATE TRIGGER name BEFORE INSERT ON schema.table FOR EACH ROW EXECUTE FUNCTION f('…', '…')
		const m = /^CREATE (?:CONSTRAINT )?TRIGGER \S+ (.*?) ON \S+ (FOR EACH \w+)(?: WHEN \((.*?)\))? EXECUTE (?:FUNCTION|PROCEDURE) ([^(]+)\(('[^']*')?/i.exec(t.def);
		const head = m ? `${m[1]} ${m[2]}${m[3] ? ` when (${m[3]})` : ''} execute ${m[4]}(${m[5] ? `${m[5]}, …` : ''})` : t.def;
		// The hash leaves out the schema the table lives in (`public.`), which is the installation's choice.
		triggers[`${t.table_name}.${t.name}`] = `${head.toLowerCase()} (definition sha256 ${short(t.def.replace(/ ON [^ .]+\./, ' ON '))})`;
	}
	/** @type {Record<string, string>} */
	const functions = {};
	const fns = (
		await k.raw(`
		select p.proname as name, l.lanname as language, pg_get_function_result(p.oid) as result, p.prosrc as body
		from pg_proc p
		join pg_namespace ns on ns.oid = p.pronamespace
		join pg_language l on l.oid = p.prolang
		where ns.nspname = current_schema()
		order by p.proname`)
	).rows;
	for (const f of fns) functions[f.name] = `${f.language} returns ${f.result} (body sha256 ${short(f.body)})`;
	return { triggers, functions };
}

/**
 * @param {Knex} k
 * @returns {Promise<Record<string, Table>>}
 */
async function sqliteTables(k) {
	/** @type {Record<string, Table>} */
	const out = {};
	/** @type {string[]} */
	const names = (await k.raw(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)).map((/** @type {{ name: string }} */ r) => r.name);
	for (const t of names) {
		/** @type {Table['columns']} */
		const columns = {};
		for (const c of await k.raw(`pragma table_info(${quote(t)})`)) {
			columns[c.name] = { data_type: String(c.type).toLowerCase(), nullable: !c.notnull && !c.pk, default: c.dflt_value == null ? null : String(c.dflt_value), primary: c.pk > 0 };
		}
		/** @type {NonNullable<Table['indexes']>} */
		const indexes = {};
		for (const i of await k.raw(`pragma index_list(${quote(t)})`)) {
			/** @type {{ seqno: number, name: string }[]} */
			const info = await k.raw(`pragma index_info(${quote(i.name)})`);
			const cols = info.sort((a, b) => a.seqno - b.seqno).map((c) => c.name);
			indexes[i.name] = { columns: cols, unique: Boolean(i.unique) };
		}
		out[t] = { columns, indexes };
	}
	return out;
}

/**
 * @param {Knex} k
 * @returns {Promise<Record<string, { columns: Table['columns'], indexes: NonNullable<Table['indexes']> }>>}
 */
async function pgTables(k) {
	/** @type {Record<string, { columns: Table['columns'], indexes: NonNullable<Table['indexes']> }>} */
	const out = {};
	const cols = (
		await k.raw(`
		-- Each part once, materialized: PostgreSQL otherwise plans information_schema's views into one nested
		-- query that took ~0.4 s (a per-column lookup in the constraint views) to 0.2 s; this takes ~0.05 s,
		-- and the gated runner introspects before and after every step. The same rows as those views give.
		with base as materialized (
		  select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'
		), cols as materialized (
		  select * from information_schema.columns where table_schema = current_schema()
		), pk as materialized (
		  select cl.relname::text as table_name, a.attname::text as column_name
		  from pg_index ix
		  join pg_class cl on cl.oid = ix.indrelid
		  join pg_namespace ns on ns.oid = cl.relnamespace
		  join pg_attribute a on a.attrelid = cl.oid and a.attnum = any(ix.indkey)
		  where ix.indisprimary and ns.nspname = current_schema()
		)
		select c.table_name, c.column_name, c.data_type, c.character_maximum_length as len, c.is_nullable, c.column_default,
		       pk.column_name is not null as primary
		from cols c
		join base t on t.table_name = c.table_name
		left join pk on pk.table_name = c.table_name and pk.column_name = c.column_name
		order by c.table_name, c.ordinal_position`)
	).rows;
	for (const c of cols) {
		const table = (out[c.table_name] ??= { columns: {}, indexes: {} });
		table.columns[c.column_name] = {
			data_type: c.len ? `${c.data_type}(${c.len})` : c.data_type,
			nullable: c.is_nullable === 'YES',
			default: c.column_default ?? null,
			primary: c.primary,
		};
	}
	const idx = (
		await k.raw(`
		select t.relname as table_name, i.relname as index_name, ix.indisunique as is_unique,
		       array_agg(a.attname::text order by k.n) as columns
		from pg_index ix
		join pg_class t on t.oid = ix.indrelid
		join pg_class i on i.oid = ix.indexrelid
		join pg_namespace ns on ns.oid = t.relnamespace
		cross join lateral unnest(ix.indkey) with ordinality as k(attnum, n)
		join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
		where ns.nspname = current_schema()
		group by t.relname, i.relname, ix.indisunique`)
	).rows;
	for (const i of idx) {
		const table = out[i.table_name];
		if (table) table.indexes[i.index_name] = { columns: i.columns, unique: i.is_unique };
	}
	return out;
}

/**
 * @param {Knex} k
 * @param {Record<string, Table>} tables
 * @returns {Promise<Record<string, Record<string, string>>>}
 */
async function directusMeta(k, tables) {
	/** @type {Record<string, Record<string, string>>} */
	const meta = {};
	if (!tables['directus_collections'] || !tables['directus_fields']) return meta;
	for (const c of await k('directus_collections').select('collection')) meta[c.collection] = {};
	for (const f of await k('directus_fields').select('collection', 'field', 'interface')) {
		(meta[f.collection] ??= {})[f.field] = f.interface ?? '';
	}
	return meta;
}

/**
 * Row count of every table.
 * @param {Knex} k
 * @param {{ tables: Record<string, unknown> }} schema
 * @returns {Promise<Record<string, number>>}
 */
export async function rowCounts(k, schema) {
	/** @type {Record<string, number>} */
	const out = {};
	// iu_instance (iu0005) holds the heartbeats of running Directus instances: they write it
	// while a migration runs, so its count says nothing about what the migration did.
	for (const t of Object.keys(schema.tables)) if (t !== 'iu_instance') out[t] = Number((await k(t).count({ n: '*' }))[0]?.['n']);
	return out;
}

/** @param {string} name */
const quote = (name) => `'${String(name).replaceAll("'", "''")}'`;
