// Starts a real Directus 12.4.0 process with the built iu-cutter bundle and the
// project's migrations, on SQLite or PostgreSQL. Used by `npm start`, the
// integration tests and the benchmarks, so all three run Directus the same way.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync, readFileSync, createWriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, dirname } from 'node:path';
import { createServer } from 'node:net';
import { ensureKeyPair, ensureLedgerKey } from '../../extension/src/cli/ledger-key.js';
import { AGENT_EMAILS } from '../../extension/src/cli/roles.js';
import { ROOT } from './repo.js';
import { CLI, NODE_ARGS, bootstrap, runGatedMigrations } from './bootstrap.js';
import { restoreSnapshot } from './snapshot.js';

export { ROOT };

/** Nothing listens on port 9 (discard) on loopback: telemetry and compliance calls fail fast and stay local. */
const CLOSED_PORT_URL = 'http://127.0.0.1:9/';

/**
 * Copies the built bundle into `<dir>/extensions/iu-cutter` — the layout Directus scans.
 * The copy, not a symlink, so a rebuild during a run cannot change what a running instance loaded.
 */
function stageExtension(dir) {
	const target = join(dir, 'extensions', 'iu-cutter');
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	if (!existsSync(join(ROOT, 'extension/dist/api.js'))) {
		throw new Error('extension/dist is missing: run `npm run build` (or `npm run setup`) first');
	}
	cpSync(join(ROOT, 'extension/package.json'), join(target, 'package.json'));
	// Only what Directus loads: dist/ also holds the CLI's and the migration runner's bundles.
	mkdirSync(join(target, 'dist'));
	for (const file of ['app.js', 'api.js']) cpSync(join(ROOT, 'extension/dist', file), join(target, 'dist', file));
	return join(dir, 'extensions');
}

/**
 * @param {object} o
 * @param {string} o.dir        working folder for this instance (database file, uploads, logs)
 * @param {number} o.port
 * @param {object} o.db         { client: 'sqlite3' } or { client: 'pg', host, port, database, user, password }
 * @param {string} o.adminEmail
 * @param {string} o.adminPassword
 * @param {object} [o.env]      extra environment
 * @param {boolean} [o.migrate] run iu-cutter's gated migrations after bootstrap (default true)
 * @param {false | { executor?: boolean, verifier?: boolean, goAhead?: boolean, pollSeconds?: number }} [o.agents]
 *   the executor (DOT-991) and verifier (DOT-992) agents of scripts/roles.js, run by the extension
 *   (governance/agents.ts). Off by default: most tests drive CUT and VERIFY by hand and must not race an agent.
 * @param {boolean} [o.fresh]   run `directus bootstrap` and the migrations even on an empty database, instead of
 *   restoring the snapshot (./snapshot.js): for the tests whose subject is bootstrapping or upgrading
 */
