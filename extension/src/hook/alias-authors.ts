// ── users who created aliases ─────────────────────────────────────────────
// Deleting such a user would null alias.created_by (ON DELETE SET NULL): the alias row would lose its author.
import { ALIAS } from '../lib/collections.js';
import { UserHasAliasesError } from './errors.js';
import { ids, type Context, type Hooks } from './events.js';

export function registerAliasAuthors({ filter }: Hooks): void {
	filter('users.delete', async (keys, _meta, context) => {
		const list = ids(keys);
		if (list.length === 0) return keys;
		const { database: db } = context as Context;
		const rows: { created_by: string }[] = await db(ALIAS).whereIn('created_by', list).select('created_by');
		if (rows.length > 0) throw new UserHasAliasesError({ users: [...new Set(rows.map((r) => r.created_by))], aliases: rows.length });
		return keys;
	});
}
