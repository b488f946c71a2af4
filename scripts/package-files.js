// What the package (`cd extension && npm pack`) holds beside its build: the frozen migrations, copied from
// the repository's migrations/ (their one home) into extension/migrations/ (gitignored), byte for byte, so
// the packed CLI's file gates see the checksums of migrations/manifest.json. Run by scripts/build.sh and
// by the package's `prepack`; refuses when the build is missing.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXTENSION = join(ROOT, 'extension');
const BUILT = ['dist/app.js', 'dist/api.js', 'dist/cli.js'];

const missing = BUILT.filter((f) => !existsSync(join(EXTENSION, f)));
if (missing.length) {
	console.error(`extension/${missing.join(', extension/')} missing: build first (npm run build, or bash scripts/build.sh)`);
	process.exit(1);
}
rmSync(join(EXTENSION, 'migrations'), { recursive: true, force: true });
cpSync(join(ROOT, 'migrations'), join(EXTENSION, 'migrations'), { recursive: true });