export async function startDirectus({ dir, port: asked, db, adminEmail, adminPassword, env = {}, migrate = true, agents = false, fresh = false }) {
	const port = await portFree(portInBlock(asked) ?? asked);
	mkdirSync(join(dir, 'directus-custom-migrations'), { recursive: true });
	// Directus reads npm-installed extensions from the working folder's package.json; ours is staged instead.
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'iu-cutter-instance', private: true }) + '\n');
	// The ledger's signing key and witness file: the operator's, outside the database
	// and outside anything Directus serves (uploads, extensions).
	// A cluster (support/cluster.js) passes one key, witness and SECRET for all its instances.
	const { keyFile } = env.IU_LEDGER_KEY_FILE ? { keyFile: env.IU_LEDGER_KEY_FILE } : ensureLedgerKey(join(dir, 'keys'));
	mkdirSync(join(dir, 'witness'), { recursive: true });
	const secretFile = join(dir, 'secret');
	if (!env.SECRET && !existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'));
	const dbEnv =
		db.client === 'sqlite3'
			? { DB_CLIENT: 'sqlite3', DB_FILENAME: join(dir, 'data.db') }
			: {
					DB_CLIENT: 'pg',
					DB_HOST: db.host,
					DB_PORT: String(db.port),
					DB_DATABASE: db.database,
					DB_USER: db.user,
					DB_PASSWORD: db.password ?? '',
				};
	const fullEnv = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		NODE_ENV: 'production',
		HOST: '127.0.0.1',
		PORT: String(port),
		PUBLIC_URL: `http://127.0.0.1:${port}`,
		SECRET: env.SECRET ?? readFileSync(secretFile, 'utf8'),
		...dbEnv,
		ADMIN_EMAIL: adminEmail,
		ADMIN_PASSWORD: adminPassword,
		EXTENSIONS_PATH: stageExtension(dir),
		EXTENSIONS_AUTO_RELOAD: 'false',
		// Directus runs only its own migrations; iu-cutter's go through the gated runner (scripts/migrate.js).
		MIGRATIONS_PATH: join(dir, 'directus-custom-migrations'),
		IU_LEDGER_KEY_FILE: keyFile,
		IU_LEDGER_WITNESS: join(dir, 'witness', 'ledger-witness.jsonl'),
		STORAGE_LOCATIONS: 'local',
		STORAGE_LOCAL_ROOT: join(dir, 'uploads'),
		TELEMETRY: 'false',
		TELEMETRY_URL: CLOSED_PORT_URL,
		COMPLIANCE_URL: CLOSED_PORT_URL,
		MARKETPLACE_TRUST: 'sandbox',
		CACHE_ENABLED: 'false',
		// Directus' own option: every request gets the one frozen schema instead of a deep copy of it (lodash's
		// cloneDeep, a twentieth of a test Directus' CPU, and its garbage). Nothing of iu-cutter writes into a schema,
		// and a write into a frozen one throws (Directus' modules are strict), so the tests would find one. The
		// install test keeps Directus' default (a copy per request). governance + resolve on SQLite, twice each,
		// alternating: 122 and 119 CPU s with copies, 119 and 105 without (2026-11-26).
		CACHE_SCHEMA_FREEZE_ENABLED: 'true',
		RATE_LIMITER_ENABLED: 'false',
		// The pressure limiter answers 503 when the event loop lags; on a shared 2-core machine
		// a CUT of 6 510 units in one request trips it for requests that follow.
		PRESSURE_LIMITER_ENABLED: 'false',
		// A whole law's text travels in one preview request; the default 1 MB is too small for the larger ones.
		MAX_PAYLOAD_SIZE: '10mb',
		LOG_LEVEL: 'warn',
		LOG_STYLE: 'raw',
		WEBSOCKETS_ENABLED: 'false',
		// The app extensions' bundle, made at every start, by rolldown (Directus' own option, native code)
		// instead of rollup: a start takes ~25 % less CPU. The install test (tests/install) runs Directus as
		// docs/INSTALL.md sets it up, with the default rollup, so both bundlers are tested.
		EXTENSIONS_ROLLDOWN: 'true',
		// scripts/env.sh: the compiled modules and the resolutions (./resolve-cache.js) of earlier starts.
		...(process.env.NODE_COMPILE_CACHE ? { NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE } : {}),
		...(process.env.IU_RESOLVE_CACHE ? { IU_RESOLVE_CACHE: process.env.IU_RESOLVE_CACHE } : {}),
		// IU_SERVE_APP=false (scripts/test-pool.js, for the integration files, which never open the Data Studio): Directus'
		// SERVE_APP off, so a start does not bundle the app extensions (rolldown): 0.3 CPU s of its 3.3 (2026-11-28).
		...(process.env.IU_SERVE_APP ? { SERVE_APP: process.env.IU_SERVE_APP } : {}),
		...agentEnv(agents, join(dir, 'keys')),
		...env,
	};
	const logPath = join(dir, 'directus.log');
	const log = createWriteStream(logPath, { flags: 'a' });

	// A fresh database starts from the snapshot of a bootstrapped (and migrated) one, which is what
	// `directus bootstrap` and the gated migrations would write (snapshot.js); `fresh` bootstraps for real,
	// for the tests about bootstrapping and upgrading. A database with tables in it is bootstrapped as before:
	// Directus says "already initialized" and runs what is pending.
	const restored = !fresh && (await restoreSnapshot({ db, dir, migrate, env: fullEnv, admin: { email: adminEmail, password: adminPassword } }));
	if (!restored) {
		bootstrap(fullEnv, dir);
		if (migrate) await runGatedMigrations(db, dir, { keyFile, witness: fullEnv.IU_LEDGER_WITNESS });
	}

	const child = spawn(process.execPath, [...NODE_ARGS, CLI, 'start'], { env: fullEnv, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout.pipe(log);
	child.stderr.pipe(log);
	let exited = null;
	child.on('exit', (code) => (exited = code ?? -1));

	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (exited !== null) throw new Error(`directus exited with ${exited} before it was ready; see ${logPath}:\n${tail(logPath)}`);
		try {
			const r = await fetch(`${url}/server/ping`);
			if (r.ok) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`directus did not answer /server/ping within 120 s; see ${logPath}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}

	const instance = {
		url,
		logPath,
		keyFile,
		publicKeyFile: join(dirname(keyFile), 'ledger.pub'),
		witnessFile: fullEnv.IU_LEDGER_WITNESS,
		child,
		async stop() {
			if (exited !== null) return;
			const done = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await done;
			clearTimeout(timer);
		},
		/** Logs in and returns an access token. */
		async login(email = adminEmail, password = adminPassword) {
			const r = await fetch(`${url}/auth/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email, password }),
			});
			if (!r.ok) throw new Error(`login as ${email} failed: ${r.status} ${await r.text()}`);
			return (await r.json()).data.access_token;
		},
	};
	return instance;
}

