// After tampering, the workflow goes on (issue 12 item 7, "Repair is a governed
// step"), against a real Directus 12.4.0: a database superuser forges an
// approval, edits, deletes and inserts units and deletes an alias behind the
// ledger, and rewrites a row in the middle of the chain. Each time the workflow
// is stuck (IU_LEDGER_UNSIGNED, or VERIFY fails) until the verifier records an
// incident (POST /iu-cutter/incident): it names what it found in the chain, the
// forged rows stay in history as "disowned" and count for nothing, and a
// reviewed, two-person repair (POST /iu-cutter/repair) puts the units and
// aliases back to the ledger's after-images. Online and offline (the export
// and `npm run ledger:audit`). IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { ROOT, startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { openDb, counts, asSuperuser, LEDGER } from '../support/db.js';
import { ok, fullCycle, amend } from '../support/workflow.js';
import { client } from '../support/api.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';
import { contentOf, chainTail } from '../../extension/src/shared/ledger-rows.js';
import { ALIAS_COLUMNS, plainAlias } from '../../extension/src/shared/drift.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'repair-test-password' };
const SLUG = '7-2026-qh15';
const UNIT = ['id', 'document', 'section_type', 'parent', 'ordinal', 'heading', 'body', 'content_sha256', 'position', 'canonical_address', 'canonical_address_format_version', 'lifecycle_status', 'authority'];

let directus, pg, dir, db, ids, k, core, actId, amendedText, admin;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-repair-${DB}-`));
	db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 55750 + (process.pid % 150) });
		db = pg.createDatabase('iu_repair');
	}
	directus = await startDirectus({ dir, port: 26000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h' } });
	const adminToken = await directus.login();
	admin = client(directus.url, adminToken);
	ids = await setupWorkflowRoles({ url: directus.url, token: adminToken, password: 'workflow-test-password' });
	k = openDb(db, dir);
	core = await loadNodeCore();
	const actText = core.generatedAct({ chapters: 2, articlesPerChapter: 6, clausesPerArticle: 2, pointsPerClause: 2 });
	actId = (await ok(ids.submitter, '/items/legal_document', { doc_code: '7/2026/QH15', title: 'Luật mẫu', language: 'vi', vocabulary: 'vi', source_text: actText })).id;
	await fullCycle(ids, { document: actId, effective_from: '2026-01-01T00:00:00Z' });
	// An amendment that renumbers Điều 10…12: the store holds aliases too.
	amendedText = amend(actText);
	await fullCycle(ids, { document: actId, text: amendedText, effective_from: '2027-01-01T00:00:00Z' });
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const unitsOf = async () => (await k('logical_unit').where({ document: actId }).orderBy('id').select(UNIT)).map((u) => ({ ...u, position: Number(u.position) }));
const aliasesOf = async () => (await k('canonical_address_alias').orderBy('alias_id').select(ALIAS_COLUMNS)).map(plainAlias);
const code = (r) => r.body?.errors?.[0]?.extensions?.code;

/** `npm run ledger:export` then `npm run ledger:audit` on it, as an auditor would: exit code, output and report. */
function offlineAudit() {
	const file = join(dir, `export-${randomUUID()}.jsonl`);
	const dbArg = DB === 'postgres' ? `postgres://${db.user}:@${db.host}:${db.port}/${db.database}` : `sqlite:${join(dir, 'data.db')}`;
	const exp = spawnSync(process.execPath, ['scripts/ledger-export.js', '--db', dbArg, '--out', file], { cwd: ROOT, encoding: 'utf8' });
	assert.equal(exp.status, 0, exp.stderr);
	const args = ['scripts/ledger-audit.js', '--export', file, '--public-key', directus.publicKeyFile, '--witness', directus.witnessFile];
	const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
	const json = spawnSync(process.execPath, [...args, '--json'], { cwd: ROOT, encoding: 'utf8' });
	return { status: r.status, out: r.stdout + r.stderr, report: JSON.parse(json.stdout) };
}

