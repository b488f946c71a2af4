// The seal of iu0004 (migrations/iu0004-seal.js), opened by hand the way a
// database superuser or the server's operator can: for the migration runner's
// own ledger appends, and for tests that deliberately edit the store behind the
// workflow's back, and for the workflow itself (lib/seal.ts).
//
// PostgreSQL: the transaction-local setting iu_cutter.seal. SQLite: a row in
// iu_seal, deleted again before the transaction commits.
import { randomUUID } from 'node:crypto';
import { SEAL_SETTING, SEAL_TABLE } from './schema.js';

/** @typedef {import('knex').Knex} Knex */
/** What `closeSeal` needs: the seal's id, and whether it is a row of iu_seal (SQLite) to delete. @typedef {{ txn: string, row: boolean }} Seal */

/** @param {Knex} k */
const isPg = (k) => /^(pg|postgres)/.test(String(k.client.config.client));

/**
 * Opens the seal in `trx` (a knex transaction); returns what `closeSeal` needs.
 * `ifInstalled`: the migration runner also appends before iu0004 exists (SQLite:
 * no iu_seal table yet, nothing to open); the workflow never asks, so its steps
 * pay no extra query.
 */
/**
 * @param {import('knex').Knex.Transaction} trx
 * @param {{ ifInstalled?: boolean }} [options]
 * @returns {Promise<Seal>}
 */
export async function openSeal(trx, { ifInstalled = false } = {}) {
	const txn = randomUUID();
	if (isPg(trx)) {
		await trx.raw('select set_config(?, ?, true)', [SEAL_SETTING, txn]);
		return { txn, row: false };
	}
	if (ifInstalled) {
		const exists = await trx.raw(`select 1 from sqlite_master where type = 'table' and name = ?`, [SEAL_TABLE]);
		if (exists.length === 0) return { txn, row: false };
	}
	await trx(SEAL_TABLE).insert({ opened_at: new Date().toISOString(), txn });
	return { txn, row: true };
}

/**
 * @param {import('knex').Knex.Transaction} trx
 * @param {Seal} seal
 */
export async function closeSeal(trx, seal) {
	if (isPg(trx)) await trx.raw('select set_config(?, ?, true)', [SEAL_SETTING, '']);
	else if (seal.row) await trx(SEAL_TABLE).where({ txn: seal.txn }).delete();
}

/**
 * Runs `fn(trx)` in a new transaction of `k` with the seal open; the seal is closed before commit.
 * @template T
 * @param {Knex} k
 * @param {(trx: import('knex').Knex.Transaction) => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withSeal(k, fn) {
	return k.transaction(async (trx) => {
		const seal = await openSeal(trx);
		const result = await fn(trx);
		await closeSeal(trx, seal);
		return result;
	});
}