/**
 * The next port of this process's block, when scripts/test-pool.js gave it one (IU_TEST_PORTS, the block's first
 * port): files that run side by side then never ask for the same port, and no port of a block lies in the range
 * the system hands out to client sockets and to `listen(0)` (32768 and up). Else undefined: the caller's port.
 */
export const PORT_BLOCK = 100;
const blockPorts = new Map();
function portInBlock(asked) {
	const first = Number(process.env.IU_TEST_PORTS);
	if (!Number.isInteger(first) || first <= 0) return undefined;
	// The same asked port, the same port of the block: a test that restarts its instance keeps its clients' URL.
	if (!blockPorts.has(asked)) blockPorts.set(asked, first + (blockPorts.size % PORT_BLOCK));
	return blockPorts.get(asked);
}

/**
 * `port` when nothing listens there, else one the system gives: test files run side by side
 * (scripts/test.sh), and two of them may ask for the same port. Callers use the instance's `url`.
 */
async function portFree(port) {
	const listen = (p) =>
		new Promise((resolve, reject) => {
			const server = createServer();
			server.once('error', reject);
			server.listen(p, '127.0.0.1', () => {
				const got = server.address().port;
				server.close(() => resolve(got));
			});
		});
	try {
		return await listen(port);
	} catch (e) {
		if (e.code !== 'EADDRINUSE') throw e;
		const other = await listen(0);
		console.warn(`port ${port} is taken: Directus listens on ${other} instead`);
		return other;
	}
}

/**
 * The agents' variables (docs/DEPLOYMENT.md, "The executor and verifier agents"). Each agent signs its steps with a
 * key of its own, made beside the ledger's in `keysDir` (dot-991.key, dot-992.key), never the ledger's.
 */
function agentEnv(agents, keysDir) {
	if (!agents) return {};
	// Both keys even when one agent is off: they are also the keys the ledger audit trusts for the steps the agents
	// signed before (an agent turned off keeps its key, as a retired ledger key stays listed).
	const out = {
		IU_AGENT_EXECUTOR_KEY_FILE: ensureKeyPair(keysDir, 'dot-991').keyFile,
		IU_AGENT_VERIFIER_KEY_FILE: ensureKeyPair(keysDir, 'dot-992').keyFile,
	};
	if (agents.executor !== false) out.IU_AGENT_EXECUTOR = AGENT_EMAILS.executor;
	if (agents.verifier !== false) out.IU_AGENT_VERIFIER = AGENT_EMAILS.verifier;
	if (agents.goAhead) out.IU_AGENT_GO_AHEAD = 'true';
	if (agents.pollSeconds) out.IU_AGENT_POLL_SECONDS = String(agents.pollSeconds);
	return out;
}

function tail(path) {
	try {
		return readFileSync(path, 'utf8').split('\n').slice(-30).join('\n');
	} catch {
		return '';
	}
}
