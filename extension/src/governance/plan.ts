// Preview and submit: the manifest is always computed here, on the server,
// from the document's text and the units stored now. A client never sends a
// manifest; it sends what it previewed and the sha256 it was shown.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { requireCapability, type Actor } from '../lib/access.js';
import { readBody, UUID } from '../lib/body.js';
import { badRequest, conflict, coreFailure, WorkflowError } from '../lib/errors.js';
import { refuseNul } from '../lib/text-input.js';
import type { Act, Cut, GateReport, Manifest as CoreManifest, PolicySignature, VocabularyFit } from '../core-types/index.js';
import { LedgerWriter, lockChain } from '../lib/ledger.js';
import { sealedTransaction } from '../lib/seal.js';
import { loadDisowned, owned } from '../lib/disowned.js';
import { releaseStepCore, stepCore, type Core } from '../lib/core.js';
import { unwrap } from '../lib/outcome.js';
import type { ProgressSink } from '../lib/progress.js';
import { loadDocument, loadSectionTypes, loadUnits, type Block, type DocumentRow, type StoredUnit } from '../lib/store.js';
import { changeRow, changeSummary, markPositionOnly } from './change-summary.js';
import { describeCounts } from './counts.js';
import { previewBlocks, unitRow, withNumbers, type CutUnit } from './preview-rows.js';
import { keepPreview, PAGE_DEFAULT, PREVIEW_FULL_UNITS } from './preview-pages.js';
import { readTextFile } from '../lib/text-file.js';
import { nowIso, progressOf, type Ctx } from './context.js';
import { loadHistory } from './entry.js';
import { refusePending } from '../lib/positions.js';
import { readUndo, refuseUnacknowledgedUndo, undoneBy } from './undo.js';
import { personSignature } from './person-signature.js';
import { policyInForce, type InForce } from '../lib/trust-policy.js';

interface PlanBody {
	document: string;
	text?: string;
	/** A directus_files id holding the text (UTF-8): for texts over MAX_PAYLOAD_SIZE. */
	text_file?: string;
	scope?: string[];
	effective_from?: string;
	enact?: boolean;
	created_at?: string;
	allow_mass_retire?: boolean;
}
/** What every submit takes besides its preview's request (SUBMIT_SPEC). */
export interface SubmitFields {
	created_at: string;
	manifest_sha256: string;
	title?: string;
	/** The submitter's own signature, when the trust policy in force asks for it (openSubmission). */
	signature?: unknown;
}

type SubmitBody = PlanBody &
	SubmitFields & {
		/** The change sets the text undoes, acknowledged: exactly the preview's `undoes` (undo.ts). */
		undo?: unknown;
	};

/** What every submit (a cut's, an amendment's, a crosswalk's) takes besides its preview's request. */
export const SUBMIT_SPEC = {
	created_at: { kind: 'datetime', required: true },
	manifest_sha256: { kind: 'sha256', required: true },
	title: { kind: 'string' },
	signature: { kind: 'json' },
} as const;

const PLAN_SPEC = {
	document: { kind: 'uuid', required: true },
	text: { kind: 'text' },
	text_file: { kind: 'uuid' },
	scope: { kind: 'addresses' },
	effective_from: { kind: 'datetime' },
	enact: { kind: 'boolean' },
	created_at: { kind: 'datetime' },
	allow_mass_retire: { kind: 'boolean' },
} as const;
/** Ledger rows chained and inserted together. */
const LEDGER_BATCH = 2_000;
const PLAN_EXAMPLE = '{ "document": "<legal_document id>", "effective_from": "2026-07-01T00:00:00Z" }';

/** The core's manifest; `envelope` as read back from its stored JSON. */
export type Manifest = CoreManifest;
interface Planned {
	document: DocumentRow;
	request: Required<Pick<PlanBody, 'document' | 'effective_from' | 'enact' | 'created_at' | 'allow_mass_retire'>> & { scope: string[] | null; text_file?: string };
	manifest: Manifest | null;
	/** The manifest as it is stored: the envelope's and each block's canonical JSON. */
	parts: { envelope: string; blocks: string[] };
	sha256: string;
	cut: Cut | null;
	gates: GateReport;
	stored: StoredUnit[];
	/** A shipped vocabulary that reads the text better than the document's, when its own finds few units (the core's vocabulary_fit). */
	vocabularySuggestion: VocabularySuggestion | null;
}

