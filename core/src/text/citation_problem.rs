//! Why a citation found in a text could not be turned (entirely) into addresses: the finder's
//! ([`crate::read::citations`]) and the normalizer's ([`crate::read::normalize`]) shared verdict.

use serde::Serialize;

pub const MAX_ADDRESSES: usize = 1000;

/// Why a citation found in the text could not be turned (entirely) into addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum CitationProblem {
    /// The citation names no document, and neither `current_doc` nor a context address was given.
    MissingDocument,
    /// `current_doc` cannot become a document slug.
    InvalidCurrentDoc { found: String },
    /// The citation names a document without its code (`của Luật Đất đai`, `of the Companies Act`).
    UnidentifiedDocument { found: String },
    /// A relative citation (`khoản 1 Điều này`, `khoản 1` alone) and no context address was given.
    MissingContext,
    /// The context address has no unit the relative citation can hang from
    /// (`Điều này` while the context is a chapter).
    ContextMismatch { label: String, context: String },
    /// A citation that names a document cites only levels below a citation root (`khoản 1 Luật 45/2019/QH14`).
    MissingCitationRoot { label: String },
    /// A section cited directly inside a type that cannot contain it (`khoản 1 Chương II`).
    InvalidNesting { child: String, parent: String },
    /// The built address is not canonical (too long, too deep); `reason` is the address error.
    InvalidAddress { address: String, reason: String },
    /// A range whose ends cannot be counted; only its two ends are listed.
    RangeNotExpanded { from: String, to: String },
    /// The citation expands to more than [`MAX_ADDRESSES`] addresses. `count` is the total
    /// reached by the chain that crossed the limit; that chain and the rest are not listed.
    TooManyAddresses { count: usize },
}

impl CitationProblem {
    /// Stable kebab-case code, the same as the serialized `code` tag.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingDocument => "missing-document",
            Self::InvalidCurrentDoc { .. } => "invalid-current-doc",
            Self::UnidentifiedDocument { .. } => "unidentified-document",
            Self::MissingContext => "missing-context",
            Self::ContextMismatch { .. } => "context-mismatch",
            Self::MissingCitationRoot { .. } => "missing-citation-root",
            Self::InvalidNesting { .. } => "invalid-nesting",
            Self::InvalidAddress { .. } => "invalid-address",
            Self::RangeNotExpanded { .. } => "range-not-expanded",
            Self::TooManyAddresses { .. } => "too-many-addresses",
        }
    }

    /// What is wrong, in words an editor can act on.
    pub fn message(&self) -> String {
        match self {
            Self::MissingDocument => "the citation names no document and no current document was given".into(),
            Self::InvalidCurrentDoc { found } => format!("the current document '{found}' is not a document code or slug"),
            Self::UnidentifiedDocument { found } => format!("'{found}' names a document without its code; add the code, e.g. 'Luật số 45/2019/QH14'"),
            Self::MissingContext => "the citation is relative to the unit it appears in, and no context address was given".into(),
            Self::ContextMismatch { label, context } => format!("'{label}' cannot be resolved inside '{context}'"),
            Self::MissingCitationRoot { label } => format!("'{label}' is cited in another document without its article, e.g. 'khoản 1 Điều 44'"),
            Self::InvalidNesting { child, parent } => format!("'{child}' cannot sit directly inside '{parent}'"),
            Self::InvalidAddress { address, reason } => format!("'{address}' is not a canonical address: {reason}"),
            Self::RangeNotExpanded { from, to } => format!("the range {from} to {to} cannot be counted; only its ends are listed"),
            Self::TooManyAddresses { count } => format!("the citation expands to {count} addresses, more than {MAX_ADDRESSES}"),
        }
    }
}
