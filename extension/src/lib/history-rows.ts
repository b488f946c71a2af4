// The ledger rows a document's history is rebuilt from: every unit image its change
// sets wrote, with the date each took effect, and the change sets themselves.
// Loading only; which image is in force when is the core's rule (core::history).
// Rows and change sets that incidents disowned count for nothing, as for every
// reader that decides a state (disowned.ts).
import type { Knex } from 'knex';
import { owned, type Disowned } from './disowned.js';

/** One unit row of `cut_change_set_affected_row`, as `core::history::LedgerImage` reads it. */
export interface LedgerImageRow {
	ledger_seq: number | string;
	change_set: string;
	entry: string;
	action: string;
	unit_id: string;
	effective_from: string;
	recorded_at: string | null;
	/** The stored JSON text of the images (the core reads text or objects). */
	before_image: string | null;
	after_image: string | null;
	/** The amending provisions behind the change (`57-2024-qh15/dieu-4/khoan-1`); empty for every other change. */
	amended_by: string[];
}

/** One change set of a document, with what its manifest's envelope says about it. */
export interface ChangeSetRow {
	change_set: string;
	entry: string;
	kind: string;
	ledger_seq: number | string;
	effective_from: string;
	recorded_at: string | null;
	executor: string;
	title: string;
	/** The envelope's `amendment` (laws and instructions) when amending laws made it, else null. */
	amendment: unknown | null;
}

type Scope = { document: string } | { unit: string };

/**
 * Every unit image the owned change sets of a document (or of one unit) wrote, in ledger order. Alias rows
 * (`alias-create`, `alias-remove`) are not unit images and are left out.
 */
export async function loadLedgerImages(knex: Knex, scope: Scope, disowned: Disowned): Promise<LedgerImageRow[]> {
	let q = knex('cut_change_set_affected_row as a')
		.join('cut_change_set as c', 'c.id', 'a.change_set')
		.join('manifest_envelope as e', 'e.entry', 'c.entry')
		.whereNotIn('a.action', ['alias-create', 'alias-remove']);
	q = 'document' in scope ? q.where('c.document', scope.document) : q.where('a.unit_id', scope.unit);
	q = owned(owned(q, disowned, 'cut_change_set', 'c.id'), disowned, 'cut_change_set_affected_row', 'a.id');
	q = owned(q, disowned, 'manifest_envelope', 'e.id');
	const rows: Array<Omit<LedgerImageRow, 'amended_by'>> = await q
		.orderBy('a.ledger_seq')
		.select(
			'a.ledger_seq as ledger_seq',
			'a.change_set as change_set',
			'c.entry as entry',
			'a.action as action',
			'a.unit_id as unit_id',
			'e.effective_from as effective_from',
			'a.recorded_at as recorded_at',
			'a.before_image as before_image',
			'a.after_image as after_image',
		);
	const amended = await amendedByUnit(knex, scope, disowned);
	return rows.map((r) => ({ ...r, recorded_at: instantText(r.recorded_at), amended_by: amended.get(`${r.entry} ${r.unit_id}`) ?? [] }));
}

/** The owned change sets of a document, in ledger order, with their manifests' effective dates and amendments. */
export async function loadChangeSets(knex: Knex, document: string, disowned: Disowned): Promise<ChangeSetRow[]> {
	let q = knex('cut_change_set as c').join('manifest_envelope as e', 'e.entry', 'c.entry').join('decision_backlog_entry as d', 'd.id', 'c.entry').where('c.document', document);
	q = owned(owned(q, disowned, 'cut_change_set', 'c.id'), disowned, 'manifest_envelope', 'e.id');
	const rows: Array<Omit<ChangeSetRow, 'amendment'> & { envelope_json: string }> = await q
		.orderBy('c.ledger_seq')
		.select(
			'c.id as change_set',
			'c.entry as entry',
			'c.kind as kind',
			'c.ledger_seq as ledger_seq',
			'e.effective_from as effective_from',
			'c.recorded_at as recorded_at',
			'c.executor as executor',
			'd.title as title',
			'e.envelope_json as envelope_json',
		);
	return rows.map(({ envelope_json, ...r }) => ({
		...r,
		recorded_at: instantText(r.recorded_at),
		// Only manifests planned from amending laws carry one; the LIKE-free parse is cheap next to the images.
		amendment: (JSON.parse(envelope_json) as { amendment?: unknown }).amendment ?? null,
	}));
}

/**
 * `entry unit_id` → the amending provisions its block names. Only amendment blocks carry `amended_by`
 * (canonical JSON, no spaces), so the LIKE keeps every other block's text out of the answer.
 */
async function amendedByUnit(knex: Knex, scope: Scope, disowned: Disowned): Promise<Map<string, string[]>> {
	let q = knex('manifest_unit_block as b').join('manifest_envelope as m', 'm.id', 'b.envelope').where('b.block_json', 'like', '%"amended_by":%');
	q = 'document' in scope ? q.where('m.document', scope.document) : q.where('b.unit_id', scope.unit);
	q = owned(owned(q, disowned, 'manifest_unit_block', 'b.id'), disowned, 'manifest_envelope', 'm.id');
	const rows: Array<{ entry: string; unit_id: string; block_json: string }> = await q.select('m.entry as entry', 'b.unit_id as unit_id', 'b.block_json as block_json');
	const out = new Map<string, string[]>();
	for (const r of rows) {
		const refs = (JSON.parse(r.block_json) as { amended_by?: string[] }).amended_by ?? [];
		if (refs.length) out.set(`${r.entry} ${r.unit_id}`, refs);
	}
	return out;
}

/** `recorded_at` as text: PostgreSQL's driver may answer a Date, SQLite text. */
function instantText(v: unknown): string | null {
	if (v === null || v === undefined) return null;
	return v instanceof Date ? v.toISOString() : String(v);
}
