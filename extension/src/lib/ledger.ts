// The append-only ledger: rows are chained by the core (`ledgerChain`) and
// inserted here, inside the caller's transaction. One chain runs through all
// twelve ledger tables in `ledger_seq` order, so deleting, editing or
// reordering any row anywhere breaks it.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { LEDGER_TABLES } from './collections.js';
import { chainTail, contentOf } from '../../../scripts/lib/ledger-rows.js';
import type { Core } from './core.js';
import { unwrap } from './outcome.js';

type Ledger = (typeof LEDGER_TABLES)[number];
export type Values = Record<string, string | number | null>;

export interface LedgerRow {
	collection: string;
	id: string;
	content: Values;
	prev_hash: string | null;
	row_hash: string;
}

// Rows per INSERT: well under SQLite's 32766 bound variables for the widest table.
const INSERT_CHUNK = 400;
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

	/** Chains and inserts the queued rows; afterwards `hashes` knows their row_hash. */
	async flush(): Promise<void> {
		if (this.pending.length === 0) return;
		if (this.tail === undefined) this.tail = await chainTail(this.trx);
		let seq = this.tail?.seq ?? 0;
		for (const p of this.pending) p.content['ledger_seq'] = ++seq;
		const prev = this.tail ? { collection: '', id: '', content: null, prev_hash: null, row_hash: this.tail.row_hash } : null;
		// Lean: the core answers the hashes only; the contents are ours already (it hashes them unchanged).
		const chain = this.core.ledgerChain as (prev: unknown, rows: string, lean: boolean) => unknown;
		const { hashes } = unwrap<{ hashes: [string | null, string][] }>('ledger chain', chain(prev, JSON.stringify(this.pending), true));
		const byTable = new Map<string, Record<string, unknown>[]>();
		this.pending.forEach((p, i) => {
			const [prev_hash, row_hash] = hashes[i]!;
			this.hashes.set(p.id, row_hash);
			const list = byTable.get(p.collection) ?? [];
			list.push({ ...p.content, prev_hash, row_hash });
			byTable.set(p.collection, list);
		});
		// Tables in dependency order (the list order), so foreign keys always find their rows.
		for (const table of LEDGER_TABLES) {
			const list = byTable.get(table);
			if (!list) continue;
			for (let i = 0; i < list.length; i += INSERT_CHUNK) {
				const chunk = list.slice(i, i + INSERT_CHUNK);
				await this.trx(table).insert(chunk);
				this.inserted += chunk.length;
				this.onInserted?.(this.inserted);
			}
		}
		this.tail = { seq, row_hash: hashes[hashes.length - 1]![1] };
		this.pending = [];
	}
}
