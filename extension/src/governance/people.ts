// Ledger rows name actors by user id; people read names. Read straight from
// directus_users because an editor may not hold read access to users, and a
// signer's name is part of what the ledger shows anyway.
import type { Knex } from 'knex';

export async function peopleOf(knex: Knex, ids: Array<string | null | undefined>): Promise<Record<string, string>> {
	const wanted = [...new Set(ids.filter((x): x is string => typeof x === 'string' && x.length > 0))];
	if (wanted.length === 0) return {};
	const rows: Array<{ id: string; first_name: string | null; last_name: string | null; email: string | null }> = await knex('directus_users')
		.whereIn('id', wanted)
		.select('id', 'first_name', 'last_name', 'email');
	return Object.fromEntries(rows.map((u) => {
		const name = [u.first_name, u.last_name].filter(Boolean).join(' ');
		return [u.id, name && u.email ? `${name} <${u.email}>` : name || u.email || u.id];
	}));
}
