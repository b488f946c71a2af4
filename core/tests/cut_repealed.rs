//! Repealed provisions kept as units with their number, and marked (`CutUnit::status`): the
//! mark is read from each unit's own text by `unit::provision_status`, the address never
//! changes, and a cut with no such provision serializes exactly as before (no `status` key).
//! The texts are written for the test in each publisher's layout, not copied from a law.

use iu_cutter_core::read::cut::cut;
use iu_cutter_core::store::unit::{provision_status, ProvisionStatus};
use iu_cutter_core::text::vocabulary::default_vocabulary;

fn marks(text: &str, doc: &str, vocabulary: &str) -> Vec<(String, Option<ProvisionStatus>)> {
    let v = default_vocabulary(vocabulary).expect("the vocabulary ships");
    let cut = cut(text, doc, v);
    for u in &cut.units {
        // One rule: the mark is the unit's own text's.
        assert_eq!(u.status, provision_status(u.heading.as_deref(), &u.body));
    }
    cut.units
        .into_iter()
        .map(|u| (u.canonical_address, u.status))
        .collect()
}

fn marked(list: &[(String, Option<ProvisionStatus>)]) -> Vec<(&str, ProvisionStatus)> {
    list.iter()
        .filter_map(|(a, s)| s.map(|s| (a.as_str(), s)))
        .collect()
}

#[test]
fn justice_canada_repealed_sections_ranges_subsections_and_definitions() {
    let text = "\
Marginal note:Definitions
2 (1) In this Act,
aircrew [Repealed, SOR/96-335, s. 1]
department means any department of the Government of Canada; (ministère)
(2) [Repealed, 2001, c. 2, s. 1]
Marginal note:Repeal
3 Section 5 of the Old Act is repealed.
4 [Repealed, 2001, c. 9, s. 1]
Interpretation
5 to 8 [Repealed, 2001, c. 9, s. 2]
9 [Amendment]
10 [Renumbered, SOR/2020-182, s. 6]
11 [Revoked, SOR/86-388, s. 3]
Marginal note:Period of order
12 Unless repealed, an order has effect for a year.
";
    let list = marks(text, "S.C. 2001 c. 1", "uk");
    use ProvisionStatus::*;
    assert_eq!(
        marked(&list),
        vec![
            (
                "s-c-2001-c-1/section-2/subsection-1/definition-aircrew",
                Repealed
            ),
            ("s-c-2001-c-1/section-2/subsection-2", Repealed),
            ("s-c-2001-c-1/section-4", Repealed),
            ("s-c-2001-c-1/section-5", Repealed),
            ("s-c-2001-c-1/section-10", Renumbered),
            ("s-c-2001-c-1/section-11", Repealed),
        ]
    );
    // The repeal of another Act's section, an amending section, a mention: not marked.
    for address in ["section-3", "section-9", "section-12"] {
        let (_, status) = list
            .iter()
            .find(|(a, _)| a.ends_with(address))
            .expect("cut");
        assert_eq!(*status, None, "{address}");
    }
}

#[test]
fn us_code_repealed_omitted_and_transferred_sections() {
    let text = "\
CHAPTER 1—GENERAL PROVISIONS
§ 1. Definitions
In this title, the term “agency” means an executive agency.
[§ 2. Repealed. Pub. L. 109–177, title VI, § 605(c), Mar. 9, 2006, 120 Stat. 255]
§§ 3 to 5. Omitted
§ 6. Transferred
§ 7. Powers
(a) In general.—The Secretary may act.
[(b) Repealed. Pub. L. 112–29, § 11(e)(3), Sept. 16, 2011, 125 Stat. 323.]
(c) Limits.—Amounts transferred under this section are limited.
[CHAPTER 2—REPEALED]
";
    let list = marks(text, "usc-title-99", "us");
    use ProvisionStatus::*;
    assert_eq!(
        marked(&list),
        vec![
            ("usc-title-99/section-2", Repealed),
            ("usc-title-99/section-3", Omitted),
            ("usc-title-99/section-6", Transferred),
            ("usc-title-99/section-7/subsection-b", Repealed),
            ("usc-title-99/chapter-2", Repealed),
        ]
    );
}

#[test]
fn legislation_gov_uk_dots_and_a_title_kept_above_them() {
    let text = "\
1 Short title
This Act may be cited as the Example Act 1981.
2 Fees to be taken.
. . . . . . . . . . . . . . . .
3 . . . . . . . . . . . . . . . .
4 The Commissioner . . . .
(1) The Commissioner shall act.
(2) . . . . . . . . . . . . . . . .
";
    let list = marks(text, "ukpga-1981-99", "uk");
    assert_eq!(
        marked(&list),
        vec![
            ("ukpga-1981-99/section-2", ProvisionStatus::Repealed),
            ("ukpga-1981-99/section-3", ProvisionStatus::Repealed),
            (
                "ukpga-1981-99/section-4/subsection-2",
                ProvisionStatus::Repealed
            ),
        ]
    );
}

#[test]
fn vietnamese_consolidated_text_marks_only_the_printed_repeal() {
    let text = "\
Điều 1. Phạm vi điều chỉnh
Luật này quy định về thuế.
Điều 2. (được bãi bỏ)
Điều 3. Bãi bỏ
Bãi bỏ Điều 9 của Luật số 01/2000/QH10.
Điều 4. Hiệu lực thi hành
1. Luật này có hiệu lực từ ngày 01 tháng 01 năm 2025.
2. (bãi bỏ)
";
    let list = marks(text, "01/2024/QH15", "vi");
    assert_eq!(
        marked(&list),
        vec![
            ("01-2024-qh15/dieu-2", ProvisionStatus::Repealed),
            ("01-2024-qh15/dieu-4/khoan-2", ProvisionStatus::Repealed),
        ]
    );
}

#[test]
fn a_cut_without_a_repealed_provision_serializes_as_before() {
    let uk = default_vocabulary("uk").unwrap();
    let plain = cut(
        "1 Short title\nThis Act may be cited as the Example Act.\n",
        "X 1",
        uk,
    );
    let json = serde_json::to_string(&plain).unwrap();
    assert!(!json.contains("\"status\""), "{json}");
    // A marked unit carries the key, and reads back.
    let repealed = cut(
        "1 Short title\nThis Act may be cited.\n2 [Repealed, 2001, c. 9, s. 1]\n",
        "X 1",
        uk,
    );
    let json = serde_json::to_string(&repealed.units).unwrap();
    assert!(json.contains("\"status\":\"repealed\""), "{json}");
    let back: Vec<iu_cutter_core::store::unit::CutUnit> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, repealed.units);
    // The content hash is the same function of heading and body as ever: the mark adds nothing.
    let u = &repealed.units[1];
    assert_eq!(
        u.content_sha256,
        iu_cutter_core::store::unit::content_sha256(u.heading.as_deref(), &u.body)
    );
}
