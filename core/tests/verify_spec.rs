//! VERIFY, specified check by check: a passing store, then one failure per check
//! with the exact evidence a person reads.

use iu_cutter_core::change::manifest::{unit_image_sha256, ExpectedImage};
use iu_cutter_core::change::verify::{
    verify, CheckId, DocumentRef, VerifyInput, VerifyReport, Violation,
};
use iu_cutter_core::ledger::chain::{append, LedgerRow};
use iu_cutter_core::store::unit::{
    content_sha256, has_sibling_positions, stored_document_order, Authority, LifecycleStatus,
    StoredUnit,
};
use iu_cutter_core::text::vocabulary::{default_vocabulary, SectionType};

const DOC_ID: &str = "doc-45-2019-qh14";

fn types() -> Vec<SectionType> {
    default_vocabulary("vi")
        .expect("vi ships")
        .section_types
        .clone()
}

fn documents() -> Vec<DocumentRef> {
    vec![
        DocumentRef {
            id: DOC_ID.into(),
            slug: "45-2019-qh14".into(),
        },
        DocumentRef {
            id: "doc-168-2024-ndd-cp".into(),
            slug: "168-2024-ndd-cp".into(),
        },
    ]
}

fn unit(
    id: &str,
    parent: Option<&str>,
    code: &str,
    ordinal: &str,
    address: &str,
    body: &str,
) -> StoredUnit {
    StoredUnit {
        id: id.into(),
        document: DOC_ID.into(),
        section_type: code.into(),
        parent: parent.map(str::to_string),
        ordinal: ordinal.into(),
        heading: None,
        body: body.into(),
        content_sha256: content_sha256(None, body),
        position: 0,
        canonical_address: address.into(),
        canonical_address_format_version: "canonical-address-v1".into(),
        lifecycle_status: LifecycleStatus::Active,
        authority: Authority::Enacted,
    }
}

/// Chương I › Điều 44 › khoản 1 › điểm đ, and Điều 45 (a citation root under the chapter).
fn store() -> Vec<StoredUnit> {
    let mut units = vec![
        unit(
            "u-chuong-1",
            None,
            "chuong",
            "1",
            "45-2019-qh14/chuong-1",
            "",
        ),
        unit(
            "u-dieu-44",
            Some("u-chuong-1"),
            "dieu",
            "44",
            "45-2019-qh14/dieu-44",
            "",
        ),
        unit(
            "u-khoan-1",
            Some("u-dieu-44"),
            "khoan",
            "1",
            "45-2019-qh14/dieu-44/khoan-1",
            "Người lao động có các quyền sau đây:",
        ),
        unit(
            "u-diem-dd",
            Some("u-khoan-1"),
            "diem",
            "dd",
            "45-2019-qh14/dieu-44/khoan-1/diem-dd",
            "Đơn phương chấm dứt hợp đồng lao động;",
        ),
        unit(
            "u-dieu-45",
            Some("u-chuong-1"),
            "dieu",
            "45",
            "45-2019-qh14/dieu-45",
            "Người lao động có nghĩa vụ thực hiện hợp đồng lao động.",
        ),
    ];
    for (i, u) in units.iter_mut().enumerate() {
        u.position = i as u32 + 1;
    }
    units
}

fn run(units: &[StoredUnit]) -> VerifyReport {
    let (docs, types) = (documents(), types());
    verify(&VerifyInput::new(&docs, &types, units))
}

/// The only violation of the report, which must belong to `check`.
fn only(report: &VerifyReport, check: CheckId) -> Violation {
    assert!(!report.passed);
    assert_eq!(report.violations.len(), 1, "{report}");
    assert_eq!(report.count(check), 1, "{report}");
    report.violations[0].clone()
}

fn by_id<'a>(units: &'a mut [StoredUnit], id: &str) -> &'a mut StoredUnit {
    units.iter_mut().find(|u| u.id == id).expect("unit")
}

