//! Why human input could not be normalized, in words a legal editor can act on.

use std::fmt;

use crate::text::address::{AddressError, AddressErrorKind, MAX_LEN};
use crate::text::citation_problem::CitationProblem;
use crate::text::report::Report;
use crate::text::vocabulary::OrdinalStyle;

/// What is wrong with the input. The offset lives in [`NormalizeError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NormalizeErrorKind {
    /// The input is empty or only whitespace.
    Empty,
    /// A document code holds a character that cannot become part of a slug (only letters, digits, `/ . _ -` and spaces can).
    InvalidDocCodeCharacter { found: char },
    /// A document code has no letters or digits.
    EmptyDocCode,
    /// A document code's slug would be longer than an address may be.
    DocCodeTooLong,
    /// The default document code given by the caller cannot become a slug.
    InvalidDefaultDocCode { found: String },
    /// A section label with no ordinal after it (`Điều` alone).
    EmptyOrdinal { style: OrdinalStyle },
    /// A character the ordinal's style does not allow (`Điều 4!`).
    InvalidOrdinalCharacter { found: char, style: OrdinalStyle },
    /// An ordinal written in no form its style accepts (`Điều abc`).
    InvalidOrdinal { found: String, style: OrdinalStyle },
    /// Roman-numeral letters that break the strict rules (`IIII`, `IC`, above `MMMCMXCIX`); `value` is what a lenient reading gives.
    InvalidRomanNumeral { found: String, value: u64 },
    /// A word that does not continue a Vietnamese number written in words (1–99).
    InvalidSpelledOrdinal { found: String },
    /// The text does not start with a label of the vocabulary.
    UnknownSectionLabel {
        found: String,
        expected: Vec<String>,
    },
    /// The label names a section type that is switched off in its vocabulary.
    InactiveSectionType { label: String },
    /// A citation word that is no label, ordinal, document word or document code.
    UnexpectedWord { found: String },
    /// A citation names no document and no default document was given; the offset is the end of the input.
    MissingDocCode,
    /// A citation names a second document code.
    MultipleDocCodes { found: String },
    /// Section labels run neither innermost-first nor outermost-first.
    MixedCitationOrder { label: String },
    /// No cited section is a citation root (e.g. only `khoản 1`), so the address has no anchor.
    MissingCitationRoot { label: String, roots: Vec<String> },
    /// A section cited directly inside a section type that cannot contain it (`khoản 1 Chương II`).
    InvalidNesting { child: String, parent: String },
    /// A parenthesised sub-ordinal (`5(1)`) where the vocabulary has no level below.
    NoChildType { label: String },
    /// The input looks like an address but is not a valid canonical one; the inner kind says why.
    Address(AddressErrorKind),
    /// The citation finder read the input as one citation it cannot turn into an address
    /// (a document named without its code, a range, a relative citation…); the problem says why.
    CitationProblem(CitationProblem),
    /// The input is one citation of several units (`khoản 2 và khoản 3 Điều 5`); an address names one.
    SeveralAddresses { count: usize },
}

/// Input that could not be normalized: what is wrong and the byte offset in the original input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", Reason(self))]
pub struct NormalizeError {
    pub kind: NormalizeErrorKind,
    /// Byte offset in the original input where the problem starts.
    pub offset: usize,
}

// Display adapter so `reason()` and the thiserror message share one text.
struct Reason<'a>(&'a NormalizeError);

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.describe(f)
    }
}

fn style_examples(style: OrdinalStyle) -> &'static str {
    match style {
        OrdinalStyle::Arabic => "digits with an optional letter suffix, e.g. 44 or 10a",
        OrdinalStyle::Roman => "a Roman numeral like IV, or digits",
        OrdinalStyle::Letter => "letters like a, đ or a1",
        OrdinalStyle::UpperLetter => "a capital letter like A, or A1",
        OrdinalStyle::LowerRoman => "a Roman numeral like iv, or digits",
        OrdinalStyle::UpperRoman => "a Roman numeral like IV, or digits",
        OrdinalStyle::DoubleLetter => "a doubled letter like aa or bb",
        OrdinalStyle::DoubleCapital => "a doubled capital letter like AA or BB",
        OrdinalStyle::Spelled => {
            "Vietnamese number words like 'thứ nhất' or 'hai mươi mốt', or digits"
        }
        OrdinalStyle::Term => "a defined term like owner or local authority",
    }
}

impl NormalizeError {
    pub fn new(kind: NormalizeErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }

    /// The same error, its offset moved `by` bytes further into an enclosing input.
    pub(crate) fn shifted(mut self, by: usize) -> Self {
        self.offset = self.offset.saturating_add(by);
        self
    }

