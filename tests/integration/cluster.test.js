// Several Directus instances on one database (docs/DEPLOYMENT.md), with real
// PostgreSQL 15, real Redis and two real Directus 12.4.0 processes:
// - with one shared Redis (CACHE_STORE=redis, SYNCHRONIZATION_STORE=redis, …):
//   the workflow's steps alternate between the instances, the same CUT sent to
//   both at once is applied exactly once (the other answer is a 409), a CUT
//   through one is seen through the other's cached Items API and GraphQL at once,
//   and a permission revoked through one is refused by the other at once;
// - without Redis: each instance sees the other's heartbeat, says so in its log,
//   and refuses every workflow write with 503 IU_CLUSTER_WITHOUT_REDIS; alone
//   again, it writes.
// PostgreSQL only (a cluster shares a database server); `npm test` runs it once,
// in its IU_DB=postgres pass.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster } from '../support/cluster.js';
import { client } from '../support/api.js';
import { openDb } from '../support/db.js';
import { ok, amend } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';

const DB = process.env.IU_DB ?? 'sqlite';
const SKIP = DB !== 'postgres' && 'a cluster shares one PostgreSQL database: runs with IU_DB=postgres (npm test runs it in that pass)';
const ADMIN = { email: 'admin@example.com', password: 'cluster-test-password' };
const STATUS = 'x-iu-cache';
const base = 27000 + (process.pid % 500) * 4;

const unitLine = (u) => `${u.canonical_address} ${u.lifecycle_status}`;
const errorCode = (r) => r.body?.errors?.[0]?.extensions?.code;
const logOf = (node) => readFileSync(node.logPath, 'utf8');

