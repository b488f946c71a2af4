// The walking skeleton against a real Directus 12.4.0 with the built bundle:
// migration metadata, the logical-unit hook and the address endpoint, over HTTP.
// The demo's units come from the CUT / VERIFY workflow (the unit store is sealed,
// iu0004): the Items API checks a unit's address first (400), then refuses the
// write (403 IU_UNIT_STORE_SEALED). IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { cutDemo, DEMO_DOC } from '../../scripts/demo.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'skeleton-test-password' };
let directus, pg, dir, admin, anon, docId;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-skeleton-${DB}-`));
	let db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 54300 + (process.pid % 500) });
		db = pg.createDatabase('iu_skeleton');
	}
	directus = await startDirectus({
		dir,
		port: 18000 + (process.pid % 1000),
		db,
		adminEmail: ADMIN.email,
		adminPassword: ADMIN.password,
	});
	const token = await directus.login();
	admin = client(directus.url, token);
	anon = client(directus.url, null);
	docId = (await cutDemo({ url: directus.url, token, password: 'skeleton-workflow-password' })).document;
});

after(async () => {
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const unit = (over = {}) => ({
	document: docId,
	section_type: 'dieu',
	ordinal: '90',
	heading: 'Thử nghiệm',
	body: 'Nội dung.',
	position: 900,
	canonical_address: '45-2019-qh14/dieu-90',
	...over,
});

// ── migration: collections, metadata, seed ──────────────────────────────────

test('migration registers the four collections with Data Studio metadata', async () => {
	for (const c of ['legal_document', 'section_type', 'logical_unit', 'canonical_address_alias']) {
		const r = await admin.get(`/collections/${c}`);
		assert.equal(r.status, 200, `${c}: ${r.text}`);
		assert.ok(r.body.data.meta, `${c} has Directus metadata`);
		assert.equal(r.body.data.meta.hidden, false);
	}
	const field = await admin.ok('GET', '/fields/logical_unit/canonical_address');
	assert.equal(field.meta.interface, 'canonical-address');
	assert.equal(field.schema.is_unique, true);
	assert.equal(field.schema.is_nullable, false);
	const relations = await admin.ok('GET', '/relations/logical_unit');
	assert.deepEqual(relations.map((r) => r.field).sort(), ['document', 'parent', 'section_type']);
});

test('section types are seeded with the Vietnamese and English vocabularies', async () => {
	const types = await admin.ok('GET', '/items/section_type?limit=-1&sort=sort');
	assert.deepEqual(
		types.filter((t) => t.vocabulary === 'vi').map((t) => t.address_token),
		// `kemtheo` (issue 29: instruments a text issues, `…/kemtheo-1/dieu-1`) is seeded last, by iu0009.
		['phan', 'chuong', 'muc', 'tieumuc', 'dieu', 'khoan', 'diem', 'kemtheo'],
	);
	assert.deepEqual(
		types.filter((t) => t.vocabulary === 'en').map((t) => t.address_token),
		// `definition` (issue 29: definitions carry their own paragraphs) is seeded last, by iu0008.
		['part', 'chapter', 'section', 'article', 'paragraph', 'subparagraph', 'item', 'definition'],
	);
	const dieu = types.find((t) => t.code === 'dieu');
	assert.equal(dieu.citation_root, true);
	assert.deepEqual(dieu.parents, ['phan', 'chuong', 'muc', 'tieumuc', 'kemtheo']);
});

test('the demo document is stored with its units and derived slug', async () => {
	const [doc] = await admin.ok('GET', `/items/legal_document?filter[doc_code][_eq]=${encodeURIComponent(DEMO_DOC.doc_code)}`);
	assert.equal(doc.slug, '45-2019-qh14');
	assert.match(doc.source_sha256, /^[0-9a-f]{64}$/);
	const units = await admin.ok('GET', `/items/logical_unit?filter[document][_eq]=${docId}&sort=id&limit=-1`);
	assert.ok(units.some((u) => u.canonical_address === '45-2019-qh14/dieu-44/khoan-1/diem-dd'));
	assert.ok(units.some((u) => u.canonical_address === '45-2019-qh14/dieu-44/khoan-1/diem-d'));
});

test('a unit the workflow created is draft_only / draft / canonical-address-v1, born at the server\'s time; the Items API cannot create one', async () => {
	const [created] = await admin.ok('GET', `/items/logical_unit?filter[canonical_address][_eq]=45-2019-qh14/dieu-44&limit=1`);
	assert.equal(created.lifecycle_status, 'draft_only');
	assert.equal(created.authority, 'draft');
	assert.equal(created.canonical_address_format_version, 'canonical-address-v1');
	assert.ok(created.created_at, 'the workflow stamps the birth');
	assert.equal(created.created_at, created.updated_at);
	// Was: POST /items/logical_unit created the unit (and the hook stamped it). The store is sealed now.
	const countBefore = await admin.count('logical_unit');
	const r = await admin.post('/items/logical_unit', unit({ created_at: '2001-01-01T00:00:00Z' }));
	assert.equal(r.status, 403, r.text);
	assert.equal(r.body.errors[0].extensions.code, 'IU_UNIT_STORE_SEALED');
	assert.match(r.body.errors[0].message, /CUT \/ VERIFY/);
	assert.equal(await admin.count('logical_unit'), countBefore);
});

// ── hook: canonical_address on create and update ────────────────────────────

test('creating a unit with an invalid address fails with 400 naming field, reason and offset; nothing is written', async () => {
	const countBefore = await admin.count('logical_unit');
	const r = await admin.post('/items/logical_unit', unit({ canonical_address: '45-2019-qh14/dieu-44//khoan-1' }));
	assert.equal(r.status, 400, r.text);
	const [err] = r.body.errors;
	assert.equal(err.extensions.code, 'IU_INVALID_ADDRESS');
	assert.equal(err.extensions.field, 'canonical_address');
	assert.equal(err.extensions.offset, 21);
	assert.match(err.message, /canonical_address/);
	assert.match(err.message, /byte 21/);
	assert.ok(err.extensions.hint.length > 0);
	assert.equal(await admin.count('logical_unit'), countBefore);
});

test('an address over 255 bytes is refused with its length', async () => {
	const long = '45-2019-qh14/dieu-' + '1'.repeat(250);
	const r = await admin.post('/items/logical_unit', unit({ canonical_address: long }));
	assert.equal(r.status, 400);
	assert.equal(r.body.errors[0].extensions.offset, 255);
});

test('a valid but non-canonical address is rejected with its canonical form in the message', async () => {
	const r = await admin.post('/items/logical_unit', unit({ canonical_address: '45-2019-QH14/Dieu-90' }));
	assert.equal(r.status, 400, r.text);
	const [err] = r.body.errors;
	assert.equal(err.extensions.code, 'IU_INVALID_ADDRESS');
	assert.equal(err.extensions.canonical, '45-2019-qh14/dieu-90');
	assert.match(err.message, /45-2019-qh14\/dieu-90/);
});

test('a pasted Vietnamese citation is rejected with the address it stands for', async () => {
	const r = await admin.post('/items/logical_unit', unit({ canonical_address: 'điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14' }));
	assert.equal(r.status, 400, r.text);
	assert.equal(r.body.errors[0].extensions.canonical, '45-2019-qh14/dieu-44/khoan-1/diem-dd');
});

test('a missing or non-string address is a 400, not a 500', async () => {
	for (const bad of [undefined, null, 42]) {
		const payload = unit();
		if (bad === undefined) delete payload.canonical_address;
		else payload.canonical_address = bad;
		const r = await admin.post('/items/logical_unit', payload);
		assert.equal(r.status, 400, `${bad}: ${r.text}`);
	}
});

test('updating a unit to an invalid address fails with 400 and leaves the row unchanged; a valid update is refused (sealed)', async () => {
	const [stored] = await admin.ok('GET', `/items/logical_unit?filter[canonical_address][_eq]=45-2019-qh14/dieu-44&limit=1`);
	const r = await admin.patch(`/items/logical_unit/${stored.id}`, { canonical_address: '45-2019-qh14/dieu-91/Khoan-1' });
	assert.equal(r.status, 400);
	assert.equal(r.body.errors[0].extensions.offset, 21);
	// Was: a valid PATCH succeeded. Now the address is checked first, then the write refused.
	const valid = await admin.patch(`/items/logical_unit/${stored.id}`, { canonical_address: '45-2019-qh14/dieu-91' });
	assert.equal(valid.status, 403, valid.text);
	assert.equal(valid.body.errors[0].extensions.code, 'IU_UNIT_STORE_SEALED');
	const after = await admin.ok('GET', `/items/logical_unit/${stored.id}`);
	assert.equal(after.canonical_address, '45-2019-qh14/dieu-44');
	assert.equal(after.updated_at, stored.updated_at);
});

test('birth gate: neither updated_at nor created_at can be set through the Items API; the row does not move', async () => {
	const [stored] = await admin.ok('GET', `/items/logical_unit?filter[canonical_address][_eq]=45-2019-qh14/dieu-1&limit=1`);
	// Was: this PATCH succeeded and moved updated_at. The workflow stamps updated_at now, on every unit it writes.
	const updated = await admin.patch(`/items/logical_unit/${stored.id}`, { heading: 'Đã sửa', updated_at: '2001-01-01T00:00:00Z' });
	assert.equal(updated.status, 403, updated.text);
	assert.equal(updated.body.errors[0].extensions.code, 'IU_UNIT_STORE_SEALED');
	// Was: 400 IU_BIRTH_IMMUTABLE. Every unit write is refused now (a revert's payload carries created_at too).
	const r = await admin.patch(`/items/logical_unit/${stored.id}`, { created_at: '2001-01-01T00:00:00Z' });
	assert.equal(r.status, 403);
	assert.equal(r.body.errors[0].extensions.code, 'IU_UNIT_STORE_SEALED');
	const after = await admin.ok('GET', `/items/logical_unit/${stored.id}`);
	assert.deepEqual([after.heading, after.updated_at, after.created_at], [stored.heading, stored.updated_at, stored.created_at]);
});

test('a unit with an address already taken is refused like any other Items API create (sealed); the column stays UNIQUE', async () => {
	// Was: 400 RECORD_NOT_UNIQUE from the database. The hook now refuses the write before the database sees it.
	const r = await admin.post('/items/logical_unit', unit({ canonical_address: '45-2019-qh14/dieu-44' }));
	assert.equal(r.status, 403, r.text);
	assert.equal(r.body.errors[0].extensions.code, 'IU_UNIT_STORE_SEALED');
	assert.equal((await admin.ok('GET', '/fields/logical_unit/canonical_address')).schema.is_unique, true);
});

test('an alias must carry a canonical address too', async () => {
	const r = await admin.post('/items/canonical_address_alias', {
		alias_text: 'Điều 10',
		alias_kind: 'renumber',
		valid_from: '2020-01-01T00:00:00Z',
	});
	assert.equal(r.status, 400);
	assert.equal(r.body.errors[0].extensions.field, 'alias_text');
});

test('an invalid document code is refused with where and why', async () => {
	const r = await admin.post('/items/legal_document', { doc_code: '45/2019/QH14 §', title: 'x' });
	assert.equal(r.status, 400, r.text);
	assert.equal(r.body.errors[0].extensions.field, 'doc_code');
});

// ── endpoint: POST /iu-cutter/address/parse ─────────────────────────────────

test('the endpoint refuses anonymous callers', async () => {
	const r = await anon.post('/iu-cutter/address/parse', { address: '45-2019-qh14/dieu-44' });
	assert.ok([401, 403].includes(r.status), `got ${r.status}`);
	const bad = await client(directus.url, 'not-a-token').post('/iu-cutter/address/parse', { address: 'x' });
	assert.ok([401, 403].includes(bad.status), `got ${bad.status}`);
});

test('the endpoint parses one address into document, segments and parent', async () => {
	const data = await admin.ok('POST', '/iu-cutter/address/parse', { address: '45-2019-qh14/dieu-44/khoan-1/diem-dd' });
	assert.equal(data.ok, true);
	assert.equal(data.canonical, '45-2019-qh14/dieu-44/khoan-1/diem-dd');
	assert.equal(data.parent, '45-2019-qh14/dieu-44/khoan-1');
	assert.deepEqual(data.address, {
		doc: '45-2019-qh14',
		segments: [
			{ token: 'dieu', ordinal: '44' },
			{ token: 'khoan', ordinal: '1' },
			{ token: 'diem', ordinal: 'dd' },
		],
	});
});

test('the endpoint validates a batch in one call, each result in input order', async () => {
	const addresses = ['45-2019-qh14/dieu-1', '45-2019-qh14/Dieu-1', '', '45-2019-qh14/chuong-3/muc-1'];
	const data = await admin.ok('POST', '/iu-cutter/address/parse', { addresses });
	assert.equal(data.length, 4);
	assert.deepEqual(data.map((d) => d.ok), [true, false, false, true]);
	assert.equal(data[1].error.offset, 13);
	assert.ok(data[1].error.reason.length > 0);
	assert.ok(data[2].error.code.length > 0);
});

test('the endpoint normalizes human input on request', async () => {
	const data = await admin.ok('POST', '/iu-cutter/address/parse', {
		addresses: ['điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14', 'Điều 5', 'Chương IV'],
		normalize: true,
		document: '45/2019/QH14',
	});
	assert.equal(data[0].canonical, '45-2019-qh14/dieu-44/khoan-1/diem-dd');
	assert.equal(data[1].canonical, '45-2019-qh14/dieu-5');
	assert.equal(data[2].canonical, '45-2019-qh14/chuong-4');
});

test('malformed bodies get 400 with a message saying what is wrong', async () => {
	const cases = [
		['{"address": ', /./],
		[JSON.stringify([1, 2]), /JSON object/],
		[JSON.stringify({}), /exactly one of/],
		[JSON.stringify({ address: 44 }), /"address" must be a string/],
		[JSON.stringify({ addresses: 'x' }), /"addresses" must be an array/],
		[JSON.stringify({ addresses: ['a', 7] }), /addresses\[1\]/],
		[JSON.stringify({ address: 'a', extra: 1 }), /Unknown field/],
		[JSON.stringify({ addresses: Array(10_001).fill('a') }), /at most 10000/],
	];
	for (const [body, pattern] of cases) {
		const r = await admin.post('/iu-cutter/address/parse', body, { raw: true });
		assert.equal(r.status, 400, `${body.slice(0, 40)} → ${r.status} ${r.text.slice(0, 200)}`);
		assert.match(r.body.errors[0].message, pattern);
	}
});

test('a random id is still only an id: unknown documents are not found', async () => {
	const r = await admin.get(`/items/legal_document/${randomUUID()}`);
	assert.ok([403, 404].includes(r.status));
});
