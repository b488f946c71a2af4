use super::*;
use crate::read::normalize::normalize_address_with_default_doc;
use crate::text::address::parse;
use crate::text::vocabulary::default_vocabularies;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

const LAW: &str = "45/2019/QH14";

fn nfd(s: &str) -> String {
    s.nfd().collect()
}

fn find(text: &str, doc: Option<&str>) -> Vec<Citation> {
    find_citations(text, default_vocabularies(), doc)
}

fn find_in(text: &str, doc: Option<&str>, context: &str) -> Vec<Citation> {
    let context = parse(context).expect("test context is canonical");
    find_citations_in(text, default_vocabularies(), doc, Some(&context))
}

/// The one citation in `text`, which must span all of it.
fn whole(text: &str, doc: Option<&str>) -> Citation {
    let found = find(text, doc);
    let [c] = found.as_slice() else {
        panic!("{text}: expected one citation, found {found:#?}");
    };
    assert_eq!(c.text, text, "the citation should span the whole text");
    c.clone()
}

fn addresses(text: &str, doc: Option<&str>) -> Vec<String> {
    let c = whole(text, doc);
    assert_eq!(c.problem, None, "{text}");
    c.addresses
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_point_of_a_clause_of_an_article_of_a_numbered_law_resolves_to_its_address() {
    let c = whole("điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14", None);
    assert_eq!(c.addresses, ["45-2019-qh14/dieu-44/khoan-1/diem-dd"]);
    assert_eq!(c.doc.as_deref(), Some("45-2019-qh14"));
    assert!(!c.relative);
    assert_eq!(c.problem, None);
}

#[test]
fn point_dd_and_point_d_stay_distinct() {
    assert_eq!(
        addresses("điểm d khoản 1 Điều 44", Some(LAW)),
        ["45-2019-qh14/dieu-44/khoan-1/diem-d"]
    );
    assert_eq!(
        addresses("điểm đ) khoản 1 Điều 44", Some(LAW)),
        ["45-2019-qh14/dieu-44/khoan-1/diem-dd"]
    );
}

#[test]
fn clauses_joined_by_va_share_the_article_and_take_the_current_document() {
    let c = whole("khoản 2 và khoản 3 Điều 5", Some(LAW));
    assert_eq!(
        c.addresses,
        ["45-2019-qh14/dieu-5/khoan-2", "45-2019-qh14/dieu-5/khoan-3"]
    );
    assert_eq!(c.doc, None, "the citation itself names no document");
}

#[test]
fn cac_khoan_lists_every_clause_of_the_enumeration() {
    assert_eq!(
        addresses("các khoản 1, 2 và 3 Điều 7", Some(LAW)),
        [
            "45-2019-qh14/dieu-7/khoan-1",
            "45-2019-qh14/dieu-7/khoan-2",
            "45-2019-qh14/dieu-7/khoan-3"
        ]
    );
}

#[test]
fn an_amendment_article_keeps_its_suffix() {
    assert_eq!(addresses("Điều 10a", Some(LAW)), ["45-2019-qh14/dieu-10a"]);
    assert_eq!(
        addresses("khoản 1a Điều 10a", Some(LAW)),
        ["45-2019-qh14/dieu-10a/khoan-1a"]
    );
}

#[test]
fn points_listed_with_commas_and_va_sit_in_the_same_clause() {
    assert_eq!(
        addresses("điểm a, b và c khoản 2 Điều 9", Some(LAW)),
        [
            "45-2019-qh14/dieu-9/khoan-2/diem-a",
            "45-2019-qh14/dieu-9/khoan-2/diem-b",
            "45-2019-qh14/dieu-9/khoan-2/diem-c"
        ]
    );
}

#[test]
fn articles_joined_by_va_or_hoac_are_listed_in_order() {
    assert_eq!(
        addresses("Điều 5 và Điều 6", Some(LAW)),
        ["45-2019-qh14/dieu-5", "45-2019-qh14/dieu-6"]
    );
    assert_eq!(
        addresses("Điều 6 hoặc Điều 5", Some(LAW)),
        ["45-2019-qh14/dieu-6", "45-2019-qh14/dieu-5"]
    );
    assert_eq!(
        addresses("Điều 5, 6 và 8", Some(LAW)),
        [
            "45-2019-qh14/dieu-5",
            "45-2019-qh14/dieu-6",
            "45-2019-qh14/dieu-8"
        ]
    );
}

#[test]
fn a_range_of_articles_is_expanded_when_its_ends_are_numbers() {
    let three = [
        "45-2019-qh14/dieu-3",
        "45-2019-qh14/dieu-4",
        "45-2019-qh14/dieu-5",
    ];
    assert_eq!(addresses("từ Điều 3 đến Điều 5", Some(LAW)), three);
    assert_eq!(addresses("Điều 3 đến Điều 5", Some(LAW)), three);
    assert_eq!(addresses("các Điều 3 đến 5", Some(LAW)), three);
    assert_eq!(addresses("từ Điều 3 đến hết Điều 5", Some(LAW)), three);
    assert_eq!(addresses("Điều 3 – 5", Some(LAW)), three);
}

#[test]
fn a_range_of_clauses_keeps_the_article_after_it() {
    assert_eq!(
        addresses("từ khoản 1 đến khoản 3 Điều 5 Luật 45/2019/QH14", None),
        [
            "45-2019-qh14/dieu-5/khoan-1",
            "45-2019-qh14/dieu-5/khoan-2",
            "45-2019-qh14/dieu-5/khoan-3"
        ]
    );
}

#[test]
fn a_range_of_points_follows_vietnamese_letter_order_with_dd_after_d() {
    assert_eq!(
        addresses("từ điểm c đến điểm e khoản 1 Điều 2", Some(LAW)),
        [
            "45-2019-qh14/dieu-2/khoan-1/diem-c",
            "45-2019-qh14/dieu-2/khoan-1/diem-d",
            "45-2019-qh14/dieu-2/khoan-1/diem-dd",
            "45-2019-qh14/dieu-2/khoan-1/diem-e"
        ]
    );
}

#[test]
fn a_range_with_an_amendment_end_lists_its_ends_and_says_so() {
    let c = whole("từ Điều 10a đến Điều 12", Some(LAW));
    assert_eq!(
        c.addresses,
        ["45-2019-qh14/dieu-10a", "45-2019-qh14/dieu-12"]
    );
    assert_eq!(
        c.problem,
        Some(CitationProblem::RangeNotExpanded {
            from: "10a".into(),
            to: "12".into()
        })
    );
}

#[test]
fn a_range_too_large_to_list_is_reported_not_expanded() {
    let c = whole("từ khoản 1 đến khoản 400 các Điều 1 đến 400", Some(LAW));
    assert_eq!(
        c.problem,
        Some(CitationProblem::TooManyAddresses { count: 160_000 })
    );
    assert!(c.addresses.is_empty());
}

#[test]
fn khoan_1_dieu_nay_resolves_against_the_context_article() {
    let found = find_in(
        "khoản 1 Điều này",
        Some(LAW),
        "45-2019-qh14/dieu-44/khoan-3/diem-a",
    );
    let [c] = found.as_slice() else {
        panic!("{found:#?}")
    };
    assert_eq!(c.addresses, ["45-2019-qh14/dieu-44/khoan-1"]);
    assert!(c.relative);
    assert_eq!(c.doc, None);
}

#[test]
fn dieu_nay_alone_is_the_context_article() {
    let found = find_in(
        "Quy định tại Điều này áp dụng cho mọi tổ chức.",
        None,
        "45-2019-qh14/dieu-44/khoan-3",
    );
    let [c] = found.as_slice() else {
        panic!("{found:#?}")
    };
    assert_eq!(c.text, "Điều này");
    assert_eq!(c.addresses, ["45-2019-qh14/dieu-44"]);
}

#[test]
fn a_point_of_this_clause_resolves_inside_the_context_clause() {
    let found = find_in("điểm a khoản này", None, "45-2019-qh14/dieu-5/khoan-2");
    assert_eq!(found[0].addresses, ["45-2019-qh14/dieu-5/khoan-2/diem-a"]);
}

#[test]
fn a_clause_cited_without_its_article_is_relative_to_the_context_article() {
    let found = find_in(
        "Trường hợp quy định tại khoản 1 và khoản 2 thì",
        Some(LAW),
        "45-2019-qh14/dieu-5/khoan-4",
    );
    let [c] = found.as_slice() else {
        panic!("{found:#?}")
    };
    assert!(c.relative);
    assert_eq!(
        c.addresses,
        ["45-2019-qh14/dieu-5/khoan-1", "45-2019-qh14/dieu-5/khoan-2"]
    );
}

#[test]
fn a_relative_citation_without_a_context_is_reported_with_missing_context() {
    let c = whole("khoản 1 Điều này", Some(LAW));
    assert!(c.relative);
    assert!(c.addresses.is_empty());
    assert_eq!(c.problem, Some(CitationProblem::MissingContext));
}

#[test]
fn a_relative_citation_whose_context_has_no_such_unit_is_a_context_mismatch() {
    let found = find_in("Điều này", None, "45-2019-qh14/chuong-2");
    assert_eq!(
        found[0].problem,
        Some(CitationProblem::ContextMismatch {
            label: "Điều".into(),
            context: "45-2019-qh14/chuong-2".into()
        })
    );
}

#[test]
fn a_citation_without_any_document_is_reported_with_missing_document() {
    let c = whole("Điều 44", None);
    assert_eq!(c.doc, None);
    assert!(c.addresses.is_empty());
    assert_eq!(c.problem, Some(CitationProblem::MissingDocument));
    assert_eq!(
        c.problem.as_ref().map(CitationProblem::code),
        Some("missing-document")
    );
}

#[test]
fn without_current_doc_the_context_document_is_used() {
    let found = find_in("Điều 7", None, "45-2019-qh14/dieu-44");
    assert_eq!(found[0].addresses, ["45-2019-qh14/dieu-7"]);
    assert!(!found[0].relative);
}

#[test]
fn an_invalid_current_doc_is_reported_on_the_citations_that_need_it() {
    let c = whole("Điều 7", Some("Luật (mới)"));
    assert_eq!(
        c.problem,
        Some(CitationProblem::InvalidCurrentDoc {
            found: "Luật (mới)".into()
        })
    );
    assert_eq!(
        addresses("Điều 7 Luật 45/2019/QH14", Some("Luật (mới)")),
        ["45-2019-qh14/dieu-7"]
    );
    // With a context, the unit being read names its document: a current_doc that is no code
    // (Canada's `C.R.C., c. 1400`, whose comma a code cannot hold) gives way to it.
    let found = find_in(
        "section 81",
        Some("C.R.C., c. 1400"),
        "crc-c-1400/section-80",
    );
    assert_eq!(found[0].problem, None, "{found:#?}");
    assert_eq!(found[0].addresses, ["crc-c-1400/section-81"]);
}

#[test]
fn luat_nay_names_the_current_document() {
    let c = whole("khoản 2 Điều 5 Luật này", Some("45-2019-qh14"));
    assert_eq!(c.addresses, ["45-2019-qh14/dieu-5/khoan-2"]);
    assert_eq!(c.doc.as_deref(), Some("45-2019-qh14"));
}

#[test]
fn a_decree_code_with_dd_becomes_its_slug() {
    let c = whole("khoản 2 Điều 5 Nghị định số 168/2024/NĐ-CP", None);
    assert_eq!(c.addresses, ["168-2024-ndd-cp/dieu-5/khoan-2"]);
}

#[test]
fn a_document_named_without_its_code_is_unidentified() {
    let found = find("theo khoản 1 Điều 5 của Luật Đất đai thì", Some(LAW));
    let [c] = found.as_slice() else {
        panic!("{found:#?}")
    };
    // The span and the problem carry the law's title, up to the words that go on with the sentence.
    assert_eq!(c.text, "khoản 1 Điều 5 của Luật Đất đai");
    assert!(c.addresses.is_empty());
    assert_eq!(
        c.problem,
        Some(CitationProblem::UnidentifiedDocument {
            found: "Luật Đất đai".into()
        })
    );
}

#[test]
fn a_title_word_that_folds_to_a_label_or_to_so_does_not_end_the_title() {
    // Words are looked up folded, but `khoán` (securities) is not `khoản`, `nợ` (debt) not `No`,
    // and `sở` not `số`: the title goes on to its code (vi-vlc-dev, Luật Chứng khoán 2019 and
    // Luật Quản lý nợ công 2017 cite these laws so). Nor does a label that cites nothing.
    for (text, address) in [
        (
            "khoản 2 Điều 6 Luật Chứng khoán số 70/2006/QH11",
            "70-2006-qh11/dieu-6/khoan-2",
        ),
        (
            "Điều 3 Luật Quản lý nợ công số 29/2009/QH12",
            "29-2009-qh12/dieu-3",
        ),
        (
            "Điều 4 Luật Kinh doanh bất động sản số 66/2014/QH13",
            "66-2014-qh13/dieu-4",
        ),
        // A label with no ordinal after it is prose: `Điều ước` (a treaty) is no article.
        (
            "Luật ký kết, gia nhập và thực hiện điều ước quốc tế số 41/2005/QH11",
            "41-2005-qh11",
        ),
    ] {
        assert_eq!(addresses(text, Some(LAW)), [address], "{text}");
    }
}

#[test]
fn luat_su_and_quyet_dinh_after_a_citation_are_ordinary_words() {
    let found = find("theo Điều 5 luật sư phải", Some(LAW));
    assert_eq!(found[0].text, "Điều 5");
    assert_eq!(found[0].addresses, ["45-2019-qh14/dieu-5"]);
    let found = find("Hội đồng theo Điều 9 quyết định việc này", Some(LAW));
    assert_eq!(found[0].text, "Điều 9");
    assert_eq!(found[0].problem, None);
}

#[test]
fn citations_outermost_first_with_commas_form_one_address() {
    assert_eq!(
        addresses("Điều 44, khoản 1, điểm đ của Luật 45/2019/QH14", None),
        ["45-2019-qh14/dieu-44/khoan-1/diem-dd"]
    );
}

#[test]
fn an_article_then_a_clause_of_another_article_are_two_citations_of_one_list() {
    assert_eq!(
        addresses("Điều 5, khoản 1 Điều 6", Some(LAW)),
        ["45-2019-qh14/dieu-5", "45-2019-qh14/dieu-6/khoan-1"]
    );
}

#[test]
fn points_of_different_clauses_share_the_article_cited_last() {
    assert_eq!(
        addresses("điểm a khoản 1 và điểm b khoản 2 Điều 5", Some(LAW)),
        [
            "45-2019-qh14/dieu-5/khoan-1/diem-a",
            "45-2019-qh14/dieu-5/khoan-2/diem-b"
        ]
    );
}

#[test]
fn a_clause_listed_after_a_complete_citation_takes_its_article() {
    assert_eq!(
        addresses("khoản 1 Điều 5 và khoản 2", Some(LAW)),
        ["45-2019-qh14/dieu-5/khoan-1", "45-2019-qh14/dieu-5/khoan-2"]
    );
}

#[test]
fn chapters_parts_and_sections_normalize_their_ordinals() {
    assert_eq!(addresses("Chương II", Some(LAW)), ["45-2019-qh14/chuong-2"]);
    assert_eq!(
        addresses("Mục 1 Chương III", Some(LAW)),
        ["45-2019-qh14/chuong-3/muc-1"]
    );
    assert_eq!(
        addresses("Phần thứ nhất Bộ luật 91/2015/QH13", None),
        ["91-2015-qh13/phan-1"]
    );
    assert_eq!(
        addresses("Tiểu mục 2 Mục 1 Chương IV", Some(LAW)),
        ["45-2019-qh14/chuong-4/muc-1/tieumuc-2"]
    );
    assert_eq!(
        addresses("khoản 1 Điều 44 Chương II", Some(LAW)),
        ["45-2019-qh14/dieu-44/khoan-1"],
        "a citation root restarts the address at the document"
    );
}

#[test]
fn a_clause_of_another_law_without_its_article_is_missing_its_root() {
    let c = whole("khoản 1 Luật 45/2019/QH14", None);
    assert_eq!(
        c.problem,
        Some(CitationProblem::MissingCitationRoot {
            label: "khoản".into()
        })
    );
}

#[test]
fn a_clause_directly_in_a_chapter_is_invalid_nesting() {
    let c = whole("khoản 1 Chương II", Some(LAW));
    assert_eq!(
        c.problem,
        Some(CitationProblem::InvalidNesting {
            child: "Khoản".into(),
            parent: "Chương".into()
        })
    );
}

#[test]
fn english_sections_with_parenthesised_levels_go_down_one_level_per_group() {
    assert_eq!(
        addresses("section 5(1)(a)", Some("12/2020")),
        ["12-2020/section-5/paragraph-1/subparagraph-a"]
    );
    assert_eq!(
        addresses("Article 3(2)", Some("12/2020")),
        ["12-2020/article-3/paragraph-2"]
    );
    assert_eq!(
        addresses("Article 3(2)(b)(iv) of Regulation (EU) 2016/679", None),
        ["2016-679/article-3/paragraph-2/subparagraph-b/item-4"]
    );
}

#[test]
fn english_plural_labels_list_their_members() {
    assert_eq!(
        addresses("sections 4 and 5", Some("12/2020")),
        ["12-2020/section-4", "12-2020/section-5"]
    );
    assert_eq!(
        addresses("Articles 3 to 5", Some("12/2020")),
        [
            "12-2020/article-3",
            "12-2020/article-4",
            "12-2020/article-5"
        ]
    );
}

#[test]
fn english_paragraph_of_article_reads_innermost_first() {
    assert_eq!(
        addresses("paragraph (2) of Article 7", Some("12/2020")),
        ["12-2020/article-7/paragraph-2"]
    );
    assert_eq!(
        addresses(
            "subparagraph (b) of paragraph (2) of section 7 of Act No. 12/2020",
            None
        ),
        ["12-2020/section-7/paragraph-2/subparagraph-b"]
    );
}

#[test]
fn an_english_parenthesised_member_continues_the_deepest_level_that_reads_it() {
    assert_eq!(
        addresses("section 5(1) and (2)", Some("12/2020")),
        [
            "12-2020/section-5/paragraph-1",
            "12-2020/section-5/paragraph-2"
        ]
    );
    assert_eq!(
        addresses("section 5(1)(a) or (b)", Some("12/2020")),
        [
            "12-2020/section-5/paragraph-1/subparagraph-a",
            "12-2020/section-5/paragraph-1/subparagraph-b"
        ]
    );
}

#[test]
fn english_this_section_and_this_act_are_relative_and_current() {
    let found = find_in(
        "as provided in subsection paragraph (2) of this section",
        None,
        "12-2020/section-9/paragraph-1",
    );
    let last = found.last().expect("a citation");
    assert_eq!(last.text, "paragraph (2) of this section");
    assert_eq!(last.addresses, ["12-2020/section-9/paragraph-2"]);
    assert!(last.relative);
    let c = whole("section 4 of this Act", Some("12/2020"));
    assert_eq!(c.addresses, ["12-2020/section-4"]);
    assert_eq!(c.doc.as_deref(), Some("12-2020"));
}

#[test]
fn an_english_act_named_without_a_code_is_unidentified() {
    let found = find("under section 5 of the Companies Act 2006", Some("12/2020"));
    assert_eq!(found[0].text, "section 5 of the Companies Act 2006");
    assert_eq!(
        found[0].problem,
        Some(CitationProblem::UnidentifiedDocument {
            found: "Companies Act 2006".into()
        })
    );
}

#[test]
fn labels_followed_by_prose_are_not_citations() {
    for text in [
        "Điều kiện để được cấp phép",
        "Mục tiêu của chính sách",
        "điểm mới của Luật",
        "Chương trình mục tiêu quốc gia",
        "khoản tiền bồi thường",
        "phần lớn đại biểu",
        "hai phần ba tổng số đại biểu",
        "Điều",
        "a part of the report",
        "an item of business",
    ] {
        assert_eq!(find(text, Some(LAW)), [], "{text}");
    }
}

#[test]
fn headings_alone_on_their_line_are_not_citations() {
    let text = "Chương II\nQUY ĐỊNH CHUNG\nĐiều 44. Phạm vi điều chỉnh\n1. Theo Điều 45 thì\nSection 3.\nĐiều 46";
    let found = find(text, Some(LAW));
    let texts: Vec<_> = found.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Điều 45", "Điều 46"],
        "a label on the last line cites"
    );
}

