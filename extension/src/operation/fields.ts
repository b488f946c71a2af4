// The fields of each workflow action, as the "IU Cutter workflow" Flows operation shows and sends them. One table,
// read by the form (app.ts: only the chosen action's fields) and by the handler (api.ts: the body it builds).
// The names and kinds mirror each action's body reader in ../governance/*.ts (readBody's spec): the reader stays
// the one place that checks a body; this table only decides which options of the operation make up the body.

export type FieldKind = 'uuid' | 'string' | 'text' | 'sha256' | 'datetime' | 'boolean' | 'enum' | 'json' | 'addresses' | 'laws';

export interface ActionField {
	/** The body field (and the operation option holding it). */
	name: string;
	kind: FieldKind;
	required?: boolean;
	/** 'enum': the values the reader accepts. */
	values?: readonly string[];
	/**
	 * The catalog key of the field's help, when the field means something else in this action than elsewhere
	 * (`document` of akn/export is an id, slug or code; elsewhere a legal_document id). Default `field.<name>`.
	 */
	help?: string;
}

const document: ActionField = { name: 'document', kind: 'uuid', required: true };
const entry: ActionField = { name: 'entry', kind: 'uuid', required: true };
const created: ActionField = { name: 'created_at', kind: 'datetime' };
const createdRequired: ActionField = { name: 'created_at', kind: 'datetime', required: true, help: 'field.created_at_submit' };
const sha: ActionField = { name: 'manifest_sha256', kind: 'sha256', required: true };
const title: ActionField = { name: 'title', kind: 'string' };
const effective: ActionField = { name: 'effective_from', kind: 'datetime' };
const plan: ActionField[] = [
	document,
	{ name: 'text', kind: 'text' },
	{ name: 'text_file', kind: 'uuid' },
	{ name: 'scope', kind: 'addresses' },
	effective,
	{ name: 'enact', kind: 'boolean' },
	{ name: 'allow_mass_retire', kind: 'boolean' },
];
const amend: ActionField[] = [
	document,
	{ name: 'amending', kind: 'laws', required: true },
	effective,
	{ name: 'enact', kind: 'boolean' },
	{ name: 'allow_mass_retire', kind: 'boolean' },
];
const crosswalk: ActionField[] = [
	document,
	{ name: 'file', kind: 'text' },
	{ name: 'file_id', kind: 'uuid' },
	{ name: 'file_name', kind: 'string' },
	{ name: 'format', kind: 'enum', values: ['csv', 'json'] },
];

/** Each action's fields, in the order the form shows them. Keys are the actions of ../governance/index.ts. */
export const ACTION_FIELDS: Record<string, ActionField[]> = {
	preview: [...plan, created, { name: 'paged', kind: 'boolean' }],
	submit: [...plan, createdRequired, sha, title, { name: 'undo', kind: 'json' }],
	'amend/preview': [...amend, created],
	'amend/submit': [...amend, createdRequired, sha, title],
	'crosswalk/preview': [...crosswalk, created],
	'crosswalk/submit': [...crosswalk, createdRequired, sha, title],
	review: [
		entry,
		{ name: 'decision', kind: 'enum', values: ['approve', 'reject'], required: true },
		{ ...sha, help: 'field.manifest_sha256_review' },
		{ name: 'comment', kind: 'text' },
	],
	cut: [entry],
	verify: [entry],
	sweep: [{ ...entry, required: false, help: 'field.entry_sweep' }],
	rollback: [{ ...entry, help: 'field.entry_rollback' }, effective, title],
	resolve: [
		{ name: 'address', kind: 'string' },
		{ name: 'addresses', kind: 'addresses' },
		{ name: 'at', kind: 'datetime' },
		{ name: 'history', kind: 'boolean' },
	],
	'akn/export': [
		{ name: 'document', kind: 'string', required: true, help: 'field.document_akn' },
		{ name: 'at', kind: 'string', help: 'field.at_akn' },
		{ name: 'country', kind: 'string' },
	],
	audit: [{ name: 'document', kind: 'uuid', help: 'field.document_audit' }],
	incident: [
		{ name: 'document', kind: 'uuid', help: 'field.document_audit' },
		{ name: 'note', kind: 'text', required: true },
	],
	repair: [{ name: 'incident', kind: 'uuid', required: true }, { name: 'document', kind: 'uuid', help: 'field.document_repair' }, effective, title],
};

