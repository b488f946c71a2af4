//! CUT / VERIFY: cut and plan (preview), manifests, gates, verify, rollback, the
//! ledger chain and the workflow rules.
//!
//! Every function reads its inputs with [`from_js`] (a JS value or JSON text)
//! and answers with [`outcome`]: `{ ok: true, … }` or `{ ok: false, error }`.
//! A workflow refusal is not an error: [`workflow_check`] answers `{ ok: true,
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
use iu_cutter_core::text::vocabulary::{default_vocabularies, SectionType};
use iu_cutter_core::workflow::{self, Event, HistoryEvent};
use iu_cutter_core::ErrorReport;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, finished, from_js, from_json, outcome, to_js};

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

/// `cutSummary`'s parameters, one object (see `cutSummary`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICutSummaryParams"))]
pub(crate) struct CutSummaryParams {
    text: String,
    doc_code: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::text::vocabulary::Vocabulary>")
    )]
    vocabulary: JsValue,
}

/// Cut and report only counts: the core's cutting cost without building JS objects.
#[wasm_bindgen(js_name = cutSummary, unchecked_return_type = "Outcome<ICutSummaryResult>")]
pub fn cut_summary(
    #[wasm_bindgen(unchecked_param_type = "ICutSummaryParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let CutSummaryParams {
        text,
        doc_code,
        vocabulary,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let text = text.as_str();
    let doc_code = doc_code.as_str();
    answer(|| {
        let v = crate::adapter::vocabulary(vocabulary)?;
        let c = cut(text, doc_code, &v);
        Ok(CutSummary {
            units: c.units.len(),
            diagnostics: c.diagnostics.len(),
            last_address: c.units.last().map(|u| u.canonical_address.clone()),
        })
    })
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IVocabularyFitResult"))]
#[serde(rename_all = "camelCase")]
struct FitOutcome {
    /// The shipped vocabulary that reads the text better, or null (see `vocabulary_fit`).
    vocabulary_suggestion: Option<VocabularyFit>,
}

/// `vocabularyFit`'s parameters, one object (see `vocabularyFit`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IVocabularyFitParams"))]
pub(crate) struct VocabularyFitParams {
    text: String,
    doc_code: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::text::vocabulary::Vocabulary>")
    )]
    vocabulary: JsValue,
}

/// Which shipped vocabulary fits `text` better than `vocabulary`, when the cut with
/// `vocabulary` finds few units; `vocabularySuggestion: null` otherwise.
#[wasm_bindgen(js_name = vocabularyFit, unchecked_return_type = "Outcome<IVocabularyFitResult>")]
pub fn vocabulary_fit(
    #[wasm_bindgen(unchecked_param_type = "IVocabularyFitParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let VocabularyFitParams {
        text,
        doc_code,
        vocabulary,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let text = text.as_str();
    let doc_code = doc_code.as_str();
    answer(|| {
        let v = crate::adapter::vocabulary(vocabulary)?;
        Ok(FitOutcome {
            vocabulary_suggestion: suggest(
                text,
                doc_code,
                &v,
                &cut(text, doc_code, &v),
                default_vocabularies(),
            ),
        })
    })
}

/// `cutDocument`'s parameters, one object (see `cutDocument`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICutDocumentParams"))]
pub(crate) struct CutDocumentParams {
    text: String,
    doc_code: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::text::vocabulary::Vocabulary>")
    )]
    vocabulary: JsValue,
}

