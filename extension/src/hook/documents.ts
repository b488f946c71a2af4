// ── documents: the address-defining fields are fixed once there are units ──
// slug and source_sha256 are derived by the core on every write, never taken from the client; a document with
// units keeps its address-defining fields and cannot be deleted.
import type { Knex } from 'knex';
import { ADDRESS_FIELDS, DOC_CODE_MAX, DOCUMENT, LOGICAL_UNIT } from '../lib/collections.js';
import { loadCore } from '../lib/core.js';
import { invalidAddress } from '../lib/errors.js';
import { defaultVocabulary } from '../lib/vocabulary-default.js';
import { DocumentHasUnitsError, DocumentReaddressError, FieldTooLongError } from './errors.js';
import { ids, type Context, type Hooks, type Meta } from './events.js';

export function registerDocumentFields({ filter }: Hooks): void {
	filter(`${DOCUMENT}.items.create`, (input) => deriveDocumentFields(input as Record<string, unknown>, true));
	filter(`${DOCUMENT}.items.update`, async (input, meta, context) => {
		const out = await deriveDocumentFields(input as Record<string, unknown>, false);
		const touched = ADDRESS_FIELDS.filter((f) => f in out);
		if (touched.length === 0) return out;
		const { database: db } = context as Context;
		const keys = ids((meta as Meta).keys);
		const units = await unitsOf(db, keys);
		if (units.size === 0) return out;
		const rows: Record<string, string>[] = await db(DOCUMENT)
			.whereIn('id', [...units.keys()])
			.select('id', ...ADDRESS_FIELDS);
		for (const row of rows) {
			const field = touched.find((f) => out[f] !== row[f]);
			if (field) throw new DocumentReaddressError({ document: row['id']!, doc_code: row['doc_code']!, field, units: units.get(row['id']!)! });
		}
		return out;
	});
	filter(`${DOCUMENT}.items.delete`, async (keys, _meta, context) => {
		const { database: db } = context as Context;
		const units = await unitsOf(db, ids(keys));
		const [id, n] = [...units.entries()][0] ?? [];
		if (id) {
			const row = await db(DOCUMENT).where({ id }).first('doc_code');
			throw new DocumentHasUnitsError({ document: id, doc_code: row?.doc_code ?? id, units: n! });
		}
		return keys;
	});
}

/** slug and source_sha256 are derived by the core, never taken from the client. */
async function deriveDocumentFields(payload: Record<string, unknown>, creating: boolean) {
	const core = await loadCore();
	const out = { ...payload };
	delete out['slug'];
	delete out['source_sha256'];
	if (creating || 'doc_code' in payload) {
		const value = payload['doc_code'];
		const r = core.normalizeDocCode({ input: typeof value === 'string' ? value : '' });
		if (!r.ok) throw invalidAddress('doc_code', String(value ?? ''), r.error);
		// PostgreSQL enforces varchar(64), SQLite does not: both answer the same 400 here.
		// The slug can be longer than the code ("Đ" becomes "dd").
		for (const [field, text] of [
			['doc_code', value as string],
			['slug', r.slug],
		] as const) {
			const length = [...text].length;
			if (length > DOC_CODE_MAX) throw new FieldTooLongError({ field, limit: DOC_CODE_MAX, length });
		}
		out['slug'] = r.slug;
	}
	// A new document given a language but no vocabulary starts with its language's (issue 46: "en" left it on "vi").
	if (creating && !('vocabulary' in payload) && typeof payload['language'] === 'string') {
		const vocabulary = defaultVocabulary(payload['language']);
		if (vocabulary) out['vocabulary'] = vocabulary;
	}
	if (creating || 'source_text' in payload) {
		const text = payload['source_text'];
		out['source_sha256'] = typeof text === 'string' ? core.sha256Hex({ text }) : null;
	}
	const now = new Date().toISOString();
	if (creating) out['created_at'] = now;
	else delete out['created_at'];
	out['updated_at'] = now;
	return out;
}

/** Units per document, for the documents among `keys` that have any. */
async function unitsOf(database: Knex, keys: string[]): Promise<Map<string, number>> {
	if (keys.length === 0) return new Map();
	const rows: { document: string; n: number | string }[] = await database(LOGICAL_UNIT).whereIn('document', keys).groupBy('document').select('document').count({ n: '*' });
	return new Map(rows.map((r) => [String(r.document), Number(r.n)]));
}
