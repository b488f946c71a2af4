//! The one place values cross the boundary: JS in, `{ ok, … }` out.
//!
//! Every export is "deserialize, call, `?`": [`answer`] runs the call, whose core errors turn
//! into the report through `From<E> for ErrorReport` (the core's `Report` trait).

use iu_cutter_core::text::vocabulary::{Vocabulary, VocabularyChoice};
use iu_cutter_core::ErrorReport;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
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
        field: Some(field.into()),
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

/// An export's parameters: one object, read into `Self` field by field (serde-wasm-bindgen), so a
/// missing or mistyped field is refused by name. A large input is a [`JsonOr`] field, read afterwards.
pub trait Params: Sized {
    fn read(value: JsValue) -> Result<Self, ErrorReport>;
}

// The browser build reads its few parameters by hand ([`str_field`]): serde-wasm-bindgen's
// deserializer would cost its 200 KB gz budget several KB.
#[cfg(feature = "server")]
impl<P: DeserializeOwned> Params for P {
    fn read(value: JsValue) -> Result<P, ErrorReport> {
        if !value.is_object() {
            return Err(not_an_object());
        }
        serde_wasm_bindgen::from_value(value).map_err(|e| {
            ErrorReport::invalid_input(
                "params",
                serde_reason(&e),
                "send the fields the export's I…Params type names, each of its type",
            )
        })
    }
}

fn not_an_object() -> ErrorReport {
    ErrorReport::invalid_input(
        "params",
        "not an object",
        "send the parameters as one object, e.g. { text, docCode, vocabulary, … } (see the export's I…Params type)",
    )
}

/// The browser build's reading of one string field (`optional`: `undefined` or `null` is `None`).
#[cfg(not(feature = "server"))]
pub fn str_field(
    params: &JsValue,
    name: &str,
    optional: bool,
) -> Result<Option<String>, ErrorReport> {
    if !params.is_object() {
        return Err(not_an_object());
    }
    // A throwing getter or proxy reads as a missing field.
    let value =
        js_sys::Reflect::get(params, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    match value.as_string() {
        Some(text) => Ok(Some(text)),
        None if optional && (value.is_undefined() || value.is_null()) => Ok(None),
        None => Err(ErrorReport::invalid_input(
            "params",
            format!("`{name}` is not a string"),
            "send the fields the export's I…Params type names, each of its type",
        )),
    }
}

/// An input given either as a JS value or as its JSON text (the faster for 100k units), kept as
/// it came until [`JsonOr::read`] reads it as `T`, so a bad one is refused naming its field.
pub struct JsonOr<T> {
    value: JsValue,
    of: PhantomData<fn() -> T>,
}

impl<T> Default for JsonOr<T> {
    fn default() -> Self {
        JsonOr {
            value: JsValue::UNDEFINED,
            of: PhantomData,
        }
    }
}

impl<'de, T> Deserialize<'de> for JsonOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_wasm_bindgen::preserve::deserialize(d).map(|value| JsonOr {
            value,
            of: PhantomData,
        })
    }
}

impl<T: DeserializeOwned> JsonOr<T> {
    /// The input as `T`; `field` names it in an error (as the caller spells it).
    pub fn read(self, field: &'static str) -> Result<T, ErrorReport> {
        from_js(field, self.value)
    }

    /// An input that may be left out (`undefined` or `null`): `None`.
    pub fn read_opt(this: Option<Self>, field: &'static str) -> Result<Option<T>, ErrorReport> {
        this.map(|j| j.read(field)).transpose()
    }
}

impl JsonOr<Vocabulary> {
    /// A vocabulary: a shipped one's id, or one given whole (object or JSON text).
    pub fn vocabulary(self) -> Result<Vocabulary, ErrorReport> {
        vocabulary(self.value)
    }
}

#[cfg(feature = "ts")]
impl<T: ts_rs::TS> ts_rs::TS for JsonOr<T> {
    type WithoutGenerics = JsonOrTs<ts_rs::Dummy>;
    type OptionInnerType = Self;
    fn name(cfg: &ts_rs::Config) -> String {
        <JsonOrTs<T> as ts_rs::TS>::name(cfg)
    }
    fn inline(cfg: &ts_rs::Config) -> String {
        <JsonOrTs<T> as ts_rs::TS>::inline(cfg)
    }
    fn decl(cfg: &ts_rs::Config) -> String {
        <JsonOrTs<T> as ts_rs::TS>::decl(cfg)
    }
    fn decl_concrete(cfg: &ts_rs::Config) -> String {
        <JsonOrTs<T> as ts_rs::TS>::decl_concrete(cfg)
    }
    fn output_path() -> Option<std::path::PathBuf> {
        <JsonOrTs<T> as ts_rs::TS>::output_path()
    }
    fn visit_dependencies(v: &mut impl ts_rs::TypeVisitor)
    where
        Self: 'static,
    {
        <JsonOrTs<T> as ts_rs::TS>::visit_dependencies(v)
    }
    fn visit_generics(v: &mut impl ts_rs::TypeVisitor)
    where
        Self: 'static,
    {
        <JsonOrTs<T> as ts_rs::TS>::visit_generics(v)
    }
}

