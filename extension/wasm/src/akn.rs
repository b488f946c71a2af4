//! Akoma Ntoso 3.0: a document at a date as one XML file (`core::akn`).

use iu_cutter_core::publish::akn::{export, AknInput};
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, from_js};

/// `{ ok, xml, filename, work_uri, expression_uri, manifestation_uri, units, warnings }` or
/// `{ ok: false, error }`: the document of `input` (JSON text or object of `core::akn::AknInput`:
/// its ledger rows, alias rows, change sets and section types) as it stood at `input.at`.
#[wasm_bindgen(js_name = exportAkn, unchecked_return_type = "Outcome<AknExport>")]
pub fn export_akn(
    #[wasm_bindgen(unchecked_param_type = "AknInput | string")] input: JsValue,
) -> Result<JsValue, JsError> {
    answer(|| {
        let input: AknInput = from_js("input", input)?;
        Ok(export(&input)?)
    })
}