    fn describe(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use NormalizeErrorKind as K;
        let at = self.offset;
        match &self.kind {
            K::Empty => write!(f, "empty input at byte {at}: there is nothing to normalize"),
            K::InvalidDocCodeCharacter { found } => write!(f, "character '{}' at byte {at} cannot be part of a document code: only letters, digits, '/', '.', '_', '-' and spaces can", found.escape_debug()),
            K::EmptyDocCode => write!(f, "empty document code at byte {at}: it has no letters or digits"),
            K::DocCodeTooLong => write!(f, "document code too long at byte {at}: its slug would exceed {MAX_LEN} bytes"),
            K::InvalidDefaultDocCode { found } => write!(f, "default document code '{found}' cannot become a document slug"),
            K::EmptyOrdinal { style } => write!(f, "missing ordinal at byte {at}: expected {}", style_examples(*style)),
            K::InvalidOrdinalCharacter { found, style } => write!(f, "character '{}' at byte {at} is not allowed in an ordinal of {style} style: expected {}", found.escape_debug(), style_examples(*style)),
            K::InvalidOrdinal { found, style } => write!(f, "'{found}' at byte {at} is not an ordinal of {style} style: expected {}", style_examples(*style)),
            K::InvalidRomanNumeral { found, value } => match roman_suggestion(*value) {
                Some(strict) => write!(f, "'{found}' at byte {at} is not a strict Roman numeral: {value} is written {strict}"),
                None => write!(f, "'{found}' at byte {at} is not a Roman numeral in range: Roman numerals run from I (1) to MMMCMXCIX (3999)"),
            },
            K::InvalidSpelledOrdinal { found } => write!(f, "'{found}' at byte {at} does not continue a Vietnamese number written in words (1–99)"),
            K::UnknownSectionLabel { found, expected } => write!(f, "unknown section label '{found}' at byte {at}: expected one of {}", expected.join(", ")),
            K::InactiveSectionType { label } => write!(f, "section type '{label}' at byte {at} is inactive in its vocabulary"),
            K::UnexpectedWord { found } => write!(f, "unexpected word '{found}' at byte {at}: a citation reads like 'điểm a khoản 1 Điều 44 Luật 45/2019/QH14'"),
            K::MissingDocCode => write!(f, "no document code at byte {at}: the citation does not say which document it cites"),
            K::MultipleDocCodes { found } => write!(f, "second document code '{found}' at byte {at}: a citation names one document"),
            K::MixedCitationOrder { label } => write!(f, "'{label}' at byte {at} breaks the order of the citation: sections must run innermost first or outermost first"),
            K::MissingCitationRoot { label, roots } => write!(f, "'{label}' at byte {at} is not anchored: a citation needs one of {}", roots.join(", ")),
            K::InvalidNesting { child, parent } => write!(f, "'{child}' at byte {at} cannot sit directly inside '{parent}'"),
            K::NoChildType { label } => write!(f, "parenthesised ordinal at byte {at}: '{label}' has no level below it in this vocabulary"),
            K::Address(kind) => write!(f, "{}", AddressError::new(*kind, at)),
            K::CitationProblem(problem) => write!(f, "the citation at byte {at} cannot be an address: {}", problem.message()),
            K::SeveralAddresses { count } => write!(f, "the citation at byte {at} cites {count} units: an address names one"),
        }
    }
}