#[test]
fn several_citations_in_a_paragraph_come_in_order_with_exact_spans() {
    let text = "Trừ trường hợp quy định tại khoản 2 Điều 5 và điểm a khoản 1 Điều 7 Luật này, \
                tổ chức thực hiện theo Điều 12 Nghị định 168/2024/NĐ-CP.";
    let found = find(text, Some(LAW));
    let got: Vec<_> = found
        .iter()
        .map(|c| (c.text.as_str(), c.addresses.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "khoản 2 Điều 5 và điểm a khoản 1 Điều 7 Luật này",
                strings(&[
                    "45-2019-qh14/dieu-5/khoan-2",
                    "45-2019-qh14/dieu-7/khoan-1/diem-a"
                ])
            ),
            (
                "Điều 12 Nghị định 168/2024/NĐ-CP",
                strings(&["168-2024-ndd-cp/dieu-12"])
            ),
        ]
    );
    for c in &found {
        assert_eq!(text.get(c.span.start..c.span.end), Some(c.text.as_str()));
    }
}

#[test]
fn nfd_input_gives_the_same_addresses_with_offsets_into_the_nfd_text() {
    let nfc = "Xem điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14 và Điều 10a.";
    let text = nfd(nfc);
    assert_ne!(text, nfc);
    let found = find(&text, Some(LAW));
    let expected = find(nfc, Some(LAW));
    assert_eq!(found.len(), 2);
    for (a, b) in found.iter().zip(&expected) {
        assert_eq!(a.addresses, b.addresses);
        assert_eq!(text.get(a.span.start..a.span.end), Some(a.text.as_str()));
        assert_eq!(a.text.nfc().collect::<String>(), b.text);
    }
}

