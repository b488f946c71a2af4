// CUT: the executor applies an approved manifest. Gates first, then ONE
// transaction writes units, aliases, the change set, its affected rows, the
// executor's signature and the backlog history. Any failure writes nothing.
// A repair's manifest (after an incident) also restores alias rows
// (`envelope.alias_repairs`), gated like the units: as the repair saw them.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { conflict, WorkflowError } from '../lib/errors.js';
import { LedgerWriter } from '../lib/ledger.js';
import { sealedTransaction } from '../lib/seal.js';
import { unwrap } from '../lib/outcome.js';
import { aliasImage, loadSectionTypes, loadUnits, writeBlocks, type WriteStep } from '../lib/store.js';
import { BlockWriter } from '../lib/block-writer.js';
import { loadDisowned, owned, type Disowned } from '../lib/disowned.js';
import { ALIAS_COLUMNS, plainAlias } from '../shared/drift.js';
import { ALIAS, DOCUMENT, LOGICAL_UNIT } from '../lib/collections.js';
import { countDocumentAliases } from '../lib/ledger-audit.js';
import { nowIso, progressOf, type Ctx } from './context.js';
import { refuseUnsignedApproval, stepSignature } from './person-signature.js';
import { policyInForce } from '../lib/trust-policy.js';
import { checkStep, loadEntry, loadHistory, loadManifest, manifestTampered, parseBlocks, type EntryRow, type StoredManifest } from './entry.js';
import { blocksOf, lineSlices } from './manifest-lines.js';
import { coreFailure } from '../lib/errors.js';
import { pendingUpgrade, positionsPending } from '../lib/positions.js';
import { releaseStepCore, stepCore, type Core } from '../lib/core.js';
import { followSourceText, type TextFollowed } from './source-text.js';
import { signStep } from './agent-signature.js';
import type { ProgressSink } from '../lib/progress.js';
import type { AliasRepair, Gate, ICutCheckResult, Outcome, PolicySignature, StoredAlias, StoredUnit } from '../core-types/index.js';

/** Ledger rows chained and inserted together (LedgerWriter continues the chain across batches). */
const LEDGER_BATCH = 2_000;
/** Blocks given to the core's check at once; their units go to the database while it reads the next. */
const CHECK_SLICE = 2_000;

/** POST /cut — `{ entry }`: 409 with the failing gates (and the differing units) when the store moved on. */
export async function cut(ctx: Ctx, raw: unknown) {
	const body = readBody<{ entry: string; signature?: unknown }>(
		raw,
		{ entry: { kind: 'uuid', required: true }, signature: { kind: 'json' } },
		'{ "entry": "<decision_backlog_entry id>" }',
	);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'cut');
	const now = nowIso(ctx);
	const progress = progressOf(ctx);
	progress.phase('reading the manifest and the stored units', 0);
	return abortedAsConflict(() =>
		sealedTransaction(ctx.knex, async (trx) => {
			const approved = await loadApproved(trx, ctx, body.entry, actor.user);
			// By hand, the person's own signature when the trust policy asks for it (an agent signs the change set).
			const byHand = await stepSignature(ctx, trx, await policyInForce(trx), body.signature, actor.user, approved.entry, 'cut');
			const store = await loadStore(trx, approved);
			const checked = await checkInCore(trx, approved, store, now, progress);
			// The text a repair's alias gate reads, joined before the parts are let go.
			const repairText = store.repairs.length ? manifestText(ctx, approved.manifest) : '';
			// The core accepted every part. Written already: read a block at a time by the ledger below. Not yet: parsed
			// now, when the core's copy of them is gone.
			if (!checked.early) parseBlocks(approved.manifest);
			const gates = await passGates(trx, ctx, approved, store, checked, repairText);
			refuseMisorderedWrites(approved.entry, checked);
			progress.set(approved.manifest.parts!.count);
			const written = await writeStore(trx, approved, store, checked, now, progress);
			const followed = await documentAfter(trx, ctx, approved.entry, written, now);
			return recordInLedger(trx, ctx, actor.user, now, progress, { approved, checked, gates, written, followed, byHand });
		}),
	);
}

/** What a CUT works from: the entry, the sha256 its approval approved, its stored manifest, the rows to read past. */
interface Approved {
	entry: EntryRow;
	approvedSha256: string;
	manifest: StoredManifest;
	disowned: Disowned;
}

