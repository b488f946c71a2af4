// The governed CUT / VERIFY workflow against a real Directus 12.4.0 with the
// built bundle, over HTTP, with four distinct identities: an editor (submits),
// a reviewer, and two API-only agents (executor DOT-991, verifier DOT-992).
// IU_DB=sqlite (default) or IU_DB=postgres picks the database. Row counts are
// read straight from the database, so "nothing was written" is checked there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { ROOT, startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { openDb, counts, delta, LEDGER, asSuperuser } from '../support/db.js';
import { ok, fullCycle, approveCutVerify, amend } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'governance-test-password' };
const ACT_CODE = '99/2024/QH15';
const SLUG = '99-2024-qh15';
const FIRST = '2026-01-01T00:00:00Z';
const AMENDED = '2027-01-01T00:00:00Z';
const BEFORE = '2026-06-01T00:00:00Z';
const AFTER = '2027-06-01T00:00:00Z';

let directus, pg, dir, db, admin, ids, k, core, actText, actId, small;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-governance-${DB}-`));
	db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 54800 + (process.pid % 150) });
		db = pg.createDatabase('iu_governance');
	}
	directus = await startDirectus({
		dir,
		port: 19000 + (process.pid % 1000),
		db,
		adminEmail: ADMIN.email,
		adminPassword: ADMIN.password,
		env: { ACCESS_TOKEN_TTL: '6h' },
	});
	const adminToken = await directus.login();
	admin = client(directus.url, adminToken);
	ids = await setupWorkflowRoles({ url: directus.url, token: adminToken, password: 'workflow-test-password' });
	k = openDb(db, dir);
	core = await loadNodeCore();
	actText = core.generatedAct({ chapters: 10, articlesPerChapter: 50, clausesPerArticle: 3, pointsPerClause: 3 });
	actId = (await ok(ids.submitter, '/items/legal_document', { doc_code: ACT_CODE, title: 'Luật Quản lý, sử dụng tài sản mẫu', language: 'vi', vocabulary: 'vi', source_text: actText })).id;
	small = (await ok(ids.submitter, '/items/legal_document', { doc_code: '7/2026/QH15', title: 'Luật nhỏ', language: 'vi', vocabulary: 'vi', source_text: core.generatedAct({ chapters: 1, articlesPerChapter: 3, clausesPerArticle: 2, pointsPerClause: 2 }) })).id;
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

// By id: a position counts among siblings (issue 30), so it orders no whole document and ties are the rule.
const units = (document) => k('logical_unit').where({ document }).orderBy('id').select('*');
const snapshot = async (document) =>
	(await units(document)).map((u) => [u.id, u.canonical_address, u.parent, u.position, u.content_sha256, u.lifecycle_status, u.authority].join(' '));

// ── identities and the append-only ledger ────────────────────────────────────

test('four distinct identities: two humans with roles, two API-only agents without', async () => {
	const all = new Set(Object.values(ids).map((i) => i.id));
	assert.equal(all.size, 4);
	for (const agent of [ids.executor, ids.verifier]) {
		const row = await k('directus_users').where({ id: agent.id }).first('role', 'token');
		assert.equal(row.role, null, 'agents hold their policy directly, no role (no seat)');
		assert.ok(row.token, 'agents authenticate with a static token');
	}
	for (const human of [ids.submitter, ids.reviewer]) {
		assert.ok((await k('directus_users').where({ id: human.id }).first('role')).role);
	}
});

test('ledger collections refuse create, update and delete through the Items API, admins included', async () => {
	const before = await counts(k);
	for (const c of LEDGER) {
		const r = await admin.post(`/items/${c}`, { id: '00000000-0000-4000-8000-000000000000' });
		assert.equal(r.status, 403, `${c}: ${r.text}`);
		assert.equal(r.body.errors[0].extensions.code, 'IU_LEDGER_APPEND_ONLY');
		assert.match(r.body.errors[0].message, /append-only/);
	}
	assert.deepEqual(await counts(k), before);
});

// ── first cycle: the generated 500-article act ───────────────────────────────

let firstCycle, afterFirst;
test('first cycle: the 500-article act goes through preview, submit, review, cut, verify and sweep', async () => {
	const request = { document: actId, effective_from: FIRST };
	const before = await counts(k);
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	assert.match(preview.manifest_sha256, /^[0-9a-f]{64}$/);
	assert.equal(preview.counts.create, 6510);
	assert.equal(preview.gates.passed, true);
	assert.deepEqual(await counts(k), before, 'preview writes nothing');

	firstCycle = await fullCycle(ids, request);
	assert.equal(firstCycle.cut.units_written, 6510);
	assert.equal(firstCycle.verified.passed, true, JSON.stringify(firstCycle.verified.report?.violations?.slice(0, 5)));
	assert.equal(firstCycle.swept.swept.length, 1);
	const d = delta(before, await counts(k));
	assert.equal(d.logical_unit, 6510);
	assert.equal(d.manifest_unit_block, 6510);
	assert.equal(d.cut_change_set_affected_row, 6510);
	assert.equal(d.dot_pair_signature, 2);
	assert.equal(d.decision_backlog_history, 5);

	const status = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${firstCycle.submitted.entry}`);
	assert.equal(status.state, 'swept');
	assert.deepEqual(status.history.map((h) => h.event), ['submitted', 'approved', 'cut', 'verified', 'swept']);
	const ledger = await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(ledger.passed, true);
	afterFirst = await snapshot(actId);
});

