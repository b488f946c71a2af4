//! The changes issue 30's targets are measured on, and how a manifest's size is counted:
//! shared by `tests/plan_locality.rs` and `examples/plan_size.rs` (`npm run bench -- plan`).

use std::collections::{HashMap, HashSet};

use iu_cutter_core::change::amend::plan_amendments;
use iu_cutter_core::change::manifest::{Column, Manifest, UnitBlock};
use iu_cutter_core::change::plan::{apply, plan, PlanInput};
use iu_cutter_core::read::amending_law::{read_amending_law, Instruction, Kind};
use iu_cutter_core::read::cut::{cut, Cut};
use iu_cutter_core::read::sample::generated_act;
use iu_cutter_core::store::unit::{stored_document_order, LifecycleStatus, StoredUnit};

use super::vi;

/// One change planned against a store: what the targets are read on.
pub struct Case {
    pub name: &'static str,
    pub stored: Vec<StoredUnit>,
    pub manifest: Manifest,
    /// The target for its block count (`usize::MAX`: none, reported only).
    pub at_most: usize,
}

pub fn bench_input(text: &str) -> PlanInput {
    PlanInput {
        document_id: "0b6c8f8e-3a4b-4c55-9d3e-5f1e2d3c4b5a".into(),
        source_sha256: iu_cutter_core::text::hash::sha256_hex(text),
        effective_from: "2026-01-01T00:00:00Z".into(),
        created_at: "2026-01-01T00:00:00Z".into(),
        created_by: "bench".into(),
        enact: false,
        by_enacted_law: false,
        scope: None,
    }
}

pub fn cut_vi(text: &str) -> Cut {
    cut(text, "45/2019/QH14", vi())
}

