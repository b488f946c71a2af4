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

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::store::alias::AliasKind;
use crate::store::unit::{document_order_by, Authority, LifecycleStatus, StoredAlias, StoredUnit};
use crate::text::canonical_json;
use crate::text::hash::{hex, sha256_hex, sha256_hex_bytes};
use crate::text::report::Report;
use sha2::{Digest, Sha256};

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

    // The order of blocks in a FORMAT_V1 manifest: document position, then action, then id.
    fn sort_key(&self) -> (u32, Action, &str) {
        (self.image().position, self.action(), self.unit_id())
    }
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

// The image of a unit: every column a CUT may change, borrowed so hashing does not clone.
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
/// Computed from `serde_json`'s compact output (as [`write_image`] writes it), which for
/// this struct — keys declared in sorted order; only strings, integers, enums and nulls —
/// is byte for byte the RFC 8785 form (tested against [`canonical_json`] below) and ten
/// times faster: VERIFY hashes every unit a change set touched.
pub fn unit_image_sha256(unit: &StoredUnit) -> String {
    let mut buf = Vec::new();
    write_image(&mut buf, unit);
    sha256_hex_bytes(&buf)
}

/// Appends the JSON of [`Image`] — serde_json's compact output, so RFC 8785 — written
/// directly: serde_json escapes a string byte by byte, and a plan or VERIFY of a 100k-unit
/// document serializes 100k images (a test below holds it to serde_json for any unit).
fn write_image(out: &mut Vec<u8>, u: &StoredUnit) {
    let opt = |out: &mut Vec<u8>, s: Option<&str>| match s {
        Some(s) => write_json_str(out, s),
        None => out.extend_from_slice(b"null"),
    };
    out.extend_from_slice(b"{\"authority\":\"");
    out.extend_from_slice(match u.authority {
        Authority::Draft => b"draft",
        Authority::Enacted => b"enacted",
        Authority::Runtime => b"runtime",
    });
    out.extend_from_slice(b"\",\"body\":");
    write_json_str(out, &u.body);
    out.extend_from_slice(b",\"canonical_address\":");
    write_json_str(out, &u.canonical_address);
    out.extend_from_slice(b",\"canonical_address_format_version\":");
    write_json_str(out, &u.canonical_address_format_version);
    out.extend_from_slice(b",\"content_sha256\":");
    write_json_str(out, &u.content_sha256);
    out.extend_from_slice(b",\"document\":");
    write_json_str(out, &u.document);
    out.extend_from_slice(b",\"heading\":");
    opt(out, u.heading.as_deref());
    out.extend_from_slice(b",\"id\":");
    write_json_str(out, &u.id);
    out.extend_from_slice(b",\"lifecycle_status\":\"");
    out.extend_from_slice(match u.lifecycle_status {
        LifecycleStatus::DraftOnly => b"draft_only".as_slice(),
        LifecycleStatus::Active => b"active",
        LifecycleStatus::Retired => b"retired",
    });
    out.extend_from_slice(b"\",\"ordinal\":");
    write_json_str(out, &u.ordinal);
    out.extend_from_slice(b",\"parent\":");
    opt(out, u.parent.as_deref());
    out.extend_from_slice(b",\"position\":");
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut n = u.position;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
    out.extend_from_slice(b",\"section_type\":");
    write_json_str(out, &u.section_type);
    out.push(b'}');
}

/// [`canonical_json::write_str`], with one pass the compiler vectorizes first: most text
/// needs no escape and is then copied whole.
fn write_json_str(out: &mut Vec<u8>, s: &str) {
    let plain = s.bytes().fold(true, |plain, b| {
        plain & (b >= 0x20) & (b != b'"') & (b != b'\\')
    });
    if plain {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        canonical_json::write_str(out, s);
    }
}

