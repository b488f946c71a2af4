//! Manifests: the reviewed, hashed description of one CUT.
//!
//! A manifest is an [`Envelope`] (which document, which source text, which stored
//! state it was planned against, who asked and when) and one [`UnitBlock`] per unit
//! that changes. It is identified by the sha256 of its RFC 8785 JSON
//! ([`Manifest::sha256`]): a reviewer approves that hash, the executor refuses any
//! other, and the verifier recomputes the after-images it promises.
//!
//! Every block carries the full before-image (absent for `create`) and after-image of
//! its unit and their hashes under the one image definition, [`unit_image`], so a
//! manifest is enough to check optimistic concurrency, to verify the result and to
//! build its rollback.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::alias::AliasKind;
use crate::canonical_json;
use crate::hash::{sha256_hex, sha256_hex_bytes};
use crate::report::ErrorReport;
use crate::unit::{Authority, LifecycleStatus, StoredUnit};

/// The value of [`Envelope::format`] this crate writes and reads.
pub const FORMAT: &str = "iu-cutter-manifest-v1";

/// One planned CUT of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub envelope: Envelope,
    /// Sorted by after-image position, then [`Action`], then unit id.
    pub blocks: Vec<UnitBlock>,
}

/// What a manifest is about and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// Always [`FORMAT`].
    pub format: String,
    /// Id of the `document` row every block belongs to.
    pub document_id: String,
    /// The document slug every address starts with, e.g. `45-2019-qh14`.
    pub doc: String,
    /// sha256 of the source text that was cut.
    pub source_sha256: String,
    /// Language of the vocabulary the text was cut with, e.g. `vi`.
    pub vocabulary: String,
    /// [`base_sha256`] of the document's stored units the plan was computed against.
    pub base_sha256: String,
    /// When the change takes effect; the `valid_from` of every alias row.
    pub effective_from: String,
    /// Whether the cut enacts the document: units it keeps or creates become `active`.
    pub enact: bool,
    pub counts: Counts,
    /// When the plan was made (given by the caller: the core has no clock).
    pub created_at: String,
    /// Who asked for the plan (user or agent id).
    pub created_by: String,
}

/// Number of blocks per action, and of alias rows, so a reviewer sees the size at a glance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub create: usize,
    pub update: usize,
    pub readdress: usize,
    pub retire: usize,
    pub promote: usize,
    pub aliases: usize,
}

/// What a block does to its unit. The order is the tie-break between blocks at one position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A unit the store does not have yet.
    Create,
    /// A unit whose canonical address changes (renumbered, or its parent's address changed).
    Readdress,
    /// A unit that keeps its address but whose content, place or state changes.
    Update,
    /// A unit whose only change is `draft_only` → `active` (authority by BR-4).
    Promote,
    /// A live unit the cut no longer has: `retired`, authority by BR-4.
    Retire,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Readdress => "readdress",
            Action::Update => "update",
            Action::Promote => "promote",
            Action::Retire => "retire",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A column of `logical_unit` that a CUT may change, named as in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Document,
    SectionType,
    Parent,
    Ordinal,
    Heading,
    Body,
    ContentSha256,
    Position,
    CanonicalAddress,
    CanonicalAddressFormatVersion,
    LifecycleStatus,
    Authority,
}

/// One `canonical_address_alias` row a block asks the executor to create (the executor
/// assigns its `alias_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedAlias {
    /// The address that stops being canonical for the target, e.g. `45-2019-qh14/dieu-10`.
    pub alias_text: String,
    pub target_unit_id: String,
    pub alias_kind: AliasKind,
    /// Start of the half-open validity window (RFC 3339): the manifest's `effective_from`.
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub created_by: String,
    /// Why, in words an editor reads.
    pub rationale: String,
}

/// A unit the store does not have yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Creation {
    pub unit_id: String,
    pub after_sha256: String,
    pub after: StoredUnit,
    /// Split aliases pointing to this new part of a split unit; usually empty.
    pub aliases: Vec<PlannedAlias>,
}

/// A stored unit that changes in place (update, promote, retire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub unit_id: String,
    /// [`unit_image_sha256`] of `before`: the executor refuses if the stored row no longer hashes to it.
    pub before_sha256: String,
    pub after_sha256: String,
    /// Columns that differ between `before` and `after`, in [`Column`] order.
    pub changed: Vec<Column>,
    pub before: StoredUnit,
    pub after: StoredUnit,
    /// Split aliases when this unit keeps the first part of a split; usually empty.
    pub aliases: Vec<PlannedAlias>,
}

