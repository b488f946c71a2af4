// `iu-cutter migrate` (in the repository `npm run migrate`): the gated runner around iu-cutter's migrations.
//
//   iu-cutter migrate                      apply every pending migration
//   iu-cutter migrate --dry-run         apply them to a scratch copy, print the report (and the positions
//                                        upgrades iu0011 would open, with their block counts), touch nothing
//   iu-cutter migrate --open-position-upgrades   only open the positions upgrades (iu0011 applied already)
//   iu-cutter migrate --status            the file gates and what is applied, nothing else
//   iu-cutter migrate --down iu0002       undo the latest applied migration (it must be that one)
//   npm run migrate -- --record-shape     (authors, repository only) apply on a scratch copy and write migrations/expected/
//   npm run migrate -- --freeze           (authors, repository only) write the sha256 of every file into migrations/manifest.json
//   … --db sqlite:<file> | --db postgres://user:pw@host:port/db   (default: the DB_* settings as Directus reads
//   them, database.js; in the repository, else the demo's under .run/demo)
//
// For each migration: preflight gates (every file under migrations/ matches the
// frozen sha256 in migrations/manifest.json; an applied file that changed is
// refused by name with both hashes; earlier migrations applied), then ONE
// transaction: `up`, post-verify gates (the schema diff equals the committed
// expected shape; an additive migration removes nothing; row counts unchanged
// outside what it declares), the directus_migrations row and a hash-chained
// iu_migration_ledger row. A failing gate rolls the transaction back. Every
// decision is the core's (extension/pkg); this file reads, runs and prints.
// Exit code: 0 when everything passed, 1 when a gate refused, 2 on bad usage.
//
// A migration may name a preflight and a follow-up in the manifest (iu0011:
// `preflight: "position-upgrade"`, `then: "open-position-upgrades"`). The preflight
// runs before its transaction and reads only; a failing one refuses the migration
// like a gate, with nothing written. The follow-up runs after every pending migration,
// on every run while the migration is applied (it is idempotent): for iu0011 it opens
// one upgrade entry per document whose positions still hold document places, signed
// with the operator's key (options `upgrade.keyFile` / `upgrade.witness`, else
// IU_LEDGER_KEY_FILE / IU_LEDGER_WITNESS as the extension reads them, else the repository's
// demo ones). Both are the extension's own code (extension/src/ops: bundled into dist/cli.js,
// and for the repository's scripts into extension/dist/ops.js by scripts/build.sh).
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MIGRATION_LEDGER as LEDGER, MIGRATION_LEDGER_FIELDS } from '../shared/schema.js';
import { closeSeal, openSeal } from '../shared/seal.js';
import { loadNodeCore } from './core.js';
import { connect, databaseOf, describeDb, UsageError } from './database.js';
import { introspect, rowCounts, schemaDiff } from './introspect.js';
import { scratchCopy } from './scratch.js';

/** @typedef {import('knex').Knex} Knex */
/** @typedef {import('./core.js').NodeCore} NodeCore */
/** The operations bundle (extension/src/ops: dist/ops.js, or built into the packed CLI). @typedef {typeof import('../ops/index.js')} Ops */
/** @typedef {import('../ops/index.js').UpgradeOptions} UpgradeOptions */
/** @typedef {import('./introspect.js').FullDiff} FullDiff */
/**
 * An entry of migrations/manifest.json: a file, its frozen sha256, and for a migration its version and what its
 * gates allow (`additive`, `may_change_rows`), its preflight and its follow-up.
 * @typedef {{ file: string, sha256: string, version?: string, name?: string, additive?: boolean, may_change_rows?: string[], preflight?: string, then?: string }} ManifestFile
 */
/** @typedef {{ format: string, files: ManifestFile[] }} Manifest */
/** A gate as the report prints it: the core's, or one the runner decides itself (no expected or found). @typedef {{ name: string, verdict: string, expected?: unknown, found?: unknown, evidence: string }} ReportGate */
/** One migration's outcome. @typedef {{ version: string, file?: string, passed: boolean, preflightRefused?: boolean, gates: ReportGate[], diff: FullDiff | null }} Step */
/**
 * A follow-up's outcome, with its own answer: the positions upgrade entries it opened, or the log it opened.
 * @typedef {{ version: string, then: string, passed: boolean, dryRun?: boolean, error?: string, upgrades?: import('../ops/index.js').OpenedUpgrade[], log?: { size: number, origin: string } | null }} FollowUp
 */

/**
 * A follow-up that ran.
 * @param {string} version @param {string} then @param {boolean | undefined} dryRun
 * @param {{ upgrades: import('../ops/index.js').OpenedUpgrade[], log?: { size: number, origin: string } | null }} r
 * @returns {FollowUp}
 */
