// The instances of one deployment. Several Directus instances may share one
// database only if they also share one Redis: Directus keeps permissions, the
// schema and (with CACHE_ENABLED) whole responses in per-process memory unless
// REDIS, CACHE_STORE=redis and SYNCHRONIZATION_STORE=redis are set, so without
// them a permission revoked on one instance is still granted by the others and
// a CUT's new units are not seen there. Directus says nothing about it.
//
// So every instance writes a heartbeat (iu0005's iu_instance: who it is, when it
// was last seen, whether it uses Redis) every few seconds, and before every
// sealed write (lib/seal.ts) looks at the others: another live instance on the
// same database, and this one or that one without Redis (or on another Redis),
// refuses the write with 503 IU_CLUSTER_WITHOUT_REDIS naming the fix, and the
// instance logs a warning when it first notices. One instance alone (npm start,
// every single-instance test) never sees a peer and is unaffected.
//
// On SQLite there is no periodic beat: a SQLite file can be shared only by
// processes of one host, so a peer is live exactly when its process is, and
// Directus' SQLite connection has no busy timeout — a write every few seconds
// would make any other writer of the file (the migration runner, an operator's
// script) fail now and then with SQLITE_BUSY. The row is written once at start.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { INSTANCE_TABLE } from '../shared/schema.js';
import { WorkflowError } from './errors.js';

export { INSTANCE_TABLE };

/** How often an instance writes its heartbeat. */
export const BEAT_MS = 5_000;
/**
 * A peer seen within this long is live. Six beats: a beat can wait behind a long
 * CUT for SQLite's single connection, and the clocks of two hosts may differ a little.
 */
export const LIVE_MS = 30_000;
/** Rows of instances gone this long are deleted by the next beat (the table stays small). */
const FORGET_MS = 10 * 60_000;

export interface Setup {
	/** The Redis server, without credentials (host:port/db); null when the instance has none. */
	redis: string | null;
	/** 'off' when CACHE_ENABLED is false. */
	cache_store: 'off' | 'memory' | 'redis';
	synchronization_store: string;
}

interface InstanceRow extends Setup {
	instance_id: string;
	host: string;
	pid: number;
	started_at: string;
	last_seen: number | string;
}

type Env = Record<string, unknown>;
type Logger = { warn(message: string): void; info(message: string): void };

const truthy = (v: unknown) => v === true || v === 'true' || v === '1';

/**
 * Whether Directus uses Redis, by Directus' own rule (redis/utils/redis-config-available.js):
 * REDIS_ENABLED decides when set, else REDIS or any REDIS_* variable.
 */
function redisTarget(env: Env): string | null {
	if ('REDIS_ENABLED' in env && !truthy(env['REDIS_ENABLED'])) return null;
	const url = env['REDIS'];
	if (typeof url === 'string' && url) {
		try {
			const u = new URL(url);
			return `${u.hostname}:${u.port || '6379'}/${u.pathname.replace(/^\//, '') || '0'}`;
		} catch {
			return url.replace(/\/\/[^@/]*@/, '//');
		}
	}
	const keys = Object.keys(env).filter((k) => k.startsWith('REDIS_') && !/^REDIS_.*NAMESPACE$/.test(k));
	if (!truthy(env['REDIS_ENABLED']) && keys.length === 0) return null;
	return `${env['REDIS_HOST'] ?? '127.0.0.1'}:${env['REDIS_PORT'] ?? '6379'}/${env['REDIS_DB'] ?? '0'}`;
}

/** This instance's setup, from Directus' env. */
export function setupFrom(env: Env): Setup {
	const cacheOn = truthy(env['CACHE_ENABLED']);
	return {
		redis: redisTarget(env),
		cache_store: cacheOn ? (env['CACHE_STORE'] === 'redis' ? 'redis' : 'memory') : 'off',
		synchronization_store: env['SYNCHRONIZATION_STORE'] === 'redis' ? 'redis' : String(env['SYNCHRONIZATION_STORE'] ?? 'memory'),
	};
}

/** What an instance lacks to share a database with others; empty when it lacks nothing. */
export function shortcomings(s: Setup): string[] {
	const out: string[] = [];
	if (!s.redis) out.push('no Redis (REDIS is not set): permissions, schema and the message bus stay in this process');
	if (s.cache_store === 'memory') out.push('CACHE_ENABLED with CACHE_STORE=memory: cached responses stay in this process');
	if (s.synchronization_store !== 'redis') out.push(`SYNCHRONIZATION_STORE=${s.synchronization_store}`);
	return out;
}

