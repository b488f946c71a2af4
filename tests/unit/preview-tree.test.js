// The cut preview's tree (extension/src/shared/preview-tree.ts), pure logic: where each unit
// of the new text and each retired unit appears, what is marked as changing, and
// what the virtual list shows when subtrees are collapsed or only changes are asked for.
// Node 22 strips the TypeScript types itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTree, flatten, nextChange } from '../../extension/src/shared/preview-tree.ts';

const LABELS = { chuong: 'Chương', dieu: 'Điều', khoan: 'Khoản' };
const D = '88-2026-qh15';

/** The cut of an amended text: Chương 1 { Điều 1 { Khoản 1, Khoản 2 }, Điều 3 (was Điều 2), Điều 4 (new) }. */
const UNITS = [
	{ address: `${D}/chuong-1`, parent: null, section_type: 'chuong', ordinal: '1', line: 1, excerpt: 'QUY ĐỊNH CHUNG' },
	{ address: `${D}/dieu-1`, parent: 0, section_type: 'dieu', ordinal: '1', line: 2, excerpt: 'Phạm vi' },
	{ address: `${D}/dieu-1/khoan-1`, parent: 1, section_type: 'khoan', ordinal: '1', line: 3, excerpt: 'Một.' },
	{ address: `${D}/dieu-1/khoan-2`, parent: 1, section_type: 'khoan', ordinal: '2', line: 4, excerpt: 'Hai, sửa.' },
	{ address: `${D}/dieu-3`, parent: 0, section_type: 'dieu', ordinal: '3', line: 5, excerpt: 'Đối tượng' },
	{ address: `${D}/dieu-4`, parent: 0, section_type: 'dieu', ordinal: '4', line: 6, excerpt: 'Mới' },
];
const block = (action, address, extra = {}) => {
	const [section_type, ordinal] = address.split('/').pop().split('-');
	return { action, unit_id: `u-${address}`, address, section_type, ordinal, changed: [], excerpt: `text of ${address}`, aliases: [], ...extra };
};
const BLOCKS = [
	block('update', `${D}/dieu-1/khoan-2`, { changed: ['body'] }),
	// Điều 2 is repealed with its clause; the clause's block comes first: order must not matter.
	block('retire', `${D}/dieu-2/khoan-1`, { parent_address: `${D}/dieu-2`, follows: null }),
	block('retire', `${D}/dieu-2`, { parent_address: `${D}/chuong-1`, follows: `${D}/dieu-1` }),
	block('readdress', `${D}/dieu-3`, { old_address: `${D}/dieu-2a`, aliases: [{ alias_text: `${D}/dieu-2a`, alias_kind: 'renumber' }] }),
	block('create', `${D}/dieu-4`),
];

const addresses = (tree, rows) => rows.map((i) => `${'  '.repeat(tree.nodes[i].depth)}${tree.nodes[i].label} ${tree.nodes[i].action}`);

test('every unit appears once, in document order, with what the manifest does to it', () => {
	const tree = buildTree(UNITS, BLOCKS, LABELS);
	assert.deepEqual(addresses(tree, flatten(tree, new Set(), false)), [
		'Chương 1 unchanged',
		'  Điều 1 unchanged',
		'    Khoản 1 unchanged',
		'    Khoản 2 update',
		'  Điều 2 retire',
		'    Khoản 1 retire',
		'  Điều 3 readdress',
		'  Điều 4 create',
	]);
	const d3 = tree.nodes.find((n) => n.address === `${D}/dieu-3`);
	assert.equal(d3.old_address, `${D}/dieu-2a`);
	assert.equal(d3.aliases, 1);
	assert.equal(tree.nodes.find((n) => n.address === `${D}/dieu-2`).excerpt, `text of ${D}/dieu-2`, 'a retired unit shows its former text');
});

test('"only what changes" keeps the changing units and the branches that lead to them', () => {
	const tree = buildTree(UNITS, BLOCKS, LABELS);
	assert.deepEqual(addresses(tree, flatten(tree, new Set(), true)), [
		'Chương 1 unchanged',
		'  Điều 1 unchanged',
		'    Khoản 2 update',
		'  Điều 2 retire',
		'    Khoản 1 retire',
		'  Điều 3 readdress',
		'  Điều 4 create',
	]);
	const unchanged = buildTree(UNITS, [], LABELS);
	assert.deepEqual(flatten(unchanged, new Set(), true), [], 'a text that changes nothing shows nothing');
});

test('a collapsed node hides its subtree, not its siblings', () => {
	const tree = buildTree(UNITS, BLOCKS, LABELS);
	const dieu1 = tree.nodes.findIndex((n) => n.address === `${D}/dieu-1`);
	assert.deepEqual(addresses(tree, flatten(tree, new Set([dieu1]), false)), [
		'Chương 1 unchanged',
		'  Điều 1 unchanged',
		'  Điều 2 retire',
		'    Khoản 1 retire',
		'  Điều 3 readdress',
		'  Điều 4 create',
	]);
});

