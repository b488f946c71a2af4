// iu0014 — the Data Studio tells the truth (issue 32 item 6). Units, aliases and
// the ledger change only through the IU Cutter workflow; the hook and the
// database's triggers (iu0004) refuse every other write, but until now the item
// form of a unit or an alias looked editable and failed only on Save. Here:
// - every field of logical_unit and canonical_address_alias is read-only in the
//   item form (directus_fields.readonly; the ledger's fields are read-only since
//   iu0002 / iu0004);
// - each of those collections and each ledger collection gains one presentation
//   field, `iu_workflow_notice` (an alias: no column), shown first in the form by
//   the extension's "IU Cutter workflow notice" interface: it says, in the user's
//   language, that the item changes through the workflow, and links to it.
//
// Touches metadata rows only: directus_fields rows updated (readonly) and added
// (the notices); no table, column, trigger or collection. `down` removes the
// notices and makes editable again exactly the fields this made read-only.
import { LEDGER_TABLES } from './iu0004-seal.js';

export const NOTICE_FIELD = 'iu_workflow_notice';
export const NOTICE_INTERFACE = 'iu-workflow-notice';

/** The fields iu0001 left editable in the item form; iu0014 makes them read-only. */
export const MADE_READONLY = {
	logical_unit: ['canonical_address', 'document', 'section_type', 'parent', 'ordinal', 'heading', 'body', 'position', 'lifecycle_status', 'authority'],
	canonical_address_alias: ['alias_text', 'target_unit_id', 'alias_kind', 'valid_from', 'valid_until', 'scenario_ref', 'rationale'],
};

/** Every collection whose item form shows the notice: the unit store and the whole ledger. */
export const NOTICE_COLLECTIONS = [...Object.keys(MADE_READONLY), ...LEDGER_TABLES];

const noticeRow = (collection) => ({
	collection,
	field: NOTICE_FIELD,
	special: 'alias,no-data',
	interface: NOTICE_INTERFACE,
	options: null,
	display: null,
	display_options: null,
	readonly: true,
	hidden: false,
	required: false,
	// Before every other field (theirs start at 1).
	sort: 0,
	width: 'full',
	note: null,
});

export async function up(knex) {
	await knex.transaction(async (trx) => {
		for (const [collection, fields] of Object.entries(MADE_READONLY)) {
			for (const field of fields) {
				const n = await trx('directus_fields').where({ collection, field }).update({ readonly: true });
				if (n !== 1) throw new Error(`iu0014: directus_fields has ${n} row(s) for ${collection}.${field}, expected 1`);
			}
		}
		const present = await trx('directus_fields').whereIn('collection', NOTICE_COLLECTIONS).where({ field: NOTICE_FIELD }).pluck('collection');
		if (present.length) throw new Error(`iu0014: ${present.join(', ')} already have a field "${NOTICE_FIELD}"`);
		await trx('directus_fields').insert(NOTICE_COLLECTIONS.map(noticeRow));
	});
}

export async function down(knex) {
	await knex.transaction(async (trx) => {
		await trx('directus_fields').whereIn('collection', NOTICE_COLLECTIONS).where({ field: NOTICE_FIELD, interface: NOTICE_INTERFACE }).delete();
		for (const [collection, fields] of Object.entries(MADE_READONLY)) {
			await trx('directus_fields').where({ collection }).whereIn('field', fields).update({ readonly: false });
		}
	});
}
