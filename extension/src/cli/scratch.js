// Scratch databases: an isolated copy to dry-run migrations on and to restore
// backups into. SQLite: a file in a fresh temporary folder. PostgreSQL: a new
// database on the same server (pg_dump -Fc | pg_restore), with the client tools
// from PG_BIN, else /usr/lib/postgresql/15/bin (the repository's), else PATH.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { connect } from './database.js';

/** @typedef {import('./database.js').Database} Database */
/** @typedef {import('./database.js').PgDatabase} PgDatabase */
/** A restored scratch database, how to name it, and how to drop it. @typedef {{ db: Database, describe: string, drop: () => Promise<void> }} Scratch */

const PG_BIN = process.env['PG_BIN'] ?? ['/usr/lib/postgresql/15/bin'].find((d) => existsSync(join(d, 'pg_dump')));
/** @param {string} name */
const pgTool = (name) => (PG_BIN ? join(PG_BIN, name) : name);
/** @param {PgDatabase} db */
const pgEnv = (db) => ({ ...process.env, PGPASSWORD: db.password ?? '' });
/** @param {PgDatabase} db */
const pgArgs = (db) => ['-h', db.host, '-p', String(db.port), '-U', db.user];

/**
 * Online, consistent dump of `db` into `file` (SQLite `VACUUM INTO`; PostgreSQL `pg_dump -Fc`).
 * @param {Database} db
 * @param {string} file
 */
export async function dump(db, file) {
	if (db.client === 'sqlite3') {
		const k = connect(db);
		try {
			await k.raw('vacuum into ?', [file]);
		} finally {
			await k.destroy();
		}
	} else {
		execFileSync(pgTool('pg_dump'), [...pgArgs(db), '-Fc', '-f', file, db.database], { env: pgEnv(db), stdio: ['ignore', 'pipe', 'pipe'] });
	}
}

/**
 * Restores `file` into a NEW scratch database and returns `{ db, describe, drop() }`.
 * Refuses when the target would be the source: a restore never writes over a live database.
 * @param {string} file
 * @param {Database} source
 * @returns {Promise<Scratch>}
 */
export async function restoreToScratch(file, source) {
	if (source.client === 'sqlite3') {
		const dir = mkdtempSync(join(tmpdir(), 'iu-scratch-'));
		/** @type {import('./database.js').SqliteDatabase} */
		const target = { client: 'sqlite3', filename: join(dir, `restore-of-${basename(source.filename)}`) };
		assertNotSource(source, target);
		copyFileSync(file, target.filename);
		return { db: target, describe: `scratch file ${target.filename}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
	}
	const target = { ...source, database: `${source.database}_scratch_${Date.now().toString(36)}` };
	assertNotSource(source, target);
	const admin = connect(source);
	try {
		await admin.raw(`create database ${ident(target.database)}`);
	} finally {
		await admin.destroy();
	}
	const drop = async () => {
		const k = connect(source);
		try {
			await k.raw(`drop database if exists ${ident(target.database)} with (force)`);
		} finally {
			await k.destroy();
		}
	};
	try {
		execFileSync(pgTool('pg_restore'), [...pgArgs(target), '--no-owner', '--exit-on-error', '-d', target.database, file], {
			env: pgEnv(target),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	} catch (e) {
		await drop();
		// execFileSync's error: the tool's stderr (piped), else why it could not run.
		const failed = /** @type {{ stderr?: Buffer | string, message?: string }} */ (e);
		throw new Error(
			`pg_restore failed: ${String(failed.stderr ?? failed.message)
				.trim()
				.split('\n')
				.slice(0, 3)
				.join(' ')}`,
			{ cause: e },
		);
	}
	return { db: target, describe: `scratch database ${target.database}`, drop };
}

/**
 * A scratch copy of a live database (for dry runs): dumped, then restored into a scratch database.
 * @param {Database} source
 * @returns {Promise<Scratch>}
 */
export async function scratchCopy(source) {
	const dir = mkdtempSync(join(tmpdir(), 'iu-dump-'));
	const file = join(dir, source.client === 'sqlite3' ? 'copy.sqlite' : 'copy.dump');
	try {
		await dump(source, file);
		return await restoreToScratch(file, source);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Throws unless `target` is certainly a different database from `source`.
 * @param {Database} source
 * @param {Database} target
 */
export function assertNotSource(source, target) {
	if (source.client === 'sqlite3') {
		if (target.client !== 'sqlite3') return;
		const same = realpathOrSelf(source.filename) === realpathOrSelf(target.filename) || sameInode(source.filename, target.filename);
		if (same) throw new Error(`refusing to restore over the live database ${source.filename}: a restore only ever goes into a new scratch database`);
	} else if (target.client === 'pg' && source.host === target.host && source.port === target.port && source.database === target.database) {
		throw new Error(`refusing to restore over the live database ${source.database}: a restore only ever goes into a new scratch database`);
	}
}

/**
 * Evidence that `scratch` is not `source`: SQLite — different path and inode;
 * PostgreSQL — different database name and OID (and the cluster's system identifier, reported).
 * @param {Database} source
 * @param {Database} scratch a restore of `source` (restoreToScratch): of the same client
 * @returns {Promise<{ passed: boolean, evidence: string }>}
 */
export async function proveIsolated(source, scratch) {
	if (source.client === 'sqlite3' && scratch.client === 'sqlite3') {
		const a = statSync(source.filename);
		const b = statSync(scratch.filename);
		const passed = realpathOrSelf(source.filename) !== realpathOrSelf(scratch.filename) && !(a.ino === b.ino && a.dev === b.dev);
		return { passed, evidence: `source ${source.filename} (inode ${a.ino}) vs scratch ${scratch.filename} (inode ${b.ino})` };
	}
	/** @param {Database} db */
	const facts = async (db) => {
		const k = connect(db);
		try {
			const r = (await k.raw(`select current_database() as name, (select oid from pg_database where datname = current_database())::text as oid`)).rows[0];
			// The cluster's identity, when the role may read it (superuser or pg_monitor).
			r.system_identifier = await k
				.raw('select system_identifier::text as id from pg_control_system()')
				.then((x) => x.rows[0].id)
				.catch(() => 'not readable');
			return r;
		} finally {
			await k.destroy();
		}
	};
	const [a, b] = [await facts(source), await facts(scratch)];
	const passed = a.name !== b.name && a.oid !== b.oid;
	return { passed, evidence: `source ${a.name} (oid ${a.oid}, system ${a.system_identifier}) vs scratch ${b.name} (oid ${b.oid}, system ${b.system_identifier})` };
}

/** @param {string} p */
function realpathOrSelf(p) {
	try {
		return realpathSync(p);
	} catch {
		return p;
	}
}

/**
 * @param {string} a
 * @param {string} b
 */
function sameInode(a, b) {
	try {
		const x = statSync(a);
		const y = statSync(b);
		return x.ino === y.ino && x.dev === y.dev;
	} catch {
		return false;
	}
}

/** @param {string} name */
const ident = (name) => `"${String(name).replaceAll('"', '""')}"`;
