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
	assert.equal(typeof browser.findCitations, 'function');
});

test('browser and server builds answer identically: parse, validate, normalize, citations', () => {
	const sample = [...addresses(500), '45-2019-qh14/Dieu-1', '45-2019-qh14//dieu', 'điểm đ khoản 1 Điều 44 Luật 45/2019/QH14', 'Chương IV', ''];
	for (const a of sample) {
		assert.deepEqual(browser.parseAddress(a), server.parseAddress(a), a);
		assert.deepEqual(browser.normalizeAddress(a, '45/2019/QH14'), server.normalizeAddress(a, '45/2019/QH14'), a);
	}
	assert.deepEqual(browser.validateAddresses(sample.join('\n')), server.validateAddresses(sample.join('\n')));
	const text = 'Theo điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14 và khoản 2 Điều này.';
	assert.deepEqual(browser.findCitations(text, '45/2019/QH14', '45-2019-qh14/dieu-5'), server.findCitations(text, '45/2019/QH14', '45-2019-qh14/dieu-5'));
});