/** The core's VocabularyFit: the vocabulary's id and name, its units and misses, and the current vocabulary's. */
export type VocabularySuggestion = VocabularyFit;

/** `use: 'submit'` leaves `cut` and `manifest` unread (null): a submit needs the manifest's stored parts only. */
async function planFor(ctx: Ctx, actor: Actor, body: PlanBody, use: 'preview' | 'submit'): Promise<Planned> {
	const progress = progressOf(ctx);
	progress.phase('reading the text and the stored units', 0);
	if (body.text != null && body.text_file != null) {
		throw badRequest('Send the text once: either "text" (inline) or "text_file" (a directus_files id), not both.', { field: 'text_file' });
	}
	const document = await loadDocument(ctx.knex, body.document);
	// Until its upgrade entry is cut, a document's positions are document places: nothing else may plan on them.
	await refusePending(ctx.knex, document, use);
	const text = body.text_file != null ? await readTextFile(ctx, body.text_file) : (body.text ?? document.source_text);
	// A NUL stored before the Items API refused it (SQLite keeps it): refused here, naming where it is.
	if ((body.text === undefined || body.text === null) && body.text_file == null) refuseNul({ source_text: text }, ` of document ${document.doc_code}`);
	// An empty text would plan the retirement of every unit: never what an editor means.
	if (!text?.trim())
		throw badRequest(`No text to cut: "text" is empty and document ${document.doc_code} has no source_text. Send the law's text as "text" or store it on the document.`, {
			field: 'text',
		});
	const stored = await loadUnits(ctx.knex, document.id);
	progress.set(stored.length);
	const created_at = body.created_at ?? nowIso(ctx);
	const request = {
		document: document.id,
		effective_from: body.effective_from ?? created_at,
		enact: body.enact ?? false,
		created_at,
		scope: body.scope ?? null,
		allow_mass_retire: body.allow_mass_retire ?? false,
		...(body.text_file ? { text_file: body.text_file } : {}),
	};
	const input = {
		document_id: document.id,
		source_sha256: ctx.core.sha256Hex({ text }),
		effective_from: request.effective_from,
		created_at,
		created_by: actor.user,
		enact: request.enact,
		...(request.scope ? { scope: request.scope } : {}),
		allow_mass_retire: request.allow_mass_retire,
	};
	// One core call: the cut and the diff cannot report from inside WASM, so the phase is one unit.
	progress.phase('cutting the text and planning the manifest', 1);
	const storedJson = JSON.stringify(stored);
	const types = await loadSectionTypes(ctx.knex);
	// Lean: the cut comes back as JSON text and the manifest as its stored parts (envelope and blocks, each canonical
	// JSON); JSON.parse reads 100k units and blocks far faster than the core could send them across as objects. The
	// result gates come from the same call: the manifest is not read a second time.
	// On an instance of its own, whose memory (hundreds of MB for 100k units) goes back before the answer is built.
	const planner: { core?: Core } = { core: await stepCore() };
	let planned: ReturnType<Core['planDocument']>;
	try {
		planned = planner.core!.planDocument({
			text,
			docCode: document.doc_code,
			vocabulary: document.vocabulary,
			stored: storedJson,
			input,
			lean: true,
			sectionTypes: types,
			parts: true,
		});
	} finally {
		await releaseStepCore(planner);
	}
	// A text the document's vocabulary cannot read is refused below, but the editor learns which vocabulary reads it.
	const vocabularySuggestion = ('vocabularySuggestion' in planned ? planned.vocabularySuggestion : null) ?? null;
	const suggested = vocabularySuggestion ? { vocabularySuggestion } : {};
	if (!planned.ok && planned.error.code === 'mass-retire' && 'massRetire' in planned && planned.massRetire) {
		// The core's guard: a plan that would retire most of the document is what a text without headings gives.
		throw new WorkflowError(422, 'IU_MASS_RETIRE', `${document.doc_code}: ${planned.error.reason}. Fix: ${planned.error.hint}.`, {
			...planned.massRetire,
			field: 'allow_mass_retire',
			core: planned.error,
			...suggested,
		});
	}
	if (!planned.ok && planned.error.code === 'cut-has-errors') {
		// The core names the first error; the editor needs all of them, each with its line and byte offset.
		const cut = ctx.core.cutDocument({ text, docCode: document.doc_code, vocabulary: document.vocabulary });
		throw coreFailure('plan', planned.error, 422, { diagnostics: cut.ok ? cut.cut.diagnostics : [], field: 'text', ...suggested });
	}
	const lean = unwrap('plan', planned);
	// Asked `lean` and as `parts`: the cut as JSON text, the manifest as its stored parts, with its gates.
	const parts = { envelope: lean.envelope!, blocks: lean.blocks! };
	// 100k units and blocks as JS objects are hundreds of MB: only the preview shows them.
	const p =
		use === 'preview'
			? { cut: JSON.parse(lean.cutJson!) as Cut, manifest: { envelope: JSON.parse(parts.envelope), blocks: parts.blocks.map((b) => JSON.parse(b)) } as Manifest }
			: { cut: null, manifest: null };
	progress.set(1);
	progress.phase('checking the gates on the result', parts.blocks.length);
	progress.set(parts.blocks.length);
	return { document, request, manifest: p.manifest, parts, sha256: lean.sha256, cut: p.cut, gates: lean.gates!, stored, vocabularySuggestion };
}

