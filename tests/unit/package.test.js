// The publishable package (`cd extension && npm pack`): its files are the bundle, the CLI and the frozen
// migrations byte for byte (nothing else: no sources, no repository-only bundle), its package.json is
// publishable with the `iu-cutter` bin, and the CLI runs from the unpacked tarball: --help, --version, a
// usage error outside a Directus project, and `migrate --status` whose file gates pass on the packed
// migrations. Needs the build (npm run build); packs into a temporary folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const EXTENSION = join(ROOT, 'extension');
const work = mkdtempSync(join(tmpdir(), 'iu-pack-'));
let packed; // npm pack --json's entry
let unpacked; // the tarball's package/ folder

function walk(dir) {
	return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
}

before(() => {
	for (const f of ['dist/app.js', 'dist/api.js', 'dist/cli.js']) assert.ok(existsSync(join(EXTENSION, f)), `extension/${f} is missing: build first (npm run build)`);
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work, '--loglevel=error'], { cwd: EXTENSION, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
	[packed] = JSON.parse(out.slice(out.indexOf('[')));
	execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', work]);
	unpacked = join(work, 'package');
});

after(() => rmSync(work, { recursive: true, force: true }));

const cli = (args, cwd) => spawnSync(process.execPath, [join(unpacked, 'dist/cli.js'), ...args], { cwd, encoding: 'utf8', timeout: 120_000 });

test('the tarball holds the bundle, the CLI and every file of migrations/, and nothing else', () => {
	const version = JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8')).version;
	assert.equal(packed.filename, `directus-extension-iu-cutter-${version}.tgz`);
	const migrations = walk(join(ROOT, 'migrations')).map((f) => `migrations/${relative(join(ROOT, 'migrations'), f)}`);
	assert.ok(migrations.includes('migrations/manifest.json') && migrations.includes('migrations/iu0001-logical-units.js') && migrations.some((f) => f.startsWith('migrations/lib/')));
	const expected = ['package.json', 'dist/app.js', 'dist/api.js', 'dist/cli.js', ...migrations].sort();
	assert.deepEqual(packed.files.map((f) => f.path).sort(), expected);
	// Byte for byte: the packed CLI's file gates compare them with the manifest's sha256.
	const sha = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
	for (const f of migrations) assert.equal(sha(join(unpacked, f)), sha(join(ROOT, f)), f);
});

test('its package.json is publishable: not private, the iu-cutter bin, Node 22, the Directus host', () => {
	const pkg = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
	assert.equal(pkg.private, undefined);
	assert.deepEqual(pkg.bin, { 'iu-cutter': 'dist/cli.js' });
	assert.equal(pkg.engines.node, '>=22');
	assert.equal(pkg['directus:extension'].host, '^12.0.0');
	assert.deepEqual(pkg['directus:extension'].path, { app: 'dist/app.js', api: 'dist/api.js' });
	assert.ok(readFileSync(join(unpacked, 'dist/cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n'));
});

test('the packed CLI answers --help and --version', () => {
	const help = cli(['--help'], work);
	assert.equal(help.status, 0, help.stderr);
	for (const command of ['migrate', 'ledger:key', 'backup', 'roles']) assert.match(help.stdout, new RegExp(`iu-cutter ${command}`));
	const migrateHelp = cli(['migrate', '--help'], work);
	assert.equal(migrateHelp.status, 0, migrateHelp.stderr);
	assert.match(migrateHelp.stdout, /--status/);
	const version = cli(['--version'], work);
	assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')).version);
	const unknown = cli(['migrat'], work);
	assert.equal(unknown.status, 2);
	assert.match(unknown.stderr, /unknown command "migrat"/);
});

test('outside a Directus project it says what is missing and exits 2', () => {
	const r = cli(['migrate', '--status'], work);
	assert.equal(r.status, 2, r.stdout + r.stderr);
	assert.match(r.stderr, /run iu-cutter from your Directus 12 project folder/);
	assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('in a folder with Directus installed, migrate --status checks the packed migrations against their manifest', () => {
	// The repository has Directus 12 in node_modules, as a Directus project does; the database is a new, empty file.
	const db = join(work, 'empty.db');
	const r = cli(['migrate', '--status', '--db', `sqlite:${db}`], ROOT);
	// An empty file is no database yet: refused as bad usage; made by touching it, it is one with nothing applied.
	assert.equal(r.status, 2, r.stdout + r.stderr);
	execFileSync('touch', [db]);
	const s = cli(['migrate', '--status', '--db', `sqlite:${db}`], ROOT);
	assert.equal(s.status, 0, s.stdout + s.stderr);
	assert.match(s.stdout, /applied: none/);
	const manifest = JSON.parse(readFileSync(join(unpacked, 'migrations/manifest.json'), 'utf8'));
	assert.match(s.stdout, new RegExp(`PASS {2}files-frozen: all ${manifest.files.length} file\\(s\\) found match their sha256`));
	assert.match(s.stdout, /result: PASSED/);
	// The gates read the packed files: one byte changed there is refused by name.
	const file = join(unpacked, 'migrations/iu0005-instance-heartbeat.js');
	writeFileSync(file, readFileSync(file, 'utf8') + '\n');
	const tampered = cli(['migrate', '--status', '--db', `sqlite:${db}`], ROOT);
	assert.equal(tampered.status, 1, tampered.stdout + tampered.stderr);
	assert.match(tampered.stdout, /FAIL {2}files-frozen: .*iu0005-instance-heartbeat\.js/);
});
