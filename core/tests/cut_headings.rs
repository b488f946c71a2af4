//! Headings go to the provision they head, in every layout the corpora hold (issue 46, item 6).
//! Each text is an excerpt of a corpus document as `npm run corpus` renders it from the
//! publisher's XML (`tests/corpus/*/SOURCES.tsv` names each source), and each expected heading
//! is the one that XML gives the provision.

use iu_cutter_core::default_vocabulary;
use iu_cutter_core::read::cut::{cut, cut_with_frame, Cut};

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

/// The Consolidated Appropriations Act, 2016 (Pub. L. 114-113, as enrolled: us-plaw,
/// `114hr2029enr_good.xml`), division G, title I: an appropriations act runs each section's
/// text in after its number (`Sec. 113. Section 115(d) … is amended …`), with no heading there;
/// a section's heading, in small capitals, stands on the line above (`volunteers in parks`).
/// The sentence was read as Sec. 113's heading, and `volunteers in parks` left in its body.
#[test]
fn an_appropriations_sections_small_capitals_heading_above_its_number_heads_it() {
    let text = r#"Sec. 113. Section 115(d) of division E of Public Law 112–74 (25 U.S.C. 2000 note) is amended by striking “2017” and inserting “2027”.
volunteers in parks
Sec. 114. Section 102301(d) of title 54, United States Code, is amended by striking “$3,500,000” and inserting “$7,000,000”.
"#;
    let result = cut(text, "Pub. L. 114-113", default_vocabulary("us").unwrap());
    assert_eq!(
        unit(&result, "section-113"),
        (
            None,
            "Section 115(d) of division E of Public Law 112–74 (25 U.S.C. 2000 note) is amended by striking “2017” and inserting “2027”."
        )
    );
    assert_eq!(
        unit(&result, "section-114"),
        (
            Some("volunteers in parks"),
            "Section 102301(d) of title 54, United States Code, is amended by striking “$3,500,000” and inserting “$7,000,000”."
        )
    );
    // `Sec. 121. (a) Any proposed new use …`: the section's text opens with its subsection (a).
    let text = r#"Sec. 120. Section 3(b)(2)(C) of the Pittman-Robertson Wildlife Restoration Act (16 U.S.C. 669b(b)(2)(C)) is amended by striking “2016” and inserting “2026”.
prohibition on use of funds
Sec. 121. (a) Any proposed new use of the Arizona & California Railroad Company’s Right of Way for conveyance of water shall not proceed unless the Secretary of the Interior certifies that the proposed new use is within the scope of the Right of Way.
(b) No funds appropriated or otherwise made available to the Department of the Interior may be used, in relation to any proposal to store water underground for the purpose of export, for approval of any right-of-way or similar authorization on the Mojave National Preserve or lands managed by the Needles Field Office of the Bureau of Land Management, or for carrying out any activities associated with such right-of-way or similar approval.
"#;
    let result = cut(text, "Pub. L. 114-113", default_vocabulary("us").unwrap());
    assert_eq!(
        unit(&result, "section-121").0,
        Some("prohibition on use of funds")
    );
    assert!(unit(&result, "section-121/subsection-a").1.starts_with(
        "Any proposed new use of the Arizona & California Railroad Company’s Right of Way"
    ));
    assert_eq!(unit(&result, "section-120").1.lines().count(), 1);
}

/// The Department of Homeland Security Appropriations Act, 2015 (Pub. L. 114-4: us-plaw,
/// `114publ4-uslm.xml`): a section's heading may be a parenthesis above its number
/// (`(rescissions)`), after the end of the section before.
#[test]
fn an_appropriations_sections_parenthesis_above_its_number_heads_it() {
    let text = r#"Sec. 574. From the unobligated balances made available in the Department of the Treasury Forfeiture Fund established by section 9703 of title 31, United States Code, (added by section 638 of Public Law 102–393), $175,000,000 shall be rescinded.
(rescissions)
Sec. 575. Of the funds transferred to the Department of Homeland Security when it was created in 2003, the following funds are hereby rescinded from the following accounts and programs in the specified amounts:
(1) $1,317,018 from “U.S. Customs and Border Protection, Salaries and Expenses”;
"#;
    let result = cut(text, "Pub. L. 114-4", default_vocabulary("us").unwrap());
    assert_eq!(
        unit(&result, "section-574"),
        (
            None,
            "From the unobligated balances made available in the Department of the Treasury Forfeiture Fund established by section 9703 of title 31, United States Code, (added by section 638 of Public Law 102–393), $175,000,000 shall be rescinded."
        )
    );
    assert_eq!(unit(&result, "section-575").0, Some("(rescissions)"));
}

