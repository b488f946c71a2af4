// The CUT / VERIFY core through the WASM bindings, as the Directus glue will call it:
// cut → plan (manifest + sha256) → gates → apply → verify, the ledger chain, aliases, citations.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';

const FIXTURE = readFileSync(new URL('../../core/tests/fixtures/luat-45-2019-qh14-excerpt.txt', import.meta.url), 'utf8');
const DOC_ID = '6f1d2c3b-4a59-4e8f-9a0b-1c2d3e4f5a6b';
const input = (over = {}) => ({
	document_id: DOC_ID,
	source_sha256: core.sha256Hex({ text: FIXTURE }),
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
	const r = core.cutDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi' });
	assert.equal(r.ok, true);
	const addresses = r.cut.units.map((u) => u.canonical_address);
	assert.ok(addresses.includes('45-2019-qh14/chuong-1'));
	assert.ok(addresses.some((a) => /\/diem-dd$/.test(a)), 'point đ is addressed as diem-dd');
	assert.equal(new Set(addresses).size, addresses.length, 'addresses are unique');
	for (const d of r.cut.diagnostics) assert.ok(d.line >= 0 && d.code && d.message);
});

// The server build hashes with sha2's WASM SIMD backend (scripts/build.sh), which no Rust test
// runs: node:crypto checks it on every length around the block and padding edges (55/56/64 bytes),
// and on every unit of a real act, whose content hash is sha256 of RFC 8785 JSON (for strings,
// the escaping of JSON.stringify).
test('SHA-256 in the server build equals node:crypto: texts of every length, and the content hash of every unit', () => {
	const node = (s) => createHash('sha256').update(s, 'utf8').digest('hex');
	for (let n = 0; n <= 300; n++) {
		const text = 'Điều\n"a"'.repeat(30).slice(0, n);
		assert.equal(core.sha256Hex({ text }), node(text), `length ${n}`);
	}
	const r = core.cutDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi' });
	assert.ok(r.cut.units.length > 10);
	for (const u of r.cut.units) {
		const json = `{"body":${JSON.stringify(u.body)},"heading":${JSON.stringify(u.heading ?? null)}}`;
		assert.equal(u.content_sha256, node(json), u.canonical_address);
	}
});

test('an unknown vocabulary is an error value, not an exception', () => {
	const r = core.cutDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'fr' });
	assert.equal(r.ok, false);
	assert.equal(r.error.code, 'unknown-vocabulary');
});

test('planDocument gives a canonical manifest whose sha256 is stable and checkable', () => {
	const a = core.planDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi', stored: [], input: input() });
	const b = core.planDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi', stored: '[]', input: input() });
	assert.equal(a.ok, true, JSON.stringify(a.error));
	assert.equal(a.canonicalJson, b.canonicalJson, 'same inputs, byte-identical manifest');
	assert.equal(a.sha256, core.sha256Hex({ text: a.canonicalJson }));
	assert.ok(a.manifest.blocks.every((blk) => blk.action === 'create'));
	const read = core.readManifest({ json: a.canonicalJson, claimedSha256: a.sha256 });
	assert.equal(read.ok, true);
	const forged = core.readManifest({ json: a.canonicalJson, claimedSha256: '0'.repeat(64) });
	assert.equal(forged.ok, false);
	assert.equal(forged.error.code, 'sha256-mismatch');
	const other = core.planDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi', stored: [], input: input({ created_by: 'someone-else' }) });
	assert.notEqual(other.sha256, a.sha256);
});

