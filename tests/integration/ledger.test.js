// The signed ledger against a real Directus 12.4.0, as a hostile database
// superuser would try it: signed checkpoints in the database and in the
// witness file, a forged approval appended with the chain's own hash function
// (no key), the newest rows deleted with their checkpoints, the store edited
// behind the ledger — each refused by the workflow or named by VERIFY, the
// audits and the offline verifier (`npm run ledger:audit`), which runs on an
// export with only the public key. IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { ROOT, startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { openDb, counts, asSuperuser, LEDGER } from '../support/db.js';
import { ok, fullCycle, amend, submitNewText } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';
import { sha, mth } from '../support/tlog.js';
import { startWitness } from '../support/witness.js';
import { contentOf, chainTail } from '../../extension/src/shared/ledger-rows.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'ledger-test-password' };
const APPEND_ONLY = ['decision_backlog_history', 'decision_backlog_sweep_log', 'review_decision', 'iu_ledger_checkpoint', 'canonical_address_alias'];

let directus, pg, dir, db, ids, k, core, actId, actText, amendedText, policyFile;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-ledger-${DB}-`));
	db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 55600 + (process.pid % 150) });
		db = pg.createDatabase('iu_ledger');
	}
	// The transparency log's origin, and its witness policy (written by the witness test; empty until then).
	policyFile = join(dir, 'tlog-policy.txt');
	writeFileSync(policyFile, '');
	directus = await startDirectus({ dir, port: 25000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h', IU_TLOG_ORIGIN: 'ledger.test.example/iu-cutter/tlog', IU_TLOG_POLICY: policyFile, IU_TLOG_WITNESS_RETRY_S: '1' } });
	const adminToken = await directus.login();
	ids = await setupWorkflowRoles({ url: directus.url, token: adminToken, password: 'workflow-test-password' });
	k = openDb(db, dir);
	core = await loadNodeCore();
	actText = core.generatedAct({ chapters: 2, articlesPerChapter: 6, clausesPerArticle: 2, pointsPerClause: 2 });
	actId = (await ok(ids.submitter, '/items/legal_document', { doc_code: '12/2026/QH15', title: 'Luật mẫu', language: 'vi', vocabulary: 'vi', source_text: actText })).id;
	await fullCycle(ids, { document: actId, effective_from: '2026-01-01T00:00:00Z' });
	// An amendment that renumbers Điều 10…12, so the store holds aliases too.
	amendedText = amend(actText);
	await fullCycle(ids, { document: actId, text: amendedText, effective_from: '2027-01-01T00:00:00Z' });
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The amended act with one article heading changed: a one-block manifest. */
const edited = () => amendedText.replace(/^(Điều 2\. .*)$/m, '$1 (sửa đổi)');
const checkpoints = () => k('iu_ledger_checkpoint').orderBy('seq').select('*');
/** On PostgreSQL the whole-chain and store audits leave Directus' event loop; SQLite's one connection keeps them in it. */
const RUNNER = DB === 'postgres' ? 'worker-thread' : 'event-loop';
const witness = () => readFileSync(directus.witnessFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

/** The store, as the CLI scripts take it (--db). */
const dbArg = () => (DB === 'postgres' ? `postgres://${db.user}:@${db.host}:${db.port}/${db.database}` : `sqlite:${join(dir, 'data.db')}`);

/** `npm run ledger:export` then `npm run ledger:audit` on it, as an auditor would: exit code and output. */
function offlineAudit({ withWitness = true } = {}) {
	const file = join(dir, `export-${randomUUID()}.jsonl`);
	const exp = spawnSync(process.execPath, ['scripts/ledger-export.js', '--db', dbArg(), '--out', file], { cwd: ROOT, encoding: 'utf8' });
	assert.equal(exp.status, 0, exp.stderr);
	const args = ['scripts/ledger-audit.js', '--export', file, '--public-key', directus.publicKeyFile, ...(withWitness ? ['--witness', directus.witnessFile] : [])];
	const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
	const json = spawnSync(process.execPath, [...args, '--json'], { cwd: ROOT, encoding: 'utf8' });
	return { status: r.status, out: r.stdout + r.stderr, report: JSON.parse(json.stdout) };
}

/** Polls `check` until it holds (10 s at most). */
async function waitFor(check, what) {
	for (let i = 0; i < 100; i++) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	assert.fail(`timed out waiting: ${what}`);
}

