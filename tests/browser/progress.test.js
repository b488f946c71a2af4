// The progress bar of a long step in the real Data Studio: headless Chromium
// against a real Directus 12.4.0 on PostgreSQL 15. The 500-article act (6 510
// units) is previewed, submitted and approved over the API; the admin then
// executes the CUT on the entry page, and every value the bar takes is recorded
// in the page (a MutationObserver on its aria attributes, so no sampling
// interval of the test decides what is seen). The bar must move through
// intermediate values and end at its total, with the server's final record.
//
// PostgreSQL, not SQLite: a Data Studio session's every request checks the
// session row in the database, and SQLite's one connection is held by the
// CUT's transaction, so on SQLite the polls only get through between phases
// (docs/WORKFLOW-API.md, "Progress").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { loadNodeCore } from '../support/core.js';
import { launchBrowser, openSession, screenshot, visit } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { ok } from '../support/workflow.js';
import { client } from '../support/api.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-progress-password' };
const TIMEOUT = { timeout: 120_000 };

let dir, pg, directus, browser, session, ids, entry, core, admin;

before(async () => {
	core = await loadNodeCore();
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-progress-'));
	pg = await startPostgres({ port: 54550 + (process.pid % 100) });
	directus = await startDirectus({
		dir,
		port: 23000 + (process.pid % 1000),
		db: pg.createDatabase('iu_progress'),
		adminEmail: ADMIN.email,
		adminPassword: ADMIN.password,
		env: { ACCESS_TOKEN_TTL: '2h' },
	});
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: 'browser-progress-users' });
	// 10 chapters × 50 articles × 3 clauses × 3 points: 6 510 units.
	const doc = await ok(ids.submitter, '/items/legal_document', { doc_code: '77/2026/QH15', title: 'Luật mẫu', language: 'vi', vocabulary: 'vi', source_text: core.generatedAct({ chapters: 10, articlesPerChapter: 50, clausesPerArticle: 3, pointsPerClause: 3 }) });
	const request = { document: doc.id, effective_from: '2026-01-01T00:00:00Z' };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
	entry = submitted.entry;
	browser = await launchBrowser();
	session = await openSession(browser, { url: directus.url, ...ADMIN });
});

