// The warm resolvers: each document's alias index (the core's AliasResolver over
// its units, their lifetimes and its alias rows), built once in this API process
// and reused by every resolve request. Building one reads the whole document
// (≈ 68 ms at 6 510 units, ≈ 2 s at 100k); answering from it takes microseconds.
//
// Never stale, on any instance: Directus gives extensions no cross-instance bus,
// so every request first reads the document's *version* — its id, the ledger_seq
// of its newest change set, and the newest incident's ledger_seq — in one query
// of index probes (shared by the requests that arrive while one is in flight:
// VersionReads), and rebuilds only when that moved. Units and aliases change
// only inside the workflow's sealed transactions (iu0004), and every such write
// is a CUT (rollbacks and repairs are CUTs too) that appends the document's
// change set in the same transaction; an incident disowns rows, which changes
// the lifetimes below. A write made around the seal by a database superuser is
// not seen here until the next CUT; the drift audit is what finds it.
//
// The cache is bounded by units and alias rows together (IU_RESOLVE_CACHE_UNITS,
// default 500 000 — about 200 MB of WASM memory; 0 turns it off), least recently
// used first out, and a resolver leaving it is freed (its WASM memory goes back
// to the core's allocator for the next build; WASM memory never shrinks). Concurrent first
// requests for one document share one build.
import type { Knex } from 'knex';
import { disownedIds, loadDisowned, type Disowned } from '../lib/disowned.js';
import { INCIDENT_TABLE } from '../lib/collections.js';
import { unwrap } from '../lib/outcome.js';
import { WorkflowError } from '../lib/errors.js';
import { isPostgres } from '../lib/ledger.js';
import { loadAliases, loadUnits } from '../lib/store.js';
import type { Core } from '../lib/core.js';

export type Resolver = ReturnType<Core['AliasResolver']['build']>;

/** What resolving needs of a legal_document row (never its source text: a whole law). */
export interface DocumentKey {
	id: string;
	slug: string;
}

/** What the version read finds for a slug. */
interface Version {
	document: DocumentKey;
	/** `<document id>:<newest change set seq>:<newest incident seq>`: moves with every change of the index's inputs. */
	key: string;
	cut: number;
	incident: number;
}

interface Warm {
	slug: string;
	version: Version;
	resolver: Resolver;
	/** Its weight in the budget: units plus alias rows (both live in the index). */
	units: number;
	/** Set when the entry left the cache and its resolver was freed. */
	freed: boolean;
}

// ≈ 0.4 KB of WASM memory per unit or alias row (measured: 45 MB for 100k units + 10k aliases): ≈ 200 MB at most.
export const DEFAULT_UNIT_BUDGET = 500_000;

/** IU_RESOLVE_CACHE_UNITS: how many units and alias rows the warm resolvers may hold together; a bad value is refused at first use, naming it. */
export function unitBudget(raw = process.env['IU_RESOLVE_CACHE_UNITS']): number {
	if (raw === undefined || raw.trim() === '') return DEFAULT_UNIT_BUDGET;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0) {
		// The operator's setting, not the caller's input: a 500 that says what to fix in the server's environment.
		throw new WorkflowError(
			500,
			'IU_BAD_CONFIGURATION',
			`The server's IU_RESOLVE_CACHE_UNITS is "${raw}"; it must be a whole number ≥ 0 of units and alias rows the warm resolvers may hold (0 turns them off; unset means ${DEFAULT_UNIT_BUDGET}). Fix it in Directus' environment and restart.`,
		);
	}
	return n;
}

// One query, index probes only: legal_document.slug (unique), then the document's
// entries (decision_backlog_entry.document) and each entry's change set
// (cut_change_set.entry, unique) — as many probes as the document has entries,
// whatever the number of units or the ledger's size — and the top of
// ledger_incident's unique ledger_seq. A change set's document is its entry's (cut.ts).
// Plain SQL (the same text on SQLite and PostgreSQL): it runs on every request,
// and compiling it through the query builder each time costs more than the probes.
const VERSION_SQL = `select d."id" as "id", d."slug" as "slug",
 (select max(c."ledger_seq") from "decision_backlog_entry" e join "cut_change_set" c on c."entry" = e."id" where e."document" = d."id") as "iu_cut_seq",
 (select max(i."ledger_seq") from "${INCIDENT_TABLE}" i) as "iu_incident_seq"
 from "legal_document" d where d."slug" = ? limit 1`;

