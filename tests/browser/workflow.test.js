// The IU Cutter module in the real Data Studio, in headless Chromium against a
// real Directus 12.4.0 (SQLite): a 500-article act goes preview → submit
// (editor) → review (reviewer) → CUT (admin) → VERIFY (reviewer) entirely
// through the UI. Along the way: the preview tree is virtualized, the review
// page shows the manifest sha256 the preview showed, a step is hidden from a
// user without its capability and disabled with the two-person reason for the
// executor, and the ledger timeline, resolver and citation display read back
// what was done. Then an amendment of the act previews with every kind of change
// highlighted in its place in the tree, and the reviewer rejects it.
// Screenshots go to tests/artifacts/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { loadNodeCore } from '../support/core.js';
import { launchBrowser, openSession, pasteText, screenshot, settledText, step as stepIn, visit } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { amend } from '../support/workflow.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-test-password' };
const PASSWORD = 'browser-workflow-password';
const ACT = { doc_code: '88/2026/QH15', title: 'Luật Quản lý, sử dụng tài sản mẫu', language: 'vi', vocabulary: 'vi' };
const SLUG = '88-2026-qh15';

let dir, directus, browser, admin, ids, core, actId, actText, entryUrl, previewSha;
const sessions = [];

before(async () => {
	core = await loadNodeCore();
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-workflow-'));
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
	directus = await startDirectus({
		dir,
		port: 22000 + (process.pid % 1000),
		db: { client: 'sqlite3' },
		adminEmail: ADMIN.email,
		adminPassword: ADMIN.password,
		env: { ACCESS_TOKEN_TTL: '2h' },
	});
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	await letReviewerVerify(token);
	// 10 chapters × 50 articles × 3 clauses × 3 points: 6 510 units.
	actText = core.generatedAct({ chapters: 10, articlesPerChapter: 50, clausesPerArticle: 3, pointsPerClause: 3 });
	actId = (await admin.ok('POST', '/items/legal_document', { ...ACT, source_text: actText })).id;
	browser = await launchBrowser();
});

