//! The hash chain of the append-only governance ledger.
//!
//! Every ledger row stores `row_hash = sha256(RFC 8785 {"collection", "content", "prev"})`
//! where `prev` is the previous row's `row_hash` (`null` for the first row). Editing a
//! row's content in the database, deleting a row or reordering rows is then visible to
//! [`verify_chain`] without trusting the database.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::text::canonical_json;
use crate::text::hash::sha256_hex_bytes;

/// One row of a ledger collection, as hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LedgerRow {
    /// The collection, e.g. `manifest_envelope`.
    pub collection: String,
    /// The row's primary key (not hashed: put it in `content` if it must be tamper-evident).
    pub id: String,
    /// The row's hashed columns.
    pub content: Value,
    /// The previous row's `row_hash`; `None` for the first row of the chain.
    pub prev_hash: Option<String>,
    /// [`chain_hash`] of this row.
    pub row_hash: String,
}

/// What is wrong at one place in a chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ViolationKind {
    /// The row's content, collection or prev_hash no longer hashes to its row_hash: it was edited.
    TamperedContent,
    /// The row's prev_hash is no row's hash: the row before it was deleted or rewritten.
    BrokenLink,
    /// The row's prev_hash is the hash of a row elsewhere in the list: rows were reordered.
    Reordered,
    /// Two rows of the list have the same id.
    DuplicateId,
}

impl ViolationKind {
    /// Stable kebab-case code.
    pub fn code(self) -> &'static str {
        match self {
            ViolationKind::TamperedContent => "tampered-content",
            ViolationKind::BrokenLink => "broken-link",
            ViolationKind::Reordered => "reordered",
            ViolationKind::DuplicateId => "duplicate-id",
        }
    }
}

/// One broken place in a chain, with the evidence: where, which row, expected and found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ChainViolation"))]
pub struct Violation {
    pub kind: ViolationKind,
    /// 0-based index of the row in the list given to [`verify_chain`].
    pub position: usize,
    pub row_id: String,
    pub collection: String,
    /// The hash that should be there (`null` shown as `none`).
    pub expected: String,
    /// The hash that is there.
    pub found: String,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at row {} ({} {}): {}; expected {}, found {}",
            self.kind.code(),
            self.position,
            self.collection,
            self.row_id,
            self.message,
            self.expected,
            self.found
        )
    }
}

/// sha256 of the RFC 8785 JSON `{"collection": …, "content": …, "prev": … | null}`.
///
/// Written with [`canonical_json::write_value`] (the keys of the link are already in
/// order): an audit hashes every row of the ledger, so this is its hot path.
pub fn chain_hash(prev_hash: Option<&str>, collection: &str, content: &Value) -> String {
    let mut out = Vec::with_capacity(512);
    out.extend_from_slice(b"{\"collection\":");
    canonical_json::write_str(&mut out, collection);
    out.extend_from_slice(b",\"content\":");
    canonical_json::write_value(&mut out, content);
    out.extend_from_slice(b",\"prev\":");
    match prev_hash {
        Some(prev) => canonical_json::write_str(&mut out, prev),
        None => out.extend_from_slice(b"null"),
    }
    out.push(b'}');
    sha256_hex_bytes(&out)
}

/// What one row says about itself and its link, the two checks every chain audit makes
/// ([`verify_chain_from`] over a list, [`crate::ledger::audit::LedgerAudit`] page by page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowCheck {
    /// The recomputed [`chain_hash`] when it differs from the stored `row_hash`: edited.
    pub tampered: Option<String>,
    /// False when the row's `prev_hash` is not the hash the row before it ends with.
    pub linked: bool,
}

/// Recomputes `row`'s hash and compares its `prev_hash` with `expected_prev` (the
/// previous row's `row_hash`; `None` when the row should start the chain).
pub fn check_row(row: &LedgerRow, expected_prev: Option<&str>) -> RowCheck {
    let recomputed = chain_hash(row.prev_hash.as_deref(), &row.collection, &row.content);
    RowCheck {
        tampered: (recomputed != row.row_hash).then_some(recomputed),
        linked: row.prev_hash.as_deref() == expected_prev,
    }
}

/// Why a `tampered-content` row is one.
pub const TAMPERED_MESSAGE: &str =
    "the row's content no longer hashes to its row_hash: it was edited after it was written";

/// Why a `broken-link` row is one, from what its `prev_hash` holds.
pub fn broken_link_message(prev_hash: Option<&str>) -> &'static str {
    match prev_hash {
        None => "the row starts a new chain in the middle of this one: the chain was cut here",
        Some(_) => {
            "the row's prev_hash is no row's hash: the row before it was deleted or rewritten"
        }
    }
}

