// The module's "Import a crosswalk" page, in headless Chromium against a real Directus 12.4.0
// (SQLite): Nghị định 75/2021/NĐ-CP as issued is cut through the workflow; an editor picks it,
// pastes a bad table (every error listed with its line and column), then the good one (a table of
// the alias rows: old → new, kind, window), submits, and opens the new entry, whose review page
// lists the alias rows with the addresses of their units.
// Fixtures: tests/fixtures/crosswalk/ (SOURCE.md there).
// Screenshots: tests/artifacts/screenshots/crosswalk-errors.png, crosswalk-preview.png, crosswalk-entry.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { fullCycle } from '../support/workflow.js';
import { launchBrowser, openSession, pasteText, screenshot, settledText, step as stepIn, visit } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-crosswalk-password' };
const PASSWORD = 'browser-crosswalk-workflow';
const DOC = {
	doc_code: '75/2021/NĐ-CP',
	title: 'Nghị định quy định mức hưởng trợ cấp, phụ cấp và các chế độ ưu đãi người có công với cách mạng',
	language: 'vi',
	vocabulary: 'vi',
	source_text: readFileSync(join(ROOT, 'core/tests/fixtures/amend/nd-75-2021-nd-cp/original.txt'), 'utf8'),
};
const FIXTURES = join(ROOT, 'tests/fixtures/crosswalk');
const CSV = readFileSync(join(FIXTURES, 'nd-75-2021.csv'), 'utf8');
const BAD = readFileSync(join(FIXTURES, 'nd-75-2021-bad.csv'), 'utf8');

let dir, directus, browser, admin, ids, docId, session;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-crosswalk-'));
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
	directus = await startDirectus({ dir, port: 39000 + (process.pid % 1000), db: { client: 'sqlite3' }, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '2h' } });
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

test('a crosswalk pasted as CSV: a bad one lists every error with its line and column; a good one its alias rows; submitted, the entry shows them', async () => {
	session = await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
	let entryHref;
	await stepIn(session, 'crosswalk-preview', async (page) => {
		await visit(page, `${directus.url}/admin/iu-cutter/crosswalk`);
		await byTest(page, 'iu-nav-crosswalk').waitFor(TIMEOUT);
		await byTest(page, 'crosswalk-document-select').click();
		await page.locator('.v-list-item', { hasText: DOC.doc_code }).first().click();

		await pasteText(control(page, 'crosswalk-file', 'textarea'), BAD);
		await byTest(page, 'crosswalk-preview-button').click();
		await byTest(page, 'crosswalk-error-row').first().waitFor(TIMEOUT);
		const errors = byTest(page, 'crosswalk-error-row');
		assert.equal(await errors.count(), 5);
		const places = await errors.evaluateAll((rows) => rows.map((r) => `${r.dataset.line}:${r.dataset.column}`));
		assert.deepEqual(places, ['2:1', '3:24', '4:1', '5:56', '6:47']);
		assert.match((await errors.first().innerText()).replace(/\s+/g, ' '), /^2 1 old_address .*not-canonical write '75-2021-ndd-cp\/dieu-40'$/);
		await screenshot(page, 'crosswalk-errors');

		await pasteText(control(page, 'crosswalk-file', 'textarea'), CSV);
		await byTest(page, 'crosswalk-preview-button').click();
		await byTest(page, 'crosswalk-row').first().waitFor(TIMEOUT);
		assert.equal(await byTest(page, 'crosswalk-error-row').count(), 0);
		const summary = await settledText(byTest(page, 'crosswalk-summary'), (t) => t.startsWith('7 alias row(s)'));
		assert.equal(summary, '7 alias row(s) for 75/2021/NĐ-CP from a CSV file, the earliest in force from September 15, 2021');
		const rows = byTest(page, 'crosswalk-row');
		assert.equal(await rows.count(), 7);
		assert.match((await rows.first().innerText()).replace(/\s+/g, ' '), /^2 75-2021-ndd-cp\/dieu-20 → 75-2021-ndd-cp\/dieu-13 legacy Sep 15, 2021 – Aug 14, 2023 Draft numbering/);
		assert.equal(await page.locator('[data-testid="crosswalk-row"][data-kind="split"]').count(), 2);
		await byTest(page, 'crosswalk-summary').evaluate((el) => el.scrollIntoView({ block: 'start' }));
		await screenshot(page, 'crosswalk-preview');

		// A reload keeps the pasted crosswalk and its preview, as on the amendment page (issue 46).
		await page.reload();
		await byTest(page, 'crosswalk-draft-restored').waitFor(TIMEOUT);
		assert.equal(await control(page, 'crosswalk-file', 'textarea').inputValue(), CSV);
		assert.equal(await byTest(page, 'crosswalk-row').count(), 7);

		await byTest(page, 'crosswalk-submit').click();
		await byTest(page, 'crosswalk-submitted').waitFor(TIMEOUT);
		assert.match(await byTest(page, 'crosswalk-submitted').innerText(), /Submitted for review as entry/);
		entryHref = await byTest(page, 'crosswalk-entry-link').getAttribute('href');
		assert.match(entryHref, /\/iu-cutter\/entries\/[0-9a-f-]{36}$/);
		await byTest(page, 'crosswalk-entry-link').click();
		await byTest(page, 'iu-review-aliases').waitFor(TIMEOUT);
		assert.equal(await byTest(page, 'iu-review-alias').count(), 7);
		// The unit column shows the target's address once it is read (its id until then).
		await settledText(byTest(page, 'iu-review-alias').first(), (t) => /→75-2021-ndd-cp\/dieu-/.test(t));
		const first = (await byTest(page, 'iu-review-alias').first().innerText()).replace(/\s+/g, ' ');
		assert.match(first, /^75-2021-ndd-cp\/dieu-\d+ → 75-2021-ndd-cp\/dieu-\d+ (legacy|split|merge|renumber) 2021-09-15T00:00:00.000Z – /);
		await screenshot(page, 'crosswalk-entry');
	}, directus.logPath);
	const entry = entryHref.split('/').pop();
	const status = await admin.ok('GET', `/iu-cutter/entries/${entry}`);
	assert.equal(status.state, 'submitted');
	assert.match(status.entry.title, /^CROSSWALK 75\/2021\/NĐ-CP: 7 alias row\(s\) from a csv file$/);
	// Submitted: the draft is gone, the page opens empty.
	await stepIn(session, 'crosswalk-after-submit', async (page) => {
		await visit(page, `${directus.url}/admin/iu-cutter/crosswalk`);
		await byTest(page, 'crosswalk-empty').waitFor(TIMEOUT);
		assert.equal(await byTest(page, 'crosswalk-draft-restored').count(), 0);
	}, directus.logPath);
});
