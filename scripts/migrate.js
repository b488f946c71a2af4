// `npm run migrate`: the CLI's `iu-cutter migrate` (extension/src/cli/migrate.js) with the repository's
// defaults (scripts/lib/repo.js: the demo's database, key and witness; --freeze and --record-shape for
// authors). The runner's functions are the CLI's, re-exported for the tests and the harness.
import { pathToFileURL } from 'node:url';
import { runAsProgram } from '../extension/src/cli/main.js';
import { useSigningFallback } from '../extension/src/cli/migrate.js';
import { REPO_DEFAULTS } from './lib/repo.js';

export * from '../extension/src/cli/migrate.js';

useSigningFallback(REPO_DEFAULTS);

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	runAsProgram(['migrate', ...process.argv.slice(2)], { ...REPO_DEFAULTS, program: 'npm run migrate --', authoring: true });
}
