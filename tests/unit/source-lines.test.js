// The preview's text view and diagnostics list (extension/src/module/source-lines.ts), pure logic: the core's
// UTF-8 byte offsets turned into lines and characters of a JavaScript (UTF-16) string, in Vietnamese text
// with a BOM and every kind of line end; diagnostics grouped errors first by code; a repair applied by bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, groupDiagnostics, indexInLine, lineOfByte, placeOf, sourceRows, splitLines } from '../../extension/src/module/source-lines.ts';

const bytesBefore = (text, needle) => Buffer.byteLength(text.slice(0, text.indexOf(needle)), 'utf8');

test('lines end at \\n, \\r\\n and a lone \\r; each starts at its UTF-8 byte offset, a BOM counted', () => {
	const text = '\uFEFFĐiều 1. Phạm vi\r\n1. Luật này\rquy định\n\nĐiều 2.';
	const src = splitLines(text);
	assert.deepEqual(src.lines, ['Điều 1. Phạm vi', '1. Luật này', 'quy định', '', 'Điều 2.']);
	assert.equal(src.starts[0], 3);
	for (const [i, line] of src.lines.entries()) if (line) assert.equal(src.starts[i], bytesBefore(text, line), line);
	assert.equal(src.bytes, Buffer.byteLength(text, 'utf8'));
	// A text that ends with its terminator has no empty line after it, as the core counts.
	assert.deepEqual(splitLines('a\nb\n').lines, ['a', 'b']);
	assert.deepEqual(splitLines('').lines, ['']);
});

test('a byte offset falls on its line and its character, though "Điều" is 4 UTF-16 units and 6 bytes', () => {
	const text = '\uFEFFĐiều 31. Quyền\nKhoản 1. Người lao động có quyền 😀 được\nĐiền 32. Sai';
	const src = splitLines(text);
	const at = (needle) => bytesBefore(text, needle);
	assert.equal(lineOfByte(src, 0), 1);
	assert.equal(lineOfByte(src, at('Quyền')), 1);
	assert.equal(lineOfByte(src, at('Khoản')), 2);
	assert.equal(lineOfByte(src, at('Khoản') - 1), 1, 'the terminator belongs to the line it ends');
	assert.equal(lineOfByte(src, at('Điền')), 3);
	assert.equal(lineOfByte(src, 10_000), 3);
	// The character: the index in the line's JS string, not the byte count.
	assert.equal(indexInLine(src, 1, at('Quyền')), 'Điều 31. '.length);
	assert.equal(indexInLine(src, 2, at('được')), src.lines[1].indexOf('được'));
	// A byte inside a character (the 2nd byte of "ề", the 3rd of the emoji) marks the whole character.
	assert.equal(indexInLine(src, 3, at('Điền') + 4), 2);
	assert.equal(indexInLine(src, 2, at('😀') + 2), src.lines[1].indexOf('😀'));
	// The mark of a repair covers its range: "Điền" → "Điều".
	const place = placeOf(src, { offset: at('Điền'), repair: { offset: at('Điền'), length: Buffer.byteLength('Điền'), replacement: 'Điều', description: '' } });
	assert.deepEqual(place, { line: 3, from: 0, to: 4 });
	// Without a repair, one character is marked.
	assert.deepEqual(placeOf(src, { offset: at('Sai') }), { line: 3, from: src.lines[2].indexOf('Sai'), to: src.lines[2].indexOf('Sai') + 1 });
});

const d = (severity, code, line) => ({ severity, code, message: `${code} at ${line}`, line, column: 1, offset: 0, hint: '' });

test('diagnostics grouped by code, errors first, each group in the core order, counted', () => {
	const list = [d('warning', 'ordinal-gap', 3), d('error', 'duplicate-ordinal', 9), d('warning', 'unknown-heading', 4), d('warning', 'ordinal-gap', 20), d('error', 'missing-heading', 12), d('error', 'duplicate-ordinal', 30), d('info', 'note', 1)];
	const groups = groupDiagnostics(list);
	assert.deepEqual(
		groups.map((g) => [g.severity, g.code, g.items.map((x) => x.line)]),
		[
			['error', 'duplicate-ordinal', [9, 30]],
			['error', 'missing-heading', [12]],
			['warning', 'ordinal-gap', [3, 20]],
			['warning', 'unknown-heading', [4]],
			['info', 'note', [1]],
		],
	);
	assert.equal(groups.reduce((n, g) => n + g.items.length, 0), list.length);
	assert.deepEqual(groupDiagnostics([]), []);
});

test('the text view: each line, then the diagnostics on it, errors first; where each line row is', () => {
	const { rows, rowOfLine } = sourceRows(4, ['warning', 'error', 'warning'], [2, 2, 9]);
	assert.deepEqual(rows, [
		{ kind: 'line', line: 1 },
		{ kind: 'line', line: 2 },
		{ kind: 'diagnostic', line: 2, index: 1 },
		{ kind: 'diagnostic', line: 2, index: 0 },
		{ kind: 'line', line: 3 },
		{ kind: 'line', line: 4 },
		// A place past the text's end is shown under its last line.
		{ kind: 'diagnostic', line: 4, index: 2 },
	]);
	assert.deepEqual([...rowOfLine].slice(1), [0, 1, 4, 5]);
});

test('a repair replaces its UTF-8 byte range, a BOM counted; a range that no longer fits is refused with why', () => {
	const text = '\uFEFFĐiều 32. Xử lý\n1. Một.\n1. Chính phủ quy định.\n';
	const offset = bytesBefore(text, '1. Chính');
	const repair = { offset, length: 1, replacement: '2', description: 'renumber' };
	const fix = { offset, line: 3 };
	assert.deepEqual(applyRepair(text, fix, repair), { text: text.replace('1. Chính', '2. Chính') });
	// The text changed before the place: the byte is on another line now.
	assert.equal(applyRepair(text.replace('\uFEFF', '\uFEFF\n\n'), fix, repair).stale?.why, 'line');
	assert.equal(applyRepair(text, fix, { ...repair, offset: 4, length: 1 }).stale?.why, 'range', 'inside "Đ"');
	assert.equal(applyRepair(text, fix, { ...repair, offset: 10_000 }).stale?.why, 'range');
});
