// iu0007 — the vocabularies us (US statutes and the US Code), uk (UK Acts and SIs)
// and commonwealth, which the core ships since issue 14, in the database:
// - their section_type rows, from a frozen seed (lib/section-types-iu0007.js); a
//   unit's section type must be an active row (Q-CHK-1), so without them no
//   document in these vocabularies could be cut;
// - section_type.ordinal_style accepts the new ordinal styles (upper-letter,
//   lower-roman, upper-roman, double-letter, double-capital): iu0001's CHECK allowed four;
// - the Data Studio's dropdowns offer the five vocabularies by name
//   (legal_document.vocabulary, section_type.vocabulary), the new ordinal styles
//   and the new vocabularies' language tags (en-US, en-GB).
// heading_pattern stays varchar(128): the longest shipped pattern, us-section's four
// alternatives, is 81 characters.
//
// The CHECK: PostgreSQL drops and adds the constraint. SQLite can only change a CHECK
// by rebuilding the table: inside the runner's one transaction the rows are held in a
// temporary table, section_type is dropped and created again under its own name with
// the new CHECK (never renamed, so logical_unit's `REFERENCES section_type(code)` is
// never rewritten), its rows, indexes and triggers (iu0004 puts none on it) come back,
// and `pragma foreign_key_check` must find no logical_unit without its section type.
// Foreign key enforcement must be off in the connection (it is in `npm run migrate`,
// and SQLite cannot switch it inside a transaction): with it on, dropping a table that
// units reference RESTRICT is refused, so `up` says so instead of failing half-way.
//
// Not additive: it changes a constraint (the schema diff, which does not model CHECKs,
// is empty). Rows: section_type gains the seed; directus_fields rows are updated, not added.
// `down` refuses while a unit or a document uses one of the three vocabularies, then
// removes their rows and puts iu0001's CHECK and choices back.
import { SECTION_TYPES } from './lib/section-types-iu0007.js';

const TABLE = 'section_type';
const COLUMN = 'ordinal_style';
const STYLES_IU0001 = ['arabic', 'roman', 'letter', 'spelled'];
const STYLES = [...STYLES_IU0001, 'upper-letter', 'lower-roman', 'upper-roman', 'double-letter', 'double-capital'];
const VOCABULARIES = ['us', 'uk', 'commonwealth'];
const CODES = SECTION_TYPES.map((t) => t.code);

const choices = (values) => ({ choices: values.map((v) => (typeof v === 'string' ? { text: v, value: v } : v)) });
const VOCABULARY_CHOICES = [
	{ text: 'Vietnamese legal documents (vi)', value: 'vi' },
	{ text: 'English acts, regulations and governance rules (en)', value: 'en' },
	{ text: 'US federal statutes and the United States Code (us)', value: 'us' },
	{ text: 'UK Acts and statutory instruments (uk)', value: 'uk' },
	{ text: 'Commonwealth acts and constitutions (commonwealth)', value: 'commonwealth' },
];
const OPTIONS = {
	legal_document: {
		vocabulary: choices(VOCABULARY_CHOICES),
		language: choices(['vi', 'en', 'en-US', 'en-GB']),
	},
	section_type: {
		vocabulary: choices(VOCABULARY_CHOICES),
		ordinal_style: choices(STYLES),
	},
};
// What iu0001 wrote, for down.
const OPTIONS_IU0001 = {
	legal_document: { vocabulary: choices(['vi', 'en']), language: choices(['vi', 'en']) },
	section_type: { vocabulary: choices(['vi', 'en']), ordinal_style: choices(STYLES_IU0001) },
};

const isPg = (knex) => /^(pg|postgres)/.test(String(knex.client.config.client));
const list = (values) => values.map((v) => `'${v}'`).join(', ');

export async function up(knex) {
	await knex.transaction(async (trx) => {
		if (!(await trx.schema.hasTable(TABLE))) throw new Error(`iu0007: table "${TABLE}" is missing: apply iu0001 through the migration runner (npm run migrate) first`);
		const taken = await trx(TABLE).whereIn('code', CODES).pluck('code');
		if (taken.length) throw new Error(`iu0007: section_type already has the code(s) ${taken.join(', ')}, which the shipped vocabularies us, uk and commonwealth use; rename those rows (and their units) first`);
		await setStyles(trx, STYLES);
		const sort = Number((await trx(TABLE).max({ m: 'sort' }))[0].m ?? 0);
		await trx(TABLE).insert(SECTION_TYPES.map((t, i) => ({ ...t, parents: JSON.stringify(t.parents), sort: sort + i + 1 })));
		await setOptions(trx, OPTIONS);
	});
}

