// Many rows into one table, inside the caller's transaction. On PostgreSQL the
// rows travel as ONE JSON parameter per batch (`json_populate_recordset`): a
// 100k-unit CUT sent 750 INSERTs of 200–400 rows, each with thousands of bound
// parameters for knex to build and PostgreSQL to parse, and that was a third of
// its time. PostgreSQL casts each JSON value to the column's type exactly as it
// casts a bound text parameter. SQLite keeps knex's multi-row INSERT (its
// compound SELECT allows 500 rows).
import type { Knex } from 'knex';

/** Rows per knex INSERT where rows go as bound parameters (SQLite: a compound SELECT of < 500 rows, < 32 766 parameters). */
const PARAMETER_CHUNK = 400;
/** JSON text per PostgreSQL batch: large enough to make round trips rare, small enough to keep a step's memory flat. */
const JSON_BATCH_CHARS = 8 * 1024 * 1024;

function isPostgres(knex: Knex): boolean {
	return /^(pg|postgres)/.test(String(knex.client.config.client));
}

/**
 * Inserts `rows` (plain objects, all with the same keys) in order; `onRows` hears how many went in so far.
 * Every row must name every column it sets: a column left out takes its default on both databases.
 */
export async function bulkInsert(trx: Knex.Transaction, table: string, rows: Record<string, unknown>[], onRows?: (done: number) => void): Promise<void> {
	if (rows.length === 0) return;
	// knex writes DEFAULT for an undefined value, a JSON batch would write NULL: such rows take knex's way.
	if (!isPostgres(trx) || rows.some((r) => Object.values(r).includes(undefined))) {
		for (let i = 0; i < rows.length; i += PARAMETER_CHUNK) {
			await trx(table).insert(rows.slice(i, i + PARAMETER_CHUNK));
			onRows?.(Math.min(i + PARAMETER_CHUNK, rows.length));
		}
		return;
	}
	const columns = Object.keys(rows[0]!);
	const list = columns.map(() => '??').join(', ');
	const sql = `insert into ?? (${list}) select ${list} from json_populate_recordset(null::??, ?::json)`;
	let start = 0;
	while (start < rows.length) {
		// One batch: rows up to JSON_BATCH_CHARS of text (at least one row).
		const parts: string[] = [];
		let chars = 0;
		let end = start;
		while (end < rows.length && (end === start || chars < JSON_BATCH_CHARS)) {
			const text = JSON.stringify(rows[end]);
			parts.push(text);
			chars += text.length + 1;
			end++;
		}
		await trx.raw(sql, [table, ...columns, ...columns, table, `[${parts.join(',')}]`]);
		start = end;
		onRows?.(end);
	}
}
