//! Vietnamese texts as crawled from public sites: editorial notes, glued headings,
//! provisions run on one line, heading variants and amendments whose quotation never closes.

use crate::cut_common;

use cut_common::{located, paths, well_formed};
use iu_cutter_core::read::cut::{cut, cut_with_frame, Cut};
use iu_cutter_core::{default_vocabulary, Vocabulary};

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

fn body<'a>(cut: &'a Cut, path: &str) -> &'a str {
    let address = format!("{}/{path}", cut.doc);
    &cut.units
        .iter()
        .find(|u| u.canonical_address == address)
        .unwrap_or_else(|| panic!("no {address} in {:?}", paths(cut)))
        .body
}

fn hint(cut: &Cut, code: &str) -> String {
    cut.diagnostics
        .iter()
        .find(|d| d.code == code)
        .map(|d| d.hint.clone())
        .unwrap_or_else(|| panic!("no {code} in {:#?}", cut.diagnostics))
}

// --- 1. Editorial notes ---

#[test]
fn a_line_that_is_only_a_footnote_number_is_an_editorial_note_left_out_of_the_body() {
    let result = cut_vi("Điều 1. Phạm vi\n[1]\n1. Luật này quy định.\n");
    assert_eq!(located(&result), [("editorial-note", 2, 1)]);
    assert_eq!(paths(&result), ["dieu-1", "dieu-1/khoan-1"]);
    assert_eq!(body(&result, "dieu-1"), "");
}

#[test]
fn a_repealed_clause_marker_line_is_an_editorial_note_and_the_clauses_go_on() {
    let (result, frame) = cut_with_frame(
        "Điều 1. Giải thích từ ngữ\n1. Người lao động.\n  [Bãi bỏ]\n2. Người sử dụng lao động.\n",
        "x",
        vi(),
    );
    assert_eq!(located(&result), [("editorial-note", 3, 3)]);
    assert_eq!(
        result.diagnostics[0].offset,
        "Điều 1. Giải thích từ ngữ\n1. Người lao động.\n  ".len()
    );
    assert_eq!(body(&result, "dieu-1/khoan-1"), "Người lao động.");
    assert_eq!(
        paths(&result),
        ["dieu-1", "dieu-1/khoan-1", "dieu-1/khoan-2"]
    );
    assert_eq!(frame.notes[0].text, "[Bãi bỏ]");
    assert_eq!(frame.notes[0].line, 3);
}

#[test]
fn a_whole_line_note_naming_an_article_never_becomes_a_unit() {
    let result = cut_vi(
        "Điều 1. A\n[Điều này được sửa đổi bởi khoản 2 Điều 1 Luật số 28/2018/QH14]\nĐiều 2. B\n",
    );
    assert_eq!(located(&result), [("editorial-note", 2, 1)]);
    assert_eq!(paths(&result), ["dieu-1", "dieu-2"]);
}

#[test]
fn footnote_texts_at_the_end_are_editorial_notes() {
    let result = cut_vi(
        "Điều 1. A\n1. x.[1]\n[1] Khoản này được sửa đổi, bổ sung theo quy định tại khoản 1 Điều 1 Luật số 28/2018/QH14.\n",
    );
    assert_eq!(located(&result), [("editorial-note", 3, 1)]);
    assert_eq!(body(&result, "dieu-1/khoan-1"), "x.[1]");
}

// Issue 46: a site's note inside a line was kept in the text as written; it is not law.
#[test]
fn a_note_at_the_end_of_a_body_line_is_taken_out_of_the_body_and_kept_as_the_clauses_note() {
    let text = "Điều 1. A\n1. Nội dung [Khoản này được bổ sung bởi Luật số 28/2018/QH14].\n";
    let result = cut_vi(text);
    assert_eq!(located(&result), [("editorial-note", 2, 13)]);
    assert_eq!(body(&result, "dieu-1/khoan-1"), "Nội dung.");
    assert_eq!(
        result.units[1].notes,
        ["[Khoản này được bổ sung bởi Luật số 28/2018/QH14]"]
    );
    assert!(result.units[0].notes.is_empty());
}

