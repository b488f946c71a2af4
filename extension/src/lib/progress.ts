// Progress of a long workflow step (preview, submit, cut, verify, the store
// audit) of a large document: the phase it is in and how many of the phase's
// units are done. A client chooses a token (a uuid) and sends it with the step
// (`X-IU-Progress` header, or `progress` in the body / a Flow's payload), then
// polls GET /iu-cutter/progress/:token while the step runs. Only the caller who
// started the step, or an admin, may read it.
//
// The record lives in this instance's memory: nothing is written to the
// database (a step must not write outside its own transaction, and a poll must
// not wait for one). With several instances a client polls the instance it sent
// the step to (sticky sessions), or sees 404 IU_PROGRESS_UNKNOWN elsewhere.
//
// Cost: a step reports once per batch or page (hundreds or thousands of units),
// never per unit; a report is two number assignments.
import type { Accountability } from '@directus/types';
import { WorkflowError, badRequest, forbidden } from './errors.js';

/** What a step (or the audit's worker thread) reports into. */
export interface ProgressSink {
	/** A new phase begins with `total` units to do (0: not known yet). */
	phase(name: string, total: number): void;
	/** `done` units of the current phase are done. */
	set(done: number): void;
}

export interface ProgressRecord {
	token: string;
	action: string;
	state: 'running' | 'done' | 'failed';
	phase: string;
	/** The step's phases in order, so a client can say "phase 2 of 4". */
	phases: string[];
	phase_index: number;
	done: number;
	total: number;
	started_at: string;
	updated_at: string;
	finished_at: string | null;
	error: { code: string; message: string } | null;
	/** How long each phase took, in the order they ran (the current one as far as it went): where a slow step spends its time. */
	timings: { phase: string; ms: number }[];
}

interface Live {
	record: ProgressRecord;
	user: string | null;
	updatedMs: number;
	finishedMs: number | null;
	/** When the current phase began. */
	phaseMs: number;
}

/** A finished step's record is kept this long, so the last poll sees it end. */
const KEEP_MS = 10 * 60_000;
/** At most this many records; the oldest finished ones go first. */
const MAX_RECORDS = 2_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const records = new Map<string, Live>();

/** Reports into a record; `Progress.none` (no token sent) reports nowhere. */
export class Progress implements ProgressSink {
	static readonly none = new Progress(null);
	private constructor(private readonly live: Live | null) {}

	static start(live: Live): Progress {
		return new Progress(live);
	}

	phase(name: string, total: number): void {
		const l = this.live;
		if (!l) return;
		const r = l.record;
		const now = Date.now();
		closePhase(l, now);
		l.phaseMs = now;
		r.phase = name;
		const at = r.phases.indexOf(name);
		if (at >= 0) r.phase_index = at;
		r.total = Math.max(0, Math.floor(total));
		r.done = 0;
		l.updatedMs = now;
	}

	set(done: number): void {
		const l = this.live;
		if (!l) return;
		l.record.done = Math.min(Math.max(0, Math.floor(done)), l.record.total || done);
		l.updatedMs = Date.now();
	}

	/** The step ended well: the last phase is complete. */
	finish(): void {
		const l = this.live;
		if (!l) return;
		l.record.state = 'done';
		l.record.done = l.record.total;
		l.finishedMs = l.updatedMs = Date.now();
		closePhase(l, l.finishedMs);
	}

	/** The step was refused or failed; the record says why (the step's answer says it too). */
	fail(error: unknown): void {
		const l = this.live;
		if (!l) return;
		l.record.state = 'failed';
		const e = error as { code?: unknown; extensions?: { code?: unknown }; message?: unknown };
		l.record.error = { code: String(e?.code ?? e?.extensions?.code ?? 'IU_FAILED'), message: String(e?.message ?? error).slice(0, 500) };
		l.finishedMs = l.updatedMs = Date.now();
		closePhase(l, l.finishedMs);
	}

	/** Runs `fn` with this reporter and closes the record whatever happens. */
	async run<T>(fn: () => Promise<T>): Promise<T> {
		try {
			const result = await fn();
			this.finish();
			return result;
		} catch (e) {
			this.fail(e);
			throw e;
		}
	}
}

/** The current phase's time so far into `timings` (a phase entered twice adds up). */
function closePhase(l: Live, now: number) {
	const r = l.record;
	const ms = now - l.phaseMs;
	const last = r.timings[r.timings.length - 1];
	if (last && last.phase === r.phase) last.ms += ms;
	else r.timings.push({ phase: r.phase, ms });
	l.phaseMs = now;
}

