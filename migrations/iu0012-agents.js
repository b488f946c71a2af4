// iu0012 — the executor and verifier agents (extension/src/governance/agents.ts).
//
// - `iu_agent_step`: one row per (entry, step) an agent took up: its lease while it runs (so
//   two instances of a cluster never run one step at once), its last attempt (when, outcome,
//   error code and message, the ledger row it wrote) and when it may try again (a failing step
//   backs off instead of looping). Operational state, not history: what an agent did is in the
//   ledger, signed as that agent. No primary key on purpose (like iu_instance): Directus ignores
//   the table, so no Directus door reads or writes it and it takes no collection of the licence.
//   `(entry, step)` is unique, so taking a step up is one insert that only one instance wins.
// - `review_decision.decision` also allows `go_ahead`: the explicit go-ahead an institution may
//   require before the executor agent cuts an approved manifest. A go-ahead is a reviewer's
//   second word on the same manifest sha256, so it is a review_decision row (who gave it, on
//   which sha256, with a comment), chained and signed like every ledger row. It writes no
//   history event: the entry stays `approved` until the CUT, and the core's state machine is
//   unchanged. PostgreSQL drops and adds the CHECK; SQLite rebuilds the table under its own
//   name (as iu0008 does for section_type), its indexes and seal triggers put back after the
//   rows, which needs foreign key enforcement off (as in `npm run migrate`).
//
// Declared not additive: it changes a CHECK (the schema diff, which does not model CHECKs,
// shows only the new table). Rows: none change. `down` refuses while a go-ahead is recorded
// (the old CHECK could not hold it), then restores the CHECK and drops the table.

export const AGENT_STEP_TABLE = 'iu_agent_step';

const V = 'iu0012';
const TABLE = 'review_decision';
const COLUMN = 'decision';
const BEFORE = ['approve', 'reject'];
const AFTER = ['approve', 'reject', 'go_ahead'];

const isPg = (knex) => /^(pg|postgres)/.test(String(knex.client.config.client));
const list = (values) => values.map((v) => `'${v}'`).join(',');

export async function up(knex) {
	await knex.transaction(async (trx) => {
		if (await trx.schema.hasTable(AGENT_STEP_TABLE)) throw new Error(`${V}: table "${AGENT_STEP_TABLE}" already exists; rename or drop it before installing iu-cutter`);
		if (!(await trx.schema.hasTable(TABLE))) throw new Error(`${V}: table "${TABLE}" is missing: apply iu0002 through the migration runner (npm run migrate) first`);
		await trx.schema.createTable(AGENT_STEP_TABLE, (t) => {
			t.string('entry', 36).notNullable();
			// 'cut' or 'verify'.
			t.string('step', 8).notNullable();
			// The agent user who took it up.
			t.string('agent', 36).notNullable();
			t.integer('attempts').notNullable();
			// 'running', 'done' (the agent wrote its ledger row), 'failed' (refused or broke) or 'skipped' (another did it).
			t.string('outcome', 16).notNullable();
			t.string('started_at', 32).notNullable();
			t.string('finished_at', 32).nullable();
			// Milliseconds since the epoch: a running step's lease ends then (an instance that died mid-step).
			t.bigInteger('lease_until').notNullable();
			// Milliseconds since the epoch: a failed step is not tried again before then.
			t.bigInteger('retry_at').notNullable();
			t.string('code', 64).nullable();
			t.text('message').nullable();
			// The ledger row the step wrote: the cut_change_set or verify_result id.
			t.string('result', 36).nullable();
			t.unique(['entry', 'step']);
		});
		await setDecisions(trx, AFTER);
	});
}

export async function down(knex) {
	await knex.transaction(async (trx) => {
		const given = Number((await trx(TABLE).where({ [COLUMN]: 'go_ahead' }).count({ n: '*' }))[0].n);
		if (given) throw new Error(`${V} down: ${given} go-ahead(s) are recorded in review_decision; the ledger is append-only, and iu0002's CHECK could not hold them. Nothing was changed.`);
		await setDecisions(trx, BEFORE);
		await trx.schema.dropTable(AGENT_STEP_TABLE);
	});
}

/** The CHECK on review_decision.decision allows exactly `decisions`. */
async function setDecisions(trx, decisions) {
	if (isPg(trx)) {
		const checks = (
			await trx.raw(`select conname from pg_constraint where conrelid = ?::regclass and contype = 'c' and pg_get_constraintdef(oid) like ?`, [TABLE, `%${COLUMN}%`])
		).rows.map((r) => r.conname);
		for (const name of checks) await trx.raw(`alter table ?? drop constraint ??`, [TABLE, name]);
		await trx.raw(`alter table ?? add constraint ?? check (?? in (${list(decisions)}))`, [TABLE, `${TABLE}_${COLUMN}_check`, COLUMN]);
		return;
	}
	await rebuildSqlite(trx, decisions);
}

// SQLite changes a CHECK only by rebuilding the table. Under its own name (never renamed), so
// nothing that references it is rewritten; its rows, indexes and seal triggers come back as they were.
async function rebuildSqlite(trx, decisions) {
	const [{ foreign_keys: enforced }] = await trx.raw('pragma foreign_keys');
	if (Number(enforced)) {
		throw new Error(`${V}: SQLite must rebuild ${TABLE} to change its CHECK, and this connection enforces foreign keys (PRAGMA foreign_keys cannot change inside a transaction); run it through \`npm run migrate\`, whose connection does not. Nothing was changed.`);
	}
	const [table] = await trx.raw(`select sql from sqlite_master where type = 'table' and name = ?`, [TABLE]);
	const check = /check \(`decision` in \([^)]*\)\)/i;
	if (!check.test(table.sql)) throw new Error(`${V}: ${TABLE}'s definition has no CHECK on decision as iu0002 wrote it: ${table.sql}`);
	const sql = table.sql.replace(check, `check (\`${COLUMN}\` in (${list(decisions)}))`);
	const dependents = (await trx.raw(`select sql from sqlite_master where tbl_name = ? and type in ('index', 'trigger') and sql is not null order by type, name`, [TABLE])).map((r) => r.sql);
	const count = async () => Number((await trx(TABLE).count({ n: '*' }))[0].n);
	const rows = await count();
	await trx.raw(`create temp table ${V}_${TABLE} as select * from main.${TABLE}`);
	// DROP TABLE's implicit delete fires no trigger; the seal's triggers are put back below, after the rows.
	await trx.raw(`drop table main.${TABLE}`);
	await trx.raw(sql);
	await trx.raw(`insert into main.${TABLE} select * from temp.${V}_${TABLE}`);
	await trx.raw(`drop table temp.${V}_${TABLE}`);
	for (const d of dependents) await trx.raw(d);
	if ((await count()) !== rows) throw new Error(`${V}: ${TABLE} had ${rows} rows before the rebuild and ${await count()} after`);
	const orphans = (await trx.raw(`pragma foreign_key_check(${TABLE})`)).length;
	if (orphans) throw new Error(`${V}: after the rebuild ${orphans} row(s) of ${TABLE} reference no entry`);
}
