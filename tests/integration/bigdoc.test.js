// Issue 13, items 4 and 5, against a real Directus 12.4.0 with the built
// bundle and Directus' DEFAULT MAX_PAYLOAD_SIZE (1 MB):
// - a text larger than the limit travels as a Directus file (`text_file`), read
//   through the caller's permissions, and goes preview → submit → review → cut
//   → verify;
// - a preview can be paged (`paged: true`, or automatically above 20 000
//   units): the summary, the first page of blocks and a token for the pages of
//   the tree and of the blocks, only for the caller;
// - every long step reports progress under a token the client chose
//   (X-IU-Progress or "progress"), readable only by the caller or an admin; on
//   PostgreSQL the store audit forwards its worker thread's progress.
// IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { openDb, asSuperuser } from '../support/db.js';
import { ok } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'bigdoc-test-password' };
const FIRST = '2026-01-01T00:00:00Z';

let directus, pg, dir, db, admin, adminToken, ids, k, core, bigText, bigDoc, fileId, submitterPolicy;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-bigdoc-${DB}-`));
	db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 54650 + (process.pid % 100) });
		db = pg.createDatabase('iu_bigdoc');
	}
	directus = await startDirectus({
		dir,
		port: 21000 + (process.pid % 1000),
		db,
		adminEmail: ADMIN.email,
		adminPassword: ADMIN.password,
		// Directus' own default, not the harness' 10mb: the large text must get through without raising it.
		env: { ACCESS_TOKEN_TTL: '6h', MAX_PAYLOAD_SIZE: '1mb' },
	});
	adminToken = await directus.login();
	admin = client(directus.url, adminToken);
	ids = await setupWorkflowRoles({ url: directus.url, token: adminToken, password: 'bigdoc-workflow-password' });
	submitterPolicy = (await admin.ok('GET', `/policies?filter[name][_eq]=${encodeURIComponent('IU Submitter')}`))[0].id;
	k = openDb(db, dir);
	core = await loadNodeCore();
	// 20 chapters × 50 articles × 3 clauses × 3 points: 13 020 units, ~1.4 MB of text.
	bigText = core.generatedAct({ chapters: 20, articlesPerChapter: 50, clausesPerArticle: 3, pointsPerClause: 3 });
	bigDoc = (await ok(ids.submitter, '/items/legal_document', { doc_code: '31/2026/QH15', title: 'Luật lớn', language: 'vi', vocabulary: 'vi' })).id;
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** POST /files (multipart) as `token`; returns the file id. */
async function upload(token, bytes, name = 'act.txt') {
	const form = new FormData();
	form.append('title', name);
	form.append('file', new Blob([bytes], { type: 'text/plain' }), name);
	const r = await fetch(`${directus.url}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
	const body = await r.json();
	assert.equal(r.status, 200, JSON.stringify(body));
	return body.data.id;
}

const sha256 = (s) => createHash('sha256').update(s).digest('hex');

/** A step run with a progress token, polling the record until the step answers; returns the answer, the polls and the final record. */
async function withProgress(who, path, body, { viaBody = false } = {}) {
	const token = randomUUID();
	const polls = [];
	let running = true;
	const step = (viaBody ? who.api.post(path, { ...body, progress: token }) : who.api.post(path, body, { headers: { 'x-iu-progress': token } })).finally(() => (running = false));
	while (running) {
		// A kept-alive socket the server closed while a core call held its event loop: poll again.
		const r = await who.api.get(`/iu-cutter/progress/${token}`).catch((e) => (e?.cause?.code === 'ECONNRESET' ? null : Promise.reject(e)));
		if (r?.status === 200) polls.push(r.body.data);
		else if (r) assert.equal(r.body?.errors?.[0]?.extensions?.code, 'IU_PROGRESS_UNKNOWN', r.text);
		await new Promise((res) => setTimeout(res, 20));
	}
	const answer = await step;
	const last = await who.api.get(`/iu-cutter/progress/${token}`);
	assert.equal(last.status, 200, last.text);
	return { token, answer, polls, record: last.body.data };
}

/** Every record a poll saw is well-formed and the phases only move forward. */
function assertOrderly(polls, phases) {
	let index = 0;
	for (const p of polls) {
		assert.deepEqual(p.phases, phases);
		assert.ok(p.phase_index >= index, `phase went back: ${JSON.stringify(p)}`);
		index = p.phase_index;
		assert.equal(p.phase, phases[p.phase_index]);
		assert.ok(p.done >= 0 && (p.total === 0 || p.done <= p.total), JSON.stringify(p));
	}
}

