//! The planner: a cut diffed against the document's stored units gives a [`Manifest`].
//!
//! # Matching
//!
//! Every cut unit is matched to at most one stored unit; what is left over is created
//! (cut) or retired (stored, live). Units whose address does not depend on their
//! parent — citation roots (`dieu`, `chuong`, `phan`) and top-level units — are matched
//! document-wide; every other unit is matched among the stored children of the unit
//! its cut parent was matched to, so the clauses of a renumbered article follow it.
//! Within each group, in this order, a cut unit takes the first free stored unit
//! (document order) with:
//!
//! 1. the same section type, ordinal and content hash (unchanged, or moved with its parent);
//! 2. the same section type and content hash, if that stored unit is live
//!    (renumbered: `Điều 11 → Điều 12`; a cascade of renumbers is recognised as such);
//! 3. the same section type and ordinal (edited in place).
//!
//! Cut units still unmatched then try, document-wide, the same address and content,
//! the same content (live units only), then the same address. Finally, addresses
//! stay unique: a stored unit that would be left unmatched (retired) while the cut
//! needs its address is matched to the cut unit with that address instead, undoing
//! whatever that cut unit was matched to, until no such conflict is left. A
//! retired stored unit matched this way is revived.
//!
//! # Splits
//!
//! A stored unit S is *split* when it is matched to a cut unit c whose content
//! changed, and the cut siblings that directly follow c (same parent, same section
//! type) are new units d₁…dₖ such that, comparing sets of lowercase words, each of
//! c, d₁…dₖ has at least 80 % of its words in S's old text, c alone covers less than
//! 80 % of S's words, and together they cover at least 80 %. Then c's block (update or
//! readdress) and each dᵢ's create carry an alias of kind `split` from S's old address
//! to that part. Merges are not detected: they plan as an update and a retire.
//!
//! # Ids of new units
//!
//! The core has no randomness, so a new unit's id is derived: the UUID-shaped
//! (version 8, RFC 9562) first 128 bits of
//! `sha256("iu-cutter/unit-id/v1\n" + document_id + "\n" + base_sha256 + "\n" + address)`.
//! It is deterministic (the same inputs give the same manifest, byte for byte), final
//! (the executor inserts it as is, so after-image hashes stay valid), and unique:
//! addresses are unique in a document and the base hash changes with every CUT.
//!
//! # Lifecycle
//!
//! Units keep their lifecycle and authority unless the cut enacts the document
//! ([`PlanInput::enact`]): then every unit the cut keeps or creates is `active`, and a
//! draft unit that changes nothing else gets a `promote` block. New units are
//! `draft_only`/`draft` otherwise. Retired units that reappear are revived as
//! `draft_only` (or `active` when enacting); authority always follows BR-4 when the
//! lifecycle changes, and stays as stored (`runtime` included) when it does not.
//!
//! A change made by an enacted law ([`PlanInput::by_enacted_law`]: an amending law's
//! instructions) puts law in force where law is in force: a unit it creates or revives
//! is `active`/`enacted` when its parent is `active` after the change, or, at the top
//! level, when the document has a unit in force. It is law from the change's
//! `effective_from` (the amending law's date: its change set's, and any alias's the change
//! gives it). Under a draft parent, or in a document with nothing in force, it is a draft
//! as in any cut.
//!
//! # Scope
//!
//! A plan may be limited to some units ([`PlanInput::scope`]: canonical addresses). The
//! whole document is still cut and matched — so ids, renumberings and splits are the
//! ones the full plan would make — and then only the blocks whose unit's address before
//! or after is in the scope are kept. Every scoped stored unit the cut leaves as it is
//! gets a `confirm` block (before = after = the stored image), so a governed cycle on
//! one unchanged unit is one block, one affected row and one VERIFY of that unit. The
//! sorted scope is recorded in the envelope. A scope that splits what belongs together
//! (a clause renumbered without its article, a new clause without its new parent) plans
//! fine and is refused by [`crate::change::gate::result_gates`] before anything is written.
//!
//! # Mass retire guard
//!
//! A text with no recognised headings cuts into no units, and planned against a
//! document that has units it would retire all of them. [`plan_guarded`] (what
//! preview and submit run) therefore refuses, with [`PlanError::MassRetire`], a plan
//! whose `retire` and `remove` blocks touch more than [`MASS_RETIRE_THRESHOLD`] (50 %)
//! of the document's live units (stored units not `retired`), unless the request says
//! `allow_mass_retire`. The override is recorded in the envelope
//! ([`crate::change::manifest::Envelope::allow_mass_retire`]) and so covered by the manifest's
//! sha256: the reviewer approves it with the blocks. It is recorded only when the plan
//! needed it, so the flag never changes the hash of an ordinary plan. A document with
//! no live units (the first cut) never trips the guard. A rollback (its `remove`
//! blocks undo a create) is not planned here and is not guarded.

mod matching;

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::change::manifest::{
    base_sha256, changed_columns, is_promotion, unit_image_sha256, AliasKind, Change, Counts,
    Creation, Envelope, Manifest, PlannedAlias, Readdressing, UnitBlock, FORMAT,
};
use crate::read::cut::Cut;
use crate::store::unit::{
    content_digest, derived_address, instrument_base, is_scoped_address, may_number_per_parent,
    CutUnit, LifecycleStatus, StoredUnit,
};
use crate::text::address::{self, FORMAT_VERSION};
use crate::text::diagnostic::Severity;
use crate::text::hash::sha256_hex;
use crate::text::report::Report;
use crate::text::timestamp::Timestamp;
use crate::text::vocabulary::{SectionType, Vocabulary};