/// `text` with one clause put into Điều `article`: after its clause `after` (0: first), numbered
/// `ordinal`; with `renumber`, the clauses after it are numbered one higher (a re-cut of a
/// consolidated text), otherwise they keep their numbers (an amending law's `khoản 1a`).
pub fn with_clause(text: &str, article: u32, after: u32, ordinal: &str, renumber: bool) -> String {
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

pub fn plan_change(text: &str, changed: &str) -> (Vec<StoredUnit>, Manifest) {
    let first = plan(&cut_vi(text), &[], vi(), &bench_input(text)).unwrap();
    let stored = apply(&[], &first);
    let m = plan(&cut_vi(changed), &stored, vi(), &bench_input(changed)).unwrap();
    (stored, m)
}

pub fn describe(m: &Manifest) -> String {
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

/// Issue 30's bench-act changes: one clause put into Điều 2 of the 6,510-unit act
/// (`generated_act(10, 50, 3, 3)`, core/benches/core.rs) three ways.
pub fn bench_act_cases() -> Vec<Case> {
    let text = generated_act(10, 50, 3, 3);
    [
        // How an amending law inserts: `khoản 1a` after khoản 1, the others keep their numbers.
        (
            "khoản 1a inserted after khoản 1 of Điều 2 (bench act)",
            with_clause(&text, 2, 1, "1a", false),
        ),
        // The re-cut: a clause inserted near the start, the later ones renumbered.
        (
            "a clause inserted first into Điều 2, the rest renumbered (bench act)",
            with_clause(&text, 2, 0, "1", true),
        ),
        (
            "a clause appended to Điều 2 (bench act)",
            with_clause(&text, 2, 3, "4", false),
        ),
    ]
    .into_iter()
    .map(|(name, changed)| {
        assert!(changed != text, "{name}: the text did not change");
        let (stored, manifest) = plan_change(&text, &changed);
        Case {
            name,
            stored,
            manifest,
            at_most: 20,
        }
    })
    .collect()
}

pub fn amend_fixture(file: &str) -> String {
    let p = format!(
        "{}/tests/fixtures/amend/luat-22-2023-qh15/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// Luật Đấu thầu 22/2023/QH15 (fixtures/amend/SOURCE.md) amended by Luật 57/2024/QH15 Điều 4:
/// three of its instructions that replace a clause each (the "3-clause amendment"),
/// and every instruction it gives the law.
pub fn amendment_cases() -> Vec<Case> {
    let vi = vi();
    let original = cut(&amend_fixture("original.txt"), "22/2023/QH15", vi);
    let input = |created_at: &str| PlanInput {
        document_id: "00000000-0000-4000-8000-000000000001".into(),
        source_sha256: "0".repeat(64),
        effective_from: "2025-01-01T00:00:00+07:00".into(),
        created_at: created_at.into(),
        created_by: "editor".into(),
        enact: false,
        by_enacted_law: false,
        scope: None,
    };
    let m0 = plan(&original, &[], vi, &input("2025-01-01T00:00:00Z")).expect("the law plans");
    let stored = apply(&[], &m0);
    let law = read_amending_law(&amend_fixture("amending.txt"), "57/2024/QH15", vi);
    let ours = law.laws_for(&original.doc, None);
    let replaces_a_clause = |i: &Instruction| {
        i.kind == Kind::Replace
            && ours.contains(&i.law_index)
            && i.targets.len() == 1
            && i.targets[0].contains("khoan-")
            && !i.targets[0].contains("diem-")
    };
    let mut three = law.clone();
    let mut kept = 0;
    three.instructions.retain(|i| {
        let keep = kept < 3 && replaces_a_clause(i);
        kept += usize::from(keep);
        keep
    });
    assert_eq!(
        kept, 3,
        "Luật 57/2024 replaces at least three clauses of Luật Đấu thầu"
    );
    [
        (
            "3 clauses replaced (Luật 57/2024/QH15, three instructions, Luật Đấu thầu)",
            three,
            20,
        ),
        (
            "Luật 57/2024/QH15, every instruction (Luật Đấu thầu)",
            law,
            usize::MAX,
        ),
    ]
    .into_iter()
    .map(|(name, law, at_most)| {
        let p = plan_amendments(
            std::slice::from_ref(&law),
            &[None],
            None,
            &stored,
            vi,
            &original.doc,
            &input("2025-09-01T00:00:00Z"),
            false,
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        Case {
            name,
            stored: stored.clone(),
            manifest: p.manifest,
            at_most,
        }
    })
    .collect()
}

/// How big a manifest is, and what it would have been with positions in the whole document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub units: usize,
    /// Blocks, and the ledger's affected rows the CUT writes (one per block).
    pub blocks: usize,
    /// Blocks that change more than a position (or create, retire, remove a unit).
    pub changed: usize,
    /// The live siblings after a changed unit, each counted once: the rule's allowance.
    pub later_siblings: usize,
    /// What a plan with positions in the whole document (before issue 30) changes: the
    /// changed units and every unit whose place in the document moved.
    pub document_positions: usize,
}

pub fn moved_only(b: &UnitBlock) -> bool {
    matches!(b, UnitBlock::Update(c) if c.changed == [Column::Position])
}

pub fn size(stored: &[StoredUnit], m: &Manifest) -> Size {
    let changed: Vec<&UnitBlock> = m.blocks.iter().filter(|b| !moved_only(b)).collect();
    // A unit leaving a place moves the siblings after it; one arriving (created, or moved
    // under another parent) moves those at its place and after it.
    let mut later: HashSet<&str> = HashSet::new();
    let mut count = |parent: &Option<String>, id: &str, from: u32| {
        for s in stored.iter().filter(|s| {
            &s.parent == parent
                && s.id != id
                && s.position >= from
                && s.lifecycle_status != LifecycleStatus::Retired
        }) {
            later.insert(s.id.as_str());
        }
    };
    for b in &changed {
        if let Some(before) = b.before() {
            count(
                &before.parent,
                &before.id,
                before.position.saturating_add(1),
            );
        }
        if let Some(after) = b.after() {
            if b.before()
                .is_none_or(|before| before.parent != after.parent)
            {
                count(&after.parent, &after.id, after.position);
            }
        }
    }
    // Places in the document, live units only, before and after.
    let places = |units: &[StoredUnit]| -> HashMap<String, usize> {
        stored_document_order(units)
            .into_iter()
            .filter(|&i| units[i].lifecycle_status != LifecycleStatus::Retired)
            .enumerate()
            .map(|(place, i)| (units[i].id.clone(), place))
            .collect()
    };
    let before = places(stored);
    let after = places(&apply(stored, m));
    let mut document: HashSet<&str> = changed.iter().map(|b| b.unit_id()).collect();
    for (id, place) in &after {
        if before.get(id).is_some_and(|p| p != place) {
            document.insert(id.as_str());
        }
    }
    Size {
        units: stored.len(),
        blocks: m.blocks.len(),
        changed: changed.len(),
        later_siblings: later.len(),
        document_positions: document.len(),
    }
}

/// The position-only blocks that no changed unit explains: a unit whose parent has no child
/// that changed (none, when the rule holds).
pub fn unexplained_moves(m: &Manifest) -> Vec<String> {
    let parent_of = |u: &StoredUnit| u.parent.clone();
    let touched: HashSet<Option<String>> = m
        .blocks
        .iter()
        .filter(|b| !moved_only(b))
        .flat_map(|b| [b.before().map(parent_of), b.after().map(parent_of)])
        .flatten()
        .collect();
    m.blocks
        .iter()
        .filter(|b| moved_only(b) && !touched.contains(&b.image().parent))
        .map(|b| b.image().canonical_address.clone())
        .collect()
}