#[test]
fn a_consistent_store_passes_every_check() {
    let units = store();
    let expected: Vec<ExpectedImage> = units
        .iter()
        .map(|u| ExpectedImage {
            unit_id: u.id.clone(),
            after_sha256: Some(unit_image_sha256(u)),
        })
        .collect();
    let mut ledger: Vec<LedgerRow> = Vec::new();
    for (i, collection) in [
        "manifest_envelope",
        "manifest_unit_block",
        "review_decision",
    ]
    .iter()
    .enumerate()
    {
        let row = append(
            ledger.last(),
            collection,
            &format!("r{i}"),
            serde_json::json!({"n": i}),
        );
        ledger.push(row);
    }
    let (docs, types) = (documents(), types());
    let report = verify(
        &VerifyInput::new(&docs, &types, &units)
            .with_change_set(&expected)
            .with_ledger(&ledger),
    );
    assert!(report.passed, "{report}");
    assert_eq!(report.units_checked, 5);
    assert_eq!(report.checks.len(), 8);
    assert!(report.checks.iter().all(|c| c.ran && c.violations == 0));
}

#[test]
fn change_set_and_ledger_are_skipped_when_not_given() {
    let report = run(&store());
    let skipped: Vec<CheckId> = report
        .checks
        .iter()
        .filter(|c| !c.ran)
        .map(|c| c.check)
        .collect();
    assert_eq!(skipped, vec![CheckId::ChangeSet, CheckId::Ledger]);
    assert!(
        report.to_string().contains("CHANGESET  skipped"),
        "{report}"
    );
}

#[test]
fn q_chk_1_reports_a_section_type_missing_from_the_vocabulary() {
    let mut units = store();
    by_id(&mut units, "u-diem-dd").section_type = "tiet".into();
    let v = only(&run(&units), CheckId::QChk1);
    assert_eq!(v.code, "unknown-section-type");
    assert_eq!(v.subject, "u-diem-dd");
    assert_eq!(v.expected, "a section type of the vocabulary");
    assert_eq!(v.found, "'tiet'");
}

#[test]
fn q_chk_1_reports_an_inactive_section_type() {
    let mut types = types();
    types.iter_mut().find(|t| t.code == "diem").unwrap().active = false;
    let units = store();
    let docs = documents();
    let report = verify(&VerifyInput::new(&docs, &types, &units));
    let v = only(&report, CheckId::QChk1);
    assert_eq!(
        (v.code.as_str(), v.subject.as_str()),
        ("inactive-section-type", "u-diem-dd")
    );
    assert_eq!(v.found, "'diem' (inactive)");
}

#[test]
fn q_chk_2_reports_a_parent_that_does_not_exist() {
    let mut units = store();
    by_id(&mut units, "u-dieu-45").parent = Some("u-chuong-9".into());
    let v = only(&run(&units), CheckId::QChk2);
    assert_eq!(v.code, "parent-missing");
    assert_eq!(v.subject, "u-dieu-45");
    assert_eq!(v.expected, "a unit with id u-chuong-9");
    assert_eq!(v.found, "no such unit");
}

#[test]
fn q_chk_2_reports_a_parent_in_another_document() {
    let mut units = store();
    let mut decree = unit(
        "u-nd-dieu-1",
        None,
        "dieu",
        "1",
        "168-2024-ndd-cp/dieu-1",
        "",
    );
    decree.document = "doc-168-2024-ndd-cp".into();
    units.push(decree);
    by_id(&mut units, "u-khoan-1").parent = Some("u-nd-dieu-1".into());
    let report = run(&units);
    let v = only(&report, CheckId::QChk2);
    assert_eq!(v.code, "parent-other-document");
    assert_eq!(v.expected, "a parent in document doc-45-2019-qh14");
    assert_eq!(
        v.found,
        "parent u-nd-dieu-1 in document doc-168-2024-ndd-cp"
    );
}

#[test]
fn q_chk_3_reports_an_address_not_derived_from_its_place() {
    let mut units = store();
    by_id(&mut units, "u-diem-dd").canonical_address = "45-2019-qh14/dieu-44/khoan-1/diem-d".into();
    let v = only(&run(&units), CheckId::QChk3);
    assert_eq!(v.code, "address-mismatch");
    assert_eq!(v.subject, "u-diem-dd");
    assert_eq!(v.expected, "45-2019-qh14/dieu-44/khoan-1/diem-dd");
    assert_eq!(v.found, "45-2019-qh14/dieu-44/khoan-1/diem-d");
}

#[test]
fn q_chk_3_derives_citation_roots_from_the_document_not_their_chapter() {
    let mut units = store();
    by_id(&mut units, "u-dieu-45").canonical_address = "45-2019-qh14/chuong-1/dieu-45".into();
    let v = only(&run(&units), CheckId::QChk3);
    assert_eq!(v.expected, "45-2019-qh14/dieu-45");
}

