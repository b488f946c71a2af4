//! The offline audit of an export (`npm run ledger:export`): given the export and the operator's public
//! keys, it says without Directus and without the database whether the history is intact and signed
//! ([`LedgerAudit`]), and whether the store equals the ledger's after-images ([`StoreDrift`]).
//!
//! `npm run ledger:audit` (this module as WASM in Node) and `iu-cutter-audit` (natively, verifying
//! passkey signatures on every core) read the export's lines and hand them here, so both judge alike.
//!
//! The export is JSON lines: a header, the checkpoints, the chain's rows in seq order, the store's units,
//! its aliases, and a closing line with the counts. Memory holds one page and one image per unit and
//! alias id, never the history. Incidents (`ledger_incident` rows) are read in a first pass
//! ([`incident_of_line`]): what they disowned must be known before the first row.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ledger::audit::{
    parse_witness, AuditOptions, AuditReport, Disowned, DisownedCheckpoint, DisownedRow,
    LedgerAudit,
};
use crate::ledger::chain::LedgerRow;
use crate::ledger::checkpoint::Checkpoint;
use crate::ledger::drift::{DriftReport, StoreDrift};
use crate::store::unit::{StoredAlias, StoredUnit};

/// The header's `format`.
pub const EXPORT_FORMAT: &str = "iu-cutter-ledger-export-v1";

/// Rows, units and aliases handed on at a time.
const PAGE: usize = 5000;

/// What one incident disowned, as its `ledger_incident` row keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IncidentSets {
    pub id: String,
    /// The incident's own seq: it disowns only what came before it.
    #[serde(deserialize_with = "crate::ledger::checkpoint::json_u64")]
    pub ledger_seq: u64,
    /// Its `disowned` column: `{ rows: [...], checkpoints: [...] }` as JSON text.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub disowned: Option<String>,
}

/// The union of what incidents disowned, each row and checkpoint naming the first incident that did.
/// Only what came before an incident counts; an incident whose set is not JSON (edited behind the
/// ledger's back: the chain audit names it) disowns nothing.
pub fn disowned_union(incidents: &[IncidentSets]) -> Disowned {
    let mut out = Disowned::default();
    let mut checkpoints = std::collections::BTreeMap::new();
    for incident in incidents {
        let Ok(set) = serde_json::from_str::<Value>(incident.disowned.as_deref().unwrap_or("{}"))
        else {
            continue;
        };
        let list = |key: &str| set.get(key).and_then(Value::as_array).cloned();
        for row in list("rows").unwrap_or_default() {
            let Ok(mut row) = serde_json::from_value::<DisownedRow>(row) else {
                continue;
            };
            if row.seq < incident.ledger_seq {
                row.incident = Some(incident.id.clone());
                out.rows.push(row);
            }
        }
        for c in list("checkpoints").unwrap_or_default() {
            let Ok(c) = serde_json::from_value::<DisownedCheckpoint>(c) else {
                continue;
            };
            if c.seq < incident.ledger_seq {
                checkpoints
                    .entry(c.seq)
                    .or_insert_with(|| incident.id.clone());
            }
        }
    }
    out.checkpoints = checkpoints
        .into_iter()
        .map(|(seq, incident)| DisownedCheckpoint {
            seq,
            incident: Some(incident),
        })
        .collect();
    out
}

/// The incident a line of the export records, if it is a `ledger_incident` row (the first pass).
pub fn incident_of_line(line: &str) -> Option<IncidentSets> {
    if !line.contains("\"ledger_incident\"") {
        return None;
    }
    let o: Value = serde_json::from_str(line).ok()?;
    if o.get("type")?.as_str()? != "row" || o.get("collection")?.as_str()? != "ledger_incident" {
        return None;
    }
    let content = o.get("content")?;
    Some(IncidentSets {
        id: o.get("id")?.as_str()?.to_string(),
        ledger_seq: match content.get("ledger_seq")? {
            Value::Number(n) => n.as_u64()?,
            Value::String(s) => s.parse().ok()?,
            _ => return None,
        },
        disowned: content
            .get("disowned")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

/// What the offline audit is given besides the export.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfflineOptions {
    /// The operator's public keys (SPKI PEM): the current one and retired ones.
    pub public_keys: Vec<String>,
    /// The witness file's text and its name (for the report), when given.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub witness: Option<WitnessFile>,
    /// The agents' public keys (SPKI PEM Ed25519).
    #[serde(default)]
    pub agent_public_keys: Vec<String>,
    /// Every incident of the export ([`incident_of_line`]).
    #[serde(default)]
    pub incidents: Vec<IncidentSets>,
}

/// A witness file: its name, as the auditor gave it, and its text.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WitnessFile {
    pub name: String,
    pub text: String,
}

/// Something wrong with the export or a warning about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportProblem {
    pub kind: String,
    pub message: String,
}

