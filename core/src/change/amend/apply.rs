//! Instructions applied to the stored units of the amended document.
//!
//! The live stored units are a tree (retired ones stay as they are). In the order the amending
//! laws come into force (then as given), and within a law in its order, each instruction that
//! amends this document changes the tree:
//!
//! - **replace**: the target keeps its identity (so it plans as an update); its heading and body
//!   become the quoted unit's and its children are the quoted unit's children. `tên …` changes
//!   the heading only, `đoạn mở đầu …` the body only (the points stay).
//! - **insert**: the quoted units go after or before the anchor, into the anchor (in the order
//!   of their ordinals), or, without an anchor, after the unit of the same type with the
//!   nearest lower ordinal (`Điều 15a` after `Điều 15`).
//! - **repeal**: the target and everything under it leave the tree (the plan retires them).
//! - **phrases**: in the target's heading and body and everything under it (its heading only
//!   for `tên …`), whitespace and line breaks between words ignored. Replaced and struck words
//!   change every occurrence (the law says *in that unit*), and a unit where the words are not
//!   found is not changed; words inserted after or before other words need those words exactly
//!   once in the unit, else it is not changed (which occurrence is meant would be a guess).
//!
//! An instruction is **not applied**, with its reason, when its target (or an insert's parent
//! or anchor) does not exist, an insert names a unit that exists with other text, its words are
//! not found, or it **conflicts** with an earlier instruction of the same law that replaced or
//! repealed the same unit or one above it. The others still apply. Replacing a unit with the
//! text it has, or inserting a unit that exists with that text, changes nothing (applying a law
//! twice plans no block).
//!
//! The tree becomes a cut ([`Cut`]); [`plan_amendments`] plans it with the ordinary planner and
//! names on every block the instructions behind it. A unit whose only change is its place among
//! its siblings (`position`) is named after the nearest sibling inserted or repealed before it.

use std::collections::HashMap;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::change::effect::ChangeKind;
use crate::change::manifest::{Amendment, AmendmentLaw, AmendmentStep, Manifest, Manual, Unread};
use crate::change::plan::{plan_guarded, PlanError, PlanInput};
use crate::read::cut::{ordinal_order, Cut};
use crate::store::unit::{
    content_digest, provision_status, sibling_positions, stored_document_order, CutUnit,
    LifecycleStatus, StoredUnit,
};
use crate::text::vocabulary::Vocabulary;

use crate::read::amending_law::fragment::{self, Piece};

mod manual;
use crate::read::amending_law::{AmendingLaw, Instruction, Kind, Part, Place};
use manual::ByHand;
pub use manual::ManualEdit;

/// What became of one instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Outcome {
    /// It changed these units (paths under the document), or nothing when the text already says it.
    Applied { changed: Vec<String> },
    /// It could not apply; the rest did.
    NotApplied { code: &'static str, reason: String },
    /// It amends another law than this document.
    OtherLaw,
}

/// One instruction of one amending law, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Applied {
    /// `57-2024-qh15/dieu-4/khoan-1`: the amending law's slug and the instruction's id.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Index of the law in the list given, and of the instruction in it.
    pub law: usize,
    pub instruction: usize,
    pub outcome: Outcome,
}

/// The amended document's units after the amending laws, and what became of each instruction.
#[derive(Debug, Clone)]
pub struct AmendResult {
    pub cut: Cut,
    pub applied: Vec<Applied>,
    /// Per stored unit index, per new unit address: the instructions (indices into `applied`) behind its change.
    by_stored: HashMap<usize, Vec<usize>>,
    by_address: HashMap<String, Vec<usize>>,
    /// Structural instructions (insert, repeal): the cut index of the unit's parent (`None`
    /// at the top) and the sibling position from which they shift the order, and the step.
    moves: Vec<((Option<usize>, u32), usize)>,
    /// The editor's notes of units changed or added by hand: per stored unit index, per new unit address.
    manual_by_stored: HashMap<usize, String>,
    manual_by_address: HashMap<String, String>,
}

/// A manifest of the amended document, with the instructions behind it.
#[derive(Debug, Clone)]
pub struct AmendPlan {
    pub manifest: Manifest,
    pub cut: Cut,
    pub applied: Vec<Applied>,
    /// Per entry of `applied`: indices of the manifest's blocks it caused.
    pub blocks: Vec<Vec<usize>>,
}

struct Node {
    stored: Option<usize>,
    section_type: String,
    ordinal: String,
    heading: Option<String>,
    body: String,
    parent: Option<usize>,
    children: Vec<usize>,
    alive: bool,
    path: String,
    /// Indices into the outcomes of the instructions that changed it.
    refs: Vec<usize>,
    /// The instruction of the current law that replaced, inserted or repealed it.
    claimed: Option<usize>,
    /// The editor's note, when the editor changed or added it by hand ([`ManualEdit`]).
    manual: Option<String>,
}

struct Tree<'v> {
    nodes: Vec<Node>,
    roots: Vec<usize>,
    by_path: HashMap<String, usize>,
    vocabulary: &'v Vocabulary,
}

