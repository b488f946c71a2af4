// Migration iu0001 seeds a frozen copy of the default vocabularies. Today that
// copy must equal what the core ships; when the core's vocabularies change, a
// new migration seeds the change and this test moves to the cumulative seed.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';
import { SECTION_TYPES } from '../../migrations/lib/section-types-iu0001.js';

before(async () => {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
});

test('migration iu0001 seeds exactly the core default vocabularies', () => {
	const fromCore = core.defaultVocabularies().flatMap((v) =>
		v.section_types.map((t) => ({ ...t, vocabulary: v.language })),
	);
	const key = (t) => `${t.vocabulary}:${t.code}`;
	assert.deepEqual(SECTION_TYPES.map(key), fromCore.map(key));
	for (const seeded of SECTION_TYPES) {
		const shipped = fromCore.find((t) => key(t) === key(seeded));
		for (const field of ['label', 'address_token', 'level', 'ordinal_style', 'heading_pattern', 'citation_root', 'parents', 'active']) {
			assert.deepEqual(seeded[field], shipped[field], `${key(seeded)}.${field}`);
		}
	}
});
