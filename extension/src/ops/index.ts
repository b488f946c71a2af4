// The migration runner's part of the workflow (issue 30), bundled by esbuild into
// extension/dist/ops.js (scripts/build.sh) so that scripts/migrate.js runs the
// extension's own code outside Directus: the same plan, ledger, seal and
// checkpoint code as POST /submit, none of it written twice.
//
// - preflightPositionUpgrade: before iu0011's transaction, reads only. A store with
//   entries submitted or approved under the old meaning, or whose units drifted from
//   the ledger, is refused (the upgrade's before-images come from the store: drift
//   would be laundered into its after-images).
// - openPositionUpgrades: after iu0011 committed, one upgrade entry per pending
//   document (lib/positions.ts), each in its own sealed transaction, submitted by
//   MIGRATION_ACTOR and sealed with the operator's key; with IU_MIGRATION_KEY_FILE, the runner
//   also signs each entry's submit with a key of its own (issue 48), which the trust policy can
//   name. Idempotent: a document with an open upgrade entry, or whose upgrade is cut, is left alone.
//
// Outside Directus, `sealedTransaction`'s cluster check and data-cache purge are
// no-ops (nothing registered them); the signing key and the witness file are read
// from IU_LEDGER_KEY_FILE / IU_LEDGER_WITNESS, which the options set for the call.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Knex } from 'knex';
import { KEY_ENV, RUNNER_KEY_ENV, signingKey, WITNESS_ENV } from '../lib/checkpoint.js';
import { chainTail } from '../shared/ledger-rows.js';
import { signAs } from '../governance/agent-signature.js';
import { loadCore, withOwnCore, type Core } from '../lib/core.js';
import { loadDisowned, owned } from '../lib/disowned.js';
import { documentDrift } from '../lib/ledger-audit.js';
import { entryStates, FORMAT_V1, MIGRATION_ACTOR, MIGRATION_ACTOR_NAME, pendingUpgrade, pendingUpgrades } from '../lib/positions.js';
import { sealedTransaction } from '../lib/seal.js';
import { lastLogCheckpoint } from '../lib/tlog.js';
import { loadDocument, loadSectionTypes, loadUnits, type DocumentRow } from '../lib/store.js';
import { recordSubmission, type Manifest } from '../governance/plan.js';

export { FORMAT_V1, MIGRATION_ACTOR, MIGRATION_ACTOR_NAME, pendingUpgrades };

/** A gate in the migration runner's format (scripts/migrate.js prints and judges them). */
export interface Gate {
	name: string;
	verdict: 'pass' | 'fail';
	expected: unknown;
	found: unknown;
	evidence: string;
}

export interface UpgradeOptions {
	/** The operator's signing key (PKCS#8 Ed25519), as Directus' IU_LEDGER_KEY_FILE. */
	keyFile?: string;
	/** The witness file, as Directus' IU_LEDGER_WITNESS. */
	witness?: string;
	/** Plan and report, write nothing (and read no key). */
	dryRun?: boolean;
	/** Who ran the migration (the OS user): recorded in each entry's `submitted` detail. */
	runBy?: string;
}

/** Runs `fn` with the key and witness variables the options name, and puts the old values back. */
async function withLedgerEnv<T>(o: UpgradeOptions, fn: () => Promise<T>): Promise<T> {
	const saved = { [KEY_ENV]: process.env[KEY_ENV], [WITNESS_ENV]: process.env[WITNESS_ENV] };
	if (o.keyFile) process.env[KEY_ENV] = o.keyFile;
	if (o.witness) process.env[WITNESS_ENV] = o.witness;
	try {
		return await fn();
	} finally {
		for (const [k, v] of Object.entries(saved)) {
			if (v === undefined) delete process.env[k];
			else process.env[k] = v;
		}
	}
}

