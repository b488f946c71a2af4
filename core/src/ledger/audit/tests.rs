use serde_json::{json, Value};

use super::*;
use crate::ledger::chain::{append, chain_hash};
use crate::ledger::checkpoint::tests::{unsigned, OTHER_KEY, OTHER_PUBLIC, TEST_KEY, TEST_PUBLIC};
use crate::ledger::checkpoint::{sign, UnsignedCheckpoint};

const COLLECTIONS: [&str; 4] = [
    "decision_backlog_entry",
    "review_decision",
    "cut_change_set",
    "decision_backlog_history",
];

fn content(seq: u64) -> Value {
    json!({
        "id": format!("r{seq}"),
        "ledger_seq": seq,
        "recorded_at": "2025-07-01T09:30:00.000Z",
        "detail": "điểm đ khoản 1 Điều 44",
    })
}

fn row_after(prev: Option<&LedgerRow>, seq: u64) -> LedgerRow {
    append(
        prev,
        COLLECTIONS[(seq % 4) as usize],
        &format!("r{seq}"),
        content(seq),
    )
}

/// A ledger of `n` rows with a checkpoint after each seq in `at` (ascending), signed
/// as the server does after each transaction.
struct Ledger {
    rows: Vec<LedgerRow>,
    checkpoints: Vec<Checkpoint>,
}

fn ledger(n: u64, at: &[u64]) -> Ledger {
    let mut rows: Vec<LedgerRow> = Vec::new();
    for seq in 1..=n {
        let row = row_after(rows.last(), seq);
        rows.push(row);
    }
    let mut checkpoints = Vec::new();
    let mut prev = 0;
    for &seq in at {
        let head = &rows[(seq - 1) as usize].row_hash;
        checkpoints.push(sign(TEST_KEY, &unsigned(seq, prev, head)).unwrap());
        prev = seq;
    }
    Ledger { rows, checkpoints }
}

/// What an attacker without the key can do after editing: re-link and re-hash every row
/// from `from` on, so the chain is consistent again.
fn rehash(rows: &mut [LedgerRow], from: usize) {
    for i in from..rows.len() {
        let prev = if i == 0 {
            None
        } else {
            Some(rows[i - 1].row_hash.clone())
        };
        rows[i].prev_hash = prev;
        rows[i].row_hash = chain_hash(
            rows[i].prev_hash.as_deref(),
            &rows[i].collection,
            &rows[i].content,
        );
    }
}

fn options(witness: Option<Vec<Checkpoint>>) -> AuditOptions {
    AuditOptions {
        witness,
        ..AuditOptions::new([TEST_PUBLIC])
    }
}

/// Feeds checkpoints, then the rows in pages of 3.
fn run(options: AuditOptions, checkpoints: &[Checkpoint], rows: &[LedgerRow]) -> AuditReport {
    let mut audit = LedgerAudit::new(options).unwrap();
    audit.checkpoints(checkpoints.to_vec()).unwrap();
    for page in rows.chunks(3) {
        audit.rows(page.to_vec()).unwrap();
    }
    audit.finish().unwrap()
}

fn kinds(report: &AuditReport) -> Vec<(&'static str, u64)> {
    report
        .violations
        .iter()
        .map(|v| (v.kind.code(), v.seq))
        .collect()
}

fn warning_kinds(report: &AuditReport) -> Vec<(&'static str, u64)> {
    report
        .warnings
        .iter()
        .map(|v| (v.kind.code(), v.seq))
        .collect()
}

#[test]
fn an_intact_chain_sealed_by_its_checkpoints_passes_and_anchors_at_the_last() {
    let l = ledger(10, &[3, 7, 10]);
    let r = run(
        options(Some(l.checkpoints.clone())),
        &l.checkpoints,
        &l.rows,
    );
    assert!(r.passed, "{:?}", r.violations);
    assert_eq!(kinds(&r), vec![]);
    assert_eq!(warning_kinds(&r), vec![]);
    assert_eq!(
        (r.rows_checked, r.from_seq, r.to_seq),
        (10, Some(1), Some(10))
    );
    assert_eq!(r.head.as_deref(), Some(l.rows[9].row_hash.as_str()));
    assert_eq!(
        r.anchor_out,
        Some(Anchor {
            seq: 10,
            row_hash: l.rows[9].row_hash.clone()
        })
    );
    assert_eq!((r.checkpoints_checked, r.witness_checked), (3, 3));
}

#[test]
fn checkpoints_may_come_in_any_order_and_in_several_calls() {
    let l = ledger(10, &[3, 7, 10]);
    let mut audit = LedgerAudit::new(options(Some(l.checkpoints.clone()))).unwrap();
    audit.checkpoints(vec![l.checkpoints[2].clone()]).unwrap();
    audit
        .checkpoints(vec![l.checkpoints[1].clone(), l.checkpoints[0].clone()])
        .unwrap();
    audit.rows(l.rows.clone()).unwrap();
    let r = audit.finish().unwrap();
    assert!(r.passed, "{:?}", r.violations);
}

#[test]
fn without_a_witness_the_audit_warns_that_tail_deletion_is_invisible() {
    let l = ledger(10, &[5, 10]);
    let r = run(options(None), &l.checkpoints, &l.rows);
    assert!(r.passed);
    assert_eq!(warning_kinds(&r), vec![("no-witness", 0)]);
    // Precisely what it cannot see: rows 6–10 and their checkpoint deleted together.
    let r = run(options(None), &l.checkpoints[..1], &l.rows[..5]);
    assert!(r.passed, "only the witness can tell");
}

#[test]
fn a_forged_row_appended_at_the_tail_is_an_unsigned_row() {
    let mut l = ledger(10, &[4, 10]);
    let forged = row_after(l.rows.last(), 11);
    l.rows.push(forged);
    let r = run(
        options(Some(l.checkpoints.clone())),
        &l.checkpoints,
        &l.rows,
    );
    assert!(!r.passed);
    assert_eq!(kinds(&r), vec![("unsigned-row", 11)]);
    let v = &r.violations[0];
    assert_eq!(v.subject, Subject::Row);
    assert_eq!(v.row_id.as_deref(), Some("r11"));
    assert_eq!(v.collection.as_deref(), Some(COLLECTIONS[3]));
    assert!(v.message.contains("up to seq 10"), "{}", v.message);
    // The clean prefix still anchors the next audit.
    assert_eq!(r.anchor_out.map(|a| a.seq), Some(10));
}

#[test]
fn a_row_edited_and_the_rest_rehashed_without_the_key_meets_a_checkpoint_mismatch() {
    let mut l = ledger(10, &[3, 7, 10]);
    l.rows[4].content["detail"] = json!("điểm e khoản 1 Điều 44");
    rehash(&mut l.rows, 4);
    let r = run(
        options(Some(l.checkpoints.clone())),
        &l.checkpoints,
        &l.rows,
    );
    // The chain is consistent again; only the signed heads give it away.
    assert_eq!(
        kinds(&r),
        vec![("checkpoint-mismatch", 7), ("checkpoint-mismatch", 10)]
    );
    let v = &r.violations[0];
    assert_eq!(v.expected, l.checkpoints[1].head);
    assert_eq!(v.found, l.rows[6].row_hash);
    assert_eq!(v.row_id.as_deref(), Some("r7"));
    // The next audit starts before the forgery, at the last head that still matched.
    assert_eq!(r.anchor_out.map(|a| a.seq), Some(3));
}

#[test]
fn a_row_edited_in_place_is_tampered_content() {
    let mut l = ledger(6, &[6]);
    l.rows[2].content["detail"] = json!("edited");
    let r = run(
        options(Some(l.checkpoints.clone())),
        &l.checkpoints,
        &l.rows,
    );
    assert_eq!(kinds(&r), vec![("tampered-content", 3)]);
    assert_eq!(r.violations[0].found, l.rows[2].row_hash);
    assert_eq!(r.anchor_out, None);
}

