// GET /iu-cutter/tlog/… — the ledger as a transparency log, read-only (issue 49; lib/tlog.ts). The checkpoint
// and the tiles in the paths c2sp.org/tlog-tiles gives them, so a mirror or a static host serves the same
// bytes; one row's proof and one unit's whole history as offline proofs (c2sp.org/tlog-proof); and which
// witness is behind. Each needs the audit capability: an auditor's.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { badRequest, notFound } from '../lib/errors.js';
import { WorkflowError } from '../lib/errors.js';
import { lastLogCheckpoint, proofOfEntry, proofOfRow, proofOfUnit, pushToWitnesses, tileBytes, witnessStates } from '../lib/tlog.js';
import { LOGICAL_UNIT } from '../lib/collections.js';
import { cosignedNote } from '../shared/ledger-rows.js';
import type { Ctx } from './context.js';
import { unitAt } from './timeline.js';

/** The latest checkpoint note, with the witnesses' cosignatures kept for it. */
export async function tlogCheckpoint(ctx: Ctx): Promise<string> {
	await requireCapability(ctx.knex, ctx.accountability, 'audit');
	const cp = await lastLogCheckpoint(ctx.knex);
	if (!cp)
		throw new WorkflowError(404, 'IU_TLOG_EMPTY', 'The transparency log holds no checkpoint yet: the next workflow step (or `npm run migrate`, after an upgrade) signs the first.');
	return cosignedNote(ctx.knex, cp);
}

/** A tile or an entry bundle, by its tlog-tiles path (`tile/0/x001/234`, `tile/entries/000.p/17`). */
export async function tlogTile(ctx: Ctx, path: string): Promise<Buffer> {
	await requireCapability(ctx.knex, ctx.accountability, 'audit');
	const bytes = await tileBytes(ctx.knex, ctx.core, path);
	if (!bytes)
		throw new WorkflowError(
			404,
			'IU_TLOG_NO_TILE',
			`The log has no tile ${path} (yet): a partial tile is served at the widths its checkpoints need, a full one once 256 hashes fill it.`,
			{ path },
		);
	return bytes;
}

/**
 * GET /tlog/proof?seq=<ledger_seq> — one row's tlog-proof; ?address=<address> | ?unit=<id> — a unit's whole
 * history (every change set that wrote it, their verifications and signatures); ?entry=<id> — every row of a
 * workflow entry (its steps, manifest, review, change set, verification, sweep); each a JSON bundle of tlog-proofs.
 */
export async function tlogProof(ctx: Ctx, raw: unknown): Promise<{ filename: string; type: string; body: string }> {
	const q = readBody<{ seq?: string; unit?: string; address?: string; entry?: string }>(
		raw,
		{ seq: { kind: 'string', example: '"42"' }, unit: { kind: 'uuid' }, address: { kind: 'string', example: '"45-2019-qh14/dieu-44"' }, entry: { kind: 'uuid' } },
		'?seq=<ledger_seq>, or ?address=45-2019-qh14/dieu-44, or ?unit=<logical_unit id>, or ?entry=<decision_backlog_entry id>',
	);
	const given = [q.seq, q.unit, q.address, q.entry].filter((v) => v !== undefined).length;
	if (given !== 1)
		throw badRequest(
			'Send exactly one of "seq" (a ledger row\'s ledger_seq), "address" (a unit\'s canonical or former address), "unit" (a logical_unit id) or "entry" (a workflow entry\'s id).',
			{ fields: ['seq', 'address', 'unit', 'entry'] },
		);
	await requireCapability(ctx.knex, ctx.accountability, 'audit');
	if (q.seq !== undefined) {
		const seq = Number(q.seq);
		if (!Number.isSafeInteger(seq) || seq < 1) throw badRequest(`seq "${q.seq}" is not a ledger_seq (a whole number from 1).`, { field: 'seq' });
		return { filename: `ledger-row-${seq}.tlog-proof`, type: 'text/plain; charset=utf-8', body: await proofOfRow(ctx.knex, ctx.core, seq) };
	}
	if (q.entry !== undefined) {
		const bundle = await proofOfEntry(ctx.knex, ctx.core, q.entry);
		return { filename: `entry-${q.entry}.entry-proof.json`, type: 'application/json; charset=utf-8', body: JSON.stringify(bundle, null, 1) };
	}
	const unitId = q.unit ?? (await unitAt(ctx, q.address!));
	const unit = await ctx.knex(LOGICAL_UNIT).where({ id: unitId }).first('id', 'canonical_address');
	if (!unit) throw notFound(LOGICAL_UNIT, unitId);
	const bundle = await proofOfUnit(ctx.knex, ctx.core, { id: String(unit.id), canonical_address: String(unit.canonical_address) });
	const name = String(unit.canonical_address).replaceAll('/', '_');
	return { filename: `${name}.unit-proof.json`, type: 'application/json; charset=utf-8', body: JSON.stringify(bundle, null, 1) };
}

/** GET /tlog/witnesses — each witness of the policy: the size it cosigned, whether it is behind, and why. A call also sends the log's checkpoint to those behind. */
export async function tlogWitnesses(ctx: Ctx) {
	await requireCapability(ctx.knex, ctx.accountability, 'audit');
	await pushToWitnesses(ctx.knex, ctx.core, (m) => ctx.logger?.warn(m));
	return witnessStates(ctx.knex, ctx.core);
}
