//! What a block says about its unit, whatever its action.

use super::{Action, Column, Manual, PlannedAlias, UnitBlock};
use crate::store::unit::{LifecycleStatus, StoredUnit};

impl UnitBlock {
    pub fn action(&self) -> Action {
        match self {
            UnitBlock::Create(_) => Action::Create,
            UnitBlock::Readdress(_) => Action::Readdress,
            UnitBlock::Update(_) => Action::Update,
            UnitBlock::Promote(_) => Action::Promote,
            UnitBlock::Retire(_) => Action::Retire,
            UnitBlock::Confirm(_) => Action::Confirm,
            UnitBlock::Remove(_) => Action::Remove,
        }
    }

    pub fn unit_id(&self) -> &str {
        match self {
            UnitBlock::Create(b) => &b.unit_id,
            UnitBlock::Readdress(b) => &b.unit_id,
            UnitBlock::Update(b)
            | UnitBlock::Promote(b)
            | UnitBlock::Retire(b)
            | UnitBlock::Confirm(b) => &b.unit_id,
            UnitBlock::Remove(b) => &b.unit_id,
        }
    }

    /// The stored row the block expects to find; `None` for a create.
    pub fn before(&self) -> Option<&StoredUnit> {
        match self {
            UnitBlock::Create(_) => None,
            UnitBlock::Readdress(b) => Some(&b.before),
            UnitBlock::Update(b)
            | UnitBlock::Promote(b)
            | UnitBlock::Retire(b)
            | UnitBlock::Confirm(b) => Some(&b.before),
            UnitBlock::Remove(b) => Some(&b.before),
        }
    }

    /// The row the block leaves; `None` for a remove.
    pub fn after(&self) -> Option<&StoredUnit> {
        match self {
            UnitBlock::Create(b) => Some(&b.after),
            UnitBlock::Readdress(b) => Some(&b.after),
            UnitBlock::Update(b)
            | UnitBlock::Promote(b)
            | UnitBlock::Retire(b)
            | UnitBlock::Confirm(b) => Some(&b.after),
            UnitBlock::Remove(_) => None,
        }
    }

    /// Where the block is in the document: the after-image, or for a remove the
    /// before-image (every block has one of the two).
    pub fn image(&self) -> &StoredUnit {
        match self {
            UnitBlock::Create(b) => &b.after,
            UnitBlock::Readdress(b) => &b.after,
            UnitBlock::Update(b)
            | UnitBlock::Promote(b)
            | UnitBlock::Retire(b)
            | UnitBlock::Confirm(b) => &b.after,
            UnitBlock::Remove(b) => &b.before,
        }
    }

    pub fn before_sha256(&self) -> Option<&str> {
        match self {
            UnitBlock::Create(_) => None,
            UnitBlock::Readdress(b) => Some(&b.before_sha256),
            UnitBlock::Update(b)
            | UnitBlock::Promote(b)
            | UnitBlock::Retire(b)
            | UnitBlock::Confirm(b) => Some(&b.before_sha256),
            UnitBlock::Remove(b) => Some(&b.before_sha256),
        }
    }

    /// `None` for a remove: after it, the unit must not exist.
    pub fn after_sha256(&self) -> Option<&str> {
        match self {
            UnitBlock::Create(b) => Some(&b.after_sha256),
            UnitBlock::Readdress(b) => Some(&b.after_sha256),
            UnitBlock::Update(b)
            | UnitBlock::Promote(b)
            | UnitBlock::Retire(b)
            | UnitBlock::Confirm(b) => Some(&b.after_sha256),
            UnitBlock::Remove(_) => None,
        }
    }

    /// The alias rows the block creates.
    pub fn aliases(&self) -> &[PlannedAlias] {
        match self {
            UnitBlock::Create(b) => &b.aliases,
            UnitBlock::Readdress(b) => &b.aliases,
            UnitBlock::Update(b)
            | UnitBlock::Promote(b)
            | UnitBlock::Retire(b)
            | UnitBlock::Confirm(b) => &b.aliases,
            UnitBlock::Remove(_) => &[],
        }
    }

    /// The publisher's notes on the unit as cut, kept beside it; empty for most blocks.
    pub fn notes(&self) -> &[String] {
        match self {
            UnitBlock::Create(b) => &b.notes,
            UnitBlock::Readdress(b) => &b.notes,
            UnitBlock::Update(b)
            | UnitBlock::Promote(b)
            | UnitBlock::Retire(b)
            | UnitBlock::Confirm(b) => &b.notes,
            UnitBlock::Remove(_) => &[],
        }
    }

