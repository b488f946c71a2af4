//! The one place values cross the boundary: JS in, `{ ok, … }` out.
//!
//! Every export is "deserialize, call, `?`": [`answer`] runs the call, whose core errors turn
//! into the report through `From<E> for ErrorReport` (the core's `Report` trait).

use iu_cutter_core::text::vocabulary::{Vocabulary, VocabularyChoice};
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
        Some(text) => from_json(field, &text),
        None => serde_wasm_bindgen::from_value(value).map_err(|e| {
            ErrorReport::invalid_input(
                field,
                serde_reason(&e),
                format!("send `{field}` in the documented shape"),
            )
        }),
    }
}

/// What serde found wrong, without the "Error: " a JS error's text starts with.
#[cfg_attr(not(feature = "server"), allow(dead_code))]
fn serde_reason(e: &serde_wasm_bindgen::Error) -> String {
    let text = e.to_string();
    match text.strip_prefix("Error: ") {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// JSON text read as `from_js` reads it, without first copying the text into a JS string.
#[cfg_attr(not(feature = "server"), allow(dead_code))]
pub fn from_json<T: DeserializeOwned>(field: &str, text: &str) -> Result<T, ErrorReport> {
    serde_json::from_str(text).map_err(|e| ErrorReport {
        code: "invalid-json",
        reason: format!("{field}: {e}"),
        offset: None,
        hint: format!("send `{field}` as JSON of the documented shape"),
    })
}

/// `from_js` of an input that may be left out (`undefined` or `null`).
#[cfg_attr(not(feature = "server"), allow(dead_code))]
pub fn from_js_opt<T: DeserializeOwned>(
    field: &'static str,
    value: JsValue,
) -> Result<Option<T>, ErrorReport> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        from_js(field, value).map(Some)
    }
}

/// An export's parameters, one object read into `P` field by field (serde-wasm-bindgen): a missing
/// or mistyped field is refused by name. A large input is a `JsValue` field (`serde_wasm_bindgen::
/// preserve`) read afterwards with [`from_js`], so it may still come as JSON text.
#[cfg_attr(not(feature = "server"), allow(dead_code))]
pub fn params<P: DeserializeOwned>(value: JsValue) -> Result<P, ErrorReport> {
    if !value.is_object() {
        return Err(ErrorReport::invalid_input(
            "params",
            "not an object",
            "send the parameters as one object, e.g. { text, docCode, vocabulary, … } (see the export's I…Params type)",
        ));
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        ErrorReport::invalid_input(
            "params",
            serde_reason(&e),
            "send the fields the export's I…Params type names, each of its type",
        )
    })
}

/// For the TypeScript declarations only: a value, or its JSON text, as [`from_js`] reads an input.
#[cfg(feature = "ts")]
#[derive(ts_rs::TS)]
#[ts(untagged)]
#[allow(dead_code)]
pub(crate) enum JsonOr<T> {
    Value(T),
    Text(String),
}

/// A vocabulary: a shipped one's id, or one given whole (object or JSON text), as the core
/// reads it (`VocabularyChoice`).
#[cfg_attr(not(feature = "server"), allow(dead_code))]
pub fn vocabulary(value: JsValue) -> Result<Vocabulary, ErrorReport> {
    // A bare id is not JSON text; anything else goes through the common reader.
    let choice = match value.as_string() {
        Some(text) if !text.trim_start().starts_with('{') => VocabularyChoice::Shipped(text),
        _ => from_js("vocabulary", value)?,
    };
    choice.resolve()
}

/// A streamed class (`CutCheck`, `BaseHash`) asked again after it answered.
#[cfg_attr(not(feature = "server"), allow(dead_code))]
pub fn finished(class: &str) -> ErrorReport {
    ErrorReport {
        code: "finished",
        reason: format!("this {class} has already answered"),
        offset: None,
        hint: format!("open a new {class}"),
    }
}

#[derive(Serialize)]
struct Failure<'a> {
    ok: bool,
    error: &'a ErrorReport,
}

/// `{ ok: true, …value }` or `{ ok: false, error: { code, reason, offset, hint } }`.
pub fn outcome<T: Serialize>(result: Result<T, ErrorReport>) -> Result<JsValue, JsError> {
    match result {
        // `{ ok: true }` and then the value's fields, as serde's `flatten` would write them, but
        // without a second serializer of every result type: the browser build's size budget.
        Ok(value) => {
            let answer = js_sys::Object::new();
            js_sys::Reflect::set(&answer, &JsValue::from_str("ok"), &JsValue::TRUE)
                .map_err(|_| JsError::new("iu-cutter: cannot build the result object"))?;
            Ok(js_sys::Object::assign(&answer, &to_js(&value)?.unchecked_into()).into())
        }
        Err(error) => to_js(&Failure {
            ok: false,
            error: &error,
        }),
    }
}

/// An export's body: read its inputs, call the core, `?` on every error; answered as [`outcome`].
pub fn answer<T: Serialize>(
    call: impl FnOnce() -> Result<T, ErrorReport>,
) -> Result<JsValue, JsError> {
    outcome(call())
}
