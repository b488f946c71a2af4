//! Each instruction form, read and applied, including the failures.

use crate::read::amending_law::*;
use crate::text::vocabulary::default_vocabulary;

fn vi() -> &'static crate::text::vocabulary::Vocabulary {
    default_vocabulary("vi").expect("vi")
}

fn law(body: &str) -> AmendingLaw {
    let text = format!(
        "LUẬT\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT THỬ NGHIỆM\nCăn cứ Hiến pháp;\nQuốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Thử nghiệm số 10/2020/QH14.\nĐiều 1. Sửa đổi, bổ sung một số điều của Luật Thử nghiệm\n{body}\nĐiều 2. Hiệu lực thi hành\n1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2021.\n2. Khoản 2 Điều 1 của Luật này có hiệu lực từ ngày ký.\nLuật này được Quốc hội khóa XIV, kỳ họp thứ 10 thông qua ngày 17 tháng 11 năm 2020.\n"
    );
    read_amending_law(&text, "12/2020/QH14", vi())
}

#[test]
fn replace_a_whole_article_with_its_quoted_text() {
    let l = law("1. Sửa đổi, bổ sung Điều 12 như sau:\n“Điều 12. Tên mới\n1. Nội dung một.\n2. Nội dung hai.”.");
    assert!(l.unreadable.is_empty(), "{:?}", l.unreadable);
    assert_eq!(l.laws[0].slug.as_deref(), Some("10-2020-qh14"));
    let i = &l.instructions[0];
    assert_eq!((i.kind, i.part), (Kind::Replace, Part::Whole));
    assert_eq!(i.targets, vec!["dieu-12"]);
    assert_eq!(i.id, "dieu-1/khoan-1");
    assert_eq!(i.provision, "Điều 1 khoản 1");
    assert_eq!(
        i.new_text.as_deref(),
        Some("Điều 12. Tên mới\n1. Nội dung một.\n2. Nội dung hai.")
    );
    assert_eq!(i.effective.as_deref(), Some("2021-01-01"));
}

#[test]
fn passive_replace_of_two_clauses_shares_one_quotation() {
    let l = law(
        "1. Khoản 2 và khoản 5 Điều 20 được sửa đổi, bổ sung như sau:\n“2. Hai mới.\n5. Năm mới.”.",
    );
    assert!(l.unreadable.is_empty(), "{:?}", l.unreadable);
    let i = &l.instructions[0];
    assert_eq!(i.kind, Kind::Replace);
    assert_eq!(i.targets, vec!["dieu-20/khoan-2", "dieu-20/khoan-5"]);
}

#[test]
fn inserts_with_and_without_anchors() {
    let l = law("1. Bổ sung khoản 9 và khoản 10 vào Điều 4 như sau:\n“9. Chín.\n10. Mười.”.\n2. Bổ sung Điều 15a vào sau Điều 15 như sau:\n“Điều 15a. Mới\nNội dung.”.");
    assert!(l.unreadable.is_empty(), "{:?}", l.unreadable);
    let a = &l.instructions[0];
    assert_eq!((a.kind, a.place), (Kind::Insert, Some(Place::Into)));
    assert_eq!(a.targets, vec!["dieu-4/khoan-9", "dieu-4/khoan-10"]);
    assert_eq!(a.anchor.as_deref(), Some("dieu-4"));
    let b = &l.instructions[1];
    assert_eq!(
        (b.place, b.anchor.as_deref()),
        (Some(Place::After), Some("dieu-15"))
    );
    assert_eq!(b.targets, vec!["dieu-15a"]);
    // Khoản 2 Điều 1 comes into force on the day the law was adopted.
    assert_eq!(b.effective.as_deref(), Some("2020-11-17"));
}

#[test]
fn several_instructions_in_one_sentence_take_the_article_from_the_clause_that_names_it() {
    let l = law("1. Bổ sung khoản 2a vào sau khoản 2; sửa đổi, bổ sung khoản 3 và khoản 5 Điều 6 như sau:\n“2a. Hai a.\n3. Ba.\n5. Năm.”.");
    assert!(l.unreadable.is_empty(), "{:?}", l.unreadable);
    assert_eq!(l.instructions.len(), 2);
    assert_eq!(l.instructions[0].kind, Kind::Insert);
    assert_eq!(l.instructions[0].targets, vec!["dieu-6/khoan-2a"]);
    assert_eq!(l.instructions[0].anchor.as_deref(), Some("dieu-6/khoan-2"));
    assert_eq!(l.instructions[0].new_text.as_deref(), Some("2a. Hai a."));
    assert_eq!(
        l.instructions[1].targets,
        vec!["dieu-6/khoan-3", "dieu-6/khoan-5"]
    );
    assert_eq!(
        l.instructions[1].new_text.as_deref(),
        Some("3. Ba.\n5. Năm.")
    );
    assert_eq!(l.instructions[0].id, "dieu-1/khoan-1#1");
}

