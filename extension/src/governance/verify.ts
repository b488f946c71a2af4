// VERIFY: someone other than the executor recomputes from the database every
// unit of the document (Q-CHK-1..3, UNIQUE, TREE, CONTENT), the after-image of
// every unit the change set touched, the store against the ledger's last
// after-images (DRIFT: units and aliases), and the ledger chain since the last
// checkpoint a verification found valid (LEDGER: hashes, links, signatures,
// the witness file) — then records the result and signs it. A failed
// verification is a result too: it is recorded, with its evidence, and
// answered 200.
//
// Cost: it reads the document and the ledger appended since the last verified
// checkpoint, never the whole history, and holds no lock while it reads; the
// chain lock is taken only to append the result.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { conflict } from '../lib/errors.js';
import { LedgerWriter } from '../lib/ledger.js';
import { ALIAS_ACTIONS, AFFECTED, auditChain, documentDrift, type Anchor } from '../lib/ledger-audit.js';
import { sealedTransaction } from '../lib/seal.js';
import { loadDisowned, owned, type Disowned } from '../lib/disowned.js';
import { INCIDENT_TABLE } from '../lib/collections.js';
import { unwrap } from '../lib/outcome.js';
import type { CheckSummary, VerifyReport } from '../core-types/index.js';
import { loadDocuments, loadSectionTypes, loadUnits } from '../lib/store.js';
import { withOwnCore } from '../lib/core.js';
import { nowIso, progressOf, type Ctx } from './context.js';
import { checkStep, loadEntry, loadHistory } from './entry.js';
import { driftViolations, ledgerViolations, type Violation } from './violations.js';
import { signStep } from './agent-signature.js';
import { stepSignature } from './person-signature.js';
import { policyInForce } from '../lib/trust-policy.js';

/** The recorded report: the core's check of the units, with the chain and drift audits beside it. */
type Report = Omit<VerifyReport, 'checks' | 'violations'> & {
	checks: (CheckSummary | { check: string; description: string; passed: boolean; violations: number })[];
	violations: Violation[];
	chain: Record<string, unknown>;
	drift: Record<string, unknown>;
};

/**
 * Where the last passed verification left the chain (a checkpoint it found
 * valid), or the last incident, whichever is later: an incident audited the
 * whole chain up to its own row, disowned what was wrong, and its checkpoint
 * signs that row. Without it, a verification anchored inside a rewritten stretch
 * of the chain would meet the rewrite again after every incident.
 */
async function lastAnchor(ctx: Ctx, disowned: Disowned): Promise<Anchor | null> {
	const row = await owned(ctx.knex('verify_result').where({ outcome: 'passed' }), disowned, 'verify_result')
		.orderBy('ledger_seq', 'desc')
		.first('report');
	let anchor: Anchor | null;
	try {
		const a = row ? JSON.parse(String(row.report))?.chain?.anchor_out : null;
		anchor = a && Number.isInteger(a.seq) && typeof a.row_hash === 'string' ? a : null;
	} catch {
		anchor = null;
	}
	const incident = await owned(ctx.knex(INCIDENT_TABLE), disowned, INCIDENT_TABLE).orderBy('ledger_seq', 'desc').first('ledger_seq', 'row_hash');
	if (incident && Number(incident.ledger_seq) > (anchor?.seq ?? 0)) return { seq: Number(incident.ledger_seq), row_hash: String(incident.row_hash) };
	return anchor;
}

/**
 * The document's units through the core's checks, on an instance of its own: the units, their text and the
 * check's memory are all let go when this returns, before the drift audit reads the store again.
 */
async function checkUnits(ctx: Ctx, document: string, affected: { unit_id: string; after_sha256: string | null }[]): Promise<{ report: VerifyReport; unitCount: number }> {
	const stored = await loadUnits(ctx.knex, document);
	progressOf(ctx).phase('checking the units', stored.length);
	const input = JSON.stringify({
		documents: await loadDocuments(ctx.knex),
		section_types: await loadSectionTypes(ctx.knex),
		units: stored,
		change_set: affected,
	});
	const { report } = unwrap('verify', await withOwnCore((core) => core.verifyUnits({ input })));
	return { report, unitCount: stored.length };
}

