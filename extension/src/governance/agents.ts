// The executor and verifier agents (issue 32): API-only users that take the CUT after an
// approval and the VERIFY after a CUT, without a person at the keyboard. They run inside the
// extension, not as Directus flows (the free licence allows five flows in all), and through the
// same `runAction` as the endpoint, with the agent user's accountability: its capability, the
// two-person rules (verifier ≠ executor) and the ledger's signatures apply unchanged, and every
// step is signed as that agent.
//
// Configuration (environment, read once at start):
//   IU_AGENT_EXECUTOR   the executor agent: a user's id or email (scripts/roles.js: DOT-991); unset: off
//   IU_AGENT_VERIFIER   the verifier agent (DOT-992); unset: off
//   IU_AGENT_EXECUTOR_KEY_FILE, IU_AGENT_VERIFIER_KEY_FILE  each agent's own Ed25519 key (PKCS#8 PEM), apart from
//                       the ledger's: the agent signs each step it takes with it (agent-signature.ts); unset: the
//                       step is attested by the server only
//   IU_AGENT_GO_AHEAD   true: the executor waits for a person's go-ahead (go-ahead.ts) before each CUT
//   IU_AGENT_POLL_SECONDS  how often waiting entries are looked for (default 60)
//
// When: right after the step that makes one due (an approval, a go-ahead, a CUT) on the instance
// that took it; and on start and every poll on every instance, for entries whose step never ran
// (the process stopped, the agent was turned on later, the step ran on another instance).
//
// Robustness: one agent step at a time per instance (a CUT may read a whole law). Before a step,
// the instance takes a lease on (entry, step) in iu0012's iu_agent_step: one insert or one
// conditional update, so in a cluster only one instance runs it; a lease is renewed while the step
// runs and lapses if the instance dies. The workflow's own state checks still refuse a second CUT
// or VERIFY, and the agent reads that answer as "someone else did it". A refused or broken step
// never reaches Directus (nothing is thrown out of the agent), is kept with its code and message,
// and is tried again only after a back-off (1 min, doubling to 1 h), never in a loop.
import { readFile } from 'node:fs/promises';
import type { Accountability } from '@directus/types';
import type { Knex } from 'knex';
import { AGENT_STEP_TABLE } from '../shared/schema.js';
import { loadCore, type Core } from '../lib/core.js';
import type { PolicyKey, StepSigner, TrustPolicy } from '../core-types/index.js';
import { loadDisowned, owned, type Disowned } from '../lib/disowned.js';
import { WorkflowError } from '../lib/errors.js';
import { UUID } from '../lib/body.js';
import { RUNNER_KEY_ENV } from '../lib/checkpoint.js';
import { MIGRATION_ACTOR } from '../lib/positions.js';
import type { Ctx } from './context.js';
import { agentConfig, type AgentConfig } from './agent-config.js';
import { GO_AHEAD_COLUMNS, goAheadFault, signerFault } from './go-ahead.js';

export type AgentStep = 'cut' | 'verify';
type Env = Record<string, unknown>;
type Logger = { warn(message: string): void; info(message: string): void; error?(message: string): void };

const LEASE_MS = 2 * 60_000;
const RENEW_MS = 30_000;
const FIRST_RETRY_MS = 60_000;
const LAST_RETRY_MS = 60 * 60_000;
/** A step that finds the entry already past it: another agent, instance or person did it. */
const DONE_BY_OTHERS = new Set(['IU_ALREADY_APPLIED', 'IU_WRONG_STATE']);

export interface AgentUser {
	id: string;
	name: string;
	/** Why the agent cannot act (no such user, not active); null when it can. */
	problem: string | null;
	role: string | null;
	/** No Directus user is this agent. */
	missing?: true;
}

