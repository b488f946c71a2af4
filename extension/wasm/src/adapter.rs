//! The one place values cross the boundary: JS in, `{ ok, … }` out.

use iu_cutter_core::ErrorReport;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Plain objects (not Maps) so results can be sent straight out as JSON.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("iu-cutter: cannot serialize result: {e}")))
}

/// Reads an input given either as a JS value or as JSON text. Large inputs
/// (100k units) should come as JSON text: `JSON.stringify` and serde_json are
/// far faster than walking JS objects field by field.
// The browser build (no `server` feature) takes no structured inputs.
#[cfg_attr(not(feature = "server"), allow(dead_code))]
pub fn from_js<T: DeserializeOwned>(field: &'static str, value: JsValue) -> Result<T, ErrorReport> {
    match value.as_string() {
        Some(text) => serde_json::from_str(&text).map_err(|e| ErrorReport {
            code: "invalid-json",
            reason: format!("{field}: {e}"),
            offset: None,
            hint: format!("send `{field}` as JSON of the documented shape"),
        }),
        None => serde_wasm_bindgen::from_value(value).map_err(|e| ErrorReport {
            code: "invalid-input",
            reason: format!("{field}: {e}"),
            offset: None,
            hint: format!("send `{field}` in the documented shape"),
        }),
    }
}

#[derive(Serialize)]
struct Success<'a, T: Serialize> {
    ok: bool,
    #[serde(flatten)]
    value: &'a T,
}

#[derive(Serialize)]
struct Failure<'a> {
    ok: bool,
    error: &'a ErrorReport,
}

/// `{ ok: true, …value }` or `{ ok: false, error: { code, reason, offset, hint } }`.
pub fn outcome<T: Serialize>(result: Result<T, ErrorReport>) -> Result<JsValue, JsError> {
    match result {
        Ok(value) => to_js(&Success {
            ok: true,
            value: &value,
        }),
        Err(error) => to_js(&Failure {
            ok: false,
            error: &error,
        }),
    }
}