/** Appends rows at the chain's tail as someone with database access and no key: hashed with the core's own ledgerChain. */
async function forge(rows) {
	return asSuperuser(k, async (trx) => {
		const tail = await chainTail(trx);
		const now = new Date().toISOString();
		const pending = rows.map((r, i) => ({
			collection: r.collection,
			id: r.values.id ?? randomUUID(),
			content: contentOf(r.collection, { ...r.values, id: r.values.id, ledger_seq: tail.seq + 1 + i, recorded_at: now, recorded_by: r.actor }),
		}));
		for (const p of pending) p.content.id = p.id;
		const chained = core.ledgerChain({ prev: { collection: '', id: '', content: null, prev_hash: null, row_hash: tail.row_hash }, rows: pending });
		assert.ok(chained.ok, JSON.stringify(chained.error));
		for (const r of chained.rows) await trx(r.collection).insert({ ...r.content, prev_hash: r.prev_hash, row_hash: r.row_hash });
		return chained.rows;
	});
}

test('every workflow step is signed: one checkpoint per step in the database and in the witness file, covering the tail', async () => {
	const cps = await checkpoints();
	// 2 cycles × (submit, review, cut, verify, sweep).
	assert.equal(cps.length, 10);
	const tail = await chainTail(k);
	const last = cps[cps.length - 1];
	assert.equal(Number(last.seq), tail.seq);
	assert.equal(last.head, tail.row_hash);
	assert.equal(Number(cps[0].prev_seq), 0);
	for (let i = 1; i < cps.length; i++) assert.equal(Number(cps[i].prev_seq), Number(cps[i - 1].seq));
	assert.deepEqual(witness().map((c) => [c.seq, c.head, c.signature]), cps.map((c) => [Number(c.seq), c.head, c.signature]));
	const verified = await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(verified.passed, true, JSON.stringify(verified.violations));
	assert.equal(verified.checkpoints, 10);
	assert.equal(verified.runner, RUNNER);
});

test('VERIFY reads the chain from the last verified checkpoint, not from the first row', async () => {
	const results = await k('verify_result').orderBy('ledger_seq').select('report');
	const chains = results.map((r) => JSON.parse(r.report).chain);
	assert.equal(chains[0].from_seq, 1);
	assert.ok(chains[1].from_seq > 1, `second VERIFY starts at seq ${chains[1].from_seq}`);
	assert.equal(chains[1].from_seq, chains[0].anchor_out.seq + 1);
	const report = JSON.parse(results[1].report);
	assert.ok(report.checks.some((c) => c.check === 'DRIFT' && c.passed));
	assert.ok(report.drift.aliases_checked > 0, 'the amendment wrote aliases and VERIFY held them to their images');
});

test('offline verifier: a good export with the public key and the witness is intact (exit 0)', async () => {
	const r = offlineAudit();
	assert.equal(r.status, 0, r.out);
	assert.match(r.out, /result: INTACT/);
	assert.equal(r.report.chain.rows_checked, (await chainTail(k)).seq);
	assert.ok(r.report.drift.units_checked > 0 && r.report.drift.aliases_checked > 0);
});

// ——— The ledger as a transparency log (issue 49): checked with nothing but keys and a policy ———

const LOG_ORIGIN = 'ledger.test.example/iu-cutter/tlog';
const logKey = () => core.tlogKey({ privatePem: readFileSync(directus.keyFile, 'utf8'), name: LOG_ORIGIN, kind: 'log' }).vkey;
let auditorToken;
/** A GET of the log's read-only routes, as an auditor's client (a mirror) makes it: the bytes and the headers. */
async function tlogGet(path) {
	auditorToken ??= await directus.login();
	const r = await fetch(`${directus.url}/iu-cutter/tlog/${path}`, { headers: { authorization: `Bearer ${auditorToken}` } });
	return { status: r.status, bytes: Buffer.from(await r.arrayBuffer()), headers: Object.fromEntries(r.headers) };
}
/** `npm run tlog:audit`, as an auditor runs it on files: exit code and output. */
function auditProof(files) {
	const args = ['scripts/audit.js', ...Object.entries(files).flatMap(([flag, text]) => {
		const file = join(dir, `${flag}-${randomUUID()}`);
		writeFileSync(file, text);
		return [`--${flag}`, file];
	})];
	const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
	return { status: r.status, out: r.stdout + r.stderr };
}

