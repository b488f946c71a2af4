//! `canonical-address-v1`: the stable address of a logical unit.
//!
//! ```text
//! address  = doc *( "/" segment )
//! doc      = slug
//! slug     = 1*( a-z / DIGIT ) *( "-" 1*( a-z / DIGIT ) )
//! segment  = token "-" ordinal
//! token    = 1*( a-z )
//! ordinal  = 1*( a-z / DIGIT )
//! ```
//!
//! At most [`MAX_LEN`] bytes and [`MAX_DEPTH`] segments. Example:
//! `45-2019-qh14/dieu-44/khoan-1/diem-dd`.

mod atom;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::text::report::Report;

pub use atom::Atom;

/// The value stored in `canonical_address_format_version`.
pub const FORMAT_VERSION: &str = "canonical-address-v1";
/// Longest valid address, in bytes.
pub const MAX_LEN: usize = 255;
/// Most segments below the document.
pub const MAX_DEPTH: usize = 8;

/// A parsed canonical address: the document slug and the path of segments below it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Address {
    /// The document slug, e.g. `45-2019-qh14`.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub doc: Atom,
    /// Outermost first, e.g. `dieu-44`, `khoan-1`, `diem-dd`.
    pub segments: Vec<Segment>,
}

/// One step below the document: a section type's address token and the unit's ordinal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Segment {
    /// The section type's address token, e.g. `dieu`.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub token: Atom,
    /// The unit's ordinal, e.g. `44`, `10a`, `dd`.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub ordinal: Atom,
}

/// Which part of an address a character was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// The document slug before the first `/`.
    Doc,
    /// A segment's token, before its `-`.
    Token,
    /// A segment's ordinal, after its `-`.
    Ordinal,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Doc => "document slug",
            Part::Token => "token",
            Part::Ordinal => "ordinal",
        })
    }
}

/// What is wrong with an address. The offset lives in [`AddressError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressErrorKind {
    /// The input is the empty string.
    Empty,
    /// The input is longer than [`MAX_LEN`] bytes; the offset is [`MAX_LEN`], the first byte past the limit.
    TooLong { len: usize },
    /// The input has more than [`MAX_DEPTH`] segments; the offset is where the first extra segment starts.
    TooDeep { depth: usize },
    /// An ASCII uppercase letter anywhere.
    UppercaseLetter { found: char },
    /// A character outside ASCII anywhere (accents, `đ`, full-width digits, …).
    NonAscii { found: char },
    /// An ASCII character (space, `_`, `.`, …) that no part of an address allows.
    InvalidCharacter { found: char, in_part: Part },
    /// The address starts with `/`, so it has no document slug.
    EmptyDocSlug,
    /// The document slug starts with `-`.
    LeadingHyphen,
    /// The document slug ends with `-`; the offset is that hyphen.
    TrailingHyphen,
    /// The document slug has `--`; the offset is the second hyphen.
    DoubleHyphen,
    /// `//` or a trailing `/`; the offset is where the missing segment should start.
    EmptySegment,
    /// A segment has no `-` between token and ordinal; the offset is where the hyphen was expected.
    MissingHyphen,
    /// A segment starts with `-`, so its token is empty.
    EmptyToken,
    /// A segment ends right after its `-`, so its ordinal is empty; the offset is where it should start.
    EmptyOrdinal,
    /// A segment has a second `-`; ordinals cannot contain hyphens.
    ExtraHyphen,
    /// A digit inside a token; tokens are letters only.
    DigitInToken { found: char },
}

