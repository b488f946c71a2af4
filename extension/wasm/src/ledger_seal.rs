//! The sealed ledger (DESIGN §8): signed checkpoints, the streamed ledger audit and the
//! drift audit of the store against the ledger's after-images.
//!
//! What an audit finds is not an error: it is in `{ ok: true, report }` with `report.passed === false`.
//!
//! The audit is a class, because it is fed page by page. A constructor cannot answer
//! `{ ok: false }` without throwing, so it is opened by a factory:
//! `ledgerAuditOpen({ options })` → `{ ok: true, audit }`, then `audit.checkpoints({ checkpoints })`,
//! `audit.rows({ rows })` (as often as needed) and `audit.finish()` → `{ ok: true, report }`.

use iu_cutter_core::change::gate::Gate;
use iu_cutter_core::change::incident::{incident_record, IncidentInput, IncidentRecord};
use iu_cutter_core::change::manifest::Manifest;
use iu_cutter_core::change::repair::{alias_repair_gate, repair_manifest, RepairFacts};
use iu_cutter_core::ledger::audit::Disowned;
use iu_cutter_core::ledger::audit::{self, AuditOptions, AuditReport, LedgerAudit, Witness};
use iu_cutter_core::ledger::chain::LedgerRow;
use iu_cutter_core::ledger::checkpoint::{
    self, Checkpoint, KeyInfo, PublicKeys, UnsignedCheckpoint,
};
use iu_cutter_core::ledger::drift::{
    drift_audit, AliasImage, DriftInput, DriftReport, StoreDrift, UnitImage,
};
use iu_cutter_core::ledger::offline::{
    self, IncidentSets, OfflineAudit, OfflineOptions, OfflineReport, Unreadable,
};
use iu_cutter_core::store::unit::{StoredAlias, StoredUnit};
use iu_cutter_core::ErrorReport;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, exports, from_js, outcome, JsAny, JsonOr, Params};

/// A PEM given as a JS string; anything else is refused by name, not thrown.
fn pem_text(field: &'static str, value: &JsAny) -> Result<String, ErrorReport> {
    value.0.as_string().ok_or_else(|| {
        ErrorReport::invalid_input(
            field,
            "not a string",
            format!("send `{field}` as the PEM text of the key"),
        )
    })
}

/// Public keys: one PEM string, or an array of them (the current key and retired ones).
fn read_pems(field: &'static str, value: JsAny) -> Result<Vec<String>, ErrorReport> {
    match value.0.as_string() {
        Some(text) if text.trim_start().starts_with("-----") => Ok(vec![text]),
        _ => from_js(field, value.0),
    }
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ILedgerKeyInfoResult"))]
struct KeyOutcome {
    #[serde(flatten)]
    key: KeyInfo,
}

/// `ledgerKeyInfo`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ILedgerKeyInfoParams"))]
pub(crate) struct LedgerKeyInfoParams {
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    private_pem: JsAny,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ISignCheckpointResult")
)]
struct SignOutcome {
    checkpoint: Checkpoint,
    /// The checkpoint as RFC 8785 JSON: the witness file's line (append a newline).
    canonical_json: String,
}

/// `signCheckpoint`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ISignCheckpointParams")
)]
pub(crate) struct SignCheckpointParams {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    private_pem: JsAny,
    unsigned: JsonOr<UnsignedCheckpoint>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "CheckpointFault"))]
struct Fault {
    code: &'static str,
    message: String,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IVerifyCheckpointResult")
)]
struct VerifyOutcome {
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    fault: Option<Fault>,
}

/// `verifyCheckpoint`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IVerifyCheckpointParams")
)]
pub(crate) struct VerifyCheckpointParams {
    #[cfg_attr(feature = "ts", ts(as = "JsonOr<Vec<String>>"))]
    public_pems: JsAny,
    checkpoint: JsonOr<Checkpoint>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IReadWitnessResult"))]
struct WitnessOutcome {
    #[serde(flatten)]
    witness: Witness,
}

/// `readWitness`' parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IReadWitnessParams"))]
pub(crate) struct ReadWitnessParams {
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    text: JsAny,
}

/// `{ ok: true, [key]: handle }`: an opened audit, handed to JS as the class wasm-bindgen made of it.
fn handle(value: JsValue, key: &str) -> Result<JsValue, JsError> {
    let result = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        js_sys::Reflect::set(&result, &JsValue::from_str(key), value)
            .map(|_| ())
            .map_err(|_| JsError::new("iu-cutter: cannot build the result object"))
    };
    set("ok", &JsValue::TRUE)?;
    set(key, &value)?;
    Ok(result.into())
}