/** The runner's own key (IU_MIGRATION_KEY_FILE), or null when it has none; a key file that cannot be read stops the run, saying so. */
async function readRunnerKey(): Promise<string | null> {
	const file = process.env[RUNNER_KEY_ENV]?.trim();
	if (!file) return null;
	try {
		return await readFile(file, 'utf8');
	} catch (e) {
		throw new Error(
			`the migration runner's key file ${file} (${RUNNER_KEY_ENV}) cannot be read: ${(e as Error).message}. Make one with \`npm run ledger:key -- --out <dir>\` (its ledger.key), or unset ${RUNNER_KEY_ENV}. Nothing was written.`,
			{ cause: e },
		);
	}
}

const gate = (name: string, passed: boolean, expected: unknown, found: unknown, evidence: string): Gate => ({ name, verdict: passed ? 'pass' : 'fail', expected, found, evidence });

/**
 * Whether iu0011 may be applied to this store: no entry submitted or approved (each named), no
 * drift in any document, and (unless `dryRun`) a readable signing key. Reads only.
 */
export async function preflightPositionUpgrade(knex: Knex, o: UpgradeOptions = {}): Promise<{ passed: boolean; gates: Gate[] }> {
	return withLedgerEnv(o, async () => {
		const gates: Gate[] = [];
		const disowned = await loadDisowned(knex);

		// 1. Nothing planned under the old meaning may be cut under the new one.
		const last = await entryStates(knex, disowned, null);
		const openIds = [...last].filter(([, state]) => state === 'submitted' || state === 'approved').map(([id]) => id);
		const open: { id: string; title: string; doc_code: string; state: string }[] = openIds.length
			? (
					await owned(knex('decision_backlog_entry as d').join('legal_document as l', 'l.id', 'd.document').whereIn('d.id', openIds), disowned, 'decision_backlog_entry', 'd.id')
						.orderBy('d.ledger_seq')
						.select('d.id as id', 'd.title as title', 'l.doc_code as doc_code')
				).map((r: { id: string; title: string; doc_code: string }) => ({ ...r, state: last.get(r.id)! }))
			: [];
		gates.push(
			gate(
				'no-open-entries',
				open.length === 0,
				'no entry submitted or approved',
				open.map((e) => `${e.id} (${e.state})`),
				open.length === 0
					? 'no entry is submitted or approved'
					: `${open.length} entr${open.length === 1 ? 'y is' : 'ies are'} submitted or approved, planned with positions as document places, which the new release cannot cut: ${open.map((e) => `${e.id} "${e.title}" of ${e.doc_code} (${e.state})`).join('; ')}. Cut it or reject it with the current release first, then migrate. Nothing was written.`,
			),
		);

		// 2. The upgrade's before-images come from the store: it must be what the ledger says.
		const documents: { id: string; doc_code: string }[] = await knex('legal_document').orderBy('doc_code').select('id', 'doc_code');
		const drifted: { id: string; doc_code: string; violations: number }[] = [];
		let units = 0;
		for (const d of documents) {
			const report = await documentDrift(knex, d.id, disowned);
			units += report.units_checked;
			if (!report.passed) drifted.push({ ...d, violations: report.violation_count });
		}
		gates.push(
			gate(
				'drift-clean',
				drifted.length === 0,
				'every document matches the ledger',
				drifted.map((d) => `${d.doc_code} (${d.id}): ${d.violations} violation(s)`),
				drifted.length === 0
					? `${documents.length} document(s), ${units} unit(s): the store matches the ledger's after-images`
					: `the store differs from the ledger in ${drifted.map((d) => `${d.doc_code} (${d.id}, ${d.violations} violation(s))`).join(', ')}: the upgrade would take the drifted values as its before-images. Record an incident and repair it with the current release first (GET /iu-cutter/ledger/verify names every violation), then migrate. Nothing was written.`,
			),
		);

		// 3. The runner signs the entries it opens, as the workflow does. A store with nothing to open (a fresh one,
		// or every upgrade open already) needs no key.
		const toOpen = [...(await pendingUpgrades(knex, null, disowned)).values()].filter((p) => !p.upgrade).length;
		if (!o.dryRun && toOpen > 0) {
			let found = 'readable';
			try {
				signingKey(await loadCore());
			} catch (e) {
				found = (e as Error).message;
			}
			gates.push(
				gate(
					'key-present',
					found === 'readable',
					`a readable signing key (${KEY_ENV})`,
					found === 'readable' ? (process.env[KEY_ENV] ?? null) : found,
					found === 'readable'
						? `the ${toOpen} upgrade entr${toOpen === 1 ? 'y' : 'ies'} will be signed with ${process.env[KEY_ENV]}`
						: `the runner cannot sign the upgrade entries it opens: ${found} Pass the instances' key (IU_LEDGER_KEY_FILE, or the runner's upgrade.keyFile option). Nothing was written.`,
				),
			);
		}
		return { passed: gates.every((g) => g.verdict === 'pass'), gates };
	});
}