/** The entry, at the step where this executor may cut it, with the approval the workflow recorded and the manifest it approved. */
async function loadApproved(trx: Knex.Transaction, ctx: Ctx, entryId: string, executor: string): Promise<Approved> {
	const disowned = await loadDisowned(trx);
	const entry = await loadEntry(trx, entryId, disowned);
	checkStep(ctx.core, 'cut', await loadHistory(trx, entry.id, disowned), executor);
	await refuseUnsignedApproval(ctx, trx, entry, disowned);
	// Only an approval the workflow wrote: a disowned (forged) one counts for nothing.
	const approval = await owned(trx('review_decision').where({ entry: entry.id, decision: 'approve' }), disowned, 'review_decision')
		.orderBy('ledger_seq', 'desc')
		.first('manifest_sha256');
	if (!approval) throw conflict('IU_WRONG_STATE', `Entry ${entry.id} has no approving review the workflow recorded; review it first (POST /iu-cutter/review).`);
	// Checked against the entry's sha256 below, in the same core call as the gates (one read of the manifest).
	const manifest = await loadManifest(trx, ctx.core, entry, disowned, { checkedBy: 'caller' });
	// Defence in depth (submits are refused already): on a pending document only its upgrade may write units. An
	// envelope edited to claim `positions_upgrade` is refused below by the sha256 check of the same parts.
	if (manifest.parts!.count > 0 && manifest.envelope['positions_upgrade'] !== true) {
		const pending = await pendingUpgrade(trx, entry.document, disowned);
		if (pending) throw positionsPending(pending, { id: entry.document }, 'CUT');
	}
	return { entry, approvedSha256: approval.manifest_sha256, manifest, disowned };
}

/** The document's units as stored now, and the alias rows a repair restores as they are now. */
interface Store {
	units: StoredUnit[];
	/** The units as JSON text: large inputs go into the core as text (lib/wasm adapter: far faster than JS objects). */
	unitsJson: string;
	repairs: AliasRepair[];
	aliasesBefore: StoredAlias[];
}

async function loadStore(trx: Knex.Transaction, { entry, manifest }: Approved): Promise<Store> {
	const units = await loadUnits(trx, entry.document);
	const repairs: AliasRepair[] = manifest.envelope.alias_repairs ?? [];
	const aliasesBefore = await aliasesById(
		trx,
		repairs.map((r) => r.alias_id),
	);
	return { units, unitsJson: JSON.stringify(units), repairs, aliasesBefore };
}

/** The core's accepted check, and the writer that wrote the units while it read (a plain cut in block order), if any. */
type Checked = CheckPassed & { early: BlockWriter | null };
type CheckPassed = Extract<CheckOutcome, { ok: true }>;

/**
 * The core's check of the stored parts against the store: the sha256s, the gates before and after, the write steps.
 * A plain cut whose steps are the blocks in order has its units written while the core reads the next slice.
 */
async function checkInCore(trx: Knex.Transaction, { entry, manifest, approvedSha256 }: Approved, store: Store, now: string, progress: ProgressSink): Promise<Checked> {
	const parts = manifest.parts!;
	progress.phase('checking the gates', parts.count);
	const types = await loadSectionTypes(trx);
	// The check reads the whole manifest into the core: on an instance of its own, whose memory (hundreds of MB
	// for 100k blocks) goes back before the ledger is written; the ledger's small calls use the step's.
	const checker: { core?: Core } = { core: await stepCore() };
	let checked: CheckOutcome;
	// Units written while the check reads (block order only); a rollback or a repair first removes alias rows.
	let early: BlockWriter | null = null;
	try {
		const check = new checker.core!.CutCheck({
			documentId: entry.document,
			envelope: parts.envelope,
			entrySha256: entry.manifest_sha256,
			approvedSha256,
		});
		try {
			if (entry.kind === 'cut' && store.repairs.length === 0 && check.writesInBlockOrder()) early = new BlockWriter(trx, now);
			for (const slice of lineSlices(parts.blocks, CHECK_SLICE)) {
				const { blocks } = unwrap('cut check', check.add({ blockLines: slice }), 500);
				if (early) await early.add(slice.split('\n'));
				progress.set(blocks);
			}
			// Written in block order: the core says whether its write steps are exactly that (`inBlockOrder`),
			// instead of answering 100k steps.
			checked = early ? check.finishInBlockOrder({ storedNow: store.unitsJson, sectionTypes: types }) : check.finish({ storedNow: store.unitsJson, sectionTypes: types });
		} finally {
			check.free();
		}
	} finally {
		await releaseStepCore(checker);
	}
	// The last slice's units, written (or refused) before anything is decided.
	await early?.settle();
	if (!checked.ok) {
		// Our own rows (units, section types) always read; what fails is the stored manifest.
		if (checked.error.field === 'storedNow' || checked.error.field === 'sectionTypes') throw coreFailure('cut check', checked.error, 500);
		throw manifestTampered(entry, checked.error);
	}
	return { ...checked, early };
}