impl AddressErrorKind {
    /// Stable kebab-case code, safe to match on from other languages.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::TooLong { .. } => "too-long",
            Self::TooDeep { .. } => "too-deep",
            Self::UppercaseLetter { .. } => "uppercase-letter",
            Self::NonAscii { .. } => "non-ascii",
            Self::InvalidCharacter { .. } => "invalid-character",
            Self::EmptyDocSlug => "empty-doc-slug",
            Self::LeadingHyphen => "leading-hyphen",
            Self::TrailingHyphen => "trailing-hyphen",
            Self::DoubleHyphen => "double-hyphen",
            Self::EmptySegment => "empty-segment",
            Self::MissingHyphen => "missing-hyphen",
            Self::EmptyToken => "empty-token",
            Self::EmptyOrdinal => "empty-ordinal",
            Self::ExtraHyphen => "extra-hyphen",
            Self::DigitInToken { .. } => "digit-in-token",
        }
    }

    /// How to fix the input.
    pub fn hint(&self) -> String {
        match *self {
            Self::Empty => "enter the document slug, e.g. '45-2019-qh14', optionally followed by segments like '/dieu-44'".into(),
            Self::TooLong { .. } => format!("shorten the address to at most {MAX_LEN} bytes, usually by shortening the document slug"),
            Self::TooDeep { .. } => format!("cite a unit at most {MAX_DEPTH} levels below the document; a citation root such as Điều starts again at the document"),
            Self::UppercaseLetter { found } => format!("write '{}' instead of '{found}'", found.to_ascii_lowercase()),
            Self::NonAscii { found: 'đ' | 'Đ' | 'Ð' | 'ð' } => {
                "write 'dd' for 'đ' (point đ is 'diem-dd'; 'diem-d' is point d)".into()
            }
            Self::NonAscii { .. } => "drop accents and tone marks ('ề' → 'e'), or normalize the citation instead of typing the address".into(),
            Self::InvalidCharacter { in_part: Part::Doc, .. } => "join the parts of the document slug with single hyphens, e.g. '45-2019-qh14', and use '/' only before a segment".into(),
            Self::InvalidCharacter { found, .. } => format!("remove '{}'; a segment is letters, one hyphen, then letters or digits, e.g. 'dieu-10a'", found.escape_debug()),
            Self::EmptyDocSlug => "put the document slug before the first '/', e.g. '45-2019-qh14/dieu-44'".into(),
            Self::LeadingHyphen | Self::TrailingHyphen => "remove the hyphen".into(),
            Self::DoubleHyphen => "remove one of the two hyphens".into(),
            Self::EmptySegment => "remove the extra '/' or add the missing segment, e.g. 'khoan-1'".into(),
            Self::MissingHyphen => "put a hyphen between the token and the ordinal, e.g. 'dieu-44'".into(),
            Self::EmptyToken => "add the section token before the hyphen, e.g. 'khoan-1'".into(),
            Self::EmptyOrdinal => "add the ordinal after the hyphen, e.g. 'khoan-1'".into(),
            Self::ExtraHyphen => "write the ordinal without a hyphen, e.g. 'dieu-10a' rather than 'dieu-10-a'".into(),
            Self::DigitInToken { .. } => "put a hyphen between the token and the number, e.g. 'dieu-44' rather than 'dieu44'".into(),
        }
    }

    fn describe(&self, f: &mut fmt::Formatter<'_>, offset: usize) -> fmt::Result {
        match *self {
            Self::Empty => write!(f, "empty address at byte {offset}: an address needs at least a document slug"),
            Self::TooLong { len } => write!(f, "address of {len} bytes is too long at byte {offset}: canonical addresses are at most {MAX_LEN} bytes"),
            Self::TooDeep { depth } => write!(f, "address of {depth} segments is too deep at byte {offset}: canonical addresses have at most {MAX_DEPTH} segments"),
            Self::UppercaseLetter { found } => write!(f, "uppercase letter '{found}' at byte {offset}: canonical addresses are lowercase ASCII"),
            Self::NonAscii { found } => write!(f, "non-ASCII character '{}' at byte {offset}: canonical addresses are lowercase ASCII without accents", found.escape_debug()),
            Self::InvalidCharacter { found, in_part } => {
                let allowed = match in_part {
                    Part::Doc => "a-z, 0-9 and single hyphens",
                    Part::Token => "a-z",
                    Part::Ordinal => "a-z and 0-9",
                };
                write!(f, "invalid character '{}' in the {in_part} at byte {offset}: only {allowed} are allowed there", found.escape_debug())
            }
            Self::EmptyDocSlug => write!(f, "missing document slug at byte {offset}: an address starts with its document, e.g. '45-2019-qh14'"),
            Self::LeadingHyphen => write!(f, "hyphen at the start of the document slug at byte {offset}: slug parts are joined by single hyphens"),
            Self::TrailingHyphen => write!(f, "hyphen at the end of the document slug at byte {offset}: slug parts are joined by single hyphens"),
            Self::DoubleHyphen => write!(f, "double hyphen in the document slug at byte {offset}: slug parts are joined by single hyphens"),
            Self::EmptySegment => write!(f, "empty segment at byte {offset}: every '/' is followed by a segment like 'dieu-44'"),
            Self::MissingHyphen => write!(f, "missing hyphen at byte {offset}: a segment is a token, a hyphen and an ordinal, like 'dieu-44'"),
            Self::EmptyToken => write!(f, "empty token at byte {offset}: a segment starts with its token, like 'dieu' in 'dieu-44'"),
            Self::EmptyOrdinal => write!(f, "empty ordinal at byte {offset}: a segment ends with its ordinal, like '44' in 'dieu-44'"),
            Self::ExtraHyphen => write!(f, "second hyphen in a segment at byte {offset}: an ordinal cannot contain hyphens"),
            Self::DigitInToken { found } => write!(f, "digit '{found}' in a token at byte {offset}: tokens are letters a-z only"),
        }
    }
}