#[test]
fn a_note_at_the_end_of_an_article_heading_is_taken_out_of_the_heading_and_kept_as_its_note() {
    let result = cut_vi(
        "Điều 1. Giải thích từ ngữ [Điều này được sửa đổi bởi Luật số 28/2018/QH14]\n1. x\n",
    );
    assert_eq!(located(&result), [("editorial-note", 1, 27)]);
    assert_eq!(
        result.units[0].heading.as_deref(),
        Some("Giải thích từ ngữ")
    );
    assert_eq!(
        result.units[0].notes,
        ["[Điều này được sửa đổi bởi Luật số 28/2018/QH14]"]
    );
    assert!(result.units[1].notes.is_empty());
}

// --- 2. Glued headings ---

#[test]
fn an_article_heading_glued_after_a_full_stop_starts_its_own_unit() {
    let text = "Điều 1. Nguyên tắc\nTuân thủ theo quy định của pháp luật. Điều 2. Giải thích từ ngữ\n1. x\n";
    let result = cut_vi(text);
    assert_eq!(located(&result), [("glued-heading", 2, 39)]);
    assert_eq!(result.diagnostics[0].offset, text.find("Điều 2").unwrap());
    assert_eq!(paths(&result), ["dieu-1", "dieu-2", "dieu-2/khoan-1"]);
    assert_eq!(
        body(&result, "dieu-1"),
        "Tuân thủ theo quy định của pháp luật."
    );
    assert_eq!(
        result.units[1].heading.as_deref(),
        Some("Giải thích từ ngữ")
    );
    assert!(
        hint(&result, "glued-heading").contains("put 'Điều 2. Giải thích từ ngữ' on its own line")
    );
}

#[test]
fn a_chapter_heading_glued_after_a_semicolon_starts_its_own_unit() {
    let text = "Chương I\nĐiều 1. A\nNội dung; Chương II NHỮNG QUY ĐỊNH KHÁC\nĐiều 2. B\n";
    let result = cut_vi(text);
    assert_eq!(located(&result), [("glued-heading", 3, 11)]);
    assert_eq!(paths(&result), ["chuong-1", "dieu-1", "chuong-2", "dieu-2"]);
}

#[test]
fn two_article_headings_on_one_line_are_both_split_out() {
    let result = cut_vi("Điều 1. A\nx. Điều 2. B\ny: Điều 3. C\n");
    assert_eq!(
        located(&result),
        [("glued-heading", 2, 4), ("glued-heading", 3, 4)]
    );
    assert_eq!(paths(&result), ["dieu-1", "dieu-2", "dieu-3"]);
}

#[test]
fn an_article_cited_in_prose_is_not_split() {
    let result =
        cut_vi("Điều 1. A\nThực hiện theo Điều 2. Người lao động được hưởng.\nĐiều 2. B\n");
    assert_eq!(located(&result), []);
    assert_eq!(paths(&result), ["dieu-1", "dieu-2"]);
}

#[test]
fn a_glued_article_out_of_sequence_is_not_split() {
    let result = cut_vi("Điều 1. A\nNhư đã nêu. Điều 9. Người lao động được hưởng.\nĐiều 2. B\n");
    assert_eq!(located(&result), []);
    assert_eq!(paths(&result), ["dieu-1", "dieu-2"]);
}

#[test]
fn a_glued_article_with_a_lowercase_text_after_it_is_not_split() {
    let result = cut_vi("Điều 1. A\nNhư đã nêu. Điều 2. người lao động.\nĐiều 2. B\n");
    assert_eq!(located(&result), []);
}

#[test]
fn a_glued_heading_inside_a_quotation_is_not_split() {
    let result = cut_vi("Điều 1. A\n1. Sửa như sau: “x. Điều 2. B”\nĐiều 2. C\n");
    assert_eq!(located(&result), []);
    assert_eq!(paths(&result), ["dieu-1", "dieu-1/khoan-1", "dieu-2"]);
}

// --- 3. Heading variants ---

#[test]
fn chapters_numbered_in_arabic_with_a_dot_or_a_colon_read_like_roman_ones() {
    let result = cut_vi("Chương 1.\nQUY ĐỊNH CHUNG\nĐiều 1. A\nChương 2: KHÁC\nĐiều 2. B\n");
    assert_eq!(located(&result), []);
    assert_eq!(paths(&result), ["chuong-1", "dieu-1", "chuong-2", "dieu-2"]);
    assert_eq!(result.units[0].heading.as_deref(), Some("QUY ĐỊNH CHUNG"));
    assert_eq!(result.units[2].heading.as_deref(), Some("KHÁC"));
}

