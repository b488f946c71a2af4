//! Folding and word splitting that remember where each piece came from in the input.

use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};

/// Folds human text for comparison: NFC, lowercase, `đ`/`Đ` → `dd`, Vietnamese vowel and tone marks dropped.
///
/// NFC and NFD inputs fold alike, and `fold(fold(x)) == fold(x)`. `đ` becomes `dd` everywhere
/// (Telex convention) so point `đ` never collides with point `d`; the look-alikes `Ð`/`ð`
/// (U+00D0/U+00F0, common in text converted from legacy Vietnamese encodings) count as `đ`.
/// Characters outside Vietnamese are only lowercased and stripped of U+0300–U+036F marks.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        // Same result, without the Unicode tables: most labels, codes and addresses are ASCII.
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut |f| out.push(f));
    }
    nfc(&out)
}

/// NFC: what `unicode_normalization`'s `s.nfc().collect::<String>()` answers, step for step (its
/// `Decompositions` and `Recompositions`, written out for canonical forms only). Its iterator
/// chooses canonical or compatibility decomposition at run time, which links the compatibility
/// tables (~62 KB, ~29 KB gzipped) into every build. The core's one NFC (the cut's lines and
/// defects too); `nfc_is_the_crates_nfc` holds it to the crate's.
pub(crate) fn nfc(s: &str) -> String {
    // Canonical decomposition, each run of non-starters in stable order of combining class.
    let mut decomposed: Vec<(u8, char)> = Vec::with_capacity(s.len());
    let mut pending = 0;
    for c in s.chars() {
        decompose_canonical(c, |d| {
            let class = canonical_combining_class(d);
            if class == 0 {
                decomposed[pending..].sort_by_key(|k| k.0);
                decomposed.push((0, d));
                pending = decomposed.len();
            } else {
                decomposed.push((class, d));
            }
        });
    }
    decomposed[pending..].sort_by_key(|k| k.0);

    // Canonical composition: each character onto the last starter (`composee`) unless blocked.
    let mut out = String::with_capacity(s.len());
    let mut composee: Option<char> = None;
    let mut last_class: Option<u8> = None;
    let mut blocked: Vec<char> = Vec::new();
    for (class, ch) in decomposed {
        let Some(k) = composee else {
            if class == 0 {
                composee = Some(ch);
            } else {
                out.push(ch);
            }
            continue;
        };
        match last_class {
            None => match compose(k, ch) {
                Some(r) => composee = Some(r),
                None if class == 0 => {
                    composee = Some(ch);
                    out.push(k);
                }
                None => {
                    blocked.push(ch);
                    last_class = Some(class);
                }
            },
            Some(l) if l >= class => {
                // `ch` is blocked from `composee`.
                if class == 0 {
                    composee = Some(ch);
                    last_class = None;
                    out.push(k);
                    out.extend(blocked.drain(..));
                } else {
                    blocked.push(ch);
                    last_class = Some(class);
                }
            }
            Some(_) => match compose(k, ch) {
                Some(r) => composee = Some(r),
                None => {
                    blocked.push(ch);
                    last_class = Some(class);
                }
            },
        }
    }
    out.extend(composee);
    out.extend(blocked);
    out
}

/// Folded characters, each paired with the byte offset of the input character it came from.
pub(crate) fn fold_with_offsets(s: &str) -> Vec<(usize, char)> {
    let mut out = Vec::with_capacity(s.len());
    for (at, c) in s.char_indices() {
        fold_char(c, &mut |f| out.push((at, f)));
    }
    out
}

// Decompose, lowercase, decompose again (lowercasing can produce marks), drop marks, spell out đ.
pub(crate) fn fold_char(c: char, emit: &mut impl FnMut(char)) {
    // ASCII folds to itself lowercased: the fast path for most of a legal text.
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    if let Some(folded) = latin(c) {
        folded.chars().for_each(emit);
        return;
    }
    fold_char_in_full(c, emit);
}

/// The Latin letters legal texts are written in beside ASCII: Latin-1 to Latin Extended-B
/// (U+0080–U+024F) and Vietnamese's ạ…ỹ (U+1E00–U+1EFF).
const LATIN: [std::ops::Range<u32>; 2] = [0x80..0x250, 0x1E00..0x1F00];

