// Direct database access for tests: counting rows and editing "behind the
// workflow's back" (as a database superuser: `asSuperuser`), on the same SQLite
// file or PostgreSQL database Directus uses.
import { join } from 'node:path';
import { connect } from '../../extension/src/cli/database.js';
import { LEDGER_TABLES } from '../../extension/src/shared/schema.js';
import { withSeal } from '../../extension/src/shared/seal.js';

/** The database of a harness instance (startDirectus' `db` and `dir`), through the operations scripts' connector. */
export function openDb(db, dir) {
	return connect(db.client === 'sqlite3' ? { client: 'sqlite3', filename: join(dir, 'data.db') } : { ...db, client: 'pg', password: db.password ?? '' });
}

export const LEDGER = LEDGER_TABLES;
export const COUNTED = [...LEDGER, 'canonical_address_alias', 'logical_unit', 'legal_document'];

/** Row count of every iu-cutter table. */
export async function counts(k) {
	const out = {};
	for (const t of COUNTED) out[t] = Number((await k(t).count({ n: '*' }))[0].n);
	return out;
}

export function delta(before, after) {
	return Object.fromEntries(Object.keys(after).map((t) => [t, after[t] - before[t]]));
}

/**
 * Runs `fn(trx)` in one transaction as a database superuser could: with the
 * iu0004 seal opened by hand (PostgreSQL: the transaction-local setting; SQLite:
 * the marker row), so writes to units and aliases pass the triggers. For tables
 * named in `triggersOff` (the append-only ledgers refuse UPDATE and DELETE even
 * under the seal) the superuser also takes the triggers out of the way for the
 * transaction: PostgreSQL `session_replication_role = replica` (superuser only),
 * SQLite drops their triggers and creates them again before the commit.
 * The tests use it only where they tamper on purpose: detection is what they test.
 */
export async function asSuperuser(k, fn, { triggersOff = [] } = {}) {
	return withSeal(k, async (trx) => {
		const pg = k.client.config.client !== 'sqlite3';
		let saved = [];
		if (triggersOff.length && pg) await trx.raw('set local session_replication_role = replica');
		if (triggersOff.length && !pg) {
			saved = await trx('sqlite_master').where({ type: 'trigger' }).whereIn('tbl_name', triggersOff).select('name', 'sql');
			for (const t of saved) await trx.raw(`drop trigger ${t.name}`);
		}
		const result = await fn(trx);
		for (const t of saved) await trx.raw(t.sql);
		return result;
	});
}
