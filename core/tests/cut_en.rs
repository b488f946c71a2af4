//! Cutting English acts with the shipped `en` vocabulary.

use crate::cut_common;

use cut_common::{fixture, located, paths, well_formed};
use iu_cutter_core::read::cut::{cut, cut_with_frame, Cut};
use iu_cutter_core::read::sample::{generated_act_en, generated_act_en_units};
use iu_cutter_core::{default_vocabulary, Vocabulary};

const ACT: &str = "cyber-security-act-excerpt.txt";

fn en() -> &'static Vocabulary {
    default_vocabulary("en").expect("en ships")
}

fn cut_en(text: &str) -> Cut {
    let result = cut(text, "Act 12 of 2024", en());
    if let Err(e) = well_formed(&result, en()) {
        panic!("{e}");
    }
    result
}

fn body<'a>(cut: &'a Cut, path: &str) -> &'a str {
    let address = format!("{}/{path}", cut.doc);
    cut.units
        .iter()
        .find(|u| u.canonical_address == address)
        .map(|u| u.body.as_str())
        .unwrap_or_else(|| panic!("no unit {address}"))
}

#[test]
fn the_excerpt_cuts_into_parts_sections_paragraphs_subparagraphs_and_items() {
    let result = cut_en(&fixture(ACT));
    assert_eq!(result.doc, "act-12-of-2024");
    assert_eq!(located(&result), [], "{:#?}", result.diagnostics);
    let p = paths(&result);
    assert_eq!(
        p[..7],
        [
            "part-1",
            "section-1",
            "section-1/paragraph-1",
            "section-1/paragraph-2",
            "section-2",
            "section-2/paragraph-1",
            "section-2/paragraph-1/subparagraph-a",
        ]
    );
    assert_eq!(
        p[23..],
        [
            "part-2",
            "chapter-1",
            "section-3",
            "section-3/paragraph-1",
            "section-3/paragraph-2",
            "section-4",
            "section-4/paragraph-1",
        ]
    );
    assert_eq!(result.units.len(), 30);
}

#[test]
fn roman_i_right_after_h_is_subparagraph_i_and_otherwise_starts_items() {
    let result = cut_en(&fixture(ACT));
    let p = paths(&result);
    assert!(p.contains(&"section-2/paragraph-1/subparagraph-i".to_owned()));
    assert!(p.contains(&"section-2/paragraph-1/subparagraph-j".to_owned()));
    for item in ["1", "2", "3"] {
        let path = format!("section-2/paragraph-2/subparagraph-b/item-{item}");
        assert!(p.contains(&path), "{path} in {p:?}");
    }
    assert_eq!(
        body(&result, "section-2/paragraph-2/subparagraph-b/item-2"),
        "a limited liability partnership; and"
    );
    assert_eq!(
        body(&result, "section-2/paragraph-2/subparagraph-c"),
        "an unincorporated association."
    );
}

#[test]
fn an_ambiguous_v_continues_whichever_sequence_it_follows() {
    let result = cut_en(
        "Section 1 X\n(1) Y\n(a) a\n(i) one\n(ii) two\n(iii) three\n(iv) four\n(v) five\n(b) b\n",
    );
    assert_eq!(
        paths(&result)[3..],
        [
            "section-1/paragraph-1/subparagraph-a/item-1",
            "section-1/paragraph-1/subparagraph-a/item-2",
            "section-1/paragraph-1/subparagraph-a/item-3",
            "section-1/paragraph-1/subparagraph-a/item-4",
            "section-1/paragraph-1/subparagraph-a/item-5",
            "section-1/paragraph-1/subparagraph-b",
        ]
    );
    assert_eq!(located(&result), []);
    let result = cut_en("Section 1 X\n(1) Y\n(a) a\n(b) b\n(c) c\n");
    assert_eq!(
        paths(&result).last().map(String::as_str),
        Some("section-1/paragraph-1/subparagraph-c"),
        "(c) after (b) is a letter, not Roman 100"
    );
}

