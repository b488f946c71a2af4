// The positions upgrade binding (issue 30) of the embedded core in Node: a real decree (NĐ 75/2021/NĐ-CP, from
// core/tests/fixtures/amend) stored as the release before issue 30 stored it — `position` its place in the whole
// document — is moved to sibling positions by position-only updates, and a second upgrade has nothing to do.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';

const original = readFileSync(new URL('../../core/tests/fixtures/amend/nd-75-2021-nd-cp/original.txt', import.meta.url), 'utf8');
const DOC = '00000000-0000-4000-8000-000000000075';
const ACTOR = '00000000-0000-4000-8000-0000000000b1';

before(async () => {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
});

const sectionTypes = () => core.defaultVocabularies().find((v) => (v.id ?? v.language) === 'vi').section_types;
const input = { document_id: DOC, doc: '75-2021-ndd-cp', vocabulary: 'vi', source_sha256: '0'.repeat(64), effective_from: '2027-01-01T00:00:00Z', created_at: '2027-01-01T00:00:00Z', created_by: ACTOR };

/** The decree as stored now (sibling positions), and as the previous release stored it (its place in the document). */
function stores() {
	const r = core.planDocument({ text: original, docCode: '75/2021/NĐ-CP', vocabulary: 'vi', stored: [], input: { document_id: DOC, source_sha256: '0'.repeat(64), effective_from: '2021-09-15T00:00:00+07:00', created_at: '2021-09-01T00:00:00Z', created_by: 'editor' } });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	const now = r.manifest.blocks.map((b) => b.after);
	// Blocks are in document order: the previous release's position is the index.
	const v1 = now.map((u, i) => ({ ...u, position: i }));
	return { now, v1 };
}

test('planPositionUpgrade: a document-position store gets exactly its renumbered units, position only', () => {
	const { now, v1 } = stores();
	const r = core.planPositionUpgrade({ stored: JSON.stringify(v1), input, sectionTypes: sectionTypes() });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	assert.equal(r.gates.passed, true, JSON.stringify(r.gates));
	const envelope = JSON.parse(r.envelope);
	assert.equal(envelope.format, 'iu-cutter-manifest-v2');
	assert.equal(envelope.positions_upgrade, true);
	assert.equal(envelope.created_by, ACTOR);
	const blocks = r.blocks.map((b) => JSON.parse(b));
	const want = now.filter((u, i) => u.position !== v1[i].position);
	assert.ok(want.length > 0);
	assert.equal(r.renumbered, want.length);
	assert.deepEqual(blocks.map((b) => [b.unit_id, b.after.position]).sort(), want.map((u) => [u.id, u.position]).sort());
	for (const b of blocks) {
		assert.equal(b.action, 'update');
		assert.deepEqual(b.changed, ['position']);
		assert.deepEqual({ ...b.after, position: 0 }, { ...b.before, position: 0 });
	}
});

test('planPositionUpgrade: a store already in sibling positions gets an upgrade with no blocks', () => {
	const { now } = stores();
	const r = core.planPositionUpgrade({ stored: JSON.stringify(now), input, sectionTypes: sectionTypes() });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	assert.equal(r.renumbered, 0);
	assert.deepEqual(r.blocks, []);
	assert.equal(JSON.parse(r.envelope).positions_upgrade, true);
});

test('planPositionUpgrade: an empty field is named', () => {
	const { v1 } = stores();
	const r = core.planPositionUpgrade({ stored: JSON.stringify(v1), input: { ...input, vocabulary: '' }, sectionTypes: sectionTypes() });
	assert.equal(r.ok, false);
	assert.match(r.error.reason, /vocabulary/);
});

test('rollbackRefusal: an upgrade and a v1 manifest are never rolled back; any other manifest may be', () => {
	const { v1 } = stores();
	const upgrade = core.planPositionUpgrade({ stored: JSON.stringify(v1), input, sectionTypes: sectionTypes() });
	const refused = core.rollbackRefusal({ envelopeJson: upgrade.envelope });
	assert.equal(refused.ok, true);
	assert.equal(refused.refusal.code, 'rollback-across-positions-upgrade');
	assert.match(refused.refusal.reason, /sibling positions/);
	const v1Envelope = { ...JSON.parse(upgrade.envelope), format: 'iu-cutter-manifest-v1' };
	delete v1Envelope.positions_upgrade;
	assert.equal(core.rollbackRefusal({ envelopeJson: JSON.stringify(v1Envelope) }).refusal.code, 'rollback-across-positions-upgrade');
	const v2Envelope = { ...v1Envelope, format: 'iu-cutter-manifest-v2' };
	assert.equal(core.rollbackRefusal({ envelopeJson: JSON.stringify(v2Envelope) }).refusal, null);
	assert.equal(core.rollbackRefusal({ envelopeJson: '{' }).ok, false);
});
