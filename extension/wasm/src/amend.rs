//! Amending laws: read one, or apply several to a document's stored units as a manifest.

use iu_cutter_core::amend::{plan_amendments, read_amending_law, AmendingLaw, Outcome};
use iu_cutter_core::gate::result_gates;
use iu_cutter_core::manifest::canonical_parts_sha256;
use iu_cutter_core::plan::PlanInput;
use iu_cutter_core::unit::StoredUnit;
use iu_cutter_core::vocabulary::SectionType;
use iu_cutter_core::ErrorReport;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::adapter::{from_js, outcome};
use crate::workflow::read_vocabulary;

/// One amending law as the caller has it.
#[derive(Deserialize)]
struct AmendingText {
    text: String,
    doc_code: String,
    #[serde(default)]
    document_id: Option<String>,
}

/// The plan's facts, as `planDocument` takes them; `effective_from` may be left out, and then
/// it is the day the earliest applied instruction comes into force (Vietnam time).
#[derive(Deserialize)]
struct AmendArgs {
    document_id: String,
    source_sha256: String,
    #[serde(default)]
    effective_from: Option<String>,
    created_at: String,
    created_by: String,
    #[serde(default)]
    enact: bool,
    #[serde(default)]
    allow_mass_retire: bool,
}

#[derive(Serialize)]
struct ReadOutcome {
    law: AmendingLaw,
}

/// `{ ok, law }`: the instructions of one amending law, and what could not be read.
#[wasm_bindgen(js_name = readAmendingLaw)]
pub fn read_amending_law_js(
    text: &str,
    doc_code: &str,
    vocabulary: JsValue,
) -> Result<JsValue, JsError> {
    outcome((|| {
        let vocabulary = read_vocabulary(vocabulary)?;
        Ok(ReadOutcome {
            law: read_amending_law(text, doc_code, &vocabulary),
        })
    })())
}

/// What became of one instruction, for the preview.
#[derive(Serialize)]
struct StepView {
    #[serde(rename = "ref")]
    reference: String,
    law: String,
    provision: String,
    kind: &'static str,
    part: iu_cutter_core::amend::Part,
    targets: Vec<String>,
    effective: Option<String>,
    words: String,
    line: u32,
    applied: bool,
    for_document: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    changed: Vec<String>,
    blocks: Vec<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AmendOutcome {
    laws: Vec<AmendingLaw>,
    steps: Vec<StepView>,
    envelope: String,
    blocks: Vec<String>,
    sha256: String,
    gates: Option<iu_cutter_core::gate::GateReport>,
    /// The document's units after the amendments, as a cut (JSON text, as `planDocument` answers it).
    cut_json: String,
}

/// `{ ok, laws, steps, envelope, blocks, sha256, gates, cutJson }`: the amending laws read, applied
/// in the order they come into force to `stored` (the document's units), and planned as a manifest
/// (its stored parts). `doc_code` and `title` say which of the laws an amending law amends is this
/// document.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = amendPlan)]
pub fn amend_plan(
    amending: JsValue,
    doc_code: &str,
    title: Option<String>,
    vocabulary: JsValue,
    stored: JsValue,
    input: JsValue,
    section_types: JsValue,
) -> Result<JsValue, JsError> {
    outcome((|| {
        let vocabulary = read_vocabulary(vocabulary)?;
        let texts: Vec<AmendingText> = from_js("amending", amending)?;
        let stored: Vec<StoredUnit> = from_js("stored", stored)?;
        let args: AmendArgs = from_js("input", input)?;
        let slug = iu_cutter_core::normalize_doc_code(doc_code).map_err(|e| ErrorReport {
            code: "invalid-doc-code",
            reason: format!("docCode: '{doc_code}' is not a document code: {e}"),
            offset: None,
            hint: "pass the amended document's doc_code".into(),
        })?;
        let laws: Vec<AmendingLaw> = texts
            .iter()
            .map(|t| read_amending_law(&t.text, &t.doc_code, &vocabulary))
            .collect();
        let ids: Vec<Option<String>> = texts.iter().map(|t| t.document_id.clone()).collect();
        let effective_from = args.effective_from.clone().unwrap_or_else(|| {
            earliest(&laws, &slug, title.as_deref()).map_or_else(
                || args.created_at.clone(),
                |d| format!("{d}T00:00:00+07:00"),
            )
        });
        let input = PlanInput {
            document_id: args.document_id,
            source_sha256: args.source_sha256,
            effective_from,
            created_at: args.created_at,
            created_by: args.created_by,
            enact: args.enact,
            scope: None,
        };
        let plan = plan_amendments(
            &laws,
            &ids,
            title.as_deref(),
            &stored,
            &vocabulary,
            &slug,
            &input,
            args.allow_mass_retire,
        )
        .map_err(|e| e.to_report())?;
        let gates = if section_types.is_undefined() || section_types.is_null() {
            None
        } else {
            let types: Vec<SectionType> = from_js("sectionTypes", section_types)?;
            Some(result_gates(&plan.manifest, &stored, &types))
        };
        let (envelope, blocks) = plan.manifest.canonical_parts();
        let sha256 = canonical_parts_sha256(&envelope, &blocks);
        let steps = plan
            .applied
            .iter()
            .zip(&plan.blocks)
            .map(|(a, b)| {
                let law = &laws[a.law];
                let ins = &law.instructions[a.instruction];
                let (applied, for_document, code, reason, changed) = match &a.outcome {
                    Outcome::Applied { changed } => (true, true, None, None, changed.clone()),
                    Outcome::NotApplied { code, reason } => {
                        (false, true, Some(*code), Some(reason.clone()), Vec::new())
                    }
                    Outcome::OtherLaw => (false, false, None, None, Vec::new()),
                };
                let full = |p: &String| {
                    if p.is_empty() {
                        slug.clone()
                    } else {
                        format!("{slug}/{p}")
                    }
                };
                StepView {
                    reference: a.reference.clone(),
                    law: law.doc_code.clone(),
                    provision: ins.provision.clone(),
                    kind: ins.kind.as_str(),
                    part: ins.part,
                    targets: ins.targets.iter().map(full).collect(),
                    effective: ins.effective.clone(),
                    words: ins.words.clone(),
                    line: ins.span.line,
                    applied,
                    for_document,
                    code,
                    reason,
                    changed: changed.iter().map(full).collect(),
                    blocks: b.clone(),
                }
            })
            .collect();
        let cut_json = serde_json::to_string(&plan.cut).map_err(|e| ErrorReport {
            code: "internal",
            reason: format!("cannot serialize the cut: {e}"),
            offset: None,
            hint: "report this as a bug".into(),
        })?;
        Ok(AmendOutcome {
            laws,
            steps,
            envelope,
            blocks,
            sha256,
            gates,
            cut_json,
        })
    })())
}

/// The earliest date an instruction for this document comes into force.
fn earliest(laws: &[AmendingLaw], slug: &str, title: Option<&str>) -> Option<String> {
    laws.iter()
        .flat_map(|l| {
            let mine = l.laws_for(slug, title);
            l.instructions
                .iter()
                .filter(move |i| mine.contains(&i.law_index))
                .filter_map(|i| i.effective.clone())
        })
        .min()
}