/**
 * Every gate, in the order they ran: the core's before-gates, a repair's alias gate and a crosswalk's (counted as
 * before-gates), then the core's after-gates. Any gate that does not pass refuses the CUT (409) with all of them.
 */
async function passGates(trx: Knex.Transaction, ctx: Ctx, { entry, manifest }: Approved, store: Store, checked: Checked, repairText: string): Promise<Gate[]> {
	const before = checked.before;
	if (store.repairs.length) before.gates.push(unwrap('alias repair gate', ctx.core.aliasRepairGate({ manifestJson: repairText, aliasesNow: store.aliasesBefore })).gate);
	// A crosswalk's rows must still resolve with the alias rows stored since it was planned (another import may clash).
	if (manifest.envelope.crosswalk) {
		const aliasesNow = await documentAliases(trx, entry.document, manifest.envelope.doc);
		before.gates.push(unwrap('crosswalk gate', ctx.core.crosswalkGate({ manifestJson: repairText, units: store.units, aliasesNow })).gate);
	}
	const after = checked.after;
	const failed = [...before.gates, ...after.gates].filter((g) => g.verdict !== 'pass');
	if (failed.length > 0) {
		const differing = before.gates.find((g) => g.name === 'before-images-match' && g.verdict !== 'pass')?.found ?? [];
		throw conflict('IU_GATE_FAILED', `CUT refused, nothing was written: ${failed.map((g) => `${g.name}: ${g.evidence}`).join(' | ')}`.slice(0, 4000), {
			gates: [...before.gates, ...after.gates],
			differing_units: differing,
		});
	}
	return [...before.gates, ...after.gates];
}

/** Units written while the core read: only if the database took them all and the core's steps were those blocks in order. */
function refuseMisorderedWrites(entry: EntryRow, { early, inBlockOrder }: Checked): void {
	if (!early) return;
	// The database refused a write the gates could not foresee: the whole transaction goes (abortedAsConflict).
	if (early.error) throw early.error;
	if (!inBlockOrder) {
		throw new WorkflowError(
			500,
			'IU_WRITE_ORDER',
			`CUT aborted, nothing was written: the core's write steps for entry ${entry.id} are not the blocks in manifest order its envelope announced. Report this; the manifest's counts and blocks disagree.`,
		);
	}
}

/** What the CUT wrote to the store: its change set's id, the units' writes, and every alias row it removed or created. */
interface Written {
	changeSetId: string;
	units: { units: number; aliases: number; created: Record<string, unknown>[]; withdrawn: Record<string, unknown>[] };
	/** A rollback's alias rows, withdrawn before any unit. */
	withdrawnFirst: Record<string, unknown>[];
	repairRemoved: Record<string, unknown>[];
	repairCreated: Record<string, unknown>[];
}

/** The store's writes, in the order that keeps every alias pointing at a unit that exists. */
async function writeStore(trx: Knex.Transaction, { entry, manifest, disowned }: Approved, store: Store, checked: Checked, now: string, progress: ProgressSink): Promise<Written> {
	const { early } = checked;
	const writeSteps: WriteStep[] = checked.writeSteps;
	const changeSetId = randomUUID();
	const withdrawnFirst = entry.kind === 'rollback' ? await removeAliasesOf(trx, entry, disowned) : [];
	// A repair's alias rows: the stored ones go before any unit is written (an alias may point
	// at a unit the repair removes), the ledger's images come back after (they may point at a
	// unit it creates). An edited alias is both: removed as it was, created as the image.
	const repairRemoved = await deleteAliases(
		trx,
		store.aliasesBefore.filter((a) => store.repairs.some((r) => r.alias_id === a['alias_id'] && r.before)),
	);
	progress.phase('writing units', early ? early.units : manifest.blocks.filter((b) => b.action !== 'confirm').length);
	const units = early ? await early.finish(changeSetId) : await writeBlocks(trx, manifest.blocks, writeSteps, { now, changeSet: changeSetId, onUnits: (n) => progress.set(n) });
	progress.set(units.units);
	const repairCreated = await insertAliases(
		trx,
		store.repairs.flatMap((r) => (r.after ? [r.after] : [])),
	);
	return { changeSetId, units, withdrawnFirst, repairRemoved, repairCreated };
}

