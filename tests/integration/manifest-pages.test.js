// The review side of a big document (issue 13): GET /iu-cutter/entries/:id/manifest
// pages its blocks (?offset=&limit=), against a real Directus 12.4.0 with the
// built bundle. The pages, concatenated, are the whole manifest's blocks in
// order; bad offset/limit are 400s naming the parameter and its range; a caller
// without the audit capability is refused; and the remembered sha256 check
// still catches a block row edited around the ledger's triggers.
// IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { openDb, asSuperuser } from '../support/db.js';
import { ok } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'manifest-pages-test-password' };
const FIRST = '2026-01-01T00:00:00Z';

let directus, pg, dir, db, ids, k, admin, entry, whole;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-manifest-pages-${DB}-`));
	db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 57600 + (process.pid % 150) });
		db = pg.createDatabase('iu_manifest_pages');
	}
	directus = await startDirectus({ dir, port: 31000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h' } });
	const adminToken = await directus.login();
	admin = client(directus.url, adminToken);
	ids = await setupWorkflowRoles({ url: directus.url, token: adminToken, password: 'workflow-test-password' });
	k = openDb(db, dir);
	const core = await loadNodeCore();
	// 1 chapter × 20 articles × 3 clauses × 3 points: 261 units, so 261 create blocks.
	const doc = (await ok(ids.submitter, '/items/legal_document', { doc_code: '13/2026/QH15', title: 'Luật trang', language: 'vi', vocabulary: 'vi', source_text: core.generatedAct({ chapters: 1, articlesPerChapter: 20, clausesPerArticle: 3, pointsPerClause: 3 }) })).id;
	const request = { document: doc, effective_from: FIRST };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	entry = submitted.entry;
	whole = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${entry}/manifest`);
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const manifestUrl = (query = '') => `/iu-cutter/entries/${entry}/manifest${query}`;

test('without offset/limit a small manifest is answered whole, with its summary', async () => {
	assert.equal(whole.sha256_verified, true);
	assert.equal(whole.total, 261);
	assert.equal(whole.blocks.length, 261);
	assert.deepEqual(whole.counts, { create: 261 });
	assert.equal(whole.offset, 0);
	// The blocks are the stored rows in block_index order.
	const rows = await k('manifest_unit_block as b').join('manifest_envelope as e', 'e.id', 'b.envelope').where('e.entry', entry).orderBy('b.block_index').select('b.unit_id');
	assert.deepEqual(whole.blocks.map((b) => b.unit_id), rows.map((r) => r.unit_id));
});

test('the pages, concatenated, are the whole manifest\'s blocks in order; each carries the summary', async () => {
	const limit = 50;
	const pages = [];
	for (let offset = 0; offset < whole.total; offset += limit) {
		const page = await ids.reviewer.api.ok('GET', manifestUrl(`?offset=${offset}&limit=${limit}`));
		assert.equal(page.offset, offset);
		assert.equal(page.limit, limit);
		assert.equal(page.total, whole.total);
		assert.equal(page.manifest_sha256, whole.manifest_sha256);
		assert.equal(page.sha256_verified, true);
		assert.deepEqual(page.counts, whole.counts);
		assert.deepEqual(page.envelope, whole.envelope);
		assert.equal(page.blocks.length, Math.min(limit, whole.total - offset));
		pages.push(...page.blocks);
	}
	assert.deepEqual(pages, whole.blocks);
	// Past the end: the summary and no blocks.
	const beyond = await ids.reviewer.api.ok('GET', manifestUrl('?offset=100000&limit=10'));
	assert.equal(beyond.blocks.length, 0);
	assert.equal(beyond.total, whole.total);
	// Only a limit: the first blocks.
	assert.deepEqual((await ids.reviewer.api.ok('GET', manifestUrl('?limit=7'))).blocks, whole.blocks.slice(0, 7));
});

