//! The mass retire guard (`plan::plan_guarded`) and the open-entry rule
//! (`workflow::is_open`) that preview and submit rely on.

use iu_cutter_core::change::manifest::{Action, Manifest};
use iu_cutter_core::change::plan::{
    apply, mass_retire, plan, plan_guarded, MassRetire, PlanError, MASS_RETIRE_THRESHOLD,
};
use iu_cutter_core::change::rollback::{rollback, RollbackInput};
use iu_cutter_core::read::cut::cut;
use iu_cutter_core::workflow::{is_open, Event, HistoryEvent};
use iu_cutter_core::Report;

use crate::plan_common;
use plan_common::*;

// labour_code(): 18 units. Outline indexes: 1 = Điều 1; 2..=5 = Điều 2 and its 3 clauses;
// 7..=9 = Điều 10 and its 2 clauses; 10..=17 = Điều 44 with its clauses and points (8).
fn without(indexes: &[usize]) -> Vec<L> {
    labour_code()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !indexes.contains(i))
        .map(|(_, l)| l)
        .collect()
}

#[test]
fn the_threshold_is_half_of_the_live_units() {
    assert_eq!(MASS_RETIRE_THRESHOLD, 0.5);
    let m = MassRetire {
        retiring: 9,
        live: 18,
    };
    assert!(!m.exceeds_threshold(), "exactly half is allowed");
    assert!(MassRetire {
        retiring: 10,
        live: 18
    }
    .exceeds_threshold());
    assert!(!MassRetire {
        retiring: 0,
        live: 0
    }
    .exceeds_threshold());
    assert_eq!(m.share(), 0.5);
}

#[test]
fn a_text_without_recognised_headings_is_refused_as_a_mass_retire_naming_the_numbers() {
    let stored = stored_from(&labour_code());
    let prose = cut(
        "Văn bản này không có điều, khoản hay điểm nào.\nChỉ là lời văn.",
        "45/2019/QH14",
        vi(),
    );
    assert!(prose.units.is_empty(), "{:?}", prose.units);
    // plan() alone still plans it (the guard is a separate, named step) …
    let unguarded = plan(&prose, &stored, vi(), &input()).expect("plan");
    assert_eq!(unguarded.envelope.counts.retire, 18);
    // … and plan_guarded, what preview and submit run, refuses it.
    let err = plan_guarded(&prose, &stored, vi(), &input(), false).unwrap_err();
    assert_eq!(
        err,
        PlanError::MassRetire(MassRetire {
            retiring: 18,
            live: 18
        })
    );
    let report = err.to_report();
    assert_eq!(report.code, "mass-retire");
    assert_eq!(
        report.reason,
        "the plan retires 18 of the document's 18 live unit(s) (100.0 %), more than the 50 % a plan may retire without saying so"
    );
    assert!(report.hint.contains("allow_mass_retire"), "{}", report.hint);
    assert!(report.hint.contains("headings"), "{}", report.hint);
}

