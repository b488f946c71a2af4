//! Repair after an incident, specified on Bộ luật Lao động 45/2019/QH14: the store edited,
//! shortened, lengthened and readdressed behind the ledger, and its aliases deleted,
//! edited and added, is put back to the ledger's last after-images by one ordinary
//! manifest that passes the CUT gates, runs through the model executor and leaves no drift.

use iu_cutter_core::change::gate::{cut_gates, result_gates};
use iu_cutter_core::change::manifest::{Action, Manifest, ManifestError, UnitBlock};
use iu_cutter_core::change::plan::apply;
use iu_cutter_core::change::repair::{
    alias_repair_gate, repair_manifest, RepairError, RepairFacts,
};
use iu_cutter_core::ledger::drift::{drift_audit, AliasImage, DriftInput, StoredAlias, UnitImage};
use iu_cutter_core::store::unit::StoredUnit;
use iu_cutter_core::Report;
use serde_json::{json, Value};

use crate::plan_common;
use plan_common::*;

const INCIDENT: &str = "1f0e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";

fn facts() -> RepairFacts {
    RepairFacts {
        document_id: DOC_ID.into(),
        doc: DOC.into(),
        vocabulary: "vi".into(),
        source_sha256: "5d41402abc4b2a76b9719d911017c592".repeat(2),
        incident: INCIDENT.into(),
        created_at: "2025-07-03T08:00:00Z".into(),
        created_by: "editor@example.com".into(),
        effective_from: "2025-07-03T00:00:00Z".into(),
    }
}

fn images(units: &[StoredUnit], seq: u64) -> Vec<UnitImage> {
    units
        .iter()
        .map(|u| UnitImage {
            unit_id: u.id.clone(),
            change_set: "cs-1".into(),
            ledger_seq: seq,
            after_image: Some(u.clone()),
        })
        .collect()
}

fn alias(id: &str, text: &str, target: &str) -> StoredAlias {
    StoredAlias {
        alias_id: id.into(),
        target_unit_id: Some(target.into()),
        alias_text: format!("{DOC}/{text}"),
        alias_kind: "renumber".into(),
        valid_from: json!("2025-07-01T00:00:00.000Z"),
        valid_until: Value::Null,
        created_by: Some("editor@example.com".into()),
        rationale: Some("Điều 9 thành Điều 10".into()),
        scenario_ref: Some("cs-1".into()),
    }
}

fn alias_images(aliases: &[StoredAlias]) -> Vec<AliasImage> {
    aliases
        .iter()
        .map(|a| AliasImage {
            alias_id: a.alias_id.clone(),
            change_set: "cs-1".into(),
            ledger_seq: 5,
            after_image: Some(a.clone()),
        })
        .collect()
}

fn by_id(mut units: Vec<StoredUnit>) -> Vec<StoredUnit> {
    units.sort_by(|a, b| a.id.cmp(&b.id));
    units
}

fn no_drift(
    units: &[StoredUnit],
    aliases: &[StoredAlias],
    unit_images: &[UnitImage],
    alias_images: &[AliasImage],
) -> bool {
    let r = drift_audit(&DriftInput {
        units: units.to_vec(),
        aliases: aliases.to_vec(),
        unit_images: unit_images.to_vec(),
        alias_images: alias_images.to_vec(),
        max_violations: 100,
    });
    assert!(r.passed, "{:#?}", r.violations);
    r.passed
}

/// What a database superuser did behind the ledger, and the ledger's images of before.
struct Tampered {
    ledger: Vec<StoredUnit>,
    now: Vec<StoredUnit>,
    aliases_ledger: Vec<StoredAlias>,
    aliases_now: Vec<StoredAlias>,
    squatter: String,
    deleted: String,
    edited: String,
    moved: String,
}

