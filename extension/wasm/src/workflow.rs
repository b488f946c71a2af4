//! CUT / VERIFY: cut and plan (preview), manifests, gates, verify, rollback, the
//! ledger chain and the workflow rules.
//!
//! Every export answers `{ ok: true, … }` or `{ ok: false, error }` (see `adapter`).
//! A workflow refusal is not an error: `workflowCheck` answers `{ ok: true,
//! allowed: false, refusal }`, and `ok: false` means the question itself was malformed.

use iu_cutter_core::change::gate::{cut_check, cut_gates, result_gates, CutCheck, GateReport};
use iu_cutter_core::change::manifest::{
    BaseHash, Envelope, ExpectedImage, Manifest, PartsReader, WriteStep,
};
use iu_cutter_core::change::plan::{
    apply, plan_guarded, PlanError, PlanInput, MASS_RETIRE_THRESHOLD,
};
use iu_cutter_core::change::position_upgrade::{plan_position_upgrade, UpgradeInput};
use iu_cutter_core::change::rollback::{rollback, RollbackInput};
use iu_cutter_core::change::verify::{verify, VerifyInput, VerifyReport};
use iu_cutter_core::ledger::chain::{self, LedgerRow, NewRow};
use iu_cutter_core::read::cut::{cut, Cut};
use iu_cutter_core::read::sample;
use iu_cutter_core::read::vocabulary_fit::{suggest, VocabularyFit};
use iu_cutter_core::store::unit::StoredUnit;
use iu_cutter_core::text::vocabulary::{default_vocabularies, SectionType, Vocabulary};
use iu_cutter_core::workflow::{self, Event, HistoryEvent, Permission};
use iu_cutter_core::ErrorReport;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, exports, finished, from_json, outcome, to_js, JsonOr, Params};

