// The module's "Apply an amending law" page, in headless Chromium against a real Directus
// 12.4.0 (SQLite): Nghị định 75/2021/NĐ-CP as issued is cut through the workflow; an editor
// picks it, pastes a small amending decree (one instruction that applies, one whose target does
// not exist, one without its new text), previews — each instruction beside its block, the one
// that cannot apply highlighted with the core's reason, the unreadable one with its line —
// submits, and opens the new entry, whose review page lists the instruction not applied.
// Then the real NĐ 55/2023/NĐ-CP is submitted and its review page says what changed, in the decree’s
// own section types (its points are appended, so no later sibling shifts and no position line shows).
// Screenshots: tests/artifacts/screenshots/amend-preview.png, amend-entry.png, amend-review-changes.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { fullCycle } from '../support/workflow.js';
import { launchBrowser, openSession, pasteText, screenshot, settledText, step as stepIn } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-amend-password' };
const PASSWORD = 'browser-amend-workflow';
const DOC = {
	doc_code: '75/2021/NĐ-CP',
	title: 'Nghị định quy định mức hưởng trợ cấp, phụ cấp và các chế độ ưu đãi người có công với cách mạng',
	language: 'vi',
	vocabulary: 'vi',
	source_text: readFileSync(join(ROOT, 'core/tests/fixtures/amend/nd-75-2021-nd-cp/original.txt'), 'utf8'),
};
const LAW_CODE = '99/2023/NĐ-CP';
// Khoản 1 applies (Điều 3 khoản 1 gets the new amount); khoản 2 names a clause Điều 3 does not have;
// khoản 3 says "như sau:" and quotes nothing.
const LAW_TEXT = `NGHỊ ĐỊNH

SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 75/2021/NĐ-CP NGÀY 24 THÁNG 7 NĂM 2021 CỦA CHÍNH PHỦ

Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 75/2021/NĐ-CP

1. Sửa đổi, bổ sung khoản 1 Điều 3 như sau:

“1. Mức chuẩn trợ cấp ưu đãi người có công với cách mạng là 2.055.000 đồng (sau đây gọi tắt là mức chuẩn).”

2. Bãi bỏ khoản 9 Điều 3.

3. Sửa đổi, bổ sung Điều 1 như sau:

Điều 2. Hiệu lực thi hành

Nghị định này có hiệu lực thi hành từ ngày 05 tháng 9 năm 2023.
`;

let dir, directus, browser, admin, ids, docId, session;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-amend-'));
	directus = await startDirectus({ dir, port: 37000 + (process.pid % 1000), db: { client: 'sqlite3' }, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '2h' } });
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	docId = (await admin.ok('POST', '/items/legal_document', DOC)).id;
	const first = await fullCycle(ids, { document: docId, effective_from: '2021-09-15T00:00:00Z' });
	assert.equal(first.verified.passed, true);
	browser = await launchBrowser();
});

