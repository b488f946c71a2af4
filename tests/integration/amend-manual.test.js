// Finishing an amendment by hand (issue 32 item 3), on real texts: Luật Đấu thầu 22/2023/QH15, amended by Luật
// 57/2024/QH15 and Luật 90/2025/QH15 (core/tests/fixtures/amend/luat-22-2023-qh15, SOURCE.md there). Luật 90/2025
// Điều 1 khoản 38 amends Điều 78 with points a) … đ) and then a second "c)" (a misprint for e) that replaces khoản 13
// of Điều 78: the reader cannot place it (the amending law's point c exists already) and leaves it out, saying so.
// The editor finishes it in the preview: the text of khoản 13 by hand, the unread words marked applied by hand, each
// with a note. The preview and the submit plan the same manifest (same sha256); it is approved, CUT and VERIFIED;
// the unit's text after 1 July 2025 is the hand-made one; the ledger's manifest keeps `manual` and `by_hand`.
// Real Directus with the built bundle; IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { openDb } from '../support/db.js';
import { client } from '../support/api.js';
import { ok, fullCycle, outstandingRefs } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'amend-manual-test-password' };
const PASSWORD = 'amend-manual-workflow-password';
const BIDDING = join(ROOT, 'core/tests/fixtures/amend/luat-22-2023-qh15');
const DOC = { doc_code: '22/2023/QH15', title: 'Luật Đấu thầu', language: 'vi', vocabulary: 'vi', source_text: readFileSync(join(BIDDING, 'original.txt'), 'utf8') };
const L57 = { doc_code: '57/2024/QH15', title: 'Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và Luật Đấu thầu', text: readFileSync(join(BIDDING, 'amending.txt'), 'utf8') };
const L90 = { doc_code: '90/2025/QH15', title: 'Luật sửa đổi, bổ sung một số điều của Luật Đấu thầu, Luật Đầu tư theo phương thức đối tác công tư, …', text: readFileSync(join(BIDDING, 'amending-2.txt'), 'utf8') };
const K13 = '22-2023-qh15/dieu-78/khoan-13';
// Khoản 13 as Luật 90/2025 Điều 1 khoản 38 (its second "c)") quotes it.
const K13_NEW = L90.text.split('\n').find((l) => l.startsWith('“13. Thương thảo (nếu có)')).replace(/^“13\. /, '').replace(/”;$/, '');

