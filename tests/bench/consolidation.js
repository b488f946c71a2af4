// `npm run bench -- amend`: issue 31's consolidation benchmark — real chains (original, amending
// documents, official consolidated text) applied by the core and compared with the VBHN's own notes
// (core/tests/chains/mod.rs; `cargo run --release --example consolidation -- --details` prints every finding).
import { execFileSync } from 'node:child_process';
import { ROOT } from '../support/directus.js';

export function consolidationTable(details = false) {
	return execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'iu-cutter-core', '--example', 'consolidation', ...(details ? ['--', '--details'] : [])], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
}
