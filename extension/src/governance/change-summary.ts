// What a manifest changes, counted for the pages that show one (review, preview,
// amend): the core classifies each block (core/src/change.rs: text replaced,
// moved, readdressed, … or position only) and counts them by section type; this
// adds the section types' labels from the store and what `position` means in
// the manifest, and says which blocks change only their position, so the pages
// can fold those away (module/change-summary.ts puts it into words).
import type { Knex } from 'knex';
import type { Core } from '../lib/core.js';
import { unwrap } from '../lib/outcome.js';
import type { Block } from '../lib/store.js';
import type { ChangeSummary } from '../shared/change-summary.js';

/** What the core reads of a block: its action, its changed columns, its unit's section type. */
export interface ChangeRow {
	action: string;
	changed: string[];
	section_type: string;
}

/** A manifest block as the core's countChanges reads it. */
export function changeRow(b: Block): ChangeRow {
	return { action: b.action, changed: (b as { changed?: string[] }).changed ?? [], section_type: (b.after ?? b.before)!.section_type };
}

/** The v1 format (`iu-cutter-manifest-v1`): a unit's position was its place in the whole document. */
const positionsOf = (envelope: Record<string, unknown>): ChangeSummary['positions'] => (envelope['format'] === 'iu-cutter-manifest-v1' ? 'document' : 'siblings');

/**
 * The summary of a manifest of `document` with `envelope` and `rows` (in block order), and the indices of its
 * blocks whose only change is `position`.
 */
export async function changeSummary(
	knex: Knex,
	core: Core,
	document: string,
	envelope: Record<string, unknown>,
	rows: ChangeRow[],
): Promise<{ summary: ChangeSummary; positionOnly: number[] }> {
	// As JSON text: a 100k-block manifest crosses faster than as 100k objects.
	const counted = unwrap('counting the changes of the manifest', core.countChanges({ blocks: JSON.stringify(rows) }), 500);
	const codes = [...new Set(counted.changes.map((c) => c.section_type))];
	const [types, doc] = await Promise.all([
		codes.length ? (knex('section_type').whereIn('code', codes).select('code', 'label') as Promise<{ code: string; label: string }[]>) : Promise.resolve([]),
		knex('legal_document').where({ id: document }).first('language') as Promise<{ language: string | null } | undefined>,
	]);
	const label = new Map(types.map((t) => [t.code, t.label]));
	return {
		summary: {
			// A section type without a row (deleted since) is named by its code.
			changes: counted.changes.map((c) => ({ ...c, label: label.get(c.section_type) ?? c.section_type })),
			positions: positionsOf(envelope),
			positions_upgrade: envelope['positions_upgrade'] === true,
			language: doc?.language ?? null,
		},
		positionOnly: counted.position_only,
	};
}

/** The rows with `position_only: true` on each block whose only change is its position (for the pages to fold). */
export function markPositionOnly<T extends object>(rows: T[], positionOnly: number[]): (T & { position_only?: true })[] {
	const out: (T & { position_only?: true })[] = rows.slice();
	for (const i of positionOnly) if (out[i]) out[i] = { ...out[i]!, position_only: true };
	return out;
}