test('the admin module\'s read views: capabilities, backlog, manifest, abilities and timelines, each checking the caller', async () => {
	const entry = firstCycle.submitted.entry;
	const anonymous = client(directus.url, null);
	const nobodyToken = 'no-policy-' + Date.now();
	await admin.ok('POST', '/users', { email: 'nobody@agents.example.com', token: nobodyToken, role: null });
	const nobody = client(directus.url, nobodyToken);

	const me = await ids.submitter.api.ok('GET', '/iu-cutter/me');
	assert.equal(me.user, ids.submitter.id);
	assert.deepEqual([me.capabilities.preview, me.capabilities.submit, me.capabilities.review, me.capabilities.cut, me.capabilities.verify], [true, true, false, false, false]);
	assert.equal((await anonymous.get('/iu-cutter/me')).status, 403);
	assert.equal(Object.values((await nobody.ok('GET', '/iu-cutter/me')).capabilities).some(Boolean), false);

	const backlog = await ids.reviewer.api.ok('GET', `/iu-cutter/entries?document=${actId}`);
	const listed = backlog.entries.find((e) => e.id === entry);
	assert.equal(listed.state, 'swept');
	assert.equal(listed.doc_code, ACT_CODE);
	assert.match(backlog.people[ids.submitter.id], /editor@example\.com/);
	assert.equal((await ids.reviewer.api.ok('GET', '/iu-cutter/entries?state=submitted')).entries.some((e) => e.id === entry), false);
	const swept = (await ids.reviewer.api.ok('GET', '/iu-cutter/entries?state=swept')).entries;
	assert.ok(swept.some((e) => e.id === entry) && swept.every((e) => e.state === 'swept'), JSON.stringify(swept));
	const badState = await ids.reviewer.api.get('/iu-cutter/entries?state=done');
	assert.equal(badState.status, 400);
	assert.match(badState.body.errors[0].message, /"state"/);
	for (const path of ['/iu-cutter/entries', `/iu-cutter/entries/${entry}`, `/iu-cutter/entries/${entry}/manifest`, `/iu-cutter/timeline?document=${actId}`]) {
		assert.equal((await anonymous.get(path)).status, 403, `anonymous ${path}`);
		const r = await nobody.get(path);
		assert.equal(r.status, 403, `no policy ${path}`);
		assert.equal(r.body.errors[0].extensions.code, 'IU_FORBIDDEN');
	}

	const manifest = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${entry}/manifest`);
	assert.equal(manifest.manifest_sha256, firstCycle.submitted.manifest_sha256);
	assert.equal(manifest.sha256_verified, true);
	assert.equal(manifest.blocks.length, 6510);
	assert.equal(manifest.envelope.counts.create, 6510);
	// Issue 32: each row also carries its label, its word diff (heading and body) and whether its text changes.
	assert.deepEqual(Object.keys(manifest.blocks[0]).sort(), ['action', 'address', 'aliases', 'changed', 'diff', 'excerpt', 'index', 'label', 'ordinal', 'section_type', 'text_changed', 'unit_id']);
	assert.match(manifest.blocks[0].label, /^Chương /);
	assert.equal(manifest.blocks[0].text_changed, true);
	assert.deepEqual([manifest.blocks[0].section_type, manifest.blocks[0].ordinal], ['chuong', '1']);
	// Each block carries its place in the manifest (the review page folds position-only blocks and keeps their numbers).
	assert.deepEqual(manifest.blocks.slice(0, 3).map((b) => b.index), [0, 1, 2]);

	// The entry's history says what each event did, in words.
	const notes = (await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${entry}`)).history.map((h) => [h.event, h.note ?? null]);
	assert.deepEqual(notes, [['submitted', '6510 create'], ['approved', null], ['cut', '6510 unit(s) and 0 alias(es) written'], ['verified', 'every check passed'], ['swept', null]]);

	// Abilities: what the module shows each caller. The entry is swept, so every step is refused by state.
	const asReviewer = (await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${entry}`)).abilities;
	assert.deepEqual([asReviewer.review.visible, asReviewer.review.allowed, asReviewer.cut.visible], [true, false, false]);
	assert.match(asReviewer.review.reason, /swept/);
	const asExecutor = (await ids.executor.api.ok('GET', `/iu-cutter/entries/${entry}`)).abilities;
	assert.deepEqual([asExecutor.cut.visible, asExecutor.cut.allowed, asExecutor.verify.visible], [true, false, false]);
	assert.equal(asExecutor.cut.code, 'IU_ALREADY_APPLIED');

	const docLine = await ids.reviewer.api.ok('GET', `/iu-cutter/timeline?document=${actId}`);
	const mine = docLine.events.filter((e) => e.entry === entry);
	assert.deepEqual(mine.map((e) => e.event), ['submitted', 'approved', 'cut', 'verified', 'swept']);
	assert.ok(mine.every((e, i) => i === 0 || e.ledger_seq > mine[i - 1].ledger_seq), 'ledger order');
	assert.match(docLine.people[ids.executor.id], /dot-991/);

	const unit = await k('logical_unit').where({ canonical_address: `${SLUG}/dieu-44/khoan-1` }).first();
	const byAddress = await ids.reviewer.api.ok('GET', `/iu-cutter/timeline?address=${SLUG}/dieu-44/khoan-1`);
	const byId = await ids.reviewer.api.ok('GET', `/iu-cutter/timeline?unit=${unit.id}`);
	assert.deepEqual(byAddress, byId);
	assert.equal(byId.unit.id, unit.id);
	assert.deepEqual(byId.unit_changes.map((c) => [c.action, c.canonical_address, c.entry]), [['create', `${SLUG}/dieu-44/khoan-1`, entry]]);
	assert.deepEqual(byId.events.map((e) => e.event), ['submitted', 'approved', 'cut', 'verified', 'swept']);
	for (const [query, status] of [['', 400], [`?document=${actId}&unit=${unit.id}`, 400], ['?unit=not-a-uuid', 400], [`?address=${SLUG}/dieu-999`, 404], ['?colour=red', 400]]) {
		assert.equal((await ids.reviewer.api.get(`/iu-cutter/timeline${query}`)).status, status, `timeline${query}`);
	}
});

// ── the reference trial (DESIGN §2) ───────────────────────────────────────────

test('reference trial: one cycle on one unchanged unit gives exactly the 15-row matrix', async () => {
	const target = `${SLUG}/dieu-44/khoan-1`;
	const unitBefore = await k('logical_unit').where({ canonical_address: target }).first();
	const before = await counts(k);
	const request = { document: actId, scope: [target], effective_from: FIRST };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	assert.deepEqual(preview.blocks.map((b) => [b.action, b.address]), [['confirm', target]]);
	const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });

	await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
	await ok(ids.executor, '/iu-cutter/cut', { entry: submitted.entry });
	const verified = await ok(ids.verifier, '/iu-cutter/verify', { entry: submitted.entry });
	assert.equal(verified.passed, true);
	await ok(ids.verifier, '/iu-cutter/sweep', { entry: submitted.entry });

	const d = delta(before, await counts(k));
	const matrix = {
		decision_backlog_entry: 1,
		decision_backlog_history: 5,
		decision_backlog_dependency: 0,
		decision_backlog_sweep_log: 1,
		manifest_envelope: 1,
		manifest_unit_block: 1,
		review_decision: 1,
		dot_pair_signature: 2,
		cut_change_set: 1,
		cut_change_set_affected_row: 1,
		verify_result: 1,
		canonical_address_alias: 0,
	};
	assert.deepEqual(Object.fromEntries(Object.keys(matrix).map((t) => [t, d[t]])), matrix);
	assert.equal(LEDGER.reduce((n, t) => n + d[t], 0), 15, '15 ledger rows');
	assert.equal(d.logical_unit, 0);
	const unitAfter = await k('logical_unit').where({ canonical_address: target }).first();
	assert.equal(unitAfter.lifecycle_status, 'draft_only');
	assert.equal(unitAfter.authority, 'draft');
	assert.equal(unitAfter.canonical_address_format_version, 'canonical-address-v1');
	assert.equal(unitAfter.content_sha256, unitBefore.content_sha256);
	assert.equal(String(unitAfter.updated_at), String(unitBefore.updated_at), 'an unchanged unit is not rewritten');
	const xor = await k('dot_pair_signature').whereNotNull('change_set').whereNotNull('verify_result').count({ n: '*' });
	assert.equal(Number(xor[0].n), 0);
});

// ── the two-person rules, on the server ───────────────────────────────────────

test('two-person rules: the admin holds every permission, yet cannot review its own manifest nor verify its own CUT', async () => {
	const self = { email: ADMIN.email, api: admin };
	const request = { document: actId, scope: [`${SLUG}/dieu-1`], effective_from: FIRST };
	const preview = await ok(self, '/iu-cutter/preview', request);
	const submitted = await ok(self, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	let before = await counts(k);
	const selfReview = await admin.post('/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
	assert.equal(selfReview.status, 403, selfReview.text);
	assert.equal(selfReview.body.errors[0].extensions.code, 'IU_TWO_PERSON_REVIEW');
	assert.equal(selfReview.body.errors[0].extensions.rule, 'reviewer ≠ submitter');
	assert.match(selfReview.body.errors[0].message, /two-person rule/i);
	assert.deepEqual(await counts(k), before, 'a refusal writes nothing');
	await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
	await ok(self, '/iu-cutter/cut', { entry: submitted.entry });
	before = await counts(k);
	const selfVerify = await admin.post('/iu-cutter/verify', { entry: submitted.entry });
	assert.equal(selfVerify.status, 403, selfVerify.text);
	assert.equal(selfVerify.body.errors[0].extensions.code, 'IU_TWO_PERSON_VERIFY');
	assert.equal(selfVerify.body.errors[0].extensions.rule, 'verifier ≠ executor');
	assert.deepEqual(await counts(k), before, 'a refusal writes nothing');
	assert.equal((await ok(ids.verifier, '/iu-cutter/verify', { entry: submitted.entry })).passed, true);
	// Steps out of order are 409 with the state named.
	const early = await ids.verifier.api.post('/iu-cutter/verify', { entry: submitted.entry });
	assert.equal(early.status, 409, early.text);
});

// ── bad input: 4xx, clear errors, every row count unchanged ──────────────────

test('bad input gets a 4xx with a clear error and writes nothing', async () => {
	const before = await counts(k);
	const api = ids.submitter.api;
	const expect4xx = async (r, status, pattern) => {
		assert.equal(r.status, status, r.text.slice(0, 500));
		const said = r.body?.errors ? r.body.errors.map((e) => `${e.extensions?.code} ${e.message}`).join('\n') : r.text;
		assert.match(said, pattern);
	};
	await expect4xx(await api.post('/iu-cutter/preview', '{"document": ', { raw: true }), 400, /./);
	await expect4xx(await api.post('/iu-cutter/preview', { document: 42 }), 400, /"document" must be a uuid/);
	await expect4xx(await api.post('/iu-cutter/preview', { document: actId, enact: 'yes' }), 400, /"enact" must be true or false/);
	await expect4xx(await api.post('/iu-cutter/preview', { document: actId, colour: 'red' }), 400, /Unknown field.*colour/);
	await expect4xx(await api.post('/iu-cutter/preview', { document: '00000000-0000-4000-8000-000000000000' }), 404, /No legal_document/);
	await expect4xx(await ids.reviewer.api.post('/iu-cutter/review', { entry: '00000000-0000-4000-8000-000000000000', decision: 'approve', manifest_sha256: 'a'.repeat(64) }), 404, /No decision_backlog_entry/);
	await expect4xx(await ids.reviewer.api.post('/iu-cutter/review', { entry: firstCycle.submitted.entry, decision: 'maybe', manifest_sha256: 'a'.repeat(64) }), 400, /"decision" must be one of/);
	await expect4xx(await api.post('/iu-cutter/preview', [1, 2]), 400, /JSON object/);
	await expect4xx(await api.post('/iu-cutter/preview', { document: actId, text: '  ' }), 400, /No text to cut/);
	await expect4xx(await api.post('/iu-cutter/preview', { document: actId, effective_from: '2026-01-01 00:00' }), 400, /"effective_from" must be an RFC 3339/);
	// A text the core cuts with errors is not planned; the refusal lists every diagnostic with its place.
	const broken = await api.post('/iu-cutter/preview', { document: small, text: 'Điều 1. Phạm vi\n1. Khoản một.\n3. Khoản ba.\nĐiều 1. Lặp\nNội dung.' });
	await expect4xx(broken, 422, /IU_CORE_REFUSED plan: the cut has 1 error\(s\); first, line 4/);
	assert.deepEqual(broken.body.errors[0].extensions.diagnostics.map((d) => [d.severity, d.code, d.line, d.offset]), [['warning', 'ordinal-gap', 3, 39], ['error', 'duplicate-ordinal', 4, 62]]);
	// A 50 MB body is refused before it reaches the workflow.
	const huge = JSON.stringify({ document: actId, text: 'Điều 1. '.repeat(50 * 1024 * 1024 / 10) });
	const r = await api.post('/iu-cutter/preview', huge, { raw: true });
	assert.ok(r.status === 413 || r.status === 400, `50 MB body → ${r.status}`);
	// A manifest sha256 that is not what the plan gives.
	const preview = await ok(ids.submitter, '/iu-cutter/preview', { document: small, effective_from: FIRST });
	await expect4xx(
		await api.post('/iu-cutter/submit', { document: small, effective_from: FIRST, created_at: preview.request.created_at, manifest_sha256: 'b'.repeat(64) }),
		409,
		/IU_MANIFEST_MISMATCH/,
	);
	// Replaying a CUT that was already applied.
	await expect4xx(await ids.executor.api.post('/iu-cutter/cut', { entry: firstCycle.submitted.entry }), 409, /IU_ALREADY_APPLIED/);
	// Anonymous and capability-less callers.
	assert.equal((await client(directus.url, null).post('/iu-cutter/preview', { document: actId })).status, 403);
	await expect4xx(await ids.reviewer.api.post('/iu-cutter/cut', { entry: firstCycle.submitted.entry }), 403, /cut_change_set/);
	assert.deepEqual(await counts(k), before);
});

// ── optimistic concurrency, races, edits behind the workflow's back ──────────

test('CUT is refused with 409 and the differing units when a unit changed after its manifest; nothing is written', async () => {
	await fullCycle(ids, { document: small, effective_from: FIRST });
	const text = core.generatedAct({ chapters: 1, articlesPerChapter: 3, clausesPerArticle: 2, pointsPerClause: 2 }).replace('Điều 2.', 'Điều 2. Sửa đổi:');
	const request = { document: small, text, effective_from: AMENDED };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
	const victim = await k('logical_unit').where({ document: small, canonical_address: '7-2026-qh15/dieu-2' }).first();
	await asSuperuser(k, (trx) => trx('logical_unit').where({ id: victim.id }).update({ heading: 'Edited behind the workflow' }));
	const before = await counts(k);
	const snap = await snapshot(small);
	const r = await ids.executor.api.post('/iu-cutter/cut', { entry: submitted.entry });
	assert.equal(r.status, 409, r.text.slice(0, 500));
	assert.equal(r.body.errors[0].extensions.code, 'IU_GATE_FAILED');
	assert.deepEqual(r.body.errors[0].extensions.differing_units, [victim.id]);
	assert.deepEqual(await counts(k), before);
	assert.deepEqual(await snapshot(small), snap);
	await asSuperuser(k, (trx) => trx('logical_unit').where({ id: victim.id }).update({ heading: victim.heading }));

	// Restored: two concurrent CUTs of the same manifest — exactly one wins.
	const race = await Promise.all([1, 2].map(() => ids.executor.api.post('/iu-cutter/cut', { entry: submitted.entry })));
	assert.deepEqual(race.map((x) => x.status).sort(), [200, 409], race.map((x) => x.text.slice(0, 200)).join('\n'));
	assert.equal(Number((await k('cut_change_set').where({ entry: submitted.entry }).count({ n: '*' }))[0].n), 1);

	// A unit edited directly in the database after the CUT makes VERIFY fail, with evidence.
	const edited = await k('logical_unit').where({ document: small, canonical_address: '7-2026-qh15/dieu-2' }).first();
	await asSuperuser(k, (trx) => trx('logical_unit').where({ id: edited.id }).update({ body: 'Tampered.' }));
	const verified = await ok(ids.verifier, '/iu-cutter/verify', { entry: submitted.entry });
	assert.equal(verified.passed, false);
	assert.equal(verified.state, 'verify_failed');
	const about = verified.report.violations.filter((v) => v.subject.includes(edited.id) || v.subject.includes('7-2026-qh15/dieu-2'));
	assert.ok(about.some((v) => v.check === 'CONTENT'), JSON.stringify(verified.report.violations));
	assert.ok(about.some((v) => v.check === 'CHANGESET'), JSON.stringify(verified.report.violations));
	const stored = await k('verify_result').where({ id: verified.verify_result }).first();
	assert.equal(stored.outcome, 'failed');
	assert.match(stored.report, /CONTENT/);
	await asSuperuser(k, (trx) => trx('logical_unit').where({ id: edited.id }).update({ body: edited.body }));
	const again = await ok(ids.verifier, '/iu-cutter/verify', { entry: submitted.entry });
	assert.equal(again.passed, true, JSON.stringify(again.report.violations));
});

test('a write the database refuses in the middle of a CUT rolls the whole transaction back', async () => {
	// The editor edits the document's stored text, which followed the last CUT (the edited Điều 2): the act as first
	// generated would set Điều 2 back, and its submit is refused as undoing that CUT (source-text.test.js).
	const stored = (await k('legal_document').where({ id: small }).first('source_text')).source_text;
	assert.match(stored, /Điều 2\. Sửa đổi:/);
	const text = stored.replace(/\nLuật này/, '\nĐiều 4. Điều khoản bổ sung\n1. Nội dung mới.\n\nLuật này');
	assert.notEqual(text, stored);
	const request = { document: small, text, effective_from: AMENDED };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	assert.ok(preview.blocks.some((b) => b.action === 'create' && b.address === '7-2026-qh15/dieu-4'), JSON.stringify(preview.blocks));
	const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
	// A row of another document holding the address the CUT will insert: no gate of this document sees it.
	const squatter = { ...(await k('logical_unit').where({ document: actId }).first()), id: '11111111-1111-4111-8111-111111111111', canonical_address: '7-2026-qh15/dieu-4', parent: null };
	await asSuperuser(k, (trx) => trx('logical_unit').insert(squatter));
	const before = await counts(k);
	const snap = await snapshot(small);
	const r = await ids.executor.api.post('/iu-cutter/cut', { entry: submitted.entry });
	assert.equal(r.status, 409, r.text.slice(0, 500));
	assert.equal(r.body.errors[0].extensions.code, 'IU_CUT_ABORTED');
	assert.match(r.body.errors[0].message, /nothing was written/);
	assert.deepEqual(await counts(k), before);
	assert.deepEqual(await snapshot(small), snap);
	await asSuperuser(k, (trx) => trx('logical_unit').where({ id: squatter.id }).delete());
	await ok(ids.executor, '/iu-cutter/cut', { entry: submitted.entry });
	assert.equal((await ok(ids.verifier, '/iu-cutter/verify', { entry: submitted.entry })).passed, true);
});

// ── the amendment, point-in-time resolution and rollback ─────────────────────

test('amendment: renumber cascade with Điều 10a inserted, a clause split, an article retired; old addresses resolve before and after; rollback restores', async () => {
	const old10 = await k('logical_unit').where({ canonical_address: `${SLUG}/dieu-10` }).first();
	const old11 = await k('logical_unit').where({ canonical_address: `${SLUG}/dieu-11` }).first();
	const old5 = await k('logical_unit').where({ canonical_address: `${SLUG}/dieu-5` }).first();
	const oldK3 = await k('logical_unit').where({ canonical_address: `${SLUG}/dieu-3/khoan-3` }).first();
	const aliasesBefore = Number((await k('canonical_address_alias').count({ n: '*' }))[0].n);

	const amendment = await fullCycle(ids, { document: actId, text: amend(actText), effective_from: AMENDED });
	assert.equal(amendment.verified.passed, true, JSON.stringify(amendment.verified.report.violations.slice(0, 5)));
	const c = amendment.submitted.counts;
	assert.ok(c.readdress > 6000, `renumber cascade readdresses ${c.readdress}`);
	assert.equal(c.create, 4, 'Điều 10a with two clauses, and the new khoản 3 of Điều 3');
	assert.equal(c.retire, 13, 'Điều 5 with its 3 clauses and 9 points');
	// The preview places each retired unit where it was: under its parent, after the sibling it followed.
	const place = (address) => {
		const b = amendment.preview.blocks.find((x) => x.address === `${SLUG}/${address}`);
		return [b.action, b.parent_address, b.follows];
	};
	assert.deepEqual(place('dieu-5'), ['retire', `${SLUG}/chuong-1`, `${SLUG}/dieu-4`]);
	assert.deepEqual(place('dieu-5/khoan-1'), ['retire', `${SLUG}/dieu-5`, null]);
	assert.deepEqual(place('dieu-5/khoan-2/diem-b'), ['retire', `${SLUG}/dieu-5/khoan-2`, `${SLUG}/dieu-5/khoan-2/diem-a`]);

	const now = (address) => k('logical_unit').where({ canonical_address: `${SLUG}/${address}` }).first();
	assert.equal((await now('dieu-11')).id, old10.id, 'Điều 10 is now Điều 11');
	assert.equal((await now('dieu-12')).id, old11.id);
	assert.ok(await now('dieu-10a'));
	assert.equal((await now('dieu-3/khoan-4')).id, oldK3.id, 'old khoản 3 of Điều 3 is khoản 4');
	assert.equal((await now('dieu-5')).lifecycle_status, 'retired');
	const split = await k('canonical_address_alias').where({ alias_text: `${SLUG}/dieu-3/khoan-2`, alias_kind: 'split' }).select('target_unit_id');
	assert.ok(split.length >= 1, 'the split clause has split aliases');

	// The unit timeline finds a renumbered unit by its former address, and shows both change sets.
	const line = await ids.reviewer.api.ok('GET', `/iu-cutter/timeline?address=${SLUG}/dieu-10`);
	assert.equal(line.unit.id, old10.id);
	assert.equal(line.unit.canonical_address, `${SLUG}/dieu-11`);
	assert.deepEqual(line.unit_changes.map((x) => [x.action, x.canonical_address]), [['create', `${SLUG}/dieu-10`], ['readdress', `${SLUG}/dieu-11`]]);

	const resolve = (address, at) => ids.reviewer.api.ok('POST', '/iu-cutter/resolve', { address: `${SLUG}/${address}`, at });
	let r = await resolve('dieu-10', BEFORE);
	assert.equal(r.outcome, 'canonical');
	assert.equal(r.unit_id ?? r.unit?.unit_id, old10.id, JSON.stringify(r));
	r = await resolve('dieu-10', AFTER);
	assert.equal(r.outcome, 'alias', JSON.stringify(r));
	assert.equal(r.current_address ?? r.unit?.current_address, `${SLUG}/dieu-11`, JSON.stringify(r));
	r = await resolve('dieu-11', BEFORE);
	assert.equal(r.unit_id ?? r.unit?.unit_id, old11.id, JSON.stringify(r));
	r = await resolve('dieu-11', AFTER);
	assert.equal(r.outcome, 'canonical');
	assert.equal(r.unit_id ?? r.unit?.unit_id, old10.id, JSON.stringify(r));
	const viaGet = await ids.reviewer.api.ok('GET', `/iu-cutter/resolve?address=${SLUG}/dieu-10&at=${AFTER}`);
	assert.equal(viaGet.outcome, 'alias', JSON.stringify(viaGet));
	assert.equal((await resolve('dieu-10a', BEFORE)).outcome, 'unknown');
	assert.equal((await resolve('dieu-10a', AFTER)).outcome, 'canonical');
	assert.equal((await resolve('dieu-5', BEFORE)).outcome, 'canonical', 'Điều 5 was in force before its repeal');
	assert.equal((await resolve('dieu-5', AFTER)).outcome, 'retired');
	r = await resolve('dieu-3/khoan-3', BEFORE);
	assert.equal(r.unit_id ?? r.unit?.unit_id, oldK3.id, JSON.stringify(r));

	// Rollback: a governed change set built from the before-images, reviewed, cut and verified.
	const rolled = await ok(ids.submitter, '/iu-cutter/rollback', { entry: amendment.submitted.entry });
	assert.equal(rolled.rollback_of, amendment.submitted.entry);
	const steps = await approveCutVerify(ids, rolled);
	assert.equal(steps.verified.passed, true, JSON.stringify(steps.verified.report.violations.slice(0, 5)));
	// The trial confirmed one unit without changing it, so this is the store the first cycle left.
	assert.deepEqual(await snapshot(actId), afterFirst);
	assert.equal(Number((await k('canonical_address_alias').count({ n: '*' }))[0].n), aliasesBefore);
	assert.equal((await now('dieu-10')).id, old10.id);
	assert.equal(await now('dieu-10a'), undefined);
	assert.equal((await resolve('dieu-10', AFTER)).outcome, 'canonical');
	assert.equal((await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify')).passed, true);
});

// ── the Flows operation ───────────────────────────────────────────────────────

test('Flows operation "IU Cutter workflow" runs a step with the triggering user\'s accountability', async () => {
	const flow = await admin.ok('POST', '/flows', {
		name: 'iu-cutter resolve',
		icon: 'content_cut',
		status: 'active',
		trigger: 'webhook',
		accountability: '$trigger',
		options: { method: 'POST', async: false, return: '$last' },
	});
	const op = await admin.ok('POST', '/operations', {
		flow: flow.id,
		key: 'resolve',
		name: 'Resolve',
		type: 'iu-cutter-workflow',
		position_x: 19,
		position_y: 1,
		options: { action: 'resolve', payload: { address: '{{$trigger.body.address}}', at: '{{$trigger.body.at}}' } },
	});
	await admin.ok('PATCH', `/flows/${flow.id}`, { operation: op.id });
	const r = await ids.reviewer.api.post(`/flows/trigger/${flow.id}`, { address: `${SLUG}/dieu-44`, at: AFTER });
	assert.equal(r.status, 200, r.text.slice(0, 500));
	// A webhook flow answers with its last operation's result as is.
	assert.equal(r.body.outcome, 'canonical', r.text.slice(0, 500));
	// Without a user the same operation is refused: flows can never do more than their caller.
	const anon = await client(directus.url, null).post(`/flows/trigger/${flow.id}`, { address: `${SLUG}/dieu-44`, at: AFTER });
	assert.notEqual(anon.body?.outcome, 'canonical', anon.text.slice(0, 500));
	assert.match(anon.text, /signed-in user|FORBIDDEN|error/i);
});

// ── backups of a real ledger ─────────────────────────────────────────────────

test('backup:verify restores the whole unit store and ledger and finds every row equal, cell for cell', async () => {
	const out = mkdtempSync(join(tmpdir(), 'iu-gov-backup-'));
	try {
		const spec = DB === 'postgres' ? `postgres://postgres@127.0.0.1:${db.port}/${db.database}` : `sqlite:${join(dir, 'data.db')}`;
		const r = spawnSync(process.execPath, [join(ROOT, 'scripts/backup.js'), '--db', spec, '--out', out], { encoding: 'utf8', timeout: 600_000 });
		assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
		assert.match(r.stdout, /PASS {2}cells manifest_unit_block: \d{4,} rows equal cell for cell/);
		assert.match(r.stdout, /PASS {2}cells logical_unit: \d{4,} rows equal/);
	} finally {
		rmSync(out, { recursive: true, force: true });
	}
});

