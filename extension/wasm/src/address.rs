//! Canonical addresses: parse, validate in batches, normalize human input, cite.

use iu_cutter_core::address::{self, Address};
use iu_cutter_core::cite::{self, DocLabel};
use iu_cutter_core::{hash, normalize, vocabulary, ErrorReport};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, to_js};

/// Outcome of parsing or normalizing one address, as seen from JavaScript.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AddressOutcome<'a> {
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    canonical: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<&'a Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    was_canonical: Option<bool>,
    /// The core's one error shape: `{ code, reason, offset, hint }`.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorReport>,
}

fn success(address: &Address, was_canonical: Option<bool>) -> AddressOutcome<'_> {
    AddressOutcome {
        ok: true,
        canonical: Some(address.to_string()),
        address: Some(address),
        parent: address.parent().map(|p| p.to_string()),
        was_canonical,
        error: None,
    }
}

fn failure(error: ErrorReport) -> AddressOutcome<'static> {
    AddressOutcome {
        ok: false,
        canonical: None,
        address: None,
        parent: None,
        was_canonical: None,
        error: Some(error),
    }
}

fn parse_outcome(input: &str) -> Result<JsValue, JsError> {
    match address::parse(input) {
        Ok(a) => to_js(&success(&a, None)),
        Err(e) => to_js(&failure(e.into())),
    }
}

/// Version tag stored beside every address (`canonical_address_format_version`).
#[wasm_bindgen(js_name = formatVersion)]
pub fn format_version() -> String {
    address::FORMAT_VERSION.to_string()
}

/// Parse one canonical address: `{ ok, canonical, address, parent }` or `{ ok: false, error }`.
#[wasm_bindgen(js_name = parseAddress)]
pub fn parse_address(input: &str) -> Result<JsValue, JsError> {
    parse_outcome(input)
}

/// Parse many canonical addresses in one call; results are in input order.
#[wasm_bindgen(js_name = parseAddresses)]
pub fn parse_addresses(inputs: Vec<String>) -> Result<JsValue, JsError> {
    let array = js_sys::Array::new_with_length(inputs.len() as u32);
    for (i, input) in inputs.iter().enumerate() {
        array.set(i as u32, parse_outcome(input)?);
    }
    Ok(array.into())
}

/// Batch validation with a compact result, for bulk checks that cross the
/// JS↔WASM boundary once: addresses joined by `\n` in, only the invalid ones out.
#[wasm_bindgen(js_name = validateAddresses)]
pub fn validate_addresses(lines: &str) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Invalid {
        index: usize,
        #[serde(flatten)]
        error: ErrorReport,
    }
    #[derive(Serialize)]
    struct Report {
        count: usize,
        valid: usize,
        invalid: Vec<Invalid>,
    }
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
                Err(e) => report.invalid.push(Invalid {
                    index,
                    error: e.into(),
                }),
            }
        }
    }
    to_js(&report)
}

/// Turn human input (uppercase, NFD, a citation such as `điểm đ khoản 1 Điều 44
/// Luật 45/2019/QH14`) into a canonical address. `default_doc` is the document
/// code used when the citation names none.
#[wasm_bindgen(js_name = normalizeAddress)]
pub fn normalize_address(input: &str, default_doc: Option<String>) -> Result<JsValue, JsError> {
    let vocabularies = vocabulary::default_vocabularies();
    match normalize::normalize_address_with_default_doc(vocabularies, input, default_doc.as_deref())
    {
        Ok(n) => to_js(&success(&n.address, Some(n.was_canonical))),
        Err(e) => to_js(&failure(e.into())),
    }
}

/// A canonical address as a human citation, the reverse of `normalizeAddress`:
/// `{ ok: true, citation, language }` or `{ ok: false, error }`. `doc` is `undefined`,
/// `null` or `{ code, title? }` (e.g. `{ code: "45/2019/QH14", title: "Bộ luật Lao động" }`).
#[wasm_bindgen(js_name = citeAddress)]
pub fn cite_address(address: &str, doc: JsValue) -> Result<JsValue, JsError> {
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
#[wasm_bindgen(js_name = normalizeDocCode)]
pub fn normalize_doc_code(input: &str) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Outcome {
        ok: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        slug: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<ErrorReport>,
    }
    match normalize::normalize_doc_code(input) {
        Ok(slug) => to_js(&Outcome {
            ok: true,
            slug: Some(slug),
            error: None,
        }),
        Err(e) => to_js(&Outcome {
            ok: false,
            slug: None,
            error: Some(e.into()),
        }),
    }
}

/// The vocabularies that ship with iu-cutter (Vietnamese, English), as data.
#[wasm_bindgen(js_name = defaultVocabularies)]
pub fn default_vocabularies() -> Result<JsValue, JsError> {
    to_js(&vocabulary::default_vocabularies())
}

/// Lowercase hex sha256 of the UTF-8 text (unit contents, document sources).
#[wasm_bindgen(js_name = sha256Hex)]
pub fn sha256_hex(text: &str) -> String {
    hash::sha256_hex(text)
}
