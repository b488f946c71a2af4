//! Vocabularies: the section types of a legal tradition, as data.
//!
//! Two ship with the crate (`vocabularies/vi.json`, `vocabularies/en.json`); users may
//! supply their own through [`Vocabulary::from_json`], which checks them first.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::text::fold::fold;
use crate::text::report::{ErrorReport, Report};

/// A named set of section types, e.g. Vietnamese legal documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Vocabulary {
    /// What documents name this vocabulary by (`legal_document.vocabulary`), e.g. `us`;
    /// empty means the language tag (`vi`, `en`), as vocabularies without an id always were.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub id: String,
    /// BCP 47 language tag, e.g. `vi`, `en-US`.
    pub language: String,
    pub name: String,
    pub section_types: Vec<SectionType>,
    /// Lines that are not provisions although they sit among them (notes, tables of contents, closings).
    #[serde(default, skip_serializing_if = "Markers::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub markers: Markers,
}

/// Lines, matched ignoring case and marks, that tell the cutter what is not a unit.
///
/// Each list adds to what every vocabulary already knows (the Vietnamese and English
/// signature lines and enacting formulas).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Markers {
    /// The whole line that heads a table of contents (`Contents`, `Arrangement of Sections`,
    /// `Mục lục`): from it to the line before its first entry appears again, lines are text.
    /// (Tables of contents without such a line are found as runs of headings that repeat the provisions'.)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub contents: Vec<String>,
    /// The whole first line of editorial matter inside a unit (`Editorial Notes`, `Amendments`;
    /// a marker ending in `…` is a line start): it and the lines after it, up to the next
    /// heading of a citation root or a structural unit, are a note, not provisions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub notes: Vec<String>,
    /// The start of the first line of the closing (`Approved October 5, 2018.`, `LEGISLATIVE HISTORY`): see the cut's signature block.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closing: Vec<String>,
    /// The start of a line that is the heading of the provision on the next line, a marginal
    /// note (`Marginal note:` in Justice Canada's text: `Marginal note:Short title` then
    /// `1 This Act may be cited as …`): the rest of the line becomes that unit's heading.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub marginal_notes: Vec<String>,
    /// The whole line that opens a preamble's numbered recitals (`Whereas:` in an EU act): from
    /// it to the document's first unit, numbered lines (`(1)`, `(2)`) are text of the preamble.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub recitals: Vec<String>,
}

impl Markers {
    pub fn is_empty(&self) -> bool {
        self.contents.is_empty()
            && self.notes.is_empty()
            && self.closing.is_empty()
            && self.marginal_notes.is_empty()
            && self.recitals.is_empty()
    }
}

/// One kind of logical unit (Phần, Chương, Điều, Khoản, Điểm, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SectionType {
    /// Stable identifier, referenced by `parents`.
    pub code: String,
    /// How humans write it, e.g. `Điều`.
    pub label: String,
    /// The segment token in canonical addresses, e.g. `dieu`.
    pub address_token: String,
    /// Depth in the hierarchy; a parent's level is always lower than its child's.
    pub level: u32,
    pub ordinal_style: OrdinalStyle,
    /// Heading template, e.g. `Điều {ordinal}.`; alternatives are separated by ` | `
    /// (`Sec. {ordinal}. | § {ordinal}. {title}`). `{title}` after the ordinal says the rest
    /// of the line is the unit's heading when it reads as one (`3. Citizenship`), else its body.
    pub heading_pattern: String,
    /// A root's address starts again at the document (`…/dieu-44`, never `…/chuong-2/dieu-44`).
    pub citation_root: bool,
    /// Codes of the section types this one may sit directly under; [`TOP_LEVEL`] means it may
    /// also stand directly under the document (a Part with or without Chapters around it).
    pub parents: Vec<String>,
    pub active: bool,
    /// The words documents whose provisions are of this type call themselves by (`these
    /// Regulations`, `this Order`): a type that names kinds is used only in documents of one of
    /// them (see the cut's *document kind*), so an instrument's provisions are regulations,
    /// articles or rules by what the instrument is. Empty: used in every document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub document_kinds: Vec<String>,
    /// Heading patterns used, besides `heading_pattern`, only in documents of a kind (key: the
    /// kind, as in `document_kinds`; value: alternatives separated by ` | `). A UK Scheme is an
    /// instrument whose provisions, printed `1.` as regulations are, legislation.gov.uk calls
    /// sections: `uk-section` reads `{ordinal}. {title}` in a Scheme only.
    /// (Not read in the browser build, which cuts nothing: a map's (de)serializer there would
    /// take ~3 KB of its 200 KB budget.)
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(not(feature = "seal"), serde(skip))]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub kind_heading_patterns: BTreeMap<String, String>,
}

