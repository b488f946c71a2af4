//! The append-only record: the hash chain, its signed checkpoints, the signatures of the people and
//! agents who took each step, the audit of all of them, the store held to the ledger's after-images
//! (drift), and backups.

#[cfg(feature = "seal")]
pub mod actor;
#[cfg(feature = "seal")]
pub mod audit;
pub mod backup;
pub mod chain;
#[cfg(feature = "seal")]
pub mod checkpoint;
#[cfg(feature = "seal")]
pub mod drift;
#[cfg(feature = "seal")]
pub mod offline;
#[cfg(feature = "seal")]
pub mod policy;
#[cfg(feature = "seal")]
pub mod tlog;
