//! Akoma Ntoso 3.0: a document at a date as one XML file (`core::akn`).

use iu_cutter_core::publish::akn::{export, AknExport, AknInput};
use serde::Deserialize;

use crate::adapter::{exports, JsonOr};

/// `exportAkn`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IExportAknParams"))]
pub(crate) struct ExportAknParams {
    /// `core::akn::AknInput`: the document's ledger rows, alias rows, change sets and section types.
    input: JsonOr<AknInput>,
}

exports! {
    /// `{ ok, xml, filename, work_uri, expression_uri, manifestation_uri, units, warnings }` or
    /// `{ ok: false, error }`: the document of `input` as it stood at `input.at`.
    exportAkn(p: ExportAknParams as "IExportAknParams") -> AknExport as "Outcome<AknExport>" {
        Ok(export(&p.input.read("input")?)?)
    }
}
