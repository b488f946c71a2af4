// The browser build of the core (extension/pkg-browser), as app.js embeds it:
// within the 200 KB gzip budget, and answering exactly like the server build.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import initBrowser, * as browser from '../../extension/pkg-browser/iu_cutter_wasm.js';
import browserBase64 from '../../extension/pkg-browser/iu_cutter_wasm_base64.js';
import initServer, * as server from '../../extension/pkg/iu_cutter_wasm.js';
import serverBase64 from '../../extension/pkg/iu_cutter_wasm_base64.js';
import { addresses } from '../bench/addresses.js';

const BUDGET_GZ = 200 * 1024;

before(async () => {
	await initBrowser({ module_or_path: Buffer.from(browserBase64, 'base64') });
	await initServer({ module_or_path: Buffer.from(serverBase64, 'base64') });
});

test('the browser core is at most 200 KB gzipped and is what app.js embeds', () => {
	const bytes = Buffer.from(browserBase64, 'base64');
	const gz = gzipSync(bytes, { level: 9 }).length;
	assert.ok(gz <= BUDGET_GZ, `browser WASM is ${gz} bytes gzipped, over the ${BUDGET_GZ} budget`);
	const app = readFileSync(new URL('../../extension/dist/app.js', import.meta.url), 'utf8');
	assert.ok(app.includes(browserBase64), 'app.js carries the browser core');
	console.log(`browser WASM: ${bytes.length} bytes, ${gz} gzipped`);
});

test('the browser core leaves out the server steps', () => {
	assert.equal(typeof browser.planDocument, 'undefined');
	assert.equal(typeof browser.verifyUnits, 'undefined');
	assert.equal(typeof browser.parseAddress, 'function');
	// Citations in running text are found by the API (POST /iu-cutter/resolve { citation }); the admin
	// app reads a pasted citation with normalizeAddress, whose reading is the same finder (below).
	assert.equal(typeof browser.findCitations, 'undefined');
	assert.equal(typeof server.findCitations, 'function');
	// Batches and hashing are the API's (the admin app calls parse, normalize, cite and the vocabularies).
	for (const name of ['validateAddresses', 'parseAddresses', 'normalizeDocCode', 'sha256Hex']) {
		assert.equal(typeof browser[name], 'undefined', name);
		assert.equal(typeof server[name], 'function', name);
	}
});

test('both builds ship the same vocabularies (the browser reads no kind heading patterns: it cuts nothing)', () => {
	const fromServer = server.defaultVocabularies().map((v) => ({
		...v,
		section_types: v.section_types.map(({ kind_heading_patterns, ...t }) => t),
	}));
	assert.deepEqual(browser.defaultVocabularies(), fromServer);
	assert.ok(server.defaultVocabularies().some((v) => v.section_types.some((t) => t.kind_heading_patterns)));
});

test('browser and server builds answer identically: parse, normalize, citations', () => {
	const sample = [...addresses(500), '45-2019-qh14/Dieu-1', '45-2019-qh14//dieu', 'điểm đ khoản 1 Điều 44 Luật 45/2019/QH14', 'Chương IV', ''];
	for (const a of sample) {
		assert.deepEqual(browser.parseAddress({ input: a }), server.parseAddress({ input: a }), a);
		assert.deepEqual(browser.normalizeAddress({ input: a, defaultDoc: '45/2019/QH14' }), server.normalizeAddress({ input: a, defaultDoc: '45/2019/QH14' }), a);
	}
	// "Use it" in the browser takes the finder's path: a pasted citation normalizes to the one address
	// the server's finder finds in it, in Vietnamese, English, US and UK citations.
	// normalizeAddress reads with every shipped vocabulary, so the finder is asked the same way.
	for (const citation of [
		'điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14',
		'khoản 2 Điều 5 Nghị định số 168/2024/NĐ-CP',
		'section 5(1)(a) of Act 12/2020',
		'42 U.S.C. 1983(b)',
		'Pub. L. 112-231, § 2(a)',
	]) {
		const found = server.findCitations({ text: citation, currentDoc: '45/2019/QH14' });
		assert.equal(found.ok, true, citation);
		assert.equal(found.citations.length, 1, citation);
		const [address] = found.citations[0].addresses;
		const pasted = browser.normalizeAddress({ input: citation, defaultDoc: '45/2019/QH14' });
		assert.equal(pasted.ok, true, `${citation}: ${JSON.stringify(pasted)}`);
		assert.equal(pasted.canonical, address, citation);
	}
});