impl<'v> Tree<'v> {
    fn new(doc: &str, stored: &[StoredUnit], vocabulary: &'v Vocabulary) -> Self {
        // Document order, so every parent is a node before its children are.
        let order: Vec<usize> = stored_document_order(stored)
            .into_iter()
            .filter(|&i| stored[i].lifecycle_status != LifecycleStatus::Retired)
            .collect();
        let mut tree = Tree {
            nodes: Vec::with_capacity(order.len()),
            roots: Vec::new(),
            by_path: HashMap::with_capacity(order.len()),
            vocabulary,
        };
        let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(order.len());
        for &i in &order {
            let s = &stored[i];
            let parent = s.parent.as_deref().and_then(|p| by_id.get(p).copied());
            let path = strip(doc, &s.canonical_address);
            let n = tree.nodes.len();
            tree.nodes.push(Node {
                stored: Some(i),
                section_type: s.section_type.clone(),
                ordinal: s.ordinal.clone(),
                heading: s.heading.clone(),
                body: s.body.clone(),
                parent,
                children: Vec::new(),
                alive: true,
                path: path.clone(),
                refs: Vec::new(),
                claimed: None,
                manual: None,
            });
            by_id.insert(&s.id, n);
            tree.by_path.insert(path, n);
            match parent {
                Some(p) => tree.nodes[p].children.push(n),
                None => tree.roots.push(n),
            }
        }
        tree
    }

    fn find(&self, path: &str) -> Option<usize> {
        self.by_path
            .get(path)
            .copied()
            .filter(|&n| self.nodes[n].alive)
    }

    fn siblings_mut(&mut self, parent: Option<usize>) -> &mut Vec<usize> {
        match parent {
            Some(p) => &mut self.nodes[p].children,
            None => &mut self.roots,
        }
    }

    fn subtree(&self, n: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![n];
        while let Some(x) = stack.pop() {
            out.push(x);
            stack.extend(self.nodes[x].children.iter().rev());
        }
        out
    }

    /// Takes `n` and its subtree out of the tree; returns the nodes removed.
    fn remove(&mut self, n: usize) -> Vec<usize> {
        let gone = self.subtree(n);
        for &x in &gone {
            self.nodes[x].alive = false;
            let path = std::mem::take(&mut self.nodes[x].path);
            if self.by_path.get(&path) == Some(&x) {
                self.by_path.remove(&path);
            }
        }
        let parent = self.nodes[n].parent;
        self.siblings_mut(parent).retain(|&c| c != n);
        gone
    }

    /// [`Self::remove`], recording that instruction `step` took out each stored unit of the subtree.
    fn take_out(&mut self, n: usize, step: usize, removed: &mut HashMap<usize, Vec<usize>>) {
        for x in self.remove(n) {
            if let Some(s) = self.nodes[x].stored {
                removed.entry(s).or_default().push(step);
            }
        }
    }

    fn path_for(&self, parent: Option<usize>, section_type: &str, ordinal: &str) -> String {
        let t = self.vocabulary.by_code(section_type);
        let token = t.map_or(section_type, |t| t.address_token.as_str());
        let seg = format!("{token}-{ordinal}");
        match parent {
            Some(p) if !t.is_some_and(|t| t.citation_root) && !self.nodes[p].path.is_empty() => {
                format!("{}/{seg}", self.nodes[p].path)
            }
            _ => seg,
        }
    }

    /// Adds `piece` (and its children) under `parent` at `index` of its siblings.
    fn graft(&mut self, parent: Option<usize>, index: usize, piece: &Piece, step: usize) -> usize {
        let path = self.path_for(parent, &piece.section_type, &piece.ordinal);
        let n = self.nodes.len();
        self.nodes.push(Node {
            stored: None,
            section_type: piece.section_type.clone(),
            ordinal: piece.ordinal.clone(),
            heading: piece.heading.clone(),
            body: piece.body.clone(),
            parent,
            children: Vec::new(),
            alive: true,
            path: path.clone(),
            refs: vec![step],
            claimed: None,
            manual: None,
        });
        self.by_path.insert(path, n);
        let siblings = self.siblings_mut(parent);
        let at = index.min(siblings.len());
        siblings.insert(at, n);
        for (i, c) in piece.children.iter().enumerate() {
            self.graft(Some(n), i, c, step);
        }
        n
    }

    fn order(&self, section_type: &str, ordinal: &str) -> Option<(u32, String)> {
        let t = self.vocabulary.by_code(section_type)?;
        ordinal_order(t, &self.vocabulary.language, ordinal)
    }

    /// Where a new unit of `piece`'s type and ordinal goes among `parent`'s children: after the
    /// last of its type with a lower ordinal, else before the first of its type, else at the end.
    fn index_by_order(&self, parent: Option<usize>, piece: &Piece) -> usize {
        let siblings = match parent {
            Some(p) => &self.nodes[p].children,
            None => &self.roots,
        };
        let key = self.order(&piece.section_type, &piece.ordinal);
        let same: Vec<(usize, usize)> = siblings
            .iter()
            .enumerate()
            .filter(|(_, &c)| self.nodes[c].section_type == piece.section_type)
            .map(|(i, &c)| (i, c))
            .collect();
        let lower = same.iter().rev().find(|(_, c)| {
            let k = self.order(&self.nodes[*c].section_type, &self.nodes[*c].ordinal);
            matches!((&k, &key), (Some(a), Some(b)) if a < b)
        });
        match (lower, same.first()) {
            (Some((i, _)), _) => i + 1,
            (None, Some((i, _))) => *i,
            (None, None) => siblings.len(),
        }
    }

