// A stored manifest, paged for the reviewer. A 100k-block manifest is tens of
// MiB of JSON: GET /entries/:id/manifest?offset=&limit= answers its summary
// (sha256 re-checked by the core, envelope, counts per action, total) and one
// page of block summaries, read from the database with ORDER BY block_index
// LIMIT/OFFSET.
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
import { blockSummary } from './preview-rows.js';
import { PREVIEW_FULL_UNITS } from './preview-pages.js';

export const MANIFEST_PAGE_DEFAULT = 500;
export const MANIFEST_PAGE_MAX = 5_000;
/** Without offset/limit a manifest up to this many blocks is answered whole (as before paging): the preview's threshold. */
export const MANIFEST_FULL_BLOCKS = PREVIEW_FULL_UNITS;
/** Checked manifests kept per instance; the oldest goes first (each keeps 32 bytes per block and its envelope). */
const MAX_KEPT = 8;

interface Checked {
	key: string;
	envelope: Record<string, any>;
	counts: Record<string, number>;
	total: number;
	hashes: Buffer;
}

const checked = new Map<string, Checked>();

/** What identifies the stored rows the check read: any row the workflow adds or disowns changes it. */
async function keyOf(knex: Knex, entry: EntryRow, d: Disowned): Promise<{ key: string; envelopeId: string | null }> {
	const env = await owned(knex('manifest_envelope').where({ entry: entry.id }), d, 'manifest_envelope').orderBy('ledger_seq').first('id', 'ledger_seq');
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
	const c: Checked = { key, envelope: m.envelope, counts, total: m.blocks.length, hashes: m.blockHashes! };
	// Rows added between keyOf and the read would make the key stale: it is then simply not kept.
	if (envelopeId === m.envelopeId && c.hashes.length === c.total * 32) {
		while (checked.size >= MAX_KEPT) checked.delete(checked.keys().next().value!);
		checked.set(entry.id, c);
	}
	return { ...c, envelopeId: m.envelopeId };
}

/** The summary and the blocks offset…offset+limit, each row compared with the one the core checked. */
export async function manifestPage(knex: Knex, core: Core, entry: EntryRow, d: Disowned, page: { offset?: number; limit?: number }) {
	const m = await checkedManifest(knex, core, entry, d);
	const offset = Math.min(page.offset ?? 0, m.total);
	const whole = page.offset === undefined && page.limit === undefined && m.total <= MANIFEST_FULL_BLOCKS;
	const limit = whole ? m.total : (page.limit ?? MANIFEST_PAGE_DEFAULT);
	const rows: { block_index: number; block_json: string }[] =
		limit === 0
			? []
			: await owned(knex('manifest_unit_block').where({ envelope: m.envelopeId }), d, 'manifest_unit_block')
					.orderBy('block_index')
					.offset(offset)
					.limit(limit)
					.select('block_index', 'block_json');
	const blocks = rows.map((r, i) => {
		const at = offset + i;
		const hash = createHash('sha256').update(r.block_json).digest();
		if (at >= m.total || !hash.equals(m.hashes.subarray(at * 32, at * 32 + 32))) {
			checked.delete(entry.id);
			throw manifestTampered(entry, {
				reason: `its block row ${r.block_index} is not the row the core checked (edited since, around the ledger's triggers)`,
				hint: 'restore the row from a backup, or record an incident; GET /iu-cutter/ledger/verify names it',
			});
		}
		return blockSummary(JSON.parse(r.block_json) as Block);
	});
	return {
		manifest_sha256: entry.manifest_sha256,
		// Checked by the core against the stored rows; each row of this page is the row it checked.
		sha256_verified: true,
		envelope: m.envelope,
		counts: m.counts,
		total: m.total,
		offset,
		limit,
		blocks,
	};
}
