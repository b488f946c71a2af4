//! Rollback: the governed change set that undoes one CUT, built from its manifest.
//!
//! DESIGN §5: "Rollback is itself a governed change set built from before-images." A
//! rollback is an ordinary [`Manifest`] — reviewed, approved by its sha256, cut and
//! verified like any other — whose blocks are the inverses of the original's:
//!
//! | original    | rollback                                                        |
//! |-------------|-----------------------------------------------------------------|
//! | `create`    | `remove` (the only way a unit is ever deleted)                 |
//! | `readdress` | `readdress` back to the old address                             |
//! | `update`, `retire`, `promote` | `update` to the before-image (a `readdress` if the address differs); never a `promote`: going back is not enacting |
//! | `confirm`   | `confirm`                                                       |
//! | `remove`    | `create` (rolling back a rollback re-applies the CUT)           |
//!
//! Each inverse block's before-image is the original's after-image, so the CUT gates
//! check that the store is still exactly as the original CUT left it, and applying the
//! rollback gives back the original before-images unit for unit ([`crate::change::plan::apply`]
//! even restores the order).
//!
//! # Envelope
//!
//! Same document, slug and vocabulary; `source_sha256` is copied from the original: it
//! names the text whose cut is undone (the core does not know the text the restored
//! state was cut from). `base_sha256` is the base of the document's units now,
//! `enact` is false, `rollback_of` is the original's sha256 and `scope` is the
//! original's. The caller gives `created_at`, `created_by` and `effective_from`.
//!
//! # Aliases
//!
//! A rollback plans no alias rows. The rows the original CUT created stay in the alias
//! table: a renumber row still records where the unit was during the CUT's life, and a
//! live unit back at its old address wins over any row for that address. The one
//! exception is a row whose target the rollback removes (the split alias of a created
//! part): `canonical_address_alias.target_unit_id` is a RESTRICT foreign key, so the
//! executor deletes the rows targeting a unit right before its `remove` step.
//!
//! # When it is refused
//!
//! Only when the store is still where the original CUT left it; otherwise the rollback
//! would silently undo later work. [`RollbackError::Unsafe`] (`rollback-unsafe`) lists
//! every unit that is not at the original's after-image (edited, readdressed or deleted
//! since), every unit the original created or removed that is in the wrong state, every
//! unit added since under a unit the rollback would remove, and every unit that now
//! holds an address the rollback gives back. Later CUTs must be rolled back first,
//! newest first.
//!
//! Never across the move to sibling positions (issue 30):
//! [`RollbackError::AcrossPositionsUpgrade`] (`rollback-across-positions-upgrade`) refuses
//! a v1 original (planned when `position` was the place in the whole document) and the
//! upgrade itself. Their inverse is planned as a new cut instead.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::change::manifest::{
    base_sha256, changed_columns, unit_image_sha256, Change, Counts, Creation, Envelope, Manifest,
    ManifestError, Readdressing, Removal, UnitBlock, FORMAT, FORMAT_V1,
};
use crate::store::unit::StoredUnit;
use crate::text::report::{ErrorReport, Report};
use crate::text::timestamp::Timestamp;

/// What a rollback needs besides the original manifest and the store: the facts the core cannot know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RollbackInput {
    /// When the rollback is planned (RFC 3339).
    pub created_at: String,
    /// Who asks (user or agent id).
    pub created_by: String,
    /// When the rollback takes effect (RFC 3339).
    pub effective_from: String,
}

/// One unit that is not where the original CUT left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Drift {
    pub unit_id: String,
    /// The unit's address now, or the one the CUT gave it when it is gone.
    pub address: String,
    /// What is wrong, in words.
    pub problem: String,
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unit {} ({}): {}",
            self.unit_id, self.address, self.problem
        )
    }
}

