//! WebAssembly bindings of `iu-cutter-core`.
//!
//! This crate only translates: every exported function has the same shape —
//! take JS values, call the core, turn the outcome into a plain JS value.
//! User mistakes come back as `{ ok: false, error }` values, never as traps or
//! thrown exceptions, so one bad address cannot take down the instance that
//! serves every request of the Directus API process.

pub mod adapter;

use wasm_bindgen::prelude::*;
#[cfg(feature = "server")]
mod actor;
mod address;
#[cfg(feature = "server")]
mod akn;
#[cfg(feature = "server")]
mod amend;
#[cfg(feature = "server")]
mod change;
#[cfg(feature = "server")]
mod crosswalk;
#[cfg(feature = "server")]
mod history;
#[cfg(feature = "server")]
mod ledger_seal;
#[cfg(feature = "server")]
mod operations;
#[cfg(feature = "server")]
mod policy;
// Server only: the API resolves addresses and finds citations in text; the admin app reads a
// pasted citation with `normalizeAddress`, whose reading is the same finder, and the 200 KB gz
// budget of the browser build has no room for a second export of it.
#[cfg(feature = "server")]
mod resolve;
#[cfg(feature = "server")]
mod review;
#[cfg(feature = "server")]
mod text;
#[cfg(feature = "server")]
mod tlog;
#[cfg(feature = "server")]
mod workflow;

// The shapes the exports take and answer, generated from the Rust types into the extension's
// src/core-types/ (see `export_types`); both packages (extension/pkg, extension/pkg-browser) sit
// beside src/, so one relative path serves both. The import names every generated type: written by
// `tests/ts_export.rs` from the same run that writes the types, so the two cannot disagree.
#[wasm_bindgen(typescript_custom_section)]
const CORE_TYPES: &'static str = include_str!("../core-types-import.d.ts");

#[cfg(feature = "server")]
pub use actor::*;
pub use address::*;
#[cfg(feature = "server")]
pub use akn::*;
#[cfg(feature = "server")]
pub use amend::*;
#[cfg(feature = "server")]
pub use change::*;
#[cfg(feature = "server")]
pub use crosswalk::*;
#[cfg(feature = "server")]
pub use history::*;
#[cfg(feature = "server")]
pub use ledger_seal::*;
#[cfg(feature = "server")]
pub use operations::*;
#[cfg(feature = "server")]
pub use policy::*;
#[cfg(feature = "server")]
pub use resolve::*;
#[cfg(feature = "server")]
pub use review::*;
#[cfg(feature = "server")]
pub use text::*;
#[cfg(feature = "server")]
pub use tlog::*;
#[cfg(feature = "server")]
pub use workflow::*;

/// Writes the TypeScript declarations of every shape the exports take and answer (ts-rs, feature
/// `ts`, native only) into `cfg`'s directory, from each module's `exports!` (their params and
/// result types, and what those refer to), and answers every export's [`adapter::Signature`].
/// `extension/wasm/tests/ts_export.rs` keeps `extension/src/core-types/` in step with them.
#[cfg(feature = "ts")]
pub fn export_types(cfg: &ts_rs::Config) -> Result<Vec<adapter::Signature>, ts_rs::ExportError> {
    let mut signatures = Vec::new();
    let modules = [
        actor::export_types,
        address::export_types,
        akn::export_types,
        amend::export_types,
        change::export_types,
        crosswalk::export_types,
        history::export_types,
        ledger_seal::export_types,
        operations::export_types,
        policy::export_types,
        resolve::export_types,
        review::export_types,
        text::export_types,
        tlog::export_types,
        workflow::export_types,
    ];
    for export_types in modules {
        export_types(cfg, &mut signatures)?;
    }
    Ok(signatures)
}
