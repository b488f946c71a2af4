// Gated migrations and restore-tested backups (DESIGN §6) on a real database
// that Directus bootstrapped: the operator's commands run as processes
// (`node scripts/migrate.js`, `node scripts/backup.js`) and their exit codes
// and reports are checked; the failure cases run the same functions on copies
// of the migrations folder. IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, truncateSync, statSync, openSync, writeSync, closeSync, readdirSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { loadNodeCore } from '../support/core.js';
import { applyPending, appliedMigrations, formatReport, freeze, readManifest, undo, verifyMigrationLedger, MIGRATIONS } from '../../scripts/migrate.js';
import { plainUnit } from '../../extension/src/shared/drift.js';
import { contentOf } from '../../extension/src/shared/ledger-rows.js';
import { connect } from '../../extension/src/cli/database.js';
import { introspect, schemaDiff } from '../../extension/src/cli/introspect.js';
import { asSuperuser, LEDGER } from '../support/db.js';
import { assertNotSource, restoreToScratch } from '../../extension/src/cli/scratch.js';
import * as IU0008 from '../../migrations/lib/section-types-iu0008.js';
import * as IU0009 from '../../migrations/lib/section-types-iu0009.js';
import * as IU0010 from '../../migrations/lib/section-types-iu0010.js';
import { computeSeed, seedText, shippedVocabularies } from '../../scripts/vocabulary-seed.js';

const DB = process.env.IU_DB ?? 'sqlite';
let directus, pg, dir, db, spec, k, core;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-ops-${DB}-`));
	let harnessDb = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 55100 + (process.pid % 150) });
		harnessDb = pg.createDatabase('iu_ops');
	}
	// Directus' own tables only: the tests run iu-cutter's migrations themselves.
	directus = await startDirectus({ dir, port: 20000 + (process.pid % 1000), db: harnessDb, adminEmail: 'admin@example.com', adminPassword: 'ops-test-password', migrate: false });
	await directus.stop();
	db = DB === 'postgres' ? harnessDb : { client: 'sqlite3', filename: join(dir, 'data.db') };
	spec = DB === 'postgres' ? `postgres://postgres@127.0.0.1:${db.port}/${db.database}` : `sqlite:${db.filename}`;
	k = connect(db);
	core = await loadNodeCore();
});

