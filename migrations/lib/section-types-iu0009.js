// Frozen seed of migration iu0009: what the shipped vocabularies changed since the seeds of iu0001, iu0007 and iu0008.
// GENERATED — do not edit. Regenerate, before iu0009 is frozen and applied anywhere: bash scripts/node.sh scripts/vocabulary-seed.js
// then `npm run migrate -- --freeze`. A migration must seed the same rows forever; once iu0009 is applied,
// later vocabulary changes get their own migration.
// tests/wasm/vocabulary-seed.test.js checks iu0001, iu0007, iu0008 and this seed, applied in order, against the core.
// Section types the core ships that no earlier seed has (inserted by up, deleted by down).
export const INSERT = [
	{"code": "kemtheo", "vocabulary": "vi", "label": "Văn bản kèm theo", "address_token": "kemtheo", "level": 0, "ordinal_style": "arabic", "heading_pattern": "Văn bản kèm theo {ordinal}", "citation_root": false, "parents": [], "active": true},
	{"code": "us-division", "vocabulary": "us", "label": "Division", "address_token": "division", "level": 0, "ordinal_style": "upper-letter", "heading_pattern": "Division {ordinal}", "citation_root": true, "parents": [], "active": true},
];
// Section types whose fields changed: `set` by up, `before` put back by down.
export const UPDATE = [
	{"code": "phan", "set": {"parents": ["kemtheo"]}, "before": {"parents": []}},
	{"code": "chuong", "set": {"parents": ["phan", "kemtheo"]}, "before": {"parents": ["phan"]}},
	{"code": "muc", "set": {"parents": ["chuong", "kemtheo"]}, "before": {"parents": ["chuong"]}},
	{"code": "dieu", "set": {"parents": ["phan", "chuong", "muc", "tieumuc", "kemtheo"]}, "before": {"parents": ["phan", "chuong", "muc", "tieumuc"]}},
	{"code": "us-title", "set": {"parents": ["us-division"]}, "before": {"parents": []}},
	{"code": "us-section", "set": {"parents": ["us-division", "us-title", "us-subtitle", "us-chapter", "us-subchapter", "us-part"]}, "before": {"parents": ["us-title", "us-subtitle", "us-chapter", "us-subchapter", "us-part"]}},
];
// The CHECK on section_type.ordinal_style and its choices: changed only when they differ.
export const ORDINAL_STYLES = {
	before: ["arabic", "roman", "letter", "spelled", "upper-letter", "lower-roman", "upper-roman", "double-letter", "double-capital", "term"],
	after: ["arabic", "roman", "letter", "spelled", "upper-letter", "lower-roman", "upper-roman", "double-letter", "double-capital", "term"],
};
// The choices of legal_document.vocabulary and section_type.vocabulary.
export const VOCABULARY_CHOICES = {
	before: [{"text": "Vietnamese legal documents (vi)", "value": "vi"}, {"text": "English acts, regulations and governance rules (en)", "value": "en"}, {"text": "US federal statutes and the United States Code (us)", "value": "us"}, {"text": "UK Acts and statutory instruments (uk)", "value": "uk"}, {"text": "Commonwealth acts and constitutions (commonwealth)", "value": "commonwealth"}],
	after: [{"text": "Vietnamese legal documents (vi)", "value": "vi"}, {"text": "English acts, regulations and governance rules (en)", "value": "en"}, {"text": "US federal statutes and the United States Code (us)", "value": "us"}, {"text": "UK Acts and statutory instruments (uk)", "value": "uk"}, {"text": "Commonwealth acts and constitutions (commonwealth)", "value": "commonwealth"}],
};
// The choices of legal_document.language.
export const LANGUAGE_CHOICES = {
	before: ["vi", "en", "en-US", "en-GB"],
	after: ["vi", "en", "en-US", "en-GB"],
};
