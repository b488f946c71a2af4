// `npm run policy -- show | sign --key FILE | propose --file FILE --note TEXT`: the CLI's `iu-cutter policy`
// (extension/src/cli/policy.js), a custodian of the trust policy with an offline key.
import { pathToFileURL } from 'node:url';
import { runAsProgram } from '../extension/src/cli/main.js';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	runAsProgram(['policy', ...process.argv.slice(2)], { program: 'npm run policy --' });
}
