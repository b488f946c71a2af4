//! Canadian consolidated Acts as Justice Canada prints them (laws-lois.justice.gc.ca), cut with
//! the `uk` vocabulary: marginal notes, inserted (decimal) numbers, repealed provisions and
//! ranges of them, definitions with their own paragraphs, tables. The text is written for
//! the test in the site's layout, not copied from an Act.

use crate::cut_common;

use iu_cutter_core::change::plan::{plan, PlanInput};
use iu_cutter_core::read::cut::cut;
use iu_cutter_core::text::diagnostic::Severity;
use iu_cutter_core::text::vocabulary::default_vocabulary;

const ACT: &str = "\
Example Act
S.C. 2001, c. 1
Short Title
Marginal note:Short title
1 This Act may be cited as the Example Act.
Interpretation
Marginal note:Definitions
2 (1) In this Act,
coroner includes any
(a) medical examiner, or
(b) other person
carrying out the duties of a coroner; (coroner)
department means
(a) any department of the Government of Canada,
(b) any body listed in the schedule, and
(c) any authority established by a department; (ministère)
former term [Repealed, 2001, c. 2, s. 1]
Marginal note:Meaning of other means
(2) For the purposes of this Act, other means means any system.
Marginal note:Exclusion
(2.1) A person does not carry on an undertaking
(a) that is ancillary to a business;
(a.1) that is part of a school; or
(b) that is part of a theatre.
3 [Repealed, 2001, c. 2, s. 2]
Marginal note:Agreements
3.1 (1) The Minister may enter into an agreement.
(2) The agreement must be published.
4 to 9 [Amendments]
PART II
Operations
Marginal note:Rates
10 The rates are as follows:
Item\tProvince\tRate
1\tOntario\t5
2\tQuebec\t6
Marginal note:Variation
10.01 The Minister may vary the rates.
PART IV
Administration
Marginal note:Powers
40 The Minister may delegate.
RELATED PROVISIONS
— 2005, c. 3, s. 12
Marginal note:Transitional
12 (1) Every licence continues.
(2) Every order continues.
";

