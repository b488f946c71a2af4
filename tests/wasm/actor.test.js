// A person's passkey signature and an agent's Ed25519 signature of a step (core ledger::actor, issue 48),
// held against implementations we did not write: the keys and signatures are made by Node's crypto
// (OpenSSL), assertions are built byte for byte as WebAuthn's §6.1 and §7.2 describe them, and every
// verdict of the core on a passkey assertion is compared with @simplewebauthn/server's on the same bytes.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign, randomBytes } from 'node:crypto';
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';

const RP = { id: 'localhost', origins: ['http://localhost:8055'] };
const hex = (n) => randomBytes(n).toString('hex');
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const sha256 = (bytes) => createHash('sha256').update(bytes).digest();
const statement = (over = {}) => ({
	entry: `entry-${hex(4)}`,
	act: 'approve',
	subject_sha256: hex(32),
	ledger_head: hex(32),
	at: '2026-11-27T15:00:00Z',
	...over,
});

before(async () => {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
});

// A passkey as an authenticator holds it: a P-256 key pair made by OpenSSL. The server keeps the
// public key as SPKI DER (what `getPublicKey()` gives at enrolment); simplewebauthn wants COSE.
function passkey() {
	const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const jwk = publicKey.export({ format: 'jwk' });
	const cose = isoCBOR.encode(
		new Map([
			[1, 2], // kty: EC2
			[3, -7], // alg: ES256
			[-1, 1], // crv: P-256
			[-2, Buffer.from(jwk.x, 'base64url')],
			[-3, Buffer.from(jwk.y, 'base64url')],
		]),
	);
	return { privateKey, spki: b64url(publicKey.export({ format: 'der', type: 'spki' })), cose };
}

// What `navigator.credentials.get` answers, built as an authenticator and a browser build it.
function assertion(key, challenge, { origin = RP.origins[0], rpId = RP.id, flags = 0x05, type = 'webauthn.get' } = {}) {
	const clientDataJSON = Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
	const counter = Buffer.alloc(4);
	counter.writeUInt32BE(7);
	const authenticatorData = Buffer.concat([sha256(rpId), Buffer.from([flags]), counter]);
	const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), key.privateKey);
	return {
		authenticatorData: b64url(authenticatorData),
		clientDataJSON: b64url(clientDataJSON),
		signature: b64url(signature),
	};
}

const challengeOf = (s) => {
	const r = core.statementChallenge({ statement: s });
	assert.equal(r.ok, true, JSON.stringify(r));
	return r.challenge;
};

const ours = (key, a, s) =>
	core.verifyPasskeySignature({ publicKey: key.spki, assertion: a, statement: s, relyingParty: RP });

async function theirs(key, a, s) {
	try {
		const r = await verifyAuthenticationResponse({
			response: {
				id: 'Y3JlZA',
				rawId: 'Y3JlZA',
				type: 'public-key',
				response: a,
				clientExtensionResults: {},
			},
			expectedChallenge: challengeOf(s),
			expectedOrigin: RP.origins,
			expectedRPID: RP.id,
			credential: { id: 'Y3JlZA', publicKey: key.cose, counter: 0 },
			requireUserVerification: true,
		});
		return r.verified;
	} catch {
		return false;
	}
}

test("the challenge is sha256 of the statement's RFC 8785 JSON, with its format and the time in milliseconds", () => {
	const s = statement();
	const r = core.statementChallenge({ statement: s });
	assert.equal(r.ok, true);
	const expected = JSON.stringify({
		act: s.act,
		at: Date.parse(s.at),
		entry: s.entry,
		ledger_head: s.ledger_head,
		subject_sha256: s.subject_sha256,
		v: 'iu-cutter-statement-v1',
	});
	assert.equal(r.signed_bytes, expected);
	assert.equal(r.challenge, b64url(sha256(expected)));
});

test('OpenSSL-made passkey assertions verify in the core, and simplewebauthn agrees on each', async () => {
	// Many keys and statements: ECDSA signatures come with high and low s alike, DER of varying length.
	for (let i = 0; i < 64; i += 1) {
		const key = passkey();
		const s = statement();
		const a = assertion(key, challengeOf(s));
		const r = ours(key, a, s);
		assert.deepEqual(r, { ok: true, sign_count: 7 }, JSON.stringify(r));
		assert.equal(await theirs(key, a, s), true);
	}
});

