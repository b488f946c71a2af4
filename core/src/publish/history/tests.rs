use proptest::prelude::*;

use super::*;
use crate::store::unit::{content_sha256, Authority};

const DOC: &str = "11111111-1111-4111-8111-111111111111";

fn unit(id: &str, address: &str, position: u32, body: &str) -> StoredUnit {
    let ordinal = address.rsplit('-').next().unwrap_or("1").to_string();
    StoredUnit {
        id: id.into(),
        document: DOC.into(),
        section_type: "dieu".into(),
        parent: None,
        ordinal,
        heading: Some("Quyền đơn phương chấm dứt hợp đồng".into()),
        body: body.into(),
        content_sha256: content_sha256(Some("Quyền đơn phương chấm dứt hợp đồng"), body),
        position,
        canonical_address: address.into(),
        canonical_address_format_version: "canonical-address-v1".into(),
        lifecycle_status: LifecycleStatus::Active,
        authority: Authority::Enacted,
    }
}

fn retired(u: &StoredUnit) -> StoredUnit {
    StoredUnit {
        lifecycle_status: LifecycleStatus::Retired,
        ..u.clone()
    }
}

fn row(
    seq: u64,
    action: &str,
    effective_from: &str,
    before: Option<&StoredUnit>,
    after: Option<&StoredUnit>,
) -> LedgerImage {
    let unit_id = after.or(before).map_or("u1".to_string(), |u| u.id.clone());
    LedgerImage {
        ledger_seq: seq,
        change_set: format!("cs-{seq}"),
        entry: format!("entry-{seq}"),
        action: action.into(),
        unit_id,
        effective_from: effective_from.into(),
        recorded_at: Some(format!("2025-12-{:02}T00:00:00Z", seq.min(28))),
        before_image: before.cloned(),
        after_image: after.cloned(),
        amended_by: Vec::new(),
    }
}

fn at(value: &str) -> Timestamp {
    instant("at", value).expect("a valid instant in a test")
}

/// The unit `id` in `document_at(rows, t)`.
fn unit_at(rows: &[LedgerImage], id: &str, t: Timestamp) -> Option<StoredUnit> {
    document_at(rows, t)
        .expect("rows with valid instants")
        .into_iter()
        .find(|u| u.id == id)
}

/// The property tying versions to the point-in-time rule: inside every version's window,
/// `document_at` gives that version's image (none when removed or retired), and before the
/// first version the unit does not exist.
fn assert_versions_agree(rows: &[LedgerImage]) {
    let versions = unit_history(rows).expect("a history");
    let id = &rows[0].unit_id;
    for v in &versions {
        let from = at(&v.valid_from);
        let until = v.valid_until.as_deref().map(at);
        let mut probes = vec![from, Timestamp(from.0 + 1)];
        if let Some(u) = until {
            probes.push(Timestamp(u.0 - 1));
            assert!(u > from, "version {} has an empty window", v.version);
        } else {
            probes.push(Timestamp(from.0 + 10 * 365 * 86_400_000));
        }
        let shown = match v.state {
            "in-force" => v.image.clone(),
            _ => None,
        };
        // A version's position may change inside its window (a sibling inserted before it is no
        // new version of the unit): everything else is the version's.
        let placeless = |u: Option<StoredUnit>| u.map(|u| StoredUnit { position: 0, ..u });
        for t in probes.into_iter().filter(|t| until.is_none_or(|u| *t < u)) {
            assert_eq!(
                placeless(unit_at(rows, id, t)),
                placeless(shown.clone()),
                "version {} at {t}",
                v.version
            );
        }
    }
    if let Some(first) = versions.first() {
        let before = Timestamp(at(&first.valid_from).0 - 1);
        assert_eq!(unit_at(rows, id, before), None, "before the first version");
    }
}