#[test]
fn a_justice_canada_act_cuts_with_its_own_numbers() {
    let uk = default_vocabulary("uk").unwrap();
    let cut = cut(ACT, "S.C. 2001 c. 1", uk);
    let errors: Vec<_> = cut
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let units: Vec<(&str, Option<&str>)> = cut
        .units
        .iter()
        .map(|u| (u.canonical_address.as_str(), u.heading.as_deref()))
        .collect();
    let doc = "s-c-2001-c-1";
    let want: Vec<(String, Option<&str>)> = vec![
        (format!("{doc}/section-1"), Some("Short title")),
        (format!("{doc}/section-2"), Some("Definitions")),
        (format!("{doc}/section-2/subsection-1"), None),
        // Each definition is a unit addressed by its term, with its own paragraphs.
        (
            format!("{doc}/section-2/subsection-1/definition-coroner"),
            None,
        ),
        (
            format!("{doc}/section-2/subsection-1/definition-coroner/paragraph-a"),
            None,
        ),
        (
            format!("{doc}/section-2/subsection-1/definition-coroner/paragraph-b"),
            None,
        ),
        (
            format!("{doc}/section-2/subsection-1/definition-department"),
            None,
        ),
        (
            format!("{doc}/section-2/subsection-1/definition-department/paragraph-a"),
            None,
        ),
        (
            format!("{doc}/section-2/subsection-1/definition-department/paragraph-b"),
            None,
        ),
        (
            format!("{doc}/section-2/subsection-1/definition-department/paragraph-c"),
            None,
        ),
        (
            format!("{doc}/section-2/subsection-1/definition-formerterm"),
            None,
        ),
        (
            format!("{doc}/section-2/subsection-2"),
            Some("Meaning of other means"),
        ),
        (format!("{doc}/section-2/subsection-2p1"), Some("Exclusion")),
        (format!("{doc}/section-2/subsection-2p1/paragraph-a"), None),
        (format!("{doc}/section-2/subsection-2p1/paragraph-a1"), None),
        (format!("{doc}/section-2/subsection-2p1/paragraph-b"), None),
        (
            format!("{doc}/section-3"),
            Some("[Repealed, 2001, c. 2, s. 2]"),
        ),
        (format!("{doc}/section-3p1"), Some("Agreements")),
        (format!("{doc}/section-3p1/subsection-1"), None),
        (format!("{doc}/section-3p1/subsection-2"), None),
        (format!("{doc}/section-4"), Some("to 9 [Amendments]")),
        (format!("{doc}/part-2"), Some("Operations")),
        (format!("{doc}/section-10"), Some("Rates")),
        (format!("{doc}/section-10p01"), Some("Variation")),
        // Part III was repealed: Part IV opens far on.
        (format!("{doc}/part-4"), Some("Administration")),
        (format!("{doc}/section-40"), Some("Powers")),
        // The related provisions of amending Acts are a note, not sections of this Act.
    ];
    let want: Vec<(&str, Option<&str>)> = want.iter().map(|(a, h)| (a.as_str(), *h)).collect();
    assert_eq!(units, want);
    // The subsection keeps the words introducing the definitions; each definition its line,
    // and text after its paragraphs stays with the last one.
    let body = |a: &str| {
        let a = format!("{doc}/section-2/subsection-1{a}");
        cut.units
            .iter()
            .find(|u| u.canonical_address == a)
            .map(|u| u.body.as_str())
    };
    assert_eq!(body(""), Some("In this Act,"));
    assert_eq!(body("/definition-coroner"), Some("coroner includes any"));
    assert_eq!(
        body("/definition-coroner/paragraph-b"),
        Some("other person\ncarrying out the duties of a coroner; (coroner)")
    );
    assert_eq!(
        body("/definition-formerterm"),
        Some("former term [Repealed, 2001, c. 2, s. 1]")
    );
    // A marginal note is the heading, and the whole line after it the text. (Headings
    // without a label, such as `Interpretation`, stay text of the unit before them.)
    assert_eq!(
        cut.units[0].body,
        "This Act may be cited as the Example Act.\nInterpretation"
    );
    // The table's rows are text of section 10, and section 10.01 follows the table.
    assert!(cut.units[22].body.ends_with("2\tQuebec\t6"));
    assert_eq!(cut.units[25].body, "The Minister may delegate.");
}

fn addresses(text: &str, doc: &str) -> (Vec<String>, Vec<String>) {
    let uk = default_vocabulary("uk").unwrap();
    let cut = cut(text, doc, uk);
    let errors = cut
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.line, d.message))
        .collect();
    let units = cut
        .units
        .iter()
        .map(|u| u.canonical_address.clone())
        .collect();
    (units, errors)
}

// A regulation with one schedule prints `SCHEDULE` without a number: it is schedule 1, and
// its Parts and their `(a)` are the schedule's, not Parts of the regulation.
#[test]
fn a_lone_schedule_is_schedule_1() {
    let text = "\
Example Airport Zoning Regulations
1 These Regulations may be cited as the Example Airport Zoning Regulations.
2 No person shall erect a building above the surfaces described in the schedule.
SCHEDULE
(ss. 2 and 3)
PART I
Description of the Approach Surfaces
The approach surfaces are described as follows:
(a) a surface abutting the end of the strip associated with runway approach 12, and
(b) a surface abutting the end of the strip associated with runway approach 30.
PART II
Description of the Strips
The strip is 300 m in width.
SCHEDULE
A second lone heading is text.
";
    let (units, errors) = addresses(text, "SOR/81-1");
    assert_eq!(
        errors,
        Vec::<String>::new(),
        "no orphan paragraphs: {units:#?}"
    );
    let d = "sor-81-1";
    let want: Vec<String> = [
        "section-1",
        "section-2",
        "schedule-1",
        "schedule-1/schedulepart-1",
        "schedule-1/schedulepart-1/paragraph-a",
        "schedule-1/schedulepart-1/paragraph-b",
        "schedule-1/schedulepart-2",
    ]
    .iter()
    .map(|a| format!("{d}/{a}"))
    .collect();
    assert_eq!(units, want);
}

