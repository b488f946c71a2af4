// People's passkeys in headless Chromium (issue 48) against a real Directus 12.4.0 (SQLite), each person with a
// virtual authenticator of their own (the Chrome DevTools Protocol's WebAuthn.addVirtualAuthenticator: the browser's
// own WebAuthn code, user verification included). The pages are opened on localhost: WebAuthn refuses an IP address.
// The administrator proposes the first trust policy from the Trust page; the reviewer, told on the entry page, enrols
// their passkey into it and signs it (a second person's review), and the administrator signs it into force; the
// reviewer's approval is then signed with their passkey, and the entry's history says who signed it (and that the
// submit made before the policy is the server's). Then in Vietnamese: the editor enrols, is signed in, and submits
// from the Preview page with their passkey. Screenshots: docs/screenshots/trust-{installed,enrol,sign}-{en,vi}.png,
// trust-proposed-en.png, entry-sign-{first,review}-en.png, entry-sign-submit-vi.png, entry-sign-cloned-en.png (a copy
// of the reviewer’s passkey refused).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { loadNodeCore } from '../support/core.js';
import { addPasskeyAuthenticator, launchBrowser, openSession, settledText, visit } from '../support/browser.js';
import { submitNewText } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { client } from '../support/api.js';
import { openDb } from '../support/db.js';

const ADMIN = { email: 'admin@example.com', password: 'browser-trust-password' };
const PASSWORD = 'browser-trust-workflow';

let dir, directus, browser, ids, core, admin, k, origin;
const sessions = {};

before(async () => {
	core = await loadNodeCore();
	dir = mkdtempSync(join(tmpdir(), 'iu-browser-trust-'));
	directus = await startDirectus({
		dir,
		port: 24000 + (process.pid % 1000),
		db: { client: 'sqlite3' },
		adminEmail: ADMIN.email,
		adminPassword: ADMIN.password,
		env: { ACCESS_TOKEN_TTL: '2h' },
		agents: { executor: false, verifier: false },
	});
	const token = await directus.login();
	admin = client(directus.url, token);
	admin.user = (await admin.ok('GET', '/users/me')).id;
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	k = openDb({ client: 'sqlite3' }, dir);
	origin = directus.url.replace('127.0.0.1', 'localhost');
	browser = await launchBrowser();
});