/// Cut a document's text into addressed units, with diagnostics.
#[wasm_bindgen(js_name = cutDocument, unchecked_return_type = "Outcome<ICutDocumentResult>")]
pub fn cut_document(
    #[wasm_bindgen(unchecked_param_type = "ICutDocumentParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let CutDocumentParams {
        text,
        doc_code,
        vocabulary,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let text = text.as_str();
    let doc_code = doc_code.as_str();
    answer(|| {
        let v = crate::adapter::vocabulary(vocabulary)?;
        Ok(CutOutcome {
            cut: cut(text, doc_code, &v),
        })
    })
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
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::text::vocabulary::Vocabulary>")
    )]
    vocabulary: JsValue,
    /// The document's stored units; JSON text for a large document.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredUnit>>")
    )]
    stored: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<crate::workflow::PlanArgs>")
    )]
    input: JsValue,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    lean: bool,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::adapter::JsonOr<Vec<iu_cutter_core::text::vocabulary::SectionType>>>", optional = nullable))]
    section_types: JsValue,
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
#[wasm_bindgen(
    js_name = planDocument,
    unchecked_return_type = "Outcome<IPlanDocumentResult> | IPlanDocumentFailure"
)]
pub fn plan_document(
    #[wasm_bindgen(unchecked_param_type = "IPlanDocumentParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let mut refused = None;
    let mut suggestion = None;
    let result = (|| {
        let PlanDocumentParams {
            text,
            doc_code,
            vocabulary,
            stored,
            input,
            lean,
            section_types,
            parts,
        } = crate::adapter::params(params)?;
        let (text, doc_code) = (text.as_str(), doc_code.as_str());
        let parts = lean && parts;
        let vocabulary = crate::adapter::vocabulary(vocabulary)?;
        let stored: Vec<StoredUnit> = from_js("stored", stored)?;
        let args: PlanArgs = from_js("input", input)?;
        let cut = cut(text, doc_code, &vocabulary);
        suggestion = suggest(text, doc_code, &vocabulary, &cut, default_vocabularies());
        let manifest = plan_guarded(
            &cut,
            &stored,
            &vocabulary,
            &args.input,
            args.allow_mass_retire,
        )
        .inspect_err(|e| {
            if let PlanError::MassRetire(m) = e {
                refused = Some(*m);
            }
        })?;
        let gates = if section_types.is_undefined() || section_types.is_null() {
            None
        } else {
            let types: Vec<SectionType> = from_js("sectionTypes", section_types)?;
            Some(result_gates(&manifest, &stored, &types))
        };
        drop(stored);
        let (canonical_json, envelope, blocks, sha256) = if parts {
            let (envelope, blocks) = manifest.canonical_parts();
            let sha256 =
                iu_cutter_core::change::manifest::canonical_parts_sha256(&envelope, &blocks);
            (None, Some(envelope), Some(blocks), sha256)
        } else {
            let canonical_json = manifest.to_canonical_json();
            let sha256 = iu_cutter_core::text::hash::sha256_hex(&canonical_json);
            (Some(canonical_json), None, None, sha256)
        };
        Ok(if lean {
            PreviewOutcome {
                cut_json: Some(serde_json::to_string(&cut).map_err(|e| {
                    ErrorReport::internal(format_args!("cannot serialize the cut: {e}"))
                })?),
                cut: None,
                manifest: None,
                canonical_json,
                envelope,
                blocks,
                sha256,
                gates,
                vocabulary_suggestion: suggestion.clone(),
            }
        } else {
            PreviewOutcome {
                cut: Some(cut),
                manifest: Some(manifest),
                cut_json: None,
                canonical_json,
                envelope,
                blocks,
                sha256,
                gates,
                vocabulary_suggestion: suggestion.clone(),
            }
        })
    })();
    match (result, refused) {
        (Err(error), refused) if refused.is_some() || suggestion.is_some() => to_js(&PlanFailure {
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
        (result, _) => outcome(result),
    }
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

/// `planPositionUpgrade`'s parameters, one object (see `planPositionUpgrade`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IPlanPositionUpgradeParams")
)]
pub(crate) struct PlanPositionUpgradeParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredUnit>>")
    )]
    stored: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::change::position_upgrade::UpgradeInput>")
    )]
    input: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::text::vocabulary::SectionType>>")
    )]
    section_types: JsValue,
}

