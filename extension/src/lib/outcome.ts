// Core results are values `{ ok: true, … }` or `{ ok: false, error }`, never exceptions.
import { coreFailure } from './errors.js';
import type { ErrorReport } from '../core-types/index.js';

/** The answer's fields when it succeeded, or a 4xx naming what was being done and the core's reason and hint. */
export function unwrap<O extends { ok: boolean }>(what: string, result: O, status = 422): Extract<O, { ok: true }> {
	if (!result.ok) throw coreFailure(what, (result as { ok: boolean; error?: ErrorReport }).error!, status);
	return result as Extract<O, { ok: true }>;
}