/// The stored state a plan is computed against: sha256 of the canonical JSON
/// `{"document": id, "units": [[unit id, unit_image_sha256], …]}`, units of that
/// document only, sorted by id. Any change to any column of any of the document's
/// units, or a unit added or removed, changes it.
pub fn base_sha256(document_id: &str, units: &[StoredUnit]) -> String {
    // What BaseHash does, with borrowed ids, hashes on the stack and one serialization
    // buffer for all images: the bulk of planning an unchanged 100k-unit document.
    let mut buf = Vec::new();
    let pairs: Vec<(&str, [u8; 64])> = units
        .iter()
        .filter(|u| u.document == document_id)
        .map(|u| (u.id.as_str(), image_sha256_hex(&mut buf, u)))
        .collect();
    sorted_base_sha256(
        document_id,
        // Hex digits are ASCII: always UTF-8.
        pairs
            .iter()
            .map(|(id, sha256)| (*id, std::str::from_utf8(sha256).unwrap_or_default())),
    )
}

// [`unit_image_sha256`] as hex bytes, written into `buf` (cleared first).
fn image_sha256_hex(buf: &mut Vec<u8>, unit: &StoredUnit) -> [u8; 64] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    buf.clear();
    write_image(buf, unit);
    for (pair, b) in out.chunks_exact_mut(2).zip(Sha256::digest(buf.as_slice())) {
        pair[0] = HEX[usize::from(b >> 4)];
        pair[1] = HEX[usize::from(b & 0x0f)];
    }
    out
}

// sha256 of the RFC 8785 JSON `{"document": …, "units": [[id, sha256], …]}` of these
// pairs sorted (by id, then sha256), written directly (keys in order, strings as the
// canonicalizer writes them; through serde it was a tenth of a 100k-unit CUT's check)
// and streamed into the hasher.
fn sorted_base_sha256<'a>(
    document: &str,
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> String {
    // Sorted with the first 16 bytes of the id as a number in front: random ids almost
    // always differ there, so most comparisons do not follow the pointers to the text
    // (a sort of 100k string pairs was mostly cache misses). Zero-padding keeps the order
    // of the ids: a shorter id that is a prefix of another sorts first either way.
    let mut sorted: Vec<(u128, &str, &str)> = pairs
        .map(|(id, sha256)| {
            let mut prefix = [0u8; 16];
            for (p, b) in prefix.iter_mut().zip(id.bytes()) {
                *p = b;
            }
            (u128::from_be_bytes(prefix), id, sha256)
        })
        .collect();
    // Equal elements are equal bytes, so an unstable sort gives the same text.
    sorted.sort_unstable();
    let mut hasher = Sha256::new();
    let mut out = Vec::with_capacity(1 << 16);
    out.extend_from_slice(b"{\"document\":");
    canonical_json::write_str(&mut out, document);
    out.extend_from_slice(b",\"units\":[");
    for (i, (_, id, sha256)) in sorted.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        write_json_str(&mut out, id);
        out.push(b',');
        write_json_str(&mut out, sha256);
        out.push(b']');
        if out.len() >= 1 << 15 {
            hasher.update(&out);
            out.clear();
        }
    }
    out.extend_from_slice(b"]}");
    hasher.update(&out);
    hex(&hasher.finalize())
}

/// [`base_sha256`] of the units [`crate::change::plan::apply`] gives for `manifest` on `stored`, for a
/// manifest that passed [`Manifest::check`]: each block's `after_sha256` is its image's hash
/// already, so the CUT does not hash 100k after-images a second time.
pub fn result_sha256(document_id: &str, stored: &[StoredUnit], manifest: &Manifest) -> String {
    let touched: HashSet<&str> = manifest.blocks.iter().map(UnitBlock::unit_id).collect();
    let mut base = BaseHash::new(document_id);
    base.add(stored.iter().filter(|u| !touched.contains(u.id.as_str())));
    for block in &manifest.blocks {
        if let (Some(after), Some(sha256)) = (block.after(), block.after_sha256()) {
            if after.document == document_id {
                base.pairs.push((after.id.clone(), sha256.to_owned()));
            }
        }
    }
    base.finish()
}

