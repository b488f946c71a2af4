// Incidents: after tampering the workflow is stuck — every step refuses a tail
// the server did not sign (IU_LEDGER_UNSIGNED), or every VERIFY fails. An
// incident records, in the chain, what the audits find now: the violations as
// found and the rows and checkpoints it disowns (the core decides both:
// `incidentRecord`). The disowned rows stay in history and count for nothing;
// the incident's checkpoint signs the chain including them, so the next step
// goes on. A store that drifted is put back by a governed repair
// (POST /iu-cutter/repair { incident }).
//
// Under a trust policy that lists `incident`, the person who records it signs it (their passkey), over what they
// report: the document and the note (core incident_subject); the findings are the audit's, made here after the
// signature. The statement names the incident's id, as a submit's names its entry; the row keeps the signature in
// `actor_signature` (iu0017).
import type { Knex } from 'knex';
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { DOCUMENT, INCIDENT_TABLE } from '../lib/collections.js';
import { lastCheckpoint, readWitness, witnessPath } from '../lib/checkpoint.js';
import { loadDisowned } from '../lib/disowned.js';
import { badRequest, conflict, notFound } from '../lib/errors.js';
import { LedgerWriter } from '../lib/ledger.js';
import { auditChain, auditStore, chainTail, documentDrift, type ChainReport, type DriftReport } from '../lib/ledger-audit.js';
import { unwrap } from '../lib/outcome.js';
import type { AuditReport, IncidentRecord } from '../core-types/index.js';
import { sealedTransaction } from '../lib/seal.js';
import { nowIso, type Ctx } from './context.js';
import { personSignature } from './person-signature.js';
import { statementId } from './plan.js';
import { policyInForce } from '../lib/trust-policy.js';

/** Violations one incident records (all are counted; the rest go to a next incident). */
const INCIDENT_MAX_VIOLATIONS = 10_000;

interface IncidentBody {
	document?: string;
	note: string;
	signature?: unknown;
}

/**
 * The rows a checkpoint signed are gone from the end of the chain: an incident
 * cannot sign a shortened history over them (their seqs would be reused), and the
 * rows are the evidence. 409 naming what is missing and how to get it back.
 */
async function refuseShortenedChain(trx: Knex.Transaction): Promise<void> {
	const tail = await chainTail(trx);
	const last = await lastCheckpoint(trx);
	const ahead = readWitness(undefined, tail?.seq ?? 0).checkpoints;
	const signedTo = Math.max(last?.seq ?? 0, ...ahead.map((c) => Number(c.seq)));
	if (signedTo > (tail?.seq ?? 0)) {
		throw conflict(
			'IU_LEDGER_ROWS_DELETED',
			`The ledger ends at seq ${tail?.seq ?? 0}, but a checkpoint (in the database or the witness file ${witnessPath()}) signed rows up to seq ${signedTo}: the newest rows were deleted. An incident cannot sign over rows that are gone. Nothing was written. Fix (server operator): restore the database from the last verified backup (npm run backup:verify -- --verify <dump>), then check it with GET /iu-cutter/ledger/verify.`,
			{ tail_seq: tail?.seq ?? 0, signed_to: signedTo },
		);
	}
}

