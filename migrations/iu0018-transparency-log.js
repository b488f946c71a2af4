// iu0018 — the ledger as a transparency log (issue 49; core ledger::tlog, extension lib/tlog.ts).
//
// One leaf per ledger row (its row_hash, leaf index = ledger_seq − 1), RFC 6962 hashing, kept as
// c2sp.org/tlog-tiles and signed as c2sp.org/tlog-checkpoint notes:
//
// - `iu_tlog_tile`: the log's tiles, one row per tile: `hashes` is its 32-byte hashes in hex, one after
//   the other. Only the right edge of each level grows (a partial tile is a prefix of every later version
//   of itself), so a row is inserted, then updated in place until it holds 256. Sealed: written only in
//   the workflow's sealed transaction, which appends the rows it wrote to the log.
// - `iu_tlog_checkpoint`: the signed checkpoint note of every size the log reached: append-only and
//   sealed, like iu_ledger_checkpoint (whose checkpoints stay, and stay verifiable, as they are).
// - `iu_tlog_cosignature`: the witnesses' cosignatures of those checkpoints (c2sp.org/tlog-cosignature),
//   one line each. Written after the commit, when a witness answers, by any instance: not sealed,
//   because a cosignature verifies itself (a forged one fails its witness's key; a deleted one is still
//   held by the witness).
//
// No primary keys: Directus ignores the three tables, so no Directus door reaches them.
//
// The log only grows. If the chain loses rows the log holds (a tail deleted, rows re-hashed: an incident), the
// log stops where it was and keeps them as evidence: the steps go on, signed by the chain's checkpoints, and the
// operator starts a new log under a new origin (docs/OPERATIONS.md), whose first checkpoint the witnesses of the
// old one will not cosign as its continuation.
//
// The existing chain becomes the first leaves of the log without a row of it being rewritten: the first
// sealed step after the upgrade (the `then` of this migration, or the next workflow step) appends every
// row from seq 1, after the chain's tail was checked against its last signed checkpoint.
//
// Additive: three new empty tables and their triggers. `down` removes them, checkpoints and all: the log is a
// function of the chain (the same rows give the same tiles and roots), so the follow-up of the next `up` rebuilds
// the same tree, and every checkpoint a witness cosigned stays consistent with it. The chain and its own
// checkpoints (iu_ledger_checkpoint, the witness file) are untouched either way.

const V = 'iu0018';
export const TLOG_TILE_TABLE = 'iu_tlog_tile';
export const TLOG_CHECKPOINT_TABLE = 'iu_tlog_checkpoint';
export const TLOG_COSIGNATURE_TABLE = 'iu_tlog_cosignature';
const GUARD = 'iu_cutter_seal_guard';
const SEAL_TABLE = 'iu_seal';
const NOTHING = 'Nothing was written.';
const WORKFLOW = 'the CUT / VERIFY workflow, which appends what each of its transactions wrote to the log';

const isPg = (knex) => /^(pg|postgres)/.test(String(knex.client.config.client));
const literal = (s) => `'${s.replaceAll("'", "''")}'`;

function triggers() {
	const out = [];
	const add = (table, op, when, message) => out.push({ table, op, when, message, name: `iu_seal_${table}_${op}` });
	for (const op of ['insert', 'update', 'delete']) {
		add(TLOG_TILE_TABLE, op, 'unsealed', `iu-cutter: ${TLOG_TILE_TABLE} is sealed: the log's tiles change only through ${WORKFLOW}. ${NOTHING}`);
	}
	add(TLOG_CHECKPOINT_TABLE, 'insert', 'unsealed', `iu-cutter: ${TLOG_CHECKPOINT_TABLE} is append-only and sealed: checkpoints are appended only by ${WORKFLOW}. ${NOTHING}`);
	for (const op of ['update', 'delete']) {
		add(TLOG_CHECKPOINT_TABLE, op, 'always', `iu-cutter: ${TLOG_CHECKPOINT_TABLE} is append-only: its rows are never updated or deleted, by anyone. ${NOTHING}`);
	}
	return out;
}