/// How ordinals of a section type are written by humans; canonical ordinals are arabic or letters.
///
/// In headings, `letter`, `upper-letter`, `lower-roman`, `upper-roman` and `double-letter`
/// are read in their case only, so `(i)`, `(I)`, `(A)` and `(aa)` tell US clauses,
/// subclauses, subparagraphs and items apart; `roman` reads either case. Citations and
/// addresses typed by people are read in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OrdinalStyle {
    /// `44`, `10a`.
    #[serde(rename = "arabic")]
    Arabic,
    /// `IV` or `iv`, canonicalized to `4`.
    #[serde(rename = "roman")]
    Roman,
    /// `a`, `đ`, `a1`, canonicalized to `a`, `dd`, `a1`.
    #[serde(rename = "letter")]
    Letter,
    /// `thứ nhất`, canonicalized to `1`.
    #[serde(rename = "spelled")]
    Spelled,
    /// `A`, `B` (US subparagraphs), canonicalized to `a`, `b`.
    #[serde(rename = "upper-letter")]
    UpperLetter,
    /// `i`, `iv` only (US clauses), canonicalized to `1`, `4`.
    #[serde(rename = "lower-roman")]
    LowerRoman,
    /// `I`, `IV` only (US subclauses, titles), canonicalized to `1`, `4`.
    #[serde(rename = "upper-roman")]
    UpperRoman,
    /// `aa`, `bb` … `zz`, then `aaa` (US items), kept as written in lowercase.
    #[serde(rename = "double-letter")]
    DoubleLetter,
    /// `AA`, `BB` (US subitems), canonicalized to `aa`, `bb`.
    #[serde(rename = "double-capital")]
    DoubleCapital,
    /// A defined term (`“local authority”`, `coroner`), canonicalized to its lowercase ASCII
    /// letters and digits (`localauthority`): definitions are addressed by what they define,
    /// and have no sequence.
    #[serde(rename = "term")]
    Term,
}

impl OrdinalStyle {
    /// Every style, in the order the names are listed to users.
    pub const ALL: [OrdinalStyle; 10] = [
        OrdinalStyle::Arabic,
        OrdinalStyle::Roman,
        OrdinalStyle::Letter,
        OrdinalStyle::Spelled,
        OrdinalStyle::UpperLetter,
        OrdinalStyle::LowerRoman,
        OrdinalStyle::UpperRoman,
        OrdinalStyle::DoubleLetter,
        OrdinalStyle::DoubleCapital,
        OrdinalStyle::Term,
    ];

    /// Whether the canonical ordinal is a number (`4`) rather than letters (`a`, `aa`).
    pub fn is_numeric(self) -> bool {
        !matches!(
            self,
            OrdinalStyle::Letter
                | OrdinalStyle::UpperLetter
                | OrdinalStyle::DoubleLetter
                | OrdinalStyle::DoubleCapital
                | OrdinalStyle::Term
        )
    }

    /// Whether ordinals are Roman numerals (in either or one case).
    pub fn is_roman(self) -> bool {
        matches!(
            self,
            OrdinalStyle::Roman | OrdinalStyle::LowerRoman | OrdinalStyle::UpperRoman
        )
    }
}