after(async () => {
	await session?.context.close().catch(() => {});
	await browser?.close();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

test('executing the CUT of the 500-article act moves the progress bar through its phases to the total', async (t) => {
	const page = session.page;
	try {
		await visit(page, `${directus.url}/admin/iu-cutter/entries/${entry}`);
		const cut = page.locator('[data-testid="iu-cut"]');
		await cut.waitFor(TIMEOUT);
		// Every value the bar shows, as the page renders it.
		await page.evaluate(() => {
			const seen = [];
			window.__iuProgress = seen;
			const record = () => {
				const bar = document.querySelector('[data-testid="iu-progress"]');
				if (!bar) return;
				seen.push({
					now: Number(bar.getAttribute('aria-valuenow')),
					max: Number(bar.getAttribute('aria-valuemax')),
					phase: bar.getAttribute('data-phase'),
					state: bar.closest('[data-testid="iu-progress-box"]').getAttribute('data-state'),
				});
			};
			new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow', 'aria-valuemax', 'data-phase', 'data-state'] });
		});
		await cut.click();
		// A picture of the bar while the CUT runs (not an assertion: the step may be past it by then).
		await page.locator('[data-testid="iu-progress-box"][data-state="running"]').waitFor({ timeout: 30_000 }).catch(() => {});
		await screenshot(page, 'progress-cut-running');
		await page.locator('[data-testid="iu-entry-state"]', { hasText: 'cut' }).waitFor(TIMEOUT);
		await page.locator('[data-testid="iu-progress-box"][data-state="done"]').waitFor(TIMEOUT);
		await screenshot(page, 'progress-cut-done');

		const seen = await page.evaluate(() => window.__iuProgress);
		const intermediate = new Set(seen.filter((s) => s.state === 'running' && s.now > 0 && s.now < s.max).map((s) => `${s.phase}: ${s.now} of ${s.max}`));
		t.diagnostic(`values between 0 and the total: ${[...intermediate].join(' | ')}`);
		assert.ok(intermediate.size >= 2, `the bar took at least two values between 0 and the total; saw ${JSON.stringify(seen)}`);
		const last = seen.at(-1);
		assert.equal(last.state, 'done');
		assert.equal(last.phase, 'writing the change set into the ledger');
		// The change set, 6 510 affected rows, the executor's signature and the history row.
		assert.equal(last.max, 6510 + 3);
		assert.equal(last.now, last.max, 'the bar ends at its total');
		const writing = seen.filter((s) => s.phase === 'writing units');
		if (writing.length) assert.ok(writing.every((s) => s.max === 6510 && s.now <= 6510), JSON.stringify(writing));
		// Phases only move forward.
		const order = ['reading the manifest and the stored units', 'checking the gates', 'writing units', 'writing the change set into the ledger'];
		const indexes = seen.map((s) => order.indexOf(s.phase));
		assert.ok(indexes.every((x) => x >= 0), JSON.stringify(seen));
		assert.deepEqual(indexes, [...indexes].sort((a, b) => a - b));
		assert.match(await page.locator('[data-testid="iu-progress-phase"]').textContent(), /^Done \(4 of 4: writing the change set into the ledger\)/);
	} catch (e) {
		const shot = await screenshot(page, 'progress-failed').catch((x) => `(no screenshot: ${x.message})`);
		e.message += `\nscreenshot: ${shot}\nDirectus log: ${directus?.logPath}\n${session.pageErrors.format()}`;
		throw e;
	}
});

test('a preview of more than 20 000 units is paged: the module shows its progress and fetches the rows in view', async () => {
	const page = session.page;
	// 10 chapters × 160 articles × 3 clauses × 3 points: 20 810 units.
	const BIG = { doc_code: '78/2026/QH15', slug: '78-2026-qh15' };
	await admin.ok('POST', '/items/legal_document', { doc_code: BIG.doc_code, title: 'Luật dài', language: 'vi', vocabulary: 'vi', source_text: core.generatedAct({ chapters: 10, articlesPerChapter: 160, clausesPerArticle: 3, pointsPerClause: 3 }) });
	const tree = page.locator('[data-testid="iu-preview-tree"]');
	try {
		await visit(page, `${directus.url}/admin/iu-cutter/preview`);
		await page.locator('[data-testid="iu-document-select"]').click();
		await page.locator('.v-list-item', { hasText: BIG.doc_code }).first().click();
		const pagesAsked = [];
		page.on('request', (r) => {
			if (/\/iu-cutter\/preview\/[0-9a-f-]{36}\/tree/.test(r.url())) pagesAsked.push(new URL(r.url()).searchParams.get('offset'));
		});
		// "Enact" is an explicit choice (issue 32): this test previews as a draft, as it always did.
		await page.locator('[data-testid="iu-enact-draft"]').click();
		await page.locator('[data-testid="iu-preview-button"]').click();
		await page.locator('[data-testid="iu-paged-note"]').waitFor(TIMEOUT);
		assert.match(await page.locator('[data-testid="iu-count-create"]').textContent(), /\b20810\b/);
		assert.match(await page.locator('.tree-toolbar .label').first().textContent(), /20810 rows/);
		// The bar ends with the preview's last phase complete.
		await page.locator('[data-testid="iu-progress-box"][data-state="done"]').waitFor(TIMEOUT);
		const bar = page.locator('[data-testid="iu-progress"]');
		assert.equal(await bar.getAttribute('data-phase'), 'building the preview');
		assert.equal(await bar.getAttribute('aria-valuenow'), await bar.getAttribute('aria-valuemax'));

		// The first page is fetched for the rows in view; a screenful of rows is rendered.
		await tree.locator(`[data-address="${BIG.slug}/chuong-1"]`).waitFor(TIMEOUT);
		const rendered = await tree.locator('[data-testid="iu-virtual-row"]').count();
		assert.ok(rendered > 5 && rendered < 80, `rendered rows: ${rendered}`);
		await screenshot(page, 'preview-paged');
		// Scrolling to the end fetches the last page only (not every page in between), and shows the last unit.
		await tree.evaluate((el) => el.scrollTo(0, el.scrollHeight));
		await tree.locator(`[data-address="${BIG.slug}/dieu-1600/khoan-3/diem-c"]`).waitFor(TIMEOUT);
		assert.ok(pagesAsked.includes('0') && pagesAsked.includes('20800'), `pages asked: ${pagesAsked.join(', ')}`);
		assert.ok(pagesAsked.length <= 4, `pages asked: ${pagesAsked.join(', ')}`);
		assert.equal(await tree.locator('[data-testid="iu-row-loading"]').count(), 0, 'every row in view is loaded');
	} catch (e) {
		const shot = await screenshot(page, 'preview-paged-failed').catch((x) => `(no screenshot: ${x.message})`);
		e.message += `\nscreenshot: ${shot}\nDirectus log: ${directus?.logPath}\n${session.pageErrors.format()}`;
		throw e;
	}
});
