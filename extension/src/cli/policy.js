// `iu-cutter policy`: a custodian of the trust policy (issue 48) with an offline Ed25519 key, away from the browser
// (a custodian needs none of the licence's app seats: an API-only account and its static token are enough).
//
//   iu-cutter policy show                               the policy in force and the proposal waiting, with what it changes
//   iu-cutter policy sign --key <custodian.key>         sign the proposal waiting with the offline key
//   iu-cutter policy propose --file <next.json> --note "…"   propose the next version (a custodian's change)
//   … --url <url> --token <the custodian's static token>
//
// What is signed is the core's statement over the proposal's sha256 (ledger::actor, `signStatement`), as the browser's
// passkey signs it; the server counts it only if the key is a custodian's in the policy in force (ledger::policy).
import { readFileSync } from 'node:fs';
import { UsageError } from './database.js';
import { client } from './api.js';
import { loadNodeCore } from './core.js';

export const POLICY_HELP = `iu-cutter policy <show | sign | propose> [options]: the trust policy, as a custodian with an offline key

  show                    the policy in force (version, k of n custodians, keys) and the proposal waiting
  sign --key <file>       sign the proposal waiting with your offline Ed25519 key (PKCS#8 PEM, as
                          \`openssl genpkey -algorithm ed25519\` writes it); --proposal <id> names another
  propose --file <json> --note <text>
                          propose the next version: GET /iu-cutter/trust's policy with your change (a key added
                          or revoked, the threshold, the signed acts), version + 1 and previous_sha256 its sha256
  --url <url>             Directus (default: PUBLIC_URL, else http://127.0.0.1:<PORT or 8055>)
  --token <token>         your static token (or IU_TOKEN): an API-only account is enough

Exit code: 0 when done, 1 when Directus refused (its message says why), 2 on bad usage.`;

/**
 * @param {string[]} argv
 * @param {{ env?: Record<string, unknown> }} [o]
 * @returns {Promise<number>}
 */
export async function policyCommand(argv, { env = process.env } = {}) {
	/** @param {string} name */
	const at = (name) => {
		if (!argv.includes(name)) return undefined;
		const v = argv[argv.indexOf(name) + 1];
		if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
		return v;
	};
	const [sub] = argv;
	if (!['show', 'sign', 'propose'].includes(sub ?? '')) throw new UsageError('name what to do: iu-cutter policy show | sign | propose (iu-cutter policy --help)');
	const publicUrl = /^https?:\/\//.test(String(env['PUBLIC_URL'] ?? '')) ? String(env['PUBLIC_URL']) : undefined;
	const url = String(at('--url') ?? publicUrl ?? `http://127.0.0.1:${env['PORT'] || 8055}`).replace(/\/+$/, '');
	const token = at('--token') ?? /** @type {string | undefined} */ (env['IU_TOKEN']);
	if (!token) throw new UsageError('pass --token <your static token> (or set IU_TOKEN): the signature is counted for the account that sends it');
	const api = client(url, token);
	/** @param {string} method @param {string} path @param {unknown} [body] */
	const call = async (method, path, body) => {
		const r = await api.call(method, `/iu-cutter${path}`, body);
		if (r.status >= 200 && r.status < 300) return /** @type {any} */ (r.body?.data);
		const e = r.body?.errors?.[0];
		throw new Refused(`${method} ${path} → ${r.status} ${e?.extensions?.['code'] ?? ''}: ${e?.message ?? r.text.slice(0, 500)}`);
	};
	try {
		if (sub === 'show') return show(await call('GET', '/trust'));
		if (sub === 'propose') {
			const file = at('--file');
			const note = at('--note');
			if (!file || !note) throw new UsageError('policy propose needs --file <next.json> and --note "what it changes"');
			let policy;
			try {
				policy = JSON.parse(readFileSync(file, 'utf8'));
			} catch (e) {
				throw new UsageError(`--file ${file} is not readable JSON: ${/** @type {Error} */ (e).message}`);
			}
			const r = await call('POST', '/trust/propose', { policy, note });
			console.log(
				`proposal ${r.proposal.id} (version ${r.proposal.version}): ${r.tally.signed_by.length} of ${r.tally.threshold} custodian signature(s); each custodian signs it (the Trust page, or iu-cutter policy sign)`,
			);
			return 0;
		}
		const keyFile = at('--key');
		if (!keyFile) throw new UsageError('policy sign needs --key <your offline Ed25519 key file>');
		let privatePem;
		try {
			privatePem = readFileSync(keyFile, 'utf8');
		} catch (e) {
			throw new UsageError(`--key ${keyFile} cannot be read: ${/** @type {Error} */ (e).message}`);
		}
		const status = await call('GET', '/trust');
		const proposal = at('--proposal') ?? status.proposal?.id;
		if (!proposal) throw new UsageError('no proposal is waiting for signatures (iu-cutter policy show)');
		if (status.proposal?.id === proposal) show(status);
		const st = await call('POST', '/trust/statement', { proposal });
		const core = await loadNodeCore();
		const signed = core.signStatement({ privatePem, statement: st.statement });
		if (!signed.ok) throw new UsageError(`--key ${keyFile}: ${signed.error.reason}. Fix: ${signed.error.hint}.`);
		const r = await call('POST', '/trust/sign', {
			proposal,
			signature: { statement: st.statement, key_id: signed.key_id, proof: { kind: 'ed25519', signature: signed.signature } },
		});
		console.log(r.in_force ? `signed: version ${r.version} is in force` : `signed: ${r.tally.signed_by.length} of ${r.tally.threshold} custodian signature(s)`);
		return 0;
	} catch (e) {
		if (!(e instanceof Refused)) throw e;
		console.error(`Directus refused: ${e.message}`);
		return 1;
	}
}