/// The text to cut: `cutDocument`, `cutSummary` and `vocabularyFit` take the same parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICutDocumentParams"))]
pub(crate) struct CutDocumentParams {
    text: String,
    doc_code: String,
    /// A shipped vocabulary's id, or a vocabulary (object or JSON text).
    vocabulary: JsonOr<Vocabulary>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICutDocumentResult"))]
struct CutOutcome {
    cut: Cut,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICutSummaryResult"))]
#[serde(rename_all = "camelCase")]
struct CutSummary {
    units: usize,
    diagnostics: usize,
    last_address: Option<String>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IVocabularyFitResult"))]
#[serde(rename_all = "camelCase")]
struct FitOutcome {
    /// The shipped vocabulary that reads the text better, or null (see `vocabulary_fit`).
    vocabulary_suggestion: Option<VocabularyFit>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IPlanDocumentResult"))]
#[serde(rename_all = "camelCase")]
struct PreviewOutcome {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    cut: Option<Cut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manifest: Option<Manifest>,
    /// `lean`: the cut as JSON text (the manifest is `canonical_json`), for the caller's
    /// `JSON.parse`: 100k units and blocks cross far faster as text than object by object.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    cut_json: Option<String>,
    /// The manifest's RFC 8785 bytes, as stored and reviewed (left out with `parts`).
    #[serde(skip_serializing_if = "Option::is_none")]
    canonical_json: Option<String>,
    /// `parts`: the canonical JSON of the envelope and of each block (`manifestParts`), the
    /// rows it is stored as, instead of the whole text.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    envelope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    blocks: Option<Vec<String>>,
    sha256: String,
    /// With `sectionTypes`: the result gates (`resultGates`) of the manifest on the stored units.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    gates: Option<GateReport>,
    /// A shipped vocabulary that reads the text better than the document's (`vocabulary_fit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    vocabulary_suggestion: Option<VocabularyFit>,
}

/// The plan input plus the request's override of the mass retire guard.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IPlanInput"))]
pub(crate) struct PlanArgs {
    #[serde(flatten)]
    input: PlanInput,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    allow_mass_retire: bool,
}

/// `planDocument`'s parameters. `lean`: the cut as JSON text (`cutJson`) and no manifest objects;
/// `parts` (with `lean`): the manifest as its stored parts (`envelope`, `blocks`) and no whole text;
/// `sectionTypes` (the section_type rows): also the result gates (`gates`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IPlanDocumentParams"))]
pub(crate) struct PlanDocumentParams {
    text: String,
    /// The document's code as published (`45/2019/QH14`).
    doc_code: String,
    /// A shipped vocabulary's id, or a vocabulary (object or JSON text).
    vocabulary: JsonOr<Vocabulary>,
    /// The document's stored units; JSON text for a large document.
    stored: JsonOr<Vec<StoredUnit>>,
    input: JsonOr<PlanArgs>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    lean: bool,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    section_types: Option<JsonOr<Vec<SectionType>>>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    parts: bool,
}

/// The guard's numbers, beside the error, so the caller can show them.
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "MassRetireEvidence"))]
struct MassRetireEvidence {
    retiring: usize,
    live: usize,
    share: f64,
    threshold: f64,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IPlanDocumentFailure"))]
#[serde(rename_all = "camelCase")]
struct PlanFailure {
    #[cfg_attr(feature = "ts", ts(type = "false"))]
    ok: bool,
    error: ErrorReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    mass_retire: Option<MassRetireEvidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vocabulary_suggestion: Option<VocabularyFit>,
}

/// [`planDocument`]'s body: `refused` and `suggestion` are kept for the failure's evidence.
fn plan_document(
    p: PlanDocumentParams,
    refused: &mut Option<iu_cutter_core::change::plan::MassRetire>,
    suggestion: &mut Option<VocabularyFit>,
) -> Result<PreviewOutcome, ErrorReport> {
    let (text, doc_code) = (p.text.as_str(), p.doc_code.as_str());
    let parts = p.lean && p.parts;
    let vocabulary = p.vocabulary.vocabulary()?;
    let stored = p.stored.read("stored")?;
    let args = p.input.read("input")?;
    let cut = cut(text, doc_code, &vocabulary);
    *suggestion = suggest(text, doc_code, &vocabulary, &cut, default_vocabularies());
    let manifest = plan_guarded(
        &cut,
        &stored,
        &vocabulary,
        &args.input,
        args.allow_mass_retire,
    )
    .inspect_err(|e| {
        if let PlanError::MassRetire(m) = e {
            *refused = Some(*m);
        }
    })?;
    let gates = JsonOr::read_opt(p.section_types, "sectionTypes")?
        .map(|types| result_gates(&manifest, &stored, &types));
    drop(stored);
    let (canonical_json, envelope, blocks, sha256) = if parts {
        let (envelope, blocks) = manifest.canonical_parts();
        let sha256 = iu_cutter_core::change::manifest::canonical_parts_sha256(&envelope, &blocks);
        (None, Some(envelope), Some(blocks), sha256)
    } else {
        let canonical_json = manifest.to_canonical_json();
        let sha256 = iu_cutter_core::text::hash::sha256_hex(&canonical_json);
        (Some(canonical_json), None, None, sha256)
    };
    let (cut, manifest, cut_json) = if p.lean {
        let json = serde_json::to_string(&cut)
            .map_err(|e| ErrorReport::internal(format_args!("cannot serialize the cut: {e}")))?;
        (None, None, Some(json))
    } else {
        (Some(cut), Some(manifest), None)
    };
    Ok(PreviewOutcome {
        cut,
        manifest,
        cut_json,
        canonical_json,
        envelope,
        blocks,
        sha256,
        gates,
        vocabulary_suggestion: suggestion.clone(),
    })
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IPlanPositionUpgradeResult")
)]
#[serde(rename_all = "camelCase")]
struct UpgradeOutcome {
    /// The manifest's stored parts (`manifestParts`): the envelope's and each block's canonical JSON.
    envelope: String,
    blocks: Vec<String>,
    sha256: String,
    /// The result gates (`resultGates`) of the manifest on the stored units.
    gates: GateReport,
    /// How many units the upgrade renumbers (its blocks).
    renumbered: usize,
}

/// `planPositionUpgrade`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IPlanPositionUpgradeParams")
)]
pub(crate) struct PlanPositionUpgradeParams {
    stored: JsonOr<Vec<StoredUnit>>,
    input: JsonOr<UpgradeInput>,
    section_types: JsonOr<Vec<SectionType>>,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IRollbackManifestResult")
)]
#[serde(rename_all = "camelCase")]
struct RollbackOutcome {
    manifest: Manifest,
    /// The rollback manifest's RFC 8785 bytes, as stored and reviewed.
    canonical_json: String,
    sha256: String,
}

/// `rollbackManifest`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IRollbackManifestParams")
)]
pub(crate) struct RollbackManifestParams {
    manifest_json: String,
    stored: JsonOr<Vec<StoredUnit>>,
    input: JsonOr<RollbackInput>,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IRollbackRefusalResult")
)]
struct RollbackRefusal {
    /// `{code, reason, hint}` when a manifest with this envelope is never rolled back; null otherwise.
    refusal: Option<ErrorReport>,
}

