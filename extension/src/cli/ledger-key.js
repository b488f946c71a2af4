// `iu-cutter ledger:key --out DIR` (in the repository `npm run ledger:key -- --out DIR`): a new Ed25519 key pair for signing the
// ledger's checkpoints: DIR/ledger.key (PKCS#8 PEM, mode 0600: give its path to
// Directus as IU_LEDGER_KEY_FILE) and DIR/ledger.pub (SPKI PEM: give it to
// auditors for `npm run ledger:audit`). Refuses to overwrite an existing key.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Creates DIR/ledger.key and DIR/ledger.pub unless the key exists; returns both paths.
 * @param {string} dir
 * @returns {{ keyFile: string, publicFile: string }}
 */
export function ensureLedgerKey(dir) {
	return ensureKeyPair(dir, 'ledger');
}

/**
 * `<dir>/<name>.key` (PKCS#8 PEM Ed25519, mode 0600) and `<dir>/<name>.pub` (SPKI PEM), made if missing, never
 * overwritten: the ledger's key, or an agent's own (DOT-991's, DOT-992's), each in a file of its own.
 * @param {string} dir
 * @param {string} name
 * @returns {{ keyFile: string, publicFile: string }}
 */
export function ensureKeyPair(dir, name) {
	const keyFile = join(dir, `${name}.key`);
	const publicFile = join(dir, `${name}.pub`);
	if (!existsSync(keyFile)) {
		mkdirSync(dir, { recursive: true, mode: 0o700 });
		const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
			privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
			publicKeyEncoding: { type: 'spki', format: 'pem' },
		});
		writeFileSync(keyFile, privateKey, { mode: 0o600, flag: 'wx' });
		writeFileSync(publicFile, publicKey, { mode: 0o644 });
	}
	return { keyFile, publicFile };
}

export const LEDGER_KEY_HELP = `iu-cutter ledger:key --out <dir>: make the ledger's signing key pair

  --out <dir>     the folder for ledger.key (PKCS#8 PEM, mode 0600) and ledger.pub (SPKI PEM); made if missing.
                  Keep it outside the database and outside anything Directus serves (uploads, extensions).

Then set IU_LEDGER_KEY_FILE=<dir>/ledger.key in the environment Directus runs with (and IU_LEDGER_WITNESS, default
ledger-witness.jsonl beside the key), and give ledger.pub to auditors. An existing key is never overwritten.
Exit code: 0 when the key was made, 2 on bad usage or when the key exists.`;

/**
 * \`iu-cutter ledger:key\`: returns the exit code.
 * @param {string[]} argv
 * @param {{ program?: string }} [ctx]
 * @returns {number}
 */
export function ledgerKeyCommand(argv, ctx = {}) {
	const i = argv.indexOf('--out');
	const out = argv[i + 1];
	if (i < 0 || !out || out.startsWith('--')) {
		console.error(`usage: ${ctx.program ?? 'iu-cutter ledger:key'} --out DIR`);
		return 2;
	}
	const dir = resolve(out);
	if (existsSync(join(dir, 'ledger.key'))) {
		console.error(
			`${join(dir, 'ledger.key')} exists; a signing key is never overwritten (rotate by making a new one in another folder and listing the old public key in IU_LEDGER_PUBLIC_KEYS)`,
		);
		return 2;
	}
	const { keyFile, publicFile } = ensureLedgerKey(dir);
	console.log(
		`private key  ${keyFile}  (set IU_LEDGER_KEY_FILE to this path; keep it outside the database and Directus' storage)\npublic key   ${publicFile}  (give it to auditors: it checks the ledger's signed checkpoints)`,
	);
	return 0;
}
