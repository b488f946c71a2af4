// The CUT / VERIFY core through the WASM bindings, as the Directus glue will call it:
// cut → plan (manifest + sha256) → gates → apply → verify, the ledger chain, aliases, citations.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';

const FIXTURE = readFileSync(new URL('../../core/tests/fixtures/luat-45-2019-qh14-excerpt.txt', import.meta.url), 'utf8');
const DOC_ID = '6f1d2c3b-4a59-4e8f-9a0b-1c2d3e4f5a6b';
const input = (over = {}) => ({
	document_id: DOC_ID,
	source_sha256: core.sha256Hex(FIXTURE),
	effective_from: '2026-07-01T00:00:00+07:00',
	created_at: '2026-06-01T09:00:00Z',
	created_by: 'submitter@example.com',
	...over,
});
const vi = () => core.defaultVocabularies()[0];

before(async () => {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
});

test('cutDocument cuts the Vietnamese excerpt into addressed units with diagnostics as values', () => {
	const r = core.cutDocument(FIXTURE, '45/2019/QH14', 'vi');
	assert.equal(r.ok, true);
	const addresses = r.cut.units.map((u) => u.canonical_address);
	assert.ok(addresses.includes('45-2019-qh14/chuong-1'));
	assert.ok(addresses.some((a) => /\/diem-dd$/.test(a)), 'point đ is addressed as diem-dd');
	assert.equal(new Set(addresses).size, addresses.length, 'addresses are unique');
	for (const d of r.cut.diagnostics) assert.ok(d.line >= 0 && d.code && d.message);
});

test('an unknown vocabulary is an error value, not an exception', () => {
	const r = core.cutDocument(FIXTURE, '45/2019/QH14', 'fr');
	assert.equal(r.ok, false);
	assert.equal(r.error.code, 'unknown-vocabulary');
});

test('planDocument gives a canonical manifest whose sha256 is stable and checkable', () => {
	const a = core.planDocument(FIXTURE, '45/2019/QH14', 'vi', [], input());
	const b = core.planDocument(FIXTURE, '45/2019/QH14', 'vi', '[]', input());
	assert.equal(a.ok, true, JSON.stringify(a.error));
	assert.equal(a.canonicalJson, b.canonicalJson, 'same inputs, byte-identical manifest');
	assert.equal(a.sha256, core.sha256Hex(a.canonicalJson));
	assert.ok(a.manifest.blocks.every((blk) => blk.action === 'create'));
	const read = core.readManifest(a.canonicalJson, a.sha256);
	assert.equal(read.ok, true);
	const forged = core.readManifest(a.canonicalJson, '0'.repeat(64));
	assert.equal(forged.ok, false);
	assert.equal(forged.error.code, 'sha256-mismatch');
	const other = core.planDocument(FIXTURE, '45/2019/QH14', 'vi', [], input({ created_by: 'someone-else' }));
	assert.notEqual(other.sha256, a.sha256);
});

test('apply → verify passes; a unit edited behind the workflow’s back fails VERIFY with evidence', () => {
	const preview = core.planDocument(FIXTURE, '45/2019/QH14', 'vi', [], input());
	const { units } = core.applyManifest(preview.canonicalJson, []);
	const documents = [{ id: DOC_ID, slug: '45-2019-qh14' }];
	const readManifest = core.readManifest(preview.canonicalJson, preview.sha256);
	const clean = core.verifyUnits({ documents, section_types: vi().section_types, units, change_set: readManifest.expectedAfterImages });
	assert.equal(clean.ok, true);
	assert.equal(clean.report.passed, true, JSON.stringify(clean.report.violations.slice(0, 3)));

	const tampered = units.map((u, i) => (i === 3 ? { ...u, body: `${u.body} (sửa trái phép)` } : u));
	const bad = core.verifyUnits(JSON.stringify({ documents, section_types: vi().section_types, units: tampered, change_set: readManifest.expectedAfterImages }));
	assert.equal(bad.report.passed, false);
	const checks = new Set(bad.report.violations.map((v) => v.check));
	assert.ok(checks.has('CONTENT') || checks.has('CHANGESET'), [...checks].join(','));
	assert.ok(bad.report.violations.every((v) => v.message && 'expected' in v && 'found' in v));
});

