// A throwaway Redis on a loopback port, for the cluster test and `npm run start:cluster`.
// scripts/redis.sh installs Debian's redis-server when it is missing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SERVER = process.env.REDIS_SERVER ?? 'redis-server';

/** One command over RESP, answered as text (enough for PING, DBSIZE, KEYS, FLUSHALL). */
export function redisCommand(port, ...args) {
	return new Promise((resolve, reject) => {
		const socket = connect({ host: '127.0.0.1', port });
		let data = '';
		socket.setEncoding('utf8');
		socket.on('error', reject);
		socket.on('connect', () => socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`));
		socket.on('data', (chunk) => {
			data += chunk;
			if (complete(data)) {
				socket.end();
				resolve(data);
			}
		});
	});
}

/** A RESP reply is complete when its framing says so (good enough for the replies above). */
function complete(reply) {
	if (/^[+\-:]/.test(reply)) return reply.endsWith('\r\n');
	if (reply.startsWith('$')) {
		const n = Number(reply.slice(1, reply.indexOf('\r\n')));
		return n < 0 ? reply.endsWith('\r\n') : Buffer.byteLength(reply) >= reply.indexOf('\r\n') + 2 + n + 2;
	}
	if (reply.startsWith('*')) {
		const n = Number(reply.slice(1, reply.indexOf('\r\n')));
		return n <= 0 || reply.split('\r\n').length - 1 >= 1 + 2 * n;
	}
	return false;
}

/**
 * Starts `redis-server` on 127.0.0.1:`port` with no persistence, in a temporary folder,
 * as a child of this process; `stop()` ends it and removes the folder.
 */
export async function startRedis({ port }) {
	const dir = mkdtempSync(join(tmpdir(), 'iu-redis-'));
	const child = spawn(SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	let exited = null;
	child.on('exit', (code) => (exited = code ?? -1));
	child.on('error', (e) => (exited = e.message));
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (exited !== null) {
			rmSync(dir, { recursive: true, force: true });
			throw new Error(`redis-server exited (${exited}) before it answered PING: ${output.slice(-2000)}\nInstall it with scripts/redis.sh (apt-get install redis-server).`);
		}
		try {
			if ((await redisCommand(port, 'PING')).startsWith('+PONG')) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`redis-server did not answer PING on port ${port} within 30 s: ${output.slice(-2000)}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		port,
		url: `redis://127.0.0.1:${port}`,
		child,
		command: (...args) => redisCommand(port, ...args),
		async stop() {
			if (exited === null) {
				const done = new Promise((r) => child.once('exit', r));
				child.kill('SIGTERM');
				await done;
			}
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