/// The move of one document written before issue 30 to sibling positions: the manifest of
/// position-only updates the migration runner submits (`position_upgrade` in the core), as
/// its stored parts, with its result gates. `stored`: the document's units (JSON text or
/// array); `input`: `{document_id, doc, vocabulary, source_sha256, effective_from,
/// created_at, created_by}`; `section_types`: the section_type rows.
#[wasm_bindgen(js_name = planPositionUpgrade, unchecked_return_type = "Outcome<IPlanPositionUpgradeResult>")]
pub fn plan_position_upgrade_js(
    #[wasm_bindgen(unchecked_param_type = "IPlanPositionUpgradeParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let PlanPositionUpgradeParams {
        stored,
        input,
        section_types,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    answer(|| {
        let stored: Vec<StoredUnit> = from_js("stored", stored)?;
        let input: UpgradeInput = from_js("input", input)?;
        let types: Vec<SectionType> = from_js("sectionTypes", section_types)?;
        let manifest = plan_position_upgrade(&stored, &input)?;
        let gates = result_gates(&manifest, &stored, &types);
        let (envelope, blocks) = manifest.canonical_parts();
        let sha256 = iu_cutter_core::change::manifest::canonical_parts_sha256(&envelope, &blocks);
        Ok(UpgradeOutcome {
            renumbered: manifest.blocks.len(),
            envelope,
            blocks,
            sha256,
            gates,
        })
    })
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

/// `rollbackManifest`'s parameters, one object (see `rollbackManifest`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IRollbackManifestParams")
)]
pub(crate) struct RollbackManifestParams {
    manifest_json: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredUnit>>")
    )]
    stored: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::change::rollback::RollbackInput>")
    )]
    input: JsValue,
}

/// The manifest that undoes an applied manifest, from the document's units as they are
/// now; refused with `rollback-unsafe` (listing every unit) when the store moved on.
#[wasm_bindgen(js_name = rollbackManifest, unchecked_return_type = "Outcome<IRollbackManifestResult>")]
pub fn rollback_manifest(
    #[wasm_bindgen(unchecked_param_type = "IRollbackManifestParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let RollbackManifestParams {
        manifest_json,
        stored,
        input,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let manifest_json = manifest_json.as_str();
    answer(|| {
        let original = Manifest::from_json(manifest_json, None)?;
        let stored: Vec<StoredUnit> = from_js("stored", stored)?;
        let input: RollbackInput = from_js("input", input)?;
        let manifest = rollback(&original, &stored, &input)?;
        let canonical_json = manifest.to_canonical_json();
        let sha256 = iu_cutter_core::text::hash::sha256_hex(&canonical_json);
        Ok(RollbackOutcome {
            manifest,
            canonical_json,
            sha256,
        })
    })
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

/// Whether a manifest with this envelope (its stored `envelope_json`) is refused a rollback
/// whatever the store holds (`rollback-across-positions-upgrade`), with the reason `rollbackManifest`
/// would give: for the admin module, which disables the step instead of offering it.
#[wasm_bindgen(js_name = rollbackRefusal, unchecked_return_type = "Outcome<IRollbackRefusalResult>")]
pub fn rollback_refusal(envelope_json: &str) -> Result<JsValue, JsError> {
    answer(|| {
        let envelope: Envelope = from_json("envelope", envelope_json)?;
        Ok(RollbackRefusal {
            refusal: iu_cutter_core::change::rollback::refusal(&envelope),
        })
    })
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

/// Read a stored or submitted manifest, checking its shape and, when given, its sha256.
/// `lean`: answer only the sha256 and the write steps. A checked manifest text is its
/// canonical JSON, so the caller's `JSON.parse` gives the same objects far faster than
/// sending 100k blocks across the boundary object by object.
#[wasm_bindgen(js_name = readManifest, unchecked_return_type = "Outcome<IReadManifestResult>")]
pub fn read_manifest(
    #[wasm_bindgen(unchecked_param_type = "IReadManifestParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    answer(|| {
        let ReadManifestParams {
            json,
            claimed_sha256,
            lean,
        } = crate::adapter::params(params)?;
        let manifest = Manifest::from_json(&json, claimed_sha256.as_deref())?;
        Ok(ManifestOutcome {
            // A claimed sha256 that from_json accepted is the manifest's (lowercase hex):
            // no second serialization of a large manifest to hash it again.
            sha256: claimed_sha256
                .as_deref()
                .map(str::to_ascii_lowercase)
                .unwrap_or_else(|| manifest.sha256()),
            expected_after_images: (!lean).then(|| manifest.expected_after_images()),
            write_steps: manifest.write_steps(),
            manifest: (!lean).then_some(manifest),
        })
    })
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IGateReportResult"))]
struct GatesOutcome {
    report: GateReport,
}

/// `cutGates`'s parameters, one object (see `cutGates`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICutGatesParams"))]
pub(crate) struct CutGatesParams {
    manifest_json: String,
    approved_sha256: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredUnit>>")
    )]
    stored_now: JsValue,
}

