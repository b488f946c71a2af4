//! Manifests: the reviewed, hashed description of one CUT.
//!
//! A manifest is an [`Envelope`] (which document, which source text, which stored
//! state it was planned against, who asked and when) and one [`UnitBlock`] per unit
//! that changes. It is identified by the sha256 of its RFC 8785 JSON
//! ([`Manifest::sha256`]): a reviewer approves that hash, the executor refuses any
//! other, and the verifier recomputes the after-images it promises.
//!
//! Every block carries the full before-image (absent for `create`) and after-image
//! (absent for `remove`) of its unit and their hashes under the one image definition,
//! [`unit_image`], so a manifest is enough to check optimistic concurrency, to verify
//! the result and to build its rollback ([`crate::change::rollback`]).
//!
//! # Confirm and remove
//!
//! Two actions exist for the governed workflow rather than for the diff:
//!
//! - `confirm` records a unit a scoped CUT covers but leaves as it is (before = after):
//!   the change set still names the unit, its before-image is still checked and VERIFY
//!   still recomputes its image, so "one CUT/VERIFY cycle on one unchanged unit" is one
//!   block and one affected row. It is the only action whose images may be equal.
//! - `remove` deletes a unit. Only a rollback produces it (undoing a `create`), so
//!   [`Manifest::check`] accepts it only in a manifest whose envelope has `rollback_of`.
//!
//! Both are additions: a manifest without them serializes exactly as before (their
//! counts and the envelope's `rollback_of` and `scope` are left out when empty), so the
//! hash of every earlier manifest is unchanged.
//!
//! # Formats: what `position` means
//!
//! `envelope.format` says how to read the images' `position` and how the blocks are ordered
//! (issue 30). Both formats are read and checked; new manifests are written in [`FORMAT`].
//!
//! - [`FORMAT_V1`] (`iu-cutter-manifest-v1`, every manifest written before issue 30):
//!   `position` is the unit's place in the whole document, and the blocks are sorted by
//!   (image position, action, unit id).
//! - [`FORMAT`] (`iu-cutter-manifest-v2`): `position` is the unit's order among its siblings
//!   (the units with the same parent), so a unit inserted or removed changes only its later
//!   siblings. The blocks are in document order ([`crate::store::unit::stored_document_order`]) of
//!   the document the manifest leaves (each block's after-image, a removed unit's before-image,
//!   every other unit as stored). From the manifest alone [`Manifest::check`] checks what that
//!   order implies: a block whose image's parent is another block's unit comes after it, and
//!   blocks with the same parent are in (position, unit id) order.
//!
//! The bytes of a manifest are otherwise the same in both formats, so a stored v1 manifest
//! still reads, hashes and checks to the sha256 it was approved under. The order rule of
//! [`crate::store::unit::stored_document_order`] reads either meaning of `position`.
//!
//! # Where the rest is
//!
//! This file holds the model: the types a manifest is made of and its errors. What is done
//! with them is in a file each: what a block says about its unit (`block`), the image and
//! its hash (`image`), the blocks' canonical order (`order`), [`Manifest::check`] (`check`),
//! reading a manifest's JSON (`json`), its stored parts (`parts`) and the executor's writes
//! (`writes`). Their public items are re-exported here, so every path stays
//! `crate::change::manifest::…`.

mod block;
mod check;
mod image;
mod json;
mod order;
mod parts;
mod writes;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use crate::store::alias::AliasKind;
use crate::store::unit::{StoredAlias, StoredUnit};
use crate::text::report::Report;

pub use block::changed_columns;
pub(crate) use block::is_promotion;
pub use image::{base_sha256, result_sha256, unit_image, unit_image_sha256, BaseHash};
pub use parts::{canonical_parts_sha256, join_canonical_parts, PartsReader};

/// The value of [`Envelope::format`] this crate writes: images hold sibling positions (see
/// the module docs).
pub const FORMAT: &str = "iu-cutter-manifest-v2";

/// The format of manifests written before issue 30, still read: images hold document
/// positions and blocks are sorted by them.
pub const FORMAT_V1: &str = "iu-cutter-manifest-v1";

/// Whether this crate reads manifests of `format`.
pub fn is_known_format(format: &str) -> bool {
    format == FORMAT || format == FORMAT_V1
}

