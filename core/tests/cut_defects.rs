//! One diagnostic per defect of the source, with the repair that fixes it: real defects of
//! laws in the shared development corpus (`../shared/corpus/vi-vlc-dev`, undertheseanlp/underthesea
//! crawl, see its SOURCES.md). Each test cuts the published text, finds the one finding, applies its
//! repair as an editor would, and cuts again.

use iu_cutter_core::cut::{codes, cut, Cut};
use iu_cutter_core::diagnostic::{Diagnostic, Severity};
use iu_cutter_core::vocabulary::default_vocabulary;

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
    assert!(has(&cut, "uksi-2003-1099/regulation-3/subsection-2/paragraph-b"));
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
    let again = cut(&repaired, "ukpga-1998-29", default_vocabulary("uk").unwrap());
    assert!(errors(&again).is_empty(), "{:?}", again.diagnostics);
    assert!(has(&again, "ukpga-1998-29/section-2a/subsection-2"));
}