/// The row that follows `prev` (or starts a chain when `prev` is `None`).
pub fn append(prev: Option<&LedgerRow>, collection: &str, id: &str, content: Value) -> LedgerRow {
    let prev_hash = prev.map(|p| p.row_hash.clone());
    let row_hash = chain_hash(prev_hash.as_deref(), collection, &content);
    LedgerRow {
        collection: collection.into(),
        id: id.into(),
        content,
        prev_hash,
        row_hash,
    }
}

/// A row to append: what [`append`] takes, as one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewRow {
    pub collection: String,
    pub id: String,
    pub content: Value,
}

/// Appends a whole batch: row i chains to row i-1, row 0 to `prev` (`None`: row 0
/// starts the chain). One call for the thousands of affected rows of a large CUT, so
/// the JS boundary is crossed once per transaction rather than once per row.
pub fn append_rows(prev: Option<&LedgerRow>, rows: Vec<NewRow>) -> Vec<LedgerRow> {
    let mut out: Vec<LedgerRow> = Vec::with_capacity(rows.len());
    for row in rows {
        let next = append(out.last().or(prev), &row.collection, &row.id, row.content);
        out.push(next);
    }
    out
}

/// Checks a whole chain, first row first; see [`verify_chain_from`].
pub fn verify_chain(rows: &[LedgerRow]) -> Vec<Violation> {
    verify_chain_from(None, rows)
}