use matching::{detect_splits, Matcher, Matching, Split};

/// What the planner needs besides the cut and the store: the facts the core cannot know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanInput {
    /// Id of the `document` row being cut.
    pub document_id: String,
    /// sha256 of the source text that was cut.
    pub source_sha256: String,
    /// When the change takes effect (RFC 3339); every alias row's `valid_from`.
    pub effective_from: String,
    /// When the plan is made (RFC 3339).
    pub created_at: String,
    /// Who asks (user or agent id); also every alias row's `created_by`.
    pub created_by: String,
    /// Enact the document: units the cut keeps or creates become `active`/`enacted`.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub enact: bool,
    /// The change is made by an enacted law (an amending law's instructions): a unit it
    /// creates, or a retired unit it brings back, is law where it is put, from
    /// `effective_from` (see the module docs). Off for a cut of a text.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub by_enacted_law: bool,
    /// Limit the plan to these canonical addresses (see the module docs); each must be a
    /// stored unit of the document or an address the cut gives a unit. `None`: the whole
    /// document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub scope: Option<Vec<String>>,
}

/// Why a plan could not be made. Every variant says where: the cut unit's index and
/// source line, or the stored unit's id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// An edit the editor made by hand ([`crate::change::amend::ManualEdit`]) cannot be made.
    #[error("manual[{index}].{field}: {reason}")]
    ManualEdit {
        index: usize,
        field: &'static str,
        reason: String,
        hint: String,
    },
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
    /// The cut's document slug is not a valid canonical-address-v1 document slug.
    #[error("the cut's document slug '{doc}' is invalid: {reason}")]
    InvalidDocSlug { doc: String, reason: String },
    /// The cut was made with another vocabulary than the one given.
    #[error(
        "the cut was made with vocabulary '{cut}' but the plan was given vocabulary '{given}'"
    )]
    VocabularyMismatch { cut: String, given: String },
    /// The cut has error diagnostics: it is incomplete, and planning it would retire what was not parsed.
    #[error("the cut has {count} error(s); first, line {line}: {message} ({code})")]
    CutHasErrors {
        count: usize,
        code: &'static str,
        line: u32,
        message: String,
    },
    /// A cut unit's section type is not in the vocabulary.
    #[error("cut unit {index} (line {line}) has section type '{code}', which the vocabulary does not define")]
    UnknownSectionType {
        index: usize,
        line: u32,
        code: String,
    },
    /// A cut unit's section type is inactive, so the result would fail Q-CHK-1.
    #[error("cut unit {index} (line {line}) has section type '{code}', which is inactive")]
    InactiveSectionType {
        index: usize,
        line: u32,
        code: String,
    },
    /// A cut unit's parent index does not point to an earlier unit of the cut.
    #[error("cut unit {index} (line {line}) has parent index {parent}, which is not an earlier unit of the cut")]
    InvalidCutParent {
        index: usize,
        line: u32,
        parent: usize,
    },
    /// A cut unit's address is not the one derived from its place in the tree (Q-CHK-3).
    #[error(
        "cut unit {index} (line {line}) has address '{claimed}' but its place gives '{derived}'"
    )]
    AddressMismatch {
        index: usize,
        line: u32,
        claimed: String,
        derived: String,
    },
    /// A cut unit's derived address is not valid canonical-address-v1 (too long, too deep, bad ordinal).
    #[error("cut unit {index} (line {line}) has the invalid address '{address}': {reason}")]
    InvalidAddress {
        index: usize,
        line: u32,
        address: String,
        reason: String,
    },
    /// A cut unit's content_sha256 is not the hash of its heading and body.
    #[error("cut unit {index} (line {line}) claims content_sha256 {claimed} but its heading and body hash to {computed}")]
    ContentHashMismatch {
        index: usize,
        line: u32,
        claimed: String,
        computed: String,
    },
    /// Two cut units have the same address.
    #[error("the cut has '{address}' twice, at lines {first_line} and {second_line}")]
    DuplicateCutAddress {
        address: String,
        first_line: u32,
        second_line: u32,
    },
    /// A stored unit given to the planner belongs to another document.
    #[error("stored unit {unit_id} belongs to document '{document}', not '{expected}'")]
    ForeignStoredUnit {
        unit_id: String,
        document: String,
        expected: String,
    },
    /// Two stored units have the same id.
    #[error("stored unit id {unit_id} appears twice")]
    DuplicateStoredId { unit_id: String },
    /// Two stored units have the same address: the store already breaks UNIQUE.
    #[error("stored units {first_id} and {second_id} both have the address '{address}'")]
    DuplicateStoredAddress {
        address: String,
        first_id: String,
        second_id: String,
    },
    /// The id derived for a new unit is already a stored unit's id.
    #[error(
        "the id {unit_id} derived for the new unit '{address}' is already used by a stored unit"
    )]
    IdCollision { unit_id: String, address: String },
    /// A scope address is neither a stored unit of the document nor an address of the cut.
    #[error("scope address '{address}' is neither a stored unit of document {document_id} nor a unit of the cut{detail}")]
    ScopeUnknownAddress {
        address: String,
        document_id: String,
        /// Why it cannot be one (e.g. it is not a canonical address at all), or empty.
        detail: String,
    },
    /// The plan retires more than [`MASS_RETIRE_THRESHOLD`] of the document's live units
    /// and the request did not say `allow_mass_retire` (see the module docs).
    #[error("the plan retires {} of the document's {} live unit(s) ({:.1} %), more than the {:.0} % a plan may retire without saying so", .0.retiring, .0.live, .0.share() * 100.0, MASS_RETIRE_THRESHOLD * 100.0)]
    MassRetire(MassRetire),
}

