// Importing a crosswalk (a renumbering table: old address → new address, kind, validity window)
// through the governed workflow: Nghị định 75/2021/NĐ-CP as issued is cut, then a CSV of the
// addresses of a former numbering is previewed, submitted, reviewed by another user, cut,
// verified and swept. The alias rows exist, the resolver follows them inside their window and not
// outside it, VERIFY and the store audit are clean. A bad file is refused with every row's line and
// column and nothing written; the same table as JSON plans the same alias rows; an identical
// submit answers the open entry; a second import of the same rows is refused (at preview as
// "already imported", at the CUT by its gate).
// Fixtures: tests/fixtures/crosswalk/ (SOURCE.md there says where each address comes from).
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
import { ok, fullCycle, approveCutVerify } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'crosswalk-test-password' };
const PASSWORD = 'crosswalk-workflow-password';
const FIXTURES = join(ROOT, 'tests/fixtures/crosswalk');
const CSV = readFileSync(join(FIXTURES, 'nd-75-2021.csv'), 'utf8');
const JSON_FILE = readFileSync(join(FIXTURES, 'nd-75-2021.json'), 'utf8');
const BAD = readFileSync(join(FIXTURES, 'nd-75-2021-bad.csv'), 'utf8');
const DOC = {
	doc_code: '75/2021/NĐ-CP',
	title: 'Nghị định quy định mức hưởng trợ cấp, phụ cấp và các chế độ ưu đãi người có công với cách mạng',
	language: 'vi',
	vocabulary: 'vi',
	source_text: readFileSync(join(ROOT, 'core/tests/fixtures/amend/nd-75-2021-nd-cp/original.txt'), 'utf8'),
};
const SLUG = '75-2021-ndd-cp';

