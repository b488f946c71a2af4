// The document's text follows its units (issue 31, item 5). A CUT changes units, never text:
// after an amendment, a repair, a rollback or a crosswalk, the stored `source_text` still held
// what the units replaced, and "Preview the cut" planned from it undid the change with every
// gate passing. So every CUT that writes units asks the core what the text must now be
// (core::unit::text): the stored text itself when it cuts into the live units already (the
// CUT applied that very text), else the text the core renders from the live units, keeping
// the stored text's head (title, preamble) and tail (signature, appendices). It is written in
// the CUT's transaction; the CUT's history row says whether and why it changed.
import type { Knex } from 'knex';
import { DOCUMENT } from '../lib/collections.js';
import { unwrap } from '../lib/outcome.js';
import { loadUnits } from '../lib/store.js';
import type { Core } from '../lib/core.js';

/** What a CUT did to its document's text, as its history row records it. */
export interface TextFollowed {
	/** Whether `source_text` was rewritten from the live units. */
	rewritten: boolean;
	before_sha256: string | null;
	after_sha256: string | null;
	/** Why: the stored text no longer cut into the live units this CUT left. */
	reason?: string;
	/** Live units the rendered text does not cut back into exactly (none expected). */
	differs?: string[];
}

/** Brings `document`'s `source_text` and `source_sha256` in line with its live units, inside the CUT's `trx`. */
export async function followSourceText(trx: Knex.Transaction, core: Core, document: string, now: string): Promise<TextFollowed> {
	const doc: { source_text: string | null; source_sha256: string | null; doc_code: string; vocabulary: string } = await trx(DOCUMENT)
		.where({ id: document })
		.first('source_text', 'source_sha256', 'doc_code', 'vocabulary');
	const units = await loadUnits(trx, document);
	const followed = unwrap(
		'document text',
		core.followText({ units: JSON.stringify(units), vocabulary: doc.vocabulary, docCode: doc.doc_code, current: doc.source_text ?? undefined }),
		500,
	);
	const before = doc.source_sha256 ?? (doc.source_text == null ? null : core.sha256Hex({ text: doc.source_text }));
	if (followed.kept) return { rewritten: false, before_sha256: before, after_sha256: before };
	await trx(DOCUMENT).where({ id: document }).update({ source_text: followed.text, source_sha256: followed.sha256, updated_at: now });
	return {
		rewritten: true,
		before_sha256: before,
		after_sha256: followed.sha256,
		reason: 'the stored text no longer cut into the units this CUT left: it is now the text of the live units, as the core renders them (its head and tail kept)',
		...(followed.differs.length ? { differs: followed.differs.slice(0, 50) } : {}),
	};
}
