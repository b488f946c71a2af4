//! Every diagnostic the cut reports, with the exact place it points to.

use crate::cut_common;

use cut_common::{located, paths, well_formed};
use iu_cutter_core::read::cut::{cut, cut_with_frame, Cut};
use iu_cutter_core::text::diagnostic::Severity;
use iu_cutter_core::{default_vocabulary, Vocabulary};
use unicode_normalization::UnicodeNormalization;

fn vi() -> &'static Vocabulary {
    default_vocabulary("vi").expect("vi ships")
}

fn cut_with(text: &str, vocabulary: &Vocabulary) -> Cut {
    let result = cut(text, "45/2019/QH14", vocabulary);
    if let Err(e) = well_formed(&result, vocabulary) {
        panic!("{e}");
    }
    result
}

fn cut_vi(text: &str) -> Cut {
    cut_with(text, vi())
}

fn message(cut: &Cut, code: &str) -> String {
    cut.diagnostics
        .iter()
        .find(|d| d.code == code)
        .map(|d| format!("{} | {}", d.message, d.hint))
        .unwrap_or_else(|| panic!("no {code} in {:#?}", cut.diagnostics))
}

#[test]
fn a_point_before_any_article_is_an_orphan_and_its_text_stays_in_the_preamble() {
    let (result, frame) = cut_with_frame("a) Điểm lạc.\nĐiều 1. Phạm vi\n", "x", vi());
    assert_eq!(located(&result), [("orphan-unit", 1, 1)]);
    assert_eq!(result.diagnostics[0].severity, Severity::Error);
    assert!(message(&result, "orphan-unit").contains("Điểm a is not inside any Khoản or Điều"));
    assert_eq!(paths(&result), ["dieu-1"]);
    assert_eq!(frame.preamble.expect("preamble").text, "a) Điểm lạc.");
}

#[test]
fn a_subsection_outside_any_section_is_an_orphan_located_after_its_indentation() {
    let result = cut_vi("Điều 1. A\n\tTiểu mục 1\nĐiều 2. B\n");
    assert_eq!(located(&result), [("orphan-unit", 2, 2)]);
    assert_eq!(result.diagnostics[0].offset, "Điều 1. A\n\t".len());
    assert_eq!(result.units[0].body, "Tiểu mục 1");
}

#[test]
fn a_repeated_article_is_left_out_with_its_clauses_and_the_first_keeps_the_address() {
    let result = cut_vi("Điều 1. A\n1. x\nĐiều 1. B\n1. y\nĐiều 2. C\n");
    assert_eq!(located(&result), [("duplicate-ordinal", 3, 6)]);
    assert_eq!(result.diagnostics[0].severity, Severity::Error);
    assert!(message(&result, "duplicate-ordinal").contains("first at line 1"));
    assert_eq!(paths(&result), ["dieu-1", "dieu-1/khoan-1", "dieu-2"]);
    assert_eq!(result.units[0].heading.as_deref(), Some("A"));
    assert_eq!(result.units[1].body, "x");
}

#[test]
fn articles_repeat_across_chapters_because_their_addresses_start_at_the_document() {
    let result = cut_vi("Chương I\nĐiều 1. A\nChương II\nĐiều 1. B\n");
    assert_eq!(located(&result), [("duplicate-ordinal", 4, 6)]);
    assert_eq!(paths(&result), ["chuong-1", "dieu-1", "chuong-2"]);
}

#[test]
fn chapters_numbered_again_in_each_part_are_addressed_under_their_part() {
    let result = cut_vi(
        "Phần thứ nhất\nA\nChương I\nX\nĐiều 1. A\nChương II\nY\nĐiều 2. B\nPhần thứ hai\nB\nChương I\nZ\nĐiều 3. C\n",
    );
    assert_eq!(located(&result), []);
    assert_eq!(
        paths(&result),
        [
            "phan-1",
            "phan-1/chuong-1",
            "dieu-1",
            "phan-1/chuong-2",
            "dieu-2",
            "phan-2",
            "phan-2/chuong-1",
            "dieu-3"
        ]
    );
}

#[test]
fn chapters_numbered_through_the_parts_stay_citation_roots() {
    let result = cut_vi(
        "Phần thứ nhất\nA\nChương I\nX\nĐiều 1. A\nPhần thứ hai\nB\nChương II\nZ\nĐiều 2. C\n",
    );
    assert_eq!(located(&result), []);
    assert_eq!(
        paths(&result),
        ["phan-1", "chuong-1", "dieu-1", "phan-2", "chuong-2", "dieu-2"]
    );
}

