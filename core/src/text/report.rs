//! The one shape every core error takes when it leaves the crate.

use serde::Serialize;

/// A flat, serializable error: what a bindings crate hands to JavaScript.
///
/// `code` is stable kebab-case (safe to match on); `reason` says what is wrong and
/// `hint` how to fix it, both in words a legal editor can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorReport {
    /// Stable machine-readable code, e.g. `"uppercase-letter"`: one of [`ERROR_CODES`].
    #[cfg_attr(feature = "ts", ts(as = "ErrorCode"))]
    pub code: &'static str,
    /// What is wrong, including where.
    pub reason: String,
    /// Byte offset into the input where the problem starts; `None` (JSON `null`) when the
    /// error is about a named field rather than a position in a text.
    pub offset: Option<usize>,
    /// How to fix it.
    pub hint: String,
    /// The input field the error is about, as the caller spells it (`storedNow`, `manual[2].note`);
    /// left out when it is about no one field.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub field: Option<String>,
}

/// Every `code` an [`ErrorReport`] carries, sorted: the TypeScript union `ErrorCode`. Kept complete by
/// the test `error_codes_are_every_code_the_sources_report`, which reads them out of the sources.
pub const ERROR_CODES: &[&str] = &[
    "address-mismatch",
    "ambiguous-renumber",
    "audit-finished",
    "bad-actor-signature",
    "bad-signature",
    "challenge-mismatch",
    "checkpoints-after-rows",
    "content-hash-mismatch",
    "count-mismatch",
    "cut-has-errors",
    "digit-in-token",
    "doc-code-mismatch",
    "doc-code-too-long",
    "double-hyphen",
    "duplicate-alias-id",
    "duplicate-canonical-address",
    "duplicate-code",
    "duplicate-cut-address",
    "duplicate-label",
    "duplicate-stored-address",
    "duplicate-stored-id",
    "duplicate-token",
    "duplicate-unit",
    "duplicate-unit-id",
    "empty",
    "empty-alias-text",
    "empty-doc-code",
    "empty-doc-slug",
    "empty-field",
    "empty-ordinal",
    "empty-segment",
    "empty-token",
    "empty-window",
    "extra-hyphen",
    "finished",
    "first-policy-unreviewed",
    "foreign-stored-unit",
    "id-collision",
    "image-hash-mismatch",
    "inactive-section-type",
    "inconsistent-alias-repair",
    "inconsistent-block",
    "internal",
    "invalid-address",
    "invalid-alias-text",
    "invalid-anchor",
    "invalid-audit-options",
    "invalid-character",
    "invalid-cut-parent",
    "invalid-default-doc-code",
    "invalid-doc-code",
    "invalid-doc-code-character",
    "invalid-doc-slug",
    "invalid-head",
    "invalid-input",
    "invalid-json",
    "invalid-nesting",
    "invalid-ordinal",
    "invalid-ordinal-character",
    "invalid-private-key",
    "invalid-public-key",
    "invalid-roman-numeral",
    "invalid-seq-range",
    "invalid-spelled-ordinal",
    "invalid-timestamp",
    "invalid-token",
    "invalid-witness-line",
    "key-not-in-policy",
    "leading-hyphen",
    "malformed-actor-signature",
    "malformed-checkpoint",
    "malformed-policy",
    "manual-edit",
    "mass-retire",
    "missing-citation-root",
    "missing-doc-code",
    "missing-hyphen",
    "missing-ordinal-placeholder",
    "missing-target",
    "mixed-citation-order",
    "multiple-doc-codes",
    "no-child-type",
    "no-public-key",
    "no-section-types",
    "no-vocabulary",
    "non-ascii",
    "not-outstanding",
    "nothing-to-repair",
    "parent-not-above",
    "passkey-counter-back",
    "policy-not-signed-by-custodians",
    "rollback-across-positions-upgrade",
    "rollback-unsafe",
    "scope-unknown-address",
    "several-addresses",
    "sha256-mismatch",
    "shape-mismatch",
    "signed-by-revoked-key",
    "stale-statement",
    "statement-mismatch",
    "too-deep",
    "too-long",
    "too-many-rows",
    "trailing-hyphen",
    "unacknowledged",
    "unexpected-word",
    "unknown-key",
    "unknown-parent",
    "unknown-section-label",
    "unknown-section-type",
    "unknown-step",
    "unknown-target-unit",
    "unknown-token",
    "unknown-vocabulary",
    "unsorted-blocks",
    "unsupported-format",
    "uppercase-letter",
    "user-not-present",
    "user-not-verified",
    "vocabulary-mismatch",
    "wrong-ceremony",
    "wrong-origin",
    "wrong-relying-party",
];

