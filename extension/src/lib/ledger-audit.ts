// Reading the ledger for an audit without holding it in memory: the chain in
// pages of `ledger_seq`, fed to the core's streamed `LedgerAudit`, and the last
// after-image of every unit and alias, fed to the core's `driftAudit`. No rule
// lives here: the core decides what is a violation. What incidents disowned is
// given to the core (their findings become `disowned` warnings) and left out of
// the after-images: a forged affected row never vouches for a unit.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Knex } from 'knex';
import { ALIAS, DOCUMENT, LOGICAL_UNIT } from './collections.js';
import { forAudit, loadDisowned, owned, type Disowned } from './disowned.js';
import { agentPublicKeys, checkpointsAfter, readWitness, trustedPublicKeys, type Checkpoint } from './checkpoint.js';
import { withOwnCore, type Core } from './core.js';
import type { LedgerRow } from './ledger.js';
import { chainPages, chainTail, keyPages, PAGE } from '../shared/ledger-rows.js';
import { unwrap } from './outcome.js';
import { policyAt } from './trust-policy.js';
import type { AliasImage, Anchor, AuditFinding, AuditOptions, AuditReport, DriftReport, StoredAlias, StoredUnit, UnitImage } from '../core-types/index.js';
import type { LedgerAudit, StoreDrift } from '../../pkg/iu_cutter_wasm.js';
import type { ProgressSink } from './progress.js';
import { loadUnits, unitPages } from './store.js';
import { ALIAS_ACTIONS, ALIAS_COLUMNS, DriftTally, plainAlias, plainUnit } from '../shared/drift.js';

const IN_CHUNK = 500;
/** Rows handed to the core between two yields to the event loop. */
const CORE_SLICE = 500;
export const AFFECTED = 'cut_change_set_affected_row';
export const CHAIN_PHASE = 'checking the ledger chain';
export { ALIAS_ACTIONS };

export type { Anchor, DriftReport };

/** The core's chain audit report; the witness file's unreadable lines are added to its warnings here. */
export type ChainReport = Omit<AuditReport, 'warnings'> & { warnings: (AuditFinding | { kind: 'witness-unreadable'; message: string })[] };

export { chainPages, chainTail, PAGE };

function openAudit(core: Core, options: AuditOptions): LedgerAudit {
	return unwrap('ledger audit', core.ledgerAuditOpen({ options }), 500).audit;
}

/**
 * The chain from `anchor` (a checkpoint an earlier audit found valid; null: from
 * the first row) to its tail, with the database's checkpoints and the witness
 * file's. `onRows` sees every page too (the store audit collects after-images
 * in the same pass).
 *
 * No snapshot is held (a long read transaction would stall SQLite's single
 * connection), so the range is fixed first: rows up to the tail read at the
 * start. A checkpoint beyond that tail was either committed while we read (the
 * tail read again afterwards reaches it: not ours to judge) or signs rows that
 * are gone (beyond both tails: kept, and named as deleted).
 */
export interface ChainAuditOptions {
	/** What incidents disowned; read from ledger_incident when not given. */
	disowned?: Disowned;
	/** Violations kept in the report (all are counted); the core's default when not given. */
	max_violations?: number;
	/** Reported once per page: the phase "checking the ledger chain", rows checked of the range. */
	progress?: ProgressSink;
}

export async function auditChain(knex: Knex, core: Core, anchor: Anchor | null, onRows?: (rows: LedgerRow[]) => void, options: ChainAuditOptions = {}): Promise<ChainReport> {
	const disowned = options.disowned ?? (await loadDisowned(knex));
	const since = anchor?.seq ?? 0;
	const start = await chainTail(knex);
	// The anchor's own checkpoint too: it is what proves the anchor was not forged.
	const stored = await checkpointsAfter(knex, since - 1);
	const witness = readWitness(undefined, since - 1);
	const later = await chainTail(knex);
	const ours = (cp: Checkpoint) => Number(cp.seq) <= (start?.seq ?? 0) || Number(cp.seq) > (later?.seq ?? 0);
	const audit = openAudit(core, {
		public_keys: trustedPublicKeys(core),
		agent_public_keys: agentPublicKeys(core),
		anchor,
		// The people's signatures after the anchor are judged by the trust policy in force there.
		trust_policy: anchor ? await policyAt(knex, Number(anchor.seq)) : null,
		witness: witness.checkpoints.filter(ours),
		disowned: forAudit(disowned),
		...(options.max_violations ? { max_violations: options.max_violations } : {}),
	});
	const progress = options.progress;
	progress?.phase(CHAIN_PHASE, Math.max(0, (start?.seq ?? 0) - since));
	let checked = 0;
	try {
		unwrap('ledger audit', audit.checkpoints({ checkpoints: stored.filter(ours) }), 500);
		for await (const rows of chainPages(knex, since + 1, start?.seq ?? 0) as AsyncGenerator<LedgerRow[]>) {
			// Slices of a few hundred rows, yielding in between: a whole page at once held the
			// event loop for ~250 ms, and every other request of the instance waited behind it.
			for (let i = 0; i < rows.length; i += CORE_SLICE) {
				// JSON text crosses into the core about twice as fast as JS objects.
				unwrap('ledger audit', audit.rows({ rows: JSON.stringify(rows.slice(i, i + CORE_SLICE)) }), 500);
				await new Promise((resolve) => setImmediate(resolve));
			}
			onRows?.(rows);
			checked += rows.length;
			progress?.set(checked);
		}
		const { report } = unwrap('ledger audit', audit.finish(), 500) as { report: ChainReport };
		for (const problem of witness.problems) report.warnings.push({ kind: 'witness-unreadable', message: problem });
		return report;
	} finally {
		audit.free?.();
	}
}

