//! The review page: each block's label and word diffs, and what an approval must acknowledge (core `review`).

use iu_cutter_core::change::review::{
    block_diffs, check_acknowledged, outstanding, BlockDiff, BlockText, Outstanding,
};
use iu_cutter_core::ErrorReport;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, from_js};

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IBlockDiffsResult"))]
struct DiffsOutcome {
    blocks: Vec<BlockDiff>,
}

/// `blockDiffs`'s parameters, one object (see `blockDiffs`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IBlockDiffsParams"))]
pub(crate) struct BlockDiffsParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::change::review::BlockText>>")
    )]
    blocks: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::adapter::JsonOr<iu_cutter_core::text::vocabulary::Vocabulary>>", optional = nullable))]
    vocabulary: JsValue,
}

/// `blocks`: `[{ address, before: { heading, body } | null, after: … }]` (JSON text for a page of long
/// articles); `vocabulary`: the document's (object, JSON text or a language), or null. Answers `{ ok: true,
/// blocks: [{ label, heading: [{ op, text }], body: [{ op, text }] }] }`, one per block, in order.
#[wasm_bindgen(js_name = blockDiffs, unchecked_return_type = "Outcome<IBlockDiffsResult>")]
pub fn block_diffs_js(
    #[wasm_bindgen(unchecked_param_type = "IBlockDiffsParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let BlockDiffsParams { blocks, vocabulary } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    answer(|| {
        let blocks: Vec<BlockText> = from_js("blocks", blocks)?;
        let mut vocabularies = Vec::new();
        if !vocabulary.is_null() && !vocabulary.is_undefined() {
            vocabularies.push(crate::adapter::vocabulary(vocabulary)?);
        }
        vocabularies.extend(iu_cutter_core::default_vocabularies().iter().cloned());
        Ok(DiffsOutcome {
            blocks: block_diffs(&blocks, &vocabularies),
        })
    })
}

fn read_outstanding(envelope: JsValue) -> Result<Outstanding, ErrorReport> {
    Ok(outstanding(&from_js::<Value>("envelope", envelope)?))
}

/// `{ ok: true, not_applied: [{ ref, law, provision, kind, targets, code, reason }], unread: [{ ref, law, line,
/// offset, text, reason }] }`: what an approval of the manifest with this `envelope` must acknowledge.
#[wasm_bindgen(js_name = reviewOutstanding, unchecked_return_type = "Outcome<Outstanding>")]
pub fn review_outstanding_js(
    #[wasm_bindgen(unchecked_param_type = "object | string")] envelope: JsValue,
) -> Result<JsValue, JsError> {
    answer(|| read_outstanding(envelope))
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ICheckAcknowledgedResult")
)]
struct Acknowledged {
    acknowledged: Vec<String>,
}

/// `checkAcknowledged`'s parameters, one object (see `checkAcknowledged`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ICheckAcknowledgedParams")
)]
pub(crate) struct CheckAcknowledgedParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(type = "object | string"))]
    envelope: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(as = "crate::adapter::JsonOr<Vec<String>>"))]
    acknowledged: JsValue,
}

/// `{ ok: true, acknowledged }` when `acknowledged` (an array of refs) names every outstanding item of the
/// manifest with this `envelope` and nothing else; else `{ ok: false, error }` (`unacknowledged`,
/// `not-outstanding`).
#[wasm_bindgen(js_name = checkAcknowledged, unchecked_return_type = "Outcome<ICheckAcknowledgedResult>")]
pub fn check_acknowledged_js(
    #[wasm_bindgen(unchecked_param_type = "ICheckAcknowledgedParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let CheckAcknowledgedParams {
        envelope,
        acknowledged,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    answer(|| {
        let o = read_outstanding(envelope)?;
        let given: Vec<String> = from_js("acknowledged", acknowledged)?;
        check_acknowledged(&o, &given)?;
        Ok(Acknowledged {
            acknowledged: o.refs().into_iter().map(String::from).collect(),
        })
    })
}

/// This module's result shapes, for `crate::export_types`.
#[cfg(feature = "ts")]
pub(crate) fn export_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    DiffsOutcome::export_all(cfg)?;
    Acknowledged::export_all(cfg)?;
    BlockDiffsParams::export_all(cfg)?;
    CheckAcknowledgedParams::export_all(cfg)?;
    Ok(())
}
