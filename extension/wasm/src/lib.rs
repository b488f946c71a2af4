//! WebAssembly bindings of `iu-cutter-core`.
//!
//! This crate only translates: every exported function has the same shape —
//! take JS values, call the core, turn the outcome into a plain JS value.
//! User mistakes come back as `{ ok: false, error }` values, never as traps or
//! thrown exceptions, so one bad address cannot take down the instance that
//! serves every request of the Directus API process.

mod adapter;
mod address;
mod operations;
mod resolve;
mod workflow;

pub use address::*;
pub use operations::*;
pub use resolve::*;
pub use workflow::*;
