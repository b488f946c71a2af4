// The cut preview says which vocabulary reads a text when the document's own finds few
// units, and switches to it: in headless Chromium against a real Directus 12.4.0 (SQLite),
// an editor pastes an excerpt of a US public law into a document whose vocabulary is "en",
// sees "This text reads as US federal statutes and the United States Code: N units instead
// of M", clicks the switch (a PATCH of the document through the Items API, with the editor's
// own permissions) and sees the new preview with the law's section-… addresses.
// Screenshots: tests/artifacts/screenshots/vocabulary-suggestion.png, vocabulary-switched.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { launchBrowser, openSession, pasteText, screenshot, step as stepIn, visit } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-vocabulary-password' };
const PASSWORD = 'browser-vocabulary-workflow';
const DOC = { doc_code: 'Public Law 114-190', title: 'FAA Extension, Safety, and Security Act of 2016', language: 'en', vocabulary: 'en' };
// Public Law 114-190: enacting words, sec. 1 (without its table of contents), sec. 2, title I, subtitle A, secs. 1101-1103.
const US = readFileSync(join(ROOT, 'core/tests/fixtures/legislation/us-plaw-114-190/text.txt'), 'utf8').split('\n');
const US_TEXT = [[1, 6], [103, 127]].flatMap(([a, b]) => US.slice(a - 1, b)).join('\n') + '\n';

let dir, directus, browser, admin, ids, docId, session;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-vocabulary-'));
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
	directus = await startDirectus({ dir, port: 33000 + (process.pid % 1000), db: { client: 'sqlite3' }, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '2h' } });
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	docId = (await admin.ok('POST', '/items/legal_document', DOC)).id;
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

test('a US text pasted into an "en" document: the preview suggests "us", the switch re-previews with section addresses', async () => {
	session = await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
	await stepIn(session, 'vocabulary-suggestion', async (page) => {
		await visit(page, `${directus.url}/admin/iu-cutter/preview`);
		await byTest(page, 'iu-document-select').click();
		await page.locator('.v-list-item', { hasText: DOC.doc_code }).first().click();
		await byTest(page, 'iu-own-text').click();
		await pasteText(control(page, 'iu-text', 'textarea'), US_TEXT);
		// "Enact" is an explicit choice (issue 32): this test previews as a draft, as it always did.
		await page.locator('[data-testid="iu-enact-draft"]').click();
		await byTest(page, 'iu-preview-button').click();
		const notice = byTest(page, 'iu-vocabulary-suggestion');
		await notice.waitFor(TIMEOUT);
		const said = (await byTest(page, 'iu-vocabulary-suggestion-text').textContent()).replace(/\s+/g, ' ');
		const m = /This text reads as US federal statutes and the United States Code: (\d+) units instead of (\d+)/.exec(said);
		assert.ok(m, said);
		const [units, current] = [Number(m[1]), Number(m[2])];
		assert.ok(units > current, said);
		// The document has no units yet: its vocabulary may change.
		await byTest(page, 'iu-switch-vocabulary').waitFor(TIMEOUT);
		await screenshot(page, 'vocabulary-suggestion');

		await byTest(page, 'iu-switch-vocabulary').click();
		await page.locator('[data-testid="iu-preview-tree"] [data-address$="/section-1101"]').first().waitFor(TIMEOUT);
		await notice.waitFor({ state: 'detached', timeout: 30_000 });
		// innerText keeps the spaces between the counts ("update 0", "25 units in the text").
		assert.match(await byTest(page, 'iu-preview-summary').innerText(), new RegExp(`(^|\\s)${units} units in the text`));
		const addresses = await page.locator('[data-testid="iu-preview-tree"] [data-address]').evaluateAll((els) => els.map((e) => e.getAttribute('data-address')));
		assert.ok(addresses.includes('public-law-114-190/section-1'), addresses.join('\n'));
		assert.ok(addresses.every((a) => a.startsWith('public-law-114-190/')), addresses.join('\n'));
		await screenshot(page, 'vocabulary-switched');
	}, directus.logPath);
	// The switch went through the Items API as the editor: the document is in "us" now.
	assert.equal((await admin.ok('GET', `/items/legal_document/${docId}?fields=vocabulary`)).vocabulary, 'us');
});
