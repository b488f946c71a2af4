// iu0004 — the sealed unit store (DESIGN §8). Units, aliases, the
// address-defining fields of a document that has units, the governance ledger,
// its signed checkpoints and the migration ledger change only inside a
// transaction that opened the seal: the CUT / VERIFY workflow's own
// transactions (extension/src/lib/seal.ts) and the migration runner. Every
// other writer — the Items API through any door, a Flow with "Emit Events"
// off (no hook runs), a database session — is refused by a trigger, on SQLite
// and on PostgreSQL alike. The ledger tables are append-only: an UPDATE or a
// DELETE is refused even under the seal.
//
// The seal:
// - PostgreSQL: the transaction-local setting `iu_cutter.seal`
//   (`select set_config('iu_cutter.seal', '<txn uuid>', true)`); it ends with the
//   transaction, whatever happens.
// - SQLite: a row in `iu_seal`, inserted at the start of the workflow's
//   transaction and deleted before it commits. Triggers of the main schema
//   cannot see TEMP tables, and other connections never see an uncommitted row.
//   On PostgreSQL `iu_seal` is unused and refuses every write.
//
// `iu_seal` and `iu_ledger_checkpoint` have no primary key on purpose: Directus
// ignores such tables ("doesn't have a primary key column and will be
// ignored"), so no Directus door reaches them. Signed checkpoints of the ledger
// chain are written into `iu_ledger_checkpoint` by the workflow.
//
// The twelfth ledger table, `ledger_incident` (append-only, sealed and hash-chained
// like the other eleven, read-only under "Governance ledger" in the Data Studio):
// when VERIFY finds tampering, one incident row records the findings and the rows
// and checkpoints it disowns (POST /iu-cutter/incident); a governed repair then puts
// the store back to the ledger's after-images. And the index (unit_id, ledger_seq)
// on cut_change_set_affected_row: the drift audit looks up the last image per unit
// id, which with (unit_id) alone costs more with every change of the unit.
//
// Works on a database that already holds units and ledger rows: it creates three
// empty tables, an index and the triggers, registers the incident collection, and
// changes no other row. `down` removes all of it.
import { LEDGER_COLLECTIONS, LEDGER_FIELDS } from './iu0002-governance-ledger.js';

export const SEAL_TABLE = 'iu_seal';
export const SEAL_SETTING = 'iu_cutter.seal';
export const CHECKPOINT_TABLE = 'iu_ledger_checkpoint';
export const MIGRATION_LEDGER = 'iu_migration_ledger';
export const INCIDENT_TABLE = 'ledger_incident';
/** Every table of the hash chain (one `ledger_seq` across them), in the order rows are inserted. */
export const LEDGER_TABLES = [...LEDGER_COLLECTIONS, INCIDENT_TABLE];
/** The columns of each ledger table after the chain columns: exactly what the chain hashes. */
export const LEDGER_TABLE_FIELDS = {
	...LEDGER_FIELDS,
	[INCIDENT_TABLE]: ['document', 'reported_by', 'note', 'finding', 'disowned'],
};
/** Tables whose every write needs the seal. */
export const SEALED_TABLES = ['logical_unit', 'canonical_address_alias'];
/** Append-only tables: INSERT under the seal, UPDATE and DELETE never. */
export const APPEND_ONLY_TABLES = [...LEDGER_TABLES, CHECKPOINT_TABLE, MIGRATION_LEDGER];
/** The columns of legal_document a unit's address is derived from. */
export const ADDRESS_FIELDS = ['doc_code', 'slug', 'vocabulary'];

const GUARD = 'iu_cutter_seal_guard';
const NOTHING = 'Nothing was written.';
const WORKFLOW = 'the CUT / VERIFY workflow (POST /iu-cutter/preview → submit → review → cut)';

const WHO_APPENDS = {
	[CHECKPOINT_TABLE]: 'the CUT / VERIFY workflow, which signs what each of its transactions appended',
	[MIGRATION_LEDGER]: 'the migration runner (npm run migrate)',
};

