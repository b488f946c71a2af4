// A throwaway PostgreSQL 15 cluster on a loopback port, for tests and benchmarks.
// scripts/test.sh installs Debian's postgresql package when it is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const isRoot = process.getuid?.() === 0;

/** initdb refuses to run as root, so as root the cluster belongs to the `postgres` system user. */
function asOwner(cmd, args) {
	const full = join(BIN, cmd);
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

function startOn(port) {
	const dir = mkdtempSync(join(tmpdir(), 'iu-pg-'));
	chmodSync(dir, 0o777);
	if (isRoot) execFileSync('chown', ['postgres:postgres', dir]);
	const data = join(dir, 'data');
	const logPath = join(dir, 'server.log');
	try {
		asOwner('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
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
