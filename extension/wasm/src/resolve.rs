//! Aliases and citations: point-in-time resolution, and citations found in running text.
//! Server build only (see `lib.rs`).

use iu_cutter_core::read::citations::resolve as cited;
use iu_cutter_core::read::citations::{Citation, CitationFinder};
use iu_cutter_core::store::alias::Resolution;
use iu_cutter_core::store::alias::{AliasIndex, AliasRow, UnitRef};
use iu_cutter_core::text::address::{self, Address};
use iu_cutter_core::text::timestamp::Timestamp;
use iu_cutter_core::text::vocabulary;
use iu_cutter_core::ErrorReport;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, exports, from_json, outcome, to_js, JsAny, JsonOr, Params};

/// An alias table loaded once (units + alias rows), answering many `resolve` calls.
/// Server only: the admin app asks `/iu-cutter/resolve`, which knows the ledger's dates.
/// Building it checks the table; a bad table is refused with the offending row named.
#[wasm_bindgen]
pub struct AliasResolver {
    index: AliasIndex,
}

/// `AliasResolver.build`'s parameters; either may be JSON text.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IAliasResolverParams"))]
pub(crate) struct BuildParams {
    /// `[{ id, canonical_address, lifecycle_status, retired_at? }]`.
    units: JsonOr<Vec<UnitRef>>,
    aliases: JsonOr<Vec<AliasRow>>,
}

/// An `AliasResolver` question: `addresses` (or, for `resolve`, one `address`; for `resolveBatch`,
/// `lines` joined by `\n`) at `at` (RFC 3339 with offset, or epoch milliseconds).
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IResolveAtParams"))]
pub(crate) struct AtParams {
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    address: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    lines: Option<String>,
    /// JSON text of an array of strings.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    addresses: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "string | number"))]
    at: JsAny,
}

fn read_time(at: &JsAny) -> Result<Timestamp, ErrorReport> {
    let at = &at.0;
    if let Some(ms) = at.as_f64() {
        return Ok(Timestamp(ms as i64));
    }
    let text = at.as_string().unwrap_or_default();
    Ok(Timestamp::parse_rfc3339(&text)?)
}

/// An `AliasResolver` question's parameters and instant.
fn at_params(params: JsValue) -> Result<(AtParams, Timestamp), ErrorReport> {
    let p = AtParams::read(params)?;
    let t = read_time(&p.at)?;
    Ok((p, t))
}

#[wasm_bindgen]
impl AliasResolver {
    /// `units`: `[{ id, canonical_address, lifecycle_status, retired_at? }]`; `aliases`: alias rows.
    /// Either may be JSON text. Throws `{ code, reason, offset, hint }` for a bad table.
    pub fn build(
        #[wasm_bindgen(unchecked_param_type = "IAliasResolverParams")] params: JsValue,
    ) -> Result<AliasResolver, JsValue> {
        let built = (|| -> Result<AliasIndex, ErrorReport> {
            let p = BuildParams::read(params)?;
            let units = p.units.read("units")?;
            let aliases = p.aliases.read("aliases")?;
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
        #[wasm_bindgen(unchecked_param_type = "IResolveAtParams & { address: string }")]
        params: JsValue,
    ) -> Result<JsValue, JsError> {
        let (p, t) = match at_params(params) {
            Ok(read) => read,
            Err(error) => return outcome::<()>(Err(error)),
        };
        outcome(Ok(self
            .index
            .resolve_ref(p.address.as_deref().unwrap_or_default(), t)))
    }

    /// Many lookups in one crossing: addresses joined by `\n` in; out, one letter per
    /// lookup (c canonical, a alias, s split, r retired, w withdrawn, u unknown, x cycle or
    /// too long) and the resolved addresses joined by `\n` (empty where there is none).
    #[wasm_bindgen(js_name = resolveBatch, unchecked_return_type = "Outcome<IResolveBatchResult>")]
    pub fn resolve_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "IResolveAtParams & { lines: string }")]
        params: JsValue,
    ) -> Result<JsValue, JsError> {
        outcome(at_params(params).map(|(p, t)| {
            let lines = p.lines.as_deref().unwrap_or_default();
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
        #[wasm_bindgen(unchecked_param_type = "IResolveAtParams & { addresses: string }")]
        params: JsValue,
    ) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Answer<'a> {
            ok: bool,
            #[serde(flatten)]
            value: &'a iu_cutter_core::store::alias::ResolvedRef<'a>,
        }
        answer(|| {
            let (p, t) = at_params(params)?;
            let list: Vec<String> =
                from_json("addresses", p.addresses.as_deref().unwrap_or_default())?;
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
        #[wasm_bindgen(unchecked_param_type = "IResolveAtParams & { addresses: string }")]
        params: JsValue,
    ) -> Result<JsValue, JsError> {
        answer(|| {
            let (p, t) = at_params(params)?;
            let list: Vec<String> =
                from_json("addresses", p.addresses.as_deref().unwrap_or_default())?;
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

/// `citedInUnknownDocument`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ICitedInUnknownDocumentParams")
)]
pub(crate) struct UnknownDocumentParams {
    /// JSON text of an array of strings.
    addresses: String,
}

/// `findCitations`' parameters: `currentDoc` is the document code for citations that name none;
/// `context` the address that "Điều này" / "khoản 1" are relative to; `vocabulary` the id of the
/// document's shipped vocabulary (`us`, `uk`, …), or left out for every shipped one (first that has a label wins).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IFindCitationsParams"))]
pub(crate) struct FindCitationsParams {
    text: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    current_doc: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    context: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    vocabulary: Option<String>,
}

exports! {
    @also: BuildParams, AtParams, Resolution, LetterBatch, JsonBatch;

    /// Cited addresses of a document no resolver exists for (no document has the slug), answered as
    /// `core::citations::resolve` answers them: `{ ok, addresses: [{ address, reason: "unknown-document", document }] }`.
    citedInUnknownDocument(p: UnknownDocumentParams as "ICitedInUnknownDocumentParams") -> CitedAddresses as "Outcome<ICitedAddresses>" {
        let list: Vec<String> = from_json("addresses", &p.addresses)?;
        let addresses = list.iter().map(|a| cited::resolve_address(None, a, Timestamp(0))).collect();
        Ok(CitedAddresses { addresses })
    }

    /// Citations in running text, with byte spans and canonical addresses.
    findCitations(p: FindCitationsParams as "IFindCitationsParams") -> CitationsOutcome as "Outcome<IFindCitationsResult>" {
        let context: Option<Address> = p.context.as_deref().map(address::parse).transpose()?;
        let finder = match p.vocabulary.as_deref() {
            None => finder_for(None),
            Some(id) => finder_for(Some(vocabulary::shipped_vocabulary(id)?)),
        };
        Ok(CitationsOutcome { citations: finder.find(&p.text, p.current_doc.as_deref(), context.as_ref()) })
    }
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
