// `npm run ledger:key -- --out DIR`: a new Ed25519 key pair for signing the
// ledger's checkpoints: DIR/ledger.key (PKCS#8 PEM, mode 0600: give its path to
// Directus as IU_LEDGER_KEY_FILE) and DIR/ledger.pub (SPKI PEM: give it to
// auditors for `npm run ledger:audit`). Refuses to overwrite an existing key.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Creates DIR/ledger.key and DIR/ledger.pub unless the key exists; returns both paths. */
export function ensureLedgerKey(dir) {
	const keyFile = join(dir, 'ledger.key');
	const publicFile = join(dir, 'ledger.pub');
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

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const argv = process.argv.slice(2);
	const i = argv.indexOf('--out');
	if (i < 0 || !argv[i + 1]) {
		console.error('usage: npm run ledger:key -- --out DIR');
		process.exit(2);
	}
	const dir = resolve(argv[i + 1]);
	if (existsSync(join(dir, 'ledger.key'))) {
		console.error(`${join(dir, 'ledger.key')} exists; a signing key is never overwritten (rotate by making a new one in another folder and listing the old public key in IU_LEDGER_PUBLIC_KEYS)`);
		process.exit(2);
	}
	const { keyFile, publicFile } = ensureLedgerKey(dir);
	console.log(`private key  ${keyFile}  (set IU_LEDGER_KEY_FILE to this path; keep it outside the database and Directus' storage)\npublic key   ${publicFile}  (give it to auditors: npm run ledger:audit -- --public-key ${publicFile} …)`);
}