/// `rollbackRefusal`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IRollbackRefusalParams")
)]
pub(crate) struct RollbackRefusalParams {
    /// The manifest's stored `envelope_json`.
    envelope_json: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IReadManifestResult"))]
#[serde(rename_all = "camelCase")]
struct ManifestOutcome {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    manifest: Option<Manifest>,
    sha256: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected_after_images: Option<Vec<ExpectedImage>>,
    write_steps: Vec<WriteStep>,
}

/// `readManifest`'s parameters: the manifest's text, the sha256 it is claimed to have (checked when
/// given), and `lean` (answer only the sha256 and the write steps).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IReadManifestParams"))]
pub(crate) struct ReadManifestParams {
    json: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    claimed_sha256: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    lean: bool,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IGateReportResult"))]
struct GatesOutcome {
    report: GateReport,
}

/// `cutGates`' parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICutGatesParams"))]
pub(crate) struct CutGatesParams {
    manifest_json: String,
    approved_sha256: String,
    stored_now: JsonOr<Vec<StoredUnit>>,
}

/// `new CutCheck`'s parameters: the entry's document, its manifest's stored envelope
/// (`manifest_envelope.envelope_json`), the entry's sha256 and the approved one.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICutCheckParams"))]
pub(crate) struct CutCheckOpen {
    document_id: String,
    envelope: String,
    entry_sha256: String,
    approved_sha256: String,
}

/// `cutCheckParts`' parameters: `new CutCheck`'s, the blocks and `finish`'s.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICutCheckPartsParams"))]
pub(crate) struct CutCheckParams {
    document_id: String,
    /// The manifest's stored envelope (`manifest_envelope.envelope_json`).
    envelope: String,
    /// The `block_json` of its blocks in order, one per line.
    block_lines: String,
    entry_sha256: String,
    approved_sha256: String,
    // Not `flatten`ed from `CutCheckOpen` and `CutCheckFinish`: a `JsonOr` is read by serde-wasm-bindgen itself.
    stored_now: JsonOr<Vec<StoredUnit>>,
    section_types: JsonOr<Vec<SectionType>>,
}

/// `CutCheck.add`'s parameters: the next blocks, a line each.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICutCheckAddParams"))]
pub(crate) struct CutCheckAdd {
    block_lines: String,
}

/// `CutCheck.finish`'s (and `finishInBlockOrder`'s) parameters: the document's units now and the
/// section types.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ICutCheckFinishParams")
)]
pub(crate) struct CutCheckFinish {
    stored_now: JsonOr<Vec<StoredUnit>>,
    section_types: JsonOr<Vec<SectionType>>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICutCheckAddResult"))]
pub(crate) struct Added {
    blocks: usize,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ICutCheckInBlockOrderResult")
)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InBlockOrder {
    #[serde(flatten)]
    check: CutCheck,
    in_block_order: bool,
}

/// `cutCheckParts` fed the stored blocks a slice at a time: `new CutCheck({ documentId,
/// envelope, entrySha256, approvedSha256 })`, `add({ blockLines })` per slice (blocks a line each,
/// in order) → `{ ok, blocks }` (read so far), then `finish({ storedNow, sectionTypes })` → what
/// `cutCheckParts` answers. Each slice is read, proved canonical and hashed as it comes, so
/// the executor can write the units of the slices before while the core reads the next
/// (`writesInBlockOrder`). Call `free()` when done.
#[wasm_bindgen(js_name = CutCheck)]
pub struct CutCheckHandle {
    document_id: String,
    entry_sha256: String,
    approved_sha256: String,
    reader: Option<PartsReader>,
}

#[wasm_bindgen(js_class = CutCheck)]
impl CutCheckHandle {
    /// Throws `{ code, reason, offset, hint }` for parameters not shaped as `ICutCheckParams`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ICutCheckParams")] params: JsValue,
    ) -> Result<CutCheckHandle, JsValue> {
        CutCheckOpen::read(params)
            .map(CutCheckHandle::open)
            .map_err(|report| to_js(&report).unwrap_or(JsValue::NULL))
    }

    /// Whether the write steps will be every block but the confirms, in manifest order
    /// (`Envelope::writes_in_block_order`; false when the envelope does not read). Only a
    /// claim of the envelope's counts until `finish` has checked them: compare the steps
    /// taken with its `writeSteps`.
    #[wasm_bindgen(js_name = writesInBlockOrder)]
    pub fn writes_in_block_order(&self) -> bool {
        self.reader
            .as_ref()
            .and_then(PartsReader::envelope)
            .is_some_and(|e| e.writes_in_block_order())
    }

