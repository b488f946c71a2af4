import { createError, type DirectusErrorConstructor } from '@directus/errors';
import type { ErrorCode, ErrorReport as CoreError, Refusal, RefusalKind } from '../core-types/index.js';

export interface InvalidAddressExtensions {
	field: string;
	code: string;
	reason: string;
	offset: number | null;
	hint: string;
	value: string;
	canonical?: string;
}

/** HTTP 400 naming the field, the reason, the byte offset and the fix. Clients read `extensions`. */
export const InvalidAddressError = createError<InvalidAddressExtensions>('IU_INVALID_ADDRESS', (e) => `Invalid "${e.field}": ${e.reason}. Fix: ${e.hint}.`, 400);

/** A core error about an address, or one of the hook's own (a value that is no string, a non-canonical form). */
type AddressError = Omit<CoreError, 'code'> & { code: ErrorCode | 'not-a-string' | 'not-canonical' };

export function invalidAddress(field: string, value: string, error: AddressError, canonical?: string) {
	return new InvalidAddressError({ ...error, field, value, canonical });
}

/**
 * A workflow refusal with its own status and code: a two-person rule (403), a
 * wrong state or a failed gate (409), a missing item (404). The message says
 * what is wrong and what to do; `extensions` carries the evidence.
 */
export class WorkflowError extends Error {
	readonly status: number;
	readonly code: string;
	readonly extensions: Record<string, unknown>;
	constructor(status: number, code: string, message: string, extensions: Record<string, unknown> = {}) {
		super(message);
		this.status = status;
		this.code = code;
		this.extensions = { code, ...extensions };
	}
}

// Directus turns only its own errors into responses (anything else is a 500), so
// each refusal becomes a Directus error with the same code, status and message.
const directusErrors = new Map<string, DirectusErrorConstructor<Record<string, unknown>>>();
export function toDirectusError(e: WorkflowError) {
	const key = `${e.code}/${e.status}`;
	let Ctor = directusErrors.get(key);
	if (!Ctor) {
		Ctor = createError<Record<string, unknown>>(e.code, (x) => String(x['message']), e.status);
		directusErrors.set(key, Ctor);
	}
	return new Ctor({ ...e.extensions, message: e.message });
}

/**
 * The HTTP status each kind of workflow refusal is answered with: the one place it is decided (the core's
 * `workflowCheck` says which rule refused, not how the API answers it).
 */
export const REFUSAL_STATUS: Readonly<Record<RefusalKind, number>> = { 'two-person': 403, 'wrong-state': 409, 'corrupt-history': 422 };

/** A refusal of the core's workflow rules, with the status of its kind. */
export const refused = (refusal: Refusal, extensions: Record<string, unknown> = {}) => new WorkflowError(REFUSAL_STATUS[refusal.kind], refusal.code, refusal.message, extensions);

export const badRequest = (message: string, extensions: Record<string, unknown> = {}) => new WorkflowError(400, 'IU_INVALID_PAYLOAD', message, extensions);
export const notFound = (what: string, id: string) =>
	new WorkflowError(404, 'IU_NOT_FOUND', `No ${what} with id "${id}". Check the id; list them under Content › Governance ledger.`, { what, id });
export const forbidden = (message: string, extensions: Record<string, unknown> = {}) => new WorkflowError(403, 'IU_FORBIDDEN', message, extensions);
export const conflict = (code: string, message: string, extensions: Record<string, unknown> = {}) => new WorkflowError(409, code, message, extensions);

/**
 * A person's signature the core refused, naming the part of the signature (`field`, under `signature`): 403, or 400
 * when it cannot be read as a signature at all.
 */
export function signatureRefused(error: CoreError, field: string, malformed = false) {
	return new WorkflowError(malformed ? 400 : 403, malformed ? 'IU_INVALID_PAYLOAD' : 'IU_SIGNATURE_REFUSED', `Your signature was refused: ${error.reason}. Fix: ${error.hint}.`, {
		core: error,
		field,
	});
}

/** A core outcome `{ ok:false, error }` as a 4xx naming the core's code, reason and hint. */
export function coreFailure(what: string, error: CoreError, status = 422, evidence: Record<string, unknown> = {}) {
	return new WorkflowError(status, 'IU_CORE_REFUSED', `${what}: ${error.reason}. Fix: ${error.hint}.`, { core: error, ...evidence });
}
