//! Canonical addresses: parse, validate in batches, normalize human input, cite.
//! The browser build keeps what the admin app calls (parse, normalize, cite, the vocabularies):
//! its 200 KB gz budget has no room for the batch and hashing exports only the API uses.

use iu_cutter_core::read::normalize;
use iu_cutter_core::text::address::{self, Address};
use iu_cutter_core::text::cite::{self, DocLabel};
#[cfg(feature = "server")]
use iu_cutter_core::text::hash;
use iu_cutter_core::text::vocabulary;
use iu_cutter_core::ErrorReport;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, outcome, to_js};

/// A parsed or normalized address, as seen from JavaScript (`{ ok: true, …this }`).
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IAddressResult"))]
#[serde(rename_all = "camelCase")]
pub(crate) struct Parsed<'a> {
    canonical: String,
    address: &'a Address,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    was_canonical: Option<bool>,
}

fn success(address: &Address, was_canonical: Option<bool>) -> Parsed<'_> {
    Parsed {
        canonical: address.to_string(),
        address,
        parent: address.parent().map(|p| p.to_string()),
        was_canonical,
    }
}

fn parse_outcome(input: &str) -> Result<JsValue, JsError> {
    match address::parse(input) {
        Ok(a) => outcome(Ok(success(&a, None))),
        Err(e) => outcome::<()>(Err(e.into())),
    }
}

/// Version tag stored beside every address (`canonical_address_format_version`).
#[wasm_bindgen(js_name = formatVersion)]
pub fn format_version() -> String {
    address::FORMAT_VERSION.to_string()
}

/// Parse one canonical address: `{ ok, canonical, address, parent }` or `{ ok: false, error }`.
#[wasm_bindgen(js_name = parseAddress, unchecked_return_type = "Outcome<IAddressResult>")]
pub fn parse_address(input: &str) -> Result<JsValue, JsError> {
    parse_outcome(input)
}

/// Parse many canonical addresses in one call; results are in input order.
#[cfg(feature = "server")]
#[wasm_bindgen(js_name = parseAddresses, unchecked_return_type = "Array<Outcome<IAddressResult>>")]
pub fn parse_addresses(inputs: Vec<String>) -> Result<JsValue, JsError> {
    let array = js_sys::Array::new_with_length(inputs.len() as u32);
    for (i, input) in inputs.iter().enumerate() {
        array.set(i as u32, parse_outcome(input)?);
    }
    Ok(array.into())
}

#[cfg(feature = "server")]
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "InvalidAddress"))]
pub(crate) struct Invalid {
    index: usize,
    // The error's fields beside the index, written out: serde's `flatten` would add a serializer.
    code: &'static str,
    reason: String,
    offset: Option<usize>,
    hint: String,
}

#[cfg(feature = "server")]
#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IValidateAddressesResult")
)]
pub(crate) struct Report {
    count: usize,
    valid: usize,
    invalid: Vec<Invalid>,
}

/// Batch validation with a compact result, for bulk checks that cross the
/// JS↔WASM boundary once: addresses joined by `\n` in, only the invalid ones out.
#[cfg(feature = "server")]
#[wasm_bindgen(js_name = validateAddresses, unchecked_return_type = "IValidateAddressesResult")]
pub fn validate_addresses(lines: &str) -> Result<JsValue, JsError> {
    let mut report = Report {
        count: 0,
        valid: 0,
        invalid: Vec::new(),
    };
    if !lines.is_empty() {
        for (index, line) in lines.split('\n').enumerate() {
            report.count += 1;
            match address::validate(line) {
                Ok(_) => report.valid += 1,
                Err(e) => {
                    let ErrorReport {
                        code,
                        reason,
                        offset,
                        hint,
                    } = e.into();
                    report.invalid.push(Invalid {
                        index,
                        code,
                        reason,
                        offset,
                        hint,
                    })
                }
            }
        }
    }
    to_js(&report)
}

