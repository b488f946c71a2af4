// Applying an amending law: the core reads each amending law's instructions
// (`Sửa đổi, bổ sung khoản 2 Điều 5 như sau: “…”`), applies them to the amended
// document's stored units in the order they come into force, and plans an
// ordinary manifest — every block naming the instructions behind it, the
// envelope recording every instruction, applied or not, with why. So review,
// CUT, VERIFY and rollback need nothing new: the amendment is a cut whose text
// the server wrote from the stored units and the amending laws.
//
// As with a cut, the manifest is always made here: preview and submit plan it
// from the same request, and submit refuses unless it hashes to what the
// preview showed.
import { requireCapability, type Actor } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { DOC_CODE_MAX, DOCUMENT } from '../lib/collections.js';
import { badRequest, conflict, coreFailure, forbidden, WorkflowError } from '../lib/errors.js';
import { refuseNul } from '../lib/text-input.js';
import { releaseStepCore, stepCore, type Core } from '../lib/core.js';
import type {
	GateReport,
	ManualEdit,
	Recorded,
	DateView as AmendDate,
	LawMatch as AmendLawMatch,
	AmendPreview,
	Outcome,
	Rank as AmendRank,
	StepView as AmendStep,
	AmendingLaw as AmendingLawRead,
	ErrorReport as CoreError,
} from '../core-types/index.js';
import { entryStates, refusePending } from '../lib/positions.js';
import { loadDisowned, owned } from '../lib/disowned.js';
import { loadDocument, loadSectionTypes, loadUnits, type Block, type DocumentRow, type StoredUnit } from '../lib/store.js';
import { changeRow, changeSummary, markPositionOnly } from './change-summary.js';
import { previewBlocks, withNumbers } from './preview-rows.js';
import { openSubmission, refuseUnsubmittable, SUBMIT_SPEC, type Manifest, type SubmitFields } from './plan.js';
import { describeCounts } from './counts.js';
import { nowIso, progressOf, type Ctx } from './context.js';

/** An amending law: a stored legal_document, or its code, title and text (stored as a document of its own on submit). */
interface AmendingSource {
	document?: string;
	doc_code?: string;
	title?: string;
	text?: string;
}
interface AmendBody {
	document: string;
	amending: unknown;
	effective_from?: string;
	enact?: boolean;
	created_at?: string;
	allow_mass_retire?: boolean;
	/** The editor's edits by hand (core::amend::ManualEdit): applied by the core after the instructions. */
	manual?: unknown;
}
type AmendSubmitBody = AmendBody & SubmitFields;

const AMEND_SPEC = {
	document: { kind: 'uuid', required: true },
	amending: { kind: 'json', required: true },
	effective_from: { kind: 'datetime' },
	enact: { kind: 'boolean' },
	created_at: { kind: 'datetime' },
	allow_mass_retire: { kind: 'boolean' },
	manual: { kind: 'json' },
} as const;
const SOURCE_SPEC = {
	document: { kind: 'uuid' },
	doc_code: { kind: 'string' },
	title: { kind: 'string' },
	text: { kind: 'text' },
} as const;
const AMEND_EXAMPLE = '{ "document": "<legal_document id of the amended law>", "amending": [{ "doc_code": "55/2023/NĐ-CP", "title": "…", "text": "…" }] }';
const SOURCE_EXAMPLE = '{ "document": "<legal_document id>" } or { "doc_code": "55/2023/NĐ-CP", "title": "…", "text": "…" }';

/** An amending law with its text, ready for the core. */
interface AmendingLaw {
	/** Where it was given in the request: "amending[0]". */
	at: string;
	doc_code: string;
	slug: string;
	title: string | null;
	text: string;
	/** The stored document the request named; absent for a law given as text. */
	document_id?: string;
	/** A law given as text that is stored already, with this very text (submit reuses it). */
	stored_id?: string;
}

