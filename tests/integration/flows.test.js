// The admin panel's workflow actions (scripts/flows.js): each shipped manual flow run through
// POST /flows/trigger/<id>, as Directus' item pages run it, by the users of the workflow, on real texts:
// Nghị định 75/2021/NĐ-CP as issued and Nghị định 55/2023/NĐ-CP, which amends it
// (core/tests/fixtures/amend/nd-75-2021-nd-cp/, SOURCE.md there). Checks what each run left in the ledger,
// the notification it wrote, and that a user without the capability is refused. Also the flow limit.
// Real Directus 12.4.0 with the built bundle; IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { openDb } from '../support/db.js';
import { client } from '../support/api.js';
import { ok, fullCycle } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { LEDGER_TABLES } from '../../migrations/iu0004-seal.js';
import { setupFlows, FLOW_IDS, FlowLimitError } from '../../scripts/flows.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'flows-test-password' };
const PASSWORD = 'flows-workflow-password';
const FIXTURES = join(ROOT, 'core/tests/fixtures/amend/nd-75-2021-nd-cp');
const DOC = {
	doc_code: '75/2021/NĐ-CP',
	title: 'Nghị định quy định mức hưởng trợ cấp, phụ cấp và các chế độ ưu đãi người có công với cách mạng',
	language: 'vi',
	vocabulary: 'vi',
	source_text: readFileSync(join(FIXTURES, 'original.txt'), 'utf8'),
};
const LAW = {
	doc_code: '55/2023/NĐ-CP',
	title: 'Nghị định sửa đổi, bổ sung một số điều của Nghị định số 75/2021/NĐ-CP',
	language: 'vi',
	vocabulary: 'vi',
	source_text: readFileSync(join(FIXTURES, 'amending.txt'), 'utf8'),
};