#[test]
fn sections_in_capitals_read_like_any_other() {
    let result = cut_vi("Chương I\nMỤC 1. VIỆC LÀM\nĐiều 1. A\nMỤC 2\nTUYỂN DỤNG\nĐiều 2. B\n");
    assert_eq!(located(&result), []);
    assert_eq!(
        paths(&result),
        [
            "chuong-1",
            "chuong-1/muc-1",
            "dieu-1",
            "chuong-1/muc-2",
            "dieu-2"
        ]
    );
    assert_eq!(result.units[3].heading.as_deref(), Some("TUYỂN DỤNG"));
}

#[test]
fn articles_spelled_with_a_latin_eth_read_as_articles() {
    let result = cut_vi("Ðiều 1. A\nÐIỀU 2. B\n1. x\n");
    assert_eq!(located(&result), []);
    assert_eq!(paths(&result), ["dieu-1", "dieu-2", "dieu-2/khoan-1"]);
}

// --- 4. Provisions run on one line ---

#[test]
fn a_second_point_after_a_semicolon_is_reported_where_it_starts_and_not_split() {
    let text = "Điều 1. A\n1. Gồm:\na) Người lao động; b) Người sử dụng lao động.\n";
    let result = cut_vi(text);
    assert_eq!(located(&result), [("points-on-one-line", 3, 20)]);
    assert_eq!(result.diagnostics[0].offset, text.find("b)").unwrap());
    assert_eq!(
        paths(&result),
        ["dieu-1", "dieu-1/khoan-1", "dieu-1/khoan-1/diem-a"]
    );
    assert_eq!(
        body(&result, "dieu-1/khoan-1/diem-a"),
        "Người lao động; b) Người sử dụng lao động."
    );
    assert!(hint(&result, "points-on-one-line")
        .contains("put 'b) Người sử dụng lao động.' on its own line"));
}

#[test]
fn a_point_run_on_after_the_text_of_the_previous_one_continues_its_sequence() {
    let result = cut_vi("Điều 1. A\na) x;\nb) y và z; c) w;\nd) v.\n");
    // c) stays text of b), so d) follows b): the gap says so too.
    assert_eq!(
        located(&result),
        [("points-on-one-line", 3, 12), ("ordinal-gap", 4, 1)]
    );
}

#[test]
fn a_point_letter_out_of_sequence_in_prose_is_not_reported() {
    let result = cut_vi("Điều 1. A\na) x; theo quy định; d) là điểm khác.\n");
    assert_eq!(located(&result), []);
}

#[test]
fn a_clause_run_on_after_a_full_stop_is_reported_when_it_is_the_next_clause() {
    let result = cut_vi("Điều 1. A\n1. Nội dung một. 2. Nội dung hai.\n");
    assert_eq!(located(&result), [("points-on-one-line", 2, 18)]);
    assert!(hint(&result, "points-on-one-line").contains("put '2. Nội dung hai.' on its own line"));
}

#[test]
fn numbers_in_prose_are_not_run_on_clauses() {
    let result =
        cut_vi("Điều 1. A\n1. Mức phạt 1.000.000 đồng. 5. Người khác; 2. người thứ hai.\n");
    assert_eq!(located(&result), []);
}

// --- 5. Quoted amendments ---

const AMENDING: &str = "Điều 1. Sửa đổi, bổ sung một số điều của Luật Lao động\n\
1. Điều 5 được sửa đổi, bổ sung như sau:\n\
“Điều 5. Phạm vi\n\
1. Nội dung mới\n\
a) điểm mới\n\
2. Khoản mới.”\n\
2. Bổ sung Điều 6a vào sau Điều 6 như sau:\n\
“Điều 6a. Quy định mới\n\
Nội dung.”\n\
Điều 2. Hiệu lực thi hành\n\
Luật này có hiệu lực từ ngày 01 tháng 01 năm 2021.\n";

#[test]
fn quoted_provisions_of_an_amending_law_are_body_of_the_quoting_clause() {
    let result = cut_vi(AMENDING);
    assert_eq!(located(&result), []);
    assert_eq!(
        paths(&result),
        ["dieu-1", "dieu-1/khoan-1", "dieu-1/khoan-2", "dieu-2"]
    );
    assert_eq!(
        body(&result, "dieu-1/khoan-1"),
        "Điều 5 được sửa đổi, bổ sung như sau:\n“Điều 5. Phạm vi\n1. Nội dung mới\na) điểm mới\n2. Khoản mới.”"
    );
}

