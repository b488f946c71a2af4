// Bad input found in a probe (issue 12, item 8), against a real Directus 12.4.0
// with the built bundle: each refusal is a 4xx naming the field and what to do,
// and the row counts of the ledger and the unit store, read straight from the
// database, do not move. IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { openDb, counts, delta } from '../support/db.js';
import { ok, fullCycle } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'bad-input-test-password' };
const CODE = '12/2026/QH15';
const SLUG = '12-2026-qh15';
const FIRST = '2026-01-01T00:00:00Z';
// Small on purpose, so the tests can send bodies over it cheaply.
const LIMIT = 2 * 1024 * 1024;

let directus, pg, dir, db, ids, k, core, actText, act, units;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-bad-input-${DB}-`));
	db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 55450 + (process.pid % 150) });
		db = pg.createDatabase('iu_bad_input');
	}
	directus = await startDirectus({
		dir,
		port: 24000 + (process.pid % 1000),
		db,
		adminEmail: ADMIN.email,
		adminPassword: ADMIN.password,
		env: { ACCESS_TOKEN_TTL: '6h', MAX_PAYLOAD_SIZE: '2mb' },
	});
	const adminToken = await directus.login();
	ids = await setupWorkflowRoles({ url: directus.url, token: adminToken, password: 'workflow-test-password' });
	k = openDb(db, dir);
	core = await loadNodeCore();
	actText = core.generatedAct({ chapters: 1, articlesPerChapter: 4, clausesPerArticle: 2, pointsPerClause: 2 });
	act = (await ok(ids.submitter, '/items/legal_document', { doc_code: CODE, title: 'Luật thử', language: 'vi', vocabulary: 'vi', source_text: actText })).id;
	const first = await fullCycle(ids, { document: act, effective_from: FIRST });
	assert.equal(first.verified.passed, true);
	units = first.cut.units_written;
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The answer is `status` with `code`, naming `field`; returns the error's extensions. */
function refused(r, status, code, field) {
	assert.equal(r.status, status, r.text.slice(0, 800));
	const e = r.body?.errors?.[0];
	assert.ok(e, r.text.slice(0, 800));
	assert.equal(e.extensions.code, code, r.text.slice(0, 800));
	if (field !== undefined) assert.equal(e.extensions.field, field, r.text.slice(0, 800));
	assert.ok(e.message.length > 20, e.message);
	return { ...e.extensions, message: e.message };
}

/** Runs `fn` and checks that no ledger, unit, alias or document row was written. */
async function nothingWritten(fn) {
	const before = await counts(k);
	const out = await fn();
	assert.deepEqual(await counts(k), before, 'nothing was written');
	return out;
}

// ── 1. NUL characters ────────────────────────────────────────────────────────

test('a NUL in any string of an iu-cutter body or query is a 400 naming the field and its place; nothing is written', async () => {
	const api = ids.submitter.api;
	await nothingWritten(async () => {
		// In "text": line and column, the character offset and the UTF-8 byte offset.
		const text = 'Điều 1. Phạm vi\nNội d\u0000ung.';
		const e = refused(await api.post('/iu-cutter/preview', { document: act, text }), 400, 'IU_INVALID_TEXT', 'text');
		assert.deepEqual([e.path, e.line, e.column, e.offset, e.byte_offset], ['text', 2, 6, 21, Buffer.byteLength(text.slice(0, text.indexOf('\u0000')))]);
		assert.match(e.message, /"text" contains a NUL character \(U\+0000\) at line 2, column 6 \(character 21\)/);
		assert.match(e.message, /Remove it/);

		const preview = await ok(ids.submitter, '/iu-cutter/preview', { document: act, effective_from: FIRST, scope: [`${SLUG}/dieu-1`] });
		const submit = { document: act, effective_from: FIRST, scope: [`${SLUG}/dieu-1`], created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 };
		refused(await api.post('/iu-cutter/submit', { ...submit, title: 'Kiểm tra\u0000' }), 400, 'IU_INVALID_TEXT', 'title');
		refused(await api.post('/iu-cutter/preview', { document: act, scope: [`${SLUG}/dieu-1`, 'x\u0000'] }), 400, 'IU_INVALID_TEXT', 'scope');

		const entry = (await k('decision_backlog_entry').first('id')).id;
		const review = { entry, decision: 'reject', manifest_sha256: 'a'.repeat(64), comment: 'ổn\u0000' };
		const c = refused(await ids.reviewer.api.post('/iu-cutter/review', review), 400, 'IU_INVALID_TEXT', 'comment');
		assert.equal(c.offset, 2);

		refused(await ids.reviewer.api.post('/iu-cutter/resolve', { address: `${SLUG}/dieu-1\u0000` }), 400, 'IU_INVALID_TEXT', 'address');
		const a = refused(await ids.reviewer.api.post('/iu-cutter/resolve', { addresses: [`${SLUG}/dieu-1`, `${SLUG}\u0000/dieu-2`] }), 400, 'IU_INVALID_TEXT', 'addresses');
		assert.equal(a.path, 'addresses[1]');
		assert.equal(a.offset, SLUG.length);
		refused(await ids.reviewer.api.get(`/iu-cutter/resolve?address=${SLUG}/dieu-1%00`), 400, 'IU_INVALID_TEXT', 'address');
		refused(await ids.reviewer.api.get(`/iu-cutter/timeline?address=${SLUG}%00`), 400, 'IU_INVALID_TEXT', 'address');
		refused(await api.post('/iu-cutter/address/parse', { addresses: ['ok', '45-2019-qh14/dieu-1\u0000'] }), 400, 'IU_INVALID_TEXT', 'addresses');
		// In a field's name, too.
		const key = refused(await api.post('/iu-cutter/preview', { document: act, ['te\u0000xt']: 'x' }), 400, 'IU_INVALID_TEXT');
		assert.equal(key.in_key, true);
		assert.equal(key.field, 'te\\u0000xt');
	});
});

test('a NUL in legal_document.source_text or title through the Items API is a 400 naming the field; nothing is written', async () => {
	const api = ids.submitter.api;
	const row = await k('legal_document').where({ id: act }).first();
	await nothingWritten(async () => {
		const created = refused(
			await api.post('/items/legal_document', { doc_code: '13/2026/QH15', title: 'Luật khác', language: 'vi', vocabulary: 'vi', source_text: 'Điều 1. Một\n\u0000' }),
			400,
			'IU_INVALID_TEXT',
			'source_text',
		);
		assert.deepEqual([created.line, created.column], [2, 1]);
		refused(await api.patch(`/items/legal_document/${act}`, { title: 'Luật\u0000 thử' }), 400, 'IU_INVALID_TEXT', 'title');
		refused(await api.patch(`/items/legal_document/${act}`, { source_text: `${actText}\u0000` }), 400, 'IU_INVALID_TEXT', 'source_text');
	});
	const now = await k('legal_document').where({ id: act }).first();
	assert.deepEqual([now.title, now.source_text, now.source_sha256], [row.title, row.source_text, row.source_sha256]);
});

// ── 2. resolve: null, non-strings, malformed "at", and the GET forms ─────────

test('resolve refuses null, non-string and empty addresses and a malformed "at" with a 400 naming the field', async () => {
	const api = ids.reviewer.api;
	const P = 'IU_INVALID_PAYLOAD';
	await nothingWritten(async () => {
		let e = refused(await api.post('/iu-cutter/resolve', { address: null }), 400, P, 'address');
		assert.match(e.message, /"address" must be .*; got null/);
		refused(await api.post('/iu-cutter/resolve', { address: 42 }), 400, P, 'address');
		refused(await api.post('/iu-cutter/resolve', { address: '' }), 400, P, 'address');
		refused(await api.post('/iu-cutter/resolve', { addresses: null }), 400, P, 'addresses');
		e = refused(await api.post('/iu-cutter/resolve', { addresses: [`${SLUG}/dieu-1`, null] }), 400, P, 'addresses');
		assert.equal(e.index, 1);
		assert.match(e.message, /"addresses\[1\]" must be a canonical address/);
		assert.equal(refused(await api.post('/iu-cutter/resolve', { addresses: [7] }), 400, P, 'addresses').index, 0);
		assert.equal(refused(await api.post('/iu-cutter/resolve', { addresses: ['a', ''] }), 400, P, 'addresses').index, 1);
		refused(await api.post('/iu-cutter/resolve', { addresses: [] }), 400, P, 'addresses');
		refused(await api.post('/iu-cutter/resolve', { addresses: `${SLUG}/dieu-1` }), 400, P, 'addresses');
		refused(await api.post('/iu-cutter/resolve', { address: `${SLUG}/dieu-1`, at: null }), 400, P, 'at');
		e = refused(await api.post('/iu-cutter/resolve', { address: `${SLUG}/dieu-1`, at: 'yesterday' }), 400, P, 'at');
		assert.match(e.message, /RFC 3339/);
		refused(await api.post('/iu-cutter/resolve', { address: `${SLUG}/dieu-1`, at: 20260101 }), 400, P, 'at');
		e = refused(await api.post('/iu-cutter/resolve', {}), 400, P);
		assert.deepEqual(e.fields, ['address', 'addresses']);
		refused(await api.post('/iu-cutter/resolve', { address: `${SLUG}/dieu-1`, addresses: [`${SLUG}/dieu-1`] }), 400, P);
		refused(await api.post('/iu-cutter/resolve', { address: `${SLUG}/dieu-1`, colour: 'red' }), 400, P);

		// The query-string forms.
		refused(await api.get('/iu-cutter/resolve?address='), 400, P, 'address');
		refused(await api.get(`/iu-cutter/resolve?addresses=${SLUG}/dieu-1`), 400, P, 'addresses');
		refused(await api.get(`/iu-cutter/resolve?address=${SLUG}/dieu-1&address=${SLUG}/dieu-2`), 400, P, 'address');
		refused(await api.get('/iu-cutter/resolve?address[x]=y'), 400, P, 'address');
		refused(await api.get(`/iu-cutter/resolve?address=${SLUG}/dieu-1&at=`), 400, P, 'at');
		e = refused(await api.get(`/iu-cutter/resolve?address=${SLUG}/dieu-1&at=2026-01-01T00:00:00+07:00`), 400, P, 'at');
		assert.match(e.message, /%2B/);
	});
	// The well-formed forms still answer.
	assert.equal((await api.ok('POST', '/iu-cutter/resolve', { address: `${SLUG}/dieu-1` })).outcome, 'canonical');
	assert.equal((await api.ok('GET', `/iu-cutter/resolve?address=${SLUG}/dieu-1&at=2026-06-01T00:00:00%2B07:00`)).outcome, 'canonical');
	const batch = await api.ok('GET', `/iu-cutter/resolve?addresses[]=${SLUG}/dieu-1&addresses[]=${SLUG}/dieu-99`);
	assert.deepEqual(batch.results.map((r) => r.outcome), ['canonical', 'unknown']);
});

// ── 3. a body over MAX_PAYLOAD_SIZE ──────────────────────────────────────────

test('a body over MAX_PAYLOAD_SIZE sent to /iu-cutter/* is a 413 saying the limit, the size and how to send large texts', async () => {
	const huge = JSON.stringify({ document: act, text: 'Điều 1. Nội dung.\n'.repeat(Math.ceil((LIMIT + 1000) / 18)) });
	const size = Buffer.byteLength(huge);
	assert.ok(size > LIMIT);
	await nothingWritten(async () => {
		// With a Content-Length: refused before the body is read.
		const e = refused(await ids.submitter.api.post('/iu-cutter/preview', huge, { raw: true }), 413, 'IU_PAYLOAD_TOO_LARGE');
		assert.deepEqual([e.limit, e.received, e.limit_setting], [LIMIT, size, '2mb']);
		assert.match(e.message, new RegExp(`${size} bytes; this server accepts at most ${LIMIT} bytes \\(MAX_PAYLOAD_SIZE=2mb\\)`));
		assert.match(e.message, /raises MAX_PAYLOAD_SIZE/);
		// Anonymous callers get the same answer: the size is checked before anything else.
		refused(await client(directus.url, null).post('/iu-cutter/submit', huge, { raw: true }), 413, 'IU_PAYLOAD_TOO_LARGE');

		// Chunked (no Content-Length): found too large while reading; its full size is not known.
		const bytes = Buffer.from(huge);
		const stream = new ReadableStream({
			start(controller) {
				for (let i = 0; i < bytes.length; i += 256 * 1024) controller.enqueue(bytes.subarray(i, i + 256 * 1024));
				controller.close();
			},
		});
		const r = await fetch(`${directus.url}/iu-cutter/preview`, {
			method: 'POST',
			headers: { authorization: `Bearer ${ids.submitter.token}`, 'content-type': 'application/json' },
			body: stream,
			duplex: 'half',
		});
		const text = await r.text();
		const chunked = refused({ status: r.status, text, body: JSON.parse(text) }, 413, 'IU_PAYLOAD_TOO_LARGE');
		assert.deepEqual([chunked.limit, chunked.received], [LIMIT, null]);
		assert.match(chunked.message, new RegExp(`larger than ${LIMIT} bytes`));

		// Directus' own routes keep Directus' answer (the choice: iu-cutter routes only).
		const items = await ids.submitter.api.post('/items/legal_document', JSON.stringify({ doc_code: '14/2026/QH15', source_text: 'x'.repeat(LIMIT + 10) }), { raw: true });
		assert.equal(items.status, 400, items.text.slice(0, 300));
		assert.equal(items.body.errors[0].extensions.code, 'INVALID_PAYLOAD');
	});
	// A body just under the limit is read and answered as usual.
	const fits = await ids.submitter.api.post('/iu-cutter/preview', { document: act, text: `${actText}\n${' '.repeat(LIMIT - 4 * actText.length)}` });
	assert.equal(fits.status, 200, fits.text.slice(0, 300));
});

// ── 4. the mass retire guard ─────────────────────────────────────────────────

test('a text without recognised headings is refused as a mass retire (422) by preview and submit, then allowed explicitly and recorded in the envelope', async () => {
	const prose = 'Văn bản này chỉ là lời văn, không có chương, điều, khoản hay điểm nào được nhận ra.';
	const request = { document: act, text: prose, effective_from: '2026-06-01T00:00:00Z' };
	let createdAt;
	await nothingWritten(async () => {
		const e = refused(await ids.submitter.api.post('/iu-cutter/preview', request), 422, 'IU_MASS_RETIRE', 'allow_mass_retire');
		assert.deepEqual([e.retiring, e.live, e.share, e.threshold], [units, units, 1, 0.5]);
		assert.match(e.message, new RegExp(`retires ${units} of the document's ${units} live unit\\(s\\) \\(100\\.0 %\\), more than the 50 %`));
		assert.match(e.message, /"allow_mass_retire": true/);
		createdAt = new Date().toISOString();
		refused(
			await ids.submitter.api.post('/iu-cutter/submit', { ...request, created_at: createdAt, manifest_sha256: 'c'.repeat(64) }),
			422,
			'IU_MASS_RETIRE',
			'allow_mass_retire',
		);
		// The empty-text refusal stays as it was.
		refused(await ids.submitter.api.post('/iu-cutter/preview', { ...request, text: ' \n ' }), 400, 'IU_INVALID_PAYLOAD', 'text');
		refused(await ids.submitter.api.post('/iu-cutter/preview', { ...request, allow_mass_retire: 'yes' }), 400, 'IU_INVALID_PAYLOAD', 'allow_mass_retire');
	});

	const allowed = { ...request, allow_mass_retire: true };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', allowed);
	assert.equal(preview.counts.retire, units);
	assert.equal(preview.request.allow_mass_retire, true);
	const before = await counts(k);
	const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...allowed, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	assert.equal(submitted.manifest_sha256, preview.manifest_sha256);
	assert.equal(submitted.existing, false);
	const d = delta(before, await counts(k));
	assert.deepEqual([d.decision_backlog_entry, d.manifest_envelope, d.manifest_unit_block, d.logical_unit], [1, 1, units, 0]);
	// The override is in the stored envelope (so under the sha256 the reviewer approves) and in the review page's manifest.
	const stored = await k('manifest_envelope').where({ entry: submitted.entry }).first('envelope_json');
	assert.equal(JSON.parse(stored.envelope_json).allow_mass_retire, true);
	assert.match(stored.envelope_json, /"allow_mass_retire":true/);
	const manifest = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${submitted.entry}/manifest`);
	assert.equal(manifest.envelope.allow_mass_retire, true);
	assert.equal(manifest.sha256_verified, true);
	// The same text previewed without the flag is still refused: the flag is per request.
	refused(await ids.submitter.api.post('/iu-cutter/preview', request), 422, 'IU_MASS_RETIRE');
	// Closed, so it stands in the way of nothing below.
	await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'reject', manifest_sha256: submitted.manifest_sha256, comment: 'not a text' });
});

// ── 5. idempotent submit ─────────────────────────────────────────────────────

test('the same preview submitted twice at once opens exactly one entry, and both answers name it', async () => {
	const text = actText.replace('Điều 2.', 'Điều 2. (sửa đổi)');
	const request = { document: act, text, effective_from: '2027-01-01T00:00:00Z' };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	const body = { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 };
	const blocks = preview.blocks.length;
	assert.ok(blocks >= 1);
	const before = await counts(k);
	const race = await Promise.all([1, 2].map(() => ids.submitter.api.post('/iu-cutter/submit', body)));
	for (const r of race) assert.equal(r.status, 200, r.text.slice(0, 500));
	const [a, b] = race.map((r) => r.body.data);
	assert.equal(a.entry, b.entry, 'both answers name the one entry');
	assert.deepEqual([a.existing, b.existing].sort(), [false, true]);
	const dup = a.existing ? a : b;
	assert.equal(dup.duplicate_of, dup.entry);
	assert.equal(dup.state, 'submitted');
	const rows = await k('decision_backlog_entry').where({ document: act, manifest_sha256: preview.manifest_sha256 }).select('id');
	assert.deepEqual(rows.map((r) => r.id), [a.entry]);
	const d = delta(before, await counts(k));
	assert.deepEqual(
		[d.decision_backlog_entry, d.decision_backlog_history, d.manifest_envelope, d.manifest_unit_block, d.logical_unit],
		[1, 1, 1, blocks, 0],
		'one submission, no second set of ledger rows',
	);

	// Later, while it is open (submitted, then approved): the same entry again, nothing written.
	let again = await nothingWritten(() => ok(ids.submitter, '/iu-cutter/submit', body));
	assert.deepEqual([again.entry, again.existing, again.duplicate_of, again.state], [a.entry, true, a.entry, 'submitted']);
	await ok(ids.reviewer, '/iu-cutter/review', { entry: a.entry, decision: 'approve', manifest_sha256: a.manifest_sha256 });
	again = await nothingWritten(() => ok(ids.submitter, '/iu-cutter/submit', body));
	assert.deepEqual([again.entry, again.existing, again.state], [a.entry, true, 'approved']);
});

test('a rejected or verified entry with the same sha256 does not block a new submit', async () => {
	// Rejected: the same preview opens a new entry.
	const text = actText.replace('Điều 3.', 'Điều 3. (sửa đổi)');
	const request = { document: act, text, effective_from: '2027-02-01T00:00:00Z' };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	const body = { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 };
	const first = await ok(ids.submitter, '/iu-cutter/submit', body);
	await ok(ids.reviewer, '/iu-cutter/review', { entry: first.entry, decision: 'reject', manifest_sha256: first.manifest_sha256 });
	const before = await counts(k);
	const second = await ok(ids.submitter, '/iu-cutter/submit', body);
	assert.notEqual(second.entry, first.entry);
	assert.equal(second.existing, false);
	assert.equal(second.duplicate_of, undefined);
	assert.equal(delta(before, await counts(k)).decision_backlog_entry, 1);
	await ok(ids.reviewer, '/iu-cutter/review', { entry: second.entry, decision: 'reject', manifest_sha256: second.manifest_sha256 });

	// Verified: a scoped check of an unchanged unit leaves the store as it was, so its preview hashes the same after the cycle.
	const scoped = { document: act, scope: [`${SLUG}/dieu-1`], effective_from: FIRST };
	const p = await ok(ids.submitter, '/iu-cutter/preview', scoped);
	const sbody = { ...scoped, created_at: p.request.created_at, manifest_sha256: p.manifest_sha256 };
	const cycle = await ok(ids.submitter, '/iu-cutter/submit', sbody);
	await ok(ids.reviewer, '/iu-cutter/review', { entry: cycle.entry, decision: 'approve', manifest_sha256: cycle.manifest_sha256 });
	await ok(ids.executor, '/iu-cutter/cut', { entry: cycle.entry });
	assert.equal((await ok(ids.verifier, '/iu-cutter/verify', { entry: cycle.entry })).passed, true);
	const after = await ok(ids.submitter, '/iu-cutter/submit', sbody);
	assert.notEqual(after.entry, cycle.entry);
	assert.equal(after.existing, false);
	assert.equal(after.manifest_sha256, cycle.manifest_sha256);
});