#[test]
fn q_chk_3_accepts_a_chapter_addressed_under_its_part_but_never_an_article_under_its_chapter() {
    let mut units = vec![
        unit("u-phan-3", None, "phan", "3", "45-2019-qh14/phan-3", "P"),
        unit(
            "u-chuong-1",
            Some("u-phan-3"),
            "chuong",
            "1",
            "45-2019-qh14/phan-3/chuong-1",
            "C",
        ),
        unit(
            "u-dieu-89",
            Some("u-chuong-1"),
            "dieu",
            "89",
            "45-2019-qh14/dieu-89",
            "D",
        ),
    ];
    for (i, u) in units.iter_mut().enumerate() {
        u.position = i as u32 + 1;
    }
    assert!(run(&units).passed, "{}", run(&units));
    by_id(&mut units, "u-dieu-89").canonical_address =
        "45-2019-qh14/phan-3/chuong-1/dieu-89".into();
    let v = only(&run(&units), CheckId::QChk3);
    assert_eq!(v.expected, "45-2019-qh14/dieu-89");
}

#[test]
fn q_chk_3_reports_an_address_that_does_not_parse_with_its_byte_offset() {
    let mut units = store();
    by_id(&mut units, "u-dieu-45").canonical_address = "45-2019-QH14/dieu-45".into();
    let v = only(&run(&units), CheckId::QChk3);
    assert_eq!(v.code, "uppercase-letter");
    assert_eq!(v.found, "'45-2019-QH14/dieu-45'");
    assert!(v.message.contains("at byte 8"), "{}", v.message);
}

#[test]
fn q_chk_3_reports_an_unknown_format_version() {
    let mut units = store();
    by_id(&mut units, "u-dieu-45").canonical_address_format_version = "canonical-address-v0".into();
    let v = only(&run(&units), CheckId::QChk3);
    assert_eq!(v.code, "unknown-format-version");
    assert_eq!(
        (v.expected.as_str(), v.found.as_str()),
        ("canonical-address-v1", "'canonical-address-v0'")
    );
}

#[test]
fn q_chk_3_reports_a_unit_of_a_document_it_was_not_told_about() {
    let mut units = store();
    by_id(&mut units, "u-dieu-45").document = "doc-unknown".into();
    let report = run(&units);
    assert_eq!(report.count(CheckId::QChk3), 1, "{report}");
    assert_eq!(
        report.of(CheckId::QChk3).next().unwrap().code,
        "unknown-document"
    );
}

#[test]
fn q_chk_3_lets_a_retired_unit_keep_the_address_it_was_retired_under() {
    let mut units = store();
    let old = by_id(&mut units, "u-diem-dd");
    old.canonical_address = "45-2019-qh14/dieu-43/khoan-1/diem-dd".into();
    old.lifecycle_status = LifecycleStatus::Retired;
    assert!(run(&units).passed);
}

#[test]
fn unique_reports_the_second_unit_holding_an_address() {
    let mut units = store();
    let mut twin = unit(
        "u-dieu-45-bis",
        Some("u-chuong-1"),
        "dieu",
        "45",
        "45-2019-qh14/dieu-45",
        "x",
    );
    twin.lifecycle_status = LifecycleStatus::Retired;
    units.push(twin);
    let v = only(&run(&units), CheckId::Unique);
    assert_eq!(v.code, "duplicate-address");
    assert_eq!(v.subject, "u-dieu-45-bis");
    assert_eq!(v.found, "unit u-dieu-45 has it too");
}

#[test]
fn unique_reports_a_repeated_id() {
    let mut units = store();
    let mut again = units[4].clone();
    again.canonical_address = "45-2019-qh14/dieu-46".into();
    again.ordinal = "46".into();
    again.position = 9;
    units.push(again);
    let v = only(&run(&units), CheckId::Unique);
    assert_eq!(
        (v.code.as_str(), v.found.as_str()),
        ("duplicate-id", "units at rows 4 and 5")
    );
}

/// The store as written since issue 30: positions count among siblings.
fn store_with_sibling_positions() -> Vec<StoredUnit> {
    let mut units = store();
    for u in &mut units {
        u.position = 1;
    }
    by_id(&mut units, "u-dieu-45").position = 2;
    units
}