/// Why a rollback could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RollbackError {
    /// A required input field is empty.
    #[error("{field} is empty")]
    EmptyField { field: &'static str },
    /// A timestamp input is not an RFC 3339 date-time with an offset.
    #[error("{field} '{value}' is not an RFC 3339 timestamp: {reason}")]
    InvalidTimestamp {
        field: &'static str,
        value: String,
        reason: String,
    },
    /// The manifest to roll back does not pass [`Manifest::check`].
    #[error("the manifest to roll back is invalid: {0}")]
    InvalidManifest(#[from] ManifestError),
    /// The store moved on since the original CUT: rolling back would undo later work.
    #[error(
        "cannot roll back manifest {original_sha256}: the store moved on since its CUT; {} unit(s) are not as that CUT left them: {}",
        drift.len(),
        drift.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
    )]
    Unsafe {
        original_sha256: String,
        drift: Vec<Drift>,
    },
    /// The original was planned before the document moved to sibling positions (a v1
    /// manifest), or it is that move (a positions upgrade). Its before-images hold document
    /// positions: restored among siblings that count from their parent, they would misorder
    /// the document, and converting them needs the whole document as it then stood.
    #[error("cannot roll back manifest {original_sha256}: {why}")]
    AcrossPositionsUpgrade {
        original_sha256: String,
        why: &'static str,
    },
}

impl Report for RollbackError {
    /// Stable kebab-case code; an invalid manifest keeps the manifest error's code.
    fn code(&self) -> &'static str {
        match self {
            Self::EmptyField { .. } => "empty-field",
            Self::InvalidTimestamp { .. } => "invalid-timestamp",
            Self::InvalidManifest(e) => e.code(),
            Self::Unsafe { .. } => "rollback-unsafe",
            Self::AcrossPositionsUpgrade { .. } => "rollback-across-positions-upgrade",
        }
    }

    /// How to fix it.
    fn hint(&self) -> String {
        match self {
            Self::EmptyField { .. } => "fill in the field".into(),
            Self::InvalidTimestamp { .. } => "write it like '2025-07-01T00:00:00+07:00'".into(),
            Self::InvalidManifest(e) => e.hint(),
            Self::Unsafe { .. } => "a rollback undoes one CUT on the units exactly as it left them: roll back the later change sets first (newest first), or plan a new cut of the text you want instead".into(),
            Self::AcrossPositionsUpgrade { .. } => "plan a new cut of the text you want instead: its manifest is reviewed like any other".into(),
        }
    }
}

/// Why a manifest with this envelope is never rolled back, whatever the store holds: it was
/// planned before the move to sibling positions (v1), or it is that move. `None` for every
/// other manifest. [`rollback`] refuses with it; the admin module asks it (`rollbackRefusal`)
/// to disable the step with the same reason.
pub fn across_positions_upgrade(envelope: &Envelope) -> Option<&'static str> {
    if envelope.positions_upgrade {
        Some("it moved the document to sibling positions (issue 30); the release before it cannot read what came after")
    } else if envelope.format == FORMAT_V1 {
        Some("it was planned when positions counted in the whole document (iu-cutter-manifest-v1); its images would misorder siblings that now count from their parent")
    } else {
        None
    }
}

/// [`across_positions_upgrade`] as the refusal the admin module shows before anyone asks
/// for the rollback: the same code and hint as [`rollback`]'s.
pub fn refusal(envelope: &Envelope) -> Option<ErrorReport> {
    across_positions_upgrade(envelope).map(|why| ErrorReport {
        code: "rollback-across-positions-upgrade",
        reason: format!("this entry is not rolled back: {why}"),
        offset: None,
        hint: RollbackError::AcrossPositionsUpgrade {
            original_sha256: String::new(),
            why,
        }
        .hint(),
        field: None,
    })
}