#[test]
fn a_quotation_missing_its_close_ends_at_the_amending_laws_next_clause() {
    let text = AMENDING.replacen("Khoản mới.”", "Khoản mới.", 1);
    let result = cut_vi(&text);
    assert_eq!(located(&result), [("unclosed-quote", 3, 1)]);
    assert!(result.diagnostics[0].message.contains("line 7"));
    assert_eq!(
        paths(&result),
        ["dieu-1", "dieu-1/khoan-1", "dieu-1/khoan-2", "dieu-2"]
    );
    assert!(body(&result, "dieu-1/khoan-1").ends_with("2. Khoản mới."));
    assert!(body(&result, "dieu-1/khoan-2").starts_with("Bổ sung Điều 6a"));
}

#[test]
fn a_last_quotation_missing_its_close_ends_at_the_amending_laws_next_article() {
    let text = AMENDING.replacen("Nội dung.”", "Nội dung.", 1);
    let result = cut_vi(&text);
    assert_eq!(located(&result), [("unclosed-quote", 8, 1)]);
    assert_eq!(
        paths(&result),
        ["dieu-1", "dieu-1/khoan-1", "dieu-1/khoan-2", "dieu-2"]
    );
}

#[test]
fn a_quoted_clause_that_merely_continues_the_numbers_does_not_close_the_quotation() {
    // "2. Khoản mới." inside the quotation is clause 2 of the quoted article, not an instruction.
    let text = AMENDING.replacen("Khoản mới.”", "Khoản mới.", 1).replacen(
        "2. Bổ sung Điều 6a vào sau Điều 6 như sau:\n“Điều 6a. Quy định mới\nNội dung.”\n",
        "",
        1,
    );
    let result = cut_vi(&text);
    assert_eq!(located(&result), [("unclosed-quote", 3, 1)]);
    assert!(body(&result, "dieu-1/khoan-1").ends_with("2. Khoản mới."));
    assert_eq!(paths(&result), ["dieu-1", "dieu-1/khoan-1", "dieu-2"]);
}

#[test]
fn a_quotation_not_announced_by_nhu_sau_keeps_the_old_unclosed_rule() {
    let result = cut_vi("Điều 1. A\n1. Thay cụm từ “x bằng y.\n2. Bổ sung khoản 3.\n");
    assert_eq!(located(&result), [("unclosed-quote", 2, 16)]);
    assert_eq!(
        paths(&result),
        ["dieu-1", "dieu-1/khoan-1", "dieu-1/khoan-2"]
    );
}

#[test]
fn an_article_number_wrapped_before_a_documents_name_is_a_cross_reference() {
    let result = cut_vi(
        "Điều 1. A\n1. Theo quy định tại khoản 1\nĐiều 45 Luật Đất đai;\n2. Theo khoản 5\nĐiều 2 Nghị định này cấp bản sao;\nĐiều 2. B\n1. Theo khoản 1\nĐiều 36 Nghị định số 31/2021/NĐ-CP)\nĐiều 3 Luật áp dụng\n",
    );
    assert_eq!(located(&result), []);
    assert_eq!(
        paths(&result),
        [
            "dieu-1",
            "dieu-1/khoan-1",
            "dieu-1/khoan-2",
            "dieu-2",
            "dieu-2/khoan-1",
            "dieu-3"
        ]
    );
    assert_eq!(
        body(&result, "dieu-1/khoan-1"),
        "Theo quy định tại khoản 1\nĐiều 45 Luật Đất đai;"
    );
}

#[test]
fn a_straight_quotation_closed_by_a_curly_mark_on_its_line_is_closed() {
    let result = cut_vi(
        "Điều 1. A\nDòng trên là hàng chữ \"BẢO VỆ\", dòng dưới là hàng chữ \"LỢI ÍCH QUỐC GIA”, hết.\nĐiều 2. B\nx\n",
    );
    assert_eq!(located(&result), []);
    assert_eq!(paths(&result), ["dieu-1", "dieu-2"]);
}

