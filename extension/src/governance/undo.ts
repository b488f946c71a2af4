// A text older than the store's last change set (an editor's copy from before an amendment, a repair, a rollback, a
// crosswalk or another editor's CUT) plans to set the units back: it undoes those change sets, and every gate passes
// since the blocks' before-images are the store's (issue 31, item 5). The core names them (core::history::undo); the
// preview shows them, and a submit is refused unless the editor acknowledges exactly those change sets (`undo`).
import type { Knex } from 'knex';
import { badRequest, conflict } from '../lib/errors.js';
import { loadDisowned } from '../lib/disowned.js';
import { loadChangeSets, loadLedgerImages } from '../lib/history-rows.js';
import { unwrap } from '../lib/outcome.js';
import type { Core } from '../lib/core.js';
import { peopleOf } from './people.js';

/** Units of one undone change set listed in an answer; all are counted in `unit_count`. */
const UNITS_SHOWN = 50;

/** A change set a planned manifest would undo: which, who cut it and when, and the units set back. */
export interface UndoneChangeSet {
	change_set: string;
	entry: string;
	kind: string;
	title: string;
	executor: string;
	executor_name: string;
	recorded_at: string | null;
	effective_from: string;
	unit_count: number;
	units: { unit_id: string; canonical_address: string; action: string; sets_back: string[] }[];
}

/** The change sets the planned `blocks` (each block's canonical JSON) would undo, in ledger order. */
export async function undoneBy(knex: Knex, core: Core, document: string, blocks: string[]): Promise<UndoneChangeSet[]> {
	if (blocks.length === 0) return [];
	const disowned = await loadDisowned(knex);
	const rows = await loadLedgerImages(knex, { document }, disowned);
	if (rows.length === 0) return [];
	const found = unwrap('undone change sets', core.undoneChangeSets({ blocks: `[${blocks.join(',')}]`, rows: JSON.stringify(rows) }), 500).undone;
	if (found.length === 0) return [];
	const sets = new Map((await loadChangeSets(knex, document, disowned)).map((c) => [c.change_set, c]));
	const names = await peopleOf(
		knex,
		[...sets.values()].map((c) => c.executor),
	);
	return found.map((u) => {
		const c = sets.get(u.change_set);
		return {
			change_set: u.change_set,
			entry: u.entry,
			kind: c?.kind ?? '',
			title: c?.title ?? '',
			executor: c?.executor ?? '',
			executor_name: (c && names[c.executor]) ?? c?.executor ?? '',
			recorded_at: c?.recorded_at ?? u.recorded_at,
			effective_from: c?.effective_from ?? '',
			unit_count: u.units.length,
			units: u.units.slice(0, UNITS_SHOWN),
		};
	});
}

/** `undo` of a request: a list of change set ids, or absent. */
export function readUndo(value: unknown): string[] | undefined {
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value) || value.some((x) => typeof x !== 'string' || x.length === 0)) {
		throw badRequest('"undo" must be a list of change set ids (the "undoes" of the preview), e.g. ["<cut_change_set id>"].', { field: 'undo' });
	}
	return value as string[];
}

/**
 * Refuses (409 IU_UNDOES_CHANGE_SETS) a submit whose manifest undoes change sets the editor did not name in `undo`,
 * or names others: the acknowledgement must be exactly the preview's `undoes`.
 */
export function refuseUnacknowledgedUndo(undone: UndoneChangeSet[], acknowledged: string[] | undefined, docCode: string): void {
	const wanted = [...new Set(undone.map((u) => u.change_set))].sort();
	const given = [...new Set(acknowledged ?? [])].sort();
	if (wanted.length === given.length && wanted.every((id, i) => id === given[i])) return;
	const described = undone
		.map((u) => `${u.change_set} (${u.kind}${u.title ? ` "${u.title}"` : ''}, cut by ${u.executor_name} at ${u.recorded_at ?? '?'}: ${u.unit_count} unit(s) set back)`)
		.join('; ');
	const message = wanted.length
		? `This text undoes change set(s) of ${docCode} cut after it was written: ${described}. It is older than the stored units; preview the document's stored text (it follows every CUT), or, if undoing them is what you mean, submit again with "undo": ${JSON.stringify(wanted)}.`
		: `"undo" names change set(s) ${JSON.stringify(given)}, but this text undoes none: leave "undo" out.`;
	throw conflict('IU_UNDOES_CHANGE_SETS', message.slice(0, 4000), { undoes: undone, undo_expected: wanted, undo_given: given, field: 'undo' });
}