test('apply → verify passes; a unit edited behind the workflow’s back fails VERIFY with evidence', () => {
	const preview = core.planDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi', stored: [], input: input() });
	const { units } = core.applyManifest({ manifestJson: preview.canonicalJson, stored: [] });
	const documents = [{ id: DOC_ID, slug: '45-2019-qh14' }];
	const readManifest = core.readManifest({ json: preview.canonicalJson, claimedSha256: preview.sha256 });
	const clean = core.verifyUnits({ input: { documents, section_types: vi().section_types, units, change_set: readManifest.expectedAfterImages } });
	assert.equal(clean.ok, true);
	assert.equal(clean.report.passed, true, JSON.stringify(clean.report.violations.slice(0, 3)));

	const tampered = units.map((u, i) => (i === 3 ? { ...u, body: `${u.body} (sửa trái phép)` } : u));
	const bad = core.verifyUnits({ input: JSON.stringify({ documents, section_types: vi().section_types, units: tampered, change_set: readManifest.expectedAfterImages }) });
	assert.equal(bad.report.passed, false);
	const checks = new Set(bad.report.violations.map((v) => v.check));
	assert.ok(checks.has('CONTENT') || checks.has('CHANGESET'), [...checks].join(','));
	assert.ok(bad.report.violations.every((v) => v.message && 'expected' in v && 'found' in v));
});

test('cutGates pass on the approved manifest and list the units that changed since the preview', () => {
	const preview = core.planDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi', stored: [], input: input() });
	const { units } = core.applyManifest({ manifestJson: preview.canonicalJson, stored: [] });
	const edited = FIXTURE.replace('Phạm vi điều chỉnh', 'Phạm vi điều chỉnh (sửa đổi)');
	assert.notEqual(edited, FIXTURE);
	const amendment = core.planDocument({ text: edited, docCode: '45/2019/QH14', vocabulary: 'vi', stored: units, input: input({ source_sha256: core.sha256Hex({ text: edited }) }) });
	assert.equal(amendment.ok, true, JSON.stringify(amendment.error));
	assert.ok(amendment.manifest.blocks.length >= 1);
	const ok = core.cutGates({ manifestJson: amendment.canonicalJson, approvedSha256: amendment.sha256, storedNow: units });
	assert.equal(ok.report.passed, true, JSON.stringify(ok.report));

	const target = amendment.manifest.blocks.find((b) => b.action !== 'create');
	const concurrent = units.map((u) => (u.id === target.unit_id ? { ...u, heading: 'đổi song song' } : u));
	const refused = core.cutGates({ manifestJson: amendment.canonicalJson, approvedSha256: amendment.sha256, storedNow: concurrent });
	assert.equal(refused.report.passed, false);
	const failed = refused.report.gates.filter((g) => g.verdict !== 'pass').map((g) => JSON.stringify(g));
	assert.ok(failed.some((g) => g.includes(target.unit_id)), failed.join('\n'));
	const wrongSha = core.cutGates({ manifestJson: amendment.canonicalJson, approvedSha256: preview.sha256, storedNow: units });
	assert.equal(wrongSha.report.passed, false);
});