impl fmt::Display for OrdinalStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OrdinalStyle::Arabic => "arabic",
            OrdinalStyle::Roman => "roman",
            OrdinalStyle::Letter => "letter",
            OrdinalStyle::Spelled => "spelled",
            OrdinalStyle::UpperLetter => "upper-letter",
            OrdinalStyle::LowerRoman => "lower-roman",
            OrdinalStyle::UpperRoman => "upper-roman",
            OrdinalStyle::DoubleLetter => "double-letter",
            OrdinalStyle::DoubleCapital => "double-capital",
            OrdinalStyle::Term => "term",
        })
    }
}

/// The parent code that lets a type stand directly under the document.
pub const TOP_LEVEL: &str = "document";

/// The separator of alternative heading patterns.
pub const PATTERN_SEPARATOR: &str = " | ";

impl SectionType {
    /// The heading patterns, one per alternative.
    pub fn heading_patterns(&self) -> impl Iterator<Item = &str> {
        self.heading_pattern.split(PATTERN_SEPARATOR).map(str::trim)
    }

    /// The extra heading patterns of documents of `kind` (see `kind_heading_patterns`).
    pub fn kind_patterns<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.kind_heading_patterns
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(kind))
            .flat_map(|(_, p)| p.split(PATTERN_SEPARATOR).map(str::trim))
    }

    /// Whether a unit of this type with no enclosing parent stands at the top level (else it is an orphan).
    pub fn may_be_top_level(&self) -> bool {
        self.citation_root || self.parents.is_empty() || self.parents.iter().any(|p| p == TOP_LEVEL)
    }
}

/// Why a user-supplied vocabulary was refused. Every variant names the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VocabularyError {
    /// The text is not JSON, or not shaped like a vocabulary (missing field, wrong type).
    #[error("vocabulary JSON is invalid at line {line}, column {column}: {message}")]
    InvalidJson {
        message: String,
        line: usize,
        column: usize,
    },
    /// A text field that must say something is empty.
    #[error("{field} is empty")]
    EmptyField { field: String },
    /// The vocabulary lists no section types at all.
    #[error("section_types is empty: a vocabulary needs at least one section type")]
    NoSectionTypes,
    /// Two section types share a code.
    #[error("{field} repeats the code '{code}': codes must be unique")]
    DuplicateCode { field: String, code: String },
    /// Two section types share an address token.
    #[error("{field} repeats the address token '{token}': tokens must be unique")]
    DuplicateToken { field: String, token: String },
    /// Two labels fold to the same text, so human input could not tell them apart.
    #[error("{field} '{label}' reads the same as another label once case and accents are ignored")]
    DuplicateLabel { field: String, label: String },
    /// An address token that is not 1 or more lowercase ASCII letters.
    #[error(
        "{field} '{token}' is not a valid address token: tokens are lowercase letters a-z only"
    )]
    InvalidToken { field: String, token: String },
    /// A parent code that no section type has.
    #[error("{field} names the parent '{parent}', which is not a code in this vocabulary")]
    UnknownParent { field: String, parent: String },
    /// A parent whose level is not lower than the child's (this would allow cycles).
    #[error("{field} names the parent '{parent}' at level {parent_level}, not above this type's level {level}")]
    ParentNotAbove {
        field: String,
        parent: String,
        parent_level: u32,
        level: u32,
    },
    /// A heading pattern without the `{ordinal}` placeholder.
    #[error("{field} '{pattern}' has no {{ordinal}} placeholder")]
    MissingOrdinalPlaceholder { field: String, pattern: String },
}

