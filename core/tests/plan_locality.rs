//! Issue 30: a manifest is as big as the change. A unit's position counts among its siblings,
//! so inserting, removing or moving a unit changes that unit (and its subtree, whose addresses
//! follow it) and the positions of its later siblings — nothing else.
//!
//! The changes are in `plan_common/locality.rs`; `npm run bench -- plan`
//! (`examples/plan_size.rs`) prints them as a table, beside what positions in the whole document
//! would have written for the same manifest (computed in the same run; at 1e0b0bc/f4323c7 the
//! planner wrote exactly those counts, measured there with the same cases):
//!
//! | change                                                        | units | before | after |
//! |---------------------------------------------------------------|------:|-------:|------:|
//! | 3 clauses of Luật Đấu thầu replaced (Luật 57/2024, 3 instr.)   | 1,100 |    805 |     6 |
//! | Luật 57/2024/QH15, every instruction for Luật Đấu thầu        | 1,100 |  1,030 |    77 |
//! | bench act: `khoản 1a` inserted after khoản 1 of Điều 2        | 6,510 |  6,492 |     3 |
//! | bench act: a clause inserted first, the later ones renumbered | 6,510 |  6,496 |    13 |
//! | bench act: a clause appended to Điều 2                        | 6,510 |  6,484 |     1 |
//!
//! (13 = the new clause, the 3 renumbered clauses and their 9 points, whose addresses follow.)
//! One block is one affected row in the ledger, so the ledger grows the same way.

use crate::plan_common;

use iu_cutter_core::change::plan::plan;
use iu_cutter_core::change::rollback::{rollback, RollbackInput};
use plan_common::locality::*;
use plan_common::{cut_of, input, vi, L};
use proptest::prelude::*;

#[test]
fn one_clause_into_dieu_2_of_the_bench_act_is_a_handful_of_blocks() {
    for case in bench_act_cases() {
        assert_local(&case);
    }
}

/// Every block is a changed unit or a position-only update of a sibling of one, no more blocks
/// than the changed units plus their later siblings, and within the target.
fn assert_local(case: &Case) {
    let (name, m) = (case.name, &case.manifest);
    let s = size(&case.stored, m);
    println!(
        "{} units, {name}: {} ({} changed, {} later siblings moved; {} with positions in the whole document)",
        s.units,
        describe(m),
        s.changed,
        s.blocks - s.changed,
        s.document_positions
    );
    assert_eq!(unexplained_moves(m), Vec::<String>::new(), "{name}");
    assert!(s.blocks <= s.changed + s.later_siblings, "{name}: {s:?}");
    assert!(s.blocks <= case.at_most, "{name}: {}", describe(m));
    assert!(s.changed > 0, "{name}");
}

#[test]
fn a_real_amending_law_changes_its_units_and_their_later_siblings_only() {
    for case in amendment_cases() {
        assert_local(&case);
    }
}

// ------------------------------------------------------------------ the rule, as a property

/// A document of chapters › articles › clauses › points, each unit's body its own.
fn outline(shape: &[Vec<Vec<usize>>]) -> Vec<L> {
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let letters = ["a", "b", "c", "d", "dd", "e"];
    let mut out = Vec::new();
    let mut article = 0;
    for (c, articles) in shape.iter().enumerate() {
        out.push(L(
            0,
            "chuong",
            leak((c + 1).to_string()),
            Some("Chương"),
            "",
        ));
        for clauses in articles {
            article += 1;
            out.push(L(
                1,
                "dieu",
                leak(article.to_string()),
                Some(leak(format!("Điều {article}"))),
                "",
            ));
            for (k, &points) in clauses.iter().enumerate() {
                let body = leak(format!("Khoản {} của Điều {article}.", k + 1));
                out.push(L(2, "khoan", leak((k + 1).to_string()), None, body));
                for p in letters.iter().take(points) {
                    let body = leak(format!("Điểm {p} khoản {} Điều {article}.", k + 1));
                    out.push(L(3, "diem", p, None, body));
                }
            }
        }
    }
    out
}

/// The lines of the subtree at `i` (the unit and every deeper line after it).
fn subtree(o: &[L], i: usize) -> std::ops::Range<usize> {
    let end = (i + 1..o.len())
        .find(|&j| o[j].0 <= o[i].0)
        .unwrap_or(o.len());
    i..end
}