#[test]
fn a_curly_quotation_closed_by_a_straight_mark_on_its_line_is_closed() {
    // Nghị định 12/2018/NĐ-CP line 33: `“Điều 15a. … qua biên giới."` on one line.
    let result = cut_vi(
        "Điều 1. A\n1. Bổ sung Điều 15a như sau:\n“Điều 15a. Phối hợp Cơ quan hải quan chủ trì phối hợp tuyên truyền.\"\nĐiều 2. B\nx\n",
    );
    assert_eq!(located(&result), []);
    assert_eq!(paths(&result), ["dieu-1", "dieu-1/khoan-1", "dieu-2"]);
}

#[test]
fn the_seconds_of_a_coordinate_close_no_quotation() {
    // Nghị định 12/2018/NĐ-CP: `(tọa độ 21°33’12,485” vĩ độ Bắc …)` in a table of the appendix.
    let result = cut_vi(
        "Điều 1. A\n1. Sửa đổi khoản 2 như sau:\n“2. Ranh giới từ mốc (tọa độ 21°33’12,485” vĩ độ Bắc) gồm:\na) Bờ sông.\nb) Bờ biển.”\n2. Bãi bỏ khoản 3.\nĐiều 2. B\nx\n",
    );
    assert_eq!(located(&result), []);
    assert_eq!(
        paths(&result),
        ["dieu-1", "dieu-1/khoan-1", "dieu-1/khoan-2", "dieu-2"]
    );
}

#[test]
fn a_chapter_title_in_capitals_on_the_heading_line_is_no_cross_reference() {
    let result =
        cut_vi("Chương I QUY ĐỊNH CHUNG\nĐiều 1. A\nChương II QUY ĐỊNH CỤ THỂ\nĐiều 2. B\n");
    assert_eq!(located(&result), []);
    assert_eq!(paths(&result), ["chuong-1", "dieu-1", "chuong-2", "dieu-2"]);
}

#[test]
fn a_bare_article_number_out_of_sequence_after_a_line_that_stops_mid_sentence_is_a_cross_reference()
{
    let result = cut_vi(
        "Điều 1. A\n1. Thay cụm từ “x” tại khoản 1\nĐiều 6.\n2. Bãi bỏ khoản 2.\nĐiều 2. B\nChương I\nTITLE\nĐiều 3.\nx\n",
    );
    assert_eq!(located(&result), []);
    assert_eq!(
        paths(&result),
        [
            "dieu-1",
            "dieu-1/khoan-1",
            "dieu-1/khoan-2",
            "dieu-2",
            "chuong-1",
            "dieu-3"
        ]
    );
}

#[test]
fn a_bare_heading_after_a_row_of_figures_is_still_a_heading() {
    // `SCHEDULE 1` after a table's `2,853,190,000`: no sentence was cut off there.
    let en = default_vocabulary("uk").expect("uk ships");
    let result = cut("1 Short title\nThis Act may be cited.\nSchedule 2 Grants\nTotal 1,250,531,000 2,853,190,000\nSchedule 1\nResources\n", "ukpga-2001-21", en);
    let addresses: Vec<&str> = result
        .units
        .iter()
        .map(|u| u.canonical_address.as_str())
        .collect();
    assert!(
        addresses.contains(&"ukpga-2001-21/schedule-1"),
        "{addresses:?}"
    );
}

#[test]
fn a_table_printed_one_cell_a_line_keeps_its_point_letters_as_text() {
    // Luật Thuế tiêu thụ đặc biệt 2008, Điều 7: the tariff's rows (`1`, `2`) and their
    // cells (`a) Rượu từ 20 độ trở lên`, `45`) after the header `STT`; the rates of cars
    // use `a)` … `g)` again. Article 8 ends the table; a clause of an article opened before
    // a table ends it too.
    let text = "Điều 7. Thuế suất\n\
Thuế suất được quy định theo Biểu thuế sau đây:\n\
STT\n\
Hàng hoá, dịch vụ\n\
Thuế suất (%)\n\
1\n\
Rượu\n\
a) Rượu từ 20 độ trở lên\n\
45\n\
b) Rượu dưới 20 độ\n\
25\n\
2\n\
Xe ô tô\n\
a) Xe ô tô chở người từ 9 chỗ trở xuống\n\
45\n\
Điều 8. Hoàn thuế\n\
1. Người nộp thuế được hoàn thuế như sau:\n\
STT\n\
Trường hợp\n\
1\n\
a) Hàng tạm nhập khẩu\n\
2. Hàng hóa xuất khẩu được khấu trừ thuế.\n";
    let cut = cut_vi(text);
    // Only the excerpt's own gap (it starts at Điều 7).
    assert!(
        cut.diagnostics
            .iter()
            .all(|d| d.code == "ordinal-gap" && d.line == 1),
        "{:#?}",
        cut.diagnostics
    );
    let addresses: Vec<&str> = cut
        .units
        .iter()
        .map(|u| u.canonical_address.as_str())
        .collect();
    assert_eq!(
        addresses,
        [
            "45-2019-qh14/dieu-7",
            "45-2019-qh14/dieu-8",
            "45-2019-qh14/dieu-8/khoan-1",
            "45-2019-qh14/dieu-8/khoan-2"
        ]
    );
    assert!(body(&cut, "dieu-7").contains("a) Xe ô tô chở người"));
}

