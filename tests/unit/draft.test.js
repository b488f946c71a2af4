// A page's draft in the browser's storage (extension/src/module/draft.ts; issue 46: "the amendment page forgets
// everything on reload or Back"), pure logic over a storage with a quota like the browser's: keys per page, user and
// document; a draft too large saved without its preview; a full storage said, never thrown; bad drafts dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { draftKey, isQuotaError, lastKey, readDraft, readLast, removeDraft, saveDraft, writeLast } from '../../extension/src/module/draft.ts';

/** localStorage as the browser has it: strings only, and a QuotaExceededError past `quota` characters. */
function storage(quota = Infinity) {
	const map = new Map();
	const used = () => [...map].reduce((n, [k, v]) => n + k.length + v.length, 0);
	return {
		map,
		getItem: (k) => (map.has(k) ? map.get(k) : null),
		setItem(k, v) {
			const before = map.get(k);
			map.set(k, String(v));
			if (used() > quota) {
				if (before === undefined) map.delete(k);
				else map.set(k, before);
				throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError', code: 22 });
			}
		},
		removeItem: (k) => map.delete(k),
	};
}
const valid = (d) => typeof d === 'object' && d !== null && typeof d.text === 'string';
const TEXT = 'Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 21/2021/TT-BLĐTBXH\n'.repeat(1200); // ≈ 87 KB

test('two users and two documents never share a draft; the last document opened is remembered per user', () => {
	const s = storage();
	const keys = new Set([
		draftKey('amend', 'u1', 'docA'),
		draftKey('amend', 'u1', 'docB'),
		draftKey('amend', 'u2', 'docA'),
		draftKey('amend', 'u1', null),
		draftKey('preview', 'u1', 'docA'),
		lastKey('amend', 'u1'),
	]);
	assert.equal(keys.size, 6);
	assert.equal(saveDraft(s, draftKey('amend', 'u1', 'docA'), { text: 'A of u1' }, []), 'saved');
	assert.equal(saveDraft(s, draftKey('amend', 'u2', 'docA'), { text: 'A of u2' }, []), 'saved');
	assert.equal(readDraft(s, draftKey('amend', 'u1', 'docA'), valid).data.text, 'A of u1');
	assert.equal(readDraft(s, draftKey('amend', 'u2', 'docA'), valid).data.text, 'A of u2');
	assert.equal(readDraft(s, draftKey('amend', 'u1', 'docB'), valid), null);
	writeLast(s, 'amend', 'u1', 'docA');
	writeLast(s, 'amend', 'u2', 'docB');
	assert.equal(readLast(s, 'amend', 'u1'), 'docA');
	assert.equal(readLast(s, 'amend', 'u2'), 'docB');
	writeLast(s, 'amend', 'u1', null);
	assert.equal(readLast(s, 'amend', 'u1'), null);
});

test('a draft comes back as saved, with when it was saved; removed, it is gone', () => {
	const s = storage();
	const key = draftKey('amend', 'u1', 'docA');
	const data = { text: TEXT, edits: [{ op: 'applied', law: '02/2024/TT-BLĐTBXH', offset: 12, note: 'Phụ lục II–XI' }], result: { manifest_sha256: 'ab'.repeat(32) } };
	assert.equal(saveDraft(s, key, data, ['result'], new Date('2026-11-26T20:10:00Z')), 'saved');
	const back = readDraft(s, key, valid);
	assert.deepEqual(back.data, data);
	assert.equal(back.saved_at, '2026-11-26T20:10:00.000Z');
	assert.equal(back.trimmed, false);
	removeDraft(s, key);
	assert.equal(readDraft(s, key, valid), null);
});

test('a full storage: the draft is kept without its preview; if even that does not fit, the page is told, nothing throws', () => {
	const key = draftKey('amend', 'u1', 'docA');
	const preview = { blocks: 'x'.repeat(400_000) };
	// Room for the 87 KB law, not for its preview as well.
	const s = storage(250_000);
	assert.equal(saveDraft(s, key, { text: TEXT, result: preview }, ['result']), 'trimmed');
	const back = readDraft(s, key, valid);
	assert.equal(back.trimmed, true);
	assert.equal(back.data.text, TEXT);
	assert.equal(back.data.result, null);
	// Not even the law fits: said, and the stale draft is not left behind.
	const tiny = storage(50_000);
	tiny.setItem(key, JSON.stringify({ format: 1, saved_at: '2026-01-01T00:00:00Z', trimmed: false, data: { text: 'old' } }));
	assert.equal(saveDraft(tiny, key, { text: TEXT, result: preview }, ['result']), 'full');
	assert.equal(tiny.getItem(key), null);
	// No storage at all (a sandboxed frame), or one that refuses for another reason.
	assert.equal(saveDraft(null, key, { text: 'a' }, []), 'unavailable');
	const refusing = {
		getItem: () => null,
		removeItem() {},
		setItem() {
			throw new Error('SecurityError');
		},
	};
	assert.equal(saveDraft(refusing, key, { text: 'a' }, []), 'unavailable');
	assert.equal(readDraft(null, key, valid), null);
});

test('the browsers\u2019 names for a full storage are recognised, nothing else is', () => {
	assert.ok(isQuotaError({ name: 'QuotaExceededError' }));
	assert.ok(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' }));
	assert.ok(isQuotaError({ code: 22 }));
	assert.ok(!isQuotaError(new TypeError('x')));
	assert.ok(!isQuotaError(null));
});

test('a draft that does not parse, of another format, or not of the page\u2019s shape is dropped', () => {
	const s = storage();
	const key = draftKey('amend', 'u1', 'docA');
	for (const raw of [
		'{not json',
		JSON.stringify({ format: 99, saved_at: 'x', data: { text: 'a' } }),
		JSON.stringify({ format: 1, saved_at: '2026-01-01T00:00:00Z', data: { text: 42 } }),
		'null',
	]) {
		s.setItem(key, raw);
		assert.equal(readDraft(s, key, valid), null, raw);
		assert.equal(s.getItem(key), null, `${raw} is removed`);
	}
});
