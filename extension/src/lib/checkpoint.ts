// Signed checkpoints of the ledger chain. The hash chain alone proves order,
// not authorship: anyone who can write the tables can recompute it. So after
// every workflow transaction that appended rows, the server signs the chain
// head (Ed25519, key file named by IU_LEDGER_KEY_FILE, outside the database and
// outside anything Directus serves), stores the checkpoint in the database and,
// after commit, appends it to a witness file outside the database. A row no
// valid checkpoint covers, a head that no longer matches, or a witness line the
// database lost is then a named violation (core `LedgerAudit`).
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Knex } from 'knex';
import type { Core } from './core.js';
import { WorkflowError } from './errors.js';
import { unwrap } from './outcome.js';
import { chainTail } from '../shared/ledger-rows.js';

export const CHECKPOINTS = 'iu_ledger_checkpoint';
export const KEY_ENV = 'IU_LEDGER_KEY_FILE';
export const WITNESS_ENV = 'IU_LEDGER_WITNESS';
/** Public key files of earlier keys (after a rotation), comma-separated: their checkpoints stay valid. */
export const TRUSTED_KEYS_ENV = 'IU_LEDGER_PUBLIC_KEYS';

export interface Checkpoint {
	v: string;
	seq: number;
	from_seq: number;
	prev_seq: number;
	head: string;
	recorded_at: string;
	key_id: string;
	signature: string;
}

interface SigningKey {
	privatePem: string;
	publicPem: string;
	keyId: string;
}

const keyMissing = (detail: string) =>
	new WorkflowError(
		503,
		'IU_LEDGER_KEY_MISSING',
		`The server cannot sign the ledger: ${detail}. Nothing was written. Fix (server operator): set ${KEY_ENV} to a PKCS#8 Ed25519 private key file outside the database and outside Directus' storage, e.g. make one with \`npx iu-cutter ledger:key --out /etc/iu-cutter\` (in the repository: \`npm run ledger:key -- --out /etc/iu-cutter\`), and restart Directus.`,
		{ env: KEY_ENV },
	);

let cached: { path: string; mtimeMs: number; key: SigningKey } | undefined;

/** The operator's signing key, read once per file version. */
export function signingKey(core: Core): SigningKey {
	const path = process.env[KEY_ENV];
	if (!path) throw keyMissing(`${KEY_ENV} is not set`);
	let mtimeMs: number;
	try {
		mtimeMs = statSync(path).mtimeMs;
	} catch {
		throw keyMissing(`${KEY_ENV} names ${path}, which cannot be read`);
	}
	if (cached && cached.path === path && cached.mtimeMs === mtimeMs) return cached.key;
	const privatePem = readFileSync(path, 'utf8');
	const r = core.ledgerKeyInfo({ privatePem });
	if (!r.ok) throw keyMissing(`${path} is not a usable key (${r.error.reason})`);
	const key = { privatePem, publicPem: r.public_key_pem, keyId: r.key_id };
	cached = { path, mtimeMs, key };
	return key;
}

/** The agents' own keys (governance/agents.ts) and the public key files of their earlier keys, comma-separated. */
/** The migration runner's own key (issue 48): it signs the upgrade entries it opens, apart from the ledger's key. */
export const RUNNER_KEY_ENV = 'IU_MIGRATION_KEY_FILE';
export const AGENT_KEY_ENVS = ['IU_AGENT_EXECUTOR_KEY_FILE', 'IU_AGENT_VERIFIER_KEY_FILE', RUNNER_KEY_ENV] as const;
export const AGENT_PUBLIC_KEYS_ENV = 'IU_AGENT_PUBLIC_KEYS';

/**
 * The agents' trusted public keys: the public halves of DOT-991's and DOT-992's key files, and the public key
 * files of their earlier keys. An agent's signature by any other key is `key-not-in-policy` in the ledger audit.
 * Empty when no agent has a key: then keys are not judged (and agents' steps are attested by the server only).
 * Until a signed trust policy names the keys (issue 48), they come from the server's configuration.
 */
