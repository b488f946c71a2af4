// `npm run ledger:key -- --out DIR`: the CLI's `iu-cutter ledger:key` (extension/src/cli/ledger-key.js).
import { pathToFileURL } from 'node:url';
import { runAsProgram } from '../extension/src/cli/main.js';

export * from '../extension/src/cli/ledger-key.js';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	runAsProgram(['ledger:key', ...process.argv.slice(2)], { program: 'npm run ledger:key --' });
}