#[test]
fn the_newest_rows_deleted_with_their_stored_checkpoints_are_caught_by_the_witness() {
    let l = ledger(12, &[4, 8, 12]);
    let witness = l.checkpoints.clone();
    // The attacker deletes rows 9–12 and the checkpoint sealing them.
    let r = run(options(Some(witness)), &l.checkpoints[..2], &l.rows[..8]);
    assert_eq!(
        kinds(&r),
        vec![("checkpoint-deleted", 12), ("rows-deleted-at-tail", 12)]
    );
    let tail = r
        .violations
        .iter()
        .find(|v| v.kind == AuditKind::RowsDeletedAtTail)
        .unwrap();
    assert_eq!(
        tail.message,
        format!(
            "checkpoint 9–12 (signed at 2025-07-01T09:30:00.000Z) says the chain reached seq 12 with head {}; the ledger ends at seq 8: the newest rows were deleted",
            l.rows[11].row_hash
        )
    );
    assert_eq!(r.anchor_out.map(|a| a.seq), Some(8));
}

#[test]
fn rows_deleted_while_their_stored_checkpoint_stays_are_deleted_at_the_tail() {
    let l = ledger(8, &[4, 8]);
    let r = run(
        options(Some(l.checkpoints.clone())),
        &l.checkpoints,
        &l.rows[..6],
    );
    assert_eq!(kinds(&r), vec![("rows-deleted-at-tail", 8)]);
    let r = run(options(Some(l.checkpoints.clone())), &l.checkpoints, &[]);
    assert_eq!(
        kinds(&r),
        vec![("rows-deleted-at-tail", 4), ("rows-deleted-at-tail", 8)]
    );
    assert!(r.violations[0].message.contains("ends at seq 0"));
}

#[test]
fn a_row_deleted_in_the_middle_is_a_gap_and_a_broken_link() {
    let mut l = ledger(10, &[5, 10]);
    l.rows.remove(6); // seq 7
    let r = run(
        options(Some(l.checkpoints.clone())),
        &l.checkpoints,
        &l.rows,
    );
    assert_eq!(kinds(&r), vec![("missing-rows", 8), ("broken-link", 8)]);
    assert_eq!(
        r.violations[0].message,
        "the row with seq 7 is missing: it was deleted"
    );
    let mut l = ledger(10, &[10]);
    l.rows.drain(2..5); // seqs 3, 4, 5
    let r = run(
        options(Some(l.checkpoints.clone())),
        &l.checkpoints,
        &l.rows,
    );
    assert!(r.violations[0]
        .message
        .contains("seq 3 to 5 (3 rows) are missing"));
}

#[test]
fn rows_deleted_renumbered_and_rehashed_still_miss_the_checkpoint() {
    let mut l = ledger(10, &[5, 10]);
    l.rows.remove(2);
    for (i, r) in l.rows.iter_mut().enumerate() {
        r.content["ledger_seq"] = json!(i + 1);
    }
    rehash(&mut l.rows, 2);
    let r = run(
        options(Some(l.checkpoints.clone())),
        &l.checkpoints,
        &l.rows,
    );
    assert_eq!(
        kinds(&r),
        vec![("checkpoint-mismatch", 5), ("rows-deleted-at-tail", 10)]
    );
}

#[test]
fn an_incremental_audit_starts_at_the_anchor_of_the_last() {
    let l = ledger(20, &[5, 12, 20]);
    let first = run(
        options(Some(l.checkpoints[..2].to_vec())),
        &l.checkpoints[..2],
        &l.rows[..12],
    );
    let anchor = first.anchor_out.clone().unwrap();
    assert_eq!(anchor.seq, 12);
    // Later: only the checkpoints from the anchor on, and the rows after it.
    let options = AuditOptions {
        anchor: Some(anchor.clone()),
        ..options(Some(l.checkpoints.clone()))
    };
    let r = run(options.clone(), &l.checkpoints[1..], &l.rows[12..]);
    assert!(r.passed, "{:?}", r.violations);
    assert_eq!(
        (r.rows_checked, r.from_seq, r.to_seq),
        (8, Some(13), Some(20))
    );
    assert_eq!((r.checkpoints_checked, r.witness_checked), (2, 2));
    assert_eq!(r.anchor_out.map(|a| a.seq), Some(20));
    // Without the checkpoint at the anchor it works the same.
    assert!(run(options.clone(), &l.checkpoints[2..], &l.rows[12..]).passed);
    // No new rows: the audit passes and keeps the anchor.
    let idle = run(
        AuditOptions {
            anchor: Some(anchor.clone()),
            ..AuditOptions::new([TEST_PUBLIC])
        },
        &l.checkpoints[1..2],
        &[],
    );
    assert!(idle.passed);
    assert_eq!(idle.anchor_out, Some(anchor.clone()));
    assert_eq!(idle.head, Some(anchor.row_hash.clone()));
}

#[test]
fn a_forged_anchor_is_caught_by_the_checkpoint_at_its_seq_and_the_first_link() {
    let l = ledger(20, &[12, 20]);
    let forged = Anchor {
        seq: 12,
        row_hash: "0".repeat(64),
    };
    let r = run(
        AuditOptions {
            anchor: Some(forged),
            ..options(Some(l.checkpoints.clone()))
        },
        &l.checkpoints,
        &l.rows[12..],
    );
    assert_eq!(
        kinds(&r),
        vec![
            ("checkpoint-mismatch", 12),
            ("checkpoint-mismatch", 12),
            ("broken-link", 13)
        ]
    );
    // A failure at the anchor itself leaves nothing to anchor the next audit on.
    assert_eq!(r.anchor_out, None);
}

#[test]
fn rows_before_the_anchor_are_out_of_order() {
    let l = ledger(10, &[5, 10]);
    let anchor = Anchor {
        seq: 5,
        row_hash: l.rows[4].row_hash.clone(),
    };
    let r = run(
        AuditOptions {
            anchor: Some(anchor),
            ..options(None)
        },
        &l.checkpoints,
        &l.rows[4..],
    );
    assert_eq!(kinds(&r), vec![("out-of-order", 5)]);
    assert!(r.violations[0]
        .message
        .contains("not after the anchor (seq 5)"));
}

#[test]
fn violations_are_capped_but_all_counted() {
    let mut l = ledger(60, &[10]);
    l.checkpoints.truncate(1);
    let r = run(
        AuditOptions {
            max_violations: 7,
            ..options(Some(l.checkpoints.clone()))
        },
        &l.checkpoints,
        &l.rows,
    );
    assert_eq!(r.violation_count, 50);
    assert_eq!(r.violations.len(), 7);
    assert!(r
        .violations
        .iter()
        .all(|v| v.kind == AuditKind::UnsignedRow));
    assert_eq!(r.violations[0].seq, 11);
    assert!(!r.passed);
}

#[test]
fn a_stored_checkpoint_with_a_bad_signature_seals_nothing() {
    let mut l = ledger(6, &[3, 6]);
    l.checkpoints[1].recorded_at = "2025-07-02T00:00:00Z".into();
    let r = run(options(None), &l.checkpoints, &l.rows);
    assert_eq!(
        kinds(&r),
        vec![
            ("unsigned-row", 4),
            ("unsigned-row", 5),
            ("bad-signature", 6),
            ("unsigned-row", 6)
        ]
    );
    assert_eq!(r.violations[2].subject, Subject::Checkpoint);
    assert_eq!(r.anchor_out.map(|a| a.seq), Some(3));
}

#[test]
fn a_checkpoint_from_an_untrusted_key_is_an_unknown_key() {
    let l = ledger(4, &[]);
    let c = sign(OTHER_KEY, &unsigned(4, 0, &l.rows[3].row_hash)).unwrap();
    let r = run(options(None), std::slice::from_ref(&c), &l.rows);
    let unknown = r
        .violations
        .iter()
        .find(|v| v.kind == AuditKind::UnknownKey)
        .unwrap();
    assert_eq!(unknown.found, format!("key {}", c.key_id));
    assert_eq!(r.violation_count, 5); // and the 4 rows are unsigned
                                      // Trusting the other key too (rotation) makes it valid.
    let both = AuditOptions::new([TEST_PUBLIC, OTHER_PUBLIC]);
    assert!(run(both, &[c], &l.rows).passed);
}

#[test]
fn a_witness_line_with_a_bad_signature_is_reported_as_the_witness() {
    let l = ledger(6, &[3, 6]);
    let mut witness = l.checkpoints.clone();
    witness[0].head = l.rows[1].row_hash.clone();
    let r = run(options(Some(witness)), &l.checkpoints, &l.rows);
    let bad = &r.violations[0];
    assert_eq!(
        (bad.kind, bad.subject, bad.seq),
        (AuditKind::BadSignature, Subject::Witness, 3)
    );
    // It also differs from the stored one.
    assert_eq!(
        kinds(&r),
        vec![("bad-signature", 3), ("checkpoint-differs", 3)]
    );
}

