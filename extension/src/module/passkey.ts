// The browser's side of people's signatures (issue 48): a passkey is made with navigator.credentials.create and signs
// with navigator.credentials.get, through @simplewebauthn/browser (it turns the server's JSON options into the
// browser's calls and the answers back into JSON). What is signed is the core's statement, whose sha256 is the
// challenge the server gives (POST /iu-cutter/trust/statement); the server checks the answer (ledger::policy).
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import type { PolicySignature } from '../core-types/index.js';
import type { EnrolResponse, StatementResponse } from '../shared/responses.js';
import { t } from '../i18n/index.ts';

type Post = <T>(path: string, body: unknown) => Promise<T>;

/**
 * Why passkeys cannot be used on this page, if they cannot: WebAuthn needs a secure context (https, or localhost) and
 * a relying party that is a domain name, so a page opened on an IP address such as 127.0.0.1 must be opened on
 * `origin` (the relying party's) instead.
 */
export function passkeyBlocker(origins: string[]): 'unsupported' | 'wrong-origin' | null {
	if (!browserSupportsWebAuthn()) return 'unsupported';
	if (!window.isSecureContext || !origins.includes(window.location.origin)) return 'wrong-origin';
	return null;
}

/** The same page on the relying party's first origin (where passkeys work). */
export function pageOn(origins: string[]): string {
	const to = origins[0];
	return to ? `${to}${window.location.pathname}${window.location.search}` : window.location.href;
}

/** Makes a passkey for the signed-in person and proposes its key into the trust policy (POST /trust/passkey). */
export async function enrolPasskey(post: Post, label: string): Promise<EnrolResponse> {
	const { options } = await post<{ options: Parameters<typeof startRegistration>[0]['optionsJSON'] }>('/trust/passkey/options', {});
	const response = await startRegistration({ optionsJSON: options });
	return post<EnrolResponse>('/trust/passkey', { response, ...(label.trim() ? { label: label.trim() } : {}) });
}

/** The person has no passkey in the policy that may sign this (`no-key`), or signed with one that is not theirs there. */
export class NotEnrolled extends Error {
	constructor(readonly why: 'no-key' | 'not-yours') {
		super(why === 'no-key' ? 'no passkey of yours in the trust policy may sign this' : 'the passkey used is not one of yours in the trust policy');
		this.name = 'NotEnrolled';
	}
}

/**
 * Why a signature was not made, in the user's words: a passkey prompt cancelled or timed out (nothing was sent), a
 * page where passkeys cannot sign, or no passkey of theirs that may sign it; null for any other failure (the server's
 * answer says it).
 */
export function signingFailure(e: unknown): string | null {
	if (e instanceof NotEnrolled) return t(e.why === 'no-key' ? 'trust.no_key_may_sign' : 'trust.not_your_passkey');
	if (e instanceof PasskeyBlocked) return e.blocker === 'unsupported' ? t('trust.unsupported') : `${t('trust.wrong_origin')} ${e.page}`;
	return ['NotAllowedError', 'AbortError'].includes((e as { name?: string })?.name ?? '') ? t('trust.cancelled') : null;
}

/** Passkeys cannot sign on this page (`passkeyBlocker`); `page` is the same page where they can. */
export class PasskeyBlocked extends Error {
	constructor(
		readonly blocker: 'unsupported' | 'wrong-origin',
		readonly page: string,
	) {
		super(blocker);
	}
}

type Signable =
	| { entry: string; act: string }
	| { act: 'submit'; manifest_sha256: string }
	| { act: 'incident'; document: string | null; note: string }
	| { act: 'repair'; incident: string }
	| { proposal: string };

/**
 * The person's signature of a step (`{ entry, act }`, or `{ act: "submit", manifest_sha256 }`) or of a policy proposal
 * (`{ proposal }`): the server's statement, signed by one of the person's passkeys in the policy. NotEnrolled when they
 * have none that may sign it.
 */
export async function signWithPasskey(post: Post, what: Signable): Promise<PolicySignature> {
	return signStatement(await post<StatementResponse>('/trust/statement', what));
}

/**
 * The person's signature of `what` when the trust policy in force asks for it, else null. Null too when they have no
 * passkey in the policy that may sign it: the step is sent unsigned and the server says how to enrol.
 */
export async function signIfAsked(post: Post, what: Signable): Promise<PolicySignature | null> {
	const st = await post<StatementResponse>('/trust/statement', what);
	if (!st.required || st.allow.length === 0) return null;
	const blocker = passkeyBlocker(st.relying_party.origins);
	if (blocker) throw new PasskeyBlocked(blocker, pageOn(st.relying_party.origins));
	return signStatement(st);
}

async function signStatement(st: StatementResponse): Promise<PolicySignature> {
	if (st.allow.length === 0) throw new NotEnrolled('no-key');
	const answer = await startAuthentication({
		optionsJSON: {
			challenge: st.challenge,
			rpId: st.relying_party.id,
			allowCredentials: st.allow.map((a) => ({ id: a.credential_id, type: 'public-key' as const })),
			userVerification: 'required',
			timeout: 120_000,
		},
	});
	const key = st.allow.find((a) => a.credential_id === answer.id);
	if (!key) throw new NotEnrolled('not-yours');
	const { authenticatorData, clientDataJSON, signature } = answer.response;
	return { statement: st.statement, key_id: key.key_id, proof: { kind: 'passkey', authenticatorData, clientDataJSON, signature } };
}
