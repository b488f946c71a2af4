//! Cutting US Code titles and public laws as uscode.house.gov and govinfo print them, with the
//! shipped `us` vocabulary: the shapes of the corpus `us-code` / `us-plaw` in small excerpts
//! written for these tests.

use crate::cut_common;

use cut_common::well_formed;
use iu_cutter_core::read::cut::{cut_with_frame, Cut, Frame};
use iu_cutter_core::text::diagnostic::Severity;
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
            "division-a",
            "section-101",
            "division-b",
            "title-1",
            "title-2",
            "section-201"
        ]
    );
    assert_eq!(frame.contents, [6, 7, 8, 9, 10, 11, 12, 13]);
}

// A consolidated act prints Divisions A, B, … each with its own TITLE I and its sections
// numbered again per division (Pub. L. 114-113, H.R. 2029 enrolled): titles are addressed
// under their division, sections under their division (cited `section 101 of division B`);
// sections before the divisions, and every address of a text that numbers through, stay.
#[test]
fn divisions_whose_titles_and_sections_start_again_hold_them() {
    let text = "An Act
Be it enacted by the Senate and House of Representatives of the United States of America in Congress assembled,
SECTION 1. SHORT TITLE.
This Act may be cited as the “Consolidated Appropriations Act, 2016”.
SEC. 2. TABLE OF CONTENTS.
Sec. 1. Short title.
Sec. 2. Table of contents.
Sec. 3. References.
DIVISION A—AGRICULTURE APPROPRIATIONS ACT, 2016
Title I—Agricultural Programs
Title II—General Provisions
DIVISION B—COMMERCE APPROPRIATIONS ACT, 2016
Title I—Department of Commerce
Title II—General Provisions
SEC. 3. REFERENCES.
Any reference to “this Act” refers only to the division it is in.
DIVISION A—AGRICULTURE APPROPRIATIONS ACT, 2016
TITLE I AGRICULTURAL PROGRAMS
For necessary expenses, $1.
Sec. 101. None of the funds may be used so.
This section applies to every account.
TITLE II GENERAL PROVISIONS
Sec. 201. This title applies.
It applies to every account.
Sec. 202. Funds.
(a) Funds are available.
(b) Funds are not available.
DIVISION B—COMMERCE APPROPRIATIONS ACT, 2016
TITLE I DEPARTMENT OF COMMERCE
For necessary expenses, $2.
Sec. 101. None of the funds may be used so.
This section applies to every account.
TITLE II GENERAL PROVISIONS
Sec. 201. This title applies.
It applies to every account.
";
    let (cut, _) = cut_us(text, "Pub. L. 114-113");
    assert!(
        !cut.diagnostics
            .iter()
            .any(|d| d.severity == iu_cutter_core::text::diagnostic::Severity::Error),
        "{:?}",
        cut.diagnostics
    );
    assert_eq!(
        addresses(&cut),
        [
            "section-1",
            "section-2",
            "section-3",
            "division-a",
            "division-a/title-1",
            "division-a/section-101",
            "division-a/title-2",
            "division-a/section-201",
            "division-a/section-202",
            "division-a/section-202/subsection-a",
            "division-a/section-202/subsection-b",
            "division-b",
            "division-b/title-1",
            "division-b/section-101",
            "division-b/title-2",
            "division-b/section-201",
        ]
    );
    // The section's parent is its title; its address extends its division's.
    let s = cut
        .units
        .iter()
        .find(|u| u.canonical_address.ends_with("division-b/section-101"))
        .expect("cut");
    let parent = s.parent.and_then(|p| cut.units.get(p)).expect("a parent");
    assert!(parent.canonical_address.ends_with("division-b/title-1"));
}

