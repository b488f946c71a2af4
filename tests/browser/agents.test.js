// The agents on the entry page (module/AgentStatus.vue), in headless Chromium against a real
// Directus 12.4.0 (SQLite) whose executor agent waits for a go-ahead: the reviewer sees that
// DOT-991 will CUT the approved entry once given the go-ahead, gives it with the button, and the
// page follows DOT-991's CUT and DOT-992's VERIFY by itself. In English, then in Vietnamese.
// Screenshots: docs/screenshots/entry-agents-{en,vi}.png (and the rest under tests/artifacts/screenshots/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { loadNodeCore } from '../support/core.js';
import { launchBrowser, openSession, screenshot, settledText, visit } from '../support/browser.js';
import { ok } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { client } from '../support/api.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-agents-password' };
const PASSWORD = 'browser-agents-workflow';

let dir, directus, browser, ids, core, admin;
const sessions = [];

before(async () => {
	core = await loadNodeCore();
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-agents-'));
	// SQLite only: this file checks the pages; the server paths they call run on both databases in tests/integration.
	directus = await startDirectus({ dir, port: 23000 + (process.pid % 1000), db: { client: 'sqlite3' }, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '2h' }, agents: { goAhead: true, pollSeconds: 1 } });
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	browser = await launchBrowser();
});

after(async () => {
	for (const s of sessions) await s.context.close().catch(() => {});
	await browser?.close();
	await directus?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

async function approvedEntry(code) {
	const doc = (await ok(ids.submitter, '/items/legal_document', { doc_code: code, title: 'Luật mẫu về tài sản công', language: 'vi', vocabulary: 'vi', source_text: core.generatedAct({ chapters: 1, articlesPerChapter: 3, clausesPerArticle: 2, pointsPerClause: 2 }) })).id;
	const request = { document: doc, effective_from: '2026-01-01T00:00:00Z' };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
	return submitted.entry;
}

const collapse = (s) => s.replace(/\s+/g, ' ').trim();

for (const [lang, code, texts] of [
	['en', '61/2026/QH15', { waiting: 'DOT-991 (executor agent) will CUT this entry.', button: 'Give the go-ahead', done: 'DOT-992 verified this CUT' }],
	['vi', '62/2026/QH15', { waiting: 'DOT-991 (tác tử thực thi) sẽ thực hiện bước CUT cho mục này.', button: 'Cho phép thực hiện CUT', done: 'DOT-992 đã kiểm tra (VERIFY) lần CUT này' }],
]) {
	test(`${lang}: the reviewer sees DOT-991 waiting for a go-ahead, gives it, and the page follows the CUT and VERIFY by itself`, async () => {
		const entry = await approvedEntry(code);
		// The user's Directus language, as an administrator sets it in the User Directory.
		await admin.ok('PATCH', `/users/${ids.reviewer.id}`, { language: lang === 'vi' ? 'vi-VN' : 'en-US' });
		const session = await openSession(browser, { url: directus.url, email: ids.reviewer.email, password: PASSWORD });
		sessions.push(session);
		const { page } = session;
		await visit(page, `${directus.url}/admin/iu-cutter/entries/${entry}`);
		const agents = page.getByTestId('iu-agents');
		assert.equal(await settledText(page.getByTestId('iu-agents-next'), (t) => t.startsWith(texts.waiting)), texts.waiting);
		await page.getByTestId('iu-agents-waiting').waitFor();
		// Reviewed already (issue 46): said as information, not as the orange refusal "This entry is in state approved;
		// review needs state submitted." that read like an error.
		const reviewed = new RegExp(lang === 'vi' ? '^Đã duyệt: mục này hiện ở trạng thái “đã phê duyệt”' : '^Reviewed: this entry is “approved” now');
		assert.match(collapse(await page.getByTestId('iu-reviewed-already').innerText()), reviewed);
		assert.equal(await page.getByTestId('iu-reason-review').count(), 0);
		const button = page.getByTestId('iu-go-ahead');
		assert.equal(collapse(await button.innerText()), texts.button);
		await page.locator('input[data-testid="iu-go-ahead-comment"], [data-testid="iu-go-ahead-comment"] input').first().fill(lang === 'vi' ? 'Cắt theo bản kê đã phê duyệt.' : 'Cut as approved.');
		await page.locator('section.steps').screenshot({ path: join(ROOT, 'docs/screenshots', `entry-agents-${lang}.png`) });
		await button.click();
		// Nobody reloads: the page polls while DOT-991 and DOT-992 work.
		const last = await settledText(page.getByTestId('iu-agents-last'), (t) => t.includes(texts.done), 60_000);
		assert.ok(last.includes(texts.done), last);
		assert.equal(await page.getByTestId('iu-agents-waiting').count(), 0);
		// What DOT-991 did stays listed above it, with a link to its change set.
		const cutLine = page.getByTestId('iu-agents-step-cut');
		assert.match(collapse(await cutLine.innerText()), new RegExp(`^DOT-991 ${lang === 'vi' ? 'đã thực hiện bước CUT' : 'cut this entry'}`));
		assert.match(await cutLine.locator('a').getAttribute('href'), /\/content\/cut_change_set\//);
		// After the agents' CUT and VERIFY, still information: what they did since the approval.
		assert.match(collapse(await page.getByTestId('iu-reviewed-already').innerText()), lang === 'vi' ? /^Đã duyệt: .*các tác tử tự làm/ : /^Reviewed: .*by themselves where the agents are on/);
		assert.equal(await page.getByTestId('iu-reason-review').count(), 0);
		await page.locator('section.steps').screenshot({ path: join(ROOT, 'docs/screenshots', `entry-agents-done-${lang}.png`) });
		// Who signed each step (issue 48): the agents with their own keys, checked on the server; the people's steps
		// are attested by the server alone, and say so.
		const history = page.getByTestId('iu-entry-history');
		await history.locator('[data-event="verified"] [data-signer="agent"]').waitFor({ timeout: 30_000 });
		const signer = async (event) => {
			const chip = history.locator(`[data-event="${event}"] [data-testid="iu-event-signer"]`);
			return [await chip.getAttribute('data-signer'), collapse(await chip.innerText())];
		};
		const own = lang === 'vi' ? /^Ký bằng khóa riêng của tác tử [0-9a-f]{16}$/ : /^Signed with the agent’s own key [0-9a-f]{16}$/;
		for (const event of ['cut', 'verified']) {
			const [kind, text] = await signer(event);
			assert.equal(kind, 'agent', event);
			assert.match(text, own, event);
		}
		assert.deepEqual(await signer('submitted'), ['server', lang === 'vi' ? 'Do máy chủ xác nhận' : 'Attested by the server']);
		assert.notEqual((await signer('cut'))[1], (await signer('verified'))[1], 'DOT-991 and DOT-992 sign with keys of their own');
		await history.screenshot({ path: join(ROOT, 'docs/screenshots', `entry-signed-${lang}.png`) });
		await screenshot(page, `entry-agents-${lang}`);
		assert.ok(await agents.isVisible());
		// The login page asks /auth/refresh before anyone signed in (Directus' own 400); anything else is a fault.
		assert.deepEqual(session.pageErrors.errors.filter((e) => !e.includes('/auth/refresh')), [], session.pageErrors.format());
		const status = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${entry}`);
		assert.equal(status.state, 'verified');
		assert.equal(status.change_set.executor, ids.executor.id);
	});
}
