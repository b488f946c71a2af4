//! Backup verification (DESIGN §6): a dump is only a backup once it has been restored
//! into a scratch database and found equal, cell for cell, to the source.
//!
//! The Node operations script dumps, restores into an isolated database and reads each
//! table from both sides; [`compare_rows`] decides whether the two are the same table
//! and says where they are not.
//!
//! Decisions:
//!
//! - Databases return rows in no guaranteed order, so both sides are sorted by the key
//!   columns first. Key values are compared as their canonical JSON text: a total,
//!   deterministic order for any JSON value, the same on every machine. Rows with the
//!   same key are ordered by their whole canonical JSON, so duplicates cannot make two
//!   equal tables look different. An empty key compares the rows as a multiset (each
//!   row is its own key).
//! - Cells are compared as canonical JSON text too (RFC 8785: `1.0` and `1` are the same
//!   number, key order does not matter), which is also what the hashes are over, so
//!   `equal` holds exactly when the two sha256s are equal.
//! - A column present on one side only is a difference (`null` is not "absent"): a
//!   restore that drops a column has lost data even when the column was empty.
//! - At most [`MAX_DIFFERENCES`] differences are spelled out, so a wholly wrong restore
//!   gives a readable answer; `difference_count` tells how many there were in all.
//! - Displayed values are shortened to [`MAX_SHOWN_CHARS`] characters: a unit body can
//!   be many kilobytes, and the evidence only has to point at the cell.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::text::canonical_json;
use crate::text::hash::sha256_hex_bytes;

/// How many differences a [`TableComparison`] spells out.
pub const MAX_DIFFERENCES: usize = 10;

/// How many characters of a value a difference shows.
pub const MAX_SHOWN_CHARS: usize = 120;

/// One table of the source compared with the same table of the restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TableComparison {
    pub table: String,
    pub source_rows: usize,
    pub restored_rows: usize,
    /// Every row and every cell is the same on both sides.
    pub equal: bool,
    /// sha256 of the canonical JSON of the source's rows, sorted by the key.
    pub source_sha256: String,
    /// sha256 of the canonical JSON of the restore's rows, sorted by the key.
    pub restored_sha256: String,
    /// The first [`MAX_DIFFERENCES`] differences, in key order, e.g.
    /// `row id=7 column body: source "a", restored "b"`.
    pub differences: Vec<String>,
    /// How many differences there are in all (`differences` shows at most 10).
    pub difference_count: usize,
}

/// A row with its sort key and canonical text, computed once.
struct Keyed<'a> {
    /// The key columns' canonical JSON, `None` for a column the row lacks; for an empty
    /// key, the whole row's canonical JSON.
    key: Vec<Option<String>>,
    text: String,
    row: &'a Value,
}

fn keyed<'a>(key: &[String], rows: &'a [Value]) -> Vec<Keyed<'a>> {
    let mut out: Vec<Keyed<'a>> = rows
        .iter()
        .map(|row| {
            let text = canonical_json::to_string(row);
            let key = if key.is_empty() {
                vec![Some(text.clone())]
            } else {
                // `get` answers None for a missing column and for a row that is not an object.
                key.iter()
                    .map(|k| row.get(k).map(canonical_json::to_string))
                    .collect()
            };
            Keyed { key, text, row }
        })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key).then_with(|| a.text.cmp(&b.text)));
    out
}

/// The sha256 of the canonical JSON array of the sorted rows: the RFC 8785 form of an
/// array is `[` + the elements' canonical texts joined by `,` + `]`, so the texts
/// already computed for sorting are reused instead of serializing every row again.
fn rows_sha256(rows: &[Keyed<'_>]) -> String {
    let len = rows.iter().map(|r| r.text.len() + 1).sum::<usize>() + 2;
    let mut json = String::with_capacity(len);
    json.push('[');
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&r.text);
    }
    json.push(']');
    sha256_hex_bytes(json.as_bytes())
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_SHOWN_CHARS {
        return text.to_string();
    }
    let mut out: String = text.chars().take(MAX_SHOWN_CHARS).collect();
    out.push('…');
    out
}