export function agentPublicKeys(core: Core): string[] {
	const own = AGENT_KEY_ENVS.flatMap((name) => {
		const path = process.env[name]?.trim();
		if (!path) return [];
		try {
			const r = core.ledgerKeyInfo({ privatePem: readFileSync(path, 'utf8') });
			return r.ok ? [r.public_key_pem] : [];
		} catch {
			return []; // unreadable: the agent's step says so (agents.ts); the audit judges with what it has
		}
	});
	const earlier = (process.env[AGENT_PUBLIC_KEYS_ENV] ?? '')
		.split(',')
		.map((p) => p.trim())
		.filter(Boolean)
		.map((p) => readFileSync(p, 'utf8'));
	return [...own, ...earlier];
}

/** Every public key whose checkpoints are trusted: the current key's and those of earlier keys. */
export function trustedPublicKeys(core: Core): string[] {
	const extra = (process.env[TRUSTED_KEYS_ENV] ?? '')
		.split(',')
		.map((p) => p.trim())
		.filter(Boolean)
		.map((p) => readFileSync(p, 'utf8'));
	return [signingKey(core).publicPem, ...extra];
}

/** The witness file: IU_LEDGER_WITNESS, else `ledger-witness.jsonl` beside the key file. */
export function witnessPath(): string {
	return process.env[WITNESS_ENV] || join(dirname(process.env[KEY_ENV] ?? '.'), 'ledger-witness.jsonl');
}

const fromRow = (r: Record<string, unknown>): Checkpoint => ({
	v: String(r['v']),
	seq: Number(r['seq']),
	from_seq: Number(r['from_seq']),
	prev_seq: Number(r['prev_seq']),
	head: String(r['head']),
	recorded_at: String(r['recorded_at']),
	key_id: String(r['key_id']),
	signature: String(r['signature']),
});

export async function lastCheckpoint(knex: Knex): Promise<Checkpoint | null> {
	const row = await knex(CHECKPOINTS).orderBy('seq', 'desc').first();
	return row ? fromRow(row) : null;
}

/** Checkpoints with seq > `afterSeq`, in order (they are few: one per workflow step). */
export async function checkpointsAfter(knex: Knex, afterSeq: number): Promise<Checkpoint[]> {
	const rows: Record<string, unknown>[] = await knex(CHECKPOINTS).where('seq', '>', afterSeq).orderBy('seq');
	return rows.map(fromRow);
}

const unsigned = (message: string, evidence: Record<string, unknown>) =>
	new WorkflowError(
		409,
		'IU_LEDGER_UNSIGNED',
		`${message} Someone wrote the ledger outside the workflow, and no step acts on rows the server did not sign. Nothing was written. See every violation with GET /iu-cutter/ledger/verify, then record the incident (POST /iu-cutter/incident): it names the rows, keeps them in history, and lets the workflow go on.`,
		evidence,
	);

/**
 * Before a step acts on the ledger: its tail must be exactly the head of the
 * last checkpoint, and that checkpoint must carry a valid signature. A ledger
 * with rows and no checkpoint at all (written before checkpoints existed) is
 * adopted by the next checkpoint, unless the witness file shows checkpoints
 * were written before (then they were deleted).
 */
export async function assertSignedTail(trx: Knex, core: Core): Promise<void> {
	const tail = await chainTail(trx);
	if (!tail) return;
	const last = await lastCheckpoint(trx);
	if (!last) {
		const path = witnessPath();
		if (existsSync(path) && statSync(path).size > 0) {
			throw unsigned(`The ledger holds ${tail.seq} row(s) and no checkpoint, but the witness file ${path} holds checkpoints: the database's checkpoints were deleted.`, { tail });
		}
		return;
	}
	const r = core.verifyCheckpoint({ publicPems: trustedPublicKeys(core), checkpoint: last });
	if (!r.ok || !r.valid) {
		throw unsigned(`The last checkpoint (seq ${last.seq}) does not carry a valid signature of a trusted key.`, { checkpoint: last, fault: r.ok ? r.fault : r.error });
	}
	const ahead = readWitness(undefined, last.seq).checkpoints;
	if (ahead.length > 0) {
		const newest = ahead[ahead.length - 1]!;
		throw unsigned(
			`The witness file ${witnessPath()} holds checkpoint seq ${newest.seq} (signed ${newest.recorded_at}) but the database's newest checkpoint is seq ${last.seq}: the newest ledger rows and their checkpoints were deleted.`,
			{ tail, checkpoint: { seq: last.seq, head: last.head }, witness: { seq: newest.seq, head: newest.head, recorded_at: newest.recorded_at } },
		);
	}
	if (tail.seq !== last.seq || tail.row_hash !== last.head) {
		throw unsigned(
			`The ledger's tail is seq ${tail.seq} (row_hash ${tail.row_hash.slice(0, 12)}…) but the last signed checkpoint is seq ${last.seq} (head ${last.head.slice(0, 12)}…).`,
			{ tail, checkpoint: { seq: last.seq, head: last.head, recorded_at: last.recorded_at } },
		);
	}
}

