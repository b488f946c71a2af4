//! Canonical addresses: parse, validate in batches, normalize human input, cite.
//! The browser build keeps what the admin app calls (parse, normalize, cite, the vocabularies):
//! its 200 KB gz budget has no room for the batch and hashing exports only the API uses.

use iu_cutter_core::read::normalize;
use iu_cutter_core::text::address::{self, Address};
use iu_cutter_core::text::cite::{self, Cited, DocLabel};
#[cfg(feature = "server")]
use iu_cutter_core::text::hash;
use iu_cutter_core::text::vocabulary;
use iu_cutter_core::ErrorReport;
#[cfg(feature = "server")]
use serde::Deserialize;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::adapter::{exports, outcome, to_js, JsAny};

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

/// The vocabularies that ship with iu-cutter (Vietnamese, English), as data.
#[wasm_bindgen(js_name = defaultVocabularies, unchecked_return_type = "Vocabulary[]")]
pub fn default_vocabularies() -> Result<JsValue, JsError> {
    to_js(&vocabulary::default_vocabularies())
}

// The browser build's parameters are read by hand (`adapter::str_field`); the server's, by serde.
/// `parseAddress`' parameters.
#[cfg_attr(feature = "server", derive(Deserialize))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IParseAddressParams"))]
pub(crate) struct ParseAddressParams {
    input: String,
}

/// `normalizeAddress`' parameters: human input, and the document code used when the citation names none.
#[cfg_attr(
    feature = "server",
    derive(Deserialize),
    serde(rename_all = "camelCase")
)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "INormalizeAddressParams")
)]
pub(crate) struct NormalizeAddressParams {
    input: String,
    #[cfg_attr(feature = "server", serde(default))]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    default_doc: Option<String>,
}

/// `citeAddress`' parameters.
#[cfg_attr(feature = "server", derive(Deserialize))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICiteAddressParams"))]
pub(crate) struct CiteAddressParams {
    address: String,
    /// `{ code, title? }` (e.g. `{ code: "45/2019/QH14", title: "Bộ luật Lao động" }`), or left out.
    #[cfg_attr(feature = "server", serde(default))]
    #[cfg_attr(feature = "ts", ts(as = "Option<DocLabel>", optional = nullable))]
    doc: JsAny,
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

#[cfg(not(feature = "server"))]
mod browser {
    use super::*;
    use crate::adapter::{str_field, Params};

    fn required(params: &JsValue, name: &str) -> Result<String, ErrorReport> {
        Ok(str_field(params, name, false)?.unwrap_or_default())
    }

    impl Params for ParseAddressParams {
        fn read(p: JsValue) -> Result<Self, ErrorReport> {
            Ok(Self {
                input: required(&p, "input")?,
            })
        }
    }

    impl Params for NormalizeAddressParams {
        fn read(p: JsValue) -> Result<Self, ErrorReport> {
            Ok(Self {
                input: required(&p, "input")?,
                default_doc: str_field(&p, "defaultDoc", true)?,
            })
        }
    }

    impl Params for CiteAddressParams {
        fn read(p: JsValue) -> Result<Self, ErrorReport> {
            let address = required(&p, "address")?;
            let doc =
                js_sys::Reflect::get(&p, &JsValue::from_str("doc")).unwrap_or(JsValue::UNDEFINED);
            Ok(Self {
                address,
                doc: JsAny(doc),
            })
        }
    }
}

#[cfg(feature = "server")]
mod server {
    use super::*;

    /// `parseAddresses`' parameters.
    #[derive(Deserialize)]
    #[cfg_attr(
        feature = "ts",
        derive(ts_rs::TS),
        ts(rename = "IParseAddressesParams")
    )]
    pub(crate) struct ParseAddressesParams {
        pub(super) inputs: Vec<String>,
    }

    /// `validateAddresses`' parameters: addresses joined by `\n`.
    #[derive(Deserialize)]
    #[cfg_attr(
        feature = "ts",
        derive(ts_rs::TS),
        ts(rename = "IValidateAddressesParams")
    )]
    pub(crate) struct ValidateAddressesParams {
        pub(super) lines: String,
    }

    #[derive(Serialize)]
    #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "InvalidAddress"))]
    pub(crate) struct Invalid {
        pub(super) index: usize,
        // The error's fields beside the index, written out: serde's `flatten` would add a serializer.
        pub(super) code: &'static str,
        pub(super) reason: String,
        pub(super) offset: Option<usize>,
        pub(super) hint: String,
    }

    #[derive(Serialize)]
    #[cfg_attr(
        feature = "ts",
        derive(ts_rs::TS),
        ts(rename = "IValidateAddressesResult")
    )]
    pub(crate) struct Report {
        pub(super) count: usize,
        pub(super) valid: usize,
        pub(super) invalid: Vec<Invalid>,
    }

    /// `normalizeDocCode`'s parameters.
    #[derive(Deserialize)]
    #[cfg_attr(
        feature = "ts",
        derive(ts_rs::TS),
        ts(rename = "INormalizeDocCodeParams")
    )]
    pub(crate) struct NormalizeDocCodeParams {
        pub(super) input: String,
    }

    #[derive(Serialize)]
    #[cfg_attr(
        feature = "ts",
        derive(ts_rs::TS),
        ts(rename = "INormalizeDocCodeResult")
    )]
    pub(crate) struct Slug {
        pub(super) slug: String,
    }

    /// `sha256Hex`'s parameters: UTF-8 text.
    #[derive(Deserialize)]
    #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ISha256HexParams"))]
    pub(crate) struct Sha256HexParams {
        pub(super) text: String,
    }
}
#[cfg(feature = "server")]
use server::*;