/// One planned CUT of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Manifest {
    pub envelope: Envelope,
    /// In document order ([`FORMAT`]); in a [`FORMAT_V1`] manifest, sorted by position (the
    /// after-image's; the before-image's for a remove), then [`Action`], then unit id.
    pub blocks: Vec<UnitBlock>,
}

/// What a manifest is about and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Envelope {
    /// [`FORMAT`], or [`FORMAT_V1`] for a manifest written before issue 30 (or a rollback of
    /// one): it says what the images' `position` means.
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
    /// For a rollback: the sha256 of the manifest whose CUT it undoes. Left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub rollback_of: Option<String>,
    /// For a scoped plan ([`crate::change::plan::PlanInput::scope`]): the canonical addresses it
    /// was limited to, sorted, so a reviewer sees that the manifest covers only part of
    /// what the text changes. Left out for a plan of the whole document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub scope: Option<Vec<String>>,
    /// The request said `allow_mass_retire: true` and the plan does retire more than
    /// [`crate::change::plan::MASS_RETIRE_THRESHOLD`] of the document's live units
    /// ([`crate::change::plan::plan_guarded`]). Part of the hashed envelope, so the reviewer
    /// approves the override together with the blocks. Left out (false) otherwise, so
    /// the bytes and sha256 of every other manifest are unchanged.
    #[serde(default, skip_serializing_if = "is_false")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub allow_mass_retire: bool,
    /// For a repair ([`crate::change::repair`]): the id of the `ledger_incident` whose findings
    /// it restores the store from. Left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub repair_of: Option<String>,
    /// The alias rows the manifest writes by themselves, sorted by `alias_id`: for a repair,
    /// the rows it restores to the ledger's last after-images; for a crosswalk
    /// ([`Envelope::crosswalk`]), the rows it creates (`before` null). No other manifest has
    /// them. Left out when empty, so the bytes and sha256 of every other manifest are unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub alias_repairs: Vec<AliasRepair>,
    /// For a plan made from amending laws ([`crate::change::amend`]): the laws and every instruction
    /// they give for this document, applied or not (with why), so the reviewer approves what
    /// was left out together with the blocks. Left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub amendment: Option<Amendment>,
    /// For an alias-only manifest imported from a renumbering table ([`crate::change::crosswalk`]):
    /// the file it was read from. Such a manifest has no blocks; its alias rows are in
    /// `alias_repairs`, each a creation. Left out otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub crosswalk: Option<Crosswalk>,
    /// For the change set that moves a document written before issue 30 over to sibling
    /// positions ([`crate::change::plan::plan_position_upgrade`], opened by migration iu0011): its only
    /// blocks are updates of `position` alone. Left out (false) otherwise, so the bytes and
    /// sha256 of every other manifest are unchanged.
    #[serde(default, skip_serializing_if = "is_false")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub positions_upgrade: bool,
}

/// The renumbering table an alias-only manifest was imported from ([`Envelope::crosswalk`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Crosswalk {
    pub format: CrosswalkFormat,
    /// sha256 of the file's text as given (byte order mark included).
    pub file_sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub file_name: Option<String>,
    /// Alias rows the file gives: the length of `alias_repairs` (a JSON row naming several
    /// new addresses gives one alias row each).
    pub rows: usize,
}

/// How a crosswalk file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum CrosswalkFormat {
    Csv,
    Json,
}

/// The amending laws a manifest carries out ([`Envelope::amendment`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Amendment {
    /// In the order given; they apply in the order they come into force.
    pub laws: Vec<AmendmentLaw>,
    /// Every instruction for the amended document, in the order applied.
    pub steps: Vec<AmendmentStep>,
    /// What the reader could not read in the amending laws' provisions for this document (or
    /// for no law it can tell); left out when nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub unread: Vec<Unread>,
}

/// One amending law of an [`Amendment`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AmendmentLaw {
    /// Its slug and code as published: `57-2024-qh15`, `57/2024/QH15`.
    pub doc: String,
    pub doc_code: String,
    /// Its `legal_document` id, where it is stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub document_id: Option<String>,
    /// When it was adopted and when it comes into force (`YYYY-MM-DD`), as its text says.
    pub adopted: Option<String>,
    pub in_force: Option<String>,
}