/// An invalid address: what is wrong and the byte offset in the input where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{}", Reason(self))]
pub struct AddressError {
    pub kind: AddressErrorKind,
    /// Byte offset in the input where the problem starts.
    pub offset: usize,
}

// Display adapter so `reason()` and the thiserror message share one text.
struct Reason<'a>(&'a AddressError);

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.kind.describe(f, self.0.offset)
    }
}

impl AddressError {
    pub fn new(kind: AddressErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }
}

impl Report for AddressError {
    /// Stable kebab-case code of the kind.
    fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// What is wrong and where, e.g. "uppercase letter 'Q' at byte 9: canonical addresses are lowercase ASCII".
    fn reason(&self) -> String {
        self.to_string()
    }

    /// How to fix it.
    fn hint(&self) -> String {
        self.kind.hint()
    }

    fn offset(&self) -> Option<usize> {
        Some(self.offset)
    }
}

// Where the scanner is in the grammar; "Start" states have not yet seen a character of their part.
#[derive(Clone, Copy)]
enum State {
    DocStart,
    Doc,
    DocHyphen,
    TokenStart,
    Token,
    OrdinalStart,
    Ordinal,
}

impl State {
    fn part(self) -> Part {
        match self {
            State::DocStart | State::Doc | State::DocHyphen => Part::Doc,
            State::TokenStart | State::Token => Part::Token,
            State::OrdinalStart | State::Ordinal => Part::Ordinal,
        }
    }
}

/// Checks `s` against canonical-address-v1 and returns its depth (number of segments).
///
/// One pass over the bytes, no allocation: this is the hot path. Stops at the first
/// problem; the length limit is checked before anything else.
pub fn validate(s: &str) -> Result<usize, AddressError> {
    scan(s, 0, State::DocStart, 0)
}

/// [`validate`] of `s` whose first `valid_len` bytes are an address that [`validate`]
/// accepted at `depth`: the same result, without reading those bytes again. The cut
/// extends its parent's address by one segment for every unit.
pub fn validate_extension(s: &str, valid_len: usize, depth: usize) -> Result<usize, AddressError> {
    if valid_len == 0 || valid_len > s.len() || depth > MAX_DEPTH {
        return validate(s);
    }
    // A valid address ends in its document slug or in an ordinal.
    let state = if depth == 0 {
        State::Doc
    } else {
        State::Ordinal
    };
    scan(s, valid_len, state, depth)
}

