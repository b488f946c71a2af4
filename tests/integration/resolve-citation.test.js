// resolve(citation, at): the units a citation in a text of date `at` cites, against a real
// Directus 12.4.0 with the built bundle (IU_DB=sqlite, the default, or IU_DB=postgres). A law is
// cut on 2025-01-01; an amending law of 2026-01-01 repeals Điều 5, inserts Điều 10a and
// renumbers Điều 10 … to Điều 11 … (the same amendment as resolve.test.js). Citations are then
// read at dates before and after it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { openDb } from '../support/db.js';
import { ok, fullCycle, amend } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'resolve-citation-test-password' };
const PASSWORD = 'resolve-citation-workflow-password';
const CODE = '31/2025/QH15';
const SLUG = '31-2025-qh15';
const FIRST = '2025-01-01T00:00:00Z';
const AMENDED = '2026-01-01T00:00:00Z';
const BEFORE = '2025-06-01T00:00:00Z';
const AFTER = '2026-06-01T00:00:00Z';

let pg, dir, db, app, ids, k;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-resolve-citation-${DB}-`));
	db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 56100 + (process.pid % 150) });
		db = pg.createDatabase('iu_resolve_citation');
	}
	app = await startDirectus({ dir, port: 29000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h' } });
	const token = await app.login();
	ids = await setupWorkflowRoles({ url: app.url, token, password: PASSWORD });
	k = openDb(db, dir);
	const core = await loadNodeCore();
	const text = core.generatedAct({ chapters: 2, articlesPerChapter: 6, clausesPerArticle: 2, pointsPerClause: 2 });
	const docId = (await ok(ids.submitter, '/items/legal_document', { doc_code: CODE, title: 'Luật mẫu (citations)', language: 'vi', vocabulary: 'vi', source_text: text })).id;
	assert.equal((await fullCycle(ids, { document: docId, effective_from: FIRST })).verified.passed, true);
	assert.equal((await fullCycle(ids, { document: docId, text: amend(text), effective_from: AMENDED })).verified.passed, true);
});

after(async () => {
	await k?.destroy();
	await app?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const unitAt = async (address) =>
	(
		await k('logical_unit')
			.where({ canonical_address: `${SLUG}/${address}` })
			.first('id')
	)?.id;
const cite = (body) => ids.reviewer.api.ok('POST', '/iu-cutter/resolve', body);
/** The answers for the one citation of `citation`. */
async function one(body) {
	const r = await cite(body);
	assert.equal(r.citations.length, 1, JSON.stringify(r));
	return r.citations[0];
}

test('a citation written before the renumbering finds the unit it meant, under its address today', async () => {
	const text = 'khoản 1 Điều 10 Luật số 31/2025/QH15';
	const r = await cite({ citation: text, at: BEFORE });
	assert.equal(r.at, BEFORE);
	const [c] = r.citations;
	assert.deepEqual([c.text, c.span], [text, { start: 0, end: Buffer.byteLength(text) }]);
	const [a] = c.addresses;
	assert.equal(a.address, `${SLUG}/dieu-10/khoan-1`);
	assert.equal(a.outcome, 'canonical', JSON.stringify(a));
	assert.equal(a.resolution.unit_id, await unitAt('dieu-11/khoan-1'));
	assert.equal(a.resolution.current_address, `${SLUG}/dieu-11/khoan-1`);
	assert.equal(c.problem, undefined);
});

test('a citation written after the renumbering follows the alias to the same unit', async () => {
	const c = await one({ citation: 'Điều 10 Luật số 31/2025/QH15', at: AFTER });
	const [a] = c.addresses;
	assert.equal(a.outcome, 'alias', JSON.stringify(a));
	assert.equal(a.address, `${SLUG}/dieu-10`, 'the address cited');
	assert.equal(a.resolution.unit_id, await unitAt('dieu-11'));
	assert.equal(a.resolution.current_address, `${SLUG}/dieu-11`);
	assert.deepEqual(a.resolution.chain, [`${SLUG}/dieu-10`, `${SLUG}/dieu-11`]);
});

test('an article inserted later is not yet in force before it, and says from when', async () => {
	const early = (await one({ citation: 'Điều 10a Luật số 31/2025/QH15', at: BEFORE })).addresses[0];
	assert.equal(early.reason, 'not-yet-in-force', JSON.stringify(early));
	assert.equal(early.in_force_from, '2026-01-01T00:00:00.000Z');
	assert.equal(early.unit_id, await unitAt('dieu-10a'));
	assert.equal(early.outcome, undefined);
	const later = (await one({ citation: 'Điều 10a Luật số 31/2025/QH15', at: AFTER })).addresses[0];
	assert.equal(later.outcome, 'canonical', JSON.stringify(later));
});

test('a repealed article, an article that never was and an unknown code each say so', async () => {
	const r = await cite({ citation: 'Điều 5 Luật này, Điều 99 Luật này và Điều 3 Luật số 99/2024/QH15', at: AFTER, document: CODE });
	const answers = r.citations.flatMap((c) => c.addresses);
	assert.deepEqual(
		answers.map((a) => [a.address, a.outcome ?? a.reason]),
		[
			[`${SLUG}/dieu-5`, 'retired'],
			[`${SLUG}/dieu-99`, 'no-such-unit'],
			['99-2024-qh15/dieu-3', 'unknown-document'],
		],
		JSON.stringify(r),
	);
	assert.equal(answers[2].document, '99-2024-qh15');
	// Before the repeal the same citation found the article.
	assert.equal((await one({ citation: 'Điều 5', at: BEFORE, document: SLUG })).addresses[0].outcome, 'canonical');
});

test("a relative citation is resolved against the citing unit; without it the finder's problem is kept", async () => {
	const c = await one({ citation: 'khoản 2 Điều này', at: AFTER, document: CODE, context: `${SLUG}/dieu-4/khoan-1` });
	assert.deepEqual(
		c.addresses.map((a) => [a.address, a.outcome]),
		[[`${SLUG}/dieu-4/khoan-2`, 'canonical']],
	);
	assert.equal(c.addresses[0].resolution.unit_id, await unitAt('dieu-4/khoan-2'));
	const lost = await one({ citation: 'khoản 2 Điều này', at: AFTER, document: CODE });
	assert.deepEqual([lost.addresses, lost.problem.code], [[], 'missing-context']);
	const unnamed = await one({ citation: 'Điều 5 của Luật Đất đai', at: AFTER });
	assert.equal(unnamed.problem.code, 'unidentified-document', JSON.stringify(unnamed));
});

test('GET /resolve?citation=… answers as POST does (the ordinary route, not the address fast path)', async () => {
	const body = { citation: 'Điều 10 Luật số 31/2025/QH15', at: BEFORE };
	const posted = await cite(body);
	const r = await ids.reviewer.api.get(`/iu-cutter/resolve?citation=${encodeURIComponent(body.citation)}&at=${encodeURIComponent(BEFORE)}`);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.headers['x-iu-resolve'], undefined);
	assert.deepEqual(r.body.data, posted);
	assert.equal(posted.citations[0].addresses[0].resolution.unit_id, await unitAt('dieu-11'));
});

test('bad input is refused naming the field; callers without the resolve capability are refused', async () => {
	for (const [body, field] of [
		[{ citation: '' }, 'citation'],
		[{ citation: 7 }, 'citation'],
		[{ citation: 'Điều 3', at: 'yesterday' }, 'at'],
		[{ citation: 'Điều 3', context: 'Điều 3' }, 'context'],
		[{ citation: 'Điều 3', document: '!' }, 'document'],
	]) {
		const r = await ids.reviewer.api.post('/iu-cutter/resolve', body);
		assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
		assert.equal(r.body.errors[0].extensions.field, field, r.text);
	}
	const unknown = await ids.reviewer.api.post('/iu-cutter/resolve', { citation: 'Điều 3', address: `${SLUG}/dieu-3` });
	assert.equal(unknown.status, 400, unknown.text);
	assert.match(unknown.text, /"address"/);
	const anon = await client(app.url).post('/iu-cutter/resolve', { citation: 'Điều 3 Luật số 31/2025/QH15' });
	assert.equal(anon.status, 403, anon.text);
});
