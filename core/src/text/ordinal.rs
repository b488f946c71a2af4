//! Ordinals as humans write them (`IV`, `thứ nhất`, `007`, `đ`) to canonical ordinals (`4`, `1`, `7`, `dd`).

use crate::text::fold::{char_at, fold, fold_with_offsets, words, Word};
use crate::text::normalize_error::{NormalizeError, NormalizeErrorKind as K};
use crate::text::roman::to_roman;
use crate::text::vocabulary::OrdinalStyle;

/// Canonical ordinal for `raw` written in `style`. Error offsets are bytes into `raw`.
///
/// - every style: heading punctuation around the ordinal is dropped (`(1)`, `1.`, `a)`);
/// - arabic: leading zeros dropped, amendment suffix kept (`007` → `7`, `10a` → `10a`);
///   an all-uppercase Roman numeral is accepted too (`Chapter II` → `2`);
/// - roman: strict numerals I ..= MMMCMXCIX in any case → arabic; digits and Vietnamese
///   number words are accepted too (`Chương 4`, `Chương thứ hai`);
/// - spelled: Vietnamese number words 1–99 with or without `thứ`, NFC or NFD, any case
///   (`thứ nhất` → `1`, `hai mươi mốt` → `21`); digits and Roman numerals are accepted too;
/// - letter: lowercase, `đ` → `dd`, digits kept (`a1`);
/// - term: a defined term, any number of words, folded to its ASCII letters and digits
///   (`“Local Authority”` → `localauthority`, `café` → `cafe`).
pub fn normalize_ordinal(style: OrdinalStyle, raw: &str) -> Result<String, NormalizeError> {
    if style == OrdinalStyle::Term {
        return term(raw);
    }
    let mut words = words(raw, char::is_whitespace);
    let accepts_words = matches!(style, OrdinalStyle::Roman | OrdinalStyle::Spelled);
    if accepts_words && words.len() > 1 && words.first().is_some_and(|w| w.folded == "thu") {
        words.remove(0);
    }
    match words.as_slice() {
        [] => Err(NormalizeError::new(K::EmptyOrdinal { style }, raw.len())),
        [word] => single_word(style, raw, word),
        [_, ..] if accepts_words => spelled(&words),
        [first, ..] => Err(NormalizeError::new(
            K::InvalidOrdinal {
                found: raw.trim().into(),
                style,
            },
            first.start,
        )),
    }
}

fn single_word(style: OrdinalStyle, raw: &str, word: &Word<'_>) -> Result<String, NormalizeError> {
    let chars: Vec<(usize, char)> = fold_with_offsets(word.text)
        .into_iter()
        .map(|(at, c)| (at + word.start, c))
        .collect();
    let mut core = chars.as_slice();
    while let [(_, '('), rest @ ..] = core {
        core = rest;
    }
    while let [rest @ .., (_, ')' | '.' | ':')] = core {
        core = rest;
    }
    // Inserted numbers: `3.1` → `3p1`, `40.01` → `40p01`, `iii.1` → `3p1` (never `31`), and
    // after a letter `a.1` → `a1`, the letter's insertion suffix.
    let (core, dot, inserted) = split_decimals(core);
    let Some(&(_, first)) = core.first() else {
        return Err(NormalizeError::new(K::EmptyOrdinal { style }, word.start));
    };
    if !inserted.is_empty() {
        let letters_first = !first.is_ascii_digit()
            && matches!(
                style,
                OrdinalStyle::Letter
                    | OrdinalStyle::UpperLetter
                    | OrdinalStyle::DoubleLetter
                    | OrdinalStyle::DoubleCapital
            );
        // The number before the first `.`, as written, read on its own.
        let at = core.first().map_or(word.start, |&(at, _)| at);
        let head = raw.get(at..dot).unwrap_or_default();
        let base = single_word(
            style,
            raw,
            &Word {
                text: head,
                folded: fold(head),
                start: at,
            },
        )?;
        if letters_first && inserted.len() > 1 {
            // `a.1.2`: a letter takes one inserted number.
            return Err(bad_char(raw, dot, style));
        }
        let separator = if letters_first { "" } else { "p" };
        return Ok(inserted.iter().fold(base, |acc, n| acc + separator + n));
    }
    let trimmed = word.text.trim_matches(['(', ')', '.', ':']);
    let is_roman = core.iter().all(|&(_, c)| roman_value(c).is_some());
    let is_upper = trimmed.chars().all(|c| c.is_ascii_uppercase());
    if first.is_ascii_digit() {
        return arabic(raw, core, style);
    }
    match style {
        OrdinalStyle::Letter
        | OrdinalStyle::UpperLetter
        | OrdinalStyle::DoubleLetter
        | OrdinalStyle::DoubleCapital => letters(raw, core, style),
        OrdinalStyle::LowerRoman | OrdinalStyle::UpperRoman if is_roman => {
            roman(core, trimmed, word.start)
        }
        OrdinalStyle::Arabic if is_roman && is_upper => roman(core, trimmed, word.start),
        OrdinalStyle::Roman | OrdinalStyle::Spelled if is_roman => roman(core, trimmed, word.start),
        OrdinalStyle::Roman | OrdinalStyle::Spelled if is_number_word(&word.folded) => {
            spelled(std::slice::from_ref(word))
        }
        _ => Err(NormalizeError::new(
            K::InvalidOrdinal {
                found: word.text.into(),
                style,
            },
            word.start,
        )),
    }
}

