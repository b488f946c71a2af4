// `iu-cutter backup` (in the repository `npm run backup:verify`): back up the database and prove the backup restores.
//
//   iu-cutter backup                          dump → sha256 file → restore into a scratch database → verify → tear down
//   iu-cutter backup --out backups/           where the dump and its .sha256 go (default ./backups)
//   iu-cutter backup --verify <dump>          verify an existing dump against the live database
//   … --db sqlite:<file> | --db postgres://user:pw@host:port/db   (default: Directus' DB_* settings, database.js)
//
// Checks, each printed with its evidence: the dump's sha256 equals its .sha256
// file; the restore went into a new scratch database (different file and inode,
// or different database name and OID); the same row count in every iu-cutter
// table; cell-for-cell equality of every unit and ledger row (compared by the
// core). The scratch database is always torn down. Exit 0 only when every check
// passed; 1 when one failed; 2 on bad usage.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ALIAS, DOCUMENT, LEDGER_TABLES, LOGICAL_UNIT, MIGRATION_LEDGER, SECTION_TYPE } from '../shared/schema.js';
import { loadNodeCore } from './core.js';
import { connect, databaseOf, describeDb, UsageError } from './database.js';
import { dump, proveIsolated, restoreToScratch } from './scratch.js';

/** @typedef {import('./database.js').Database} Database */
/** @typedef {import('./core.js').NodeCore} NodeCore */
/** @typedef {{ name: string, passed: boolean, evidence: string }} Check */
/** @typedef {{ passed: boolean, checks: Check[] }} BackupReport */
/** @typedef {(name: string, passed: boolean, evidence: string) => void} RecordCheck */

/** The tables a backup must carry, with their primary key; rows of those marked `cells` are compared cell for cell. */
export const TABLES = /** @type {[string, string, boolean][]} */ ([
	[DOCUMENT, 'id', true],
	[SECTION_TYPE, 'code', true],
	[LOGICAL_UNIT, 'id', true],
	[ALIAS, 'alias_id', true],
	...LEDGER_TABLES.map((t) => [t, 'id', true]),
	[MIGRATION_LEDGER, 'id', true],
]).map(([table, key, cells]) => ({ table, key, cells }));

/** @param {string} file */
const sha256File = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Dumps `db` into `outDir` and writes `<dump>.sha256` (sha256sum format). Returns the dump's path.
 * @param {Database} db
 * @param {string} outDir
 * @returns {Promise<string>}
 */
export async function backup(db, outDir) {
	mkdirSync(outDir, { recursive: true });
	const stamp = new Date()
		.toISOString()
		.replaceAll(':', '')
		.replace(/\.\d+Z$/, 'Z');
	const file = join(outDir, `iu-cutter-${stamp}.${db.client === 'sqlite3' ? 'sqlite' : 'dump'}`);
	await dump(db, file);
	writeFileSync(`${file}.sha256`, `${sha256File(file)}  ${basename(file)}\n`);
	return file;
}

/**
 * Rows as plain JSON values, whatever the driver returned (Date, Buffer, bigint).
 * @param {Record<string, unknown>[]} rows
 * @returns {Record<string, unknown>[]}
 */
const plain = (rows) =>
	rows.map((r) =>
		Object.fromEntries(
			Object.entries(r).map(([c, v]) => [c, v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? String(v) : v]),
		),
	);

/**
 * Verifies `file` against the live `db`. Returns `{ passed, checks: [{ name, passed, evidence }] }`.
 * @param {Database} db
 * @param {string} file
 * @param {{ core?: NodeCore }} [options]
 * @returns {Promise<BackupReport>}
 */
export async function verifyBackup(db, file, { core } = {}) {
	core ??= await loadNodeCore();
	/** @type {Check[]} */
	const checks = [];
	/** @type {RecordCheck} */
	const check = (name, passed, evidence) => {
		checks.push({ name, passed, evidence });
	};

	const sumFile = `${file}.sha256`;
	if (!existsSync(file) || !existsSync(sumFile)) {
		check('checksum', false, `${existsSync(file) ? sumFile : file} is missing`);
		return { passed: false, checks };
	}
	const claimed = readFileSync(sumFile, 'utf8').trim().split(/\s+/)[0];
	const actual = sha256File(file);
	check('checksum', claimed === actual, `${basename(file)}: sha256 ${actual}, ${basename(sumFile)} says ${claimed}`);
	if (claimed !== actual) return { passed: false, checks };

	let scratch;
	try {
		scratch = await restoreToScratch(file, db);
	} catch (e) {
		check('restore', false, String(/** @type {Error} */ (e).message ?? e));
		return { passed: false, checks };
	}
	try {
		check('restore', true, `restored into ${scratch.describe}`);
		await compare(db, scratch, core, check);
	} catch (e) {
		// A restore that cannot be read (a corrupted page, a broken table) fails here, not with a crash.
		check('readable', false, `reading the restore failed: ${String(/** @type {Error | null | undefined} */ (e)?.message ?? e).split('\n')[0]}`);
	} finally {
		await scratch.drop();
		check('teardown', true, `dropped ${scratch.describe}`);
	}
	return { passed: checks.every((c) => c.passed), checks };
}

