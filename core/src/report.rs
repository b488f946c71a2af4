//! The one shape every core error takes when it leaves the crate.

use serde::Serialize;

/// A flat, serializable error: what a bindings crate hands to JavaScript.
///
/// `code` is stable kebab-case (safe to match on); `reason` says what is wrong and
/// `hint` how to fix it, both in words a legal editor can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorReport {
    /// Stable machine-readable code, e.g. `"uppercase-letter"`.
    pub code: &'static str,
    /// What is wrong, including where.
    pub reason: String,
    /// Byte offset into the input where the problem starts; `None` (JSON `null`) when the
    /// error is about a named field rather than a position in a text.
    pub offset: Option<usize>,
    /// How to fix it.
    pub hint: String,
}
