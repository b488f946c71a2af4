use serde_json::json;

use super::*;
use crate::store::unit::{content_sha256, Authority, LifecycleStatus};

const DOC: &str = "0b6c8f8e-3a4b-4c55-9d3e-5f1e2d3c4b5a";
const CS: &str = "7d1c2b3a-0000-4000-8000-000000000001";

fn unit(id: &str, ordinal: &str, body: &str) -> StoredUnit {
    StoredUnit {
        id: id.into(),
        document: DOC.into(),
        section_type: "dieu".into(),
        parent: None,
        ordinal: ordinal.into(),
        heading: Some("Quyền đơn phương chấm dứt hợp đồng".into()),
        body: body.into(),
        content_sha256: content_sha256(Some("Quyền đơn phương chấm dứt hợp đồng"), body),
        position: ordinal.parse().unwrap_or(1),
        canonical_address: format!("45-2019-qh14/dieu-{ordinal}"),
        canonical_address_format_version: "canonical-address-v1".into(),
        lifecycle_status: LifecycleStatus::Active,
        authority: Authority::Enacted,
    }
}

fn alias(id: &str, text: &str, target: &str) -> StoredAlias {
    StoredAlias {
        alias_id: id.into(),
        target_unit_id: Some(target.into()),
        alias_text: text.into(),
        alias_kind: "renumber".into(),
        valid_from: json!("2025-07-01T00:00:00+07:00"),
        valid_until: Value::Null,
        created_by: Some("5f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0".into()),
        rationale: Some("Điều 10 thành Điều 11".into()),
        scenario_ref: Some(CS.into()),
    }
}

fn unit_image(u: &StoredUnit, seq: u64) -> UnitImage {
    UnitImage {
        unit_id: u.id.clone(),
        change_set: CS.into(),
        ledger_seq: seq,
        after_image: Some(u.clone()),
    }
}

fn alias_image(a: &StoredAlias, seq: u64) -> AliasImage {
    AliasImage {
        alias_id: a.alias_id.clone(),
        change_set: CS.into(),
        ledger_seq: seq,
        after_image: Some(a.clone()),
    }
}

/// A store exactly as the ledger left it: two units, one alias.
fn in_step() -> DriftInput {
    let units = vec![
        unit("u1", "10", "Người lao động có quyền…"),
        unit("u2", "11", "Người sử dụng lao động…"),
    ];
    let aliases = vec![alias("a1", "45-2019-qh14/dieu-9", "u1")];
    DriftInput {
        unit_images: units
            .iter()
            .enumerate()
            .map(|(i, u)| unit_image(u, i as u64 + 1))
            .collect(),
        alias_images: vec![alias_image(&aliases[0], 3)],
        units,
        aliases,
        max_violations: DEFAULT_MAX_VIOLATIONS,
    }
}

fn kinds(r: &DriftReport) -> Vec<(&'static str, &str, Option<&str>)> {
    r.violations
        .iter()
        .map(|v| (v.kind.code(), v.id.as_str(), v.field.as_deref()))
        .collect()
}

#[test]
fn a_store_as_the_ledger_left_it_has_no_drift() {
    let r = drift_audit(&in_step());
    assert!(r.passed, "{:?}", r.violations);
    assert_eq!((r.units_checked, r.aliases_checked), (2, 1));
}

#[test]
fn every_edited_column_is_one_violation_with_both_values() {
    let mut input = in_step();
    input.units[0].body = "Người lao động không có quyền…".into();
    input.units[0].lifecycle_status = LifecycleStatus::Retired;
    let r = drift_audit(&input);
    assert_eq!(
        kinds(&r),
        vec![
            ("edited", "u1", Some("body")),
            ("edited", "u1", Some("lifecycle_status"))
        ]
    );
    let v = &r.violations[0];
    assert_eq!(v.subject, DriftSubject::Unit);
    assert_eq!(v.address, "45-2019-qh14/dieu-10");
    assert_eq!(v.expected, "\"Người lao động có quyền…\"");
    assert_eq!(v.found, "\"Người lao động không có quyền…\"");
    assert_eq!((v.change_set.as_deref(), v.ledger_seq), (Some(CS), Some(1)));
    assert!(v.message.contains("edited outside the workflow"));
    assert_eq!(r.violations[1].expected, "\"active\"");
}

