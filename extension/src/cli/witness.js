// `iu-cutter witness`: a witness of iu-cutter's transparency log (c2sp.org/tlog-witness), to run on
// another machine than the store's. It has its own key; for each log it keeps only the latest checkpoint
// it cosigned; it cosigns a new checkpoint only when the log proves (a consistency proof) that its tree
// extends that one, so a log that rolls back, forks or shows two auditors two histories is refused; and it
// serves what it cosigned. The decision is the core's (ledger::tlog::witness); this file keeps the state
// on disk and speaks HTTP.
//
//   POST <prefix>/add-checkpoint       body: old <size>, the proof, a blank line, the signed checkpoint
//   GET  <prefix>/<sha256(origin) hex>/checkpoint   the latest checkpoint it cosigned for that log
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from './database.js';
import { loadNodeCore } from './core.js';

export const WITNESS_HELP = `iu-cutter witness --key <file> --name <name> --log <vkey> [--log <vkey>…] [--state <dir>] [--host 127.0.0.1] [--port 8455]
iu-cutter witness --print-key --key <file> --name <name>

Runs a witness of iu-cutter's transparency log (c2sp.org/tlog-witness) on this machine: it cosigns each
new checkpoint of the logs named by --log only if the log proves it extends the last one it cosigned.

  --key <file>     the witness's own Ed25519 key (PKCS#8 PEM): make one with \`iu-cutter ledger:key --out <dir>\`
                   on this machine; it never leaves it
  --name <name>    the witness's name in cosignatures, like a URL without its scheme (witness.example.org/w1)
  --log <vkey>     a log it witnesses: the log's verifier key, as GET /iu-cutter/tlog/witnesses or
                   \`npm run ledger:key -- --print-log-key\` prints it (repeat for several logs)
  --state <dir>    where it keeps the latest checkpoint of each log (default ./witness-state)
  --host, --port   where it listens (default 127.0.0.1:8455); put TLS in front of it on a network
  --print-key      print the witness's verifier key for the store's policy file (witness <name> <vkey> <url>)

The store sends it checkpoints once its policy file (IU_TLOG_POLICY) names it:
  witness <name> <vkey printed by --print-key> http://<host>:<port>/`;

const MAX_BODY = 64 * 1024;

/**
 * @param {string[]} argv
 * @returns {{ key?: string, name?: string, logs: string[], state: string, host: string, port: number, printKey: boolean }}
 */
function parseArgs(argv) {
	/** @type {{ key?: string, name?: string, logs: string[], state: string, host: string, port: number, printKey: boolean }} */
	const o = { logs: [], state: 'witness-state', host: '127.0.0.1', port: 8455, printKey: false };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => {
			const v = argv[++i];
			if (v === undefined) throw new UsageError(`${a} needs a value`);
			return v;
		};
		if (a === '--key') o.key = value();
		else if (a === '--name') o.name = value();
		else if (a === '--log') o.logs.push(value());
		else if (a === '--state') o.state = value();
		else if (a === '--host') o.host = value();
		else if (a === '--port') o.port = Number(value());
		else if (a === '--print-key') o.printKey = true;
		else throw new UsageError(`unknown option ${a} (iu-cutter witness --help)`);
	}
	if (!o.key) throw new UsageError('--key <file> is needed: the witness signs with its own key');
	if (!o.name) throw new UsageError('--name <name> is needed: it names the witness in its cosignatures');
	if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new UsageError('--port must be a port number');
	return o;
}

/** The file that holds what the witness cosigned for one origin. @param {string} dir @param {string} origin */
const stateFile = (dir, origin) => join(dir, `${createHash('sha256').update(origin).digest('hex')}.json`);

