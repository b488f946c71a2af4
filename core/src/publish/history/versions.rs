//! A unit's versions: the distinct states the point-in-time rule gives it as time runs on.

use serde::{Deserialize, Serialize};

use super::{instant, HistoryError, LedgerImage};
use crate::store::unit::{LifecycleStatus, StoredUnit};
use crate::text::timestamp::Timestamp;

/// One version of a unit: the state [`document_at`](super::document_at) gives it from
/// `valid_from` until `valid_until` (half-open; `None`: still in force), and the ledger row
/// that put it there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitVersion {
    /// 1-based, oldest first.
    pub version: usize,
    /// The `effective_from` of the change set that made this version, as the ledger holds it.
    pub valid_from: String,
    /// The next version's `valid_from`; `None` while this version is the last.
    pub valid_until: Option<String>,
    pub ledger_seq: u64,
    pub change_set: String,
    pub entry: String,
    /// The affected row's action (`create`, `update`, `readdress`, `retire`, `remove`, …).
    pub action: String,
    pub recorded_at: Option<String>,
    /// `in-force`, `retired` (no longer in force, text kept) or `removed` (a rollback took
    /// the unit out: no text).
    pub state: &'static str,
    pub lifecycle_status: Option<LifecycleStatus>,
    /// The unit's address, heading, body and content hash in this version; `None` when removed.
    pub canonical_address: Option<String>,
    pub heading: Option<String>,
    pub body: Option<String>,
    pub content_sha256: Option<String>,
    /// The amending provisions behind the change, when an amending law made it.
    pub amended_by: Vec<String>,
    /// The whole image (`None` when removed): what `document_at` gives inside the window, but
    /// for `position`, which may change inside a version (the newest is kept).
    #[serde(skip)]
    pub image: Option<StoredUnit>,
}

/// Every version of one unit, oldest first, from that unit's ledger rows (any order).
///
/// The state at an instant `t` is the image of the row with the highest `ledger_seq` among
/// the rows in force at `t` (`confirm` rows ignored) — the rule of
/// [`document_at`](super::document_at). Sweeping `t` over the distinct effective instants,
/// a version starts wherever that state changes (a change of `position` alone is no new
/// version: see the loop). A row that never wins (a later-recorded
/// row took effect earlier and overrides it) is no version; a unit whose first state in
/// force is "removed" has no version until it exists.
pub fn unit_history(rows: &[LedgerImage]) -> Result<Vec<UnitVersion>, HistoryError> {
    let mut timed: Vec<(Timestamp, &LedgerImage)> = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(first) = rows.first() {
            if row.unit_id != first.unit_id {
                return Err(HistoryError::MixedUnits {
                    first: first.unit_id.clone(),
                    other: row.unit_id.clone(),
                });
            }
        }
        if row.action == "confirm" {
            continue;
        }
        timed.push((instant("effective_from", &row.effective_from)?, row));
    }
    // By instant; within one instant the highest ledger_seq last, so it wins.
    timed.sort_by_key(|(t, row)| (*t, row.ledger_seq));

    let mut versions: Vec<UnitVersion> = Vec::new();
    // The row in force so far: the highest ledger_seq among rows already swept.
    let mut winner: Option<&LedgerImage> = None;
    let mut i = 0;
    while i < timed.len() {
        let t = timed[i].0;
        while i < timed.len() && timed[i].0 == t {
            let row = timed[i].1;
            if winner.is_none_or(|w| row.ledger_seq >= w.ledger_seq) {
                winner = Some(row);
            }
            i += 1;
        }
        let Some(row) = winner else { continue };
        let state = row.after_image.as_ref();
        // Same image, same state: a change set that rewrote the unit unchanged is no version.
        // Nor is a new position alone: a sibling inserted or removed before the unit, or the
        // move to sibling positions (issue 30), changes its place, not the unit. The version
        // then holds the newest image, position included.
        let changed = match versions.last_mut() {
            None => state.is_some(),
            Some(last) if same_but_position(last.image.as_ref(), state) => {
                last.image = state.cloned();
                false
            }
            Some(last) => last.image.as_ref() != state,
        };
        if changed {
            if let Some(last) = versions.last_mut() {
                last.valid_until = Some(row.effective_from.clone());
            }
            versions.push(version_of(versions.len() + 1, row));
        }
    }
    Ok(versions)
}

// Whether two states differ in `position` at most.
fn same_but_position(a: Option<&StoredUnit>, b: Option<&StoredUnit>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a == &StoredUnit {
                position: a.position,
                ..b.clone()
            }
        }
        _ => false,
    }
}

fn version_of(version: usize, row: &LedgerImage) -> UnitVersion {
    let image = row.after_image.as_ref();
    let state = match image {
        None => "removed",
        Some(u) if u.lifecycle_status == LifecycleStatus::Retired => "retired",
        Some(_) => "in-force",
    };
    UnitVersion {
        version,
        valid_from: row.effective_from.clone(),
        valid_until: None,
        ledger_seq: row.ledger_seq,
        change_set: row.change_set.clone(),
        entry: row.entry.clone(),
        action: row.action.clone(),
        recorded_at: row.recorded_at.clone(),
        state,
        lifecycle_status: image.map(|u| u.lifecycle_status),
        canonical_address: image.map(|u| u.canonical_address.clone()),
        heading: image.and_then(|u| u.heading.clone()),
        body: image.map(|u| u.body.clone()),
        content_sha256: image.map(|u| u.content_sha256.clone()),
        amended_by: row.amended_by.clone(),
        image: image.cloned(),
    }
}

/// A change set as the history names it: which one, and from when it is in force. Other
/// fields of a change set row are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeSetMark {
    #[serde(deserialize_with = "crate::ledger::checkpoint::json_u64")]
    pub ledger_seq: u64,
    pub change_set: String,
    pub entry: String,
    pub effective_from: String,
}

/// The newest change set in force at `at` (the highest `ledger_seq` among those whose
/// `effective_from` ≤ `at`, as for the images): the version of the document at `at`.
pub fn change_set_at(
    sets: &[ChangeSetMark],
    at: Timestamp,
) -> Result<Option<&ChangeSetMark>, HistoryError> {
    let mut newest: Option<&ChangeSetMark> = None;
    for set in sets {
        if instant("effective_from", &set.effective_from)? > at {
            continue;
        }
        if newest.is_none_or(|n| set.ledger_seq > n.ledger_seq) {
            newest = Some(set);
        }
    }
    Ok(newest)
}

/// The version in force at `at` (its window holds `at`), by its `version` number; `None`
/// before the first version, or when `at` falls where the unit was removed.
pub fn version_at(versions: &[UnitVersion], at: Timestamp) -> Result<Option<usize>, HistoryError> {
    let mut found = None;
    for v in versions {
        if instant("valid_from", &v.valid_from)? <= at {
            found = Some(v);
        }
    }
    Ok(found.filter(|v| v.state != "removed").map(|v| v.version))
}
