// iu0001 — the user-facing collections: legal_document, section_type,
// logical_unit, canonical_address_alias, with their Directus metadata so they
// appear in the Data Studio. Works on SQLite and PostgreSQL.
//
// The version "iu0001" sorts after Directus' own YYYYMMDDX migrations, so on a
// fresh install it runs once the system tables have their final shape.
import { SECTION_TYPES } from './lib/section-types-iu0001.js';

const FORMAT_VERSION = 'canonical-address-v1';
const COLLECTIONS = ['legal_document', 'section_type', 'logical_unit', 'canonical_address_alias'];

export async function up(knex) {
	// One transaction: a failure half-way leaves neither tables nor metadata behind.
	await knex.transaction(async (trx) => {
		for (const table of COLLECTIONS) {
			if (await trx.schema.hasTable(table)) {
				throw new Error(`iu0001: table "${table}" already exists; rename or drop it before installing iu-cutter`);
			}
		}
		await createTables(trx);
		await trx('section_type').insert(
			SECTION_TYPES.map((t, i) => ({ ...t, parents: JSON.stringify(t.parents), sort: i + 1 })),
		);
		await trx('directus_collections').insert(COLLECTION_META);
		await trx('directus_fields').insert(FIELD_META.map(fieldRow));
		await trx('directus_relations').insert(RELATIONS);
	});
}

export async function down(knex) {
	await knex.transaction(async (trx) => {
		await trx('directus_relations').whereIn('many_collection', COLLECTIONS).delete();
		await trx('directus_fields').whereIn('collection', COLLECTIONS).delete();
		await trx('directus_collections').whereIn('collection', COLLECTIONS).delete();
		for (const table of [...COLLECTIONS].reverse()) await trx.schema.dropTableIfExists(table);
	});
}

// A knex SchemaBuilder replays every call made on it, so each table gets a fresh `trx.schema`.
async function createTables(trx) {
	await trx.schema.createTable('legal_document', (t) => {
		t.uuid('id').primary();
		t.string('doc_code', 64).notNullable().unique();
		t.string('slug', 64).notNullable().unique();
		t.string('title', 500).notNullable();
		t.string('language', 8).notNullable().defaultTo('vi');
		t.string('vocabulary', 16).notNullable().defaultTo('vi');
		t.text('source_text');
		t.string('source_sha256', 64);
		t.timestamp('created_at', { useTz: true });
		t.timestamp('updated_at', { useTz: true });
	});

	await trx.schema.createTable('section_type', (t) => {
		t.string('code', 32).primary();
		t.string('vocabulary', 16).notNullable();
		t.string('label', 64).notNullable();
		t.string('address_token', 32).notNullable();
		t.integer('level').notNullable();
		t.string('ordinal_style', 16).notNullable().checkIn(['arabic', 'roman', 'letter', 'spelled']);
		t.string('heading_pattern', 128).notNullable();
		t.boolean('citation_root').notNullable().defaultTo(false);
		t.json('parents');
		t.boolean('active').notNullable().defaultTo(true);
		t.integer('sort');
		t.unique(['vocabulary', 'address_token']);
	});

	await trx.schema.createTable('logical_unit', (t) => {
		t.uuid('id').primary();
		t.uuid('document').notNullable().references('id').inTable('legal_document').onDelete('RESTRICT');
		t.string('section_type', 32).notNullable().references('code').inTable('section_type').onDelete('RESTRICT');
		t.uuid('parent').references('id').inTable('logical_unit').onDelete('RESTRICT');
		t.string('ordinal', 32).notNullable();
		t.string('heading', 1000);
		t.text('body');
		t.string('content_sha256', 64);
		t.integer('position').notNullable().defaultTo(0);
		t.string('canonical_address', 255).notNullable().unique();
		t.string('canonical_address_format_version', 32).notNullable().defaultTo(FORMAT_VERSION);
		t.string('lifecycle_status', 16).notNullable().defaultTo('draft_only').checkIn(['draft_only', 'active', 'retired']);
		t.string('authority', 16).notNullable().defaultTo('draft').checkIn(['draft', 'enacted', 'runtime']);
		t.timestamp('created_at', { useTz: true });
		t.timestamp('updated_at', { useTz: true });
		t.index(['document', 'position']);
		t.index(['parent']);
	});

	await trx.schema.createTable('canonical_address_alias', (t) => {
		t.uuid('alias_id').primary();
		t.uuid('target_unit_id').references('id').inTable('logical_unit').onDelete('RESTRICT');
		t.string('alias_text', 255).notNullable();
		t.string('alias_kind', 16).notNullable().checkIn(['renumber', 'split', 'merge', 'legacy', 'citation']);
		t.timestamp('valid_from', { useTz: true }).notNullable();
		t.timestamp('valid_until', { useTz: true });
		t.uuid('created_by').references('id').inTable('directus_users').onDelete('SET NULL');
		t.text('rationale');
		t.string('scenario_ref', 128);
		t.index(['alias_text']);
		t.index(['target_unit_id']);
	});
}

