//! Aliases and citations: point-in-time resolution, and citations found in running text.
//! Server build only (see `lib.rs`).

use iu_cutter_core::read::citations::resolve as cited;
use iu_cutter_core::read::citations::{Citation, CitationFinder};
use iu_cutter_core::store::alias::{AliasIndex, AliasRow, UnitRef};
use iu_cutter_core::text::address::{self, Address};
use iu_cutter_core::text::timestamp::Timestamp;
use iu_cutter_core::text::vocabulary;
use iu_cutter_core::ErrorReport;
use serde::Serialize;
use std::sync::OnceLock;
use wasm_bindgen::prelude::*;

use crate::adapter::answer;
use crate::adapter::{from_js, from_json, outcome, to_js};

/// An alias table loaded once (units + alias rows), answering many `resolve` calls.
/// Server only: the admin app asks `/iu-cutter/resolve`, which knows the ledger's dates.
/// Building it checks the table; a bad table is refused with the offending row named.
#[wasm_bindgen]
pub struct AliasResolver {
    index: AliasIndex,
}

fn read_time(at: &JsValue) -> Result<Timestamp, ErrorReport> {
    if let Some(ms) = at.as_f64() {
        return Ok(Timestamp(ms as i64));
    }
    let text = at.as_string().unwrap_or_default();
    Ok(Timestamp::parse_rfc3339(&text)?)
}

#[wasm_bindgen]
impl AliasResolver {
    /// `units`: `[{ id, canonical_address, lifecycle_status, retired_at? }]`; `aliases`: alias rows.
    /// Either may be JSON text. Throws `{ code, reason, offset, hint }` for a bad table.
    pub fn build(
        #[wasm_bindgen(unchecked_param_type = "UnitRef[] | string")] units: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AliasRow[] | string")] aliases: JsValue,
    ) -> Result<AliasResolver, JsValue> {
        let built = (|| -> Result<AliasIndex, ErrorReport> {
            let units: Vec<UnitRef> = from_js("units", units)?;
            let aliases: Vec<AliasRow> = from_js("aliases", aliases)?;
            Ok(AliasIndex::from_rows(units, aliases)?)
        })();
        match built {
            Ok(index) => Ok(AliasResolver { index }),
            Err(report) => Err(to_js(&report).unwrap_or(JsValue::NULL)),
        }
    }

    /// What `address` meant at `at` (RFC 3339 with offset, or epoch milliseconds):
    /// `{ ok, outcome: canonical|alias|split|retired|withdrawn|unknown|cycle|chain_too_long, … , chain }`.
    #[wasm_bindgen(unchecked_return_type = "Outcome<Resolution>")]
    pub fn resolve(
        &self,
        address: &str,
        #[wasm_bindgen(unchecked_param_type = "string | number")] at: JsValue,
    ) -> Result<JsValue, JsError> {
        outcome(read_time(&at).map(|t| self.index.resolve_ref(address, t)))
    }

    /// Many lookups in one crossing: addresses joined by `\n` in; out, one letter per
    /// lookup (c canonical, a alias, s split, r retired, w withdrawn, u unknown, x cycle or
    /// too long) and the resolved addresses joined by `\n` (empty where there is none).
    #[wasm_bindgen(js_name = resolveBatch, unchecked_return_type = "Outcome<IResolveBatchResult>")]
    pub fn resolve_batch(
        &self,
        lines: &str,
        #[wasm_bindgen(unchecked_param_type = "string | number")] at: JsValue,
    ) -> Result<JsValue, JsError> {
        outcome(read_time(&at).map(|t| {
            let mut batch = LetterBatch {
                count: 0,
                outcomes: String::new(),
                addresses: String::new(),
            };
            for line in lines.split('\n').filter(|l| !l.is_empty()) {
                let r = self.index.resolve_ref(line, t);
                batch.outcomes.push(match r.outcome() {
                    "canonical" => 'c',
                    "alias" => 'a',
                    "split" => 's',
                    "retired" => 'r',
                    "withdrawn" => 'w',
                    "unknown" => 'u',
                    _ => 'x',
                });
                if batch.count > 0 {
                    batch.addresses.push('\n');
                }
                batch.addresses.push_str(r.address().unwrap_or(""));
                batch.count += 1;
            }
            batch
        }))
    }