test('the large text is over the default MAX_PAYLOAD_SIZE inline: 413 naming the file alternative', async () => {
	assert.ok(Buffer.byteLength(bigText) > 1024 * 1024, `text of ${Buffer.byteLength(bigText)} bytes`);
	const r = await ids.submitter.api.post('/iu-cutter/preview', { document: bigDoc, text: bigText });
	assert.equal(r.status, 413);
	assert.equal(r.body.errors[0].extensions.code, 'IU_PAYLOAD_TOO_LARGE');
	assert.match(r.body.errors[0].message, /"text_file"/);
});

test('a text file is read with the caller\'s permissions: refused without "read" on directus_files, then cut', async () => {
	fileId = await upload(adminToken, bigText);
	const request = { document: bigDoc, text_file: fileId, effective_from: FIRST };
	const refused = await ids.submitter.api.post('/iu-cutter/preview', request);
	assert.equal(refused.status, 403, refused.text);
	assert.equal(refused.body.errors[0].extensions.code, 'IU_TEXT_FILE_FORBIDDEN');
	assert.equal(refused.body.errors[0].extensions.field, 'text_file');
	const missing = await admin.post('/iu-cutter/preview', { ...request, text_file: randomUUID() });
	assert.equal(missing.status, 403);
	assert.equal(missing.body.errors[0].extensions.code, 'IU_TEXT_FILE_FORBIDDEN');
	const both = await admin.post('/iu-cutter/preview', { ...request, text: 'Điều 1. X' });
	assert.equal(both.status, 400);
	assert.equal(both.body.errors[0].extensions.field, 'text_file');

	await admin.ok('POST', '/permissions', { policy: submitterPolicy, collection: 'directus_files', action: 'read', fields: ['*'] });
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	assert.equal(preview.units_cut, 13020);
	assert.equal(preview.counts.create, 13020);
	assert.equal(preview.request.text_file, fileId);
	assert.equal(preview.paged, undefined, 'below 20 000 units the answer is whole, as before');
	assert.equal(preview.units.length, 13020);

	const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	assert.equal(submitted.manifest_sha256, preview.manifest_sha256);
	const { envelope } = await admin.ok('GET', `/iu-cutter/entries/${submitted.entry}/manifest`);
	assert.equal(envelope.source_sha256, sha256(bigText), 'the manifest is of the file\'s text');

	await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
	const cut = await withProgress(ids.executor, '/iu-cutter/cut', { entry: submitted.entry });
	assert.equal(cut.answer.status, 200, cut.answer.text);
	assert.equal(cut.answer.body.data.units_written, 13020);
	const cutPhases = ['reading the manifest and the stored units', 'checking the gates', 'writing units', 'writing the change set into the ledger'];
	assertOrderly(cut.polls, cutPhases);
	assert.equal(cut.record.state, 'done');
	assert.equal(cut.record.action, 'cut');
	assert.equal(cut.record.phase, 'writing the change set into the ledger');
	// The change set, 13 020 affected rows, the signature and the history row.
	assert.equal(cut.record.total, 13020 + 3);
	assert.equal(cut.record.done, cut.record.total);
	assert.equal(Number((await k('logical_unit').where({ document: bigDoc }).count({ n: '*' }))[0].n), 13020);

	const verified = await withProgress(ids.verifier, '/iu-cutter/verify', { entry: submitted.entry }, { viaBody: true });
	assert.equal(verified.answer.status, 200, verified.answer.text);
	assert.equal(verified.answer.body.data.passed, true);
	assertOrderly(verified.polls, ['checking the ledger chain', 'checking the units', 'comparing the store with the ledger', 'recording the result']);
	assert.equal(verified.record.state, 'done');
	assert.equal(verified.record.phase, 'recording the result');
});

test('a text file that is not UTF-8 is a 400 naming the byte offset', async () => {
	const bytes = Buffer.concat([Buffer.from('Điều 1. Phạm vi\n1. Khoản một '), Buffer.from([0xff, 0xfe]), Buffer.from('.\n')]);
	const id = await upload(adminToken, bytes, 'latin.txt');
	const r = await ids.submitter.api.post('/iu-cutter/preview', { document: bigDoc, text_file: id });
	assert.equal(r.status, 400, r.text);
	const e = r.body.errors[0];
	assert.equal(e.extensions.field, 'text_file');
	assert.equal(e.extensions.byte_offset, Buffer.byteLength('Điều 1. Phạm vi\n1. Khoản một '));
	assert.equal(e.extensions.line, 2);
	assert.match(e.message, /not UTF-8/);
});