/// The share of a document's live units a plan may retire (or remove) without the
/// request saying `allow_mass_retire`: more than this is refused by [`plan_guarded`].
pub const MASS_RETIRE_THRESHOLD: f64 = 0.5;

/// How many of a document's live units a plan retires or removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MassRetire {
    /// `retire` and `remove` blocks of the manifest.
    pub retiring: usize,
    /// The document's stored units that are not `retired`.
    pub live: usize,
}

impl MassRetire {
    /// `retiring / live` (0 for a document with no live units).
    pub fn share(&self) -> f64 {
        if self.live == 0 {
            0.0
        } else {
            self.retiring as f64 / self.live as f64
        }
    }

    /// Whether this is more than [`MASS_RETIRE_THRESHOLD`] of the live units.
    pub fn exceeds_threshold(&self) -> bool {
        self.live > 0 && self.share() > MASS_RETIRE_THRESHOLD
    }
}

impl Report for PlanError {
    /// Stable kebab-case code.
    fn code(&self) -> &'static str {
        match self {
            Self::ManualEdit { .. } => "manual-edit",
            Self::EmptyField { .. } => "empty-field",
            Self::InvalidTimestamp { .. } => "invalid-timestamp",
            Self::InvalidDocSlug { .. } => "invalid-doc-slug",
            Self::VocabularyMismatch { .. } => "vocabulary-mismatch",
            Self::CutHasErrors { .. } => "cut-has-errors",
            Self::UnknownSectionType { .. } => "unknown-section-type",
            Self::InactiveSectionType { .. } => "inactive-section-type",
            Self::InvalidCutParent { .. } => "invalid-cut-parent",
            Self::AddressMismatch { .. } => "address-mismatch",
            Self::InvalidAddress { .. } => "invalid-address",
            Self::ContentHashMismatch { .. } => "content-hash-mismatch",
            Self::DuplicateCutAddress { .. } => "duplicate-cut-address",
            Self::ForeignStoredUnit { .. } => "foreign-stored-unit",
            Self::DuplicateStoredId { .. } => "duplicate-stored-id",
            Self::DuplicateStoredAddress { .. } => "duplicate-stored-address",
            Self::IdCollision { .. } => "id-collision",
            Self::ScopeUnknownAddress { .. } => "scope-unknown-address",
            Self::MassRetire(_) => "mass-retire",
        }
    }

    /// The input field an edit by hand or an empty field names (`manual[2].note`, `created_by`).
    fn field(&self) -> Option<String> {
        match self {
            Self::ManualEdit { index, field, .. } => Some(format!("manual[{index}].{field}")),
            Self::EmptyField { field } => Some((*field).into()),
            _ => None,
        }
    }

    /// How to fix it.
    fn hint(&self) -> String {
        match self {
            Self::ManualEdit { hint, .. } => hint.clone(),
            Self::EmptyField { .. } => "fill in the field".into(),
            Self::InvalidTimestamp { .. } => "write it like '2025-07-01T00:00:00+07:00'".into(),
            Self::InvalidDocSlug { .. } => "fix the document's doc_code so that it normalizes to a slug like '45-2019-qh14'".into(),
            Self::VocabularyMismatch { .. } => "cut the text again with the document's vocabulary".into(),
            Self::CutHasErrors { .. } => "fix the text at the lines the diagnostics name, then cut and plan again".into(),
            Self::UnknownSectionType { .. } | Self::InactiveSectionType { .. } => "activate or add the section type in the vocabulary, or fix the text".into(),
            Self::InvalidCutParent { .. } | Self::AddressMismatch { .. } | Self::ContentHashMismatch { .. } => "the cut is inconsistent: cut the text again with the segmenter".into(),
            Self::InvalidAddress { .. } => "shorten the document slug or the nesting, or fix the ordinal".into(),
            Self::DuplicateCutAddress { .. } => "renumber one of the two units in the text, e.g. '10a' for an inserted article".into(),
            Self::ForeignStoredUnit { .. } => "load only the units of the document being cut".into(),
            Self::DuplicateStoredId { .. } | Self::DuplicateStoredAddress { .. } => "the store is corrupt: run VERIFY and repair it before cutting".into(),
            Self::IdCollision { .. } => "run VERIFY: a stored unit has an id the planner derives, which only a hand-made row can have".into(),
            Self::ScopeUnknownAddress { .. } => "use the canonical address of a unit of this document as stored (e.g. '45-2019-qh14/dieu-44/khoan-1'), or one the text creates; check the document slug and the spelling (lowercase, 'dd' for đ)".into(),
            Self::MassRetire(_) => "check that the text is the whole document with its headings (a text whose headings are not recognised retires every unit); if retiring these units is intended, preview and submit again with \"allow_mass_retire\": true — the override is recorded in the manifest for the reviewer".into(),
        }
    }
}

