// docs/INSTALL.md, followed step by step: iu-cutter's packed tarball installed into a Directus 12.4.0
// project of its own (its own package.json and lockfile, tests/install/newsroom-cms/, its own .env) that already
// has its own collections with data, users, a role and policies with permissions, and a flow. What
// those do is recorded before the installation (tests/install/existing-project.js), then the document's
// steps run literally — npm install of the tarball, `iu-cutter ledger:key`, the witness file,
// `iu-cutter migrate`, a restart, `iu-cutter roles` — then one workflow cycle (preview, submit,
// approve, CUT, VERIFY, sweep), and the same things must behave exactly as before. Then the document's
// uninstall steps, and again. On SQLite and on PostgreSQL (IU_DB=sqlite|postgres runs one).
//
// One Directus project folder serves both databases, so npm installs Directus once (CI's budget):
// the SQLite pass ends by uninstalling iu-cutter, and the PostgreSQL pass starts from that folder with
// a new .env and a new database, iu-cutter not installed — checked, not assumed.
//
// The tarball: IU_INSTALL_TARBALL if set, else `npm pack` of extension/ (after the build).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ROOT } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { fullCycle } from '../support/workflow.js';
import { DEMO_DOC, demoSourceText } from '../../scripts/demo.js';
import { seedExistingProject, observe } from './existing-project.js';

const DBS = process.env.IU_DB ? [process.env.IU_DB] : ['sqlite', 'postgres'];
const ADMIN = { email: 'admin@newsroom.example.com', password: 'newsroom-admin-password' };
const PACKAGE = 'directus-extension-iu-cutter';
/** Nothing listens on port 9 (discard): Directus' telemetry and licence calls fail at once and stay local. */
const CLOSED_PORT_URL = 'http://127.0.0.1:9/';

let work, project, tarball, pg;
/** Every Directus this test started: a failing step leaves one running, and `after` stops it. */
const running = new Set();
const timings = {};

