// The rows the admin module shows for a manifest: each cut unit and each block
// in a compact shape (address, type, ordinal, what changes, an excerpt), and,
// for the preview, where a unit that leaves the text sat. Pure mapping, no I/O:
// the endpoints and the preview benchmark (tests/bench/preview-tree.js) share it.
import type { Block, StoredUnit } from '../lib/store.js';
import type { CutUnit, IPrintedNumbersResult, Outcome, ProvisionStatus, Vocabulary } from '../core-types/index.js';

// A unit of the core's cut (cutDocument / planDocument), and what the publisher prints in its place.
export type { CutUnit, ProvisionStatus };

/**
 * Each row with `number`, its ordinal as the text prints it (`Chương IV`, `Điểm đ`, `Section 3.1`, where the
 * ordinal is `4`, `dd`, `3p1`): the core's `printedNumbers` in the document's vocabulary, in one call.
 */
export function withNumbers<T extends { section_type: string; ordinal: string }>(
	rows: T[],
	printedNumbers: (vocabulary: string | Vocabulary, units: [string, string][]) => Outcome<IPrintedNumbersResult>,
	vocabulary: string | Vocabulary,
): (T & { number: string })[] {
	const answer = printedNumbers(
		vocabulary,
		rows.map((r) => [r.section_type, r.ordinal]),
	);
	// A vocabulary the core cannot read was refused before any preview: the ordinal is then the best label there is.
	return rows.map((r, i) => ({ ...r, number: answer.ok ? answer.numbers[i]! : r.ordinal }));
}

const EXCERPT_CHARS = 120;
const excerpt = (text: string) => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text);

/** A unit of the cut as the preview tree reads it: document order, parent as an index into the list. */
export function unitRow(u: CutUnit) {
	// `status` only on a marked unit: every other row keeps its shape.
	return {
		address: u.canonical_address,
		parent: u.parent,
		section_type: u.section_type,
		ordinal: u.ordinal,
		line: u.line,
		excerpt: excerpt(u.heading || u.body),
		...(u.status ? { status: u.status } : {}),
	};
}

export function blockSummary(b: Block) {
	const unit = b.after ?? b.before!;
	return {
		action: b.action,
		unit_id: b.unit_id,
		address: unit.canonical_address,
		section_type: unit.section_type,
		ordinal: unit.ordinal,
		...(b.before && b.after && b.before.canonical_address !== b.after.canonical_address ? { old_address: b.before.canonical_address } : {}),
		changed: (b as { changed?: string[] }).changed ?? [],
		excerpt: excerpt(unit.heading || unit.body || ''),
		aliases: (b.aliases ?? []).map((a) => ({ alias_text: a.alias_text, alias_kind: a.alias_kind })),
		// Only an amendment's blocks carry it: every other summary keeps its shape.
		...(b.amended_by?.length ? { amended_by: b.amended_by } : {}),
		// Made or changed by hand by the editor (core::amend::ManualEdit), with the note the reviewer reads.
		...(b.manual ? { manual: b.manual } : {}),
	};
}

/**
 * The blocks of a preview. A unit that leaves the text (retire, remove) also gets its place in the
 * tree, which is built from the new text: `parent_address`, its parent's address once the manifest
 * is applied, and `follows`, the address of the sibling it came after (null: it was the first child).
 * `stored` are the document's units in any order (the store gives them by id).
 */
export function previewBlocks(blocks: Block[], stored: StoredUnit[]) {
	const addressAfter = new Map(stored.map((u) => [u.id, u.canonical_address]));
	for (const b of blocks) if (b.after) addressAfter.set(b.unit_id, b.after.canonical_address);
	const children = new Map<string | null, StoredUnit[]>();
	for (const u of stored) {
		const list = children.get(u.parent);
		if (list) list.push(u);
		else children.set(u.parent, [u]);
	}
	// A retire block keeps an after image (the unit, marked retired); a remove block has none.
	const leaves = (b: Block) => b.action === 'retire' || b.action === 'remove';
	return blocks.map((b) => ({
		...blockSummary(b),
		...(leaves(b) ? placeOfGone(b.before!, children.get(b.before!.parent) ?? [], addressAfter) : {}),
	}));
}

/** Before `b` in sibling order: by position, the id deciding between equal positions (as the store has them). */
const before = (a: StoredUnit, b: StoredUnit) => a.position < b.position || (a.position === b.position && a.id < b.id);

function placeOfGone(unit: StoredUnit, siblings: StoredUnit[], addressAfter: Map<string, string>) {
	// The nearest sibling before it, whatever order `siblings` come in. Units retired earlier are not in the tree:
	// the unit follows the nearest one still there.
	let previous: StoredUnit | undefined;
	for (const u of siblings) {
		if (u.id === unit.id || u.lifecycle_status === 'retired' || !before(u, unit)) continue;
		if (!previous || before(previous, u)) previous = u;
	}
	return {
		parent_address: unit.parent ? (addressAfter.get(unit.parent) ?? null) : null,
		follows: previous ? (addressAfter.get(previous.id) ?? null) : null,
	};
}
