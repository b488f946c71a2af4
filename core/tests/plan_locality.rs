//! Issue 30: a manifest is as big as the change. A unit's position counts among its siblings,
//! so inserting, removing or moving a unit changes that unit (and its subtree, whose addresses
//! follow it) and the positions of its later siblings — nothing else.
//!
//! `cargo test -p iu-cutter-core --test plan_locality -- --nocapture` prints the block counts
//! on the 6,510-unit bench act (`generated_act(10, 50, 3, 3)`, core/benches/core.rs). Measured
//! at 1e0b0bc (positions in the whole document) and after issue 30:
//!
//! | change to Điều 2                                   | before | after |
//! |----------------------------------------------------|-------:|------:|
//! | `khoản 1a` inserted after khoản 1                   |  6,492 |     3 |
//! | a clause inserted first, the later ones renumbered  |  6,496 |    13 |
//! | a clause appended                                   |  6,484 |     1 |
//!
//! (13 = the new clause, the 3 renumbered clauses and their 9 points, whose addresses follow.)

mod plan_common;

use iu_cutter_core::cut::{cut, Cut};
use iu_cutter_core::manifest::Manifest;
use iu_cutter_core::plan::{apply, plan, PlanInput};
use iu_cutter_core::sample::generated_act;
use iu_cutter_core::unit::StoredUnit;
use plan_common::{cut_of, input, vi, L};
use proptest::prelude::*;

fn bench_input(text: &str) -> PlanInput {
    PlanInput {
        document_id: "0b6c8f8e-3a4b-4c55-9d3e-5f1e2d3c4b5a".into(),
        source_sha256: iu_cutter_core::hash::sha256_hex(text),
        effective_from: "2026-01-01T00:00:00Z".into(),
        created_at: "2026-01-01T00:00:00Z".into(),
        created_by: "bench".into(),
        enact: false,
        scope: None,
    }
}

fn cut_vi(text: &str) -> Cut {
    cut(text, "45/2019/QH14", vi())
}

/// `text` with one clause put into Điều `article`: after its clause `after` (0: first), numbered
/// `ordinal`; with `renumber`, the clauses after it are numbered one higher (a re-cut of a
/// consolidated text), otherwise they keep their numbers (an amending law's `khoản 1a`).
fn with_clause(text: &str, article: u32, after: u32, ordinal: &str, renumber: bool) -> String {
    let new = format!(
        "{ordinal}. Cơ quan quản lý tài sản công báo cáo Bộ Tài chính trước ngày 31 tháng 3 hằng năm."
    );
    let mut out: Vec<String> = Vec::new();
    let (mut current, mut clause, mut inserted) = (0u32, 0u32, false);
    for line in text.split('\n') {
        let heading = line
            .strip_prefix("Điều ")
            .and_then(|l| l.split_once('.'))
            .and_then(|(n, _)| n.parse::<u32>().ok());
        let numbered = line
            .split_once(". ")
            .and_then(|(n, rest)| Some((n.parse::<u32>().ok()?, rest)));
        // Clause `after` ends where the next clause, a blank line or the next article starts.
        let ends = current == article
            && after > 0
            && clause == after
            && (heading.is_some() || line.trim().is_empty() || numbered.is_some());
        if ends && !inserted {
            out.push(new.clone());
            inserted = true;
        }
        if let Some(n) = heading {
            (current, clause) = (n, 0);
            out.push(line.into());
            if current == article && after == 0 {
                out.push(new.clone());
                inserted = true;
            }
            continue;
        }
        if let (true, Some((n, rest))) = (current == article, numbered) {
            clause = n;
            if renumber && n > after {
                out.push(format!("{}. {rest}", n + 1));
                continue;
            }
        }
        out.push(line.into());
    }
    out.join("\n")
}

fn plan_change(text: &str, changed: &str) -> (Vec<StoredUnit>, Manifest) {
    let first = plan(&cut_vi(text), &[], vi(), &bench_input(text)).unwrap();
    let stored = apply(&[], &first);
    let m = plan(&cut_vi(changed), &stored, vi(), &bench_input(changed)).unwrap();
    (stored, m)
}

fn describe(m: &Manifest) -> String {
    let c = &m.envelope.counts;
    format!(
        "{} blocks (create {}, readdress {}, update {}, retire {})",
        m.blocks.len(),
        c.create,
        c.readdress,
        c.update,
        c.retire
    )
}

#[test]
fn one_clause_into_dieu_2_of_the_bench_act_is_a_handful_of_blocks() {
    let text = generated_act(10, 50, 3, 3);
    let cases = [
        // How an amending law inserts: `khoản 1a` after khoản 1, the others keep their numbers.
        (
            "khoản 1a inserted after khoản 1 of Điều 2",
            with_clause(&text, 2, 1, "1a", false),
            20,
        ),
        // The re-cut: a clause inserted near the start, the later ones renumbered.
        (
            "a clause inserted first into Điều 2, the rest renumbered",
            with_clause(&text, 2, 0, "1", true),
            20,
        ),
        (
            "a clause appended to Điều 2",
            with_clause(&text, 2, 3, "4", false),
            20,
        ),
    ];
    for (name, changed, at_most) in cases {
        assert!(changed != text, "{name}: the text did not change");
        let (stored, m) = plan_change(&text, &changed);
        println!("{} units, {name}: {}", stored.len(), describe(&m));
        assert!(m.blocks.len() <= at_most, "{name}: {}", describe(&m));
        assert!(!m.blocks.is_empty(), "{name}");
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
    /// every level; and the plan executes, verifies and re-plans to nothing.
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
        plan_common::assert_executes(&stored, &m);
        plan_common::assert_sound(&stored, &after, &m);
    }
}
