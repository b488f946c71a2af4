// The trust policy's doors (issue 48, items 1 and 3): a person enrols a passkey, which becomes a proposal to add
// their key to the policy; custodians sign proposals (with a passkey here, or an offline key and the CLI); once k of
// them signed, the new version is one sealed ledger row (trust_policy). Every decision is the core's
// (ledger::policy: tally, check_change); the attestation of a new passkey is read by @simplewebauthn/server, a
// maintained WebAuthn library, never by hand.
//
// The first policy: an administrator enrols first, which proposes version 1 with their key as its only custodian
// (k = 1); the module warns about that until custodians are added. It is a reviewed step (issue 48, item 5): a second
// person, a reviewer, enrols their own passkey into the open version 1 and signs it, and the administrator signs it
// (after the reviewer's enrolment, which changed what there is to sign). The core holds it in force only then
// (ledger::policy tally: `reviewed_by`). Before it, every step is attested by the server alone.
import { createHmac, createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { generateRegistrationOptions, verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { cose, decodeCredentialPublicKey } from '@simplewebauthn/server/helpers';
import type { Act, PolicyKey, PolicySignature, Statement, TrustPolicy } from '../core-types/index.js';
import { requireCapability, type Action } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { badRequest, conflict, coreFailure, forbidden, notFound, signatureRefused, WorkflowError } from '../lib/errors.js';
import { LedgerWriter } from '../lib/ledger.js';
import { sealedTransaction } from '../lib/seal.js';
import { chainTail } from '../shared/ledger-rows.js';
import { INCIDENT_TABLE, TRUST_POLICY_TABLE, TRUST_PROPOSAL_TABLE } from '../shared/schema.js';
import { configuredRelyingParty, hasTrustTables, openProposal, policyHistory, policyInForce, type InForce, type ProposalRow } from '../lib/trust-policy.js';
import { nowIso, type Ctx } from './context.js';
import { keptSignaturesOf } from './person-signature.js';
import { loadEntry } from './entry.js';
import { peopleOf } from './people.js';
import { agentKeysMissing, agentPolicyKeys } from './agents.js';

/** The acts a Directus capability lets its holder sign: what an enrolled key is proposed for. */
const ACTS_OF: ReadonlyArray<readonly [Action, Act[]]> = [
	['submit', ['submit']],
	['review', ['approve', 'reject', 'go-ahead']],
	['cut', ['cut']],
	['verify', ['verify']],
	['sweep', ['sweep']],
	['incident', ['incident']],
	['repair', ['repair']],
	['rollback', ['rollback']],
];
/** The acts the first policy makes need the signature of whoever takes them: every act whose step can keep one. */
const FIRST_SIGNED_ACTS: Act[] = ['submit', 'approve', 'reject', 'go-ahead', 'cut', 'verify', 'sweep', 'rollback', 'incident', 'repair'];
/** A registration challenge is good this long. */
const ENROL_WINDOW_MS = 5 * 60_000;

function signedIn(ctx: Ctx): string {
	const user = ctx.accountability?.user;
	if (!user) throw forbidden('Sign in first: the trust policy is closed to anonymous callers.');
	return user;
}

async function actsOf(ctx: Ctx): Promise<Act[]> {
	const acts: Act[] = [];
	for (const [action, given] of ACTS_OF) {
		try {
			await requireCapability(ctx.knex, ctx.accountability, action);
			acts.push(...given);
		} catch (e) {
			if (!(e instanceof WorkflowError)) throw e;
		}
	}
	return acts;
}

/** The proposal's tally, and the keys of `holder` (if named) whose signature would still count (core signing_keys). */
function tallyOf(ctx: Ctx, current: InForce | null, proposal: { policy_json: string; signatures: string }, holder?: string) {
	const r = ctx.core.policyTally({ current: current?.row.policy_json ?? null, next: proposal.policy_json, signatures: proposal.signatures, holder });
	if (!r.ok) throw coreFailure('The proposal does not follow the policy in force', r.error, 409);
	return r;
}

/** GET /trust — the policy in force, the open proposal with who signed it, the caller's keys and what they may do. */
export async function trustStatus(ctx: Ctx, _raw: unknown) {
	const user = signedIn(ctx);
	if (!(await hasTrustTables(ctx.knex))) {
		return {
			installed: false,
			policy: null,
			proposal: null,
			relying_party: configuredRelyingParty(),
			me: { user, keys: [], custodian: false, admin: !!ctx.accountability?.admin },
			warnings: [],
			people: {},
		};
	}
	const current = await policyInForce(ctx.knex);
	const open = await openProposal(ctx.knex);
	const policy = current?.policy ?? null;
	const keys = policy?.keys.filter((k) => k.holder === user) ?? [];
	const custodians = policy ? policy.keys.filter((k) => k.acts.includes('policy')).map((k) => k.holder) : [];
	const warnings: string[] = [];
	if (policy && new Set(custodians).size === 1) warnings.push('sole-custodian');
	const agentsMissing = policy ? agentKeysMissing(policy, await agentPolicyKeys(ctx.knex, ctx.core)) : [];
	if (agentsMissing.length) warnings.push('agents-not-in-policy');
	const proposal = open ? { ...proposalView(open), ...tallyOf(ctx, current, open, user) } : null;
	return {
		installed: true,
		policy: current
			? { version: current.row.version, sha256: current.row.policy_sha256, recorded_at: current.row.recorded_at, policy: current.policy, ...(await signersOf(ctx, current)) }
			: null,
		proposal,
		relying_party: policy?.relying_party ?? configuredRelyingParty(),
		me: { user, keys, custodian: custodians.includes(user), admin: !!ctx.accountability?.admin },
		warnings,
		/** The running agents' own keys the policy does not name: a custodian proposes them (POST /trust/agents). */
		agents_missing: agentsMissing,
		// Everyone the page names: the holders of the keys in force and of those the proposal adds.
		people: await peopleOf(ctx.knex, [user, open?.proposed_by, ...[...(policy?.keys ?? []), ...(proposal?.policy.keys ?? [])].map((k) => k.holder)]),
	};
}

/**
 * Who signed the policy in force into force, as the core counts its signatures against the version before it: its
 * custodians, and for version 1 the second person who reviewed it. Empty when they do not count (the audit says why).
 */
async function signersOf(ctx: Ctx, inForce: InForce) {
	const history = await policyHistory(ctx.knex);
	const before = history.filter((r) => r.version < inForce.row.version).at(-1) ?? null;
	const r = ctx.core.policyTally({ current: before?.policy_json ?? null, next: inForce.row.policy_json, signatures: inForce.row.signatures });
	return r.ok ? { signed_by: r.tally.signed_by, reviewed_by: r.tally.reviewed_by } : { signed_by: [], reviewed_by: [] };
}

function proposalView(p: ProposalRow) {
	return {
		id: p.id,
		version: p.version,
		note: p.note,
		proposed_by: p.proposed_by,
		proposed_at: p.proposed_at,
		policy: JSON.parse(p.policy_json) as TrustPolicy,
		signatures: JSON.parse(p.signatures) as PolicySignature[],
	};
}

// ── enrolment ────────────────────────────────────────────────────────────────

const SECRET = process.env['SECRET'] || randomBytes(32).toString('hex');
const mac = (text: string) => createHmac('sha256', `iu-cutter-enrol\n${SECRET}`).update(text).digest('base64url');

/** A challenge the server can check without keeping it (several instances may serve the next request). */
function enrolChallenge(user: string, at: number): string {
	const body = Buffer.from(JSON.stringify({ u: user, t: at, n: randomBytes(8).toString('hex') })).toString('base64url');
	return `${body}.${mac(body)}`;
}

function enrolChallengeHolds(challenge: string, user: string, now: number): boolean {
	const text = Buffer.from(challenge, 'base64url').toString('utf8');
	const [body, tag] = text.split('.');
	if (!body || !tag || mac(body) !== tag) return false;
	const { u, t } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { u: string; t: number };
	return u === user && now - t >= 0 && now - t <= ENROL_WINDOW_MS;
}

/** POST /trust/passkey/options — what navigator.credentials.create needs to make the caller a passkey. */
export async function passkeyOptions(ctx: Ctx, _raw: unknown) {
	const user = signedIn(ctx);
	const current = await policyInForce(ctx.knex);
	const rp = current?.policy.relying_party ?? configuredRelyingParty();
	const { email, display } = await whoIs(ctx, user);
	const options = await generateRegistrationOptions({
		rpName: 'iu-cutter',
		rpID: rp.id,
		userName: email,
		userDisplayName: display,
		userID: new TextEncoder().encode(user),
		challenge: new TextEncoder().encode(enrolChallenge(user, Date.now())),
		attestationType: 'none',
		// ES256 only: what the core verifies (ledger::actor::verify_passkey).
		supportedAlgorithmIDs: [-7],
		authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
		excludeCredentials: (current?.policy.keys ?? [])
			.filter((k) => k.holder === user && k.public_key.kind === 'passkey')
			.map((k) => ({ id: (k.public_key as { credential_id: string }).credential_id })),
	});
	return { options, relying_party: rp };
}

/** A passkey's COSE public key (ES256) as SPKI DER, base64url: how the policy keeps it and the core reads it. */
function spkiOf(publicKey: Uint8Array): string {
	const key = decodeCredentialPublicKey(new Uint8Array(publicKey));
	const x = key.get(cose.COSEKEYS.x as never) as Uint8Array | undefined;
	const y = key.get(cose.COSEKEYS.y as never) as Uint8Array | undefined;
	if (Number(key.get(cose.COSEKEYS.alg as never)) !== -7 || !x || !y)
		throw badRequest('The passkey is not an ES256 (P-256) key: choose another authenticator.', { field: 'response' });
	const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
	const der = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64(x), y: b64(y) }, format: 'jwk' }).export({ type: 'spki', format: 'der' });
	return Buffer.from(der).toString('base64url');
}