/// CUT preconditions: the approved sha256, the base and every before-image still match.
#[wasm_bindgen(js_name = cutGates, unchecked_return_type = "Outcome<IGateReportResult>")]
pub fn cut_gates_js(
    #[wasm_bindgen(unchecked_param_type = "ICutGatesParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let CutGatesParams {
        manifest_json,
        approved_sha256,
        stored_now,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let manifest_json = manifest_json.as_str();
    let approved_sha256 = approved_sha256.as_str();
    answer(|| {
        let manifest = Manifest::from_json(manifest_json, None)?;
        let stored: Vec<StoredUnit> = from_js("storedNow", stored_now)?;
        Ok(GatesOutcome {
            report: cut_gates(&manifest, approved_sha256, &stored),
        })
    })
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
#[wasm_bindgen(js_name = cutCheckParts, unchecked_return_type = "Outcome<ICutCheckResult>")]
pub fn cut_check_parts(
    #[wasm_bindgen(unchecked_param_type = "ICutCheckPartsParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let p: CutCheckParams = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return outcome::<()>(Err(error)),
    };
    let mut check = CutCheckHandle::new(
        &p.document_id,
        &p.envelope,
        &p.entry_sha256,
        &p.approved_sha256,
    );
    check.push_lines(&p.block_lines);
    check.finish(p.stored_now, p.section_types)
}

/// `cutCheckParts`' parameters (see `cutCheckParts`).
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
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredUnit>>")
    )]
    stored_now: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::text::vocabulary::SectionType>>")
    )]
    section_types: JsValue,
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

/// `cutCheckParts` fed the stored blocks a slice at a time: `new CutCheck(documentId,
/// envelope, entrySha256, approvedSha256)`, `add(lines)` per slice (blocks a line each, in
/// order) → `{ ok, blocks }` (read so far), then `finish(storedNow, sectionTypes)` → what
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
    #[wasm_bindgen(constructor)]
    pub fn new(
        document_id: &str,
        envelope: &str,
        entry_sha256: &str,
        approved_sha256: &str,
    ) -> CutCheckHandle {
        CutCheckHandle {
            document_id: document_id.into(),
            entry_sha256: entry_sha256.into(),
            approved_sha256: approved_sha256.into(),
            reader: Some(PartsReader::new(envelope)),
        }
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
    pub fn add(&mut self, block_lines: &str) -> Result<JsValue, JsError> {
        if self.reader.is_none() {
            return outcome::<()>(Err(finished("CutCheck")));
        }
        self.push_lines(block_lines);
        outcome(Ok(Added {
            blocks: self.reader.as_ref().map_or(0, PartsReader::len),
        }))
    }

    /// The gates, the write steps and the result's sha256 of every block added.
    #[wasm_bindgen(unchecked_return_type = "Outcome<ICutCheckResult>")]
    pub fn finish(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "StoredUnit[] | string")] stored_now: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SectionType[] | string")] section_types: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| Ok(self.check(stored_now, section_types, true)?.0))
    }

    /// `finish` for an executor that wrote the units in block order while the blocks were read
    /// (`writesInBlockOrder`): instead of the write steps, `inBlockOrder` — whether they are
    /// exactly a write of every block but the confirms, in manifest order (`writeSteps: []`).
    #[wasm_bindgen(js_name = finishInBlockOrder, unchecked_return_type = "Outcome<ICutCheckInBlockOrderResult>")]
    pub fn finish_in_block_order(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "StoredUnit[] | string")] stored_now: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SectionType[] | string")] section_types: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| {
            let (check, manifest) = self.check(stored_now, section_types, false)?;
            Ok(InBlockOrder {
                in_block_order: manifest.writes_in_block_order(),
                check,
            })
        })
    }
}

