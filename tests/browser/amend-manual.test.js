// Finishing an amendment by hand, in headless Chromium against a real Directus (SQLite): Nghị định 75/2021/NĐ-CP as
// issued (core/tests/fixtures/amend/nd-75-2021-nd-cp, SOURCE.md there) is cut through the workflow; an editor pastes
// a small amending decree whose khoản 2 names a clause Điều 3 does not have (not applied), previews, and finishes it by
// hand: "Mark applied by hand" opens the dialog (a note is required), "Edit text" changes the resulting text of
// Điều 3 khoản 1 with a note; each edit is listed, the preview runs again with them, the blocks made by hand are
// marked, an edit can be removed; submit sends them and the manifest keeps them. In English and in Vietnamese.
// Screenshots: docs/screenshots/amend-manual-en.png, amend-manual-vi.png (the dialog), amend-manual-list-{en,vi}.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { fullCycle } from '../support/workflow.js';
import { launchBrowser, openSession, pasteText, screenshot, settledText, step as stepIn, visit } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-amend-manual-password' };
const PASSWORD = 'browser-amend-manual-workflow';
const DOC = {
	doc_code: '75/2021/NĐ-CP',
	title: 'Nghị định quy định mức hưởng trợ cấp, phụ cấp và các chế độ ưu đãi người có công với cách mạng',
	language: 'vi',
	vocabulary: 'vi',
	source_text: readFileSync(join(ROOT, 'core/tests/fixtures/amend/nd-75-2021-nd-cp/original.txt'), 'utf8'),
};
const LAW_CODE = '98/2023/NĐ-CP';
// Khoản 1 applies (Điều 3 khoản 1 gets the new amount); khoản 2 names a clause Điều 3 does not have.
const LAW_TEXT = `NGHỊ ĐỊNH

SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 75/2021/NĐ-CP NGÀY 24 THÁNG 7 NĂM 2021 CỦA CHÍNH PHỦ

Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 75/2021/NĐ-CP

1. Sửa đổi, bổ sung khoản 1 Điều 3 như sau:

“1. Mức chuẩn trợ cấp ưu đãi người có công với cách mạng là 2.055.000 đồng (sau đây gọi tắt là mức chuẩn).”

2. Bãi bỏ khoản 9 Điều 3.

Điều 2. Hiệu lực thi hành

Nghị định này có hiệu lực thi hành từ ngày 05 tháng 9 năm 2023.
`;
const K1 = '75-2021-ndd-cp/dieu-3/khoan-1';
const HAND_TEXT = 'Mức chuẩn trợ cấp ưu đãi người có công với cách mạng là 2.055.000 đồng/tháng (sau đây gọi tắt là mức chuẩn).';

let dir, directus, browser, ids, docId, session, admin, submitted;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-amend-manual-'));
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
	directus = await startDirectus({ dir, port: 38000 + (process.pid % 1000), db: { client: 'sqlite3' }, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '2h' } });
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

/** The picture kept in docs/screenshots (committed), taken as every other screenshot is. */
async function keep(page, name) {
	copyFileSync(await screenshot(page, name), join(ROOT, 'docs/screenshots', `${name}.png`));
}

async function previewLaw(page) {
	await visit(page, `${directus.url}/admin/iu-cutter/amend`);
	await byTest(page, 'amend-document-select').waitFor(TIMEOUT);
	await byTest(page, 'amend-document-select').click();
	await page.locator('.v-list-item', { hasText: DOC.doc_code }).first().click();
	await control(page, 'amend-doc-code').fill(LAW_CODE);
	await pasteText(control(page, 'amend-text', 'textarea'), LAW_TEXT);
	await byTest(page, 'amend-preview-button').click();
	await byTest(page, 'amend-step').first().waitFor(TIMEOUT);
}

/** Opens "Mark applied by hand" on the instruction not applied, checks the note is required, saves it. */
async function markApplied(page, { note, noteRequired, shot }) {
	const missed = page.locator('[data-testid="amend-step"][data-status="not-applied"]');
	await missed.locator('[data-testid="manual-mark-applied"]').click();
	const dialog = byTest(page, 'unit-editor');
	await dialog.waitFor(TIMEOUT);
	assert.equal(await dialog.getAttribute('data-mode'), 'applied');
	await byTest(page, 'unit-editor-save').click();
	assert.equal(await settledText(byTest(page, 'unit-editor-problem'), noteRequired), noteRequired);
	await control(page, 'unit-editor-note').fill(note);
	if (shot) await keep(page, shot);
	await byTest(page, 'unit-editor-save').click();
	await dialog.waitFor({ state: 'detached', ...TIMEOUT });
}

