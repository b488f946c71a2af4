//! Ordinal sequences: where an ordinal sits in its numbering, and whether it follows the previous one.
//!
//! Arabic, Roman and spelled ordinals are canonically arabic: `10` < `10a` < `10b` < `11`.
//! Letter ordinals follow the alphabet of the vocabulary's language: Vietnamese points run
//! a b c d đ e g h i k l m n o p q r s t u v x y (no f j w z), other languages a–z;
//! a digit suffix inserts after its letter (`a` < `a1` < `a2` < `b`).

use crate::text::roman::to_roman;
use crate::text::vocabulary::OrdinalStyle;

const VIETNAMESE: [&str; 23] = [
    "a", "b", "c", "d", "dd", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y",
];
const LATIN: [&str; 26] = [
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s",
    "t", "u", "v", "w", "x", "y", "z",
];

/// The letters of point-like ordinals, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Alphabet {
    Vietnamese,
    Latin,
}

impl Alphabet {
    pub(crate) fn for_language(language: &str) -> Self {
        let primary = language.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("vi") {
            Alphabet::Vietnamese
        } else {
            Alphabet::Latin
        }
    }

    fn letters(self) -> &'static [&'static str] {
        match self {
            Alphabet::Vietnamese => &VIETNAMESE,
            Alphabet::Latin => &LATIN,
        }
    }

    /// The letters written out for messages (`a b c d đ e …`).
    pub fn spelled(self) -> String {
        let shown: Vec<String> = (1..=self.letters().len())
            .filter_map(|n| u32::try_from(n).ok())
            .map(|n| self.show(n))
            .collect();
        shown.join(" ")
    }

    // 1-based position of a canonical letter ("dd" is đ).
    fn position(self, letters: &str) -> Option<u32> {
        let i = self.letters().iter().position(|l| *l == letters)?;
        u32::try_from(i + 1).ok()
    }

    // The human form of the n-th letter: canonical "dd" is written đ.
    fn show(self, n: u32) -> String {
        let i = usize::try_from(n).unwrap_or(0).wrapping_sub(1);
        match self.letters().get(i) {
            Some(&"dd") => "đ".into(),
            Some(l) => (*l).into(),
            None => n.to_string(),
        }
    }
}

/// Where an ordinal sits: its number in the sequence and its insertion suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rank {
    base: u32,
    /// Letters after an arabic number (`10a`), digits after a letter (`a1`); empty for most.
    suffix: String,
}

impl Rank {
    /// The rank as a sort key: number first, then the insertion suffix (`10` < `10a` < `11`).
    pub(crate) fn key(self) -> (u32, String) {
        (self.base, self.suffix)
    }

    /// The number in the sequence (`đ` is 5 among Vietnamese points).
    pub(crate) fn base(&self) -> u32 {
        self.base
    }

    /// The insertion suffix (`a` of `10a`), empty for most ordinals.
    pub(crate) fn suffix(&self) -> &str {
        &self.suffix
    }
}

/// How an ordinal follows the previous one of the same type under the same parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    /// The expected next one (or the first one, if there was none before).
    Next,
    /// Skips numbers: `missing` is the first and last base that were skipped.
    Gap { from: u32, to: u32 },
    /// Goes back, or repeats, the numbering.
    Backwards,
}

/// The rank of a canonical ordinal; `None` when it is not in the sequence (`f` among Vietnamese points).
pub(crate) fn rank(style: OrdinalStyle, alphabet: Alphabet, canonical: &str) -> Option<Rank> {
    match style {
        OrdinalStyle::DoubleLetter | OrdinalStyle::DoubleCapital => {
            // aa bb … zz, then aaa: the n-th doubled letter.
            let first = canonical.bytes().next()?;
            let repeats = u32::try_from(canonical.len()).ok()?;
            if repeats < 2 || !canonical.bytes().all(|b| b == first) {
                return None;
            }
            let letter = Alphabet::Latin.position(&canonical[..1])?;
            Some(Rank {
                base: (repeats - 2) * 26 + letter,
                suffix: String::new(),
            })
        }
        // A number after a label (`PART 1—` where the style is `PART A—`) ranks as a number.
        OrdinalStyle::UpperLetter if canonical.starts_with(|c: char| c.is_ascii_digit()) => {
            rank(OrdinalStyle::Arabic, alphabet, canonical)
        }
        OrdinalStyle::Letter | OrdinalStyle::UpperLetter => {
            // Capital letters (US subparagraphs) run through the Latin alphabet.
            let alphabet = if style == OrdinalStyle::UpperLetter {
                Alphabet::Latin
            } else {
                alphabet
            };
            let split = canonical
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(canonical.len());
            let (letters, digits) = canonical.split_at(split);
            Some(Rank {
                base: alphabet.position(letters)?,
                suffix: digits.into(),
            })
        }
        // A defined term has no place in a sequence: definitions are never out of order.
        OrdinalStyle::Term => None,
        OrdinalStyle::Arabic
        | OrdinalStyle::Roman
        | OrdinalStyle::Spelled
        | OrdinalStyle::LowerRoman
        | OrdinalStyle::UpperRoman => {
            let split = canonical
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(canonical.len());
            let (digits, letters) = canonical.split_at(split);
            Some(Rank {
                base: digits.parse().ok()?,
                suffix: letters.into(),
            })
        }
    }
}