/// Checks rows that continue the chain after a row whose hash is `anchor` (`None`: the
/// first row starts the chain). Every row is checked on its own — its hash, and its
/// link to the row before it — so every broken place is listed, in row order; the
/// first one is where the chain first breaks.
pub fn verify_chain_from(anchor: Option<&str>, rows: &[LedgerRow]) -> Vec<Violation> {
    let mut violations = Vec::new();
    let mut at_hash: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    let mut at_id: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        at_hash.entry(row.row_hash.as_str()).or_insert(i);
        at_id.entry(row.id.as_str()).or_insert(i);
    }
    let shown = |h: Option<&str>| h.unwrap_or("none").to_string();
    for (position, row) in rows.iter().enumerate() {
        let violation = |kind, expected: String, found: String, message: String| Violation {
            kind,
            position,
            row_id: row.id.clone(),
            collection: row.collection.clone(),
            expected,
            found,
            message,
        };
        if let Some(&first) = at_id.get(row.id.as_str()) {
            if first != position {
                violations.push(violation(
                    ViolationKind::DuplicateId,
                    format!("one row with id {}", row.id),
                    format!("rows {first} and {position}"),
                    format!("row id {} appears twice", row.id),
                ));
            }
        }
        let expected_prev = if position == 0 {
            anchor
        } else {
            Some(rows[position - 1].row_hash.as_str())
        };
        let check = check_row(row, expected_prev);
        if let Some(recomputed) = check.tampered {
            violations.push(violation(
                ViolationKind::TamperedContent,
                recomputed,
                row.row_hash.clone(),
                TAMPERED_MESSAGE.into(),
            ));
        }
        if check.linked {
            continue;
        }
        let reordered = row
            .prev_hash
            .as_deref()
            .and_then(|h| at_hash.get(h))
            .copied()
            .filter(|&j| j != position);
        match reordered {
            Some(j) => violations.push(violation(
                ViolationKind::Reordered,
                shown(expected_prev),
                shown(row.prev_hash.as_deref()),
                format!(
                    "the row's predecessor is row {j}, not the row before it: rows were reordered"
                ),
            )),
            None => violations.push(violation(
                ViolationKind::BrokenLink,
                shown(expected_prev),
                shown(row.prev_hash.as_deref()),
                broken_link_message(row.prev_hash.as_deref()).into(),
            )),
        }
    }
    violations
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(n: usize) -> Vec<LedgerRow> {
        let mut rows: Vec<LedgerRow> = Vec::new();
        for i in 0..n {
            let row = append(
                rows.last(),
                "decision_backlog_history",
                &format!("h{i}"),
                json!({"entry": "e1", "step": i, "note": "Điều 44 khoản 1 điểm đ"}),
            );
            rows.push(row);
        }
        rows
    }

    #[test]
    fn an_untouched_chain_has_no_violations() {
        assert_eq!(verify_chain(&chain(5)), vec![]);
        assert_eq!(verify_chain(&[]), vec![]);
    }

    #[test]
    fn the_first_row_has_no_predecessor_and_later_rows_link_to_the_one_before() {
        let rows = chain(3);
        assert_eq!(rows[0].prev_hash, None);
        assert_eq!(
            rows[1].prev_hash.as_deref(),
            Some(rows[0].row_hash.as_str())
        );
        assert_eq!(
            rows[2].row_hash,
            chain_hash(
                Some(&rows[1].row_hash),
                &rows[2].collection,
                &rows[2].content
            )
        );
    }

    #[test]
    fn the_hash_covers_the_collection_the_content_and_the_link() {
        let c = json!({"a": 1});
        let h = chain_hash(None, "verify_result", &c);
        assert_ne!(h, chain_hash(None, "cut_change_set", &c));
        assert_ne!(h, chain_hash(None, "verify_result", &json!({"a": 2})));
        assert_ne!(h, chain_hash(Some(&h), "verify_result", &c));
        // Key order does not matter: the content is hashed in canonical form.
        assert_eq!(
            chain_hash(None, "x", &json!({"a": 1, "b": 2})),
            chain_hash(
                None,
                "x",
                &serde_json::from_str(r#"{"b":2,"a":1}"#).unwrap()
            )
        );
    }

    #[test]
    fn the_chain_hash_is_the_sha256_of_the_canonical_link() {
        #[derive(Serialize)]
        struct Link<'a> {
            collection: &'a str,
            content: &'a Value,
            prev: Option<&'a str>,
        }
        let content = json!({"z": [1, 2.5, null], "a": "Điều 44\n", "ledger_seq": 7});
        for prev in [None, Some("ab12")] {
            assert_eq!(
                chain_hash(prev, "verify_result", &content),
                canonical_json::sha256(&Link {
                    collection: "verify_result",
                    content: &content,
                    prev
                })
            );
        }
    }

    #[test]
    fn content_edited_in_the_database_is_reported_at_that_row_with_both_hashes() {
        let mut rows = chain(4);
        rows[2].content = json!({"entry": "e1", "step": 2, "note": "edited"});
        let v = verify_chain(&rows);
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].kind, ViolationKind::TamperedContent);
        assert_eq!((v[0].position, v[0].row_id.as_str()), (2, "h2"));
        assert_eq!(v[0].found, rows[2].row_hash);
        assert_eq!(
            v[0].expected,
            chain_hash(
                rows[2].prev_hash.as_deref(),
                &rows[2].collection,
                &rows[2].content
            )
        );
    }

    #[test]
    fn a_rewritten_row_with_a_recomputed_hash_breaks_the_next_link() {
        let mut rows = chain(4);
        rows[1].content = json!({"forged": true});
        rows[1].row_hash = chain_hash(
            rows[1].prev_hash.as_deref(),
            "decision_backlog_history",
            &rows[1].content,
        );
        let v = verify_chain(&rows);
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].kind, ViolationKind::BrokenLink);
        assert_eq!(v[0].position, 2);
        assert_eq!(v[0].expected, rows[1].row_hash);
        assert_eq!(Some(v[0].found.as_str()), rows[2].prev_hash.as_deref());
    }

    #[test]
    fn a_deleted_row_is_reported_where_the_link_breaks() {
        let mut rows = chain(5);
        let deleted = rows.remove(2);
        let v = verify_chain(&rows);
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].kind, ViolationKind::BrokenLink);
        assert_eq!((v[0].position, v[0].row_id.as_str()), (2, "h3"));
        assert_eq!(v[0].found, deleted.row_hash);
        assert_eq!(v[0].expected, rows[1].row_hash);
    }

    #[test]
    fn swapped_rows_are_reported_as_reordered() {
        let mut rows = chain(5);
        rows.swap(1, 2);
        let v = verify_chain(&rows);
        assert!(!v.is_empty());
        assert!(
            v.iter().all(|v| v.kind == ViolationKind::Reordered),
            "{v:?}"
        );
        assert_eq!(v[0].position, 1);
        assert!(v[0].message.contains("row 2"), "{}", v[0].message);
    }

    #[test]
    fn a_segment_is_checked_against_its_anchor() {
        let rows = chain(4);
        assert_eq!(
            verify_chain_from(Some(&rows[1].row_hash), &rows[2..]),
            vec![]
        );
        let v = verify_chain(&rows[2..]);
        assert_eq!(v.len(), 1);
        assert_eq!(
            (v[0].kind, v[0].expected.as_str()),
            (ViolationKind::BrokenLink, "none")
        );
    }

    #[test]
    fn a_batch_chains_like_rows_appended_one_by_one() {
        let one_by_one = chain(4);
        let batch = append_rows(
            Some(&one_by_one[0]),
            one_by_one[1..]
                .iter()
                .map(|r| NewRow {
                    collection: r.collection.clone(),
                    id: r.id.clone(),
                    content: r.content.clone(),
                })
                .collect(),
        );
        assert_eq!(batch, one_by_one[1..].to_vec());
        assert_eq!(
            verify_chain_from(Some(&one_by_one[0].row_hash), &batch),
            vec![]
        );
        assert_eq!(append_rows(None, vec![]), vec![]);
        let first = append_rows(
            None,
            vec![NewRow {
                collection: "x".into(),
                id: "1".into(),
                content: json!({}),
            }],
        );
        assert_eq!(first[0].prev_hash, None);
    }

    #[test]
    fn a_repeated_row_id_is_reported() {
        let mut rows = chain(2);
        let again = append(rows.last(), "decision_backlog_history", "h0", json!({}));
        rows.push(again);
        let v = verify_chain(&rows);
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].kind, v[0].position), (ViolationKind::DuplicateId, 2));
    }
}
