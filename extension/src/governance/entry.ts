// Backlog entries as the workflow reads them: the entry, its history (its
// state is the latest event), its stored manifest, and the core's verdict on
// whether a step may happen now. Rows an incident disowned count for nothing
// here: a forged `approved` event, review or manifest block is never read.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { loadDisowned, owned, refuseDisowned, type Disowned } from '../lib/disowned.js';
import { conflict, notFound, refused } from '../lib/errors.js';
import type { Core } from '../lib/core.js';
import { unwrap } from '../lib/outcome.js';
import type { Block, WriteStep } from '../lib/store.js';
import type { Event } from '../core-types/index.js';
import type { Envelope } from '../core-types/index.js';

export interface EntryRow {
	id: string;
	kind: 'cut' | 'rollback';
	document: string;
	manifest_sha256: string;
	title: string;
	submitted_by: string;
	recorded_at: string;
}

export interface HistoryRow {
	id: string;
	event: Event;
	actor: string;
	recorded_at: string;
	detail: string | null;
}

/** The entry; 404 when there is none, 409 IU_DISOWNED when an incident disowned it. */
export async function loadEntry(knex: Knex, id: string, disowned?: Disowned): Promise<EntryRow> {
	const row = await knex('decision_backlog_entry').where({ id }).first();
	if (!row) throw notFound('decision_backlog_entry', id);
	refuseDisowned(disowned ?? (await loadDisowned(knex)), 'decision_backlog_entry', id);
	return row;
}

/** The entry's history, oldest first, without the events an incident disowned. */
export async function loadHistory(knex: Knex, entry: string, disowned?: Disowned): Promise<HistoryRow[]> {
	const d = disowned ?? (await loadDisowned(knex));
	return owned(knex('decision_backlog_history').where({ entry }), d, 'decision_backlog_history').orderBy('ledger_seq').select('id', 'event', 'actor', 'recorded_at', 'detail');
}

export type Step = 'review' | 'cut' | 'verify' | 'sweep' | 'rollback';

/** The core's state machine and two-person rules; a refusal is answered with its kind's status (`REFUSAL_STATUS`) and names the rule. */
export function checkStep(core: Core, step: Step, history: HistoryRow[], actor: string): string | null {
	const r = unwrap('workflow check', core.workflowCheck({ step, history: history.map((h) => ({ event: h.event, actor: h.actor })), actor }));
	if (!r.allowed) {
		const f = r.refusal!;
		throw refused(f, { rule: f.rule, state: r.state, step });
	}
	return r.state;
}

export interface StoredManifest {
	/** The manifest's text; with `checkedBy: 'caller'` empty, and `parts` holds what it is joined from. */
	json: string;
	/** With `checkedBy: 'caller'`: the stored envelope_json and the block_json rows in block order, one per line. */
	parts?: { envelope: string; blocks: string; count: number };
	envelope: Envelope;
	/** The parsed blocks; with `checkedBy: 'caller'` empty until the caller's check accepted `parts` (`parseBlocks`). */
	blocks: Block[];
	envelopeId: string;
	/** The core's write steps for the manifest (read once here: a second read of a 100k-block manifest costs seconds). */
	writeSteps: WriteStep[];
	/** With `blockHashes: true`: the sha256 of each stored block_json row, 32 bytes each in block order (see manifest-pages.ts). */
	blockHashes?: Buffer;
}

/**
 * The manifest exactly as reviewed, reassembled from manifest_envelope and
 * manifest_unit_block, and checked by the core against the entry's sha256: a
 * row edited in the database since it was submitted makes this refuse.
 */
/** The 409 for a stored manifest that no longer reads as the entry's sha256: nothing is written. */
/** `checkedBy: 'caller'`, once the core accepted the parts: the blocks parsed from their texts, which are let go. */
export function parseBlocks(manifest: StoredManifest): void {
	if (!manifest.parts || manifest.blocks.length) return;
	// No blocks (a crosswalk's alias-only manifest) is an empty text, not one empty line.
	manifest.blocks = manifest.parts.blocks ? manifest.parts.blocks.split('\n').map((b) => JSON.parse(b) as Block) : [];
	manifest.parts.blocks = '';
}