/** The configured user, by id or email. */
export async function resolveAgent(knex: Knex, ref: string | null, what: string): Promise<AgentUser | null> {
	if (!ref) return null;
	const q = knex('directus_users').select('id', 'first_name', 'last_name', 'email', 'status', 'role');
	const row = UUID.test(ref) ? await q.where({ id: ref }).first() : await q.whereRaw('lower(email) = ?', [ref.toLowerCase()]).first();
	if (!row)
		return {
			id: ref,
			name: ref,
			role: null,
			missing: true,
			problem: `the ${what} agent "${ref}" is no Directus user: set IU_AGENT_${what.toUpperCase()} to an agent user's id or email (scripts/roles.js creates DOT-991 and DOT-992)`,
		};
	const name = row.first_name || row.email || row.id;
	const problem = row.status && row.status !== 'active' ? `the ${what} agent ${name} is ${row.status}, not active: activate the user in User Directory` : null;
	return { id: String(row.id), name: String(name), role: row.role ?? null, problem };
}

/** An agent's own key, read for each step (a rotated file is picked up); unreadable: the step fails, saying so. */
async function readAgentKey(file: string, what: string): Promise<string> {
	try {
		return await readFile(file, 'utf8');
	} catch (e) {
		throw new WorkflowError(
			500,
			'IU_AGENT_KEY',
			`the ${what} agent's key file ${file} cannot be read (${(e as Error).message}): make one with \`openssl genpkey -algorithm ed25519 -out ${file}\`, readable by the Directus service user only, or unset IU_AGENT_${what.toUpperCase()}_KEY_FILE`,
		);
	}
}

/** An agent's accountability, as Directus builds one for a static token of a user without app access. */
export function agentAccountability(agent: AgentUser): Accountability {
	return { user: agent.id, role: agent.role, roles: agent.role ? [agent.role] : [], admin: false, app: false, ip: null } as unknown as Accountability;
}

export interface AgentAttempt {
	entry: string;
	step: AgentStep;
	agent: string;
	attempts: number;
	outcome: 'running' | 'done' | 'failed' | 'skipped';
	started_at: string;
	finished_at: string | null;
	lease_until: number | string;
	retry_at: number | string;
	code: string | null;
	message: string | null;
	result: string | null;
}

type Run = (name: 'cut' | 'verify', ctx: Ctx, body: unknown) => Promise<unknown>;

/** The agents of one instance. */
export class Agents {
	readonly config: AgentConfig;
	private queue: Array<{ entry: string; step: AgentStep; force: boolean }> = [];
	private queued = new Set<string>();
	private working = false;
	private timer: NodeJS.Timeout | null = null;
	private stopped = false;

	constructor(
		private readonly knex: Knex,
		env: Env,
		private readonly logger: Logger,
		private readonly run: Run,
		private readonly extra: { services?: unknown; getSchema?: () => Promise<unknown> } = {},
	) {
		this.config = agentConfig(env);
	}

	get on(): boolean {
		return Boolean(this.config.executor || this.config.verifier);
	}

	start(): void {
		if (!this.on) return;
		const poll = () => void this.poll().catch((e) => this.logger.warn(`iu-cutter agents: looking for waiting entries failed: ${(e as Error).message}`));
		poll();
		this.timer = setInterval(poll, this.config.pollMs);
		this.timer.unref();
	}

	stop(): void {
		this.stopped = true;
		if (this.timer) clearInterval(this.timer);
	}

	/** After a workflow step on this instance: the agent step it makes due, at once. */
	noteStep(name: string, result: unknown): void {
		if (!this.on || this.stopped) return;
		const r = (result ?? {}) as Record<string, unknown>;
		const entry = typeof r['entry'] === 'string' ? r['entry'] : null;
		if (!entry) return;
		if (name === 'review' && r['state'] === 'approved' && this.config.executor && !this.config.goAhead) this.enqueue(entry, 'cut', true);
		if (name === 'go-ahead' && this.config.executor) this.enqueue(entry, 'cut', true);
		if (name === 'cut' && r['state'] === 'cut' && this.config.verifier) this.enqueue(entry, 'verify', true);
	}