    /// The next blocks, a line each (canonical JSON never holds a raw line feed; a part that
    /// does is read as its lines would join, and refused by the sha256 like any other edit).
    #[wasm_bindgen(unchecked_return_type = "Outcome<ICutCheckAddResult>")]
    pub fn add(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ICutCheckAddParams")] params: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| {
            let p = CutCheckAdd::read(params)?;
            if self.reader.is_none() {
                return Err(finished("CutCheck"));
            }
            self.push_lines(&p.block_lines);
            Ok(Added {
                blocks: self.reader.as_ref().map_or(0, PartsReader::len),
            })
        })
    }

    /// The gates, the write steps and the result's sha256 of every block added.
    #[wasm_bindgen(unchecked_return_type = "Outcome<ICutCheckResult>")]
    pub fn finish(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ICutCheckFinishParams")] params: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| Ok(self.check(CutCheckFinish::read(params)?, true)?.0))
    }

    /// `finish` for an executor that wrote the units in block order while the blocks were read
    /// (`writesInBlockOrder`): instead of the write steps, `inBlockOrder` — whether they are
    /// exactly a write of every block but the confirms, in manifest order (`writeSteps: []`).
    #[wasm_bindgen(js_name = finishInBlockOrder, unchecked_return_type = "Outcome<ICutCheckInBlockOrderResult>")]
    pub fn finish_in_block_order(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ICutCheckFinishParams")] params: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| {
            let (check, manifest) = self.check(CutCheckFinish::read(params)?, false)?;
            Ok(InBlockOrder {
                in_block_order: manifest.writes_in_block_order(),
                check,
            })
        })
    }
}

impl CutCheckHandle {
    fn open(p: CutCheckOpen) -> CutCheckHandle {
        CutCheckHandle {
            reader: Some(PartsReader::new(&p.envelope)),
            document_id: p.document_id,
            entry_sha256: p.entry_sha256,
            approved_sha256: p.approved_sha256,
        }
    }

    /// The read manifest's gates, result and (`steps`) write steps, and the manifest, for what
    /// else is asked of it.
    fn check(
        &mut self,
        p: CutCheckFinish,
        steps: bool,
    ) -> Result<(CutCheck, Manifest), ErrorReport> {
        let reader = self.reader.take().ok_or_else(|| finished("CutCheck"))?;
        let manifest = reader.finish(Some(&self.entry_sha256))?;
        let stored = p.stored_now.read("storedNow")?;
        let types = p.section_types.read("sectionTypes")?;
        let (doc, entry, approved) = (&self.document_id, &self.entry_sha256, &self.approved_sha256);
        let check = cut_check(&manifest, doc, entry, approved, &stored, &types, steps);
        Ok((check, manifest))
    }

    fn push_lines(&mut self, block_lines: &str) {
        if let Some(reader) = self.reader.as_mut() {
            if !block_lines.is_empty() {
                for line in block_lines.split('\n') {
                    reader.push(line);
                }
            }
        }
    }
}

