//! Matching the cut's units to the stored ones, and the splits among them (see "Matching" in
//! the module docs of [`super`]).

use std::collections::{HashMap, HashSet};

use crate::read::cut::Cut;
use crate::store::unit::order::Groups;
use crate::store::unit::{document_order_by, ranks, LifecycleStatus, StoredUnit};
use crate::text::vocabulary::{SectionType, Vocabulary};

pub(super) struct Matching {
    pub(super) cut_to_stored: Vec<Option<usize>>,
    pub(super) stored_to_cut: Vec<Option<usize>>,
}

pub(super) struct Matcher<'a> {
    cut: &'a Cut,
    stored: &'a [StoredUnit],
    cut_types: &'a [&'a SectionType],
    vocabulary: &'a Vocabulary,
    cut_to_stored: Vec<Option<usize>>,
    stored_to_cut: Vec<Option<usize>>,
    /// Each stored unit's place in document order ([`document_order_by`]), set by `run`.
    rank: Vec<usize>,
}

impl<'a> Matcher<'a> {
    pub(super) fn new(
        cut: &'a Cut,
        stored: &'a [StoredUnit],
        vocabulary: &'a Vocabulary,
        cut_types: &'a [&'a SectionType],
    ) -> Self {
        Matcher {
            cut,
            stored,
            cut_types,
            vocabulary,
            cut_to_stored: vec![None; cut.units.len()],
            stored_to_cut: vec![None; stored.len()],
            rank: Vec::new(),
        }
    }

    fn link(&mut self, c: usize, s: usize) {
        self.cut_to_stored[c] = Some(s);
        self.stored_to_cut[s] = Some(c);
    }

    /// `by_id`: the index of the stored unit with each id; `cut_by_address`: the index of
    /// the cut unit with each address.
    pub(super) fn run(
        mut self,
        by_id: &HashMap<&str, usize>,
        cut_by_address: &HashMap<&str, usize>,
    ) -> Matching {
        let n = self.cut.units.len();
        // A handful of codes: a scan is cheaper than hashing every stored unit's type.
        let root_codes: Vec<&str> = self
            .vocabulary
            .section_types
            .iter()
            .filter(|t| t.citation_root)
            .map(|t| t.code.as_str())
            .collect();
        // Each stored unit's parent. Stored in document order, a unit's parent is mostly the
        // unit before it or one of that unit's ancestors: those ids are compared (ids are
        // unique) before the id is hashed and looked up.
        let mut parents: Vec<Option<usize>> = Vec::with_capacity(self.stored.len());
        for (i, s) in self.stored.iter().enumerate() {
            let parent = s.parent.as_deref().and_then(|p| {
                let mut near = i.checked_sub(1);
                for _ in 0..8 {
                    let k = near?;
                    if self.stored[k].id == p {
                        return Some(k);
                    }
                    // A parent stored after its child (a unit created later) has no entry yet.
                    near = parents.get(k).copied().flatten();
                }
                None
            });
            parents
                .push(parent.or_else(|| s.parent.as_deref().and_then(|p| by_id.get(p).copied())));
        }
        // Each stored unit's place in document order: a group's units are taken in it.
        let stored = self.stored;
        self.rank = ranks(&document_order_by(
            stored.len(),
            |i| parents[i],
            |i| (stored[i].position, stored[i].id.as_str()),
        ));
        // A stored unit's group: its parent when its address extends the parent's, else the document.
        let groups: Vec<Option<usize>> = self
            .stored
            .iter()
            .zip(parents)
            .map(|(s, p)| p.filter(|_| !root_codes.contains(&s.section_type.as_str())))
            .collect();
        let mut stored_groups = Groups::new(&groups);
        let rank = &self.rank;
        stored_groups.roots.sort_by_key(|&s| rank[s]);
        for p in 0..self.stored.len() {
            stored_groups.children_mut(p).sort_by_key(|&s| rank[s]);
        }
        let cut_parents: Vec<Option<usize>> = self
            .cut
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                u.parent
                    .filter(|&p| !self.cut_types[i].citation_root && p < n)
            })
            .collect();
        let cut_groups = Groups::new(&cut_parents);

        self.match_group(&cut_groups.roots, &stored_groups.roots);
        // Parents come before their children in the cut, so each parent's match is known here.
        for p in 0..n {
            let children = cut_groups.children(p);
            if children.is_empty() {
                continue;
            }
            let stored_group = self.cut_to_stored[p]
                .map(|s| stored_groups.children(s))
                .unwrap_or(&[]);
            self.match_group(children, stored_group);
        }
        self.match_leftovers();
        self.resolve_address_conflicts(cut_by_address);
        Matching {
            cut_to_stored: self.cut_to_stored,
            stored_to_cut: self.stored_to_cut,
        }
    }

    // The three passes within one group; `stored_group` is in document order.
    fn match_group(&mut self, cut_group: &[usize], stored_group: &[usize]) {
        let (cut, stored) = (self.cut, self.stored);
        // Pass 1 takes, for each cut unit in turn, the first free stored unit with its exact
        // key. While the two groups agree unit by unit (the free stored units in order),
        // that is the stored unit at the same place: the earlier ones with the same key are
        // taken already. So the agreeing prefix — the whole group when nothing changed — is
        // paired directly, and the maps are built only for what is left.
        let (mut next, mut paired) = (0, 0);
        for &c in cut_group {
            while stored_group
                .get(next)
                .is_some_and(|&s| self.stored_to_cut[s].is_some())
            {
                next += 1;
            }
            let Some(&s) = stored_group.get(next) else {
                break;
            };
            let (u, su) = (&cut.units[c], &stored[s]);
            if u.section_type != su.section_type
                || u.ordinal != su.ordinal
                || u.content_sha256 != su.content_sha256
            {
                break;
            }
            self.link(c, s);
            (next, paired) = (next + 1, paired + 1);
        }
        let cut_group = &cut_group[paired..];
        if cut_group.is_empty() {
            return;
        }
        let key_exact = |s: &'a StoredUnit| {
            (
                s.section_type.as_str(),
                s.ordinal.as_str(),
                s.content_sha256.as_str(),
            )
        };
        let mut exact: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
        let mut content: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        let mut ordinal: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for &s in stored_group {
            if self.stored_to_cut[s].is_some() {
                continue;
            }
            let su = &stored[s];
            exact.entry(key_exact(su)).or_default().push(s);
            if su.lifecycle_status != LifecycleStatus::Retired {
                content
                    .entry((su.section_type.as_str(), su.content_sha256.as_str()))
                    .or_default()
                    .push(s);
            }
            ordinal
                .entry((su.section_type.as_str(), su.ordinal.as_str()))
                .or_default()
                .push(s);
        }
        for &c in cut_group {
            let u = &cut.units[c];
            let key = (
                u.section_type.as_str(),
                u.ordinal.as_str(),
                u.content_sha256.as_str(),
            );
            if let Some(s) = self.take_free(exact.get_mut(&key)) {
                self.link(c, s);
            }
        }
        for &c in cut_group {
            if self.cut_to_stored[c].is_some() {
                continue;
            }
            let u = &cut.units[c];
            let key = (u.section_type.as_str(), u.content_sha256.as_str());
            if let Some(s) = self.take_free(content.get_mut(&key)) {
                self.link(c, s);
            }
        }
        for &c in cut_group {
            if self.cut_to_stored[c].is_some() {
                continue;
            }
            let u = &cut.units[c];
            let key = (u.section_type.as_str(), u.ordinal.as_str());
            if let Some(s) = self.take_free(ordinal.get_mut(&key)) {
                self.link(c, s);
            }
        }
    }

    // Cut units no group matched (moved between parents, or under a new parent): by
    // address and content, by content (live only), then by address, document-wide.
    fn match_leftovers(&mut self) {
        let (cut, stored) = (self.cut, self.stored);
        let unmatched: Vec<usize> = (0..cut.units.len())
            .filter(|&c| self.cut_to_stored[c].is_none())
            .collect();
        if unmatched.is_empty() {
            return;
        }
        let mut by_address: HashMap<&str, usize> = HashMap::new();
        let mut by_content: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        let mut free: Vec<usize> = (0..stored.len())
            .filter(|&s| self.stored_to_cut[s].is_none())
            .collect();
        free.sort_by_key(|&s| self.rank[s]);
        for &s in &free {
            let su = &stored[s];
            by_address.insert(su.canonical_address.as_str(), s);
            if su.lifecycle_status != LifecycleStatus::Retired {
                by_content
                    .entry((su.section_type.as_str(), su.content_sha256.as_str()))
                    .or_default()
                    .push(s);
            }
        }
        for &c in &unmatched {
            let u = &cut.units[c];
            if let Some(&s) = by_address.get(u.canonical_address.as_str()) {
                if self.stored_to_cut[s].is_none() && stored[s].content_sha256 == u.content_sha256 {
                    self.link(c, s);
                }
            }
        }
        for &c in &unmatched {
            if self.cut_to_stored[c].is_some() {
                continue;
            }
            let u = &cut.units[c];
            let key = (u.section_type.as_str(), u.content_sha256.as_str());
            if let Some(s) = self.take_free(by_content.get_mut(&key)) {
                self.link(c, s);
            }
        }
        for &c in &unmatched {
            if self.cut_to_stored[c].is_some() {
                continue;
            }
            if let Some(&s) = by_address.get(self.cut.units[c].canonical_address.as_str()) {
                if self.stored_to_cut[s].is_none() {
                    self.link(c, s);
                }
            }
        }
    }

    // No unmatched stored unit may keep an address the cut gives to a unit: it is
    // matched to that cut unit instead. Each step makes a same-address pair that is
    // never undone, so this ends after at most one step per cut unit.
    fn resolve_address_conflicts(&mut self, cut_by_address: &HashMap<&str, usize>) {
        let mut work: Vec<usize> = (0..self.stored.len())
            .filter(|&s| self.stored_to_cut[s].is_none())
            .collect();
        while let Some(s) = work.pop() {
            if self.stored_to_cut[s].is_some() {
                continue;
            }
            let Some(&c) = cut_by_address.get(self.stored[s].canonical_address.as_str()) else {
                continue;
            };
            if let Some(previous) = self.cut_to_stored[c] {
                self.stored_to_cut[previous] = None;
                work.push(previous);
            }
            self.link(c, s);
        }
    }

    // The first stored unit of the candidate list that no cut unit has taken yet.
    fn take_free(&self, candidates: Option<&mut Vec<usize>>) -> Option<usize> {
        let candidates = candidates?;
        let at = candidates
            .iter()
            .position(|&s| self.stored_to_cut[s].is_none())?;
        // Candidates before `at` are taken for good within this pass: drop them too.
        candidates.drain(..=at).next_back()
    }
}