/** Rows of a raw query: PostgreSQL answers `{ rows }`, SQLite the array itself. */
export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : ((result as { rows?: T[] })?.rows ?? [])) as T[];

async function readVersion(knex: Knex, slug: string): Promise<Version | null> {
	const [row] = rowsOf<{ id: string; slug: string; iu_cut_seq: unknown; iu_incident_seq: unknown }>(await knex.raw(VERSION_SQL, [slug]));
	if (!row) return null;
	const document = { id: String(row.id), slug: String(row.slug) };
	const cut = Number(row.iu_cut_seq ?? 0);
	const incident = Number(row.iu_incident_seq ?? 0);
	return { document, key: `${document.id}:${cut}:${incident}`, cut, incident };
}

/** `a` is at least as new as `b` (the seqs only grow); a different document (slug reused) counts as newer. */
const notOlder = (a: Version, b: Version) => a.document.id !== b.document.id || (a.cut >= b.cut && a.incident >= b.incident);

/**
 * Version reads shared by the requests that wait for them, never older than any
 * of them: a request joins a read that started after it arrived — the one
 * queued behind the read in flight — so it still sees every commit that came
 * before it (a client that got its CUT's answer and then resolves sees the CUT).
 * Under load, one read answers every request that arrived during the previous
 * one, instead of one query per request.
 */
class VersionReads {
	private readonly running = new Map<string, Promise<Version | null>>();
	private readonly queued = new Map<string, Promise<Version | null>>();

	read(knex: Knex, slug: string): Promise<Version | null> {
		const running = this.running.get(slug);
		if (!running) return this.start(knex, slug);
		let queued = this.queued.get(slug);
		if (!queued) {
			queued = running
				.then(
					() => undefined,
					() => undefined,
				)
				.then(() => {
					this.queued.delete(slug);
					return this.start(knex, slug);
				});
			this.queued.set(slug, queued);
		}
		return queued;
	}

	private start(knex: Knex, slug: string): Promise<Version | null> {
		const read = readVersion(knex, slug).finally(() => {
			if (this.running.get(slug) === read) this.running.delete(slug);
		});
		this.running.set(slug, read);
		return read;
	}
}

export class WarmResolvers {
	/** slug → entry; Map order is recency (oldest first). */
	private readonly warm = new Map<string, Warm>();
	private readonly versions = new VersionReads();
	/** `<slug>\n<version key>` → the build under way. */
	private readonly building = new Map<string, Promise<Warm>>();
	private units = 0;

	constructor(
		private readonly budget: number,
		private readonly core: () => Promise<Core>,
	) {}

	/** How many documents and units are warm (for tests and the bench). */
	get size() {
		return { documents: this.warm.size, units: this.units };
	}

	/**
	 * Runs `use` with the document's resolver, or answers `null` when no document
	 * has the slug. `use` runs synchronously right after the entry is checked, so
	 * no other request can free the resolver while it is in use.
	 */
	async with<T>(knex: Knex, slug: string, use: (resolver: Resolver, document: DocumentKey) => T): Promise<T | null> {
		for (let attempt = 0; ; attempt++) {
			const version = await this.versions.read(knex, slug);
			if (!version) return null;
			try {
				if (this.budget <= 0 || attempt >= 3) {
					// Off, or evicted under our feet three times (a budget far too small): a private resolver, freed at once.
					const own = await this.build(knex, slug);
					try {
						return use(own.resolver, own.version.document);
					} finally {
						own.resolver.free();
					}
				}
				const entry = await this.entryFor(knex, slug, version);
				if (!entry.freed) return use(entry.resolver, entry.version.document);
			} catch (error) {
				// The document was deleted while its resolver was built: read again (and answer unknown).
				if (!(error instanceof DocumentGone)) throw error;
			}
		}
	}

	private entryFor(knex: Knex, slug: string, version: Version): Promise<Warm> {
		const cached = this.warm.get(slug);
		if (cached && cached.version.key === version.key) {
			this.warm.delete(slug);
			this.warm.set(slug, cached);
			return Promise.resolve(cached);
		}
		const key = `${slug}\n${version.key}`;
		let pending = this.building.get(key);
		if (!pending) {
			pending = this.build(knex, slug)
				.then((built) => this.admit(built))
				.finally(() => this.building.delete(key));
			this.building.set(key, pending);
		}
		return pending;
	}

