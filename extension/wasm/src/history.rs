//! History: a document at an instant, a unit's versions, word diffs between two texts and
//! between a document at two instants. Ledger rows come as JSON text (a document's rows
//! hold every image its change sets wrote: far faster through serde_json than as objects).

use iu_cutter_core::publish::history::{
    change_set_at, diff_words, document_at, document_diff, instant, unit_history, version_at,
    ChangeSetMark, DiffCounts, DiffOp, LedgerImage, UnitDiff, UnitVersion,
};
use iu_cutter_core::store::unit::StoredUnit;
use iu_cutter_core::ErrorReport;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, from_js, from_json};

fn rows_of(rows_json: &str) -> Result<Vec<LedgerImage>, ErrorReport> {
    from_json("rows", rows_json)
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IReadInstantResult"))]
struct Instant {
    /// Milliseconds since the epoch.
    ms: i64,
    /// The same instant in UTC, RFC 3339.
    utc: String,
}

/// `readInstant`'s parameters, one object (see `readInstant`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IReadInstantParams"))]
pub(crate) struct ReadInstantParams {
    field: String,
    value: String,
}

/// `{ ok, ms, utc }`: `value` read as the history reads instants (a date, or an RFC 3339
/// date-time with an offset), or `{ ok:false, error }` naming `field` — so a request is
/// refused before anything is loaded.
#[wasm_bindgen(js_name = readInstant, unchecked_return_type = "Outcome<IReadInstantResult>")]
pub fn read_instant_js(
    #[wasm_bindgen(unchecked_param_type = "IReadInstantParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let ReadInstantParams { field, value } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let field = field.as_str();
    let value = value.as_str();
    answer(|| {
        let t = instant(field, value)?;
        Ok(Instant {
            ms: t.0,
            utc: t.to_rfc3339(),
        })
    })
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDocumentAtResult"))]
struct DocumentAt {
    units: Vec<StoredUnit>,
    /// The newest change set in force at `at`; `null` when none is, or none were given.
    version: Option<ChangeSetMark>,
}

/// `documentAt`'s parameters, one object (see `documentAt`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDocumentAtParams"))]
pub(crate) struct DocumentAtParams {
    rows_json: String,
    at: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    change_sets_json: Option<String>,
}

/// `{ ok, units, version }`: the document's units as they stood at `at` (a date or an RFC
/// 3339 date-time), in document order, from its ledger rows (JSON text of `LedgerImage`s);
/// `version`: the newest of `changeSetsJson` (JSON text of change sets, optional) in force.
#[wasm_bindgen(js_name = documentAt, unchecked_return_type = "Outcome<IDocumentAtResult>")]
pub fn document_at_js(
    #[wasm_bindgen(unchecked_param_type = "IDocumentAtParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let DocumentAtParams {
        rows_json,
        at,
        change_sets_json,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let rows_json = rows_json.as_str();
    let at = at.as_str();
    answer(|| {
        let sets: Vec<ChangeSetMark> = match change_sets_json {
            Some(text) => from_json("changeSets", &text)?,
            None => Vec::new(),
        };
        let t = instant("at", at)?;
        let rows = rows_of(rows_json)?;
        Ok(DocumentAt {
            units: document_at(&rows, t)?,
            version: change_set_at(&sets, t)?.cloned(),
        })
    })
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IUnitHistoryResult"))]
struct History {
    versions: Vec<UnitVersion>,
    /// The `version` in force at `at`, when `at` was given and a version was in force.
    version_at: Option<usize>,
}

/// `unitHistory`'s parameters, one object (see `unitHistory`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IUnitHistoryParams"))]
pub(crate) struct UnitHistoryParams {
    rows_json: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    at: Option<String>,
}

/// `{ ok, versions, version_at }`: every version of one unit, oldest first, from its ledger
/// rows (JSON text), and which of them was in force at `at` (optional).
#[wasm_bindgen(js_name = unitHistory, unchecked_return_type = "Outcome<IUnitHistoryResult>")]
pub fn unit_history_js(
    #[wasm_bindgen(unchecked_param_type = "IUnitHistoryParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let UnitHistoryParams { rows_json, at } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let rows_json = rows_json.as_str();
    answer(|| {
        let at = at.map(|a| instant("at", &a)).transpose()?;
        let rows = rows_of(rows_json)?;
        let versions = unit_history(&rows)?;
        let version_at = match at {
            Some(t) => version_at(&versions, t)?,
            None => None,
        };
        Ok(History {
            versions,
            version_at,
        })
    })
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDiffWordsResult"))]
struct Words {
    ops: Vec<DiffOp>,
}

/// `diffWords`'s parameters, one object (see `diffWords`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDiffWordsParams"))]
pub(crate) struct DiffWordsParams {
    before: String,
    after: String,
}

/// `{ ok, ops: [{ op: "equal"|"insert"|"delete", text }] }`: the word diff of two texts.
#[wasm_bindgen(js_name = diffWords, unchecked_return_type = "Outcome<IDiffWordsResult>")]
pub fn diff_words_js(
    #[wasm_bindgen(unchecked_param_type = "IDiffWordsParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let DiffWordsParams { before, after } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let before = before.as_str();
    let after = after.as_str();
    answer(|| {
        Ok(Words {
            ops: diff_words(before, after),
        })
    })
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDocumentDiffResult"))]
struct Diff {
    counts: DiffCounts,
    units: Vec<UnitDiff>,
}

/// `documentDiff`'s parameters: the document's ledger rows (`LedgerImage`s, best as JSON text), the two
/// instants (a date or an RFC 3339 date-time), and whether unchanged units are listed too.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDocumentDiffParams"))]
pub(crate) struct DocumentDiffParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::publish::history::LedgerImage>>")
    )]
    rows: JsValue,
    from: String,
    to: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    include_unchanged: bool,
}

/// `{ ok, counts, units }`: how the document changed between `from` and `to`, unit by unit
/// (matched by id), with word diffs of headings and bodies; unchanged units when asked.
#[wasm_bindgen(js_name = documentDiff, unchecked_return_type = "Outcome<IDocumentDiffResult>")]
pub fn document_diff_js(
    #[wasm_bindgen(unchecked_param_type = "IDocumentDiffParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    answer(|| {
        let DocumentDiffParams {
            rows,
            from,
            to,
            include_unchanged,
        } = crate::adapter::params(params)?;
        let from = instant("from", &from)?;
        let to = instant("to", &to)?;
        let rows: Vec<LedgerImage> = from_js("rows", rows)?;
        let diff = document_diff(&rows, from, to, include_unchanged)?;
        Ok(Diff {
            counts: diff.counts,
            units: diff.units,
        })
    })
}

/// This module's result shapes, for `crate::export_types`.
#[cfg(feature = "ts")]
pub(crate) fn export_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    Instant::export_all(cfg)?;
    DocumentAt::export_all(cfg)?;
    History::export_all(cfg)?;
    Words::export_all(cfg)?;
    Diff::export_all(cfg)?;
    DocumentDiffParams::export_all(cfg)?;
    ReadInstantParams::export_all(cfg)?;
    DocumentAtParams::export_all(cfg)?;
    UnitHistoryParams::export_all(cfg)?;
    DiffWordsParams::export_all(cfg)?;
    Ok(())
}
