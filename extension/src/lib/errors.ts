import { createError } from '@directus/errors';
import type { CoreError } from './types.js';

export interface InvalidAddressExtensions {
	field: string;
	code: string;
	reason: string;
	offset: number;
	hint: string;
	value: string;
	canonical?: string;
}

/** HTTP 400 naming the field, the reason, the byte offset and the fix. Clients read `extensions`. */
export const InvalidAddressError = createError<InvalidAddressExtensions>(
	'IU_INVALID_ADDRESS',
	(e) => `Invalid "${e.field}": ${e.reason}. Fix: ${e.hint}.`,
	400,
);

export function invalidAddress(field: string, value: string, error: CoreError, canonical?: string) {
	return new InvalidAddressError({ field, value, canonical, ...error });
}
