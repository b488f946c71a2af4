// Collection names created by migrations/iu0001-logical-units.js, iu0002-governance-ledger.js and iu0004-seal.js.
import { CHECKPOINT_TABLE, LEDGER_TABLES, MIGRATION_LEDGER, SEAL_TABLE } from '../../../migrations/iu0004-seal.js';

export { LEDGER_COLLECTIONS, LEDGER_FIELDS } from '../../../migrations/iu0002-governance-ledger.js';
/** The twelve ledger tables (iu0002's eleven and iu0004's ledger_incident) and the columns the chain hashes: read and count the chain with these. */
export { LEDGER_TABLES, LEDGER_TABLE_FIELDS, INCIDENT_TABLE } from '../../../migrations/iu0004-seal.js';
export { ADDRESS_FIELDS, CHECKPOINT_TABLE, MIGRATION_LEDGER, SEAL_TABLE } from '../../../migrations/iu0004-seal.js';
export { INSTANCE_TABLE } from '../../../migrations/iu0005-instance-heartbeat.js';
import { INSTANCE_TABLE } from '../../../migrations/iu0005-instance-heartbeat.js';
export const DOCUMENT = 'legal_document';
export const SECTION_TYPE = 'section_type';
export const LOGICAL_UNIT = 'logical_unit';
export const ALIAS = 'canonical_address_alias';
/** The Data Studio folder the ledger collections sit in (iu0002). */
export const LEDGER_GROUP = 'governance_ledger';

/** legal_document.doc_code and .slug are varchar(64) (iu0001); SQLite does not enforce it, the hook does. */
export const DOC_CODE_MAX = 64;

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
