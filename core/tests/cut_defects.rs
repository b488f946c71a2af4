//! One diagnostic per defect of the source, with the repair that fixes it: real defects of
//! laws in the shared development corpus (`../shared/corpus/vi-vlc-dev`, undertheseanlp/underthesea
//! crawl, see its SOURCES.md). Each test cuts the published text, finds the one finding, applies its
//! repair as an editor would, and cuts again.

use iu_cutter_core::read::cut::{codes, cut, Cut};
use iu_cutter_core::text::diagnostic::{Diagnostic, Severity};
use iu_cutter_core::text::vocabulary::default_vocabulary;

fn law(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/vi-vlc-dev")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn cut_vi(text: &str) -> Cut {
    cut(text, "X", default_vocabulary("vi").expect("vi ships"))
}

fn errors(cut: &Cut) -> Vec<&Diagnostic> {
    cut.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

fn has(cut: &Cut, address: &str) -> bool {
    cut.units.iter().any(|u| u.canonical_address == address)
}

#[test]
fn a_clause_number_typed_twice_reads_as_the_next_one_and_the_repair_renumbers_it() {
    // Luật Thủy sản 2017, Điều 32: `1.` at line 371 and again at line 378.
    let text = law("Luat-Thuy-san-338490.txt");
    let before = cut_vi(&text);
    let found = errors(&before);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = found[0];
    assert_eq!((d.code, d.line), (codes::DUPLICATE_ORDINAL, 378));
    assert!(d.message.contains("reads as Khoản 2"), "{}", d.message);
    let repair = d.repair.as_ref().expect("a repair is proposed");
    assert_eq!((repair.length, repair.replacement.as_str()), (1, "2"));
    let after = cut_vi(&repair.apply(&text).expect("the repair applies"));
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    assert!(has(&after, "x/dieu-32/khoan-2"));
}

#[test]
fn a_misspelt_article_label_is_one_error_and_its_clauses_are_not_reported_as_orphans() {
    // Luật Quản lý nợ công 2017, line 205: `Điền 25.` for `Điều 25.`.
    let text = law("Luat-Quan-ly-no-cong-337165.txt");
    let before = cut_vi(&text);
    let near: Vec<&Diagnostic> = errors(&before)
        .into_iter()
        .filter(|d| (200..=210).contains(&d.line))
        .collect();
    assert_eq!(near.len(), 1, "{near:#?}");
    assert_eq!(near[0].code, codes::MISSPELT_HEADING);
    assert!(!before
        .diagnostics
        .iter()
        .any(|d| d.code == codes::ORPHAN_UNIT && (205..210).contains(&d.line)));
    let repaired = near[0]
        .repair
        .as_ref()
        .expect("repair")
        .apply(&text)
        .expect("applies");
    let after = cut_vi(&repaired);
    assert!(has(&after, "x/dieu-25/khoan-4"));
    assert!(!errors(&after).iter().any(|d| (200..=210).contains(&d.line)));
}

#[test]
fn a_lost_article_heading_is_named_once_where_the_clauses_start_again_and_the_repair_inserts_it() {
    // Luật Giao dịch điện tử 2005: `Điều 29.` is missing; the clauses of Điều 28 start again at line 164.
    let text = law("Luat-Giao-dich-dien-tu-2005-51-2005-QH11-6922.txt");
    let before = cut_vi(&text);
    let found: Vec<&Diagnostic> = errors(&before)
        .into_iter()
        .filter(|d| (160..=175).contains(&d.line))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].code, found[0].line),
        (codes::MISSING_HEADING, 164)
    );
    assert!(
        found[0].message.contains("Điều 29."),
        "{}",
        found[0].message
    );
    let after = cut_vi(
        &found[0]
            .repair
            .as_ref()
            .expect("repair")
            .apply(&text)
            .expect("applies"),
    );
    assert!(has(&after, "x/dieu-29/khoan-1"));
    assert!(!errors(&after).iter().any(|d| (160..=175).contains(&d.line)));
}

#[test]
fn a_lost_article_with_no_clauses_is_placed_where_nothing_else_can_start_one() {
    // Luật Trưng mua, trưng dụng tài sản 2008: Điều 10 and Điều 11 are lost between Điều 9
    // (line 46) and Điều 12 (line 62). The clauses start again once (line 56: Điều 10); the
    // only other line an article can start at is the unnumbered paragraph at line 61, after
    // Điều 10's last clause, with nothing numbered after it: Điều 11.
    let text = law("Luat-trung-mua-trung-dung-tai-san-2008-15-2008-QH12-66950.txt");
    let before = cut_vi(&text);
    let found: Vec<&Diagnostic> = errors(&before)
        .into_iter()
        .filter(|d| (47..=61).contains(&d.line))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].code, found[0].line), (codes::MISSING_HEADING, 56));
    assert!(
        found[0].message.contains("only at line 61"),
        "{}",
        found[0].message
    );
    let repair = found[0].repair.as_ref().expect("a repair is proposed");
    let after = cut_vi(&repair.apply(&text).expect("applies"));
    assert!(has(&after, "x/dieu-10/khoan-2"));
    assert!(has(&after, "x/dieu-11"));
    assert!(!has(&after, "x/dieu-11/khoan-1"));
    assert!(!errors(&after).iter().any(|d| (47..=64).contains(&d.line)));
    // With every repair of the text applied, it cuts with no error.
    let mut repairs: Vec<_> = errors(&before)
        .iter()
        .filter_map(|d| d.repair.clone())
        .collect();
    assert_eq!(repairs.len(), errors(&before).len());
    repairs.sort_by_key(|r| std::cmp::Reverse(r.offset));
    let mut repaired = text.clone();
    for r in repairs {
        repaired = r.apply(&repaired).expect("applies");
    }
    assert!(errors(&cut_vi(&repaired)).is_empty());
}

