//! Manifests written before issue 30 (`iu-cutter-manifest-v1`: images hold each unit's place in
//! the whole document) stay readable. The two fixtures under `fixtures/manifest-v1/` were
//! written by the planner of commit 1e0b0bc — the labour-code outline of `plan_common` cut into
//! an empty store, then re-cut with a clause inserted first into Điều 2, a point edited and a
//! clause of Điều 10 removed — and are stored with the sha256 they were approved under.

use crate::plan_common;

use iu_cutter_core::change::manifest::{
    changed_columns, Column, Manifest, UnitBlock, FORMAT, FORMAT_V1,
};
use iu_cutter_core::change::plan::plan;
use iu_cutter_core::change::position_upgrade::{plan_position_upgrade, UpgradeInput};
use iu_cutter_core::change::rollback::{rollback, RollbackInput};
use iu_cutter_core::change::verify::{verify, DocumentRef, VerifyInput};
use iu_cutter_core::store::unit::{
    has_sibling_positions, renumbered_siblings, stored_document_order, StoredUnit,
};
use iu_cutter_core::Report;
use plan_common::*;

fn fixture(name: &str) -> (String, String) {
    let dir = format!("{}/tests/fixtures/manifest-v1", env!("CARGO_MANIFEST_DIR"));
    let read = |ext: &str| std::fs::read_to_string(format!("{dir}/{name}.{ext}")).unwrap();
    (read("json"), read("sha256").trim().to_owned())
}

/// The outline the `edited` fixture was planned from.
fn edited_outline() -> Vec<L> {
    let mut outline = labour_code();
    outline.insert(
        3,
        L(2, "khoan", "1", None, "Cơ quan, tổ chức có liên quan."),
    );
    for (l, n) in outline[4..7].iter_mut().zip(["2", "3", "4"]) {
        l.2 = n;
    }
    outline[17].4 = "Đơn phương chấm dứt hợp đồng lao động theo quy định;";
    outline.remove(10);
    outline
}

fn verifies(units: &[StoredUnit]) {
    let documents = [DocumentRef {
        id: DOC_ID.into(),
        slug: DOC.into(),
    }];
    let report = verify(&VerifyInput::new(&documents, &vi().section_types, units));
    assert!(report.passed, "{report}");
}

