// The module's Versions view and the resolver's text at a date, in headless Chromium against a
// real Directus 12.4.0 (SQLite): NĐ 75/2021/NĐ-CP cut through the workflow in force from
// 2021-09-15, then a second CUT in force from 2023-07-01 (Điều 3 khoản 1 gets a new amount, a
// new Điều 15 is inserted and Điều 15–16 become 16–17). A reader picks the document and a date
// and sees the text of that date; compares it with a later date and sees the word diff
// highlighted, the renumbered articles with their old and new addresses; the resolver shows a
// unit's text as at the chosen date.
// Then an editor previews the decree as first stored, an old copy: the preview page says the text undoes the second
// CUT (which change set, who cut it, when, which units), and submitting waits for the editor's explicit "I mean to
// undo" (issue 31, item 5); the document's stored text, which followed the second CUT, plans nothing.
// Screenshots: tests/artifacts/screenshots/versions.png, versions-diff.png, resolver-text-at-date.png, preview-undoes.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { fullCycle } from '../support/workflow.js';
import { launchBrowser, openSession, pasteText, screenshot, settledText, step as stepIn, visit } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { DECREE, secondText } from '../support/history.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-versions-password' };
const PASSWORD = 'browser-versions-workflow';
const SLUG = DECREE.slug;
const TIMEOUT = { timeout: 60_000 };

let dir, directus, browser, ids, docId, session, secondCut;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-versions-'));
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
	directus = await startDirectus({ dir, port: 38000 + (process.pid % 1000), db: { client: 'sqlite3' }, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '2h' } });
	const token = await directus.login();
	const admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	docId = (await admin.ok('POST', '/items/legal_document', { doc_code: DECREE.doc_code, title: DECREE.title, language: 'vi', vocabulary: 'vi', source_text: DECREE.text })).id;
	assert.equal((await fullCycle(ids, { document: docId, effective_from: '2021-09-15T00:00:00+07:00' })).verified.passed, true);
	const second = await fullCycle(ids, { document: docId, text: secondText(), effective_from: '2023-07-01T00:00:00+07:00' });
	assert.equal(second.verified.passed, true);
	secondCut = second.cut.change_set;
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
/** Out of the date field, so the picture shows no caret or selection. */
const blur = (page) => page.evaluate(() => document.activeElement?.blur());
const unit = (page, address, id = 'iu-versions-unit') => page.locator(`[data-testid="${id}"][data-address="${SLUG}/${address}"]`);

