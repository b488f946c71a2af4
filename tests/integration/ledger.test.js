// The signed ledger against a real Directus 12.4.0, as a hostile database
// superuser would try it: signed checkpoints in the database and in the
// witness file, a forged approval appended with the chain's own hash function
// (no key), the newest rows deleted with their checkpoints, the store edited
// behind the ledger — each refused by the workflow or named by VERIFY, the
// audits and the offline verifier (`npm run ledger:audit`), which runs on an
// export with only the public key. IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { ROOT, startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { openDb, counts, asSuperuser, LEDGER } from '../support/db.js';
import { ok, fullCycle, amend } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';
import { contentOf, chainTail } from '../../extension/src/shared/ledger-rows.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'ledger-test-password' };
const APPEND_ONLY = ['decision_backlog_history', 'decision_backlog_sweep_log', 'review_decision', 'iu_ledger_checkpoint', 'canonical_address_alias'];

let directus, pg, dir, db, ids, k, core, actId, actText, amendedText;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-ledger-${DB}-`));
	db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 55600 + (process.pid % 150) });
		db = pg.createDatabase('iu_ledger');
	}
	directus = await startDirectus({ dir, port: 25000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h' } });
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

/** `npm run ledger:export` then `npm run ledger:audit` on it, as an auditor would: exit code and output. */
function offlineAudit({ withWitness = true } = {}) {
	const file = join(dir, `export-${randomUUID()}.jsonl`);
	const dbArg = DB === 'postgres' ? `postgres://${db.user}:@${db.host}:${db.port}/${db.database}` : `sqlite:${join(dir, 'data.db')}`;
	const exp = spawnSync(process.execPath, ['scripts/ledger-export.js', '--db', dbArg, '--out', file], { cwd: ROOT, encoding: 'utf8' });
	assert.equal(exp.status, 0, exp.stderr);
	const args = ['scripts/ledger-audit.js', '--export', file, '--public-key', directus.publicKeyFile, ...(withWitness ? ['--witness', directus.witnessFile] : [])];
	const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
	const json = spawnSync(process.execPath, [...args, '--json'], { cwd: ROOT, encoding: 'utf8' });
	return { status: r.status, out: r.stdout + r.stderr, report: JSON.parse(json.stdout) };
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