#[test]
fn division_labels_lost_before_their_titles_are_named_at_the_titles_and_inserted() {
    // Luật Hiến, lấy, ghép mô 2006: the crawl lost `Chương I`, `Chương II`, `Mục 1`,
    // `Chương IV`, `Chương V` and kept their titles in capitals (lines 9, 76, 77, 222, 240).
    // Chương III and VI are printed, so two chapters are lost before each, and two bare
    // titles stand there; `Mục 2` (line 95, orphaned) stands in Chương II, whose bare title
    // is two lines: the chapter's, then its Mục 1's.
    let text = law(
        "Luat-viec-hien-lay-ghep-mo-bo-phan-co-the-nguoi-va-hien-lay-xac-2006-75-2006-QH11-15868.txt",
    );
    let before = cut_vi(&text);
    let named: Vec<(u32, &str, Severity)> = before
        .diagnostics
        .iter()
        .filter(|d| d.code == codes::MISSING_HEADING)
        .map(|d| {
            (
                d.line,
                d.repair.as_ref().map_or("", |r| r.replacement.trim_end()),
                d.severity,
            )
        })
        .collect();
    assert_eq!(
        named,
        [
            (9, "Chương I", Severity::Warning),
            (76, "Chương II", Severity::Error),
            (77, "Mục 1", Severity::Error),
            (222, "Chương IV", Severity::Warning),
            (240, "Chương V", Severity::Warning),
        ]
    );
    // Named once: no orphan, no gap warning left.
    assert!(!before
        .diagnostics
        .iter()
        .any(|d| d.code == codes::ORPHAN_UNIT || d.code == codes::ORDINAL_GAP));
    let mut repairs: Vec<_> = before
        .diagnostics
        .iter()
        .filter_map(|d| d.repair.clone())
        .collect();
    repairs.sort_by_key(|r| std::cmp::Reverse(r.offset));
    let mut repaired = text.clone();
    for r in repairs {
        repaired = r.apply(&repaired).expect("applies");
    }
    let after = cut_vi(&repaired);
    assert!(after.diagnostics.is_empty(), "{:#?}", after.diagnostics);
    for address in [
        "x/chuong-1",
        "x/chuong-2/muc-1",
        "x/chuong-2/muc-2",
        "x/chuong-4",
        "x/chuong-5",
    ] {
        assert!(has(&after, address), "{address}");
    }
}

#[test]
fn a_crawl_that_lost_a_run_of_headings_gives_one_error_per_run_not_hundreds() {
    // Luật Kinh doanh bảo hiểm 2022 as crawled: Điều 31–65 and 67–154 have no heading lines.
    let found = errors(&cut_vi(&law("Luat-Kinh-doanh-bao-hiem-2022-465916.txt")))
        .into_iter()
        .map(|d| (d.code, d.line))
        .collect::<Vec<_>>();
    assert_eq!(
        found,
        [
            (codes::MISSING_HEADING, 258),
            (codes::MISSING_HEADING, 396),
            (codes::REPEATED_NUMBERING, 1099)
        ]
    );
}

fn cut_uk(text: &str) -> Cut {
    cut(text, "uksi-2003-1099", default_vocabulary("uk").unwrap())
}

#[test]
fn a_quotation_closed_by_a_single_mark_is_read_as_closed_and_the_repair_doubles_it() {
    let text = "Citation\n1. These Regulations may be cited as the Motor Cycles Regulations 2003 and come into force at once.\nAmendment\n2. In Schedule 1—\n(a) in item 11 there shall be inserted at the end—\n“2002/41/EC* L133, 18.5.2002, p.17’\n; and\n(b) in item 12 omit “and”.\nAmendment of the Road Traffic Act 1988\n3. In the Road Traffic Act 1988 in section 85—\n(a) omit “net”; and\n(b) omit “gross”.\n";
    let cut = cut_uk(text);
    assert!(errors(&cut).is_empty(), "{:?}", cut.diagnostics);
    assert!(has(&cut, "uksi-2003-1099/regulation-3/paragraph-b"));
    let quote: Vec<&Diagnostic> = cut
        .diagnostics
        .iter()
        .filter(|d| d.code == codes::UNCLOSED_QUOTE)
        .collect();
    assert_eq!(quote.len(), 1);
    assert_eq!(quote[0].line, 6);
    let repaired = quote[0].repair.as_ref().unwrap().apply(text).unwrap();
    assert!(repaired.contains("p.17”\n"));
}

#[test]
fn an_amending_quotation_left_open_closes_at_the_next_regulation_under_its_title() {
    let text = "Citation\n1. These Regulations may be cited as the Pension Regulations 2018 and come into force at once.\nAmendment of the 1996 Regulations\n2.—(1) In Schedule 2—\n(a) omit paragraph 2;\n(b) after paragraph 1, insert—\n“1A. Section 24A shall have effect as if after “17(1)” there were inserted “and in paragraph 6 of Schedule 1.”.\nAmendment of the (No.2) Regulations 2015\n3.—(1) The 2015 Regulations are amended as follows.\n(2) In regulation 2—\n(a) omit “a”;\n(b) omit “b”.\n";
    let cut = cut_uk(text);
    assert!(errors(&cut).is_empty(), "{:?}", cut.diagnostics);
    assert!(has(
        &cut,
        "uksi-2003-1099/regulation-3/subsection-2/paragraph-b"
    ));
    assert!(cut
        .diagnostics
        .iter()
        .any(|d| d.code == codes::UNCLOSED_QUOTE && d.line == 7));
}