	/** Entries waiting for an agent's step: approved (with a go-ahead when one is needed) for the executor, cut for the verifier. */
	async poll(): Promise<void> {
		if (this.stopped) return;
		const d = await loadDisowned(this.knex);
		for (const [step, event] of [
			['cut', 'approved'],
			['verify', 'cut'],
		] as const) {
			if (!(step === 'cut' ? this.config.executor : this.config.verifier)) continue;
			let waiting = await waitingIn(this.knex, d, event);
			if (step === 'cut' && this.config.goAhead) waiting = waiting.filter((w) => w.go_ahead);
			if (waiting.length === 0) continue;
			const rows: AgentAttempt[] = await this.knex(AGENT_STEP_TABLE)
				.whereIn(
					'entry',
					waiting.map((w) => w.entry),
				)
				.where({ step });
			const held = new Map(rows.map((r) => [r.entry, r]));
			const now = Date.now();
			for (const w of waiting) {
				const a = held.get(w.entry);
				if (a && a.outcome === 'running' && Number(a.lease_until) > now) continue;
				if (a && a.outcome === 'failed' && Number(a.retry_at) > now) continue;
				this.enqueue(w.entry, step, false);
			}
		}
	}

	private enqueue(entry: string, step: AgentStep, force: boolean): void {
		const key = `${entry}/${step}`;
		if (this.queued.has(key)) return;
		this.queued.add(key);
		this.queue.push({ entry, step, force });
		if (!this.working) void this.drain();
	}

	private async drain(): Promise<void> {
		this.working = true;
		try {
			for (let next = this.queue.shift(); next && !this.stopped; next = this.queue.shift()) {
				try {
					await this.take(next.entry, next.step, next.force);
				} catch (e) {
					// Never out of the agent: a broken step must not take Directus down.
					this.logger.warn(`iu-cutter agents: ${next.step} of entry ${next.entry} broke: ${(e as Error)?.stack ?? e}`);
				} finally {
					this.queued.delete(`${next.entry}/${next.step}`);
				}
			}
		} finally {
			this.working = false;
		}
	}

	/** Whether `entry` still waits for `step` (with its go-ahead when one is needed), read now. */
	private async stillDue(entry: string, step: AgentStep): Promise<boolean> {
		const [w] = await waitingIn(this.knex, await loadDisowned(this.knex), step === 'cut' ? 'approved' : 'cut', entry);
		return Boolean(w) && (step !== 'cut' || !this.config.goAhead || w!.go_ahead);
	}

	/** One agent step: lease, run as the agent, record the outcome. */
	private async take(entry: string, step: AgentStep, force: boolean): Promise<void> {
		const what = step === 'cut' ? 'executor' : 'verifier';
		const agent = await resolveAgent(this.knex, step === 'cut' ? this.config.executor : this.config.verifier, what);
		if (!agent) return;
		if (agent.problem) {
			this.logger.warn(`iu-cutter agents: ${agent.problem}`);
			return;
		}
		// A poll's list of waiting entries can be older than a step this instance finished since (it was read
		// while the step ran, and the step ended before the list was acted on): only a step still due is taken,
		// else the agent would try it again and record "someone else did it" over its own done step. A forced
		// step comes from the event that made it due.
		if (!force && !(await this.stillDue(entry, step))) return;
		const lease = await claim(this.knex, entry, step, agent.id, force);
		if (!lease) return;
		const renew = setInterval(() => {
			void this.knex(AGENT_STEP_TABLE)
				.where({ entry, step, outcome: 'running' })
				.update({ lease_until: Date.now() + LEASE_MS })
				.catch(() => {});
		}, RENEW_MS);
		renew.unref();
		const ctx: Ctx = { knex: this.knex, core: await loadCore(), accountability: agentAccountability(agent), logger: this.logger, agent: true, ...(this.extra as object) };
		const keyFile = step === 'cut' ? this.config.executorKeyFile : this.config.verifierKeyFile;
		let outcome: Partial<AgentAttempt>;
		try {
			if (keyFile) ctx.agentKey = await readAgentKey(keyFile, what);
			if (step === 'cut' && this.config.goAhead) await refuseUnsignedGoAhead(ctx, entry);
			const result = (await this.run(step, ctx, { entry })) as Record<string, unknown>;
			const row = step === 'cut' ? result['change_set'] : result['verify_result'];
			// A VERIFY that found violations is done (its verify_failed result is in the ledger), and says so.
			const found = step === 'verify' && result['passed'] === false;
			outcome = {
				outcome: 'done',
				result: typeof row === 'string' ? row : null,
				code: found ? 'IU_VERIFY_FAILED' : null,
				message: found ? 'the verification found violations' : null,
				attempts: 1,
			};
			// (runAction told noteStep of the CUT already: the VERIFY it makes due is queued.)
			this.logger.info(`iu-cutter agents: ${agent.name} ${step === 'cut' ? 'cut' : 'verified'} entry ${entry}`);
		} catch (e) {
			const code = e instanceof WorkflowError ? e.code : ((e as { code?: string })?.code ?? 'IU_AGENT_ERROR');
			if (DONE_BY_OTHERS.has(code)) {
				outcome = { outcome: 'skipped', code, message: (e as Error).message, attempts: 1 };
			} else {
				const failures = lease.failures + 1;
				outcome = {
					outcome: 'failed',
					code: String(code),
					message: String((e as Error)?.message ?? e).slice(0, 4000),
					attempts: failures,
					retry_at: Date.now() + Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1)),
				};
				this.logger.warn(`iu-cutter agents: ${agent.name} could not ${step} entry ${entry} (attempt ${failures}): ${code}: ${outcome.message}`);
			}
		} finally {
			clearInterval(renew);
		}
		await this.knex(AGENT_STEP_TABLE)
			.where({ entry, step })
			.update({ ...outcome, finished_at: new Date().toISOString(), lease_until: 0 });
	}
}

