// Ledger rows as the core hashes them, read page by page. Shared by the
// extension (VERIFY, the audits) and the operations scripts (export), so the
// server and the offline verifier read the chain the same way.
import { CHAIN_HEAD, LEDGER_TABLES, LEDGER_TABLE_FIELDS, SIGNATURE_COLUMN, SIGNED_LEDGER_TABLES, TLOG_COSIGNATURE_TABLE } from './schema.js';

/** @typedef {import('knex').Knex} Knex */
/** A ledger row as the core hashes it (the core's LedgerRow, its content as contentOf reads it). @typedef {{ collection: string, id: string, content: Record<string, string | number | null>, prev_hash: string | null, row_hash: string }} ChainRow */

/** The hashed columns of each ledger table, by table name. @type {Record<string, readonly string[]>} */
const FIELDS = LEDGER_TABLE_FIELDS;

/** The tables with iu0017's signature column. */
const SIGNED = new Set(SIGNED_LEDGER_TABLES);

/** @param {unknown} v */
const cell = (v) => (v === undefined || v === null ? null : typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : String(v));

/**
 * The hashed content of a row: exactly the table's columns, in one order, absent ones null; and the signature
 * column (iu0017) only when it is set, so the rows chained before it existed hash as they did.
 * @param {string} collection
 * @param {Record<string, unknown>} row
 * @returns {Record<string, string | number | null>}
 */
export function contentOf(collection, row) {
	/** @type {Record<string, string | number | null>} */
	const out = {};
	for (const f of [...CHAIN_HEAD, ...(FIELDS[collection] ?? [])]) out[f] = cell(row[f]);
	const signature = SIGNED.has(collection) ? cell(row[SIGNATURE_COLUMN]) : null;
	if (signature !== null) out[SIGNATURE_COLUMN] = signature;
	return out;
}

/**
 * A stored row in the core's LedgerRow shape.
 * @param {string} collection
 * @param {Record<string, unknown>} r
 * @returns {ChainRow}
 */
export function ledgerRow(collection, r) {
	return { collection, id: String(r['id']), content: contentOf(collection, r), prev_hash: /** @type {string | null} */ (r['prev_hash'] ?? null), row_hash: String(r['row_hash']) };
}

/**
 * The chain's last row (its seq and hash), whichever table holds it: one query through each table's ledger_seq index.
 * @param {Knex} knex
 * @returns {Promise<{ seq: number, row_hash: string } | null>}
 */
export async function chainTail(knex) {
	const union = LEDGER_TABLES.map((c) => `select * from (select ledger_seq as seq, row_hash from ${c} order by ledger_seq desc limit 1) as ${c}_tail`).join(' union all ');
	const r = await knex.raw(`select seq, row_hash from (${union}) as t order by seq desc limit 1`);
	const last = (Array.isArray(r) ? r : r.rows)[0];
	return last ? { seq: Number(last.seq), row_hash: String(last.row_hash) } : null;
}

/** Rows per page: bounded memory whatever the ledger's length. */
export const PAGE = 5000;

/**
 * The rows of `query()` (a fresh builder each call) in pages of `size`, ordered by `key`: a keyset, with no
 * lower bound on the first page, so an id that sorts below every uuid (ids are text on SQLite) is read too.
 * @param {() => any} query
 * @param {string} key
 * @param {string | readonly string[]} [columns]
 * @param {number} [size]
 */
export async function* keyPages(query, key, columns = '*', size = PAGE) {
	for (let after = null; ;) {
		const q = query();
		if (after !== null) q.where(key, '>', after);
		const page = await q.orderBy(key).limit(size).select(columns);
		if (page.length === 0) return;
		after = String(page[page.length - 1][key]);
		yield page;
	}
}

/**
 * The ledger rows with the given seqs, whichever tables hold them, in chain order: one query per table for each
 * page of seqs (a proof bundle's rows are scattered over the chain, so a range would read rows it does not need).
 * @param {Knex} knex
 * @param {readonly number[]} seqs
 * @returns {Promise<ChainRow[]>}
 */
export async function rowsAtSeqs(knex, seqs, page = 500) {
	/** @type {ChainRow[]} */
	const rows = [];
	for (let a = 0; a < seqs.length; a += page) {
		const some = seqs.slice(a, a + page);
		for (const collection of LEDGER_TABLES) {
			for (const r of await knex(collection).whereIn('ledger_seq', some).select('*')) rows.push(ledgerRow(collection, r));
		}
	}
	return rows.sort((x, y) => Number(x.content['ledger_seq']) - Number(y.content['ledger_seq']));
}

/**
 * The rows with fromSeq <= ledger_seq <= toSeq, a page at a time, in chain order.
 * @param {Knex} knex
 * @param {number} fromSeq
 * @param {number} toSeq
 * @param {number} [page]
 * @returns {AsyncGenerator<ChainRow[]>}
 */
export async function* chainPages(knex, fromSeq, toSeq, page = PAGE) {
	for (let a = fromSeq; a <= toSeq; a += page) {
		const b = Math.min(toSeq, a + page - 1);
		/** @type {ChainRow[]} */
		const rows = [];
		for (const collection of LEDGER_TABLES) {
			for (const r of await knex(collection).whereBetween('ledger_seq', [a, b]).select('*')) rows.push(ledgerRow(collection, r));
		}
		rows.sort((x, y) => Number(x.content['ledger_seq']) - Number(y.content['ledger_seq']));
		yield rows;
	}
}

/**
 * A transparency log checkpoint note with the witnesses' cosignature lines kept for it (by witness name), as the
 * server serves it (GET /iu-cutter/tlog/checkpoint) and a mirror holds it (`npm run ledger:export -- --tiles`).
 * @param {Knex} knex
 * @param {{ size: number | string, note: string }} checkpoint
 * @returns {Promise<string>}
 */
export async function cosignedNote(knex, checkpoint) {
	/** @type {{ line: string }[]} */
	const rows = await knex(TLOG_COSIGNATURE_TABLE)
		.where({ size: Number(checkpoint.size) })
		.orderBy('witness')
		.select('line');
	return checkpoint.note + rows.map((r) => (r.line.endsWith('\n') ? r.line : `${r.line}\n`)).join('');
}