#[test]
fn allowed_explicitly_the_override_is_in_the_envelope_and_the_sha256() {
    let stored = stored_from(&labour_code());
    let prose = cut("Chỉ là lời văn.", "45/2019/QH14", vi());
    let m = plan_guarded(&prose, &stored, vi(), &input(), true).expect("allowed");
    assert!(m.envelope.allow_mass_retire);
    assert_eq!(m.envelope.counts.retire, 18);
    let json = m.to_canonical_json();
    assert!(json.contains(r#""allow_mass_retire":true"#), "{json}");
    let unguarded = plan(&prose, &stored, vi(), &input()).unwrap();
    assert_eq!(m.blocks, unguarded.blocks);
    assert_ne!(
        m.sha256(),
        unguarded.sha256(),
        "the override is part of what the reviewer approves"
    );
    // The stored envelope carries it, and the manifest reads back under its sha256.
    let (envelope, _) = m.canonical_parts();
    assert!(
        envelope.contains(r#""allow_mass_retire":true"#),
        "{envelope}"
    );
    let read = Manifest::from_json(&json, Some(&m.sha256())).expect("reads back");
    assert!(read.envelope.allow_mass_retire);
}

#[test]
fn an_ordinary_plan_is_not_guarded_and_the_flag_leaves_its_bytes_alone() {
    let stored = stored_from(&labour_code());
    // Điều 44 repealed: 8 of 18 live units.
    let outline = without(&(10..=17).collect::<Vec<_>>());
    let plain = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();
    let guarded = plan_guarded(&cut_of(&outline), &stored, vi(), &input(), false).unwrap();
    let flagged = plan_guarded(&cut_of(&outline), &stored, vi(), &input(), true).unwrap();
    assert_eq!(guarded, plain);
    assert_eq!(
        flagged, plain,
        "a flag the plan does not need is not recorded"
    );
    assert!(!plain.to_canonical_json().contains("allow_mass_retire"));
    assert_eq!(
        mass_retire(&plain, &stored),
        MassRetire {
            retiring: 8,
            live: 18
        }
    );
}

#[test]
fn exactly_half_passes_and_one_more_is_refused() {
    let stored = stored_from(&labour_code());
    // Điều 44 (8) and Điều 1 (1): 9 of 18.
    let mut half: Vec<usize> = (10..=17).collect();
    half.push(1);
    assert!(plan_guarded(&cut_of(&without(&half)), &stored, vi(), &input(), false).is_ok());
    // Điều 44 (8), Điều 10 and its clauses (3): 11 of 18.
    let mut more: Vec<usize> = (10..=17).collect();
    more.extend([7, 8, 9]);
    let err = plan_guarded(&cut_of(&without(&more)), &stored, vi(), &input(), false).unwrap_err();
    assert_eq!(
        err,
        PlanError::MassRetire(MassRetire {
            retiring: 11,
            live: 18
        })
    );
}

#[test]
fn units_already_retired_are_not_live_and_a_first_cut_is_never_guarded() {
    let stored = stored_from(&labour_code());
    // First cut into an empty store: creates only.
    assert!(plan_guarded(&cut_of(&labour_code()), &[], vi(), &input(), false).is_ok());
    // Điều 44 retired by an earlier CUT: 10 live units remain.
    let short = without(&(10..=17).collect::<Vec<_>>());
    let after = apply(
        &stored,
        &plan(&cut_of(&short), &stored, vi(), &input()).unwrap(),
    );
    // Dropping Điều 2 (4) and Điều 10 (3) now retires 7 of 10 live units (7 of 18 stored).
    let mut gone: Vec<usize> = (10..=17).collect();
    gone.extend([2, 3, 4, 5, 7, 8, 9]);
    let err = plan_guarded(&cut_of(&without(&gone)), &after, vi(), &input(), false).unwrap_err();
    assert_eq!(
        err,
        PlanError::MassRetire(MassRetire {
            retiring: 7,
            live: 10
        })
    );
}

#[test]
fn a_rollback_s_remove_blocks_count_as_retiring() {
    let first = plan(&cut_of(&labour_code()), &[], vi(), &input()).unwrap();
    let stored = apply(&[], &first);
    let undo = rollback(
        &first,
        &stored,
        &RollbackInput {
            created_at: "2025-06-21T00:00:00Z".into(),
            created_by: "DOT-991".into(),
            effective_from: "2025-06-21T00:00:00Z".into(),
        },
    )
    .unwrap();
    assert!(undo.blocks.iter().all(|b| b.action() == Action::Remove));
    assert!(!undo.envelope.allow_mass_retire);
    assert_eq!(
        mass_retire(&undo, &stored),
        MassRetire {
            retiring: 18,
            live: 18
        }
    );
}

#[test]
fn a_manifest_spelling_out_allow_mass_retire_false_is_not_canonical() {
    let stored = stored_from(&labour_code());
    let m = plan(&cut_of(&without(&[1])), &stored, vi(), &input()).unwrap();
    let json = m.to_canonical_json();
    let spelled = json.replacen(
        r#""base_sha256""#,
        r#""allow_mass_retire":false,"base_sha256""#,
        1,
    );
    assert_ne!(spelled, json);
    let err = Manifest::from_json(&spelled, None).unwrap_err();
    assert_eq!(err.code(), "shape-mismatch", "{err}");
}

#[test]
fn an_entry_is_open_while_submitted_or_approved() {
    let h = |events: &[Event]| -> Vec<HistoryEvent> {
        events
            .iter()
            .map(|&event| HistoryEvent {
                event,
                actor: "editor@example.com".into(),
            })
            .collect()
    };
    use Event::*;
    assert!(!is_open(&[]));
    assert!(is_open(&h(&[Submitted])));
    assert!(is_open(&h(&[Submitted, Approved])));
    for closed in [
        vec![Submitted, Rejected],
        vec![Submitted, Approved, Cut],
        vec![Submitted, Approved, Cut, VerifyFailed],
        vec![Submitted, Approved, Cut, Verified],
        vec![Submitted, Approved, Cut, Verified, Swept],
    ] {
        assert!(!is_open(&h(&closed)), "{closed:?}");
    }
}