/// A stored unit whose canonical address changes; its old address becomes an alias.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readdressing {
    pub unit_id: String,
    pub old_address: String,
    pub new_address: String,
    pub before_sha256: String,
    pub after_sha256: String,
    /// Columns that differ between `before` and `after`, in [`Column`] order.
    pub changed: Vec<Column>,
    pub before: StoredUnit,
    pub after: StoredUnit,
    /// The alias rows to create: `old_address` → this unit (kind renumber, or split).
    pub aliases: Vec<PlannedAlias>,
}

/// One change to one unit. Serialized with its action as the `action` field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum UnitBlock {
    Create(Creation),
    Readdress(Readdressing),
    Update(Change),
    Promote(Change),
    Retire(Change),
}

impl UnitBlock {
    pub fn action(&self) -> Action {
        match self {
            UnitBlock::Create(_) => Action::Create,
            UnitBlock::Readdress(_) => Action::Readdress,
            UnitBlock::Update(_) => Action::Update,
            UnitBlock::Promote(_) => Action::Promote,
            UnitBlock::Retire(_) => Action::Retire,
        }
    }

    pub fn unit_id(&self) -> &str {
        match self {
            UnitBlock::Create(b) => &b.unit_id,
            UnitBlock::Readdress(b) => &b.unit_id,
            UnitBlock::Update(b) | UnitBlock::Promote(b) | UnitBlock::Retire(b) => &b.unit_id,
        }
    }

    /// The stored row the block expects to find; `None` for a create.
    pub fn before(&self) -> Option<&StoredUnit> {
        match self {
            UnitBlock::Create(_) => None,
            UnitBlock::Readdress(b) => Some(&b.before),
            UnitBlock::Update(b) | UnitBlock::Promote(b) | UnitBlock::Retire(b) => Some(&b.before),
        }
    }

    /// The row the block writes.
    pub fn after(&self) -> &StoredUnit {
        match self {
            UnitBlock::Create(b) => &b.after,
            UnitBlock::Readdress(b) => &b.after,
            UnitBlock::Update(b) | UnitBlock::Promote(b) | UnitBlock::Retire(b) => &b.after,
        }
    }

    pub fn before_sha256(&self) -> Option<&str> {
        match self {
            UnitBlock::Create(_) => None,
            UnitBlock::Readdress(b) => Some(&b.before_sha256),
            UnitBlock::Update(b) | UnitBlock::Promote(b) | UnitBlock::Retire(b) => {
                Some(&b.before_sha256)
            }
        }
    }

    pub fn after_sha256(&self) -> &str {
        match self {
            UnitBlock::Create(b) => &b.after_sha256,
            UnitBlock::Readdress(b) => &b.after_sha256,
            UnitBlock::Update(b) | UnitBlock::Promote(b) | UnitBlock::Retire(b) => &b.after_sha256,
        }
    }

    /// The alias rows the block creates.
    pub fn aliases(&self) -> &[PlannedAlias] {
        match self {
            UnitBlock::Create(b) => &b.aliases,
            UnitBlock::Readdress(b) => &b.aliases,
            UnitBlock::Update(b) | UnitBlock::Promote(b) | UnitBlock::Retire(b) => &b.aliases,
        }
    }

    /// The columns the block changes; every column for a create.
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
            UnitBlock::Create(_) => ALL,
            UnitBlock::Readdress(b) => &b.changed,
            UnitBlock::Update(b) | UnitBlock::Promote(b) | UnitBlock::Retire(b) => &b.changed,
        }
    }

    // Deterministic order of blocks in a manifest: document position, then action, then id.
    fn sort_key(&self) -> (u32, Action, &str) {
        (self.after().position, self.action(), self.unit_id())
    }
}

/// What VERIFY expects to find for one unit a change set touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedImage {
    pub unit_id: String,
    /// [`unit_image_sha256`] of the row the change set wrote.
    pub after_sha256: String,
}