// `3.1.2` → (`3`, offset of the first `.`, ["1", "2"]): the groups of digits after each
// `.`, when the first `.` has characters before it and only digits follow each; else the
// core unchanged and no groups.
fn split_decimals(core: &[(usize, char)]) -> (&[(usize, char)], usize, Vec<String>) {
    let unchanged = (core, 0, Vec::new());
    let Some(dot) = core.iter().position(|&(_, c)| c == '.') else {
        return unchanged;
    };
    let (head, tail) = core.split_at(dot);
    let mut groups = Vec::new();
    let mut current = String::new();
    for &(_, c) in tail.iter().skip(1) {
        match c {
            '.' if !current.is_empty() => groups.push(std::mem::take(&mut current)),
            '0'..='9' => current.push(c),
            _ => return unchanged,
        }
    }
    let Some(&(dot_at, _)) = tail.first() else {
        return unchanged;
    };
    if head.is_empty() || current.is_empty() {
        return unchanged;
    }
    groups.push(current);
    (head, dot_at, groups)
}

fn arabic(
    raw: &str,
    core: &[(usize, char)],
    style: OrdinalStyle,
) -> Result<String, NormalizeError> {
    let digits = core.iter().take_while(|(_, c)| c.is_ascii_digit()).count();
    let mut out: String = core
        .iter()
        .take(digits)
        .map(|&(_, c)| c)
        .skip_while(|&c| c == '0')
        .collect();
    if out.is_empty() {
        out.push('0');
    }
    for &(at, c) in core.iter().skip(digits) {
        if !(c.is_ascii_lowercase() || c.is_ascii_digit()) {
            return Err(bad_char(raw, at, style));
        }
        out.push(c);
    }
    Ok(out)
}

fn letters(
    raw: &str,
    core: &[(usize, char)],
    style: OrdinalStyle,
) -> Result<String, NormalizeError> {
    core.iter()
        .map(|&(at, c)| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                Ok(c)
            } else {
                Err(bad_char(raw, at, style))
            }
        })
        .collect()
}

// A defined term's ordinal: what folding leaves of its letters and digits, spaces and
// punctuation dropped, so `“owner”`, `owner` and `Owner,` are one term.
fn term(raw: &str) -> Result<String, NormalizeError> {
    let out: String = fold(raw)
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .collect();
    if out.is_empty() {
        return Err(NormalizeError::new(
            K::EmptyOrdinal {
                style: OrdinalStyle::Term,
            },
            raw.len(),
        ));
    }
    Ok(out)
}

fn bad_char(raw: &str, at: usize, style: OrdinalStyle) -> NormalizeError {
    NormalizeError::new(
        K::InvalidOrdinalCharacter {
            found: char_at(raw, at),
            style,
        },
        at,
    )
}

fn roman_value(c: char) -> Option<i64> {
    Some(match c {
        'i' => 1,
        'v' => 5,
        'x' => 10,
        'l' => 50,
        'c' => 100,
        'd' => 500,
        'm' => 1000,
        _ => return None,
    })
}

