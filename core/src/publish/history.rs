//! History: a document and its units as they stood at any moment, rebuilt from the ledger.
//!
//! Every CUT records, per unit it touches, the image it left the unit in
//! (`cut_change_set_affected_row.after_image`), and every manifest says when its change
//! takes effect (`manifest_envelope.effective_from`). So the ledger alone answers "what did
//! the text say on date D", with no copy of old text kept anywhere else.
//!
//! **The rule (point in time).** The state at instant `at` is, for each unit, the image of
//! the last row — in ledger order — among the change sets whose `effective_from` ≤ `at`.
//! A unit with no such row did not exist yet; a last image of `null` (a rollback removed
//! it) means it no longer exists; a `retired` image means it is no longer in force, and is
//! left out of the text. Ledger order, not effective date, breaks ties between change sets
//! in force at `at`: each after-image was planned against the store the one before it left,
//! so the later-recorded image is the newer text even when it was made retroactive.
//!
//! A unit's **versions** ([`unit_history`]) are the images its change sets wrote, each
//! valid from its change set's `effective_from` until the next version's (half-open, like
//! alias windows). `confirm` rows (a scoped cut checked the unit, nothing changed) are not
//! versions.
//!
//! Rows that incidents disowned are left out by the caller, as for every reader that
//! decides a state.

use crate::text::report::Report;
use std::collections::HashMap;

mod diff;
mod undo;
mod versions;

pub use diff::{
    diff_documents, diff_words, document_diff, DiffCounts, DiffOp, DocumentDiff, UnitDiff,
};
pub use undo::{undone_change_sets, Undone, UndoneUnit};
pub use versions::{change_set_at, unit_history, version_at, ChangeSetMark, UnitVersion};

use serde::{Deserialize, Serialize};

use crate::ledger::drift::image;
use crate::store::unit::{document_order_by, LifecycleStatus, StoredUnit};
use crate::text::timestamp::Timestamp;

/// One `cut_change_set_affected_row` of a unit, with what the change set and its manifest
/// say about it. Alias rows (`alias-create`, `alias-remove`) are not given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LedgerImage {
    /// The affected row's place in the ledger: the order images are applied in.
    #[serde(deserialize_with = "crate::ledger::checkpoint::json_u64")]
    pub ledger_seq: u64,
    pub change_set: String,
    pub entry: String,
    /// `create`, `update`, `readdress`, `promote`, `retire`, `confirm`, `remove`.
    pub action: String,
    pub unit_id: String,
    /// The manifest's `effective_from` (RFC 3339, or a bare date).
    pub effective_from: String,
    /// When the change set was written (the ledger's `recorded_at`), shown, never compared.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub recorded_at: Option<String>,
    /// The unit before and after; `null` when the change created or removed it. Objects
    /// or their stored JSON text.
    #[serde(default, deserialize_with = "image")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub before_image: Option<StoredUnit>,
    #[serde(default, deserialize_with = "image")]
    pub after_image: Option<StoredUnit>,
    /// The amending provisions behind the change (`57-2024-qh15/dieu-4/khoan-1`), when an
    /// amending law made it.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub amended_by: Vec<String>,
}

/// Why a history question cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    #[error("{field}: \"{value}\" is not a date or an RFC 3339 date-time ({reason})")]
    BadInstant {
        field: String,
        value: String,
        reason: String,
    },
    #[error("the rows of one unit's history name two units: {first} and {other}")]
    MixedUnits { first: String, other: String },
}

impl Report for HistoryError {
    fn code(&self) -> &'static str {
        match self {
            HistoryError::BadInstant { .. } => "IU_BAD_INSTANT",
            HistoryError::MixedUnits { .. } => "IU_MIXED_UNITS",
        }
    }

    fn hint(&self) -> String {
        match self {
            HistoryError::BadInstant { .. } => {
                "Give a date such as 2025-07-01 or a date-time with its offset, such as 2025-07-01T00:00:00+07:00.".into()
            }
            HistoryError::MixedUnits { .. } => {
                "Pass the ledger rows of one unit_id at a time.".into()
            }
        }
    }
}

/// An instant given by a caller or stored in the ledger, read as the alias windows are.
/// A time without an offset is read as UTC, as SQLite stores one.
pub fn instant(field: &str, value: &str) -> Result<Timestamp, HistoryError> {
    Timestamp::parse_rfc3339(value)
        .or_else(|first| Timestamp::parse_rfc3339(&format!("{value}Z")).map_err(|_| first))
        .map_err(|e| HistoryError::BadInstant {
            field: field.into(),
            value: value.into(),
            reason: e.to_string(),
        })
}

/// The units of a document as they stood at `at`, in document order (the tree's:
/// [`crate::store::unit::stored_document_order`], which reads images of either meaning of
/// `position`): the last image, in ledger order, of every change set in force at `at`,
/// retired and removed units left out. `rows` may come in any order.
pub fn document_at(rows: &[LedgerImage], at: Timestamp) -> Result<Vec<StoredUnit>, HistoryError> {
    let mut last: HashMap<&str, (u64, Option<&StoredUnit>)> = HashMap::new();
    for row in rows {
        if row.action == "confirm" || instant("effective_from", &row.effective_from)? > at {
            continue;
        }
        let slot = last.entry(row.unit_id.as_str()).or_insert((0, None));
        if row.ledger_seq >= slot.0 {
            *slot = (row.ledger_seq, row.after_image.as_ref());
        }
    }
    // Ordered with the retired ones, so a live unit under a retired one stays in its place.
    let images: Vec<&StoredUnit> = last.into_values().filter_map(|(_, image)| image).collect();
    let by_id: HashMap<&str, usize> = images
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    // Ties (a position shared by siblings) fall to the address, as before: ids are not shown.
    let order = document_order_by(
        images.len(),
        |i| {
            images[i]
                .parent
                .as_deref()
                .and_then(|p| by_id.get(p).copied())
        },
        |i| (images[i].position, images[i].canonical_address.as_str()),
    );
    Ok(order
        .into_iter()
        .map(|i| images[i])
        .filter(|u| u.lifecycle_status != LifecycleStatus::Retired)
        .cloned()
        .collect())
}

#[cfg(test)]
mod tests;
