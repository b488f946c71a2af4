//! Operations: the gated migration runner and backup verification (DESIGN §6).
//!
//! The Node operations scripts do the I/O (hash the files, introspect the schema, count
//! and read rows); these bindings hand the results to `iu_cutter_core::migration` and
//! `iu_cutter_core::ledger::backup`, which decide. Every function reads its inputs with
//! [`from_js`] (a JS value or JSON text) and answers with [`outcome`]: `{ ok: true, … }`
//! or `{ ok: false, error }`. A failed gate is not an error: it is `{ ok: true, gate }`
//! with `gate.verdict === "fail"`; `ok: false` means an input was malformed.
//!
//! Two translations happen here, because they are about JS values, not rules:
//!
//! - Rows for [`compare_rows_js`] given as JS values go through `JSON.stringify`, the
//!   way they would be written to a dump: a `Date` becomes its ISO text instead of an
//!   empty object, so two different timestamps cannot compare equal.
//! - Row counts for [`row_count_gate_js`] may be numbers or decimal strings: PostgreSQL
//!   returns `count(*)` (a bigint) as a string through `pg`.

use std::collections::BTreeMap;

use iu_cutter_core::change::gate::{Gate, GateReport};
use iu_cutter_core::ledger::backup::{compare_rows, TableComparison};
use iu_cutter_core::migration::{
    additive_gate, file_gates, row_count_gate, schema_diff, shape_gate, AppliedMigration,
    FoundFile, FrozenFile, Schema, SchemaDiff,
};
use iu_cutter_core::text::hash;
use iu_cutter_core::ErrorReport;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, from_js};

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ISchemaDiffResult"))]
struct DiffOutcome {
    diff: SchemaDiff,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IGateReportResult"))]
struct ReportOutcome {
    report: GateReport,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IGateResult"))]
struct GateOutcome {
    gate: Gate,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICompareRowsResult"))]
struct ComparisonOutcome {
    comparison: TableComparison,
}

/// `schemaDiff`'s parameters, one object (see `schemaDiff`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ISchemaDiffParams"))]
pub(crate) struct SchemaDiffParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::migration::Schema>")
    )]
    before: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::migration::Schema>")
    )]
    after: JsValue,
}

/// What changed from schema `before` to schema `after` (`{tables, meta}` each):
/// `{ ok, diff: { added, removed, changed } }`.
#[wasm_bindgen(js_name = schemaDiff, unchecked_return_type = "Outcome<ISchemaDiffResult>")]
pub fn schema_diff_js(
    #[wasm_bindgen(unchecked_param_type = "ISchemaDiffParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let SchemaDiffParams { before, after } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    answer(|| {
        let before: Schema = from_js("before", before)?;
        let after: Schema = from_js("after", after)?;
        Ok(DiffOutcome {
            diff: schema_diff(&before, &after),
        })
    })
}

/// `migrationFileGates`'s parameters, one object (see `migrationFileGates`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IMigrationFileGatesParams")
)]
pub(crate) struct MigrationFileGatesParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::migration::FrozenFile>>")
    )]
    frozen: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::migration::FoundFile>>")
    )]
    found: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::migration::AppliedMigration>>")
    )]
    applied: JsValue,
}

/// Preflight on the migration files: `frozen` (the manifest's `[{file, sha256,
/// version?, additive?}]`), `found` (`[{file, sha256}]` on disk), `applied` (the
/// ledger's `[{version, file, sha256}]`) → `{ ok, report: { gates, passed } }` with the
/// gates `files-frozen`, `files-present`, `applied-unchanged`.
#[wasm_bindgen(js_name = migrationFileGates, unchecked_return_type = "Outcome<IGateReportResult>")]
pub fn migration_file_gates(
    #[wasm_bindgen(unchecked_param_type = "IMigrationFileGatesParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let MigrationFileGatesParams {
        frozen,
        found,
        applied,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    answer(|| {
        let frozen: Vec<FrozenFile> = from_js("frozen", frozen)?;
        let found: Vec<FoundFile> = from_js("found", found)?;
        let applied: Vec<AppliedMigration> = from_js("applied", applied)?;
        Ok(ReportOutcome {
            report: file_gates(&frozen, &found, &applied),
        })
    })
}

/// `additiveGate`'s parameters: the migration's version, whether it is declared additive, and the
/// schema diff it made.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IAdditiveGateParams"))]
pub(crate) struct AdditiveGateParams {
    version: String,
    additive: bool,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::migration::SchemaDiff>")
    )]
    diff: JsValue,
}

/// `additive-only`: a migration declared additive removed and changed nothing in
/// `diff` → `{ ok, gate }`.
#[wasm_bindgen(js_name = additiveGate, unchecked_return_type = "Outcome<IGateResult>")]
pub fn additive_gate_js(
    #[wasm_bindgen(unchecked_param_type = "IAdditiveGateParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    answer(|| {
        let AdditiveGateParams {
            version,
            additive,
            diff,
        } = crate::adapter::params(params)?;
        let diff: SchemaDiff = from_js("diff", diff)?;
        Ok(GateOutcome {
            gate: additive_gate(&version, additive, &diff),
        })
    })
}

/// `shapeGate`'s parameters, one object (see `shapeGate`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IShapeGateParams"))]
pub(crate) struct ShapeGateParams {
    version: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::migration::SchemaDiff>")
    )]
    expected: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<iu_cutter_core::migration::SchemaDiff>")
    )]
    actual: JsValue,
}

