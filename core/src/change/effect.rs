//! What a manifest block does to its unit, as a reviewer reads it: text replaced, moved under
//! another parent, readdressed, … or only shifted among its siblings (`position` alone), the
//! block a later sibling gets when a unit is added or removed before it. Review pages count
//! blocks by this and by section type ("3 khoản replaced, 2 điểm removed") and fold the
//! position-only ones into one line, so the rule is stated once here, from the block's
//! action and its `changed` columns (which [`crate::change::manifest::Manifest::check`] holds to the
//! images).

use crate::change::manifest::{Action, Column, UnitBlock};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What changes for the unit, the first that applies in this order: a unit that is added,
/// removed, promoted or confirmed is that; otherwise a change of text (heading, body, section
/// type) is `Replaced` whatever else moves with it, then a new parent is `Moved`, a new
/// address `Readdressed`, a new lifecycle status or authority `Status`, and `position` alone
/// `PositionOnly`. Declaration order is the order a summary lists them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Replaced,
    Moved,
    Readdressed,
    Removed,
    Promoted,
    Status,
    /// Any other column set (an ordinal alone, say): listed as a change, never folded.
    Changed,
    /// Only `position`: the unit keeps its text, parent and address and shifts among its siblings.
    PositionOnly,
    /// A confirm block: the unit is checked and left as it is.
    Confirmed,
}

/// The kind of a block with `action` that changes `changed` (a block's `changed` list).
pub fn change_kind(action: Action, changed: &[Column]) -> ChangeKind {
    match action {
        Action::Create => return ChangeKind::Added,
        Action::Retire | Action::Remove => return ChangeKind::Removed,
        Action::Promote => return ChangeKind::Promoted,
        Action::Confirm => return ChangeKind::Confirmed,
        Action::Update | Action::Readdress => {}
    }
    let has = |c: Column| changed.contains(&c);
    if has(Column::Heading)
        || has(Column::Body)
        || has(Column::ContentSha256)
        || has(Column::SectionType)
    {
        ChangeKind::Replaced
    } else if has(Column::Parent) || has(Column::Document) {
        ChangeKind::Moved
    } else if has(Column::CanonicalAddress) || action == Action::Readdress {
        ChangeKind::Readdressed
    } else if has(Column::LifecycleStatus) || has(Column::Authority) {
        ChangeKind::Status
    } else if changed == [Column::Position] {
        ChangeKind::PositionOnly
    } else {
        ChangeKind::Changed
    }
}

impl UnitBlock {
    /// See [`change_kind`].
    pub fn change_kind(&self) -> ChangeKind {
        change_kind(self.action(), self.changed())
    }
}

/// A block as a summary reads it: its action, its `changed` columns and its unit's section type.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BlockChange {
    pub action: Action,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub changed: Vec<Column>,
    pub section_type: String,
}

/// How many blocks of one section type change in one way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeCount {
    pub change: ChangeKind,
    pub section_type: String,
    pub count: usize,
}

/// The blocks counted by kind and section type, and which of them change only `position`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Changes {
    /// In [`ChangeKind`] order, then by section type in order of first appearance (the
    /// manifest's, so the document's outer units come first).
    pub changes: Vec<ChangeCount>,
    /// The indices (in `blocks`) of the [`ChangeKind::PositionOnly`] blocks: the pages fold them.
    pub position_only: Vec<usize>,
}