test('a paged preview answers a summary and a token; its pages are the whole preview, for the caller only', async () => {
	const doc = (await ok(ids.submitter, '/items/legal_document', { doc_code: '32/2026/QH15', title: 'Luật phân trang', language: 'vi', vocabulary: 'vi' })).id;
	const request = { document: doc, text_file: fileId, effective_from: FIRST, created_at: '2026-01-01T00:00:00Z' };
	const whole = await ok(ids.submitter, '/iu-cutter/preview', request);
	const paged = await ok(ids.submitter, '/iu-cutter/preview', { ...request, paged: true });
	assert.equal(paged.manifest_sha256, whole.manifest_sha256);
	assert.deepEqual(paged.counts, whole.counts);
	assert.deepEqual(paged.gates, whole.gates);
	assert.equal(paged.units, undefined, 'the tree is not in the answer');
	assert.equal(paged.blocks.length, 200);
	assert.equal(paged.paged.blocks_total, whole.blocks.length);
	assert.equal(paged.paged.tree_total, whole.units.length);
	assert.deepEqual(paged.diagnostics_summary.total, whole.diagnostics.length);
	const { token } = paged.paged;

	const blocks = [];
	for (let offset = 0; offset < paged.paged.blocks_total; offset += 2000) {
		const page = await ids.submitter.api.get(`/iu-cutter/preview/${token}/blocks?offset=${offset}&limit=2000`);
		assert.equal(page.status, 200, page.text);
		blocks.push(...page.body.data.blocks);
	}
	assert.deepEqual(blocks, whole.blocks);

	const rows = [];
	for (let offset = 0; offset < paged.paged.tree_total; offset += 1500) {
		const page = await ids.submitter.api.get(`/iu-cutter/preview/${token}/tree?offset=${offset}&limit=1500`);
		assert.equal(page.status, 200, page.text);
		assert.equal(page.body.data.total, whole.units.length);
		rows.push(...page.body.data.rows);
	}
	// Depth-first with every node open is document order for a first cut; depth follows the parents.
	assert.deepEqual(rows.map((r) => r.address), whole.units.map((u) => u.address));
	const depth = [];
	whole.units.forEach((u, i) => (depth[i] = u.parent === null ? 0 : depth[u.parent] + 1));
	assert.deepEqual(rows.map((r) => r.depth), depth);
	assert.ok(rows.every((r) => r.action === 'create'));
	assert.match(rows.find((r) => r.address.endsWith('/chuong-1')).label, /^Chương /, 'labels from the vocabulary');

	const other = await ids.reviewer.api.get(`/iu-cutter/preview/${token}/tree`);
	assert.equal(other.status, 403, 'another user may not page my preview');
	assert.equal((await admin.get(`/iu-cutter/preview/${token}/blocks?limit=1`)).status, 200, 'an admin may');
	const unknown = await ids.submitter.api.get(`/iu-cutter/preview/${randomUUID()}/tree`);
	assert.equal(unknown.status, 404);
	assert.equal(unknown.body.errors[0].extensions.code, 'IU_PREVIEW_EXPIRED');
	const bad = await ids.submitter.api.get(`/iu-cutter/preview/${token}/tree?offset=-1`);
	// Directus validates `offset` and `limit` of every route's query itself (INVALID_QUERY) before the page is read.
	assert.equal(bad.status, 400);
	assert.match(bad.body.errors[0].message, /offset/);
});