test('a bad offset or limit is a 400 naming the parameter (and, from iu-cutter, the allowed range)', async () => {
	// Whole numbers in Directus' own range for these query parameters reach iu-cutter, which names its range.
	for (const [query, field, range] of [
		['?limit=0', 'limit', /from 1 to 5000/],
		['?limit=-1', 'limit', /from 1 to 5000/],
		['?limit=5001', 'limit', /from 1 to 5000/],
		['?offset=0&limit=', 'limit', /from 1 to 5000/],
		['?offset=', 'offset', /≥ 0/],
	]) {
		const r = await ids.reviewer.api.get(manifestUrl(query));
		assert.equal(r.status, 400, `${query}: ${r.text.slice(0, 400)}`);
		const e = r.body.errors[0];
		assert.equal(e.extensions.code, 'IU_INVALID_PAYLOAD', `${query}: ${r.text.slice(0, 400)}`);
		assert.equal(e.extensions.field, field, query);
		assert.match(e.message, new RegExp(`"${field}"`), query);
		assert.match(e.message, range, `${query}: ${e.message}`);
	}
	// Directus checks offset and limit on every route before any endpoint runs: what is not a whole number in its
	// range never reaches iu-cutter, and is refused by Directus' query check, which names the parameter.
	for (const [query, field] of [
		['?offset=-1', 'offset'],
		['?offset=abc', 'offset'],
		['?offset=1.5', 'offset'],
		['?limit=ten', 'limit'],
		['?limit=-2', 'limit'],
	]) {
		const r = await ids.reviewer.api.get(manifestUrl(query));
		assert.equal(r.status, 400, `${query}: ${r.text.slice(0, 400)}`);
		const e = r.body.errors[0];
		assert.equal(e.extensions.code, 'INVALID_QUERY', `${query}: ${r.text.slice(0, 400)}`);
		assert.match(e.message, new RegExp(`"${field}"`), `${query}: ${e.message}`);
	}
	const unknown = await ids.reviewer.api.get(manifestUrl('?page=2'));
	assert.equal(unknown.status, 400);
	assert.match(unknown.body.errors[0].message, /"page".*offset, limit/);
});

test('a caller without the audit capability is refused, paged or not', async () => {
	// A signed-in user whose one policy reads documents but not the backlog.
	const policy = await admin.ok('POST', '/policies', { name: 'Documents only', icon: 'description', admin_access: false, app_access: false });
	await admin.ok('POST', '/permissions', { policy: policy.id, collection: 'legal_document', action: 'read', fields: ['*'] });
	const token = `documents-only-${Date.now()}`;
	const user = await admin.ok('POST', '/users', { email: 'documents-only@agents.example.com', token, role: null });
	await admin.ok('POST', '/access', { user: user.id, policy: policy.id });
	const reader = client(directus.url, token);
	assert.equal((await reader.get('/items/legal_document')).status, 200, 'the user is signed in and reads documents');
	for (const query of ['', '?offset=0&limit=50', '?offset=200&limit=500']) {
		for (const who of [reader, client(directus.url, null)]) {
			const r = await who.get(manifestUrl(query));
			assert.equal(r.status, 403, `${query}: ${r.text.slice(0, 400)}`);
			assert.equal(r.body.errors[0].extensions.code, 'IU_FORBIDDEN');
			assert.equal(r.body.blocks, undefined);
		}
	}
});

test('the remembered sha256 check still refuses a block row edited around the triggers, and the next read checks again', async () => {
	// The check is remembered from the reads above; a row edited with the triggers off keeps the rows' newest ledger_seq.
	const envelope = await k('manifest_envelope').where({ entry }).first('id');
	const block = await k('manifest_unit_block').where({ envelope: envelope.id, block_index: 120 }).first('id', 'block_json');
	const edited = block.block_json.replace('"body":"', '"body":"X');
	assert.notEqual(edited, block.block_json);
	await asSuperuser(k, (trx) => trx('manifest_unit_block').where({ id: block.id }).update({ block_json: edited }), { triggersOff: ['manifest_unit_block'] });
	try {
		// A page without the edited row still reads (its rows are the ones checked)…
		assert.deepEqual((await ids.reviewer.api.ok('GET', manifestUrl('?offset=0&limit=50'))).blocks, whole.blocks.slice(0, 50));
		// …the page with it is refused, and so is every read after (the core checks all rows again).
		for (const query of ['?offset=100&limit=50', '?offset=0&limit=50', '']) {
			const r = await ids.reviewer.api.get(manifestUrl(query));
			assert.equal(r.status, 409, `${query}: ${r.text.slice(0, 400)}`);
			assert.equal(r.body.errors[0].extensions.code, 'IU_MANIFEST_TAMPERED', query);
		}
	} finally {
		await asSuperuser(k, (trx) => trx('manifest_unit_block').where({ id: block.id }).update({ block_json: block.block_json }), { triggersOff: ['manifest_unit_block'] });
	}
	assert.deepEqual((await ids.reviewer.api.ok('GET', manifestUrl('?offset=100&limit=50'))).blocks, whole.blocks.slice(100, 150));
});
