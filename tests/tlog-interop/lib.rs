//! Test-only crate: the core's transparency-log formats (`iu_cutter_core::ledger::tlog`) held byte
//! for byte to an implementation we did not write, Cloudflare's `tlog_tiles` and `signed_note`.
//! The checks are in `interop.rs`; this library is empty.
