//! The move of a document written before issue 30 to sibling positions.
//!
//! Before issue 30 a unit's `position` was its place in the whole document; now it is its
//! order among its siblings (see [`crate::store::unit`]'s order module). Stores keep their rows across the
//! migration (iu0011), and each document's positions are rewritten by one change set that is
//! reviewed, cut and verified like any other: this module plans it.
//!
//! The manifest ([`plan_position_upgrade`]) has one `update` block per live unit whose
//! position is not its rank among its live siblings ([`renumbered_siblings`]), changing
//! `position` alone, and its envelope says `positions_upgrade: true`, which
//! [`Manifest::check`] holds to exactly that shape. A document whose positions already are
//! sibling ranks (a flat one, say) gets a manifest with no blocks: the ledger still records
//! that it was checked. Retired units keep the position they were retired at; they are not
//! counted among siblings, and a revived unit is renumbered by the plan that revives it.
//!
//! The blocks cover every unit the numbering moves, so the upgrade of a v1 store is as big
//! as the store, once; every later plan only touches changed units and their later siblings.

use serde::{Deserialize, Serialize};

use crate::change::manifest::{
    base_sha256, unit_image_sha256, Change, Column, Counts, Envelope, Manifest, UnitBlock, FORMAT,
};
use crate::change::plan::{check_input, PlanError, PlanInput};
use crate::store::unit::{renumbered_siblings, StoredUnit};

/// What the upgrade of one document is planned with: the fields of a [`PlanInput`] an
/// upgrade has, and the envelope's `doc` and `vocabulary`, which a plan takes from its cut.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpgradeInput {
    /// Id of the `document` row.
    pub document_id: String,
    /// The document slug its addresses start with (its `doc_code`).
    pub doc: String,
    /// The vocabulary the document is cut with.
    pub vocabulary: String,
    /// The stored `source_sha256` of the document (sha256 of "" when it has none).
    pub source_sha256: String,
    pub effective_from: String,
    pub created_at: String,
    /// Who opens it: the migration runner's reserved actor.
    pub created_by: String,
}

/// The upgrade manifest of the document `input.document_id` against its units as stored
/// (`stored`: other documents' units are ignored).
pub fn plan_position_upgrade(
    stored: &[StoredUnit],
    input: &UpgradeInput,
) -> Result<Manifest, PlanError> {
    check_input(&PlanInput {
        document_id: input.document_id.clone(),
        source_sha256: input.source_sha256.clone(),
        effective_from: input.effective_from.clone(),
        created_at: input.created_at.clone(),
        created_by: input.created_by.clone(),
        enact: false,
        by_enacted_law: false,
        scope: None,
    })?;
    for (field, value) in [("doc", &input.doc), ("vocabulary", &input.vocabulary)] {
        if value.trim().is_empty() {
            return Err(PlanError::EmptyField { field });
        }
    }
    let units: Vec<StoredUnit> = stored
        .iter()
        .filter(|u| u.document == input.document_id)
        .cloned()
        .collect();
    let blocks: Vec<UnitBlock> = renumbered_siblings(&units)
        .into_iter()
        .filter_map(|(i, position)| {
            let before = units.get(i)?;
            let after = StoredUnit {
                position,
                ..before.clone()
            };
            Some(UnitBlock::Update(Change {
                unit_id: before.id.clone(),
                before_sha256: unit_image_sha256(before),
                after_sha256: unit_image_sha256(&after),
                changed: vec![Column::Position],
                before: before.clone(),
                after,
                aliases: Vec::new(),
                amended_by: Vec::new(),
                manual: None,
                notes: Vec::new(),
            }))
        })
        .collect();
    Ok(Manifest::assemble(
        Envelope {
            format: FORMAT.into(),
            document_id: input.document_id.clone(),
            doc: input.doc.clone(),
            source_sha256: input.source_sha256.clone(),
            vocabulary: input.vocabulary.clone(),
            base_sha256: base_sha256(&input.document_id, &units),
            effective_from: input.effective_from.clone(),
            enact: false,
            counts: Counts::default(),
            created_at: input.created_at.clone(),
            created_by: input.created_by.clone(),
            rollback_of: None,
            scope: None,
            allow_mass_retire: false,
            repair_of: None,
            alias_repairs: Vec::new(),
            amendment: None,
            crosswalk: None,
            positions_upgrade: true,
        },
        blocks,
        &units,
    ))
}
