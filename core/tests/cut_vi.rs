//! Cutting Vietnamese legal texts with the shipped `vi` vocabulary.

use crate::cut_common;

use cut_common::{fixture, located, paths, well_formed};
use iu_cutter_core::read::cut::{cut, cut_with_frame, Cut};
use iu_cutter_core::read::sample::{generated_act, generated_act_units};
use iu_cutter_core::{default_vocabulary, Vocabulary};
use unicode_normalization::UnicodeNormalization;

const LAW: &str = "luat-45-2019-qh14-excerpt.txt";

fn vi() -> &'static Vocabulary {
    default_vocabulary("vi").expect("vi ships")
}

fn cut_vi(text: &str) -> Cut {
    let result = cut(text, "45/2019/QH14", vi());
    if let Err(e) = well_formed(&result, vi()) {
        panic!("{e}");
    }
    result
}

fn unit<'a>(cut: &'a Cut, path: &str) -> &'a iu_cutter_core::store::unit::CutUnit {
    let address = format!("{}/{path}", cut.doc);
    cut.units
        .iter()
        .find(|u| u.canonical_address == address)
        .unwrap_or_else(|| panic!("no unit {address} in {:?}", paths(cut)))
}

#[test]
fn the_excerpt_cuts_into_chapters_sections_articles_clauses_and_points() {
    let result = cut_vi(&fixture(LAW));
    assert_eq!(result.doc, "45-2019-qh14");
    assert_eq!(result.vocabulary, "vi");
    assert_eq!(located(&result), [], "{:#?}", result.diagnostics);
    assert_eq!(
        paths(&result),
        [
            "chuong-1",
            "dieu-1",
            "dieu-2",
            "dieu-2/khoan-1",
            "dieu-2/khoan-2",
            "dieu-2/khoan-3",
            "dieu-2/khoan-4",
            "dieu-3",
            "dieu-3/khoan-1",
            "dieu-3/khoan-2",
            "chuong-2",
            "chuong-2/muc-1",
            "dieu-4",
            "dieu-4/khoan-1",
            "dieu-4/khoan-2",
            "chuong-2/muc-2",
            "dieu-5",
            "dieu-5/diem-a",
            "dieu-5/diem-b",
            "dieu-5/diem-c",
            "dieu-5/diem-d",
            "dieu-5/diem-dd",
            "dieu-5/diem-e",
            "dieu-5a",
            "dieu-5a/khoan-1",
            "dieu-5a/khoan-1/diem-a",
            "dieu-5a/khoan-1/diem-b",
            "dieu-5a/khoan-1a",
            "dieu-5a/khoan-2",
            "chuong-3",
            "dieu-6",
            "dieu-6/khoan-1",
            "dieu-6/khoan-2",
            "dieu-7",
        ]
    );
}

#[test]
fn articles_hang_under_their_chapter_or_section_but_are_addressed_from_the_document() {
    let result = cut_vi(&fixture(LAW));
    let parent_of = |path: &str| {
        unit(&result, path)
            .parent
            .map(|p| result.units[p].canonical_address.clone())
    };
    assert_eq!(
        parent_of("dieu-1").as_deref(),
        Some("45-2019-qh14/chuong-1")
    );
    assert_eq!(
        parent_of("dieu-4").as_deref(),
        Some("45-2019-qh14/chuong-2/muc-1")
    );
    assert_eq!(
        parent_of("chuong-2/muc-2").as_deref(),
        Some("45-2019-qh14/chuong-2")
    );
    assert_eq!(parent_of("chuong-1"), None);
    let d = unit(&result, "dieu-5a/khoan-1/diem-b");
    assert_eq!(d.section_type, "diem");
    assert_eq!(d.ordinal, "b");
    assert_eq!(d.line, 60);
}

#[test]
fn chapter_and_section_titles_on_the_next_line_become_their_headings() {
    let result = cut_vi(&fixture(LAW));
    let heading = |path: &str| unit(&result, path).heading.clone();
    assert_eq!(heading("chuong-1").as_deref(), Some("NHỮNG QUY ĐỊNH CHUNG"));
    assert_eq!(
        heading("chuong-2").as_deref(),
        Some("VIỆC LÀM, TUYỂN DỤNG VÀ QUẢN LÝ LAO ĐỘNG")
    );
    assert_eq!(heading("chuong-2/muc-1").as_deref(), Some("VIỆC LÀM"));
    assert_eq!(heading("chuong-3").as_deref(), Some("ĐIỀU KHOẢN THI HÀNH"));
    assert_eq!(unit(&result, "chuong-1").body, "");
}