after(async () => {
	for (const s of Object.values(sessions)) await s.context.close().catch(() => {});
	await browser?.close();
	await k?.destroy();
	await directus?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A logged-in page on localhost with a virtual platform authenticator of its own (user verification: yes). */
async function personWithPasskey(name, email, password) {
	const session = await addPasskeyAuthenticator(await openSession(browser, { url: origin, email, password }));
	sessions[name] = session;
	return session;
}

const submitted = (code) =>
	submitNewText(ids, { doc_code: code, title: 'Luật mẫu về chữ ký số', text: core.generatedAct({ chapters: 1, articlesPerChapter: 2, clausesPerArticle: 2, pointsPerClause: 0 }) });

const shot = (page, name) =>
	page
		.locator('.iu-page, main')
		.first()
		.screenshot({ path: join(ROOT, 'docs/screenshots', `${name}.png`) });
const collapse = (s) => s.replace(/\s+/g, ' ').trim();
/** The passkey's name field (v-input puts the test id on the input itself, or on its wrapper). */
const labelField = (page) => page.locator('input[data-testid="iu-trust-label"], [data-testid="iu-trust-label"] input').first();

test('en: the administrator proposes the first policy, the reviewer is told on the entry page and reviews it with a passkey, the administrator signs it into force, and the approval is signed with the reviewer’s passkey', async () => {
	// Submitted before any policy: the server alone attests it, and keeps saying so.
	const s = await submitted('71/2026/QH15');
	// …and another, which a copy of the reviewer's passkey tries to approve at the end.
	const s2 = await submitted('79/2026/QH15');
	const { page } = await personWithPasskey('admin', ADMIN.email, ADMIN.password);
	await visit(page, `${origin}/admin/iu-cutter/trust`);
	await page.getByTestId('iu-trust-none').waitFor();
	await labelField(page).fill('Admin laptop');
	await page.getByTestId('iu-trust-install').click();
	assert.equal(
		await settledText(page.getByTestId('iu-trust-done'), (t) => t.length > 0),
		'Version 1 is proposed. A reviewer enrols into it and signs it on this page; then you sign it, and it is in force.',
	);
	await page.getByTestId('iu-trust-review-needed').waitFor();
	assert.equal((await sessions.admin.credentials()).length, 1, 'one passkey made in the authenticator');
	assert.equal((await k('trust_policy')).length, 0, 'proposed, not in force');
	await shot(page, 'trust-proposed-en');

	// A second person reviews the first policy: the reviewer, told on the entry page, reads it on the Trust page, enrols
	// their passkey into it and signs it at once.
	const reviewer = await personWithPasskey('reviewer', ids.reviewer.email, PASSWORD);
	await visit(reviewer.page, `${origin}/admin/iu-cutter/entries/${s.entry}`);
	const notice = reviewer.page.getByTestId('iu-sign-first');
	await notice.waitFor();
	assert.match(collapse(await notice.innerText()), /^An administrator proposed the first trust policy, and it waits for a second person’s review before it is in force/);
	await reviewer.page.locator('section.steps').screenshot({ path: join(ROOT, 'docs/screenshots', 'entry-sign-first-en.png') });
	await notice.getByRole('link').click();
	await reviewer.page.getByTestId('iu-trust-first').waitFor();
	assert.match(
		collapse(await reviewer.page.getByTestId('iu-trust-changes').innerText()),
		/^Adds “Admin laptop” \(Admin User <admin@example\.com>\): Passkey [0-9a-f]{16}, which may sign: change the policy \(custodian\)/,
	);
	await labelField(reviewer.page).fill('Reviewer, Touch ID');
	await reviewer.page.getByTestId('iu-trust-join').click();
	assert.equal(await settledText(reviewer.page.getByTestId('iu-trust-done'), (t) => t.length > 0), 'Your review is signed. Version 1 is in force once its custodian signs it.');
	assert.match(collapse(await reviewer.page.getByTestId('iu-trust-reviewed').innerText()), /^Reviewed by: Reviewer, Touch ID [0-9a-f]{16}$/);
	assert.match(await reviewer.page.getByTestId('iu-trust-tally').innerText(), /Signed by 0 of the 1 custodian/);
	assert.equal(await reviewer.page.getByTestId('iu-trust-sign').count(), 0, 'a review counts once: no second button');
	await shot(reviewer.page, 'trust-enrol-en');

	// The administrator reads what they sign, the review included, and signs it after it: in force, and the module warns
	// that one person is its custodian.
	await visit(page, `${origin}/admin/iu-cutter/trust`);
	await page.getByTestId('iu-trust-reviewed').waitFor();
	assert.match(
		collapse(await page.getByTestId('iu-trust-changes').innerText()),
		/Adds “Reviewer, Touch ID” \(Reviewer <reviewer@example\.com>\): Passkey [0-9a-f]{16}, which may sign: approve, reject, go-ahead$/,
	);
	await shot(page, 'trust-sign-en');
	await page.getByTestId('iu-trust-sign').click();
	assert.equal(await settledText(page.getByTestId('iu-trust-done'), (t) => t.length > 0), 'Version 1 is now in force.');
	await page.getByTestId('iu-trust-sole').waitFor();
	// Who put it in force stays on the page: its custodian, and the second person who reviewed it.
	assert.match(collapse(await page.getByTestId('iu-trust-in-force-signed').innerText()), /^Signed into force by: Admin laptop [0-9a-f]{16}$/);
	assert.match(collapse(await page.getByTestId('iu-trust-in-force-reviewed').innerText()), /^Reviewed by: Reviewer, Touch ID [0-9a-f]{16}$/);
	const [v1] = await k('trust_policy');
	assert.equal(v1.version, 1);
	assert.equal(JSON.parse(v1.policy_json).keys[0].holder, admin.user);
	assert.deepEqual(
		JSON.parse(v1.signatures).map((x) => x.statement.act),
		['policy', 'policy'],
		'the review and the custodian’s signature, each over version 1',
	);
	await shot(page, 'trust-installed-en');

	await visit(reviewer.page, `${origin}/admin/iu-cutter/entries/${s.entry}`);
	await reviewer.page.getByTestId('iu-sign-hint').waitFor();
	await reviewer.page.getByTestId('iu-review-block').first().waitFor();
	await reviewer.page.getByTestId('iu-approve').click();
	const chip = reviewer.page.locator('[data-testid="iu-event-signer"][data-signer="person"]');
	await chip.waitFor({ timeout: 30_000 });
	assert.match(collapse(await chip.innerText()), /^Signed with the passkey “Reviewer, Touch ID” \([0-9a-f]{16}\)$/);
	assert.equal(
		collapse(await reviewer.page.locator('[data-testid="iu-event-signer"][data-signer="server"]').first().innerText()),
		'Attested by the server',
		'the submit, made before the policy',
	);
	await reviewer.page
		.locator('section.card')
		.filter({ has: chip })
		.screenshot({ path: join(ROOT, 'docs/screenshots', 'entry-sign-review-en.png') });
	// What was stored: the approval's history row keeps the reviewer's signature, by the key the policy names for them.
	const row = await k('decision_backlog_history').where({ entry: s.entry, event: 'approved' }).first();
	const signature = JSON.parse(row.detail).person_signature;
	const theirs = JSON.parse(v1.policy_json).keys.find((key) => key.holder === ids.reviewer.id);
	assert.equal(signature.key_id, theirs.key_id);
	assert.equal(signature.proof.kind, 'passkey');
	assert.equal(row.actor, ids.reviewer.id);
	assert.equal((await ids.reviewer.api.ok('GET', '/iu-cutter/ledger/verify')).passed, true);

	// A copy of the reviewer's passkey on another device, its signature counter behind the one the ledger keeps (a cloned
	// authenticator): its approval of another entry is refused at the step, said in words on the page, nothing written.
	const [original] = await reviewer.credentials();
	const clone = await personWithPasskey('clone', ids.reviewer.email, PASSWORD);
	await clone.addCredential({ ...original, signCount: 0 });
	await visit(clone.page, `${origin}/admin/iu-cutter/entries/${s2.entry}`);
	await clone.page.getByTestId('iu-sign-hint').waitFor();
	await clone.page.getByTestId('iu-review-block').first().waitFor();
	await clone.page.getByTestId('iu-approve').click();
	const refused = collapse(await settledText(clone.page.getByTestId('iu-error'), (t) => t.length > 0));
	const kept = Buffer.from(signature.proof.authenticatorData, 'base64url').readUInt32BE(33);
	assert.ok(kept >= 1, `the approval's counter: ${kept}`);
	assert.ok(refused.includes(`Your signature was refused: passkey ${theirs.key_id} signed with counter 1, and its last signature here had counter ${kept}: `), refused);
	assert.match(refused, /tell a custodian, who revokes the key on the Trust page/);
	assert.equal(await k('decision_backlog_history').where({ entry: s2.entry, event: 'approved' }).first(), undefined, 'nothing written');
	await clone.page
		.locator('.iu-page, main')
		.first()
		.screenshot({ path: join(ROOT, 'docs/screenshots', 'entry-sign-cloned-en.png') });
	await clone.context.close();
	delete sessions.clone;
});

test('vi: the same pages in Vietnamese: the policy, the editor enrolled and signed in, a submit signed on the Preview page, a signed approval', async () => {
	for (const who of [admin.user, ids.reviewer.id, ids.submitter.id]) await admin.ok('PATCH', `/users/${who}`, { language: 'vi-VN' });
	const { page } = sessions.admin;
	await visit(page, `${origin}/admin/iu-cutter/trust`);
	await page.getByTestId('iu-trust-policy').waitFor();
	assert.match(await page.getByTestId('iu-trust-policy').innerText(), /Phiên bản 1 có hiệu lực/);
	await shot(page, 'trust-installed-vi');

	const { page: rp } = sessions.reviewer;
	// The reviewer's device has its passkey already: enrolling it again is refused by the browser, said in words.
	await rp.goto(`${origin}/admin/iu-cutter/trust`);
	await labelField(rp).fill('Lần nữa');
	await rp.getByTestId('iu-trust-enrol').click();
	assert.equal(
		await settledText(rp.getByTestId('iu-trust-error'), (t) => t.length > 0),
		'Passkey trên thiết bị này đã được đăng ký. Hãy dùng một thiết bị khác, hoặc dùng passkey đã có.',
	);

	// The editor enrols (their passkey may submit): the proposal waits, and the custodian reads it in Vietnamese, then signs it.
	const editor = await personWithPasskey('editor', ids.submitter.email, PASSWORD);
	await editor.page.goto(`${origin}/admin/iu-cutter/trust`);
	await labelField(editor.page).fill('Máy tính của biên tập viên');
	await editor.page.getByTestId('iu-trust-enrol').click();
	assert.equal(
		await settledText(editor.page.getByTestId('iu-trust-done'), (t) => t.length > 0),
		'Passkey của bạn đã được đăng ký. Nó chỉ ký được sau khi người giữ quyền ký vào đề xuất bổ sung nó.',
	);
	await shot(editor.page, 'trust-enrol-vi');
	await visit(page, `${origin}/admin/iu-cutter/trust`);
	await page.getByTestId('iu-trust-proposal').waitFor();
	assert.match(await page.getByTestId('iu-trust-proposal').innerText(), /^Một thay đổi đang chờ người giữ quyền ký/);
	assert.match(
		collapse(await page.getByTestId('iu-trust-changes').innerText()),
		/^Thêm “Máy tính của biên tập viên” \(Editor <editor@example\.com>\): Passkey [0-9a-f]{16}, được ký: đệ trình/,
	);
	await page.getByTestId('iu-trust-policy').waitFor();
	await shot(page, 'trust-sign-vi');
	await page.getByTestId('iu-trust-sign').click();
	assert.equal(await settledText(page.getByTestId('iu-trust-done'), (t) => t.length > 0), 'Phiên bản 2 đã có hiệu lực.');

	// The editor previews a new law on the Preview page and submits it: the browser asks for their passkey, and the
	// entry's history says the submit is theirs.
	const code = '72/2026/QH15';
	await admin.ok('POST', '/items/legal_document', {
		doc_code: code,
		title: 'Luật mẫu về chữ ký số',
		language: 'vi',
		vocabulary: 'vi',
		source_text: core.generatedAct({ chapters: 1, articlesPerChapter: 2, clausesPerArticle: 2, pointsPerClause: 0 }),
	});
	const ep = editor.page;
	await visit(ep, `${origin}/admin/iu-cutter/preview`);
	await ep.getByTestId('iu-document-select').click();
	await ep.locator('.v-list-item', { hasText: code }).first().click();
	await ep.getByTestId('iu-enact-enacted').click();
	await ep.getByTestId('iu-preview-button').click();
	await ep.getByTestId('iu-preview-summary').waitFor({ timeout: 60_000 });
	await ep.getByTestId('iu-submit-button').click();
	await ep.waitForURL(/\/admin\/iu-cutter\/entries\/[0-9a-f-]{36}$/, { timeout: 60_000 });
	const entry = ep.url().split('/').pop();
	const submitChip = ep.locator('[data-testid="iu-event-signer"][data-signer="person"]');
	await submitChip.waitFor({ timeout: 30_000 });
	assert.match(collapse(await submitChip.innerText()), /^Đã ký bằng passkey “Máy tính của biên tập viên” \([0-9a-f]{16}\)$/);
	await ep
		.locator('section.card')
		.filter({ has: submitChip })
		.screenshot({ path: join(ROOT, 'docs/screenshots', 'entry-sign-submit-vi.png') });
	// What was stored: the submit's history row keeps the editor's signature, over the manifest the entry holds.
	const submittedRow = await k('decision_backlog_history').where({ entry, event: 'submitted' }).first();
	const bySubmitter = JSON.parse(submittedRow.detail).person_signature;
	const stored = await k('decision_backlog_entry').where({ id: entry }).first();
	assert.deepEqual(
		[bySubmitter.statement.act, bySubmitter.statement.entry, bySubmitter.statement.subject_sha256, submittedRow.actor],
		['submit', entry, stored.manifest_sha256, ids.submitter.id],
	);

	// The app reads the user's language when it starts: a fresh load.
	await rp.goto(`${origin}/admin/iu-cutter/entries/${entry}`);
	const hint = 'Quyết định của bạn được ký bằng passkey: trình duyệt sẽ yêu cầu bạn mở khóa.';
	assert.equal(collapse(await settledText(rp.getByTestId('iu-sign-hint'), (t) => collapse(t) === hint)), hint);
	await rp.getByTestId('iu-review-block').first().waitFor();
	await rp.getByTestId('iu-approve').click();
	const chip = rp.locator('[data-testid="iu-event-signer"][data-signer="person"]', { hasText: 'Reviewer, Touch ID' });
	await chip.waitFor({ timeout: 30_000 });
	assert.match(collapse(await chip.innerText()), /^Đã ký bằng passkey “Reviewer, Touch ID” \([0-9a-f]{16}\)$/);
	await rp
		.locator('section.card')
		.filter({ has: chip })
		.screenshot({ path: join(ROOT, 'docs/screenshots', 'entry-sign-review-vi.png') });
	assert.equal((await ids.reviewer.api.ok('GET', '/iu-cutter/ledger/verify')).passed, true);
});
