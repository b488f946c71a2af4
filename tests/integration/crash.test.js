// kill -9 in the middle of a CUT. A CUT is one transaction: the database keeps
// nothing of a CUT that did not commit — not the units it had already sent (a
// CUT whose manifest writes in block order sends them while the core is still
// checking the blocks), not a ledger row. After a restart the store and the
// ledger are as they were, the chain verifies, the entry is still approved, and
// the same CUT then goes through and verifies.
// IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { openDb, counts } from '../support/db.js';
import { ok } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'crash-test-password' };
const PORT = 23000 + (process.pid % 1000);

let directus, pg, dir, db, admin, ids, k, core;

const start = () => startDirectus({ dir, port: PORT, db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h' } });

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-crash-${DB}-`));
	db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 54550 + (process.pid % 100) });
		db = pg.createDatabase('iu_crash');
	}
	directus = await start();
	admin = client(directus.url, await directus.login());
	ids = await setupWorkflowRoles({ url: directus.url, token: await directus.login(), password: 'crash-workflow-password' });
	k = openDb(db, dir);
	core = await loadNodeCore();
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Bytes of the SQLite database and its journal or WAL: they grow as the transaction's pages spill to disk. */
function sqliteBytes() {
	let n = 0;
	for (const f of ['data.db', 'data.db-journal', 'data.db-wal']) {
		try {
			n += statSync(join(dir, f)).size;
		} catch {
			// not there
		}
	}
	return n;
}

test('kill -9 while a CUT writes: nothing of it stays; after a restart the chain verifies and the same CUT goes through', async (t) => {
	// 20 chapters × 50 articles × 3 clauses × 3 points: 13 020 units, written in block order (a first cut).
	const text = core.generatedAct({ chapters: 20, articlesPerChapter: 50, clausesPerArticle: 3, pointsPerClause: 3 });
	const doc = (await ok(ids.submitter, '/items/legal_document', { doc_code: '61/2026/QH15', title: 'Luật bị ngắt', language: 'vi', vocabulary: 'vi', source_text: text })).id;
	const preview = await ok(ids.submitter, '/iu-cutter/preview', { document: doc, paged: true });
	const submitted = await ok(ids.submitter, '/iu-cutter/submit', { document: doc, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
	const before = await counts(k);
	const bytesBefore = sqliteBytes();

	// The CUT, not awaited: the process is killed while its transaction writes.
	const token = randomUUID();
	const cut = ids.executor.api.post('/iu-cutter/cut', { entry: submitted.entry }, { headers: { 'x-iu-progress': token } }).catch((e) => ({ status: 0, error: e }));
	let seen = null;
	const deadline = Date.now() + 120_000;
	for (;;) {
		assert.ok(Date.now() < deadline, `the CUT never reached its writes; last progress: ${JSON.stringify(seen)}`);
		if (DB === 'postgres') {
			// Units sent: the check has read 4 000 blocks (their units go out slice by slice), or a later phase runs.
			const r = await admin.get(`/iu-cutter/progress/${token}`).catch(() => null);
			if (r?.status === 200) seen = r.body.data;
			assert.notEqual(seen?.state, 'done', 'the CUT finished before it could be interrupted');
			if (seen?.state === 'running' && ((seen.phase_index === 1 && seen.done >= 4000) || seen.phase_index >= 2)) break;
		} else {
			// SQLite's one connection is the CUT's while it writes: the file grows as its pages spill to disk.
			seen = { bytes: sqliteBytes() - bytesBefore };
			if (seen.bytes > 3 * 1024 * 1024) break;
		}
		await new Promise((r) => setTimeout(r, 20));
	}
	t.diagnostic(`killed at ${JSON.stringify(seen)}`);
	directus.child.kill('SIGKILL');
	await new Promise((r) => directus.child.once('exit', r));
	const answer = await cut;
	assert.equal(answer.status, 0, `the CUT answered before the kill: ${answer.status} ${answer.text?.slice(0, 300)}`);

	directus = await start();
	// Nothing of the interrupted CUT: every unit, alias and ledger table counts what it counted before it.
	assert.deepEqual(await counts(k), before, `interrupted at ${JSON.stringify(seen)}`);
	assert.equal(Number((await k('logical_unit').where({ document: doc }).count({ n: '*' }))[0].n), 0);
	const chain = await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(chain.passed, true, JSON.stringify(chain.violations?.slice(0, 3)));

	// The entry is still approved: the same CUT goes through, and VERIFY passes.
	const again = await ok(ids.executor, '/iu-cutter/cut', { entry: submitted.entry });
	assert.equal(again.units_written, 13020);
	const verified = await ok(ids.verifier, '/iu-cutter/verify', { entry: submitted.entry });
	assert.equal(verified.passed, true, JSON.stringify(verified.report.violations.slice(0, 3)));
});