/// [`base_sha256`] fed a page of units at a time, in any order: VERIFY reads a
/// 100k-unit document in pages instead of holding it whole. It keeps one
/// (id, image sha256) pair per unit, about 130 bytes, and sorts them at the end.
pub struct BaseHash {
    document: String,
    pairs: Vec<(String, String)>,
}

impl BaseHash {
    pub fn new(document_id: &str) -> Self {
        BaseHash {
            document: document_id.to_owned(),
            pairs: Vec::new(),
        }
    }

    /// Units of other documents are left out, as [`base_sha256`] does.
    pub fn add<'a>(&mut self, units: impl IntoIterator<Item = &'a StoredUnit>) {
        let document = &self.document;
        self.pairs.extend(
            units
                .into_iter()
                .filter(|u| &u.document == document)
                .map(|u| (u.id.clone(), unit_image_sha256(u))),
        );
    }

    /// Units added so far (of the document).
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    pub fn finish(self) -> String {
        sorted_base_sha256(
            &self.document,
            self.pairs
                .iter()
                .map(|(id, sha256)| (id.as_str(), sha256.as_str())),
        )
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

// The blocks in the document order of the units the manifest leaves: every stored unit no
// block touches, each block's after-image, and each removed unit's before-image (at its place
// before the removal), siblings by (position, unit id) — see the module docs.
fn in_document_order(blocks: Vec<UnitBlock>, stored: &[StoredUnit]) -> Vec<UnitBlock> {
    let touched: HashSet<&str> = blocks.iter().map(UnitBlock::unit_id).collect();
    let units: Vec<&StoredUnit> = blocks
        .iter()
        .map(UnitBlock::image)
        .chain(stored.iter().filter(|u| !touched.contains(u.id.as_str())))
        .collect();
    let by_id: HashMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    let order = document_order_by(
        units.len(),
        |i| {
            units[i]
                .parent
                .as_deref()
                .and_then(|p| by_id.get(p).copied())
        },
        |i| (units[i].position, units[i].id.as_str()),
    );
    // The blocks are the first units: their indices are block indices.
    let n = blocks.len();
    let mut slots: Vec<Option<UnitBlock>> = blocks.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter(|&i| i < n)
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

// What [`Manifest::check`] can see of a v2 manifest's document order from its blocks alone:
// a block whose image's parent is another block's unit comes after that block, and blocks
// with the same parent are in (position, unit id) order.
struct TreeOrder<'a> {
    block_of: HashMap<&'a str, usize>,
    last_child: HashMap<Option<&'a str>, (u32, &'a str)>,
}

impl<'a> TreeOrder<'a> {
    fn new(blocks: &'a [UnitBlock]) -> Self {
        let mut block_of = HashMap::with_capacity(blocks.len());
        for (i, b) in blocks.iter().enumerate() {
            // The first block of a unit: a second one is refused as a duplicate anyway.
            block_of.entry(b.unit_id()).or_insert(i);
        }
        TreeOrder {
            block_of,
            last_child: HashMap::new(),
        }
    }

    // Whether block `index` is in order after the blocks before it (called in block order).
    fn in_order(&mut self, index: usize, block: &'a UnitBlock) -> bool {
        let image = block.image();
        let parent = image.parent.as_deref();
        let parent_first = parent
            .and_then(|p| self.block_of.get(p))
            .is_none_or(|&p| p < index);
        let key = (image.position, image.id.as_str());
        let siblings_in_order = match self.last_child.insert(parent, key) {
            Some(previous) => previous < key,
            None => true,
        };
        parent_first && siblings_in_order
    }
}

