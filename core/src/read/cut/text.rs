//! Character-level helpers of the segmenter: spaces, folding without allocation,
//! page numbers, quotes and signature markers.

/// Whitespace as it appears in real documents, including a stray BOM or zero-width space.
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}')
}

/// `trim_matches(is_space)` and its one-sided forms, an end looked at first: nearly every
/// line starts and ends with a visible character, and the char searcher behind
/// `trim_matches` costs more than that look (several trims run on every line).
pub(super) trait TrimSpace {
    fn trim_space(&self) -> &str;
    fn trim_start_space(&self) -> &str;
    fn trim_end_space(&self) -> &str;
}

impl TrimSpace for str {
    fn trim_space(&self) -> &str {
        self.trim_start_space().trim_end_space()
    }

    fn trim_start_space(&self) -> &str {
        let space = match self.as_bytes().first() {
            None => false,
            Some(&b) if b.is_ascii() => is_ascii_space(b),
            Some(_) => self.chars().next().is_some_and(is_space),
        };
        if space {
            self.trim_start_matches(is_space)
        } else {
            self
        }
    }

    fn trim_end_space(&self) -> &str {
        // A last byte below 0x80 is a whole character.
        let space = match self.as_bytes().last() {
            None => false,
            Some(&b) if b.is_ascii() => is_ascii_space(b),
            Some(_) => self.chars().next_back().is_some_and(is_space),
        };
        if space {
            self.trim_end_matches(is_space)
        } else {
            self
        }
    }
}

// `is_space` of an ASCII byte: tab, line feed, vertical tab, form feed, carriage return, space.
fn is_ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

pub(super) use crate::text::fold::fold_char;

/// The folded form of `s`, for the vocabulary side of comparisons.
pub(super) fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut |f| out.push(f));
    }
    out
}

/// True when `s` folds to exactly `folded` (from [`fold_str`]).
pub(super) fn folded_eq(s: &str, folded: &str) -> bool {
    folded_prefix(s, folded) == Some(true)
}

/// True when `s` folded starts with `folded`.
pub(super) fn folded_starts_with(s: &str, folded: &str) -> bool {
    folded_prefix(s, folded).is_some()
}

// Some(exact) when `folded` is a prefix of fold(s); stops at the first mismatch.
fn folded_prefix(s: &str, folded: &str) -> Option<bool> {
    if s.is_ascii() && folded.is_ascii() {
        let head = s.get(..folded.len())?;
        return head
            .eq_ignore_ascii_case(folded)
            .then_some(s.len() == folded.len());
    }
    let mut expected = folded.chars();
    let mut matched = true;
    let mut done = false;
    let mut chars = s.chars();
    for c in chars.by_ref() {
        fold_char(c, &mut |f| {
            if !matched || done {
                return;
            }
            match expected.next() {
                Some(e) if e == f => {}
                Some(_) => matched = false,
                None => done = true,
            }
        });
        if !matched {
            return None;
        }
        if done {
            return Some(false);
        }
    }
    if expected.next().is_some() {
        return None;
    }
    Some(true)
}

/// The first folded character of `s`, for cheap rejection before comparing words.
pub(super) fn first_folded(s: &str) -> Option<char> {
    let c = s.chars().next()?;
    let mut first = None;
    fold_char(c, &mut |f| {
        first.get_or_insert(f);
    });
    first
}

/// `s` folded, inner spaces collapsed and a closing `.` or `:` dropped, for whole-line markers.
pub(super) fn fold_line(s: &str) -> String {
    let folded = fold_str(s.trim_space());
    let words: Vec<&str> = folded.split(is_space).filter(|w| !w.is_empty()).collect();
    words.join(" ").trim_end_matches(['.', ':']).to_owned()
}

/// True when `s` has letters and none of them is lowercase (`NHỮNG QUY ĐỊNH CHUNG`).
pub(super) fn is_all_caps(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// Page furniture: a line that is only a number, `- 12 -`, `Trang 3`, `Trang 3/45`, `Page 3 of 10`.
pub(super) fn is_page_number(t: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits(t) {
        return true;
    }
    let dash = |c: char| matches!(c, '-' | '–' | '—');
    if t.starts_with(dash) && t.ends_with(dash) {
        return digits(t.trim_matches(|c| dash(c) || is_space(c)));
    }
    // Asked of every line: most start with neither word, which their first letter shows.
    if !t.trim_start_space().starts_with(['t', 'T', 'p', 'P']) {
        return false;
    }
    let mut words = t.split(is_space).filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return false;
    };
    if !(first.eq_ignore_ascii_case("trang") || first.eq_ignore_ascii_case("page")) {
        return false;
    }
    let rest: Vec<&str> = words.collect();
    let page_of = |s: &str| {
        let (a, b) = s.split_once('/').unwrap_or((s, "0"));
        digits(a) && digits(b)
    };
    match rest.as_slice() {
        [n] => page_of(n),
        [n, of, m] => {
            digits(n)
                && digits(m)
                && (of.eq_ignore_ascii_case("of") || folded_eq(of, "tren") || *of == "/")
        }
        _ => false,
    }
}