exports! {
    /// Parse one canonical address: `{ ok, canonical, address, parent }` or `{ ok: false, error }`.
    parseAddress(p: ParseAddressParams as "IParseAddressParams") -> Parsed<'static> as "Outcome<IAddressResult>" raw {
        parse_outcome(&p.input)
    }

    /// Turn human input (uppercase, NFD, a citation such as `điểm đ khoản 1 Điều 44
    /// Luật 45/2019/QH14`) into a canonical address. `defaultDoc` is the document
    /// code used when the citation names none.
    normalizeAddress(p: NormalizeAddressParams as "INormalizeAddressParams") -> Parsed<'static> as "Outcome<IAddressResult>" raw {
        let vocabularies = vocabulary::default_vocabularies();
        match normalize::normalize_address_with_default_doc(vocabularies, &p.input, p.default_doc.as_deref()) {
            Ok(n) => outcome(Ok(success(&n.address, Some(n.was_canonical)))),
            Err(e) => outcome::<()>(Err(e.into())),
        }
    }

    /// A canonical address as a human citation, the reverse of `normalizeAddress`:
    /// `{ ok: true, citation, language }` or `{ ok: false, error }`.
    citeAddress(p: CiteAddressParams as "ICiteAddressParams") -> Cited as "Outcome<Cited>" {
        let doc = read_doc(&p.doc.0)?;
        cite::cite_address(&p.address, vocabulary::default_vocabularies(), doc.as_ref())
    }

    /// Parse many canonical addresses in one call; results are in input order.
    #[cfg(feature = "server")]
    parseAddresses(p: ParseAddressesParams as "IParseAddressesParams") -> Parsed<'static> as "Array<Outcome<IAddressResult>>" raw {
        let array = js_sys::Array::new_with_length(p.inputs.len() as u32);
        for (i, input) in p.inputs.iter().enumerate() {
            array.set(i as u32, parse_outcome(input)?);
        }
        Ok(array.into())
    }

    /// Batch validation with a compact result, for bulk checks that cross the
    /// JS↔WASM boundary once: addresses joined by `\n` in, only the invalid ones out.
    #[cfg(feature = "server")]
    validateAddresses(p: ValidateAddressesParams as "IValidateAddressesParams") -> Report as "IValidateAddressesResult" raw {
        let mut report = Report { count: 0, valid: 0, invalid: Vec::new() };
        if !p.lines.is_empty() {
            for (index, line) in p.lines.split('\n').enumerate() {
                report.count += 1;
                match address::validate(line) {
                    Ok(_) => report.valid += 1,
                    Err(e) => {
                        let ErrorReport { code, reason, offset, hint, .. } = e.into();
                        report.invalid.push(Invalid { index, code, reason, offset, hint })
                    }
                }
            }
        }
        to_js(&report)
    }

    /// `45/2019/QH14` → `{ ok: true, slug: "45-2019-qh14" }`.
    #[cfg(feature = "server")]
    normalizeDocCode(p: NormalizeDocCodeParams as "INormalizeDocCodeParams") -> Slug as "Outcome<INormalizeDocCodeResult>" {
        Ok(Slug { slug: iu_cutter_core::normalize_doc_code(&p.input)? })
    }

    /// Lowercase hex sha256 of the UTF-8 text (unit contents, document sources). Server only: the
    /// API hashes; the admin app never does, and sha256 costs the browser build ~4 KB gz.
    #[cfg(feature = "server")]
    sha256Hex(p: Sha256HexParams as "ISha256HexParams") -> String as "string" raw {
        Ok(JsValue::from_str(&hash::sha256_hex(&p.text)))
    }
}