test('the ledger chain detects an edited row', () => {
	let prev = null;
	const rows = [];
	for (const [i, content] of [{ step: 'submit' }, { step: 'review', verdict: 'approve' }, { step: 'cut' }].entries()) {
		const r = core.ledgerAppend({ prev, collection: 'decision_backlog_history', id: `h${i}`, content });
		assert.equal(r.ok, true);
		rows.push(r.row);
		prev = r.row;
	}
	assert.equal(core.verifyLedger({ rows }).passed, true);
	rows[1] = { ...rows[1], content: { step: 'review', verdict: 'reject' } };
	const broken = core.verifyLedger({ rows });
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
	const resolver = core.AliasResolver.build({ units, aliases });
	const after = resolver.resolve({ address: '45-2019-qh14/dieu-10', at: '2026-08-01T00:00:00Z' });
	assert.equal(after.outcome, 'alias');
	assert.equal(after.unit_id, 'u11');
	assert.deepEqual(after.chain, ['45-2019-qh14/dieu-10', '45-2019-qh14/dieu-11']);
	const before = resolver.resolve({ address: '45-2019-qh14/dieu-10', at: '2026-01-01T00:00:00Z' });
	assert.equal(before.unit_id, 'u11', 'before the renumbering, Điều 10 was this same unit');
	assert.equal(resolver.resolve({ address: '45-2019-qh14/dieu-99', at: Date.parse('2026-08-01') }).outcome, 'unknown');
	assert.equal(resolver.resolve({ address: '45-2019-qh14/dieu-10', at: 'yesterday' }).ok, false);
	const batch = resolver.resolveBatch({ lines: '45-2019-qh14/dieu-10\n45-2019-qh14/dieu-10a\n45-2019-qh14/x-1', at: '2026-08-01T00:00:00Z' });
	assert.equal(batch.outcomes, 'acu');
	// resolveJson: every answer `resolve` gives, in order, as one JSON text (repeats and quotes included).
	const asked = ['45-2019-qh14/dieu-10', '45-2019-qh14/dieu-10a', '45-2019-qh14/x-1', '45-2019-qh14/dieu-10', 'a "quoted"\nline'];
	const json = resolver.resolveJson({ addresses: JSON.stringify(asked), at: '2026-08-01T00:00:00Z' });
	assert.equal(json.ok, true);
	assert.equal(json.count, asked.length);
	assert.deepEqual(JSON.parse(json.json), asked.map((a) => resolver.resolve({ address: a, at: '2026-08-01T00:00:00Z' })));
	assert.equal(resolver.resolveJson({ addresses: '[]', at: '2026-08-01T00:00:00Z' }).json, '[]');
	const badTime = resolver.resolveJson({ addresses: JSON.stringify(asked), at: 'yesterday' });
	assert.equal(badTime.ok, false);
	const badList = resolver.resolveJson({ addresses: '["a", 7]', at: '2026-08-01T00:00:00Z' });
	assert.equal(badList.ok, false);
	assert.equal(badList.error.code, 'invalid-json');
	resolver.free();
	assert.throws(() => core.AliasResolver.build({ units, aliases: [{ ...aliases[0], target_unit_id: 'nope' }] }), (e) => e.code === 'unknown-target-unit');
});

test('findCitations returns spans and addresses for citations in running text', () => {
	const text = 'Trường hợp quy định tại điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14 và khoản 2 và khoản 3 Điều 5.';
	const r = core.findCitations({ text, currentDoc: '45/2019/QH14' });
	assert.equal(r.ok, true);
	const all = r.citations.flatMap((c) => c.addresses);
	assert.ok(all.includes('45-2019-qh14/dieu-44/khoan-1/diem-dd'));
	assert.ok(all.includes('45-2019-qh14/dieu-5/khoan-2') && all.includes('45-2019-qh14/dieu-5/khoan-3'));
	const bytes = Buffer.from(text);
	const first = r.citations[0];
	assert.match(bytes.subarray(first.span.start, first.span.end).toString(), /^điểm đ khoản 1 Điều 44/);
});

// ---------------------------------------------------------------- governed cycle: scope, rollback, ledger batches, rules

const DOCUMENTS = [{ id: DOC_ID, slug: '45-2019-qh14' }];
const stored0 = () => {
	const preview = core.planDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi', stored: [], input: input() });
	return core.applyManifest({ manifestJson: preview.canonicalJson, stored: [] }).units;
};
const verifyAgainst = (units, read) =>
	core.verifyUnits({ input: { documents: DOCUMENTS, section_types: vi().section_types, units, change_set: read.expectedAfterImages } }).report;