/// One instruction of an [`Amendment`] and whether it was applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AmendmentStep {
    /// `57-2024-qh15/dieu-4/khoan-1`: the amending law's slug and the provision that gives it
    /// (`#2` … when one provision gives several); what blocks name in `amended_by`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The amending law's code, e.g. `57/2024/QH15`.
    pub law: String,
    /// `Điều 4 khoản 1`.
    pub provision: String,
    /// `replace`, `insert`, `repeal`, `replace-phrase`, `repeal-phrase`, `insert-phrase`.
    pub kind: String,
    /// The units it names, as canonical addresses of the amended document.
    pub targets: Vec<String>,
    /// When it comes into force (`YYYY-MM-DD`).
    pub effective: Option<String>,
    pub applied: bool,
    /// Why it was not applied: a stable code and words an editor can act on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The editor carried it out by hand (an instruction the core could not apply), with why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub by_hand: Option<Manual>,
}

/// Why the editor made or changed something by hand: the note the reviewer reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Manual {
    pub note: String,
}

/// Words of an amending law the reader could not read as an instruction (a law-wide wording
/// change it does not apply, a table row…): recorded so the reviewer sees what was not applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Unread {
    /// The amending law's code, e.g. `90/2025/QH15`.
    pub law: String,
    /// `Điều 1 khoản 19` (empty when the words are in no provision).
    pub provision: String,
    pub line: u32,
    /// Byte offset into the amending law's text.
    pub offset: usize,
    pub text: String,
    /// The reader's code (`no-target`, `unknown-form`) and why.
    pub code: String,
    pub reason: String,
    /// The editor carried it out by hand, with why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub by_hand: Option<Manual>,
}

/// One `canonical_address_alias` row a repair puts back as the ledger last recorded it, or a
/// crosswalk creates: `before` is the row as stored when the manifest was planned (`null`:
/// there is none; always, for a crosswalk), `after` the row the executor leaves (`null`: the
/// row is deleted). The executor refuses unless the stored row is still `before`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AliasRepair {
    pub alias_id: String,
    pub before: Option<StoredAlias>,
    pub after: Option<StoredAlias>,
}

/// Number of blocks per action, and of alias rows, so a reviewer sees the size at a glance.
///
/// `confirm` and `remove` are written only when non-zero, so manifests made before
/// those actions existed keep their bytes and their sha256.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Counts {
    pub create: usize,
    pub update: usize,
    pub readdress: usize,
    pub retire: usize,
    pub promote: usize,
    pub aliases: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub confirm: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub remove: usize,
}

impl Envelope {
    /// Whether [`Manifest::write_steps`] of a manifest with these counts is a `write` of
    /// every block but the confirms, in manifest order: with no `remove` and no `readdress`
    /// block nothing is removed and no address is vacated first. Known from the envelope
    /// alone, so a CUT can write units while its blocks are still being read and checked;
    /// the counts are only claims until [`Manifest::check`] has counted the blocks, so such
    /// a CUT compares the steps it took with `write_steps` before it commits.
    pub fn writes_in_block_order(&self) -> bool {
        self.counts.remove == 0 && self.counts.readdress == 0
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// What a block does to its unit. The order is the tie-break between blocks at one position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// A unit a scoped cut covers and leaves exactly as it is (before = after).
    Confirm,
    /// A unit deleted from the store; only a rollback (undoing a create) does this.
    Remove,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Readdress => "readdress",
            Action::Update => "update",
            Action::Promote => "promote",
            Action::Retire => "retire",
            Action::Confirm => "confirm",
            Action::Remove => "remove",
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Creation {
    pub unit_id: String,
    pub after_sha256: String,
    pub after: StoredUnit,
    /// Split aliases pointing to this new part of a split unit; usually empty.
    pub aliases: Vec<PlannedAlias>,
    /// The amending instructions behind the block ([`AmendmentStep::reference`]); left out when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub amended_by: Vec<String>,
    /// Made or changed by hand by the editor ([`crate::change::amend::ManualEdit`]), with why; left
    /// out otherwise, so the bytes and sha256 of every other manifest are unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub manual: Option<Manual>,
    /// The publisher's editorial notes on the unit as cut ([`crate::store::unit::CutUnit::notes`]):
    /// not its text, kept beside it in the reviewed manifest; left out when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub notes: Vec<String>,
}

/// A stored unit that changes in place (update, promote, retire), or that a scoped cut
/// confirms unchanged (confirm: `before` = `after`, `changed` empty, equal hashes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// The amending instructions behind the block ([`AmendmentStep::reference`]); left out when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub amended_by: Vec<String>,
    /// Made or changed by hand by the editor ([`crate::change::amend::ManualEdit`]), with why; left
    /// out otherwise, so the bytes and sha256 of every other manifest are unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub manual: Option<Manual>,
    /// The publisher's editorial notes on the unit as cut ([`crate::store::unit::CutUnit::notes`]):
    /// not its text, kept beside it in the reviewed manifest; left out when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub notes: Vec<String>,
}

/// A stored unit whose canonical address changes; its old address becomes an alias.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// The amending instructions behind the block ([`AmendmentStep::reference`]); left out when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub amended_by: Vec<String>,
    /// Made or changed by hand by the editor ([`crate::change::amend::ManualEdit`]), with why; left
    /// out otherwise, so the bytes and sha256 of every other manifest are unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub manual: Option<Manual>,
    /// The publisher's editorial notes on the unit as cut ([`crate::store::unit::CutUnit::notes`]):
    /// not its text, kept beside it in the reviewed manifest; left out when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub notes: Vec<String>,
}