#[test]
fn a_new_position_alone_is_no_new_version() {
    let first = unit("u1", "45-2019-qh14/dieu-9", 9, "văn bản");
    // The move to sibling positions, then a sibling inserted before it: places, not versions.
    let upgraded = StoredUnit {
        position: 3,
        ..first.clone()
    };
    let shifted = StoredUnit {
        position: 4,
        ..first.clone()
    };
    let edited = StoredUnit {
        body: "văn bản mới".into(),
        ..shifted.clone()
    };
    let rows = vec![
        row(1, "create", "2025-01-01", None, Some(&first)),
        row(2, "update", "2025-02-01", Some(&first), Some(&upgraded)),
        row(3, "update", "2025-03-01", Some(&upgraded), Some(&shifted)),
        row(4, "update", "2025-04-01", Some(&shifted), Some(&edited)),
    ];
    let versions = unit_history(&rows).expect("a history");
    assert_eq!(versions.len(), 2, "{versions:#?}");
    assert_eq!(versions[0].ledger_seq, 1);
    assert_eq!(versions[0].valid_until.as_deref(), Some("2025-04-01"));
    // The version holds the newest place.
    assert_eq!(versions[0].image.as_ref().map(|u| u.position), Some(4));
    assert_eq!(versions[1].body.as_deref(), Some("văn bản mới"));
    assert_versions_agree(&rows);
}

#[test]
fn each_change_is_a_version_with_its_window() {
    let v1 = unit(
        "u1",
        "45-2019-qh14/dieu-44",
        1,
        "Người lao động có quyền đơn phương.",
    );
    let v2 = unit(
        "u1",
        "45-2019-qh14/dieu-44",
        1,
        "Người lao động có quyền đơn phương chấm dứt.",
    );
    let mut amended = row(
        2,
        "update",
        "2025-07-01T00:00:00+07:00",
        Some(&v1),
        Some(&v2),
    );
    amended.amended_by = vec!["57-2024-qh15/dieu-4/khoan-1".into()];
    let rows = vec![amended, row(1, "create", "2020-01-01", None, Some(&v1))];
    let versions = unit_history(&rows).expect("a history");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].version, 1);
    assert_eq!(versions[0].valid_from, "2020-01-01");
    assert_eq!(
        versions[0].valid_until.as_deref(),
        Some("2025-07-01T00:00:00+07:00")
    );
    assert_eq!(versions[0].body.as_deref(), Some(v1.body.as_str()));
    assert_eq!(versions[0].action, "create");
    assert_eq!(versions[1].valid_until, None);
    assert_eq!(versions[1].change_set, "cs-2");
    assert_eq!(versions[1].entry, "entry-2");
    assert_eq!(versions[1].state, "in-force");
    assert_eq!(
        versions[1].amended_by,
        vec!["57-2024-qh15/dieu-4/khoan-1".to_string()]
    );
    assert_eq!(
        versions[1].content_sha256.as_deref(),
        Some(v2.content_sha256.as_str())
    );
    assert_versions_agree(&rows);
}

#[test]
fn a_retroactive_change_recorded_later_takes_its_place_in_time() {
    // Recorded third, in force from March: it was planned against the June text, so from
    // March on it is the text, and the June change never stands on its own.
    let a = unit("u1", "45-2019-qh14/dieu-1", 1, "văn bản A");
    let b = unit("u1", "45-2019-qh14/dieu-1", 1, "văn bản B");
    let c = unit("u1", "45-2019-qh14/dieu-1", 1, "văn bản C");
    let rows = vec![
        row(1, "create", "2025-01-01", None, Some(&a)),
        row(2, "update", "2025-06-01", Some(&a), Some(&b)),
        row(3, "update", "2025-03-01", Some(&b), Some(&c)),
    ];
    let versions = unit_history(&rows).expect("a history");
    let bodies: Vec<_> = versions
        .iter()
        .map(|v| v.body.clone().unwrap_or_default())
        .collect();
    assert_eq!(bodies, vec!["văn bản A", "văn bản C"]);
    assert_eq!(versions[0].valid_until.as_deref(), Some("2025-03-01"));
    assert_eq!(versions[1].ledger_seq, 3);
    assert_versions_agree(&rows);

    // A change recorded later that reaches back before the unit's first version.
    let early = vec![
        row(1, "create", "2025-07-01", None, Some(&a)),
        row(2, "update", "2025-01-01", Some(&a), Some(&b)),
    ];
    let versions = unit_history(&early).expect("a history");
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].valid_from, "2025-01-01");
    assert_eq!(versions[0].body.as_deref(), Some("văn bản B"));
    assert_versions_agree(&early);
}