#[test]
fn a_chapter_repeated_within_one_part_is_a_duplicate() {
    let result = cut_vi("Phần thứ nhất\nA\nChương I\nX\nĐiều 1. A\nChương I\nY\nĐiều 2. B\n");
    assert_eq!(located(&result), [("duplicate-ordinal", 6, 8)]);
}

#[test]
fn sections_without_chapters_stand_under_the_document() {
    let result = cut_vi("Mục 1: QUY ĐỊNH CHUNG\nĐiều 1. A\nMục 2: KHÁC\nĐiều 2. B\n");
    assert_eq!(located(&result), []);
    assert_eq!(paths(&result), ["muc-1", "dieu-1", "muc-2", "dieu-2"]);
}

#[test]
fn a_section_outside_chapters_in_a_text_with_chapters_lost_its_chapter() {
    let result = cut_vi("Điều 1. A\nMục 2\nB\nĐiều 2. B\nChương I\nC\nĐiều 3. C\n");
    assert_eq!(located(&result), [("orphan-unit", 2, 1)]);
}

#[test]
fn a_repeated_clause_is_reported_at_its_number() {
    let result = cut_vi("Điều 1. A\n1. x\n1. y\na) z\n2. w\n");
    assert_eq!(located(&result), [("duplicate-ordinal", 3, 1)]);
    assert_eq!(
        paths(&result),
        ["dieu-1", "dieu-1/khoan-1", "dieu-1/khoan-2"]
    );
}

#[test]
fn a_skipped_article_number_is_a_gap_located_at_the_number() {
    let result = cut_vi("Điều 1. A\nĐiều 3. B\n");
    assert_eq!(located(&result), [("ordinal-gap", 2, 6)]);
    assert_eq!(result.diagnostics[0].severity, Severity::Warning);
    assert!(message(&result, "ordinal-gap").contains("Điều 3 follows Điều 1: Điều 2 is missing"));
    assert_eq!(paths(&result), ["dieu-1", "dieu-3"], "the cut keeps both");
}

#[test]
fn point_e_right_after_d_misses_point_dd() {
    let result = cut_vi("Điều 1. A\na) x\nb) x\nc) x\nd) x\ne) x\n");
    assert_eq!(located(&result), [("ordinal-gap", 6, 1)]);
    assert!(message(&result, "ordinal-gap").contains("Điểm đ is missing"));
}

#[test]
fn a_first_clause_numbered_two_is_a_gap() {
    let result = cut_vi("Điều 1. A\n2. x\n");
    assert_eq!(located(&result), [("ordinal-gap", 2, 1)]);
    assert!(message(&result, "ordinal-gap").contains("Khoản 1 is missing"));
}

#[test]
fn a_number_going_back_is_out_of_order() {
    let result = cut_vi("Điều 1. A\nĐiều 3. B\nĐiều 2. C\n");
    assert_eq!(
        located(&result),
        [("ordinal-gap", 2, 6), ("ordinal-out-of-order", 3, 6)]
    );
    assert!(message(&result, "ordinal-out-of-order").contains("Điều 2 comes after Điều 3"));
    assert_eq!(paths(&result), ["dieu-1", "dieu-3", "dieu-2"]);
}

#[test]
fn f_is_not_a_vietnamese_point_letter() {
    let result = cut_vi("Điều 1. A\na) x\nf) y\n");
    assert_eq!(located(&result), [("ordinal-out-of-order", 3, 1)]);
    assert!(message(&result, "ordinal-out-of-order")
        .contains("a b c d đ e g h i k l m n o p q r s t u v x y"));
}

#[test]
fn amendment_suffixes_between_their_base_and_the_next_number_are_in_order() {
    let result = cut_vi("Điều 1. A\nĐiều 1a. B\nĐiều 1b. C\nĐiều 2. D\na) x\na1) y\nb) z\n");
    assert_eq!(located(&result), []);
    assert_eq!(
        paths(&result),
        [
            "dieu-1",
            "dieu-1a",
            "dieu-1b",
            "dieu-2",
            "dieu-2/diem-a",
            "dieu-2/diem-a1",
            "dieu-2/diem-b"
        ]
    );
}

