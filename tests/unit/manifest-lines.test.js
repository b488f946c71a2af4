// A stored manifest's blocks read a slice of lines at a time (extension/src/governance/manifest-lines.ts), pure
// logic: CUT feeds the core's check and the ledger from these slices, so a line lost or split between two slices
// would be a block the check never saw or a block recorded twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blocksOf, lineSlices } from '../../extension/src/governance/manifest-lines.ts';

const lines = (n) => Array.from({ length: n }, (_, i) => `{"n":${i}}`);

test('slices hold `size` lines each, the last one the rest, and join back to the text', () => {
	const text = lines(7).join('\n');
	const slices = [...lineSlices(text, 3)];
	assert.deepEqual(
		slices.map((s) => s.split('\n').length),
		[3, 3, 1],
	);
	assert.equal(slices.join('\n'), text);
});

test('a text of exactly `size` lines is one slice; a multiple of `size` leaves no empty slice at the end', () => {
	assert.deepEqual([...lineSlices(lines(3).join('\n'), 3)], [lines(3).join('\n')]);
	const six = [...lineSlices(lines(6).join('\n'), 3)];
	assert.equal(six.length, 2);
	assert.ok(six.every((s) => s.length > 0));
});

test('no blocks (a crosswalk’s alias-only manifest) is no slice, not one empty line', () => {
	assert.deepEqual([...lineSlices('', 2_000)], []);
});

test('slices of one line are the lines themselves, in order', () => {
	assert.deepEqual([...lineSlices(lines(4).join('\n'), 1)], lines(4));
});

test('an empty line inside the text stays a line of its slice', () => {
	assert.deepEqual([...lineSlices('a\n\nb', 2)], ['a\n', 'b']);
});

test('blocksOf: blocks parsed already are given as they are', () => {
	const parsed = [{ action: 'create', unit_id: 'u1' }];
	const manifest = { json: '', envelope: {}, blocks: parsed, parts: { envelope: '{}', blocks: '{"action":"update","unit_id":"u9"}', count: 1 } };
	assert.deepEqual([...blocksOf(manifest)], parsed);
});

test('blocksOf: stored parts not yet parsed are read one line at a time, in order', () => {
	const parts = { envelope: '{}', blocks: ['{"action":"create","unit_id":"a"}', '{"action":"retire","unit_id":"b"}'].join('\n'), count: 2 };
	const manifest = { json: '', envelope: {}, blocks: [], parts };
	assert.deepEqual(
		[...blocksOf(manifest)].map((b) => `${b.action} ${b.unit_id}`),
		['create a', 'retire b'],
	);
	// Read lazily: nothing is parsed until asked for.
	const broken = { json: '', envelope: {}, blocks: [], parts: { envelope: '{}', blocks: '{"action":"create"}\nnot json', count: 2 } };
	const it = blocksOf(broken);
	assert.equal(it.next().value.action, 'create');
	assert.throws(() => it.next(), SyntaxError);
});

test('blocksOf: no parts and no blocks is no block', () => {
	assert.deepEqual([...blocksOf({ json: '{}', envelope: {}, blocks: [] })], []);
});
