// The units of a manifest written in block order while the CUT's core check is still
// reading the blocks. When the core says the write steps are every block but the confirms,
// in manifest order (`CutCheck.writesInBlockOrder`: no remove, no readdress), the executor
// need not wait for the check's answer to know what to write: each slice of blocks the core
// has been given goes to the database while the core reads the next, so the database is
// not idle through a check of 100k blocks. Nothing is decided here: every block but the
// confirms is written, in manifest order, and the CUT commits only when the check passed and
// the core found its write steps to be exactly that (`finishInBlockOrder`); otherwise the
// transaction is rolled back with everything in it.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Knex } from 'knex';
import { bulkInsert, bulkUpdate } from './bulk.js';
import { LOGICAL_UNIT } from './collections.js';
import { createdRow, insertPlannedAliases, updatedRow, type Block, type PlannedAlias } from './store.js';

const IN_BLOCK_ORDER = new Set(['create', 'update', 'promote', 'retire']);

export class BlockWriter {
	/** Units written (every block but the confirms, in order). */
	units = 0;
	/** The first failure (a block that does not read, a write the database refused): nothing is sent after it. */
	error: unknown = null;
	private readonly aliases: PlannedAlias[] = [];
	private inflight: Promise<void> | null = null;
	private next = 0;

	constructor(
		private readonly trx: Knex.Transaction,
		private readonly now: string,
	) {}

	/**
	 * The next blocks' stored texts, in manifest order. Returns once their units are on their way
	 * to the database (one slice in flight: this waits for the slice before).
	 */
	async add(lines: string[]): Promise<void> {
		const first = this.next;
		this.next += lines.length;
		await this.settle();
		if (this.error) return;
		let blocks: Block[];
		try {
			blocks = lines.map((line) => JSON.parse(line) as Block);
		} catch (e) {
			// The core's check names what is wrong with the stored block; nothing more is written.
			this.error = e;
			return;
		}
		this.inflight = this.write(blocks, first).catch((e) => {
			this.error ??= e;
		});
		// One turn of the event loop: the driver sends the slice before the core's next call holds the thread.
		await nextTurn();
	}

	/** Everything sent so far, done (a failure is kept in `error`). */
	async settle(): Promise<void> {
		const run = this.inflight;
		this.inflight = null;
		if (run) await run;
	}

	/** After the check passed: the blocks' planned alias rows (their units all exist now). */
	async finish(changeSet: string): Promise<{ units: number; aliases: number; created: Record<string, unknown>[]; withdrawn: Record<string, unknown>[] }> {
		await this.settle();
		if (this.error) throw this.error;
		const { aliases, created } = await insertPlannedAliases(this.trx, this.aliases, changeSet);
		return { units: this.units, aliases, created, withdrawn: [] };
	}

	private async write(blocks: Block[], first: number): Promise<void> {
		// Consecutive creates and consecutive updates each go in batches, in manifest order: in block order nothing is
		// readdressed or removed, so no write takes an address another row of its batch holds (bulkUpdate).
		const creates: Record<string, unknown>[] = [];
		const updates: Record<string, unknown>[] = [];
		const flush = async () => {
			await bulkInsert(this.trx, LOGICAL_UNIT, creates);
			creates.length = 0;
			await bulkUpdate(this.trx, LOGICAL_UNIT, 'id', updates);
			updates.length = 0;
		};
		for (let i = 0; i < blocks.length; i++) {
			const block = blocks[i]!;
			if (block.action === 'confirm') continue;
			// The envelope's counts are claims until the check has counted the blocks.
			if (!IN_BLOCK_ORDER.has(block.action)) throw new Error(`block ${first + i} is a ${block.action}, which is not written in block order`);
			this.units++;
			if (block.aliases?.length) this.aliases.push(...block.aliases);
			if (block.action === 'create') {
				// In manifest order: the updates before it first.
				if (updates.length) await flush();
				creates.push(createdRow(block.after!, this.now));
			} else {
				// …and the creates before an update.
				if (creates.length) await flush();
				updates.push(updatedRow(block.after!, this.now));
			}
		}
		await flush();
	}
}
