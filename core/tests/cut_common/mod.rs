//! Shared checks for the cut integration tests.
#![allow(dead_code)]

use std::collections::HashSet;

use iu_cutter_core::read::cut::Cut;
use iu_cutter_core::store::unit::{
    content_sha256, derived_address, instrument_base, is_scoped_address, may_number_per_division,
    scoped_address,
};
use iu_cutter_core::{validate, Vocabulary};

/// The text of a fixture under `core/tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every invariant a cut must keep, whatever the input; returns a description of the first broken one.
pub fn well_formed(cut: &Cut, vocabulary: &Vocabulary) -> Result<(), String> {
    let mut seen = HashSet::new();
    for (i, u) in cut.units.iter().enumerate() {
        let at = format!("unit {i} ({})", u.canonical_address);
        validate(&u.canonical_address).map_err(|e| format!("{at}: {e}"))?;
        if !seen.insert(u.canonical_address.as_str()) {
            return Err(format!("{at}: duplicate address"));
        }
        // Positions count the units with the same parent (the top level too), from 1.
        let place = cut.units[..i]
            .iter()
            .filter(|o| o.parent == u.parent)
            .count()
            + 1;
        if usize::try_from(u.position).ok() != Some(place) {
            return Err(format!(
                "{at}: position {} is not {place} (its place among its siblings)",
                u.position
            ));
        }
        // Run-in headings (`(a)(1) …`) put two units on one line; never an earlier line.
        if i > 0 && cut.units[i - 1].line > u.line {
            return Err(format!(
                "{at}: line {} comes before the previous unit's",
                u.line
            ));
        }
        let t = vocabulary
            .by_code(&u.section_type)
            .ok_or_else(|| format!("{at}: unknown section type {}", u.section_type))?;
        if !t.active {
            return Err(format!("{at}: inactive section type"));
        }
        let parent_address = match u.parent {
            Some(p) if p >= i => return Err(format!("{at}: parent {p} does not precede it")),
            Some(p) => {
                let parent = &cut.units[p];
                // A schedule paragraph numbered again in each Part of its schedule stands in the Part.
                let per_division = vocabulary
                    .by_code(&parent.section_type)
                    .is_some_and(|pt| may_number_per_division(t, pt));
                if !t.parents.iter().any(|p| *p == parent.section_type) && !per_division {
                    return Err(format!(
                        "{at}: {} cannot contain {}",
                        parent.section_type, u.section_type
                    ));
                }
                Some(parent.canonical_address.as_str())
            }
            None if t.citation_root || t.parents.is_empty() => None,
            // A division the document uses without any of its parents (`Mục` with no `Chương`).
            None if !cut
                .units
                .iter()
                .any(|o| t.parents.iter().any(|p| *p == o.section_type)) =>
            {
                None
            }
            None => return Err(format!("{at}: top-level but not a citation root")),
        };
        // Inside an instrument attached to the document, citation roots start again at it.
        let base = parent_address
            .filter(|_| t.citation_root)
            .and_then(|p| instrument_base(&cut.doc, p, vocabulary.section_types.iter()))
            .unwrap_or(&cut.doc);
        let derived = derived_address(base, parent_address, t, &u.ordinal);
        // A citation root numbered again under each parent (`…/phan-3/chuong-1`).
        let scoped = t.citation_root
            && (parent_address
                .is_some_and(|p| scoped_address(p, t, &u.ordinal) == u.canonical_address)
                // or under an outermost grouping above its parent (`…/division-b/section-101`)
                || is_scoped_address(
                    vocabulary.section_types.iter(),
                    &u.canonical_address,
                    t,
                    &u.ordinal,
                    std::iter::successors(u.parent, |&p| cut.units[p].parent).filter_map(|p| {
                        let a = &cut.units[p];
                        Some((a.canonical_address.as_str(), vocabulary.by_code(&a.section_type)?))
                    }),
                    i,
                ));
        if derived != u.canonical_address && !scoped {
            return Err(format!("{at}: derived address is {derived}"));
        }
        if u.content_sha256 != content_sha256(u.heading.as_deref(), &u.body) {
            return Err(format!(
                "{at}: content hash does not match heading and body"
            ));
        }
    }
    for d in &cut.diagnostics {
        if d.line > 0 && d.column == 0 {
            return Err(format!(
                "diagnostic {} has line {} but column 0",
                d.code, d.line
            ));
        }
    }
    Ok(())
}

/// Addresses without the document slug, for compact assertions.
pub fn paths(cut: &Cut) -> Vec<String> {
    cut.units
        .iter()
        .map(|u| {
            u.canonical_address
                .strip_prefix(&format!("{}/", cut.doc))
                .unwrap_or(&u.canonical_address)
                .to_owned()
        })
        .collect()
}

/// `(code, line, column)` of every diagnostic.
pub fn located(cut: &Cut) -> Vec<(&'static str, u32, u32)> {
    cut.diagnostics
        .iter()
        .map(|d| (d.code, d.line, d.column))
        .collect()
}
