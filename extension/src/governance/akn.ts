// Akoma Ntoso 3.0 export: a document as it stood at an instant, as one XML file
// that validates against the OASIS schema (core/schemas/akn30). Every rule — which
// units, their eId/wId, the FRBR URIs, lifecycle, passive modifications, mappings,
// the publisher's notes — is the core's (core::akn); this module loads the document's
// ledger rows, alias rows, change sets, section types and the manifest blocks that
// carried site notes, and hands them over.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { unwrap } from '../lib/outcome.js';
import { loadDisowned } from '../lib/disowned.js';
import { loadChangeSets, loadLedgerImages } from '../lib/history-rows.js';
import { loadAliases, loadSectionTypes } from '../lib/store.js';
import { siteNotesOfDocument } from './site-notes.js';
import { nowIso, type Ctx } from './context.js';
import { documentNamed, instantOf } from './history.js';

/** What the core answers (core::akn::AknExport). */
export interface AknFile {
	xml: string;
	filename: string;
	work_uri: string;
	expression_uri: string;
	manifestation_uri: string;
	units: number;
	/** How many publisher's notes (`<note>` in `<meta><notes>`) the file carries; 0: none. */
	notes: number;
	warnings: string[];
}

/** The caller's mistakes among the core's refusals (a 400); anything else is a 422. */
const CALLER_FIELDS: Record<string, string> = { IU_AKN_COUNTRY: 'country', IU_AKN_BAD_COUNTRY: 'country', IU_BAD_INSTANT: 'at' };

/**
 * The document `document` (id, slug or doc_code) at `at` (a date or RFC 3339; default now) as Akoma Ntoso 3.0.
 * `country` (ISO 3166-1 alpha-2) is needed when the document's vocabulary does not say it (en, commonwealth).
 */
export async function aknFile(ctx: Ctx, raw: unknown): Promise<AknFile> {
	const q = readBody<{ document?: string; at?: string; country?: string }>(
		raw,
		{ document: { kind: 'string', required: true, example: '"45-2019-qh14"' }, at: { kind: 'text', nullable: false }, country: { kind: 'text', nullable: false, example: '"vn"' } },
		'{ "document": "45-2019-qh14", "at": "2025-07-01", "country": "vn" }',
	);
	await requireCapability(ctx.knex, ctx.accountability, 'resolve');
	const at = q.at === undefined ? nowIso(ctx) : instantOf(ctx, 'at', q.at);
	const document = await documentNamed(ctx, q.document!);
	const disowned = await loadDisowned(ctx.knex);
	const [rows, changeSets, aliases, sectionTypes, siteNotes] = await Promise.all([
		loadLedgerImages(ctx.knex, { document: document.id }, disowned),
		loadChangeSets(ctx.knex, document.id, disowned),
		loadAliases(ctx.knex, document),
		loadSectionTypes(ctx.knex),
		siteNotesOfDocument(ctx.knex, document.id, disowned),
	]);
	const input = {
		document,
		country: q.country ?? null,
		at,
		generated_at: nowIso(ctx),
		rows,
		aliases,
		change_sets: changeSets,
		section_types: sectionTypes,
		site_notes: siteNotes,
	};
	const r = ctx.core.exportAkn({ input: JSON.stringify(input) });
	const field = !r.ok ? CALLER_FIELDS[r.error.code] : undefined;
	const file = unwrap(`the Akoma Ntoso export of ${document.doc_code}`, r, field ? 400 : 422);
	return {
		xml: file.xml,
		filename: file.filename,
		work_uri: file.work_uri,
		expression_uri: file.expression_uri,
		manifestation_uri: file.manifestation_uri,
		units: file.units,
		notes: file.notes,
		warnings: file.warnings,
	};
}

/** POST /akn/export and the Flows action `akn/export`: `{ document, at?, country? }` → the file and its URIs. */
export async function aknExport(ctx: Ctx, raw: unknown) {
	return aknFile(ctx, raw);
}
