// `npm run bench`: one table with the core natively, the core as WASM in Node,
// the Directus endpoint and the browser core in headless Chromium, each beside a
// baseline measured in the same run, and a peer parser (bluebell) on the cut's act.
// Machines are shared and noisy: compare the ratios within one run, not the
// absolute figures across runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { addresses, regexValidate } from './addresses.js';
import { loadWasm, wasmActorBenches, wasmBenches, wasmResolveBenches, wasmWorkflowBenches } from './wasm.js';
import { bluebellBenches } from './bluebell.js';
import { governedBenches } from './governed.js';
import { historyBenches } from './history.js';
import { resolveBenches } from './resolve.js';
import { bigdocBenches } from './bigdoc.js';
import { browserBenches } from './browser.js';
import { corpusTable } from './corpus.js';
import { planSizeTable } from './plan-size.js';
import { consolidationTable } from './consolidation.js';
import { citationsTable } from './citations.js';

const results = [];
const record = (r) => results.push(r);

/** Median ns per item over repeated runs of `fn` (which handles `items` items) for about `budgetMs`. */
export async function measure(items, budgetMs, fn) {
	await fn(); // warm-up (JIT, caches)
	const samples = [];
	const start = performance.now();
	while (samples.length < 5 || (performance.now() - start < budgetMs && samples.length < 200)) {
		const t = performance.now();
		await fn();
		samples.push(((performance.now() - t) * 1e6) / items);
	}
	samples.sort((a, b) => a - b);
	return samples[Math.floor(samples.length / 2)];
}

/** `groups`: only those groups of core/benches/core.rs (`actor`, `ledger`, `cut`); its default set when none. */
function nativeBenches(...groups) {
	const out = execFileSync('cargo', ['bench', '--quiet', '-p', 'iu-cutter-core', '--bench', 'core', '--', ...groups], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		maxBuffer: 64 << 20,
	});
	for (const line of out.split('\n')) if (line.startsWith('{')) record(JSON.parse(line));
}

async function jsBaselines() {
	const list = addresses(100_000);
	const ns = await measure(list.length, 1500, () => {
		let ok = 0;
		for (const a of list) if (regexValidate(a)) ok++;
		if (ok !== list.length) throw new Error('baseline rejected a valid address');
	});
	record({ group: 'address', impl: 'js', name: 'RegExp validate 100k addresses', items: list.length, ns_per_item: ns, baseline: true });
}

