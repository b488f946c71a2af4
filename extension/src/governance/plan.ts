// Preview and submit: the manifest is always computed here, on the server,
// from the document's text and the units stored now. A client never sends a
// manifest; it sends what it previewed and the sha256 it was shown.
import type { Knex } from 'knex';
import { requireCapability, type Actor } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { badRequest, conflict, coreFailure, WorkflowError } from '../lib/errors.js';
import { refuseNul } from '../lib/text-input.js';
import type { CoreError } from '../lib/types.js';
import { LedgerWriter, lockChain } from '../lib/ledger.js';
import { sealedTransaction } from '../lib/seal.js';
import { loadDisowned, owned } from '../lib/disowned.js';
import type { Core } from '../lib/core.js';
import { unwrap } from '../lib/outcome.js';
import { loadDocument, loadSectionTypes, loadUnits, type Block, type DocumentRow, type StoredUnit } from '../lib/store.js';
import { previewBlocks, unitRow, type CutUnit } from './preview-rows.js';
import { nowIso, type Ctx } from './context.js';
import { loadHistory } from './entry.js';

interface PlanBody {
	document: string;
	text?: string;
	scope?: string[];
	effective_from?: string;
	enact?: boolean;
	created_at?: string;
	allow_mass_retire?: boolean;
}
interface SubmitBody extends PlanBody {
	manifest_sha256: string;
	title?: string;
}

const PLAN_SPEC = {
	document: { kind: 'uuid', required: true },
	text: { kind: 'text' },
	scope: { kind: 'addresses' },
	effective_from: { kind: 'datetime' },
	enact: { kind: 'boolean' },
	created_at: { kind: 'datetime' },
	allow_mass_retire: { kind: 'boolean' },
} as const;
const PLAN_EXAMPLE = '{ "document": "<legal_document id>", "effective_from": "2026-07-01T00:00:00Z" }';

export interface Manifest {
	envelope: Record<string, any> & { counts: Record<string, number>; base_sha256: string; source_sha256: string; effective_from: string };
	blocks: Block[];
}
interface Planned {
	document: DocumentRow;
	request: Required<Pick<PlanBody, 'document' | 'effective_from' | 'enact' | 'created_at' | 'allow_mass_retire'>> & { scope: string[] | null };
	manifest: Manifest;
	canonicalJson: string;
	sha256: string;
	cut: { units: unknown[]; diagnostics: unknown[] };
	gates: { passed: boolean; gates: unknown[] };
	stored: StoredUnit[];
}

