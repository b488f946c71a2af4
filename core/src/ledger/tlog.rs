//! The ledger as a transparency log in the C2SP formats: one leaf per ledger row (its
//! `row_hash`), RFC 6962 hashing, checkpoints as signed notes, tiles any static host can
//! serve, witnesses' cosignatures, and proofs an auditor checks offline with tools we
//! did not write (c2sp.org/tlog-checkpoint, signed-note, tlog-tiles, tlog-cosignature,
//! tlog-witness, tlog-proof).
//!
//! The hash chain ([`crate::ledger::chain`]) stays: it orders the rows and each leaf is
//! a row's chain hash. The log adds what a chain cannot give: a proof that one row is in
//! the history in O(log n) hashes, a proof that one history extends another, and
//! checkpoints other machines keep and cosign, so a rollback or a split view is caught.

pub mod merkle;
pub mod note;
pub mod policy;
pub mod proof;
#[cfg(test)]
mod tests;
pub mod tiles;
pub mod witness;
