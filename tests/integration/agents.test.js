// The executor and verifier agents (extension/src/governance/agents.ts) on a real Directus 12.4.0
// with the built bundle, over HTTP: the editor submits, the reviewer approves, and DOT-991 cuts and
// DOT-992 verifies by themselves, each step signed as that agent and, with a key of its own, by it (issue 48): an
// operator who rewrites a signed change set and re-signs the whole chain with the ledger's key is still caught.
// One database, one Directus at a time, restarted with other agent settings (which also shows an approval whose CUT never ran is
// taken up when the agent starts): executor off, both on, then waiting for a go-ahead.
// IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { generateKeyPairSync, verify as verifySignature } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { openDb, asSuperuser } from '../support/db.js';
import { ok } from '../support/workflow.js';
import { exportAndAudit, reseal as resealLedger } from '../support/forgery.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'agents-test-password' };
const FIRST = '2026-01-01T00:00:00Z';
const AMENDED = '2027-01-01T00:00:00Z';
const POLL_SECONDS = 1;

let directus, pg, dir, db, admin, ids, k, core;
const port = 21000 + (process.pid % 1000);

async function start(agents) {
	await directus?.stop();
	directus = await startDirectus({
		dir,
		port,
		db,
		adminEmail: ADMIN.email,
		adminPassword: ADMIN.password,
		env: { ACCESS_TOKEN_TTL: '6h' },
		agents: { pollSeconds: POLL_SECONDS, ...agents },
	});
	admin = client(directus.url, await directus.login());
}

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-agents-${DB}-`));
	db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 54800 + (process.pid % 150) });
		db = pg.createDatabase('iu_agents');
	}
	// First the executor agent is off: approvals wait for a person (or for the agent to be turned on).
	await start({ executor: false });
	ids = await setupWorkflowRoles({ url: directus.url, token: await directus.login(), password: 'agents-test-password' });
	k = openDb(db, dir);
	core = await loadNodeCore();
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const status = (entry, who = admin) => (who.api ?? who).ok('GET', `/iu-cutter/entries/${entry}`);

/** Polls the entry until `done(status)`; fails with the last status after `ms`. */
async function until(entry, done, ms = 60_000) {
	const deadline = Date.now() + ms;
	for (;;) {
		const s = await status(entry);
		if (done(s)) return s;
		if (Date.now() > deadline) assert.fail(`entry ${entry} did not get there within ${ms} ms: state ${s.state}, agents ${JSON.stringify(s.agents)}`);
		await sleep(200);
	}
}

let docs = 0;
/** A new document (a generated act: `core.generatedAct`, the workflow tests' text) submitted for its first CUT. */
async function submitNew() {
	docs += 1;
	const doc = (
		await ok(ids.submitter, '/items/legal_document', {
			doc_code: `${40 + docs}/2026/QH15`,
			title: `Luật mẫu ${docs}`,
			language: 'vi',
			vocabulary: 'vi',
			source_text: core.generatedAct({ chapters: 1, articlesPerChapter: 3, clausesPerArticle: 2, pointsPerClause: 2 }),
		})
	).id;
	return { doc, ...(await submit({ document: doc, effective_from: FIRST })) };
}

async function submit(request) {
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	return ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
}

const approve = (s) => ok(ids.reviewer, '/iu-cutter/review', { entry: s.entry, decision: 'approve', manifest_sha256: s.manifest_sha256 });

let waiting; // approved while the executor agent was off
let signedCut; // an entry DOT-991 cut and signed, with its change set

test('an agent turned off does nothing: the approved entry waits, and the entry says no agent will cut it', async () => {
	waiting = await submitNew();
	await approve(waiting);
	await sleep(POLL_SECONDS * 3000);
	const s = await status(waiting.entry);
	assert.equal(s.state, 'approved');
	assert.deepEqual(s.agents.next, { step: 'cut', agent: null, waiting_for: null, go_ahead: null });
	assert.equal(s.agents.last, null);
	assert.equal(Number((await k('cut_change_set').where({ entry: waiting.entry }).count({ n: '*' }))[0].n), 0);
});

test('turned on, the executor takes up the approval it missed; after each approval DOT-991 cuts and DOT-992 verifies by themselves, each signing with its own key', async () => {
	await start({});
	// Taken up on start: nobody asks for it.
	const missed = await until(waiting.entry, (s) => s.state === 'verified');
	assert.equal(missed.change_set.executor, ids.executor.id);

	const fresh = await submitNew();
	const approved = await status(fresh.entry);
	assert.equal(approved.state, 'submitted');
	await approve(fresh);
	const s = await until(fresh.entry, (x) => x.state === 'verified');
	assert.equal(s.change_set.executor, ids.executor.id, 'the change set is signed by the executor agent');
	assert.equal(s.verify_results.length, 1);
	assert.equal(s.verify_results[0].verifier, ids.verifier.id, 'the verification by the verifier agent');
	assert.equal(s.verify_results[0].outcome, 'passed');
	const history = s.history.map((h) => [h.event, h.actor]);
	assert.deepEqual(history, [
		['submitted', ids.submitter.id],
		['approved', ids.reviewer.id],
		['cut', ids.executor.id],
		['verified', ids.verifier.id],
	]);
	// The signatures: the executor signs its change set, the verifier its result.
	const signatures = await k('dot_pair_signature').whereIn('change_set', [s.change_set.id]).orWhereIn('verify_result', [s.verify_results[0].id]).select('signer', 'role');
	assert.deepEqual(signatures.map((x) => [x.role, x.signer]).sort(), [
		['executor', ids.executor.id],
		['verifier', ids.verifier.id],
	]);
	// Each agent also signs with its own key (issue 48): the statement binds the entry, the act and the row hash of what
	// it wrote; OpenSSL checks the signature with the public half of that agent's key file, and no other key.
	const rows = await k('decision_backlog_history').where({ entry: fresh.entry }).whereIn('event', ['cut', 'verified']).select('event', 'detail');
	const signedBy = Object.fromEntries(rows.map((r) => [r.event, JSON.parse(r.detail).actor_signature]));
	const changeSetHash = (await k('cut_change_set').where({ id: s.change_set.id }).first('row_hash')).row_hash;
	const resultHash = (await k('verify_result').where({ id: s.verify_results[0].id }).first('row_hash')).row_hash;
	signedCut = { entry: fresh.entry, changeSet: s.change_set.id };
	const keys = { cut: 'dot-991.pub', verified: 'dot-992.pub' };
	for (const [event, act, subject] of [
		['cut', 'cut', changeSetHash],
		['verified', 'verify', resultHash],
	]) {
		const signed = signedBy[event];
		assert.ok(signed, `the ${event} row holds the agent's signature`);
		assert.deepEqual([signed.statement.entry, signed.statement.act, signed.statement.subject_sha256], [fresh.entry, act, subject]);
		const publicKey = readFileSync(join(dir, 'keys', keys[event]), 'utf8');
		assert.equal(signed.public_key_pem.trim(), publicKey.trim(), `signed with the ${event} agent's own key`);
		const bytes = Buffer.from(core.statementChallenge({ statement: signed.statement }).signed_bytes);
		// The stored statement with its format, as RFC 8785 JSON (keys sorted, integers): the bytes signed, by hand.
		const byHand = JSON.stringify(Object.fromEntries(Object.entries({ ...signed.statement, v: 'iu-cutter-statement-v1' }).sort(([a], [b]) => (a < b ? -1 : 1))));
		assert.equal(byHand, bytes.toString(), 'the statement as stored is what was signed');
		assert.equal(verifySignature(null, bytes, publicKey, Buffer.from(signed.signature, 'base64url')), true, `${event}: OpenSSL verifies it`);
		for (const other of ['ledger.pub', event === 'cut' ? 'dot-992.pub' : 'dot-991.pub'])
			assert.equal(verifySignature(null, bytes, readFileSync(join(dir, 'keys', other), 'utf8'), Buffer.from(signed.signature, 'base64url')), false, `${event}: not by ${other}`);
		assert.deepEqual(core.verifyAgentSignature({ publicKeyPem: publicKey, signature: signed.signature, statement: signed.statement }), { ok: true });
		// The DOT pair's row (iu0017) keeps the same signature: the agent's own, over the row hash it names.
		const pair = await k('dot_pair_signature').where({ signed_sha256: subject }).first('role', 'actor_signature');
		assert.equal(pair.role, event === 'cut' ? 'executor' : 'verifier');
		assert.deepEqual(JSON.parse(pair.actor_signature), signed, `the ${pair.role}'s dot_pair_signature row is the agent's signature`);
	}
	assert.equal(s.agents.next, null);
	assert.equal(s.agents.last.step, 'verify');
	assert.equal(s.agents.last.ok, true);
	assert.equal(s.agents.last.agent.id, ids.verifier.id);
	assert.equal(s.agents.last.result, s.verify_results[0].id);
	assert.deepEqual(
		s.agents.steps.map((x) => [x.step, x.agent.id, x.outcome, x.result]),
		[
			['cut', ids.executor.id, 'done', s.change_set.id],
			['verify', ids.verifier.id, 'done', s.verify_results[0].id],
		],
	);
	assert.equal((await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify')).passed, true, 'the ledger chain holds');
});