/** Every trigger, as data: both dialects are generated from this one list. */
export function sealTriggers() {
	const out = [];
	const add = (table, op, when, message) => out.push({ table, name: `iu_seal_${table}_${op}`, op, when, message });
	for (const table of SEALED_TABLES) {
		const what = table === 'logical_unit' ? 'units change' : 'aliases change';
		for (const op of ['insert', 'update', 'delete']) {
			add(table, op, 'unsealed', `iu-cutter: ${table} is sealed: ${what} only through ${WORKFLOW}. ${NOTHING}`);
		}
	}
	for (const table of APPEND_ONLY_TABLES) {
		const who = WHO_APPENDS[table] ?? 'the CUT / VERIFY workflow (POST /iu-cutter/…) inside its sealed transaction';
		add(table, 'insert', 'unsealed', `iu-cutter: ${table} is append-only and sealed: rows are appended only by ${who}. ${NOTHING}`);
		for (const op of ['update', 'delete']) {
			add(table, op, 'always', `iu-cutter: ${table} is append-only: its rows are never updated or deleted, by anyone. ${NOTHING}`);
		}
	}
	add(
		'legal_document',
		'readdress',
		'document-readdress',
		`iu-cutter: this legal_document has units: doc_code, slug and vocabulary define their canonical addresses, so changing them would readdress every unit outside ${WORKFLOW}. Create a new document instead. ${NOTHING}`,
	);
	add(
		'legal_document',
		'delete',
		'document-delete',
		`iu-cutter: this legal_document has units and cannot be deleted: units are removed only through ${WORKFLOW} (e.g. a rollback of the CUT that created them). ${NOTHING}`,
	);
	return out;
}

const isPg = (knex) => /^(pg|postgres)/.test(String(knex.client.config.client));
const literal = (s) => `'${s.replaceAll("'", "''")}'`;

export async function up(knex) {
	await knex.transaction(async (trx) => {
		for (const table of [SEAL_TABLE, CHECKPOINT_TABLE, INCIDENT_TABLE]) {
			if (await trx.schema.hasTable(table)) throw new Error(`iu0004: table "${table}" already exists; rename or drop it before installing iu-cutter`);
		}
		for (const table of [...SEALED_TABLES, ...LEDGER_COLLECTIONS, MIGRATION_LEDGER, 'legal_document']) {
			if (!(await trx.schema.hasTable(table))) throw new Error(`iu0004: table "${table}" is missing: apply iu0001 and iu0002 through the migration runner (npm run migrate) first`);
		}
		// No primary key: invisible to Directus.
		await trx.schema.createTable(SEAL_TABLE, (t) => {
			t.string('opened_at', 32).notNullable();
			t.string('txn', 36).notNullable();
		});
		await trx.schema.createTable(CHECKPOINT_TABLE, (t) => {
			t.bigInteger('seq').notNullable().unique();
			t.bigInteger('from_seq').notNullable();
			t.bigInteger('prev_seq').notNullable();
			t.string('head', 64).notNullable();
			t.string('recorded_at', 32).notNullable();
			t.string('key_id', 16).notNullable();
			t.string('signature', 128).notNullable();
			t.string('v', 32).notNullable();
		});
		await createIncidentTable(trx);
		await trx.schema.alterTable(AFFECTED, (t) => t.index(['unit_id', 'ledger_seq'], AFFECTED_INDEX));
		await trx('directus_collections').insert(INCIDENT_COLLECTION);
		await trx('directus_fields').insert(incidentFields());
		await trx('directus_relations').insert(INCIDENT_RELATIONS);
		if (isPg(trx)) await upPostgres(trx);
		else await upSqlite(trx);
	});
}