async function planFor(ctx: Ctx, actor: Actor, body: PlanBody): Promise<Planned> {
	const document = await loadDocument(ctx.knex, body.document);
	const text = body.text ?? document.source_text;
	// A NUL stored before the Items API refused it (SQLite keeps it): refused here, naming where it is.
	if (body.text === undefined || body.text === null) refuseNul({ source_text: text }, ` of document ${document.doc_code}`);
	// An empty text would plan the retirement of every unit: never what an editor means.
	if (!text?.trim()) throw badRequest(`No text to cut: "text" is empty and document ${document.doc_code} has no source_text. Send the law's text as "text" or store it on the document.`, { field: 'text' });
	const stored = await loadUnits(ctx.knex, document.id);
	const created_at = body.created_at ?? nowIso(ctx);
	const request = {
		document: document.id,
		effective_from: body.effective_from ?? created_at,
		enact: body.enact ?? false,
		created_at,
		scope: body.scope ?? null,
		allow_mass_retire: body.allow_mass_retire ?? false,
	};
	const input = {
		document_id: document.id,
		source_sha256: ctx.core.sha256Hex(text),
		effective_from: request.effective_from,
		created_at,
		created_by: actor.user,
		enact: request.enact,
		...(request.scope ? { scope: request.scope } : {}),
		allow_mass_retire: request.allow_mass_retire,
	};
	const planned = ctx.core.planDocument(text, document.doc_code, document.vocabulary, stored, input) as {
		ok: boolean;
		error?: CoreError;
		massRetire?: { retiring: number; live: number; share: number; threshold: number };
	};
	if (!planned.ok && planned.error?.code === 'mass-retire' && planned.massRetire) {
		// The core's guard: a plan that would retire most of the document is what a text without headings gives.
		throw new WorkflowError(422, 'IU_MASS_RETIRE', `${document.doc_code}: ${planned.error.reason}. Fix: ${planned.error.hint}.`, {
			...planned.massRetire,
			field: 'allow_mass_retire',
			core: planned.error,
		});
	}
	if (!planned.ok && planned.error?.code === 'cut-has-errors') {
		// The core names the first error; the editor needs all of them, each with its line and byte offset.
		const cut = ctx.core.cutDocument(text, document.doc_code, document.vocabulary) as { ok: boolean; cut?: Planned['cut'] };
		throw coreFailure('plan', planned.error, 422, { diagnostics: cut.cut?.diagnostics ?? [] });
	}
	const p = unwrap<{ cut: Planned['cut']; manifest: Manifest; canonicalJson: string; sha256: string }>('plan', planned);
	const types = await loadSectionTypes(ctx.knex);
	const { report } = unwrap<{ report: Planned['gates'] }>('result gates', ctx.core.resultGates(p.canonicalJson, stored, types));
	return { document, request, manifest: p.manifest, canonicalJson: p.canonicalJson, sha256: p.sha256, cut: p.cut, gates: report, stored };
}

/** POST /preview — a dry run: writes nothing, returns the manifest's sha256, its blocks, the cut's diagnostics and the gates. */
export async function preview(ctx: Ctx, raw: unknown) {
	const body = readBody<PlanBody>(raw, PLAN_SPEC, PLAN_EXAMPLE);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'preview');
	const p = await planFor(ctx, actor, body);
	return {
		manifest_sha256: p.sha256,
		document: { id: p.document.id, doc_code: p.document.doc_code },
		request: p.request,
		counts: p.manifest.envelope.counts,
		units_cut: p.cut.units.length,
		// The cut as a tree for the preview: document order, parent as an index into this list.
		units: (p.cut.units as CutUnit[]).map(unitRow),
		diagnostics: p.cut.diagnostics,
		gates: p.gates,
		blocks: previewBlocks(p.manifest.blocks, p.stored),
	};
}

/** POST /submit — re-plans with the previewed request; the sha256 must be the one the preview showed. */
export async function submit(ctx: Ctx, raw: unknown) {
	const body = readBody<SubmitBody>(
		raw,
		{ ...PLAN_SPEC, created_at: { kind: 'datetime', required: true }, manifest_sha256: { kind: 'sha256', required: true }, title: { kind: 'string' } },
		'{ "document": "…", "created_at": "<request.created_at of the preview>", "manifest_sha256": "<manifest_sha256 of the preview>" }',
	);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'submit');
	const p = await planFor(ctx, actor, body);
	if (p.sha256 !== body.manifest_sha256) {
		throw conflict(
			'IU_MANIFEST_MISMATCH',
			`The manifest planned now hashes to ${p.sha256}, not ${body.manifest_sha256}: the text, the stored units or the request changed since the preview (or the preview was made by another user). Preview again and submit what it shows.`,
			{ claimed: body.manifest_sha256, computed: p.sha256 },
		);
	}
	if (p.manifest.blocks.length === 0) {
		throw new WorkflowError(422, 'IU_NOTHING_TO_CUT', `The text of ${p.document.doc_code} gives the units already stored: there is nothing to submit. To record a check of unchanged units, preview with "scope".`);
	}
	if (!p.gates.passed) {
		throw new WorkflowError(422, 'IU_GATE_FAILED', `The manifest would break the unit store (Q-CHK-1..3, UNIQUE, TREE or CONTENT fail after it); see "gates". Fix the text and preview again.`, { gates: p.gates });
	}
	const now = nowIso(ctx);
	const done = await sealedTransaction(ctx.knex, async (trx) => {
		// Decided under the ledger lock (sealedTransaction takes it): two submits of one preview at once open one entry.
		const open = await openEntryFor(trx, ctx.core, p.document.id, p.sha256);
		if (open) return { entry: open.id, state: open.state, existing: true };
		const entry = await recordSubmission(trx, ctx.core, actor.user, now, {
			kind: 'cut',
			document: p.document,
			title: body.title ?? `CUT ${p.document.doc_code}: ${describeCounts(p.manifest.envelope.counts)}`,
			sha256: p.sha256,
			canonicalJson: p.canonicalJson,
			manifest: p.manifest,
		});
		return { entry, state: 'submitted', existing: false };
	});
	return {
		entry: done.entry,
		state: done.state,
		manifest_sha256: p.sha256,
		counts: p.manifest.envelope.counts,
		existing: done.existing,
		// The same manifest is already open (submitted or approved): that entry, nothing new written.
		...(done.existing ? { duplicate_of: done.entry } : {}),
	};
}

