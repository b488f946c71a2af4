// The whole store against the whole ledger, with bounded memory: a pass over
// the chain keeps the last after-image of every unit and alias id, then the
// store is compared page by page by the core (`driftAudit`), and what the
// ledger says exists but the store lost is reported last. Used by the server's
// store audit and by the offline verifier, so both judge the same way.
import { ALIAS_COLUMNS } from './schema.js';

export { ALIAS_COLUMNS };

/** @typedef {import('../core-types/index.js').StoredUnit} StoredUnit */
/** @typedef {import('../core-types/index.js').StoredAlias} StoredAlias */
/** @typedef {import('../core-types/index.js').UnitImage} UnitImage */
/** @typedef {import('../core-types/index.js').AliasImage} AliasImage */
/** @typedef {import('../core-types/index.js').DriftReport} DriftReport */
/** @typedef {import('../core-types/index.js').LedgerRow} LedgerRow */
/** What of the built core a drift audit calls (lib/core.ts's Core, or the offline verifier's). @typedef {{ driftAudit(params: import('../core-types/index.js').IDriftAuditParams): import('../core-types/index.js').Outcome<import('../core-types/index.js').IDriftAuditResult> }} DriftCore */
/** The last image the ledger holds of an id (unit or alias). @typedef {{ alias: boolean, change_set: string, ledger_seq: number, after_image: (StoredUnit | StoredAlias) | null }} Image */

/** Affected-row actions that record an alias (its alias_id in `unit_id`), not a unit. */
export const ALIAS_ACTIONS = ['alias-create', 'alias-remove'];
const MAX_VIOLATIONS = 1000;

/** @param {unknown} v */
const iso = (v) => (v == null ? null : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : /** @type {string | number | Date} */ (v)).toISOString());

/**
 * A logical_unit row as the core's StoredUnit (drivers differ: numbers as text, null bodies). The text columns
 * are the driver's strings (or null), taken as they are.
 * @param {Record<string, unknown>} r
 * @returns {StoredUnit}
 */
export function plainUnit(r) {
	return {
		id: String(r['id']),
		document: String(r['document']),
		section_type: String(r['section_type']),
		parent: /** @type {string | null} */ (r['parent'] ?? null),
		ordinal: String(r['ordinal']),
		heading: /** @type {string | null} */ (r['heading'] ?? null),
		body: /** @type {string} */ (r['body'] ?? ''),
		content_sha256: /** @type {string} */ (r['content_sha256'] ?? ''),
		position: Number(r['position']),
		canonical_address: String(r['canonical_address']),
		canonical_address_format_version: String(r['canonical_address_format_version']),
		lifecycle_status: /** @type {StoredUnit['lifecycle_status']} */ (r['lifecycle_status']),
		authority: /** @type {StoredUnit['authority']} */ (r['authority']),
	};
}

/**
 * A canonical_address_alias row as plain JSON (timestamps as ISO text, whatever the driver gave).
 * @param {Record<string, unknown>} r
 * @returns {Record<string, unknown>}
 */
export function plainAlias(r) {
	/** @type {Record<string, unknown>} */
	const out = {};
	for (const c of ALIAS_COLUMNS) out[c] = r[c] ?? null;
	out['valid_from'] = iso(r['valid_from']);
	out['valid_until'] = iso(r['valid_until']);
	return out;
}

/** @param {unknown} action */
const isAlias = (action) => ALIAS_ACTIONS.includes(String(action));

/**
 * Drift audits of a store read in pages, added up into one report: the core judges each page
 * (`driftAudit`), this keeps the counts and the first violations.
 */
export class DriftTally {
	/** @param {DriftCore} core the built core (driftAudit) */
	constructor(core) {
		this.core = core;
		/** @type {DriftReport} */
		this.report = { passed: true, units_checked: 0, aliases_checked: 0, violation_count: 0, violations: [] };
	}

	/**
	 * One page: stored units and aliases, and the images (core shapes: `{ unit_id | alias_id, change_set, ledger_seq, after_image }`) to compare them with.
	 * @param {StoredUnit[]} units
	 * @param {Record<string, unknown>[]} aliases plainAlias's rows
	 * @param {UnitImage[]} unitImages
	 * @param {AliasImage[]} aliasImages
	 */
	run(units, aliases, unitImages, aliasImages) {
		// plainAlias writes a row as the core's StoredAlias (every column, timestamps as ISO text).
		const stored = /** @type {StoredAlias[]} */ (aliases);
		const r = this.core.driftAudit({ input: { units, aliases: stored, unit_images: unitImages, alias_images: aliasImages } });
		if (!r.ok) throw new Error(`drift audit: ${r.error.reason}`);
		const rep = r.report;
		const out = this.report;
		out.units_checked += rep.units_checked;
		out.aliases_checked += rep.aliases_checked;
		out.violation_count += rep.violation_count;
		out.violations.push(...rep.violations.slice(0, Math.max(0, MAX_VIOLATIONS - out.violations.length)));
		out.passed &&= rep.passed;
	}
}