    /// For a citation root without an anchor (`Điều 15a`): the unit of its type with the nearest
    /// lower ordinal anywhere in the document.
    fn nearest_lower(&self, piece: &Piece) -> Option<usize> {
        let key = self.order(&piece.section_type, &piece.ordinal)?;
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.alive && n.section_type == piece.section_type)
            .filter_map(|(i, n)| self.order(&n.section_type, &n.ordinal).map(|k| (k, i)))
            .filter(|(k, _)| *k < key)
            .max()
            .map(|(_, i)| i)
    }

    /// The instruction of the current law that replaced or repealed `n` or a unit above it.
    fn claimed_above(&self, n: usize) -> Option<usize> {
        let mut at = Some(n);
        while let Some(x) = at {
            if let Some(s) = self.nodes[x].claimed {
                return Some(s);
            }
            at = self.nodes[x].parent;
        }
        None
    }

    /// Whether `n`'s subtree is exactly `piece` (text and shape).
    fn same_as(&self, n: usize, piece: &Piece) -> bool {
        let node = &self.nodes[n];
        node.section_type == piece.section_type
            && node.ordinal == piece.ordinal
            && node.heading == piece.heading
            && node.body == piece.body
            && node.children.len() == piece.children.len()
            && node
                .children
                .iter()
                .zip(&piece.children)
                .all(|(&c, p)| self.same_as(c, p))
    }
}

fn strip(doc: &str, address: &str) -> String {
    address
        .strip_prefix(doc)
        .and_then(|r| r.strip_prefix('/'))
        .unwrap_or(if address == doc { "" } else { address })
        .to_owned()
}

/// Applies the amending laws to the stored units of the document `doc_slug` (titled `title`);
/// see the module docs.
pub fn apply(
    laws: &[AmendingLaw],
    doc_slug: &str,
    title: Option<&str>,
    stored: &[StoredUnit],
    vocabulary: &Vocabulary,
) -> AmendResult {
    // In the order the laws come into force; a law without a date after those with one.
    let mut order: Vec<usize> = (0..laws.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |l: &AmendingLaw| (l.in_force.is_none(), l.in_force.clone());
        key(&laws[a]).cmp(&key(&laws[b])).then(a.cmp(&b))
    });
    let mut steps = Vec::new();
    for l in order {
        let mine = laws[l].laws_for(doc_slug, title);
        for (k, ins) in laws[l].instructions.iter().enumerate() {
            steps.push((l, k, mine.contains(&ins.law_index)));
        }
    }
    apply_steps(laws, &steps, doc_slug, stored, vocabulary)
}

/// Applies the instructions `steps` names (law, instruction, whether it amends this document),
/// in that order. A law's instructions conflict only with earlier ones of the same law, so
/// what a law claimed is forgotten when the next step is another law's.
pub(super) fn apply_steps(
    laws: &[AmendingLaw],
    steps: &[(usize, usize, bool)],
    doc_slug: &str,
    stored: &[StoredUnit],
    vocabulary: &Vocabulary,
) -> AmendResult {
    let run = run_steps(laws, steps, doc_slug, stored, vocabulary);
    to_result(run.tree, doc_slug, run.applied, run.removed, run.moved_at)
}

/// The tree after the instructions, before it becomes a cut (where the editor's edits by hand go).
struct Run<'v> {
    tree: Tree<'v>,
    applied: Vec<Applied>,
    removed: HashMap<usize, Vec<usize>>,
    moved_at: Vec<(usize, usize)>,
}

fn run_steps<'v>(
    laws: &[AmendingLaw],
    steps: &[(usize, usize, bool)],
    doc_slug: &str,
    stored: &[StoredUnit],
    vocabulary: &'v Vocabulary,
) -> Run<'v> {
    let mut tree = Tree::new(doc_slug, stored, vocabulary);
    let mut applied: Vec<Applied> = Vec::new();
    let mut removed: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut moved_at: Vec<(usize, usize)> = Vec::new(); // (node, step) of structural changes
    let mut current: Option<usize> = None;
    for &(l, k, mine) in steps {
        let law = &laws[l];
        if current != Some(l) {
            for n in &mut tree.nodes {
                n.claimed = None;
            }
            current = Some(l);
        }
        let ins = &law.instructions[k];
        let step = applied.len();
        let outcome = if mine {
            apply_one(&mut tree, ins, step, &mut removed, &mut moved_at)
        } else {
            Outcome::OtherLaw
        };
        applied.push(Applied {
            reference: format!("{}/{}", law.doc, ins.id),
            law: l,
            instruction: k,
            outcome,
        });
    }
    Run {
        tree,
        applied,
        removed,
        moved_at,
    }
}

fn not_applied(code: &'static str, reason: String) -> Outcome {
    Outcome::NotApplied { code, reason }
}

fn cited(path: &str) -> String {
    if path.is_empty() {
        "the whole document".into()
    } else {
        path.to_owned()
    }
}