/** A command in the project folder, as an operator types it; its output is kept for the failure message. */
// Asynchronous: a test blocked in a synchronous child for longer than Directus' keep-alive (5 s) finds its
// idle connection closed by the server but still pooled, and its next request fails ('fetch failed': seen with
// `iu-cutter roles` on a loaded machine).
async function sh(cmd, args, { env = {}, cwd = project, timeout = 600_000 } = {}) {
	try {
		return (await promisify(execFile)(cmd, args, { cwd, env: { ...baseEnv(), ...env }, timeout, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
	} catch (e) {
		throw new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} failed (${e.code ?? e.signal}):\n${e.stdout}\n${e.stderr}`);
	}
}

/** An operator's shell: PATH (Node 22 first, from scripts/env.sh) and HOME; nothing of the workspace's settings. */
function baseEnv() {
	// The machine's trust and proxy settings go with it, as in the admin's own shell: without them npm
	// behind a TLS-inspecting proxy fails (SELF_SIGNED_CERT_IN_CHAIN) once its cache lacks a package.
	const keep = [
		'PATH',
		'HOME',
		'npm_config_nodedir',
		'npm_config_update_notifier',
		'npm_config_fund',
		'npm_config_audit',
		'npm_config_cafile',
		'npm_config_registry',
		'NODE_EXTRA_CA_CERTS',
		'SSL_CERT_FILE',
		'SSL_CERT_DIR',
		'HTTPS_PROXY',
		'HTTP_PROXY',
		'NO_PROXY',
		'https_proxy',
		'http_proxy',
		'no_proxy',
		// Node's compile cache (scripts/env.sh), as the tests' other Directus processes have it: the project's three
		// Directus starts, its bootstrap and the migrate CLI load its modules compiled once. It changes how fast
		// modules load, nothing they do.
		'NODE_COMPILE_CACHE',
	];
	return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
}

function freePort() {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

async function timed(name, fn) {
	const t0 = Date.now();
	try {
		return await fn();
	} finally {
		timings[name] = (timings[name] ?? 0) + (Date.now() - t0);
	}
}

/**
 * The existing project, as its team keeps it: tests/install/newsroom-cms/, its package.json (directus 12.4.0) and
 * its package-lock.json (made by `npm install directus@12.4.0`; every package in it is one the workspace's own
 * lockfile also pins, so `npm run setup` left each in npm's cache), installed with `npm ci` from that cache:
 * no registry round trips to resolve the tree (they took most of a minute). Directus' two addons that compile
 * from source (sqlite3, isolated-vm: about 3 minutes on this machine) are not compiled a second time: npm
 * installs with --ignore-scripts, the compiled addons of the workspace's own node_modules are copied in when
 * they are the very same versions (built by `npm ci` for the same Node), and every other install script runs
 * (`npm rebuild`). Different versions: compiled. When the workspace moves to another Directus, the project's
 * lockfile is made again: `npm install --package-lock-only --ignore-scripts` in tests/install/newsroom-cms/ (the
 * version check below says so).
 */
async function installDirectus(dir) {
	const lockOf = (base) => JSON.parse(readFileSync(join(base, 'package-lock.json'), 'utf8')).packages['node_modules/directus'].version;
	const fixture = join(ROOT, 'tests/install/newsroom-cms');
	assert.equal(lockOf(fixture), lockOf(ROOT), 'tests/install/newsroom-cms/package-lock.json pins another Directus than the workspace: make it again (see installDirectus)');
	mkdirSync(dir, { recursive: true });
	for (const f of ['package.json', 'package-lock.json']) cpSync(join(fixture, f), join(dir, f));
	await sh('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir });
	const compiled = { sqlite3: 'build', 'isolated-vm': 'out' };
	const rebuild = [];
	for (const name of scriptedPackages(dir)) {
		const out = compiled[name];
		const version = (base) => JSON.parse(readFileSync(join(base, 'node_modules', name, 'package.json'), 'utf8')).version;
		if (out && existsSync(join(ROOT, 'node_modules', name, out)) && version(ROOT) === version(dir)) cpSync(join(ROOT, 'node_modules', name, out), join(dir, 'node_modules', name, out), { recursive: true });
		else rebuild.push(name);
	}
	if (rebuild.length) await sh('npm', ['rebuild', ...rebuild, '--loglevel=error'], { cwd: dir });
}

/** The top-level packages of `dir/node_modules` with an install script or a native addon to build. */
function scriptedPackages(dir) {
	const out = [];
	const nm = join(dir, 'node_modules');
	const names = readdirSync(nm).flatMap((n) => (n.startsWith('@') ? readdirSync(join(nm, n)).map((m) => `${n}/${m}`) : n.startsWith('.') ? [] : [n]));
	for (const name of names) {
		const file = join(nm, name, 'package.json');
		if (!existsSync(file)) continue;
		const s = JSON.parse(readFileSync(file, 'utf8')).scripts ?? {};
		if (s.preinstall || s.install || s.postinstall || existsSync(join(nm, name, 'binding.gyp'))) out.push(name);
	}
	return out;
}

async function packTarball() {
	if (process.env.IU_INSTALL_TARBALL) return process.env.IU_INSTALL_TARBALL;
	if (!existsSync(join(ROOT, 'extension/dist/api.js'))) throw new Error('extension/dist is missing: run `npm run build` first');
	const name = (await sh('npm', ['pack', '--pack-destination', work, '--loglevel=error'], { cwd: join(ROOT, 'extension') })).trim().split('\n').at(-1);
	return join(work, name);
}

/** The project's .env, as INSTALL.md shows it (Directus reads it from the folder it starts in). */
function writeDotEnv(db, port) {
	const dbLines =
		db.client === 'sqlite3'
			? ['DB_CLIENT=sqlite3', 'DB_FILENAME=./database/data.db']
			: ['DB_CLIENT=pg', `DB_HOST=${db.host}`, `DB_PORT=${db.port}`, `DB_DATABASE=${db.database}`, `DB_USER=${db.user}`, `DB_PASSWORD=${db.password ?? ''}`];
	for (const d of ['database', 'uploads', 'extensions']) mkdirSync(join(project, d), { recursive: true });
	const lines = [
		...dbLines,
		'HOST=127.0.0.1',
		`PORT=${port}`,
		`PUBLIC_URL=http://127.0.0.1:${port}`,
		`SECRET=${randomBytes(32).toString('hex')}`,
		`ADMIN_EMAIL=${ADMIN.email}`,
		`ADMIN_PASSWORD=${ADMIN.password}`,
		'STORAGE_LOCATIONS=local',
		'STORAGE_LOCAL_ROOT=./uploads',
		'EXTENSIONS_PATH=./extensions',
		'LOG_LEVEL=warn',
		'LOG_STYLE=raw',
		// The machine has no network beyond package registries: nothing may call out.
		'TELEMETRY=false',
		`TELEMETRY_URL=${CLOSED_PORT_URL}`,
		`COMPLIANCE_URL=${CLOSED_PORT_URL}`,
	];
	writeFileSync(join(project, '.env'), lines.join('\n') + '\n');
}

/** `npx directus start` in the project folder, until /server/ping answers. */
async function startDirectus(port, env = {}) {
	const logPath = join(project, `directus-${port}.log`);
	const log = createWriteStream(logPath, { flags: 'a' });
	// The project's .env is the document's; only Directus' pressure limiter is off, in the process's environment:
	// npm test runs this beside other test files and builds on 2 cores, where the event loop's lag makes the
	// limiter answer 503 "Under pressure" (seen at the admin's login). Load shedding is not this test's subject.
	const processEnv = { ...baseEnv(), PRESSURE_LIMITER_ENABLED: 'false', ...env };
	const child = spawn(join(project, 'node_modules/.bin/directus'), ['start'], { cwd: project, env: processEnv, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout.pipe(log);
	child.stderr.pipe(log);
	let exited = null;
	child.on('exit', (code, signal) => {
		exited = code ?? -1;
		log.write(`directus exited: code ${code}, signal ${signal}\n`);
	});
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (exited !== null) throw new Error(`directus exited with ${exited}; see ${logPath}:\n${readFileSync(logPath, 'utf8').split('\n').slice(-30).join('\n')}`);
		try {
			if ((await fetch(`${url}/server/ping`)).ok) break;
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
		async login() {
			const r = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
			if (!r.ok) throw new Error(`admin login: ${r.status} ${await r.text()}`);
			return (await r.json()).data.access_token;
		},
		async stop() {
			if (exited !== null) return;
			const done = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await done;
			clearTimeout(timer);
			running.delete(instance);
		},
	};
	running.add(instance);
	return instance;
}

/** INSTALL.md A8's last step: the admin gives an editor and a reviewer of the newsroom the two roles. */
async function givePeopleTheRoles(admin) {
	for (const [email, roleName] of [['lan.editor@newsroom.example.com', 'IU Editor'], ['minh.reviewer@newsroom.example.com', 'IU Reviewer']]) {
		const [role] = await admin.ok('GET', `/roles?filter[name][_eq]=${encodeURIComponent(roleName)}&fields=id`);
		assert.ok(role, `iu-cutter roles created the role "${roleName}"`);
		await admin.ok('POST', '/users', { email, password: randomBytes(12).toString('hex'), role: role.id });
	}
}

/**
 * The four workflow identities among the users `iu-cutter roles` set up: for each of its policies, the
 * user holding it (directly, or through a role). The admin gives the people a password and the agents a
 * static token, as an admin does in the Data Studio.
 */
async function workflowIdentities(url, admin) {
	const wanted = { submitter: 'IU Submitter', reviewer: 'IU Reviewer', executor: 'IU Executor', verifier: 'IU Verifier' };
	const out = {};
	for (const [key, name] of Object.entries(wanted)) {
		const [policy] = await admin.ok('GET', `/policies?filter[name][_eq]=${encodeURIComponent(name)}&fields=id,app_access`);
		assert.ok(policy, `iu-cutter roles created the policy "${name}"`);
		const access = await admin.ok('GET', `/access?filter[policy][_eq]=${policy.id}&fields=user.id,user.email,role`);
		let user = access.find((a) => a.user)?.user;
		const role = access.find((a) => a.role)?.role;
		if (!user && role) user = (await admin.ok('GET', `/users?filter[role][_eq]=${role}&fields=id,email&limit=1`))[0];
		assert.ok(user, `a user holds "${name}" after iu-cutter roles`);
		if (policy.app_access) {
			const password = `iu-${key}-${randomBytes(6).toString('hex')}`;
			await admin.ok('PATCH', `/users/${user.id}`, { password });
			const r = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password }) });
			assert.equal(r.status, 200, `${user.email} logs in`);
			const token = (await r.json()).data.access_token;
			out[key] = { id: user.id, email: user.email, token, api: client(url, token) };
		} else {
			const token = randomBytes(24).toString('hex');
			await admin.ok('PATCH', `/users/${user.id}`, { token });
			out[key] = { id: user.id, email: user.email, token, api: client(url, token) };
		}
	}
	return out;
}