impl Report for VocabularyError {
    /// Stable kebab-case code.
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidJson { .. } => "invalid-json",
            Self::EmptyField { .. } => "empty-field",
            Self::NoSectionTypes => "no-section-types",
            Self::DuplicateCode { .. } => "duplicate-code",
            Self::DuplicateToken { .. } => "duplicate-token",
            Self::DuplicateLabel { .. } => "duplicate-label",
            Self::InvalidToken { .. } => "invalid-token",
            Self::UnknownParent { .. } => "unknown-parent",
            Self::ParentNotAbove { .. } => "parent-not-above",
            Self::MissingOrdinalPlaceholder { .. } => "missing-ordinal-placeholder",
        }
    }

    /// What is wrong, naming the field.
    fn reason(&self) -> String {
        self.to_string()
    }

    /// How to fix it.
    fn hint(&self) -> String {
        match self {
            Self::InvalidJson { .. } => "fix the JSON; every section type needs code, label, address_token, level, ordinal_style (arabic, roman, letter or spelled), heading_pattern, citation_root, parents and active".into(),
            Self::EmptyField { .. } => "fill in the field".into(),
            Self::NoSectionTypes => "add the section types of the documents, e.g. Điều, Khoản, Điểm".into(),
            Self::DuplicateCode { .. } => "give each section type its own code".into(),
            Self::DuplicateToken { .. } => "give each section type its own address token".into(),
            Self::DuplicateLabel { .. } => "give each section type a label that differs in more than case or accents".into(),
            Self::InvalidToken { token, .. } => format!("write the token in lowercase letters without accents or digits, e.g. '{}'", suggest_token(token)),
            Self::UnknownParent { .. } => "use the code of a section type defined in this vocabulary, or remove the parent".into(),
            Self::ParentNotAbove { .. } => "give the parent a lower level than its children".into(),
            Self::MissingOrdinalPlaceholder { .. } => "add {ordinal} where the number goes, e.g. 'Điều {ordinal}.'".into(),
        }
    }
}

// A token-shaped version of what the user wrote, for hints only.
fn suggest_token(token: &str) -> String {
    let folded: String = fold(token)
        .chars()
        .filter(char::is_ascii_lowercase)
        .collect();
    if folded.is_empty() {
        "dieu".into()
    } else {
        folded
    }
}

impl Vocabulary {
    /// Reads and checks a user-supplied vocabulary.
    pub fn from_json(json: &str) -> Result<Vocabulary, VocabularyError> {
        let vocabulary: Vocabulary =
            serde_json::from_str(json).map_err(|e| VocabularyError::InvalidJson {
                message: e.to_string(),
                line: e.line(),
                column: e.column(),
            })?;
        vocabulary.check()?;
        Ok(vocabulary)
    }

    /// Checks the rules [`Vocabulary::from_json`] enforces, for vocabularies built in code or loaded from rows.
    pub fn check(&self) -> Result<(), VocabularyError> {
        if self.language.trim().is_empty() {
            return Err(empty("language"));
        }
        if self.name.trim().is_empty() {
            return Err(empty("name"));
        }
        if self.section_types.is_empty() {
            return Err(VocabularyError::NoSectionTypes);
        }
        let mut codes = HashSet::new();
        let mut tokens = HashSet::new();
        let mut labels = HashSet::new();
        for (i, t) in self.section_types.iter().enumerate() {
            let field = |name: &str| format!("section_types[{i}].{name}");
            if t.code.trim().is_empty() {
                return Err(empty(&field("code")));
            }
            if t.label.trim().is_empty() {
                return Err(empty(&field("label")));
            }
            if t.address_token.is_empty()
                || !t.address_token.bytes().all(|b| b.is_ascii_lowercase())
            {
                return Err(VocabularyError::InvalidToken {
                    field: field("address_token"),
                    token: t.address_token.clone(),
                });
            }
            if t.heading_patterns().any(|p| !p.contains("{ordinal}")) {
                return Err(VocabularyError::MissingOrdinalPlaceholder {
                    field: field("heading_pattern"),
                    pattern: t.heading_pattern.clone(),
                });
            }
            for (kind, patterns) in &t.kind_heading_patterns {
                if patterns
                    .split(PATTERN_SEPARATOR)
                    .any(|p| !p.contains("{ordinal}"))
                {
                    return Err(VocabularyError::MissingOrdinalPlaceholder {
                        field: field(&format!("kind_heading_patterns.{kind}")),
                        pattern: patterns.clone(),
                    });
                }
            }
            if !codes.insert(t.code.as_str()) {
                return Err(VocabularyError::DuplicateCode {
                    field: field("code"),
                    code: t.code.clone(),
                });
            }
            if !tokens.insert(t.address_token.as_str()) {
                return Err(VocabularyError::DuplicateToken {
                    field: field("address_token"),
                    token: t.address_token.clone(),
                });
            }
            if !labels.insert(fold(&t.label)) {
                return Err(VocabularyError::DuplicateLabel {
                    field: field("label"),
                    label: t.label.clone(),
                });
            }
        }
        for (i, t) in self.section_types.iter().enumerate() {
            for (j, parent) in t.parents.iter().enumerate() {
                if parent == TOP_LEVEL {
                    continue;
                }
                let field = format!("section_types[{i}].parents[{j}]");
                let Some(p) = self.by_code(parent) else {
                    return Err(VocabularyError::UnknownParent {
                        field,
                        parent: parent.clone(),
                    });
                };
                if p.level >= t.level {
                    return Err(VocabularyError::ParentNotAbove {
                        field,
                        parent: parent.clone(),
                        parent_level: p.level,
                        level: t.level,
                    });
                }
            }
        }
        Ok(())
    }