#[test]
fn labels_the_vocabulary_cannot_read_are_unknown_headings_kept_as_text() {
    let result =
        cut_vi("Điều 1. A\nChapitre 3\nĐiều\nĐiều 5b5. X\nĐiều này áp dụng chung.\nĐiều 2. B\n");
    assert_eq!(
        located(&result),
        [
            ("unknown-heading", 2, 1),
            ("unknown-heading", 3, 1),
            ("unknown-heading", 4, 1)
        ]
    );
    assert_eq!(
        result.units[0].body,
        "Chapitre 3\nĐiều\nĐiều 5b5. X\nĐiều này áp dụng chung."
    );
    assert!(message(&result, "unknown-heading").contains("'Điều {ordinal}.'"));
}

#[test]
fn footnote_markers_are_removed_from_ordinals_and_reported_where_they_are() {
    let result = cut_vi("Điều 1[2]. Phạm vi\n1.[3] Nội dung\n");
    assert_eq!(
        located(&result),
        [("footnote-marker", 1, 7), ("footnote-marker", 2, 3)]
    );
    assert_eq!(paths(&result), ["dieu-1", "dieu-1/khoan-1"]);
    assert_eq!(result.units[0].heading.as_deref(), Some("Phạm vi"));
    assert_eq!(result.units[1].body, "Nội dung");
}

#[test]
fn a_quotation_that_never_closes_is_reported_and_the_provisions_after_it_are_still_cut() {
    let result = cut_vi("Điều 1. A\n1. Sửa như sau: “Điều 5. B\nĐiều 2. C\n1. D\n");
    assert_eq!(located(&result), [("unclosed-quote", 2, 17)]);
    assert_eq!(
        paths(&result),
        ["dieu-1", "dieu-1/khoan-1", "dieu-2", "dieu-2/khoan-1"]
    );
}

#[test]
fn a_quotation_that_never_closes_on_its_own_line_is_read_as_provisions() {
    let result = cut_vi("Điều 1. A\n“Điều 2. B\n1. C\n");
    assert_eq!(located(&result), [("unclosed-quote", 2, 1)]);
    assert_eq!(paths(&result), ["dieu-1", "dieu-1/khoan-1"]);
    assert_eq!(result.units[0].body, "“Điều 2. B");
}

#[test]
fn a_stray_straight_quote_left_open_mid_line_is_the_one_read_as_a_character() {
    // `"BẢO VỆ", … "LỢI ÍCH ở dưới.`: the second straight mark never closes (a straight mark
    // closed by a curly one on its line would be a pair: see cut_vi_messy); the later pair must
    // still quote, and the provisions between are cut.
    let text = "Điều 1. A\n1. Chữ \"BẢO VỆ\", chữ \"LỢI ÍCH ở dưới.\nĐiều 2. B\n1. Cụm từ \"x\" được thay.\nĐiều 3. C\n";
    let result = cut_vi(text);
    assert_eq!(located(&result), [("unclosed-quote", 2, 22)]);
    assert_eq!(
        paths(&result),
        [
            "dieu-1",
            "dieu-1/khoan-1",
            "dieu-2",
            "dieu-2/khoan-1",
            "dieu-3"
        ]
    );
}

#[test]
fn many_quotations_that_never_close_switch_quotes_off() {
    let text = "Điều 1. A\n“x\n“y\n“z\n“w\n“v\nĐiều 2. B\n";
    let result = cut_vi(text);
    assert_eq!(paths(&result), ["dieu-1", "dieu-2"]);
    assert!(result
        .diagnostics
        .iter()
        .all(|d| d.code == "unclosed-quote"));
    assert_eq!(result.diagnostics.len(), 4);
}

#[test]
fn a_heading_of_a_switched_off_type_is_reported_and_kept_as_text() {
    let mut vocabulary = vi().clone();
    for t in &mut vocabulary.section_types {
        if t.code == "tieumuc" {
            t.active = false;
        }
    }
    let result = cut_with("Chương I\nMục 1\nTiểu mục 1\nĐiều 1. A\n", &vocabulary);
    assert_eq!(located(&result), [("inactive-section-type", 3, 1)]);
    assert_eq!(paths(&result), ["chuong-1", "chuong-1/muc-1", "dieu-1"]);
    assert_eq!(result.units[1].heading.as_deref(), Some("Tiểu mục 1"));
}

#[test]
fn an_address_over_255_bytes_is_never_emitted() {
    let doc = "a".repeat(250);
    let result = cut("Điều 1. A\n1. x\n", &doc, vi());
    assert_eq!(located(&result), [("invalid-address", 1, 1)]);
    assert!(result.units.is_empty());
    assert!(message(&result, "invalid-address").contains("too long"));
}