test('a scope of one unchanged unit plans one confirm block, writes nothing and verifies', () => {
	const units = stored0();
	const target = units.find((u) => u.canonical_address === '45-2019-qh14/dieu-2/khoan-2');
	const preview = core.planDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi', stored: units, input: input({ scope: [target.canonical_address] }) });
	assert.equal(preview.ok, true, JSON.stringify(preview.error));
	assert.equal(preview.manifest.blocks.length, 1);
	const [block] = preview.manifest.blocks;
	assert.equal(block.action, 'confirm');
	assert.deepEqual(block.before, block.after);
	assert.equal(block.before_sha256, block.after_sha256);
	assert.deepEqual(block.changed, []);
	assert.equal(preview.manifest.envelope.counts.confirm, 1);
	assert.deepEqual(preview.manifest.envelope.scope, [target.canonical_address]);
	const read = core.readManifest({ json: preview.canonicalJson, claimedSha256: preview.sha256 });
	assert.deepEqual(read.writeSteps, [], 'the unit does not change, so nothing is written');
	assert.deepEqual(read.expectedAfterImages, [{ unit_id: target.id, after_sha256: block.after_sha256 }]);
	assert.equal(core.cutGates({ manifestJson: preview.canonicalJson, approvedSha256: preview.sha256, storedNow: units }).report.passed, true);
	const after = core.applyManifest({ manifestJson: preview.canonicalJson, stored: units }).units;
	assert.deepEqual(after, units);
	assert.equal(verifyAgainst(after, read).passed, true);

	const unknown = core.planDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi', stored: units, input: input({ scope: ['45-2019-qh14/dieu-99'] }) });
	assert.equal(unknown.ok, false);
	assert.equal(unknown.error.code, 'scope-unknown-address');
	assert.match(unknown.error.reason, /45-2019-qh14\/dieu-99/);
	assert.ok(unknown.error.hint);
});

test('plan → apply → rollbackManifest → apply gives back the store, unit for unit', () => {
	const units = stored0();
	// A new Điều 2 (create) pushes the old one to 2a with its clauses (readdress, vacated first); clause 4 of the old Điều 2 is dropped (retire).
	const edited = FIXTURE.replace('Điều 2. Đối tượng áp dụng', 'Điều 2. Nguyên tắc\nBảo đảm quyền của người lao động.\n\nĐiều 2a. Đối tượng áp dụng').replace(
		'4. Cơ quan, tổ chức, cá nhân khác có liên quan trực tiếp đến quan hệ lao động.\n',
		'',
	);
	assert.notEqual(edited, FIXTURE);
	const cut = core.planDocument({ text: edited, docCode: '45/2019/QH14', vocabulary: 'vi', stored: units, input: input({ source_sha256: core.sha256Hex({ text: edited }) }) });
	assert.equal(cut.ok, true, JSON.stringify(cut.error));
	const actions = new Set(cut.manifest.blocks.map((b) => b.action));
	for (const a of ['create', 'readdress', 'retire']) assert.ok(actions.has(a), `${a} in ${[...actions]}`);
	const after = core.applyManifest({ manifestJson: cut.canonicalJson, stored: units }).units;

	const rb = core.rollbackManifest({ manifestJson: cut.canonicalJson, stored: after, input: { created_at: '2026-06-02T09:00:00Z', created_by: 'DOT-991', effective_from: '2026-07-02T00:00:00+07:00' } });
	assert.equal(rb.ok, true, JSON.stringify(rb.error));
	assert.equal(rb.sha256, core.sha256Hex({ text: rb.canonicalJson }));
	assert.equal(rb.manifest.envelope.rollback_of, cut.sha256);
	assert.equal(rb.manifest.envelope.source_sha256, cut.manifest.envelope.source_sha256);
	assert.equal(rb.manifest.envelope.enact, false);
	assert.equal(rb.manifest.envelope.counts.remove, cut.manifest.envelope.counts.create);
	assert.equal(rb.manifest.envelope.counts.aliases, 0);
	const read = core.readManifest({ json: rb.canonicalJson, claimedSha256: rb.sha256 });
	assert.equal(read.ok, true, JSON.stringify(read.error));
	const removes = read.writeSteps.filter((s) => s.step === 'remove');
	assert.equal(removes.length, cut.manifest.envelope.counts.create);
	assert.deepEqual(read.writeSteps.slice(0, removes.length), removes, 'removes come first');
	assert.ok(read.expectedAfterImages.some((e) => e.after_sha256 === null));
	assert.equal(core.cutGates({ manifestJson: rb.canonicalJson, approvedSha256: rb.sha256, storedNow: after }).report.passed, true);
	assert.equal(core.resultGates({ manifestJson: rb.canonicalJson, storedNow: after, sectionTypes: vi().section_types }).report.passed, true);

	const restored = core.applyManifest({ manifestJson: rb.canonicalJson, stored: after }).units;
	assert.deepEqual(restored, units);
	assert.equal(verifyAgainst(restored, read).passed, true);
	// Before the rollback is written, VERIFY sees the units it removes still there.
	const early = verifyAgainst(after, read);
	assert.ok(early.violations.some((v) => v.code === 'unit-not-removed'));

	// Once the store moved on, the rollback is refused naming the unit.
	const target = cut.manifest.blocks.find((b) => b.action === 'readdress');
	const moved = after.map((u) => (u.id === target.unit_id ? { ...u, heading: 'sửa sau CUT' } : u));
	const refused = core.rollbackManifest({ manifestJson: cut.canonicalJson, stored: JSON.stringify(moved), input: { created_at: '2026-06-02T09:00:00Z', created_by: 'DOT-991', effective_from: '2026-07-02T00:00:00Z' } });
	assert.equal(refused.ok, false);
	assert.equal(refused.error.code, 'rollback-unsafe');
	assert.ok(refused.error.reason.includes(target.unit_id), refused.error.reason);
	assert.ok(refused.error.hint);
});