/**
 * POST /trust/passkey — `{ response, label? }`: the browser's answer to navigator.credentials.create. The passkey is
 * checked (@simplewebauthn/server: this relying party, one of its origins, the user verified), then proposed into the
 * policy with the acts the caller's Directus policies grant. It signs nothing until k custodians sign the proposal;
 * the first policy's only custodian is the administrator who enrols first, whose own passkey signs it.
 */
export async function enrolPasskey(ctx: Ctx, raw: unknown) {
	const body = readBody<{ response: RegistrationResponseJSON; label?: string }>(
		raw,
		{ response: { kind: 'json', required: true }, label: { kind: 'string' } },
		'{ "response": <the browser’s RegistrationResponseJSON>, "label": "Laptop (Touch ID)" }',
	);
	const user = signedIn(ctx);
	if (!(await hasTrustTables(ctx.knex))) throw conflict('IU_TRUST_NOT_INSTALLED', 'The trust policy is not installed: apply migration iu0016 (npm run migrate).');
	const current = await policyInForce(ctx.knex);
	const open = await openProposal(ctx.knex);
	// The first policy, proposed and not yet in force: anyone the workflow knows enrols into it (its reviewer among them).
	const first = !current && open?.version === 1 ? open : null;
	if (!current && !first && !ctx.accountability?.admin) {
		throw forbidden(
			'No trust policy is in force yet: an administrator installs it by enrolling a passkey first (they become its first custodian). Ask them to open the Trust page.',
			{ code: 'no-policy' },
		);
	}
	if (open && !first) {
		throw conflict(
			'IU_TRUST_PROPOSAL_OPEN',
			'A proposal is waiting for the custodians’ signatures: it must be signed or withdrawn before another change is proposed. Open the Trust page to see it.',
		);
	}
	const firstPolicy = first ? (JSON.parse(first.policy_json) as TrustPolicy) : null;
	if (firstPolicy?.keys.some((k) => k.holder === user)) {
		throw conflict('IU_TRUST_PROPOSAL_OPEN', 'You have a key in the proposed first policy already: sign it on the Trust page (a second key can be added once it is in force).');
	}
	const rp = current?.policy.relying_party ?? firstPolicy?.relying_party ?? configuredRelyingParty();
	const now = Date.now();
	let verified;
	try {
		verified = await verifyRegistrationResponse({
			response: body.response,
			expectedChallenge: (c: string) => enrolChallengeHolds(c, user, now),
			expectedOrigin: rp.origins,
			expectedRPID: rp.id,
			requireUserVerification: true,
			supportedAlgorithmIDs: [-7],
		});
	} catch (e) {
		throw badRequest(
			`The passkey was not enrolled: ${(e as Error).message}. Fix: enrol again from this server’s own page (${rp.origins.join(', ')}), unlocking the passkey when the browser asks.`,
			{
				field: 'response',
				relying_party: rp,
			},
		);
	}
	if (!verified.verified || !verified.registrationInfo) throw badRequest('The passkey was not enrolled: its attestation does not verify.', { field: 'response' });
	const credential = verified.registrationInfo.credential;
	const publicKey = { kind: 'passkey' as const, spki: spkiOf(credential.publicKey), credential_id: credential.id };
	const id = ctx.core.publicKeyId({ publicKey });
	if (!id.ok) throw coreFailure('The passkey’s key cannot be read', id.error, 400, { field: 'response' });
	const acts = await actsOf(ctx);
	const label = (body.label?.trim() || (await whoIs(ctx, user)).display).slice(0, 200);
	// The first policy's proposer is its custodian; whoever enrols into it after them is not.
	const key: PolicyKey = { key_id: id.key_id, holder: user, label, acts: current || first ? acts : ['policy', ...acts], public_key: publicKey };
	if (key.acts.length === 0)
		throw forbidden('None of your Directus policies lets you take a step of the workflow, so a passkey would sign nothing. An administrator grants the roles first.');
	if (first && firstPolicy) return { ...(await joinFirst(ctx, first, { ...firstPolicy, keys: [...firstPolicy.keys, key] })), key };
	const next: TrustPolicy = current
		? { ...current.policy, version: current.policy.version + 1, previous_sha256: current.row.policy_sha256, keys: [...current.policy.keys, key] }
		: // The agents' own keys are in the first policy from the start: their CUTs and VERIFYs are judged by it.
			{
				version: 1,
				previous_sha256: null,
				threshold: 1,
				relying_party: rp,
				signed_acts: FIRST_SIGNED_ACTS,
				keys: [key, ...(await agentPolicyKeys(ctx.knex, ctx.core))],
				revoked: [],
			};
	// No note: what an enrolment changes is the key it adds, which the page and the tally show in the reader's language.
	return { ...(await propose(ctx, current, next, '')), key };
}