/// Opening quotation marks that start quoted text (an amendment's new wording).
pub(super) fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '«' | '"')
}

// Folded names of the documents Vietnamese texts cite (`Luật Đất đai`, `Nghị định số …`).
const DOCUMENT_NAMES: [&str; 12] = [
    "bo luat",
    "luat",
    "nghi ddinh",
    "thong tu",
    "quyet ddinh",
    "nghi quyet",
    "phap lenh",
    "hien phap",
    "van ban",
    "quy che",
    "quy ddinh",
    "chi thi",
];

/// True when `after` (the text after an article's number, which no `.` closes) starts by
/// naming a document — a document name followed by `này`, `số`, a number, a capitalised name
/// or nothing (`Luật Đất đai;`, `Nghị định này`, `Nghị định số 47/2021/NĐ-CP`): then
/// `Điều 45 Luật Đất đai;` is a cross-reference wrapped onto its own line, not a heading.
/// A title that merely starts with such a word stays one (`Điều 5 Luật áp dụng`, `Chương II
/// QUY ĐỊNH CỤ THỂ`).
pub(super) fn names_a_document(after: &str) -> bool {
    let words: Vec<&str> = after
        .split(is_space)
        .filter(|w| !w.is_empty())
        .take(3)
        .collect();
    DOCUMENT_NAMES.iter().any(|name| {
        let k = name.split(' ').count();
        let Some(head) = words.get(..k) else {
            return false;
        };
        let named = head
            .iter()
            .zip(name.split(' '))
            .all(|(w, n)| folded_eq(w.trim_end_matches(['.', ',', ';', ':', ')']), n));
        // Cited names are written `Luật`, `Nghị định`; `QUY ĐỊNH CHUNG` in capitals is a title.
        named
            && !head.iter().all(|w| is_all_caps(w))
            && match words.get(k) {
                None => true,
                Some(next) => {
                    let bare = next.trim_start_matches('(');
                    bare.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                        || folded_eq(bare.trim_end_matches(['.', ',', ';', ':', ')']), "nay")
                        || folded_eq(bare.trim_end_matches(['.', ',', ';', ':', ')']), "so")
                }
            }
    })
}

// Folded line starts that begin the signature block of a Vietnamese or English act.
const SIGNATURE_STARTS: [&str; 13] = [
    "tm.",
    "tm ",
    "t/m",
    "kt.",
    "tl.",
    "tuq.",
    "(dda ky",
    "noi nhan",
    "in witness whereof",
    "(signed)",
    "signed:",
    "by order of",
    "by command of",
];

/// True for the first line of a signature block or closing formula (see the module docs of `cut`).
pub(super) fn is_signature_marker(t: &str, first: Option<char>) -> bool {
    let mut starts = SIGNATURE_STARTS
        .iter()
        .filter(|m| first.is_some_and(|f| m.starts_with(f)));
    if starts.any(|m| folded_starts_with(t, m)) {
        return true;
    }
    // "Luật này đã được Quốc hội … thông qua ngày …": the enacting formula after the last article.
    let passed = t.contains("thông qua") || t.contains("THÔNG QUA") || t.contains("was passed");
    if !passed {
        return false;
    }
    let folded = fold_str(t);
    let head = folded
        .char_indices()
        .nth(48)
        .map_or(folded.as_str(), |(i, _)| folded.get(..i).unwrap_or(""));
    // With or without `đã`: `Nghị quyết này được Quốc hội … thông qua ngày …`.
    head.contains(" nay dda dduoc ")
        || head.contains(" nay dduoc ")
        || head.starts_with("this act was passed")
}

