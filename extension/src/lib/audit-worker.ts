// The whole-chain and whole-store audits read, parse and hash every ledger row:
// tens of seconds at 600k rows, nearly all of it CPU. On Directus' one event
// loop that CPU lands between every database round trip of every other request
// (a 30 ms submit took 0.3–0.9 s behind an audit). So on PostgreSQL they run in
// a worker thread with their own core instance and their own connection; the
// event loop only waits for the report.
//
// The worker is this same bundle (api.js) started with `workerData`: it holds
// the core and the audit code already, and nothing has to be installed beside
// it. It needs knex, which is Directus' own: resolved from the running Directus.
//
// SQLite stays in-process: Directus keeps one connection to the file and never
// sets a busy timeout, so a second connection reading while Directus commits
// would turn the audit's reads into SQLITE_BUSY for writers.
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Knex } from 'knex';
import { loadCore, type Core } from './core.js';
import { WorkflowError } from './errors.js';
import { resolveBesideDirectus } from './directus-internals.js';
import { auditChain, auditStore, type ChainReport, type DriftReport } from './ledger-audit.js';
import type { ProgressSink } from './progress.js';

const FLAG = 'iuCutterAuditWorker';

export type AuditJob = { kind: 'chain' } | { kind: 'store' };
export type AuditReport<J extends AuditJob> = J extends { kind: 'chain' } ? ChainReport : { chain: ChainReport; drift: DriftReport };
/** Where the audit ran, reported with it so an operator can see it left the event loop. */
export type Runner = 'worker-thread' | 'event-loop';

interface WorkerInput {
	job: AuditJob;
	knexPath: string;
	db: Record<string, unknown>;
}

interface Failure {
	status: number;
	code: string;
	message: string;
	extensions: Record<string, unknown>;
}

type Logger = { warn(message: string): void } | undefined;

/**
 * Run a whole-chain or whole-store audit, off the event loop when the database
 * allows it. One audit at a time per process: a second waits for the first
 * rather than taking the other core from the writers too.
 */
export function runAudit<J extends AuditJob>(knex: Knex, core: Core, job: J, logger?: Logger, progress?: ProgressSink): Promise<{ report: AuditReport<J>; runner: Runner }> {
	const run = queue.then(() => runNow(knex, core, job, logger, progress));
	queue = run.catch(() => undefined);
	return run as Promise<{ report: AuditReport<J>; runner: Runner }>;
}

let queue: Promise<unknown> = Promise.resolve();
let warned = false;

async function runNow(knex: Knex, core: Core, job: AuditJob, logger: Logger, progress?: ProgressSink): Promise<{ report: unknown; runner: Runner }> {
	const input = workerInput(knex, job);
	if (typeof input === 'string') {
		if (input !== 'sqlite' && !warned) {
			warned = true;
			logger?.warn(`iu-cutter: audits run on the main event loop (${input}); requests wait behind them while they run.`);
		}
		return { report: await inProcess(knex, core, job, progress), runner: 'event-loop' };
	}
	return { report: await inWorker(input, progress), runner: 'worker-thread' };
}

function inProcess(knex: Knex, core: Core, job: AuditJob, progress?: ProgressSink): Promise<unknown> {
	return job.kind === 'chain' ? auditChain(knex, core, null, undefined, { progress }) : auditStore(knex, core, { progress });
}

/** What the worker posts while it audits, besides its one final report. */
type ProgressMessage = { progress: ['phase', string, number] | ['set', number] };

/** What the worker needs to open its own connection, or why it cannot. */
function workerInput(knex: Knex, job: AuditJob): WorkerInput | string {
	if (process.env['IU_AUDIT_WORKER'] === 'off') return 'IU_AUDIT_WORKER=off';
	const client = knex.client as { dialect?: string; config?: Record<string, unknown> };
	if (client.dialect !== 'postgresql') return client.dialect === 'sqlite3' ? 'sqlite' : `database client ${client.dialect}`;
	const config = client.config ?? {};
	// Only what opens a connection: Directus' pool hooks and loggers are functions and stay behind.
	const db: Record<string, unknown> = { client: 'pg', connection: config['connection'], searchPath: config['searchPath'], version: config['version'] };
	try {
		structuredClone(db);
	} catch {
		return 'the connection settings cannot be handed to a worker thread';
	}
	const found = resolveKnex();
	if (!found) return 'knex could not be found beside the running Directus';
	return { job, knexPath: found, db };
}

let knexPath: string | null | undefined;

/** Directus' knex: from the script that started Directus, through @directus/api, or from the working folder (looked up once). */
function resolveKnex(): string | null {
	if (knexPath === undefined) knexPath = findKnex();
	return knexPath;
}

function findKnex(): string | null {
	return resolveBesideDirectus('knex');
}

function inWorker(input: WorkerInput, progress?: ProgressSink): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL(import.meta.url), { workerData: { [FLAG]: input } });
		let settled = false;
		worker.on('message', (m: { ok: true; result: unknown } | { ok: false; failure: Failure } | ProgressMessage) => {
			if ('progress' in m) {
				// The worker's progress, forwarded into the step's record on this thread.
				if (m.progress[0] === 'phase') progress?.phase(m.progress[1], m.progress[2]);
				else progress?.set(m.progress[1]);
				return;
			}
			if (settled) return;
			settled = true;
			if (m.ok) resolve(m.result);
			else reject(new WorkflowError(m.failure.status, m.failure.code, m.failure.message, m.failure.extensions));
		});
		worker.once('error', (e: Error) => {
			settled = true;
			reject(
				new WorkflowError(
					500,
					'IU_AUDIT_FAILED',
					`The audit's worker thread failed: ${e.message}. Nothing was written; run the audit again, and look at Directus' log if it fails again.`,
				),
			);
		});
		worker.once('exit', (code) => {
			if (!settled)
				reject(new WorkflowError(500, 'IU_AUDIT_FAILED', `The audit's worker thread stopped (exit code ${code}) before it reported. Nothing was written; run the audit again.`));
		});
	});
}

/** The worker's side: open a connection, audit, report, close. */
async function serve(input: WorkerInput) {
	let db: Knex | undefined;
	try {
		const { default: knexFactory } = (await import(pathToFileURL(input.knexPath).href)) as { default: (c: unknown) => Knex };
		db = knexFactory({ ...input.db, pool: { min: 0, max: 1 } });
		const core = await loadCore();
		const post = (m: ProgressMessage) => parentPort!.postMessage(m);
		const sink: ProgressSink = { phase: (name, total) => post({ progress: ['phase', name, total] }), set: (done) => post({ progress: ['set', done] }) };
		const result = await inProcess(db, core, input.job, sink);
		parentPort!.postMessage({ ok: true, result });
	} catch (e) {
		const err = e as Partial<WorkflowError> & Error;
		const failure: Failure = {
			status: typeof err.status === 'number' ? err.status : 500,
			code: typeof err.code === 'string' ? err.code : 'IU_AUDIT_FAILED',
			message: err.message ?? String(e),
			extensions: (err.extensions as Record<string, unknown> | undefined) ?? {},
		};
		parentPort!.postMessage({ ok: false, failure });
	} finally {
		await db?.destroy();
	}
}

if (!isMainThread && workerData?.[FLAG]) void serve(workerData[FLAG] as WorkerInput);
