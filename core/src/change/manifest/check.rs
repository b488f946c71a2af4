//! [`Manifest::check`]: that a manifest is what the planner would have written.

use std::collections::{HashMap, HashSet};

use super::order::TreeOrder;
use super::{
    changed_columns, count, is_known_format, is_promotion, unit_image_sha256, Action, Column,
    Manifest, ManifestError, UnitBlock, FORMAT, FORMAT_V1,
};
use crate::store::unit::{LifecycleStatus, StoredUnit};

impl Manifest {
    /// Checks that the manifest is what the planner (or [`crate::change::rollback::rollback`])
    /// would have written: each block's hashes are those of its images, its unit belongs
    /// to the envelope's document (and scope, when the envelope has one), its `changed`
    /// list and action fit its images, no unit appears twice, the blocks are sorted and
    /// the counts count them. Equal images are a `confirm` and nothing else; a `remove`
    /// appears only in a rollback.
    pub fn check(&self) -> Result<(), ManifestError> {
        self.check_with(false)
    }

    /// [`Manifest::check`]; `images_hashed`: every block's image hashes were already found
    /// equal to its images (as [`super::PartsReader`] checks them while it reads), so they are not
    /// computed again. The refusal is the same either way: a reader that found a mismatch
    /// asks for the whole check, which names the first problem in block order.
    pub(super) fn check_with(&self, images_hashed: bool) -> Result<(), ManifestError> {
        if !is_known_format(&self.envelope.format) {
            return Err(ManifestError::UnsupportedFormat {
                found: self.envelope.format.clone(),
            });
        }
        let v1 = self.envelope.format == FORMAT_V1;
        let mut tree = TreeOrder::new(&self.blocks);
        let scope: Option<HashSet<&str>> = self
            .envelope
            .scope
            .as_ref()
            .map(|s| s.iter().map(String::as_str).collect());
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (index, block) in self.blocks.iter().enumerate() {
            let unit_id = block.unit_id();
            if let Some(first) = seen.insert(unit_id, index) {
                return Err(ManifestError::DuplicateUnit {
                    index,
                    first,
                    unit_id: unit_id.into(),
                });
            }
            self.check_block_order(index, block, v1, &mut tree)?;
            check_image_hashes(index, block, images_hashed)?;
            check_changed(index, block)?;
            self.check_unit_place(index, block, scope.as_ref())?;
            self.check_action(index, block)?;
        }
        self.check_alias_repairs()?;
        self.check_counts()
    }

