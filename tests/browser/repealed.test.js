// Repealed provisions in the cut preview, in headless Chromium against a real Directus 12.4.0
// (SQLite): a reviewer sees which units the publisher prints as repealed, with their number.
// The text is the whole Revolving Funds Act (R.S.C., 1985, c. R-8) as Justice Canada publishes it:
// justicecanada/laws-lois-xml, commit d6853c4af2ae0b7ab8c205a0e95ee734b9945c31, eng/acts/R-8.xml
// (blob 05553fb4059247d32d86dcfd0c507dcc9870ddd4), printed by tests/corpus/render (lims); Open
// Government Licence – Canada. Sections 3, 3.1, 5.1 to 5.4 and 7 to 10 and subsection 5(4) read
// `[Repealed, …]`; section 12 says the Act "may be amended or repealed", which repeals nothing.
// The core keeps the repealed provisions as units with their number and marks them
// (unit::provision_status, from their own text, so the content hash covers the mark); the
// preview shows the mark beside the address.
// Screenshot: tests/artifacts/screenshots/repealed-preview.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { client } from '../support/api.js';
import { launchBrowser, openSession, screenshot, step as stepIn, visit } from '../support/browser.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-repealed-password' };
const PASSWORD = 'browser-repealed-workflow';
const ACT = [
	"Revolving Funds Act",
	"R.S.C., 1985, c. R-8",
	"An Act to authorize the establishment of certain revolving funds",
	"Short Title",
	"Marginal note:Short title",
	"1 This Act may be cited as the Revolving Funds Act.",
	"Minister of Agriculture and Agri-Food",
	"Marginal note:Expenditures out of C.R.F.",
	"2 (1) The Minister of Agriculture and Agri-Food may make expenditures out of the Consolidated Revenue Fund for the purposes of",
	"(a) race track supervision in Canada;",
	"(b) reimbursing race associations for certain supervisory services provided by them under regulations made pursuant to section 204 of the Criminal Code; and",
	"(c) research relating to the use of drugs on horses and race surveillance techniques.",
	"Marginal note:Idem",
	"(2) The Minister may spend, for the purposes mentioned in subsection (1), any revenue received in respect of those purposes and in respect of subsection 204(4) of the Criminal Code.",
	"Marginal note:Limit on expenditures",
	"(3) The aggregate of expenditures made under subsection (1) shall not at any time exceed by more than two million dollars the revenues received in respect of the purposes mentioned in subsection (1) and in respect of subsection 204(4) of the Criminal Code.",
	"Minister of Canadian Heritage (Parks Canada Agency)",
	"3 [Repealed, 2002, c. 5, Sch. 1 (PCA) vote 111b]",
	"3.1 [Repealed, 2002, c. 5, Sch. 1 (PCA) vote 112b]",
	"Minister of Citizenship and Immigration",
	"Marginal note:Expenditures out of C.R.F.",
	"4 (1) The Minister of Citizenship and Immigration may make expenditures out of the Consolidated Revenue Fund for the purpose of passport and other travel document services in Canada and at posts abroad.",
	"Marginal note:Idem",
	"(2) The Minister of Citizenship and Immigration may spend, for the purpose mentioned in subsection (1), any revenue received in respect of that purpose.",
	"Marginal note:Limit on expenditures",
	"(3) The aggregate of expenditures made under subsection (1) shall not at any time exceed by more than $1.00 the revenues received in respect of the purpose mentioned in subsection (1).",
	"Minister of Public Works and Government Services",
	"Marginal note:Architectural, Engineering and Realty Services Revolving Fund",
	"5 (1) The Minister of Public Works and Government Services may make expenditures out of the Consolidated Revenue Fund for the purpose of paragraph 6(e) or (h), section 10, paragraph 15(f) or (g) or section 24 of the Department of Public Works and Government Services Act.",
	"Marginal note:Architectural, Engineering and Realty Services Revolving Fund",
	"(2) The Minister may spend, for a purpose mentioned in subsection (1), any revenue received in respect of that purpose or any other purpose mentioned in that subsection.",
	"Marginal note:Limit on expenditures",
	"(3) The aggregate of expenditures made under subsection (1) shall not at any time exceed by more than $150,000,000 the revenues received in respect of the purposes mentioned in that subsection.",
	"(4) [Repealed, 2013, c. 4, Sch. 1 (PWGSC) vote 6c]",
	"5.1 [Repealed, 2013, c. 4, Sch. 1 (PWGSC) vote 6c]",
	"5.2 [Repealed, 2012, c. 3, Sch. 1 (PWGSC) vote 21c]",
	"5.3 [Repealed, 1998, c. 2, Sch. (PWGSC) vote 18b]",
	"5.4 [Repealed, 2012, c. 3, Sch. 1 (PWGSC) vote 7c]",
	"Marginal note:Optional Services Revolving Fund",
	"5.5 (1) The Minister of Public Works and Government Services may make expenditures out of the Consolidated Revenue Fund for the purpose of paragraphs 6(a) and (b) of the Department of Public Works and Government Services Act and for the purpose of section 6 of the Surplus Crown Assets Act.",
	"Marginal note:Optional Services Revolving Fund",
	"(2) The Minister may spend, for a purpose mentioned in subsection (1), any revenue received in respect of that purpose.",
	"Marginal note:Limit on expenditures",
	"(3) The aggregate of expenditures made under subsection (1) shall not at any time exceed by more than $45,000,000 the revenues received in respect of the purposes mentioned in that subsection.",
	"Marginal note:Services to governments and other bodies",
	"5.6 Sections 5 to 5.5 and Public Works and Government Services Vote 23d, Appropriation Act No. 4, 1994-95 apply in respect of any thing done by the Minister of Public Works and Government Services pursuant to section 16 of the Department of Public Works and Government Services Act and accordingly the power of that Minister to make expenditures out of the Consolidated Revenue Fund and spend revenues for a purpose mentioned in any of sections 5 to 5.5 includes a power to do so for those purposes mentioned in section 16 of that Act.",
	"Secretary of State of Canada (National Film Board)",
	"Marginal note:Expenditures out of C.R.F.",
	"6 (1) The Secretary of State of Canada may make expenditures out of the Consolidated Revenue Fund for the purpose of the operation of the National Film Board.",
	"Marginal note:Idem",
	"(2) The Secretary of State of Canada may spend, for the purpose mentioned in subsection (1), any revenue received in respect of that purpose.",
	"Marginal note:Limit on expenditures",
	"(3) The aggregate of expenditures made under subsection (1) shall not at any time exceed by more than twenty-five million dollars the revenues received in respect of the purpose mentioned in subsection (1).",
	"Secretary of State of Canada (Public Service Commission)",
	"7 [Repealed, 2003, c. 22, s. 261]",
	"Minister of Supply and Services",
	"8 [Repealed, 1992, c. 7, Sch. (SSC) vote 11c]",
	"9 [Repealed, R.S., 1985, c. 5 (3rd Supp.), s. 1]",
	"Minister of Transport (Airports)",
	"10 [Repealed, 1991, c. 19, Sch. (TC) vote 2c]",
	"General",
	"Marginal note:Treasury Board",
	"11 All expenditures made under sections 2 to 10 and all revenues spent under those sections shall be subject to such terms and conditions as the Treasury Board may specify.",
	"Marginal note:Amendment or repeal",
	"12 The provisions of this Act may be amended or repealed by an appropriation Act.",
];
const DOC = { doc_code: 'R-8', title: 'Revolving Funds Act', language: 'en', vocabulary: 'uk', source_text: ACT.join('\n') + '\n' };