/** Diagnostics shown in a paged preview's answer; all are counted in `diagnostics_summary`. */
const DIAGNOSTICS_SHOWN = 200;

/**
 * POST /preview — a dry run: writes nothing, returns the manifest's sha256, its blocks, the cut's diagnostics and the gates.
 * A large preview (more than PREVIEW_FULL_UNITS units, or `paged: true`) answers a summary, the first page of blocks
 * and a token to page through the tree and the blocks (preview-pages.ts); `paged: false` forces the whole answer.
 */
export async function preview(ctx: Ctx, raw: unknown) {
	const body = readBody<PlanBody & { paged?: boolean }>(raw, { ...PLAN_SPEC, paged: { kind: 'boolean' } }, PLAN_EXAMPLE);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'preview');
	const { paged: pagedAsked, ...planBody } = body;
	const planned = await planFor(ctx, actor, planBody, 'preview');
	const p = { ...planned, cut: planned.cut!, manifest: planned.manifest! };
	const progress = progressOf(ctx);
	progress.phase('building the preview', p.cut.units.length + p.manifest.blocks.length);
	const number = <T extends { section_type: string; ordinal: string }>(rows: T[]) =>
		withNumbers(rows, (v, u) => ctx.core.printedNumbers({ vocabulary: v, units: u }), p.document.vocabulary);
	const units = number((p.cut.units as CutUnit[]).map(unitRow));
	progress.set(units.length);
	const { summary: changes, positionOnly } = await changeSummary(ctx.knex, ctx.core, p.document.id, p.manifest.envelope, p.manifest.blocks.map(changeRow));
	// Blocks that only shift a later sibling are marked: the tree shows them as unchanged text.
	const blocks = markPositionOnly(number(previewBlocks(p.manifest.blocks, p.stored)), positionOnly);
	progress.set(units.length + blocks.length);
	const head = {
		manifest_sha256: p.sha256,
		document: { id: p.document.id, doc_code: p.document.doc_code },
		request: p.request,
		counts: p.manifest.envelope.counts,
		changes,
		units_cut: p.cut.units.length,
		// The document's vocabulary finds few units in the text and this shipped one reads it better (or null).
		vocabularySuggestion: p.vocabularySuggestion,
		// The change sets this text would set back (a text older than the store's last CUT): a submit must name them in `undo`.
		undoes: await undoneBy(ctx.knex, ctx.core, p.document.id, p.parts.blocks),
	};
	const paged = pagedAsked ?? Math.max(units.length, blocks.length) > PREVIEW_FULL_UNITS;
	if (!paged) {
		// The cut as a tree for the preview: document order, parent as an index into this list.
		return { ...head, units, diagnostics: p.cut.diagnostics, gates: p.gates, blocks };
	}
	const labels = Object.fromEntries(((await loadSectionTypes(ctx.knex)) as { code: string; label: string }[]).map((t) => [t.code, t.label]));
	const pages = keepPreview(ctx.accountability, units, blocks, labels);
	const diagnostics = p.cut.diagnostics;
	const bySeverity: Record<string, number> = {};
	const byCode: Record<string, number> = {};
	for (const d of diagnostics) {
		bySeverity[String(d.severity)] = (bySeverity[String(d.severity)] ?? 0) + 1;
		byCode[String(d.code)] = (byCode[String(d.code)] ?? 0) + 1;
	}
	return {
		...head,
		diagnostics: diagnostics.slice(0, DIAGNOSTICS_SHOWN),
		diagnostics_summary: { total: diagnostics.length, shown: Math.min(diagnostics.length, DIAGNOSTICS_SHOWN), by_severity: bySeverity, by_code: byCode },
		gates: p.gates,
		// The first page of blocks; the rest, and the tree, through the token.
		blocks: blocks.slice(0, PAGE_DEFAULT),
		paged: {
			token: pages.token,
			tree_total: pages.tree_total,
			blocks_total: pages.blocks_total,
			page_limit: PAGE_DEFAULT,
			expires_at: pages.expires_at,
			tree: `/iu-cutter/preview/${pages.token}/tree?offset=0&limit=${PAGE_DEFAULT}`,
			blocks: `/iu-cutter/preview/${pages.token}/blocks?offset=0&limit=${PAGE_DEFAULT}`,
		},
	};
}