/** Appends rows at the chain's tail as someone with database access and no key: hashed with the core's own ledgerChain. */
async function forge(rows) {
	return asSuperuser(k, async (trx) => {
		const tail = await chainTail(trx);
		const now = new Date().toISOString();
		const pending = rows.map((r, i) => ({
			collection: r.collection,
			id: randomUUID(),
			content: contentOf(r.collection, { ...r.values, ledger_seq: tail.seq + 1 + i, recorded_at: now, recorded_by: r.actor }),
		}));
		for (const p of pending) p.content.id = p.id;
		const chained = core.ledgerChain({ prev: { collection: '', id: '', content: null, prev_hash: null, row_hash: tail.row_hash }, rows: pending });
		assert.ok(chained.ok, JSON.stringify(chained.error));
		for (const r of chained.rows) await trx(r.collection).insert({ ...r.content, prev_hash: r.prev_hash, row_hash: r.row_hash });
		return chained.rows;
	});
}

/** Runs `fn` while `who` also holds the policy `name` (attached by the admin, then removed): the server's two-person rules hold whatever the policies say. */
async function withPolicy(who, name, fn) {
	const [policy] = await admin.ok('GET', `/policies?filter[name][_eq]=${encodeURIComponent(name)}`);
	const grant = await admin.ok('POST', '/access', { user: who.id, policy: policy.id });
	try {
		return await fn();
	} finally {
		await admin.ok('DELETE', `/access/${grant.id}`);
	}
}

/** A one-block change of the amended act: Điều 2's heading. */
const edit = (n) => amendedText.replace(/^(Điều 2\. .*)$/m, `$1 (sửa đổi ${n})`);

async function submitEdit(n, effective_from) {
	const request = { document: actId, text: edit(n), effective_from };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	return ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
}

test('nothing wrong: an incident is refused (409 IU_NOTHING_TO_REPORT), and only a verifier records one', async () => {
	const before = await counts(k);
	const r = await ids.verifier.api.post('/iu-cutter/incident', { note: 'routine check' });
	assert.equal(r.status, 409, r.text);
	assert.equal(code(r), 'IU_NOTHING_TO_REPORT');
	assert.match(r.body.errors[0].message, /intact and signed/);
	const editor = await ids.submitter.api.post('/iu-cutter/incident', { note: 'I saw something' });
	assert.equal(editor.status, 403, editor.text);
	assert.match(editor.body.errors[0].message, /record an incident: it needs "create" permission on "verify_result"/);
	const noNote = await ids.verifier.api.post('/iu-cutter/incident', { note: '  ' });
	assert.equal(noNote.status, 400, noNote.text);
	assert.equal(noNote.body.errors[0].extensions.field, 'note');
	assert.deepEqual(await counts(k), before, 'nothing written');
});

