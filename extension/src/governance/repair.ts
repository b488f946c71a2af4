// Repair is a governed step: after an incident recorded that a document's units
// or aliases drifted from the ledger's last after-images, the core builds an
// ordinary manifest that puts them back (update / readdress to the image, create
// what was deleted, remove what no change set wrote; alias rows in the
// envelope's `alias_repairs`), and it is submitted as a new entry (kind "cut",
// `repair_of` the incident) that is reviewed (reviewer ≠ submitter), cut
// (executor) and verified (verifier ≠ executor) like any other. The CUT gates
// refuse it if the store moves in between.
//
// Under a trust policy that lists `repair`, the person who asks for the repair signs it (their passkey), over the
// incident it repairs (that row's hash: the manifest is made here, after the signature, and the reviewer signs it);
// the statement names the entry the repair opens, as a submit's does. Kept in the `submitted` row, with `repair_of`.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { INCIDENT_TABLE } from '../lib/collections.js';
import { loadDisowned, refuseDisowned } from '../lib/disowned.js';
import { badRequest, notFound, WorkflowError } from '../lib/errors.js';
import { documentImages } from '../lib/ledger-audit.js';
import { sealedTransaction } from '../lib/seal.js';
import { loadDocument } from '../lib/store.js';
import { refusePending } from '../lib/positions.js';
import { nowIso, type Ctx } from './context.js';
import { recordSubmission, statementId } from './plan.js';
import { personSignature } from './person-signature.js';
import { policyInForce } from '../lib/trust-policy.js';
import { describeCounts } from './counts.js';

interface RepairBody {
	incident: string;
	document?: string;
	effective_from?: string;
	title?: string;
	signature?: unknown;
}

/**
 * POST /repair — `{ incident, document?, effective_from?, title?, signature? }` → a new submitted entry holding the
 * repair manifest. `signature`: the person's own, when the trust policy in force asks for it.
 */
export async function repair(ctx: Ctx, raw: unknown) {
	const body = readBody<RepairBody>(
		raw,
		{
			incident: { kind: 'uuid', required: true },
			document: { kind: 'uuid' },
			effective_from: { kind: 'datetime' },
			title: { kind: 'string' },
			signature: { kind: 'json' },
		},
		'{ "incident": "<ledger_incident id>" }',
	);
	const actor = await requireCapability(ctx.knex, ctx.accountability, 'repair');
	const now = nowIso(ctx);
	return sealedTransaction(ctx.knex, async (trx) => {
		const disowned = await loadDisowned(trx);
		const incident = await trx(INCIDENT_TABLE).where({ id: body.incident }).first('id', 'document', 'ledger_seq', 'row_hash');
		if (!incident) throw notFound('ledger_incident', body.incident);
		refuseDisowned(disowned, INCIDENT_TABLE, incident.id);
		if (incident.document && body.document && incident.document !== body.document) {
			throw badRequest(
				`Incident ${incident.id} is about document ${incident.document}, not ${body.document}: leave "document" out, or record an incident for that document (POST /iu-cutter/incident { "document": "${body.document}", "note": "…" }).`,
				{ field: 'document' },
			);
		}
		const documentId: string | null = incident.document ?? body.document ?? null;
		if (!documentId) {
			throw new WorkflowError(
				422,
				'IU_REPAIR_NEEDS_DOCUMENT',
				`Incident ${incident.id} is about the whole store; a repair restores one document. Send "document": the id of a legal_document the incident found drifted (see its finding), e.g. { "incident": "${incident.id}", "document": "<legal_document id>" }.`,
				{ field: 'document' },
			);
		}
		const document = await loadDocument(trx, documentId);
		// A repair of a pending document would restore document places into a store read by sibling ranks, or
		// ranks the upgrade has not been reviewed for: the fallback is the backup taken before iu0011.
		await refusePending(trx, document, 'repair', disowned);
		const state = await documentImages(trx, document.id, disowned);
		const r = ctx.core.repairManifest({
			unitsNow: state.units,
			unitImages: state.unit_images,
			aliasesNow: state.aliases,
			aliasImages: state.alias_images,
			facts: {
				document_id: document.id,
				doc: document.slug,
				vocabulary: document.vocabulary,
				source_sha256: document.source_sha256 ?? ctx.core.sha256Hex({ text: document.source_text ?? '' }),
				incident: incident.id,
				created_at: now,
				created_by: actor.user,
				effective_from: body.effective_from ?? now,
			},
		});
		if (!r.ok) {
			const nothing = r.error.code === 'nothing-to-repair';
			throw new WorkflowError(
				nothing ? 409 : 422,
				nothing ? 'IU_NOTHING_TO_REPAIR' : 'IU_REPAIR_REFUSED',
				`Repair of ${document.doc_code} for incident ${incident.id} ${nothing ? 'not needed' : 'refused'}: ${r.error.reason}. Fix: ${r.error.hint}.`,
				{ core: r.error },
			);
		}
		const inForce = await policyInForce(trx);
		const id = await statementId(trx, inForce, 'repair', body.signature);
		const signed = await personSignature(ctx, trx, inForce, body.signature, actor.user, id, 'repair', String(incident.row_hash));
		const manifest = r.manifest;
		const aliasRepairs = manifest.envelope.alias_repairs?.length ?? 0;
		const what = [describeCounts(manifest.envelope.counts), aliasRepairs ? `${aliasRepairs} alias row(s)` : ''].filter((x) => x && x !== 'no change').join(', ');
		const entry = await recordSubmission(trx, ctx.core, actor.user, now, {
			kind: 'cut',
			document,
			title: body.title ?? `Repair of incident ${incident.id}: ${document.doc_code} back to the ledger's after-images (${what || 'no change'})`,
			sha256: r.sha256,
			canonicalJson: r.canonicalJson,
			manifest,
			// What the reader of the history row knows it by (core person_act): a repair, signed over its incident.
			detail: { repair_of: incident.id },
			id,
			...(signed ? { personSignature: signed } : {}),
		});
		return {
			entry,
			state: 'submitted',
			repair_of: incident.id,
			document: document.id,
			manifest_sha256: r.sha256,
			counts: manifest.envelope.counts,
			alias_repairs: aliasRepairs,
			next: 'Another person reviews it (POST /iu-cutter/review), an executor cuts it, a verifier other than the executor verifies it.',
		};
	});
}