// `validate` from byte `from` on, in `state` at `depth` there.
fn scan(s: &str, from: usize, mut state: State, mut depth: usize) -> Result<usize, AddressError> {
    use AddressErrorKind as K;
    let err = |kind, offset| Err(AddressError::new(kind, offset));
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return err(K::Empty, 0);
    }
    if bytes.len() > MAX_LEN {
        return err(K::TooLong { len: bytes.len() }, MAX_LEN);
    }
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        state = match b {
            b'a'..=b'z' => match state {
                State::DocStart | State::Doc | State::DocHyphen => State::Doc,
                State::TokenStart | State::Token => State::Token,
                State::OrdinalStart | State::Ordinal => State::Ordinal,
            },
            b'0'..=b'9' => match state {
                State::DocStart | State::Doc | State::DocHyphen => State::Doc,
                State::TokenStart | State::Token => {
                    return err(
                        K::DigitInToken {
                            found: char::from(b),
                        },
                        i,
                    )
                }
                State::OrdinalStart | State::Ordinal => State::Ordinal,
            },
            b'-' => match state {
                State::DocStart => return err(K::LeadingHyphen, i),
                State::Doc => State::DocHyphen,
                State::DocHyphen => return err(K::DoubleHyphen, i),
                State::TokenStart => return err(K::EmptyToken, i),
                State::Token => State::OrdinalStart,
                State::OrdinalStart | State::Ordinal => return err(K::ExtraHyphen, i),
            },
            b'/' => match state {
                State::DocStart => return err(K::EmptyDocSlug, i),
                State::DocHyphen => return err(K::TrailingHyphen, i.saturating_sub(1)),
                State::TokenStart => return err(K::EmptySegment, i),
                State::Token => return err(K::MissingHyphen, i),
                State::OrdinalStart => return err(K::EmptyOrdinal, i),
                State::Doc | State::Ordinal => {
                    if depth == MAX_DEPTH {
                        let depth = bytes.iter().filter(|&&b| b == b'/').count();
                        return err(K::TooDeep { depth }, i + 1);
                    }
                    depth += 1;
                    State::TokenStart
                }
            },
            _ => return Err(unexpected_byte(s, i, state.part())),
        };
    }
    let end = bytes.len();
    match state {
        State::Doc | State::Ordinal => Ok(depth),
        State::DocStart => err(K::Empty, 0),
        State::DocHyphen => err(K::TrailingHyphen, end.saturating_sub(1)),
        State::TokenStart => err(K::EmptySegment, end),
        State::Token => err(K::MissingHyphen, end),
        State::OrdinalStart => err(K::EmptyOrdinal, end),
    }
}

// Cold path: name the character the grammar does not allow at byte `i`.
#[cold]
fn unexpected_byte(s: &str, i: usize, in_part: Part) -> AddressError {
    let byte = s.as_bytes().get(i).copied().unwrap_or(0);
    let kind = if byte.is_ascii_uppercase() {
        AddressErrorKind::UppercaseLetter {
            found: char::from(byte),
        }
    } else if byte.is_ascii() {
        AddressErrorKind::InvalidCharacter {
            found: char::from(byte),
            in_part,
        }
    } else {
        // Every earlier byte was ASCII, so `i` is a char boundary.
        let found = s
            .get(i..)
            .and_then(|t| t.chars().next())
            .unwrap_or('\u{FFFD}');
        AddressErrorKind::NonAscii { found }
    };
    AddressError::new(kind, i)
}

/// Parses a canonical address; fails exactly when [`validate`] fails, with the same error.
pub fn parse(s: &str) -> Result<Address, AddressError> {
    let depth = validate(s)?;
    // One pass over the bytes validate has accepted: ASCII, so every index is a char boundary,
    // and each segment has exactly one hyphen (a hand loop: `split` costs more on such short parts).
    let bytes = s.as_bytes();
    let end_of = |from: usize| {
        bytes[from..]
            .iter()
            .position(|&b| b == b'/')
            .map_or(bytes.len(), |i| from + i)
    };
    let doc_end = end_of(0);
    let mut segments = Vec::with_capacity(depth);
    let mut start = doc_end + 1;
    while start <= bytes.len() {
        let end = end_of(start);
        let hyphen = bytes[start..end]
            .iter()
            .position(|&b| b == b'-')
            .map_or(end, |i| start + i);
        segments.push(Segment {
            token: Atom::new(&s[start..hyphen]),
            ordinal: Atom::new(s.get(hyphen + 1..end).unwrap_or_default()),
        });
        start = end + 1;
    }
    Ok(Address {
        doc: Atom::new(&s[..doc_end]),
        segments,
    })
}

impl FromStr for Address {
    type Err = AddressError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.doc)?;
        for segment in &self.segments {
            write!(f, "/{segment}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.token, self.ordinal)
    }
}

impl Address {
    /// The canonical string, e.g. `45-2019-qh14/dieu-44`.
    pub fn format(&self) -> String {
        self.to_string()
    }

    /// Number of segments below the document (0 for the document itself).
    pub fn depth(&self) -> usize {
        self.segments.len()
    }