/** The document after the writes: its alias count (VERIFY compares the store with it), and its text if it followed. */
interface Followed {
	aliasesAfter: number;
	text: TextFollowed | null;
}

async function documentAfter(trx: Knex.Transaction, ctx: Ctx, entry: EntryRow, written: Written, now: string): Promise<Followed> {
	// The document's alias count after this CUT: VERIFY compares the store with it instead of counting history.
	const aliasesAfter = await countDocumentAliases(trx, await trx(DOCUMENT).where({ id: entry.document }).first('id', 'slug'));
	// The document's text follows the units this CUT left (source-text.ts), in the same transaction: a preview
	// from the stored text must plan nothing, never set the units back. A CUT that wrote no unit changes no text.
	const text: TextFollowed | null = written.units.units > 0 ? await followSourceText(trx, ctx.core, entry.document, now) : null;
	return { aliasesAfter, text };
}

/** Everything a CUT did, for the ledger to record and the caller to be told. */
interface Done {
	approved: Approved;
	/** The person's signature of a CUT by hand (stepSignature). */
	byHand: PolicySignature | null;
	checked: Checked;
	gates: Gate[];
	written: Written;
	followed: Followed;
}

/**
 * The ledger's rows, in the same transaction: the change set, one affected row per block and per alias, then the
 * executor's signature and the history row. Returns the CUT's answer.
 */
async function recordInLedger(trx: Knex.Transaction, ctx: Ctx, executor: string, now: string, progress: ProgressSink, done: Done) {
	const { entry, manifest } = done.approved;
	const { written, followed } = done;
	const w = new LedgerWriter(trx, ctx.core, executor, now);
	const aliasRows = written.withdrawnFirst.length + written.repairRemoved.length + written.units.created.length + written.repairCreated.length + written.units.withdrawn.length;
	progress.phase('writing the change set into the ledger', 1 + manifest.parts!.count + aliasRows + 2);
	w.onInserted = (n) => progress.set(n);
	const changeSet = addChangeSet(w, executor, done);
	await addAffectedRows(w, changeSet, manifest, written);
	await w.flush();
	// An agent with a key of its own signs the change set it cut (agent-signature.ts): in the DOT pair's row and the history row.
	const signed = signStep(ctx, w, entry.id, 'cut', changeSet, now);
	const signature = w.add('dot_pair_signature', {
		signer: executor,
		role: 'executor',
		change_set: changeSet,
		verify_result: null,
		signed_sha256: w.hashes.get(changeSet)!,
		actor_signature: signed ? JSON.stringify(signed) : null,
	});
	w.add('decision_backlog_history', {
		entry: entry.id,
		event: 'cut',
		actor: executor,
		// `source_text`: whether the CUT rewrote the document's text, with both hashes and why, for an auditor.
		detail: JSON.stringify({
			change_set: changeSet,
			units_written: written.units.units,
			aliases_written: aliasesWritten(written),
			...(followed.text ? { source_text: followed.text } : {}),
			...(signed ? { actor_signature: signed } : {}),
			...(done.byHand ? { person_signature: done.byHand } : {}),
		}),
	});
	await w.flush();
	return {
		entry: entry.id,
		state: 'cut',
		change_set: changeSet,
		signature,
		...(signed ? { actor_signature: signed } : {}),
		units_written: written.units.units,
		aliases_written: aliasesWritten(written),
		aliases_removed: removedAliases(written).length,
		...(manifest.envelope.repair_of ? { repair_of: manifest.envelope.repair_of } : {}),
		// The base the write steps leave, from the core's check: the units written are exactly the after-images.
		result_sha256: done.checked.resultSha256,
		...(followed.text ? { source_text: followed.text } : {}),
		gates: done.gates,
	};
}

/** Alias rows the CUT created: the units' writes' and a repair's. */
const aliasesWritten = (written: Written) => written.units.aliases + written.repairCreated.length;
/** Alias rows the CUT removed: a rollback's, a repair's, then those the units' writes withdrew. */
const removedAliases = (written: Written) => [...written.withdrawnFirst, ...written.repairRemoved, ...written.units.withdrawn];