/**
 * The executor does not cut on a go-ahead that does not hold under the trust policy in force when it was given (a
 * go-ahead appended in a reviewer's name, without their signature): 409 IU_GO_AHEAD_UNSIGNED, kept as the attempt's
 * outcome, which the entry page shows.
 */
async function refuseUnsignedGoAhead(ctx: Ctx, entry: string): Promise<void> {
	const d = await loadDisowned(ctx.knex);
	const given = await owned(ctx.knex('review_decision').where({ entry, decision: 'go_ahead' }), d, 'review_decision')
		.orderBy('ledger_seq', 'desc')
		.first(...GO_AHEAD_COLUMNS);
	if (!given) return;
	const fault = await goAheadFault(ctx.core, ctx.knex, given);
	if (fault) {
		throw new WorkflowError(
			409,
			'IU_GO_AHEAD_UNSIGNED',
			`The go-ahead for entry ${entry} does not hold: ${fault}. A go-ahead not signed by the person it names was not given by them: record an incident (POST /iu-cutter/incident), and a reviewer gives the go-ahead again.`,
			{ review_decision: given.id },
		);
	}
}

/** Entries (or the one entry `only`) whose state (their latest owned history event) is `event`, with whether a go-ahead was given. */
async function waitingIn(knex: Knex, d: Disowned, event: string, only?: string): Promise<Array<{ entry: string; go_ahead: boolean }>> {
	let q = owned(knex('decision_backlog_history as h'), d, 'decision_backlog_history', 'h.id');
	if (only !== undefined) q = q.where('h.entry', only);
	const rows: Array<{ entry: string }> = await q
		.where('h.event', event)
		.whereRaw('h.ledger_seq = (select max(h2.ledger_seq) from decision_backlog_history h2 where h2.entry = h.entry)')
		.select('h.entry');
	if (rows.length === 0) return [];
	const ids = rows.map((r) => String(r.entry));
	const given = new Set(
		(await owned(knex('review_decision').whereIn('entry', ids).where({ decision: 'go_ahead' }), d, 'review_decision').select('entry')).map((r: { entry: string }) =>
			String(r.entry),
		),
	);
	return ids.map((entry) => ({ entry, go_ahead: given.has(entry) }));
}

/**
 * Takes (entry, step) for this instance: a new row, or the existing one when it is not running
 * (or its lease lapsed) and, unless `force`, its back-off is over. One statement each: of two
 * instances, one wins. Returns the failures before this attempt, or null when not taken.
 */