    /// The address one level up; the document itself has no parent.
    pub fn parent(&self) -> Option<Address> {
        let (_, outer) = self.segments.split_last()?;
        Some(Address {
            doc: self.doc.clone(),
            segments: outer.to_vec(),
        })
    }

    /// True when `other` is exactly one segment below `self` in the same document.
    pub fn is_parent_of(&self, other: &Address) -> bool {
        other.depth() == self.depth() + 1 && self.is_prefix_of(other)
    }

    /// True when `other` is strictly below `self` in the same document.
    pub fn is_ancestor_of(&self, other: &Address) -> bool {
        other.depth() > self.depth() && self.is_prefix_of(other)
    }

    fn is_prefix_of(&self, other: &Address) -> bool {
        self.doc == other.doc && other.segments.starts_with(&self.segments)
    }

    /// The address one level down. Validated: error offsets refer to the child's canonical string.
    pub fn child(&self, token: &str, ordinal: &str) -> Result<Address, AddressError> {
        parse(&format!("{self}/{token}-{ordinal}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use AddressErrorKind as K;

    fn fails(input: &str) -> (AddressErrorKind, usize) {
        let e = validate(input).expect_err(input);
        (e.kind, e.offset)
    }

    fn seg(token: &str, ordinal: &str) -> Segment {
        Segment {
            token: token.into(),
            ordinal: ordinal.into(),
        }
    }

    #[test]
    fn point_dd_of_clause_1_of_article_44_parses_into_its_path() {
        let a = parse("45-2019-qh14/dieu-44/khoan-1/diem-dd").unwrap();
        assert_eq!(a.doc, "45-2019-qh14");
        assert_eq!(
            a.segments,
            vec![seg("dieu", "44"), seg("khoan", "1"), seg("diem", "dd")]
        );
        assert_eq!(a.depth(), 3);
        assert_eq!(a.format(), "45-2019-qh14/dieu-44/khoan-1/diem-dd");
    }

    #[test]
    fn a_document_slug_alone_is_an_address_of_depth_zero() {
        assert_eq!(validate("168-2024-ndd-cp"), Ok(0));
        assert_eq!(parse("45").unwrap().segments, vec![]);
    }

    #[test]
    fn amendment_ordinals_and_letter_ordinals_are_valid() {
        for ok in [
            "45-2019-qh14/dieu-10a",
            "45-2019-qh14/dieu-44/khoan-1a",
            "45-2019-qh14/dieu-44/khoan-1/diem-a1",
            "x/chuong-3/muc-1",
        ] {
            assert!(validate(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn empty_input_is_rejected_at_byte_0() {
        assert_eq!(fails(""), (K::Empty, 0));
    }

    #[test]
    fn exactly_255_bytes_is_valid_and_256_is_too_long_at_byte_255() {
        let at_limit = "a".repeat(MAX_LEN);
        assert_eq!(validate(&at_limit), Ok(0));
        let over = "a".repeat(MAX_LEN + 1);
        assert_eq!(fails(&over), (K::TooLong { len: 256 }, 255));
        let deep_at_limit = format!("{}/dieu-1", "a".repeat(MAX_LEN - 7));
        assert_eq!(validate(&deep_at_limit), Ok(1));
    }

    #[test]
    fn too_long_is_reported_even_when_the_limit_splits_a_character() {
        let over = format!("{}đ", "a".repeat(254));
        assert_eq!(fails(&over), (K::TooLong { len: 256 }, 255));
    }

    #[test]
    fn eight_segments_are_valid_and_nine_are_too_deep_where_the_ninth_starts() {
        let eight = format!("d{}", "/x-1".repeat(8));
        assert_eq!(validate(&eight), Ok(8));
        let nine = format!("d{}", "/x-1".repeat(9));
        // "d" + 8 × "/x-1" = 33 bytes; the ninth segment starts after the ninth '/'.
        assert_eq!(fails(&nine), (K::TooDeep { depth: 9 }, 34));
    }

    #[test]
    fn uppercase_letter_is_named_with_its_offset() {
        assert_eq!(
            fails("45-2019-qh14/dieu-44/Q"),
            (K::UppercaseLetter { found: 'Q' }, 21)
        );
        let e = validate("45-2019-Qh14").unwrap_err();
        assert_eq!(
            e.reason(),
            "uppercase letter 'Q' at byte 8: canonical addresses are lowercase ASCII"
        );
        assert_eq!(e.hint(), "write 'q' instead of 'Q'");
    }

    #[test]
    fn non_ascii_character_is_named_whole_with_its_byte_offset() {
        assert_eq!(
            fails("45-2019-qh14/điểm-a"),
            (K::NonAscii { found: 'đ' }, 13)
        );
        assert!(validate("45-2019-qh14/diem-đ")
            .unwrap_err()
            .hint()
            .contains("'dd'"));
    }

    #[test]
    fn invalid_ascii_character_names_the_part_it_is_in() {
        assert_eq!(
            fails("45/2019"),
            (K::DigitInToken { found: '2' }, 3),
            "a doc code typed with slashes reads as a segment"
        );
        assert_eq!(
            fails("45_2019"),
            (
                K::InvalidCharacter {
                    found: '_',
                    in_part: Part::Doc
                },
                2
            )
        );
        assert_eq!(
            fails("x/di.eu-4"),
            (
                K::InvalidCharacter {
                    found: '.',
                    in_part: Part::Token
                },
                4
            )
        );
        assert_eq!(
            fails("x/dieu-4 "),
            (
                K::InvalidCharacter {
                    found: ' ',
                    in_part: Part::Ordinal
                },
                8
            )
        );
    }

    #[test]
    fn slug_hyphen_errors_point_at_the_offending_hyphen() {
        assert_eq!(fails("-45"), (K::LeadingHyphen, 0));
        assert_eq!(fails("45-"), (K::TrailingHyphen, 2));
        assert_eq!(fails("45-/dieu-1"), (K::TrailingHyphen, 2));
        assert_eq!(fails("45--2019"), (K::DoubleHyphen, 3));
    }

    #[test]
    fn missing_doc_slug_is_reported_at_byte_0() {
        assert_eq!(fails("/dieu-1"), (K::EmptyDocSlug, 0));
    }

    #[test]
    fn empty_segment_is_reported_where_the_segment_should_start() {
        assert_eq!(fails("45//dieu-1"), (K::EmptySegment, 3));
        assert_eq!(fails("45/dieu-1/"), (K::EmptySegment, 10));
    }

    #[test]
    fn segment_shape_errors_have_exact_offsets() {
        assert_eq!(fails("45/dieu"), (K::MissingHyphen, 7));
        assert_eq!(fails("45/dieu/khoan-1"), (K::MissingHyphen, 7));
        assert_eq!(fails("45/-1"), (K::EmptyToken, 3));
        assert_eq!(fails("45/dieu-"), (K::EmptyOrdinal, 8));
        assert_eq!(fails("45/dieu-/khoan-1"), (K::EmptyOrdinal, 8));
        assert_eq!(fails("45/dieu-10-a"), (K::ExtraHyphen, 10));
        assert_eq!(fails("45/dieu--1"), (K::ExtraHyphen, 8));
        assert_eq!(fails("45/dieu44"), (K::DigitInToken { found: '4' }, 7));
    }

    #[test]
    fn every_error_kind_has_a_distinct_kebab_case_code_and_a_hint() {
        let kinds = [
            K::Empty,
            K::TooLong { len: 256 },
            K::TooDeep { depth: 9 },
            K::UppercaseLetter { found: 'A' },
            K::NonAscii { found: 'ê' },
            K::InvalidCharacter {
                found: ' ',
                in_part: Part::Doc,
            },
            K::EmptyDocSlug,
            K::LeadingHyphen,
            K::TrailingHyphen,
            K::DoubleHyphen,
            K::EmptySegment,
            K::MissingHyphen,
            K::EmptyToken,
            K::EmptyOrdinal,
            K::ExtraHyphen,
            K::DigitInToken { found: '1' },
        ];
        let codes: std::collections::HashSet<_> = kinds.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), kinds.len());
        for kind in kinds {
            assert!(kind
                .code()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'));
            assert!(!kind.hint().is_empty());
            let e = AddressError::new(kind, 7);
            assert!(e.reason().contains("at byte 7"), "{}", e.reason());
        }
    }

    #[test]
    fn error_report_serializes_flat() {
        let report = validate("45/Dieu-1").unwrap_err().to_report();
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["code"], "uppercase-letter");
        assert_eq!(json["offset"], 3);
        assert_eq!(json["hint"], "write 'd' instead of 'D'");
        assert!(json["reason"].as_str().unwrap().contains("'D' at byte 3"));
    }

    #[test]
    fn parent_drops_the_last_segment_and_the_document_has_none() {
        let point = parse("45-2019-qh14/dieu-44/khoan-1/diem-dd").unwrap();
        let clause = point.parent().unwrap();
        assert_eq!(clause.format(), "45-2019-qh14/dieu-44/khoan-1");
        assert!(clause.is_parent_of(&point));
        assert!(!point.is_parent_of(&clause));
        let doc = parse("45-2019-qh14").unwrap();
        assert_eq!(doc.parent(), None);
        assert!(doc.is_ancestor_of(&point));
        assert!(!doc.is_parent_of(&point));
        assert!(!point.is_ancestor_of(&point));
    }

    #[test]
    fn units_of_other_documents_are_never_ancestors() {
        let a = parse("45-2019-qh14/dieu-44").unwrap();
        let b = parse("46-2019-qh14/dieu-44/khoan-1").unwrap();
        assert!(!a.is_parent_of(&b));
        assert!(!a.is_ancestor_of(&b));
    }

    #[test]
    fn child_is_validated_with_offsets_in_the_child_address() {
        let article = parse("45-2019-qh14/dieu-44").unwrap();
        assert_eq!(
            article.child("khoan", "1").unwrap().format(),
            "45-2019-qh14/dieu-44/khoan-1"
        );
        let e = article.child("khoan", "1/x").unwrap_err();
        assert_eq!((e.kind, e.offset), (K::MissingHyphen, 30));
        let e = article.child("Khoan", "1").unwrap_err();
        assert_eq!(e.offset, 21);
    }

    #[test]
    fn address_round_trips_through_from_str_and_serde() {
        let a: Address = "45-2019-qh14/dieu-44".parse().unwrap();
        let json = serde_json::to_string(&a).unwrap();
        let back: Address = serde_json::from_str(&json).unwrap();
        assert_eq!(a, back);
    }

    fn valid_address() -> impl Strategy<Value = Address> {
        let doc = "[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,4}";
        let segment =
            ("[a-z]{1,10}", "[a-z0-9]{1,8}").prop_map(|(token, ordinal): (String, String)| {
                Segment {
                    token: token.into(),
                    ordinal: ordinal.into(),
                }
            });
        (doc, prop::collection::vec(segment, 0..=MAX_DEPTH))
            .prop_map(|(doc, segments): (String, Vec<Segment>)| Address {
                doc: doc.into(),
                segments,
            })
            .prop_filter("within the length limit", |a| a.format().len() <= MAX_LEN)
    }

    proptest! {
        #[test]
        fn parse_of_format_is_identity(a in valid_address()) {
            let text = a.format();
            prop_assert_eq!(validate(&text), Ok(a.depth()));
            prop_assert_eq!(parse(&text), Ok(a));
        }

        #[test]
        fn validate_and_parse_never_panic_and_agree_on_any_string(s in any::<String>()) {
            prop_assert_eq!(validate(&s).err(), parse(&s).err());
        }

        #[test]
        fn validate_and_parse_agree_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            let s = String::from_utf8_lossy(&bytes);
            prop_assert_eq!(validate(&s).err(), parse(&s).err());
        }

        // The cut validates a child's address from where its parent's ends: any text after a
        // valid address (near misses, long tails, the depth limit) gets validate's answer.
        #[test]
        fn validate_extension_agrees_with_validate(
            a in valid_address(),
            tail in prop_oneof!["(/[a-z]{1,6}-[a-z0-9]{1,4}){0,9}", "[a-zA-Z0-9/_ .-]{0,20}", "/[a-z-]{0,250}"],
        ) {
            let parent = a.format();
            let s = format!("{parent}{tail}");
            prop_assert_eq!(validate_extension(&s, parent.len(), a.depth()), validate(&s));
        }

        #[test]
        fn validate_and_parse_agree_on_near_miss_addresses(s in "[a-zA-Z0-9/_ .-]{0,40}") {
            let v = validate(&s);
            let p = parse(&s);
            prop_assert_eq!(v.err(), p.clone().err());
            if let Ok(a) = p {
                prop_assert_eq!(a.format(), s);
            }
        }
    }
}
