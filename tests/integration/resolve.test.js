// Resolve as a read path: each document's alias index stays warm in the API
// process and is never answered from stale. Against a real Directus 12.4.0
// with the built bundle (IU_DB=sqlite, the default, or IU_DB=postgres); on
// PostgreSQL a second Directus process on the same database shows that an
// index warmed on one instance is invalidated by a CUT made through the other
// (both with one Redis: without it the workflow refuses to write beside another
// live instance, IU_CLUSTER_WITHOUT_REDIS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { startRedis } from '../support/redis.js';
import { redisEnv } from '../support/cluster.js';
import { client } from '../support/api.js';
import { openDb } from '../support/db.js';
import { ok, fullCycle, approveCutVerify, amend } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'resolve-test-password' };
const PASSWORD = 'resolve-workflow-password';
const CODE = '31/2025/QH15';
const SLUG = '31-2025-qh15';
const FIRST = '2025-01-01T00:00:00Z';
const AMENDED = '2026-01-01T00:00:00Z';
const BEFORE = '2025-06-01T00:00:00Z';
const AFTER = '2026-06-01T00:00:00Z';

let pg, redis, dirA, dirB, db, a, b, ids, adminA, k, core, text, docId, readerB;

before(async () => {
	dirA = mkdtempSync(join(tmpdir(), `iu-resolve-${DB}-a-`));
	db = { client: 'sqlite3' };
	let shared = {};
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 55900 + (process.pid % 150) });
		db = pg.createDatabase('iu_resolve');
		redis = await startRedis({ port: 57200 + (process.pid % 150) });
		shared = redisEnv(`redis://127.0.0.1:${redis.port}`);
	}
	a = await startDirectus({ dir: dirA, port: 27000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h', ...shared } });
	const token = await a.login();
	adminA = client(a.url, token);
	ids = await setupWorkflowRoles({ url: a.url, token, password: PASSWORD });
	k = openDb(db, dirA);
	core = await loadNodeCore();
	// 12 articles: enough for the amendment's renumber cascade (Điều 10 … → 11 …), split and repeal.
	text = core.generatedAct({ chapters: 2, articlesPerChapter: 6, clausesPerArticle: 2, pointsPerClause: 2 });
	docId = (await ok(ids.submitter, '/items/legal_document', { doc_code: CODE, title: 'Luật mẫu (resolve)', language: 'vi', vocabulary: 'vi', source_text: text })).id;
	if (DB === 'postgres') {
		// A second process on the same database (its own SECRET: the reviewer signs in there too).
		dirB = mkdtempSync(join(tmpdir(), `iu-resolve-${DB}-b-`));
		b = await startDirectus({ dir: dirB, port: 28000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h', ...shared } });
		readerB = client(b.url, await b.login(ids.reviewer.email, PASSWORD));
	}
});

after(async () => {
	await k?.destroy();
	await b?.stop();
	await a?.stop();
	await redis?.stop();
	await pg?.stop();
	for (const d of [dirA, dirB]) if (d) rmSync(d, { recursive: true, force: true });
});

const resolveOn = (api, address, at) => api.ok('GET', `/iu-cutter/resolve?address=${encodeURIComponent(`${SLUG}/${address}`)}${at ? `&at=${encodeURIComponent(at)}` : ''}`);
const resolve = (address, at) => resolveOn(ids.reviewer.api, address, at);
const unitAt = async (address) => (await k('logical_unit').where({ canonical_address: `${SLUG}/${address}` }).first('id'))?.id;

let amendment;

test('before any CUT the document resolves nothing; the first CUT is seen by the next request', async () => {
	// Warms the (empty) index of the document on every instance.
	assert.equal((await resolve('dieu-10', BEFORE)).outcome, 'unknown');
	if (readerB) assert.equal((await resolveOn(readerB, 'dieu-10', BEFORE)).outcome, 'unknown');
	const first = await fullCycle(ids, { document: docId, effective_from: FIRST });
	assert.equal(first.verified.passed, true);
	const r = await resolve('dieu-10', BEFORE);
	assert.equal(r.outcome, 'canonical', JSON.stringify(r));
	assert.equal(r.unit_id, await unitAt('dieu-10'));
	if (readerB) {
		const rb = await resolveOn(readerB, 'dieu-10', BEFORE);
		assert.equal(rb.outcome, 'canonical', `instance B answered from the index it warmed before the CUT: ${JSON.stringify(rb)}`);
		assert.equal(rb.unit_id, r.unit_id);
	}
});

test('a batch answers in the order asked, other documents and unknown slugs included', async () => {
	const list = [`${SLUG}/dieu-3`, 'no-such-doc/dieu-1', `${SLUG}/dieu-1/khoan-2`, `${SLUG}/dieu-99`, `${SLUG}/dieu-3`, `${SLUG}/chuong-2`];
	const r = await ids.reviewer.api.ok('POST', '/iu-cutter/resolve', { addresses: list, at: BEFORE });
	assert.equal(r.at, BEFORE);
	assert.equal(r.results.length, list.length);
	assert.deepEqual(r.results.map((x) => x.outcome), ['canonical', 'unknown', 'canonical', 'unknown', 'canonical', 'canonical']);
	assert.deepEqual(r.results.map((x) => x.chain[0]), list, 'each answer starts its chain at the address asked, in order');
	assert.equal(r.results[0].unit_id, await unitAt('dieu-3'));
	assert.equal(r.results[2].unit_id, await unitAt('dieu-1/khoan-2'));
	assert.equal(r.results[4].unit_id, r.results[0].unit_id);
	assert.match(r.results[1].reason, /no document has the slug "no-such-doc"/);
	// A single address of an unknown document is a 404 naming the slug.
	const missing = await ids.reviewer.api.get('/iu-cutter/resolve?address=no-such-doc/dieu-1');
	assert.equal(missing.status, 404, missing.text);
	assert.match(missing.text, /no-such-doc/);
});

test('after the amendment CUT an index warmed before it answers the new state at once; old addresses resolve through aliases', async () => {
	const old10 = await unitAt('dieu-10');
	// Warm at the current state on every instance.
	assert.equal((await resolve('dieu-10', AFTER)).outcome, 'canonical');
	if (readerB) assert.equal((await resolveOn(readerB, 'dieu-10', AFTER)).outcome, 'canonical');

	amendment = await fullCycle(ids, { document: docId, text: amend(text), effective_from: AMENDED });
	assert.equal(amendment.verified.passed, true);
	assert.equal(await unitAt('dieu-11'), old10, 'Điều 10 is now Điều 11');

	for (const [name, api] of [['A', ids.reviewer.api], ...(readerB ? [['B', readerB]] : [])]) {
		const r = await resolveOn(api, 'dieu-10', AFTER);
		assert.equal(r.outcome, 'alias', `instance ${name}: ${JSON.stringify(r)}`);
		assert.equal(r.unit_id, old10);
		assert.equal(r.current_address, `${SLUG}/dieu-11`);
		assert.deepEqual(r.chain, [`${SLUG}/dieu-10`, `${SLUG}/dieu-11`]);
		// Before the amendment, the same address still meant the same unit.
		const then = await resolveOn(api, 'dieu-10', BEFORE);
		assert.equal(then.outcome, 'canonical', `instance ${name}`);
		assert.equal(then.unit_id, old10);
		assert.equal((await resolveOn(api, 'dieu-10a', AFTER)).outcome, 'canonical', `instance ${name}: the inserted article`);
		assert.equal((await resolveOn(api, 'dieu-10a', BEFORE)).outcome, 'unknown', `instance ${name}: not yet inserted`);
		assert.equal((await resolveOn(api, 'dieu-5', AFTER)).outcome, 'retired', `instance ${name}: repealed`);
	}
	// The batch goes through the same fresh index.
	const batch = await ids.reviewer.api.ok('POST', '/iu-cutter/resolve', { addresses: [`${SLUG}/dieu-12`, `${SLUG}/dieu-10`], at: AFTER });
	assert.deepEqual(batch.results.map((x) => [x.outcome, x.current_address]), [['canonical', `${SLUG}/dieu-12`], ['alias', `${SLUG}/dieu-11`]]);
});

test('after a rollback CUT the warm index answers the restored store at once', async () => {
	const old10 = await unitAt('dieu-11');
	assert.equal((await resolve('dieu-10', AFTER)).outcome, 'alias');
	if (readerB) assert.equal((await resolveOn(readerB, 'dieu-10', AFTER)).outcome, 'alias');
	const rolled = await ok(ids.submitter, '/iu-cutter/rollback', { entry: amendment.submitted.entry });
	// Submitted, reviewed: nothing changed yet, the index answers as before.
	const reviewed = await ok(ids.reviewer, '/iu-cutter/review', { entry: rolled.entry, decision: 'approve', manifest_sha256: rolled.manifest_sha256 });
	assert.ok(reviewed);
	assert.equal((await resolve('dieu-10', AFTER)).outcome, 'alias');
	await ok(ids.executor, '/iu-cutter/cut', { entry: rolled.entry });
	for (const [name, api] of [['A', ids.reviewer.api], ...(readerB ? [['B', readerB]] : [])]) {
		const r = await resolveOn(api, 'dieu-10', AFTER);
		assert.equal(r.outcome, 'canonical', `instance ${name}: ${JSON.stringify(r)}`);
		assert.equal(r.unit_id, old10);
		assert.equal((await resolveOn(api, 'dieu-10a', AFTER)).outcome, 'unknown', `instance ${name}: the inserted article is gone`);
	}
	const verified = await ok(ids.verifier, '/iu-cutter/verify', { entry: rolled.entry });
	assert.equal(verified.passed, true);
});

test('a revoked permission is refused on the next request, on every instance (the fast path\'s check is cleared with Directus\' permissions cache)', async () => {
	const policy = (await adminA.ok('GET', `/policies?filter[name][_eq]=${encodeURIComponent('IU Reviewer')}`))[0];
	const grant = (await adminA.ok('GET', `/permissions?filter[policy][_eq]=${policy.id}&filter[collection][_eq]=canonical_address_alias&filter[action][_eq]=read`))[0];
	assert.ok(grant, 'the reviewer may read aliases');
	assert.equal((await resolve('dieu-3', AFTER)).outcome, 'canonical');
	// Both instances have answered the reviewer through the fast path: the grant is in their caches.
	for (const api of [ids.reviewer.api, ...(readerB ? [readerB] : [])]) {
		const r = await api.get(`/iu-cutter/resolve?address=${SLUG}/dieu-3`);
		assert.equal(r.headers['x-iu-resolve'], 'fast', r.text);
	}
	await adminA.ok('DELETE', `/permissions/${grant.id}`);
	try {
		for (const api of [ids.reviewer.api, ...(readerB ? [readerB] : [])]) {
			const r = await api.get(`/iu-cutter/resolve?address=${SLUG}/dieu-3`);
			assert.equal(r.status, 403, r.text);
			const e = r.body.errors[0];
			assert.deepEqual([e.extensions.code, e.extensions.collection, e.extensions.permission], ['IU_FORBIDDEN', 'canonical_address_alias', 'read']);
			assert.match(e.message, /needs "read" permission on "canonical_address_alias"/);
		}
	} finally {
		await adminA.ok('POST', '/permissions', { policy: policy.id, collection: 'canonical_address_alias', action: 'read', fields: ['*'] });
	}
	assert.equal((await resolve('dieu-3', AFTER)).outcome, 'canonical', 'granted again, answered again');
});

test('anonymous callers and users without the permission are refused', async () => {
	const anon = await client(a.url).get(`/iu-cutter/resolve?address=${SLUG}/dieu-3`);
	assert.equal(anon.status, 403, anon.text);
	// The executor agent holds read on units and aliases too; a user with no policy holds nothing.
	const bare = await adminA.ok('POST', '/users', { email: 'nobody@example.com', password: PASSWORD, role: null });
	assert.ok(bare.id);
	const token = await a.login('nobody@example.com', PASSWORD);
	const r = await client(a.url, token).get(`/iu-cutter/resolve?address=${SLUG}/dieu-3`);
	assert.equal(r.status, 403, r.text);
	assert.equal(r.body.errors[0].extensions.collection, 'logical_unit', r.text);
});

test('a policy limited to other IP addresses grants nothing to a caller from here, on either route; limited to here, it grants', async () => {
	const policy = (await adminA.ok('GET', `/policies?filter[name][_eq]=${encodeURIComponent('IU Reviewer')}`))[0];
	const path = `/iu-cutter/resolve?address=${SLUG}/dieu-3&at=${AFTER}`;
	assert.equal((await ids.reviewer.api.get(path)).headers['x-iu-resolve'], 'fast', 'warm: the grant is in the cache');
	await adminA.ok('PATCH', `/policies/${policy.id}`, { ip_access: ['10.9.9.9', '192.0.2.0/24'] });
	try {
		for (const [route, r] of [['GET', await ids.reviewer.api.get(path)], ['POST', await ids.reviewer.api.post('/iu-cutter/resolve', { address: `${SLUG}/dieu-3`, at: AFTER })]]) {
			assert.equal(r.status, 403, `${route}: ${r.text}`);
			assert.equal(r.headers['x-iu-resolve'], undefined, route);
			assert.equal(r.body.errors[0].extensions.code, 'IU_FORBIDDEN', r.text);
		}
		await adminA.ok('PATCH', `/policies/${policy.id}`, { ip_access: ['10.9.9.9', '127.0.0.0/8', '::1'] });
		const here = await ids.reviewer.api.get(path);
		assert.equal(here.status, 200, here.text);
		assert.equal(here.headers['x-iu-resolve'], 'fast');
	} finally {
		await adminA.ok('PATCH', `/policies/${policy.id}`, { ip_access: null });
	}
});

test('GET resolve is answered ahead of Directus\' pipeline for a signed-in JWT, a static token and access_token, exactly as the ordinary route answers', async () => {
	const path = `/iu-cutter/resolve?address=${SLUG}/dieu-3&at=${AFTER}`;
	// POST takes the ordinary route (the fast path answers GET only).
	const ordinary = await ids.reviewer.api.post('/iu-cutter/resolve', { address: `${SLUG}/dieu-3`, at: AFTER });
	assert.equal(ordinary.status, 200, ordinary.text);
	assert.equal(ordinary.headers['x-iu-resolve'], undefined);
	const answers = {
		'a signed-in user (JWT)': await ids.reviewer.api.get(path),
		'an agent (static token)': await ids.executor.api.get(path),
		'an agent (access_token parameter)': await client(a.url).get(`${path}&access_token=${encodeURIComponent(ids.executor.token)}`),
		...(readerB ? { 'a signed-in user on the second instance': await readerB.get(path) } : {}),
	};
	for (const [who, r] of Object.entries(answers)) {
		assert.equal(r.status, 200, `${who}: ${r.text}`);
		assert.equal(r.headers['x-iu-resolve'], 'fast', who);
		assert.deepEqual(r.body, ordinary.body, who);
	}
});

test('what the fast path cannot vouch for takes Directus\' ordinary route, which answers as it always did', async () => {
	const path = `/iu-cutter/resolve?address=${SLUG}/dieu-3&at=${AFTER}`;
	// A JWT claiming an admin, signed with another secret: Directus' own check refuses it.
	const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
	const forged = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ id: ids.reviewer.id, role: null, app_access: true, admin_access: true, iss: 'directus', exp: Math.floor(Date.now() / 1000) + 3600 })}.${Buffer.alloc(32, 7).toString('base64url')}`;
	// A browser session (cookie): its session row is checked by Directus' pipeline, not by the fast path.
	const login = await fetch(`${a.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ids.reviewer.email, password: PASSWORD, mode: 'session' }) });
	assert.equal(login.status, 200, await login.text());
	const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
	const cases = [
		['anonymous', await client(a.url).get(path), 403],
		// Directus answers an invalid JWT 403 INVALID_TOKEN, an unknown static token 401 INVALID_CREDENTIALS.
		['a forged admin JWT', await client(a.url, forged).get(path), 403],
		['an unknown static token', await client(a.url, 'no-such-token').get(path), 401],
		['a bearer token and access_token both', await ids.reviewer.api.get(`${path}&access_token=${encodeURIComponent(ids.executor.token)}`), 400],
		['a malformed instant', await ids.reviewer.api.get(`/iu-cutter/resolve?address=${SLUG}/dieu-3&at=yesterday`), 400],
		['an unknown document', await ids.reviewer.api.get('/iu-cutter/resolve?address=no-such-law/dieu-1'), 404],
		['a session cookie', await client(a.url).call('GET', path, undefined, { headers: { cookie } }), 200],
	];
	for (const [what, r, status] of cases) {
		assert.equal(r.status, status, `${what}: ${r.text.slice(0, 300)}`);
		assert.equal(r.headers['x-iu-resolve'], undefined, `${what} was answered by the fast path`);
	}
	assert.equal(cases[1][1].body.errors[0].extensions.code, 'INVALID_TOKEN', cases[1][1].text);
	assert.equal(cases[2][1].body.errors[0].extensions.code, 'INVALID_CREDENTIALS', cases[2][1].text);
	assert.equal(cases[4][1].body.errors[0].extensions.field, 'at', cases[4][1].text);
	assert.equal(cases[6][1].body.data.unit_id, (await resolve('dieu-3', AFTER)).unit_id);
});