/// See [`Changes`]. `changed` of a create or remove block is ignored (every column).
pub fn count_changes(blocks: &[BlockChange]) -> Changes {
    let mut first_seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut counts: BTreeMap<(ChangeKind, usize), (&str, usize)> = BTreeMap::new();
    let mut position_only = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let seen = first_seen.len();
        let at = *first_seen.entry(b.section_type.as_str()).or_insert(seen);
        let kind = change_kind(b.action, &b.changed);
        if kind == ChangeKind::PositionOnly {
            position_only.push(i);
        }
        counts
            .entry((kind, at))
            .or_insert((b.section_type.as_str(), 0))
            .1 += 1;
    }
    Changes {
        changes: counts
            .into_iter()
            .map(|((change, _), (section_type, count))| ChangeCount {
                change,
                section_type: section_type.to_string(),
                count,
            })
            .collect(),
        position_only,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(action: Action, changed: &[Column], section_type: &str) -> BlockChange {
        BlockChange {
            action,
            changed: changed.to_vec(),
            section_type: section_type.into(),
        }
    }

    #[test]
    fn position_alone_is_the_only_position_only_change() {
        assert_eq!(
            change_kind(Action::Update, &[Column::Position]),
            ChangeKind::PositionOnly
        );
        // With anything else it is that other change: the unit is listed.
        assert_eq!(
            change_kind(
                Action::Update,
                &[Column::Body, Column::ContentSha256, Column::Position]
            ),
            ChangeKind::Replaced
        );
        assert_eq!(
            change_kind(Action::Update, &[Column::Parent, Column::Position]),
            ChangeKind::Moved
        );
        assert_eq!(
            change_kind(
                Action::Readdress,
                &[Column::Ordinal, Column::Position, Column::CanonicalAddress]
            ),
            ChangeKind::Readdressed
        );
        assert_eq!(
            change_kind(Action::Update, &[Column::Position, Column::LifecycleStatus]),
            ChangeKind::Status
        );
        assert_eq!(
            change_kind(Action::Update, &[Column::Ordinal]),
            ChangeKind::Changed
        );
        assert_eq!(change_kind(Action::Update, &[]), ChangeKind::Changed);
    }

    #[test]
    fn the_action_decides_first() {
        // A create and a remove change every column; a retire changes lifecycle (and maybe position).
        assert_eq!(
            change_kind(Action::Create, &[Column::Position]),
            ChangeKind::Added
        );
        assert_eq!(
            change_kind(Action::Retire, &[Column::LifecycleStatus, Column::Position]),
            ChangeKind::Removed
        );
        assert_eq!(change_kind(Action::Remove, &[]), ChangeKind::Removed);
        assert_eq!(
            change_kind(Action::Promote, &[Column::Authority]),
            ChangeKind::Promoted
        );
        assert_eq!(change_kind(Action::Confirm, &[]), ChangeKind::Confirmed);
    }

    #[test]
    fn counts_by_kind_then_section_type_in_first_appearance() {
        let counts = count_changes(&[
            block(Action::Update, &[Column::Position], "khoan"),
            block(
                Action::Update,
                &[Column::Body, Column::ContentSha256],
                "khoan",
            ),
            block(Action::Create, &[], "diem"),
            block(
                Action::Update,
                &[Column::Body, Column::ContentSha256],
                "dieu",
            ),
            block(
                Action::Update,
                &[Column::Body, Column::ContentSha256],
                "khoan",
            ),
            block(Action::Retire, &[Column::LifecycleStatus], "diem"),
            block(Action::Update, &[Column::Position], "diem"),
        ]);
        assert_eq!(counts.position_only, vec![0, 6]);
        let got: Vec<(ChangeKind, &str, usize)> = counts
            .changes
            .iter()
            .map(|c| (c.change, c.section_type.as_str(), c.count))
            .collect();
        assert_eq!(
            got,
            vec![
                (ChangeKind::Added, "diem", 1),
                (ChangeKind::Replaced, "khoan", 2),
                (ChangeKind::Replaced, "dieu", 1),
                (ChangeKind::Removed, "diem", 1),
                (ChangeKind::PositionOnly, "khoan", 1),
                (ChangeKind::PositionOnly, "diem", 1),
            ]
        );
    }

    #[test]
    fn reads_the_blocks_of_a_manifest_as_json() {
        let blocks: Vec<BlockChange> =
            serde_json::from_str(r#"[{"action":"update","changed":["position"],"section_type":"dieu","extra":1},{"action":"create","section_type":"dieu"}]"#).unwrap();
        assert_eq!(
            blocks
                .iter()
                .map(|b| change_kind(b.action, &b.changed))
                .collect::<Vec<_>>(),
            vec![ChangeKind::PositionOnly, ChangeKind::Added]
        );
    }
}
