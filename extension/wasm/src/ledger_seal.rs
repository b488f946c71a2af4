//! The sealed ledger (DESIGN §8): signed checkpoints, the streamed ledger audit and the
//! drift audit of the store against the ledger's after-images.
//!
//! Every function reads structured inputs with [`from_js`] (a JS value or JSON text) and
//! answers with [`outcome`]: `{ ok: true, … }` or `{ ok: false, error }`. What an audit
//! finds is not an error: it is in `{ ok: true, report }` with `report.passed === false`.
//!
//! The audit is a class, because it is fed page by page. A constructor cannot answer
//! `{ ok: false }` without throwing, so it is opened by a factory:
//! `ledgerAuditOpen(options)` → `{ ok: true, audit }`, then `audit.checkpoints(list)`,
//! `audit.rows(page)` (as often as needed) and `audit.finish()` → `{ ok: true, report }`.

use iu_cutter_core::change::gate::Gate;
use iu_cutter_core::change::incident::{incident_record, IncidentInput};
use iu_cutter_core::change::manifest::Manifest;
use iu_cutter_core::change::repair::{alias_repair_gate, repair_manifest, RepairFacts};
use iu_cutter_core::ledger::audit::{self, AuditOptions, AuditReport, LedgerAudit, Witness};
use iu_cutter_core::ledger::chain::LedgerRow;
use iu_cutter_core::ledger::checkpoint::{
    self, Checkpoint, KeyInfo, PublicKeys, UnsignedCheckpoint,
};
use iu_cutter_core::ledger::drift::{drift_audit, AliasImage, DriftInput, DriftReport, UnitImage};
use iu_cutter_core::store::unit::{StoredAlias, StoredUnit};
use iu_cutter_core::ErrorReport;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, from_js, outcome};

/// A PEM given as a JS string; anything else is refused by name, not thrown.
fn pem_text(field: &'static str, value: &JsValue) -> Result<String, ErrorReport> {
    value.as_string().ok_or_else(|| {
        ErrorReport::invalid_input(
            field,
            "not a string",
            format!("send `{field}` as the PEM text of the key"),
        )
    })
}

/// Public keys: one PEM string, or an array of them (the current key and retired ones).
fn read_pems(field: &'static str, value: JsValue) -> Result<Vec<String>, ErrorReport> {
    match value.as_string() {
        Some(text) if text.trim_start().starts_with("-----") => Ok(vec![text]),
        _ => from_js(field, value),
    }
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ILedgerKeyInfoResult"))]
struct KeyOutcome {
    #[serde(flatten)]
    key: KeyInfo,
}

/// The public key (SPKI PEM) and key id of a PKCS#8 PEM Ed25519 private key:
/// `{ ok, public_key_pem, key_id }`.
#[wasm_bindgen(js_name = ledgerKeyInfo, unchecked_return_type = "Outcome<ILedgerKeyInfoResult>")]
pub fn ledger_key_info(
    #[wasm_bindgen(unchecked_param_type = "string")] private_pem: JsValue,
) -> Result<JsValue, JsError> {
    answer(|| {
        let pem = pem_text("privatePem", &private_pem)?;
        let key = checkpoint::key_info(&pem)?;
        Ok(KeyOutcome { key })
    })
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

/// `signCheckpoint`'s parameters, one object (see `signCheckpoint`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ISignCheckpointParams")
)]
pub(crate) struct SignCheckpointParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    private_pem: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::ledger::checkpoint::UnsignedCheckpoint>")
    )]
    unsigned: JsValue,
}

/// Signs `{ seq, from_seq, prev_seq, head, recorded_at }` → `{ ok, checkpoint, canonical_json }`.
#[wasm_bindgen(js_name = signCheckpoint, unchecked_return_type = "Outcome<ISignCheckpointResult>")]
pub fn sign_checkpoint(
    #[wasm_bindgen(unchecked_param_type = "ISignCheckpointParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let SignCheckpointParams {
        private_pem,
        unsigned,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    answer(|| {
        let pem = pem_text("privatePem", &private_pem)?;
        let unsigned: UnsignedCheckpoint = from_js("unsigned", unsigned)?;
        let checkpoint = checkpoint::sign(&pem, &unsigned)?;
        Ok(SignOutcome {
            canonical_json: checkpoint.to_canonical_json(),
            checkpoint,
        })
    })
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

/// `verifyCheckpoint`'s parameters, one object (see `verifyCheckpoint`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IVerifyCheckpointParams")
)]
pub(crate) struct VerifyCheckpointParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(as = "crate::adapter::JsonOr<Vec<String>>"))]
    public_pems: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::ledger::checkpoint::Checkpoint>")
    )]
    checkpoint: JsValue,
}

