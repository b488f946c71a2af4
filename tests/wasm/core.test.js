// The exact core bytes embedded in the bundle, instantiated in Node as api.js does.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64, { WASM_SHA256 } from '../../extension/pkg/iu_cutter_wasm_base64.js';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

before(async () => {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
});

test('api.js embeds the server core; app.js does not carry it (it has the browser build)', () => {
	const api = readFileSync(new URL('../../extension/dist/api.js', import.meta.url), 'utf8');
	const app = readFileSync(new URL('../../extension/dist/app.js', import.meta.url), 'utf8');
	const bytes = Buffer.from(base64, 'base64');
	assert.equal(createHash('sha256').update(bytes).digest('hex'), WASM_SHA256);
	assert.ok(api.includes(base64), 'api.js carries the core');
	assert.ok(!app.includes(base64), 'app.js does not carry the server core');
});

test('parseAddress returns the parts, the canonical string and the parent', () => {
	const r = core.parseAddress({ input: '45-2019-qh14/dieu-44/khoan-1/diem-dd' });
	assert.equal(r.ok, true);
	assert.equal(r.canonical, '45-2019-qh14/dieu-44/khoan-1/diem-dd');
	assert.equal(r.parent, '45-2019-qh14/dieu-44/khoan-1');
	assert.equal(r.address.segments.length, 3);
});

test('errors come back as values with code, reason, byte offset and hint', () => {
	const r = core.parseAddress({ input: '45-2019-qh14/dieu-44/Khoan-1' });
	assert.equal(r.ok, false);
	assert.equal(r.error.offset, 21);
	assert.equal(typeof r.error.code, 'string');
	assert.match(r.error.reason, /21/);
	assert.ok(r.error.hint.length > 0);
});

test('validateAddresses checks a batch in one call and reports only the invalid ones', () => {
	const lines = Array.from({ length: 1000 }, (_, i) => `45-2019-qh14/dieu-${i + 1}`);
	lines[10] = '45-2019-qh14/dieu-';
	lines[500] = 'Điều 5';
	const r = core.validateAddresses({ lines: lines.join('\n') });
	assert.equal(r.count, 1000);
	assert.equal(r.valid, 998);
	assert.deepEqual(r.invalid.map((x) => x.index), [10, 500]);
	assert.equal(r.invalid[0].offset, 18);
});

test('parseAddresses keeps input order', () => {
	const r = core.parseAddresses({ inputs: ['a/b-1', 'A', 'a'] });
	assert.deepEqual(r.map((x) => x.ok), [true, false, true]);
});

test('normalizeAddress turns citations, NFD and uppercase into the canonical address', () => {
	const cases = [
		['điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14', '45-2019-qh14/dieu-44/khoan-1/diem-dd'],
		['điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14'.normalize('NFD'), '45-2019-qh14/dieu-44/khoan-1/diem-dd'],
		['45-2019-QH14/DIEU-44', '45-2019-qh14/dieu-44'],
	];
	for (const [input, expected] of cases) {
		const r = core.normalizeAddress({ input });
		assert.equal(r.ok, true, JSON.stringify(r));
		assert.equal(r.canonical, expected);
		assert.equal(r.wasCanonical, false);
	}
	assert.equal(core.normalizeAddress({ input: 'Chương IV', defaultDoc: '45/2019/QH14' }).canonical, '45-2019-qh14/chuong-4');
	assert.equal(core.normalizeDocCode({ input: '168/2024/NĐ-CP' }).slug, '168-2024-ndd-cp');
});

test('the default vocabularies come from the core as data', () => {
	const vocabularies = core.defaultVocabularies();
	// vi and en have no id (their language tag names them); the styles of published legislation have one.
	assert.deepEqual(vocabularies.map((v) => v.id ?? v.language), ['vi', 'en', 'us', 'uk', 'commonwealth']);
	assert.deepEqual(vocabularies.map((v) => v.language), ['vi', 'en', 'en-US', 'en-GB', 'en']);
});

test('garbage never traps the instance: 20k random inputs, then the core still answers', () => {
	const alphabet = 'aàáâãđĐ-/_ .0123456789AZz\u0300\u0301\u031b\ud83d\ude00\u0000\n';
	let seed = 42;
	const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
	for (let i = 0; i < 20_000; i++) {
		let s = '';
		const len = rand(300);
		for (let j = 0; j < len; j++) s += alphabet[rand(alphabet.length)];
		core.parseAddress({ input: s });
		core.normalizeAddress({ input: s, defaultDoc: rand(2) ? '45/2019/QH14' : undefined });
		core.normalizeDocCode({ input: s });
	}
	assert.equal(core.parseAddress({ input: 'a/b-1' }).ok, true);
});