    /// What documents name this vocabulary by: its id, or its language tag when it has none.
    pub fn id(&self) -> &str {
        if self.id.is_empty() {
            &self.language
        } else {
            &self.id
        }
    }

    /// The section type with this code.
    pub fn by_code(&self, code: &str) -> Option<&SectionType> {
        self.section_types.iter().find(|t| t.code == code)
    }

    /// The section type with this address token, e.g. `dieu`.
    pub fn by_token(&self, token: &str) -> Option<&SectionType> {
        self.section_types.iter().find(|t| t.address_token == token)
    }

    /// The section type whose label matches ignoring case and Vietnamese marks (`ĐIỀU`, `điều`).
    ///
    /// `đ` folds to `dd`, so `Dieu` does not match `Điều` here; use [`Vocabulary::by_token`] for that.
    pub fn by_label(&self, label: &str) -> Option<&SectionType> {
        let wanted = fold(label.trim());
        self.section_types.iter().find(|t| fold(&t.label) == wanted)
    }

    /// Labels of the active section types, in vocabulary order (for messages).
    pub fn active_labels(&self) -> Vec<&str> {
        self.section_types
            .iter()
            .filter(|t| t.active)
            .map(|t| t.label.as_str())
            .collect()
    }
}

fn empty(field: &str) -> VocabularyError {
    VocabularyError::EmptyField {
        field: field.into(),
    }
}

// The shipped vocabularies' files. `core/build.rs` writes them as Rust data ([`SHIPPED_DATA`]),
// which `shipped_data_is_the_json_as_from_json_reads_it` holds to what `from_json` reads here.
#[cfg(test)]
const VI_JSON: &str = include_str!("../../vocabularies/vi.json");
#[cfg(test)]
const EN_JSON: &str = include_str!("../../vocabularies/en.json");
#[cfg(test)]
const US_JSON: &str = include_str!("../../vocabularies/us.json");
#[cfg(test)]
const UK_JSON: &str = include_str!("../../vocabularies/uk.json");
#[cfg(test)]
const COMMONWEALTH_JSON: &str = include_str!("../../vocabularies/commonwealth.json");
#[cfg(test)]
const SHIPPED: [&str; 5] = [VI_JSON, EN_JSON, US_JSON, UK_JSON, COMMONWEALTH_JSON];

/// A shipped vocabulary as `core/build.rs` writes it from its JSON file: a field left out there is
/// its serde default here (`id` empty, no markers, no document kinds, no kind heading patterns).
struct Shipped {
    id: &'static str,
    language: &'static str,
    name: &'static str,
    /// `Markers`' lists: contents, notes, closing, marginal_notes, recitals.
    markers: [&'static [&'static str]; 5],
    section_types: &'static [ShippedType],
}

