//! Document codes (`45/2019/QH14` → `45-2019-qh14`) and the words that name a kind of document.

use crate::text::address::MAX_LEN;
use crate::text::fold::{char_at, fold_with_offsets};
use crate::text::normalize_error::{NormalizeError, NormalizeErrorKind as K};

/// Words that name a kind of document (`Luật`, `Nghị định`, `Act` …): one list for
/// normalizing a citation and for finding citations in running text.
pub(crate) const DOCUMENT_TYPES: &[&str] = &[
    "Luật",
    "Bộ luật",
    "Nghị định",
    "Thông tư",
    "Thông tư liên tịch",
    "Quyết định",
    "Nghị quyết",
    "Nghị quyết liên tịch",
    "Pháp lệnh",
    "Lệnh",
    "Chỉ thị",
    "Hiến pháp",
    "Văn bản hợp nhất",
    "Act",
    "Regulation",
    "Regulations",
    "Rules",
    "Code",
    "Law",
    "Directive",
    "Decree",
    "Ordinance",
    "Constitution",
];

/// A document code as published (`168/2024/NĐ-CP`) to its slug (`168-2024-ndd-cp`).
///
/// Folds the text, turns `/ . _ -` and whitespace into single hyphens and trims them.
pub fn normalize_doc_code(raw: &str) -> Result<String, NormalizeError> {
    let mut slug = String::new();
    let mut pending_hyphen = false;
    for (at, c) in fold_with_offsets(raw) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c);
            if slug.len() > MAX_LEN {
                return Err(NormalizeError::new(K::DocCodeTooLong, at));
            }
        } else if matches!(c, '/' | '.' | '_' | '-') || c.is_whitespace() {
            pending_hyphen = true;
        } else {
            let found = char_at(raw, at);
            return Err(NormalizeError::new(
                K::InvalidDocCodeCharacter { found },
                at,
            ));
        }
    }
    if slug.is_empty() {
        return Err(NormalizeError::new(K::EmptyDocCode, 0));
    }
    Ok(slug)
}