/// A ledger audit being fed. Open it with `ledgerAuditOpen`; call `free()` when done
/// (or leave it to the FinalizationRegistry).
#[wasm_bindgen(js_name = LedgerAudit)]
pub struct LedgerAuditHandle {
    audit: LedgerAudit,
}

/// `ledgerAuditOpen`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ILedgerAuditOpenParams")
)]
pub(crate) struct LedgerAuditOpenParams {
    /// `{ public_keys: string[], anchor?: { seq, row_hash } | null, witness?: Checkpoint[] | null,
    /// max_violations?: number }`.
    options: JsonOr<AuditOptions>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ILedgerAuditFed"))]
struct Fed {
    /// Stored checkpoints signature-checked so far.
    checkpoints_checked: u64,
    /// Rows fed so far.
    rows_checked: u64,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ILedgerAuditResult"))]
struct AuditOutcome {
    report: AuditReport,
}

/// `LedgerAudit.checkpoints`' parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ILedgerAuditCheckpointsParams")
)]
pub(crate) struct CheckpointsParams {
    checkpoints: JsonOr<Vec<Checkpoint>>,
}

/// `LedgerAudit.rows`' parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ILedgerAuditRowsParams")
)]
pub(crate) struct RowsParams {
    rows: JsonOr<Vec<LedgerRow>>,
}

#[wasm_bindgen(js_class = LedgerAudit)]
impl LedgerAuditHandle {
    /// The database's checkpoints (seq ≥ the anchor's; any order; several calls allowed),
    /// all before the first page of rows → `{ ok, checkpoints_checked, rows_checked }`.
    #[wasm_bindgen(unchecked_return_type = "Outcome<ILedgerAuditFed>")]
    pub fn checkpoints(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ILedgerAuditCheckpointsParams")] params: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| {
            let list = CheckpointsParams::read(params)?
                .checkpoints
                .read("checkpoints")?;
            self.audit.checkpoints(list)?;
            Ok(self.fed())
        })
    }

    /// One page of ledger rows `[{ collection, id, content, prev_hash, row_hash }]` in
    /// `ledger_seq` order — a JS array, or its JSON text (faster for large pages) →
    /// `{ ok, checkpoints_checked, rows_checked }`.
    #[wasm_bindgen(unchecked_return_type = "Outcome<ILedgerAuditFed>")]
    pub fn rows(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ILedgerAuditRowsParams")] params: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| {
            let page = RowsParams::read(params)?.rows.read("rows")?;
            self.audit.rows(page)?;
            Ok(self.fed())
        })
    }

    /// The report, once → `{ ok, report }`; later calls answer `audit-finished`.
    #[wasm_bindgen(unchecked_return_type = "Outcome<ILedgerAuditResult>")]
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        answer(|| {
            Ok(AuditOutcome {
                report: self.audit.finish()?,
            })
        })
    }

    fn fed(&self) -> Fed {
        Fed {
            checkpoints_checked: self.audit.checkpoints_checked(),
            rows_checked: self.audit.rows_checked(),
        }
    }
}

/// Why an export cannot be audited, as the bindings' error: the export itself is the bad input.
fn unreadable(Unreadable(message): Unreadable) -> ErrorReport {
    ErrorReport::invalid_input(
        "export",
        message,
        "export again with `npm run ledger:export`, or give the keys the ledger was signed with",
    )
}

/// An offline audit of an export being fed its lines (core `ledger::offline`). Open it with
/// `offlineAuditOpen`; `npm run ledger:audit` feeds it.
#[wasm_bindgen(js_name = OfflineAudit)]
pub struct OfflineAuditHandle {
    audit: Option<OfflineAudit>,
}

/// `offlineAuditOpen`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IOfflineAuditOpenParams")
)]
pub(crate) struct OfflineAuditOpenParams {
    /// `{ public_keys, witness?: { name, text } | null, agent_public_keys?, incidents? }`.
    options: JsonOr<OfflineOptions>,
}

