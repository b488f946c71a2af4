// Upgrading a store the previous release made (issue 30, design §5): positions there are places in the
// whole document (v1), every manifest is iu-cutter-manifest-v1. The fixture tests/fixtures/store-iu0010 was
// recorded by that release (tests/support/legacy-store.js record; see its README). On a real Directus with
// the built bundle, on SQLite (IU_DB=sqlite, the default) and PostgreSQL (IU_DB=postgres):
//  1. a store bootstrapped and migrated to iu0010 only, the recorded rows loaded as a superuser would;
//  2. the real CLI `npm run migrate -- --db …`: iu0011 applied, one upgrade entry per document, as many
//     blocks as units whose position is not their rank among their live siblings;
//  3-5. between the migration and the upgrade CUT the store reads, audits and verifies as before and refuses
//     new plans; each upgrade goes through review, CUT and VERIFY by people; afterwards every live unit's
//     position is its sibling rank, and migrating again opens nothing;
//  6. the release's recorded answers come back equal (the AKN file byte for byte but for its generated_at);
//  7. rollbacks across the upgrade are refused; the migration actor cannot act, the executor cannot verify;
//  8. a clause inserted afterwards moves only its later siblings;
//  9. iu0011 cannot be undone once upgrade entries exist.
// And the store of the release before issue 49 (tests/fixtures/store-iu0017: the signed chain and its checkpoints, no
// transparency log), in a second database of the same server, moved by the real CLI only (no Directus):
//  10. migrated to iu0017 only, it takes the recorded rows; its chain and every old checkpoint verify;
//  11. iu0018 and its follow-up make the chain the log's first leaves: tiles, root and signed note recomputed here
//      from the rows; the old checkpoints, the witness file and the chain are untouched and still verify.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { loadNodeCore } from '../support/core.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { asSuperuser, openDb } from '../support/db.js';
import { ok, fullCycle, approveCutVerify } from '../support/workflow.js';
import { FIXTURE, FIXTURE_IU0017, TABLES, loadLegacyStore, readLegacyStore } from '../support/legacy-store.js';
import { leafHash, mth, readCheckpointNote, tilesOf } from '../support/tlog.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { appliedMigrations, applyPending, readManifest, verifyMigrationLedger } from '../../scripts/migrate.js';
import { exportLedger } from '../../scripts/ledger-export.js';
import { auditExport } from '../../scripts/ledger-audit.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'upgrade-test-password' };
const PASSWORD = 'upgrade-workflow-password';
/** The reserved submitter of upgrade entries (design §3.3: lib/positions.ts MIGRATION_ACTOR). */
const MIGRATION_ACTOR = '00000000-0000-4000-8000-0000000000b1';
const fixture = readLegacyStore(FIXTURE);
const A = fixture.meta.documents.A;
const B = fixture.meta.documents.B;

