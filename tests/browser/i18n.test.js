// The module in the user's Directus language, in headless Chromium against a real Directus 12.4.0 (SQLite): an
// editor whose language is vi-VN (set through PATCH /users/me, as the user does in their profile) reads the backlog,
// the ledger timeline, the versions and the crosswalk import in Vietnamese, then, language set to en-US, in English.
// First on an empty install: each page says what to do first (the backlog offers "start a cut preview"). Then with
// Nghị định 75/2021/NĐ-CP (core/tests/fixtures/amend/nd-75-2021-nd-cp/original.txt, as issued) cut, verified and swept:
// the backlog lists it, the timeline tells its story, the versions show its text at a date, a crosswalk
// (tests/fixtures/crosswalk/nd-75-2021.csv) previews its alias rows.
// On a Vietnamese page no English word of the module's own is left in its main area or its help panel, and no raw
// catalog key (`backlog.…`) shows; dates are written the Vietnamese way.
// Screenshots: docs/screenshots/{backlog,timeline,versions,crosswalk}-{en,vi}.png and backlog-empty-{en,vi}.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { fullCycle } from '../support/workflow.js';
import { launchBrowser, openSession, pasteText, step as stepIn } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-i18n-password' };
const PASSWORD = 'browser-i18n-workflow';
const DOC = {
	doc_code: '75/2021/NĐ-CP',
	title: 'Nghị định quy định mức hưởng trợ cấp, phụ cấp và các chế độ ưu đãi người có công với cách mạng',
	language: 'vi',
	vocabulary: 'vi',
	source_text: readFileSync(join(ROOT, 'core/tests/fixtures/amend/nd-75-2021-nd-cp/original.txt'), 'utf8'),
};
const CSV = readFileSync(join(ROOT, 'tests/fixtures/crosswalk/nd-75-2021.csv'), 'utf8');
const SHOTS = join(ROOT, 'docs/screenshots');
const TIMEOUT = { timeout: 60_000 };
const LANGS = [
	['vi', 'vi-VN'],
	['en', 'en-US'],
];

/**
 * English words of the module's own strings (labels, headings, notices, help): none may be left on a Vietnamese page.
 * Whole words, case-sensitive. Not in the list: the CSV's values (renumber, split, merge, legacy), which a
 * Vietnamese text names as they are written, and proper names (IU Cutter, Akoma Ntoso, sha256, CSV, JSON, UTC).
 */
const ENGLISH = [
	'the', 'and', 'of', 'from', 'with', 'for', 'or', 'to', 'Pick', 'Document', 'document', 'State', 'Title', 'Kind', 'Submitted', 'submitted',
	'Start', 'Show', 'Changes', 'changes', 'Preview', 'Submit', 'Export', 'Line', 'Column', 'Address', 'address', 'Workflow', 'events', 'Rationale',
	'entry', 'entries', 'unit', 'units', 'version', 'Nothing', 'nothing', 'Every', 'Help', 'Manifest', 'manifest', 'Versions', 'Timeline', 'Backlog',
	'backlog', 'alias', 'rows', 'approved', 'swept', 'verified', 'cut', 'create', 'sweep', 'enact', 'written', 'passed', 'January', 'September', 'AM', 'PM',
];
/** Words of the module's Vietnamese strings: none may show on an English page. */
const VIETNAMESE = ['Chọn văn bản', 'Trạng thái', 'mục việc', 'Bắt đầu', 'Bản kê', 'Dòng thời gian', 'Xem trước', 'sổ cái', 'tháng'];
/** A catalog key shown as itself (a key missing in both languages reads as the key). */
const RAW_KEY = /\b(common|nav|help|backlog|timeline|versions|crosswalk)\.[a-z_]+(\.[a-z_]+)*\b/;

let dir, directus, browser, ids, docId, session, admin;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-i18n-'));
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
	directus = await startDirectus({ dir, port: 40000 + (process.pid % 1000), db: { client: 'sqlite3' }, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '2h' } });
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	browser = await launchBrowser();
	session = await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
	mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
	await session?.context.close().catch(() => {});
	await browser?.close();
	await directus?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const byTest = (page, id) => page.locator(`[data-testid="${id}"]`);
const control = (page, id, tag = 'input') => page.locator(`${tag}[data-testid="${id}"], [data-testid="${id}"] ${tag}`).first();