export async function down(knex) {
	await knex.transaction(async (trx) => {
		const units = Number((await trx('logical_unit').whereIn('section_type', CODES).count({ n: '*' }))[0].n);
		const documents = Number((await trx('legal_document').whereIn('vocabulary', VOCABULARIES).count({ n: '*' }))[0].n);
		if (units || documents) {
			throw new Error(`iu0007 down: ${documents} document(s) and ${units} unit(s) use the vocabularies ${VOCABULARIES.join(', ')}; down would leave them without their section types. Nothing was changed.`);
		}
		await trx(TABLE).whereIn('code', CODES).delete();
		const styled = await trx(TABLE).whereNotIn(COLUMN, STYLES_IU0001).pluck('code');
		if (styled.length) throw new Error(`iu0007 down: section type(s) ${styled.join(', ')} use an ordinal style iu0001 does not allow. Nothing was changed.`);
		await setStyles(trx, STYLES_IU0001);
		await setOptions(trx, OPTIONS_IU0001);
	});
}

async function setOptions(trx, byCollection) {
	for (const [collection, fields] of Object.entries(byCollection)) {
		for (const [field, options] of Object.entries(fields)) {
			const n = await trx('directus_fields').where({ collection, field }).update({ options: JSON.stringify(options) });
			if (n !== 1) throw new Error(`iu0007: directus_fields has ${n} row(s) for ${collection}.${field}, expected 1`);
		}
	}
}

/** The CHECK on section_type.ordinal_style allows exactly `styles`. */
async function setStyles(trx, styles) {
	if (isPg(trx)) {
		const checks = (
			await trx.raw(
				`select conname from pg_constraint where conrelid = ?::regclass and contype = 'c' and pg_get_constraintdef(oid) like ?`,
				[TABLE, `%${COLUMN}%`],
			)
		).rows.map((r) => r.conname);
		for (const name of checks) await trx.raw(`alter table ?? drop constraint ??`, [TABLE, name]);
		await trx.raw(`alter table ?? add constraint ?? check (?? in (${list(styles)}))`, [TABLE, `${TABLE}_${COLUMN}_check`, COLUMN]);
		return;
	}
	await rebuildSqlite(trx, styles);
}

async function rebuildSqlite(trx, styles) {
	const [{ foreign_keys: enforced }] = await trx.raw('pragma foreign_keys');
	if (Number(enforced)) {
		throw new Error('iu0007: SQLite must rebuild section_type to change its CHECK, and this connection enforces foreign keys (PRAGMA foreign_keys cannot change inside a transaction); run it through `npm run migrate`, whose connection does not. Nothing was changed.');
	}
	const [table] = await trx.raw(`select sql from sqlite_master where type = 'table' and name = ?`, [TABLE]);
	const check = /check \(`ordinal_style` in \([^)]*\)\)/i;
	if (!check.test(table.sql)) throw new Error(`iu0007: section_type's definition has no CHECK on ordinal_style as iu0001 wrote it: ${table.sql}`);
	const sql = table.sql.replace(check, `check (\`${COLUMN}\` in (${list(styles)}))`);
	// Indexes and triggers go with the dropped table; created again from their own definitions.
	const dependents = (await trx.raw(`select sql from sqlite_master where tbl_name = ? and type in ('index', 'trigger') and sql is not null order by type, name`, [TABLE])).map((r) => r.sql);
	const count = async () => Number((await trx(TABLE).count({ n: '*' }))[0].n);
	const rows = await count();
	await trx.raw(`create temp table iu0007_section_type as select * from main.${TABLE}`);
	await trx.raw(`drop table main.${TABLE}`);
	await trx.raw(sql);
	await trx.raw(`insert into main.${TABLE} select * from temp.iu0007_section_type`);
	await trx.raw('drop table temp.iu0007_section_type');
	for (const d of dependents) await trx.raw(d);
	if ((await count()) !== rows) throw new Error(`iu0007: section_type had ${rows} rows before the rebuild and ${await count()} after`);
	const orphans = (await trx.raw(`pragma foreign_key_check`)).filter((v) => v.parent === TABLE);
	if (orphans.length) throw new Error(`iu0007: after the rebuild ${orphans.length} row(s) of ${orphans[0].table} reference no section_type`);
}