/**
 * The token a request carries: the `X-IU-Progress` header or a `progress`
 * field of the body (removed from the body, which is then checked as usual).
 * 400 naming where it came from when it is not a uuid.
 */
export function takeProgressToken(body: unknown, header?: unknown): { token: string | null; body: unknown } {
	let token: unknown = Array.isArray(header) ? header[0] : header;
	let from = 'the X-IU-Progress header';
	let rest = body;
	if (body && typeof body === 'object' && !Array.isArray(body) && 'progress' in body) {
		const { progress, ...others } = body as Record<string, unknown>;
		rest = others;
		if (progress !== undefined && progress !== null) {
			token = progress;
			from = '"progress"';
		}
	}
	if (token === undefined || token === null || token === '') return { token: null, body: rest };
	if (typeof token !== 'string' || !UUID.test(token)) {
		throw badRequest(`${from} must be a uuid you choose for this step, e.g. "${'3f1c2b9e-7a4d-4e8f-9b6a-2c5d8e1f0a7b'}"; then poll GET /iu-cutter/progress/<that uuid>.`, {
			field: 'progress',
		});
	}
	return { token: token.toLowerCase(), body: rest };
}

/** Opens a record for `token` (or reports nowhere when there is none). */
export function startProgress(token: string | null, action: string, accountability: Accountability | null | undefined, phases: string[]): Progress {
	if (!token) return Progress.none;
	sweep();
	const user = accountability?.user ?? null;
	const existing = records.get(token);
	if (existing && existing.record.state === 'running') {
		throw new WorkflowError(409, 'IU_PROGRESS_IN_USE', `Progress token ${token} belongs to a step still running (${existing.record.action}); choose a new uuid for each step.`, {
			field: 'progress',
		});
	}
	if (existing && existing.user !== user) {
		throw new WorkflowError(409, 'IU_PROGRESS_IN_USE', `Progress token ${token} was used by someone else; choose a new uuid for each step.`, { field: 'progress' });
	}
	const now = new Date();
	const live: Live = {
		user,
		updatedMs: now.getTime(),
		finishedMs: null,
		phaseMs: now.getTime(),
		record: {
			token,
			action,
			state: 'running',
			phase: phases[0] ?? 'start',
			phases,
			phase_index: 0,
			done: 0,
			total: 0,
			started_at: now.toISOString(),
			updated_at: now.toISOString(),
			finished_at: null,
			error: null,
			timings: [],
		},
	};
	records.set(token, live);
	return Progress.start(live);
}

/** GET /progress/:token — the record, to the caller who started the step or an admin. */
export function readProgress(token: string, accountability: Accountability | null | undefined): ProgressRecord {
	if (!accountability?.user && !accountability?.admin) throw forbidden("Reading a step's progress needs a signed-in user: the one who started the step, or an admin.");
	if (!UUID.test(token)) throw badRequest(`"${token}" is not a progress token: send the uuid you gave the step (X-IU-Progress header or "progress").`, { field: 'token' });
	const live = records.get(token.toLowerCase());
	if (!live) {
		throw new WorkflowError(
			404,
			'IU_PROGRESS_UNKNOWN',
			`No step with progress token ${token} is known to this instance: it has not started yet (poll again), it ended more than ${KEEP_MS / 60_000} minutes ago, or it runs on another instance (poll the instance you sent the step to).`,
			{ token },
		);
	}
	if (live.user !== accountability.user && !accountability.admin) {
		throw forbidden('This progress belongs to a step another user started; only they (or an admin) may read it.', { token });
	}
	const r = live.record;
	// A running phase's time so far, without closing it.
	const timings = r.timings.map((t) => ({ ...t }));
	if (!live.finishedMs) timings.push({ phase: r.phase, ms: Date.now() - live.phaseMs });
	return {
		...r,
		updated_at: new Date(live.updatedMs).toISOString(),
		finished_at: live.finishedMs ? new Date(live.finishedMs).toISOString() : null,
		phases: [...r.phases],
		timings,
	};
}

function sweep() {
	const now = Date.now();
	for (const [token, live] of records) if (live.finishedMs !== null && now - live.finishedMs > KEEP_MS) records.delete(token);
	if (records.size < MAX_RECORDS) return;
	const finished = [...records].filter(([, l]) => l.finishedMs !== null).sort((a, b) => a[1].finishedMs! - b[1].finishedMs!);
	for (const [token] of finished.slice(0, records.size - MAX_RECORDS + 1)) records.delete(token);
}