// ── tamper evidence (last: it breaks the chain on purpose) ───────────────────

test('a ledger row edited in the database breaks the chain, and the check names it', async () => {
	const row = await k('review_decision').orderBy('ledger_seq').first();
	await asSuperuser(k, (trx) => trx('review_decision').where({ id: row.id }).update({ comment: 'rewritten history' }), { triggersOff: ['review_decision'] });
	const r = await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(r.passed, false);
	assert.ok(r.violations.some((v) => v.row_id === row.id && v.collection === 'review_decision'), JSON.stringify(r.violations.slice(0, 3)));
});

// ── the migration runner's reserved actor (iu0011) ───────────────────────────

test('the migration runner\'s reserved actor (MIGRATION_ACTOR) is refused by every step, whatever its policies grant', async () => {
	const MIGRATION_ACTOR = '00000000-0000-4000-8000-0000000000b1';
	// An administrator makes an API user with that id (a restore from elsewhere could bring one) and gives it every
	// capability of the workflow in one API-only policy (no app access, no role: no seat): it still can do nothing.
	const token = 'migration-actor-test-token-0123456789';
	await admin.ok('POST', '/users', { id: MIGRATION_ACTOR, email: 'not-the-runner@example.com', first_name: 'not the runner', token, role: null });
	const policy = await admin.ok('POST', '/policies', { name: 'Every workflow capability', icon: 'key', admin_access: false, app_access: false });
	const grants = [
		...['logical_unit', 'legal_document', 'canonical_address_alias', 'decision_backlog_entry'].map((c) => [c, 'read']),
		...['decision_backlog_entry', 'review_decision', 'cut_change_set', 'verify_result', 'decision_backlog_sweep_log'].map((c) => [c, 'create']),
	];
	await admin.ok('POST', '/permissions', grants.map(([collection, action]) => ({ policy: policy.id, collection, action, fields: ['*'] })));
	await admin.ok('POST', '/access', { user: MIGRATION_ACTOR, policy: policy.id });
	const reserved = client(directus.url, token);
	assert.equal((await reserved.get('/users/me')).status, 200, 'Directus itself knows the user');
	const entry = '0b5d0c1e-0d4a-4c1b-8f1e-2a7d3c5b9eab';
	const sha = 'a'.repeat(64);
	let before = await counts(k);
	const calls = [
		['POST', '/iu-cutter/preview', { document: actId }],
		['POST', '/iu-cutter/submit', { document: actId, created_at: FIRST, manifest_sha256: sha }],
		['POST', '/iu-cutter/amend/preview', { document: actId, amending: [{ document: small }] }],
		['POST', '/iu-cutter/review', { entry, decision: 'approve', manifest_sha256: sha }],
		['POST', '/iu-cutter/cut', { entry }],
		['POST', '/iu-cutter/verify', { entry }],
		['POST', '/iu-cutter/sweep', { entry }],
		['POST', '/iu-cutter/rollback', { entry }],
		['POST', '/iu-cutter/incident', { note: 'by the reserved actor' }],
		['POST', '/iu-cutter/repair', { incident: entry }],
		['GET', '/iu-cutter/entries'],
		['GET', `/iu-cutter/resolve?address=${SLUG}/dieu-1`],
	];
	for (const [method, path, body] of calls) {
		const r = await reserved.call(method, path, body);
		assert.equal(r.status, 403, `${method} ${path}: ${r.text.slice(0, 500)}`);
		assert.equal(r.body.errors[0].extensions.code, 'IU_FORBIDDEN', `${method} ${path}`);
		assert.match(r.body.errors[0].message, /reserved for the migration runner/, `${method} ${path}`);
	}
	assert.deepEqual(await counts(k), before, 'nothing was written');
});

