// A throwaway PostgreSQL 15 cluster on a loopback port, for tests and benchmarks.
// scripts/test.sh installs Debian's postgresql package when it is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
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

export async function startPostgres({ port }) {
	if (!existsSync(join(BIN, 'initdb'))) {
		throw new Error(`PostgreSQL 15 not found in ${BIN}: run scripts/test.sh (it installs Debian's postgresql) or set PG_BIN`);
	}
	const dir = mkdtempSync(join(tmpdir(), 'iu-pg-'));
	chmodSync(dir, 0o777);
	if (isRoot) execFileSync('chown', ['postgres:postgres', dir]);
	const data = join(dir, 'data');
	try {
		asOwner('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
		asOwner('pg_ctl', [
			'-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60',
			'-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
			'start',
		]);
	} catch (e) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`could not start PostgreSQL: ${e.stderr ?? e.message}`);
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
