// The unit store as the core sees it: rows of legal_document, section_type,
// logical_unit and canonical_address_alias read into the core's shapes, and
// the executor's writes. No rule lives here: the core decides, this file moves rows.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ALIAS, DOCUMENT, LOGICAL_UNIT, SECTION_TYPE } from './collections.js';
import { UNIT_FIELDS } from '../shared/schema.js';
import { notFound } from './errors.js';
import { plainAlias } from '../shared/drift.js';
import { bulkInsert, bulkUpdate } from './bulk.js';
import type { AliasKind, AliasRow, PlannedAlias, SectionType, StoredUnit, UnitBlock, WriteStep } from '../core-types/index.js';

// The core's shapes, under the names the store's callers know them by.
export type { AliasRow, PlannedAlias, StoredUnit, WriteStep };

type AllKeys<U> = U extends unknown ? keyof U : never;
type FieldOf<U, K extends PropertyKey> = U extends unknown ? (K extends keyof U ? U[K] : never) : never;
/** A union read as one shape: each member also offers, as optional, the fields only other members have. */
export type Loose<U> = U & { [K in Exclude<AllKeys<U>, keyof U>]?: FieldOf<U, K> };
/** A manifest block (the core's `UnitBlock`), read field by field whatever its action. */
export type Block = Loose<UnitBlock>;

export interface DocumentRow {
	id: string;
	doc_code: string;
	slug: string;
	title: string;
	language: string;
	vocabulary: string;
	source_text: string | null;
	source_sha256: string | null;
}

/** A document as the views name it (GET /timeline, GET /entries/:id, the pages' document lists): no text, no vocabulary. */
export interface DocumentHead {
	id: string;
	doc_code: string;
	slug: string;
	title: string | null;
	language: string;
}
export const DOCUMENT_HEAD = ['id', 'doc_code', 'slug', 'title', 'language'] as const;

/** The columns of a logical_unit row, as the core's StoredUnit names them (the list lives in the schema module). */
const UNIT_COLUMNS = UNIT_FIELDS as readonly (keyof StoredUnit)[];
const INSERT_CHUNK = 200;

export async function loadDocument(knex: Knex, id: string): Promise<DocumentRow> {
	const row = await knex(DOCUMENT).where({ id }).first();
	if (!row) throw notFound('legal_document', id);
	return row;
}

export async function loadDocuments(knex: Knex): Promise<{ id: string; slug: string }[]> {
	return knex(DOCUMENT).select('id', 'slug');
}

/**
 * A document's units, in id order: deterministic, and no claim of document order. `position` is a unit's order among
 * its siblings (issue 30), so no column orders a whole document; every caller hands the list to the core, which
 * orders it by the tree.
 */
export async function loadUnits(knex: Knex, documentId: string): Promise<StoredUnit[]> {
	const rows: Record<string, unknown>[] = await knex(LOGICAL_UNIT).where({ document: documentId }).orderBy('id').select(UNIT_COLUMNS);
	return rows.map(toUnit);
}

/**
 * A document's units in pages of `size`, in id order: a keyset on the id (the (document, id) index of iu0011), so no
 * row is skipped or read twice. Not on `position`: it is a unit's order among its siblings, so thousands of units
 * share a value (every first child is 0) and a keyset on it rescans them page after page. The order means nothing to
 * the callers (drift's base hash sorts by id).
 */
export async function* unitPages(knex: Knex, documentId: string, size: number): AsyncGenerator<StoredUnit[]> {
	let last: StoredUnit | undefined;
	for (;;) {
		const query = knex(LOGICAL_UNIT).where({ document: documentId });
		if (last) query.andWhere('id', '>', last.id);
		const rows: Record<string, unknown>[] = await query.orderBy('id').limit(size).select(UNIT_COLUMNS);
		if (rows.length === 0) return;
		const page = rows.map(toUnit);
		last = page[page.length - 1];
		yield page;
		if (rows.length < size) return;
	}
}

export function toUnit(r: Record<string, unknown>): StoredUnit {
	return {
		...(r as unknown as StoredUnit),
		heading: (r['heading'] as string | null) ?? null,
		parent: (r['parent'] as string | null) ?? null,
		body: (r['body'] as string | null) ?? '',
		content_sha256: (r['content_sha256'] as string | null) ?? '',
		position: Number(r['position']),
	};
}

/** section_type rows in the core's SectionType shape (SQLite gives 0/1 and JSON text; PostgreSQL booleans and arrays). */
export async function loadSectionTypes(knex: Knex): Promise<SectionType[]> {
	const rows: Record<string, unknown>[] = await knex(SECTION_TYPE).select('*');
	return rows.map(
		(r) =>
			({
				code: r['code'],
				label: r['label'],
				address_token: r['address_token'],
				level: Number(r['level']),
				ordinal_style: r['ordinal_style'],
				heading_pattern: r['heading_pattern'],
				citation_root: Boolean(r['citation_root']),
				parents: typeof r['parents'] === 'string' ? JSON.parse(r['parents']) : (r['parents'] ?? []),
				active: Boolean(r['active']),
			}) as SectionType,
	);
}

const iso = (v: unknown): string | null => (v == null ? null : new Date(v as string | number | Date).toISOString());

/** Alias rows whose text lies under the document's slug or that point to one of its units. */
export async function loadAliases(knex: Knex, document: Pick<DocumentRow, 'id' | 'slug'>): Promise<AliasRow[]> {
	const rows: Record<string, unknown>[] = await knex(ALIAS)
		.where('alias_text', 'like', `${document.slug}/%`)
		.orWhereIn('target_unit_id', knex(LOGICAL_UNIT).where({ document: document.id }).select('id'))
		.select('alias_id', 'target_unit_id', 'alias_text', 'alias_kind', 'valid_from', 'valid_until');
	return rows.map((r) => ({
		alias_id: String(r['alias_id']),
		target_unit_id: (r['target_unit_id'] as string | null) ?? null,
		alias_text: String(r['alias_text']),
		alias_kind: String(r['alias_kind']) as AliasKind,
		valid_from: iso(r['valid_from'])!,
		valid_until: iso(r['valid_until']),
	}));
}

