// History as read views: a document as it stood at any instant, every version of
// a unit, and the word diff of a document (or one unit) between two instants —
// all rebuilt from the ledger's after-images and the manifests' effective dates
// by the core's point-in-time rule (core::history). This module only loads the
// rows (lib/history-rows.ts) and hands them to the core.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { badRequest, coreFailure, notFound } from '../lib/errors.js';
import { DOCUMENT } from '../lib/collections.js';
import { unwrap } from '../lib/outcome.js';
import { loadDisowned } from '../lib/disowned.js';
import { loadChangeSets, loadLedgerImages, type LedgerImageRow } from '../lib/history-rows.js';
import { nowIso, type Ctx } from './context.js';
import { unitAt } from './timeline.js';
import { amendedByEntry, type AmendedBy } from './amended-by.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOCUMENT_FIELDS = ['id', 'doc_code', 'slug', 'title', 'language', 'vocabulary'] as const;
const FORMS = 'a date such as 2025-07-01 or an RFC 3339 date-time with its offset such as 2025-07-01T00:00:00%2B07:00 (write "+" as %2B in a query string) or 2025-07-01T00:00:00Z';

interface DocumentRow {
	id: string;
	doc_code: string;
	slug: string;
	title: string | null;
	language: string;
	vocabulary: string | null;
}

/** The instant a query names, checked by the core's rule; 400 naming the field and the accepted forms. */
export function instantOf(ctx: Ctx, field: string, value: string): string {
	const r = ctx.core.readInstant({ field, value });
	if (!r.ok) {
		const plus = / \d{2}:\d{2}$/.test(value) ? ' The "+" of the offset arrived as a space: write it as %2B.' : '';
		throw badRequest(`"${field}" must be ${FORMS}; got "${value}" (${r.error.reason}).${plus}`, { field, value, core: r.error });
	}
	return value;
}

/** A `legal_document` by id, slug or doc_code; 404 naming what was asked. */
export async function documentNamed(ctx: Ctx, name: string): Promise<DocumentRow> {
	const q = ctx.knex(DOCUMENT);
	const doc: DocumentRow | undefined = UUID.test(name)
		? await q.where({ id: name }).first(...DOCUMENT_FIELDS)
		: await q
				.where({ slug: name })
				.orWhere({ doc_code: name })
				.first(...DOCUMENT_FIELDS);
	if (!doc) throw notFound('legal_document (id, slug or doc_code)', name);
	return doc;
}

const rowsText = (rows: LedgerImageRow[]) => JSON.stringify(rows);

/**
 * GET /document?document=<id, slug or doc_code>&at=<date or RFC 3339; default now> — the document's
 * units as they stood at `at`, in document order, and the newest change set in force then (`version`).
 */
export async function documentText(ctx: Ctx, raw: unknown) {
	const q = readBody<{ document?: string; at?: string }>(
		raw,
		{ document: { kind: 'string', required: true, example: '"45-2019-qh14"' }, at: { kind: 'text', nullable: false } },
		'?document=45-2019-qh14&at=2025-07-01',
	);
	const at = q.at === undefined ? nowIso(ctx) : instantOf(ctx, 'at', q.at);
	await requireCapability(ctx.knex, ctx.accountability, 'resolve');
	const document = await documentNamed(ctx, q.document!);
	const disowned = await loadDisowned(ctx.knex);
	const [rows, sets] = await Promise.all([loadLedgerImages(ctx.knex, { document: document.id }, disowned), loadChangeSets(ctx.knex, document.id, disowned)]);
	const r = unwrap('the document at an instant', ctx.core.documentAt({ rowsJson: rowsText(rows), at, changeSetsJson: JSON.stringify(sets) }));
	const version = r.version ? { change_set: r.version.change_set, entry: r.version.entry, effective_from: r.version.effective_from } : null;
	return {
		document,
		at,
		version,
		units: r.units.map((u) => ({
			id: u.id,
			canonical_address: u.canonical_address,
			section_type: u.section_type,
			ordinal: u.ordinal,
			heading: u.heading,
			body: u.body,
			parent: u.parent,
			position: u.position,
			lifecycle_status: u.lifecycle_status,
		})),
	};
}

/** The unit a request names: `unit` (an id) or `address` (canonical, or former through its aliases). */
async function unitNamed(ctx: Ctx, q: { unit?: string; address?: string }): Promise<string> {
	return q.unit ?? (await unitAt(ctx, q.address!));
}

/** The document a unit's ledger rows name (its images carry it: a removed unit is in no table but the ledger). */
function documentOfRows(rows: LedgerImageRow[]): string | null {
	for (const r of rows) {
		for (const image of [r.after_image, r.before_image]) {
			if (image) return (JSON.parse(image) as { document: string }).document;
		}
	}
	return null;
}