#[test]
fn headings_follow_the_number_after_a_space_dot_dash_or_colon() {
    let result = cut_en(&fixture(ACT));
    let heading = |path: &str| {
        let address = format!("{}/{path}", result.doc);
        result
            .units
            .iter()
            .find(|u| u.canonical_address == address)
            .and_then(|u| u.heading.clone())
    };
    assert_eq!(heading("part-1").as_deref(), Some("PRELIMINARY"));
    assert_eq!(
        heading("section-1").as_deref(),
        Some("Short title and commencement")
    );
    assert_eq!(heading("section-2").as_deref(), Some("Interpretation"));
    assert_eq!(heading("chapter-1").as_deref(), Some("The Commissioner"));
    assert_eq!(
        heading("section-3").as_deref(),
        Some("Appointment of Commissioner")
    );
    assert_eq!(heading("section-4").as_deref(), Some("Functions"));
}

#[test]
fn a_citation_at_the_start_of_a_line_stays_in_the_body() {
    let result = cut_en(&fixture(ACT));
    assert_eq!(
        body(&result, "section-3/paragraph-2"),
        "The Commissioner holds office on the terms the Minister determines, and\n\
         Section 5 of the Interpretation Act applies to the appointment."
    );
}

#[test]
fn page_furniture_preamble_and_closing_stay_out_of_the_units() {
    let (result, frame) = cut_with_frame(&fixture(ACT), "Act 12 of 2024", en());
    assert!(result.units.iter().all(|u| !u.body.contains("Page 2")));
    assert!(frame
        .preamble
        .expect("preamble")
        .text
        .ends_with("BE IT ENACTED by the Parliament as follows:"));
    let closing = frame.closing.expect("closing");
    assert!(closing.text.starts_with("IN WITNESS WHEREOF"));
    assert_eq!(
        body(&result, "section-4/paragraph-1"),
        "The Commissioner shall oversee the cybersecurity of critical information infrastructure."
    );
}

#[test]
fn the_generated_english_act_cuts_to_its_stated_count_through_many_subparagraphs() {
    let result = cut_en(&generated_act_en(3, 4, 2, 12));
    assert_eq!(
        u64::try_from(result.units.len()).unwrap(),
        generated_act_en_units(3, 4, 2, 12)
    );
    assert_eq!(located(&result), []);
    assert!(paths(&result).contains(&"section-1/paragraph-1/subparagraph-i".to_owned()));
    assert!(paths(&result).iter().all(|p| !p.contains("item-")));
}

// An EU act as EUR-Lex prints it: recitals `(1)`, `(2)` after `Whereas:` are its preamble,
// and an Article numbers its paragraphs `1.`, `2.`, each with its `(a)`, `(b)`.
#[test]
fn an_eu_act_numbers_its_paragraphs_with_a_point_and_its_recitals_are_preamble() {
    let text = "\
DIRECTIVE 2014/92/EU OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL
THE EUROPEAN PARLIAMENT AND THE COUNCIL OF THE EUROPEAN UNION,
Whereas:
(1) In accordance with Article 26(2) TFEU, the internal market is to comprise an area without internal frontiers.
(2) Consumers should be able to compare fees.
HAVE ADOPTED THIS DIRECTIVE:
Article 1
Subject matter and scope
1. This Directive lays down rules concerning the transparency of fees.
2. Member States may decide not to apply all or part of this Directive to
(a) credit unions; and
(b) the entities referred to in Article 2(5) of Directive 2013/36/EU.
Article 2
Definitions
For the purposes of this Directive, the following definitions apply:
(a) ‘consumer’ means any natural person;
(b) ‘payment account’ means an account held in the name of a consumer.
";
    let result = cut_en(text);
    let errors: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.severity == iu_cutter_core::text::diagnostic::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let got: Vec<&str> = result
        .units
        .iter()
        .map(|u| u.canonical_address.as_str())
        .collect();
    let d = result.doc.as_str();
    let want: Vec<String> = [
        "article-1",
        "article-1/paragraph-1",
        "article-1/paragraph-2",
        "article-1/paragraph-2/subparagraph-a",
        "article-1/paragraph-2/subparagraph-b",
        "article-2",
        "article-2/subparagraph-a",
        "article-2/subparagraph-b",
    ]
    .iter()
    .map(|a| format!("{d}/{a}"))
    .collect();
    assert_eq!(got, want);
    assert!(body(&result, "article-1/paragraph-1").starts_with("This Directive lays down"));
}