#[test]
fn unaccented_text_is_read_through_the_address_tokens() {
    assert_eq!(
        addresses("khoan 1 dieu 44", Some(LAW)),
        ["45-2019-qh14/dieu-44/khoan-1"]
    );
}

#[test]
fn whole_string_citations_agree_with_normalize_address() {
    for text in [
        "điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14",
        "Điều 44 Luật 45/2019/QH14",
        "khoản 2 Điều 5 Nghị định 168/2024/NĐ-CP",
        "Mục 1 Chương III Luật 45/2019/QH14",
        "Phần thứ nhất Bộ luật 91/2015/QH13",
        "điểm a) khoản 3 Điều 10a của Luật 45/2019/QH14",
        "Điều 44, khoản 1, điểm đ của Luật 45/2019/QH14",
        "section 5(1)(a) of Act 12/2020",
        "paragraph (2) of section 7 of the Act 12/2020",
        "Article 3(2)(b)(iv) of Regulation 2016/679",
    ] {
        let want = normalize_address_with_default_doc(default_vocabularies(), text, None)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .address
            .format();
        assert_eq!(addresses(text, None), [want], "{text}");
    }
}

#[test]
fn a_finder_is_reusable_across_texts() {
    let finder = CitationFinder::new(default_vocabularies());
    assert_eq!(
        finder.find("Điều 1", Some(LAW), None)[0].addresses,
        ["45-2019-qh14/dieu-1"]
    );
    assert_eq!(
        finder.find("Điều 2", Some("12/2020"), None)[0].addresses,
        ["12-2020/dieu-2"]
    );
}