/** What was asked, as the preview answers it (`request`) and submit sends it again: each law's text stands as its sha256. */
interface AmendRequest {
	document: string;
	amending: ({ document: string } | { doc_code: string; title: string | null; text_sha256: string })[];
	effective_from?: string;
	enact: boolean;
	created_at: string;
	allow_mass_retire: boolean;
	manual?: ManualEdit[];
}

interface AmendPlanned {
	document: DocumentRow;
	laws: AmendingLaw[];
	request: AmendRequest;
	read: AmendingLawRead[];
	ranks: AmendRank[];
	matches: AmendLawMatch[];
	steps: AmendStep[];
	dates: AmendDate[];
	plannedDate?: string | null;
	waiting: string[];
	parts: { envelope: string; blocks: string[] };
	sha256: string;
	gates: GateReport;
	stored: StoredUnit[];
	/** The document's units after the instructions and the edits by hand (the core's cut, as JSON). */
	cutJson: string;
	/** The section types of the document's vocabulary (the add-a-unit dialog offers those the document uses). */
	types: unknown[];
}

/** A unit of the result as the editor's dialogs show it. */
interface ResultUnit {
	canonical_address: string;
	section_type: string;
	ordinal: string;
	heading: string | null;
	body: string;
}

/** `amending`: one source or a non-empty list of them, each checked and named by its place ("amending[1].text"). */
function readSources(value: unknown): AmendingSource[] {
	const list = Array.isArray(value) ? value : [value];
	if (list.length === 0) throw badRequest(`"amending" is empty: send one or more amending laws, each ${SOURCE_EXAMPLE}.`, { field: 'amending' });
	return list.map((item, i) => {
		const at = `amending[${i}]`;
		const s = readBody<AmendingSource>(item, SOURCE_SPEC, SOURCE_EXAMPLE, `${at}.`);
		if (s.document !== undefined && s.document !== null) {
			const extra = (['doc_code', 'title', 'text'] as const).filter((k) => s[k] !== undefined && s[k] !== null);
			if (extra.length) {
				throw badRequest(`"${at}" names a stored document: its doc_code, title and text are the document's own; leave out ${extra.map((k) => `"${at}.${k}"`).join(', ')}.`, {
					field: `${at}.${extra[0]}`,
				});
			}
			return { document: s.document };
		}
		if (s.text === undefined || s.text === null) {
			throw badRequest(`"${at}" gives no amending law: send "${at}.document" (a stored legal_document id) or "${at}.text" with "${at}.doc_code".`, { field: `${at}.text` });
		}
		if (!s.text.trim()) throw badRequest(`"${at}.text" is empty: paste the amending law's full text.`, { field: `${at}.text` });
		if (!s.doc_code) throw badRequest(`"${at}.doc_code" is required with "${at}.text": the amending law's code, e.g. "55/2023/NĐ-CP".`, { field: `${at}.doc_code` });
		return s;
	});
}