#[test]
fn article_headings_follow_the_dot_and_clause_text_is_body() {
    let result = cut_vi(&fixture(LAW));
    let dieu3 = unit(&result, "dieu-3");
    assert_eq!(dieu3.heading.as_deref(), Some("Giải thích từ ngữ"));
    assert_eq!(
        dieu3.body,
        "Trong Bộ luật này, các từ ngữ dưới đây được hiểu như sau:"
    );
    assert_eq!(dieu3.line, 27);
    let khoan = unit(&result, "dieu-2/khoan-2");
    assert_eq!(khoan.heading, None);
    assert_eq!(khoan.body, "Người sử dụng lao động.");
    assert_eq!(
        unit(&result, "dieu-2").body,
        "",
        "clauses are not the article's body"
    );
}

#[test]
fn point_dd_is_its_own_unit_after_d_and_never_collides_with_it() {
    let result = cut_vi(&fixture(LAW));
    let d = unit(&result, "dieu-5/diem-d");
    let dd = unit(&result, "dieu-5/diem-dd");
    assert_eq!(dd.ordinal, "dd");
    assert!(d.body.starts_with("Tham gia bảo hiểm xã hội"));
    assert!(dd
        .body
        .starts_with("Thực hiện quy định của pháp luật về an toàn"));
    assert!(d.position < dd.position);
}

#[test]
fn points_may_sit_directly_under_an_article() {
    let result = cut_vi(&fixture(LAW));
    let a = unit(&result, "dieu-5/diem-a");
    assert_eq!(
        result.units[a.parent.unwrap()].canonical_address,
        "45-2019-qh14/dieu-5"
    );
    assert_eq!(
        unit(&result, "dieu-5").body,
        "Người lao động có các nghĩa vụ sau đây:"
    );
}

#[test]
fn amendment_suffixes_keep_their_letter() {
    let result = cut_vi(&fixture(LAW));
    assert_eq!(unit(&result, "dieu-5a").ordinal, "5a");
    assert_eq!(
        unit(&result, "dieu-5a/khoan-1a").body,
        "Đình công theo quy định của pháp luật."
    );
}

#[test]
fn a_quoted_amendment_is_body_of_the_quoting_clause_not_units_of_this_law() {
    let result = cut_vi(&fixture(LAW));
    let khoan = unit(&result, "dieu-6/khoan-1");
    assert_eq!(
        khoan.body,
        "Sửa đổi, bổ sung Điều 2 của Luật Bảo hiểm xã hội số 58/2014/QH13 như sau:\n\
         “Điều 2. Đối tượng áp dụng\n\
         1. Người lao động là công dân Việt Nam thuộc đối tượng tham gia bảo hiểm xã hội bắt buộc, bao gồm:\n\
         a) Người làm việc theo hợp đồng lao động không xác định thời hạn;\n\
         b) Người làm việc theo hợp đồng lao động có thời hạn từ đủ 01 tháng trở lên.”"
    );
    assert_eq!(
        unit(&result, "dieu-6/khoan-2").body,
        "Thay thế cụm từ “hợp đồng làm việc” bằng cụm từ “hợp đồng lao động” tại khoản 2 Điều 3."
    );
    assert!(!paths(&result).contains(&"dieu-6/khoan-1/diem-a".to_owned()));
}

#[test]
fn page_numbers_are_dropped_from_bodies() {
    let result = cut_vi(&fixture(LAW));
    assert_eq!(
        unit(&result, "dieu-5/diem-c").body,
        "Thực hiện quy định của pháp luật về lao động, việc làm;"
    );
    assert!(!unit(&result, "dieu-3/khoan-2").body.contains("- 2 -"));
}

#[test]
fn the_preamble_is_kept_beside_the_cut_and_is_not_a_unit_or_a_problem() {
    let (result, frame) = cut_with_frame(&fixture(LAW), "45/2019/QH14", vi());
    assert!(result.diagnostics.is_empty());
    let preamble = frame.preamble.expect("preamble");
    assert_eq!((preamble.line, preamble.end_line), (1, 13));
    assert!(preamble.text.starts_with("QUỐC HỘI\n"));
    assert!(preamble
        .text
        .contains("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;"));
    assert!(result.units.iter().all(|u| !u.body.contains("Căn cứ")));
}

