// A reviewer reviews a real amendment in headless Chromium against a real Directus 12.4.0 (SQLite): Nghị định
// 75/2021/NĐ-CP as issued is cut, Nghị định 55/2023/NĐ-CP (core/tests/fixtures/amend/nd-75-2021-nd-cp, SOURCE.md
// there) is submitted as its amendment, and the reviewer reads each block's label, its text before and after as a
// word diff (1.624.000 struck, 2.055.000 added in Điều 3 khoản 1) and the instruction behind it; filters by action and
// by instruction (on the server); opens a block whole; approves. In English and in Vietnamese (the user's Directus
// language). Then the 1,100-plus-block manifest of Luật Đấu thầu 22/2023/QH15 as issued is scrolled end to end: each
// page is fetched as it comes into view, and the frame times are measured.
// Screenshots: docs/screenshots/review-en.png, review-vi.png, review-block-en.png, review-block-vi.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { fullCycle } from '../support/workflow.js';
import { launchBrowser, openSession, screenshot, settledText, step as stepIn, visit } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-review-password' };
const PASSWORD = 'browser-review-workflow';
const ND = join(ROOT, 'core/tests/fixtures/amend/nd-75-2021-nd-cp');
const DOC = {
	doc_code: '75/2021/NĐ-CP',
	title: 'Nghị định quy định mức hưởng trợ cấp, phụ cấp và các chế độ ưu đãi người có công với cách mạng',
	language: 'vi',
	vocabulary: 'vi',
	source_text: readFileSync(join(ND, 'original.txt'), 'utf8'),
};
const LAW = { doc_code: '55/2023/NĐ-CP', title: 'Nghị định sửa đổi, bổ sung một số điều của Nghị định số 75/2021/NĐ-CP', text: readFileSync(join(ND, 'amending.txt'), 'utf8') };
const DOCS = join(ROOT, 'docs/screenshots');

let dir, directus, browser, admin, ids, entry, session;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-review-'));
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
	directus = await startDirectus({ dir, port: 38000 + (process.pid % 1000), db: { client: 'sqlite3' }, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '2h' } });
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	const docId = (await admin.ok('POST', '/items/legal_document', DOC)).id;
	assert.equal((await fullCycle(ids, { document: docId, effective_from: '2021-09-15T00:00:00Z' })).verified.passed, true);
	const p = await ids.submitter.api.ok('POST', '/iu-cutter/amend/preview', { document: docId, amending: [LAW] });
	entry = (await ids.submitter.api.ok('POST', '/iu-cutter/amend/submit', { document: docId, amending: [LAW], created_at: p.request.created_at, manifest_sha256: p.manifest_sha256 })).entry;
	browser = await launchBrowser();
});

