//! Repair: the governed change set that puts a document's units and aliases back to the
//! ledger's last after-images, after an incident recorded that the store drifted.
//!
//! [`crate::ledger::drift`] names what differs; a repair undoes it through the workflow, so the
//! store goes on from a state the ledger vouches for and the change is reviewed (reviewer
//! ≠ submitter), cut (executor) and verified (verifier ≠ executor) like any other. It is
//! an ordinary [`Manifest`]:
//!
//! | the store now                                   | block                                      |
//! |-------------------------------------------------|--------------------------------------------|
//! | a unit that differs from its last image         | `update`, or `readdress` when its address differs (before = as stored, after = the image); no alias rows |
//! | a unit the last image says exists, not stored   | `create` with the image, same id          |
//! | a unit no change set wrote, or the last removed | `remove` (before = as stored)              |
//!
//! and, in the envelope, `alias_repairs`: each alias row that differs from its last image
//! (`before` = as stored, `after` = the image), that is missing (`before: null`), or that
//! no change set wrote or the last removed (`after: null`). `repair_of` names the
//! incident. `base_sha256` is the document's units now, so the CUT gates refuse it if the
//! store moves between the repair and the CUT (and [`alias_repair_gate`] does the same
//! for the alias rows).
//!
//! Images are the last per id (highest `ledger_seq`), exactly as the drift audit takes
//! them; units are compared by their image hash, aliases by the drift audit's rules
//! (timestamps as instants), so a repair changes precisely what the drift audit names.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::change::gate::Gate;
use crate::change::manifest::{
    base_sha256, changed_columns, unit_image_sha256, AliasRepair, Change, Counts, Creation,
    Envelope, Manifest, ManifestError, Readdressing, Removal, UnitBlock, FORMAT,
};
use crate::ledger::drift::{alias_differences, AliasImage, UnitImage};
use crate::store::unit::{StoredAlias, StoredUnit};
use crate::text::report::Report;
use crate::text::timestamp::Timestamp;

/// What a repair needs besides the store and the images: the facts the core cannot know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RepairFacts {
    /// The `legal_document` repaired.
    pub document_id: String,
    /// Its slug (every address starts with it).
    pub doc: String,
    /// Its vocabulary's language.
    pub vocabulary: String,
    /// sha256 of the document's source text as stored (the text the restored units were cut from).
    pub source_sha256: String,
    /// The `ledger_incident` whose findings the repair answers.
    pub incident: String,
    /// When the repair is planned (RFC 3339).
    pub created_at: String,
    /// Who asks (user or agent id).
    pub created_by: String,
    /// When it takes effect (RFC 3339).
    pub effective_from: String,
}

/// Why a repair could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RepairError {
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
    /// The document's units and aliases already equal the ledger's last after-images.
    #[error("the units and aliases of document {document_id} equal the ledger's last after-images: there is nothing to repair")]
    NothingToRepair { document_id: String },
    /// The manifest built does not check (a bug, reported as an error rather than written).
    #[error("the repair manifest is invalid: {0}")]
    InvalidManifest(#[from] ManifestError),
}

impl Report for RepairError {
    /// Stable kebab-case code; an invalid manifest keeps the manifest error's code.
    fn code(&self) -> &'static str {
        match self {
            Self::EmptyField { .. } => "empty-field",
            Self::InvalidTimestamp { .. } => "invalid-timestamp",
            Self::NothingToRepair { .. } => "nothing-to-repair",
            Self::InvalidManifest(e) => e.code(),
        }
    }

    /// How to fix it.
    fn hint(&self) -> String {
        match self {
            Self::EmptyField { .. } => "fill in the field".into(),
            Self::InvalidTimestamp { .. } => "write it like '2025-07-01T00:00:00+07:00'".into(),
            Self::NothingToRepair { .. } => "check the document with POST /iu-cutter/audit { document }; a repair only restores what drifted".into(),
            Self::InvalidManifest(e) => e.hint(),
        }
    }
}

/// The last image per id: the highest `ledger_seq` wins.
fn last<'a, T>(
    images: impl Iterator<Item = (&'a str, u64, Option<&'a T>)>,
) -> HashMap<&'a str, Option<&'a T>> {
    let mut out: HashMap<&str, (u64, Option<&T>)> = HashMap::new();
    for (id, seq, image) in images {
        match out.get(id) {
            Some((kept, _)) if *kept >= seq => {}
            _ => {
                out.insert(id, (seq, image));
            }
        }
    }
    out.into_iter()
        .map(|(id, (_, image))| (id, image))
        .collect()
}