    // In a v1 manifest, after the block before it by (position, action, unit id); in v2, in the
    // document order the blocks alone show (see [`TreeOrder`]).
    fn check_block_order<'a>(
        &'a self,
        index: usize,
        block: &'a UnitBlock,
        v1: bool,
        tree: &mut TreeOrder<'a>,
    ) -> Result<(), ManifestError> {
        let unsorted = if v1 {
            index > 0 && self.blocks[index - 1].sort_key() > block.sort_key()
        } else {
            !tree.in_order(index, block)
        };
        if unsorted {
            return Err(ManifestError::Unsorted {
                index,
                unit_id: block.unit_id().into(),
            });
        }
        Ok(())
    }

    // The block's unit is of the envelope's document, and inside its scope when it has one
    // (before or after the change: a readdress may move a unit into or out of it).
    fn check_unit_place(
        &self,
        index: usize,
        block: &UnitBlock,
        scope: Option<&HashSet<&str>>,
    ) -> Result<(), ManifestError> {
        let image = block.image();
        if image.id != block.unit_id() {
            let side = if block.after().is_some() {
                "after"
            } else {
                "before"
            };
            return Err(inconsistent(
                index,
                block,
                format!("the {side} image is of unit {}", image.id),
            ));
        }
        if image.document != self.envelope.document_id {
            return Err(inconsistent(
                index,
                block,
                format!(
                    "the unit belongs to document {}, not {}",
                    image.document, self.envelope.document_id
                ),
            ));
        }
        if let Some(scope) = scope {
            let inside = |u: Option<&StoredUnit>| {
                u.is_some_and(|u| scope.contains(u.canonical_address.as_str()))
            };
            if !inside(block.before()) && !inside(block.after()) {
                return Err(inconsistent(
                    index,
                    block,
                    format!(
                        "the unit's address {} is outside the envelope's scope",
                        image.canonical_address
                    ),
                ));
            }
        }
        Ok(())
    }

    // The action is the one the images make: a moved address is a readdress (and only then),
    // a promote and a retire change what they say, a confirm creates no alias, and only a
    // rollback or a repair removes a unit.
    fn check_action(&self, index: usize, block: &UnitBlock) -> Result<(), ManifestError> {
        let inconsistent = |reason: String| inconsistent(index, block, reason);
        let moved = match (block.before(), block.after()) {
            (Some(b), Some(a)) => b.canonical_address != a.canonical_address,
            _ => false,
        };
        match block {
            UnitBlock::Readdress(b)
                if !moved
                    || b.old_address != b.before.canonical_address
                    || b.new_address != b.after.canonical_address =>
            {
                Err(inconsistent(format!(
                    "readdress {} → {} does not match the images ({} → {})",
                    b.old_address,
                    b.new_address,
                    b.before.canonical_address,
                    b.after.canonical_address
                )))
            }
            UnitBlock::Update(_) | UnitBlock::Promote(_) | UnitBlock::Retire(_) if moved => {
                Err(inconsistent(format!(
                    "the address changes, so the action is readdress, not {}",
                    block.action()
                )))
            }
            UnitBlock::Promote(b) if !is_promotion(&b.before, &b.after) => Err(inconsistent(
                "a promote changes only draft_only → active and its authority".into(),
            )),
            UnitBlock::Retire(b) if b.after.lifecycle_status != LifecycleStatus::Retired => {
                Err(inconsistent(
                    "a retire leaves the unit with lifecycle_status retired".into(),
                ))
            }
            UnitBlock::Confirm(b) if !b.aliases.is_empty() => Err(inconsistent(
                "a confirm changes nothing, so it creates no alias".into(),
            )),
            UnitBlock::Remove(_)
                if self.envelope.rollback_of.is_none() && self.envelope.repair_of.is_none() =>
            {
                Err(inconsistent(
                    "only a rollback removes a unit (or a repair, after an incident), and neither envelope.rollback_of nor envelope.repair_of is set"
                        .into(),
                ))
            }
            _ => Ok(()),
        }
    }

    // `envelope.counts` counts the blocks, action by action, and their aliases.
    fn check_counts(&self) -> Result<(), ManifestError> {
        let computed = count(&self.blocks);
        let claimed = self.envelope.counts;
        for (action, claimed, computed) in [
            ("create", claimed.create, computed.create),
            ("update", claimed.update, computed.update),
            ("readdress", claimed.readdress, computed.readdress),
            ("retire", claimed.retire, computed.retire),
            ("promote", claimed.promote, computed.promote),
            ("confirm", claimed.confirm, computed.confirm),
            ("remove", claimed.remove, computed.remove),
            ("aliases", claimed.aliases, computed.aliases),
        ] {
            if claimed != computed {
                return Err(ManifestError::CountMismatch {
                    action,
                    claimed,
                    computed,
                });
            }
        }
        Ok(())
    }

    // Alias rows written by themselves: only in a repair (not a rollback) or a crosswalk,
    // sorted by alias_id without repeats, each a change (before ≠ after, at least one of them)
    // of its own alias; a crosswalk's are creations only, and it has no blocks.
    fn check_alias_repairs(&self) -> Result<(), ManifestError> {
        let repairs = &self.envelope.alias_repairs;
        let crosswalk = self.envelope.crosswalk.as_ref();
        for (index, r) in repairs.iter().enumerate() {
            let inconsistent = |reason: String| ManifestError::InconsistentAliasRepair {
                index,
                alias_id: r.alias_id.clone(),
                reason,
            };
            let repair = self.envelope.repair_of.is_some() && self.envelope.rollback_of.is_none();
            if !repair && crosswalk.is_none() {
                return Err(inconsistent(
                    "only a repair (envelope.repair_of set, no rollback_of) or a crosswalk (envelope.crosswalk set) writes alias rows by themselves"
                        .into(),
                ));
            }
            if crosswalk.is_some() {
                let creation = r.before.is_none()
                    && r.after.as_ref().is_some_and(|a| {
                        a.target_unit_id.is_some()
                            && matches!(
                                a.alias_kind.as_str(),
                                "renumber" | "split" | "merge" | "legacy"
                            )
                    });
                if !creation {
                    return Err(inconsistent(
                        "a crosswalk only creates alias rows (before null; after a renumber, split, merge or legacy row with a target)"
                            .into(),
                    ));
                }
            }
            if index > 0 && repairs[index - 1].alias_id >= r.alias_id {
                return Err(inconsistent(format!(
                    "alias repairs are sorted by alias_id without repeats, and it follows {}",
                    repairs[index - 1].alias_id
                )));
            }
            for (side, row) in [("before", &r.before), ("after", &r.after)] {
                if let Some(row) = row.as_ref().filter(|row| row.alias_id != r.alias_id) {
                    return Err(inconsistent(format!(
                        "the {side} row is of alias {}",
                        row.alias_id
                    )));
                }
            }
            if r.before == r.after {
                return Err(inconsistent(
                    "before and after are the same: a repair changes the row".into(),
                ));
            }
        }
        if self.envelope.repair_of.is_some() && self.envelope.rollback_of.is_some() {
            return Err(ManifestError::ShapeMismatch {
                path: "/envelope".into(),
                expected: "rollback_of or repair_of".into(),
                found: "both".into(),
            });
        }
        if self.envelope.positions_upgrade {
            self.check_positions_upgrade()?;
        }
        if let Some(crosswalk) = crosswalk {
            let other = [
                ("rollback_of", self.envelope.rollback_of.is_some()),
                ("repair_of", self.envelope.repair_of.is_some()),
                ("amendment", self.envelope.amendment.is_some()),
                ("scope", self.envelope.scope.is_some()),
            ];
            if let Some((field, _)) = other.iter().find(|(_, set)| *set) {
                return Err(ManifestError::ShapeMismatch {
                    path: "/envelope".into(),
                    expected: "crosswalk alone".into(),
                    found: format!("crosswalk and {field}"),
                });
            }
            if !self.blocks.is_empty() {
                return Err(ManifestError::ShapeMismatch {
                    path: "/blocks".into(),
                    expected: "no blocks: a crosswalk only creates alias rows".into(),
                    found: format!("{} block(s)", self.blocks.len()),
                });
            }
            if crosswalk.rows != repairs.len() || repairs.is_empty() {
                return Err(ManifestError::ShapeMismatch {
                    path: "/envelope/crosswalk/rows".into(),
                    expected: format!("the number of alias rows, at least one ({})", repairs.len()),
                    found: crosswalk.rows.to_string(),
                });
            }
        }
        Ok(())
    }

    // An upgrade to sibling positions changes nothing but positions, so a reviewer approves a
    // mechanical change: v2 only, nothing else in the envelope, `update` blocks whose only
    // changed column is `position`, no alias rows. No blocks at all is allowed: the ledger then
    // records that the document was checked and already had sibling positions.
    fn check_positions_upgrade(&self) -> Result<(), ManifestError> {
        let e = &self.envelope;
        if e.format != FORMAT {
            return Err(ManifestError::ShapeMismatch {
                path: "/envelope/format".into(),
                expected: format!("{FORMAT} in a positions upgrade"),
                found: e.format.clone(),
            });
        }
        let other = [
            ("rollback_of", e.rollback_of.is_some()),
            ("repair_of", e.repair_of.is_some()),
            ("amendment", e.amendment.is_some()),
            ("crosswalk", e.crosswalk.is_some()),
            ("scope", e.scope.is_some()),
            ("alias_repairs", !e.alias_repairs.is_empty()),
            ("enact", e.enact),
            ("allow_mass_retire", e.allow_mass_retire),
        ];
        if let Some((field, _)) = other.iter().find(|(_, set)| *set) {
            return Err(ManifestError::ShapeMismatch {
                path: "/envelope".into(),
                expected: "positions_upgrade alone".into(),
                found: format!("positions_upgrade and {field}"),
            });
        }
        for (index, block) in self.blocks.iter().enumerate() {
            let position_only = matches!(block, UnitBlock::Update(c)
                if c.changed.as_slice() == [Column::Position] && c.aliases.is_empty());
            if !position_only {
                return Err(ManifestError::InconsistentBlock {
                    index,
                    unit_id: block.unit_id().into(),
                    reason: "a positions upgrade only updates a unit's position (changed: [\"position\"], no aliases)".into(),
                });
            }
        }
        Ok(())
    }
}