/**
 * The open first policy `first` becomes `next` (a key added by an enrolment into it). Its signatures are dropped: they
 * were over the policy before the key was added, so whoever signed it signs it again (the Trust page asks them).
 */
async function joinFirst(ctx: Ctx, first: ProposalRow, next: TrustPolicy) {
	const checked = ctx.core.checkTrustPolicy({ policy: next });
	if (!checked.ok) throw coreFailure('The proposed policy breaks its own rules', checked.error, 400, { field: checked.error.field });
	const row: ProposalRow = { ...first, policy_json: checked.canonical, signatures: '[]' };
	const tally = tallyOf(ctx, null, row);
	// Only if it is still the proposal the enrolment read: two people enrolling at once each add their key, in turn.
	const n = await ctx.knex(TRUST_PROPOSAL_TABLE).where({ id: first.id, policy_json: first.policy_json }).update({ policy_json: row.policy_json, signatures: row.signatures });
	if (n !== 1) throw conflict('IU_TRUST_PROPOSAL_OPEN', 'The proposed first policy changed meanwhile (someone else enrolled into it, or it was withdrawn or signed): enrol again.');
	return { proposal: proposalView(row), ...tally };
}

/** A user's e-mail (else their id) and their name as people read it (else the e-mail): the passkey's names. */
async function whoIs(ctx: Ctx, user: string): Promise<{ email: string; display: string }> {
	const me: { email?: string | null; first_name?: string | null; last_name?: string | null } | undefined = await ctx
		.knex('directus_users')
		.where({ id: user })
		.first('email', 'first_name', 'last_name');
	const email = me?.email || user;
	return { email, display: [me?.first_name, me?.last_name].filter(Boolean).join(' ') || email };
}