/// Diffs `cut` against `stored` (the document's units, retired ones included) and
/// returns the manifest that turns the store into the cut — or, with a scope, the part
/// of it on the scoped units. See the module docs for how units are matched, what a
/// split is, how new ids are made and what a scope keeps.
pub fn plan(
    cut: &Cut,
    stored: &[StoredUnit],
    vocabulary: &Vocabulary,
    input: &PlanInput,
) -> Result<Manifest, PlanError> {
    check_input(input)?;
    let (types, cut_by_address) = check_cut(cut, vocabulary)?;
    let stored_by_id = check_stored(stored, &input.document_id)?;
    let scope = check_scope(input, cut, stored)?;
    let base = base_sha256(&input.document_id, stored);

    let matching =
        Matcher::new(cut, stored, vocabulary, &types).run(&stored_by_id, &cut_by_address);
    let ids = unit_ids(cut, stored, &matching, &stored_by_id, input, &base)?;
    let splits = detect_splits(cut, stored, &matching.cut_to_stored);
    let mut split_aliases = split_aliases(cut, stored, &splits, &ids, input);

    let lifecycles = after_lifecycles(cut, stored, &matching.cut_to_stored, input);
    let mut blocks = Vec::new();
    for (i, u) in cut.units.iter().enumerate() {
        let before = matching.cut_to_stored[i].map(|s| &stored[s]);
        // Most units of a re-cut are kept as they are: no block, so no after-image to build.
        if before.is_some_and(|b| keeps(b, u, &ids, input, lifecycles[i])) {
            continue;
        }
        let after = after_image(u, i, &ids, input, lifecycles[i]);
        let aliases: Vec<PlannedAlias> = split_aliases.remove(&i).into_iter().collect();
        blocks.extend(cut_unit_block(u, before, after, aliases, input));
    }
    retire_unmatched(stored, &matching, &mut blocks);
    if let Some(scope) = &scope {
        keep_scope(scope, stored, &mut blocks);
    }
    Ok(Manifest::assemble(
        plan_envelope(cut, vocabulary, input, base, scope),
        blocks,
        stored,
    ))
}

// The id of each cut unit: its matched stored unit's, or one derived from its address.
// Borrowed for kept units: a 100k-unit plan that changes little allocates little.
fn unit_ids<'s>(
    cut: &Cut,
    stored: &'s [StoredUnit],
    matching: &Matching,
    stored_by_id: &HashMap<&str, usize>,
    input: &PlanInput,
    base: &str,
) -> Result<Vec<Cow<'s, str>>, PlanError> {
    let mut ids: Vec<Cow<str>> = Vec::with_capacity(cut.units.len());
    for (i, u) in cut.units.iter().enumerate() {
        match matching.cut_to_stored[i] {
            Some(s) => ids.push(Cow::Borrowed(&stored[s].id)),
            None => {
                let id = derive_unit_id(&input.document_id, base, &u.canonical_address);
                if stored_by_id.contains_key(id.as_str()) {
                    return Err(PlanError::IdCollision {
                        unit_id: id,
                        address: u.canonical_address.clone(),
                    });
                }
                ids.push(Cow::Owned(id));
            }
        }
    }
    Ok(ids)
}

fn planned_alias(
    input: &PlanInput,
    alias_text: &str,
    target: &str,
    kind: AliasKind,
    rationale: String,
) -> PlannedAlias {
    PlannedAlias {
        alias_text: alias_text.into(),
        target_unit_id: target.into(),
        alias_kind: kind,
        valid_from: input.effective_from.clone(),
        valid_until: None,
        created_by: input.created_by.clone(),
        rationale,
    }
}

// Split aliases, keyed by the cut index of the part they point to.
fn split_aliases(
    cut: &Cut,
    stored: &[StoredUnit],
    splits: &[Split],
    ids: &[Cow<str>],
    input: &PlanInput,
) -> HashMap<usize, PlannedAlias> {
    let mut split_aliases: HashMap<usize, PlannedAlias> = HashMap::new();
    for split in splits {
        let old = &stored[split.stored].canonical_address;
        let parts: Vec<&str> = split
            .parts
            .iter()
            .map(|&p| cut.units[p].canonical_address.as_str())
            .collect();
        let rationale = format!("{old} split into {}", parts.join(", "));
        for &p in &split.parts {
            split_aliases.insert(
                p,
                planned_alias(input, old, &ids[p], AliasKind::Split, rationale.clone()),
            );
        }
    }
    split_aliases
}

