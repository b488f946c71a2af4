//! WebAssembly bindings of `iu-cutter-core`.
//!
//! This crate only translates: every exported function has the same shape —
//! take JS values, call the core, turn the outcome into a plain JS value.
//! User mistakes come back as `{ ok: false, error }` values, never as traps or
//! thrown exceptions, so one bad address cannot take down the instance that
//! serves every request of the Directus API process.

mod adapter;
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
mod resolve;
#[cfg(feature = "server")]
mod review;
#[cfg(feature = "server")]
mod text;
#[cfg(feature = "server")]
mod workflow;

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
pub use resolve::*;
#[cfg(feature = "server")]
pub use review::*;
#[cfg(feature = "server")]
pub use text::*;
#[cfg(feature = "server")]
pub use workflow::*;