let pg, dir, directus, ids, k, docId;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-crosswalk-${DB}-`));
	let db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 55750 + (process.pid % 150) });
		db = pg.createDatabase('iu_crosswalk');
	}
	directus = await startDirectus({ dir, port: 38000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h' } });
	const token = await directus.login();
	client(directus.url, token);
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

/** The answer's `data`, or the error's status, code, message and extensions. */
async function call(who, path, body) {
	const r = await who.api.post(path, body);
	if (r.status === 200) return { status: 200, ...r.body.data };
	const e = r.body?.errors?.[0];
	return { status: r.status, code: e?.extensions?.code, message: e?.message, ...e?.extensions };
}
const resolve = (who, address, at) => who.api.ok('GET', `/iu-cutter/resolve?address=${encodeURIComponent(address)}&at=${encodeURIComponent(at)}`);
const unitAt = async (path) => (await k('logical_unit').where({ canonical_address: `${SLUG}/${path}` }).first('id')).id;
const counts = async () => ({
	entries: Number((await k('decision_backlog_entry').count({ n: '*' }).first()).n),
	aliases: Number((await k('canonical_address_alias').count({ n: '*' }).first()).n),
	ledger: Number((await k('cut_change_set_affected_row').count({ n: '*' }).first()).n),
});

test('a bad crosswalk is refused with every row’s line and column, and nothing is written', async () => {
	const before = await counts();
	const r = await call(ids.submitter, '/iu-cutter/crosswalk/preview', { document: docId, file: BAD, file_name: 'nd-75-2021-bad.csv' });
	assert.equal(r.status, 422, JSON.stringify(r));
	assert.equal(r.code, 'IU_CROSSWALK_INVALID');
	assert.equal(r.total, 5);
	assert.deepEqual(
		r.errors.map((e) => [e.line, e.column, e.field, e.code]),
		[
			[2, 1, 'old_address', 'not-canonical'],
			[3, 24, 'new_address', 'unknown-unit'],
			[4, 1, 'old_address', 'shadows-unit'],
			[5, 56, 'valid_from', 'invalid-timestamp'],
			[6, 47, 'kind', 'split-of-one'],
		],
	);
	assert.equal(r.errors[0].hint, `write '${SLUG}/dieu-40'`);
	assert.match(r.errors[1].hint, new RegExp(`${SLUG}/dieu-1\\b`));
	// The message names the first error and says how many more there are.
	assert.match(r.message, /5 error\(s\).*line 2, column 1 \(old_address\).*4 more error/);
	// Submitting it is refused the same way, before anything is written.
	const s = await call(ids.submitter, '/iu-cutter/crosswalk/submit', { document: docId, file: BAD, created_at: '2026-01-01T00:00:00Z', manifest_sha256: '0'.repeat(64) });
	assert.equal(s.status, 422);
	assert.equal(s.code, 'IU_CROSSWALK_INVALID');
	assert.deepEqual(await counts(), before);
	// Neither file nor file_id, or both: named.
	const neither = await call(ids.submitter, '/iu-cutter/crosswalk/preview', { document: docId });
	assert.equal(neither.status, 400);
	assert.equal(neither.field, 'file');
});

let csvPreview;

test('the same table as CSV and as JSON plans the same alias rows', async () => {
	csvPreview = await call(ids.submitter, '/iu-cutter/crosswalk/preview', { document: docId, file: CSV, file_name: 'nd-75-2021.csv' });
	assert.equal(csvPreview.status, 200, JSON.stringify(csvPreview));
	assert.equal(csvPreview.rows, 7);
	assert.equal(csvPreview.crosswalk.format, 'csv');
	assert.equal(csvPreview.crosswalk.rows, 7);
	assert.equal(csvPreview.effective_from, '2021-09-15T00:00:00.000Z');
	assert.match(csvPreview.manifest_sha256, /^[0-9a-f]{64}$/);
	const row = (a) => `${a.line} ${a.old_address} → ${a.new_address} ${a.kind} ${a.valid_from}..${a.valid_until ?? ''}`;
	assert.deepEqual(csvPreview.aliases.map(row), [
		`2 ${SLUG}/dieu-20 → ${SLUG}/dieu-13 legacy 2021-09-15T00:00:00.000Z..2023-08-14T00:00:00.000Z`,
		`3 ${SLUG}/dieu-21 → ${SLUG}/dieu-14 legacy 2021-09-15T00:00:00.000Z..`,
		`4 ${SLUG}/dieu-30 → ${SLUG}/dieu-3 split 2021-09-15T00:00:00.000Z..`,
		`5 ${SLUG}/dieu-30 → ${SLUG}/dieu-4 split 2021-09-15T00:00:00.000Z..`,
		`6 ${SLUG}/dieu-31 → ${SLUG}/dieu-16 merge 2021-09-15T00:00:00.000Z..`,
		`7 ${SLUG}/dieu-32 → ${SLUG}/dieu-16 merge 2021-09-15T00:00:00.000Z..`,
		`8 ${SLUG}/dieu-33 → ${SLUG}/dieu-15 renumber 2021-09-15T00:00:00.000Z..`,
	]);
	assert.equal(csvPreview.aliases[0].target_unit_id, await unitAt('dieu-13'));
	assert.equal(csvPreview.aliases[1].rationale, 'crosswalk nd-75-2021.csv line 3');
	assert.match(csvPreview.aliases[0].rationale, /^Draft numbering: "Điều 20"/);

	const json = await call(ids.submitter, '/iu-cutter/crosswalk/preview', { document: docId, file: JSON_FILE, file_name: 'nd-75-2021.json' });
	assert.equal(json.status, 200, JSON.stringify(json));
	assert.equal(json.crosswalk.format, 'json');
	// The alias ids come from what each row says: the same rows, whichever file they came from.
	const key = (a) => `${a.alias_id} ${a.old_address} ${a.target_unit_id} ${a.kind} ${a.valid_from} ${a.valid_until}`;
	assert.deepEqual(json.aliases.map(key).sort(), csvPreview.aliases.map(key).sort());
	// Previewing writes nothing.
	assert.equal(Number((await k('canonical_address_alias').count({ n: '*' }).first()).n), 0);
});

let submitted, rival;

test('submit: the previewed crosswalk opens an entry; the same submit again answers it', async () => {
	const request = { document: docId, file: CSV, file_name: 'nd-75-2021.csv', created_at: csvPreview.created_at, manifest_sha256: csvPreview.manifest_sha256 };
	submitted = await call(ids.submitter, '/iu-cutter/crosswalk/submit', request);
	assert.equal(submitted.status, 200, JSON.stringify(submitted));
	assert.equal(submitted.state, 'submitted');
	assert.equal(submitted.existing, false);
	assert.equal(submitted.manifest_sha256, csvPreview.manifest_sha256);
	const again = await call(ids.submitter, '/iu-cutter/crosswalk/submit', request);
	assert.equal(again.status, 200, JSON.stringify(again));
	assert.equal(again.existing, true);
	assert.equal(again.entry, submitted.entry);
	// Another sha256 than the preview's: refused.
	const mismatch = await call(ids.submitter, '/iu-cutter/crosswalk/submit', { ...request, manifest_sha256: 'f'.repeat(64) });
	assert.equal(mismatch.status, 409);
	assert.equal(mismatch.code, 'IU_MANIFEST_MISMATCH');
	// The stored envelope is the crosswalk's: no blocks, its alias rows as creations.
	const env = await k('manifest_envelope').where({ entry: submitted.entry }).first();
	assert.equal(Number(env.block_count), 0);
	const envelope = JSON.parse(env.envelope_json);
	assert.equal(envelope.crosswalk.file_name, 'nd-75-2021.csv');
	assert.equal(envelope.alias_repairs.length, 7);
	assert.ok(envelope.alias_repairs.every((r) => r.before === null && r.after.alias_text.startsWith(`${SLUG}/`)));
	// A second import of the same file, planned at another instant (another manifest), also gets an entry: the
	// rows are not stored yet. Its CUT is refused below, once the first is applied.
	const p2 = await call(ids.submitter, '/iu-cutter/crosswalk/preview', { document: docId, file: CSV, file_name: 'nd-75-2021.csv', created_at: '2026-02-01T00:00:00Z' });
	assert.equal(p2.status, 200, JSON.stringify(p2));
	assert.notEqual(p2.manifest_sha256, csvPreview.manifest_sha256);
	rival = await call(ids.submitter, '/iu-cutter/crosswalk/submit', { document: docId, file: CSV, file_name: 'nd-75-2021.csv', created_at: p2.created_at, manifest_sha256: p2.manifest_sha256 });
	assert.equal(rival.status, 200, JSON.stringify(rival));
	assert.notEqual(rival.entry, submitted.entry);
});

test('review by another person, cut, verify, sweep: the alias rows exist and resolve inside their window', async () => {
	// The two-person rule: the submitter cannot approve their own crosswalk.
	const own = await call(ids.submitter, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
	assert.equal(own.status, 403, JSON.stringify(own));
	// The reviewer sees the alias rows the entry would create, in the manifest whose sha256 the server re-checked.
	const shown = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${submitted.entry}/manifest`);
	assert.equal(shown.sha256_verified, true);
	assert.equal(shown.total, 0);
	assert.equal(shown.envelope.crosswalk.rows, 7, JSON.stringify(shown).slice(0, 2000));
	assert.equal(shown.envelope.alias_repairs.length, 7);
	assert.ok(shown.envelope.alias_repairs.some((r) => r.after.alias_text === `${SLUG}/dieu-30` && r.after.alias_kind === 'split'));

	const reviewed = await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
	assert.equal(reviewed.state, 'approved');
	const cut = await ok(ids.executor, '/iu-cutter/cut', { entry: submitted.entry });
	assert.equal(cut.units_written, 0);
	assert.equal(cut.aliases_written, 7);
	assert.ok(cut.gates.every((g) => g.verdict === 'pass'), JSON.stringify(cut.gates));
	assert.ok(cut.gates.some((g) => g.name === 'alias-before-images-match'));
	const verified = await ok(ids.verifier, '/iu-cutter/verify', { entry: submitted.entry });
	assert.equal(verified.passed, true, JSON.stringify(verified.report.violations));
	const swept = await ok(ids.verifier, '/iu-cutter/sweep', { entry: submitted.entry });
	assert.equal(swept.swept[0].entry, submitted.entry);

	// The rows, as the file said, and in the ledger as alias-create rows of the change set.
	const rows = await k('canonical_address_alias').where('alias_text', 'like', `${SLUG}/%`).orderBy('alias_text').select('*');
	assert.equal(rows.length, 7);
	const ids7 = csvPreview.aliases.map((a) => a.alias_id).sort();
	assert.deepEqual(rows.map((r) => r.alias_id).sort(), ids7);
	const dieu20 = rows.find((r) => r.alias_text === `${SLUG}/dieu-20`);
	assert.equal(dieu20.target_unit_id, await unitAt('dieu-13'));
	assert.equal(dieu20.alias_kind, 'legacy');
	assert.equal(new Date(dieu20.valid_until).toISOString(), '2023-08-14T00:00:00.000Z');
	assert.equal(dieu20.created_by, ids.submitter.id);
	assert.match(dieu20.scenario_ref, /^crosswalk:[0-9a-f]{16}:2$/);
	const ledger = await k('cut_change_set_affected_row').where({ change_set: cut.change_set }).select('action', 'unit_id');
	assert.deepEqual(ledger.map((r) => r.action), Array(7).fill('alias-create'));
	assert.deepEqual(ledger.map((r) => r.unit_id).sort(), ids7);

	// Inside the window the old addresses lead to the new units; outside it they do not.
	const legacy = await resolve(ids.reviewer, `${SLUG}/dieu-20`, '2022-01-01T00:00:00Z');
	assert.equal(legacy.outcome, 'alias', JSON.stringify(legacy));
	assert.equal(legacy.unit_id, await unitAt('dieu-13'));
	const late = await resolve(ids.reviewer, `${SLUG}/dieu-20`, '2024-01-01T00:00:00Z');
	assert.equal(late.outcome, 'unknown', JSON.stringify(late));
	const early = await resolve(ids.reviewer, `${SLUG}/dieu-20`, '2021-01-01T00:00:00Z');
	assert.equal(early.outcome, 'unknown', JSON.stringify(early));
	const split = await resolve(ids.reviewer, `${SLUG}/dieu-30`, '2022-01-01T00:00:00Z');
	assert.equal(split.outcome, 'split', JSON.stringify(split));
	assert.deepEqual(split.targets.map((t) => t.address).sort(), [`${SLUG}/dieu-3`, `${SLUG}/dieu-4`]);
	for (const old of ['dieu-31', 'dieu-32']) {
		const merged = await resolve(ids.reviewer, `${SLUG}/${old}`, '2022-01-01T00:00:00Z');
		assert.equal(merged.outcome, 'alias', JSON.stringify(merged));
		assert.equal(merged.address, `${SLUG}/dieu-16`);
	}
	const renumbered = await resolve(ids.reviewer, `${SLUG}/dieu-33`, '2025-01-01T00:00:00Z');
	assert.equal(renumbered.address, `${SLUG}/dieu-15`, JSON.stringify(renumbered));
	const open = await resolve(ids.reviewer, `${SLUG}/dieu-21`, '2030-01-01T00:00:00Z');
	assert.equal(open.address, `${SLUG}/dieu-14`, JSON.stringify(open));

	// The store audit finds every unit and alias equal to the ledger's last image.
	const audit = await ids.verifier.api.ok('GET', `/iu-cutter/audit?document=${docId}`);
	assert.equal(audit.passed, true, JSON.stringify(audit).slice(0, 3000));
});

