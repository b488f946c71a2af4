//! Document order, derived from the tree: the one rule every consumer follows.
//!
//! A unit's `position` is its order among its siblings (the units with the same parent; the
//! roots of a document are siblings), 1-based (DESIGN §2). Document order is therefore never
//! stored: it is the depth-first pre-order of the tree, each unit's children (and the roots)
//! in the order of their positions. One inserted clause changes the positions of its later
//! siblings only, so a manifest is as big as the change (issue 30).
//!
//! The same rule reads stores written before, whose positions are places in the whole
//! document (1..n in document order): ordering siblings by document position gives the same
//! pre-order, so no consumer needs to know which meaning a store has.
//!
//! Two siblings with the same position (a retired unit keeps the position it was retired at,
//! so a live sibling may share it) are ordered by id (stored units) or by index (cut units),
//! so the order is total and deterministic. Units no root reaches — a cycle of parents in a
//! store edited by hand — come last, in the same sibling order, so every unit appears once.

use std::collections::HashMap;

use super::{CutUnit, StoredUnit};

/// Indices `0..n` in document order: the pre-order of the tree given by `parent` (an index,
/// or `None` for a root; an index out of range or the unit itself counts as `None`), siblings
/// in the order of `key`. Every index appears exactly once.
pub fn document_order_by<K: Ord>(
    n: usize,
    parent: impl Fn(usize) -> Option<usize>,
    key: impl Fn(usize) -> K,
) -> Vec<usize> {
    // Children as slices of one array (no vector per parent): a 100k-unit store is ordered
    // on every plan.
    let parents: Vec<Option<usize>> = (0..n)
        .map(|i| parent(i).filter(|&p| p < n && p != i))
        .collect();
    let mut groups = Groups::new(&parents);
    let keys: Vec<K> = (0..n).map(key).collect();
    groups.roots.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    for p in 0..n {
        groups
            .children_mut(p)
            .sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    }

    let mut out = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut walk = |from: usize, out: &mut Vec<usize>, seen: &mut [bool]| {
        stack.push(from);
        while let Some(u) = stack.pop() {
            if std::mem::replace(&mut seen[u], true) {
                continue;
            }
            out.push(u);
            stack.extend(groups.children(u).iter().rev());
        }
    };
    for &r in &groups.roots {
        walk(r, &mut out, &mut seen);
    }
    if out.len() < n {
        // In a cycle of parents, or under one: from each such unit in sibling order.
        let mut rest: Vec<usize> = (0..n).filter(|&i| !seen[i]).collect();
        rest.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        for r in rest {
            walk(r, &mut out, &mut seen);
        }
    }
    out
}

/// Indices of `units` in document order (see the module docs): parents resolved by id among
/// `units` (a parent not among them makes a root), siblings by position, then id.
pub fn stored_document_order(units: &[StoredUnit]) -> Vec<usize> {
    let by_id: HashMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    document_order_by(
        units.len(),
        |i| {
            units[i]
                .parent
                .as_deref()
                .and_then(|p| by_id.get(p).copied())
        },
        |i| (units[i].position, units[i].id.as_str()),
    )
}

/// `rank[i]`: the place (0-based) of unit `i` in `order`, a permutation of `0..order.len()`.
pub fn ranks(order: &[usize]) -> Vec<usize> {
    let mut rank = vec![0usize; order.len()];
    for (r, &i) in order.iter().enumerate() {
        if let Some(slot) = rank.get_mut(i) {
            *slot = r;
        }
    }
    rank
}

/// Indices of a cut's units in document order: siblings by position, then index. A cut lists
/// its units in document order already; this is the rule for cuts built otherwise.
pub fn cut_document_order(units: &[CutUnit]) -> Vec<usize> {
    document_order_by(units.len(), |i| units[i].parent, |i| (units[i].position, i))
}

/// The sibling positions of units listed in document order: `parents[i]` is the index of unit
/// i's parent (`None` for a root); the result is each unit's 1-based place among the units with
/// the same parent, in list order.
pub fn sibling_positions(parents: impl IntoIterator<Item = Option<usize>>) -> Vec<u32> {
    let parents: Vec<Option<usize>> = parents.into_iter().collect();
    let mut next_root = 0u32;
    // A parent is an index among the same units: one counter per index, nothing hashed (every
    // cut asks this of every unit). An index past them (no unit) is counted all the same.
    let mut next_child = vec![0u32; parents.len()];
    let mut past: HashMap<usize, u32> = HashMap::new();
    let mut positions = Vec::with_capacity(parents.len());
    for p in parents {
        let slot = match p {
            Some(p) => match next_child.get_mut(p) {
                Some(slot) => slot,
                None => past.entry(p).or_insert(0),
            },
            None => &mut next_root,
        };
        *slot = slot.saturating_add(1);
        positions.push(*slot);
    }
    positions
}

/// Whether every live unit's position is its rank (1-based) among its live siblings ordered by
/// position and id: how a store's positions read as sibling positions. A store written before
/// issue 30 (document positions) fails it as soon as one unit has an earlier sibling with
/// children; a flat document's positions mean the same either way. For the migration that
/// rewrites positions, and for reports: no check depends on it.
pub fn has_sibling_positions(units: &[StoredUnit]) -> bool {
    renumbered_siblings(units).is_empty()
}

