// The rows the preview sends for a manifest (extension/src/governance/preview-rows.ts), pure
// logic: where each unit that leaves the text sat, so the tree shows it in its place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { previewBlocks } from '../../extension/src/governance/preview-rows.ts';

const D = '88-2026-qh15';
// A position is the unit's order among its siblings (same parent; roots are siblings): a counter per parent.
const next = new Map();
const unit = (id, address, parent, lifecycle_status = 'draft_only') => {
	const [section_type, ordinal] = address.split('/').pop().split('-');
	const position = next.get(parent) ?? 0;
	next.set(parent, position + 1);
	return { id, document: 'doc', section_type, parent, ordinal, heading: null, body: `text of ${address}`, content_sha256: 'x', position, canonical_address: `${D}/${address}`, canonical_address_format_version: 'canonical-address-v1', lifecycle_status, authority: 'draft' };
};
// Chương 1 { Điều 1, Điều 2 (retired long ago), Điều 3 { Khoản 1, Khoản 2 }, Điều 4 }
const STORED = [
	unit('c1', 'chuong-1', null),
	unit('d1', 'dieu-1', 'c1'),
	unit('d2', 'dieu-2', 'c1', 'retired'),
	unit('d3', 'dieu-3', 'c1'),
	unit('d3k1', 'dieu-3/khoan-1', 'd3'),
	unit('d3k2', 'dieu-3/khoan-2', 'd3'),
	unit('d4', 'dieu-4', 'c1'),
];
const byId = new Map(STORED.map((u) => [u.id, u]));
const retire = (id) => ({ action: 'retire', unit_id: id, before: byId.get(id), after: { ...byId.get(id), lifecycle_status: 'retired' } });
const readdress = (id, address) => ({ action: 'readdress', unit_id: id, before: byId.get(id), after: { ...byId.get(id), canonical_address: `${D}/${address}` } });

test('a retired unit is placed under its parent, after the sibling it followed', () => {
	const rows = previewBlocks([retire('d3'), retire('d3k1'), retire('d3k2')], STORED);
	assert.deepEqual(
		rows.map((r) => [r.address, r.parent_address, r.follows]),
		[
			[`${D}/dieu-3`, `${D}/chuong-1`, `${D}/dieu-1`], // Điều 2 was retired before: not in the tree, so not followed
			[`${D}/dieu-3/khoan-1`, `${D}/dieu-3`, null],
			[`${D}/dieu-3/khoan-2`, `${D}/dieu-3`, `${D}/dieu-3/khoan-1`],
		],
	);
});

test('the place is named by the addresses the manifest gives: a readdressed parent or sibling by its new one', () => {
	const rows = previewBlocks([readdress('d3', 'dieu-30'), readdress('d3k1', 'dieu-30/khoan-1'), retire('d3k2')], STORED);
	const gone = rows.find((r) => r.action === 'retire');
	assert.deepEqual([gone.parent_address, gone.follows], [`${D}/dieu-30`, `${D}/dieu-30/khoan-1`]);
	assert.equal(rows[0].old_address, `${D}/dieu-3`);
	assert.equal('parent_address' in rows[0], false, 'units still in the text need no place: the cut gives it');
});

test('a unit at the top of the document has no parent', () => {
	const [row] = previewBlocks([retire('c1')], STORED);
	assert.deepEqual([row.parent_address, row.follows], [null, null]);
});

test('the sibling it followed is found by position, whatever order the store gives the units in', () => {
	assert.deepEqual(STORED.filter((u) => u.parent === 'c1').map((u) => u.position), [0, 1, 2, 3], 'positions count among siblings');
	assert.deepEqual(STORED.filter((u) => u.parent === 'd3').map((u) => u.position), [0, 1]);
	// The store gives units by id (loadUnits): here Điều 4 and khoản 2 come before the units they follow.
	const byIdOrder = [...STORED].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).reverse();
	const rows = previewBlocks([retire('d4'), retire('d3k2'), retire('d3')], byIdOrder);
	assert.deepEqual(
		rows.map((r) => [r.address, r.parent_address, r.follows]),
		[
			[`${D}/dieu-4`, `${D}/chuong-1`, `${D}/dieu-3`],
			[`${D}/dieu-3/khoan-2`, `${D}/dieu-3`, `${D}/dieu-3/khoan-1`],
			[`${D}/dieu-3`, `${D}/chuong-1`, `${D}/dieu-1`],
		],
	);
	// Between equal positions (a v1 store being upgraded, or a tie) the id decides, as the store orders them.
	const tied = [{ ...byId.get('d4'), id: 'a-tie', canonical_address: `${D}/dieu-9`, position: 3 }, ...byIdOrder];
	const [row] = previewBlocks([retire('d4')], tied);
	assert.equal(row.follows, `${D}/dieu-9`, 'a-tie (position 3, id a-tie) comes before d4 (position 3, id d4)');
});
