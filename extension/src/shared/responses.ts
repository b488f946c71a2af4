// What the endpoints answer (the `data` of POST/GET /iu-cutter/…), once: each type is what its governance
// handler returns, so a page that imports it cannot drift from the server. Type-only imports: nothing of the
// server reaches the admin app's bundle. Errors are the core's `ErrorReport` (code: the generated `ErrorCode`).
import type { aknExport } from '../governance/akn.js';
import type { amendPreview, amendSubmit } from '../governance/amend.js';
import type { entryManifest, entryStatus, listEntries } from '../governance/audit.js';
import type { crosswalkPreview, crosswalkSubmit } from '../governance/crosswalk.js';
import type { documentDiff, documentText, unitHistory } from '../governance/history.js';
import type { preview, submit } from '../governance/plan.js';
import type { resolveCitation } from '../governance/resolve-citation.js';
import type { resolve } from '../governance/resolve.js';
import type { timeline } from '../governance/timeline.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer<F extends (...args: any[]) => unknown> = Awaited<ReturnType<F>>;

export type AknExportResponse = Answer<typeof aknExport>;
export type AmendPreviewResponse = Answer<typeof amendPreview>;
export type AmendSubmitResponse = Answer<typeof amendSubmit>;
export type EntryStatusResponse = Answer<typeof entryStatus>;
export type EntriesResponse = Answer<typeof listEntries>;
export type EntryManifestResponse = Answer<typeof entryManifest>;
export type CrosswalkPreviewResponse = Answer<typeof crosswalkPreview>;
export type CrosswalkSubmitResponse = Answer<typeof crosswalkSubmit>;
export type DocumentTextResponse = Answer<typeof documentText>;
export type UnitHistoryResponse = Answer<typeof unitHistory>;
export type DocumentDiffResponse = Answer<typeof documentDiff>;
export type PreviewResponse = Answer<typeof preview>;
export type SubmitResponse = Answer<typeof submit>;
export type ResolveCitationResponse = Answer<typeof resolveCitation>;
export type ResolveResponse = Answer<typeof resolve>;
export type TimelineResponse = Answer<typeof timeline>;
