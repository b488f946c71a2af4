// The cut preview as a new editor meets it (issue 32, items 4 and 5), in headless Chromium against a real
// Directus 12.4.0 (SQLite), in English and in Vietnamese. Two whole published laws, as crawled
// (../shared/corpus/vi-vlc-dev, the underthesea crawl named in its SOURCES.md; tests/corpus/README.md):
// - Luật Kiểm toán độc lập 67/2011/QH12 (Luat-67-2011-QH12-kiem-toan-doc-lap-122184.txt, 533 lines, 64 Điều).
//   Its published text has two real numbering defects: a second "c)" in Điều 18 khoản 2 (line 67) and a
//   second "d)" (line 281), each an error the core proposes to renumber, each followed by a numbering-gap
//   warning. The preview is refused with 2 errors and 2 warnings.
// - Luật Thi hành án dân sự 26/2008/QH12 (Luat-thi-hanh-an-dan-su-2008-26-2008-QH12-82197.txt, 1 188 lines,
//   183 Điều): the 183-article law; one warning, so it previews and can be submitted.
// What is checked: the page says what to do first, and its help panel explains it; the text is shown line by
// line with each diagnostic at its line, and only the lines in view are rendered; the list is errors first,
// grouped by code with counts; a click scrolls the text to the line (byte offsets far into Vietnamese text)
// and highlights it; a proposed repair applies with one action (from the list, and from the text view), the
// stored text changes exactly by its bytes and the preview runs again; "Enact" must be chosen (no default for
// a document without units) and the preview says in words what submitting will do.
// Screenshots: docs/screenshots/preview-{empty,diagnostics,enact}-{en,vi}.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { clickWhenEnabled, launchBrowser, openSession, step as stepIn, visit } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { fullCycle } from '../support/workflow.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-source-password' };
const PASSWORD = 'browser-source-workflow';
const CORPUS = join(ROOT, '../shared/corpus/vi-vlc-dev');
const DOCS = join(ROOT, 'docs/screenshots');

const AUDIT = { doc_code: '67/2011/QH12', title: 'Luật Kiểm toán độc lập', language: 'vi', vocabulary: 'vi', source_text: readFileSync(join(CORPUS, 'Luat-67-2011-QH12-kiem-toan-doc-lap-122184.txt'), 'utf8') };
const ENFORCEMENT = { doc_code: '26/2008/QH12', title: 'Luật Thi hành án dân sự', language: 'vi', vocabulary: 'vi', source_text: readFileSync(join(CORPUS, 'Luat-thi-hanh-an-dan-su-2008-26-2008-QH12-82197.txt'), 'utf8') };
const AUDIT_LINES = AUDIT.source_text.split('\n');
// The published defects, as the excerpt's own lines say (1-based).
assert.match(AUDIT_LINES[66], /^c\) /);
assert.match(AUDIT_LINES[280], /^d\) /);
assert.equal(ENFORCEMENT.source_text.match(/^Điều \d+\./gm).length, 183);

let dir, directus, browser, admin, ids, session;
const docIds = {};

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-source-'));
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
	directus = await startDirectus({ dir, port: 36000 + (process.pid % 1000), db: { client: 'sqlite3' }, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '2h' } });
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	browser = await launchBrowser();
	session = await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
	mkdirSync(DOCS, { recursive: true });
});

after(async () => {
	await session?.context.close().catch(() => {});
	await browser?.close();
	await directus?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const byTest = (page, id) => page.locator(`[data-testid="${id}"]`);
const TIMEOUT = { timeout: 60_000 };
const storedText = async (id) => (await admin.ok('GET', `/items/legal_document/${id}?fields=source_text`)).source_text;
const said = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

/** The submitter's Directus language (the module follows it through <html lang>), then the preview page opened afresh. */
async function openIn(page, language) {
	await admin.ok('PATCH', `/users/${ids.submitter.id}`, { language });
	await visit(page, `${directus.url}/admin/iu-cutter/preview`);
	await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), language.slice(0, 2), TIMEOUT);
	await page.locator('.hydrating').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
}

/** A picture for the docs, of the window (a whole-page picture of a long preview is megabytes), kept under 300 KB. */
async function shoot(page, name) {
	const path = join(DOCS, `${name}.png`);
	await page.screenshot({ path });
	assert.ok(statSync(path).size < 300_000, `${path} is ${statSync(path).size} bytes`);
}

async function pickDocument(page, doc) {
	await byTest(page, 'iu-document-select').click();
	await page.locator('.v-list-item', { hasText: doc.doc_code }).first().click();
}

/** The error groups and warning groups as shown, with their counts. */
const groupsShown = (page) =>
	byTest(page, 'iu-diagnostic-group').evaluateAll((els) => els.map((e) => `${e.dataset.severity}/${e.dataset.code}:${e.querySelector('[data-testid="iu-diagnostic-group-count"]').textContent.trim()}`));