before(async () => {
	work = mkdtempSync(join(tmpdir(), 'iu-install-'));
	project = join(work, 'newsroom-cms');
	tarball = await timed('npm pack', () => packTarball());
	// IU_INSTALL_PROJECT (development only): a project folder this test installed Directus into before (kept with IU_KEEP=1).
	if (process.env.IU_INSTALL_PROJECT) project = process.env.IU_INSTALL_PROJECT;
	else await timed('npm ci (directus 12.4.0)', () => installDirectus(project));
	if (DBS.includes('postgres')) pg = await startPostgres({ port: 55400 + (process.pid % 400) });
});

after(async () => {
	for (const d of running) await d.stop();
	await pg?.stop();
	console.log(`install test timings (s): ${Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ')}`);
	if (work && !process.env.IU_KEEP) rmSync(work, { recursive: true, force: true });
});

for (const dbName of DBS) {
	test(`INSTALL.md on ${dbName}: iu-cutter installs into an existing Directus 12.4.0, runs a cycle, and the project's own collections, users, permissions and flow behave as before`, { timeout: 900_000 }, async () => {
		const pkgJson = () => JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
		assert.equal(pkgJson().dependencies[PACKAGE], undefined, 'the project starts without iu-cutter');
		assert.equal(existsSync(join(project, 'node_modules', PACKAGE)), false, 'the project starts without iu-cutter');

		// ── the existing project ────────────────────────────────────────────────────────────────
		const db = dbName === 'sqlite' ? { client: 'sqlite3' } : pg.createDatabase('newsroom');
		const port = await freePort();
		writeDotEnv(db, port);
		await timed('directus bootstrap', () => sh('npx', ['directus', 'bootstrap']));
		let directus = await timed('directus start', () => startDirectus(port));
		let admin = client(directus.url, await directus.login());
		await seedExistingProject(admin);
		const beforeInstall = await observe(directus.url, await directus.login());
		// The probe saw what it was meant to: the flow fired, the denials are denials.
		assert.deepEqual(beforeInstall.alice.flowLogged, ['created: Probe article']);
		const { alice, bob, anonymous } = beforeInstall;
		assert.deepEqual(
			[alice.create.status, alice.update, alice.delete, alice.readLog, alice.createAuthor, bob.readArticles.data.length, bob.create, bob.update, bob.readAuthors, anonymous.readArticles],
			[200, 200, 403, 403, 403, 4, 403, 403, 403, 403],
		);
		await directus.stop();

		// ── docs/INSTALL.md, step by step ───────────────────────────────────────────────────────
		// A2. Install the package.
		await timed('npm install tarball', () => sh('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']));
		assert.ok(pkgJson().dependencies[PACKAGE], 'package.json lists iu-cutter: Directus loads it from there');
		assert.match(await sh('npx', ['iu-cutter', '--help']), /migrate/);
		// A3. The signing key and A4. the witness file, outside the project and anything Directus serves.
		const secrets = join(work, `etc-iu-cutter-${dbName}`);
		await sh('npx', ['iu-cutter', 'ledger:key', '--out', secrets]);
		assert.ok(existsSync(join(secrets, 'ledger.key')) && existsSync(join(secrets, 'ledger.pub')), 'ledger:key wrote ledger.key and ledger.pub');
		const witnessDir = join(work, `var-iu-cutter-${dbName}`);
		mkdirSync(witnessDir, { recursive: true });
		const iuEnv = { IU_LEDGER_KEY_FILE: join(secrets, 'ledger.key'), IU_LEDGER_WITNESS: join(witnessDir, 'ledger-witness.jsonl') };
		// A5. The variables, iu-cutter's and the two Directus settings, in the project's .env as an admin writes
		// them (neither the CLI nor Directus gets them from the process environment here).
		const iuLines = Object.entries(iuEnv).map(([k, v]) => `${k}=${v}\n`).join('');
		writeFileSync(join(project, '.env'), readFileSync(join(project, '.env'), 'utf8') + iuLines + 'EXTENSIONS_MUST_LOAD=true\nMAX_PAYLOAD_SIZE=10mb\n');
		// A6. The migrations, with Directus stopped.
		const migrated = await timed('iu-cutter migrate', () => sh('npx', ['iu-cutter', 'migrate']));
		assert.match(migrated, /PASSED/, migrated);
		// A7. Start Directus again.
		directus = await timed('directus start', () => startDirectus(port));
		const adminToken = await directus.login();
		admin = client(directus.url, adminToken);
		// The Data Studio gets iu-cutter's app extensions: Directus bundled them at start with its default
		// bundler, rollup (the other tests' instances use rolldown: scripts/lib/directus.js).
		const appBundle = await (await fetch(`${directus.url}/extensions/sources/index.js`)).text();
		for (const id of ['iu-cutter', 'iu-cutter-workflow']) assert.match(appBundle, new RegExp(`id: *["']${id}["']`), `the app bundle has the extension ${id}`);
		// A8. The roles and policies.
		await sh('npx', ['iu-cutter', 'roles', '--url', directus.url, '--token', adminToken, '--agents']);
		// …and gives two people the roles it made, as an admin does in the User Directory.
		await givePeopleTheRoles(admin);
		// A9. Check: the migrations' status, and one workflow cycle.
		assert.match(await sh('npx', ['iu-cutter', 'migrate', '--status']), /intact/);
		const ids = await workflowIdentities(directus.url, admin);
		const doc = await ids.submitter.api.ok('POST', '/items/legal_document', { ...DEMO_DOC, source_text: demoSourceText() });
		const cycle = await timed('workflow cycle', () => fullCycle(ids, { document: doc.id, effective_from: '2021-01-01T00:00:00+07:00' }));
		assert.equal(cycle.verified.passed, true, `VERIFY passed: ${JSON.stringify(cycle.verified)}`);
		assert.ok((await admin.count('logical_unit')) > 0, 'the CUT created units');
		assert.equal((await ids.verifier.api.ok('GET', '/iu-cutter/ledger/verify')).passed, true, 'the ledger chain holds');
		assert.ok(readFileSync(iuEnv.IU_LEDGER_WITNESS, 'utf8').trim().split('\n').length >= 1, 'checkpoints were witnessed in the witness file');

		const afterInstall = await observe(directus.url, adminToken);
		assert.deepEqual(afterInstall, beforeInstall, "the project's own collections, users, permissions and flow behave as before the installation");
		await directus.stop();

		// ── uninstall (INSTALL.md, "Uninstalling") ──────────────────────────────────────────────
		await sh('npm', ['uninstall', PACKAGE, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']);
		directus = await timed('directus start', () => startDirectus(port));
		const afterUninstall = await observe(directus.url, await directus.login());
		assert.deepEqual(afterUninstall, beforeInstall, "the project's own collections, users, permissions and flow behave as before, with iu-cutter uninstalled");
		assert.equal((await client(directus.url, await directus.login()).get('/iu-cutter/entries')).status, 404, 'the endpoints are gone');
		await directus.stop();
	});
}
