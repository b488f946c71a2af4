// The module's "Apply an amending law" page, in headless Chromium against a real Directus
// 12.4.0 (SQLite): Nghị định 75/2021/NĐ-CP as issued is cut through the workflow; an editor
// picks it, pastes a small amending decree (one instruction that applies, one whose target does
// not exist, one without its new text), previews — each instruction beside its block, the one
// that cannot apply highlighted with the core's reason, the unreadable one with its line —
// submits, and opens the new entry, whose review page lists the instruction not applied.
// Then the real NĐ 55/2023/NĐ-CP is submitted and its review page says what changed, in the decree’s
// own section types (its points are appended, so no later sibling shifts and no position line shows).
// Then the real chain of Luật Đấu thầu 22/2023/QH15 (core/tests/fixtures/amend/luat-22-2023-qh15, SOURCE.md there):
// the editor first gives only Luật 90/2025/QH15 (its instructions on units Luật 57/2024/QH15 inserted are not applied,
// each with why), then both: the page lists the two dates, applies 57/2024's instructions in this change set and
// shows 90/2025's as later; submitted and cut, the page reopened recognizes 57/2024's as applied in that change set
// and offers 2025-07-01.
// Screenshots: tests/artifacts/screenshots/amend-preview.png, amend-entry.png, amend-review-changes.png,
// amend-chain-missing.png, amend-chain.png, amend-chain-next.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { approveCutVerify, fullCycle, outstandingRefs } from '../support/workflow.js';
import { launchBrowser, openSession, pasteText, screenshot, settledText, step as stepIn, visit } from '../support/browser.js';
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
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
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
		await visit(page, `${directus.url}/admin/iu-cutter/amend`);
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
		// The row as read, without its buttons for finishing by hand (under the standing since issue 46).
		const withoutActions = (tr) => {
			const actions = [...tr.querySelectorAll('.actions')];
			for (const a of actions) a.style.display = 'none';
			const text = [...tr.cells].map((td) => td.innerText).join(' ');
			for (const a of actions) a.style.display = '';
			return text;
		};
		assert.match((await applied.evaluate(withoutActions)).replace(/\s+/g, ' '), /^1 Điều 1 khoản 1 line 7 2023-09-05 replaces dieu-3\/khoan-1 applied in this change set update 75-2021-ndd-cp\/dieu-3\/khoan-1$/);
		const missed = page.locator('[data-testid="amend-step"][data-applied="false"]');
		assert.match(await missed.locator('.provision').innerText(), /Điều 1 khoản 2/);
		// The law's heading: its kind, code and date, nothing dangling when the text gives no adoption date.
		assert.equal((await byTest(page, 'amend-law').locator('.law-title').innerText()).replace(/\s+/g, ' ').trim(), 'Nghị định 99/2023/NĐ-CP in force 2023-09-05');
		assert.match(await missed.locator('[data-testid="amend-not-applied"]').innerText(), /target-missing.*dieu-3\/khoan-9/s);
		// The row is highlighted.
		assert.equal(await missed.evaluate((tr) => tr.classList.contains('not-applied')), true);
		const unreadable = byTest(page, 'amend-unreadable-row');
		assert.equal(await unreadable.count(), 1);
		assert.match(await unreadable.innerText(), new RegExp(`${LAW_CODE.replace(/[/]/g, '\\/')} line 13 \\(Điều 1 khoản 3\\)`));
		// The summary, the instructions and the unreadable words in view.
		await byTest(page, 'amend-summary').evaluate((el) => el.scrollIntoView({ block: 'start' }));
		await screenshot(page, 'amend-preview');

		await control(page, 'amend-submit', 'button').click();
		await byTest(page, 'amend-submitted').waitFor(TIMEOUT);
		assert.match(await byTest(page, 'amend-submitted').innerText(), /Submitted for review as entry .*the amending law 99\/2023\/NĐ-CP is stored as a document/s);
		entryHref = await byTest(page, 'amend-entry-link').getAttribute('href');
		assert.match(entryHref, /\/iu-cutter\/entries\/[0-9a-f-]{36}$/);
		await byTest(page, 'amend-entry-link').click();
		await byTest(page, 'iu-review-amendment').waitFor(TIMEOUT);
		assert.match(await byTest(page, 'iu-review-amendment').innerText(), /99\/2023\/NĐ-CP \(in force 2023-09-05\)/);
		assert.match(await byTest(page, 'iu-review-not-applied').innerText(), /Điều 1 khoản 2 .*dieu-3\/khoan-9/);
		// The review shows the order the instructions apply in, each with its date.
		await byTest(page, 'iu-review-order').locator('summary').click();
		assert.deepEqual(
			(await byTest(page, 'iu-review-order').locator('li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
			['2023-09-05 99/2023/NĐ-CP Điều 1 khoản 1: replace 75-2021-ndd-cp/dieu-3/khoan-1', '2023-09-05 99/2023/NĐ-CP Điều 1 khoản 2: repeal 75-2021-ndd-cp/dieu-3/khoan-9 — not applied'],
		);
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
		await visit(page, `${directus.url}/admin/iu-cutter/entries/${s.entry}`);
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

const BIDDING = join(ROOT, 'core/tests/fixtures/amend/luat-22-2023-qh15');
const BIDDING_DOC = { doc_code: '22/2023/QH15', title: 'Luật Đấu thầu', language: 'vi', vocabulary: 'vi', source_text: readFileSync(join(BIDDING, 'original.txt'), 'utf8') };
const L57 = { doc_code: '57/2024/QH15', title: 'Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và Luật Đấu thầu', language: 'vi', vocabulary: 'vi', source_text: readFileSync(join(BIDDING, 'amending.txt'), 'utf8') };
const L90 = { doc_code: '90/2025/QH15', title: 'Luật sửa đổi, bổ sung một số điều của Luật Đấu thầu, Luật Đầu tư theo phương thức đối tác công tư, Luật Hải quan, …', language: 'vi', vocabulary: 'vi', source_text: readFileSync(join(BIDDING, 'amending-2.txt'), 'utf8') };

/** Picks `codes` (and only them) in the page's multiple select of stored amending laws. */
async function pickLaws(page, codes) {
	// After a preview the page is scrolled down to the instructions: the form is back up.
	await byTest(page, 'amend-law-select').evaluate((el) => el.scrollIntoView({ block: 'center' }));
	await byTest(page, 'amend-law-select').locator('.v-input').first().click();
	for (const code of codes) await page.locator('.v-menu-content .v-list-item', { hasText: code }).first().click();
	await page.keyboard.press('Escape');
	await page.locator('.v-menu-content').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
}

test('the real chain of Luật Đấu thầu: one law missing, then both; one change set per date, applied and not applied with why; reopened after the CUT', async () => {
	const bidding = (await admin.ok('POST', '/items/legal_document', BIDDING_DOC)).id;
	const cutOriginal = await fullCycle(ids, { document: bidding, effective_from: '2024-01-01T00:00:00+07:00' });
	assert.equal(cutOriginal.verified.passed, true);
	for (const law of [L57, L90]) await admin.ok('POST', '/items/legal_document', law);
	session ??= await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
	let entry;
	await stepIn(session, 'amend-chain', async (page) => {
		await visit(page, `${directus.url}/admin/iu-cutter/amend`);
		await byTest(page, 'iu-nav-amend').waitFor(TIMEOUT);
		await byTest(page, 'amend-document-select').click();
		await page.locator('.v-list-item', { hasText: BIDDING_DOC.doc_code }).first().click();
		await byTest(page, 'amend-stored-law').click();

		// Only 90/2025: what it says about units 57/2024 inserted cannot apply, and the page says why.
		await pickLaws(page, [L90.doc_code]);
		await byTest(page, 'amend-preview-button').click();
		await byTest(page, 'amend-step').first().waitFor(TIMEOUT);
		const missed = page.locator('[data-testid="amend-step"][data-status="not-applied"]');
		assert.ok((await missed.count()) >= 3, `${await missed.count()} not applied`);
		const why = (await missed.first().innerText()).replace(/\s+/g, ' ');
		assert.match(why, /target-missing: dieu-34a is not a unit of the document/);
		assert.match(why, /What you can do: .*give every law that amends the document/);
		assert.equal(await missed.first().evaluate((tr) => tr.classList.contains('not-applied')), true, 'highlighted');
		assert.ok((await byTest(page, 'amend-unreadable-row').count()) > 0, 'the words not read are listed, with their line');
		await missed.first().evaluate((el) => el.scrollIntoView({ block: 'center' }));
		await screenshot(page, 'amend-chain-missing');

		// Both laws: two dates; this preview is 2025-01-15 (57/2024), 2025-07-01 (90/2025) is later.
		await pickLaws(page, [L57.doc_code]);
		await byTest(page, 'amend-preview-button').click();
		await byTest(page, 'amend-date').first().waitFor(TIMEOUT);
		const dates = byTest(page, 'amend-date');
		assert.equal(await dates.count(), 2);
		assert.match((await dates.nth(0).innerText()).replace(/\s+/g, ' '), /^2025-01-15 \d+ this preview$/);
		assert.match((await dates.nth(1).innerText()).replace(/\s+/g, ' '), /^2025-07-01 \d+ later: its own change set, after this one is cut$/);
		const laws = byTest(page, 'amend-law');
		assert.equal(await laws.count(), 2);
		// Each law: its kind, the laws it names with this document marked, its instructions in order, the others folded.
		const l57 = page.locator('[data-testid="amend-law"][data-law="57/2024/QH15"]');
		assert.match((await l57.locator('.law-title').innerText()).replace(/\s+/g, ' '), /^Luật 57\/2024\/QH15 adopted 2024-11-29, in force 2025-01-15$/);
		assert.match(await l57.locator('.amends .mine').innerText(), /Luật Đấu thầu.* — this document/);
		const appliedRows = l57.locator('[data-testid="amend-step"][data-status="applied"]');
		assert.ok((await appliedRows.count()) > 15);
		assert.match((await appliedRows.first().innerText()).replace(/\s+/g, ' '), /^1 Điều 4 khoản 1 điểm a line \d+ 2025-01-15 .* applied in this change set/);
		const others = l57.locator('[data-testid="amend-other-law"] summary');
		assert.ok((await others.count()) >= 3);
		assert.match(await others.allInnerTexts().then((t) => t.join('\n')), /\d+ instruction\(s\) for Luật Đầu tư.* — not this document/);
		const l90 = page.locator('[data-testid="amend-law"][data-law="90/2025/QH15"]');
		assert.equal(await l90.locator('[data-testid="amend-step"][data-status="applied"]').count(), 0);
		assert.ok((await l90.locator('[data-testid="amend-later"]').count()) > 50);
		assert.match(await byTest(page, 'amend-submit').innerText(), /Submit the change set of 2025-01-15/);
		await byTest(page, 'amend-how').evaluate((el) => el.scrollIntoView({ block: 'start' }));
		await screenshot(page, 'amend-chain');

		await control(page, 'amend-submit', 'button').click();
		await byTest(page, 'amend-submitted').waitFor(TIMEOUT);
		entry = (await byTest(page, 'amend-entry-link').getAttribute('href')).split('/').pop();
	}, directus.logPath);

	const manifest = await admin.ok('GET', `/iu-cutter/entries/${entry}/manifest`);
	assert.equal(manifest.envelope.effective_from, '2025-01-15T00:00:00+07:00');
	const done = await approveCutVerify(ids, { entry, manifest_sha256: manifest.manifest_sha256 }, { acknowledged: await outstandingRefs(ids.reviewer, entry) });
	assert.equal(done.verified.passed, true);

	await stepIn(session, 'amend-chain-next', async (page) => {
		// Reopened with the same laws: 57/2024 is applied in that change set, 2025-07-01 comes next.
		await page.reload();
		await byTest(page, 'amend-document-select').click();
		await page.locator('.v-list-item', { hasText: BIDDING_DOC.doc_code }).first().click();
		await byTest(page, 'amend-stored-law').click();
		await pickLaws(page, [L57.doc_code, L90.doc_code]);
		await byTest(page, 'amend-preview-button').click();
		await byTest(page, 'amend-date').first().waitFor(TIMEOUT);
		const dates = byTest(page, 'amend-date');
		assert.match((await dates.nth(0).innerText()).replace(/\s+/g, ' '), new RegExp(`^2025-01-15 \\d+ cut: ${entry.slice(0, 8)}$`));
		assert.match((await dates.nth(1).innerText()).replace(/\s+/g, ' '), /^2025-07-01 \d+ this preview$/);
		const recorded = page.locator('[data-testid="amend-law"][data-law="57/2024/QH15"] [data-testid="amend-recorded"]');
		assert.ok((await recorded.count()) > 15);
		assert.match((await recorded.first().innerText()).replace(/\s+/g, ' '), new RegExp(`^applied in change set ${entry.slice(0, 8)}$`));
		assert.equal(await page.locator('[data-testid="amend-step"][data-status="not-applied"]').count(), 0, 'nothing is a conflict');
		assert.ok((await page.locator('[data-testid="amend-law"][data-law="90/2025/QH15"] [data-testid="amend-step"][data-status="applied"]').count()) > 50);
		assert.match(await byTest(page, 'amend-submit').innerText(), /Submit the change set of 2025-07-01/);
		await byTest(page, 'amend-dates').evaluate((el) => el.scrollIntoView({ block: 'start' }));
		await screenshot(page, 'amend-chain-next');
	}, directus.logPath);
});
