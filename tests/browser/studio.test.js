// The Data Studio and the resolver tell the truth (issue 32 items 6 and 8), in headless Chromium against a
// real Directus 12.4.0 (SQLite), in English and in Vietnamese (the admin's Directus language).
// The text is NĐ 75/2021/NĐ-CP as issued (core/tests/fixtures/amend/nd-75-2021-nd-cp, SOURCE.md there), cut
// in force from 2021-09-15; a second text in force from 2023-07-01 leaves out Điều 13 ("Các chế độ ưu đãi
// khác"), so the CUT repeals it (the unit retires, its text kept in the ledger).
// - The unit's item form: every field read-only, the workflow notice with its links; deleting it is refused
//   in a dialog titled in the user's language, with the server's whole message.
// - The resolver: an empty state saying what to do; a new lookup clears the answer on screen at once and
//   shows that it is loading; an answer that comes back after a later lookup started is dropped; the
//   repealed article reads "Repealed on 2023-07-01, last text:" with its last text.
// Screenshots (committed): docs/screenshots/studio-unit-{en,vi}.png, studio-error-{en,vi}.png, resolve-{en,vi}.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { launchBrowser, openSession, screenshot, settledText, step as stepIn, visit } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { fullCycle, ok } from '../support/workflow.js';
import { DECREE } from '../support/history.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-studio-password' };
const PASSWORD = 'browser-studio-workflow';
const FIRST = '2021-09-15T00:00:00+07:00';
const REPEAL = '2023-07-01T00:00:00+07:00';
const ARTICLE = `${DECREE.slug}/dieu-13`;
const DOCS = join(ROOT, 'docs', 'screenshots');

/** The decree without Điều 13: from its heading to the next article's. */
function withoutArticle13(text) {
	const lines = text.split('\n');
	const from = lines.findIndex((l) => l.startsWith('Điều 13. '));
	const to = lines.findIndex((l) => l.startsWith('Điều 14. '));
	if (from < 0 || to < from) throw new Error('the decree no longer has Điều 13 before Điều 14');
	return [...lines.slice(0, from), ...lines.slice(to)].join('\n');
}

let dir, directus, browser, admin, ids, unitId, lastBody;
const sessions = [];

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-studio-'));
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
	directus = await startDirectus({ dir, port: 37000 + (process.pid % 1000), db: { client: 'sqlite3' }, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '2h' } });
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	const docId = (await ok(ids.submitter, '/items/legal_document', { doc_code: DECREE.doc_code, title: DECREE.title, language: 'vi', vocabulary: 'vi', source_text: DECREE.text })).id;
	await fullCycle(ids, { document: docId, effective_from: FIRST });
	const unit = (await admin.ok('GET', `/items/logical_unit?filter[canonical_address][_eq]=${encodeURIComponent(ARTICLE)}&fields=id,body`))[0];
	unitId = unit.id;
	lastBody = unit.body;
	await fullCycle(ids, { document: docId, text: withoutArticle13(DECREE.text), effective_from: REPEAL });
	assert.equal((await admin.ok('GET', `/items/logical_unit/${unitId}?fields=lifecycle_status`)).lifecycle_status, 'retired');
	browser = await launchBrowser();
});

