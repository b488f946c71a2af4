//! The pure domain core of iu-cutter.
//!
//! Every rule about canonical addresses, vocabularies and the normalization of human
//! input lives here, once. The crate is pure: no I/O, no clock, no randomness, no JS
//! types, and no panics on any input, because the same code runs natively and as
//! WebAssembly in the browser and in the Directus API process, where a panic kills the
//! instance.
//!
//! The modules sit in layers, each using only the layers above it in this list (never one
//! below, and no two modules in a loop: `core/tests/layers.rs` fails on either):
//!
//! - [`text`]: words and their rules — canonical addresses, vocabularies, folding, ordinals and
//!   document codes, printing citations, timestamps, hashes, canonical JSON, the errors every
//!   module reports and the word diff.
//! - [`store`]: what the store holds — units, aliases, and resolving an address at a date.
//! - [`read`]: reading texts — the cut, the citation finder, human input to addresses, amending
//!   laws read into instructions, rendering units back to text.
//! - [`ledger`]: the append-only record — the hash chain, signed checkpoints, the audit,
//!   drift between the store and the ledger, backups.
//! - [`change`]: CUT / VERIFY change sets — plan, manifest, gates, verify, rollback, repair and
//!   incidents, crosswalks, amendments applied, position upgrades, review summaries.
//! - [`publish`]: what the store shows of its past — a unit's versions and the Akoma Ntoso export.
//! - [`workflow`] (who may run which step in which state: the two-person rule) and [`migration`]
//!   (schema diffs and the gates around a migration) use all of the above.
//!
//! Without the `server` feature (the admin app's WASM) the crate is what the browser calls: [`text`],
//! [`store`] and, of [`read`], human input to addresses and the citation finder.

#[cfg(feature = "server")]
pub mod change;
#[cfg(feature = "server")]
pub mod ledger;
#[cfg(feature = "server")]
pub mod migration;
#[cfg(feature = "server")]
pub mod publish;
pub mod read;
pub mod store;
pub mod text;
#[cfg(feature = "server")]
pub mod workflow;

pub use read::normalize::{
    normalize_address, normalize_address_with_default_doc, normalize_segment, Normalized,
};
pub use text::address::{parse, validate, Address, AddressError, AddressErrorKind, Segment};
pub use text::doc_code::normalize_doc_code;
pub use text::fold::fold;
pub use text::normalize_error::{NormalizeError, NormalizeErrorKind};
pub use text::ordinal::normalize_ordinal;
pub use text::report::{ErrorReport, Report};
pub use text::vocabulary::{
    default_vocabularies, default_vocabulary, OrdinalStyle, SectionType, Vocabulary,
    VocabularyError,
};