/// One write the executor performs, in order; see [`Manifest::write_steps`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum WriteStep {
    /// Move the unit to a temporary address (write only `canonical_address`), because
    /// another block's target is the address it holds now (a renumbering cascade or swap).
    Vacate {
        block: usize,
        unit_id: String,
        temporary_address: String,
    },
    /// Write the block's after-image (insert for a create).
    Write { block: usize, unit_id: String },
}

/// Why a manifest text was refused. Every variant says where and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    /// The text is not JSON, or not shaped like a manifest (missing field, wrong type).
    #[error("manifest JSON is invalid at line {line}, column {column}: {message}")]
    InvalidJson {
        message: String,
        line: usize,
        column: usize,
    },
    /// `envelope.format` names a format this crate does not read.
    #[error("envelope.format is '{found}', expected '{FORMAT}'")]
    UnsupportedFormat { found: String },
    /// The text has a field the manifest format does not define, or leaves one out.
    #[error("manifest field {path} does not match the manifest format: expected {expected}, found {found}")]
    ShapeMismatch {
        path: String,
        expected: String,
        found: String,
    },
    /// The manifest does not hash to the sha256 it was approved or stored under.
    #[error("manifest sha256 mismatch: claimed {claimed}, computed {computed}")]
    Sha256Mismatch { claimed: String, computed: String },
    /// A block's before or after hash is not the hash of the image it carries.
    #[error("blocks[{index}] (unit {unit_id}): {side}_sha256 is {claimed} but the {side} image hashes to {computed}")]
    ImageHashMismatch {
        index: usize,
        unit_id: String,
        side: &'static str,
        claimed: String,
        computed: String,
    },
    /// A block contradicts itself or the envelope (ids, document, addresses, changed columns, action).
    #[error("blocks[{index}] (unit {unit_id}) is inconsistent: {reason}")]
    InconsistentBlock {
        index: usize,
        unit_id: String,
        reason: String,
    },
    /// Two blocks change the same unit.
    #[error("blocks[{index}] changes unit {unit_id}, already changed by blocks[{first}]")]
    DuplicateUnit {
        index: usize,
        first: usize,
        unit_id: String,
    },
    /// The blocks are not in canonical order (position, action, unit id).
    #[error("blocks[{index}] (unit {unit_id}) is out of order: blocks are sorted by position, action, unit id")]
    Unsorted { index: usize, unit_id: String },
    /// `envelope.counts` does not count the blocks.
    #[error("envelope.counts.{action} is {claimed} but the blocks have {computed}")]
    CountMismatch {
        action: &'static str,
        claimed: usize,
        computed: usize,
    },
}

impl ManifestError {
    /// Stable kebab-case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidJson { .. } => "invalid-json",
            Self::UnsupportedFormat { .. } => "unsupported-format",
            Self::ShapeMismatch { .. } => "shape-mismatch",
            Self::Sha256Mismatch { .. } => "sha256-mismatch",
            Self::ImageHashMismatch { .. } => "image-hash-mismatch",
            Self::InconsistentBlock { .. } => "inconsistent-block",
            Self::DuplicateUnit { .. } => "duplicate-unit",
            Self::Unsorted { .. } => "unsorted-blocks",
            Self::CountMismatch { .. } => "count-mismatch",
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> String {
        match self {
            Self::InvalidJson { .. } | Self::ShapeMismatch { .. } => {
                "use the manifest exactly as the planner produced it".into()
            }
            Self::UnsupportedFormat { .. } => {
                format!("re-plan the cut with this version to get a '{FORMAT}' manifest")
            }
            Self::Sha256Mismatch { .. } => "the manifest was changed after it was hashed: use the approved manifest, or submit this one for review".into(),
            Self::ImageHashMismatch { .. }
            | Self::InconsistentBlock { .. }
            | Self::DuplicateUnit { .. }
            | Self::Unsorted { .. }
            | Self::CountMismatch { .. } => {
                "the manifest was edited by hand: re-plan the cut instead".into()
            }
        }
    }

    /// The flat `{code, reason, offset, hint}` shape; offset is `None`, the reason names the field.
    pub fn to_report(&self) -> ErrorReport {
        ErrorReport {
            code: self.code(),
            reason: self.to_string(),
            offset: None,
            hint: self.hint(),
        }
    }
}