/// Pub. L. 114-113 (as enrolled, `114hr2029enr_good.xml`), division B, title I: a heading in
/// Title Case above the first section names the group of provisions (`General Provisions—
/// Department of Commerce`), and the parenthesis under it is that group's; neither is Sec.
/// 101's heading, which it has none of.
#[test]
fn a_groups_heading_above_an_appropriations_section_is_not_its_heading() {
    let text = r#"For necessary expenses of the Office of Inspector General in carrying out the provisions of the Inspector General Act of 1978 (5 U.S.C. App.), $32,000,000.
General Provisions—Department of Commerce
(including transfer of funds)
Sec. 101. During the current fiscal year, applicable appropriations and funds made available to the Department of Commerce by this Act shall be available for the activities specified in the Act of October 26, 1949 (15 U.S.C. 1514), to the extent and in the manner prescribed by the Act, and, notwithstanding 31 U.S.C. 3324, may be used for advanced payments not otherwise authorized only upon the certification of officials designated by the Secretary of Commerce that such payments are in the public interest.
Sec. 102. During the current fiscal year, appropriations made available to the Department of Commerce by this Act for salaries and expenses shall be available for hire of passenger motor vehicles as authorized by 31 U.S.C. 1343 and 1344; services as authorized by 5 U.S.C. 3109; and uniforms or allowances therefor, as authorized by law (5 U.S.C. 5901–5902).
"#;
    let result = cut(text, "Pub. L. 114-113", default_vocabulary("us").unwrap());
    let (heading, body) = unit(&result, "section-101");
    assert_eq!(heading, None);
    assert!(
        body.starts_with("During the current fiscal year, applicable appropriations"),
        "{body}"
    );
    assert_eq!(unit(&result, "section-102").0, None);
}

/// Executive Order No. 12859 as the United States Code prints it (title 3, a note under
/// section 101: us-code, `usc03.xml`): `Sec. 2. Membership. The Council shall comprise the:`
/// holds the section's heading, then its text.
#[test]
fn a_heading_closed_by_a_full_stop_then_text_on_a_sections_line_is_split() {
    let text = r#"By the authority vested in me as President by the Constitution and the laws of the United States of America, including sections 105, 107, and 301 of title 3, United States Code, it is hereby ordered as follows:
Section 1. Establishment. There is established the Domestic Policy Council (“the Council”).
Sec. 2. Membership. The Council shall comprise the:
(a) President, who shall serve as a Chairman of the Council;
(b) Vice President;
"#;
    let result = cut(
        text,
        "Ex. Ord. No. 12859",
        default_vocabulary("us").unwrap(),
    );
    assert_eq!(
        unit(&result, "section-1"),
        (
            Some("Establishment."),
            "There is established the Domestic Policy Council (“the Council”)."
        )
    );
    assert_eq!(
        unit(&result, "section-2"),
        (Some("Membership."), "The Council shall comprise the:")
    );
    assert_eq!(unit(&result, "section-2/subsection-b").1, "Vice President;");
}