	/**
	 * Reads the document in one snapshot (PostgreSQL: REPEATABLE READ; SQLite's
	 * transactions are snapshots), the version inside it, so the label always
	 * matches what was read even when a CUT commits meanwhile.
	 */
	private async build(knex: Knex, slug: string): Promise<Warm> {
		const core = await this.core();
		const read = await knex.transaction(
			async (trx) => {
				const version = await readVersion(trx, slug);
				if (!version) return null;
				const disowned = await loadDisowned(trx);
				const life = await lifetimes(trx, version.document.id, disowned);
				const units = (await loadUnits(trx, version.document.id)).map((u) => ({
					id: u.id,
					canonical_address: u.canonical_address,
					lifecycle_status: u.lifecycle_status,
					...(life.created.has(u.id) ? { live_from: life.created.get(u.id) } : {}),
					...(u.lifecycle_status === 'retired' && life.retired.has(u.id) ? { retired_at: life.retired.get(u.id) } : {}),
				}));
				return { version, units, aliases: await loadAliases(trx, version.document) };
			},
			isPostgres(knex) ? { isolationLevel: 'repeatable read' } : undefined,
		);
		// The document went away between the version read and the build: the caller reads again and answers unknown.
		if (!read) throw new DocumentGone(slug);
		let resolver: Resolver;
		try {
			// JSON text: serde_json reads it far faster than walking JS objects (adapter.rs).
			resolver = core.AliasResolver.build({ units: JSON.stringify(read.units), aliases: JSON.stringify(read.aliases) });
		} catch (report) {
			// The alias table itself is bad (a row the core refuses): say which row.
			throw unwrap('alias table', { ok: false, error: report });
		}
		return { slug, version: read.version, resolver, units: read.units.length + read.aliases.length, freed: false };
	}

	/** Puts a fresh build in the cache (unless a newer one got there first) and evicts over budget. */
	private admit(built: Warm): Warm {
		const current = this.warm.get(built.slug);
		if (current && current !== built) {
			if (!notOlder(built.version, current.version)) {
				// A slower build of an older version: the newer entry answers instead.
				built.resolver.free();
				built.freed = true;
				return current;
			}
			this.drop(current);
		}
		this.warm.set(built.slug, built);
		this.units += built.units;
		// Least recently used first; the newest entry stays even when alone it exceeds the budget.
		for (const [, entry] of this.warm) {
			if (this.units <= this.budget || entry === built) break;
			this.drop(entry);
		}
		return built;
	}

	private drop(entry: Warm) {
		this.warm.delete(entry.slug);
		this.units -= entry.units;
		entry.freed = true;
		entry.resolver.free();
	}

	/** Frees every warm resolver (tests; a process about to end). */
	clear() {
		for (const entry of [...this.warm.values()]) this.drop(entry);
	}
}

class DocumentGone extends Error {
	constructor(slug: string) {
		super(`legal_document with slug "${slug}" was deleted while its resolver was being built`);
	}
}

/**
 * unit id → effective_from of the change set that created it, and of the latest
 * that retired it. Rows incidents disowned (a change set written outside the
 * workflow, or one of its affected rows) count for nothing, as for every reader
 * that decides a state (disowned.ts).
 */
async function lifetimes(knex: Knex, document: string, disowned: Disowned) {
	let q = knex('cut_change_set_affected_row as a')
		.join('cut_change_set as c', 'c.id', 'a.change_set')
		.join('manifest_envelope as e', 'e.entry', 'c.entry')
		.where({ 'c.document': document })
		.whereIn('a.action', ['create', 'retire']);
	const sets = disownedIds(disowned, 'cut_change_set');
	const rows = disownedIds(disowned, 'cut_change_set_affected_row');
	if (sets.length) q = q.whereNotIn('c.id', sets);
	if (rows.length) q = q.whereNotIn('a.id', rows);
	const found: { unit_id: string; action: string; effective_from: string }[] = await q
		.orderBy('a.ledger_seq')
		.select('a.unit_id as unit_id', 'a.action as action', 'e.effective_from as effective_from');
	const created = new Map<string, string>();
	const retired = new Map<string, string>();
	for (const r of found) (r.action === 'create' ? created : retired).set(r.unit_id, r.effective_from);
	return { created, retired };
}