/// An appendix's or form's title, as Vietnamese texts print them after the signature:
/// `PHỤ LỤC`, `Phụ lục I (Ban hành kèm theo …)`, `PHỤ LỤC A: MẪU …`, `Phụ lục 4: Phiếu …`,
/// `Mẫu số 05. Văn bản …`. `Some(true)` when `PHỤ LỤC` is printed in capitals, which no sentence
/// of a provision starts with; `None` for any other line.
pub(super) fn appendix_title(t: &str) -> Option<bool> {
    // Folding the whole line only for a line that can be one (most lines of any text are not).
    if !folded_starts_with(t, "phu luc") && !folded_starts_with(t, "mau so") {
        return None;
    }
    let folded = fold_str(t);
    let rest = ["phu luc", "mau so"]
        .iter()
        .find_map(|w| folded.strip_prefix(w))?;
    // The word ends there, and what follows is an ordinal, a `:` or `(`, or nothing.
    let next = rest.trim_start_matches(is_space);
    if rest.len() == next.len() && !rest.is_empty() && !rest.starts_with([':', '(', '.']) {
        return None;
    }
    let head: String = t.chars().take(7).collect();
    let capitals = folded.starts_with("phu luc") && is_all_caps(&head);
    if capitals {
        // `PHỤ LỤC I18`, `PHỤ LỤC DANH MỤC …`: in capitals it is a title whatever follows.
        return Some(true);
    }
    let token: String = next.chars().take_while(|c| c.is_alphanumeric()).collect();
    let after = next.get(token.len()..).unwrap_or("");
    let ordinal = !token.is_empty()
        && (token.bytes().all(|b| b.is_ascii_digit())
            || token.chars().all(|c| "ivxlc".contains(c))
            || token.chars().count() == 1)
        && (after.is_empty() || after.starts_with([' ', ':', '.', '(', ')', '\t']));
    if !(next.is_empty() || next.starts_with([':', '(']) || ordinal) {
        return None;
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn ascii_space_is_is_space_on_ascii() {
        for b in 0..0x80u8 {
            assert_eq!(is_ascii_space(b), is_space(char::from(b)), "{b:#x}");
        }
    }

    proptest::proptest! {
        #[test]
        fn trims_are_trim_matches_is_space(s in "[ \t\r\n\u{0B}\u{0C}\u{A0}\u{2003}\u{FEFF}\u{200B}\u{3000}aĐ.]{0,12}") {
            proptest::prop_assert_eq!(s.trim_space(), s.trim_matches(is_space));
            proptest::prop_assert_eq!(s.trim_start_space(), s.trim_start_matches(is_space));
            proptest::prop_assert_eq!(s.trim_end_space(), s.trim_end_matches(is_space));
        }
    }

    #[test]
    fn folding_matches_the_crate_fold_for_vietnamese_words() {
        for w in [
            "Điều", "ĐIỀU", "Tiểu", "mục", "Chương", "PHẦN", "thứ", "Ðiều",
        ] {
            assert_eq!(fold_str(w), crate::text::fold::fold(w), "{w}");
            let nfd: String = w.nfd().collect();
            assert_eq!(fold_str(&nfd), crate::text::fold::fold(w), "NFD {w}");
        }
    }

    #[test]
    fn folded_comparisons_ignore_case_and_marks_but_not_the_stroke_of_d() {
        assert!(folded_eq("ĐIỀU", "ddieu"));
        assert!(folded_eq("Điều", "ddieu"));
        assert!(!folded_eq("Dieu", "ddieu"));
        assert!(!folded_eq("Điều5", "ddieu"));
        assert!(!folded_eq("Điề", "ddieu"));
        assert!(folded_starts_with("TM. QUỐC HỘI", "tm."));
        assert!(folded_starts_with("(Đã ký)", "(dda ky"));
        assert!(!folded_starts_with("(Đ", "(dda ky"));
        assert_eq!(first_folded("Điều"), Some('d'));
        assert_eq!(first_folded(""), None);
    }

    #[test]
    fn appendix_titles_are_recognised_and_sentences_are_not() {
        for (t, caps) in [
            ("PHỤ LỤC", true),
            ("PHỤ LỤC:", true),
            ("PHỤ LỤC A: MẪU VĂN BẢN", true),
            ("PHỤ LỤC I18", true),
            (
                "PHỤ LỤC (Ban hành kèm theo Nghị quyết số 96/2023/QH15)",
                true,
            ),
            (
                "Phụ lục I (Ban hành kèm theo Nghị định số 89/2024/NĐ-CP)",
                false,
            ),
            ("Phụ lục 4: Phiếu sử dụng", false),
            ("Mẫu số 05. Văn bản đề nghị đổi Giấy phép", false),
        ] {
            assert_eq!(appendix_title(t), Some(caps), "{t}");
        }
        for t in [
            "Phụ lục này quy định",
            "Phụ lục kèm theo",
            "Mẫu số liệu",
            "Phụ lục ban hành kèm theo",
            "Mẫu",
        ] {
            assert_eq!(appendix_title(t), None, "{t}");
        }
    }

    #[test]
    fn page_furniture_is_recognised_and_numbered_text_is_not() {
        for t in [
            "12",
            "- 12 -",
            "– 3 –",
            "Trang 3",
            "TRANG 3/45",
            "Page 3 of 10",
            "Trang 2 trên 9",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in [
            "1.",
            "a)",
            "- Như Điều 3;",
            "Trang phục",
            "Page",
            "12 tháng",
            "-",
        ] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn signature_markers_cover_vietnamese_and_english_closings() {
        for t in [
            "TM. QUỐC HỘI",
            "KT. BỘ TRƯỞNG",
            "(Đã ký)",
            "Nơi nhận:",
            "Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIV, kỳ họp thứ 8 thông qua ngày 20 tháng 11 năm 2019.",
            "IN WITNESS WHEREOF the parties have signed",
        ] {
            assert!(is_signature_marker(t, first_folded(t)), "{t}");
        }
        for t in [
            "Tổ chức đại diện người lao động",
            "Dự án đã được Hội đồng thẩm định thông qua trước khi trình.",
            "Thời hạn",
        ] {
            assert!(!is_signature_marker(t, first_folded(t)), "{t}");
        }
    }
}