#[test]
fn a_stored_checkpoint_replaced_by_another_signed_one_differs_from_the_witness() {
    // A fork: rows 5–6 deleted, then the server appended two new rows and signed them.
    let l = ledger(6, &[4, 6]);
    let mut forked = l.rows[..4].to_vec();
    for seq in 5..=6 {
        let mut row = row_after(forked.last(), seq);
        row.content["detail"] = json!("another branch");
        row.row_hash = chain_hash(row.prev_hash.as_deref(), &row.collection, &row.content);
        forked.push(row);
    }
    let db = vec![
        l.checkpoints[0].clone(),
        sign(TEST_KEY, &unsigned(6, 4, &forked[5].row_hash)).unwrap(),
    ];
    let r = run(options(Some(l.checkpoints.clone())), &db, &forked);
    assert_eq!(
        kinds(&r),
        vec![("checkpoint-differs", 6), ("checkpoint-mismatch", 6)]
    );
}

#[test]
fn a_stored_checkpoint_missing_from_the_witness_is_only_a_warning() {
    let l = ledger(9, &[3, 6, 9]);
    let r = run(
        options(Some(l.checkpoints[..2].to_vec())),
        &l.checkpoints,
        &l.rows,
    );
    assert!(r.passed, "{:?}", r.violations);
    assert_eq!(warning_kinds(&r), vec![("witness-lag", 9)]);
    assert_eq!(r.warning_count, 1);
}

#[test]
fn a_stored_checkpoint_deleted_in_the_middle_breaks_the_checkpoint_chain() {
    let l = ledger(9, &[3, 6, 9]);
    let db = vec![l.checkpoints[0].clone(), l.checkpoints[2].clone()];
    let r = run(options(None), &db, &l.rows);
    assert_eq!(kinds(&r), vec![("checkpoint-missing", 9)]);
    assert!(r.violations[0].message.contains("checkpoints were deleted"));
    let r = run(options(Some(l.checkpoints.clone())), &db, &l.rows);
    assert_eq!(
        kinds(&r),
        vec![("checkpoint-deleted", 6), ("checkpoint-missing", 9)]
    );
}

#[test]
fn duplicate_out_of_order_and_unreadable_seqs_are_named() {
    let l = ledger(6, &[6]);
    let mut rows = l.rows.clone();
    rows.insert(3, l.rows[2].clone()); // seq 3 twice
    let r = run(options(None), &l.checkpoints, &rows);
    assert_eq!(kinds(&r), vec![("duplicate-seq", 3)]);

    let mut rows = l.rows.clone();
    rows.swap(3, 4);
    let r = run(options(None), &l.checkpoints, &rows);
    assert_eq!(
        kinds(&r),
        vec![("out-of-order", 4), ("missing-rows", 5), ("broken-link", 5)]
    );

    let mut rows = l.rows.clone();
    rows[1].content["ledger_seq"] = json!("two");
    let r = run(options(None), &l.checkpoints, &rows);
    assert_eq!(kinds(&r), vec![("invalid-seq", 2), ("tampered-content", 2)]);
    // A decimal string is a seq (a bigint column read through pg).
    let mut rows = l.rows.clone();
    rows[1].content["ledger_seq"] = json!("2");
    rehash(&mut rows, 1);
    let r = run(options(None), &[], &rows);
    assert!(kinds(&r).iter().all(|k| k.0 == "unsigned-row"), "{r:?}");
}

#[test]
fn two_stored_checkpoints_at_one_seq_are_reported() {
    let l = ledger(4, &[4]);
    let mut again = l.checkpoints[0].clone();
    again.recorded_at = "later".into();
    let r = run(options(None), &[l.checkpoints[0].clone(), again], &l.rows);
    assert_eq!(
        kinds(&r),
        vec![("bad-signature", 4), ("duplicate-checkpoint", 4)]
    );
}

#[test]
fn misuse_is_an_error_not_a_finding() {
    let l = ledger(3, &[3]);
    let mut audit = LedgerAudit::new(options(None)).unwrap();
    audit.rows(l.rows.clone()).unwrap();
    assert_eq!(
        audit.checkpoints(l.checkpoints.clone()).unwrap_err().code(),
        "checkpoints-after-rows"
    );
    audit.finish().unwrap();
    assert_eq!(audit.finish().unwrap_err().code(), "audit-finished");
    assert_eq!(audit.rows(vec![]).unwrap_err().code(), "audit-finished");

    let err = |o: AuditOptions| LedgerAudit::new(o).unwrap_err().to_report();
    assert_eq!(
        err(AuditOptions::new(Vec::<String>::new())).code,
        "no-public-key"
    );
    assert_eq!(err(AuditOptions::new(["nope"])).code, "invalid-public-key");
    let bad_anchor = |seq, row_hash: &str| AuditOptions {
        anchor: Some(Anchor {
            seq,
            row_hash: row_hash.into(),
        }),
        ..options(None)
    };
    assert_eq!(err(bad_anchor(0, &"a".repeat(64))).code, "invalid-anchor");
    assert_eq!(err(bad_anchor(3, "abc")).code, "invalid-anchor");
}

#[test]
fn options_read_from_json_take_the_defaults() {
    let o: AuditOptions = serde_json::from_value(json!({
        "public_keys": [TEST_PUBLIC],
        "anchor": {"seq": "12", "row_hash": "a".repeat(64)},
    }))
    .unwrap();
    assert_eq!(o.max_violations, DEFAULT_MAX_VIOLATIONS);
    assert_eq!(o.witness, None);
    assert_eq!(o.anchor.unwrap().seq, 12);
    let o: AuditOptions = serde_json::from_value(json!({
        "public_keys": TEST_PUBLIC, "anchor": null, "witness": null, "max_violations": null,
    }))
    .unwrap();
    assert_eq!(
        (o.public_keys.len(), o.max_violations),
        (1, DEFAULT_MAX_VIOLATIONS)
    );
    let e = serde_json::from_value::<AuditOptions>(json!({"public_keys": [1]})).unwrap_err();
    assert!(e.to_string().contains("PEM string"), "{e}");
}

#[test]
fn a_witness_file_is_read_line_by_line_and_a_torn_last_line_is_left_out() {
    let l = ledger(6, &[3, 6]);
    let lines: Vec<String> = l
        .checkpoints
        .iter()
        .map(Checkpoint::to_canonical_json)
        .collect();
    let text = format!("{}\n\n{}\n", lines[0], lines[1]);
    let w = parse_witness(&text).unwrap();
    assert_eq!((w.checkpoints, w.torn_tail), (l.checkpoints.clone(), false));

    let torn = format!("{}\n{}", lines[0], &lines[1][..40]);
    let w = parse_witness(&torn).unwrap();
    assert_eq!((w.checkpoints.len(), w.torn_tail), (1, true));
    // A whole last line without its newline is still read.
    let w = parse_witness(&format!("{}\n{}", lines[0], lines[1])).unwrap();
    assert_eq!((w.checkpoints.len(), w.torn_tail), (2, false));

    let edited = format!("{}\n{{\"v\":1}}\n{}\n", lines[0], lines[1]);
    let e = parse_witness(&edited).unwrap_err().to_report();
    assert_eq!(e.code, "invalid-witness-line");
    assert_eq!(e.offset, Some(lines[0].len() + 1));
    assert!(e.reason.starts_with("witness line 2"), "{}", e.reason);
    assert_eq!(parse_witness("").unwrap().checkpoints, vec![]);
}

#[test]
fn a_duplicated_witness_line_is_harmless_but_two_different_ones_differ() {
    let l = ledger(6, &[3, 6]);
    let mut witness = l.checkpoints.clone();
    witness.push(l.checkpoints[1].clone());
    assert!(run(options(Some(witness.clone())), &l.checkpoints, &l.rows).passed);
    let mut other = l.checkpoints[1].clone();
    other.recorded_at = "2025-07-02T00:00:00Z".into();
    witness.push(
        sign(
            TEST_KEY,
            &UnsignedCheckpoint {
                recorded_at: "2025-07-02T00:00:00Z".into(),
                ..unsigned(6, 3, &l.rows[5].row_hash)
            },
        )
        .unwrap(),
    );
    let r = run(options(Some(witness)), &l.checkpoints, &l.rows);
    assert_eq!(kinds(&r), vec![("checkpoint-differs", 6)]);
    assert_eq!(r.violations[0].subject, Subject::Witness);
}