/// `resultGates`' parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IResultGatesParams"))]
pub(crate) struct ResultGatesParams {
    manifest_json: String,
    stored_now: JsonOr<Vec<StoredUnit>>,
    section_types: JsonOr<Vec<SectionType>>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IApplyManifestResult"))]
struct UnitsOutcome {
    units: Vec<StoredUnit>,
}

/// `applyManifest`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IApplyManifestParams"))]
pub(crate) struct ApplyManifestParams {
    manifest_json: String,
    stored: JsonOr<Vec<StoredUnit>>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IVerifyUnitsResult"))]
struct VerifyOutcome {
    report: VerifyReport,
}

/// `verifyUnits`' parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IVerifyUnitsParams"))]
pub(crate) struct VerifyUnitsParams {
    /// `{ documents, section_types, units, change_set?, ledger? }`.
    input: JsonOr<VerifyInput<'static>>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ILedgerAppendResult"))]
struct RowOutcome {
    row: LedgerRow,
}

/// `ledgerAppend`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ILedgerAppendParams"))]
pub(crate) struct LedgerAppendParams {
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<JsonOr<LedgerRow>>", optional = nullable))]
    prev: JsonOr<Option<LedgerRow>>,
    collection: String,
    id: String,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    content: JsonOr<Value>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IVerifyLedgerResult"))]
struct ChainOutcome {
    passed: bool,
    violations: Vec<chain::Violation>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ILedgerChainResult"))]
struct RowsOutcome {
    rows: Vec<LedgerRow>,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ILedgerChainHashesResult")
)]
struct HashesOutcome {
    hashes: Vec<(Option<String>, String)>,
}

/// `ledgerChain`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ILedgerChainParams"))]
pub(crate) struct LedgerChainParams {
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<JsonOr<LedgerRow>>", optional = nullable))]
    prev: JsonOr<Option<LedgerRow>>,
    rows: JsonOr<Vec<NewRow>>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    lean: bool,
}

/// `verifyLedger`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IVerifyLedgerParams"))]
pub(crate) struct VerifyLedgerParams {
    rows: JsonOr<Vec<LedgerRow>>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    anchor: Option<String>,
}

/// `workflowCheck`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IWorkflowCheckParams"))]
pub(crate) struct WorkflowCheckParams {
    step: String,
    history: JsonOr<Vec<HistoryEvent>>,
    actor: String,
}

/// `workflowState`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IWorkflowStateParams"))]
pub(crate) struct WorkflowStateParams {
    /// `[{event, actor}]`, oldest first.
    history: JsonOr<Vec<HistoryEvent>>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IWorkflowStateResult"))]
struct StateOutcome {
    /// The entry's state (its last event); null for an empty history.
    state: Option<Event>,
    /// Submitted or approved: a submit of the same manifest returns this entry.
    open: bool,
}

/// `generatedAct`'s parameters: how many of each level.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IGeneratedActParams"))]
pub(crate) struct GeneratedActParams {
    chapters: u32,
    articles_per_chapter: u32,
    clauses_per_article: u32,
    points_per_clause: u32,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IManifestPartsResult"))]
struct PartsOutcome {
    envelope: String,
    blocks: Vec<String>,
}

/// `manifestParts`' parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IManifestPartsParams"))]
pub(crate) struct ManifestPartsParams {
    manifest_json: String,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IJoinManifestPartsResult")
)]
pub(crate) struct Joined {
    json: String,
}

/// `joinManifestParts`' parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IJoinManifestPartsParams")
)]
pub(crate) struct JoinManifestPartsParams {
    envelope: String,
    blocks: JsonOr<Vec<String>>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IBaseSha256Result"))]
struct BaseOutcome {
    sha256: String,
}

/// `baseSha256`'s parameters (and `new BaseHash`'s: `documentId`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IBaseSha256Params"))]
pub(crate) struct BaseSha256Params {
    document_id: String,
    units: JsonOr<Vec<StoredUnit>>,
}

/// `new BaseHash`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IBaseHashParams"))]
pub(crate) struct BaseHashOpen {
    document_id: String,
}

/// `BaseHash.add`'s parameters: a page of units (`StoredUnit[]` or its JSON text, any order).
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IBaseHashAddParams"))]
pub(crate) struct BaseHashAdd {
    units: JsonOr<Vec<StoredUnit>>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IBaseHashAddResult"))]
struct AddedOutcome {
    units: usize,
}

/// [`baseSha256`] of a document read in pages: `new BaseHash({ documentId })`, `add({ units })`
/// per page → `{ ok, units }` (added so far), then `finish()` → `{ ok, sha256 }`. Memory: one
/// (id, hash) pair per unit.
#[wasm_bindgen(js_name = BaseHash)]
pub struct BaseHashHandle {
    base: Option<BaseHash>,
}

#[wasm_bindgen(js_class = BaseHash)]
impl BaseHashHandle {
    /// Throws `{ code, reason, offset, hint }` for parameters not shaped as `IBaseHashParams`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "IBaseHashParams")] params: JsValue,
    ) -> Result<BaseHashHandle, JsValue> {
        match BaseHashOpen::read(params) {
            Ok(p) => Ok(BaseHashHandle {
                base: Some(BaseHash::new(&p.document_id)),
            }),
            Err(report) => Err(to_js(&report).unwrap_or(JsValue::NULL)),
        }
    }

    #[wasm_bindgen(unchecked_return_type = "Outcome<IBaseHashAddResult>")]
    pub fn add(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "IBaseHashAddParams")] params: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| {
            let p = BaseHashAdd::read(params)?;
            let base = self.base.as_mut().ok_or_else(|| finished("BaseHash"))?;
            base.add(&p.units.read("units")?);
            Ok(AddedOutcome { units: base.len() })
        })
    }

    #[wasm_bindgen(unchecked_return_type = "Outcome<IBaseSha256Result>")]
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        answer(|| {
            let base = self.base.take().ok_or_else(|| finished("BaseHash"))?;
            Ok(BaseOutcome {
                sha256: base.finish(),
            })
        })
    }
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IPrintedNumbersResult")
)]
struct NumbersOutcome {
    numbers: Vec<String>,
}

/// `printedNumbers`' parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IPrintedNumbersParams")
)]
pub(crate) struct PrintedNumbersParams {
    vocabulary: JsonOr<Vocabulary>,
    /// `[[section_type, ordinal], …]`.
    units: JsonOr<Vec<(String, String)>>,
}