/// `OfflineAudit.lines`' parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IOfflineAuditLinesParams")
)]
pub(crate) struct LinesParams {
    /// The export's next lines, in order, as they are in the file.
    lines: Vec<String>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IOfflineAuditResult"))]
struct OfflineOutcome {
    report: OfflineReport,
    /// The report as the auditor reads it (50 findings of each kind at most).
    text: String,
}

#[wasm_bindgen(js_class = OfflineAudit)]
impl OfflineAuditHandle {
    /// The export's next lines → `{ ok }`; `{ ok: false, error }` names a damaged line.
    #[wasm_bindgen(unchecked_return_type = "Outcome<{}>")]
    pub fn lines(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "IOfflineAuditLinesParams")] params: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| {
            let lines = LinesParams::read(params)?.lines;
            let audit = self.audit.as_mut().ok_or_else(finished)?;
            for line in &lines {
                audit.line(line).map_err(unreadable)?;
            }
            Ok(serde_json::json!({}))
        })
    }

    /// The verdict, once → `{ ok, report, text }`.
    #[wasm_bindgen(unchecked_return_type = "Outcome<IOfflineAuditResult>")]
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        answer(|| {
            let report = self
                .audit
                .take()
                .ok_or_else(finished)?
                .finish()
                .map_err(unreadable)?;
            Ok(OfflineOutcome {
                text: report.text(50),
                report,
            })
        })
    }
}

/// A store drift audit being fed (core `ledger::drift::StoreDrift`): the chain's rows, then the store's
/// units and aliases in pages. Open it with `storeDriftOpen`.
#[wasm_bindgen(js_name = StoreDrift)]
pub struct StoreDriftHandle {
    drift: Option<StoreDrift>,
}

/// `storeDriftOpen`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IStoreDriftOpenParams")
)]
pub(crate) struct StoreDriftOpenParams {
    /// What incidents disowned (`disownedUnion`): those rows are no image.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    disowned: Option<Disowned>,
}

/// `StoreDrift.observe`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IStoreDriftRowsParams")
)]
pub(crate) struct DriftRowsParams {
    /// A page of ledger rows in chain order — a JS array, or its JSON text.
    rows: JsonOr<Vec<LedgerRow>>,
}

/// `StoreDrift.units`' parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IStoreDriftUnitsParams")
)]
pub(crate) struct DriftUnitsParams {
    units: JsonOr<Vec<StoredUnit>>,
}

/// `StoreDrift.aliases`' parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IStoreDriftAliasesParams")
)]
pub(crate) struct DriftAliasesParams {
    aliases: JsonOr<Vec<StoredAlias>>,
}

fn finished() -> ErrorReport {
    ErrorReport::invalid_input(
        "finish",
        "this audit has finished",
        "open a new one for another audit",
    )
}

#[wasm_bindgen(js_class = StoreDrift)]
impl StoreDriftHandle {
    /// A page of the chain's rows → `{ ok }`.
    #[wasm_bindgen(unchecked_return_type = "Outcome<{}>")]
    pub fn observe(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "IStoreDriftRowsParams")] params: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| {
            let rows = DriftRowsParams::read(params)?.rows.read("rows")?;
            self.drift.as_mut().ok_or_else(finished)?.observe(
                rows.iter()
                    .map(|r| (r.collection.as_str(), r.id.as_str(), &r.content)),
            );
            Ok(serde_json::json!({}))
        })
    }

    /// A page of the store's units → `{ ok }`.
    #[wasm_bindgen(unchecked_return_type = "Outcome<{}>")]
    pub fn units(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "IStoreDriftUnitsParams")] params: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| {
            let units = DriftUnitsParams::read(params)?.units.read("units")?;
            let drift = self.drift.as_mut().ok_or_else(finished)?;
            drift.units(units).map_err(|e| unreadable(Unreadable(e)))?;
            Ok(serde_json::json!({}))
        })
    }

    /// A page of the store's aliases → `{ ok }`.
    #[wasm_bindgen(unchecked_return_type = "Outcome<{}>")]
    pub fn aliases(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "IStoreDriftAliasesParams")] params: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| {
            let aliases = DriftAliasesParams::read(params)?.aliases.read("aliases")?;
            let drift = self.drift.as_mut().ok_or_else(finished)?;
            drift
                .aliases(aliases)
                .map_err(|e| unreadable(Unreadable(e)))?;
            Ok(serde_json::json!({}))
        })
    }

    /// What the ledger says exists and the store lost; the report, once → `{ ok, report }`.
    #[wasm_bindgen(unchecked_return_type = "Outcome<IDriftAuditResult>")]
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        answer(|| {
            let drift = self.drift.take().ok_or_else(finished)?;
            Ok(DriftOutcome {
                report: drift.finish().map_err(|e| unreadable(Unreadable(e)))?,
            })
        })
    }
}