/// The manifest that restores the document's units and aliases to the ledger's last
/// after-images; see the module docs. `units_now` and `aliases_now` are the document's
/// rows as stored (other documents' units are ignored); the images are every id the
/// ledger ever wrote for the document, each as often as it was written.
pub fn repair_manifest(
    units_now: &[StoredUnit],
    unit_images: &[UnitImage],
    aliases_now: &[StoredAlias],
    alias_images: &[AliasImage],
    facts: &RepairFacts,
) -> Result<Manifest, RepairError> {
    check_facts(facts)?;
    let document = facts.document_id.as_str();
    let units: Vec<&StoredUnit> = units_now
        .iter()
        .filter(|u| u.document == document)
        .collect();
    let images = last(
        unit_images
            .iter()
            .filter(|i| {
                i.after_image
                    .as_ref()
                    .is_none_or(|a| a.document == document)
            })
            .map(|i| (i.unit_id.as_str(), i.ledger_seq, i.after_image.as_ref())),
    );
    let blocks = unit_repairs(&units, &images);
    let repairs = alias_repairs(aliases_now, alias_images);
    if blocks.is_empty() && repairs.is_empty() {
        return Err(RepairError::NothingToRepair {
            document_id: document.into(),
        });
    }
    let owned: Vec<StoredUnit> = units.into_iter().cloned().collect();
    let manifest = Manifest::assemble(
        repair_envelope(facts, base_sha256(document, &owned), repairs),
        blocks,
        &owned,
    );
    manifest.check()?;
    Ok(manifest)
}

// The blocks that put each of the document's units back to the last image a change set wrote
// of it: removed when none did (or the last one removed it), created when it is gone.
fn unit_repairs(
    units: &[&StoredUnit],
    images: &HashMap<&str, Option<&StoredUnit>>,
) -> Vec<UnitBlock> {
    let mut blocks = Vec::new();
    let mut stored: HashMap<&str, ()> = HashMap::with_capacity(units.len());
    for u in units {
        stored.insert(u.id.as_str(), ());
        match images.get(u.id.as_str()).copied().flatten() {
            // No change set wrote it, or the last one removed it.
            None => blocks.push(UnitBlock::Remove(Removal {
                unit_id: u.id.clone(),
                before_sha256: unit_image_sha256(u),
                before: (*u).clone(),
            })),
            Some(image) => blocks.extend(put_back(u, image)),
        }
    }
    let mut missing: Vec<&StoredUnit> = images
        .iter()
        .filter(|(id, _)| !stored.contains_key(*id))
        .filter_map(|(_, image)| *image)
        .collect();
    missing.sort_by(|a, b| a.id.cmp(&b.id));
    for image in missing {
        blocks.push(UnitBlock::Create(Creation {
            amended_by: Vec::new(),
            manual: None,
            notes: Vec::new(),
            unit_id: image.id.clone(),
            after_sha256: unit_image_sha256(image),
            after: image.clone(),
            aliases: Vec::new(),
        }));
    }
    blocks
}

// The block that turns stored unit `u` back into `image`; `None` when it already is.
fn put_back(u: &StoredUnit, image: &StoredUnit) -> Option<UnitBlock> {
    let (before_sha256, after_sha256) = (unit_image_sha256(u), unit_image_sha256(image));
    if before_sha256 == after_sha256 {
        return None;
    }
    let changed = changed_columns(u, image);
    Some(if u.canonical_address != image.canonical_address {
        UnitBlock::Readdress(Readdressing {
            amended_by: Vec::new(),
            manual: None,
            notes: Vec::new(),
            unit_id: u.id.clone(),
            old_address: u.canonical_address.clone(),
            new_address: image.canonical_address.clone(),
            before_sha256,
            after_sha256,
            changed,
            before: u.clone(),
            after: image.clone(),
            aliases: Vec::new(),
        })
    } else {
        UnitBlock::Update(Change {
            amended_by: Vec::new(),
            manual: None,
            notes: Vec::new(),
            unit_id: u.id.clone(),
            before_sha256,
            after_sha256,
            changed,
            before: u.clone(),
            after: image.clone(),
            aliases: Vec::new(),
        })
    })
}

