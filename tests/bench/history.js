// VERIFY and the audits as the ledger grows (issue 12 item 6, "Incremental
// VERIFY"), through a real Directus 12.4.0 with the bundle, on PostgreSQL (and
// SQLite when asked: IU_BENCH_HISTORY_DBS=postgres,sqlite).
//
// 1. The generated 500-article act (6 510 units) through one full cycle: ~13k
//    ledger rows. Measure there.
// 2. Grow the ledger with real, signed workflow cycles: the amendment of
//    tests/support/workflow.js (renumber cascade) and its rollback, alternately,
//    each ~20k rows, until IU_BENCH_HISTORY_ROWS (default 600 000). Measure again.
// 3. At the large size: submits and reviews while the full-chain audit runs.
//
// A measurement of VERIFY: a one-unit governed change of the act (a scoped
// preview whose unit is unchanged: one `confirm` block) is submitted, reviewed
// and cut, then `POST /iu-cutter/verify` is timed over HTTP while the Directus
// process's RSS is sampled every ~10 ms (and its VmHWM, reset before the
// request, read after). Directus is restarted before each measuring point, so
// both points start from a fresh process (one warm-up VERIFY, then the
// measured ones).
//
// Environment: IU_BENCH_HISTORY_ROWS (target ledger rows, default 600000),
// IU_BENCH_HISTORY_REPS (measured VERIFYs and document audits per point, default 5),
// IU_BENCH_HISTORY_DBS (default postgres), IU_BENCH_HISTORY_PROFILE=1 (PostgreSQL:
// log every statement of one extra VERIFY per point that takes ≥ 20 ms, with
// auto_explain's EXPLAIN ANALYZE, to stderr; its instrumentation slows every
// statement, so a profile run's figures are not the table's).
import { appendFileSync, closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { openDb, LEDGER } from '../support/db.js';
import { ok, fullCycle, approveCutVerify, amend } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const TARGET = Number(process.env.IU_BENCH_HISTORY_ROWS ?? 600_000);
const REPS = Number(process.env.IU_BENCH_HISTORY_REPS ?? 5);
const PROFILE = process.env.IU_BENCH_HISTORY_PROFILE === '1';
const CONTENTION_REPS = 3;
const ADMIN = { email: 'admin@example.com', password: 'bench-password-1' };
const ACT = { code: '50/2025/QH15', slug: '50-2025-qh15' };
const FIRST = '2026-01-01T00:00:00Z';
const t0 = performance.now();

const progress = (msg) => console.error(`[history ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (kb) => kb / 1024;
const day = (n) => new Date(Date.parse('2027-01-01T00:00:00Z') + n * 86_400_000).toISOString();

/** Ledger rows: one count per ledger table. */
async function ledgerRows(k) {
	let n = 0;
	for (const t of LEDGER) n += Number((await k(t).count({ n: '*' }))[0].n);
	return n;
}

export function status(pid, field) {
	const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) : 0;
}

/**
 * Runs `fn` while sampling the process's VmRSS every ~10 ms; the peak is the
 * larger of the samples and VmHWM (reset through clear_refs first, where the
 * kernel lets us). Returns { ms, value, idleKb, peakKb }.
 */
export async function withRss(pid, fn) {
	let hwm = false;
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		hwm = true;
	} catch {
		/* not ours to reset: sampling alone */
	}
	const idleKb = status(pid, 'VmRSS');
	let peakKb = idleKb;
	const timer = setInterval(() => {
		try {
			peakKb = Math.max(peakKb, status(pid, 'VmRSS'));
		} catch {
			/* the process is gone: fn will say why */
		}
	}, 10);
	const t = performance.now();
	try {
		const value = await fn();
		const ms = performance.now() - t;
		peakKb = Math.max(peakKb, status(pid, 'VmRSS'), hwm ? status(pid, 'VmHWM') : 0);
		return { ms, value, idleKb, peakKb };
	} finally {
		clearInterval(timer);
	}
}

async function timed(fn) {
	const t = performance.now();
	const value = await fn();
	return { ms: performance.now() - t, value };
}

/** PostgreSQL's server log (profile mode): what was written from `offset` on. */
function readFrom(path, offset) {
	const size = statSync(path).size;
	const buf = Buffer.alloc(size - offset);
	const fd = openSync(path, 'r');
	try {
		readSync(fd, buf, 0, buf.length, offset);
	} finally {
		closeSync(fd);
	}
	return buf.toString('utf8');
}

export async function historyBenches(wasm, record, dbs = (process.env.IU_BENCH_HISTORY_DBS ?? 'postgres').split(',')) {
	const text = wasm.generatedAct({ chapters: 10, articlesPerChapter: 50, clausesPerArticle: 3, pointsPerClause: 3 });
	const smallText = wasm.generatedAct({ chapters: 1, articlesPerChapter: 3, clausesPerArticle: 2, pointsPerClause: 2 });
	for (const dbName of dbs) {
		const dir = mkdtempSync(join(tmpdir(), `iu-bench-history-${dbName}-`));
		let pg;
		let db = { client: 'sqlite3' };
		if (dbName === 'postgres') {
			pg = await startPostgres({ port: 54960 });
			db = pg.createDatabase('iu_bench_history');
		}
		// Teammates rebuild the bundle during a run: say which api.js each start staged.
		const staged = [];
		const start = async () => {
			const d = await startDirectus({ dir, port: 18960, db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '12h' } });
			staged.push(createHash('sha256').update(readFileSync(join(dir, 'extensions/iu-cutter/dist/api.js'))).digest('hex').slice(0, 12));
			if (new Set(staged).size > 1) progress(`WARNING: the bundle changed during the run (api.js ${staged.join(' → ')})`);
			return d;
		};
		let directus = await start();
		const k = openDb(db, dir);
		try {
			const token = await directus.login();
			const ids = await setupWorkflowRoles({ url: directus.url, token, password: 'bench-password-2' });
			const act = (await ok(ids.submitter, '/items/legal_document', { doc_code: ACT.code, title: 'history', language: 'vi', vocabulary: 'vi', source_text: text })).id;
			let smallDocs = 0;
			const smallDoc = async () =>
				(await ok(ids.submitter, '/items/legal_document', { doc_code: `${++smallDocs}/2026/ND-CP`, title: 'small', language: 'vi', vocabulary: 'vi', source_text: smallText })).id;

			progress(`${dbName}: first cycle of the 500-article act`);
			await fullCycle(ids, { document: act, effective_from: FIRST });

			// One measuring point: a fresh Directus, a warm-up, then REPS VERIFYs of one-unit change sets.
			let confirms = 0;
			const confirmCut = async () => {
				const request = { document: act, text, scope: [`${ACT.slug}/dieu-${1 + (confirms++ % 500)}`], effective_from: day(10_000) };
				const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
				if (preview.counts.confirm !== 1) throw new Error(`bench: expected one confirm block, got ${JSON.stringify(preview.counts)}`);
				const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
				await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
				await ok(ids.executor, '/iu-cutter/cut', { entry: submitted.entry });
				return submitted.entry;
			};
			const verifyOnce = async () => {
				const entry = await confirmCut();
				const r = await withRss(directus.child.pid, () => ok(ids.verifier, '/iu-cutter/verify', { entry }));
				if (!r.value.passed) throw new Error(`bench: VERIFY failed: ${JSON.stringify(r.value.report.violations.slice(0, 3))}`);
				await ok(ids.verifier, '/iu-cutter/sweep', { entry });
				return r;
			};
			const measurePoint = async () => {
				await directus.stop();
				if (PROFILE && pg) {
					// In the configuration file: ALTER SYSTEM refuses auto_explain's settings before it is loaded.
					appendFileSync(
						join(pg.dir, 'data', 'postgresql.conf'),
						"\nsession_preload_libraries = 'auto_explain'\nauto_explain.log_min_duration = '20ms'\nauto_explain.log_analyze = on\nauto_explain.log_buffers = on\nauto_explain.log_nested_statements = on\n",
					);
					pg.psql('iu_bench_history', 'select pg_reload_conf()');
				}
				directus = await start();
				const rows = await ledgerRows(k);
				progress(`${dbName}: measuring at ${rows} ledger rows (fresh Directus, pid ${directus.child.pid})`);
				await verifyOnce(); // warm-up
				const verifies = [];
				for (let i = 0; i < REPS; i++) verifies.push(await verifyOnce());
				if (PROFILE && pg) {
					const log = join(pg.dir, 'server.log');
					const offset = statSync(log).size;
					const r = await verifyOnce();
					progress(`${dbName}: profiled VERIFY ${r.ms.toFixed(0)} ms; statements ≥ 20 ms:\n${readFrom(log, offset)}`);
				}
				const docAudit = [];
				for (let i = 0; i < REPS; i++) docAudit.push(await timed(() => ids.verifier.api.ok('POST', '/iu-cutter/audit', { document: act })));
				const chain = [];
				for (let i = 0; i < 2; i++) {
					const r = await withRss(directus.child.pid, () => ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify'));
					if (!r.value.passed) throw new Error(`bench: ledger/verify failed: ${JSON.stringify(r.value.violations.slice(0, 3))}`);
					chain.push(r);
				}
				const store = [];
				for (let i = 0; i < 2; i++) {
					const r = await withRss(directus.child.pid, () => ids.verifier.api.ok('POST', '/iu-cutter/audit', {}));
					if (!r.value.passed) throw new Error(`bench: store audit failed: ${JSON.stringify(r.value)}`.slice(0, 2000));
					store.push(r);
				}
				const point = {
					rows,
					verifyMs: median(verifies.map((r) => r.ms)),
					verifyPeakKb: Math.max(...verifies.map((r) => r.peakKb)),
					verifyIdleKb: median(verifies.map((r) => r.idleKb)),
					verifyChainRows: verifies.map((r) => r.value.report.chain.rows_checked),
					docAuditMs: median(docAudit.map((r) => r.ms)),
					chainMs: Math.min(...chain.map((r) => r.ms)),
					chainPeakKb: Math.max(...chain.map((r) => r.peakKb)),
					chainRows: chain[0].value.rows,
					storeMs: Math.min(...store.map((r) => r.ms)),
					storePeakKb: Math.max(...store.map((r) => r.peakKb)),
				};
				progress(`${dbName}: ${JSON.stringify({ ...point, verifies: verifies.map((r) => Math.round(r.ms)), chain: chain.map((r) => Math.round(r.ms)), store: store.map((r) => Math.round(r.ms)) })}`);
				return point;
			};

			const small = await measurePoint();

			// Grow: the amendment, then its rollback, each a full governed cycle with its own VERIFY.
			let rows = small.rows;
			let half = 0;
			let last = null;
			const growStart = performance.now();
			while (rows < TARGET || half % 2 === 1) {
				const h = await timed(async () => {
					if (half % 2 === 0) return fullCycle(ids, { document: act, text: amend(text), effective_from: day(half) });
					const rolled = await ok(ids.submitter, '/iu-cutter/rollback', { entry: last.submitted.entry, effective_from: day(half) });
					return { submitted: rolled, ...(await approveCutVerify(ids, rolled)) };
				});
				if (!h.value.verified.passed) throw new Error(`bench: VERIFY of cycle ${half} failed: ${JSON.stringify(h.value.verified.report.violations.slice(0, 3))}`);
				last = h.value;
				rows = await ledgerRows(k);
				half++;
				progress(`${dbName}: ${half % 2 ? 'amendment' : 'rollback '} ${String(half).padStart(2)}: ${(h.ms / 1000).toFixed(1)} s (its VERIFY ${h.value.verified.report.chain.rows_checked} chain rows), ${rows} ledger rows`);
			}
			const growMs = performance.now() - growStart;

			const large = await measurePoint();

			// Contention: a submit and a review while the full-chain audit runs, beside the same alone.
			const prepared = async () => {
				const doc = await smallDoc();
				const request = { document: doc, effective_from: FIRST };
				const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
				return { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 };
			};
			const submitted = async () => ok(ids.submitter, '/iu-cutter/submit', await prepared());
			const pair = async () => {
				const toSubmit = await prepared();
				const toReview = await submitted();
				return {
					submit: () => ok(ids.submitter, '/iu-cutter/submit', toSubmit),
					review: () => ok(ids.reviewer, '/iu-cutter/review', { entry: toReview.entry, decision: 'approve', manifest_sha256: toReview.manifest_sha256 }),
				};
			};
			// Both audits that read the whole ledger: the whole chain, and the chain plus the store.
			const audits = [
				['whole-chain', () => ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify')],
				['store', () => ids.verifier.api.ok('POST', '/iu-cutter/audit', {})],
			];
			const alone = { submit: [], review: [] };
			const busy = Object.fromEntries(audits.map(([name]) => [name, { submit: [], review: [], auditMs: [], runner: new Set() }]));
			for (let i = 0; i < CONTENTION_REPS; i++) {
				const quiet = await pair();
				alone.submit.push((await timed(quiet.submit)).ms);
				alone.review.push((await timed(quiet.review)).ms);
				for (const [name, run] of audits) {
					const during = await pair();
					const auditStart = performance.now();
					let auditEnd = 0;
					const auditing = run().then((r) => ((auditEnd = performance.now()), r));
					await new Promise((r) => setTimeout(r, 500));
					const s = await timed(during.submit);
					const rv = await timed(during.review);
					const doneAt = performance.now();
					const report = await auditing;
					if (auditEnd < doneAt) throw new Error(`bench: the ${name} audit (${(auditEnd - auditStart).toFixed(0)} ms) ended before the submit and review did: not contention`);
					busy[name].submit.push(s.ms);
					busy[name].review.push(rv.ms);
					busy[name].auditMs.push(auditEnd - auditStart);
					busy[name].runner.add(report.runner);
					progress(`${dbName}: under the ${name} audit (${(auditEnd - auditStart).toFixed(0)} ms, ${report.runner}): submit ${s.ms.toFixed(0)} ms, review ${rv.ms.toFixed(0)} ms; alone: submit ${alone.submit[i].toFixed(0)} ms, review ${alone.review[i].toFixed(0)} ms`);
				}
			}

			const group = `history (${dbName})`;
			const k13 = `${(small.rows / 1000).toFixed(0)}k`;
			const kBig = `${(large.rows / 1000).toFixed(0)}k`;
			const ms = (name, v, vs, extra = {}) => record({ group, impl: 'directus', name, items: 1, ns_per_item: v * 1e6, vs, ...extra });
			const x = (a, b) => `${(a / b).toFixed(2)}×`;
			const rss = (name, kb, vs) => record({ group, impl: 'directus', name, items: 1, ns_per_item: NaN, display: `${mb(kb).toFixed(0)} MB`, vs });
			ms(`POST /iu-cutter/verify, one-unit change set, ${small.rows} ledger rows (median of ${REPS})`, small.verifyMs, 'baseline', { baseline: true });
			ms(`POST /iu-cutter/verify, one-unit change set, ${large.rows} ledger rows (median of ${REPS})`, large.verifyMs, `${x(large.verifyMs, small.verifyMs)} the ${k13} VERIFY (target ≤ 1.30×)`);
			rss(`peak RSS of Directus during VERIFY at ${k13} rows (idle before: ${mb(small.verifyIdleKb).toFixed(0)} MB)`, small.verifyPeakKb, 'baseline (RSS)');
			rss(`peak RSS of Directus during VERIFY at ${kBig} rows (idle before: ${mb(large.verifyIdleKb).toFixed(0)} MB)`, large.verifyPeakKb, `${x(large.verifyPeakKb, small.verifyPeakKb)} the ${k13} peak (target ≤ 1.30×)`);
			ms(`  of which: POST /iu-cutter/audit {document} (the document's drift alone) at ${k13} rows`, small.docAuditMs, `${x(small.docAuditMs, small.verifyMs)} the ${k13} VERIFY`);
			ms(`  of which: POST /iu-cutter/audit {document} (the document's drift alone) at ${kBig} rows`, large.docAuditMs, `${x(large.docAuditMs, small.docAuditMs)} the ${k13} one`);
			ms(`GET /iu-cutter/ledger/verify, whole chain (${small.chainRows} rows, best of 2)`, small.chainMs, `${x(small.chainMs, small.verifyMs)} the ${k13} VERIFY`);
			ms(`GET /iu-cutter/ledger/verify, whole chain (${large.chainRows} rows, best of 2)`, large.chainMs, `${x(large.chainMs, small.chainMs)} the ${k13} one (${x(large.chainRows, small.chainRows)} the rows)`);
			rss(`peak RSS during the whole-chain audit at ${k13} / ${kBig} rows`, large.chainPeakKb, `${mb(small.chainPeakKb).toFixed(0)} MB at ${k13}`);
			ms(`POST /iu-cutter/audit {}, whole store + whole chain, ${small.rows} rows (best of 2)`, small.storeMs, `${x(small.storeMs, small.verifyMs)} the ${k13} VERIFY`);
			ms(`POST /iu-cutter/audit {}, whole store + whole chain, ${large.rows} rows (best of 2)`, large.storeMs, `${x(large.storeMs, small.storeMs)} the ${k13} one`);
			rss(`peak RSS during the store audit at ${k13} / ${kBig} rows`, large.storePeakKb, `${mb(small.storePeakKb).toFixed(0)} MB at ${k13}`);
			const wait = (xs, alone) => `max ${Math.max(...xs).toFixed(0)} ms, alone ${median(alone).toFixed(0)} ms: waited ≤ ${Math.max(0, Math.max(...xs) - median(alone)).toFixed(0)} ms (target ≤ 200)`;
			for (const [name] of audits) {
				const b = busy[name];
				const where = [...b.runner].join('/');
				ms(`POST /iu-cutter/submit (small document) during the ${name} audit at ${kBig} rows, audit in ${where} (max of ${CONTENTION_REPS})`, Math.max(...b.submit), wait(b.submit, alone.submit));
				ms(`POST /iu-cutter/review during the ${name} audit at ${kBig} rows, audit in ${where} (max of ${CONTENTION_REPS})`, Math.max(...b.review), wait(b.review, alone.review));
			}
			progress(`${dbName}: api.js ${[...new Set(staged)].join(', ')}`);
			progress(`${dbName}: done; growing took ${(growMs / 1000).toFixed(0)} s for ${half} half-cycles`);
		} finally {
			await k.destroy();
			await directus.stop();
			await pg?.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	}
}
