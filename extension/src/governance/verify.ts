// VERIFY: someone other than the executor recomputes everything from the
// database — every unit of the document (Q-CHK-1..3, UNIQUE, TREE, CONTENT),
// the after-image of every unit the change set touched, and the whole ledger
// chain — then records the result and signs it. A failed verification is a
// result too: it is recorded, with its evidence, and answered 200.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { conflict } from '../lib/errors.js';
import { LedgerWriter, readChain } from '../lib/ledger.js';
import { sealedTransaction } from '../lib/seal.js';
import { unwrap } from '../lib/outcome.js';
import { loadDocuments, loadSectionTypes, loadUnits } from '../lib/store.js';
import { nowIso, type Ctx } from './context.js';
import { checkStep, loadEntry, loadHistory } from './entry.js';

interface Report {
	passed: boolean;
	units_checked: number;
	checks: unknown[];
	violations: { check: string; code: string; subject: string; expected: string; found: string; message: string }[];
}

/** POST /verify — `{ entry }`. */
export async function verify(ctx: Ctx, raw: unknown) {
	const body = readBody<{ entry: string }>(raw, { entry: { kind: 'uuid', required: true } }, '{ "entry": "<decision_backlog_entry id>" }');
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'verify');
	const now = nowIso(ctx);
	return sealedTransaction(ctx.knex, async (trx) => {
		const entry = await loadEntry(trx, body.entry);
		checkStep(ctx.core, 'verify', await loadHistory(trx, entry.id), actor.user);
		const changeSet = await trx('cut_change_set').where({ entry: entry.id }).first('id');
		if (!changeSet) throw conflict('IU_CHANGE_SET_MISSING', `Entry ${entry.id} is cut but has no cut_change_set row: the ledger is damaged.`);
		const affected: { unit_id: string; after_sha256: string | null }[] = await trx('cut_change_set_affected_row')
			.where({ change_set: changeSet.id })
			.orderBy('ledger_seq')
			.select('unit_id', 'after_sha256');
		const { report } = unwrap<{ report: Report }>(
			'verify',
			ctx.core.verifyUnits({
				documents: await loadDocuments(trx),
				section_types: await loadSectionTypes(trx),
				units: await loadUnits(trx, entry.document),
				change_set: affected,
				ledger: await readChain(trx),
			}),
		);
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
		const signature = w.add('dot_pair_signature', { signer: actor.user, role: 'verifier', change_set: null, verify_result: result, signed_sha256: w.hashes.get(result)! });
		const event = report.passed ? 'verified' : 'verify_failed';
		w.add('decision_backlog_history', { entry: entry.id, event, actor: actor.user, detail: JSON.stringify({ verify_result: result, violations: report.violations.length }) });
		await w.flush();
		return { entry: entry.id, state: event, verify_result: result, signature, passed: report.passed, report };
	});
}