#[test]
fn the_signature_block_is_never_appended_to_the_last_article() {
    let (result, frame) = cut_with_frame(&fixture(LAW), "45/2019/QH14", vi());
    assert_eq!(
        unit(&result, "dieu-7").body,
        "Bộ luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2021."
    );
    let closing = frame.closing.expect("closing");
    assert_eq!((closing.line, closing.end_line), (78, 84));
    assert!(closing.text.starts_with("Bộ luật này đã được Quốc hội"));
    assert!(closing
        .text
        .ends_with("TM. QUỐC HỘI\nCHỦ TỊCH\n(Đã ký)\nNguyễn Thị Kim Ngân"));
}

#[test]
fn crlf_bom_and_nfd_variants_give_identical_units() {
    let text = fixture(LAW);
    let reference = cut_vi(&text);
    let crlf = text.replace('\n', "\r\n");
    let nfd: String = text.nfd().collect();
    let variants = [
        ("crlf", crlf.clone()),
        ("bom", format!("\u{FEFF}{text}")),
        ("nfd", nfd.clone()),
        (
            "bom+crlf+nfd",
            format!("\u{FEFF}{}", nfd.replace('\n', "\r\n")),
        ),
        ("lone cr", text.replace('\n', "\r")),
        (
            "tabs",
            text.replace("\n1. ", "\n\t1. ")
                .replace("\na) ", "\n    a) "),
        ),
    ];
    for (name, variant) in variants {
        let result = cut_vi(&variant);
        assert_eq!(result.units, reference.units, "{name}");
        assert_eq!(located(&result), [], "{name}");
    }
}

#[test]
fn uppercase_headings_read_like_any_other() {
    let result = cut_vi("CHƯƠNG II\nQUY ĐỊNH CHUNG\nĐIỀU 5. PHẠM VI\n1. Nội dung.\n");
    assert_eq!(paths(&result), ["chuong-2", "dieu-5", "dieu-5/khoan-1"]);
    assert_eq!(result.units[1].heading.as_deref(), Some("PHẠM VI"));
    // Chương II and Điều 5 as first of their kind are reported as gaps in an excerpt.
    assert_eq!(
        located(&result),
        [("ordinal-gap", 1, 8), ("ordinal-gap", 3, 6)]
    );
}

#[test]
fn parts_with_spelled_ordinals_and_subsections_nest_as_the_vocabulary_says() {
    let text = "Phần thứ nhất\nQUY ĐỊNH CHUNG\nChương I\nPHẠM VI\nMục 1\nNGUYÊN TẮC\n\
                Tiểu mục 1\nQUYỀN\nĐiều 1. Đối tượng\nNội dung.\n\
                PHẦN THỨ HAI\nCHƯƠNG II. QUYỀN SỞ HỮU\nĐiều 2. Nội dung quyền sở hữu\n";
    let result = cut_vi(text);
    assert_eq!(
        paths(&result),
        [
            "phan-1",
            "chuong-1",
            "chuong-1/muc-1",
            "chuong-1/muc-1/tieumuc-1",
            "dieu-1",
            "phan-2",
            "chuong-2",
            "dieu-2",
        ]
    );
    assert_eq!(located(&result), []);
    let tieumuc = &result.units[3];
    assert_eq!(tieumuc.heading.as_deref(), Some("QUYỀN"));
    assert_eq!(result.units[4].parent, Some(3));
    assert_eq!(result.units[6].heading.as_deref(), Some("QUYỀN SỞ HỮU"));
    assert_eq!(result.units[6].parent, Some(5));
}

#[test]
fn long_uppercase_titles_continue_over_several_lines_and_prose_does_not() {
    let result = cut_vi(
        "Chương I\nNHỮNG QUY ĐỊNH\nCHUNG VỀ LAO ĐỘNG\nChương này quy định chung.\nĐiều 1. X\n",
    );
    assert_eq!(
        result.units[0].heading.as_deref(),
        Some("NHỮNG QUY ĐỊNH CHUNG VỀ LAO ĐỘNG")
    );
    assert_eq!(result.units[0].body, "Chương này quy định chung.");
}

