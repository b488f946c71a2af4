// The ledger as a story: every workflow event of a document's entries, or of
// the entries whose manifests touched one unit (with what each change set did
// to that unit). Read-only; the rows come straight from the hash-chained ledger,
// each with its sequence number and row hash so an auditor can match them.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { badRequest, notFound } from '../lib/errors.js';
import { ALIAS, DOCUMENT, LOGICAL_UNIT } from '../lib/collections.js';
import { DOCUMENT_HEAD, type DocumentHead } from '../lib/store.js';
import type { LifecycleStatus } from '../core-types/index.js';
import type { Ctx } from './context.js';
import { withNotes } from './events.js';
import { peopleOf } from './people.js';
import { disownedBy, loadDisowned } from '../lib/disowned.js';
import { amendedByEntry, type AmendedBy } from './amended-by.js';
import { siteNotesByEntry } from './site-notes.js';

/** The unit a timeline is about. */
interface TimelineUnit {
	id: string;
	canonical_address: string;
	lifecycle_status: LifecycleStatus;
	document: string;
}
/** A unit a rollback removed is answered by its id alone. */
type TimelineUnitAnswer = Pick<TimelineUnit, 'id'> & Partial<TimelineUnit>;

/** One change a CUT made to the unit (a cut_change_set_affected_row, with its change set's entry and executor). */
interface UnitChangeRow {
	ledger_seq: number;
	recorded_at: string | Date;
	action: string;
	canonical_address: string | null;
	before_sha256: string | null;
	after_sha256: string | null;
	row_hash: string;
	entry: string;
	change_set: string;
	executor: string;
}
/** A change with the amending laws behind it and the publisher's notes on the unit in that change set's source. */
type UnitChange = UnitChangeRow & { amended_by: AmendedBy[]; notes: string[] };

interface TimelineQuery {
	document?: string;
	unit?: string;
	address?: string;
}

/** GET /timeline?document=<id> | ?unit=<id> | ?address=<canonical or alias address>. */
export async function timeline(ctx: Ctx, raw: unknown) {
	const q = readBody<TimelineQuery>(
		raw,
		{ document: { kind: 'uuid' }, unit: { kind: 'uuid' }, address: { kind: 'string' } },
		'?document=<legal_document id>, ?unit=<logical_unit id> or ?address=45-2019-qh14/dieu-44',
	);
	const given = [q.document, q.unit, q.address].filter((x) => x !== undefined).length;
	if (given !== 1) throw badRequest('Send exactly one of "document" (a legal_document id), "unit" (a logical_unit id) or "address" (a canonical or former address).');
	await requireCapability(ctx.knex, ctx.accountability, 'audit');

	if (q.document) {
		const document: DocumentHead | undefined = await ctx
			.knex(DOCUMENT)
			.where({ id: q.document })
			.first(...DOCUMENT_HEAD);
		if (!document) throw notFound('legal_document', q.document);
		const entries = await ctx.knex('decision_backlog_entry').where({ document: document.id }).pluck('id');
		const none: UnitChange[] = [];
		return { document, unit: null, ...(await eventsOf(ctx, entries)), unit_changes: none };
	}

	const unitId = q.unit ?? (await unitAt(ctx, q.address!));
	const unit: TimelineUnit | undefined = await ctx.knex(LOGICAL_UNIT).where({ id: unitId }).first('id', 'canonical_address', 'lifecycle_status', 'document');
	// A unit removed by a rollback is gone from logical_unit but not from the ledger.
	const blocks: Array<{ entry: string }> = await ctx
		.knex('manifest_unit_block as b')
		.join('manifest_envelope as m', 'm.id', 'b.envelope')
		.where('b.unit_id', unitId)
		.distinct('m.entry as entry');
	if (!unit && blocks.length === 0) throw notFound('logical_unit', unitId);
	const unitChanges: UnitChangeRow[] = await ctx
		.knex('cut_change_set_affected_row as a')
		.join('cut_change_set as c', 'c.id', 'a.change_set')
		.where('a.unit_id', unitId)
		.orderBy('a.ledger_seq')
		.select('a.ledger_seq', 'a.recorded_at', 'a.action', 'a.canonical_address', 'a.before_sha256', 'a.after_sha256', 'a.row_hash', 'c.entry', 'c.id as change_set', 'c.executor');
	// A change made by an amending law says which law, provision and date (empty for every other change).
	const amendedBy = await amendedByEntry(ctx.knex, unitId);
	// And the publisher's notes the source printed on the unit, kept beside it (never its text).
	const notes = await siteNotesByEntry(ctx.knex, unitId);
	const changes: UnitChange[] = unitChanges.map((c) => ({ ...c, amended_by: amendedBy.get(c.entry) ?? [], notes: notes.get(c.entry) ?? [] }));
	const answered: TimelineUnitAnswer = unit ?? { id: unitId };
	const document: DocumentHead | undefined = await ctx
		.knex(DOCUMENT)
		.where({ id: unit?.document ?? null })
		.first(...DOCUMENT_HEAD);
	return {
		document: document ?? null,
		unit: answered,
		...(await eventsOf(
			ctx,
			blocks.map((b) => b.entry),
		)),
		unit_changes: changes,
	};
}

/** One workflow event as eventsOf selects it, with its entry's title, kind and manifest hash. */
interface TimelineEvent {
	id: string;
	ledger_seq: number;
	recorded_at: string | Date;
	event: string;
	actor: string | null;
	detail: string | null;
	row_hash: string;
	entry: string;
	title: string;
	kind: string;
	manifest_sha256: string;
}

async function eventsOf(ctx: Ctx, entryIds: string[]) {
	if (entryIds.length === 0) return { events: [], people: {} };
	const events: TimelineEvent[] = await ctx
		.knex('decision_backlog_history as h')
		.join('decision_backlog_entry as e', 'e.id', 'h.entry')
		.whereIn('h.entry', entryIds)
		.orderBy('h.ledger_seq')
		.select('h.id', 'h.ledger_seq', 'h.recorded_at', 'h.event', 'h.actor', 'h.detail', 'h.row_hash', 'h.entry', 'e.title', 'e.kind', 'e.manifest_sha256');
	// Events an incident disowned stay in the story, marked: they count for nothing.
	const d = await loadDisowned(ctx.knex);
	const marked = events.map((e) => {
		const incident = disownedBy(d, 'decision_backlog_history', e.id);
		return incident ? { ...e, disowned_by: incident } : e;
	});
	return {
		events: await withNotes(ctx.knex, marked),
		people: await peopleOf(
			ctx.knex,
			events.map((e) => e.actor),
		),
	};
}

/** The unit an address names now: its canonical address, or an alias row pointing at it (also the history views'). */
export async function unitAt(ctx: Ctx, address: string): Promise<string> {
	const unit = await ctx.knex(LOGICAL_UNIT).where({ canonical_address: address }).first('id');
	if (unit) return unit.id;
	const alias = await ctx.knex(ALIAS).where({ alias_text: address }).whereNotNull('target_unit_id').orderBy('valid_from', 'desc').first('target_unit_id');
	if (alias) return alias.target_unit_id;
	const block = await ctx.knex('manifest_unit_block').where({ canonical_address: address }).orderBy('ledger_seq', 'desc').first('unit_id');
	if (block) return block.unit_id;
	throw notFound('unit with address', address);
}
