//! Amending laws: read one, or apply several to a document's stored units as a manifest.

use iu_cutter_core::change::amend::preview::{manual_edits, preview, AmendingText, PreviewInput};
use iu_cutter_core::change::amend::Recorded;
use iu_cutter_core::read::amending_law::{read_amending_law, AmendingLaw};
use iu_cutter_core::store::unit::StoredUnit;
use iu_cutter_core::text::vocabulary::SectionType;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, from_js, from_js_opt};

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IReadAmendingLawResult")
)]
struct ReadOutcome {
    law: AmendingLaw,
}

/// `readAmendingLaw`'s parameters, one object (see `readAmendingLaw`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IReadAmendingLawParams")
)]
pub(crate) struct ReadAmendingLawParams {
    text: String,
    doc_code: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::text::vocabulary::Vocabulary>")
    )]
    vocabulary: JsValue,
}

/// `{ ok, law }`: the instructions of one amending law, and what could not be read.
#[wasm_bindgen(js_name = readAmendingLaw, unchecked_return_type = "Outcome<IReadAmendingLawResult>")]
pub fn read_amending_law_js(
    #[wasm_bindgen(unchecked_param_type = "IReadAmendingLawParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let ReadAmendingLawParams {
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
        let vocabulary = crate::adapter::vocabulary(vocabulary)?;
        Ok(ReadOutcome {
            law: read_amending_law(text, doc_code, &vocabulary),
        })
    })
}

/// `amendPlan`'s parameters (see `amendPlan`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IAmendPlanParams"))]
pub(crate) struct AmendPlanParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(
            as = "crate::adapter::JsonOr<Vec<iu_cutter_core::change::amend::preview::AmendingText>>"
        )
    )]
    amending: JsValue,
    doc_code: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    title: Option<String>,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::text::vocabulary::Vocabulary>")
    )]
    vocabulary: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredUnit>>")
    )]
    stored: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::change::amend::preview::AmendFacts>")
    )]
    input: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::adapter::JsonOr<Vec<iu_cutter_core::text::vocabulary::SectionType>>>", optional = nullable))]
    section_types: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::adapter::JsonOr<Vec<iu_cutter_core::change::amend::Recorded>>>", optional = nullable))]
    recorded: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::adapter::JsonOr<Vec<iu_cutter_core::change::amend::ManualEdit>>>", optional = nullable))]
    manual: JsValue,
}

/// `{ ok, laws, ranks, matches, steps, dates, plannedDate, waiting, envelope, blocks, sha256, gates,
/// cutJson }`: the amending laws read and their instructions for this document put in order,
/// one change set per date (`core::amend::preview`). `doc_code` and `title` say which of the laws
/// an amending law amends is this document. `manual`: the editor's edits by hand
/// (`[{ op: 'edit' | 'add' | 'applied', … }]`, core::amend::ManualEdit), applied after the
/// instructions; a bad one is refused naming `manual[i].field`.
#[wasm_bindgen(js_name = amendPlan, unchecked_return_type = "Outcome<AmendPreview>")]
pub fn amend_plan(
    #[wasm_bindgen(unchecked_param_type = "IAmendPlanParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    answer(|| {
        let AmendPlanParams {
            amending,
            doc_code,
            title,
            vocabulary,
            stored,
            input,
            section_types,
            recorded,
            manual,
        } = crate::adapter::params(params)?;
        let doc_code = doc_code.as_str();
        let vocabulary = crate::adapter::vocabulary(vocabulary)?;
        let amending: Vec<AmendingText> = from_js("amending", amending)?;
        let stored: Vec<StoredUnit> = from_js("stored", stored)?;
        let facts = from_js("input", input)?;
        let recorded: Vec<Recorded> = from_js_opt("recorded", recorded)?.unwrap_or_default();
        let manual = manual_edits(from_js_opt("manual", manual)?.unwrap_or_default())?;
        let section_types: Option<Vec<SectionType>> = from_js_opt("sectionTypes", section_types)?;
        preview(PreviewInput {
            amending: &amending,
            doc_code,
            title: title.as_deref(),
            vocabulary: &vocabulary,
            stored: &stored,
            facts,
            section_types: section_types.as_deref(),
            recorded: &recorded,
            manual: &manual,
        })
    })
}

/// This module's result shapes, for `crate::export_types`.
#[cfg(feature = "ts")]
pub(crate) fn export_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    ReadOutcome::export_all(cfg)?;
    AmendPlanParams::export_all(cfg)?;
    ReadAmendingLawParams::export_all(cfg)?;
    Ok(())
}
