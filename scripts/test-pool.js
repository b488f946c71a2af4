// The Directus test files of `npm test` (browser, integration on SQLite and on PostgreSQL, install) as one
// pool of `node --test` processes, a few at a time. Each file boots its own Directus (from the snapshot of a
// bootstrapped database, scripts/lib/snapshot.js), so files are independent; a file mostly waits on
// requests, so two run well side by side on 2 cores, beside the Rust lane. The integration and install files go
// first and the browser files last: npm test compiles Rust beside the pool for its first minutes, and a page waits
// on timers a loaded machine stretches. Within each part the longest files start first, whatever their group
// (their seconds from the last run, else from tests/pool-durations.json), so the pool does not end waiting on one
// long file.
//
// A file's output is printed whole when it ends, never interleaved with another's. At the end: one row per
// group (seconds: the sum of its files' own times; CPU seconds: of their processes; tests: node --test's
// own count) into the stage table of
// scripts/lib/stages.sh, and every failed file named again.
//
//   node scripts/test-pool.js [--jobs N] [--group NAME]… [FILTER…]
//     --jobs N      files at once (default IU_TEST_JOBS, else 2)
//     --group NAME  only the groups whose name starts with NAME (browser, integration, install)
//     --wait-for FILE  the workers past the first two start when FILE exists: npm test's Rust lane writes it
//                   when it is done, so its compiling and three files never load the 2 cores at once
//     FILTER        only the files whose path contains one of them (e.g. governance amend)
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './lib/repo.js';
import { PORT_BLOCK } from './lib/directus.js';
import { NODE_HOOKS } from './lib/bootstrap.js';

const GROUPS = [
	// IU_SERVE_APP=false: their Directus serves no Data Studio, which they never open (scripts/lib/directus.js).
	{ name: 'integration, PostgreSQL', dir: 'tests/integration', env: { IU_DB: 'postgres', IU_SERVE_APP: 'false' } },
	{ name: 'integration, SQLite', dir: 'tests/integration', env: { IU_DB: 'sqlite', IU_SERVE_APP: 'false' } },
	// docs/INSTALL.md followed literally: the packed tarball into a fresh Directus 12.4.0 project (its own
	// package.json and npm install), on SQLite and PostgreSQL in one file, which shares the one npm install.
	{ name: 'install (docs/INSTALL.md, sqlite and postgres)', dir: 'tests/install', env: {} },
	// Some browser tests run on PostgreSQL (progress.test.js, upload.test.js: the Data Studio session's polls).
	// mostlyWaits: a page waits on polls and timers, so a worker past the first two takes these files first (below).
	{ name: 'browser (headless Chromium, real Directus)', dir: 'tests/browser', env: {}, mostlyWaits: true },
];
// In the PostgreSQL pass, cluster.test.js also runs two Directus instances on one database with a real Redis.

const STAGES = process.env.STAGES_DIR ?? join(ROOT, 'target/test-stages');
const LAST = join(ROOT, 'target/pool-durations.json');
const SEED = join(ROOT, 'tests/pool-durations.json');

function parseArgs(argv) {
	const o = { jobs: Number(process.env.IU_TEST_JOBS ?? 2), groups: [], filters: [], waitFor: null };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--jobs') o.jobs = Number(argv[++i]);
		else if (argv[i] === '--group') o.groups.push(argv[++i]);
		else if (argv[i] === '--wait-for') o.waitFor = argv[++i];
		else o.filters.push(argv[i]);
	}
	if (!Number.isInteger(o.jobs) || o.jobs < 1) throw new Error(`--jobs (or IU_TEST_JOBS) must be a whole number ≥ 1, not ${o.jobs}`);
	return o;
}

// Seconds are counted from npm test's start (scripts/lib/stages.sh), else from the pool's.
const T0 = process.env.STAGES_START ? Number(process.env.STAGES_START) * 1000 : Date.now();
const keyOf = (job) => `${job.group.name} :: ${job.file}`;
const readJson = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {});

