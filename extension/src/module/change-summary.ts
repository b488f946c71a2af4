// A manifest's change summary in words, for the pages that show one (review,
// preview, amend): "3 khoản replaced, 2 điểm removed, 1 điều added", in the
// document's own section types (their labels from the store), and, on a line
// of its own, the blocks whose only change is `position` (later siblings that
// shift when a unit is added or removed before them), which the pages fold away
// by default. What each block changes is the core's rule (core/src/change.rs,
// `countChanges`); this only puts the counts into words. Pure: the pages and
// tests/unit/change-summary.test.js share it.

/** The core's ChangeKind. */
export type ChangeKind = 'added' | 'replaced' | 'moved' | 'readdressed' | 'removed' | 'promoted' | 'status' | 'changed' | 'position_only' | 'confirmed';

/** What the server sends with a manifest (governance/change-summary.ts). */
export interface ChangeSummary {
	/** The core's counts, in its order, each with its section type's label from the store. */
	changes: { change: ChangeKind; section_type: string; label: string; count: number }[];
	/** What `position` means in this manifest: its place in the document (format v1) or among its siblings (v2). */
	positions: 'document' | 'siblings';
	/** iu0011's upgrade entry: it changes nothing but positions. */
	positions_upgrade: boolean;
	/** The document's language: English labels take a plural, Vietnamese ones do not. */
	language: string | null;
}

const VERB: Record<Exclude<ChangeKind, 'position_only'>, string> = {
	added: 'added',
	replaced: 'replaced',
	moved: 'moved to another parent',
	readdressed: 'readdressed',
	removed: 'removed',
	promoted: 'promoted',
	status: 'changed status',
	changed: 'changed',
	confirmed: 'confirmed unchanged',
};

/** "3 khoản", "1 section", "2 sections": the label in lower case, with a plural only in English. */
export function countOf(count: number, label: string, language: string | null): string {
	const word = label.toLocaleLowerCase(language ?? undefined);
	return `${count} ${count !== 1 && language?.toLowerCase().startsWith('en') ? `${word}s` : word}`;
}

/** Blocks whose only change is their position. */
export function positionOnly(s: ChangeSummary): number {
	return s.changes.reduce((n, c) => n + (c.change === 'position_only' ? c.count : 0), 0);
}

/** The changes a reviewer reads, position-only ones left out: "3 khoản replaced, 2 điểm removed"; '' when none. */
export function changesLine(s: ChangeSummary): string {
	return s.changes
		.filter((c) => c.change !== 'position_only')
		.map((c) => `${countOf(c.count, c.label, s.language)} ${VERB[c.change as Exclude<ChangeKind, 'position_only'>] ?? c.change}`)
		.join(', ');
}

/** The one line for the position-only blocks ('' when none): they stay in the list, folded away by default. */
export function positionLine(s: ChangeSummary): string {
	const n = positionOnly(s);
	if (n === 0) return '';
	// Under v1 a unit's position was its place in the whole document: every later unit shifted, not only siblings.
	const who = s.positions === 'document' ? (n === 1 ? 'later unit in the document' : 'later units in the document') : n === 1 ? 'later sibling' : 'later siblings';
	return `${n} ${who} renumbered (position only; nothing else changes)`;
}

/** iu0011's upgrade entry in one line. */
export function upgradeLine(s: ChangeSummary): string {
	const n = positionOnly(s);
	if (n === 0) return 'Every unit’s position already is its order among its siblings (iu0011); nothing changes';
	return `Positions of ${n} ${n === 1 ? 'unit' : 'units'} renumbered among their siblings (iu0011); nothing else changes`;
}

/** The summary's lines, in the order a page shows them. */
export function summaryLines(s: ChangeSummary): string[] {
	if (s.positions_upgrade) return [upgradeLine(s)];
	const changes = changesLine(s);
	const position = positionLine(s);
	return [changes || (position ? '' : 'No unit changes'), position].filter(Boolean);
}