/** Options of the operation that are not body fields. */
export const OWN_OPTIONS = ['action', 'payload', 'notify', 'from_trigger'] as const;

/**
 * A value not given: the form left it empty (Directus stores a cleared input as null or ""), or a `{{ … }}` named
 * nothing — Directus renders a missing value inside a template as the text "undefined" (e.g. a manual flow's
 * confirmation field the user left empty is not in `$trigger.body`).
 */
const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && ['', 'undefined', 'null'].includes(v.trim()));

/** A JSON text (a `{{ … }}` that named an object arrives as its JSON) or the value as is. */
function jsonOf(v: unknown): unknown {
	if (typeof v !== 'string') return v;
	const s = v.trim();
	if (!/^[[{"]/.test(s) && !/^(true|false|null|-?\d)/.test(s)) return v;
	try {
		return JSON.parse(s);
	} catch {
		// Not JSON after all: the action's reader names the field and what it expects.
		return v;
	}
}

/** An amending law named by its id or its code (looked up by `lawByCode`), or given whole as JSON. */
export type LawLookup = (code: string) => Promise<string | null>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `amending` as the form takes it: JSON (one source or a list, as POST /iu-cutter/amend/preview), or stored laws
 * named one a line (or comma-separated) by id or by code ("55/2023/NĐ-CP"), each becoming `{ document: id }`.
 * A code that names no stored law stays a code: the reader refuses it, naming the place.
 */
async function lawsOf(v: unknown, lawByCode: LawLookup): Promise<unknown> {
	const parsed = jsonOf(v);
	if (typeof parsed !== 'string') return parsed;
	const names = parsed
		.split(/[\n,;]+/)
		.map((s) => s.trim())
		.filter(Boolean);
	const out: unknown[] = [];
	for (const name of names) {
		if (UUID.test(name)) out.push({ document: name });
		else {
			const id = await lawByCode(name);
			out.push(id ? { document: id } : { doc_code: name });
		}
	}
	return out;
}

/** A list of addresses typed one a line or comma-separated, or JSON. */
function addressesOf(v: unknown): unknown {
	const parsed = jsonOf(v);
	return typeof parsed === 'string'
		? parsed
				.split(/[\n,]+/)
				.map((s) => s.trim())
				.filter(Boolean)
		: parsed;
}

/** A toggle's value, or a `{{ … }}` that gave "true" / "false". */
function booleanOf(v: unknown): unknown {
	if (v === 'true') return true;
	if (v === 'false') return false;
	return v;
}

/**
 * The body an operation's options make for `action`. An operation saved before the form had fields (options
 * `{ action, payload }`) sends its payload as it always did; fields filled in the form are added to it, so one
 * can move a flow from the payload to the form a field at a time. Options of other actions (left over when the
 * action was changed in the form) are not sent.
 */
export async function bodyFrom(action: string, options: Record<string, unknown>, lawByCode: LawLookup): Promise<Record<string, unknown>> {
	const payload = jsonOf(options['payload']);
	const base = empty(payload) ? {} : payload;
	if (base === null || typeof base !== 'object' || Array.isArray(base)) return base as Record<string, unknown>; // the reader says what a body must be
	const body: Record<string, unknown> = { ...(base as Record<string, unknown>) };
	for (const f of ACTION_FIELDS[action] ?? []) {
		const v = options[f.name];
		if (empty(v)) continue;
		if (f.kind === 'json') body[f.name] = jsonOf(v);
		else if (f.kind === 'laws') body[f.name] = await lawsOf(v, lawByCode);
		else if (f.kind === 'addresses') body[f.name] = addressesOf(v);
		else if (f.kind === 'boolean') body[f.name] = booleanOf(v);
		else body[f.name] = typeof v === 'string' ? v.trim() : v;
	}
	return body;
}