#[test]
fn repeals_lists_and_points() {
    let l = law("1. Bãi bỏ điểm c khoản 2 Điều 30.\n2. Bãi bỏ Điều 12.\n3. Bãi bỏ các khoản 1, 3 và 4 Điều 7.");
    assert!(l.unreadable.is_empty(), "{:?}", l.unreadable);
    assert_eq!(l.instructions[0].targets, vec!["dieu-30/khoan-2/diem-c"]);
    assert_eq!(l.instructions[1].targets, vec!["dieu-12"]);
    assert_eq!(
        l.instructions[2].targets,
        vec!["dieu-7/khoan-1", "dieu-7/khoan-3", "dieu-7/khoan-4"]
    );
    assert!(l.instructions.iter().all(|i| i.kind == Kind::Repeal));
}

#[test]
fn phrases_in_units_and_headings() {
    let l = law("1. Thay cụm từ “Bộ Kế hoạch và Đầu tư” bằng cụm từ “Bộ Tài chính” tại khoản 3 Điều 7; khoản 2 Điều 40.\n2. Bãi bỏ từ “hằng năm” tại khoản 1 Điều 9.\n3. Bổ sung từ “công khai” vào sau cụm từ “lựa chọn nhà thầu” tại khoản 4 Điều 21.\n4. Thay từ “Bộ” bằng từ “Ban” tại tên Chương V; tên các điều 33, 34 và 36.");
    assert!(l.unreadable.is_empty(), "{:?}", l.unreadable);
    let [a, b, c, d]: [&Instruction; 4] = l
        .instructions
        .iter()
        .collect::<Vec<_>>()
        .try_into()
        .expect("four");
    assert_eq!(a.kind, Kind::ReplacePhrase);
    assert_eq!(
        (a.old_text.as_deref(), a.new_text.as_deref()),
        (Some("Bộ Kế hoạch và Đầu tư"), Some("Bộ Tài chính"))
    );
    assert_eq!(a.targets, vec!["dieu-7/khoan-3", "dieu-40/khoan-2"]);
    assert_eq!(
        (b.kind, b.old_text.as_deref()),
        (Kind::RepealPhrase, Some("hằng năm"))
    );
    assert_eq!(
        (
            c.kind,
            c.place,
            c.old_text.as_deref(),
            c.new_text.as_deref()
        ),
        (
            Kind::InsertPhrase,
            Some(Place::After),
            Some("lựa chọn nhà thầu"),
            Some("công khai")
        )
    );
    assert_eq!(
        (d.part, d.targets.clone()),
        (
            Part::Heading,
            vec![
                "chuong-5".to_owned(),
                "dieu-33".into(),
                "dieu-34".into(),
                "dieu-36".into()
            ]
        )
    );
}

#[test]
fn nested_points_read_in_their_clause_context() {
    let l = law("1. Sửa đổi, bổ sung một số điểm, khoản của Điều 16 như sau:\na) Sửa đổi, bổ sung các điểm b và c khoản 1 như sau:\n“b) Bê.\nc) Xê.”;\nb) Bổ sung khoản 5 vào sau khoản 4 như sau:\n“5. Năm.”.");
    assert!(l.unreadable.is_empty(), "{:?}", l.unreadable);
    assert_eq!(
        l.instructions[0].targets,
        vec!["dieu-16/khoan-1/diem-b", "dieu-16/khoan-1/diem-c"]
    );
    assert_eq!(l.instructions[0].id, "dieu-1/khoan-1/diem-a");
    assert_eq!(l.instructions[0].provision, "Điều 1 khoản 1 điểm a");
    assert_eq!(l.instructions[1].targets, vec!["dieu-16/khoan-5"]);
    assert_eq!(l.instructions[1].anchor.as_deref(), Some("dieu-16/khoan-4"));
}

#[test]
fn what_cannot_be_read_is_reported_with_its_line() {
    let l = law("1. Sửa đổi, bổ sung số thứ tự 26 tại Phụ lục I như sau:\n26 Quy hoạch tổng thể\n2. Điều chỉnh nội dung khoản 3 Điều 5 cho phù hợp.\n3. Sửa đổi, bổ sung khoản 2 Điều 8 như sau:\n“3. Ba.”.");
    let codes: Vec<&str> = l.unreadable.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(
        codes,
        vec!["appendix-not-a-unit", "unknown-form", "new-text-mismatch"],
        "{:?}",
        l.unreadable
    );
    assert_eq!(l.unreadable[1].line, 8);
    assert!(l.unreadable[1].offset > 0);
    assert!(l.instructions.is_empty());
}

