// The history bindings of the embedded core in Node: a real decree (NĐ 75/2021/NĐ-CP, from
// core/tests/fixtures/amend) planned as it would be stored, its ledger rows built from the
// plan, and the document, a unit's versions and the word diffs read back from them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';

const original = readFileSync(new URL('../../core/tests/fixtures/amend/nd-75-2021-nd-cp/original.txt', import.meta.url), 'utf8');
const DOC = '00000000-0000-4000-8000-000000000075';
const FIRST = '2021-09-15T00:00:00+07:00';
const SECOND = '2023-07-01T00:00:00+07:00';

before(async () => {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
});

/** The decree's units as its first CUT stores them. */
function stored() {
	const input = { document_id: DOC, source_sha256: '0'.repeat(64), effective_from: FIRST, created_at: '2021-09-01T00:00:00Z', created_by: 'editor' };
	const r = core.planDocument({ text: original, docCode: '75/2021/NĐ-CP', vocabulary: 'vi', stored: [], input });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	return r.manifest.blocks.map((b) => b.after);
}

const row = (seq, action, effective_from, before, after) => ({
	ledger_seq: String(seq),
	change_set: `cs-${seq}`,
	entry: `entry-${seq}`,
	action,
	unit_id: (after ?? before).id,
	effective_from,
	recorded_at: '2025-01-01T00:00:00Z',
	// As the ledger stores them: JSON text.
	before_image: before ? JSON.stringify(before) : null,
	after_image: after ? JSON.stringify(after) : null,
	amended_by: [],
});

function ledger() {
	const units = stored();
	const rows = units.map((u, i) => row(i + 1, 'create', FIRST, null, u));
	const clause = units.find((u) => u.canonical_address.endsWith('/dieu-3/khoan-1'));
	assert.ok(clause, 'the decree has Điều 3 khoản 1');
	const changed = { ...clause, body: clause.body.replace('1.624.000', '2.055.000') };
	assert.notEqual(changed.body, clause.body);
	rows.push({ ...row(units.length + 1, 'update', SECOND, clause, changed), amended_by: ['55-2023-nd-cp/dieu-1/khoan-1'] });
	return { units, rows, clause, changed };
}

test('documentAt rebuilds the text in force at a date, in document order', () => {
	const { units, rows, clause } = ledger();
	const json = JSON.stringify(rows);
	const sets = JSON.stringify([{ ledger_seq: 1, change_set: 'cs-1', entry: 'entry-1', effective_from: FIRST }, { ledger_seq: rows.length, change_set: `cs-${rows.length}`, entry: `entry-${rows.length}`, effective_from: SECOND }]);
	const before = core.documentAt({ rowsJson: json, at: '2022-01-01', changeSetsJson: sets });
	assert.equal(before.ok, true, JSON.stringify(before.error));
	assert.equal(before.units.length, units.length);
	// Document order is the tree's (issue 30: a position counts among siblings): each unit after its parent,
	// siblings by position.
	const seen = new Map();
	for (const u of before.units) {
		if (u.parent !== null) assert.ok(seen.has(u.parent), `${u.canonical_address} comes after its parent`);
		const last = seen.get(`children of ${u.parent}`) ?? 0;
		assert.ok(u.position > last, `${u.canonical_address}: siblings in position order`);
		seen.set(`children of ${u.parent}`, u.position);
		seen.set(u.id, true);
	}
	assert.match(before.units.find((u) => u.id === clause.id).body, /1\.624\.000 đồng/);
	assert.equal(before.version.change_set, 'cs-1');
	const after = core.documentAt({ rowsJson: json, at: '2023-07-01T00:00:00+07:00', changeSetsJson: sets });
	assert.match(after.units.find((u) => u.id === clause.id).body, /2\.055\.000 đồng/);
	assert.equal(after.version.change_set, `cs-${rows.length}`);
	// Before the first CUT took effect there was no text.
	const none = core.documentAt({ rowsJson: json, at: '2021-01-01' });
	assert.deepEqual([none.units, none.version], [[], null]);
});