// Strict: the numeral must be exactly how `to_roman` writes its lenient value ("IIII" and "IC" are not).
fn roman(core: &[(usize, char)], found: &str, at: usize) -> Result<String, NormalizeError> {
    let values: Vec<i64> = core.iter().filter_map(|&(_, c)| roman_value(c)).collect();
    let mut total: i64 = 0;
    for (i, &v) in values.iter().enumerate() {
        let smaller_than_next = values.get(i + 1).is_some_and(|&next| next > v);
        total = if smaller_than_next {
            total.saturating_sub(v)
        } else {
            total.saturating_add(v)
        };
    }
    let value = u64::try_from(total).unwrap_or(0);
    let written: String = core.iter().map(|&(_, c)| c.to_ascii_uppercase()).collect();
    let strict = u32::try_from(value).ok().and_then(to_roman);
    if strict.as_deref() == Some(written.as_str()) {
        Ok(value.to_string())
    } else {
        Err(NormalizeError::new(
            K::InvalidRomanNumeral {
                found: found.into(),
                value,
            },
            at,
        ))
    }
}

fn unit(word: &str) -> Option<u32> {
    Some(match word {
        "mot" => 1,
        "hai" => 2,
        "ba" => 3,
        "bon" | "tu" => 4,
        "nam" => 5,
        "sau" => 6,
        "bay" => 7,
        "tam" => 8,
        "chin" => 9,
        _ => return None,
    })
}

/// Whether a folded word can be part of a spelled Vietnamese ordinal (including the `thứ` prefix).
pub(crate) fn is_number_word(folded: &str) -> bool {
    matches!(folded, "thu" | "nhat" | "muoi" | "lam") || unit(folded).is_some()
}

