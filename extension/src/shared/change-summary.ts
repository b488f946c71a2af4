// What the server sends with a manifest (governance/change-summary.ts counts it) and the pages put into words
// (module/change-summary.ts). A type shared by both sides, so the server never imports the admin app.

import type { ChangeKind } from '../core-types/index.js';

/** The core's ChangeKind. */
export type { ChangeKind };

/** A manifest's change summary (governance/change-summary.ts). */
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
