//! A canonical address as a human citation: the reverse of [`normalize_address`].
//!
//! `45-2019-qh14/dieu-44/khoan-1/diem-dd` → `điểm đ khoản 1 Điều 44 Bộ luật Lao động số 45/2019/QH14`;
//! `12-2020/article-5/paragraph-1` → `paragraph (1) of Article 5 of Labour Code (12/2020)`.
//!
//! Units are cited innermost first, as legal texts cite them. Without a title, a Vietnamese
//! citation reads `… số {code}` (not `… văn bản số {code}`) because that is a form
//! [`normalize_address`] reads back: citing with a document code and normalizing the
//! citation gives the same address again (tested below).
//!
//! [`normalize_address`]: crate::read::normalize::normalize_address

use crate::text::report::Report;
use serde::{Deserialize, Serialize};

use crate::text::address::{parse, Address};
use crate::text::doc_code::normalize_doc_code;
use crate::text::report::ErrorReport;
use crate::text::roman::to_roman;
use crate::text::vocabulary::{OrdinalStyle, SectionType, Vocabulary};

/// How the cited document is named: its code as published and, optionally, its title.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocLabel {
    /// E.g. `45/2019/QH14`; it must be the code of the address's document.
    pub code: String,
    /// E.g. `Bộ luật Lao động`.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub title: Option<String>,
}

/// A citation and the language of the vocabulary it was written in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cited {
    pub citation: String,
    pub language: String,
}

/// Renders `address` as a citation in the first vocabulary that knows every segment token.
///
/// Errors: the address's own error when it is not canonical; `unknown-token` (with the
/// token's byte offset) when no single vocabulary knows every token; `no-vocabulary`;
/// `invalid-doc-code` / `doc-code-mismatch` when `doc.code` is not this address's document.
pub fn cite_address(
    address: &str,
    vocabularies: &[Vocabulary],
    doc: Option<&DocLabel>,
) -> Result<Cited, ErrorReport> {
    let parsed = parse(address).map_err(|e| e.to_report())?;
    let (vocab, sections) = pick_vocabulary(&parsed, vocabularies)?;
    let vi = vocab.language == "vi";
    let doc_part = doc_part(&parsed.doc, doc, vi)?;

    let mut units = unit_parts(&parsed, &sections, vi);
    units.reverse();

    let joiner = if vi { " " } else { " of " };
    let citation = if units.is_empty() {
        doc_part
    } else {
        format!("{}{joiner}{doc_part}", units.join(joiner))
    };
    Ok(Cited {
        citation,
        language: vocab.language.clone(),
    })
}

/// Each segment as cited, root first: `Điều 44`, `khoản 1`, `điểm đ`.
fn unit_parts(parsed: &Address, sections: &[&SectionType], vi: bool) -> Vec<String> {
    let mut units = Vec::with_capacity(sections.len());
    let mut below_root = false;
    for (section, segment) in sections.iter().zip(&parsed.segments) {
        // "khoản 1 Điều 44": units under a citation root are cited in lowercase; roots keep their case.
        let lower = below_root && !section.citation_root;
        below_root |= section.citation_root;
        let ordinal = us_dashed(&section.code, &segment.ordinal)
            .unwrap_or_else(|| render_ordinal(section.ordinal_style, &segment.ordinal, vi));
        units.push(if !lower {
            format!("{} {ordinal}", section.label)
        } else if section.heading_patterns().next() == Some("({ordinal})") {
            // Headed "(1)" in the text (first of its patterns: an EU `1.` is the alternative),
            // so cited "paragraph (1)", as normalize reads it back.
            format!("{} ({ordinal})", lowercase(&section.label))
        } else {
            format!("{} {ordinal}", lowercase(&section.label))
        });
    }
    units
}

/// A unit's label as a reviewer reads it in a list, root first and without the document:
/// `Điều 44 khoản 1 điểm đ` (`section 3 subsection (1)` in English), in the first vocabulary
/// that knows every segment. Errors as [`cite_address`].
pub fn unit_label(address: &str, vocabularies: &[Vocabulary]) -> Result<String, ErrorReport> {
    let parsed = parse(address).map_err(|e| e.to_report())?;
    let (vocab, sections) = pick_vocabulary(&parsed, vocabularies)?;
    Ok(unit_parts(&parsed, &sections, vocab.language == "vi").join(" "))
}