/// `id=7` or `document_id="d", ordinal=3`; for an empty key, the row itself.
fn label(key: &[String], row: &Keyed<'_>) -> String {
    if key.is_empty() {
        return shorten(&row.text);
    }
    key.iter()
        .zip(&row.key)
        .map(|(name, value)| match value {
            Some(v) => format!("{name}={}", shorten(v)),
            None => format!("{name}=(absent)"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

struct Differences {
    shown: Vec<String>,
    count: usize,
}

impl Differences {
    fn push(&mut self, line: impl FnOnce() -> String) {
        // Formatting is skipped past the limit: a wholly different table stays cheap.
        if self.shown.len() < MAX_DIFFERENCES {
            self.shown.push(line());
        }
        self.count += 1;
    }
}

fn shown(value: Option<String>) -> String {
    value.map_or_else(|| String::from("(no such column)"), |v| shorten(&v))
}

/// Every column of two rows with the same key, including columns on one side only.
fn compare_cells(label: &str, a: &Keyed<'_>, b: &Keyed<'_>, out: &mut Differences) {
    if a.text == b.text {
        return;
    }
    match (a.row.as_object(), b.row.as_object()) {
        (Some(source), Some(restored)) => {
            let columns: BTreeSet<&String> = source.keys().chain(restored.keys()).collect();
            for column in columns {
                let s = source.get(column).map(canonical_json::to_string);
                let r = restored.get(column).map(canonical_json::to_string);
                if s != r {
                    out.push(|| {
                        format!(
                            "row {label} column {column}: source {}, restored {}",
                            shown(s),
                            shown(r)
                        )
                    });
                }
            }
        }
        // Rows should be objects; anything else is compared whole rather than ignored.
        _ => out.push(|| {
            format!(
                "row {label}: source {}, restored {}",
                shorten(&a.text),
                shorten(&b.text)
            )
        }),
    }
}

/// Compare one table of the source with the same table of the restore, cell for cell.
///
/// `key` names the columns that identify a row (usually the primary key); both sides
/// are sorted by it before comparing. Rows present on one side only are reported as
/// `row id=… missing in the restore` / `row id=… only in the restore`.
pub fn compare_rows(
    table: &str,
    key: &[String],
    source: &[Value],
    restored: &[Value],
) -> TableComparison {
    let s = keyed(key, source);
    let r = keyed(key, restored);
    let mut out = Differences {
        shown: Vec::new(),
        count: 0,
    };
    let (mut i, mut j) = (0, 0);
    // A merge of the two sorted lists: rows with equal keys are paired in order.
    loop {
        match (s.get(i), r.get(j)) {
            (Some(a), Some(b)) => match a.key.cmp(&b.key) {
                Ordering::Less => {
                    out.push(|| format!("row {} missing in the restore", label(key, a)));
                    i += 1;
                }
                Ordering::Greater => {
                    out.push(|| format!("row {} only in the restore", label(key, b)));
                    j += 1;
                }
                Ordering::Equal => {
                    compare_cells(&label(key, a), a, b, &mut out);
                    i += 1;
                    j += 1;
                }
            },
            (Some(a), None) => {
                out.push(|| format!("row {} missing in the restore", label(key, a)));
                i += 1;
            }
            (None, Some(b)) => {
                out.push(|| format!("row {} only in the restore", label(key, b)));
                j += 1;
            }
            (None, None) => break,
        }
    }
    TableComparison {
        table: table.to_string(),
        source_rows: source.len(),
        restored_rows: restored.len(),
        equal: out.count == 0,
        source_sha256: rows_sha256(&s),
        restored_sha256: rows_sha256(&r),
        differences: out.shown,
        difference_count: out.count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn id() -> Vec<String> {
        vec!["id".into()]
    }

    fn rows() -> Vec<Value> {
        vec![
            json!({"id": 2, "title": "Luật 45", "body": "Điều 1"}),
            json!({"id": 1, "title": "Luật 44", "body": null}),
            json!({"id": 10, "title": "Luật 46", "body": "x"}),
        ]
    }

    #[test]
    fn equal_tables_in_any_order_give_equal_hashes() {
        let source = rows();
        let mut restored = rows();
        restored.reverse();
        let c = compare_rows("legal_document", &id(), &source, &restored);
        assert!(c.equal, "{:?}", c.differences);
        assert_eq!(c.source_sha256, c.restored_sha256);
        assert_eq!((c.source_rows, c.restored_rows), (3, 3));
        assert!(c.differences.is_empty());
        assert_eq!(c.difference_count, 0);
    }

    #[test]
    fn the_hash_is_over_the_canonical_json_of_the_sorted_rows() {
        let c = compare_rows("t", &id(), &rows(), &[]);
        // Keys sort as canonical text: "1" < "10" < "2".
        let r = rows();
        let sorted = vec![r[1].clone(), r[2].clone(), r[0].clone()];
        assert_eq!(c.source_sha256, canonical_json::sha256(&sorted));
        assert_eq!(
            c.restored_sha256,
            canonical_json::sha256(&Vec::<Value>::new())
        );
    }

    #[test]
    fn same_number_written_differently_is_the_same_cell() {
        let source = vec![json!({"id": 1, "n": 1.0})];
        let restored = vec![json!({"n": 1, "id": 1})];
        let c = compare_rows("t", &id(), &source, &restored);
        assert!(c.equal, "{:?}", c.differences);
        assert_eq!(c.source_sha256, c.restored_sha256);
    }

    #[test]
    fn a_one_cell_difference_is_named_with_table_key_and_column() {
        let source = rows();
        let mut restored = rows();
        restored[0]["body"] = json!("Điều 2");
        let c = compare_rows("legal_document", &id(), &source, &restored);
        assert!(!c.equal);
        assert_eq!(c.table, "legal_document");
        assert_ne!(c.source_sha256, c.restored_sha256);
        assert_eq!(
            c.differences,
            vec![r#"row id=2 column body: source "Điều 1", restored "Điều 2""#.to_string()]
        );
        assert_eq!(c.difference_count, 1);
    }

    #[test]
    fn a_missing_row_and_an_extra_row_are_named() {
        let source = rows();
        let mut restored = rows();
        restored.remove(0);
        restored.push(json!({"id": 3, "title": "t", "body": null}));
        let c = compare_rows("legal_document", &id(), &source, &restored);
        assert!(!c.equal);
        assert_eq!((c.source_rows, c.restored_rows), (3, 3));
        assert_eq!(
            c.differences,
            vec![
                "row id=2 missing in the restore".to_string(),
                "row id=3 only in the restore".to_string()
            ]
        );
    }

    #[test]
    fn a_column_on_one_side_only_is_a_difference_even_when_null() {
        let source = vec![json!({"id": "a", "note": null})];
        let restored = vec![json!({"id": "a", "extra": 1})];
        let c = compare_rows("t", &id(), &source, &restored);
        assert_eq!(
            c.differences,
            vec![
                r#"row id="a" column extra: source (no such column), restored 1"#.to_string(),
                r#"row id="a" column note: source null, restored (no such column)"#.to_string(),
            ]
        );
    }

    #[test]
    fn composite_keys_and_duplicates_are_deterministic() {
        let key = vec!["document_id".to_string(), "ordinal".to_string()];
        let source = vec![
            json!({"document_id": "d", "ordinal": 1, "v": "b"}),
            json!({"document_id": "d", "ordinal": 1, "v": "a"}),
            json!({"document_id": "d", "ordinal": 2, "v": "c"}),
        ];
        let mut restored = source.clone();
        restored.swap(0, 1);
        let c = compare_rows("t", &key, &source, &restored);
        assert!(c.equal);
        restored[2]["v"] = json!("C");
        let c = compare_rows("t", &key, &source, &restored);
        assert_eq!(
            c.differences,
            vec![
                r#"row document_id="d", ordinal=2 column v: source "c", restored "C""#.to_string()
            ]
        );
    }

    #[test]
    fn an_empty_key_compares_rows_as_a_multiset() {
        let source = vec![json!({"a": 1}), json!({"a": 2})];
        let restored = vec![json!({"a": 2}), json!({"a": 3})];
        let c = compare_rows("t", &[], &source, &restored);
        assert_eq!(
            c.differences,
            vec![
                r#"row {"a":1} missing in the restore"#.to_string(),
                r#"row {"a":3} only in the restore"#.to_string()
            ]
        );
    }

    #[test]
    fn at_most_ten_differences_are_spelled_out_but_all_are_counted() {
        let source: Vec<Value> = (0..25)
            .map(|i| json!({"id": i, "v": "x".repeat(300)}))
            .collect();
        let c = compare_rows("t", &id(), &source, &[]);
        assert_eq!(c.differences.len(), MAX_DIFFERENCES);
        assert_eq!(c.difference_count, 25);
        let restored: Vec<Value> = (0..1)
            .map(|i| json!({"id": i, "v": "y".repeat(300)}))
            .collect();
        let c = compare_rows("t", &id(), &source[..1], &restored);
        assert!(c.differences[0].contains('…'), "long values are shortened");
        assert!(c.differences[0].len() < 400);
    }

    #[test]
    fn rows_that_are_not_objects_are_compared_whole_and_a_missing_key_is_shown() {
        let c = compare_rows("t", &id(), &[json!([1])], &[json!([2])]);
        assert_eq!(
            c.differences,
            vec!["row id=(absent): source [1], restored [2]".to_string()]
        );
        assert!(!c.equal);
    }
}