let pg, dir, directus, ids, k, docId, laws;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-amend-manual-${DB}-`));
	let db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 56400 + (process.pid % 150) });
		db = pg.createDatabase('iu_amend_manual');
	}
	directus = await startDirectus({ dir, port: 37000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h' } });
	const token = await directus.login();
	client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	k = openDb(db, dir);
	docId = (await ok(ids.submitter, '/items/legal_document', DOC)).id;
	const first = await fullCycle(ids, { document: docId, effective_from: '2024-01-01T00:00:00+07:00' });
	assert.equal(first.verified.passed, true, JSON.stringify(first.verified));
	// The first date (57/2024, 15 January 2025) is cut as the core reads it: nothing to finish by hand there.
	const a = await ok(ids.submitter, '/iu-cutter/amend/preview', { document: docId, amending: [L57, L90] });
	assert.equal(a.planned_date, '2025-01-15');
	const s1 = await ok(ids.submitter, '/iu-cutter/amend/submit', { document: docId, amending: [L57, L90], created_at: a.request.created_at, manifest_sha256: a.manifest_sha256 });
	// 90/2025's unread words go with its own change set, not this one.
	const envelope1 = JSON.parse((await k('manifest_envelope').where({ entry: s1.entry }).first()).envelope_json);
	assert.ok(!(envelope1.amendment.unread ?? []).some((u) => u.law === L90.doc_code), JSON.stringify(envelope1.amendment.unread));
	await approveCutVerify(s1);
	const stored = await k('legal_document').whereIn('doc_code', [L57.doc_code, L90.doc_code]).select('id');
	laws = stored.map((d) => ({ document: d.id }));
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Approval of a change set, in one place: the reviewer reads what the manifest leaves outstanding (instructions not
 * applied, passages not read, even those finished by hand: the reviewer confirms having read them) on the review
 * page's data, and approves the sha256 acknowledging exactly those (POST /iu-cutter/review refuses less).
 */
async function approve(submitted) {
	const acknowledged = await outstandingRefs(ids.reviewer, submitted.entry);
	return ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256, acknowledged });
}
async function approveCutVerify(submitted) {
	await approve(submitted);
	await ok(ids.executor, '/iu-cutter/cut', { entry: submitted.entry });
	const verified = await ok(ids.verifier, '/iu-cutter/verify', { entry: submitted.entry });
	assert.equal(verified.passed, true, JSON.stringify(verified));
	return verified;
}

/** The answer's `data`, or the error's status, code, message and extensions. */
async function call(path, body, who = ids.submitter) {
	const r = await who.api.post(path, body);
	if (r.status === 200) return { status: 200, ...r.body.data };
	const e = r.body?.errors?.[0];
	return { status: r.status, code: e?.extensions?.code, message: e?.message, ...e?.extensions };
}
const preview = (manual, extra = {}) => call('/iu-cutter/amend/preview', { document: docId, amending: laws, ...(manual ? { manual } : {}), ...extra });

let plain;

test('what the reader left out of 90/2025 reaches the preview and the envelope; khoản 13 Điều 78 keeps its old text', async () => {
	plain = await preview();
	assert.equal(plain.status, 200, JSON.stringify(plain).slice(0, 2000));
	assert.equal(plain.planned_date, '2025-07-01');
	const misprint = plain.unreadable.find((u) => u.law === L90.doc_code && u.code === 'cut-duplicate-ordinal');
	assert.ok(misprint, JSON.stringify(plain.unreadable.map((u) => [u.law, u.line, u.code])));
	assert.equal(misprint.for_document, true, 'recorded for the reviewer: it is in the article that amends Luật Đấu thầu (or one the reader cannot tell)');
	// Words in 90/2025's articles for other laws are not this document's.
	assert.ok(plain.unreadable.some((u) => !u.for_document && /^Điều [2-9]/.test(u.provision)), 'other laws’ unread words are told apart');
	// The editor's dialogs get the unit's text and the kinds of unit.
	assert.ok(plain.kinds.some((x) => x.code === 'khoan'));
	const k13 = (await k('logical_unit').where({ canonical_address: K13 }).first()).body;
	assert.notEqual(k13, K13_NEW, 'the core did not apply the misprinted point');
	// Other instructions of 90/2025 may change khoản 13 (its words): never into the text of the point left out.
	const k13block = plain.blocks.find((b) => b.address === K13);
	assert.ok(!k13block || plain.units[K13].body !== K13_NEW, JSON.stringify(k13block));
	assert.ok(plain.blocks.every((b) => !b.manual));
});

test('bad edits by hand are refused naming the edit and its field; nothing is written', async () => {
	const cases = [
		[{ op: 'edit', address: '22-2023-qh15/dieu-999', body: 'x', note: 'n' }, 'manual[0].address', /not a live unit/],
		[{ op: 'edit', address: K13, body: K13_NEW, note: ' ' }, 'manual[0].note', /note is required/],
		[{ op: 'edit', address: K13, body: '', note: 'n' }, 'manual[0].body', /body is empty/],
		[{ op: 'add', parent: '22-2023-qh15/dieu-78', kind: 'khoan', number: '13', body: 'x', note: 'n' }, 'manual[0].number', /exists already/],
		[{ op: 'applied', step: 'nope', note: 'n' }, 'manual[0].step', /not an instruction of this change set/],
		[{ op: 'frobnicate', note: 'n' }, 'manual[0].op', /not an edit by hand/],
	];
	for (const [edit, field, reason] of cases) {
		const r = await preview([edit]);
		assert.equal(r.status, 400, JSON.stringify(r));
		assert.equal(r.code, 'IU_MANUAL_EDIT');
		assert.equal(r.field, field, r.message);
		assert.match(r.message, reason);
		assert.match(r.message, /Fix: /);
	}
	const notList = await preview({ op: 'edit' });
	assert.equal(notList.status, 400);
	assert.equal(notList.field, 'manual');
	const unknownField = await preview([{ op: 'edit', address: K13, body: 'x', note: 'n', colour: 'red' }]);
	assert.equal(unknownField.status, 400, JSON.stringify(unknownField));
	assert.match(unknownField.message, /manual\[0\].*colour/);
});

test('finished by hand: preview and submit give one sha256; approved, CUT, VERIFIED; the text after 1 July 2025 is the hand-made one; the ledger keeps manual', async () => {
	const misprint = plain.unreadable.find((u) => u.law === L90.doc_code && u.code === 'cut-duplicate-ordinal');
	const NOTE = 'Luật 90/2025 Điều 1 khoản 38: the second point c) (for e) replaces khoản 13 Điều 78; the reader left it out';
	const manual = [
		{ op: 'edit', address: K13, body: K13_NEW, note: NOTE },
		{ op: 'applied', law: L90.doc_code, offset: misprint.offset, note: 'khoản 13 Điều 78 replaced by hand' },
	];
	const p = await preview(manual);
	assert.equal(p.status, 200, JSON.stringify(p).slice(0, 2000));
	assert.notEqual(p.manifest_sha256, plain.manifest_sha256);
	const block = p.blocks.find((b) => b.address === K13);
	assert.ok(block, 'khoản 13 Điều 78 has a block now');
	assert.equal(block.action, 'update');
	assert.deepEqual(block.manual, { note: NOTE });
	// An instruction that also changes khoản 13 stays named: the edit applied after it.
	console.log(`khoản 13 Điều 78: amended_by ${JSON.stringify(block.amended_by ?? [])}`);
	assert.equal(p.units[K13].body, K13_NEW, 'the dialogs see the text after the edit');
	assert.equal(p.unreadable.find((u) => u.offset === misprint.offset && u.law === L90.doc_code).by_hand.note, 'khoản 13 Điều 78 replaced by hand');
	assert.equal(p.blocks.filter((b) => b.manual).length, 1, 'only the edited unit is marked');

	// Preview again: the same request (with the first preview's created_at, as submit sends it) plans the same manifest.
	const again = await preview(manual, { created_at: p.request.created_at });
	assert.equal(again.manifest_sha256, p.manifest_sha256);
	// Submit without the edits: refused (the manifest would differ from the one previewed).
	const without = await call('/iu-cutter/amend/submit', { document: docId, amending: laws, created_at: p.request.created_at, manifest_sha256: p.manifest_sha256 });
	assert.notEqual(without.status, 200, JSON.stringify(without));
	const submitted = await ok(ids.submitter, '/iu-cutter/amend/submit', { document: docId, amending: laws, manual, created_at: p.request.created_at, manifest_sha256: p.manifest_sha256 });
	assert.equal(submitted.manifest_sha256, p.manifest_sha256);

	// The ledger's manifest: the block keeps `manual`, the envelope the unread words with `by_hand`.
	const env = await k('manifest_envelope').where({ entry: submitted.entry }).first();
	const envelope = JSON.parse(env.envelope_json);
	const unread = envelope.amendment.unread.find((u) => u.law === L90.doc_code && u.offset === misprint.offset);
	assert.deepEqual(unread.by_hand, { note: 'khoản 13 Điều 78 replaced by hand' });
	assert.ok(['law', 'line', 'offset', 'text', 'reason'].every((f) => f in unread), JSON.stringify(unread));
	const row = await k('manifest_unit_block').where({ envelope: env.id, canonical_address: K13 }).first();
	assert.deepEqual(JSON.parse(row.block_json).manual, { note: NOTE });

	// Issue 46: what the editor did by hand is in front of the reviewer with the editor's note, must be acknowledged,
	// and is kept with its note in the signed approval.
	const review = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${submitted.entry}/manifest`);
	const listed = review.outstanding.unread.find((u) => u.law === L90.doc_code && u.offset === misprint.offset);
	assert.equal(listed.by_hand, 'khoản 13 Điều 78 replaced by hand');
	assert.deepEqual(review.outstanding.by_hand, [], 'no instruction was marked; the passage was');
	const bare = await call('/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256, acknowledged: [] }, ids.reviewer);
	assert.equal(bare.status, 409, JSON.stringify(bare).slice(0, 500));
	assert.equal(bare.code, 'IU_REVIEW_UNACKNOWLEDGED');
	assert.ok(bare.unread.includes(listed.ref), JSON.stringify(bare).slice(0, 800));
	await approveCutVerify(submitted);
	const approval = await k('decision_backlog_history').where({ entry: submitted.entry, event: 'approved' }).first('detail');
	assert.deepEqual(JSON.parse(approval.detail).by_hand, [{ ref: listed.ref, note: 'khoản 13 Điều 78 replaced by hand' }]);
	assert.equal((await k('logical_unit').where({ canonical_address: K13 }).first()).body, K13_NEW);
	// The document's text follows its units (issue 31 item 5): the hand-made text is in it.
	assert.ok((await k('legal_document').where({ id: docId }).first('source_text')).source_text.includes(K13_NEW));
	// On a date after 1 July 2025 the unit reads the hand-made text; before, the text it had.
	const history = await ids.reviewer.api.ok('GET', `/iu-cutter/unit/history?address=${encodeURIComponent(K13)}&at=2025-08-01`);
	const v = history.versions.find((x) => x.version === history.version_at);
	assert.equal(v.body, K13_NEW);
	const before = await ids.reviewer.api.ok('GET', `/iu-cutter/unit/history?address=${encodeURIComponent(K13)}&at=2025-06-30`);
	assert.notEqual(before.versions.find((x) => x.version === before.version_at).body, K13_NEW);
	// Every date is cut now: edits by hand have no change set to finish.
	const none = await preview(manual);
	assert.equal(none.status, 400, JSON.stringify(none).slice(0, 500));
	assert.equal(none.field, 'manual[0].op');
});
