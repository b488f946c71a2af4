// iu0002 — the governance ledger of the CUT / VERIFY workflow (DESIGN §2, §5):
// eleven append-only collections, grouped under "Governance ledger" in the
// Data Studio. Works on SQLite and PostgreSQL.
//
// Every ledger row carries the same chain columns: `ledger_seq` (one sequence
// across all eleven tables: the order of the hash chain), `recorded_at`,
// `recorded_by`, `prev_hash` and `row_hash` (sha256 of the row's other columns
// and of the previous row's hash, computed by the core). Columns are strings,
// integers and canonical-JSON text only, never booleans, JSON or timestamp
// types: those come back differently from SQLite and PostgreSQL, and a row
// must hash the same whichever database it is read from. Actors are plain user
// ids without a foreign key, so deleting a user can never rewrite the ledger.
//
// Nothing here stops a direct SQL edit; the hash chain makes it visible.
// The extension's hook refuses every create, update and delete through the
// Directus API (admins included); only the workflow endpoints append.

const GROUP = 'governance_ledger';

export const LEDGER_COLLECTIONS = [
	'decision_backlog_entry',
	'decision_backlog_history',
	'decision_backlog_dependency',
	'decision_backlog_sweep_log',
	'manifest_envelope',
	'manifest_unit_block',
	'review_decision',
	'cut_change_set',
	'cut_change_set_affected_row',
	'verify_result',
	'dot_pair_signature',
];

const SHA = 64;

// The order createTables creates them in: every table after those its foreign keys reference.
const CREATION_ORDER = [
	'decision_backlog_entry',
	'decision_backlog_history',
	'decision_backlog_dependency',
	'manifest_envelope',
	'manifest_unit_block',
	'review_decision',
	'cut_change_set',
	'cut_change_set_affected_row',
	'verify_result',
	'decision_backlog_sweep_log',
	'dot_pair_signature',
];

export async function up(knex) {
	await knex.transaction(async (trx) => {
		for (const table of LEDGER_COLLECTIONS) {
			if (await trx.schema.hasTable(table)) {
				throw new Error(`iu0002: table "${table}" already exists; rename or drop it before installing iu-cutter`);
			}
		}
		await createTables(trx);
		await trx('directus_collections').insert(collectionMeta());
		await trx('directus_fields').insert(fieldMeta());
		await trx('directus_relations').insert(RELATIONS);
	});
}

export async function down(knex) {
	await knex.transaction(async (trx) => {
		await trx('directus_relations').whereIn('many_collection', LEDGER_COLLECTIONS).delete();
		await trx('directus_fields').whereIn('collection', LEDGER_COLLECTIONS).delete();
		await trx('directus_collections').whereIn('collection', [...LEDGER_COLLECTIONS, GROUP]).delete();
		// Children before the tables they reference (the reverse of createTables' order).
		for (const table of [...CREATION_ORDER].reverse()) await trx.schema.dropTableIfExists(table);
	});
}

// The chain columns every ledger table has, first id then the table's own columns.
function ledgerTable(trx, name, columns) {
	return trx.schema.createTable(name, (t) => {
		t.uuid('id').primary();
		t.integer('ledger_seq').notNullable().unique();
		t.string('recorded_at', 32).notNullable();
		t.uuid('recorded_by').notNullable();
		columns(t);
		t.string('prev_hash', SHA);
		t.string('row_hash', SHA).notNullable().unique();
	});
}

const ref = (t, column, table) => t.uuid(column).references('id').inTable(table).onDelete('RESTRICT');

