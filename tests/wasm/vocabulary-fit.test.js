// Which vocabulary fits a text, through the WASM bindings as the preview calls them:
// `vocabularyFit`, and `planDocument`'s `vocabularySuggestion` beside its answer or its refusal.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';

const fixture = (path) => readFileSync(new URL(`../../core/tests/fixtures/${path}`, import.meta.url), 'utf8');
const US_LAW = fixture('legislation/us-plaw-114-190/text.txt');
const UK_ACT = fixture('legislation/uk-ukpga-2002-16/text.txt');
const VI_LAW = fixture('luat-45-2019-qh14-excerpt.txt');
const input = (text) => ({
	document_id: '6f1d2c3b-4a59-4e8f-9a0b-1c2d3e4f5a6b',
	source_sha256: core.sha256Hex({ text }),
	effective_from: '2026-07-01T00:00:00Z',
	created_at: '2026-06-01T09:00:00Z',
	created_by: 'submitter@example.com',
});

before(async () => {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
});

test('a US public law under "en" reads as "us", with both counts', () => {
	const r = core.vocabularyFit({ text: US_LAW, docCode: 'Public Law 114-190', vocabulary: 'en' });
	assert.equal(r.ok, true, JSON.stringify(r));
	const s = r.vocabularySuggestion;
	assert.deepEqual([s.vocabulary, s.name], ['us', 'US federal statutes and the United States Code']);
	assert.ok(s.units >= 2 * s.current.units && s.errors < s.current.errors, JSON.stringify(s));
});

test('a UK act under "vi" reads as "uk"; a Vietnamese law under "vi" suggests nothing', () => {
	assert.equal(core.vocabularyFit({ text: UK_ACT, docCode: '2002 c. 16', vocabulary: 'vi' }).vocabularySuggestion.vocabulary, 'uk');
	assert.deepEqual(core.vocabularyFit({ text: VI_LAW, docCode: '45/2019/QH14', vocabulary: 'vi' }), { ok: true, vocabularySuggestion: null });
});

test('planDocument refuses a US law under "en" (its cut has errors) and names "us" beside the error', () => {
	const r = core.planDocument({ text: US_LAW, docCode: 'Public Law 114-190', vocabulary: 'en', stored: [], input: input(US_LAW) });
	assert.equal(r.ok, false);
	assert.equal(r.error.code, 'cut-has-errors');
	assert.equal(r.vocabularySuggestion.vocabulary, 'us');
	assert.equal(r.massRetire, undefined);
});

test('planDocument of a text that fits its vocabulary answers no suggestion', () => {
	const r = core.planDocument({ text: VI_LAW, docCode: '45/2019/QH14', vocabulary: 'vi', stored: [], input: input(VI_LAW) });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	assert.equal(r.vocabularySuggestion, undefined);
});

test('an unknown vocabulary id is refused, naming the five shipped ones', () => {
	const r = core.vocabularyFit({ text: VI_LAW, docCode: '45/2019/QH14', vocabulary: 'fr' });
	assert.equal(r.ok, false);
	assert.equal(r.error.code, 'unknown-vocabulary');
	assert.match(r.error.hint, /"vi", "en", "us", "uk", "commonwealth"/);
});