// Char by char rather than `str::to_lowercase`, whose final-sigma rule no label needs and
// which costs the browser build 2 KB gzipped.
fn lowercase(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// The first vocabulary (in the order given) whose tokens cover the whole path, with the path's section types.
fn pick_vocabulary<'v>(
    address: &Address,
    vocabularies: &'v [Vocabulary],
) -> Result<(&'v Vocabulary, Vec<&'v SectionType>), ErrorReport> {
    let mut best: Option<(usize, &Vocabulary)> = None;
    for vocab in vocabularies {
        let sections: Vec<&SectionType> = address
            .segments
            .iter()
            .map_while(|s| vocab.by_token(&s.token))
            .collect();
        if sections.len() == address.segments.len() {
            return Ok((vocab, sections));
        }
        if !matches!(best, Some((known, _)) if known >= sections.len()) {
            best = Some((sections.len(), vocab));
        }
    }
    // Name the first token the best-matching vocabulary does not know, where it is in the address.
    let Some((known, vocab)) = best else {
        return Err(ErrorReport {
            code: "no-vocabulary",
            reason: "no vocabulary to cite the address in".into(),
            offset: None,
            hint: "load a vocabulary, e.g. the default Vietnamese and English ones".into(),
            field: None,
        });
    };
    let offset = address.doc.len()
        + address
            .segments
            .iter()
            .take(known)
            .map(|s| s.token.len() + s.ordinal.len() + 2)
            .sum::<usize>()
        + 1;
    let token = address.segments.get(known).map_or("", |s| s.token.as_str());
    let elsewhere = vocabularies.iter().any(|v| v.by_token(token).is_some());
    let reason = if elsewhere && known > 0 {
        format!(
            "section token '{token}' at byte {offset} is not in the '{}' vocabulary of the segments before it",
            vocab.language
        )
    } else {
        format!("unknown section token '{token}' at byte {offset}: no vocabulary has it")
    };
    let known_tokens: Vec<String> = vocabularies
        .iter()
        .map(|v| {
            let tokens: Vec<&str> = v
                .section_types
                .iter()
                .map(|t| t.address_token.as_str())
                .collect();
            format!("{}: {}", v.language, tokens.join(", "))
        })
        .collect();
    Err(ErrorReport {
        code: "unknown-token",
        reason,
        offset: Some(offset),
        hint: format!(
            "use the tokens of one vocabulary ({})",
            known_tokens.join("; ")
        ),
        field: None,
    })
}

/// The document as cited: title and code, code alone, or the slug when nothing else is known.
fn doc_part(slug: &str, doc: Option<&DocLabel>, vi: bool) -> Result<String, ErrorReport> {
    let Some(doc) = doc else {
        return Ok(if vi {
            format!("văn bản {slug}")
        } else {
            slug.to_owned()
        });
    };
    let code = doc.code.trim();
    // A code of another document would cite the wrong text, so it is refused rather than printed.
    let code_slug = normalize_doc_code(code).map_err(|e| ErrorReport {
        code: "invalid-doc-code",
        reason: format!("doc.code '{code}': {}", e.reason()),
        offset: None,
        hint: e.hint(),
        field: Some("doc.code".into()),
    })?;
    if code_slug != slug {
        return Err(ErrorReport {
            code: "doc-code-mismatch",
            reason: format!(
                "doc.code '{code}' is the document '{code_slug}', not '{slug}' of the address"
            ),
            offset: None,
            hint: format!("give the code of the document '{slug}', or no doc at all"),
            field: Some("doc.code".into()),
        });
    }
    let title = doc
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    Ok(match (title, vi) {
        (Some(title), true) => format!("{title} số {code}"),
        (None, true) => format!("số {code}"),
        (Some(title), false) => format!("{title} ({code})"),
        (None, false) => code.to_owned(),
    })
}

/// [`printed_ordinal`] for a unit of section type `code` in `vocabulary` (its style and
/// language); a type the vocabulary does not have keeps its ordinal as it is.
pub fn printed_number(vocabulary: &Vocabulary, code: &str, ordinal: &str) -> String {
    if let Some(dashed) = us_dashed(code, ordinal) {
        return dashed;
    }
    match vocabulary.by_code(code) {
        Some(section) => printed_ordinal(section.ordinal_style, ordinal, &vocabulary.language),
        None => ordinal.to_owned(),
    }
}