async function endpointBenches() {
	const dir = mkdtempSync(join(tmpdir(), 'iu-bench-'));
	const directus = await startDirectus({
		dir,
		port: 18900,
		db: { client: 'sqlite3' },
		adminEmail: 'admin@example.com',
		adminPassword: 'bench-password-1',
	});
	try {
		const api = client(directus.url, await directus.login());
		const list = addresses(10_000);
		const ping = await measure(1, 1500, async () => {
			const r = await api.get('/server/ping');
			if (r.status !== 200) throw new Error(`ping ${r.status}`);
		});
		record({ group: 'endpoint', impl: 'directus', name: 'GET /server/ping (request overhead)', items: 1, ns_per_item: ping, baseline: true });
		const parse = await measure(1, 3000, async () => {
			const r = await api.post('/iu-cutter/address/parse', { addresses: list });
			if (r.status !== 200) throw new Error(`parse ${r.status}`);
		});
		record({ group: 'endpoint', impl: 'directus', name: 'POST /iu-cutter/address/parse, 10k addresses (per request)', items: 1, ns_per_item: parse });
	} finally {
		await directus.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

function fmtNs(ns) {
	if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
	if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
	if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
	return `${ns.toFixed(1)} ns`;
}

function fmtRate(ns) {
	const perSecond = 1e9 / ns;
	if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
	if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`;
	return `${perSecond.toFixed(1)} /s`;
}

function table() {
	const rows = [['group', 'benchmark', 'impl', 'time per item', 'rate', 'vs baseline']];
	for (const r of results) {
		const base = results.find((b) => b.group === r.group && b.baseline);
		const ratio = r.vs ?? (r.baseline ? 'baseline' : base ? `${(base.ns_per_item / r.ns_per_item).toFixed(2)}× ${base.ns_per_item >= r.ns_per_item ? 'faster' : 'of it'}` : '');
		// `display` (e.g. a memory figure) replaces the time and the rate; `vs` the computed ratio.
		const time = r.display ?? fmtNs(r.ns_per_item) + (r.total_ms ? ` (${(r.total_ms / 1000).toFixed(2)} s in all)` : '');
		rows.push([r.group, r.name, r.impl, time, r.display ? '' : fmtRate(r.ns_per_item), ratio]);
	}
	const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
	const line = (row) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

const only = process.argv[2];
if (only === 'corpus') {
	// The corpora alone: a table of its own (documents, not nanoseconds), nothing else set up.
	console.log(`\niu-cutter corpora — ${new Date().toISOString()}\n`);
	console.log(corpusTable());
	process.exit(0);
}
if (only === 'plan') {
	// Manifest sizes (issue 30): blocks, not nanoseconds; the core alone.
	console.log(`\niu-cutter plan sizes — ${new Date().toISOString()}\n`);
	console.log(planSizeTable());
	process.exit(0);
}
if (only === 'amend') {
	// Consolidation against the official consolidated texts (issue 31): provisions, not nanoseconds.
	console.log(`\niu-cutter consolidation — ${new Date().toISOString()}\n`);
	console.log(consolidationTable(process.argv.includes('--details')));
	process.exit(0);
}
if (only === 'citations') {
	// Citations (issue 34): precision and recall on the labelled sets, and the finder's speed beside a RegExp.
	console.log(`\niu-cutter citations — ${new Date().toISOString()}\n`);
	console.log(await citationsTable(await loadWasm(), measure));
	process.exit(0);
}
if (only === 'actor') {
	// The signatures of the people and agents who take a step (issue 48): natively, and as WASM in Node as the
	// offline audit (`npm run ledger:audit`) runs them.
	console.error('native core (cargo bench -- actor, release)…');
	nativeBenches('actor');
	console.error('core as WASM in Node…');
	for await (const r of wasmActorBenches(await loadWasm(), measure)) record(r);
	console.log(`\niu-cutter actor signatures — ${new Date().toISOString()}\n`);
	console.log(table());
	process.exit(0);
}
console.error('native core (cargo bench, release)…');
if (!only || only === 'core') nativeBenches();
console.error('plain-JS baselines…');
await jsBaselines();
console.error('core as WASM in Node…');
const wasm = await loadWasm();
for await (const r of wasmBenches(wasm, measure)) record(r);
for await (const r of wasmWorkflowBenches(wasm, measure)) record(r);
// A peer parser in the `cut` group, placed after that group's rows so it reads beside cutSummary;
// never the baseline (no `baseline` flag), and skipped with a printed reason if it cannot be set up.
for await (const r of bluebellBenches(wasm, measure)) results.splice(results.findLastIndex((b) => b.group === r.group) + 1, 0, r);
for await (const r of wasmResolveBenches(wasm, measure)) record(r);
if (!only || only === 'endpoint') {
	console.error('Directus endpoint on SQLite…');
	await endpointBenches();
}
if (!only || only === 'browser') {
	console.error('the browser core in headless Chromium…');
	await browserBenches(record);
}
if (!only || only === 'governed') {
	console.error('governed CUT / VERIFY beside a plain import, on SQLite and PostgreSQL…');
	await governedBenches(wasm, record);
}
if (!only || only === 'history') {
	console.error('VERIFY and the audits as the ledger grows to 600k rows (several minutes)…');
	await historyBenches(wasm, record);
}
if (!only || only === 'resolve') {
	console.error('resolve as a read path: 20 clients against one Directus on PostgreSQL, a 10k batch, a 100k-unit document (several minutes)…');
	await resolveBenches(wasm, record);
}
if (!only || only === 'bigdoc') {
	console.error('a 100k-unit act through the workflow with the default MAX_PAYLOAD_SIZE (several minutes)…');
	await bigdocBenches(wasm, record);
}
console.log(`\niu-cutter benchmarks — ${new Date().toISOString()} — node ${process.version}\n`);
console.log(table());
if (!only) console.log(`\n${planSizeTable()}\n\n${corpusTable()}\n\n${await citationsTable(wasm, measure)}`);