// `Schedule` in running text, or in lowercase on its own, is no heading; nor is `PART` alone
// (a Part holds citation roots: it is no attachment).
#[test]
fn only_a_capitalised_lone_schedule_is_one() {
    let text = "\
Example Regulations
1 The fees are set out in the
Schedule
2 Nothing in this section applies.
PART
3 The end.
";
    let (units, _) = addresses(text, "SOR/81-2");
    assert!(
        units
            .iter()
            .all(|a| !a.contains("schedule") && !a.contains("part")),
        "{units:#?}"
    );
}

// A treaty's article printed as a schedule numbers `(1)`, `(2)` with no paragraph numbers
// (legislation.gov.uk: `schedule/paragraph/1`): the schedule's own sub-paragraphs.
#[test]
fn sub_paragraphs_directly_under_a_schedule() {
    let text = "\
The Double Taxation Relief (Example) Order 1998
1. This Order may be cited as the Double Taxation Relief (Example) Order 1998.
2. It is hereby declared that the arrangements in the Schedule have been made.
SCHEDULE
RELIEF FROM DOUBLE TAXATION
ARTICLE 14
(1) The existing taxes to which this Article shall apply are in particular:
(a) the profits tax; and
(b) the income tax.
(2) This Article shall also apply to any identical taxes.
";
    let (units, errors) = addresses(text, "uksi-1998-2566");
    assert_eq!(errors, Vec::<String>::new(), "{units:#?}");
    let d = "uksi-1998-2566";
    for want in [
        "schedule-1/subpara-1",
        "schedule-1/subpara-1/paragraph-a",
        "schedule-1/subpara-2",
    ] {
        assert!(units.contains(&format!("{d}/{want}")), "{want}: {units:#?}");
    }
}

// A convention printed as a schedule: its articles (`Article I`, `ARTICLE 2`) number their
// paragraphs again from 1; a legislation.gov.uk schedule's `Article 2` under its heading is
// the reference to the article making it, no treaty article.
#[test]
fn a_treaty_in_a_schedule_has_articles_and_a_schedules_reference_is_text() {
    let text = "\
Example Convention Act
1 This Act may be cited as the Example Convention Act.
2 The Convention set out in the schedule is approved.
SCHEDULE
(Section 2)
Convention Between Canada and Examplia
Have agreed as follows:
Article I
1 In this Convention
(a) court means any court;
(b) judgment means any decision.
2 This Convention applies to judgments.
Article II
1 A judgment may be registered.
2 Registration shall be refused if
(a) the judgment has been satisfied; or
(b) the judgment was obtained by fraud.
";
    let (units, errors) = addresses(text, "C-99");
    assert_eq!(errors, Vec::<String>::new(), "{units:#?}");
    let d = "c-99/schedule-1";
    for want in [
        "schedulearticle-1/para-1/paragraph-a",
        "schedulearticle-1/para-2",
        "schedulearticle-2/para-2/paragraph-b",
    ] {
        assert!(units.contains(&format!("{d}/{want}")), "{want}: {units:#?}");
    }

    let text = "\
The Ministerial Salaries Order 1988
1. This Order may be cited as the Ministerial Salaries Order 1988.
2. The salaries are those in Schedule 1.
SCHEDULE 1
MINISTERIAL SALARIES
Article 2
1. Any of the offices listed below.
";
    let (units, errors) = addresses(text, "uksi-1988-2253");
    assert_eq!(errors, Vec::<String>::new(), "{units:#?}");
    assert!(
        units.contains(&"uksi-1988-2253/schedule-1/para-1".to_owned()),
        "{units:#?}"
    );
    assert!(
        units.iter().all(|a| !a.contains("schedulearticle")),
        "{units:#?}"
    );
}

// A table whose cells each hold a second paragraph prints `(b) …<tab>(b) …`: a row, not a
// paragraph of the section (which would repeat its `(b)`).
#[test]
fn a_table_row_of_lettered_cells_is_no_paragraph() {
    let text = "\
Example Load Line Regulations
1 (1) The seasonal zones apply.
(2) The seasonal period is set out in the table.
TABLE
Item\tColumn 1\tColumn 2
1\tA voyage on the river\t(a) Period beginning on November 1\t(a) Winter
(b) Period beginning on April 1\t(b) Summer
2 (1) The master shall keep a record of
(a) the voyage; and
(b) the period.
";
    let (units, errors) = addresses(text, "SOR/2007-99");
    assert_eq!(errors, Vec::<String>::new(), "{units:#?}");
    assert!(
        units
            .iter()
            .all(|a| !a.starts_with("sor-2007-99/section-1/subsection-2/paragraph")),
        "{units:#?}"
    );
    assert!(units.contains(&"sor-2007-99/section-2/subsection-1/paragraph-b".to_owned()));
}