/// The manifest that undoes `original`, checked against the document's units as they
/// are now (`stored_now`: at least the document's units; others are ignored). See the
/// module docs for the inverse of each action, the envelope and when it is refused.
pub fn rollback(
    original: &Manifest,
    stored_now: &[StoredUnit],
    input: &RollbackInput,
) -> Result<Manifest, RollbackError> {
    check_input(input)?;
    original.check()?;
    if let Some(why) = across_positions_upgrade(&original.envelope) {
        return Err(RollbackError::AcrossPositionsUpgrade {
            original_sha256: original.sha256(),
            why,
        });
    }
    let document = original.envelope.document_id.as_str();
    let units: Vec<&StoredUnit> = stored_now
        .iter()
        .filter(|u| u.document == document)
        .collect();
    let mut now: HashMap<&str, &StoredUnit> = HashMap::with_capacity(units.len());
    for u in &units {
        now.entry(u.id.as_str()).or_insert(u);
    }

    let blocks: Vec<UnitBlock> = original.blocks.iter().map(inverse).collect();
    let drift = drift(original, &blocks, &units, &now);
    if !drift.is_empty() {
        return Err(RollbackError::Unsafe {
            original_sha256: original.sha256(),
            drift,
        });
    }

    let owned: Vec<StoredUnit> = units.into_iter().cloned().collect();
    let manifest = Manifest::assemble(
        Envelope {
            amendment: None,
            crosswalk: None,
            positions_upgrade: false,
            format: FORMAT.into(),
            document_id: original.envelope.document_id.clone(),
            doc: original.envelope.doc.clone(),
            source_sha256: original.envelope.source_sha256.clone(),
            vocabulary: original.envelope.vocabulary.clone(),
            base_sha256: base_sha256(document, &owned),
            effective_from: input.effective_from.clone(),
            enact: false,
            counts: Counts::default(),
            created_at: input.created_at.clone(),
            created_by: input.created_by.clone(),
            rollback_of: Some(original.sha256()),
            scope: original.envelope.scope.clone(),
            allow_mass_retire: false,
            repair_of: None,
            alias_repairs: Vec::new(),
        },
        blocks,
        &owned,
    );
    // The inverse of a checked manifest always checks; kept so a bug is an error, not a bad manifest.
    manifest.check()?;
    Ok(manifest)
}

// The block that undoes `block`: its after-image becomes the before-image and back.
fn inverse(block: &UnitBlock) -> UnitBlock {
    match block {
        UnitBlock::Create(c) => UnitBlock::Remove(Removal {
            unit_id: c.unit_id.clone(),
            before_sha256: c.after_sha256.clone(),
            before: c.after.clone(),
        }),
        UnitBlock::Remove(r) => UnitBlock::Create(Creation {
            amended_by: Vec::new(),
            manual: None,
            notes: Vec::new(),
            unit_id: r.unit_id.clone(),
            after_sha256: r.before_sha256.clone(),
            after: r.before.clone(),
            aliases: Vec::new(),
        }),
        UnitBlock::Confirm(c) => UnitBlock::Confirm(Change {
            aliases: Vec::new(),
            amended_by: Vec::new(),
            manual: None,
            ..c.clone()
        }),
        UnitBlock::Readdress(Readdressing {
            unit_id,
            before_sha256,
            after_sha256,
            before,
            after,
            ..
        })
        | UnitBlock::Update(Change {
            unit_id,
            before_sha256,
            after_sha256,
            before,
            after,
            ..
        })
        | UnitBlock::Promote(Change {
            unit_id,
            before_sha256,
            after_sha256,
            before,
            after,
            ..
        })
        | UnitBlock::Retire(Change {
            unit_id,
            before_sha256,
            after_sha256,
            before,
            after,
            ..
        }) => {
            // Back from the original's after-image (now stored) to its before-image.
            let changed = changed_columns(after, before);
            if after.canonical_address != before.canonical_address {
                UnitBlock::Readdress(Readdressing {
                    amended_by: Vec::new(),
                    manual: None,
                    notes: Vec::new(),
                    unit_id: unit_id.clone(),
                    old_address: after.canonical_address.clone(),
                    new_address: before.canonical_address.clone(),
                    before_sha256: after_sha256.clone(),
                    after_sha256: before_sha256.clone(),
                    changed,
                    before: after.clone(),
                    after: before.clone(),
                    aliases: Vec::new(),
                })
            } else {
                UnitBlock::Update(Change {
                    amended_by: Vec::new(),
                    manual: None,
                    notes: Vec::new(),
                    unit_id: unit_id.clone(),
                    before_sha256: after_sha256.clone(),
                    after_sha256: before_sha256.clone(),
                    changed,
                    before: after.clone(),
                    after: before.clone(),
                    aliases: Vec::new(),
                })
            }
        }
    }
}

