// "Amended by": which amending law, provision and date stand behind a change of
// a unit. A block of a manifest planned from amending laws names the refs of its
// instructions (`amended_by`); the manifest's envelope lists every instruction
// with its law, provision and effective date (`amendment.steps`). One query on
// manifest_unit_block's unit_id index, filtered to amendment blocks, gives both.
import type { Knex } from 'knex';

export interface AmendedBy {
	/** The amending law's code, e.g. `55/2023/NĐ-CP`. */
	law: string;
	/** `Điều 1 khoản 2`. */
	provision: string;
	/** When the instruction comes into force (`YYYY-MM-DD`), as the amending law says. */
	effective: string | null;
	/** `55-2023-nd-cp/dieu-1/khoan-2`: the instruction in the envelope's `amendment.steps`. */
	ref: string;
}

interface EnvelopeAmendment {
	amendment?: { steps?: Array<{ ref: string; law: string; provision: string; effective?: string | null }> };
}

/**
 * For each entry whose manifest changed `unitId` by an amending instruction: the instructions, in the block's order;
 * the entries in ledger order. Entries whose block names none are absent (a plain cut, a rollback, a repair).
 */
export async function amendedByEntry(knex: Knex, unitId: string): Promise<Map<string, AmendedBy[]>> {
	// `amended_by` is written only into amendment blocks (canonical JSON, no spaces): the LIKE keeps ordinary blocks and
	// their envelopes out of the answer; the unit_id index finds the rows.
	const rows: Array<{ entry: string; envelope_json: string; block_json: string }> = await knex('manifest_unit_block as b')
		.join('manifest_envelope as m', 'm.id', 'b.envelope')
		.where('b.unit_id', unitId)
		.andWhere('b.block_json', 'like', '%"amended_by":%')
		.orderBy('b.ledger_seq')
		.select('m.entry as entry', 'm.envelope_json as envelope_json', 'b.block_json as block_json');
	const out = new Map<string, AmendedBy[]>();
	for (const r of rows) {
		const refs = (JSON.parse(r.block_json) as { amended_by?: string[] }).amended_by ?? [];
		if (refs.length === 0) continue;
		const steps = (JSON.parse(r.envelope_json) as EnvelopeAmendment).amendment?.steps ?? [];
		const byRef = new Map(steps.map((s) => [s.ref, s]));
		out.set(
			r.entry,
			refs.map((ref) => {
				const s = byRef.get(ref);
				return { law: s?.law ?? ref.split('/')[0]!, provision: s?.provision ?? '', effective: s?.effective ?? null, ref };
			}),
		);
	}
	return out;
}