impl CutCheckHandle {
    /// The read manifest's gates, result and (`steps`) write steps, and the manifest, for what
    /// else is asked of it.
    fn check(
        &mut self,
        stored_now: JsValue,
        section_types: JsValue,
        steps: bool,
    ) -> Result<(CutCheck, Manifest), ErrorReport> {
        let reader = self.reader.take().ok_or_else(|| finished("CutCheck"))?;
        let manifest = reader.finish(Some(&self.entry_sha256))?;
        let stored: Vec<StoredUnit> = from_js("storedNow", stored_now)?;
        let types: Vec<SectionType> = from_js("sectionTypes", section_types)?;
        let check = cut_check(
            &manifest,
            &self.document_id,
            &self.entry_sha256,
            &self.approved_sha256,
            &stored,
            &types,
            steps,
        );
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

/// `resultGates`'s parameters, one object (see `resultGates`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IResultGatesParams"))]
pub(crate) struct ResultGatesParams {
    manifest_json: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredUnit>>")
    )]
    stored_now: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::text::vocabulary::SectionType>>")
    )]
    section_types: JsValue,
}

/// CUT postconditions: Q-CHK-1..3, uniqueness and the tree on the state after the manifest.
#[wasm_bindgen(js_name = resultGates, unchecked_return_type = "Outcome<IGateReportResult>")]
pub fn result_gates_js(
    #[wasm_bindgen(unchecked_param_type = "IResultGatesParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let ResultGatesParams {
        manifest_json,
        stored_now,
        section_types,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let manifest_json = manifest_json.as_str();
    answer(|| {
        let manifest = Manifest::from_json(manifest_json, None)?;
        let stored: Vec<StoredUnit> = from_js("storedNow", stored_now)?;
        let types: Vec<SectionType> = from_js("sectionTypes", section_types)?;
        Ok(GatesOutcome {
            report: result_gates(&manifest, &stored, &types),
        })
    })
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IApplyManifestResult"))]
struct UnitsOutcome {
    units: Vec<StoredUnit>,
}

/// `applyManifest`'s parameters, one object (see `applyManifest`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IApplyManifestParams"))]
pub(crate) struct ApplyManifestParams {
    manifest_json: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredUnit>>")
    )]
    stored: JsValue,
}

/// The stored units as they are after the manifest (the executor's and rollback's plan of record).
#[wasm_bindgen(js_name = applyManifest, unchecked_return_type = "Outcome<IApplyManifestResult>")]
pub fn apply_manifest(
    #[wasm_bindgen(unchecked_param_type = "IApplyManifestParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let ApplyManifestParams {
        manifest_json,
        stored,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let manifest_json = manifest_json.as_str();
    answer(|| {
        let manifest = Manifest::from_json(manifest_json, None)?;
        let stored: Vec<StoredUnit> = from_js("stored", stored)?;
        Ok(UnitsOutcome {
            units: apply(&stored, &manifest),
        })
    })
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IVerifyUnitsResult"))]
struct VerifyOutcome {
    report: VerifyReport,
}

/// VERIFY: `{ documents, section_types, units, change_set?, ledger? }` → every violation with evidence.
#[wasm_bindgen(js_name = verifyUnits, unchecked_return_type = "Outcome<IVerifyUnitsResult>")]
pub fn verify_units(
    #[wasm_bindgen(unchecked_param_type = "VerifyInput | string")] input: JsValue,
) -> Result<JsValue, JsError> {
    outcome(
        from_js::<VerifyInput<'static>>("input", input).map(|input| VerifyOutcome {
            report: verify(&input),
        }),
    )
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ILedgerAppendResult"))]
struct RowOutcome {
    row: LedgerRow,
}

/// `ledgerAppend`'s parameters, one object (see `ledgerAppend`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ILedgerAppendParams"))]
pub(crate) struct LedgerAppendParams {
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::adapter::JsonOr<iu_cutter_core::ledger::chain::LedgerRow>>", optional = nullable))]
    prev: JsValue,
    collection: String,
    id: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    content: JsValue,
}

/// The next ledger row: its `row_hash` chains it to `prev` (null for the first row).
#[wasm_bindgen(js_name = ledgerAppend, unchecked_return_type = "Outcome<ILedgerAppendResult>")]
pub fn ledger_append(
    #[wasm_bindgen(unchecked_param_type = "ILedgerAppendParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let LedgerAppendParams {
        prev,
        collection,
        id,
        content,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let collection = collection.as_str();
    let id = id.as_str();
    answer(|| {
        let prev: Option<LedgerRow> = from_js("prev", prev)?;
        let content: Value = from_js("content", content)?;
        Ok(RowOutcome {
            row: chain::append(prev.as_ref(), collection, id, content),
        })
    })
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

/// `ledgerChain`'s parameters (see `ledgerChain`).
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ILedgerChainParams"))]
pub(crate) struct LedgerChainParams {
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::adapter::JsonOr<iu_cutter_core::ledger::chain::LedgerRow>>", optional = nullable))]
    prev: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::ledger::chain::NewRow>>")
    )]
    rows: JsValue,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    lean: bool,
}

