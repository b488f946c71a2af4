// The trust policy and people's own signatures (issue 48) on a real Directus 12.4.0 with the built bundle, over HTTP:
// the administrator who enrols a passkey first installs the first policy as its only custodian; a reviewer's passkey
// signs nothing until a custodian signs it into the policy; an approval then needs the reviewer's own signature, and
// whatever else is offered (nothing, another entry's, another page's, an unverified user's, a malformed one, a
// second account's) is refused with nothing written. An operator holding the ledger's key and the database who
// appends an approval in the reviewer's name is refused by the CUT and named by /ledger/verify. A policy change needs
// k custodians; a revoked key signs nothing new, and what it signed before still holds.
// Passkeys here are software authenticators (tests/support/passkey.js); the browser tests use Chromium's virtual one.
// IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { openDb, counts, delta, asSuperuser } from '../support/db.js';
import { ok, submitNewText } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';
import { SoftPasskey, FLAGS, signedBy } from '../support/passkey.js';
import { exportAndAudit, reseal } from '../support/forgery.js';
import { undo } from '../../scripts/migrate.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'trust-test-password' };

let directus, pg, dir, db, admin, ids, k, core, origin;
const port = 22000 + (process.pid % 1000);
const keys = {};

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-trust-${DB}-`));
	db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 55000 + (process.pid % 150) });
		db = pg.createDatabase('iu_trust');
	}
	// The agents run with their own keys, the executor in go-ahead mode: an approval waits for the CUT this test asks
	// for (the go-ahead, or a CUT by hand).
	directus = await startDirectus({
		dir,
		port,
		db,
		adminEmail: ADMIN.email,
		adminPassword: ADMIN.password,
		env: { ACCESS_TOKEN_TTL: '6h' },
		agents: { goAhead: true, pollSeconds: 1 },
	});
	admin = client(directus.url, await directus.login());
	admin.user = (await admin.ok('GET', '/users/me')).id;
	ids = await setupWorkflowRoles({ url: directus.url, token: await directus.login(), password: 'trust-test-password' });
	k = openDb(db, dir);
	core = await loadNodeCore();
	// WebAuthn refuses an IP address: the pages are served on localhost, which is what the relying party names.
	origin = directus.url.replace('127.0.0.1', 'localhost');
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const api = (who) => who.api ?? who;
const post = (who, path, body) => api(who).post(`/iu-cutter${path}`, body);

/** A person enrols a new passkey: the proposal that adds it, and the key. */
async function enrol(who, label) {
	const passkey = new SoftPasskey({ origin, rpId: 'localhost' });
	const { options } = await api(who).ok('POST', '/iu-cutter/trust/passkey/options', {});
	const r = await post(who, '/trust/passkey', { response: passkey.create(options), label });
	assert.equal(r.status, 200, r.text);
	return { passkey, key: r.body.data.key, proposal: r.body.data.proposal };
}

/** `who` signs `statement` (from /trust/statement) with `passkey` and key `key_id`. */
const signed = signedBy;

async function signProposal(who, passkey, key_id, proposal) {
	const st = await api(who).ok('POST', '/iu-cutter/trust/statement', { proposal });
	return post(who, '/trust/sign', { proposal, signature: signed(passkey, key_id, st) });
}

/** Each `[answer, status, code, field]` is that refusal, naming the field (or a part of it); no table grew since `before`. */
async function refusedAndNothingWritten(refusals, before) {
	for (const [r, status, code, field] of refusals) {
		assert.equal(r.status, status, r.text);
		const e = r.body.errors[0];
		assert.equal(e.extensions.code, code, r.text);
		assert.ok(String(e.extensions.field ?? '').startsWith(field), `${field}: ${r.text}`);
	}
	assert.deepEqual(
		Object.entries(delta(before, await counts(k))).filter(([, n]) => n !== 0),
		[],
		'nothing written',
	);
}

const SHAPE = { chapters: 1, articlesPerChapter: 2, clausesPerArticle: 2, pointsPerClause: 0 };
const newText = (n) => ({ doc_code: `${60 + n}/2026/QH15`, title: `Luật ký ${n}`, text: core.generatedAct(SHAPE) });
/** A new text, submitted and signed by the submitter (the first policy asks for it). */
const submitNew = (n) => submitNewText(ids, newText(n), { sign: (st) => signed(keys.submitter.passkey, keys.submitter.key_id, st) });

/** The reviewer's review of `s`, signed with `passkey` (or with `signature` as given). */
async function review(s, { who = ids.reviewer, passkey, key_id, decision = 'approve', signature, statementOf = s.entry, statementAct = decision, options } = {}) {
	let sig = signature;
	if (passkey) {
		const st = await api(who).ok('POST', '/iu-cutter/trust/statement', { entry: statementOf, act: statementAct });
		sig = signed(passkey, key_id, st, options);
	}
	return post(who, '/review', { entry: s.entry, decision, manifest_sha256: s.manifest_sha256, ...(sig === undefined ? {} : { signature: sig }) });
}

test('the first policy: the administrator who enrols first proposes it as its only custodian; it is in force once a second person has reviewed it and the administrator signed it; the module warns', async () => {
	const before = await admin.ok('GET', '/iu-cutter/trust');
	assert.deepEqual([before.installed, before.policy, before.relying_party.id], [true, null, 'localhost']);
	// A reviewer cannot propose it.
	const early = await post(ids.reviewer, '/trust/passkey/options', {}).then(async (r) => {
		const options = r.body.data.options;
		return post(ids.reviewer, '/trust/passkey', { response: new SoftPasskey({ origin, rpId: 'localhost' }).create(options) });
	});
	assert.equal(early.status, 403, early.text);
	assert.match(early.text, /an administrator installs it/);

	const { passkey, key, proposal } = await enrol(admin, 'Admin (laptop)');
	assert.equal(proposal.version, 1);
	assert.deepEqual(key.acts.slice(0, 1), ['policy']);
	keys.admin = { passkey, key_id: key.key_id };
	// Signed by its custodian alone, it is not in force: one person does not set the root of trust.
	const alone = await signProposal(admin, passkey, key.key_id, proposal.id);
	assert.equal(alone.status, 200, alone.text);
	assert.deepEqual([alone.body.data.in_force, alone.body.data.tally.review_needed, alone.body.data.tally.reviewed_by], [false, true, []]);
	assert.equal(Number((await k('trust_policy').count({ n: '*' }))[0].n), 0, 'not in force before a second person reviews it');

	// The reviewer enrols into it: their key joins version 1, and what the custodian signed is no longer what it says.
	const r1 = await enrol(ids.reviewer, 'Reviewer');
	assert.deepEqual(r1.key.acts, ['approve', 'reject', 'go-ahead']);
	assert.deepEqual([r1.proposal.id, r1.proposal.version, r1.proposal.signatures], [proposal.id, 1, []]);
	assert.ok(r1.proposal.policy.keys.some((x) => x.key_id === r1.key.key_id));
	keys.reviewer = { passkey: r1.passkey, key_id: r1.key.key_id };
	// Once: a second key of the same person waits for the policy.
	const again = await post(ids.reviewer, '/trust/passkey/options', {}).then(async (r) =>
		post(ids.reviewer, '/trust/passkey', { response: new SoftPasskey({ origin, rpId: 'localhost' }).create(r.body.data.options) }),
	);
	assert.equal(again.status, 409, again.text);
	assert.match(again.text, /a key in the proposed first policy already/);
	// The reviewer's signature is a review, not a custodian's; the custodian's comes after it.
	const reviewed = await signProposal(ids.reviewer, r1.passkey, r1.key.key_id, proposal.id);
	assert.equal(reviewed.status, 200, reviewed.text);
	assert.deepEqual(
		[reviewed.body.data.in_force, reviewed.body.data.tally.signed_by.length, reviewed.body.data.tally.reviewed_by.map((s) => s.holder)],
		[false, 0, [ids.reviewer.id]],
	);
	const twice = await signProposal(ids.reviewer, r1.passkey, r1.key.key_id, proposal.id);
	assert.equal(twice.status, 403, twice.text);
	assert.match(twice.text, /reviewed it already/);
	const r = await signProposal(admin, passkey, key.key_id, proposal.id);
	assert.equal(r.status, 200, r.text);
	assert.equal(r.body.data.in_force, true);
	const [v1] = await k('trust_policy');
	assert.deepEqual(
		JSON.parse(v1.signatures).map((s) => s.key_id),
		[r1.key.key_id, key.key_id],
		'the review and the custodian’s signature are kept in the ledger',
	);
	const status = await admin.ok('GET', '/iu-cutter/trust');
	assert.equal(status.policy.version, 1);
	assert.deepEqual(status.warnings, ['sole-custodian']);
	// The agents' own keys are in it from the start, each held by its agent, each for its one act.
	const agents = status.policy.policy.keys.filter((x) => x.holder !== admin.user && x.holder !== ids.reviewer.id);
	assert.deepEqual(
		agents.map((x) => [x.acts.join(), x.public_key.kind, x.label]),
		[
			['cut', 'ed25519', 'DOT-991 (executor agent)'],
			['verify', 'ed25519', 'DOT-992 (verifier agent)'],
		],
	);
	assert.deepEqual(status.agents_missing, []);
	assert.equal(status.me.custodian, true);
});

test("a person's passkey signs nothing until a custodian signs it into the policy; its holder cannot sign it in", async () => {
	// Unsigned, before the submitter has a key: told how to enrol.
	const bare = await submitNewText(ids, newText(9)).catch((e) => e.message);
	assert.match(bare, /→ 403: .*IU_NO_KEY_IN_POLICY/s);
	assert.match(bare, /enrol a passkey on the Trust page/);
	const { passkey, key, proposal } = await enrol(ids.submitter, 'Editor');
	// What the IU Submitter policy grants: submit (and repair, rollback), never review.
	assert.deepEqual([key.acts.includes('submit'), key.acts.includes('approve')], [true, false], key.acts.join());
	const self = await signProposal(ids.submitter, passkey, key.key_id, proposal.id);
	assert.equal(self.status, 403, self.text);
	assert.match(self.text, /no such key/);
	const r = await signProposal(admin, keys.admin.passkey, keys.admin.key_id, proposal.id);
	assert.equal(r.body.data.in_force, true, r.text);
	keys.submitter = { passkey, key_id: key.key_id };
	assert.equal((await admin.ok('GET', '/iu-cutter/trust')).policy.version, 2);
});

test('a passkey made on another page, for another relying party, over a challenge the server did not give, or without user verification is not enrolled: 400 naming the field, no proposal', async () => {
	const { options } = await ids.reviewer.api.ok('POST', '/iu-cutter/trust/passkey/options', {});
	const tries = [
		['another page', /origin/i, new SoftPasskey({ origin: 'http://evil.example', rpId: 'localhost' }), options],
		['another relying party', /RP ID/i, new SoftPasskey({ origin, rpId: 'evil.example' }), options],
		['a challenge of its own', /challenge/i, new SoftPasskey({ origin, rpId: 'localhost' }), { ...options, challenge: Buffer.from('made up').toString('base64url') }],
		['no user verification', /user verification/i, new SoftPasskey({ origin, rpId: 'localhost' }), options, { flags: FLAGS.UP }],
	];
	for (const [what, why, passkey, opts, made] of tries) {
		const r = await post(ids.reviewer, '/trust/passkey', { response: passkey.create(opts, made), label: what });
		assert.equal(r.status, 400, `${what}: ${r.text}`);
		assert.equal(r.body.errors[0].extensions.field, 'response', what);
		assert.match(r.body.errors[0].message, why, what);
	}
	const garbled = await post(ids.reviewer, '/trust/passkey', { response: { id: 'x', response: {} } });
	assert.equal(garbled.status, 400, garbled.text);
	assert.equal(Number((await k('iu_trust_proposal').count({ n: '*' }))[0].n), 0, 'no proposal');
});

test("a submit needs the submitter's own signature: over the previewed manifest, for the one entry it opens; unsigned, replayed or over another manifest it is refused, nothing written", async () => {
	const { passkey, key_id } = keys.submitter;
	const key = { key_id };
	// The submit the statement was signed for.
	const { text, ...named } = newText(10);
	const doc = (await ids.submitter.api.ok('POST', '/items/legal_document', { ...named, language: 'vi', vocabulary: 'vi', source_text: text })).id;
	const request = { document: doc, effective_from: '2026-01-01T00:00:00Z' };
	const preview = await ids.submitter.api.ok('POST', '/iu-cutter/preview', request);
	const submitWith = (signature) => post(ids.submitter, '/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256, signature });
	const statement = (manifest_sha256) => ids.submitter.api.ok('POST', '/iu-cutter/trust/statement', { act: 'submit', manifest_sha256 });
	const st = await statement(preview.manifest_sha256);
	assert.equal(st.required, true);
	assert.equal(st.statement.act, 'submit');
	const before = await counts(k);
	const other = await statement('f'.repeat(64));
	const refusals = [
		[await submitWith(undefined), 403, 'IU_SIGNATURE_REQUIRED', 'signature'],
		// Signed over another manifest (what the editor saw is not what is submitted).
		[await submitWith(signed(passkey, key.key_id, other)), 403, 'IU_SIGNATURE_REFUSED', 'signature.statement.subject_sha256'],
		// The reviewer's key, in the submitter's name.
		[await submitWith(signed(keys.reviewer.passkey, keys.reviewer.key_id, st)), 403, 'IU_SIGNATURE_REFUSED', 'signature'],
		[await submitWith({ ...signed(passkey, key.key_id, st), statement: { ...st.statement, entry: 'not-an-id' } }), 400, 'IU_INVALID_PAYLOAD', 'signature.statement.entry'],
	];
	await refusedAndNothingWritten(refusals, before);
	const good = await submitWith(signed(passkey, key.key_id, st));
	assert.equal(good.status, 200, good.text);
	assert.equal(good.body.data.entry, st.statement.entry, 'the entry the statement named');
	const row = await k('decision_backlog_history').where({ entry: good.body.data.entry, event: 'submitted' }).first();
	assert.equal(JSON.parse(row.detail).person_signature.key_id, key.key_id);
	const page = await ids.submitter.api.ok('GET', `/iu-cutter/entries/${good.body.data.entry}`);
	const submitted = page.history.find((h) => h.event === 'submitted');
	assert.deepEqual([submitted.signer.kind, submitted.signer.verified, submitted.signer.label], ['person', true, 'Editor']);
	// Replayed: the same signature opens no second entry (after a rejection, the same manifest could be submitted again).
	await review(good.body.data, { passkey: keys.reviewer.passkey, key_id: keys.reviewer.key_id, decision: 'reject' });
	const replay = await submitWith(signed(passkey, key.key_id, st));
	assert.equal(replay.status, 409, replay.text);
	assert.equal(replay.body.errors[0].extensions.code, 'IU_SIGNATURE_USED');
	assert.equal((await ids.reviewer.api.ok('GET', '/iu-cutter/ledger/verify')).passed, true);
});

let approvedA;

test("an approval needs the reviewer's own signature: nothing, a malformed one, another page's, another RP's, an unverified user's, another entry's: each refused by name, nothing written", async () => {
	const a = await submitNew(1);
	const b = await submitNew(2);
	const { passkey, key_id } = keys.reviewer;
	const before = await counts(k);
	const refusals = [
		[await review(a), 403, 'IU_SIGNATURE_REQUIRED', 'signature'],
		[
			await review(a, { signature: { statement: { at: Date.now() }, key_id, proof: { kind: 'passkey', authenticatorData: '***', clientDataJSON: 'e30', signature: 'AA' } } }),
			400,
			'IU_INVALID_PAYLOAD',
			'signature',
		],
		[await review(a, { passkey, key_id, options: { origin: 'http://evil.example' } }), 403, 'IU_SIGNATURE_REFUSED', 'signature.proof.clientDataJSON'],
		[await review(a, { passkey, key_id, options: { rpId: 'evil.example' } }), 403, 'IU_SIGNATURE_REFUSED', 'signature.proof.authenticatorData'],
		[await review(a, { passkey, key_id, options: { flags: FLAGS.UP } }), 403, 'IU_SIGNATURE_REFUSED', 'signature.proof.authenticatorData'],
		// Replayed: a valid assertion for entry B, offered for entry A.
		[await review(a, { passkey, key_id, statementOf: b.entry }), 403, 'IU_SIGNATURE_REFUSED', 'signature.statement.entry'],
		// …or for another act: signed as a rejection, offered as the approval.
		[await review(a, { passkey, key_id, statementAct: 'reject' }), 403, 'IU_SIGNATURE_REFUSED', 'signature.statement.act'],
	];
	await refusedAndNothingWritten(refusals, before);
	const good = await review(a, { passkey, key_id });
	assert.equal(good.status, 200, good.text);
	approvedA = a;
	// A clone of the passkey (its counter behind the one the ledger now keeps for it) signs B: refused at the step,
	// not only warned of by the audit (WebAuthn §7.2, step 21), and nothing written.
	const kept = passkey.counter;
	const afterGood = await counts(k);
	for (const back of [kept, kept - 1]) {
		passkey.counter = back - 1; // the next assertion is signed with counter `back`
		const cloned = await review(b, { passkey, key_id });
		await refusedAndNothingWritten([[cloned, 403, 'IU_SIGNATURE_REFUSED', 'signature.proof.authenticatorData']], afterGood);
		assert.equal(cloned.body.errors[0].extensions.core.code, 'passkey-counter-back', cloned.text);
		assert.match(cloned.body.errors[0].message, new RegExp(`counter ${back}, and its last signature here had counter ${kept}`), cloned.text);
	}
	passkey.counter = kept;
	const row = await k('decision_backlog_history').where({ entry: a.entry, event: 'approved' }).first();
	assert.equal(JSON.parse(row.detail).person_signature.key_id, key_id);
	const page = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${a.entry}`);
	const approved = page.history.find((h) => h.event === 'approved');
	assert.deepEqual([approved.signer.kind, approved.signer.verified, approved.signer.label], ['person', true, 'Reviewer']);
	assert.equal((await ids.reviewer.api.ok('GET', '/iu-cutter/ledger/verify')).passed, true);
});