/// Checks one checkpoint against the trusted public keys (a PEM or an array of PEMs):
/// `{ ok: true, valid: true }` or `{ ok: true, valid: false, fault: { code, message } }`
/// (`malformed-checkpoint`, `unknown-key`, `bad-signature`); `ok: false` for a bad key.
#[wasm_bindgen(js_name = verifyCheckpoint, unchecked_return_type = "Outcome<IVerifyCheckpointResult>")]
pub fn verify_checkpoint(
    #[wasm_bindgen(unchecked_param_type = "IVerifyCheckpointParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let VerifyCheckpointParams {
        public_pems,
        checkpoint,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    answer(|| {
        let pems = read_pems("publicPems", public_pems)?;
        let keys = PublicKeys::from_pems(&pems)?;
        let c: Checkpoint = from_js("checkpoint", checkpoint)?;
        let fault = checkpoint::verify(&keys, &c).err().map(|f| Fault {
            code: f.code(),
            message: f.to_string(),
        });
        Ok(VerifyOutcome {
            valid: fault.is_none(),
            fault,
        })
    })
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IReadWitnessResult"))]
struct WitnessOutcome {
    #[serde(flatten)]
    witness: Witness,
}

/// Reads the witness file's text (one checkpoint per line) → `{ ok, checkpoints, torn_tail }`;
/// `{ ok: false, error: { code: "invalid-witness-line", offset } }` for a damaged line.
#[wasm_bindgen(js_name = readWitness, unchecked_return_type = "Outcome<IReadWitnessResult>")]
pub fn read_witness(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsError> {
    answer(|| {
        let text = pem_text("text", &text).map_err(|mut e| {
            e.hint = "send the witness file's content as text".into();
            e
        })?;
        let witness = audit::parse_witness(&text)?;
        Ok(WitnessOutcome { witness })
    })
}

/// A ledger audit being fed. Open it with `ledgerAuditOpen`; call `free()` when done
/// (or leave it to the FinalizationRegistry).
#[wasm_bindgen(js_name = LedgerAudit)]
pub struct LedgerAuditHandle {
    audit: LedgerAudit,
}

/// Opens an audit: `options` is `{ public_keys: string[], anchor?: { seq, row_hash } | null,
/// witness?: Checkpoint[] | null, max_violations?: number }` → `{ ok: true, audit }`, or
/// `{ ok: false, error }` for a bad key or anchor.
#[wasm_bindgen(js_name = ledgerAuditOpen, unchecked_return_type = "Outcome<{ audit: LedgerAudit }>")]
pub fn ledger_audit_open(
    #[wasm_bindgen(unchecked_param_type = "AuditOptions | string")] options: JsValue,
) -> Result<JsValue, JsError> {
    let opened = from_js::<AuditOptions>("options", options).and_then(|o| Ok(LedgerAudit::new(o)?));
    match opened {
        Err(error) => outcome::<()>(Err(error)),
        Ok(audit) => {
            let result = js_sys::Object::new();
            let set = |key: &str, value: &JsValue| {
                js_sys::Reflect::set(&result, &JsValue::from_str(key), value)
                    .map(|_| ())
                    .map_err(|_| JsError::new("iu-cutter: cannot build the result object"))
            };
            set("ok", &JsValue::TRUE)?;
            set("audit", &LedgerAuditHandle { audit }.into())?;
            Ok(result.into())
        }
    }
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

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDriftAuditResult"))]
struct DriftOutcome {
    report: DriftReport,
}

#[wasm_bindgen(js_class = LedgerAudit)]
impl LedgerAuditHandle {
    /// The database's checkpoints (seq ≥ the anchor's; any order; several calls allowed),
    /// all before the first page of rows → `{ ok, checkpoints_checked, rows_checked }`.
    #[wasm_bindgen(unchecked_return_type = "Outcome<ILedgerAuditFed>")]
    pub fn checkpoints(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Checkpoint[] | string")] list: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| {
            let list: Vec<Checkpoint> = from_js("checkpoints", list)?;
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
        #[wasm_bindgen(unchecked_param_type = "LedgerRow[] | string")] page: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| {
            let page: Vec<LedgerRow> = from_js("rows", page)?;
            self.audit.rows(page)?;
            Ok(self.fed())
        })
    }

    /// The report, once → `{ ok, report }`; later calls answer `audit-finished`.
    #[wasm_bindgen(unchecked_return_type = "Outcome<ILedgerAuditResult>")]
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        answer(|| {
            let report: AuditReport = self.audit.finish()?;
            Ok(AuditOutcome { report })
        })
    }

    fn fed(&self) -> Fed {
        Fed {
            checkpoints_checked: self.audit.checkpoints_checked(),
            rows_checked: self.audit.rows_checked(),
        }
    }
}

