//! Citations in real US texts: Pub. L. 114-190 and title 1 of the US Code, as published
//! (`tests/fixtures/legislation/us-*`), read with the shipped `us` vocabulary.

use std::time::{Duration, Instant};

use iu_cutter_core::read::citations::{find_citations, find_citations_in, Citation};
use iu_cutter_core::text::vocabulary::{default_vocabulary, Vocabulary};
use iu_cutter_core::{parse, validate};

const PLAW: &str = "us-plaw-114-190";
const USC_01: &str = "us-usc-title-01";

fn text(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/legislation/{name}/text.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn us() -> &'static [Vocabulary] {
    std::slice::from_ref(default_vocabulary("us").expect("the us vocabulary ships"))
}

/// The line of the fixture that starts with `start`.
fn line<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start:?}"))
}

fn cited(found: &[Citation]) -> Vec<(&str, Vec<&str>)> {
    found
        .iter()
        .map(|c| {
            (
                c.text.as_str(),
                c.addresses.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

#[test]
fn citations_in_known_sentences_of_pub_l_114_190_normalize_to_their_addresses() {
    let text = text(PLAW);
    let context = parse("pub-l-114-190/section-102/subsection-b").unwrap();
    let sentence = line(&text, "(b) Project Grant Authority.—Section 47104(c)");
    let found = find_citations_in(sentence, us(), Some("Pub. L. 114-190"), Some(&context));
    assert_eq!(
        cited(&found),
        [
            (
                "Section 47104(c) of title 49, United States Code",
                vec!["49-u-s-c/section-47104/subsection-c"]
            ),
            // The text means paragraph (1) of the amended subsection; read alone, it is
            // relative to the citing unit, as every citation without a root is.
            (
                "paragraph (1)",
                vec!["pub-l-114-190/section-102/subsection-b/paragraph-1"]
            ),
        ]
    );
    assert_eq!(found[0].doc.as_deref(), Some("49-u-s-c"));
    assert!(found[1].relative);

    let sentence = line(&text, "(c) Section 47124(b)(3)(E) of title 49");
    let found = find_citations(sentence, us(), Some("Pub. L. 114-190"));
    assert_eq!(
        found[0].addresses,
        ["49-u-s-c/section-47124/subsection-b/paragraph-3/subparagraph-e"]
    );

    let sentence = line(&text, "(D) support voluntary efforts by industry");
    let found = find_citations(sentence, us(), Some("Pub. L. 114-190"));
    let got = cited(&found);
    assert!(
        got.contains(&(
            "15 U.S.C. 272(e)",
            vec!["15-u-s-c/section-272/subsection-e"]
        )),
        "{got:?}"
    );

    let sentence = line(&text, "“(1) Wildfire.—The term");
    let found = find_citations(sentence, us(), Some("Pub. L. 114-190"));
    let got = cited(&found);
    assert!(
        got.contains(&("42 U.S.C. 1856m", vec!["42-u-s-c/section-1856m"])),
        "{got:?}"
    );
}

#[test]
fn citations_in_known_sentences_of_title_1_of_the_us_code_normalize_to_their_addresses() {
    let text = text(USC_01);
    let sentence = line(&text, "(July 30, 1947, ch. 388, 61 Stat. 633;");
    let found = find_citations(sentence, us(), Some("1 U.S.C."));
    let got = cited(&found);
    assert!(
        got.contains(&(
            "Pub. L. 112–231, § 2(a)",
            vec!["pub-l-112-231/section-2/subsection-a"]
        )),
        "{got:?}"
    );

    let sentence = line(
        &text,
        "(i) Section 1842(n)(1)(A) of the Social Security Act",
    );
    let found = find_citations(sentence, us(), Some("1 U.S.C."));
    let got = cited(&found);
    assert!(
        got.contains(&(
            "42 U.S.C. 1395m(n)(1)(A)",
            vec!["42-u-s-c/section-1395m/subsection-n/paragraph-1/subparagraph-a"]
        )),
        "{got:?}"
    );
}

/// Byte offsets of `needle` in `text`.
fn offsets(text: &str, needle: &str) -> Vec<usize> {
    text.match_indices(needle).map(|(at, _)| at).collect()
}

/// The citation whose span holds byte `at`.
fn covering(found: &[Citation], at: usize) -> Option<&Citation> {
    found.iter().find(|c| c.span.start <= at && at < c.span.end)
}

fn scan(name: &str, doc: &str) -> (String, Vec<Citation>) {
    let text = text(name);
    let started = Instant::now();
    let found = find_citations(&text, us(), Some(doc));
    let took = started.elapsed();
    // About 0.1–0.2 MB: a few milliseconds in a release build; the bound leaves room for debug builds.
    assert!(took < Duration::from_secs(2), "{name}: {took:?}");
    let mut previous_end = 0;
    for c in &found {
        assert!(
            c.span.start >= previous_end,
            "{name}: overlap at {:?}",
            c.span
        );
        assert_eq!(text.get(c.span.start..c.span.end), Some(c.text.as_str()));
        for a in &c.addresses {
            assert!(validate(a).is_ok(), "{name}: {a}");
        }
        previous_end = c.span.end;
    }
    (text, found)
}

#[test]
fn every_us_code_reference_in_the_fixtures_cites_its_title_and_the_scan_is_fast() {
    for (name, doc) in [(PLAW, "Pub. L. 114-190"), (USC_01, "1 U.S.C.")] {
        let (text, found) = scan(name, doc);
        // `49 U.S.C. 40101`, `15 U.S.C. 272(e)`: the number before ` U.S.C. ` is the title.
        let mut checked = 0;
        for at in offsets(&text, " U.S.C. ") {
            let before = text.get(..at).unwrap_or_default();
            let title: String = before
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let after = text.get(at + " U.S.C. ".len()..).unwrap_or_default();
            if title.is_empty() || !after.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let c = covering(&found, at).unwrap_or_else(|| panic!("{name}: no citation at {at}"));
            assert_eq!(c.doc, Some(format!("{title}-u-s-c")), "{name}: {}", c.text);
            assert!(!c.addresses.is_empty(), "{name}: {}", c.text);
            checked += 1;
        }
        assert!(checked >= 5, "{name}: only {checked} US Code citations");
        // `of title 49, United States Code` names title 49 of the Code.
        for at in offsets(&text, "title 49, United States Code") {
            let c = covering(&found, at).unwrap_or_else(|| panic!("{name}: no citation at {at}"));
            assert_eq!(c.doc.as_deref(), Some("49-u-s-c"), "{name}: {}", c.text);
        }
    }
}

#[test]
fn every_public_law_in_title_1_of_the_us_code_is_a_document_citation() {
    let (text, found) = scan(USC_01, "1 U.S.C.");
    let mut checked = 0;
    for at in offsets(&text, "Pub. L. ") {
        let number: String = text
            .get(at + "Pub. L. ".len()..)
            .unwrap_or_default()
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '–' || *c == '-')
            .map(|c| if c == '–' { '-' } else { c })
            .collect();
        let c = covering(&found, at).unwrap_or_else(|| panic!("no citation at {at}"));
        assert_eq!(c.doc, Some(format!("pub-l-{number}")), "{}", c.text);
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn a_clause_is_cited_right_under_a_paragraph() {
    // 24 U.S.C. 225(a)(4)(i) and 54 U.S.C. 300304(A): the Code skips a level where the law
    // does (vocabulary `us`: a clause may stand under a paragraph, a subparagraph under a
    // subsection or a section).
    let found = find_citations(
        "See section 225(a)(4)(ii) of title 24, United States Code. See also section 300304(B) of title 54, United States Code.",
        us(),
        None,
    );
    assert_eq!(
        cited(&found),
        [
            (
                "section 225(a)(4)(ii) of title 24, United States Code",
                vec!["24-u-s-c/section-225/subsection-a/paragraph-4/clause-2"]
            ),
            // Written right after a section, a letter reads as a subsection, whatever its
            // case: citations name 54 U.S.C. 300304(B) by the nearest level.
            (
                "section 300304(B) of title 54, United States Code",
                vec!["54-u-s-c/section-300304/subsection-b"]
            ),
        ]
    );
}