#[test]
fn stores_of_either_meaning_of_position_pass() {
    // `store()` holds document positions (1..5), as stores written before issue 30 do.
    let old = store();
    assert!(run(&old).passed, "{}", run(&old));
    assert!(!has_sibling_positions(&old));
    let new = store_with_sibling_positions();
    assert!(run(&new).passed, "{}", run(&new));
    assert!(has_sibling_positions(&new));
    // The same document order either way.
    let ids = |units: &[StoredUnit]| -> Vec<String> {
        stored_document_order(units)
            .into_iter()
            .map(|i| units[i].id.clone())
            .collect()
    };
    assert_eq!(ids(&old), ids(&new));
}

#[test]
fn tree_reports_live_siblings_at_one_position() {
    let mut units = store_with_sibling_positions();
    by_id(&mut units, "u-dieu-45").position = 1;
    let v = only(&run(&units), CheckId::Tree);
    assert_eq!(
        (v.code.as_str(), v.subject.as_str(), v.found.as_str()),
        (
            "duplicate-sibling-position",
            "u-dieu-45",
            "unit u-dieu-44 has it too"
        )
    );
    // A retired unit keeps the position it was retired at: a live sibling may take it.
    by_id(&mut units, "u-dieu-44").lifecycle_status = LifecycleStatus::Retired;
    by_id(&mut units, "u-dieu-44").authority = Authority::Enacted;
    assert!(
        run(&units).of(CheckId::Tree).next().is_none(),
        "{}",
        run(&units)
    );
    // Children of different parents may share a position: khoản 1 and điểm đ are both 1.
    let units = store_with_sibling_positions();
    assert!(run(&units).passed);
}

#[test]
fn tree_reports_a_three_cycle_once_without_hanging() {
    let mut units = store();
    by_id(&mut units, "u-dieu-44").parent = Some("u-diem-dd".into());
    let report = run(&units);
    let cycles: Vec<&Violation> = report.of(CheckId::Tree).collect();
    assert_eq!(cycles.len(), 1, "{report}");
    assert_eq!(cycles[0].code, "cycle");
    assert_eq!(cycles[0].subject, "u-diem-dd");
    assert_eq!(
        cycles[0].found,
        "u-diem-dd → u-khoan-1 → u-dieu-44 → u-diem-dd"
    );
    assert_eq!(report.count(CheckId::QChk2), 0);
}

#[test]
fn tree_reports_a_unit_that_is_its_own_parent() {
    let mut units = store();
    by_id(&mut units, "u-chuong-1").parent = Some("u-chuong-1".into());
    let v = only(&run(&units), CheckId::Tree);
    assert_eq!(v.found, "u-chuong-1 → u-chuong-1");
}

#[test]
fn content_reports_a_body_edited_behind_the_workflows_back() {
    let mut units = store();
    let dd = by_id(&mut units, "u-diem-dd");
    let recorded = dd.content_sha256.clone();
    dd.body = "Đơn phương chấm dứt hợp đồng lao động bất kỳ lúc nào;".into();
    let v = only(&run(&units), CheckId::Content);
    assert_eq!(v.code, "content-hash-mismatch");
    assert_eq!(v.subject, "u-diem-dd");
    assert_eq!(v.found, recorded);
    assert_eq!(
        v.expected,
        content_sha256(
            None,
            "Đơn phương chấm dứt hợp đồng lao động bất kỳ lúc nào;"
        )
    );
}

#[test]
fn changeset_reports_a_unit_changed_after_the_change_set_wrote_it() {
    let mut units = store();
    let expected = vec![ExpectedImage {
        unit_id: "u-diem-dd".into(),
        after_sha256: Some(unit_image_sha256(&units[3])),
    }];
    // A consistent edit (content hash updated too): only the change set can tell.
    let dd = by_id(&mut units, "u-diem-dd");
    dd.body = "Đơn phương chấm dứt hợp đồng lao động theo Điều 35;".into();
    dd.content_sha256 = content_sha256(None, &dd.body);
    let now = unit_image_sha256(dd);
    let (docs, types) = (documents(), types());
    let report = verify(&VerifyInput::new(&docs, &types, &units).with_change_set(&expected));
    let v = only(&report, CheckId::ChangeSet);
    assert_eq!(v.code, "after-image-mismatch");
    assert_eq!(v.subject, "u-diem-dd");
    assert_eq!(Some(&v.expected), expected[0].after_sha256.as_ref());
    assert_eq!(v.found, now);
}