// The image of a unit: every column a CUT may change, borrowed so hashing does not clone.
#[derive(Serialize)]
struct Image<'a> {
    authority: Authority,
    body: &'a str,
    canonical_address: &'a str,
    canonical_address_format_version: &'a str,
    content_sha256: &'a str,
    document: &'a str,
    heading: Option<&'a str>,
    id: &'a str,
    lifecycle_status: LifecycleStatus,
    ordinal: &'a str,
    parent: Option<&'a str>,
    position: u32,
    section_type: &'a str,
}

impl<'a> Image<'a> {
    fn of(u: &'a StoredUnit) -> Self {
        Image {
            authority: u.authority,
            body: &u.body,
            canonical_address: &u.canonical_address,
            canonical_address_format_version: &u.canonical_address_format_version,
            content_sha256: &u.content_sha256,
            document: &u.document,
            heading: u.heading.as_deref(),
            id: &u.id,
            lifecycle_status: u.lifecycle_status,
            ordinal: &u.ordinal,
            parent: u.parent.as_deref(),
            position: u.position,
            section_type: &u.section_type,
        }
    }
}

/// The one definition of a unit's before/after image: a JSON object of every
/// `logical_unit` column a CUT may change (id, document, section_type, parent,
/// ordinal, heading, body, content_sha256, position, canonical_address,
/// canonical_address_format_version, lifecycle_status, authority). Timestamps are
/// not part of it: they change on every write.
pub fn unit_image(unit: &StoredUnit) -> Value {
    serde_json::to_value(Image::of(unit)).unwrap_or(Value::Null)
}

/// sha256 of the RFC 8785 JSON of [`unit_image`].
///
/// Computed from `serde_json`'s compact output, which for this struct — keys declared
/// in sorted order; only strings, integers, enums and nulls — is byte for byte the
/// RFC 8785 form (tested against [`canonical_json`] below) and ten times faster:
/// VERIFY hashes every unit a change set touched.
pub fn unit_image_sha256(unit: &StoredUnit) -> String {
    match serde_json::to_vec(&Image::of(unit)) {
        Ok(bytes) => sha256_hex_bytes(&bytes),
        Err(_) => canonical_json::sha256(&Image::of(unit)),
    }
}

