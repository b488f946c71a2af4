//! The CUT's own look at a crosswalk. The preview checked its rows against the alias rows
//! stored then; another crosswalk (or a cut) may have stored conflicting rows before this
//! one's CUT — one old address sent to another unit over the same window. So the CUT builds
//! the alias index again, over the units and alias rows stored now plus the manifest's, and
//! refuses when it does not build: resolution would be ambiguous.

use crate::change::gate::Gate;
use crate::change::manifest::Manifest;
use crate::store::alias::{AliasIndex, AliasKind, AliasRow, UnitRef};
use crate::store::unit::{StoredAlias, StoredUnit};
use crate::text::timestamp::Timestamp;

/// Gate `crosswalk-aliases-resolve`: the alias index over `units` (the document's, as stored
/// now), `aliases_now` (its alias rows as stored now) and the crosswalk's new rows builds.
/// A manifest without a crosswalk passes.
pub fn crosswalk_gate(
    manifest: &Manifest,
    units: &[StoredUnit],
    aliases_now: &[StoredAlias],
) -> Gate {
    let new: Vec<&StoredAlias> = manifest
        .envelope
        .alias_repairs
        .iter()
        .filter_map(|r| r.after.as_ref())
        .collect();
    let refs: Vec<UnitRef> = units
        .iter()
        .map(|u| UnitRef {
            id: u.id.clone(),
            canonical_address: u.canonical_address.clone(),
            lifecycle_status: u.lifecycle_status,
            retired_at: None,
            live_from: None,
        })
        .collect();
    let known: std::collections::HashSet<&str> = units.iter().map(|u| u.id.as_str()).collect();
    // A stored row the index cannot read, or one pointing outside the document, is VERIFY's
    // business (drift), not this crosswalk's; the new rows always count.
    let stored = aliases_now
        .iter()
        .filter(|a| {
            a.target_unit_id
                .as_deref()
                .is_none_or(|t| known.contains(t))
        })
        .filter_map(index_row);
    let mut rows: Vec<AliasRow> = stored.collect();
    let mut unreadable = Vec::new();
    for a in &new {
        match index_row(a) {
            Some(row) => rows.push(row),
            None => unreadable.push(a.alias_id.as_str()),
        }
    }
    let n = new.len();
    if !unreadable.is_empty() {
        return Gate::check(
            "crosswalk-aliases-resolve",
            false,
            format!(
                "the manifest's alias rows {} have no readable kind or window",
                unreadable.join(", ")
            ),
        );
    }
    // One address, one meaning at a time (the preview's rule, over the rows stored now).
    let clashes: Vec<String> = rows
        .iter()
        .filter(|n| new.iter().any(|a| a.alias_id == n.alias_id))
        .filter_map(|n| {
            let o = rows.iter().find(|o| {
                o.alias_id != n.alias_id
                    && o.alias_text == n.alias_text
                    && match (&o.target_unit_id, &n.target_unit_id) {
                        (Some(ot), Some(nt)) => clash(
                            (ot, o.alias_kind, o.valid_from, o.valid_until),
                            (nt, n.alias_kind, n.valid_from, n.valid_until),
                        ),
                        _ => false,
                    }
            })?;
            Some(format!(
                "{} (alias {}) and alias {} send it to different units over one window",
                n.alias_text, n.alias_id, o.alias_id
            ))
        })
        .collect();
    if !clashes.is_empty() {
        return Gate::check(
            "crosswalk-aliases-resolve",
            false,
            format!(
                "with the alias rows stored since the crosswalk was planned, {} of its {n} row(s) clash: {}; preview the crosswalk again to see the rows at fault",
                clashes.len(),
                clashes.join("; ")
            ),
        );
    }
    match AliasIndex::from_rows(refs, rows) {
        Ok(_) => Gate::check(
            "crosswalk-aliases-resolve",
            true,
            format!("the {n} alias row(s) of the crosswalk resolve together with the {} stored now", aliases_now.len()),
        ),
        Err(e) => Gate::check(
            "crosswalk-aliases-resolve",
            false,
            format!(
                "with the alias rows stored since the crosswalk was planned, its {n} row(s) would not resolve: {e}; preview the crosswalk again to see the rows at fault"
            ),
        ),
    }
}

/// A stored alias row as the alias index reads it; `None` when its kind or window is unreadable.
pub(super) fn index_row(a: &StoredAlias) -> Option<AliasRow> {
    Some(AliasRow {
        alias_id: a.alias_id.clone(),
        target_unit_id: a.target_unit_id.clone(),
        alias_text: a.alias_text.clone(),
        alias_kind: serde_json::from_value::<AliasKind>(serde_json::Value::String(
            a.alias_kind.clone(),
        ))
        .ok()?,
        valid_from: instant(&a.valid_from)?,
        valid_until: match &a.valid_until {
            serde_json::Value::Null => None,
            v => Some(instant(v)?),
        },
    })
}

/// A stored timestamp: RFC 3339 text (a time without an offset is UTC, as SQLite stores it)
/// or epoch milliseconds.
pub(super) fn instant(v: &serde_json::Value) -> Option<Timestamp> {
    match v {
        serde_json::Value::String(s) => Timestamp::parse_rfc3339(s)
            .or_else(|_| Timestamp::parse_rfc3339(&format!("{s}Z")))
            .ok(),
        serde_json::Value::Number(n) => n.as_i64().map(Timestamp),
        _ => None,
    }
}

/// One address, one meaning at a time: two rows of one old address (target, kind, window)
/// clash when their windows overlap and they name different units, unless both split it.
pub(super) fn clash(
    a: (&str, AliasKind, Timestamp, Option<Timestamp>),
    b: (&str, AliasKind, Timestamp, Option<Timestamp>),
) -> bool {
    a.0 != b.0
        && !(a.1 == AliasKind::Split && b.1 == AliasKind::Split)
        && overlaps((a.2, a.3), (b.2, b.3))
}

/// Half-open windows `[from, until)`; `None` is open-ended.
fn overlaps(a: (Timestamp, Option<Timestamp>), b: (Timestamp, Option<Timestamp>)) -> bool {
    a.1.is_none_or(|until| b.0 < until) && b.1.is_none_or(|until| a.0 < until)
}
