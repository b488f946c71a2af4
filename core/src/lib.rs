//! The pure domain core of iu-cutter.
//!
//! Every rule about canonical addresses, vocabularies and the normalization of human
//! input lives here, once. The crate is pure: no I/O, no clock, no randomness, no JS
//! types, and no panics on any input, because the same code runs natively and as
//! WebAssembly in the browser and in the Directus API process, where a panic kills the
//! instance.
//!
//! - [`address`]: `canonical-address-v1` — [`Address`], [`validate`], [`parse`].
//! - [`vocabulary`]: section types as data — [`Vocabulary`], [`default_vocabularies`].
//! - [`normalize`]: human input ("điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14") to
//!   canonical parts — [`fold`], [`normalize_address`].
//! - [`cite`]: a canonical address back to a human citation — [`cite::cite_address`].
//! - [`hash`]: sha256 hex digests of contents.
//! - [`report`]: the flat [`ErrorReport`] every error turns into at the JS boundary.
//! - [`plan`], [`manifest`], [`gate`], [`verify`], [`rollback`], [`ledger`]: the CUT /
//!   VERIFY change sets, from the preview to the undo; [`workflow`]: who may run which
//!   step in which state (the two-person rule).
//! - [`checkpoint`], [`audit`], [`drift`]: the ledger nobody can forge (DESIGN §8) — Ed25519
//!   signed checkpoints of the chain head, the streamed incremental audit of the chain
//!   against them and the witness file, and the store held to the ledger's after-images;
//!   [`incident`], [`repair`]: after tampering, the incident that records and disowns what
//!   was found, and the governed repair that puts the store back to the ledger's images.
//! - [`migration`], [`backup`]: the decisions of the operations scripts — schema diffs
//!   and the gates around a migration, and the cell-for-cell check of a restored backup.

pub mod address;
#[cfg(feature = "seal")]
pub mod akn;
pub mod alias;
pub mod amend;
#[cfg(feature = "seal")]
pub mod audit;
pub mod backup;
mod bytes;
pub mod canonical_json;
pub mod change;
#[cfg(feature = "seal")]
pub mod checkpoint;
pub mod citations;
pub mod cite;
pub mod crosswalk;
pub mod cut;
pub mod diagnostic;
#[cfg(feature = "seal")]
pub mod drift;
pub mod gate;
pub mod hash;
#[cfg(feature = "seal")]
pub mod history;
#[cfg(feature = "seal")]
pub mod incident;
pub mod ledger;
pub mod manifest;
pub mod migration;
pub mod normalize;
pub mod plan;
pub mod position_upgrade;
#[cfg(feature = "seal")]
pub mod repair;
pub mod report;
pub mod review;
pub mod rollback;
pub mod sample;
pub mod unit;
pub mod verify;
pub mod vocabulary;
pub mod vocabulary_fit;
pub mod word_diff;
pub mod workflow;

pub use address::{parse, validate, Address, AddressError, AddressErrorKind, Segment};
pub use normalize::{
    fold, normalize_address, normalize_address_with_default_doc, normalize_doc_code,
    normalize_ordinal, normalize_segment, NormalizeError, NormalizeErrorKind, Normalized,
};
pub use report::{ErrorReport, Report};
pub use vocabulary::{
    default_vocabularies, default_vocabulary, OrdinalStyle, SectionType, Vocabulary,
    VocabularyError,
};