// The block of cut unit `u`, which leaves `after` where `before` was (a create when nothing
// was); `None` when the images do not differ.
fn cut_unit_block(
    u: &CutUnit,
    before: Option<&StoredUnit>,
    after: StoredUnit,
    aliases: Vec<PlannedAlias>,
    input: &PlanInput,
) -> Option<UnitBlock> {
    let Some(before) = before else {
        return Some(UnitBlock::Create(Creation {
            amended_by: Vec::new(),
            manual: None,
            notes: u.notes.clone(),
            unit_id: after.id.clone(),
            after_sha256: unit_image_sha256(&after),
            after,
            aliases,
        }));
    };
    let changed = changed_columns(before, &after);
    if changed.is_empty() {
        return None;
    }
    let before_sha256 = unit_image_sha256(before);
    let after_sha256 = unit_image_sha256(&after);
    if before.canonical_address != after.canonical_address {
        let aliases = if aliases.is_empty() {
            vec![planned_alias(
                input,
                &before.canonical_address,
                &after.id,
                AliasKind::Renumber,
                format!(
                    "{} renumbered to {}",
                    before.canonical_address, after.canonical_address
                ),
            )]
        } else {
            aliases
        };
        return Some(UnitBlock::Readdress(Readdressing {
            amended_by: Vec::new(),
            manual: None,
            notes: u.notes.clone(),
            unit_id: after.id.clone(),
            old_address: before.canonical_address.clone(),
            new_address: after.canonical_address.clone(),
            before_sha256,
            after_sha256,
            changed,
            before: before.clone(),
            after,
            aliases,
        }));
    }
    let change = Change {
        amended_by: Vec::new(),
        manual: None,
        notes: u.notes.clone(),
        unit_id: after.id.clone(),
        before_sha256,
        after_sha256,
        changed,
        before: before.clone(),
        after,
        aliases,
    };
    if is_promotion(&change.before, &change.after) {
        Some(UnitBlock::Promote(change))
    } else {
        Some(UnitBlock::Update(change))
    }
}

// A live stored unit the cut does not match is retired.
fn retire_unmatched(stored: &[StoredUnit], matching: &Matching, blocks: &mut Vec<UnitBlock>) {
    for (s, before) in stored.iter().enumerate() {
        if matching.stored_to_cut[s].is_some()
            || before.lifecycle_status == LifecycleStatus::Retired
        {
            continue;
        }
        let mut after = before.clone();
        after.lifecycle_status = LifecycleStatus::Retired;
        after.authority = LifecycleStatus::Retired.backfill_authority();
        blocks.push(UnitBlock::Retire(Change {
            amended_by: Vec::new(),
            manual: None,
            notes: Vec::new(),
            unit_id: before.id.clone(),
            before_sha256: unit_image_sha256(before),
            after_sha256: unit_image_sha256(&after),
            changed: changed_columns(before, &after),
            before: before.clone(),
            after,
            aliases: Vec::new(),
        }));
    }
}

// A scoped plan keeps the blocks of the scoped units (before or after the change) and
// confirms every scoped unit it leaves as it is, so the change set still names it.
fn keep_scope(scope: &BTreeSet<&str>, stored: &[StoredUnit], blocks: &mut Vec<UnitBlock>) {
    let in_scope =
        |u: Option<&StoredUnit>| u.is_some_and(|u| scope.contains(u.canonical_address.as_str()));
    blocks.retain(|b| in_scope(b.before()) || in_scope(b.after()));
    let touched: HashSet<&str> = blocks.iter().map(|b| b.unit_id()).collect();
    let confirms: Vec<UnitBlock> = stored
        .iter()
        .filter(|s| scope.contains(s.canonical_address.as_str()))
        .filter(|s| !touched.contains(s.id.as_str()))
        .map(|s| {
            let sha = unit_image_sha256(s);
            UnitBlock::Confirm(Change {
                amended_by: Vec::new(),
                manual: None,
                notes: Vec::new(),
                unit_id: s.id.clone(),
                before_sha256: sha.clone(),
                after_sha256: sha,
                changed: Vec::new(),
                before: s.clone(),
                after: s.clone(),
                aliases: Vec::new(),
            })
        })
        .collect();
    blocks.extend(confirms);
}

fn plan_envelope(
    cut: &Cut,
    vocabulary: &Vocabulary,
    input: &PlanInput,
    base: String,
    scope: Option<BTreeSet<&str>>,
) -> Envelope {
    Envelope {
        amendment: None,
        crosswalk: None,
        positions_upgrade: false,
        format: FORMAT.into(),
        document_id: input.document_id.clone(),
        doc: cut.doc.clone(),
        source_sha256: input.source_sha256.clone(),
        vocabulary: vocabulary.id().to_owned(),
        base_sha256: base,
        effective_from: input.effective_from.clone(),
        enact: input.enact,
        counts: Counts::default(),
        created_at: input.created_at.clone(),
        created_by: input.created_by.clone(),
        rollback_of: None,
        scope: scope.map(|s| s.into_iter().map(str::to_string).collect()),
        allow_mass_retire: false,
        repair_of: None,
        alias_repairs: Vec::new(),
    }
}

/// [`plan`], then the mass retire guard (see the module docs): refused with
/// [`PlanError::MassRetire`] when the manifest retires more than
/// [`MASS_RETIRE_THRESHOLD`] of the document's live units, unless
/// `allow_mass_retire`; then the envelope records the override. Preview and submit
/// plan through this.
pub fn plan_guarded(
    cut: &Cut,
    stored: &[StoredUnit],
    vocabulary: &Vocabulary,
    input: &PlanInput,
    allow_mass_retire: bool,
) -> Result<Manifest, PlanError> {
    let mut manifest = plan(cut, stored, vocabulary, input)?;
    let retiring = mass_retire(&manifest, stored);
    if retiring.exceeds_threshold() {
        if !allow_mass_retire {
            return Err(PlanError::MassRetire(retiring));
        }
        manifest.envelope.allow_mass_retire = true;
    }
    Ok(manifest)
}