fn tampered() -> Tampered {
    let ledger = stored_from(&labour_code());
    let mut now = ledger.clone();
    let edited = at(&ledger, "dieu-1").id.clone();
    let moved = at(&ledger, "dieu-10/khoan-2").id.clone();
    let deleted = at(&ledger, "dieu-44/khoan-1/diem-dd").id.clone();
    for u in &mut now {
        if u.id == edited {
            u.heading = Some("Edited behind the workflow".into());
        }
        if u.id == moved {
            // Readdressed by hand to an address nothing holds.
            u.ordinal = "9".into();
            u.canonical_address = format!("{DOC}/dieu-10/khoan-9");
        }
    }
    now.retain(|u| u.id != deleted);
    let mut squatter = at(&ledger, "dieu-2/khoan-3").clone();
    squatter.id = "00000000-dead-4bee-8000-000000000099".into();
    squatter.ordinal = "99".into();
    squatter.canonical_address = format!("{DOC}/dieu-2/khoan-99");
    squatter.position = 9_999;
    now.push(squatter.clone());

    let target = at(&ledger, "dieu-10").id.clone();
    let aliases_ledger = vec![
        alias("a-0", "dieu-6", &target),
        alias("a-1", "dieu-9", &target),
        alias("a-2", "dieu-8", &target),
    ];
    let mut edited_alias = aliases_ledger[2].clone();
    edited_alias.rationale = Some("rewritten".into());
    // The same instant written another way (as PostgreSQL gives it back) is not a change.
    let mut same_instant = aliases_ledger[0].clone();
    same_instant.valid_from = json!("2025-07-01T07:00:00+07:00");
    // a-1 deleted, a-2 edited, a-3 added.
    let aliases_now = vec![same_instant, edited_alias, alias("a-3", "dieu-7", &target)];
    Tampered {
        ledger,
        now,
        aliases_ledger,
        aliases_now,
        squatter: squatter.id,
        deleted,
        edited,
        moved,
    }
}

#[test]
fn a_repair_restores_every_unit_and_alias_to_the_ledgers_last_images() {
    let t = tampered();
    let unit_images = images(&t.ledger, 3);
    let alias_images = alias_images(&t.aliases_ledger);
    let m = repair_manifest(
        &t.now,
        &unit_images,
        &t.aliases_now,
        &alias_images,
        &facts(),
    )
    .unwrap();

    let action = |id: &str| {
        m.blocks
            .iter()
            .find(|b| b.unit_id() == id)
            .map(UnitBlock::action)
    };
    assert_eq!(m.blocks.len(), 4, "{:#?}", m.blocks);
    assert_eq!(action(&t.edited), Some(Action::Update));
    assert_eq!(action(&t.moved), Some(Action::Readdress));
    assert_eq!(action(&t.deleted), Some(Action::Create));
    assert_eq!(action(&t.squatter), Some(Action::Remove));
    assert!(
        m.blocks.iter().all(|b| b.aliases().is_empty()),
        "a repair creates no alias rows of its own"
    );
    let UnitBlock::Update(u) = m.blocks.iter().find(|b| b.unit_id() == t.edited).unwrap() else {
        unreachable!()
    };
    assert_eq!(
        u.before.heading.as_deref(),
        Some("Edited behind the workflow")
    );
    assert_eq!(&u.after, at(&t.ledger, "dieu-1"));

    assert_eq!(
        m.envelope
            .alias_repairs
            .iter()
            .map(|r| (r.alias_id.as_str(), r.before.is_some(), r.after.is_some()))
            .collect::<Vec<_>>(),
        vec![
            ("a-1", false, true),
            ("a-2", true, true),
            ("a-3", true, false)
        ]
    );
    assert_eq!(m.envelope.repair_of.as_deref(), Some(INCIDENT));
    assert_eq!(m.envelope.rollback_of, None);
    assert!(!m.envelope.enact);

    // An ordinary manifest: it reads back under its sha256, passes the CUT gates on the
    // tampered store, and the model executor leaves exactly the ledger's images.
    let back = Manifest::from_json(&m.to_canonical_json(), Some(&m.sha256())).unwrap();
    assert_eq!(back, m);
    let gates =
        cut_gates(&m, &m.sha256(), &t.now).and(result_gates(&m, &t.now, &vi().section_types));
    assert!(gates.passed, "{gates}");
    let after = assert_executes(&t.now, &m);
    assert_eq!(by_id(after.clone()), by_id(t.ledger.clone()));
    let mut aliases_after: Vec<StoredAlias> = m
        .envelope
        .alias_repairs
        .iter()
        .filter_map(|r| r.after.clone())
        .collect();
    aliases_after.push(t.aliases_now[0].clone());
    assert!(no_drift(
        &after,
        &aliases_after,
        &unit_images,
        &alias_images
    ));

    // The alias rows are gated like the units: as the repair saw them.
    assert!(alias_repair_gate(&m, &t.aliases_now).passed());
    let mut moved_on = t.aliases_now.clone();
    moved_on[1].alias_kind = "legacy".into();
    moved_on.push(alias("a-1", "dieu-9", "x"));
    let gate = alias_repair_gate(&m, &moved_on);
    assert!(!gate.passed());
    assert!(
        gate.evidence.contains("a-1")
            && gate.evidence.contains("a-2")
            && gate.evidence.contains("alias_kind"),
        "{}",
        gate.evidence
    );
    // The unit gates refuse a store that moved between the repair and the CUT.
    let mut later = t.now.clone();
    later.iter_mut().find(|u| u.id == t.edited).unwrap().body = "moved on".into();
    assert!(!cut_gates(&m, &m.sha256(), &later).passed);
}

