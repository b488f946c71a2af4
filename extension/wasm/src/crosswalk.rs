//! Crosswalks: a renumbering table (CSV or JSON) planned as an alias-only manifest.

use iu_cutter_core::change::crosswalk::{
    crosswalk_gate, plan_crosswalk, CrosswalkError, CrosswalkInput, CrosswalkRow, RowError,
};
use iu_cutter_core::change::gate::Gate;
use iu_cutter_core::change::manifest::{canonical_parts_sha256, Manifest};
use iu_cutter_core::store::unit::{StoredAlias, StoredUnit};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, from_js, outcome, to_js};

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IPlanCrosswalkResult"))]
#[serde(rename_all = "camelCase")]
struct Planned<'a> {
    #[cfg_attr(feature = "ts", ts(type = "true"))]
    ok: bool,
    manifest: &'a Manifest,
    /// The manifest's canonical JSON, and its stored parts (an envelope; a crosswalk has no blocks).
    canonical_json: String,
    envelope: String,
    blocks: Vec<String>,
    sha256: String,
    rows: &'a [CrosswalkRow],
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IPlanCrosswalkRefused")
)]
struct Refused<'a> {
    #[cfg_attr(feature = "ts", ts(type = "false"))]
    ok: bool,
    /// Every error of the file (the first `MAX_ERRORS`), sorted by line and column.
    errors: &'a [RowError],
    total: usize,
}

/// `{ ok: true, manifest, canonicalJson, envelope, blocks, sha256, rows }`, or
/// `{ ok: false, errors, total }` (the file's errors, each with its line and column), or
/// `{ ok: false, error }` (the input is not shaped as documented). `input`: the core's
/// `CrosswalkInput`, as an object or as JSON text (a document's units are best sent as text).
#[wasm_bindgen(js_name = planCrosswalk, unchecked_return_type = "IPlanCrosswalkResult | IPlanCrosswalkRefused | Failure")]
pub fn plan_crosswalk_js(
    #[wasm_bindgen(unchecked_param_type = "CrosswalkInput | string")] input: JsValue,
) -> Result<JsValue, JsError> {
    let input: CrosswalkInput = match from_js("input", input) {
        Ok(input) => input,
        Err(error) => return outcome::<()>(Err(error)),
    };
    match plan_crosswalk(&input) {
        Ok(plan) => {
            let (envelope, blocks) = plan.manifest.canonical_parts();
            let sha256 = canonical_parts_sha256(&envelope, &blocks);
            to_js(&Planned {
                ok: true,
                manifest: &plan.manifest,
                canonical_json: plan.manifest.to_canonical_json(),
                envelope,
                blocks,
                sha256,
                rows: &plan.rows,
            })
        }
        Err(CrosswalkError::Rows { errors, total }) => to_js(&Refused {
            ok: false,
            errors: &errors,
            total,
        }),
        Err(CrosswalkError::Input(error)) => outcome::<()>(Err(error)),
    }
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IGateResult"))]
struct GateOutcome {
    gate: Gate,
}

/// `crosswalkGate`'s parameters, one object (see `crosswalkGate`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICrosswalkGateParams"))]
pub(crate) struct CrosswalkGateParams {
    manifest_json: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredUnit>>")
    )]
    units: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[cfg_attr(
        feature = "ts",
        ts(as = "crate::adapter::JsonOr<Vec<iu_cutter_core::store::unit::StoredAlias>>")
    )]
    aliases_now: JsValue,
}

/// The CUT's look at a crosswalk: `{ manifestJson, units, aliasesNow }` → `{ ok, gate }`
/// (`crosswalk-aliases-resolve`: its rows resolve with the document's units and alias rows
/// stored now; passes for a manifest without a crosswalk).
#[wasm_bindgen(js_name = crosswalkGate, unchecked_return_type = "Outcome<IGateResult>")]
pub fn crosswalk_gate_js(
    #[wasm_bindgen(unchecked_param_type = "ICrosswalkGateParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let CrosswalkGateParams {
        manifest_json,
        units,
        aliases_now,
    } = match crate::adapter::params(params) {
        Ok(p) => p,
        Err(error) => return crate::adapter::outcome::<()>(Err(error)),
    };
    let manifest_json = manifest_json.as_str();
    answer(|| {
        let manifest = Manifest::from_json(manifest_json, None)?;
        let units: Vec<StoredUnit> = from_js("units", units)?;
        let aliases: Vec<StoredAlias> = from_js("aliasesNow", aliases_now)?;
        Ok(GateOutcome {
            gate: crosswalk_gate(&manifest, &units, &aliases),
        })
    })
}

/// This module's result shapes, for `crate::export_types`.
#[cfg(feature = "ts")]
pub(crate) fn export_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    Planned::export_all(cfg)?;
    Refused::export_all(cfg)?;
    GateOutcome::export_all(cfg)?;
    CrosswalkGateParams::export_all(cfg)?;
    Ok(())
}
