//! Cutting US Code titles and public laws as uscode.house.gov and govinfo print them, with the
//! shipped `us` vocabulary: the shapes of the corpus `us-code` / `us-plaw` in small excerpts
//! written for these tests.

mod cut_common;

use cut_common::well_formed;
use iu_cutter_core::cut::{cut_with_frame, Cut, Frame};
use iu_cutter_core::diagnostic::Severity;
use iu_cutter_core::{default_vocabulary, Vocabulary};

fn us() -> &'static Vocabulary {
    default_vocabulary("us").expect("us ships")
}

fn cut_us(text: &str, doc: &str) -> (Cut, Frame) {
    let (result, frame) = cut_with_frame(text, doc, us());
    if let Err(e) = well_formed(&result, us()) {
        panic!("{e}");
    }
    let errors: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    (result, frame)
}

fn addresses(cut: &Cut) -> Vec<&str> {
    let prefix = cut.doc.len() + 1;
    cut.units
        .iter()
        .map(|u| &u.canonical_address[prefix..])
        .collect()
}

#[test]
fn repealed_sections_are_units_with_their_first_number() {
    let text = "TITLE 3—THE PRESIDENT
CHAPTER 2—OFFICE AND COMPENSATION OF PRESIDENT
§ 102. Compensation of the President
The President shall receive a salary.
[CHAPTER 3—REPEALED]
[§ 201. Repealed. July 16, 1951, ch. 226, § 5(a), 65 Stat. 122]
Section, act June 25, 1948, related to protection of President.
[§§ 202 to 204. Repealed. Pub. L. 109–177, title VI, § 605(c)]
Section 202, acts June 25, 1948, related to the Uniformed Division.
§§ 205, 205a. Repealed. Pub. L. 91–217, § 1(7)
CHAPTER 4—DELEGATION OF FUNCTIONS
§ 301. General authorization to delegate functions
The President may delegate.
";
    let (cut, _) = cut_us(text, "usc-title-3");
    assert_eq!(
        addresses(&cut),
        [
            "title-3",
            "chapter-2",
            "section-102",
            "chapter-3",
            "section-201",
            "section-202",
            "section-205",
            "chapter-4",
            "section-301"
        ]
    );
    let s202 = cut
        .units
        .iter()
        .find(|u| u.canonical_address.ends_with("section-202"))
        .unwrap();
    assert_eq!(
        s202.heading.as_deref(),
        Some("Repealed. Pub. L. 109–177, title VI, § 605(c)]")
    );
}

#[test]
fn what_a_note_quotes_stays_in_the_note() {
    // An Executive Order set out under § 301: its parts and sections are not the title's.
    let text = "TITLE 3—THE PRESIDENT
CHAPTER 4—DELEGATION OF FUNCTIONS
§ 301. General authorization to delegate functions
The President may delegate.
Executive Documents
Ex. Ord. No. 10530. Delegation of Miscellaneous Functions
Ex. Ord. No. 10530, May 10, 1954, 19 F.R. 2709, provided:
Part I—Director of the Bureau of the Budget
[Superseded by Ex. Ord. No. 11230]
Part IV
the federal communications commission
Sec. 5. (a) The Federal Communications Commission is designated.
(b) Executive Order No. 3513 is revoked.
Sec. 6. The Attorney General is designated.
§ 302. Scope of delegation of functions
The authority conferred shall apply.
";
    let (cut, frame) = cut_us(text, "usc-title-3");
    assert_eq!(
        addresses(&cut),
        ["title-3", "chapter-4", "section-301", "section-302"]
    );
    assert!(frame.notes.iter().any(|n| n.text.contains("Sec. 6.")));
}

