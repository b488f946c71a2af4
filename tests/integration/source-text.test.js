// The document's text follows its units (issue 31, item 5), on real texts: Nghị định 75/2021/NĐ-CP as issued is cut,
// then Nghị định 55/2023/NĐ-CP, which amends it, is applied and cut (as amend.test.js does). Before, the stored
// source_text kept the decree as issued and "Preview the cut" planned to undo the amendment with every gate passing.
// Now the CUT rewrites source_text from the live units in its transaction, so the preview plans nothing; and a
// preview of the ORIGINAL text names the amendment's change set as undone, and its submit is refused (409
// IU_UNDOES_CHANGE_SETS) unless the editor acknowledges exactly that change set (`undo`).
// Fixtures: core/tests/fixtures/amend/nd-75-2021-nd-cp/ (SOURCE.md there).
// Real Directus 12.4.0 with the built bundle; IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { openDb } from '../support/db.js';
import { ok, fullCycle, approveCutVerify } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'source-text-test-password' };
const PASSWORD = 'source-text-workflow-password';
const FIXTURES = join(ROOT, 'core/tests/fixtures/amend/nd-75-2021-nd-cp');
const ORIGINAL = readFileSync(join(FIXTURES, 'original.txt'), 'utf8');
const AMENDING = readFileSync(join(FIXTURES, 'amending.txt'), 'utf8');
const DOC = {
	doc_code: '75/2021/NĐ-CP',
	title: 'Nghị định quy định mức hưởng trợ cấp, phụ cấp và các chế độ ưu đãi người có công với cách mạng',
	language: 'vi',
	vocabulary: 'vi',
	source_text: ORIGINAL,
};
const LAW = { doc_code: '55/2023/NĐ-CP', title: 'Nghị định sửa đổi, bổ sung một số điều của Nghị định số 75/2021/NĐ-CP', text: AMENDING };
const sha256 = (s) => createHash('sha256').update(s, 'utf8').digest('hex');

