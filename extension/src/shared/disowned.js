// What incidents disowned (ledger_incident.disowned, one set per incident): rows
// written outside the workflow, and checkpoints that no longer match, kept in
// history and counting for nothing. The union and the rule of what a disowned
// row is worth live in the core (`disownedUnion`, LedgerAudit's `disowned`
// option); this indexes them for the extension's readers.

/**
 * Every incident's sets joined (lib/disowned.ts names it `Disowned`).
 * @typedef {{ rows: Record<string, unknown>[], checkpoints: { seq: number, incident: string }[], ids: Map<string, Map<string, string>>, incidents: number }} Disowned
 */

/**
 * The union of every incident's set, each entry naming its incident: the core's rule (`disownedUnion`,
 * ledger::offline), which the offline audits take too. An incident disowns only what came before it in
 * the chain (seq below its own): a row appended outside the workflow that claims to be an incident cannot
 * disown itself, nor anything after it, so its own unsigned row stays a violation. Here the rows are also
 * indexed by collection and id, for the readers that leave them out.
 * @param {{ disownedUnion(p: import('../core-types/index.js').IDisownedUnionParams): import('../core-types/index.js').Outcome<import('../core-types/index.js').IDisownedUnionResult> }} core the built core
 * @param {{ id: string, ledger_seq: number | string, disowned: string | null }[]} incidents ledger_incident rows (chain order)
 * @returns {Disowned}
 */
export function unionOf(core, incidents) {
	const r = core.disownedUnion({
		incidents: incidents.map((i) => ({ id: String(i.id), ledger_seq: Number(i.ledger_seq), disowned: i.disowned == null ? null : String(i.disowned) })),
	});
	if (!r.ok) throw new Error(`what incidents disowned cannot be read: ${r.error.reason}`);
	const rows = /** @type {Record<string, unknown>[]} */ (r.disowned.rows ?? []);
	/** @type {Map<string, Map<string, string>>} */
	const ids = new Map();
	for (const row of rows) {
		if (!row['collection'] || !row['id']) continue;
		const byId = ids.get(String(row['collection'])) ?? new Map();
		if (!byId.has(String(row['id']))) byId.set(String(row['id']), String(row['incident']));
		ids.set(String(row['collection']), byId);
	}
	const checkpoints = r.disowned.checkpoints.map((c) => (typeof c === 'number' ? { seq: c, incident: '' } : c));
	return { rows, checkpoints, ids, incidents: incidents.length };
}

/** @param {Disowned} d */
export const forAudit = (d) => ({ rows: /** @type {import('../core-types/index.js').DisownedRow[]} */ (d.rows), checkpoints: d.checkpoints });

/**
 * Ids of `collection`'s rows that an incident disowned.
 * @param {Disowned} d
 * @param {string} collection
 * @returns {string[]}
 */
export const disownedIds = (d, collection) => [...(d.ids.get(collection)?.keys() ?? [])];

/**
 * The incident that disowned row `id` of `collection`, or undefined.
 * @param {Disowned} d
 * @param {string} collection
 * @param {unknown} id
 * @returns {string | undefined}
 */
export const disownedBy = (d, collection, id) => d.ids.get(collection)?.get(String(id));

/** No incident: nothing disowned. @type {Readonly<Disowned>} */
export const NOTHING_DISOWNED = Object.freeze({ rows: [], checkpoints: [], ids: new Map(), incidents: 0 });