#[test]
fn a_chapter_analysis_lists_subchapters_without_cutting_them() {
    let text = "TITLE 24—HOSPITALS AND ASYLUMS
CHAPTER 10—ARMED FORCES RETIREMENT HOME
Sec.
401. Definitions.
SUBCHAPTER I—ESTABLISHMENT AND OPERATION OF RETIREMENT HOME
411. Establishment of the Armed Forces Retirement Home.
SUBCHAPTER II—TRANSITIONAL PROVISIONS
431 to 433. Repealed.
SUBCHAPTER III—AUTHORIZATION OF APPROPRIATIONS
441. Repealed.
§ 401. Definitions
For purposes of this chapter the term “Home” means the Home.
SUBCHAPTER I—ESTABLISHMENT AND OPERATION OF RETIREMENT HOME
§ 411. Establishment of the Armed Forces Retirement Home
(a) The Home is established.
SUBCHAPTER II—TRANSITIONAL PROVISIONS
§§ 431 to 433. Repealed. Pub. L. 112–81
SUBCHAPTER III—AUTHORIZATION OF APPROPRIATIONS
§ 441. Repealed. Pub. L. 107–107
";
    let (cut, _) = cut_us(text, "usc-title-24");
    assert_eq!(
        addresses(&cut),
        [
            "title-24",
            "chapter-10",
            "section-401",
            "chapter-10/subchapter-1",
            "section-411",
            "section-411/subsection-a",
            "chapter-10/subchapter-2",
            "section-431",
            "chapter-10/subchapter-3",
            "section-441"
        ]
    );
}

#[test]
fn a_public_laws_table_of_contents_is_text_up_to_its_last_entry() {
    let text = "An Act
Be it enacted by the Senate and House of Representatives of the United States of America in Congress assembled,
SECTION 1. SHORT TITLE.
This Act may be cited as the “Appropriations Act, 2017”.
SEC. 2. TABLE OF CONTENTS.
Sec. 1. Short title.
Sec. 2. Table of contents.
Sec. 3. References.
Sec. 4. Availability of funds.
DIVISION A—FURTHER CONTINUING APPROPRIATIONS ACT, 2017
DIVISION B—SECURITY ASSISTANCE APPROPRIATIONS ACT, 2017
Title I—Department of Defense
Title II—Department of State
SEC. 3. REFERENCES.
Any reference to “this Act” refers to division B.
SEC. 4. AVAILABILITY OF FUNDS.
(a) Each amount is designated.
DIVISION A—FURTHER CONTINUING APPROPRIATIONS ACT, 2017
Sec. 101. The Continuing Appropriations Act, 2017 is amended.
DIVISION B—SECURITY ASSISTANCE APPROPRIATIONS ACT, 2017
TITLE I DEPARTMENT OF DEFENSE
For operation and maintenance, $1.
TITLE II DEPARTMENT OF STATE
Sec. 201. Unless otherwise provided for by this title, amounts are available.
";
    let (cut, frame) = cut_us(text, "Pub. L. 114-254");
    assert_eq!(
        addresses(&cut),
        [
            "section-1",
            "section-2",
            "section-3",
            "section-4",
            "section-4/subsection-a",
            "section-101",
            "title-1",
            "title-2",
            "section-201"
        ]
    );
    assert_eq!(frame.contents, [6, 7, 8, 9, 12, 13]);
}

#[test]
fn clause_i_then_subclause_i_is_no_subsection_i() {
    let text = "§ 2011. Competitive products fund
(h)
(1)
(A) The Secretary shall determine—
(i) the accounting practices with the objectives of—
(I) identifying the assets; and
(II) preventing subsidies; and
(ii) the rules for the income tax.
(i) The Postal Service shall report.
";
    let (cut, _) = cut_us(text, "usc-title-39");
    assert_eq!(
        addresses(&cut)[4..],
        [
            "section-2011/subsection-h/paragraph-1/subparagraph-a/clause-1",
            "section-2011/subsection-h/paragraph-1/subparagraph-a/clause-1/subclause-1",
            "section-2011/subsection-h/paragraph-1/subparagraph-a/clause-1/subclause-2",
            "section-2011/subsection-h/paragraph-1/subparagraph-a/clause-2",
            "section-2011/subsection-i"
        ]
    );
}

#[test]
fn the_paragraphs_of_one_quotation_each_open_a_mark() {
    // Only the last paragraph closes the quotation; what follows it is the title's again.
    let text = "§ 20102. Congressional declaration of policy
(a) Congress declares a policy.
Congressional Findings
Pub. L. 100–685, title I, § 101, provided that:
“Congress finds that—
“(1) the United States should lead; and
“(2) the Administration should plan.”
§ 20103. Definitions
In this chapter the term “vehicle” means a vehicle.
";
    let (cut, _) = cut_us(text, "usc-title-51");
    assert_eq!(
        addresses(&cut),
        [
            "section-20102",
            "section-20102/subsection-a",
            "section-20103"
        ]
    );
}
