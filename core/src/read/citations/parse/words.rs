//! What a word of running text is, as the parser asks: a year, a document code, a word that
//! ends a Vietnamese title, a word written as one of a list (marks included).

use crate::text::fold::fold;

/// A year as titles carry it: four digits from 1600 on.
pub(super) fn is_year(word: &str) -> bool {
    word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) && word >= "1600"
}

/// A word that goes on with the sentence after a Vietnamese law's title (`Luật Đất đai và …`,
/// `… đã được sửa đổi`), compared as written (folded, `đã` would be `Đa` of `Đa dạng sinh học`).
pub(super) fn ends_vietnamese_title(word: &str) -> bool {
    written_is(
        word,
        &[
            "và", "hoặc", "của", "tại", "đã", "được", "thì", "có", "ngày", "số", "này", "để",
            "khi", "nếu", "mà", "trong", "do", "cho", "với", "là", "năm", "hiện", "về", "theo",
            "như", "đối", "các", "những",
        ],
    )
}

/// Whether `word` is one of `words` (lowercase), compared as written, marks included, to tell
/// apart words that folding makes one (`mức` and `Mục`, `đã` and `Đa`). A word in decomposed
/// form (NFD) is compared folded: composing it would bring Unicode's composition tables into the
/// browser build for a rare case.
pub(super) fn written_is(word: &str, words: &[&str]) -> bool {
    if word.chars().any(|c| matches!(c as u32, 0x300..=0x36F)) {
        let folded = fold(word);
        words.iter().any(|w| fold(w) == folded)
    } else {
        // Char by char, not `str::to_lowercase` (its final-sigma rule costs the browser build).
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        words.iter().any(|w| *w == lower)
    }
}

pub(super) fn starts_uppercase(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A document code is a word with a `/` that starts with its number: `45/2019/QH14`, `12/2020`.
/// Older Vietnamese codes put the issuer before the `/` (`36-NQ/TW`, `21-LCT/HĐNN8`); UK and
/// Canadian codes start with their type (`uksi/2005/263`, `SOR/2013-24`), then a number.
pub(super) fn is_doc_code(word: &str) -> bool {
    match word.split_once('/') {
        Some((kind, rest))
            if !kind.is_empty()
                && kind.bytes().all(|b| b.is_ascii_alphabetic())
                && rest.bytes().next().is_some_and(|b| b.is_ascii_digit()) =>
        {
            true
        }
        Some((number, rest)) => {
            let digits = number.bytes().take_while(u8::is_ascii_digit).count();
            let issuer = number.get(digits..).unwrap_or("");
            digits > 0
                && !rest.is_empty()
                && (issuer.is_empty()
                    || (issuer.len() > 1
                        && issuer.starts_with('-')
                        && issuer.chars().skip(1).all(char::is_alphanumeric)))
        }
        None => false,
    }
}
