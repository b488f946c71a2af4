//! Manifests written before issue 30 (`iu-cutter-manifest-v1`: images hold each unit's place in
//! the whole document) stay readable. The two fixtures under `fixtures/manifest-v1/` were
//! written by the planner of commit 1e0b0bc — the labour-code outline of `plan_common` cut into
//! an empty store, then re-cut with a clause inserted first into Điều 2, a point edited and a
//! clause of Điều 10 removed — and are stored with the sha256 they were approved under.

mod plan_common;

use iu_cutter_core::manifest::{Manifest, FORMAT, FORMAT_V1};
use iu_cutter_core::plan::plan;
use iu_cutter_core::rollback::{rollback, RollbackInput};
use iu_cutter_core::unit::{has_sibling_positions, stored_document_order, StoredUnit};
use iu_cutter_core::verify::{verify, DocumentRef, VerifyInput};
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
fn a_store_written_by_v1_manifests_verifies_rolls_back_and_moves_to_sibling_positions() {
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
        .filter(|u| u.lifecycle_status != iu_cutter_core::unit::LifecycleStatus::Retired)
        .map(|u| u.canonical_address.as_str())
        .collect();
    let want: Vec<String> = cut_of(&edited_outline())
        .units
        .iter()
        .map(|u| u.canonical_address.clone())
        .collect();
    assert_eq!(live, want);

    // The rollback of a v1 manifest restores v1 images, and says so.
    let rollback_input = RollbackInput {
        created_at: "2025-07-02T00:00:00Z".into(),
        created_by: "DOT-991".into(),
        effective_from: "2025-07-02T00:00:00Z".into(),
    };
    let rb = rollback(&edited, &s1, &rollback_input).unwrap();
    assert_eq!(rb.envelope.format, FORMAT_V1);
    rb.check().unwrap();
    assert_eq!(assert_executes(&s1, &rb), s0);

    // Planning the same text again on the v1 store writes sibling positions (a v2 manifest of
    // position-only updates), and the store then reads as sibling positions.
    let m = plan(&cut_of(&edited_outline()), &s1, vi(), &input()).unwrap();
    assert_eq!(m.envelope.format, FORMAT);
    assert!(m
        .blocks
        .iter()
        .all(|b| b.changed() == [iu_cutter_core::manifest::Column::Position]));
    let s2 = assert_executes(&s1, &m);
    verifies(&s2);
    let moved: Vec<(usize, u32)> = iu_cutter_core::unit::renumbered_siblings(&s2);
    assert_eq!(moved, vec![]);
    assert!(has_sibling_positions(&s2));
}