/** One document's upgrade: opened (entry set), planned only (dry run), or already open (`existing`). */
export interface OpenedUpgrade {
	document: string;
	doc_code: string;
	entry: string | null;
	state: string;
	manifest_sha256: string | null;
	blocks: number;
	units: number;
	existing: boolean;
}

/** The core's upgrade plan of one document, from the units stored now (`knex`: the transaction when writing). */
async function planUpgrade(knex: Knex, document: DocumentRow, now: string) {
	const stored = await loadUnits(knex, document.id);
	const types = await loadSectionTypes(knex);
	const input = {
		document_id: document.id,
		// The envelope's `doc` is the slug every address starts with, as in every other manifest.
		doc: document.slug,
		vocabulary: document.vocabulary,
		source_sha256: document.source_sha256 ?? (await loadCore()).sha256Hex({ text: '' }),
		created_at: now,
		created_by: MIGRATION_ACTOR,
		effective_from: now,
	};
	const storedJson = JSON.stringify(stored);
	const planned = await withOwnCore((core) => core.planPositionUpgrade({ stored: storedJson, input, sectionTypes: types }));
	if (!planned.ok) {
		throw new Error(
			`iu0011: the positions upgrade of ${document.doc_code} (${document.id}) could not be planned: ${planned.error.reason}. Fix: ${planned.error.hint}. Nothing was written for it.`,
		);
	}
	if (!planned.gates.passed) {
		const failed = planned.gates.gates.filter((g) => g.verdict !== 'pass');
		throw new Error(
			`iu0011: the positions upgrade of ${document.doc_code} (${document.id}) fails its gates: ${failed.map((g) => `${g.name}: ${g.evidence}`).join(' | ')}. Nothing was written for it.`,
		);
	}
	return { stored, planned };
}

export const upgradeTitle = (doc_code: string, blocks: number, units: number) => `Positions among siblings (iu0011): ${blocks} of ${units} units of ${doc_code}`;

/**
 * Opens the upgrade entry of every pending document that has none open (lib/positions.ts), one sealed
 * transaction each; `dryRun` plans them and writes nothing. The answer lists every pending document.
 */