// A formula's terms after `where` carry their own `(a)`, `(b)`, as definitions do: text of
// the subsection, not its paragraphs repeated.
#[test]
fn a_formulas_terms_carry_their_own_paragraphs() {
    let text = "\
Example Emission Regulations
1 (1) These Regulations apply to heavy-duty vehicles.
(2) The credit is determined by the formula
(A × B) ÷ (1 000 000)
where
A is the benefit obtained from testing, determined in accordance with,
(a) in the case of a post-transmission hybrid system, section 555, and
(b) in the case of a pre-transmission hybrid system, part 1065; and
B is the payload for the class of vehicles, which is
(a) 2.85 short tons for light heavy-duty vehicles, and
(b) 5.6 short tons for medium heavy-duty vehicles.
(3) The credit is rounded
(a) up; or
(b) down.
";
    let (units, errors) = addresses(text, "SOR/2013-24");
    assert_eq!(errors, Vec::<String>::new(), "{units:#?}");
    assert!(
        units
            .iter()
            .all(|a| !a.starts_with("sor-2013-24/section-1/subsection-2/")),
        "{units:#?}"
    );
    assert!(units.contains(&"sor-2013-24/section-1/subsection-3/paragraph-b".to_owned()));
}

// A Justice Canada schedule numbers its paragraphs again in each `PART` (the Application of
// Provincial Laws Regulations: `1 (1) …` under `PART I` and again under `PART II`): there they
// are addressed under their Part; a schedule of the same text that numbers through its Parts
// (as legislation.gov.uk's do) keeps `schedule-2/para-N`. The cut plans into an empty store.
#[test]
fn schedule_paragraphs_numbered_again_in_each_part_stand_in_their_part() {
    let text = "\
Example Regulations
1 The laws referred to in the schedules apply.
SCHEDULE 1
(Section 1)
PART I
Province of Ontario
1 (1) The following enactments apply:
(a) the Provincial Offences Act; and
(b) the rules of court.
(2) The enactments apply with modifications.
2 The enactments made applicable by this Part shall be read as amended.
PART II
Province of Nova Scotia
1 (1) The following enactments apply:
(a) the Summary Proceedings Act.
(2) The enactments apply with modifications.
2 The enactments made applicable by this Part shall be read as amended.
3 Nothing in this Part applies to parking.
SCHEDULE 2
PART I
Fees
1 The fee for a licence is $10.
2 The fee for a renewal is $5.
PART II
Waivers
3 No fee is payable by a charity.
";
    let uk = default_vocabulary("uk").unwrap();
    let cut = cut(text, "SOR/96-1", uk);
    let errors: Vec<String> = cut
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.line, d.message))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    cut_common::well_formed(&cut, uk).unwrap();
    let d = "sor-96-1";
    let want: Vec<String> = [
        "section-1",
        "schedule-1",
        "schedule-1/schedulepart-1",
        "schedule-1/schedulepart-1/para-1",
        "schedule-1/schedulepart-1/para-1/subpara-1",
        "schedule-1/schedulepart-1/para-1/subpara-1/paragraph-a",
        "schedule-1/schedulepart-1/para-1/subpara-1/paragraph-b",
        "schedule-1/schedulepart-1/para-1/subpara-2",
        "schedule-1/schedulepart-1/para-2",
        "schedule-1/schedulepart-2",
        "schedule-1/schedulepart-2/para-1",
        "schedule-1/schedulepart-2/para-1/subpara-1",
        "schedule-1/schedulepart-2/para-1/subpara-1/paragraph-a",
        "schedule-1/schedulepart-2/para-1/subpara-2",
        "schedule-1/schedulepart-2/para-2",
        "schedule-1/schedulepart-2/para-3",
        "schedule-2",
        "schedule-2/schedulepart-1",
        "schedule-2/para-1",
        "schedule-2/para-2",
        "schedule-2/schedulepart-2",
        "schedule-2/para-3",
    ]
    .iter()
    .map(|a| format!("{d}/{a}"))
    .collect();
    let got: Vec<String> = cut
        .units
        .iter()
        .map(|u| u.canonical_address.clone())
        .collect();
    assert_eq!(got, want);
    let input = PlanInput {
        document_id: "doc-sor-96-1".into(),
        source_sha256: "5d41402abc4b2a76b9719d911017c592".repeat(2),
        effective_from: "2025-07-01T00:00:00Z".into(),
        created_at: "2025-06-20T09:30:00Z".into(),
        created_by: "DOT-991".into(),
        enact: false,
        by_enacted_law: false,
        scope: None,
    };
    plan(&cut, &[], uk, &input).expect("plans into an empty store");
}

