// The embedded core's followText and undoneChangeSets in Node (issue 31, item 5), on a real decree
// (NĐ 75/2021/NĐ-CP, from core/tests/fixtures/amend; SOURCE.md there): after one of its units changes, the text
// followText answers cuts into exactly the units (a plan from it has no block), keeps the decree's preamble and
// signature; the decree's own text is kept as it is when it cuts into the units; and a plan from the decree as
// issued is named as undoing the change set that changed the unit.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';

const original = readFileSync(new URL('../../core/tests/fixtures/amend/nd-75-2021-nd-cp/original.txt', import.meta.url), 'utf8');
const CODE = '75/2021/NĐ-CP';
const DOC = '00000000-0000-4000-8000-000000000075';

before(async () => {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
});

const input = (created_at) => ({ document_id: DOC, source_sha256: '0'.repeat(64), effective_from: '2021-09-15T00:00:00+07:00', created_at, created_by: 'editor' });

function plan(text, stored) {
	const r = core.planDocument({ text, docCode: CODE, vocabulary: 'vi', stored, input: input('2025-01-01T00:00:00Z') });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	return r.manifest;
}

/** The decree as its first CUT stores it, and the same with one clause's amount changed (as NĐ 55/2023 did). */
function stores() {
	const units = plan(original, []).blocks.map((b) => b.after);
	const i = units.findIndex((u) => u.canonical_address.endsWith('/dieu-3/khoan-1'));
	assert.ok(i >= 0, 'the decree has Điều 3 khoản 1');
	const changed = { ...units[i], body: units[i].body.replace('1.624.000', '2.055.000') };
	assert.notEqual(changed.body, units[i].body);
	const hashed = core.planDocument({ text: original.replace('1.624.000', '2.055.000'), docCode: CODE, vocabulary: 'vi', stored: units, input: input('2025-02-01T00:00:00Z') });
	assert.equal(hashed.ok, true);
	const update = hashed.manifest.blocks.find((b) => b.unit_id === units[i].id);
	assert.ok(update, 'the changed text plans an update of the clause');
	const after = units.map((u, k) => (k === i ? update.after : u));
	return { units, after, update };
}

test('followText: the text of the live units cuts back into them, with the decree\'s head and tail', () => {
	const { after, update } = stores();
	const r = core.followText({ units: JSON.stringify(after), vocabulary: 'vi', docCode: CODE, current: original });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	assert.equal(r.kept, false, 'the decree as issued no longer describes the units');
	assert.deepEqual(r.differs, []);
	assert.equal(r.sha256, core.sha256Hex({ text: r.text }));
	assert.ok(r.text.includes(update.after.body) && !r.text.includes(update.before.body), 'the changed clause is in the text, its old wording is not');
	assert.ok(r.text.startsWith(original.slice(0, original.indexOf('Điều 1.'))), 'the preamble is kept');
	assert.ok(r.text.includes('Nơi nhận'), 'the closing is kept');
	// A plan from it changes nothing.
	const m = plan(r.text, after);
	assert.deepEqual(m.blocks, []);
	// Once stored, it is kept as it is; so is the decree's own text over its own units.
	const again = core.followText({ units: JSON.stringify(after), vocabulary: 'vi', docCode: CODE, current: r.text });
	assert.equal(again.kept, true);
	assert.equal(again.text, r.text);
	const own = core.followText({ units: stores().units, vocabulary: 'vi', docCode: CODE, current: original });
	assert.equal(own.kept, true);
	assert.equal(own.text, original);
});

test('followText refuses what it cannot read with a reason, never a trap', () => {
	const bad = core.followText({ units: 'not json', vocabulary: 'vi', docCode: CODE, current: original });
	assert.equal(bad.ok, false);
	assert.equal(bad.error.code, 'invalid-json');
	const vocabulary = core.followText({ units: '[]', vocabulary: 'no-such-vocabulary', docCode: CODE, current: original });
	assert.equal(vocabulary.ok, false);
});

test('undoneChangeSets: a plan from the decree as issued undoes the change set that changed the clause', () => {
	const { units, after, update } = stores();
	const image = (seq, cs, action, b, a) => ({
		ledger_seq: String(seq),
		change_set: cs,
		entry: `entry-${cs}`,
		action,
		unit_id: (a ?? b).id,
		effective_from: '2021-09-15',
		recorded_at: '2025-01-01T00:00:00Z',
		before_image: b ? JSON.stringify(b) : null,
		after_image: a ? JSON.stringify(a) : null,
		amended_by: [],
	});
	const rows = [...units.map((u, k) => image(k + 1, 'import', 'create', null, u)), image(units.length + 1, 'amendment', 'update', update.before, update.after)];
	const stale = plan(original, after);
	assert.equal(stale.blocks.length, 1);
	const r = core.undoneChangeSets({ blocks: JSON.stringify(stale.blocks), rows: JSON.stringify(rows) });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	assert.equal(r.undone.length, 1);
	assert.equal(r.undone[0].change_set, 'amendment');
	assert.deepEqual(r.undone[0].units.map((u) => [u.canonical_address, u.action, u.sets_back]), [[update.after.canonical_address, 'update', ['content']]]);
	// The text as it is now undoes nothing.
	const now = core.followText({ units: JSON.stringify(after), vocabulary: 'vi', docCode: CODE, current: original }).text;
	assert.deepEqual(core.undoneChangeSets({ blocks: JSON.stringify(plan(now, after).blocks), rows: JSON.stringify(rows) }).undone, []);
	assert.equal(core.undoneChangeSets({ blocks: '[', rows: '[]' }).ok, false);
});