#[test]
fn a_section_heading_with_a_lowercase_title_is_named_at_its_line_and_the_repair_capitalises_it() {
    let text = "1 Short title\nThis Act may be cited as the Data Act 1998.\n2 Data-sharing code\n(1) The Commissioner must prepare a code.\n(2) The code must be laid.\n2A data-sharing and direct marketing codes : procedure\n(1) When a code is prepared, the Commissioner must consult.\n(2) The Secretary of State must lay the code.\n3 Alteration of codes\n(1) The Commissioner may alter a code.\n";
    let first = cut(text, "ukpga-1998-29", default_vocabulary("uk").unwrap());
    let errs = errors(&first);
    assert_eq!(errs.len(), 1, "{:?}", first.diagnostics);
    assert_eq!(errs[0].line, 6);
    let repaired = errs[0].repair.as_ref().unwrap().apply(text).unwrap();
    assert!(repaired.contains("2A Data-sharing"));
    let again = cut(
        &repaired,
        "ukpga-1998-29",
        default_vocabulary("uk").unwrap(),
    );
    assert!(errors(&again).is_empty(), "{:?}", again.diagnostics);
    assert!(has(&again, "ukpga-1998-29/section-2a/subsection-2"));
}

#[test]
fn a_lost_heading_before_the_first_clauses_of_an_article_is_named_where_they_start() {
    // Luật Giao dịch điện tử 2005: `Điều 4. Giải thích từ ngữ` is lost; Điều 3 has one
    // paragraph, then its definitions `1.` … `15.` start (line 20), then comes `Điều 5.`.
    let text = law("Luat-Giao-dich-dien-tu-2005-51-2005-QH11-6922.txt");
    let before = cut_vi(&text);
    let found: Vec<&Diagnostic> = errors(&before)
        .into_iter()
        .filter(|d| d.line < 40)
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].code, found[0].line), (codes::MISSING_HEADING, 20));
    assert!(!before
        .diagnostics
        .iter()
        .any(|d| d.code == codes::ORDINAL_GAP && d.line == 35));
    let repair = found[0].repair.as_ref().expect("repair");
    assert_eq!(repair.replacement, "Điều 4.\n");
    let after = cut_vi(&repair.apply(&text).expect("applies"));
    assert!(has(&after, "x/dieu-4/khoan-15"));
    assert!(!has(&after, "x/dieu-3/khoan-1"));
    assert!(!errors(&after).iter().any(|d| d.line < 40));
}

const AMENDING: &str = "NGHỊ ĐỊNH\n\
Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 153/2020/NĐ-CP\n\
1. Sửa đổi, bổ sung Điều 42 như sau:\n\
“Điều 42. Trách nhiệm của Bộ Tài chính\n\
1. Chủ trì hướng dẫn việc công bố thông tin.\n\
2. Quản lý, giám sát tổ chức kiểm toán theo quy định của pháp luật về giá.”Điều 2.\n\
Bãi bỏ khoản 7 Điều 4 của Nghị định số 153/2020/NĐ-CP.\n\
Điều 3. Hiệu lực thi hành\n\
Nghị định này có hiệu lực thi hành kể từ ngày ký ban hành.\n";

#[test]
fn a_heading_glued_after_a_closing_quotation_mark_is_named_and_the_repair_breaks_the_line() {
    // As in Nghị định 65/2022/NĐ-CP line 315: `… pháp luật về giá."Điều 2.` (there a straight mark).
    let before = cut_vi(AMENDING);
    let found = errors(&before);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].code, found[0].line), (codes::MISSING_HEADING, 6));
    assert!(found[0].message.contains("Điều 2."), "{}", found[0].message);
    assert!(!before
        .diagnostics
        .iter()
        .any(|d| d.code == codes::ORDINAL_GAP));
    let after = cut_vi(
        &found[0]
            .repair
            .as_ref()
            .expect("repair")
            .apply(AMENDING)
            .expect("applies"),
    );
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    assert!(has(&after, "x/dieu-2"));
    assert!(has(&after, "x/dieu-3"));
}

#[test]
fn a_heading_glued_after_a_chapter_title_in_capitals_is_found_even_decomposed() {
    // As in Thông tư liên tịch 89/2016 line 82, whose `Điều` is printed with a combining grave.
    let decomposed = "Đie\u{302}\u{300}u 2.";
    let text = format!(
        "THÔNG TƯ\nChương I QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nThông tư này quy định về cổng thông tin.\n\
Chương II CỔNG THÔNG TIN MỘT CỬA QUỐC GIA {decomposed} Nguyên tắc hoạt động\n\
1. Bảo đảm an toàn.\n2. Bảo đảm liên tục.\n\
Điều 3. Chức năng của Cổng thông tin\nCổng thông tin có các chức năng sau.\n"
    );
    let before = cut_vi(&text);
    let found = errors(&before);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].code, found[0].line), (codes::MISSING_HEADING, 5));
    let repaired = found[0]
        .repair
        .as_ref()
        .expect("repair")
        .apply(&text)
        .expect("applies");
    assert!(repaired.contains("QUỐC GIA\nĐie"), "{repaired}");
    let after = cut_vi(&repaired);
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    assert!(has(&after, "x/chuong-2/dieu-2/khoan-2") || has(&after, "x/dieu-2/khoan-2"));
}

#[test]
fn an_article_whose_introduction_announces_its_clauses_lost_no_heading() {
    // `… như sau:` introduces the clauses: a gap after such an article is only a warning.
    let text = "LUẬT\nĐiều 1. Phạm vi\nLuật này quy định như sau:\n1. Một.\n2. Hai.\n\
Điều 3. Hiệu lực\nLuật này có hiệu lực từ ngày 01 tháng 01 năm 2026.\n";
    let cut = cut_vi(text);
    assert!(errors(&cut).is_empty(), "{:#?}", errors(&cut));
    assert!(cut.diagnostics.iter().any(|d| d.code == codes::ORDINAL_GAP));
}