test('workflowCheck allows the governed cycle and refuses with kind, code, message and rule', () => {
	const history = [
		{ event: 'submitted', actor: 'editor@example.com' },
		{ event: 'approved', actor: 'reviewer@example.com' },
		{ event: 'cut', actor: 'DOT-991' },
	];
	assert.deepEqual(core.workflowCheck({ step: 'verify', history, actor: 'DOT-992' }), { ok: true, allowed: true, state: 'cut' });
	const self = core.workflowCheck({ step: 'verify', history, actor: 'DOT-991' });
	assert.equal(self.ok, true);
	assert.equal(self.allowed, false);
	assert.equal(self.state, 'cut');
	assert.deepEqual(
		{ kind: self.refusal.kind, code: self.refusal.code, rule: self.refusal.rule },
		{ kind: 'two-person', code: 'IU_TWO_PERSON_VERIFY', rule: 'verifier ≠ executor' },
	);
	const own = core.workflowCheck({ step: 'review', history: history.slice(0, 1), actor: 'editor@example.com' });
	assert.equal(own.refusal.code, 'IU_TWO_PERSON_REVIEW');
	assert.equal(own.refusal.kind, 'two-person');
	assert.match(own.refusal.message, /submitted by editor@example\.com/);
	const again = core.workflowCheck({ step: 'cut', history: JSON.stringify(history), actor: 'DOT-991' });
	assert.deepEqual([again.refusal.kind, again.refusal.code], ['wrong-state', 'IU_ALREADY_APPLIED']);
	assert.equal(again.refusal.rule, null);
	const reviewed = core.workflowCheck({ step: 'review', history: history.slice(0, 2), actor: 'third@example.com' });
	assert.match(reviewed.refusal.message, /already reviewed/);
	const corrupt = core.workflowCheck({ step: 'verify', history: history.slice(1), actor: 'DOT-992' });
	assert.deepEqual([corrupt.allowed, corrupt.refusal.kind, corrupt.refusal.code], [false, 'corrupt-history', 'IU_HISTORY_CORRUPT']);
	assert.equal(core.workflowCheck({ step: 'sweep', history: [], actor: 'DOT-991' }).state, null);

	const badStep = core.workflowCheck({ step: 'approve', history, actor: 'DOT-992' });
	assert.equal(badStep.ok, false);
	assert.equal(badStep.error.code, 'unknown-step');
	const badEvent = core.workflowCheck({ step: 'verify', history: [...history, { event: 'rolled_back', actor: 'x' }], actor: 'DOT-992' });
	assert.equal(badEvent.ok, false);
	assert.match(badEvent.error.reason, /rolled_back/);
	assert.equal(core.workflowCheck({ step: 'verify', history, actor: ' ' }).error.code, 'empty-field');
});