/// A US Code section number with a dash, as the Code prints it: `288p1` → `288-1`, `404op1` →
/// `404o-1`, `1320ap7b` → `1320a-7b` (the address spells the dash `p`, see
/// `citations/parse/us.rs`). A printed section number never has a letter right before a digit,
/// so every `p` before a digit is a dash (`12pp1` → `12p-1`). None for other types and numbers.
fn us_dashed(code: &str, ordinal: &str) -> Option<String> {
    let bytes = ordinal.as_bytes();
    let dash = |i: usize| {
        bytes.get(i) == Some(&b'p') && i > 0 && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
    };
    let any = (0..bytes.len()).any(dash);
    if code != "us-section" || !any || !bytes.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some(
        ordinal
            .char_indices()
            .map(|(i, c)| if dash(i) { '-' } else { c })
            .collect(),
    )
}

/// A unit's number as its text prints it, for people reading a list of units (the preview
/// tree): `4` → `IV` (a roman Chương), `dd` → `đ`, `1` → `thứ nhất`, `a` → `A` (a US
/// subparagraph), `3p1` → `3.1` and `40p01` → `40.01` (inserted numbers). An ordinal the style
/// does not print otherwise (a term, `10a`, a number with leading zeros) is given as it is.
/// Display only: addresses and citations keep their own forms.
pub fn printed_ordinal(style: OrdinalStyle, ordinal: &str, language: &str) -> String {
    let vi = language.split('-').next() == Some("vi");
    if let Some(decimal) = decimal(ordinal) {
        return decimal;
    }
    match style {
        OrdinalStyle::UpperLetter | OrdinalStyle::DoubleCapital => ordinal.to_ascii_uppercase(),
        OrdinalStyle::UpperRoman => render_ordinal(OrdinalStyle::Roman, ordinal, vi),
        OrdinalStyle::LowerRoman => {
            render_ordinal(OrdinalStyle::Roman, ordinal, vi).to_ascii_lowercase()
        }
        _ => render_ordinal(style, ordinal, vi),
    }
}

/// `3p1` → `3.1`, `40p01` → `40.01`, `2p1p1` → `2.1.1`: an inserted number's canonical `p`
/// (a `.` cannot stand in an address segment) printed back as the dot. None for anything else.
fn decimal(ordinal: &str) -> Option<String> {
    let mut parts = ordinal.split('p');
    let first = parts.next()?;
    let rest: Vec<&str> = parts.collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (!rest.is_empty() && digits(first) && rest.iter().all(|p| digits(p)))
        .then(|| ordinal.replace('p', "."))
}

/// An ordinal as a heading writes it: `4` → `IV` (roman), `dd` → `đ` (Vietnamese letters), `1` → `thứ nhất` (spelled).
pub(crate) fn render_ordinal(style: OrdinalStyle, ordinal: &str, vi: bool) -> String {
    // "010" is a valid canonical ordinal but not a number humans write; keep it as it is.
    let number = Some(ordinal)
        .filter(|o| !o.starts_with('0') && o.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|o| o.parse::<u32>().ok());
    let rendered = match (style, number) {
        (OrdinalStyle::Roman, Some(n)) => to_roman(n),
        (OrdinalStyle::Spelled, Some(n)) if vi => spelled_vi(n),
        (OrdinalStyle::Letter, _) if vi => Some(ordinal.replace("dd", "đ")),
        _ => None,
    };
    rendered.unwrap_or_else(|| ordinal.to_owned())
}

/// `thứ nhất`, `thứ tư`, `thứ mười lăm`, `thứ hai mươi mốt`: the words `normalize_ordinal` reads (1 ..= 99).
fn spelled_vi(n: u32) -> Option<String> {
    const UNITS: [&str; 10] = [
        "", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
    ];
    let unit = |u: u32| UNITS.get(u as usize).copied().unwrap_or_default();
    let (tens, ones) = (n / 10, n % 10);
    let words = match (tens, ones) {
        (0, 1) => "nhất".to_owned(),
        (0, 4) => "tư".to_owned(),
        (0, u) => unit(u).to_owned(),
        (1, 0) => "mười".to_owned(),
        (1, 5) => "mười lăm".to_owned(),
        (1, u) => format!("mười {}", unit(u)),
        (2..=9, 0) => format!("{} mươi", unit(tens)),
        (2..=9, u) => {
            // After "mươi", 1 is "mốt", 4 is "tư" and 5 is "lăm".
            let last = match u {
                1 => "mốt",
                4 => "tư",
                5 => "lăm",
                _ => unit(u),
            };
            format!("{} mươi {last}", unit(tens))
        }
        _ => return None,
    };
    (n > 0).then(|| format!("thứ {words}"))
}