test('a bad IU_RESOLVE_CACHE_UNITS is refused naming the setting; under a budget smaller than one document, concurrent requests for two documents are answered right', async () => {
	// A second, small document, cut; then the same instance (same folder, port and secret) restarted with other budgets.
	const other = (await ok(ids.submitter, '/items/legal_document', { doc_code: '32/2025/QH15', title: 'Luật nhỏ (resolve)', language: 'vi', vocabulary: 'vi', source_text: core.generatedAct({ chapters: 1, articlesPerChapter: 3, clausesPerArticle: 2, pointsPerClause: 2 }) })).id;
	assert.equal((await fullCycle(ids, { document: other, effective_from: FIRST })).verified.passed, true);
	const restart = async (env) => {
		await a.stop();
		a = await startDirectus({ dir: dirA, port: 27000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h', ...env } });
	};
	await restart({ IU_RESOLVE_CACHE_UNITS: 'lots' });
	const bad = await ids.reviewer.api.get(`/iu-cutter/resolve?address=${SLUG}/dieu-3`);
	assert.equal(bad.status, 500, bad.text);
	assert.equal(bad.body.errors[0].extensions.code, 'IU_BAD_CONFIGURATION');
	assert.match(bad.body.errors[0].message, /IU_RESOLVE_CACHE_UNITS is "lots"/);

	// 60 units and aliases: less than either document, so every switch of document evicts (and frees) the other's index.
	await restart({ IU_RESOLVE_CACHE_UNITS: '60' });
	const expected = new Map([
		[`${SLUG}/dieu-3`, await unitAt('dieu-3')],
		['32-2025-qh15/dieu-2/khoan-1', (await k('logical_unit').where({ canonical_address: '32-2025-qh15/dieu-2/khoan-1' }).first('id')).id],
	]);
	const asked = Array.from({ length: 40 }, (_, i) => [...expected.keys()][i % 2]);
	const answers = await Promise.all(asked.map((address) => ids.reviewer.api.get(`/iu-cutter/resolve?address=${encodeURIComponent(address)}&at=${AFTER}`)));
	answers.forEach((r, i) => {
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.data.unit_id, expected.get(asked[i]), `answer ${i} (${asked[i]})`);
	});
	const batch = await ids.reviewer.api.ok('POST', '/iu-cutter/resolve', { addresses: asked, at: AFTER });
	assert.deepEqual(batch.results.map((x) => x.unit_id), asked.map((address) => expected.get(address)));
});