#[test]
fn a_verb_after_va_starts_another_instruction() {
    let l = law("1. Sửa đổi, bổ sung một số điểm, khoản của Điều 62 như sau:\na) Sửa đổi, bổ sung điểm a và bổ sung điểm a1 vào sau điểm a khoản 2 như sau:\n“a) Tiêu chuẩn mới;\nTrường hợp liên danh;\na1) Các nhà đầu tư sau đây;”;");
    assert!(l.unreadable.is_empty(), "{:?}", l.unreadable);
    assert_eq!(l.instructions.len(), 2);
    assert_eq!(
        (l.instructions[0].kind, l.instructions[0].targets.clone()),
        (Kind::Replace, vec!["dieu-62/khoan-2/diem-a".to_owned()])
    );
    assert_eq!(
        l.instructions[0].new_text.as_deref(),
        Some("a) Tiêu chuẩn mới;\nTrường hợp liên danh;")
    );
    assert_eq!(
        (l.instructions[1].kind, l.instructions[1].targets.clone()),
        (Kind::Insert, vec!["dieu-62/khoan-2/diem-a1".to_owned()])
    );
}

#[test]
fn a_code_cited_with_another_year_is_this_document_by_its_name_with_a_warning() {
    let text = "LUẬT\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT THỬ NGHIỆM\nCăn cứ Hiến pháp;\nQuốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Thử nghiệm.\nĐiều 1. Sửa đổi, bổ sung một số điều của Luật Thử nghiệm số 10/2019/QH14\n1. Bãi bỏ khoản 3 Điều 13.\nĐiều 2. Hiệu lực thi hành\nLuật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2021.\n";
    let l = read_amending_law(text, "12/2020/QH14", vi());
    assert_eq!(l.laws[0].slug.as_deref(), Some("10-2019-qh14"));
    assert_eq!(l.laws_for("10-2020-qh14", Some("Luật Thử nghiệm")), vec![0]);
    let w = l.code_warnings("10-2020-qh14", Some("Luật Thử nghiệm"));
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("10/2019/QH14"), "{w:?}");
    // Another law with the same number, or no title to compare the name with: not this document.
    assert!(l.laws_for("10-2020-qh14", Some("Luật Khác")).is_empty());
    assert!(l
        .laws_for("11-2020-qh14", Some("Luật Thử nghiệm"))
        .is_empty());
    assert!(l
        .code_warnings("10-2019-qh14", Some("Luật Thử nghiệm"))
        .is_empty());
}

#[test]
fn instructions_run_together_on_one_line_with_straight_quotes_are_read_one_by_one() {
    let l = law("1. Bãi bỏ khoản 3 Điều 13. 2. Sửa đổi, bổ sung khoản 1 Điều 6 như sau: \"1. Một mới.\" 3. Bãi bỏ điểm a khoản 2 Điều 7.");
    assert!(l.unreadable.is_empty(), "{:?}", l.unreadable);
    let got: Vec<(&str, Kind, Vec<String>)> = l
        .instructions
        .iter()
        .map(|i| (i.provision.as_str(), i.kind, i.targets.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "Điều 1 khoản 1",
                Kind::Repeal,
                vec!["dieu-13/khoan-3".to_owned()]
            ),
            (
                "Điều 1 khoản 2",
                Kind::Replace,
                vec!["dieu-6/khoan-1".to_owned()]
            ),
            (
                "Điều 1 khoản 3",
                Kind::Repeal,
                vec!["dieu-7/khoan-2/diem-a".to_owned()]
            ),
        ]
    );
    assert_eq!(l.instructions[1].new_text.as_deref(), Some("1. Một mới."));
    // Lines are the text's own: all three are on the line of the article's first clause.
    let line = l.instructions[0].span.line;
    assert!(l.instructions.iter().all(|i| i.span.line == line));
}

#[test]
fn a_sites_note_inside_the_instruction_is_not_read() {
    let l = law("1. Sửa đổi, bổ sung [Khoản này được sửa đổi bởi Luật số 5/2019/QH14] khoản 2 Điều 12 như sau:\n“2. Hai mới.”");
    assert!(l.unreadable.is_empty(), "{:?}", l.unreadable);
    assert_eq!(l.instructions[0].targets, vec!["dieu-12/khoan-2"]);
    assert_eq!(l.instructions[0].new_text.as_deref(), Some("2. Hai mới."));
}