#[cfg(test)]
mod tests {

    #[test]
    fn us_code_sections_with_a_dash_are_printed_and_cited_with_it() {
        let us = crate::text::vocabulary::default_vocabulary("us").expect("us ships");
        let vocabs = std::slice::from_ref(us);
        for (ordinal, printed) in [
            ("288p1", "288-1"),
            ("404op1", "404o-1"),
            ("1320ap7b", "1320a-7b"),
            ("12pp1", "12p-1"),
            ("300p", "300p"),
            ("10a", "10a"),
        ] {
            assert_eq!(printed_number(us, "us-section", ordinal), printed);
        }
        assert_eq!(printed_number(us, "us-paragraph", "3p1"), "3.1");
        for (address, code) in [
            ("42-u-s-c/section-288p1/subsection-a", "42 U.S.C."),
            ("50-u-s-c/section-404op1", "50 U.S.C."),
            ("16-u-s-c/section-460nnnp101", "16 U.S.C."),
        ] {
            let doc = DocLabel {
                code: code.into(),
                title: None,
            };
            let cited = cite_address(address, vocabs, Some(&doc)).expect("cited");
            let found = crate::read::citations::find_citations(&cited.citation, vocabs, None);
            assert_eq!(
                found.first().map(|c| c.addresses.clone()),
                Some(vec![address.to_owned()]),
                "{}",
                cited.citation
            );
        }
    }

    #[test]
    fn printed_ordinals_are_what_the_text_prints() {
        use OrdinalStyle::*;
        let cases = [
            (Roman, "4", "vi", "IV"),
            (Letter, "dd", "vi", "đ"),
            (Letter, "dd", "en-GB", "dd"),
            (Spelled, "1", "vi", "thứ nhất"),
            (Arabic, "3p1", "en-CA", "3.1"),
            (Arabic, "40p01", "en-CA", "40.01"),
            (Arabic, "2p1p1", "en-CA", "2.1.1"),
            (Arabic, "10a", "vi", "10a"),
            (Arabic, "44", "vi", "44"),
            (UpperLetter, "a", "en-US", "A"),
            (DoubleCapital, "aa", "en-US", "AA"),
            (UpperRoman, "4", "en-US", "IV"),
            (LowerRoman, "4", "en-US", "iv"),
            (Letter, "p", "vi", "p"),
            (Letter, "pp", "en-GB", "pp"),
            (Term, "localauthority", "en-GB", "localauthority"),
            (Roman, "010", "vi", "010"),
        ];
        for (style, ordinal, language, printed) in cases {
            assert_eq!(
                printed_ordinal(style, ordinal, language),
                printed,
                "{style:?} {ordinal}"
            );
        }
    }
    use super::*;
    use crate::read::normalize::normalize_address;
    use crate::text::ordinal::normalize_ordinal;
    use crate::text::vocabulary::default_vocabularies;
    use proptest::prelude::*;

    fn labour_code() -> DocLabel {
        DocLabel {
            code: "45/2019/QH14".into(),
            title: Some("Bộ luật Lao động".into()),
        }
    }

    fn code_only(code: &str) -> DocLabel {
        DocLabel {
            code: code.into(),
            title: None,
        }
    }

    fn cite(address: &str, doc: Option<&DocLabel>) -> String {
        cite_address(address, default_vocabularies(), doc)
            .unwrap_or_else(|e| panic!("{address}: {e:?}"))
            .citation
    }

    fn error(address: &str, doc: Option<&DocLabel>) -> ErrorReport {
        cite_address(address, default_vocabularies(), doc).expect_err(address)
    }

    fn normalized(citation: &str) -> String {
        normalize_address(default_vocabularies(), citation)
            .unwrap_or_else(|e| panic!("{citation}: {e}"))
            .address
            .format()
    }

    #[test]
    fn point_dd_of_clause_1_of_article_44_is_cited_innermost_first() {
        let doc = labour_code();
        let cited = cite_address(
            "45-2019-qh14/dieu-44/khoan-1/diem-dd",
            default_vocabularies(),
            Some(&doc),
        )
        .unwrap();
        assert_eq!(
            cited.citation,
            "điểm đ khoản 1 Điều 44 Bộ luật Lao động số 45/2019/QH14"
        );
        assert_eq!(cited.language, "vi");
    }

