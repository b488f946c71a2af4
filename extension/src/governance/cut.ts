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
import { aliasImage, loadSectionTypes, loadUnits, writeBlocks, type Block, type WriteStep } from '../lib/store.js';
import { BlockWriter } from '../lib/block-writer.js';
import { loadDisowned, owned, type Disowned } from '../lib/disowned.js';
import { ALIAS_COLUMNS, plainAlias } from '../shared/drift.js';
import { ALIAS, DOCUMENT, LOGICAL_UNIT } from '../lib/collections.js';
import { countDocumentAliases } from '../lib/ledger-audit.js';
import { nowIso, progressOf, type Ctx } from './context.js';
import { checkStep, loadEntry, loadHistory, loadManifest, manifestTampered, parseBlocks, type EntryRow, type StoredManifest } from './entry.js';
import { coreFailure } from '../lib/errors.js';
import { pendingUpgrade, positionsPending } from '../lib/positions.js';
import { releaseStepCore, stepCore, type Core } from '../lib/core.js';
import { followSourceText, type TextFollowed } from './source-text.js';
import type { AliasRepair, ICutCheckResult, Outcome, StoredAlias } from '../core-types/index.js';

/** Ledger rows chained and inserted together (LedgerWriter continues the chain across batches). */
const LEDGER_BATCH = 2_000;
/** Blocks given to the core's check at once; their units go to the database while it reads the next. */
const CHECK_SLICE = 2_000;

