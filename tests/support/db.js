// Direct database access for tests: counting rows and editing "behind the
// workflow's back", on the same SQLite file or PostgreSQL database Directus uses.
import knex from 'knex';
import { join } from 'node:path';

export function openDb(db, dir) {
	return db.client === 'sqlite3'
		? knex({ client: 'sqlite3', connection: { filename: join(dir, 'data.db') }, useNullAsDefault: true })
		: knex({ client: 'pg', connection: { host: db.host, port: db.port, database: db.database, user: db.user, password: db.password ?? '' } });
}

export const LEDGER = [
	'decision_backlog_entry', 'decision_backlog_history', 'decision_backlog_dependency', 'decision_backlog_sweep_log',
	'manifest_envelope', 'manifest_unit_block', 'review_decision', 'dot_pair_signature', 'cut_change_set',
	'cut_change_set_affected_row', 'verify_result',
];
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
