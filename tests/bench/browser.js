// The browser core (extension/pkg-browser, what app.js embeds) in headless Chromium, loaded the way
// the admin app loads it (extension/src/lib/core-browser.ts): the base64 text decoded with the app's
// own decodeBase64, then `init({ module_or_path: bytes })`. A tiny node:http server on 127.0.0.1
// serves the page and the modules; Chromium is Debian's (tests/support/browser.js).
//
// (a) init: decode and compile + instantiate, timed inside the page, median over fresh page loads
//     (a new browser context each, nothing cached: the module is compiled from bytes every time),
//     and the first parseAddress call after it;
// (b) parseAddress once per address over a batch, beside the plain-JS RegExp of tests/bench/addresses.js
//     in the same page, and the one-call batch validateAddresses;
// (c) the cut preview's tree of a 500-article amendment (tests/bench/preview-tree.js): built by the
//     shared/preview-tree.ts, its visible rows mounted beside mounting every row.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { stripTypeScriptTypes } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/directus.js';
import { launchBrowser } from '../support/browser.js';
import { amendmentPreview, TREE_PAGE, VISIBLE_ROWS } from './preview-tree.js';

const PKG = join(ROOT, 'extension/pkg-browser');
const LOADS = Number(process.env.IU_BENCH_BROWSER_LOADS ?? 15);
const BATCH = 100_000;

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>iu-cutter browser core bench</title>
<script type="module">
import init, * as core from '/pkg/iu_cutter_wasm.js';
import wasmBase64 from '/pkg/iu_cutter_wasm_base64.js';
import { decodeBase64 } from '/lib/base64.js';
import { addresses, regexValidate } from '/bench/addresses.js';

try {
	const t0 = performance.now();
	const bytes = decodeBase64(wasmBase64);
	const t1 = performance.now();
	await init({ module_or_path: bytes });
	const t2 = performance.now();
	// The first call after init: what the first keystroke in the interface pays on top of init.
	if (core.parseAddress({ input: '45-2019-qh14/dieu-44/khoan-1/diem-dd' }).ok !== true) throw new Error('the core does not answer');
	const t3 = performance.now();
	window.iuInit = { decode_ms: t1 - t0, instantiate_ms: t2 - t1, first_call_ms: t3 - t2, bytes: bytes.length, base64_chars: wasmBase64.length };
} catch (e) {
	window.iuInit = { error: String(e && e.stack || e) };
}

// The same median-of-samples loop as tests/bench/run.js (measure), in the page.
async function measure(items, budgetMs, fn) {
	fn();
	const samples = [];
	const start = performance.now();
	while (samples.length < 5 || (performance.now() - start < budgetMs && samples.length < 200)) {
		const t = performance.now();
		fn();
		samples.push(((performance.now() - t) * 1e6) / items);
	}
	samples.sort((a, b) => a - b);
	return samples[Math.floor(samples.length / 2)];
}

