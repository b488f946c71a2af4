//! What the store shows of its past: a unit's versions over time and the Akoma Ntoso export.

#[cfg(feature = "seal")]
pub mod akn;
#[cfg(feature = "seal")]
pub mod history;