test('a human executor and verifier stay possible: a CUT by hand is verified by the verifier agent; a second CUT is refused as before', async () => {
	await start({ executor: false });
	const s = await submitNew();
	await approve(s);
	const cut = await ok(ids.executor, '/iu-cutter/cut', { entry: s.entry });
	assert.equal(cut.state, 'cut');
	const done = await until(s.entry, (x) => x.state === 'verified');
	assert.equal(done.verify_results[0].verifier, ids.verifier.id);
	const again = await ids.executor.api.post('/iu-cutter/cut', { entry: s.entry });
	assert.equal(again.status, 409);
	assert.match(again.text, /IU_ALREADY_APPLIED/);
});

let amendedDoc;
test('go-ahead mode: the approved entry waits; the submitter may not give it; the reviewer does, recorded in the ledger as theirs; then CUT and VERIFY follow', async () => {
	await start({ goAhead: true });
	const s = await submitNew();
	amendedDoc = s.doc;
	await approve(s);
	await sleep(POLL_SECONDS * 3000);
	let st = await status(s.entry, ids.reviewer);
	assert.equal(st.state, 'approved', 'no CUT before the go-ahead');
	assert.deepEqual(st.agents.next, { step: 'cut', agent: { id: ids.executor.id, name: 'DOT-991' }, waiting_for: 'go-ahead', go_ahead: null });
	assert.equal(st.agents.can_give_go_ahead, true, 'the reviewer may give it');
	assert.equal((await status(s.entry, ids.submitter)).agents.can_give_go_ahead, false, 'the submitter may not');

	const refused = await ids.submitter.api.post('/iu-cutter/go-ahead', { entry: s.entry, manifest_sha256: s.manifest_sha256 });
	assert.equal(refused.status, 403, refused.text);
	const agentRefused = await ids.executor.api.post('/iu-cutter/go-ahead', { entry: s.entry, manifest_sha256: s.manifest_sha256 });
	assert.equal(agentRefused.status, 403, 'the executor agent lacks the review capability');
	const wrongSha = await ids.reviewer.api.post('/iu-cutter/go-ahead', { entry: s.entry, manifest_sha256: 'a'.repeat(64) });
	assert.equal(wrongSha.status, 409);
	assert.match(wrongSha.text, /IU_MANIFEST_MISMATCH/);

	const given = await ok(ids.reviewer, '/iu-cutter/go-ahead', { entry: s.entry, manifest_sha256: s.manifest_sha256, comment: 'Cắt theo bản kê đã phê duyệt.' });
	const row = await k('review_decision').where({ id: given.go_ahead }).first();
	assert.equal(row.decision, 'go_ahead');
	assert.equal(row.reviewer, ids.reviewer.id);
	assert.equal(row.recorded_by, ids.reviewer.id);
	assert.equal(row.manifest_sha256, s.manifest_sha256);
	assert.ok(row.row_hash, 'chained into the ledger');

	st = await until(s.entry, (x) => x.state === 'verified');
	assert.equal(st.change_set.executor, ids.executor.id);
	assert.equal(st.verify_results[0].verifier, ids.verifier.id);
	assert.deepEqual(
		st.history.map((h) => h.event),
		['submitted', 'approved', 'cut', 'verified'],
		'the go-ahead writes no history event',
	);
	const again = await ids.reviewer.api.post('/iu-cutter/go-ahead', { entry: s.entry, manifest_sha256: s.manifest_sha256 });
	assert.equal(again.status, 409, 'no go-ahead once cut');
	assert.equal((await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify')).passed, true, 'the ledger chain holds');
});

test('a failing CUT (the document moved on) is kept in agents.last with its code and not tried again in a loop', async () => {
	const text = core.generatedAct({ chapters: 1, articlesPerChapter: 3, clausesPerArticle: 2, pointsPerClause: 2 }).replace('Điều 2.', 'Điều 2. Sửa đổi:');
	const s = await submit({ document: amendedDoc, text, effective_from: AMENDED });
	await approve(s);
	const victim = await k('logical_unit').where({ document: amendedDoc }).whereLike('canonical_address', '%/dieu-2').first();
	await asSuperuser(k, (trx) => trx('logical_unit').where({ id: victim.id }).update({ heading: 'Edited behind the workflow' }));
	await ok(ids.reviewer, '/iu-cutter/go-ahead', { entry: s.entry, manifest_sha256: s.manifest_sha256 });
	const failed = await until(s.entry, (x) => x.agents.last && x.agents.last.outcome === 'failed');
	assert.equal(failed.state, 'approved');
	assert.equal(failed.agents.last.step, 'cut');
	assert.equal(failed.agents.last.ok, false);
	assert.equal(failed.agents.last.agent.id, ids.executor.id);
	assert.equal(failed.agents.last.error.code, 'IU_GATE_FAILED');
	assert.ok(failed.agents.last.error.message.length > 0);
	assert.ok(Date.parse(failed.agents.last.retry_at) - Date.now() > 30_000, 'the next try waits about a minute');
	// Several polls later: still one attempt.
	await sleep(POLL_SECONDS * 4000);
	const later = await status(s.entry);
	assert.equal(later.agents.last.attempts, 1);
	assert.equal(later.agents.last.at, failed.agents.last.at);
	assert.equal(Number((await k('iu_agent_step').where({ entry: s.entry }).count({ n: '*' }))[0].n), 1);
	// Directus is still up and answers.
	assert.equal((await fetch(`${directus.url}/server/ping`)).status, 200);
	// Put right, a person with the executor's capability cuts it, and the verifier agent verifies.
	await asSuperuser(k, (trx) => trx('logical_unit').where({ id: victim.id }).update({ heading: victim.heading }));
	await ok(ids.executor, '/iu-cutter/cut', { entry: s.entry });
	const done = await until(s.entry, (x) => x.state === 'verified');
	assert.equal(done.verify_results[0].verifier, ids.verifier.id);
});


const reseal = (seq, change) => resealLedger({ k, core, dir, directus }, seq, change);

/** The offline audit of an export, with the ledger's public key, the witness and the agents' public keys. */
const offlineAudit = () => exportAndAudit({ dir, db, directus }, ['dot-991.pub', 'dot-992.pub'].flatMap((f) => ['--agent-key', join(dir, 'keys', f)]));

test("the operator's forgery: a signed change set rewritten, the chain re-hashed and every checkpoint and witness line re-signed with the ledger's key, is named by /ledger/verify as the agent's signature that no longer holds", async () => {
	const target = await k('cut_change_set').where({ id: signedCut.changeSet }).first();
	await reseal(Number(target.ledger_seq), (row) => {
		assert.equal(row.id, target.id);
		row.units_written = Number(row.units_written) + 1;
	});

	const ledger = await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(ledger.passed, false, 'the forgery is found');
	const kinds = [...new Set(ledger.violations.map((v) => v.kind))];
	assert.deepEqual(kinds, ['bad-actor-signature'], `only the agent's signature gives it away: ${JSON.stringify(ledger.violations.slice(0, 3))}`);
	assert.match(ledger.violations[0].message, /statement\.subject_sha256/);
	// And the offline audit of an export, with nothing but the public keys and the witness file.
	const offline = offlineAudit();
	assert.equal(offline.status, 1, offline.out);
	assert.match(offline.out, /bad-actor-signature/);
	assert.doesNotMatch(offline.out, /checkpoint-mismatch|bad-signature|tampered-content/);
});

test("the forger then signs the rewritten change set in DOT-991's name with a key of their own: the signature holds, and /ledger/verify and the offline audit name the key that is not the agent's", async () => {
	const cs = await k('cut_change_set').where({ id: signedCut.changeSet }).first();
	const row = await k('decision_backlog_history').where({ entry: signedCut.entry, event: 'cut' }).first();
	const { privateKey } = generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
	const detail = JSON.parse(row.detail);
	const statement = { ...detail.actor_signature.statement, subject_sha256: cs.row_hash };
	const forged = core.signStatement({ privatePem: privateKey, statement });
	assert.equal(forged.ok, true);
	await reseal(Number(row.ledger_seq), (r) => {
		assert.equal(r.id, row.id);
		r.detail = JSON.stringify({ ...detail, actor_signature: { statement, signature: forged.signature, public_key_pem: forged.public_key_pem, key_id: forged.key_id } });
	});
	const ledger = await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify');
	const atCut = ledger.violations.filter((v) => v.row_id === row.id).map((v) => v.kind);
	assert.deepEqual(atCut, ['key-not-in-policy'], JSON.stringify(ledger.violations.slice(0, 3)));
	assert.match(ledger.violations.find((v) => v.row_id === row.id).message, new RegExp(`key ${forged.key_id}, which is not one of the agents' trusted keys`));
	const offline = offlineAudit();
	assert.equal(offline.status, 1, offline.out);
	assert.match(offline.out, /key-not-in-policy/);
	// The entry page says it too.
	const status = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${signedCut.entry}`);
	const cut = status.history.find((h) => h.event === 'cut');
	assert.deepEqual([cut.signer.kind, cut.signer.verified, cut.signer.trusted, cut.signer.key_id], ['agent', true, false, forged.key_id]);
});
