// The schema module: every table iu-cutter owns, by name, and the columns the runtime reads by name.
//
// The migrations under migrations/ created these tables; they are frozen (checksummed in
// migrations/manifest.json, and every install refuses a migration whose bytes changed), so they keep
// their own copies of the names and the runtime never imports them. tests/unit/schema.test.js holds
// this module against what the migrations export and against the tables their recorded shapes
// (migrations/expected/) create, on SQLite and PostgreSQL.
//
// Plain JavaScript: the extension bundles it, and the CLI's source runs it in Node unbuilt.

// ── the unit store (iu0001) ──────────────────────────────────────────────────
export const DOCUMENT = 'legal_document';
export const SECTION_TYPE = 'section_type';
export const LOGICAL_UNIT = 'logical_unit';
export const ALIAS = 'canonical_address_alias';
/** The four collections people read: documents, their vocabularies' section types, units and aliases. */
export const UNIT_STORE = [DOCUMENT, SECTION_TYPE, LOGICAL_UNIT, ALIAS];

/** The columns of legal_document a unit's address is derived from. */
export const ADDRESS_FIELDS = ['doc_code', 'slug', 'vocabulary'];
/** legal_document.doc_code and .slug are varchar(64); SQLite does not enforce it, the hook does. */
export const DOC_CODE_MAX = 64;
/** The columns of a logical_unit row the core reads (its StoredUnit). */
export const UNIT_FIELDS = [
	'id',
	'document',
	'section_type',
	'parent',
	'ordinal',
	'heading',
	'body',
	'content_sha256',
	'position',
	'canonical_address',
	'canonical_address_format_version',
	'lifecycle_status',
	'authority',
];
/** Every column of canonical_address_alias: what an alias's before- and after-image holds. */
export const ALIAS_COLUMNS = ['alias_id', 'target_unit_id', 'alias_text', 'alias_kind', 'valid_from', 'valid_until', 'created_by', 'rationale', 'scenario_ref'];

// ── the governance ledger (iu0002, iu0004) ───────────────────────────────────
/** The Data Studio folder the ledger collections sit in. */
export const LEDGER_GROUP = 'governance_ledger';
/** iu0002's eleven append-only collections. */
export const LEDGER_COLLECTIONS = [
	'decision_backlog_entry',
	'decision_backlog_history',
	'decision_backlog_dependency',
	'decision_backlog_sweep_log',
	'manifest_envelope',
	'manifest_unit_block',
	'review_decision',
	'cut_change_set',
	'cut_change_set_affected_row',
	'verify_result',
	'dot_pair_signature',
];
/** The columns of each of iu0002's tables after the chain columns: the chain hashes exactly these, in this order. */
export const LEDGER_FIELDS = {
	decision_backlog_entry: ['kind', 'document', 'title', 'manifest_sha256', 'submitted_by'],
	decision_backlog_history: ['entry', 'event', 'actor', 'detail'],
	decision_backlog_dependency: ['entry', 'depends_on', 'kind'],
	decision_backlog_sweep_log: ['entry', 'verify_result', 'swept_by', 'outcome'],
	manifest_envelope: ['entry', 'manifest_sha256', 'document', 'base_sha256', 'source_sha256', 'effective_from', 'block_count', 'envelope_json'],
	manifest_unit_block: ['envelope', 'block_index', 'action', 'unit_id', 'canonical_address', 'before_sha256', 'after_sha256', 'block_json'],
	review_decision: ['entry', 'manifest_sha256', 'decision', 'reviewer', 'comment'],
	cut_change_set: [
		'entry',
		'kind',
		'manifest_sha256',
		'document',
		'executor',
		'base_sha256',
		'result_sha256',
		'units_written',
		'aliases_written',
		'aliases_removed',
		'gate_report',
	],
	cut_change_set_affected_row: ['change_set', 'action', 'unit_id', 'canonical_address', 'before_sha256', 'after_sha256', 'before_image', 'after_image'],
	verify_result: ['change_set', 'verifier', 'outcome', 'units_checked', 'violations', 'report'],
	dot_pair_signature: ['signer', 'role', 'change_set', 'verify_result', 'signed_sha256'],
};
/** iu0004's ledger table: incidents, chained with the others. */
export const INCIDENT_TABLE = 'ledger_incident';
/** iu0016's ledger table: the trust policy's versions, each signed by k custodians (core ledger::policy). */
export const TRUST_POLICY_TABLE = 'trust_policy';
/** Every table of the hash chain (one `ledger_seq` across them), in the order rows are inserted. */
export const LEDGER_TABLES = [...LEDGER_COLLECTIONS, INCIDENT_TABLE, TRUST_POLICY_TABLE];
/** The columns of each ledger table after the chain columns: exactly what the chain hashes. */
export const LEDGER_TABLE_FIELDS = {
	...LEDGER_FIELDS,
	[INCIDENT_TABLE]: ['document', 'reported_by', 'note', 'finding', 'disowned'],
	[TRUST_POLICY_TABLE]: ['version', 'policy_sha256', 'policy_json', 'signatures', 'proposed_by'],
};
/**
 * iu0017's column on the ledger tables whose steps keep no history row: the signature of whoever took the step (a
 * go-ahead, an incident) or of the agent (the DOT pair's rows). Hashed only when set: rows chained before it was
 * added keep their row hashes (ledger-rows.js contentOf).
 */
