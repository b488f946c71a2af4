//! Problems found in input that was still usable: returned beside the result,
//! never silently dropped, each with a place a person can go to.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The result is incomplete or wrong here; a human must fix the input.
    Error,
    /// The result is usable but probably not what the author meant.
    Warning,
}

/// One finding, located by 1-based line and column (in characters) and byte offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `duplicate-ordinal`.
    pub code: &'static str,
    /// What is wrong, in words a legal editor can act on.
    pub message: String,
    pub line: u32,
    pub column: u32,
    pub offset: usize,
    /// How to fix it.
    pub hint: String,
    /// The edit of the source text that would fix it, when one can be proposed. Never applied
    /// by the cut: the text is what is governed, so an editor accepts it or not.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub repair: Option<Repair>,
}

/// A proposed edit of the source text: replace the bytes `offset .. offset + length` of the
/// text as it was given (UTF-8, a leading BOM counted) with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Repair {
    pub offset: usize,
    pub length: usize,
    pub replacement: String,
    /// The edit in words: "read the second `1.` as `2.`", "insert the heading `Điều 31.`".
    pub description: String,
}

impl Repair {
    /// `text` with this edit applied, or `None` when the range is not in `text` (a text that
    /// changed since the cut) or does not fall on character boundaries.
    pub fn apply(&self, text: &str) -> Option<String> {
        let end = self.offset.checked_add(self.length)?;
        let (before, after) = (text.get(..self.offset)?, text.get(end..)?);
        Some(format!("{before}{}{after}", self.replacement))
    }
}
