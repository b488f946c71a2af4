//! Which change sets a planned manifest would undo.
//!
//! A preview plans from a text. When that text is older than the store's last change set (an
//! editor's copy from before an amendment, a repair, a rollback or a crosswalk was cut), the
//! plan sets units back to what those change sets replaced: it undoes them, and every gate
//! passes, since the blocks' before-images are the store's (issue 31, item 5). This module
//! names such change sets, so the preview can show them and the submit can refuse them
//! unless the editor acknowledges each one.
//!
//! A block undoes the change set that last changed its unit (the unit's last ledger row that
//! is not a `confirm`) when it sets back what that change set changed:
//! - its unit's content, address, parent, place or state goes from what that change set
//!   wrote back to what it found (a retire of a unit it revived, a revival of one it retired,
//!   the heading and body it replaced);
//! - or it retires (or removes) a unit that change set created, unless that change set is the
//!   document's first: the state before it is an empty document, which no text sets back, so
//!   retiring a unit of the first CUT is an edit of the text, not an undo.
//!
//! Only the last change of each unit counts: a text that undoes an older change undid the
//! later ones first, and those are named.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::LedgerImage;
use crate::change::manifest::UnitBlock;
use crate::store::unit::StoredUnit;

/// One change set a manifest would undo, with the units it would set back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Undone {
    pub change_set: String,
    pub entry: String,
    /// When the change set was written, as the ledger has it.
    pub recorded_at: Option<String>,
    pub units: Vec<UndoneUnit>,
}

/// A unit a manifest's block sets back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UndoneUnit {
    pub unit_id: String,
    pub canonical_address: String,
    /// The block's action (`update`, `retire`, `readdress` …).
    pub action: &'static str,
    /// What it sets back: `content`, `address`, `parent`, `position`, `state` (a revival or a
    /// retirement undone), or `created` (a unit the change set created, retired again).
    pub sets_back: Vec<&'static str>,
}

/// The change sets `blocks` would undo, in ledger order (`rows`: every image the document's
/// owned change sets wrote, as `history-rows.ts` loads them).
pub fn undone_change_sets(blocks: &[UnitBlock], rows: &[LedgerImage]) -> Vec<Undone> {
    // The last change of each unit.
    let mut last: HashMap<&str, &LedgerImage> = HashMap::new();
    for row in rows.iter().filter(|r| r.action != "confirm") {
        match last.get(row.unit_id.as_str()) {
            Some(seen) if seen.ledger_seq > row.ledger_seq => {}
            _ => {
                last.insert(row.unit_id.as_str(), row);
            }
        }
    }
    let first = rows
        .iter()
        .min_by_key(|r| r.ledger_seq)
        .map(|r| r.change_set.as_str());
    let mut found: BTreeMap<u64, Undone> = BTreeMap::new();
    for block in blocks {
        let Some(row) = last.get(block.unit_id()) else {
            continue;
        };
        let mut sets_back = sets_back(block, row);
        if Some(row.change_set.as_str()) == first {
            sets_back.retain(|s| *s != "created");
        }
        if sets_back.is_empty() {
            continue;
        }
        let undone = found
            .entry(first_seq(rows, &row.change_set))
            .or_insert_with(|| Undone {
                change_set: row.change_set.clone(),
                entry: row.entry.clone(),
                recorded_at: row.recorded_at.clone(),
                units: Vec::new(),
            });
        undone.units.push(UndoneUnit {
            unit_id: block.unit_id().to_owned(),
            canonical_address: block.image().canonical_address.clone(),
            action: block.action().as_str(),
            sets_back,
        });
    }
    found.into_values().collect()
}

// The ledger order of a change set: its first row's.
fn first_seq(rows: &[LedgerImage], change_set: &str) -> u64 {
    rows.iter()
        .filter(|r| r.change_set == change_set)
        .map(|r| r.ledger_seq)
        .min()
        .unwrap_or(u64::MAX)
}