/** The editor's Directus language, set by the editor (PATCH /users/me) as in their profile: scripts/roles.js lets people change their own language. */
async function speak(language) {
	await ids.submitter.api.ok('PATCH', '/users/me', { language });
}

/** Opens a module page in a fresh load (the app reads the user's language when it starts) and waits for `ready`. */
async function open(page, path, ready, lang) {
	await page.goto(`${directus.url}/admin/iu-cutter${path}`);
	await byTest(page, ready).first().waitFor(TIMEOUT);
	assert.match(await page.locator('html').getAttribute('lang'), lang === 'vi' ? /^vi/ : /^en/, 'the app follows the user’s language');
}

/**
 * The text a user reads on the module's page: its main area (title, page, empty state) and its help panel, without
 * the data it shows (codes, addresses, a crosswalk row's rationale as its author wrote it, the document's text, an
 * entry's title as it was stored when it was submitted).
 */
async function moduleText(page) {
	return page.evaluate(() => {
		const main = document.querySelector('main')?.cloneNode(true);
		if (!main) return '';
		for (const data of main.querySelectorAll('code, textarea, .entry-title, a.entry, [data-testid="crosswalk-row"] td:last-child, [data-testid="iu-versions-text"], .v-list')) data.remove();
		const help = document.querySelector('[data-testid="iu-help-panel"]');
		return `${main.innerText}\n${help?.innerText ?? ''}\n${help?.querySelector('.iu-help')?.textContent ?? ''}`;
	});
}

/** Nothing of the other language, and no raw key, in the page's own words. */
async function assertSpeaks(page, lang, where) {
	const text = await moduleText(page);
	assert.ok(text.trim().length > 40, `${where}: the page has text (${JSON.stringify(text)})`);
	assert.doesNotMatch(text, RAW_KEY, `${where}: a catalog key shows as itself`);
	if (lang === 'vi') {
		const left = ENGLISH.filter((w) => new RegExp(`(^|[^\\p{L}_-])${w}(?=$|[^\\p{L}_-])`, 'u').test(text));
		assert.deepEqual(left, [], `${where}: English left on a Vietnamese page:\n${text}`);
	} else {
		const left = VIETNAMESE.filter((w) => text.includes(w));
		assert.deepEqual(left, [], `${where}: Vietnamese on an English page:\n${text}`);
	}
}

/** The help panel in the sidebar, opened, so the picture shows what the page is for. */
async function openHelp(page) {
	const panel = byTest(page, 'iu-help-panel');
	await panel.waitFor(TIMEOUT);
	if (!(await panel.locator('.iu-help').isVisible())) await panel.locator('button, .sidebar-detail-header, .header').first().click();
	await panel.locator('.iu-help').waitFor({ state: 'visible', timeout: 10_000 });
	// The sidebar unfolds with an animation: the picture waits until it stands still.
	await page.waitForTimeout(800);
}

