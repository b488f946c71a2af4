//! UK Acts and instruments as legislation.gov.uk prints them, cut with the `uk` vocabulary:
//! lists inside the text of a list's items. The text is written for the test in the site's
//! layout, not copied from an Act.

use iu_cutter_core::read::cut::{cut, Cut};
use iu_cutter_core::text::diagnostic::Severity;
use iu_cutter_core::text::vocabulary::default_vocabulary;

fn cut_uk(text: &str, doc: &str) -> Cut {
    cut(text, doc, default_vocabulary("uk").unwrap())
}

fn errors(cut: &Cut) -> Vec<String> {
    cut.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {} {}", d.line, d.code, d.message))
        .collect()
}

fn body<'a>(cut: &'a Cut, address: &str) -> Option<&'a str> {
    cut.units
        .iter()
        .find(|u| u.canonical_address == address)
        .map(|u| u.body.as_str())
}

// legislation.gov.uk prints a list whose unnumbered items hold lists of their own (an
// `UnorderedList` without marks): the second `(i)` starts a list in the text of `(iii)`.
#[test]
fn a_second_list_in_an_items_text_is_text_of_that_item() {
    let text = "\
Example Courts Act 1981
153 Extent
(4) The following provisions extend as stated—
(c) the following provisions extend to Scotland, namely—
section 36;
section 152(1), so far as it amends—
(i) section 49 of the Example Act 1925,
(ii) the Example Disqualification Act 1975, and
(iii) section 4 of the Example Evidence Act 1975;
section 152(4), so far as it relates to—
(i) provisions of the Example Act 1925,
(ii) the Example Powers Act 1940, and
(iii) section 57 of the Example Courts Act 1971;
(d) section 145 extends to any place.
";
    let c = cut_uk(text, "ukpga-1981-54");
    assert_eq!(errors(&c), Vec::<String>::new());
    let p = "ukpga-1981-54/section-153/subsection-4/paragraph-c";
    assert!(body(&c, &format!("{p}/subparagraph-3"))
        .is_some_and(|b| b.ends_with("so far as it relates to—\n(i) provisions of the Example Act 1925,\n(ii) the Example Powers Act 1940, and\n(iii) section 57 of the Example Courts Act 1971;")));
    assert!(body(&c, "ukpga-1981-54/section-153/subsection-4/paragraph-d").is_some());
    let warnings: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.code == "list-in-text")
        .map(|d| d.line)
        .collect();
    assert_eq!(warnings, vec![11]);
}

// `“amount A” is the smaller of—` `(a)` `(b)`, then `“amount B” is—` `(a)` `(b)`: the second
// list is text of the first list's `(b)`; the next subsection is a unit again.
#[test]
fn a_second_term_listing_its_own_paragraphs_is_text() {
    let text = "\
Example Pension Credit Act 2002
3 Savings credit
(4) For the purposes of subsection (3)
“amount A” is the smaller of—
(a) the maximum savings credit; and
(b) a prescribed percentage of the amount; and
“amount B” is—
(a) a prescribed percentage of the income; or
(b) if there is no such excess, nil.
(5) Regulations may provide otherwise.
";
    let c = cut_uk(text, "ukpga-2002-16");
    assert_eq!(errors(&c), Vec::<String>::new());
    assert!(body(&c, "ukpga-2002-16/section-3/subsection-4/paragraph-b")
        .is_some_and(|b| b.ends_with("“amount B” is—\n(a) a prescribed percentage of the income; or\n(b) if there is no such excess, nil.")));
    assert!(body(&c, "ukpga-2002-16/section-3/subsection-5").is_some());
}

// Numbers used again with no line introducing a list between (a paragraph typed twice) stay
// an error: only a line of an item's text that ends in `—` or `:` opens a second list.
#[test]
fn numbers_used_again_without_a_line_introducing_them_stay_an_error() {
    let text = "\
Example Act 2002
3 Savings credit
(4) The conditions are—
(a) the first condition; and
(b) the second condition.
(a) the first condition again; and
(b) the second condition again.
";
    let c = cut_uk(text, "ukpga-2002-99");
    assert!(!errors(&c).is_empty());
    assert!(c.diagnostics.iter().all(|d| d.code != "list-in-text"));
}

// A bill printed in extract (sections 3 to 25 left out) lists `26.` in its arrangement of
// sections: its `26. Short title` is a section however far the number jumps.
#[test]
fn a_section_its_contents_list_is_cut_across_a_wide_gap() {
    let text = "\
ARRANGEMENT OF SECTIONS
1. Definitions
2. Recognition of communities
26. Short title
1. Definitions
In this Act a community is a community.
2. Recognition of communities
(1) A community may be recognised.
26. Short title
This Act is called the Example Act, 2003.
";
    let c = cut(
        text,
        "za-b-2003",
        default_vocabulary("commonwealth").unwrap(),
    );
    assert_eq!(errors(&c), Vec::<String>::new());
    assert!(c
        .units
        .iter()
        .any(|u| u.canonical_address == "za-b-2003/section-26"));
}