impl Manifest {
    /// Builds a manifest from its blocks, planned against `stored` (the document's units now):
    /// puts them in canonical order and counts them. An envelope that says [`FORMAT_V1`] (the
    /// rollback of a v1 manifest, whose images hold document positions) keeps it and its
    /// order; any other is written as [`FORMAT`], in the document order of the units the
    /// manifest leaves (see the module docs).
    pub fn assemble(
        mut envelope: Envelope,
        mut blocks: Vec<UnitBlock>,
        stored: &[StoredUnit],
    ) -> Manifest {
        if envelope.format == FORMAT_V1 {
            blocks.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        } else {
            envelope.format = FORMAT.into();
            blocks = in_document_order(blocks, stored);
        }
        envelope.counts = count(&blocks);
        Manifest { envelope, blocks }
    }

    /// The RFC 8785 JSON text: the bytes that are hashed, stored and reviewed.
    pub fn to_canonical_json(&self) -> String {
        // Part by part: the canonicalizer of the whole value would hold a copy of every block at once.
        let (envelope, blocks) = self.canonical_parts();
        join_canonical_parts(&envelope, &blocks)
    }

    /// The canonical JSON of the envelope and of each block, stored one row each;
    /// [`join_canonical_parts`] puts them back together into exactly
    /// [`Manifest::to_canonical_json`], so a stored manifest can be re-hashed.
    pub fn canonical_parts(&self) -> (String, Vec<String>) {
        (
            canonical_json::to_string(&self.envelope),
            self.blocks.iter().map(canonical_json::to_string).collect(),
        )
    }

    /// sha256 (lowercase hex) of [`Manifest::to_canonical_json`]: the manifest's identity.
    pub fn sha256(&self) -> String {
        // Streamed block by block: neither the 70 MB text of a 100k-block manifest nor its parts are held.
        parts_sha256(
            &canonical_json::to_string(&self.envelope),
            self.blocks.iter().map(canonical_json::to_string),
        )
    }

    /// Reads a manifest and checks it: the format, that the text has exactly the
    /// manifest's fields, that it hashes to `claimed_sha256` when one is given, and
    /// that it is internally consistent ([`Manifest::check`]).
    pub fn from_json(json: &str, claimed_sha256: Option<&str>) -> Result<Manifest, ManifestError> {
        // Fast path: the text is already this manifest's canonical JSON, as every manifest the
        // workflow stores, joins or hands over is. Then one typed parse and one serialization
        // prove the shape (the text is exactly the manifest's fields), and its sha256 is the
        // text's. For 100k blocks this skips a generic JSON tree, its deep copy and a field-by-
        // field comparison (seconds in WASM). Any other text takes the general path below, which
        // names the first difference.
        if let Ok(manifest) = serde_json::from_str::<Manifest>(json) {
            if is_known_format(&manifest.envelope.format) && manifest.to_canonical_json() == json {
                return manifest.accepted(claimed_sha256, |_| sha256_hex(json));
            }
        }
        let invalid = |e: serde_json::Error| ManifestError::InvalidJson {
            message: e.to_string(),
            line: e.line(),
            column: e.column(),
        };
        let value: Value = serde_json::from_str(json).map_err(invalid)?;
        if let Some(found) = value.pointer("/envelope/format") {
            if !found.as_str().is_some_and(is_known_format) {
                return Err(ManifestError::UnsupportedFormat {
                    found: found
                        .as_str()
                        .map_or_else(|| found.to_string(), str::to_string),
                });
            }
        }
        let manifest = Manifest::deserialize(&value).map_err(invalid)?;
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
        manifest.accepted(claimed_sha256, Manifest::sha256)
    }

    /// The last checks of every read: the sha256 (`computed` of the manifest, taken only when one
    /// is claimed) and the manifest's own consistency ([`Manifest::check`]).
    fn accepted(
        self,
        claimed_sha256: Option<&str>,
        computed: impl FnOnce(&Manifest) -> String,
    ) -> Result<Manifest, ManifestError> {
        self.accepted_with(claimed_sha256, computed, false)
    }

