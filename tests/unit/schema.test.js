// The schema module (extension/src/shared/schema.js) agrees with the frozen migrations: with the names and
// field lists they export, and with the tables their recorded shapes (migrations/expected/<version>.<db>.json,
// which the gated runner holds every applied migration to) create on SQLite and PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from '../../extension/src/shared/schema.js';
import { plainUnit } from '../../extension/src/shared/drift.js';
import * as iu0002 from '../../migrations/iu0002-governance-ledger.js';
import * as iu0004 from '../../migrations/iu0004-seal.js';
import * as iu0005 from '../../migrations/iu0005-instance-heartbeat.js';
import * as iu0012 from '../../migrations/iu0012-agents.js';
import * as iu0016 from '../../migrations/iu0016-trust-policy.js';
import * as iu0017 from '../../migrations/iu0017-step-signatures.js';
import * as iu0018 from '../../migrations/iu0018-transparency-log.js';

const EXPECTED = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'migrations', 'expected');

test('the names and field lists the migrations export are the schema module’s', () => {
	const pairs = {
		LEDGER_COLLECTIONS: iu0002.LEDGER_COLLECTIONS,
		LEDGER_FIELDS: iu0002.LEDGER_FIELDS,
		SEAL_TABLE: iu0004.SEAL_TABLE,
		SEAL_SETTING: iu0004.SEAL_SETTING,
		CHECKPOINT_TABLE: iu0004.CHECKPOINT_TABLE,
		MIGRATION_LEDGER: iu0004.MIGRATION_LEDGER,
		INCIDENT_TABLE: iu0004.INCIDENT_TABLE,
		TRUST_POLICY_TABLE: iu0016.TRUST_POLICY_TABLE,
		TRUST_PROPOSAL_TABLE: iu0016.TRUST_PROPOSAL_TABLE,
		// iu0016 adds the thirteenth ledger table after iu0004's twelve.
		LEDGER_TABLES: [...iu0004.LEDGER_TABLES, iu0016.TRUST_POLICY_TABLE],
		LEDGER_TABLE_FIELDS: { ...iu0004.LEDGER_TABLE_FIELDS, [iu0016.TRUST_POLICY_TABLE]: iu0016.TRUST_POLICY_FIELDS },
		SEALED_TABLES: iu0004.SEALED_TABLES,
		APPEND_ONLY_TABLES: [...iu0004.LEDGER_TABLES, iu0016.TRUST_POLICY_TABLE, ...iu0004.APPEND_ONLY_TABLES.slice(iu0004.LEDGER_TABLES.length)],
		ADDRESS_FIELDS: iu0004.ADDRESS_FIELDS,
		INSTANCE_TABLE: iu0005.INSTANCE_TABLE,
		AGENT_STEP_TABLE: iu0012.AGENT_STEP_TABLE,
		SIGNATURE_COLUMN: iu0017.SIGNATURE_COLUMN,
		SIGNED_LEDGER_TABLES: Object.keys(iu0017.SIGNED_TABLES),
		TLOG_TILE_TABLE: iu0018.TLOG_TILE_TABLE,
		TLOG_CHECKPOINT_TABLE: iu0018.TLOG_CHECKPOINT_TABLE,
		TLOG_COSIGNATURE_TABLE: iu0018.TLOG_COSIGNATURE_TABLE,
	};
	for (const [name, fromMigration] of Object.entries(pairs)) assert.deepEqual(schema[name], fromMigration, name);
});

