// The admin panel's workflow actions (scripts/flows.js) and the "IU Cutter workflow" operation's form, in headless
// Chromium against a real Directus 12.4.0 (SQLite), on Nghị định 75/2021/NĐ-CP as issued
// (core/tests/fixtures/amend/nd-75-2021-nd-cp/, SOURCE.md there). The editor opens the document's item page: the
// sidebar's Flows lists "IU Cutter: cut or amend"; its confirmation dialog offers "Preview a cut" and "Apply an
// amending law"; running "Preview a cut" leaves a notification with the result and the link. The admin opens the
// flow's operation: the form shows the chosen action's fields only. English and Vietnamese.
// Screenshots: docs/screenshots/flows-{item,dialog,operation}-{en,vi}.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { openDb } from '../support/db.js';
import { launchBrowser, openSession, screenshot, step as stepIn } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { setupFlows, FLOW_IDS } from '../../scripts/flows.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-flows-password' };
const PASSWORD = 'browser-flows-workflow';
const DOC = {
	doc_code: '75/2021/NĐ-CP',
	title: 'Nghị định quy định mức hưởng trợ cấp, phụ cấp và các chế độ ưu đãi người có công với cách mạng',
	language: 'vi',
	vocabulary: 'vi',
	source_text: readFileSync(join(ROOT, 'core/tests/fixtures/amend/nd-75-2021-nd-cp/original.txt'), 'utf8'),
};
const DOCS = join(ROOT, 'docs/screenshots');
const TIMEOUT = { timeout: 60_000 };
const TEXT = {
	en: { review: 'Review: approve or reject', flow: 'IU Cutter: cut or amend', preview: 'Preview a cut', amend: 'Apply an amending law (preview)', entryLabel: 'Backlog entry', decision: 'Decision', text: 'Text' },
	vi: { review: 'Duyệt: phê duyệt hoặc từ chối', flow: 'IU Cutter: cắt hoặc sửa đổi', preview: 'Xem trước bản cắt', amend: 'Áp dụng văn bản sửa đổi (xem trước)', entryLabel: 'Mục việc', decision: 'Quyết định', text: 'Nội dung' },
};

let dir, directus, browser, admin, ids, docId, k, dbSpec;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-flows-'));
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
	dbSpec = { client: 'sqlite3' };
	directus = await startDirectus({ dir, port: 38000 + (process.pid % 1000), db: dbSpec, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '2h' } });
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	docId = (await admin.ok('POST', '/items/legal_document', DOC)).id;
	await setupFlows({ url: directus.url, token });
	k = openDb(dbSpec, dir);
	browser = await launchBrowser();
	mkdirSync(DOCS, { recursive: true });
});