#[test]
fn a_list_announced_by_clause_1_and_numbered_like_the_clauses_is_lettered_by_the_repair() {
    // Luật Viên chức 2010, Điều 42: `1. … được phân loại như sau:` then `1.` to `4.` (lines 270–273).
    let text = law("Luat-vien-chuc-2010-115271.txt");
    let before = cut_vi(&text);
    let found = errors(&before);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].code, found[0].line),
        (codes::DUPLICATE_ORDINAL, 270)
    );
    let repair = found[0].repair.as_ref().expect("repair");
    assert!(
        repair.replacement.starts_with("a) Hoàn thành xuất sắc"),
        "{}",
        repair.replacement
    );
    assert!(
        repair.replacement.contains("\nd) Không hoàn thành"),
        "{}",
        repair.replacement
    );
    let after = cut_vi(&repair.apply(&text).expect("applies"));
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    assert!(has(&after, "x/dieu-42/khoan-1/diem-d"));
    assert!(!has(&after, "x/dieu-42/khoan-2"));
}

#[test]
fn a_repeated_first_clause_after_one_that_announces_nothing_is_no_inner_list() {
    let text = "LUẬT\nĐiều 1. A\n1. Một.\n1. Hai;\n2. Ba.\nĐiều 2. B\nx\n";
    let cut = cut_vi(text);
    assert!(errors(&cut)
        .iter()
        .all(|d| d.repair.is_none() || !d.message.contains("ends with ':'")));
}

#[test]
fn a_closing_mark_that_ends_a_quotation_too_early_is_named_and_the_repair_deletes_it() {
    // As in Nghị định 74/2025/NĐ-CP line 58: the new wording of Điều 1 closes after its clause 1
    // (`…”.`) and again after its clause 3, so its clauses 2 and 3 took the numbers of the
    // decree's own clauses.
    let text = "NGHỊ ĐỊNH\nĐiều 1. Sửa đổi, bổ sung một số điều\n1. Sửa đổi, bổ sung Điều 1 như sau:\n\
“Điều 1. Phạm vi điều chỉnh\n1. Nghị định này quy định về bảo hiểm y tế.”.\n\
2. Quỹ bảo hiểm y tế bảo đảm khám bệnh.\n3. Việc bảo đảm y tế thực hiện theo pháp luật.”.\n\
2. Sửa đổi, bổ sung Điều 2 như sau:\n“Điều 2. Đối tượng áp dụng\nNghị định này áp dụng đối với quân nhân.”.\n\
3. Bãi bỏ Điều 4.\nĐiều 2. Hiệu lực thi hành\nNghị định này có hiệu lực từ ngày ký.\n";
    let before = cut_vi(text);
    let found = errors(&before);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].code, found[0].line), (codes::STRAY_QUOTE, 5));
    let repair = found[0].repair.as_ref().expect("repair");
    assert_eq!(repair.length, "”.".len());
    let after = cut_vi(&repair.apply(text).expect("applies"));
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    assert!(has(&after, "x/dieu-1/khoan-3"));
    assert!(!has(&after, "x/dieu-1/khoan-4"));
}

#[test]
fn a_stray_closing_mark_before_a_quoted_article_is_named_not_the_article() {
    // As in Nghị định 155/2026/NĐ-CP line 265: `…”.` then `Điều 28b.` of the quoted Mục 2a.
    let text = "NGHỊ ĐỊNH\nĐiều 1. Bổ sung Mục 2a vào sau Mục 2 Chương IV\n“Mục 2a\nTẠM ĐÌNH CHỈ\n\
Điều 28a. Tạm đình chỉ\n1. Người giải quyết tạm đình chỉ.”.\n\
Điều 28b. Ban hành quyết định tạm đình chỉ\n1. Khi có đủ căn cứ thì ban hành quyết định.”.\n\
Điều 2. Hiệu lực thi hành\nNghị định này có hiệu lực từ ngày ký.\n";
    let before = cut_vi(text);
    assert!(has(&before, "x/dieu-28b"));
    let found = errors(&before);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].code, found[0].line), (codes::STRAY_QUOTE, 6));
    assert!(!before
        .diagnostics
        .iter()
        .any(|d| d.code == codes::ORDINAL_GAP || d.code == codes::ORDINAL_OUT_OF_ORDER));
    let after = cut_vi(
        &found[0]
            .repair
            .as_ref()
            .expect("repair")
            .apply(text)
            .expect("applies"),
    );
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    assert!(!has(&after, "x/dieu-28b"));
    assert!(has(&after, "x/dieu-2"));
}

#[test]
fn a_stray_closing_mark_whose_quoted_clauses_repeat_numbers_already_taken_is_named() {
    // As in Nghị định 247/2025/NĐ-CP line 154: the quoted Điều 14 closes after its point g)
    // (`…tàu biển”`) and again after its clause 5, so its clauses 3 to 5 repeat the decree's own.
    let text =
        "NGHỊ ĐỊNH\nĐiều 1. Sửa đổi, bổ sung một số điều\n1. Bãi bỏ Điều 3.\n2. Bãi bỏ Điều 4.\n\
3. Bãi bỏ Điều 5.\n4. Bãi bỏ Điều 6.\n5. Bãi bỏ Điều 7.\n6. Sửa đổi, bổ sung Điều 14 như sau:\n\
“Điều 14. Thủ tục đăng ký\n1. Hồ sơ gồm:\na) Tờ khai;\nb) Bản chính giấy chứng nhận tàu biển”\n\
2. Tổ chức nộp hồ sơ.\n3. Cơ quan tiếp nhận hồ sơ.\n4. Chủ tàu nộp lệ phí.”.\n\
7. Bãi bỏ Điều 16.\nĐiều 2. Hiệu lực thi hành\nNghị định này có hiệu lực từ ngày ký.\n";
    let before = cut_vi(text);
    let found = errors(&before);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].code, found[0].line), (codes::STRAY_QUOTE, 12));
    let after = cut_vi(
        &found[0]
            .repair
            .as_ref()
            .expect("repair")
            .apply(text)
            .expect("applies"),
    );
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    assert!(has(&after, "x/dieu-1/khoan-7"));
}