interface Image {
	id: string;
	change_set: string;
	ledger_seq: number;
	after_image: Record<string, unknown> | null;
}

const imageOf = (r: Record<string, unknown>): Image => ({
	id: String(r['unit_id']),
	change_set: String(r['change_set']),
	ledger_seq: Number(r['ledger_seq']),
	after_image: r['after_image'] ? JSON.parse(String(r['after_image'])) : null,
});

/** Affected rows an incident disowned, or written by a disowned change set: never an image. */
function ownedAffected<Q extends Knex.QueryBuilder>(query: Q, d: Disowned, alias = ''): Q {
	return owned(owned(query, d, AFFECTED, `${alias}id`), d, 'cut_change_set', `${alias}change_set`);
}

/**
 * The last after-image the ledger holds for each id (unit or alias): one probe
 * of the (unit_id, ledger_seq) index per id, newest first, limit 1 — so the
 * cost follows the ids asked for, not how many versions history holds of them
 * (grouping every version cost ~85 ms per VERIFY at 633k rows, one probe ~3 ms
 * per 500 ids at any size). Disowned rows are skipped inside the probe.
 */
export async function latestImages(knex: Knex, ids: string[], disowned: Disowned): Promise<Image[]> {
	const out: Image[] = [];
	// PostgreSQL types a VALUES list of parameters as text; unit_id is uuid there.
	const param = (knex.client as { dialect?: string }).dialect === 'postgresql' ? '(?::uuid)' : '(?)';
	for (let i = 0; i < ids.length; i += IN_CHUNK) {
		const chunk = ids.slice(i, i + IN_CHUNK);
		const wanted = knex.raw(`(values ${chunk.map(() => param).join(', ')}) as wanted`, chunk);
		const newest = ownedAffected(knex(`${AFFECTED} as b`).whereRaw('b.unit_id = wanted.column1'), disowned, 'b.')
			.orderBy('b.ledger_seq', 'desc')
			.limit(1)
			.select('b.ledger_seq');
		const seqs = knex.select(newest.as('seq')).from(wanted);
		const rows: Record<string, unknown>[] = await knex(AFFECTED).whereIn('ledger_seq', seqs).select('unit_id', 'change_set', 'ledger_seq', 'after_image');
		out.push(...rows.map(imageOf));
	}
	return out;
}

/** A document's alias rows: text under its slug, or pointing at one of its units. */
function documentAliasRows(knex: Knex, document: { id: string; slug: string }) {
	// Grouped, so that a condition added after it applies to both.
	return knex(ALIAS).where((q) =>
		q.where('alias_text', 'like', `${document.slug}/%`).orWhereIn('target_unit_id', knex(LOGICAL_UNIT).where({ document: document.id }).select('id')),
	);
}

/** Alias rows of a document, as plain JSON. */
async function documentAliases(knex: Knex, document: { id: string; slug: string }): Promise<StoredAlias[]> {
	const rows: Record<string, unknown>[] = await documentAliasRows(knex, document).select(ALIAS_COLUMNS);
	// plainAlias writes a row as the core's StoredAlias.
	return rows.map(plainAlias) as StoredAlias[];
}

/** The document's alias count a change set recorded after its CUT, if it did. */
function aliasesAfter(gateReport: unknown): number | null {
	try {
		const n = JSON.parse(String(gateReport ?? 'null'))?.aliases_after;
		return Number.isInteger(n) ? n : null;
	} catch {
		return null;
	}
}