export async function up(knex) {
	await knex.transaction(async (trx) => {
		for (const t of [TLOG_TILE_TABLE, TLOG_CHECKPOINT_TABLE, TLOG_COSIGNATURE_TABLE]) {
			if (await trx.schema.hasTable(t)) throw new Error(`${V}: table "${t}" already exists; rename or drop it before upgrading iu-cutter`);
		}
		if (!(await trx.schema.hasTable('iu_ledger_checkpoint'))) throw new Error(`${V}: iu0004 (the seal) is not applied: apply the migrations in order (npm run migrate)`);
		await trx.schema.createTable(TLOG_TILE_TABLE, (t) => {
			// The tile's level (0: leaf hashes) and index (c2sp.org/tlog-tiles).
			t.integer('level').notNullable();
			t.bigInteger('idx').notNullable();
			// Its hashes, 64 hex characters each: up to 256 (16 384 characters).
			t.text('hashes').notNullable();
			t.unique(['level', 'idx']);
		});
		await trx.schema.createTable(TLOG_CHECKPOINT_TABLE, (t) => {
			// The tree size: the ledger_seq of the last row it holds.
			t.bigInteger('size').notNullable().unique();
			t.string('root', 64).notNullable();
			// The row_hash of ledger row `size`: the log goes on only while the chain still ends its tree with it.
			t.string('head', 64).notNullable();
			t.string('origin', 255).notNullable();
			// The signed note, as GET /iu-cutter/tlog/checkpoint serves it (without cosignatures).
			t.text('note').notNullable();
			t.string('recorded_at', 32).notNullable();
		});
		await trx.schema.createTable(TLOG_COSIGNATURE_TABLE, (t) => {
			t.bigInteger('size').notNullable();
			// The witness's name in the policy.
			t.string('witness', 255).notNullable();
			// The cosignature line (— name base64).
			t.text('line').notNullable();
			// The witness's own timestamp (Unix seconds), and when the server received it.
			t.bigInteger('cosigned_at').notNullable();
			t.string('received_at', 32).notNullable();
			t.unique(['size', 'witness']);
		});
		if (isPg(trx)) {
			for (const t of triggers()) {
				await trx.raw(`create trigger ${t.name} before ${t.op} on ${t.table} for each row execute function ${GUARD}(${literal(t.when)}, ${literal(t.message)})`);
			}
			for (const table of [TLOG_TILE_TABLE, TLOG_CHECKPOINT_TABLE]) {
				await trx.raw(
					`create trigger iu_seal_${table}_truncate before truncate on ${table} for each statement execute function ${GUARD}('always', ${literal(`iu-cutter: ${table} cannot be truncated: it is sealed. ${NOTHING}`)})`,
				);
			}
		} else {
			for (const t of triggers()) {
				const when = t.when === 'unsealed' ? ` WHEN NOT EXISTS (SELECT 1 FROM ${SEAL_TABLE})` : '';
				await trx.raw(`CREATE TRIGGER ${t.name} BEFORE ${t.op.toUpperCase()} ON ${t.table}${when} BEGIN SELECT RAISE(ABORT, ${literal(t.message)}); END`);
			}
		}
	});
}

export async function down(knex) {
	await knex.transaction(async (trx) => {
		const pg = isPg(trx);
		for (const t of triggers()) await trx.raw(pg ? `drop trigger if exists ${t.name} on ${t.table}` : `drop trigger if exists ${t.name}`);
		if (pg) {
			for (const table of [TLOG_TILE_TABLE, TLOG_CHECKPOINT_TABLE]) await trx.raw(`drop trigger if exists iu_seal_${table}_truncate on ${table}`);
		}
		await trx.schema.dropTable(TLOG_COSIGNATURE_TABLE);
		await trx.schema.dropTable(TLOG_CHECKPOINT_TABLE);
		await trx.schema.dropTable(TLOG_TILE_TABLE);
	});
}