#[test]
fn an_address_deeper_than_eight_segments_is_never_emitted() {
    let types: Vec<String> = ('a'..='i')
        .enumerate()
        .map(|(i, c)| {
            let parents = if i == 0 {
                String::new()
            } else {
                format!("\"{}\"", char::from(b'a' + u8::try_from(i - 1).unwrap()))
            };
            format!(
                r#"{{"code":"{c}","label":"L{c}","address_token":"{c}","level":{},"ordinal_style":"arabic","heading_pattern":"L{c} {{ordinal}}.","citation_root":false,"parents":[{parents}],"active":true}}"#,
                i + 1
            )
        })
        .collect();
    let json = format!(
        r#"{{"language":"xx","name":"deep","section_types":[{}]}}"#,
        types.join(",")
    );
    let deep = Vocabulary::from_json(&json).expect("valid vocabulary");
    let text: String = ('a'..='i').map(|c| format!("L{c} 1. x\n")).collect();
    let result = cut_with(&text, &deep);
    assert_eq!(located(&result), [("invalid-address", 9, 1)]);
    assert_eq!(result.units.len(), 8);
}

#[test]
fn a_document_code_that_cannot_become_a_slug_cuts_nothing() {
    for code in ["", "!!!", "45/2019/QH14 ★"] {
        let result = cut("Điều 1. A\n", code, vi());
        assert_eq!(located(&result), [("invalid-doc-code", 0, 0)], "{code:?}");
        assert_eq!(result.diagnostics[0].severity, Severity::Error);
        assert!(result.units.is_empty());
        assert_eq!(result.doc, "");
    }
}

#[test]
fn an_invalid_vocabulary_cuts_nothing() {
    let broken = Vocabulary {
        id: String::new(),
        language: "xx".into(),
        name: "broken".into(),
        section_types: Vec::new(),
        markers: Default::default(),
    };
    let result = cut("Điều 1. A\n", "x", &broken);
    assert_eq!(located(&result), [("invalid-vocabulary", 0, 0)]);
}

#[test]
fn a_pattern_with_nothing_around_the_ordinal_is_reported_and_not_used() {
    let mut vocabulary = vi().clone();
    for t in &mut vocabulary.section_types {
        if t.code == "diem" {
            t.heading_pattern = "{ordinal}".into();
        }
    }
    let result = cut_with("Điều 1. A\na) x\n", &vocabulary);
    assert_eq!(located(&result), [("unusable-heading-pattern", 0, 0)]);
    assert_eq!(result.units[0].body, "a) x");
}

#[test]
fn text_without_headings_is_reported_at_its_first_character() {
    let result = cut_vi("\n\n   Văn bản không có điều nào.\n");
    assert_eq!(located(&result), [("no-units", 3, 4)]);
    assert!(cut_vi("").diagnostics.is_empty());
    assert!(cut_vi("\n \n- 3 -\n").diagnostics.is_empty());
}

#[test]
fn columns_count_characters_and_offsets_bytes_of_the_original_nfd_bom_crlf_text() {
    let nfd: String = "Điều 1. A\r\nĐiều 3. B\r\n".nfd().collect();
    let text = format!("\u{FEFF}{nfd}");
    let result = cut_vi(&text);
    // NFD "Điều " is 7 characters (ề = e + two marks), so the number is in column 8.
    assert_eq!(located(&result), [("ordinal-gap", 2, 8)]);
    let offset = result.diagnostics[0].offset;
    assert!(text[offset..].starts_with("3. B"), "{offset}");
    let first = cut_vi("\u{FEFF}Điều 2. A\n");
    assert_eq!(located(&first), [("ordinal-gap", 1, 6)]);
    assert!("\u{FEFF}Điều 2. A\n"[first.diagnostics[0].offset..].starts_with('2'));
}

#[test]
fn a_number_too_large_to_rank_is_cut_without_a_sequence_warning() {
    let result = cut_vi("Điều 1. A\nĐiều 99999999999999999999. B\n");
    assert_eq!(located(&result), []);
    assert_eq!(paths(&result), ["dieu-1", "dieu-99999999999999999999"]);
}

#[test]
fn a_part_numbered_without_thu_is_an_unknown_heading() {
    let result = cut_vi("Phần I\nĐiều 1. A\n");
    assert_eq!(located(&result), [("unknown-heading", 1, 1)]);
    assert!(message(&result, "unknown-heading").contains("label of Phần"));
    assert_eq!(paths(&result), ["dieu-1"]);
}
