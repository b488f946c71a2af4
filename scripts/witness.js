// `npm run witness -- …`: the CLI's `iu-cutter witness` (extension/src/cli/witness.js).
import { pathToFileURL } from 'node:url';
import { runAsProgram } from '../extension/src/cli/main.js';

export * from '../extension/src/cli/witness.js';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	runAsProgram(['witness', ...process.argv.slice(2)], { program: 'npm run witness --' });
}
