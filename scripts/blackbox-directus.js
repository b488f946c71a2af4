// The `directus` command Directus' blackbox suite runs (tests/blackbox/common/config.ts: `node <checkout>/dist/cli`),
// made to start the Directus 12.4.0 of this project's node_modules instead of the monorepo's build.
// scripts/blackbox.sh writes `<checkout>/dist/cli.js`, which imports this file; nothing in the suite is edited for it.
//
// IU_BLACKBOX_BUNDLE=1: the iu-cutter bundle is loaded (extension/dist staged next to the suite's own test
// extensions) and `bootstrap` is followed by iu-cutter's gated migrations (scripts/migrate.js, as `npm run migrate`
// does after an install). IU_BLACKBOX_BUNDLE=0: the same Directus, the same suite extensions, no bundle, no migrations.
// IU_BLACKBOX_STATE: a folder for the staged extensions, the ledger key and the witness file.
//
// The suite passes its own environment (common/config.ts) to every Directus it starts; only what the bundle needs
// is added here, so both configurations differ in the bundle alone.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureLedgerKey } from './ledger-key.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'node_modules/@directus/api/dist/cli/run.js');

const bundle = process.env.IU_BLACKBOX_BUNDLE === '1';
const state = process.env.IU_BLACKBOX_STATE;
if (!state) {
	console.error('IU_BLACKBOX_STATE is not set: run this through scripts/blackbox.sh');
	process.exit(2);
}

// The suite's EXTENSIONS_PATH is `./extensions` (its test hooks) in the suite's folder, the working folder here.
const suiteExtensions = resolve(process.cwd(), process.env.EXTENSIONS_PATH ?? './extensions');
const staged = join(state, bundle ? 'extensions-bundle' : 'extensions-plain');
if (!existsSync(join(staged, '.staged'))) {
	rmSync(staged, { recursive: true, force: true });
	mkdirSync(staged, { recursive: true });
	for (const name of readdirSync(suiteExtensions)) cpSync(join(suiteExtensions, name), join(staged, name), { recursive: true });
	if (bundle) {
		if (!existsSync(join(ROOT, 'extension/dist/api.js'))) {
			console.error('extension/dist is missing: run `npm run build` first');
			process.exit(2);
		}
		mkdirSync(join(staged, 'iu-cutter'), { recursive: true });
		cpSync(join(ROOT, 'extension/package.json'), join(staged, 'iu-cutter/package.json'));
		cpSync(join(ROOT, 'extension/dist'), join(staged, 'iu-cutter/dist'), { recursive: true });
	}
	mkdirSync(join(staged, '.staged'));
}
process.env.EXTENSIONS_PATH = staged;

if (bundle) {
	const { keyFile } = ensureLedgerKey(join(state, 'keys'));
	mkdirSync(join(state, 'witness'), { recursive: true });
	process.env.IU_LEDGER_KEY_FILE = keyFile;
	process.env.IU_LEDGER_WITNESS = join(state, 'witness', 'ledger-witness.jsonl');
}

if (process.argv[2] === 'bootstrap') {
	// bootstrap in a child, so the migrations run after it has exited (Directus' CLI ends the process itself).
	const boot = spawnSync(process.execPath, [CLI, 'bootstrap'], { stdio: 'inherit', env: process.env });
	if (boot.status !== 0) process.exit(boot.status ?? 1);
	if (bundle) {
		// The suite's DB_* variables are Directus' own; scripts/migrate.js reads the same ones.
		const migrate = spawnSync(process.execPath, [join(ROOT, 'scripts/migrate.js')], { stdio: 'inherit', env: process.env });
		if (migrate.status !== 0) process.exit(migrate.status ?? 1);
	}
	process.exit(0);
}

await import(CLI);

// Evidence of which configuration really ran: once the server answers, ask iu-cutter's endpoint who it is and write
// the answer's code next to the state (IU_FORBIDDEN for an anonymous call: the bundle is loaded; ROUTE_NOT_FOUND:
// it is not). scripts/blackbox.sh prints these and refuses a run whose evidence contradicts its configuration.
const port = process.env.PORT ?? '8055';
const probe = setInterval(async () => {
	try {
		const r = await fetch(`http://127.0.0.1:${port}/iu-cutter/me`);
		const code = (await r.json())?.errors?.[0]?.extensions?.code ?? `HTTP ${r.status}`;
		writeFileSync(join(state, `iu-cutter-endpoint-${port}.txt`), `${code}\n`);
		clearInterval(probe);
	} catch {
		/* not listening yet */
	}
}, 1000);
probe.unref();