fn cut_commonwealth(text: &str) -> Cut {
    let v = default_vocabulary("commonwealth").expect("commonwealth ships");
    let result = cut(text, "Act 3 of 1997", v);
    if let Err(e) = well_formed(&result, v) {
        panic!("{e}");
    }
    result
}

// The Kenyan Retirement Benefits Act 1997 as its AKN prints it: one definition's opening mark
// is missing (`financial year" - (a) …`), and a mark opens in a sentence and never closes
// (`as an agent or "servant of another person.`). Read as toggles, the first made the rest of
// the definitions a quotation, the next `"` on a later line opened another, and so on until
// `"servant` closed the last one: sections 3 to 54 were quoted text of section 2, silently.
const STRAY_STRAIGHT: &str = "1. Short title.\nThis Act may be cited as the Act.\n2. Interpretation.\nIn this Act - \"Board\" means the Board; financial year\" - (a) in relation to the Authority, the year; \"Fund\" means the Fund; \"trustee\" means a trustee.\n3. Offences.\n(1) A person is liable as an agent or \"servant of another person.\n(2) An employer is liable.\n4. Statutory contributions.\nIn this section \"statutory contributions\" means contributions.\n5. Regulations.\nThe Minister may make regulations.\n";

#[test]
fn a_defined_terms_missing_opening_mark_opens_no_quotation_and_is_named_with_its_repair() {
    let result = cut_commonwealth(STRAY_STRAIGHT);
    assert_eq!(
        paths(&result),
        [
            "section-1",
            "section-2",
            "section-3",
            "section-3/subsection-1",
            "section-3/subsection-2",
            "section-4",
            "section-5"
        ]
    );
    assert_eq!(
        located(&result),
        [("stray-quote", 4, 54), ("unclosed-quote", 6, 39)]
    );
    let stray = &result.diagnostics[0];
    let repair = stray
        .repair
        .as_ref()
        .expect("the term shows where the mark goes");
    let repaired = repair.apply(STRAY_STRAIGHT).expect("applies");
    assert!(repaired.contains("the Board; \"financial year\" - (a)"));
    // Once repaired, only the quotation that never closes is left.
    let again = cut_commonwealth(&repaired);
    assert_eq!(located(&again), [("unclosed-quote", 6, 39)]);
    assert!(again.diagnostics[0].message.contains("heading on line 7"));
}

#[test]
fn a_quotation_opened_in_a_sentence_never_runs_over_a_heading() {
    // The mark opened in section 3 would be closed by the one opening section 4's term.
    let text = STRAY_STRAIGHT.replacen("financial year\"", "\"financial year\"", 1);
    let result = cut_commonwealth(&text);
    assert_eq!(located(&result), [("unclosed-quote", 6, 39)]);
    assert_eq!(paths(&result).len(), 7);
    assert_eq!(
        body(&result, "section-3/subsection-1"),
        "A person is liable as an agent or \"servant of another person."
    );
}

#[test]
fn straight_quotations_nest_by_the_shape_of_their_marks_and_inch_marks_open_none() {
    // `"(1) … as "the new Constitution"), … ";`: the inner pair does not close the outer one;
    // `12" pipes` is a measure, not a quotation.
    let text = "1. Amendment.\nItem 1 is replaced by -\n\"(1) A service (hereinafter referred to as \"the new Constitution\"), continues.\n(2) It is rationalised.\";\n2. Pipes.\nPipes of 12\" bore are used.\n3. Commencement.\nThis Act comes into force.\n";
    let result = cut_commonwealth(text);
    assert_eq!(located(&result), []);
    assert_eq!(paths(&result), ["section-1", "section-2", "section-3"]);
    assert!(body(&result, "section-1").ends_with("(2) It is rationalised.\";"));
}