/** Each amending law's code and text: a stored document's, or the request's (checked against a document of the same code). */
async function loadLaws(ctx: Ctx, amended: DocumentRow, sources: AmendingSource[]): Promise<AmendingLaw[]> {
	const laws: AmendingLaw[] = [];
	for (let i = 0; i < sources.length; i++) {
		const s = sources[i]!;
		const at = `amending[${i}]`;
		let law: AmendingLaw;
		if (s.document) {
			if (s.document === amended.id) throw badRequest(`"${at}.document" is the amended document itself; name the amending law.`, { field: `${at}.document` });
			const d = await loadDocument(ctx.knex, s.document);
			// A NUL stored before the Items API refused it (SQLite keeps it): refused here, naming where it is.
			refuseNul({ source_text: d.source_text ?? '' }, ` of document ${d.doc_code}`);
			if (!d.source_text?.trim()) {
				throw badRequest(`Document ${d.doc_code} (${at}.document) has no source_text: store the amending law's text on it, or send it as "${at}.text".`, {
					field: `${at}.document`,
				});
			}
			law = { at, doc_code: d.doc_code, slug: d.slug, title: d.title ?? null, text: d.source_text, document_id: d.id };
		} else {
			const code = ctx.core.normalizeDocCode({ input: s.doc_code! });
			if (!code.ok) {
				throw badRequest(`"${at}.doc_code" ${JSON.stringify(s.doc_code)} is not a document code: ${code.error.reason}. Fix: ${code.error.hint}.`, {
					field: `${at}.doc_code`,
					...code.error,
				});
			}
			// The column's limit (the slug can be longer than the code: "Đ" becomes "dd"), named here rather than at submit.
			const longest = Math.max([...s.doc_code!].length, [...code.slug].length);
			if (longest > DOC_CODE_MAX)
				throw badRequest(`"${at}.doc_code" is ${longest} characters long (or its slug is); a document code has at most ${DOC_CODE_MAX}.`, {
					field: `${at}.doc_code`,
					limit: DOC_CODE_MAX,
					length: longest,
				});
			if (code.slug === amended.slug) throw badRequest(`"${at}.doc_code" is the amended document's own code; give the amending law's.`, { field: `${at}.doc_code` });
			law = { at, doc_code: s.doc_code!, slug: code.slug!, title: s.title ?? null, text: s.text! };
			// Submit stores the law as a document of its own: one of that code must hold this very text.
			const stored = await ctx.knex(DOCUMENT).where({ slug: code.slug }).first('id', 'doc_code', 'source_text');
			if (stored) {
				if (stored.source_text !== s.text) throw sameCodeOtherText(at, stored);
				law.stored_id = stored.id;
			}
		}
		const twice = laws.find((l) => l.slug === law.slug);
		if (twice) throw badRequest(`"${at}" is ${law.doc_code} again (as ${twice.at}); send each amending law once.`, { field: at });
		laws.push(law);
	}
	return laws;
}

const sameCodeOtherText = (at: string, stored: { id: string; doc_code: string }) =>
	conflict(
		'IU_AMENDING_LAW_CONFLICT',
		`Document ${stored.doc_code} (${stored.id}) is stored already, with another text than "${at}.text". Name it as "${at}.document" to apply its stored text, or correct the text you sent.`,
		{ field: `${at}.text`, doc_code: stored.doc_code, document: stored.id },
	);

const CUT_STATES = new Set(['cut', 'verified', 'verify_failed', 'swept']);
const OPEN_STATES = new Set(['submitted', 'approved']);

/**
 * The instructions recorded in the envelopes of the document's change sets, in ledger order, each with its entry and
 * whether that change set is cut (submitted or approved: open; rejected, or undone by a rollback that is cut: left
 * out). The core decides from them which instructions are already applied and which date comes next.
 */
async function recordedInstructions(ctx: Ctx, documentId: string, submitting?: string): Promise<Recorded[]> {
	const disowned = await loadDisowned(ctx.knex);
	// Only amendment envelopes carry `"amendment":` (canonical JSON, no spaces).
	let q = ctx.knex('manifest_envelope').where({ document: documentId }).andWhere('envelope_json', 'like', '%"amendment":%');
	// Submitting a manifest again that is open already: the plan it came from did not see itself (submit answers that entry).
	if (submitting) q = q.whereNot('manifest_sha256', submitting);
	const envelopes: { entry: string; envelope_json: string }[] = await owned(q.orderBy('ledger_seq'), disowned, 'manifest_envelope').select('entry', 'envelope_json');
	if (envelopes.length === 0) return [];
	const entries = envelopes.map((e) => e.entry);
	const rollbacks: { entry: string; depends_on: string }[] = await owned(
		ctx.knex('decision_backlog_dependency').whereIn('depends_on', entries).andWhere({ kind: 'rollback_of' }),
		disowned,
		'decision_backlog_dependency',
	).select('entry', 'depends_on');
	const states = await entryStates(ctx.knex, disowned, [...entries, ...rollbacks.map((r) => r.entry)]);
	const undone = new Set(rollbacks.filter((r) => CUT_STATES.has(states.get(r.entry) ?? '')).map((r) => r.depends_on));
	const out: Recorded[] = [];
	for (const e of envelopes) {
		const state = states.get(e.entry) ?? '';
		if (undone.has(e.entry) || !(CUT_STATES.has(state) || OPEN_STATES.has(state))) continue;
		const steps = (JSON.parse(e.envelope_json) as { amendment?: { steps?: Array<{ ref: string; applied: boolean; code?: string; reason?: string }> } }).amendment?.steps ?? [];
		for (const s of steps) out.push({ ref: s.ref, entry: e.entry, cut: CUT_STATES.has(state), applied: s.applied, code: s.code ?? null, reason: s.reason ?? null });
	}
	return out;
}

