// The "Apply an amending law" page keeps the editor's work (issue 46: "the amendment page forgets everything on reload
// or Back"), in headless Chromium against a real Directus 12.4.0 (SQLite), the editor in Vietnamese. Thông tư
// 09/2022/TT-BLĐTBXH as issued (core/tests/fixtures/consolidation/tt-09-2022-tt-bldtbxh, SOURCES.tsv there) is in
// the store; the editor pastes the real Thông tư 02/2023/TT-BLĐTBXH that amends it, previews, edits a unit by hand,
// then reloads, goes to the Backlog and comes Back: the pasted law, its code and title, the preview (the same sha256)
// and the edit are there, and the page says the draft was restored and when. The reviewer, in the same browser, sees
// none of it. A full storage is said; "Start over" forgets the draft; a submit clears it, and its confirmation is in
// view, naming the entry by its title with a link. At 1440 px the instruction table shows its first column and its
// action buttons. Then the editor starts a new text from the module's "New legal document" (issue 46): the Data
// Studio's form is labelled in Vietnamese (migration iu0015), and choosing the language "en" moves the vocabulary off
// "vi" until the editor picks "commonwealth" for the Constitution of South Africa, 1996
// (core/tests/fixtures/legislation/za-constitution-1996, SOURCE.md there), which stays.
// Screenshots: tests/artifacts/screenshots/draft-*.png, document-form-vi.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { fullCycle } from '../support/workflow.js';
import { launchBrowser, openSession, pasteText, screenshot, step as stepIn, visit } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-draft-password' };
const PASSWORD = 'browser-draft-workflow';
const CHAIN = join(ROOT, 'core/tests/fixtures/consolidation/tt-09-2022-tt-bldtbxh');
const DOC = {
	doc_code: '09/2022/TT-BLĐTBXH',
	title: 'Thông tư hướng dẫn một số nội dung thực hiện đa dạng hóa sinh kế, phát triển mô hình giảm nghèo',
	language: 'vi',
	vocabulary: 'vi',
	source_text: readFileSync(join(CHAIN, 'original.txt'), 'utf8'),
};
const LAW = {
	doc_code: '02/2023/TT-BLĐTBXH',
	title: 'Thông tư sửa đổi, bổ sung Điều 1 của Thông tư số 09/2022/TT-BLĐTBXH',
	text: readFileSync(join(CHAIN, 'amending-1.txt'), 'utf8'),
};
const ZA = readFileSync(join(ROOT, 'core/tests/fixtures/legislation/za-constitution-1996/text.txt'), 'utf8').split('\n').slice(0, 120).join('\n');
const TIMEOUT = { timeout: 120_000 };
const NOTE = 'Sửa tay: thêm cụm từ theo Công báo số 685 + 686';

let dir, directus, browser, admin, ids, docId, editor, reviewer;

const byTest = (page, id) => page.locator(`[data-testid="${id}"]`);
const control = (page, id, tag = 'input') => page.locator(`${tag}[data-testid="${id}"], [data-testid="${id}"] ${tag}`).first();

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-draft-'));
	directus = await startDirectus({
		dir,
		port: 37000 + (process.pid % 1000),
		db: { client: 'sqlite3' },
		adminEmail: ADMIN.email,
		adminPassword: ADMIN.password,
		env: { ACCESS_TOKEN_TTL: '2h' },
	});
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	await ids.submitter.api.ok('PATCH', '/users/me', { language: 'vi-VN' });
	docId = (await admin.ok('POST', '/items/legal_document', DOC)).id;
	const first = await fullCycle(ids, { document: docId, enact: true, effective_from: '2022-07-11T00:00:00+07:00' });
	assert.equal(first.verified.passed, true);
	browser = await launchBrowser();
	editor = await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
	reviewer = await openSession(browser, { url: directus.url, email: ids.reviewer.email, password: PASSWORD });
});

