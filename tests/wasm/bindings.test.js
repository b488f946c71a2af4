// The bindings' contract at the WASM boundary, on the two builds the bundle embeds (extension/pkg for api.js,
// extension/pkg-browser for app.js), after wasm-bindgen and wasm-opt, the bytes users run: a bad input is a
// value with its offset or error code, never a trap or an exception. These were wasm-bindgen tests
// (extension/wasm/tests/node.rs), run by wasm-bindgen-test-runner on a wasm32 debug build of their own, which
// cost npm test a third compile of the core for wasm32 (90-odd CPU seconds); the same assertions run here on
// the builds that ship, the browser one included.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import initBrowser, * as browser from '../../extension/pkg-browser/iu_cutter_wasm.js';
import browserBase64 from '../../extension/pkg-browser/iu_cutter_wasm_base64.js';
import initServer, * as server from '../../extension/pkg/iu_cutter_wasm.js';
import serverBase64 from '../../extension/pkg/iu_cutter_wasm_base64.js';

before(async () => {
	await initBrowser({ module_or_path: Buffer.from(browserBase64, 'base64') });
	await initServer({ module_or_path: Buffer.from(serverBase64, 'base64') });
});

/** `openssl genpkey -algorithm ed25519` (test only). */
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEICdAvjzCKKUaTuEW65CgmGOeWInepMj22ScZgpvVbPNl
-----END PRIVATE KEY-----
`;

for (const [build, core] of [
	['server', server],
	['browser', browser],
]) {
	test(`${build} build: a valid address comes back with its canonical form`, () => {
		const v = core.parseAddress({ input: '45-2019-qh14/dieu-44/khoan-1/diem-dd' });
		assert.equal(v.ok, true);
		assert.equal(v.canonical, '45-2019-qh14/dieu-44/khoan-1/diem-dd');
		assert.equal(v.parent, '45-2019-qh14/dieu-44/khoan-1');
	});

	test(`${build} build: an invalid address is a value with its offset, not a trap`, () => {
		const v = core.parseAddress({ input: '45-2019-qh14/dieu-44/Khoan-1' });
		assert.equal(v.ok, false);
		assert.equal(v.error.offset, 21);
	});

	test(`${build} build: a citation normalizes to its address`, () => {
		const v = core.normalizeAddress({ input: 'điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14', defaultDoc: null });
		assert.equal(v.canonical, '45-2019-qh14/dieu-44/khoan-1/diem-dd');
	});
}

test('server build: a batch reports only the invalid lines (the browser build leaves the batch exports out)', () => {
	const v = server.validateAddresses({ lines: 'a/b-1\nA\na' });
	assert.equal(v.count, 3);
	assert.equal(v.valid, 2);
	assert.equal(typeof browser.validateAddresses, 'undefined');
});

test('server build: a checkpoint signed in WASM verifies, and a bad key is a value', () => {
	const info = server.ledgerKeyInfo({ privatePem: TEST_KEY });
	assert.equal(info.key_id, '325b8b1c2477ca50');
	const unsigned = JSON.stringify({ seq: 3, from_seq: 1, prev_seq: 0, head: 'ab'.repeat(32), recorded_at: '2025-07-01T09:30:00.000Z' });
	const signed = server.signCheckpoint({ privatePem: TEST_KEY, unsigned });
	const verdict = server.verifyCheckpoint({ publicPems: info.public_key_pem, checkpoint: signed.checkpoint });
	assert.equal(verdict.valid, true);

	const bad = server.ledgerKeyInfo({ privatePem: '-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----' });
	assert.equal(bad.ok, false);
	assert.equal(bad.error.code, 'invalid-private-key');
});

test('server build: an audit opened with a bad key is a value, and with a good one an object', () => {
	const bad = server.ledgerAuditOpen({ options: '{"public_keys":["nope"]}' });
	assert.equal(bad.ok, false);
	const info = server.ledgerKeyInfo({ privatePem: TEST_KEY });
	const opened = server.ledgerAuditOpen({ options: JSON.stringify({ public_keys: [info.public_key_pem] }) });
	assert.equal(opened.ok, true);
	assert.equal(typeof opened.audit, 'object');
	assert.notEqual(opened.audit, null);
});