// --- Instruments a text issues (`ban hành kèm theo`) ---

// Thông tư 18/2026/TT-BXD's shape: the circular's two articles, its signature, then the
// Chương trình it issues (title, `(kèm theo …)` note, its own Chương I, Điều 1 …) and, with no
// signature of its own, the appendices (`Phụ lục I` in mixed case, title, note, Điều 1 again).
const ISSUING: &str = "THÔNG TƯ
Ban hành Chương trình an toàn hàng không
Điều 1. Ban hành kèm theo Thông tư này Chương trình an toàn hàng không.
Điều 2. Hiệu lực thi hành
1. Thông tư này có hiệu lực từ ngày 01 tháng 7 năm 2026.
2. Điều 10 của Chương trình được áp dụng từ ngày 01 tháng 01 năm 2027.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Lê Anh Tuấn
BỘ XÂY DỰNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
CHƯƠNG TRÌNH AN TOÀN HÀNG KHÔNG
DÂN DỤNG VIỆT NAM
(kèm theo Thông tư số 18/2026/TT-BXD ngày 30 tháng 4 năm 2026 của
Bộ trưởng Bộ Xây dựng)

Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Chương trình này quy định về an toàn hàng không.
Điều 2. Đối tượng áp dụng
1. Cơ quan quản lý nhà nước;
2. Tổ chức, cá nhân có liên quan.
Chương II
TỔ CHỨC THỰC HIỆN
Điều 3. Trách nhiệm
a) Cục Hàng không;
b) Các cảng vụ.
Phụ lục I
QUY ĐỊNH VỀ HỆ THỐNG QUẢN LÝ AN TOÀN
(kèm theo Thông tư số 18/2026/TT-BXD ngày 30 tháng 4 năm 2026)
Chương I
CHÍNH SÁCH AN TOÀN
Điều 1. Cam kết của người đứng đầu
1. Tổ chức phải bảo đảm chính sách an toàn.
";

#[test]
fn an_instrument_issued_after_the_signature_owns_its_articles() {
    let (c, frame) = cut_with_frame(ISSUING, "18/2026/TT-BXD", vi());
    well_formed(&c, vi()).unwrap_or_else(|e| panic!("{e}"));
    assert!(c.diagnostics.is_empty(), "{:#?}", c.diagnostics);
    assert_eq!(
        paths(&c),
        [
            "dieu-1",
            "dieu-2",
            "dieu-2/khoan-1",
            "dieu-2/khoan-2",
            "kemtheo-1",
            "kemtheo-1/chuong-1",
            "kemtheo-1/dieu-1",
            "kemtheo-1/dieu-2",
            "kemtheo-1/dieu-2/khoan-1",
            "kemtheo-1/dieu-2/khoan-2",
            "kemtheo-1/chuong-2",
            "kemtheo-1/dieu-3",
            "kemtheo-1/dieu-3/diem-a",
            "kemtheo-1/dieu-3/diem-b",
        ]
    );
    let unit = |path: &str| {
        let address = format!("{}/{path}", c.doc);
        c.units
            .iter()
            .find(|u| u.canonical_address == address)
            .unwrap_or_else(|| panic!("no {address}"))
    };
    // The circular's own clause 2 ends before its signature.
    assert_eq!(
        unit("dieu-2/khoan-2").body,
        "Điều 10 của Chương trình được áp dụng từ ngày 01 tháng 01 năm 2027."
    );
    // The instrument: its title is the heading; the signature, the header and the note its body.
    let instrument = unit("kemtheo-1");
    assert_eq!(
        instrument.heading.as_deref(),
        Some("CHƯƠNG TRÌNH AN TOÀN HÀNG KHÔNG DÂN DỤNG VIỆT NAM")
    );
    assert_eq!(instrument.line, 13);
    assert!(
        instrument.body.starts_with("KT. BỘ TRƯỞNG"),
        "{}",
        instrument.body
    );
    assert!(
        instrument
            .body
            .ends_with("(kèm theo Thông tư số 18/2026/TT-BXD ngày 30 tháng 4 năm 2026 của\nBộ trưởng Bộ Xây dựng)"),
        "{}",
        instrument.body
    );
    assert_eq!(instrument.parent, None);
    // Its chapters and articles sit under it.
    assert_eq!(
        unit("kemtheo-1/dieu-1")
            .parent
            .map(|p| c.units[p].canonical_address.as_str()),
        Some("18-2026-tt-bxd/kemtheo-1/chuong-1")
    );
    // The appendices (`Phụ lục I`, its title and note, with no signature before) are the closing.
    let closing = frame.closing.expect("closing");
    assert_eq!(closing.line, 30);
    assert!(closing.text.contains("Điều 1. Cam kết"), "{}", closing.text);
}