test('the same rows again: "already imported" at preview, and the rival entry’s CUT is refused by its gate', async () => {
	const before = await counts();
	for (const [file, name] of [
		[CSV, 'nd-75-2021.csv'],
		[JSON_FILE, 'nd-75-2021.json'],
	]) {
		const r = await call(ids.submitter, '/iu-cutter/crosswalk/preview', { document: docId, file, file_name: name });
		assert.equal(r.status, 422, JSON.stringify(r));
		assert.equal(r.code, 'IU_CROSSWALK_INVALID');
		assert.equal(r.total, 7);
		assert.ok(r.errors.every((e) => e.code === 'already-imported' && e.message.startsWith('already imported')), JSON.stringify(r.errors));
	}
	// The rival entry was planned before the rows existed; approved, its CUT finds them and writes nothing.
	await ok(ids.reviewer, '/iu-cutter/review', { entry: rival.entry, decision: 'approve', manifest_sha256: rival.manifest_sha256 });
	const cut = await call(ids.executor, '/iu-cutter/cut', { entry: rival.entry });
	assert.equal(cut.status, 409, JSON.stringify(cut));
	assert.equal(cut.code, 'IU_GATE_FAILED');
	const gate = cut.gates.find((g) => g.name === 'alias-before-images-match');
	assert.equal(gate.verdict, 'fail', JSON.stringify(cut.gates));
	assert.match(gate.evidence, /exists now: the same row was imported/);
	assert.deepEqual(await counts(), before);
});