/**
 * The editor's edits by hand, as the request gives them: a list of objects. What each may hold, and whether it can be
 * made, is the core's rule (core::amend::ManualEdit): it refuses a bad one naming `manual[i].field`.
 */
function manualEdits(raw: unknown): ManualEdit[] {
	if (raw === undefined || raw === null) return [];
	if (!Array.isArray(raw)) throw badRequest('"manual" must be a list of edits by hand: [{ "op": "edit", "address", "body", "note" }, …].', { field: 'manual' });
	const at = raw.findIndex((e) => typeof e !== 'object' || e === null || Array.isArray(e));
	if (at >= 0) throw badRequest(`"manual[${at}]" is not an object: an edit by hand is { "op": "edit" | "add" | "applied", …, "note" }.`, { field: `manual[${at}]` });
	// Objects, as the request gave them: whether each is a ManualEdit is the core's to say (it names the field).
	return raw as ManualEdit[];
}

/** The core refused an edit by hand: 400, naming the edit and its field (`manual[2].note`) so the page can point at it. */
function manualRefused(error: CoreError) {
	// The core names the edit (`manual[2]`) and, when it knows it, the edit's field (`manual[2].note`).
	const where = /^manual\[(\d+)\](?:\.(\w+))?/.exec(error.field ?? '');
	const field = where ? `manual[${where[1]}]${where[2] ? `.${where[2]}` : ''}` : 'manual';
	return new WorkflowError(400, 'IU_MANUAL_EDIT', `${error.reason}. Fix: ${error.hint}.`, {
		field,
		...(where ? { index: Number(where[1]), ...(where[2] ? { edit_field: where[2] } : {}) } : {}),
		core: error,
	});
}