#[test]
fn an_article_number_alone_on_its_line_takes_its_law_from_the_next_line_and_the_preamble() {
    let text = "LUẬT\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT THỬ NGHIỆM\nCăn cứ Hiến pháp;\nQuốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Thử nghiệm số 10/2020/QH14.\nĐiều 1.\nSửa đổi, bổ sung một số điều của Luật thử nghiệm như sau:\n1. Sửa đổi, bổ sung khoản 2 Điều 12 như sau:\n“2. Hai mới.”\n2. Bãi bỏ khoản 3 Điều 13.\nĐiều 2.\nLuật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2021.\n";
    let l = read_amending_law(text, "12/2020/QH14", vi());
    assert!(l.unreadable.is_empty(), "{:?}", l.unreadable);
    assert_eq!(l.laws[0].slug.as_deref(), Some("10-2020-qh14"));
    assert_eq!(l.instructions.len(), 2);
    assert_eq!(l.instructions[1].effective.as_deref(), Some("2021-01-01"));
}

#[test]
fn a_final_article_amending_the_laws_concerned_routes_each_clause_to_the_law_it_names() {
    let text = "LUẬT\nCÔNG NGHIỆP THỬ NGHIỆM\nCăn cứ Hiến pháp;\nQuốc hội ban hành Luật Công nghiệp thử nghiệm.\nĐiều 1. Phạm vi điều chỉnh\nLuật này quy định về thử nghiệm.\nĐiều 2. Sửa đổi, bổ sung một số điều của các luật có liên quan\n1. Bãi bỏ khoản 9 Điều 4 của Luật Công nghệ thông tin số 67/2006/QH11.\n2. Bổ sung khoản 8a vào sau khoản 8 Điều 154 của Bộ luật Lao động số 45/2019/QH14 như sau:\n“8a. Mới.”\nĐiều 3. Hiệu lực thi hành\nLuật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.\n";
    let l = read_amending_law(text, "71/2025/QH15", vi());
    assert!(l.unreadable.is_empty(), "{:?}", l.unreadable);
    let two = l.laws_for("45-2019-qh14", None);
    assert_eq!(two.len(), 1, "{:?}", l.laws);
    let mine: Vec<&Instruction> = l
        .instructions
        .iter()
        .filter(|i| two.contains(&i.law_index))
        .collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].targets, vec!["dieu-154/khoan-8a"]);
    assert_eq!(l.laws[two[0]].name, "Bộ luật Lao động");
    assert_eq!(l.laws_for("67-2006-qh11", None).len(), 1);
}

#[test]
fn a_repeal_in_the_commencement_article_is_an_instruction_for_the_document_it_names() {
    let text = "THÔNG TƯ\nSửa đổi, bổ sung một số điều của Thông tư số 07/2023/TT-BLĐTBXH\nCăn cứ Luật Viên chức;\nĐiều 1. Sửa đổi, bổ sung một số điều của Thông tư số 07/2023/TT-BLĐTBXH\n1. Bãi bỏ khoản 3 Điều 5.\nĐiều 2. Điều khoản thi hành\n1. Bãi bỏ Điều 17, Điều 18 và khoản 1 Điều 20 Thông tư số 07/2023/TT-BLĐTBXH ngày 28 tháng 8 năm 2023.\n2. Thông tư này có hiệu lực thi hành từ ngày 10 tháng 12 năm 2024.\n";
    let l = read_amending_law(text, "10/2024/TT-BLĐTBXH", vi());
    assert!(l.unreadable.is_empty(), "{:?}", l.unreadable);
    let mine = l.laws_for("07-2023-tt-blddtbxh", None);
    let got: Vec<&Instruction> = l
        .instructions
        .iter()
        .filter(|i| mine.contains(&i.law_index))
        .collect();
    assert_eq!(got.len(), 2, "{:?}", l.instructions);
    assert_eq!(got[1].provision, "Điều 2 khoản 1");
    assert_eq!(
        got[1].targets,
        vec!["dieu-17", "dieu-18", "dieu-20/khoan-1"]
    );
    assert_eq!(got[1].effective.as_deref(), Some("2024-12-10"));
}

// Issue 46: an amending law as a site prints it carries the site's notes on its own provisions
// (`[Khoản này được sửa đổi bởi …]`, here before the quotation): they are not its words, and the
// instruction reads as if they were not there.
#[test]
fn a_sites_note_before_a_quotation_leaves_the_instruction_readable() {
    let l = law("1. Sửa đổi, bổ sung Điều 12 như sau: [Khoản này được sửa đổi bởi Khoản 3 Điều 1 Luật số 20/2022/QH15]\n“Điều 12. Tên mới\n1. Nội dung một.\n2. Nội dung hai.”.");
    assert!(l.unreadable.is_empty(), "{:?}", l.unreadable);
    let i = &l.instructions[0];
    assert_eq!((i.kind, i.part), (Kind::Replace, Part::Whole));
    assert_eq!(i.targets, vec!["dieu-12"]);
    assert_eq!(
        i.new_text.as_deref(),
        Some("Điều 12. Tên mới\n1. Nội dung một.\n2. Nội dung hai.")
    );
}
