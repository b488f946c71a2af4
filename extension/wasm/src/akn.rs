//! Akoma Ntoso 3.0: a document at a date as one XML file (`core::akn`).

use iu_cutter_core::akn::{export, AknError, AknExport, AknInput};
use iu_cutter_core::ErrorReport;
use wasm_bindgen::prelude::*;

use crate::adapter::{from_js, outcome};

fn report(e: AknError) -> ErrorReport {
    ErrorReport {
        code: e.code(),
        reason: e.to_string(),
        offset: None,
        hint: e.hint(),
    }
}

/// `{ ok, xml, filename, work_uri, expression_uri, manifestation_uri, units, warnings }` or
/// `{ ok: false, error }`: the document of `input` (JSON text or object of `core::akn::AknInput`:
/// its ledger rows, alias rows, change sets and section types) as it stood at `input.at`.
#[wasm_bindgen(js_name = exportAkn)]
pub fn export_akn(input: JsValue) -> Result<JsValue, JsError> {
    outcome((|| -> Result<AknExport, ErrorReport> {
        let input: AknInput = from_js("input", input)?;
        export(&input).map_err(report)
    })())
}
