use std::time::Instant;

use proptest::prelude::*;

use super::*;

fn joined(ops: &[DiffOp], skip: &str) -> String {
    ops.iter()
        .filter(|o| o.op != skip)
        .map(|o| o.text.as_str())
        .collect()
}

fn changes(ops: &[DiffOp]) -> Vec<(&str, &str)> {
    ops.iter()
        .filter(|o| o.op != "equal")
        .map(|o| (o.op, o.text.as_str()))
        .collect()
}

#[test]
fn punctuation_around_a_word_is_its_own_token() {
    // NĐ 55/2023 Điều 1 khoản 1 (core/tests/fixtures/amend/nd-75-2021-nd-cp): the amount changes, not the full stop.
    let ops = diff_words(
        "Mức chuẩn trợ cấp ưu đãi là 1.624.000 đồng.",
        "Mức chuẩn trợ cấp ưu đãi là 2.055.000 đồng;",
    );
    assert_eq!(
        changes(&ops),
        vec![
            ("delete", "1.624.000"),
            ("insert", "2.055.000"),
            ("delete", "."),
            ("insert", ";")
        ]
    );
    // Codes and amounts stay whole words; a closing bracket is not part of the word.
    assert_eq!(
        tokens("(Luật số 45/2019/QH14)."),
        vec!["(", "Luật", " ", "số", " ", "45/2019/QH14", ")", "."]
    );
    assert_eq!(tokens("— …"), vec!["—", " ", "…"]);
    assert_eq!(tokens(""), Vec::<&str>::new());
}

#[test]
fn a_rewrite_past_the_cap_still_gives_both_texts_back() {
    // Two texts with nothing in common but spaces and newlines: Myers needs every token, past the cap.
    let before: String =
        (0..3000).map(|i| format!("a{i} ")).collect::<String>() + "\n" + &"x ".repeat(10);
    let after: String =
        (0..3000).map(|i| format!("b{i} ")).collect::<String>() + "\n" + &"x ".repeat(10);
    let ops = diff_words(&before, &after);
    assert_eq!(joined(&ops, "insert"), before);
    assert_eq!(joined(&ops, "delete"), after);
    // Many lines, 300 of them changed in three words: past the cap in words (1,800 edits), not in lines (600),
    // so the line pass finds the unchanged lines and the word pass the words.
    let before: String = (0..3000)
        .map(|i| format!("dòng {i} có chữ cũ a b\n"))
        .collect();
    let after: String = (0..3000)
        .map(|i| {
            if i % 10 == 0 {
                format!("dòng {i} có chữ mới c d\n")
            } else {
                format!("dòng {i} có chữ cũ a b\n")
            }
        })
        .collect();
    let ops = diff_words(&before, &after);
    assert_eq!(joined(&ops, "insert"), before);
    assert_eq!(joined(&ops, "delete"), after);
    assert_eq!(ops.iter().filter(|o| o.op == "insert").count(), 300);
    assert!(
        ops.iter()
            .filter(|o| o.op == "insert")
            .all(|o| o.text == "mới c d"),
        "{:?}",
        &ops[..6]
    );
}

/// The longest article of a real Vietnamese law in the fixtures: Điều 96 of Luật Đấu thầu 22/2023/QH15 as
/// consolidated (core/tests/fixtures/amend/luat-22-2023-qh15, SOURCE.md names where it was published).
fn longest_article() -> String {
    let text = include_str!("../../../tests/fixtures/amend/luat-22-2023-qh15/consolidated.txt");
    let start = text.find("\nĐiều 96.").map_or(0, |i| i + 1);
    text[start..].to_string()
}

#[test]
fn the_longest_real_article_diffs_fast() {
    let article = longest_article();
    assert!(article.len() > 50_000, "{}", article.len());
    // An amendment's kind of change: a few words in a few clauses.
    let amended = article
        .replacen("nhà thầu", "nhà thầu, nhà đầu tư", 3)
        .replacen("Điều", "Điều khoản", 2);
    // The worst kind: every word different (each word reversed), the same length.
    let rewritten: String = article
        .split(' ')
        .map(|w| w.chars().rev().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ");
    for (name, after) in [("amended", &amended), ("rewritten", &rewritten)] {
        let started = Instant::now();
        let ops = diff_words(&article, after);
        let took = started.elapsed();
        assert_eq!(joined(&ops, "insert"), article, "{name}");
        assert_eq!(&joined(&ops, "delete"), after, "{name}");
        eprintln!(
            "word diff of a {} byte article, {name}: {:?}, {} runs",
            article.len(),
            took,
            ops.len()
        );
        // Generous for a debug build on a shared machine; the release figure is in the report (tens of ms at most).
        assert!(took.as_secs() < 20, "{name}: {took:?}");
    }
}

proptest! {
    #[test]
    fn never_panics_and_gives_back_both_texts(before in "\\PC{0,80}", after in "\\PC{0,80}") {
        let ops = diff_words(&before, &after);
        prop_assert_eq!(joined(&ops, "insert"), before.clone());
        prop_assert_eq!(joined(&ops, "delete"), after.clone());
        for pair in ops.windows(2) {
            prop_assert_ne!(pair[0].op, pair[1].op);
        }
    }

    #[test]
    fn a_small_cap_falls_back_and_still_gives_back_both_texts(
        before in "[ a-cđ.\n]{0,80}",
        after in "[ a-cđ.\n]{0,80}",
        cap in 0usize..4,
    ) {
        // The fallbacks, exercised with a cap small enough to hit them on short texts.
        let (a, b) = (tokens(&before), tokens(&after));
        let ids = Interned::new(&a, &b);
        if let Some(script) = myers(&ids.a, &ids.b, cap) {
            prop_assert!(script.iter().filter(|t| **t != Tag::Equal).count() <= cap);
        }
        let mut out = Vec::new();
        by_lines(&a, &b, &mut out);
        let old: String = out.iter().filter(|(t, _)| *t != Tag::Insert).map(|(_, s)| *s).collect();
        let new: String = out.iter().filter(|(t, _)| *t != Tag::Delete).map(|(_, s)| *s).collect();
        prop_assert_eq!(old, before);
        prop_assert_eq!(new, after);
    }
}