// What `block` sets back of what `row` changed (empty: nothing).
fn sets_back(block: &UnitBlock, row: &LedgerImage) -> Vec<&'static str> {
    let retires = matches!(block, UnitBlock::Retire(_) | UnitBlock::Remove(_));
    let (Some(found), Some(wrote)) = (row.before_image.as_ref(), row.after_image.as_ref()) else {
        // The change set created the unit (no image before): retiring it undoes that.
        return if retires && row.before_image.is_none() && row.after_image.is_some() {
            vec!["created"]
        } else {
            Vec::new()
        };
    };
    let (Some(from), Some(to)) = (block.before(), block.after()) else {
        return Vec::new();
    };
    type Field = (&'static str, fn(&StoredUnit) -> String);
    let fields: [Field; 5] = [
        ("content", |u| u.content_sha256.clone()),
        ("address", |u| u.canonical_address.clone()),
        ("parent", |u| u.parent.clone().unwrap_or_default()),
        ("position", |u| u.position.to_string()),
        ("state", |u| format!("{:?}", u.lifecycle_status)),
    ];
    fields
        .iter()
        .filter(|(_, f)| f(found) != f(wrote) && f(from) == f(wrote) && f(to) == f(found))
        .map(|(name, _)| *name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::manifest::Change;
    use crate::store::unit::{Authority, LifecycleStatus};

    fn unit(id: &str, body: &str, status: LifecycleStatus) -> StoredUnit {
        StoredUnit {
            id: id.into(),
            document: "d".into(),
            section_type: "dieu".into(),
            parent: None,
            ordinal: "1".into(),
            heading: None,
            body: body.into(),
            content_sha256: crate::store::unit::content_sha256(None, body),
            position: 1,
            canonical_address: format!("doc/dieu-{id}"),
            canonical_address_format_version: "1".into(),
            lifecycle_status: status,
            authority: Authority::Enacted,
        }
    }

    fn row(
        seq: u64,
        cs: &str,
        before: Option<StoredUnit>,
        after: Option<StoredUnit>,
    ) -> LedgerImage {
        let id = after
            .as_ref()
            .or(before.as_ref())
            .map(|u| u.id.clone())
            .unwrap_or_default();
        LedgerImage {
            ledger_seq: seq,
            change_set: cs.into(),
            entry: format!("entry-{cs}"),
            action: match (&before, &after) {
                (None, _) => "create".into(),
                _ => "update".into(),
            },
            unit_id: id,
            effective_from: "2025-01-01".into(),
            recorded_at: None,
            before_image: before,
            after_image: after,
            amended_by: Vec::new(),
        }
    }

    fn change(before: StoredUnit, after: StoredUnit) -> Change {
        serde_json::from_value(serde_json::json!({
            "unit_id": before.id,
            "before_sha256": "0".repeat(64),
            "after_sha256": "0".repeat(64),
            "changed": [],
            "aliases": [],
            "before": before,
            "after": after,
        }))
        .expect("a change")
    }

    #[test]
    fn setting_back_the_content_an_amendment_replaced_undoes_it_and_nothing_else_does() {
        use LifecycleStatus::Active;
        let rows = vec![
            row(1, "first", None, Some(unit("1", "old", Active))),
            row(2, "first", None, Some(unit("2", "kept", Active))),
            row(
                3,
                "amendment",
                Some(unit("1", "old", Active)),
                Some(unit("1", "new", Active)),
            ),
            row(4, "amendment", None, Some(unit("3", "inserted", Active))),
        ];
        let back = UnitBlock::Update(change(unit("1", "new", Active), unit("1", "old", Active)));
        let retire_inserted = UnitBlock::Retire(change(
            unit("3", "inserted", Active),
            unit("3", "inserted", LifecycleStatus::Retired),
        ));
        let undone = undone_change_sets(&[back, retire_inserted], &rows);
        assert_eq!(undone.len(), 1);
        assert_eq!(undone[0].change_set, "amendment");
        assert_eq!(undone[0].units.len(), 2);
        assert_eq!(undone[0].units[0].sets_back, vec!["content"]);
        assert_eq!(undone[0].units[1].sets_back, vec!["created"]);

        // A new wording (not the replaced one) undoes nothing; nor does retiring a unit the
        // document's first CUT created (an edit of the text).
        let other = UnitBlock::Update(change(unit("1", "new", Active), unit("1", "newer", Active)));
        let retire_first = UnitBlock::Retire(change(
            unit("2", "kept", Active),
            unit("2", "kept", LifecycleStatus::Retired),
        ));
        assert!(undone_change_sets(&[other, retire_first], &rows).is_empty());
    }
}