#[test]
fn a_document_code_that_is_already_a_slug_is_used_as_is() {
    let result = cut("Điều 1. X\n", "45-2019-qh14", vi());
    assert_eq!(result.units[0].canonical_address, "45-2019-qh14/dieu-1");
    let result = cut("Điều 1. X\n", "168/2024/NĐ-CP", vi());
    assert_eq!(result.units[0].canonical_address, "168-2024-ndd-cp/dieu-1");
}

#[test]
fn the_generated_act_has_the_stated_unit_count_and_only_valid_unique_addresses() {
    let text = generated_act(10, 50, 3, 3);
    let result = cut_vi(&text);
    assert_eq!(result.units.len(), 6_510);
    assert_eq!(
        u64::try_from(result.units.len()).unwrap(),
        generated_act_units(10, 50, 3, 3)
    );
    assert_eq!(located(&result), []);
    let articles = result
        .units
        .iter()
        .filter(|u| u.section_type == "dieu")
        .count();
    assert_eq!(articles, 500);
    assert_eq!(
        result.units.last().unwrap().canonical_address,
        "45-2019-qh14/dieu-500/khoan-3/diem-c"
    );
}

#[test]
fn generated_acts_of_other_shapes_cut_to_their_stated_counts() {
    for (c, a, k, p) in [(1, 3, 0, 4), (2, 2, 2, 0), (3, 1, 1, 23), (1, 1, 0, 0)] {
        let result = cut_vi(&generated_act(c, a, k, p));
        assert_eq!(
            u64::try_from(result.units.len()).unwrap(),
            generated_act_units(c, a, k, p),
            "{c} {a} {k} {p}"
        );
        assert_eq!(located(&result), [], "{c} {a} {k} {p}");
    }
}

#[test]
fn a_text_without_any_heading_is_reported_once_and_keeps_its_text_in_the_preamble() {
    let (result, frame) = cut_with_frame(&generated_act(0, 5, 5, 5), "x", vi());
    assert!(result.units.is_empty());
    assert_eq!(located(&result), [("no-units", 1, 1)]);
    assert!(frame
        .preamble
        .expect("preamble")
        .text
        .contains("Trần Thanh Mẫn"));
}

#[test]
fn numbered_lines_after_a_signature_marker_stay_in_the_closing() {
    let text = "Điều 1. Hiệu lực\nNghị định này có hiệu lực từ ngày ký.\nNơi nhận:\n1. Ban Bí thư Trung ương Đảng;\n2. Thủ tướng Chính phủ;\n- Lưu: VT.\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\n";
    let (result, frame) = cut_with_frame(text, "15/2020/NĐ-CP", vi());
    assert_eq!(paths(&result), ["dieu-1"]);
    assert_eq!(
        result.units[0].body,
        "Nghị định này có hiệu lực từ ngày ký."
    );
    let closing = frame.closing.expect("closing");
    assert_eq!((closing.line, closing.end_line), (3, 8));
    assert!(closing.text.contains("1. Ban Bí thư Trung ương Đảng;"));
}

#[test]
fn an_article_after_a_marker_shows_the_marker_was_text_and_returns_it_to_the_body() {
    let text = "Điều 1. Gửi văn bản\nNơi nhận: các bộ, ngành.\nĐiều 2. Thi hành\n";
    let (result, frame) = cut_with_frame(text, "x", vi());
    assert_eq!(paths(&result), ["dieu-1", "dieu-2"]);
    assert_eq!(result.units[0].body, "Nơi nhận: các bộ, ngành.");
    assert_eq!(frame.closing, None);
}

#[test]
fn straight_quotes_also_hold_an_amendment_over_several_lines() {
    let text = "Điều 1. Sửa đổi\n1. Khoản 2 Điều 5 được sửa đổi như sau:\n\"2. Nội dung mới:\na) Điểm mới.\"\n2. Khoản khác.\n";
    let result = cut_vi(text);
    assert_eq!(
        paths(&result),
        ["dieu-1", "dieu-1/khoan-1", "dieu-1/khoan-2"]
    );
    assert_eq!(
        result.units[1].body,
        "Khoản 2 Điều 5 được sửa đổi như sau:\n\"2. Nội dung mới:\na) Điểm mới.\""
    );
}
