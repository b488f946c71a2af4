// `npm run tlog:audit -- …`: the CLI's `iu-cutter audit` (extension/src/cli/audit.js).
import { pathToFileURL } from 'node:url';
import { runAsProgram } from '../extension/src/cli/main.js';

export * from '../extension/src/cli/audit.js';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	runAsProgram(['audit', ...process.argv.slice(2)], { program: 'npm run tlog:audit --' });
}