/// Turn human input (uppercase, NFD, a citation such as `điểm đ khoản 1 Điều 44
/// Luật 45/2019/QH14`) into a canonical address. `default_doc` is the document
/// code used when the citation names none.
#[wasm_bindgen(js_name = normalizeAddress, unchecked_return_type = "Outcome<IAddressResult>")]
pub fn normalize_address(input: &str, default_doc: Option<String>) -> Result<JsValue, JsError> {
    let vocabularies = vocabulary::default_vocabularies();
    match normalize::normalize_address_with_default_doc(vocabularies, input, default_doc.as_deref())
    {
        Ok(n) => outcome(Ok(success(&n.address, Some(n.was_canonical)))),
        Err(e) => outcome::<()>(Err(e.into())),
    }
}

/// A canonical address as a human citation, the reverse of `normalizeAddress`:
/// `{ ok: true, citation, language }` or `{ ok: false, error }`. `doc` is `undefined`,
/// `null` or `{ code, title? }` (e.g. `{ code: "45/2019/QH14", title: "Bộ luật Lao động" }`).
#[wasm_bindgen(js_name = citeAddress, unchecked_return_type = "Outcome<Cited>")]
pub fn cite_address(
    address: &str,
    #[wasm_bindgen(unchecked_param_type = "DocLabel | null | undefined")] doc: JsValue,
) -> Result<JsValue, JsError> {
    answer(|| {
        let doc = read_doc(&doc)?;
        cite::cite_address(address, vocabulary::default_vocabularies(), doc.as_ref())
    })
}

// Read field by field rather than through serde so a bad doc names the field at fault.
fn read_doc(doc: &JsValue) -> Result<Option<DocLabel>, ErrorReport> {
    let bad = |field: &str, want: &str| ErrorReport {
        reason: format!("{field} is not {want}"),
        ..ErrorReport::invalid_input(
            field,
            want,
            "send doc as { code: '45/2019/QH14', title?: 'Bộ luật Lao động' }, or leave it out",
        )
    };
    if doc.is_undefined() || doc.is_null() {
        return Ok(None);
    }
    if !doc.is_object() {
        return Err(bad("doc", "an object"));
    }
    // A throwing getter or proxy reads as a missing field.
    let field = |name: &str| {
        js_sys::Reflect::get(doc, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    };
    let code = field("code")
        .as_string()
        .ok_or_else(|| bad("doc.code", "a string"))?;
    let title = field("title");
    let title = if title.is_undefined() || title.is_null() {
        None
    } else {
        Some(
            title
                .as_string()
                .ok_or_else(|| bad("doc.title", "a string"))?,
        )
    };
    Ok(Some(DocLabel { code, title }))
}

/// `45/2019/QH14` → `{ ok: true, slug: "45-2019-qh14" }`.
#[cfg(feature = "server")]
#[wasm_bindgen(js_name = normalizeDocCode, unchecked_return_type = "Outcome<INormalizeDocCodeResult>")]
pub fn normalize_doc_code(input: &str) -> Result<JsValue, JsError> {
    answer(|| {
        Ok(Slug {
            slug: iu_cutter_core::normalize_doc_code(input)?,
        })
    })
}

#[cfg(feature = "server")]
#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "INormalizeDocCodeResult")
)]
pub(crate) struct Slug {
    slug: String,
}

/// The vocabularies that ship with iu-cutter (Vietnamese, English), as data.
#[wasm_bindgen(js_name = defaultVocabularies, unchecked_return_type = "Vocabulary[]")]
pub fn default_vocabularies() -> Result<JsValue, JsError> {
    to_js(&vocabulary::default_vocabularies())
}

/// Lowercase hex sha256 of the UTF-8 text (unit contents, document sources). Server only: the
/// API hashes; the admin app never does, and sha256 costs the browser build ~4 KB gz.
#[cfg(feature = "server")]
#[wasm_bindgen(js_name = sha256Hex)]
pub fn sha256_hex(text: &str) -> String {
    hash::sha256_hex(text)
}

/// This module's result shapes, for `crate::export_types`.
#[cfg(feature = "ts")]
pub(crate) fn export_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    Parsed::export_all(cfg)?;
    Invalid::export_all(cfg)?;
    Report::export_all(cfg)?;
    Slug::export_all(cfg)?;
    Ok(())
}