const followUpDone = (version, then, dryRun, r) => ({ version, then, passed: true, dryRun, upgrades: r.upgrades, ...('log' in r ? { log: r.log ?? null } : {}) });
/**
 * What a run did, as formatReport prints it.
 * @typedef {{ passed: boolean, fileGates?: import('../core-types/index.js').GateReport, preflight?: string, steps?: Step[], upgrades?: import('../ops/index.js').OpenedUpgrade[], followUps?: FollowUp[], followUpsOnly?: boolean }} RunResult
 */

// The frozen migrations: beside dist/ in the package (dist/cli.js, where the build copies them), or at the
// repository's top seen from this source file.
/** @type {[string, string]} */
const WHERE_MIGRATIONS = [fileURLToPath(new URL('../migrations/', import.meta.url)), fileURLToPath(new URL('../../../migrations/', import.meta.url))];
export const MIGRATIONS = (WHERE_MIGRATIONS.find((d) => existsSync(join(d, 'manifest.json'))) ?? WHERE_MIGRATIONS[0]).replace(/\/$/, '');
/** The operations bundle the repository's scripts load (built by scripts/build.sh); the packed CLI has them built in. */
export const OPS_BUNDLE = fileURLToPath(new URL('../../dist/ops.js', import.meta.url));
/**
 * How a path is shown in a report: relative to the folder that holds migrations/.
 * @param {string} file
 * @param {string} dir
 */
const shown = (file, dir) => relative(dirname(dir), file);

/**
 * Every file under migrations/ but the manifest itself, with its sha256.
 * @param {string} [dir]
 * @returns {import('../core-types/index.js').FoundFile[]}
 */
export function foundFiles(dir = MIGRATIONS) {
	/** @type {import('../core-types/index.js').FoundFile[]} */
	const out = [];
	/** @param {string} d */
	const walk = (d) => {
		for (const name of readdirSync(d).sort()) {
			const full = join(d, name);
			if (statSync(full).isDirectory()) walk(full);
			else if (full !== join(dir, 'manifest.json')) out.push({ file: relative(dir, full), sha256: createHash('sha256').update(readFileSync(full)).digest('hex') });
		}
	};
	walk(dir);
	return out;
}

/**
 * @param {string} [dir]
 * @returns {Manifest}
 */