after(async () => {
	await editor?.context.close().catch(() => {});
	await reviewer?.context.close().catch(() => {});
	await browser?.close();
	await directus?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openAmend(page) {
	await visit(page, `${directus.url}/admin/iu-cutter/amend`);
	await byTest(page, 'amend-preview-button').waitFor(TIMEOUT);
}

/** What the editor sees of their work: the fields, the preview's sha256, the edits by hand. */
async function work(page) {
	const sha = byTest(page, 'amend-manifest-sha');
	return {
		code: await control(page, 'amend-doc-code').inputValue(),
		title: await control(page, 'amend-title').inputValue(),
		text: await control(page, 'amend-text', 'textarea').inputValue(),
		sha: (await sha.count()) ? (await sha.innerText()).trim() : null,
		edits: await byTest(page, 'manual-edit').count(),
	};
}

/** Whether `locator`'s box lies inside the window, left to right (a clipped column or button does not). */
async function inWindow(page, locator) {
	const box = await locator.boundingBox();
	const width = page.viewportSize().width;
	return !!box && box.x >= 0 && box.x + box.width <= width;
}

let before_;

test('the editor pastes Thông tư 02/2023, previews, edits a unit by hand; at 1440 px the instruction table is whole', async () => {
	await stepIn(editor, 'draft-preview', async (page) => {
		await openAmend(page);
		await byTest(page, 'amend-document-select').click();
		await page.locator('.v-list-item', { hasText: DOC.doc_code }).first().click();
		await control(page, 'amend-doc-code').fill(LAW.doc_code);
		await control(page, 'amend-title').fill(LAW.title);
		await pasteText(control(page, 'amend-text', 'textarea'), LAW.text);
		await byTest(page, 'amend-preview-button').click();
		await byTest(page, 'amend-step').first().waitFor(TIMEOUT);
		// What the number is, in words: it changes with every preview, and it is what the reviewer approves.
		assert.match(await byTest(page, 'amend-sha-explained').innerText(), /thời điểm xem trước/);
		// The reader's finding in Vietnamese by its code (new-text-unclaimed), its hint too; the core's words as a tooltip.
		const unread = byTest(page, 'amend-unreadable-reason').first();
		assert.match(await unread.innerText(), /^Đoạn trích chứa các đơn vị mà không nội dung sửa đổi nào/);
		assert.match(await unread.getAttribute('title'), /no instruction of this provision names/);
		assert.match(await byTest(page, 'amend-unreadable-row').first().innerText(), /Cách xử lý: Nêu mọi đơn vị được trích/);

		// The table's first column and its action buttons are in the window, not cut off (issue 46, at 1440 px).
		const row = byTest(page, 'amend-step').first();
		await row.scrollIntoViewIfNeeded();
		assert.ok(await inWindow(page, row.locator('td').first()), 'the first column is in view');
		const actions = row.locator('[data-testid="amend-step-actions"]');
		assert.ok(await inWindow(page, actions), 'the action buttons are in view');
		const scroll = page.locator('.table-scroll').first();
		assert.ok(await scroll.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), 'the table fits its column: nothing to scroll sideways');
		await screenshot(page, 'draft-preview-1440');

		// An edit by hand: a unit the instruction changed gets a word more, with the note the reviewer reads.
		const edit = byTest(page, 'manual-edit-text').first();
		await edit.scrollIntoViewIfNeeded();
		await edit.click();
		await byTest(page, 'unit-editor').waitFor(TIMEOUT);
		const body = control(page, 'unit-editor-body', 'textarea');
		await body.fill(`${await body.inputValue()} (đã đối chiếu Công báo)`);
		await control(page, 'unit-editor-note').fill(NOTE);
		await byTest(page, 'unit-editor-save').click();
		await byTest(page, 'unit-editor').waitFor({ state: 'detached', ...TIMEOUT });
		await byTest(page, 'manual-edit').first().waitFor(TIMEOUT);
		await page.locator('[data-testid="amend-submit"] button:not([disabled])').waitFor(TIMEOUT);
		before_ = await work(page);
		assert.equal(before_.edits, 1);
		assert.equal(before_.text, LAW.text);
		assert.match(before_.sha, /^[0-9a-f]{64}$/);
	});
});

test('after a reload, and after the Backlog and Back, the law, its fields, the preview and the edit are all there', async () => {
	await stepIn(editor, 'draft-reload', async (page) => {
		// The save follows the last change within half a second; a reload at once still keeps it (saved on pagehide).
		await page.reload();
		await byTest(page, 'amend-draft-restored').waitFor(TIMEOUT);
		await byTest(page, 'amend-step').first().waitFor(TIMEOUT);
		assert.deepEqual(await work(page), before_);
		// Said on the page, with when: "Bản nháp của bạn lúc <date and time> đã được khôi phục".
		assert.match(await byTest(page, 'amend-draft-restored').innerText(), /Bản nháp của bạn lúc .*\d.* đã được khôi phục/);
		await screenshot(page, 'draft-restored-vi');

		await visit(page, `${directus.url}/admin/iu-cutter`);
		await byTest(page, 'iu-backlog-flow').waitFor(TIMEOUT);
		await page.goBack();
		await byTest(page, 'amend-draft-restored').waitFor(TIMEOUT);
		await byTest(page, 'amend-step').first().waitFor(TIMEOUT);
		assert.deepEqual(await work(page), before_);
	});
	// Another user of the same browser does not get it.
	await stepIn(reviewer, 'draft-other-user', async (page) => {
		await openAmend(page);
		await page.waitForTimeout(500);
		assert.equal(await byTest(page, 'amend-draft-restored').count(), 0);
		assert.equal((await work(page)).text, '');
	});
});

test('a full storage is said on the page; "Start over" forgets the draft', async () => {
	await stepIn(editor, 'draft-full', async (page) => {
		// Fill the origin's storage (the draft's own room too: a draft replaced by one a few bytes longer could fit), then
		// change the draft: it cannot be kept, and the page says so.
		const filled = await page.evaluate(() => {
			for (const k of Object.keys(localStorage)) if (k.startsWith('iu-cutter:draft:')) localStorage.removeItem(k);
			const keys = [];
			for (let size = 1 << 20; size >= 256; size >>= 1) {
				for (;;) {
					const key = `filler-${keys.length}`;
					try {
						localStorage.setItem(key, 'x'.repeat(size));
						keys.push(key);
					} catch {
						break;
					}
				}
			}
			return keys;
		});
		await control(page, 'amend-title').fill(`${LAW.title} (bản gửi)`);
		await byTest(page, 'amend-draft-full').waitFor(TIMEOUT);
		await screenshot(page, 'draft-full-vi');
		await page.evaluate((keys) => keys.forEach((k) => localStorage.removeItem(k)), filled);
		await control(page, 'amend-title').fill(LAW.title);
		await byTest(page, 'amend-draft-full').waitFor({ state: 'detached', ...TIMEOUT });

		await byTest(page, 'amend-draft-discard').click();
		assert.deepEqual(await work(page), { code: '', title: '', text: '', sha: null, edits: 0 });
		await page.reload();
		await byTest(page, 'amend-empty').waitFor(TIMEOUT);
		assert.equal(await byTest(page, 'amend-draft-restored').count(), 0);
		assert.equal((await work(page)).text, '');
	});
});

test('a submit clears the draft; its confirmation is in view and names the entry, with a link to it', async () => {
	await stepIn(editor, 'draft-submit', async (page) => {
		await byTest(page, 'amend-document-select').click();
		await page.locator('.v-list-item', { hasText: DOC.doc_code }).first().click();
		await control(page, 'amend-doc-code').fill(LAW.doc_code);
		await pasteText(control(page, 'amend-text', 'textarea'), LAW.text);
		await byTest(page, 'amend-preview-button').click();
		await byTest(page, 'amend-step').first().waitFor(TIMEOUT);
		await page.locator('[data-testid="amend-submit"] button:not([disabled])').click();
		const done = byTest(page, 'amend-submitted');
		await done.waitFor(TIMEOUT);
		const link = byTest(page, 'amend-entry-link');
		// The entry's title once it is read: a name, not its uuid.
		await page.waitForFunction(() => /AMEND/.test(document.querySelector('[data-testid="amend-entry-link"]')?.textContent ?? ''), undefined, TIMEOUT);
		const name = (await link.innerText()).trim();
		assert.doesNotMatch(name, /^[0-9a-f-]{36}$/);
		assert.match(name, /09\/2022\/TT-BLĐTBXH/);
		const entry = (await link.getAttribute('href')).split('/').pop();
		assert.match(entry, /^[0-9a-f-]{36}$/);
		const box = await done.boundingBox();
		const { height } = page.viewportSize();
		assert.ok(box && box.y >= 0 && box.y + box.height <= height, `the confirmation is in view (${JSON.stringify(box)})`);
		await screenshot(page, 'draft-submitted-vi');
		assert.equal((await admin.ok('GET', `/iu-cutter/entries/${entry}`)).state, 'submitted');
		// Cleared: a reload opens an empty page.
		await page.reload();
		await byTest(page, 'amend-empty').waitFor(TIMEOUT);
		assert.equal(await byTest(page, 'amend-draft-restored').count(), 0);
		await link.waitFor({ state: 'detached', timeout: 1000 }).catch(() => {});
	});
});

test('"New legal document" opens the form, labelled in Vietnamese; the vocabulary follows the language until the editor picks one', async () => {
	await stepIn(editor, 'document-form', async (page) => {
		await openAmend(page);
		await byTest(page, 'iu-nav-new_document').click();
		await page.waitForURL(/\/admin\/content\/legal_document\/\+$/, TIMEOUT);
		const field = (name) => page.locator(`.field[data-field="${name}"]`);
		await field('doc_code').waitFor(TIMEOUT);
		// The labels of migration iu0015, not "Doc Code" and "Source Text".
		assert.match(await field('doc_code').locator('.field-label').innerText(), /Số, ký hiệu/);
		assert.match(await field('source_text').locator('.field-label').innerText(), /Toàn văn/);
		// The collection's own name too, in the form's title ("Legal Document" before).
		assert.match(await page.locator('header .title, .header-bar .title').first().innerText(), /Văn bản pháp luật/);
		const vocabulary = page.locator('[data-testid="iu-vocabulary-field"]');
		assert.equal(await vocabulary.getAttribute('data-value'), 'vi');
		const choose = async (name, text) => {
			await field(name).locator('.v-select, .v-input').first().click();
			await page.locator('.v-menu-content .v-list-item').filter({ hasText: text }).first().click();
		};
		// The language "en": the vocabulary moves to "en" by itself, and says so.
		await choose('language', /^\s*en\s*$/);
		await page.locator('[data-testid="iu-vocabulary-field"][data-value="en"]').waitFor(TIMEOUT);
		await byTest(page, 'iu-vocabulary-followed').waitFor(TIMEOUT);
		// Picked by the editor: it stays when the language changes again.
		await choose('vocabulary', /\(commonwealth\)/);
		await page.locator('[data-testid="iu-vocabulary-field"][data-value="commonwealth"]').waitFor(TIMEOUT);
		await choose('language', /^\s*en-GB\s*$/);
		await page.waitForTimeout(300);
		assert.equal(await vocabulary.getAttribute('data-value'), 'commonwealth');
		await field('doc_code').locator('input').fill('Constitution of South Africa 1996');
		await field('title').locator('input').fill('Constitution of the Republic of South Africa, 1996');
		await pasteText(field('source_text').locator('textarea'), ZA);
		await screenshot(page, 'document-form-vi');
		await page.keyboard.press('Control+s');
		await page.waitForURL((u) => /\/content\/legal_document\/[0-9a-f-]{36}$/.test(u.pathname), TIMEOUT);
		const id = page.url().split('/').pop();
		const stored = await admin.ok('GET', `/items/legal_document/${id}?fields=language,vocabulary`);
		assert.deepEqual(stored, { language: 'en-GB', vocabulary: 'commonwealth' });
	});
});
