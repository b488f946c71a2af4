// The ledger as a transparency log (issue 49; core ledger::tlog; migrations/iu0018). One leaf per
// ledger row, its row_hash, at index ledger_seq − 1. Every sealed transaction appends the rows it wrote
// to the log's tiles and signs a c2sp.org/tlog-checkpoint note with the ledger's key, named by the
// log's origin; after the commit the note goes to the witnesses of the policy (IU_TLOG_POLICY, a
// c2sp.org/tlog-policy file), whose cosignatures are kept. The tiles, the checkpoint and proofs are
// served read-only (endpoint GET /iu-cutter/tlog/…), so any auditor checks the log with tools we
// did not write.
//
// What is computed is the core's (tiles, proofs, notes, the witness protocol's texts); this file reads
// and writes the rows and talks HTTP.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Core } from './core.js';
import { WorkflowError } from './errors.js';
import { unwrap } from './outcome.js';
import { signingKey } from './checkpoint.js';
import { auditChain } from './ledger-audit.js';
import { chainTail, cosignedNote, rowsAtSeqs } from '../shared/ledger-rows.js';
import { LEDGER_TABLES, TLOG_CHECKPOINT_TABLE, TLOG_COSIGNATURE_TABLE, TLOG_TILE_TABLE } from '../shared/schema.js';
import type { TileNeed, TileRow, UnitProof } from '../core-types/index.js';

export const ORIGIN_ENV = 'IU_TLOG_ORIGIN';
export const POLICY_ENV = 'IU_TLOG_POLICY';
/** Rows appended per core call when the log catches up with a long chain (the first append of an existing store). */
const APPEND_PAGE = 5000;
/** Tiles read per query (two parameters each: well under SQLite's and PostgreSQL's limits). */
const TILE_PAGE = 400;
/** How long a witness may take to answer. */
const WITNESS_TIMEOUT_MS = 5000;

export interface LogCheckpoint {
	size: number;
	root: string;
	/** The row_hash of ledger row `size`. */
	head: string;
	origin: string;
	note: string;
	recorded_at: string;
}

/**
 * The log's origin, which names the store (tlog-checkpoint: a URL without its scheme). IU_TLOG_ORIGIN, else
 * PUBLIC_URL's host and path + /iu-cutter/tlog. Fixed by the first checkpoint: later ones keep its origin.
 */
