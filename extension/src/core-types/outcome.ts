// Not generated: how every export of the bindings answers (extension/wasm/src/adapter.rs `outcome`).
// Every other file of this folder is generated from the Rust types (extension/wasm/tests/ts_export.rs).
import type { ErrorReport } from './ErrorReport.js';

/** A refused call: the core's one error shape. */
export type Failure = { ok: false; error: ErrorReport };

/**
 * `{ ok: true, …T }` or `{ ok: false, error }`: a core answer, never an exception. Exports with more to
 * say on a failure name their own shape beside it (`IPlanDocumentFailure`: the mass retire guard's
 * numbers; `IPlanCrosswalkRefused`: the file's errors and their total).
 */
export type Outcome<T> = ({ ok: true } & T) | Failure;