after(async () => {
	await k?.destroy();
	await browser?.close();
	await directus?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The sidebar's accordion and the buttons animate: a screenshot waits until nothing moves. */
async function settled(page) {
	await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, TIMEOUT);
}

async function shoot(page, name) {
	const path = await screenshot(page, name);
	copyFileSync(path, join(DOCS, `${name}.png`));
}

for (const lang of ['en', 'vi']) {
	test(`${lang}: the document's item page offers the flow; its dialog offers the actions; "Preview a cut" runs and notifies`, async () => {
		await admin.ok('PATCH', `/users/${ids.submitter.id}`, { language: lang === 'vi' ? 'vi-VN' : 'en-US' });
		const session = await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
		try {
			await stepIn(session, `flows-item-${lang}`, async (page) => {
				await page.goto(`${directus.url}/admin/content/legal_document/${docId}`);
				const button = page.locator('.v-button, button', { hasText: TEXT[lang].flow }).first();
				if (!(await button.isVisible().catch(() => false))) {
					// The sidebar's Flows section (Directus 12.4: an accordion item, its trigger marked by the "bolt" icon) is
					// folded until opened.
					await page.locator('#sidebar button.accordion-trigger:has([data-icon="bolt"])').first().click(TIMEOUT);
				}
				await button.waitFor(TIMEOUT);
				await settled(page);
				await shoot(page, `flows-item-${lang}`);
				await button.click();
				const dialog = page.locator('.v-dialog, .v-card', { hasText: TEXT[lang].preview }).last();
				await dialog.waitFor(TIMEOUT);
				assert.ok(await dialog.getByText(TEXT[lang].amend).isVisible());
				const run = dialog.locator('.v-card-actions button, button').last();
				assert.ok(await run.isDisabled(), 'the run button waits for an action to be picked');
				await dialog.getByText(TEXT[lang].preview, { exact: true }).click();
				await page.waitForFunction((el) => !el.disabled, await run.elementHandle(), TIMEOUT);
				await settled(page);
				await shoot(page, `flows-dialog-${lang}`);
				const before = Number((await k('directus_notifications').where({ recipient: ids.submitter.id }).count({ n: '*' }))[0].n);
				await run.click();
				const deadline = Date.now() + 60_000;
				let notice;
				while (Date.now() < deadline) {
					const rows = await k('directus_notifications').where({ recipient: ids.submitter.id }).orderBy('id', 'desc');
					if (rows.length > before) {
						notice = rows[0];
						break;
					}
					await new Promise((r) => setTimeout(r, 500));
				}
				assert.ok(notice, 'the flow ran and wrote its notification');
				assert.match(notice.message, /75\/2021\/NĐ-CP/);
				assert.match(notice.message, new RegExp(`/admin/iu-cutter/preview\\?document=${docId}`));
				// The step named in the user's language (issue 46: "đã xong preview" was half English).
				assert.match(notice.subject, lang === 'vi' ? /đã xong xem trước bản cắt$/ : /cut preview done$/);
			});
		} finally {
			await session.context.close();
		}
	});

	test(`${lang}: the operation's form in the flow editor shows the chosen action's fields only, with the From Trigger rule`, async () => {
		await admin.ok('PATCH', '/users/me', { language: lang === 'vi' ? 'vi-VN' : 'en-US' });
		const session = await openSession(browser, { url: directus.url, email: ADMIN.email, password: ADMIN.password });
		try {
			await stepIn(session, `flows-operation-${lang}`, async (page) => {
				const flow = await admin.ok('GET', `/flows/${FLOW_IDS.entry}?fields=operation`);
				await page.goto(`${directus.url}/admin/settings/flows/${FLOW_IDS.entry}/${flow.operation}`);
				const drawer = page.locator('.v-drawer').last();
				// The shipped flow takes its step from the dialog: the form shows the fields it fills in.
				await drawer.getByText(TEXT[lang].entryLabel, { exact: true }).first().waitFor(TIMEOUT);
				assert.ok(await drawer.getByText(TEXT[lang].decision, { exact: true }).first().isVisible());
				await shoot(page, `flows-operation-${lang}`);
				// Picking an action shows that action's fields only. The action's dropdown: its value is an <input>'s value
				// (no text to match), so the field is found by its name in the form.
				const actionSelect = drawer.locator('.field[data-field="action"] .interface .v-input').first();
				assert.equal(await actionSelect.locator('input').inputValue(), '{{$trigger.body.action}}');
				await actionSelect.click();
				await page.locator('.v-menu-content .v-list-item', { hasText: TEXT[lang].preview }).first().click();
				await drawer.getByText(TEXT[lang].text, { exact: true }).first().waitFor(TIMEOUT);
				assert.equal(await drawer.getByText(TEXT[lang].decision, { exact: true }).count(), 0);
				await page.locator('.v-menu-content').first().waitFor({ state: 'detached' }).catch(() => {});
				assert.equal(await actionSelect.locator('input').inputValue(), TEXT[lang].preview);
				await actionSelect.click();
				await page.locator('.v-menu-content .v-list-item', { hasText: TEXT[lang].review }).first().click();
				assert.ok(await drawer.getByText(TEXT[lang].decision, { exact: true }).first().isVisible());
				assert.ok(await drawer.getByText('From Trigger').first().isVisible());
				// The preview's fields are not the review's: "Text" is not shown.
				assert.equal(await drawer.getByText(TEXT[lang].text, { exact: true }).count(), 0);
				// No "<action>" eaten as a tag: the note names the step's path.
				assert.ok((await drawer.innerText()).includes('POST /iu-cutter/'));
			});
		} finally {
			await session.context.close();
		}
	});
}