export function manifestTampered(entry: EntryRow, error: { reason: string; hint: string }) {
	return conflict('IU_MANIFEST_TAMPERED', `The stored manifest of entry ${entry.id} no longer matches its sha256 ${entry.manifest_sha256}: ${error.reason}. Nothing was written.`, {
		manifest_sha256: entry.manifest_sha256,
		core: error,
	});
}

/**
 * `checkedBy: 'caller'`: the caller has the core check the text itself (the CUT does it in the same
 * core call as its gates: one read of a large manifest instead of three); `writeSteps` is then empty.
 */
export async function loadManifest(
	knex: Knex,
	core: Core,
	entry: EntryRow,
	disowned?: Disowned,
	options: { checkedBy?: 'caller'; blockHashes?: boolean } = {},
): Promise<StoredManifest> {
	const d = disowned ?? (await loadDisowned(knex));
	const env = await owned(knex('manifest_envelope').where({ entry: entry.id }), d, 'manifest_envelope')
		.orderBy('ledger_seq')
		.first();
	if (!env) throw conflict('IU_MANIFEST_MISSING', `Entry ${entry.id} has no manifest_envelope row; the ledger is damaged. Run GET /iu-cutter/ledger/verify.`);
	const rows: { block_json: string }[] = await owned(knex('manifest_unit_block').where({ envelope: env.id }), d, 'manifest_unit_block')
		.orderBy('block_index')
		.select('block_json');
	if (options.checkedBy === 'caller') {
		// The core joins and checks the parts itself (cutCheckParts): the whole text is never built here.
		// The blocks go across as one text, a block per line (canonical JSON holds no raw line feed): faster than
		// an array of 100k strings or a JSON text of them, which was also 160 MB more to hold. They are parsed by
		// the caller once the core accepted them (`parseBlocks`): the 100k parsed blocks and the core's copy of
		// them are never held at once.
		const parts = { envelope: env.envelope_json, blocks: rows.map((r) => r.block_json).join('\n'), count: rows.length };
		try {
			return { json: '', parts, envelope: JSON.parse(env.envelope_json) ?? {}, blocks: [], envelopeId: env.id, writeSteps: [] };
		} catch {
			// A damaged envelope: read the joined text as before, so the refusal names what it always named.
			const { json } = unwrap('manifest parts', core.joinManifestParts({ envelope: env.envelope_json, blocks: rows.map((r) => r.block_json) }));
			let parsed: { envelope: Envelope; blocks: Block[] };
			try {
				parsed = JSON.parse(json);
			} catch (e) {
				throw manifestTampered(entry, { reason: `its stored parts are not JSON (${(e as Error).message})`, hint: 'restore the rows from a backup, or record an incident' });
			}
			return { json, parts, envelope: parsed.envelope ?? {}, blocks: parsed.blocks ?? [], envelopeId: env.id, writeSteps: [] };
		}
	}
	const { json } = unwrap('manifest parts', core.joinManifestParts({ envelope: env.envelope_json, blocks: rows.map((r) => r.block_json) }));
	// Lean: the core checks the text and answers its write steps; the text is the manifest's canonical JSON, which
	// JSON.parse turns into the same objects far faster than the core could send them across one by one.
	const read = core.readManifest({ json, claimedSha256: entry.manifest_sha256, lean: true });
	if (!read.ok) throw manifestTampered(entry, read.error);
	const manifest = JSON.parse(json) as { envelope: Envelope; blocks: Block[] };
	let blockHashes: Buffer | undefined;
	if (options.blockHashes) {
		// Fingerprints of exactly the rows the core just checked, for a later page read of the same rows to compare with.
		blockHashes = Buffer.alloc(rows.length * 32);
		rows.forEach((r, i) =>
			createHash('sha256')
				.update(r.block_json)
				.digest()
				.copy(blockHashes!, i * 32),
		);
	}
	return { json, envelope: manifest.envelope, blocks: manifest.blocks, envelopeId: env.id, writeSteps: read.writeSteps ?? [], ...(blockHashes ? { blockHashes } : {}) };
}