    /// The amending instructions behind the block; empty for a plan not made from amending laws.
    pub fn amended_by(&self) -> &[String] {
        match self {
            UnitBlock::Create(b) => &b.amended_by,
            UnitBlock::Readdress(b) => &b.amended_by,
            UnitBlock::Update(b)
            | UnitBlock::Promote(b)
            | UnitBlock::Retire(b)
            | UnitBlock::Confirm(b) => &b.amended_by,
            UnitBlock::Remove(_) => &[],
        }
    }

    /// Names the amending instructions behind the block (a remove names none).
    pub fn set_amended_by(&mut self, refs: Vec<String>) {
        match self {
            UnitBlock::Create(b) => b.amended_by = refs,
            UnitBlock::Readdress(b) => b.amended_by = refs,
            UnitBlock::Update(b)
            | UnitBlock::Promote(b)
            | UnitBlock::Retire(b)
            | UnitBlock::Confirm(b) => b.amended_by = refs,
            UnitBlock::Remove(_) => {}
        }
    }

    /// Why the block was made or changed by hand, if it was.
    pub fn manual(&self) -> Option<&Manual> {
        match self {
            UnitBlock::Create(b) => b.manual.as_ref(),
            UnitBlock::Readdress(b) => b.manual.as_ref(),
            UnitBlock::Update(b)
            | UnitBlock::Promote(b)
            | UnitBlock::Retire(b)
            | UnitBlock::Confirm(b) => b.manual.as_ref(),
            UnitBlock::Remove(_) => None,
        }
    }

    /// Marks the block as made or changed by hand (a remove is never made by hand).
    pub fn set_manual(&mut self, manual: Option<Manual>) {
        match self {
            UnitBlock::Create(b) => b.manual = manual,
            UnitBlock::Readdress(b) => b.manual = manual,
            UnitBlock::Update(b)
            | UnitBlock::Promote(b)
            | UnitBlock::Retire(b)
            | UnitBlock::Confirm(b) => b.manual = manual,
            UnitBlock::Remove(_) => {}
        }
    }

    /// The columns the block changes; every column for a create and a remove, none for a confirm.
    pub fn changed(&self) -> &[Column] {
        const ALL: &[Column] = &[
            Column::Document,
            Column::SectionType,
            Column::Parent,
            Column::Ordinal,
            Column::Heading,
            Column::Body,
            Column::ContentSha256,
            Column::Position,
            Column::CanonicalAddress,
            Column::CanonicalAddressFormatVersion,
            Column::LifecycleStatus,
            Column::Authority,
        ];
        match self {
            UnitBlock::Create(_) | UnitBlock::Remove(_) => ALL,
            UnitBlock::Readdress(b) => &b.changed,
            UnitBlock::Update(b)
            | UnitBlock::Promote(b)
            | UnitBlock::Retire(b)
            | UnitBlock::Confirm(b) => &b.changed,
        }
    }
}

/// The columns that differ between two images of one unit, in [`Column`] order.
pub fn changed_columns(before: &StoredUnit, after: &StoredUnit) -> Vec<Column> {
    let mut out = Vec::new();
    let mut check = |differs: bool, column| {
        if differs {
            out.push(column);
        }
    };
    check(before.document != after.document, Column::Document);
    check(
        before.section_type != after.section_type,
        Column::SectionType,
    );
    check(before.parent != after.parent, Column::Parent);
    check(before.ordinal != after.ordinal, Column::Ordinal);
    check(before.heading != after.heading, Column::Heading);
    check(before.body != after.body, Column::Body);
    check(
        before.content_sha256 != after.content_sha256,
        Column::ContentSha256,
    );
    check(before.position != after.position, Column::Position);
    check(
        before.canonical_address != after.canonical_address,
        Column::CanonicalAddress,
    );
    check(
        before.canonical_address_format_version != after.canonical_address_format_version,
        Column::CanonicalAddressFormatVersion,
    );
    check(
        before.lifecycle_status != after.lifecycle_status,
        Column::LifecycleStatus,
    );
    check(before.authority != after.authority, Column::Authority);
    out
}

/// A promotion changes nothing but `draft_only` → `active` and the authority BR-4 gives it.
pub(crate) fn is_promotion(before: &StoredUnit, after: &StoredUnit) -> bool {
    before.lifecycle_status == LifecycleStatus::DraftOnly
        && after.lifecycle_status == LifecycleStatus::Active
        && changed_columns(before, after)
            .iter()
            .all(|c| matches!(c, Column::LifecycleStatus | Column::Authority))
}