test('the ledger is a C2SP transparency log: its checkpoint, tiles and entries recomputed independently; a row’s and a unit’s proofs checked offline, and a tampered one named', async () => {
	const tail = await chainTail(k);
	const cp = await tlogGet('checkpoint');
	assert.equal(cp.status, 200, cp.bytes.toString());
	assert.equal(cp.headers['cache-control'], 'no-store');
	const note = cp.bytes.toString('utf8');
	const [origin, size, root] = note.split('\n');
	assert.deepEqual([origin, Number(size)], [LOG_ORIGIN, tail.seq], 'one leaf per ledger row, named by the store');
	// The entry bundles (every row's row_hash) and the level-0 tiles, read as a mirror reads them, give the signed root.
	const rowHashes = [];
	const leaves = [];
	let last = '';
	for (let n = 0; n * 256 < tail.seq; n++) {
		const width = Math.min(256, tail.seq - n * 256);
		last = `${String(n).padStart(3, '0')}${width === 256 ? '' : `.p/${width}`}`;
		const entries = await tlogGet(`tile/entries/${last}`);
		assert.equal(entries.status, 200, entries.bytes.toString());
		assert.equal(entries.headers['cache-control'], 'private, max-age=604800, immutable');
		const hashes = [];
		for (let at = 0; at < entries.bytes.length; at += 34) {
			assert.equal(entries.bytes.readUInt16BE(at), 32);
			hashes.push(entries.bytes.subarray(at + 2, at + 34));
		}
		assert.equal(hashes.length, width);
		const tile = await tlogGet(`tile/0/${last}`);
		assert.deepEqual(tile.bytes, Buffer.concat(hashes.map((h) => sha(Buffer.from([0]), h))), `tile/0/${last} holds the leaf hashes of its entries`);
		rowHashes.push(...hashes);
		leaves.push(...hashes.map((h) => sha(Buffer.from([0]), h)));
	}
	const chainRows = [];
	for (const table of LEDGER) for (const r of await k(table).select('ledger_seq', 'row_hash')) chainRows.push([Number(r.ledger_seq), r.row_hash]);
	assert.deepEqual(rowHashes.map((h) => h.toString('hex')), chainRows.sort((a, b) => a[0] - b[0]).map((r) => r[1]), 'entry i is the row_hash of ledger row i + 1');
	assert.equal(mth(leaves).toString('base64'), root, 'the checkpoint signs the RFC 6962 root of the rows');
	assert.equal((await tlogGet('tile/0/0')).status, 400, 'a path not in tlog-tiles spelling is refused, by name');
	assert.equal((await tlogGet(`tile/0/${String(Math.ceil(tail.seq / 256)).padStart(3, '0')}`)).status, 404, 'no tile beyond the log');
	assert.equal((await fetch(`${directus.url}/iu-cutter/tlog/checkpoint`)).status, 403, 'not to anonymous callers');

	// One row's proof, checked offline with nothing but the log's key.
	const policy = `log ${logKey()}\nquorum none\n`;
	const proof = (await tlogGet('proof?seq=3')).bytes.toString('utf8');
	assert.match(proof, /^c2sp\.org\/tlog-proof@v1\nextra [A-Za-z0-9+/=]+\nindex 2\n/);
	const good = auditProof({ proof, policy });
	assert.equal(good.status, 0, good.out);
	assert.match(good.out, /the proof holds: 1 ledger row\(s\)/);
	// Tampered: a flipped proof hash, and a row edited in the bundle.
	const lines = proof.split('\n');
	lines[3] = Buffer.from(Buffer.from(lines[3], 'base64').map((b, i) => (i === 0 ? b ^ 0x80 : b))).toString('base64');
	const flipped = auditProof({ proof: lines.join('\n'), policy });
	assert.equal(flipped.status, 1, flipped.out);
	assert.match(flipped.out, /does NOT hold: root-mismatch/);
	const stranger = core.tlogKey({ privatePem: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), name: LOG_ORIGIN, kind: 'log' }).vkey;
	assert.match(auditProof({ proof, policy: `log ${stranger}\nquorum none\n` }).out, /does NOT hold: unknown-log-key/);

	// A unit's whole history: every change set that wrote it, with their verifications and signatures.
	const unit = await k('logical_unit').where({ document: actId, section_type: 'dieu' }).orderBy('position').first('canonical_address');
	const bundle = (await tlogGet(`proof?address=${encodeURIComponent(unit.canonical_address)}`)).bytes.toString('utf8');
	const parsed = JSON.parse(bundle);
	assert.equal(parsed.format, 'iu-cutter-unit-proof-v1');
	assert.ok(parsed.proofs.length >= 4, `${parsed.proofs.length} rows`);
	const history = auditProof({ proof: bundle, policy });
	assert.equal(history.status, 0, history.out);
	assert.match(history.out, new RegExp(`of ${unit.canonical_address.replaceAll('/', '\\/')}`));

	// Every row of one workflow entry (the act's first CUT), read from the tables here, in one bundle.
	const { entry } = await k('cut_change_set').where({ document: actId }).orderBy('ledger_seq').first('entry');
	const sets = (await k('cut_change_set').where({ entry }).select('id')).map((r) => r.id);
	const envelopes = (await k('manifest_envelope').where({ entry }).select('id')).map((r) => r.id);
	const verifies = (await k('verify_result').whereIn('change_set', sets).select('id')).map((r) => r.id);
	const expected = [];
	const seqsOf = async (table, column, values) => expected.push(...(await k(table).whereIn(column, values).select('ledger_seq')).map((r) => Number(r.ledger_seq)));
	await seqsOf('decision_backlog_entry', 'id', [entry]);
	for (const table of ['decision_backlog_history', 'decision_backlog_dependency', 'decision_backlog_sweep_log', 'manifest_envelope', 'review_decision', 'cut_change_set']) await seqsOf(table, 'entry', [entry]);
	await seqsOf('manifest_unit_block', 'envelope', envelopes);
	await seqsOf('cut_change_set_affected_row', 'change_set', sets);
	await seqsOf('verify_result', 'change_set', sets);
	await seqsOf('dot_pair_signature', 'change_set', sets);
	await seqsOf('dot_pair_signature', 'verify_result', verifies);
	const entryProof = await tlogGet(`proof?entry=${entry}`);
	assert.equal(entryProof.status, 200, entryProof.bytes.toString());
	const entryBundle = JSON.parse(entryProof.bytes.toString('utf8'));
	assert.equal(entryBundle.address, `entry/${entry}`);
	const proved = entryBundle.proofs.map((p) => JSON.parse(Buffer.from(p.split('\n')[1].slice('extra '.length), 'base64').toString('utf8')));
	assert.deepEqual(
		proved.map((r) => r.content.ledger_seq),
		[...new Set(expected)].sort((a, b) => a - b),
		'the bundle holds exactly the entry’s rows, in chain order',
	);
	assert.ok(verifies.length && envelopes.length, 'the entry was cut and verified');
	const entryAudit = auditProof({ proof: entryProof.bytes.toString('utf8'), policy });
	assert.equal(entryAudit.status, 0, entryAudit.out);
	assert.match(entryAudit.out, new RegExp(`the proof holds: ${proved.length} ledger row\\(s\\) of entry/${entry}`));
	assert.equal((await tlogGet(`proof?entry=${randomUUID()}`)).status, 404, 'an entry that does not exist');

	// The log as a static mirror: `npm run ledger:export -- --tiles DIR` writes the bytes the server serves.
	const mirror = join(dir, `mirror-${randomUUID()}`);
	const exported = spawnSync(process.execPath, ['scripts/ledger-export.js', '--db', dbArg(), '--tiles', mirror], { cwd: ROOT, encoding: 'utf8' });
	assert.equal(exported.status, 0, exported.stderr);
	const files = readdirSync(mirror, { recursive: true }).filter((f) => statSync(join(mirror, f)).isFile());
	assert.ok(files.includes('checkpoint') && files.some((f) => f.startsWith('tile/entries/')) && files.some((f) => f.startsWith('tile/0/')), files.join(' '));
	for (const f of files) {
		const served = await tlogGet(f);
		assert.equal(served.status, 200, `${f}: ${served.bytes}`);
		assert.deepEqual(readFileSync(join(mirror, f)), served.bytes, `${f} as served`);
	}
});

