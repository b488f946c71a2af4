//! Definitions in interpretation provisions as legislation.gov.uk prints them: each
//! definition a unit addressed by its term, its own `(a)`, `(b)` … its paragraphs
//! (ADDRESS-GRAMMAR §2). The texts are written for the test in the publisher's layout.

use iu_cutter_core::read::cut::cut;
use iu_cutter_core::text::diagnostic::Severity;
use iu_cutter_core::text::vocabulary::default_vocabulary;

fn addresses(text: &str, doc: &str) -> (Vec<String>, Vec<(String, u32)>) {
    let uk = default_vocabulary("uk").expect("uk");
    let c = cut(text, doc, uk);
    let errors = c
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code.to_owned(), d.line))
        .collect();
    let prefix = format!("{}/", c.doc);
    let units = c
        .units
        .iter()
        .map(|u| {
            u.canonical_address
                .strip_prefix(&prefix)
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    (units, errors)
}

const ACT: &str = "\
Example Act 2003
1 Short title
This Act may be cited as the Example Act 2003.
2 Interpretation
(1) In this Act—
“owner” means—
(a) the freeholder, or
(b) a tenant under a lease of more than 21 years;
“local authority” includes—
(a) a council, and
(b) a joint board;
“prescribed” means prescribed by regulations.
(2) In this Act “the qualifying day” means—
(a) the first day of the month, or
(b) another day the Minister appoints.
3 Commencement
This Act comes into force on 1 April 2003.
";

#[test]
fn a_uk_interpretation_section_lists_definitions_with_their_paragraphs() {
    let (units, errors) = addresses(ACT, "ukpga 2003 2");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        units,
        [
            "section-1",
            "section-2",
            "section-2/subsection-1",
            "section-2/subsection-1/definition-owner",
            "section-2/subsection-1/definition-owner/paragraph-a",
            "section-2/subsection-1/definition-owner/paragraph-b",
            "section-2/subsection-1/definition-localauthority",
            "section-2/subsection-1/definition-localauthority/paragraph-a",
            "section-2/subsection-1/definition-localauthority/paragraph-b",
            "section-2/subsection-1/definition-prescribed",
            // One definition inside the subsection's sentence is no list: its (a), (b) are
            // the subsection's paragraphs, as before.
            "section-2/subsection-2",
            "section-2/subsection-2/paragraph-a",
            "section-2/subsection-2/paragraph-b",
            "section-3",
        ]
    );
}

#[test]
fn a_statutory_instrument_lists_definitions_after_its_run_in_paragraph() {
    let text = "\
The Example Regulations 2009
1. Citation
These Regulations may be cited as the Example Regulations 2009.
2.—(1) In these Regulations—
“the 1990 Act” means the Example Act 1990;
“applicant” means a person who—
(a) applies for a licence, and
(b) pays the fee;
“licence” has the meaning given in section 3 of the 1990 Act.
(2) These Regulations apply in England.
";
    let (units, errors) = addresses(text, "uksi 2009 1");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        units,
        [
            "regulation-1",
            "regulation-2",
            "regulation-2/subsection-1",
            "regulation-2/subsection-1/definition-the1990act",
            "regulation-2/subsection-1/definition-applicant",
            "regulation-2/subsection-1/definition-applicant/paragraph-a",
            "regulation-2/subsection-1/definition-applicant/paragraph-b",
            "regulation-2/subsection-1/definition-licence",
            "regulation-2/subsection-2",
        ]
    );
}

/// legislation.gov.uk prints a definition whose wording differs by extent twice (uksi 2005/263:
/// `“recovery” means …` for England and Wales, `“recovery” has the meaning …` for Scotland):
/// the second is addressed with the next free suffix and named by a warning at its line, so a
/// definition copied twice by mistake is still seen.
#[test]
fn a_term_defined_twice_in_one_list_takes_the_next_suffix_and_is_named() {
    let text = "\
1 Interpretation
In this Act—
“owner” means the freeholder;
“Owner” means the tenant.
2 Commencement
This Act comes into force today.
";
    let (units, errors) = addresses(text, "ukpga 2003 3");
    assert_eq!(
        units,
        [
            "section-1",
            "section-1/definition-owner",
            "section-1/definition-owner2",
            "section-2"
        ]
    );
    assert!(errors.is_empty(), "{errors:?}");
    let c = cut(text, "ukpga 2003 3", default_vocabulary("uk").expect("uk"));
    let again: Vec<(u32, Severity)> = c
        .diagnostics
        .iter()
        .filter(|d| d.code == "term-defined-again")
        .map(|d| (d.line, d.severity))
        .collect();
    assert_eq!(again, [(4, Severity::Warning)]);
}

/// Justice Canada: unquoted terms; two different terms that fold alike (`air crew`, and the
/// repealed `aircrew`) do not collide: the later one takes `2`.
#[test]
fn different_terms_that_fold_alike_do_not_collide() {
    let text = "\
Interpretation
Marginal note:Definitions
2 The following definitions apply in these Regulations.
air carrier means any person who operates a domestic service; (transporteur aérien)
air crew means the flight crew; (personnel d’aéronef)
aircrew [Repealed, SOR/96-335, s. 1]
charter means
(a) a flight, or
(b) a series of flights; (affrètement)
Marginal note:Application
3 These Regulations apply to air carriers.
";
    let (units, errors) = addresses(text, "SOR/88-58");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        units,
        [
            "section-2",
            "section-2/definition-aircarrier",
            "section-2/definition-aircrew",
            "section-2/definition-aircrew2",
            "section-2/definition-charter",
            "section-2/definition-charter/paragraph-a",
            "section-2/definition-charter/paragraph-b",
            "section-3",
        ]
    );
}
