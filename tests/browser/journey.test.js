// The whole journey of issue 32, in headless Chromium against a real Directus 12.4.0, with the demo's three app
// users (admin, editor, reviewer: the Core licence's three seats) and the two API-only agents (DOT-991 executor,
// DOT-992 verifier, run by the extension): once on SQLite in Vietnamese, once on PostgreSQL in English.
//
// 0. Every decision is signed by whoever made it (issue 48): the administrator installs the trust policy (its first
//    custodian, the agents' own keys in it), the editor and the reviewer enrol passkeys on the Trust page (each
//    browser has a virtual authenticator: CDP WebAuthn.addVirtualAuthenticator) and the custodian signs them in. From
//    then on the editor's submits and the reviewer's approvals are signed with their passkeys, DOT-991's CUTs and
//    DOT-992's VERIFYs with their own keys, and the entry pages say who signed each step. The pages are served on
//    localhost: WebAuthn refuses an IP address.
// 1. The editor creates a legal document in the Data Studio from a real law, Luật Kiểm toán độc lập 67/2011/QH12
//    as crawled (../shared/corpus/vi-vlc-dev/Luat-67-2011-QH12-kiem-toan-doc-lap-122184.txt, the underthesea crawl
//    named in its SOURCES.md). Its published text has two numbering defects (a second "c)" in Điều 18 khoản 2,
//    line 67, and a second "d)", line 281); the cut preview shows them at their lines, the editor applies the
//    core's repairs, chooses "Enacted law" and submits.
// 2. The reviewer reads the manifest's blocks with their text and approves; DOT-991 cuts and DOT-992 verifies by
//    themselves, and the entry page follows them.
// 3. Thông tư 21/2021/TT-BLĐTBXH as issued (core/tests/fixtures/consolidation/tt-21-2021-tt-bldtbxh, SOURCES.tsv
//    there), already in the store, is amended by the real Thông tư 02/2024/TT-BLĐTBXH: the editor previews it on
//    the "Apply an amending law" page. Its Điều 2 replaces appendices and forms, which are not units: the reader
//    cannot apply it, and the editor finishes one of them by hand with a note, reloads the page (the pasted law, the
//    preview and the edit are back: issue 46), then submits.
// 4. The reviewer sees the word diffs, the block made by hand and what was not applied, approves acknowledging
//    it; the agents cut and verify.
// 5. The text at two dates: Điều 3 khoản 3 on 2024-05-14 (as issued) and on 2024-05-15 (as 02/2024 says).
// Along the way every page of the module is photographed: docs/screenshots/journey-<page>-{vi,en}.png.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { ok } from '../support/workflow.js';
import { addPasskeyAuthenticator, clickWhenEnabled, launchBrowser, openSession, pasteText, screenshot, settledText, step as stepIn, visit } from '../support/browser.js';
import { enrolSoft, signProposalSoft } from '../support/passkey.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-journey-password' };
const PASSWORD = 'browser-journey-workflow';
const CORPUS = join(ROOT, '../shared/corpus/vi-vlc-dev');
const CHAIN = join(ROOT, 'core/tests/fixtures/consolidation/tt-21-2021-tt-bldtbxh');
const DOCS = join(ROOT, 'docs/screenshots');

const AUDIT = { doc_code: '67/2011/QH12', title: 'Luật Kiểm toán độc lập', text: readFileSync(join(CORPUS, 'Luat-67-2011-QH12-kiem-toan-doc-lap-122184.txt'), 'utf8') };
const CIRCULAR = {
	doc_code: '21/2021/TT-BLĐTBXH',
	title: 'Thông tư quy định chi tiết một số điều của Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng',
	language: 'vi',
	vocabulary: 'vi',
	source_text: readFileSync(join(CHAIN, 'original.txt'), 'utf8'),
};
const AMENDING = { doc_code: '02/2024/TT-BLĐTBXH', text: readFileSync(join(CHAIN, 'amending-2.txt'), 'utf8') };
const CLAUSE = '21-2021-tt-blddtbxh/dieu-3/khoan-3';
const TIMEOUT = { timeout: 120_000 };

