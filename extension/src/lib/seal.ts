// The sealed unit store (migration iu0004): logical_unit, canonical_address_alias,
// a document's address fields and the ledger tables accept writes only from a
// transaction that opened the seal. `sealedTransaction` is the one way the
// workflow writes; every other writer — any Directus door, a Flow with "Emit
// Events" off, a database session — is refused by the database's triggers.
//
// PostgreSQL: the transaction-local setting iu_cutter.seal (gone with the
// transaction, whatever happens). SQLite: a row in iu_seal, deleted before the
// transaction commits; other connections never see it, and a rollback takes it
// away.
import type { Knex } from 'knex';
import { lockChain } from './ledger.js';
import { closeSeal, openSeal } from '../shared/seal.js';
import { appendWitness, assertSignedTail, signAppended, type Checkpoint } from './checkpoint.js';
import { loadCore } from './core.js';
import { chainTail } from '../shared/ledger-rows.js';
import { assertClusterSafe } from './cluster.js';
import { purgeDataCache } from './data-cache.js';
import { appendLog, pushToWitnesses } from './tlog.js';

export interface SealOptions {
	/**
	 * The one step that may act on a tail the server did not sign: recording an
	 * incident (POST /iu-cutter/incident). It audits the chain itself, names every
	 * row it finds unsigned or rewritten (they stay in history, disowned), and its
	 * checkpoint then signs the chain including them. Every other step keeps
	 * `assertSignedTail` strict.
	 */
	acknowledge?: boolean;
}

/**
 * Runs `fn` in one transaction that holds the ledger chain's lock and has the
 * seal open. Before `fn`, the chain's tail must be the head of the last signed
 * checkpoint (a step never acts on rows the server did not sign: a forged
 * approval appended by someone with database access is refused here). After
 * `fn`, what it appended is signed (a checkpoint row), the seal is closed, the
 * transaction commits, and only then is the checkpoint appended to the witness
 * file. The same rows are appended to the transparency log (lib/tlog.ts) and its
 * checkpoint signed in the transaction; after the commit it goes to the witnesses. When `fn` throws, the transaction rolls back and the seal goes with it:
 * closing it then would only be a statement in an aborted PostgreSQL
 * transaction, hiding the real error.
 *
 * Around it, for several instances (docs/DEPLOYMENT.md): before, the
 * deployment must be safe (lib/cluster.ts: another live instance on this
 * database without a shared Redis refuses the write, 503); after the commit,
 * Directus' data cache is purged (lib/data-cache.ts), so /items and /graphql
 * show what the step wrote at once, on every instance sharing the cache.
 */
export async function sealedTransaction<T>(knex: Knex, fn: (trx: Knex.Transaction) => Promise<T>, options: SealOptions = {}): Promise<T> {
	const core = await loadCore();
	// Outside the transaction: on SQLite a query on `knex` inside it would wait for its own connection.
	await assertClusterSafe();
	let checkpoint: Checkpoint | null = null;
	let logged = false;
	const result = await knex.transaction(async (trx) => {
		await lockChain(trx);
		if (!options.acknowledge) await assertSignedTail(trx, core);
		const seal = await openSeal(trx);
		const result = await fn(trx);
		const tail = await chainTail(trx);
		const now = new Date().toISOString();
		checkpoint = await signAppended(trx, core, tail, now);
		// The same rows, appended to the transparency log and signed as a C2SP checkpoint (lib/tlog.ts).
		logged = (await appendLog(trx, core, tail, now)) !== null;
		await closeSeal(trx, seal);
		return result;
	});
	if (checkpoint) appendWitness(checkpoint);
	// Witnesses on other machines: after the commit, never holding the step back (a witness that is down catches up later).
	if (logged) void pushToWitnesses(knex, core);
	await purgeDataCache();
	return result;
}