/// For the TypeScript declarations only: what [`JsonOr`] takes.
#[cfg(feature = "ts")]
#[derive(ts_rs::TS)]
#[ts(untagged, rename = "JsonOr")]
#[allow(dead_code)]
pub enum JsonOrTs<T> {
    Value(T),
    Text(String),
}

/// A field read by hand (a PEM that must be a string, an instant as text or milliseconds): the JS
/// value as it came. Its TypeScript type is given where it is used (`ts(type = …)`).
pub struct JsAny(pub JsValue);

impl<'de> Deserialize<'de> for JsAny {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_wasm_bindgen::preserve::deserialize(d).map(JsAny)
    }
}

impl Default for JsAny {
    fn default() -> Self {
        JsAny(JsValue::UNDEFINED)
    }
}

/// Bytes (`Uint8Array`, e.g. a Node `Buffer`).
pub struct Bytes(pub Vec<u8>);

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Bytes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a Uint8Array")
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(v))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
        }
        d.deserialize_byte_buf(V)
    }
}

#[cfg(feature = "ts")]
impl ts_rs::TS for Bytes {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "Uint8Array".into()
    }
    fn inline(_: &ts_rs::Config) -> String {
        "Uint8Array".into()
    }
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
        field: None,
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

/// One export, as the TypeScript declarations name it (checked by `tests/ts_export.rs`).
#[cfg(feature = "ts")]
pub struct Signature {
    pub export: &'static str,
    /// The `unchecked_param_type` and `unchecked_return_type` the export's `.d.ts` declares.
    pub params: &'static str,
    pub result: &'static str,
    /// The TypeScript names of the Rust types given for them: the params type, then the results.
    pub types: Vec<String>,
}

/// A module's exports, each one params object (its `I…Params` type) in, one JS value out:
///
/// ```text
/// /// Docs.
/// cutDocument(p: CutDocumentParams as "ICutDocumentParams") -> CutOutcome as "Outcome<ICutDocumentResult>" {
///     Ok(CutOutcome { cut: cut(&p.text, &p.doc_code, &p.vocabulary.vocabulary()?) })
/// }
/// ```
///
/// The body answers `Result<T, ErrorReport>`, sent as [`outcome`]; a `raw` body answers the JS value
/// itself. The macro also writes the module's `export_types`: the params and result types (and
/// `also:` those of its classes) with their dependencies, and each export's [`Signature`]. These
/// invocations are the one list the TypeScript is generated from.
macro_rules! exports {
    (
        $(@also: $($also:ty),+;)?
        $(
            $(#[$meta:meta])*
            $name:ident($p:ident: $P:ty as $pts:tt) -> $($R:ty)|+ as $rts:tt $($raw:ident)? $body:block
        )*
    ) => {
        $(
            $(#[$meta])*
            #[wasm_bindgen::prelude::wasm_bindgen(unchecked_return_type = $rts)]
            #[allow(non_snake_case)]
            pub fn $name(
                #[wasm_bindgen(unchecked_param_type = $pts)] params: wasm_bindgen::JsValue,
            ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsError> {
                // The result types are named for the TypeScript only; this keeps their imports used.
                let _ = ($(std::marker::PhantomData::<$R>,)+);
                $crate::adapter::exports!(@body $($raw)? params, $p, $P, $body)
            }
        )*

        $(const _: ($(std::marker::PhantomData<$also>,)+) = ($(std::marker::PhantomData::<$also>,)+);)?

        #[cfg(feature = "ts")]
        pub(crate) fn export_types(
            cfg: &ts_rs::Config,
            signatures: &mut Vec<$crate::adapter::Signature>,
        ) -> Result<(), ts_rs::ExportError> {
            use ts_rs::TS;
            // Types without a declaration of their own (`String`, `()`) have nothing to write.
            fn export<T: TS + 'static + ?Sized>(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
                match T::output_path() {
                    Some(_) => T::export_all(cfg),
                    None => Ok(()),
                }
            }
            $($( export::<$also>(cfg)?; )+)?
            $(
                export::<$P>(cfg)?;
                $( export::<$R>(cfg)?; )+
                signatures.push($crate::adapter::Signature {
                    export: stringify!($name),
                    params: $pts,
                    result: $rts,
                    types: vec![<$P>::name(cfg) $(, <$R>::name(cfg))+],
                });
            )*
            Ok(())
        }
    };
    (@body $params:ident, $p:ident, $P:ty, $body:block) => {
        $crate::adapter::outcome((|| -> Result<_, iu_cutter_core::ErrorReport> {
            let $p = <$P as $crate::adapter::Params>::read($params)?;
            $body
        })())
    };
    (@body raw $params:ident, $p:ident, $P:ty, $body:block) => {
        match <$P as $crate::adapter::Params>::read($params) {
            Ok($p) => $body,
            Err(error) => $crate::adapter::outcome::<()>(Err(error)),
        }
    };
}
pub(crate) use exports;