test('each way an assertion can be wrong is refused, naming its field, where simplewebauthn refuses it too', async () => {
	const key = passkey();
	const s = statement();
	const challenge = challengeOf(s);
	const other = passkey();
	const cases = [
		['another entry (a replay)', assertion(key, challenge), { ...s, entry: 'entry-b' }, 'challenge-mismatch', 'clientDataJSON'],
		['another act', assertion(key, challenge), { ...s, act: 'cut' }, 'challenge-mismatch', 'clientDataJSON'],
		['another ledger head', assertion(key, challenge), { ...s, ledger_head: hex(32) }, 'challenge-mismatch', 'clientDataJSON'],
		['an IP address origin', assertion(key, challenge, { origin: 'http://127.0.0.1:8055' }), s, 'wrong-origin', 'clientDataJSON'],
		['another relying party', assertion(key, challenge, { rpId: 'example.org' }), s, 'wrong-relying-party', 'authenticatorData'],
		['no user verification', assertion(key, challenge, { flags: 0x01 }), s, 'user-not-verified', 'authenticatorData'],
		['no user presence', assertion(key, challenge, { flags: 0x04 }), s, 'user-not-present', 'authenticatorData'],
		['an enrolment', assertion(key, challenge, { type: 'webauthn.create' }), s, 'wrong-ceremony', 'clientDataJSON'],
		['another key', assertion(other, challenge), s, 'bad-actor-signature', 'signature'],
	];
	for (const [what, a, st, code, field] of cases) {
		const r = ours(key, a, st);
		assert.equal(r.ok, false, what);
		assert.equal(r.error.code, code, `${what}: ${r.error.reason}`);
		assert.equal(r.error.field, field, what);
		assert.ok(r.error.hint.length > 0, what);
		assert.equal(await theirs(key, a, st), false, `simplewebauthn accepts ${what}`);
	}
});

test('malformed payloads get a clear error naming the field, never a throw', () => {
	const key = passkey();
	const s = statement();
	const a = assertion(key, challengeOf(s));
	const cases = [
		[{ ...a, signature: 'not base64!' }, 'signature', 'malformed-actor-signature'],
		[{ ...a, clientDataJSON: b64url(Buffer.from('{"type":1}')) }, 'clientDataJSON', 'malformed-actor-signature'],
		[{ ...a, authenticatorData: b64url(Buffer.alloc(10)) }, 'authenticatorData', 'malformed-actor-signature'],
	];
	for (const [bad, field, code] of cases) {
		const r = ours(key, bad, s);
		assert.equal(r.ok, false);
		assert.equal(r.error.field, field, r.error.reason);
		assert.equal(r.error.code, code);
	}
	const noKey = core.verifyPasskeySignature({ publicKey: 'AAAA', assertion: a, statement: s, relyingParty: RP });
	assert.equal(noKey.error.code, 'invalid-public-key');
	const badStatement = ours(key, a, { ...s, subject_sha256: 'ABC' });
	assert.equal(badStatement.error.field, 'statement.subject_sha256');
	const missing = core.verifyPasskeySignature({ publicKey: key.spki, statement: s, relyingParty: RP });
	assert.equal(missing.ok, false);
	assert.equal(missing.error.field, 'assertion');
});

test("an agent's OpenSSL-made Ed25519 signature verifies for its statement and no other", () => {
	const { publicKey, privateKey } = generateKeyPairSync('ed25519');
	const publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' });
	const s = statement({ act: 'cut' });
	const { signed_bytes } = core.statementChallenge({ statement: s });
	const signature = b64url(sign(null, Buffer.from(signed_bytes), privateKey));
	assert.deepEqual(core.verifyAgentSignature({ publicKeyPem, signature, statement: s }), { ok: true });
	const replay = core.verifyAgentSignature({ publicKeyPem, signature, statement: { ...s, act: 'verify' } });
	assert.equal(replay.error.code, 'bad-actor-signature');
	const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' });
	assert.equal(core.verifyAgentSignature({ publicKeyPem: other, signature, statement: s }).error.code, 'bad-actor-signature');
	const ec = passkey();
	const wrongKind = core.verifyAgentSignature({
		publicKeyPem: `-----BEGIN PUBLIC KEY-----\n${Buffer.from(ec.spki, 'base64url').toString('base64')}\n-----END PUBLIC KEY-----\n`,
		signature,
		statement: s,
	});
	assert.equal(wrongKind.error.code, 'invalid-public-key');
});