/// Pub. L. 114-113 (as enrolled, `114hr2029enr_good.xml`), division D, title I: the account
/// `construction`, in small capitals (lowercase in the text), is no note's `Construction` (the
/// US Code's note heading): it opened an editorial note that took the appropriations after it,
/// and the section headings above the next numbers with them, out of the text.
#[test]
fn an_appropriations_account_in_small_capitals_opens_no_note() {
    let text = r#"DIVISION D—ENERGY AND WATER DEVELOPMENT AND RELATED AGENCIES APPROPRIATIONS ACT, 2016
TITLE I CORPS OF ENGINEERS—CIVIL
DEPARTMENT OF THE ARMY
Corps of Engineers—Civil
The following appropriations shall be expended under the direction of the Secretary of the Army and the supervision of the Chief of Engineers for authorized civil functions of the Department of the Army pertaining to river and harbor, flood and storm damage reduction, shore protection, aquatic ecosystem restoration, and related efforts.
investigations
For expenses necessary where authorized by law for the collection and study of basic information pertaining to river and harbor, flood and storm damage reduction, shore protection, aquatic ecosystem restoration, and related needs; for surveys and detailed studies, and plans and specifications of proposed river and harbor, flood and storm damage reduction, shore protection, and aquatic ecosystem restoration projects, and related efforts prior to construction; for restudy of authorized projects; and for miscellaneous investigations, and, when authorized by law, surveys and detailed studies, and plans and specifications of projects prior to construction, $121,000,000, to remain available until expended: Provided, That the Secretary may initiate up to, but not more than, 10 new study starts during fiscal year 2016: Provided further, That the new study starts will consist of seven studies where the majority of the benefits are derived from navigation transportation savings or from flood and storm damage reduction and three studies where the majority of benefits are derived from environmental restoration: Provided further, That the Secretary shall not deviate from the new starts proposed in the work plan, once the plan has been submitted to the Committees on Appropriations of the House of Representatives and the Senate.
construction
For expenses necessary for the construction of river and harbor, flood and storm damage reduction, shore protection, aquatic ecosystem restoration, and related projects authorized by law; for conducting detailed studies, and plans and specifications, of such projects (including those involving participation by States, local governments, or private groups) authorized or made eligible for selection by law (but such detailed studies, and plans and specifications, shall not constitute a commitment of the Government to construction); $1,862,250,000, to remain available until expended; of which such sums as are necessary to cover the Federal share of construction costs for facilities under the Dredged Material Disposal Facilities program shall be derived from the Harbor Maintenance Trust Fund as authorized by Public Law 104–303; and of which such sums as are necessary to cover one-half of the costs of construction, replacement, rehabilitation, and expansion of inland waterways projects shall be derived from the Inland Waterways Trust Fund, except as otherwise specifically provided for in law: Provided, That the Secretary may initiate up to, but not more than, six new construction starts during fiscal year 2016: Provided further, That the new construction starts will consist of five projects where the majority of the benefits are derived from navigation transportation savings or from flood and storm damage reduction and one project where the majority of the benefits are derived from environmental restoration: Provided further, That for new construction projects, project cost sharing agreements shall be executed as soon as practicable but no later than August 31, 2016: Provided further, That no allocation for a new start shall be considered final and no work allowance shall be made until the Secretary provides to the Committees on Appropriations of the House of Representatives and the Senate an out-year funding scenario demonstrating the affordability of the selected new starts and the impacts on other projects: Provided further, That the Secretary may not deviate from the new starts proposed in the work plan, once the plan has been submitted to the Committees on Appropriations of the House of Representatives and the Senate.
mississippi river and tributaries
"#;
    let (result, frame) =
        cut_with_frame(text, "Pub. L. 114-113", default_vocabulary("us").unwrap());
    assert!(frame.notes.is_empty(), "{:?}", frame.notes);
    let body = unit(&result, "title-1").1;
    assert!(
        body.contains(
            "\nconstruction\nFor expenses necessary for the construction of river and harbor"
        ),
        "{body}"
    );
    assert!(
        body.ends_with("\nmississippi river and tributaries"),
        "{body}"
    );
}

/// 3 U.S.C. 401 (us-code, `usc03.xml`): US drafting runs a subsection's heading in after its
/// number, closed by `.—`, then its text (`(a) In General.—Except as …`); a paragraph's the same
/// (`(1) Board.—The term “Board” means …`). The heading was left in the body.
#[test]
fn a_us_subsections_heading_run_in_before_its_text_heads_it() {
    let text = r#"§ 401. Definitions
(a) In General.—Except as otherwise specifically provided in this chapter, as used in this chapter:
(1) Board.—The term “Board” means the Merit Systems Protection Board under chapter 12 of title 5.
(2) Covered employee.—The term “covered employee” means any employee of an employing office.
(3) Employee.—The term “employee” includes an applicant for employment and a former employee.
"#;
    let result = cut(text, "3 U.S.C.", default_vocabulary("us").unwrap());
    assert_eq!(
        unit(&result, "section-401/subsection-a"),
        (
            Some("In General"),
            "Except as otherwise specifically provided in this chapter, as used in this chapter:"
        )
    );
    assert_eq!(
        unit(&result, "section-401/subsection-a/paragraph-2"),
        (
            Some("Covered employee"),
            "The term “covered employee” means any employee of an employing office."
        )
    );
}

