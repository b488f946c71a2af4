//! Crosswalks: a renumbering table (CSV or JSON) planned as an alias-only manifest.

use iu_cutter_core::change::crosswalk::{
    crosswalk_gate, plan_crosswalk, CrosswalkError, CrosswalkInput, CrosswalkRow, RowError,
};
use iu_cutter_core::change::gate::Gate;
use iu_cutter_core::change::manifest::{canonical_parts_sha256, Manifest};
use iu_cutter_core::store::unit::{StoredAlias, StoredUnit};
use serde::{Deserialize, Serialize};

use crate::adapter::{exports, outcome, to_js, JsonOr};

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

/// `planCrosswalk`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IPlanCrosswalkParams"))]
pub(crate) struct PlanCrosswalkParams {
    /// The core's `CrosswalkInput` (a document's units are best sent as JSON text).
    input: JsonOr<CrosswalkInput>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IGateResult"))]
struct GateOutcome {
    gate: Gate,
}

/// `crosswalkGate`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICrosswalkGateParams"))]
pub(crate) struct CrosswalkGateParams {
    manifest_json: String,
    units: JsonOr<Vec<StoredUnit>>,
    aliases_now: JsonOr<Vec<StoredAlias>>,
}

exports! {
    /// `{ ok: true, manifest, canonicalJson, envelope, blocks, sha256, rows }`, or
    /// `{ ok: false, errors, total }` (the file's errors, each with its line and column), or
    /// `{ ok: false, error }` (the input is not shaped as documented).
    planCrosswalk(p: PlanCrosswalkParams as "IPlanCrosswalkParams")
        -> Planned<'static> | Refused<'static> as "IPlanCrosswalkResult | IPlanCrosswalkRefused | Failure" raw
    {
        let input = match p.input.read("input") {
            Ok(input) => input,
            Err(error) => return outcome::<()>(Err(error)),
        };
        match plan_crosswalk(&input) {
            Ok(plan) => {
                let (envelope, blocks) = plan.manifest.canonical_parts();
                let sha256 = canonical_parts_sha256(&envelope, &blocks);
                let canonical_json = plan.manifest.to_canonical_json();
                let (manifest, rows) = (&plan.manifest, &plan.rows[..]);
                to_js(&Planned { ok: true, manifest, canonical_json, envelope, blocks, sha256, rows })
            }
            Err(CrosswalkError::Rows { errors, total }) => to_js(&Refused { ok: false, errors: &errors, total }),
            Err(CrosswalkError::Input(error)) => outcome::<()>(Err(error)),
        }
    }

    /// The CUT's look at a crosswalk: `{ manifestJson, units, aliasesNow }` → `{ ok, gate }`
    /// (`crosswalk-aliases-resolve`: its rows resolve with the document's units and alias rows
    /// stored now; passes for a manifest without a crosswalk).
    crosswalkGate(p: CrosswalkGateParams as "ICrosswalkGateParams") -> GateOutcome as "Outcome<IGateResult>" {
        let manifest = Manifest::from_json(&p.manifest_json, None)?;
        let units = p.units.read("units")?;
        let aliases = p.aliases_now.read("aliasesNow")?;
        Ok(GateOutcome { gate: crosswalk_gate(&manifest, &units, &aliases) })
    }
}