async function shoot(page, name) {
	await page.evaluate(() => document.activeElement?.blur());
	await page.locator('.hydrating').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
	await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

test('an empty install: every page says what to do first, in Vietnamese and in English', async () => {
	for (const [lang, language] of LANGS) {
		await speak(language);
		await stepIn(session, `i18n-empty-${lang}`, async (page) => {
			await open(page, '', 'iu-backlog-empty', lang);
			await byTest(page, 'iu-backlog-start').waitFor(TIMEOUT);
			const href = await byTest(page, 'iu-backlog-start').evaluate((el) => (el.closest('a') ?? el.querySelector('a'))?.getAttribute('href'));
			assert.equal(href, '/admin/iu-cutter/preview', 'the first step is one click away');
			assert.match(await byTest(page, 'iu-backlog-empty').innerText(), lang === 'vi' ? /Chưa có mục việc nào[\s\S]*xem trước bản cắt/ : /No entries yet[\s\S]*Start with a cut preview/);
			// The terms the empty state uses are explained where they appear.
			for (const term of ['enact', 'draft_only', 'sweep']) assert.ok(await byTest(page, `iu-term-${term}`).first().getAttribute('title'), `${term} is explained`);
			await openHelp(page);
			await assertSpeaks(page, lang, `backlog (empty, ${lang})`);
			await shoot(page, `backlog-empty-${lang}`);

			await open(page, '/timeline', 'iu-timeline-empty', lang);
			assert.match(await byTest(page, 'iu-timeline-empty').innerText(), lang === 'vi' ? /Chưa có văn bản nào/ : /No documents yet/);
			await assertSpeaks(page, lang, `timeline (empty, ${lang})`);

			await open(page, '/versions', 'iu-versions-empty', lang);
			assert.match(await byTest(page, 'iu-versions-empty').innerText(), lang === 'vi' ? /Chưa có văn bản nào/ : /No documents yet/);
			await assertSpeaks(page, lang, `versions (empty, ${lang})`);

			await open(page, '/crosswalk', 'crosswalk-empty', lang);
			await assertSpeaks(page, lang, `crosswalk (empty, ${lang})`);
		}, directus.logPath);
	}
});

test('a decree cut, verified and swept: the backlog, its timeline, its text at a date and a crosswalk, in Vietnamese and in English', async () => {
	docId = (await admin.ok('POST', '/items/legal_document', DOC)).id;
	assert.equal((await fullCycle(ids, { document: docId, effective_from: '2021-09-15T00:00:00+07:00' })).verified.passed, true);

	for (const [lang, language] of LANGS) {
		await speak(language);
		await stepIn(session, `i18n-pages-${lang}`, async (page) => {
			await open(page, '', 'iu-backlog', lang);
			const row = byTest(page, 'iu-backlog').locator('tbody tr', { hasText: DOC.doc_code });
			await row.first().waitFor(TIMEOUT);
			// The state chip and the column headers in the user's language.
			assert.equal((await row.first().locator('[data-action]').innerText()).trim(), lang === 'vi' ? 'đã khép lại' : 'swept');
			await openHelp(page);
			await assertSpeaks(page, lang, `backlog (${lang})`);
			await shoot(page, `backlog-${lang}`);

			await open(page, `/timeline?document=${docId}`, 'iu-timeline-event', lang);
			const notes = await byTest(page, 'iu-timeline-note').allInnerTexts();
			assert.ok(notes.includes(lang === 'vi' ? 'mọi phép kiểm tra đều đạt' : 'every check passed'), `the VERIFY event's note: ${notes}`);
			await openHelp(page);
			await assertSpeaks(page, lang, `timeline (${lang})`);
			await shoot(page, `timeline-${lang}`);

			await open(page, `/versions?document=${docId}&at=2022-01-01`, 'iu-versions-heading', lang);
			const heading = (await byTest(page, 'iu-versions-heading').innerText()).replace(/\s+/g, ' ');
			// The law's own calendar day in the user's words: 2021-09-15T00:00:00+07:00 is 15 September.
			assert.match(heading, lang === 'vi' ? /tại ngày 1 tháng 1, 2022: phiên bản của bộ thay đổi [0-9a-f]{8}, có hiệu lực từ 15 tháng 9, 2021/ : /as at January 1, 2022: version of change set [0-9a-f]{8}, in force from September 15, 2021/);
			await openHelp(page);
			await assertSpeaks(page, lang, `versions (${lang})`);
			await shoot(page, `versions-${lang}`);

			await open(page, '/crosswalk', 'crosswalk-document-select', lang);
			await byTest(page, 'crosswalk-document-select').click();
			await page.locator('.v-list-item', { hasText: DOC.doc_code }).first().click();
			await pasteText(control(page, 'crosswalk-file', 'textarea'), CSV);
			await byTest(page, 'crosswalk-preview-button').click();
			await byTest(page, 'crosswalk-row').first().waitFor(TIMEOUT);
			const summary = (await byTest(page, 'crosswalk-summary').innerText()).replace(/\s+/g, ' ');
			assert.equal(summary, lang === 'vi' ? '7 dòng bí danh cho 75/2021/NĐ-CP từ tệp CSV, sớm nhất có hiệu lực từ 15 tháng 9, 2021' : '7 alias row(s) for 75/2021/NĐ-CP from a CSV file, the earliest in force from September 15, 2021');
			await openHelp(page);
			await assertSpeaks(page, lang, `crosswalk (${lang})`);
			await shoot(page, `crosswalk-${lang}`);
		}, directus.logPath);
	}
});
