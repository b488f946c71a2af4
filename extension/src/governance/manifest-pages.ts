// A stored manifest, paged for the reviewer. A 100k-block manifest is tens of
// MiB of JSON: GET /entries/:id/manifest?offset=&limit= answers its summary
// (sha256 re-checked by the core, envelope, counts per action, total) and one
// page of block summaries, read from the database with ORDER BY block_index
// LIMIT/OFFSET. With `hide_position_only` the pages skip the blocks whose only
// change is `position` (later siblings shifting): the summary's one line counts
// them, and the reviewer asks for them when wanted. The other filters (`action`,
// `instruction`: the ref of an amending instruction, `manual`) narrow the listing
// the same way, on the server, so a 100k-block manifest is never sent to filter.
//
// Each row carries what the reviewer reads: the unit's label (`Điều 44 khoản 1`),
// the word diff of its heading and body between the block's before and after
// images (the core's, one call per page), the instructions behind it, and the
// editor's note of a block made by hand. The summary lists what an approval must
// acknowledge (`outstanding`: instructions not applied, passages not read).
//
// The core's sha256 check needs every row, so it is done once per entry and
// remembered here, in this instance's memory, keyed by the entry, its envelope,
// the number of its block rows, their newest ledger_seq and the number of
// incidents. That is safe because the rows are append-only ledger rows sealed by
// triggers: the workflow can only add rows (a new ledger_seq and count) or
// disown them by an incident (a new incident) — each changes the key, so the
// check runs again. An edit that goes around the triggers (a superuser with
// them off) keeps the key, so each page's rows are also compared, one sha256
// per row, with the rows the core checked: an edited row is a 409
// IU_MANIFEST_TAMPERED exactly as without the cache, and the entry is checked
// again on the next read.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Core } from '../lib/core.js';
import { owned, type Disowned } from '../lib/disowned.js';
import type { Block } from '../lib/store.js';
import { loadManifest, manifestTampered, type EntryRow } from './entry.js';
import type { ChangeSummary } from '../shared/change-summary.js';
import { changeRow, changeSummary } from './change-summary.js';
import { blockSummary } from './preview-rows.js';
import { PREVIEW_FULL_UNITS } from './preview-pages.js';
import { unwrap } from '../lib/outcome.js';
import type { Envelope, Outstanding } from '../core-types/index.js';

export const MANIFEST_PAGE_DEFAULT = 500;
export const MANIFEST_PAGE_MAX = 5_000;
/** Without offset/limit a manifest up to this many blocks is answered whole (as before paging): the preview's threshold. */
export const MANIFEST_FULL_BLOCKS = PREVIEW_FULL_UNITS;
/** Checked manifests kept per instance; the oldest goes first (each keeps 32 bytes per block and its envelope). */
const MAX_KEPT = 8;

interface Checked {
	key: string;
	envelope: Envelope;
	counts: Record<string, number>;
	total: number;
	hashes: Buffer;
	/** What the blocks change, in words a reviewer reads (change-summary.ts). */
	changes: ChangeSummary;
	/** The indices of the blocks that change more than their position, in block order. */
	listed: Uint32Array;
	/** 1 for each block whose only change is its position (the core's rule), in block order. */
	positionOnly: Uint8Array;
	/** Each block's action, as its index in ACTIONS. */
	actions: Uint8Array;
	/** 1 for each block made or changed by hand (`manual`). */
	manual: Uint8Array;
	/** The blocks each amending instruction stands behind (`amended_by`), by the instruction's ref. */
	byInstruction: Map<string, number[]>;
	/** What an approval must acknowledge (the core's review::outstanding). */
	outstanding: Outstanding;
}

const ACTIONS = ['create', 'update', 'readdress', 'promote', 'retire', 'confirm', 'remove'] as const;
export type BlockAction = (typeof ACTIONS)[number];
export const BLOCK_ACTIONS: readonly string[] = ACTIONS;

/** Instructions not applied, applied by hand and passages not read (core `review::Outstanding`, its generated type). */
export type { Outstanding };

/** The core's answer for a manifest's envelope (JSON text). */
export function outstandingOf(core: Core, envelopeJson: string): Outstanding {
	const { not_applied, by_hand, unread } = unwrap('reading what the manifest leaves undone', core.reviewOutstanding({ envelope: envelopeJson }), 500);
	return { not_applied, by_hand, unread };
}

/** A diff run: `equal`, `delete` or `insert` and its text (core `word_diff::DiffOp`). */
export interface DiffOp {
	op: 'equal' | 'delete' | 'insert';
	text: string;
}

const checked = new Map<string, Checked>();