test('unitHistory gives each version with its window, change set and text', () => {
	const { rows, clause } = ledger();
	const r = core.unitHistory({ rowsJson: JSON.stringify(rows.filter((x) => x.unit_id === clause.id)) });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	assert.deepEqual(
		r.versions.map((v) => [v.version, v.valid_from, v.valid_until, v.state, v.action]),
		[
			[1, FIRST, SECOND, 'in-force', 'create'],
			[2, SECOND, null, 'in-force', 'update'],
		],
	);
	assert.deepEqual(r.versions[1].amended_by, ['55-2023-nd-cp/dieu-1/khoan-1']);
	assert.equal(r.versions[1].ledger_seq, rows.length);
	assert.equal(r.versions[0].canonical_address, '75-2021-ndd-cp/dieu-3/khoan-1');
	assert.equal(r.versions[0].image, undefined, 'the whole image stays inside the core');
	assert.equal(r.version_at, null, 'no instant asked');
	const clauseRows = JSON.stringify(rows.filter((x) => x.unit_id === clause.id));
	assert.deepEqual(['2021-01-01', '2022-01-01', '2023-06-30T16:59:59Z', '2023-06-30T17:00:00Z'].map((t) => core.unitHistory({ rowsJson: clauseRows, at: t }).version_at), [null, 1, 1, 2]);
	assert.equal(core.unitHistory({ rowsJson: clauseRows, at: 'then' }).error.code, 'IU_BAD_INSTANT');
	// Rows of two units are refused, not merged.
	const mixed = core.unitHistory({ rowsJson: JSON.stringify(rows.slice(0, 2)) });
	assert.equal(mixed.ok, false);
	assert.equal(mixed.error.code, 'IU_MIXED_UNITS');
});

test('diffWords keeps Vietnamese words whole and gives both texts back', () => {
	const a = 'Mức chuẩn trợ cấp ưu đãi là 1.624.000 đồng (sau đây gọi tắt là mức chuẩn).';
	const b = 'Mức chuẩn trợ cấp ưu đãi là 2.055.000 đồng (sau đây gọi là mức chuẩn).';
	const r = core.diffWords({ before: a, after: b });
	assert.equal(r.ok, true);
	assert.deepEqual(r.ops.filter((o) => o.op !== 'equal'), [
		{ op: 'delete', text: '1.624.000' },
		{ op: 'insert', text: '2.055.000' },
		{ op: 'delete', text: ' tắt' },
	]);
	assert.equal(r.ops.filter((o) => o.op !== 'insert').map((o) => o.text).join(''), a);
	assert.equal(r.ops.filter((o) => o.op !== 'delete').map((o) => o.text).join(''), b);
});

test('documentDiff reports the changed clause with its word ops, and counts the rest', () => {
	const { units, rows, clause } = ledger();
	const r = core.documentDiff({ rows: JSON.stringify(rows), from: '2022-01-01', to: '2024-01-01', includeUnchanged: false });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	assert.deepEqual(r.counts, { added: 0, removed: 0, changed: 1, readdressed: 0, unchanged: units.length - 1 });
	assert.equal(r.units.length, 1);
	const [u] = r.units;
	assert.deepEqual([u.status, u.unit_id, u.address_from, u.address_to], ['changed', clause.id, clause.canonical_address, clause.canonical_address]);
	assert.deepEqual(u.body.filter((o) => o.op !== 'equal').map((o) => [o.op, o.text]), [['delete', '1.624.000'], ['insert', '2.055.000']]);
	const all = core.documentDiff({ rows: JSON.stringify(rows), from: '2022-01-01', to: '2024-01-01', includeUnchanged: true });
	assert.equal(all.units.length, units.length);
});

test('bad dates and bad JSON come back as errors naming the field, never as throws', () => {
	const rows = JSON.stringify(ledger().rows);
	const bad = core.documentAt({ rowsJson: rows, at: '01/07/2025' });
	assert.equal(bad.ok, false);
	assert.equal(bad.error.code, 'IU_BAD_INSTANT');
	assert.match(bad.error.reason, /^at: "01\/07\/2025"/);
	assert.match(bad.error.hint, /2025-07-01/);
	assert.match(core.documentDiff({ rows, from: '2022-01-01', to: 'tomorrow', includeUnchanged: false }).error.reason, /^to: /);
	assert.equal(core.documentDiff({ rows: '[{', from: '2022-01-01', to: '2023-01-01', includeUnchanged: false }).error.code, 'invalid-json');
	assert.equal(core.documentAt({ rowsJson: rows, at: '2022-01-01', changeSetsJson: '{"no":1}' }).error.code, 'invalid-json');
	assert.deepEqual(core.readInstant({ field: 'at', value: '2025-07-01T07:00:00+07:00' }), { ok: true, ms: Date.parse('2025-07-01T00:00:00Z'), utc: '2025-07-01T00:00:00.000Z' });
	assert.equal(core.readInstant({ field: 'from', value: '2025-07-01T00:00:00' }).ok, true, 'a time without an offset is read as UTC, as SQLite stores one');
	assert.equal(core.readInstant({ field: 'from', value: '2025-02-30' }).error.code, 'IU_BAD_INSTANT');
});
