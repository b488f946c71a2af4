// A publisher's editorial notes on a unit (`[Khoản này được sửa đổi bởi …]` in a crawled
// text): the core keeps them out of the unit's text and the planner puts them beside the unit,
// in its block of the reviewed manifest (`notes`). Not law, so never in logical_unit.
import type { Knex } from 'knex';
import type { BlockNotes } from '../core-types/index.js';
import { owned, type Disowned } from '../lib/disowned.js';

/** For each entry whose manifest carried notes on `unitId`: the notes, in the order printed. */
export async function siteNotesByEntry(knex: Knex, unitId: string): Promise<Map<string, string[]>> {
	// `notes` is written only into blocks of units that have some (canonical JSON, no spaces): the LIKE keeps the
	// others out; the unit_id index finds the rows; the parse decides.
	const rows: Array<{ entry: string; block_json: string }> = await knex('manifest_unit_block as b')
		.join('manifest_envelope as m', 'm.id', 'b.envelope')
		.where('b.unit_id', unitId)
		.andWhere('b.block_json', 'like', '%"notes":%')
		.orderBy('b.ledger_seq')
		.select('m.entry as entry', 'b.block_json as block_json');
	const out = new Map<string, string[]>();
	for (const r of rows) {
		const notes = (JSON.parse(r.block_json) as { notes?: unknown }).notes;
		if (Array.isArray(notes) && notes.length > 0) out.set(r.entry, notes.map(String));
	}
	return out;
}

/**
 * Every block of the document's manifests that carried notes, in one query (the Akoma Ntoso export: which
 * ones a unit shows at a date is the core's rule, core::akn). Disowned blocks and envelopes are left out, as
 * for the ledger rows the core matches them to.
 */
export async function siteNotesOfDocument(knex: Knex, documentId: string, disowned: Disowned): Promise<BlockNotes[]> {
	let q = knex('manifest_unit_block as b').join('manifest_envelope as m', 'm.id', 'b.envelope').where('m.document', documentId).andWhere('b.block_json', 'like', '%"notes":%');
	q = owned(owned(q, disowned, 'manifest_unit_block', 'b.id'), disowned, 'manifest_envelope', 'm.id');
	const rows: Array<{ entry: string; unit_id: string; block_json: string }> = await q
		.orderBy('b.ledger_seq')
		.select('m.entry as entry', 'b.unit_id as unit_id', 'b.block_json as block_json');
	const out: BlockNotes[] = [];
	for (const r of rows) {
		const notes = (JSON.parse(r.block_json) as { notes?: unknown }).notes;
		if (Array.isArray(notes) && notes.length > 0) out.push({ entry: r.entry, unit_id: r.unit_id, notes: notes.map(String) });
	}
	return out;
}