/// How many of the document's live units (`stored`: the document's units) the
/// manifest's `retire` and `remove` blocks take away.
pub fn mass_retire(manifest: &Manifest, stored: &[StoredUnit]) -> MassRetire {
    let document = manifest.envelope.document_id.as_str();
    MassRetire {
        retiring: manifest
            .blocks
            .iter()
            .filter(|b| matches!(b, UnitBlock::Retire(_) | UnitBlock::Remove(_)))
            .count(),
        live: stored
            .iter()
            .filter(|u| u.document == document && u.lifecycle_status != LifecycleStatus::Retired)
            .count(),
    }
}

// The scope as a sorted set, each address checked to be a stored unit's or a cut unit's.
fn check_scope<'a>(
    input: &'a PlanInput,
    cut: &Cut,
    stored: &[StoredUnit],
) -> Result<Option<BTreeSet<&'a str>>, PlanError> {
    let Some(scope) = &input.scope else {
        return Ok(None);
    };
    if scope.is_empty() {
        return Err(PlanError::EmptyField { field: "scope" });
    }
    let known: HashSet<&str> = stored
        .iter()
        .map(|s| s.canonical_address.as_str())
        .chain(cut.units.iter().map(|u| u.canonical_address.as_str()))
        .collect();
    for wanted in scope {
        if !known.contains(wanted.as_str()) {
            let detail = match address::validate(wanted) {
                Err(e) => format!(
                    ": it is not a canonical-address-v1 address ({})",
                    e.reason()
                ),
                Ok(_) => String::new(),
            };
            return Err(PlanError::ScopeUnknownAddress {
                address: wanted.clone(),
                document_id: input.document_id.clone(),
                detail,
            });
        }
    }
    Ok(Some(scope.iter().map(String::as_str).collect()))
}

/// The store after the manifest: every unit a block touches replaced by its
/// after-image (dropped for a remove), new units appended in block order, everything
/// else as it was, in the same order. Pure and unchecked — run
/// [`crate::change::gate::cut_gates`] first. Applying a manifest and then its
/// [`crate::change::rollback::rollback`] gives back the same units in the same order.
pub fn apply(stored: &[StoredUnit], manifest: &Manifest) -> Vec<StoredUnit> {
    let mut by_id: HashMap<&str, usize> = manifest
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| (b.unit_id(), i))
        .collect();
    let mut out: Vec<StoredUnit> = stored
        .iter()
        .filter_map(|s| match by_id.remove(s.id.as_str()) {
            Some(b) => manifest.blocks[b].after().cloned(),
            None => Some(s.clone()),
        })
        .collect();
    out.extend(
        manifest
            .blocks
            .iter()
            .filter(|b| by_id.contains_key(b.unit_id()))
            .filter_map(|b| b.after().cloned()),
    );
    out
}

/// The id of a new unit: a version-8 UUID made of the first 128 bits of
/// `sha256("iu-cutter/unit-id/v1\n{document_id}\n{base_sha256}\n{address}")`.
pub fn derive_unit_id(document_id: &str, base_sha256: &str, address: &str) -> String {
    let digest = sha256_hex(&format!(
        "iu-cutter/unit-id/v1\n{document_id}\n{base_sha256}\n{address}"
    ));
    let mut out = String::with_capacity(36);
    for (i, ch) in digest.chars().take(32).enumerate() {
        if matches!(i, 8 | 12 | 16 | 20) {
            out.push('-');
        }
        out.push(match i {
            12 => '8', // version 8
            // RFC 9562 variant: the two high bits of this digit are 10.
            16 => ['8', '9', 'a', 'b'][ch.to_digit(16).unwrap_or(0) as usize & 3],
            _ => ch,
        });
    }
    out
}

pub(crate) fn check_input(input: &PlanInput) -> Result<(), PlanError> {
    for (field, value) in [
        ("document_id", &input.document_id),
        ("source_sha256", &input.source_sha256),
        ("effective_from", &input.effective_from),
        ("created_at", &input.created_at),
        ("created_by", &input.created_by),
    ] {
        if value.trim().is_empty() {
            return Err(PlanError::EmptyField { field });
        }
    }
    for (field, value) in [
        ("effective_from", &input.effective_from),
        ("created_at", &input.created_at),
    ] {
        if let Err(e) = Timestamp::parse_rfc3339(value) {
            return Err(PlanError::InvalidTimestamp {
                field,
                value: value.clone(),
                reason: e.to_string(),
            });
        }
    }
    Ok(())
}