/** Creations minus removals of the document's aliases over its whole history (change sets from before `aliases_after`). */
async function aliasTally(knex: Knex, documentId: string, disowned: Disowned): Promise<number> {
	const tally: { action: string; n: number | string }[] = await ownedAffected(
		knex(`${AFFECTED} as a`).join('cut_change_set as c', 'c.id', 'a.change_set').where('c.document', documentId).whereIn('a.action', ALIAS_ACTIONS),
		disowned,
		'a.',
	)
		.groupBy('a.action')
		.select('a.action')
		.count({ n: '*' });
	const n = (action: string) => Number(tally.find((t) => t.action === action)?.n ?? 0);
	return n('alias-create') - n('alias-remove');
}

/** How many aliases the document has now (recorded by each CUT, so VERIFY need not count history). */
export async function countDocumentAliases(knex: Knex, document: { id: string; slug: string }): Promise<number> {
	// Counted in the database: the CUT asks this for every document, however many aliases it has.
	const row = await documentAliasRows(knex, document).count({ n: '*' }).first();
	return Number(row?.['n'] ?? 0);
}

/** Every unit (or alias) id the ledger's change sets of `documentId` ever wrote, disowned rows left out. */
async function everWritten(knex: Knex, documentId: string, aliases: boolean, disowned: Disowned): Promise<string[]> {
	const q = knex(`${AFFECTED} as a`).join('cut_change_set as c', 'c.id', 'a.change_set').where('c.document', documentId);
	const rows: { unit_id: string }[] = await ownedAffected(aliases ? q.whereIn('a.action', ALIAS_ACTIONS) : q.whereNotIn('a.action', ALIAS_ACTIONS), disowned, 'a.').distinct(
		'a.unit_id',
	);
	return rows.map((r) => r.unit_id);
}

/**
 * The document's units and aliases against the ledger's last after-images,
 * read in pages (memory: a page, and one id and hash per unit).
 * Fast path: images of what the store holds (an index lookup per id). Units the
 * store lost are found when the document no longer hashes to the result its
 * last change set recorded, aliases when their count differs from the count it
 * recorded (`gate_report.aliases_after`; for change sets from before that, the
 * ledger's creations minus removals); only then are all ids the ledger ever
 * wrote for the document read. So VERIFY's cost follows the document, not the
 * ledger's history.
 */
export async function documentDrift(knex: Knex, documentId: string, given?: Disowned, progress?: ProgressSink): Promise<DriftReport> {
	const disowned = given ?? (await loadDisowned(knex));
	// On an instance of its own: what the pages left in its linear memory goes back when it answers.
	return withOwnCore((own) => streamDrift(knex, own, documentId, disowned, progress));
}

async function streamDrift(knex: Knex, core: Core, documentId: string, disowned: Disowned, progress?: ProgressSink): Promise<DriftReport> {
	const document = await knex(DOCUMENT).where({ id: documentId }).first('id', 'slug');
	const tally = new DriftTally(core);
	const base = new core.BaseHash({ documentId });
	const seen = new Set<string>();
	try {
		for await (const units of unitPages(knex, documentId, PAGE)) {
			const images = await latestImages(
				knex,
				units.map((u) => u.id),
				disowned,
			);
			tally.run(units, [], images.map(asUnitImage), []);
			unwrap('base sha256', base.add({ units: JSON.stringify(units) }), 500);
			for (const u of units) seen.add(u.id);
			progress?.set(seen.size);
			await nextTurn();
		}
		const { sha256 } = unwrap('base sha256', base.finish(), 500);
		const last = await owned(knex('cut_change_set').where({ document: documentId }), disowned, 'cut_change_set')
			.orderBy('ledger_seq', 'desc')
			.first('result_sha256', 'gate_report');
		if (last && sha256 !== last.result_sha256) {
			const lost = (await everWritten(knex, documentId, false, disowned)).filter((id) => !seen.has(id));
			const images = await latestImages(knex, lost, disowned);
			if (images.length) tally.run([], [], images.map(asUnitImage), []);
		}
		seen.clear();
		let aliasCount = 0;
		for await (const rows of keyPages(() => documentAliasRows(knex, document), 'alias_id', ALIAS_COLUMNS) as AsyncGenerator<Record<string, unknown>[]>) {
			const aliases = rows.map(plainAlias);
			const images = await latestImages(
				knex,
				aliases.map((a) => String(a['alias_id'])),
				disowned,
			);
			tally.run([], aliases, [], images.map(asAliasImage));
			for (const a of aliases) seen.add(String(a['alias_id']));
			aliasCount += aliases.length;
		}
		// Aliases the store lost: the count the last change set recorded must equal what the
		// store holds; only when they differ are all alias ids read.
		const recorded = aliasesAfter(last?.gate_report);
		const expected = recorded ?? (await aliasTally(knex, documentId, disowned));
		if (expected !== aliasCount) {
			const lost = (await everWritten(knex, documentId, true, disowned)).filter((id) => !seen.has(id));
			const images = await latestImages(knex, lost, disowned);
			if (images.length) tally.run([], [], [], images.map(asAliasImage));
		}
		return tally.report as DriftReport;
	} finally {
		base.free?.();
	}
}