/**
 * Isolation, integrity, row counts and cells of the restore against the live database.
 * @param {Database} db
 * @param {import('./scratch.js').Scratch} scratch
 * @param {NodeCore} core
 * @param {RecordCheck} check
 */
async function compare(db, scratch, core, check) {
	const isolated = await proveIsolated(db, scratch.db);
	check('isolated-from-source', isolated.passed, isolated.evidence);
	const live = connect(db);
	const copy = connect(scratch.db);
	try {
		if (db.client === 'sqlite3') {
			const integrity = (await copy.raw('pragma integrity_check'))[0]?.integrity_check;
			check('integrity', integrity === 'ok', `pragma integrity_check: ${integrity}`);
		}
		for (const { table, key, cells } of TABLES) {
			const present = [await live.schema.hasTable(table), await copy.schema.hasTable(table)];
			if (!present[0] && !present[1]) continue;
			if (!present[1]) {
				check(`rows ${table}`, false, `${table} is missing from the restore`);
				continue;
			}
			const [a, b] = [plain(await live(table).select('*')), plain(await copy(table).select('*'))];
			check(`rows ${table}`, a.length === b.length, `${table}: ${a.length} rows live, ${b.length} restored`);
			if (cells) {
				const r = core.compareRows({ table, key: [key], source: a, restored: b });
				if (!r.ok) throw new Error(`compareRows: ${r.error.reason}`);
				const c = r.comparison;
				check(`cells ${table}`, c.equal, c.equal ? `${c.source_rows} rows equal cell for cell (sha256 ${c.source_sha256.slice(0, 16)}…)` : c.differences.join('; '));
			}
		}
	} finally {
		await live.destroy();
		await copy.destroy();
	}
}

/**
 * @param {string} title
 * @param {BackupReport} result
 * @returns {string}
 */
export function formatBackupReport(title, result) {
	return [title, ...result.checks.map((c) => `  ${c.passed ? 'PASS' : 'FAIL'}  ${c.name}: ${c.evidence}`), result.passed ? 'result: PASSED' : 'result: FAILED'].join('\n');
}

export const BACKUP_HELP = `iu-cutter backup [options]: back up the database, then prove the backup restores

  (no option)            dump the database (SQLite VACUUM INTO, PostgreSQL pg_dump -Fc) with a .sha256 file, restore it
                         into a new scratch database, compare every iu-cutter table cell for cell, drop the scratch copy
  --out <dir>            where the dump and its .sha256 go (default ./backups)
  --verify <dump>        verify an existing dump (and its <dump>.sha256) against the live database; writes no dump
  --db sqlite:<file> | --db postgres://user:password@host:port/database
                         the database (default: Directus' DB_* settings, from the environment and ./.env)

PostgreSQL needs pg_dump and pg_restore of the server's major version: on PATH, or in PG_BIN.
Exit code: 0 when every check passed, 1 when one failed, 2 on bad usage.`;

/**
 * \`iu-cutter backup\`: prints its report, returns the exit code. `ctx.db`, `ctx.backupDir`: the repository's defaults.
 * @param {string[]} argv
 * @param {import('./main.js').CommandContext} [ctx]
 * @returns {Promise<number>}
 */
export async function backupCommand(argv, ctx = {}) {
	/** @param {string} name */
	const at = (name) => {
		if (!argv.includes(name)) return undefined;
		const v = argv[argv.indexOf(name) + 1];
		if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
		return v;
	};
	const db = await databaseOf(argv, { fallback: ctx.db });
	if (db.client === 'sqlite3' && !existsSync(db.filename)) {
		console.error(
			`no database at ${db.filename}: ${ctx.db ? 'start iu-cutter once (npm start) or pass --db' : 'check DB_FILENAME (relative paths start in the current folder) or pass --db'}`,
		);
		return 2;
	}
	const core = await loadNodeCore();
	let file = at('--verify');
	if (file) file = resolve(file);
	else {
		file = await backup(db, resolve(at('--out') ?? ctx.backupDir ?? 'backups'));
		console.log(`backup written: ${file}\nchecksum:       ${file}.sha256`);
	}
	const result = await verifyBackup(db, file, { core });
	console.log(formatBackupReport(`iu-cutter backup verify — ${basename(file)} against ${describeDb(db)} (${dirname(file)})`, result));
	return result.passed ? 0 : 1;
}