#[test]
fn a_point_misprinted_with_a_later_letter_is_the_one_renumbered() {
    // Luật Đầu tư theo phương thức PPP 2020, Điều 3 khoản 16: a), b), e), d), đ), e), g) —
    // the first `e)` (line 39) stands where `c)` belongs.
    let text = law("Luat-Dau-tu-theo-hinh-thuc-doi-tac-cong-tu-so-64-2020-QH14-374160.txt");
    let before = cut_vi(&text);
    let found = errors(&before);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].code, found[0].line),
        (codes::DUPLICATE_ORDINAL, 39)
    );
    let repair = found[0].repair.as_ref().expect("repair");
    assert_eq!((repair.length, repair.replacement.as_str()), (1, "c"));
    let after = cut_vi(&repair.apply(&text).expect("applies"));
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    assert!(has(&after, "x/dieu-3/khoan-16/diem-c"));
    assert!(has(&after, "x/dieu-3/khoan-16/diem-g"));
}

// As in Nghị định 291/2025/NĐ-CP: the quoted clause `1.` has points of its own, one of which
// ends `… như sau:`; its closing mark comes three lines on. Then Điều 3's heading is glued to
// the end of the last quoted line, before its first clause `1.`.
const QUOTED_POINTS: &str = "Điều 1. Sửa đổi Nghị định số 103/2024/NĐ-CP\n\
1. Sửa đổi, bổ sung một số khoản của Điều 50 như sau:\n\
a) Sửa đổi, bổ sung khoản 1 như sau:\n\
“1. Trường hợp người sử dụng đất được giao đất thì thực hiện như sau:\n\
a) Trường hợp đã được thông báo tiền sử dụng đất phải nộp thì nộp theo thông báo.\n\
b) Trường hợp cơ quan thanh tra yêu cầu tính lại thì thực hiện như sau:\n\
b1) Trường hợp đã nộp đủ thì nộp số tiền tăng thêm.\n\
b2) Trường hợp chưa nộp đủ thì nộp theo điểm a khoản này.”\n\
b) Sửa đổi, bổ sung khoản 2 như sau:\n\
“2. Đối với trường hợp đã có quyết định giao đất thì nộp bổ sung.\"Điều 2. Điều khoản chuyển tiếp\n\
1. Việc xử lý chuyển tiếp thực hiện như sau.\n\
2. Trường hợp khác thực hiện theo quy định.\n\
Điều 3. Hiệu lực thi hành\n\
Nghị định này có hiệu lực thi hành kể từ ngày ký ban hành.\n";

#[test]
fn a_quoted_point_ending_nhu_sau_is_no_instruction_when_the_quotation_closes_further_on() {
    let cut = cut_vi(QUOTED_POINTS);
    assert!(
        !cut.diagnostics
            .iter()
            .any(|d| d.code == codes::UNCLOSED_QUOTE && d.line == 4),
        "{:#?}",
        cut.diagnostics
    );
    assert!(has(&cut, "x/dieu-1/khoan-1/diem-b"));
    assert!(!has(&cut, "x/dieu-1/khoan-1/diem-b1"));
    assert!(!errors(&cut)
        .iter()
        .any(|d| d.code == codes::REPEATED_NUMBERING));
}

#[test]
fn a_lost_heading_glued_before_the_clauses_that_start_again_is_named_where_it_is_printed() {
    let before = cut_vi(QUOTED_POINTS);
    let found = errors(&before);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].code, found[0].line), (codes::MISSING_HEADING, 10));
    assert!(
        found[0].message.contains("printed on line 10"),
        "{}",
        found[0].message
    );
    let repair = found[0].repair.as_ref().expect("repair");
    let after = cut_vi(&repair.apply(QUOTED_POINTS).expect("applies"));
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    let dieu2 = after
        .units
        .iter()
        .find(|u| u.canonical_address == "x/dieu-2");
    assert_eq!(
        dieu2.and_then(|u| u.heading.as_deref()),
        Some("Điều khoản chuyển tiếp")
    );
    assert!(has(&after, "x/dieu-2/khoan-2"));
}

// As in Nghị định 102/2021/NĐ-CP: every amending article's heading is glued to the end of the
// last quoted line of the article before it (`… tổ chức."Điều 4. Sửa đổi …`).
const GLUED_ARTICLES: &str = "Điều 1. Sửa đổi Nghị định số 125/2020/NĐ-CP\n\
1. Sửa đổi, bổ sung khoản 2 Điều 22 như sau:\n\
“2. Nội dung mới của khoản 2.\"Điều 2. Sửa đổi Nghị định số 128/2020/NĐ-CP\n\
1. Sửa đổi, bổ sung khoản 3 Điều 4 như sau:\n\
“3. Nội dung mới của khoản 3.\"Điều 3. Sửa đổi Nghị định số 98/2013/NĐ-CP\n\
1. Sửa đổi, bổ sung khoản 1 Điều 5 như sau:\n\
“1. Nội dung mới của khoản 1.\"\n\
Điều 4. Hiệu lực thi hành\n\
Nghị định này có hiệu lực thi hành kể từ ngày ký ban hành.\n";

