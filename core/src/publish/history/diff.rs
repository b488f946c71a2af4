//! Word-level differences: between two texts, and between a document at two instants.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{document_at, HistoryError, LedgerImage};
use crate::store::unit::StoredUnit;
use crate::text::timestamp::Timestamp;

pub use crate::text::word_diff::{diff_words, DiffOp};

/// How a unit differs between two instants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitDiff {
    /// `added`, `removed`, `changed` (heading or body), `readdressed` (same text, new
    /// address) or `unchanged`.
    pub status: &'static str,
    pub unit_id: String,
    pub address_from: Option<String>,
    pub address_to: Option<String>,
    pub section_type: String,
    pub heading: Vec<DiffOp>,
    pub body: Vec<DiffOp>,
}

/// The differences between a document's units `from` and `to`, matched by unit id (a unit
/// keeps its id when renumbered), in the document order of `to`; a removed unit comes where
/// it was, after the unit it followed in `from`. Unchanged units only when asked.
pub fn diff_documents(
    from: &[StoredUnit],
    to: &[StoredUnit],
    include_unchanged: bool,
) -> Vec<UnitDiff> {
    let before: HashMap<&str, &StoredUnit> = from.iter().map(|u| (u.id.as_str(), u)).collect();
    let after: HashSet<&str> = to.iter().map(|u| u.id.as_str()).collect();

    // Removed units, each behind the nearest unit before it in `from` that is still there.
    let mut leading: Vec<&StoredUnit> = Vec::new();
    let mut behind: HashMap<&str, Vec<&StoredUnit>> = HashMap::new();
    let mut anchor: Option<&str> = None;
    for u in from {
        if after.contains(u.id.as_str()) {
            anchor = Some(u.id.as_str());
        } else {
            match anchor {
                Some(a) => behind.entry(a).or_default().push(u),
                None => leading.push(u),
            }
        }
    }

    let mut out = Vec::new();
    out.extend(leading.into_iter().map(removed));
    for u in to {
        let diff = match before.get(u.id.as_str()) {
            None => Some(added(u)),
            Some(old) => compared(old, u, include_unchanged),
        };
        out.extend(diff);
        if let Some(gone) = behind.remove(u.id.as_str()) {
            out.extend(gone.into_iter().map(removed));
        }
    }
    out
}

/// How many units of each status a diff holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DiffCounts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub readdressed: usize,
    pub unchanged: usize,
}

/// A document's diff between two instants: the counts (unchanged units counted even when
/// left out) and the units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentDiff {
    pub counts: DiffCounts,
    pub units: Vec<UnitDiff>,
}

/// [`diff_documents`] of the document at `from` and at `to` (the rule of [`document_at`]).
pub fn document_diff(
    rows: &[LedgerImage],
    from: Timestamp,
    to: Timestamp,
    include_unchanged: bool,
) -> Result<DocumentDiff, HistoryError> {
    let mut units = diff_documents(&document_at(rows, from)?, &document_at(rows, to)?, true);
    let mut counts = DiffCounts::default();
    for u in &units {
        match u.status {
            "added" => counts.added += 1,
            "removed" => counts.removed += 1,
            "changed" => counts.changed += 1,
            "readdressed" => counts.readdressed += 1,
            _ => counts.unchanged += 1,
        }
    }
    if !include_unchanged {
        units.retain(|u| u.status != "unchanged");
    }
    Ok(DocumentDiff { counts, units })
}

fn whole(op: &'static str, text: &str) -> Vec<DiffOp> {
    if text.is_empty() {
        return Vec::new();
    }
    vec![DiffOp {
        op,
        text: text.to_string(),
    }]
}

fn added(u: &StoredUnit) -> UnitDiff {
    UnitDiff {
        status: "added",
        unit_id: u.id.clone(),
        address_from: None,
        address_to: Some(u.canonical_address.clone()),
        section_type: u.section_type.clone(),
        heading: whole("insert", u.heading.as_deref().unwrap_or("")),
        body: whole("insert", &u.body),
    }
}

fn removed(u: &StoredUnit) -> UnitDiff {
    UnitDiff {
        status: "removed",
        unit_id: u.id.clone(),
        address_from: Some(u.canonical_address.clone()),
        address_to: None,
        section_type: u.section_type.clone(),
        heading: whole("delete", u.heading.as_deref().unwrap_or("")),
        body: whole("delete", &u.body),
    }
}

fn compared(old: &StoredUnit, new: &StoredUnit, include_unchanged: bool) -> Option<UnitDiff> {
    let text_changed = old.heading != new.heading || old.body != new.body;
    let status = if text_changed {
        "changed"
    } else if old.canonical_address != new.canonical_address {
        "readdressed"
    } else if include_unchanged {
        "unchanged"
    } else {
        return None;
    };
    let (heading, body) = if text_changed {
        (
            diff_words(
                old.heading.as_deref().unwrap_or(""),
                new.heading.as_deref().unwrap_or(""),
            ),
            diff_words(&old.body, &new.body),
        )
    } else {
        (
            whole("equal", new.heading.as_deref().unwrap_or("")),
            whole("equal", &new.body),
        )
    };
    Some(UnitDiff {
        status,
        unit_id: new.id.clone(),
        address_from: Some(old.canonical_address.clone()),
        address_to: Some(new.canonical_address.clone()),
        section_type: new.section_type.clone(),
        heading,
        body,
    })
}