// Checks the cut is internally consistent and returns each unit's section type, and the
// index of the unit with each address.
fn check_cut<'c, 'v>(
    cut: &'c Cut,
    vocabulary: &'v Vocabulary,
) -> Result<(Vec<&'v SectionType>, HashMap<&'c str, usize>), PlanError> {
    check_cut_whole(cut, vocabulary)?;
    // A handful of types: a scan is cheaper than hashing every unit's code. From the end,
    // so that a code defined twice is the last definition, as a map built in order gives.
    let by_code = |code: &str| {
        vocabulary
            .section_types
            .iter()
            .rev()
            .find(|t| t.code == code)
    };
    let mut types = Vec::with_capacity(cut.units.len());
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(cut.units.len());
    for (index, u) in cut.units.iter().enumerate() {
        let line = u.line;
        let Some(t) = by_code(&u.section_type) else {
            return Err(PlanError::UnknownSectionType {
                index,
                line,
                code: u.section_type.to_string(),
            });
        };
        if !t.active {
            return Err(PlanError::InactiveSectionType {
                index,
                line,
                code: u.section_type.to_string(),
            });
        }
        check_cut_address(cut, vocabulary, &types, index, u, t)?;
        let computed = content_digest(u.heading.as_deref(), &u.body);
        if u.content_sha256 != computed {
            return Err(PlanError::ContentHashMismatch {
                index,
                line,
                claimed: u.content_sha256.to_string(),
                computed: computed.to_string(),
            });
        }
        if let Some(first) = seen.insert(&u.canonical_address, index) {
            return Err(PlanError::DuplicateCutAddress {
                address: u.canonical_address.clone(),
                first_line: cut.units[first].line,
                second_line: line,
            });
        }
        types.push(t);
    }
    Ok((types, seen))
}

// What holds of the cut as a whole: its document slug, its vocabulary, no error diagnostic.
fn check_cut_whole(cut: &Cut, vocabulary: &Vocabulary) -> Result<(), PlanError> {
    match address::validate(&cut.doc) {
        Ok(0) => {}
        Ok(depth) => {
            return Err(PlanError::InvalidDocSlug {
                doc: cut.doc.clone(),
                reason: format!("it has {depth} segment(s); a slug has none"),
            })
        }
        Err(e) => {
            return Err(PlanError::InvalidDocSlug {
                doc: cut.doc.clone(),
                reason: e.reason(),
            })
        }
    }
    if cut.vocabulary != vocabulary.id() {
        return Err(PlanError::VocabularyMismatch {
            cut: cut.vocabulary.clone(),
            given: vocabulary.id().to_owned(),
        });
    }
    let errors: Vec<_> = cut
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if let Some(first) = errors.first() {
        return Err(PlanError::CutHasErrors {
            count: errors.len(),
            code: first.code,
            line: first.line,
            message: first.message.clone(),
        });
    }
    Ok(())
}

// Cut unit `u` (at `index`), of section type `t`, has a parent before it and the address derived from
// it (or one its document may number per parent), and that address is valid. `types` are the
// section types of the units before it.
fn check_cut_address(
    cut: &Cut,
    vocabulary: &Vocabulary,
    types: &[&SectionType],
    index: usize,
    u: &CutUnit,
    t: &SectionType,
) -> Result<(), PlanError> {
    let line = u.line;
    let parent_address = match u.parent {
        Some(p) if p < index => Some(cut.units[p].canonical_address.as_str()),
        Some(parent) => {
            return Err(PlanError::InvalidCutParent {
                index,
                line,
                parent,
            })
        }
        None => None,
    };
    // The derived address is only built (allocated) when it is not the claimed one.
    // A chapter its document numbers again in each part may extend its part's address
    // (asked only when the address is not the one derived from the document).
    let per_parent = || match u.parent {
        Some(p) => types.get(p).is_some_and(|pt: &&SectionType| {
            may_number_per_parent(vocabulary.section_types.iter(), t, pt)
        }),
        None => false,
    };
    // Inside an instrument attached to the document, citation roots start again at the
    // attachment (`…/kemtheo-1/dieu-1`, see `unit::instrument_base`).
    let base = parent_address
        .filter(|_| t.citation_root)
        .and_then(|p| instrument_base(&cut.doc, p, vocabulary.section_types.iter()))
        .unwrap_or(&cut.doc);
    if is_derived_address(
        &u.canonical_address,
        base,
        parent_address,
        t,
        &u.ordinal,
        per_parent,
    ) || t.citation_root && {
        // Numbered again per outermost grouping, above its parent (`…/division-b/section-101`
        // under `…/division-b/title-1`).
        let ancestors = std::iter::successors(u.parent.filter(|&p| p < index), |&p| {
            cut.units.get(p).and_then(|a| a.parent).filter(|&q| q < p)
        })
        .filter_map(|p| Some((cut.units.get(p)?.canonical_address.as_str(), *types.get(p)?)));
        is_scoped_address(
            vocabulary.section_types.iter(),
            &u.canonical_address,
            t,
            &u.ordinal,
            ancestors,
            index,
        )
    } {
        if let Err(e) = address::validate(&u.canonical_address) {
            return Err(PlanError::InvalidAddress {
                index,
                line,
                address: u.canonical_address.clone(),
                reason: e.reason(),
            });
        }
        return Ok(());
    }
    let derived = derived_address(base, parent_address, t, &u.ordinal);
    if let Err(e) = address::validate(&derived) {
        return Err(PlanError::InvalidAddress {
            index,
            line,
            address: derived,
            reason: e.reason(),
        });
    }
    Err(PlanError::AddressMismatch {
        index,
        line,
        claimed: u.canonical_address.clone(),
        derived,
    })
}