// A schedule's Part divided into Chapters (legislation.gov.uk's `schedule/1/part/2/chapter/1`,
// SI 2014/2848 Schedule 1): each Chapter stands in its Part; the paragraphs number through
// the schedule, so they keep the schedule's address, and a Chapter after them is the same
// Part's. The instrument's own Chapters stay citation roots.
#[test]
fn a_schedules_chapters_stand_in_its_part_and_its_paragraphs_number_through() {
    let text = "\
The Example Pension Scheme Regulations 2014
PART 1
CHAPTER 1
Citation
1. These Regulations may be cited as the Example Pension Scheme Regulations 2014.
CHAPTER 2
Members
2.—(1) A person is a member of this scheme.
(2) These Regulations apply to members.
SCHEDULE 1
Payments for added pension
Regulation 2
PART 1
Interpretation
Interpretation
1. In this Schedule “member” means a member of this scheme.
PART 2
CHAPTER 1
Exercising the election
Election exercisable by member
2.—(1) A member may elect to make payments.
(2) The member makes the election by notice.
CHAPTER 2
Periodical payments
Application of Chapter
3. This Chapter applies to a member who elects to make periodical payments.
Periodical payments
4.—(1) The payments are payable by deduction.
(2) The payments may stop.
PART 3
Lump sums
5. A member may pay a lump sum.
SCHEDULE 2
Transitional provisions
1. These provisions apply in transition.
";
    let c = cut_uk(text, "uksi-2014-2848");
    assert_eq!(errors(&c), Vec::<String>::new());
    let units: Vec<(&str, &str)> = c
        .units
        .iter()
        .filter(|u| u.canonical_address.contains("schedule") || u.section_type == "uk-chapter")
        .map(|u| {
            let parent = u
                .parent
                .map_or("-", |p| c.units[p].canonical_address.as_str());
            (u.canonical_address.as_str(), parent)
        })
        .collect();
    let s1 = "uksi-2014-2848/schedule-1";
    let p2 = "uksi-2014-2848/schedule-1/schedulepart-2";
    let expected: Vec<(String, &str)> = vec![
        ("uksi-2014-2848/chapter-1".into(), "uksi-2014-2848/part-1"),
        ("uksi-2014-2848/chapter-2".into(), "uksi-2014-2848/part-1"),
        (s1.into(), "-"),
        (format!("{s1}/schedulepart-1"), s1),
        (format!("{s1}/para-1"), s1),
        (p2.into(), s1),
        (format!("{p2}/schedulechapter-1"), p2),
        (format!("{s1}/para-2"), s1),
        (
            format!("{s1}/para-2/subpara-1"),
            "uksi-2014-2848/schedule-1/para-2",
        ),
        (
            format!("{s1}/para-2/subpara-2"),
            "uksi-2014-2848/schedule-1/para-2",
        ),
        (format!("{p2}/schedulechapter-2"), p2),
        (format!("{s1}/para-3"), s1),
        (format!("{s1}/para-4"), s1),
        (
            format!("{s1}/para-4/subpara-1"),
            "uksi-2014-2848/schedule-1/para-4",
        ),
        (
            format!("{s1}/para-4/subpara-2"),
            "uksi-2014-2848/schedule-1/para-4",
        ),
        (format!("{s1}/schedulepart-3"), s1),
        (format!("{s1}/para-5"), s1),
        ("uksi-2014-2848/schedule-2".into(), "-"),
        (
            "uksi-2014-2848/schedule-2/para-1".into(),
            "uksi-2014-2848/schedule-2",
        ),
    ];
    let expected: Vec<(&str, &str)> = expected.iter().map(|(a, p)| (a.as_str(), *p)).collect();
    assert_eq!(units, expected);
    let chapter = c
        .units
        .iter()
        .find(|u| u.canonical_address == format!("{p2}/schedulechapter-2"));
    // Its title is the line after its heading, as a schedule Part's is.
    assert!(chapter
        .is_some_and(|u| u.section_type == "uk-schedule-chapter"
            && u.body.starts_with("Periodical payments\n")));
}

// A form printed as tables (the Railway Companies (Accounts and Returns) Act 1911, First
// Schedule): a row's cells are apart, empty ones too, so its `(a)`, `(b)` and numbered blank
// rows are rows, text of the schedule, however often they repeat. A row whose next cells hold
// text (`26<tab>Complaints procedures`) is still read as the schedule's numbered item.
#[test]
fn a_forms_rows_are_text_with_their_empty_cells() {
    let text = "\
Example Accounts Act 1911
1 Yearly accounts
(1) Every company shall prepare accounts in the form set out in the First Schedule.
FIRST SCHEDULE
Part I
Financial Accounts
Special Acts.\tCapital authorised.\tBalance.
1.\t\t
2.\t\t
No. 4 (a).—Subscriptions to other Companies
Name.\tAmount.\tNature of Security.
(a) Railway companies\t\t
(b) Other\t\t
No. 5.—Details of Capital Expenditure
Land, property, &c. :—\t
(a) Used in connexion with railway working\t
(b) Not used in connexion with railway working\t
Subscriptions to other companies\t
(a) Railway companies\t
(b) Other\t
1. Goods and parcels road vehicles\t\t\t
2. Passenger road vehicles\t\t\t
SECOND SCHEDULE
1\tThe first enactment
2\tThe second enactment
";
    let c = cut_uk(text, "ukpga-1911-34");
    assert_eq!(errors(&c), Vec::<String>::new());
    let addresses: Vec<&str> = c
        .units
        .iter()
        .map(|u| u.canonical_address.as_str())
        .filter(|a| a.contains("schedule"))
        .collect();
    assert_eq!(
        addresses,
        [
            "ukpga-1911-34/schedule-1",
            "ukpga-1911-34/schedule-1/schedulepart-1",
            "ukpga-1911-34/schedule-2",
            "ukpga-1911-34/schedule-2/para-1",
            "ukpga-1911-34/schedule-2/para-2",
        ]
    );
    let part = body(&c, "ukpga-1911-34/schedule-1/schedulepart-1").unwrap_or_default();
    assert_eq!(part.matches("(a) Railway companies").count(), 2);
    assert!(part.contains("2. Passenger road vehicles"));
}
