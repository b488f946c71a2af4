// The amending-law bindings of the embedded core in Node: the real decree pair of
// core/tests/fixtures/amend (NĐ 75/2021/NĐ-CP amended by NĐ 55/2023/NĐ-CP).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';

const fixture = (f) => readFileSync(new URL(`../../core/tests/fixtures/amend/nd-75-2021-nd-cp/${f}`, import.meta.url), 'utf8');
const DOC = '00000000-0000-4000-8000-000000000075';

before(async () => {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
});

/** The original decree's units as the store would hold them after its first CUT. */
function storedOriginal() {
	const input = { document_id: DOC, source_sha256: '0'.repeat(64), effective_from: '2021-09-05T00:00:00Z', created_at: '2021-09-01T00:00:00Z', created_by: 'editor' };
	const r = core.planDocument({ text: fixture('original.txt'), docCode: '75/2021/NĐ-CP', vocabulary: 'vi', stored: [], input });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	return r.manifest.blocks.map((b) => b.after);
}

test('readAmendingLaw lists every instruction with its provision, targets and date', () => {
	const r = core.readAmendingLaw({ text: fixture('amending.txt'), docCode: '55/2023/NĐ-CP', vocabulary: 'vi' });
	assert.equal(r.ok, true);
	assert.equal(r.law.instructions.length, 15);
	assert.deepEqual(r.law.unreadable, []);
	assert.equal(r.law.laws[0].slug, '75-2021-ndd-cp');
	const first = r.law.instructions[0];
	assert.equal(first.provision, 'Điều 1 khoản 1');
	assert.equal(first.effective, '2023-09-05');
	assert.ok(first.targets.length > 0);
});

test('amendPlan applies the amending decree and names the instruction behind every block', () => {
	const stored = storedOriginal();
	const input = { document_id: DOC, source_sha256: '1'.repeat(64), created_at: '2023-08-01T00:00:00Z', created_by: 'editor' };
	const r = core.amendPlan({ amending: [{ text: fixture('amending.txt'), doc_code: '55/2023/NĐ-CP' }], docCode: '75/2021/NĐ-CP', title: null, vocabulary: 'vi', stored: JSON.stringify(stored), input });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	assert.equal(r.steps.length, 15);
	assert.ok(r.steps.every((s) => s.applied && s.for_document), JSON.stringify(r.steps.filter((s) => !s.applied)));
	const envelope = JSON.parse(r.envelope);
	// No effective_from given: the day the decree comes into force, Vietnam time.
	assert.equal(envelope.effective_from, '2023-09-05T00:00:00+07:00');
	assert.equal(envelope.amendment.laws[0].doc_code, '55/2023/NĐ-CP');
	assert.equal(envelope.amendment.steps.length, 15);
	const blocks = r.blocks.map((b) => JSON.parse(b));
	assert.ok(blocks.length > 0);
	for (const b of blocks) assert.ok(b.amended_by?.length > 0, `block ${b.action} ${b.unit_id} names no instruction`);
	// Each step's block indices point at blocks that name it.
	for (const s of r.steps) for (const i of s.blocks) assert.ok(blocks[i].amended_by.includes(s.ref));
});

test('a second application of the same decree plans nothing', () => {
	const stored = storedOriginal();
	const input = { document_id: DOC, source_sha256: '1'.repeat(64), created_at: '2023-08-01T00:00:00Z', created_by: 'editor' };
	const amending = [{ text: fixture('amending.txt'), doc_code: '55/2023/NĐ-CP' }];
	const once = core.amendPlan({ amending, docCode: '75/2021/NĐ-CP', title: null, vocabulary: 'vi', stored: JSON.stringify(stored), input });
	assert.equal(once.ok, true);
	// The manifest's canonical text from its parts (RFC 8785: "blocks" sorts before "envelope").
	const manifest = `{"blocks":[${once.blocks.join(',')}],"envelope":${once.envelope}}`;
	const after = core.applyManifest({ manifestJson: manifest, stored: JSON.stringify(stored) });
	assert.equal(after.ok, true, JSON.stringify(after.error));
	const twice = core.amendPlan({ amending, docCode: '75/2021/NĐ-CP', title: null, vocabulary: 'vi', stored: JSON.stringify(after.units), input });
	assert.equal(twice.ok, true);
	assert.equal(twice.blocks.length, 0, 'the text already says what the decree says');
	// Replacing a unit with the text it has changes nothing; what is gone or no longer there says why.
	for (const s of twice.steps.filter((s) => !s.applied)) assert.ok(s.reason && s.code, JSON.stringify(s));
	// Given what the envelope of the first change set records, the core recognizes its instructions instead.
	const recorded = JSON.parse(once.envelope).amendment.steps.map((s) => ({ ref: s.ref, entry: 'entry-1', cut: true, applied: s.applied }));
	const known = core.amendPlan({ amending, docCode: '75/2021/NĐ-CP', title: null, vocabulary: 'vi', stored: JSON.stringify(after.units), input, recorded });
	assert.equal(known.ok, true, JSON.stringify(known.error));
	assert.ok(known.steps.every((s) => s.status === 'recorded' && s.entry === 'entry-1' && s.recorded_applied === true), JSON.stringify(known.steps[0]));
	assert.deepEqual(known.dates.map((d) => [d.date, d.state, d.entries]), [['2023-09-05', 'cut', ['entry-1']]]);
	assert.equal(known.plannedDate, undefined, 'nothing planned');
	// Submitted but not cut: the next plan waits for it.
	const open = core.amendPlan({ amending, docCode: '75/2021/NĐ-CP', title: null, vocabulary: 'vi', stored: JSON.stringify(stored), input, recorded: recorded.map((r) => ({ ...r, cut: false })) });
	assert.deepEqual(open.waiting, ['entry-1']);
	assert.equal(JSON.parse(open.envelope).amendment.steps.length, 0);
});

test('bad input comes back as a value', () => {
	const r = core.amendPlan({ amending: [{ text: 'x', doc_code: '55/2023/NĐ-CP' }], docCode: '', title: null, vocabulary: 'vi', stored: '[]', input: { document_id: DOC, source_sha256: '1'.repeat(64), created_at: '2023-08-01T00:00:00Z', created_by: 'e' } });
	assert.equal(r.ok, false);
	assert.equal(r.error.code, 'invalid-doc-code');
	const bad = core.amendPlan({ amending: '{not json', docCode: '75/2021/NĐ-CP', title: null, vocabulary: 'vi', stored: '[]', input: {} });
	assert.equal(bad.ok, false);
	assert.equal(bad.error.code, 'invalid-json');
});