/// The live units whose position is not their rank among their live siblings (see
/// [`has_sibling_positions`]), with the position they would have: `(index, position)`, in
/// document order. Retired units keep theirs (they are not counted among the siblings).
pub fn renumbered_siblings(units: &[StoredUnit]) -> Vec<(usize, u32)> {
    let order = stored_document_order(units);
    let by_id: HashMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    let live = |i: usize| units[i].lifecycle_status != super::LifecycleStatus::Retired;
    let parents = order.iter().filter(|&&i| live(i)).map(|&i| {
        units[i]
            .parent
            .as_deref()
            .and_then(|p| by_id.get(p).copied())
    });
    let positions = sibling_positions(parents);
    order
        .iter()
        .copied()
        .filter(|&i| live(i))
        .zip(positions)
        .filter(|&(i, p)| units[i].position != p)
        .collect()
}

/// Units grouped by parent, as slices of one array rather than a vector per parent: the
/// children of unit p, in index order, are `members[start[p]..start[p + 1]]`; the units
/// with no parent are `roots`.
pub(crate) struct Groups {
    pub(crate) roots: Vec<usize>,
    start: Vec<usize>,
    members: Vec<usize>,
}

impl Groups {
    /// `parents[i]`: the parent of unit i, an index below `parents.len()`, or `None`.
    pub(crate) fn new(parents: &[Option<usize>]) -> Self {
        let n = parents.len();
        let mut start = vec![0usize; n + 1];
        for &p in parents.iter().flatten() {
            start[p + 1] += 1;
        }
        for p in 0..n {
            start[p + 1] += start[p];
        }
        let mut next = start.clone();
        let mut members = vec![0usize; start[n]];
        let mut roots = Vec::new();
        for (i, parent) in parents.iter().enumerate() {
            match *parent {
                Some(p) => {
                    members[next[p]] = i;
                    next[p] += 1;
                }
                None => roots.push(i),
            }
        }
        Groups {
            roots,
            start,
            members,
        }
    }

    pub(crate) fn children(&self, p: usize) -> &[usize] {
        match self.start.get(p..p + 2) {
            Some(&[from, to]) => &self.members[from..to],
            _ => &[],
        }
    }

    pub(crate) fn children_mut(&mut self, p: usize) -> &mut [usize] {
        match self.start.get(p..p + 2) {
            Some(&[from, to]) => &mut self.members[from..to],
            _ => &mut [],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::unit::{Authority, LifecycleStatus};

    fn unit(id: &str, parent: Option<&str>, position: u32) -> StoredUnit {
        StoredUnit {
            id: id.into(),
            document: "d".into(),
            section_type: "dieu".into(),
            parent: parent.map(str::to_owned),
            ordinal: id.into(),
            heading: None,
            body: String::new(),
            content_sha256: String::new(),
            position,
            canonical_address: format!("doc/{id}"),
            canonical_address_format_version: "canonical-address-v1".into(),
            lifecycle_status: LifecycleStatus::DraftOnly,
            authority: Authority::Draft,
        }
    }

    fn ids(units: &[StoredUnit]) -> Vec<&str> {
        stored_document_order(units)
            .into_iter()
            .map(|i| units[i].id.as_str())
            .collect()
    }

    #[test]
    fn sibling_positions_give_the_pre_order() {
        // c1 (k1, k2), c2 (k3): listed in any order.
        let units = [
            unit("k3", Some("c2"), 1),
            unit("c2", None, 2),
            unit("k2", Some("c1"), 2),
            unit("c1", None, 1),
            unit("k1", Some("c1"), 1),
        ];
        assert_eq!(ids(&units), ["c1", "k1", "k2", "c2", "k3"]);
    }

    #[test]
    fn document_positions_give_the_same_order() {
        let units = [
            unit("k3", Some("c2"), 5),
            unit("c2", None, 4),
            unit("k2", Some("c1"), 3),
            unit("c1", None, 1),
            unit("k1", Some("c1"), 2),
        ];
        assert_eq!(ids(&units), ["c1", "k1", "k2", "c2", "k3"]);
        assert!(!has_sibling_positions(&units));
        let fixed = renumbered_siblings(&units);
        let named: Vec<(&str, u32)> = fixed
            .iter()
            .map(|&(i, p)| (units[i].id.as_str(), p))
            .collect();
        assert_eq!(named, [("k1", 1), ("k2", 2), ("c2", 2), ("k3", 1)]);
    }

    #[test]
    fn ties_missing_parents_and_cycles_keep_every_unit_once() {
        let units = [
            unit("b", None, 1),
            unit("a", None, 1),
            unit("orphan", Some("nowhere"), 0),
            unit("x", Some("y"), 1),
            unit("y", Some("x"), 1),
            unit("self", Some("self"), 9),
        ];
        assert_eq!(ids(&units), ["orphan", "a", "b", "self", "x", "y"]);
    }

    #[test]
    fn sibling_positions_count_per_parent() {
        assert_eq!(
            sibling_positions([None, Some(0), Some(0), None, Some(3), Some(4), Some(3)]),
            [1, 1, 2, 2, 1, 1, 2]
        );
    }
}
