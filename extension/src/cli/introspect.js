// The database schema as data, for the core's schema diff: tables with their
// columns and indexes, and the Directus metadata (collection → field →
// interface). Reading only; every comparison of those is the core's (schemaDiff).
//
// Triggers and (PostgreSQL) trigger functions are read too — the seal of
// iu0004 is made of them — as `triggers` (table.trigger → detail) and
// `functions` (name → detail). The core's Schema does not model them yet and
// ignores the two keys; `schemaDiff` below adds their items to the core's diff.
import { createHash } from 'node:crypto';

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
 */
export function schemaDiff(core, before, after) {
	const r = core.schemaDiff({ before, after });
	if (!r.ok) return r;
	const diff = { added: [...r.diff.added], removed: [...r.diff.removed], changed: [...r.diff.changed] };
	for (const kind of ['trigger', 'function']) {
		const was = before[`${kind}s`] ?? {};
		const now = after[`${kind}s`] ?? {};
		for (const name of Object.keys(was).sort()) {
			if (!(name in now)) diff.removed.push({ kind, name, detail: was[name] });
			else if (was[name] !== now[name]) diff.changed.push({ kind, name, before: was[name], after: now[name] });
		}
		for (const name of Object.keys(now).sort()) if (!(name in was)) diff.added.push({ kind, name, detail: now[name] });
	}
	return { ok: true, diff };
}

const short = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);

// `before insert on t when … (definition sha256 …)`: what the trigger reacts to, readable; its body by hash.
async function sqliteTriggers(k) {
	const triggers = {};
	for (const t of await k.raw(`select name, tbl_name, sql from sqlite_master where type = 'trigger' order by name`)) {
		const sql = String(t.sql).replace(/\s+/g, ' ').trim();
		const head = sql.replace(/^CREATE TRIGGER\s+(IF NOT EXISTS\s+)?\S+\s+/i, '').replace(/\s+BEGIN\s.*$/i, '');
		triggers[`${t.tbl_name}.${t.name}`] = `${head.toLowerCase()} (definition sha256 ${short(sql)})`;
	}
	return { triggers, functions: {} };
}

async function pgTriggers(k) {
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

async function sqliteTables(k) {
	const out = {};
	const names = (await k.raw(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)).map((r) => r.name);
	for (const t of names) {
		const columns = {};
		for (const c of await k.raw(`pragma table_info(${quote(t)})`)) {
			columns[c.name] = { data_type: String(c.type).toLowerCase(), nullable: !c.notnull && !c.pk, default: c.dflt_value == null ? null : String(c.dflt_value), primary: c.pk > 0 };
		}
		const indexes = {};
		for (const i of await k.raw(`pragma index_list(${quote(t)})`)) {
			const cols = (await k.raw(`pragma index_info(${quote(i.name)})`)).sort((a, b) => a.seqno - b.seqno).map((c) => c.name);
			indexes[i.name] = { columns: cols, unique: Boolean(i.unique) };
		}
		out[t] = { columns, indexes };
	}
	return out;
}

async function pgTables(k) {
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
		out[c.table_name] ??= { columns: {}, indexes: {} };
		out[c.table_name].columns[c.column_name] = {
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
		if (out[i.table_name]) out[i.table_name].indexes[i.index_name] = { columns: i.columns, unique: i.is_unique };
	}
	return out;
}

async function directusMeta(k, tables) {
	const meta = {};
	if (!tables.directus_collections || !tables.directus_fields) return meta;
	for (const c of await k('directus_collections').select('collection')) meta[c.collection] = {};
	for (const f of await k('directus_fields').select('collection', 'field', 'interface')) {
		meta[f.collection] ??= {};
		meta[f.collection][f.field] = f.interface ?? '';
	}
	return meta;
}

/** Row count of every table. */
export async function rowCounts(k, schema) {
	const out = {};
	// iu_instance (iu0005) holds the heartbeats of running Directus instances: they write it
	// while a migration runs, so its count says nothing about what the migration did.
	for (const t of Object.keys(schema.tables)) if (t !== 'iu_instance') out[t] = Number((await k(t).count({ n: '*' }))[0].n);
	return out;
}

const quote = (name) => `'${String(name).replaceAll("'", "''")}'`;
