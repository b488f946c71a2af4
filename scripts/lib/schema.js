// The database schema as data, for the core's schema diff: tables with their
// columns and indexes, and the Directus metadata (collection → field →
// interface). Reading only; every comparison is the core's (schemaDiff).

export async function introspect(k) {
	const tables = k.client.config.client === 'sqlite3' ? await sqliteTables(k) : await pgTables(k);
	return { tables, meta: await directusMeta(k, tables) };
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
	const cols = (await k.raw(`
		select c.table_name, c.column_name, c.data_type, c.character_maximum_length as len, c.is_nullable, c.column_default,
		       exists (select 1 from information_schema.table_constraints tc
		               join information_schema.key_column_usage ku on ku.constraint_name = tc.constraint_name and ku.table_schema = tc.table_schema
		               where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = c.table_schema and tc.table_name = c.table_name and ku.column_name = c.column_name) as primary
		from information_schema.columns c
		join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
		where c.table_schema = current_schema()
		order by c.table_name, c.ordinal_position`)).rows;
	for (const c of cols) {
		out[c.table_name] ??= { columns: {}, indexes: {} };
		out[c.table_name].columns[c.column_name] = {
			data_type: c.len ? `${c.data_type}(${c.len})` : c.data_type,
			nullable: c.is_nullable === 'YES',
			default: c.column_default ?? null,
			primary: c.primary,
		};
	}
	const idx = (await k.raw(`
		select t.relname as table_name, i.relname as index_name, ix.indisunique as is_unique,
		       array_agg(a.attname::text order by k.n) as columns
		from pg_index ix
		join pg_class t on t.oid = ix.indrelid
		join pg_class i on i.oid = ix.indexrelid
		join pg_namespace ns on ns.oid = t.relnamespace
		cross join lateral unnest(ix.indkey) with ordinality as k(attnum, n)
		join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
		where ns.nspname = current_schema()
		group by t.relname, i.relname, ix.indisunique`)).rows;
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
	for (const t of Object.keys(schema.tables)) out[t] = Number((await k(t).count({ n: '*' }))[0].n);
	return out;
}

const quote = (name) => `'${String(name).replaceAll("'", "''")}'`;