test('(a) a forged approval: CUT refused, the incident names both rows, the entry stays submitted, the real review goes on; verified online and offline', async () => {
	const submitted = await submitEdit(1, '2028-01-01T00:00:00Z');
	const reviewer = ids.reviewer.id;
	const forged = await forge([
		{ collection: 'review_decision', actor: reviewer, values: { entry: submitted.entry, manifest_sha256: submitted.manifest_sha256, decision: 'approve', reviewer, comment: 'looks good' } },
		{ collection: 'decision_backlog_history', actor: reviewer, values: { entry: submitted.entry, event: 'approved', actor: reviewer, detail: '{}' } },
	]);
	const before = await counts(k);
	const refused = await ids.executor.api.post('/iu-cutter/cut', { entry: submitted.entry });
	assert.equal(refused.status, 409, refused.text);
	assert.equal(code(refused), 'IU_LEDGER_UNSIGNED');
	assert.match(refused.body.errors[0].message, /POST \/iu-cutter\/incident/);
	const review = await ids.reviewer.api.post('/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
	assert.equal(code(review), 'IU_LEDGER_UNSIGNED', 'every step is refused while the tail is unsigned');
	assert.deepEqual(await counts(k), before, 'nothing written');

	const incident = await ok(ids.verifier, '/iu-cutter/incident', { note: 'CUT refused: unsigned rows at the tail' });
	assert.match(incident.incident, /^[0-9a-f-]{36}$/);
	for (const row of forged) {
		assert.ok(incident.findings.chain.violations.some((v) => v.kind === 'unsigned-row' && v.row_id === row.id), JSON.stringify(incident.findings.chain.violations));
		const d = incident.disowned.rows.find((x) => x.id === row.id);
		assert.ok(d, JSON.stringify(incident.disowned));
		assert.deepEqual([d.collection, d.row_hash, d.kinds], [row.collection, row.row_hash, ['unsigned-row']]);
	}
	assert.equal(incident.findings.drift.violation_count, 0);
	assert.ok(incident.next.some((n) => /disowned/.test(n)));
	const stored = await k('ledger_incident').where({ id: incident.incident }).first();
	assert.equal(stored.reported_by, ids.verifier.id);
	assert.equal(stored.document, null);
	assert.deepEqual(JSON.parse(stored.disowned).rows.map((r) => r.id).sort(), forged.map((r) => r.id).sort());
	assert.equal(JSON.parse(stored.finding).chain.violation_count, incident.findings.chain.violation_count);
	// The incident is the tail now, signed: its checkpoint covers the forged rows.
	const tail = await chainTail(k);
	const last = await k('iu_ledger_checkpoint').orderBy('seq', 'desc').first();
	assert.deepEqual([Number(last.seq), last.head], [tail.seq, stored.row_hash]);

	// The forged approval counts for nothing: the entry is still submitted, and the CUT is refused for that.
	const status = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${submitted.entry}`);
	assert.equal(status.state, 'submitted');
	assert.deepEqual(status.reviews, []);
	assert.deepEqual(status.disowned.map((x) => [x.id, x.incident]).sort(), forged.map((r) => [r.id, incident.incident]).sort());
	assert.equal(status.abilities.review.allowed, true);
	const stillRefused = await ids.executor.api.post('/iu-cutter/cut', { entry: submitted.entry });
	assert.equal(stillRefused.status, 409, stillRefused.text);
	assert.equal(code(stillRefused), 'IU_WRONG_STATE');
	// The forged event stays in the story, marked.
	const story = await ids.reviewer.api.ok('GET', `/iu-cutter/timeline?document=${actId}`);
	assert.equal(story.events.find((e) => e.id === forged[1].id)?.disowned_by, incident.incident);
	const listed = await ids.reviewer.api.ok('GET', `/iu-cutter/entries?document=${actId}&state=submitted`);
	assert.ok(listed.entries.some((e) => e.id === submitted.entry));

	// The real reviewer reviews; the workflow goes on.
	await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256, comment: 'the real review' });
	const cut = await ok(ids.executor, '/iu-cutter/cut', { entry: submitted.entry });
	assert.equal(cut.units_written, 1);
	const verified = await ok(ids.verifier, '/iu-cutter/verify', { entry: submitted.entry });
	assert.equal(verified.passed, true, JSON.stringify(verified.report.violations));
	// VERIFY reads the chain from the incident on: the incident audited everything before it.
	assert.equal(verified.report.chain.from_seq, incident.ledger_seq + 1);
	await ok(ids.verifier, '/iu-cutter/sweep', { entry: submitted.entry });

	const ledger = await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(ledger.passed, true, JSON.stringify(ledger.violations));
	for (const row of forged) {
		const w = ledger.warnings.find((x) => x.kind === 'disowned' && x.row_id === row.id);
		assert.ok(w, JSON.stringify(ledger.warnings));
		assert.match(w.message, new RegExp(`incident ${incident.incident}`));
	}
	const offline = offlineAudit();
	assert.equal(offline.status, 0, offline.out);
	assert.match(offline.out, /result: INTACT/);
	for (const row of forged) assert.match(offline.out, new RegExp(`WARN  disowned at seq \\d+ ${row.collection} ${row.id}`));
	assert.match(offline.out, /1 incident\(s\) recorded/);
});

test('(b) units edited, deleted and inserted and an alias deleted behind the ledger: incident, then a reviewed two-person repair puts the store back to the ledger\'s images', async () => {
	const unitsBefore = await unitsOf();
	const aliasesBefore = await aliasesOf();
	const at = (address) => unitsBefore.find((u) => u.canonical_address === `${SLUG}/${address}`);
	const heading = at('dieu-2');
	const body = at('dieu-3/khoan-1');
	const parents = new Set(unitsBefore.map((u) => u.parent));
	const targets = new Set(aliasesBefore.map((a) => a.target_unit_id));
	const leaf = unitsBefore.find((u) => u.section_type === 'diem' && !parents.has(u.id) && !targets.has(u.id));
	const alias = aliasesBefore.find((a) => a.target_unit_id && unitsBefore.some((u) => u.id === a.target_unit_id));
	assert.ok(heading && body && leaf && alias);
	const full = await k('logical_unit').where({ id: heading.id }).first();
	const squatter = { ...full, id: randomUUID(), ordinal: '99', canonical_address: `${SLUG}/dieu-99`, position: 99_999, parent: null };
	await asSuperuser(k, async (trx) => {
		await trx('logical_unit').where({ id: heading.id }).update({ heading: 'Edited behind the workflow' });
		await trx('logical_unit').where({ id: body.id }).update({ body: 'A body nobody approved.' });
		await trx('logical_unit').where({ id: leaf.id }).delete();
		await trx('logical_unit').insert(squatter);
		await trx('canonical_address_alias').where({ alias_id: alias.alias_id }).delete();
	});

	const audit = await ids.verifier.api.ok('GET', `/iu-cutter/audit?document=${actId}`);
	assert.equal(audit.passed, false);
	const named = audit.drift.violations.map((v) => `${v.subject} ${v.kind} ${v.id}${v.field ? ` ${v.field}` : ''}`);
	for (const expected of [`unit edited ${heading.id} heading`, `unit edited ${body.id} body`, `unit missing ${leaf.id}`, `unit not-in-ledger ${squatter.id}`, `alias missing ${alias.alias_id}`]) {
		assert.ok(named.includes(expected), `${expected} in ${JSON.stringify(named)}`);
	}

	const incident = await ok(ids.verifier, '/iu-cutter/incident', { document: actId, note: 'VERIFY: the store drifted from the ledger' });
	assert.equal(incident.findings.chain.violation_count, 0);
	assert.ok(incident.findings.drift.violation_count >= 5, JSON.stringify(incident.findings.drift));
	assert.deepEqual(incident.disowned, { rows: [], checkpoints: [] }, 'drift disowns nothing: the repair restores the store');
	assert.ok(incident.next.some((n) => n.includes(`"incident": "${incident.incident}"`)), JSON.stringify(incident.next));

	// The verifier may not submit a repair; the editor does.
	const notVerifier = await ids.verifier.api.post('/iu-cutter/repair', { incident: incident.incident });
	assert.equal(notVerifier.status, 403, notVerifier.text);
	const repair = await ok(ids.submitter, '/iu-cutter/repair', { incident: incident.incident });
	assert.equal(repair.repair_of, incident.incident);
	assert.deepEqual([repair.counts.update, repair.counts.create, repair.counts.remove, repair.alias_repairs], [2, 1, 1, 1]);
	const entry = await k('decision_backlog_entry').where({ id: repair.entry }).first();
	assert.equal(entry.kind, 'cut');
	assert.match(entry.title, new RegExp(`^Repair of incident ${incident.incident}`));
	const manifest = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${repair.entry}/manifest`);
	assert.equal(manifest.envelope.repair_of, incident.incident);
	assert.equal(manifest.envelope.alias_repairs.length, 1);
	assert.deepEqual(manifest.envelope.alias_repairs[0].before, null);
	assert.equal(manifest.envelope.alias_repairs[0].after.alias_id, alias.alias_id);

	// Two-person rules, as for any CUT: the editor holds no review capability, and even given
	// one (the IU Reviewer policy attached to the editor for a moment) may not review their own repair.
	const own = await ids.submitter.api.post('/iu-cutter/review', { entry: repair.entry, decision: 'approve', manifest_sha256: repair.manifest_sha256 });
	assert.equal(own.status, 403, own.text);
	assert.equal(code(own), 'IU_FORBIDDEN');
	await withPolicy(ids.submitter, 'IU Reviewer', async () => {
		const twoPerson = await ids.submitter.api.post('/iu-cutter/review', { entry: repair.entry, decision: 'approve', manifest_sha256: repair.manifest_sha256 });
		assert.equal(twoPerson.status, 403, twoPerson.text);
		assert.equal(code(twoPerson), 'IU_TWO_PERSON_REVIEW');
	});
	await ok(ids.reviewer, '/iu-cutter/review', { entry: repair.entry, decision: 'approve', manifest_sha256: repair.manifest_sha256, comment: 'restores the ledger\'s images' });

	// The store moving between the repair and its CUT is refused by the gates; put back, the CUT goes through.
	await asSuperuser(k, (trx) => trx('logical_unit').where({ id: heading.id }).update({ heading: 'Edited once more' }));
	const moved = await ids.executor.api.post('/iu-cutter/cut', { entry: repair.entry });
	assert.equal(moved.status, 409, moved.text);
	assert.equal(code(moved), 'IU_GATE_FAILED');
	assert.ok(moved.body.errors[0].extensions.differing_units.length >= 1);
	await asSuperuser(k, (trx) => trx('logical_unit').where({ id: heading.id }).update({ heading: 'Edited behind the workflow' }));

	const cut = await ok(ids.executor, '/iu-cutter/cut', { entry: repair.entry });
	assert.equal(cut.repair_of, incident.incident);
	assert.equal(cut.units_written, 4);
	assert.equal(cut.aliases_written, 1);
	await withPolicy(ids.executor, 'IU Verifier', async () => {
		const selfVerify = await ids.executor.api.post('/iu-cutter/verify', { entry: repair.entry });
		assert.equal(selfVerify.status, 403, selfVerify.text);
		assert.equal(code(selfVerify), 'IU_TWO_PERSON_VERIFY');
	});
	const verified = await ok(ids.verifier, '/iu-cutter/verify', { entry: repair.entry });
	assert.equal(verified.passed, true, JSON.stringify(verified.report.violations));
	await ok(ids.verifier, '/iu-cutter/sweep', { entry: repair.entry });

	// The store equals the ledger's images again, row for row.
	assert.deepEqual(await unitsOf(), unitsBefore);
	assert.deepEqual(await aliasesOf(), aliasesBefore);
	assert.equal((await ids.verifier.api.ok('GET', `/iu-cutter/audit?document=${actId}`)).passed, true);
	const store = await ids.verifier.api.ok('POST', '/iu-cutter/audit', {});
	assert.equal(store.passed, true, JSON.stringify([store.chain.violations, store.drift.violations]));

	// What was tampered with stays visible in history: the incident, and the repair's before-images.
	const rows = await k('cut_change_set_affected_row').where({ change_set: cut.change_set }).select('action', 'unit_id', 'before_image', 'after_image');
	const of = (id) => rows.find((r) => r.unit_id === id);
	assert.equal(JSON.parse(of(heading.id).before_image).heading, 'Edited behind the workflow');
	assert.equal(JSON.parse(of(heading.id).after_image).heading, heading.heading);
	assert.equal(of(leaf.id).action, 'create');
	assert.equal(of(squatter.id).action, 'remove');
	assert.equal(JSON.parse(of(squatter.id).before_image).canonical_address, `${SLUG}/dieu-99`);
	assert.equal(of(alias.alias_id).action, 'alias-create');
	const timeline = await ids.reviewer.api.ok('GET', `/iu-cutter/timeline?unit=${heading.id}`);
	assert.ok(timeline.unit_changes.some((c) => c.change_set === cut.change_set && c.action === 'update'));
	const stored = await k('ledger_incident').where({ id: incident.incident }).first();
	assert.equal(stored.document, actId);
	assert.match(stored.finding, new RegExp(squatter.id));
	assert.match(stored.finding, /Edited behind the workflow/);

	const nothing = await ids.submitter.api.post('/iu-cutter/repair', { incident: incident.incident });
	assert.equal(nothing.status, 409, nothing.text);
	assert.equal(code(nothing), 'IU_NOTHING_TO_REPAIR');
	const offline = offlineAudit();
	assert.equal(offline.status, 0, offline.out);
});