after(async () => {
	await k?.destroy();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (script, ...args) => runWith({}, script, ...args);
// `env`: e.g. the signing key and witness file the runner signs iu0011's upgrade entries with.
const runWith = (env, script, ...args) => {
	const r = spawnSync(process.execPath, [join(ROOT, 'scripts', script), '--db', spec, ...args], { encoding: 'utf8', cwd: ROOT, timeout: 300_000, env: { ...process.env, ...env } });
	return { code: r.status, out: `${r.stdout}${r.stderr}` };
};
// The store as the release before iu0011 left it: later tests undo and apply again up to there (iu0011's
// preflight refuses the units the backup tests write behind the ledger's back; its own tests are at the end).
const THROUGH_IU0010 = { untilVersion: 'iu0010' };
const tables = async () => Object.keys((await introspect(k)).tables);
// Tables, columns, indexes, Directus metadata, and the triggers and functions of the seal (iu0004).
const sameSchema = async (a, b) => schemaDiff(core, a, b).diff;
const copyMigrations = () => {
	const to = mkdtempSync(join(tmpdir(), 'iu-migrations-'));
	cpSync(MIGRATIONS, to, { recursive: true });
	return to;
};
// A copy of the migrations up to `version`: the later ones' files left out, the manifest frozen again.
const migrationsThrough = (version) => {
	const to = copyMigrations();
	const later = readManifest(to).files.filter((f) => f.version && f.version > version);
	for (const f of later) {
		rmSync(join(to, f.file));
		rmSync(join(to, 'lib', `section-types-${f.version}.js`), { force: true });
		for (const db of ['sqlite', 'postgres']) rmSync(join(to, 'expected', `${f.version}.${db}.json`), { force: true });
	}
	freeze(to);
	return to;
};

test('dry run applies to a scratch copy, prints the schema diff, and leaves the database untouched', async () => {
	const before = await introspect(k);
	const r = run('migrate.js', '--dry-run');
	assert.equal(r.code, 0, r.out);
	assert.match(r.out, /DRY RUN on a scratch copy/);
	assert.match(r.out, /\+ table logical_unit/);
	assert.match(r.out, /\+ table decision_backlog_entry/);
	assert.match(r.out, /\+ table iu_seal /);
	assert.match(r.out, /\+ trigger logical_unit\.iu_seal_logical_unit_insert/);
	assert.match(r.out, /PASS {2}additive-only/);
	assert.match(r.out, /PASS {2}expected-shape/);
	assert.match(r.out, /result: PASSED/);
	assert.deepEqual(await sameSchema(before, await introspect(k)), { added: [], removed: [], changed: [] });
	console.log(r.out.split('\n').slice(0, 40).join('\n'));
});

test('a tampered migration file is refused by name, with both hashes, before anything runs', async () => {
	const copy = copyMigrations();
	try {
		const file = join(copy, 'iu0002-governance-ledger.js');
		writeFileSync(file, readFileSync(file, 'utf8').replace("'closed'", "'open'"));
		const before = await introspect(k);
		const result = await applyPending(k, { dir: copy, core });
		assert.equal(result.passed, false);
		const gate = result.fileGates.gates.find((g) => g.name === 'files-frozen');
		assert.equal(gate.verdict, 'fail');
		assert.match(gate.evidence, /iu0002-governance-ledger\.js/);
		const tampered = createHash('sha256').update(readFileSync(file)).digest('hex');
		assert.ok(gate.evidence.includes(tampered), gate.evidence);
		assert.deepEqual(await sameSchema(before, await introspect(k)), { added: [], removed: [], changed: [] });
	} finally {
		rmSync(copy, { recursive: true, force: true });
	}
});

test('apply: every migration passes its gates in one transaction and gets a ledger row', async () => {
	const r = run('migrate.js');
	assert.equal(r.code, 0, r.out);
	assert.match(r.out, /iu0001 .*: applied/);
	assert.match(r.out, /iu0002 .*: applied/);
	assert.match(r.out, /iu0003 .*: applied/);
	assert.match(r.out, /iu0004 .*: applied/);
	assert.match(r.out, /iu0005 .*: applied/);
	assert.match(r.out, /iu0006 .*: applied/);
	assert.match(r.out, /iu0007 .*: applied/);
	assert.match(r.out, /iu0008 .*: applied/);
	assert.match(r.out, /iu0009 .*: applied/);
	assert.match(r.out, /iu0010 .*: applied/);
	assert.match(r.out, /iu0011 .*: applied/);
	assert.match(r.out, /iu0012 .*: applied/);
	assert.match(r.out, /iu0014 .*: applied/);
	assert.match(r.out, /PASS {2}row-counts-unchanged/);
	// iu0011's preflight on a fresh store: nothing open, nothing drifted, nothing to sign (so no key needed).
	assert.match(r.out, /PASS {2}no-open-entries/);
	assert.match(r.out, /PASS {2}drift-clean/);
	assert.doesNotMatch(r.out, /key-present/);
	assert.match(r.out, /iu0011 open-position-upgrades: opened 0 positions upgrade entries/);
	const ledger = await k('iu_migration_ledger').orderBy('seq');
	assert.deepEqual(ledger.map((l) => [l.version, l.direction]), [['iu0001', 'up'], ['iu0002', 'up'], ['iu0003', 'up'], ['iu0004', 'up'], ['iu0005', 'up'], ['iu0006', 'up'], ['iu0007', 'up'], ['iu0008', 'up'], ['iu0009', 'up'], ['iu0010', 'up'], ['iu0011', 'up'], ['iu0012', 'up'], ['iu0014', 'up'], ['iu0015', 'up'], ['iu0016', 'up'], ['iu0017', 'up'], ['iu0018', 'up']]);
	assert.deepEqual((await k('directus_migrations').whereIn('version', ALL_VERSIONS).select('version')).map((x) => x.version).sort(), ALL_VERSIONS);
	await assertSiblingPositions(true);
	// iu0012: the agents' leases (a plain table, not sealed: operational state), and the go-ahead as a review decision.
	assert.equal(await k.schema.hasTable('iu_agent_step'), true);
	assert.equal(await decisionAllows('go_ahead'), true);
	// iu0010: the Chapters of a UK schedule's Part; iu0009: the US public laws' Divisions; iu0008: what the vocabularies changed before (the UK statutory
	// instruments' regulations, articles and rules); iu0007: the section types of us, uk and commonwealth, the new
	// ordinal styles, and the five vocabularies by name.
	await assertVocabulariesChanged(CHANGES.length);
	// iu0006: the affected rows keep (unit_id, ledger_seq) and lose the (unit_id) index it covers.
	const affected = (await introspect(k)).tables.cut_change_set_affected_row.indexes;
	assert.deepEqual(Object.values(affected).filter((i) => i.columns[0] === 'unit_id').map((i) => i.columns), [['unit_id', 'ledger_seq']]);
	// iu0005: the instances' heartbeats, a plain table (not sealed: operational state, not history).
	assert.equal(await k.schema.hasTable('iu_instance'), true);
	// iu0004: the migration ledger is append-only now, for this runner too (it only appends, under the seal).
	await assert.rejects(k('iu_migration_ledger').where({ version: 'iu0001' }).update({ applied_by: 'someone else' }), /iu_migration_ledger is append-only/);
	await assert.rejects(k('logical_unit').insert({ id: '0b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e99', document: '0b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e98', section_type: 'dieu', ordinal: '1', canonical_address: 'x/dieu-1' }), /logical_unit is sealed/);
	// iu0003: addresses display as citations, and the module is in the module bar.
	const field = await k('directus_fields').where({ collection: 'logical_unit', field: 'canonical_address' }).first('display', 'interface');
	assert.deepEqual({ ...field }, { display: 'canonical-address', interface: 'canonical-address' });
	assert.ok(moduleBar(await k('directus_settings').first('module_bar')).some((m) => m.id === 'iu-cutter' && m.enabled), 'IU Cutter is in the module bar');
	const status = run('migrate.js', '--status');
	assert.equal(status.code, 0, status.out);
	assert.match(status.out, /migration ledger chain: intact/);
	assert.match(run('migrate.js').out, /nothing to apply/);
});

test('an applied migration whose file changed is refused by name with both hashes, even with a re-frozen manifest', async () => {
	const copy = copyMigrations();
	try {
		const file = join(copy, 'iu0001-logical-units.js');
		writeFileSync(file, readFileSync(file, 'utf8') + '\n// edited after it was applied\n');
		freeze(copy);
		const result = await applyPending(k, { dir: copy, core });
		assert.equal(result.passed, false);
		const gate = result.fileGates.gates.find((g) => g.name === 'applied-unchanged');
		assert.equal(gate.verdict, 'fail', JSON.stringify(result.fileGates));
		const applied = (await k('iu_migration_ledger').where({ version: 'iu0001' }).first()).file_sha256;
		const now = createHash('sha256').update(readFileSync(file)).digest('hex');
		assert.match(gate.evidence, /iu0001-logical-units\.js/);
		assert.ok(gate.evidence.includes(applied) && gate.evidence.includes(now), gate.evidence);
	} finally {
		rmSync(copy, { recursive: true, force: true });
	}
});

test('apply → down → apply leaves an identical schema', async () => {
	const applied = await introspect(k);
	const down18 = await undo(k, 'iu0018', { core });
	assert.equal(down18.passed, true, JSON.stringify(down18.gates));
	assert.equal(await k.schema.hasTable('iu_tlog_tile'), false);
	const down17 = await undo(k, 'iu0017', { core });
	assert.equal(down17.passed, true, JSON.stringify(down17.gates));
	assert.equal(await k.schema.hasColumn('review_decision', 'actor_signature'), false);
	const down16 = await undo(k, 'iu0016', { core });
	assert.equal(down16.passed, true, JSON.stringify(down16.gates));
	assert.equal(await k.schema.hasTable('trust_policy'), false);
	const down15 = await undo(k, 'iu0015', { core });
	assert.equal(down15.passed, true, JSON.stringify(down15.gates));
	const down14 = await undo(k, 'iu0014', { core });
	assert.equal(down14.passed, true, JSON.stringify(down14.gates));
	const down12 = await undo(k, 'iu0012', { core });
	assert.equal(down12.passed, true, JSON.stringify(down12.gates));
	assert.equal(await k.schema.hasTable('iu_agent_step'), false);
	assert.equal(await decisionAllows('go_ahead'), false);
	const down11 = await undo(k, 'iu0011', { core });
	assert.equal(down11.passed, true, JSON.stringify(down11.gates));
	await assertSiblingPositions(false);
	const down10 = await undo(k, 'iu0010', { core });
	assert.equal(down10.passed, true, JSON.stringify(down10.gates));
	await assertVocabulariesChanged(2);
	const down9 = await undo(k, 'iu0009', { core });
	assert.equal(down9.passed, true, JSON.stringify(down9.gates));
	await assertVocabulariesChanged(1);
	const down8 = await undo(k, 'iu0008', { core });
	assert.equal(down8.passed, true, JSON.stringify(down8.gates));
	await assertVocabulariesIu0007();
	const down7 = await undo(k, 'iu0007', { core });
	assert.equal(down7.passed, true, JSON.stringify(down7.gates));
	await assertVocabulariesIu0001();
	const down6 = await undo(k, 'iu0006', { core });
	assert.equal(down6.passed, true, JSON.stringify(down6.gates));
	const down5 = await undo(k, 'iu0005', { core });
	assert.equal(down5.passed, true, JSON.stringify(down5.gates));
	assert.equal(await k.schema.hasTable('iu_instance'), false);
	const down4 = await undo(k, 'iu0004', { core });
	assert.equal(down4.passed, true, JSON.stringify(down4.gates));
	assert.equal(await k.schema.hasTable('iu_seal'), false);
	assert.equal(await k.schema.hasTable('iu_ledger_checkpoint'), false);
	assert.ok(!Object.keys((await introspect(k)).triggers).length, 'down removes every trigger');
	const down3 = await undo(k, 'iu0003', { core });
	assert.equal(down3.passed, true, JSON.stringify(down3.gates));
	assert.equal((await k('directus_fields').where({ collection: 'logical_unit', field: 'canonical_address' }).first('display')).display, null);
	assert.ok(!moduleBar(await k('directus_settings').first('module_bar')).some((m) => m.id === 'iu-cutter'), 'down takes the module out of the module bar');
	const down2 = await undo(k, 'iu0002', { core });
	assert.equal(down2.passed, true, JSON.stringify(down2.gates));
	assert.equal(await k.schema.hasTable('decision_backlog_entry'), false);
	const down1 = await undo(k, 'iu0001', { core });
	assert.equal(down1.passed, true, JSON.stringify(down1.gates));
	assert.equal(await k.schema.hasTable('logical_unit'), false);
	const again = await applyPending(k, { core });
	assert.equal(again.passed, true, JSON.stringify(again.steps.map((s) => s.gates)));
	assert.deepEqual(await sameSchema(applied, await introspect(k)), { added: [], removed: [], changed: [] });
	assert.deepEqual((await k('iu_migration_ledger').orderBy('seq')).map((l) => `${l.version} ${l.direction}`), ['iu0001 up', 'iu0002 up', 'iu0003 up', 'iu0004 up', 'iu0005 up', 'iu0006 up', 'iu0007 up', 'iu0008 up', 'iu0009 up', 'iu0010 up', 'iu0011 up', 'iu0012 up', 'iu0014 up', 'iu0015 up', 'iu0016 up', 'iu0017 up', 'iu0018 up', 'iu0018 down', 'iu0017 down', 'iu0016 down', 'iu0015 down', 'iu0014 down', 'iu0012 down', 'iu0011 down', 'iu0010 down', 'iu0009 down', 'iu0008 down', 'iu0007 down', 'iu0006 down', 'iu0005 down', 'iu0004 down', 'iu0003 down', 'iu0002 down', 'iu0001 down', 'iu0001 up', 'iu0002 up', 'iu0003 up', 'iu0004 up', 'iu0005 up', 'iu0006 up', 'iu0007 up', 'iu0008 up', 'iu0009 up', 'iu0010 up', 'iu0011 up', 'iu0012 up', 'iu0014 up', 'iu0015 up', 'iu0016 up', 'iu0017 up', 'iu0018 up']);
	await assertVocabulariesChanged(CHANGES.length);
	assert.equal(await decisionAllows('go_ahead'), true);
	await assertSiblingPositions(true);
	assert.equal((await k('directus_fields').where({ collection: 'logical_unit', field: 'canonical_address' }).first('display')).display, 'canonical-address');
	assert.equal((await verifyMigrationLedger(k, core)).passed, true, 'the migration ledger chain holds');
});

test('a failing migration leaves the schema untouched; an "additive" one that removes a column is refused', async () => {
	for (const [name, body, gate] of [
		['iu0099-broken.js', "export async function up(knex) { await knex.schema.createTable('half_done', (t) => t.increments()); throw new Error('boom'); }\nexport async function down() {}\n", 'up'],
		['iu0099-drops-title.js', "export async function up(knex) { await knex.schema.alterTable('legal_document', (t) => t.dropColumn('title')); }\nexport async function down() {}\n", 'additive-only'],
	]) {
		const copy = copyMigrations();
		try {
			writeFileSync(join(copy, name), body);
			freeze(copy);
			const before = await introspect(k);
			const result = await applyPending(k, { dir: copy, core });
			assert.equal(result.passed, false, name);
			const step = result.steps.find((s) => s.version === 'iu0099');
			assert.equal(step.gates.find((g) => g.name === gate)?.verdict, 'fail', `${name}: ${JSON.stringify(step.gates)}`);
			assert.deepEqual(await sameSchema(before, await introspect(k)), { added: [], removed: [], changed: [] }, name);
			assert.equal((await k('directus_migrations').where({ version: 'iu0099' })).length, 0);
			assert.equal((await k('iu_migration_ledger').where({ version: 'iu0099' })).length, 0);
		} finally {
			rmSync(copy, { recursive: true, force: true });
		}
	}
});

// ── backups ──────────────────────────────────────────────────────────────────

let backupFile;
test('backup:verify dumps, writes the sha256, restores into an isolated scratch database, compares cell for cell, tears down', async () => {
	const docId = '0b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e10';
	await k('legal_document').insert({ id: docId, doc_code: '45/2019/QH14', slug: '45-2019-qh14', title: 'Bộ luật Lao động', language: 'vi', vocabulary: 'vi' });
	// Units written behind the workflow's back, as a database superuser can (with the seal opened by hand).
	await asSuperuser(k, (trx) => trx('logical_unit').insert([
		{ id: '1b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e10', document: docId, section_type: 'dieu', ordinal: '44', heading: 'Điều khoản', body: 'Nội dung có dấu: điểm đ.', content_sha256: 'a'.repeat(64), position: 1, canonical_address: '45-2019-qh14/dieu-44' },
		{ id: '2b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e10', document: docId, section_type: 'khoan', parent: '1b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e10', ordinal: '1', body: 'Khoản một.', content_sha256: 'b'.repeat(64), position: 2, canonical_address: '45-2019-qh14/dieu-44/khoan-1' },
	]));
	const out = mkdtempSync(join(tmpdir(), 'iu-backups-'));
	const r = run('backup.js', '--out', out);
	assert.equal(r.code, 0, r.out);
	for (const check of ['checksum', 'restore', 'isolated-from-source', 'rows logical_unit', 'cells logical_unit', 'cells iu_migration_ledger', 'teardown']) {
		assert.match(r.out, new RegExp(`PASS {2}${check}:`), check);
	}
	assert.match(r.out, /logical_unit: 2 rows live, 2 restored/);
	assert.match(r.out, /result: PASSED/);
	backupFile = join(out, readdirSync(out).find((f) => !f.endsWith('.sha256')));
	assert.match(readFileSync(`${backupFile}.sha256`, 'utf8'), /^[0-9a-f]{64} {2}iu-cutter-/);
	if (DB === 'postgres') assert.equal(pg.psql('postgres', "select count(*) from pg_database where datname like '%_scratch_%'").trim(), '0', 'scratch database dropped');
	console.log(r.out);
});

test('a backup that no longer matches the live data fails cell for cell, naming the row', async () => {
	await asSuperuser(k, (trx) => trx('logical_unit').where({ canonical_address: '45-2019-qh14/dieu-44/khoan-1' }).update({ body: 'Changed after the backup.' }));
	const r = run('backup.js', '--verify', backupFile);
	assert.equal(r.code, 1, r.out);
	assert.match(r.out, /FAIL {2}cells logical_unit: .*2b5d0c1e/);
	await asSuperuser(k, (trx) => trx('logical_unit').where({ canonical_address: '45-2019-qh14/dieu-44/khoan-1' }).update({ body: 'Khoản một.' }));
	assert.equal(run('backup.js', '--verify', backupFile).code, 0);
});

test('a truncated or corrupted backup fails verification with a non-zero exit', async () => {
	const copy = (suffix) => {
		const to = `${backupFile}.${suffix}`;
		cpSync(backupFile, to);
		cpSync(`${backupFile}.sha256`, `${to}.sha256`);
		return to;
	};
	const truncated = copy('truncated');
	truncateSync(truncated, Math.floor(statSync(truncated).size / 2));
	let r = run('backup.js', '--verify', truncated);
	assert.equal(r.code, 1, r.out);
	assert.match(r.out, /FAIL {2}checksum/);

	// Corrupted, with a checksum recomputed to match: the restore itself must catch it.
	const corrupted = copy('corrupted');
	const fd = openSync(corrupted, 'r+');
	const size = statSync(corrupted).size;
	writeSync(fd, Buffer.alloc(Math.min(4096, size - 200), 0x5a), 0, Math.min(4096, size - 200), 100);
	closeSync(fd);
	writeFileSync(`${corrupted}.sha256`, `${createHash('sha256').update(readFileSync(corrupted)).digest('hex')}  x\n`);
	r = run('backup.js', '--verify', corrupted);
	assert.equal(r.code, 1, r.out);
	assert.match(r.out, /FAIL {2}(restore|readable|integrity|rows|cells)/);
});

test('restoring over the live database is impossible', async () => {
	assert.throws(() => assertNotSource(db, { ...db }), /refusing to restore over the live database/);
	// Every restore goes into a new scratch database, never the source.
	const scratch = await restoreToScratch(backupFile, db);
	try {
		assert.notDeepEqual(scratch.db, db);
		assert.throws(() => assertNotSource(db, db));
	} finally {
		await scratch.drop();
	}
});

// directus_settings.module_bar: null means Directus' default bar; json text on SQLite, parsed on PostgreSQL.
function moduleBar(row) {
	const v = row?.module_bar ?? null;
	return v === null ? [] : typeof v === 'string' ? JSON.parse(v) : v;
}

test('iu0004 applies to a store that already holds units and ledger rows (an upgrade), and its down gives the open store back', async () => {
	const docId = '0b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e10';
	await asSuperuser(k, (trx) =>
		rawLedgerRow(trx, 'decision_backlog_entry', { id: '3b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e10', recorded_at: '2026-01-01T00:00:00.000Z', recorded_by: docId, kind: 'cut', document: docId, manifest_sha256: 'c'.repeat(64), title: 'an entry from before the seal', submitted_by: docId }),
	);
	const rows = async () => [Number((await k('logical_unit').count({ n: '*' }))[0].n), Number((await k('decision_backlog_entry').count({ n: '*' }))[0].n)];
	const before = await rows();
	assert.deepEqual(before, [2, 1]);
	// Only the latest applied migration can be undone: iu0018 (the transparency log), iu0017 (the step signatures), iu0016 (the trust policy), iu0015 (the document form), iu0014 (the Data Studio's read-only fields), iu0012 (agents), iu0011 (positions), iu0010, iu0009, iu0008 and iu0007 (vocabularies), iu0006 (an index) and iu0005 (the heartbeats) first.
	assert.equal((await undo(k, 'iu0018', { core })).passed, true);
	assert.equal((await undo(k, 'iu0017', { core })).passed, true);
	assert.equal((await undo(k, 'iu0016', { core })).passed, true);
	assert.equal((await undo(k, 'iu0015', { core })).passed, true);
	assert.equal((await undo(k, 'iu0014', { core })).passed, true);
	assert.equal((await undo(k, 'iu0012', { core })).passed, true);
	assert.equal((await undo(k, 'iu0011', { core })).passed, true);
	assert.equal((await undo(k, 'iu0010', { core })).passed, true);
	assert.equal((await undo(k, 'iu0009', { core })).passed, true);
	assert.equal((await undo(k, 'iu0008', { core })).passed, true);
	assert.equal((await undo(k, 'iu0007', { core })).passed, true);
	assert.equal((await undo(k, 'iu0006', { core })).passed, true);
	assert.equal((await undo(k, 'iu0005', { core })).passed, true);
	const down = await undo(k, 'iu0004', { core });
	assert.equal(down.passed, true, JSON.stringify(down.gates));
	// Before iu0004 nothing in the database stopped a direct write.
	await k('logical_unit').where({ canonical_address: '45-2019-qh14/dieu-44' }).update({ heading: 'open' });
	await k('logical_unit').where({ canonical_address: '45-2019-qh14/dieu-44' }).update({ heading: 'Điều khoản' });
	const again = await applyPending(k, { core, ...THROUGH_IU0010 });
	assert.equal(again.passed, true, JSON.stringify(again.steps.map((s) => s.gates)));
	const step = again.steps.find((s) => s.version === 'iu0004');
	assert.equal(step.gates.find((g) => g.name === 'row-counts-unchanged').verdict, 'pass');
	assert.deepEqual(await rows(), before, 'the upgrade keeps every unit and ledger row');
	await assert.rejects(k('logical_unit').where({ canonical_address: '45-2019-qh14/dieu-44' }).update({ heading: 'closed' }), /logical_unit is sealed/);
	await assert.rejects(k('decision_backlog_entry').delete(), /decision_backlog_entry is append-only/);
	assert.equal((await verifyMigrationLedger(k, core)).passed, true);
});

// ── iu0007: the vocabularies us, uk and commonwealth ─────────────────────────

const NEW_CODES = ['us-section', 'us-subsection', 'us-item', 'uk-section', 'cw-section'];
const sectionTypeRow = (code, ordinal_style) => ({ code, vocabulary: 'en', label: code, address_token: code.replaceAll('-', ''), level: 9, ordinal_style, heading_pattern: `${code} {ordinal}`, citation_root: false, parents: '[]', active: true });
const options = async (collection, field) => {
	const o = (await k('directus_fields').where({ collection, field }).first('options')).options;
	return typeof o === 'string' ? JSON.parse(o) : o;
};

async function assertVocabulariesIu0007() {
	const codes = await k('section_type').whereIn('code', NEW_CODES).pluck('code');
	assert.deepEqual(codes.sort(), [...NEW_CODES].sort());
	assert.equal(Number((await k('section_type').count({ n: '*' }))[0].n), 14 + 33, 'iu0001 seeded 14 types, iu0007 33');
	// Before iu0008 (or after its down): none of the later types, and the rows they update as the earlier seeds wrote them.
	await assertNotYet(CHANGES);
	assert.equal((await k('section_type').where({ code: 'us-item' }).first('ordinal_style')).ordinal_style, 'double-letter');
	// The CHECK allows the new styles and still refuses what is not a style.
	await k('section_type').insert(sectionTypeRow('iu-probe', 'lower-roman'));
	await k('section_type').where({ code: 'iu-probe' }).delete();
	await assert.rejects(k('section_type').insert(sectionTypeRow('iu-probe', 'hebrew')), /check|constraint/i);
	assert.deepEqual((await options('legal_document', 'vocabulary')).choices.map((c) => c.value), ['vi', 'en', 'us', 'uk', 'commonwealth']);
	assert.equal((await options('section_type', 'vocabulary')).choices.find((c) => c.value === 'us').text, 'US federal statutes and the United States Code (us)');
	assert.deepEqual((await options('section_type', 'ordinal_style')).choices.map((c) => c.value), ['arabic', 'roman', 'letter', 'spelled', 'upper-letter', 'lower-roman', 'upper-roman', 'double-letter', 'double-capital']);
	await assertUnitsReferenceSectionTypes();
}

// The vocabulary change migrations, in order.
const CHANGES = [['iu0008', IU0008], ['iu0009', IU0009], ['iu0010', IU0010]];

// After iu0007 and the first `n` vocabulary change migrations: their seeds' rows in, their updates set, the
// later ones' rows not (yet, or given back by down), and the CHECK and the choices as the n-th seed says
// (iu0007's, with whatever the vocabularies use besides). The seeds themselves are checked against the core
// by tests/wasm/vocabulary-seed.test.js.
async function assertVocabulariesChanged(n) {
	const applied = CHANGES.slice(0, n);
	const [, last] = applied.at(-1);
	assert.deepEqual((await k('section_type').whereIn('code', NEW_CODES).pluck('code')).sort(), [...NEW_CODES].sort());
	const inserted = applied.reduce((sum, [, seed]) => sum + seed.INSERT.length, 0);
	assert.equal(Number((await k('section_type').count({ n: '*' }))[0].n), 14 + 33 + inserted, `iu0001 seeded 14 types, iu0007 33, ${applied.map(([v, seed]) => `${v} ${seed.INSERT.length}`).join(', ')}`);
	assert.deepEqual(await typeRow('uk-regulation'), { code: 'uk-regulation', vocabulary: 'uk', label: 'Regulation', address_token: 'regulation', level: 3, ordinal_style: 'arabic', heading_pattern: '{ordinal}. {title}', citation_root: true, parents: ['uk-part', 'uk-chapter'], active: true });
	// Each row as the applied seeds leave it: inserted whole, then updated by the later ones.
	const expected = new Map();
	for (const [, seed] of applied) {
		for (const t of seed.INSERT) expected.set(t.code, { ...t });
		for (const u of seed.UPDATE) expected.set(u.code, { ...expected.get(u.code), ...u.set });
	}
	for (const [code, fields] of expected) assert.deepEqual(pick(await typeRow(code), fields), fields, code);
	assert.ok(IU0008.UPDATE.length, 'iu0008 updates rows');
	assert.ok((await typeRow('uk-paragraph')).parents.includes('uk-regulation'), 'a paragraph may sit under a regulation');
	await assertNotYet(CHANGES.slice(n));
	assert.equal((await k('section_type').where({ code: 'us-item' }).first('ordinal_style')).ordinal_style, 'double-letter');
	for (const style of last.ORDINAL_STYLES.after) {
		await k('section_type').insert(sectionTypeRow('iu-probe', style));
		await k('section_type').where({ code: 'iu-probe' }).delete();
	}
	await assert.rejects(k('section_type').insert(sectionTypeRow('iu-probe', 'hebrew')), /check|constraint/i);
	assert.deepEqual((await options('legal_document', 'vocabulary')).choices, last.VOCABULARY_CHOICES.after);
	assert.deepEqual((await options('section_type', 'vocabulary')).choices, last.VOCABULARY_CHOICES.after);
	assert.deepEqual((await options('legal_document', 'vocabulary')).choices.slice(0, 5).map((c) => c.value), ['vi', 'en', 'us', 'uk', 'commonwealth']);
	assert.deepEqual((await options('legal_document', 'language')).choices.map((c) => c.value), last.LANGUAGE_CHOICES.after);
	assert.deepEqual((await options('section_type', 'ordinal_style')).choices.map((c) => c.value), last.ORDINAL_STYLES.after);
	await assertUnitsReferenceSectionTypes();
}

// None of `changes`' types (not yet applied, or given back by down), and the rows the first of them updates as
// the seeds before it left them.
async function assertNotYet(changes) {
	for (const [, seed] of changes) assert.deepEqual(await k('section_type').whereIn('code', seed.INSERT.map((t) => t.code)).pluck('code'), []);
	const [, next] = changes[0] ?? [];
	for (const u of next?.UPDATE ?? []) assert.deepEqual(pick(await typeRow(u.code), u.before), u.before, u.code);
}

// A section_type row in the seeds' shape (SQLite gives 0/1 and JSON text; PostgreSQL booleans and parsed JSON).
async function typeRow(code) {
	const r = await k('section_type').where({ code }).first('code', 'vocabulary', 'label', 'address_token', 'level', 'ordinal_style', 'heading_pattern', 'citation_root', 'parents', 'active');
	assert.ok(r, `section_type ${code}`);
	return { ...r, level: Number(r.level), citation_root: Boolean(r.citation_root), active: Boolean(r.active), parents: typeof r.parents === 'string' ? JSON.parse(r.parents) : r.parents };
}
const pick = (row, fields) => Object.fromEntries(Object.keys(fields).map((f) => [f, row[f]]));

async function assertVocabulariesIu0001() {
	assert.deepEqual(await k('section_type').whereIn('code', NEW_CODES).pluck('code'), []);
	await assert.rejects(k('section_type').insert(sectionTypeRow('iu-probe', 'upper-roman')), /check|constraint/i);
	assert.deepEqual((await options('legal_document', 'vocabulary')).choices.map((c) => c.value), ['vi', 'en']);
	assert.deepEqual((await options('section_type', 'ordinal_style')).choices.map((c) => c.value), ['arabic', 'roman', 'letter', 'spelled']);
	await assertUnitsReferenceSectionTypes();
}

// The rebuild of section_type on SQLite must keep logical_unit's foreign key to it.
async function assertUnitsReferenceSectionTypes() {
	if (DB === 'postgres') {
		const fk = (await k.raw(`select confrelid::regclass::text as parent from pg_constraint where conrelid = 'logical_unit'::regclass and contype = 'f' and pg_get_constraintdef(oid) like '%(section_type)%'`)).rows;
		assert.deepEqual(fk.map((r) => r.parent), ['section_type']);
	} else {
		const fk = (await k.raw(`pragma foreign_key_list('logical_unit')`)).filter((f) => f.from === 'section_type');
		assert.deepEqual(fk.map((f) => [f.table, f.to, f.on_delete]), [['section_type', 'code', 'RESTRICT']]);
		assert.deepEqual((await k.raw('pragma foreign_key_check')), []);
	}
}

test('iu0007 rebuilds section_type on a store with units (an upgrade): units, their foreign key and every row stay; down refuses while a document uses a new vocabulary', async () => {
	const units = async () => (await k('logical_unit').orderBy('id').select('id', 'section_type', 'canonical_address')).map((u) => ({ ...u }));
	const before = await units();
	assert.ok(before.length >= 2, 'the backup tests left units behind');
	const types = async () => (await k('section_type').orderBy('code').select('*')).map((t) => ({ ...t }));
	const withNew = await types();
	// iu0010, iu0009 and iu0008 first: only the latest applied migration can be undone.
	assert.equal((await undo(k, 'iu0010', { core })).passed, true);
	assert.equal((await undo(k, 'iu0009', { core })).passed, true);
	const down8 = await undo(k, 'iu0008', { core });
	assert.equal(down8.passed, true, JSON.stringify(down8.gates));
	const down = await undo(k, 'iu0007', { core });
	assert.equal(down.passed, true, JSON.stringify(down.gates));
	await assertVocabulariesIu0001();
	assert.deepEqual(await units(), before);
	const again = await applyPending(k, { core, ...THROUGH_IU0010 });
	assert.equal(again.passed, true, JSON.stringify(again.steps.map((s) => s.gates)));
	for (const version of ['iu0007', 'iu0008', 'iu0009', 'iu0010']) {
		assert.deepEqual(again.steps.find((s) => s.version === version).gates.map((g) => [g.name, g.verdict]), [['expected-shape', 'pass'], ['additive-only', 'pass'], ['row-counts-unchanged', 'pass']], version);
	}
	await assertVocabulariesChanged(CHANGES.length);
	assert.deepEqual(await units(), before, 'every unit kept');
	assert.deepEqual(await types(), withNew, 'every section type row as it was');
	// A document in a new vocabulary holds the section types in place: down refuses and changes nothing.
	await k('legal_document').insert({ id: '0b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e77', doc_code: 'Public Law 114-190', slug: 'public-law-114-190', title: 'FAA Extension, Safety, and Security Act of 2016', language: 'en-US', vocabulary: 'us' });
	assert.equal((await undo(k, 'iu0010', { core })).passed, true);
	assert.equal((await undo(k, 'iu0009', { core })).passed, true);
	assert.equal((await undo(k, 'iu0008', { core })).passed, true);
	const refused = await undo(k, 'iu0007', { core });
	assert.equal(refused.passed, false);
	assert.match(JSON.stringify(refused.gates), /1 document\(s\) and 0 unit\(s\) use the vocabularies us, uk, commonwealth/);
	await assertVocabulariesIu0007();
	await k('legal_document').where({ id: '0b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e77' }).delete();
	assert.equal((await applyPending(k, { core, ...THROUGH_IU0010 })).passed, true);
	await assertVocabulariesChanged(CHANGES.length);
	assert.deepEqual(await types(), withNew);
	assert.equal((await verifyMigrationLedger(k, core)).passed, true);
});

// ── iu0008: what the vocabularies changed since iu0007 ───────────────────────

test('iu0008 down gives back exactly the rows iu0007 left (a row it updated goes back); it refuses while a unit uses a type it inserted or a row it updated was edited since, and up refuses a row that is not as the earlier seeds wrote it', async () => {
	const types = async () => (await k('section_type').orderBy('code').select('*')).map((t) => ({ ...t }));
	const col = (field, v) => (field === 'parents' ? JSON.stringify(v) : v);
	const withLatest = await types();
	// iu0010 and iu0009 first (only the latest applied migration can be undone); then the migrations up to iu0008 only.
	assert.equal((await undo(k, 'iu0010', { core })).passed, true);
	assert.equal((await undo(k, 'iu0009', { core })).passed, true);
	const through8 = migrationsThrough('iu0008');
	const withIu0008 = await types();
	const updated = IU0008.UPDATE.find((u) => u.code === 'uk-paragraph');
	assert.ok(updated, 'iu0008 updates uk-paragraph (its parents: the regulations, articles and rules)');
	const [field] = Object.keys(updated.set);
	assert.deepEqual(pick(await typeRow(updated.code), updated.set), updated.set);

	const down = await undo(k, 'iu0008', { dir: through8, core });
	assert.equal(down.passed, true, JSON.stringify(down.gates));
	const iu0007Rows = await types();
	assert.deepEqual(pick(await typeRow(updated.code), updated.before), updated.before, 'the updated row goes back');
	assert.notDeepEqual(iu0007Rows, withIu0008);
	await assertVocabulariesIu0007();

	// A row already changed by hand: up would overwrite it, and its down could not give it back.
	await k('section_type').where({ code: updated.code }).update({ [field]: col(field, updated.set[field]) });
	const edited = await types();
	const refusedUp = await applyPending(k, { dir: through8, core });
	assert.equal(refusedUp.passed, false);
	const upGate = refusedUp.steps.find((s) => s.version === 'iu0008').gates.find((g) => g.name === 'up');
	assert.equal(upGate?.verdict, 'fail');
	assert.match(upGate.evidence, new RegExp(`${updated.code}\\.${field} is .*Nothing was changed`));
	assert.deepEqual(await types(), edited, 'a refused up changes nothing');
	assert.equal((await k('directus_migrations').where({ version: 'iu0008' })).length, 0);
	await k('section_type').where({ code: updated.code }).update({ [field]: col(field, updated.before[field]) });
	assert.deepEqual(await types(), iu0007Rows);

	const up = await applyPending(k, { dir: through8, core });
	assert.equal(up.passed, true, JSON.stringify(up.steps.map((s) => s.gates)));
	assert.deepEqual(await types(), withIu0008, 'up again: every row as the first up wrote it');
	await assertVocabulariesChanged(1);

	// A unit of an inserted type (a UK statutory instrument's regulation) holds the types in place.
	const docId = '0b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e88';
	const unitId = '1b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e88';
	await k('legal_document').insert({ id: docId, doc_code: 'SI 2015/102', slug: 'uksi-2015-102', title: 'The Public Contracts Regulations 2015', language: 'en-GB', vocabulary: 'uk' });
	await asSuperuser(k, (trx) => trx('logical_unit').insert({ id: unitId, document: docId, section_type: 'uk-regulation', ordinal: '1', heading: 'Citation, commencement and extent', body: '', content_sha256: 'e'.repeat(64), position: 1, canonical_address: 'uksi-2015-102/regulation-1' }));
	const refused = await undo(k, 'iu0008', { dir: through8, core });
	assert.equal(refused.passed, false);
	assert.match(JSON.stringify(refused.gates), /iu0008 down: 1 unit\(s\) use the section types [^;]*uk-regulation[^;]*; down would leave them without their section types\. Nothing was changed/);
	assert.deepEqual(await types(), withIu0008);
	await asSuperuser(k, (trx) => trx('logical_unit').where({ id: unitId }).delete());
	await k('legal_document').where({ id: docId }).delete();

	// A row edited since up: down would overwrite the edit.
	await k('section_type').where({ code: updated.code }).update({ [field]: col(field, updated.before[field]) });
	const refusedEdit = await undo(k, 'iu0008', { dir: through8, core });
	assert.equal(refusedEdit.passed, false);
	assert.match(JSON.stringify(refusedEdit.gates), new RegExp(`iu0008 down: section type row\\(s\\) differ from what iu0008 set: ${updated.code}\\.${field} is `));
	// (The row holds its edited field as before up, its other fields as up set them.)
	assert.deepEqual(pick(await typeRow(updated.code), { [field]: null }), { [field]: updated.before[field] });
	await k('section_type').where({ code: updated.code }).update({ [field]: col(field, updated.set[field]) });
	assert.deepEqual(await types(), withIu0008);

	assert.equal((await undo(k, 'iu0008', { dir: through8, core })).passed, true);
	assert.deepEqual(await types(), iu0007Rows, 'down: exactly the rows iu0007 left, every column');
	assert.equal((await applyPending(k, { dir: through8, core })).passed, true);
	assert.deepEqual(await types(), withIu0008);
	rmSync(through8, { recursive: true, force: true });
	assert.equal((await applyPending(k, { core, ...THROUGH_IU0010 })).passed, true);
	assert.deepEqual(await types(), withLatest);
	await assertVocabulariesChanged(CHANGES.length);
	assert.equal((await verifyMigrationLedger(k, core)).passed, true);
});

test('the newest vocabulary change (iu0010) generated for a new vocabulary with a new ordinal style (a `ca` vocabulary): the CHECK, the Data Studio choices and its rows follow; down refuses while a document uses it, then gives iu0009\'s back', async () => {
	const types = async () => (await k('section_type').orderBy('code').select('*')).map((t) => ({ ...t }));
	const withLatest = await types();
	const ca = { id: 'ca', language: 'en-CA', name: 'Canadian statutes and regulations', section_types: [{ code: 'ca-section', label: 'Section', address_token: 'section', level: 1, ordinal_style: 'lower-letter', heading_pattern: '{ordinal} {title}', citation_root: true, parents: [], active: true }] };
	const copy = copyMigrations();
	try {
		writeFileSync(join(copy, 'lib/section-types-iu0010.js'), seedText(computeSeed([...shippedVocabularies(), ca])));
		freeze(copy);
		assert.equal((await undo(k, 'iu0010', { core })).passed, true);
		const iu0009Rows = await types();
		const up = await applyPending(k, { dir: copy, core, ...THROUGH_IU0010 });
		assert.equal(up.passed, true, JSON.stringify(up.steps.map((s) => s.gates)));
		assert.deepEqual(await typeRow('ca-section'), { code: 'ca-section', vocabulary: 'ca', ...ca.section_types[0] });
		assert.ok((await typeRow('uk-paragraph')).parents.includes('uk-regulation'));
		assert.deepEqual((await options('legal_document', 'vocabulary')).choices.at(-1), { text: 'Canadian statutes and regulations (ca)', value: 'ca' });
		assert.deepEqual((await options('section_type', 'vocabulary')).choices.map((c) => c.value), ['vi', 'en', 'us', 'uk', 'commonwealth', 'ca']);
		assert.deepEqual((await options('legal_document', 'language')).choices.map((c) => c.value), ['vi', 'en', 'en-US', 'en-GB', 'en-CA']);
		assert.equal((await options('section_type', 'ordinal_style')).choices.at(-1).value, 'lower-letter');
		await assert.rejects(k('section_type').insert(sectionTypeRow('iu-probe', 'hebrew')), /check|constraint/i);
		await assertUnitsReferenceSectionTypes();
		// A document in the new vocabulary holds its section types in place.
		await k('legal_document').insert({ id: '0b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e66', doc_code: 'S.C. 2019, c. 29', slug: 'sc-2019-c-29', title: 'Budget Implementation Act, 2019, No. 1', language: 'en-CA', vocabulary: 'ca' });
		const refused = await undo(k, 'iu0010', { dir: copy, core });
		assert.equal(refused.passed, false);
		assert.match(JSON.stringify(refused.gates), /iu0010 down: 0 unit\(s\) use the section types [^;]*ca-section and 1 document\(s\) the vocabularies ca/);
		await k('legal_document').where({ id: '0b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e66' }).delete();
		const down = await undo(k, 'iu0010', { dir: copy, core });
		assert.equal(down.passed, true, JSON.stringify(down.gates));
		assert.deepEqual(await types(), iu0009Rows, 'down: exactly the rows iu0009 left');
		await assert.rejects(k('section_type').insert(sectionTypeRow('iu-probe', 'lower-letter')), /check|constraint/i, "iu0009's CHECK is back");
		await assertVocabulariesChanged(2);
	} finally {
		rmSync(copy, { recursive: true, force: true });
	}
	assert.equal((await applyPending(k, { core, ...THROUGH_IU0010 })).passed, true);
	assert.deepEqual(await types(), withLatest);
	await assertVocabulariesChanged(CHANGES.length);
	assert.equal((await verifyMigrationLedger(k, core)).passed, true);
});

// ── iu0011: positions among siblings ─────────────────────────────────────────

const ALL_VERSIONS = ['iu0001', 'iu0002', 'iu0003', 'iu0004', 'iu0005', 'iu0006', 'iu0007', 'iu0008', 'iu0009', 'iu0010', 'iu0011', 'iu0012', 'iu0014', 'iu0015', 'iu0016', 'iu0017', 'iu0018'];

/**
 * Whether review_decision's CHECK (iu0002; iu0012 adds go_ahead) lets `decision` in: a row inserted in a transaction
 * rolled back. The row names no entry, so past the CHECK (tested first on both databases) its foreign key refuses it.
 */
async function decisionAllows(decision) {
	const id = '5b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e10';
	try {
		await asSuperuser(k, async (trx) => {
			await trx('review_decision').insert({ id, ledger_seq: 999_999, recorded_at: '2026-01-01T00:00:00.000Z', recorded_by: id, entry: id, manifest_sha256: 'c'.repeat(64), decision, reviewer: id, row_hash: 'e'.repeat(64) });
			throw new Error('roll back');
		});
	} catch (e) {
		if (e.message === 'roll back' || /foreign key/i.test(e.message)) return true;
		if (/check/i.test(e.message)) return false;
		throw e;
	}
	return true;
}
const MIGRATION_ACTOR = '00000000-0000-4000-8000-0000000000b1';

// iu0011 applied (true) or not: the unit index, the Data Studio's sort field and the position field's note.
async function assertSiblingPositions(applied) {
	const indexes = Object.values((await introspect(k)).tables.logical_unit.indexes).map((i) => i.columns.join(','));
	assert.equal(indexes.includes('document,id'), applied, indexes.join(' | '));
	assert.equal(indexes.includes('document,position'), !applied, indexes.join(' | '));
	assert.equal((await k('directus_collections').where({ collection: 'logical_unit' }).first('sort_field')).sort_field, applied ? null : 'position');
	assert.equal((await k('directus_fields').where({ collection: 'logical_unit', field: 'position' }).first('note')).note, applied ? 'Order among siblings (same parent); document order follows from the tree' : 'Document order');
}

// A ledger row appended by hand, as the release before iu0011 would have left it (seq after every other row).
/**
 * A ledger row as the previous release wrote it: chained after the tail with the core's own ledgerChain (as LedgerWriter
 * does), so the chain verifies; it is written by hand only because the old release's workflow is not here to write it.
 */
async function rawLedgerRow(trx, table, values) {
	// The tail over the ledger tables of the store's release (at iu0010 there are fewer than chainTail reads).
	let tail = null;
	for (const t of LEDGER) {
		if (!(await trx.schema.hasTable(t))) continue;
		const last = await trx(t).orderBy('ledger_seq', 'desc').first('ledger_seq', 'row_hash');
		if (last && Number(last.ledger_seq) > (tail?.seq ?? 0)) tail = { seq: Number(last.ledger_seq), row_hash: last.row_hash };
	}
	const id = values.id ?? randomUUID();
	const content = contentOf(table, { id, ledger_seq: (tail?.seq ?? 0) + 1, recorded_at: '2026-01-02T00:00:00.000Z', recorded_by: OLD_ACTOR, ...values });
	const chained = core.ledgerChain({ prev: tail ? { collection: '', id: '', content: null, prev_hash: null, row_hash: tail.row_hash } : null, rows: [{ collection: table, id, content }] });
	assert.ok(chained.ok, JSON.stringify(chained.error));
	const [row] = chained.rows;
	await trx(table).insert({ ...row.content, prev_hash: row.prev_hash, row_hash: row.row_hash });
	return id;
}
const OLD_ACTOR = '0b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e11';
const DOC_45 = '0b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e10';
// iu0011 applied? [its directus_migrations rows, whether the migration ledger has it applied (earlier tests applied and undid it)].
const migrationRows = async () => [(await k('directus_migrations').where({ version: 'iu0011' })).length, (await appliedMigrations(k)).some((a) => a.version === 'iu0011') ? 1 : 0];
const keyEnv = (witness) => ({ IU_LEDGER_KEY_FILE: join(dir, 'keys', 'ledger.key'), IU_LEDGER_WITNESS: witness });

let openEntry;
test('iu0011 preflight: a store with a submitted entry or with drift is refused, each named, and nothing is written (nor by --dry-run, nor to the witness file)', async () => {
	// The store as the backup tests left it: two units written behind the ledger's back (drift), and an entry submitted under the old meaning.
	openEntry = await asSuperuser(k, async (trx) => {
		const entry = await rawLedgerRow(trx, 'decision_backlog_entry', { kind: 'cut', document: DOC_45, manifest_sha256: 'e'.repeat(64), title: 'an amendment submitted before iu0011', submitted_by: OLD_ACTOR });
		await rawLedgerRow(trx, 'decision_backlog_history', { entry, event: 'submitted', actor: OLD_ACTOR, detail: null });
		return entry;
	});
	const before = await introspect(k);
	const witness = join(dir, 'witness-preflight.jsonl');
	writeFileSync(witness, '{"seq":1,"note":"bytes the runner must leave alone"}\n');
	const witnessBytes = readFileSync(witness);
	const result = await applyPending(k, { core, upgrade: { keyFile: join(dir, 'keys', 'ledger.key'), witness } });
	assert.equal(result.passed, false);
	const step = result.steps.find((s) => s.version === 'iu0011');
	assert.equal(step.preflightRefused, true, JSON.stringify(step));
	const gate = (name) => step.gates.find((g) => g.name === name);
	assert.equal(gate('no-open-entries').verdict, 'fail');
	assert.match(gate('no-open-entries').evidence, new RegExp(`${openEntry} "an amendment submitted before iu0011" of 45/2019/QH14 \\(submitted\\)`));
	assert.match(gate('no-open-entries').evidence, /Cut it or reject it with the current release first/);
	assert.equal(gate('drift-clean').verdict, 'fail');
	assert.match(gate('drift-clean').evidence, new RegExp(`45/2019/QH14 \\(${DOC_45}`));
	assert.match(formatReport('t', result), /iu0011 \(iu0011-sibling-positions\.js\): REFUSED by its preflight, nothing written/);
	assert.deepEqual(await sameSchema(before, await introspect(k)), { added: [], removed: [], changed: [] });
	assert.deepEqual(await migrationRows(), [0, 0]);
	await assertSiblingPositions(false);
	assert.equal(Number((await k('decision_backlog_entry').where({ submitted_by: MIGRATION_ACTOR }).count({ n: '*' }))[0].n), 0);
	// The CLI: a refusal is exit 1, and --dry-run refuses the same way on its scratch copy.
	for (const args of [['--dry-run'], []]) {
		const r = runWith(keyEnv(witness), 'migrate.js', ...args);
		assert.equal(r.code, 1, r.out);
		assert.match(r.out, /FAIL {2}no-open-entries/);
		assert.match(r.out, /FAIL {2}drift-clean/);
		assert.deepEqual(readFileSync(witness), witnessBytes, `${args.join(' ') || 'apply'}: the witness file is unchanged`);
	}
	assert.deepEqual(await migrationRows(), [0, 0]);
});

test('iu0011 on a store with a cut of the old meaning: --dry-run plans the upgrade and writes nothing; the runner opens one signed upgrade entry, once; down refuses while it stands', async () => {
	// The open entry rejected; the two units given the ledger images a CUT of the old release (a v1 manifest) would have written.
	await asSuperuser(k, async (trx) => {
		await rawLedgerRow(trx, 'decision_backlog_history', { entry: openEntry, event: 'rejected', actor: OLD_ACTOR, detail: null });
		// Content hashes as a CUT computes them (the core's CONTENT gate holds the upgrade to them too): sha256 of {"body","heading"}.
		for (const u of await trx('logical_unit').where({ document: DOC_45 })) {
			await trx('logical_unit').where({ id: u.id }).update({ content_sha256: core.sha256Hex({ text: JSON.stringify({ body: u.body ?? '', heading: u.heading ?? null }) }) });
		}
		const units = await trx('logical_unit').where({ document: DOC_45 }).orderBy('position');
		const entry = await rawLedgerRow(trx, 'decision_backlog_entry', { kind: 'cut', document: DOC_45, manifest_sha256: 'f'.repeat(64), title: 'CUT 45/2019/QH14 before iu0011', submitted_by: OLD_ACTOR });
		for (const event of ['submitted', 'approved', 'cut']) await rawLedgerRow(trx, 'decision_backlog_history', { entry, event, actor: OLD_ACTOR, detail: null });
		const envelope = JSON.stringify({ base_sha256: '0'.repeat(64), counts: { create: units.length }, created_at: '2026-01-01T00:00:00.000Z', created_by: OLD_ACTOR, doc: '45-2019-qh14', document_id: DOC_45, effective_from: '2026-01-01T00:00:00.000Z', enact: false, format: 'iu-cutter-manifest-v1', source_sha256: '1'.repeat(64), vocabulary: 'vi' });
		await rawLedgerRow(trx, 'manifest_envelope', { entry, manifest_sha256: 'f'.repeat(64), document: DOC_45, base_sha256: '0'.repeat(64), source_sha256: '1'.repeat(64), effective_from: '2026-01-01T00:00:00.000Z', block_count: units.length, envelope_json: envelope });
		const changeSet = await rawLedgerRow(trx, 'cut_change_set', { entry, kind: 'cut', manifest_sha256: 'f'.repeat(64), document: DOC_45, executor: OLD_ACTOR, base_sha256: '0'.repeat(64), result_sha256: '2'.repeat(64), units_written: units.length, aliases_written: 0, aliases_removed: null, gate_report: '{}' });
		for (const u of units) {
			await rawLedgerRow(trx, 'cut_change_set_affected_row', { change_set: changeSet, action: 'create', unit_id: u.id, canonical_address: u.canonical_address, before_sha256: null, after_sha256: null, before_image: null, after_image: JSON.stringify(plainUnit(u)) });
		}
	});
	// Positions of the old meaning: Điều 44 (a root) at 1, its khoản 1 (an only child) at 2; their sibling ranks (1-based, the core's) are 1 and 1.
	assert.deepEqual((await k('logical_unit').where({ document: DOC_45 }).orderBy('position').select('canonical_address', 'position')).map((u) => [u.canonical_address, Number(u.position)]), [['45-2019-qh14/dieu-44', 1], ['45-2019-qh14/dieu-44/khoan-1', 2]]);
	const witness = join(dir, 'witness', 'ops-ledger-witness.jsonl');
	mkdirSync(join(dir, 'witness'), { recursive: true });
	const sentinel = join(dir, 'witness-dry-run.jsonl');
	writeFileSync(sentinel, 'the dry run must not append here\n');
	const sentinelBytes = readFileSync(sentinel);
	const dry = runWith(keyEnv(sentinel), 'migrate.js', '--dry-run');
	assert.equal(dry.code, 0, dry.out);
	assert.match(dry.out, /PASS {2}no-open-entries/);
	assert.match(dry.out, /PASS {2}drift-clean/);
	assert.match(dry.out, /iu0011 open-position-upgrades: would open 1 positions upgrade entry/);
	assert.match(dry.out, /planned {2}45\/2019\/QH14 \(document 0b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9e10\): manifest sha256 [0-9a-f]{64}, 1 block\(s\) of 2 unit\(s\)/);
	assert.deepEqual(readFileSync(sentinel), sentinelBytes, 'the dry run leaves the witness file as it was');
	assert.deepEqual(await migrationRows(), [0, 0]);
	assert.equal(Number((await k('decision_backlog_entry').where({ submitted_by: MIGRATION_ACTOR }).count({ n: '*' }))[0].n), 0);

	const r = runWith(keyEnv(witness), 'migrate.js');
	assert.equal(r.code, 0, r.out);
	assert.match(r.out, /iu0011 .*: applied/);
	assert.match(r.out, /PASS {2}key-present/);
	const opened = /opened {2}45\/2019\/QH14 \(document [^)]+\): entry ([0-9a-f-]{36}), manifest sha256 ([0-9a-f]{64}), 1 block\(s\) of 2 unit\(s\)/.exec(r.out);
	assert.ok(opened, r.out);
	await assertSiblingPositions(true);
	const entry = await k('decision_backlog_entry').where({ id: opened[1] }).first();
	assert.equal(entry.submitted_by, MIGRATION_ACTOR);
	assert.equal(entry.manifest_sha256, opened[2]);
	assert.equal(entry.title, 'Positions among siblings (iu0011): 1 of 2 units of 45/2019/QH14');
	const history = await k('decision_backlog_history').where({ entry: entry.id });
	assert.deepEqual(history.map((h) => h.event), ['submitted']);
	assert.deepEqual(pick(JSON.parse(history[0].detail), { migration: null }), { migration: 'iu0011' });
	assert.ok(JSON.parse(history[0].detail).run_by, 'the OS user who ran it');
	const env = JSON.parse((await k('manifest_envelope').where({ entry: entry.id }).first()).envelope_json);
	assert.equal(env.positions_upgrade, true);
	assert.equal(env.format, 'iu-cutter-manifest-v2');
	const blocks = (await k('manifest_unit_block').join('manifest_envelope as e', 'e.id', 'manifest_unit_block.envelope').where('e.entry', entry.id).select('block_json')).map((b) => JSON.parse(b.block_json));
	assert.deepEqual(blocks.map((b) => [b.action, b.after.canonical_address, b.before.position, b.after.position]).sort(), [['update', '45-2019-qh14/dieu-44/khoan-1', 2, 1]]);
	// Units are untouched until the entry is reviewed and cut; the runner signed what it appended, and witnessed it.
	assert.deepEqual((await k('logical_unit').where({ document: DOC_45 }).orderBy('position').pluck('position')).map(Number), [1, 2]);
	const lines = readFileSync(witness, 'utf8').trim().split('\n');
	assert.equal(lines.length, 1);
	assert.equal(JSON.parse(lines[0]).seq, Number((await k('iu_ledger_checkpoint').max({ m: 'seq' }))[0].m));

	// Idempotent: again, nothing new.
	const again = runWith(keyEnv(witness), 'migrate.js');
	assert.equal(again.code, 0, again.out);
	assert.match(again.out, new RegExp(`open already {2}45/2019/QH14 \\(document [^)]+\\): entry ${opened[1]} \\(submitted\\)`));
	assert.equal(Number((await k('decision_backlog_entry').where({ submitted_by: MIGRATION_ACTOR }).count({ n: '*' }))[0].n), 1);
	assert.equal(readFileSync(witness, 'utf8').trim().split('\n').length, 1);

	// down: iu0018, iu0017, iu0016, iu0015, iu0014 and iu0012 first (only the latest applied migration is undone); then iu0011: the
	// entry stands (submitted), so positions are about to change meaning: refused, nothing changed.
	const down18 = runWith(keyEnv(witness), 'migrate.js', '--down', 'iu0018');
	assert.equal(down18.code, 0, down18.out);
	const down17 = runWith(keyEnv(witness), 'migrate.js', '--down', 'iu0017');
	assert.equal(down17.code, 0, down17.out);
	const down16 = runWith(keyEnv(witness), 'migrate.js', '--down', 'iu0016');
	assert.equal(down16.code, 0, down16.out);
	const down15 = runWith(keyEnv(witness), 'migrate.js', '--down', 'iu0015');
	assert.equal(down15.code, 0, down15.out);
	const down14 = runWith(keyEnv(witness), 'migrate.js', '--down', 'iu0014');
	assert.equal(down14.code, 0, down14.out);
	const down12 = runWith(keyEnv(witness), 'migrate.js', '--down', 'iu0012');
	assert.equal(down12.code, 0, down12.out);
	const down = runWith(keyEnv(witness), 'migrate.js', '--down', 'iu0011');
	assert.equal(down.code, 1, down.out);
	assert.match(down.out, new RegExp(`iu0011 down: 1 document\\(s\\) have upgrade entries \\(0 cut; entries ${opened[1]}\\)`));
	await assertSiblingPositions(true);
	assert.equal((await verifyMigrationLedger(k, core)).passed, true);
});
