//! Gates: declarative preconditions that say what they checked, what they expected,
//! what they found, and why they passed or failed.
//!
//! CUT runs [`cut_gates`] (the approved manifest, the stored state it was planned
//! against, every before-image) and [`result_gates`] (Q-CHK-1..3, UNIQUE, TREE and
//! CONTENT on the state the manifest would produce) before it writes anything; a
//! migration builds its own from [`Gate::equal`] and [`Gate::check`] (schema shape, row
//! counts).

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::change::manifest::{base_sha256, unit_image_sha256, Manifest};
use crate::change::plan::apply;
use crate::change::verify::{verify, CheckId, DocumentRef, VerifyInput};
use crate::store::unit::StoredUnit;
use crate::text::canonical_json;
use crate::text::vocabulary::SectionType;

/// Whether a gate lets the operation through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
}

/// One precondition and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Gate {
    /// Stable kebab-case name, e.g. `manifest-approved`.
    pub name: String,
    pub expected: Value,
    pub found: Value,
    pub verdict: Verdict,
    /// What was checked and, on failure, exactly what differs — readable without the code.
    pub evidence: String,
}

impl Gate {
    /// Passes when `found` equals `expected` (compared as JSON).
    pub fn equal<E: Serialize, F: Serialize>(name: &str, expected: E, found: F) -> Gate {
        let expected = serde_json::to_value(expected).unwrap_or(Value::Null);
        let found = serde_json::to_value(found).unwrap_or(Value::Null);
        let pass = expected == found;
        let evidence = if pass {
            format!("{} as expected", canonical_json::to_string(&found))
        } else {
            format!(
                "expected {}, found {}",
                canonical_json::to_string(&expected),
                canonical_json::to_string(&found)
            )
        };
        Gate {
            name: name.into(),
            verdict: verdict(pass),
            expected,
            found,
            evidence,
        }
    }

    /// Passes when `ok`; `evidence` says what was checked and what was seen.
    pub fn check(name: &str, ok: bool, evidence: impl Into<String>) -> Gate {
        Gate {
            name: name.into(),
            expected: Value::Bool(true),
            found: Value::Bool(ok),
            verdict: verdict(ok),
            evidence: evidence.into(),
        }
    }

    pub fn passed(&self) -> bool {
        self.verdict == Verdict::Pass
    }

    /// The same gate with its evidence replaced, e.g. by a fuller explanation.
    pub fn with_evidence(mut self, evidence: impl Into<String>) -> Gate {
        self.evidence = evidence.into();
        self
    }
}

fn verdict(pass: bool) -> Verdict {
    if pass {
        Verdict::Pass
    } else {
        Verdict::Fail
    }
}

impl fmt::Display for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = match self.verdict {
            Verdict::Pass => "PASS",
            Verdict::Fail => "FAIL",
        };
        write!(f, "{verdict} {}: {}", self.name, self.evidence)
    }
}

/// Gates in the order they ran; `passed` only when every one passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GateReport {
    pub gates: Vec<Gate>,
    pub passed: bool,
}

impl GateReport {
    pub fn new(gates: Vec<Gate>) -> GateReport {
        let passed = gates.iter().all(Gate::passed);
        GateReport { gates, passed }
    }

    /// The gates that failed.
    pub fn failures(&self) -> impl Iterator<Item = &Gate> {
        self.gates.iter().filter(|g| !g.passed())
    }

    /// This report followed by `other`'s gates.
    pub fn and(mut self, other: GateReport) -> GateReport {
        self.gates.extend(other.gates);
        GateReport::new(self.gates)
    }
}

impl fmt::Display for GateReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let failed = self.failures().count();
        writeln!(
            f,
            "{} ({} gate(s), {failed} failed)",
            if self.passed {
                "gates passed"
            } else {
                "gates FAILED"
            },
            self.gates.len()
        )?;
        for g in &self.gates {
            writeln!(f, "  {g}")?;
        }
        Ok(())
    }
}

