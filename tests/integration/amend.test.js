// Applying an amending law, on real texts: Nghị định 75/2021/NĐ-CP as issued is cut through the
// ordinary workflow, then Nghị định 55/2023/NĐ-CP — which amends it — is given as text to
// POST /iu-cutter/amend/preview and /amend/submit. The server's core reads the decree's
// instructions, applies them to the stored units and plans an ordinary manifest; the amending
// decree is stored as a legal_document of its own; review, CUT and VERIFY run unchanged; the
// timeline (and the resolver, asked for history) say which law and provision changed a unit.
// Fixtures: core/tests/fixtures/amend/nd-75-2021-nd-cp/ (SOURCE.md there).
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
import { ok, fullCycle, approveCutVerify, outstandingRefs } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'amend-test-password' };
const PASSWORD = 'amend-workflow-password';
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

let pg, dir, directus, ids, k, admin, docId;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-amend-${DB}-`));
	let db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 56250 + (process.pid % 150) });
		db = pg.createDatabase('iu_amend');
	}
	directus = await startDirectus({ dir, port: 36000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h' } });
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	k = openDb(db, dir);
	docId = (await ok(ids.submitter, '/items/legal_document', DOC)).id;
	// Cut as issued: the decree's own commencement date.
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
const preview = (who, amending, extra = {}) => call(who, '/iu-cutter/amend/preview', { document: docId, amending, ...extra });
const row = (s) => `${s.provision} ${s.kind} ${s.targets.join(',')} ${s.effective ?? '-'} ${s.applied ? `→ ${s.blocks.length} block(s)` : `NOT APPLIED ${s.code}: ${s.reason}`}`;

let previewed;

test('NĐ 55/2023 given as text: the preview lists every instruction beside the blocks it produced', async () => {
	const t0 = Date.now();
	previewed = await preview(ids.submitter, [LAW]);
	console.log(`amend/preview took ${Date.now() - t0} ms`);
	assert.equal(previewed.status, 200, JSON.stringify(previewed).slice(0, 3000));
	const p = previewed;
	console.log(`summary ${JSON.stringify(p.summary)}; counts ${JSON.stringify(p.counts)}; gates passed ${p.gates.passed}`);
	for (const s of p.steps) console.log(`  ${row(s)}`);
	for (const u of p.unreadable) console.log(`  unreadable ${u.law} line ${u.line} ${u.code}: ${u.reason}`);

	assert.equal(p.document.id, docId);
	assert.equal(p.laws.length, 1);
	assert.equal(p.laws[0].doc_code, LAW.doc_code);
	assert.ok(p.steps.length > 0, 'steps');
	assert.deepEqual(p.diagnostics, []);
	// The summary counts the steps.
	const forDocument = p.steps.filter((s) => s.for_document);
	assert.equal(p.summary.instructions, p.steps.length);
	assert.equal(p.summary.applied, forDocument.filter((s) => s.applied).length);
	assert.equal(p.summary.not_applied, forDocument.filter((s) => !s.applied).length);
	assert.equal(p.summary.other_law, p.steps.length - forDocument.length);
	assert.equal(p.summary.unreadable, p.unreadable.length);
	assert.ok(p.summary.applied > 0, 'some instructions apply');
	// Every step names its law, provision and targets; applied ones point at real blocks, the others say why.
	for (const s of p.steps) {
		assert.equal(s.law, LAW.doc_code);
		assert.match(s.provision, /^Điều \d+/);
		assert.match(s.ref, /^55-2023-ndd-cp\//);
		for (const b of s.blocks) assert.ok(b >= 0 && b < p.blocks.length, `${s.ref} block ${b}`);
		if (!s.applied) assert.ok(s.code && s.reason, `${s.ref} says why it was not applied`);
	}
	// NĐ 55/2023 comes into force on 5 September 2023 (Điều 2 khoản 1).
	assert.equal(p.laws[0].in_force, '2023-09-05');
	assert.ok(p.steps.every((s) => s.effective), 'each instruction has its date');
	// Each block names the instruction(s) behind it, and the step it names lists it. The units after the three points
	// Điều 1 khoản 4 adds to Điều 12 khoản 4 only move down (position): they name the instruction that added or
	// removed units before them.
	assert.ok(p.blocks.length > 0, 'blocks');
	p.blocks.forEach((b, i) => {
		assert.ok(b.amended_by?.length > 0, `block ${i} ${b.address} names no instruction`);
		for (const ref of b.amended_by) assert.ok(p.steps.find((s) => s.ref === ref)?.blocks.includes(i), `${ref} lists block ${i}`);
	});
	const moved = p.blocks.filter((b) => b.changed?.length === 1 && b.changed[0] === 'position');
	const structural = new Set(p.steps.filter((s) => ['insert', 'replace', 'repeal'].includes(s.kind)).map((s) => s.ref));
	assert.ok(moved.every((b) => b.amended_by.every((r) => structural.has(r))), 'moved units name an instruction that added or removed units');
	// A position counts among siblings (issue 30): only later siblings of a unit added or removed move.
	const parentOf = (address) => address.slice(0, address.lastIndexOf('/'));
	const touched = new Set(p.blocks.filter((b) => ['create', 'retire', 'remove'].includes(b.action)).map((b) => parentOf(b.address)));
	for (const b of moved) assert.ok(touched.has(parentOf(b.address)), `${b.address} moves, but no sibling of it was added or removed`);
	assert.deepEqual(
		p.blocks.filter((b) => b.action === 'create').map((b) => b.address),
		['d', 'dd', 'e'].map((x) => `75-2021-ndd-cp/dieu-12/khoan-4/diem-${x}`),
	);
	// What changed, counted by the core for the page: the blocks by what they change and section type, in the
	// document's own words; the position-only blocks (the later siblings above) are marked for the page to fold.
	// The three points are appended after the last point of Điều 12 khoản 4: no later sibling shifts (the browser
	// walk of the same decree showed none either), so nothing is folded here.
	assert.equal(moved.length, 0, moved.map((b) => b.address).join(', '));
	assert.deepEqual(
		p.blocks.flatMap((b, i) => (b.position_only ? [i] : [])),
		p.blocks.flatMap((b, i) => (b.action === 'update' && b.changed.length === 1 && b.changed[0] === 'position' ? [i] : [])),
	);
	assert.equal(p.changes.positions, 'siblings');
	assert.equal(p.changes.positions_upgrade, false);
	assert.equal(p.changes.language, 'vi');
	assert.equal(p.changes.changes.reduce((n, c) => n + c.count, 0), p.blocks.length, 'every block is counted once');
	const count = (change, type) => p.changes.changes.find((c) => c.change === change && c.section_type === type)?.count ?? 0;
	assert.equal(count('added', 'diem'), 3);
	assert.equal(p.changes.changes.find((c) => c.section_type === 'diem').label, 'Điểm', 'the store’s label');
	assert.equal(p.changes.changes.filter((c) => c.change === 'position_only').reduce((n, c) => n + c.count, 0), moved.length);
	assert.ok(count('replaced', 'khoan') >= 1, 'Điều 3 khoản 1 is replaced');
	const applied = p.steps.filter((s) => s.applied);
	assert.ok(applied.every((s) => s.blocks.length > 0), 'each applied instruction changes something the first time');
	// Điều 3 khoản 1 (mức chuẩn 1.624.000 → 2.055.000 đồng) is replaced.
	const article3 = p.blocks.find((b) => b.address === '75-2021-ndd-cp/dieu-3/khoan-1');
	assert.ok(article3, p.blocks.map((b) => `${b.action} ${b.address}`).join('\n'));
	assert.equal(article3.action, 'update');
	assert.match(article3.excerpt, /2\.055\.000 đồng/);
	assert.equal(p.gates.passed, true, JSON.stringify(p.gates));
	// Nothing is written by a preview.
	assert.equal(await k('legal_document').where({ doc_code: LAW.doc_code }).first(), undefined);
});

test('submit stores the amending law as a document; review, CUT and VERIFY run unchanged; the timeline says "amended by"', async () => {
	const p = previewed;
	assert.ok(p, 'the preview ran');
	const submitted = await ok(ids.submitter, '/iu-cutter/amend/submit', { document: docId, amending: [LAW], created_at: p.request.created_at, manifest_sha256: p.manifest_sha256 });
	assert.equal(submitted.manifest_sha256, p.manifest_sha256);
	assert.equal(submitted.existing, false);
	const stored = await k('legal_document').where({ doc_code: LAW.doc_code }).first();
	assert.ok(stored, 'the amending law is a legal_document');
	assert.equal(stored.source_text, AMENDING);
	assert.equal(stored.title, LAW.title);
	assert.equal(stored.vocabulary, 'vi');
	assert.equal(stored.slug, '55-2023-ndd-cp');
	assert.deepEqual(submitted.amending_documents, [{ doc_code: LAW.doc_code, id: stored.id, created: true }]);
	const entry = await k('decision_backlog_entry').where({ id: submitted.entry }).first();
	assert.match(entry.title, /^AMEND 75\/2021\/NĐ-CP: by 55\/2023\/NĐ-CP: /);

	// The envelope the reviewer approves records the law and every instruction.
	const manifest = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${submitted.entry}/manifest`);
	assert.equal(manifest.sha256_verified, true);
	assert.equal(manifest.envelope.amendment.laws[0].doc_code, LAW.doc_code);
	assert.equal(manifest.envelope.amendment.steps.length, p.steps.filter((s) => s.for_document).length);
	assert.deepEqual(
		manifest.blocks.map((b) => b.amended_by ?? null),
		p.blocks.map((b) => b.amended_by ?? null),
		'the review page sees amended_by on the blocks',
	);
	// The review page reads the same summary, and pages without the position-only blocks when asked.
	assert.deepEqual(manifest.changes, p.changes);
	assert.equal(manifest.blocks_total, p.blocks.length);
	assert.deepEqual(manifest.blocks.map((b) => b.index), p.blocks.map((_, i) => i));
	const listed = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${submitted.entry}/manifest?hide_position_only=true&offset=1&limit=3`);
	const kept = p.blocks.flatMap((b, i) => (b.position_only ? [] : [i]));
	assert.equal(listed.total, kept.length);
	assert.equal(listed.blocks_total, p.blocks.length);
	assert.deepEqual(listed.blocks.map((b) => b.index), kept.slice(1, 4), 'offset and limit count the listed blocks');
	assert.ok(listed.blocks.every((b) => !b.position_only));
	const bad = await ids.reviewer.api.get(`/iu-cutter/entries/${submitted.entry}/manifest?hide_position_only=yes`);
	assert.equal(bad.status, 400, 'hide_position_only is true or false');

	// Submitting the same preview again answers the open entry and stores nothing more.
	const again = await ok(ids.submitter, '/iu-cutter/amend/submit', { document: docId, amending: [LAW], created_at: p.request.created_at, manifest_sha256: p.manifest_sha256 });
	assert.equal(again.existing, true);
	assert.equal(again.entry, submitted.entry);
	assert.equal(again.amending_documents[0].created, false);

	const steps = await approveCutVerify(ids, submitted);
	assert.equal(steps.verified.passed, true, JSON.stringify(steps.verified));
	const unit = await k('logical_unit').where({ canonical_address: '75-2021-ndd-cp/dieu-3/khoan-1' }).first();
	assert.match(unit.body, /2\.055\.000 đồng/);

	const timeline = await ids.reviewer.api.ok('GET', `/iu-cutter/timeline?address=${encodeURIComponent('75-2021-ndd-cp/dieu-3/khoan-1')}`);
	const changes = timeline.unit_changes;
	console.log(`timeline of dieu-3/khoan-1: ${JSON.stringify(changes.map((c) => ({ action: c.action, entry: c.entry, amended_by: c.amended_by })))}`);
	assert.equal(changes.length, 2, 'created by the first cut, updated by the amendment');
	assert.deepEqual(changes[0].amended_by, []);
	const by = changes[1].amended_by;
	assert.ok(by.length >= 1, JSON.stringify(changes[1]));
	assert.equal(by[0].law, LAW.doc_code);
	assert.match(by[0].provision, /^Điều 1 khoản 2/);
	assert.equal(by[0].effective, '2023-09-05');
	assert.match(by[0].ref, /^55-2023-ndd-cp\/dieu-1\/khoan-2/);

	// The resolver says it too when asked for the history (one indexed query); without it, the answer is as before.
	const plain = await ids.reviewer.api.ok('GET', `/iu-cutter/resolve?address=${encodeURIComponent('75-2021-ndd-cp/dieu-3/khoan-1')}`);
	assert.equal(plain.outcome, 'canonical');
	assert.equal(plain.amended_by, undefined);
	const history = await ids.reviewer.api.ok('GET', `/iu-cutter/resolve?address=${encodeURIComponent('75-2021-ndd-cp/dieu-3/khoan-1')}&history=true`);
	assert.deepEqual(history.amended_by, by);
	const batch = await ids.reviewer.api.post('/iu-cutter/resolve', { addresses: ['75-2021-ndd-cp/dieu-3'], history: true });
	assert.equal(batch.status, 400, batch.text);
	assert.equal(batch.body.errors[0].extensions.field, 'history');
});

test('the same law again, now stored: its instructions are recognized as applied in the change set that cut them', async () => {
	const stored = await k('legal_document').where({ doc_code: LAW.doc_code }).first('id');
	const entry = (await k('manifest_envelope').where({ document: docId }).andWhere('envelope_json', 'like', '%"amendment":%').first('entry')).entry;
	const p = await preview(ids.submitter, [{ document: stored.id }]);
	assert.equal(p.status, 200, JSON.stringify(p).slice(0, 3000));
	console.log(`again: summary ${JSON.stringify(p.summary)}; counts ${JSON.stringify(p.counts)}; ${p.blocks.length} block(s)`);
	for (const s of p.steps) console.log(`  ${row(s)} ${s.status} ${s.entry ?? ''}`);
	// Not applied again, and not a conflict: each is "recorded" in the entry that cut it.
	assert.deepEqual(p.blocks.map((b) => `${b.action} ${b.address}`), []);
	assert.ok(p.steps.length > 0);
	assert.ok(p.steps.every((s) => s.status === 'recorded' && s.entry === entry && s.recorded_applied === true && s.blocks.length === 0), 'recorded in the first change set');
	assert.equal(p.summary.recorded, previewed.summary.applied);
	assert.equal(p.summary.applied, 0);
	assert.equal(p.planned_date, null, 'nothing is planned');
	assert.ok(p.dates.every((d) => d.state === 'cut' && d.entries.includes(entry)), JSON.stringify(p.dates));
	// Given as text it reads the same (the stored document holds this very text).
	const asText = await preview(ids.submitter, [LAW]);
	assert.equal(asText.status, 200, JSON.stringify(asText).slice(0, 2000));
	assert.equal(asText.blocks.length, 0);
	const nothing = await call(ids.submitter, '/iu-cutter/amend/submit', { document: docId, amending: [{ document: stored.id }], created_at: p.request.created_at, manifest_sha256: p.manifest_sha256 });
	assert.equal(nothing.status, 422, JSON.stringify(nothing));
	assert.equal(nothing.code, 'IU_NOTHING_TO_CUT');
});

// The real chain of Luật Đấu thầu 22/2023/QH15 (core/tests/fixtures/amend/luat-22-2023-qh15, SOURCE.md there): Luật
// 57/2024/QH15 (in force 2025-01-15) and Luật 90/2025/QH15 (in force 2025-07-01) amend it, each also other laws.
const BIDDING = join(ROOT, 'core/tests/fixtures/amend/luat-22-2023-qh15');
const BIDDING_DOC = { doc_code: '22/2023/QH15', title: 'Luật Đấu thầu', language: 'vi', vocabulary: 'vi', source_text: readFileSync(join(BIDDING, 'original.txt'), 'utf8') };
const L57 = { doc_code: '57/2024/QH15', title: 'Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư, Luật Đầu tư theo phương thức đối tác công tư và Luật Đấu thầu', text: readFileSync(join(BIDDING, 'amending.txt'), 'utf8') };
const L90 = { doc_code: '90/2025/QH15', title: 'Luật sửa đổi, bổ sung một số điều của Luật Đấu thầu, Luật Đầu tư theo phương thức đối tác công tư, …', text: readFileSync(join(BIDDING, 'amending-2.txt'), 'utf8') };
// Changed by both: 57/2024 (Điều 4) rewrites its end, 90/2025 (Điều 1) the whole point.
const POINT = '22-2023-qh15/dieu-3/khoan-7/diem-d';

test('Luật 22/2023 with 57/2024 and 90/2025: two dates, two change sets cut in order; the text between the dates is 57/2024’s; reopening recognizes what is cut', async () => {
	const bidding = (await ok(ids.submitter, '/items/legal_document', BIDDING_DOC)).id;
	// The law as enacted: in force from its commencement.
	const first = await fullCycle(ids, { document: bidding, effective_from: '2024-01-01T00:00:00+07:00', enact: true });
	assert.equal(first.verified.passed, true, JSON.stringify(first.verified));
	const laws = [L90, L57]; // in any order: the core orders them
	const previewBidding = (amending) => call(ids.submitter, '/iu-cutter/amend/preview', { document: bidding, amending });
	const show = (p) => {
		console.log(`summary ${JSON.stringify(p.summary)}; planned ${p.planned_date}; dates ${JSON.stringify(p.dates.map((d) => [d.date, d.state, d.instructions, d.entries.length]))}; ${p.blocks.length} block(s)`);
		for (const s of p.steps.filter((x) => x.status === 'not-applied')) console.log(`  ${row(s)}`);
	};

	// 1. The first date: 57/2024's instructions for this law, in clause order; 90/2025's later.
	const a = await previewBidding(laws);
	assert.equal(a.status, 200, JSON.stringify(a).slice(0, 3000));
	show(a);
	assert.equal(a.planned_date, '2025-01-15');
	assert.equal(a.request.effective_from, '2025-01-15T00:00:00+07:00');
	assert.deepEqual(a.dates.map((d) => [d.date, d.state]), [['2025-01-15', 'planned'], ['2025-07-01', 'later']]);
	const mine = a.steps.filter((s) => s.for_document);
	assert.deepEqual(mine.map((s) => s.order), mine.map((_, i) => i + 1), 'this document’s instructions come first, in order');
	assert.ok(mine.filter((s) => s.law === '57/2024/QH15').every((s) => ['applied', 'not-applied'].includes(s.status) && s.effective === '2025-01-15'));
	assert.ok(mine.filter((s) => s.law === '90/2025/QH15').every((s) => s.status === 'later' && s.effective === '2025-07-01' && s.blocks.length === 0));
	assert.ok(a.summary.applied > 15 && a.summary.later > 50, JSON.stringify(a.summary));
	for (const s of mine.filter((x) => x.status === 'not-applied')) assert.ok(s.code && s.reason && s.hint, `${s.ref} says why and what to do`);
	// Both laws amend other laws too: counted, named by the law they amend, never applied.
	const other = a.steps.filter((s) => s.status === 'other-law');
	assert.equal(other.length, a.summary.other_law);
	assert.ok(other.some((s) => s.law === '57/2024/QH15' && /Luật Đầu tư/.test(s.amends)), 'other-law steps name the law they amend');
	const l57 = a.laws.find((l) => l.doc_code === '57/2024/QH15');
	assert.deepEqual(l57.rank, { rank: 1, kind: 'Luật' });
	assert.ok(l57.match.laws.find((x) => x.this_document)?.name.match(/Luật Đấu thầu/), JSON.stringify(l57.match.laws));
	assert.equal(l57.match.reason, undefined);
	assert.ok(a.blocks.every((b) => b.amended_by.every((r) => r.startsWith('57-2024-qh15/'))), 'only 57/2024 changes units now');
	assert.equal(a.gates.passed, true, JSON.stringify(a.gates));

	const s1 = await ok(ids.submitter, '/iu-cutter/amend/submit', { document: bidding, amending: laws, created_at: a.request.created_at, manifest_sha256: a.manifest_sha256 });
	const envelope1 = JSON.parse((await k('manifest_envelope').where({ entry: s1.entry }).first()).envelope_json);
	assert.equal(envelope1.effective_from, '2025-01-15T00:00:00+07:00');
	assert.ok(envelope1.amendment.steps.every((s) => s.law === '57/2024/QH15'), 'the envelope records the first date’s instructions only');

	// 2. Submitted, not cut: nothing is planned; the page names the change set it waits for.
	const waiting = await previewBidding(laws);
	assert.equal(waiting.status, 200, JSON.stringify(waiting).slice(0, 2000));
	assert.deepEqual(waiting.waiting, [s1.entry]);
	assert.equal(waiting.planned_date, null);
	assert.equal(waiting.blocks.length, 0);
	assert.deepEqual(waiting.dates.map((d) => d.state), ['open', 'waiting']);
	// The reviewer acknowledges what 57/2024 leaves outstanding (its appendix rows), as the review page asks.
	const cut1 = await approveCutVerify(ids, s1, { acknowledged: await outstandingRefs(ids.reviewer, s1.entry) });
	assert.equal(cut1.verified.passed, true, JSON.stringify(cut1.verified));
	const after57 = (await k('logical_unit').where({ canonical_address: POINT }).first()).body;
	assert.match(after57, /phục vụ trực tiếp cho gói thầu mà đơn vị sự nghiệp công lập đã ký hợp đồng;$/);
	// What 57/2024 inserted is law from its date (issue 46): stored in force like the units it rewrote, not as
	// drafts, and the resolver answers it from 2025-01-15, not before.
	const created = a.blocks.filter((x) => x.action === 'create').map((x) => x.address);
	assert.ok(created.length >= 5, `57/2024 inserts clauses and points: ${created.length}`);
	const rows = await k('logical_unit').whereIn('canonical_address', created).select('canonical_address', 'lifecycle_status', 'authority');
	assert.deepEqual(rows.map((r) => [r.canonical_address, r.lifecycle_status, r.authority]).sort(), created.map((x) => [x, 'active', 'enacted']).sort());
	const inserted = (at) => ids.reviewer.api.ok('GET', `/iu-cutter/resolve?address=${encodeURIComponent(created[0])}&at=${at}`);
	assert.equal((await inserted('2024-06-01T00:00:00Z')).outcome, 'unknown', 'not law before 57/2024');
	const inForce = await inserted('2025-03-01T00:00:00Z');
	assert.deepEqual([inForce.outcome, inForce.lifecycle_status], ['canonical', 'active'], JSON.stringify(inForce));

	// 3. Reopened with the same laws (now stored documents): 57/2024 is recognized, 90/2025 is next.
	const stored = await k('legal_document').whereIn('doc_code', ['57/2024/QH15', '90/2025/QH15']).select('id', 'doc_code');
	assert.equal(stored.length, 2, 'both laws were stored on submit');
	const again = stored.map((d) => ({ document: d.id }));
	const b = await previewBidding(again);
	assert.equal(b.status, 200, JSON.stringify(b).slice(0, 3000));
	show(b);
	assert.equal(b.planned_date, '2025-07-01');
	assert.equal(b.request.effective_from, '2025-07-01T00:00:00+07:00');
	assert.deepEqual(b.dates.map((d) => [d.date, d.state, d.entries]), [['2025-01-15', 'cut', [s1.entry]], ['2025-07-01', 'planned', []]]);
	const mine2 = b.steps.filter((s) => s.for_document);
	const applied57 = mine.filter((s) => s.law === '57/2024/QH15' && s.status === 'applied').map((s) => s.ref);
	for (const s of mine2.filter((x) => x.law === '57/2024/QH15')) {
		assert.equal(s.status, 'recorded', `${s.ref} is recognized`);
		assert.equal(s.entry, s1.entry);
		assert.equal(s.recorded_applied, applied57.includes(s.ref));
	}
	assert.ok(!b.steps.some((s) => s.code === 'conflict'), 'no instruction is a conflict');
	assert.ok(b.summary.applied > 50, JSON.stringify(b.summary));
	assert.equal(b.summary.recorded, mine.filter((s) => s.law === '57/2024/QH15').length);
	const s2 = await ok(ids.submitter, '/iu-cutter/amend/submit', { document: bidding, amending: again, created_at: b.request.created_at, manifest_sha256: b.manifest_sha256 });
	const cut2 = await approveCutVerify(ids, s2, { acknowledged: await outstandingRefs(ids.reviewer, s2.entry) });
	assert.equal(cut2.verified.passed, true, JSON.stringify(cut2.verified));
	const after90 = (await k('logical_unit').where({ canonical_address: POINT }).first()).body;
	assert.match(after90, /^Lựa chọn nhà thầu của doanh nghiệp nhà nước không sử dụng vốn ngân sách nhà nước/);

	// 4. Nothing left: every date is cut; submit has nothing to cut.
	const c = await previewBidding(again);
	assert.equal(c.status, 200);
	assert.equal(c.planned_date, null);
	assert.equal(c.blocks.length, 0);
	assert.deepEqual(c.dates.map((d) => [d.state, d.entries]), [['cut', [s1.entry]], ['cut', [s2.entry]]]);
	const none = await call(ids.submitter, '/iu-cutter/amend/submit', { document: bidding, amending: again, created_at: c.request.created_at, manifest_sha256: c.manifest_sha256 });
	assert.equal(none.code, 'IU_NOTHING_TO_CUT', JSON.stringify(none));

	// 5. The point in time: before 57/2024 the original, between the dates 57/2024's text, after 90/2025's.
	const at = async (date) => ids.reviewer.api.ok('GET', `/iu-cutter/unit/history?address=${encodeURIComponent(POINT)}&at=${date}`);
	const bodyAt = async (date) => {
		const h = await at(date);
		const v = h.versions.find((x) => x.version === h.version_at);
		assert.ok(v, `a version in force on ${date}: ${JSON.stringify({ version_at: h.version_at, versions: h.versions.map((x) => [x.version, x.valid_from, x.valid_until]) })}`);
		return v.body;
	};
	assert.match(await bodyAt('2024-06-01'), /đã trúng thầu;$/);
	assert.equal(await bodyAt('2025-03-01'), after57);
	assert.equal(await bodyAt('2025-06-30'), after57);
	assert.equal(await bodyAt('2025-08-01'), after90);
	const between = await ids.reviewer.api.ok('GET', `/iu-cutter/document?document=${bidding}&at=2025-03-01`);
	assert.equal(between.version.entry, s1.entry);
	assert.equal(between.units.find((u) => u.canonical_address === POINT).body, after57);
	const later = await ids.reviewer.api.ok('GET', `/iu-cutter/document?document=${bidding}&at=2025-08-01`);
	assert.equal(later.version.entry, s2.entry);
	// The unit's history names the law behind each change.
	const versions = (await at('2025-08-01')).versions;
	assert.deepEqual(versions.map((v) => v.amended_by?.[0]?.law ?? null), [null, '57/2024/QH15', '90/2025/QH15']);
});

test('an amending law with nothing for this document says which laws it names and what was compared', async () => {
	const p = await preview(ids.submitter, [{ doc_code: L57.doc_code, text: L57.text }]);
	assert.equal(p.status, 200, JSON.stringify(p).slice(0, 2000));
	assert.equal(p.blocks.length, 0);
	assert.equal(p.summary.other_law, p.steps.length);
	const m = p.laws[0].match;
	console.log(`match: ${JSON.stringify(m)}`);
	assert.match(m.reason, /57\/2024\/QH15 amends .*Luật Đấu thầu.*none of them is this document: its code 75\/2021\/NĐ-CP is not among the codes/);
	assert.equal(m.compared_code, '75/2021/NĐ-CP');
	assert.equal(m.compared_title, DOC.title);
	assert.ok(m.hint);
	assert.equal(p.planned_date, null);
});

test('refusals: anonymous, no capability, empty text, a wrong sha256, unknown documents, another text under a stored code', async () => {
	const body = { document: docId, amending: [LAW] };
	const anonymous = await client(directus.url, null).post('/iu-cutter/amend/preview', body);
	assert.equal(anonymous.status, 403, anonymous.text);

	const nobodyToken = 'amend-no-policy-' + Date.now();
	await admin.ok('POST', '/users', { email: 'amend-nobody@agents.example.com', token: nobodyToken, role: null });
	const nobody = await client(directus.url, nobodyToken).post('/iu-cutter/amend/preview', body);
	assert.equal(nobody.status, 403, nobody.text);
	assert.equal(nobody.body.errors[0].extensions.code, 'IU_FORBIDDEN');
	// The reviewer may preview (read permissions) but not submit.
	const reviewerSubmit = await call(ids.reviewer, '/iu-cutter/amend/submit', { ...body, created_at: '2026-01-01T00:00:00Z', manifest_sha256: '0'.repeat(64) });
	assert.equal(reviewerSubmit.status, 403, JSON.stringify(reviewerSubmit));

	const empty = await preview(ids.submitter, [{ doc_code: '99/2024/NĐ-CP', text: '  \n' }]);
	assert.equal(empty.status, 400, JSON.stringify(empty));
	assert.equal(empty.field, 'amending[0].text');
	const noCode = await preview(ids.submitter, { text: AMENDING });
	assert.equal(noCode.status, 400, JSON.stringify(noCode));
	assert.equal(noCode.field, 'amending[0].doc_code');
	const long = await preview(ids.submitter, [{ ...LAW, doc_code: `${'1'.repeat(60)}/2023/NĐ-CP` }]);
	assert.equal(long.status, 400, JSON.stringify(long));
	assert.equal(long.field, 'amending[0].doc_code');
	const unknownField = await preview(ids.submitter, [{ ...LAW, sha: 'x' }]);
	assert.equal(unknownField.status, 400, JSON.stringify(unknownField));
	assert.deepEqual(unknownField.fields, ['amending[0].sha']);
	const nul = await preview(ids.submitter, [{ ...LAW, text: 'Điều 1.\u0000' }]);
	assert.equal(nul.status, 400, JSON.stringify(nul));
	assert.equal(nul.code, 'IU_INVALID_TEXT');
	assert.equal(nul.path, 'amending[0].text');
	const itself = await preview(ids.submitter, [{ document: docId }]);
	assert.equal(itself.status, 400, JSON.stringify(itself));
	assert.equal(itself.field, 'amending[0].document');

	const p = await preview(ids.submitter, [{ doc_code: '56/2023/NĐ-CP', text: AMENDING }]);
	assert.equal(p.status, 200, JSON.stringify(p).slice(0, 2000));
	const wrong = await call(ids.submitter, '/iu-cutter/amend/submit', { document: docId, amending: [{ doc_code: '56/2023/NĐ-CP', text: AMENDING }], created_at: p.request.created_at, manifest_sha256: 'f'.repeat(64) });
	assert.equal(wrong.status, 409, JSON.stringify(wrong));
	assert.equal(wrong.code, 'IU_MANIFEST_MISMATCH');
	assert.equal(wrong.computed, p.manifest_sha256);
	assert.equal(await k('legal_document').where({ doc_code: '56/2023/NĐ-CP' }).first(), undefined, 'a refused submit stores no law');

	const missing = await call(ids.submitter, '/iu-cutter/amend/preview', { document: '00000000-0000-4000-8000-000000000000', amending: [LAW] });
	assert.equal(missing.status, 404, JSON.stringify(missing));
	assert.equal(missing.code, 'IU_NOT_FOUND');
	const missingLaw = await preview(ids.submitter, [{ document: '00000000-0000-4000-8000-000000000000' }]);
	assert.equal(missingLaw.status, 404, JSON.stringify(missingLaw));

	// The code of the stored 55/2023 with another text: refused, naming the code.
	const other = await preview(ids.submitter, [{ ...LAW, text: AMENDING.replace('2.055.000', '2.056.000') }]);
	assert.equal(other.status, 409, JSON.stringify(other));
	assert.equal(other.code, 'IU_AMENDING_LAW_CONFLICT');
	assert.equal(other.doc_code, LAW.doc_code);
});