fn apply_one(
    tree: &mut Tree,
    ins: &Instruction,
    step: usize,
    removed: &mut HashMap<usize, Vec<usize>>,
    moved_at: &mut Vec<(usize, usize)>,
) -> Outcome {
    match ins.kind {
        Kind::Repeal => {
            let mut nodes = Vec::new();
            for t in &ins.targets {
                let Some(n) = tree.find(t) else {
                    return not_applied(
                        "target-missing",
                        format!(
                            "{} is not a unit of the document (or was already repealed)",
                            cited(t)
                        ),
                    );
                };
                if let Some(s) = tree.claimed_above(n) {
                    return conflict(t, s);
                }
                nodes.push(n);
            }
            for n in nodes {
                if !tree.nodes[n].alive {
                    continue;
                }
                let next = next_sibling(tree, n);
                tree.take_out(n, step, removed);
                if let Some(next) = next {
                    moved_at.push((next, step));
                }
            }
            Outcome::Applied {
                changed: ins.targets.clone(),
            }
        }
        Kind::Replace => replace(tree, ins, step, removed, moved_at),
        Kind::Insert => insert(tree, ins, step, moved_at),
        Kind::ReplacePhrase | Kind::RepealPhrase | Kind::InsertPhrase => phrase(tree, ins, step),
    }
}

fn conflict(target: &str, by: usize) -> Outcome {
    not_applied(
        "conflict",
        format!(
            "{} was already replaced, inserted or repealed by instruction #{} of the same law",
            cited(target),
            by + 1
        ),
    )
}

/// The sibling after `n`: where a repeal shifts positions (only later siblings move).
fn next_sibling(tree: &Tree, n: usize) -> Option<usize> {
    let siblings = match tree.nodes[n].parent {
        Some(p) => &tree.nodes[p].children,
        None => &tree.roots,
    };
    let i = siblings.iter().position(|&c| c == n)?;
    siblings.get(i + 1).copied()
}

fn pieces_of(ins: &Instruction, tree: &Tree) -> Result<Vec<Piece>, Outcome> {
    let text = ins.new_text.as_deref().unwrap_or("");
    fragment::pieces(text, tree.vocabulary).map_err(|e| not_applied("unreadable-new-text", e))
}

fn replace(
    tree: &mut Tree,
    ins: &Instruction,
    step: usize,
    removed: &mut HashMap<usize, Vec<usize>>,
    moved_at: &mut Vec<(usize, usize)>,
) -> Outcome {
    let pieces = match pieces_of(ins, tree) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let mut work = Vec::new();
    for t in &ins.targets {
        let Some(n) = tree.find(t) else {
            return not_applied(
                "target-missing",
                format!("{} is not a unit of the document", cited(t)),
            );
        };
        if let Some(s) = tree.claimed_above(n) {
            return conflict(t, s);
        }
        let piece = if ins.part != Part::Whole && pieces.is_empty() {
            None
        } else {
            let seg = t.rsplit('/').next().unwrap_or("");
            match pieces.iter().find(|p| p.segment(tree.vocabulary) == seg) {
                Some(p) => Some(p.clone()),
                None => {
                    return not_applied(
                        "new-text-mismatch",
                        format!("the quoted text has no unit {seg}"),
                    )
                }
            }
        };
        work.push((n, t.clone(), piece));
    }
    let mut changed = Vec::new();
    for (n, t, piece) in work {
        let plain = ins.new_text.clone().unwrap_or_default();
        match ins.part {
            Part::Heading => {
                // A quoted heading holds nothing else: words after its first line (`… - Mã số:` /
                // `V.09.02.01`) are the same heading, wrapped.
                let heading = piece
                    .as_ref()
                    .and_then(|p| {
                        match (
                            &p.heading,
                            p.children.is_empty() && !p.body.trim().is_empty(),
                        ) {
                            (Some(h), true) => Some(format!("{} {}", h.trim_end(), p.body.trim())),
                            (h, _) => h.clone(),
                        }
                    })
                    .or(Some(plain));
                if tree.nodes[n].heading != heading {
                    tree.nodes[n].heading = heading;
                    tree.nodes[n].refs.push(step);
                    changed.push(t);
                }
            }
            Part::Intro => {
                let body = piece.as_ref().map_or(plain, |p| p.body.clone());
                if tree.nodes[n].body != body {
                    tree.nodes[n].body = body;
                    tree.nodes[n].refs.push(step);
                    changed.push(t);
                }
            }
            Part::Whole => {
                let Some(piece) = piece else { continue };
                tree.nodes[n].claimed = Some(step);
                if tree.same_as(n, &piece) {
                    continue;
                }
                let children = tree.nodes[n].children.clone();
                for c in children {
                    tree.take_out(c, step, removed);
                }
                let node = &mut tree.nodes[n];
                node.heading = piece.heading.clone();
                node.body = piece.body.clone();
                node.refs.push(step);
                for (i, c) in piece.children.iter().enumerate() {
                    tree.graft(Some(n), i, c, step);
                }
                // Other units under it shift the order of everything after it.
                moved_at.push((n, step));
                changed.push(t);
            }
        }
    }
    Outcome::Applied { changed }
}