/** What identifies the stored rows the check read: any row the workflow adds or disowns changes it. */
async function keyOf(knex: Knex, entry: EntryRow, d: Disowned): Promise<{ key: string; envelopeId: string | null }> {
	const env = await owned(knex('manifest_envelope').where({ entry: entry.id }), d, 'manifest_envelope')
		.orderBy('ledger_seq')
		.first('id', 'ledger_seq');
	if (!env) return { key: '', envelopeId: null };
	const agg = await owned(knex('manifest_unit_block').where({ envelope: env.id }), d, 'manifest_unit_block')
		.max({ seq: 'ledger_seq' })
		.count({ n: '*' })
		.first();
	return { key: [entry.id, entry.manifest_sha256, env.id, env.ledger_seq, agg?.seq ?? 0, agg?.n ?? 0, d.incidents].join('|'), envelopeId: env.id };
}

/** The manifest's summary, checked by the core against the stored rows (once per key). */
async function checkedManifest(knex: Knex, core: Core, entry: EntryRow, d: Disowned): Promise<Checked & { envelopeId: string }> {
	const { key, envelopeId } = await keyOf(knex, entry, d);
	const hit = checked.get(entry.id);
	if (hit && envelopeId && hit.key === key) return { ...hit, envelopeId };
	checked.delete(entry.id);
	// loadManifest refuses (409) a manifest whose stored rows no longer hash to the entry's sha256, or that has no envelope.
	const m = await loadManifest(knex, core, entry, d, { blockHashes: true });
	const counts: Record<string, number> = {};
	for (const b of m.blocks) counts[b.action] = (counts[b.action] ?? 0) + 1;
	const { summary, positionOnly } = await changeSummary(knex, core, entry.document, m.envelope, m.blocks.map(changeRow));
	const flags = new Uint8Array(m.blocks.length);
	for (const i of positionOnly) flags[i] = 1;
	const listed = Uint32Array.from(m.blocks.keys()).filter((i) => flags[i] === 0);
	const actions = new Uint8Array(m.blocks.length);
	const manual = new Uint8Array(m.blocks.length);
	const byInstruction = new Map<string, number[]>();
	m.blocks.forEach((b, i) => {
		actions[i] = Math.max(0, ACTIONS.indexOf(b.action));
		if ((b as { manual?: unknown }).manual) manual[i] = 1;
		for (const ref of b.amended_by ?? []) {
			const list = byInstruction.get(ref);
			if (list) list.push(i);
			else byInstruction.set(ref, [i]);
		}
	});
	const outstanding = outstandingOf(core, JSON.stringify(m.envelope));
	const c: Checked = {
		key,
		envelope: m.envelope,
		counts,
		total: m.blocks.length,
		hashes: m.blockHashes!,
		changes: summary,
		listed,
		positionOnly: flags,
		actions,
		manual,
		byInstruction,
		outstanding,
	};
	// Rows added between keyOf and the read would make the key stale: it is then simply not kept.
	if (envelopeId === m.envelopeId && c.hashes.length === c.total * 32) {
		while (checked.size >= MAX_KEPT) checked.delete(checked.keys().next().value!);
		checked.set(entry.id, c);
	}
	return { ...c, envelopeId: m.envelopeId };
}

/** Which blocks a listing shows; every filter given must hold. */
export interface ManifestFilter {
	/** Leave out the blocks whose only change is their position ("only what changes"). */
	hidePositionOnly?: boolean;
	/** Only blocks of these actions. */
	actions?: string[];
	/** Only the blocks behind this amending instruction (its ref, as in `amended_by`). */
	instruction?: string;
	/** Only the blocks made or changed by hand. */
	manual?: boolean;
}

/** The block numbers the filter keeps, in block order; null: every block (no filter). */
function listedBy(m: Checked, f: ManifestFilter): Uint32Array | null {
	const actions = f.actions?.length ? new Set(f.actions.map((a) => ACTIONS.indexOf(a as BlockAction))) : null;
	if (!actions && f.instruction === undefined && !f.manual) return f.hidePositionOnly ? m.listed : null;
	const from = f.instruction !== undefined ? (m.byInstruction.get(f.instruction) ?? []) : f.hidePositionOnly ? m.listed : Uint32Array.from({ length: m.total }, (_, i) => i);
	const out: number[] = [];
	for (const i of from) {
		if (f.hidePositionOnly && m.positionOnly[i]) continue;
		if (actions && !actions.has(m.actions[i]!)) continue;
		if (f.manual && !m.manual[i]) continue;
		out.push(i);
	}
	return Uint32Array.from(out);
}

/** The instructions of the envelope by ref, as a row names them. */
function instructionsOf(envelope: Envelope): Map<string, { ref: string; law: string; provision: string; kind: string; effective: string | null; by_hand?: { note: string } }> {
	const steps = (envelope.amendment?.steps ?? []) as { ref: string; law: string; provision: string; kind: string; effective?: string | null; by_hand?: { note: string } }[];
	return new Map(
		steps.map((s) => [s.ref, { ref: s.ref, law: s.law, provision: s.provision, kind: s.kind, effective: s.effective ?? null, ...(s.by_hand ? { by_hand: s.by_hand } : {}) }]),
	);
}