/** table → its columns, as the recorded shapes of every migration create them on `db` ('sqlite' | 'postgres'). */
function createdTables(db) {
	const tables = new Map();
	for (const file of readdirSync(EXPECTED).filter((f) => f.endsWith(`.${db}.json`)).sort()) {
		const diff = JSON.parse(readFileSync(join(EXPECTED, file), 'utf8'));
		for (const item of diff.added) {
			if (item.kind === 'table') {
				// "columns: a varchar(36) not null primary key, b numeric(8, 2) null, …; indexes: …": each column starts with its name.
				const list = /^columns: (.*?)(?:; indexes:|$)/.exec(item.detail)?.[1] ?? '';
				tables.set(item.name, new Set(list.split(', ').map((c) => c.split(' ')[0]).filter((c) => /^[a-z_][a-z0-9_]*$/.test(c))));
			}
			if (item.kind === 'column') tables.get(item.name.split('.')[0])?.add(item.name.split('.')[1]);
		}
		for (const item of diff.removed) {
			if (item.kind === 'table') tables.delete(item.name);
			if (item.kind === 'column') tables.get(item.name.split('.')[0])?.delete(item.name.split('.')[1]);
		}
	}
	return tables;
}

const sorted = (xs) => [...xs].sort();

for (const db of ['sqlite', 'postgres']) {
	test(`every table the migrations create on ${db} is named in the schema module, with the columns it lists`, () => {
		const tables = createdTables(db);
		const named = [...schema.UNIT_STORE, ...schema.LEDGER_TABLES, schema.SEAL_TABLE, schema.CHECKPOINT_TABLE, schema.INSTANCE_TABLE, schema.AGENT_STEP_TABLE, schema.TRUST_PROPOSAL_TABLE, schema.TLOG_TILE_TABLE, schema.TLOG_CHECKPOINT_TABLE, schema.TLOG_COSIGNATURE_TABLE];
		assert.deepEqual(sorted(tables.keys()), sorted(named), 'the tables the migrations create');
		for (const table of schema.LEDGER_TABLES) {
			const signed = schema.SIGNED_LEDGER_TABLES.includes(table) ? [schema.SIGNATURE_COLUMN] : [];
			assert.deepEqual(
				sorted(tables.get(table)),
				sorted([...schema.CHAIN_HEAD, ...schema.LEDGER_TABLE_FIELDS[table], ...signed, ...schema.CHAIN_LINKS]),
				`${table}: the chain columns, the hashed fields and iu0017's signature are every column`,
			);
		}
		assert.deepEqual(sorted(tables.get(schema.ALIAS)), sorted(schema.ALIAS_COLUMNS), `${schema.ALIAS}: ALIAS_COLUMNS is every column`);
		for (const f of schema.UNIT_FIELDS) assert.ok(tables.get(schema.LOGICAL_UNIT).has(f), `${schema.LOGICAL_UNIT}.${f}`);
		for (const f of schema.ADDRESS_FIELDS) assert.ok(tables.get(schema.DOCUMENT).has(f), `${schema.DOCUMENT}.${f}`);
	});
}

test('a stored unit as the core reads it (plainUnit) has exactly UNIT_FIELDS', () => {
	assert.deepEqual(Object.keys(plainUnit({ id: 'u', position: 1 })), schema.UNIT_FIELDS);
});

test('iu0017’s signature column is hashed only when set: rows chained before it keep their content, a signature changes it', async () => {
	const { contentOf } = await import('../../extension/src/shared/ledger-rows.js');
	const row = { id: 'd1', ledger_seq: 7, recorded_at: '2026-11-28T00:00:00.000Z', recorded_by: 'u', entry: 'e', manifest_sha256: 'a'.repeat(64), decision: 'go_ahead', reviewer: 'u', comment: null };
	const before = contentOf('review_decision', row);
	assert.deepEqual(Object.keys(before), [...schema.CHAIN_HEAD, ...schema.LEDGER_TABLE_FIELDS.review_decision], 'no signature: the columns as before iu0017');
	assert.deepEqual(contentOf('review_decision', { ...row, actor_signature: null }), before, 'a null signature is not hashed');
	assert.equal(contentOf('review_decision', { ...row, actor_signature: '{"key_id":"k"}' }).actor_signature, '{"key_id":"k"}', 'a signature is');
	assert.equal('actor_signature' in contentOf('verify_result', { ...row, actor_signature: 'x' }), false, 'only the tables iu0017 gave the column');
});