#[test]
fn citations_serialize_with_a_kebab_case_problem_code() {
    let c = whole("Điều 44", None);
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["span"], serde_json::json!({"start": 0, "end": 10}));
    assert_eq!(json["problem"]["code"], "missing-document");
    let c = whole("từ Điều 10a đến Điều 12", Some(LAW));
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(
        json["problem"],
        serde_json::json!({"code": "range-not-expanded", "from": "10a", "to": "12"})
    );
}

#[test]
fn every_problem_has_a_distinct_code_and_a_message() {
    let all = [
        CitationProblem::MissingDocument,
        CitationProblem::InvalidCurrentDoc { found: "x".into() },
        CitationProblem::UnidentifiedDocument { found: "x".into() },
        CitationProblem::MissingContext,
        CitationProblem::ContextMismatch {
            label: "x".into(),
            context: "y".into(),
        },
        CitationProblem::MissingCitationRoot { label: "x".into() },
        CitationProblem::InvalidNesting {
            child: "x".into(),
            parent: "y".into(),
        },
        CitationProblem::InvalidAddress {
            address: "x".into(),
            reason: "y".into(),
        },
        CitationProblem::RangeNotExpanded {
            from: "x".into(),
            to: "y".into(),
        },
        CitationProblem::TooManyAddresses { count: 2000 },
    ];
    let codes: std::collections::HashSet<_> = all.iter().map(CitationProblem::code).collect();
    assert_eq!(codes.len(), all.len());
    for p in &all {
        assert!(!p.message().is_empty());
        assert_eq!(serde_json::to_value(p).unwrap()["code"], p.code());
    }
}

