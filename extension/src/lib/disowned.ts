// Rows incidents disowned count for nothing: every reader that decides a state
// (an entry's history, its approval, its change set, a verification, the
// ledger's after-images) leaves them out, before and after the incident that
// named them. They stay in the tables, in history, and the audits name them
// (`disowned` warnings). The sets are read from ledger_incident: few rows, one
// per incident.
import type { Knex } from 'knex';
import { INCIDENT_TABLE } from './collections.js';
import { conflict } from './errors.js';
import { loadCore } from './core.js';
import { disownedBy, disownedIds, forAudit, NOTHING_DISOWNED, unionOf } from '../shared/disowned.js';

export interface Disowned {
	rows: Record<string, unknown>[];
	checkpoints: { seq: number; incident: string }[];
	/** collection → row id → the incident that disowned it. */
	ids: Map<string, Map<string, string>>;
	incidents: number;
}

export { disownedBy, disownedIds, forAudit, NOTHING_DISOWNED };

/** The union of every incident's set. */
export async function loadDisowned(knex: Knex): Promise<Disowned> {
	const rows: { id: string; ledger_seq: number; disowned: string | null }[] = await knex(INCIDENT_TABLE).orderBy('ledger_seq').select('id', 'ledger_seq', 'disowned');
	return unionOf(await loadCore(), rows) as Disowned;
}

/** A query on `collection` without its disowned rows (`column`: the row id, or a reference to such rows). */
export function owned<Q extends Knex.QueryBuilder>(query: Q, d: Disowned, collection: string, column = 'id'): Q {
	const ids = disownedIds(d, collection);
	return (ids.length ? query.whereNotIn(column, ids) : query) as Q;
}

/** 409 when a step names a row an incident disowned. */
export function refuseDisowned(d: Disowned, collection: string, id: string): void {
	const incident = disownedBy(d, collection, id);
	if (incident) {
		throw conflict(
			'IU_DISOWNED',
			`${collection} ${id} was disowned by incident ${incident}: it was written outside the workflow, stays in history and counts for nothing. Act on an entry the workflow wrote (GET /iu-cutter/entries), or submit the change again.`,
			{ collection, id, incident },
		);
	}
}