/** Waits for `line` in an instance's log (Directus' logger writes asynchronously); fails with the log's tail. */
async function logged(node, pattern) {
	const deadline = Date.now() + 20_000;
	while (!pattern.test(logOf(node))) {
		if (Date.now() > deadline) assert.fail(`${node.logPath} never said ${pattern}:\n${logOf(node).slice(-3000)}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

describe('two instances, one PostgreSQL, one Redis', { skip: SKIP }, () => {
	let dir, cluster, k, ids, on, core, docId, text;

	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'iu-cluster-'));
		cluster = await startCluster({
			dir,
			ports: [base, base + 1],
			pgPort: 56000 + (process.pid % 150),
			redisPort: 57000 + (process.pid % 150),
			adminEmail: ADMIN.email,
			adminPassword: ADMIN.password,
			env: { ACCESS_TOKEN_TTL: '6h', CACHE_TTL: '1h', CACHE_STATUS_HEADER: STATUS },
		});
		const [one] = cluster.nodes;
		const adminToken = await one.login();
		ids = await setupWorkflowRoles({ url: one.url, token: adminToken, password: 'cluster-test-password' });
		ids.admin = { token: adminToken };
		// The same identity (same token: one SECRET) on either instance.
		on = (n, who) => client(cluster.nodes[n].url, who.token);
		k = openDb(cluster.db, dir);
		core = await loadNodeCore();
		text = core.generatedAct({ chapters: 1, articlesPerChapter: 4, clausesPerArticle: 3, pointsPerClause: 2 });
		docId = (await ok(ids.submitter, '/items/legal_document', { doc_code: '21/2026/QH15', title: 'Luật thử cụm', language: 'vi', vocabulary: 'vi', source_text: text })).id;
	});

	after(async () => {
		await k?.destroy();
		await cluster?.stop();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	test('each instance sees the other live, with the same Redis: nothing to warn about', async () => {
		const rows = await k('iu_instance').select('*');
		assert.equal(rows.length, 2, JSON.stringify(rows));
		for (const r of rows) assert.deepEqual([r.redis, r.cache_store, r.synchronization_store], [`127.0.0.1:${cluster.redis.port}/0`, 'redis', 'redis']);
		for (const node of cluster.nodes) assert.doesNotMatch(logOf(node), /IU_CLUSTER_WITHOUT_REDIS/);
	});

	test('submit on instance 1, review on 2, the same CUT on both at once (one wins, one 409), verify, resolve on both', async () => {
		const request = { document: docId, effective_from: '2026-01-01T00:00:00Z' };
		const preview = await on(0, ids.submitter).post('/iu-cutter/preview', request);
		assert.equal(preview.status, 200, preview.text);
		const submitted = await on(0, ids.submitter).post('/iu-cutter/submit', { ...request, created_at: preview.body.data.request.created_at, manifest_sha256: preview.body.data.manifest_sha256 });
		assert.equal(submitted.status, 200, submitted.text);
		const { entry, manifest_sha256 } = submitted.body.data;
		const reviewed = await on(1, ids.reviewer).post('/iu-cutter/review', { entry, decision: 'approve', manifest_sha256 });
		assert.equal(reviewed.status, 200, reviewed.text);

		const cuts = await Promise.all([on(0, ids.executor).post('/iu-cutter/cut', { entry }), on(1, ids.executor).post('/iu-cutter/cut', { entry })]);
		const won = cuts.filter((r) => r.status === 200);
		const lost = cuts.filter((r) => r.status !== 200);
		assert.equal(won.length, 1, `exactly one CUT wins: ${cuts.map((r) => `${r.status} ${r.text.slice(0, 300)}`).join(' | ')}`);
		assert.equal(lost[0].status, 409, lost[0].text);
		assert.equal(errorCode(lost[0]), 'IU_ALREADY_APPLIED', lost[0].text);
		assert.match(lost[0].body.errors[0].message, /already/i);
		assert.equal((await k('cut_change_set').where({ entry })).length, 1, 'one change set in the database');

		const verified = await on(1, ids.verifier).post('/iu-cutter/verify', { entry });
		assert.equal(verified.status, 200, verified.text);
		assert.equal(verified.body.data.passed, true, verified.text);

		// Any address does; a position is an order among siblings, so it names no first unit of the document.
		const address = (await k('logical_unit').where({ document: docId }).orderBy('canonical_address').first('canonical_address')).canonical_address;
		const answers = [];
		for (const n of [0, 1]) {
			const r = await on(n, ids.submitter).get(`/iu-cutter/resolve?address=${encodeURIComponent(address)}&at=2026-06-01T00:00:00Z`);
			assert.equal(r.status, 200, r.text);
			answers.push(r.body.data);
		}
		assert.deepEqual(answers[1], answers[0], 'both instances resolve the address alike');
		assert.match(JSON.stringify(answers[0]), new RegExp(address.replace(/[/-]/g, '\\$&')));
	});

	test('a CUT through instance 1 is served by instance 2\'s cached Items API and GraphQL at once (one cache, in Redis)', async () => {
		const path = `/items/logical_unit?filter[document][_eq]=${docId}&fields=canonical_address,lifecycle_status&sort=canonical_address&limit=-1`;
		const gql = { query: `query { logical_unit(filter: { document: { id: { _eq: "${docId}" } } }, sort: ["canonical_address"], limit: -1) { canonical_address lifecycle_status } }` };
		const live = async () => (await k('logical_unit').where({ document: docId }).orderBy('canonical_address').select('canonical_address', 'lifecycle_status')).map(unitLine);
		const read = async (n) => {
			const rest = await on(n, ids.submitter).get(path);
			const graphql = await on(n, ids.submitter).post('/graphql', gql);
			assert.equal(rest.status, 200, rest.text);
			assert.equal(graphql.status, 200, graphql.text);
			return { rest: rest.body.data.map(unitLine), graphql: graphql.body.data.logical_unit.map(unitLine), status: [rest.headers[STATUS], graphql.headers[STATUS]] };
		};
		await read(1);
		// Cached by instance 2, and in Redis: instance 1 answers the same requests from it.
		assert.deepEqual((await read(1)).status, ['HIT', 'HIT']);
		assert.deepEqual((await read(0)).status, ['HIT', 'HIT'], 'the data cache is shared through Redis');
		const before = await live();
		// Every address the document has, resolved after the amendment's date: instance 2 answers
		// (and may keep warm state) before the CUT through instance 1, and must answer anew after it.
		const addresses = (await k('logical_unit').where({ document: docId }).pluck('canonical_address')).sort();
		const resolveOn = async (n, list) => {
			const r = await on(n, ids.submitter).post('/iu-cutter/resolve', { addresses: list, at: '2027-06-01T00:00:00Z' });
			assert.equal(r.status, 200, r.text);
			return r.body.data;
		};
		const resolvedBefore = await resolveOn(1, addresses);

		const request = { document: docId, text: amend(text), effective_from: '2027-01-01T00:00:00Z' };
		const preview = await ok({ email: 'editor', api: on(0, ids.submitter) }, '/iu-cutter/preview', request);
		const submitted = await ok({ email: 'editor', api: on(0, ids.submitter) }, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
		await ok({ email: 'reviewer', api: on(0, ids.reviewer) }, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
		await ok({ email: 'executor', api: on(0, ids.executor) }, '/iu-cutter/cut', { entry: submitted.entry });

		const after = await live();
		assert.notDeepEqual(after, before, 'the amendment changes the units');
		const seen = await read(1);
		assert.deepEqual(seen.rest, after, 'instance 2\'s Items API shows the CUT made through instance 1');
		assert.deepEqual(seen.graphql, after, 'instance 2\'s GraphQL shows the CUT made through instance 1');
		const everyAddress = [...new Set([...addresses, ...(await k('logical_unit').where({ document: docId }).pluck('canonical_address'))])].sort();
		const [on1, on2] = [await resolveOn(0, everyAddress), await resolveOn(1, everyAddress)];
		assert.deepEqual(on2, on1, 'instance 2 resolves as instance 1 does after the CUT made through instance 1');
		assert.notDeepEqual(await resolveOn(1, addresses), resolvedBefore, 'the CUT changed what some of the same addresses resolve to, on instance 2 too');
		const verified = await on(1, ids.verifier).post('/iu-cutter/verify', { entry: submitted.entry });
		assert.equal(verified.status, 200, verified.text);
	});

	test('a permission revoked through instance 1 is refused by instance 2 at once', async () => {
		const reviewerOn2 = on(1, ids.reviewer);
		// Instance 2 has the reviewer's permissions in its caches.
		assert.equal((await reviewerOn2.get('/items/review_decision?limit=1')).status, 200);
		assert.ok((await reviewerOn2.get('/iu-cutter/me')).body.data, 'the reviewer may ask what they may do');

		const adminOn1 = on(0, ids.admin);
		const role = (await adminOn1.get('/roles?filter[name][_eq]=IU%20Reviewer')).body.data[0];
		const policy = (await adminOn1.get('/policies?filter[name][_eq]=IU%20Reviewer')).body.data[0];
		const access = (await adminOn1.get(`/access?filter[role][_eq]=${role.id}&filter[policy][_eq]=${policy.id}`)).body.data;
		assert.equal(access.length, 1, 'the IU Reviewer role holds the IU Reviewer policy');
		const removed = await adminOn1.del(`/access/${access[0].id}`);
		assert.equal(removed.status, 204, removed.text);

		const read = await reviewerOn2.get('/items/review_decision?limit=1');
		assert.equal(read.status, 403, `instance 2 still grants the revoked read: ${read.status} ${read.text.slice(0, 300)}`);
		const preview = await on(0, ids.submitter).post('/iu-cutter/preview', { document: docId, text: core.generatedAct({ chapters: 1, articlesPerChapter: 4, clausesPerArticle: 3, pointsPerClause: 3 }), effective_from: '2028-01-01T00:00:00Z' });
		assert.equal(preview.status, 200, preview.text);
		const submitted = await on(0, ids.submitter).post('/iu-cutter/submit', { document: docId, text: core.generatedAct({ chapters: 1, articlesPerChapter: 4, clausesPerArticle: 3, pointsPerClause: 3 }), effective_from: '2028-01-01T00:00:00Z', created_at: preview.body.data.request.created_at, manifest_sha256: preview.body.data.manifest_sha256 });
		assert.equal(submitted.status, 200, submitted.text);
		const review = await reviewerOn2.post('/iu-cutter/review', { entry: submitted.body.data.entry, decision: 'approve', manifest_sha256: submitted.body.data.manifest_sha256 });
		assert.equal(review.status, 403, review.text);
		assert.equal((await k('review_decision').where({ entry: submitted.body.data.entry })).length, 0, 'nothing was written');
	});
});

describe('two instances, one PostgreSQL, no Redis', { skip: SKIP }, () => {
	let dir, cluster, k, ids, on, docId;

	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'iu-cluster-noredis-'));
		cluster = await startCluster({
			dir,
			ports: [base + 2, base + 3],
			pgPort: 56200 + (process.pid % 150),
			adminEmail: ADMIN.email,
			adminPassword: ADMIN.password,
			env: { ACCESS_TOKEN_TTL: '6h' },
		});
		const [one] = cluster.nodes;
		const adminToken = await one.login();
		ids = await setupWorkflowRoles({ url: one.url, token: adminToken, password: 'cluster-test-password' });
		on = (n, who) => client(cluster.nodes[n].url, who.token);
		k = openDb(cluster.db, dir);
		const core = await loadNodeCore();
		docId = (await ok(ids.submitter, '/items/legal_document', { doc_code: '22/2026/QH15', title: 'Luật thử cụm không Redis', language: 'vi', vocabulary: 'vi', source_text: core.generatedAct({ chapters: 1, articlesPerChapter: 3, clausesPerArticle: 2, pointsPerClause: 2 }) })).id;
	});

	after(async () => {
		await k?.destroy();
		await cluster?.stop();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	test('a workflow write on either instance is refused with 503 IU_CLUSTER_WITHOUT_REDIS naming the fix; both logs say why', async () => {
		const request = { document: docId, effective_from: '2026-01-01T00:00:00Z' };
		for (const n of [0, 1]) {
			// Preview writes nothing: it still answers.
			const preview = await on(n, ids.submitter).post('/iu-cutter/preview', request);
			assert.equal(preview.status, 200, preview.text);
			const r = await on(n, ids.submitter).post('/iu-cutter/submit', { ...request, created_at: preview.body.data.request.created_at, manifest_sha256: preview.body.data.manifest_sha256 });
			assert.equal(r.status, 503, `instance ${n + 1}: ${r.status} ${r.text.slice(0, 500)}`);
			assert.equal(errorCode(r), 'IU_CLUSTER_WITHOUT_REDIS', r.text);
			const message = r.body.errors[0].message;
			for (const fix of [/REDIS=redis:\/\//, /CACHE_STORE=redis/, /SYNCHRONIZATION_STORE=redis/]) assert.match(message, fix);
			assert.equal(r.body.errors[0].extensions.peers.length, 1, r.text);
		}
		assert.equal((await k('decision_backlog_entry')).length, 0, 'nothing was written');
		for (const node of cluster.nodes) await logged(node, /IU_CLUSTER_WITHOUT_REDIS — 2 Directus instances share this database/);
		// Reads still answer, but resolve's fast path steps aside: its memoized capabilities would not be cleared across instances.
		for (const n of [0, 1]) {
			const r = await on(n, ids.executor).get('/iu-cutter/resolve?address=22-2026-qh15/dieu-1');
			assert.equal(r.status, 200, `instance ${n + 1}: ${r.text.slice(0, 300)}`);
			assert.equal(r.headers['x-iu-resolve'], undefined, `instance ${n + 1} answered through the fast path`);
		}
	});

	test('alone again, the remaining instance writes', async () => {
		await cluster.nodes[1].stop();
		const request = { document: docId, effective_from: '2026-01-01T00:00:00Z' };
		const preview = await on(0, ids.submitter).post('/iu-cutter/preview', request);
		const r = await on(0, ids.submitter).post('/iu-cutter/submit', { ...request, created_at: preview.body.data.request.created_at, manifest_sha256: preview.body.data.manifest_sha256 });
		assert.equal(r.status, 200, r.text);
		assert.equal((await k('decision_backlog_entry')).length, 1);
	});
});