/**
 * Everything a repair of the document compares, in the core's shapes: its units
 * and aliases as stored, and the last image of every unit and alias id the
 * ledger ever wrote for it or that the store holds now (no fast path: a repair
 * must see what the store lost).
 */
export async function documentImages(knex: Knex, documentId: string, disowned: Disowned) {
	const document = await knex(DOCUMENT).where({ id: documentId }).first('id', 'slug');
	const units = await loadUnits(knex, documentId);
	const aliases = await documentAliases(knex, document);
	const unitIds = [...new Set([...(await everWritten(knex, documentId, false, disowned)), ...units.map((u) => u.id)])];
	const aliasIds = [...new Set([...(await everWritten(knex, documentId, true, disowned)), ...aliases.map((a) => a.alias_id)])];
	return {
		units,
		aliases,
		unit_images: (await latestImages(knex, unitIds, disowned)).map(asUnitImage),
		alias_images: (await latestImages(knex, aliasIds, disowned)).map(asAliasImage),
	};
}

// The after-images are the ledger's plain JSON of the rows: the core's StoredUnit and StoredAlias.
const asUnitImage = (i: Image): UnitImage => ({ unit_id: i.id, change_set: i.change_set, ledger_seq: i.ledger_seq, after_image: i.after_image as StoredUnit | null });
const asAliasImage = (i: Image): AliasImage => ({ alias_id: i.id, change_set: i.change_set, ledger_seq: i.ledger_seq, after_image: i.after_image as StoredAlias | null });

/**
 * The whole store against the whole ledger, streamed: one pass over the chain
 * (checked by the core page by page) that also keeps the last image per id,
 * then the units and aliases in keyset pages. Memory: one entry per unit and
 * alias id the ledger ever wrote, never the history.
 */
export async function auditStore(knex: Knex, core: Core, options: ChainAuditOptions = {}): Promise<{ chain: ChainReport; drift: DriftReport }> {
	const disowned = options.disowned ?? (await loadDisowned(knex));
	// The core keeps the last image of each id from the chain's pass, and compares the store with them, on an
	// instance of its own: one image per unit and alias the ledger ever wrote, hundreds of MB for a large store,
	// which the shared instance's linear memory would otherwise keep for good.
	return withOwnCore(async (own) => {
		const drift = unwrap('store drift', own.storeDriftOpen({ disowned: forAudit(disowned) }), 500).drift;
		try {
			return await compareStore(knex, core, drift, options, disowned);
		} finally {
			drift.free?.();
		}
	});
}

async function compareStore(knex: Knex, core: Core, drift: StoreDrift, options: ChainAuditOptions, disowned: Disowned): Promise<{ chain: ChainReport; drift: DriftReport }> {
	const fed = <O extends { ok: boolean }>(what: string, r: O) => unwrap(what, r, 500);
	const chain = await auditChain(knex, core, null, (rows) => fed('store drift', drift.observe({ rows: JSON.stringify(rows) })), { ...options, disowned });
	const progress = options.progress;
	const count = async (table: string) => Number((await knex(table).count({ n: '*' }))[0]?.['n'] ?? 0);
	progress?.phase('comparing units with the ledger', progress ? await count(LOGICAL_UNIT) : 0);
	let seen = 0;
	for await (const page of keyPages(() => knex(LOGICAL_UNIT), 'id') as AsyncGenerator<Record<string, unknown>[]>) {
		fed('store drift', drift.units({ units: page.map(plainUnit) }));
		progress?.set((seen += page.length));
	}
	progress?.phase('comparing aliases with the ledger', progress ? await count(ALIAS) : 0);
	seen = 0;
	for await (const page of keyPages(() => knex(ALIAS), 'alias_id', ALIAS_COLUMNS) as AsyncGenerator<Record<string, unknown>[]>) {
		fed('store drift', drift.aliases({ aliases: page.map(plainAlias) as StoredAlias[] }));
		progress?.set((seen += page.length));
	}
	return { chain, drift: fed('store drift', drift.finish()).report };
}