test('a rollback of the crosswalk entry removes exactly its alias rows, through review, and VERIFY passes', async () => {
	const rolled = await ok(ids.submitter, '/iu-cutter/rollback', { entry: submitted.entry });
	assert.equal(rolled.rollback_of, submitted.entry);
	const steps = await approveCutVerify(ids, { entry: rolled.entry, manifest_sha256: rolled.manifest_sha256 });
	assert.equal(steps.cut.aliases_removed, 7, JSON.stringify(steps.cut));
	assert.equal(steps.verified.passed, true, JSON.stringify(steps.verified.report?.violations));
	assert.equal(await k('canonical_address_alias').where('alias_text', 'like', `${SLUG}/%`).count({ n: '*' }).first().then((r) => Number(r.n)), 0);
	const ledger = await k('cut_change_set_affected_row').where({ change_set: steps.cut.change_set }).select('action');
	assert.deepEqual(ledger.map((r) => r.action), Array(7).fill('alias-remove'));
	const gone = await resolve(ids.reviewer, `${SLUG}/dieu-20`, '2022-01-01T00:00:00Z');
	assert.equal(gone.outcome, 'unknown', JSON.stringify(gone));
	const audit = await ids.verifier.api.ok('GET', `/iu-cutter/audit?document=${docId}`);
	assert.equal(audit.passed, true, JSON.stringify(audit).slice(0, 3000));
});