test('ledgerChain appends a batch in one call and the chain verifies', () => {
	const first = core.ledgerAppend({ prev: null, collection: 'manifest_envelope', id: 'm1', content: { sha256: 'a'.repeat(64) } }).row;
	const batch = core.ledgerChain({ prev: first, rows: [
		{ collection: 'cut_change_set', id: 'c1', content: { manifest: 'a'.repeat(64) } },
		{ collection: 'cut_change_set_affected_row', id: 'r1', content: { unit: 'u1', after_sha256: null } },
		{ collection: 'dot_pair_signature', id: 's1', content: { signer: 'DOT-991', role: 'executor' } },
	] });
	assert.equal(batch.ok, true, JSON.stringify(batch.error));
	assert.equal(batch.rows.length, 3);
	assert.equal(batch.rows[0].prev_hash, first.row_hash);
	assert.equal(batch.rows[2].prev_hash, batch.rows[1].row_hash);
	assert.equal(core.verifyLedger({ rows: batch.rows, anchor: first.row_hash }).passed, true);
	assert.equal(core.verifyLedger({ rows: [first, ...batch.rows] }).passed, true);
	// The same rows one by one give the same hashes.
	let prev = first;
	for (const row of batch.rows) {
		const next = core.ledgerAppend({ prev, collection: row.collection, id: row.id, content: row.content }).row;
		assert.equal(next.row_hash, row.row_hash);
		prev = next;
	}
	const fresh = core.ledgerChain({ prev: null, rows: JSON.stringify([{ collection: 'x', id: '1', content: {} }]) });
	assert.equal(fresh.rows[0].prev_hash, null);
	assert.equal(core.ledgerChain({ prev: null, rows: [{ collection: 'x' }] }).ok, false);
});

test('lean answers for large documents carry the same data as text: planDocument, readManifest, ledgerChain', () => {
	const full = core.planDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi', stored: '[]', input: input() });
	const lean = core.planDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi', stored: '[]', input: input(), lean: true });
	assert.equal(lean.ok, true, JSON.stringify(lean.error));
	assert.equal(lean.cut, undefined);
	assert.equal(lean.manifest, undefined);
	assert.deepEqual(JSON.parse(lean.cutJson), full.cut);
	assert.equal(lean.canonicalJson, full.canonicalJson);
	assert.deepEqual(JSON.parse(lean.canonicalJson), full.manifest, 'the manifest is its canonical JSON');
	assert.equal(lean.sha256, full.sha256);

	const read = core.readManifest({ json: full.canonicalJson, claimedSha256: full.sha256 });
	const leanRead = core.readManifest({ json: full.canonicalJson, claimedSha256: full.sha256.toUpperCase(), lean: true });
	assert.equal(leanRead.ok, true, JSON.stringify(leanRead.error));
	assert.equal(leanRead.manifest, undefined);
	assert.equal(leanRead.expectedAfterImages, undefined);
	assert.equal(leanRead.sha256, full.sha256);
	assert.deepEqual(leanRead.writeSteps, read.writeSteps);
	assert.equal(core.readManifest({ json: full.canonicalJson, claimedSha256: '0'.repeat(64), lean: true }).error.code, 'sha256-mismatch');

	// Not canonical (indented) but the same manifest: read the long way, same sha256; one changed field: refused.
	const indented = JSON.stringify(JSON.parse(full.canonicalJson), null, 2);
	const slow = core.readManifest({ json: indented, claimedSha256: full.sha256 });
	assert.equal(slow.ok, true, JSON.stringify(slow.error));
	assert.equal(slow.sha256, full.sha256);
	const edited = full.canonicalJson.replace('"action":"create"', '"action":"update"');
	assert.equal(core.readManifest({ json: edited, claimedSha256: null }).ok, false);

	const rows = [1, 2, 3].map((n) => ({ collection: 'x', id: `r${n}`, content: { id: `r${n}`, ledger_seq: n, note: `row ${n}` } }));
	const chained = core.ledgerChain({ prev: null, rows: JSON.stringify(rows) });
	const hashes = core.ledgerChain({ prev: null, rows: JSON.stringify(rows), lean: true });
	assert.equal(hashes.ok, true);
	assert.equal(hashes.rows, undefined);
	assert.deepEqual(hashes.hashes, chained.rows.map((r) => [r.prev_hash, r.row_hash]));
});

