//! Human input to canonical parts, Vietnamese first.
//!
//! - [`fold`]: NFC, lowercase, `đ` → `dd`, vowel and tone marks dropped.
//! - [`normalize_doc_code`]: `45/2019/QH14` → `45-2019-qh14`.
//! - [`normalize_ordinal`]: `IV` → `4`, `thứ nhất` → `1`, `007` → `7`, `đ` → `dd`.
//! - [`normalize_segment`]: `Điều 44` → `dieu-44`.
//! - [`normalize_address`]: an address typed almost right, or a citation such as
//!   `điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14` (read by the citation finder, the same
//!   grammar as citations in running text), → `45-2019-qh14/dieu-44/khoan-1/diem-dd`.
//!
//! Every error carries the byte offset in the original input where the problem starts.

pub(crate) mod citation;
mod labels;
mod pasted;

use serde::{Deserialize, Serialize};

use crate::text::fold::{fold, words};
pub use crate::text::normalize_error::{NormalizeError, NormalizeErrorKind};
use crate::text::ordinal::normalize_ordinal;

use crate::text::address::{parse, Address, Segment};
use crate::text::vocabulary::{OrdinalStyle, SectionType, Vocabulary};
use labels::Labels;
use pasted::Reading;
use NormalizeErrorKind as K;

/// The result of [`normalize_address`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Normalized {
    pub address: Address,
    /// True when the input already was this canonical address, byte for byte.
    pub was_canonical: bool,
}

/// One labelled section (`Điều 44`, `Chương IV`, `điểm đ`, `Section 5`) to its segment.
///
/// The label is matched ignoring case and marks (NFC or NFD), or by its address token
/// (`DIEU 44`); the rest is the ordinal in the section type's style.
pub fn normalize_segment(vocab: &Vocabulary, input: &str) -> Result<Segment, NormalizeError> {
    let words = words(input, char::is_whitespace);
    let Some(first) = words.first() else {
        return Err(NormalizeError::new(K::Empty, 0));
    };
    let Some((section, taken)) = Labels::new(vocab).find(&words) else {
        return Err(NormalizeError::new(
            K::UnknownSectionLabel {
                found: first.text.into(),
                expected: vocab
                    .active_labels()
                    .into_iter()
                    .map(String::from)
                    .collect(),
            },
            first.start,
        ));
    };
    if !section.active {
        return Err(NormalizeError::new(
            K::InactiveSectionType {
                label: section.label.clone(),
            },
            first.start,
        ));
    }
    let rest = words.get(taken..).unwrap_or_default();
    let label_end = words
        .get(taken.saturating_sub(1))
        .map_or(first.start, |w| w.end());
    let (Some(from), Some(to)) = (rest.first(), rest.last()) else {
        return Err(NormalizeError::new(
            K::EmptyOrdinal {
                style: section.ordinal_style,
            },
            label_end,
        ));
    };
    let raw = input.get(from.start..to.end()).unwrap_or_default();
    let ordinal =
        normalize_ordinal(section.ordinal_style, raw).map_err(|e| e.shifted(from.start))?;
    // A hand-built vocabulary may carry an invalid token; the address grammar has the last word.
    let address = parse(&format!("x/{}-{ordinal}", section.address_token))
        .map_err(|e| NormalizeError::new(K::Address(e.kind), first.start))?;
    address
        .segments
        .into_iter()
        .next()
        .ok_or_else(|| NormalizeError::new(K::Empty, 0))
}

/// Human input to a canonical address, without a default document. See [`normalize_address_with_default_doc`].
pub fn normalize_address(vocabs: &[Vocabulary], input: &str) -> Result<Normalized, NormalizeError> {
    normalize_address_with_default_doc(vocabs, input, None)
}