/// The CUT preconditions on the stored state as it is now (`stored_now`: at least the
/// document's units; others are ignored):
///
/// - `manifest-approved`: the manifest hashes to the approved sha256;
/// - `base-unchanged`: the document's units are still the state the plan was computed
///   against (nothing was added, removed or edited since);
/// - `before-images-match`: every block's `before_sha256` is the hash of the unit as
///   stored now (a rollback's remove and a scoped confirm included: the unit must be
///   exactly as the manifest saw it) — the evidence lists each unit that differs or is
///   gone — and no unit a block creates exists already.
pub fn cut_gates(
    manifest: &Manifest,
    approved_sha256: &str,
    stored_now: &[StoredUnit],
) -> GateReport {
    cut_gates_of_read(manifest, &manifest.sha256(), approved_sha256, stored_now)
}

/// [`cut_gates`] of a manifest whose sha256 is already known: `read_sha256` is what the
/// manifest hashes to, as a read that checked it against a claimed sha256 proved
/// ([`Manifest::from_parts`], [`Manifest::from_json`]); hashing 100k blocks again is skipped.
pub fn cut_gates_of_read(
    manifest: &Manifest,
    read_sha256: &str,
    approved_sha256: &str,
    stored_now: &[StoredUnit],
) -> GateReport {
    let computed = read_sha256.to_ascii_lowercase();
    let approved_sha256 = approved_sha256.to_ascii_lowercase();
    let approved = Gate::equal("manifest-approved", &approved_sha256, &computed).with_evidence(
        if approved_sha256 == computed {
            format!("the manifest hashes to the approved sha256 {computed}")
        } else {
            format!("the approved manifest is {approved_sha256}, but this manifest hashes to {computed}: it is not the manifest that was reviewed")
        },
    );

    let document = manifest.envelope.document_id.as_str();
    let base_now = base_sha256(document, stored_now);
    let base = Gate::equal("base-unchanged", &manifest.envelope.base_sha256, &base_now)
        .with_evidence(if base_now == manifest.envelope.base_sha256 {
            format!("the units of document {document} are the state the plan was computed against")
        } else {
            format!(
                "the units of document {document} changed since the plan was made (base {} then, {base_now} now): plan the cut again",
                manifest.envelope.base_sha256
            )
        });

    let now: HashMap<&str, &StoredUnit> = stored_now
        .iter()
        .filter(|u| u.document == document)
        .map(|u| (u.id.as_str(), u))
        .collect();
    let mut differing: Vec<&str> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    for block in &manifest.blocks {
        let id = block.unit_id();
        match (block.before_sha256(), now.get(id)) {
            (None, None) => {}
            (None, Some(u)) => {
                differing.push(id);
                lines.push(format!(
                    "unit {id} ({}): to be created, but it exists already",
                    u.canonical_address
                ));
            }
            (Some(_), None) => {
                differing.push(id);
                lines.push(format!(
                    "unit {id} ({}): expected before-image {}, found no such unit",
                    block.image().canonical_address,
                    block.before_sha256().unwrap_or_default()
                ));
            }
            (Some(expected), Some(u)) => {
                let found = unit_image_sha256(u);
                if found != expected {
                    differing.push(id);
                    lines.push(format!(
                        "unit {id} ({}): expected before-image {expected}, found {found}",
                        u.canonical_address
                    ));
                }
            }
        }
    }
    let checked = manifest.blocks.len();
    let images = Gate::equal("before-images-match", Vec::<&str>::new(), &differing).with_evidence(
        if differing.is_empty() {
            format!("all {checked} block(s) find their unit as planned")
        } else {
            format!(
                "{} of {checked} block(s) find their unit changed since the plan: {}",
                differing.len(),
                lines.join("; ")
            )
        },
    );
    GateReport::new(vec![approved, base, images])
}

