//! Operations: the gated migration runner and backup verification (DESIGN §6).
//!
//! The Node operations scripts do the I/O (hash the files, introspect the schema, count
//! and read rows); these bindings hand the results to `iu_cutter_core::migration` and
//! `iu_cutter_core::ledger::backup`, which decide. Every function answers `{ ok: true, … }`
//! or `{ ok: false, error }`. A failed gate is not an error: it is `{ ok: true, gate }`
//! with `gate.verdict === "fail"`; `ok: false` means an input was malformed.
//!
//! Two translations happen here, because they are about JS values, not rules:
//!
//! - Rows for [`compareRows`] given as JS values go through `JSON.stringify`, the
//!   way they would be written to a dump: a `Date` becomes its ISO text instead of an
//!   empty object, so two different timestamps cannot compare equal.
//! - Row counts for [`rowCountGate`] may be numbers or decimal strings: PostgreSQL
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

use crate::adapter::{exports, from_js, Bytes, JsAny, JsonOr};

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

/// `schemaDiff`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ISchemaDiffParams"))]
pub(crate) struct SchemaDiffParams {
    before: JsonOr<Schema>,
    after: JsonOr<Schema>,
}

/// `migrationFileGates`' parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IMigrationFileGatesParams")
)]
pub(crate) struct MigrationFileGatesParams {
    frozen: JsonOr<Vec<FrozenFile>>,
    found: JsonOr<Vec<FoundFile>>,
    applied: JsonOr<Vec<AppliedMigration>>,
}

/// `additiveGate`'s parameters: the migration's version, whether it is declared additive, and the
/// schema diff it made.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IAdditiveGateParams"))]
pub(crate) struct AdditiveGateParams {
    version: String,
    additive: bool,
    diff: JsonOr<SchemaDiff>,
}

/// `shapeGate`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IShapeGateParams"))]
pub(crate) struct ShapeGateParams {
    version: String,
    expected: JsonOr<SchemaDiff>,
    actual: JsonOr<SchemaDiff>,
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

fn counts(field: &'static str, value: JsAny) -> Result<BTreeMap<String, u64>, ErrorReport> {
    let raw: BTreeMap<String, Value> = from_js(field, value.0)?;
    raw.iter()
        .map(|(table, v)| Ok((table.clone(), count(field, table, v)?)))
        .collect()
}

/// `rowCountGate`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IRowCountGateParams"))]
pub(crate) struct RowCountGateParams {
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number | string> | string"))]
    before: JsAny,
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number | string> | string"))]
    after: JsAny,
    may_change: JsonOr<Vec<String>>,
}

/// Rows as JSON text, or JS values written out with `JSON.stringify` (see the module docs).
fn rows(field: &'static str, value: JsAny) -> Result<Vec<Value>, ErrorReport> {
    let value = value.0;
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

/// `compareRows`' parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICompareRowsParams"))]
pub(crate) struct CompareRowsParams {
    table: String,
    key: JsonOr<Vec<String>>,
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>[] | string"))]
    source: JsAny,
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>[] | string"))]
    restored: JsAny,
}

/// `sha256Bytes`' parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ISha256BytesParams"))]
pub(crate) struct Sha256BytesParams {
    bytes: Bytes,
}

exports! {
    /// What changed from schema `before` to schema `after` (`{tables, meta}` each):
    /// `{ ok, diff: { added, removed, changed } }`.
    schemaDiff(p: SchemaDiffParams as "ISchemaDiffParams") -> DiffOutcome as "Outcome<ISchemaDiffResult>" {
        let before = p.before.read("before")?;
        let after = p.after.read("after")?;
        Ok(DiffOutcome { diff: schema_diff(&before, &after) })
    }

    /// Preflight on the migration files: `frozen` (the manifest's `[{file, sha256,
    /// version?, additive?}]`), `found` (`[{file, sha256}]` on disk), `applied` (the
    /// ledger's `[{version, file, sha256}]`) → `{ ok, report: { gates, passed } }` with the
    /// gates `files-frozen`, `files-present`, `applied-unchanged`.
    migrationFileGates(p: MigrationFileGatesParams as "IMigrationFileGatesParams") -> ReportOutcome as "Outcome<IGateReportResult>" {
        let frozen = p.frozen.read("frozen")?;
        let found = p.found.read("found")?;
        let applied = p.applied.read("applied")?;
        Ok(ReportOutcome { report: file_gates(&frozen, &found, &applied) })
    }

    /// `additive-only`: a migration declared additive removed and changed nothing in
    /// `diff` → `{ ok, gate }`.
    additiveGate(p: AdditiveGateParams as "IAdditiveGateParams") -> GateOutcome as "Outcome<IGateResult>" {
        Ok(GateOutcome { gate: additive_gate(&p.version, p.additive, &p.diff.read("diff")?) })
    }

    /// `expected-shape`: the diff made (`actual`) is the diff declared (`expected`) →
    /// `{ ok, gate }`.
    shapeGate(p: ShapeGateParams as "IShapeGateParams") -> GateOutcome as "Outcome<IGateResult>" {
        let expected = p.expected.read("expected")?;
        let actual = p.actual.read("actual")?;
        Ok(GateOutcome { gate: shape_gate(&p.version, &expected, &actual) })
    }

    /// `row-counts-unchanged`: `before` and `after` are `{ table: count }`; every table of
    /// `before` not in `mayChange` (`string[]`) keeps its count → `{ ok, gate }`.
    rowCountGate(p: RowCountGateParams as "IRowCountGateParams") -> GateOutcome as "Outcome<IGateResult>" {
        let before = counts("before", p.before)?;
        let after = counts("after", p.after)?;
        let may_change = p.may_change.read("mayChange")?;
        Ok(GateOutcome { gate: row_count_gate(&before, &after, &may_change) })
    }

    /// Compare one table of the source with the restored copy, cell for cell: `key` is the
    /// key columns (`string[]`), `source` and `restored` the rows (objects; JSON text is
    /// faster for large tables) → `{ ok, comparison }`.
    compareRows(p: CompareRowsParams as "ICompareRowsParams") -> ComparisonOutcome as "Outcome<ICompareRowsResult>" {
        let key = p.key.read("key")?;
        let source = rows("source", p.source)?;
        let restored = rows("restored", p.restored)?;
        Ok(ComparisonOutcome { comparison: compare_rows(&p.table, &key, &source, &restored) })
    }

    /// Lowercase hex sha256 of raw bytes (migration files, dumps), not of text.
    sha256Bytes(p: Sha256BytesParams as "ISha256BytesParams") -> String as "string" raw {
        Ok(JsValue::from_str(&hash::sha256_hex_bytes(&p.bytes.0)))
    }
}