/// Human input to a canonical address.
///
/// Tried in order:
/// 1. the input is a canonical address → `was_canonical: true`;
/// 2. the input is an address typed loosely (`45-2019-QH14/Dieu-44`, `45_2019_qh14 / dieu 44`):
///    folded, `_` and spaces turned into `-`, known section labels turned into their
///    tokens and ordinals normalized in their style (`Chuong-IV` → `chuong-4`). Skipped
///    when the input has spaces and starts with a section label, because then it is a citation;
/// 3. the input is a citation: exactly one citation the citation finder
///    ([`crate::read::citations::CitationFinder`], the grammar that finds citations in running text)
///    reads over the whole trimmed input (trailing `.`, `,`, `;` allowed), listing exactly one
///    address and no problem: `điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14`,
///    `Điều 44, khoản 1, điểm đ của Luật 45/2019/QH14`, `section 5(1)(a) of Act 12/2020`.
///    `default_doc` (a code or a slug) is the document of `Luật này` and of citations naming
///    none. A citation the finder reads with a problem is refused with it
///    ([`NormalizeErrorKind::CitationProblem`]; no document gives
///    [`NormalizeErrorKind::MissingDocCode`]); one citing several units with
///    [`NormalizeErrorKind::SeveralAddresses`].
///
/// Where the finder reads no citation over the whole input, an older word-by-word citation
/// reader (`normalize/citation.rs`) explains what is wrong, with the offset of the word at
/// fault; its address is never taken (one grammar decides what a citation is): where it would
/// read one, the error is an unexpected word at the first word the finder did not read. When
/// every reading fails, the citation's error is returned if the input has spaces (unless its
/// first word already made no sense as a citation), otherwise the error of the reading that got furthest.
/// `normalize_address(format(normalize_address(x)))` always gives the same address back.
pub fn normalize_address_with_default_doc(
    vocabs: &[Vocabulary],
    input: &str,
    default_doc: Option<&str>,
) -> Result<Normalized, NormalizeError> {
    if let Ok(address) = parse(input) {
        return Ok(Normalized {
            address,
            was_canonical: true,
        });
    }
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(NormalizeError::new(K::Empty, 0));
    }
    let lead = input.len() - input.trim_start().len();
    let has_space = trimmed.contains(char::is_whitespace);
    if !(has_space && starts_with_label(vocabs, trimmed)) {
        if let Some(address) = loose_address(vocabs, trimmed) {
            return Ok(Normalized {
                address,
                was_canonical: false,
            });
        }
    }
    let uncovered = match pasted::read(vocabs, input, default_doc) {
        Reading::Address(address) => {
            return Ok(Normalized {
                address,
                was_canonical: false,
            })
        }
        Reading::Refused(error) => return Err(error),
        Reading::NotCovered { uncovered } => uncovered,
    };
    let citation_error = match citation::parse_citation(vocabs, input, default_doc) {
        // A citation only the older reader reads: the finder's first unread word is at fault.
        Ok(_) => return Err(unread_word(input, uncovered)),
        Err(e) => e,
    };
    let Err(address_error) = parse(trimmed) else {
        return Err(citation_error);
    };
    let address_error =
        NormalizeError::new(K::Address(address_error.kind), lead + address_error.offset);
    // With spaces it is a citation unless its very first word made no sense as one;
    // without, whichever reading got further into the input explains the problem best.
    let prefer_address = if has_space {
        matches!(citation_error.kind, K::UnexpectedWord { .. }) && citation_error.offset == lead
    } else {
        address_error.offset >= citation_error.offset
    };
    Err(if prefer_address {
        address_error
    } else {
        citation_error
    })
}

/// `unexpected word` at the word starting at byte `at`.
fn unread_word(input: &str, at: usize) -> NormalizeError {
    let found = input
        .get(at..)
        .unwrap_or_default()
        .split(char::is_whitespace)
        .next()
        .unwrap_or_default();
    NormalizeError::new(
        K::UnexpectedWord {
            found: found.into(),
        },
        at,
    )
}

fn starts_with_label(vocabs: &[Vocabulary], text: &str) -> bool {
    let words = words(text, char::is_whitespace);
    vocabs.iter().any(|v| Labels::new(v).find(&words).is_some())
}