/** Replaces a file whole: a crash leaves the old state or the new one, never half of one. @param {string} path @param {string} text */
function writeAtomically(path, text) {
	const tmp = `${path}.tmp`;
	const fd = openSync(tmp, 'w', 0o600);
	try {
		writeSync(fd, text);
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
	renameSync(tmp, path);
}

/**
 * The witness as an HTTP server; resolves once it listens. Returns `{ url, close() }`.
 * @param {{ key: string, name: string, logs: string[], state: string, host: string, port: number }} o
 */
export async function startWitness(o) {
	const core = await loadNodeCore();
	const privatePem = readFileSync(o.key, 'utf8');
	const key = core.tlogKey({ privatePem, name: o.name, kind: 'witness' });
	if (!key.ok) throw new UsageError(`${o.key}: ${key.error.reason}`);
	// The logs' names (their checkpoints' origins) as the core reads the verifier keys.
	/** @type {string[]} */
	const origins = [];
	for (const l of o.logs) {
		const p = core.tlogPolicy({ policy: `log ${l}\nquorum none\n` });
		if (!p.ok) throw new UsageError(`--log ${l}: ${p.error.reason}`);
		origins.push(...p.logs.map((log) => log.name));
	}
	const dir = resolve(o.state);
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	// What it cosigned, by origin: one small record per log, read once, written through on every cosignature.
	/** @type {Record<string, { size: number, root: string, note: string }>} */
	const held = {};
	for (const origin of origins) {
		const f = stateFile(dir, origin);
		if (existsSync(f)) held[origin] = JSON.parse(readFileSync(f, 'utf8'));
	}
	// One request at a time: the compare-and-swap on the stored size is then this queue.
	let queue = Promise.resolve();

	/** @param {string} body */
	const add = (body) => {
		const r = core.witnessAdd({ privatePem, name: o.name, logs: o.logs, body, held, timestamp: Math.floor(Date.now() / 1000) });
		if (!r.ok) return { status: 500, type: 'text/plain; charset=utf-8', text: `${r.error.reason}\n` };
		if (r.status === 200 && r.held && r.origin) {
			// On disk first: a cosignature is given only for a state that survives a crash.
			writeAtomically(stateFile(dir, r.origin), JSON.stringify(r.held));
			held[r.origin] = r.held;
			return { status: 200, type: 'text/plain; charset=utf-8', text: r.cosignature ?? '' };
		}
		if (r.status === 409) return { status: 409, type: 'text/x.tlog.size', text: `${held[r.origin ?? '']?.size ?? 0}\n` };
		return { status: r.status, type: 'text/plain; charset=utf-8', text: `${r.code}: ${r.message}\n` };
	};

	const server = createServer((req, res) => {
		/** @param {number} status @param {string} type @param {string} text */
		const send = (status, type, text) => {
			res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
			res.end(text);
		};
		const path = (req.url ?? '/').split('?')[0] ?? '/';
		if (req.method === 'POST' && path.endsWith('/add-checkpoint')) {
			/** @type {Buffer[]} */
			const chunks = [];
			let size = 0;
			req.on('data', (c) => {
				size += c.length;
				if (size > MAX_BODY) req.destroy();
				else chunks.push(c);
			});
			req.on('end', () => {
				queue = queue.then(
					() => {
						const out = add(Buffer.concat(chunks).toString('utf8'));
						send(out.status, out.type, out.text);
					},
					() => {},
				);
			});
			return;
		}
		const m = /\/([0-9a-f]{64})\/checkpoint$/.exec(path);
		if (req.method === 'GET' && m) {
			const f = join(dir, `${m[1]}.json`);
			if (!existsSync(f)) return send(404, 'text/plain; charset=utf-8', 'this witness has cosigned no checkpoint of that log\n');
			return send(200, 'text/plain; charset=utf-8', String(JSON.parse(readFileSync(f, 'utf8')).note));
		}
		send(404, 'text/plain; charset=utf-8', 'POST /add-checkpoint, or GET /<sha256 of the origin, hex>/checkpoint\n');
	});
	await new Promise((ok, fail) => {
		server.once('error', fail);
		server.listen(o.port, o.host, () => ok(undefined));
	});
	const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
	return { url: `http://${o.host}:${addr.port}/`, vkey: key.vkey, close: () => new Promise((ok) => server.close(() => ok(undefined))) };
}

/**
 * @param {string[]} argv
 * @returns {Promise<number>}
 */
export async function witnessCommand(argv) {
	const o = parseArgs(argv);
	if (o.printKey) {
		const core = await loadNodeCore();
		const r = core.tlogKey({ privatePem: readFileSync(/** @type {string} */ (o.key), 'utf8'), name: /** @type {string} */ (o.name), kind: 'witness' });
		if (!r.ok) throw new UsageError(`${o.key}: ${r.error.reason}`);
		console.log(r.vkey);
		return 0;
	}
	if (!o.logs.length) throw new UsageError('--log <vkey> is needed: the logs this witness cosigns');
	const w = await startWitness(/** @type {any} */ (o));
	console.log(`iu-cutter witness ${o.name} listens on ${w.url} (state in ${resolve(o.state)})`);
	console.log(`its key, for the store's policy file: witness <name> ${w.vkey} ${w.url}`);
	await new Promise(() => {});
	return 0;
}
