//! The one shape every core error takes when it leaves the crate.

use serde::Serialize;

/// A flat, serializable error: what a bindings crate hands to JavaScript.
///
/// `code` is stable kebab-case (safe to match on); `reason` says what is wrong and
/// `hint` how to fix it, both in words a legal editor can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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

/// What every core error says about itself, so that one conversion (`From<E> for ErrorReport`)
/// turns any of them into the report: a bindings crate writes `?` and nothing else.
pub trait Report: std::fmt::Display {
    /// Stable kebab-case code, safe to match on from other languages.
    fn code(&self) -> &'static str;
    /// How to fix it.
    fn hint(&self) -> String;
    /// What is wrong, including where.
    fn reason(&self) -> String {
        self.to_string()
    }
    /// Byte offset into the input where the problem starts, when the error is about a text.
    fn offset(&self) -> Option<usize> {
        None
    }
    /// The flat `{code, reason, offset, hint}` shape.
    fn to_report(&self) -> ErrorReport {
        ErrorReport {
            code: self.code(),
            reason: self.reason(),
            offset: self.offset(),
            hint: self.hint(),
        }
    }
}

impl<E: Report> From<E> for ErrorReport {
    fn from(e: E) -> Self {
        e.to_report()
    }
}

impl ErrorReport {
    /// An input that is not shaped as documented: `field` names it, `hint` says how to send it.
    pub fn invalid_input(
        field: &str,
        what: impl std::fmt::Display,
        hint: impl Into<String>,
    ) -> Self {
        ErrorReport {
            code: "invalid-input",
            reason: format!("{field}: {what}"),
            offset: None,
            hint: hint.into(),
        }
    }

    /// What cannot happen unless the program is wrong (e.g. a value serde cannot write).
    pub fn internal(what: impl std::fmt::Display) -> Self {
        ErrorReport {
            code: "internal",
            reason: what.to_string(),
            offset: None,
            hint: "report this as a bug".into(),
        }
    }
}