/** node --test's TAP summary: `# tests N`, `# pass N`, `# fail N`, … */
function summary(out) {
	const s = {};
	for (const m of out.matchAll(/^# (tests|pass|fail|cancelled|skipped|todo) (\d+)$/gm)) s[m[1]] = Number(m[2]);
	return s;
}

/** Worker `w`'s Directus ports (scripts/lib/directus.js): a block of its own, below the ephemeral range. */
const portsOf = (w) => 11000 + w * PORT_BLOCK;

/**
 * The file's node --test under a bash that, when it ends, writes to fd 3 the CPU time (hundredths of a second)
 * of all it waited for: node --test, the file's process, its Directus and Chromium, as scripts/lib/stages.sh
 * reads a stage's. Node has no call for its children's CPU time. A PostgreSQL server detaches (pg_ctl), so it
 * is not counted.
 */
const CPU_OF_CHILDREN = '"$@"; rc=$?; read -r -a s < /proc/$$/stat; echo "$(((s[15] + s[16]) * 100 / $(getconf CLK_TCK)))" >&3; exit $rc';

/**
 * Every Node process of a test file (the file's own, the CLIs it runs: migrate, backup, ledger) with the hooks
 * Directus' processes get (scripts/lib/bootstrap.js's NODE_ARGS): date-fns resolved without its package.json, and
 * node_modules' resolutions reused from earlier processes. operations.test.js on SQLite, which runs the migration
 * runner and the backup CLI about 30 times: 70 -> 45 CPU s (2026-11-26, twice each, one machine). Directus gets
 * its own environment (startDirectus), so the hooks reach it through NODE_ARGS, not through this.
 */
const NODE_OPTIONS = [process.env.NODE_OPTIONS, ...NODE_HOOKS.map((hook) => `--import=${hook}`)].filter(Boolean).join(' ');

function run(job, w) {
	return new Promise((resolve) => {
		const start = Date.now();
		const at = Math.round((start - T0) / 1000);
		const child = spawn('bash', ['-c', CPU_OF_CHILDREN, 'bash', process.execPath, '--test', '--test-reporter=tap', job.file], {
			cwd: ROOT,
			env: { ...process.env, ...job.group.env, IU_TEST_PORTS: String(portsOf(w)), NODE_OPTIONS },
			stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
		});
		let out = '';
		let ticks = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.stdio[3].on('data', (d) => (ticks += d));
		child.on('close', (code, signal) => resolve({ ...job, out, code: code ?? signal, at, ms: Date.now() - start, worker: w, cpuMs: Number(ticks) * 10 || 0, ...summary(out) }));
	});
}

async function main() {
	const o = parseArgs(process.argv.slice(2));
	const groups = GROUPS.filter((g) => !o.groups.length || o.groups.some((n) => g.name.startsWith(n)));
	const jobs = groups.flatMap((group) =>
		readdirSync(join(ROOT, group.dir))
			.filter((f) => f.endsWith('.test.js'))
			.map((f) => ({ group, file: join(group.dir, f) }))
			.filter((j) => !o.filters.length || o.filters.some((f) => j.file.includes(f))),
	);
	if (!jobs.length) throw new Error('no test file matches');
	const known = { ...readJson(SEED), ...readJson(LAST) };
	// The files that mostly wait (browser) last, the others before them; within each, longest first, whatever their
	// group, so the pool ends on short files: by group first, the install test (226 s) started last and the run's
	// last 50 s left a core idle (machine.tsv of the clean clone of c594126). A file never timed goes first, as it
	// may be long.
	const rank = (j) => (j.group.mostlyWaits ? 1 : 0);
	jobs.sort((a, b) => rank(a) - rank(b) || (known[keyOf(b)] ?? Infinity) - (known[keyOf(a)] ?? Infinity));

	console.log(`${jobs.length} test files, ${o.jobs} at a time`);
	const queue = [...jobs];
	const done = [];
	const worker = async (w) => {
		while (w >= 2 && o.waitFor && !existsSync(o.waitFor)) await new Promise((r) => setTimeout(r, 2000));
		// A worker past the first two (it starts when the Rust lane is done) takes the browser files first: a page
		// mostly waits, so it runs well beside an integration file, and the pool does not end on browser files alone.
		const next = () => {
			const i = w >= 2 ? queue.findIndex((j) => j.group.mostlyWaits) : -1;
			return i > 0 ? queue.splice(i, 1)[0] : queue.shift();
		};
		for (let job = next(); job; job = next()) {
			const r = await run(job, w);
			done.push(r);
			const status = r.code === 0 ? 'ok' : `FAILED (exit ${r.code})`;
			console.log(`\n━━ ${r.group.name} · ${r.file} · ${(r.ms / 1000).toFixed(1)} s · ${(r.cpuMs / 1000).toFixed(1)} CPU s · ${r.tests ?? 0} tests · ${status}`);
			console.log(r.out.trimEnd());
		}
	};
	await Promise.all(Array.from({ length: Math.min(o.jobs, jobs.length) }, (_, w) => worker(w)));

	mkdirSync(STAGES, { recursive: true });
	const times = readJson(LAST);
	for (const r of done) times[keyOf(r)] = r.ms;
	mkdirSync(join(ROOT, 'target'), { recursive: true });
	writeFileSync(LAST, JSON.stringify(times, null, 1) + '\n');
	// Each file's seconds and CPU seconds, the most CPU first: where the pool's time goes; when it started (seconds
	// from npm test's start, as machine.tsv counts them) and in which worker: what ran beside what.
	const rows = [...done]
		.sort((a, b) => b.cpuMs - a.cpuMs)
		.map((r) => `${(r.cpuMs / 1000).toFixed(1)}\t${(r.ms / 1000).toFixed(1)}\t${r.tests ?? 0}\t${r.at}\t${r.worker}\t${r.group.name}\t${r.file}`);
	writeFileSync(join(STAGES, 'pool-files.tsv'), ['CPU s\tseconds\ttests\tstarted at\tworker\tgroup\tfile', ...rows].join('\n') + '\n');
	for (const g of groups) {
		const rs = done.filter((r) => r.group === g);
		if (!rs.length) continue;
		const tests = rs.reduce((n, r) => n + (r.tests ?? 0), 0);
		const skipped = rs.reduce((n, r) => n + (r.skipped ?? 0), 0);
		const failed = rs.filter((r) => r.code !== 0);
		const secs = Math.round(rs.reduce((n, r) => n + r.ms, 0) / 1000);
		const cpu = Math.round(rs.reduce((n, r) => n + r.cpuMs, 0) / 1000);
		const status = failed.length ? `FAILED (${failed.length} files)` : 'ok';
		const name = `  · ${g.name}`;
		appendFileSync(
			join(STAGES, 'table.tsv'),
			`${name}\t${Math.min(...rs.map((r) => r.at))}\t${secs}\t${cpu}\t${tests}${skipped ? ` (${skipped} skipped)` : ''} in ${rs.length} files\t${status}\n`,
		);
	}
	const failed = done.filter((r) => r.code !== 0);
	for (const r of failed) console.log(`FAILED: ${r.group.name} · ${relative(ROOT, join(ROOT, r.file))} (exit ${r.code}, ${r.fail ?? '?'} of ${r.tests ?? '?'} tests failed)`);
	process.exitCode = failed.length ? 1 : 0;
}

main().catch((e) => {
	console.error(e.message);
	process.exitCode = 2;
});