// ── proposals ────────────────────────────────────────────────────────────────

async function propose(ctx: Ctx, current: InForce | null, next: TrustPolicy, note: string) {
	const checked = ctx.core.checkTrustPolicy({ policy: next });
	if (!checked.ok) throw coreFailure('The proposed policy breaks its own rules', checked.error, 400, { field: checked.error.field });
	const row: ProposalRow = {
		id: randomUUID(),
		version: next.version,
		policy_json: checked.canonical,
		signatures: '[]',
		proposed_by: signedIn(ctx),
		proposed_at: nowIso(ctx),
		note,
	};
	// Refused (409) before it is stored when it does not follow the policy in force.
	const tally = tallyOf(ctx, current, row);
	try {
		await ctx.knex(TRUST_PROPOSAL_TABLE).insert(row);
	} catch (e) {
		throw conflict('IU_TRUST_PROPOSAL_OPEN', `Another proposal for version ${next.version} was made meanwhile: open the Trust page to see it. (${(e as Error).message})`);
	}
	return { proposal: proposalView(row), ...tally };
}

/**
 * POST /trust/propose — `{ policy, note }`: a custodian proposes the next version (add or remove custodians, change k,
 * revoke a lost key, change which acts need a signature). It holds once k custodians of the version in force sign it.
 */