test('witnesses on other machines: each cosigns; one that is down falls behind while steps go on and catches up with a consistency proof; the quorum needs both; a rollback and a split view are refused and named', async () => {
	const started = {};
	const start = async (name, port = 0) => (started[name] = await startWitness(core, { dir, name, witnessName: `${name}.test.example`, logKey: logKey(), port }));
	try {
		const { url: url1 } = await start('w1');
		const { url: url2 } = await start('w2');
		const policy = `log ${logKey()}\nwitness W1 ${started.w1.vkey} ${url1}\nwitness W2 ${started.w2.vkey} ${url2}\ngroup both all W1 W2\nquorum both\n`;
		writeFileSync(policyFile, policy);
		// The first time, both cosign the log as it is.
		let states = await ids.verifier.api.ok('GET', '/iu-cutter/tlog/witnesses');
		const size1 = states.log_size;
		assert.deepEqual(states.witnesses.map((w) => [w.name, w.cosigned_size, w.behind]), [['W1', size1, false], ['W2', size1, false]], JSON.stringify(states));

		// W2 goes down. A step goes on; W1 cosigns it; W2 is behind, and the module says why.
		await started.w2.stop();
		await submitNewText(ids, { doc_code: '31/2026/QH15', title: 'Luật nhân chứng', text: core.generatedAct({ chapters: 1, articlesPerChapter: 2, clausesPerArticle: 1, pointsPerClause: 0 }) });
		const size2 = (await chainTail(k)).seq;
		await waitFor(async () => Number((await k('iu_tlog_cosignature').where({ witness: 'W1' }).max({ s: 'size' }).first()).s) === size2, 'W1 cosigns the new size');
		states = await ids.verifier.api.ok('GET', '/iu-cutter/tlog/witnesses');
		const w2 = states.witnesses.find((w) => w.name === 'W2');
		assert.deepEqual([w2.cosigned_size, w2.behind], [size1, true]);
		assert.match(w2.last_error, /witness W2 .*fetch failed|ECONNREFUSED/);
		const proofNow = (await tlogGet(`proof?seq=${size2}`)).bytes.toString('utf8');
		const short = auditProof({ proof: proofNow, policy });
		assert.equal(short.status, 1, short.out);
		assert.match(short.out, /quorum-not-met: the quorum 'both' is not met: cosigned by W1/);

		// W2 comes back. The server's timer sends it the checkpoint with a consistency proof from the size it holds.
		await start('w2', started.w2.port);
		await waitFor(async () => Number((await k('iu_tlog_cosignature').where({ witness: 'W2' }).max({ s: 'size' }).first()).s) === size2, 'W2 catches up');
		const held = JSON.parse(readFileSync(join(dir, 'w2-state', `${createHash('sha256').update(LOG_ORIGIN).digest('hex')}.json`), 'utf8'));
		assert.equal(held.size, size2, 'it accepted the new tree only with a proof that it extends the one it held');
		const full = auditProof({ proof: (await tlogGet(`proof?seq=${size2}`)).bytes.toString('utf8'), policy });
		assert.equal(full.status, 0, full.out);
		assert.match(full.out, /cosigned by: W1, W2 \(quorum both\)/);

		// The server rolls back: the checkpoint of size1 again, then a different tree of size2, both under its own key.
		const old = await k('iu_tlog_checkpoint').where({ size: size1 }).first();
		const send = async (body) => {
			const r = await fetch(`${url1}add-checkpoint`, { method: 'POST', body });
			return { status: r.status, text: await r.text() };
		};
		const rollback = await send(`old ${size2}\n\n${old.note}`);
		assert.equal(rollback.status, 400, rollback.text);
		assert.match(rollback.text, /^rollback: /);
		const forged = core.tlogSign({ privatePem: readFileSync(directus.keyFile, 'utf8'), origin: LOG_ORIGIN, size: size2, root: 'ab'.repeat(32) }).note;
		const split = await send(`old ${size2}\n\n${forged}`);
		assert.equal(split.status, 422, split.text);
		// An auditor given the forged tree, holding what the witness cosigned (its monitoring checkpoint), names it.
		const witnessed = await (await fetch(`${url1}${createHash('sha256').update(LOG_ORIGIN).digest('hex')}/checkpoint`)).text();
		const c = core.tlogCompare({ shown: forged, witnessed });
		assert.deepEqual([c.consistent, c.fault?.code], [false, 'split-view']);
		assert.deepEqual(core.tlogCompare({ shown: old.note, witnessed }).fault?.code, 'rollback');
		const viewed = auditProof({ proof: proofNow, policy: `log ${logKey()}\nquorum none\n`, witnessed });
		assert.equal(viewed.status, 0, `the true tree extends what the witness saw: ${viewed.out}`);
	} finally {
		writeFileSync(policyFile, '');
		for (const w of Object.values(started)) await w.stop();
	}
});