    fn accepted_with(
        self,
        claimed_sha256: Option<&str>,
        computed: impl FnOnce(&Manifest) -> String,
        images_hashed: bool,
    ) -> Result<Manifest, ManifestError> {
        if let Some(claimed) = claimed_sha256 {
            let computed = computed(&self);
            if !claimed.eq_ignore_ascii_case(&computed) {
                return Err(ManifestError::Sha256Mismatch {
                    claimed: claimed.into(),
                    computed,
                });
            }
        }
        self.check_with(images_hashed)?;
        Ok(self)
    }

    /// [`Manifest::from_json`] of [`join_canonical_parts`]`(envelope, blocks)` — the same
    /// manifest, the same refusals — without building the joined text when the parts are
    /// canonical, as the stored parts of every submitted manifest are: each part is read and
    /// proved canonical alone, and the sha256 is taken over the joined bytes piece by piece.
    /// For 100k blocks this saves the 70 MB text and its 70 MB re-serialization. Any part that
    /// is not canonical sends the whole text down [`Manifest::from_json`], which names the
    /// first difference.
    pub fn from_parts(
        envelope: &str,
        blocks: &[String],
        claimed_sha256: Option<&str>,
    ) -> Result<Manifest, ManifestError> {
        let mut reader = PartsReader::new(envelope);
        for block in blocks {
            reader.push(block);
        }
        reader.finish(claimed_sha256)
    }

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
    /// equal to its images (as [`PartsReader`] checks them while it reads), so they are not
    /// computed again. The refusal is the same either way: a reader that found a mismatch
    /// asks for the whole check, which names the first problem in block order.
    fn check_with(&self, images_hashed: bool) -> Result<(), ManifestError> {
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
            let unsorted = if v1 {
                index > 0 && self.blocks[index - 1].sort_key() > block.sort_key()
            } else {
                !tree.in_order(index, block)
            };
            if unsorted {
                return Err(ManifestError::Unsorted {
                    index,
                    unit_id: unit_id.into(),
                });
            }
            if let (false, Some(after), Some(claimed)) =
                (images_hashed, block.after(), block.after_sha256())
            {
                let computed = unit_image_sha256(after);
                if computed != claimed {
                    return Err(ManifestError::ImageHashMismatch {
                        index,
                        unit_id: unit_id.into(),
                        side: "after",
                        claimed: claimed.into(),
                        computed,
                    });
                }
            }
            if let (Some(before), Some(claimed)) = (block.before(), block.before_sha256()) {
                let computed = if images_hashed {
                    claimed.to_owned()
                } else {
                    unit_image_sha256(before)
                };
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
                if let Some(after) = block.after() {
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
                }
            }
            let image = block.image();
            if image.id != unit_id {
                let side = if block.after().is_some() {
                    "after"
                } else {
                    "before"
                };
                return Err(inconsistent(format!(
                    "the {side} image is of unit {}",
                    image.id
                )));
            }
            if image.document != self.envelope.document_id {
                return Err(inconsistent(format!(
                    "the unit belongs to document {}, not {}",
                    image.document, self.envelope.document_id
                )));
            }
            if let Some(scope) = &scope {
                let inside = |u: Option<&StoredUnit>| {
                    u.is_some_and(|u| scope.contains(u.canonical_address.as_str()))
                };
                if !inside(block.before()) && !inside(block.after()) {
                    return Err(inconsistent(format!(
                        "the unit's address {} is outside the envelope's scope",
                        image.canonical_address
                    )));
                }
            }
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
                UnitBlock::Confirm(b) if !b.aliases.is_empty() => {
                    return Err(inconsistent(
                        "a confirm changes nothing, so it creates no alias".into(),
                    ));
                }
                UnitBlock::Remove(_)
                    if self.envelope.rollback_of.is_none() && self.envelope.repair_of.is_none() =>
                {
                    return Err(inconsistent(
                        "only a rollback removes a unit (or a repair, after an incident), and neither envelope.rollback_of nor envelope.repair_of is set"
                            .into(),
                    ));
                }
                _ => {}
            }
        }
        self.check_alias_repairs()?;
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
    /// manifest order: what [`Envelope::writes_in_block_order`] announced from the counts,
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

