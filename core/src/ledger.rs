//! The append-only record: the hash chain, its signed checkpoints, the audit of both, the store held
//! to the ledger's after-images (drift), and backups.

#[cfg(feature = "seal")]
pub mod audit;
pub mod backup;
pub mod chain;
#[cfg(feature = "seal")]
pub mod checkpoint;
#[cfg(feature = "seal")]
pub mod drift;
