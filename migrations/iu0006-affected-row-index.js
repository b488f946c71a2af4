// iu0006 — one index fewer on the CUT's affected rows. iu0002 gave
// cut_change_set_affected_row an index on (unit_id); iu0004 added (unit_id,
// ledger_seq), which serves every lookup by unit_id as well (its leading column).
// The older one only cost writes: a CUT writes an affected row per block — 100k
// for a 100k-unit act — and each index on them was ~0.3 s of such a CUT
// (docs/BENCHMARKS.md). Not additive: it removes an index. No row changes.

const AFFECTED = 'cut_change_set_affected_row';

export async function up(knex) {
	await knex.transaction(async (trx) => {
		await trx.schema.alterTable(AFFECTED, (t) => t.dropIndex(['unit_id']));
	});
}

export async function down(knex) {
	await knex.transaction(async (trx) => {
		await trx.schema.alterTable(AFFECTED, (t) => t.index(['unit_id']));
	});
}