test('cutCheckParts reads the stored parts a block per line: the gates, the write steps and the result hash of the approved manifest; any edited or re-formatted block is refused', () => {
	const plan = core.planDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi', stored: '[]', input: input(), lean: true, sectionTypes: vi().section_types, parts: true });
	assert.equal(plan.ok, true, JSON.stringify(plan.error));
	const full = core.planDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi', stored: '[]', input: input() });
	const lines = plan.blocks.join('\n');
	const check = (blockLines, approved = plan.sha256) => core.cutCheckParts({ documentId: DOC_ID, envelope: plan.envelope, blockLines, entrySha256: plan.sha256, approvedSha256: approved, storedNow: '[]', sectionTypes: vi().section_types });

	const ok = check(lines);
	assert.equal(ok.ok, true, JSON.stringify(ok.error));
	assert.equal(ok.before.passed, true);
	assert.equal(ok.after.passed, true);
	assert.deepEqual(ok.writeSteps, core.readManifest({ json: full.canonicalJson, claimedSha256: full.sha256 }).writeSteps);
	assert.equal(ok.resultSha256, core.baseSha256({ documentId: DOC_ID, units: core.applyManifest({ manifestJson: full.canonicalJson, stored: [] }).units }).sha256);

	// Not the approved manifest: read, but the manifest-approved gate fails.
	const other = check(lines, '0'.repeat(64));
	assert.equal(other.ok, true);
	assert.equal(other.before.gates.find((g) => g.name === 'manifest-approved').verdict, 'fail');

	// One block's body edited in the store: the parts no longer hash to the entry's sha256.
	const edited = [...plan.blocks];
	edited[1] = edited[1].replace('"body":"', '"body":"X');
	assert.equal(check(edited.join('\n')).error.code, 'sha256-mismatch');
	// A block re-formatted with line feeds: the same values, but not the approved bytes.
	const pretty = [...plan.blocks];
	pretty[0] = JSON.stringify(JSON.parse(pretty[0]), null, 1);
	assert.equal(check(pretty.join('\n')).ok, false);
	// A block left out.
	assert.equal(check(plan.blocks.slice(1).join('\n')).ok, false);
});