#[test]
fn several_headings_glued_after_closing_marks_are_each_named_where_they_are_printed() {
    let before = cut_vi(GLUED_ARTICLES);
    let found = errors(&before);
    let lines: Vec<(&str, u32)> = found.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(
        lines,
        [(codes::MISSING_HEADING, 3), (codes::MISSING_HEADING, 5)],
        "{found:#?}"
    );
    let mut text = GLUED_ARTICLES.to_string();
    let mut repairs: Vec<_> = found.iter().filter_map(|d| d.repair.as_ref()).collect();
    repairs.sort_by_key(|r| std::cmp::Reverse(r.offset));
    for r in repairs {
        text = r.apply(&text).expect("applies");
    }
    let after = cut_vi(&text);
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    for a in ["x/dieu-2/khoan-1", "x/dieu-3/khoan-1", "x/dieu-4"] {
        assert!(has(&after, a), "{a}");
    }
}

#[test]
fn a_section_number_wrapped_onto_its_own_line_mid_sentence_is_a_cross_reference() {
    // As in Thông tư 11/2024/TT-BTNMT line 73: `… theo quy định tại` / `Mục 2 Phần B của Phụ
    // lục I ban hành kèm theo Thông tư này.`, in a circular with no Mục: the points after it
    // stay the article's.
    let text = "Điều 1. Bản đồ\n\
a) Bản đồ điều tra được lập.\n\
b) Ranh giới khoanh đất được thể hiện theo quy định tại\n\
Mục 2 Phần B của Phụ lục I ban hành kèm theo Thông tư này.\n\
c) Nhãn khoanh đất điều tra.\n\
Điều 2. Hiệu lực thi hành\n\
Thông tư này có hiệu lực thi hành kể từ ngày ký.\n";
    let cut = cut_vi(text);
    assert!(errors(&cut).is_empty(), "{:#?}", errors(&cut));
    assert!(has(&cut, "x/dieu-1/diem-c"));
    assert!(!cut.units.iter().any(|u| u.section_type == "muc"));
}

#[test]
fn a_section_heading_split_after_its_label_is_named_and_the_repair_joins_it() {
    // As in Nghị định 88/2024/NĐ-CP (tvpl) line 129: the page's running footer and the label
    // `Mục` on one line, the number and title in capitals on the next.
    let text = "Mục 1. QUY ĐỊNH CHUNG\n\
Điều 1. Phạm vi\n\
1. Nội dung một.\n\
2. Nội dung hai.\n\
Nghị định 88/2024/NĐ-CP. Mục\n\
2. BỒI THƯỜNG VỀ ĐẤT\n\
Điều 2. Bồi thường\n\
Nội dung bồi thường.\n";
    let before = cut_vi(text);
    let found = errors(&before);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].code, found[0].line), (codes::MISSING_HEADING, 6));
    assert!(
        found[0].message.contains("Mục 2 is split"),
        "{}",
        found[0].message
    );
    let repaired = found[0]
        .repair
        .as_ref()
        .expect("repair")
        .apply(text)
        .expect("applies");
    assert!(
        repaired.contains("Nghị định 88/2024/NĐ-CP. \nMục 2. BỒI THƯỜNG"),
        "{repaired}"
    );
    let after = cut_vi(&repaired);
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    assert!(has(&after, "x/muc-2"));
    assert!(!has(&after, "x/dieu-1/khoan-3"));
}

#[test]
fn a_section_number_printed_with_a_regulations_dot_is_named_and_the_repair_deletes_it() {
    // As in SOR/95-329 (Justice Canada LIMS, line 538): every section is labelled `29`, `33`,
    // but the repealed run `30. to 32` carries a dot, the heading of a Regulation in the uk
    // vocabulary: Section 30 was cut as the text's only Regulation.
    let text = "1 [Repealed, SOR/2016-199, s. 2]\n\
These Regulations apply to students.\n\
PART V.1\n\
Loan Forgiveness\n\
27 [Repealed, SOR/2024-210, s. 5]\n\
28 (1) For the purposes of subsection 9.2(1) of the Act, the Minister may forgive a loan.\n\
(2) The maximum number of years is five.\n\
29 (1) For the purposes of subsection 9.2(1) of the Act, the borrower must\n\
(a) apply to the Minister; and\n\
(b) work 400 hours.\n\
(2) The loan forgiveness takes effect at once.\n\
30. to 32 [Repealed, SOR/96-368, s. 20]\n\
PART VI\n\
Canada Student Grants\n\
33 The Minister may make a grant.\n";
    let uk = default_vocabulary("uk").expect("uk ships");
    let before = cut(text, "x", uk);
    let found = errors(&before);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].code, found[0].line),
        (codes::MISPRINTED_HEADING, 12)
    );
    assert!(
        !before
            .diagnostics
            .iter()
            .any(|d| d.code == codes::ORDINAL_GAP && d.line >= 12),
        "{:#?}",
        before.diagnostics
    );
    let repair = found[0].repair.as_ref().expect("repair");
    assert_eq!((repair.length, repair.replacement.as_str()), (3, "30"));
    let after = cut(&repair.apply(text).expect("applies"), "x", uk);
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    assert!(has(&after, "x/section-30"));
    assert!(!after
        .units
        .iter()
        .any(|u| u.section_type == "uk-regulation"));
}