test('a forged approval appended with the chain\'s hash function is refused by CUT, named by /ledger/verify and by the offline verifier', async () => {
	const request = { document: actId, text: edited(), effective_from: '2028-01-01T00:00:00Z' };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	const reviewer = ids.reviewer.id;
	const forged = await forge([
		{ collection: 'review_decision', actor: reviewer, values: { entry: submitted.entry, manifest_sha256: submitted.manifest_sha256, decision: 'approve', reviewer, comment: 'looks good' } },
		{ collection: 'decision_backlog_history', actor: reviewer, values: { entry: submitted.entry, event: 'approved', actor: reviewer, detail: '{}' } },
	]);
	const before = await counts(k);
	const r = await ids.executor.api.post('/iu-cutter/cut', { entry: submitted.entry });
	assert.equal(r.status, 409, r.text);
	assert.equal(r.body.errors[0].extensions.code, 'IU_LEDGER_UNSIGNED');
	assert.deepEqual(await counts(k), before, 'nothing written');

	const ledger = await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(ledger.passed, false);
	for (const row of forged) assert.ok(ledger.violations.some((v) => v.kind === 'unsigned-row' && v.row_id === row.id), JSON.stringify(ledger.violations));
	const offline = offlineAudit();
	assert.equal(offline.status, 1, offline.out);
	assert.match(offline.out, /unsigned-row/);

	// The superuser takes the forgery back; the store goes on.
	await asSuperuser(k, async (trx) => {
		for (const row of forged) await trx(row.collection).where({ id: row.id }).delete();
	}, { triggersOff: APPEND_ONLY });
	assert.equal((await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify')).passed, true);
	const review = await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'reject', manifest_sha256: submitted.manifest_sha256, comment: 'not now' });
	assert.equal(review.state, 'rejected');
});