fn insert(
    tree: &mut Tree,
    ins: &Instruction,
    step: usize,
    moved_at: &mut Vec<(usize, usize)>,
) -> Outcome {
    let pieces = match pieces_of(ins, tree) {
        Ok(p) => p,
        Err(o) => return o,
    };
    if pieces.is_empty() {
        return not_applied(
            "unreadable-new-text",
            "the quoted text starts with no unit heading".into(),
        );
    }
    let anchor = match &ins.anchor {
        Some(a) => match tree.find(a) {
            Some(n) => Some(n),
            None => {
                return not_applied(
                    "anchor-missing",
                    format!(
                        "{} (where the new units go) is not a unit of the document",
                        cited(a)
                    ),
                )
            }
        },
        None => None,
    };
    let mut changed = Vec::new();
    let mut last: Option<usize> = None;
    for t in &ins.targets {
        let seg = t.rsplit('/').next().unwrap_or("");
        let Some(piece) = pieces.iter().find(|p| p.segment(tree.vocabulary) == seg) else {
            return not_applied(
                "new-text-mismatch",
                format!("the quoted text has no unit {seg}"),
            );
        };
        if let Some(existing) = tree.find(t) {
            if tree.same_as(existing, piece) {
                last = Some(existing);
                continue;
            }
            return not_applied("target-exists", format!("{t} exists already with other text; an insert names a new unit (to change it, the law must say 'sửa đổi')"));
        }
        // Where: after the unit inserted just before, else by the anchor, else by the ordinals.
        let (parent, index) = if let Some(prev) = last {
            let p = tree.nodes[prev].parent;
            let i = sibling_index(tree, p, prev) + 1;
            (p, i)
        } else {
            match (ins.place, anchor) {
                (Some(Place::After), Some(a)) => {
                    let p = tree.nodes[a].parent;
                    (p, sibling_index(tree, p, a) + 1)
                }
                (Some(Place::Before), Some(a)) => {
                    let p = tree.nodes[a].parent;
                    (p, sibling_index(tree, p, a))
                }
                (Some(Place::Into), Some(a)) => (Some(a), tree.index_by_order(Some(a), piece)),
                _ => {
                    let parent_path = t.rsplit_once('/').map_or("", |(p, _)| p);
                    let root = tree
                        .vocabulary
                        .by_code(&piece.section_type)
                        .is_some_and(|ty| ty.citation_root);
                    if parent_path.is_empty() || root {
                        match tree.nearest_lower(piece) {
                            Some(prev) => {
                                let p = tree.nodes[prev].parent;
                                // After the previous unit of its type with everything under it.
                                (p, sibling_index(tree, p, prev) + 1)
                            }
                            None => (None, tree.index_by_order(None, piece)),
                        }
                    } else {
                        match tree.find(parent_path) {
                            Some(p) => (Some(p), tree.index_by_order(Some(p), piece)),
                            None => return not_applied("target-missing", format!("{parent_path} (the parent of the new unit) is not a unit of the document")),
                        }
                    }
                }
            }
        };
        if let Some(p) = parent {
            if let Some(s) = tree.claimed_above(p) {
                if tree.nodes[p].stored.is_some() {
                    return conflict(&tree.nodes[p].path.clone(), s);
                }
            }
        }
        let n = tree.graft(parent, index, piece, step);
        if tree.nodes[n].path != *t {
            // The anchor's parent gives another address than the instruction names (`khoản 2a` after a point).
            let got = tree.nodes[n].path.clone();
            tree.remove(n);
            return not_applied("misplaced", format!("{t} would sit at {got} next to its anchor; the anchor and the new unit do not belong together"));
        }
        tree.nodes[n].claimed = Some(step);
        moved_at.push((n, step));
        changed.push(t.clone());
        last = Some(n);
    }
    Outcome::Applied { changed }
}

fn sibling_index(tree: &Tree, parent: Option<usize>, n: usize) -> usize {
    let siblings = match parent {
        Some(p) => &tree.nodes[p].children,
        None => &tree.roots,
    };
    siblings
        .iter()
        .position(|&c| c == n)
        .unwrap_or(siblings.len())
}

fn phrase(tree: &mut Tree, ins: &Instruction, step: usize) -> Outcome {
    let old = ins.old_text.as_deref().unwrap_or("");
    let new = ins.new_text.as_deref().unwrap_or("");
    if old.trim().is_empty() {
        return not_applied("no-words", "the instruction quotes no words".into());
    }
    let mut changed = Vec::new();
    let mut missing = Vec::new();
    let mut ambiguous = Vec::new();
    for t in &ins.targets {
        let scope: Vec<usize> = if t.is_empty() {
            tree.roots.iter().flat_map(|&r| tree.subtree(r)).collect()
        } else {
            match tree.find(t) {
                Some(n) => match ins.part {
                    Part::Whole => tree.subtree(n),
                    _ => vec![n],
                },
                None => {
                    missing.push(format!("{} is not a unit of the document", cited(t)));
                    continue;
                }
            }
        };
        // Count first: an inserted phrase needs its anchor words exactly once in the target.
        let mut found = 0;
        for &n in &scope {
            for text in texts(&tree.nodes[n], ins.part) {
                found += find_phrase(&text.nfc().collect::<String>(), old).len();
            }
        }
        if found == 0 {
            missing.push(format!("'{}' is not in {}", old, cited(t)));
            continue;
        }
        if ins.kind == Kind::InsertPhrase && found > 1 {
            ambiguous.push(format!("'{}' is {found} times in {}", old, cited(t)));
            continue;
        }
        for &n in &scope {
            let node = &mut tree.nodes[n];
            let mut touched = false;
            if ins.part != Part::Intro {
                if let Some(h) = &node.heading {
                    if let Some(out) = rewrite(h, old, new, ins.kind, ins.place) {
                        node.heading = Some(out);
                        touched = true;
                    }
                }
            }
            if ins.part != Part::Heading {
                if let Some(out) = rewrite(&node.body, old, new, ins.kind, ins.place) {
                    node.body = out;
                    touched = true;
                }
            }
            if touched {
                node.refs.push(step);
                changed.push(node.path.clone());
            }
        }
    }
    if changed.is_empty() {
        let (code, reasons) = if ambiguous.is_empty() {
            ("phrase-not-found", missing)
        } else {
            ("phrase-ambiguous", [ambiguous, missing].concat())
        };
        return not_applied(code, reasons.join("; "));
    }
    if !missing.is_empty() || !ambiguous.is_empty() {
        // Applied where it could be; the rest is said, not hidden.
        return Outcome::NotApplied {
            code: "partly-applied",
            reason: format!(
                "applied in {}; not in: {}",
                changed.join(", "),
                [ambiguous, missing].concat().join("; ")
            ),
        };
    }
    Outcome::Applied { changed }
}

