// A proposed repair of a source defect, accepted in the cut preview with one click: in headless
// Chromium against a real Directus 12.4.0 (SQLite). The texts are excerpts of published laws with
// their real defects:
// - Luật Thủy sản 18/2017/QH14, ../shared/corpus/vi-vlc-dev/Luat-Thuy-san-338490.txt lines 370–382:
//   Điều 32 numbers its clauses 1., then 1. again ("1. Chính phủ quy định chi tiết Điều này.").
//   The core reads the second 1. as Khoản 2 and proposes renumbering it (duplicate-ordinal).
//   The stored text starts with a BOM, which counts in the repair's byte offsets.
// - Luật Quản lý nợ công 20/2017/QH14, ../shared/corpus/vi-vlc-dev/Luat-Quan-ly-no-cong-337165.txt
//   lines 184–215: the heading of Điều 25 is printed "Điền 25." (misspelt-heading).
// An editor previews the stored text, sees the error with its repair, clicks "Apply this repair":
// the stored source_text changes exactly as proposed (a PATCH through the Items API with the
// editor's own session) and the new preview has no error. A reviewer, who may preview but not
// update legal_document, is refused: the refusal is shown and the text stays as it was. A pasted
// text is repaired in the page and previewed again, and nothing is stored.
// Screenshots: tests/artifacts/screenshots/repair-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { clickWhenEnabled, launchBrowser, openSession, pasteText, screenshot, step as stepIn, visit } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-repair-password' };
const PASSWORD = 'browser-repair-workflow';
const CORPUS = join(ROOT, '../shared/corpus/vi-vlc-dev');
const lines = (file, from, to) => readFileSync(join(CORPUS, file), 'utf8').split('\n').slice(from - 1, to);

// Điều 32 and Điều 33 of Luật Thủy sản; the second "1." of Điều 32 is the excerpt's line 9.
const FISHERIES = lines('Luat-Thuy-san-338490.txt', 370, 382);
assert.match(FISHERIES[0], /^Điều 32\. /);
assert.match(FISHERIES[8], /^1\. Chính phủ quy định chi tiết Điều này\./);
const FISHERIES_DOC = { doc_code: '18/2017/QH14', title: 'Luật Thủy sản (Điều 32–33)', language: 'vi', vocabulary: 'vi', source_text: '\uFEFF' + FISHERIES.join('\n') + '\n' };
// Điều 24 to the heading of Điều 27 of Luật Quản lý nợ công, with "Điền 25." as published.
const DEBT = lines('Luat-Quan-ly-no-cong-337165.txt', 184, 215);
assert.ok(DEBT.some((l) => l.startsWith('Điền 25. ')));
const DEBT_DOC = { doc_code: '20/2017/QH14', title: 'Luật Quản lý nợ công (Điều 24–27)', language: 'vi', vocabulary: 'vi', source_text: DEBT.join('\n') + '\n' };

let dir, directus, browser, admin, ids;
const docIds = {};
const sessions = [];

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-repair-'));
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
	directus = await startDirectus({ dir, port: 35000 + (process.pid % 1000), db: { client: 'sqlite3' }, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '2h' } });
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	docIds.fisheries = (await admin.ok('POST', '/items/legal_document', FISHERIES_DOC)).id;
	docIds.debt = (await admin.ok('POST', '/items/legal_document', DEBT_DOC)).id;
	browser = await launchBrowser();
});

