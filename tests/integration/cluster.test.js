// Several Directus instances on one database (docs/DEPLOYMENT.md), with real
// PostgreSQL 15, real Redis and two real Directus 12.4.0 processes:
// - with one shared Redis (CACHE_STORE=redis, SYNCHRONIZATION_STORE=redis, …):
//   the workflow's steps alternate between the instances, the same CUT sent to
//   both at once is applied exactly once (the other answer is a 409), a CUT
//   through one is seen through the other's cached Items API and GraphQL at once,
//   and a permission revoked through one is refused by the other at once;
// - with two real witness processes (scripts/witness.js) in one policy: the steps
//   taken through either instance go into ONE transparency log (the same
//   checkpoint and the same tiles through both), and both witnesses cosign its
//   latest checkpoint, having seen one tree per size (no split view); a witness
//   that answers 409 (it is ahead of the database) or was down catches up through
//   either instance, and then neither says it is behind, nor why;
// - without Redis: each instance sees the other's heartbeat, says so in its log,
//   and refuses every workflow write with 503 IU_CLUSTER_WITHOUT_REDIS; alone
//   again, it writes.
// PostgreSQL only (a cluster shares a database server); `npm test` runs it once,
// in its IU_DB=postgres pass.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster } from '../support/cluster.js';
import { client } from '../support/api.js';
import { openDb, LEDGER } from '../support/db.js';
import { ok, amend } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';
import { sha, leafHash, mth, tilesOf, readCheckpointNote } from '../support/tlog.js';
import { startWitness } from '../support/witness.js';
import { ensureLedgerKey } from '../../extension/src/cli/ledger-key.js';
import { chainTail } from '../../extension/src/shared/ledger-rows.js';

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

// ——— The transparency log (issue 49): one log, one set of witnesses, for every instance ———
const LOG_ORIGIN = 'cluster.test.example/iu-cutter/tlog';

