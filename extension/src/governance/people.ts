// Ledger rows name actors by user id; people read names. Read straight from
// directus_users because an editor may not hold read access to users, and a
// signer's name is part of what the ledger shows anyway.
import type { Knex } from 'knex';
import { MIGRATION_ACTOR, MIGRATION_ACTOR_NAME } from '../lib/positions.js';

export async function peopleOf(knex: Knex, ids: Array<string | null | undefined>): Promise<Record<string, string>> {
	const wanted = [...new Set(ids.filter((x): x is string => typeof x === 'string' && x.length > 0))];
	// The migration runner's reserved actor has no directus_users row: it is named, not looked up.
	const reserved: Record<string, string> = wanted.includes(MIGRATION_ACTOR) ? { [MIGRATION_ACTOR]: MIGRATION_ACTOR_NAME } : {};
	if (wanted.length === 0) return {};
	const rows: Array<{ id: string; first_name: string | null; last_name: string | null; email: string | null }> = await knex('directus_users')
		.whereIn('id', wanted)
		.select('id', 'first_name', 'last_name', 'email');
	return {
		...Object.fromEntries(
			rows.map((u) => {
				const name = [u.first_name, u.last_name].filter(Boolean).join(' ');
				return [u.id, name && u.email ? `${name} <${u.email}>` : name || u.email || u.id];
			}),
		),
		...reserved,
	};
}
