// A manifest's change summary in words, for the pages that show one (review,
// preview, amend): "3 khoản replaced, 2 điểm removed, 1 điều added" (in
// Vietnamese "thay thế 3 khoản, bãi bỏ 2 điểm, thêm 1 điều"), in the
// document's own section types (their labels from the store), and, on a line
// of its own, the blocks whose only change is `position` (later siblings that
// shift when a unit is added or removed before them), which the pages fold away
// by default. What each block changes is the core's rule (core/src/change.rs,
// `countChanges`); this only puts the counts into words, in the user's language
// (the "common" catalog, `change.*`). Pure but for the language: the pages and
// tests/unit/change-summary.test.js share it.
import { lang, t, tn, type Lang } from '../i18n/index.ts';

// The summary's shape is shared with the server (it sends it); the pages import it from here.
export type { ChangeKind, ChangeSummary } from '../shared/change-summary.ts';
import type { ChangeSummary } from '../shared/change-summary.ts';

const KINDS: ReadonlySet<string> = new Set(['added', 'replaced', 'moved', 'readdressed', 'removed', 'promoted', 'status', 'changed', 'confirmed']);

/** "3 khoản", "1 section", "2 sections": the label in lower case, with a plural only in English (the document's words, not the user's). */
export function countOf(count: number, label: string, language: string | null): string {
	const word = label.toLocaleLowerCase(language ?? undefined);
	return `${count} ${count !== 1 && language?.toLowerCase().startsWith('en') ? `${word}s` : word}`;
}

/** Blocks whose only change is their position. */
export function positionOnly(s: ChangeSummary): number {
	return s.changes.reduce((n, c) => n + (c.change === 'position_only' ? c.count : 0), 0);
}

/** The changes a reviewer reads, position-only ones left out: "3 khoản replaced, 2 điểm removed"; '' when none. */
export function changesLine(s: ChangeSummary, in_: Lang = lang.value): string {
	return s.changes
		.filter((c) => c.change !== 'position_only')
		.map((c) => {
			const count = countOf(c.count, c.label, s.language);
			// A kind a newer core knows and this page does not: its name, as the core says it.
			return KINDS.has(c.change) ? t(`common.change.${c.change}`, { count }, in_) : `${count} ${c.change}`;
		})
		.join(', ');
}

/** The one line for the position-only blocks ('' when none): they stay in the list, folded away by default. */
export function positionLine(s: ChangeSummary, in_: Lang = lang.value): string {
	const n = positionOnly(s);
	if (n === 0) return '';
	// Under v1 a unit's position was its place in the whole document: every later unit shifted, not only siblings.
	return tn(s.positions === 'document' ? 'common.change.position.document' : 'common.change.position.siblings', n, {}, in_);
}

/** iu0011's upgrade entry in one line. */
export function upgradeLine(s: ChangeSummary, in_: Lang = lang.value): string {
	const n = positionOnly(s);
	return n === 0 ? t('common.change.upgrade.none', {}, in_) : tn('common.change.upgrade', n, {}, in_);
}

/** The summary's lines, in the order a page shows them. */
export function summaryLines(s: ChangeSummary, in_: Lang = lang.value): string[] {
	if (s.positions_upgrade) return [upgradeLine(s, in_)];
	const changes = changesLine(s, in_);
	const position = positionLine(s, in_);
	return [changes || (position ? '' : t('common.change.none', {}, in_)), position].filter(Boolean);
}