/** POST /incident — `{ document?, note }`: audits the chain (and the document's or the whole store's drift) and records what it finds. */
export async function incident(ctx: Ctx, raw: unknown) {
	const body = readBody<IncidentBody>(
		raw,
		{ document: { kind: 'uuid' }, note: { kind: 'text', required: true }, signature: { kind: 'json' } },
		'{ "document": "<legal_document id, to audit its units and aliases too>", "note": "what was found and by whom" }',
	);
	if (!body.note.trim()) throw badRequest('"note" must say what happened (what was found, by whom, what was done): it is kept in the ledger with the findings.', { field: 'note' });
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'incident');
	if (body.document && !(await ctx.knex(DOCUMENT).where({ id: body.document }).first('id'))) throw notFound('legal_document', body.document);
	const now = nowIso(ctx);
	// The one step that acts on an unsigned tail: it audits under the chain lock, so what it disowns is what it signs.
	return sealedTransaction(
		ctx.knex,
		async (trx) => {
			await refuseShortenedChain(trx);
			const disowned = await loadDisowned(trx);
			let chain: ChainReport;
			let drift: DriftReport | null;
			if (body.document) {
				chain = await auditChain(trx, ctx.core, null, undefined, { disowned, max_violations: INCIDENT_MAX_VIOLATIONS });
				drift = await documentDrift(trx, body.document, disowned);
			} else {
				({ chain, drift } = await auditStore(trx, ctx.core, { disowned, max_violations: INCIDENT_MAX_VIOLATIONS }));
			}
			const record = unwrap('incident record', ctx.core.incidentRecord({ input: { chain: chain as AuditReport, drift } }), 500);
			if (!record.to_report) {
				throw conflict(
					'IU_NOTHING_TO_REPORT',
					`Nothing to report: the whole ledger chain (${chain.rows_checked} row(s), ${chain.checkpoints_checked} checkpoint(s)) is intact and signed${drift ? `, and ${body.document ? "the document's" : 'every'} unit and alias equals the ledger's last after-image (${drift.units_checked} unit(s), ${drift.aliases_checked} alias(es))` : ''}. Nothing was written. An incident records tampering that VERIFY, GET /iu-cutter/ledger/verify or GET /iu-cutter/audit found; if a step is refused, read its error.`,
					{
						chain: { rows_checked: chain.rows_checked, warnings: chain.warnings.length },
						drift: drift ? { units_checked: drift.units_checked, aliases_checked: drift.aliases_checked } : null,
					},
				);
			}
			const inForce = await policyInForce(trx);
			const named = await statementId(trx, inForce, 'incident', body.signature, INCIDENT_TABLE, 'incident');
			const subject = unwrap('incident subject', ctx.core.incidentSubject({ document: body.document ?? null, note: body.note }), 500).subject_sha256;
			const signed = await personSignature(ctx, trx, inForce, body.signature, actor.user, named, 'incident', subject);
			const w = new LedgerWriter(trx, ctx.core, actor.user, now);
			const id = w.addWithId(INCIDENT_TABLE, named, {
				document: body.document ?? null,
				reported_by: actor.user,
				note: body.note,
				finding: record.finding,
				disowned: record.disowned_json,
				actor_signature: signed ? JSON.stringify(signed) : null,
			});
			await w.flush();
			const row = await trx(INCIDENT_TABLE).where({ id }).first('ledger_seq', 'row_hash');
			return {
				incident: id,
				ledger_seq: Number(row.ledger_seq),
				row_hash: row.row_hash,
				document: body.document ?? null,
				findings: {
					chain: { violation_count: chain.violation_count, violations: chain.violations },
					drift: drift ? { violation_count: drift.violation_count, violations: drift.violations } : null,
				},
				disowned: record.disowned,
				truncated: record.truncated,
				next: nextSteps(id, body.document ?? null, record),
			};
		},
		{ acknowledge: true },
	);
}

function nextSteps(id: string, document: string | null, r: IncidentRecord): string[] {
	const out: string[] = [];
	const disowned = r.disowned.rows ?? [];
	const rows = disowned.length;
	const checkpoints = r.disowned.checkpoints.length;
	if (rows || checkpoints) {
		out.push(
			`${rows} ledger row(s) and ${checkpoints} checkpoint(s) are disowned by this incident: they stay in history (GET /iu-cutter/ledger/verify names them as "disowned" warnings) and count for nothing — a forged approval or event no longer decides any entry's state. The workflow goes on: the next step is signed over them.`,
		);
	}
	const rewrittenTo = Math.max(0, ...disowned.filter((x) => x.kinds?.includes('checkpoint-mismatch')).map((x) => x.seq));
	if (rewrittenTo > 0) {
		out.push(
			`Signed checkpoints up to seq ${rewrittenTo} no longer match: rows before them were rewritten and re-hashed, and only the rows at those checkpoints are named. Compare the ledger up to seq ${rewrittenTo} with your last verified backup (npm run backup:verify -- --verify <dump>) to find the rewritten rows.`,
		);
	}
	if (disowned.some((x) => x.collection === INCIDENT_TABLE)) {
		out.push(
			'An earlier incident row was changed outside the workflow: the list of rows it disowned can no longer be trusted as written. Restore it from the last verified backup and compare.',
		);
	}
	if (r.drift_violations > 0) {
		out.push(
			document
				? `The document's units and aliases differ from the ledger's last after-images (${r.drift_violations} difference(s)): submit their repair with POST /iu-cutter/repair { "incident": "${id}" } (a submitter), then have it reviewed, cut and verified by others like any CUT.`
				: `The store differs from the ledger's last after-images (${r.drift_violations} difference(s)): submit a repair for each drifted document with POST /iu-cutter/repair { "incident": "${id}", "document": "<legal_document id>" }, then have it reviewed, cut and verified.`,
		);
	}
	if (r.truncated) out.push('More violations were found than one incident records: record another incident (POST /iu-cutter/incident) for the rest.');
	out.push("Find out how it happened: every disowned row names its collection and id; Directus' activity log and the database's logs say who had access.");
	return out;
}
