// The "Canonical address" interface in the real Data Studio: headless Chromium logs in to a real
// Directus 12.4.0 (SQLite) with the built bundle, opens a new item of an institution's own collection that
// cites units (`cited_provision.address`, set up with the interface as an admin would: the unit store's own
// fields are read-only in the Data Studio since iu0014, they change only through the workflow) and types into
// the address. The WASM core embedded in app.js answers in the tab: the reason and the byte
// offset of an invalid address, the canonical form of a citation, and no request per keystroke.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { loadNodeCore } from '../support/core.js';
import { gotoTracked, launchBrowser, openSession, recordRequests, screenshot, settledText } from '../support/browser.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-test-password' };
const DOC = { doc_code: '45/2019/QH14', title: 'Bộ luật Lao động (trích đoạn)' };
const INVALID = '45-2019-qh14/dieu-44/khoan-1/diem-';
const CITATION = 'điểm đ khoản 1 Điều 44 Luật 45/2019/QH14';
const CANONICAL = '45-2019-qh14/dieu-44/khoan-1/diem-dd';

let dir, directus, browser, session, core;

before(async () => {
	core = await loadNodeCore();
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-interface-'));
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
	directus = await startDirectus({
		dir,
		port: 21000 + (process.pid % 1000),
		db: { client: 'sqlite3' },
		adminEmail: ADMIN.email,
		adminPassword: ADMIN.password,
	});
	browser = await launchBrowser();
});

after(async () => {
	await session?.context.close();
	await browser?.close();
	await directus?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `fn`; on failure adds a screenshot and the page's console errors to the assertion message. */
async function withDiagnostics(name, fn) {
	try {
		await fn();
	} catch (e) {
		const shot = session ? await screenshot(session.page, `${name}-failed`).catch((x) => `(no screenshot: ${x.message})`) : '(no page)';
		e.message += `\nscreenshot: ${shot}\nDirectus log: ${directus?.logPath}\n${session?.pageErrors.format() ?? ''}`;
		throw e;
	}
}


/**
 * Requests that would mean the interface asked the server: anything to the Directus origin except the
 * app's own static files under /admin/assets/, and any fetch/xhr/websocket/eventsource at all.
 * Seen on Directus 12.4.0: while an address is typed the page makes no API request at all; the only
 * requests are the app's monospace font (/admin/assets/FiraMono-Medium-*.woff2), fetched the first
 * time a <code> of the error or the hint renders. No background polling was seen during the test.
 * The Data Studio records each page visited (PATCH /users/me/track/page, 500 ms after the navigation):
 * the test opens the form with gotoTracked, so that request is done before typing starts.
 */
function apiRequests(requests, origin) {
	return requests.filter(
		(r) =>
			['fetch', 'xhr', 'websocket', 'eventsource'].includes(r.resourceType) ||
			(r.url.startsWith(origin) && !new URL(r.url).pathname.startsWith('/admin/assets/')),
	);
}

const addressInput = (page) => page.locator('input[data-testid="iu-address-input"], [data-testid="iu-address-input"] input').first();

test('as admin, a legal document is stored and a collection of cited provisions uses the interface', async () => {
	const admin = client(directus.url, await directus.login());
	const doc = await admin.ok('POST', '/items/legal_document', DOC);
	assert.equal(doc.slug, '45-2019-qh14', 'the slug the canonical addresses below start with');
	await admin.ok('POST', '/collections', {
		collection: 'cited_provision',
		meta: { icon: 'format_quote', note: 'Provisions our guidance cites, by canonical address' },
		schema: {},
		fields: [
			{ field: 'id', type: 'integer', meta: { hidden: true }, schema: { is_primary_key: true, has_auto_increment: true } },
			{ field: 'address', type: 'string', meta: { interface: 'canonical-address', display: 'canonical-address' }, schema: { max_length: 255 } },
		],
	});
});

test('log in through the Directus form and open a new cited provision', async () => {
	session = await openSession(browser, { url: directus.url, ...ADMIN });
	await withDiagnostics('interface-open', async () => {
		await gotoTracked(session.page, `${directus.url}/admin/content/cited_provision/+`);
		await addressInput(session.page).waitFor({ state: 'visible', timeout: 30_000 });
		assert.equal(await session.page.getByText('Have a license key?').count(), 0, 'no license modal over the form');
	});
});

test('an invalid address shows the core reason and byte offset, with no request to the server', async () => {
	const expected = core.parseAddress({ input: INVALID });
	assert.equal(expected.ok, false);
	assert.equal(expected.error.offset, 34);
	const { page } = session;
	await withDiagnostics('interface-invalid', async () => {
		const input = addressInput(page);
		const rec = recordRequests(page);
		await input.click();
		await input.pressSequentially(INVALID, { delay: 15 });
		const error = page.locator('[data-testid="iu-address-error"]');
		await error.waitFor({ state: 'visible', timeout: 10_000 });
		const want = `${expected.error.reason} — ${expected.error.hint}`;
		const text = await settledText(error, (t) => t.endsWith(want));
		rec.stop();
		await screenshot(page, 'interface-invalid');
		assert.equal(await input.inputValue(), INVALID);
		// The reason and the fix, word for word from the core; the reason names the byte offset.
		assert.ok(text.endsWith(want), `error text:\n  ${text}\nshould end with the core's reason and hint:\n  ${want}`);
		assert.match(text, /empty ordinal at byte 34: a segment ends with its ordinal/);
		// The interface may also mark the place in what was typed (the end of the input here, shown as ␣).
		const position = page.locator('[data-testid="iu-address-position"]');
		if ((await position.count()) > 0) {
			assert.equal((await position.textContent()).replace(/\s+/g, ' ').trim(), `at byte 34: ${INVALID}␣`);
			assert.equal(await position.locator('mark').textContent(), '␣');
		}
		assert.equal(await page.locator('[data-testid="iu-address-canonical"]').count(), 0);
		assert.deepEqual(apiRequests(rec.requests, directus.url), [], `requests while typing:\n${JSON.stringify(rec.requests, null, 1)}`);
	});
});

test('a citation typed in shows its canonical address, computed in the tab', async () => {
	const expected = core.normalizeAddress({ input: CITATION });
	assert.equal(expected.canonical, CANONICAL);
	const { page } = session;
	await withDiagnostics('interface-citation', async () => {
		const input = addressInput(page);
		await input.fill('');
		await page.locator('[data-testid="iu-address-error"]').waitFor({ state: 'detached', timeout: 10_000 });
		const rec = recordRequests(page);
		await input.pressSequentially(CITATION, { delay: 15 });
		const hint = page.locator('[data-testid="iu-address-canonical"] code');
		await hint.waitFor({ state: 'visible', timeout: 10_000 });
		const text = await settledText(hint, (t) => t === CANONICAL);
		rec.stop();
		await screenshot(page, 'interface-citation');
		assert.equal(await input.inputValue(), CITATION);
		assert.equal(text, CANONICAL);
		assert.equal(await page.locator('[data-testid="iu-address-error"]').count(), 0);
		assert.deepEqual(apiRequests(rec.requests, directus.url), [], `requests while typing:\n${JSON.stringify(rec.requests, null, 1)}`);
	});
});