/** Plans the amendment: one core call on an instance of its own, as a cut's plan. */
async function amendPlanFor(ctx: Ctx, actor: Actor, body: AmendBody, submitting?: string): Promise<AmendPlanned> {
	const progress = progressOf(ctx);
	progress.phase('reading the amending laws and the stored units', 0);
	const sources = readSources(body.amending);
	const document = await loadDocument(ctx.knex, body.document);
	// Until its upgrade entry is cut, a document's positions are document places: nothing else may plan on them.
	await refusePending(ctx.knex, document, 'amendment');
	const laws = await loadLaws(ctx, document, sources);
	const stored = await loadUnits(ctx.knex, document.id);
	const recorded = await recordedInstructions(ctx, document.id, submitting);
	progress.set(stored.length);
	if (stored.length === 0) {
		throw new WorkflowError(
			422,
			'IU_NOTHING_TO_AMEND',
			`Document ${document.doc_code} has no units yet: an amending law changes units that are stored. Cut the document first (preview and submit its text), then apply the amending law.`,
			{ field: 'document' },
		);
	}
	const created_at = body.created_at ?? nowIso(ctx);
	const manual = manualEdits(body.manual);
	const request: AmendRequest = {
		document: document.id,
		// What was asked, without the texts (their sha256 stand for them): submit sends the same request again.
		amending: laws.map((l) => (l.document_id ? { document: l.document_id } : { doc_code: l.doc_code, title: l.title, text_sha256: ctx.core.sha256Hex({ text: l.text }) })),
		// Left out: the day the instructions of the change set planned now come into force (the core reads it from the laws).
		...(body.effective_from ? { effective_from: body.effective_from } : {}),
		enact: body.enact ?? false,
		created_at,
		allow_mass_retire: body.allow_mass_retire ?? false,
		...(manual.length ? { manual } : {}),
	};
	const input = {
		document_id: document.id,
		// The manifest's source: the amending texts, in the order given (each also in the envelope's amendment).
		source_sha256: ctx.core.sha256Hex({ text: laws.map((l) => l.text).join('\n') }),
		...(body.effective_from ? { effective_from: body.effective_from } : {}),
		created_at,
		created_by: actor.user,
		enact: request.enact,
		allow_mass_retire: request.allow_mass_retire,
	};
	progress.phase('reading the instructions and planning the manifest', 1);
	const storedJson = JSON.stringify(stored);
	const types = await loadSectionTypes(ctx.knex);
	const amending = laws.map((l) => ({ text: l.text, doc_code: l.doc_code, ...(l.document_id ? { document_id: l.document_id } : {}) }));
	// On an instance of its own, whose memory goes back before the answer is built (as planDocument's in plan.ts).
	const planner: { core?: Core } = { core: await stepCore() };
	let planned: Outcome<AmendPreview>;
	try {
		planned = planner.core!.amendPlan({
			amending,
			docCode: document.doc_code,
			title: document.title ?? null,
			vocabulary: document.vocabulary,
			stored: storedJson,
			input,
			sectionTypes: types,
			recorded,
			manual,
		});
	} finally {
		await releaseStepCore(planner);
	}
	if (!planned.ok) {
		if (planned.error.code === 'mass-retire') {
			// The core's guard: repealing most of a document at once is asked for explicitly.
			throw new WorkflowError(422, 'IU_MASS_RETIRE', `${document.doc_code}: ${planned.error.reason}. Fix: ${planned.error.hint}.`, {
				field: 'allow_mass_retire',
				core: planned.error,
			});
		}
		if (planned.error.code === 'manual-edit') throw manualRefused(planned.error);
		throw coreFailure(`amend ${document.doc_code}`, planned.error, 422, { field: 'amending' });
	}
	progress.set(1);
	progress.phase('checking the gates on the result', planned.blocks.length);
	progress.set(planned.blocks.length);
	return {
		document,
		laws,
		request,
		read: planned.laws,
		ranks: planned.ranks,
		matches: planned.matches,
		steps: planned.steps,
		dates: planned.dates,
		...(planned.plannedDate !== undefined ? { plannedDate: planned.plannedDate } : {}),
		waiting: planned.waiting,
		parts: { envelope: planned.envelope, blocks: planned.blocks },
		sha256: planned.sha256,
		// Asked with the section types: always answered.
		gates: planned.gates!,
		stored,
		cutJson: planned.cutJson,
		types,
	};
}

/**
 * What the editor's dialogs need to finish by hand: the text of every unit the preview names (the blocks' units, the
 * instructions' targets and their parents, after the instructions and the edits by hand), and the kinds of unit the
 * document uses. The rules of an edit stay in the core; this is only what it is made from.
 */
function editable(p: AmendPlanned, blocks: { address: string }[], slug: string) {
	const cut = JSON.parse(p.cutJson) as { units: ResultUnit[] };
	const wanted = new Set(blocks.map((b) => b.address));
	for (const s of p.steps) {
		if (!s.for_document || (s.status !== 'applied' && s.status !== 'not-applied')) continue;
		for (const t of s.targets) {
			wanted.add(t);
			const up = t.lastIndexOf('/');
			if (up > 0 && t.slice(0, up) !== slug) wanted.add(t.slice(0, up));
		}
	}
	const units: Record<string, Omit<ResultUnit, 'canonical_address'>> = {};
	const used = new Set<string>();
	for (const u of cut.units) {
		used.add(u.section_type);
		if (wanted.has(u.canonical_address)) units[u.canonical_address] = { section_type: u.section_type, ordinal: u.ordinal, heading: u.heading ?? null, body: u.body };
	}
	const kinds = (p.types as { code: string; label: string; parents: string[]; active: boolean }[])
		.filter((k, i, all) => used.has(k.code) && k.active && all.findIndex((x) => x.code === k.code) === i)
		.map((k) => ({ code: k.code, label: k.label, parents: k.parents }));
	return { units, kinds };
}