export async function down(knex) {
	await knex.transaction(async (trx) => {
		const pg = isPg(trx);
		for (const t of sealTriggers()) await trx.raw(pg ? `drop trigger if exists ${t.name} on ${t.table}` : `drop trigger if exists ${t.name}`);
		if (pg) {
			for (const op of ['insert', 'update', 'delete']) await trx.raw(`drop trigger if exists iu_seal_${SEAL_TABLE}_${op} on ${SEAL_TABLE}`);
			for (const table of truncatable()) await trx.raw(`drop trigger if exists iu_seal_${table}_truncate on ${table}`);
			await trx.raw(`drop function if exists ${GUARD}()`);
		}
		await trx('directus_relations').where({ many_collection: INCIDENT_TABLE }).delete();
		await trx('directus_fields').where({ collection: INCIDENT_TABLE }).delete();
		await trx('directus_collections').where({ collection: INCIDENT_TABLE }).delete();
		await trx.schema.dropTableIfExists(INCIDENT_TABLE);
		await trx.schema.alterTable(AFFECTED, (t) => t.dropIndex(['unit_id', 'ledger_seq'], AFFECTED_INDEX));
		await trx.schema.dropTableIfExists(CHECKPOINT_TABLE);
		await trx.schema.dropTableIfExists(SEAL_TABLE);
	});
}

// ── ledger_incident: the twelfth ledger table ────────────────────────────────

const AFFECTED = 'cut_change_set_affected_row';
const AFFECTED_INDEX = 'cut_change_set_affected_row_unit_id_ledger_seq_index';
const SHA = 64;

/** The chain columns of every ledger table (as iu0002's), then the incident's own. */
function createIncidentTable(trx) {
	return trx.schema.createTable(INCIDENT_TABLE, (t) => {
		t.uuid('id').primary();
		t.integer('ledger_seq').notNullable().unique();
		t.string('recorded_at', 32).notNullable();
		t.uuid('recorded_by').notNullable();
		// The document whose store drifted; null for an incident about the whole store or the chain.
		t.uuid('document').references('id').inTable('legal_document').onDelete('RESTRICT');
		t.uuid('reported_by').notNullable();
		t.text('note').notNullable();
		// Canonical JSON of the violations as found (chain and drift).
		t.text('finding').notNullable();
		// Canonical JSON { rows: [{ seq, row_hash, collection, id, kinds, content_hash? }], checkpoints: [seq…] }.
		t.text('disowned').notNullable();
		t.string('prev_hash', SHA);
		t.string('row_hash', SHA).notNullable().unique();
		t.index(['document']);
	});
}

// Registered like iu0002's ledger collections: read-only, in the "Governance ledger" group.
const INCIDENT_COLLECTION = {
	collection: INCIDENT_TABLE,
	icon: 'report',
	note: 'Tampering found by VERIFY or an audit: the findings, and the rows and checkpoints disowned (kept in history, counting for nothing). Written only by POST /iu-cutter/incident.',
	hidden: false,
	singleton: false,
	accountability: 'all',
	collapse: 'open',
	group: 'governance_ledger',
	sort: LEDGER_COLLECTIONS.length + 1,
	sort_field: 'ledger_seq',
};

function incidentFields() {
	const json = new Set(['finding', 'disowned']);
	const fields = ['id', 'ledger_seq', 'recorded_at', 'recorded_by', ...LEDGER_TABLE_FIELDS[INCIDENT_TABLE], 'prev_hash', 'row_hash'];
	return fields.map((field, i) => ({
		collection: INCIDENT_TABLE,
		field,
		sort: i + 1,
		hidden: field === 'id',
		readonly: true,
		required: false,
		width: json.has(field) || field === 'note' ? 'full' : 'half',
		special: field === 'id' ? 'uuid' : null,
		interface: json.has(field) ? 'input-code' : field === 'note' ? 'input-multiline' : 'input',
		options: json.has(field) ? JSON.stringify({ language: 'JSON' }) : null,
		display_options: null,
	}));
}

const INCIDENT_RELATIONS = [{ many_collection: INCIDENT_TABLE, many_field: 'document', one_collection: 'legal_document', one_deselect_action: 'nullify' }];

// ── SQLite: row triggers; the seal is a row of iu_seal ───────────────────────