const byTest = (page, id) => page.locator(`[data-testid="${id}"]`);
const control = (page, id, tag = 'input') => page.locator(`${tag}[data-testid="${id}"], [data-testid="${id}"] ${tag}`).first();
const said = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

for (const run of [
	{ db: 'sqlite', lang: 'vi', language: 'vi-VN' },
	{ db: 'postgres', lang: 'en', language: 'en-US' },
]) {
	describe(`the journey on ${run.db}, in ${run.lang === 'vi' ? 'Vietnamese' : 'English'}`, () => {
		let dir, pg, directus, browser, admin, ids, editor, reviewer, circularId, auditId, amendEntry, origin, custodian;

		/** A picture of the window for the docs (a whole-page picture of a long page is megabytes). */
		async function keep(page, name) {
			const path = await screenshot(page, `journey-${name}-${run.lang}`);
			mkdirSync(DOCS, { recursive: true });
			copyFileSync(path, join(DOCS, `journey-${name}-${run.lang}.png`));
		}

		/** Opens a page of the module and waits until the app speaks the user's language. */
		async function open(page, path) {
			await visit(page, `${origin}/admin${path}`);
			await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), run.lang, TIMEOUT);
			await page
				.locator('.hydrating')
				.waitFor({ state: 'detached', timeout: 10_000 })
				.catch(() => {});
		}

		/** Waits until the entry is `state` (the agents act by themselves), then the page shows it. */
		async function entryReaches(page, entry, state) {
			const deadline = Date.now() + 120_000;
			let now;
			do {
				now = (await admin.ok('GET', `/iu-cutter/entries/${entry}`)).state;
				if (now === state) break;
				await new Promise((r) => setTimeout(r, 500));
			} while (Date.now() < deadline);
			assert.equal(now, state, `entry ${entry}`);
			await page.reload();
			await byTest(page, 'iu-agents').waitFor(TIMEOUT);
		}

		before(async () => {
			dir = mkdtempSync(join(tmpdir(), `iu-browser-journey-${run.db}-`));
			let db = { client: 'sqlite3' };
			if (run.db === 'postgres') {
				pg = await startPostgres({ port: 58400 + (process.pid % 150) });
				db = pg.createDatabase('iu_journey');
			}
			directus = await startDirectus({
				dir,
				port: (run.db === 'sqlite' ? 37000 : 38000) + (process.pid % 1000),
				db,
				adminEmail: ADMIN.email,
				adminPassword: ADMIN.password,
				env: { ACCESS_TOKEN_TTL: '2h' },
				agents: { pollSeconds: 2 },
			});
			const token = await directus.login();
			admin = client(directus.url, token);
			ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
			for (const who of [ids.submitter, ids.reviewer]) await who.api.ok('PATCH', '/users/me', { language: run.language });
			await admin.ok('PATCH', '/users/me', { language: run.language });

			// The circular as issued, already in the store: cut through the workflow by the editor and the reviewer,
			// CUT and VERIFY by the agents.
			circularId = (await admin.ok('POST', '/items/legal_document', CIRCULAR)).id;
			const request = { document: circularId, enact: true, effective_from: '2022-02-01T00:00:00Z' };
			const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
			const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
			await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
			const deadline = Date.now() + 120_000;
			while ((await admin.ok('GET', `/iu-cutter/entries/${submitted.entry}`)).state !== 'verified') {
				assert.ok(Date.now() < deadline, 'the agents cut and verify the circular');
				await new Promise((r) => setTimeout(r, 500));
			}

			// The administrator proposes the trust policy with a security key of their own (software, for the test) and is
			// its first custodian; the agents' own keys are in it from the start. The reviewer reviews it in the first test,
			// and the administrator then signs it. Everything above was before it: the server attests it.
			origin = directus.url.replace('127.0.0.1', 'localhost');
			const { passkey, key, proposal } = await enrolSoft(admin, origin, 'Admin (security key)');
			assert.equal(proposal.version, 1);
			custodian = { passkey, key_id: key.key_id };

			browser = await launchBrowser();
			editor = await addPasskeyAuthenticator(await openSession(browser, { url: origin, email: ids.submitter.email, password: PASSWORD }));
			reviewer = await addPasskeyAuthenticator(await openSession(browser, { url: origin, email: ids.reviewer.email, password: PASSWORD }));
		});

		after(async () => {
			await editor?.context.close().catch(() => {});
			await reviewer?.context.close().catch(() => {});
			await browser?.close();
			await directus?.stop();
			await pg?.stop();
			if (dir) rmSync(dir, { recursive: true, force: true });
		});

		test('the reviewer reviews the first policy and the editor enrols, each with a passkey on the Trust page; the custodian signs each into force', async () => {
			// The reviewer enrols into the proposed first policy and signs it (a second person's review); the editor enrols
			// into the policy then in force.
			for (const [session, label, button, keys] of [
				[reviewer, 'Reviewer laptop', 'iu-trust-join', 4],
				[editor, 'Editor laptop', 'iu-trust-enrol', 5],
			]) {
				await stepIn(
					session,
					`journey-trust-${run.db}`,
					async (page) => {
						await open(page, '/iu-cutter/trust');
						await control(page, 'iu-trust-label').fill(label);
						await byTest(page, button).click();
						await settledText(byTest(page, 'iu-trust-done'), (t) => t.length > 0);
						assert.equal((await session.credentials()).length, 1, 'a passkey made in the browser');
						const { proposal } = await admin.ok('GET', '/iu-cutter/trust');
						assert.equal(proposal.policy.keys.at(-1).label, label);
						if (button === 'iu-trust-join')
							assert.deepEqual(
								proposal.tally.reviewed_by.map((r) => r.label),
								[label],
								'the reviewer’s review is kept',
							);
						assert.equal((await signProposalSoft(admin, custodian.passkey, custodian.key_id, proposal.id)).in_force, true);
						await page.reload();
						await byTest(page, 'iu-trust-keys').waitFor(TIMEOUT);
						// The policy names the custodian's key, the agents' two and the people's.
						assert.equal(await page.locator('[data-testid="iu-trust-key"]').count(), keys);
					},
					directus.logPath,
				);
			}
			await keep(reviewer.page, 'trust');
		});

		test('the editor creates the law in the Data Studio, repairs its two defects in the preview and submits it as enacted law', async () => {
			await stepIn(
				editor,
				`journey-preview-${run.db}`,
				async (page) => {
					await open(page, '/iu-cutter');
					await keep(page, 'backlog');
					await open(page, '/content/legal_document/+');
					await page.locator('.field[data-field="doc_code"] input').fill(AUDIT.doc_code);
					await page.locator('.field[data-field="title"] input').fill(AUDIT.title);
					await pasteText(page.locator('.field[data-field="source_text"] textarea'), AUDIT.text);
					await page.keyboard.press('Control+s');
					await page.waitForURL((u) => /\/content\/legal_document\/[0-9a-f-]{36}$/.test(u.pathname), TIMEOUT);
					auditId = page.url().split('/').pop();
					const stored = await admin.ok('GET', `/items/legal_document/${auditId}?fields=doc_code,source_text`);
					assert.equal(stored.doc_code, AUDIT.doc_code);
					assert.equal(stored.source_text, AUDIT.text);

					await open(page, '/iu-cutter/preview');
					await byTest(page, 'iu-document-select').click();
					await page.locator('.v-list-item', { hasText: AUDIT.doc_code }).first().click();
					await byTest(page, 'iu-enact-enacted').click();
					await control(page, 'iu-effective-from').fill('2012-01-01');
					await byTest(page, 'iu-preview-button').click();
					await byTest(page, 'iu-source-view').waitFor(TIMEOUT);
					// The defects at their lines, errors first; a click shows the line.
					await page.locator('[data-testid="iu-diagnostic"][data-line="281"]').click();
					await page.locator('[data-testid="iu-source-line"][data-line="281"].current').waitFor(TIMEOUT);
					await keep(page, 'preview-diagnostics');
					for (const line of [67, 281]) {
						// After a repair the list stays while the page previews again, its buttons disabled.
						await clickWhenEnabled(page.locator(`[data-testid="iu-diagnostic"][data-line="${line}"] [data-testid="iu-apply-repair"]`), TIMEOUT.timeout);
						await page.locator(`[data-testid="iu-diagnostic"][data-line="${line}"]`).waitFor({ state: 'detached', ...TIMEOUT });
					}
					await byTest(page, 'iu-preview-summary').waitFor(TIMEOUT);
					assert.equal(await page.locator('[data-testid="iu-diagnostic"].error').count(), 0);
					const repaired = (await admin.ok('GET', `/items/legal_document/${auditId}?fields=source_text`)).source_text;
					assert.notEqual(repaired, AUDIT.text, 'the repairs changed the stored text');
					await keep(page, 'preview');
					await control(page, 'iu-submit-title').fill(`${AUDIT.doc_code}: first cut`);
					await byTest(page, 'iu-submit-button').click();
					await page.waitForURL(/\/admin\/iu-cutter\/entries\/[0-9a-f-]{36}$/, TIMEOUT);
				},
				directus.logPath,
			);
		});

		test('the reviewer reads the blocks with their text and approves; the agents cut and verify by themselves', async () => {
			const entry = (await admin.ok('GET', '/iu-cutter/entries?state=submitted')).entries.find((e) => e.document === auditId || e.title?.includes(AUDIT.doc_code));
			assert.ok(entry, 'the submitted entry is in the backlog');
			await stepIn(
				reviewer,
				`journey-review-${run.db}`,
				async (page) => {
					await open(page, `/iu-cutter/entries/${entry.id}`);
					await byTest(page, 'iu-review-block').first().waitFor(TIMEOUT);
					assert.match(await said(byTest(page, 'iu-block-label').first()), /^(Chương|Điều|Mục)/);
					assert.ok((await said(byTest(page, 'iu-block-diff').first())).length > 0, 'a block shows its text');
					await keep(page, 'review-cut');
					await byTest(page, 'iu-approve').click();
					await entryReaches(page, entry.id, 'verified');
					// Who signed each step: the editor's and the reviewer's passkeys, DOT-991's and DOT-992's own keys.
					const signers = await page.locator('[data-testid="iu-event-signer"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-signer')));
					assert.deepEqual(signers, ['person', 'person', 'agent', 'agent']);
					await page
						.locator('section.card')
						.filter({ has: page.locator('[data-testid="iu-event-signer"]') })
						.screenshot({ path: join(DOCS, `journey-entry-signed-${run.lang}.png`) });
					await keep(page, 'entry-verified');
				},
				directus.logPath,
			);
			const status = await admin.ok('GET', `/iu-cutter/entries/${entry.id}`);
			assert.equal(status.change_set.executor, ids.executor.id, 'DOT-991 cut it');
			assert.deepEqual(
				status.verify_results.map((v) => [v.verifier, v.outcome]),
				[[ids.verifier.id, 'passed']],
				'DOT-992 verified it',
			);
		});

		test('the editor applies Thông tư 02/2024 to Thông tư 21/2021, finishes an appendix instruction by hand, reloads and submits', async () => {
			let previewedSha;
			await stepIn(
				editor,
				`journey-amend-${run.db}`,
				async (page) => {
					await open(page, '/iu-cutter/amend');
					await byTest(page, 'amend-document-select').click();
					await page.locator('.v-list-item', { hasText: CIRCULAR.doc_code }).first().click();
					await control(page, 'amend-doc-code').fill(AMENDING.doc_code);
					await pasteText(control(page, 'amend-text', 'textarea'), AMENDING.text);
					await byTest(page, 'amend-preview-button').click();
					await byTest(page, 'amend-step').first().waitFor(TIMEOUT);
					await keep(page, 'amend-preview');
					// The instruction the reader could not apply (forms and appendices are not units), finished by hand with a note.
					const missed = page.locator('[data-testid="amend-unreadable-row"]', { hasText: 'Phụ lục' }).locator('[data-testid="manual-mark-unread"]').first();
					await missed.scrollIntoViewIfNeeded();
					await missed.click();
					await byTest(page, 'unit-editor').waitFor(TIMEOUT);
					await control(page, 'unit-editor-note').fill('Phụ lục II–XI thay bằng các phụ lục ban hành kèm Thông tư 02/2024/TT-BLĐTBXH (tệp phụ lục đã cập nhật).');
					await keep(page, 'amend-manual');
					await byTest(page, 'unit-editor-save').click();
					await byTest(page, 'unit-editor').waitFor({ state: 'detached', ...TIMEOUT });
					await byTest(page, 'manual-edit').first().waitFor(TIMEOUT);

					// ── A reload keeps the work (issue 46: "the amendment page forgets everything on reload or Back") ──
					// The previewed manifest with the edit by hand is back after F5, as the page says, and it is the one
					// submitted below.
					await page.locator('[data-testid="amend-submit"] button:not([disabled])').waitFor(TIMEOUT);
					previewedSha = (await byTest(page, 'amend-manifest-sha').innerText()).trim();
					await page.reload();
					await byTest(page, 'amend-draft-restored').waitFor(TIMEOUT);
					assert.equal(await control(page, 'amend-doc-code').inputValue(), AMENDING.doc_code);
					assert.equal(await control(page, 'amend-text', 'textarea').inputValue(), AMENDING.text);
					assert.equal((await byTest(page, 'amend-manifest-sha').innerText()).trim(), previewedSha, 'the same preview');
					assert.equal(await byTest(page, 'manual-edit').count(), 1, 'the edit by hand');
					assert.match(await said(byTest(page, 'amend-draft-restored')), run.lang === 'vi' ? /Bản nháp của bạn lúc .* đã được khôi phục/ : /Your draft from .* is back/);
					await screenshot(page, `journey-amend-restored-${run.lang}`);
					// ── end of the reload check ──

					// The preview runs again with the edit, and Submit is disabled until it is back: the inner <button>, so
					// the click waits for it as the editor does (a click on v-button's wrapper while disabled is lost).
					await control(page, 'amend-submit', 'button').click();
					await byTest(page, 'amend-submitted').waitFor(TIMEOUT);
					amendEntry = (await byTest(page, 'amend-entry-link').getAttribute('href')).split('/').pop();
					assert.equal((await admin.ok('GET', `/iu-cutter/entries/${amendEntry}`)).entry.manifest_sha256, previewedSha, 'the restored preview is what was submitted');
				},
				directus.logPath,
			);
			const manifest = await admin.ok('GET', `/iu-cutter/entries/${amendEntry}/manifest`);
			// The appendix instruction the editor finished by hand is in the approved manifest, with the editor's note.
			const byHand = (manifest.envelope.amendment.unread ?? []).filter((u) => u.by_hand);
			assert.equal(byHand.length, 1, JSON.stringify(manifest.envelope.amendment.unread));
			assert.match(byHand[0].text, /Phụ lục II/);
			assert.match(byHand[0].by_hand.note, /^Phụ lục II–XI thay bằng/);
		});

		test('the reviewer sees the diffs and what was done by hand, approves acknowledging what was not applied; the agents cut and verify', async () => {
			await stepIn(
				reviewer,
				`journey-review-amend-${run.db}`,
				async (page) => {
					await open(page, `/iu-cutter/entries/${amendEntry}`);
					await byTest(page, 'iu-review-block').first().waitFor(TIMEOUT);
					const diff = page.locator('[data-testid="iu-review-block"]', { hasText: 'khoản 3' }).first();
					await diff.waitFor(TIMEOUT);
					assert.ok((await diff.locator('ins, .ins, [data-op="insert"]').count()) > 0, 'the new words are marked');
					await keep(page, 'review-amend');
					// Issue 46: what the editor did by hand is in front of the reviewer, with the editor's note, and the
					// approval says it acknowledges it.
					const byHand = byTest(page, 'iu-review-unread-by-hand');
					await byHand.scrollIntoViewIfNeeded();
					assert.match(await said(byHand), /Phụ lục II–XI thay bằng các phụ lục ban hành kèm Thông tư 02\/2024/);
					await keep(page, 'review-amend-by-hand');
					await byTest(page, 'iu-approve').click();
					await entryReaches(page, amendEntry, 'verified');
					// The agents stop at VERIFY; the page says who closes the entry (issue 46).
					await byTest(page, 'iu-agents-sweep-who').waitFor(TIMEOUT);
					assert.match(await said(byTest(page, 'iu-agents-sweep-who')), /IU Verifier/);
				},
				directus.logPath,
			);
		});

		test('the text at two dates: Điều 3 khoản 3 as issued, then as Thông tư 02/2024 says from 2024-05-15', async () => {
			await stepIn(
				editor,
				`journey-resolve-${run.db}`,
				async (page) => {
					const texts = [];
					for (const date of ['2024-05-14', '2024-05-15']) {
						await open(page, '/iu-cutter/resolve');
						await control(page, 'iu-resolve-address').fill(CLAUSE);
						await control(page, 'iu-resolve-date').fill(date);
						await byTest(page, 'iu-resolve-button').click();
						await byTest(page, 'iu-resolve-text').waitFor(TIMEOUT);
						texts.push(await said(byTest(page, 'iu-resolve-text')));
					}
					assert.notEqual(texts[0], texts[1]);
					assert.match(texts[1], /Tài liệu chứng minh được cơ quan chức năng nước tiếp nhận lao động/);
					assert.doesNotMatch(texts[0], /Tài liệu chứng minh được cơ quan chức năng nước tiếp nhận lao động/);
					await keep(page, 'resolve');
					// The same clause asked as a citation, as an editor copies it from a text (issue 46): read by the API's
					// finder, answered, and its text on that date shown.
					await control(page, 'iu-resolve-address').fill('khoản 3 Điều 3 Thông tư 21/2021/TT-BLĐTBXH');
					await byTest(page, 'iu-resolve-button').click();
					await byTest(page, 'iu-resolve-loading').waitFor({ state: 'detached', ...TIMEOUT });
					await byTest(page, 'iu-resolve-citations').waitFor(TIMEOUT);
					const cited = byTest(page, 'iu-resolve-cited');
					assert.equal(await cited.count(), 1);
					assert.match(await said(cited), new RegExp(CLAUSE));
					assert.equal(await cited.getAttribute('data-outcome'), 'canonical');
					await byTest(page, 'iu-resolve-text').waitFor(TIMEOUT);
					assert.match(await said(byTest(page, 'iu-resolve-text')), /Tài liệu chứng minh được cơ quan chức năng nước tiếp nhận lao động/);
					await keep(page, 'resolve-citation');
					// What Thông tư 02/2024 inserted is law from its date (issue 46): stored in force, and the page says so on
					// 2024-05-15 and knows nothing of it the day before.
					const { blocks } = await admin.ok('GET', `/iu-cutter/entries/${amendEntry}/manifest?limit=1000`);
					const created = blocks.filter((b) => b.action === 'create').map((b) => b.address);
					assert.ok(created.length >= 1, 'Thông tư 02/2024 inserts units into Thông tư 21/2021');
					const rows = await admin.ok(
						'GET',
						`/items/logical_unit?filter[canonical_address][_in]=${encodeURIComponent(created.join(','))}&fields=canonical_address,lifecycle_status,authority&limit=-1`,
					);
					assert.deepEqual(
						rows.map((r) => [r.lifecycle_status, r.authority]),
						created.map(() => ['active', 'enacted']),
						JSON.stringify(rows),
					);
					const outcomes = [];
					for (const date of ['2024-05-14', '2024-05-15']) {
						await control(page, 'iu-resolve-address').fill(created[0]);
						await control(page, 'iu-resolve-date').fill(date);
						await byTest(page, 'iu-resolve-button').click();
						await byTest(page, 'iu-resolve-loading').waitFor({ state: 'detached', ...TIMEOUT });
						await byTest(page, 'iu-resolve-result').waitFor(TIMEOUT);
						outcomes.push(await byTest(page, 'iu-resolve-result').getAttribute('data-outcome'));
					}
					assert.deepEqual(outcomes, ['unknown', 'canonical']);
					assert.match(await said(byTest(page, 'iu-resolve-result')), run.lang === 'vi' ? /\(đang có hiệu lực\)/ : /\(in force\)/);
					await keep(page, 'resolve-inserted');
					for (const [path, name] of [
						['/iu-cutter/timeline', 'timeline'],
						['/iu-cutter/versions', 'versions'],
						['/iu-cutter/crosswalk', 'crosswalk'],
						['/iu-cutter', 'backlog-done'],
					]) {
						await open(page, path);
						await page.waitForTimeout(1000);
						await keep(page, name);
					}
				},
				directus.logPath,
			);
		});
	});
}
