// Directus' data cache (CACHE_ENABLED=true) and the workflow's sealed writes.
// The workflow writes units, aliases and ledger rows with knex inside its sealed
// transactions, where Directus' own purge (CACHE_AUTO_PURGE) never runs; without
// iu-cutter's purge after commit (extension/src/lib/data-cache.ts) /items and
// /graphql keep answering the rows from before a CUT until CACHE_TTL (an hour
// here). Each read is checked against the database, and the cache is shown to
// be in play: a repeated read is a HIT (the CACHE_STATUS_HEADER).
// IU_DB=sqlite (default) or IU_DB=postgres. Several instances sharing a Redis
// cache: tests/integration/cluster.test.js.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { openDb } from '../support/db.js';
import { ok, fullCycle, approveCutVerify, amend } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'cache-test-password' };
const STATUS = 'x-iu-cache';
const unitLine = (u) => `${u.canonical_address} ${u.lifecycle_status}`;

let directus, pg, dir, db, admin, ids, k, docId, text;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-cache-${DB}-`));
	db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 56400 + (process.pid % 150) });
		db = pg.createDatabase('iu_cache');
	}
	directus = await startDirectus({
		dir,
		port: 29000 + (process.pid % 1000),
		db,
		adminEmail: ADMIN.email,
		adminPassword: ADMIN.password,
		// CACHE_AUTO_PURGE stays at Directus' default (false): the purge must not depend on it.
		env: { ACCESS_TOKEN_TTL: '6h', CACHE_ENABLED: 'true', CACHE_STORE: 'memory', CACHE_TTL: '1h', CACHE_STATUS_HEADER: STATUS },
	});
	const adminToken = await directus.login();
	admin = client(directus.url, adminToken);
	ids = await setupWorkflowRoles({ url: directus.url, token: adminToken, password: 'cache-test-password' });
	k = openDb(db, dir);
	const core = await loadNodeCore();
	text = core.generatedAct({ chapters: 1, articlesPerChapter: 4, clausesPerArticle: 3, pointsPerClause: 2 });
	docId = (await ok(ids.submitter, '/items/legal_document', { doc_code: '12/2026/QH15', title: 'Luật thử bộ nhớ đệm', language: 'vi', vocabulary: 'vi', source_text: text })).id;
	await fullCycle(ids, { document: docId, effective_from: '2026-01-01T00:00:00Z' });
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What the database holds: the document's live units, and the ledger's change sets. */
async function stored() {
	const units = (await k('logical_unit').where({ document: docId }).orderBy('canonical_address').select('canonical_address', 'lifecycle_status')).map(unitLine);
	const changeSets = (await k('cut_change_set').orderBy('id').pluck('id')).map(String);
	return { units, changeSets };
}

const UNITS_PATH = () => `/items/logical_unit?filter[document][_eq]=${docId}&fields=canonical_address,lifecycle_status&sort=canonical_address&limit=-1`;
const GQL = () => ({ query: `query { logical_unit(filter: { document: { id: { _eq: "${docId}" } } }, sort: ["canonical_address"], limit: -1) { canonical_address lifecycle_status } }` });

/** The units and change sets as the Items API and GraphQL answer them (for `who`), with the cache status of each answer. */
async function served(who) {
	const rest = await who.api.get(UNITS_PATH());
	assert.equal(rest.status, 200, rest.text);
	const gql = await who.api.post('/graphql', GQL());
	assert.equal(gql.status, 200, gql.text);
	assert.equal(gql.body.errors, undefined, gql.text);
	const sets = await who.api.get('/items/cut_change_set?fields=id&sort=id&limit=-1');
	assert.equal(sets.status, 200, sets.text);
	return {
		units: rest.body.data.map(unitLine),
		graphql: gql.body.data.logical_unit.map(unitLine),
		changeSets: sets.body.data.map((r) => String(r.id)),
		status: [rest, gql, sets].map((r) => r.headers?.[STATUS] ?? null),
	};
}

/** Reads twice: the second answer must come from the cache (else this test would prove nothing). */
async function cachedRead(who) {
	await served(who);
	const again = await served(who);
	assert.deepEqual(again.status, ['HIT', 'HIT', 'HIT'], 'a repeated read is served from Directus\' data cache');
	return again;
}

function assertFresh(view, truth, step) {
	assert.deepEqual(view.units, truth.units, `${step}: /items/logical_unit shows the units the database holds`);
	assert.deepEqual(view.graphql, truth.units, `${step}: GraphQL shows the units the database holds`);
	assert.deepEqual(view.changeSets, truth.changeSets, `${step}: /items/cut_change_set shows the ledger's change sets`);
}

test('a CUT and its rollback are seen through the cached Items API and GraphQL at once', async () => {
	const readers = [ids.submitter, { api: admin }];
	const before = await stored();
	for (const who of readers) assertFresh(await cachedRead(who), before, 'before the CUT');

	const amendment = await fullCycle(ids, { document: docId, text: amend(text), effective_from: '2027-01-01T00:00:00Z' });
	const cut = await stored();
	assert.notDeepEqual(cut.units, before.units, 'the amendment changes the document\'s units (a clause split)');
	for (const who of readers) {
		const view = await served(who);
		assertFresh(view, cut, 'after the CUT');
		assert.deepEqual(view.status, ['MISS', 'MISS', 'MISS'], 'the CUT purged the cached answers');
	}

	for (const who of readers) await cachedRead(who);
	const rollback = await ok(ids.submitter, '/iu-cutter/rollback', { entry: amendment.submitted.entry, effective_from: '2028-01-01T00:00:00Z' });
	await approveCutVerify(ids, rollback);
	const rolledBack = await stored();
	assert.deepEqual(rolledBack.units, before.units, 'the rollback gives the units from before the amendment');
	for (const who of readers) assertFresh(await served(who), rolledBack, 'after the rollback');
});

test('every sealed step purges: a review is seen in /items/review_decision at once', async () => {
	const core = await loadNodeCore();
	const preview = await ok(ids.submitter, '/iu-cutter/preview', { document: docId, text: core.generatedAct({ chapters: 1, articlesPerChapter: 4, clausesPerArticle: 3, pointsPerClause: 3 }), effective_from: '2029-01-01T00:00:00Z' });
	const submitted = await ok(ids.submitter, '/iu-cutter/submit', { document: docId, text: core.generatedAct({ chapters: 1, articlesPerChapter: 4, clausesPerArticle: 3, pointsPerClause: 3 }), effective_from: '2029-01-01T00:00:00Z', created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	const path = `/items/review_decision?filter[entry][_eq]=${submitted.entry}&fields=id,decision&limit=-1`;
	assert.deepEqual((await ids.submitter.api.get(path)).body.data, []);
	assert.equal((await ids.submitter.api.get(path)).headers?.[STATUS], 'HIT');
	await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'reject', manifest_sha256: submitted.manifest_sha256, comment: 'not now' });
	const after = await ids.submitter.api.get(path);
	assert.deepEqual(after.body.data.map((r) => r.decision), ['reject'], 'the review is served at once');
});
