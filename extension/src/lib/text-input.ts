// Text that cannot be stored: a NUL character (U+0000). PostgreSQL refuses it in
// text columns (a raw SQL error, a 500) and SQLite would keep it, so one text
// would behave differently on the two databases. It is refused at the door —
// every iu-cutter request body and query (lib/body.ts), and legal_document
// through the Items API (the hook) — with a 400 naming the field and the place.
import { WorkflowError, toDirectusError } from './errors.js';

export interface NulPlace {
	/** The top-level field, e.g. "text" or "addresses". */
	field: string;
	/** Where inside it, e.g. "addresses[2]"; equals `field` for a top-level string. */
	path: string;
	/** Character (code point) index of the first NUL in the string, from 0. */
	offset: number;
	/** UTF-8 byte offset of the same NUL. */
	byte_offset: number;
	/** 1-based line and column (in characters) of the NUL. */
	line: number;
	column: number;
	/** Set when the NUL is in a field's name rather than its value. */
	in_key?: true;
}

/** Where the first NUL of `s` is, or null. Offsets count code points, not UTF-16 units. */
export function nulPlace(s: string): Omit<NulPlace, 'field' | 'path'> | null {
	const at = s.indexOf('\u0000');
	if (at < 0) return null;
	const before = s.slice(0, at);
	const lastBreak = before.lastIndexOf('\n');
	const lineStart = before.slice(lastBreak + 1);
	return {
		offset: [...before].length,
		byte_offset: Buffer.byteLength(before, 'utf8'),
		line: (before.match(/\n/g)?.length ?? 0) + 1,
		column: [...lineStart].length + 1,
	};
}

/** The first NUL in any string (or object key) of a JSON value, walked without recursion. */
export function findNul(value: unknown): NulPlace | null {
	const stack: Array<{ v: unknown; field: string | null; path: string }> = [{ v: value, field: null, path: '' }];
	while (stack.length > 0) {
		const { v, field, path } = stack.pop()!;
		if (typeof v === 'string') {
			const p = nulPlace(v);
			if (p) return { field: field ?? '(body)', path: path || '(body)', ...p };
		} else if (Array.isArray(v)) {
			for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], field, path: `${path}[${i}]` });
		} else if (v !== null && typeof v === 'object') {
			const keys = Object.keys(v);
			for (const k of keys) {
				const p = nulPlace(k);
				// NUL is the very character this check looks for: the key is shown with it written out as \u0000.
				// eslint-disable-next-line no-control-regex -- the control character is the match, not a typo
				const shown = k.replace(/\u0000/g, '\\u0000');
				if (p) return { field: field ?? shown, path: path ? `${path}.${shown}` : shown, ...p, in_key: true };
			}
			for (let i = keys.length - 1; i >= 0; i--) {
				const k = keys[i]!;
				stack.push({ v: (v as Record<string, unknown>)[k], field: field ?? k, path: path ? `${path}.${k}` : k });
			}
		}
	}
	return null;
}

function invalidText(p: NulPlace, where: string): WorkflowError {
	const place = `line ${p.line}, column ${p.column} (character ${p.offset})`;
	const what = p.in_key ? `The field name "${p.path}"` : `"${p.path}"`;
	return new WorkflowError(
		400,
		'IU_INVALID_TEXT',
		`${what}${where} contains a NUL character (U+0000) at ${place}. No legal text, title or address needs it and PostgreSQL cannot store it; it usually comes from a binary file or a broken copy. Remove it and send the value again.`,
		{ ...p, reason: 'nul-character', hint: 'remove the U+0000 character(s) from the text' },
	);
}

/** Throws 400 IU_INVALID_TEXT naming the field, the path and the place of the first NUL in `body`. */
export function refuseNul(body: unknown, where = ''): void {
	const p = findNul(body);
	if (p) throw invalidText(p, where);
}

/**
 * Filter for `legal_document.items.create/update` (Items API, imports, Flows):
 * a NUL in any string field (source_text, title, …) is a 400 naming the field.
 */
export function refuseNulInItem(payload: unknown): unknown {
	if (payload === null || typeof payload !== 'object') return payload;
	const p = findNul(payload);
	if (p) throw toDirectusError(invalidText(p, ' of legal_document'));
	return payload;
}