async function claim(knex: Knex, entry: string, step: AgentStep, agent: string, force: boolean): Promise<{ failures: number } | null> {
	const now = Date.now();
	const started = new Date(now).toISOString();
	const existing: AgentAttempt | undefined = await knex(AGENT_STEP_TABLE).where({ entry, step }).first();
	if (!existing) {
		try {
			await knex(AGENT_STEP_TABLE).insert({
				entry,
				step,
				agent,
				attempts: 0,
				outcome: 'running',
				started_at: started,
				finished_at: null,
				lease_until: now + LEASE_MS,
				retry_at: 0,
				code: null,
				message: null,
				result: null,
			});
			return { failures: 0 };
		} catch {
			return null; // (entry, step) is unique: another instance took it first.
		}
	}
	let q = knex(AGENT_STEP_TABLE)
		.where({ entry, step })
		.where((w) => w.whereNot('outcome', 'running').orWhere('lease_until', '<', now));
	if (!force) q = q.where('retry_at', '<=', now);
	const n = await q.update({ agent, outcome: 'running', started_at: started, finished_at: null, lease_until: now + LEASE_MS });
	if (n !== 1) return null;
	return { failures: existing.outcome === 'failed' ? Number(existing.attempts) : 0 };
}

// ── one per process, for the endpoint's runAction and entryStatus ────────────

let current: Agents | null = null;
export function registerAgents(agents: Agents): void {
	current = agents;
}
export function agents(): Agents | null {
	return current;
}

export interface AgentsStatus {
	/** Whether any agent is configured on the instance that answers. */
	on: boolean;
	go_ahead_mode: boolean;
	next: { step: AgentStep; agent: { id: string; name: string } | null; waiting_for: 'go-ahead' | null; problem?: string; go_ahead?: { by: string; at: string } | null } | null;
	last: {
		step: AgentStep;
		agent: { id: string; name: string };
		at: string;
		ok: boolean;
		outcome: AgentAttempt['outcome'];
		attempts: number;
		result: string | null;
		retry_at: string | null;
		error?: { code: string | null; message: string | null };
		/** A VERIFY the agent ran: whether it passed. */
		passed?: boolean;
	} | null;
	/** Every agent step taken on the entry (its CUT, its VERIFY), oldest first; `last` is the newest. */
	steps: NonNullable<AgentsStatus['last']>[];
	/** Whether the caller may give the go-ahead now (go-ahead.ts checks again). */
	can_give_go_ahead: boolean;
}

/**
 * For GET /entries/:id: which agent acts next on the entry (or null: no agent step is due, or
 * none is configured for it) and what the agents did last (iu_agent_step).
 */
