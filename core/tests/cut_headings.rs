//! Headings go to the provision they head, in every layout the corpora hold (issue 46, item 6).
//! Each text is an excerpt of a corpus document as `npm run corpus` renders it from the
//! publisher's XML (`tests/corpus/*/SOURCES.tsv` names each source), and each expected heading
//! is the one that XML gives the provision.

use iu_cutter_core::cut::{cut, cut_with_frame, Cut};
use iu_cutter_core::default_vocabulary;

fn unit<'a>(cut: &'a Cut, path: &str) -> (Option<&'a str>, &'a str) {
    let address = format!("{}/{path}", cut.doc);
    cut.units
        .iter()
        .find(|u| u.canonical_address == address)
        .map(|u| (u.heading.as_deref(), u.body.as_str()))
        .unwrap_or_else(|| panic!("no unit {address}"))
}

/// The Road Vehicles Registration Fee Regulations 1998 (SI 1998/572; uk-clml,
/// `uksi-1998-572-made.xml`), as legislation.gov.uk prints an instrument: each regulation's
/// heading on the line above its number. The first one's was left at the end of the preamble,
/// the second one's at the end of regulation 1's body.
#[test]
fn an_instruments_heading_on_the_line_above_its_number_heads_that_regulation() {
    let text = "The Secretary of State for the Environment, Transport and the Regions, in exercise of the powers conferred by sections 21(3) and 57 of the Vehicle Excise and Registration Act 1994 and by virtue of the Department of Transport (Fees) Order 1988, hereby makes the following Regulations:—
Citation and commencement
1. These Regulations may be cited as the Road Vehicles Registration Fee Regulations 1998 and shall come into force on 1th April 1998.
Fee for registration of a mechanically propelled vehicle
2.—(1) A vehicle, which is note a vehicle falling within paragraph (2) below, shall not be registered under section 22 of the Vehicle Excise and Registration Act 1994 unless a fee of £25 has been paid to the Secretary of State.
(2) Paragraph (1) does not apply to a vehicle which is an exempt vehicle by virtue of paragraph 18 or 19 of Schedule 2 to that Act.
";
    let (result, frame) = cut_with_frame(text, "SI 1998/572", default_vocabulary("uk").unwrap());
    assert_eq!(
        unit(&result, "regulation-1"),
        (
            Some("Citation and commencement"),
            "These Regulations may be cited as the Road Vehicles Registration Fee Regulations 1998 and shall come into force on 1th April 1998."
        )
    );
    assert_eq!(
        unit(&result, "regulation-2").0,
        Some("Fee for registration of a mechanically propelled vehicle")
    );
    let preamble = frame.preamble.expect("the enacting words");
    assert!(
        preamble.text.ends_with("the following Regulations:—"),
        "{preamble:?}"
    );
    assert_eq!(preamble.end_line, 1);
}

/// The Police (Amendment) Regulations 1991 (SI 1991/2484; uk-clml, `uksi-1991-2484-made.xml`),
/// whose regulations have no headings: `1. These Regulations may be cited as …` is a sentence
/// of ten words, which was read as the regulation's heading.
#[test]
fn a_one_sentence_regulation_on_its_number_line_is_its_text_not_its_heading() {
    let text = "1. These Regulations may be cited as the Police (Amendment) Regulations 1991.
2. These Regulations shall come into force on 1st December 1991 and shall have effect for the purposes of regulation 3(5) as from 1st July 1990 and for the purposes of regulation 3(7) and (8) as from 1st September 1991.
";
    let result = cut(text, "SI 1991/2484", default_vocabulary("uk").unwrap());
    assert_eq!(
        unit(&result, "regulation-1"),
        (
            None,
            "These Regulations may be cited as the Police (Amendment) Regulations 1991."
        )
    );
}

/// Directive 2014/92/EU (akn-en, `32014L0092.akn.xml`), as EUR-Lex prints an article: its
/// number alone on a line, its heading on the next.
#[test]
fn an_articles_heading_on_the_line_below_its_number_heads_that_article() {
    let text = "CHAPTER I
SUBJECT MATTER, SCOPE AND DEFINITIONS
Article 1
Subject matter and scope
1. This Directive lays down rules concerning the transparency and comparability of fees charged to consumers on their payment accounts held within the Union.
2. This Directive also defines a framework for the rules and conditions according to which Member States are required to guarantee a right for consumers to open and use payment accounts with basic features in the Union.
Article 2
Definitions
For the purposes of this Directive, the following definitions apply:
";
    let result = cut(
        text,
        "Directive 2014/92/EU",
        default_vocabulary("en").unwrap(),
    );
    assert_eq!(
        unit(&result, "article-1").0,
        Some("Subject matter and scope")
    );
    assert_eq!(
        unit(&result, "article-2"),
        (
            Some("Definitions"),
            "For the purposes of this Directive, the following definitions apply:"
        )
    );
}

/// The Police (Northern Ireland) Act 2000 (uk-clml, `ukpga_20000032_en.xml`): a heading that
/// ends with the number of the section it cites was read as a table's row, and left in the body.
#[test]
fn a_heading_citing_a_number_is_a_heading() {
    // Section 30's heading and last line, then section 31's heading and first lines.
    let text = "30 Examinations
(10) In section 42(1) of the 1998 Act (publication of certain reports of inspectors) after “under section 41(2) or (3)” there shall be inserted “and any report of an inspection under section 41(4)(a)”.
31 Enforcement of duties under section 28
(1) Subsection (2) applies if the Secretary of State has received a report under section 29(4) or 30(5) of this Act, or section 41(4) of the 1998 Act, and he is satisfied that—
(a) the Board is failing to comply with the requirements of section 28; or
(b) it is appropriate to change performance indicators or performance standards contained in a performance plan.
";
    let result = cut(text, "2000 c. 32", default_vocabulary("uk").unwrap());
    assert_eq!(
        unit(&result, "section-31").0,
        Some("Enforcement of duties under section 28")
    );
}