test('CutCheck fed the stored blocks in slices answers what cutCheckParts answers, refusals included; writesInBlockOrder reads the envelope', () => {
	const plan = core.planDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi', stored: '[]', input: input(), lean: true, sectionTypes: vi().section_types, parts: true });
	assert.equal(plan.ok, true, JSON.stringify(plan.error));
	const whole = (blocks) => core.cutCheckParts({ documentId: DOC_ID, envelope: plan.envelope, blockLines: blocks.join('\n'), entrySha256: plan.sha256, approvedSha256: plan.sha256, storedNow: '[]', sectionTypes: vi().section_types });
	const sliced = (blocks, size, envelope = plan.envelope) => {
		const check = new core.CutCheck({ documentId: DOC_ID, envelope, entrySha256: plan.sha256, approvedSha256: plan.sha256 });
		try {
			for (let i = 0; i < blocks.length; i += size) {
				const added = check.add({ blockLines: blocks.slice(i, i + size).join('\n') });
				// A line each (a block re-formatted with line feeds is read as its lines).
				if (!blocks.some((b) => b.includes('\n'))) assert.deepEqual(added, { ok: true, blocks: Math.min(i + size, blocks.length) });
			}
			return { order: check.writesInBlockOrder(), answer: check.finish({ storedNow: '[]', sectionTypes: vi().section_types }) };
		} finally {
			check.free();
		}
	};
	for (const size of [1, 7, 500, plan.blocks.length]) {
		const { order, answer } = sliced(plan.blocks, size);
		assert.deepEqual(answer, whole(plan.blocks), `slices of ${size}`);
		assert.equal(answer.ok, true);
		// A first cut creates every unit: the write steps are the blocks in order, as the envelope said.
		assert.equal(order, true);
		assert.deepEqual(answer.writeSteps.map((s) => [s.step, s.block]), plan.blocks.map((_, i) => ['write', i]));
	}
	// Asked after writing in block order: the same answer, with inBlockOrder instead of the steps.
	const ordered = new core.CutCheck({ documentId: DOC_ID, envelope: plan.envelope, entrySha256: plan.sha256, approvedSha256: plan.sha256 });
	ordered.add({ blockLines: plan.blocks.join('\n') });
	const inOrder = ordered.finishInBlockOrder({ storedNow: '[]', sectionTypes: vi().section_types });
	ordered.free();
	assert.deepEqual(inOrder, { ...whole(plan.blocks), writeSteps: [], inBlockOrder: true });
	const edited = [...plan.blocks];
	edited[3] = edited[3].replace('"body":"', '"body":"X');
	assert.deepEqual(sliced(edited, 2).answer, whole(edited));
	assert.equal(sliced(edited, 2).answer.error.code, 'sha256-mismatch');
	const pretty = [...plan.blocks];
	pretty[5] = JSON.stringify(JSON.parse(pretty[5]), null, 1);
	assert.deepEqual(sliced(pretty, 3).answer, whole(pretty));
	// An envelope that does not read says nothing about the order; the check names what is wrong.
	const broken = sliced(plan.blocks, 100, plan.envelope.slice(1));
	assert.equal(broken.order, false);
	assert.equal(broken.answer.ok, false);
	// Answered once.
	const check = new core.CutCheck({ documentId: DOC_ID, envelope: plan.envelope, entrySha256: plan.sha256, approvedSha256: plan.sha256 });
	check.add({ blockLines: plan.blocks.join('\n') });
	assert.equal(check.finish({ storedNow: '[]', sectionTypes: vi().section_types }).ok, true);
	assert.equal(check.finish({ storedNow: '[]', sectionTypes: vi().section_types }).error.code, 'finished');
	assert.equal(check.add({ blockLines: plan.blocks[0] }).error.code, 'finished');
	check.free();
});

test('an export given positional arguments or a params object without a field is refused naming what is missing', () => {
	// As a caller of the former positional form would call it.
	const positional = Reflect.apply(core.planDocument, core, [FIXTURE, '45/2019/QH14', 'vi']);
	assert.equal(positional.ok, false);
	assert.equal(positional.error.code, 'invalid-input');
	assert.match(positional.error.reason, /^params: not an object/);
	const missing = core.planDocument({ docCode: '45/2019/QH14', vocabulary: 'vi', stored: [], input: input() });
	assert.equal(missing.ok, false);
	assert.match(missing.error.reason, /missing field `text`/);
	// A large field may still come as JSON text, and a bad one is named.
	const text = core.planDocument({ text: FIXTURE, docCode: '45/2019/QH14', vocabulary: 'vi', stored: '[', input: input() });
	assert.equal(text.error.code, 'invalid-json');
	assert.match(text.error.reason, /^stored: /);
});