export function readManifest(dir = MIGRATIONS) {
	return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

/** @param {Knex} k */
const clientName = (k) => (k.client.config.client === 'sqlite3' ? 'sqlite' : 'postgres');
/**
 * @param {string} dir
 * @param {string} version
 * @param {string} client
 */
const expectedPath = (dir, version, client) => join(dir, 'expected', `${version}.${client}.json`);

/** @param {Knex} k */
async function ensureLedger(k) {
	if (await k.schema.hasTable(LEDGER)) return;
	await k.schema.createTable(LEDGER, (t) => {
		t.string('id', 36).primary();
		t.integer('seq').notNullable().unique();
		t.string('version', 32).notNullable();
		t.string('file', 255).notNullable();
		t.string('file_sha256', 64).notNullable();
		t.string('direction', 8).notNullable();
		t.string('applied_at', 32).notNullable();
		t.string('applied_by', 128).notNullable();
		t.text('report').notNullable();
		t.string('prev_hash', 64);
		t.string('row_hash', 64).notNullable();
	});
}

/**
 * The migrations applied now, as the ledger recorded them (the latest `up` not undone by a `down`).
 * @param {Knex} k
 * @returns {Promise<import('../core-types/index.js').AppliedMigration[]>}
 */
export async function appliedMigrations(k) {
	if (!(await k.schema.hasTable(LEDGER))) return [];
	/** @type {Map<string, import('../core-types/index.js').AppliedMigration>} */
	const state = new Map();
	for (const r of await k(LEDGER).orderBy('seq')) {
		if (r.direction === 'up') state.set(r.version, { version: r.version, file: r.file, sha256: r.file_sha256 });
		else state.delete(r.version);
	}
	return [...state.values()];
}

/**
 * A migration ledger row's hashed content: its columns, `seq` as a number.
 * @param {Record<string, unknown>} r
 * @returns {Record<string, unknown>}
 */
const ledgerContent = (r) => Object.fromEntries(MIGRATION_LEDGER_FIELDS.map((c) => [c, c === 'seq' ? Number(r[c]) : r[c]]));

/**
 * @param {import('knex').Knex.Transaction} trx
 * @param {NodeCore} core
 * @param {{ version: string, file: string, file_sha256: string, direction: 'up' | 'down', report: string }} row
 */
async function appendLedger(trx, core, row) {
	const last = await trx(LEDGER).orderBy('seq', 'desc').first();
	const id = randomUUID();
	const content = ledgerContent({ id, seq: (last ? Number(last.seq) : 0) + 1, applied_at: new Date().toISOString(), applied_by: safeUser(), ...row });
	const prev = last
		? {
				collection: LEDGER,
				id: last.id,
				content: /** @type {import('../core-types/index.js').JsonValue} */ (ledgerContent(last)),
				prev_hash: last.prev_hash,
				row_hash: last.row_hash,
			}
		: null;
	// Not `lean`: the core answers the linked rows.
	const r = /** @type {import('../core-types/index.js').Outcome<import('../core-types/index.js').ILedgerChainResult>} */ (
		core.ledgerChain({ prev, rows: [{ collection: LEDGER, id, content: /** @type {import('../core-types/index.js').JsonValue} */ (content) }] })
	);
	if (!r.ok) throw new Error(`ledger: ${r.error.reason}`);
	// One row given, one row linked.
	const linked = /** @type {import('../core-types/index.js').LedgerRow} */ (r.rows[0]);
	// iu0004 seals the migration ledger (append-only, INSERT under the seal): the runner opens it for its row.
	const seal = await openSeal(trx, { ifInstalled: true });
	await trx(LEDGER).insert({ ...content, prev_hash: linked.prev_hash, row_hash: linked.row_hash });
	await closeSeal(trx, seal);
}

/**
 * The migration ledger's own hash chain, checked by the core.
 * @param {Knex} k
 * @param {NodeCore} core
 */
export async function verifyMigrationLedger(k, core) {
	if (!(await k.schema.hasTable(LEDGER))) return { passed: true, violations: [] };
	/** @type {Record<string, unknown>[]} */
	const stored = await k(LEDGER).orderBy('seq');
	// The row's own values, as the driver read them (ids and hashes are text).
	const rows = stored.map((r) => ({
		collection: LEDGER,
		id: /** @type {string} */ (r['id']),
		content: /** @type {import('../core-types/index.js').JsonValue} */ (ledgerContent(r)),
		prev_hash: /** @type {string | null} */ (r['prev_hash']),
		row_hash: /** @type {string} */ (r['row_hash']),
	}));
	return core.verifyLedger({ rows });
}

function safeUser() {
	try {
		return userInfo().username;
	} catch {
		return 'unknown';
	}
}

/**
 * @template T
 * @param {string} what
 * @param {import('../core-types/index.js').Outcome<T>} r
 * @returns {{ ok: true } & T}
 */
const unwrap = (what, r) => {
	if (!r.ok) throw new Error(`${what}: ${r.error.reason} (${r.error.hint})`);
	return r;
};

/** A failed gate inside the transaction: thrown to roll it back, carried out as the report. */
class GateFailure extends Error {
	/** @param {unknown} [report] */
	constructor(report) {
		super('a gate failed');
		this.report = report;
	}
}

/** The extension's operations (extension/src/ops), loaded once: as the packed CLI provides them, else extension/dist/ops.js. */
/** @type {Promise<Ops> | undefined} */
let opsLoading;
/** @param {Ops} ops */
export function useOps(ops) {
	opsLoading = Promise.resolve(ops);
}
/** @returns {Promise<Ops>} */
export function loadOps() {
	if (!opsLoading && !existsSync(OPS_BUNDLE)) return Promise.reject(new Error(`${OPS_BUNDLE} is missing: build the extension first (bash scripts/build.sh)`));
	opsLoading ??= import(pathToFileURL(OPS_BUNDLE).href);
	return opsLoading;
}

/** The signing key and witness the repository's scripts fall back to (REPO_DEFAULTS: the demo's); none in the package. */
/** @type {{ keyFile?: string, witness?: string }} */
let fallbackSigning = {};
/** @param {{ keyFile?: string, witness?: string }} [signing] */
export function useSigningFallback({ keyFile, witness } = {}) {
	fallbackSigning = { keyFile, witness };
}

/**
 * The signing key and witness file the positions upgrades are signed with: as given, else the
 * variables the extension reads (IU_LEDGER_KEY_FILE, IU_LEDGER_WITNESS), else the fallback.
 * @param {{ keyFile?: string, witness?: string }} [given]
 * @returns {{ keyFile: string | undefined, witness: string | undefined }}
 */
export function upgradeOptions(given = {}) {
	const keyFile = given.keyFile ?? (process.env['IU_LEDGER_KEY_FILE'] || fallbackSigning.keyFile);
	// No witness named: Directus' own default, `ledger-witness.jsonl` beside the key (lib/checkpoint.ts), but the fallback's with its key.
	const witness = given.witness ?? (process.env['IU_LEDGER_WITNESS'] || (keyFile && keyFile === fallbackSigning.keyFile ? fallbackSigning.witness : undefined));
	return { keyFile, witness };
}

// What a manifest entry's `preflight` and `then` name: functions of the operations bundle.
/** @type {Record<string, (ops: Ops, k: Knex, o: UpgradeOptions) => ReturnType<Ops['preflightPositionUpgrade']>>} */
const PREFLIGHTS = { 'position-upgrade': (ops, k, o) => ops.preflightPositionUpgrade(k, o) };
/** @type {Record<string, (ops: Ops, k: Knex, o: UpgradeOptions) => ReturnType<Ops['openPositionUpgrades']>>} */
const FOLLOW_UPS = { 'open-position-upgrades': (ops, k, o) => ops.openPositionUpgrades(k, o), 'open-transparency-log': (ops, k, o) => ops.openTransparencyLog(k, o) };

/**
 * Applies every pending migration to the database `k` is connected to.
 * Returns `{ passed, steps: [{ version, gates, diff, applied }], fileGates, upgrades? }`; never half-applies one.
 *
 * - `untilVersion` ('iu0010'): apply nothing after it (tests build a store of an earlier release), and run no
 *   follow-up of a later migration.
 * - `upgrade: { keyFile, witness }`: the operator's signing key and witness file for what the follow-ups sign
 *   (default: `upgradeOptions()`).
 * - `dryRun`: preflights skip the key check and follow-ups plan without writing (for a scratch copy).
 * - `ops`: the operations bundle (default: extension/dist/ops.js, loaded only when a migration names one).
 * @param {Knex} k
 * @param {{ dir?: string, core?: NodeCore, recordShape?: boolean, untilVersion?: string | null, upgrade?: { keyFile?: string, witness?: string }, dryRun?: boolean, ops?: Ops | null }} [options]
 * @returns {Promise<RunResult & { steps: Step[] }>}
 */
export async function applyPending(k, { dir = MIGRATIONS, core, recordShape = false, untilVersion = null, upgrade = {}, dryRun = false, ops = null } = {}) {
	const theCore = core ?? (await loadNodeCore());
	const opsNow = async () => (ops ??= await loadOps());
	const signing = { ...upgradeOptions(upgrade), dryRun: dryRun || recordShape, runBy: safeUser() };
	const manifest = readManifest(dir);
	const applied = await appliedMigrations(k);
	const fileGates = unwrap('file gates', theCore.migrationFileGates({ frozen: frozenOf(manifest), found: foundFiles(dir), applied })).report;
	/** @type {RunResult & { steps: Step[] }} */
	const out = { passed: fileGates.passed, fileGates, steps: [] };
	// A refused run writes nothing, not even the ledger table.
	if (!fileGates.passed) return out;
	if (!(await k.schema.hasTable('directus_migrations'))) {
		out.passed = false;
		out.preflight = 'directus_migrations is missing: run `directus bootstrap` (the system tables) before iu-cutter migrations';
		return out;
	}
	await ensureLedger(k);
	const done = new Set(applied.map((a) => a.version));
	// Installs from before this runner had Directus apply the migrations directly: adopt
	// them into the ledger with the file's frozen hash, once, and say so in the report.
	const byDirectus = new Set((await k('directus_migrations').select('version')).map((/** @type {{ version: string }} */ r) => r.version));
	for (const m of versioned(manifest).filter((f) => byDirectus.has(f.version) && !done.has(f.version))) {
		await k.transaction((trx) =>
			appendLedger(trx, theCore, { version: m.version, file: m.file, file_sha256: m.sha256, direction: 'up', report: JSON.stringify({ adopted: true }) }),
		);
		done.add(m.version);
		out.steps.push({
			version: m.version,
			file: m.file,
			passed: true,
			gates: [{ name: 'adopted', verdict: 'pass', evidence: 'applied by Directus before the gated runner existed; recorded in the migration ledger with its frozen sha256' }],
			diff: null,
		});
	}
	const wanted = versioned(manifest)
		.filter((f) => !untilVersion || f.version <= untilVersion)
		.sort((a, b) => a.version.localeCompare(b.version));
	for (const m of wanted) {
		if (done.has(m.version)) continue;
		/** @type {ReportGate[]} */
		let preflight = [];
		if (m.preflight) {
			const run = PREFLIGHTS[m.preflight];
			const r = run
				? await run(await opsNow(), k, signing)
				: {
						passed: false,
						gates: [{ name: 'preflight', verdict: 'fail', expected: Object.keys(PREFLIGHTS), found: m.preflight, evidence: `${m.file}: unknown preflight "${m.preflight}"` }],
					};
			preflight = r.gates;
			if (!r.passed) {
				// Refused before its transaction: nothing of this migration was written.
				out.steps.push({ version: m.version, file: m.file, passed: false, preflightRefused: true, gates: preflight, diff: null });
				out.passed = false;
				break;
			}
		}
		const step = await applyOne(k, theCore, dir, m, recordShape);
		step.gates.unshift(...preflight);
		out.steps.push(step);
		if (!step.passed) {
			out.passed = false;
			break;
		}
		done.add(m.version);
	}
	// Follow-ups of every applied migration, on every run: each is idempotent, and a run that stopped half-way
	// (or an upgrade entry rejected since) gets what is missing now.
	if (out.passed) {
		for (const m of wanted.filter((f) => f.then && done.has(f.version))) {
			const run = FOLLOW_UPS[String(m.then)];
			try {
				if (!run) throw new Error(`${m.file}: unknown follow-up "${m.then}"`);
				const r = await run(await opsNow(), k, signing);
				out.upgrades = [...(out.upgrades ?? []), ...r.upgrades];
				out.followUps = [...(out.followUps ?? []), followUpDone(m.version, String(m.then), signing.dryRun, r)];
			} catch (e) {
				out.passed = false;
				out.followUps = [...(out.followUps ?? []), { version: m.version, then: String(m.then), passed: false, error: String(messageOf(e)) }];
				break;
			}
		}
	}
	return out;
}

/**
 * Only the follow-ups (`--open-position-upgrades`): for an operator whose migration ran without a key, or to
 * open again the upgrade of a document whose entry was rejected. Refused unless the migration is applied.
 * @param {Knex} k
 * @param {{ dir?: string, upgrade?: { keyFile?: string, witness?: string }, dryRun?: boolean, ops?: Ops | null }} [options]
 * @returns {Promise<RunResult & { followUps: FollowUp[] }>}
 */
export async function runFollowUps(k, { dir = MIGRATIONS, upgrade = {}, dryRun = false, ops = null } = {}) {
	const manifest = readManifest(dir);
	const applied = new Set((await appliedMigrations(k)).map((a) => a.version));
	/** @type {RunResult & { followUps: FollowUp[] }} */
	const out = { passed: true, steps: [], followUps: [] };
	for (const m of versioned(manifest).filter((f) => f.then)) {
		const then = String(m.then);
		if (!applied.has(m.version)) {
			out.passed = false;
			out.followUps.push({ version: m.version, then, passed: false, error: `${m.version} is not applied: run \`npm run migrate\` (it opens them after applying it)` });
			continue;
		}
		try {
			ops ??= await loadOps();
			// An unknown follow-up throws here as before (calling undefined), and is reported like any failure.
			const followUp = /** @type {NonNullable<(typeof FOLLOW_UPS)[string]>} */ (FOLLOW_UPS[then]);
			const r = await followUp(ops, k, { ...upgradeOptions(upgrade), dryRun, runBy: safeUser() });
			out.upgrades = [...(out.upgrades ?? []), ...r.upgrades];
			out.followUps.push(followUpDone(m.version, then, dryRun, r));
		} catch (e) {
			out.passed = false;
			out.followUps.push({ version: m.version, then, passed: false, error: String(messageOf(e)) });
		}
	}
	return out;
}

/**
 * The manifest's migrations (the entries with a version).
 * @param {Manifest} manifest
 * @returns {(ManifestFile & { version: string })[]}
 */
function versioned(manifest) {
	return manifest.files.filter(/** @returns {f is ManifestFile & { version: string }} */ (f) => Boolean(f.version));
}

/**
 * A thrown value's message, else the value (what the reports print).
 * @param {unknown} e
 */
const messageOf = (e) => /** @type {{ message?: unknown } | null | undefined} */ (e)?.message ?? e;

/**
 * @param {Manifest} manifest
 * @returns {import('../core-types/index.js').FrozenFile[]}
 */
function frozenOf(manifest) {
	return manifest.files.map(({ file, sha256, version, additive }) => ({ file, sha256, version: version ?? null, additive: additive ?? null }));
}

/** A migration file's module. @typedef {{ up(trx: import('knex').Knex.Transaction): Promise<void>, down(trx: import('knex').Knex.Transaction): Promise<void> }} MigrationModule */

/**
 * @param {Knex} k
 * @param {NodeCore} core
 * @param {string} dir
 * @param {ManifestFile & { version: string }} m
 * @param {boolean} recordShape
 * @returns {Promise<Step>}
 */
async function applyOne(k, core, dir, m, recordShape) {
	/** @type {MigrationModule} */
	const mod = await import(pathToFileURL(join(dir, m.file)).href);
	const client = clientName(k);
	const before = await introspect(k);
	const countsBefore = await rowCounts(k, before);
	/** @type {Step} */
	const step = { version: m.version, file: m.file, passed: false, gates: [], diff: null };
	try {
		await k.transaction(async (trx) => {
			try {
				await mod.up(trx);
			} catch (e) {
				step.gates.push({ name: 'up', verdict: 'fail', expected: 'up() completes', found: String(messageOf(e)), evidence: `${m.file} up() threw: ${messageOf(e)}` });
				throw new GateFailure();
			}
			const after = await introspect(trx);
			const diff = unwrapDiff(schemaDiff(core, before, after));
			step.diff = diff;
			if (recordShape) {
				mkdirSync(join(dir, 'expected'), { recursive: true });
				writeFileSync(expectedPath(dir, m.version, client), JSON.stringify(diff, null, 2) + '\n');
			}
			const file = expectedPath(dir, m.version, client);
			const expected = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
			step.gates.push(
				expected
					? unwrap('shape gate', core.shapeGate({ version: m.version, expected, actual: diff })).gate
					: {
							name: 'expected-shape',
							verdict: 'fail',
							expected: shown(file, dir),
							found: 'missing',
							evidence: `no expected shape ${shown(file, dir)}: record it with --record-shape and commit it`,
						},
			);
			step.gates.push(unwrap('additive gate', core.additiveGate({ version: m.version, additive: Boolean(m.additive), diff })).gate);
			step.gates.push(unwrap('row-count gate', core.rowCountGate({ before: countsBefore, after: await rowCounts(trx, after), mayChange: m.may_change_rows ?? [] })).gate);
			if (step.gates.some((g) => g.verdict !== 'pass')) throw new GateFailure();
			await trx('directus_migrations').insert({ version: m.version, name: m.name ?? m.file });
			await appendLedger(trx, core, {
				version: m.version,
				file: m.file,
				file_sha256: m.sha256,
				direction: 'up',
				report: JSON.stringify({ gates: step.gates.map((g) => [g.name, g.verdict]), diff }),
			});
		});
		step.passed = true;
	} catch (e) {
		if (!(e instanceof GateFailure))
			step.gates.push({ name: 'transaction', verdict: 'fail', expected: 'commit', found: String(messageOf(e)), evidence: `rolled back: ${messageOf(e)}` });
	}
	return step;
}

/**
 * The schema diff, or the core's refusal thrown (as `unwrap` throws it).
 * @param {ReturnType<typeof schemaDiff>} r
 * @returns {FullDiff}
 */
function unwrapDiff(r) {
	if (!r.ok) throw new Error(`schema diff: ${r.error.reason} (${r.error.hint})`);
	return r.diff;
}

/**
 * Undoes `version`, which must be the latest applied; the schema must come back to what it was before its `up`.
 * @param {Knex} k
 * @param {string} version
 * @param {{ dir?: string, core?: NodeCore }} [options]
 * @returns {Promise<Step>}
 */
export async function undo(k, version, { dir = MIGRATIONS, core } = {}) {
	const theCore = core ?? (await loadNodeCore());
	const manifest = readManifest(dir);
	const applied = await appliedMigrations(k);
	const fileGates = unwrap('file gates', theCore.migrationFileGates({ frozen: frozenOf(manifest), found: foundFiles(dir), applied })).report;
	/** @type {Step} */
	const step = { version, passed: false, gates: [...fileGates.gates], diff: null };
	const latest = applied
		.map((a) => a.version)
		.sort()
		.at(-1);
	if (!fileGates.passed) return step;
	if (latest !== version) {
		step.gates.push({
			name: 'latest-applied',
			verdict: 'fail',
			expected: version,
			found: latest ?? 'none',
			evidence: `only the latest applied migration (${latest ?? 'none'}) can be undone`,
		});
		return step;
	}
	// The latest applied version, named in the manifest (the file gates above passed).
	const m = /** @type {ManifestFile} */ (manifest.files.find((f) => f.version === version));
	/** @type {MigrationModule} */
	const mod = await import(pathToFileURL(join(dir, m.file)).href);
	const before = await introspect(k);
	try {
		await k.transaction(async (trx) => {
			await mod.down(trx);
			const after = await introspect(trx);
			const diff = unwrapDiff(schemaDiff(theCore, before, after));
			step.diff = diff;
			/** @type {FullDiff} */
			const expected = JSON.parse(readFileSync(expectedPath(dir, version, clientName(k)), 'utf8'));
			// down must remove exactly what up added, and add back what it removed.
			const inverse = { added: expected.removed, removed: expected.added, changed: expected.changed.map((c) => ({ ...c, before: c.after, after: c.before })) };
			const gate = unwrap('shape gate', theCore.shapeGate({ version, expected: inverse, actual: diff })).gate;
			step.gates.push({ ...gate, name: 'down-restores-shape' });
			if (gate.verdict !== 'pass') throw new GateFailure();
			await trx('directus_migrations').where({ version }).delete();
			await appendLedger(trx, theCore, { version, file: m.file, file_sha256: m.sha256, direction: 'down', report: JSON.stringify({ diff }) });
		});
		step.passed = true;
	} catch (e) {
		if (!(e instanceof GateFailure))
			step.gates.push({ name: 'transaction', verdict: 'fail', expected: 'commit', found: String(messageOf(e)), evidence: `rolled back: ${messageOf(e)}` });
	}
	return step;
}

/**
 * Writes the current sha256 of every file into the manifest, keeping each
 * entry's version, name, additive flag and may_change_rows. For authors adding
 * a migration; it cannot launder a changed applied migration, because the
 * `applied-unchanged` gate compares with the hash the ledger recorded at apply time.
 * @param {string} [dir]
 * @returns {Manifest}
 */
export function freeze(dir = MIGRATIONS) {
	/** @type {Manifest} */
	const manifest = existsSync(join(dir, 'manifest.json')) ? readManifest(dir) : { format: 'iu-cutter-migrations-v1', files: [] };
	const known = new Map(manifest.files.map((f) => [f.file, f]));
	manifest.files = foundFiles(dir).map(({ file, sha256 }) => {
		/** @type {Partial<ManifestFile>} */
		const prior = known.get(file) ?? {};
		const version = /^(iu\d{4})-/.exec(file)?.[1];
		return version
			? { version, name: prior.name ?? file, additive: prior.additive ?? true, may_change_rows: prior.may_change_rows ?? DIRECTUS_META, ...prior, file, sha256 }
			: { ...prior, file, sha256 };
	});
	writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, '\t') + '\n');
	return manifest;
}