/// How `current` follows `previous` (`None`: it is the first of its kind under its parent).
pub(super) fn step(previous: Option<&Rank>, current: &Rank) -> Step {
    let Some(prev) = previous else {
        return match (current.base, current.suffix.is_empty()) {
            (1, true) => Step::Next,
            (1, false) => Step::Gap { from: 1, to: 1 },
            (base, _) => Step::Gap {
                from: 1,
                to: base.saturating_sub(1),
            },
        };
    };
    if current.base == prev.base {
        return match (prev.suffix.is_empty(), current.suffix.is_empty()) {
            // An amendment insertion right after its base: 10 → 10a.
            (true, false) => Step::Next,
            (false, false) if suffix_after(&current.suffix, &prev.suffix) => Step::Next,
            _ => Step::Backwards,
        };
    }
    if current.base < prev.base {
        return Step::Backwards;
    }
    if current.base == prev.base.saturating_add(1) && current.suffix.is_empty() {
        return Step::Next;
    }
    let to = if current.suffix.is_empty() {
        current.base.saturating_sub(1)
    } else {
        current.base
    };
    Step::Gap {
        from: prev.base.saturating_add(1),
        to,
    }
}

// Digit suffixes compare as numbers (a2 < a10); decimal ones (`p1` of `3.1`) as decimal
// fractions, level by level: 3.01 < 3.1 < 3.1.1 < 3.11 < 3.2; letter suffixes by length then
// alphabet (the US Code's `1395z` < `1395aa`) or as the UK inserts them (`7za` < `7a` < `7aa` <
// `7b`): either order continues the sequence.
fn suffix_after(current: &str, previous: &str) -> bool {
    if let (Some(c), Some(p)) = (decimal_levels(current), decimal_levels(previous)) {
        return c > p;
    }
    let number = |s: &str| -> Option<u64> {
        if s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    match (number(current), number(previous)) {
        (Some(c), Some(p)) => c > p,
        _ => {
            (current.len(), current) > (previous.len(), previous)
                || uk_insertion_key(current) > uk_insertion_key(previous)
        }
    }
}

// `p1p2` (of `3.1.2`) → ["1", "2"]; `None` unless the suffix is decimal. Digit strings
// compare as fractions do when compared as text ("01" < "1" < "11" < "2").
fn decimal_levels(suffix: &str) -> Option<Vec<&str>> {
    let levels: Vec<&str> = suffix.strip_prefix('p')?.split('p').collect();
    levels
        .iter()
        .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()))
        .then_some(levels)
}

// A UK insertion suffix as a sort key: letters in turn, a `z` before further letters counting
// before `a` (`7ZA` is inserted between 7 and 7A), a shorter suffix before its extensions.
fn uk_insertion_key(suffix: &str) -> Vec<u8> {
    let last = suffix.len().saturating_sub(1);
    suffix
        .bytes()
        .enumerate()
        .map(|(i, b)| if b == b'z' && i < last { 0 } else { b })
        .collect()
}