    #[test]
    fn chapters_are_roman_and_parts_are_spelled() {
        let doc = labour_code();
        assert_eq!(
            cite("45-2019-qh14/chuong-4", Some(&doc)),
            "Chương IV Bộ luật Lao động số 45/2019/QH14"
        );
        assert_eq!(
            cite("45-2019-qh14/phan-1", Some(&doc)),
            "Phần thứ nhất Bộ luật Lao động số 45/2019/QH14"
        );
        assert_eq!(
            cite("45-2019-qh14/chuong-2/muc-3", None),
            "mục 3 Chương II văn bản 45-2019-qh14"
        );
    }

    #[test]
    fn the_document_alone_is_cited_without_a_joiner() {
        assert_eq!(
            cite("45-2019-qh14", Some(&labour_code())),
            "Bộ luật Lao động số 45/2019/QH14"
        );
        assert_eq!(
            cite("45-2019-qh14", Some(&code_only("45/2019/QH14"))),
            "số 45/2019/QH14"
        );
        assert_eq!(cite("45-2019-qh14", None), "văn bản 45-2019-qh14");
    }

    #[test]
    fn vietnamese_without_a_title_or_without_a_doc() {
        let doc = code_only("45/2019/QH14");
        assert_eq!(
            cite("45-2019-qh14/dieu-10a/khoan-2", Some(&doc)),
            "khoản 2 Điều 10a số 45/2019/QH14"
        );
        assert_eq!(
            cite("45-2019-qh14/dieu-44/diem-a", None),
            "điểm a Điều 44 văn bản 45-2019-qh14"
        );
    }

    #[test]
    fn english_units_are_joined_with_of_and_paragraphs_keep_their_brackets() {
        let doc = DocLabel {
            code: "12/2020".into(),
            title: Some("Labour Code".into()),
        };
        let cited = cite_address(
            "12-2020/article-5/paragraph-1/subparagraph-a",
            default_vocabularies(),
            Some(&doc),
        )
        .unwrap();
        assert_eq!(
            cited.citation,
            "subparagraph (a) of paragraph (1) of Article 5 of Labour Code (12/2020)"
        );
        assert_eq!(cited.language, "en");
        // With no segment every vocabulary fits and Vietnamese comes first; pass English alone to get it.
        let english = crate::text::vocabulary::default_vocabulary("en").unwrap();
        let alone = cite_address("12-2020", std::slice::from_ref(english), Some(&doc)).unwrap();
        assert_eq!(alone.citation, "Labour Code (12/2020)");
        assert_eq!(cite("12-2020", Some(&doc)), "Labour Code số 12/2020");
        assert_eq!(
            cite("12-2020/section-3", Some(&code_only("12/2020"))),
            "Section 3 of 12/2020"
        );
        assert_eq!(
            cite("12-2020/part-2/chapter-3", None),
            "Chapter 3 of Part 2 of 12-2020"
        );
        assert_eq!(
            cite("12-2020/article-5/paragraph-1/subparagraph-dd/item-4", None),
            "item (IV) of subparagraph (dd) of paragraph (1) of Article 5 of 12-2020",
            "dd is đ in Vietnamese only"
        );
    }

    #[test]
    fn english_citations_with_a_code_normalize_back() {
        let doc = code_only("12/2020");
        for address in [
            "12-2020",
            "12-2020/article-5",
            "12-2020/article-5/paragraph-1/subparagraph-a",
            "12-2020/section-2/paragraph-3",
        ] {
            assert_eq!(normalized(&cite(address, Some(&doc))), address);
        }
    }

    #[test]
    fn a_token_no_vocabulary_has_is_named_at_its_offset_with_the_known_tokens() {
        let e = error("45-2019-qh14/dieu-44/foo-1", None);
        assert_eq!(e.code, "unknown-token");
        assert_eq!(e.offset, Some(21));
        assert_eq!(
            e.reason,
            "unknown section token 'foo' at byte 21: no vocabulary has it"
        );
        assert!(
            e.hint
                .contains("vi: phan, chuong, muc, tieumuc, dieu, khoan, diem"),
            "{}",
            e.hint
        );
        assert!(e.hint.contains("en: part, chapter"), "{}", e.hint);
    }

    #[test]
    fn tokens_of_two_vocabularies_in_one_address_are_refused() {
        let e = error("x/dieu-4/paragraph-1", None);
        assert_eq!((e.code, e.offset), ("unknown-token", Some(9)));
        assert!(e.reason.contains("'vi' vocabulary"), "{}", e.reason);
        assert_eq!(error("x/zz-1", None).offset, Some(2));
    }