fn inconsistent(index: usize, block: &UnitBlock, reason: String) -> ManifestError {
    ManifestError::InconsistentBlock {
        index,
        unit_id: block.unit_id().into(),
        reason,
    }
}

// Each image hashes to the hash the block claims for it, the after-image first. With
// `images_hashed` the reader already compared them, so only a before-image is named here:
// its claimed hash stands in for the computed one.
fn check_image_hashes(
    index: usize,
    block: &UnitBlock,
    images_hashed: bool,
) -> Result<(), ManifestError> {
    let mismatch = |side, claimed: &str, computed| ManifestError::ImageHashMismatch {
        index,
        unit_id: block.unit_id().into(),
        side,
        claimed: claimed.into(),
        computed,
    };
    if let (false, Some(after), Some(claimed)) =
        (images_hashed, block.after(), block.after_sha256())
    {
        let computed = unit_image_sha256(after);
        if computed != claimed {
            return Err(mismatch("after", claimed, computed));
        }
    }
    if let (Some(before), Some(claimed)) = (block.before(), block.before_sha256()) {
        let computed = if images_hashed {
            claimed.to_owned()
        } else {
            unit_image_sha256(before)
        };
        if computed != claimed {
            return Err(mismatch("before", claimed, computed));
        }
    }
    Ok(())
}

// The before-image is of the block's unit, and `changed` lists the columns the two images
// differ in: none for a confirm, and only for a confirm.
fn check_changed(index: usize, block: &UnitBlock) -> Result<(), ManifestError> {
    let inconsistent = |reason: String| inconsistent(index, block, reason);
    let Some(before) = block.before() else {
        return Ok(());
    };
    if before.id != block.unit_id() {
        return Err(inconsistent(format!(
            "the before image is of unit {}",
            before.id
        )));
    }
    let Some(after) = block.after() else {
        return Ok(());
    };
    let changed = changed_columns(before, after);
    if changed != block.changed() {
        return Err(inconsistent(format!(
            "changed lists {:?} but the images differ in {:?}",
            block.changed(),
            changed
        )));
    }
    let confirm = block.action() == Action::Confirm;
    if changed.is_empty() && !confirm {
        return Err(inconsistent("the before and after images are equal".into()));
    }
    if !changed.is_empty() && confirm {
        return Err(inconsistent(format!(
            "a confirm leaves the unit as it is, but the images differ in {changed:?}"
        )));
    }
    Ok(())
}