exports! {
    @also: CutCheckOpen, CutCheckAdd, CutCheckFinish, Added, InBlockOrder, BaseHashOpen, BaseHashAdd, AddedOutcome;

    /// Cut and report only counts: the core's cutting cost without building JS objects.
    cutSummary(p: CutDocumentParams as "ICutDocumentParams") -> CutSummary as "Outcome<ICutSummaryResult>" {
        let c = cut(&p.text, &p.doc_code, &p.vocabulary.vocabulary()?);
        let last_address = c.units.last().map(|u| u.canonical_address.clone());
        Ok(CutSummary { units: c.units.len(), diagnostics: c.diagnostics.len(), last_address })
    }

    /// Which shipped vocabulary fits `text` better than `vocabulary`, when the cut with
    /// `vocabulary` finds few units; `vocabularySuggestion: null` otherwise.
    vocabularyFit(p: CutDocumentParams as "ICutDocumentParams") -> FitOutcome as "Outcome<IVocabularyFitResult>" {
        let (text, doc_code, v) = (p.text.as_str(), p.doc_code.as_str(), p.vocabulary.vocabulary()?);
        let c = cut(text, doc_code, &v);
        Ok(FitOutcome { vocabulary_suggestion: suggest(text, doc_code, &v, &c, default_vocabularies()) })
    }

    /// Cut a document's text into addressed units, with diagnostics.
    cutDocument(p: CutDocumentParams as "ICutDocumentParams") -> CutOutcome as "Outcome<ICutDocumentResult>" {
        Ok(CutOutcome { cut: cut(&p.text, &p.doc_code, &p.vocabulary.vocabulary()?) })
    }

    /// Preview (dry run): cut the text and diff it against the stored units, giving the
    /// manifest. `input.scope` (canonical addresses) limits it to those units, confirming
    /// the ones that do not change. A plan retiring more than the core's threshold of the
    /// live units is refused (`mass-retire`, with `massRetire: { retiring, live, share,
    /// threshold }` beside the error) unless `input.allow_mass_retire` is true.
    /// When the document's vocabulary finds few units in the text, `vocabularySuggestion`
    /// (beside the answer or the error) names a shipped vocabulary that fits better.
    /// `section_types` (the section_type rows): also answer the result gates (`gates`), from the
    /// same manifest instead of a second read of its text. `parts` (with `lean`): answer the
    /// manifest as its stored parts (`envelope`, `blocks`) and no whole text.
    planDocument(p: PlanDocumentParams as "IPlanDocumentParams")
        -> PreviewOutcome | PlanFailure as "Outcome<IPlanDocumentResult> | IPlanDocumentFailure" raw
    {
        let (mut refused, mut suggestion) = (None, None);
        match plan_document(p, &mut refused, &mut suggestion) {
            Err(error) if refused.is_some() || suggestion.is_some() => to_js(&PlanFailure {
                ok: false,
                error,
                mass_retire: refused.map(|m| MassRetireEvidence {
                    retiring: m.retiring,
                    live: m.live,
                    share: m.share(),
                    threshold: MASS_RETIRE_THRESHOLD,
                }),
                vocabulary_suggestion: suggestion,
            }),
            result => outcome(result),
        }
    }

    /// The move of one document written before issue 30 to sibling positions: the manifest of
    /// position-only updates the migration runner submits (`position_upgrade` in the core), as
    /// its stored parts, with its result gates. `stored`: the document's units (JSON text or
    /// array); `input`: `{document_id, doc, vocabulary, source_sha256, effective_from,
    /// created_at, created_by}`; `section_types`: the section_type rows.
    planPositionUpgrade(p: PlanPositionUpgradeParams as "IPlanPositionUpgradeParams") -> UpgradeOutcome as "Outcome<IPlanPositionUpgradeResult>" {
        let stored = p.stored.read("stored")?;
        let input = p.input.read("input")?;
        let types = p.section_types.read("sectionTypes")?;
        let manifest = plan_position_upgrade(&stored, &input)?;
        let gates = result_gates(&manifest, &stored, &types);
        let (envelope, blocks) = manifest.canonical_parts();
        let sha256 = iu_cutter_core::change::manifest::canonical_parts_sha256(&envelope, &blocks);
        Ok(UpgradeOutcome { renumbered: manifest.blocks.len(), envelope, blocks, sha256, gates })
    }

    /// The manifest that undoes an applied manifest, from the document's units as they are
    /// now; refused with `rollback-unsafe` (listing every unit) when the store moved on.
    rollbackManifest(p: RollbackManifestParams as "IRollbackManifestParams") -> RollbackOutcome as "Outcome<IRollbackManifestResult>" {
        let original = Manifest::from_json(&p.manifest_json, None)?;
        let stored = p.stored.read("stored")?;
        let input = p.input.read("input")?;
        let manifest = rollback(&original, &stored, &input)?;
        let canonical_json = manifest.to_canonical_json();
        let sha256 = iu_cutter_core::text::hash::sha256_hex(&canonical_json);
        Ok(RollbackOutcome { manifest, canonical_json, sha256 })
    }

    /// Whether a manifest with this envelope (its stored `envelope_json`) is refused a rollback
    /// whatever the store holds (`rollback-across-positions-upgrade`), with the reason `rollbackManifest`
    /// would give: for the admin module, which disables the step instead of offering it.
    rollbackRefusal(p: RollbackRefusalParams as "IRollbackRefusalParams") -> RollbackRefusal as "Outcome<IRollbackRefusalResult>" {
        let envelope: Envelope = from_json("envelope", &p.envelope_json)?;
        Ok(RollbackRefusal { refusal: iu_cutter_core::change::rollback::refusal(&envelope) })
    }

    /// Read a stored or submitted manifest, checking its shape and, when given, its sha256.
    /// `lean`: answer only the sha256 and the write steps. A checked manifest text is its
    /// canonical JSON, so the caller's `JSON.parse` gives the same objects far faster than
    /// sending 100k blocks across the boundary object by object.
    readManifest(p: ReadManifestParams as "IReadManifestParams") -> ManifestOutcome as "Outcome<IReadManifestResult>" {
        let manifest = Manifest::from_json(&p.json, p.claimed_sha256.as_deref())?;
        Ok(ManifestOutcome {
            // A claimed sha256 that from_json accepted is the manifest's (lowercase hex):
            // no second serialization of a large manifest to hash it again.
            sha256: p.claimed_sha256.as_deref().map(str::to_ascii_lowercase).unwrap_or_else(|| manifest.sha256()),
            expected_after_images: (!p.lean).then(|| manifest.expected_after_images()),
            write_steps: manifest.write_steps(),
            manifest: (!p.lean).then_some(manifest),
        })
    }

    /// CUT preconditions: the approved sha256, the base and every before-image still match.
    cutGates(p: CutGatesParams as "ICutGatesParams") -> GatesOutcome as "Outcome<IGateReportResult>" {
        let manifest = Manifest::from_json(&p.manifest_json, None)?;
        let stored = p.stored_now.read("storedNow")?;
        Ok(GatesOutcome { report: cut_gates(&manifest, &p.approved_sha256, &stored) })
    }

    /// Everything the executor asks of the core before writing, from ONE read of the manifest:
    /// the stored manifest checked against the entry's sha256 (as `readManifest`), the CUT
    /// preconditions (`cutGates`), the postconditions (`resultGates`) and the write steps —
    /// from the manifest's stored parts (`manifest_envelope.envelope_json`, and the `block_json`
    /// of its blocks in order, one per line: canonical JSON never holds a raw line feed), read as
    /// the text `joinManifestParts` would give (`Manifest::from_parts`): the 70 MB text of a
    /// 100k-block manifest is then neither built nor re-serialized, and never crosses into JS and
    /// back. One string crosses the boundary at once; an array of 100k strings crossed one by one
    /// took twice as long, and a JSON text of them held 160 MB more. A stored part that holds a
    /// line feed is not canonical, so it is read as its lines would join: the manifest is still
    /// only accepted when those bytes hash to the entry's sha256. Also answers `resultSha256`, the
    /// base sha256 the write steps leave (the executor writes exactly the after-images, so it
    /// need not read 100k units back) for `document_id`, the entry's document.
    cutCheckParts(p: CutCheckParams as "ICutCheckPartsParams") -> CutCheck as "Outcome<ICutCheckResult>" {
        let (document_id, envelope, entry_sha256, approved_sha256) = (p.document_id, p.envelope, p.entry_sha256, p.approved_sha256);
        let mut check = CutCheckHandle::open(CutCheckOpen { document_id, envelope, entry_sha256, approved_sha256 });
        check.push_lines(&p.block_lines);
        let (stored_now, section_types) = (p.stored_now, p.section_types);
        Ok(check.check(CutCheckFinish { stored_now, section_types }, true)?.0)
    }

    /// CUT postconditions: Q-CHK-1..3, uniqueness and the tree on the state after the manifest.
    resultGates(p: ResultGatesParams as "IResultGatesParams") -> GatesOutcome as "Outcome<IGateReportResult>" {
        let manifest = Manifest::from_json(&p.manifest_json, None)?;
        let stored = p.stored_now.read("storedNow")?;
        let types = p.section_types.read("sectionTypes")?;
        Ok(GatesOutcome { report: result_gates(&manifest, &stored, &types) })
    }

    /// The stored units as they are after the manifest (the executor's and rollback's plan of record).
    applyManifest(p: ApplyManifestParams as "IApplyManifestParams") -> UnitsOutcome as "Outcome<IApplyManifestResult>" {
        let manifest = Manifest::from_json(&p.manifest_json, None)?;
        Ok(UnitsOutcome { units: apply(&p.stored.read("stored")?, &manifest) })
    }

    /// VERIFY: `{ documents, section_types, units, change_set?, ledger? }` → every violation with evidence.
    verifyUnits(p: VerifyUnitsParams as "IVerifyUnitsParams") -> VerifyOutcome as "Outcome<IVerifyUnitsResult>" {
        Ok(VerifyOutcome { report: verify(&p.input.read("input")?) })
    }

    /// The next ledger row: its `row_hash` chains it to `prev` (null for the first row).
    ledgerAppend(p: LedgerAppendParams as "ILedgerAppendParams") -> RowOutcome as "Outcome<ILedgerAppendResult>" {
        let prev = p.prev.read("prev")?;
        let content = p.content.read("content")?;
        Ok(RowOutcome { row: chain::append(prev.as_ref(), &p.collection, &p.id, content) })
    }

    /// A whole batch of ledger rows `[{collection, id, content}]` in one call: row i chains
    /// to row i-1, row 0 to `prev` (null to start the chain).
    /// `lean`: answer only `hashes: [[prev_hash, row_hash], …]` in row order — the caller
    /// has the contents already, and 100k rows with their images cost seconds to send back.
    ledgerChain(p: LedgerChainParams as "ILedgerChainParams")
        -> RowsOutcome | HashesOutcome as "Outcome<ILedgerChainResult> | Outcome<ILedgerChainHashesResult>" raw
    {
        let lean = p.lean;
        let chained = (|| {
            let prev = p.prev.read("prev")?;
            Ok(chain::append_rows(prev.as_ref(), p.rows.read("rows")?))
        })();
        if lean {
            outcome(chained.map(|rows| HashesOutcome {
                hashes: rows.into_iter().map(|r| (r.prev_hash, r.row_hash)).collect(),
            }))
        } else {
            outcome(chained.map(|rows| RowsOutcome { rows }))
        }
    }

    /// Check a ledger chain, optionally continuing after a row whose hash is `anchor`.
    verifyLedger(p: VerifyLedgerParams as "IVerifyLedgerParams") -> ChainOutcome as "Outcome<IVerifyLedgerResult>" {
        let violations = chain::verify_chain_from(p.anchor.as_deref(), &p.rows.read("rows")?);
        Ok(ChainOutcome { passed: violations.is_empty(), violations })
    }

    /// May `actor` run `step` (review, cut, verify, sweep, rollback) on an entry with this
    /// history (`[{event, actor}]`, oldest first)? `{ allowed, state, refusal? }` with the
    /// refusal's HTTP status, code, message and the two-person rule it enforces.
    workflowCheck(p: WorkflowCheckParams as "IWorkflowCheckParams") -> Permission as "Outcome<Permission>" {
        workflow::ask(&p.step, &p.history.read("history")?, &p.actor)
    }

    /// The state of an entry with this history and whether it is still open (submitted or approved).
    workflowState(p: WorkflowStateParams as "IWorkflowStateParams") -> StateOutcome as "Outcome<IWorkflowStateResult>" {
        let history = p.history.read("history")?;
        Ok(StateOutcome { state: workflow::state(&history), open: workflow::is_open(&history) })
    }

    /// A deterministic generated Vietnamese act, for benchmarks and tests.
    generatedAct(p: GeneratedActParams as "IGeneratedActParams") -> String as "string" raw {
        let text = sample::generated_act(p.chapters, p.articles_per_chapter, p.clauses_per_article, p.points_per_clause);
        Ok(JsValue::from_str(&text))
    }

    /// A manifest's canonical JSON split into the envelope's and each block's canonical
    /// JSON, the rows it is stored as; `joinManifestParts` gives the exact bytes back.
    manifestParts(p: ManifestPartsParams as "IManifestPartsParams") -> PartsOutcome as "Outcome<IManifestPartsResult>" {
        let (envelope, blocks) = Manifest::from_json(&p.manifest_json, None)?.canonical_parts();
        Ok(PartsOutcome { envelope, blocks })
    }

    /// The manifest text from its stored parts (check it with `readManifest` and the approved sha256).
    joinManifestParts(p: JoinManifestPartsParams as "IJoinManifestPartsParams") -> Joined as "Outcome<IJoinManifestPartsResult>" {
        let blocks = p.blocks.read("blocks")?;
        Ok(Joined { json: iu_cutter_core::change::manifest::join_canonical_parts(&p.envelope, &blocks) })
    }

    /// The base sha256 of a document's units (what a manifest is planned against and a CUT leaves).
    baseSha256(p: BaseSha256Params as "IBaseSha256Params") -> BaseOutcome as "Outcome<IBaseSha256Result>" {
        let units = p.units.read("units")?;
        Ok(BaseOutcome { sha256: iu_cutter_core::change::manifest::base_sha256(&p.document_id, &units) })
    }

    /// The numbers of units as their text prints them (`Chương IV`, `điểm đ`, `section 3.1`), for
    /// lists people read: `units` is `[[section_type, ordinal], …]` in `vocabulary` (as for
    /// `cutDocument`); answers `{ ok: true, numbers }`, one per unit, in order.
    printedNumbers(p: PrintedNumbersParams as "IPrintedNumbersParams") -> NumbersOutcome as "Outcome<IPrintedNumbersResult>" {
        let v = p.vocabulary.vocabulary()?;
        let units = p.units.read("units")?;
        let numbers = units.iter().map(|(code, ordinal)| iu_cutter_core::text::cite::printed_number(&v, code, ordinal)).collect();
        Ok(NumbersOutcome { numbers })
    }
}
