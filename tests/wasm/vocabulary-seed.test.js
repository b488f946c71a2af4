// Migrations seed frozen copies of the shipped vocabularies: iu0001 vi and en, iu0007
// us, uk and commonwealth. Together the copies must equal what the core ships; when the
// core's vocabularies change, a new migration seeds the change and joins this test.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';
import { SECTION_TYPES as IU0001 } from '../../migrations/lib/section-types-iu0001.js';
import { SECTION_TYPES as IU0007 } from '../../migrations/lib/section-types-iu0007.js';

before(async () => {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
});

// legal_document.vocabulary and section_type.vocabulary hold the vocabulary's id (its language tag when it has none).
const shipped = () => core.defaultVocabularies().flatMap((v) => v.section_types.map((t) => ({ ...t, vocabulary: v.id ?? v.language })));
const key = (t) => `${t.vocabulary}:${t.code}`;

test('migrations iu0001 and iu0007 together seed exactly the core default vocabularies', () => {
	const fromCore = shipped();
	const seeded = [...IU0001, ...IU0007];
	assert.deepEqual(seeded.map(key), fromCore.map(key));
	for (const row of seeded) {
		const t = fromCore.find((s) => key(s) === key(row));
		for (const field of ['label', 'address_token', 'level', 'ordinal_style', 'heading_pattern', 'citation_root', 'parents', 'active']) {
			assert.deepEqual(row[field], t[field], `${key(row)}.${field}`);
		}
	}
});

test('iu0001 seeds vi and en, iu0007 the vocabularies us, uk and commonwealth', () => {
	assert.deepEqual([...new Set(IU0001.map((t) => t.vocabulary))], ['vi', 'en']);
	assert.deepEqual([...new Set(IU0007.map((t) => t.vocabulary))], ['us', 'uk', 'commonwealth']);
});

test('every seeded row fits the section_type columns (iu0001: code 32, vocabulary and ordinal_style 16, label 64, heading_pattern 128 characters)', () => {
	for (const t of [...IU0001, ...IU0007]) {
		assert.ok(t.code.length <= 32 && t.address_token.length <= 32 && t.vocabulary.length <= 16 && t.ordinal_style.length <= 16, key(t));
		assert.ok(t.label.length <= 64, key(t));
		assert.ok(t.heading_pattern.length <= 128, `${key(t)}: ${t.heading_pattern.length} characters`);
	}
});