after(async () => {
	for (const s of sessions) await s.context.close().catch(() => {});
	await browser?.close();
	await directus?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const byTest = (page, id) => page.locator(`[data-testid="${id}"]`);
const TIMEOUT = { timeout: 60_000 };

const storedText = async (id) => (await admin.ok('GET', `/items/legal_document/${id}?fields=source_text`)).source_text;

/** The core's proposal, as the preview endpoint answers it: the diagnostics of the refused preview (the text has errors). */
async function proposed(id, code) {
	const r = await admin.post('/iu-cutter/preview', { document: id });
	assert.equal(r.status, 422, r.text);
	const diagnostics = r.body.errors[0].extensions.diagnostics;
	const d = diagnostics.find((x) => x.code === code);
	assert.ok(d?.repair, `no ${code} with a repair among ${JSON.stringify(diagnostics, null, 1)}`);
	return d;
}

/** The byte-range edit, independently of the page: UTF-8 offsets, the BOM counted. */
function applyBytes(text, { offset, length, replacement }) {
	const b = Buffer.from(text, 'utf8');
	return Buffer.concat([b.subarray(0, offset), Buffer.from(replacement, 'utf8'), b.subarray(offset + length)]).toString('utf8');
}

/** Opens the preview, picks the document and previews its stored text; returns once its diagnostics are listed. */
async function previewStored(page, doc) {
	await visit(page, `${directus.url}/admin/iu-cutter/preview`);
	await byTest(page, 'iu-document-select').click();
	await page.locator('.v-list-item', { hasText: doc.doc_code }).first().click();
	// "Enact" is an explicit choice (issue 32): this test previews as a draft, as it always did.
	await page.locator('[data-testid="iu-enact-draft"]').click();
	await byTest(page, 'iu-preview-button').click();
	await byTest(page, 'iu-apply-repair').first().waitFor(TIMEOUT);
	// Named once the document's vocabulary is read, just after the preview answered.
	await byTest(page, 'iu-cut-vocabulary').waitFor(TIMEOUT);
}

/** Every error of the list comes before every warning. */
async function assertErrorsFirst(page) {
	const severities = await byTest(page, 'iu-diagnostic').evaluateAll((els) => els.map((e) => (e.classList.contains('error') ? 'error' : 'warning')));
	assert.deepEqual(severities, [...severities].sort(), severities.join(', '));
	return severities;
}

/** The diagnostic (on the page) that proposes a repair, its repair's words, and a check that they are the core's. */
async function shownRepair(page, d) {
	const row = page.locator(`[data-testid="iu-diagnostic"][data-code="${d.code}"]`, { has: byTest(page, 'iu-apply-repair') }).first();
	await row.waitFor(TIMEOUT);
	assert.match(await row.innerText(), new RegExp(`line ${d.line}, column ${d.column} \\(byte ${d.offset}\\)`));
	const description = (await row.locator('[data-testid="iu-repair-description"]').innerText()).replace(/\s+/g, ' ');
	assert.equal(description, `Proposed repair: ${d.repair.description}`);
	return row;
}

test('a reviewer, who may not update legal_document, is refused: the refusal is shown and the stored text is unchanged', async () => {
	const d = await proposed(docIds.debt, 'misspelt-heading');
	const session = await openSession(browser, { url: directus.url, email: ids.reviewer.email, password: PASSWORD });
	sessions.push(session);
	await stepIn(session, 'repair-refused', async (page) => {
		await previewStored(page, DEBT_DOC);
		const row = await shownRepair(page, d);
		const before = await byTest(page, 'iu-diagnostic').count();
		await clickWhenEnabled(row.locator('[data-testid="iu-apply-repair"]'));
		const refusal = byTest(page, 'iu-repair-error');
		await refusal.waitFor(TIMEOUT);
		const said = (await refusal.innerText()).replace(/\s+/g, ' ');
		// Directus' own words for a refused update of legal_document.
		assert.match(said, /^The repair was not applied, and the text is as it was\. FORBIDDEN: You don't have permission to access collection "legal_document"/, said);
		// Nothing else changed: the same diagnostics, the repair still offered, no notice of success.
		assert.equal(await byTest(page, 'iu-diagnostic').count(), before);
		const again = await shownRepair(page, d);
		assert.ok(await again.locator('[data-testid="iu-apply-repair"]').isEnabled());
		assert.equal(await byTest(page, 'iu-repair-notice').count(), 0);
		await screenshot(page, 'repair-refused');
	}, directus.logPath);
	assert.equal(await storedText(docIds.debt), DEBT_DOC.source_text);
});

test('Điều 32 numbers two clauses "1.": the editor applies the renumbering, the stored text changes exactly so, the new preview has no error', async () => {
	const d = await proposed(docIds.fisheries, 'duplicate-ordinal');
	assert.equal(d.severity, 'error');
	assert.match(d.message, /the second Khoản 1 of Điều 32 reads as Khoản 2/);
	// The edit is the one the excerpt needs: its line 9 "1. Chính phủ…" becomes "2. Chính phủ…", the BOM kept.
	const expected = applyBytes(FISHERIES_DOC.source_text, d.repair);
	assert.equal(expected, '\uFEFF' + FISHERIES.map((l, i) => (i === 8 ? l.replace(/^1\./, '2.') : l)).join('\n') + '\n');

	const session = await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
	sessions.push(session);
	await stepIn(session, 'repair-renumber', async (page) => {
		await previewStored(page, FISHERIES_DOC);
		assert.match(await byTest(page, 'iu-cut-vocabulary').innerText(), /^Cut with the vocabulary vi — Vietnamese legal documents/);
		await assertErrorsFirst(page);
		const row = await shownRepair(page, d);
		await screenshot(page, 'repair-proposed');

		await clickWhenEnabled(row.locator('[data-testid="iu-apply-repair"]'));
		const notice = byTest(page, 'iu-repair-notice');
		await notice.waitFor(TIMEOUT);
		assert.match((await notice.innerText()).replace(/\s+/g, ' '), new RegExp(`^Applied: ${d.repair.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. The stored text of 18/2017/QH14 was changed`));
		// The new preview: planned (the summary and the tree), no error left, Khoản 2 of Điều 32 cut.
		await byTest(page, 'iu-preview-summary').waitFor(TIMEOUT);
		await page.locator('[data-testid="iu-preview-tree"] [data-address$="/dieu-32/khoan-2"]').first().waitFor(TIMEOUT);
		assert.equal(await byTest(page, 'iu-error').count(), 0);
		assert.equal(await page.locator('[data-testid="iu-diagnostic"].error').count(), 0);
		assert.equal(await byTest(page, 'iu-apply-repair').count(), 0);
		assert.match(await byTest(page, 'iu-preview-summary').locator('[data-testid="iu-cut-vocabulary"]').innerText(), /^Vocabulary\s*vi — Vietnamese legal documents/);
		await screenshot(page, 'repair-applied');
	}, directus.logPath);
	// Read back through the API: changed exactly as proposed, and nothing else.
	assert.equal(await storedText(docIds.fisheries), expected);
	// The server agrees: the stored text now previews without errors.
	const again = await admin.post('/iu-cutter/preview', { document: docIds.fisheries });
	assert.equal(again.status, 200, again.text);
	assert.deepEqual(again.body.data.diagnostics.filter((x) => x.severity === 'error'), []);
});

test('"Điền 25." for "Điều 25.": the editor applies the correction, the stored text changes exactly so, the new preview has no error', async () => {
	const d = await proposed(docIds.debt, 'misspelt-heading');
	assert.match(d.message, /'Điền' reads as 'Điều'/);
	const expected = applyBytes(DEBT_DOC.source_text, d.repair);
	assert.equal(expected, DEBT_DOC.source_text.replace('\nĐiền 25. ', '\nĐiều 25. '));

	const session = await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
	sessions.push(session);
	await stepIn(session, 'repair-misspelt', async (page) => {
		await previewStored(page, DEBT_DOC);
		await assertErrorsFirst(page);
		const row = await shownRepair(page, d);
		await screenshot(page, 'repair-misspelt-proposed');

		await clickWhenEnabled(row.locator('[data-testid="iu-apply-repair"]'));
		await byTest(page, 'iu-repair-notice').waitFor(TIMEOUT);
		// Điều 25 is cut now, with its four clauses: in view once Điều 24 is folded.
		await page.locator('[data-testid="iu-preview-tree"] [data-address$="/dieu-24"] .toggle').click(TIMEOUT);
		await page.locator('[data-testid="iu-preview-tree"] [data-address$="/dieu-25/khoan-4"]').first().waitFor(TIMEOUT);
		assert.equal(await byTest(page, 'iu-error').count(), 0);
		assert.equal(await page.locator('[data-testid="iu-diagnostic"].error').count(), 0);
		await screenshot(page, 'repair-misspelt-applied');
	}, directus.logPath);
	assert.equal(await storedText(docIds.debt), expected);
});

test('a pasted text: the repair changes the text in the page and previews it again; nothing is stored', async () => {
	const stored = await storedText(docIds.fisheries);
	const pasted = FISHERIES_DOC.source_text;
	const session = await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
	sessions.push(session);
	await stepIn(session, 'repair-pasted', async (page) => {
		await visit(page, `${directus.url}/admin/iu-cutter/preview`);
		await byTest(page, 'iu-document-select').click();
		await page.locator('.v-list-item', { hasText: FISHERIES_DOC.doc_code }).first().click();
		await byTest(page, 'iu-own-text').click();
		const textarea = page.locator('textarea[data-testid="iu-text"], [data-testid="iu-text"] textarea').first();
		await pasteText(textarea, pasted);
		// "Enact" is an explicit choice (issue 32): this test previews as a draft, as it always did.
		await page.locator('[data-testid="iu-enact-draft"]').click();
		await byTest(page, 'iu-preview-button').click();
		const apply = byTest(page, 'iu-apply-repair');
		await apply.waitFor(TIMEOUT);
		assert.match(await byTest(page, 'iu-repair').innerText(), /Changes the text above, not the stored text/);
		await clickWhenEnabled(apply);
		const notice = byTest(page, 'iu-repair-notice');
		await notice.waitFor(TIMEOUT);
		assert.match(await notice.innerText(), /^Applied to the text above: renumber the second Khoản 1 of Điều 32 as 2 \(line 9\)\. Nothing was stored; previewed again\./);
		await byTest(page, 'iu-preview-summary').waitFor(TIMEOUT);
		assert.equal(await page.locator('[data-testid="iu-diagnostic"].error').count(), 0);
		// The page's text is the repaired one, BOM and all.
		assert.equal(await textarea.inputValue(), pasted.replace('\n1. Chính phủ quy định', '\n2. Chính phủ quy định'));
	}, directus.logPath);
	assert.equal(await storedText(docIds.fisheries), stored);
});