/// The store against the ledger's last after-images: `{ units, aliases, unit_images,
/// alias_images, max_violations? }` → `{ ok, report }`.
#[wasm_bindgen(js_name = driftAudit, unchecked_return_type = "Outcome<IDriftAuditResult>")]
pub fn drift_audit_js(
    #[wasm_bindgen(unchecked_param_type = "DriftInput | string")] input: JsValue,
) -> Result<JsValue, JsError> {
    answer(|| {
        let input: DriftInput = from_js("input", input)?;
        Ok(DriftOutcome {
            report: drift_audit(&input),
        })
    })
}

/// What an incident records, from the chain audit's report and (optionally) the drift
/// audit's: `{ chain, drift? }` → `{ ok, to_report, finding, disowned, disowned_json,
/// chain_violations, drift_violations, truncated }`.
#[wasm_bindgen(js_name = incidentRecord, unchecked_return_type = "Outcome<IncidentRecord>")]
pub fn incident_record_js(
    #[wasm_bindgen(unchecked_param_type = "IncidentInput | string")] input: JsValue,
) -> Result<JsValue, JsError> {
    answer(|| {
        let input: IncidentInput = from_js("input", input)?;
        Ok(incident_record(&input))
    })
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

/// `repairManifest`'s parameters (see `repairManifest`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IRepairManifestParams")
)]
pub(crate) struct RepairManifestParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredUnit>>")
    )]
    units_now: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::ledger::drift::UnitImage>>")
    )]
    unit_images: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredAlias>>")
    )]
    aliases_now: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::ledger::drift::AliasImage>>")
    )]
    alias_images: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::change::repair::RepairFacts>")
    )]
    facts: JsValue,
}

/// The manifest that restores a document's units and aliases to the ledger's last
/// after-images: `{ unitsNow, unitImages, aliasesNow, aliasImages, facts }` →
/// `{ ok, manifest, canonicalJson, sha256 }`; `nothing-to-repair` when nothing drifted.
#[wasm_bindgen(js_name = repairManifest, unchecked_return_type = "Outcome<IRepairManifestResult>")]
pub fn repair_manifest_js(
    #[wasm_bindgen(unchecked_param_type = "IRepairManifestParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    answer(|| {
        let RepairManifestParams {
            units_now,
            unit_images,
            aliases_now,
            alias_images,
            facts,
        } = crate::adapter::params(params)?;
        let units: Vec<StoredUnit> = from_js("unitsNow", units_now)?;
        let unit_images: Vec<UnitImage> = from_js("unitImages", unit_images)?;
        let aliases: Vec<StoredAlias> = from_js("aliasesNow", aliases_now)?;
        let alias_images: Vec<AliasImage> = from_js("aliasImages", alias_images)?;
        let facts: RepairFacts = from_js("facts", facts)?;
        let manifest = repair_manifest(&units, &unit_images, &aliases, &alias_images, &facts)?;
        let canonical_json = manifest.to_canonical_json();
        let sha256 = iu_cutter_core::text::hash::sha256_hex(&canonical_json);
        Ok(RepairOutcome {
            manifest,
            canonical_json,
            sha256,
        })
    })
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IGateResult"))]
struct GateOutcome {
    gate: Gate,
}

/// `aliasRepairGate`'s parameters, one object (see `aliasRepairGate`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IAliasRepairGateParams")
)]
pub(crate) struct AliasRepairGateParams {
    manifest_json: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredAlias>>")
    )]
    aliases_now: JsValue,
}

/// The CUT precondition of a repair's alias rows: `{ manifestJson, aliasesNow }` →
/// `{ ok, gate }` (`alias-before-images-match`; passes for a manifest without alias repairs).
#[wasm_bindgen(js_name = aliasRepairGate, unchecked_return_type = "Outcome<IGateResult>")]
pub fn alias_repair_gate_js(
    #[wasm_bindgen(unchecked_param_type = "IAliasRepairGateParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let AliasRepairGateParams {
        manifest_json,
        aliases_now,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let manifest_json = manifest_json.as_str();
    answer(|| {
        let manifest = Manifest::from_json(manifest_json, None)?;
        let aliases: Vec<StoredAlias> = from_js("aliasesNow", aliases_now)?;
        Ok(GateOutcome {
            gate: alias_repair_gate(&manifest, &aliases),
        })
    })
}

/// This module's result shapes, for `crate::export_types`.
#[cfg(feature = "ts")]
pub(crate) fn export_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    KeyOutcome::export_all(cfg)?;
    SignOutcome::export_all(cfg)?;
    Fault::export_all(cfg)?;
    VerifyOutcome::export_all(cfg)?;
    WitnessOutcome::export_all(cfg)?;
    Fed::export_all(cfg)?;
    AuditOutcome::export_all(cfg)?;
    DriftOutcome::export_all(cfg)?;
    RepairOutcome::export_all(cfg)?;
    RepairManifestParams::export_all(cfg)?;
    GateOutcome::export_all(cfg)?;
    SignCheckpointParams::export_all(cfg)?;
    VerifyCheckpointParams::export_all(cfg)?;
    AliasRepairGateParams::export_all(cfg)?;
    Ok(())
}
