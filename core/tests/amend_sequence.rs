//! Every amendment of a real law applied in order, one change set per date: Luật Đấu thầu
//! 22/2023/QH15, amended by Luật 57/2024/QH15 (in force 2025-01-15) and Luật 90/2025/QH15 (in
//! force 2025-07-01). Sources: `fixtures/amend/SOURCE.md`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use iu_cutter_core::change::amend::{
    plan_amendments, plan_sequence, rank, Outcome, Rank, Recorded, Schedule, Standing,
};
use iu_cutter_core::change::manifest::{Manifest, UnitBlock};
use iu_cutter_core::change::plan::{apply, plan, PlanInput};
use iu_cutter_core::read::amending_law::{read_amending_law, AmendingLaw};
use iu_cutter_core::read::cut::cut;
use iu_cutter_core::store::unit::{Authority, LifecycleStatus, StoredUnit};
use iu_cutter_core::text::vocabulary::default_vocabulary;

const PAIR: &str = "luat-22-2023-qh15";

fn fixture(file: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/amend")
        .join(PAIR)
        .join(file);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn input(created_at: &str) -> PlanInput {
    PlanInput {
        document_id: "00000000-0000-4000-8000-000000000001".into(),
        source_sha256: "0".repeat(64),
        effective_from: created_at.into(),
        created_at: created_at.into(),
        created_by: "editor".into(),
        enact: false,
        by_enacted_law: false,
        scope: None,
    }
}

/// What a change set's envelope records, as the server reads it back for the next plan.
fn recorded(m: &Manifest, entry: &str) -> Vec<Recorded> {
    m.envelope
        .amendment
        .as_ref()
        .expect("an amendment envelope")
        .steps
        .iter()
        .map(|s| Recorded {
            reference: s.reference.clone(),
            entry: entry.into(),
            cut: true,
            applied: s.applied,
            code: s.code.clone(),
            reason: s.reason.clone(),
        })
        .collect()
}

fn live(units: &[StoredUnit]) -> BTreeMap<String, (Option<String>, String)> {
    units
        .iter()
        .filter(|u| u.lifecycle_status != LifecycleStatus::Retired)
        .map(|u| {
            (
                u.canonical_address.clone(),
                (u.heading.clone(), u.body.clone()),
            )
        })
        .collect()
}

struct Chain {
    laws: Vec<AmendingLaw>,
    ranks: Vec<Rank>,
    stored: Vec<StoredUnit>,
}

fn chain(order: &[usize]) -> Chain {
    let vi = default_vocabulary("vi").expect("vi");
    let original = cut(&fixture("original.txt"), "22/2023/QH15", vi);
    let m0 = plan(&original, &[], vi, &input("2024-01-01T00:00:00Z")).expect("the original plans");
    let files = [
        ("amending.txt", "57/2024/QH15"),
        ("amending-2.txt", "90/2025/QH15"),
    ];
    let texts: Vec<(String, &str)> = order
        .iter()
        .map(|&i| (fixture(files[i].0), files[i].1))
        .collect();
    Chain {
        laws: texts
            .iter()
            .map(|(t, c)| read_amending_law(t, c, vi))
            .collect(),
        ranks: texts.iter().map(|(t, c)| rank(c, t)).collect(),
        stored: apply(&[], &m0),
    }
}

fn next(c: &Chain, stored: &[StoredUnit], recorded: &[Recorded], at: &str) -> Schedule {
    let vi = default_vocabulary("vi").expect("vi");
    plan_sequence(
        &c.laws,
        &c.ranks,
        &vec![None; c.laws.len()],
        Some("Luật Đấu thầu"),
        stored,
        vi,
        "22-2023-qh15",
        &input(at),
        false,
        recorded,
        false,
        &[],
    )
    .expect("plans")
}

#[test]
fn two_dates_are_two_change_sets_cut_in_order_and_end_where_one_plan_of_both_ends() {
    let c = chain(&[1, 0]); // given in the wrong order: the sequence does not care
    assert_eq!(c.ranks[0].kind, "Luật");
    let first = next(&c, &c.stored, &[], "2025-08-01T00:00:00Z");
    let dates: Vec<(Option<String>, &str, usize)> = first
        .dates
        .iter()
        .map(|g| (g.date.clone(), g.state, g.members.len()))
        .collect();
    println!("dates: {dates:?}");
    assert_eq!(first.planned_date, Some(Some("2025-01-15".to_owned())));
    assert_eq!(
        first.plan.manifest.envelope.effective_from,
        "2025-01-15T00:00:00+07:00"
    );
    assert_eq!(dates[0].0.as_deref(), Some("2025-01-15"));
    assert_eq!(dates[0].1, "planned");
    assert!(dates
        .iter()
        .any(|d| d.0.as_deref() == Some("2025-07-01") && d.1 == "later"));
    // Only 57/2024's instructions are in the first change set, in clause order.
    let planned: Vec<&str> = first
        .plan
        .applied
        .iter()
        .map(|a| c.laws[a.law].doc_code.as_str())
        .collect();
    assert!(planned.iter().all(|c| *c == "57/2024/QH15"), "{planned:?}");
    let starts: Vec<usize> = first
        .plan
        .applied
        .iter()
        .map(|a| c.laws[a.law].instructions[a.instruction].span.start)
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "clause order");
    assert!(!first.plan.manifest.blocks.is_empty());
    let after_first = apply(&c.stored, &first.plan.manifest);
    let mut rec = recorded(&first.plan.manifest, "entry-1");

    // Reopened with the same laws: 57/2024 is recognized as applied in entry-1, 90/2025 is next.
    let second = next(&c, &after_first, &rec, "2025-08-02T00:00:00Z");
    assert_eq!(second.planned_date, Some(Some("2025-07-01".to_owned())));
    assert_eq!(
        second.plan.manifest.envelope.effective_from,
        "2025-07-01T00:00:00+07:00"
    );
    for (s, st) in second.order.iter().zip(&second.standing) {
        if c.laws[s.law].doc_code == "57/2024/QH15" {
            assert!(
                matches!(st, Standing::Recorded { entry, cut: true, .. } if entry == "entry-1"),
                "{st:?}"
            );
        } else {
            assert!(matches!(st, Standing::Planned { .. }), "{st:?}");
        }
    }
    assert!(second.plan.applied.iter().all(|a| !matches!(
        &a.outcome,
        Outcome::NotApplied {
            code: "conflict",
            ..
        }
    )));
    let after_second = apply(&after_first, &second.plan.manifest);
    rec.extend(recorded(&second.plan.manifest, "entry-2"));

    // Nothing left.
    let third = next(&c, &after_second, &rec, "2025-08-03T00:00:00Z");
    assert_eq!(third.planned_date, None);
    assert!(third.plan.manifest.blocks.is_empty());
    assert!(third.dates.iter().all(|g| g.state == "cut"));

    // While entry-2 is submitted but not cut, nothing is planned: it waits.
    let open: Vec<Recorded> = rec
        .iter()
        .cloned()
        .map(|mut r| {
            r.cut = r.entry == "entry-1";
            r
        })
        .collect();
    let waiting = next(&c, &after_first, &open, "2025-08-03T00:00:00Z");
    assert_eq!(waiting.planned_date, None);
    assert_eq!(waiting.waiting, vec!["entry-2".to_owned()]);

    // The two change sets end where one plan of both laws ends.
    let vi = default_vocabulary("vi").expect("vi");
    let once = plan_amendments(
        &c.laws,
        &[None, None],
        Some("Luật Đấu thầu"),
        &c.stored,
        vi,
        "22-2023-qh15",
        &input("2025-08-01T00:00:00Z"),
        false,
    )
    .expect("plans");
    let at_once = apply(&c.stored, &once.manifest);
    assert_eq!(live(&after_second), live(&at_once));
}