fn texts(node: &Node, part: Part) -> Vec<String> {
    match part {
        Part::Heading => node.heading.iter().cloned().collect(),
        Part::Intro => vec![node.body.clone()],
        Part::Whole => node
            .heading
            .iter()
            .cloned()
            .chain(std::iter::once(node.body.clone()))
            .collect(),
    }
}

/// Byte ranges of `phrase` in `hay`: its words in order, any run of whitespace between them; the
/// first letter may be a capital (`Bên mời thầu` at the start of a sentence is `bên mời thầu`).
pub(super) fn find_phrase(hay: &str, phrase: &str) -> Vec<(usize, usize)> {
    let phrase: String = phrase.nfc().collect();
    // Pieces and whether whitespace must come before each: words, and inside a word the letters
    // after punctuation (`,hồ sơ` also matches `, hồ sơ`).
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for (n, w) in phrase.split_whitespace().enumerate() {
        let mut current = String::new();
        let mut required = n > 0;
        let mut prev: Option<char> = None;
        for c in w.chars() {
            if let Some(p) = prev {
                if !p.is_alphanumeric() && c.is_alphanumeric() && !current.is_empty() {
                    pieces.push((std::mem::take(&mut current), required));
                    required = false;
                }
            }
            current.push(c);
            prev = Some(c);
        }
        pieces.push((current, required));
    }
    let Some((first, _)) = pieces.first().cloned() else {
        return Vec::new();
    };
    let capital: String = capitalized(&first);
    let mut out = Vec::new();
    let mut from = 0;
    loop {
        let a = hay[from..]
            .find(first.as_str())
            .map(|r| (from + r, first.len()));
        let b = (capital != first)
            .then(|| {
                hay[from..]
                    .find(capital.as_str())
                    .map(|r| (from + r, capital.len()))
            })
            .flatten();
        let Some((start, len)) = [a, b].into_iter().flatten().min() else {
            break;
        };
        let mut at = start + len;
        let mut ok = true;
        for (w, required) in &pieces[1..] {
            let rest = &hay[at..];
            let trimmed = rest.trim_start();
            if (*required && trimmed.len() == rest.len()) || !trimmed.starts_with(w.as_str()) {
                ok = false;
                break;
            }
            at += rest.len() - trimmed.len() + w.len();
        }
        // Whole words: not inside a longer word at either end.
        let before_ok = hay[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
            || !first.starts_with(char::is_alphanumeric);
        let after_ok = hay[at..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
            || !phrase.ends_with(char::is_alphanumeric);
        if ok && before_ok && after_ok {
            out.push((start, at));
            from = at;
        } else {
            from = start + len;
        }
    }
    out
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// `text` with the instruction's change made, or `None` when the words are not in it.
fn rewrite(text: &str, old: &str, new: &str, kind: Kind, place: Option<Place>) -> Option<String> {
    let normalized: String = text.nfc().collect();
    let hits = find_phrase(&normalized, old);
    if hits.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(normalized.len() + new.len());
    let mut at = 0;
    for (s, e) in hits {
        match kind {
            Kind::InsertPhrase if place == Some(Place::Before) => {
                out.push_str(&normalized[at..s]);
                out.push_str(new);
                out.push(' ');
                out.push_str(&normalized[s..e]);
            }
            Kind::InsertPhrase => {
                out.push_str(&normalized[at..e]);
                out.push(' ');
                out.push_str(new);
            }
            Kind::RepealPhrase => {
                let kept = &normalized[at..s];
                out.push_str(kept);
                // The space the words leave is not doubled, nor left before punctuation.
                if out.ends_with(' ') && normalized[e..].starts_with([' ', ',', '.', ';', ':']) {
                    out.pop();
                }
            }
            _ => {
                out.push_str(&normalized[at..s]);
                // Words replaced at the start of a sentence keep its capital.
                let was_capital = normalized[s..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                    && !old.starts_with(char::is_uppercase);
                out.push_str(&if was_capital {
                    capitalized(new)
                } else {
                    new.to_owned()
                });
            }
        }
        at = e;
    }
    out.push_str(&normalized[at..]);
    Some(out)
}

fn to_result(
    tree: Tree,
    doc: &str,
    applied: Vec<Applied>,
    removed: HashMap<usize, Vec<usize>>,
    moved_at: Vec<(usize, usize)>,
) -> AmendResult {
    let mut units: Vec<CutUnit> = Vec::with_capacity(tree.nodes.len());
    let mut index = vec![usize::MAX; tree.nodes.len()];
    let mut by_address: HashMap<String, Vec<usize>> = HashMap::new();
    let mut stack: Vec<usize> = tree.roots.iter().rev().copied().collect();
    let mut preorder = Vec::with_capacity(tree.nodes.len());
    while let Some(n) = stack.pop() {
        preorder.push(n);
        stack.extend(tree.nodes[n].children.iter().rev());
    }
    let positions = sibling_positions(preorder.iter().map(|&n| tree.nodes[n].parent));
    for (&n, position) in preorder.iter().zip(positions) {
        let node = &tree.nodes[n];
        // The node's place in the document stands for its line: the tree has no text.
        let line = u32::try_from(units.len() + 1).unwrap_or(u32::MAX);
        let address = if node.path.is_empty() {
            doc.to_owned()
        } else {
            format!("{doc}/{}", node.path)
        };
        if !node.refs.is_empty() {
            by_address
                .entry(address.clone())
                .or_default()
                .extend(node.refs.iter().copied());
        }
        index[n] = units.len();
        units.push(CutUnit {
            section_type: node.section_type.as_str().into(),
            ordinal: node.ordinal.as_str().into(),
            heading: node.heading.clone(),
            body: node.body.clone(),
            parent: node.parent.map(|p| index[p]),
            position,
            content_sha256: content_digest(node.heading.as_deref(), &node.body),
            status: provision_status(node.heading.as_deref(), &node.body),
            canonical_address: address,
            line,
            notes: Vec::new(),
        });
    }
    let mut manual_by_stored: HashMap<usize, String> = HashMap::new();
    let mut manual_by_address: HashMap<String, String> = HashMap::new();
    for (&n, unit) in preorder.iter().zip(&units) {
        if let Some(note) = &tree.nodes[n].manual {
            match tree.nodes[n].stored {
                Some(s) => manual_by_stored.insert(s, note.clone()),
                None => manual_by_address.insert(unit.canonical_address.clone(), note.clone()),
            };
        }
    }
    let mut by_stored: HashMap<usize, Vec<usize>> = removed;
    for node in &tree.nodes {
        if let (Some(s), true) = (node.stored, !node.refs.is_empty()) {
            by_stored
                .entry(s)
                .or_default()
                .extend(node.refs.iter().copied());
        }
    }
    // A structural change shifts its later siblings, from the position of the unit it put (or
    // left) there.
    let moves = moved_at
        .into_iter()
        .filter(|(n, _)| tree.nodes[*n].alive && index[*n] != usize::MAX)
        .filter_map(|(n, s)| {
            let u = units.get(index[n])?;
            Some(((u.parent, u.position), s))
        })
        .collect();
    AmendResult {
        cut: Cut {
            doc: doc.to_owned(),
            vocabulary: tree.vocabulary.id().to_owned(),
            units,
            diagnostics: Vec::new(),
        },
        applied,
        by_stored,
        by_address,
        moves,
        manual_by_stored,
        manual_by_address,
    }
}

/// Applies the amending laws ([`apply`]) and plans the result against `stored` with the
/// ordinary planner ([`plan_guarded`]); `document_ids` are the stored ids of the amending laws,
/// where they are stored (recorded in the envelope).
#[allow(clippy::too_many_arguments)]
pub fn plan_amendments(
    laws: &[AmendingLaw],
    document_ids: &[Option<String>],
    doc_title: Option<&str>,
    stored: &[StoredUnit],
    vocabulary: &Vocabulary,
    doc_slug: &str,
    input: &PlanInput,
    allow_mass_retire: bool,
) -> Result<AmendPlan, PlanError> {
    let result = apply(laws, doc_slug, doc_title, stored, vocabulary);
    plan_result(
        result,
        laws,
        document_ids,
        stored,
        vocabulary,
        doc_slug,
        input,
        allow_mass_retire,
        &ByHand::default(),
    )
}

/// Applies exactly the instructions `steps` names (law, instruction), in that order, each taken
/// to amend this document (the caller chose them: [`super::sequence`]), and plans the result as
/// [`plan_amendments`] does; the envelope records those instructions only. Then the editor's
/// edits by hand (`manual`, [`ManualEdit`]) change the result, after every instruction, and
/// mark the blocks they cause; `unread` is what the reader could not read, recorded in the
/// envelope (an edit may mark some of it, or an instruction not applied, carried out by hand).
#[allow(clippy::too_many_arguments)]
pub(super) fn plan_steps(
    laws: &[AmendingLaw],
    document_ids: &[Option<String>],
    steps: &[(usize, usize)],
    stored: &[StoredUnit],
    vocabulary: &Vocabulary,
    doc_slug: &str,
    input: &PlanInput,
    allow_mass_retire: bool,
    manual: &[ManualEdit],
    unread: Vec<Unread>,
) -> Result<AmendPlan, PlanError> {
    let steps: Vec<(usize, usize, bool)> = steps.iter().map(|&(l, k)| (l, k, true)).collect();
    let mut run = run_steps(laws, &steps, doc_slug, stored, vocabulary);
    let by_hand = manual::apply(&mut run.tree, doc_slug, manual, &run.applied, laws, unread)?;
    let result = to_result(run.tree, doc_slug, run.applied, run.removed, run.moved_at);
    plan_result(
        result,
        laws,
        document_ids,
        stored,
        vocabulary,
        doc_slug,
        input,
        allow_mass_retire,
        &by_hand,
    )
}

/// The applied result planned against `stored`, every block naming its instructions (and
/// the editor's note, where the editor changed it by hand).
#[allow(clippy::too_many_arguments)]
fn plan_result(
    result: AmendResult,
    laws: &[AmendingLaw],
    document_ids: &[Option<String>],
    stored: &[StoredUnit],
    vocabulary: &Vocabulary,
    doc_slug: &str,
    input: &PlanInput,
    allow_mass_retire: bool,
    by_hand: &ByHand,
) -> Result<AmendPlan, PlanError> {
    // An amending law is enacted law: what it inserts is law from its date where the
    // document is in force (crate::change::plan's module docs, "Lifecycle").
    let input = PlanInput {
        by_enacted_law: true,
        ..input.clone()
    };
    let mut manifest = plan_guarded(&result.cut, stored, vocabulary, &input, allow_mass_retire)?;
    let ids: HashMap<&str, usize> = stored
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut blocks_of: Vec<Vec<usize>> = vec![Vec::new(); result.applied.len()];
    let mut moves = result.moves.clone();
    moves.sort_unstable();
    let cut_index: HashMap<&str, usize> = result
        .cut
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.canonical_address.as_str(), i))
        .collect();
    for (b, block) in manifest.blocks.iter_mut().enumerate() {
        let mut steps: Vec<usize> = Vec::new();
        if let Some(&s) = ids.get(block.unit_id()) {
            steps.extend(result.by_stored.get(&s).into_iter().flatten());
        }
        if let Some(after) = block.after() {
            steps.extend(
                result
                    .by_address
                    .get(&after.canonical_address)
                    .into_iter()
                    .flatten(),
            );
        }
        if steps.is_empty() && block.change_kind() == ChangeKind::PositionOnly {
            // Moved among its siblings only: by the nearest insert or repeal before it there.
            let at = block
                .after()
                .and_then(|a| cut_index.get(a.canonical_address.as_str()))
                .and_then(|&c| result.cut.units.get(c))
                .map(|u| (u.parent, u.position));
            if let Some((parent, position)) = at {
                if let Some((_, s)) = moves
                    .iter()
                    .rev()
                    .find(|((p, q), _)| *p == parent && *q <= position)
                {
                    steps.push(*s);
                }
            }
        }
        steps.sort_unstable();
        steps.dedup();
        for &s in &steps {
            blocks_of[s].push(b);
        }
        block.set_amended_by(
            steps
                .iter()
                .map(|&s| result.applied[s].reference.clone())
                .collect(),
        );
        let note = ids
            .get(block.unit_id())
            .and_then(|s| result.manual_by_stored.get(s))
            .or_else(|| {
                block
                    .after()
                    .and_then(|a| result.manual_by_address.get(&a.canonical_address))
            });
        if let Some(note) = note {
            block.set_manual(Some(Manual { note: note.clone() }));
        }
    }
    manifest.envelope.amendment = Some(record(
        laws,
        document_ids,
        &result.applied,
        doc_slug,
        by_hand,
    ));
    Ok(AmendPlan {
        manifest,
        cut: result.cut,
        applied: result.applied,
        blocks: blocks_of,
    })
}

/// What the envelope records: the laws and every instruction for this document, applied or not.
fn record(
    laws: &[AmendingLaw],
    ids: &[Option<String>],
    applied: &[Applied],
    doc: &str,
    by_hand: &ByHand,
) -> Amendment {
    Amendment {
        laws: laws
            .iter()
            .enumerate()
            .map(|(i, l)| AmendmentLaw {
                doc: l.doc.clone(),
                doc_code: l.doc_code.clone(),
                document_id: ids.get(i).cloned().flatten(),
                adopted: l.adopted.clone(),
                in_force: l.in_force.clone(),
            })
            .collect(),
        steps: applied
            .iter()
            .enumerate()
            .filter(|(_, a)| a.outcome != Outcome::OtherLaw)
            .map(|(i, a)| {
                let ins = &laws[a.law].instructions[a.instruction];
                let (applied, code, reason) = match &a.outcome {
                    Outcome::Applied { .. } => (true, None, None),
                    Outcome::NotApplied { code, reason } => {
                        (false, Some((*code).to_owned()), Some(reason.clone()))
                    }
                    Outcome::OtherLaw => (false, None, None),
                };
                AmendmentStep {
                    reference: a.reference.clone(),
                    law: laws[a.law].doc_code.clone(),
                    provision: ins.provision.clone(),
                    kind: ins.kind.as_str().to_owned(),
                    targets: ins
                        .targets
                        .iter()
                        .map(|t| {
                            if t.is_empty() {
                                doc.to_owned()
                            } else {
                                format!("{doc}/{t}")
                            }
                        })
                        .collect(),
                    effective: ins.effective.clone(),
                    applied,
                    code,
                    reason,
                    by_hand: by_hand
                        .steps
                        .get(&i)
                        .map(|note| Manual { note: note.clone() }),
                }
            })
            .collect(),
        unread: by_hand.unread.clone(),
    }
}
