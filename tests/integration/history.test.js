// History on a real Directus 12.4.0 with the built bundle (IU_DB=sqlite, the default, or
// IU_DB=postgres): a real decree (NĐ 75/2021/NĐ-CP, core/tests/fixtures/amend) cut through the
// governed workflow, then a second CUT in force two years later that changes a clause's words
// and inserts an article (renumbering the two after it), then a rollback of that CUT in force a
// year later. GET /document, /unit/history and /diff must give back each text exactly as the
// store held it when it was in force.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { openDb } from '../support/db.js';
import { ok, fullCycle, approveCutVerify } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { DECREE, secondText } from '../support/history.js';
import { cutDemo } from '../../scripts/demo.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'history-test-password' };
const PASSWORD = 'history-workflow-password';
const CODE = DECREE.doc_code;
const SLUG = DECREE.slug;
const FIRST = '2021-09-15T00:00:00+07:00';
const SECOND = '2023-07-01T00:00:00+07:00';
const THIRD = '2024-07-01T00:00:00+07:00';
const original = DECREE.text;

let pg, dir, directus, db, k, ids, admin, docId, api;
let firstText, secondTextUnits, thirdText, changeSets;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-history-${DB}-`));
	db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 56700 + (process.pid % 150) });
		db = pg.createDatabase('iu_history');
	}
	directus = await startDirectus({ dir, port: 39000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h' } });
	const token = await directus.login();
	admin = client(directus.url, token);
	ids = await setupWorkflowRoles({ url: directus.url, token, password: PASSWORD });
	k = openDb(db, dir);
	api = ids.reviewer.api;
	docId = (await ok(ids.submitter, '/items/legal_document', { doc_code: CODE, title: DECREE.title, language: 'vi', vocabulary: 'vi', source_text: original })).id;
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The document as the store holds it now: what /document must give back for its time. */
async function storeNow() {
	const rows = await k('logical_unit').where({ document: docId }).whereNot({ lifecycle_status: 'retired' }).select('id', 'parent', 'position', 'canonical_address', 'heading', 'body');
	// Document order is the tree's (issue 30: a position counts among siblings): depth first, siblings by position.
	const children = new Map();
	for (const r of rows) children.set(r.parent ?? null, [...(children.get(r.parent ?? null) ?? []), r]);
	for (const list of children.values()) list.sort((a, b) => Number(a.position) - Number(b.position) || (a.id < b.id ? -1 : 1));
	const ordered = [];
	const walk = (parent) => {
		for (const r of children.get(parent) ?? []) {
			ordered.push(r);
			walk(r.id);
		}
	};
	walk(null);
	return ordered.map(({ id, canonical_address, heading, body }) => ({ id, canonical_address, heading: heading ?? null, body }));
}
const shape = (units) => units.map(({ id, canonical_address, heading, body }) => ({ id, canonical_address, heading, body }));
const q = (params) => new URLSearchParams(params).toString();
const textAt = (at, who = api) => who.ok('GET', `/iu-cutter/document?${q({ document: SLUG, ...(at ? { at } : {}) })}`);
const changeSetOf = async (entry) => (await k('cut_change_set').where({ entry }).first('id')).id;

test('three governed CUTs: the first text, the second in force from 2023-07-01, the rollback from 2024-07-01', async () => {
	const first = await fullCycle(ids, { document: docId, effective_from: FIRST });
	assert.equal(first.verified.passed, true);
	firstText = await storeNow();
	assert.ok(firstText.length > 30, `the decree cuts into ${firstText.length} units`);

	const second = await fullCycle(ids, { document: docId, text: secondText(), effective_from: SECOND });
	assert.equal(second.verified.passed, true);
	secondTextUnits = await storeNow();

	const rolled = await ok(ids.submitter, '/iu-cutter/rollback', { entry: second.submitted.entry, effective_from: THIRD });
	assert.equal((await approveCutVerify(ids, rolled)).verified.passed, true);
	thirdText = await storeNow();
	changeSets = { first: await changeSetOf(first.submitted.entry), second: await changeSetOf(second.submitted.entry), third: await changeSetOf(rolled.entry) };
	changeSets.entries = { first: first.submitted.entry, second: second.submitted.entry, third: rolled.entry };
	// The rollback restored the first text's addresses and words.
	assert.deepEqual(shape(thirdText), shape(firstText));
	assert.notDeepEqual(shape(secondTextUnits), shape(firstText));
});

test('GET /document gives the text in force at each date, and the change set it stands on', async () => {
	const before = await textAt('2021-01-01');
	assert.deepEqual([before.units, before.version], [[], null], 'nothing was in force before the first CUT');
	assert.deepEqual(before.document, { id: docId, doc_code: CODE, slug: SLUG, title: before.document.title, language: 'vi', vocabulary: 'vi' });

	const t1 = await textAt('2022-01-01');
	assert.deepEqual(shape(t1.units), shape(firstText));
	assert.equal(t1.at, '2022-01-01');
	assert.deepEqual(t1.version, { change_set: changeSets.first, entry: changeSets.entries.first, effective_from: FIRST });
	for (const u of t1.units) assert.deepEqual(Object.keys(u).sort(), ['body', 'canonical_address', 'heading', 'id', 'lifecycle_status', 'ordinal', 'parent', 'position', 'section_type']);

	// The instant itself counts (in force from midnight Vietnam time: 17:00 UTC the day before).
	assert.deepEqual(shape((await textAt('2023-06-30T16:59:59Z')).units), shape(firstText));
	const t2 = await textAt('2023-06-30T17:00:00Z');
	assert.deepEqual(shape(t2.units), shape(secondTextUnits));
	assert.equal(t2.version.change_set, changeSets.second);
	assert.deepEqual(shape((await textAt('2024-01-01T00:00:00+07:00')).units), shape(secondTextUnits));

	const t3 = await textAt('2025-01-01');
	assert.deepEqual(shape(t3.units), shape(thirdText));
	assert.equal(t3.version.change_set, changeSets.third);
	// No date: now.
	assert.deepEqual(shape((await textAt()).units), shape(thirdText));
	// By id and by doc_code as well as by slug.
	for (const name of [docId, CODE]) {
		const r = await api.ok('GET', `/iu-cutter/document?${q({ document: name, at: '2022-01-01' })}`);
		assert.equal(r.units.length, firstText.length, name);
	}
});

test('GET /unit/history gives each version of a changed clause with its window, change set and text', async () => {
	const r = await api.ok('GET', `/iu-cutter/unit/history?${q({ address: `${SLUG}/dieu-3/khoan-1` })}`);
	assert.equal(r.document.id, docId);
	assert.equal(r.unit.canonical_address, `${SLUG}/dieu-3/khoan-1`);
	assert.equal(r.unit.id, firstText.find((u) => u.canonical_address === `${SLUG}/dieu-3/khoan-1`).id);
	assert.deepEqual(
		r.versions.map((v) => [v.version, v.valid_from, v.valid_until, v.change_set, v.entry, v.action, v.state]),
		[
			[1, FIRST, SECOND, changeSets.first, changeSets.entries.first, 'create', 'in-force'],
			[2, SECOND, THIRD, changeSets.second, changeSets.entries.second, 'update', 'in-force'],
			[3, THIRD, null, changeSets.third, changeSets.entries.third, 'update', 'in-force'],
		],
	);
	assert.match(r.versions[0].body, /là 1\.624\.000 đồng/);
	assert.match(r.versions[1].body, /là 2\.055\.000 đồng/);
	assert.equal(r.versions[2].body, r.versions[0].body, 'the rollback restored the first words');
	assert.ok(r.versions.every((v) => typeof v.ledger_seq === 'number' && v.recorded_at && v.content_sha256.length === 64));
	// `at` picks the version in force.
	const at = await api.ok('GET', `/iu-cutter/unit/history?${q({ unit: r.unit.id, at: '2023-12-31' })}`);
	assert.equal(at.version_at, 2);
	assert.deepEqual(at.versions, r.versions);
});

test('a former address finds its unit; an inserted and rolled-back article keeps its past', async () => {
	// Điều 15 khoản 5 was Điều 16 khoản 5 from the second CUT until the rollback; its old address
	// named no unit in between (the new Điều 15 has no clauses): it resolves through the alias.
	const renumbered = secondTextUnits.find((u) => u.canonical_address === `${SLUG}/dieu-16/khoan-5`);
	assert.ok(renumbered, 'the second CUT renumbered Điều 15 to 16');
	assert.equal(renumbered.id, firstText.find((u) => u.canonical_address === `${SLUG}/dieu-15/khoan-5`).id, 'a renumbered unit keeps its id');
	const byOld = await api.ok('GET', `/iu-cutter/unit/history?${q({ address: `${SLUG}/dieu-16/khoan-5` })}`);
	// Now (after the rollback) dieu-16/khoan-5 is no unit's canonical address: the alias names it.
	assert.equal(byOld.unit.id, renumbered.id);
	assert.deepEqual(byOld.versions.map((v) => [v.action, v.canonical_address]), [
		['create', `${SLUG}/dieu-15/khoan-5`],
		['readdress', `${SLUG}/dieu-16/khoan-5`],
		['readdress', `${SLUG}/dieu-15/khoan-5`],
	]);

	const inserted = secondTextUnits.find((u) => u.canonical_address === `${SLUG}/dieu-15`);
	assert.equal(inserted.heading, 'Điều khoản chuyển tiếp');
	const gone = await api.ok('GET', `/iu-cutter/unit/history?${q({ unit: inserted.id })}`);
	assert.equal(gone.unit.canonical_address, null, 'removed by the rollback');
	assert.deepEqual(gone.versions.map((v) => [v.state, v.valid_from, v.valid_until, v.body]), [
		['in-force', SECOND, THIRD, inserted.body],
		['removed', THIRD, null, null],
	]);
	assert.ok((await textAt('2024-01-01')).units.some((u) => u.id === inserted.id), 'there at an earlier date');
	assert.ok(!(await textAt('2025-01-01')).units.some((u) => u.id === inserted.id), 'gone from a later one');
	assert.ok(!(await textAt('2022-01-01')).units.some((u) => u.id === inserted.id), 'not yet there before');
});

test('GET /diff reports exactly the changed, added and readdressed units with their word ops', async () => {
	const byId = new Map(firstText.map((u) => [u.id, u]));
	const expected = { added: [], removed: [], changed: [], readdressed: [] };
	for (const u of secondTextUnits) {
		const old = byId.get(u.id);
		if (!old) expected.added.push(u.id);
		else if (old.heading !== u.heading || old.body !== u.body) expected.changed.push(u.id);
		else if (old.canonical_address !== u.canonical_address) expected.readdressed.push(u.id);
	}
	const addr = (id) => secondTextUnits.find((u) => u.id === id).canonical_address;
	assert.deepEqual(expected.changed.map(addr), [`${SLUG}/dieu-3/khoan-1`]);
	assert.deepEqual(expected.added.map(addr), [`${SLUG}/dieu-15`]);
	assert.ok(expected.readdressed.map(addr).includes(`${SLUG}/dieu-17`));

	const r = await api.ok('GET', `/iu-cutter/diff?${q({ document: SLUG, from: '2022-01-01', to: '2024-01-01' })}`);
	assert.deepEqual([r.from, r.to, r.document.id], ['2022-01-01', '2024-01-01', docId]);
	assert.deepEqual(r.counts, {
		added: 1,
		removed: 0,
		changed: 1,
		readdressed: expected.readdressed.length,
		unchanged: secondTextUnits.length - 2 - expected.readdressed.length,
	});
	for (const status of ['added', 'changed', 'readdressed']) {
		assert.deepEqual(r.units.filter((u) => u.status === status).map((u) => u.unit_id).sort(), [...expected[status]].sort(), status);
	}
	assert.equal(r.units.length, 2 + expected.readdressed.length, 'no unchanged unit unless asked');
	// In the order of the later text.
	const order = secondTextUnits.map((u) => u.id);
	assert.deepEqual(r.units.map((u) => u.unit_id), order.filter((id) => r.units.some((u) => u.unit_id === id)));

	const clause = r.units.find((u) => u.status === 'changed');
	assert.deepEqual(clause.body.filter((o) => o.op !== 'equal'), [{ op: 'delete', text: '1.624.000' }, { op: 'insert', text: '2.055.000' }]);
	assert.equal(clause.body.filter((o) => o.op !== 'insert').map((o) => o.text).join(''), firstText.find((u) => u.id === clause.unit_id).body);
	assert.equal(clause.address_from, clause.address_to);
	const moved = r.units.find((u) => u.address_to === `${SLUG}/dieu-17`);
	assert.deepEqual([moved.status, moved.address_from], ['readdressed', `${SLUG}/dieu-16`]);
	assert.ok(moved.body.every((o) => o.op === 'equal'));
	const added = r.units.find((u) => u.status === 'added');
	assert.deepEqual(added.heading, [{ op: 'insert', text: 'Điều khoản chuyển tiếp' }]);

	// The rollback undoes it all: the same units, the other way round.
	const back = await api.ok('GET', `/iu-cutter/diff?${q({ document: SLUG, from: '2024-01-01', to: '2025-01-01' })}`);
	assert.deepEqual(back.counts, { ...r.counts, added: 0, removed: 1 });
	assert.deepEqual(back.units.find((u) => u.status === 'removed').unit_id, added.unit_id);
	// From the first text to after the rollback: nothing changed.
	const none = await api.ok('GET', `/iu-cutter/diff?${q({ document: SLUG, from: '2022-01-01', to: '2025-01-01' })}`);
	assert.deepEqual(none.units, []);
	assert.equal(none.counts.unchanged, firstText.length);

	// One unit, by its address; and every unit when asked.
	const one = await api.ok('GET', `/iu-cutter/diff?${q({ address: `${SLUG}/dieu-3/khoan-1`, from: '2022-01-01', to: '2024-01-01' })}`);
	assert.deepEqual(one.units.map((u) => u.unit_id), [clause.unit_id]);
	assert.deepEqual(one.units[0].body, clause.body);
	assert.deepEqual(one.counts, { added: 0, removed: 0, changed: 1, readdressed: 0, unchanged: 0 });
	const all = await api.ok('GET', `/iu-cutter/diff?${q({ document: docId, from: '2022-01-01', to: '2024-01-01', unchanged: 'true' })}`);
	assert.equal(all.units.length, secondTextUnits.length);
});

test('refusals: anonymous 403, bad token 401, no capability 403, unknown document 404, bad dates 400 naming the field', async () => {
	const paths = [`/iu-cutter/document?document=${SLUG}&at=2022-01-01`, `/iu-cutter/unit/history?address=${SLUG}/dieu-3`, `/iu-cutter/diff?document=${SLUG}&from=2022-01-01`];
	const anonymous = client(directus.url, null);
	const badToken = client(directus.url, 'not-a-valid-token');
	const bare = await admin.ok('POST', '/users', { email: 'history-nobody@example.com', password: PASSWORD, role: null });
	assert.ok(bare.id);
	const nobody = client(directus.url, await directus.login('history-nobody@example.com', PASSWORD));
	for (const path of paths) {
		assert.equal((await api.get(path)).status, 200, path);
		const anon = await anonymous.get(path);
		assert.equal(anon.status, 403, `anonymous ${path}: ${anon.text}`);
		assert.equal((await badToken.get(path)).status, 401, `bad token ${path}`);
		const r = await nobody.get(path);
		assert.equal(r.status, 403, `no capability ${path}: ${r.text}`);
		assert.equal(r.body.errors[0].extensions.collection, 'logical_unit', r.text);
	}
	for (const path of ['/iu-cutter/document?document=99-2099-qh99', '/iu-cutter/diff?document=00000000-0000-4000-8000-000000000000&from=2022-01-01', `/iu-cutter/unit/history?address=${SLUG}/dieu-99`]) {
		const r = await api.get(path);
		assert.equal(r.status, 404, `${path}: ${r.text}`);
	}
	const bad = [
		['/iu-cutter/document?document=' + SLUG + '&at=01/07/2025', 'at'],
		['/iu-cutter/document?document=' + SLUG + '&at=2025-02-30', 'at'],
		[`/iu-cutter/diff?document=${SLUG}&from=yesterday`, 'from'],
		[`/iu-cutter/diff?document=${SLUG}&from=2022-01-01&to=2024-13-01`, 'to'],
		[`/iu-cutter/unit/history?address=${SLUG}/dieu-3&at=soon`, 'at'],
	];
	for (const [path, field] of bad) {
		const r = await api.get(path);
		assert.equal(r.status, 400, `${path}: ${r.text}`);
		assert.equal(r.body.errors[0].extensions.field, field, r.text);
		assert.match(r.body.errors[0].message, new RegExp(`^"${field}" must be a date such as 2025-07-01 or an RFC 3339 date-time`), r.text);
	}
	// "+07:00" unescaped in a query string arrives as " 07:00": the message says how to send it.
	const plus = await api.get(`/iu-cutter/document?document=${SLUG}&at=2025-07-01T00:00:00+07:00`);
	assert.equal(plus.status, 400, plus.text);
	assert.match(plus.body.errors[0].message, /%2B/);
	for (const [path, why] of [
		[`/iu-cutter/diff?document=${SLUG}`, /"from" is required/],
		['/iu-cutter/document', /"document" is required/],
		[`/iu-cutter/unit/history`, /exactly one of "address"/],
		[`/iu-cutter/diff?document=${SLUG}&from=2022-01-01&colour=red`, /Unknown field\(s\) "colour"/],
	]) {
		const r = await api.get(path);
		assert.equal(r.status, 400, `${path}: ${r.text}`);
		assert.match(r.body.errors[0].message, why);
	}
});

// Issue 46: a crawled text's site notes (`[Điều này được sửa đổi bởi …]`) are not law. Nghị định 01/2015/NĐ-CP as
// thuvienphapluat.vn consolidates it (../shared/corpus/vi-subordinate/tvpl, see its SOURCES.md), a text no other test
// stores: after the governed CUT no stored unit holds such a note, and the unit's timeline keeps it beside the unit.
test('a crawled text’s site notes stay out of the stored units and are kept beside them', async () => {
	const corpus = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/vi-subordinate/tvpl');
	const text = readFileSync(join(corpus, 'nghi-dinh-01-2015-nd-cp.txt'), 'utf8');
	const doc = (await ok(ids.submitter, '/items/legal_document', { doc_code: '01/2015/NĐ-CP', title: 'Nghị định 01/2015/NĐ-CP (site consolidation)', language: 'vi', vocabulary: 'vi', source_text: text })).id;
	const cycle = await fullCycle(ids, { document: doc, effective_from: '2015-01-15T00:00:00+07:00' });
	assert.equal(cycle.verified.passed, true);
	const units = await k('logical_unit').where({ document: doc }).select('canonical_address', 'heading', 'body');
	assert.ok(units.length > 50, `${units.length} units`);
	for (const u of units) assert.doesNotMatch(`${u.heading ?? ''}\n${u.body}`, /\[[^\]]* bởi [^\]]*\]/, u.canonical_address);
	const article = units.find((u) => u.canonical_address === '01-2015-ndd-cp/dieu-7');
	assert.ok(article, units.slice(0, 5).map((u) => u.canonical_address).join(', '));
	assert.match(article.body, /^Phạm vi cụ thể địa bàn hoạt động hải quan tại bưu điện quốc tế là /);
	const story = await admin.ok('GET', `/iu-cutter/timeline?${q({ address: '01-2015-ndd-cp/dieu-7' })}`);
	assert.deepEqual(story.unit_changes.at(-1).notes, ['[Điều này được sửa đổi bởi Khoản 2 Điều 1 Nghị định 12/2018/NĐ-CP có hiệu lực từ ngày 10/03/2018]']);
	const plain = await admin.ok('GET', `/iu-cutter/timeline?${q({ address: '01-2015-ndd-cp/dieu-1' })}`);
	assert.deepEqual(plain.unit_changes.at(-1).notes, []);
});

// npm start's demo (scripts/demo.js) on a store that already holds other documents' units, as a store in use does: it
// cut the demo only when the whole store had no unit, so such a store kept the demo document uncut. Then a second
// run changes nothing.
test('the demo is cut on a store that holds other documents’ units, once', async () => {
	const unitsOf = (where) => k('logical_unit').where(where).pluck('canonical_address');
	assert.ok((await unitsOf({})).length > 0, 'the store holds units already');
	const { document } = await cutDemo({ url: directus.url, token: await directus.login(), password: PASSWORD });
	const cut = await unitsOf({ document });
	assert.ok(cut.includes('45-2019-qh14/dieu-44/khoan-1/diem-dd'), cut.join(', '));
	await cutDemo({ url: directus.url, token: await directus.login(), password: PASSWORD });
	assert.deepEqual((await unitsOf({ document })).sort(), cut.sort(), 'a second run cuts nothing more');
});