/** How many instructions there are, and where they stand (the core's status of each). */
function summaryOf(steps: AmendStep[], unreadable: number) {
	const count = (status: AmendStep['status']) => steps.filter((s) => s.status === status).length;
	return {
		instructions: steps.length,
		applied: count('applied'),
		not_applied: count('not-applied'),
		recorded: count('recorded'),
		later: count('later'),
		waiting: count('waiting'),
		unreadable,
		other_law: count('other-law'),
	};
}

/**
 * POST /amend/preview — a dry run: the amending laws read, every instruction with what it did (the blocks it caused)
 * or why it could not be applied, what could not be read, the manifest's blocks and sha256, the gates. Writes nothing.
 */
export async function amendPreview(ctx: Ctx, raw: unknown) {
	const body = readBody<AmendBody>(raw, AMEND_SPEC, AMEND_EXAMPLE);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'preview');
	const p = await amendPlanFor(ctx, actor, body);
	const progress = progressOf(ctx);
	progress.phase('building the preview', p.parts.blocks.length);
	const envelope = JSON.parse(p.parts.envelope) as Manifest['envelope'];
	const parsed = p.parts.blocks.map((b) => JSON.parse(b) as Block);
	const { summary: changes, positionOnly } = await changeSummary(ctx.knex, ctx.core, p.document.id, envelope, parsed.map(changeRow));
	// Blocks that only shift a later sibling are marked: the page folds them under the instruction that caused them.
	const blocks = markPositionOnly(
		withNumbers(previewBlocks(parsed, p.stored), (v, u) => ctx.core.printedNumbers({ vocabulary: v, units: u }), p.document.vocabulary),
		positionOnly,
	);
	progress.set(blocks.length);
	// What the reader could not read; the envelope records those for this document (`for_document`), with the
	// editor's mark where it was carried out by hand.
	const recorded = envelope.amendment?.unread ?? [];
	const recordedUnread = new Map(recorded.map((u) => [`${u.law}@${u.offset}`, u]));
	const unreadable = p.read.flatMap((l) =>
		l.unreadable.map((u) => {
			const r = recordedUnread.get(`${l.doc_code}@${u.offset}`);
			return { law: l.doc_code, ...u, for_document: !!r, ...(r?.by_hand ? { by_hand: r.by_hand } : {}) };
		}),
	);
	return {
		manifest_sha256: p.sha256,
		document: { id: p.document.id, doc_code: p.document.doc_code },
		// The effective date the manifest has: the request's, or the earliest instruction's.
		request: { ...p.request, effective_from: envelope.effective_from },
		counts: envelope.counts,
		changes,
		// The core reads each law's rank and match beside it, one per law.
		laws: p.read.map((l, i) => ({ ...l, rank: p.ranks[i]!, match: p.matches[i]! })),
		steps: p.steps,
		// The sequence: one change set per date, the one planned now, and the open change sets it waits for.
		dates: p.dates,
		planned_date: p.plannedDate === undefined ? null : (p.plannedDate ?? 'undated'),
		waiting: p.waiting,
		unreadable,
		...editable(p, blocks, envelope.doc),
		blocks,
		gates: p.gates,
		// The amended text is written by the core from stored units: there is no text of the editor's to diagnose.
		diagnostics: [],
		summary: summaryOf(p.steps, unreadable.length),
	};
}