/// Reading 2 of [`normalize_address_with_default_doc`]: an address typed loosely.
fn loose_address(vocabs: &[Vocabulary], trimmed: &str) -> Option<Address> {
    let folded = fold(trimmed);
    let candidate = folded
        .split('/')
        .enumerate()
        .map(|(i, part)| {
            let part = part
                .split(|c: char| c.is_whitespace() || c == '_')
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            if i > 0 {
                if let Some(term) = term_segment(vocabs, &part) {
                    return term;
                }
            }
            if !part.contains('.') {
                part
            } else if i == 0 {
                // `C-23.4`: a `.` of a document code is a hyphen, as in `normalize_doc_code`.
                part.replace('.', "-")
            } else {
                decimal_segment(vocabs, &part).unwrap_or(part)
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    let mut address = parse(&candidate).ok()?;
    if address.segments.is_empty() && starts_with_section_word(vocabs, &address.doc) {
        // "Điều44" is a section written without its space, not a document called "ddieu44".
        return None;
    }
    for segment in &mut address.segments {
        if let Some(section) = section_for_token(vocabs, &segment.token) {
            segment.token = section.address_token.as_str().into();
            if let Ok(ordinal) = normalize_ordinal(section.ordinal_style, &segment.ordinal) {
                segment.ordinal = ordinal.into();
            }
        }
    }
    parse(&address.format()).ok()
}

// `section-3.1` → `section-3p1`, `paragraph-a.1` → `paragraph-a1`: an inserted (decimal)
// number read in the style of the segment's section type.
fn decimal_segment(vocabs: &[Vocabulary], part: &str) -> Option<String> {
    let (token, ordinal) = part.split_once('-')?;
    let section = section_for_token(vocabs, token)?;
    // The token may mean a type of another style in the document's own vocabulary
    // (`paragraph` is arabic in `en`, a letter in `uk`): then the number's own shape decides.
    let own = if ordinal.starts_with(|c: char| c.is_ascii_digit()) {
        OrdinalStyle::Arabic
    } else {
        OrdinalStyle::Letter
    };
    let ordinal = normalize_ordinal(section.ordinal_style, ordinal)
        .or_else(|_| normalize_ordinal(own, ordinal))
        .ok()?;
    Some(format!("{}-{ordinal}", section.address_token))
}

// `definition-local-authority`, `definition-Owner’s`: a defined term's words, folded to
// its ordinal (`definition-localauthority`, `definition-owners`).
fn term_segment(vocabs: &[Vocabulary], part: &str) -> Option<String> {
    let (token, term) = part.split_once('-')?;
    let section = section_for_token(vocabs, token)?;
    if section.ordinal_style != OrdinalStyle::Term {
        return None;
    }
    let ordinal = normalize_ordinal(OrdinalStyle::Term, term).ok()?;
    Some(format!("{}-{ordinal}", section.address_token))
}

fn starts_with_section_word(vocabs: &[Vocabulary], slug: &str) -> bool {
    let head: String = slug.chars().take_while(char::is_ascii_lowercase).collect();
    !head.is_empty() && section_for_token(vocabs, &head).is_some()
}

/// The section type a loosely typed token means: its own token, or its folded label (`ddieu` for `Điều`).
fn section_for_token<'v>(vocabs: &'v [Vocabulary], token: &str) -> Option<&'v SectionType> {
    let all = || vocabs.iter().flat_map(|v| &v.section_types);
    all()
        .find(|t| t.address_token == token)
        .or_else(|| all().find(|t| fold(&t.label).split_whitespace().collect::<String>() == token))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::address::AddressErrorKind;
    use crate::text::citation_problem::CitationProblem;
    use crate::text::doc_code::normalize_doc_code;
    use crate::text::report::Report;
    use crate::text::vocabulary::{default_vocabularies, default_vocabulary, OrdinalStyle};
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    fn vi() -> &'static Vocabulary {
        default_vocabulary("vi").unwrap()
    }

    fn en() -> &'static Vocabulary {
        default_vocabulary("en").unwrap()
    }

    fn segment(vocab: &Vocabulary, input: &str) -> String {
        normalize_segment(vocab, input)
            .unwrap_or_else(|e| panic!("{input}: {e}"))
            .to_string()
    }

    fn address(input: &str) -> String {
        normalize_address(default_vocabularies(), input)
            .unwrap_or_else(|e| panic!("{input}: {e}"))
            .address
            .format()
    }

    fn failure(input: &str) -> (NormalizeErrorKind, usize) {
        let e = normalize_address(default_vocabularies(), input).expect_err(input);
        (e.kind, e.offset)
    }

    #[test]
    fn doc_codes_become_slugs() {
        assert_eq!(normalize_doc_code("45/2019/QH14").unwrap(), "45-2019-qh14");
        assert_eq!(
            normalize_doc_code("168/2024/NĐ-CP").unwrap(),
            "168-2024-ndd-cp"
        );
        assert_eq!(
            normalize_doc_code(&nfd("168/2024/NĐ-CP")).unwrap(),
            "168-2024-ndd-cp"
        );
        assert_eq!(
            normalize_doc_code(" 01/2021/TT-BTC. ").unwrap(),
            "01-2021-tt-btc"
        );
        assert_eq!(normalize_doc_code("12_2020 . act").unwrap(), "12-2020-act");
        assert_eq!(normalize_doc_code("45-2019-qh14").unwrap(), "45-2019-qh14");
    }

    #[test]
    fn doc_code_with_a_foreign_character_names_it_at_its_byte() {
        let e = normalize_doc_code("45/2019/QH14!").unwrap_err();
        assert_eq!(
            (e.kind.clone(), e.offset),
            (K::InvalidDocCodeCharacter { found: '!' }, 12)
        );
        assert_eq!(e.code(), "invalid-doc-code-character");
        let e = normalize_doc_code("Nghị định (sửa đổi)").unwrap_err();
        assert_eq!(
            (e.kind, e.offset),
            (K::InvalidDocCodeCharacter { found: '(' }, 15)
        );
    }

    #[test]
    fn doc_code_without_letters_or_digits_is_empty() {
        let e = normalize_doc_code(" / ").unwrap_err();
        assert_eq!((e.kind, e.offset), (K::EmptyDocCode, 0));
    }

    #[test]
    fn doc_code_longer_than_an_address_is_refused_where_it_overflows() {
        let e = normalize_doc_code(&"a".repeat(300)).unwrap_err();
        assert_eq!((e.kind, e.offset), (K::DocCodeTooLong, 255));
        assert!(normalize_doc_code(&"a".repeat(255)).is_ok());
    }

    #[test]
    fn vietnamese_segments_normalize_in_nfc_and_nfd() {
        let cases = [
            ("Điều 44", "dieu-44"),
            ("Chương IV", "chuong-4"),
            ("Chương 4", "chuong-4"),
            ("Phần thứ nhất", "phan-1"),
            ("Phần 2", "phan-2"),
            ("Phần thứ hai mươi mốt", "phan-21"),
            ("điểm đ", "diem-dd"),
            ("điểm d", "diem-d"),
            ("Khoản 1a", "khoan-1a"),
            ("Tiểu mục 2", "tieumuc-2"),
            ("Mục 01", "muc-1"),
            ("Điều 10a.", "dieu-10a"),
            ("ĐIỀU 44", "dieu-44"),
            ("DIEU 44", "dieu-44"),
            ("Ðiều 44", "dieu-44"),
            ("tieumuc 3", "tieumuc-3"),
        ];
        for (input, want) in cases {
            assert_eq!(segment(vi(), input), want, "{input}");
            assert_eq!(segment(vi(), &nfd(input)), want, "NFD {input}");
        }
    }

    #[test]
    fn english_segments_normalize_and_chapters_accept_roman_numerals() {
        assert_eq!(segment(en(), "Section 5"), "section-5");
        assert_eq!(segment(en(), "Article 3"), "article-3");
        assert_eq!(segment(en(), "Chapter II"), "chapter-2");
        assert_eq!(segment(en(), "item (iv)"), "item-4");
        assert_eq!(segment(en(), "subparagraph (b)"), "subparagraph-b");
    }

    #[test]
    fn unknown_section_label_lists_the_vocabulary_labels() {
        let e = normalize_segment(vi(), "chapitre 4").unwrap_err();
        assert_eq!(
            e.reason(),
            "unknown section label 'chapitre' at byte 0: expected one of Phần, Chương, Mục, Tiểu mục, Điều, Khoản, Điểm, Văn bản kèm theo"
        );
        assert_eq!(e.code(), "unknown-section-label");
    }

    #[test]
    fn label_without_ordinal_points_after_the_label() {
        let e = normalize_segment(vi(), "Tiểu mục").unwrap_err();
        assert_eq!(
            (e.kind, e.offset),
            (
                K::EmptyOrdinal {
                    style: OrdinalStyle::Arabic
                },
                12
            )
        );
    }

    #[test]
    fn segment_ordinal_errors_point_into_the_original_input() {
        let e = normalize_segment(vi(), "Chương IIII").unwrap_err();
        assert_eq!(e.offset, 9);
        assert_eq!(e.code(), "invalid-roman-numeral");
        let e = normalize_segment(vi(), "Điều 4!").unwrap_err();
        assert_eq!(e.offset, 9);
    }

    #[test]
    fn inactive_section_type_is_refused() {
        let mut vocab = vi().clone();
        for t in &mut vocab.section_types {
            t.active = t.code != "muc";
        }
        let e = normalize_segment(&vocab, "Mục 1").unwrap_err();
        assert_eq!(
            e.kind,
            K::InactiveSectionType {
                label: "Mục".into()
            }
        );
    }

    #[test]
    fn canonical_input_is_returned_as_canonical() {
        let n = normalize_address(default_vocabularies(), "45-2019-qh14/dieu-44").unwrap();
        assert!(n.was_canonical);
        assert_eq!(n.address.format(), "45-2019-qh14/dieu-44");
    }

    #[test]
    fn loosely_typed_addresses_are_folded() {
        let n = normalize_address(default_vocabularies(), "45-2019-QH14/Dieu-44").unwrap();
        assert!(!n.was_canonical);
        assert_eq!(n.address.format(), "45-2019-qh14/dieu-44");
        assert_eq!(address(" 45_2019_qh14 / dieu 44 "), "45-2019-qh14/dieu-44");
        assert_eq!(
            address("45-2019-qh14/Điều-44/Điểm-đ"),
            "45-2019-qh14/dieu-44/diem-dd"
        );
        assert_eq!(address("45-2019-QH14/Chuong-IV"), "45-2019-qh14/chuong-4");
        assert_eq!(address("45 2019 QH14"), "45-2019-qh14");
        // Inserted (decimal) numbers, and a `.` in the document code.
        assert_eq!(address("C-23.4/section-3.1"), "c-23-4/section-3p1");
        assert_eq!(
            address("c-23-4/section-40.01/subsection-2.1/paragraph-a.1"),
            "c-23-4/section-40p01/subsection-2p1/paragraph-a1"
        );
    }

    #[test]
    fn a_label_glued_to_its_number_is_not_read_as_a_document() {
        assert_eq!(
            failure("Điều44"),
            (K::Address(AddressErrorKind::NonAscii { found: 'Đ' }), 0)
        );
        assert_eq!(
            failure("Chương-IV"),
            (
                K::Address(AddressErrorKind::UppercaseLetter { found: 'C' }),
                0
            )
        );
    }

    #[test]
    fn vietnamese_citations_innermost_first_become_addresses() {
        let cases = [
            (
                "điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14",
                "45-2019-qh14/dieu-44/khoan-1/diem-dd",
            ),
            ("Điều 44 Luật 45/2019/QH14", "45-2019-qh14/dieu-44"),
            (
                "khoản 2 Điều 5 Nghị định 168/2024/NĐ-CP",
                "168-2024-ndd-cp/dieu-5/khoan-2",
            ),
            (
                "Mục 1 Chương III Luật 45/2019/QH14",
                "45-2019-qh14/chuong-3/muc-1",
            ),
            ("Phần thứ nhất Bộ luật 91/2015/QH13", "91-2015-qh13/phan-1"),
            ("Luật số 45/2019/QH14", "45-2019-qh14"),
            ("45/2019/QH14", "45-2019-qh14"),
            (
                "điểm a) khoản 3 Điều 10a của Luật 45/2019/QH14.",
                "45-2019-qh14/dieu-10a/khoan-3/diem-a",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(address(input), want, "{input}");
            assert_eq!(address(&nfd(input)), want, "NFD {input}");
        }
    }

    #[test]
    fn a_citation_inside_prose_is_no_address() {
        // The citation finder reads the citation from `điểm`; the words before it are not part of
        // it, so the input is not one citation (the older reader skipped them).
        let input = "theo quy định tại điểm a) khoản 3 Điều 10a của Luật 45/2019/QH14.";
        assert_eq!(
            failure(input),
            (
                K::UnexpectedWord {
                    found: "theo".into()
                },
                0
            )
        );
    }

    #[test]
    fn a_citation_the_finder_reads_with_a_problem_is_refused_with_it() {
        let e = normalize_address(default_vocabularies(), "section 5 of the Companies Act")
            .unwrap_err();
        assert_eq!(e.code(), "unidentified-document");
        assert_eq!(e.offset, 0);
        assert!(e.reason().contains("Companies Act"), "{}", e.reason());
        let e = normalize_address(
            default_vocabularies(),
            "  từ Điều 10a đến Điều 12 Luật 45/2019/QH14",
        )
        .unwrap_err();
        assert_eq!((e.code(), e.offset), ("range-not-expanded", 2));
        let e = normalize_address_with_default_doc(
            default_vocabularies(),
            "khoản 1",
            Some("45/2019/QH14"),
        )
        .unwrap_err();
        assert_eq!(e.code(), "missing-context");
    }

    #[test]
    fn a_citation_of_several_units_is_no_address() {
        let e = normalize_address(
            default_vocabularies(),
            "khoản 2 và khoản 3 Điều 5 Luật 45/2019/QH14",
        )
        .unwrap_err();
        assert_eq!((e.kind, e.offset), (K::SeveralAddresses { count: 2 }, 0));
    }

    #[test]
    fn a_document_alone_is_its_slug() {
        assert_eq!(address("Luật số 45/2019/QH14."), "45-2019-qh14");
        assert_eq!(address("số 12/2020"), "12-2020");
    }

    #[test]
    fn a_citation_ending_a_sentence_keeps_its_full_stop_out() {
        let with = |input| {
            normalize_address_with_default_doc(default_vocabularies(), input, Some("45/2019/QH14"))
                .unwrap()
                .address
                .format()
        };
        // `Điều 44.` alone would be a heading in running text.
        assert_eq!(with("Điều 44."), "45-2019-qh14/dieu-44");
        assert_eq!(with(" khoản 1 Điều 44; "), "45-2019-qh14/dieu-44/khoan-1");
    }

    #[test]
    fn vietnamese_citations_outermost_first_become_addresses() {
        assert_eq!(
            address("Điều 44, khoản 1, điểm đ của Luật 45/2019/QH14"),
            "45-2019-qh14/dieu-44/khoan-1/diem-dd"
        );
    }

    #[test]
    fn a_citation_root_starts_the_address_at_the_document() {
        assert_eq!(
            address("khoản 1 Điều 44 Chương II Luật 45/2019/QH14"),
            "45-2019-qh14/dieu-44/khoan-1"
        );
        assert_eq!(
            address("Chương II Phần thứ nhất Luật 45/2019/QH14"),
            "45-2019-qh14/chuong-2"
        );
    }

    #[test]
    fn a_definition_is_addressed_by_its_term() {
        for (input, want) in [
            (
                "ukpga-2003-2/section-2/subsection-1/definition-owner",
                "ukpga-2003-2/section-2/subsection-1/definition-owner",
            ),
            (
                "ukpga-2003-2/Section-2/subsection-1/definition-Local Authority",
                "ukpga-2003-2/section-2/subsection-1/definition-localauthority",
            ),
            (
                "ukpga-2003-2/section-2/definition-local-authority/paragraph-a",
                "ukpga-2003-2/section-2/definition-localauthority/paragraph-a",
            ),
        ] {
            assert_eq!(address(input), want, "{input}");
        }
    }

    #[test]
    fn english_citations_with_parenthesised_levels_become_addresses() {
        assert_eq!(
            address("section 5(1)(a) of Act 12/2020"),
            "12-2020/section-5/paragraph-1/subparagraph-a"
        );
        assert_eq!(
            address("paragraph (2) of section 7 of the Act 12/2020"),
            "12-2020/section-7/paragraph-2"
        );
        assert_eq!(
            address("Article 3(2)(b)(iv) of Regulation 2016/679"),
            "2016-679/article-3/paragraph-2/subparagraph-b/item-4"
        );
    }

    #[test]
    fn citation_without_doc_code_uses_the_default_document() {
        let with = |input, doc| {
            normalize_address_with_default_doc(default_vocabularies(), input, Some(doc))
                .unwrap()
                .address
                .format()
        };
        assert_eq!(with("Điều 44", "45/2019/QH14"), "45-2019-qh14/dieu-44");
        assert_eq!(
            with("khoản 1 Điều 44 Luật này", "45-2019-qh14"),
            "45-2019-qh14/dieu-44/khoan-1"
        );
        assert_eq!(
            with("khoản 1 Điều 44 Luật 46/2019/QH14", "45/2019/QH14"),
            "46-2019-qh14/dieu-44/khoan-1",
            "a code in the citation beats the default"
        );
        let e = normalize_address_with_default_doc(default_vocabularies(), "Điều 44", Some("!"))
            .unwrap_err();
        assert_eq!(e.code(), "invalid-default-doc-code");
    }

    #[test]
    fn citation_without_doc_code_says_how_to_add_it() {
        let e = normalize_address(default_vocabularies(), "điểm đ khoản 1 Điều 44 ").unwrap_err();
        assert_eq!((e.kind.clone(), e.offset), (K::MissingDocCode, 31));
        assert!(e.hint().contains("Luật 45/2019/QH14"), "{}", e.hint());
    }

    #[test]
    fn citation_errors_point_at_the_word_at_fault() {
        assert_eq!(
            failure("chapitre 4 Luật 45/2019/QH14").0.clone(),
            K::UnknownSectionLabel {
                found: "chapitre".into(),
                expected: default_vocabularies()
                    .iter()
                    .flat_map(Vocabulary::active_labels)
                    .map(String::from)
                    .collect(),
            },
            "no label to pick a vocabulary from, so every vocabulary's labels are listed"
        );
        assert_eq!(
            failure("Điều 44 xem Luật 45/2019/QH14"),
            (
                K::UnexpectedWord {
                    found: "xem".into()
                },
                11
            )
        );
        assert_eq!(
            failure("Điều 44 Luật 45/2019/QH14 và Luật 46/2019/QH14"),
            (
                K::UnexpectedWord {
                    found: "và".into()
                },
                31
            )
        );
        assert_eq!(
            failure("Điều 44 Luật 45/2019/QH14 46/2019/QH14"),
            (
                K::MultipleDocCodes {
                    found: "46/2019/QH14".into()
                },
                31
            )
        );
        // Citations the finder reads, with its problem (the codes are the older reader's).
        assert_eq!(
            failure("khoản 1 Luật 45/2019/QH14"),
            (
                K::CitationProblem(CitationProblem::MissingCitationRoot {
                    label: "khoản".into(),
                }),
                0
            )
        );
        assert_eq!(
            failure("khoản 1 Chương II Luật 45/2019/QH14"),
            (
                K::CitationProblem(CitationProblem::InvalidNesting {
                    child: "Khoản".into(),
                    parent: "Chương".into()
                }),
                0
            )
        );
        assert_eq!(
            failure("khoản 1 Điều 44 điểm a Luật 45/2019/QH14"),
            (
                K::MixedCitationOrder {
                    label: "điểm".into()
                },
                21
            )
        );
        assert_eq!(
            failure("khoản Điều 44 Luật 45/2019/QH14"),
            (
                K::EmptyOrdinal {
                    style: OrdinalStyle::Arabic
                },
                7
            )
        );
        assert_eq!(
            failure("Điều Luật 45/2019/QH14"),
            (
                K::InvalidOrdinal {
                    found: "Luật".into(),
                    style: OrdinalStyle::Arabic
                },
                8
            )
        );
        assert_eq!(
            failure("item (i)(a) of Act 12/2020").0,
            K::NoChildType {
                label: "Item".into()
            }
        );
    }

    #[test]
    fn typo_in_an_address_reports_the_address_error() {
        assert_eq!(
            failure("45-2019-qh14//dieu-44"),
            (K::Address(AddressErrorKind::EmptySegment), 13)
        );
        assert_eq!(
            failure("  45-2019-qh14/dieu-44-a"),
            (K::Address(AddressErrorKind::ExtraHyphen), 22)
        );
        let e = normalize_address(default_vocabularies(), "45-2019-qh14/dieu-44 abc").unwrap_err();
        assert_eq!(e.code(), "invalid-character");
        assert_eq!(e.offset, 20);
    }

    #[test]
    fn typo_in_a_doc_code_reports_the_doc_code_error() {
        assert_eq!(
            failure("45/2019/QH14!"),
            (K::InvalidDocCodeCharacter { found: '!' }, 12)
        );
    }

    #[test]
    fn empty_input_is_refused() {
        assert_eq!(failure(""), (K::Empty, 0));
        assert_eq!(failure(" \t "), (K::Empty, 0));
    }

    #[test]
    fn every_normalize_error_serializes_flat() {
        let e = normalize_address(default_vocabularies(), "Điều 44").unwrap_err();
        let json = serde_json::to_value(e.to_report()).unwrap();
        assert_eq!(json["code"], "missing-doc-code");
        assert_eq!(json["offset"], 10);
        assert!(json["reason"]
            .as_str()
            .unwrap()
            .starts_with("no document code at byte 10"));
    }

    fn citation_words() -> impl Strategy<Value = String> {
        let word = prop_oneof![
            Just("Điều"),
            Just("điểm"),
            Just("khoản"),
            Just("Chương"),
            Just("Phần"),
            Just("Mục"),
            Just("Tiểu"),
            Just("mục"),
            Just("thứ"),
            Just("nhất"),
            Just("hai"),
            Just("mươi"),
            Just("mốt"),
            Just("IV"),
            Just("IIII"),
            Just("44"),
            Just("10a"),
            Just("đ"),
            Just("a)"),
            Just("Luật"),
            Just("số"),
            Just("của"),
            Just("45/2019/QH14"),
            Just("168/2024/NĐ-CP"),
            Just("section"),
            Just("5(1)(a)"),
            Just("(i)"),
            Just("of"),
            Just("Act"),
            Just("12/2020"),
            Just(","),
            Just("/"),
            Just("dieu-44"),
            Just("45-2019-qh14"),
            Just("("),
            Just("đ)"),
        ];
        prop::collection::vec(word, 0..10).prop_map(|w| w.join(" "))
    }

    fn check_idempotent(input: &str) -> Result<(), TestCaseError> {
        let vocabs = default_vocabularies();
        if let Ok(n) = normalize_address(vocabs, input) {
            let again = normalize_address(vocabs, &n.address.format());
            prop_assert_eq!(
                again,
                Ok(Normalized {
                    address: n.address,
                    was_canonical: true
                })
            );
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn normalize_address_never_panics_and_is_idempotent_on_any_string(s in any::<String>()) {
            check_idempotent(&s)?;
        }

        #[test]
        fn normalize_address_is_idempotent_on_citation_like_text(s in citation_words()) {
            check_idempotent(&s)?;
            check_idempotent(&nfd(&s))?;
            let _ = normalize_address_with_default_doc(default_vocabularies(), &s, Some("45/2019/QH14"));
        }

        #[test]
        fn normalize_doc_code_gives_valid_slugs_or_errors(s in any::<String>()) {
            if let Ok(slug) = normalize_doc_code(&s) {
                prop_assert_eq!(crate::text::address::validate(&slug), Ok(0));
            }
        }

        #[test]
        fn normalize_segment_never_panics(s in any::<String>()) {
            let _ = normalize_segment(vi(), &s);
            let _ = normalize_segment(en(), &s);
        }
    }
}