/// [`fold_char`] of a letter of [`LATIN`], worked out once by [`fold_char_in_full`]: the
/// Unicode tables cost a few hundred instructions a letter, and a Vietnamese text asks for
/// one at nearly every word.
fn latin(c: char) -> Option<&'static Folded> {
    static TABLE: std::sync::OnceLock<Vec<Folded>> = std::sync::OnceLock::new();
    let code = u32::from(c);
    let mut index = 0;
    for range in LATIN {
        if range.contains(&code) {
            let at = usize::try_from(index + code - range.start).ok()?;
            let table = TABLE.get_or_init(|| {
                LATIN
                    .into_iter()
                    .flatten()
                    .map(|code| Folded::of(char::from_u32(code).unwrap_or_default()))
                    .collect()
            });
            return table.get(at).filter(|f| f.len > 0);
        }
        index += range.end - range.start;
    }
    None
}

/// A letter folded: one to three characters (`đ` → `dd`), or none held (`len` 0) for one that
/// folds to none or more, which is folded in full each time.
#[derive(Clone, Copy)]
struct Folded {
    len: u8,
    chars: [char; 3],
}

impl Folded {
    fn of(c: char) -> Folded {
        let mut folded = Folded {
            len: 0,
            chars: ['\0'; 3],
        };
        let mut all = Vec::new();
        fold_char_in_full(c, &mut |f| all.push(f));
        if (1..=3).contains(&all.len()) {
            for (slot, f) in folded.chars.iter_mut().zip(&all) {
                *slot = *f;
            }
            folded.len = u8::try_from(all.len()).unwrap_or(0);
        }
        folded
    }

    fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.chars.iter().take(usize::from(self.len)).copied()
    }
}

/// [`fold_char`] through the Unicode tables.
fn fold_char_in_full(c: char, emit: &mut impl FnMut(char)) {
    decompose_canonical(c, |d| {
        for lower in d.to_lowercase() {
            decompose_canonical(lower, |m| match m {
                '\u{0300}'..='\u{036F}' => {}
                'đ' | 'Đ' | 'ð' | 'Ð' => {
                    emit('d');
                    emit('d');
                }
                _ => emit(m),
            });
        }
    });
}

/// A word of the input: its byte range and its folded text.
#[derive(Debug, Clone)]
pub(crate) struct Word<'a> {
    pub start: usize,
    pub text: &'a str,
    pub folded: String,
}