/** POST /cut — `{ entry }`: 409 with the failing gates (and the differing units) when the store moved on. */
export async function cut(ctx: Ctx, raw: unknown) {
	const body = readBody<{ entry: string }>(raw, { entry: { kind: 'uuid', required: true } }, '{ "entry": "<decision_backlog_entry id>" }');
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'cut');
	const now = nowIso(ctx);
	const progress = progressOf(ctx);
	progress.phase('reading the manifest and the stored units', 0);
	return abortedAsConflict(() =>
		sealedTransaction(ctx.knex, async (trx) => {
			const disowned = await loadDisowned(trx);
			const entry = await loadEntry(trx, body.entry, disowned);
			checkStep(ctx.core, 'cut', await loadHistory(trx, entry.id, disowned), actor.user);
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
			const stored = await loadUnits(trx, entry.document);
			// Large inputs go into the core as JSON text (lib/wasm adapter: far faster than JS objects).
			const storedJson = JSON.stringify(stored);
			const repairs: AliasRepair[] = manifest.envelope.alias_repairs ?? [];
			const aliasesBefore = await aliasesById(
				trx,
				repairs.map((r) => r.alias_id),
			);

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
					approvedSha256: approval.manifest_sha256,
				});
				try {
					if (entry.kind === 'cut' && repairs.length === 0 && check.writesInBlockOrder()) early = new BlockWriter(trx, now);
					for (const slice of lineSlices(parts.blocks, CHECK_SLICE)) {
						const { blocks } = unwrap('cut check', check.add({ blockLines: slice }), 500);
						if (early) await early.add(slice.split('\n'));
						progress.set(blocks);
					}
					// Written in block order: the core says whether its write steps are exactly that (`inBlockOrder`),
					// instead of answering 100k steps.
					checked = early ? check.finishInBlockOrder({ storedNow: storedJson, sectionTypes: types }) : check.finish({ storedNow: storedJson, sectionTypes: types });
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
			const before = checked.before;
			// The text a repair's alias gate reads, joined before the parts are let go.
			const repairText = repairs.length ? manifestText(ctx, manifest) : '';
			// The core accepted every part. Written already: read a block at a time by the ledger below. Not yet: parsed
			// now, when the core's copy of them is gone.
			if (!early) parseBlocks(manifest);
			if (repairs.length) before.gates.push(unwrap('alias repair gate', ctx.core.aliasRepairGate({ manifestJson: repairText, aliasesNow: aliasesBefore })).gate);
			// A crosswalk's rows must still resolve with the alias rows stored since it was planned (another import may clash).
			if (manifest.envelope.crosswalk) {
				const aliasesNow = await documentAliases(trx, entry.document, manifest.envelope.doc);
				before.gates.push(unwrap('crosswalk gate', ctx.core.crosswalkGate({ manifestJson: repairText, units: stored, aliasesNow })).gate);
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

			if (early) {
				// The database refused a write the gates could not foresee: the whole transaction goes (abortedAsConflict).
				if (early.error) throw early.error;
				if (!checked.inBlockOrder) {
					throw new WorkflowError(
						500,
						'IU_WRITE_ORDER',
						`CUT aborted, nothing was written: the core's write steps for entry ${entry.id} are not the blocks in manifest order its envelope announced. Report this; the manifest's counts and blocks disagree.`,
					);
				}
			}
			progress.set(parts.count);
			const writeSteps: WriteStep[] = checked.writeSteps;
			const w = new LedgerWriter(trx, ctx.core, actor.user, now);
			const changeSetId = randomUUID();
			const withdrawnFirst = entry.kind === 'rollback' ? await removeAliasesOf(trx, entry, disowned) : [];
			// A repair's alias rows: the stored ones go before any unit is written (an alias may point
			// at a unit the repair removes), the ledger's images come back after (they may point at a
			// unit it creates). An edited alias is both: removed as it was, created as the image.
			const repairRemoved = await deleteAliases(
				trx,
				aliasesBefore.filter((a) => repairs.some((r) => r.alias_id === a['alias_id'] && r.before)),
			);
			progress.phase('writing units', early ? early.units : manifest.blocks.filter((b) => b.action !== 'confirm').length);
			const written = early
				? await early.finish(changeSetId)
				: await writeBlocks(trx, manifest.blocks, writeSteps, { now, changeSet: changeSetId, onUnits: (n) => progress.set(n) });
			progress.set(written.units);
			const repairCreated = await insertAliases(
				trx,
				repairs.flatMap((r) => (r.after ? [r.after] : [])),
			);
			const removedAliases = [...withdrawnFirst, ...repairRemoved, ...written.withdrawn];
			// The base the write steps leave, from the core's check: the units written are exactly the after-images.
			const result = checked.resultSha256;
			// The document's alias count after this CUT: VERIFY compares the store with it instead of counting history.
			const aliasesAfter = await countDocumentAliases(trx, await trx(DOCUMENT).where({ id: entry.document }).first('id', 'slug'));
			// The document's text follows the units this CUT left (source-text.ts), in the same transaction: a preview
			// from the stored text must plan nothing, never set the units back. A CUT that wrote no unit changes no text.
			const text: TextFollowed | null = written.units > 0 ? await followSourceText(trx, ctx.core, entry.document, now) : null;

			// The change set, one affected row per block and per alias, then the signature and the history row.
			const aliasRows = withdrawnFirst.length + repairRemoved.length + written.created.length + repairCreated.length + written.withdrawn.length;
			progress.phase('writing the change set into the ledger', 1 + parts.count + aliasRows + 2);
			w.onInserted = (n) => progress.set(n);
			const changeSet = w.addWithId('cut_change_set', changeSetId, {
				entry: entry.id,
				kind: entry.kind,
				manifest_sha256: entry.manifest_sha256,
				document: entry.document,
				executor: actor.user,
				base_sha256: manifest.envelope.base_sha256,
				result_sha256: result,
				units_written: written.units,
				aliases_written: written.aliases + repairCreated.length,
				aliases_removed: removedAliases.length ? JSON.stringify(removedAliases) : null,
				gate_report: JSON.stringify({ passed: true, gates: [...before.gates, ...after.gates], aliases_after: aliasesAfter }),
			});
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
			for (const a of [...withdrawnFirst, ...repairRemoved]) await record('alias-remove', a, null);
			for (const a of [...written.created, ...repairCreated]) await record('alias-create', null, a);
			for (const a of written.withdrawn) await record('alias-remove', a, null);
			await w.flush();
			const signature = w.add('dot_pair_signature', { signer: actor.user, role: 'executor', change_set: changeSet, verify_result: null, signed_sha256: w.hashes.get(changeSet)! });
			w.add('decision_backlog_history', {
				entry: entry.id,
				event: 'cut',
				actor: actor.user,
				// `source_text`: whether the CUT rewrote the document's text, with both hashes and why, for an auditor.
				detail: JSON.stringify({
					change_set: changeSet,
					units_written: written.units,
					aliases_written: written.aliases + repairCreated.length,
					...(text ? { source_text: text } : {}),
				}),
			});
			await w.flush();
			return {
				entry: entry.id,
				state: 'cut',
				change_set: changeSet,
				signature,
				units_written: written.units,
				aliases_written: written.aliases + repairCreated.length,
				aliases_removed: removedAliases.length,
				...(manifest.envelope.repair_of ? { repair_of: manifest.envelope.repair_of } : {}),
				result_sha256: result,
				...(text ? { source_text: text } : {}),
				gates: [...before.gates, ...after.gates],
			};
		}),
	);
}

/** The core's check; `inBlockOrder` when asked with `finishInBlockOrder` (then `writeSteps` is empty). */
type CheckOutcome = Outcome<ICutCheckResult & { inBlockOrder?: boolean }>;

/** The stored blocks (a block per line) in slices of `size` lines: each slice's text, its lines joined by '\n'. */
function* lineSlices(text: string, size: number): Generator<string> {
	if (text === '') return;
	for (let start = 0; ;) {
		let end = start - 1;
		for (let n = 0; n < size && (end = text.indexOf('\n', end + 1)) >= 0; n++);
		if (end < 0) {
			yield text.slice(start);
			return;
		}
		yield text.slice(start, end);
		start = end + 1;
	}
}

/** The manifest's blocks: parsed already, or read one at a time from the stored parts (never all held at once). */
function* blocksOf(manifest: StoredManifest): Generator<Block> {
	if (manifest.blocks.length > 0 || !manifest.parts?.blocks) {
		yield* manifest.blocks;
		return;
	}
	for (const line of lineSlices(manifest.parts.blocks, 1)) yield JSON.parse(line) as Block;
}

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