let pg, dir, directus, ids, k, admin, token, docId, lawId;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-flows-${DB}-`));
	let db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 56450 + (process.pid % 150) });
		db = pg.createDatabase('iu_flows');
	}
	directus = await startDirectus({ dir, port: 37000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h' } });
	token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	k = openDb(db, dir);
	docId = (await ok(ids.submitter, '/items/legal_document', DOC)).id;
	lawId = (await ok(ids.submitter, '/items/legal_document', LAW)).id;
	// Twice: the second run finds and updates what the first made.
	await setupFlows({ url: directus.url, token });
	await setupFlows({ url: directus.url, token });
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs a manual flow as the app does: the collection, the selected keys, the confirmation dialog's values. */
async function trigger(who, flow, collection, keys, values) {
	const r = await who.api.post(`/flows/trigger/${flow}`, { ...values, collection, keys });
	const e = r.body?.errors?.[0];
	return { status: r.status, data: r.body?.data ?? r.body, message: e?.message, code: e?.extensions?.code, text: r.text };
}
/** Rows in every ledger table: what a step left in the ledger. */
async function ledgerRows() {
	let n = 0;
	for (const table of LEDGER_TABLES) n += Number((await k(table).count({ n: '*' }))[0].n);
	return n;
}
const lastNotice = async (user) => k('directus_notifications').where({ recipient: user }).orderBy('id', 'desc').first();

test('setup: two manual flows running as the user who clicked, with their translation strings; run again, nothing is added', async () => {
	const flows = await admin.ok('GET', '/flows?fields=id,trigger,accountability,options,operation&limit=-1');
	assert.equal(flows.length, 2);
	for (const f of flows) {
		assert.equal(f.trigger, 'manual');
		assert.equal(f.accountability, '$trigger');
		assert.equal(f.options.location, 'both');
		assert.equal(f.options.requireConfirmation, true);
		assert.ok(f.operation);
	}
	assert.deepEqual(flows.map((f) => f.options.collections[0]).sort(), ['decision_backlog_entry', 'legal_document']);
	assert.equal((await admin.ok('GET', '/operations?limit=-1')).length, 2);
	const vi = await admin.ok('GET', '/translations?filter[key][_eq]=iu-cutter-manual-document-preview&filter[language][_eq]=vi-VN');
	assert.equal(vi.length, 1);
	assert.equal(vi[0].value, 'Xem trước bản cắt');
});

test('"Preview a cut" on a legal_document, as the editor: the preview, a notification with the link, nothing in the ledger', async () => {
	const before = await ledgerRows();
	const r = await trigger(ids.submitter, FLOW_IDS.document, 'legal_document', [docId], { action: 'preview' });
	assert.equal(r.status, 200, r.text.slice(0, 1000));
	assert.match(JSON.stringify(r.data ?? {}), /manifest_sha256|results/);
	assert.equal(await ledgerRows(), before, 'a preview writes nothing to the ledger');
	const n = await lastNotice(ids.submitter.id);
	assert.match(n.subject, /preview/);
	assert.match(n.message, /75\/2021\/NĐ-CP/);
	assert.match(n.message, new RegExp(`/admin/iu-cutter/preview\\?document=${docId}`));
	// Previewing needs reading the document and its units: a user who may read units only is refused.
	// (An API user without a role, as the agents: the licence's 3 seats are taken by the admin, editor and reviewer.)
	const policy = await admin.ok('POST', '/policies', { name: 'Units reader', app_access: false, admin_access: false });
	await admin.ok('POST', '/permissions', { policy: policy.id, collection: 'logical_unit', action: 'read', fields: ['*'] });
	const user = await admin.ok('POST', '/users', { email: 'reader@agents.example.com', token: 'units-reader-static-token', role: null });
	await admin.ok('POST', '/access', { user: user.id, policy: policy.id });
	const reader = { api: client(directus.url, 'units-reader-static-token') };
	const refused = await trigger(reader, FLOW_IDS.document, 'legal_document', [docId], { action: 'preview' });
	assert.equal(refused.status, 403, refused.text.slice(0, 500));
	assert.equal(await ledgerRows(), before);
});

test('"Apply an amending law" (preview) on the cut document, the law named by its code', async () => {
	await fullCycle(ids, { document: docId, effective_from: '2021-09-15T00:00:00Z' });
	const before = await ledgerRows();
	const r = await trigger(ids.submitter, FLOW_IDS.document, 'legal_document', [docId], { action: 'amend/preview', amending: LAW.doc_code });
	assert.equal(r.status, 200, r.text.slice(0, 1000));
	assert.equal(await ledgerRows(), before);
	const n = await lastNotice(ids.submitter.id);
	assert.match(n.message, /instruction/);
	assert.match(n.message, new RegExp(`/admin/iu-cutter/amend\\?document=${docId}`));
	const applied = Number(/(\d+) of \d+ instruction/.exec(n.message)?.[1]);
	assert.ok(applied > 0, n.message);
});

test('the entry flow: review (approve) as the reviewer, Run CUT as the executor, Verify as the verifier; others refused', async () => {
	const p = await ok(ids.submitter, '/iu-cutter/amend/preview', { document: docId, amending: [{ document: lawId }] });
	const submitted = await ok(ids.submitter, '/iu-cutter/amend/submit', { document: docId, amending: [{ document: lawId }], created_at: p.request.created_at, manifest_sha256: p.manifest_sha256 });
	const entry = submitted.entry;
	const run = (who, values) => trigger(who, FLOW_IDS.entry, 'decision_backlog_entry', [entry], values);

	// The editor holds no review capability; a wrong sha256 is refused naming the manifest.
	const byEditor = await run(ids.submitter, { action: 'review', decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
	assert.ok(byEditor.status >= 400, byEditor.text.slice(0, 500));
	// The notification says why, with the entry's link.
	const told = await lastNotice(ids.submitter.id);
	assert.match(told.subject, /review refused/);
	assert.match(told.message, new RegExp(`/admin/iu-cutter/entries/${entry}`));
	const wrong = await run(ids.reviewer, { action: 'review', decision: 'approve', manifest_sha256: 'a'.repeat(64) });
	assert.ok(wrong.status >= 400);
	assert.match(wrong.message ?? wrong.text, /manifest/);
	assert.equal(await k('review_decision').where({ entry }).count({ n: '*' }).first().then((x) => Number(x.n)), 0);

	const approved = await run(ids.reviewer, { action: 'review', decision: 'approve', manifest_sha256: submitted.manifest_sha256, comment: 'Đã đối chiếu với bản gốc.' });
	assert.equal(approved.status, 200, approved.text.slice(0, 1000));
	const decision = await k('review_decision').where({ entry }).first();
	assert.equal(decision.decision, 'approve');
	assert.equal(decision.reviewer, ids.reviewer.id);
	assert.equal(decision.comment, 'Đã đối chiếu với bản gốc.');
	assert.match((await lastNotice(ids.reviewer.id)).message, new RegExp(`/admin/iu-cutter/entries/${entry}`));

	// CUT: the reviewer is no executor.
	assert.ok((await run(ids.reviewer, { action: 'cut' })).status >= 400);
	assert.equal(await k('cut_change_set').where({ entry }).count({ n: '*' }).first().then((x) => Number(x.n)), 0);
	const cut = await run(ids.executor, { action: 'cut' });
	assert.equal(cut.status, 200, cut.text.slice(0, 1000));
	assert.equal(await k('cut_change_set').where({ entry }).count({ n: '*' }).first().then((x) => Number(x.n)), 1);

	// VERIFY: the executor may not verify their own CUT.
	assert.ok((await run(ids.executor, { action: 'verify' })).status >= 400);
	const verified = await run(ids.verifier, { action: 'verify' });
	assert.equal(verified.status, 200, verified.text.slice(0, 1000));
	const changeSet = await k('cut_change_set').where({ entry }).first('id');
	const result = await k('verify_result').where({ change_set: changeSet.id }).first();
	assert.equal(result.outcome, 'passed');
	assert.equal(result.verifier, ids.verifier.id);
});

test('a flow started without a user is refused, saying it runs From Trigger; a webhook flow filled in with the form\'s fields runs for a user', async () => {
	const flow = await admin.ok('POST', '/flows', { name: 'iu-cutter resolve (form)', status: 'active', trigger: 'webhook', accountability: '$trigger', options: { method: 'POST', async: false, return: '$last' } });
	try {
		const op = await admin.ok('POST', '/operations', { flow: flow.id, key: 'resolve', name: 'Resolve', type: 'iu-cutter-workflow', position_x: 19, position_y: 1, options: { action: 'resolve', address: '{{$trigger.body.address}}', history: false, at: '{{$trigger.body.at}}' } });
		await admin.ok('PATCH', `/flows/${flow.id}`, { operation: op.id });
		const first = (await k('logical_unit').where({ document: docId }).first('canonical_address')).canonical_address;
		const asUser = await ids.reviewer.api.post(`/flows/trigger/${flow.id}`, { address: first });
		assert.equal(asUser.status, 200, asUser.text.slice(0, 500));
		assert.equal(asUser.body.outcome, 'canonical', asUser.text.slice(0, 500));
		const anon = await client(directus.url, null).post(`/flows/trigger/${flow.id}`, { address: first });
		assert.notEqual(anon.body?.outcome, 'canonical');
		assert.match(anon.text, /From Trigger/);
	} finally {
		await admin.ok('DELETE', `/flows/${flow.id}`);
	}
});

test('the licence\'s flow limit: refused, naming the flows there are, nothing written', async () => {
	await admin.ok('DELETE', `/flows/${FLOW_IDS.entry}`);
	const others = [];
	for (let i = 0; i < 4; i++) others.push(await admin.ok('POST', '/flows', { name: `Institution flow ${i}`, status: 'inactive', trigger: 'manual', options: {} }));
	await assert.rejects(setupFlows({ url: directus.url, token }), (e) => e instanceof FlowLimitError && /licence allows 5/.test(e.message) && /Institution flow 3/.test(e.message));
	assert.equal((await admin.ok('GET', '/flows?limit=-1')).length, 5);
	for (const f of others) await admin.ok('DELETE', `/flows/${f.id}`);
	await setupFlows({ url: directus.url, token });
	assert.equal((await admin.ok('GET', '/flows?limit=-1')).length, 2);
});