export async function agentsStatus(
	knex: Knex,
	entry: { id: string; submitted_by: string },
	state: string | null,
	reviews: Array<{ decision: string; reviewer: string; recorded_at: string; signer?: StepSigner | null }>,
	caller: { user: string | null; mayReview: boolean },
): Promise<AgentsStatus> {
	const a = current;
	const config = a?.config ?? agentConfig({});
	// A go-ahead that does not hold (one appended in a reviewer's name, unsigned) released nothing: the page asks again.
	const goAhead = [...reviews].reverse().find((r) => r.decision === 'go_ahead' && signerFault(r.signer) === null) ?? null;
	let next: AgentsStatus['next'] = null;
	if (state === 'approved' || state === 'cut') {
		const step: AgentStep = state === 'approved' ? 'cut' : 'verify';
		const user = await resolveAgent(knex, step === 'cut' ? config.executor : config.verifier, step === 'cut' ? 'executor' : 'verifier');
		next = {
			step,
			agent: user ? { id: user.id, name: user.name } : null,
			waiting_for: step === 'cut' && user && config.goAhead && !goAhead ? 'go-ahead' : null,
			...(user?.problem ? { problem: user.problem } : {}),
			...(step === 'cut' ? { go_ahead: goAhead ? { by: goAhead.reviewer, at: goAhead.recorded_at } : null } : {}),
		};
	}
	const rows: AgentAttempt[] = await knex(AGENT_STEP_TABLE).where({ entry: entry.id }).select('*');
	const steps: NonNullable<AgentsStatus['last']>[] = [];
	for (const row of rows.sort((x, y) => String(x.started_at).localeCompare(String(y.started_at)))) {
		const who = (await resolveAgent(knex, row.agent, row.step === 'cut' ? 'executor' : 'verifier'))!;
		steps.push({
			step: row.step,
			agent: { id: who.id, name: who.name },
			at: row.finished_at ?? row.started_at,
			ok: row.outcome === 'done' || row.outcome === 'skipped',
			outcome: row.outcome,
			attempts: Number(row.attempts),
			result: row.result,
			retry_at: row.outcome === 'failed' ? new Date(Number(row.retry_at)).toISOString() : null,
			...(row.outcome === 'failed' ? { error: { code: row.code, message: row.message } } : {}),
			...(row.step === 'verify' && row.outcome === 'done' ? { passed: row.code !== 'IU_VERIFY_FAILED' } : {}),
		});
	}
	const last = steps[steps.length - 1] ?? null;
	const canGive = next?.waiting_for === 'go-ahead' && caller.mayReview && !!caller.user && caller.user.trim().toLowerCase() !== String(entry.submitted_by).trim().toLowerCase();
	return { on: !!a?.on, go_ahead_mode: config.goAhead, next, last, steps, can_give_go_ahead: canGive };
}

/**
 * The agents' own keys as keys of the trust policy (issue 48, item 2): DOT-991's may sign a CUT, DOT-992's a VERIFY,
 * each held by the agent's Directus user. Only agents that run with a key file that reads as an Ed25519 key. Once the
 * policy names them, the audit trusts an agent's signature only by a key the custodians signed in (ledger::policy
 * `agent_trust`), not by the server's settings.
 */
export async function agentPolicyKeys(knex: Knex, core: Core): Promise<PolicyKey[]> {
	const config = current?.config ?? agentConfig({});
	const out: PolicyKey[] = [];
	const agents = [
		['cut', 'executor', config.executor, config.executorKeyFile],
		['verify', 'verifier', config.verifier, config.verifierKeyFile],
	] as const;
	for (const [act, what, ref, file] of agents) {
		if (!ref || !file) continue;
		const user = await resolveAgent(knex, ref, what);
		if (!user || user.missing) continue; // no such user: the agent's own status says so
		const key = await publicKeyOf(core, file);
		if (key) out.push({ ...key, holder: user.id, label: `${user.name} (${what} agent)`, acts: [act] });
	}
	// The migration runner's own key, which signs the upgrade entries it opens (ops/index.ts), when this instance
	// names it (the runner reads the same IU_MIGRATION_KEY_FILE).
	const runner = await publicKeyOf(core, process.env[RUNNER_KEY_ENV]?.trim());
	if (runner) out.push({ ...runner, holder: MIGRATION_ACTOR, label: 'iu-cutter migration runner', acts: ['submit'] });
	return out;
}

/** The Ed25519 public key of the private key file `file`, with its id; null when there is none or it does not read. */
async function publicKeyOf(core: Core, file: string | null | undefined): Promise<Pick<PolicyKey, 'key_id' | 'public_key'> | null> {
	const pem = file ? await readFile(file, 'utf8').catch(() => null) : null;
	const info = pem ? core.ledgerKeyInfo({ privatePem: pem }) : null;
	if (!info?.ok) return null;
	const public_key = { kind: 'ed25519' as const, pem: info.public_key_pem };
	const id = core.publicKeyId({ publicKey: public_key });
	return id.ok ? { key_id: id.key_id, public_key } : null;
}

/** The agents' keys `policy` does not name yet (nor has revoked): what a custodian is asked to sign in. */
export function agentKeysMissing(policy: TrustPolicy, agents: PolicyKey[]): PolicyKey[] {
	return agents.filter((a) => !policy.keys.some((k) => k.key_id === a.key_id) && !policy.revoked.some((r) => r.key_id === a.key_id));
}