/** The change set's row: what was cut, by whom, from which base to which result, and every gate that passed. */
function addChangeSet(w: LedgerWriter, executor: string, { approved: { entry, manifest }, checked, gates, written, followed }: Done): string {
	const removed = removedAliases(written);
	return w.addWithId('cut_change_set', written.changeSetId, {
		entry: entry.id,
		kind: entry.kind,
		manifest_sha256: entry.manifest_sha256,
		document: entry.document,
		executor,
		base_sha256: manifest.envelope.base_sha256,
		result_sha256: checked.resultSha256,
		units_written: written.units.units,
		aliases_written: aliasesWritten(written),
		aliases_removed: removed.length ? JSON.stringify(removed) : null,
		gate_report: JSON.stringify({ passed: true, gates, aliases_after: followed.aliasesAfter }),
	});
}

/** One affected row per block, then one per alias row removed or created, chained and inserted a batch at a time. */
async function addAffectedRows(w: LedgerWriter, changeSet: string, manifest: StoredManifest, written: Written): Promise<void> {
	for (const b of blocksOf(manifest)) {
		// Chained and inserted a batch at a time: 100k rows with their images at once held gigabytes.
		if (w.pendingCount >= LEDGER_BATCH) await w.flush({ wait: false });
		w.add('cut_change_set_affected_row', {
			change_set: changeSet,
			action: b.action,
			unit_id: b.unit_id,
			canonical_address: (b.after ?? b.before!).canonical_address,
			before_sha256: b.before_sha256 ?? null,
			after_sha256: b.after_sha256 ?? null,
			before_image: b.before ? JSON.stringify(b.before) : null,
			after_image: b.after ? JSON.stringify(b.after) : null,
		});
	}
	// Alias rows too, so the drift audit can hold every alias to the image its change set wrote.
	// A repaired alias's removal comes before its creation: the last image is the restored row.
	// Batched like the blocks: a renumbering of 100k units writes as many alias rows.
	const record = async (action: 'alias-create' | 'alias-remove', before: Record<string, unknown> | null, after: Record<string, unknown> | null) => {
		if (w.pendingCount >= LEDGER_BATCH) await w.flush({ wait: false });
		aliasRecord(w, changeSet, action, before, after);
	};
	for (const a of [...written.withdrawnFirst, ...written.repairRemoved]) await record('alias-remove', a, null);
	for (const a of [...written.units.created, ...written.repairCreated]) await record('alias-create', null, a);
	for (const a of written.units.withdrawn) await record('alias-remove', a, null);
}

/** The core's check; `inBlockOrder` when asked with `finishInBlockOrder` (then `writeSteps` is empty). */
type CheckOutcome = Outcome<ICutCheckResult & { inBlockOrder?: boolean }>;

/** The manifest's whole text (a repair's alias gate reads its envelope): joined by the core from the stored parts. */
function manifestText(ctx: Ctx, manifest: { json: string; parts?: { envelope: string; blocks: string; count: number } }): string {
	const blocks = manifest.parts!.blocks ? manifest.parts!.blocks.split('\n') : [];
	return manifest.json || unwrap('manifest parts', ctx.core.joinManifestParts({ envelope: manifest.parts!.envelope, blocks })).json;
}

/** An affected row recording an alias (its alias_id in `unit_id`, its text in `canonical_address`). */
function aliasRecord(w: LedgerWriter, changeSet: string, action: 'alias-create' | 'alias-remove', before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
	const image = (after ?? before)!;
	w.add('cut_change_set_affected_row', {
		change_set: changeSet,
		action,
		unit_id: image['alias_id'],
		canonical_address: image['alias_text'],
		before_sha256: null,
		after_sha256: null,
		before_image: before ? JSON.stringify(before) : null,
		after_image: after ? JSON.stringify(after) : null,
	});
}

/**
 * The database may still refuse a write the gates could not foresee (a UNIQUE
 * address held by a row outside the document, a constraint added by an admin).
 * The transaction is then rolled back whole; the caller gets a 409 naming the
 * database's reason instead of a bare 500.
 */
async function abortedAsConflict<T>(run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		if (error instanceof WorkflowError) throw error;
		const reason = error instanceof Error ? error.message : String(error);
		throw conflict('IU_CUT_ABORTED', `CUT aborted by the database; the transaction was rolled back and nothing was written. Reason: ${reason.slice(0, 500)}`, {
			reason: reason.slice(0, 2000),
		});
	}
}

