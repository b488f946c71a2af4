use serde_json::json;

use super::*;
use crate::ledger::audit::AuditFinding;
use crate::ledger::drift::{DriftKind, DriftSubject};

fn finding(kind: AuditKind, subject: Subject, seq: u64, id: Option<&str>) -> AuditFinding {
    AuditFinding {
        kind,
        subject,
        seq,
        row_id: id.map(str::to_string),
        collection: id.map(|_| "review_decision".to_string()),
        row_hash: id.map(|id| format!("hash-of-{id}")),
        expected: "recomputed".into(),
        found: format!("hash-of-{}", id.unwrap_or("-")),
        message: "m".into(),
    }
}

fn report(violations: Vec<AuditFinding>) -> AuditReport {
    AuditReport {
        passed: violations.is_empty(),
        rows_checked: 20,
        from_seq: Some(1),
        to_seq: Some(20),
        head: None,
        anchor_out: None,
        checkpoints_checked: 3,
        witness_checked: 3,
        violation_count: violations.len() as u64,
        violations,
        warning_count: 0,
        warnings: Vec::new(),
    }
}

fn drift(n: usize) -> DriftReport {
    DriftReport {
        passed: n == 0,
        units_checked: 4,
        aliases_checked: 1,
        violation_count: n,
        violations: (0..n)
            .map(|i| DriftViolation {
                subject: DriftSubject::Unit,
                kind: DriftKind::Edited,
                id: format!("u{i}"),
                address: format!("45-2019-qh14/dieu-{i}"),
                field: Some("heading".into()),
                expected: "\"a\"".into(),
                found: "\"b\"".into(),
                message: "edited".into(),
                change_set: Some("cs".into()),
                ledger_seq: Some(3),
            })
            .collect(),
    }
}

#[test]
fn nothing_wrong_is_nothing_to_report() {
    let r = incident_record(&IncidentInput {
        chain: report(vec![]),
        drift: Some(drift(0)),
    });
    assert!(!r.to_report);
    assert_eq!(r.disowned, Disowned::default());
    assert_eq!(r.disowned_json, r#"{"checkpoints":[],"rows":[]}"#);
}

#[test]
fn row_findings_are_grouped_per_row_and_checkpoint_findings_named_by_seq() {
    let chain = report(vec![
        finding(AuditKind::CheckpointMismatch, Subject::Row, 7, Some("r7")),
        finding(AuditKind::TamperedContent, Subject::Row, 9, Some("r9")),
        finding(AuditKind::BrokenLink, Subject::Row, 9, Some("r9")),
        finding(AuditKind::BadSignature, Subject::Checkpoint, 12, None),
        finding(AuditKind::UnsignedRow, Subject::Row, 13, Some("r13")),
    ]);
    let r = incident_record(&IncidentInput { chain, drift: None });
    assert!(r.to_report);
    assert_eq!(r.chain_violations, 5);
    assert_eq!(
        r.disowned
            .rows
            .iter()
            .map(|d| (d.seq, d.kinds.iter().map(|k| k.code()).collect::<Vec<_>>()))
            .collect::<Vec<_>>(),
        vec![
            (7, vec!["checkpoint-mismatch"]),
            (9, vec!["broken-link", "tampered-content"]),
            (13, vec!["unsigned-row"]),
        ]
    );
    // The edited row keeps what its content hashed to, so a second edit is seen.
    assert_eq!(
        r.disowned.rows[1].content_hash.as_deref(),
        Some("recomputed")
    );
    assert_eq!(r.disowned.rows[0].row_hash, "hash-of-r7");
    assert_eq!(
        r.disowned
            .checkpoints
            .iter()
            .map(|c| c.seq)
            .collect::<Vec<_>>(),
        vec![7, 12]
    );
    // The column: canonical JSON, checkpoints as bare seqs.
    let column: serde_json::Value = serde_json::from_str(&r.disowned_json).unwrap();
    assert_eq!(column["checkpoints"], json!([7, 12]));
    assert_eq!(
        column["rows"][2],
        json!({"collection": "review_decision", "id": "r13", "kinds": ["unsigned-row"], "row_hash": "hash-of-r13", "seq": 13})
    );
    assert!(r
        .disowned_json
        .starts_with(r#"{"checkpoints":[7,12],"rows":[{"collection""#));
}

#[test]
fn the_finding_is_the_violations_as_found_in_canonical_json() {
    let r = incident_record(&IncidentInput {
        chain: report(vec![]),
        drift: Some(drift(2)),
    });
    assert!(r.to_report);
    assert_eq!(r.drift_violations, 2);
    assert!(
        r.disowned.rows.is_empty(),
        "drift disowns nothing: a repair restores the store"
    );
    let f: serde_json::Value = serde_json::from_str(&r.finding).unwrap();
    assert_eq!(f["chain"]["violation_count"], 0);
    assert_eq!(f["drift"]["violations"][1]["id"], "u1");
    assert_eq!(r.finding, canonical_json::to_string(&f));
    let none = incident_record(&IncidentInput {
        chain: report(vec![finding(
            AuditKind::UnsignedRow,
            Subject::Row,
            3,
            Some("r3"),
        )]),
        drift: None,
    });
    let f: serde_json::Value = serde_json::from_str(&none.finding).unwrap();
    assert_eq!(f["drift"], serde_json::Value::Null);
}

#[test]
fn more_violations_than_kept_are_said_to_be_truncated() {
    let mut chain = report(vec![finding(
        AuditKind::UnsignedRow,
        Subject::Row,
        3,
        Some("r3"),
    )]);
    chain.violation_count = 5;
    let r = incident_record(&IncidentInput { chain, drift: None });
    assert!(r.truncated);
}