// Directus metadata rows a migration registering collections adds.
const DIRECTUS_META = ['directus_collections', 'directus_fields', 'directus_relations'];

// ── report ───────────────────────────────────────────────────────────────────

/**
 * @param {string} title
 * @param {RunResult} result
 * @returns {string}
 */
export function formatReport(title, result) {
	const lines = [title];
	// A passing gate's evidence is cut short (its diff is printed below); a failing one is shown whole.
	/** @param {ReportGate} g */
	const gate = (g) => `  ${g.verdict === 'pass' ? 'PASS' : 'FAIL'}  ${g.name}: ${g.verdict === 'pass' && g.evidence.length > 240 ? `${g.evidence.slice(0, 240)}…` : g.evidence}`;
	if (result.fileGates) lines.push('preflight', ...result.fileGates.gates.map(gate));
	if (result.preflight) lines.push(`  FAIL  preflight: ${result.preflight}`);
	for (const s of result.steps ?? []) {
		lines.push(`${s.version} (${s.file ?? ''}): ${s.passed ? 'applied' : s.preflightRefused ? 'REFUSED by its preflight, nothing written' : 'REFUSED, rolled back'}`);
		lines.push(...s.gates.map(gate));
		if (s.diff) {
			lines.push('  schema diff:');
			for (const a of s.diff.added) lines.push(`    + ${a.kind} ${a.name}${a.detail ? ` — ${a.detail}` : ''}`);
			for (const r of s.diff.removed) lines.push(`    - ${r.kind} ${r.name}${r.detail ? ` — ${r.detail}` : ''}`);
			for (const c of s.diff.changed) lines.push(`    ~ ${c.kind} ${c.name}: ${c.before} → ${c.after}`);
			if (!s.diff.added.length && !s.diff.removed.length && !s.diff.changed.length) lines.push('    (none)');
		}
	}
	if (result.steps && result.steps.length === 0 && result.passed && !result.followUpsOnly) lines.push('nothing to apply: every migration is applied');
	for (const f of result.followUps ?? []) {
		if (!f.passed) {
			lines.push(`${f.version} ${f.then}: FAILED: ${f.error}`);
			continue;
		}
		if ('log' in f) {
			lines.push(
				f.dryRun
					? `${f.version} ${f.then}: would make the chain the first leaves of the transparency log`
					: f.log
						? `${f.version} ${f.then}: the transparency log ${f.log.origin} holds the chain's ${f.log.size} row(s), signed as its checkpoint of size ${f.log.size}`
						: `${f.version} ${f.then}: the chain is empty; the log opens with the first workflow step`,
			);
			continue;
		}
		const ups = (f.upgrades ?? []).filter(Boolean);
		const fresh = ups.filter((u) => !u.existing);
		const verb = f.dryRun ? 'would open' : 'opened';
		lines.push(
			`${f.version} ${f.then}: ${verb} ${fresh.length} positions upgrade entr${fresh.length === 1 ? 'y' : 'ies'}${ups.length > fresh.length ? `, ${ups.length - fresh.length} open already` : ''}`,
		);
		for (const u of ups) {
			const where = `${u.doc_code} (document ${u.document})`;
			if (u.existing) lines.push(`  open already  ${where}: entry ${u.entry} (${u.state})`);
			else if (u.entry) lines.push(`  opened  ${where}: entry ${u.entry}, manifest sha256 ${u.manifest_sha256}, ${u.blocks} block(s) of ${u.units} unit(s)`);
			else lines.push(`  planned  ${where}: manifest sha256 ${u.manifest_sha256}, ${u.blocks} block(s) of ${u.units} unit(s)`);
		}
		if (fresh.length && !f.dryRun)
			lines.push(
				'  next: review, CUT and VERIFY each entry (docs/DEPLOYMENT.md, "Upgrading to sibling positions"); until then, changes to those documents are refused (IU_POSITIONS_PENDING)',
			);
	}
	lines.push(result.passed ? 'result: PASSED' : 'result: FAILED');
	return lines.join('\n');
}