/// Q-CHK-1..3, UNIQUE, TREE and CONTENT on the document as the manifest would leave
/// it ([`apply`] to the document's units in `stored_now`), one gate per check; each
/// failing gate's evidence lists the violations.
pub fn result_gates(
    manifest: &Manifest,
    stored_now: &[StoredUnit],
    section_types: &[SectionType],
) -> GateReport {
    let document = &manifest.envelope.document_id;
    let current: Vec<StoredUnit> = stored_now
        .iter()
        .filter(|u| &u.document == document)
        .cloned()
        .collect();
    result_gates_of_applied(manifest, &apply(&current, manifest), section_types)
}

/// Everything the executor asks of the core before a CUT writes, from one read of the manifest.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICutCheckResult"))]
#[serde(rename_all = "camelCase")]
pub struct CutCheck {
    /// The CUT preconditions ([`cut_gates_of_read`]).
    pub before: GateReport,
    /// The postconditions ([`result_gates`]).
    pub after: GateReport,
    /// The write steps, when asked for (else empty).
    pub write_steps: Vec<crate::change::manifest::WriteStep>,
    /// The base sha256 of the document's units once the write steps are done
    /// (`baseSha256` of `applyManifest`), the change set's `result_sha256`.
    pub result_sha256: String,
}

/// The CUT's gates of a manifest read from its stored parts and proved to hash to
/// `entry_sha256` (`PartsReader::finish`): preconditions, postconditions, the write steps
/// (`steps`) and the result's sha256 for `document_id`, the entry's document.
pub fn cut_check(
    manifest: &Manifest,
    document_id: &str,
    entry_sha256: &str,
    approved_sha256: &str,
    stored_now: &[StoredUnit],
    section_types: &[SectionType],
    steps: bool,
) -> CutCheck {
    // Applied once for the result gates. A block only touches units of the manifest's document
    // (Manifest::check), so applying to every stored unit and keeping that document's is
    // applying to that document's units (as result_gates does).
    let applied = apply(stored_now, manifest);
    let document = &manifest.envelope.document_id;
    let after = if applied.iter().all(|u| &u.document == document) {
        result_gates_of_applied(manifest, &applied, section_types)
    } else {
        result_gates(manifest, stored_now, section_types)
    };
    drop(applied);
    CutCheck {
        // The read proved the manifest hashes to the entry's sha256.
        before: cut_gates_of_read(manifest, entry_sha256, approved_sha256, stored_now),
        after,
        write_steps: if steps {
            manifest.write_steps()
        } else {
            Vec::new()
        },
        // The read checked every block's after_sha256 against its image.
        result_sha256: crate::change::manifest::result_sha256(document_id, stored_now, manifest),
    }
}

/// [`result_gates`] of `result`, the document's units after the manifest
/// ([`apply`] of the manifest to the document's stored units), for a caller that
/// already applied it.
pub fn result_gates_of_applied(
    manifest: &Manifest,
    result: &[StoredUnit],
    section_types: &[SectionType],
) -> GateReport {
    let document = &manifest.envelope.document_id;
    let documents = [DocumentRef {
        id: document.clone(),
        slug: manifest.envelope.doc.clone(),
    }];
    let report = verify(&VerifyInput::new(&documents, section_types, result));
    let gates = [
        CheckId::QChk1,
        CheckId::QChk2,
        CheckId::QChk3,
        CheckId::Unique,
        CheckId::Tree,
        CheckId::Content,
    ]
    .iter()
    .map(|&check| {
        let violations: Vec<String> = report.of(check).map(ToString::to_string).collect();
        let name = check.as_str().to_lowercase();
        Gate::equal(&name, 0, violations.len()).with_evidence(if violations.is_empty() {
            format!(
                "{} holds for the {} unit(s) after the cut",
                check.describe(),
                result.len()
            )
        } else {
            format!(
                "after the cut, {} fails for {} unit(s): {}",
                check.describe(),
                violations.len(),
                violations.join("; ")
            )
        })
    })
    .collect();
    GateReport::new(gates)
}