let pg, dir, directus, ids, k, docId, amendment, amendedText;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-source-text-${DB}-`));
	let db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 56400 + (process.pid % 150) });
		db = pg.createDatabase('iu_source_text');
	}
	directus = await startDirectus({ dir, port: 37000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h' } });
	const token = await directus.login();
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	k = openDb(db, dir);
	docId = (await ok(ids.submitter, '/items/legal_document', DOC)).id;
	const first = await fullCycle(ids, { document: docId, effective_from: '2021-09-15T00:00:00Z' });
	assert.equal(first.verified.passed, true, JSON.stringify(first.verified));
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The answer's `data`, or the error's status, code and extensions. */
async function call(who, path, body) {
	const r = await who.api.post(path, body);
	if (r.status === 200) return { status: 200, ...r.body.data };
	const e = r.body?.errors?.[0];
	return { status: r.status, code: e?.extensions?.code, message: e?.message, ...e?.extensions };
}
const changing = (counts) => Object.entries(counts).filter(([a, n]) => a !== 'confirm' && n > 0);

test('a CUT of the editor\'s own stored text keeps it byte for byte', async () => {
	const doc = await k('legal_document').where({ id: docId }).first('source_text', 'source_sha256');
	assert.equal(doc.source_text, ORIGINAL);
	assert.equal(doc.source_sha256, sha256(ORIGINAL));
	const cut = await k('decision_backlog_history').where({ event: 'cut' }).orderBy('ledger_seq').first('detail');
	assert.equal(JSON.parse(cut.detail).source_text.rewritten, false);
});

test('after the amendment is cut, the stored text follows the units (same transaction), and the ledger says why', async () => {
	const p = await ok(ids.submitter, '/iu-cutter/amend/preview', { document: docId, amending: [LAW] });
	const submitted = await ok(ids.submitter, '/iu-cutter/amend/submit', { document: docId, amending: [LAW], created_at: p.request.created_at, manifest_sha256: p.manifest_sha256 });
	const steps = await approveCutVerify(ids, submitted);
	assert.equal(steps.verified.passed, true, JSON.stringify(steps.verified));
	amendment = steps.cut.change_set;
	// The CUT's answer and its history row (a ledger row) say the text was rewritten, from which hash to which.
	assert.equal(steps.cut.source_text.rewritten, true, JSON.stringify(steps.cut.source_text));
	assert.equal(steps.cut.source_text.before_sha256, sha256(ORIGINAL));
	assert.equal(steps.cut.source_text.differs, undefined, 'every live unit cuts back');
	const history = await k('decision_backlog_history').where({ entry: submitted.entry, event: 'cut' }).first('detail');
	assert.deepEqual(JSON.parse(history.detail).source_text, steps.cut.source_text);

	const doc = await k('legal_document').where({ id: docId }).first('source_text', 'source_sha256');
	amendedText = doc.source_text;
	assert.notEqual(amendedText, ORIGINAL, 'source_text changed');
	assert.equal(doc.source_sha256, sha256(amendedText));
	assert.equal(steps.cut.source_text.after_sha256, doc.source_sha256);
	// Head (title, preamble) and tail (signature) are the decree's own.
	assert.ok(amendedText.startsWith(ORIGINAL.slice(0, ORIGINAL.indexOf('Điều 1.'))), 'the preamble is kept');
	assert.ok(amendedText.includes('Nơi nhận'), 'the closing is kept');
	// The amendment's wording is in it: Điều 1 khoản 4 of NĐ 55/2023 adds points to Điều 12 khoản 4.
	const amendedUnit = await k('logical_unit').where({ document: docId, canonical_address: '75-2021-ndd-cp/dieu-12/khoan-4/diem-d' }).first('body');
	assert.ok(amendedUnit && amendedText.includes(amendedUnit.body.split('\n')[0]), 'an inserted point is in the text');

	// "Preview the cut" on the document (from its stored text) now plans nothing and undoes nothing.
	const again = await ok(ids.submitter, '/iu-cutter/preview', { document: docId });
	assert.deepEqual(changing(again.counts), [], JSON.stringify(again.counts));
	assert.deepEqual(again.blocks, []);
	assert.deepEqual(again.undoes, []);
	assert.equal(again.gates.passed, true);
	const nothing = await call(ids.submitter, '/iu-cutter/submit', { document: docId, created_at: again.request.created_at, manifest_sha256: again.manifest_sha256 });
	assert.equal(nothing.status, 422);
	assert.equal(nothing.code, 'IU_NOTHING_TO_CUT');
});

test('the ORIGINAL text now undoes the amendment: shown, refused without the acknowledgement, accepted with it', async () => {
	const p = await ok(ids.submitter, '/iu-cutter/preview', { document: docId, text: ORIGINAL });
	assert.ok(changing(p.counts).length > 0, 'the original text plans blocks');
	assert.equal(p.gates.passed, true, 'every gate passes: only the undo check sees it');
	assert.equal(p.undoes.length, 1, JSON.stringify(p.undoes).slice(0, 2000));
	const u = p.undoes[0];
	assert.equal(u.change_set, amendment);
	assert.equal(u.kind, 'cut');
	assert.ok(u.executor_name.includes(ids.executor.email), `who: ${u.executor_name}`);
	assert.ok(u.recorded_at, 'when');
	assert.equal(u.unit_count, p.blocks.length, 'every block sets back the amendment');
	assert.ok(u.units.some((x) => x.sets_back.includes('content')), 'a wording set back');
	assert.ok(u.units.some((x) => x.sets_back.includes('created')), 'an inserted unit retired');

	const body = { document: docId, text: ORIGINAL, created_at: p.request.created_at, manifest_sha256: p.manifest_sha256 };
	const before = await k('decision_backlog_entry').count({ n: '*' }).first();
	const refused = await call(ids.submitter, '/iu-cutter/submit', body);
	assert.equal(refused.status, 409, JSON.stringify(refused).slice(0, 1000));
	assert.equal(refused.code, 'IU_UNDOES_CHANGE_SETS');
	assert.match(refused.message, new RegExp(amendment));
	assert.match(refused.message, /"undo"/);
	assert.deepEqual(refused.undo_expected, [amendment]);
	// Naming another change set, or none among several, is no acknowledgement.
	const wrong = await call(ids.submitter, '/iu-cutter/submit', { ...body, undo: ['00000000-0000-4000-8000-000000000000'] });
	assert.equal(wrong.status, 409);
	assert.equal(wrong.code, 'IU_UNDOES_CHANGE_SETS');
	const extra = await call(ids.submitter, '/iu-cutter/submit', { ...body, undo: [amendment, '00000000-0000-4000-8000-000000000000'] });
	assert.equal(extra.status, 409);
	const malformed = await call(ids.submitter, '/iu-cutter/submit', { ...body, undo: amendment });
	assert.equal(malformed.status, 400);
	assert.equal(malformed.field, 'undo');
	assert.deepEqual(await k('decision_backlog_entry').count({ n: '*' }).first(), before, 'a refused submit writes nothing');

	const accepted = await ok(ids.submitter, '/iu-cutter/submit', { ...body, undo: [amendment] });
	const submitted = await k('decision_backlog_history').where({ entry: accepted.entry, event: 'submitted' }).first('detail');
	assert.deepEqual(JSON.parse(submitted.detail).undoes, [amendment], 'the ledger records what the editor chose to undo');
	// Cut, it sets the decree back as issued; the stored text follows again.
	const steps = await approveCutVerify(ids, accepted);
	assert.equal(steps.verified.passed, true);
	assert.equal(steps.cut.source_text.rewritten, true);
	const back = await ok(ids.submitter, '/iu-cutter/preview', { document: docId });
	assert.deepEqual(changing(back.counts), []);
	const originalAgain = await ok(ids.submitter, '/iu-cutter/preview', { document: docId, text: ORIGINAL });
	assert.deepEqual(changing(originalAgain.counts), [], 'the units are the decree as issued');
	assert.deepEqual(originalAgain.undoes, []);
});
