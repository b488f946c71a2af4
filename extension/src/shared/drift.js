// The whole store against the whole ledger, with bounded memory: a pass over
// the chain keeps the last after-image of every unit and alias id, then the
// store is compared page by page by the core (`driftAudit`), and what the
// ledger says exists but the store lost is reported last. Used by the server's
// store audit and by the offline verifier, so both judge the same way.
import { ALIAS_COLUMNS } from './schema.js';

export { ALIAS_COLUMNS };

/** Affected-row actions that record an alias (its alias_id in `unit_id`), not a unit. */
export const ALIAS_ACTIONS = ['alias-create', 'alias-remove'];
const MAX_VIOLATIONS = 1000;

const iso = (v) => (v == null ? null : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v).toISOString());

/** A logical_unit row as the core's StoredUnit (drivers differ: numbers as text, null bodies). */
export function plainUnit(r) {
	return {
		id: String(r.id),
		document: String(r.document),
		section_type: String(r.section_type),
		parent: r.parent ?? null,
		ordinal: String(r.ordinal),
		heading: r.heading ?? null,
		body: r.body ?? '',
		content_sha256: r.content_sha256 ?? '',
		position: Number(r.position),
		canonical_address: String(r.canonical_address),
		canonical_address_format_version: String(r.canonical_address_format_version),
		lifecycle_status: r.lifecycle_status,
		authority: r.authority,
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
	out.valid_from = iso(r.valid_from);
	out.valid_until = iso(r.valid_until);
	return out;
}

const isAlias = (action) => ALIAS_ACTIONS.includes(String(action));

/**
 * Drift audits of a store read in pages, added up into one report: the core judges each page
 * (`driftAudit`), this keeps the counts and the first violations.
 */
export class DriftTally {
	/** @param core the built core (driftAudit) */
	constructor(core) {
		this.core = core;
		this.report = { passed: true, units_checked: 0, aliases_checked: 0, violation_count: 0, violations: [] };
	}

	/** One page: stored units and aliases, and the images (core shapes: `{ unit_id | alias_id, change_set, ledger_seq, after_image }`) to compare them with. */
	run(units, aliases, unitImages, aliasImages) {
		const r = this.core.driftAudit({ input: { units, aliases, unit_images: unitImages, alias_images: aliasImages } });
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
	 * @param core the built core (driftAudit)
	 * @param {{ ids: Map<string, Map<string, string>> } | null} [disowned] what incidents disowned (disowned.js `unionOf`): those affected rows, and the rows of disowned change sets, are no image
	 */
	constructor(core, disowned = null) {
		this.tally = new DriftTally(core);
		this.skipRows = new Set(disowned?.ids.get('cut_change_set_affected_row')?.keys() ?? []);
		this.skipSets = new Set(disowned?.ids.get('cut_change_set')?.keys() ?? []);
		this.images = new Map(); // id → { alias, change_set, ledger_seq, after_image }
		this.seen = new Set();
	}

	/** A page of ledger rows (LedgerRow shape), in chain order: keeps the last image per id. */
	observe(rows) {
		for (const r of rows) {
			if (r.collection !== 'cut_change_set_affected_row') continue;
			const c = r.content;
			if (this.skipRows.has(String(r.id)) || this.skipSets.has(String(c.change_set))) continue;
			this.images.set(String(c.unit_id), {
				alias: isAlias(c.action),
				change_set: String(c.change_set),
				ledger_seq: Number(c.ledger_seq),
				after_image: c.after_image ? JSON.parse(c.after_image) : null,
			});
		}
	}

	#take(id) {
		this.seen.add(id);
		return this.images.get(id);
	}

	#run(units, aliases, unitImages, aliasImages) {
		this.tally.run(
			units,
			aliases,
			unitImages.map(([id, i]) => ({ unit_id: id, change_set: i.change_set, ledger_seq: i.ledger_seq, after_image: i.after_image })),
			aliasImages.map(([id, i]) => ({ alias_id: id, change_set: i.change_set, ledger_seq: i.ledger_seq, after_image: i.after_image })),
		);
	}

	/** A page of stored units (plainUnit shape). */
	units(units) {
		this.#run(
			units,
			[],
			units.map((u) => [u.id, this.#take(u.id)]).filter(([, i]) => i),
			[],
		);
	}

	/** A page of stored aliases (plainAlias shape). */
	aliases(aliases) {
		this.#run(
			[],
			aliases,
			[],
			aliases.map((a) => [a.alias_id, this.#take(a.alias_id)]).filter(([, i]) => i),
		);
	}

	/** After every page: what the ledger says exists and the store no longer holds. */
	finish() {
		const lostUnits = [];
		const lostAliases = [];
		for (const [id, image] of this.images) {
			if (this.seen.has(id) || image.after_image === null) continue;
			(image.alias ? lostAliases : lostUnits).push([id, image]);
		}
		if (lostUnits.length || lostAliases.length) this.#run([], [], lostUnits, lostAliases);
		return this.tally.report;
	}
}