window.iuBench = async (n, budgetMs) => {
	const list = addresses(n);
	const joined = list.join('\\n');
	const regex = await measure(list.length, budgetMs, () => {
		let ok = 0;
		for (const a of list) if (regexValidate(a)) ok++;
		if (ok !== list.length) throw new Error('baseline rejected a valid address');
	});
	const parse = await measure(list.length, budgetMs, () => {
		for (const a of list) if (!core.parseAddress({ input: a }).ok) throw new Error('parseAddress rejected ' + a);
	});
	const batch = await measure(list.length, budgetMs, () => {
		if (core.validateAddresses({ lines: joined }).valid !== list.length) throw new Error('validateAddresses rejected a valid address');
	});
	return { regex, parse, batch };
};
</script>
`;

function serve(preview) {
	const files = {
		'/': { type: 'text/html; charset=utf-8', body: PAGE },
		'/tree.html': { type: 'text/html; charset=utf-8', body: TREE_PAGE },
		'/lib/tree.js': { type: 'text/javascript', body: stripTypeScriptTypes(readFileSync(join(ROOT, 'extension/src/shared/preview-tree.ts'), 'utf8')) },
		'/bench/preview.json': { type: 'application/json', body: JSON.stringify(preview) },
		'/pkg/iu_cutter_wasm.js': { type: 'text/javascript', body: readFileSync(join(PKG, 'iu_cutter_wasm.js')) },
		'/pkg/iu_cutter_wasm_base64.js': { type: 'text/javascript', body: readFileSync(join(PKG, 'iu_cutter_wasm_base64.js')) },
		// The app's decoder itself, its TypeScript types stripped (Node 22 prints an ExperimentalWarning for this).
		'/lib/base64.js': { type: 'text/javascript', body: stripTypeScriptTypes(readFileSync(join(ROOT, 'extension/src/lib/base64.ts'), 'utf8')) },
		'/bench/addresses.js': { type: 'text/javascript', body: readFileSync(join(ROOT, 'tests/bench/addresses.js')) },
	};
	const server = createServer((req, res) => {
		const f = files[new URL(req.url, 'http://x').pathname];
		if (!f) return res.writeHead(404).end();
		res.writeHead(200, { 'content-type': f.type, 'cache-control': 'no-store' }).end(f.body);
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmtB = (n) => n.toLocaleString('en-US').replace(/,/g, ' ');

/** Adds the `browser init` and `browser` rows through `record`. */
export async function browserBenches(record) {
	const wasmBytes = Buffer.from((await import(pathToFileURL(join(PKG, 'iu_cutter_wasm_base64.js')).href)).default, 'base64');
	const gz = gzipSync(wasmBytes, { level: 9 }).length;
	const server = await serve(await amendmentPreview());
	const url = `http://127.0.0.1:${server.address().port}/`;
	const browser = await launchBrowser();
	try {
		const loads = [];
		for (let i = 0; i < LOADS; i++) {
			const context = await browser.newContext();
			try {
				const page = await context.newPage();
				await page.goto(url);
				await page.waitForFunction(() => window.iuInit, null, { timeout: 60_000 });
				const r = await page.evaluate(() => window.iuInit);
				if (r.error) throw new Error(`the browser core failed to load in Chromium: ${r.error}`);
				if (r.bytes !== wasmBytes.length) throw new Error(`page decoded ${r.bytes} bytes, expected ${wasmBytes.length}`);
				loads.push(r);
			} finally {
				await context.close();
			}
		}
		const decode = loads.map((l) => l.decode_ms);
		const inst = loads.map((l) => l.instantiate_ms);
		const total = loads.map((l) => l.decode_ms + l.instantiate_ms);
		console.error(
			`  init over ${LOADS} fresh page loads (ms): decode ${Math.min(...decode).toFixed(1)}–${Math.max(...decode).toFixed(1)}, ` +
				`instantiate ${Math.min(...inst).toFixed(1)}–${Math.max(...inst).toFixed(1)}, total ${Math.min(...total).toFixed(1)}–${Math.max(...total).toFixed(1)}`,
		);
		const init = (name, ms) => record({ group: 'browser init', impl: 'chromium', name, items: 1, ns_per_item: ms * 1e6 });
		init(`base64 decode (atob + loop), ${fmtB(loads[0].base64_chars)} chars → ${fmtB(wasmBytes.length)} B`, median(decode));
		init(`init(): compile + instantiate ${fmtB(wasmBytes.length)} B WASM (${fmtB(gz)} B gzip -9)`, median(inst));
		init(`decode + instantiate, median of ${LOADS} fresh page loads`, median(total));
		init('then the first parseAddress call (work deferred to first use)', median(loads.map((l) => l.first_call_ms)));

		const context = await browser.newContext();
		try {
			const page = await context.newPage();
			await page.goto(url);
			await page.waitForFunction(() => window.iuInit, null, { timeout: 60_000 });
			const r = await page.evaluate(([n, budget]) => window.iuBench(n, budget), [BATCH, 1500]);
			const k = `${BATCH / 1000}k`;
			record({ group: 'browser', impl: 'js', name: `RegExp validate ${k} addresses, in Chromium`, items: BATCH, ns_per_item: r.regex, baseline: true });
			record({ group: 'browser', impl: 'wasm', name: `parseAddress, one call per address (${k}), in Chromium`, items: BATCH, ns_per_item: r.parse });
			record({ group: 'browser', impl: 'wasm', name: `validateAddresses, one batch of ${k}, in Chromium`, items: BATCH, ns_per_item: r.batch });
		} finally {
			await context.close();
		}
		await previewTreeBenches(browser, `${url}tree.html`, record);
		console.error(`  Chromium ${browser.version()}`);
	} finally {
		await browser.close();
		await new Promise((r) => server.close(r));
	}
}

/** Adds the `browser preview` rows: the preview tree built, and mounted virtualized beside every row. */
async function previewTreeBenches(browser, url, record) {
	const context = await browser.newContext();
	try {
		const page = await context.newPage();
		await page.goto(url);
		await page.waitForFunction(() => window.iuTreeReady, null, { timeout: 60_000 });
		const r = await page.evaluate(([budget, visible]) => window.iuTreeBench(budget, visible), [3000, VISIBLE_ROWS]);
		const ms = (name, value, baseline = false) => record({ group: 'browser preview', impl: 'chromium', name, items: 1, ns_per_item: value * 1e6, ...(baseline ? { baseline } : {}) });
		ms(`mount every row of the tree (${fmtB(r.rows)} rows) as DOM, with layout`, r.all, true);
		ms(`mount the rows the virtual list shows (${VISIBLE_ROWS} of ${fmtB(r.rows)}), with layout`, r.virtual);
		ms(`buildTree + flatten: ${fmtB(r.nodes)} units, ${fmtB(r.blocks)} blocks (tree.ts)`, r.build);
	} finally {
		await context.close();
	}
}