test('the second account: an administrator makes another account a reviewer; it cannot approve, its passkey waits for the custodians', async () => {
	const s = await submitNew(3);
	// As a new admin would on the free licence: the IU Reviewer policy copied as an API-only one (no app seat), and an
	// API-only account holding it.
	const reviewerPolicy = (await admin.ok('GET', '/policies?filter[name][_eq]=IU Reviewer'))[0];
	const copy = await admin.ok('POST', '/policies', { name: 'IU Reviewer (API)', icon: 'badge', app_access: false, admin_access: false });
	for (const perm of await admin.ok('GET', `/permissions?filter[policy][_eq]=${reviewerPolicy.id}&limit=-1`)) {
		const { id: _id, policy: _p, ...rest } = perm;
		await admin.ok('POST', '/permissions', { ...rest, policy: copy.id });
	}
	const token = 'second-reviewer-token-0123456789abcdef';
	const user = await admin.ok('POST', '/users', { email: 'second-reviewer@example.com', token, role: null });
	await admin.ok('POST', '/access', { user: user.id, policy: copy.id });
	const second = client(directus.url, token);
	const bare = await review(s, { who: second });
	assert.equal(bare.status, 403, bare.text);
	assert.equal(bare.body.errors[0].extensions.code, 'IU_NO_KEY_IN_POLICY');
	assert.match(bare.body.errors[0].message, /enrol a passkey on the Trust page/);
	// It enrols: the proposal waits for the custodian, and its key signs nothing meanwhile.
	const { passkey, key, proposal } = await enrol(second, 'Second account');
	const r = await review(s, { who: second, passkey, key_id: key.key_id });
	assert.equal(r.status, 403, r.text);
	assert.equal(r.body.errors[0].extensions.core.code, 'key-not-in-policy');
	assert.equal((await admin.ok('POST', '/iu-cutter/trust/withdraw', { proposal: proposal.id })).withdrawn, true);
	await admin.ok('DELETE', `/users/${user.id}`);
});

