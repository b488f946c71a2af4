// The core's findings and the Flows notifications in the user's language (issue 46: "in the Vietnamese interface,
// diagnostics, their “Cách xử lý” hints, the rollback hint, the Flows notifications (“đã xong preview”) … are in
// English"). The core words its findings in English under stable codes; extension/src/module/core-text.ts reads a
// code's Vietnamese text from the "diag" catalog. Every code the core declares has one, so a new code without its
// Vietnamese text fails here rather than reaching an editor in English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lang, t } from '../../extension/src/i18n/index.ts';
import { coreOriginal, coreText } from '../../extension/src/module/core-text.ts';
import { noticeText } from '../../extension/src/operation/notice.ts';

const CORE = new URL('../../core/src/', import.meta.url).pathname;
const source = (path) => readFileSync(join(CORE, path), 'utf8');

/** The cut's codes (core/src/read/cut.rs, `pub mod codes`) and the amending-law reader's and applier's (core/src/read/amending_law/*.rs, core/src/change/amend/*.rs). */
function coreCodes() {
	const cut = source('read/cut.rs');
	const block = cut.slice(cut.indexOf('pub mod codes'), cut.indexOf('\n}\n', cut.indexOf('pub mod codes')));
	const codes = new Set([...block.matchAll(/pub const [A-Z_]+: &str = "([a-z-]+)"/g)].map((m) => m[1]));
	for (const dir of ['read/amending_law', 'change/amend']) {
		for (const file of readdirSync(join(CORE, dir)).filter((f) => f.endsWith('.rs'))) {
			const text = source(join(dir, file));
			// A finding of the reader: a refusal or an unread passage, its code a kebab-case literal given as an argument.
			for (const m of text.matchAll(/"([a-z]+(?:-[a-z]+)+)",/g)) codes.add(m[1]);
		}
	}
	return codes;
}

test('every code the core declares has a Vietnamese message and hint', () => {
	const codes = coreCodes();
	assert.ok(codes.size >= 40, `read ${codes.size} codes`);
	for (const c of ['duplicate-ordinal', 'missing-heading', 'no-target', 'unknown-form', 'new-text-unclaimed', 'appendix-not-a-unit']) assert.ok(codes.has(c), c);
	const missing = [...codes].filter((c) => t(`diag.${c}`, undefined, 'vi') === `diag.${c}` || t(`diag.${c}.hint`, undefined, 'vi') === `diag.${c}.hint`);
	assert.deepEqual(missing, []);
});

test('in Vietnamese a finding reads in Vietnamese with the core’s words as its tooltip; in English as the core wrote it', () => {
	const english = "the quoted text holds 'Điều 3 Chương I', which no instruction of this provision names";
	const before = lang.value;
	try {
		lang.value = 'vi';
		assert.match(coreText('new-text-unclaimed', english), /Đoạn trích chứa các đơn vị/);
		assert.match(coreText('new-text-unclaimed', 'name every quoted unit', 'hint'), /^Nêu mọi đơn vị/);
		assert.equal(coreOriginal('new-text-unclaimed', english), english);
		// A code this catalog does not know (a newer core's): as written.
		assert.equal(coreText('some-new-code', english), english);
		assert.equal(coreOriginal('some-new-code', english), undefined);
		assert.match(coreText('rollback-across-positions-upgrade', 'x'), /không bao giờ được hoàn tác/);
		lang.value = 'en';
		assert.equal(coreText('new-text-unclaimed', english), english);
		assert.equal(coreOriginal('new-text-unclaimed', english), undefined);
	} finally {
		lang.value = before;
	}
});

test('a Flows notification names the step in the user’s language', () => {
	const result = { document: { id: 'd', doc_code: '09/2022/TT-BLĐTBXH' }, gates: { passed: true }, counts: { update: 2 }, manifest_sha256: 'ab'.repeat(32) };
	const vi = noticeText('vi', 'preview', { document: 'd' }, result, null);
	assert.equal(vi.subject, 'IU Cutter: đã xong xem trước bản cắt');
	// Nor the block's actions in English ("2 update"): the link's path is the only English left.
	assert.doesNotMatch(vi.subject + vi.message.replace(/\(\/admin[^)]*\)/, ''), /\b(preview|update)\b/);
	assert.match(vi.message, /2 sửa đổi/);
	assert.equal(noticeText('en', 'preview', { document: 'd' }, result, null).subject, 'IU Cutter: cut preview done');
	assert.match(noticeText('vi', 'amend/preview', { document: 'd' }, result, null).subject, /xem trước văn bản sửa đổi/);
	assert.match(noticeText('vi', 'review', { entry: 'e' }, null, new Error('refused')).subject, /duyệt/);
	// An action the catalog does not know keeps its name.
	assert.match(noticeText('vi', 'something/new', {}, {}, null).subject, /something\/new/);
});
