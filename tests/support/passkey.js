// A software passkey for tests that run without a browser: it answers navigator.credentials.create and .get as an
// authenticator does (WebAuthn L3 §6.1, §6.5.4: authenticator data, a "none" attestation, ES256 over authData ‖
// sha256(clientDataJSON)), with a P-256 key from Node's crypto and the CBOR of @simplewebauthn/server's helpers, so
// the server's check is met by an implementation it did not write. The browser tests use Chromium's virtual
// authenticator instead (CDP WebAuthn.addVirtualAuthenticator).
import { Buffer } from 'node:buffer';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const sha256 = (data) => createHash('sha256').update(data).digest();
const b64 = (bytes) => Buffer.from(bytes).toString('base64url');

const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

export class SoftPasskey {
	/** @param {{ origin: string, rpId: string }} where the pages are served, and the relying party's id */
	constructor({ origin, rpId }) {
		this.origin = origin;
		this.rpId = rpId;
		const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
		this.privateKey = privateKey;
		this.jwk = publicKey.export({ format: 'jwk' });
		this.credentialId = randomBytes(16);
		this.counter = 0;
	}

	authData(flags, extra = Buffer.alloc(0)) {
		const count = Buffer.alloc(4);
		count.writeUInt32BE(++this.counter);
		return Buffer.concat([sha256(this.rpId), Buffer.from([flags]), count, extra]);
	}

	/**
	 * navigator.credentials.create's answer to the server's options, as RegistrationResponseJSON; `flags` may be
	 * given to forge what an authenticator that did not verify the user would send.
	 */
	create(options, { flags = UP | UV } = {}) {
		const cosePublicKey = isoCBOR.encode(
			new Map([
				[1, 2],
				[3, -7],
				[-1, 1],
				[-2, Buffer.from(this.jwk.x, 'base64url')],
				[-3, Buffer.from(this.jwk.y, 'base64url')],
			]),
		);
		const idLength = Buffer.alloc(2);
		idLength.writeUInt16BE(this.credentialId.length);
		const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, Buffer.from(cosePublicKey)]);
		const authData = this.authData(flags | AT, attested);
		const attestationObject = isoCBOR.encode(
			new Map([
				['fmt', 'none'],
				['attStmt', new Map()],
				['authData', authData],
			]),
		);
		const clientDataJSON = JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin: this.origin, crossOrigin: false });
		return {
			id: b64(this.credentialId),
			rawId: b64(this.credentialId),
			type: 'public-key',
			clientExtensionResults: {},
			authenticatorAttachment: 'platform',
			response: { clientDataJSON: b64(clientDataJSON), attestationObject: b64(attestationObject), transports: ['internal'] },
		};
	}

	/**
	 * navigator.credentials.get's assertion of `challenge` (base64url), as AuthenticationResponseJSON.response;
	 * `origin`, `rpId` and `flags` may be given to forge what a wrong page or an unverified user would send.
	 */
	assert(challenge, { origin = this.origin, rpId = this.rpId, flags = UP | UV } = {}) {
		const clientDataJSON = JSON.stringify({ type: 'webauthn.get', challenge, origin, crossOrigin: false });
		const count = Buffer.alloc(4);
		count.writeUInt32BE(++this.counter);
		const authenticatorData = Buffer.concat([sha256(rpId), Buffer.from([flags]), count]);
		const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), this.privateKey);
		return { authenticatorData: b64(authenticatorData), clientDataJSON: b64(clientDataJSON), signature: b64(signature) };
	}
}

export const FLAGS = { UP, UV };

/**
 * `who` (a client: tests/support/api.js) enrols a new software passkey for `origin` (relying party `localhost`):
 * `{ passkey, key, proposal }`, the proposal that adds its key.
 */
export async function enrolSoft(who, origin, label) {
	const passkey = new SoftPasskey({ origin, rpId: 'localhost' });
	const { options } = await who.ok('POST', '/iu-cutter/trust/passkey/options', {});
	const { key, proposal } = await who.ok('POST', '/iu-cutter/trust/passkey', { response: passkey.create(options), label });
	return { passkey, key, proposal };
}

/** `who`'s signature, with `passkey` (key `key_id`), of the statement POST /trust/statement answered (`st`). */
export const signedBy = (passkey, key_id, st, options) => ({ statement: st.statement, key_id, proof: { kind: 'passkey', ...passkey.assert(st.challenge, options) } });

/** `who` signs the open proposal `proposal` with `passkey`: POST /trust/sign's answer. */
export async function signProposalSoft(who, passkey, key_id, proposal) {
	const st = await who.ok('POST', '/iu-cutter/trust/statement', { proposal });
	return who.ok('POST', '/iu-cutter/trust/sign', { proposal, signature: signedBy(passkey, key_id, st) });
}
