// The store's rows as the core's drift audit reads them (plainUnit, plainAlias),
// and the tally of a drift audit read in pages (DriftTally: a document's drift).
// The whole store against the whole ledger is the core's StoreDrift
// (`storeDriftOpen`), which the server's store audit and both offline audits use.
import { ALIAS_COLUMNS } from './schema.js';

export { ALIAS_COLUMNS };

/** @typedef {import('../core-types/index.js').StoredUnit} StoredUnit */
/** @typedef {import('../core-types/index.js').StoredAlias} StoredAlias */
/** @typedef {import('../core-types/index.js').UnitImage} UnitImage */
/** @typedef {import('../core-types/index.js').AliasImage} AliasImage */
/** @typedef {import('../core-types/index.js').DriftReport} DriftReport */
/** What of the built core a drift audit calls (lib/core.ts's Core, or the offline verifier's). @typedef {{ driftAudit(params: import('../core-types/index.js').IDriftAuditParams): import('../core-types/index.js').Outcome<import('../core-types/index.js').IDriftAuditResult> }} DriftCore */

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