/// `disownedUnion`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDisownedUnionParams"))]
pub(crate) struct DisownedUnionParams {
    /// Every `ledger_incident` row: `{ id, ledger_seq, disowned }`.
    incidents: JsonOr<Vec<IncidentSets>>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDisownedUnionResult"))]
struct UnionOutcome {
    disowned: Disowned,
}

/// `incidentOfLine`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IIncidentOfLineParams")
)]
pub(crate) struct IncidentOfLineParams {
    line: String,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IIncidentOfLineResult")
)]
struct IncidentLineOutcome {
    incident: Option<IncidentSets>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDriftAuditResult"))]
struct DriftOutcome {
    report: DriftReport,
}

/// `driftAudit`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDriftAuditParams"))]
pub(crate) struct DriftAuditParams {
    /// `{ units, aliases, unit_images, alias_images, max_violations? }`.
    input: JsonOr<DriftInput>,
}

/// `incidentRecord`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IIncidentRecordParams")
)]
pub(crate) struct IncidentRecordParams {
    /// `{ chain, drift? }`: the chain audit's report and (optionally) the drift audit's.
    input: JsonOr<IncidentInput>,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IRepairManifestResult")
)]
#[serde(rename_all = "camelCase")]
struct RepairOutcome {
    manifest: Manifest,
    /// The repair manifest's RFC 8785 bytes, as stored and reviewed.
    canonical_json: String,
    sha256: String,
}

/// `repairManifest`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IRepairManifestParams")
)]
pub(crate) struct RepairManifestParams {
    units_now: JsonOr<Vec<StoredUnit>>,
    unit_images: JsonOr<Vec<UnitImage>>,
    aliases_now: JsonOr<Vec<StoredAlias>>,
    alias_images: JsonOr<Vec<AliasImage>>,
    facts: JsonOr<RepairFacts>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IGateResult"))]
struct GateOutcome {
    gate: Gate,
}

/// `aliasRepairGate`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IAliasRepairGateParams")
)]
pub(crate) struct AliasRepairGateParams {
    manifest_json: String,
    aliases_now: JsonOr<Vec<StoredAlias>>,
}