/// The ordinal with base `n` as a person writes it in this style (`4` → `IV` for Roman).
pub(crate) fn show(style: OrdinalStyle, alphabet: Alphabet, n: u32) -> String {
    match style {
        OrdinalStyle::Roman | OrdinalStyle::UpperRoman => {
            to_roman(n).unwrap_or_else(|| n.to_string())
        }
        OrdinalStyle::LowerRoman => to_roman(n).map_or_else(|| n.to_string(), |r| r.to_lowercase()),
        OrdinalStyle::Letter => alphabet.show(n),
        OrdinalStyle::UpperLetter => Alphabet::Latin.show(n).to_uppercase(),
        OrdinalStyle::DoubleLetter | OrdinalStyle::DoubleCapital => {
            let letter = Alphabet::Latin.show((n.saturating_sub(1) % 26) + 1);
            let written = letter.repeat(usize::try_from(n.saturating_sub(1) / 26 + 2).unwrap_or(2));
            if style == OrdinalStyle::DoubleCapital {
                written.to_uppercase()
            } else {
                written
            }
        }
        OrdinalStyle::Arabic | OrdinalStyle::Spelled | OrdinalStyle::Term => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrdinalStyle::{Arabic, Letter, Roman};

    fn r(style: OrdinalStyle, s: &str) -> Rank {
        rank(style, Alphabet::Vietnamese, s).unwrap()
    }

    #[test]
    fn vietnamese_points_run_d_dd_e_g_and_skip_f() {
        let letters = ["a", "b", "c", "d", "dd", "e", "g", "h", "i", "k"];
        for pair in letters.windows(2) {
            assert_eq!(
                step(Some(&r(Letter, pair[0])), &r(Letter, pair[1])),
                Step::Next,
                "{pair:?}"
            );
        }
        assert_eq!(rank(Letter, Alphabet::Vietnamese, "f"), None);
        assert!(rank(Letter, Alphabet::Latin, "f").is_some());
        assert_eq!(
            step(Some(&r(Letter, "d")), &r(Letter, "e")),
            Step::Gap { from: 5, to: 5 }
        );
        assert_eq!(show(Letter, Alphabet::Vietnamese, 5), "đ");
    }

    #[test]
    fn amendment_suffixes_sit_between_their_base_and_the_next_number() {
        let seq = ["9", "10", "10a", "10b", "11"];
        for pair in seq.windows(2) {
            assert_eq!(
                step(Some(&r(Arabic, pair[0])), &r(Arabic, pair[1])),
                Step::Next,
                "{pair:?}"
            );
        }
        // UK insertions: 7ZA before 7A, 52AA between 52A and 52B; the US Code's 1395z → 1395aa.
        let uk = ["7", "7za", "7zb", "7a", "7aa", "7ab", "7b", "8"];
        for pair in uk.windows(2) {
            assert_eq!(
                step(Some(&r(Arabic, pair[0])), &r(Arabic, pair[1])),
                Step::Next,
                "{pair:?}"
            );
        }
        assert_eq!(
            step(Some(&r(Arabic, "1395z")), &r(Arabic, "1395aa")),
            Step::Next
        );
        assert_eq!(
            step(Some(&r(Arabic, "7b")), &r(Arabic, "7a")),
            Step::Backwards
        );
        assert_eq!(
            step(Some(&r(Arabic, "7za")), &r(Arabic, "7")),
            Step::Backwards
        );
        assert_eq!(step(Some(&r(Letter, "a")), &r(Letter, "a1")), Step::Next);
        // Decimal insertions (`3.01`, `3.1`, `3.1.1`, `3.11`, `3.2`, canonically `3p01` …).
        let decimals = ["3", "3p01", "3p1", "3p1p1", "3p11", "3p2", "4"];
        for pair in decimals.windows(2) {
            assert_eq!(
                step(Some(&r(Arabic, pair[0])), &r(Arabic, pair[1])),
                Step::Next,
                "{pair:?}"
            );
        }
        assert_eq!(
            step(Some(&r(Arabic, "3p2")), &r(Arabic, "3p11")),
            Step::Backwards
        );
        assert_eq!(step(Some(&r(Letter, "a2")), &r(Letter, "a10")), Step::Next);
        assert_eq!(
            step(Some(&r(Arabic, "10a")), &r(Arabic, "10")),
            Step::Backwards
        );
    }

    #[test]
    fn gaps_name_the_missing_range_and_backwards_steps_are_flagged() {
        assert_eq!(
            step(Some(&r(Arabic, "1")), &r(Arabic, "3")),
            Step::Gap { from: 2, to: 2 }
        );
        assert_eq!(step(None, &r(Arabic, "4")), Step::Gap { from: 1, to: 3 });
        assert_eq!(step(None, &r(Roman, "1")), Step::Next);
        assert_eq!(
            step(Some(&r(Arabic, "5")), &r(Arabic, "2")),
            Step::Backwards
        );
        assert_eq!(show(Roman, Alphabet::Latin, 4), "IV");
    }
}