/**
 * The summary and the blocks offset…offset+limit of the listing the filter gives, each row compared with the one
 * the core checked; offset and limit count the listed blocks only.
 */
export async function manifestPage(knex: Knex, core: Core, entry: EntryRow, d: Disowned, page: { offset?: number; limit?: number } & ManifestFilter) {
	const m = await checkedManifest(knex, core, entry, d);
	const listed = listedBy(m, page);
	const total = listed ? listed.length : m.total;
	const offset = Math.min(page.offset ?? 0, total);
	const whole = page.offset === undefined && page.limit === undefined && total <= MANIFEST_FULL_BLOCKS;
	const limit = whole ? total : (page.limit ?? MANIFEST_PAGE_DEFAULT);
	// The block numbers of this page: a run of them, or the listed ones (block_index is the block's place, plan.ts).
	const indices = listed ? Array.from(listed.subarray(offset, offset + limit)) : null;
	const query = owned(knex('manifest_unit_block').where({ envelope: m.envelopeId }), d, 'manifest_unit_block').orderBy('block_index');
	const rows: { block_index: number; block_json: string }[] =
		limit === 0 || indices?.length === 0 ? [] : await (indices ? query.whereIn('block_index', indices) : query.offset(offset).limit(limit)).select('block_index', 'block_json');
	const parsed = rows.map((r, i) => {
		const at = indices ? indices[i]! : offset + i;
		const hash = createHash('sha256').update(r.block_json).digest();
		if (at >= m.total || Number(r.block_index) !== at || !hash.equals(m.hashes.subarray(at * 32, at * 32 + 32))) {
			checked.delete(entry.id);
			throw manifestTampered(entry, {
				reason: `its block row ${r.block_index} is not the row the core checked (edited since, around the ledger's triggers)`,
				hint: 'restore the row from a backup, or record an incident; GET /iu-cutter/ledger/verify names it',
			});
		}
		return { at, block: JSON.parse(r.block_json) as Block & { manual?: { note: string } } };
	});
	if (indices && parsed.length !== indices.length) {
		checked.delete(entry.id);
		throw manifestTampered(entry, {
			reason: `block rows of this page are missing (${parsed.length} of ${indices.length})`,
			hint: 'restore the rows from a backup, or record an incident; GET /iu-cutter/ledger/verify names them',
		});
	}
	// The label and the word diffs of the page's blocks, in one core call, in the document's vocabulary.
	const doc = (await knex('legal_document').where({ id: entry.document }).first('vocabulary')) as { vocabulary: string | null } | undefined;
	const text = (u: Block['before']) => (u ? { heading: u.heading, body: u.body ?? '' } : null);
	const diffs = parsed.length
		? unwrap(
				'diffing the blocks of the page',
				core.blockDiffs({
					blocks: JSON.stringify(parsed.map(({ block: b }) => ({ address: (b.after ?? b.before)!.canonical_address, before: text(b.before), after: text(b.after) }))),
					vocabulary: doc?.vocabulary ?? null,
				}),
				500,
			).blocks
		: [];
	const steps = instructionsOf(m.envelope);
	const blocks = parsed.map(({ at, block: b }, i) => {
		const diff = diffs[i]!;
		return {
			index: at,
			...blockSummary(b),
			...(m.positionOnly[at] ? { position_only: true as const } : {}),
			label: diff.label,
			diff: { heading: diff.heading, body: diff.body },
			// Whether the words changed: a block can change its address or position and keep its text.
			text_changed: diff.heading.some((o) => o.op !== 'equal') || diff.body.some((o) => o.op !== 'equal'),
			...(b.amended_by?.length ? { instructions: b.amended_by.map((ref) => steps.get(ref) ?? { ref, law: '', provision: ref, kind: '', effective: null }) } : {}),
			...(b.manual ? { manual: { note: String(b.manual.note ?? '') } } : {}),
		};
	});
	return {
		manifest_sha256: entry.manifest_sha256,
		// Checked by the core against the stored rows; each row of this page is the row it checked.
		sha256_verified: true,
		envelope: m.envelope,
		counts: m.counts,
		changes: m.changes,
		outstanding: m.outstanding,
		// The instructions blocks stand behind, with how many: what the instruction filter offers.
		instructions: [...m.byInstruction].map(([ref, list]) => ({ ...(steps.get(ref) ?? { ref, law: '', provision: ref, kind: '', effective: null }), blocks: list.length })),
		manual_blocks: m.manual.reduce((n, x) => n + x, 0),
		// Every block of the manifest; `total` counts those this listing pages through.
		blocks_total: m.total,
		hide_position_only: page.hidePositionOnly === true,
		filter: { action: page.actions ?? null, instruction: page.instruction ?? null, manual: page.manual === true },
		total,
		offset,
		limit,
		blocks,
	};
}
