// Frozen seed of migration iu0010: what the shipped vocabularies changed since the seeds of iu0001, iu0007 and iu0008, iu0009.
// GENERATED — do not edit. Regenerate, before iu0010 is frozen and applied anywhere: bash scripts/node.sh scripts/vocabulary-seed.js
// then `npm run migrate -- --freeze`. A migration must seed the same rows forever; once iu0010 is applied,
// later vocabulary changes get their own migration.
// tests/wasm/vocabulary-seed.test.js checks iu0001, iu0007, iu0008, iu0009 and this seed, applied in order, against the core.
// Section types the core ships that no earlier seed has (inserted by up, deleted by down).
export const INSERT = [
	{"code": "uk-schedule-chapter", "vocabulary": "uk", "label": "Schedule Chapter", "address_token": "schedulechapter", "level": 3, "ordinal_style": "arabic", "heading_pattern": "Chapter {ordinal}", "citation_root": false, "parents": ["uk-schedule-part"], "active": true},
];
// Section types whose fields changed: `set` by up, `before` put back by down.
export const UPDATE = [
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