/// The Water Resources Reform and Development Act of 2014 (Pub. L. 113-121: us-plaw,
/// `113publ121-uslm.xml`): an enrolled Act prints a subsection's run-in heading in small
/// capitals, which the text gives in sentence case (`Short title`), and a heading whose text
/// starts on the next line (`(b) Table of Contents.—`) stands alone on its number's line.
#[test]
fn a_run_in_heading_alone_on_its_line_heads_its_subsection() {
    let text = r#"SECTION 1. SHORT TITLE; TABLE OF CONTENTS.
(a) Short Title.—This Act may be cited as the “Water Resources Reform and Development Act of 2014”.
(b) Table of Contents.—
Sec. 1. Short title; table of contents.
Sec. 2. Definition of Secretary.
SEC. 2. DEFINITION OF SECRETARY.
In this Act, the term “Secretary” means the Secretary of the Army.
"#;
    let result = cut(text, "Pub. L. 113-121", default_vocabulary("us").unwrap());
    assert_eq!(
        unit(&result, "section-1/subsection-a"),
        (
            Some("Short Title"),
            "This Act may be cited as the “Water Resources Reform and Development Act of 2014”."
        )
    );
    assert_eq!(
        unit(&result, "section-1/subsection-b").0,
        Some("Table of Contents")
    );
}

/// 32 U.S.C. 325(a) as Pub. L. 108-136, § 516(a), printed it (the Code's amendment note quotes
/// it: us-code, `usc32.xml`): the heading's `.—` is followed at once by the first paragraph's
/// number, `(a) Relief Required.—(1) Except as provided …`; the paragraph is its own unit.
#[test]
fn a_paragraph_run_in_after_a_subsections_heading_is_its_own_unit() {
    let text = r#"§ 325. Relief from National Guard duty when ordered to active duty
(a) Relief Required.—(1) Except as provided in paragraph (2), each member of the Army National Guard of the United States or the Air National Guard of the United States who is ordered to active duty is relieved from duty in the National Guard of his State.
(2) An officer of the Army National Guard of the United States is not relieved from duty in the National Guard of his State under paragraph (1) while serving on active duty if—
(A) the President authorizes such service in both duty statuses; and
(B) the Governor of his State consents to such service in both duty statuses.
"#;
    let result = cut(text, "32 U.S.C.", default_vocabulary("us").unwrap());
    assert_eq!(
        unit(&result, "section-325/subsection-a"),
        (Some("Relief Required"), "")
    );
    assert!(unit(&result, "section-325/subsection-a/paragraph-1")
        .1
        .starts_with("Except as provided in paragraph (2), each member"));
    assert_eq!(
        unit(&result, "section-325/subsection-a/paragraph-2").0,
        None
    );
}

/// 24 U.S.C. 225 and 401 (us-code, `usc24.xml`): a subdivision's sentence that introduces a list
/// with a dash (`It is the intent of Congress that—`, `The term “…” means—`) has no heading.
#[test]
fn a_sentence_introducing_a_list_with_a_dash_is_no_run_in_heading() {
    let text = r#"§ 401. Definitions
(4) The term “Resident Advisory Committee” means an elected body of residents at a facility of the Retirement Home established under section 416a of this title.
(5) The term “chief personnel officers” means—
(A) the Deputy Chief of Staff for Personnel of the Army;
(B) the Chief of Naval Personnel;
§ 402. Findings
(b) It is the intent of Congress that—
(1) the District of Columbia have in operation no later than October 1, 1993, an integrated coordinated mental health system in the District which provides—
(A) high quality, cost-effective, and community-based programs and facilities;
"#;
    let result = cut(text, "24 U.S.C.", default_vocabulary("us").unwrap());
    assert_eq!(
        unit(&result, "section-401/paragraph-5"),
        (None, "The term “chief personnel officers” means—")
    );
    assert_eq!(
        unit(&result, "section-402/subsection-b"),
        (None, "It is the intent of Congress that—")
    );
}