impl Report for NormalizeError {
    /// Stable kebab-case code; an address problem keeps the address error's code.
    fn code(&self) -> &'static str {
        use NormalizeErrorKind as K;
        match &self.kind {
            K::Empty => "empty",
            K::InvalidDocCodeCharacter { .. } => "invalid-doc-code-character",
            K::EmptyDocCode => "empty-doc-code",
            K::DocCodeTooLong => "doc-code-too-long",
            K::InvalidDefaultDocCode { .. } => "invalid-default-doc-code",
            K::EmptyOrdinal { .. } => "empty-ordinal",
            K::InvalidOrdinalCharacter { .. } => "invalid-ordinal-character",
            K::InvalidOrdinal { .. } => "invalid-ordinal",
            K::InvalidRomanNumeral { .. } => "invalid-roman-numeral",
            K::InvalidSpelledOrdinal { .. } => "invalid-spelled-ordinal",
            K::UnknownSectionLabel { .. } => "unknown-section-label",
            K::InactiveSectionType { .. } => "inactive-section-type",
            K::UnexpectedWord { .. } => "unexpected-word",
            K::MissingDocCode => "missing-doc-code",
            K::MultipleDocCodes { .. } => "multiple-doc-codes",
            K::MixedCitationOrder { .. } => "mixed-citation-order",
            K::MissingCitationRoot { .. } => "missing-citation-root",
            K::InvalidNesting { .. } => "invalid-nesting",
            K::NoChildType { .. } => "no-child-type",
            K::Address(kind) => kind.code(),
            K::CitationProblem(problem) => problem.code(),
            K::SeveralAddresses { .. } => "several-addresses",
        }
    }

    /// What is wrong and where, e.g. "unknown section label 'chapitre' at byte 0: expected one of …".
    fn reason(&self) -> String {
        self.to_string()
    }

    /// How to fix it.
    fn hint(&self) -> String {
        use NormalizeErrorKind as K;
        match &self.kind {
            K::Empty => "type a citation such as 'Điều 44 Luật 45/2019/QH14' or an address such as '45-2019-qh14/dieu-44'".into(),
            K::InvalidDocCodeCharacter { found } => format!("remove '{}' from the document code; write it as published, e.g. '45/2019/QH14'", found.escape_debug()),
            K::EmptyDocCode => "write the document code, e.g. '45/2019/QH14'".into(),
            K::DocCodeTooLong => "use the document's official code, which is short, e.g. '45/2019/QH14'".into(),
            K::InvalidDefaultDocCode { .. } => "set the default document to a code such as '45/2019/QH14' or a slug such as '45-2019-qh14'".into(),
            K::EmptyOrdinal { .. } => "write the number after the label, e.g. 'Điều 44', 'khoản 1', 'điểm a'".into(),
            K::InvalidOrdinalCharacter { found, .. } => format!("remove '{}'", found.escape_debug()),
            K::InvalidOrdinal { style, .. } => format!("write {}", style_examples(*style)),
            K::InvalidRomanNumeral { value, .. } => match roman_suggestion(*value) {
                Some(strict) => format!("write '{strict}' (or the arabic number {value})"),
                None => "write the arabic number instead".into(),
            },
            K::InvalidSpelledOrdinal { .. } => "write the number in digits, or in words like 'thứ nhất', 'mười lăm', 'hai mươi mốt'".into(),
            K::UnknownSectionLabel { expected, .. } => format!("start with one of {}, or check the vocabulary", expected.join(", ")),
            K::InactiveSectionType { .. } => "ask an administrator to activate the section type, or cite its enclosing section".into(),
            K::UnexpectedWord { .. } => "remove the word, or type the address directly, e.g. '45-2019-qh14/dieu-44'".into(),
            K::MissingDocCode => "add the document code after the citation, e.g. '… Luật 45/2019/QH14', or choose a default document".into(),
            K::MultipleDocCodes { .. } => "cite one document at a time".into(),
            K::MixedCitationOrder { .. } => "list sections innermost first ('điểm a khoản 1 Điều 5') or outermost first ('Điều 5, khoản 1, điểm a')".into(),
            K::MissingCitationRoot { roots, .. } => format!("add the enclosing {}, e.g. 'khoản 1 Điều 44'", roots.join(" or ")),
            K::InvalidNesting { child, .. } => format!("cite the {child} inside a section type that contains it, e.g. 'khoản 1 Điều 44'"),
            K::NoChildType { .. } => "remove the parenthesised part".into(),
            K::Address(kind) => kind.hint(),
            K::CitationProblem(problem) => citation_hint(problem),
            K::SeveralAddresses { .. } => "cite one unit, e.g. 'khoản 2 Điều 5 Luật 45/2019/QH14', or type its address, e.g. '45-2019-qh14/dieu-5/khoan-2'".into(),
        }
    }

    fn offset(&self) -> Option<usize> {
        Some(self.offset)
    }
}

/// How to fix a citation the finder read but could not turn into one address.
fn citation_hint(problem: &CitationProblem) -> String {
    use CitationProblem as P;
    match problem {
        P::MissingDocument => "add the document code after the citation, e.g. '… Luật 45/2019/QH14', or choose a default document".into(),
        P::InvalidCurrentDoc { .. } => "set the default document to a code such as '45/2019/QH14' or a slug such as '45-2019-qh14'".into(),
        P::UnidentifiedDocument { .. } => "name the document by its code, e.g. 'Điều 44 Luật số 45/2019/QH14'".into(),
        P::MissingContext | P::ContextMismatch { .. } => "cite the unit from its article, e.g. 'khoản 1 Điều 44', or type its address".into(),
        P::MissingCitationRoot { .. } => "add the enclosing article, e.g. 'khoản 1 Điều 44 Luật 45/2019/QH14'".into(),
        P::InvalidNesting { child, .. } => format!("cite the {child} inside a section type that contains it, e.g. 'khoản 1 Điều 44'"),
        P::InvalidAddress { .. } => "cite a shallower unit, or type its address".into(),
        P::RangeNotExpanded { .. } | P::TooManyAddresses { .. } => "cite one unit, e.g. 'Điều 3', or type its address".into(),
    }
}

fn roman_suggestion(value: u64) -> Option<String> {
    u32::try_from(value)
        .ok()
        .and_then(crate::text::roman::to_roman)
}
