// Reading request bodies and Flows payloads: every field is checked for its
// type, unknown fields are refused, and each error names the field and says
// what is expected — before anything is read from or written to the database.
import { badRequest } from './errors.js';
import { refuseNul } from './text-input.js';

type Kind = 'uuid' | 'string' | 'text' | 'sha256' | 'datetime' | 'boolean' | 'addresses' | 'enum' | 'integer' | 'json';
interface FieldSpec {
	kind: Kind;
	required?: boolean;
	/** false: `null` is refused naming the field (by default null means "not given"). */
	nullable?: boolean;
	values?: readonly string[];
	/** 'integer': the allowed range, both ends included (a query string sends it as digits). */
	min?: number;
	max?: number;
	example?: string;
}
export type BodySpec = Record<string, FieldSpec>;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256 = /^[0-9a-f]{64}$/;
// RFC 3339 with an explicit offset: a zone-less time would be guessed, and the core never guesses.
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function typeOf(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'an array';
	return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
}

/**
 * Checks `body` against `spec`; returns it typed. Throws 400 IU_INVALID_PAYLOAD naming the field.
 * `path`: where the object sits in a larger body (e.g. "amending[0]."), so that an error names
 * "amending[0].text" rather than "text".
 */
export function readBody<T>(body: unknown, spec: BodySpec, example: string, path = ''): T {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		throw badRequest(
			`${path ? `"${path.replace(/\.$/, '')}"` : 'The body'} must be a JSON object, e.g. ${example}; got ${typeOf(body)}.`,
			path ? { field: path.replace(/\.$/, '') } : {},
		);
	}
	// A NUL character is refused wherever it is (PostgreSQL cannot store it), naming the field and its place.
	refuseNul(body);
	const b = body as Record<string, unknown>;
	const unknown = Object.keys(b).filter((k) => !(k in spec));
	if (unknown.length > 0) {
		throw badRequest(`Unknown field(s) ${unknown.map((k) => `"${path}${k}"`).join(', ')}; allowed: ${Object.keys(spec).join(', ')}.`, { fields: unknown.map((k) => path + k) });
	}
	for (const [name, s] of Object.entries(spec)) {
		const field = path + name;
		const v = b[name];
		if (v === null && s.nullable === false) {
			throw badRequest(`"${field}" must be ${describe(s)}${s.example ? ` such as ${s.example}` : ''}; got null. Send a value or leave the field out.`, { field });
		}
		if (v === undefined || v === null) {
			if (s.required) throw badRequest(`"${field}" is required (${describe(s)}).`, { field });
			continue;
		}
		const fail = (hint = '') => {
			throw badRequest(`"${field}" must be ${describe(s)}${s.example ? ` such as ${s.example}` : ''}; got ${typeOf(v)}.${hint}`, { field });
		};
		switch (s.kind) {
			case 'uuid':
				if (typeof v !== 'string' || !UUID.test(v)) fail();
				break;
			case 'sha256':
				if (typeof v !== 'string' || !SHA256.test(v)) fail();
				break;
			case 'datetime':
				if (typeof v !== 'string' || !DATETIME.test(v) || Number.isNaN(Date.parse(v))) {
					// In a query string "+07:00" arrives as " 07:00": say so.
					fail(typeof v === 'string' && / \d{2}:\d{2}$/.test(v) ? ' In a query string write the "+" of the offset as %2B.' : '');
				}
				break;
			case 'boolean':
				if (typeof v !== 'boolean') fail();
				break;
			case 'enum':
				if (typeof v !== 'string' || !s.values!.includes(v)) fail();
				break;
			case 'addresses': {
				if (!Array.isArray(v) || v.length === 0) fail();
				const bad = (v as unknown[]).findIndex((x) => typeof x !== 'string' || x.length === 0);
				if (bad >= 0) {
					const x = (v as unknown[])[bad];
					throw badRequest(`"${field}[${bad}]" must be a canonical address such as "45-2019-qh14/dieu-10"; got ${x === '' ? 'an empty string' : typeOf(x)}.`, {
						field,
						index: bad,
					});
				}
				break;
			}
			case 'string':
				if (typeof v !== 'string' || v.length === 0 || v.length > 500) fail();
				break;
			case 'text':
				if (typeof v !== 'string') fail();
				break;
			case 'integer': {
				// From a query string the number arrives as text: digits only, so "1e3", "-0" or " 5" are refused, not guessed.
				const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : NaN;
				if (!Number.isInteger(n) || n < (s.min ?? 0) || n > (s.max ?? Number.MAX_SAFE_INTEGER)) fail();
				b[name] = n;
				break;
			}
			case 'json':
				// Any JSON value: the step reads it with its own rules (e.g. a list of objects, each through readBody with a `path`).
				break;
		}
	}
	return b as T;
}

function describe(s: FieldSpec): string {
	switch (s.kind) {
		case 'uuid':
			return 'a uuid such as "9b2f6c1e-0d4a-4c1b-8f1e-2a7d3c5b9e10"';
		case 'sha256':
			return 'a sha256 as 64 lowercase hex digits (the manifest_sha256 the preview returned)';
		case 'datetime':
			return 'an RFC 3339 date-time with offset, e.g. "2026-07-01T00:00:00Z"';
		case 'boolean':
			return 'true or false';
		case 'enum':
			return `one of ${s.values!.map((x) => `"${x}"`).join(', ')}`;
		case 'addresses':
			return 'a non-empty array of canonical addresses';
		case 'string':
			return 'a non-empty string of at most 500 characters';
		case 'text':
			return 'a string';
		case 'json':
			return 'a JSON value';
		case 'integer':
			return s.max === undefined ? `a whole number ≥ ${s.min ?? 0}` : `a whole number from ${s.min ?? 0} to ${s.max}`;
	}
}