/** Whether line `n`'s row is rendered, highlighted, and inside the text view's visible box. */
async function lineInView(page, n) {
	const row = page.locator(`[data-testid="iu-source-line"][data-line="${n}"]`);
	await row.waitFor(TIMEOUT);
	const [box, view] = await Promise.all([row.boundingBox(), page.locator('[data-testid="iu-source-view"] [data-testid="iu-virtual-list"]').boundingBox()]);
	return { current: await row.evaluate((e) => e.classList.contains('current')), inside: box.y >= view.y && box.y + box.height <= view.y + view.height, row };
}

test('the empty page says what to do first, and the help panel explains the page and its terms', async () => {
	await stepIn(session, 'source-empty', async (page) => {
		// No legal document at all: the page says where a cut starts, with a way there.
		await openIn(page, 'en-US');
		const none = byTest(page, 'iu-preview-empty');
		await none.waitFor(TIMEOUT);
		assert.match(await said(none), /^No legal document yet A cut starts from a legal document with its text\./);
		assert.equal(await none.locator('a[href$="/content/legal_document/+"]').count(), 1);
		docIds.audit = (await admin.ok('POST', '/items/legal_document', AUDIT)).id;
		docIds.enforcement = (await admin.ok('POST', '/items/legal_document', ENFORCEMENT)).id;
		for (const [language, lang, first, helpFirst] of [
			['en-US', 'en', /^Start here: preview how a law is cut into units/, /Preview shows how a document's text is cut into units/],
			['vi-VN', 'vi', /^Bắt đầu tại đây: xem trước cách một văn bản được cắt thành các đơn vị/, /Xem trước cho thấy toàn văn của một văn bản/],
		]) {
			await openIn(page, language);
			const empty = byTest(page, 'iu-preview-empty');
			await empty.waitFor(TIMEOUT);
			assert.match(await said(empty), first);
			// Four steps, in order: the document, the authority, the preview, the submit.
			assert.equal(await empty.locator('ol.steps li').count(), 4);
			// Without a document nothing can be previewed.
			assert.ok(await byTest(page, 'iu-preview-button').locator('button').isDisabled());
			// The help panel in the sidebar: the page's text and the terms it uses.
			const help = byTest(page, 'iu-help-panel');
			if (!(await help.locator('[data-testid="iu-help-paragraph-0"]').isVisible())) await help.locator('.header, button').first().click();
			await help.locator('[data-testid="iu-help-paragraph-0"]').waitFor(TIMEOUT);
			assert.match(await said(help), helpFirst);
			for (const term of ['manifest', 'enact', 'draft_only', 'authority', 'change_set']) assert.ok(await help.locator(`[data-testid="iu-help-term-${term}"]`).isVisible(), term);
			// The terms where they appear: explained on hover (title) in the page's language.
			const enactTerm = page.locator('[data-testid="iu-term-enact"]');
			assert.match(await enactTerm.getAttribute('title'), lang === 'en' ? /^Enacting records the document as law in force/ : /^Ban hành ghi nhận văn bản/);
			await shoot(page, `preview-empty-${lang}`);
		}
	}, directus.logPath);
});

test('Luật Kiểm toán độc lập: the text with its diagnostics, errors first and grouped; a click shows the line; both repairs apply and the preview runs again', async () => {
	await stepIn(session, 'source-diagnostics', async (page) => {
		// Vietnamese first, for its picture; then English for the rest.
		for (const lang of ['vi', 'en']) {
			await openIn(page, lang === 'vi' ? 'vi-VN' : 'en-US');
			await pickDocument(page, AUDIT);
			// A document without units: no default authority; the preview waits for the choice.
			await byTest(page, 'iu-enact-needed').waitFor(TIMEOUT);
			assert.ok(await byTest(page, 'iu-preview-button').locator('button').isDisabled(), 'previewable before Enact was chosen');
			await byTest(page, 'iu-enact-enacted').click();
			assert.ok(await byTest(page, 'iu-preview-button').locator('button').isEnabled());
			await byTest(page, 'iu-preview-button').click();
			await byTest(page, 'iu-source-view').waitFor(TIMEOUT);

			// Errors first, grouped by code, with counts: the core's 2 duplicate-ordinal errors and 2 ordinal-gap warnings.
			assert.deepEqual(await groupsShown(page), ['error/duplicate-ordinal:2', 'warning/ordinal-gap:2']);
			const severities = await byTest(page, 'iu-diagnostic').evaluateAll((els) => els.map((e) => (e.classList.contains('error') ? 'error' : 'warning')));
			assert.deepEqual(severities, ['error', 'error', 'warning', 'warning']);
			// The whole text is in the view, but only the lines in view are rendered.
			assert.equal(Number(await byTest(page, 'iu-source-view').getAttribute('data-lines')), AUDIT_LINES.length - (AUDIT.source_text.endsWith('\n') ? 1 : 0));
			assert.ok((await byTest(page, 'iu-source-line').count()) < 80, 'the text view renders every line');

			// A click on the error of line 281 (byte 46 746: 281 lines of Vietnamese in) scrolls the text there and highlights it.
			await page.locator('[data-testid="iu-diagnostic"][data-line="281"]').click();
			const at = await lineInView(page, 281);
			assert.ok(at.current && at.inside, JSON.stringify(at));
			// The place is marked in the line: its first character, the "d" of "d)"; the message is under it.
			assert.equal(await at.row.locator('[data-testid="iu-source-mark"]').innerText(), 'd');
			assert.ok(await at.row.locator('[data-testid="iu-source-marker"]').isVisible());
			const note = page.locator('[data-testid="iu-source-diagnostic"][data-line="281"]');
			assert.match(await said(note), /duplicate-ordinal the second Điểm d of Khoản 1 reads as Điểm đ/);
			const where = await said(page.locator('[data-testid="iu-diagnostic"][data-line="281"] [data-testid="iu-diagnostic-where"]'));
			assert.equal(where, lang === 'en' ? 'line 281, column 1 (byte 46746)' : 'dòng 281, cột 1 (byte 46746)');
			await shoot(page, `preview-diagnostics-${lang}`);
		}

		// The repair of line 67, from the list: the stored text changes by exactly its bytes, and the preview runs again.
		const first = (await admin.post('/iu-cutter/preview', { document: docIds.audit, enact: true })).body.errors[0].extensions.diagnostics.find((d) => d.line === 67);
		assert.deepEqual(first.repair, { offset: 12239, length: 1, replacement: 'e', description: 'renumber the second Điểm c of Khoản 2 as e (line 67)' });
		const previews = [];
		page.on('request', (r) => r.url().endsWith('/iu-cutter/preview') && r.method() === 'POST' && previews.push(r.postDataJSON()));
		await clickWhenEnabled(page.locator('[data-testid="iu-diagnostic"][data-line="67"] [data-testid="iu-apply-repair"]'));
		const notice = byTest(page, 'iu-repair-notice');
		await notice.waitFor(TIMEOUT);
		assert.equal(await said(notice), 'Applied: renumber the second Điểm c of Khoản 2 as e (line 67). The stored text of 67/2011/QH12 was changed, with your permissions, and previewed again.');
		const once = Buffer.concat([Buffer.from(AUDIT.source_text).subarray(0, 12239), Buffer.from('e'), Buffer.from(AUDIT.source_text).subarray(12240)]).toString();
		assert.equal(once, AUDIT.source_text.replace(AUDIT_LINES[66], `e${AUDIT_LINES[66].slice(1)}`));
		assert.equal(await storedText(docIds.audit), once);
		// Previewed again, as enacted law still: one error and its warning left.
		assert.equal(previews.length, 1);
		assert.equal(previews[0].enact, true);
		await page.waitForFunction(() => document.querySelectorAll('[data-testid="iu-diagnostic"]').length === 2, null, TIMEOUT);
		assert.deepEqual(await groupsShown(page), ['error/duplicate-ordinal:1', 'warning/ordinal-gap:1']);

		// The repair of line 281, from the text view: jump there, apply at the line.
		await page.locator('[data-testid="iu-diagnostic"][data-line="281"]').click();
		assert.ok((await lineInView(page, 281)).current);
		await page.locator('[data-testid="iu-source-diagnostic"][data-line="281"] [data-testid="iu-source-apply-repair"]').click();
		await byTest(page, 'iu-preview-summary').waitFor(TIMEOUT);
		assert.equal(await byTest(page, 'iu-error').count(), 0);
		assert.equal(await byTest(page, 'iu-diagnostic').count(), 0);
		assert.equal(await storedText(docIds.audit), once.replace(AUDIT_LINES[280], `đ${AUDIT_LINES[280].slice(1)}`));
	}, directus.logPath);
});

test('Luật Thi hành án dân sự (183 Điều): Enact is chosen, not assumed, and the preview says what submitting will do', async () => {
	await stepIn(session, 'source-enact', async (page) => {
		for (const lang of ['en', 'vi']) {
			await openIn(page, lang === 'vi' ? 'vi-VN' : 'en-US');
			await pickDocument(page, ENFORCEMENT);
			await page.locator('input[data-testid="iu-effective-from"], [data-testid="iu-effective-from"] input').first().fill('2009-07-01');
			await byTest(page, 'iu-enact-needed').waitFor(TIMEOUT);
			assert.ok(await byTest(page, 'iu-preview-button').locator('button').isDisabled(), 'previewable before Enact was chosen');
			// The cards name the date the law would be in force from.
			assert.match(await said(byTest(page, 'iu-enact-enacted')), lang === 'en' ? /^Enacted law, in force from 2009-07-01/ : /^Văn bản đã ban hành, có hiệu lực từ 2009-07-01/);
			await byTest(page, 'iu-enact-enacted').click();
			const sent = page.waitForRequest((r) => r.url().endsWith('/iu-cutter/preview') && r.method() === 'POST');
			await byTest(page, 'iu-preview-button').click();
			assert.equal((await sent).postDataJSON().enact, true);
			await byTest(page, 'iu-preview-summary').waitFor(TIMEOUT);
			const creates = Number((await said(byTest(page, 'iu-count-create'))).match(/\d+/)[0]);
			assert.ok(creates > 900, `${creates} units`);
			const what = await said(byTest(page, 'iu-submit-what'));
			assert.equal(
				what,
				lang === 'en'
					? `Submitting will ask a reviewer (another person) to approve this manifest for 26/2008/QH12: create ${creates} units. Once cut, every unit it keeps or creates is law in force from 2009-07-01. Nothing changes until the reviewer approves it; then the executor cuts it and a verifier checks the result.`
					: `Khi gửi, một người duyệt (người khác) sẽ được đề nghị phê duyệt bản kê thay đổi này cho 26/2008/QH12: tạo ${creates} đơn vị. Sau khi cắt, mọi đơn vị được giữ lại hoặc tạo mới là quy định có hiệu lực từ 2009-07-01. Chưa có gì thay đổi cho đến khi người duyệt phê duyệt; sau đó người thực hiện CẮT và một người kiểm tra xác minh kết quả.`,
			);
			// Its one warning is shown in the text of 1 188 lines, of which only those in view are rendered.
			assert.deepEqual(await groupsShown(page), ['warning/ordinal-gap:1']);
			assert.ok(Number(await byTest(page, 'iu-source-view').getAttribute('data-lines')) > 1100);
			assert.ok((await byTest(page, 'iu-source-line').count()) < 80);
			// The picture: the summary with what submitting will do, the authority chosen above it.
			await page.locator('.private-view main, #main-content').first().evaluate((main) => main.scrollTo(0, 0)).catch(() => {});
			await byTest(page, 'iu-submit-what').evaluate((e) => e.scrollIntoView({ block: 'end' }));
			await shoot(page, `preview-enact-${lang}`);
		}
		// Draft only: the answer for enacted law is dropped; previewed again, the page says draft_only in words.
		await byTest(page, 'iu-enact-draft').click();
		assert.equal(await byTest(page, 'iu-preview-summary').count(), 0);
		const sent = page.waitForRequest((r) => r.url().endsWith('/iu-cutter/preview') && r.method() === 'POST');
		await byTest(page, 'iu-preview-button').click();
		assert.equal((await sent).postDataJSON().enact, false);
		await byTest(page, 'iu-submit-what').waitFor(TIMEOUT);
		assert.match(await said(byTest(page, 'iu-submit-what')), /Sau khi cắt, các đơn vị được tạo mới chỉ được lưu dưới dạng dự thảo \(draft_only\)/);
	}, directus.logPath);
	await admin.ok('PATCH', `/users/${ids.submitter.id}`, { language: 'en-US' });
});

test('a document whose units are law in force: "Enacted" is preselected, and the page says why', async () => {
	// Luật Kiểm toán độc lập, repaired above, enacted through the whole workflow over the API.
	const cycle = await fullCycle(ids, { document: docIds.audit, effective_from: '2012-01-01T00:00:00Z', enact: true });
	const active = cycle.preview.counts.create;
	await stepIn(session, 'source-enact-default', async (page) => {
		await openIn(page, 'en-US');
		await pickDocument(page, AUDIT);
		const why = byTest(page, 'iu-enact-default');
		await why.waitFor(TIMEOUT);
		assert.equal(await said(why), `Preselected from the document: ${active} of its units are in force. A draft cut would store its new units as draft_only.`);
		assert.equal(await byTest(page, 'iu-enact-enacted').locator('input').isChecked(), true);
		assert.equal(await byTest(page, 'iu-enact-draft').locator('input').isChecked(), false);
		assert.ok(await byTest(page, 'iu-preview-button').locator('button').isEnabled());
		// The editor's own choice replaces the explanation.
		await byTest(page, 'iu-enact-draft').click();
		assert.equal(await byTest(page, 'iu-enact-default').count(), 0);
		assert.equal(await byTest(page, 'iu-enact-draft').locator('input').isChecked(), true);
	}, directus.logPath);
});