/**
 * GET /unit/history?address=<canonical or former address> | ?unit=<id> [&at=<date>] — every version of the
 * unit, oldest first, each with its validity window, change set, text and (when an amending law made it)
 * the amending provisions; with `at`, also `version_at`: the version in force then (null: none).
 */
export async function unitHistory(ctx: Ctx, raw: unknown) {
	const q = readBody<{ unit?: string; address?: string; at?: string }>(
		raw,
		{ unit: { kind: 'uuid' }, address: { kind: 'string', example: '"45-2019-qh14/dieu-44"' }, at: { kind: 'text', nullable: false } },
		'?address=45-2019-qh14/dieu-44 or ?unit=<logical_unit id>, optionally &at=2025-07-01',
	);
	if ((q.unit === undefined) === (q.address === undefined)) {
		throw badRequest('Send exactly one of "address" (a canonical or former address such as 45-2019-qh14/dieu-44) or "unit" (a logical_unit id).', { fields: ['address', 'unit'] });
	}
	const at = q.at === undefined ? undefined : instantOf(ctx, 'at', q.at);
	await requireCapability(ctx.knex, ctx.accountability, 'resolve');
	const unitId = await unitNamed(ctx, q);
	const rows = await loadLedgerImages(ctx.knex, { unit: unitId }, await loadDisowned(ctx.knex));
	if (rows.length === 0) throw notFound('logical_unit', unitId);
	const r = unwrap('the versions of a unit', ctx.core.unitHistory({ rowsJson: rowsText(rows), at }));
	const last = r.versions.at(-1);
	const document: DocumentRow | undefined = await ctx
		.knex(DOCUMENT)
		.where({ id: documentOfRows(rows) })
		.first(...DOCUMENT_FIELDS);
	// The amending law, provision and date behind each change (the core gives the refs; the envelope names them).
	const amending = r.versions.some((v) => v.amended_by.length > 0) ? await amendedByEntry(ctx.knex, unitId) : new Map<string, AmendedBy[]>();
	return {
		document: document ?? null,
		unit: { id: unitId, canonical_address: last && last['state'] !== 'removed' ? (last['canonical_address'] as string) : null },
		...(at !== undefined ? { at, version_at: r.version_at } : {}),
		versions: r.versions.map((v) => ({ ...v, amended_by: amending.get(v.entry) ?? v.amended_by.map((ref) => ({ ref })) })),
	};
}

/**
 * GET /diff?document=…&from=…&to=…[&address=…][&unchanged=true] — how the document (or one unit of it)
 * changed between two instants, unit by unit, with word diffs of headings and bodies.
 */
export async function documentDiff(ctx: Ctx, raw: unknown) {
	const u = (raw as Record<string, unknown> | null)?.['unchanged'];
	if (u === 'true' || u === 'false') raw = { ...(raw as object), unchanged: u === 'true' };
	const q = readBody<{ document?: string; from?: string; to?: string; address?: string; unchanged?: boolean }>(
		raw,
		{
			document: { kind: 'string', example: '"45-2019-qh14"' },
			from: { kind: 'text', required: true, nullable: false },
			to: { kind: 'text', nullable: false },
			address: { kind: 'string', example: '"45-2019-qh14/dieu-44"' },
			unchanged: { kind: 'boolean', nullable: false },
		},
		'?document=45-2019-qh14&from=2024-01-01&to=2025-07-01',
	);
	if (q.document === undefined && q.address === undefined)
		throw badRequest('Send "document" (id, slug or doc_code), "address" (one unit), or both.', { fields: ['document', 'address'] });
	const from = instantOf(ctx, 'from', q.from!);
	const to = q.to === undefined ? nowIso(ctx) : instantOf(ctx, 'to', q.to);
	await requireCapability(ctx.knex, ctx.accountability, 'resolve');
	const disowned = await loadDisowned(ctx.knex);
	let document: DocumentRow;
	let rows: LedgerImageRow[];
	if (q.address !== undefined) {
		const unitId = await unitAt(ctx, q.address);
		rows = await loadLedgerImages(ctx.knex, { unit: unitId }, disowned);
		const own = documentOfRows(rows);
		if (own === null) throw notFound('logical_unit', unitId);
		document = await documentNamed(ctx, q.document ?? own);
		if (own !== document.id)
			throw badRequest(`"address" ${q.address} is not a unit of ${document.doc_code}; leave "document" out or name the unit's own document.`, { field: 'address' });
	} else {
		document = await documentNamed(ctx, q.document!);
		rows = await loadLedgerImages(ctx.knex, { document: document.id }, disowned);
	}
	const r = ctx.core.documentDiff({ rows: rowsText(rows), from, to, includeUnchanged: q.unchanged === true });
	if (!r.ok) throw coreFailure('the diff of a document', r.error);
	return { document, from, to, counts: r.counts, units: r.units };
}
