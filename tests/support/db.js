// Direct database access for tests: counting rows and editing "behind the
// workflow's back", on the same SQLite file or PostgreSQL database Directus uses.
import { join } from 'node:path';
import { connect } from '../../scripts/lib/database.js';
import { LEDGER_COLLECTIONS } from '../../migrations/iu0002-governance-ledger.js';

/** The database of a harness instance (startDirectus' `db` and `dir`), through the operations scripts' connector. */
export function openDb(db, dir) {
	return connect(db.client === 'sqlite3' ? { client: 'sqlite3', filename: join(dir, 'data.db') } : { ...db, client: 'pg', password: db.password ?? '' });
}

export const LEDGER = LEDGER_COLLECTIONS;
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