const SQLITE_SEALED = `NOT EXISTS (SELECT 1 FROM ${SEAL_TABLE})`;
const SQLITE_HAS_UNITS = 'EXISTS (SELECT 1 FROM logical_unit WHERE document = OLD.id)';

async function upSqlite(trx) {
	for (const t of sealTriggers()) {
		let head;
		if (t.when === 'document-readdress') {
			const changed = ADDRESS_FIELDS.map((f) => `NEW.${f} IS NOT OLD.${f}`).join(' OR ');
			head = `BEFORE UPDATE OF ${ADDRESS_FIELDS.join(', ')} ON ${t.table} WHEN (${changed}) AND ${SQLITE_HAS_UNITS} AND ${SQLITE_SEALED}`;
		} else if (t.when === 'document-delete') {
			head = `BEFORE DELETE ON ${t.table} WHEN ${SQLITE_HAS_UNITS} AND ${SQLITE_SEALED}`;
		} else {
			head = `BEFORE ${t.op.toUpperCase()} ON ${t.table}${t.when === 'unsealed' ? ` WHEN ${SQLITE_SEALED}` : ''}`;
		}
		await trx.raw(`CREATE TRIGGER ${t.name} ${head} BEGIN SELECT RAISE(ABORT, ${literal(t.message)}); END`);
	}
}

// ── PostgreSQL: one guard function, row triggers, statement TRUNCATE triggers ─

const truncatable = () => [...SEALED_TABLES, ...APPEND_ONLY_TABLES, SEAL_TABLE];

async function upPostgres(trx) {
	// Row-level triggers only (TRUNCATE aside): a statement trigger would also fire for the
	// zero-row UPDATE that deleting any Directus user runs on canonical_address_alias.created_by.
	await trx.raw(`
create function ${GUARD}() returns trigger language plpgsql as $guard$
declare
	condition text := TG_ARGV[0];
	sealed boolean := coalesce(current_setting('${SEAL_SETTING}', true), '') <> '';
	passes boolean := false;
begin
	if condition = 'unsealed' then
		passes := sealed;
	elsif condition in ('document-readdress', 'document-delete') then
		passes := sealed or not exists (select 1 from logical_unit where document = OLD.id);
		if not passes and condition = 'document-readdress' then
			passes := NEW.doc_code is not distinct from OLD.doc_code
				and NEW.slug is not distinct from OLD.slug
				and NEW.vocabulary is not distinct from OLD.vocabulary;
		end if;
	end if;
	if not passes then
		raise exception using errcode = 'insufficient_privilege', message = TG_ARGV[1];
	end if;
	if TG_LEVEL = 'STATEMENT' then return null; end if;
	if TG_OP = 'DELETE' then return OLD; end if;
	return NEW;
end
$guard$`);
	const create = (name, timing, table, level, condition, message) =>
		trx.raw(`create trigger ${name} ${timing} on ${table} for each ${level} execute function ${GUARD}(${literal(condition)}, ${literal(message)})`);
	for (const t of sealTriggers()) {
		const timing = t.when === 'document-readdress' ? `before update of ${ADDRESS_FIELDS.join(', ')}` : `before ${t.op === 'readdress' ? 'update' : t.op}`;
		await create(t.name, timing, t.table, 'row', t.when, t.message);
	}
	// TRUNCATE skips row triggers: a statement trigger refuses it, even under the seal.
	for (const table of truncatable()) {
		await create(`iu_seal_${table}_truncate`, 'before truncate', table, 'statement', 'always', `iu-cutter: ${table} cannot be truncated: it is sealed. ${NOTHING}`);
	}
	// iu_seal is SQLite's marker; on PostgreSQL nothing writes it.
	for (const op of ['insert', 'update', 'delete']) {
		await create(
			`iu_seal_${SEAL_TABLE}_${op}`,
			`before ${op}`,
			SEAL_TABLE,
			'row',
			'always',
			`iu-cutter: ${SEAL_TABLE} is unused on PostgreSQL (the seal is the transaction-local setting ${SEAL_SETTING}) and refuses every write. ${NOTHING}`,
		);
	}
}
