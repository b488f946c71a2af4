// The repository's own places, and the defaults its npm scripts give the CLI (extension/src/cli): the
// `npm start` demo's database, signing key and witness, and backups/ in the checkout.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEMO = join(ROOT, '.run', 'demo');

/** What `npm run migrate`, `backup:verify` … pass to the CLI's `run`. */
export const REPO_DEFAULTS = {
	migrations: join(ROOT, 'migrations'),
	opsBundle: join(ROOT, 'extension', 'dist', 'ops.js'),
	db: { client: 'sqlite3', filename: join(DEMO, 'data.db') },
	keyFile: join(DEMO, 'keys', 'ledger.key'),
	witness: join(DEMO, 'witness', 'ledger-witness.jsonl'),
	backupDir: join(ROOT, 'backups'),
};
