// iu0011 — `logical_unit.position` means the unit's order among its siblings (the
// units with the same parent; roots are siblings of each other), no longer its
// place in the whole document (issue 30, docs/design/issue-30-sibling-positions.md).
//
// Indexes and Directus metadata only; no unit row changes here. The values
// themselves are changed through the workflow: after this migration commits,
// the runner (scripts/migrate.js) opens one upgrade entry per document whose
// positions still hold the old meaning, and people review, CUT and VERIFY it.
// Before it runs, the runner's preflight (`preflight: "position-upgrade"` in
// manifest.json) refuses a store with submitted or approved entries or with
// drift.
//
// - The (document, position) index goes: nothing reads a document in position
//   order any more (the core orders a document by its tree). (document, id) comes
//   in its place: the keyset of the unit pages every whole-document reader walks.
// - No unique index on sibling positions: roots (parent null) would escape it on
//   both databases, neither can defer it through a CUT that shifts siblings, and the
//   rule is the core's (CUT gates, VERIFY `duplicate-sibling-position`).
// - The Data Studio's manual sort on `position` goes (sort_field null): sorted by a
//   sibling position, a list interleaves parents, and a drag could only meet the seal.
//
// Not additive: it removes an index. down refuses while any upgrade entry that was
// not rejected exists: positions already hold, or are about to hold, the new meaning,
// and the previous release cannot read the manifests that wrote them.

const UNITS = 'logical_unit';
const OLD_INDEX = ['document', 'position'];
const NEW_INDEX = ['document', 'id'];
export const POSITION_NOTE = 'Order among siblings (same parent); document order follows from the tree';
const OLD_NOTE = 'Document order';
const OLD_SORT_FIELD = 'position';

async function metadata(trx, { note, sortField }) {
	await trx('directus_collections').where({ collection: UNITS }).update({ sort_field: sortField });
	await trx('directus_fields').where({ collection: UNITS, field: 'position' }).update({ note });
}

export async function up(knex) {
	await knex.transaction(async (trx) => {
		await trx.schema.alterTable(UNITS, (t) => {
			t.dropIndex(OLD_INDEX);
			t.index(NEW_INDEX);
		});
		await metadata(trx, { note: POSITION_NOTE, sortField: null });
	});
}

/**
 * The upgrade entries down must not leave behind: entries whose manifest envelope says
 * `positions_upgrade`, with whether each was rejected (its last event) or cut. Read here,
 * not through the extension: a migration file is frozen, and must not change with it.
 */
async function upgradeEntries(trx) {
	if (!(await trx.schema.hasTable('manifest_envelope'))) return [];
	const rows = await trx('manifest_envelope as e')
		.join('decision_backlog_entry as d', 'd.id', 'e.entry')
		.where('e.envelope_json', 'like', '%"positions_upgrade":true%')
		.select('d.id as id', 'd.document as document', 'e.envelope_json as envelope_json');
	const upgrades = rows.filter((r) => JSON.parse(r.envelope_json).positions_upgrade === true);
	if (upgrades.length === 0) return [];
	const events = await trx('decision_backlog_history').whereIn('entry', upgrades.map((u) => u.id)).orderBy('ledger_seq').select('entry', 'event');
	const last = new Map(events.map((e) => [e.entry, e.event]));
	const cut = new Set((await trx('cut_change_set').whereIn('entry', upgrades.map((u) => u.id)).select('entry')).map((c) => c.entry));
	return upgrades.map((u) => ({ ...u, rejected: last.get(u.id) === 'rejected', cut: cut.has(u.id) }));
}

export async function down(knex) {
	await knex.transaction(async (trx) => {
		const standing = (await upgradeEntries(trx)).filter((u) => !u.rejected);
		if (standing.length > 0) {
			const documents = new Set(standing.map((u) => u.document)).size;
			const cut = standing.filter((u) => u.cut).length;
			throw new Error(
				`iu0011 down: ${documents} document(s) have upgrade entries (${cut} cut; entries ${standing.map((u) => u.id).join(', ')}): positions already have, or are about to have, the sibling meaning, and the previous release cannot read the manifests that give it. Restore the backup taken before iu0011 instead. Nothing was changed.`,
			);
		}
		await trx.schema.alterTable(UNITS, (t) => {
			t.dropIndex(NEW_INDEX);
			t.index(OLD_INDEX);
		});
		await metadata(trx, { note: OLD_NOTE, sortField: OLD_SORT_FIELD });
	});
}
