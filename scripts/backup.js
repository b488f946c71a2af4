// `npm run backup:verify`: the CLI's `iu-cutter backup` (extension/src/cli/backup.js) with the repository's
// defaults (scripts/lib/repo.js: the demo's database, backups/ in the checkout).
import { pathToFileURL } from 'node:url';
import { runAsProgram } from '../extension/src/cli/main.js';
import { REPO_DEFAULTS } from './lib/repo.js';

export * from '../extension/src/cli/backup.js';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	runAsProgram(['backup', ...process.argv.slice(2)], { ...REPO_DEFAULTS, program: 'npm run backup:verify --' });
}