pub(super) struct Split {
    pub(super) stored: usize,
    /// Cut indexes: the unit that kept the stored unit, then the new parts.
    pub(super) parts: Vec<usize>,
}

const SPLIT_SHARE: f64 = 0.8;

pub(super) fn detect_splits(
    cut: &Cut,
    stored: &[StoredUnit],
    cut_to_stored: &[Option<usize>],
) -> Vec<Split> {
    // The next unit of the cut with the same parent, for every unit.
    let mut next_sibling: Vec<Option<usize>> = vec![None; cut.units.len()];
    // The last unit seen of each parent: top-level units at 0, the children of unit p at
    // p + 1 (check_cut made every parent an earlier unit).
    let mut last_child: Vec<Option<usize>> = vec![None; cut.units.len() + 1];
    for (i, u) in cut.units.iter().enumerate() {
        let Some(last) = last_child.get_mut(u.parent.map_or(0, |p| p + 1)) else {
            continue;
        };
        if let Some(previous) = last.replace(i) {
            next_sibling[previous] = Some(i);
        }
    }
    let mut splits = Vec::new();
    for (c, u) in cut.units.iter().enumerate() {
        let Some(s) = cut_to_stored[c] else { continue };
        let old = &stored[s];
        if old.content_sha256 == u.content_sha256 {
            continue;
        }
        let old_words = words(&old.body);
        if old_words.is_empty() {
            continue;
        }
        let contained = |text: &str| {
            let w = words(text);
            !w.is_empty() && share(w.iter().filter(|x| old_words.contains(*x)).count(), w.len())
        };
        let first = words(&u.body);
        let first_covers = first.iter().filter(|w| old_words.contains(*w)).count();
        if !contained(&u.body) || share(first_covers, old_words.len()) {
            continue;
        }
        let mut parts = vec![c];
        let mut covered: HashSet<&str> = first
            .iter()
            .filter(|w| old_words.contains(*w))
            .map(String::as_str)
            .collect();
        let mut next = next_sibling[c];
        while let Some(d) = next {
            let du = &cut.units[d];
            if cut_to_stored[d].is_some()
                || du.section_type != u.section_type
                || !contained(&du.body)
            {
                break;
            }
            parts.push(d);
            next = next_sibling[d];
        }
        for &d in &parts[1..] {
            for w in words(&cut.units[d].body) {
                if let Some(known) = old_words.get(&w) {
                    covered.insert(known.as_str());
                }
            }
        }
        if parts.len() > 1 && share(covered.len(), old_words.len()) {
            splits.push(Split { stored: s, parts });
        }
    }
    splits
}

fn share(part: usize, whole: usize) -> bool {
    whole > 0 && part as f64 >= SPLIT_SHARE * whole as f64
}

// The distinct lowercase words of a text: runs of letters and digits.
fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}