/** POST /submit — re-plans with the previewed request; the sha256 must be the one the preview showed. */
export async function submit(ctx: Ctx, raw: unknown) {
	const body = readBody<SubmitBody>(
		raw,
		{ ...PLAN_SPEC, ...SUBMIT_SPEC, undo: { kind: 'json' } },
		'{ "document": "…", "created_at": "<request.created_at of the preview>", "manifest_sha256": "<manifest_sha256 of the preview>" }',
	);
	const undo = readUndo(body.undo);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'submit');
	const p = await planFor(ctx, actor, body, 'submit');
	refuseUnsubmittable(
		p,
		body.manifest_sha256,
		`The text of ${p.document.doc_code} gives the units already stored: there is nothing to submit. To record a check of unchanged units, preview with "scope".`,
	);
	const undone = await undoneBy(ctx.knex, ctx.core, p.document.id, p.parts.blocks);
	refuseUnacknowledgedUndo(undone, undo, p.document.doc_code);
	const envelope = JSON.parse(p.parts.envelope) as Manifest['envelope'];
	// The acknowledgement is part of the submit's ledger row: who chose to undo what.
	const detail = undone.length ? { undoes: undone.map((u) => u.change_set) } : undefined;
	return openSubmission(ctx, actor, {
		document: p.document,
		sha256: p.sha256,
		parts: p.parts,
		envelope,
		title: body.title ?? `CUT ${p.document.doc_code}: ${describeCounts(envelope.counts)}`,
		signature: body.signature,
		...(detail ? { detail } : {}),
	});
}

/**
 * What every submit refuses (the cut's and the amendment's): a manifest that does not hash to what the preview showed
 * (409), one without blocks (422, `nothing` says why there is none; `null`: blocks are not expected, as in a
 * crosswalk's alias-only manifest), one after which a gate fails (422).
 */
