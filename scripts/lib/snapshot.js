// A bootstrapped database, made once and copied for every instance the tests start.
//
// `directus bootstrap` and iu-cutter's gated migrations take most of a start (the gated runner tries each
// migration on a scratch copy first), and they write the same tables every time. So the first start on a
// fresh database of a kind (client, migrated or not) runs them into a scratch database and keeps the result
// under target/directus-snapshots/: the SQLite file, or a pg_dump of the PostgreSQL database. Every later
// start on a fresh database of that kind copies it (SQLite) or pg_restores it (PostgreSQL), then gives the
// admin the email and password the caller asked for, which is all bootstrap writes that differs between them.
//
// The snapshot's name is a hash of what decides its content: Directus' version, the migrations, and the
// extension code the migration runner loads. A change to any of them makes a new snapshot; nothing is
// reused across builds. Two test processes that miss at once both build one; each renames its own into
// place (rename is atomic), so a reader never sees half a file.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { connect } from '../../extension/src/cli/database.js';
import { bootstrap, runGatedMigrations } from './bootstrap.js';
import { ROOT } from './repo.js';

export const SNAPSHOTS = process.env.IU_SNAPSHOTS ?? join(ROOT, 'target/directus-snapshots');
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** The admin bootstrap creates in a snapshot; restoreSnapshot renames it to the caller's. */
const SNAPSHOT_ADMIN = { email: 'snapshot-admin@example.com', password: 'snapshot-admin-password' };

/** What the content of a snapshot depends on: files (or folders, read whole) under ROOT. */
const INPUTS = [
	'node_modules/@directus/api/package.json',
	'migrations',
	'extension/dist/ops.js',
	'extension/src/cli',
	'extension/src/shared',
	'scripts/migrate.js',
	'scripts/lib/bootstrap.js',
];

function hashInputs(h, path) {
	if (!existsSync(path)) return h.update(`missing ${path}\n`);
	if (statSync(path).isDirectory()) {
		for (const name of readdirSync(path).sort()) hashInputs(h, join(path, name));
		return h;
	}
	return h.update(`${path}\n`).update(readFileSync(path));
}

/** The snapshot file for a kind of database; hashed once per process (its inputs are megabytes). */
const paths = new Map();
export function snapshotPath(client, migrate) {
	const kindKey = `${client} ${migrate}`;
	if (!paths.has(kindKey)) paths.set(kindKey, hashedPath(client, migrate));
	return paths.get(kindKey);
}

function hashedPath(client, migrate) {
	const h = createHash('sha256').update(`${client} ${migrate}\n`);
	for (const input of INPUTS) hashInputs(h, join(ROOT, input));
	const kind = `${client === 'sqlite3' ? 'sqlite' : 'pg'}-${migrate ? 'migrated' : 'bootstrapped'}`;
	return join(SNAPSHOTS, `${kind}-${h.digest('hex').slice(0, 16)}.${client === 'sqlite3' ? 'db' : 'dump'}`);
}

const knexOf = (db, dir) => connect(db.client === 'sqlite3' ? { client: 'sqlite3', filename: join(dir, 'data.db') } : { ...db, client: 'pg', password: db.password ?? '' });

/** PostgreSQL: a database with no table in its public schema is fresh. */
async function pgIsEmpty(db) {
	const k = knexOf(db);
	try {
		const [{ n }] = await k('information_schema.tables').where({ table_schema: 'public' }).count({ n: '*' });
		return Number(n) === 0;
	} finally {
		await k.destroy();
	}
}

function pgTool(tool, db, args) {
	try {
		execFileSync(join(PG_BIN, tool), ['-h', db.host, '-p', String(db.port), '-U', db.user, ...args], {
			env: { ...process.env, PGPASSWORD: db.password ?? '' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	} catch (e) {
		throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr ?? e.message}`, { cause: e });
	}
}

/**
 * Makes the snapshot at `path`: bootstrap (and, when `migrate`, the gated migrations) into a scratch
 * database beside the caller's: a file in SNAPSHOTS, or a scratch database in the caller's cluster.
 */
async function build(path, { db, migrate, env }) {
	mkdirSync(SNAPSHOTS, { recursive: true });
	const scratch = join(SNAPSHOTS, `build-${process.pid}-${randomBytes(4).toString('hex')}`);
	mkdirSync(scratch, { recursive: true });
	writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'iu-cutter-snapshot', private: true }) + '\n');
	const admin = { ADMIN_EMAIL: SNAPSHOT_ADMIN.email, ADMIN_PASSWORD: SNAPSHOT_ADMIN.password };
	try {
		if (db.client === 'sqlite3') {
			const file = join(scratch, 'data.db');
			bootstrap({ ...env, ...admin, DB_FILENAME: file }, scratch);
			if (migrate) await runGatedMigrations(db, scratch, {});
			renameSync(file, path);
			return;
		}
		const database = `iu_snapshot_${process.pid}_${randomBytes(4).toString('hex')}`;
		const k = knexOf(db);
		await k.raw(`create database ${database}`);
		try {
			const scratchDb = { ...db, database };
			bootstrap({ ...env, ...admin, DB_DATABASE: database }, scratch);
			if (migrate) await runGatedMigrations(scratchDb, scratch, {});
			const dump = join(scratch, 'data.dump');
			pgTool('pg_dump', scratchDb, ['--format=custom', '--no-owner', '--no-privileges', '--file', dump, database]);
			renameSync(dump, path);
		} finally {
			await k.raw(`drop database if exists ${database}`);
			await k.destroy();
		}
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

/**
 * When the database of `db` / `dir` is fresh, fills it from the snapshot of its kind (made first if there is
 * none) and sets the admin to `admin`; returns false, touching nothing, when it already holds tables.
 * `env`: the instance's environment, which the snapshot's bootstrap runs with.
 */
export async function restoreSnapshot({ db, dir, migrate, env, admin }) {
	const sqlite = db.client === 'sqlite3';
	if (sqlite ? existsSync(join(dir, 'data.db')) : !(await pgIsEmpty(db))) return false;
	const path = snapshotPath(db.client, migrate);
	if (!existsSync(path)) await build(path, { db, migrate, env });
	if (sqlite) copyFileSync(path, join(dir, 'data.db'));
	else pgTool('pg_restore', db, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--dbname', db.database, path]);
	await setAdmin(knexOf(db, dir), admin, hashOptions(env));
	return true;
}

/**
 * argon2's options from the instance's HASH_* variables, read as Directus' generateHash reads them
 * (HASH_MEMORY_COST → memoryCost, numbers as numbers; HASH_RAW is not an option); none set: argon2's defaults.
 */
function hashOptions(env) {
	const camel = (name) => name.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase());
	return Object.fromEntries(
		Object.entries(env)
			.filter(([k]) => k.startsWith('HASH_') && k !== 'HASH_RAW')
			.map(([k, v]) => [camel(k.slice('HASH_'.length)), /^\d+$/.test(v) ? Number(v) : v]),
	);
}

/** The snapshot's admin becomes the caller's: the email as given, the password hashed as Directus hashes it. */
async function setAdmin(k, { email, password }, options) {
	const argon2 = createRequire(join(ROOT, 'node_modules/@directus/api/package.json'))('argon2');
	try {
		const n = await k('directus_users')
			.where({ email: SNAPSHOT_ADMIN.email })
			.update({ email, password: await argon2.hash(password, options) });
		if (n !== 1) throw new Error(`the snapshot has ${n} users with the email ${SNAPSHOT_ADMIN.email}, not 1: delete ${SNAPSHOTS} and start again`);
	} finally {
		await k.destroy();
	}
}