test('the Versions view: the text as at a date, then the word diff with a later date, highlighted', async () => {
	session = await openSession(browser, { url: directus.url, email: ids.reviewer.email, password: PASSWORD });
	await stepIn(session, 'versions', async (page) => {
		await visit(page, `${directus.url}/admin/iu-cutter/versions`);
		await byTest(page, 'iu-nav-versions').waitFor(TIMEOUT);
		await byTest(page, 'iu-versions-document').click();
		await page.locator('.v-list-item', { hasText: DECREE.doc_code }).first().click();
		await control(page, 'iu-versions-at').fill('2022-01-01');

		// The text of 2022: the old amount, Điều 15 is still "Hiệu lực thi hành", no Điều 17.
		// (The text of today shows first, until the date's answer comes.)
		await unit(page, 'dieu-3/khoan-1').waitFor(TIMEOUT);
		const heading = await settledText(byTest(page, 'iu-versions-heading'), (t) => t.includes('as at January 1, 2022'));
		// Dates in the user's language (en-US), the law's own calendar day: 2021-09-15T00:00:00+07:00 is 15 September.
		assert.match(heading, /as at January 1, 2022: version of change set [0-9a-f]{8}, in force from September 15, 2021$/);
		assert.match(await unit(page, 'dieu-3/khoan-1').innerText(), /là 1\.624\.000 đồng/);
		assert.match(await unit(page, 'dieu-15').innerText(), /Hiệu lực thi hành/);
		assert.equal(await unit(page, 'dieu-17').count(), 0);
		// Indented by depth: a clause sits further in than its article.
		const indent = (address) => unit(page, address).evaluate((el) => parseFloat(getComputedStyle(el).paddingLeft));
		assert.ok((await indent('dieu-3/khoan-1')) > (await indent('dieu-3')));
		const shown = await byTest(page, 'iu-versions-unit').count();
		assert.ok(shown > 30, `${shown} units shown`);
		await blur(page);
		await screenshot(page, 'versions');

		// The text of 2024: the new amount and the inserted article.
		await control(page, 'iu-versions-at').fill('2024-01-01');
		assert.match(await settledText(unit(page, 'dieu-3/khoan-1'), (t) => t.includes('2.055.000')), /là 2\.055\.000 đồng/);
		assert.match(await unit(page, 'dieu-15').innerText(), /Điều khoản chuyển tiếp/);
		assert.match(await unit(page, 'dieu-17').innerText(), /Trách nhiệm thi hành/);

		// Compared with 2022: only what changed, each word change marked.
		await control(page, 'iu-versions-compare').fill('2022-01-01');
		await byTest(page, 'iu-versions-diff-unit').first().waitFor(TIMEOUT);
		assert.match(await byTest(page, 'iu-versions-diff-heading').innerText(), /^Changes from January 1, 2022 to January 1, 2024/);
		const clause = unit(page, 'dieu-3/khoan-1', 'iu-versions-diff-unit');
		assert.equal(await clause.getAttribute('data-status'), 'changed');
		assert.deepEqual(await clause.locator('del').allInnerTexts(), ['1.624.000']);
		assert.deepEqual(await clause.locator('ins').allInnerTexts(), ['2.055.000']);
		// Red struck through, green underlined.
		const look = (sel) => clause.locator(sel).evaluate((el) => ({ line: getComputedStyle(el).textDecorationLine, color: getComputedStyle(el).color }));
		const [del, ins] = [await look('del'), await look('ins')];
		assert.equal(del.line, 'line-through');
		assert.equal(ins.line, 'underline');
		assert.notEqual(del.color, ins.color);
		const added = unit(page, 'dieu-15', 'iu-versions-diff-unit');
		assert.equal(await added.getAttribute('data-status'), 'added');
		assert.match(await added.locator('ins').first().innerText(), /Điều khoản chuyển tiếp/);
		const moved = unit(page, 'dieu-17', 'iu-versions-diff-unit');
		assert.equal(await moved.getAttribute('data-status'), 'readdressed');
		assert.equal(await moved.locator('[data-testid="iu-versions-readdress"]').innerText(), `${SLUG}/dieu-16 → ${SLUG}/dieu-17`);
		const statuses = await byTest(page, 'iu-versions-diff-unit').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
		assert.ok(!statuses.includes('unchanged'), 'changes only');
		assert.equal((await byTest(page, 'iu-versions-count-changed').innerText()).replace(/\s+/g, ' '), 'changed 1');
		assert.equal((await byTest(page, 'iu-versions-count-added').innerText()).replace(/\s+/g, ' '), 'added 1');
		await blur(page);
		await screenshot(page, 'versions-diff');

		// Every unit when "Changes only" is cleared.
		await byTest(page, 'iu-versions-changes-only').click();
		await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="iu-versions-diff-unit"]')].some((e) => e.getAttribute('data-status') === 'unchanged'), null, TIMEOUT);
		assert.ok((await byTest(page, 'iu-versions-diff-unit').count()) > statuses.length);

		// Export Akoma Ntoso asks the server for the document at the chosen date, with the session's auth.
		// The file is saved as the server sent it.
		const request = page.waitForRequest((r) => new URL(r.url()).pathname === '/iu-cutter/document/akn', TIMEOUT);
		const download = page.waitForEvent('download', TIMEOUT);
		await byTest(page, 'export-akn').click();
		const asked = new URL((await request).url());
		assert.deepEqual([asked.searchParams.get('document'), asked.searchParams.get('at')], [docId, '2024-01-01']);
		const file = await download;
		assert.equal(file.suggestedFilename(), `${SLUG}@2024-01-01.akn.xml`);
		const xml = readFileSync(await file.path(), 'utf8');
		assert.match(xml, /<akomaNtoso[\s>]/);
		assert.match(xml, /2\.055\.000 đồng/, 'the text of the chosen date');
	}, directus.logPath);
});