after(async () => {
	for (const s of sessions) await s.context.close().catch(() => {});
	await browser?.close();
	await directus?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * The Core license has three seats (admin, editor, reviewer): a fourth human
 * with app access is refused. So the reviewer's role also gets the "IU Verifier"
 * policy of scripts/roles.js, as a small team would set it up; the two-person
 * rules still hold (the reviewer neither submitted nor executed this entry).
 */
async function letReviewerVerify(token) {
	const api = client(directus.url, token);
	const verifier = (await api.ok('GET', `/policies?filter[name][_eq]=${encodeURIComponent('IU Verifier')}`))[0];
	const role = (await api.ok('GET', `/roles?filter[name][_eq]=${encodeURIComponent('IU Reviewer')}`))[0];
	await api.ok('POST', '/access', { role: role.id, policy: verifier.id });
}

async function login(email, password) {
	const s = await openSession(browser, { url: directus.url, email, password });
	sessions.push(s);
	return s;
}

/** On failure: a screenshot, the Directus log and the page's console errors in the assertion message. */
const step = (session, name, fn) => stepIn(session, name, fn, directus?.logPath);

const byTest = (page, id) => page.locator(`[data-testid="${id}"]`);
/** The native control of a v-input / v-textarea, which may carry the test id itself or wrap it. */
const control = (page, id, tag = 'input') => page.locator(`${tag}[data-testid="${id}"], [data-testid="${id}"] ${tag}`).first();
const TIMEOUT = { timeout: 60_000 };

/** What the core says the citation of `address` is (the display must show exactly this). */
function unwrapCitation(address) {
	const r = core.citeAddress({ address, doc: { code: ACT.doc_code, title: ACT.title } });
	assert.equal(r.ok, true, JSON.stringify(r));
	return r.citation;
}


test('the editor previews a 500-article act as a virtualized tree and submits it', async () => {
	const editor = await login(ids.submitter.email, PASSWORD);
	await step(editor, 'preview', async (page) => {
		await visit(page, `${directus.url}/admin/iu-cutter/preview`);
		await byTest(page, 'iu-document-select').click();
		await page.locator('.v-list-item', { hasText: ACT.doc_code }).first().click();

		// A pasted text with a numbering gap and a repeated article: the core's diagnostics, with their place,
		// errors (what refuses the plan) before warnings.
		await byTest(page, 'iu-own-text').click();
		await control(page, 'iu-text', 'textarea').fill('Điều 1. Phạm vi\n1. Khoản một.\n3. Khoản ba.\nĐiều 1. Lặp\nNội dung.');
		// "Enact" is an explicit choice (issue 32): this test previews as a draft, as it always did.
		await page.locator('[data-testid="iu-enact-draft"]').click();
		await byTest(page, 'iu-preview-button').click();
		await byTest(page, 'iu-diagnostics').waitFor(TIMEOUT);
		const diagnostics = await byTest(page, 'iu-diagnostic').allTextContents();
		assert.equal(diagnostics.length, 2, diagnostics.join('\n'));
		assert.match(diagnostics[0], /line 4, column 6 \(byte 62\).*Điều 1 appears again/);
		assert.match(diagnostics[1], /line 3, column 1 \(byte 39\).*Khoản 3 follows Khoản 1: Khoản 2 is missing/);
		await screenshot(page, 'preview-diagnostics');

		// Back to the document's stored text: the whole act.
		await byTest(page, 'iu-own-text').click();
		// "Enact" is an explicit choice (issue 32): this test previews as a draft, as it always did.
		await page.locator('[data-testid="iu-enact-draft"]').click();
		await byTest(page, 'iu-preview-button').click();
		await byTest(page, 'iu-count-create').filter({ hasText: '6510' }).waitFor(TIMEOUT);

		previewSha = (await byTest(page, 'iu-manifest-sha').textContent()).trim();
		assert.match(previewSha, /^[0-9a-f]{64}$/);
		assert.match(await byTest(page, 'iu-count-create').textContent(), /\b6510\b/);
		assert.match(await byTest(page, 'iu-gates').textContent(), /Every gate passes/);

		// Virtualized: 6 510 units in the tree, a screenful of rows in the DOM.
		const tree = byTest(page, 'iu-preview-tree');
		await tree.locator('[data-testid="iu-virtual-row"]').first().waitFor();
		const rendered = await tree.locator('[data-testid="iu-virtual-row"]').count();
		assert.ok(rendered > 5 && rendered < 80, `rendered rows: ${rendered}`);
		await tree.locator('[data-address]').first().waitFor();
		assert.equal(await tree.locator('[data-address]').first().getAttribute('data-address'), `${SLUG}/chuong-1`);
		await screenshot(page, 'preview-tree');

		// Scrolling to the end renders the last unit, still with a screenful of rows.
		await tree.evaluate((el) => el.scrollTo(0, el.scrollHeight));
		await tree.locator(`[data-address="${SLUG}/dieu-500/khoan-3/diem-c"]`).waitFor();
		assert.ok((await tree.locator('[data-testid="iu-virtual-row"]').count()) < 80);

		// Collapsing every node leaves the ten chapters.
		await page.getByRole('button', { name: 'Collapse all' }).click();
		await tree.evaluate((el) => el.scrollTo(0, 0));
		assert.equal(await tree.locator('[data-address]').count(), 10);
		await page.getByRole('button', { name: 'Expand all' }).click();

		await control(page, 'iu-submit-title').fill('Luật mẫu: first cut');
		await byTest(page, 'iu-submit-button').click();
		await page.waitForURL(/\/admin\/iu-cutter\/entries\/[0-9a-f-]{36}$/, TIMEOUT);
		entryUrl = page.url();
		await byTest(page, 'iu-entry-state').waitFor();
		assert.equal((await byTest(page, 'iu-entry-state').textContent()).trim(), 'submitted');
		// The editor holds no review capability: the buttons are not shown at all.
		assert.equal(await byTest(page, 'iu-approve').count(), 0);
		assert.equal(await byTest(page, 'iu-cut').count(), 0);
	});
});

test('a second user reviews the manifest sha256 the preview showed, with its blocks, and approves', async () => {
	const reviewer = await login(ids.reviewer.email, PASSWORD);
	await step(reviewer, 'review', async (page) => {
		// The manifest's blocks come a page at a time (GET …/manifest?offset=&limit=): the offsets asked for, in order.
		const manifestOffsets = [];
		page.on('request', (r) => {
			const url = new URL(r.url());
			if (url.pathname.endsWith('/manifest')) manifestOffsets.push(`${url.searchParams.get('offset')}/${url.searchParams.get('limit')}`);
		});
		// The reviewer finds the entry in the module's backlog.
		await visit(page, `${directus.url}/admin/iu-cutter`);
		const row = byTest(page, 'iu-backlog').locator('tr', { hasText: 'Luật mẫu: first cut' });
		await row.waitFor(TIMEOUT);
		assert.match(await row.textContent(), /submitted/);
		assert.match(await row.textContent(), /Editor <editor@example\.com>/);
		await row.locator('td').nth(1).click();
		await page.waitForURL(entryUrl, TIMEOUT);
		await byTest(page, 'iu-sha-verified').waitFor(TIMEOUT);
		assert.equal((await byTest(page, 'iu-review-sha').textContent()).trim(), previewSha);
		const blocks = byTest(page, 'iu-review-blocks');
		await blocks.locator('[data-testid="iu-virtual-row"]').first().waitFor();
		assert.match(await blocks.textContent(), new RegExp(`${SLUG}/chuong-1`));
		assert.match(await page.locator('.blocks-label').textContent(), /6510/);
		// The counts come with the first page, from the summary of the whole manifest.
		assert.match(await byTest(page, 'iu-review-counts').textContent(), /create\s*6510/);
		// 6 510 blocks: only the first page of 100 was fetched (rows show their text since issue 32, so pages are
		// smaller), and the rows in view are filled from it.
		assert.deepEqual(manifestOffsets, ['0/100']);
		assert.equal(await blocks.locator('[data-testid="iu-row-loading"]').count(), 0);
		await screenshot(page, 'review-page');
		// Scrolled to the end, the list asks for the pages in view — and not the ones scrolled past.
		await blocks.evaluate((el) => el.scrollTo(0, el.scrollHeight));
		// The last block's row, once its page has come: its number and its address (a row still loading has no address).
		await blocks.locator('[data-testid="iu-virtual-row"]', { has: page.locator('.index', { hasText: /^\s*6510\s*$/ }) }).locator('code.address').waitFor(TIMEOUT);
		await page.waitForFunction(() => document.querySelectorAll('[data-testid="iu-review-blocks"] [data-testid="iu-row-loading"]').length === 0, null, TIMEOUT);
		const pages = [...manifestOffsets].sort();
		assert.ok(pages.includes('0/100') && pages.includes('6500/100'), pages.join());
		assert.ok(pages.every((p) => p === '0/100' || Number(p.split('/')[0]) >= 6300), `only the pages in view: ${pages.join()}`);
		await blocks.evaluate((el) => el.scrollTo(0, 0));

		await control(page, 'iu-review-comment', 'textarea').fill('Checked against the gazette text.');
		await byTest(page, 'iu-approve').click();
		await page.locator('[data-testid="iu-entry-state"]', { hasText: 'approved' }).waitFor(TIMEOUT);
		// Approved: the review buttons stay, disabled with the state's reason.
		assert.equal(await control(page, 'iu-approve', 'button').isDisabled(), true);
		// Past review the page informs (issue 46: the orange refusal "review needs state submitted" read like an error).
		assert.match(await byTest(page, 'iu-reviewed-already').textContent(), /Reviewed: this entry is “approved” now/i);
		assert.equal(await byTest(page, 'iu-reason-review').count(), 0);
		assert.equal(await byTest(page, 'iu-cut').count(), 0, 'the reviewer may not execute');
	});
});

test('the admin executes the CUT; the verify button is then disabled with the two-person reason', async () => {
	const adm = await login(ADMIN.email, ADMIN.password);
	await step(adm, 'execute', async (page) => {
		await visit(page, entryUrl);
		await byTest(page, 'iu-cut').waitFor(TIMEOUT);
		assert.equal(await control(page, 'iu-verify', 'button').isDisabled(), true, 'nothing to verify before the CUT');
		await byTest(page, 'iu-cut').click();
		await page.locator('[data-testid="iu-entry-state"]', { hasText: 'cut' }).waitFor(TIMEOUT);
		assert.equal(await control(page, 'iu-verify', 'button').isVisible(), true, 'the admin holds the verify capability');
		assert.equal(await control(page, 'iu-verify', 'button').isDisabled(), true);
		const reason = await byTest(page, 'iu-reason-verify').textContent();
		assert.match(reason, /verifier ≠ executor/);
		assert.match(reason, /admin@example\.com/, 'the reason names the executor, not a user id');
		await screenshot(page, 'two-person-rule');
	});
	// The server enforces it too, whatever the UI shows.
	const r = await admin.post('/iu-cutter/verify', { entry: entryUrl.split('/').pop() });
	assert.equal(r.status, 403);
	assert.equal(r.body.errors[0].extensions.code, 'IU_TWO_PERSON_VERIFY');
});

test('the reviewer, who did not execute, verifies it', async () => {
	const reviewer = sessions[1];
	await step(reviewer, 'verify', async (page) => {
		await visit(page, entryUrl);
		await byTest(page, 'iu-verify').waitFor(TIMEOUT);
		assert.equal(await control(page, 'iu-verify', 'button').isDisabled(), false);
		await byTest(page, 'iu-verify').click();
		await page.locator('[data-testid="iu-entry-state"]', { hasText: 'verified' }).waitFor(TIMEOUT);
		await byTest(page, 'iu-verify-result-passed').waitFor();
		const units = await admin.count('logical_unit');
		assert.equal(units, 6510);
	});
});

test('the ledger timeline shows the document and one unit; the resolver and the citation display read them back', async () => {
	const reviewer = sessions[1];
	await step(reviewer, 'timeline', async (page) => {
		await visit(page, `${directus.url}/admin/iu-cutter/timeline?document=${actId}`);
		await byTest(page, 'iu-timeline-event').first().waitFor(TIMEOUT);
		const events = await byTest(page, 'iu-timeline-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
		assert.deepEqual(events, ['submitted', 'approved', 'cut', 'verified']);
		await screenshot(page, 'ledger-timeline');

		await visit(page, `${directus.url}/admin/iu-cutter/timeline?address=${encodeURIComponent(`${SLUG}/dieu-44/khoan-1`)}`);
		await byTest(page, 'iu-unit-changes').waitFor(TIMEOUT);
		assert.match(await byTest(page, 'iu-timeline-heading').textContent(), new RegExp(`${SLUG}/dieu-44/khoan-1`));
		assert.match(await byTest(page, 'iu-unit-changes').textContent(), /create/);
		await screenshot(page, 'unit-timeline');

		await visit(page, `${directus.url}/admin/iu-cutter/resolve`);
		const input = control(page, 'iu-resolve-address');
		await input.waitFor(TIMEOUT);
		// A citation pasted into the field becomes its canonical address (paste event, then the input it causes).
		await input.focus();
		await input.evaluate((el) => el.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: false })));
		await input.fill(`khoản 1 Điều 44 Luật ${ACT.doc_code}`);
		for (let i = 0; i < 100 && (await input.inputValue()) !== `${SLUG}/dieu-44/khoan-1`; i++) await page.waitForTimeout(100);
		assert.equal(await input.inputValue(), `${SLUG}/dieu-44/khoan-1`);
		await control(page, 'iu-resolve-date').fill('2030-01-01');
		await byTest(page, 'iu-resolve-button').click();
		const result = byTest(page, 'iu-resolve-result');
		await result.waitFor(TIMEOUT);
		assert.equal(await result.getAttribute('data-outcome'), 'canonical');
		// The citation display renders it in the document's language (first the bare address, until the core has loaded).
		const citation = page.locator('[data-testid="iu-citation"]').first();
		await citation.waitFor();
		assert.equal(await settledText(citation, `khoản 1 Điều 44 ${ACT.title} số ${ACT.doc_code}`), `khoản 1 Điều 44 ${ACT.title} số ${ACT.doc_code}`);
		await screenshot(page, 'resolver');

		// In the content module, iu0003 shows logical_unit addresses through the citation display.
		await page.goto(`${directus.url}/admin/content/logical_unit`);
		const first = page.locator('[data-testid="iu-citation"]').first();
		await first.waitFor(TIMEOUT);
		const address = await first.getAttribute('title');
		assert.match(address, new RegExp(`^${SLUG}/`));
		const expected = unwrapCitation(address);
		assert.equal(await settledText(first, expected), expected);
		await screenshot(page, 'content-list-citations');
	});
});