const COLLECTION_META = [
	{
		collection: 'legal_document',
		icon: 'gavel',
		note: 'A law, regulation or governance rule whose text iu-cutter cuts into logical units.',
		display_template: '{{doc_code}} — {{title}}',
		sort: 1,
	},
	{
		collection: 'logical_unit',
		icon: 'account_tree',
		note: 'One article, clause or point, with its canonical address. Changed only through CUT / VERIFY.',
		display_template: '{{canonical_address}}',
		sort_field: 'position',
		sort: 2,
	},
	{
		collection: 'canonical_address_alias',
		icon: 'alt_route',
		note: 'Old addresses of renumbered, split or merged units, each valid in [valid_from, valid_until).',
		display_template: '{{alias_text}} ({{alias_kind}})',
		sort: 3,
	},
	{
		collection: 'section_type',
		icon: 'segment',
		note: 'Vocabulary: the kinds of units (Phần, Chương, Điều, Khoản, Điểm; Part, Section …) and their address tokens.',
		display_template: '{{label}} ({{vocabulary}})',
		sort_field: 'sort',
		sort: 4,
	},
].map((c) => ({ hidden: false, singleton: false, accountability: 'all', collapse: 'open', ...c }));

const choices = (values) => ({ choices: values.map((v) => ({ text: v, value: v })) });
const ADDRESS_NOTE = 'canonical-address-v1, e.g. 45-2019-qh14/dieu-44/khoan-1/diem-dd';