// `claimed == derived_address(doc, parent_address, t, ordinal)`, without building the latter.
fn is_derived_address(
    claimed: &str,
    doc: &str,
    parent_address: Option<&str>,
    t: &SectionType,
    ordinal: &str,
    per_parent: impl FnOnce() -> bool,
) -> bool {
    let extends = |base: &str| {
        claimed
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('/'))
            .and_then(|rest| rest.strip_prefix(t.address_token.as_str()))
            .and_then(|rest| rest.strip_prefix('-'))
            == Some(ordinal)
    };
    match parent_address {
        Some(parent) if !t.citation_root => extends(parent),
        // A citation root the document numbers again under each parent is addressed under
        // it (`…/phan-3/chuong-1`, see `unit::scoped_address`).
        Some(parent) => extends(doc) || extends(parent) && per_parent(),
        None => extends(doc),
    }
}

// Checks the stored units and returns the index of the unit with each id.
fn check_stored<'s>(
    stored: &'s [StoredUnit],
    document_id: &str,
) -> Result<HashMap<&'s str, usize>, PlanError> {
    let mut ids = HashMap::with_capacity(stored.len());
    let mut addresses: HashMap<&str, &str> = HashMap::with_capacity(stored.len());
    for (i, s) in stored.iter().enumerate() {
        if s.document != document_id {
            return Err(PlanError::ForeignStoredUnit {
                unit_id: s.id.clone(),
                document: s.document.clone(),
                expected: document_id.into(),
            });
        }
        if ids.insert(s.id.as_str(), i).is_some() {
            return Err(PlanError::DuplicateStoredId {
                unit_id: s.id.clone(),
            });
        }
        if let Some(first) = addresses.insert(&s.canonical_address, &s.id) {
            return Err(PlanError::DuplicateStoredAddress {
                address: s.canonical_address.clone(),
                first_id: first.into(),
                second_id: s.id.clone(),
            });
        }
    }
    Ok(ids)
}

// Whether the after-image of cut unit `u`, matched to `before`, would be
// `before` unchanged: `changed_columns(before, &after_image(…))` empty, without building it.
fn keeps(
    before: &StoredUnit,
    u: &CutUnit,
    ids: &[Cow<str>],
    input: &PlanInput,
    (lifecycle_status, authority): (LifecycleStatus, crate::store::unit::Authority),
) -> bool {
    before.document == input.document_id
        && before.section_type == u.section_type
        && before.parent.as_deref() == u.parent.and_then(|p| ids.get(p)).map(|id| id.as_ref())
        && before.ordinal == u.ordinal
        && before.heading == u.heading
        && before.body == u.body
        && before.content_sha256 == u.content_sha256
        && before.position == u.position
        && before.canonical_address == u.canonical_address
        && before.canonical_address_format_version == FORMAT_VERSION
        && before.lifecycle_status == lifecycle_status
        && before.authority == authority
}

// The lifecycle and authority of each cut unit's after-image, in cut order (a parent comes
// before its children: `check_cut`), so a unit an enacted law creates can look at its
// parent's (see the module docs).
fn after_lifecycles(
    cut: &Cut,
    stored: &[StoredUnit],
    cut_to_stored: &[Option<usize>],
    input: &PlanInput,
) -> Vec<(LifecycleStatus, crate::store::unit::Authority)> {
    let document_in_force = input.by_enacted_law
        && stored
            .iter()
            .any(|s| s.lifecycle_status == LifecycleStatus::Active);
    let mut out: Vec<(LifecycleStatus, crate::store::unit::Authority)> =
        Vec::with_capacity(cut.units.len());
    for (i, u) in cut.units.iter().enumerate() {
        let in_force = input.by_enacted_law
            && match u.parent.and_then(|p| out.get(p)) {
                Some((parent, _)) => *parent == LifecycleStatus::Active,
                None => document_in_force,
            };
        out.push(after_lifecycle(
            cut_to_stored[i].map(|s| &stored[s]),
            input.enact || in_force,
            input.enact,
        ));
    }
    out
}

// One unit's: `new_in_force` for a unit the change creates or revives, `enact` for all.
fn after_lifecycle(
    before: Option<&StoredUnit>,
    new_in_force: bool,
    enact: bool,
) -> (LifecycleStatus, crate::store::unit::Authority) {
    let new = if new_in_force {
        LifecycleStatus::Active
    } else {
        LifecycleStatus::DraftOnly
    };
    match before {
        None => (new, new.backfill_authority()),
        Some(b) => {
            let l = match b.lifecycle_status {
                _ if enact => LifecycleStatus::Active,
                LifecycleStatus::Retired => new,
                kept => kept,
            };
            if l == b.lifecycle_status {
                (l, b.authority)
            } else {
                (l, l.backfill_authority())
            }
        }
    }
}

fn after_image(
    u: &CutUnit,
    index: usize,
    ids: &[Cow<str>],
    input: &PlanInput,
    (lifecycle_status, authority): (LifecycleStatus, crate::store::unit::Authority),
) -> StoredUnit {
    StoredUnit {
        id: ids[index].to_string(),
        document: input.document_id.clone(),
        section_type: u.section_type.to_string(),
        parent: u.parent.and_then(|p| ids.get(p)).map(|id| id.to_string()),
        ordinal: u.ordinal.to_string(),
        heading: u.heading.clone(),
        body: u.body.clone(),
        content_sha256: u.content_sha256.to_string(),
        position: u.position,
        canonical_address: u.canonical_address.clone(),
        canonical_address_format_version: FORMAT_VERSION.into(),
        lifecycle_status,
        authority,
    }
}