// ── command ──────────────────────────────────────────────────────────────────

export const MIGRATE_HELP = `iu-cutter migrate [options]: apply iu-cutter's pending migrations, each gated and in one transaction

  (no option)                 apply every pending migration, then open what a migration's follow-up opens
  --status                    the file gates, what is applied and the migration ledger's chain; changes nothing
  --dry-run                   apply them to a scratch copy of the database and print the report; changes nothing
  --down <version>            undo the latest applied migration (it must be that one)
  --open-position-upgrades    only open iu0011's positions upgrade entries (signed with IU_LEDGER_KEY_FILE)
  --db sqlite:<file> | --db postgres://user:password@host:port/database
                              the database (default: Directus' DB_* settings, from the environment and ./.env)

Run it after \`directus bootstrap\` and before starting Directus with the new version. The signing key and
witness for what a follow-up signs: IU_LEDGER_KEY_FILE and IU_LEDGER_WITNESS, as the extension reads them.
Exit code: 0 when everything passed, 1 when a gate refused (nothing of that migration was written), 2 on bad usage.`;

/**
 * \`iu-cutter migrate\`: prints its report, returns the exit code. `ctx` (the repository's npm scripts): `db` the
 * database when none is set, `authoring` for --freeze and --record-shape, `dir` the migrations.
 * @param {string[]} argv
 * @param {import('./main.js').CommandContext} [ctx]
 * @returns {Promise<number>}
 */