exports! {
    @also: Fed, AuditOutcome, CheckpointsParams, RowsParams, LinesParams, OfflineOutcome, DriftRowsParams, DriftUnitsParams, DriftAliasesParams;

    /// The public key (SPKI PEM) and key id of a PKCS#8 PEM Ed25519 private key:
    /// `{ ok, public_key_pem, key_id }`.
    ledgerKeyInfo(p: LedgerKeyInfoParams as "ILedgerKeyInfoParams") -> KeyOutcome as "Outcome<ILedgerKeyInfoResult>" {
        Ok(KeyOutcome { key: checkpoint::key_info(&pem_text("privatePem", &p.private_pem)?)? })
    }

    /// Signs `{ seq, from_seq, prev_seq, head, recorded_at }` → `{ ok, checkpoint, canonical_json }`.
    signCheckpoint(p: SignCheckpointParams as "ISignCheckpointParams") -> SignOutcome as "Outcome<ISignCheckpointResult>" {
        let pem = pem_text("privatePem", &p.private_pem)?;
        let checkpoint = checkpoint::sign(&pem, &p.unsigned.read("unsigned")?)?;
        Ok(SignOutcome { canonical_json: checkpoint.to_canonical_json(), checkpoint })
    }

    /// Checks one checkpoint against the trusted public keys (a PEM or an array of PEMs):
    /// `{ ok: true, valid: true }` or `{ ok: true, valid: false, fault: { code, message } }`
    /// (`malformed-checkpoint`, `unknown-key`, `bad-signature`); `ok: false` for a bad key.
    verifyCheckpoint(p: VerifyCheckpointParams as "IVerifyCheckpointParams") -> VerifyOutcome as "Outcome<IVerifyCheckpointResult>" {
        let keys = PublicKeys::from_pems(&read_pems("publicPems", p.public_pems)?)?;
        let c = p.checkpoint.read("checkpoint")?;
        let fault = checkpoint::verify(&keys, &c).err().map(|f| Fault { code: f.code(), message: f.to_string() });
        Ok(VerifyOutcome { valid: fault.is_none(), fault })
    }

    /// Reads the witness file's text (one checkpoint per line) → `{ ok, checkpoints, torn_tail }`;
    /// `{ ok: false, error: { code: "invalid-witness-line", offset } }` for a damaged line.
    readWitness(p: ReadWitnessParams as "IReadWitnessParams") -> WitnessOutcome as "Outcome<IReadWitnessResult>" {
        let text = pem_text("text", &p.text).map_err(|mut e| {
            e.hint = "send the witness file's content as text".into();
            e
        })?;
        Ok(WitnessOutcome { witness: audit::parse_witness(&text)? })
    }

    /// Opens an audit → `{ ok: true, audit }`, or `{ ok: false, error }` for a bad key or anchor.
    ledgerAuditOpen(p: LedgerAuditOpenParams as "ILedgerAuditOpenParams") -> () as "Outcome<{ audit: LedgerAudit }>" raw {
        match p.options.read("options").and_then(|o| Ok(LedgerAudit::new(o)?)) {
            Err(error) => outcome::<()>(Err(error)),
            Ok(audit) => handle(LedgerAuditHandle { audit }.into(), "audit"),
        }
    }

    /// Opens the offline audit of an export → `{ ok: true, audit }`, or `{ ok: false, error }` for a bad
    /// key or witness file.
    offlineAuditOpen(p: OfflineAuditOpenParams as "IOfflineAuditOpenParams") -> () as "Outcome<{ audit: OfflineAudit }>" raw {
        match p.options.read("options").and_then(|o| OfflineAudit::new(o).map_err(unreadable)) {
            Err(error) => outcome::<()>(Err(error)),
            Ok(audit) => handle(OfflineAuditHandle { audit: Some(audit) }.into(), "audit"),
        }
    }

    /// The incident a line of an export records (`null`: none) → `{ ok, incident }`: the first pass of
    /// the offline audit.
    incidentOfLine(p: IncidentOfLineParams as "IIncidentOfLineParams") -> IncidentLineOutcome as "Outcome<IIncidentOfLineResult>" {
        Ok(IncidentLineOutcome { incident: offline::incident_of_line(&p.line) })
    }

    /// The union of what the incidents disowned → `{ ok, disowned }`.
    disownedUnion(p: DisownedUnionParams as "IDisownedUnionParams") -> UnionOutcome as "Outcome<IDisownedUnionResult>" {
        Ok(UnionOutcome { disowned: offline::disowned_union(&p.incidents.read("incidents")?) })
    }

    /// Opens a store drift audit → `{ ok: true, drift }`.
    storeDriftOpen(p: StoreDriftOpenParams as "IStoreDriftOpenParams") -> () as "Outcome<{ drift: StoreDrift }>" raw {
        handle(StoreDriftHandle { drift: Some(StoreDrift::new(p.disowned.as_ref())) }.into(), "drift")
    }

    /// The store against the ledger's last after-images → `{ ok, report }`.
    driftAudit(p: DriftAuditParams as "IDriftAuditParams") -> DriftOutcome as "Outcome<IDriftAuditResult>" {
        Ok(DriftOutcome { report: drift_audit(&p.input.read("input")?) })
    }

    /// What an incident records → `{ ok, to_report, finding, disowned, disowned_json,
    /// chain_violations, drift_violations, truncated }`.
    incidentRecord(p: IncidentRecordParams as "IIncidentRecordParams") -> IncidentRecord as "Outcome<IncidentRecord>" {
        Ok(incident_record(&p.input.read("input")?))
    }

    /// The manifest that restores a document's units and aliases to the ledger's last
    /// after-images → `{ ok, manifest, canonicalJson, sha256 }`; `nothing-to-repair` when nothing drifted.
    repairManifest(p: RepairManifestParams as "IRepairManifestParams") -> RepairOutcome as "Outcome<IRepairManifestResult>" {
        let units = p.units_now.read("unitsNow")?;
        let unit_images = p.unit_images.read("unitImages")?;
        let aliases = p.aliases_now.read("aliasesNow")?;
        let alias_images = p.alias_images.read("aliasImages")?;
        let facts = p.facts.read("facts")?;
        let manifest = repair_manifest(&units, &unit_images, &aliases, &alias_images, &facts)?;
        let canonical_json = manifest.to_canonical_json();
        let sha256 = iu_cutter_core::text::hash::sha256_hex(&canonical_json);
        Ok(RepairOutcome { manifest, canonical_json, sha256 })
    }

    /// The CUT precondition of a repair's alias rows → `{ ok, gate }` (`alias-before-images-match`;
    /// passes for a manifest without alias repairs).
    aliasRepairGate(p: AliasRepairGateParams as "IAliasRepairGateParams") -> GateOutcome as "Outcome<IGateResult>" {
        let manifest = Manifest::from_json(&p.manifest_json, None)?;
        let aliases = p.aliases_now.read("aliasesNow")?;
        Ok(GateOutcome { gate: alias_repair_gate(&manifest, &aliases) })
    }
}