// [collection, field, meta]; sort follows the order listed per collection.
const FIELD_META = [
	['legal_document', 'id', { special: 'uuid', readonly: true, hidden: true }],
	['legal_document', 'doc_code', { interface: 'input', required: true, width: 'half', note: 'As printed, e.g. 45/2019/QH14' }],
	['legal_document', 'slug', { interface: 'input', readonly: true, width: 'half', note: 'Address prefix derived from doc_code' }],
	['legal_document', 'title', { interface: 'input', required: true }],
	['legal_document', 'language', { interface: 'select-dropdown', width: 'half', options: choices(['vi', 'en']) }],
	['legal_document', 'vocabulary', { interface: 'select-dropdown', width: 'half', options: choices(['vi', 'en']) }],
	['legal_document', 'source_text', { interface: 'input-multiline', note: 'The full text that CUT segments' }],
	['legal_document', 'source_sha256', { interface: 'input', readonly: true }],
	['legal_document', 'units', { special: 'o2m', interface: 'list-o2m', readonly: true, options: { template: '{{canonical_address}}' } }],
	['legal_document', 'created_at', { interface: 'datetime', readonly: true, width: 'half', display: 'datetime' }],
	['legal_document', 'updated_at', { interface: 'datetime', readonly: true, width: 'half', display: 'datetime' }],

	['section_type', 'code', { interface: 'input', required: true, width: 'half' }],
	['section_type', 'vocabulary', { interface: 'select-dropdown', width: 'half', options: choices(['vi', 'en']) }],
	['section_type', 'label', { interface: 'input', required: true, width: 'half' }],
	['section_type', 'address_token', { interface: 'input', required: true, width: 'half', note: 'a-z only' }],
	['section_type', 'level', { interface: 'input', width: 'half' }],
	['section_type', 'ordinal_style', { interface: 'select-dropdown', width: 'half', options: choices(['arabic', 'roman', 'letter', 'spelled']) }],
	['section_type', 'heading_pattern', { interface: 'input', width: 'half' }],
	['section_type', 'citation_root', { special: 'cast-boolean', interface: 'boolean', width: 'half', note: 'Addresses of this type start again at the document' }],
	['section_type', 'parents', { special: 'cast-json', interface: 'tags', width: 'half' }],
	['section_type', 'active', { special: 'cast-boolean', interface: 'boolean', width: 'half' }],
	['section_type', 'sort', { interface: 'input', hidden: true }],

	['logical_unit', 'id', { special: 'uuid', readonly: true, hidden: true }],
	['logical_unit', 'canonical_address', { interface: 'canonical-address', required: true, note: ADDRESS_NOTE }],
	['logical_unit', 'document', { special: 'm2o', interface: 'select-dropdown-m2o', display: 'related-values', required: true, width: 'half', options: { template: '{{doc_code}}' }, display_options: { template: '{{doc_code}}' } }],
	['logical_unit', 'section_type', { special: 'm2o', interface: 'select-dropdown-m2o', display: 'related-values', required: true, width: 'half', options: { template: '{{label}}' }, display_options: { template: '{{label}}' } }],
	['logical_unit', 'parent', { special: 'm2o', interface: 'select-dropdown-m2o', display: 'related-values', width: 'half', options: { template: '{{canonical_address}}' }, display_options: { template: '{{canonical_address}}' } }],
	['logical_unit', 'ordinal', { interface: 'input', required: true, width: 'half' }],
	['logical_unit', 'heading', { interface: 'input' }],
	['logical_unit', 'body', { interface: 'input-multiline' }],
	['logical_unit', 'position', { interface: 'input', width: 'half', note: 'Document order' }],
	['logical_unit', 'content_sha256', { interface: 'input', readonly: true, width: 'half' }],
	['logical_unit', 'canonical_address_format_version', { interface: 'input', readonly: true, width: 'half' }],
	['logical_unit', 'lifecycle_status', { interface: 'select-dropdown', width: 'half', display: 'labels', options: choices(['draft_only', 'active', 'retired']) }],
	['logical_unit', 'authority', { interface: 'select-dropdown', width: 'half', display: 'labels', options: choices(['draft', 'enacted', 'runtime']) }],
	['logical_unit', 'created_at', { interface: 'datetime', readonly: true, width: 'half', display: 'datetime' }],
	['logical_unit', 'updated_at', { interface: 'datetime', readonly: true, width: 'half', display: 'datetime', note: 'Moved by the birth-gate hook on every change' }],
	['logical_unit', 'children', { special: 'o2m', interface: 'list-o2m', readonly: true, options: { template: '{{canonical_address}}' } }],

	['canonical_address_alias', 'alias_id', { special: 'uuid', readonly: true, hidden: true }],
	['canonical_address_alias', 'alias_text', { interface: 'canonical-address', required: true, note: ADDRESS_NOTE }],
	['canonical_address_alias', 'target_unit_id', { special: 'm2o', interface: 'select-dropdown-m2o', display: 'related-values', width: 'half', options: { template: '{{canonical_address}}' }, display_options: { template: '{{canonical_address}}' } }],
	['canonical_address_alias', 'alias_kind', { interface: 'select-dropdown', width: 'half', display: 'labels', required: true, options: choices(['renumber', 'split', 'merge', 'legacy', 'citation']) }],
	['canonical_address_alias', 'valid_from', { interface: 'datetime', required: true, width: 'half' }],
	['canonical_address_alias', 'valid_until', { interface: 'datetime', width: 'half', note: 'Exclusive; empty = still valid' }],
	['canonical_address_alias', 'created_by', { special: 'm2o', interface: 'select-dropdown-m2o', display: 'user', width: 'half', readonly: true }],
	['canonical_address_alias', 'scenario_ref', { interface: 'input', width: 'half' }],
	['canonical_address_alias', 'rationale', { interface: 'input-multiline' }],
];

function fieldRow([collection, field, meta], index) {
	const { options, display_options, ...rest } = meta;
	return {
		collection,
		field,
		sort: index + 1,
		hidden: false,
		readonly: false,
		required: false,
		width: 'full',
		...rest,
		options: options ? JSON.stringify(options) : null,
		display_options: display_options ? JSON.stringify(display_options) : null,
	};
}

const RELATIONS = [
	{ many_collection: 'logical_unit', many_field: 'document', one_collection: 'legal_document', one_field: 'units', one_deselect_action: 'nullify' },
	{ many_collection: 'logical_unit', many_field: 'section_type', one_collection: 'section_type', one_deselect_action: 'nullify' },
	{ many_collection: 'logical_unit', many_field: 'parent', one_collection: 'logical_unit', one_field: 'children', one_deselect_action: 'nullify' },
	{ many_collection: 'canonical_address_alias', many_field: 'target_unit_id', one_collection: 'logical_unit', one_deselect_action: 'nullify' },
	{ many_collection: 'canonical_address_alias', many_field: 'created_by', one_collection: 'directus_users', one_deselect_action: 'nullify' },
];
