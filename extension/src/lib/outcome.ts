// Core results are values `{ ok: true, … }` or `{ ok: false, error }`, never exceptions.
import { coreFailure } from './errors.js';
import type { CoreError } from './types.js';

/** The result's fields, or a 4xx naming what was being done and the core's reason and hint. */
export function unwrap<T>(what: string, result: unknown, status = 422): T {
	const r = result as { ok: boolean; error?: CoreError };
	if (!r.ok) throw coreFailure(what, r.error!, status);
	return r as unknown as T;
}
