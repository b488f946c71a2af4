// citeAddress: a canonical address as a human citation, in both builds of the core
// (the admin app shows citations with the browser build, the API with the server build).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import initBrowser, * as browser from '../../extension/pkg-browser/iu_cutter_wasm.js';
import browserBase64 from '../../extension/pkg-browser/iu_cutter_wasm_base64.js';
import initServer, * as server from '../../extension/pkg/iu_cutter_wasm.js';
import serverBase64 from '../../extension/pkg/iu_cutter_wasm_base64.js';

const labourCode = { code: '45/2019/QH14', title: 'Bộ luật Lao động' };

before(async () => {
	await initBrowser({ module_or_path: Buffer.from(browserBase64, 'base64') });
	await initServer({ module_or_path: Buffer.from(serverBase64, 'base64') });
});

test('citeAddress renders Vietnamese and English citations', () => {
	assert.deepEqual(server.citeAddress({ address: '45-2019-qh14/dieu-44/khoan-1/diem-dd', doc: labourCode }), {
		ok: true,
		citation: 'điểm đ khoản 1 Điều 44 Bộ luật Lao động số 45/2019/QH14',
		language: 'vi',
	});
	assert.equal(server.citeAddress({ address: '45-2019-qh14/chuong-4', doc: labourCode }).citation, 'Chương IV Bộ luật Lao động số 45/2019/QH14');
	assert.equal(server.citeAddress({ address: '45-2019-qh14/phan-1', doc: { code: '45/2019/QH14' } }).citation, 'Phần thứ nhất số 45/2019/QH14');
	assert.equal(server.citeAddress({ address: '45-2019-qh14/dieu-44' }).citation, 'Điều 44 văn bản 45-2019-qh14');
	assert.deepEqual(server.citeAddress({ address: '12-2020/article-5/paragraph-1/subparagraph-a', doc: { code: '12/2020', title: 'Labour Code' } }), {
		ok: true,
		citation: 'subparagraph (a) of paragraph (1) of Article 5 of Labour Code (12/2020)',
		language: 'en',
	});
});

test('a citation with the document code normalizes back to the address', () => {
	for (const address of ['45-2019-qh14/dieu-44/khoan-1/diem-dd', '45-2019-qh14/chuong-12', '45-2019-qh14/phan-21', '45-2019-qh14']) {
		const { citation } = server.citeAddress({ address, doc: { code: '45/2019/QH14', title: null } });
		assert.equal(server.normalizeAddress({ input: citation }).canonical, address, citation);
	}
});

test('errors are values with an offset or a named field, never throws', () => {
	const unknown = server.citeAddress({ address: '45-2019-qh14/dieu-44/foo-1', doc: null });
	assert.equal(unknown.ok, false);
	assert.equal(unknown.error.code, 'unknown-token');
	assert.equal(unknown.error.offset, 21);
	assert.match(unknown.error.hint, /vi: phan, chuong/);
	assert.equal(server.citeAddress({ address: '45-2019-qh14/Dieu-44' }).error.offset, 13);
	assert.deepEqual(
		[{ title: 'x' }, { code: 45 }, { code: '45/2019/QH14', title: 7 }, 'doc', 3].map((doc) => server.citeAddress({ address: '45-2019-qh14', doc }).error.reason),
		['doc.code is not a string', 'doc.code is not a string', 'doc.title is not a string', 'doc is not an object', 'doc is not an object'],
	);
	assert.equal(server.citeAddress({ address: '45-2019-qh14', doc: { code: '46/2019/QH14' } }).error.code, 'doc-code-mismatch');
});

test('browser and server builds cite identically', () => {
	assert.equal(typeof browser.citeAddress, 'function');
	const cases = [
		['45-2019-qh14/dieu-44/khoan-1/diem-dd', labourCode],
		['45-2019-qh14/dieu-44/khoan-1/diem-dd', { code: '45/2019/QH14' }],
		['45-2019-qh14/chuong-4', labourCode],
		['45-2019-qh14/phan-1', undefined],
		['45-2019-qh14', labourCode],
		['12-2020/article-5/paragraph-1/subparagraph-a', { code: '12/2020', title: 'Labour Code' }],
		['45-2019-qh14/dieu-44/foo-1', null],
		['45-2019-qh14/Dieu-44', null],
		['x/dieu-4/paragraph-1', null],
		['45-2019-qh14', { code: 45 }],
		['', undefined],
	];
	for (const [address, doc] of cases) {
		assert.deepEqual(browser.citeAddress({ address, doc }), server.citeAddress({ address, doc }), address);
	}
});

test('printedNumbers gives units their numbers as the text prints them (server build), for the preview tree', () => {
	assert.deepEqual(server.printedNumbers({ vocabulary: 'vi', units: [['chuong', '4'], ['phan', '1'], ['diem', 'dd'], ['dieu', '10a']] }), { ok: true, numbers: ['IV', 'thứ nhất', 'đ', '10a'] });
	// A Canadian inserted section (3.1 → ordinal 3p1) and a US subparagraph (A → a).
	assert.deepEqual(server.printedNumbers({ vocabulary: 'commonwealth', units: [['cw-section', '3p1'], ['cw-section', '40p01']] }).numbers, ['3.1', '40.01']);
	assert.deepEqual(server.printedNumbers({ vocabulary: 'us', units: [['us-subparagraph', 'a'], ['us-clause', '4']] }).numbers, ['A', 'iv']);
	// A type the vocabulary does not have keeps its ordinal; an unknown vocabulary is an error value, not a trap.
	assert.deepEqual(server.printedNumbers({ vocabulary: 'vi', units: [['no-such-type', 'dd']] }).numbers, ['dd']);
	assert.equal(server.printedNumbers({ vocabulary: 'xx', units: [] }).ok, false);
});
