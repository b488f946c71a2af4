//! Canadian consolidated Acts as Justice Canada prints them (laws-lois.justice.gc.ca), cut with
//! the `uk` vocabulary: marginal notes, inserted (decimal) numbers, repealed provisions and
//! ranges of them, definitions with their own paragraphs, tables. The text is written for
//! the test in the site's layout, not copied from an Act.

use iu_cutter_core::cut::cut;
use iu_cutter_core::diagnostic::Severity;
use iu_cutter_core::vocabulary::default_vocabulary;

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