class Refused extends Error {}

/** @typedef {import('../shared/responses.js').TrustResponse} TrustResponse */
/**
 * Prints the policy in force and the proposal waiting, with the keys it adds and removes.
 * @param {TrustResponse} s GET /iu-cutter/trust
 */
function show(s) {
	const p = s.policy;
	if (!p) console.log('no trust policy in force: an administrator installs it from the Trust page of the iu-cutter module');
	else {
		const custodians = new Set(p.policy.keys.filter((k) => k.acts.includes('policy')).map((k) => k.holder));
		console.log(`trust policy version ${p.version} (sha256 ${p.sha256}), in force since ${p.recorded_at}`);
		console.log(`  a change needs ${p.policy.threshold} of ${custodians.size} custodian(s); signed acts: ${p.policy.signed_acts.join(', ')}`);
		for (const k of p.policy.keys) console.log(`  key ${k.key_id}  ${k.public_key.kind.padEnd(7)}  ${k.label}: ${k.acts.join(', ')}`);
		for (const r of p.policy.revoked) console.log(`  revoked ${r.key_id}: ${r.reason}`);
	}
	if (s.proposal) {
		const had = new Set((p?.policy.keys ?? []).map((k) => k.key_id));
		const now = new Set(s.proposal.policy.keys.map((k) => k.key_id));
		console.log(`proposal ${s.proposal.id} → version ${s.proposal.version}${s.proposal.note ? `: ${s.proposal.note}` : ''}`);
		for (const k of s.proposal.policy.keys.filter((k) => !had.has(k.key_id))) console.log(`  adds    ${k.key_id}  ${k.label}: ${k.acts.join(', ')}`);
		for (const k of (p?.policy.keys ?? []).filter((k) => !now.has(k.key_id))) console.log(`  removes ${k.key_id}  ${k.label}`);
		console.log(`  signed by ${s.proposal.tally.signed_by.length} of ${s.proposal.tally.threshold}: ${s.proposal.tally.signed_by.map((x) => x.label).join(', ') || 'nobody yet'}`);
	}
	return 0;
}