// The alias rows to write back to the last image the ledger holds of each (deleted when it
// holds none), by alias id.
fn alias_repairs(
    aliases_now: &[StoredAlias],
    alias_images: &[AliasImage],
) -> BTreeMap<String, AliasRepair> {
    let alias_last = last(
        alias_images
            .iter()
            .map(|i| (i.alias_id.as_str(), i.ledger_seq, i.after_image.as_ref())),
    );
    let mut repairs: BTreeMap<String, AliasRepair> = BTreeMap::new();
    for a in aliases_now {
        let repair = |after: Option<&StoredAlias>| AliasRepair {
            alias_id: a.alias_id.clone(),
            before: Some(a.clone()),
            after: after.cloned(),
        };
        match alias_last.get(a.alias_id.as_str()).copied().flatten() {
            None => {
                repairs.insert(a.alias_id.clone(), repair(None));
            }
            Some(image) if !alias_differences(image, a).is_empty() => {
                repairs.insert(a.alias_id.clone(), repair(Some(image)));
            }
            Some(_) => {}
        }
    }
    let in_store: HashMap<&str, ()> = aliases_now
        .iter()
        .map(|a| (a.alias_id.as_str(), ()))
        .collect();
    for (id, image) in &alias_last {
        if let (false, Some(image)) = (in_store.contains_key(id), image) {
            repairs.insert(
                (*id).to_string(),
                AliasRepair {
                    alias_id: (*id).to_string(),
                    before: None,
                    after: Some((*image).clone()),
                },
            );
        }
    }
    repairs
}

fn repair_envelope(
    facts: &RepairFacts,
    base_sha256: String,
    repairs: BTreeMap<String, AliasRepair>,
) -> Envelope {
    Envelope {
        amendment: None,
        crosswalk: None,
        positions_upgrade: false,
        format: FORMAT.into(),
        document_id: facts.document_id.clone(),
        doc: facts.doc.clone(),
        source_sha256: facts.source_sha256.clone(),
        vocabulary: facts.vocabulary.clone(),
        base_sha256,
        effective_from: facts.effective_from.clone(),
        enact: false,
        counts: Counts::default(),
        created_at: facts.created_at.clone(),
        created_by: facts.created_by.clone(),
        rollback_of: None,
        scope: None,
        allow_mass_retire: false,
        repair_of: Some(facts.incident.clone()),
        alias_repairs: repairs.into_values().collect(),
    }
}

/// The CUT precondition of a repair's alias rows (`alias-before-images-match`): each
/// alias row it repairs is still as the repair saw it (`before`; `null`: absent), by the
/// drift audit's rules. `aliases_now`: at least the rows named in `alias_repairs`. A
/// manifest without alias repairs passes.
pub fn alias_repair_gate(manifest: &Manifest, aliases_now: &[StoredAlias]) -> Gate {
    let now: HashMap<&str, &StoredAlias> = aliases_now
        .iter()
        .map(|a| (a.alias_id.as_str(), a))
        .collect();
    let mut problems = Vec::new();
    for r in &manifest.envelope.alias_repairs {
        match (&r.before, now.get(r.alias_id.as_str())) {
            (None, None) => {}
            (None, Some(a)) if manifest.envelope.crosswalk.is_some() => problems.push(format!(
                "alias {} ({}) exists now: the same row was imported since the crosswalk was planned",
                r.alias_id, a.alias_text
            )),
            (None, Some(a)) => problems.push(format!(
                "alias {} ({}) exists now; the repair expected none",
                r.alias_id, a.alias_text
            )),
            (Some(b), None) => problems.push(format!(
                "alias {} ({}) is gone since the repair was planned",
                r.alias_id, b.alias_text
            )),
            (Some(b), Some(a)) => {
                let fields = alias_differences(b, a);
                if !fields.is_empty() {
                    problems.push(format!(
                        "alias {} ({}) changed since the repair was planned: {}",
                        r.alias_id,
                        a.alias_text,
                        fields.join(", ")
                    ));
                }
            }
        }
    }
    let n = manifest.envelope.alias_repairs.len();
    let what = if manifest.envelope.crosswalk.is_some() {
        "crosswalk"
    } else {
        "repair"
    };
    Gate::check(
        "alias-before-images-match",
        problems.is_empty(),
        if problems.is_empty() {
            format!("the {n} alias row(s) the {what} writes are as it saw them")
        } else {
            format!(
                "{} of {n} alias row(s) moved since the {what} was planned: {}; plan the {what} again",
                problems.len(),
                problems.join("; ")
            )
        },
    )
}

fn check_facts(facts: &RepairFacts) -> Result<(), RepairError> {
    for (field, value) in [
        ("document_id", &facts.document_id),
        ("doc", &facts.doc),
        ("vocabulary", &facts.vocabulary),
        ("source_sha256", &facts.source_sha256),
        ("incident", &facts.incident),
        ("created_at", &facts.created_at),
        ("created_by", &facts.created_by),
        ("effective_from", &facts.effective_from),
    ] {
        if value.trim().is_empty() {
            return Err(RepairError::EmptyField { field });
        }
    }
    for (field, value) in [
        ("effective_from", &facts.effective_from),
        ("created_at", &facts.created_at),
    ] {
        if let Err(e) = Timestamp::parse_rfc3339(value) {
            return Err(RepairError::InvalidTimestamp {
                field,
                value: value.clone(),
                reason: e.to_string(),
            });
        }
    }
    Ok(())
}