#[test]
fn a_rollback_removal_ends_the_unit_but_not_its_past() {
    let a = unit("u1", "45-2019-qh14/dieu-2", 2, "điều mới chèn");
    let rows = vec![
        row(1, "create", "2025-01-01", None, Some(&a)),
        row(2, "remove", "2025-04-01", Some(&a), None),
    ];
    let versions = unit_history(&rows).expect("a history");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1].state, "removed");
    assert_eq!(versions[1].body, None);
    assert_eq!(versions[1].canonical_address, None);
    assert_eq!(versions[0].valid_until.as_deref(), Some("2025-04-01"));
    assert!(unit_at(&rows, "u1", at("2025-02-01")).is_some());
    assert!(unit_at(&rows, "u1", at("2025-05-01")).is_none());
    let v = |t: &str| version_at(&versions, at(t)).expect("valid instants");
    assert_eq!(
        (
            v("2024-12-31"),
            v("2025-01-01"),
            v("2025-03-31T23:59:59Z"),
            v("2025-04-01")
        ),
        (None, Some(1), Some(1), None)
    );
    assert_versions_agree(&rows);

    // Removed before it ever took effect: no version at all until it exists.
    let never = vec![
        row(1, "create", "2025-06-01", None, Some(&a)),
        row(2, "remove", "2025-01-01", Some(&a), None),
    ];
    assert_eq!(unit_history(&never).expect("a history"), Vec::new());
}

#[test]
fn a_retired_unit_keeps_its_text_but_leaves_the_document() {
    let a = unit("u1", "45-2019-qh14/dieu-3", 3, "điều bị bãi bỏ");
    let gone = retired(&a);
    let rows = vec![
        row(1, "create", "2020-01-01", None, Some(&a)),
        row(
            2,
            "retire",
            "2025-01-01T00:00:00+07:00",
            Some(&a),
            Some(&gone),
        ),
    ];
    let versions = unit_history(&rows).expect("a history");
    assert_eq!(versions[1].state, "retired");
    assert_eq!(versions[1].body.as_deref(), Some("điều bị bãi bỏ"));
    assert_eq!(versions[1].lifecycle_status, Some(LifecycleStatus::Retired));
    assert!(unit_at(&rows, "u1", at("2024-12-31T16:59:59Z")).is_some());
    assert!(unit_at(&rows, "u1", at("2024-12-31T17:00:00Z")).is_none());
    assert_versions_agree(&rows);
}

#[test]
fn a_readdress_is_a_version_and_a_readdressed_diff() {
    let old = unit("u1", "45-2019-qh14/dieu-4", 4, "nội dung giữ nguyên");
    let moved = StoredUnit {
        canonical_address: "45-2019-qh14/dieu-5".into(),
        ordinal: "5".into(),
        position: 5,
        ..old.clone()
    };
    let rows = vec![
        row(1, "create", "2020-01-01", None, Some(&old)),
        row(2, "readdress", "2025-01-01", Some(&old), Some(&moved)),
    ];
    let versions = unit_history(&rows).expect("a history");
    assert_eq!(versions.len(), 2);
    assert_eq!(
        versions[1].canonical_address.as_deref(),
        Some("45-2019-qh14/dieu-5")
    );
    assert_eq!(versions[1].action, "readdress");
    assert_versions_agree(&rows);

    let whole = document_diff(&rows, at("2024-06-01"), at("2025-06-01"), false).expect("a diff");
    assert_eq!(whole.counts.readdressed, 1);
    let diff = whole.units;
    assert_eq!(diff.len(), 1);
    assert_eq!(diff[0].status, "readdressed");
    assert_eq!(diff[0].address_from.as_deref(), Some("45-2019-qh14/dieu-4"));
    assert_eq!(diff[0].address_to.as_deref(), Some("45-2019-qh14/dieu-5"));
    assert_eq!(
        diff[0].body,
        vec![DiffOp {
            op: "equal",
            text: "nội dung giữ nguyên".into()
        }]
    );
}

