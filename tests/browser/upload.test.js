// A pasted text too large for one JSON body, in the real Data Studio: headless
// Chromium against a real Directus 12.4.0 on PostgreSQL 15 with Directus'
// DEFAULT MAX_PAYLOAD_SIZE (1 MB; startDirectus raises it to 10 MB for the
// other tests, this one unsets it). The preview page sends a text of at most
// 900 KB inline ("text") and uploads a larger one first as a Directus file
// (POST /files), sending "text_file": <id> instead; the submit of the same text
// sends the same id. Everything is asserted from the browser's own requests
// (observed, never mocked) and read back from the server and the database.
//
// PostgreSQL, not SQLite: a Data Studio session's every request checks the
// session row in the database, and on SQLite the submit's transaction holds
// the one connection, so the page's progress polls would wait it out (see
// progress.test.js).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { loadNodeCore } from '../support/core.js';
import { client } from '../support/api.js';
import { launchBrowser, openSession, pasteText, screenshot, step as stepIn, visit } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-upload-password' };
const PASSWORD = 'browser-upload-users';
const DB = 'iu_upload';
const DOC = { doc_code: '66/2026/QH15', title: 'Luật dán vào', language: 'vi', vocabulary: 'vi' };
/** The page's threshold (PreviewPage.vue, TEXT_INLINE_MAX) and Directus' default MAX_PAYLOAD_SIZE ("1mb" as body-parser reads it). */
const INLINE_MAX = 900_000;
const DEFAULT_PAYLOAD_LIMIT = 1024 * 1024;
const TIMEOUT = { timeout: 180_000 };

let dir, pg, directus, browser, session, core, admin, ids, docId;
/** 10 chapters × 100 articles × 3 clauses × 3 points: 13 010 units, ~1.5 MB of UTF-8. */
let bigText;
/** 10 × 50 × 3 × 3: 6 510 units, ~760 KB, under the threshold. */
let smallText;
/** What the first preview uploaded and the submit must reuse. */
let firstUpload;

const bytes = (s) => Buffer.byteLength(s, 'utf8');
const byTest = (page, id) => page.locator(`[data-testid="${id}"]`);
const control = (page, id, tag = 'input') => page.locator(`${tag}[data-testid="${id}"], [data-testid="${id}"] ${tag}`).first();
/** The number of units the core cuts from `text`, computed here in Node, independently of the server and the page. */
const unitsOf = (text) => {
	const s = core.cutSummary({ text, docCode: DOC.doc_code, vocabulary: 'vi' });
	assert.equal(s.ok, true, JSON.stringify(s));
	assert.equal(s.diagnostics, 0);
	return s.units;
};
const sql = (query) => pg.psql(DB, query).trim();

before(async () => {
	core = await loadNodeCore();
	bigText = core.generatedAct({ chapters: 10, articlesPerChapter: 100, clausesPerArticle: 3, pointsPerClause: 3 });
	smallText = core.generatedAct({ chapters: 10, articlesPerChapter: 50, clausesPerArticle: 3, pointsPerClause: 3 });
	assert.ok(bytes(bigText) > 1.4e6 && bytes(bigText) < 3e6, `big text: ${bytes(bigText)} bytes`);
	assert.ok(bytes(smallText) > 700_000 && bytes(smallText) <= INLINE_MAX, `small text: ${bytes(smallText)} bytes`);
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-upload-'));
	pg = await startPostgres({ port: 58000 + (process.pid % 150) });
	directus = await startDirectus({
		dir,
		port: 33000 + (process.pid % 1000),
		db: pg.createDatabase(DB),
		adminEmail: ADMIN.email,
		adminPassword: ADMIN.password,
		// undefined: the variable is not passed at all (child_process skips it), so Directus uses its own default.
		env: { ACCESS_TOKEN_TTL: '2h', MAX_PAYLOAD_SIZE: undefined },
	});
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	// As docs/WORKFLOW-API.md ("The text as a file") says an admin does: the IU Submitter policy may upload files and read them.
	// (Unfiltered: the Core license refuses custom permission rules such as "uploaded_by = $CURRENT_USER".)
	const policy = (await admin.ok('GET', `/policies?filter[name][_eq]=${encodeURIComponent('IU Submitter')}`))[0];
	await admin.ok('POST', '/permissions', ['create', 'read'].map((action) => ({ policy: policy.id, collection: 'directus_files', action, fields: ['*'] })));
	docId = (await admin.ok('POST', '/items/legal_document', { ...DOC, source_text: 'Điều 1. Phạm vi\nVăn bản tạm.' })).id;

	// The instance really runs with the default limit: the big text inline is refused before it is read.
	const inline = await ids.submitter.api.post('/iu-cutter/preview', { document: docId, text: bigText });
	assert.equal(inline.status, 413, inline.text.slice(0, 500));
	assert.equal(inline.body.errors[0].extensions.code, 'IU_PAYLOAD_TOO_LARGE');
	assert.equal(inline.body.errors[0].extensions.limit, DEFAULT_PAYLOAD_LIMIT);

	browser = await launchBrowser();
	session = await openSession(browser, { url: directus.url, email: ids.submitter.email, password: PASSWORD });
});