/// A whole batch of ledger rows `[{collection, id, content}]` in one call: row i chains
/// to row i-1, row 0 to `prev` (null to start the chain).
/// `lean`: answer only `hashes: [[prev_hash, row_hash], …]` in row order — the caller
/// has the contents already, and 100k rows with their images cost seconds to send back.
#[wasm_bindgen(
    js_name = ledgerChain,
    unchecked_return_type = "Outcome<ILedgerChainResult> | Outcome<ILedgerChainHashesResult>"
)]
pub fn ledger_chain(
    #[wasm_bindgen(unchecked_param_type = "ILedgerChainParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let mut lean = false;
    let chained = (|| {
        let p: LedgerChainParams = crate::adapter::params(params)?;
        lean = p.lean;
        let prev: Option<LedgerRow> = from_js("prev", p.prev)?;
        let rows: Vec<NewRow> = from_js("rows", p.rows)?;
        Ok(chain::append_rows(prev.as_ref(), rows))
    })();
    if lean {
        outcome(chained.map(|rows| {
            HashesOutcome {
                hashes: rows
                    .into_iter()
                    .map(|r| (r.prev_hash, r.row_hash))
                    .collect(),
            }
        }))
    } else {
        outcome(chained.map(|rows| RowsOutcome { rows }))
    }
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

/// `verifyLedger`'s parameters, one object (see `verifyLedger`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IVerifyLedgerParams"))]
pub(crate) struct VerifyLedgerParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::ledger::chain::LedgerRow>>")
    )]
    rows: JsValue,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    anchor: Option<String>,
}

/// Check a ledger chain, optionally continuing after a row whose hash is `anchor`.
#[wasm_bindgen(js_name = verifyLedger, unchecked_return_type = "Outcome<IVerifyLedgerResult>")]
pub fn verify_ledger(
    #[wasm_bindgen(unchecked_param_type = "IVerifyLedgerParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let VerifyLedgerParams { rows, anchor } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    outcome(from_js::<Vec<LedgerRow>>("rows", rows).map(|rows| {
        let violations = chain::verify_chain_from(anchor.as_deref(), &rows);
        ChainOutcome {
            passed: violations.is_empty(),
            violations,
        }
    }))
}

/// `workflowCheck`'s parameters, one object (see `workflowCheck`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IWorkflowCheckParams"))]
pub(crate) struct WorkflowCheckParams {
    step: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::workflow::HistoryEvent>>")
    )]
    history: JsValue,
    actor: String,
}