/// What the export said of itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportSummary {
    pub source: String,
    pub exported_at: String,
    pub rows: u64,
    pub checkpoints: u64,
    pub units: u64,
    pub aliases: u64,
}

/// The offline audit's verdict.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfflineReport {
    /// The chain and its signatures hold, the store equals the ledger, the export is whole.
    pub passed: bool,
    pub chain: AuditReport,
    pub drift: DriftReport,
    pub export: ExportSummary,
    /// The witness file's name, when one was given.
    pub witness: Option<String>,
    /// How many incidents the ledger records.
    pub incidents: usize,
    pub problems: Vec<ExportProblem>,
    pub warnings: Vec<ExportProblem>,
}

/// Why the export cannot be audited at all (exit 2): a bad key, a damaged line, not an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An offline audit being fed the export's lines, in order.
pub struct OfflineAudit {
    audit: LedgerAudit,
    drift: StoreDrift,
    witness: Option<String>,
    incidents: usize,
    warnings: Vec<ExportProblem>,
    line: u64,
    header: Option<Value>,
    end: Option<Value>,
    seen: ExportSummary,
    checkpoints: Vec<Checkpoint>,
    checkpoints_fed: bool,
    rows: Vec<LedgerRow>,
    units: Vec<StoredUnit>,
    aliases: Vec<StoredAlias>,
}

impl OfflineAudit {
    pub fn new(options: OfflineOptions) -> Result<OfflineAudit, Unreadable> {
        let mut warnings = Vec::new();
        let witness = match &options.witness {
            None => None,
            Some(w) => {
                let parsed =
                    parse_witness(&w.text).map_err(|e| Unreadable(format!("{}: {e}", w.name)))?;
                if parsed.torn_tail {
                    warnings.push(ExportProblem {
                        kind: "witness-torn".into(),
                        message: format!("{} ends with a line cut short (the server stopped mid-write); it was left out", w.name),
                    });
                }
                Some(parsed.checkpoints)
            }
        };
        let disowned = disowned_union(&options.incidents);
        let drift = StoreDrift::new(Some(&disowned));
        let audit = LedgerAudit::new(AuditOptions {
            witness,
            disowned: Some(disowned),
            agent_public_keys: options.agent_public_keys,
            ..AuditOptions::new(options.public_keys)
        })
        .map_err(|e| Unreadable(format!("the public key(s) cannot be used: {e}")))?;
        Ok(OfflineAudit {
            audit,
            drift,
            witness: options.witness.map(|w| w.name),
            incidents: options.incidents.len(),
            warnings,
            line: 0,
            header: None,
            end: None,
            seen: ExportSummary::default(),
            checkpoints: Vec::new(),
            checkpoints_fed: false,
            rows: Vec::new(),
            units: Vec::new(),
            aliases: Vec::new(),
        })
    }

    /// How many threads verify passkey signatures (natively; see [`LedgerAudit::set_threads`]).
    pub fn set_threads(&mut self, threads: usize) {
        self.audit.set_threads(threads);
    }

    /// The export's next line.
    pub fn line(&mut self, text: &str) -> Result<(), Unreadable> {
        self.line += 1;
        let n = self.line;
        if text.trim().is_empty() {
            return Ok(());
        }
        let damaged = || Unreadable(format!("line {n}: not JSON; the export is damaged"));
        let Ok(Value::Object(mut o)) = serde_json::from_str::<Value>(text) else {
            return Err(damaged());
        };
        if n == 1 {
            let format = o.get("format").and_then(Value::as_str);
            if o.get("type").and_then(Value::as_str) != Some("header")
                || format != Some(EXPORT_FORMAT)
            {
                return Err(Unreadable(format!(
                    "line 1: not an iu-cutter ledger export (expected a header with format {EXPORT_FORMAT})"
                )));
            }
            self.header = Some(Value::Object(o));
            return Ok(());
        }
        let kind = match o.remove("type") {
            Some(Value::String(s)) => s,
            _ => String::new(),
        };
        let item = Value::Object(o);
        let bad = |what: &str, e: serde_json::Error| {
            Unreadable(format!(
                "line {n}: not a {what} ({e}); the export is damaged"
            ))
        };
        match kind.as_str() {
            "checkpoint" => {
                self.checkpoints
                    .push(serde_json::from_value(item).map_err(|e| bad("checkpoint", e))?);
                self.seen.checkpoints += 1;
            }
            "row" => {
                self.rows
                    .push(serde_json::from_value(item).map_err(|e| bad("ledger row", e))?);
                self.seen.rows += 1;
                if self.rows.len() >= PAGE {
                    self.flush_rows()?;
                }
            }
            "unit" => {
                self.flush_rows()?;
                self.units
                    .push(serde_json::from_value(item).map_err(|e| bad("unit", e))?);
                self.seen.units += 1;
                if self.units.len() >= PAGE {
                    self.flush_units()?;
                }
            }
            "alias" => {
                self.flush_rows()?;
                self.flush_units()?;
                self.aliases
                    .push(serde_json::from_value(item).map_err(|e| bad("alias", e))?);
                self.seen.aliases += 1;
                if self.aliases.len() >= PAGE {
                    self.flush_aliases()?;
                }
            }
            "end" => self.end = Some(item),
            other => {
                return Err(Unreadable(format!(
                    "line {n}: unknown line type \"{other}\""
                )))
            }
        }
        Ok(())
    }

