// A throwaway PostgreSQL 15 cluster on a loopback port, for tests and benchmarks.
// scripts/test.sh installs Debian's postgresql package when it is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const isRoot = process.getuid?.() === 0;

/** initdb refuses to run as root, so as root the cluster belongs to the `postgres` system user. */
function asOwner(cmd, args) {
	const full = cmd.startsWith('/') ? cmd : join(BIN, cmd);
	return isRoot
		? execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
		: execFileSync(full, args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** How many ports past the asked one are tried when it is taken. */
const PORT_TRIES = 5;

/**
 * Starts a cluster on 127.0.0.1:`port`, or on one of the next ports when that one is taken:
 * the test ports lie in Linux's ephemeral range (32768–60999), where any client socket of the
 * machine may hold one for a while. Callers use the port of the answer (createDatabase's config).
 */
export async function startPostgres({ port }) {
	if (!existsSync(join(BIN, 'initdb'))) {
		throw new Error(`PostgreSQL 15 not found in ${BIN}: run scripts/test.sh (it installs Debian's postgresql) or set PG_BIN`);
	}
	for (let attempt = 0; ; attempt++) {
		try {
			return startOn(port + attempt);
		} catch (e) {
			if (!e.portTaken || attempt + 1 >= PORT_TRIES) throw e;
		}
	}
}

const INITDB_ARGS = ['-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'];

/** A folder of the system's temporary one, which the cluster's owner (`postgres` as root) may use. */
function ownedTempDir(prefix) {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	chmodSync(dir, 0o777);
	if (isRoot) execFileSync('chown', ['postgres:postgres', dir]);
	return dir;
}

/**
 * The data folder of a new cluster, initdb'd once per machine and PostgreSQL build, then copied: npm test starts a
 * cluster for each of about 30 files, and an initdb took a CPU second where a copy takes a fifth of one. A copy is
 * what initdb would write, but for the system identifier, which only replication compares. Made under a new name
 * and renamed into place (atomic), so files that start side by side never read half a folder.
 */
let templatePath;
function templateData() {
	templatePath ??= initdbOnce();
	return templatePath;
}

/** Once per process (a file that starts several clusters asks `postgres --version` once). */
function initdbOnce() {
	const version = execFileSync(join(BIN, 'postgres'), ['--version']).toString().trim().replace(/\W+/g, '-');
	const template = join(tmpdir(), `iu-pg-template-${version}-${process.getuid?.() ?? 0}`);
	if (!existsSync(join(template, 'PG_VERSION'))) {
		const scratch = ownedTempDir('iu-pg-initdb-');
		try {
			asOwner('initdb', ['-D', join(scratch, 'data'), ...INITDB_ARGS]);
			try {
				renameSync(join(scratch, 'data'), template);
			} catch (e) {
				// Another process renamed its own first: the same content.
				if (!existsSync(join(template, 'PG_VERSION'))) throw e;
			}
		} finally {
			rmSync(scratch, { recursive: true, force: true });
		}
	}
	return template;
}

function startOn(port) {
	const template = templateData();
	const dir = ownedTempDir('iu-pg-');
	const data = join(dir, 'data');
	const logPath = join(dir, 'server.log');
	try {
		// -a keeps the owner (postgres) and the folder's 0700, which the server checks.
		asOwner('/bin/cp', ['-a', template, data]);
		asOwner('pg_ctl', [
			'-D',
			data,
			'-l',
			logPath,
			'-w',
			'-t',
			'60',
			'-o',
			`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
			'start',
		]);
	} catch (e) {
		// The server's own log says why (pg_ctl only says "examine the log output"); it goes with the folder.
		const log = existsSync(logPath) ? readFileSync(logPath, 'utf8').split('\n').slice(-15).join('\n') : '';
		try {
			asOwner('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
		} catch {
			/* not running */
		}
		rmSync(dir, { recursive: true, force: true });
		const error = new Error(`could not start PostgreSQL on port ${port}: ${e.stderr ?? e.message}${log ? `\nserver log:\n${log}` : ''}`);
		error.portTaken = /could not bind|Address already in use|could not create any TCP\/IP sockets/.test(log);
		throw error;
	}
	const cluster = {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		password: '',
		dir,
		createDatabase(name) {
			asOwner('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
			return { client: 'pg', host: '127.0.0.1', port, user: 'postgres', password: '', database: name };
		},
		psql(database, sql) {
			return asOwner('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-At', '-c', sql]).toString();
		},
		async stop() {
			try {
				asOwner('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		},
	};
	return cluster;
}