test('a reader downloads the proof of a unit’s history from the resolver and the proof of the entry from its page; each holds offline under the log’s key', async () => {
	const reviewer = sessions[1];
	const { log_key } = await admin.ok('GET', '/iu-cutter/tlog/witnesses');
	const policy = `log ${log_key}\nquorum none\n`;
	/** Clicks `testId`, saves the download; what the core's offline check (`iu-cutter audit`) says of it. */
	const downloaded = async (page, testId) => {
		const [download] = await Promise.all([page.waitForEvent('download', TIMEOUT), byTest(page, testId).click()]);
		const file = join(dir, download.suggestedFilename());
		await download.saveAs(file);
		const r = core.tlogVerifyProof({ proof: readFileSync(file, 'utf8'), policy });
		assert.equal(r.ok, true, JSON.stringify(r));
		assert.equal(r.valid, true, JSON.stringify(r.fault));
		return { name: download.suggestedFilename(), unit: r.unit };
	};
	await step(reviewer, 'proofs', async (page) => {
		await visit(page, `${directus.url}/admin/iu-cutter/resolve`);
		await control(page, 'iu-resolve-address').waitFor(TIMEOUT);
		await control(page, 'iu-resolve-address').fill(`${SLUG}/dieu-44/khoan-1`);
		await control(page, 'iu-resolve-date').fill('2030-01-01');
		await byTest(page, 'iu-resolve-button').click();
		await byTest(page, 'iu-resolve-proof').waitFor(TIMEOUT);
		const unit = await downloaded(page, 'iu-resolve-proof');
		assert.equal(unit.name, `${SLUG}_dieu-44_khoan-1.unit-proof.json`);
		assert.equal(unit.unit.address, `${SLUG}/dieu-44/khoan-1`);
		assert.ok(unit.unit.rows.some((r) => r.collection === 'cut_change_set_affected_row') && unit.unit.rows.some((r) => r.collection === 'verify_result'), 'the row that wrote the unit and its verification');

		await visit(page, entryUrl);
		await byTest(page, 'iu-entry-proof').waitFor(TIMEOUT);
		await screenshot(page, 'entry-proof');
		const entry = await downloaded(page, 'iu-entry-proof');
		const entryId = entryUrl.split('/').pop();
		assert.equal(entry.unit.address, `entry/${entryId}`);
		const counted = Object.groupBy(entry.unit.rows, (r) => r.collection);
		assert.equal(counted.manifest_unit_block.length, 6510, 'every block of the manifest');
		assert.equal(counted.cut_change_set_affected_row.length, 6510, 'every row the CUT wrote');
		assert.deepEqual([counted.decision_backlog_entry.length, counted.review_decision.length, counted.cut_change_set.length, counted.verify_result.length], [1, 1, 1, 1]);
	});
});