/// May `actor` run `step` (review, cut, verify, sweep, rollback) on an entry with this
/// history (`[{event, actor}]`, oldest first)? `{ allowed, state, refusal? }` with the
/// refusal's HTTP status, code, message and the two-person rule it enforces.
#[wasm_bindgen(js_name = workflowCheck, unchecked_return_type = "Outcome<Permission>")]
pub fn workflow_check(
    #[wasm_bindgen(unchecked_param_type = "IWorkflowCheckParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let WorkflowCheckParams {
        step,
        history,
        actor,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let step = step.as_str();
    let actor = actor.as_str();
    answer(|| {
        let history: Vec<HistoryEvent> = from_js("history", history)?;
        workflow::ask(step, &history, actor)
    })
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IWorkflowStateResult"))]
struct StateOutcome {
    /// The entry's state (its last event); null for an empty history.
    state: Option<Event>,
    /// Submitted or approved: a submit of the same manifest returns this entry.
    open: bool,
}

/// The state of an entry with this history (`[{event, actor}]`, oldest first) and
/// whether it is still open (submitted or approved).
#[wasm_bindgen(js_name = workflowState, unchecked_return_type = "Outcome<IWorkflowStateResult>")]
pub fn workflow_state(
    #[wasm_bindgen(unchecked_param_type = "HistoryEvent[] | string")] history: JsValue,
) -> Result<JsValue, JsError> {
    outcome(
        from_js::<Vec<HistoryEvent>>("history", history).map(|history| StateOutcome {
            state: workflow::state(&history),
            open: workflow::is_open(&history),
        }),
    )
}

/// A deterministic generated Vietnamese act, for benchmarks and tests.
#[wasm_bindgen(js_name = generatedAct)]
pub fn generated_act(
    chapters: u32,
    articles_per_chapter: u32,
    clauses_per_article: u32,
    points_per_clause: u32,
) -> String {
    sample::generated_act(
        chapters,
        articles_per_chapter,
        clauses_per_article,
        points_per_clause,
    )
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IManifestPartsResult"))]
struct PartsOutcome {
    envelope: String,
    blocks: Vec<String>,
}

/// A manifest's canonical JSON split into the envelope's and each block's canonical
/// JSON, the rows it is stored as; `joinManifestParts` gives the exact bytes back.
#[wasm_bindgen(js_name = manifestParts, unchecked_return_type = "Outcome<IManifestPartsResult>")]
pub fn manifest_parts(manifest_json: &str) -> Result<JsValue, JsError> {
    answer(|| {
        let (envelope, blocks) = Manifest::from_json(manifest_json, None)?.canonical_parts();
        Ok(PartsOutcome { envelope, blocks })
    })
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

/// `joinManifestParts`'s parameters, one object (see `joinManifestParts`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IJoinManifestPartsParams")
)]
pub(crate) struct JoinManifestPartsParams {
    envelope: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(as = "crate::adapter::JsonOr<Vec<String>>"))]
    blocks: JsValue,
}

/// The manifest text from its stored parts (check it with `readManifest` and the approved sha256).
#[wasm_bindgen(js_name = joinManifestParts, unchecked_return_type = "Outcome<IJoinManifestPartsResult>")]
pub fn join_manifest_parts(
    #[wasm_bindgen(unchecked_param_type = "IJoinManifestPartsParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let JoinManifestPartsParams { envelope, blocks } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let envelope = envelope.as_str();
    outcome(
        from_js::<Vec<String>>("blocks", blocks).map(|blocks| Joined {
            json: iu_cutter_core::change::manifest::join_canonical_parts(envelope, &blocks),
        }),
    )
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IBaseSha256Result"))]
struct BaseOutcome {
    sha256: String,
}

/// [`base_sha256`] of a document read in pages: `new BaseHash(documentId)`, `add(units)`
/// per page (`StoredUnit[]` or its JSON text, any order) → `{ ok, units }` (added so far),
/// then `finish()` → `{ ok, sha256 }`. Memory: one (id, hash) pair per unit.
#[wasm_bindgen(js_name = BaseHash)]
pub struct BaseHashHandle {
    base: Option<BaseHash>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IBaseHashAddResult"))]
struct AddedOutcome {
    units: usize,
}

#[wasm_bindgen(js_class = BaseHash)]
impl BaseHashHandle {
    #[wasm_bindgen(constructor)]
    pub fn new(document_id: &str) -> BaseHashHandle {
        BaseHashHandle {
            base: Some(BaseHash::new(document_id)),
        }
    }

    #[wasm_bindgen(unchecked_return_type = "Outcome<IBaseHashAddResult>")]

    pub fn add(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "StoredUnit[] | string")] units: JsValue,
    ) -> Result<JsValue, JsError> {
        outcome(self.open().and_then(|base| {
            let units = from_js::<Vec<StoredUnit>>("units", units)?;
            base.add(&units);
            Ok(AddedOutcome { units: base.len() })
        }))
    }

    #[wasm_bindgen(unchecked_return_type = "Outcome<IBaseSha256Result>")]

    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        outcome(match self.base.take() {
            Some(base) => Ok(BaseOutcome {
                sha256: base.finish(),
            }),
            None => Err(finished("BaseHash")),
        })
    }

    fn open(&mut self) -> Result<&mut BaseHash, ErrorReport> {
        self.base.as_mut().ok_or_else(|| finished("BaseHash"))
    }
}

/// `baseSha256`'s parameters, one object (see `baseSha256`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IBaseSha256Params"))]
pub(crate) struct BaseSha256Params {
    document_id: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredUnit>>")
    )]
    units: JsValue,
}