// A knex SchemaBuilder replays every call made on it, so each table gets a fresh `trx.schema`.
async function createTables(trx) {
	await ledgerTable(trx, 'decision_backlog_entry', (t) => {
		t.string('kind', 16).notNullable().checkIn(['cut', 'rollback']);
		t.uuid('document').notNullable().references('id').inTable('legal_document').onDelete('RESTRICT');
		t.string('manifest_sha256', SHA).notNullable();
		t.string('title', 500).notNullable();
		t.uuid('submitted_by').notNullable();
		t.index(['document']);
	});
	await ledgerTable(trx, 'decision_backlog_history', (t) => {
		ref(t, 'entry', 'decision_backlog_entry').notNullable();
		t.string('event', 16).notNullable().checkIn(['submitted', 'approved', 'rejected', 'cut', 'verified', 'verify_failed', 'swept']);
		t.uuid('actor').notNullable();
		t.text('detail');
		t.index(['entry']);
	});
	await ledgerTable(trx, 'decision_backlog_dependency', (t) => {
		ref(t, 'entry', 'decision_backlog_entry').notNullable();
		ref(t, 'depends_on', 'decision_backlog_entry').notNullable();
		t.string('kind', 16).notNullable().checkIn(['rollback_of']);
	});
	await ledgerTable(trx, 'manifest_envelope', (t) => {
		ref(t, 'entry', 'decision_backlog_entry').notNullable();
		t.string('manifest_sha256', SHA).notNullable();
		t.uuid('document').notNullable().references('id').inTable('legal_document').onDelete('RESTRICT');
		t.string('base_sha256', SHA).notNullable();
		t.string('source_sha256', SHA).notNullable();
		t.string('effective_from', 40).notNullable();
		t.integer('block_count').notNullable();
		t.text('envelope_json').notNullable();
		t.index(['entry']);
	});
	await ledgerTable(trx, 'manifest_unit_block', (t) => {
		ref(t, 'envelope', 'manifest_envelope').notNullable();
		t.integer('block_index').notNullable();
		t.string('action', 16).notNullable();
		t.uuid('unit_id').notNullable();
		t.string('canonical_address', 255).notNullable();
		t.string('before_sha256', SHA);
		t.string('after_sha256', SHA);
		t.text('block_json').notNullable();
		t.unique(['envelope', 'block_index']);
		t.index(['unit_id']);
	});
	await ledgerTable(trx, 'review_decision', (t) => {
		ref(t, 'entry', 'decision_backlog_entry').notNullable();
		t.string('manifest_sha256', SHA).notNullable();
		t.string('decision', 16).notNullable().checkIn(['approve', 'reject']);
		t.uuid('reviewer').notNullable();
		t.text('comment');
		t.index(['entry']);
	});
	await ledgerTable(trx, 'cut_change_set', (t) => {
		// UNIQUE entry: a manifest is applied at most once, whatever races the database sees.
		ref(t, 'entry', 'decision_backlog_entry').notNullable().unique();
		t.string('kind', 16).notNullable().checkIn(['cut', 'rollback']);
		t.string('manifest_sha256', SHA).notNullable();
		t.uuid('document').notNullable().references('id').inTable('legal_document').onDelete('RESTRICT');
		t.uuid('executor').notNullable();
		t.string('base_sha256', SHA).notNullable();
		t.string('result_sha256', SHA).notNullable();
		t.integer('units_written').notNullable();
		t.integer('aliases_written').notNullable();
		t.text('aliases_removed');
		t.text('gate_report').notNullable();
	});
	await ledgerTable(trx, 'cut_change_set_affected_row', (t) => {
		ref(t, 'change_set', 'cut_change_set').notNullable();
		t.string('action', 16).notNullable();
		t.uuid('unit_id').notNullable();
		t.string('canonical_address', 255).notNullable();
		t.string('before_sha256', SHA);
		t.string('after_sha256', SHA);
		t.text('before_image');
		t.text('after_image');
		t.index(['change_set']);
		t.index(['unit_id']);
	});
	await ledgerTable(trx, 'verify_result', (t) => {
		ref(t, 'change_set', 'cut_change_set').notNullable();
		t.uuid('verifier').notNullable();
		t.string('outcome', 16).notNullable().checkIn(['passed', 'failed']);
		t.integer('units_checked').notNullable();
		t.integer('violations').notNullable();
		t.text('report').notNullable();
		t.index(['change_set']);
	});
	await ledgerTable(trx, 'decision_backlog_sweep_log', (t) => {
		ref(t, 'entry', 'decision_backlog_entry').notNullable().unique();
		ref(t, 'verify_result', 'verify_result').notNullable();
		t.uuid('swept_by').notNullable();
		t.string('outcome', 16).notNullable().checkIn(['closed']);
	});
	await ledgerTable(trx, 'dot_pair_signature', (t) => {
		t.uuid('signer').notNullable();
		t.string('role', 16).notNullable().checkIn(['executor', 'verifier']);
		ref(t, 'change_set', 'cut_change_set');
		ref(t, 'verify_result', 'verify_result');
		// What the signer attests: the row_hash of the change set or verify result it signs.
		t.string('signed_sha256', SHA).notNullable();
		// An executor signs its change set, a verifier its verify result: exactly one reference (XOR).
		t.check('(change_set is null) <> (verify_result is null)', [], 'dot_pair_signature_one_reference');
	});
}

const NOTES = {
	decision_backlog_entry: 'One proposed change (a manifest) to one document; its state is its latest history event.',
	decision_backlog_history: 'Every step of an entry: submitted, approved / rejected, cut, verified / verify_failed, swept.',
	decision_backlog_dependency: 'Entries that depend on others (a rollback depends on the entry it undoes).',
	decision_backlog_sweep_log: 'Verified entries closed by a sweep.',
	manifest_envelope: 'The envelope of a submitted manifest: document, base state, source text, counts.',
	manifest_unit_block: 'One block of a manifest: what happens to one unit, with before and after images.',
	review_decision: 'Approve or reject of a manifest sha256, by someone other than its submitter.',
	cut_change_set: 'One applied manifest: what the executor wrote, in one transaction.',
	cut_change_set_affected_row: 'Each unit a change set touched, with before and after images and their hashes.',
	verify_result: 'An independent verification of a change set, recomputed from the database.',
	dot_pair_signature: 'Executor and verifier signatures: exactly one of change_set / verify_result is set.',
};