#[test]
fn a_stored_v1_manifest_reads_hashes_and_checks_byte_for_byte() {
    for name in ["first-cut", "edited"] {
        let (text, sha) = fixture(name);
        let m = Manifest::from_json(&text, Some(&sha)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(m.envelope.format, FORMAT_V1);
        assert_eq!(m.to_canonical_json(), text, "{name}");
        assert_eq!(m.sha256(), sha, "{name}");
        // Stored one row per part, as the workflow does.
        let (envelope, blocks) = m.canonical_parts();
        assert_eq!(
            Manifest::from_parts(&envelope, &blocks, Some(&sha)).unwrap(),
            m
        );
        // Pretty-printed, it goes the general way: the same manifest.
        let pretty = serde_json::to_string_pretty(&m).unwrap();
        assert_eq!(Manifest::from_json(&pretty, Some(&sha)).unwrap(), m);
        // Its v1 order is still enforced.
        let mut wrong = m.clone();
        wrong.blocks.reverse();
        assert!(wrong.check().is_err(), "{name}");
    }
}

#[test]
fn a_store_written_by_v1_manifests_verifies_and_moves_to_sibling_positions_by_its_upgrade() {
    let (first, _) = fixture("first-cut");
    let (edited, _) = fixture("edited");
    let first = Manifest::from_json(&first, None).unwrap();
    let edited = Manifest::from_json(&edited, None).unwrap();
    let s0 = assert_executes(&[], &first);
    let s1 = assert_executes(&s0, &edited);
    verifies(&s1);
    assert!(
        !has_sibling_positions(&s1),
        "v1 images hold document positions"
    );

    // Document order is the tree's, whichever meaning positions have.
    let live: Vec<&str> = stored_document_order(&s1)
        .into_iter()
        .map(|i| &s1[i])
        .filter(|u| u.lifecycle_status != iu_cutter_core::store::unit::LifecycleStatus::Retired)
        .map(|u| u.canonical_address.as_str())
        .collect();
    let want: Vec<String> = cut_of(&edited_outline())
        .units
        .iter()
        .map(|u| u.canonical_address.clone())
        .collect();
    assert_eq!(live, want);

    // A v1 change set is not rolled back: its images would misorder siblings.
    let rollback_input = RollbackInput {
        created_at: "2025-07-02T00:00:00Z".into(),
        created_by: "DOT-991".into(),
        effective_from: "2025-07-02T00:00:00Z".into(),
    };
    let refused = rollback(&edited, &s1, &rollback_input).unwrap_err();
    assert_eq!(refused.code(), "rollback-across-positions-upgrade");

    // The upgrade: position-only updates, exactly the units the numbering moves.
    let upgrade = plan_position_upgrade(&s1, &upgrade_input()).unwrap();
    assert!(upgrade.envelope.positions_upgrade);
    assert_eq!(upgrade.envelope.format, FORMAT);
    upgrade.check().unwrap();
    let moved = renumbered_siblings(&s1);
    assert!(!moved.is_empty());
    assert_eq!(upgrade.blocks.len(), moved.len());
    assert!(upgrade
        .blocks
        .iter()
        .all(|b| b.changed() == [Column::Position]));
    // It reads back and hashes as written, and names itself.
    let json = upgrade.to_canonical_json();
    assert!(json.contains("\"positions_upgrade\":true"));
    assert_eq!(
        Manifest::from_json(&json, Some(&upgrade.sha256())).unwrap(),
        upgrade
    );
    let s2 = assert_executes(&s1, &upgrade);
    verifies(&s2);
    assert!(has_sibling_positions(&s2));
    // The order the history showed is kept.
    let order = |units: &[StoredUnit]| -> Vec<String> {
        stored_document_order(units)
            .into_iter()
            .map(|i| units[i].canonical_address.clone())
            .collect()
    };
    assert_eq!(order(&s2), order(&s1));

    // Planning the same text again now changes nothing.
    let m = plan(&cut_of(&edited_outline()), &s2, vi(), &input()).unwrap();
    assert_eq!(m.envelope.format, FORMAT);
    assert!(m.blocks.is_empty(), "{:?}", m.envelope.counts);

    // A second upgrade has no blocks (the ledger still records the check), and checks.
    let again = plan_position_upgrade(&s2, &upgrade_input()).unwrap();
    assert!(again.blocks.is_empty());
    again.check().unwrap();
    assert_eq!(assert_executes(&s2, &again), s2);

    // The upgrade is not rolled back either.
    let refused = rollback(&upgrade, &s2, &rollback_input).unwrap_err();
    assert_eq!(refused.code(), "rollback-across-positions-upgrade");
}

fn upgrade_input() -> UpgradeInput {
    UpgradeInput {
        document_id: DOC_ID.into(),
        doc: DOC.into(),
        vocabulary: "vi".into(),
        source_sha256: "0".repeat(64),
        effective_from: "2025-08-01T00:00:00Z".into(),
        created_at: "2025-08-01T00:00:00Z".into(),
        created_by: "00000000-0000-4000-8000-0000000000b1".into(),
    }
}

#[test]
fn an_upgrade_manifest_changes_positions_and_nothing_else() {
    let (first, _) = fixture("first-cut");
    let (edited, _) = fixture("edited");
    let s0 = assert_executes(&[], &Manifest::from_json(&first, None).unwrap());
    let s1 = assert_executes(&s0, &Manifest::from_json(&edited, None).unwrap());
    let upgrade = plan_position_upgrade(&s1, &upgrade_input()).unwrap();

    // A heading changed inside an upgrade block is refused, naming the block.
    let mut tampered = upgrade.clone();
    if let UnitBlock::Update(c) = &mut tampered.blocks[0] {
        c.after.heading = Some("Khác".into());
        c.after.content_sha256 = iu_cutter_core::change::manifest::unit_image_sha256(&c.after);
        c.changed = changed_columns(&c.before, &c.after);
        c.after_sha256 = iu_cutter_core::change::manifest::unit_image_sha256(&c.after);
    }
    let e = tampered.check().unwrap_err();
    assert_eq!(e.code(), "inconsistent-block", "{e}");
    assert!(e.to_string().contains("blocks[0]"), "{e}");

    // An upgrade that also enacts, or is scoped, is refused.
    let mut enacting = upgrade.clone();
    enacting.envelope.enact = true;
    assert!(enacting.check().is_err());
    let mut scoped = upgrade.clone();
    scoped.envelope.scope = Some(vec![format!("{DOC}/dieu-1")]);
    assert!(scoped.check().is_err());
    // Alone, a flag the upgrade cannot have is named.
    let mut mass = upgrade.clone();
    mass.envelope.allow_mass_retire = true;
    let e = mass.check().unwrap_err();
    assert!(e.to_string().contains("allow_mass_retire"), "{e}");

    // The v1 format cannot say it is an upgrade.
    let mut v1 = upgrade.clone();
    v1.envelope.format = FORMAT_V1.into();
    assert!(v1.check().is_err());

    // Empty fields are named.
    let mut no_vocabulary = upgrade_input();
    no_vocabulary.vocabulary = " ".into();
    let e = plan_position_upgrade(&s1, &no_vocabulary).unwrap_err();
    assert!(e.to_string().contains("vocabulary"), "{e}");
}