test('(c) a row edited in the middle and the chain re-hashed: the incident disowns the rows and checkpoints that no longer match, and the next step works', async () => {
	const target = await k('review_decision').orderBy('ledger_seq').first();
	const rewritten = await asSuperuser(k, async (trx) => {
		// Rewrite the comment, then recompute every later row_hash with the core, as an attacker with the code but no key would.
		const seqFrom = Number(target.ledger_seq);
		const rows = [];
		for (const t of LEDGER) for (const r of await trx(t).where('ledger_seq', '>=', seqFrom).select('*')) rows.push([t, r]);
		rows.sort((a, b) => Number(a[1].ledger_seq) - Number(b[1].ledger_seq));
		rows[0][1].comment = 'rewritten history';
		let prev = null;
		for (const t of LEDGER) prev ??= (await trx(t).where('ledger_seq', seqFrom - 1).first('row_hash'))?.row_hash ?? null;
		const chained = core.ledgerChain({ prev: prev ? { collection: '', id: '', content: null, prev_hash: null, row_hash: prev } : null, rows: rows.map(([t, r]) => ({ collection: t, id: String(r.id), content: contentOf(t, r) })) });
		for (const r of chained.rows) await trx(r.collection).where({ id: r.id }).update({ ...r.content, prev_hash: r.prev_hash, row_hash: r.row_hash });
		return chained.rows.length;
	}, { triggersOff: LEDGER });
	assert.ok(rewritten > 10);

	const refused = await ids.submitter.api.post('/iu-cutter/preview', { document: actId, text: edit(3), effective_from: '2029-01-01T00:00:00Z' });
	assert.equal(refused.status, 200, 'a preview writes nothing and still works');
	const submit = await ids.submitter.api.post('/iu-cutter/submit', { document: actId, text: edit(3), effective_from: '2029-01-01T00:00:00Z', created_at: refused.body.data.request.created_at, manifest_sha256: refused.body.data.manifest_sha256 });
	assert.equal(submit.status, 409, submit.text);
	assert.equal(code(submit), 'IU_LEDGER_UNSIGNED');
	const broken = await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(broken.passed, false);
	const mismatched = broken.violations.filter((v) => v.kind === 'checkpoint-mismatch');
	assert.ok(mismatched.length > 1, JSON.stringify(broken.violations.slice(0, 5)));

	const incident = await ok(ids.verifier, '/iu-cutter/incident', { note: 'checkpoints no longer match: history was rewritten' });
	const seqs = mismatched.map((v) => v.seq);
	for (const seq of seqs) {
		assert.ok(incident.disowned.rows.some((r) => r.seq === seq && r.kinds.includes('checkpoint-mismatch')), `row at ${seq}: ${JSON.stringify(incident.disowned.rows)}`);
		assert.ok(incident.disowned.checkpoints.includes(seq), `checkpoint ${seq}: ${JSON.stringify(incident.disowned.checkpoints)}`);
	}
	// The rows the first incident disowned were re-hashed too: they changed since, and are disowned again as they are now.
	assert.ok(incident.findings.chain.violations.some((v) => v.kind === 'disowned-row-changed'), JSON.stringify(incident.findings.chain.violations.map((v) => v.kind)));

	const ledger = await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(ledger.passed, true, JSON.stringify(ledger.violations));
	for (const seq of seqs) assert.ok(ledger.warnings.some((w) => w.kind === 'disowned' && w.seq === seq && w.message.includes(incident.incident)), `seq ${seq}: ${JSON.stringify(ledger.warnings)}`);

	// The next step works: a whole cycle, verified.
	const cycle = await fullCycle(ids, { document: actId, text: edit(3), effective_from: '2029-01-01T00:00:00Z' });
	assert.equal(cycle.verified.passed, true, JSON.stringify(cycle.verified.report.violations));
	assert.equal((await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify')).passed, true);
	const offline = offlineAudit();
	assert.equal(offline.status, 0, offline.out);
	assert.match(offline.out, /3 incident\(s\) recorded/);
});