#[test]
fn an_appendix_note_under_a_form_title_opens_no_instrument() {
    // A form's sample decision (`MẪU …`, then `Điều 1.`) and a note followed by no first
    // article stay closing text, as before.
    let text = "Điều 1. Phạm vi
Nội dung.
Điều 2. Hiệu lực
Nội dung.
TM. CHÍNH PHỦ
THỦ TƯỚNG
MẪU HỢP ĐỒNG ỦY QUYỀN
(Kèm theo Nghị định số 118/2026/NĐ-CP)
Điều 1. Bộ Tài chính ủy quyền
QUY CHẾ MẪU
(Ban hành kèm theo Nghị định số 118/2026/NĐ-CP)
Điều 5. Trách nhiệm
";
    let c = cut_vi(text);
    assert_eq!(paths(&c), ["dieu-1", "dieu-2"]);
    assert!(c.diagnostics.is_empty(), "{:#?}", c.diagnostics);
}

// --- Site notes inside a line: real crawls (thuvienphapluat.vn) from the shared corpus
// (`../shared/corpus/vi-subordinate/tvpl`, see its SOURCES.md). ---

fn crawled(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/vi-subordinate/tvpl")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn unit<'a>(cut: &'a Cut, path: &str) -> &'a iu_cutter_core::store::unit::CutUnit {
    let address = format!("{}/{path}", cut.doc);
    cut.units
        .iter()
        .find(|u| u.canonical_address == address)
        .unwrap_or_else(|| panic!("no {address} in {:?}", paths(cut)))
}

// A bracket holding what happened to a provision `bởi` what: the shape of every site note.
fn holds_a_note(text: &str) -> bool {
    text.split('[')
        .skip(1)
        .any(|b| b.split(']').next().is_some_and(|n| n.contains(" bởi ")))
}

#[test]
fn a_site_note_inside_a_line_is_taken_out_of_the_text_and_kept_beside_its_unit() {
    // Nghị định 128/2020/NĐ-CP as consolidated by the site: Điều 4 khoản 2 carries its note twice,
    // once in the middle of its text (where the crawl broke the line) and once at its end.
    let text = crawled("nghi-dinh-128-2020-nd-cp.txt");
    let (result, frame) = cut_with_frame(&text, "128/2020/NĐ-CP", vi());
    let note = "[Khoản này được sửa đổi bởi Điểm a Khoản 2 Điều 2 Nghị định 102/2021/NĐ-CP có hiệu lực kể từ ngày 01/01/2022]";
    let clause = unit(&result, "dieu-4/khoan-2");
    assert_eq!(
        clause.body,
        "Thời hiệu xử phạt đối với các hành vi vi phạm khác trong lĩnh vực hải quan thực hiện theo quy định tại\nĐiều 6 Luật Xử lý vi phạm hành chính năm 2012, trừ trường hợp quy định tại khoản 1 Điều này."
    );
    assert_eq!(clause.notes, [note, note]);
    // The article's own note, a whole line under its heading, is the article's.
    assert_eq!(
        unit(&result, "dieu-4").notes,
        ["[Điều này được bổ sung bởi Điểm b Khoản 2 Điều 2 Nghị định 102/2021/NĐ-CP có hiệu lực kể từ ngày 01/01/2022]"]
    );
    // No unit keeps a note in its text; each note is named once, and is among the frame's notes.
    for u in &result.units {
        assert!(
            !holds_a_note(&u.body),
            "{}: {}",
            u.canonical_address,
            u.body
        );
        assert!(
            !u.heading.as_deref().is_some_and(holds_a_note),
            "{}",
            u.canonical_address
        );
    }
    let named = result
        .diagnostics
        .iter()
        .filter(|d| d.code == "editorial-note")
        .count();
    let kept: usize = result.units.iter().map(|u| u.notes.len()).sum();
    assert!(kept > 20, "{kept}");
    assert_eq!(named, frame.notes.len());
    assert!(kept <= named);
    // The content hash is the law's text alone.
    assert_eq!(
        clause.content_sha256,
        iu_cutter_core::store::unit::content_sha256(clause.heading.as_deref(), &clause.body)
    );
}