/// A stored unit deleted by a rollback: the unit its manifest's CUT created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Removal {
    pub unit_id: String,
    /// [`unit_image_sha256`] of `before`: the executor refuses if the stored row no longer hashes to it.
    pub before_sha256: String,
    pub before: StoredUnit,
}

/// One change to one unit. Serialized with its action as the `action` field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum UnitBlock {
    Create(Creation),
    Readdress(Readdressing),
    Update(Change),
    Promote(Change),
    Retire(Change),
    Confirm(Change),
    Remove(Removal),
}

/// What VERIFY expects to find for one unit a change set touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExpectedImage {
    pub unit_id: String,
    /// [`unit_image_sha256`] of the row the change set wrote; `null` when it removed the
    /// unit, which must then be absent. Required (`null`, not left out): a caller that
    /// forgot the field must not silently ask VERIFY to check that a unit is gone.
    #[serde(deserialize_with = "Option::deserialize")]
    pub after_sha256: Option<String>,
}

/// One write the executor performs, in order; see [`Manifest::write_steps`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// Delete the unit (a rollback's remove block).
    Remove { block: usize, unit_id: String },
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
    #[error("envelope.format is '{found}', expected '{FORMAT}' (or '{FORMAT_V1}')")]
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
    /// The blocks are not in canonical order: document order (a parent's block before its
    /// children's, siblings by position and unit id); in a v1 manifest, position, action, unit id.
    #[error("blocks[{index}] (unit {unit_id}) is out of order: blocks are in document order (v1: sorted by position, action, unit id)")]
    Unsorted { index: usize, unit_id: String },
    /// `envelope.counts` does not count the blocks.
    #[error("envelope.counts.{action} is {claimed} but the blocks have {computed}")]
    CountMismatch {
        action: &'static str,
        claimed: usize,
        computed: usize,
    },
    /// An alias repair contradicts itself or the envelope (ids, order, not a repair).
    #[error("envelope.alias_repairs[{index}] (alias {alias_id}) is inconsistent: {reason}")]
    InconsistentAliasRepair {
        index: usize,
        alias_id: String,
        reason: String,
    },
}

impl Report for ManifestError {
    /// Stable kebab-case code.
    fn code(&self) -> &'static str {
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
            Self::InconsistentAliasRepair { .. } => "inconsistent-alias-repair",
        }
    }

    /// How to fix it.
    fn hint(&self) -> String {
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
            | Self::CountMismatch { .. }
            | Self::InconsistentAliasRepair { .. } => {
                "the manifest was edited by hand: re-plan the cut instead".into()
            }
        }
    }
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
            Action::Confirm => counts.confirm += 1,
            Action::Remove => counts.remove += 1,
        }
        counts.aliases += b.aliases().len();
    }
    counts
}
