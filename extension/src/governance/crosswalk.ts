// Importing a crosswalk: a renumbering table published by others (old address →
// new address, kind, validity window) as CSV or JSON. The core reads the whole
// file against the document's units and alias rows and answers either every
// error (each with its line and column) or an alias-only manifest: no unit
// blocks, one alias row creation per row. That manifest is submitted, reviewed,
// cut, verified and swept like any other; nothing is written before the CUT.
//
// As with a cut, the manifest is always made here: preview and submit plan it
// from the same request, and submit refuses unless it hashes to what the
// preview showed.
import { requireCapability, type Actor } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { badRequest, coreFailure, WorkflowError } from '../lib/errors.js';
import { releaseStepCore, stepCore, type Core } from '../lib/core.js';
import type { ErrorReport as CoreError } from '../core-types/index.js';
import { loadAliases, loadDocument, loadUnits, type DocumentRow } from '../lib/store.js';
import { readTextFile } from '../lib/text-file.js';
import { openSubmission, refuseUnsubmittable, SUBMIT_SPEC, type Manifest, type SubmitFields } from './plan.js';
import { nowIso, progressOf, type Ctx } from './context.js';

interface CrosswalkBody {
	document: string;
	/** The file's text, inline. */
	file?: string;
	/** A directus_files id holding the file (UTF-8), read as the caller: for files over MAX_PAYLOAD_SIZE. */
	file_id?: string;
	file_name?: string;
	format?: 'csv' | 'json';
	created_at?: string;
}
type CrosswalkSubmitBody = CrosswalkBody & SubmitFields;

const SPEC = {
	document: { kind: 'uuid', required: true },
	file: { kind: 'text' },
	file_id: { kind: 'uuid' },
	file_name: { kind: 'string' },
	format: { kind: 'enum', values: ['csv', 'json'] },
	created_at: { kind: 'datetime' },
} as const;
const EXAMPLE = '{ "document": "<legal_document id>", "file": "old_address,new_address,kind,valid_from\\n45-2019-qh14/dieu-10,45-2019-qh14/dieu-12,renumber,2019-07-01\\n" }';

/** One error of the file, as the core names it. */
export interface CrosswalkRowError {
	line: number;
	column: number;
	field: string | null;
	code: string;
	message: string;
	hint: string;
}

/** One alias row the crosswalk creates (core::crosswalk::CrosswalkRow). */
export interface CrosswalkRow {
	line: number;
	alias_id: string;
	old_address: string;
	new_address: string;
	target_unit_id: string;
	target_status: string;
	kind: string;
	valid_from: string;
	valid_until: string | null;
	rationale: string;
}

type Planned =
	| { ok: true; manifest: Manifest; envelope: string; blocks: string[]; sha256: string; rows: CrosswalkRow[] }
	| { ok: false; errors: CrosswalkRowError[]; total: number }
	| { ok: false; error: CoreError };

interface CrosswalkPlan {
	document: DocumentRow;
	request: { document: string; file_name: string | null; format: 'csv' | 'json' | null; created_at: string; file_id?: string };
	manifest: Manifest;
	parts: { envelope: string; blocks: string[] };
	sha256: string;
	rows: CrosswalkRow[];
}