export const SIGNATURE_COLUMN = 'actor_signature';
/** The ledger tables with iu0017's signature column. */
export const SIGNED_LEDGER_TABLES = ['review_decision', INCIDENT_TABLE, 'dot_pair_signature'];
/** The chain columns every ledger row starts with (hashed, before the table's own). */
export const CHAIN_HEAD = ['id', 'ledger_seq', 'recorded_at', 'recorded_by'];
/** The chain columns every ledger row ends with (the links, not hashed as content). */
export const CHAIN_LINKS = ['prev_hash', 'row_hash'];

// ── the seal and the signed checkpoints (iu0004) ─────────────────────────────
/** SQLite's seal: a row here while a workflow transaction writes. */
export const SEAL_TABLE = 'iu_seal';
/** PostgreSQL's seal: this transaction-local setting. */
export const SEAL_SETTING = 'iu_cutter.seal';
export const CHECKPOINT_TABLE = 'iu_ledger_checkpoint';
/** Tables whose every write needs the seal. */
export const SEALED_TABLES = [LOGICAL_UNIT, ALIAS];

// ── the migration runner's ledger (created by the runner itself, sealed by iu0004) ──
export const MIGRATION_LEDGER = 'iu_migration_ledger';
/** Its hashed columns, in order; each row also has `prev_hash` and `row_hash`. */
export const MIGRATION_LEDGER_FIELDS = ['id', 'seq', 'version', 'file', 'file_sha256', 'direction', 'applied_at', 'applied_by', 'report'];

/** Append-only tables: INSERT under the seal, UPDATE and DELETE never. */
export const APPEND_ONLY_TABLES = [...LEDGER_TABLES, CHECKPOINT_TABLE, MIGRATION_LEDGER];

// ── operational state, not history ───────────────────────────────────────────
/** iu0005: one heartbeat row per running Directus instance. */
export const INSTANCE_TABLE = 'iu_instance';
/** iu0012: the agents' lease and last attempt per (entry, step). */
export const AGENT_STEP_TABLE = 'iu_agent_step';
/** iu0018: the transparency log's tiles (sealed), its signed checkpoints (append-only) and the witnesses' cosignatures. */
export const TLOG_TILE_TABLE = 'iu_tlog_tile';
export const TLOG_CHECKPOINT_TABLE = 'iu_tlog_checkpoint';
export const TLOG_COSIGNATURE_TABLE = 'iu_tlog_cosignature';
/** iu0016: a proposed trust policy version while custodians sign it. */
export const TRUST_PROPOSAL_TABLE = 'iu_trust_proposal';