// Divisions whose titles number through the act (`DIVISION B` holding `TITLE III` after
// `DIVISION A`'s `TITLE I`, `TITLE II`): titles and sections keep their document-wide addresses.
#[test]
fn divisions_that_number_through_keep_the_addresses() {
    let text = "An Act
Be it enacted by the Senate and House of Representatives of the United States of America in Congress assembled,
DIVISION A—FIRST ACT
TITLE I FIRST
Sec. 101. Text.
TITLE II SECOND
Sec. 201. Text.
DIVISION B—SECOND ACT
TITLE III THIRD
Sec. 301. Text.
";
    let (cut, _) = cut_us(text, "Pub. L. 1-2");
    assert_eq!(
        addresses(&cut),
        [
            "division-a",
            "title-1",
            "section-101",
            "title-2",
            "section-201",
            "division-b",
            "title-3",
            "section-301",
        ]
    );
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

#[test]
fn clauses_directly_under_a_paragraph_and_subparagraphs_directly_under_a_section() {
    // The Code skips levels where the law does: 24 U.S.C. 225(a)(4)(i) (USLM
    // `/us/usc/t24/s225/a/4/i`), 54 U.S.C. 300304(A) (`(A)` right under the section).
    let text = "§ 225. Findings and purposes
(a) The Congress makes the following findings:
(4) Saint Elizabeths Hospital provides services, including—
(i) acute and chronic inpatient psychiatric care;
(ii) outpatient psychiatric services; and
(iii) professional training.
(5) The continuation of the range of services must be assured.
(b) It is the intent of Congress that—
(1) the District have a mental health system which provides—
(A) high quality programs;
(B) a continuum of care.
§ 300304. Cultural park
In this division, the term “cultural park” means a definable area that—
(A) is distinguished by historic property; and
(B) constitutes an interpretive resource.
";
    let (cut, _) = cut_us(text, "usc-title-24");
    assert_eq!(
        addresses(&cut),
        [
            "section-225",
            "section-225/subsection-a",
            "section-225/subsection-a/paragraph-4",
            "section-225/subsection-a/paragraph-4/clause-1",
            "section-225/subsection-a/paragraph-4/clause-2",
            "section-225/subsection-a/paragraph-4/clause-3",
            "section-225/subsection-a/paragraph-5",
            "section-225/subsection-b",
            "section-225/subsection-b/paragraph-1",
            "section-225/subsection-b/paragraph-1/subparagraph-a",
            "section-225/subsection-b/paragraph-1/subparagraph-b",
            "section-300304",
            "section-300304/subparagraph-a",
            "section-300304/subparagraph-b",
        ]
    );
}

#[test]
fn a_repeated_subsection_letter_is_no_first_clause_far_into_its_numbers() {
    // 44 U.S.C. 3505 prints two subsections (c) ("So in original"): the second is the
    // letter repeated (a duplicate the defects pass reads as (d)), not clause c (100)
    // under paragraph (4).
    let text = "§ 3505. Assignment of tasks and deadlines
(b) The Director may waive requirements.
(c) Inventory of Major Information Systems.—
(4) The Director shall issue guidance.
(c) Inventory of Information Systems.—
(1) The head of each agency shall maintain an inventory.
";
    let (cut, _) = cut_with_frame(text, "usc-title-44", us());
    assert_eq!(
        addresses(&cut),
        [
            "section-3505",
            "section-3505/subsection-b",
            "section-3505/subsection-c",
            "section-3505/subsection-c/paragraph-4",
        ]
    );
    let d = &cut
        .diagnostics
        .iter()
        .find(|d| d.line == 5)
        .expect("line 5 is named");
    assert_eq!(d.code, "duplicate-ordinal");
    assert!(d.repair.is_some(), "{d:?}");
}

#[test]
fn an_appropriations_titles_own_text_may_list_items() {
    // Pub. L. 114-4: a Title's appropriations run before any section (govinfo's
    // `appropriations` elements have a heading and no number), and a proviso lists what a
    // report holds. The items are text of the Title, named once by a warning.
    let text = "TITLE II SECURITY, ENFORCEMENT, AND INVESTIGATIONS
Transportation Security Administration
aviation security
For necessary expenses, $5,639,095,000: Provided further, That the Administrator shall submit a detailed report on—
(1) the efforts being devoted to screening technologies;
(2) how the workforce is deployed; and
(3) labor savings:
Provided further, That the Administrator shall report on—
(1) benchmarks; and
(2) the total number of passengers who:
(A) have enrolled; and
(B) were selectively identified:
Provided further, That nothing shall apply.
GENERAL PROVISIONS—THIS TITLE
Sec. 201. None of the funds shall be used.
(a) In general.—The Secretary shall act.
";
    let (cut, _) = cut_us(text, "pl-114-4");
    assert_eq!(
        addresses(&cut),
        ["title-2", "section-201", "section-201/subsection-a"]
    );
    let title = &cut.units[0];
    assert!(title
        .body
        .contains("(2) the total number of passengers who:\n(A) have enrolled; and"));
    // (The excerpt starts at Title II and Sec. 201: two ordinal gaps besides.)
    let lists: Vec<_> = cut
        .diagnostics
        .iter()
        .filter(|d| d.code != "ordinal-gap")
        .map(|d| (d.line, d.code))
        .collect();
    assert_eq!(lists, [(5, "list-in-text")]);
}

#[test]
fn a_list_after_an_unread_provision_in_a_division_stays_an_orphan() {
    // A division whose own text already holds a numbered line the cut could not read
    // (`5.—(1)` of a schedule under a Chapter) lost a provision heading: its list is no
    // division's text, and the orphans say where.
    let text = "TITLE I GENERAL
5.—(1) The Secretary may elect a member.
(4) The notice must state—
(1) whether payments are to be made; and
(2) whether the member has an account.
Sec. 101. Short title.
";
    let (cut, _) = cut_with_frame(text, "pl-114-4", us());
    let orphans = cut
        .diagnostics
        .iter()
        .filter(|d| d.code == "orphan-unit")
        .count();
    assert!(orphans >= 2, "{:#?}", cut.diagnostics);
    assert!(cut.diagnostics.iter().all(|d| d.code != "list-in-text"));
}

#[test]
fn an_appropriations_list_after_a_parenthetical_subheading_is_the_titles_text() {
    // Pub. L. 114-113 (H.R. 2029 as enrolled), div. G, title II: an appropriation's heading
    // carries a parenthetical line (`(including transfers of funds)`), and another one's text
    // lists (1), (2) after the title's sections. The items are the Title's text, as before a
    // section; a line `(4) The notice …` would still be a provision the cut could not read.
    let text = "TITLE I FIRST
Sec. 101. None of the funds shall be used.
TITLE II ENVIRONMENTAL PROTECTION AGENCY
Hazardous Substance Superfund
(including transfers of funds)
For necessary expenses, $1,000.
Leaking Underground Storage Tank Trust Fund Program
(rescission)
State and Tribal Assistance Grants
For environmental programs, $3,518,161,000, of which—
(1) $1,393,887,000 shall be for grants;
(2) $10,000,000 shall be for the Border.
Sec. 201. None of the funds shall be used.
";
    let (cut, _) = cut_us(text, "hr-114-2029");
    assert_eq!(
        addresses(&cut),
        ["title-1", "section-101", "title-2", "section-201"]
    );
    assert!(cut.units[2]
        .body
        .contains("of which—\n(1) $1,393,887,000 shall be for grants;"));
    assert!(cut.diagnostics.iter().any(|d| d.code == "list-in-text"));
}

#[test]
fn a_part_numbered_in_digits_is_a_part() {
    // The Code prints `PART A—` (the vocabulary's style); a public law prints `PART 1—`
    // (Pub. L. 114-113, div. Q, title I, subtitle A) and its division's contents `Part 1—…`.
    let text = "TITLE I EXTENDERS
Subtitle A—Permanent Extensions
PART 1—TAX RELIEF FOR FAMILIES AND INDIVIDUALS
Sec. 101. Enhanced child tax credit made permanent.
PART 2—INCENTIVES FOR CHARITABLE GIVING
Sec. 111. Extension of charitable rollovers.
Subtitle B—Extensions Through 2019
PART 1—OTHER MATTERS
Sec. 121. Extension of credit.
";
    let (cut, _) = cut_us(text, "hr-114-2029");
    assert_eq!(
        addresses(&cut),
        [
            "title-1",
            "title-1/subtitle-a",
            "title-1/subtitle-a/part-1",
            "section-101",
            "title-1/subtitle-a/part-2",
            "section-111",
            "title-1/subtitle-b",
            "title-1/subtitle-b/part-1",
            "section-121",
        ]
    );
    assert!(
        cut.diagnostics
            .iter()
            .all(|d| d.code != "ordinal-out-of-order"),
        "{:#?}",
        cut.diagnostics
    );
}

/// Pub. L. 113-44 (H.J. Res. 91, 2013, govinfo's USLM) opens with `Sec. 101.`: a joint resolution
/// numbers its sections by hundreds with no title printed above them, so no section is missing.
/// A first section that is not n01 (`Sec. 5.`) is still a gap worth a warning.
#[test]
fn a_joint_resolutions_first_section_101_is_no_gap() {
    let text = "\
Joint Resolution
Making continuing appropriations for death gratuities and related survivor benefits for survivors of deceased military service members of the Department of Defense for fiscal year 2014, and for other purposes.
Resolved by the Senate and House of Representatives of the United States of America in Congress assembled,
That the following sums are hereby appropriated, out of any money in the Treasury not otherwise appropriated, for death gratuities and related benefits for survivors of deceased military service members of the Department of Defense for fiscal year 2014, and for other purposes, namely:
Sec. 101. (a) Such amounts as may be necessary, at a rate for operations as provided for fiscal year 2013 in the Department of Defense Appropriations Act, 2013 (division C of Public Law 113–6) and under the authority and conditions provided in such Act:
(1) The payment of a death gratuity under sections 1475–1477 and 1489 of title 10, United States Code.
Sec. 102. Appropriations made by section 101 shall be available to the extent and in the manner that would be provided by the pertinent appropriations Act.
";
    let gaps = |text: &str| {
        let (cut, _) = cut_us(text, "pub-l-113-44");
        cut.diagnostics
            .iter()
            .filter(|d| d.code == "ordinal-gap")
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(gaps(text), Vec::<String>::new());
    let from_five = text
        .replace("Sec. 101.", "Sec. 5.")
        .replace("Sec. 102.", "Sec. 6.");
    assert_eq!(gaps(&from_five).len(), 1, "{:?}", gaps(&from_five));
}