#[test]
fn the_last_image_wins_and_a_removed_unit_that_came_back_is_removed_again() {
    let ledger = stored_from(&labour_code());
    let gone = at(&ledger, "dieu-44/khoan-1/diem-dd").clone();
    let mut unit_images = images(&ledger, 3);
    // A later change set (seq 9) removed it; the store has it again.
    unit_images.push(UnitImage {
        unit_id: gone.id.clone(),
        change_set: "cs-2".into(),
        ledger_seq: 9,
        after_image: None,
    });
    let m = repair_manifest(&ledger, &unit_images, &[], &[], &facts()).unwrap();
    assert_eq!(m.blocks.len(), 1);
    assert_eq!(m.blocks[0].action(), Action::Remove);
    assert_eq!(apply(&ledger, &m).len(), ledger.len() - 1);
}

#[test]
fn a_store_equal_to_the_ledger_has_nothing_to_repair() {
    let ledger = stored_from(&labour_code());
    let target = at(&ledger, "dieu-10").id.clone();
    let aliases = vec![alias("a-1", "dieu-9", &target)];
    // An alias whose instant is written another way is the same row.
    let mut same = aliases.clone();
    same[0].valid_from = json!("2025-07-01T07:00:00+07:00");
    let e = repair_manifest(
        &ledger,
        &images(&ledger, 3),
        &same,
        &alias_images(&aliases),
        &facts(),
    )
    .unwrap_err();
    assert_eq!(
        e,
        RepairError::NothingToRepair {
            document_id: DOC_ID.into()
        }
    );
    assert_eq!(e.code(), "nothing-to-repair");
    assert!(e.to_report().hint.contains("/iu-cutter/audit"));
}

#[test]
fn facts_are_checked_before_anything_is_planned() {
    let ledger = stored_from(&labour_code());
    let bad = RepairFacts {
        created_at: "yesterday".into(),
        ..facts()
    };
    assert_eq!(
        repair_manifest(&ledger, &[], &[], &[], &bad)
            .unwrap_err()
            .code(),
        "invalid-timestamp"
    );
    let empty = RepairFacts {
        incident: " ".into(),
        ..facts()
    };
    assert_eq!(
        repair_manifest(&ledger, &[], &[], &[], &empty).unwrap_err(),
        RepairError::EmptyField { field: "incident" }
    );
}

#[test]
fn only_a_repair_removes_units_or_restores_alias_rows_and_other_manifests_keep_their_bytes() {
    let t = tampered();
    let m = repair_manifest(
        &t.now,
        &images(&t.ledger, 3),
        &t.aliases_now,
        &alias_images(&t.aliases_ledger),
        &facts(),
    )
    .unwrap();
    let mut not_a_repair = m.clone();
    not_a_repair.envelope.repair_of = None;
    let e = not_a_repair.check().unwrap_err();
    assert!(
        matches!(
            e,
            ManifestError::InconsistentBlock { .. } | ManifestError::InconsistentAliasRepair { .. }
        ),
        "{e}"
    );
    let mut aliases_only = not_a_repair.clone();
    aliases_only.blocks.clear();
    aliases_only.envelope.counts = Default::default();
    assert_eq!(
        aliases_only.check().unwrap_err().code(),
        "inconsistent-alias-repair"
    );
    let mut unsorted = m.clone();
    unsorted.envelope.alias_repairs.reverse();
    assert_eq!(
        unsorted.check().unwrap_err().code(),
        "inconsistent-alias-repair"
    );

    // A plain plan's envelope has neither key: its canonical bytes (and sha256) are as before.
    let planned =
        iu_cutter_core::change::plan::plan(&cut_of(&labour_code()), &[], vi(), &input()).unwrap();
    let json = planned.to_canonical_json();
    assert!(!json.contains("repair_of") && !json.contains("alias_repairs"));
    let repaired = m.to_canonical_json();
    assert!(repaired.contains(&format!("\"repair_of\":\"{INCIDENT}\"")));
    assert!(repaired.contains("\"alias_repairs\":[{\"after\":{"));
}
