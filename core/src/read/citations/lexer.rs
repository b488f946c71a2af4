//! Tokens of running text, with a cheap fold of each word for keyword lookup.
//!
//! One pass over the text. Words are runs of letters, digits and combining marks; `/`, `-`
//! and `_` stay inside a word when letters or digits follow them (`45/2019/QH14`,
//! `NĐ-CP`). Every other visible character is a punctuation token of its own.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::text::fold::fold;

/// A word or a punctuation mark, by byte range into the text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Keyword id of the folded word (see [`Keywords`]); [`NONE`] for punctuation and other words.
    pub id: u16,
    /// First token of its line.
    pub line_start: bool,
    /// No whitespace between this token and the one before.
    pub glued: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Word,
    Punct(char),
}

/// Id of words that are no keyword.
pub(super) const NONE: u16 = 0;

/// Longest folded keyword, in bytes; longer words are never looked up.
const MAX_KEYWORD: usize = 24;

/// FNV-1a: keywords are a few dozen short ASCII strings, so a simple deterministic hash is enough.
pub(super) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Folded words the scanner cares about, each with a small id.
///
/// Looked up once per word of the text, so the table is keyed by the first folded byte:
/// most words of a text start with a byte no keyword starts with, or differ in length.
pub(super) struct Keywords {
    by_first_byte: Vec<Vec<(Box<[u8]>, u16)>>,
    /// Keywords that fold to something outside ASCII (a user vocabulary in another script).
    others: HashMap<String, u16, BuildHasherDefault<Fnv>>,
    count: u16,
}

impl Keywords {
    pub fn new() -> Self {
        Self {
            by_first_byte: vec![Vec::new(); 128],
            others: HashMap::default(),
            count: 0,
        }
    }

    /// The id of `folded`, adding it if new. Ids start at 1.
    pub fn intern(&mut self, folded: &str) -> u16 {
        let bytes = folded.as_bytes();
        let bucket = match bytes.first() {
            Some(&b) if folded.is_ascii() && bytes.len() <= MAX_KEYWORD => {
                self.by_first_byte.get_mut(usize::from(b))
            }
            _ => None,
        };
        let existing = match &bucket {
            Some(list) => list.iter().find(|(k, _)| **k == *bytes).map(|&(_, id)| id),
            None => self.others.get(folded).copied(),
        };
        if let Some(id) = existing {
            return id;
        }
        self.count = self.count.saturating_add(1);
        let id = self.count;
        match bucket {
            Some(list) => list.push((bytes.into(), id)),
            None => {
                self.others.insert(folded.to_owned(), id);
            }
        }
        id
    }

    /// The id of a word of the text, or [`NONE`].
    pub fn lookup(&self, word: &str) -> u16 {
        let mut buf = [0u8; MAX_KEYWORD];
        match fold_ascii(word, &mut buf) {
            Folded::Ascii(len) => {
                let Some(key) = buf.get(..len) else {
                    return NONE;
                };
                let bucket = key
                    .first()
                    .and_then(|&b| self.by_first_byte.get(usize::from(b)));
                bucket
                    .and_then(|list| list.iter().find(|(k, _)| **k == *key))
                    .map_or(NONE, |&(_, id)| id)
            }
            Folded::TooLong => NONE,
            Folded::Other if !self.others.is_empty() => {
                self.others.get(&fold(word)).copied().unwrap_or(NONE)
            }
            Folded::Other => NONE,
        }
    }
}

enum Folded {
    Ascii(usize),
    TooLong,
    Other,
}

/// [`fold`] without allocation for words that fold to ASCII, which is every Vietnamese
/// and English word: a table maps each Latin letter to its folded form.
fn fold_ascii(word: &str, buf: &mut [u8; MAX_KEYWORD]) -> Folded {
    let table = latin_table();
    let mut len = 0;
    let mut push = |b: u8, len: &mut usize| match buf.get_mut(*len) {
        Some(slot) => {
            *slot = b;
            *len += 1;
            true
        }
        None => false,
    };
    for c in word.chars() {
        let code = c as u32;
        if c.is_ascii() {
            if !push(c.to_ascii_lowercase() as u8, &mut len) {
                return Folded::TooLong;
            }
        } else if (0x300..=0x36F).contains(&code) {
            // Combining marks of NFD input: dropped, as fold drops them.
        } else {
            let Some(&(a, b)) = latin_index(code).and_then(|i| table.get(i)) else {
                return Folded::Other;
            };
            if a == 0 {
                return Folded::Other;
            }
            if !push(a, &mut len) || (b != 0 && !push(b, &mut len)) {
                return Folded::TooLong;
            }
        }
    }
    Folded::Ascii(len)
}