/// The base sha256 of a document's units (what a manifest is planned against and a CUT leaves).
#[wasm_bindgen(js_name = baseSha256, unchecked_return_type = "Outcome<IBaseSha256Result>")]
pub fn base_sha256(
    #[wasm_bindgen(unchecked_param_type = "IBaseSha256Params")] params: JsValue,
) -> Result<JsValue, JsError> {
    let BaseSha256Params { document_id, units } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let document_id = document_id.as_str();
    outcome(
        from_js::<Vec<StoredUnit>>("units", units).map(|units| BaseOutcome {
            sha256: iu_cutter_core::change::manifest::base_sha256(document_id, &units),
        }),
    )
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

/// `printedNumbers`'s parameters, one object (see `printedNumbers`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IPrintedNumbersParams")
)]
pub(crate) struct PrintedNumbersParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::text::vocabulary::Vocabulary>")
    )]
    vocabulary: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<(String, String)>>")
    )]
    units: JsValue,
}

/// The numbers of units as their text prints them (`Chương IV`, `điểm đ`, `section 3.1`), for
/// lists people read: `units` is `[[section_type, ordinal], …]` in `vocabulary` (as for
/// `cutDocument`); answers `{ ok: true, numbers }`, one per unit, in order.
#[wasm_bindgen(js_name = printedNumbers, unchecked_return_type = "Outcome<IPrintedNumbersResult>")]
pub fn printed_numbers(
    #[wasm_bindgen(unchecked_param_type = "IPrintedNumbersParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let PrintedNumbersParams { vocabulary, units } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    answer(|| {
        let v = crate::adapter::vocabulary(vocabulary)?;
        let units: Vec<(String, String)> = from_js("units", units)?;
        Ok(NumbersOutcome {
            numbers: units
                .iter()
                .map(|(code, ordinal)| {
                    iu_cutter_core::text::cite::printed_number(&v, code, ordinal)
                })
                .collect(),
        })
    })
}

/// This module's result shapes, for `crate::export_types`.
#[cfg(feature = "ts")]
pub(crate) fn export_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    CutOutcome::export_all(cfg)?;
    CutSummary::export_all(cfg)?;
    FitOutcome::export_all(cfg)?;
    PreviewOutcome::export_all(cfg)?;
    PlanArgs::export_all(cfg)?;
    MassRetireEvidence::export_all(cfg)?;
    PlanFailure::export_all(cfg)?;
    UpgradeOutcome::export_all(cfg)?;
    RollbackOutcome::export_all(cfg)?;
    RollbackRefusal::export_all(cfg)?;
    ManifestOutcome::export_all(cfg)?;
    GatesOutcome::export_all(cfg)?;
    Added::export_all(cfg)?;
    InBlockOrder::export_all(cfg)?;
    UnitsOutcome::export_all(cfg)?;
    VerifyOutcome::export_all(cfg)?;
    RowOutcome::export_all(cfg)?;
    ChainOutcome::export_all(cfg)?;
    RowsOutcome::export_all(cfg)?;
    HashesOutcome::export_all(cfg)?;
    StateOutcome::export_all(cfg)?;
    PartsOutcome::export_all(cfg)?;
    Joined::export_all(cfg)?;
    BaseOutcome::export_all(cfg)?;
    AddedOutcome::export_all(cfg)?;
    NumbersOutcome::export_all(cfg)?;
    PlanDocumentParams::export_all(cfg)?;
    ReadManifestParams::export_all(cfg)?;
    LedgerChainParams::export_all(cfg)?;
    CutCheckParams::export_all(cfg)?;
    CutSummaryParams::export_all(cfg)?;
    VocabularyFitParams::export_all(cfg)?;
    CutDocumentParams::export_all(cfg)?;
    PlanPositionUpgradeParams::export_all(cfg)?;
    RollbackManifestParams::export_all(cfg)?;
    CutGatesParams::export_all(cfg)?;
    ResultGatesParams::export_all(cfg)?;
    ApplyManifestParams::export_all(cfg)?;
    LedgerAppendParams::export_all(cfg)?;
    VerifyLedgerParams::export_all(cfg)?;
    WorkflowCheckParams::export_all(cfg)?;
    JoinManifestPartsParams::export_all(cfg)?;
    BaseSha256Params::export_all(cfg)?;
    PrintedNumbersParams::export_all(cfg)?;
    Ok(())
}