/// Rows generated one page at a time: the test holds one page, like the server.
fn stream(audit: &mut LedgerAudit, n: u64, page: u64, mut each_page: impl FnMut(&LedgerAudit)) {
    let mut prev: Option<LedgerRow> = None;
    let mut seq = 0;
    while seq < n {
        let mut rows = Vec::with_capacity(page as usize);
        for _ in 0..page.min(n - seq) {
            seq += 1;
            let row = row_after(rows.last().or(prev.as_ref()), seq);
            rows.push(row);
        }
        prev = rows.last().cloned();
        audit.rows(rows).unwrap();
        each_page(audit);
    }
}

fn flat_memory_over(n: u64, page: u64) {
    // The head of row n, computed by a first pass that keeps nothing and audits nothing: the rows alone (an audit
    // of them here as well was half of this test's time, which npm test's budget pays).
    let mut last: Option<LedgerRow> = None;
    for seq in 1..=n {
        last = Some(row_after(last.as_ref(), seq));
    }
    let head = last.map(|r| r.row_hash).unwrap_or_default();
    let c = sign(TEST_KEY, &unsigned(n, 0, &head)).unwrap();
    let mut audit = LedgerAudit::new(options(Some(vec![c.clone()]))).unwrap();
    audit.checkpoints(vec![c]).unwrap();
    let mut sizes = Vec::new();
    stream(&mut audit, n, page, |a| sizes.push(a.retained()));
    assert!(sizes.windows(2).all(|w| w[0] == w[1]), "{sizes:?}");
    let r = audit.finish().unwrap();
    assert!(r.passed, "{:?}", r.violations);
    assert_eq!(r.rows_checked, n);
    assert_eq!(r.anchor_out.map(|a| a.seq), Some(n));
}

#[test]
fn streamed_pages_keep_memory_flat() {
    flat_memory_over(20_000, 1000);
}

/// About 2 × 1 M rows hashed: seconds optimized, a minute in a debug build. `npm test` runs it in its
/// optimized build (profile ci); `cargo test -p iu-cutter-core --release a_million` alone.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "1 M rows: seconds optimized (profile ci or release)"
)]
fn a_million_rows_stream_in_flat_memory() {
    flat_memory_over(1_000_000, 5000);
}

mod tamper {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Attack {
        Edit { at: usize, rehash: bool },
        Delete { at: usize, renumber: bool },
        Insert { at: usize, renumber: bool },
    }

