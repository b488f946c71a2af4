// Resolve as a read path (issue 13 item 1), through a real Directus 12.4.0 with
// the bundle, on PostgreSQL 15.
//
// 1. The generated 500-article act (6 510 units) cut through the workflow,
//    then amended (renumber cascade Điều 10… → 11…, a split, a repeal: tests/support/workflow.js)
//    so that old addresses resolve through alias rows.
// 2. 20 concurrent clients (keep-alive HTTP, one connection each) issue
//    GET /iu-cutter/resolve?address=… for random addresses of that document —
//    half its current addresses, half those it had before the amendment —
//    for IU_BENCH_RESOLVE_SECONDS (default 10) after a warm-up: resolves/s, p50, p99.
//    These are answered by the fast path (governance/fast-resolve.ts; every answer is
//    checked to carry X-IU-Resolve: fast). Beside it, in the same run and at the same
//    concurrency: GET /server/ping (Directus' own floor, no auth), GET /users/me
//    (Directus' cheapest signed-in read), the ordinary route (the instance restarted with
//    IU_RESOLVE_FAST_PATH=off) and the cold path (restarted with IU_RESOLVE_CACHE_UNITS=0:
//    every request loads the document and builds its index).
// 3. One POST /iu-cutter/resolve with 10 000 addresses, timed (median of 5).
// 4. A 100k-unit document (generatedAct(20, 500, 3, 2): 100 020 units) cut through
//    the workflow (its CUT timed too), then: the first resolve (builds the index),
//    a warm single resolve, a 10 000-address batch, and the 20-client load.
//    IU_BENCH_RESOLVE_BIG=0 skips it.
//
// The load generator runs on the same 2 cores as Directus and PostgreSQL: its
// own CPU is part of what the figures pay.
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { ok, fullCycle, amend } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const SECONDS = Number(process.env.IU_BENCH_RESOLVE_SECONDS ?? 10);
const BIG = process.env.IU_BENCH_RESOLVE_BIG !== '0';
const CLIENTS = 20;
const ADMIN = { email: 'admin@example.com', password: 'bench-password-1' };
const FIRST = '2025-01-01T00:00:00Z';
const AMENDED = '2026-01-01T00:00:00Z';
/** Before the amendment: former addresses asked at this instant go through the alias history. */
const THEN = '2025-06-01T00:00:00Z';
const t0 = performance.now();
const progress = (msg) => console.error(`[resolve ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One GET over a keep-alive agent; resolves with the status and which resolve route answered (the body is read and dropped). */
function get(agent, url, token) {
	return new Promise((resolve, reject) => {
		const req = http.get(url, { agent, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
			res.on('data', () => {});
			res.on('end', () => resolve({ status: res.statusCode, route: res.headers['x-iu-resolve'] === 'fast' ? 'fast' : 'ordinary' }));
		});
		req.on('error', reject);
	});
}

/**
 * CLIENTS loops, each awaiting its previous answer, for `seconds` after `warmup`
 * seconds whose answers are not counted. Any non-200 stops the bench, and so
 * does an answer from another resolve route than `route` ('fast' | 'ordinary') when given.
 */
async function load(base, path, token, seconds, warmup = 2, route = undefined) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
	const latencies = [];
	let counting = false;
	let stop = false;
	const client = async () => {
		while (!stop) {
			const url = base + path();
			const t = performance.now();
			const { status, route: answered } = await get(agent, url, token);
			if (status !== 200) throw new Error(`GET ${url} → ${status}`);
			if (route && answered !== route) throw new Error(`GET ${url} was answered by the ${answered} route, not the ${route} one`);
			if (counting) latencies.push(performance.now() - t);
		}
	};
	const clients = Array.from({ length: CLIENTS }, client);
	await new Promise((r) => setTimeout(r, warmup * 1000));
	counting = true;
	const start = performance.now();
	await new Promise((r) => setTimeout(r, seconds * 1000));
	counting = false;
	const elapsed = (performance.now() - start) / 1000;
	stop = true;
	await Promise.all(clients);
	agent.destroy();
	latencies.sort((a, b) => a - b);
	return { rps: latencies.length / elapsed, p50: pct(latencies, 50), p99: pct(latencies, 99), n: latencies.length };
}

/** The document's current addresses, read through the Items API in pages. */
async function currentAddresses(api, document) {
	const out = [];
	for (let page = 1; ; page++) {
		// Pages on a unique sort: many units share a position (an order among siblings), and paging on it can skip or repeat rows.
		const r = await api.get(`/items/logical_unit?fields=canonical_address&filter[document][_eq]=${document}&limit=5000&page=${page}&sort=id`);
		if (r.status !== 200) throw new Error(`units → ${r.status}: ${r.text.slice(0, 300)}`);
		out.push(...r.body.data.map((u) => u.canonical_address));
		if (r.body.data.length < 5000) return out;
	}
}

async function timed(fn) {
	const t = performance.now();
	const value = await fn();
	return { ms: performance.now() - t, value };
}

/** One batch of `list` through POST /iu-cutter/resolve; checks order and that every answer is ok. */
async function batch(who, list, at) {
	const r = await who.api.post('/iu-cutter/resolve', { addresses: list, ...(at ? { at } : {}) });
	if (r.status !== 200) throw new Error(`batch → ${r.status}: ${r.text.slice(0, 500)}`);
	const results = r.body.data.results;
	if (results.length !== list.length || results.some((x) => !x.ok)) throw new Error('batch: an answer is missing or failed');
	return results;
}

async function governedCut(ids, code, title, text, effective) {
	const doc = await ok(ids.submitter, '/items/legal_document', { doc_code: code, title, language: 'vi', vocabulary: 'vi', source_text: text });
	const cycle = await timed(() => fullCycle(ids, { document: doc.id, effective_from: effective }));
	if (!cycle.value.verified.passed) throw new Error(`VERIFY of ${code} failed`);
	return { doc, cycle };
}

export async function resolveBenches(wasm, record) {
	const group = 'resolve (postgres)';
	const dir = mkdtempSync(join(tmpdir(), 'iu-bench-resolve-'));
	const pg = await startPostgres({ port: 54970 });
	const db = pg.createDatabase('iu_bench_resolve');
	const start = (env = {}) => startDirectus({ dir, port: 18970, db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h', MAX_PAYLOAD_SIZE: '64mb', ...env } });
	let directus = await start();
	try {
		const token = await directus.login();
		const ids = await setupWorkflowRoles({ url: directus.url, token, password: 'bench-password-2' });
		// The reader: the reviewer (a human, signed in: a JWT), who may read units and aliases.
		const reader = ids.reviewer;

		progress('6 510-unit act: cut, then amended…');
		const text = wasm.generatedAct({ chapters: 10, articlesPerChapter: 50, clausesPerArticle: 3, pointsPerClause: 3 });
		const { doc } = await governedCut(ids, '60/2025/QH15', 'Luật mẫu (resolve bench)', text, FIRST);
		const before = await currentAddresses(reader.api, doc.id);
		const amendment = await ok(ids.submitter, '/iu-cutter/preview', { document: doc.id, text: amend(text), effective_from: AMENDED });
		const submitted = await ok(ids.submitter, '/iu-cutter/submit', { document: doc.id, text: amend(text), effective_from: AMENDED, created_at: amendment.request.created_at, manifest_sha256: amendment.manifest_sha256 });
		await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
		await ok(ids.executor, '/iu-cutter/cut', { entry: submitted.entry });
		const now = await currentAddresses(reader.api, doc.id);
		const units = now.length;
		// Half the requests: a current address, now. The other half: an address as it was before
		// the amendment, at an instant before it (Điều 11 then is Điều 12 now: found through the alias rows).
		const half = (list) => list.filter((_, i) => i % 2 === 0).slice(0, 5000);
		const current = half(now);
		const former = half(before);
		const path = () =>
			Math.random() < 0.5
				? `/iu-cutter/resolve?address=${encodeURIComponent(current[Math.floor(Math.random() * current.length)])}`
				: `/iu-cutter/resolve?address=${encodeURIComponent(former[Math.floor(Math.random() * former.length)])}&at=${THEN}`;
		const mixed = [...current, ...former];
		const tally = (results) => {
			const out = {};
			for (const r of results) out[r.outcome] = (out[r.outcome] ?? 0) + 1;
			return JSON.stringify(out);
		};
		progress(`${units} units; now: ${tally(await batch(reader, current))}; former at ${THEN}: ${tally(await batch(reader, former, THEN))}`);

		const ping = await load(directus.url, () => '/server/ping', null, SECONDS);
		progress(`ping ${ping.rps.toFixed(0)}/s`);
		const me = await load(directus.url, () => '/users/me?fields=id', reader.token, SECONDS);
		progress(`users/me ${me.rps.toFixed(0)}/s`);
		const warm = await load(directus.url, path, reader.token, SECONDS, 2, 'fast');
		progress(`warm resolve ${warm.rps.toFixed(0)}/s p50 ${warm.p50.toFixed(1)} ms p99 ${warm.p99.toFixed(1)} ms`);
		const batches = [];
		for (let i = 0; i < 6; i++) batches.push((await timed(() => batch(reader, mixed, THEN))).ms);
		const batchMs = median(batches.slice(1));
		progress(`batch of 10 000: ${batchMs.toFixed(1)} ms`);

		const rate = (name, r, extra) =>
			record({ group, impl: 'directus', name: `${name} (${CLIENTS} clients, ${SECONDS} s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms)`, items: 1, ns_per_item: 1e9 / r.rps, ...extra });
		rate('GET /server/ping (Directus floor, no auth)', ping, { baseline: true });
		rate("GET /users/me?fields=id (Directus' own cheapest signed-in read)", me);
		rate(`GET /iu-cutter/resolve, warm, ${units} units, Directus defaults`, warm, {
			vs: `${warm.rps >= 2000 ? 'met' : 'missed'}: ≥ 2 000/s; ${warm.p99 <= 50 ? 'met' : 'missed'}: p99 ≤ 50 ms`,
		});
		record({ group, impl: 'directus', name: `POST /iu-cutter/resolve, 10 000 addresses (half former, at ${THEN}), ${units} units (median of 5)`, items: 10_000, ns_per_item: (batchMs * 1e6) / 10_000, display: `${batchMs.toFixed(1)} ms per batch`, vs: `${batchMs <= 100 ? 'met' : 'missed'}: ≤ 100 ms` });

		if (BIG) {
			progress('100 020-unit act: governed cut (slow)…');
			const bigText = wasm.generatedAct({ chapters: 20, articlesPerChapter: 500, clausesPerArticle: 3, pointsPerClause: 2 });
			const big = await governedCut(ids, '61/2025/QH15', 'Luật rất dài (resolve bench)', bigText, FIRST);
			progress(`cut through the workflow in ${(big.cycle.ms / 1000).toFixed(0)} s`);
			const bigUnits = await currentAddresses(reader.api, big.doc.id);
			const pickBig = () => bigUnits[Math.floor(Math.random() * bigUnits.length)];
			const first = await timed(() => reader.api.get(`/iu-cutter/resolve?address=${encodeURIComponent(pickBig())}`));
			const singles = [];
			for (let i = 0; i < 50; i++) singles.push((await timed(() => reader.api.get(`/iu-cutter/resolve?address=${encodeURIComponent(pickBig())}`))).ms);
			const bigBatch = [];
			const list = Array.from({ length: 10_000 }, pickBig);
			for (let i = 0; i < 6; i++) bigBatch.push((await timed(() => batch(reader, list))).ms);
			const bigLoad = await load(directus.url, () => `/iu-cutter/resolve?address=${encodeURIComponent(pickBig())}`, reader.token, SECONDS, 2, 'fast');
			progress(`100k: first ${first.ms.toFixed(0)} ms, warm ${median(singles).toFixed(1)} ms, batch ${median(bigBatch.slice(1)).toFixed(1)} ms, ${bigLoad.rps.toFixed(0)}/s`);
			const n = bigUnits.length;
			record({ group, impl: 'directus', name: `governed cut of ${n} units (preview + submit + review + cut + verify)`, items: n, ns_per_item: (big.cycle.ms * 1e6) / n, total_ms: big.cycle.ms });
			record({ group, impl: 'directus', name: `GET /iu-cutter/resolve, ${n} units, first request (builds the index)`, items: 1, ns_per_item: first.ms * 1e6 });
			record({ group, impl: 'directus', name: `GET /iu-cutter/resolve, ${n} units, warm, one client (median of 50)`, items: 1, ns_per_item: median(singles) * 1e6 });
			const bb = median(bigBatch.slice(1));
			record({ group, impl: 'directus', name: `POST /iu-cutter/resolve, 10 000 addresses, ${n} units (median of 5)`, items: 10_000, ns_per_item: (bb * 1e6) / 10_000, display: `${bb.toFixed(1)} ms per batch`, vs: `${bb <= 100 ? 'met' : 'missed'}: ≤ 100 ms` });
			rate(`GET /iu-cutter/resolve, warm, ${n} units`, bigLoad, { vs: `${bigLoad.rps >= 2000 ? 'met' : 'missed'}: ≥ 2 000/s; ${bigLoad.p99 <= 50 ? 'met' : 'missed'}: p99 ≤ 50 ms` });
		}

		// The same load through Directus' ordinary pipeline (the fast path off: request log,
		// schema snapshot, query sanitizer, cache lookup, then the endpoint), as before the fast path.
		progress('ordinary route (IU_RESOLVE_FAST_PATH=off)…');
		await directus.stop();
		directus = await start({ IU_RESOLVE_FAST_PATH: 'off' });
		let signedIn = await directus.login(ids.reviewer.email, 'bench-password-2');
		const ordinary = await load(directus.url, path, signedIn, SECONDS, 2, 'ordinary');
		progress(`ordinary route: warm resolve ${ordinary.rps.toFixed(0)}/s p50 ${ordinary.p50.toFixed(1)} ms p99 ${ordinary.p99.toFixed(1)} ms`);
		rate(`GET /iu-cutter/resolve, warm, ${units} units, Directus' ordinary route (IU_RESOLVE_FAST_PATH=off)`, ordinary, { vs: `the fast path is ${(warm.rps / ordinary.rps).toFixed(1)}× its rate` });

		// The cold path, same data: every request loads the 6 510-unit document and builds its index.
		progress('cold path (IU_RESOLVE_CACHE_UNITS=0)…');
		await directus.stop();
		directus = await start({ IU_RESOLVE_CACHE_UNITS: '0' });
		signedIn = await directus.login(ids.reviewer.email, 'bench-password-2');
		const cold = await load(directus.url, path, signedIn, SECONDS, 2, 'fast');
		progress(`cold resolve ${cold.rps.toFixed(1)}/s p50 ${cold.p50.toFixed(0)} ms p99 ${cold.p99.toFixed(0)} ms`);
		rate(`GET /iu-cutter/resolve, cold (IU_RESOLVE_CACHE_UNITS=0: loads and builds per request), ${units} units`, cold, { vs: `warm (defaults) is ${(warm.rps / cold.rps).toFixed(0)}× the rate` });
	} finally {
		await directus.stop();
		await pg.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}