#[test]
fn a_subsection_number_printed_twice_right_after_a_gap_reads_as_the_missing_one() {
    // Kenya 1997 s. 42: `(2) … (4) repeal (4) Where … (5) …`: the first (4) stands where (3)
    // belongs; the repair renumbers it, and the second (4) is then in its place.
    let text = "1. Powers.\n(1) A.\n(2) B.\n(4) repeal\n(4) Where C.\n(5) D.\n2. Other.\nE.\n";
    let result = cut_commonwealth(text);
    let d = result
        .diagnostics
        .iter()
        .find(|d| d.code == "duplicate-ordinal")
        .expect("named");
    assert_eq!((d.line, d.column), (4, 2));
    let repaired = d
        .repair
        .as_ref()
        .expect("a repair")
        .apply(text)
        .expect("applies");
    assert!(repaired.contains("(3) repeal\n(4) Where"));
    let again = cut_commonwealth(&repaired);
    assert!(again
        .diagnostics
        .iter()
        .all(|d| d.severity != iu_cutter_core::text::diagnostic::Severity::Error));
    assert_eq!(
        paths(&again),
        [
            "section-1",
            "section-1/subsection-1",
            "section-1/subsection-2",
            "section-1/subsection-3",
            "section-1/subsection-4",
            "section-1/subsection-5",
            "section-2"
        ]
    );
}

// Kenya 1997 s. 3 as its publisher's XML numbers it: `(1) Establishment and incorporation …`,
// printed as a heading (its title on its line, its text on the next) in the one-number gap
// between sections 2 and 4, numbered as a subsection.
const HEADING_NUMBERED_AS_SUBSECTION: &str = "PART I\n- PRELIMINARY\n1. Short title.\nThis Act may be cited as the Act.\n2. Interpretation.\nIn this Act, \"Board\" means the Board.\nPART II\n- THE AUTHORITY\n(1) Establishment and incorporation of the Authority\nThere is established an Authority.\n(2) The Authority shall be a body corporate capable of -\n(a) suing and being sued;\n(b) borrowing money.\n4. Headquarters.\nThe headquarters shall be in Nairobi.\n5. Functions of the Authority\nThe Authority regulates schemes.\n";

#[test]
fn a_heading_numbered_as_a_subsection_in_a_one_section_gap_is_that_sections_misprinted() {
    let result = cut_commonwealth(HEADING_NUMBERED_AS_SUBSECTION);
    // Named once at its line, in place of an orphan-unit error for each provision after it.
    assert_eq!(located(&result), [("misprinted-heading", 9, 1)]);
    let d = &result.diagnostics[0];
    assert!(d
        .message
        .contains("Section 3 is missing between Section 2 and Section 4"));
    let repaired = d
        .repair
        .as_ref()
        .expect("a repair")
        .apply(HEADING_NUMBERED_AS_SUBSECTION)
        .expect("applies");
    assert!(repaired.contains("\n3. Establishment and incorporation of the Authority\n"));
    let again = cut_commonwealth(&repaired);
    assert!(again
        .diagnostics
        .iter()
        .all(|d| d.severity != iu_cutter_core::text::diagnostic::Severity::Error));
    assert_eq!(
        paths(&again),
        [
            "part-1",
            "section-1",
            "section-2",
            "part-2",
            "section-3",
            "section-3/subsection-2",
            "section-3/subsection-2/paragraph-a",
            "section-3/subsection-2/paragraph-b",
            "section-4",
            "section-5"
        ]
    );
}

#[test]
fn a_subsection_in_a_gap_that_is_no_heading_is_not_read_as_one() {
    // `(1) There is established an Authority.` is followed by `(2)`, not by its text: a
    // subsection whose section's heading is lost, not a heading numbered `(1)`.
    let text = HEADING_NUMBERED_AS_SUBSECTION.replacen(
        "(1) Establishment and incorporation of the Authority\nThere is established an Authority.\n",
        "(1) There is established an Authority.\n",
        1,
    );
    let result = cut_commonwealth(&text);
    assert!(result
        .diagnostics
        .iter()
        .all(|d| d.code != "misprinted-heading"));
    assert!(result.diagnostics.iter().any(|d| d.code == "orphan-unit"));
}