test('the resolver shows the unit\'s text as at the chosen date, with its version\'s window and change set', async () => {
	await stepIn(session, 'resolver-text-at-date', async (page) => {
		await visit(page, `${directus.url}/admin/iu-cutter/resolve`);
		const input = control(page, 'iu-resolve-address');
		await input.waitFor(TIMEOUT);
		await input.fill(`${SLUG}/dieu-3/khoan-1`);
		for (const [date, amount, version] of [
			['2022-01-01', '1.624.000', '1'],
			['2024-01-01', '2.055.000', '2'],
		]) {
			await control(page, 'iu-resolve-date').fill(date);
			await byTest(page, 'iu-resolve-button').click();
			const text = page.locator(`[data-testid="iu-resolve-text"][data-version="${version}"]`);
			await text.waitFor(TIMEOUT);
			assert.match(await byTest(page, 'iu-resolve-body').innerText(), new RegExp(`là ${amount.replace(/\./g, '\\.')} đồng`));
		}
		assert.match(
			(await byTest(page, 'iu-resolve-window').innerText()).replace(/\s+/g, ' '),
			/^Version 2 of 2, in force from 2023-07-01T00:00:00\+07:00 until now; change set [0-9a-f]{8} \(update\)$/,
		);
		await blur(page);
		await screenshot(page, 'resolver-text-at-date');
	}, directus.logPath);
});

test('an old copy of the text: the preview names the change set it undoes, and submit waits for the editor to say so', async () => {
	const editor = await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
	try {
		await stepIn(editor, 'preview-undoes', async (page) => {
			await visit(page, `${directus.url}/admin/iu-cutter/preview`);
			await byTest(page, 'iu-document-select').click();
			await page.locator('.v-list-item', { hasText: DECREE.doc_code }).first().click();
			// The document's stored text followed the second CUT: it plans nothing and undoes nothing.
			// "Enact" is an explicit choice (issue 32): this test previews as a draft, as it always did.
			await page.locator('[data-testid="iu-enact-draft"]').click();
			await byTest(page, 'iu-preview-button').click();
			await byTest(page, 'iu-preview-summary').waitFor(TIMEOUT);
			assert.equal(await byTest(page, 'iu-undoes').count(), 0);
			assert.equal(await control(page, 'iu-submit-button', 'button').isDisabled(), true, 'nothing to submit');

			// The decree as first stored, pasted from the editor's old copy.
			await byTest(page, 'iu-own-text').click();
			await pasteText(control(page, 'iu-text', 'textarea'), DECREE.text);
			// "Enact" is an explicit choice (issue 32): this test previews as a draft, as it always did.
			await page.locator('[data-testid="iu-enact-draft"]').click();
			await byTest(page, 'iu-preview-button').click();
			await byTest(page, 'iu-undoes').waitFor(TIMEOUT);
			const notice = await byTest(page, 'iu-undoes').innerText();
			assert.match(notice, new RegExp(`This text undoes change sets ${secondCut.slice(0, 8)}`));
			const item = byTest(page, 'iu-undone-change-set');
			assert.equal(await item.count(), 1);
			assert.equal(await item.getAttribute('data-change-set'), secondCut);
			const line = await item.innerText();
			assert.ok(line.includes(ids.executor.email), `who cut it: ${line}`);
			assert.match(line, /in force 2023-07-01/);
			assert.match(line, /: \d+ units? set back/);
			assert.match(line, /dieu-3\/khoan-1 \(content\)|dieu-15|dieu-16|dieu-17/);
			// Submitting waits for the explicit acknowledgement.
			const submit = control(page, 'iu-submit-button', 'button');
			assert.equal(await submit.isDisabled(), true, 'submit waits for the acknowledgement');
			await byTest(page, 'iu-undo-acknowledge').click();
			assert.equal(await submit.isDisabled(), false, 'acknowledged: submit is offered');
			await byTest(page, 'iu-undoes').scrollIntoViewIfNeeded();
			await blur(page);
			await screenshot(page, 'preview-undoes');
		});
	} finally {
		await editor.context.close().catch(() => {});
	}
});
