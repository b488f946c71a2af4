//! The document's text follows its units (issue 31, item 5): after real amending laws are
//! applied to their original (as `amend_real.rs` applies them; sources:
//! `fixtures/amend/SOURCE.md`), the text rendered from the live units cuts back into exactly
//! those units, so a preview from it plans nothing, while a preview from the original text
//! would undo the amendment.

use std::path::PathBuf;

use iu_cutter_core::change::amend::plan_amendments;
use iu_cutter_core::change::plan::{apply, plan, PlanInput};
use iu_cutter_core::publish::history::{undone_change_sets, LedgerImage};
use iu_cutter_core::read::amending_law::{read_amending_law, AmendingLaw};
use iu_cutter_core::read::cut::{cut, Cut};
use iu_cutter_core::read::render::frame_of;
use iu_cutter_core::read::render::{follow_text, render_document};
use iu_cutter_core::store::unit::{LifecycleStatus, StoredUnit};
use iu_cutter_core::text::vocabulary::{default_vocabulary, Vocabulary};

fn fixture(pair: &str, file: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/amend")
        .join(pair)
        .join(file);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn input(created_at: &str) -> PlanInput {
    PlanInput {
        document_id: "00000000-0000-4000-8000-000000000001".into(),
        source_sha256: "0".repeat(64),
        effective_from: "2025-01-01T00:00:00+07:00".into(),
        created_at: created_at.into(),
        created_by: "editor".into(),
        enact: false,
        by_enacted_law: false,
        scope: None,
    }
}

/// Every live unit and every cut unit agree, address for address, on type, ordinal,
/// heading, body and content hash; the first disagreement otherwise.
fn same_units(cut: &Cut, live: &[StoredUnit]) -> Result<(), String> {
    let live: Vec<&StoredUnit> = live
        .iter()
        .filter(|u| u.lifecycle_status != LifecycleStatus::Retired)
        .collect();
    if cut.units.len() != live.len() {
        let cut_set: std::collections::BTreeSet<&str> = cut
            .units
            .iter()
            .map(|u| u.canonical_address.as_str())
            .collect();
        let live_set: std::collections::BTreeSet<&str> =
            live.iter().map(|u| u.canonical_address.as_str()).collect();
        return Err(format!(
            "{} units cut, {} live; only cut: {:?}; only live: {:?}",
            cut.units.len(),
            live.len(),
            cut_set.difference(&live_set).take(5).collect::<Vec<_>>(),
            live_set.difference(&cut_set).take(5).collect::<Vec<_>>()
        ));
    }
    for u in &live {
        let Some(c) = cut
            .units
            .iter()
            .find(|c| c.canonical_address == u.canonical_address)
        else {
            return Err(format!(
                "{} is not cut from the rendered text",
                u.canonical_address
            ));
        };
        if (
            c.section_type.as_str(),
            c.ordinal.as_str(),
            &c.heading,
            &c.body,
            c.content_sha256.as_str(),
        ) != (
            u.section_type.as_str(),
            u.ordinal.as_str(),
            &u.heading,
            &u.body,
            u.content_sha256.as_str(),
        ) {
            return Err(format!(
                "{}: cut {:?} / {:?}, live {:?} / {:?}",
                u.canonical_address, c.heading, c.body, u.heading, u.body
            ));
        }
    }
    Ok(())
}

/// The ledger rows a change set's blocks write (as `history-rows.ts` loads them).
fn rows(
    change_set: &str,
    first_seq: u64,
    blocks: &[iu_cutter_core::change::manifest::UnitBlock],
) -> Vec<LedgerImage> {
    blocks
        .iter()
        .enumerate()
        .map(|(i, b)| LedgerImage {
            ledger_seq: first_seq + i as u64,
            change_set: change_set.into(),
            entry: format!("entry-{change_set}"),
            action: b.action().as_str().into(),
            unit_id: b.unit_id().into(),
            effective_from: "2025-01-01".into(),
            recorded_at: None,
            before_image: b.before().cloned(),
            after_image: b.after().cloned(),
            amended_by: Vec::new(),
        })
        .collect()
}

/// The original text, the ledger rows of its import and of the amendment, and the units after.
fn amended(
    pair: &str,
    doc_code: &str,
    amending: &[(&str, &str)],
    vi: &Vocabulary,
) -> (String, Vec<LedgerImage>, Vec<StoredUnit>) {
    let original_text = fixture(pair, "original.txt");
    let original = cut(&original_text, doc_code, vi);
    let m0 = plan(&original, &[], vi, &input("2025-01-01T00:00:00Z")).expect("the original plans");
    let stored = apply(&[], &m0);
    let laws: Vec<AmendingLaw> = amending
        .iter()
        .map(|(file, code)| read_amending_law(&fixture(pair, file), code, vi))
        .collect();
    let ids = vec![None; laws.len()];
    let p = plan_amendments(
        &laws,
        &ids,
        None,
        &stored,
        vi,
        &original.doc,
        &input("2025-09-01T00:00:00Z"),
        false,
    )
    .expect("the amendments plan");
    assert!(
        !p.manifest.blocks.is_empty(),
        "{pair}: the amendment changes units"
    );
    let mut ledger = rows("import", 1, &m0.blocks);
    ledger.extend(rows("amendment", 1_000_000, &p.manifest.blocks));
    (original_text, ledger, apply(&stored, &p.manifest))
}

fn check(pair: &str, doc_code: &str, amending: &[(&str, &str)]) {
    let vi = default_vocabulary("vi").expect("vi");
    let (original_text, ledger, after) = amended(pair, doc_code, amending, vi);

    // The original text no longer describes the store: planning from it undoes the amendment,
    // and the core names that change set (not the import), with the units it sets back.
    let stale = plan(
        &cut(&original_text, doc_code, vi),
        &after,
        vi,
        &input("2025-10-01T00:00:00Z"),
    )
    .expect("the original plans");
    assert!(
        !stale.blocks.is_empty(),
        "{pair}: the original text plans no block"
    );
    let undone = undone_change_sets(&stale.blocks, &ledger);
    assert_eq!(
        undone
            .iter()
            .map(|u| u.change_set.as_str())
            .collect::<Vec<_>>(),
        vec!["amendment"],
        "{pair}"
    );
    let set_back = undone[0].units.len();
    let changing = stale.blocks.len();
    eprintln!("{pair}: the original text plans {changing} blocks, {set_back} of them set back the amendment");
    assert_eq!(
        set_back, changing,
        "{pair}: every block sets back the amendment"
    );

    let text = render_document(&after, vi, doc_code, Some(&original_text));
    let again = cut(&text, doc_code, vi);
    if let Err(e) = same_units(&again, &after) {
        panic!("{pair}: the rendered text does not cut back into the live units: {e}");
    }
    let m = plan(&again, &after, vi, &input("2025-10-01T00:00:00Z")).expect("the text plans");
    assert_eq!(
        m.blocks.len(),
        0,
        "{pair}: a preview from the rendered text plans blocks"
    );

    // Head and tail are the original's, verbatim.
    let frame = frame_of(&original_text, doc_code, vi);
    assert!(
        !frame.head.is_empty() && text.starts_with(&frame.head),
        "{pair}: head kept"
    );
    assert!(
        !frame.tail.is_empty() && text.ends_with(&frame.tail),
        "{pair}: tail kept"
    );

    // What a CUT stores: the rendered text (the original no longer cuts into the units), with
    // nothing left over; and once stored, it is kept as it is.
    let followed = follow_text(&after, vi, doc_code, Some(&original_text));
    assert!(!followed.kept, "{pair}: the original text was kept");
    assert!(
        followed.differs.is_empty(),
        "{pair}: {:?}",
        followed.differs
    );
    assert_eq!(followed.text, text);
    let again = follow_text(&after, vi, doc_code, Some(&followed.text));
    assert!(
        again.kept && again.text == followed.text,
        "{pair}: the rendered text is not kept"
    );

    // Rendering is stable: the rendered text, given as the previous one, renders to itself.
    assert_eq!(
        render_document(&after, vi, doc_code, Some(&text)),
        text,
        "{pair}: not a fixed point"
    );
}

#[test]
fn decree_75_2021_amended_by_decree_55_2023_renders_to_its_units() {
    check(
        "nd-75-2021-nd-cp",
        "75/2021/NĐ-CP",
        &[("amending.txt", "55/2023/NĐ-CP")],
    );
}

#[test]
fn bidding_law_22_2023_amended_twice_renders_to_its_units() {
    check(
        "luat-22-2023-qh15",
        "22/2023/QH15",
        &[
            ("amending.txt", "57/2024/QH15"),
            ("amending-2.txt", "90/2025/QH15"),
        ],
    );
}

#[test]
fn an_original_renders_to_its_own_units_without_a_previous_text() {
    let vi = default_vocabulary("vi").expect("vi");
    for (pair, code) in [
        ("nd-75-2021-nd-cp", "75/2021/NĐ-CP"),
        ("luat-22-2023-qh15", "22/2023/QH15"),
    ] {
        let original = cut(&fixture(pair, "original.txt"), code, vi);
        let stored = apply(
            &[],
            &plan(&original, &[], vi, &input("2025-01-01T00:00:00Z")).expect("plans"),
        );
        let text = render_document(&stored, vi, code, None);
        if let Err(e) = same_units(&cut(&text, code, vi), &stored) {
            panic!("{pair}: {e}");
        }
        // A CUT from the editor's own text keeps it, byte for byte.
        let own = fixture(pair, "original.txt");
        let kept = follow_text(&stored, vi, code, Some(&own));
        assert!(
            kept.kept && kept.text == own,
            "{pair}: the editor's text was not kept"
        );
    }
}
