// Rollback is itself a governed change set: the core builds the inverse
// manifest from the entry's before-images, and it is submitted as a new entry
// (kind "rollback", depending on the original) that is reviewed, cut and
// verified like any other.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { WorkflowError } from '../lib/errors.js';
import { sealedTransaction } from '../lib/seal.js';
import { loadDisowned } from '../lib/disowned.js';
import { loadDocument, loadUnits } from '../lib/store.js';
import { refusePending } from '../lib/positions.js';
import { nowIso, type Ctx } from './context.js';
import { checkStep, loadEntry, loadHistory, loadManifest } from './entry.js';
import { recordSubmission } from './plan.js';
import { stepSignature } from './person-signature.js';
import { policyInForce } from '../lib/trust-policy.js';
import { describeCounts } from './counts.js';

interface RollbackBody {
	entry: string;
	effective_from?: string;
	title?: string;
	/** The person's own signature, when the trust policy asks for it (person-signature.ts stepSignature). */
	signature?: unknown;
}

/** POST /rollback — `{ entry, effective_from?, title?, signature? }` → a new submitted entry holding the inverse manifest. */
export async function rollback(ctx: Ctx, raw: unknown) {
	const body = readBody<RollbackBody>(
		raw,
		{ entry: { kind: 'uuid', required: true }, effective_from: { kind: 'datetime' }, title: { kind: 'string' }, signature: { kind: 'json' } },
		'{ "entry": "<the entry to roll back>" }',
	);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'rollback');
	const now = nowIso(ctx);
	return sealedTransaction(ctx.knex, async (trx) => {
		const disowned = await loadDisowned(trx);
		const original = await loadEntry(trx, body.entry, disowned);
		checkStep(ctx.core, 'rollback', await loadHistory(trx, original.id, disowned), actor.user);
		// The person's own signature, when the trust policy asks for it: on the entry rolled back, over its manifest (the
		// inverse manifest is made here, after it). Kept with the new entry's `submitted`, beside `rollback_of`.
		const signed = await stepSignature(ctx, trx, await policyInForce(trx), body.signature, actor.user, original, 'rollback');
		const document = await loadDocument(trx, original.document);
		// A pending document's positions are document places: only its upgrade entry may change its units.
		await refusePending(trx, document, 'rollback', disowned);
		const manifest = await loadManifest(trx, ctx.core, original, disowned);
		const r = ctx.core.rollbackManifest({
			manifestJson: manifest.json,
			stored: await loadUnits(trx, original.document),
			input: {
				created_at: now,
				created_by: actor.user,
				effective_from: body.effective_from ?? now,
			},
		});
		if (!r.ok) {
			// The store moved on, or the original wrote positions of the other meaning (a v1 change set or the
			// positions upgrade, issue 30): the inverse is planned as a new CUT, not restored from its images.
			const status = ['rollback-unsafe', 'rollback-across-positions-upgrade'].includes(r.error.code) ? 409 : 422;
			throw new WorkflowError(status, 'IU_ROLLBACK_REFUSED', `Rollback of entry ${original.id} refused: ${r.error.reason}. ${r.error.hint}.`, { core: r.error });
		}
		const entry = await recordSubmission(trx, ctx.core, actor.user, now, {
			kind: 'rollback',
			document,
			title: body.title ?? `Rollback of "${original.title}": ${describeCounts(r.manifest.envelope.counts)}`,
			sha256: r.sha256,
			canonicalJson: r.canonicalJson,
			manifest: r.manifest,
			dependsOn: original.id,
			// Read by the core (ledger::policy::person_act): this `submitted` is the act `rollback`, not a submit.
			detail: { rollback_of: original.id, ...(signed ? { person_signature: signed } : {}) },
		});
		return { entry, state: 'submitted', rollback_of: original.id, manifest_sha256: r.sha256, counts: r.manifest.envelope.counts };
	});
}