/**
 * POST /amend/submit — plans again from the previewed request (same `created_at`), refuses unless the manifest hashes
 * to the sha256 the preview showed, stores each amending law given as text as a legal_document of its own (with the
 * caller's permissions), and opens a backlog entry as a cut's submit does. Instructions that were not applied do not
 * stand in the way: they are in the envelope, which the reviewer sees.
 */
export async function amendSubmit(ctx: Ctx, raw: unknown) {
	const body = readBody<AmendSubmitBody>(
		raw,
		{ ...AMEND_SPEC, ...SUBMIT_SPEC },
		'{ "document": "…", "amending": […], "created_at": "<request.created_at of the preview>", "manifest_sha256": "<manifest_sha256 of the preview>" }',
	);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'submit');
	const p = await amendPlanFor(ctx, actor, body, body.manifest_sha256);
	const codes = p.laws.map((l) => l.doc_code).join(', ');
	refuseUnsubmittable(
		p,
		body.manifest_sha256,
		`The amending law(s) ${codes} change nothing in the units of ${p.document.doc_code} stored now (already applied, or no instruction could be applied: see the preview's steps). There is nothing to submit.`,
	);
	const envelope = JSON.parse(p.parts.envelope) as Manifest['envelope'];
	// Before the ledger's transaction: Directus' ItemsService writes through its own connection (on SQLite, one
	// connection: inside the sealed transaction it would wait for itself). A submit that fails after this keeps the
	// document, and submitting again reuses it (same code, same text).
	const documents = await storeLaws(ctx, p.document, p.laws);
	const title = body.title ?? `AMEND ${p.document.doc_code}: by ${codes}: ${describeCounts(envelope.counts)}`;
	const done = await openSubmission(ctx, actor, { document: p.document, sha256: p.sha256, parts: p.parts, envelope, title: title.slice(0, 500), signature: body.signature });
	return { ...done, amending_documents: documents };
}

/** Stores each law given as text as a legal_document, as the caller (their policies decide); reuses one stored with the same text. */
async function storeLaws(ctx: Ctx, amended: DocumentRow, laws: AmendingLaw[]) {
	const out: { doc_code: string; id: string; created: boolean }[] = [];
	for (const law of laws) {
		if (law.document_id) {
			out.push({ doc_code: law.doc_code, id: law.document_id, created: false });
			continue;
		}
		// Read again: another submit may have stored it since the plan.
		const stored = await ctx.knex(DOCUMENT).where({ slug: law.slug }).first('id', 'doc_code', 'source_text');
		if (stored) {
			if (stored.source_text !== law.text) throw sameCodeOtherText(law.at, stored);
			out.push({ doc_code: stored.doc_code, id: stored.id, created: false });
			continue;
		}
		if (!ctx.services?.ItemsService || !ctx.getSchema) {
			throw new WorkflowError(
				501,
				'IU_SERVICES_UNAVAILABLE',
				`The amending law ${law.doc_code} cannot be stored here (no Directus services in this context). Store it as a legal_document first and name it as "${law.at}.document".`,
				{ field: `${law.at}.text` },
			);
		}
		const items = new ctx.services.ItemsService(DOCUMENT, { accountability: ctx.accountability, schema: await ctx.getSchema(), knex: ctx.knex });
		try {
			const id = await items.createOne({ doc_code: law.doc_code, title: law.title ?? law.doc_code, language: 'vi', vocabulary: amended.vocabulary, source_text: law.text });
			out.push({ doc_code: law.doc_code, id: String(id), created: true });
		} catch (e) {
			const failure = e as { status?: number; code?: string } | null;
			if (Number(failure?.status) === 403 || failure?.code === 'FORBIDDEN') {
				throw forbidden(
					`The amending law ${law.doc_code} is stored as a document of its own when submitted, and your policies do not allow "create" on "legal_document". An administrator grants it (the IU Submitter policy has it), or someone who may stores the law first and you name it as "${law.at}.document".`,
					{ field: `${law.at}.text`, collection: DOCUMENT, permission: 'create' },
				);
			}
			throw e;
		}
	}
	return out;
}