/// The RFC 8785 text of `{"blocks": [...], "envelope": {...}}` from the canonical
/// texts of its parts: RFC 8785 sorts `blocks` before `envelope` and nests the
/// parts' own canonical bytes unchanged.
pub fn join_canonical_parts(envelope: &str, blocks: &[String]) -> String {
    let mut out = String::with_capacity(
        envelope.len() + blocks.iter().map(|b| b.len() + 1).sum::<usize>() + 24,
    );
    out.push_str("{\"blocks\":[");
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(b);
    }
    out.push_str("],\"envelope\":");
    out.push_str(envelope);
    out.push('}');
    out
}

/// sha256 of [`join_canonical_parts`]`(envelope, blocks)`, hashed piece by piece.
pub fn canonical_parts_sha256(envelope: &str, blocks: &[String]) -> String {
    parts_sha256(envelope, blocks.iter())
}

/// sha256 of the joined text of the envelope and the blocks' canonical texts, in order.
fn parts_sha256(envelope: &str, blocks: impl Iterator<Item = impl AsRef<[u8]>>) -> String {
    let mut hasher = PartsHasher::new();
    for b in blocks {
        hasher.block(b.as_ref());
    }
    hasher.finish(envelope)
}

/// The sha256 of [`join_canonical_parts`]'s text, fed a block at a time.
struct PartsHasher {
    hasher: sha2::Sha256,
    blocks: usize,
}

impl PartsHasher {
    fn new() -> Self {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        hasher.update(b"{\"blocks\":[");
        PartsHasher { hasher, blocks: 0 }
    }

    fn block(&mut self, text: &[u8]) {
        use sha2::Digest;
        if self.blocks > 0 {
            self.hasher.update(b",");
        }
        self.hasher.update(text);
        self.blocks += 1;
    }

    fn finish(mut self, envelope: &str) -> String {
        use sha2::Digest;
        self.hasher.update(b"],\"envelope\":");
        self.hasher.update(envelope.as_bytes());
        self.hasher.update(b"}");
        crate::text::hash::hex(&self.hasher.finalize())
    }
}

/// [`Manifest::from_parts`] fed its blocks as they come: each block is read, proved to be
/// its value's canonical JSON and hashed when it is pushed, so that [`PartsReader::finish`]
/// has little left to do — the CUT feeds the stored parts a slice at a time while the
/// database writes the units of the slices before. `finish` answers exactly what
/// `from_parts` of all the blocks answers, refusals included: if any part is not canonical
/// the whole text goes down [`Manifest::from_json`], which names the first difference.
/// Memory: the parsed blocks; a text only from the first part that is not canonical (the
/// texts before it are their blocks' canonical JSON, written out again).
pub struct PartsReader {
    envelope_text: String,
    /// The envelope, when its text is its canonical JSON and its format this crate's.
    envelope: Option<Envelope>,
    /// The blocks read so far, while every part has been canonical (their texts are not kept).
    read: Vec<UnitBlock>,
    /// Once a part was not canonical: the texts of every block (those before it written out again).
    texts: Vec<String>,
    canonical: bool,
    /// Every block read so far has image hashes equal to its images (checked as it is read,
    /// while the CUT's database writes run, instead of all at once in `finish`).
    images_hashed: bool,
    hasher: PartsHasher,
}

impl PartsReader {
    pub fn new(envelope: &str) -> Self {
        let read = serde_json::from_str::<Envelope>(envelope)
            .ok()
            .filter(|e| is_known_format(&e.format) && canonical_json::to_string(e) == envelope);
        PartsReader {
            envelope_text: envelope.to_owned(),
            canonical: read.is_some(),
            envelope: read,
            texts: Vec::new(),
            read: Vec::new(),
            images_hashed: true,
            hasher: PartsHasher::new(),
        }
    }

    /// The envelope as read, if it is canonical (before any block is pushed).
    pub fn envelope(&self) -> Option<&Envelope> {
        self.envelope.as_ref()
    }