/// `expected-shape`: the diff made (`actual`) is the diff declared (`expected`) →
/// `{ ok, gate }`.
#[wasm_bindgen(js_name = shapeGate, unchecked_return_type = "Outcome<IGateResult>")]
pub fn shape_gate_js(
    #[wasm_bindgen(unchecked_param_type = "IShapeGateParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let ShapeGateParams {
        version,
        expected,
        actual,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let version = version.as_str();
    answer(|| {
        let expected: SchemaDiff = from_js("expected", expected)?;
        let actual: SchemaDiff = from_js("actual", actual)?;
        Ok(GateOutcome {
            gate: shape_gate(version, &expected, &actual),
        })
    })
}

/// A row count as a non-negative integer, from a JS number or a decimal string.
fn count(field: &'static str, table: &str, value: &Value) -> Result<u64, ErrorReport> {
    let n = match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            // A JS number may arrive as a float; only a whole, exactly representable one is a count.
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(f))
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    n.ok_or_else(|| {
        ErrorReport::invalid_input(
            field,
            format_args!("the count of table {table} is {value}, not a non-negative integer"),
            format!("send `{field}` as {{ table: count }} with whole numbers (or decimal strings)"),
        )
    })
}

fn counts(field: &'static str, value: JsValue) -> Result<BTreeMap<String, u64>, ErrorReport> {
    let raw: BTreeMap<String, Value> = from_js(field, value)?;
    raw.iter()
        .map(|(table, v)| Ok((table.clone(), count(field, table, v)?)))
        .collect()
}

/// `rowCountGate`'s parameters, one object (see `rowCountGate`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IRowCountGateParams"))]
pub(crate) struct RowCountGateParams {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number | string> | string"))]
    before: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number | string> | string"))]
    after: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(as = "crate::adapter::JsonOr<Vec<String>>"))]
    may_change: JsValue,
}

/// `row-counts-unchanged`: `before` and `after` are `{ table: count }`; every table of
/// `before` not in `mayChange` (`string[]`) keeps its count → `{ ok, gate }`.
#[wasm_bindgen(js_name = rowCountGate, unchecked_return_type = "Outcome<IGateResult>")]
pub fn row_count_gate_js(
    #[wasm_bindgen(unchecked_param_type = "IRowCountGateParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let RowCountGateParams {
        before,
        after,
        may_change,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    answer(|| {
        let before = counts("before", before)?;
        let after = counts("after", after)?;
        let may_change: Vec<String> = from_js("mayChange", may_change)?;
        Ok(GateOutcome {
            gate: row_count_gate(&before, &after, &may_change),
        })
    })
}

/// Rows as JSON text, or JS values written out with `JSON.stringify` (see the module docs).
fn rows(field: &'static str, value: JsValue) -> Result<Vec<Value>, ErrorReport> {
    if value.is_string() {
        return from_js(field, value);
    }
    let text = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|s| JsValue::from(s).as_string())
        .ok_or_else(|| {
            ErrorReport::invalid_input(
                field,
                "JSON.stringify cannot write these rows (undefined, a BigInt or a cycle)",
                format!("send `{field}` as an array of row objects, or as JSON text"),
            )
        })?;
    from_js(field, JsValue::from_str(&text))
}

/// `compareRows`'s parameters, one object (see `compareRows`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICompareRowsParams"))]
pub(crate) struct CompareRowsParams {
    table: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(as = "crate::adapter::JsonOr<Vec<String>>"))]
    key: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>[] | string"))]
    source: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>[] | string"))]
    restored: JsValue,
}

/// Compare one table of the source with the restored copy, cell for cell: `key` is the
/// key columns (`string[]`), `source` and `restored` the rows (objects; JSON text is
/// faster for large tables) → `{ ok, comparison }`.
#[wasm_bindgen(js_name = compareRows, unchecked_return_type = "Outcome<ICompareRowsResult>")]
pub fn compare_rows_js(
    #[wasm_bindgen(unchecked_param_type = "ICompareRowsParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let CompareRowsParams {
        table,
        key,
        source,
        restored,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let table = table.as_str();
    answer(|| {
        let key: Vec<String> = from_js("key", key)?;
        let source = rows("source", source)?;
        let restored = rows("restored", restored)?;
        Ok(ComparisonOutcome {
            comparison: compare_rows(table, &key, &source, &restored),
        })
    })
}

/// Lowercase hex sha256 of raw bytes (migration files, dumps), not of text.
#[wasm_bindgen(js_name = sha256Bytes)]
pub fn sha256_bytes(bytes: &[u8]) -> String {
    hash::sha256_hex_bytes(bytes)
}

/// This module's result shapes, for `crate::export_types`.
#[cfg(feature = "ts")]
pub(crate) fn export_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    DiffOutcome::export_all(cfg)?;
    ReportOutcome::export_all(cfg)?;
    GateOutcome::export_all(cfg)?;
    ComparisonOutcome::export_all(cfg)?;
    AdditiveGateParams::export_all(cfg)?;
    SchemaDiffParams::export_all(cfg)?;
    MigrationFileGatesParams::export_all(cfg)?;
    ShapeGateParams::export_all(cfg)?;
    RowCountGateParams::export_all(cfg)?;
    CompareRowsParams::export_all(cfg)?;
    Ok(())
}