/// A column and a change to it.
type Edit<T> = (&'static str, fn(&mut T));

#[test]
fn every_unit_column_is_compared() {
    let base = in_step();
    let edits: [Edit<StoredUnit>; 12] = [
        ("document", |u| u.document = "other".into()),
        ("section_type", |u| u.section_type = "chuong".into()),
        ("parent", |u| u.parent = Some("u2".into())),
        ("ordinal", |u| u.ordinal = "10a".into()),
        ("heading", |u| u.heading = None),
        ("body", |u| u.body.push('.')),
        ("content_sha256", |u| u.content_sha256 = "0".repeat(64)),
        ("position", |u| u.position += 1),
        ("canonical_address", |u| u.canonical_address.push('a')),
        ("canonical_address_format_version", |u| {
            u.canonical_address_format_version = "v0".into()
        }),
        ("lifecycle_status", |u| {
            u.lifecycle_status = LifecycleStatus::DraftOnly
        }),
        ("authority", |u| u.authority = Authority::Runtime),
    ];
    for (field, edit) in edits {
        let mut input = base.clone();
        edit(&mut input.units[0]);
        assert_eq!(
            kinds(&drift_audit(&input)),
            vec![("edited", "u1", Some(field))]
        );
    }
    // An image whose id disagrees with its key is drift in `id` too.
    let mut input = base;
    input.unit_images[0].after_image.as_mut().unwrap().id = "u9".into();
    assert_eq!(
        kinds(&drift_audit(&input)),
        vec![("edited", "u1", Some("id"))]
    );
}

#[test]
fn every_alias_column_is_compared() {
    let base = in_step();
    let edits: [Edit<StoredAlias>; 8] = [
        ("target_unit_id", |a| a.target_unit_id = Some("u2".into())),
        ("alias_text", |a| {
            a.alias_text = "45-2019-qh14/dieu-8".into()
        }),
        ("alias_kind", |a| a.alias_kind = "legacy".into()),
        ("valid_from", |a| {
            a.valid_from = json!("2025-07-01T00:00:00Z")
        }),
        ("valid_until", |a| a.valid_until = json!("2030-01-01")),
        ("created_by", |a| a.created_by = None),
        ("rationale", |a| a.rationale = Some("?".into())),
        ("scenario_ref", |a| a.scenario_ref = None),
    ];
    for (field, edit) in edits {
        let mut input = base.clone();
        edit(&mut input.aliases[0]);
        let r = drift_audit(&input);
        assert_eq!(kinds(&r), vec![("edited", "a1", Some(field))], "{field}");
        assert_eq!(r.violations[0].subject, DriftSubject::Alias);
    }
    let mut input = base;
    input.alias_images[0].after_image.as_mut().unwrap().alias_id = "a9".into();
    assert_eq!(
        kinds(&drift_audit(&input)),
        vec![("edited", "a1", Some("alias_id"))]
    );
}

#[test]
fn alias_timestamps_are_compared_as_instants() {
    let mut input = in_step();
    // +07:00 midnight is 17:00 UTC the day before; SQLite keeps it without an offset, or as ms.
    for same in [
        json!("2025-06-30T17:00:00.000Z"),
        json!("2025-06-30 17:00:00"),
        json!(1_751_302_800_000i64),
    ] {
        input.aliases[0].valid_from = same.clone();
        assert!(drift_audit(&input).passed, "{same}");
    }
    input.aliases[0].valid_from = json!("2025-06-30T17:00:00.001Z");
    assert_eq!(
        kinds(&drift_audit(&input)),
        vec![("edited", "a1", Some("valid_from"))]
    );
    input.aliases[0].valid_from = json!("not a time");
    assert!(!drift_audit(&input).passed);
}

#[test]
fn a_row_no_change_set_wrote_is_not_in_the_ledger() {
    let mut input = in_step();
    input.units.push(unit("u3", "12", "Thêm ngoài quy trình"));
    input
        .aliases
        .push(alias("a2", "45-2019-qh14/dieu-99", "u2"));
    let r = drift_audit(&input);
    assert_eq!(
        kinds(&r),
        vec![("not-in-ledger", "u3", None), ("not-in-ledger", "a2", None)]
    );
    assert_eq!(r.violations[0].change_set, None);
    assert_eq!((r.units_checked, r.aliases_checked), (3, 2));
}

#[test]
fn a_row_the_ledger_left_but_the_store_lacks_is_missing() {
    let mut input = in_step();
    input.units.remove(1);
    input.aliases.clear();
    let r = drift_audit(&input);
    assert_eq!(
        kinds(&r),
        vec![("missing", "u2", None), ("missing", "a1", None)]
    );
    assert_eq!(r.violations[0].address, "45-2019-qh14/dieu-11");
    assert_eq!(r.violations[0].ledger_seq, Some(2));
    assert_eq!((r.units_checked, r.aliases_checked), (2, 1));
}

#[test]
fn a_row_the_last_change_removed_is_resurrected_if_stored() {
    let mut input = in_step();
    input.unit_images.push(UnitImage {
        unit_id: "u2".into(),
        change_set: "rollback".into(),
        ledger_seq: 9,
        after_image: None,
    });
    input.alias_images.push(AliasImage {
        alias_id: "a1".into(),
        change_set: "rollback".into(),
        ledger_seq: 8,
        after_image: None,
    });
    let r = drift_audit(&input);
    assert_eq!(
        kinds(&r),
        vec![("resurrected", "u2", None), ("resurrected", "a1", None)]
    );
    assert!(r.violations[0]
        .message
        .contains("change set rollback (ledger seq 9) removed"));
    // Removed and gone: no drift.
    input.units.remove(1);
    input.aliases.clear();
    assert!(drift_audit(&input).passed);
}

#[test]
fn the_last_image_wins_whatever_the_order_given() {
    let mut input = in_step();
    let mut older = input.unit_images[0].clone();
    older.ledger_seq = 0;
    older.after_image.as_mut().unwrap().body = "old".into();
    input.unit_images.push(older);
    assert!(drift_audit(&input).passed);
}

#[test]
fn violations_are_ordered_and_capped() {
    let mut input = in_step();
    for u in &mut input.units {
        u.body.push('!');
        u.position += 100;
    }
    input.max_violations = 3;
    let r = drift_audit(&input);
    assert_eq!(r.violation_count, 4);
    assert_eq!(
        kinds(&r),
        vec![
            ("edited", "u1", Some("body")),
            ("edited", "u1", Some("position")),
            ("edited", "u2", Some("body"))
        ]
    );
}

#[test]
fn images_may_be_objects_or_the_stored_json_text() {
    let u = unit("u1", "10", "x");
    let text = serde_json::to_string(&u).unwrap();
    let input: DriftInput = serde_json::from_value(json!({
        "units": [u],
        "unit_images": [{"unit_id": "u1", "change_set": CS, "ledger_seq": "4", "after_image": text}],
        "alias_images": [{"alias_id": "a1", "change_set": CS, "ledger_seq": 5, "after_image": null}],
    }))
    .unwrap();
    assert_eq!(input.unit_images[0].after_image.as_ref(), Some(&u));
    assert_eq!(input.unit_images[0].ledger_seq, 4);
    assert!(drift_audit(&input).passed);
    // `after_image` must be there (null for a removal), and a bad text is named.
    let missing = serde_json::from_value::<DriftInput>(json!({
        "units": [], "unit_images": [{"unit_id": "u1", "change_set": CS, "ledger_seq": 1}],
    }));
    assert!(missing.unwrap_err().to_string().contains("after_image"));
    let bad = serde_json::from_value::<DriftInput>(json!({
        "units": [], "unit_images": [{"unit_id": "u1", "change_set": CS, "ledger_seq": 1, "after_image": "{"}],
    }));
    assert!(bad
        .unwrap_err()
        .to_string()
        .contains("after_image JSON text"));
}

#[test]
fn long_values_are_cut_in_the_report() {
    let mut input = in_step();
    input.units[0].body = "đ".repeat(500);
    let r = drift_audit(&input);
    assert!(
        r.violations[0].found.ends_with("… (1002 bytes)"),
        "{}",
        r.violations[0].found
    );
    assert_eq!(
        r.violations[0].found.chars().count(),
        200 + "… (1002 bytes)".chars().count()
    );
}
