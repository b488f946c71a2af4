// A witness of the transparency log as an operator runs one on another machine (`npm run witness`,
// scripts/witness.js), as a real process: for the tests of witnesses, one instance (ledger.test.js) or a cluster.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './directus.js';

/**
 * Starts witness `name` with a key of its own kept in `dir` (a restarted witness is the same witness, with the state it
 * kept), named `witnessName` in its cosignatures, witnessing the log `logKey`, on `port` or one the system picks
 * (port 0: no collision with another test's fixed ports). Resolves once it listens.
 * @param {{ tlogKey: Function }} core
 * @param {{ dir: string, name: string, witnessName: string, logKey: string, port?: number }} o
 * @returns {Promise<{ name: string, url: string, port: number, vkey: string, proc: import('node:child_process').ChildProcess, stop: () => Promise<void> }>}
 */
export async function startWitness(core, { dir, name, witnessName, logKey, port = 0 }) {
	const keyFile = join(dir, `${name}.key`);
	if (!existsSync(keyFile)) writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
	const privatePem = readFileSync(keyFile, 'utf8');
	const proc = spawn(process.execPath, ['scripts/witness.js', '--key', keyFile, '--name', witnessName, '--log', logKey, '--state', join(dir, `${name}-state`), '--port', String(port)], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const url = await new Promise((ok, fail) => {
		let out = '';
		const read = (d) => {
			out += d;
			const m = /listens on (http:\/\/\S+\/)/.exec(out);
			if (m) ok(m[1]);
		};
		proc.stdout.on('data', read);
		proc.stderr.on('data', read);
		proc.once('exit', (code) => fail(new Error(`witness ${name} exited ${code}: ${out}`)));
	});
	const stop = () =>
		new Promise((ok) => {
			if (proc.exitCode !== null) return ok();
			proc.once('exit', () => ok());
			proc.kill();
		});
	return { name, url, port: Number(new URL(url).port), vkey: core.tlogKey({ privatePem, name: witnessName, kind: 'witness' }).vkey, proc, stop };
}