export const FIX =
	'Fix (server operator): give every instance the same Redis — REDIS=redis://HOST:6379, SYNCHRONIZATION_STORE=redis and, with CACHE_ENABLED=true, CACHE_STORE=redis — and restart them (docs/DEPLOYMENT.md; `npm run start:cluster` runs such a deployment). Or run a single instance.';

export interface Peer {
	instance_id: string;
	host: string;
	pid: number;
	started_at: string;
	last_seen: string;
	lacks: string[];
}

export interface Verdict {
	ok: boolean;
	peers: Peer[];
	/** What is wrong, one line each; empty when ok. */
	problems: string[];
}

const describe = (p: { host: string; pid: number }) => `${p.host} pid ${p.pid}`;

/** Is process `pid` alive on this host? (EPERM: alive, someone else's.) */
function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** One running instance: its identity, its heartbeat and its view of the others. */
export class Instance {
	readonly id = randomUUID();
	readonly host = hostname();
	readonly pid = process.pid;
	readonly startedAt = new Date().toISOString();
	readonly setup: Setup;
	private timer: NodeJS.Timeout | null = null;
	private readonly sqlite: boolean;
	/** The last heartbeat failure logged, so a missing table (migrations not applied yet) is said once. */
	private failure = '';
	/** The peers last warned about, so the log says it once per change, not every beat. */
	private warned = '';

	constructor(
		private readonly knex: Knex,
		env: Env,
		private readonly logger: Logger,
		private readonly now: () => number = Date.now,
	) {
		this.setup = setupFrom(env);
		this.sqlite = String(knex.client.config.client).startsWith('sqlite');
	}

	/**
	 * Writes the first heartbeat (awaited: a peer must see this instance before it
	 * serves a request), then, on PostgreSQL, one every BEAT_MS.
	 */
	async start(): Promise<void> {
		await this.beat();
		if (this.sqlite) return;
		this.timer = setInterval(() => void this.beat(), BEAT_MS);
		this.timer.unref();
	}

	async stop(): Promise<void> {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		try {
			await this.knex(INSTANCE_TABLE).where({ instance_id: this.id }).delete();
		} catch {
			/* shutting down: the database may be gone already; the row ages out */
		}
	}

	/**
	 * One heartbeat: an upsert of this instance's row, old rows forgotten, then a
	 * look at the peers (which logs when the picture changes). Short statements
	 * outside any transaction: on SQLite they queue for the one connection like
	 * any request. A failure is logged, never thrown (a timer has no caller).
	 */
	async beat(): Promise<void> {
		const t = this.now();
		try {
			await this.knex(INSTANCE_TABLE)
				.insert({ instance_id: this.id, host: this.host, pid: this.pid, started_at: this.startedAt, last_seen: t, ...this.setup })
				.onConflict('instance_id')
				.merge(['last_seen', 'redis', 'cache_store', 'synchronization_store']);
			if (!this.sqlite)
				await this.knex(INSTANCE_TABLE)
					.where('last_seen', '<', t - FORGET_MS)
					.delete();
			else await this.forgetDeadOnThisHost();
			this.failure = '';
			await this.verdict();
		} catch (e) {
			const message = (e as Error).message;
			if (message !== this.failure) {
				this.logger.warn(
					`iu-cutter: could not write this instance's heartbeat to ${INSTANCE_TABLE} (${message}); other instances on this database cannot see this one. Apply iu-cutter's migrations (npm run migrate).`,
				);
			}
			this.failure = message;
		}
	}

	/** SQLite (once, at start): rows of this host's processes that are gone. */
	private async forgetDeadOnThisHost(): Promise<void> {
		const rows: { instance_id: string; pid: number }[] = await this.knex(INSTANCE_TABLE).where({ host: this.host }).whereNot({ instance_id: this.id }).select('instance_id', 'pid');
		const dead = rows.filter((r) => Number(r.pid) === this.pid || !alive(Number(r.pid))).map((r) => r.instance_id);
		if (dead.length) await this.knex(INSTANCE_TABLE).whereIn('instance_id', dead).delete();
	}

