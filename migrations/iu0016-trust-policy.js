// iu0016 — the trust policy (issue 48; core ledger::policy).
//
// - `trust_policy`: the thirteenth ledger table. One row per version of the policy that says which key
//   may sign which act for which person, and which acts need a person's own signature: the policy's
//   RFC 8785 JSON (`policy_json`), its sha256, and the custodians' signatures over it (`signatures`,
//   JSON: passkey assertions or Ed25519 signatures of the core's statement). A version holds only with
//   the signatures of k custodians of the version before it (the first: of its own custodians), which
//   every audit checks again. Chained, sealed and append-only like the other ledger tables (the seal's
//   triggers, as iu0004 installs them), read-only under "Governance ledger" in the Data Studio.
// - `iu_trust_proposal`: a proposed next version while custodians sign it (operational state, not
//   history: what holds is the `trust_policy` row it becomes). No primary key, so Directus ignores it
//   and no Directus door reaches it, like iu_agent_step.
//
// Additive: two new tables, a collection and its fields. `down` refuses once a policy is recorded (the
// ledger is append-only), then removes all of it.

const V = 'iu0016';
export const TRUST_POLICY_TABLE = 'trust_policy';
export const TRUST_PROPOSAL_TABLE = 'iu_trust_proposal';
/** The trust_policy columns after the chain columns: what the chain hashes. */
export const TRUST_POLICY_FIELDS = ['version', 'policy_sha256', 'policy_json', 'signatures', 'proposed_by'];
const TABLE = TRUST_POLICY_TABLE;
const PROPOSALS = TRUST_PROPOSAL_TABLE;
const GROUP = 'governance_ledger';
const GUARD = 'iu_cutter_seal_guard';
const SEAL_TABLE = 'iu_seal';
const SHA = 64;
const NOTHING = 'Nothing was written.';
const FIELDS = ['id', 'ledger_seq', 'recorded_at', 'recorded_by', ...TRUST_POLICY_FIELDS, 'prev_hash', 'row_hash'];

const isPg = (knex) => /^(pg|postgres)/.test(String(knex.client.config.client));
const literal = (s) => `'${s.replaceAll("'", "''")}'`;

/** The seal's triggers on the new table, as iu0004 installs them on every ledger table. */
function triggers() {
	return [
		{ op: 'insert', when: 'unsealed', message: `iu-cutter: ${TABLE} is append-only and sealed: a policy version is appended only when k custodians signed it (POST /iu-cutter/trust/…). ${NOTHING}` },
		{ op: 'update', when: 'always', message: `iu-cutter: ${TABLE} is append-only: its rows are never updated or deleted, by anyone. ${NOTHING}` },
		{ op: 'delete', when: 'always', message: `iu-cutter: ${TABLE} is append-only: its rows are never updated or deleted, by anyone. ${NOTHING}` },
	].map((t) => ({ ...t, name: `iu_seal_${TABLE}_${t.op}` }));
}

export async function up(knex) {
	await knex.transaction(async (trx) => {
		for (const t of [TABLE, PROPOSALS]) {
			if (await trx.schema.hasTable(t)) throw new Error(`${V}: table "${t}" already exists; rename or drop it before installing iu-cutter`);
		}
		if (!(await trx.schema.hasTable('iu_ledger_checkpoint'))) throw new Error(`${V}: iu0004 (the seal) is not applied: apply the migrations in order (npm run migrate)`);
		await trx.schema.createTable(TABLE, (t) => {
			t.uuid('id').primary();
			t.integer('ledger_seq').notNullable().unique();
			t.string('recorded_at', 32).notNullable();
			t.uuid('recorded_by').notNullable();
			// 1 for the first policy; each change adds one. One row per version.
			t.integer('version').notNullable().unique();
			t.string('policy_sha256', SHA).notNullable();
			// The policy's RFC 8785 JSON, with its format `v`.
			t.text('policy_json').notNullable();
			// JSON: the custodians' signatures of the policy's sha256.
			t.text('signatures').notNullable();
			t.uuid('proposed_by').notNullable();
			t.string('prev_hash', SHA);
			t.string('row_hash', SHA).notNullable().unique();
		});
		await trx.schema.createTable(PROPOSALS, (t) => {
			t.string('id', 36).notNullable().unique();
			// The version it would become: one open proposal per version.
			t.integer('version').notNullable().unique();
			t.text('policy_json').notNullable();
			// JSON: the custodians' signatures collected so far.
			t.text('signatures').notNullable();
			t.string('proposed_by', 36).notNullable();
			t.string('proposed_at', 32).notNullable();
			// What the proposal does, in the proposer's words ("Enrol the reviewer's passkey").
			t.text('note').notNullable();
		});
		await trx('directus_collections').insert({
			collection: TABLE,
			icon: 'policy',
			note: 'Which key may sign which step, for whom, and which steps need a person’s own signature: one row per version, each signed by k custodians of the version before. Written only by POST /iu-cutter/trust/….',
			hidden: false,
			singleton: false,
			accountability: 'all',
			collapse: 'open',
			group: GROUP,
			sort: 13,
			sort_field: 'ledger_seq',
		});
		await trx('directus_fields').insert(
			FIELDS.map((field, i) => {
				const json = field === 'policy_json' || field === 'signatures';
				return {
					collection: TABLE,
					field,
					sort: i + 1,
					hidden: field === 'id',
					readonly: true,
					required: false,
					width: json ? 'full' : 'half',
					special: field === 'id' ? 'uuid' : null,
					interface: json ? 'input-code' : 'input',
					options: json ? JSON.stringify({ language: 'JSON' }) : null,
					display_options: null,
				};
			}),
		);
		if (isPg(trx)) {
			for (const t of triggers()) {
				await trx.raw(`create trigger ${t.name} before ${t.op} on ${TABLE} for each row execute function ${GUARD}(${literal(t.when)}, ${literal(t.message)})`);
			}
			await trx.raw(
				`create trigger iu_seal_${TABLE}_truncate before truncate on ${TABLE} for each statement execute function ${GUARD}('always', ${literal(`iu-cutter: ${TABLE} cannot be truncated: it is sealed. ${NOTHING}`)})`,
			);
		} else {
			for (const t of triggers()) {
				const when = t.when === 'unsealed' ? ` WHEN NOT EXISTS (SELECT 1 FROM ${SEAL_TABLE})` : '';
				await trx.raw(`CREATE TRIGGER ${t.name} BEFORE ${t.op.toUpperCase()} ON ${TABLE}${when} BEGIN SELECT RAISE(ABORT, ${literal(t.message)}); END`);
			}
		}
	});
}

export async function down(knex) {
	await knex.transaction(async (trx) => {
		const n = Number((await trx(TABLE).count({ n: '*' }))[0].n);
		if (n) throw new Error(`${V} down: ${n} trust policy version(s) are recorded in ${TABLE}; the ledger is append-only. Nothing was changed.`);
		const pg = isPg(trx);
		for (const t of triggers()) await trx.raw(pg ? `drop trigger if exists ${t.name} on ${TABLE}` : `drop trigger if exists ${t.name}`);
		if (pg) await trx.raw(`drop trigger if exists iu_seal_${TABLE}_truncate on ${TABLE}`);
		await trx('directus_fields').where({ collection: TABLE }).delete();
		await trx('directus_collections').where({ collection: TABLE }).delete();
		await trx.schema.dropTable(PROPOSALS);
		await trx.schema.dropTable(TABLE);
	});
}