export async function migrateCommand(argv, ctx = {}) {
	const dir = ctx.dir ?? MIGRATIONS;
	/** @param {string} name */
	const flag = (name) => argv.includes(name);
	if (!ctx.authoring && (flag('--freeze') || flag('--record-shape')))
		throw new UsageError('--freeze and --record-shape are for authors of migrations, in the iu-cutter repository (npm run migrate)');
	if (flag('--freeze')) {
		const m = freeze(dir);
		console.log(`migrations/manifest.json: ${m.files.length} files frozen`);
		return 0;
	}
	const db = await databaseOf(argv, { fallback: ctx.db });
	if (db.client === 'sqlite3' && !existsSync(db.filename)) {
		console.error(
			`no database at ${db.filename}: ${ctx.db ? 'start iu-cutter once (npm start) or pass --db' : 'check DB_FILENAME (relative paths start in the current folder) or run `directus bootstrap` first'}`,
		);
		return 2;
	}
	const core = await loadNodeCore();
	if (flag('--dry-run') || flag('--record-shape')) {
		const scratch = await scratchCopy(db);
		const k = connect(scratch.db);
		try {
			const result = await applyPending(k, { dir, core, recordShape: flag('--record-shape'), dryRun: true });
			console.log(formatReport(`iu-cutter migrations — DRY RUN on a scratch copy of ${describeDb(db)} (${scratch.describe}); the database itself is not touched`, result));
			return result.passed ? 0 : 1;
		} finally {
			await k.destroy();
			await scratch.drop();
		}
	}
	const k = connect(db);
	try {
		if (flag('--status')) {
			const applied = await appliedMigrations(k);
			const report = unwrap('file gates', core.migrationFileGates({ frozen: frozenOf(readManifest(dir)), found: foundFiles(dir), applied })).report;
			console.log(
				formatReport(`iu-cutter migrations — status of ${describeDb(db)}\napplied: ${applied.map((a) => a.version).join(', ') || 'none'}`, {
					fileGates: report,
					passed: report.passed,
				}),
			);
			const chain = await verifyMigrationLedger(k, core);
			// A check the core refused (its Failure) is no intact chain either.
			const intact = 'passed' in chain && chain.passed;
			console.log(`migration ledger chain: ${intact ? 'intact' : `BROKEN: ${JSON.stringify('violations' in chain ? chain.violations : undefined)}`}`);
			return report.passed && intact ? 0 : 1;
		}
		const i = argv.indexOf('--down');
		if (i >= 0) {
			if (!/^iu\d{4}$/.test(argv[i + 1] ?? '')) throw new UsageError('--down needs the version to undo, e.g. --down iu0014 (see --status for what is applied)');
			const version = String(argv[i + 1]);
			const step = await undo(k, version, { dir, core });
			console.log(formatReport(`iu-cutter migrations — down ${version} on ${describeDb(db)}`, { steps: [step], passed: step.passed }));
			return step.passed ? 0 : 1;
		}
		if (flag('--open-position-upgrades')) {
			const result = await runFollowUps(k, { dir });
			console.log(formatReport(`iu-cutter migrations — positions upgrades on ${describeDb(db)}`, { ...result, followUpsOnly: true }));
			return result.passed ? 0 : 1;
		}
		const result = await applyPending(k, { dir, core });
		console.log(formatReport(`iu-cutter migrations — apply on ${describeDb(db)}`, result));
		return result.passed ? 0 : 1;
	} finally {
		await k.destroy();
	}
}