struct ShippedType {
    code: &'static str,
    label: &'static str,
    address_token: &'static str,
    level: u32,
    ordinal_style: OrdinalStyle,
    heading_pattern: &'static str,
    citation_root: bool,
    parents: &'static [&'static str],
    active: bool,
    document_kinds: &'static [&'static str],
    #[cfg_attr(not(feature = "seal"), allow(dead_code))]
    kind_heading_patterns: &'static [(&'static str, &'static str)],
}

/// The shipped vocabularies in `SHIPPED`'s order. As data rather than JSON read at run time: the
/// browser build then reads no JSON at all, and serde_json's deserializer stays out of its budget.
const SHIPPED_DATA: [Shipped; 5] = include!(concat!(env!("OUT_DIR"), "/shipped_vocabularies.rs"));

fn owned(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

impl Shipped {
    fn vocabulary(&self) -> Vocabulary {
        let [contents, notes, closing, marginal_notes, recitals] = self.markers.map(owned);
        Vocabulary {
            id: self.id.to_owned(),
            language: self.language.to_owned(),
            name: self.name.to_owned(),
            section_types: self
                .section_types
                .iter()
                .map(|t| SectionType {
                    code: t.code.to_owned(),
                    label: t.label.to_owned(),
                    address_token: t.address_token.to_owned(),
                    level: t.level,
                    ordinal_style: t.ordinal_style,
                    heading_pattern: t.heading_pattern.to_owned(),
                    citation_root: t.citation_root,
                    parents: owned(t.parents),
                    active: t.active,
                    document_kinds: owned(t.document_kinds),
                    // What `from_json` reads: the field is `serde(skip)` without `seal`.
                    #[cfg(feature = "seal")]
                    kind_heading_patterns: t
                        .kind_heading_patterns
                        .iter()
                        .map(|(k, p)| ((*k).to_owned(), (*p).to_owned()))
                        .collect(),
                    #[cfg(not(feature = "seal"))]
                    kind_heading_patterns: BTreeMap::new(),
                })
                .collect(),
            markers: Markers {
                contents,
                notes,
                closing,
                marginal_notes,
                recitals,
            },
        }
    }
}

/// The vocabularies shipped with the crate: Vietnamese, generic English, then the US
/// (statutes and the US Code), UK and Commonwealth styles of publishing legislation.
pub fn default_vocabularies() -> &'static [Vocabulary] {
    static DEFAULTS: OnceLock<Vec<Vocabulary>> = OnceLock::new();
    // Shipped data, checked by `shipped_vocabularies_parse_and_pass_their_checks`.
    DEFAULTS.get_or_init(|| SHIPPED_DATA.iter().map(Shipped::vocabulary).collect())
}

/// The shipped vocabulary with this id: `vi`, `en`, `us`, `uk` or `commonwealth`.
pub fn default_vocabulary(id: &str) -> Option<&'static Vocabulary> {
    default_vocabularies().iter().find(|v| v.id() == id)
}

