// Collection names created by migrations/0001-iu-cutter-units.js.
export const DOCUMENT = 'legal_document';
export const SECTION_TYPE = 'section_type';
export const LOGICAL_UNIT = 'logical_unit';
export const ALIAS = 'canonical_address_alias';
