// Collection names created by migrations/iu0001-logical-units.js and iu0002-governance-ledger.js.
export { LEDGER_COLLECTIONS, LEDGER_FIELDS } from '../../../migrations/iu0002-governance-ledger.js';
export const DOCUMENT = 'legal_document';
export const SECTION_TYPE = 'section_type';
export const LOGICAL_UNIT = 'logical_unit';
export const ALIAS = 'canonical_address_alias';