let pg, dir, db, spec, k, directus, ids, admin;
let keyFile, witnessFile, runnerKeyFile;
/** Tests 10–11: the store of the release before the transparency log, in its own database, and its key and witness. */
const fixture17 = readLegacyStore(FIXTURE_IU0017);
const LOG_ORIGIN = 'upgrade.test.example/iu-cutter/tlog';
let spec17, k17, env17;
/** Per document id: the units the upgrade must renumber, computed from the loaded store before the migration. */
const expected = {};
/** Per document id: its upgrade entry `{ entry, manifest_sha256, blocks }`. */
const upgrades = {};

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-upgrade-${DB}-`));
	let harnessDb = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 55400 + (process.pid % 150) });
		harnessDb = pg.createDatabase('iu_upgrade');
	}
	db = harnessDb;
	spec = DB === 'postgres' ? `postgres://postgres@127.0.0.1:${db.port}/${db.database}` : `sqlite:${join(dir, 'data.db')}`;
	// Directus' own tables only (a real bootstrap, not the snapshot: upgrading is the subject); iu-cutter's migrations are the test's.
	const boot = await startDirectus({ dir, port: 21000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, migrate: false, fresh: true });
	await boot.stop();
	// Tests 10–11 start from a copy of the same bootstrapped database (Directus' tables only): no second bootstrap.
	const dir17 = join(dir, 'store-iu0017');
	mkdirSync(join(dir17, 'keys'), { recursive: true, mode: 0o700 });
	let db17 = db;
	if (DB === 'postgres') {
		pg.psql('postgres', `create database iu_upgrade17 template ${db.database}`);
		db17 = { ...db, database: 'iu_upgrade17' };
		spec17 = `postgres://postgres@127.0.0.1:${db.port}/iu_upgrade17`;
	} else {
		copyFileSync(join(dir, 'data.db'), join(dir17, 'data.db'));
		spec17 = `sqlite:${join(dir17, 'data.db')}`;
	}
	k17 = openDb(db17, dir17);
	env17 = { IU_LEDGER_KEY_FILE: join(dir17, 'keys', 'ledger.key'), IU_LEDGER_WITNESS: join(dir17, 'keys', 'ledger-witness.jsonl'), IU_TLOG_ORIGIN: LOG_ORIGIN };
	copyFileSync(fixture17.keyFile, env17.IU_LEDGER_KEY_FILE);
	chmodSync(env17.IU_LEDGER_KEY_FILE, 0o600);
	copyFileSync(fixture17.witnessFile, env17.IU_LEDGER_WITNESS);
	// The recording's key and witness: the loaded checkpoints are signed with this key, and its witness lines
	// are the ones the audit compares them with. Copies, so the fixture's files stay as recorded.
	mkdirSync(join(dir, 'fixture-keys'), { recursive: true, mode: 0o700 });
	keyFile = join(dir, 'fixture-keys', 'ledger.key');
	copyFileSync(fixture.keyFile, keyFile);
	chmodSync(keyFile, 0o600);
	copyFileSync(fixture.publicKeyFile, join(dir, 'fixture-keys', 'ledger.pub'));
	mkdirSync(join(dir, 'witness'), { recursive: true });
	witnessFile = join(dir, 'witness', 'ledger-witness.jsonl');
	copyFileSync(fixture.witnessFile, witnessFile);
	// The migration runner's own key (issue 48), apart from the ledger's: it signs the upgrade entries it opens.
	runnerKeyFile = join(dir, 'fixture-keys', 'runner.key');
	writeFileSync(runnerKeyFile, generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey, { mode: 0o600 });
	k = openDb(db, dir);
});