#[test]
fn the_order_does_not_depend_on_the_order_given() {
    let a = chain(&[0, 1]);
    let b = chain(&[1, 0]);
    let key = |c: &Chain| -> Vec<String> {
        next(c, &c.stored, &[], "2025-08-01T00:00:00Z")
            .order
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    c.laws[s.law].doc_code, c.laws[s.law].instructions[s.instruction].id
                )
            })
            .collect()
    };
    assert_eq!(key(&a), key(&b));
}

/// What an amending law inserts is law from its date where the law is in force (issue 46):
/// in the enacted Luật Đấu thầu, every unit Luật 57/2024/QH15 creates is `active`/`enacted`,
/// in a change set effective from 57/2024's date; in the same law stored as a draft, what it
/// creates is a draft.
#[test]
fn what_an_amending_law_inserts_is_law_from_its_date_where_the_law_is_in_force() {
    let vi = default_vocabulary("vi").expect("vi");
    let original = cut(&fixture("original.txt"), "22/2023/QH15", vi);
    let enacted = PlanInput {
        enact: true,
        ..input("2024-01-01T00:00:00Z")
    };
    let m0 = plan(&original, &[], vi, &enacted).expect("the original plans");
    let in_force = Chain {
        stored: apply(&[], &m0),
        ..chain(&[0])
    };
    let draft = chain(&[0]);
    for (c, want) in [
        (&in_force, (LifecycleStatus::Active, Authority::Enacted)),
        (&draft, (LifecycleStatus::DraftOnly, Authority::Draft)),
    ] {
        let s = next(c, &c.stored, &[], "2025-08-01T00:00:00Z");
        assert_eq!(
            s.plan.manifest.envelope.effective_from,
            "2025-01-15T00:00:00+07:00"
        );
        let created: Vec<&StoredUnit> = s
            .plan
            .manifest
            .blocks
            .iter()
            .filter_map(|b| match b {
                UnitBlock::Create(c) => Some(&c.after),
                _ => None,
            })
            .collect();
        assert!(
            created.len() >= 5,
            "57/2024 inserts clauses and points into 22/2023: {} created",
            created.len()
        );
        for u in created {
            assert_eq!(
                (u.lifecycle_status, u.authority),
                want,
                "{}",
                u.canonical_address
            );
        }
    }
}