test('two crosswalks planned at once that send one old address to different units: the second CUT is refused by its gate', async () => {
	const header = 'old_address,new_address,kind,valid_from,valid_until,rationale\n';
	const a = `${header}${SLUG}/dieu-40,${SLUG}/dieu-13,legacy,2021-09-15,,First table\n`;
	const b = `${header}${SLUG}/dieu-40,${SLUG}/dieu-14,legacy,2022-01-01,,A rival table\n`;
	// Each preview sees the store without the other's row, so each plans cleanly.
	const entries = [];
	for (const [file, name] of [
		[a, 'first.csv'],
		[b, 'rival.csv'],
	]) {
		const p = await ok(ids.submitter, '/iu-cutter/crosswalk/preview', { document: docId, file, file_name: name });
		entries.push(await ok(ids.submitter, '/iu-cutter/crosswalk/submit', { document: docId, file, file_name: name, created_at: p.created_at, manifest_sha256: p.manifest_sha256 }));
	}
	for (const e of entries) await ok(ids.reviewer, '/iu-cutter/review', { entry: e.entry, decision: 'approve', manifest_sha256: e.manifest_sha256 });
	const first = await ok(ids.executor, '/iu-cutter/cut', { entry: entries[0].entry });
	assert.equal(first.aliases_written, 1);
	assert.ok(first.gates.some((g) => g.name === 'crosswalk-aliases-resolve' && g.verdict === 'pass'), JSON.stringify(first.gates));
	const before = await counts();
	const second = await call(ids.executor, '/iu-cutter/cut', { entry: entries[1].entry });
	assert.equal(second.status, 409, JSON.stringify(second));
	assert.equal(second.code, 'IU_GATE_FAILED');
	const gate = second.gates.find((g) => g.name === 'crosswalk-aliases-resolve');
	assert.equal(gate.verdict, 'fail', JSON.stringify(second.gates));
	assert.match(gate.evidence, new RegExp(`${SLUG}/dieu-40`));
	assert.deepEqual(await counts(), before);
	// The old address still means what the first table said.
	const r = await resolve(ids.reviewer, `${SLUG}/dieu-40`, '2023-01-01T00:00:00Z');
	assert.equal(r.address, `${SLUG}/dieu-13`, JSON.stringify(r));
});
