// What `logical_unit.position` means in a document now (issue 30). Every manifest
// before iu0011 was `iu-cutter-manifest-v1`: its images hold document places. The
// core writes sibling ranks now, and a document's stored positions move to the new
// meaning only through its upgrade entry, which the migration runner opens
// (ops/index.ts) and people review, CUT and VERIFY. Until that CUT the document is
// *pending*: the only manifest with unit blocks that may be cut on it is its upgrade,
// so no manifest of the new format ever mixes the meanings.
//
// Read from the ledger, never from the data: a document is pending while it has a cut
// change set whose envelope is v1 and no cut change set whose envelope says
// `positions_upgrade`. Rows an incident disowned count for nothing (disowned.ts).
import type { Knex } from 'knex';
import { disownedBy, loadDisowned, owned, type Disowned } from './disowned.js';
import { conflict } from './errors.js';

/**
 * The submitter of every upgrade entry: a reserved actor no one signs in as (access.ts
 * refuses it for every step). Ledger actor columns have no foreign key, so no
 * directus_users row is needed (docs/SECURITY.md, "The migration runner").
 */
export const MIGRATION_ACTOR = '00000000-0000-4000-8000-0000000000b1';
/** How people read MIGRATION_ACTOR (people.ts). */
export const MIGRATION_ACTOR_NAME = 'iu-cutter migration iu0011';
/** Manifests planned before issue 30: positions are document places. */
export const FORMAT_V1 = 'iu-cutter-manifest-v1';

export interface UpgradeEntry {
	id: string;
	/** The entry's last (owned) event: `submitted` or `approved`. */
	state: string;
}

/** A pending document, and its upgrade entry that is still open (null: none; `npm run migrate` opens it). */
export interface PendingUpgrade {
	document: string;
	upgrade: UpgradeEntry | null;
}

interface EnvelopeRow {
	entry: string;
	document: string;
	envelope: string;
	envelope_json: string;
	change_set: string | null;
}

/**
 * The pending documents among `documents` (null: every document), each with its open upgrade entry.
 * Two queries: the envelopes that can matter (v1 or upgrade, pre-filtered by text and parsed to be
 * sure), and, only for pending documents with upgrade entries not cut, those entries' events.
 */
export async function pendingUpgrades(knex: Knex, documents: string[] | null, given?: Disowned): Promise<Map<string, PendingUpgrade>> {
	const disowned = given ?? (await loadDisowned(knex));
	let q = knex('decision_backlog_entry as d')
		.join('manifest_envelope as e', 'e.entry', 'd.id')
		.leftJoin('cut_change_set as c', 'c.entry', 'd.id')
		// Canonical JSON (RFC 8785): no spaces, so these texts are exact; each hit is parsed below.
		.where((w) => w.where('e.envelope_json', 'like', `%"format":"${FORMAT_V1}"%`).orWhere('e.envelope_json', 'like', '%"positions_upgrade":true%'));
	if (documents) q = q.whereIn('d.document', documents);
	q = owned(owned(q, disowned, 'decision_backlog_entry', 'd.id'), disowned, 'manifest_envelope', 'e.id');
	const rows: EnvelopeRow[] = await q
		.orderBy('d.ledger_seq')
		.select('d.id as entry', 'd.document as document', 'e.id as envelope', 'e.envelope_json as envelope_json', 'c.id as change_set');
	const byDocument = new Map<string, { v1Cut: boolean; upgradeCut: boolean; openCandidates: string[] }>();
	for (const r of rows) {
		const env = JSON.parse(r.envelope_json) as { format?: string; positions_upgrade?: boolean };
		// A change set an incident disowned was never cut, as far as any reader is concerned.
		const cut = r.change_set !== null && !disownedBy(disowned, 'cut_change_set', r.change_set);
		const d = byDocument.get(r.document) ?? { v1Cut: false, upgradeCut: false, openCandidates: [] };
		if (cut && env.format === FORMAT_V1) d.v1Cut = true;
		if (env.positions_upgrade === true) {
			if (cut) d.upgradeCut = true;
			else d.openCandidates.push(r.entry);
		}
		byDocument.set(r.document, d);
	}
	const out = new Map<string, PendingUpgrade>();
	const candidates: string[] = [];
	for (const [document, d] of byDocument) {
		if (!d.v1Cut || d.upgradeCut) continue;
		out.set(document, { document, upgrade: null });
		candidates.push(...d.openCandidates);
	}
	if (candidates.length === 0) return out;
	const last = await entryStates(knex, disowned, candidates);
	const documentOf = new Map(rows.map((r) => [r.entry, r.document]));
	// In ledger order: the newest open one wins (there is one, unless someone opened two by hand).
	for (const entry of candidates) {
		const state = last.get(entry);
		if (state === undefined || state === 'rejected') continue;
		out.get(documentOf.get(entry)!)!.upgrade = { id: entry, state };
	}
	return out;
}

/**
 * The state of each entry among `entries` (null: every entry): its last history event the workflow wrote, in ledger
 * order (a disowned, forged one counts for nothing).
 */
export async function entryStates(knex: Knex, disowned: Disowned, entries: string[] | null): Promise<Map<string, string>> {
	let q = knex('decision_backlog_history');
	if (entries) q = q.whereIn('entry', entries);
	const events: { entry: string; id: string; event: string }[] = await q.orderBy('ledger_seq').select('entry', 'id', 'event');
	const last = new Map<string, string>();
	for (const e of events) if (!disownedBy(disowned, 'decision_backlog_history', e.id)) last.set(e.entry, e.event);
	return last;
}

/** The document's pending state, or null when its positions already have the sibling meaning (or it was never cut). */
export async function pendingUpgrade(knex: Knex, documentId: string, disowned?: Disowned): Promise<PendingUpgrade | null> {
	return (await pendingUpgrades(knex, [documentId], disowned)).get(documentId) ?? null;
}

/** The 409 a unit-changing step gets on a pending document; `what` names the step ("preview", "rollback" …). */
export function positionsPending(p: PendingUpgrade, document: { id: string; doc_code?: string | null }, what: string) {
	const name = document.doc_code ? `${document.doc_code} (${document.id})` : document.id;
	const entry = p.upgrade
		? `its upgrade entry ${p.upgrade.id} (${p.upgrade.state})`
		: 'its upgrade entry, which is not open yet (none, or the last one was rejected): run `npm run migrate` to open it';
	const hint =
		what === 'repair'
			? `a repair before the upgrade is not possible: restore the backup taken before iu0011 and run \`npm run migrate\` again (it opens the upgrade from the restored store); or, if the store matches the ledger, review, CUT and VERIFY ${entry}`
			: what === 'CUT'
				? `reject this entry (it was planned on positions the upgrade changes), review, CUT and VERIFY ${entry}, then preview and submit the change again`
				: `review, CUT and VERIFY ${entry}, then ${what} again`;
	return conflict(
		'IU_POSITIONS_PENDING',
		`${what} refused for document ${name}: its stored positions still hold document places (from before iu0011), and only ${entry} may change its units until it is cut. Nothing was written. Fix: ${hint}.`,
		{ document: document.id, upgrade_entry: p.upgrade?.id ?? null, upgrade_state: p.upgrade?.state ?? null, hint },
	);
}

/** Throws 409 IU_POSITIONS_PENDING when `document` is pending. */
export async function refusePending(knex: Knex, document: { id: string; doc_code?: string | null }, what: string, disowned?: Disowned): Promise<void> {
	const p = await pendingUpgrade(knex, document.id, disowned);
	if (p) throw positionsPending(p, document, what);
}