export function refuseUnsubmittable(p: { sha256: string; parts: { blocks: string[] }; gates: { passed: boolean } }, claimed: string, nothing: string | null): void {
	if (p.sha256 !== claimed) {
		throw conflict(
			'IU_MANIFEST_MISMATCH',
			`The manifest planned now hashes to ${p.sha256}, not ${claimed}: the text, the stored units or the request changed since the preview (or the preview was made by another user). Preview again and submit what it shows.`,
			{ claimed, computed: p.sha256 },
		);
	}
	if (p.parts.blocks.length === 0 && nothing !== null) throw new WorkflowError(422, 'IU_NOTHING_TO_CUT', nothing);
	if (!p.gates.passed) {
		throw new WorkflowError(
			422,
			'IU_GATE_FAILED',
			`The manifest would break the unit store (Q-CHK-1..3, UNIQUE, TREE or CONTENT fail after it); see "gates". Fix the text and preview again.`,
			{ gates: p.gates },
		);
	}
}

/**
 * Records a checked manifest as a new backlog entry — or, when an entry still holds the same manifest open, answers
 * that one and writes nothing (decided under the ledger lock, which sealedTransaction takes: two submits of one
 * preview at once open one entry). When the trust policy in force asks for the submitter's signature, `signature` is
 * their statement over the manifest for a new entry id (POST /trust/statement chose it), and the entry gets that id.
 */
export async function openSubmission(
	ctx: Ctx,
	actor: Actor,
	s: {
		document: DocumentRow;
		sha256: string;
		parts: { envelope: string; blocks: string[] };
		envelope: Manifest['envelope'];
		title: string;
		detail?: Record<string, unknown>;
		signature?: unknown;
	},
) {
	const now = nowIso(ctx);
	progressOf(ctx).phase('writing the manifest into the ledger', s.parts.blocks.length + 3);
	const done = await sealedTransaction(ctx.knex, async (trx) => {
		const open = await openEntryFor(trx, ctx.core, s.document.id, s.sha256);
		if (open) return { entry: open.id, state: open.state, existing: true };
		const inForce = await policyInForce(trx);
		// Under a policy that asks for the submitter's signature, the entry is the one their statement names.
		const id = await statementId(trx, inForce, 'submit', s.signature);
		const signed = await personSignature(ctx, trx, inForce, s.signature, actor.user, id, 'submit', s.sha256);
		const entry = await recordSubmission(trx, ctx.core, actor.user, now, {
			id,
			...(signed ? { personSignature: signed } : {}),
			kind: 'cut',
			document: s.document,
			title: s.title,
			sha256: s.sha256,
			parts: s.parts,
			manifest: { envelope: s.envelope },
			progress: progressOf(ctx),
			...(s.detail ? { detail: s.detail } : {}),
		});
		return { entry, state: 'submitted', existing: false };
	});
	return {
		entry: done.entry,
		state: done.state,
		manifest_sha256: s.sha256,
		counts: s.envelope.counts,
		existing: done.existing,
		// The same manifest is already open (submitted or approved): that entry, nothing new written.
		...(done.existing ? { duplicate_of: done.entry } : {}),
	};
}

/**
 * The id of the row a step of `act` opens (an entry, by default; an incident): under a policy in force (`inForce`) that
 * asks for that act's signature, the one the signer's statement names (a new id POST /trust/statement chose); else a
 * new one. A statement whose row exists already was used: it opens no second one.
 */
export async function statementId(trx: Knex.Transaction, inForce: InForce | null, act: Act, signature: unknown, table = 'decision_backlog_entry', what = 'entry'): Promise<string> {
	const named = (signature as { statement?: { entry?: unknown } } | null)?.statement?.entry;
	if (!inForce?.policy.signed_acts.includes(act) || named === undefined || signature == null) return randomUUID();
	if (typeof named !== 'string' || !UUID.test(named)) {
		throw badRequest(`The signed statement names the ${what} it opens, a UUID that POST /iu-cutter/trust/statement gives: ask it for a new statement and sign that.`, {
			field: 'signature.statement.entry',
		});
	}
	if (await trx(table).where({ id: named }).first('id')) {
		throw conflict('IU_SIGNATURE_USED', `The signed statement opened ${what} ${named} already: a signature opens one ${what}. Sign the step again.`, {
			field: 'signature.statement.entry',
			[what]: named,
		});
	}
	return named;
}

