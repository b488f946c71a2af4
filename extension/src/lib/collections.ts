// The collections the runtime works with: names from the schema module (shared/schema.js), never from the
// frozen migrations that created them, and the sets the hook guards.
import { ALIAS, CHECKPOINT_TABLE, DOCUMENT, INSTANCE_TABLE, LEDGER_GROUP, LEDGER_TABLES, LOGICAL_UNIT, MIGRATION_LEDGER, SEAL_TABLE, SECTION_TYPE } from '../shared/schema.js';

export {
	ADDRESS_FIELDS,
	ALIAS,
	CHECKPOINT_TABLE,
	DOC_CODE_MAX,
	DOCUMENT,
	INCIDENT_TABLE,
	INSTANCE_TABLE,
	LEDGER_COLLECTIONS,
	LEDGER_FIELDS,
	LEDGER_GROUP,
	LEDGER_TABLE_FIELDS,
	/** The twelve ledger tables (iu0002's eleven and iu0004's ledger_incident): read and count the chain with these. */
	LEDGER_TABLES,
	LOGICAL_UNIT,
	MIGRATION_LEDGER,
	SEAL_TABLE,
	SECTION_TYPE,
} from '../shared/schema.js';

/** Collections whose rows change only inside the workflow's sealed transactions. */
export const SEALED_STORE = [LOGICAL_UNIT, ALIAS] as const;
/** Append-only collections Directus can see (the checkpoint table has no primary key, so it cannot). */
export const APPEND_ONLY = [...LEDGER_TABLES, MIGRATION_LEDGER] as const;
/** Every table and collection iu-cutter owns: their schema and metadata change only through migrations. */
export const IU_COLLECTIONS: ReadonlySet<string> = new Set([
	DOCUMENT,
	SECTION_TYPE,
	LOGICAL_UNIT,
	ALIAS,
	LEDGER_GROUP,
	...LEDGER_TABLES,
	MIGRATION_LEDGER,
	CHECKPOINT_TABLE,
	SEAL_TABLE,
	INSTANCE_TABLE,
]);