export async function proposePolicy(ctx: Ctx, raw: unknown) {
	const body = readBody<{ policy: TrustPolicy; note: string }>(
		raw,
		{ policy: { kind: 'json', required: true }, note: { kind: 'text', required: true } },
		'{ "policy": {…}, "note": "Revoke the reviewer’s lost passkey" }',
	);
	const user = signedIn(ctx);
	const current = await policyInForce(ctx.knex);
	if (!current) throw conflict('IU_TRUST_NOT_INSTALLED', 'No trust policy is in force: an administrator installs the first by enrolling a passkey on the Trust page.');
	if (!current.policy.keys.some((k) => k.holder === user && k.acts.includes('policy'))) {
		throw forbidden('Only a custodian of the policy in force may propose a change; anyone may enrol their own passkey.', { code: 'not-custodian' });
	}
	if (await openProposal(ctx.knex)) throw conflict('IU_TRUST_PROPOSAL_OPEN', 'A proposal is waiting for the custodians’ signatures: sign or withdraw it first.');
	return propose(ctx, current, body.policy, body.note);
}

/**
 * POST /trust/agents — a custodian proposes the next version with the running agents' own keys it does not name yet
 * (DOT-991's for CUTs, DOT-992's for VERIFYs: IU_AGENT_*_KEY_FILE). Once k custodians sign it, an agent's step is
 * trusted only by the key the policy names for it.
 */
export async function proposeAgentKeys(ctx: Ctx, _raw: unknown) {
	const user = signedIn(ctx);
	const current = await policyInForce(ctx.knex);
	if (!current) throw conflict('IU_TRUST_NOT_INSTALLED', 'No trust policy is in force: an administrator installs the first by enrolling a passkey on the Trust page.');
	if (!current.policy.keys.some((k) => k.holder === user && k.acts.includes('policy'))) {
		throw forbidden('Only a custodian of the policy in force may propose a change.', { code: 'not-custodian' });
	}
	const missing = agentKeysMissing(current.policy, await agentPolicyKeys(ctx.knex, ctx.core));
	if (missing.length === 0) {
		throw conflict(
			'IU_NOTHING_TO_PROPOSE',
			'The policy names every running agent’s key already (or no agent runs with a key of its own: IU_AGENT_EXECUTOR_KEY_FILE, IU_AGENT_VERIFIER_KEY_FILE, IU_MIGRATION_KEY_FILE).',
		);
	}
	if (await openProposal(ctx.knex)) throw conflict('IU_TRUST_PROPOSAL_OPEN', 'A proposal is waiting for the custodians’ signatures: sign or withdraw it first.');
	const next: TrustPolicy = { ...current.policy, version: current.policy.version + 1, previous_sha256: current.row.policy_sha256, keys: [...current.policy.keys, ...missing] };
	return propose(ctx, current, next, '');
}

async function head(ctx: Ctx): Promise<string> {
	return (await chainTail(ctx.knex))?.row_hash ?? '0'.repeat(64);
}

/**
 * POST /trust/statement — the statement the caller signs next, with its WebAuthn challenge and the credentials that
 * may sign it: `{ entry, act }` for a step on an entry (over the entry's manifest), `{ act: "submit", manifest_sha256 }`
 * for a submit (over the previewed manifest, for the entry the submit will open: its id is chosen here, so the
 * signature opens that one entry and no other), `{ act: "incident", document?, note }` for an incident (over what it
 * reports, for the incident it will record), `{ act: "repair", incident }` for a repair (over the incident's row hash,
 * for the entry it will open), or `{ proposal }` for a policy change. `required`: whether the policy
 * in force asks for the caller's signature of this act.
 */
