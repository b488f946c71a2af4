// Route guards for the doors where Directus emits no filter event, so no hook
// filter can refuse:
// - RelationsService.deleteOne (DELETE /relations/:collection/:field, GraphQL
//   delete_relations_item, a relation dropped by /schema/apply) drops the
//   foreign key and its directus_relations row with plain knex calls;
// - CollectionsService.deleteOne of a table without a directus_collections row
//   (iu_migration_ledger) drops it with no event at all;
// - UtilsService.sort (POST /utils/sort/:collection) rewrites the sort field
//   (the ledger's ledger_seq; logical_unit had position until iu0011 cleared its
//   sort_field — position is an order among siblings, and a drag in a list of
//   one document's units cannot mean one — so Directus refuses that sort itself)
//   with plain knex calls.
// The same schema routes are also refused here when a filter would catch them,
// so every schema door answers the same way before any work starts; the
// filters in index.ts stay as the second line (GraphQL, service callers).
import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { APPEND_ONLY, IU_COLLECTIONS, SEALED_STORE } from '../lib/collections.js';
import { AppendOnlyError, SchemaSealedError, UnitStoreSealedError } from './errors.js';

const WRITE = new Set(['POST', 'PATCH', 'DELETE']);
const SCHEMA_MUTATIONS = /\b(create|update|delete)_(collections|fields|relations)_(item|items)\b/;
const NAMES = [...IU_COLLECTIONS];
const NAME_IN_TEXT = new RegExp(`(?<![A-Za-z0-9_])(${NAMES.join('|')})(?![A-Za-z0-9_])`);
// A /schema/apply upload larger than this is refused rather than buffered.
const MAX_UPLOAD = 50 * 1024 * 1024;

type Req = {
	method: string;
	path: string;
	body?: unknown;
	query?: Record<string, unknown>;
	is(type: string): string | false | null;
	headers: Record<string, string | string[] | undefined>;
	// The request stream, as rawBody reads it and Directus' multipart reader pipes it (Node's Readable signatures).
	on(event: 'data', cb: (chunk: Buffer) => void): unknown;
	on(event: 'end', cb: () => void): unknown;
	on(event: 'error', cb: (error: Error) => void): unknown;
	pipe: <T extends NodeJS.WritableStream>(dest: T, opts?: { end?: boolean }) => T;
};

/** Every string value anywhere in `value`. */
function strings(value: unknown, out: Set<string> = new Set()): Set<string> {
	if (typeof value === 'string') out.add(value);
	else if (Array.isArray(value)) for (const v of value) strings(v, out);
	else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
	return out;
}

const firstSealed = (names: Iterable<unknown>): string | undefined => {
	for (const n of names) if (typeof n === 'string' && IU_COLLECTIONS.has(n)) return n;
	return undefined;
};

function refuseSchema(collection: string | undefined, event: string): void {
	if (collection) throw new SchemaSealedError({ collection, event });
}

async function rawBody(req: Req): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	await new Promise<void>((resolve, reject) => {
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_UPLOAD) reject(new SchemaSealedError({ collection: '(upload too large to check)', event: 'POST /schema/apply' }));
			else chunks.push(c);
		});
		req.on('end', () => resolve());
		req.on('error', reject);
	});
	return Buffer.concat(chunks);
}

/** Throws a Directus error when the request would change an iu-cutter table through a door no filter sees. */
export async function guardRoute(req: Req, database: Knex): Promise<void> {
	if (!WRITE.has(req.method)) return;
	const parts = req.path
		.split('/')
		.filter(Boolean)
		.map((p) => {
			try {
				return decodeURIComponent(p);
			} catch {
				return p;
			}
		});
	const [root, a, b] = parts;
	const event = `${req.method} /${parts.join('/')}`;
	const body = req.body as Record<string, unknown> | Record<string, unknown>[] | undefined;

	if (root === 'collections') {
		const named = a ? [a] : Array.isArray(body) ? body.map((c) => c?.['collection']) : [body?.['collection']];
		refuseSchema(firstSealed(named), event);
	} else if (root === 'fields' && a) {
		refuseSchema(firstSealed([a]), event);
	} else if (root === 'relations') {
		if (a) {
			const row = b ? await database('directus_relations').where({ many_collection: a, many_field: b }).first('one_collection') : undefined;
			refuseSchema(firstSealed([a, row?.one_collection]), event);
		} else if (body && !Array.isArray(body)) {
			const meta = body['meta'] as Record<string, unknown> | undefined;
			refuseSchema(firstSealed([body['collection'], body['related_collection'], meta?.['one_collection'], meta?.['many_collection']]), event);
		}
	} else if (root === 'schema' && a === 'apply' && req.method === 'POST') {
		if (req.is('application/json')) {
			refuseSchema(firstSealed(strings((body as Record<string, unknown> | undefined)?.['diff'])), event);
		} else if (req.is('multipart/form-data')) {
			// The diff is an uploaded JSON or YAML file: read the request once, look for our
			// names in it, and hand the same bytes to Directus' own multipart reader.
			const raw = await rawBody(req);
			req.pipe = (dest, opts) => Readable.from([raw]).pipe(dest, opts);
			const hit = NAME_IN_TEXT.exec(raw.toString('utf8'));
			refuseSchema(hit?.[1], event);
		}
	} else if (root === 'graphql' && a === 'system') {
		const query = String((body as Record<string, unknown> | undefined)?.['query'] ?? req.query?.['query'] ?? '');
		if (SCHEMA_MUTATIONS.test(query)) {
			const hit = NAME_IN_TEXT.exec(query)?.[1] ?? firstSealed(strings((body as Record<string, unknown> | undefined)?.['variables']));
			refuseSchema(hit, `GraphQL ${SCHEMA_MUTATIONS.exec(query)![0]}`);
		}
	} else if (root === 'utils' && a === 'sort' && b) {
		if ((SEALED_STORE as readonly string[]).includes(b)) throw new UnitStoreSealedError({ collection: b, event: 'reordering (POST /utils/sort)' });
		if ((APPEND_ONLY as readonly string[]).includes(b)) throw new AppendOnlyError({ collection: b, event: 'reordering (POST /utils/sort)' });
	}
}
