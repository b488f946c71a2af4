// The hook's refusals: what was refused, why, and what to do instead. The
// database's triggers (iu0004) refuse the same writes when no hook runs (a Flow
// with "Emit Events" off, a database session); these answer first, with a 4xx.
//
// The Data Studio shows an error's message under a title it translates from the
// code (i18n/app.ts), and cuts a message after 200 characters. So each message
// is one whole statement of at most 200 characters (what, why, what to do), and
// the full explanation travels in `extensions.detail` for API clients and logs.
import { createError } from '@directus/errors';
import { DOC_CODE_MAX } from '../lib/collections.js';

/** The longest message the Data Studio's error dialog shows whole (v-error cuts after 197 characters + "..."). */
export const MESSAGE_MAX = 200;

const WORKFLOW =
	"POST /iu-cutter/preview with the document's new text → /iu-cutter/submit → a reviewer's /iu-cutter/review → an executor's /iu-cutter/cut, then a verifier's /iu-cutter/verify (the IU Cutter module in the Data Studio does the same)";

/**
 * A Directus error whose message is short and whole and whose `extensions.detail` explains at length;
 * both are computed from the same extensions.
 */
function refusal<T extends object>(code: string, message: (e: T) => string, detail: (e: T) => string, status: number) {
	const Base = createError<T & { detail: string }>(code, (e) => message(e), status);
	return class extends Base {
		constructor(e: T) {
			super({ ...e, detail: detail(e) });
		}
	};
}

const store = (collection: string) => (collection === 'logical_unit' ? 'units' : 'aliases');

export const UnitStoreSealedError = refusal<{ collection: string; event: string }>(
	'IU_UNIT_STORE_SEALED',
	(e) => `"${e.collection}" is sealed: ${store(e.collection)} change only through the CUT / VERIFY workflow (the IU Cutter module). Refused: ${e.event}. Nothing was written.`,
	(e) =>
		`"${e.collection}" is sealed: ${store(e.collection)} change only through the governed CUT / VERIFY workflow, so that every change is reviewed, applied as one change set and recorded in the ledger. ${e.event} through Directus (Items API, GraphQL, import, revert, content versions, Flows) is refused, for administrators too. To change units, cut the document's text instead: ${WORKFLOW}. Nothing was written.`,
	403,
);

export const AppendOnlyError = refusal<{ collection: string; event: string }>(
	'IU_LEDGER_APPEND_ONLY',
	(e) => `"${e.collection}" is part of the append-only governance ledger: its rows are appended by the IU Cutter workflow only. Refused: ${e.event}. Nothing was written.`,
	(e) =>
		`"${e.collection}" is part of the append-only governance ledger: ${e.event} through the Directus API is refused, for administrators too. Rows are appended only by the CUT / VERIFY workflow (POST /iu-cutter/…)${e.collection === 'iu_migration_ledger' ? ' and, for the migration ledger, the migration runner (npm run migrate)' : ''}.`,
	403,
);

export const DocumentReaddressError = refusal<{ document: string; doc_code: string; field: string; units: number }>(
	'IU_DOCUMENT_READDRESS',
	(e) =>
		`${e.doc_code} has ${e.units} unit(s): changing "${e.field}" would readdress every unit outside the workflow. Create a new document with the new code instead. Nothing was written.`,
	(e) =>
		`Document ${e.doc_code} has ${e.units} unit(s): its "${e.field}" is part of every unit's canonical address, so changing it would readdress every unit outside the CUT / VERIFY workflow, without review, aliases or a ledger record. doc_code, slug and vocabulary are fixed once a document has units. To publish the text under another code, create a new document with that doc_code and cut its text (${WORKFLOW}); to correct this one, roll back the CUTs that created its units first. Nothing was written.`,
	409,
);

export const DocumentHasUnitsError = refusal<{ document: string; doc_code: string; units: number }>(
	'IU_DOCUMENT_HAS_UNITS',
	(e) => `${e.doc_code} has ${e.units} unit(s) and cannot be deleted: roll back the CUTs that created them in the IU Cutter workflow first, or keep it. Nothing was written.`,
	(e) =>
		`Document ${e.doc_code} has ${e.units} unit(s) and cannot be deleted: units are removed only through the CUT / VERIFY workflow. Roll back the CUTs that created them (POST /iu-cutter/rollback, then review, cut and verify), or keep the document. Nothing was written.`,
	409,
);

export const FieldTooLongError = refusal<{ field: string; limit: number; length: number }>(
	'IU_FIELD_TOO_LONG',
	(e) =>
		`${e.field === 'slug' ? 'The slug derived from "doc_code"' : `"${e.field}"`} is ${e.length} characters long; the limit is ${e.limit}. Shorten doc_code. Nothing was written.`,
	(e) =>
		`${e.field === 'slug' ? 'The slug derived from "doc_code"' : `"${e.field}"`} is ${e.length} characters long; the limit is ${e.limit} (legal_document.${e.field} is varchar(${DOC_CODE_MAX})). Shorten doc_code. Nothing was written.`,
	400,
);

export const SchemaSealedError = refusal<{ collection: string; event: string }>(
	'IU_SCHEMA_SEALED',
	(e) =>
		`"${e.collection}" belongs to IU Cutter: its fields, relations and settings change only through its migrations (npm run migrate). Refused: ${e.event}. Nothing was changed.`,
	(e) =>
		`"${e.collection}" belongs to iu-cutter: its tables, fields, relations and collection settings change only through iu-cutter's gated migrations (npm run migrate), which the unit store's guards, hashes and triggers are built on. ${e.event} through Directus (REST, GraphQL, /schema/apply) is refused, for administrators too. Nothing was changed.`,
	403,
);

export const UserHasAliasesError = refusal<{ users: string[]; aliases: number }>(
	'IU_USER_HAS_ALIASES',
	(e) =>
		`${e.users.length === 1 ? 'This user' : `These ${e.users.length} users`} created ${e.aliases} address alias(es) in the ledgered workflow: suspend ${e.users.length === 1 ? 'the user' : 'them'} instead of deleting. Nothing was deleted.`,
	(e) =>
		`The user(s) ${e.users.join(', ')} created ${e.aliases} canonical address alias(es) through the CUT / VERIFY workflow; deleting them would set those aliases' created_by to null, a change to the sealed alias store outside the workflow. Suspend the user instead (status "suspended"). Nothing was deleted.`,
	409,
);