    #[test]
    fn a_non_canonical_address_gives_the_address_error() {
        let e = error("45-2019-qh14/Dieu-44", None);
        assert_eq!((e.code, e.offset), ("uppercase-letter", Some(13)));
        assert_eq!(error("", None).code, "empty");
    }

    #[test]
    fn a_doc_code_of_another_document_is_refused() {
        let e = error("45-2019-qh14/dieu-1", Some(&code_only("46/2019/QH14")));
        assert_eq!((e.code, e.offset), ("doc-code-mismatch", None));
        assert!(e.reason.contains("doc.code"), "{}", e.reason);
        let e = error("45-2019-qh14/dieu-1", Some(&code_only(" ")));
        assert_eq!(e.code, "invalid-doc-code");
    }

    #[test]
    fn no_vocabulary_is_an_error_not_a_panic() {
        let e = cite_address("x", &[], None).unwrap_err();
        assert_eq!(e.code, "no-vocabulary");
        let e = cite_address("x/dieu-1", &[], None).unwrap_err();
        assert_eq!(e.code, "no-vocabulary");
    }

    #[test]
    fn ordinals_that_are_not_numbers_are_cited_as_they_are() {
        assert_eq!(cite("x/chuong-2a", None), "Chương 2a văn bản x");
        assert_eq!(cite("x/phan-3b", None), "Phần 3b văn bản x");
        assert_eq!(cite("x/phan-0", None), "Phần 0 văn bản x");
        assert_eq!(cite("x/chuong-04", None), "Chương 04 văn bản x");
    }

    #[test]
    fn spelled_ordinals_match_the_designed_words() {
        let want = [
            "thứ nhất",
            "thứ hai",
            "thứ ba",
            "thứ tư",
            "thứ năm",
            "thứ sáu",
            "thứ bảy",
            "thứ tám",
            "thứ chín",
            "thứ mười",
        ];
        for (n, words) in (1..=10).zip(want) {
            assert_eq!(spelled_vi(n).as_deref(), Some(words));
        }
        assert_eq!(spelled_vi(15).as_deref(), Some("thứ mười lăm"));
        assert_eq!(spelled_vi(21).as_deref(), Some("thứ hai mươi mốt"));
        assert_eq!(spelled_vi(0), None);
        assert_eq!(spelled_vi(100), None);
    }

    #[test]
    fn every_spelled_ordinal_reads_back_as_its_number() {
        for n in 1..=99 {
            let words = spelled_vi(n).unwrap();
            assert_eq!(
                normalize_ordinal(OrdinalStyle::Spelled, &words),
                Ok(n.to_string()),
                "{words}"
            );
        }
    }

    #[test]
    fn chapters_and_parts_normalize_back() {
        let doc = code_only("45/2019/QH14");
        for n in [1, 4, 9, 10, 14, 15, 21, 24, 25, 40, 99, 100, 150] {
            for token in ["chuong", "phan"] {
                let address = format!("45-2019-qh14/{token}-{n}");
                assert_eq!(normalized(&cite(&address, Some(&doc))), address);
            }
        }
    }

    fn vi_address() -> impl Strategy<Value = String> {
        let khoan = prop::option::of("[1-9][0-9]{0,2}[a-c]?");
        let diem = prop::option::of(prop_oneof!["[a-z]", Just("dd".to_owned()), "[a-h][1-9]"]);
        ("[1-9][0-9]{0,3}[a-c]?", khoan, diem).prop_map(|(dieu, khoan, diem)| {
            let mut a = format!("45-2019-qh14/dieu-{dieu}");
            if let Some(k) = khoan {
                a.push_str(&format!("/khoan-{k}"));
            }
            if let Some(d) = diem {
                a.push_str(&format!("/diem-{d}"));
            }
            a
        })
    }

    proptest! {
        #[test]
        fn vietnamese_citations_with_a_code_normalize_back_to_the_address(address in vi_address()) {
            let doc = code_only("45/2019/QH14");
            let citation = cite(&address, Some(&doc));
            prop_assert_eq!(normalized(&citation), address);
        }

        #[test]
        fn cite_address_never_panics(address in "[a-z0-9/-]{0,40}", code in "[A-Za-z0-9/ ]{0,12}") {
            let doc = code_only(&code);
            let _ = cite_address(&address, default_vocabularies(), Some(&doc));
            let _ = cite_address(&address, default_vocabularies(), None);
        }
    }
}