test('a retired unit whose place is unknown goes to the end of its parent, or to the roots', () => {
	const tree = buildTree(UNITS, [block('retire', `${D}/dieu-9`, { parent_address: `${D}/chuong-1`, follows: `${D}/dieu-8` }), block('retire', `${D}/chuong-9`, { parent_address: null, follows: `${D}/chuong-8` })], LABELS);
	const rows = addresses(tree, flatten(tree, new Set(), false));
	assert.equal(rows.at(-2), '  Điều 9 retire');
	assert.equal(rows.at(-1), 'Chương 9 retire');
});

test('"next change" walks the changing rows in view and wraps around', () => {
	const tree = buildTree(UNITS, BLOCKS, LABELS);
	const rows = flatten(tree, new Set(), false);
	const seen = [];
	let at = -1;
	for (let k = 0; k < 6; k++) {
		at = nextChange(tree, rows, at);
		seen.push(tree.nodes[rows[at]].label);
	}
	assert.deepEqual(seen, ['Khoản 2', 'Điều 2', 'Khoản 1', 'Điều 3', 'Điều 4', 'Khoản 2']);
	const unchanged = buildTree(UNITS, [], LABELS);
	assert.equal(nextChange(unchanged, flatten(unchanged, new Set(), false), -1), -1, 'no change: nothing to jump to');
});

test('a unit the cut marks repealed keeps its address and carries its mark; other nodes have no status key', () => {
	// `unitRow` (extension/src/governance/preview-rows.ts) passes the core's `status` only when present.
	const units = [
		{ address: 'c-1/section-1', parent: null, section_type: 'section', ordinal: '1', line: 1, excerpt: 'Short title' },
		{ address: 'c-1/section-2', parent: null, section_type: 'section', ordinal: '2', line: 2, excerpt: '[Repealed, 2001, c. 9, s. 1]', status: 'repealed' },
	];
	const tree = buildTree(units, [], { section: 'Section' });
	assert.equal(tree.nodes[1].address, 'c-1/section-2');
	assert.equal(tree.nodes[1].status, 'repealed');
	assert.equal('status' in tree.nodes[0], false);
});

test('a node is labelled with the number as the text prints it when the row has one (the server adds it), else its ordinal', () => {
	// `withNumbers` (preview-rows.ts) gives rows the core's printed number: Chương IV, điểm đ, section 3.1.
	const units = [
		{ address: 'x/chuong-4', parent: null, section_type: 'chuong', ordinal: '4', number: 'IV', line: 1, excerpt: '' },
		{ address: 'x/chuong-4/dieu-3p1', parent: 0, section_type: 'dieu', ordinal: '3p1', number: '3.1', line: 2, excerpt: '' },
		{ address: 'x/chuong-4/dieu-3p1/khoan-1', parent: 1, section_type: 'khoan', ordinal: '1', line: 3, excerpt: '' },
	];
	const gone = { action: 'retire', unit_id: 'u', address: 'x/chuong-4/dieu-3p1/khoan-1/diem-dd', section_type: 'diem', ordinal: 'dd', number: 'đ', changed: [], excerpt: '', aliases: [], parent_address: 'x/chuong-4/dieu-3p1/khoan-1', follows: null };
	const tree = buildTree(units, [gone], { chuong: 'Chương', dieu: 'Điều', khoan: 'Khoản', diem: 'Điểm' });
	assert.deepEqual(tree.nodes.map((n) => n.label), ['Chương IV', 'Điều 3.1', 'Khoản 1', 'Điểm đ']);
});

test('a unit whose block only changes its position is shown, but not as a change: "only what changes" and "next change" pass it by', () => {
	// Khoản 1 of Điều 1 is inserted before khoản 2; khoản 2 (a later sibling) only shifts: position alone.
	const blocks = [block('create', `${D}/dieu-1/khoan-1`), block('update', `${D}/dieu-1/khoan-2`, { changed: ['position'], position_only: true })];
	const tree = buildTree(UNITS, blocks, LABELS);
	const k2 = tree.nodes.findIndex((n) => n.address === `${D}/dieu-1/khoan-2`);
	assert.equal(tree.nodes[k2].action, 'update');
	assert.equal(tree.nodes[k2].position_only, true);
	assert.equal(tree.nodes[k2].changes, false);
	assert.deepEqual(addresses(tree, flatten(tree, new Set(), true)), ['Chương 1 unchanged', '  Điều 1 unchanged', '    Khoản 1 create']);
	const rows = flatten(tree, new Set(), false);
	const k1 = rows.indexOf(tree.nodes.findIndex((n) => n.address === `${D}/dieu-1/khoan-1`));
	// From khoản 1 the next change wraps around to khoản 1 again: khoản 2 is passed by.
	assert.equal(nextChange(tree, rows, k1), k1);
	// Without the mark (an update of its text) it is a change.
	const plain = buildTree(UNITS, [block('update', `${D}/dieu-1/khoan-2`, { changed: ['body'] })], LABELS);
	assert.equal(plain.nodes.find((n) => n.address === `${D}/dieu-1/khoan-2`).changes, true);
});
