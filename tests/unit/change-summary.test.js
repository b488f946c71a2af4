// A manifest's change summary in words (extension/src/module/change-summary.ts), pure logic: the
// core's counts (core/src/change.rs) said in the document's section types, with the blocks that
// only change position on a line of their own, and iu0011's upgrade entry in one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changesLine, countOf, positionLine, positionOnly, summaryLines, upgradeLine } from '../../extension/src/module/change-summary.ts';

const vi = (changes, extra = {}) => ({ changes, positions: 'siblings', positions_upgrade: false, language: 'vi', ...extra });
const c = (change, section_type, label, count) => ({ change, section_type, label, count });

test('counts by what happened and section type, in the document’s own words, position-only blocks on a line of their own', () => {
	const s = vi([c('added', 'dieu', 'Điều', 1), c('replaced', 'khoan', 'Khoản', 3), c('removed', 'diem', 'Điểm', 2), c('position_only', 'khoan', 'Khoản', 7), c('position_only', 'diem', 'Điểm', 5)]);
	assert.equal(changesLine(s), '1 điều added, 3 khoản replaced, 2 điểm removed');
	assert.equal(positionOnly(s), 12);
	assert.equal(positionLine(s), '12 later siblings renumbered (position only; nothing else changes)');
	assert.deepEqual(summaryLines(s), ['1 điều added, 3 khoản replaced, 2 điểm removed', '12 later siblings renumbered (position only; nothing else changes)']);
});

test('English labels take a plural, Vietnamese ones do not; every label reads in lower case', () => {
	assert.equal(countOf(1, 'Section', 'en'), '1 section');
	assert.equal(countOf(2, 'Schedule sub-paragraph', 'en'), '2 schedule sub-paragraphs');
	assert.equal(countOf(3, 'Văn bản kèm theo', 'vi'), '3 văn bản kèm theo');
	assert.equal(countOf(2, 'Điều', 'vi'), '2 điều');
	assert.deepEqual(summaryLines(vi([c('added', 'section', 'Section', 1)], { language: 'en' })), ['1 section added']);
	assert.deepEqual(summaryLines(vi([c('readdressed', 'section', 'Section', 4), c('moved', 'item', 'Item', 1)], { language: 'en' })), ['4 sections readdressed, 1 item moved to another parent']);
});

test('a manifest of position-only blocks, one planned under the old meaning, and one that changes nothing', () => {
	assert.deepEqual(summaryLines(vi([c('position_only', 'dieu', 'Điều', 1)])), ['1 later sibling renumbered (position only; nothing else changes)']);
	// Format v1: a position was the unit's place in the whole document, so every later unit shifted.
	assert.deepEqual(summaryLines(vi([c('replaced', 'khoan', 'Khoản', 1), c('position_only', 'dieu', 'Điều', 40)], { positions: 'document' })), [
		'1 khoản replaced',
		'40 later units in the document renumbered (position only; nothing else changes)',
	]);
	assert.deepEqual(summaryLines(vi([])), ['No unit changes']);
	assert.deepEqual(summaryLines(vi([c('confirmed', 'dieu', 'Điều', 2)])), ['2 điều confirmed unchanged']);
});

test('iu0011’s upgrade entry is one line, whatever its blocks', () => {
	const s = vi([c('position_only', 'khoan', 'Khoản', 700), c('position_only', 'dieu', 'Điều', 60)], { positions_upgrade: true });
	assert.equal(upgradeLine(s), 'Positions of 760 units renumbered among their siblings (iu0011); nothing else changes');
	assert.deepEqual(summaryLines(s), ['Positions of 760 units renumbered among their siblings (iu0011); nothing else changes']);
	assert.deepEqual(summaryLines(vi([c('position_only', 'dieu', 'Điều', 1)], { positions_upgrade: true })), ['Positions of 1 unit renumbered among their siblings (iu0011); nothing else changes']);
	// Zero blocks: the document was checked and its positions already are sibling ranks.
	assert.deepEqual(summaryLines(vi([], { positions_upgrade: true })), ['Every unit’s position already is its order among its siblings (iu0011); nothing changes']);
});

test('in Vietnamese: the verb before the count, the document’s own section types, no plural', () => {
	const s = vi([c('added', 'dieu', 'Điều', 1), c('replaced', 'khoan', 'Khoản', 3), c('removed', 'diem', 'Điểm', 2), c('position_only', 'khoan', 'Khoản', 7), c('position_only', 'diem', 'Điểm', 5)]);
	assert.deepEqual(summaryLines(s, 'vi'), ['thêm 1 điều, thay thế 3 khoản, bãi bỏ 2 điểm', '12 đơn vị cùng cấp phía sau được đánh số lại (chỉ đổi vị trí; nội dung giữ nguyên)']);
	assert.deepEqual(summaryLines(vi([c('moved', 'khoan', 'Khoản', 1), c('confirmed', 'dieu', 'Điều', 2)]), 'vi'), ['chuyển 1 khoản sang phần khác, xác nhận 2 điều không đổi']);
	assert.deepEqual(summaryLines(vi([c('replaced', 'khoan', 'Khoản', 1), c('position_only', 'dieu', 'Điều', 40)], { positions: 'document' }), 'vi'), [
		'thay thế 1 khoản',
		'40 đơn vị phía sau trong văn bản được đánh số lại (chỉ đổi vị trí; nội dung giữ nguyên)',
	]);
	assert.deepEqual(summaryLines(vi([]), 'vi'), ['Không đơn vị nào thay đổi']);
	// An English document keeps its own words (and their plural) in a Vietnamese page.
	assert.deepEqual(summaryLines(vi([c('added', 'section', 'Section', 2)], { language: 'en' }), 'vi'), ['thêm 2 sections']);
	assert.deepEqual(summaryLines(vi([c('position_only', 'dieu', 'Điều', 60)], { positions_upgrade: true }), 'vi'), [
		'Vị trí của 60 đơn vị được đánh số lại theo thứ tự giữa các đơn vị cùng cấp (iu0011); ngoài ra không có gì thay đổi',
	]);
	assert.deepEqual(summaryLines(vi([], { positions_upgrade: true }), 'vi'), ['Vị trí của mọi đơn vị đã là thứ tự giữa các đơn vị cùng cấp (iu0011); không có gì thay đổi']);
});
