//! Incidents: what an audit found when the ledger or the store was changed outside the
//! workflow, as the one `ledger_incident` row that records it.
//!
//! Once someone with database access forged, rewrote or deleted ledger rows, every step
//! is refused (the chain's tail is not what the server signed) or every VERIFY fails.
//! An incident is how the workflow goes on without hiding anything: [`incident_record`]
//! turns the chain audit's report (and the drift audit's, when the store drifted) into
//!
//! - `finding`: the violations exactly as found, as RFC 8785 JSON;
//! - `disowned`: every row the chain audit named (with its row_hash, the content hash
//!   when it was edited in place, and the kinds of finding seen on it) and every
//!   checkpoint it named (e.g. old checkpoints whose heads no longer match after a
//!   rewrite). Later audits given this set ([`crate::ledger::audit::AuditOptions::disowned`])
//!   report those rows as `disowned` warnings naming the incident, as long as they stay
//!   exactly as recorded; the workflow's readers ignore them.
//!
//! The incident row is appended to the chain like any other and signed by the server:
//! its checkpoint covers the disowned rows, which stay in history, named.
//! Drift (units and aliases that differ from the ledger's last after-images) disowns
//! nothing: the store is put back by a governed repair ([`crate::change::repair`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ledger::audit::{
    AuditFinding, AuditKind, AuditReport, Disowned, DisownedCheckpoint, DisownedRow, Subject,
};
use crate::ledger::drift::{DriftReport, DriftViolation};
use crate::text::canonical_json;

/// What an incident records: the chain audit of the whole ledger and, when the store was
/// audited too (a document's units and aliases, or the whole store), the drift audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IncidentInput {
    pub chain: AuditReport,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub drift: Option<DriftReport>,
}

/// The content of a `ledger_incident` row, and what to tell the person who reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IncidentRecord {
    /// Something is wrong: a chain violation, or a unit or alias that drifted.
    pub to_report: bool,
    /// RFC 8785 JSON `{ chain: { violation_count, violations }, drift: { violation_count,
    /// violations } | null }`: the violations as found.
    pub finding: String,
    pub disowned: Disowned,
    /// RFC 8785 JSON of `disowned` (checkpoints as bare seqs): the row's `disowned` column.
    pub disowned_json: String,
    pub chain_violations: u64,
    pub drift_violations: usize,
    /// More violations were found than the reports kept: record another incident after
    /// this one to disown the rest.
    pub truncated: bool,
}

#[derive(Serialize)]
struct Found<'a, T: Serialize> {
    violation_count: u64,
    violations: &'a [T],
}

#[derive(Serialize)]
struct Finding<'a> {
    chain: Found<'a, AuditFinding>,
    drift: Option<Found<'a, DriftViolation>>,
}

/// The incident's row content; see the module docs.
pub fn incident_record(input: &IncidentInput) -> IncidentRecord {
    let chain = &input.chain;
    let drift = input.drift.as_ref();
    let drift_violations = drift.map_or(0, |d| d.violation_count);
    let finding = canonical_json::to_string(&Finding {
        chain: Found {
            violation_count: chain.violation_count,
            violations: &chain.violations,
        },
        drift: drift.map(|d| Found {
            violation_count: d.violation_count as u64,
            violations: &d.violations,
        }),
    });
    let disowned = disowned_by(&chain.violations);
    IncidentRecord {
        to_report: chain.violation_count > 0 || drift_violations > 0,
        finding,
        disowned_json: canonical_json::to_string(&disowned),
        chain_violations: chain.violation_count,
        drift_violations,
        truncated: chain.violation_count > chain.violations.len() as u64
            || drift.is_some_and(|d| d.violation_count > d.violations.len()),
        disowned,
    }
}

/// Every row named at row level (grouped by seq and id, in seq order) and every checkpoint
/// named (its own findings, and the checkpoint a `checkpoint-mismatch` row missed).
pub fn disowned_by(violations: &[AuditFinding]) -> Disowned {
    let mut rows: BTreeMap<(u64, String), DisownedRow> = BTreeMap::new();
    let mut checkpoints: BTreeMap<u64, ()> = BTreeMap::new();
    for v in violations {
        if v.subject != Subject::Row || v.kind == AuditKind::CheckpointMismatch {
            checkpoints.insert(v.seq, ());
        }
        if v.subject != Subject::Row {
            continue;
        }
        let (Some(id), Some(row_hash)) = (v.row_id.clone(), v.row_hash.clone()) else {
            continue;
        };
        let row = rows
            .entry((v.seq, id.clone()))
            .or_insert_with(|| DisownedRow {
                seq: v.seq,
                row_hash,
                content_hash: None,
                kinds: Vec::new(),
                collection: v.collection.clone(),
                id: Some(id),
                incident: None,
            });
        if !row.kinds.contains(&v.kind) {
            row.kinds.push(v.kind);
        }
        if v.kind == AuditKind::TamperedContent {
            // The finding expects what the content hashes to now.
            row.content_hash = Some(v.expected.clone());
        }
    }
    let mut rows: Vec<DisownedRow> = rows.into_values().collect();
    for r in &mut rows {
        r.kinds.sort_by_key(|k| k.code());
    }
    Disowned {
        rows,
        checkpoints: checkpoints
            .into_keys()
            .map(|seq| DisownedCheckpoint {
                seq,
                incident: None,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests;