/// The stored state a plan is computed against: sha256 of the canonical JSON
/// `{"document": id, "units": [[unit id, unit_image_sha256], …]}`, units of that
/// document only, sorted by id. Any change to any column of any of the document's
/// units, or a unit added or removed, changes it.
pub fn base_sha256(document_id: &str, units: &[StoredUnit]) -> String {
    let mut pairs: Vec<(&str, String)> = units
        .iter()
        .filter(|u| u.document == document_id)
        .map(|u| (u.id.as_str(), unit_image_sha256(u)))
        .collect();
    pairs.sort();
    #[derive(Serialize)]
    struct Base<'a> {
        document: &'a str,
        units: Vec<(&'a str, String)>,
    }
    canonical_json::sha256(&Base {
        document: document_id,
        units: pairs,
    })
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

impl Manifest {
    /// Builds a manifest from its blocks: sorts them canonically and counts them.
    pub fn assemble(mut envelope: Envelope, mut blocks: Vec<UnitBlock>) -> Manifest {
        blocks.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        envelope.format = FORMAT.into();
        envelope.counts = count(&blocks);
        Manifest { envelope, blocks }
    }

    /// The RFC 8785 JSON text: the bytes that are hashed, stored and reviewed.
    pub fn to_canonical_json(&self) -> String {
        canonical_json::to_string(self)
    }

    /// sha256 (lowercase hex) of [`Manifest::to_canonical_json`]: the manifest's identity.
    pub fn sha256(&self) -> String {
        sha256_hex(&self.to_canonical_json())
    }

    /// Reads a manifest and checks it: the format, that the text has exactly the
    /// manifest's fields, that it hashes to `claimed_sha256` when one is given, and
    /// that it is internally consistent ([`Manifest::check`]).
    pub fn from_json(json: &str, claimed_sha256: Option<&str>) -> Result<Manifest, ManifestError> {
        let invalid = |e: serde_json::Error| ManifestError::InvalidJson {
            message: e.to_string(),
            line: e.line(),
            column: e.column(),
        };
        let value: Value = serde_json::from_str(json).map_err(invalid)?;
        if let Some(found) = value.pointer("/envelope/format") {
            if found.as_str() != Some(FORMAT) {
                return Err(ManifestError::UnsupportedFormat {
                    found: found
                        .as_str()
                        .map_or_else(|| found.to_string(), str::to_string),
                });
            }
        }
        let manifest: Manifest = serde_json::from_value(value.clone()).map_err(invalid)?;
        let reserialized = serde_json::to_value(&manifest).unwrap_or(Value::Null);
        if let Some((path, expected, found)) =
            first_difference(&reserialized, &value, String::new())
        {
            return Err(ManifestError::ShapeMismatch {
                path,
                expected,
                found,
            });
        }
        if let Some(claimed) = claimed_sha256 {
            let computed = manifest.sha256();
            if !claimed.eq_ignore_ascii_case(&computed) {
                return Err(ManifestError::Sha256Mismatch {
                    claimed: claimed.into(),
                    computed,
                });
            }
        }
        manifest.check()?;
        Ok(manifest)
    }

    /// Checks that the manifest is what the planner would have written: each block's
    /// hashes are those of its images, its unit belongs to the envelope's document,
    /// its `changed` list and action fit its images, no unit appears twice, the blocks
    /// are sorted and the counts count them.
    pub fn check(&self) -> Result<(), ManifestError> {
        if self.envelope.format != FORMAT {
            return Err(ManifestError::UnsupportedFormat {
                found: self.envelope.format.clone(),
            });
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (index, block) in self.blocks.iter().enumerate() {
            let unit_id = block.unit_id();
            let inconsistent = |reason: String| ManifestError::InconsistentBlock {
                index,
                unit_id: unit_id.into(),
                reason,
            };
            if let Some(first) = seen.insert(unit_id, index) {
                return Err(ManifestError::DuplicateUnit {
                    index,
                    first,
                    unit_id: unit_id.into(),
                });
            }
            if index > 0 && self.blocks[index - 1].sort_key() > block.sort_key() {
                return Err(ManifestError::Unsorted {
                    index,
                    unit_id: unit_id.into(),
                });
            }
            let after = block.after();
            let computed = unit_image_sha256(after);
            if computed != block.after_sha256() {
                return Err(ManifestError::ImageHashMismatch {
                    index,
                    unit_id: unit_id.into(),
                    side: "after",
                    claimed: block.after_sha256().into(),
                    computed,
                });
            }
            if let (Some(before), Some(claimed)) = (block.before(), block.before_sha256()) {
                let computed = unit_image_sha256(before);
                if computed != claimed {
                    return Err(ManifestError::ImageHashMismatch {
                        index,
                        unit_id: unit_id.into(),
                        side: "before",
                        claimed: claimed.into(),
                        computed,
                    });
                }
                if before.id != unit_id {
                    return Err(inconsistent(format!(
                        "the before image is of unit {}",
                        before.id
                    )));
                }
                let changed = changed_columns(before, after);
                if changed != block.changed() {
                    return Err(inconsistent(format!(
                        "changed lists {:?} but the images differ in {:?}",
                        block.changed(),
                        changed
                    )));
                }
                if changed.is_empty() {
                    return Err(inconsistent("the before and after images are equal".into()));
                }
            }
            if after.id != unit_id {
                return Err(inconsistent(format!(
                    "the after image is of unit {}",
                    after.id
                )));
            }
            if after.document != self.envelope.document_id {
                return Err(inconsistent(format!(
                    "the unit belongs to document {}, not {}",
                    after.document, self.envelope.document_id
                )));
            }
            let moved = block
                .before()
                .is_some_and(|b| b.canonical_address != after.canonical_address);
            match block {
                UnitBlock::Readdress(b)
                    if !moved
                        || b.old_address != b.before.canonical_address
                        || b.new_address != b.after.canonical_address =>
                {
                    return Err(inconsistent(format!(
                        "readdress {} → {} does not match the images ({} → {})",
                        b.old_address,
                        b.new_address,
                        b.before.canonical_address,
                        b.after.canonical_address
                    )));
                }
                UnitBlock::Update(_) | UnitBlock::Promote(_) | UnitBlock::Retire(_) if moved => {
                    return Err(inconsistent(format!(
                        "the address changes, so the action is readdress, not {}",
                        block.action()
                    )));
                }
                UnitBlock::Promote(b) if !is_promotion(&b.before, &b.after) => {
                    return Err(inconsistent(
                        "a promote changes only draft_only → active and its authority".into(),
                    ));
                }
                UnitBlock::Retire(b) if b.after.lifecycle_status != LifecycleStatus::Retired => {
                    return Err(inconsistent(
                        "a retire leaves the unit with lifecycle_status retired".into(),
                    ));
                }
                _ => {}
            }
        }
        let computed = count(&self.blocks);
        let claimed = self.envelope.counts;
        for (action, claimed, computed) in [
            ("create", claimed.create, computed.create),
            ("update", claimed.update, computed.update),
            ("readdress", claimed.readdress, computed.readdress),
            ("retire", claimed.retire, computed.retire),
            ("promote", claimed.promote, computed.promote),
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

    /// What VERIFY must find after the executor applied this manifest: one expected
    /// image hash per touched unit.
    pub fn expected_after_images(&self) -> Vec<ExpectedImage> {
        self.blocks
            .iter()
            .map(|b| ExpectedImage {
                unit_id: b.unit_id().into(),
                after_sha256: b.after_sha256().into(),
            })
            .collect()
    }

    /// The order in which an executor writes the blocks inside its one transaction so
    /// that `canonical_address` stays UNIQUE after every statement and every parent
    /// exists before its children point to it.
    ///
    /// First every readdressed unit whose current address is the target of another
    /// block (renumbering cascade `11→12, 12→13`, or a swap) is moved to a temporary
    /// address `<doc>/tmp-<32 hex>`; then every block is written in manifest order
    /// (document position, so parents come first).
    pub fn write_steps(&self) -> Vec<WriteStep> {
        let targets: HashSet<&str> = self
            .blocks
            .iter()
            .filter(|b| matches!(b, UnitBlock::Create(_) | UnitBlock::Readdress(_)))
            .map(|b| b.after().canonical_address.as_str())
            .collect();
        let mut steps = Vec::with_capacity(self.blocks.len());
        for (block, b) in self.blocks.iter().enumerate() {
            if let UnitBlock::Readdress(r) = b {
                if targets.contains(r.old_address.as_str()) {
                    steps.push(WriteStep::Vacate {
                        block,
                        unit_id: r.unit_id.clone(),
                        temporary_address: temporary_address(&self.envelope.doc, &r.unit_id),
                    });
                }
            }
        }
        steps.extend(
            self.blocks
                .iter()
                .enumerate()
                .map(|(block, b)| WriteStep::Write {
                    block,
                    unit_id: b.unit_id().into(),
                }),
        );
        steps
    }
}

/// A promotion changes nothing but `draft_only` → `active` and the authority BR-4 gives it.
pub(crate) fn is_promotion(before: &StoredUnit, after: &StoredUnit) -> bool {
    before.lifecycle_status == LifecycleStatus::DraftOnly
        && after.lifecycle_status == LifecycleStatus::Active
        && changed_columns(before, after)
            .iter()
            .all(|c| matches!(c, Column::LifecycleStatus | Column::Authority))
}

// A valid canonical-address-v1 that no vocabulary token produces and no two units share.
fn temporary_address(doc: &str, unit_id: &str) -> String {
    let digest = sha256_hex(unit_id);
    format!("{doc}/tmp-{}", &digest[..32])
}

fn count(blocks: &[UnitBlock]) -> Counts {
    let mut counts = Counts::default();
    for b in blocks {
        match b.action() {
            Action::Create => counts.create += 1,
            Action::Update => counts.update += 1,
            Action::Readdress => counts.readdress += 1,
            Action::Retire => counts.retire += 1,
            Action::Promote => counts.promote += 1,
        }
        counts.aliases += b.aliases().len();
    }
    counts
}

// The first JSON pointer where `found` differs from `expected`, with both sides shown briefly.
fn first_difference(
    expected: &Value,
    found: &Value,
    path: String,
) -> Option<(String, String, String)> {
    let shown = |v: Option<&Value>| match v {
        None => "nothing".to_string(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 80 {
                let cut: String = text.chars().take(77).collect();
                format!("{cut}...")
            } else {
                text
            }
        }
    };
    match (expected, found) {
        (Value::Object(e), Value::Object(f)) => {
            let mut keys: Vec<&String> = e.keys().chain(f.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let child = format!("{path}/{key}");
                match (e.get(key), f.get(key)) {
                    (Some(ev), Some(fv)) => {
                        if let Some(d) = first_difference(ev, fv, child) {
                            return Some(d);
                        }
                    }
                    (ev, fv) => return Some((child, shown(ev), shown(fv))),
                }
            }
            None
        }
        (Value::Array(e), Value::Array(f)) => {
            for (i, (ev, fv)) in e.iter().zip(f).enumerate() {
                if let Some(d) = first_difference(ev, fv, format!("{path}/{i}")) {
                    return Some(d);
                }
            }
            if e.len() != f.len() {
                return Some((
                    path,
                    format!("{} items", e.len()),
                    format!("{} items", f.len()),
                ));
            }
            None
        }
        (e, f) if e == f => None,
        (e, f) => Some((
            if path.is_empty() { "/".into() } else { path },
            shown(Some(e)),
            shown(Some(f)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unit(heading: Option<&str>, body: &str) -> StoredUnit {
        StoredUnit {
            id: "2b26ea8f-ca45-8913-a682-3ee2e034f30f".into(),
            document: "doc-45-2019-qh14".into(),
            section_type: "diem".into(),
            parent: Some("u-khoan-1".into()),
            ordinal: "dd".into(),
            heading: heading.map(str::to_string),
            body: body.into(),
            content_sha256: crate::unit::content_sha256(heading, body),
            position: 4_000_000_000,
            canonical_address: "45-2019-qh14/dieu-44/khoan-1/diem-dd".into(),
            canonical_address_format_version: "canonical-address-v1".into(),
            lifecycle_status: LifecycleStatus::DraftOnly,
            authority: Authority::Runtime,
        }
    }

    #[test]
    fn the_image_hash_is_the_sha256_of_the_rfc8785_image() {
        for (heading, body) in [
            (None, "Đơn phương chấm dứt hợp đồng lao động;"),
            (
                Some("Quyền \"đình công\""),
                "tab\tnew\nline\r\u{8}\u{c}\u{1}\u{1f}\u{7f} \\ / \u{2028}\u{2029} 😀",
            ),
            (Some(""), ""),
        ] {
            let u = unit(heading, body);
            assert_eq!(
                unit_image_sha256(&u),
                canonical_json::sha256(&unit_image(&u))
            );
        }
    }

    #[test]
    fn the_image_covers_every_column_a_cut_may_change() {
        let image = unit_image(&unit(None, "x"));
        let keys: Vec<&str> = image
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            vec![
                "authority",
                "body",
                "canonical_address",
                "canonical_address_format_version",
                "content_sha256",
                "document",
                "heading",
                "id",
                "lifecycle_status",
                "ordinal",
                "parent",
                "position",
                "section_type",
            ]
        );
    }

    proptest! {
        #[test]
        fn the_fast_image_hash_equals_the_canonical_one_for_any_text(
            heading in proptest::option::of(any::<String>()),
            body in any::<String>(),
            id in any::<String>(),
        ) {
            let mut u = unit(heading.as_deref(), &body);
            u.id = id;
            prop_assert_eq!(unit_image_sha256(&u), canonical_json::sha256(&unit_image(&u)));
        }
    }

    #[test]
    fn write_steps_vacate_a_unit_whose_address_another_block_takes() {
        assert_eq!(
            temporary_address("45-2019-qh14", "u-1"),
            format!("45-2019-qh14/tmp-{}", &sha256_hex("u-1")[..32])
        );
        assert!(crate::address::validate(&temporary_address("45-2019-qh14", "u-1")).is_ok());
    }

    #[test]
    fn first_difference_names_the_json_pointer() {
        let a = serde_json::json!({"envelope": {"counts": {"create": 1}}, "blocks": [1, 2]});
        let b = serde_json::json!({"envelope": {"counts": {"create": 2}}, "blocks": [1, 2]});
        assert_eq!(
            first_difference(&a, &b, String::new()),
            Some(("/envelope/counts/create".into(), "1".into(), "2".into()))
        );
        let c = serde_json::json!({"envelope": {"counts": {"create": 1}}, "blocks": [1]});
        assert_eq!(
            first_difference(&a, &c, String::new()),
            Some(("/blocks".into(), "2 items".into(), "1 items".into()))
        );
    }
}