// Every way the store differs from what the original CUT left, in block order, then store order.
fn drift(
    original: &Manifest,
    inverses: &[UnitBlock],
    units: &[&StoredUnit],
    now: &HashMap<&str, &StoredUnit>,
) -> Vec<Drift> {
    let mut out = Vec::new();
    let mut push = |u: &str, address: &str, problem: String| {
        out.push(Drift {
            unit_id: u.into(),
            address: address.into(),
            problem,
        })
    };
    for block in &original.blocks {
        let id = block.unit_id();
        let planned = block.image().canonical_address.as_str();
        match (block.after_sha256(), now.get(id)) {
            (None, None) => {}
            (None, Some(u)) => push(
                id,
                &u.canonical_address,
                "the CUT removed it, but it exists again".into(),
            ),
            (Some(_), None) => push(
                id,
                planned,
                if matches!(block, UnitBlock::Create(_)) {
                    "the CUT created it, but it no longer exists".into()
                } else {
                    "it no longer exists".into()
                },
            ),
            (Some(expected), Some(u)) => {
                let found = unit_image_sha256(u);
                if found != expected {
                    let moved = if u.canonical_address != planned {
                        format!(" (the CUT left it at {planned})")
                    } else {
                        String::new()
                    };
                    push(
                        id,
                        &u.canonical_address,
                        format!(
                            "changed since the CUT{moved}: the CUT left image {expected}, found {found}"
                        ),
                    );
                }
            }
        }
    }
    let touched: HashSet<&str> = original.blocks.iter().map(UnitBlock::unit_id).collect();
    let removed: HashMap<&str, &str> = inverses
        .iter()
        .filter_map(|b| match b {
            UnitBlock::Remove(r) => Some((r.unit_id.as_str(), r.before.canonical_address.as_str())),
            _ => None,
        })
        .collect();
    let restored: HashMap<&str, &str> = inverses
        .iter()
        .filter_map(|b| {
            b.after()
                .map(|a| (a.canonical_address.as_str(), a.id.as_str()))
        })
        .collect();
    for u in units.iter().filter(|u| !touched.contains(u.id.as_str())) {
        if let Some(parent) = u.parent.as_deref().and_then(|p| removed.get(p)) {
            push(
                &u.id,
                &u.canonical_address,
                format!("added since the CUT under {parent}, which the rollback would remove"),
            );
        }
        if let Some(owner) = restored.get(u.canonical_address.as_str()) {
            push(
                &u.id,
                &u.canonical_address,
                format!("holds the address the rollback gives back to unit {owner}"),
            );
        }
    }
    out
}

fn check_input(input: &RollbackInput) -> Result<(), RollbackError> {
    for (field, value) in [
        ("created_at", &input.created_at),
        ("created_by", &input.created_by),
        ("effective_from", &input.effective_from),
    ] {
        if value.trim().is_empty() {
            return Err(RollbackError::EmptyField { field });
        }
    }
    for (field, value) in [
        ("effective_from", &input.effective_from),
        ("created_at", &input.created_at),
    ] {
        if let Err(e) = Timestamp::parse_rfc3339(value) {
            return Err(RollbackError::InvalidTimestamp {
                field,
                value: value.clone(),
                reason: e.to_string(),
            });
        }
    }
    Ok(())
}