#[test]
fn a_site_note_the_crawl_broke_over_two_lines_is_one_note_of_the_chapter() {
    // Nghị định 44/2025/NĐ-CP: `… Chương III [Chương này được hướng dẫn bởi` / `Nghị định
    // 44/2025/NĐ-CP. Chương II Thông tư 003/2025/TT-BNV …] TIỀN LƯƠNG CỦA NGƯỜI LAO ĐỘNG …`.
    let text = crawled("nghi-dinh-44-2025-nd-cp.txt");
    let result = cut(&text, "44/2025/NĐ-CP", vi());
    let chapter = unit(&result, "chuong-3");
    assert!(
        chapter
            .heading
            .as_deref()
            .is_some_and(|h| h.starts_with("TIỀN LƯƠNG CỦA NGƯỜI LAO ĐỘNG")),
        "{:?}",
        chapter.heading
    );
    assert_eq!(chapter.notes.len(), 2, "{:?}", chapter.notes);
    assert!(chapter.notes[0].starts_with("[Chương này được hướng dẫn bởi"));
    assert!(
        chapter.notes[0].ends_with("có hiệu lực từ ngày 15/06/2025]"),
        "{}",
        chapter.notes[0]
    );
    for u in &result.units {
        assert!(
            !holds_a_note(&u.body),
            "{}: {}",
            u.canonical_address,
            u.body
        );
    }
}

#[test]
fn a_chapter_heading_after_a_site_note_is_cut_and_the_split_section_label_after_it_is_named() {
    // Nghị định 88/2024/NĐ-CP: `… sử dụng đất. [Điều 7a được bổ sung bởi …] Chương II QUY ĐỊNH
    // CHI TIẾT …` then `Nghị định 88/2024/NĐ-CP. Mục` / `1. BỒI THƯỜNG VỀ ĐẤT Ở …`.
    let text = crawled("nghi-dinh-88-2024-nd-cp.txt");
    let result = cut(&text, "88/2024/NĐ-CP", vi());
    assert!(unit(&result, "chuong-2")
        .heading
        .as_deref()
        .is_some_and(|h| h.starts_with("QUY ĐỊNH CHI TIẾT")));
    assert_eq!(
        unit(&result, "dieu-7a").notes,
        ["[Điều 7a được bổ sung bởi Khoản 1 Điều 2 Nghị định 226/2025/NĐ-CP có hiệu lực từ ngày 15/08/2025]"]
    );
    let split: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.code == "missing-heading" && d.message.contains("Mục 1 is split"))
        .collect();
    assert_eq!(split.len(), 1, "{:#?}", result.diagnostics);
    assert!(!result
        .diagnostics
        .iter()
        .any(|d| d.code == "orphan-unit" && d.line == split[0].line));
    // The repair, applied as an editor would, puts Mục 1 where it belongs.
    let repair = split[0].repair.as_ref().expect("a repair");
    let mut repaired = text.clone();
    repaired.replace_range(
        repair.offset..repair.offset + repair.length,
        &repair.replacement,
    );
    let again = cut(&repaired, "88/2024/NĐ-CP", vi());
    assert!(
        paths(&again).iter().any(|p| p.ends_with("muc-1")),
        "{:?}",
        paths(&again)
    );
}