#[test]
fn confirm_rows_are_not_versions() {
    let a = unit("u1", "45-2019-qh14/dieu-6", 6, "không đổi");
    let odd = unit("u1", "45-2019-qh14/dieu-6", 6, "một ảnh khác");
    let rows = vec![
        row(1, "create", "2020-01-01", None, Some(&a)),
        row(2, "confirm", "2025-01-01", Some(&a), Some(&a)),
        // Even a confirm whose image differs is a check, not a change.
        row(3, "confirm", "2025-02-01", Some(&a), Some(&odd)),
    ];
    let versions = unit_history(&rows).expect("a history");
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].valid_until, None);
    assert_versions_agree(&rows);

    // A change set that wrote the same image again is not a new version either.
    let same = vec![
        row(1, "create", "2020-01-01", None, Some(&a)),
        row(2, "update", "2025-01-01", Some(&a), Some(&a)),
    ];
    assert_eq!(unit_history(&same).expect("a history").len(), 1);
}

#[test]
fn bad_instants_and_mixed_units_are_errors() {
    let a = unit("u1", "45-2019-qh14/dieu-7", 7, "x");
    let bad = vec![row(1, "create", "2025-13-01", None, Some(&a))];
    let err = unit_history(&bad).expect_err("month 13");
    assert_eq!(err.code(), "IU_BAD_INSTANT");
    assert!(
        err.to_string()
            .starts_with("effective_from: \"2025-13-01\""),
        "{err}"
    );
    assert!(document_at(&bad, at("2025-01-01")).is_err());
    assert!(document_diff(&bad, at("2025-01-01"), at("2025-02-01"), false).is_err());

    let err = instant("at", "hôm qua").expect_err("not a date");
    assert!(matches!(&err, HistoryError::BadInstant { field, .. } if field == "at"));
    assert!(err.hint().contains("2025-07-01"));

    let b = unit("u2", "45-2019-qh14/dieu-8", 8, "y");
    let mixed = vec![
        row(1, "create", "2020-01-01", None, Some(&a)),
        row(2, "create", "2020-01-01", None, Some(&b)),
    ];
    assert_eq!(
        unit_history(&mixed).expect_err("two units").code(),
        "IU_MIXED_UNITS"
    );
    assert_eq!(unit_history(&[]).expect("no rows"), Vec::new());
}