let dir, directus, browser, admin, ids, docId;
const sessions = [];

before(async () => {
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-repealed-'));
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
	directus = await startDirectus({ dir, port: 36000 + (process.pid % 1000), db: { client: 'sqlite3' }, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '2h' } });
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	docId = (await admin.ok('POST', '/items/legal_document', DOC)).id;
	browser = await launchBrowser();
});

after(async () => {
	for (const s of sessions) await s.context.close().catch(() => {});
	await browser?.close();
	await directus?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const byTest = (page, id) => page.locator(`[data-testid="${id}"]`);
const TIMEOUT = { timeout: 60_000 };

const REPEALED = ['section-3', 'section-3p1', 'section-5/subsection-4', 'section-5p1', 'section-5p2', 'section-5p3', 'section-5p4', 'section-7', 'section-8', 'section-9', 'section-10'];

test('the preview marks the repealed sections and subsection beside their addresses, with their numbers; the other units carry no mark', async () => {
	// The server's preview: each kept as a unit with its number, marked, and nothing else marked.
	const r = await admin.post('/iu-cutter/preview', { document: docId });
	assert.equal(r.status, 200, r.text);
	const units = r.body.data.units;
	const marked = units.filter((u) => u.status).map((u) => [u.address.replace(/^[^/]+\//, ''), u.status]);
	assert.deepEqual(marked, REPEALED.map((a) => [a, 'repealed']));
	assert.ok(units.some((u) => u.address.endsWith('/section-12') && !('status' in u)), 'section 12 only mentions a repeal');

	const session = await openSession(browser, { url: directus.url, email: ids.reviewer.email, password: PASSWORD });
	sessions.push(session);
	await stepIn(session, 'repealed-preview', async (page) => {
		await visit(page, `${directus.url}/admin/iu-cutter/preview`);
		await byTest(page, 'iu-document-select').click();
		await page.locator('.v-list-item', { hasText: DOC.doc_code }).first().click();
		// "Enact" is an explicit choice (issue 32): this test previews as a draft, as it always did.
		await page.locator('[data-testid="iu-enact-draft"]').click();
		await byTest(page, 'iu-preview-button').click();
		const tree = byTest(page, 'iu-preview-tree');
		const row = (suffix) => tree.locator(`[data-address$="/${suffix}"]`).first();
		await row('section-3').waitFor(TIMEOUT);
		for (const suffix of ['section-3', 'section-3p1']) {
			const badge = row(suffix).locator('[data-testid="iu-unit-status"]');
			assert.equal(await badge.getAttribute('data-status'), 'repealed', suffix);
			assert.equal((await badge.textContent()).trim(), 'repealed', suffix);
			assert.ok(await badge.isVisible(), suffix);
		}
		for (const suffix of ['section-1', 'section-2', 'section-2/subsection-1']) {
			assert.equal(await row(suffix).locator('[data-testid="iu-unit-status"]').count(), 0, suffix);
		}
		await row('section-3p1').scrollIntoViewIfNeeded();
		await screenshot(page, 'repealed-preview');
		// Further down the (virtual) list: subsection 5(4), then the unmarked section 12 at the end.
		await tree.evaluate((el) => { el.scrollTop = el.scrollHeight; });
		await row('section-12').waitFor(TIMEOUT);
		assert.equal(await row('section-12').locator('[data-testid="iu-unit-status"]').count(), 0);
		assert.equal(await row('section-10').locator('[data-testid="iu-unit-status"]').getAttribute('data-status'), 'repealed');
	}, directus.logPath);
});
