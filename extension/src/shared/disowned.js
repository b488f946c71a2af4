// What incidents disowned (ledger_incident.disowned, one set per incident): rows
// written outside the workflow, and checkpoints that no longer match, kept in
// history and counting for nothing. Shared by the extension (its audits and the
// workflow's readers) and the offline verifier, so both take the same union.
// The rule of what a disowned row is worth lives in the core (LedgerAudit's
// `disowned` option); this only gathers the sets.

/**
 * Every incident's sets joined (lib/disowned.ts names it `Disowned`).
 * @typedef {{ rows: Record<string, unknown>[], checkpoints: { seq: number, incident: string }[], ids: Map<string, Map<string, string>>, incidents: number }} Disowned
 */

/**
 * The union of every incident's set, each entry naming its incident. An incident
 * disowns only what came before it in the chain (seq below its own): a row
 * appended outside the workflow that claims to be an incident cannot disown
 * itself, nor anything after it, so its own unsigned row stays a violation.
 * @param {{ id: string, ledger_seq: number | string, disowned: string | null }[]} incidents ledger_incident rows (chain order)
 * @returns {Disowned}
 */
export function unionOf(incidents) {
	/** @type {Record<string, unknown>[]} */
	const rows = [];
	/** @type {Map<number, string>} */
	const checkpoints = new Map();
	/** @type {Map<string, Map<string, string>>} */
	const ids = new Map();
	for (const incident of incidents) {
		/** What an incident row's `disowned` holds; read defensively, as it may have been edited. @type {{ rows?: unknown, checkpoints?: unknown } | null} */
		let set;
		try {
			set = JSON.parse(String(incident.disowned ?? '{}'));
		} catch {
			// An incident row edited behind the ledger's back: the chain audit names it; it disowns nothing.
			continue;
		}
		const own = Number(incident.ledger_seq);
		/** @param {unknown} seq */
		const before = (seq) => Number.isInteger(Number(seq)) && Number(seq) < own;
		/** @type {unknown[]} */
		const disownedRows = Array.isArray(set?.rows) ? set.rows : [];
		for (const row of disownedRows) {
			if (!row || typeof row !== 'object') continue;
			const r = /** @type {Record<string, unknown>} */ (row);
			if (!before(r['seq'])) continue;
			rows.push({ ...r, incident: String(incident.id) });
			if (r['collection'] && r['id']) {
				const byId = ids.get(String(r['collection'])) ?? new Map();
				if (!byId.has(String(r['id']))) byId.set(String(r['id']), String(incident.id));
				ids.set(String(r['collection']), byId);
			}
		}
		/** @type {unknown[]} */
		const disownedCheckpoints = Array.isArray(set?.checkpoints) ? set.checkpoints : [];
		for (const c of disownedCheckpoints) {
			const seq = Number(typeof c === 'object' && c !== null ? /** @type {{ seq?: unknown }} */ (c).seq : c);
			if (before(seq) && !checkpoints.has(seq)) checkpoints.set(seq, String(incident.id));
		}
	}
	return { rows, checkpoints: [...checkpoints].map(([seq, incident]) => ({ seq, incident })), ids, incidents: incidents.length };
}

/**
 * The set the core's LedgerAudit takes (`options.disowned`). Its rows are the core's own DisownedRow JSON, as the
 * incident step recorded them: the core checks their shape when it reads them.
 * @param {Disowned} d
 * @returns {import('../core-types/index.js').Disowned}
 */
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