after(async () => {
	await session?.context.close().catch(() => {});
	await browser?.close();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** On failure: a screenshot, the Directus log and the page's console errors in the assertion message. */
const step = (name, fn) => stepIn(session, name, fn, directus?.logPath);

/**
 * The requests of the page that matter here, as the browser sends them, from now until stop():
 * uploads (POST /files, with their answer) and the preview and submit calls (with their JSON body and answer).
 */
function watchRequests(page) {
	const seen = [];
	const onRequest = (r) => {
		const path = new URL(r.url()).pathname;
		if (r.method() !== 'POST') return;
		if (path === '/files') seen.push({ kind: 'upload', request: r });
		else if (path === '/iu-cutter/preview' || path === '/iu-cutter/submit') seen.push({ kind: path.split('/').pop(), request: r, body: JSON.parse(r.postData()) });
	};
	page.on('request', onRequest);
	return {
		of: (kind) => seen.filter((s) => s.kind === kind),
		/** The JSON answer of a recorded request. */
		answer: async (s) => (await s.request.response()).json(),
		stop: () => page.off('request', onRequest),
	};
}

/** Opens the preview page, picks the document and ticks "Cut a new text". */
async function openPreview(page) {
	await visit(page, `${directus.url}/admin/iu-cutter/preview`);
	await byTest(page, 'iu-document-select').click();
	await page.locator('.v-list-item', { hasText: DOC.doc_code }).first().click();
	// "Enact" is an explicit choice (issue 32): this test previews as a draft, as it always did.
	await page.locator('[data-testid="iu-enact-draft"]').click();
	await byTest(page, 'iu-own-text').click();
	await control(page, 'iu-text', 'textarea').waitFor();
}

/** Clicks "Preview the cut" and waits until the page shows the counts of `units` units, or an error. */
async function preview(page, units) {
	await byTest(page, 'iu-preview-button').click();
	await byTest(page, 'iu-count-create').filter({ hasText: new RegExp(`\\b${units}\\b`) }).or(byTest(page, 'iu-error')).first().waitFor(TIMEOUT);
	if (await byTest(page, 'iu-error').count()) assert.fail(`the page shows an error: ${await byTest(page, 'iu-error').textContent()}`);
	assert.match(await page.locator('.counts .count', { hasText: 'units in the text' }).textContent(), new RegExp(`^\\s*${units} units in the text`));
}

test('a pasted text over 900 KB goes up once as a Directus file and the preview sends its id, not the text', async () => {
	const expected = unitsOf(bigText);
	assert.equal(expected, 13010);
	await step('upload-preview', async (page) => {
		await openPreview(page);
		await pasteText(control(page, 'iu-text', 'textarea'), bigText);
		const net = watchRequests(page);
		await preview(page, expected);
		net.stop();

		const uploads = net.of('upload');
		assert.equal(uploads.length, 1, 'exactly one POST /files');
		const file = (await net.answer(uploads[0])).data;
		assert.match(file.id, /^[0-9a-f-]{36}$/);
		assert.equal(Number(file.filesize), bytes(bigText), 'the whole text was uploaded');
		assert.equal(file.uploaded_by, ids.submitter.id);

		const previews = net.of('preview');
		assert.equal(previews.length, 1);
		const body = previews[0].body;
		assert.equal(body.text_file, file.id, 'the preview names the uploaded file');
		assert.equal('text' in body, false, 'the preview carries no inline text');
		assert.equal(body.document, docId);
		assert.ok(bytes(previews[0].request.postData()) < 1000, 'the preview body is small');
		// The server cut the file's text: its answer echoes the id and counts what Node's core counts.
		const answer = (await net.answer(previews[0])).data;
		assert.equal(answer.request.text_file, file.id);
		assert.equal(answer.units_cut, expected);
		assert.equal(answer.counts.create, expected);
		firstUpload = { id: file.id, sha: answer.manifest_sha256 };
		assert.equal((await byTest(page, 'iu-manifest-sha').textContent()).trim(), answer.manifest_sha256);
		assert.match(await byTest(page, 'iu-gates').textContent(), /Every gate passes/);
		await screenshot(page, 'upload-preview');
	});
	// The file holds exactly the pasted text.
	const asset = await fetch(`${directus.url}/assets/${firstUpload.id}`, { headers: { authorization: `Bearer ${ids.submitter.token}` } });
	assert.equal(asset.status, 200);
	assert.equal(await asset.text(), bigText);
	assert.equal(sql('select count(*) from directus_files'), '1');
});

test('the submit of the same text reuses the uploaded file and opens the entry', async () => {
	assert.ok(firstUpload, 'the preview test ran');
	let entry;
	await step('upload-submit', async (page) => {
		const net = watchRequests(page);
		await control(page, 'iu-submit-title').fill('Luật dán vào: uploaded text');
		await byTest(page, 'iu-submit-button').click();
		await page.waitForURL(/\/admin\/iu-cutter\/entries\/[0-9a-f-]{36}$/, TIMEOUT);
		net.stop();
		assert.equal(net.of('upload').length, 0, 'no second POST /files');
		const submits = net.of('submit');
		assert.equal(submits.length, 1);
		const body = submits[0].body;
		assert.equal(body.text_file, firstUpload.id, 'the submit names the preview\'s file');
		assert.equal('text' in body, false);
		assert.equal(body.manifest_sha256, firstUpload.sha);
		const answer = (await net.answer(submits[0])).data;
		assert.equal(answer.existing, false);
		assert.equal(answer.manifest_sha256, firstUpload.sha);
		entry = answer.entry;
		assert.equal(page.url().split('/').pop(), entry);
		await page.locator('[data-testid="iu-entry-state"]', { hasText: 'submitted' }).waitFor(TIMEOUT);
	});
	// The entry, read back from the database: the editor's, for this document, with the manifest of the uploaded text.
	assert.equal(sql(`select document || ' ' || manifest_sha256 || ' ' || submitted_by || ' ' || title from decision_backlog_entry where id = '${entry}'`),
		`${docId} ${firstUpload.sha} ${ids.submitter.id} Luật dán vào: uploaded text`);
	assert.equal(sql(`select source_sha256 || ' ' || block_count from manifest_envelope where entry = '${entry}'`), `${core.sha256Hex({ text: bigText })} 13010`);
	assert.equal(sql('select count(*) from decision_backlog_entry'), '1');
	assert.equal(sql('select count(*) from directus_files'), '1', 'the submit uploaded nothing');
});

test('a text of at most 900 KB goes inline; a changed large text is uploaded again, the same one is not', async () => {
	await step('upload-inline', async (page) => {
		await openPreview(page);
		// Under the threshold: inline, no upload.
		await pasteText(control(page, 'iu-text', 'textarea'), smallText);
		let net = watchRequests(page);
		await preview(page, unitsOf(smallText));
		net.stop();
		assert.equal(net.of('upload').length, 0, 'no POST /files for a text under 900 KB');
		assert.equal(net.of('preview').length, 1);
		let body = net.of('preview')[0].body;
		assert.equal(body.text, smallText, 'the preview carries the text inline');
		assert.equal('text_file' in body, false);
		assert.ok(bytes(net.of('preview')[0].request.postData()) < DEFAULT_PAYLOAD_LIMIT);

		// A large text, then the same text with one more article at its end (same size, same beginning, as a
		// user's edit): each is uploaded once, and the preview names the upload of the text shown, never an earlier one.
		const changed = `${bigText}\nĐiều 1001. Hiệu lực thi hành\nLuật này có hiệu lực từ ngày 01 tháng 7 năm 2026.`;
		assert.equal(unitsOf(changed), unitsOf(bigText) + 1);
		const sent = [];
		for (const [text, again] of [[bigText, false], [changed, false], [changed, true]]) {
			if (!again) await pasteText(control(page, 'iu-text', 'textarea'), text);
			net = watchRequests(page);
			// Previewing the same text again: the first count stays on screen, so wait for the new answer.
			const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/iu-cutter/preview', TIMEOUT);
			answered.catch(() => {}); // awaited below; not an unhandled rejection when preview() fails first
			await preview(page, unitsOf(text));
			await answered;
			net.stop();
			assert.equal(net.of('upload').length, again ? 0 : 1, `uploads for ${again ? 'the same text again' : 'a new text'}`);
			body = net.of('preview')[0].body;
			assert.equal('text' in body, false);
			if (!again) {
				const file = (await net.answer(net.of('upload')[0])).data;
				assert.equal(body.text_file, file.id);
			}
			const answer = (await net.answer(net.of('preview')[0])).data;
			assert.equal(answer.units_cut, unitsOf(text));
			sent.push(body.text_file);
		}
		assert.notEqual(sent[1], sent[0], 'the amended text is a new file');
		assert.equal(sent[2], sent[1], 'the same text previewed again reuses its file');
		assert.ok(!sent.includes(firstUpload.id), 'a new page does not know the earlier page\'s upload');
		await screenshot(page, 'upload-inline-and-changed');
		const asset = await fetch(`${directus.url}/assets/${sent[1]}`, { headers: { authorization: `Bearer ${ids.submitter.token}` } });
		assert.equal(await asset.text(), changed);
	});
	assert.equal(sql('select count(*) from directus_files'), '3');
});

test('a text changed while its upload or its preview is on the way: the answer for the old text is not shown', async () => {
	const withArticle = (text, n) => `${text}\nĐiều ${n}. Điều khoản bổ sung ${n}\nNội dung điều ${n}.`;
	const first = withArticle(bigText, 1001);
	const second = withArticle(first, 1002);
	const button = (page) => control(page, 'iu-preview-button', 'button');
	/** Holds the page's requests to `path` (they still go to the server, unchanged) until release() is called. */
	async function hold(page, path) {
		let release, requested;
		const released = new Promise((r) => (release = r));
		const seen = new Promise((r) => (requested = r));
		const match = (url) => url.pathname === path;
		await page.route(match, async (route) => {
			if (route.request().method() !== 'POST') return route.continue();
			requested();
			await released;
			await route.continue();
		});
		return { seen, release, off: () => page.unroute(match) };
	}
	/** The page has settled after a preview it dropped: the button is enabled again, nothing shown for the old text. */
	async function nothingShown(page) {
		await page.waitForFunction((sel) => !document.querySelector(sel)?.disabled, 'button[data-testid="iu-preview-button"], [data-testid="iu-preview-button"] button', TIMEOUT);
		assert.equal(await byTest(page, 'iu-preview-summary').count(), 0, 'no preview shown for a text the page no longer holds');
		assert.equal(await byTest(page, 'iu-error').count(), 0);
		assert.equal(await byTest(page, 'iu-submit-button').count(), 0);
	}
	await step('upload-changed-meanwhile', async (page) => {
		await openPreview(page);
		const textarea = control(page, 'iu-text', 'textarea');
		await pasteText(textarea, bigText);

		// 1. Changed while the preview request is on its way: the server's answer (for bigText) is dropped.
		let held = await hold(page, '/iu-cutter/preview');
		let answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/iu-cutter/preview', TIMEOUT);
		answered.catch(() => {});
		await button(page).click();
		await held.seen;
		await pasteText(textarea, first);
		held.release();
		assert.equal((await answered).status(), 200);
		await held.off();
		await nothingShown(page);

		// 2. Changed while the upload is on its way: no preview of the old text is asked for at all.
		held = await hold(page, '/files');
		let net = watchRequests(page);
		await button(page).click();
		await held.seen;
		await pasteText(textarea, second);
		held.release();
		await page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/files', TIMEOUT);
		await held.off();
		await nothingShown(page);
		net.stop();
		assert.equal(net.of('upload').length, 1);
		assert.equal(net.of('preview').length, 0, 'the preview of the text replaced during its upload is not sent');
		const stale = (await net.answer(net.of('upload')[0])).data.id;

		// 3. Previewed now: the text shown is uploaded and cut, not the one uploaded for the text replaced.
		net = watchRequests(page);
		await preview(page, unitsOf(second));
		net.stop();
		assert.equal(net.of('upload').length, 1);
		const file = (await net.answer(net.of('upload')[0])).data;
		assert.notEqual(file.id, stale);
		assert.equal(net.of('preview')[0].body.text_file, file.id);
		assert.equal((await net.answer(net.of('preview')[0])).data.units_cut, unitsOf(second));
		await screenshot(page, 'upload-changed-meanwhile');
	});
});

test('an editor who may not upload files is told which permission the large text needs', async () => {
	const policy = (await admin.ok('GET', `/policies?filter[name][_eq]=${encodeURIComponent('IU Submitter')}`))[0];
	const grant = (await admin.ok('GET', `/permissions?filter[policy][_eq]=${policy.id}&filter[collection][_eq]=directus_files&filter[action][_eq]=create`))[0];
	assert.ok(grant, 'the submitter may upload files');
	const files = sql('select count(*) from directus_files');
	await admin.ok('DELETE', `/permissions/${grant.id}`);
	try {
		await step('upload-forbidden', async (page) => {
			await openPreview(page);
			await pasteText(control(page, 'iu-text', 'textarea'), `${bigText}\nĐiều 1003. Điều khoản bổ sung\nNội dung.`);
			await byTest(page, 'iu-preview-button').click();
			const shown = byTest(page, 'iu-error');
			await shown.waitFor(TIMEOUT);
			const message = await shown.textContent();
			assert.match(message, /"create" on "directus_files"/, message);
			assert.match(message, /more than one request may carry/, message);
			await screenshot(page, 'upload-forbidden');
		});
	} finally {
		await admin.ok('POST', '/permissions', { policy: policy.id, collection: 'directus_files', action: 'create', fields: ['*'] });
	}
	assert.equal(sql('select count(*) from directus_files'), files, 'nothing was uploaded');
});