    fn attack() -> impl Strategy<Value = Attack> {
        prop_oneof![
            (0usize..64, any::<bool>()).prop_map(|(at, rehash)| Attack::Edit { at, rehash }),
            (0usize..64, any::<bool>()).prop_map(|(at, renumber)| Attack::Delete { at, renumber }),
            (0usize..65, any::<bool>()).prop_map(|(at, renumber)| Attack::Insert { at, renumber }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// Any single-row edit, delete or insert in a fully signed chain is detected, even
        /// by an attacker who re-links, renumbers and re-hashes what follows.
        #[test]
        fn any_single_row_change_is_detected(
            n in 1u64..24,
            cuts in proptest::collection::btree_set(1u64..24, 0..4),
            attack in attack(),
            witness in any::<bool>(),
        ) {
            let mut at: Vec<u64> = cuts.into_iter().filter(|&c| c < n).collect();
            at.push(n);
            let l = ledger(n, &at);
            let mut rows = l.rows.clone();
            let len = rows.len();
            match attack {
                Attack::Edit { at, rehash: re } => {
                    let i = at % len;
                    rows[i].content["detail"] = json!("forged");
                    if re { rehash(&mut rows, i); }
                }
                Attack::Delete { at, renumber } => {
                    let i = at % len;
                    rows.remove(i);
                    if renumber {
                        for (k, r) in rows.iter_mut().enumerate() { r.content["ledger_seq"] = json!(k + 1); }
                        rehash(&mut rows, i);
                    }
                }
                Attack::Insert { at, renumber } => {
                    let i = at % (len + 1);
                    let mut forged = row_after(if i == 0 { None } else { rows.get(i - 1) }, i as u64 + 1);
                    forged.content["detail"] = json!("forged");
                    rows.insert(i, forged);
                    if renumber {
                        for (k, r) in rows.iter_mut().enumerate() { r.content["ledger_seq"] = json!(k + 1); }
                    }
                    rehash(&mut rows, i);
                }
            }
            let w = witness.then(|| l.checkpoints.clone());
            let r = run(options(w), &l.checkpoints, &rows);
            prop_assert!(!r.passed, "undetected: {:?}", attack);
        }
    }
}

// ── incidents: disowned rows and checkpoints ────────────────────────────────

/// The incident's set, as `ledger_incident.disowned` holds it, each entry naming `incident`.
fn disowned_from(report: &AuditReport, incident: &str) -> Disowned {
    let mut d = crate::change::incident::disowned_by(&report.violations);
    for r in &mut d.rows {
        r.incident = Some(incident.into());
    }
    for c in &mut d.checkpoints {
        c.incident = Some(incident.into());
    }
    d
}

fn with_disowned(witness: Option<Vec<Checkpoint>>, disowned: Disowned) -> AuditOptions {
    AuditOptions {
        disowned: Some(disowned),
        ..options(witness)
    }
}

/// The incident row appended after the tail and signed, as the server does.
fn record_incident(l: &mut Ledger) {
    let seq = l.rows.len() as u64 + 1;
    let row = row_after(l.rows.last(), seq);
    let prev = l.checkpoints.last().map_or(0, |c| c.seq);
    l.checkpoints
        .push(sign(TEST_KEY, &unsigned(seq, prev, &row.row_hash)).unwrap());
    l.rows.push(row);
}

#[test]
fn forged_rows_disowned_by_an_incident_are_warnings_naming_it_before_and_after_its_checkpoint() {
    let mut l = ledger(10, &[4, 10]);
    for seq in [11, 12] {
        let forged = row_after(l.rows.last(), seq);
        l.rows.push(forged);
    }
    let found = run(
        options(Some(l.checkpoints.clone())),
        &l.checkpoints,
        &l.rows,
    );
    assert_eq!(
        kinds(&found),
        vec![("unsigned-row", 11), ("unsigned-row", 12)]
    );
    let d = disowned_from(&found, "inc-1");
    assert_eq!(
        d.rows
            .iter()
            .map(|r| (r.seq, r.kinds.clone()))
            .collect::<Vec<_>>(),
        vec![
            (11, vec![AuditKind::UnsignedRow]),
            (12, vec![AuditKind::UnsignedRow])
        ]
    );
    assert!(d.checkpoints.is_empty());

    // Given the set, the same chain passes: the forged rows are named, not counted.
    let r = run(
        with_disowned(Some(l.checkpoints.clone()), d.clone()),
        &l.checkpoints,
        &l.rows,
    );
    assert!(r.passed, "{:?}", r.violations);
    assert_eq!(warning_kinds(&r), vec![("disowned", 11), ("disowned", 12)]);
    assert!(
        r.warnings[0].message.contains("incident inc-1"),
        "{}",
        r.warnings[0].message
    );
    assert!(
        r.warnings[0].message.contains("unsigned-row"),
        "{}",
        r.warnings[0].message
    );

    // After the incident's own signed row, they are covered and still named.
    record_incident(&mut l);
    let r = run(
        with_disowned(Some(l.checkpoints.clone()), d),
        &l.checkpoints,
        &l.rows,
    );
    assert!(r.passed, "{:?}", r.violations);
    assert_eq!(warning_kinds(&r), vec![("disowned", 11), ("disowned", 12)]);
    assert_eq!(r.anchor_out.map(|a| a.seq), Some(13));
    // Without the set, the signed incident covers them: nothing would name them.
    let bare = run(
        options(Some(l.checkpoints.clone())),
        &l.checkpoints,
        &l.rows,
    );
    assert!(bare.passed && bare.warnings.is_empty());
}

#[test]
fn a_rewritten_chain_disowns_the_rows_and_checkpoints_that_no_longer_match() {
    let mut l = ledger(10, &[3, 7, 10]);
    l.rows[4].content["detail"] = json!("điểm e khoản 1 Điều 44");
    rehash(&mut l.rows, 4);
    let found = run(
        options(Some(l.checkpoints.clone())),
        &l.checkpoints,
        &l.rows,
    );
    let d = disowned_from(&found, "inc-2");
    assert_eq!(
        d.rows.iter().map(|r| r.seq).collect::<Vec<_>>(),
        vec![7, 10]
    );
    assert_eq!(
        d.checkpoints.iter().map(|c| c.seq).collect::<Vec<_>>(),
        vec![7, 10]
    );
    record_incident(&mut l);
    let r = run(
        with_disowned(Some(l.checkpoints.clone()), d.clone()),
        &l.checkpoints,
        &l.rows,
    );
    assert!(r.passed, "{:?}", r.violations);
    assert_eq!(warning_kinds(&r), vec![("disowned", 7), ("disowned", 10)]);
    // The incident's checkpoint anchors the next audit.
    assert_eq!(r.anchor_out.map(|a| a.seq), Some(11));

    // Rewritten again (another edit, re-hashed through the tail): violations again.
    l.rows[4].content["detail"] = json!("điểm g khoản 1 Điều 44");
    rehash(&mut l.rows, 4);
    let r = run(
        with_disowned(Some(l.checkpoints.clone()), d),
        &l.checkpoints,
        &l.rows,
    );
    assert!(!r.passed);
    assert!(
        kinds(&r).contains(&("disowned-row-changed", 7)),
        "{:?}",
        kinds(&r)
    );
    assert!(
        kinds(&r).contains(&("checkpoint-mismatch", 11)),
        "{:?}",
        kinds(&r)
    );
}

#[test]
fn a_disowned_row_edited_again_is_a_violation_again() {
    // Edited in place (no re-hash): disowned with the hash its content had then.
    let mut l = ledger(6, &[6]);
    l.rows[2].content["detail"] = json!("edited");
    let found = run(
        options(Some(l.checkpoints.clone())),
        &l.checkpoints,
        &l.rows,
    );
    let d = disowned_from(&found, "inc-3");
    assert_eq!(d.rows[0].kinds, vec![AuditKind::TamperedContent]);
    assert!(d.rows[0].content_hash.is_some());
    let r = run(
        with_disowned(Some(l.checkpoints.clone()), d.clone()),
        &l.checkpoints,
        &l.rows,
    );
    assert!(r.passed, "{:?}", r.violations);
    assert_eq!(warning_kinds(&r), vec![("disowned", 3)]);

    // The same row edited once more (its row_hash untouched): its content hash moved.
    l.rows[2].content["detail"] = json!("edited twice");
    let r = run(
        with_disowned(Some(l.checkpoints.clone()), d.clone()),
        &l.checkpoints,
        &l.rows,
    );
    assert_eq!(
        kinds(&r),
        vec![("disowned-row-changed", 3), ("tampered-content", 3)]
    );
    assert!(r.violations[0].message.contains("inc-3"));

    // A forged row disowned as unsigned, later also edited in place: a new kind of finding.
    let mut l = ledger(4, &[4]);
    let forged = row_after(l.rows.last(), 5);
    l.rows.push(forged);
    let found = run(options(None), &l.checkpoints, &l.rows);
    let d = disowned_from(&found, "inc-4");
    l.rows[4].content["detail"] = json!("approved after all");
    let r = run(
        AuditOptions {
            disowned: Some(d),
            ..options(None)
        },
        &l.checkpoints,
        &l.rows,
    );
    assert_eq!(
        kinds(&r),
        vec![
            ("disowned-row-changed", 5),
            ("tampered-content", 5),
            ("unsigned-row", 5)
        ]
    );
}

#[test]
fn findings_on_a_disowned_checkpoint_are_warnings() {
    let mut l = ledger(10, &[4, 7, 10]);
    l.checkpoints[1].recorded_at = "2025-07-02T00:00:00Z".into(); // bad signature at 7
    let found = run(options(None), &l.checkpoints, &l.rows);
    assert!(kinds(&found).contains(&("bad-signature", 7)));
    assert!(kinds(&found).contains(&("checkpoint-missing", 10)));
    let d = disowned_from(&found, "inc-5");
    assert_eq!(
        d.checkpoints.iter().map(|c| c.seq).collect::<Vec<_>>(),
        vec![7, 10]
    );
    let r = run(with_disowned(None, d), &l.checkpoints, &l.rows);
    assert!(r.passed, "{:?}", r.violations);
    assert!(warning_kinds(&r).contains(&("disowned", 7)));
    assert!(r
        .warnings
        .iter()
        .any(|w| w.message.contains("bad-signature")));
}

#[test]
fn the_disowned_option_reads_bare_seqs_and_objects() {
    let o: AuditOptions = serde_json::from_value(json!({
        "public_keys": [TEST_PUBLIC],
        "disowned": {
            "rows": [{"seq": "11", "row_hash": "a".repeat(64), "kinds": ["unsigned-row"], "collection": "review_decision", "id": "r11", "incident": "i"}],
            "checkpoints": [7, {"seq": 10, "incident": "i"}],
        },
    }))
    .unwrap();
    let d = o.disowned.unwrap();
    assert_eq!(d.rows[0].seq, 11);
    assert_eq!(
        d.checkpoints[0],
        DisownedCheckpoint {
            seq: 7,
            incident: None
        }
    );
    assert_eq!(d.checkpoints[1].incident.as_deref(), Some("i"));
    // Bare seqs serialize back as bare seqs (the incident row's column).
    assert_eq!(
        serde_json::to_value(&d.checkpoints).unwrap(),
        json!([7, {"seq": 10, "incident": "i"}])
    );
}

/// A CUT as the executor agent records it: the change set (seq 1), then its history row (seq 2)
/// holding the agent's signature of the change set's row hash, sealed by the server (TEST_KEY);
/// the agent signs with a key of its own (OTHER_KEY).
fn signed_cut() -> Ledger {
    let rows = cut_rows(None, 1, None);
    let checkpoints = vec![sign(TEST_KEY, &unsigned(2, 0, &rows[1].row_hash)).unwrap()];
    Ledger {
        rows: rows.to_vec(),
        checkpoints,
    }
}

/// The change set (at `seq`, after `prev`) and its history row (at `seq + 1`, by `actor` when named)
/// a CUT of entry e1 records, the agent signing the change set's row hash with OTHER_KEY.
fn cut_rows(prev: Option<&LedgerRow>, seq: u64, actor: Option<&str>) -> [LedgerRow; 2] {
    use crate::ledger::actor::{sign_agent, Act, SignedStep, Statement};
    use crate::text::timestamp::Timestamp;
    let change_set = append(
        prev,
        "cut_change_set",
        "cs1",
        json!({ "id": "cs1", "ledger_seq": seq, "entry": "e1", "units_written": 3 }),
    );
    let statement = Statement {
        entry: "e1".into(),
        act: Act::Cut,
        subject_sha256: change_set.row_hash.clone(),
        ledger_head: change_set.row_hash.clone(),
        at: Timestamp(1_795_000_000_000),
    };
    let signed = sign_agent(OTHER_KEY, &statement).unwrap();
    let step = SignedStep {
        statement,
        signature: signed.signature,
        public_key_pem: signed.public_key_pem,
        key_id: signed.key_id,
    };
    let detail = json!({ "change_set": "cs1", "actor_signature": step }).to_string();
    let mut content = json!({ "id": "h1", "ledger_seq": seq + 1, "entry": "e1", "event": "cut", "detail": detail });
    if let Some(actor) = actor {
        content["actor"] = json!(actor);
    }
    let history = append(Some(&change_set), "decision_backlog_history", "h1", content);
    [change_set, history]
}

#[test]
fn an_agents_signature_of_its_change_set_holds_in_the_audit() {
    let l = signed_cut();
    let r = run(
        options(Some(l.checkpoints.clone())),
        &l.checkpoints,
        &l.rows,
    );
    assert!(r.passed, "{:?}", r.violations);
}

#[test]
fn a_change_set_rewritten_and_resealed_with_the_ledger_key_breaks_the_agents_signature() {
    // The operator holds the ledger's key and the database: they rewrite the change set, re-hash the chain
    // and sign a new checkpoint. Every chain check passes; the agent's signature does not.
    let mut l = signed_cut();
    l.rows[0].content["units_written"] = json!(4);
    rehash(&mut l.rows, 0);
    let resealed = vec![sign(TEST_KEY, &unsigned(2, 0, &l.rows[1].row_hash)).unwrap()];
    let r = run(options(Some(resealed.clone())), &resealed, &l.rows);
    assert_eq!(kinds(&r), vec![("bad-actor-signature", 2)]);
    assert!(
        r.violations[0].message.contains("statement.subject_sha256"),
        "{}",
        r.violations[0].message
    );
}

#[test]
fn an_agents_signature_moved_to_another_entry_or_event_or_edited_is_named() {
    let moved = |f: &dyn Fn(&mut Value)| {
        let mut l = signed_cut();
        f(&mut l.rows[1].content);
        rehash(&mut l.rows, 1);
        let resealed = vec![sign(TEST_KEY, &unsigned(2, 0, &l.rows[1].row_hash)).unwrap()];
        let r = run(options(Some(resealed.clone())), &resealed, &l.rows);
        kinds(&r)
    };
    let bad = vec![("bad-actor-signature", 2)];
    assert_eq!(moved(&|c| c["entry"] = json!("e2")), bad, "another entry");
    assert_eq!(
        moved(&|c| c["event"] = json!("verified")),
        bad,
        "another act"
    );
    assert_eq!(
        moved(&|c| c["event"] = json!("approved")),
        bad,
        "an event no agent signs"
    );
    assert_eq!(
        moved(&|c| {
            let d = c["detail"].as_str().unwrap();
            assert!(d.contains("\"at\":1795000000000"), "{d}");
            c["detail"] = json!(d.replace("\"at\":1795000000000", "\"at\":1795000000001"));
        }),
        bad,
        "the statement's time edited: the signature no longer verifies"
    );
}

#[test]
fn a_step_re_signed_in_the_agents_name_with_another_key_is_not_in_the_policy() {
    // The forger rewrites the change set, then signs a fresh statement over its new hash with a key of
    // their own (TEST_KEY, the ledger's, standing in for any key that is not the agent's), and re-seals.
    use crate::ledger::actor::{sign_agent, Act, SignedStep, Statement};
    use crate::text::timestamp::Timestamp;
    let mut l = signed_cut();
    l.rows[0].content["units_written"] = json!(4);
    rehash(&mut l.rows, 0);
    let statement = Statement {
        entry: "e1".into(),
        act: Act::Cut,
        subject_sha256: l.rows[0].row_hash.clone(),
        ledger_head: l.rows[0].row_hash.clone(),
        at: Timestamp(1_795_000_000_000),
    };
    let forged = sign_agent(TEST_KEY, &statement).unwrap();
    let step = SignedStep {
        statement,
        signature: forged.signature,
        public_key_pem: forged.public_key_pem,
        key_id: forged.key_id,
    };
    l.rows[1].content["detail"] =
        json!(json!({ "change_set": "cs1", "actor_signature": step }).to_string());
    rehash(&mut l.rows, 1);
    let sealed = vec![sign(TEST_KEY, &unsigned(2, 0, &l.rows[1].row_hash)).unwrap()];
    // Without the agents' keys the forgery holds together; with them it is named.
    let unjudged = run(options(Some(sealed.clone())), &sealed, &l.rows);
    assert!(unjudged.passed, "{:?}", unjudged.violations);
    let judged = run(
        AuditOptions {
            agent_public_keys: vec![OTHER_PUBLIC.into()],
            ..options(Some(sealed.clone()))
        },
        &sealed,
        &l.rows,
    );
    assert_eq!(kinds(&judged), vec![("key-not-in-policy", 2)]);
    // The agent's own signature, with its key in the list, passes.
    let l = signed_cut();
    let honest = run(
        AuditOptions {
            agent_public_keys: vec![OTHER_PUBLIC.into()],
            ..options(Some(l.checkpoints.clone()))
        },
        &l.checkpoints,
        &l.rows,
    );
    assert!(honest.passed, "{:?}", honest.violations);
}

/// A ledger with a trust policy (version 1: the admin custodian, and the reviewer who may approve),
/// an entry and its approval, signed by `approver` (or unsigned), sealed.
fn reviewed(
    policy_signatures: usize,
    approval: Option<crate::ledger::policy::PolicySignature>,
    actor: &str,
) -> Ledger {
    use crate::ledger::actor::Act;
    use crate::ledger::policy::tests::{first_reviewer, genesis, install_signatures, key, Passkey};
    let (admin, reviewer) = (Passkey::new(1), Passkey::new(4));
    let ak = key("admin", admin.public(), &[Act::Policy]);
    let p = genesis(
        vec![
            ak.clone(),
            key("reviewer", reviewer.public(), &[Act::Approve]),
            first_reviewer().1,
        ],
        1,
    );
    // Its custodian's, then the second person's review (install_signatures), or fewer.
    let signatures: Vec<_> = install_signatures(&p, &admin, &ak)
        .into_iter()
        .take(policy_signatures)
        .collect();
    let mut rows = vec![append(
        None,
        "trust_policy",
        "p1",
        json!({ "id": "p1", "ledger_seq": 1, "version": 1, "policy_json": p.canonical(), "signatures": serde_json::to_string(&signatures).unwrap() }),
    )];
    rows.push(append(
        rows.last(),
        "decision_backlog_entry",
        "e1",
        json!({ "id": "e1", "ledger_seq": 2, "manifest_sha256": MANIFEST }),
    ));
    let detail = match approval {
        Some(s) => json!({ "person_signature": s }).to_string(),
        None => "{}".into(),
    };
    rows.push(append(
        rows.last(),
        "decision_backlog_history",
        "h1",
        json!({ "id": "h1", "ledger_seq": 3, "entry": "e1", "event": "approved", "actor": actor, "detail": detail }),
    ));
    let checkpoints = vec![sign(TEST_KEY, &unsigned(3, 0, &rows[2].row_hash)).unwrap()];
    Ledger { rows, checkpoints }
}

const MANIFEST: &str = "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";

fn approval_by(seed: u8, manifest: &str) -> crate::ledger::policy::PolicySignature {
    use crate::ledger::actor::{Act, Statement};
    use crate::ledger::policy::tests::Passkey;
    use crate::text::timestamp::Timestamp;
    let k = Passkey::new(seed);
    let statement = Statement {
        entry: "e1".into(),
        act: Act::Approve,
        subject_sha256: manifest.into(),
        ledger_head: "ab".repeat(32),
        at: Timestamp(1_795_000_000_000),
    };
    k.sign(&statement, &k.public().key_id().unwrap())
}

#[test]
fn under_a_trust_policy_an_approval_holds_only_signed_by_the_reviewers_own_key() {
    let audit = |l: Ledger| {
        let r = run(
            options(Some(l.checkpoints.clone())),
            &l.checkpoints,
            &l.rows,
        );
        (
            kinds(&r),
            r.violations
                .first()
                .map(|v| v.message.clone())
                .unwrap_or_default(),
        )
    };
    // The reviewer's passkey signed their approval of the entry's manifest.
    assert_eq!(
        audit(reviewed(2, Some(approval_by(4, MANIFEST)), "reviewer")).0,
        vec![]
    );
    // The operator appends an approval in the reviewer's name (holding the ledger's key: sealed): unsigned.
    assert_eq!(
        audit(reviewed(2, None, "reviewer")).0,
        vec![("unsigned-step", 3)]
    );
    // …or signs it with a passkey of their own.
    assert_eq!(
        audit(reviewed(2, Some(approval_by(7, MANIFEST)), "reviewer")).0,
        vec![("key-not-in-policy", 3)]
    );
    // The reviewer's signature kept with another person's approval.
    assert_eq!(
        audit(reviewed(2, Some(approval_by(4, MANIFEST)), "admin")).0,
        vec![("key-not-in-policy", 3)]
    );
    // Signed over another manifest than the entry's.
    let (k, m) = audit(reviewed(
        2,
        Some(approval_by(4, &"1e".repeat(32))),
        "reviewer",
    ));
    assert_eq!(k, vec![("bad-actor-signature", 3)]);
    assert!(m.contains("statement.subject_sha256"), "{m}");
    // A policy its custodian did not sign is named, and is not in force: the unsigned approval is the server's.
    assert_eq!(
        audit(reviewed(0, None, "reviewer")).0,
        vec![("policy-not-signed-by-custodians", 1)]
    );
    // Its custodian signed it, and no second person reviewed it (a store installed before reviews were
    // asked for): in force, so the approval holds, and said as a warning.
    let l = reviewed(1, Some(approval_by(4, MANIFEST)), "reviewer");
    let r = run(
        options(Some(l.checkpoints.clone())),
        &l.checkpoints,
        &l.rows,
    );
    assert_eq!(
        (r.passed, kinds(&r), warning_kinds(&r)),
        (true, vec![], vec![("first-policy-unreviewed", 1)])
    );
    assert!(
        r.warnings[0].message.contains("ADMIN"),
        "{}",
        r.warnings[0].message
    );
}

/// The ledger of [`reviewed`], with `n` entries approved in turn; `edit(i, signature)` may change the i-th.
fn many_reviewed(n: usize, edit: &dyn Fn(usize, &mut Value)) -> Ledger {
    let one = reviewed(2, None, "reviewer");
    let mut rows = vec![one.rows[0].clone()];
    for i in 0..n {
        let (entry, manifest) = (
            format!("e{i}"),
            crate::text::hash::sha256_hex(&i.to_string()),
        );
        let mut signature = approval_by(4, &manifest);
        signature.statement.entry = entry.clone();
        let signature = crate::ledger::policy::tests::Passkey::new(4)
            .sign(&signature.statement, &signature.key_id);
        let mut signature = serde_json::to_value(signature).unwrap();
        edit(i, &mut signature);
        let seq = rows.len() as u64 + 1;
        rows.push(append(
            rows.last(),
            "decision_backlog_entry",
            &entry,
            json!({ "id": entry, "ledger_seq": seq, "manifest_sha256": manifest }),
        ));
        rows.push(append(
            rows.last(),
            "decision_backlog_history",
            &format!("h{i}"),
            json!({ "id": format!("h{i}"), "ledger_seq": seq + 1, "entry": entry, "event": "approved", "actor": "reviewer", "detail": json!({ "person_signature": signature }).to_string() }),
        ));
    }
    let last = rows.last().unwrap();
    let checkpoints =
        vec![sign(TEST_KEY, &unsigned(rows.len() as u64, 0, &last.row_hash)).unwrap()];
    Ledger { rows, checkpoints }
}

#[test]
fn a_pages_passkey_signatures_verified_first_on_several_threads_come_to_the_same_report() {
    let report = |l: &Ledger, threads: usize| {
        let mut audit = LedgerAudit::new(options(Some(l.checkpoints.clone()))).unwrap();
        audit.set_threads(threads);
        audit.checkpoints(l.checkpoints.clone()).unwrap();
        for page in l.rows.chunks(7) {
            audit.rows(page.to_vec()).unwrap();
        }
        audit.finish().unwrap()
    };
    let honest = many_reviewed(12, &|_, _| {});
    for threads in [1, 2, 5] {
        assert_eq!(
            kinds(&report(&honest, threads)),
            vec![],
            "{threads} thread(s)"
        );
    }
    // One signature's bytes changed (it no longer holds), one moved to another key id, one proof of
    // another kind: each is named where it is, by the audit reading in order, whatever verified first.
    let forged = many_reviewed(12, &|i, s| match i {
        3 => {
            let sig = s["proof"]["signature"].as_str().unwrap().to_string();
            let flipped = format!(
                "{}{}",
                &sig[..20],
                if &sig[20..21] == "A" { "B" } else { "A" }
            );
            s["proof"]["signature"] = json!(format!("{flipped}{}", &sig[21..]));
        }
        6 => s["key_id"] = json!("0123456789abcdef"),
        9 => s["proof"] = json!({ "kind": "ed25519", "signature": "AAAA" }),
        _ => {}
    });
    let one = report(&forged, 1);
    assert_eq!(
        kinds(&one),
        vec![
            ("bad-actor-signature", 9),
            ("key-not-in-policy", 15),
            ("bad-actor-signature", 21)
        ]
    );
    for threads in [2, 5] {
        let many = report(&forged, threads);
        assert_eq!(many.violations, one.violations, "{threads} thread(s)");
        assert_eq!(many.warnings, one.warnings, "{threads} thread(s)");
    }
}

/// A trust policy (its custodian, and `agent_keys`: the agents' keys it names, each `(holder, PEM,
/// act)`), then a CUT by `actor` signed with the agent's key (OTHER_KEY), sealed.
fn cut_under_policy(agent_keys: &[(&str, &str, crate::ledger::actor::Act)], actor: &str) -> Ledger {
    use crate::ledger::actor::Act;
    use crate::ledger::policy::tests::{first_reviewer, genesis, install_signatures, key, Passkey};
    use crate::ledger::policy::PublicKey;
    let admin = Passkey::new(1);
    let ak = key("admin", admin.public(), &[Act::Policy]);
    let mut keys = vec![ak.clone(), first_reviewer().1];
    for (holder, pem, act) in agent_keys {
        keys.push(key(
            holder,
            PublicKey::Ed25519 { pem: (*pem).into() },
            &[*act],
        ));
    }
    let p = genesis(keys, 1);
    let signatures = install_signatures(&p, &admin, &ak);
    let policy = append(
        None,
        "trust_policy",
        "p1",
        json!({ "id": "p1", "ledger_seq": 1, "version": 1, "policy_json": p.canonical(), "signatures": serde_json::to_string(&signatures).unwrap() }),
    );
    let [change_set, history] = cut_rows(Some(&policy), 2, Some(actor));
    let checkpoints = vec![sign(TEST_KEY, &unsigned(3, 0, &history.row_hash)).unwrap()];
    Ledger {
        rows: vec![policy, change_set, history],
        checkpoints,
    }
}

#[test]
fn once_the_policy_names_the_agents_keys_only_the_policy_trusts_them() {
    use crate::ledger::actor::Act;
    // The auditor's own list trusts the key in every case: under a policy that names the agents' keys, the policy
    // decides (an operator who puts a key of theirs into the server's settings is not trusted by it).
    let audit = |l: Ledger| {
        let r = run(
            AuditOptions {
                agent_public_keys: vec![OTHER_PUBLIC.into()],
                ..options(Some(l.checkpoints.clone()))
            },
            &l.checkpoints,
            &l.rows,
        );
        kinds(&r)
    };
    // DOT-991's key, in the policy for CUTs, held by DOT-991: holds.
    assert_eq!(
        audit(cut_under_policy(
            &[("dot-991", OTHER_PUBLIC, Act::Cut)],
            "dot-991"
        )),
        vec![]
    );
    // The same key, taken by another actor's step.
    assert_eq!(
        audit(cut_under_policy(
            &[("dot-991", OTHER_PUBLIC, Act::Cut)],
            "dot-992"
        )),
        vec![("key-not-in-policy", 3)]
    );
    // The policy names another key for CUTs (TEST_PUBLIC): the agent's is not one of them.
    assert_eq!(
        audit(cut_under_policy(
            &[("dot-991", TEST_PUBLIC, Act::Cut)],
            "dot-991"
        )),
        vec![("key-not-in-policy", 3)]
    );
    // The key is in the policy for VERIFYs only, and the policy names no key for CUTs: the auditor's list judges it.
    assert_eq!(
        audit(cut_under_policy(
            &[("dot-991", OTHER_PUBLIC, Act::Verify)],
            "dot-991"
        )),
        vec![]
    );
}

#[test]
fn an_approval_written_long_after_its_statement_is_named() {
    // The statement is of 1_795_000_000_000 (2026-11-18T…); the row says when it was written.
    let written = |at: &str| {
        let mut l = reviewed(2, Some(approval_by(4, MANIFEST)), "reviewer");
        l.rows[2].content["recorded_at"] = json!(at);
        rehash(&mut l.rows, 2);
        let sealed = vec![sign(TEST_KEY, &unsigned(3, 0, &l.rows[2].row_hash)).unwrap()];
        let r = run(options(Some(sealed.clone())), &sealed, &l.rows);
        (
            kinds(&r),
            r.violations
                .first()
                .map(|v| v.message.clone())
                .unwrap_or_default(),
        )
    };
    let at = crate::text::timestamp::Timestamp(1_795_000_000_000);
    let plus = |ms: i64| crate::text::timestamp::Timestamp(at.0 + ms).to_rfc3339();
    assert_eq!(written(&plus(5 * 60_000)).0, vec![]);
    let (k, m) = written(&plus(60 * 60_000));
    assert_eq!(k, vec![("bad-actor-signature", 3)]);
    assert!(m.contains("good for ten minutes"), "{m}");
}

#[test]
fn a_passkey_whose_counter_goes_back_is_a_warning() {
    use crate::ledger::actor::{Act, Statement};
    use crate::ledger::policy::tests::Passkey;
    use crate::text::timestamp::Timestamp;
    // The reviewer's first approval (counter 1), then a second entry approved with `count`.
    let second = |count: u32| {
        let mut l = reviewed(2, Some(approval_by(4, MANIFEST)), "reviewer");
        let k = Passkey::new(4);
        let statement = Statement {
            entry: "e2".into(),
            act: Act::Approve,
            subject_sha256: MANIFEST.into(),
            ledger_head: "ab".repeat(32),
            at: Timestamp(1_795_000_000_000),
        };
        let signed = k.sign_counted(&statement, &k.public().key_id().unwrap(), count);
        let entry = append(
            l.rows.last(),
            "decision_backlog_entry",
            "e2",
            json!({ "id": "e2", "ledger_seq": 4, "manifest_sha256": MANIFEST }),
        );
        let approval = append(
            Some(&entry),
            "decision_backlog_history",
            "h2",
            json!({ "id": "h2", "ledger_seq": 5, "entry": "e2", "event": "approved", "actor": "reviewer", "detail": json!({ "person_signature": signed }).to_string() }),
        );
        l.rows.extend([entry, approval]);
        let sealed = vec![sign(TEST_KEY, &unsigned(5, 0, &l.rows[4].row_hash)).unwrap()];
        let r = run(options(Some(sealed.clone())), &sealed, &l.rows);
        (r.passed, warning_kinds(&r))
    };
    assert_eq!(second(2), (true, vec![]));
    // The same counter again, or a lower one: a cloned authenticator, perhaps. Said, not failed.
    assert_eq!(second(1), (true, vec![("passkey-counter-back", 5)]));
    // A passkey that keeps no counter (0, as synced passkeys) is not compared.
    assert_eq!(second(0), (true, vec![]));
}

/// A policy asking for the go-ahead's and the incident's signatures (the reviewer's passkey may give both),
/// then a go-ahead on entry e1 and an incident, each keeping `signature(act, subject)` in `actor_signature`.
fn decisions_under_policy(
    signature: &dyn Fn(crate::ledger::actor::Act, &str) -> Option<String>,
    actor: &str,
) -> Ledger {
    use crate::ledger::actor::Act;
    use crate::ledger::policy::incident_subject;
    use crate::ledger::policy::tests::{first_reviewer, genesis, install_signatures, key, Passkey};
    let admin = Passkey::new(1);
    let ak = key("admin", admin.public(), &[Act::Policy]);
    let mut p = genesis(
        vec![
            ak.clone(),
            key(
                "reviewer",
                Passkey::new(4).public(),
                &[Act::GoAhead, Act::Incident],
            ),
            first_reviewer().1,
        ],
        1,
    );
    p.signed_acts.extend([Act::GoAhead, Act::Incident]);
    let signatures = install_signatures(&p, &admin, &ak);
    let mut rows = vec![append(
        None,
        "trust_policy",
        "p1",
        json!({ "id": "p1", "ledger_seq": 1, "version": 1, "policy_json": p.canonical(), "signatures": serde_json::to_string(&signatures).unwrap() }),
    )];
    let mut go = json!({ "id": "g1", "ledger_seq": 2, "entry": "e1", "manifest_sha256": MANIFEST, "decision": "go_ahead", "reviewer": actor });
    if let Some(s) = signature(Act::GoAhead, MANIFEST) {
        go["actor_signature"] = json!(s);
    }
    rows.push(append(rows.last(), "review_decision", "g1", go));
    let subject = incident_subject(None, "found at night");
    let mut incident = json!({ "id": "e1", "ledger_seq": 3, "reported_by": actor, "note": "found at night", "document": null });
    if let Some(s) = signature(Act::Incident, &subject) {
        incident["actor_signature"] = json!(s);
    }
    rows.push(append(rows.last(), "ledger_incident", "e1", incident));
    let checkpoints = vec![sign(TEST_KEY, &unsigned(3, 0, &rows[2].row_hash)).unwrap()];
    Ledger { rows, checkpoints }
}

#[test]
fn a_go_ahead_and_an_incident_hold_only_signed_by_the_person_who_took_them() {
    use crate::ledger::actor::Statement;
    use crate::ledger::policy::tests::Passkey;
    use crate::text::timestamp::Timestamp;
    let by = |seed: u8| {
        move |act, subject: &str| {
            let k = Passkey::new(seed);
            let statement = Statement {
                entry: "e1".into(),
                act,
                subject_sha256: subject.into(),
                ledger_head: "ab".repeat(32),
                at: Timestamp(1_795_000_000_000),
            };
            Some(serde_json::to_string(&k.sign(&statement, &k.public().key_id().unwrap())).unwrap())
        }
    };
    let audit = |l: Ledger| {
        kinds(&run(
            options(Some(l.checkpoints.clone())),
            &l.checkpoints,
            &l.rows,
        ))
    };
    assert_eq!(audit(decisions_under_policy(&by(4), "reviewer")), vec![]);
    // Appended in the reviewer's name by whoever holds the ledger's key and the database: unsigned.
    assert_eq!(
        audit(decisions_under_policy(&|_, _| None, "reviewer")),
        vec![("unsigned-step", 2), ("unsigned-step", 3)]
    );
    // Signed with a passkey the policy does not name.
    assert_eq!(
        audit(decisions_under_policy(&by(7), "reviewer")),
        vec![("key-not-in-policy", 2), ("key-not-in-policy", 3)]
    );
    // The incident's signature over another note.
    let moved = |act, subject: &str| {
        let other = crate::ledger::policy::incident_subject(None, "nothing found");
        by(4)(
            act,
            if act == crate::ledger::actor::Act::Incident {
                &other
            } else {
                subject
            },
        )
    };
    assert_eq!(
        audit(decisions_under_policy(&moved, "reviewer")),
        vec![("bad-actor-signature", 3)]
    );
}

#[test]
fn a_dot_pair_row_keeps_the_agents_own_signature_and_a_forged_one_is_named() {
    let with_pair = |edit: &dyn Fn(&mut Value)| {
        let mut l = signed_cut();
        let detail: Value =
            serde_json::from_str(l.rows[1].content["detail"].as_str().unwrap()).unwrap();
        let mut pair = json!({
            "id": "d1", "ledger_seq": 3, "signer": "dot-991", "role": "executor", "change_set": "cs1",
            "signed_sha256": l.rows[0].row_hash, "actor_signature": detail["actor_signature"].to_string(),
        });
        edit(&mut pair);
        l.rows
            .push(append(l.rows.last(), "dot_pair_signature", "d1", pair));
        let checkpoints = vec![sign(TEST_KEY, &unsigned(3, 0, &l.rows[2].row_hash)).unwrap()];
        kinds(&run(
            options(Some(checkpoints.clone())),
            &checkpoints,
            &l.rows,
        ))
    };
    assert_eq!(with_pair(&|_| {}), vec![]);
    // Rows written before iu0017 keep none: the history row's is checked.
    assert_eq!(
        with_pair(&|p| {
            p.as_object_mut().unwrap().remove("actor_signature");
        }),
        vec![]
    );
    // The server writes the verifier's row with the executor's signature, or names another change set.
    assert_eq!(
        with_pair(&|p| p["role"] = json!("verifier")),
        vec![("bad-actor-signature", 3)]
    );
    assert_eq!(
        with_pair(&|p| p["signed_sha256"] = json!("1e".repeat(32))),
        vec![("bad-actor-signature", 3)]
    );
}
