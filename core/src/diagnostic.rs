//! Problems found in input that was still usable: returned beside the result,
//! never silently dropped, each with a place a person can go to.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The result is incomplete or wrong here; a human must fix the input.
    Error,
    /// The result is usable but probably not what the author meant.
    Warning,
}

/// One finding, located by 1-based line and column (in characters) and byte offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
}