describe('two instances, one PostgreSQL, one Redis', { skip: SKIP }, () => {
	let dir, cluster, k, ids, on, core, docId, text, logKey;
	const witnesses = [];

	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'iu-cluster-'));
		core = await loadNodeCore();
		// The instances' one signing key (startCluster keeps a key it finds), and so the log's verifier key,
		// which the witnesses are started with; then the policy both instances read, naming both witnesses.
		const { keyFile } = ensureLedgerKey(join(dir, 'keys'));
		logKey = core.tlogKey({ privatePem: readFileSync(keyFile, 'utf8'), name: LOG_ORIGIN, kind: 'log' }).vkey;
		const started = await Promise.allSettled(['W1', 'W2'].map((name) => startWitness(core, { dir, name, witnessName: `${name.toLowerCase()}.cluster.test.example`, logKey })));
		for (const s of started) if (s.status === 'fulfilled') witnesses.push(s.value);
		for (const s of started) if (s.status === 'rejected') throw s.reason;
		const policyFile = join(dir, 'tlog-policy.txt');
		writeFileSync(policyFile, `log ${logKey}\n${witnesses.map((w) => `witness ${w.name} ${w.vkey} ${w.url}\n`).join('')}group both all W1 W2\nquorum both\n`);
		cluster = await startCluster({
			dir,
			ports: [base, base + 1],
			pgPort: 56000 + (process.pid % 150),
			redisPort: 57000 + (process.pid % 150),
			adminEmail: ADMIN.email,
			adminPassword: ADMIN.password,
			env: { ACCESS_TOKEN_TTL: '6h', CACHE_TTL: '1h', CACHE_STATUS_HEADER: STATUS, IU_TLOG_ORIGIN: LOG_ORIGIN, IU_TLOG_POLICY: policyFile, IU_TLOG_WITNESS_RETRY_S: '1' },
		});
		const [one] = cluster.nodes;
		const adminToken = await one.login();
		ids = await setupWorkflowRoles({ url: one.url, token: adminToken, password: 'cluster-test-password' });
		ids.admin = { token: adminToken };
		// The same identity (same token: one SECRET) on either instance.
		on = (n, who) => client(cluster.nodes[n].url, who.token);
		k = openDb(cluster.db, dir);
		text = core.generatedAct({ chapters: 1, articlesPerChapter: 4, clausesPerArticle: 3, pointsPerClause: 2 });
		docId = (await ok(ids.submitter, '/items/legal_document', { doc_code: '21/2026/QH15', title: 'Luật thử cụm', language: 'vi', vocabulary: 'vi', source_text: text })).id;
	});

	after(async () => {
		await k?.destroy();
		await cluster?.stop();
		for (const w of witnesses) w.proc.kill();
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

	// Last: the log then holds every step above (through both instances, the concurrent CUT among them), and both instances are live.
	test('one transparency log for both instances: the same checkpoint and tiles through either, both witnesses cosign its latest checkpoint, and neither saw two trees of one size', async () => {
		// Two more steps at once, one through each instance (two new acts submitted): the chain lock orders them, and
		// each instance pushes its checkpoint to the witnesses after its commit, racing the other's push. Acts of ~45
		// rows each, so the log passes 256 rows: a full tile and a level-1 tile are compared between the instances too.
		const acts = await Promise.all(
			[0, 1].map(async (n) => {
				const who = { email: 'editor', api: on(n, ids.submitter) };
				const doc = (await ok(who, '/items/legal_document', { doc_code: `${41 + n}/2026/QH15`, title: `Luật thử nhật ký ${n + 1}`, language: 'vi', vocabulary: 'vi', source_text: core.generatedAct({ chapters: 1, articlesPerChapter: 6, clausesPerArticle: 2, pointsPerClause: 2 }) })).id;
				const request = { document: doc, effective_from: '2026-01-01T00:00:00Z' };
				return { who, request, preview: await ok(who, '/iu-cutter/preview', request) };
			}),
		);
		await Promise.all(acts.map(({ who, request, preview }) => ok(who, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 })));
		const size = (await chainTail(k)).seq;

		// Both witnesses cosign the latest checkpoint: sent after the commits, else by each instance's retry timer (1 s).
		const cosigned = async () => (await k('iu_tlog_cosignature').where({ size }).pluck('witness')).sort();
		const deadline = Date.now() + 30_000;
		while ((await cosigned()).join() !== 'W1,W2') {
			if (Date.now() > deadline) {
				const states = await Promise.all([0, 1].map((n) => on(n, ids.verifier).ok('GET', '/iu-cutter/tlog/witnesses')));
				assert.fail(`the witnesses never both cosigned size ${size}; cosigned: ${JSON.stringify(await k('iu_tlog_cosignature').select('witness', 'size'))}; the instances say: ${JSON.stringify(states)}`);
			}
			await new Promise((r) => setTimeout(r, 200));
		}
		// A witness ahead of what the database says it cosigned (as when the instance its answer went to stopped before
		// keeping it; cosignatures are not sealed, iu0018): the next push, through either instance, sends it the checkpoint
		// from the older size, the witness answers 409 with the size it holds, and the instance sends it again from there.
		const previous = Number((await k('iu_tlog_cosignature').where('size', '<', size).max({ s: 'size' }).first()).s);
		for (const [w, n] of [['W1', 1], ['W2', 0]]) {
			assert.equal(await k('iu_tlog_cosignature').where({ size, witness: w }).delete(), 1);
			assert.equal((await on(n, ids.verifier).ok('GET', '/iu-cutter/tlog/witnesses')).witnesses.find((x) => x.name === w).cosigned_size, size, `${w} through instance ${n + 1}, from size ${previous}`);
		}
		// Each instance says both witnesses cosigned the latest checkpoint, and names the same log; neither kept an error from a witness.
		for (const n of [0, 1]) {
			const states = await on(n, ids.verifier).ok('GET', '/iu-cutter/tlog/witnesses');
			assert.deepEqual([states.origin, states.log_key, states.log_size, states.quorum, states.diverged_at], [LOG_ORIGIN, logKey, size, 'both', null], `instance ${n + 1}: ${JSON.stringify(states)}`);
			assert.deepEqual(states.witnesses.map((w) => [w.name, w.url, w.cosigned_size, w.behind, w.last_error]), witnesses.map((w) => [w.name, w.url, size, false, undefined]), `instance ${n + 1}: ${JSON.stringify(states)}`);
		}

		// One log: the same latest checkpoint through both instances, of the chain's length, signed once per sealed step.
		const get = async (n, path) => {
			const r = await fetch(`${cluster.nodes[n].url}/iu-cutter/tlog/${path}`, { headers: { authorization: `Bearer ${ids.verifier.token}` } });
			const bytes = Buffer.from(await r.arrayBuffer());
			assert.equal(r.status, 200, `instance ${n + 1}, ${path}: ${bytes.toString()}`);
			return bytes;
		};
		const served = [(await get(0, 'checkpoint')).toString('utf8'), (await get(1, 'checkpoint')).toString('utf8')];
		assert.equal(served[1], served[0], 'both instances serve the same checkpoint, with the same cosignatures');
		const logged = await k('iu_tlog_checkpoint').orderBy('size').select('size', 'root', 'origin', 'note');
		const sealed = await k('iu_ledger_checkpoint').orderBy('seq').pluck('seq');
		assert.deepEqual(logged.map((c) => Number(c.size)), sealed.map(Number), 'one log checkpoint per sealed step, none written twice');
		assert.ok(logged.every((c) => c.origin === LOG_ORIGIN), 'one origin');
		const latest = logged.at(-1);
		assert.ok(served[0].startsWith(latest.note), 'the served checkpoint is the log\'s latest note');
		for (const w of witnesses) assert.equal(core.tlogCosignatures({ vkey: w.vkey, note: latest.note, reply: served[0].slice(latest.note.length) }).valid.length, 1, `${w.name} cosigned it: ${served[0]}`);

		// Recomputed from the chain's rows with Node's own crypto (support/tlog.js): the checkpoint signs, with the
		// instances' one key, the RFC 6962 root of every row; its size is the chain's length.
		const chain = [];
		for (const table of LEDGER) for (const r of await k(table).select('ledger_seq', 'row_hash')) chain.push([Number(r.ledger_seq), Buffer.from(r.row_hash, 'hex')]);
		chain.sort((a, b) => a[0] - b[0]);
		assert.deepEqual(chain.map((r) => r[0]), Array.from({ length: size }, (_, i) => i + 1), 'the chain is rows 1…size');
		const leaves = chain.map((r) => leafHash(r[1]));
		const note = readCheckpointNote(served[0], readFileSync(cluster.publicKeyFile, 'utf8'));
		assert.deepEqual([note.origin, note.size, note.root.toString('hex'), note.signed], [LOG_ORIGIN, size, mth(leaves).toString('hex'), true]);

		// The tiles and entry bundles instance 2 serves are instance 1's, byte for byte, and the ones recomputed from the rows.
		const expected = new Map(tilesOf(leaves).map((t) => [`${t.level}/${t.index}`, t.hashes]));
		const listed = core.tlogTileList({ size }).tiles;
		assert.ok(listed.some((t) => t.level === 0 && t.width === 256) && listed.some((t) => t.level === 1), `a full tile and a level-1 tile among ${listed.map((t) => t.path).join(', ')}`);
		for (const t of listed) {
			const [one, two] = [await get(0, t.path), await get(1, t.path)];
			assert.deepEqual(two, one, `${t.path} differs between the instances`);
			const want =
				t.level === null
					? Buffer.concat(chain.slice(t.index * 256, t.index * 256 + t.width).map((r) => Buffer.concat([Buffer.from([0, 32]), r[1]])))
					: Buffer.from(expected.get(`${t.level}/${t.index}`), 'hex');
			assert.deepEqual(one, want, `${t.path} is not the tile of the chain's rows`);
		}

		// Each witness holds that same checkpoint (what it serves to monitors), and every cosignature an instance kept,
		// of whatever size, is of the one checkpoint the log has at that size: no witness saw two trees of one size.
		const bySize = new Map(logged.map((c) => [Number(c.size), c.note]));
		for (const w of witnesses) {
			const r = await fetch(`${w.url}${sha(Buffer.from(LOG_ORIGIN)).toString('hex')}/checkpoint`);
			const held = await r.text();
			assert.equal(r.status, 200, held);
			// What it holds is the log's latest note, with its own cosignature of it.
			assert.ok(held.startsWith(latest.note), `${w.name} holds the log's latest checkpoint: ${held}`);
			assert.equal(core.tlogCosignatures({ vkey: w.vkey, note: latest.note, reply: held.slice(latest.note.length) }).valid.length, 1, `${w.name}: ${held}`);
			for (const n of [0, 1]) assert.equal(core.tlogCompare({ shown: served[n], witnessed: held, proof: [] }).consistent, true, `${w.name} and instance ${n + 1}`);
			const rows = await k('iu_tlog_cosignature').where({ witness: w.name }).select('size', 'line');
			assert.ok(rows.length > 0);
			for (const c of rows) {
				const check = core.tlogCosignatures({ vkey: w.vkey, note: bySize.get(Number(c.size)), reply: c.line });
				assert.equal(check.valid.length, 1, `${w.name}'s cosignature of size ${c.size} is not of the log's checkpoint of that size: ${check.problems.join('; ')}`);
			}
		}
	});

	test('a witness down, then back: both instances say why while it is behind, it catches up through either, and then neither says it is behind or why', async () => {
		const w1 = witnesses[0];
		await w1.stop();
		// A step while W1 is down; each instance tries it (its /tlog/witnesses sends the checkpoint to those behind), and says why W1 is behind.
		const who = { email: 'editor', api: on(1, ids.submitter) };
		const doc = (await ok(who, '/items/legal_document', { doc_code: '43/2026/QH15', title: 'Luật thử nhân chứng vắng', language: 'vi', vocabulary: 'vi', source_text: core.generatedAct({ chapters: 1, articlesPerChapter: 1, clausesPerArticle: 1, pointsPerClause: 0 }) })).id;
		const preview = await ok(who, '/iu-cutter/preview', { document: doc, effective_from: '2026-01-01T00:00:00Z' });
		await ok(who, '/iu-cutter/submit', { document: doc, effective_from: '2026-01-01T00:00:00Z', created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
		const size = (await chainTail(k)).seq;
		const states = async () => Promise.all([0, 1].map(async (n) => (await on(n, ids.verifier).ok('GET', '/iu-cutter/tlog/witnesses')).witnesses.find((w) => w.name === 'W1')));
		for (const [n, s] of (await states()).entries()) {
			assert.deepEqual([s.cosigned_size < size, s.behind], [true, true], `instance ${n + 1}: ${JSON.stringify(s)}`);
			assert.match(s.last_error ?? '', /witness W1 .*(fetch failed|ECONNREFUSED)/, `instance ${n + 1}: ${JSON.stringify(s)}`);
		}

		// W1 back, the same witness on the same port: the first instance to send it the checkpoint (a timer's, or a
		// /tlog/witnesses call) gets its cosignature; the other finds it in the database.
		witnesses[0] = await startWitness(core, { dir, name: 'W1', witnessName: 'w1.cluster.test.example', logKey, port: w1.port });
		const deadline = Date.now() + 20_000;
		while (!(await k('iu_tlog_cosignature').where({ size, witness: 'W1' }).first())) {
			if (Date.now() > deadline) assert.fail(`W1 never caught up with size ${size}: ${JSON.stringify(await states())}`);
			await new Promise((r) => setTimeout(r, 200));
		}
		for (const [n, s] of (await states()).entries()) {
			assert.deepEqual([s.cosigned_size, s.behind, s.last_error], [size, false, undefined], `instance ${n + 1} still says why W1 is behind, though it is not: ${JSON.stringify(s)}`);
		}
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