fn citation_soup() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("Điều"),
        Just("điểm"),
        Just("khoản"),
        Just("các"),
        Just("từ"),
        Just("đến"),
        Just("hết"),
        Just("này"),
        Just("và"),
        Just("hoặc"),
        Just("Chương"),
        Just("Phần"),
        Just("thứ"),
        Just("nhất"),
        Just("Mục"),
        Just("Tiểu mục"),
        Just("IV"),
        Just("44"),
        Just("10a"),
        Just("đ"),
        Just("a)"),
        Just("b"),
        Just("Luật"),
        Just("số"),
        Just("của"),
        Just("45/2019/QH14"),
        Just("168/2024/NĐ-CP"),
        Just("section"),
        Just("sections"),
        Just("5(1)(a)"),
        Just("(2)"),
        Just("(i)"),
        Just("of"),
        Just("this"),
        Just("the"),
        Just("Act"),
        Just("and"),
        Just("to"),
        Just("12/2020"),
        Just(","),
        Just("."),
        Just("\n"),
        Just("("),
        Just(")"),
        Just("Đất"),
        Just("1"),
        Just("500"),
    ];
    prop::collection::vec(word, 0..24).prop_map(|w| w.join(" "))
}

fn check_spans(text: &str) -> Result<(), TestCaseError> {
    let context = parse("45-2019-qh14/dieu-44/khoan-1").ok();
    for doc in [None, Some(LAW)] {
        let found = find_citations_in(text, default_vocabularies(), doc, context.as_ref());
        let mut previous_end = 0;
        for c in &found {
            prop_assert!(c.span.start < c.span.end);
            prop_assert!(c.span.start >= previous_end, "overlap in {text:?}");
            prop_assert!(text.is_char_boundary(c.span.start));
            prop_assert!(text.is_char_boundary(c.span.end));
            prop_assert_eq!(text.get(c.span.start..c.span.end), Some(c.text.as_str()));
            prop_assert!(c.addresses.len() <= MAX_ADDRESSES);
            for a in &c.addresses {
                prop_assert!(validate(a).is_ok(), "{a}");
            }
            previous_end = c.span.end;
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn find_citations_never_panics_and_spans_are_ordered_char_boundaries(s in any::<String>()) {
        check_spans(&s)?;
    }

    #[test]
    fn citation_like_text_gives_ordered_non_overlapping_valid_spans(s in citation_soup()) {
        check_spans(&s)?;
        check_spans(&nfd(&s))?;
    }

    #[test]
    fn nfc_and_nfd_texts_give_the_same_addresses(s in citation_soup()) {
        let nfc: Vec<_> = find(&s, Some(LAW)).into_iter().map(|c| c.addresses).collect();
        let decomposed: Vec<_> = find(&nfd(&s), Some(LAW)).into_iter().map(|c| c.addresses).collect();
        prop_assert_eq!(nfc, decomposed);
    }
}
