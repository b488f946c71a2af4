// The append-only ledger: rows are chained by the core (`ledgerChain`) and
// inserted here, inside the caller's transaction. One chain runs through all
// twelve ledger tables in `ledger_seq` order, so deleting, editing or
// reordering any row anywhere breaks it.
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Knex } from 'knex';
import { LEDGER_TABLES } from './collections.js';
import { chainTail, contentOf } from '../shared/ledger-rows.js';
import type { Core } from './core.js';
import { unwrap } from './outcome.js';
import type { ILedgerChainHashesResult } from '../core-types/index.js';
import { bulkInsert, insertJsonRows } from './bulk.js';

type Ledger = (typeof LEDGER_TABLES)[number];
export type Values = Record<string, string | number | null>;

export interface LedgerRow {
	collection: string;
	id: string;
	content: Values;
	prev_hash: string | null;
	row_hash: string;
}

// Any fixed 64-bit key: PostgreSQL transactions appending to the ledger queue on it.
const CHAIN_LOCK_KEY = 7_431_022_019;

export { contentOf };

export function isPostgres(knex: Knex): boolean {
	return /^(pg|postgres)/.test(String(knex.client.config.client));
}

/**
 * Serializes every ledger-writing transaction. PostgreSQL: a transaction-scoped
 * advisory lock, so two concurrent CUTs of one manifest queue and the second
 * sees the first's history. SQLite allows one writer at a time already.
 */
export async function lockChain(trx: Knex.Transaction): Promise<void> {
	if (isPostgres(trx)) await trx.raw('select pg_advisory_xact_lock(?)', [CHAIN_LOCK_KEY]);
}

/** Collects rows for one transaction, chains them with the core and inserts them. */
export class LedgerWriter {
	private pending: { collection: string; id: string; content: Values }[] = [];
	private tail: { seq: number; row_hash: string } | null | undefined;
	readonly hashes = new Map<string, string>();
	/** Called after each INSERT with the rows this writer has inserted so far (a step's progress). */
	onInserted?: (rows: number) => void;
	private inserted = 0;

	constructor(
		private readonly trx: Knex.Transaction,
		private readonly core: Core,
		private readonly actor: string,
		private readonly now: string,
	) {}

	/** The last row hash written by `flush` (or found before it); 64 zeros for an empty ledger. */
	get head(): string {
		return this.tail?.row_hash ?? '0'.repeat(64);
	}

	/** Rows queued and not yet written. */
	get pendingCount(): number {
		return this.pending.length;
	}

	/** Queues a row; returns its id. Nothing is written before `flush`. */
	add(collection: Ledger, values: Record<string, unknown>): string {
		return this.addWithId(collection, randomUUID(), values);
	}

	/** `add` with an id chosen beforehand (a change set's id is known before its row). */
	addWithId(collection: Ledger, id: string, values: Record<string, unknown>): string {
		this.pending.push({
			collection,
			id,
			content: contentOf(collection, { ...values, id, recorded_at: this.now, recorded_by: this.actor }),
		});
		return id;
	}

	/**
	 * Chains and inserts the queued rows; afterwards `hashes` knows their row_hash.
	 * `wait: false` (a long run of rows, flushed a batch at a time): returns once the batch is
	 * chained and sent, so the core chains the next batch while the database inserts this one —
	 * the next flush waits for it before sending its own (order kept, one batch in flight), and an
	 * insert that failed fails that flush. A plain `flush()` returns when every row is inserted.
	 */
	async flush(options: { wait?: boolean } = {}): Promise<void> {
		const wait = options.wait ?? true;
		if (this.pending.length === 0) {
			if (wait) await this.settle();
			return;
		}
		if (this.tail === undefined) this.tail = await chainTail(this.trx);
		let seq = this.tail?.seq ?? 0;
		for (const p of this.pending) p.content['ledger_seq'] = ++seq;
		const prev = this.tail ? { collection: '', id: '', content: null, prev_hash: null, row_hash: this.tail.row_hash } : null;
		// Each row's content is serialized once: the core chains the batch from these texts, and on
		// PostgreSQL each table's rows travel as the same texts with their hashes spliced in.
		const texts = this.pending.map((p) => JSON.stringify(p.content));
		const rowsJson = `[${this.pending.map((p, i) => `{"collection":${JSON.stringify(p.collection)},"id":${JSON.stringify(p.id)},"content":${texts[i]}}`).join(',')}]`;
		// Lean: the core answers the hashes only; the contents are ours already (it hashes them unchanged).
		// Asked `lean`: the hashes only.
		const { hashes } = unwrap('ledger chain', this.core.ledgerChain({ prev, rows: rowsJson, lean: true })) as ILedgerChainHashesResult;
		const batch: Batch = { texts, hashes, tables: new Map() };
		this.pending.forEach((p, index) => {
			this.hashes.set(p.id, hashes[index]![1]);
			const rows = batch.tables.get(p.collection) ?? [];
			rows.push({ content: p.content, index });
			batch.tables.set(p.collection, rows);
		});
		this.tail = { seq, row_hash: hashes[hashes.length - 1]![1] };
		this.pending = [];
		await this.settle();
		const run = this.insert(batch);
		if (wait) return run;
		this.inflight = run;
		run.catch(() => undefined); // surfaced by the next flush
		// One turn of the event loop: the driver sends the batch before the caller's next CPU-bound work.
		await nextTurn();
	}

	private inflight: Promise<void> | null = null;

	/** The batch in flight, inserted (or its error thrown). */
	private async settle(): Promise<void> {
		const run = this.inflight;
		this.inflight = null;
		if (run) await run;
	}

	private async insert(batch: Batch): Promise<void> {
		// Tables in dependency order (the list order), so foreign keys always find their rows.
		for (const table of LEDGER_TABLES) {
			const rows = batch.tables.get(table);
			if (!rows) continue;
			const before = this.inserted;
			if (isPostgres(this.trx)) {
				// A content text ends with "}": the row's hashes go in before it (a content is never empty).
				const textOf = (k: number) => {
					const { index } = rows[k]!;
					const [prevHash, rowHash] = batch.hashes[index]!;
					return `${batch.texts[index]!.slice(0, -1)},"prev_hash":${JSON.stringify(prevHash)},"row_hash":${JSON.stringify(rowHash)}}`;
				};
				await insertJsonRows(this.trx, table, [...Object.keys(rows[0]!.content), 'prev_hash', 'row_hash'], rows.length, textOf);
				this.inserted = before + rows.length;
				this.onInserted?.(this.inserted);
			} else {
				const plain = rows.map(({ content, index }) => ({ ...content, prev_hash: batch.hashes[index]![0], row_hash: batch.hashes[index]![1] }));
				await bulkInsert(this.trx, table, plain, (done) => {
					this.inserted = before + done;
					this.onInserted?.(this.inserted);
				});
			}
		}
	}
}

/** One chained batch: each row's content as JSON text, the core's hashes of each row, its rows by table. */
interface Batch {
	texts: string[];
	hashes: [string | null, string][];
	tables: Map<string, { content: Values; index: number }[]>;
}