/// The shipped vocabulary with this id, or the one error every reader of an id gives.
pub fn shipped_vocabulary(id: &str) -> Result<&'static Vocabulary, ErrorReport> {
    default_vocabulary(id).ok_or_else(|| ErrorReport {
        code: "unknown-vocabulary",
        reason: format!("vocabulary: no shipped vocabulary has the id '{id}'"),
        offset: None,
        hint: format!(
            "use one of {}, or pass the vocabulary itself where one is accepted",
            default_vocabularies()
                .iter()
                .map(|v| format!("\"{}\"", v.id()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        field: None,
    })
}

/// A vocabulary as a caller names it: a shipped one by id (`"vi"`, `"en"`, `"us"`, `"uk"`,
/// `"commonwealth"`), or one given whole (e.g. built from the `section_type` rows), which is
/// checked before use.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum VocabularyChoice {
    Shipped(String),
    Given(Vocabulary),
}

impl VocabularyChoice {
    /// The vocabulary named, checked: `unknown-vocabulary` for an id nobody ships, the
    /// vocabulary's own error for a bad one given whole.
    pub fn resolve(self) -> Result<Vocabulary, ErrorReport> {
        match self {
            Self::Shipped(id) => shipped_vocabulary(&id).cloned(),
            Self::Given(vocabulary) => {
                vocabulary.check()?;
                Ok(vocabulary)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn vi() -> &'static Vocabulary {
        default_vocabulary("vi").unwrap()
    }

    #[test]
    fn shipped_data_is_the_json_as_from_json_reads_it() {
        assert_eq!(default_vocabularies().len(), SHIPPED.len());
        for (json, shipped) in SHIPPED.iter().zip(default_vocabularies()) {
            assert_eq!(shipped, &Vocabulary::from_json(json).unwrap());
        }
        // Fields the build script writes only when a file has them (kind heading patterns are
        // read with `seal` only, as `from_json` reads them: the browser build's `cargo test
        // -p iu-cutter-core --no-default-features`).
        let uk = default_vocabulary("uk").unwrap();
        assert_eq!(
            uk.section_types
                .iter()
                .any(|t| !t.kind_heading_patterns.is_empty()),
            cfg!(feature = "seal")
        );
        assert!(!uk.markers.is_empty());
    }

    #[test]
    fn shipped_vocabularies_parse_and_pass_their_checks() {
        for json in SHIPPED {
            Vocabulary::from_json(json).unwrap();
        }
        let ids: Vec<_> = default_vocabularies().iter().map(Vocabulary::id).collect();
        assert_eq!(ids, ["vi", "en", "us", "uk", "commonwealth"]);
        // Section type codes are the primary key of the section_type rows of every vocabulary.
        let mut codes = HashSet::new();
        for t in default_vocabularies().iter().flat_map(|v| &v.section_types) {
            assert!(
                codes.insert(t.code.as_str()),
                "{} is in two vocabularies",
                t.code
            );
        }
    }

    #[test]
    fn vietnamese_vocabulary_has_the_designed_hierarchy_and_roots() {
        let roots: Vec<_> = vi()
            .section_types
            .iter()
            .filter(|t| t.citation_root)
            .map(|t| t.address_token.as_str())
            .collect();
        assert_eq!(roots, ["phan", "chuong", "dieu"]);
        let diem = vi().by_token("diem").unwrap();
        assert_eq!(diem.ordinal_style, OrdinalStyle::Letter);
        assert_eq!(diem.parents, ["khoan", "dieu"]);
        assert_eq!(
            vi().by_code("chuong").unwrap().ordinal_style,
            OrdinalStyle::Roman
        );
        assert_eq!(
            vi().by_code("phan").unwrap().ordinal_style,
            OrdinalStyle::Spelled
        );
    }

    #[test]
    fn label_lookup_ignores_case_and_marks_in_nfc_and_nfd() {
        assert_eq!(vi().by_label("Điều").unwrap().code, "dieu");
        assert_eq!(vi().by_label("ĐIỀU").unwrap().code, "dieu");
        let nfd: String = "tiểu mục".nfd().collect();
        assert_eq!(vi().by_label(&nfd).unwrap().code, "tieumuc");
        assert_eq!(
            vi().by_label("Ðiều").unwrap().code,
            "dieu",
            "U+00D0 eth look-alike"
        );
        assert_eq!(vi().by_label("Dieu"), None, "đ folds to dd, never to d");
        assert_eq!(vi().by_token("dieu").unwrap().label, "Điều");
    }

    #[test]
    fn section_type_serializes_ordinal_style_in_lowercase() {
        let json = serde_json::to_value(vi().by_code("chuong").unwrap()).unwrap();
        assert_eq!(json["ordinal_style"], "roman");
    }

    fn with_types(types: &str) -> String {
        format!(r#"{{"language":"vi","name":"t","section_types":[{types}]}}"#)
    }

    fn t(code: &str, token: &str, label: &str, level: u32, parents: &str) -> String {
        format!(
            r#"{{"code":"{code}","label":"{label}","address_token":"{token}","level":{level},"ordinal_style":"arabic","heading_pattern":"{{ordinal}}.","citation_root":true,"parents":[{parents}],"active":true}}"#
        )
    }

    #[test]
    fn duplicate_code_is_refused_naming_the_field() {
        let json = with_types(&[t("a", "a", "A", 1, ""), t("a", "b", "B", 2, "")].join(","));
        let e = Vocabulary::from_json(&json).unwrap_err();
        assert_eq!(
            e,
            VocabularyError::DuplicateCode {
                field: "section_types[1].code".into(),
                code: "a".into()
            }
        );
        assert_eq!(e.to_report().code, "duplicate-code");
        assert_eq!(e.to_report().offset, None);
    }

    #[test]
    fn duplicate_token_is_refused_naming_the_field() {
        let json = with_types(&[t("a", "x", "A", 1, ""), t("b", "x", "B", 2, "")].join(","));
        assert_eq!(
            Vocabulary::from_json(&json).unwrap_err().code(),
            "duplicate-token"
        );
    }

    #[test]
    fn labels_that_differ_only_in_marks_are_refused() {
        let json = with_types(&[t("a", "a", "Mục", 1, ""), t("b", "b", "MUC", 2, "")].join(","));
        assert_eq!(
            Vocabulary::from_json(&json).unwrap_err().code(),
            "duplicate-label"
        );
    }

    #[test]
    fn token_outside_a_to_z_is_refused_with_a_suggestion() {
        let json = with_types(&t("dieu", "Điều", "Điều", 1, ""));
        let e = Vocabulary::from_json(&json).unwrap_err();
        assert_eq!(
            e,
            VocabularyError::InvalidToken {
                field: "section_types[0].address_token".into(),
                token: "Điều".into()
            }
        );
        assert!(e.hint().contains("'ddieu'"), "{}", e.hint());
    }

    #[test]
    fn unknown_parent_is_refused_naming_the_field() {
        let json =
            with_types(&[t("a", "a", "A", 1, ""), t("b", "b", "B", 2, r#""a","z""#)].join(","));
        assert_eq!(
            Vocabulary::from_json(&json).unwrap_err(),
            VocabularyError::UnknownParent {
                field: "section_types[1].parents[1]".into(),
                parent: "z".into()
            }
        );
    }

    #[test]
    fn parent_at_the_same_level_is_refused_so_no_cycle_can_exist() {
        let json =
            with_types(&[t("a", "a", "A", 2, r#""b""#), t("b", "b", "B", 2, r#""a""#)].join(","));
        assert_eq!(
            Vocabulary::from_json(&json).unwrap_err().code(),
            "parent-not-above"
        );
    }

    #[test]
    fn malformed_json_reports_line_and_column() {
        let e = Vocabulary::from_json("{\n  \"language\": 1\n}").unwrap_err();
        let VocabularyError::InvalidJson { line, .. } = e else {
            panic!("expected invalid-json, got {e:?}");
        };
        assert_eq!(line, 2);
        let e = Vocabulary::from_json(&with_types(
            &t("a", "a", "A", 1, "").replace("arabic", "greek"),
        ))
        .unwrap_err();
        assert_eq!(e.code(), "invalid-json");
    }

    #[test]
    fn empty_fields_and_missing_placeholder_are_refused() {
        assert_eq!(
            Vocabulary::from_json(&with_types("")).unwrap_err(),
            VocabularyError::NoSectionTypes
        );
        let e = Vocabulary::from_json(&with_types(&t("", "a", "A", 1, ""))).unwrap_err();
        assert_eq!(
            e,
            VocabularyError::EmptyField {
                field: "section_types[0].code".into()
            }
        );
        let json = with_types(&t("a", "a", "A", 1, "").replace("{ordinal}.", "Article"));
        assert_eq!(
            Vocabulary::from_json(&json).unwrap_err().code(),
            "missing-ordinal-placeholder"
        );
    }
}