test("the operator's forgery: an approval in the reviewer's name without their signature, re-hashed and re-sealed with the ledger's key, is refused by the CUT and named by /ledger/verify", async () => {
	const row = await k('decision_backlog_history').where({ entry: approvedA.entry, event: 'approved' }).first();
	const detail = JSON.parse(row.detail);
	delete detail.person_signature;
	await reseal({ k, core, dir, directus }, Number(row.ledger_seq), (r) => {
		assert.equal(r.id, row.id);
		r.detail = JSON.stringify(detail);
	});
	const ledger = await ids.reviewer.api.ok('GET', '/iu-cutter/ledger/verify');
	assert.deepEqual([...new Set(ledger.violations.map((v) => v.kind))], ['unsigned-step'], JSON.stringify(ledger.violations.slice(0, 3)));
	// And the offline audit of an export, with nothing but the ledger's public key and the witness file: the policy is
	// in the ledger itself.
	const offline = exportAndAudit({ dir, db, directus });
	assert.equal(offline.status, 1, offline.out);
	assert.match(offline.out, /unsigned-step/);
	assert.doesNotMatch(offline.out, /checkpoint-mismatch|bad-signature|tampered-content/);
	const cut = await post(ids.executor, '/cut', { entry: approvedA.entry });
	assert.equal(cut.status, 409, cut.text);
	assert.equal(cut.body.errors[0].extensions.code, 'IU_APPROVAL_UNSIGNED');
	assert.equal(Number((await k('cut_change_set').where({ entry: approvedA.entry }).count({ n: '*' }))[0].n), 0);
	const page = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${approvedA.entry}`);
	assert.equal(page.history.find((h) => h.event === 'approved').signer.kind, 'unsigned');
	// Put back as it was (the signature kept), so the later tests start from an intact ledger.
	await reseal({ k, core, dir, directus }, Number(row.ledger_seq), (r) => {
		r.detail = row.detail;
	});
	assert.equal((await ids.reviewer.api.ok('GET', '/iu-cutter/ledger/verify')).passed, true);
});

/** The policy in force, changed by `change`, proposed by the admin custodian: the proposal. */
async function proposeChange(note, change) {
	const { policy } = await admin.ok('GET', '/iu-cutter/trust');
	const next = structuredClone(policy.policy);
	next.version += 1;
	next.previous_sha256 = policy.sha256;
	change(next);
	const r = await post(admin, '/trust/propose', { policy: next, note });
	assert.equal(r.status, 200, r.text);
	return r.body.data.proposal;
}

test('custodians: with k = 2, a change signed by one custodian is not in force; signed by two it is', async () => {
	// A second custodian with an offline Ed25519 key, who signs with the CLI from an API-only account (no app seat).
	const { generateKeyPairSync } = await import('node:crypto');
	const offline = generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
	const keyFile = join(dir, 'custodian.key');
	writeFileSync(keyFile, offline.privateKey);
	const auditorToken = 'auditor-custodian-token-0123456789';
	const auditor = await admin.ok('POST', '/users', { email: 'auditor@example.com', token: auditorToken, role: null });
	const pem = offline.publicKey;
	const id = core.publicKeyId({ publicKey: { kind: 'ed25519', pem } });
	assert.equal(id.ok, true, JSON.stringify(id));
	const p1 = await proposeChange('Add the auditor as custodian; k = 2', (p) => {
		p.keys.push({ key_id: id.key_id, holder: auditor.id, label: 'Auditor (offline key)', acts: ['policy'], public_key: { kind: 'ed25519', pem } });
		p.threshold = 2;
	});
	assert.equal((await signProposal(admin, keys.admin.passkey, keys.admin.key_id, p1.id)).body.data.in_force, true);
	const offlineSign = () => {
		const r = spawnSync(process.execPath, ['scripts/policy.js', 'sign', '--key', keyFile, '--url', directus.url, '--token', auditorToken], { cwd: ROOT, encoding: 'utf8' });
		return { status: r.status, out: r.stdout + r.stderr };
	};
	// Now revoke nothing yet: a change signed by k − 1 = 1 custodian waits; the second makes it hold.
	const p2 = await proposeChange('Name the reviewer’s passkey', (p) => {
		p.keys.find((x) => x.key_id === keys.reviewer.key_id).label = 'Reviewer (Touch ID)';
	});
	// A copy of the custodian's passkey (its counter behind the one the ledger keeps for it) signs it: refused, nothing kept.
	const kept = keys.admin.passkey.counter;
	keys.admin.passkey.counter = 0; // the next assertion is signed with counter 1
	const cloned = await signProposal(admin, keys.admin.passkey, keys.admin.key_id, p2.id);
	keys.admin.passkey.counter = kept;
	assert.equal(cloned.status, 403, cloned.text);
	assert.deepEqual(
		[cloned.body.errors[0].extensions.core.code, cloned.body.errors[0].extensions.field],
		['passkey-counter-back', 'signature.proof.authenticatorData'],
		cloned.text,
	);
	assert.match(cloned.body.errors[0].message, /signed with counter 1, and its last signature here had counter \d+/);
	assert.deepEqual((await admin.ok('GET', '/iu-cutter/trust')).proposal.signatures, [], 'nothing kept');
	const one = await signProposal(admin, keys.admin.passkey, keys.admin.key_id, p2.id);
	assert.equal(one.body.data.in_force, false, one.text);
	assert.equal(one.body.data.tally.signed_by.length, 1);
	const versionBefore = (await admin.ok('GET', '/iu-cutter/trust')).policy.version;
	const two = offlineSign();
	assert.equal(two.status, 0, two.out);
	assert.match(two.out, /^proposal [0-9a-f-]{36} → version \d+: Name the reviewer’s passkey$/m);
	assert.match(two.out, /signed: version \d+ is in force/);
	assert.equal((await admin.ok('GET', '/iu-cutter/trust')).policy.version, versionBefore + 1);
	keys.offlineSign = offlineSign;
});

test('a lost key revoked by the custodians signs nothing new; the approvals it signed before still hold', async () => {
	const s = await submitNew(4);
	const p = await proposeChange("Revoke the reviewer's lost passkey", (next) => {
		const lost = next.keys.find((x) => x.key_id === keys.reviewer.key_id);
		next.keys = next.keys.filter((x) => x !== lost);
		next.revoked.push({ key_id: lost.key_id, holder: lost.holder, reason: 'lost with the laptop' });
	});
	await signProposal(admin, keys.admin.passkey, keys.admin.key_id, p.id);
	assert.match(keys.offlineSign().out, /signed: version \d+ is in force/);
	const r = await review(s, keys.reviewer);
	assert.equal(r.status, 403, r.text);
	assert.equal(r.body.errors[0].extensions.core.code, 'signed-by-revoked-key');
	const ledger = await ids.reviewer.api.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(ledger.passed, true, JSON.stringify(ledger.violations.slice(0, 3)));
	const page = await ids.reviewer.api.ok('GET', `/iu-cutter/entries/${approvedA.entry}`);
	assert.equal(page.history.find((h) => h.event === 'approved').signer.verified, true, 'signed while the key was in force');
});

/** Polls entry `entry` until it is `state` (the agents act by themselves). */
async function reaches(entry, state) {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const now = (await admin.ok('GET', `/iu-cutter/entries/${entry}`)).state;
		if (now === state) return;
		if (now === 'verify_failed') {
			// What VERIFY found, in the failure's message.
			const sets = await k('cut_change_set').where({ entry }).pluck('id');
			const found = await k('verify_result').whereIn('change_set', sets).orderBy('ledger_seq', 'desc').first('report');
			assert.fail(`entry ${entry} is verify_failed, not ${state}: ${String(found?.report).slice(0, 1500)}`);
		}
		assert.ok(Date.now() < deadline, `entry ${entry} is ${now}, not ${state}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** `who` enrols a passkey and the two custodians sign it in: `{ passkey, key_id, acts }`. */
async function enrolSignedIn(who, label) {
	const { passkey, key, proposal } = await enrol(who, label);
	await signProposal(admin, keys.admin.passkey, keys.admin.key_id, proposal.id);
	assert.match(keys.offlineSign().out, /signed: version \d+ is in force/);
	return { passkey, key_id: key.key_id, acts: key.acts };
}

/** `who`'s signature of `act` on `entry` with their passkey, over the statement the server gives. */
async function stepSigned(who, { passkey, key_id }, entry, act) {
	return signed(passkey, key_id, await api(who).ok('POST', '/iu-cutter/trust/statement', { entry, act }));
}

test('by hand, a CUT, a sweep and a rollback each need the signature of the person who takes them; refused without it, nothing written', async () => {
	// After the loss, the reviewer enrols a new passkey; the executor, the verifier and the editor's rollback too.
	keys.reviewer = await enrolSignedIn(ids.reviewer, 'Reviewer, new laptop');
	const executor = await enrolSignedIn(ids.executor, 'Executor');
	const verifier = await enrolSignedIn(ids.verifier, 'Verifier');
	keys.verifier = verifier;
	assert.deepEqual([executor.acts.includes('cut'), verifier.acts.includes('sweep')], [true, true], `${executor.acts} / ${verifier.acts}`);
	const s = await submitNew(8);
	assert.equal((await review(s, keys.reviewer)).status, 200);

	// The CUT by hand (the executor agent waits for a go-ahead nobody gives).
	const bare = await post(ids.executor, '/cut', { entry: s.entry });
	assert.equal(bare.status, 403, bare.text);
	assert.deepEqual([bare.body.errors[0].extensions.code, bare.body.errors[0].extensions.field], ['IU_SIGNATURE_REQUIRED', 'signature']);
	assert.equal(Number((await k('cut_change_set').where({ entry: s.entry }).count({ n: '*' }))[0].n), 0, 'nothing written');
	// Signed for another step, offered for the CUT.
	const moved = await post(ids.executor, '/cut', { entry: s.entry, signature: await stepSigned(ids.executor, executor, s.entry, 'sweep') });
	assert.deepEqual([moved.status, moved.body.errors[0].extensions.field], [403, 'signature.statement.act'], moved.text);
	const cut = await post(ids.executor, '/cut', { entry: s.entry, signature: await stepSigned(ids.executor, executor, s.entry, 'cut') });
	assert.equal(cut.status, 200, cut.text);
	// The verifier agent verifies it by itself, with its own key.
	await reaches(s.entry, 'verified');

	// The sweep: one entry at a time, signed.
	const all = await post(ids.verifier, '/sweep', {});
	assert.deepEqual([all.status, all.body.errors?.[0]?.extensions?.field], [400, 'entry'], all.text);
	const unsigned = await post(ids.verifier, '/sweep', { entry: s.entry });
	assert.equal(unsigned.status, 403, unsigned.text);
	const swept = await post(ids.verifier, '/sweep', { entry: s.entry, signature: await stepSigned(ids.verifier, verifier, s.entry, 'sweep') });
	assert.equal(swept.status, 200, swept.text);

	// The rollback, signed on the entry it rolls back by the editor (IU Submitter may roll back).
	const rb = await post(ids.submitter, '/rollback', { entry: s.entry, signature: await stepSigned(ids.submitter, keys.submitter, s.entry, 'rollback') });
	assert.equal(rb.status, 200, rb.text);
	const signers = Object.fromEntries(
		(await admin.ok('GET', `/iu-cutter/entries/${s.entry}`)).history.map((h) => [h.event, [h.signer.kind, h.signer.verified, h.signer.label ?? null]]),
	);
	assert.deepEqual(signers, {
		submitted: ['person', true, 'Editor'],
		approved: ['person', true, 'Reviewer, new laptop'],
		cut: ['person', true, 'Executor'],
		verified: ['agent', true, null],
		swept: ['person', true, 'Verifier'],
	});
	const opened = (await admin.ok('GET', `/iu-cutter/entries/${rb.body.data.entry}`)).history[0];
	assert.deepEqual([opened.event, opened.signer.kind, opened.signer.verified, opened.signer.label], ['submitted', 'person', true, 'Editor']);
	const ledger = await admin.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(ledger.passed, true, JSON.stringify(ledger.violations.slice(0, 3)));
});

test("the agents' own keys: DOT-991's CUT and DOT-992's VERIFY are trusted by the policy; a key the operator swaps into the server's settings is not, until the custodians sign it in", async () => {
	const reviewer = keys.reviewer;
	/** A new text, submitted, approved and given the go-ahead: the agents cut and verify it (`state`: how it ends). */
	const throughTheAgents = async (n, state = 'verified') => {
		const s = await submitNew(n);
		assert.equal((await review(s, reviewer)).status, 200);
		await ok(ids.reviewer, '/iu-cutter/go-ahead', { entry: s.entry, manifest_sha256: s.manifest_sha256, signature: await stepSigned(ids.reviewer, reviewer, s.entry, 'go-ahead') });
		await reaches(s.entry, state);
		return s;
	};
	const signersOf = async (s) =>
		Object.fromEntries((await admin.ok('GET', `/iu-cutter/entries/${s.entry}`)).history.map((h) => [h.event, [h.signer.kind, h.signer.verified, h.signer.trusted ?? null]]));

	const first = await throughTheAgents(5);
	assert.deepEqual(await signersOf(first), { submitted: ['person', true, null], approved: ['person', true, null], cut: ['agent', true, true], verified: ['agent', true, true] });
	assert.equal((await admin.ok('GET', '/iu-cutter/ledger/verify')).passed, true);

	// The operator puts a key of their own in DOT-991's key file: the server's settings now trust it, the policy does not.
	const { generateKeyPairSync } = await import('node:crypto');
	writeFileSync(
		join(dir, 'keys', 'dot-991.key'),
		generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey,
	);
	// DOT-992's VERIFY checks the ledger since the last one that passed: it fails, naming the CUT's key.
	const second = await throughTheAgents(6, 'verify_failed');
	assert.deepEqual((await signersOf(second)).cut, ['agent', true, false]);
	const cutRow = await k('decision_backlog_history').where({ entry: second.entry, event: 'cut' }).first();
	const result = await k('verify_result')
		.where({ change_set: JSON.parse(cutRow.detail).change_set })
		.first();
	assert.match(String(result.report), /key-not-in-policy/);
	const named = (await admin.ok('GET', '/iu-cutter/ledger/verify')).violations;
	// Named where the CUT keeps the agent's signature: its DOT pair row and its history row.
	const pairRow = await k('dot_pair_signature')
		.where({ change_set: JSON.parse(cutRow.detail).change_set })
		.first('id');
	assert.deepEqual(
		named.map((v) => [v.kind, v.row_id]),
		[
			['key-not-in-policy', pairRow.id],
			['key-not-in-policy', cutRow.id],
		],
	);
	// The Trust page says so, and a custodian (only) proposes the new key; once k custodians sign it, the policy names it.
	const status = await admin.ok('GET', '/iu-cutter/trust');
	assert.ok(status.warnings.includes('agents-not-in-policy'), status.warnings.join());
	assert.deepEqual(
		status.agents_missing.map((x) => [x.acts.join(), x.label]),
		[['cut', 'DOT-991 (executor agent)']],
	);
	const refused = await post(ids.reviewer, '/trust/agents', {});
	assert.equal(refused.status, 403, refused.text);
	const proposed = await admin.ok('POST', '/iu-cutter/trust/agents', {});
	await signProposal(admin, keys.admin.passkey, keys.admin.key_id, proposed.proposal.id);
	assert.match(keys.offlineSign().out, /signed: version \d+ is in force/);
	assert.deepEqual((await admin.ok('GET', '/iu-cutter/trust')).agents_missing, []);
	// The CUT signed before the custodians signed the key in stays named: it was not trusted when it was taken.
	assert.deepEqual(
		(await admin.ok('GET', '/iu-cutter/ledger/verify')).violations.map((v) => v.row_id),
		[pairRow.id, cutRow.id],
	);
});

/** Waits until `check()` is true (the agents act by themselves). */
async function until(what, check) {
	const deadline = Date.now() + 60_000;
	while (!(await check())) {
		assert.ok(Date.now() < deadline, what);
		await new Promise((r) => setTimeout(r, 200));
	}
}

test('a go-ahead, an incident and a repair are signed by the person who takes them; a go-ahead the operator forges does not release the executor', async () => {
	const reviewer = keys.reviewer;
	const s = await submitNew(11);
	assert.equal((await review(s, reviewer)).status, 200);

	// The go-ahead: unsigned, or signed for the approval, is refused by name; nothing written.
	const before = await counts(k);
	const bare = await post(ids.reviewer, '/go-ahead', { entry: s.entry, manifest_sha256: s.manifest_sha256 });
	const other = await post(ids.reviewer, '/go-ahead', {
		entry: s.entry,
		manifest_sha256: s.manifest_sha256,
		signature: await stepSigned(ids.reviewer, reviewer, s.entry, 'approve'),
	});
	await refusedAndNothingWritten(
		[
			[bare, 403, 'IU_SIGNATURE_REQUIRED', 'signature'],
			[other, 403, 'IU_SIGNATURE_REFUSED', 'signature.statement.act'],
		],
		before,
	);

	// The operator, holding the ledger's key and the database, turns the approval's decision row into a go-ahead in
	// the reviewer's name and re-seals the chain. The executor agent, which waits for a go-ahead, does not cut on it.
	const approval = await k('review_decision').where({ entry: s.entry, decision: 'approve' }).first();
	await reseal({ k, core, dir, directus }, Number(approval.ledger_seq), (r) => {
		r.decision = 'go_ahead';
	});
	await until(
		'the executor agent tried the forged go-ahead',
		async () => (await k('iu_agent_step').where({ entry: s.entry, step: 'cut' }).first())?.code === 'IU_GO_AHEAD_UNSIGNED',
	);
	assert.equal(Number((await k('cut_change_set').where({ entry: s.entry }).count({ n: '*' }))[0].n), 0, 'not cut');
	const named = (await admin.ok('GET', '/iu-cutter/ledger/verify')).violations.filter((v) => v.row_id === approval.id);
	assert.deepEqual(
		named.map((v) => v.kind),
		['unsigned-step'],
	);
	const forgedPage = await admin.ok('GET', `/iu-cutter/entries/${s.entry}`);
	assert.equal(forgedPage.reviews.find((x) => x.decision === 'go_ahead').signer.kind, 'unsigned', 'the entry page says the go-ahead is not signed');
	assert.equal(forgedPage.agents.next.waiting_for, 'go-ahead', 'and still asks for one');
	assert.equal(forgedPage.agents.last.error.code, 'IU_GO_AHEAD_UNSIGNED');
	await reseal({ k, core, dir, directus }, Number(approval.ledger_seq), (r) => {
		r.decision = 'approve';
	});

	// Drift behind the ledger, in a text the agents cut and verified: the verifier records an incident, signed over
	// the document and the note. It also disowns the CUT the agents' test signed with the swapped key (the one row
	// every VERIFY since has named), so the workflow goes on.
	const lastVerified = await k('decision_backlog_history').where({ event: 'verified' }).orderBy('ledger_seq', 'desc').first('entry');
	const document = (await k('decision_backlog_entry').where({ id: lastVerified.entry }).first('document')).document;
	const unit = await k('logical_unit').where({ document }).whereNotNull('body').first();
	await asSuperuser(k, (trx) => trx('logical_unit').where({ id: unit.id }).update({ body: 'Edited behind the workflow.' }));
	const note = 'The store drifted: a unit edited behind the workflow';
	const incidentBefore = await counts(k);
	const unsigned = await post(ids.verifier, '/incident', { document, note });
	const st = await api(ids.verifier).ok('POST', '/iu-cutter/trust/statement', { act: 'incident', document, note: 'Another note' });
	const otherNote = await post(ids.verifier, '/incident', { document, note, signature: signed(keys.verifier.passkey, keys.verifier.key_id, st) });
	await refusedAndNothingWritten(
		[
			[unsigned, 403, 'IU_SIGNATURE_REQUIRED', 'signature'],
			[otherNote, 403, 'IU_SIGNATURE_REFUSED', 'signature.statement.subject_sha256'],
		],
		incidentBefore,
	);
	const incidentSt = await api(ids.verifier).ok('POST', '/iu-cutter/trust/statement', { act: 'incident', document, note });
	const incident = await ok(ids.verifier, '/iu-cutter/incident', { document, note, signature: signed(keys.verifier.passkey, keys.verifier.key_id, incidentSt) });
	assert.equal(incident.incident, incidentSt.statement.entry, 'the incident is the one the statement named');

	// The repair, signed over the incident by the editor (IU Submitter may repair), reviewed and cut like any change.
	const repairSt = await api(ids.submitter).ok('POST', '/iu-cutter/trust/statement', { act: 'repair', incident: incident.incident });
	const replay = await post(ids.submitter, '/repair', { incident: incident.incident, signature: signed(keys.submitter.passkey, keys.submitter.key_id, incidentSt) });
	assert.equal(replay.status, 403, replay.text);
	const repaired = await ok(ids.submitter, '/iu-cutter/repair', { incident: incident.incident, signature: signed(keys.submitter.passkey, keys.submitter.key_id, repairSt) });
	assert.equal(repaired.entry, repairSt.statement.entry);
	const page = await admin.ok('GET', `/iu-cutter/entries/${repaired.entry}`);
	assert.deepEqual([page.history[0].event, page.history[0].signer.kind, page.history[0].signer.verified, page.history[0].signer.label], ['submitted', 'person', true, 'Editor']);
	const r = { entry: repaired.entry, manifest_sha256: repaired.manifest_sha256 };
	assert.equal((await review(r, reviewer)).status, 200);
	await ok(ids.reviewer, '/iu-cutter/go-ahead', { ...r, signature: await stepSigned(ids.reviewer, reviewer, r.entry, 'go-ahead') });
	await reaches(r.entry, 'verified');
	assert.notEqual((await k('logical_unit').where({ id: unit.id }).first()).body, 'Edited behind the workflow.');

	// The reviewer's own go-ahead: kept in its row, and the agents cut and verify.
	const given = await ok(ids.reviewer, '/iu-cutter/go-ahead', {
		entry: s.entry,
		manifest_sha256: s.manifest_sha256,
		signature: await stepSigned(ids.reviewer, reviewer, s.entry, 'go-ahead'),
	});
	const row = await k('review_decision').where({ id: given.go_ahead }).first();
	assert.deepEqual([JSON.parse(row.actor_signature).statement.act, JSON.parse(row.actor_signature).key_id], ['go-ahead', reviewer.key_id]);
	const onPage = (await admin.ok('GET', `/iu-cutter/entries/${s.entry}`)).reviews.find((x) => x.decision === 'go_ahead');
	assert.deepEqual([onPage.signer.kind, onPage.signer.verified, onPage.signer.label], ['person', true, 'Reviewer, new laptop']);
	await reaches(s.entry, 'verified');
	// The DOT pair's rows are the agents' own signatures of what they name.
	const cut = JSON.parse((await k('decision_backlog_history').where({ entry: s.entry, event: 'cut' }).first()).detail);
	const pair = await k('dot_pair_signature').where({ change_set: cut.change_set }).first();
	assert.deepEqual(JSON.parse(pair.actor_signature), cut.actor_signature);
	assert.equal(cut.actor_signature.statement.subject_sha256, pair.signed_sha256);

	// Every signature of this test holds in the audits, online and offline (the CUT the incident disowned is a
	// warning now, naming the incident).
	const ledger = await admin.ok('GET', '/iu-cutter/ledger/verify');
	assert.equal(ledger.passed, true, JSON.stringify(ledger.violations.slice(0, 3)));
	const offline = exportAndAudit({ dir, db, directus });
	assert.equal(offline.status, 0, offline.out);
	assert.match(offline.out, /result: INTACT/);
});

test('iu0017 is not undone once a step keeps its signature: refused by name, the column and every signature kept', async () => {
	const kept = async () => Number((await k('review_decision').whereNotNull('actor_signature').count({ n: '*' }))[0].n);
	const before = await kept();
	assert.ok(before > 0, 'the go-ahead of the test before keeps its signature');
	// Only the latest applied migration is undone: iu0018 (the transparency log, which the chain rebuilds) first.
	assert.equal((await undo(k, 'iu0018', { core })).passed, true);
	const step = await undo(k, 'iu0017', { core });
	assert.equal(step.passed, false);
	const refused = step.gates.find((g) => g.name === 'transaction');
	assert.match(
		refused?.evidence ?? '',
		/iu0017 down: \d+ row\(s\) of \w+ keep a signature in actor_signature; the ledger is append-only\. Nothing was changed\./,
		JSON.stringify(step.gates),
	);
	assert.equal(await k.schema.hasColumn('review_decision', 'actor_signature'), true);
	assert.equal(await kept(), before);
	assert.deepEqual(await k('iu_migration_ledger').orderBy('seq', 'desc').first('version', 'direction'), { version: 'iu0018', direction: 'down' }, 'the refusal wrote nothing');
});