/// How many siblings come after the unit at `i`.
fn later_siblings(o: &[L], i: usize) -> usize {
    let depth = o[i].0;
    o[i + 1..]
        .iter()
        .take_while(|l| l.0 >= depth)
        .filter(|l| l.0 == depth)
        .count()
}

/// One edit and the bound the rule gives: the units it changes (a subtree) plus the later
/// siblings where it left and where it arrived.
fn edit(o: &[L], kind: u8, at: usize, to: usize) -> Option<(Vec<L>, usize)> {
    let i = at % o.len();
    let range = subtree(o, i);
    let size = range.len();
    match kind % 3 {
        // Remove the unit and its subtree.
        0 => {
            let bound = size + later_siblings(o, i);
            let mut out = o.to_vec();
            out.drain(range);
            Some((out, bound))
        }
        // Insert a new unit (no children) before unit i, as its sibling, with a fresh ordinal.
        1 => {
            let L(depth, code, ordinal, _, _) = o[i].clone();
            let fresh: &'static str = Box::leak(format!("{ordinal}a").into_boxed_str());
            let ordinal_taken = o.iter().any(|l| l.1 == code && l.2 == fresh);
            if ordinal_taken || code == "chuong" {
                return None;
            }
            let bound = 1 + 1 + later_siblings(o, i);
            let mut out = o.to_vec();
            out.insert(
                i,
                L(depth, code, fresh, None, "Một đơn vị mới được chèn vào."),
            );
            Some((out, bound))
        }
        // Move an article (its subtree follows) to the end of another chapter.
        _ => {
            if o[i].1 != "dieu" {
                return None;
            }
            let chapters: Vec<usize> = (0..o.len()).filter(|&j| o[j].1 == "chuong").collect();
            let target = chapters[to % chapters.len()];
            let target_end = subtree(o, target).end;
            if range.contains(&target) || (target..target_end).contains(&i) {
                return None;
            }
            let arriving = 0;
            let bound = size + later_siblings(o, i) + arriving;
            let moved: Vec<L> = o[range.clone()].to_vec();
            let mut out = o.to_vec();
            let insert_at = if target_end > range.start {
                target_end - size
            } else {
                target_end
            };
            out.drain(range);
            for (k, l) in moved.into_iter().enumerate() {
                out.insert(insert_at + k, l);
            }
            Some((out, bound))
        }
    }
}

fn shape() -> impl Strategy<Value = Vec<Vec<Vec<usize>>>> {
    prop::collection::vec(
        prop::collection::vec(prop::collection::vec(0usize..4, 0..4), 1..4),
        1..4,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// blocks ≤ changed units + their later siblings, for a removal, an insertion or a move at
    /// every level; the plan executes and verifies, and its rollback has as many blocks and
    /// gives the store back unit for unit.
    #[test]
    fn blocks_are_at_most_the_changed_units_and_their_later_siblings(
        shape in shape(), kind in 0u8..3, at in 0usize..1000, to in 0usize..10,
    ) {
        let before = outline(&shape);
        let Some((after, bound)) = edit(&before, kind, at, to) else { return Ok(()) };
        let stored = plan_common::stored_from(&before);
        let m = plan(&cut_of(&after), &stored, vi(), &input()).unwrap();
        prop_assert!(
            m.blocks.len() <= bound,
            "{} blocks > {bound}: {:?}",
            m.blocks.len(),
            m.blocks.iter().map(|b| (b.action(), b.image().canonical_address.clone(), b.changed().to_vec())).collect::<Vec<_>>()
        );
        let s1 = plan_common::assert_executes(&stored, &m);
        plan_common::assert_sound(&stored, &after, &m);
        // Its rollback is as local (one inverse block per block) and gives the store back.
        let rb = rollback(&m, &s1, &RollbackInput {
            created_at: "2026-02-01T00:00:00Z".into(),
            created_by: "DOT-991".into(),
            effective_from: "2026-02-01T00:00:00Z".into(),
        }).unwrap();
        prop_assert_eq!(rb.blocks.len(), m.blocks.len());
        let mut back = plan_common::assert_executes(&s1, &rb);
        let mut want = stored.clone();
        back.sort_by(|a, b| a.id.cmp(&b.id));
        want.sort_by(|a, b| a.id.cmp(&b.id));
        prop_assert_eq!(back, want);
    }
}