async function planFor(ctx: Ctx, actor: Actor, body: CrosswalkBody): Promise<CrosswalkPlan> {
	if ((body.file == null) === (body.file_id == null)) {
		throw badRequest('Send the crosswalk once: either "file" (its text) or "file_id" (a directus_files id), not both and not neither.', { field: 'file' });
	}
	const progress = progressOf(ctx);
	progress.phase('reading the file and the stored units', 0);
	const document = await loadDocument(ctx.knex, body.document);
	const file = body.file_id != null ? await readTextFile(ctx, body.file_id, 'file_id') : body.file!;
	if (!file.trim())
		throw badRequest('The crosswalk is empty: send a CSV with a header row (old_address,new_address,kind,valid_from) or a JSON array of rows.', {
			field: body.file_id != null ? 'file_id' : 'file',
		});
	const [units, aliases] = await Promise.all([loadUnits(ctx.knex, document.id), loadAliases(ctx.knex, document)]);
	const created_at = body.created_at ?? nowIso(ctx);
	const request = {
		document: document.id,
		file_name: body.file_name ?? null,
		format: body.format ?? null,
		created_at,
		...(body.file_id ? { file_id: body.file_id } : {}),
	};
	// Large inputs go into the core as JSON text; on an instance of its own, let go when the plan is made.
	const input = JSON.stringify({
		file,
		...(body.format ? { format: body.format } : {}),
		file_name: body.file_name ?? null,
		document: {
			id: document.id,
			slug: document.slug,
			vocabulary: document.vocabulary,
			source_sha256: document.source_sha256 ?? ctx.core.sha256Hex({ text: document.source_text ?? '' }),
		},
		units,
		aliases,
		created_at,
		created_by: actor.user,
	});
	progress.phase('checking every row', 1);
	const planner: { core?: Core } = { core: await stepCore() };
	let planned: Planned;
	try {
		planned = planner.core!.planCrosswalk({ input });
	} finally {
		await releaseStepCore(planner);
	}
	progress.set(1);
	if (!planned.ok && 'errors' in planned) throw invalidCrosswalk(document, planned.errors, planned.total);
	if (!planned.ok) throw coreFailure('crosswalk', planned.error, 400);
	return { document, request, manifest: planned.manifest, parts: { envelope: planned.envelope, blocks: planned.blocks }, sha256: planned.sha256, rows: planned.rows };
}

/** 422 naming the first error; `extensions.errors` holds every one (the first 1000), each with its line and column. */
function invalidCrosswalk(document: DocumentRow, errors: CrosswalkRowError[], total: number) {
	const first = errors[0];
	const where = first ? `line ${first.line}, column ${first.column}${first.field ? ` (${first.field})` : ''}: ${first.message}. Fix: ${first.hint}` : 'no rows';
	const more = total > 1 ? ` ${total - 1} more error(s) are listed in "errors".` : '';
	return new WorkflowError(422, 'IU_CROSSWALK_INVALID', `The crosswalk for ${document.doc_code} has ${total} error(s); nothing was planned. First, ${where}.${more}`, {
		field: 'file',
		errors,
		total,
		shown: errors.length,
	});
}

/** What preview and submit answer about a planned crosswalk. */
function summary(p: CrosswalkPlan) {
	const envelope = p.manifest.envelope;
	return {
		document: { id: p.document.id, doc_code: p.document.doc_code, slug: p.document.slug },
		request: p.request,
		manifest_sha256: p.sha256,
		created_at: p.request.created_at,
		// A crosswalk's manifest always names its table (the core's plan_crosswalk, core/src/change/crosswalk.rs).
		crosswalk: envelope['crosswalk']!,
		effective_from: envelope.effective_from,
		base_sha256: envelope.base_sha256,
		rows: p.rows.length,
	};
}

/** POST /crosswalk/preview — a dry run: every alias row the file gives, or every error of the file (422). Writes nothing. */
export async function crosswalkPreview(ctx: Ctx, raw: unknown) {
	const body = readBody<CrosswalkBody>(raw, SPEC, EXAMPLE);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'preview');
	const p = await planFor(ctx, actor, body);
	return { ...summary(p), aliases: p.rows };
}

/** POST /crosswalk/submit — plans again from the previewed request; the sha256 must be the one the preview showed. */
export async function crosswalkSubmit(ctx: Ctx, raw: unknown) {
	const body = readBody<CrosswalkSubmitBody>(
		raw,
		{ ...SPEC, ...SUBMIT_SPEC },
		'{ "document": "…", "file": "…", "created_at": "<created_at of the preview>", "manifest_sha256": "<manifest_sha256 of the preview>" }',
	);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'submit');
	const p = await planFor(ctx, actor, body);
	// No blocks is what a crosswalk is; its alias rows are checked by the core and gated again at the CUT.
	refuseUnsubmittable({ sha256: p.sha256, parts: p.parts, gates: { passed: true } }, body.manifest_sha256, null);
	const source = p.request.file_name ?? `a ${p.manifest.envelope['crosswalk']?.format ?? ''} file`;
	const title = body.title ?? `CROSSWALK ${p.document.doc_code}: ${p.rows.length} alias row(s) from ${source}`;
	const done = await openSubmission(ctx, actor, {
		document: p.document,
		sha256: p.sha256,
		parts: p.parts,
		envelope: p.manifest.envelope,
		title: title.slice(0, 500),
		signature: body.signature,
	});
	return { ...done, ...summary(p) };
}