test('an editor finishes a decree by hand: marks the instruction not applied, edits a unit’s text, sees them marked; submit keeps them', async () => {
	session = await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
	await stepIn(
		session,
		'amend-manual-en',
		async (page) => {
			await previewLaw(page);
			const sha0 = await byTest(page, 'amend-manifest-sha').innerText();
			await markApplied(page, { note: 'Điều 3 has no khoản 9: the decree means khoản 8, repealed by hand', noteRequired: 'Write why: a note is required.', shot: 'amend-manual-en' });
			// The preview ran again with the mark: the row says so, the list holds it, the sha256 changed.
			await byTest(page, 'amend-step-by-hand').waitFor(TIMEOUT);
			assert.match(await byTest(page, 'amend-step-by-hand').innerText(), /applied by hand: “Điều 3 has no khoản 9/);
			assert.equal(await byTest(page, 'manual-edit').count(), 1);
			assert.notEqual(await byTest(page, 'amend-manifest-sha').innerText(), sha0);

			// Edit the resulting text of Điều 3 khoản 1 (the instruction replaced it; the edit starts from that text).
			await page.locator(`[data-testid="manual-edit-text"][data-address="${K1}"]`).click();
			await byTest(page, 'unit-editor').waitFor(TIMEOUT);
			const body = control(page, 'unit-editor-body', 'textarea');
			assert.match(await body.inputValue(), /^Mức chuẩn trợ cấp ưu đãi người có công với cách mạng là 2\.055\.000 đồng/);
			assert.match(await byTest(page, 'unit-editor-law-text').innerText(), /2\.055\.000 đồng/);
			await body.fill(HAND_TEXT);
			await control(page, 'unit-editor-note').fill('the amount is monthly, as Điều 3 khoản 2 says');
			await byTest(page, 'unit-editor-save').click();
			await page.locator('[data-testid="manual-badge"]').first().waitFor(TIMEOUT);
			assert.equal(await byTest(page, 'manual-edit').count(), 2);
			assert.match(await byTest(page, 'manual-edits').innerText(), /2 edits by hand/);
			assert.match(await byTest(page, 'amend-summary').innerText(), /1 applied by hand/);
			await byTest(page, 'manual-edits').evaluate((el) => el.scrollIntoView({ block: 'center' }));
			await keep(page, 'amend-manual-list-en');

			// Removing an edit runs the preview again without it.
			await byTest(page, 'manual-edit-remove').first().click();
			await settledText(byTest(page, 'amend-summary'), (x) => !x.includes('applied by hand'), 30_000);
			assert.equal(await byTest(page, 'manual-edit').count(), 1);
			assert.equal(await byTest(page, 'amend-step-by-hand').count(), 0);
			const sha = await byTest(page, 'amend-manifest-sha').innerText();

			await control(page, 'amend-submit', 'button').click();
			await byTest(page, 'amend-submitted').waitFor(TIMEOUT);
			const href = await byTest(page, 'amend-entry-link').getAttribute('href');
			const entry = href.slice(href.lastIndexOf('/') + 1);
			// The ledger's manifest keeps the edit by hand (read as the administrator: the ledger is not the editor's to browse).
			const [envelope] = await admin.ok('GET', `/items/manifest_envelope?filter[entry][_eq]=${entry}&fields=id,manifest_sha256`);
			assert.equal(envelope.manifest_sha256, sha);
			const [block] = await admin.ok('GET', `/items/manifest_unit_block?filter[envelope][_eq]=${envelope.id}&filter[canonical_address][_eq]=${encodeURIComponent(K1)}&fields=block_json`);
			assert.deepEqual(JSON.parse(block.block_json).manual, { note: 'the amount is monthly, as Điều 3 khoản 2 says' });
			assert.match(entry, /^[0-9a-f-]{36}$/);
			submitted = { entry, manifest_sha256: sha };
		},
		directus.logPath,
	);
});

test('in Vietnamese: the actions, the dialog and the list of edits by hand', async () => {
	// The change set of the first test is rejected: the decree's date is planned again.
	await ids.reviewer.api.ok('POST', '/iu-cutter/review', { entry: submitted.entry, decision: 'reject', manifest_sha256: submitted.manifest_sha256, comment: 'rejected to walk the page again in Vietnamese' });
	// The user's Directus language decides (<html lang>); the IU roles may not change their own user, the admin does.
	await admin.ok('PATCH', `/users/${ids.submitter.id}`, { language: 'vi-VN' });
	await session?.context.close().catch(() => {});
	session = await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
	await stepIn(
		session,
		'amend-manual-vi',
		async (page) => {
			await previewLaw(page);
			assert.match(await page.locator('[data-testid="manual-mark-applied"]').first().innerText(), /Đánh dấu đã áp dụng thủ công/);
			await markApplied(page, { note: 'Điều 3 không có khoản 9: Nghị định muốn nói khoản 8, đã bãi bỏ thủ công', noteRequired: 'Hãy ghi lý do: ghi chú là bắt buộc.', shot: 'amend-manual-vi' });
			await byTest(page, 'amend-step-by-hand').waitFor(TIMEOUT);
			assert.match(await byTest(page, 'amend-step-by-hand').innerText(), /áp dụng thủ công: “Điều 3 không có khoản 9/);
			assert.match(await byTest(page, 'manual-edits').innerText(), /1 chỉnh sửa thủ công/);
			await byTest(page, 'manual-edits').evaluate((el) => el.scrollIntoView({ block: 'center' }));
			await keep(page, 'amend-manual-list-vi');
		},
		directus.logPath,
	);
});
