//! A document's text after a CUT, and the change sets a planned manifest would undo.

use iu_cutter_core::change::manifest::UnitBlock;
use iu_cutter_core::publish::history::{undone_change_sets, LedgerImage, Undone};
use iu_cutter_core::read::render::follow_text;
use iu_cutter_core::store::unit::StoredUnit;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, from_js};

/// `followText`'s parameters (see `followText`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IFollowTextParams"))]
pub(crate) struct FollowTextParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredUnit>>")
    )]
    units: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::text::vocabulary::Vocabulary>")
    )]
    vocabulary: JsValue,
    doc_code: String,
    /// The document's `source_text` now.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    current: Option<String>,
}

/// `{ ok, text, sha256, kept, differs }`: what a document's `source_text` must be once a CUT
/// has written `units` (all its units, as JSON text or objects): `current` itself (`kept`)
/// when it cuts into the live units already, else the text the core renders from them with
/// `current`'s head and tail; `differs` names the live units that text does not cut back
/// into exactly (none expected; see `core::unit::text`).
#[wasm_bindgen(js_name = followText, unchecked_return_type = "Outcome<Followed>")]
pub fn follow_text_js(
    #[wasm_bindgen(unchecked_param_type = "IFollowTextParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    answer(|| {
        let FollowTextParams {
            units,
            vocabulary,
            doc_code,
            current,
        } = crate::adapter::params(params)?;
        let doc_code = doc_code.as_str();
        let vocabulary = crate::adapter::vocabulary(vocabulary)?;
        let units: Vec<StoredUnit> = from_js("units", units)?;
        Ok(follow_text(
            &units,
            &vocabulary,
            doc_code,
            current.as_deref(),
        ))
    })
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IUndoneChangeSetsResult")
)]
struct UndoneOutcome {
    undone: Vec<Undone>,
}

/// `undoneChangeSets`'s parameters, one object (see `undoneChangeSets`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IUndoneChangeSetsParams")
)]
pub(crate) struct UndoneChangeSetsParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::change::manifest::UnitBlock>>")
    )]
    blocks: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::publish::history::LedgerImage>>")
    )]
    rows: JsValue,
}

/// `{ ok, undone: [{ change_set, entry, recorded_at, units: [{ unit_id, canonical_address,
/// action, sets_back }] }] }`: the change sets the manifest's `blocks` (an array of blocks, or
/// its JSON text) would undo, from the document's ledger `rows` (as `loadLedgerImages` gives
/// them; JSON text or objects), in ledger order.
#[wasm_bindgen(js_name = undoneChangeSets, unchecked_return_type = "Outcome<IUndoneChangeSetsResult>")]
pub fn undone_change_sets_js(
    #[wasm_bindgen(unchecked_param_type = "IUndoneChangeSetsParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let UndoneChangeSetsParams { blocks, rows } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    answer(|| {
        let blocks: Vec<UnitBlock> = from_js("blocks", blocks)?;
        let rows: Vec<LedgerImage> = from_js("rows", rows)?;
        Ok(UndoneOutcome {
            undone: undone_change_sets(&blocks, &rows),
        })
    })
}

/// This module's result shapes, for `crate::export_types`.
#[cfg(feature = "ts")]
pub(crate) fn export_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    UndoneOutcome::export_all(cfg)?;
    FollowTextParams::export_all(cfg)?;
    UndoneChangeSetsParams::export_all(cfg)?;
    Ok(())
}