#[test]
fn regulations_printed_with_dots_from_their_first_are_no_misprint() {
    // Regulations numbered `1.`, `2.` throughout, with a gap: a gap, not a misprint of a
    // section (no section is cut at all).
    let text = "1. These Regulations may be cited as the Test Regulations.\n\
2. In these Regulations, words mean what they say.\n\
5. These Regulations come into force on 1 January.\n";
    let uk = default_vocabulary("uk").expect("uk ships");
    let cut = cut(text, "x", uk);
    assert!(errors(&cut).is_empty(), "{:#?}", errors(&cut));
    assert!(has(&cut, "x/regulation-5"));
}

#[test]
fn a_clause_number_printed_at_the_end_of_the_line_before_its_text_is_named_and_the_repair_breaks_it(
) {
    // As in Thông tư 11/2024/TT-BTNMT (tvpl) line 69: the crawl prints each clause number at
    // the end of the line before its text; after a site note `[…] 2.` it was read as text, so
    // Khoản 2's points went into Khoản 1, where b) and c) repeat.
    let text = "Điều 1. Bản đồ\n\
1.\n\
Quy định về bản đồ điều tra a) Bản đồ cả nước;\n\
b) Bản đồ cấp tỉnh;\n\
c) Bản đồ cấp xã. [Điểm này được sửa đổi bởi Khoản 1 Điều 6 Thông tư 23/2025/TT-BNNMT] 2.\n\
Quy định về nội dung bản đồ a) Các yếu tố kế thừa;\n\
b) Ranh giới khoanh đất;\n\
c) Nhãn khoanh đất;\n\
d) Vị trí điểm điều tra.\n\
Điều 2. Hiệu lực thi hành\n\
Thông tư này có hiệu lực thi hành kể từ ngày ký.\n";
    let before = cut_vi(text);
    let found = errors(&before);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].code, found[0].line), (codes::MISSING_HEADING, 5));
    assert!(
        found[0]
            .message
            .contains("'2.' of Khoản 2 is printed at the end of line 5"),
        "{}",
        found[0].message
    );
    let repaired = found[0]
        .repair
        .as_ref()
        .expect("repair")
        .apply(text)
        .expect("applies");
    assert!(
        repaired.contains("Thông tư 23/2025/TT-BNNMT]\n2.\nQuy định về nội dung"),
        "{repaired}"
    );
    let after = cut_vi(&repaired);
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    assert!(has(&after, "x/dieu-1/khoan-2/diem-d"));
    assert!(has(&after, "x/dieu-1/khoan-1/diem-c"));
}

#[test]
fn a_clause_number_at_the_end_of_a_table_row_is_the_next_clause_of_the_article() {
    // As in Thông tư 11/2024/TT-BTNMT (tvpl) line 112: `| 1:1.000.000 | 100 | 10.000 | 3.`,
    // the last row of Khoản 2's table, then Khoản 3's text and points: its a) came out of
    // order and its b), c) repeated Khoản 2's.
    let text = "Điều 1. Bản đồ\n\
1.\n\
Bản đồ được lập.\n\
2.\n\
Bản đồ kết quả a) Bản đồ cả nước;\n\
b) Bản đồ cấp vùng;\n\
c) Diện tích tối thiểu như sau:\n\
| Tỷ lệ | Diện tích |\n\
| 1:1.000.000 | 10.000 | 3.\n\
Bản đồ kết quả thể hiện các nội dung sau:\n\
a) Các yếu tố kế thừa;\n\
b) Lớp thông tin kết quả;\n\
c) Lớp thông tin ô nhiễm;\n\
d) Tên bản đồ.\n\
4.\n\
Hệ thống biểu kết quả.\n\
Điều 2. Hiệu lực thi hành\n\
Thông tư này có hiệu lực thi hành kể từ ngày ký.\n";
    let before = cut_vi(text);
    let found = errors(&before);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].code, found[0].line), (codes::MISSING_HEADING, 9));
    // The gap before Khoản 4 and the point a) out of order are the same defect.
    assert!(
        !before
            .diagnostics
            .iter()
            .any(|d| d.code == codes::ORDINAL_GAP && d.line == 15),
        "{:#?}",
        before.diagnostics
    );
    let repaired = found[0]
        .repair
        .as_ref()
        .expect("repair")
        .apply(text)
        .expect("applies");
    let after = cut_vi(&repaired);
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    assert!(has(&after, "x/dieu-1/khoan-3/diem-d"));
    assert!(has(&after, "x/dieu-1/khoan-4"));
}

#[test]
fn a_number_at_the_end_of_a_line_out_of_sequence_is_no_lost_clause() {
    // `… năm 2013.` or a number that is taken stays text: the repeat keeps its own finding.
    let text = "Điều 1. Bản đồ\n\
1.\n\
Quy định về bản đồ a) Bản đồ cả nước;\n\
b) Bản đồ cấp tỉnh theo Quyết định số 1.\n\
Quy định về nội dung bản đồ a) Các yếu tố kế thừa;\n\
b) Ranh giới khoanh đất;\n\
Điều 2. Hiệu lực thi hành\n\
Thông tư này có hiệu lực thi hành kể từ ngày ký.\n";
    let found = errors(&cut_vi(text))
        .iter()
        .map(|d| d.code)
        .collect::<Vec<_>>();
    assert!(!found.contains(&codes::MISSING_HEADING), "{found:?}");
}

