// Frozen seed of migration iu0001: the default vocabularies as they were when it was written.
// A migration must seed the same rows forever; later vocabulary changes get their own migration.
// tests/wasm/vocabulary-seed.test.js checks this against core/vocabularies/*.json.
export const SECTION_TYPES = [
	{"code": "phan", "vocabulary": "vi", "label": "Phần", "address_token": "phan", "level": 1, "ordinal_style": "spelled", "heading_pattern": "Phần thứ {ordinal}", "citation_root": true, "parents": [], "active": true},
	{"code": "chuong", "vocabulary": "vi", "label": "Chương", "address_token": "chuong", "level": 2, "ordinal_style": "roman", "heading_pattern": "Chương {ordinal}", "citation_root": true, "parents": ["phan"], "active": true},
	{"code": "muc", "vocabulary": "vi", "label": "Mục", "address_token": "muc", "level": 3, "ordinal_style": "arabic", "heading_pattern": "Mục {ordinal}", "citation_root": false, "parents": ["chuong"], "active": true},
	{"code": "tieumuc", "vocabulary": "vi", "label": "Tiểu mục", "address_token": "tieumuc", "level": 4, "ordinal_style": "arabic", "heading_pattern": "Tiểu mục {ordinal}", "citation_root": false, "parents": ["muc"], "active": true},
	{"code": "dieu", "vocabulary": "vi", "label": "Điều", "address_token": "dieu", "level": 5, "ordinal_style": "arabic", "heading_pattern": "Điều {ordinal}.", "citation_root": true, "parents": ["phan", "chuong", "muc", "tieumuc"], "active": true},
	{"code": "khoan", "vocabulary": "vi", "label": "Khoản", "address_token": "khoan", "level": 6, "ordinal_style": "arabic", "heading_pattern": "{ordinal}.", "citation_root": false, "parents": ["dieu"], "active": true},
	{"code": "diem", "vocabulary": "vi", "label": "Điểm", "address_token": "diem", "level": 7, "ordinal_style": "letter", "heading_pattern": "{ordinal})", "citation_root": false, "parents": ["khoan", "dieu"], "active": true},
	{"code": "part", "vocabulary": "en", "label": "Part", "address_token": "part", "level": 1, "ordinal_style": "arabic", "heading_pattern": "Part {ordinal}", "citation_root": true, "parents": [], "active": true},
	{"code": "chapter", "vocabulary": "en", "label": "Chapter", "address_token": "chapter", "level": 2, "ordinal_style": "arabic", "heading_pattern": "Chapter {ordinal}", "citation_root": true, "parents": ["part"], "active": true},
	{"code": "section", "vocabulary": "en", "label": "Section", "address_token": "section", "level": 3, "ordinal_style": "arabic", "heading_pattern": "Section {ordinal}", "citation_root": true, "parents": ["part", "chapter"], "active": true},
	{"code": "article", "vocabulary": "en", "label": "Article", "address_token": "article", "level": 3, "ordinal_style": "arabic", "heading_pattern": "Article {ordinal}", "citation_root": true, "parents": ["part", "chapter"], "active": true},
	{"code": "paragraph", "vocabulary": "en", "label": "Paragraph", "address_token": "paragraph", "level": 4, "ordinal_style": "arabic", "heading_pattern": "({ordinal})", "citation_root": false, "parents": ["section", "article"], "active": true},
	{"code": "subparagraph", "vocabulary": "en", "label": "Subparagraph", "address_token": "subparagraph", "level": 5, "ordinal_style": "letter", "heading_pattern": "({ordinal})", "citation_root": false, "parents": ["paragraph", "section", "article"], "active": true},
	{"code": "item", "vocabulary": "en", "label": "Item", "address_token": "item", "level": 6, "ordinal_style": "roman", "heading_pattern": "({ordinal})", "citation_root": false, "parents": ["subparagraph"], "active": true},
];