test('the newest rows deleted with their checkpoints: the witness file tells, the workflow refuses, the offline verifier names it', async () => {
	const tail = await chainTail(k);
	const cps = await checkpoints();
	const lastCp = cps[cps.length - 1];
	const from = Number(lastCp.from_seq);
	const removed = [];
	await asSuperuser(k, async (trx) => {
		for (const t of ['decision_backlog_history', 'review_decision']) {
			const rows = await trx(t).where('ledger_seq', '>=', from).select('*');
			removed.push(...rows.map((r) => [t, r]));
			await trx(t).where('ledger_seq', '>=', from).delete();
		}
		await trx('iu_ledger_checkpoint').where('seq', '>=', Number(lastCp.seq)).delete();
	}, { triggersOff: APPEND_ONLY });
	assert.ok(removed.length > 0 && (await chainTail(k)).seq < tail.seq);

	const ledger = await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(ledger.passed, false);
	assert.ok(ledger.violations.some((v) => v.kind === 'checkpoint-deleted'), JSON.stringify(ledger.violations));
	const request = { document: actId, text: edited(), effective_from: '2029-01-01T00:00:00Z' };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	const refused = await ids.submitter.api.post('/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	assert.equal(refused.status, 409, refused.text);
	assert.equal(refused.body.errors[0].extensions.code, 'IU_LEDGER_UNSIGNED');
	assert.match(refused.body.errors[0].message, /witness/);

	const offline = offlineAudit();
	assert.equal(offline.status, 1, offline.out);
	assert.match(offline.out, /checkpoint-deleted|rows-deleted-at-tail/);
	// Without the witness file the export alone cannot know what was never exported: say so, and pass.
	const blind = offlineAudit({ withWitness: false });
	assert.equal(blind.status, 0, blind.out);

	await asSuperuser(k, async (trx) => {
		for (const [t, row] of removed.sort((a, b) => a[1].ledger_seq - b[1].ledger_seq)) await trx(t).insert(row);
		await trx('iu_ledger_checkpoint').insert(lastCp);
	}, { triggersOff: APPEND_ONLY });
	assert.equal((await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify')).passed, true);
});

test('the store edited behind the ledger: the drift audit names every difference (unit field, alias, unit not in the ledger), online and offline', async () => {
	const unit = await k('logical_unit').where({ document: actId, canonical_address: '12-2026-qh15/dieu-2' }).first();
	const alias = await k('canonical_address_alias').orderBy('alias_id').first();
	// On SQLite (ids are text) the squatter's id sorts below every uuid: the audits' pages read it all the same.
	const squatter = { ...unit, id: DB === 'sqlite' ? '-squatter-below-every-uuid' : randomUUID(), canonical_address: '12-2026-qh15/dieu-99', position: 9999, parent: null };
	await asSuperuser(k, async (trx) => {
		await trx('logical_unit').where({ id: unit.id }).update({ heading: 'Edited behind the workflow' });
		await trx('canonical_address_alias').where({ alias_id: alias.alias_id }).delete();
		await trx('logical_unit').insert(squatter);
	});
	const audit = await ids.verifier.api.ok('GET', `/iu-cutter/audit?document=${actId}`);
	assert.equal(audit.passed, false);
	const v = audit.drift.violations;
	assert.ok(v.some((x) => x.subject === 'unit' && x.kind === 'edited' && x.id === unit.id && x.field === 'heading' && JSON.parse(x.found) === 'Edited behind the workflow'), JSON.stringify(v));
	assert.ok(v.some((x) => x.subject === 'alias' && x.kind === 'missing' && x.id === alias.alias_id), JSON.stringify(v));
	assert.ok(v.some((x) => x.subject === 'unit' && x.kind === 'not-in-ledger' && x.id === squatter.id), JSON.stringify(v));
	const store = await ids.verifier.api.ok('POST', '/iu-cutter/audit', {});
	assert.equal(store.scope, 'store');
	assert.equal(store.runner, RUNNER);
	assert.equal(store.chain.passed, true);
	assert.equal(store.drift.passed, false);
	assert.ok(store.drift.violation_count >= 3);
	const offline = offlineAudit();
	assert.equal(offline.status, 1, offline.out);
	assert.match(offline.out, /Edited behind the workflow/);
	assert.match(offline.out, /not-in-ledger/);

	await asSuperuser(k, async (trx) => {
		await trx('logical_unit').where({ id: squatter.id }).delete();
		await trx('canonical_address_alias').insert(alias);
		await trx('logical_unit').where({ id: unit.id }).update({ heading: unit.heading });
	});
	assert.equal((await ids.verifier.api.ok('GET', `/iu-cutter/audit?document=${actId}`)).passed, true);
});

test('a row edited in the middle and the chain re-hashed after it (no key): the signed checkpoints no longer match', async () => {
	const target = await k('review_decision').orderBy('ledger_seq').first();
	const offline = await asSuperuser(k, async (trx) => {
		// Rewrite the comment, then recompute every later row_hash with the core, as an attacker with the code but no key would.
		const seqFrom = Number(target.ledger_seq);
		const { LEDGER_TABLES } = await import('../../extension/src/shared/schema.js');
		const rows = [];
		for (const t of LEDGER_TABLES) for (const r of await trx(t).where('ledger_seq', '>=', seqFrom).select('*')) rows.push([t, r]);
		rows.sort((a, b) => Number(a[1].ledger_seq) - Number(b[1].ledger_seq));
		rows[0][1].comment = 'rewritten history';
		const prev = await (async () => {
			for (const t of LEDGER_TABLES) {
				const p = await trx(t).where('ledger_seq', seqFrom - 1).first('row_hash');
				if (p) return p.row_hash;
			}
			return null;
		})();
		const chained = core.ledgerChain({ prev: prev ? { collection: '', id: '', content: null, prev_hash: null, row_hash: prev } : null, rows: rows.map(([t, r]) => ({ collection: t, id: String(r.id), content: contentOf(t, r) })) });
		for (const r of chained.rows) await trx(r.collection).where({ id: r.id }).update({ ...r.content, prev_hash: r.prev_hash, row_hash: r.row_hash });
		return chained.rows.length;
	}, { triggersOff: LEDGER });
	assert.ok(offline > 1);
	const ledger = await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(ledger.passed, false);
	assert.ok(ledger.violations.some((v) => v.kind === 'checkpoint-mismatch'), JSON.stringify(ledger.violations.slice(0, 5)));
	const r = offlineAudit();
	assert.equal(r.status, 1, r.out);
	assert.match(r.out, /checkpoint-mismatch/);
});