// As in Nghị định 88/2024/NĐ-CP (tvpl) lines 84–86 and 129–130: `Chương II` and its title in
// capitals printed after the site note that ends the line of Điều 7a, then every `Mục` split
// after its label, the first of them (`1.`) repeating no clause number of the article before.
const LOST_CHAPTER: &str = "Chương I QUY ĐỊNH CHUNG\n\
Điều 1. Phạm vi\n\
1. Nội dung một.\n\
2. Nội dung hai.\n\
Điều 2. Xử lý trường hợp đặc biệt Nội dung của điều. [Điều 2 được bổ sung bởi Khoản 1 Điều 2 Nghị định 226/2025/NĐ-CP có hiệu lực từ ngày 15/08/2025] Chương II QUY ĐỊNH CHI TIẾT VỀ BỒI THƯỜNG\n\
Nghị định 88/2024/NĐ-CP. Mục\n\
1. BỒI THƯỜNG VỀ ĐẤT Ở\n\
Điều 3. Bồi thường về đất ở\n\
1. Nội dung một.\n\
2. Nội dung hai.\n\
Nghị định 88/2024/NĐ-CP. Mục\n\
2. BỒI THƯỜNG VỀ ĐẤT NÔNG NGHIỆP\n\
Điều 4. Bồi thường về đất nông nghiệp\n\
Nội dung.\n\
Chương III ĐIỀU KHOẢN THI HÀNH\n\
Điều 5. Hiệu lực\n\
Nội dung.\n";

fn apply_all(text: &str, found: &[&Diagnostic]) -> String {
    let mut repairs: Vec<_> = found
        .iter()
        .map(|d| d.repair.as_ref().expect("a repair is proposed"))
        .collect();
    repairs.sort_by_key(|r| std::cmp::Reverse(r.offset));
    repairs
        .into_iter()
        .fold(text.to_owned(), |t, r| r.apply(&t).expect("applies"))
}

#[test]
fn a_chapter_heading_printed_after_a_site_note_is_cut_and_split_sections_are_named() {
    let before = cut_vi(LOST_CHAPTER);
    // The site's note is taken out of Điều 2's text (issue 46), so Chương II after it is a
    // heading glued to the line, cut as such; Mục 1 after it then reads as an orphaned clause.
    assert!(has(&before, "x/chuong-2"));
    assert_eq!(
        before
            .units
            .iter()
            .find(|u| u.canonical_address == "x/dieu-2")
            .map(|u| u.notes.len()),
        Some(1)
    );
    assert!(before
        .diagnostics
        .iter()
        .any(|d| d.code == codes::GLUED_HEADING && d.line == 5));
    let found = errors(&before);
    let at: Vec<(&str, u32)> = found.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(
        at,
        [(codes::MISSING_HEADING, 7), (codes::MISSING_HEADING, 12)],
        "{found:#?}"
    );
    assert!(
        found[0].message.contains("Mục 1 is split")
            && found[0].message.contains("orphaned Khoản 1"),
        "{}",
        found[0].message
    );
    assert!(
        found[1].message.contains("Mục 2 is split"),
        "{}",
        found[1].message
    );
    assert!(!before
        .diagnostics
        .iter()
        .any(|d| d.code == codes::ORDINAL_GAP || d.code == codes::ORPHAN_UNIT));
    let repaired = apply_all(LOST_CHAPTER, &found);
    assert!(
        repaired.contains("NĐ-CP. \nMục 1. BỒI THƯỜNG VỀ ĐẤT Ở"),
        "{repaired}"
    );
    let after = cut_vi(&repaired);
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    let addresses: Vec<&str> = after
        .units
        .iter()
        .map(|u| u.canonical_address.as_str())
        .collect();
    assert!(!has(&after, "x/dieu-2/khoan-1"), "{addresses:#?}");
    for (unit, within) in [
        ("x/muc-1", "x/chuong-2"),
        ("x/dieu-3", "x/muc-1"),
        ("x/dieu-4", "x/muc-2"),
    ] {
        let u = after
            .units
            .iter()
            .find(|u| u.canonical_address.ends_with(unit.trim_start_matches("x")));
        let parent = u.and_then(|u| u.parent).and_then(|p| after.units.get(p));
        assert!(
            parent.is_some_and(|p| p
                .canonical_address
                .ends_with(within.trim_start_matches("x"))),
            "{unit} in {within}: {addresses:#?}"
        );
    }
}

#[test]
fn a_clause_in_capitals_after_a_line_ending_with_a_section_label_is_no_heading_when_text_follows() {
    // `1.` here is a clause with its own text after it, not a Mục's heading: an article
    // does not follow it, so nothing is named.
    let text = "Chương I QUY ĐỊNH CHUNG\n\
Điều 1. Phạm vi\n\
Nội dung được quy định tại Mục\n\
1. BẢNG GIÁ ĐẤT\n\
Nội dung của khoản này.\n\
2. Nội dung hai.\n\
Điều 2. Hiệu lực\n\
Nội dung.\n";
    let before = cut_vi(text);
    assert!(errors(&before).is_empty(), "{:#?}", errors(&before));
    assert!(has(&before, "x/dieu-1/khoan-1"));
}

#[test]
fn a_split_first_section_heading_is_named_in_a_text_with_no_other_finding() {
    // The article before it has no clauses, so `1.` repeats nothing: without this finding the
    // cut would report nothing at all.
    let text = "Chương I QUY ĐỊNH CHUNG\n\
Điều 1. Phạm vi Nội dung của điều.\n\
Nghị định 88/2024/NĐ-CP. Mục\n\
1. BỒI THƯỜNG VỀ ĐẤT Ở\n\
Điều 2. Bồi thường về đất ở\n\
Nội dung.\n";
    let before = cut_vi(text);
    let found = errors(&before);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].code, found[0].line), (codes::MISSING_HEADING, 4));
    let after = cut_vi(&apply_all(text, &found));
    assert!(errors(&after).is_empty(), "{:#?}", errors(&after));
    assert!(after
        .units
        .iter()
        .any(|u| u.section_type == "muc" && u.ordinal == "1"));
    assert!(!has(&after, "x/dieu-1/khoan-1"));
}