#[test]
fn a_document_diff_in_the_order_of_the_new_text() {
    let d1 = unit(
        "u1",
        "45-2019-qh14/dieu-1",
        1,
        "Phạm vi điều chỉnh của Bộ luật.",
    );
    let d2 = unit("u2", "45-2019-qh14/dieu-2", 2, "Điều bị bãi bỏ.");
    let d3 = unit("u3", "45-2019-qh14/dieu-3", 3, "Người lao động có quyền.");
    let d3b = StoredUnit {
        body: "Người lao động có quyền đơn phương.".into(),
        ..d3.clone()
    };
    let d1a = unit("u4", "45-2019-qh14/dieu-1a", 2, "Điều mới.");
    let from = vec![d1.clone(), d2.clone(), d3.clone()];
    let to = vec![d1.clone(), d1a.clone(), d3b.clone()];
    let diff = diff_documents(&from, &to, false);
    let seen: Vec<_> = diff
        .iter()
        .map(|d| (d.status, d.unit_id.as_str()))
        .collect();
    // The removed Điều 2 stays where it was: right after Điều 1, which it followed.
    assert_eq!(
        seen,
        vec![("removed", "u2"), ("added", "u4"), ("changed", "u3")]
    );
    assert_eq!(
        diff[0].body,
        vec![DiffOp {
            op: "delete",
            text: "Điều bị bãi bỏ.".into()
        }]
    );
    assert_eq!(
        diff[1].body,
        vec![DiffOp {
            op: "insert",
            text: "Điều mới.".into()
        }]
    );
    assert_eq!(
        diff[2].heading,
        vec![DiffOp {
            op: "equal",
            text: d3.heading.clone().unwrap_or_default()
        }]
    );
    // The full stop is a token of its own (crate::text::word_diff): only the inserted words show as changed.
    assert_eq!(
        diff[2].body,
        vec![
            DiffOp {
                op: "equal",
                text: "Người lao động có quyền".into()
            },
            DiffOp {
                op: "insert",
                text: " đơn phương".into()
            },
            DiffOp {
                op: "equal",
                text: ".".into()
            },
        ]
    );
    let all = diff_documents(&from, &to, true);
    assert_eq!(all.len(), 4);
    assert_eq!(all[0].status, "unchanged");
    assert_eq!(all[0].address_from, all[0].address_to);

    // A unit removed at the very start comes first.
    let diff = diff_documents(&[d2.clone(), d1.clone()], std::slice::from_ref(&d1), false);
    assert_eq!(diff[0].status, "removed");
}

#[test]
fn word_diffs_keep_vietnamese_words_whole() {
    let ops = diff_words("điểm đ khoản 1", "điểm e khoản 1");
    assert_eq!(
        ops,
        vec![
            DiffOp {
                op: "equal",
                text: "điểm ".into()
            },
            DiffOp {
                op: "delete",
                text: "đ".into()
            },
            DiffOp {
                op: "insert",
                text: "e".into()
            },
            DiffOp {
                op: "equal",
                text: " khoản 1".into()
            },
        ]
    );
    // Two neighbouring changed words are one stretch, not four fragments.
    let ops = diff_words("trong thời hạn 30 ngày", "trong thời gian 45 ngày");
    assert_eq!(
        ops,
        vec![
            DiffOp {
                op: "equal",
                text: "trong thời ".into()
            },
            DiffOp {
                op: "delete",
                text: "hạn 30".into()
            },
            DiffOp {
                op: "insert",
                text: "gian 45".into()
            },
            DiffOp {
                op: "equal",
                text: " ngày".into()
            },
        ]
    );
    assert_eq!(diff_words("", ""), Vec::new());
    assert_eq!(
        diff_words("", "mới"),
        vec![DiffOp {
            op: "insert",
            text: "mới".into()
        }]
    );
}

fn joined(ops: &[DiffOp], skip: &str) -> String {
    ops.iter()
        .filter(|o| o.op != skip)
        .map(|o| o.text.as_str())
        .collect()
}