#[test]
fn changeset_reports_a_unit_that_is_gone() {
    let units = store();
    let expected = vec![ExpectedImage {
        unit_id: "u-dieu-46".into(),
        after_sha256: Some("0".repeat(64)),
    }];
    let (docs, types) = (documents(), types());
    let report = verify(&VerifyInput::new(&docs, &types, &units).with_change_set(&expected));
    let v = only(&report, CheckId::ChangeSet);
    assert_eq!(
        (v.code.as_str(), v.found.as_str()),
        ("unit-missing", "no such unit")
    );
}

#[test]
fn ledger_reports_a_row_edited_in_the_database() {
    let mut rows: Vec<LedgerRow> = Vec::new();
    for i in 0..3 {
        let row = append(
            rows.last(),
            "verify_result",
            &format!("v{i}"),
            serde_json::json!({"passed": true, "n": i}),
        );
        rows.push(row);
    }
    rows[1].content["passed"] = false.into();
    let (docs, types, units) = (documents(), types(), store());
    let report = verify(&VerifyInput::new(&docs, &types, &units).with_ledger(&rows));
    let v = only(&report, CheckId::Ledger);
    assert_eq!(v.code, "tampered-content");
    assert_eq!((v.subject.as_str(), v.position), ("v1", Some(1)));
    assert_eq!(v.found, rows[1].row_hash);
}

#[test]
fn every_violation_of_a_broken_store_is_listed_with_counts_per_check() {
    let mut units = store();
    by_id(&mut units, "u-diem-dd").section_type = "tiet".into();
    by_id(&mut units, "u-dieu-45").parent = Some("u-missing".into());
    by_id(&mut units, "u-khoan-1").body.push('!');
    let report = run(&units);
    let counts: Vec<(CheckId, usize)> = report
        .checks
        .iter()
        .map(|c| (c.check, c.violations))
        .collect();
    assert_eq!(
        counts,
        vec![
            (CheckId::QChk1, 1),
            (CheckId::QChk2, 1),
            (CheckId::QChk3, 0),
            (CheckId::Unique, 0),
            (CheckId::Tree, 0),
            (CheckId::Content, 1),
            (CheckId::ChangeSet, 0),
            (CheckId::Ledger, 0),
        ]
    );
    assert_eq!(report.violations.len(), 3);
}

#[test]
fn the_input_reads_from_json_and_the_report_writes_stable_check_ids() {
    let json = serde_json::json!({
        "documents": documents(),
        "section_types": types(),
        "units": store(),
        "change_set": [{"unit_id": "u-dieu-45", "after_sha256": "0".repeat(64)}],
    });
    let input: VerifyInput = serde_json::from_value(json).unwrap();
    assert!(input.ledger.is_none());
    let report = verify(&input);
    let out = serde_json::to_value(&report).unwrap();
    assert_eq!(out["passed"], false);
    assert_eq!(out["violations"][0]["check"], "CHANGESET");
    assert_eq!(out["checks"][0]["check"], "Q-CHK-1");
}

#[test]
fn a_parent_cycle_of_unknown_types_is_reported_and_verify_ends() {
    // A store edited behind the workflow's back: Điều 9's parents go round in a cycle of rows
    // whose section type the vocabulary lacks. The search for a grouping above the parent
    // (`…/division-b/section-101`) walks the parents: it must stop after as many steps as
    // there are units, not follow the cycle for ever (a WASM instance that never answers).
    let units = vec![
        unit(
            "a",
            Some("b"),
            "dieu",
            "9",
            "45-2019-qh14/x-1/dieu-9",
            "Điều chín.",
        ),
        unit("b", Some("c"), "no-such-type", "1", "45-2019-qh14/x-1", ""),
        unit("c", Some("b"), "no-such-type", "2", "45-2019-qh14/x-2", ""),
    ];
    let report = run(&units);
    assert!(report.violations.iter().any(|v| v.check == CheckId::QChk1));
    assert!(report
        .violations
        .iter()
        .any(|v| v.check == CheckId::QChk3 && v.subject == "a"));
}