// Latin-1 Supplement to Latin Extended-B, then Latin Extended Additional (Vietnamese).
const LATIN: [std::ops::RangeInclusive<u32>; 2] = [0xC0..=0x24F, 0x1E00..=0x1EFF];

fn latin_index(code: u32) -> Option<usize> {
    let i = match code {
        0xC0..=0x24F => code - 0xC0,
        0x1E00..=0x1EFF => code - 0x1E00 + (0x24F - 0xC0 + 1),
        _ => return None,
    };
    usize::try_from(i).ok()
}

/// Folded form of every precomposed Latin letter whose fold is one or two ASCII bytes;
/// `(0, 0)` for the others.
fn latin_table() -> &'static [(u8, u8)] {
    static TABLE: OnceLock<Vec<(u8, u8)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        LATIN
            .into_iter()
            .flatten()
            .map(|code| {
                let Some(c) = char::from_u32(code) else {
                    return (0, 0);
                };
                match fold(c.encode_utf8(&mut [0; 4])).as_bytes() {
                    [a] if a.is_ascii() => (*a, 0),
                    [a, b] if a.is_ascii() && b.is_ascii() => (*a, *b),
                    _ => (0, 0),
                }
            })
            .collect()
    })
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // Latin letters, Vietnamese included: skip the Unicode tables for the common case.
        0xD7 | 0xF7 => false,
        0xC0..=0x24F | 0x300..=0x36F | 0x1E00..=0x1EFF => true,
        _ => c.is_alphanumeric() || is_mark(c),
    }
}

/// Splits `text` into tokens, looking every word up in `keywords`.
pub(super) fn tokens(text: &str, keywords: &Keywords) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut chars = text.char_indices().peekable();
    let mut line_start = true;
    let mut prev_end = usize::MAX;
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            if c == '\n' {
                line_start = true;
            }
            continue;
        }
        let glued = i == prev_end;
        let (end, kind) = if is_word_char(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                let joins = matches!(d, '/' | '-' | '_')
                    && text
                        .get(j + 1..)
                        .and_then(|rest| rest.chars().next())
                        .is_some_and(char::is_alphanumeric);
                if !(is_word_char(d) || joins) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            (end, Kind::Word)
        } else {
            (i + c.len_utf8(), Kind::Punct(c))
        };
        let id = match kind {
            Kind::Word => keywords.lookup(text.get(i..end).unwrap_or_default()),
            Kind::Punct(_) => NONE,
        };
        out.push(Token {
            start: i,
            end,
            kind,
            id,
            line_start,
            glued,
        });
        line_start = false;
        prev_end = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn words(text: &str) -> Vec<&str> {
        tokens(text, &Keywords::new())
            .iter()
            .map(|t| text.get(t.start..t.end).unwrap_or("?"))
            .collect()
    }

    #[test]
    fn doc_codes_and_hyphenated_codes_stay_one_word() {
        assert_eq!(
            words("Nghị định 168/2024/NĐ-CP."),
            ["Nghị", "định", "168/2024/NĐ-CP", "."]
        );
        assert_eq!(words("5(1)(a)"), ["5", "(", "1", ")", "(", "a", ")"]);
        assert_eq!(words("a/ b"), ["a", "/", "b"]);
    }

    #[test]
    fn the_fast_fold_agrees_with_fold_on_nfc_and_nfd_words() {
        for w in [
            "Điều", "khoản", "ĐIỂM", "Tiểu", "Chương", "Ðiều", "đến", "hoặc",
        ] {
            for form in [w.to_string(), w.nfd().collect::<String>()] {
                let mut buf = [0; MAX_KEYWORD];
                let Folded::Ascii(len) = fold_ascii(&form, &mut buf) else {
                    panic!("{form} did not fold to ASCII");
                };
                assert_eq!(buf.get(..len).unwrap(), fold(&form).as_bytes(), "{form}");
            }
        }
    }

    #[test]
    fn keywords_are_found_in_any_case_and_form() {
        let mut k = Keywords::new();
        let id = k.intern("ddieu");
        assert_eq!(k.lookup("ĐIỀU"), id);
        assert_eq!(k.lookup(&"điều".nfd().collect::<String>()), id);
        assert_eq!(k.lookup("dieu"), NONE);
        assert_eq!(k.lookup(&"x".repeat(100)), NONE);
    }

    #[test]
    fn line_starts_and_glue_are_recorded() {
        let t = tokens("a b\n  c(d", &Keywords::new());
        let flags: Vec<_> = t.iter().map(|t| (t.line_start, t.glued)).collect();
        assert_eq!(
            flags,
            [
                (true, false),
                (false, false),
                (true, false),
                (false, true),
                (false, true)
            ]
        );
    }
}