after(async () => {
	await session?.context.close().catch(() => {});
	await browser?.close();
	await directus?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const byTest = (page, id) => page.locator(`[data-testid="${id}"]`);
const TIMEOUT = { timeout: 60_000 };
const flat = (s) => s.replace(/\s+/g, ' ').trim();
/** Keeps a screenshot in docs/screenshots (the test's own copy stays in tests/artifacts). */
const keep = (path, name) => {
	mkdirSync(DOCS, { recursive: true });
	copyFileSync(path, join(DOCS, `${name}.png`));
};

/** The reviewer's language, as Directus keeps it: the app sets <html lang> from it. */
const language = (lang) => ids.reviewer.api.ok('PATCH', '/users/me', { language: lang });

for (const [lang, words] of [
	['en', { approve: 'Approve', by: /^by Điều 1 khoản \d+ 55\/2023\/NĐ-CP$/, label: 'Điều 3 khoản 1', show: 'Show all', legend: 'Struck red: removed; green: added.' }],
	['vi', { approve: 'Phê duyệt', by: /^theo Điều 1 khoản \d+ 55\/2023\/NĐ-CP$/, label: 'Điều 3 khoản 1', show: 'Xem toàn bộ', legend: 'Gạch đỏ: bị bỏ; xanh: được thêm.' }],
]) {
	test(`a reviewer reads NĐ 55/2023's blocks as the law reads, filters them and opens one (${lang})`, async () => {
		await language(lang === 'vi' ? 'vi-VN' : 'en-US');
		await session?.context.close().catch(() => {});
		session = await openSession(browser, { url: directus.url, email: ids.reviewer.email, password: PASSWORD });
		await stepIn(session, `review-${lang}`, async (page) => {
			await visit(page, `${directus.url}/admin/iu-cutter/entries/${entry}`);
			await byTest(page, 'iu-review-block').first().waitFor(TIMEOUT);
			assert.equal(await page.evaluate(() => document.documentElement.lang.slice(0, 2)), lang);
			assert.equal(flat(await page.locator('.legend').innerText()), words.legend);
			// Điều 3 khoản 1: its label, the instruction behind it, and the amount struck and added.
			const row = byTest(page, 'iu-review-block').filter({ has: page.locator('.address', { hasText: /^75-2021-ndd-cp\/dieu-3\/khoan-1$/ }) });
			await row.waitFor(TIMEOUT);
			assert.equal(await row.locator('[data-testid="iu-block-label"]').innerText(), words.label);
			assert.match(flat(await row.locator('[data-testid="iu-block-instruction"]').innerText()), words.by);
			assert.deepEqual(await row.locator('del').allInnerTexts(), ['1.624.000']);
			assert.deepEqual(await row.locator('ins').allInnerTexts(), ['2.055.000']);
			// Nothing to acknowledge: NĐ 55/2023 applies whole, the button says only "Approve".
			assert.equal(await byTest(page, 'iu-review-outstanding').count(), 0);
			assert.equal(flat(await byTest(page, 'iu-approve').innerText()).replace(/^check /, ''), words.approve);
			await byTest(page, 'iu-review-filters').evaluate((el) => el.scrollIntoView({ block: 'start' }));
			await page.evaluate(() => window.scrollBy(0, -260));
			keep(await screenshot(page, `review-${lang}`), `review-${lang}`);

			// By action: the three created points only (a request to the server, its answer listed).
			const all = Number(/\d+/.exec(await page.locator('.blocks-label').innerText())[0]);
			await byTest(page, 'iu-filter-action').click();
			await page.locator('.v-list-item', { hasText: /^create$/ }).first().click();
			const created = await settledText(page.locator('.blocks-label'), (t) => /\(3\b/.test(t));
			assert.match(created, /\(3\b/);
			assert.deepEqual(await byTest(page, 'iu-block-label').allInnerTexts(), ['Điều 12 khoản 4 điểm d', 'Điều 12 khoản 4 điểm đ', 'Điều 12 khoản 4 điểm e']);
			await byTest(page, 'iu-filter-clear').click();
			await settledText(page.locator('.blocks-label'), (t) => t.includes(`(${all}`));
			// By instruction: the blocks of Điều 1 khoản 1.
			await byTest(page, 'iu-filter-instruction').click();
			await page.locator('.v-list-item', { hasText: /^Điều 1 khoản 1 55\/2023/ }).first().click();
			await settledText(page.locator('.blocks-label'), (t) => !t.includes(`(${all}`));
			const by = await byTest(page, 'iu-block-instruction').allInnerTexts();
			assert.ok(by.length > 0 && by.every((t) => /Điều 1 khoản 1 55\/2023/.test(t)), by.join('\n'));
			// "Show all": the block whole, below the list.
			await byTest(page, 'iu-block-show-all').first().click();
			await byTest(page, 'iu-block-detail').waitFor(TIMEOUT);
			assert.ok((await byTest(page, 'iu-block-detail').locator('ins').count()) > 0);
			await byTest(page, 'iu-block-detail').evaluate((el) => el.scrollIntoView({ block: 'end' }));
			keep(await screenshot(page, `review-block-${lang}`), `review-block-${lang}`);
		}, directus.logPath);
	});
}

test('the reviewer approves; the entry goes on to its CUT', async () => {
	await stepIn(session, 'review-approve', async (page) => {
		await byTest(page, 'iu-approve').click();
		await settledText(byTest(page, 'iu-entry-state'), (t) => /approved/.test(t));
	}, directus.logPath);
	assert.equal((await admin.ok('GET', `/iu-cutter/entries/${entry}`)).state, 'approved');
	await language('en-US');
});

test('a manifest of more than 1,100 blocks (Luật Đấu thầu 22/2023/QH15 as issued) scrolls smoothly, fetched as it comes into view', async () => {
	const BIDDING = join(ROOT, 'core/tests/fixtures/amend/luat-22-2023-qh15');
	const docId = (await admin.ok('POST', '/items/legal_document', { doc_code: '22/2023/QH15', title: 'Luật Đấu thầu', language: 'vi', vocabulary: 'vi', source_text: readFileSync(join(BIDDING, 'original.txt'), 'utf8') })).id;
	const request = { document: docId, effective_from: '2024-01-01T00:00:00Z' };
	const preview = await ids.submitter.api.ok('POST', '/iu-cutter/preview', request);
	const big = (await ids.submitter.api.ok('POST', '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 })).entry;
	await stepIn(session, 'review-scroll', async (page) => {
		const fetched = [];
		page.on('response', (r) => {
			if (r.url().includes(`/iu-cutter/entries/${big}/manifest`)) fetched.push({ url: r.url(), at: Date.now(), ms: r.request().timing().responseEnd });
		});
		const t0 = Date.now();
		await visit(page, `${directus.url}/admin/iu-cutter/entries/${big}`);
		await byTest(page, 'iu-review-block').first().waitFor(TIMEOUT);
		const firstRows = Date.now() - t0;
		const total = Number(/\d+/.exec(await page.locator('.blocks-label').innerText())[0]);
		assert.ok(total >= 1100, `${total} blocks`);
		// Scroll to the end in steps of one screen, counting frames (requestAnimationFrame) and the longest gap between them.
		const list = byTest(page, 'iu-review-blocks');
		const result = await list.evaluate(async (el) => {
			const gaps = [];
			let last = performance.now();
			let running = true;
			const tick = (now) => {
				gaps.push(now - last);
				last = now;
				if (running) requestAnimationFrame(tick);
			};
			requestAnimationFrame(tick);
			const started = performance.now();
			while (el.scrollTop + el.clientHeight < el.scrollHeight - 2) {
				el.scrollTop += el.clientHeight;
				await new Promise((r) => setTimeout(r, 50));
			}
			const took = performance.now() - started;
			running = false;
			gaps.sort((a, b) => a - b);
			return { took, frames: gaps.length, p95: gaps[Math.floor(gaps.length * 0.95)], max: gaps.at(-1) };
		});
		// Every row at the end is there once its page arrives.
		await page.waitForFunction(() => document.querySelectorAll('[data-testid="iu-row-loading"]').length === 0, null, TIMEOUT);
		const lastIndex = Number(await byTest(page, 'iu-review-block').last().locator('.index').innerText());
		assert.equal(lastIndex, total);
		const pages = fetched.length;
		console.log(
			`review of ${total} blocks: first rows in ${firstRows} ms; scrolled to the end in ${Math.round(result.took)} ms, ${result.frames} frames, ` +
				`frame gap p95 ${Math.round(result.p95)} ms, max ${Math.round(result.max)} ms; ${pages} manifest requests (pages of 100)`,
		);
		assert.equal(pages, Math.ceil(total / 100), 'each page fetched once, as it came into view');
		// Smooth: no frame blocked for long while rows with their diffs mount (a generous bound on a shared machine).
		assert.ok(result.max < 1000, `longest frame gap ${result.max} ms`);
	}, directus.logPath);
});