export class StoreDrift {
	/**
	 * @param {DriftCore} core the built core (driftAudit)
	 * @param {{ ids: Map<string, Map<string, string>> } | null} [disowned] what incidents disowned (disowned.js `unionOf`): those affected rows, and the rows of disowned change sets, are no image
	 */
	constructor(core, disowned = null) {
		this.tally = new DriftTally(core);
		this.skipRows = new Set(disowned?.ids.get('cut_change_set_affected_row')?.keys() ?? []);
		this.skipSets = new Set(disowned?.ids.get('cut_change_set')?.keys() ?? []);
		/** @type {Map<string, Image>} */
		this.images = new Map();
		/** @type {Set<string>} */
		this.seen = new Set();
	}

	/**
	 * A page of ledger rows (LedgerRow shape), in chain order: keeps the last image per id.
	 * @param {LedgerRow[]} rows
	 */
	observe(rows) {
		for (const r of rows) {
			if (r.collection !== 'cut_change_set_affected_row') continue;
			// An affected row's content: its columns as contentOf reads them (ledger-rows.js).
			const c = /** @type {Record<string, string | number | null>} */ (r.content);
			if (this.skipRows.has(String(r.id)) || this.skipSets.has(String(c.change_set))) continue;
			this.images.set(String(c.unit_id), {
				alias: isAlias(c.action),
				change_set: String(c.change_set),
				ledger_seq: Number(c.ledger_seq),
				after_image: c.after_image ? JSON.parse(String(c.after_image)) : null,
			});
		}
	}

	/** @param {string} id */
	#take(id) {
		this.seen.add(id);
		return this.images.get(id);
	}

	/**
	 * @param {StoredUnit[]} units
	 * @param {Record<string, unknown>[]} aliases
	 * @param {[string, Image][]} unitImages
	 * @param {[string, Image][]} aliasImages
	 */
	#run(units, aliases, unitImages, aliasImages) {
		this.tally.run(
			units,
			aliases,
			unitImages.map(([id, i]) => ({ unit_id: id, change_set: i.change_set, ledger_seq: i.ledger_seq, after_image: /** @type {StoredUnit | null} */ (i.after_image) })),
			aliasImages.map(([id, i]) => ({ alias_id: id, change_set: i.change_set, ledger_seq: i.ledger_seq, after_image: /** @type {StoredAlias | null} */ (i.after_image) })),
		);
	}

	/**
	 * The images of a page's ids that the ledger holds, each id marked as seen.
	 * @param {string[]} ids
	 * @returns {[string, Image][]}
	 */
	#imagesOf(ids) {
		/** @type {[string, Image][]} */
		const out = [];
		for (const id of ids) {
			const image = this.#take(id);
			if (image) out.push([id, image]);
		}
		return out;
	}

	/**
	 * A page of stored units (plainUnit shape).
	 * @param {StoredUnit[]} units
	 */
	units(units) {
		this.#run(units, [], this.#imagesOf(units.map((u) => u.id)), []);
	}

	/**
	 * A page of stored aliases (plainAlias shape).
	 * @param {Record<string, unknown>[]} aliases
	 */
	aliases(aliases) {
		this.#run([], aliases, [], this.#imagesOf(aliases.map((a) => /** @type {string} */ (a['alias_id']))));
	}

	/**
	 * After every page: what the ledger says exists and the store no longer holds.
	 * @returns {DriftReport}
	 */
	finish() {
		/** @type {[string, Image][]} */
		const lostUnits = [];
		/** @type {[string, Image][]} */
		const lostAliases = [];
		for (const [id, image] of this.images) {
			if (this.seen.has(id) || image.after_image === null) continue;
			(image.alias ? lostAliases : lostUnits).push([id, image]);
		}
		if (lostUnits.length || lostAliases.length) this.#run([], [], lostUnits, lostAliases);
		return this.tally.report;
	}
}
