// Frozen seed of migration iu0008: what the shipped vocabularies changed since the seeds of iu0001 and iu0007.
// GENERATED — do not edit. Regenerate, before iu0008 is frozen and applied anywhere: bash scripts/node.sh scripts/vocabulary-seed.js
// then `npm run migrate -- --freeze`. A migration must seed the same rows forever; once iu0008 is applied,
// later vocabulary changes get their own migration.
// tests/wasm/vocabulary-seed.test.js checks iu0001, iu0007 and this seed, applied in order, against the core.
// Section types the core ships that no earlier seed has (inserted by up, deleted by down).
export const INSERT = [
	{"code": "definition", "vocabulary": "en", "label": "Definition", "address_token": "definition", "level": 5, "ordinal_style": "term", "heading_pattern": "“{ordinal}” means", "citation_root": false, "parents": ["paragraph", "section", "article"], "active": true},
	{"code": "uk-regulation", "vocabulary": "uk", "label": "Regulation", "address_token": "regulation", "level": 3, "ordinal_style": "arabic", "heading_pattern": "{ordinal}. {title}", "citation_root": true, "parents": ["uk-part", "uk-chapter"], "active": true},
	{"code": "uk-article", "vocabulary": "uk", "label": "Article", "address_token": "article", "level": 3, "ordinal_style": "arabic", "heading_pattern": "{ordinal}. {title}", "citation_root": true, "parents": ["uk-part", "uk-chapter"], "active": true},
	{"code": "uk-rule", "vocabulary": "uk", "label": "Rule", "address_token": "rule", "level": 3, "ordinal_style": "arabic", "heading_pattern": "{ordinal}. {title}", "citation_root": true, "parents": ["uk-part", "uk-chapter"], "active": true},
	{"code": "uk-schedule-article", "vocabulary": "uk", "label": "Schedule article", "address_token": "schedulearticle", "level": 2, "ordinal_style": "arabic", "heading_pattern": "Article {ordinal}", "citation_root": false, "parents": ["uk-schedule"], "active": true},
	{"code": "uk-definition", "vocabulary": "uk", "label": "Definition", "address_token": "definition", "level": 5, "ordinal_style": "term", "heading_pattern": "“{ordinal}” means", "citation_root": false, "parents": ["uk-subsection", "uk-section", "uk-regulation", "uk-article", "uk-rule", "uk-schedule-subparagraph", "uk-schedule-paragraph"], "active": true},
	{"code": "cw-definition", "vocabulary": "commonwealth", "label": "Definition", "address_token": "definition", "level": 5, "ordinal_style": "term", "heading_pattern": "“{ordinal}” means", "citation_root": false, "parents": ["cw-subsection", "cw-section", "cw-schedule-item"], "active": true},
];
// Section types whose fields changed: `set` by up, `before` put back by down.
export const UPDATE = [
	{"code": "paragraph", "set": {"heading_pattern": "({ordinal}) | {ordinal}."}, "before": {"heading_pattern": "({ordinal})"}},
	{"code": "subparagraph", "set": {"level": 6, "parents": ["paragraph", "section", "article", "definition"]}, "before": {"level": 5, "parents": ["paragraph", "section", "article"]}},
	{"code": "item", "set": {"level": 7}, "before": {"level": 6}},
	{"code": "us-subparagraph", "set": {"parents": ["us-paragraph", "us-subsection", "us-section"]}, "before": {"parents": ["us-paragraph"]}},
	{"code": "us-clause", "set": {"parents": ["us-subparagraph", "us-paragraph"]}, "before": {"parents": ["us-subparagraph"]}},
	{"code": "uk-subsection", "set": {"parents": ["uk-section", "uk-regulation", "uk-article", "uk-rule"]}, "before": {"parents": ["uk-section"]}},
	{"code": "uk-schedule", "set": {"heading_pattern": "Schedule {ordinal} | {ordinal} Schedule"}, "before": {"heading_pattern": "Schedule {ordinal}"}},
	{"code": "uk-schedule-paragraph", "set": {"heading_pattern": "{ordinal} {title} | {ordinal}. {title}", "parents": ["uk-schedule", "uk-schedule-article"]}, "before": {"heading_pattern": "{ordinal} {title}", "parents": ["uk-schedule"]}},
	{"code": "uk-schedule-subparagraph", "set": {"parents": ["uk-schedule-paragraph", "uk-schedule-article", "uk-schedule-part", "uk-schedule"]}, "before": {"parents": ["uk-schedule-paragraph"]}},
	{"code": "uk-paragraph", "set": {"level": 6, "parents": ["uk-subsection", "uk-section", "uk-regulation", "uk-article", "uk-rule", "uk-schedule-subparagraph", "uk-schedule-paragraph", "uk-schedule-part", "uk-schedule", "uk-schedule-article", "uk-definition"]}, "before": {"level": 5, "parents": ["uk-subsection", "uk-section", "uk-schedule-subparagraph", "uk-schedule-paragraph"]}},
	{"code": "uk-subparagraph", "set": {"level": 7}, "before": {"level": 6}},
	{"code": "cw-paragraph", "set": {"level": 6, "parents": ["cw-subsection", "cw-section", "cw-schedule-item", "cw-definition"]}, "before": {"level": 5, "parents": ["cw-subsection", "cw-section", "cw-schedule-item"]}},
	{"code": "cw-subparagraph", "set": {"level": 7}, "before": {"level": 6}},
];
// The CHECK on section_type.ordinal_style and its choices: changed only when they differ.
export const ORDINAL_STYLES = {
	before: ["arabic", "roman", "letter", "spelled", "upper-letter", "lower-roman", "upper-roman", "double-letter", "double-capital"],
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
