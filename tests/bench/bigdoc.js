// A 100k-unit act through the governed workflow with Directus' DEFAULT
// MAX_PAYLOAD_SIZE (1 MB) — issue 13 item 4. The generated act
// (`generatedAct(20, 500, 3, 2)`: 100 020 units, ~11.7 MiB of text) is uploaded
// as a Directus file and sent as `text_file`; the preview answers paged. Each
// step is timed over HTTP while the Directus process's RSS is sampled (VmRSS
// every ~10 ms, and VmHWM reset before the step: see history.js), with a
// progress token, polled like a client would, so the figures include what
// progress costs.
//
// Targets: CUT ≤ 10 s; peak RSS ≤ 1 GiB during every step.
// Environment: IU_BENCH_BIGDOC_DBS (default postgres; e.g. postgres,sqlite),
// IU_BENCH_BIGDOC_ACT (chapters,articles,clauses,points; default 20,500,3,2).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { ok } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { withRss } from './history.js';

const CUT_TARGET_MS = 10_000;
const RSS_TARGET_KB = 1024 * 1024;
const t0 = performance.now();
const say = (msg) => console.error(`[bigdoc ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

/** The step with a progress token, polled every 250 ms; returns the answer and the last record seen. */
async function withProgress(who, path, body) {
	const token = randomUUID();
	let running = true;
	let last = null;
	const poller = (async () => {
		while (running) {
			try {
				const r = await who.api.get(`/iu-cutter/progress/${token}`);
				if (r.status === 200) last = r.body.data;
			} catch {
				// A kept-alive socket the server closed while a core call held its event loop: poll again.
			}
			await new Promise((res) => setTimeout(res, 250));
		}
	})();
	try {
		const r = await who.api.post(path, body, { headers: { 'x-iu-progress': token } });
		if (r.status !== 200) throw new Error(`${path} → ${r.status}: ${r.text.slice(0, 1500)}`);
		return { data: r.body.data, bytes: r.text.length, lastPoll: last };
	} finally {
		running = false;
		await poller;
		// Where the step spent its time, from its finished progress record.
		const done = await who.api.get(`/iu-cutter/progress/${token}`).catch(() => null);
		const timings = done?.status === 200 ? done.body.data.timings : null;
		if (timings) say(`  ${path}: ${timings.map((t) => `${t.phase} ${(t.ms / 1000).toFixed(2)} s`).join(' · ')}`);
	}
}

export async function bigdocBenches(wasm, record, dbs = (process.env.IU_BENCH_BIGDOC_DBS ?? 'postgres').split(',')) {
	const [c, a, k, p] = (process.env.IU_BENCH_BIGDOC_ACT ?? '20,500,3,2').split(',').map(Number);
	const text = wasm.generatedAct({ chapters: c, articlesPerChapter: a, clausesPerArticle: k, pointsPerClause: p });
	const textBytes = Buffer.byteLength(text);
	for (const dbName of dbs) {
		const dir = mkdtempSync(join(tmpdir(), `iu-bench-bigdoc-${dbName}-`));
		let pg;
		let db = { client: 'sqlite3' };
		if (dbName === 'postgres') {
			pg = await startPostgres({ port: 54990 });
			db = pg.createDatabase('iu_bench_bigdoc');
		}
		const directus = await startDirectus({ dir, port: 18990, db, adminEmail: 'admin@example.com', adminPassword: 'bench-password-1', env: { ACCESS_TOKEN_TTL: '4h', MAX_PAYLOAD_SIZE: '1mb' } });
		const group = `bigdoc (${dbName})`;
		try {
			const token = await directus.login();
			const admin = client(directus.url, token);
			const ids = await setupWorkflowRoles({ url: directus.url, token, password: 'bench-password-2' });
			const policy = (await admin.ok('GET', `/policies?filter[name][_eq]=${encodeURIComponent('IU Submitter')}`))[0].id;
			await admin.ok('POST', '/permissions', [
				{ policy, collection: 'directus_files', action: 'create', fields: ['*'] },
				{ policy, collection: 'directus_files', action: 'read', fields: ['*'] },
			]);
			const doc = await ok(ids.submitter, '/items/legal_document', { doc_code: '90/2026/QH15', title: 'Bộ luật lớn', language: 'vi', vocabulary: 'vi' });
			const pid = directus.child.pid;
			const rows = [];
			const step = async (name, fn) => {
				say(`${dbName}: ${name}…`);
				const r = await withRss(pid, fn);
				rows.push({ name, ms: r.ms, peakKb: r.peakKb, idleKb: r.idleKb, value: r.value });
				say(`${dbName}: ${name}: ${(r.ms / 1000).toFixed(2)} s, peak RSS ${(r.peakKb / 1024).toFixed(0)} MiB`);
				return r.value;
			};

			const fileId = await step(`POST /files (the text, ${(textBytes / 1048576).toFixed(1)} MiB, multipart)`, async () => {
				const form = new FormData();
				form.append('file', new Blob([text], { type: 'text/plain' }), 'act.txt');
				const r = await fetch(`${directus.url}/files`, { method: 'POST', headers: { authorization: `Bearer ${ids.submitter.token}` }, body: form });
				if (!r.ok) throw new Error(`upload → ${r.status}: ${await r.text()}`);
				return (await r.json()).data.id;
			});
			const request = { document: doc.id, text_file: fileId, effective_from: '2026-01-01T00:00:00Z' };
			const preview = await step('POST /iu-cutter/preview (text_file; paged answer)', () => withProgress(ids.submitter, '/iu-cutter/preview', request));
			const units = preview.data.units_cut;
			say(`${dbName}: preview answer ${(preview.bytes / 1024).toFixed(0)} KiB, ${units} units, paged: ${Boolean(preview.data.paged)}`);
			await step('GET /iu-cutter/preview/:token/tree (a page of 200 rows, from the middle)', () =>
				ids.submitter.api.ok('GET', `/iu-cutter/preview/${preview.data.paged.token}/tree?offset=${Math.floor(units / 2)}&limit=200`),
			);
			const submitted = await step('POST /iu-cutter/submit (re-plan + manifest into the ledger)', () =>
				withProgress(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.data.request.created_at, manifest_sha256: preview.data.manifest_sha256 }),
			);
			await step('POST /iu-cutter/review', () => ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.data.entry, decision: 'approve', manifest_sha256: submitted.data.manifest_sha256 }));
			const cut = await step('POST /iu-cutter/cut (one transaction)', () => withProgress(ids.executor, '/iu-cutter/cut', { entry: submitted.data.entry }));
			if (cut.data.units_written !== units) throw new Error(`bench: CUT wrote ${cut.data.units_written} units, not ${units}`);
			const verified = await step('POST /iu-cutter/verify', () => withProgress(ids.verifier, '/iu-cutter/verify', { entry: submitted.data.entry }));
			if (!verified.data.passed) throw new Error(`bench: VERIFY failed: ${JSON.stringify(verified.data.report.violations.slice(0, 3))}`);
			await step('POST /iu-cutter/audit {} (whole chain + store)', () => withProgress(ids.verifier, '/iu-cutter/audit', {}));

			for (const r of rows) {
				const targets = [];
				if (r.name.startsWith('POST /iu-cutter/cut')) targets.push(`CUT ≤ 10 s: ${r.ms <= CUT_TARGET_MS ? 'met' : 'MISSED'}`);
				targets.push(`RSS ≤ 1 GiB: ${r.peakKb <= RSS_TARGET_KB ? 'met' : 'MISSED'}`);
				record({
					group,
					impl: 'directus',
					name: `${r.name}, ${units} units`,
					items: units,
					ns_per_item: (r.ms * 1e6) / units,
					baseline: false,
					total_ms: r.ms,
					vs: `peak RSS ${(r.peakKb / 1024).toFixed(0)} MiB (idle ${(r.idleKb / 1024).toFixed(0)}); ${targets.join('; ')}`,
				});
			}
		} finally {
			await directus.stop();
			await pg?.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	}
}
