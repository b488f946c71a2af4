// iu0017 — the person's or the agent's own signature in the rows of the steps that keep no history row of
// their own (issue 48, items 1 and 2).
//
// - `review_decision.actor_signature`: a go-ahead's, signed by the person who gives it (their passkey);
// - `ledger_incident.actor_signature`: an incident's, signed by the person who records it;
// - `dot_pair_signature.actor_signature`: DOT-991's own Ed25519 signature of the change set it cut, DOT-992's
//   of the verify result it recorded (the same signed step the history row keeps), so the DOT pair's rows are
//   the agents' signatures, not rows the server wrote in their names.
//
// Each is JSON text (core ledger::policy PolicySignature, or ledger::actor SignedStep), null when the step was
// not signed. The chain hashes the column only when it is set (shared/ledger-rows.js contentOf), so every row
// written before this migration keeps its row hash, and a signature added to such a row later, or taken out of
// a newer one, breaks the chain like any other edit.
//
// Additive: three nullable columns and their Data Studio fields, on tables the seal keeps append-only (adding a
// column writes no row, so no trigger fires). `down` refuses once a signature is kept, then removes them.

const V = 'iu0017';
export const SIGNATURE_COLUMN = 'actor_signature';
/** The ledger tables that gain the column, with what the signature in it is of. */
export const SIGNED_TABLES = {
	review_decision: 'The go-ahead’s signature by the person who gave it (their passkey), as JSON; empty for approvals and rejections, whose history row keeps theirs, and for steps no policy asked to sign.',
	ledger_incident: 'The signature of the person who recorded the incident (their passkey), over the document and the note, as JSON; empty when no policy asked for it.',
	dot_pair_signature: 'The agent’s own Ed25519 signature of the change set or verify result (signed_sha256), as JSON; empty for a step taken by hand (the history row keeps the person’s) or by an agent without a key of its own.',
};

export async function up(knex) {
	await knex.transaction(async (trx) => {
		for (const table of Object.keys(SIGNED_TABLES)) {
			if (!(await trx.schema.hasTable(table))) throw new Error(`${V}: table "${table}" is missing: apply the migrations in order (npm run migrate)`);
			if (await trx.schema.hasColumn(table, SIGNATURE_COLUMN)) throw new Error(`${V}: ${table}.${SIGNATURE_COLUMN} already exists; rename or drop it before upgrading iu-cutter`);
		}
		for (const [table, note] of Object.entries(SIGNED_TABLES)) {
			await trx.schema.alterTable(table, (t) => {
				t.text(SIGNATURE_COLUMN).nullable();
			});
			// After the chain columns in the Data Studio's form, read-only like every ledger field.
			const last = await trx('directus_fields').where({ collection: table }).max({ sort: 'sort' }).first();
			await trx('directus_fields').insert({
				collection: table,
				field: SIGNATURE_COLUMN,
				sort: Number(last?.sort ?? 0) + 1,
				hidden: false,
				readonly: true,
				required: false,
				width: 'full',
				special: null,
				interface: 'input-code',
				options: JSON.stringify({ language: 'JSON' }),
				display_options: null,
				note,
			});
		}
	});
}

export async function down(knex) {
	await knex.transaction(async (trx) => {
		for (const table of Object.keys(SIGNED_TABLES)) {
			const n = Number((await trx(table).whereNotNull(SIGNATURE_COLUMN).count({ n: '*' }))[0].n);
			if (n) throw new Error(`${V} down: ${n} row(s) of ${table} keep a signature in ${SIGNATURE_COLUMN}; the ledger is append-only. Nothing was changed.`);
		}
		for (const table of Object.keys(SIGNED_TABLES)) {
			await trx('directus_fields').where({ collection: table, field: SIGNATURE_COLUMN }).delete();
			// Plain ALTER TABLE on both databases: knex's SQLite dropColumn copies the table, which would drop the seal's triggers.
			await trx.raw(`alter table ${table} drop column ${SIGNATURE_COLUMN}`);
		}
	});
}
