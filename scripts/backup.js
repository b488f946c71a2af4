// `npm run backup:verify`: back up the database and prove the backup restores.
//
//   npm run backup:verify                          dump → sha256 file → restore into a scratch database → verify → tear down
//   npm run backup:verify -- --out backups/        where the dump and its .sha256 go (default backups/)
//   npm run backup:verify -- --verify <dump>       verify an existing dump against the live database
//   … --db sqlite:<file> | --db postgres://user:pw@host:port/db   (default: the DB_* variables, else .run/demo)
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
import { pathToFileURL } from 'node:url';
import { ROOT } from '../tests/support/directus.js';
import { loadNodeCore } from '../tests/support/core.js';
import { LEDGER_TABLES } from '../migrations/iu0004-seal.js';
import { connect, databaseFrom, describeDb } from './lib/database.js';
import { dump, proveIsolated, restoreToScratch } from './lib/scratch.js';

/** The tables a backup must carry, with their primary key; rows of those marked `cells` are compared cell for cell. */
export const TABLES = [
	['legal_document', 'id', true],
	['section_type', 'code', true],
	['logical_unit', 'id', true],
	['canonical_address_alias', 'alias_id', true],
	...LEDGER_TABLES.map((t) => [t, 'id', true]),
	['iu_migration_ledger', 'id', true],
].map(([table, key, cells]) => ({ table, key, cells }));

const sha256File = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Dumps `db` into `outDir` and writes `<dump>.sha256` (sha256sum format). Returns the dump's path. */
export async function backup(db, outDir) {
	mkdirSync(outDir, { recursive: true });
	const stamp = new Date().toISOString().replaceAll(':', '').replace(/\.\d+Z$/, 'Z');
	const file = join(outDir, `iu-cutter-${stamp}.${db.client === 'sqlite3' ? 'sqlite' : 'dump'}`);
	await dump(db, file);
	writeFileSync(`${file}.sha256`, `${sha256File(file)}  ${basename(file)}\n`);
	return file;
}

// Rows as plain JSON values, whatever the driver returned (Date, Buffer, bigint).
const plain = (rows) =>
	rows.map((r) => Object.fromEntries(Object.entries(r).map(([c, v]) => [c, v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? String(v) : v])));

/** Verifies `file` against the live `db`. Returns `{ passed, checks: [{ name, passed, evidence }] }`. */
export async function verifyBackup(db, file, { core } = {}) {
	core ??= await loadNodeCore();
	const checks = [];
	const check = (name, passed, evidence) => checks.push({ name, passed, evidence });

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
		check('restore', false, String(e.message ?? e));
		return { passed: false, checks };
	}
	try {
		check('restore', true, `restored into ${scratch.describe}`);
		await compare(db, scratch, core, check);
	} catch (e) {
		// A restore that cannot be read (a corrupted page, a broken table) fails here, not with a crash.
		check('readable', false, `reading the restore failed: ${String(e?.message ?? e).split('\n')[0]}`);
	} finally {
		await scratch.drop();
		check('teardown', true, `dropped ${scratch.describe}`);
	}
	return { passed: checks.every((c) => c.passed), checks };
}

// Isolation, integrity, row counts and cells of the restore against the live database.
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

export function formatBackupReport(title, result) {
	return [title, ...result.checks.map((c) => `  ${c.passed ? 'PASS' : 'FAIL'}  ${c.name}: ${c.evidence}`), result.passed ? 'result: PASSED' : 'result: FAILED'].join('\n');
}

async function main(argv) {
	const db = databaseFrom(argv);
	if (db.client === 'sqlite3' && !existsSync(db.filename)) {
		console.error(`no database at ${db.filename}: start iu-cutter once (npm start) or pass --db`);
		return 2;
	}
	const core = await loadNodeCore();
	const at = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
	let file = at('--verify');
	if (file) file = resolve(file);
	else {
		file = await backup(db, resolve(at('--out') ?? join(ROOT, 'backups')));
		console.log(`backup written: ${file}\nchecksum:       ${file}.sha256`);
	}
	const result = await verifyBackup(db, file, { core });
	console.log(formatBackupReport(`iu-cutter backup verify — ${basename(file)} against ${describeDb(db)} (${dirname(file)})`, result));
	return result.passed ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(e) => {
			console.error(e?.stack ?? e);
			process.exit(2);
		},
	);
}
