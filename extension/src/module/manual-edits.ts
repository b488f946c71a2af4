// Finishing an amendment by hand: the edits the page collects and sends with preview and submit. What an edit may
// do, and whether it can be made, is the core's rule (core::amend::ManualEdit); the page only collects them.
import { t } from '../i18n/index.ts';

export type ManualEdit =
	| { op: 'edit'; address: string; heading?: string; body: string; note: string }
	| { op: 'add'; parent: string; kind: string; number: string; after?: string; heading?: string; body: string; note: string }
	| { op: 'applied'; step?: string; law?: string; offset?: number; note: string };

/** What a dialog is opened for: the text of a unit, a new unit under a parent, or an instruction / unread words done by hand. */
export type EditRequest =
	| { mode: 'edit'; address: string; heading: string | null; body: string; lawText?: string | null }
	| {
			mode: 'add';
			parent: string;
			kinds: { code: string; label: string; parents: string[] }[];
			parentKind: string | null;
			kind: string;
			number: string;
			siblings: string[];
			lawText?: string | null;
	  }
	| { mode: 'applied'; step?: { ref: string; provision: string; law: string }; unread?: { law: string; line: number; offset: number; text: string } };

/** The last part of an address, under the document (`dieu-2/khoan-3`), as the page shows units. */
export const inDocument = (address: string) => (address.includes('/') ? address.slice(address.indexOf('/') + 1) : address);

/** One line describing an edit, in the user's language. `lines` gives the line of unread words by law and offset. */
export function describe(e: ManualEdit, line?: (law: string, offset: number) => number | undefined): string {
	switch (e.op) {
		case 'edit':
			return t('manual.op_edit', { address: inDocument(e.address) });
		case 'add':
			return t('manual.op_add', { kind: e.kind, number: e.number, parent: e.parent ? inDocument(e.parent) : t('manual.the_document') });
		case 'applied':
			return e.step ? t('manual.op_applied_step', { ref: e.step }) : t('manual.op_applied_unread', { law: e.law ?? '', line: line?.(e.law ?? '', e.offset ?? 0) ?? '?' });
	}
}