/** An entry of `document` holding manifest `sha256` that is still open (the core says which states are), or null. */
async function openEntryFor(trx: Knex.Transaction, core: Core, document: string, sha256: string): Promise<{ id: string; state: string } | null> {
	const disowned = await loadDisowned(trx);
	const ids: string[] = await owned(trx('decision_backlog_entry').where({ document, manifest_sha256: sha256 }), disowned, 'decision_backlog_entry').orderBy('ledger_seq').pluck('id');
	for (const id of ids) {
		const history = await loadHistory(trx, id, disowned);
		const s = unwrap<{ state: string | null; open: boolean }>('workflow state', core.workflowState(history.map((h) => ({ event: h.event, actor: h.actor }))));
		if (s.open) return { id, state: s.state! };
	}
	return null;
}

export function describeCounts(counts: Record<string, number>): string {
	const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
	return parts.length ? parts.join(', ') : 'no change';
}

/** Opens a backlog entry: entry, `submitted` history, envelope and one row per block, chained in one transaction. */
export async function recordSubmission(
	trx: Knex.Transaction,
	core: Core,
	actor: string,
	now: string,
	s: { kind: 'cut' | 'rollback'; document: DocumentRow; title: string; sha256: string; canonicalJson: string; manifest: Manifest; dependsOn?: string },
): Promise<string> {
	await lockChain(trx);
	const parts = unwrap<{ envelope: string; blocks: string[] }>('manifest parts', core.manifestParts(s.canonicalJson));
	const w = new LedgerWriter(trx, core, actor, now);
	const entry = w.add('decision_backlog_entry', { kind: s.kind, document: s.document.id, manifest_sha256: s.sha256, title: s.title, submitted_by: actor });
	w.add('decision_backlog_history', { entry, event: 'submitted', actor, detail: JSON.stringify({ manifest_sha256: s.sha256, counts: s.manifest.envelope.counts }) });
	if (s.dependsOn) w.add('decision_backlog_dependency', { entry, depends_on: s.dependsOn, kind: 'rollback_of' });
	const envelope = w.add('manifest_envelope', {
		entry,
		manifest_sha256: s.sha256,
		document: s.document.id,
		base_sha256: s.manifest.envelope.base_sha256,
		source_sha256: s.manifest.envelope.source_sha256,
		effective_from: s.manifest.envelope.effective_from,
		block_count: s.manifest.blocks.length,
		envelope_json: parts.envelope,
	});
	s.manifest.blocks.forEach((b, i) =>
		w.add('manifest_unit_block', {
			envelope,
			block_index: i,
			action: b.action,
			unit_id: b.unit_id,
			canonical_address: (b.after ?? b.before!).canonical_address,
			before_sha256: b.before_sha256 ?? null,
			after_sha256: b.after_sha256 ?? null,
			block_json: parts.blocks[i],
		}),
	);
	await w.flush();
	return entry;
}
