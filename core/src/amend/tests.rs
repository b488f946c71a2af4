//! Each instruction form, read and applied, including the failures.

use super::*;
use crate::vocabulary::default_vocabulary;

fn vi() -> &'static crate::vocabulary::Vocabulary {
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
        vec!["no-target", "unknown-form", "new-text-mismatch"],
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
