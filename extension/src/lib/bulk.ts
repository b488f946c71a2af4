// Many rows into one table, inside the caller's transaction. On PostgreSQL the
// rows travel as ONE JSON parameter per batch (`json_populate_recordset`): a
// 100k-unit CUT sent 750 INSERTs of 200–400 rows, each with thousands of bound
// parameters for knex to build and PostgreSQL to parse, and that was a third of
// its time. PostgreSQL casts each JSON value to the column's type exactly as it
// casts a bound text parameter. SQLite keeps knex's multi-row INSERT (its
// compound SELECT allows 500 rows).
import { setImmediate as nextTurn } from 'node:timers/promises';
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
	await insertJsonRows(trx, table, Object.keys(rows[0]!), rows.length, (i) => JSON.stringify(rows[i]), onRows);
}

/**
 * PostgreSQL: inserts `count` rows given as JSON object texts (`textOf(i)`, keys = `columns`), in order,
 * in batches of JSON_BATCH_CHARS through `json_populate_recordset`.
 */
export async function insertJsonRows(
	trx: Knex.Transaction,
	table: string,
	columns: string[],
	count: number,
	textOf: (index: number) => string,
	onRows?: (done: number) => void,
): Promise<void> {
	const list = columns.map(() => '??').join(', ');
	const sql = `insert into ?? (${list}) select ${list} from json_populate_recordset(null::??, ?::json)`;
	// One batch in flight: the next batch's text is built while PostgreSQL inserts this one
	// (on a 100k-unit CUT, building the text was a sixth of the unit writes' time).
	let inflight: Promise<unknown> | null = null;
	let start = 0;
	while (start < count) {
		// One batch: rows up to JSON_BATCH_CHARS of text (at least one row).
		const parts: string[] = [];
		let chars = 0;
		let end = start;
		while (end < count && (end === start || chars < JSON_BATCH_CHARS)) {
			const text = textOf(end);
			parts.push(text);
			chars += text.length + 1;
			end++;
		}
		if (inflight) await inflight;
		const done = end;
		inflight = trx.raw(sql, [table, ...columns, ...columns, table, `[${parts.join(',')}]`]).then(() => onRows?.(done));
		// An insert that fails is awaited (and thrown) before the next batch is sent or the call returns.
		inflight.catch(() => undefined);
		// One turn of the event loop: the driver sends the batch before the next one's text is built.
		await nextTurn();
		start = end;
	}
	await inflight;
}

/** Rows per UPDATE of bulkUpdate: a JSON text of a few hundred units' after-images. */
const UPDATE_CHUNK = 500;

/**
 * Sets many rows of `table`, found by their `key` column, to the values of `rows` (plain objects, all with the same
 * keys, `key` among them), inside the caller's transaction: one UPDATE per UPDATE_CHUNK rows, which read their values
 * from one JSON parameter (PostgreSQL: `json_populate_recordset`, cast to the columns' types as in insertJsonRows;
 * SQLite: `json_each`, whose values keep their JSON types as a bound parameter does), instead of one UPDATE per row.
 * A renumbering cascade of 6 500 units was 13 000 single UPDATEs, each a round trip through knex and the driver:
 * 10 s of a CUT on SQLite.
 *
 * The caller guarantees that the rows of one call can be written in any order: a UNIQUE column is checked as each row
 * is written, on both databases. The core's write steps do (change::manifest::writes): after the removes and the
 * vacates, every address a write takes is free or already its own. A row with an undefined value (which knex's update
 * leaves out, keeping the column) takes knex's way, one row at a time.
 */
export async function bulkUpdate(trx: Knex.Transaction, table: string, key: string, rows: Record<string, unknown>[]): Promise<void> {
	if (rows.length === 0) return;
	if (rows.some((r) => Object.values(r).includes(undefined))) {
		for (const { [key]: id, ...values } of rows)
			await trx(table)
				.where({ [key]: id })
				.update(values);
		return;
	}
	const columns = Object.keys(rows[0]!).filter((c) => c !== key);
	const set = columns.map(() => '?? = v.??').join(', ');
	const sql = isPostgres(trx)
		? `update ?? as t set ${set} from json_populate_recordset(null::??, ?::json) as v where t.?? = v.??`
		: `update ?? set ${set} from (select ${[key, ...columns].map(() => `json_extract(value, ?) as ??`).join(', ')} from json_each(?)) as v where ??.?? = v.??`;
	const sets = columns.flatMap((c) => [c, c]);
	for (let i = 0; i < rows.length; i += UPDATE_CHUNK) {
		const json = JSON.stringify(rows.slice(i, i + UPDATE_CHUNK));
		const bindings = isPostgres(trx) ? [table, ...sets, table, json, key, key] : [table, ...sets, ...[key, ...columns].flatMap((c) => [`$.${c}`, c]), json, table, key, key];
		await trx.raw(sql, bindings);
	}
}
