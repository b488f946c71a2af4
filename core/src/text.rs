//! Words and their rules: the lowest layer, used by every other.

pub mod address;
pub(crate) mod bytes;
pub mod canonical_json;
pub mod citation_problem;
pub mod cite;
pub mod diagnostic;
pub mod doc_code;
pub mod fold;
pub mod hash;
pub mod normalize_error;
pub mod ordinal;
pub mod report;
pub mod roman;
pub mod timestamp;
pub mod vocabulary;
pub mod word_diff;