/**
 * A rollback also withdraws the alias rows its original change set created
 * (they were tagged with its id); they go before any unit is removed, because
 * an alias may point at a unit the rollback deletes. Their rows are kept in
 * the rollback's change set, so the ledger still has them.
 */
async function removeAliasesOf(trx: Knex.Transaction, entry: EntryRow, disowned: Disowned): Promise<Record<string, unknown>[]> {
	const dep = await owned(trx('decision_backlog_dependency').where({ entry: entry.id, kind: 'rollback_of' }), disowned, 'decision_backlog_dependency').first('depends_on');
	if (!dep) throw conflict('IU_ROLLBACK_ORPHAN', `Rollback entry ${entry.id} names no entry it rolls back (decision_backlog_dependency).`);
	const original = await owned(trx('cut_change_set').where({ entry: dep.depends_on }), disowned, 'cut_change_set').first('id');
	if (!original) return [];
	// A cut's alias rows name its change set in scenario_ref. A crosswalk's name their source line instead: the
	// ledger's alias-create rows of the change set say which they are (an alias row's id is in unit_id).
	const imported: string[] = (await isCrosswalk(trx, dep.depends_on, disowned))
		? await owned(trx('cut_change_set_affected_row').where({ change_set: original.id, action: 'alias-create' }), disowned, 'cut_change_set_affected_row').pluck('unit_id')
		: [];
	const mine = (q: Knex.QueryBuilder) => q.where({ scenario_ref: original.id }).orWhereIn('alias_id', imported);
	const rows: Record<string, unknown>[] = await mine(trx(ALIAS)).orderBy('alias_id').select('*');
	await mine(trx(ALIAS)).delete();
	return rows.map(aliasImage);
}

/** Whether an entry's manifest is a crosswalk's alias-only one. */
async function isCrosswalk(trx: Knex.Transaction, entry: string, disowned: Disowned): Promise<boolean> {
	const m = await owned(trx('manifest_envelope').where({ entry }), disowned, 'manifest_envelope').first('envelope_json');
	return Boolean(m && (JSON.parse(m.envelope_json) as { crosswalk?: unknown }).crosswalk);
}

/** A document's alias rows as stored now, as plain JSON: those of its addresses and those pointing at its units. */
async function documentAliases(trx: Knex.Transaction, document: string, slug: string): Promise<StoredAlias[]> {
	const rows: Record<string, unknown>[] = await trx(ALIAS)
		.where('alias_text', 'like', `${slug}/%`)
		.orWhereIn('target_unit_id', trx(LOGICAL_UNIT).where({ document }).select('id'))
		.orderBy('alias_id')
		.select(ALIAS_COLUMNS);
	// plainAlias writes a row as the core's StoredAlias (the shape the ledger's images have).
	return rows.map(plainAlias) as StoredAlias[];
}

/** Alias rows by id, as plain JSON (the shape the core and the ledger compare). */
async function aliasesById(trx: Knex.Transaction, ids: string[]): Promise<StoredAlias[]> {
	if (ids.length === 0) return [];
	const rows: Record<string, unknown>[] = await trx(ALIAS).whereIn('alias_id', ids).orderBy('alias_id').select(ALIAS_COLUMNS);
	return rows.map(plainAlias) as StoredAlias[];
}

/** Deletes these alias rows; returns them as they were. */
async function deleteAliases(trx: Knex.Transaction, rows: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
	if (rows.length)
		await trx(ALIAS)
			.whereIn(
				'alias_id',
				rows.map((r) => String(r['alias_id'])),
			)
			.delete();
	return rows;
}

/** Inserts alias rows exactly as the ledger's images hold them (same id); returns them as stored. */
async function insertAliases(trx: Knex.Transaction, images: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
	if (images.length === 0) return [];
	const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | number).toISOString());
	const rows: Record<string, unknown>[] = images.map((a) => ({
		...Object.fromEntries(ALIAS_COLUMNS.map((c) => [c, a[c] ?? null])),
		valid_from: iso(a['valid_from']),
		valid_until: iso(a['valid_until']),
	}));
	for (let i = 0; i < rows.length; i += 200) await trx(ALIAS).insert(rows.slice(i, i + 200));
	return aliasesById(
		trx,
		rows.map((r) => String(r['alias_id'])),
	);
}
