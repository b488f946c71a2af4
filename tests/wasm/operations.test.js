// The operations core (migration gates, backup comparison) through the WASM bindings,
// as the Node operations scripts call it: each binding once, with the answer's shape.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

const schema = (titleType, extra = {}) => ({
	tables: {
		legal_document: {
			columns: {
				id: { data_type: 'uuid', nullable: false, primary: true },
				title: { data_type: titleType, nullable: false },
				...extra,
			},
			indexes: { legal_document_title_unique: { columns: ['title'], unique: true } },
		},
	},
	meta: { legal_document: { id: 'input', title: 'input' } },
});

before(async () => {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
});

test('schemaDiff names a changed column type with both details (JS values or JSON text)', () => {
	const r = core.schemaDiff({ before: schema('varchar(64)'), after: JSON.stringify(schema('text')) });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	assert.deepEqual(r.diff, {
		added: [],
		removed: [],
		changed: [{ kind: 'column', name: 'legal_document.title', before: 'varchar(64) not null', after: 'text not null' }],
	});
	const bad = core.schemaDiff({ before: { tables: { t: { columns: { c: { nullable: true } } } } }, after: schema('text') });
	assert.equal(bad.ok, false);
	assert.equal(bad.error.code, 'invalid-input');
});

test('migrationFileGates names a tampered applied migration with both hashes', () => {
	const r = core.migrationFileGates({ frozen: [{ file: 'iu0001-logical-units.js', sha256: A, version: 'iu0001', additive: true }], found: [{ file: 'iu0001-logical-units.js', sha256: B }], applied: [{ version: 'iu0001', file: 'iu0001-logical-units.js', sha256: A }] });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	assert.equal(r.report.passed, false);
	assert.deepEqual(r.report.gates.map((g) => [g.name, g.verdict]), [
		['files-frozen', 'fail'],
		['files-present', 'pass'],
		['applied-unchanged', 'fail'],
	]);
	assert.match(r.report.gates[2].evidence, new RegExp(`applied with sha256 ${A} but the file now hashes to ${B}`));
});

test('additiveGate fails a migration declared additive that removes a column', () => {
	const diff = core.schemaDiff({ before: schema('text', { note: { data_type: 'text', nullable: true } }), after: schema('text') }).diff;
	const r = core.additiveGate({ version: 'iu0003', additive: true, diff });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	assert.equal(r.gate.name, 'additive-only');
	assert.equal(r.gate.verdict, 'fail');
	assert.match(r.gate.evidence, /^iu0003 is declared additive but removes column legal_document\.note \(text null\)/);
	assert.deepEqual(Object.keys(r.gate).sort(), ['evidence', 'expected', 'found', 'name', 'verdict']);
});

test('shapeGate passes when the schema changed exactly as declared', () => {
	const actual = core.schemaDiff({ before: schema('text'), after: schema('text', { note: { data_type: 'text', nullable: true } }) }).diff;
	const expected = { added: [{ kind: 'column', name: 'legal_document.note', detail: 'text null' }] };
	const r = core.shapeGate({ version: 'iu0003', expected, actual });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	assert.equal(r.gate.name, 'expected-shape');
	assert.equal(r.gate.verdict, 'pass', r.gate.evidence);
});

test('rowCountGate takes numbers or PostgreSQL bigint strings and names a lost row', () => {
	const r = core.rowCountGate({ before: { legal_document: 2, logical_unit: '300', iu_migration: 1 }, after: { legal_document: 2, logical_unit: 299, iu_migration: '2' }, mayChange: ['iu_migration'] });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	assert.equal(r.gate.name, 'row-counts-unchanged');
	assert.equal(r.gate.verdict, 'fail');
	assert.match(r.gate.evidence, /logical_unit 300 → 299/);
	assert.deepEqual(r.gate.found, { legal_document: 2, logical_unit: 299 });
	const bad = core.rowCountGate({ before: { t: -1 }, after: {}, mayChange: [] });
	assert.equal(bad.ok, false);
	assert.match(bad.error.reason, /table t/);
});

test('compareRows names a one-cell difference; Dates are compared as their ISO text', () => {
	const source = [
		{ id: 1, body: 'Điều 1', at: new Date('2026-07-01T00:00:00Z') },
		{ id: 2, body: 'Điều 2', at: new Date('2026-07-02T00:00:00Z') },
	];
	const restored = [
		{ id: 2, body: 'Điều 2', at: new Date('2026-07-02T00:00:00Z') },
		{ id: 1, body: 'Điều 1', at: new Date('2026-07-01T00:00:01Z') },
	];
	const r = core.compareRows({ table: 'logical_unit', key: ['id'], source, restored: JSON.stringify(restored) });
	assert.equal(r.ok, true, JSON.stringify(r.error));
	assert.equal(r.comparison.equal, false);
	assert.deepEqual(r.comparison.differences, ['row id=1 column at: source "2026-07-01T00:00:00.000Z", restored "2026-07-01T00:00:01.000Z"']);
	const same = core.compareRows({ table: 'logical_unit', key: ['id'], source, restored: [...source].reverse() });
	assert.equal(same.comparison.equal, true);
	assert.equal(same.comparison.source_sha256, same.comparison.restored_sha256);
});

test('sha256Bytes hashes raw bytes like node:crypto', () => {
	const bytes = new Uint8Array([0, 1, 2, 0xff, 0xc4, 0x90]);
	assert.equal(core.sha256Bytes({ bytes }), createHash('sha256').update(bytes).digest('hex'));
	assert.equal(core.sha256Bytes({ bytes: Buffer.from('abc') }), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