export function configuredOrigin(): string {
	const given = process.env[ORIGIN_ENV]?.trim();
	if (given) return given;
	const url = String(process.env['PUBLIC_URL'] ?? '');
	const m = /^https?:\/\/([^/?#\s]+)([^?#\s]*)/.exec(url);
	const base = m ? `${m[1]}${m[2]!.replace(/\/+$/, '')}` : `127.0.0.1:${process.env['PORT'] ?? '8055'}`;
	return `${base}/iu-cutter/tlog`;
}

const fromRow = (r: Record<string, unknown>): LogCheckpoint => ({
	size: Number(r['size']),
	root: String(r['root']),
	head: String(r['head']),
	origin: String(r['origin']),
	note: String(r['note']),
	recorded_at: String(r['recorded_at']),
});

export async function lastLogCheckpoint(k: Knex): Promise<LogCheckpoint | null> {
	const row = await k(TLOG_CHECKPOINT_TABLE).orderBy('size', 'desc').first();
	return row ? fromRow(row) : null;
}

export async function logCheckpointAt(k: Knex, size: number): Promise<LogCheckpoint | null> {
	const row = await k(TLOG_CHECKPOINT_TABLE).where({ size }).first();
	return row ? fromRow(row) : null;
}

/** The tiles `needs` names, each cut to the width it has at the size asked for. */
export async function readTiles(k: Knex, needs: TileNeed[]): Promise<TileRow[]> {
	const byKey = new Map<string, string>();
	// In pages: a bundle of rows spread over a long log names thousands of tiles, two parameters each.
	for (let i = 0; i < needs.length; i += TILE_PAGE) {
		const rows: { level: number; idx: number | string; hashes: string }[] = await k(TLOG_TILE_TABLE)
			.select('level', 'idx', 'hashes')
			.where((q) => {
				for (const n of needs.slice(i, i + TILE_PAGE)) q.orWhere({ level: n.level, idx: n.index });
			});
		for (const r of rows) byKey.set(`${r.level}/${Number(r.idx)}`, r.hashes);
	}
	return needs.map((n) => ({ level: n.level, index: n.index, hashes: (byKey.get(`${n.level}/${n.index}`) ?? '').slice(0, Number(n.width) * 64) }));
}

/** The (seq, row_hash) of ledger rows `from..to`, whichever tables hold them: one query through each table's ledger_seq index. */
async function chainHashes(k: Knex, from: number, to: number): Promise<{ seq: number; row_hash: string }[]> {
	const union = LEDGER_TABLES.map((t) => `select ledger_seq as seq, row_hash from ${t} where ledger_seq between ? and ?`).join(' union all ');
	const r = await k.raw(
		`select seq, row_hash from (${union}) as t order by seq`,
		LEDGER_TABLES.flatMap(() => [from, to]),
	);
	return (Array.isArray(r) ? r : r.rows).map((x: { seq: number | string; row_hash: string }) => ({ seq: Number(x.seq), row_hash: String(x.row_hash) }));
}

/** The row_hashes of ledger rows `from..to` (seqs), in order; every one must be there. */
async function rowHashes(k: Knex, from: number, to: number): Promise<string[]> {
	const rows = await chainHashes(k, from, to);
	if (rows.length !== to - from + 1 || rows.some((r, i) => r.seq !== from + i)) {
		throw new WorkflowError(
			409,
			'IU_TLOG_GAP',
			`The ledger's rows ${from}–${to} are not all there (found ${rows.length} of ${to - from + 1}): the log appends every row in order and cannot skip one. Nothing was written. See GET /iu-cutter/ledger/verify.`,
			{ from, to },
		);
	}
	return rows.map((r) => r.row_hash);
}

/** The row_hash of ledger row `seq`, or null when no row has it. */
async function rowHashAt(k: Knex, seq: number): Promise<string | null> {
	return (await chainHashes(k, seq, seq))[0]?.row_hash ?? null;
}

/**
 * Where the chain no longer ends the log's tree with the row it held: the seq, or null while it does. After an
 * incident that deleted or re-hashed rows the log holds, the log stops there (it only grows) and keeps them.
 */
export async function logDivergence(k: Knex, last: LogCheckpoint | null, tail: { seq: number } | null): Promise<number | null> {
	if (!last) return null;
	if (!tail || tail.seq < last.size) return last.size;
	return (await rowHashAt(k, last.size)) === last.head ? null : last.size;
}

async function upsertTiles(trx: Knex, tiles: TileRow[]): Promise<void> {
	for (const t of tiles) {
		const n = await trx(TLOG_TILE_TABLE).where({ level: t.level, idx: t.index }).update({ hashes: t.hashes });
		if (!n) await trx(TLOG_TILE_TABLE).insert({ level: t.level, idx: t.index, hashes: t.hashes });
	}
}

/**
 * Before the log's first checkpoint, the whole chain must verify: hashes, links, the signed checkpoints and the
 * witness file. The tail's check (assertSignedTail) alone would let the log adopt a row forged in the middle of an
 * existing store's chain and sign it as a leaf. Once, O(n): on an upgraded store at iu0018's follow-up, on a new
 * one with its first step. Rows an incident disowned no longer count (the core's audit makes them warnings).
 */
async function assertChainVerifies(trx: Knex.Transaction, core: Core): Promise<void> {
	const report = await auditChain(trx, core, null);
	if (report.passed) return;
	const first = report.violations[0];
	throw new WorkflowError(
		409,
		'IU_TLOG_CHAIN_UNVERIFIED',
		`The transparency log opens only on a chain that verifies, and this one has ${report.violation_count} violation(s)${first ? `, the first at ledger row ${first.seq} (${first.kind}): ${first.message}` : ''}. Nothing was written. GET /iu-cutter/ledger/verify names them all; an incident (POST /iu-cutter/incident) that disowns the rows lets the log open.`,
		{ violations: report.violations.slice(0, 10) },
	);
}

/**
 * Appends the chain's rows after the log's size up to `tail` and signs the new checkpoint. Runs inside the
 * sealed transaction, under the chain lock, after `assertSignedTail`: the log adopts only rows whose chain
 * the server signed. On an existing store the first call appends every row from seq 1 (issue 49, item 5),
 * page by page.
 */
export async function appendLog(trx: Knex.Transaction, core: Core, tail: { seq: number } | null, now: string): Promise<LogCheckpoint | null> {
	if (!tail) return null;
	const last = await lastLogCheckpoint(trx);
	let size = last?.size ?? 0;
	if (tail.seq <= size) return null;
	if (!last) await assertChainVerifies(trx, core);
	const diverged = await logDivergence(trx, last, tail);
	if (diverged !== null) {
		// Not thrown: the step is signed by the chain's checkpoints, and an incident is what records the rewrite.
		console.error(
			`iu-cutter: the transparency log stops at size ${size}: ledger row ${diverged} is no longer the row the log holds (rows were deleted or rewritten). The log keeps them as evidence; start a new log under a new origin (docs/OPERATIONS.md, "The transparency log").`,
		);
		return null;
	}
	// Tiles this append changed, kept so the next page's edge needs no read.
	const fresh = new Map<string, TileRow>();
	let root = last?.root ?? '';
	let head = last?.head ?? '';
	while (size < tail.seq) {
		const to = Math.min(tail.seq, size + APPEND_PAGE);
		const { tiles: needs } = unwrap('tlog tiles for append', core.tlogTilesFor({ size }), 500);
		const missing = needs.filter((n) => !fresh.has(`${n.level}/${n.index}`));
		const edge = [...needs.flatMap((n) => fresh.get(`${n.level}/${n.index}`) ?? []), ...(await readTiles(trx, missing))];
		const entries = await rowHashes(trx, size + 1, to);
		const r = core.tlogAppend({ size, edge, entries });
		if (!r.ok) {
			throw new WorkflowError(
				409,
				'IU_TLOG_TILES',
				`The transparency log's tiles do not match its size ${size}: ${r.error.reason}. Nothing was written. The tiles are rebuilt from the ledger's rows by an operator (docs/OPERATIONS.md, "The transparency log").`,
				{ size },
			);
		}
		await upsertTiles(trx, r.tiles);
		for (const t of r.tiles) fresh.set(`${t.level}/${t.index}`, t);
		size = Number(r.size);
		root = r.root;
		head = entries.at(-1) ?? head;
	}
	const origin = last?.origin ?? configuredOrigin();
	const { note } = unwrap('sign the log checkpoint', core.tlogSign({ privatePem: signingKey(core).privatePem, origin, size, root }), 500);
	const checkpoint = { size, root, head, origin, note, recorded_at: now };
	await trx(TLOG_CHECKPOINT_TABLE).insert(checkpoint);
	return checkpoint;
}

/** The tile or entry bundle at `path` (tile/…), as bytes, or null when the log has no such tile. */
export async function tileBytes(k: Knex, core: Core, path: string): Promise<Buffer | null> {
	const t = core.tlogParseTilePath({ path });
	if (!t.ok)
		throw new WorkflowError(
			400,
			'IU_TLOG_PATH',
			`${t.error.reason}. Fix: ask for tile/<level>/<index> or tile/entries/<index> as c2sp.org/tlog-tiles spells them (index in groups of three digits, x-prefixed: tile/0/x001/234; a partial tile ends .p/<width>).`,
			{ path },
		);
	const last = await lastLogCheckpoint(k);
	const size = last?.size ?? 0;
	const width = Number(t.width);
	if (t.level === null || t.level === undefined) {
		// An entry bundle: the row_hashes of its rows.
		const from = Number(t.index) * 256 + 1;
		if (from + width - 1 > size) return null;
		return entryBundle(core, await rowHashes(k, from, from + width - 1));
	}
	const [row] = await readTiles(k, [{ level: Number(t.level), index: Number(t.index), width }]);
	if (!row || row.hashes.length < width * 64) return null;
	return Buffer.from(row.hashes, 'hex');
}

/** An entry bundle (tile/entries/…) of ledger rows' row_hashes, as bytes. */
export function entryBundle(core: Core, entries: string[]): Buffer {
	return Buffer.from(unwrap('tlog entry bundle', core.tlogEntryBundle({ entries }), 500).hex, 'hex');
}

/**
 * The tlog-proofs of ledger rows `seqs` against checkpoint `cp`, with its cosignatures, as one bundle named
 * `address` (core UnitProof). The rows and every tile their proofs need are read once for the whole bundle.
 */
async function proofBundle(k: Knex, core: Core, cp: LogCheckpoint | null, seqs: number[], address: string): Promise<UnitProof> {
	if (!cp || !seqs.length) {
		const empty = unwrap('tlog proofs', core.tlogProofs({ size: 0, tiles: [], rows: [], checkpoint: '', address }), 500);
		return { format: empty.format, address, proofs: [] };
	}
	const rows = await rowsAtSeqs(k, seqs);
	const found = new Set(rows.map((r) => Number(r.content['ledger_seq'])));
	const lost = seqs.find((s) => !found.has(s));
	if (lost !== undefined) throw new WorkflowError(404, 'IU_TLOG_NO_ENTRY', `No ledger row has ledger_seq ${lost}.`, { seq: lost });
	const { tiles: needs } = unwrap('tlog tiles for proofs', core.tlogTilesFor({ size: cp.size, indexes: seqs.map((s) => s - 1) }), 500);
	const bundle = unwrap(
		'tlog proofs',
		core.tlogProofs({
			size: cp.size,
			tiles: await readTiles(k, needs),
			rows: rows.map((r) => ({ collection: r.collection, content: r.content, prev_hash: r.prev_hash })),
			checkpoint: await cosignedNote(k, cp),
			address,
		}),
		500,
	);
	return { format: bundle.format, address: bundle.address, proofs: bundle.proofs };
}

/** The tlog-proof of ledger row `seq` against the latest checkpoint, with its cosignatures. */
export async function proofOfRow(k: Knex, core: Core, seq: number): Promise<string> {
	const cp = await lastLogCheckpoint(k);
	if (!cp || seq < 1 || seq > cp.size) {
		throw new WorkflowError(
			404,
			'IU_TLOG_NO_ENTRY',
			`The log holds no row ${seq}${cp ? ` (it holds rows 1–${cp.size})` : ' (it holds no checkpoint yet: one is signed with the next workflow step)'}.`,
			{ seq },
		);
	}
	return (await proofBundle(k, core, cp, [seq], `ledger-row/${seq}`)).proofs[0]!;
}

/** The seqs of the rows of `table` whose `column` is one of `values`. */
async function seqsWhere(k: Knex, table: string, column: string, values: string[]): Promise<number[]> {
	if (!values.length) return [];
	return (await k(table).whereIn(column, values).select('ledger_seq')).map((r: { ledger_seq: number | string }) => Number(r.ledger_seq));
}

/** The ids of the rows of `table` whose `column` is one of `values`. */
async function idsWhere(k: Knex, table: string, column: string, values: string[]): Promise<string[]> {
	if (!values.length) return [];
	return (await k(table).whereIn(column, values).select('id')).map((r: { id: string }) => String(r.id));
}

/** The rows of change sets `sets`: the sets, their verifications, and the DOT pair's signatures over either. */
async function changeSetSeqs(k: Knex, sets: string[]): Promise<number[]> {
	const verifies = await idsWhere(k, 'verify_result', 'change_set', sets);
	return [
		...(await seqsWhere(k, 'cut_change_set', 'id', sets)),
		...(await seqsWhere(k, 'verify_result', 'id', verifies)),
		...(await seqsWhere(k, 'dot_pair_signature', 'change_set', sets)),
		...(await seqsWhere(k, 'dot_pair_signature', 'verify_result', verifies)),
	];
}

const sorted = (seqs: number[]): number[] => [...new Set(seqs)].sort((a, b) => a - b);

/** The ledger rows that wrote unit `unitId`: its affected rows, their change sets, and the change sets' signatures and verifications. */
async function unitSeqs(k: Knex, unitId: string): Promise<number[]> {
	const affected: { ledger_seq: number; change_set: string }[] = await k('cut_change_set_affected_row').where({ unit_id: unitId }).select('ledger_seq', 'change_set');
	const sets = [...new Set(affected.map((a) => String(a.change_set)))];
	return sorted([...affected.map((a) => Number(a.ledger_seq)), ...(await changeSetSeqs(k, sets))]);
}

/** Every ledger row of entry `entryId`: the entry, its history, manifest and blocks, review, change set and what it wrote, verification, sweep, signatures. */
async function entrySeqs(k: Knex, entryId: string): Promise<number[]> {
	const ids = [entryId];
	const envelopes = await idsWhere(k, 'manifest_envelope', 'entry', ids);
	const sets = await idsWhere(k, 'cut_change_set', 'entry', ids);
	const seqs = await seqsWhere(k, 'decision_backlog_entry', 'id', ids);
	for (const table of ['decision_backlog_history', 'decision_backlog_dependency', 'decision_backlog_sweep_log', 'manifest_envelope', 'review_decision']) {
		seqs.push(...(await seqsWhere(k, table, 'entry', ids)));
	}
	seqs.push(...(await seqsWhere(k, 'manifest_unit_block', 'envelope', envelopes)));
	seqs.push(...(await seqsWhere(k, 'cut_change_set_affected_row', 'change_set', sets)));
	seqs.push(...(await changeSetSeqs(k, sets)));
	return sorted(seqs);
}

/** A history (seqs) as offline proofs against the latest checkpoint; rows written after it are left out. */
async function historyProof(k: Knex, core: Core, seqs: number[], address: string): Promise<UnitProof> {
	const cp = await lastLogCheckpoint(k);
	const held = cp ? seqs.filter((s) => s <= cp.size) : [];
	return proofBundle(k, core, cp, held, address);
}

/** A unit's whole history as offline proofs (core UnitProof), all against the latest checkpoint. */
export async function proofOfUnit(k: Knex, core: Core, unit: { id: string; canonical_address: string }): Promise<UnitProof> {
	return historyProof(k, core, await unitSeqs(k, unit.id), unit.canonical_address);
}

/** Every row of a workflow entry as offline proofs (core UnitProof, address `entry/<id>`), against the latest checkpoint. */
export async function proofOfEntry(k: Knex, core: Core, entryId: string): Promise<UnitProof> {
	const seqs = await entrySeqs(k, entryId);
	if (!seqs.length) throw new WorkflowError(404, 'IU_TLOG_NO_ENTRY', `No workflow entry has the id ${entryId}.`, { entry: entryId });
	return historyProof(k, core, seqs, `entry/${entryId}`);
}

// ——— Witnesses ———

interface PolicyWitness {
	name: string;
	vkey: string;
	url?: string;
}

let policyCache: { path: string; text: string; witnesses: PolicyWitness[]; quorum: string } | undefined;

/** The witnesses of the policy file IU_TLOG_POLICY (none when it is not set). */
export function policyWitnesses(core: Core): { witnesses: PolicyWitness[]; quorum: string; text: string | null } {
	const path = process.env[POLICY_ENV]?.trim();
	if (!path) return { witnesses: [], quorum: 'none', text: null };
	const text = readFileSync(path, 'utf8');
	// An empty file is no policy yet: nothing is sent (the operator writes it once the witnesses run).
	if (!text.trim()) return { witnesses: [], quorum: 'none', text: null };
	if (policyCache?.path === path && policyCache.text === text) return policyCache;
	const p = unwrap(`read the witness policy ${path}`, core.tlogPolicy({ policy: text }), 500);
	policyCache = { path, text, witnesses: p.witnesses.map((w) => ({ name: w.name, vkey: w.vkey, ...(w.url ? { url: w.url } : {}) })), quorum: p.quorum };
	return policyCache;
}

export interface WitnessState {
	name: string;
	url: string | null;
	/** The largest size this witness cosigned (0: none). */
	cosigned_size: number;
	log_size: number;
	behind: boolean;
	last_error?: string;
}

/** The last error each witness answered, by name (in memory: the module shows why a witness is behind). */
const lastErrors = new Map<string, string>();

async function cosignedSize(k: Knex, witness: string): Promise<number> {
	const r = await k(TLOG_COSIGNATURE_TABLE).where({ witness }).max({ size: 'size' }).first();
	return Number(r?.size ?? 0);
}

export async function witnessStates(
	k: Knex,
	core: Core,
): Promise<{ quorum: string; log_size: number; origin: string | null; log_key: string | null; diverged_at: number | null; witnesses: WitnessState[] }> {
	const { witnesses, quorum } = policyWitnesses(core);
	const last = await lastLogCheckpoint(k);
	const logSize = last?.size ?? 0;
	const out: WitnessState[] = [];
	for (const w of witnesses) {
		const size = await cosignedSize(k, w.name);
		const behind = size < logSize;
		// Why it is behind, as this instance last heard it; a witness that caught up has no reason to show.
		const error = behind ? lastErrors.get(w.name) : undefined;
		out.push({ name: w.name, url: w.url ?? null, cosigned_size: size, log_size: logSize, behind, ...(error ? { last_error: error } : {}) });
	}
	const diverged = await logDivergence(k, last, await chainTail(k));
	// The log's verifier key: what a witness's --log and an auditor's policy (`log <vkey>`) name.
	const logKey = last ? unwrap('the log key', core.tlogKey({ privatePem: signingKey(core).privatePem, name: last.origin, kind: 'log' }), 500).vkey : null;
	return { quorum, log_size: logSize, origin: last?.origin ?? null, log_key: logKey, diverged_at: diverged, witnesses: out };
}

const addUrl = (prefix: string) => `${prefix.replace(/\/+$/, '')}/add-checkpoint`;

async function post(url: string, body: string): Promise<{ status: number; text: string }> {
	const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/plain; charset=utf-8' }, signal: AbortSignal.timeout(WITNESS_TIMEOUT_MS) });
	return { status: res.status, text: await res.text() };
}

/** Sends the latest checkpoint to one witness, from the size it last cosigned (with a consistency proof), and keeps its cosignature. */
async function pushTo(k: Knex, core: Core, w: PolicyWitness, cp: LogCheckpoint): Promise<void> {
	if (!w.url) return;
	let old = await cosignedSize(k, w.name);
	if (old >= cp.size) {
		// Up to date, maybe by another instance's push: this instance's last error about it no longer holds.
		lastErrors.delete(w.name);
		return;
	}
	for (let attempt = 0; attempt < 2; attempt++) {
		const { tiles: needs } = unwrap('tlog tiles for a consistency proof', core.tlogTilesFor({ size: cp.size, ...(old ? { old } : {}) }), 500);
		const tiles = old ? await readTiles(k, needs) : [];
		const { text: body } = unwrap('tlog add-checkpoint request', core.tlogAddRequest({ old, size: cp.size, tiles, note: cp.note }), 500);
		const res = await post(addUrl(w.url), body);
		if (res.status === 200) {
			const r = unwrap('read a witness cosignature', core.tlogCosignatures({ vkey: w.vkey, note: cp.note, reply: res.text }), 502);
			if (!r.valid.length) throw new Error(`answered 200 without a valid cosignature by ${w.vkey}: ${r.problems.join('; ')}`);
			const now = new Date().toISOString();
			for (const c of r.valid) {
				await k(TLOG_COSIGNATURE_TABLE)
					.insert({ size: cp.size, witness: w.name, line: c.line, cosigned_at: Number(c.timestamp), received_at: now })
					.onConflict(['size', 'witness'])
					.ignore();
			}
			lastErrors.delete(w.name);
			return;
		}
		if (res.status === 409) {
			const held = Number(res.text.trim());
			if (!Number.isSafeInteger(held)) throw new Error(`answered 409 without a size: ${res.text.slice(0, 200)}`);
			if (held > cp.size) {
				// Another instance of the cluster sent a newer checkpoint first: the log holds it, and that push keeps its cosignature.
				const latest = await lastLogCheckpoint(k);
				if (latest && latest.size >= held) return;
				throw new Error(
					`holds a checkpoint of size ${held}, larger than the log's ${latest?.size ?? cp.size}: the log was rolled back, or the witness was shown another log of the same origin`,
				);
			}
			if (held === old) throw new Error(`answered 409 with the size it was sent (${held})`);
			old = held;
			continue;
		}
		throw new Error(`answered ${res.status}: ${res.text.trim().slice(0, 300)}`);
	}
	throw new Error(`answered 409 twice, the second time with size ${old}: it moved while this instance sent (another instance's push); the checkpoint is sent again`);
}

let pushing: Promise<void> | null = null;
let queued: Promise<void> | null = null;

/**
 * Sends the latest checkpoint to every witness of the policy that is behind, after a commit, and on a timer
 * (hook): a witness that was down catches up with one consistency proof when it answers again. Never throws:
 * a step is never held back by a witness. What failed is kept for GET /iu-cutter/tlog/witnesses.
 */
export function pushToWitnesses(k: Knex, core: Core, log: (msg: string) => void = console.error): Promise<void> {
	// One push at a time; a call during one runs once after it (it may bring a newer checkpoint or policy).
	if (pushing) {
		queued ??= pushing.then(() => {
			queued = null;
			return pushToWitnesses(k, core, log);
		});
		return queued;
	}
	const run = (async () => {
		try {
			const { witnesses } = policyWitnesses(core);
			if (!witnesses.length) return;
			const cp = await lastLogCheckpoint(k);
			if (!cp) return;
			await Promise.all(
				witnesses.map(async (w) => {
					try {
						await pushTo(k, core, w, cp);
					} catch (e) {
						const message = `witness ${w.name} (${w.url}) ${(e as Error).message}`;
						lastErrors.set(w.name, message);
						log(`iu-cutter: ${message}; the checkpoint of size ${cp.size} waits for its cosignature, and is sent again.`);
					}
				}),
			);
		} catch (e) {
			log(`iu-cutter: could not send the log's checkpoint to the witnesses: ${(e as Error).message}`);
		}
	})();
	// Cleared after the assignment (a run with nothing to send ends synchronously, before it).
	pushing = run.finally(() => {
		pushing = null;
	});
	return pushing;
}

/** Where a witness serves what it cosigned for a log (tlog-witness monitoring): <prefix>/<sha256(origin) hex>/checkpoint. */
export function monitoringPath(origin: string): string {
	return `${createHash('sha256').update(origin).digest('hex')}/checkpoint`;
}
