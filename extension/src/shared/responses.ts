// What the endpoints answer (the `data` of POST/GET /iu-cutter/…), once: each type is what its governance
// handler returns (endpoint/index.ts sends that value as `{ data }`), as JSON carries it, so a page that imports
// it cannot drift from the server. The handlers build their answers from the generated core types
// (../core-types) and the ledger's row types. Type-only imports: nothing of the server reaches the admin app's
// bundle. Errors are the core's `ErrorReport` (code: the generated `ErrorCode`).
// The admin pages import these and keep no interface of their own for what the server sends.
import type { JsonValue } from '../core-types/serde_json/JsonValue.js';
import type { myCapabilities } from '../governance/abilities.js';
import type { aknExport } from '../governance/akn.js';
import type { amendPreview, amendSubmit } from '../governance/amend.js';
import type { entryManifest, entryStatus, listEntries } from '../governance/audit.js';
import type { crosswalkPreview, crosswalkSubmit } from '../governance/crosswalk.js';
import type { cut } from '../governance/cut.js';
import type { documentDiff, documentText, unitHistory } from '../governance/history.js';
import type { preview, submit } from '../governance/plan.js';
import type { blocksPage, treePage } from '../governance/preview-pages.js';
import type { resolveCitation } from '../governance/resolve-citation.js';
import type { rollback } from '../governance/rollback.js';
import type { sweep } from '../governance/sweep.js';
import type { verify } from '../governance/verify.js';
import type { answerAddress, resolve } from '../governance/resolve.js';
import type { timeline } from '../governance/timeline.js';
import type { enrolPasskey, signProposal, statementFor, trustStatus } from '../governance/trust.js';

/**
 * A value as `res.json` sends it: JSON has no Date, so a timestamp the database driver returns as one arrives as its
 * ISO text. What is JSON already (the core's types) is left as it is.
 */
export type Sent<T> = T extends JsonValue ? T : T extends Date ? string : T extends object ? { [K in keyof T]: Sent<T[K]> } : T;

/** A document as the answers name it (and as the pages list them): no text, no vocabulary. */
export type { DocumentHead } from '../lib/store.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer<F extends (...args: any[]) => unknown> = Sent<Awaited<ReturnType<F>>>;

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
/** POST /resolve { address } (one address): what it meant at `at`, the core's `Resolution` (with `amended_by` when asked). */
export type ResolveAddressResponse = Answer<typeof answerAddress>;
export type MeResponse = Answer<typeof myCapabilities>;
/** GET /preview/:token/tree: a page of a paged preview's tree. */
export type PreviewTreePageResponse = Answer<typeof treePage>;
/** GET /preview/:token/blocks: a page of a paged preview's blocks. */
export type PreviewBlocksPageResponse = Answer<typeof blocksPage>;
export type TimelineResponse = Answer<typeof timeline>;
/** POST /cut, /verify, /sweep, /rollback: the workflow's later steps on an entry. */
export type CutResponse = Answer<typeof cut>;
export type VerifyResponse = Answer<typeof verify>;
export type SweepResponse = Answer<typeof sweep>;
export type RollbackResponse = Answer<typeof rollback>;

/** GET /trust, and the trust policy's POSTs (governance/trust.ts). */
export type TrustResponse = Answer<typeof trustStatus>;
export type EnrolResponse = Answer<typeof enrolPasskey>;
export type StatementResponse = Answer<typeof statementFor>;
export type SignProposalResponse = Answer<typeof signProposal>;
