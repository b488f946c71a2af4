// A publisher's editorial notes on a unit (`[Khoản này được sửa đổi bởi …]` in a crawled
// text): the core keeps them out of the unit's text and the planner puts them beside the unit,
// in its block of the reviewed manifest (`notes`). Not law, so never in logical_unit.
import type { Knex } from 'knex';
import type { BlockNotes } from '../core-types/index.js';
import { owned, type Disowned } from '../lib/disowned.js';

/**
 * The manifest blocks that carried notes among those `narrow` keeps, in ledger order. `notes` is written only into
 * blocks of units that have some (canonical JSON, no spaces): the LIKE keeps the others out; the parse decides.
 */
async function blocksWithNotes(knex: Knex, narrow: (q: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<BlockNotes[]> {
	const q = knex('manifest_unit_block as b').join('manifest_envelope as m', 'm.id', 'b.envelope').where('b.block_json', 'like', '%"notes":%');
	const rows: Array<{ entry: string; unit_id: string; block_json: string }> = await narrow(q)
		.orderBy('b.ledger_seq')
		.select('m.entry as entry', 'b.unit_id as unit_id', 'b.block_json as block_json');
	const out: BlockNotes[] = [];
	for (const r of rows) {
		const notes = (JSON.parse(r.block_json) as { notes?: unknown }).notes;
		if (Array.isArray(notes) && notes.length > 0) out.push({ entry: r.entry, unit_id: r.unit_id, notes: notes.map(String) });
	}
	return out;
}

/** For each entry whose manifest carried notes on `unitId`: the notes, in the order printed (the unit_id index finds the rows). */
export async function siteNotesByEntry(knex: Knex, unitId: string): Promise<Map<string, string[]>> {
	const blocks = await blocksWithNotes(knex, (q) => q.where('b.unit_id', unitId));
	return new Map(blocks.map((b) => [b.entry, b.notes]));
}

/**
 * Every block of the document's manifests that carried notes, in one query (the Akoma Ntoso export: which
 * ones a unit shows at a date is the core's rule, core::akn). Disowned blocks and envelopes are left out, as
 * for the ledger rows the core matches them to.
 */
export function siteNotesOfDocument(knex: Knex, documentId: string, disowned: Disowned): Promise<BlockNotes[]> {
	return blocksWithNotes(knex, (q) => owned(owned(q.where('m.document', documentId), disowned, 'manifest_unit_block', 'b.id'), disowned, 'manifest_envelope', 'm.id'));
}