export async function statementFor(ctx: Ctx, raw: unknown) {
	const body = readBody<{ entry?: string; act?: Act; proposal?: string; manifest_sha256?: string; incident?: string; document?: string; note?: string }>(
		raw,
		{
			entry: { kind: 'uuid' },
			act: { kind: 'enum', values: ['submit', 'approve', 'reject', 'go-ahead', 'cut', 'verify', 'sweep', 'rollback', 'incident', 'repair'] },
			proposal: { kind: 'uuid' },
			manifest_sha256: { kind: 'sha256' },
			incident: { kind: 'uuid' },
			document: { kind: 'uuid' },
			note: { kind: 'text' },
		},
		'{ "entry": "…", "act": "approve" }, { "act": "submit", "manifest_sha256": "…" }, { "act": "incident", "document": "…", "note": "…" }, { "act": "repair", "incident": "…" } or { "proposal": "…" }',
	);
	const user = signedIn(ctx);
	const current = await policyInForce(ctx.knex);
	const at = Date.parse(nowIso(ctx));
	const ledgerHead = await head(ctx);
	let statement: Statement;
	// The caller's keys that may sign it: for a proposal, those whose signature the core would count.
	let mine: PolicyKey[] | null = null;
	let relyingParty = current?.policy.relying_party;
	if (body.proposal) {
		const p: ProposalRow | undefined = await ctx.knex(TRUST_PROPOSAL_TABLE).where({ id: body.proposal }).first();
		if (!p) throw notFound('trust policy proposal', body.proposal);
		const checked = ctx.core.checkTrustPolicy({ policy: p.policy_json });
		if (!checked.ok) throw coreFailure('The proposal', checked.error, 409);
		statement = { entry: `trust-policy-v${p.version}`, act: 'policy', subject_sha256: checked.sha256, ledger_head: ledgerHead, at };
		mine = tallyOf(ctx, current, p, user).signing_keys;
		relyingParty ??= (JSON.parse(p.policy_json) as TrustPolicy).relying_party;
	} else if (body.act === 'submit') {
		if (!body.manifest_sha256)
			throw badRequest('Name the manifest to submit: { "act": "submit", "manifest_sha256": "<the preview\'s manifest_sha256>" }.', { field: 'manifest_sha256' });
		statement = { entry: randomUUID(), act: 'submit', subject_sha256: body.manifest_sha256, ledger_head: ledgerHead, at };
	} else if (body.act === 'incident') {
		// Over what the person reports (core incident_subject), for the incident the step will record.
		if (!body.note?.trim()) throw badRequest('Say what happened: { "act": "incident", "document": "…", "note": "…" }, the note the incident will keep.', { field: 'note' });
		const subject = ctx.core.incidentSubject({ document: body.document ?? null, note: body.note });
		if (!subject.ok) throw coreFailure('The incident', subject.error, 500);
		statement = { entry: randomUUID(), act: 'incident', subject_sha256: subject.subject_sha256, ledger_head: ledgerHead, at };
	} else if (body.act === 'repair') {
		// Over the incident it repairs, by its row hash, for the entry the repair will open.
		if (!body.incident) throw badRequest('Name the incident to repair: { "act": "repair", "incident": "<ledger_incident id>" }.', { field: 'incident' });
		const incident: { row_hash: string } | undefined = await ctx.knex(INCIDENT_TABLE).where({ id: body.incident }).first('row_hash');
		if (!incident) throw notFound('ledger_incident', body.incident);
		statement = { entry: randomUUID(), act: 'repair', subject_sha256: String(incident.row_hash), ledger_head: ledgerHead, at };
	} else {
		if (!body.entry || !body.act)
			throw badRequest('Name the step: { "entry": "…", "act": "approve" }, or a policy proposal: { "proposal": "…" }.', { field: body.entry ? 'act' : 'entry' });
		const entry = await loadEntry(ctx.knex, body.entry);
		statement = { entry: entry.id, act: body.act, subject_sha256: entry.manifest_sha256, ledger_head: ledgerHead, at };
	}
	const c = ctx.core.statementChallenge({ statement });
	if (!c.ok) throw coreFailure('The statement', c.error, 500);
	// For a step: the caller's keys in force that may take it.
	mine ??= (current?.policy.keys ?? []).filter((k) => k.holder === user && k.acts.includes(statement.act));
	return {
		statement,
		challenge: c.challenge,
		relying_party: relyingParty ?? configuredRelyingParty(),
		allow: mine.flatMap((k) => (k.public_key.kind === 'passkey' ? [{ key_id: k.key_id, credential_id: k.public_key.credential_id }] : [])),
		enrolled: mine.length > 0,
		required: statement.act === 'policy' || (current?.policy.signed_acts.includes(statement.act) ?? false),
	};
}

/**
 * POST /trust/sign — `{ proposal, signature }`: a custodian's signature of the open proposal (a passkey's assertion
 * over /trust/statement's challenge, or an Ed25519 signature from the CLI). Kept with the proposal if the core finds it
 * holds; when k custodians have signed, the version is written into the ledger in one sealed transaction.
 */