test('an amendment previews with each change highlighted in its place; the reviewer rejects it and nobody can cut it', async () => {
	const [editor, reviewer, adm] = sessions;
	const REASON = 'Điều 5 is repealed only from 2028: resubmit with the right date.';
	let amendmentUrl, amendmentSha;
	await step(editor, 'amendment-preview', async (page) => {
		await visit(page, `${directus.url}/admin/iu-cutter/preview`);
		await byTest(page, 'iu-document-select').click();
		await page.locator('.v-list-item', { hasText: ACT.doc_code }).first().click();
		await control(page, 'iu-effective-from').fill('2027-01-01');
		await byTest(page, 'iu-own-text').click();
		// Điều 10…500 become 11…501 with a new Điều 10a, khoản 2 of Điều 3 is split, Điều 5 is repealed.
		// 700 KB in one go, as a paste gives it: fill() types it through the editing commands and takes minutes.
		await pasteText(control(page, 'iu-text', 'textarea'), amend(actText));
		// "Enact" is an explicit choice (issue 32): this test previews as a draft, as it always did.
		await page.locator('[data-testid="iu-enact-draft"]').click();
		await byTest(page, 'iu-preview-button').click();
		await byTest(page, 'iu-preview-summary').waitFor(TIMEOUT);
		const count = async (action) => Number(/\d+/.exec(await byTest(page, `iu-count-${action}`).textContent())[0]);
		assert.equal(await count('create'), 4, 'Điều 10a with its two clauses, and the new khoản 3 of Điều 3');
		assert.equal(await count('retire'), 13, 'Điều 5 with its 3 clauses and 9 points');
		assert.ok((await count('readdress')) > 6000, 'the renumbering cascade');
		assert.ok((await count('update')) >= 1, 'khoản 2 of Điều 3 keeps only its first words');
		amendmentSha = (await byTest(page, 'iu-manifest-sha').textContent()).trim();

		// Chương 1 open, its articles closed: each article in document order, Điều 5 where it was.
		const tree = byTest(page, 'iu-preview-tree');
		await page.getByRole('button', { name: 'Collapse all' }).click();
		await tree.locator(`[data-address="${SLUG}/chuong-1"] .toggle`).click();
		const rows = await tree.locator('[data-address]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-address'), e.getAttribute('data-action')]));
		const order = rows.map(([a]) => a.slice(SLUG.length + 1));
		assert.deepEqual(order.slice(0, 13), ['chuong-1', 'dieu-1', 'dieu-2', 'dieu-3', 'dieu-4', 'dieu-5', 'dieu-6', 'dieu-7', 'dieu-8', 'dieu-9', 'dieu-10a', 'dieu-11', 'dieu-12']);
		const action = new Map(rows);
		assert.equal(action.get(`${SLUG}/dieu-2`), 'unchanged');
		// Numbers as the law prints them, not as its addresses spell them: Chương I, not Chương 1.
		assert.equal((await tree.locator(`[data-address="${SLUG}/chuong-1"] .unit-label`).first().textContent()).trim(), 'Chương I');
		assert.equal((await tree.locator(`[data-address="${SLUG}/dieu-10a"] .unit-label`).first().textContent()).trim(), 'Điều 10a');
		// Điều 4 is not a later sibling of the clause split in Điều 3: a position counts among siblings (issue 30),
		// so nothing of it changes.
		assert.equal(action.get(`${SLUG}/dieu-4`), 'unchanged');
		assert.equal(action.get(`${SLUG}/dieu-5`), 'retire');
		assert.equal(action.get(`${SLUG}/dieu-10a`), 'create');
		assert.equal(action.get(`${SLUG}/dieu-11`), 'readdress');
		assert.equal((await tree.locator(`[data-address="${SLUG}/dieu-11"] .old`).first().textContent()).trim(), `was ${SLUG}/dieu-10`);
		await tree.scrollIntoViewIfNeeded();
		await screenshot(page, 'preview-amendment');

		// Only what changes, and "Next change" stepping through it.
		await page.getByRole('button', { name: 'Expand all' }).click();
		await byTest(page, 'iu-changes-only').click();
		await byTest(page, 'iu-next-change').click();
		const current = tree.locator('.tree-row.current');
		await current.waitFor();
		const first = await current.getAttribute('data-address');
		assert.notEqual(await current.getAttribute('data-action'), 'unchanged');
		await byTest(page, 'iu-next-change').click();
		await tree.locator(`.tree-row.current:not([data-address="${first}"])`).waitFor();
		assert.notEqual(await current.getAttribute('data-action'), 'unchanged');

		await control(page, 'iu-submit-title').fill('Luật mẫu: amendment');
		await byTest(page, 'iu-submit-button').click();
		await page.waitForURL(/\/admin\/iu-cutter\/entries\/[0-9a-f-]{36}$/, TIMEOUT);
		amendmentUrl = page.url();
	});

	await step(reviewer, 'reject', async (page) => {
		await visit(page, amendmentUrl);
		await byTest(page, 'iu-sha-verified').waitFor(TIMEOUT);
		assert.equal((await byTest(page, 'iu-review-sha').textContent()).trim(), amendmentSha);
		await control(page, 'iu-review-comment', 'textarea').fill(REASON);
		await byTest(page, 'iu-reject').click();
		await page.locator('[data-testid="iu-entry-state"]', { hasText: 'rejected' }).waitFor(TIMEOUT);
		assert.equal(await control(page, 'iu-approve', 'button').isDisabled(), true);
		assert.equal(await control(page, 'iu-reject', 'button').isDisabled(), true);
		assert.match(await byTest(page, 'iu-reviewed-already').textContent(), /Reviewed: this entry was rejected/);
		assert.equal(await byTest(page, 'iu-reason-review').count(), 0);
		// The entry's history carries the reason beside the rejection.
		const rejected = byTest(page, 'iu-entry-history').locator('[data-event="rejected"]');
		assert.match(await rejected.textContent(), new RegExp(REASON.replace(/[.:]/g, '\\$&')));
		await screenshot(page, 'review-rejected');
	});

	await step(adm, 'rejected-cut', async (page) => {
		await visit(page, amendmentUrl);
		await byTest(page, 'iu-cut').waitFor(TIMEOUT);
		assert.equal(await control(page, 'iu-cut', 'button').isDisabled(), true);
		assert.match(await byTest(page, 'iu-reason-cut').textContent(), /in state rejected; cut needs state approved/);
	});
	const r = await admin.post('/iu-cutter/cut', { entry: amendmentUrl.split('/').pop() });
	assert.equal(r.status, 409);
	assert.equal(r.body.errors[0].extensions.code, 'IU_WRONG_STATE');
	assert.equal(await admin.count('logical_unit'), 6510, 'nothing was cut');

	// The document's timeline tells both stories, with what each event did.
	await step(reviewer, 'timeline-after-reject', async (page) => {
		await visit(page, `${directus.url}/admin/iu-cutter/timeline?document=${actId}`);
		await byTest(page, 'iu-timeline-event').nth(5).waitFor(TIMEOUT);
		const events = await byTest(page, 'iu-timeline-event').evaluateAll((els) => els.map((e) => [e.getAttribute('data-event'), e.querySelector('[data-testid="iu-timeline-note"]')?.textContent.trim() ?? null]));
		assert.deepEqual(events.map(([e]) => e), ['submitted', 'approved', 'cut', 'verified', 'submitted', 'rejected']);
		assert.equal(events[0][1], '6510 create');
		assert.equal(events[1][1], '“Checked against the gazette text.”');
		assert.match(events[2][1], /^6510 unit\(s\) and 0 alias\(es\) written$/);
		assert.equal(events[5][1], `“${REASON}”`);
		await screenshot(page, 'ledger-timeline-after-reject');
	});
});