const pick = (u: StoredUnit) => Object.fromEntries(UNIT_COLUMNS.map((c) => [c, u[c]]));

/**
 * Performs the core's write steps in order, inside `trx`. Unit rows are
 * written as the manifest's after-images, stamped like the birth-gate hook
 * does (created_at on insert, updated_at on every change); a confirm block
 * writes nothing because its unit does not change. Steps run strictly in the
 * core's order (removes usually first, children before parents). Alias rows
 * are tagged with the change set (`scenario_ref`) so a rollback can find them.
 */
export async function writeBlocks(
	trx: Knex.Transaction,
	blocks: Block[],
	steps: WriteStep[],
	ctx: { now: string; changeSet: string; onUnits?: (written: number) => void },
): Promise<{ units: number; aliases: number; created: Record<string, unknown>[]; withdrawn: Record<string, unknown>[] }> {
	let units = 0;
	// Progress is reported per INSERT batch and every INSERT_CHUNK single writes, never per unit.
	let reported = 0;
	const report = () => {
		if (units - reported >= INSERT_CHUNK) {
			reported = units;
			ctx.onUnits?.(units);
		}
	};
	const creates: Record<string, unknown>[] = [];
	const flushCreates = async () => {
		const first = units - creates.length;
		await bulkInsert(trx, LOGICAL_UNIT, creates, (done) => ctx.onUnits?.(first + done));
		reported = units;
		creates.length = 0;
	};
	// Consecutive updates (and consecutive vacates) go in batches too: the core's order makes each batch's rows free
	// to be written in any order (bulkUpdate). A batch of one kind is sent before a step of another.
	const updates: Record<string, unknown>[] = [];
	const vacates: Record<string, unknown>[] = [];
	const flushUpdates = async () => {
		await bulkUpdate(trx, LOGICAL_UNIT, 'id', updates);
		updates.length = 0;
		await bulkUpdate(trx, LOGICAL_UNIT, 'id', vacates);
		vacates.length = 0;
	};
	const withdrawn: Record<string, unknown>[] = [];
	for (const s of steps) {
		const block = blocks[s.block]!;
		if (s.step === 'write' && block.action === 'create') {
			// Consecutive creates go in batches; parents precede children in step order.
			await flushUpdates();
			creates.push(createdRow(block.after!, ctx.now));
			units++;
			continue;
		}
		await flushCreates();
		if (s.step === 'vacate') {
			if (updates.length) await flushUpdates();
			vacates.push({ id: s.unit_id, canonical_address: s.temporary_address });
			continue;
		}
		if (s.step === 'write' && block.action !== 'confirm') {
			if (vacates.length) await flushUpdates();
			updates.push(updatedRow(block.after!, ctx.now));
			units++;
			report();
			continue;
		}
		await flushUpdates();
		if (s.step === 'remove') {
			// An alias pointing at the unit would block the delete (RESTRICT): it goes first, kept in the ledger.
			const pointing: Record<string, unknown>[] = await trx(ALIAS).where({ target_unit_id: s.unit_id }).select('*');
			if (pointing.length) {
				await trx(ALIAS).where({ target_unit_id: s.unit_id }).delete();
				withdrawn.push(...pointing.map(aliasImage));
			}
			await trx(LOGICAL_UNIT).where({ id: s.unit_id }).delete();
			units++;
		}
		report();
	}
	await flushUpdates();
	await flushCreates();
	ctx.onUnits?.(units);
	const { aliases, created } = await insertPlannedAliases(
		trx,
		blocks.flatMap((b) => b.aliases ?? []),
		ctx.changeSet,
	);
	return { units, aliases, created, withdrawn };
}

/** A create's unit row: its after-image, stamped as the birth-gate hook does (created_at, updated_at). */
export const createdRow = (after: StoredUnit, now: string): Record<string, unknown> => ({ ...pick(after), created_at: now, updated_at: now });

/** An update, promotion or retirement: the row becomes its after-image, `updated_at` stamped. */
export const updatedRow = (after: StoredUnit, now: string): Record<string, unknown> => ({ ...pick(after), updated_at: now });

/** The blocks' planned alias rows, tagged with the change set (`scenario_ref`); answers them as the ledger images them. */
export async function insertPlannedAliases(trx: Knex.Transaction, planned: PlannedAlias[], changeSet: string): Promise<{ aliases: number; created: Record<string, unknown>[] }> {
	const aliases = planned.map((a) => ({
		alias_id: randomUUID(),
		target_unit_id: a.target_unit_id,
		alias_text: a.alias_text,
		alias_kind: a.alias_kind,
		// ISO text: PostgreSQL parses it into timestamptz, SQLite keeps it as Directus does.
		valid_from: new Date(a.valid_from).toISOString(),
		valid_until: a.valid_until ? new Date(a.valid_until).toISOString() : null,
		created_by: a.created_by,
		rationale: a.rationale,
		scenario_ref: changeSet,
	}));
	await bulkInsert(trx, ALIAS, aliases);
	return { aliases: aliases.length, created: aliases.map(aliasImage) };
}

/** An alias row as plain JSON values (timestamps as ISO text), for the ledger: the one shape the drift audit compares. */
export const aliasImage = (r: Record<string, unknown>): Record<string, unknown> => plainAlias(r);