test('a document whose positions still hold document places (a cut of iu-cutter-manifest-v1, no upgrade cut) refuses preview, submit and amendments with 409 IU_POSITIONS_PENDING, naming it and its upgrade entry', async () => {
	const doc = (await ok(ids.submitter, '/items/legal_document', { doc_code: '8/2026/QH15', title: 'Luật cắt trước iu0011', language: 'vi', vocabulary: 'vi', source_text: core.generatedAct({ chapters: 1, articlesPerChapter: 2, clausesPerArticle: 2, pointsPerClause: 0 }) })).id;
	// What a CUT of the release before iu0011 leaves in the ledger (rows appended by hand, as a restored old store holds them).
	let seq = 0;
	for (const t of LEDGER) seq = Math.max(seq, Number((await k(t).max({ m: 'ledger_seq' }))[0].m ?? 0));
	const row = (values) => ({ id: crypto.randomUUID(), ledger_seq: ++seq, recorded_at: '2026-01-02T00:00:00.000Z', recorded_by: ids.executor.id, row_hash: crypto.randomUUID().replaceAll('-', '').padEnd(64, '0'), ...values });
	const envelope = (extra) => JSON.stringify({ base_sha256: '0'.repeat(64), counts: {}, created_at: FIRST, created_by: ids.submitter.id, doc: '8-2026-qh15', document_id: doc, effective_from: FIRST, enact: false, source_sha256: '1'.repeat(64), vocabulary: 'vi', ...extra });
	const entryWith = async (trx, env, events) => {
		const entry = row({ kind: 'cut', document: doc, manifest_sha256: 'f'.repeat(64), title: 'by hand', submitted_by: ids.submitter.id });
		await trx('decision_backlog_entry').insert(entry);
		for (const event of events) await trx('decision_backlog_history').insert(row({ entry: entry.id, event, actor: ids.submitter.id, detail: null }));
		await trx('manifest_envelope').insert(row({ entry: entry.id, manifest_sha256: 'f'.repeat(64), document: doc, base_sha256: '0'.repeat(64), source_sha256: '1'.repeat(64), effective_from: FIRST, block_count: 0, envelope_json: env }));
		return entry.id;
	};
	await asSuperuser(k, async (trx) => {
		const entry = await entryWith(trx, envelope({ format: 'iu-cutter-manifest-v1' }), ['submitted', 'approved', 'cut']);
		await trx('cut_change_set').insert(row({ entry, kind: 'cut', manifest_sha256: 'f'.repeat(64), document: doc, executor: ids.executor.id, base_sha256: '0'.repeat(64), result_sha256: '2'.repeat(64), units_written: 0, aliases_written: 0, aliases_removed: null, gate_report: '{}' }));
	});
	const expectPending = async (path, body, upgrade) => {
		const r = await ids.submitter.api.post(path, body);
		assert.equal(r.status, 409, `${path}: ${r.text.slice(0, 500)}`);
		const e = r.body.errors[0];
		assert.equal(e.extensions.code, 'IU_POSITIONS_PENDING', path);
		assert.equal(e.extensions.document, doc);
		assert.equal(e.extensions.upgrade_entry, upgrade);
		assert.match(e.message, /8\/2026\/QH15/);
		assert.match(e.message, upgrade ? new RegExp(`upgrade entry ${upgrade} \\(submitted\\)`) : /run `npm run migrate` to open it/);
		assert.match(e.message, /Nothing was written/);
	};
	let before = await counts(k);
	const calls = [
		['/iu-cutter/preview', { document: doc }],
		['/iu-cutter/submit', { document: doc, created_at: FIRST, manifest_sha256: 'a'.repeat(64) }],
		['/iu-cutter/amend/preview', { document: doc, amending: [{ document: small }] }],
	];
	for (const [path, body] of calls) await expectPending(path, body, null);
	assert.deepEqual(await counts(k), before, 'nothing was written');
	// The runner's upgrade entry, open: each refusal names it.
	const upgrade = await asSuperuser(k, (trx) => entryWith(trx, envelope({ format: 'iu-cutter-manifest-v2', positions_upgrade: true }), ['submitted']));
	before = await counts(k);
	for (const [path, body] of calls) await expectPending(path, body, upgrade);
	assert.deepEqual(await counts(k), before, 'nothing was written');
	// Rejected, it is not open any more: the refusal says how to open another.
	await asSuperuser(k, (trx) => trx('decision_backlog_history').insert(row({ entry: upgrade, event: 'rejected', actor: ids.reviewer.id, detail: null })));
	await expectPending('/iu-cutter/preview', { document: doc }, null);
});