/// For the TypeScript declarations only: `ErrorReport.code`, the union of [`ERROR_CODES`].
#[cfg(feature = "ts")]
pub struct ErrorCode;

#[cfg(feature = "ts")]
impl ts_rs::TS for ErrorCode {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "ErrorCode".into()
    }
    fn inline(_: &ts_rs::Config) -> String {
        ERROR_CODES
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(" | ")
    }
    fn decl(cfg: &ts_rs::Config) -> String {
        format!("type ErrorCode = {};", Self::inline(cfg))
    }
    fn decl_concrete(cfg: &ts_rs::Config) -> String {
        Self::decl(cfg)
    }
    fn docs() -> Option<String> {
        Some(
            "/**\n * Every `code` an `ErrorReport` carries (core `report::ERROR_CODES`).\n */\n"
                .into(),
        )
    }
    fn output_path() -> Option<std::path::PathBuf> {
        Some("ErrorCode.ts".into())
    }
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
    /// The input field the error is about, as the caller spells it, when it is about one.
    fn field(&self) -> Option<String> {
        None
    }
    /// The flat `{code, reason, offset, hint}` shape.
    fn to_report(&self) -> ErrorReport {
        ErrorReport {
            code: self.code(),
            reason: self.reason(),
            offset: self.offset(),
            hint: self.hint(),
            field: self.field(),
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
            field: Some(field.into()),
        }
    }

    /// What cannot happen unless the program is wrong (e.g. a value serde cannot write).
    pub fn internal(what: impl std::fmt::Display) -> Self {
        ErrorReport {
            code: "internal",
            reason: what.to_string(),
            offset: None,
            hint: "report this as a bug".into(),
            field: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ERROR_CODES;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The string literals of `text` in `{ … }` starting at `open` (the brace's index).
    fn literals_of_block(text: &str, open: usize) -> Vec<String> {
        let mut depth = 0;
        let mut end = open;
        for (i, c) in text[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        text[open..end]
            .split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    fn kebab(s: &str) -> bool {
        s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }

    /// The codes the sources report: the bodies of `fn code` in files that implement `Report`, and
    /// `code: "…"` in `ErrorReport { … }` literals (the bindings' own included); tests left out.
    fn reported(dir: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                reported(&path, out);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let text = text
                .split("#[cfg(test)]\nmod tests {")
                .next()
                .unwrap_or_default();
            if text.contains("impl Report for") {
                for (at, _) in text.match_indices("fn code(&self) -> &'static str {") {
                    let open = at + text[at..].find('{').unwrap_or(0);
                    out.extend(
                        literals_of_block(text, open)
                            .into_iter()
                            .filter(|s| kebab(s)),
                    );
                }
            }
            for (at, _) in text.match_indices("ErrorReport {") {
                let open = at + "ErrorReport ".len();
                let literal = &text[open..];
                if let Some(code) = literal.find("code: \"") {
                    let rest = &literal[code + 7..];
                    let value = &rest[..rest.find('"').unwrap_or(0)];
                    if literal[..code].matches('}').count() == 0 && kebab(value) {
                        out.insert(value.to_string());
                    }
                }
            }
        }
    }

    #[test]
    fn error_codes_are_every_code_the_sources_report() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = BTreeSet::new();
        reported(&root.join("src"), &mut found);
        reported(&root.join("../extension/wasm/src"), &mut found);
        let listed: BTreeSet<String> = ERROR_CODES.iter().map(|c| c.to_string()).collect();
        let missing: Vec<_> = found.difference(&listed).collect();
        let unused: Vec<_> = listed.difference(&found).collect();
        assert!(
            missing.is_empty() && unused.is_empty(),
            "ERROR_CODES lacks {missing:?} and lists {unused:?}, which no source reports"
        );
        let mut sorted = ERROR_CODES.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, ERROR_CODES, "keep ERROR_CODES sorted");
    }
}