// Folding makes "mười" (ten) and "mươi" (-ty) the same word "muoi", which is all we need.
fn spelled(words: &[Word<'_>]) -> Result<String, NormalizeError> {
    enum Read {
        Start,
        Unit(u32),
        Tens(u32),
        Done(u32),
    }
    let mut read = Read::Start;
    for w in words {
        let f = w.folded.trim_matches(['(', ')', '.', ':']);
        let tail = if f == "lam" { Some(5) } else { unit(f) };
        let next = match (read, f) {
            (Read::Start, "nhat") => Some(Read::Done(1)),
            (Read::Start, "muoi") => Some(Read::Tens(10)),
            (Read::Start, _) => unit(f).map(Read::Unit),
            (Read::Unit(n), "muoi") if n >= 2 => Some(Read::Tens(n * 10)),
            (Read::Tens(t), _) => tail.map(|u| Read::Done(t + u)),
            _ => None,
        };
        let Some(next) = next else {
            return Err(NormalizeError::new(
                K::InvalidSpelledOrdinal {
                    found: w.text.into(),
                },
                w.start,
            ));
        };
        read = next;
    }
    match read {
        Read::Start => Err(NormalizeError::new(
            K::EmptyOrdinal {
                style: OrdinalStyle::Spelled,
            },
            0,
        )),
        Read::Unit(n) | Read::Tens(n) | Read::Done(n) => Ok(n.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::report::Report;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;
    use OrdinalStyle::{Arabic, Letter, Roman, Spelled};

    #[test]
    fn defined_terms_fold_to_letters_and_digits() {
        let t = OrdinalStyle::Term;
        assert_eq!(ok(t, "“owner”"), "owner");
        assert_eq!(ok(t, "\"local authority\""), "localauthority");
        assert_eq!(ok(t, "Café 2"), "cafe2");
        assert_eq!(ok(t, "First Nation Government"), "firstnationgovernment");
        assert!(matches!(err(t, "“ ”").0, K::EmptyOrdinal { .. }));
    }

    fn ok(style: OrdinalStyle, raw: &str) -> String {
        normalize_ordinal(style, raw).unwrap_or_else(|e| panic!("{raw}: {e}"))
    }

    fn err(style: OrdinalStyle, raw: &str) -> (K, usize) {
        let e = normalize_ordinal(style, raw).expect_err(raw);
        (e.kind, e.offset)
    }

    #[test]
    fn roman_numerals_become_arabic_in_any_case() {
        assert_eq!(ok(Roman, "IV"), "4");
        assert_eq!(ok(Roman, "iv"), "4");
        assert_eq!(ok(Roman, "XLIV"), "44");
        assert_eq!(ok(Roman, "MMMCMXCIX"), "3999");
        assert_eq!(ok(Roman, "I"), "1");
    }

    #[test]
    fn non_strict_roman_numerals_are_refused_with_the_strict_form() {
        let e = normalize_ordinal(Roman, "IIII").unwrap_err();
        assert_eq!(
            e.kind,
            K::InvalidRomanNumeral {
                found: "IIII".into(),
                value: 4
            }
        );
        assert_eq!(
            e.reason(),
            "'IIII' at byte 0 is not a strict Roman numeral: 4 is written IV"
        );
        let e = normalize_ordinal(Roman, "IC").unwrap_err();
        assert!(e.reason().ends_with("99 is written XCIX"), "{}", e.reason());
        assert_eq!(
            err(Roman, "MMMM"),
            (
                K::InvalidRomanNumeral {
                    found: "MMMM".into(),
                    value: 4000
                },
                0
            )
        );
        assert_eq!(
            normalize_ordinal(Roman, "VX").unwrap_err().code(),
            "invalid-roman-numeral"
        );
    }

    #[test]
    fn roman_styles_also_accept_arabic_digits() {
        assert_eq!(ok(Roman, "4"), "4");
        assert_eq!(ok(Spelled, "2"), "2");
        assert_eq!(ok(Spelled, "thứ 2"), "2");
    }

    #[test]
    fn spelled_vietnamese_ordinals_become_arabic() {
        let cases = [
            ("thứ nhất", "1"),
            ("nhất", "1"),
            ("một", "1"),
            ("hai", "2"),
            ("thứ hai", "2"),
            ("ba", "3"),
            ("tư", "4"),
            ("thứ tư", "4"),
            ("bốn", "4"),
            ("năm", "5"),
            ("sáu", "6"),
            ("bảy", "7"),
            ("tám", "8"),
            ("chín", "9"),
            ("mười", "10"),
            ("mười một", "11"),
            ("mười lăm", "15"),
            ("hai mươi", "20"),
            ("hai mươi mốt", "21"),
            ("hai mươi tư", "24"),
            ("ba mươi lăm", "35"),
            ("chín mươi chín", "99"),
        ];
        for (raw, want) in cases {
            assert_eq!(ok(Spelled, raw), want, "{raw}");
            assert_eq!(
                ok(Spelled, &raw.nfd().collect::<String>()),
                want,
                "NFD {raw}"
            );
            assert_eq!(ok(Spelled, &raw.to_uppercase()), want, "upper {raw}");
        }
    }

    #[test]
    fn spelled_ordinals_with_misplaced_words_name_the_word() {
        assert_eq!(
            err(Spelled, "hai ba"),
            (K::InvalidSpelledOrdinal { found: "ba".into() }, 4)
        );
        assert_eq!(
            err(Spelled, "thứ một mươi"),
            (
                K::InvalidSpelledOrdinal {
                    found: "mươi".into()
                },
                12
            )
        );
        assert_eq!(
            err(Spelled, "thứ nhất hai"),
            (
                K::InvalidSpelledOrdinal {
                    found: "hai".into()
                },
                13
            )
        );
        assert_eq!(
            err(Spelled, "thứ"),
            (
                K::InvalidSpelledOrdinal {
                    found: "thứ".into()
                },
                0
            )
        );
    }

    #[test]
    fn unknown_word_in_a_spelled_style_is_an_invalid_ordinal() {
        assert_eq!(
            err(Spelled, "abc"),
            (
                K::InvalidOrdinal {
                    found: "abc".into(),
                    style: Spelled
                },
                0
            )
        );
    }

    #[test]
    fn arabic_ordinals_drop_leading_zeros_and_keep_amendment_suffixes() {
        assert_eq!(ok(Arabic, "007"), "7");
        assert_eq!(ok(Arabic, "44"), "44");
        assert_eq!(ok(Arabic, "10a"), "10a");
        assert_eq!(ok(Arabic, "1a"), "1a");
        assert_eq!(ok(Arabic, "010A"), "10a");
        assert_eq!(ok(Arabic, "0"), "0");
        assert_eq!(ok(Arabic, " 44. "), "44");
        assert_eq!(ok(Arabic, "(1)"), "1");
    }

    #[test]
    fn arabic_style_accepts_uppercase_roman_numerals_only() {
        assert_eq!(ok(Arabic, "II"), "2");
        assert_eq!(
            err(Arabic, "c"),
            (
                K::InvalidOrdinal {
                    found: "c".into(),
                    style: Arabic
                },
                0
            )
        );
    }

    #[test]
    fn arabic_ordinal_with_a_stray_character_points_at_it() {
        assert_eq!(
            err(Arabic, "4!b"),
            (
                K::InvalidOrdinalCharacter {
                    found: '!',
                    style: Arabic
                },
                1
            )
        );
        assert_eq!(
            err(Arabic, "10 a"),
            (
                K::InvalidOrdinal {
                    found: "10 a".into(),
                    style: Arabic
                },
                0
            )
        );
    }

    #[test]
    fn inserted_decimal_numbers_never_collide_with_plain_ones() {
        assert_eq!(ok(Arabic, "3.1"), "3p1");
        assert_eq!(ok(Arabic, "40.01"), "40p01");
        assert_eq!(ok(Arabic, "(2.1)"), "2p1");
        assert_eq!(ok(Arabic, "3.1.2"), "3p1p2");
        assert_eq!(ok(Arabic, "3.1."), "3p1");
        assert_eq!(ok(Arabic, "II.1"), "2p1");
        assert_eq!(ok(OrdinalStyle::LowerRoman, "(iii.1)"), "3p1");
        assert_eq!(ok(Letter, "(a.1)"), "a1");
        assert_eq!(ok(OrdinalStyle::UpperLetter, "A.1"), "a1");
        assert_eq!(err(Arabic, "3..1").1, 1);
        assert_eq!(err(Arabic, "3.a").1, 1);
    }

    #[test]
    fn letter_ordinals_spell_d_with_stroke_as_dd() {
        assert_eq!(ok(Letter, "đ"), "dd");
        assert_eq!(ok(Letter, "Đ"), "dd");
        assert_eq!(ok(Letter, "d"), "d");
        assert_eq!(ok(Letter, "a1"), "a1");
        assert_eq!(ok(Letter, "A)"), "a");
        assert_eq!(ok(Letter, "(a)"), "a");
        assert_eq!(
            err(Letter, "a-b"),
            (
                K::InvalidOrdinalCharacter {
                    found: '-',
                    style: Letter
                },
                1
            )
        );
    }

    #[test]
    fn empty_ordinal_is_reported_at_the_end_of_the_input() {
        assert_eq!(err(Arabic, ""), (K::EmptyOrdinal { style: Arabic }, 0));
        assert_eq!(err(Letter, "  "), (K::EmptyOrdinal { style: Letter }, 2));
        assert_eq!(err(Arabic, "()"), (K::EmptyOrdinal { style: Arabic }, 0));
    }

    #[test]
    fn to_roman_covers_exactly_1_to_3999() {
        assert_eq!(to_roman(0), None);
        assert_eq!(to_roman(4000), None);
        assert_eq!(to_roman(1994).as_deref(), Some("MCMXCIV"));
    }

    proptest! {
        #[test]
        fn roman_round_trip_for_1_to_3999(n in 1u32..=3999) {
            let numeral = to_roman(n).unwrap();
            prop_assert_eq!(normalize_ordinal(Roman, &numeral), Ok(n.to_string()));
            prop_assert_eq!(normalize_ordinal(Roman, &numeral.to_lowercase()), Ok(n.to_string()));
        }

        #[test]
        fn normalize_ordinal_never_panics_and_returns_canonical_ordinals(s in any::<String>(), style in prop_oneof![Just(Arabic), Just(Roman), Just(Letter), Just(Spelled)]) {
            if let Ok(ordinal) = normalize_ordinal(style, &s) {
                prop_assert!(!ordinal.is_empty());
                prop_assert!(ordinal.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
            }
        }
    }
}