/** An entry of `document` holding manifest `sha256` that is still open (the core says which states are), or null. */
async function openEntryFor(trx: Knex.Transaction, core: Core, document: string, sha256: string): Promise<{ id: string; state: string } | null> {
	const disowned = await loadDisowned(trx);
	const ids: string[] = await owned(trx('decision_backlog_entry').where({ document, manifest_sha256: sha256 }), disowned, 'decision_backlog_entry')
		.orderBy('ledger_seq')
		.pluck('id');
	for (const id of ids) {
		const history = await loadHistory(trx, id, disowned);
		const s = unwrap('workflow state', core.workflowState({ history: history.map((h) => ({ event: h.event, actor: h.actor })) }));
		if (s.open) return { id, state: s.state! };
	}
	return null;
}

/** Opens a backlog entry: entry, `submitted` history, envelope and one row per block, chained in one transaction. */
export async function recordSubmission(
	trx: Knex.Transaction,
	core: Core,
	actor: string,
	now: string,
	s: {
		kind: 'cut' | 'rollback';
		document: DocumentRow;
		title: string;
		sha256: string;
		/** The manifest's canonical text, or its parts when the caller has them already (`manifestParts`). */
		canonicalJson?: string;
		parts?: { envelope: string; blocks: string[] };
		/** Without `blocks`, each block row is read from its part. */
		manifest: { envelope: Manifest['envelope']; blocks?: Block[] };
		dependsOn?: string;
		progress?: ProgressSink;
		/** More for the `submitted` event's detail (the migration runner's `{ migration, run_by }`, a rollback's `{ rollback_of }`). */
		detail?: Record<string, unknown>;
		/** The entry's id, when the submitter's signature named it; else a new one. */
		id?: string;
		/** The submitter's own signature (openSubmission), kept in the `submitted` row. */
		personSignature?: PolicySignature;
	},
): Promise<string> {
	await lockChain(trx);
	const parts = s.parts ?? unwrap('manifest parts', core.manifestParts({ manifestJson: s.canonicalJson! }));
	const w = new LedgerWriter(trx, core, actor, now);
	if (s.progress) w.onInserted = (done) => s.progress!.set(done);
	const entry = w.addWithId('decision_backlog_entry', s.id ?? randomUUID(), {
		kind: s.kind,
		document: s.document.id,
		manifest_sha256: s.sha256,
		title: s.title,
		submitted_by: actor,
	});
	const detail = { manifest_sha256: s.sha256, counts: s.manifest.envelope.counts, ...s.detail, ...(s.personSignature ? { person_signature: s.personSignature } : {}) };
	w.add('decision_backlog_history', { entry, event: 'submitted', actor, detail: JSON.stringify(detail) });
	if (s.dependsOn) w.add('decision_backlog_dependency', { entry, depends_on: s.dependsOn, kind: 'rollback_of' });
	const envelope = w.add('manifest_envelope', {
		entry,
		manifest_sha256: s.sha256,
		document: s.document.id,
		base_sha256: s.manifest.envelope.base_sha256,
		source_sha256: s.manifest.envelope.source_sha256,
		effective_from: s.manifest.envelope.effective_from,
		block_count: parts.blocks.length,
		envelope_json: parts.envelope,
	});
	for (let i = 0; i < parts.blocks.length; i++) {
		const b = s.manifest.blocks?.[i] ?? (JSON.parse(parts.blocks[i]!) as Block);
		// Chained and inserted a batch at a time (LedgerWriter continues the chain): bounded memory for 100k blocks.
		if (w.pendingCount >= LEDGER_BATCH) await w.flush({ wait: false });
		w.add('manifest_unit_block', {
			envelope,
			block_index: i,
			action: b.action,
			unit_id: b.unit_id,
			canonical_address: (b.after ?? b.before!).canonical_address,
			before_sha256: b.before_sha256 ?? null,
			after_sha256: b.after_sha256 ?? null,
			block_json: parts.blocks[i],
		});
	}
	await w.flush();
	return entry;
}