/**
 * Signs what this transaction appended: the chain's tail, if it moved past the
 * last checkpoint. Runs inside the sealed transaction, under the chain lock, so
 * the tail is this transaction's own.
 */
export async function signAppended(trx: Knex.Transaction, core: Core, tail: { seq: number; row_hash: string } | null, now: string): Promise<Checkpoint | null> {
	if (!tail) return null;
	const last = await lastCheckpoint(trx);
	const prevSeq = last?.seq ?? 0;
	if (tail.seq <= prevSeq) return null;
	const key = signingKey(core);
	const { checkpoint } = unwrap(
		'sign checkpoint',
		core.signCheckpoint({ privatePem: key.privatePem, unsigned: { seq: tail.seq, from_seq: prevSeq + 1, prev_seq: prevSeq, head: tail.row_hash, recorded_at: now } }),
		500,
	);
	await trx(CHECKPOINTS).insert(checkpoint);
	return checkpoint;
}

/**
 * Appends a checkpoint to the witness file after its transaction committed (a
 * rolled-back transaction must leave no witness of rows that do not exist).
 * One write of one line with O_APPEND, then fsync. A failure is logged, not
 * thrown: the rows are committed and signed in the database; the audit
 * reports the missing line as `witness-lag`.
 */
export function appendWitness(checkpoint: Checkpoint, log: (msg: string) => void = console.error): void {
	const path = witnessPath();
	try {
		const fd = openSync(path, 'a', 0o640);
		try {
			writeSync(fd, JSON.stringify(checkpoint) + '\n');
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
	} catch (e) {
		log(`iu-cutter: could not append checkpoint ${checkpoint.seq} to the witness file ${path}: ${(e as Error).message}`);
	}
}

/**
 * The witness file's checkpoints with seq > `afterSeq`, read backwards from the
 * end so an incremental audit costs what was appended since its anchor, not
 * the whole file. A torn last line (a crash mid-write) is reported, not fatal.
 */
export function readWitness(path = witnessPath(), afterSeq = 0): { checkpoints: Checkpoint[]; problems: string[] } {
	if (!existsSync(path)) return { checkpoints: [], problems: [`witness file ${path} does not exist`] };
	const checkpoints: Checkpoint[] = [];
	const problems: string[] = [];
	const fd = openSync(path, 'r');
	try {
		const CHUNK = 1 << 16;
		let end = statSync(path).size;
		let carry = '';
		let last = true;
		let done = false;
		// Instances append after their own commit, so neighbouring lines may be out of
		// order; stop only after a run of lines at or before the anchor.
		const REORDER_WINDOW = 16;
		let older = 0;
		while (!done && (end > 0 || carry)) {
			const start = Math.max(0, end - CHUNK);
			const buf = Buffer.alloc(end - start);
			if (buf.length) readSync(fd, buf, 0, buf.length, start);
			const text = buf.toString('utf8') + carry;
			const lines = text.split('\n');
			// The first piece may be a partial line unless we reached the file's start.
			carry = start > 0 ? lines.shift()! : '';
			end = start;
			for (let i = lines.length - 1; i >= 0; i--) {
				const line = lines[i]!;
				if (!line.trim()) continue;
				let cp: Checkpoint;
				try {
					cp = JSON.parse(line) as Checkpoint;
				} catch {
					problems.push(`${path}: a line that is not a JSON checkpoint${last ? ' (a torn last line: the process stopped mid-write)' : ''}: ${line.slice(0, 80)}`);
					last = false;
					continue;
				}
				last = false;
				if (Number(cp.seq) > afterSeq) {
					checkpoints.push(cp);
					older = 0;
				} else if (++older >= REORDER_WINDOW) {
					done = true;
					break;
				}
			}
			if (start === 0 && !carry) break;
		}
	} finally {
		closeSync(fd);
	}
	checkpoints.sort((a, b) => a.seq - b.seq);
	return { checkpoints, problems };
}