// The site prints `RELATED PROVISIONS` after the schedules: sections of amending Acts, whose
// numbers may well continue the Act's own (`26` after section 25). After a schedule, a
// section in such a note is the note's, never a section of the Act.
#[test]
fn a_related_provision_after_the_schedules_is_no_section() {
    let text = "\
Example Act
1 This Act may be cited as the Example Act.
2 The Act applies to departments listed in Schedule I.
SCHEDULE I
(Section 2)
Department of Finance
RELATED PROVISIONS
— 1993, c. 13, s. 3
Marginal note:Application
3 No person shall be found guilty of an act that was no offence.
";
    let (units, errors) = addresses(text, "P-1");
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(units, ["p-1/section-1", "p-1/section-2", "p-1/schedule-1"]);
}

// As the Veterans Insurance Act (V-1.4) prints its schedules: lettered, and Schedule B's
// lists numbered again under each `CLASS … —` line, a heading the vocabulary has no label for.
const LETTERED_SCHEDULES: &str = "\
Example Act
1 This Act may be cited as the Example Act.
2 (1) The Minister shall report.
(2) The report shall be laid before Parliament.
SCHEDULE A
Premiums per $1000
SCHEDULE B
CLASS I — Applicants who are not seriously ill.
(a) An applicant with dependants.
Application is to be accepted.
(b) An applicant without dependants.
Application is to be accepted.
CLASS II — Applicants who are seriously ill.
(a) An applicant with dependants.
Application is to be refused.
(b) An applicant without dependants.
Application is to be refused.
";

#[test]
fn lettered_schedules_and_lists_numbered_again_under_unlabelled_headings() {
    let cut = cut(LETTERED_SCHEDULES, "x", default_vocabulary("uk").unwrap());
    let errors: Vec<_> = cut
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let addresses: Vec<&str> = cut
        .units
        .iter()
        .map(|u| u.canonical_address.as_str())
        .collect();
    assert!(addresses.contains(&"x/schedule-a"), "{addresses:?}");
    assert!(addresses.contains(&"x/schedule-b"), "{addresses:?}");
    // The classes' (a), (b) are text of Schedule B, not of section 2, nor its units.
    assert!(
        !addresses.iter().any(|a| a.contains("paragraph-")),
        "{addresses:?}"
    );
    let b = cut
        .units
        .iter()
        .find(|u| u.canonical_address == "x/schedule-b");
    assert!(b.is_some_and(|u| u.body.contains("(a) An applicant with dependants.")));
}

#[test]
fn a_list_going_on_across_unlabelled_headings_in_a_schedule_keeps_its_units() {
    // As SI 1998/1566's Schedule 1 prints its test methods: `Method 1` / `(a)`, `Method 2` /
    // `(b)`: the list is not numbered again, so its items stay units.
    let text = "\
1 This Act may be cited as the Example Act.
SCHEDULE 1
1 Meters shall be tested by one of the following methods—
Method 1
(a) the first method;
Method 2
(b) the second method.
";
    let cut = cut(text, "x", default_vocabulary("uk").unwrap());
    let addresses: Vec<&str> = cut
        .units
        .iter()
        .map(|u| u.canonical_address.as_str())
        .collect();
    assert!(
        addresses.contains(&"x/schedule-1/para-1/paragraph-b"),
        "{addresses:?}"
    );
}