test('cutGates pass on the approved manifest and list the units that changed since the preview', () => {
	const preview = core.planDocument(FIXTURE, '45/2019/QH14', 'vi', [], input());
	const { units } = core.applyManifest(preview.canonicalJson, []);
	const edited = FIXTURE.replace('Phạm vi điều chỉnh', 'Phạm vi điều chỉnh (sửa đổi)');
	assert.notEqual(edited, FIXTURE);
	const amendment = core.planDocument(edited, '45/2019/QH14', 'vi', units, input({ source_sha256: core.sha256Hex(edited) }));
	assert.equal(amendment.ok, true, JSON.stringify(amendment.error));
	assert.ok(amendment.manifest.blocks.length >= 1);
	const ok = core.cutGates(amendment.canonicalJson, amendment.sha256, units);
	assert.equal(ok.report.passed, true, JSON.stringify(ok.report));

	const target = amendment.manifest.blocks.find((b) => b.action !== 'create');
	const concurrent = units.map((u) => (u.id === target.unit_id ? { ...u, heading: 'đổi song song' } : u));
	const refused = core.cutGates(amendment.canonicalJson, amendment.sha256, concurrent);
	assert.equal(refused.report.passed, false);
	const failed = refused.report.gates.filter((g) => g.verdict !== 'pass').map((g) => JSON.stringify(g));
	assert.ok(failed.some((g) => g.includes(target.unit_id)), failed.join('\n'));
	const wrongSha = core.cutGates(amendment.canonicalJson, preview.sha256, units);
	assert.equal(wrongSha.report.passed, false);
});

test('the ledger chain detects an edited row', () => {
	let prev = null;
	const rows = [];
	for (const [i, content] of [{ step: 'submit' }, { step: 'review', verdict: 'approve' }, { step: 'cut' }].entries()) {
		const r = core.ledgerAppend(prev, 'decision_backlog_history', `h${i}`, content);
		assert.equal(r.ok, true);
		rows.push(r.row);
		prev = r.row;
	}
	assert.equal(core.verifyLedger(rows).passed, true);
	rows[1] = { ...rows[1], content: { step: 'review', verdict: 'reject' } };
	const broken = core.verifyLedger(rows);
	assert.equal(broken.passed, false);
	assert.ok(broken.violations.some((v) => JSON.stringify(v).includes('h1')));
});

test('AliasResolver answers what an old address meant before and after a renumbering', () => {
	const units = [
		{ id: 'u11', canonical_address: '45-2019-qh14/dieu-11', lifecycle_status: 'active' },
		{ id: 'u10a', canonical_address: '45-2019-qh14/dieu-10a', lifecycle_status: 'active' },
	];
	const aliases = [
		{ alias_id: 'x1', target_unit_id: 'u11', alias_text: '45-2019-qh14/dieu-10', alias_kind: 'renumber', valid_from: '2026-07-01T00:00:00+07:00' },
	];
	const resolver = core.AliasResolver.build(units, aliases);
	const after = resolver.resolve('45-2019-qh14/dieu-10', '2026-08-01T00:00:00Z');
	assert.equal(after.outcome, 'alias');
	assert.equal(after.unit_id, 'u11');
	assert.deepEqual(after.chain, ['45-2019-qh14/dieu-10', '45-2019-qh14/dieu-11']);
	const before = resolver.resolve('45-2019-qh14/dieu-10', '2026-01-01T00:00:00Z');
	assert.equal(before.unit_id, 'u11', 'before the renumbering, Điều 10 was this same unit');
	assert.equal(resolver.resolve('45-2019-qh14/dieu-99', Date.parse('2026-08-01')).outcome, 'unknown');
	assert.equal(resolver.resolve('45-2019-qh14/dieu-10', 'yesterday').ok, false);
	const batch = resolver.resolveBatch('45-2019-qh14/dieu-10\n45-2019-qh14/dieu-10a\n45-2019-qh14/x-1', '2026-08-01T00:00:00Z');
	assert.equal(batch.outcomes, 'acu');
	resolver.free();
	assert.throws(() => core.AliasResolver.build(units, [{ ...aliases[0], target_unit_id: 'nope' }]), (e) => e.code === 'unknown-target-unit');
});

test('findCitations returns spans and addresses for citations in running text', () => {
	const text = 'Trường hợp quy định tại điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14 và khoản 2 và khoản 3 Điều 5.';
	const r = core.findCitations(text, '45/2019/QH14', undefined);
	assert.equal(r.ok, true);
	const all = r.citations.flatMap((c) => c.addresses);
	assert.ok(all.includes('45-2019-qh14/dieu-44/khoan-1/diem-dd'));
	assert.ok(all.includes('45-2019-qh14/dieu-5/khoan-2') && all.includes('45-2019-qh14/dieu-5/khoan-3'));
	const bytes = Buffer.from(text);
	const first = r.citations[0];
	assert.match(bytes.subarray(first.span.start, first.span.end).toString(), /^điểm đ khoản 1 Điều 44/);
});