	/** The other live instances on this database, and whether this deployment is safe for sealed writes. */
	async verdict(): Promise<Verdict> {
		const t = this.now();
		const query = this.knex(INSTANCE_TABLE).whereNot({ instance_id: this.id });
		// SQLite: live = its process is (same host, see above); PostgreSQL: a recent beat.
		const rows: InstanceRow[] = this.sqlite ? await query.where({ host: this.host }) : await query.where('last_seen', '>', t - LIVE_MS);
		const peers = rows
			// A row of this host whose process is gone (a crash, a restart), or that has this
			// very pid (a restarted container reuses pid 1 and its hostname), is a predecessor.
			.filter((r) => !(r.host === this.host && (Number(r.pid) === this.pid || !alive(Number(r.pid)))))
			.map((r) => ({
				instance_id: r.instance_id,
				host: r.host,
				pid: Number(r.pid),
				started_at: r.started_at,
				last_seen: new Date(Number(r.last_seen)).toISOString(),
				lacks: shortcomings(r),
				redis: r.redis,
			}));
		if (peers.length === 0) {
			this.settle(null);
			return { ok: true, peers: [], problems: [] };
		}
		const problems: string[] = [];
		const mine = shortcomings(this.setup);
		if (mine.length) problems.push(`this instance (${describe(this)}) has ${mine.join('; ')}`);
		for (const p of peers) {
			if (p.lacks.length) problems.push(`instance ${describe(p)} has ${p.lacks.join('; ')}`);
			else if (this.setup.redis && p.redis !== this.setup.redis) problems.push(`instance ${describe(p)} uses Redis ${p.redis}, this one ${this.setup.redis}: they must share one`);
		}
		const verdict = { ok: problems.length === 0, peers: peers.map(({ redis: _r, ...p }) => p), problems };
		this.settle(verdict);
		return verdict;
	}

	/** Logs when the picture changes: loudly when it becomes unsafe, once when it is safe again. */
	private settle(v: Verdict | null): void {
		const key =
			v && !v.ok
				? v.peers
						.map((p) => p.instance_id)
						.sort()
						.join(',') +
					'|' +
					v.problems.join('|')
				: '';
		if (key === this.warned) return;
		if (v && !v.ok) {
			this.logger.warn(
				`iu-cutter: IU_CLUSTER_WITHOUT_REDIS — ${v.peers.length + 1} Directus instances share this database (${[describe(this), ...v.peers.map(describe)].join(', ')}) but ${v.problems.join('; ')}. They serve each other stale permissions, schema and cached items, so the CUT / VERIFY workflow refuses every write (503) until this is fixed. ${FIX}`,
			);
		} else if (this.warned) {
			this.logger.info('iu-cutter: the instances sharing this database now share one Redis (or this instance is alone again): the workflow writes again.');
		}
		this.warned = key;
	}

	/** The last look (a beat, a start, a refused write) found live peers without one shared Redis. */
	get knownUnsafe(): boolean {
		return this.warned !== '';
	}

	/** Before a sealed write: refuses it when the deployment is not safe. */
	async assertSafe(): Promise<void> {
		let v: Verdict;
		try {
			v = await this.verdict();
		} catch (e) {
			// No iu_instance (iu0005 not applied yet): nobody's heartbeat can be seen, and the
			// heartbeat's own warning has said so; the write's own statements fail if the database is down.
			if (await this.knex.schema.hasTable(INSTANCE_TABLE).catch(() => true)) throw e;
			return;
		}
		if (v.ok) return;
		throw new WorkflowError(
			503,
			'IU_CLUSTER_WITHOUT_REDIS',
			`This Directus instance shares its database with ${v.peers.length} other live instance(s) (${v.peers.map(describe).join(', ')}), but ${v.problems.join('; ')}. Without one shared Redis they serve each other revoked permissions, old schema and pre-CUT items, so the workflow writes nothing. ${FIX}`,
			{ instance: { id: this.id, host: this.host, pid: this.pid, ...this.setup }, peers: v.peers, problems: v.problems },
		);
	}
}

let current: Instance | null = null;

/** The hook registers the running instance; sealed writes ask it (lib/seal.ts). */
export function registerInstance(instance: Instance | null): void {
	current = instance;
}

/**
 * Whether this instance last saw live peers without one shared Redis (no query: the heartbeat's
 * verdict, at most BEAT_MS old). Resolve's fast path then leaves every request to Directus' ordinary route.
 */
export function clusterKnownUnsafe(): boolean {
	return current?.knownUnsafe ?? false;
}

/** Refuses a sealed write in an unsafe deployment. Outside Directus (no instance registered) there are no peers to ask about. */
export async function assertClusterSafe(): Promise<void> {
	if (current) await current.assertSafe();
}