proptest! {
    #[test]
    fn a_word_diff_gives_back_both_texts(
        before in "[ a-zđêươăâôàảãáạềệểễếờởỡớợ\n.,0-9]{0,60}",
        after in "[ a-zđêươăâôàảãáạềệểễếờởỡớợ\n.,0-9]{0,60}",
    ) {
        let ops = diff_words(&before, &after);
        prop_assert_eq!(joined(&ops, "insert"), before.clone());
        prop_assert_eq!(joined(&ops, "delete"), after.clone());
        // Merged: no two neighbouring runs of one kind, no empty run.
        for pair in ops.windows(2) {
            prop_assert_ne!(pair[0].op, pair[1].op);
        }
        prop_assert!(ops.iter().all(|o| !o.text.is_empty()));
    }

    #[test]
    fn versions_agree_with_the_document_at_every_instant(
        changes in proptest::collection::vec((0u8..6, 0u8..5, 0u8..4), 1..8),
    ) {
        // Random histories of one unit: (effective month, action kind, text), in ledger order.
        let mut rows = Vec::new();
        let mut current: Option<StoredUnit> = None;
        for (i, (month, kind, text)) in changes.into_iter().enumerate() {
            let next = match (kind, &current) {
                (0, _) | (_, None) => Some(unit("u1", "45-2019-qh14/dieu-9", 9, &format!("văn bản {text}"))),
                (1, Some(u)) => Some(retired(u)),
                (2, Some(_)) => None,
                (3, Some(u)) => Some(StoredUnit { canonical_address: format!("45-2019-qh14/dieu-{}", 9 + text), ..u.clone() }),
                (_, Some(u)) => Some(u.clone()),
            };
            let action = if kind == 4 { "confirm" } else { "update" };
            let mut r = row(i as u64 + 1, action, &format!("2025-{:02}-01", month + 1), current.as_ref(), next.as_ref());
            r.unit_id = "u1".into();
            rows.push(r);
            if action != "confirm" {
                current = next;
            }
        }
        assert_versions_agree(&rows);
        // Versions alternate: no two neighbours hold the same image.
        let versions = unit_history(&rows).expect("a history");
        for pair in versions.windows(2) {
            prop_assert_ne!(&pair[0].image, &pair[1].image);
            prop_assert_eq!(pair[0].valid_until.as_deref(), Some(pair[1].valid_from.as_str()));
        }
    }
}

#[test]
fn the_version_of_a_document_is_its_newest_change_set_in_force() {
    let mark = |seq: u64, eff: &str| ChangeSetMark {
        ledger_seq: seq,
        change_set: format!("cs-{seq}"),
        entry: format!("entry-{seq}"),
        effective_from: eff.into(),
    };
    let sets = vec![
        mark(10, "2020-01-01"),
        mark(20, "2025-07-01"),
        mark(30, "2025-03-01"),
    ];
    let at_ = |t: &str| {
        change_set_at(&sets, at(t))
            .expect("valid")
            .map(|m| m.ledger_seq)
    };
    assert_eq!(at_("2019-12-31"), None);
    assert_eq!(at_("2024-01-01"), Some(10));
    assert_eq!(at_("2025-04-01"), Some(30));
    assert_eq!(at_("2025-08-01"), Some(30));
    let sets: Vec<ChangeSetMark> =
        serde_json::from_str(r#"[{"ledger_seq":"7","change_set":"c","entry":"e","effective_from":"2025-01-01","kind":"cut"}]"#)
            .expect("ledger_seq as text, extra fields ignored");
    assert_eq!(sets[0].ledger_seq, 7);
}

#[test]
fn a_document_diff_counts_the_unchanged_it_leaves_out() {
    let a = unit("u1", "45-2019-qh14/dieu-1", 1, "một");
    let b = unit("u2", "45-2019-qh14/dieu-2", 2, "hai");
    let b2 = unit("u2", "45-2019-qh14/dieu-2", 2, "hai mươi");
    let rows = vec![
        row(1, "create", "2020-01-01", None, Some(&a)),
        row(2, "create", "2020-01-01", None, Some(&b)),
        row(3, "update", "2025-01-01", Some(&b), Some(&b2)),
    ];
    let diff = document_diff(&rows, at("2024-01-01"), at("2025-01-01"), false).expect("a diff");
    assert_eq!(
        diff.counts,
        DiffCounts {
            changed: 1,
            unchanged: 1,
            ..DiffCounts::default()
        }
    );
    assert_eq!(diff.units.len(), 1);
    assert_eq!(
        diff.units[0].body,
        vec![
            DiffOp {
                op: "equal",
                text: "hai".into()
            },
            DiffOp {
                op: "insert",
                text: " mươi".into()
            }
        ]
    );
    // The same instant twice: nothing changed.
    let same = document_diff(&rows, at("2025-01-01"), at("2025-01-01"), false).expect("a diff");
    assert_eq!(same.units, Vec::new());
    assert_eq!(same.counts.unchanged, 2);
}