after(async () => {
	await session?.context.close().catch(() => {});
	await browser?.close();
	await directus?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const byTest = (page, id) => page.locator(`[data-testid="${id}"]`);
const control = (page, id, tag = 'input') => page.locator(`${tag}[data-testid="${id}"], [data-testid="${id}"] ${tag}`).first();
const TIMEOUT = { timeout: 60_000 };

test('an amending decree pasted as text: each instruction beside its block, the one that cannot apply highlighted; submitted, it is an entry', async () => {
	session = await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
	let entryHref;
	await stepIn(session, 'amend-preview', async (page) => {
		await page.goto(`${directus.url}/admin/iu-cutter/amend`);
		await byTest(page, 'iu-nav-amend').waitFor(TIMEOUT);
		await byTest(page, 'amend-document-select').click();
		await page.locator('.v-list-item', { hasText: DOC.doc_code }).first().click();
		await control(page, 'amend-doc-code').fill(LAW_CODE);
		await control(page, 'amend-title').fill('Nghị định sửa đổi (thử)');
		await pasteText(control(page, 'amend-text', 'textarea'), LAW_TEXT);
		await byTest(page, 'amend-preview-button').click();
		await byTest(page, 'amend-step').first().waitFor(TIMEOUT);

		const summary = await settledText(byTest(page, 'amend-summary'), (t) => t.startsWith('2 instruction(s):'));
		assert.equal(summary, '2 instruction(s): 1 applied, 1 not applied, 1 unreadable, 0 for other laws');
		const rows = byTest(page, 'amend-step');
		assert.equal(await rows.count(), 2);
		const applied = page.locator('[data-testid="amend-step"][data-applied="true"]');
		assert.match((await applied.innerText()).replace(/\s+/g, ' '), /^Điều 1 khoản 1 99\/2023\/NĐ-CP in force 2023-09-05 replace 75-2021-ndd-cp\/dieu-3\/khoan-1 Sửa đổi, bổ sung khoản 1 Điều 3 như sau: line 7 update 75-2021-ndd-cp\/dieu-3\/khoan-1$/);
		const missed = page.locator('[data-testid="amend-step"][data-applied="false"]');
		assert.match(await missed.locator('.provision').innerText(), /Điều 1 khoản 2/);
		assert.match(await missed.locator('[data-testid="amend-not-applied"]').innerText(), /target-missing.*dieu-3\/khoan-9/s);
		// The row is highlighted.
		assert.equal(await missed.evaluate((tr) => tr.classList.contains('not-applied')), true);
		const unreadable = byTest(page, 'amend-unreadable-row');
		assert.equal(await unreadable.count(), 1);
		assert.match(await unreadable.innerText(), new RegExp(`${LAW_CODE.replace(/[/]/g, '\\/')} line 13 \\(Điều 1 khoản 3\\)`));
		// The summary, the instructions and the unreadable words in view.
		await byTest(page, 'amend-summary').evaluate((el) => el.scrollIntoView({ block: 'start' }));
		await screenshot(page, 'amend-preview');

		await byTest(page, 'amend-submit').click();
		await byTest(page, 'amend-submitted').waitFor(TIMEOUT);
		assert.match(await byTest(page, 'amend-submitted').innerText(), /Submitted for review as entry .*the amending law 99\/2023\/NĐ-CP is stored as a document/s);
		entryHref = await byTest(page, 'amend-entry-link').getAttribute('href');
		assert.match(entryHref, /\/iu-cutter\/entries\/[0-9a-f-]{36}$/);
		await byTest(page, 'amend-entry-link').click();
		await byTest(page, 'iu-review-amendment').waitFor(TIMEOUT);
		assert.match(await byTest(page, 'iu-review-amendment').innerText(), /99\/2023\/NĐ-CP \(in force 2023-09-05\)/);
		assert.match(await byTest(page, 'iu-review-not-applied').innerText(), /Điều 1 khoản 2 .*dieu-3\/khoan-9/);
		await screenshot(page, 'amend-entry');
	}, directus.logPath);
	// The law was stored as a document through the Items API, as the editor.
	const stored = await admin.ok('GET', `/items/legal_document?filter[doc_code][_eq]=${encodeURIComponent(LAW_CODE)}&fields=title,source_text,vocabulary`);
	assert.equal(stored.length, 1);
	assert.equal(stored[0].source_text, LAW_TEXT);
	const entry = entryHref.split('/').pop();
	const status = await admin.ok('GET', `/iu-cutter/entries/${entry}`);
	assert.equal(status.state, 'submitted');
	assert.match(status.entry.title, /^AMEND 75\/2021\/NĐ-CP: by 99\/2023\/NĐ-CP: 1 update/);
});

test('the review page of a real amendment (NĐ 55/2023/NĐ-CP) says what changed in the decree’s own words, not a wall of blocks', async () => {
	const law = { doc_code: '55/2023/NĐ-CP', title: 'Nghị định sửa đổi, bổ sung một số điều của Nghị định số 75/2021/NĐ-CP', text: readFileSync(join(ROOT, 'core/tests/fixtures/amend/nd-75-2021-nd-cp/amending.txt'), 'utf8') };
	const p = await ids.submitter.api.ok('POST', '/iu-cutter/amend/preview', { document: docId, amending: [law] });
	const s = await ids.submitter.api.ok('POST', '/iu-cutter/amend/submit', { document: docId, amending: [law], created_at: p.request.created_at, manifest_sha256: p.manifest_sha256 });
	const folded = p.blocks.filter((b) => b.position_only).length;
	// NĐ 55/2023 appends its three points after the last point of Điều 12 khoản 4: no sibling shifts (issue 30).
	assert.equal(folded, 0);
	session ??= await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
	await stepIn(session, 'amend-review-changes', async (page) => {
		await page.goto(`${directus.url}/admin/iu-cutter/entries/${s.entry}`);
		await byTest(page, 'iu-review-changes').waitFor(TIMEOUT);
		const line = (await byTest(page, 'iu-changes-line').innerText()).trim();
		// The decree's section types, as the store labels them: điểm, khoản, điều.
		assert.equal(line, '3 điểm added, 1 điều replaced, 11 khoản replaced, 8 điểm replaced');
		assert.equal(await byTest(page, 'iu-position-line').count(), 0);
		// Nothing to fold: every block is listed, and no checkbox offers position-only ones.
		assert.equal(await byTest(page, 'iu-show-position-only').count(), 0);
		const label = page.locator('.blocks-toolbar .label');
		assert.equal((await label.innerText()).replace(/\s+/g, ' ').trim(), `Blocks (${p.blocks.length})`);
		assert.equal(await byTest(page, 'iu-review-blocks').locator('.block-row.position-only').count(), 0);
		await byTest(page, 'iu-review-changes').evaluate((el) => el.scrollIntoView({ block: 'start' }));
		await screenshot(page, 'amend-review-changes');
	}, directus.logPath);
});