    /// The verdict, after the last line.
    pub fn finish(mut self) -> Result<OfflineReport, Unreadable> {
        self.flush_rows()?;
        self.flush_units()?;
        self.flush_aliases()?;
        let chain = self
            .audit
            .finish()
            .map_err(|e| Unreadable(format!("ledger audit: {e}")))?;
        let drift = self.drift.finish().map_err(Unreadable)?;
        let header = self.header.take().unwrap_or_default();
        let text = |key: &str| {
            header
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let mut export = std::mem::take(&mut self.seen);
        export.source = text("source");
        export.exported_at = text("exported_at");
        let mut problems = Vec::new();
        match &self.end {
            None => problems.push(ExportProblem {
                kind: "export-truncated".into(),
                message: "the export has no closing line: it was cut short; export again".into(),
            }),
            Some(end) => {
                for (key, held) in [
                    ("checkpoints", export.checkpoints),
                    ("rows", export.rows),
                    ("units", export.units),
                    ("aliases", export.aliases),
                ] {
                    let said = end.get(key).and_then(Value::as_u64);
                    if said != Some(held) {
                        problems.push(ExportProblem {
                            kind: "export-truncated".into(),
                            message: format!(
                                "the closing line counts {} {key}, the file holds {held}",
                                said.map_or("no".to_string(), |s| s.to_string())
                            ),
                        });
                    }
                }
            }
        }
        Ok(OfflineReport {
            passed: chain.passed && drift.passed && problems.is_empty(),
            chain,
            drift,
            export,
            witness: self.witness,
            incidents: self.incidents,
            problems,
            warnings: self.warnings,
        })
    }

    fn feed_checkpoints(&mut self) -> Result<(), Unreadable> {
        if !self.checkpoints_fed {
            let list = std::mem::take(&mut self.checkpoints);
            self.audit
                .checkpoints(list)
                .map_err(|e| Unreadable(format!("checkpoints: {e}")))?;
            self.checkpoints_fed = true;
        }
        Ok(())
    }

    fn flush_rows(&mut self) -> Result<(), Unreadable> {
        self.feed_checkpoints()?;
        if self.rows.is_empty() {
            return Ok(());
        }
        let page = std::mem::take(&mut self.rows);
        self.drift.observe(
            page.iter()
                .map(|r| (r.collection.as_str(), r.id.as_str(), &r.content)),
        );
        self.audit
            .rows(page)
            .map_err(|e| Unreadable(format!("rows: {e}")))
    }

    fn flush_units(&mut self) -> Result<(), Unreadable> {
        if self.units.is_empty() {
            return Ok(());
        }
        let page = std::mem::take(&mut self.units);
        self.drift.units(page).map_err(Unreadable)
    }

    fn flush_aliases(&mut self) -> Result<(), Unreadable> {
        if self.aliases.is_empty() {
            return Ok(());
        }
        let page = std::mem::take(&mut self.aliases);
        self.drift.aliases(page).map_err(Unreadable)
    }
}

impl OfflineReport {
    /// The report as the auditor reads it, `shown` violations of each kind at most.
    pub fn text(&self, shown: usize) -> String {
        let mark = |ok: bool| if ok { "PASS" } else { "FAIL" };
        let e = &self.export;
        let c = &self.chain;
        let mut out = vec![format!(
            "iu-cutter offline ledger audit — export of {} taken {}",
            e.source, e.exported_at
        )];
        let seqs = |s: Option<u64>| s.map_or("-".to_string(), |s| s.to_string());
        out.push(format!(
            "  {}  chain and signatures: {} row(s) seq {}..{}, {} checkpoint(s){}; {} violation(s)",
            mark(c.passed),
            c.rows_checked,
            seqs(c.from_seq),
            seqs(c.to_seq),
            c.checkpoints_checked,
            match &self.witness {
                Some(w) => format!(", witness {w}"),
                None => ", no witness file given (deleted newest rows are found only if their checkpoints remain)".into(),
            },
            c.violation_count
        ));
        // As `npm run ledger:audit` has always printed them (its readers and tests look for these words).
        for v in c.violations.iter().take(shown) {
            out.push(format!(
                "        {} at seq {} {} {}: {}",
                v.kind.code(),
                v.seq,
                v.collection.as_deref().unwrap_or_default(),
                v.row_id.as_deref().unwrap_or_default(),
                v.message
            ));
        }
        for w in &c.warnings {
            out.push(format!(
                "  WARN  {}{}{}: {}",
                w.kind.code(),
                if w.seq > 0 {
                    format!(" at seq {}", w.seq)
                } else {
                    String::new()
                },
                match &w.collection {
                    Some(c) => format!(" {c} {}", w.row_id.as_deref().unwrap_or("undefined")),
                    None => String::new(),
                },
                w.message
            ));
        }
        if self.incidents > 0 {
            out.push(format!("  NOTE  {} incident(s) recorded in the ledger: the rows and checkpoints they disowned are warnings above, not violations", self.incidents));
        }
        let d = &self.drift;
        out.push(format!(
            "  {}  store equals the ledger's after-images: {} unit(s), {} alias(es); {} difference(s)",
            mark(d.passed),
            d.units_checked,
            d.aliases_checked,
            d.violation_count
        ));
        for v in d.violations.iter().take(shown) {
            let subject = match v.subject {
                crate::ledger::drift::DriftSubject::Unit => "unit",
                crate::ledger::drift::DriftSubject::Alias => "alias",
            };
            out.push(format!(
                "        {subject} {} {}{}: expected {}, found {}",
                v.kind.code(),
                v.address,
                v.field
                    .as_ref()
                    .map_or(String::new(), |f| format!(" field {f}")),
                serde_json::to_string(&v.expected).unwrap_or_default(),
                serde_json::to_string(&v.found).unwrap_or_default()
            ));
        }
        for w in &self.warnings {
            out.push(format!("  WARN  {}: {}", w.kind, w.message));
        }
        for p in &self.problems {
            out.push(format!("  FAIL  {}: {}", p.kind, p.message));
        }
        out.push(format!(
            "result: {}",
            if self.passed {
                "INTACT"
            } else {
                "VIOLATIONS FOUND"
            }
        ));
        out.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(id: &str, seq: u64, disowned: &str) -> IncidentSets {
        IncidentSets {
            id: id.into(),
            ledger_seq: seq,
            disowned: Some(disowned.into()),
        }
    }

    #[test]
    fn an_incident_disowns_only_what_came_before_it_and_the_first_to_disown_a_checkpoint_names_it()
    {
        let row = |seq: u64| {
            format!(
                r#"{{ "seq": {seq}, "row_hash": "{}", "collection": "cut_change_set", "id": "cs{seq}" }}"#,
                "ab".repeat(32)
            )
        };
        let d = disowned_union(&[
            incident(
                "i1",
                10,
                &format!(
                    r#"{{ "rows": [{}, {}], "checkpoints": [4, {{ "seq": 12 }}] }}"#,
                    row(3),
                    row(11)
                ),
            ),
            // Edited behind the ledger's back: not JSON, disowns nothing.
            incident("i2", 20, "{ rows: "),
            incident(
                "i3",
                30,
                &format!(
                    r#"{{ "rows": [{}, {{ "seq": 5 }}], "checkpoints": [4, 25] }}"#,
                    row(14)
                ),
            ),
        ]);
        let rows: Vec<_> = d
            .rows
            .iter()
            .map(|r| (r.seq, r.incident.as_deref()))
            .collect();
        // Row 11 is after i1 (seq 10); the row without its hash is no disowned row.
        assert_eq!(rows, vec![(3, Some("i1")), (14, Some("i3"))]);
        let checkpoints: Vec<_> = d
            .checkpoints
            .iter()
            .map(|c| (c.seq, c.incident.as_deref()))
            .collect();
        assert_eq!(checkpoints, vec![(4, Some("i1")), (25, Some("i3"))]);
    }

    #[test]
    fn the_first_pass_reads_an_incident_from_its_line_and_nothing_from_others() {
        let line = r#"{"type":"row","collection":"ledger_incident","id":"i1","content":{"ledger_seq":"7","disowned":"{}"},"prev_hash":null,"row_hash":"x"}"#;
        assert_eq!(incident_of_line(line), Some(incident("i1", 7, "{}")));
        assert_eq!(
            incident_of_line(
                r#"{"type":"row","collection":"cut_change_set","id":"ledger_incident"}"#
            ),
            None
        );
        assert_eq!(
            incident_of_line(r#"{"type":"row","collection":"ledger_incident""#),
            None
        );
    }
}