export async function signProposal(ctx: Ctx, raw: unknown) {
	const body = readBody<{ proposal: string; signature: PolicySignature }>(
		raw,
		{ proposal: { kind: 'uuid', required: true }, signature: { kind: 'json', required: true } },
		'{ "proposal": "…", "signature": { "statement": {…}, "key_id": "…", "proof": {…} } }',
	);
	const user = signedIn(ctx);
	const now = nowIso(ctx);
	// One transaction under the chain's lock: two custodians signing at once each count, and the version is written
	// by whichever signature makes k (nothing is appended, and nothing signed, while the proposal waits).
	return sealedTransaction(ctx.knex, async (trx) => {
		const current = await policyInForce(trx);
		const p: ProposalRow | undefined = await trx(TRUST_PROPOSAL_TABLE).where({ id: body.proposal }).first();
		if (!p) throw notFound('trust policy proposal', body.proposal);
		const signatures = [...(JSON.parse(p.signatures) as PolicySignature[]), body.signature];
		const before = tallyOf(ctx, current, p);
		const after = tallyOf(ctx, current, { policy_json: p.policy_json, signatures: JSON.stringify(signatures) });
		// A signature counts when it adds a custodian, or (version 1) a second person's review.
		const counted = (t: typeof before.tally) => t.signed_by.length + t.reviewed_by.length;
		if (counted(after.tally) <= counted(before.tally)) {
			const why = after.tally.refused[after.tally.refused.length - 1] ?? 'it adds no custodian';
			throw new WorkflowError(403, 'IU_SIGNATURE_REFUSED', `Your signature does not count for version ${p.version}: ${why}.`, { field: 'signature', tally: after.tally });
		}
		// A passkey's counter must be above the last one the ledger keeps for it, as at a step (a cloned custodian's key).
		const signer = [...after.tally.signed_by, ...after.tally.reviewed_by].find((x) => x.key_id === body.signature.key_id);
		if (signer?.kind === 'passkey') {
			const c = ctx.core.checkSignCounter({ signer, kept: await keptSignaturesOf(trx, signer.key_id) });
			if (!c.ok) throw signatureRefused(c.error, 'signature.proof.authenticatorData');
		}
		const kept = JSON.stringify(signatures.filter((_, i) => !after.tally.refused.some((r) => r.startsWith(`signatures[${i}]`))));
		if (!after.holds) {
			await trx(TRUST_PROPOSAL_TABLE).where({ id: p.id }).update({ signatures: kept });
			return { proposal: p.id, in_force: false, tally: after.tally };
		}
		const r = ctx.core.checkPolicyChange({ current: current?.row.policy_json ?? null, next: p.policy_json, signatures: kept });
		if (!r.ok) throw coreFailure(`Version ${p.version} cannot be put in force`, r.error, 409);
		const w = new LedgerWriter(trx, ctx.core, user, now);
		const id = w.add(TRUST_POLICY_TABLE, { version: p.version, policy_sha256: r.tally.sha256, policy_json: p.policy_json, signatures: kept, proposed_by: p.proposed_by });
		await w.flush();
		await trx(TRUST_PROPOSAL_TABLE).where({ id: p.id }).delete();
		return { proposal: p.id, in_force: true, trust_policy: id, version: p.version, tally: r.tally };
	});
}

/** POST /trust/withdraw — `{ proposal }`: its proposer or a custodian withdraws an open proposal. */
export async function withdrawProposal(ctx: Ctx, raw: unknown) {
	const body = readBody<{ proposal: string }>(raw, { proposal: { kind: 'uuid', required: true } }, '{ "proposal": "…" }');
	const user = signedIn(ctx);
	const p: ProposalRow | undefined = await ctx.knex(TRUST_PROPOSAL_TABLE).where({ id: body.proposal }).first();
	if (!p) throw notFound('trust policy proposal', body.proposal);
	const current = await policyInForce(ctx.knex);
	const custodian = current?.policy.keys.some((k) => k.holder === user && k.acts.includes('policy')) ?? false;
	if (p.proposed_by !== user && !custodian) throw forbidden('Only whoever proposed it, or a custodian, may withdraw a proposal.');
	await ctx.knex(TRUST_PROPOSAL_TABLE).where({ id: p.id }).delete();
	return { proposal: p.id, withdrawn: true };
}