/** POST /verify — `{ entry }`. */
export async function verify(ctx: Ctx, raw: unknown) {
	const body = readBody<{ entry: string; signature?: unknown }>(
		raw,
		{ entry: { kind: 'uuid', required: true }, signature: { kind: 'json' } },
		'{ "entry": "<decision_backlog_entry id>" }',
	);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'verify');
	const now = nowIso(ctx);

	// Read and recompute without a lock: writers on every instance go on meanwhile.
	const disowned = await loadDisowned(ctx.knex);
	const entry = await loadEntry(ctx.knex, body.entry, disowned);
	checkStep(ctx.core, 'verify', await loadHistory(ctx.knex, entry.id, disowned), actor.user);
	// By hand, the person's own signature when the trust policy asks for it (an agent signs the verify result). Checked
	// before the long read, so a bad one costs nothing, and again under the lock before it is kept (below).
	await stepSignature(ctx, ctx.knex, await policyInForce(ctx.knex), body.signature, actor.user, entry, 'verify');
	const changeSet = await owned(ctx.knex('cut_change_set').where({ entry: entry.id }), disowned, 'cut_change_set').first('id');
	if (!changeSet) throw conflict('IU_CHANGE_SET_MISSING', `Entry ${entry.id} is cut but has no cut_change_set row: the ledger is damaged.`);
	const progress = progressOf(ctx);
	const chain = await auditChain(ctx.knex, ctx.core, await lastAnchor(ctx, disowned), undefined, { disowned, progress });
	const affected: { unit_id: string; after_sha256: string | null }[] = await owned(ctx.knex(AFFECTED).where({ change_set: changeSet.id }), disowned, AFFECTED)
		.whereNotIn('action', ALIAS_ACTIONS)
		.orderBy('ledger_seq')
		.select('unit_id', 'after_sha256');
	// One core call each: Q-CHK-1..3, UNIQUE, TREE, CONTENT, CHANGESET, then DRIFT.
	const { report: units, unitCount } = await checkUnits(ctx, entry.document, affected);
	progress.set(unitCount);
	progress.phase('comparing the store with the ledger', unitCount);
	const drift = await documentDrift(ctx.knex, entry.document, disowned, progress);
	progress.set(unitCount);
	progress.phase('recording the result', 1);
	const report: Report = {
		passed: units.passed && chain.passed && drift.passed,
		units_checked: units.units_checked,
		checks: [
			...units.checks,
			{
				check: 'LEDGER',
				description: 'the ledger since the last verified checkpoint: hashes, links, signed checkpoints, the witness file',
				passed: chain.passed,
				violations: chain.violation_count,
			},
			{ check: 'DRIFT', description: "every unit and alias of the document equals the ledger's last after-image", passed: drift.passed, violations: drift.violation_count },
		],
		violations: [...units.violations, ...ledgerViolations(chain), ...driftViolations(drift)],
		chain: {
			from_seq: chain.from_seq,
			to_seq: chain.to_seq,
			rows_checked: chain.rows_checked,
			checkpoints_checked: chain.checkpoints_checked,
			anchor_out: chain.passed ? chain.anchor_out : null,
			warnings: chain.warnings,
		},
		drift: { units_checked: drift.units_checked, aliases_checked: drift.aliases_checked, violations: drift.violation_count },
	};

	// Append under the lock, after checking nothing it read has moved on.
	return sealedTransaction(ctx.knex, async (trx) => {
		checkStep(ctx.core, 'verify', await loadHistory(trx, entry.id), actor.user);
		// The signature as the write sees the ledger: the policy in force now (a key revoked while VERIFY read is refused)
		// and the passkey's counter against every signature kept now (a clone's, kept meanwhile, is refused).
		const byHand = await stepSignature(ctx, trx, await policyInForce(trx), body.signature, actor.user, entry, 'verify');
		const moved = await owned(trx('cut_change_set').where({ document: entry.document }).andWhere('ledger_seq', '>', chain.to_seq), await loadDisowned(trx), 'cut_change_set').first(
			'id',
		);
		if (moved) {
			throw conflict('IU_STORE_MOVED', `Another change set (${moved.id}) was cut on this document while VERIFY read it; nothing was recorded. Verify again.`, {
				change_set: moved.id,
			});
		}
		const outcome = report.passed ? 'passed' : 'failed';
		const w = new LedgerWriter(trx, ctx.core, actor.user, now);
		const result = w.add('verify_result', {
			change_set: changeSet.id,
			verifier: actor.user,
			outcome,
			units_checked: report.units_checked,
			violations: report.violations.length,
			report: JSON.stringify(report),
		});
		await w.flush();
		// An agent with a key of its own signs the verify result it recorded (agent-signature.ts): in the DOT pair's row and the history row.
		const signed = signStep(ctx, w, entry.id, 'verify', result, now);
		const signature = w.add('dot_pair_signature', {
			signer: actor.user,
			role: 'verifier',
			change_set: null,
			verify_result: result,
			signed_sha256: w.hashes.get(result)!,
			actor_signature: signed ? JSON.stringify(signed) : null,
		});
		const event = report.passed ? 'verified' : 'verify_failed';
		w.add('decision_backlog_history', {
			entry: entry.id,
			event,
			actor: actor.user,
			detail: JSON.stringify({
				verify_result: result,
				violations: report.violations.length,
				...(signed ? { actor_signature: signed } : {}),
				...(byHand ? { person_signature: byHand } : {}),
			}),
		});
		await w.flush();
		return { entry: entry.id, state: event, verify_result: result, signature, ...(signed ? { actor_signature: signed } : {}), passed: report.passed, report };
	});
}