export async function openPositionUpgrades(knex: Knex, o: UpgradeOptions = {}): Promise<{ upgrades: OpenedUpgrade[] }> {
	return withLedgerEnv(o, async () => {
		const core: Core = await loadCore();
		const runBy = o.runBy ?? safeUser();
		// Read before anything is written: a key that cannot be read stops the run with nothing opened.
		const runnerKey = o.dryRun ? null : await readRunnerKey();
		const upgrades: OpenedUpgrade[] = [];
		for (const p of (await pendingUpgrades(knex, null)).values()) {
			const document = await loadDocument(knex, p.document);
			if (p.upgrade) {
				upgrades.push({
					document: document.id,
					doc_code: document.doc_code,
					entry: p.upgrade.id,
					state: p.upgrade.state,
					manifest_sha256: null,
					blocks: 0,
					units: 0,
					existing: true,
				});
				continue;
			}
			const now = new Date().toISOString();
			if (o.dryRun) {
				const { stored, planned } = await planUpgrade(knex, document, now);
				upgrades.push({
					document: document.id,
					doc_code: document.doc_code,
					entry: null,
					state: 'planned',
					manifest_sha256: planned.sha256,
					blocks: planned.blocks.length,
					units: stored.length,
					existing: false,
				});
				continue;
			}
			const opened = await sealedTransaction(knex, async (trx) => {
				// Decided again under the ledger lock: a second runner, or a CUT since, may have settled it.
				const now2 = await pendingUpgrade(trx, document.id);
				if (!now2) return null;
				if (now2.upgrade) return { entry: now2.upgrade.id, state: now2.upgrade.state, sha256: null, blocks: 0, units: 0, existing: true };
				const { stored, planned } = await planUpgrade(trx, document, now);
				const envelope = JSON.parse(planned.envelope) as Manifest['envelope'];
				// The runner's own signature of the submit, over the manifest it planned, for the entry it opens.
				const id = randomUUID();
				const head = (await chainTail(trx))?.row_hash ?? '0'.repeat(64);
				const signed = runnerKey ? signAs(core, runnerKey, { entry: id, act: 'submit', subject_sha256: planned.sha256, ledger_head: head, at: Date.parse(now) }) : null;
				const entry = await recordSubmission(trx, core, MIGRATION_ACTOR, now, {
					id,
					kind: 'cut',
					document,
					title: upgradeTitle(document.doc_code, planned.blocks.length, stored.length),
					sha256: planned.sha256,
					parts: { envelope: planned.envelope, blocks: planned.blocks },
					manifest: { envelope },
					detail: { migration: 'iu0011', run_by: runBy, ...(signed ? { actor_signature: signed } : {}) },
				});
				return { entry, state: 'submitted', sha256: planned.sha256, blocks: planned.blocks.length, units: stored.length, existing: false };
			});
			if (opened)
				upgrades.push({
					document: document.id,
					doc_code: document.doc_code,
					entry: opened.entry,
					state: opened.state,
					manifest_sha256: opened.sha256,
					blocks: opened.blocks,
					units: opened.units,
					existing: opened.existing,
				});
		}
		return { upgrades };
	});
}

function safeUser(): string {
	try {
		return userInfo().username;
	} catch {
		return 'unknown';
	}
}

/**
 * iu0018's follow-up: the existing chain becomes the first leaves of the transparency log (issue 49, item 5).
 * One sealed transaction that appends nothing to the ledger: it checks the chain's tail against its last signed
 * checkpoint and the whole chain (a log never adopts rows the server did not sign: lib/tlog.ts appendLog; a chain
 * that fails is refused, 409, naming the first row), appends every row from seq 1 to the log's tiles and signs the log's first checkpoint, which then goes to the
 * witnesses. Idempotent: on a log that holds the whole chain it appends nothing. The old checkpoints
 * (iu_ledger_checkpoint, the witness file) stay as they are, and stay verifiable.
 */
export async function openTransparencyLog(knex: Knex, o: UpgradeOptions = {}): Promise<{ upgrades: OpenedUpgrade[]; log: { size: number; origin: string } | null }> {
	if (o.dryRun) return { upgrades: [], log: null };
	return withLedgerEnv(o, async () => {
		const tail = await chainTail(knex);
		const before = await lastLogCheckpoint(knex);
		if (!tail || (before && before.size >= tail.seq)) return { upgrades: [], log: before && { size: before.size, origin: before.origin } };
		await sealedTransaction(knex, async () => undefined);
		const after = await lastLogCheckpoint(knex);
		return { upgrades: [], log: after && { size: after.size, origin: after.origin } };
	});
}