after(async () => {
	await k?.destroy();
	await k17?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The real CLI, `npm run migrate -- --db <target> …`, with the ledger's key and witness in `env`: exit code and output. */
function runMigrate(target, env, args) {
	const r = spawnSync('npm', ['run', '--silent', 'migrate', '--', '--db', target, ...args], { encoding: 'utf8', cwd: ROOT, timeout: 600_000, env: { ...process.env, ...env } });
	return { code: r.status, out: `${r.stdout}${r.stderr}` };
}
const migrateCli = (...args) => runMigrate(spec, { IU_LEDGER_KEY_FILE: keyFile, IU_LEDGER_WITNESS: witnessFile, IU_MIGRATION_KEY_FILE: runnerKeyFile }, args);
const witnessLines = () => readFileSync(witnessFile, 'utf8').split('\n').filter(Boolean).length;

/** Live units of a document whose position is not their 1-based rank among their live siblings (by position, then id). */
function renumbered(units) {
	const live = units.filter((u) => u.lifecycle_status !== 'retired');
	const groups = new Map();
	for (const u of live) groups.set(u.parent ?? null, [...(groups.get(u.parent ?? null) ?? []), u]);
	const out = [];
	for (const list of groups.values()) {
		list.sort((a, b) => Number(a.position) - Number(b.position) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
		list.forEach((u, i) => Number(u.position) !== i + 1 && out.push({ id: u.id, canonical_address: u.canonical_address, from: Number(u.position), to: i + 1 }));
	}
	return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}
const unitsOf = (document) => k('logical_unit').where({ document }).select('id', 'parent', 'position', 'canonical_address', 'lifecycle_status', 'heading', 'body', 'content_sha256');

/** The upgrade entries in the ledger: entries whose envelope carries positions_upgrade. */
async function upgradeEntries() {
	const envelopes = await k('manifest_envelope').select('entry', 'document', 'manifest_sha256', 'block_count', 'envelope_json');
	return envelopes.filter((e) => JSON.parse(e.envelope_json).positions_upgrade === true);
}

const q = (o) => new URLSearchParams(o).toString();
const errorCode = (r) => r.body?.errors?.[0]?.extensions?.code;

test('1. a store at iu0010 takes the rows the previous release recorded', async () => {
	const result = await applyPending(k, { untilVersion: 'iu0010' });
	assert.equal(result.passed, true, JSON.stringify(result.steps.at(-1)?.gates));
	assert.deepEqual((await appliedMigrations(k)).map((m) => m.version).at(-1), 'iu0010');
	const { counts } = await loadLegacyStore(k);
	for (const t of TABLES) assert.equal(Number((await k(t).count({ n: '*' }))[0].n), counts[t], t);
	assert.equal(fixture.meta.recorded_from.commit.slice(0, 7), 'f4323c7', 'recorded by the release before issue 30');
	// The loaded store holds v1 positions: the upgrade has something to do on A (the test could not fail otherwise).
	for (const doc of [A, B]) expected[doc.id] = renumbered(await unitsOf(doc.id));
	assert.ok(expected[A.id].length > 10, `A: ${expected[A.id].length} units to renumber`);
	const envelopes = await k('manifest_envelope').select('envelope_json');
	assert.ok(envelopes.every((e) => JSON.parse(e.envelope_json).format === 'iu-cutter-manifest-v1'));
});

test('2. the real CLI applies iu0011 and opens one upgrade entry per document, with exactly the renumbered units as blocks', async () => {
	const before = witnessLines();
	const r = migrateCli();
	assert.equal(r.code, 0, r.out);
	assert.match(r.out, /iu0011/);
	assert.ok((await appliedMigrations(k)).some((m) => m.version === 'iu0011'));
	const entries = await upgradeEntries();
	assert.deepEqual(entries.map((e) => e.document).sort(), [A.id, B.id].sort(), 'one upgrade entry per document');
	for (const e of entries) {
		const envelope = JSON.parse(e.envelope_json);
		assert.equal(envelope.format, 'iu-cutter-manifest-v2');
		const entry = await k('decision_backlog_entry').where({ id: e.entry }).first();
		assert.equal(entry.submitted_by, MIGRATION_ACTOR);
		const blocks = await k('manifest_unit_block').where({ envelope: (await k('manifest_envelope').where({ entry: e.entry }).first('id')).id }).orderBy('block_index');
		const want = expected[e.document];
		assert.equal(Number(e.block_count), want.length, `${e.document}: blocks = units whose rank ≠ position`);
		assert.equal(blocks.length, want.length);
		assert.deepEqual(blocks.map((b) => b.unit_id).sort(), want.map((u) => u.id).sort());
		for (const b of blocks) {
			const block = JSON.parse(b.block_json);
			assert.equal(b.action, 'update');
			assert.deepEqual(block.changed ?? block.update?.changed, ['position'], JSON.stringify(block).slice(0, 400));
			const after = block.after ?? block.update?.after;
			assert.equal(after.position, want.find((u) => u.id === b.unit_id).to);
		}
		upgrades[e.document] = { entry: e.entry, manifest_sha256: e.manifest_sha256, blocks: blocks.length };
		assert.match(r.out, new RegExp(e.entry), 'the report names each entry');
	}
	// The unit rows are untouched until the CUT; each opened entry's checkpoint got its witness line.
	assert.deepEqual(renumbered(await unitsOf(A.id)), expected[A.id]);
	assert.ok(witnessLines() >= before + entries.length, `${witnessLines()} witness lines, ${before} before`);
});

test('3. Directus starts on the upgraded store with the recorded identities', async () => {
	directus = await startDirectus({ dir, port: 21000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h', IU_LEDGER_KEY_FILE: keyFile, IU_LEDGER_WITNESS: witnessFile, IU_MIGRATION_KEY_FILE: runnerKeyFile } });
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	for (const [role, who] of Object.entries(fixture.meta.identities)) assert.equal(ids[role].id, who.id, `${role} keeps the recorded user id`);
	// Starting ran the gated migrations again: nothing more was opened.
	assert.equal((await upgradeEntries()).length, 2);
});

test('4. between the migration and the upgrade CUT: audits pass, VERIFY of the recorded cut entry passes, plans are refused', async () => {
	const chain = await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(chain.passed, true, JSON.stringify(chain).slice(0, 2000));
	// Each upgrade entry's submit is signed by the migration runner's own key, which this instance trusts.
	for (const doc of [A, B]) {
		const submitted = (await ids.verifier.api.ok('GET', `/iu-cutter/entries/${upgrades[doc.id].entry}`)).history[0];
		assert.deepEqual([submitted.event, submitted.signer.kind, submitted.signer.verified, submitted.signer.trusted], ['submitted', 'agent', true, true], JSON.stringify(submitted.signer));
	}
	for (const doc of [A, B]) {
		const audit = await ids.verifier.api.ok('GET', `/iu-cutter/audit?document=${doc.id}`);
		assert.equal(audit.passed, true, JSON.stringify(audit).slice(0, 2000));
	}
	const left = fixture.meta.entries.filter((e) => e.state === 'cut');
	assert.equal(left.length, 1);
	const verified = await ok(ids.verifier, '/iu-cutter/verify', { entry: left[0].entry });
	assert.equal(verified.passed, true, JSON.stringify(verified).slice(0, 2000));

	const preview = await ids.submitter.api.post('/iu-cutter/preview', { document: A.id, text: readFileSync(join(FIXTURE, 'texts/a3.txt'), 'utf8') });
	assert.equal(preview.status, 409, preview.text.slice(0, 500));
	assert.equal(errorCode(preview), 'IU_POSITIONS_PENDING');
	assert.match(preview.text, new RegExp(upgrades[A.id].entry), 'the refusal names the upgrade entry');

	const csv = `old_address,new_address,kind,valid_from,valid_until,rationale\n${A.slug}/dieu-20,${A.slug}/dieu-3,legacy,2021-09-15,,"draft numbering"\n`;
	const crosswalk = await ids.submitter.api.post('/iu-cutter/crosswalk/preview', { document: A.id, file: csv, file_name: 'legacy.csv' });
	assert.equal(crosswalk.status, 200, crosswalk.text.slice(0, 1000));
});

test('5. each upgrade goes through review, CUT and VERIFY by people; every live position is then its sibling rank', async () => {
	// No one acts as the migration actor, so it cannot review its own entry: a user an administrator makes with
	// its id and the review capability is refused. An API-only agent (no app access: the license's seats are
	// taken by the admin and the two human identities).
	const impostorToken = 'upgrade-test-impostor-token-0123456789';
	const policy = await admin.ok('POST', '/policies', { name: 'IU Reviewer (API)', icon: 'content_cut', admin_access: false, app_access: false });
	await admin.ok('POST', '/permissions', [['decision_backlog_entry', 'read'], ['manifest_envelope', 'read'], ['review_decision', 'create'], ['review_decision', 'read']].map(([collection, action]) => ({ policy: policy.id, collection, action, fields: ['*'] })));
	await admin.ok('POST', '/users', { id: MIGRATION_ACTOR, email: 'impostor@example.com', first_name: 'Impostor', token: impostorToken, role: null });
	await admin.ok('POST', '/access', { user: MIGRATION_ACTOR, policy: policy.id });
	const impostor = client(directus.url, impostorToken);
	assert.equal((await impostor.get('/users/me')).status, 200, 'Directus itself knows the user');
	const self = await impostor.post('/iu-cutter/review', { entry: upgrades[A.id].entry, decision: 'approve', manifest_sha256: upgrades[A.id].manifest_sha256 });
	assert.equal(self.status, 403, self.text.slice(0, 500));

	for (const doc of [A, B]) {
		const u = upgrades[doc.id];
		await ok(ids.reviewer, '/iu-cutter/review', { entry: u.entry, decision: 'approve', manifest_sha256: u.manifest_sha256 });
		const cut = await ok(ids.executor, '/iu-cutter/cut', { entry: u.entry });
		assert.equal(cut.units_written, expected[doc.id].length);
		const own = await ids.executor.api.post('/iu-cutter/verify', { entry: u.entry });
		assert.equal(own.status, 403, `the executor verifying: ${own.text.slice(0, 300)}`);
		const verified = await ok(ids.verifier, '/iu-cutter/verify', { entry: u.entry });
		assert.equal(verified.passed, true, JSON.stringify(verified).slice(0, 2000));
		await ok(ids.verifier, '/iu-cutter/sweep', { entry: u.entry });
		assert.deepEqual(renumbered(await unitsOf(doc.id)), [], `${doc.doc_code}: every live position is its sibling rank`);
	}
	const before = witnessLines();
	const again = migrateCli();
	assert.equal(again.code, 0, again.out);
	assert.equal((await upgradeEntries()).length, 2, 'migrating again opens nothing');
	assert.equal(witnessLines(), before);
	const audit = await ids.verifier.api.ok('GET', `/iu-cutter/audit?document=${A.id}`);
	assert.equal(audit.passed, true, JSON.stringify(audit).slice(0, 2000));
});

test('6. the previous release’s answers come back equal', async () => {
	const api = ids.reviewer.api;
	const { answers } = fixture;
	for (const [at, recorded] of Object.entries(answers.document)) {
		assert.deepEqual(await api.ok('GET', `/iu-cutter/document?${q({ document: A.slug, at })}`), recorded, `/document at ${at}`);
	}
	for (const [key, recorded] of Object.entries(answers.resolve)) {
		const [address, at] = key.split('@');
		assert.deepEqual(await api.ok('GET', `/iu-cutter/resolve?${q({ address, at })}`), recorded, `/resolve ${key}`);
	}
	// The endpoint stamps generated_at with its clock and takes no instant for it: the file must be equal byte
	// for byte once the two generated_at stamps are swapped, and they must be the only difference.
	for (const [at, meta] of Object.entries(answers.akn)) {
		const recorded = readFileSync(join(FIXTURE, meta.file), 'utf8');
		const r = await api.get(`/iu-cutter/document/akn?${q({ document: A.slug, at })}`);
		assert.equal(r.status, 200);
		// core::akn writes generated_at in one place: the manifestation's FRBRdate named "generation", the one
		// with a time of day (the work's FRBRdate of that name holds the date the document took effect).
		const generated = (xml) => [...xml.matchAll(/<FRBRdate date="(\d{4}-\d\d-\d\dT[^"]+)" name="generation"\/>/g)].map((m) => m[1]);
		const [was] = generated(recorded);
		const [now] = generated(r.text);
		assert.ok(was && now, `generated_at found in both files (${was}, ${now})`);
		assert.equal(generated(r.text).length, 1, 'one generated_at');
		assert.equal(r.text.replaceAll(`<FRBRdate date="${now}" name="generation"/>`, `<FRBRdate date="${was}" name="generation"/>`), recorded, `AKN at ${at}`);
	}
});

test('6b. /unit/history of a unit the upgrade moved: no version from the upgrade, and the release’s answer', async () => {
	const upgradeChangeSet = (await k('cut_change_set').where({ entry: upgrades[A.id].entry }).first('id')).id;
	assert.ok(await k('cut_change_set_affected_row').where({ change_set: upgradeChangeSet, canonical_address: `${A.slug}/dieu-4` }).first('id'), 'the upgrade moved Điều 4');
	for (const [address, recorded] of Object.entries(fixture.answers.unit_history)) {
		const now = await ids.reviewer.api.ok('GET', `/iu-cutter/unit/history?${q({ unit: recorded.unit.id })}`);
		assert.ok(now.versions.every((v) => v.change_set !== upgradeChangeSet), `${address}: the upgrade adds no version`);
		// One change on purpose (issue 30): a new position alone is no new version of a unit. The previous release listed
		// the amendment's move of Điều 4 (a sibling inserted before it) as a version with the same text; it is merged now.
		const merged = placeOnlyVersionsMerged(recorded);
		assert.ok(merged.versions.length < recorded.versions.length, `${address}: the recorded answer has a version that only moved`);
		assert.deepEqual(now, merged, `/unit/history of ${address} as the release answered it, position-only versions merged`);
	}
});

/** A recorded /unit/history answer with each version that differs from the one before only in its place folded into it. */
function placeOnlyVersionsMerged(answer) {
	const same = (a, b) => ['state', 'lifecycle_status', 'canonical_address', 'heading', 'body', 'content_sha256'].every((f) => a[f] === b[f]);
	const versions = [];
	for (const v of answer.versions) {
		const last = versions.at(-1);
		if (last && same(last, v)) last.valid_until = v.valid_until;
		else versions.push({ ...v, version: versions.length + 1 });
	}
	return { ...answer, versions };
}

test('7. rollbacks across the upgrade are refused', async () => {
	const amendment = fixture.meta.entries.find((e) => e.title.startsWith('A: amendment'));
	for (const entry of [amendment.entry, upgrades[A.id].entry]) {
		const r = await ids.submitter.api.post('/iu-cutter/rollback', { entry, effective_from: '2027-01-01T00:00:00Z' });
		assert.equal(r.status, 409, r.text.slice(0, 500));
		assert.equal(errorCode(r), 'IU_ROLLBACK_REFUSED');
		assert.match(r.text, /rollback-across-positions-upgrade/);
		// The entry page shows the step disabled, with the same reason, instead of offering it.
		const shown = await ids.submitter.api.ok('GET', `/iu-cutter/entries/${entry}`);
		assert.equal(shown.abilities.rollback.allowed, false, JSON.stringify(shown.abilities.rollback));
		assert.equal(shown.abilities.rollback.code, 'rollback-across-positions-upgrade');
	}
});

test('8. a clause inserted into Điều 3 after the upgrade moves only its later siblings', async () => {
	const text = readFileSync(join(FIXTURE, 'texts/a3.txt'), 'utf8');
	const lines = text.split('\n');
	const at = lines.findIndex((l) => l.startsWith('1. Mức chuẩn trợ cấp ưu đãi người có công'));
	assert.ok(at > 0);
	// A new khoản 2 in Điều 3: the old khoản 2 and 3 become 3 and 4.
	lines.splice(at + 1, 0, '2. Mức chuẩn trợ cấp ưu đãi được công bố cùng với mức lương cơ sở.');
	const renum = lines.map((l, i) => (i > at + 1 && i <= at + 3 && /^[23]\. /.test(l) ? `${Number(l[0]) + 1}${l.slice(1)}` : l));
	const dieu3 = (await unitsOf(A.id)).find((u) => u.canonical_address === `${A.slug}/dieu-3`);
	const laterSiblings = (await unitsOf(A.id)).filter((u) => u.parent === dieu3.id && u.lifecycle_status !== 'retired' && Number(u.position) >= 2);
	const r = await fullCycle(ids, { document: A.id, text: renum.join('\n'), effective_from: '2026-07-01T00:00:00+07:00' });
	assert.equal(r.verified.passed, true, JSON.stringify(r.verified).slice(0, 2000));
	const envelope = await k('manifest_envelope').where({ entry: r.submitted.entry }).first('id', 'block_count');
	const blocks = await k('manifest_unit_block').where({ envelope: envelope.id }).select('action', 'canonical_address');
	assert.ok(blocks.length <= 1 + laterSiblings.length, `${blocks.length} blocks: ${JSON.stringify(blocks)}`);
	assert.ok(blocks.every((b) => b.canonical_address.startsWith(`${A.slug}/dieu-3/`)), JSON.stringify(blocks));
	assert.deepEqual(renumbered(await unitsOf(A.id)), []);
});

test('9. iu0011 cannot be undone once upgrade entries exist', async () => {
	// Only the latest applied migration is undone: iu0018 (the transparency log), iu0017 (the step signatures), iu0016 (the trust policy), iu0015 (the document form), iu0014 (the Data Studio) and iu0012 (the agents) first, which have nothing to refuse here.
	const log = migrateCli('--down', 'iu0018');
	assert.equal(log.code, 0, log.out);
	const signatures = migrateCli('--down', 'iu0017');
	assert.equal(signatures.code, 0, signatures.out);
	const trust = migrateCli('--down', 'iu0016');
	assert.equal(trust.code, 0, trust.out);
	const form = migrateCli('--down', 'iu0015');
	assert.equal(form.code, 0, form.out);
	const studio = migrateCli('--down', 'iu0014');
	assert.equal(studio.code, 0, studio.out);
	const agents = migrateCli('--down', 'iu0012');
	assert.equal(agents.code, 0, agents.out);
	const r = migrateCli('--down', 'iu0011');
	assert.equal(r.code, 1, r.out);
	assert.match(r.out, /2 document\(s\) have upgrade entries \(2 cut/);
	assert.ok((await appliedMigrations(k)).some((m) => m.version === 'iu0011'));
});

// ——— The store of the release before the transparency log (issue 49): the chain becomes the log's first leaves ———

/** The recorded chain, from the fixture's files: every ledger row's (ledger_seq, row_hash), in ledger_seq order. */
const chain17 = fixture17.meta.tables.ledger.flatMap((t) => fixture17.rows[t].map((r) => ({ seq: Number(r.ledger_seq), row_hash: r.row_hash }))).sort((a, b) => a.seq - b.seq);
const plainCheckpoint = (r) => ({ ...r, seq: Number(r.seq), from_seq: Number(r.from_seq), prev_seq: Number(r.prev_seq) });
/** Every row of the chain's tables and of its checkpoints, as the database holds them. */
async function chainTables17() {
	const { ledger, checkpoints } = fixture17.meta.tables;
	return Object.fromEntries(await Promise.all([...ledger, ...checkpoints].map(async (t) => [t, await k17(t).orderBy(checkpoints.includes(t) ? 'seq' : 'ledger_seq')])));
}
/** Each old checkpoint checked by the core with the fixture's public key: the seqs of those that do not verify. */
async function unverifiedCheckpoints() {
	const core = await loadNodeCore();
	const publicPems = [readFileSync(fixture17.publicKeyFile, 'utf8')];
	const rows = await k17('iu_ledger_checkpoint').orderBy('seq');
	const unverified = rows.map(plainCheckpoint).filter((checkpoint) => !core.verifyCheckpoint({ publicPems, checkpoint }).valid);
	return unverified.map((c) => c.seq);
}
/** `npm run ledger:export` and `npm run ledger:audit` of the store, in this process: the audit's words and verdict. */
async function audit17() {
	const file = join(dir, `store-iu0017-export-${Date.now()}.jsonl`);
	await exportLedger(k17, file, spec17);
	const { report, text } = await auditExport({ exportFile: file, publicKeys: [readFileSync(fixture17.publicKeyFile, 'utf8')], witnessFile: env17.IU_LEDGER_WITNESS });
	return { passed: report.passed, text };
}
let before17;

test('10. a store at iu0017 takes the rows the release before the transparency log recorded; its chain and every old checkpoint verify', async () => {
	assert.equal(fixture17.meta.recorded_from.commit.slice(0, 7), '91bdb5e', 'recorded by the release before issue 49');
	assert.equal(fixture17.meta.migrations.at(-1).split(' ')[1], 'iu0017');
	const result = await applyPending(k17, { untilVersion: 'iu0017' });
	assert.equal(result.passed, true, JSON.stringify(result.steps.at(-1)?.gates));
	assert.equal((await appliedMigrations(k17)).map((m) => m.version).at(-1), 'iu0017');
	const { counts } = await loadLegacyStore(k17, { from: FIXTURE_IU0017 });
	for (const t of fixture17.tables) assert.equal(Number((await k17(t).count({ n: '*' }))[0].n), counts[t], t);
	// One chain from seq 1, no gap, signed up to its tail by the last old checkpoint; a verified amendment and an entry left cut.
	assert.deepEqual(
		chain17.map((r) => r.seq),
		chain17.map((_, i) => i + 1),
	);
	assert.ok(chain17.length > 256, `${chain17.length} rows: the log needs more than one tile`);
	const checkpoints = fixture17.rows.iu_ledger_checkpoint;
	assert.deepEqual([Number(checkpoints.at(-1).seq), checkpoints.at(-1).head], [chain17.length, chain17.at(-1).row_hash]);
	assert.deepEqual(
		fixture17.meta.entries.map((e) => e.state),
		['swept', 'swept', 'swept', 'cut', 'swept'],
	);
	assert.deepEqual(await unverifiedCheckpoints(), [], 'every old checkpoint verifies with the fixture’s public key');
	const audit = await audit17();
	assert.equal(audit.passed, true, audit.text);
	before17 = { tables: await chainTables17(), witness: readFileSync(env17.IU_LEDGER_WITNESS) };
	assert.equal((await k17.schema.hasTable('iu_tlog_tile')) || (await k17.schema.hasTable('iu_tlog_checkpoint')), false, 'no log before iu0018');
});

test('11. the real CLI applies iu0018: the chain becomes the log’s first leaves, signed; the old checkpoints and the chain are untouched and verify', async () => {
	assert.ok(before17, 'test 10 loaded the store and took its state before the move');
	// First with a row_hash forged in the middle of the chain, the tail and its checkpoint untouched: the tail's check
	// alone would pass it, and the log would sign the forgery as a leaf. The follow-up refuses, naming the row.
	const middle = chain17[Math.floor(chain17.length / 2)];
	const table = fixture17.meta.tables.ledger.find((t) => fixture17.rows[t].some((row) => Number(row.ledger_seq) === middle.seq));
	const setRowHash = (rowHash) => asSuperuser(k17, (trx) => trx(table).where({ ledger_seq: middle.seq }).update({ row_hash: rowHash }), { triggersOff: [table] });
	await setRowHash('0'.repeat(63) + '1');
	const refused = runMigrate(spec17, env17, []);
	assert.notEqual(refused.code, 0, refused.out);
	// A governed step: iu0018's gates passed in its transaction, the migration ledger holds it with its frozen hash.
	assert.match(refused.out, /^iu0018 \(iu0018-transparency-log\.js\): applied$/m);
	assert.match(refused.out, new RegExp(`^iu0018 open-transparency-log: FAILED: .*opens only on a chain that verifies.*the first at ledger row ${middle.seq} `, 'm'));
	assert.equal(Number((await k17('iu_tlog_checkpoint').count({ n: '*' }))[0].n), 0, 'no log checkpoint signs a forged row');
	// The chain as recorded again: the follow-up, run by every `npm run migrate`, opens the log.
	await setRowHash(middle.row_hash);
	const r = runMigrate(spec17, env17, []);
	assert.equal(r.code, 0, r.out);
	assert.match(r.out, new RegExp(`^iu0018 open-transparency-log: the transparency log ${LOG_ORIGIN.replaceAll('.', '\\.')} holds the chain's ${chain17.length} row\\(s\\)`, 'm'));
	assert.doesNotMatch(r.out, /FAIL/);
	const frozen = readManifest().files.find((f) => f.version === 'iu0018');
	const applied = (await appliedMigrations(k17)).find((m) => m.version === 'iu0018');
	assert.equal(applied?.sha256, frozen.sha256, 'the migration ledger holds iu0018 with its frozen sha256');
	const ledger = await verifyMigrationLedger(k17, await loadNodeCore());
	assert.equal(ledger.passed, true, JSON.stringify(ledger));

	// The log holds exactly the chain: leaf i is the row_hash of ledger row i + 1; tiles and root recomputed here.
	const leaves = chain17.map((row) => leafHash(Buffer.from(row.row_hash, 'hex')));
	const tiles = (await k17('iu_tlog_tile').orderBy([{ column: 'level' }, { column: 'idx' }])).map((t) => ({ level: Number(t.level), index: Number(t.idx), hashes: t.hashes }));
	assert.deepEqual(tiles, tilesOf(leaves), 'the log’s tiles are the RFC 6962 hashes of the chain’s rows, in ledger_seq order');
	const logCheckpoints = await k17('iu_tlog_checkpoint').orderBy('size');
	assert.equal(logCheckpoints.length, 1, 'one checkpoint: the whole chain appended at once');
	const [cp] = logCheckpoints;
	const root = mth(leaves);
	assert.deepEqual([Number(cp.size), cp.head, cp.origin, cp.root], [chain17.length, chain17.at(-1).row_hash, LOG_ORIGIN, root.toString('hex')]);
	const note = readCheckpointNote(cp.note, readFileSync(fixture17.publicKeyFile, 'utf8'));
	assert.deepEqual([note.origin, note.size, note.root.toString('hex')], [LOG_ORIGIN, chain17.length, root.toString('hex')], cp.note);
	assert.equal(note.signed, true, `the note is signed by the ledger's key under ${LOG_ORIGIN}: ${cp.note}`);

	// Nothing else moved: no row appended to the chain, no old checkpoint added or changed, no witness line.
	assert.deepEqual(await chainTables17(), before17.tables);
	assert.ok(readFileSync(env17.IU_LEDGER_WITNESS).equals(before17.witness), 'the witness file is as recorded');
	assert.deepEqual(await unverifiedCheckpoints(), []);
	const audit = await audit17();
	assert.equal(audit.passed, true, audit.text);
});