test('progress: the caller or an admin reads it; a bad token is a 400; a refused step ends "failed" with its code', async () => {
	const small = (await ok(ids.submitter, '/items/legal_document', { doc_code: '33/2026/QH15', title: 'Luật nhỏ', language: 'vi', vocabulary: 'vi', source_text: core.generatedAct({ chapters: 1, articlesPerChapter: 3, clausesPerArticle: 2, pointsPerClause: 2 }) })).id;
	const run = await withProgress(ids.submitter, '/iu-cutter/preview', { document: small });
	assert.equal(run.answer.status, 200, run.answer.text);
	assert.ok(run.answer.body.data.units, 'a small preview answers as before');
	const phases = ['reading the text and the stored units', 'cutting the text and planning the manifest', 'checking the gates on the result', 'building the preview'];
	assertOrderly(run.polls, phases);
	assert.deepEqual({ state: run.record.state, action: run.record.action, phase_index: run.record.phase_index }, { state: 'done', action: 'preview', phase_index: 3 });
	assert.equal(run.record.total, run.answer.body.data.units.length + run.answer.body.data.blocks.length);
	assert.equal(run.record.done, run.record.total);
	// Where the step spent its time: each phase it ran, in order, adding up to the step's whole time.
	assert.deepEqual(run.record.timings.map((t) => t.phase), phases);
	assert.ok(run.record.timings.every((t) => Number.isInteger(t.ms) && t.ms >= 0), JSON.stringify(run.record.timings));
	const elapsed = Date.parse(run.record.finished_at) - Date.parse(run.record.started_at);
	assert.equal(run.record.timings.reduce((sum, t) => sum + t.ms, 0), elapsed, JSON.stringify(run.record));

	const foreign = await ids.reviewer.api.get(`/iu-cutter/progress/${run.token}`);
	assert.equal(foreign.status, 403);
	assert.equal((await admin.get(`/iu-cutter/progress/${run.token}`)).status, 200);
	const reused = await ids.reviewer.api.post('/iu-cutter/preview', { document: small }, { headers: { 'x-iu-progress': run.token } });
	assert.equal(reused.status, 409, 'a token someone else used is not taken over');
	assert.equal(reused.body.errors[0].extensions.code, 'IU_PROGRESS_IN_USE');

	const malformed = await ids.submitter.api.post('/iu-cutter/preview', { document: small }, { headers: { 'x-iu-progress': 'not-a-uuid' } });
	assert.equal(malformed.status, 400);
	assert.equal(malformed.body.errors[0].extensions.field, 'progress');
	assert.equal((await ids.submitter.api.get('/iu-cutter/progress/nope')).status, 400);
	assert.equal((await client(directus.url, null).get(`/iu-cutter/progress/${run.token}`)).status, 403, 'anonymous');

	// A step refused (no such entry): the record says how it ended.
	const failed = await withProgress(ids.verifier, '/iu-cutter/verify', { entry: randomUUID() });
	assert.equal(failed.answer.status, 404);
	assert.equal(failed.record.state, 'failed');
	assert.equal(failed.record.error.code, 'IU_NOT_FOUND');
});

test('the store audit reports its phases (from the worker thread on PostgreSQL)', async () => {
	const run = await withProgress(ids.verifier, '/iu-cutter/audit', {});
	assert.equal(run.answer.status, 200, run.answer.text);
	assert.equal(run.answer.body.data.passed, true);
	assert.equal(run.answer.body.data.runner, DB === 'postgres' ? 'worker-thread' : 'event-loop');
	const phases = ['checking the ledger chain', 'comparing units with the ledger', 'comparing aliases with the ledger'];
	assertOrderly(run.polls, phases);
	assert.equal(run.record.state, 'done');
	// The last phase's name reaches the record only through the audit's own reports (postMessage from the worker).
	assert.equal(run.record.phase, 'comparing aliases with the ledger');
	assert.equal(run.record.phase_index, 2);
	const units = Number((await k('logical_unit').count({ n: '*' }))[0].n);
	for (const p of run.polls) if (p.phase === 'comparing units with the ledger') assert.equal(p.total, units);
});

test('a manifest block edited in the database after approval: the CUT refuses it (one core read checks the sha256 and the gates) and writes nothing', async () => {
	const doc = (await ok(ids.submitter, '/items/legal_document', { doc_code: '34/2026/QH15', title: 'Luật sửa', language: 'vi', vocabulary: 'vi', source_text: core.generatedAct({ chapters: 1, articlesPerChapter: 3, clausesPerArticle: 2, pointsPerClause: 2 }) })).id;
	const request = { document: doc, effective_from: FIRST };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
	const envelope = await k('manifest_envelope').where({ entry: submitted.entry }).first('id');
	const block = await k('manifest_unit_block').where({ envelope: envelope.id, block_index: 1 }).first('id', 'block_json');
	const edited = block.block_json.replace('"body":"', '"body":"X');
	assert.notEqual(edited, block.block_json);
	await asSuperuser(k, (trx) => trx('manifest_unit_block').where({ id: block.id }).update({ block_json: edited }), { triggersOff: ['manifest_unit_block'] });
	const r = await ids.executor.api.post('/iu-cutter/cut', { entry: submitted.entry });
	assert.equal(r.status, 409, r.text);
	assert.equal(r.body.errors[0].extensions.code, 'IU_MANIFEST_TAMPERED');
	assert.match(r.body.errors[0].message, new RegExp(submitted.manifest_sha256));
	assert.equal(Number((await k('logical_unit').where({ document: doc }).count({ n: '*' }))[0].n), 0, 'nothing was written');
	assert.equal(await k('cut_change_set').where({ entry: submitted.entry }).first('id'), undefined);
});