function collectionMeta() {
	// Every row has the same keys: knex inserts many rows as one statement.
	const group = {
		collection: GROUP,
		icon: 'receipt_long',
		note: 'Append-only, hash-chained record of every CUT / VERIFY step. Written only by the iu-cutter workflow.',
		hidden: false,
		singleton: false,
		accountability: null,
		collapse: 'closed',
		group: null,
		sort: 5,
		sort_field: null,
	};
	return [
		group,
		...LEDGER_COLLECTIONS.map((collection, i) => ({
			collection,
			icon: 'lock',
			note: NOTES[collection],
			hidden: false,
			singleton: false,
			accountability: 'all',
			collapse: 'open',
			group: GROUP,
			sort: i + 1,
			sort_field: 'ledger_seq',
		})),
	];
}

// Ledger fields are read-only in the Data Studio; canonical-JSON text shows as code.
const JSON_TEXT = new Set(['detail', 'envelope_json', 'block_json', 'aliases_removed', 'gate_report', 'before_image', 'after_image', 'report']);
const HIDDEN_FIRST = new Set(['id']);
// The columns of each table after the chain columns; the extension hashes exactly these.
export const LEDGER_FIELDS = {
	decision_backlog_entry: ['kind', 'document', 'title', 'manifest_sha256', 'submitted_by'],
	decision_backlog_history: ['entry', 'event', 'actor', 'detail'],
	decision_backlog_dependency: ['entry', 'depends_on', 'kind'],
	decision_backlog_sweep_log: ['entry', 'verify_result', 'swept_by', 'outcome'],
	manifest_envelope: ['entry', 'manifest_sha256', 'document', 'base_sha256', 'source_sha256', 'effective_from', 'block_count', 'envelope_json'],
	manifest_unit_block: ['envelope', 'block_index', 'action', 'unit_id', 'canonical_address', 'before_sha256', 'after_sha256', 'block_json'],
	review_decision: ['entry', 'manifest_sha256', 'decision', 'reviewer', 'comment'],
	cut_change_set: ['entry', 'kind', 'manifest_sha256', 'document', 'executor', 'base_sha256', 'result_sha256', 'units_written', 'aliases_written', 'aliases_removed', 'gate_report'],
	cut_change_set_affected_row: ['change_set', 'action', 'unit_id', 'canonical_address', 'before_sha256', 'after_sha256', 'before_image', 'after_image'],
	verify_result: ['change_set', 'verifier', 'outcome', 'units_checked', 'violations', 'report'],
	dot_pair_signature: ['signer', 'role', 'change_set', 'verify_result', 'signed_sha256'],
};

function fieldMeta() {
	const rows = [];
	for (const collection of LEDGER_COLLECTIONS) {
		const fields = ['id', 'ledger_seq', 'recorded_at', 'recorded_by', ...LEDGER_FIELDS[collection], 'prev_hash', 'row_hash'];
		fields.forEach((field, i) => {
			const json = JSON_TEXT.has(field);
			rows.push({
				collection,
				field,
				sort: i + 1,
				hidden: HIDDEN_FIRST.has(field),
				readonly: true,
				required: false,
				width: json ? 'full' : 'half',
				special: field === 'id' ? 'uuid' : null,
				interface: json ? 'input-code' : 'input',
				options: json ? JSON.stringify({ language: 'JSON' }) : null,
				display_options: null,
			});
		});
	}
	return rows;
}

const m2o = (many_collection, many_field, one_collection) => ({ many_collection, many_field, one_collection, one_deselect_action: 'nullify' });
const RELATIONS = [
	m2o('decision_backlog_entry', 'document', 'legal_document'),
	m2o('decision_backlog_history', 'entry', 'decision_backlog_entry'),
	m2o('decision_backlog_dependency', 'entry', 'decision_backlog_entry'),
	m2o('decision_backlog_dependency', 'depends_on', 'decision_backlog_entry'),
	m2o('decision_backlog_sweep_log', 'entry', 'decision_backlog_entry'),
	m2o('decision_backlog_sweep_log', 'verify_result', 'verify_result'),
	m2o('manifest_envelope', 'entry', 'decision_backlog_entry'),
	m2o('manifest_envelope', 'document', 'legal_document'),
	m2o('manifest_unit_block', 'envelope', 'manifest_envelope'),
	m2o('review_decision', 'entry', 'decision_backlog_entry'),
	m2o('cut_change_set', 'entry', 'decision_backlog_entry'),
	m2o('cut_change_set', 'document', 'legal_document'),
	m2o('cut_change_set_affected_row', 'change_set', 'cut_change_set'),
	m2o('verify_result', 'change_set', 'cut_change_set'),
	m2o('dot_pair_signature', 'change_set', 'cut_change_set'),
	m2o('dot_pair_signature', 'verify_result', 'verify_result'),
];