after(async () => {
	for (const s of sessions) await s.context.close().catch(() => {});
	await browser?.close();
	await directus?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const byTest = (page, id) => page.locator(`[data-testid="${id}"]`);
// The input of a Directus form control that carries the test id (on the input itself or around it).
const control = (page, id) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
const TIMEOUT = { timeout: 60_000 };
const keep = (path, name) => {
	mkdirSync(DOCS, { recursive: true });
	copyFileSync(path, join(DOCS, `${name}.png`));
};

const LANGS = {
	en: {
		notice: /Units change only through the IU Cutter workflow/,
		open: 'Open IU Cutter',
		title: 'Units change only through the IU Cutter workflow',
		repealed: 'Repealed on 2023-07-01, last text:',
		empty: 'Which provision, on which date?',
		outcome: 'repealed',
	},
	vi: {
		notice: /Các đơn vị chỉ thay đổi qua quy trình IU Cutter/,
		open: 'Mở IU Cutter',
		title: 'Đơn vị chỉ được thay đổi qua quy trình IU Cutter',
		repealed: 'Bị bãi bỏ từ ngày 2023-07-01, nội dung cuối cùng:',
		empty: 'Quy định nào, vào ngày nào?',
		outcome: 'đã bãi bỏ',
	},
};

for (const [lang, want] of Object.entries(LANGS)) {
	test(`(${lang}) a repealed unit's item form is read-only with the workflow notice; deleting it is refused under a translated title with the whole message`, async () => {
		await admin.ok('PATCH', '/users/me', { language: lang === 'vi' ? 'vi-VN' : 'en-US' });
		const session = await openSession(browser, { url: directus.url, ...ADMIN });
		sessions.push(session);
		await stepIn(session, `studio-unit-${lang}`, async (page) => {
			await page.goto(`${directus.url}/admin/content/logical_unit/${unitId}`);
			const notice = byTest(page, 'iu-workflow-notice');
			await notice.waitFor(TIMEOUT);
			assert.match(await notice.innerText(), want.notice);
			assert.equal((await byTest(page, 'iu-workflow-notice-link').innerText()).trim(), want.open);
			assert.equal(await byTest(page, 'iu-workflow-notice-here').getAttribute('href'), `/admin/iu-cutter/timeline?unit=${unitId}`);
			// Every input of the form is disabled: nothing here can be edited.
			await page.locator('.v-form .field').first().waitFor(TIMEOUT);
			const editable = await page.locator('.v-form input:not([disabled]), .v-form textarea:not([disabled])').count();
			assert.equal(editable, 0, 'no editable input in the form');
			keep(await screenshot(page, `studio-unit-${lang}`), `studio-unit-${lang}`);

			const refused = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes(`/items/logical_unit/${unitId}`));
			await page.locator('button:has([data-icon="delete"])').first().click();
			// The confirmation: its last action is the (danger) delete.
			await page.locator('.v-card-actions .v-button').last().click();
			const response = await refused;
			assert.equal(response.status(), 403);
			const message = (await response.json()).errors[0].message;
			// The app's error dialog (teleported out of .notification-dialogs into the overlay).
			const dialog = page.locator('.v-card:has(.v-error)');
			await dialog.waitFor(TIMEOUT);
			assert.equal((await dialog.locator('.v-card-title').innerText()).trim(), want.title);
			const shown = (await dialog.locator('.v-error output').innerText()).trim();
			assert.equal(shown, `[IU_UNIT_STORE_SEALED] ${message}`, 'the whole message, not cut');
			keep(await screenshot(page, `studio-error-${lang}`), `studio-error-${lang}`);
		}, directus.logPath);
	});

	test(`(${lang}) the resolver: an empty state, a new lookup clears the old answer and shows it loads, a late answer is dropped, and a repealed article reads "repealed on …, last text:"`, async () => {
		const session = sessions.at(-1);
		await stepIn(session, `resolve-${lang}`, async (page) => {
			await visit(page, `${directus.url}/admin/iu-cutter/resolve`);
			assert.equal((await settledText(byTest(page, 'iu-empty').locator('.v-info .title, .title').first(), want.empty)), want.empty);
			await control(page, 'iu-resolve-address').fill(ARTICLE);
			// In force on 2022-01-01.
			await control(page, 'iu-resolve-date').fill('2022-01-01');
			await byTest(page, 'iu-resolve-button').click();
			await byTest(page, 'iu-resolve-result').waitFor(TIMEOUT);
			assert.equal(await byTest(page, 'iu-resolve-result').getAttribute('data-outcome'), 'canonical');
			await byTest(page, 'iu-resolve-text').waitFor(TIMEOUT);

			// A lookup held back by the network, then a second one: the first answer must never show.
			let release;
			const held = new Promise((r) => (release = r));
			let calls = 0;
			await page.route('**/iu-cutter/resolve', async (route) => {
				if (++calls === 1) await held;
				await route.continue();
			});
			await control(page, 'iu-resolve-date').fill('2022-06-01');
			await byTest(page, 'iu-resolve-button').click();
			// Cleared at once, and loading.
			await byTest(page, 'iu-resolve-loading').waitFor(TIMEOUT);
			assert.equal(await byTest(page, 'iu-resolve-result').count(), 0, 'the old answer is gone while the new one loads');
			assert.equal(await byTest(page, 'iu-resolve-text').count(), 0);
			// Repealed on 2024-01-01.
			await control(page, 'iu-resolve-date').fill('2024-01-01');
			await byTest(page, 'iu-resolve-button').click();
			await byTest(page, 'iu-resolve-text').waitFor(TIMEOUT);
			release();
			await page.waitForTimeout(1500);
			await page.unroute('**/iu-cutter/resolve');
			assert.equal(await byTest(page, 'iu-resolve-result').getAttribute('data-outcome'), 'retired', 'the late answer (2022-06-01) did not replace the later one');
			assert.equal((await byTest(page, 'iu-resolve-outcome').innerText()).trim(), want.outcome);
			assert.equal(await byTest(page, 'iu-resolve-text').getAttribute('data-state'), 'retired');
			assert.equal((await byTest(page, 'iu-resolve-text-label').innerText()).trim(), want.repealed);
			assert.equal((await byTest(page, 'iu-resolve-body').innerText()).trim(), lastBody.trim());
			keep(await screenshot(page, `resolve-${lang}`), `resolve-${lang}`);
		}, directus.logPath);
	});
}