    /// Many full answers in one crossing: `addresses` is JSON text of an array of strings;
    /// out, `{ ok, json }` where `json` is the JSON text of an array holding, in order, what
    /// `resolve` answers for each (`{ ok: true, outcome, …, chain }`). The API sends that
    /// text as it is: no JS object per address is made, walked and stringified again.
    #[wasm_bindgen(js_name = resolveJson, unchecked_return_type = "Outcome<IResolveJsonResult>")]
    pub fn resolve_json(
        &self,
        addresses: &str,
        #[wasm_bindgen(unchecked_param_type = "string | number")] at: JsValue,
    ) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Answer<'a> {
            ok: bool,
            #[serde(flatten)]
            value: &'a iu_cutter_core::store::alias::ResolvedRef<'a>,
        }
        answer(|| {
            let t = read_time(&at)?;
            let list: Vec<String> = from_json("addresses", addresses)?;
            let mut json = Vec::with_capacity(list.len() * 160 + 2);
            json.push(b'[');
            for (i, address) in list.iter().enumerate() {
                if i > 0 {
                    json.push(b',');
                }
                let value = self.index.resolve_ref(address, t);
                serde_json::to_writer(
                    &mut json,
                    &Answer {
                        ok: true,
                        value: &value,
                    },
                )
                .map_err(|e| ErrorReport::internal(format_args!("answer {i}: {e}")))?;
            }
            json.push(b']');
            Ok(JsonBatch {
                count: list.len(),
                // serde_json writes UTF-8 only.
                json: String::from_utf8(json).unwrap_or_default(),
            })
        })
    }

    /// Server only: the endpoint resolves citations; the admin app never does.
    /// The addresses a citation lists (JSON text of an array of strings, all of this resolver's
    /// document), each answered at the citing text's date `at` as `core::citations::resolve`
    /// says: `{ ok, addresses: [{ address, outcome, … } | { address, reason, … }] }`.
    #[wasm_bindgen(js_name = resolveCited, unchecked_return_type = "Outcome<ICitedAddresses>")]
    pub fn resolve_cited(
        &self,
        addresses: &str,
        #[wasm_bindgen(unchecked_param_type = "string | number")] at: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| {
            let t = read_time(&at)?;
            let list: Vec<String> = from_json("addresses", addresses)?;
            Ok(CitedAddresses {
                addresses: list
                    .iter()
                    .map(|a| cited::resolve_address(Some(&self.index), a, t))
                    .collect(),
            })
        })
    }

    #[wasm_bindgen(getter, js_name = unitCount)]
    pub fn unit_count(&self) -> usize {
        self.index.unit_count()
    }

    #[wasm_bindgen(getter, js_name = aliasCount)]
    pub fn alias_count(&self) -> usize {
        self.index.alias_count()
    }
}

/// Cited addresses of a document no resolver exists for (no document has the slug), answered as
/// `core::citations::resolve` answers them: `{ ok, addresses: [{ address, reason: "unknown-document", document }] }`.
#[wasm_bindgen(js_name = citedInUnknownDocument, unchecked_return_type = "Outcome<ICitedAddresses>")]
pub fn cited_in_unknown_document(addresses: &str) -> Result<JsValue, JsError> {
    answer(|| {
        let list: Vec<String> = from_json("addresses", addresses)?;
        Ok(CitedAddresses {
            addresses: list
                .iter()
                .map(|a| cited::resolve_address(None, a, Timestamp(0)))
                .collect(),
        })
    })
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICitedAddresses"))]
pub(crate) struct CitedAddresses {
    addresses: Vec<cited::CitedAddress>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IResolveBatchResult"))]
pub(crate) struct LetterBatch {
    count: usize,
    outcomes: String,
    addresses: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IResolveJsonResult"))]
pub(crate) struct JsonBatch {
    count: usize,
    json: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IFindCitationsResult"))]
struct CitationsOutcome {
    citations: Vec<Citation>,
}

/// Citations in running text, with byte spans and canonical addresses. `current_doc` is
/// the document code for citations that name none; `context` the address that
/// "Điều này" / "khoản 1" are relative to; `vocabulary` the id of the document's shipped
/// vocabulary (`us`, `uk`, …), or `undefined` for every shipped one (first that has a label wins).
#[wasm_bindgen(js_name = findCitations, unchecked_return_type = "Outcome<IFindCitationsResult>")]
pub fn find_citations(
    text: &str,
    current_doc: Option<String>,
    context: Option<String>,
    vocabulary: Option<String>,
) -> Result<JsValue, JsError> {
    answer(|| {
        let context: Option<Address> = match context.as_deref() {
            Some(c) => Some(address::parse(c)?),
            None => None,
        };
        let finder = match vocabulary.as_deref() {
            None => finder_for(None),
            Some(id) => finder_for(Some(vocabulary::shipped_vocabulary(id)?)),
        };
        let citations = finder.find(text, current_doc.as_deref(), context.as_ref());
        Ok(CitationsOutcome { citations })
    })
}

/// The finder for one shipped vocabulary, or for all of them (`None`), built once: building
/// one folds and indexes every label, which costs more than finding the citations of a clause.
fn finder_for(
    vocabulary: Option<&'static vocabulary::Vocabulary>,
) -> &'static CitationFinder<'static> {
    static ALL: OnceLock<CitationFinder<'static>> = OnceLock::new();
    static ONE: OnceLock<Vec<CitationFinder<'static>>> = OnceLock::new();
    let shipped = vocabulary::default_vocabularies();
    let one = vocabulary
        .and_then(|v| shipped.iter().position(|s| std::ptr::eq(s, v)))
        .and_then(|i| {
            ONE.get_or_init(|| {
                shipped
                    .iter()
                    .map(|v| CitationFinder::new(std::slice::from_ref(v)))
                    .collect()
            })
            .get(i)
        });
    one.unwrap_or_else(|| ALL.get_or_init(|| CitationFinder::new(shipped)))
}

/// This module's result shapes, for `crate::export_types`.
#[cfg(feature = "ts")]
pub(crate) fn export_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    LetterBatch::export_all(cfg)?;
    JsonBatch::export_all(cfg)?;
    CitedAddresses::export_all(cfg)?;
    CitationsOutcome::export_all(cfg)?;
    Ok(())
}
