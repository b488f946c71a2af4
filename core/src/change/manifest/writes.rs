//! What the executor writes for a manifest, in which order, and what VERIFY then expects.

use std::collections::{HashMap, HashSet};

use super::{ExpectedImage, Manifest, UnitBlock, WriteStep};
use crate::store::unit::{document_order_by, StoredUnit};
use crate::text::hash::sha256_hex;

impl Manifest {
    /// What VERIFY must find after the executor applied this manifest: one expected
    /// image hash per touched unit (confirmed ones included), `None` for a removed unit.
    pub fn expected_after_images(&self) -> Vec<ExpectedImage> {
        self.blocks
            .iter()
            .map(|b| ExpectedImage {
                unit_id: b.unit_id().into(),
                after_sha256: b.after_sha256().map(str::to_string),
            })
            .collect()
    }

    /// Whether [`Manifest::write_steps`] is a `write` of every block but the confirms, in
    /// manifest order: what [`super::Envelope::writes_in_block_order`] announced from the counts,
    /// checked against the blocks themselves.
    pub fn writes_in_block_order(&self) -> bool {
        let steps = self.write_steps();
        let mut expected = self
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| !matches!(b, UnitBlock::Confirm(_)))
            .map(|(i, _)| i);
        steps
            .iter()
            .all(|s| matches!(s, WriteStep::Write { block, .. } if Some(*block) == expected.next()))
            && expected.next().is_none()
    }

    /// The order in which an executor writes the blocks inside its one transaction so
    /// that `canonical_address` stays UNIQUE after every statement, every parent exists
    /// before its children point to it, and no unit is deleted while another still points
    /// to it (`parent` is a foreign key with ON DELETE RESTRICT).
    ///
    /// 1. `remove` the units a rollback deletes, children before parents (reverse
    ///    document position), so the addresses they hold are free for the writes;
    /// 2. `vacate`: every readdressed unit whose current address is the target of another
    ///    block (renumbering cascade `11→12, 12→13`, or a swap) moves to a temporary
    ///    address `<doc>/tmp-<32 hex>`;
    /// 3. `write` every block but removes and confirms, in manifest order (document
    ///    position, so parents come first). A confirm has no step: its unit does not
    ///    change, so nothing is written and its `updated_at` stays as it is.
    ///
    /// One exception to 1: a removed unit that is still the parent of a unit the manifest
    /// keeps (a rollback that moves an article back out of a chapter the CUT created) is
    /// removed after the writes that re-parent its children, with its own removed
    /// ancestors; if a write needs its address it is vacated in step 2 first.
    pub fn write_steps(&self) -> Vec<WriteStep> {
        let removed: HashMap<&str, (usize, &StoredUnit)> = self
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(i, b)| match b {
                UnitBlock::Remove(r) => Some((r.unit_id.as_str(), (i, &r.before))),
                _ => None,
            })
            .collect();
        // Removed units still referenced as parent by a unit that stays, and their removed ancestors.
        let mut late: HashSet<&str> = HashSet::new();
        let mut work: Vec<&str> = self
            .blocks
            .iter()
            .filter(|b| !matches!(b, UnitBlock::Remove(_)))
            .filter_map(|b| b.before().and_then(|u| u.parent.as_deref()))
            .filter(|p| removed.contains_key(p))
            .collect();
        while let Some(id) = work.pop() {
            if !late.insert(id) {
                continue;
            }
            if let Some(parent) = removed.get(id).and_then(|(_, u)| u.parent.as_deref()) {
                if removed.contains_key(parent) {
                    work.push(parent);
                }
            }
        }
        let mut removals: Vec<(usize, &StoredUnit)> = removed.values().copied().collect();
        removals.sort_by_key(|&(block, _)| block);
        // Children before parents: the reverse of document order among the removed units (the
        // tree's rule reads either meaning of position, so v1 manifests too).
        let at: HashMap<&str, usize> = removals
            .iter()
            .enumerate()
            .map(|(i, (_, u))| (u.id.as_str(), i))
            .collect();
        let order = document_order_by(
            removals.len(),
            |i| {
                let parent = removals[i].1.parent.as_deref()?;
                at.get(parent).copied()
            },
            |i| (removals[i].1.position, removals[i].1.id.as_str()),
        );
        let removals: Vec<(usize, &StoredUnit)> =
            order.iter().rev().map(|&i| removals[i]).collect();
        let remove = |&(block, u): &(usize, &StoredUnit)| WriteStep::Remove {
            block,
            unit_id: u.id.clone(),
        };

        let targets: HashSet<&str> = self
            .blocks
            .iter()
            .filter(|b| matches!(b, UnitBlock::Create(_) | UnitBlock::Readdress(_)))
            .filter_map(|b| b.after().map(|a| a.canonical_address.as_str()))
            .collect();
        let mut steps = Vec::with_capacity(self.blocks.len());
        steps.extend(
            removals
                .iter()
                .filter(|(_, u)| !late.contains(u.id.as_str()))
                .map(remove),
        );
        for (block, b) in self.blocks.iter().enumerate() {
            let held = match b {
                UnitBlock::Readdress(r) => Some(r.old_address.as_str()),
                UnitBlock::Remove(r) if late.contains(r.unit_id.as_str()) => {
                    Some(r.before.canonical_address.as_str())
                }
                _ => None,
            };
            if held.is_some_and(|a| targets.contains(a)) {
                steps.push(WriteStep::Vacate {
                    block,
                    unit_id: b.unit_id().into(),
                    temporary_address: temporary_address(&self.envelope.doc, b.unit_id()),
                });
            }
        }
        steps.extend(
            self.blocks
                .iter()
                .enumerate()
                .filter(|(_, b)| !matches!(b, UnitBlock::Remove(_) | UnitBlock::Confirm(_)))
                .map(|(block, b)| WriteStep::Write {
                    block,
                    unit_id: b.unit_id().into(),
                }),
        );
        steps.extend(
            removals
                .iter()
                .filter(|(_, u)| late.contains(u.id.as_str()))
                .map(remove),
        );
        steps
    }
}

// A valid canonical-address-v1 that no vocabulary token produces and no two units share.
fn temporary_address(doc: &str, unit_id: &str) -> String {
    let digest = sha256_hex(unit_id);
    format!("{doc}/tmp-{}", &digest[..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_steps_vacate_a_unit_whose_address_another_block_takes() {
        assert_eq!(
            temporary_address("45-2019-qh14", "u-1"),
            format!("45-2019-qh14/tmp-{}", &sha256_hex("u-1")[..32])
        );
        assert!(crate::text::address::validate(&temporary_address("45-2019-qh14", "u-1")).is_ok());
    }
}