impl Word<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// Splits `s` into words at characters for which `is_separator` holds.
pub(crate) fn words(s: &str, is_separator: impl Fn(char) -> bool) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (is_separator(c), start) {
            (true, Some(from)) => {
                out.extend(word(s, from, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(from) = start {
        out.extend(word(s, from, s.len()));
    }
    out
}

fn word(s: &str, from: usize, to: usize) -> Option<Word<'_>> {
    let text = s.get(from..to)?;
    Some(Word {
        start: from,
        text,
        folded: fold(text),
    })
}

/// The original character at byte `at` of `s`, for error messages.
pub(crate) fn char_at(s: &str, at: usize) -> char {
    s.get(at..)
        .and_then(|t| t.chars().next())
        .unwrap_or('\u{FFFD}')
}

/// How many words the longest of `folded_phrases` covers at the start of `words`.
pub(crate) fn match_phrase(folded_phrases: &[String], words: &[Word<'_>]) -> Option<usize> {
    folded_phrases
        .iter()
        .filter(|p| starts_with_phrase(words, p))
        .map(|p| p.split_whitespace().count())
        .max()
}

pub(crate) fn starts_with_phrase(words: &[Word<'_>], folded_phrase: &str) -> bool {
    let parts: Vec<&str> = folded_phrase.split_whitespace().collect();
    !parts.is_empty()
        && words.len() >= parts.len()
        && parts.iter().zip(words).all(|(p, w)| *p == w.folded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn a_latin_letter_folds_as_the_unicode_tables_fold_it() {
        let mut held = 0;
        for code in LATIN.into_iter().flatten() {
            let c = char::from_u32(code).unwrap();
            let (mut fast, mut full) = (Vec::new(), Vec::new());
            fold_char(c, &mut |f| fast.push(f));
            fold_char_in_full(c, &mut |f| full.push(f));
            assert_eq!(fast, full, "U+{code:04X}");
            held += usize::from(latin(c).is_some());
        }
        // Every one of them is held, so none goes through the tables again.
        assert_eq!(held, 0x250 - 0x80 + 0x100);
        assert_eq!(
            latin('đ').map(|f| f.chars().collect::<String>()),
            Some("dd".into())
        );
        assert!(latin('a').is_none() && latin('\u{0301}').is_none() && latin('ꙁ').is_none());
    }

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    #[test]
    fn fold_drops_vietnamese_vowel_and_tone_marks() {
        assert_eq!(fold("Tiểu mục"), "tieu muc");
        assert_eq!(fold("Chương"), "chuong");
        assert_eq!(fold("Phần thứ nhất"), "phan thu nhat");
        assert_eq!(fold("mười lăm"), "muoi lam");
        assert_eq!(fold("NGHỊ QUYẾT"), "nghi quyet");
    }

    #[test]
    fn fold_spells_d_with_stroke_as_dd_so_it_never_collides_with_d() {
        assert_eq!(fold("Điều"), "ddieu");
        assert_eq!(fold("điểm đ"), "ddiem dd");
        assert_eq!(fold("NĐ-CP"), "ndd-cp");
        assert_ne!(fold("đ"), fold("d"));
    }

    #[test]
    fn fold_reads_the_eth_look_alike_as_d_with_stroke() {
        assert_eq!(fold("Ðiều"), "ddieu");
        assert_eq!(fold("ðiều"), "ddieu");
    }

    #[test]
    fn fold_gives_the_same_result_for_nfc_and_nfd_input() {
        for s in [
            "Điều 44",
            "Khoản 1a",
            "Tiểu mục 2",
            "hai mươi mốt",
            "Bộ luật",
        ] {
            assert_eq!(fold(&nfd(s)), fold(s), "{s}");
            assert_ne!(
                nfd(s),
                s.nfc().collect::<String>(),
                "test input {s} must differ in NFD"
            );
        }
    }

    #[test]
    fn fold_keeps_other_scripts_in_nfc() {
        assert_eq!(fold("한국"), "한국");
        assert_eq!(fold("ΣΟΦΙΑ"), "σοφια");
    }

    #[test]
    fn folded_characters_remember_their_input_offsets() {
        let chars = fold_with_offsets("Đa");
        assert_eq!(chars, vec![(0, 'd'), (0, 'd'), (2, 'a')]);
        let chars = fold_with_offsets(&nfd("ế1"));
        assert_eq!(chars, vec![(0, 'e'), (5, '1')]);
    }

    #[test]
    fn words_split_at_separators_and_keep_byte_ranges() {
        let w = words("  Điều 44,khoản 1 ", |c| c.is_whitespace() || c == ',');
        let got: Vec<_> = w
            .iter()
            .map(|w| (w.start, w.text, w.folded.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "Điều", "ddieu"),
                (10, "44", "44"),
                (13, "khoản", "khoan"),
                (21, "1", "1")
            ]
        );
        assert_eq!(w[1].end(), 12);
    }

    fn vietnamese_text() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9 ĐđÐðăâêôơưÂĂÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ\u{0300}\u{0301}\u{0303}\u{0309}\u{0323}\u{031B}\u{0306}\u{0302}]{0,30}"
    }

    #[test]
    fn nfc_is_the_crates_nfc_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(nfc(&s), s.nfc().collect::<String>(), "U+{:04X}", c as u32);
        }
    }

    /// Starters that compose, Hangul jamo, and marks of several combining classes (220 below,
    /// 230 above, 216 horn, 202 cedilla, 1 overlay, 9 virama), in any order: reordering, blocking
    /// and composing across blocked marks.
    fn composing_text() -> impl Strategy<Value = String> {
        "[aeAEoOuUiyscCnNzZ \u{1100}\u{1161}\u{11A8}\u{AC00}\u{0915}ăâêôơưÅåǺ\u{0300}\u{0301}\u{0302}\u{0303}\u{0306}\u{0308}\u{0309}\u{030A}\u{031B}\u{0323}\u{0327}\u{0328}\u{0334}\u{094D}\u{0338}\u{0345}\u{05B0}\u{0F71}\u{0F72}]{0,24}"
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]

        #[test]
        fn nfc_is_the_crates_nfc(s in any::<String>()) {
            prop_assert_eq!(nfc(&s), s.nfc().collect::<String>());
        }

        #[test]
        fn nfc_is_the_crates_nfc_on_composing_text(s in composing_text()) {
            prop_assert_eq!(nfc(&s), s.nfc().collect::<String>());
            let d: String = s.nfd().collect();
            prop_assert_eq!(nfc(&d), d.nfc().collect::<String>());
        }
    }

    proptest! {
        #[test]
        fn fold_is_idempotent_on_any_string(s in any::<String>()) {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once);
        }

        #[test]
        fn fold_is_idempotent_on_vietnamese_text(s in vietnamese_text()) {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
            prop_assert_eq!(fold(&nfd(&s)), once);
        }
    }
}