    /// The next block's stored text (copied only if it has to be kept: a part that is not canonical).
    pub fn push(&mut self, text: &str) {
        self.hasher.block(text.as_bytes());
        if self.canonical {
            match serde_json::from_str::<UnitBlock>(text) {
                // Canonical: its text is its value's canonical JSON, so it need not be kept.
                Ok(block) if canonical_json::to_string(&block) == text => {
                    let hashed = |image: Option<&StoredUnit>, claimed: Option<&str>| match (
                        image, claimed,
                    ) {
                        (Some(image), Some(claimed)) => unit_image_sha256(image) == claimed,
                        _ => true,
                    };
                    self.images_hashed &= hashed(block.after(), block.after_sha256())
                        && hashed(block.before(), block.before_sha256());
                    self.read.push(block);
                    return;
                }
                _ => {
                    // The texts of the blocks before it were their canonical JSON: written out again
                    // for the whole text that `finish` reads the refusal from.
                    self.canonical = false;
                    self.texts = std::mem::take(&mut self.read)
                        .iter()
                        .map(canonical_json::to_string)
                        .collect();
                }
            }
        }
        self.texts.push(text.to_owned());
    }

    /// Blocks pushed so far.
    pub fn len(&self) -> usize {
        self.read.len() + self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The manifest of every block pushed, checked against `claimed_sha256` and
    /// [`Manifest::check`]ed, as [`Manifest::from_parts`] reads it.
    pub fn finish(self, claimed_sha256: Option<&str>) -> Result<Manifest, ManifestError> {
        match self.envelope {
            Some(envelope) if self.canonical => {
                let sha256 = self.hasher.finish(&self.envelope_text);
                Manifest {
                    envelope,
                    blocks: self.read,
                }
                .accepted_with(claimed_sha256, |_| sha256, self.images_hashed)
            }
            _ => Manifest::from_json(
                &join_canonical_parts(&self.envelope_text, &self.texts),
                claimed_sha256,
            ),
        }
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
            Action::Confirm => counts.confirm += 1,
            Action::Remove => counts.remove += 1,
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
            content_sha256: crate::store::unit::content_sha256(heading, body),
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
            for position in [0, 7, 10, u32::MAX] {
                let mut u = unit(heading, body);
                u.position = position;
                assert_eq!(
                    unit_image_sha256(&u),
                    canonical_json::sha256(&unit_image(&u))
                );
            }
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

    #[test]
    fn the_base_hash_fed_in_pages_in_any_order_is_the_base_sha256() {
        let units: Vec<StoredUnit> = (0..7)
            .map(|i| {
                let mut u = unit(None, &format!("body {i}"));
                u.id = format!("{:08x}-0000-4000-8000-000000000000", (i * 5) % 7);
                u
            })
            .collect();
        let mut other = unit(None, "another document's unit");
        other.document = "doc-other".into();
        let mut pages = BaseHash::new("doc-45-2019-qh14");
        pages.add(&units[4..]);
        pages.add(std::slice::from_ref(&other));
        pages.add(&units[..4]);
        assert_eq!(pages.len(), 7);
        let mut sorted: Vec<&StoredUnit> = units.iter().collect();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        let by_hand = format!(
            "{{\"document\":\"doc-45-2019-qh14\",\"units\":[{}]}}",
            sorted
                .iter()
                .map(|u| format!("[\"{}\",\"{}\"]", u.id, unit_image_sha256(u)))
                .collect::<Vec<_>>()
                .join(",")
        );
        let whole = base_sha256("doc-45-2019-qh14", &[&units[..], &[other]].concat());
        assert_eq!(whole, crate::text::hash::sha256_hex(&by_hand));
        assert_eq!(pages.finish(), whole);
    }

    proptest! {
        #[test]
        fn the_base_hash_is_the_sha256_of_the_canonical_json_for_any_ids(
            document in any::<String>(),
            ids in proptest::collection::vec(any::<String>(), 0..6),
        ) {
            let units: Vec<StoredUnit> = ids
                .iter()
                .map(|id| {
                    let mut u = unit(None, id);
                    u.id = id.clone();
                    u.document = document.clone();
                    u
                })
                .collect();
            let mut pairs: Vec<(String, String)> = units.iter().map(|u| (u.id.clone(), unit_image_sha256(u))).collect();
            pairs.sort();
            #[derive(Serialize)]
            struct Base<'a> {
                document: &'a str,
                units: &'a [(String, String)],
            }
            let reference = canonical_json::sha256(&Base { document: &document, units: &pairs });
            prop_assert_eq!(base_sha256(&document, &units), reference);
        }
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

    proptest! {
        // Ids that share their first 16 bytes, or are shorter, or end in NUL: the base hash
        // sorts on a 16-byte prefix first and must still give the order of the whole ids.
        #[test]
        fn the_base_hash_sorts_ids_with_a_common_prefix_as_whole_ids(
            ids in proptest::collection::vec("a{13,18}[ab\u{0}é]{0,3}", 0..12),
        ) {
            let units: Vec<StoredUnit> = ids
                .iter()
                .map(|id| {
                    let mut u = unit(None, id);
                    u.id = id.clone();
                    u
                })
                .collect();
            let mut pairs: Vec<(String, String)> =
                units.iter().map(|u| (u.id.clone(), unit_image_sha256(u))).collect();
            pairs.sort();
            #[derive(Serialize)]
            struct Base<'a> {
                document: &'a str,
                units: &'a [(String, String)],
            }
            let reference =
                canonical_json::sha256(&Base { document: "doc-45-2019-qh14", units: &pairs });
            prop_assert_eq!(base_sha256("doc-45-2019-qh14", &units), reference.clone());
            let mut pages = BaseHash::new("doc-45-2019-qh14");
            pages.add(units.iter().rev());
            prop_assert_eq!(pages.finish(), reference);
        }
    }

    fn lifecycle() -> impl Strategy<Value = LifecycleStatus> {
        prop_oneof![
            Just(LifecycleStatus::DraftOnly),
            Just(LifecycleStatus::Active),
            Just(LifecycleStatus::Retired)
        ]
    }

    fn authority() -> impl Strategy<Value = Authority> {
        prop_oneof![
            Just(Authority::Draft),
            Just(Authority::Enacted),
            Just(Authority::Runtime)
        ]
    }

    proptest! {
        #[test]
        fn the_image_written_by_hand_is_serde_jsons_for_any_unit(
            texts in proptest::collection::vec(any::<String>(), 9),
            heading in proptest::option::of(any::<String>()),
            parent in proptest::option::of(any::<String>()),
            position in any::<u32>(),
            lifecycle_status in lifecycle(),
            authority in authority(),
        ) {
            let u = StoredUnit {
                id: texts[0].clone(),
                document: texts[1].clone(),
                section_type: texts[2].clone(),
                parent,
                ordinal: texts[3].clone(),
                heading,
                body: texts[4].clone(),
                content_sha256: texts[5].clone(),
                position,
                canonical_address: texts[6].clone(),
                canonical_address_format_version: texts[7].clone(),
                lifecycle_status,
                authority,
            };
            let mut by_hand = Vec::new();
            write_image(&mut by_hand, &u);
            prop_assert_eq!(&by_hand, &serde_json::to_vec(&Image::of(&u)).unwrap());
            prop_assert_eq!(
                String::from_utf8(by_hand).unwrap(),
                canonical_json::to_string(&unit_image(&u))
            );
        }
    }

    #[test]
    fn write_steps_vacate_a_unit_whose_address_another_block_takes() {
        assert_eq!(
            temporary_address("45-2019-qh14", "u-1"),
            format!("45-2019-qh14/tmp-{}", &sha256_hex("u-1")[..32])
        );
        assert!(crate::text::address::validate(&temporary_address("45-2019-qh14", "u-1")).is_ok());
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
