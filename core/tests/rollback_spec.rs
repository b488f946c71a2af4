//! Scoped plans and confirm blocks, rollbacks and remove blocks, specified on Bộ luật Lao
//! động 45/2019/QH14: the governed cycle on one unchanged unit (the reference trial), and
//! a CUT undone unit for unit by its rollback, each run through the model executor.

use iu_cutter_core::change::gate::{cut_gates, result_gates};
use iu_cutter_core::change::manifest::{
    base_sha256, unit_image_sha256, Action, AliasKind, Manifest, ManifestError, Removal, UnitBlock,
    WriteStep,
};
use iu_cutter_core::change::plan::{apply, plan, PlanError, PlanInput};
use iu_cutter_core::change::rollback::{rollback, RollbackError, RollbackInput};
use iu_cutter_core::change::verify::{verify, CheckId, DocumentRef, VerifyInput, VerifyReport};
use iu_cutter_core::store::unit::{LifecycleStatus, StoredUnit};
use iu_cutter_core::Report;

use crate::plan_common;
use plan_common::*;

fn scoped(addresses: &[&str]) -> PlanInput {
    PlanInput {
        scope: Some(addresses.iter().map(|a| format!("{DOC}/{a}")).collect()),
        ..input()
    }
}

fn rollback_input() -> RollbackInput {
    RollbackInput {
        created_at: "2025-07-02T08:00:00Z".into(),
        created_by: "DOT-991".into(),
        effective_from: "2025-07-02T00:00:00Z".into(),
    }
}

fn verify_with(units: &[StoredUnit], m: &Manifest) -> VerifyReport {
    let documents = [DocumentRef {
        id: DOC_ID.into(),
        slug: DOC.into(),
    }];
    let expected = m.expected_after_images();
    verify(&VerifyInput::new(&documents, &vi().section_types, units).with_change_set(&expected))
}

/// Gates, model execution and VERIFY of one governed CUT; returns the store after it.
fn governed_cut(stored: &[StoredUnit], m: &Manifest) -> Vec<StoredUnit> {
    let back = Manifest::from_json(&m.to_canonical_json(), Some(&m.sha256())).expect("reads back");
    assert_eq!(&back, m);
    let gates = cut_gates(m, &m.sha256(), stored).and(result_gates(m, stored, &vi().section_types));
    assert!(gates.passed, "{gates}");
    let after = assert_executes(stored, m);
    let report = verify_with(&after, m);
    assert!(report.passed, "{report}");
    after
}

// ---------------------------------------------------------------- scope and confirm

#[test]
fn a_scope_of_one_unchanged_unit_plans_exactly_one_confirm_block() {
    let stored = stored_from(&labour_code());
    let m = plan(
        &cut_of(&labour_code()),
        &stored,
        vi(),
        &scoped(&["dieu-44/khoan-1/diem-dd"]),
    )
    .unwrap();
    assert_eq!(m.blocks.len(), 1, "{:#?}", m.blocks);
    let dd = at(&stored, "dieu-44/khoan-1/diem-dd");
    let UnitBlock::Confirm(c) = &m.blocks[0] else {
        panic!("expected a confirm: {:?}", m.blocks[0])
    };
    assert_eq!((&c.before, &c.after), (dd, dd));
    assert_eq!(c.changed, vec![]);
    assert_eq!(c.before_sha256, unit_image_sha256(dd));
    assert_eq!(c.after_sha256, c.before_sha256);
    assert_eq!(c.aliases, vec![]);
    let counts = m.envelope.counts;
    assert_eq!((counts.confirm, counts.aliases), (1, 0));
    assert_eq!(
        counts.create
            + counts.update
            + counts.readdress
            + counts.retire
            + counts.promote
            + counts.remove,
        0
    );
    assert_eq!(
        m.envelope.scope,
        Some(vec!["45-2019-qh14/dieu-44/khoan-1/diem-dd".to_string()])
    );
    assert_eq!(m.envelope.base_sha256, base_sha256(DOC_ID, &stored));
    m.check().unwrap();
    let json = m.to_canonical_json();
    assert!(json.contains(r#""action":"confirm""#), "{json}");
    assert!(json.contains(r#""confirm":1"#), "{json}");
    assert!(!json.contains(r#""remove""#) && !json.contains("rollback_of"));

    // Nothing to write: the unit does not change, so not even its updated_at.
    assert_eq!(m.write_steps(), vec![]);
    let after = governed_cut(&stored, &m);
    assert_eq!(after, stored, "the store is left exactly as it was");
    assert_eq!(
        m.expected_after_images()[0].after_sha256.as_deref(),
        Some(unit_image_sha256(dd).as_str())
    );
    // VERIFY still checks the confirmed unit: edited behind the workflow's back, it fails.
    let mut edited = after.clone();
    let i = edited.iter().position(|u| u.id == dd.id).unwrap();
    edited[i].heading = Some("sửa trực tiếp".into());
    assert_eq!(verify_with(&edited, &m).count(CheckId::ChangeSet), 1);
}

#[test]
fn a_scope_keeps_only_the_blocks_of_its_units_and_confirms_the_rest_of_it() {
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
    outline[16].4 = "Đơn phương chấm dứt hợp đồng lao động theo quy định của Bộ luật này;";
    outline[4].4 = "Người sử dụng lao động theo hợp đồng.";
    let full = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();
    assert_eq!(full.blocks.len(), 2);

    let m = plan(
        &cut_of(&outline),
        &stored,
        vi(),
        &scoped(&[
            "dieu-44/khoan-1/diem-dd",
            "dieu-1",
            "dieu-44/khoan-1/diem-dd",
        ]),
    )
    .unwrap();
    let dd = at(&stored, "dieu-44/khoan-1/diem-dd");
    let article1 = at(&stored, "dieu-1");
    assert_eq!(
        m.blocks
            .iter()
            .map(|b| (b.action(), b.unit_id()))
            .collect::<Vec<_>>(),
        vec![
            (Action::Confirm, article1.id.as_str()),
            (Action::Update, dd.id.as_str())
        ]
    );
    // The scope is recorded sorted and without repeats.
    assert_eq!(
        m.envelope.scope.as_deref(),
        Some(
            &[
                "45-2019-qh14/dieu-1".to_string(),
                "45-2019-qh14/dieu-44/khoan-1/diem-dd".to_string()
            ][..]
        )
    );
    // The kept block is exactly the full plan's block.
    assert!(full.blocks.contains(&m.blocks[1]));
    let after = governed_cut(&stored, &m);
    assert_eq!(at(&after, "dieu-44/khoan-1/diem-dd").body, outline[16].4);
    assert_eq!(
        at(&after, "dieu-2/khoan-2").body,
        "Người sử dụng lao động.",
        "outside the scope nothing changes"
    );
}

#[test]
fn a_scope_matches_a_readdressed_unit_by_its_old_or_its_new_address() {
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
    outline[7].2 = "11"; // Điều 10 → Điều 11, with its clauses
    let old10 = at(&stored, "dieu-10");
    for scope in ["dieu-10", "dieu-11"] {
        let m = plan(&cut_of(&outline), &stored, vi(), &scoped(&[scope])).unwrap();
        assert_eq!(m.blocks.len(), 1, "{scope}");
        assert!(matches!(&m.blocks[0], UnitBlock::Readdress(r) if r.unit_id == old10.id));
        // The article without its clauses would leave them under a parent whose address
        // they no longer extend: planned, but refused before anything is written.
        let gates = result_gates(&m, &stored, &vi().section_types);
        let failed: Vec<&str> = gates.failures().map(|g| g.name.as_str()).collect();
        assert_eq!(failed, vec!["q-chk-3"], "{gates}");
    }
    let m = plan(
        &cut_of(&outline),
        &stored,
        vi(),
        &scoped(&["dieu-10", "dieu-10/khoan-1", "dieu-10/khoan-2"]),
    )
    .unwrap();
    assert_eq!(m.envelope.counts.readdress, 3);
    governed_cut(&stored, &m);
}

#[test]
fn a_scope_may_name_a_unit_the_cut_creates() {
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
    outline.push(L(
        2,
        "khoan",
        "3",
        None,
        "Người lao động có quyền khiếu nại.",
    ));
    let m = plan(
        &cut_of(&outline),
        &stored,
        vi(),
        &scoped(&["dieu-44/khoan-3"]),
    )
    .unwrap();
    assert_eq!(m.blocks.len(), 1);
    assert_eq!(m.blocks[0].action(), Action::Create);
    governed_cut(&stored, &m);
}

#[test]
fn a_scope_address_the_document_does_not_have_is_refused_naming_it() {
    let stored = stored_from(&labour_code());
    let cut = cut_of(&labour_code());
    let err = plan(&cut, &stored, vi(), &scoped(&["dieu-44", "dieu-99"])).unwrap_err();
    assert_eq!(
        err,
        PlanError::ScopeUnknownAddress {
            address: "45-2019-qh14/dieu-99".into(),
            document_id: DOC_ID.into(),
            detail: String::new(),
        }
    );
    let report = err.to_report();
    assert_eq!(report.code, "scope-unknown-address");
    assert!(
        report.reason.contains("'45-2019-qh14/dieu-99'"),
        "{}",
        report.reason
    );
    assert!(!report.hint.is_empty());

    let human = PlanInput {
        scope: Some(vec!["Điều 44".into()]),
        ..input()
    };
    let err = plan(&cut, &stored, vi(), &human).unwrap_err();
    assert!(
        err.to_string()
            .contains("not a canonical-address-v1 address"),
        "{err}"
    );
    let empty = PlanInput {
        scope: Some(vec![]),
        ..input()
    };
    assert_eq!(
        plan(&cut, &stored, vi(), &empty),
        Err(PlanError::EmptyField { field: "scope" })
    );
}

#[test]
fn equal_images_are_a_confirm_and_nothing_else() {
    let stored = stored_from(&labour_code());
    let m = plan(
        &cut_of(&labour_code()),
        &stored,
        vi(),
        &scoped(&["dieu-44/khoan-1/diem-dd"]),
    )
    .unwrap();
    let UnitBlock::Confirm(c) = m.blocks[0].clone() else {
        unreachable!()
    };
    // An update with equal images is still refused.
    let mut as_update = m.clone();
    as_update.blocks[0] = UnitBlock::Update(c.clone());
    as_update.envelope.counts.confirm = 0;
    as_update.envelope.counts.update = 1;
    assert!(
        matches!(as_update.check(), Err(ManifestError::InconsistentBlock { ref reason, .. }) if reason == "the before and after images are equal"),
        "{:?}",
        as_update.check()
    );
    // A confirm whose images differ is refused, even with honest hashes and changed list.
    let mut edited = c.clone();
    edited.after.body.push_str(" (sửa)");
    edited.after.content_sha256 = iu_cutter_core::store::unit::content_sha256(
        edited.after.heading.as_deref(),
        &edited.after.body,
    );
    edited.after_sha256 = unit_image_sha256(&edited.after);
    edited.changed =
        iu_cutter_core::change::manifest::changed_columns(&edited.before, &edited.after);
    let mut wrong = m.clone();
    wrong.blocks[0] = UnitBlock::Confirm(edited);
    let err = wrong.check().unwrap_err();
    assert!(
        err.to_string()
            .contains("a confirm leaves the unit as it is"),
        "{err}"
    );
    // A block outside the envelope's scope is refused.
    let mut outside = m.clone();
    outside.envelope.scope = Some(vec![format!("{DOC}/dieu-1")]);
    let err = outside.check().unwrap_err();
    assert!(
        err.to_string().contains("outside the envelope's scope"),
        "{err}"
    );
}

// ---------------------------------------------------------------- rollback

/// Labour Code with a Điều 11 after Điều 10, so that inserting a new Điều 10 renumbers
/// 10 → 11 → 12 (a real cascade: each address is another block's target).
fn with_article_11() -> Vec<L> {
    let mut outline = labour_code();
    outline.splice(
        10..10,
        [
            L(1, "dieu", "11", Some("Quyền tuyển dụng"), ""),
            L(
                2,
                "khoan",
                "1",
                None,
                "Người sử dụng lao động có quyền trực tiếp hoặc thông qua tổ chức dịch vụ việc làm để tuyển dụng lao động.",
            ),
        ],
    );
    outline
}

/// One CUT with every kind of block: create (new Điều 10 and its clause), a
/// renumbering cascade (10 → 11 → 12, clauses following), a split (Điều 2 khoản 1 in
/// two, later clauses renumbered), retires (Điều 44 khoản 2) and position updates.
fn everything_cut() -> (Vec<StoredUnit>, Manifest) {
    let stored = stored_from(&with_article_11());
    let mut outline = with_article_11();
    // Split khoản 1 of Điều 2; khoản 2, 3 become 3, 4.
    outline.splice(
        3..4,
        [
            L(
                2,
                "khoan",
                "1",
                None,
                "Người lao động, người học nghề, người tập nghề.",
            ),
            L(
                2,
                "khoan",
                "2",
                None,
                "Người làm việc không có quan hệ lao động.",
            ),
        ],
    );
    outline[5].2 = "3";
    outline[6].2 = "4";
    // Drop khoản 2 of Điều 44 (the last line).
    outline.pop();
    // New Điều 10 before the old one; old 10 → 11, old 11 → 12.
    let at10 = outline
        .iter()
        .position(|l| l.1 == "dieu" && l.2 == "10")
        .unwrap();
    outline[at10].2 = "11";
    let at11 = outline
        .iter()
        .position(|l| l.1 == "dieu" && l.2 == "11" && l.3 == Some("Quyền tuyển dụng"))
        .unwrap();
    outline[at11].2 = "12";
    outline.splice(
        at10..at10,
        [
            L(1, "dieu", "10", Some("Chính sách hỗ trợ tạo việc làm"), ""),
            L(
                2,
                "khoan",
                "1",
                None,
                "Nhà nước hỗ trợ người sử dụng lao động tạo việc làm mới.",
            ),
        ],
    );
    let m = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();
    (stored, m)
}

#[test]
fn the_everything_cut_has_every_kind_of_block() {
    let (stored, m) = everything_cut();
    let c = m.envelope.counts;
    assert_eq!(
        c.create, 3,
        "new Điều 10, its clause, the split's second part"
    );
    assert!(c.readdress >= 6, "{c:?}");
    assert_eq!(c.retire, 1);
    assert!(c.update >= 1);
    assert!(m
        .blocks
        .iter()
        .flat_map(|b| b.aliases())
        .any(|a| a.alias_kind == AliasKind::Split));
    assert!(
        m.write_steps()
            .iter()
            .any(|s| matches!(s, WriteStep::Vacate { .. })),
        "the cascade vacates"
    );
    governed_cut(&stored, &m);
}

#[test]
fn a_cut_applied_then_its_rollback_applied_gives_back_the_store_unit_for_unit() {
    let (stored, m) = everything_cut();
    let s1 = governed_cut(&stored, &m);
    let rb = rollback(&m, &s1, &rollback_input()).unwrap();

    let e = &rb.envelope;
    assert_eq!(e.rollback_of.as_deref(), Some(m.sha256().as_str()));
    assert_eq!(e.base_sha256, base_sha256(DOC_ID, &s1));
    assert_eq!(
        (&e.document_id, &e.doc, &e.vocabulary, &e.source_sha256),
        (
            &m.envelope.document_id,
            &m.envelope.doc,
            &m.envelope.vocabulary,
            &m.envelope.source_sha256
        )
    );
    assert!(!e.enact);
    assert_eq!(
        (&e.created_by, &e.created_at, &e.effective_from),
        (
            &"DOT-991".to_string(),
            &"2025-07-02T08:00:00Z".to_string(),
            &"2025-07-02T00:00:00Z".to_string()
        )
    );
    assert_eq!(e.counts.remove, m.envelope.counts.create);
    assert_eq!(e.counts.readdress, m.envelope.counts.readdress);
    assert_eq!(e.counts.aliases, 0, "a rollback plans no aliases");
    assert_eq!(e.counts.create + e.counts.retire + e.counts.promote, 0);
    assert_eq!(rb.blocks.len(), m.blocks.len());
    let json = rb.to_canonical_json();
    assert!(json.contains(&format!(r#""rollback_of":"{}""#, m.sha256())));

    // Removes come first, children before parents; then vacates; then writes.
    let steps = rb.write_steps();
    let kinds: Vec<&str> = steps
        .iter()
        .map(|s| match s {
            WriteStep::Remove { .. } => "remove",
            WriteStep::Vacate { .. } => "vacate",
            WriteStep::Write { .. } => "write",
        })
        .collect();
    let removes = kinds.iter().filter(|k| **k == "remove").count();
    assert_eq!(removes, 3);
    assert!(kinds[..removes].iter().all(|k| *k == "remove"), "{kinds:?}");
    assert!(kinds[removes..].iter().all(|k| *k != "remove"), "{kinds:?}");
    // Positions count among siblings (issue 30): the rule is that a removed unit's removed
    // parent is removed after it.
    let removed: Vec<&StoredUnit> = steps[..removes]
        .iter()
        .map(|s| match s {
            WriteStep::Remove { block, .. } => rb.blocks[*block].image(),
            _ => unreachable!(),
        })
        .collect();
    for (i, u) in removed.iter().enumerate() {
        let parent_at = removed
            .iter()
            .position(|p| Some(p.id.as_str()) == u.parent.as_deref());
        assert!(parent_at.is_none_or(|p| p > i), "{removed:?}");
    }
    let new10 = at(&s1, "dieu-10");
    let new10_clause = at(&s1, "dieu-10/khoan-1");
    let remove_of = |id: &str| {
        steps
            .iter()
            .position(|s| matches!(s, WriteStep::Remove { unit_id, .. } if unit_id == id))
            .unwrap()
    };
    assert!(remove_of(&new10_clause.id) < remove_of(&new10.id));
    assert_eq!(
        serde_json::to_value(&steps[0]).unwrap()["step"],
        serde_json::json!("remove")
    );

    // The rollback is a governed CUT like any other, and gives back the original store.
    let s2 = governed_cut(&s1, &rb);
    assert_eq!(s2, stored, "unit for unit, in the same order");
    let report = verify_with(&s2, &rb);
    assert!(report.passed, "{report}");
    assert!(rb
        .expected_after_images()
        .iter()
        .any(|e| e.unit_id == new10.id && e.after_sha256.is_none()));
    // Before the rollback is applied, VERIFY says the removed units still exist.
    let early = verify_with(&s1, &rb);
    let not_removed: Vec<&str> = early
        .of(CheckId::ChangeSet)
        .filter(|v| v.code == "unit-not-removed")
        .map(|v| v.subject.as_str())
        .collect();
    assert_eq!(not_removed.len(), 3, "{early}");
    assert!(not_removed.contains(&new10.id.as_str()));
}

#[test]
fn the_inverse_of_each_action_is_the_one_check_accepts() {
    let (stored, m) = everything_cut();
    let s1 = apply(&stored, &m);
    let rb = rollback(&m, &s1, &rollback_input()).unwrap();
    for b in &m.blocks {
        let inverse = rb
            .blocks
            .iter()
            .find(|r| r.unit_id() == b.unit_id())
            .unwrap();
        let expected = match b.action() {
            Action::Create => Action::Remove,
            Action::Readdress => Action::Readdress,
            Action::Update | Action::Promote | Action::Retire => Action::Update,
            Action::Confirm => Action::Confirm,
            Action::Remove => Action::Create,
        };
        assert_eq!(inverse.action(), expected, "{b:?}");
        assert_eq!(inverse.before(), b.after());
        assert_eq!(inverse.after(), b.before());
        assert_eq!(inverse.aliases(), &[]);
    }
    // A retired unit goes back to its lifecycle and authority.
    let retired = m
        .blocks
        .iter()
        .find(|b| b.action() == Action::Retire)
        .unwrap();
    let back = rb
        .blocks
        .iter()
        .find(|r| r.unit_id() == retired.unit_id())
        .unwrap();
    assert_eq!(
        back.after().unwrap().lifecycle_status,
        LifecycleStatus::DraftOnly
    );
}

#[test]
fn enacting_and_its_rollback_promote_then_demote() {
    let stored = stored_from(&labour_code());
    let enact = PlanInput {
        enact: true,
        ..input()
    };
    let m = plan(&cut_of(&labour_code()), &stored, vi(), &enact).unwrap();
    assert_eq!(m.envelope.counts.promote, stored.len());
    let s1 = governed_cut(&stored, &m);
    let rb = rollback(&m, &s1, &rollback_input()).unwrap();
    assert_eq!(
        rb.envelope.counts.update,
        stored.len(),
        "going back is not a promote"
    );
    assert_eq!(governed_cut(&s1, &rb), stored);
}

#[test]
fn rolling_back_a_rollback_applies_the_cut_again() {
    let (stored, m) = everything_cut();
    let s1 = governed_cut(&stored, &m);
    let rb = rollback(&m, &s1, &rollback_input()).unwrap();
    let s2 = governed_cut(&s1, &rb);
    let again = rollback(&rb, &s2, &rollback_input()).unwrap();
    assert_eq!(
        again.envelope.rollback_of.as_deref(),
        Some(rb.sha256().as_str())
    );
    assert_eq!(again.envelope.counts.create, m.envelope.counts.create);
    assert_eq!(again.envelope.counts.aliases, 0);
    assert_eq!(governed_cut(&s2, &again), s1);
}

#[test]
fn a_scoped_confirm_rolls_back_to_a_confirm() {
    let stored = stored_from(&labour_code());
    let m = plan(&cut_of(&labour_code()), &stored, vi(), &scoped(&["dieu-1"])).unwrap();
    let rb = rollback(&m, &stored, &rollback_input()).unwrap();
    assert_eq!(rb.blocks.len(), 1);
    assert_eq!(rb.blocks[0].action(), Action::Confirm);
    assert_eq!(rb.envelope.scope, m.envelope.scope);
    assert_eq!(governed_cut(&stored, &rb), stored);
}

#[test]
fn a_rollback_moves_an_article_back_before_it_removes_the_chapter_the_cut_created() {
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
    // A new Chương 3 before Điều 44: the article (a citation root) keeps its address and
    // changes its parent.
    let at44 = outline
        .iter()
        .position(|l| l.1 == "dieu" && l.2 == "44")
        .unwrap();
    outline.insert(at44, L(0, "chuong", "3", Some("Quyền và nghĩa vụ"), ""));
    let m = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();
    let s1 = governed_cut(&stored, &m);
    let chapter = at(&s1, "chuong-3").id.clone();
    let article = at(&s1, "dieu-44").id.clone();
    assert_eq!(at(&s1, "dieu-44").parent.as_deref(), Some(chapter.as_str()));

    let rb = rollback(&m, &s1, &rollback_input()).unwrap();
    let steps = rb.write_steps();
    let step_of = |f: &dyn Fn(&WriteStep) -> bool| steps.iter().position(f).unwrap();
    let write_article =
        step_of(&|s| matches!(s, WriteStep::Write { unit_id, .. } if *unit_id == article));
    let remove_chapter =
        step_of(&|s| matches!(s, WriteStep::Remove { unit_id, .. } if *unit_id == chapter));
    assert!(
        write_article < remove_chapter,
        "ON DELETE RESTRICT: the article leaves the chapter first: {steps:#?}"
    );
    assert_eq!(governed_cut(&s1, &rb), stored);
}

#[test]
fn a_rollback_is_refused_when_the_store_moved_on_listing_every_unit() {
    let (stored, m) = everything_cut();
    let s1 = apply(&stored, &m);
    let mut moved_on = s1.clone();
    // A readdressed unit edited, a created unit deleted, a unit added under a created one.
    let old10 = at(&stored, "dieu-10").id.clone();
    let i = moved_on.iter().position(|u| u.id == old10).unwrap();
    moved_on[i].heading = Some("Quyền làm việc (sửa sau CUT)".into());
    let new_clause = at(&s1, "dieu-10/khoan-1").id.clone();
    moved_on.retain(|u| u.id != new_clause);
    let new10 = at(&s1, "dieu-10").clone();
    let mut added = new10.clone();
    added.id = "u-added-later".into();
    added.section_type = "khoan".into();
    added.ordinal = "9".into();
    added.parent = Some(new10.id.clone());
    added.canonical_address = format!("{DOC}/dieu-10/khoan-9");
    added.position = 9999;
    moved_on.push(added);

    let err = rollback(&m, &moved_on, &rollback_input()).unwrap_err();
    let RollbackError::Unsafe {
        original_sha256,
        drift,
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(original_sha256, &m.sha256());
    let ids: Vec<&str> = drift.iter().map(|d| d.unit_id.as_str()).collect();
    assert_eq!(
        ids,
        vec![new_clause.as_str(), old10.as_str(), "u-added-later"],
        "{err}"
    );
    let report = err.to_report();
    assert_eq!(report.code, "rollback-unsafe");
    for needle in [
        format!("unit {new_clause} (45-2019-qh14/dieu-10/khoan-1): the CUT created it, but it no longer exists"),
        format!("unit {old10} (45-2019-qh14/dieu-11): changed since the CUT"),
        "unit u-added-later (45-2019-qh14/dieu-10/khoan-9): added since the CUT under 45-2019-qh14/dieu-10".to_string(),
        "3 unit(s)".to_string(),
    ] {
        assert!(report.reason.contains(&needle), "{needle}\n{}", report.reason);
    }
    assert!(report.hint.contains("newest first"));

    // A unit that took an address the rollback gives back.
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
    outline[7].2 = "11";
    let m = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();
    let mut s1 = apply(&stored, &m);
    let mut squatter = at(&s1, "dieu-11").clone();
    squatter.id = "u-new-10".into();
    squatter.canonical_address = format!("{DOC}/dieu-10");
    squatter.ordinal = "10".into();
    s1.push(squatter);
    let err = rollback(&m, &s1, &rollback_input()).unwrap_err();
    assert!(
        err.to_string().contains("unit u-new-10 (45-2019-qh14/dieu-10): holds the address the rollback gives back to unit"),
        "{err}"
    );
    // Rolled back once, the CUT cannot be rolled back again.
    let s1 = apply(&stored, &m);
    let rb = rollback(&m, &s1, &rollback_input()).unwrap();
    let s2 = apply(&s1, &rb);
    assert_eq!(
        rollback(&m, &s2, &rollback_input()).unwrap_err().code(),
        "rollback-unsafe"
    );
}

#[test]
fn rollback_inputs_and_manifests_are_checked() {
    let (stored, m) = everything_cut();
    let s1 = apply(&stored, &m);
    let no_one = RollbackInput {
        created_by: "  ".into(),
        ..rollback_input()
    };
    assert_eq!(
        rollback(&m, &s1, &no_one),
        Err(RollbackError::EmptyField {
            field: "created_by"
        })
    );
    let local = RollbackInput {
        effective_from: "2025-07-02 00:00:00".into(),
        ..rollback_input()
    };
    assert_eq!(
        rollback(&m, &s1, &local).unwrap_err().code(),
        "invalid-timestamp"
    );
    let mut forged = m.clone();
    forged.envelope.counts.create += 1;
    assert_eq!(
        rollback(&forged, &s1, &rollback_input())
            .unwrap_err()
            .code(),
        "count-mismatch"
    );
}

#[test]
fn only_a_rollback_removes_a_unit() {
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
    outline[16].4 = "Đơn phương chấm dứt hợp đồng lao động theo quy định;";
    let m = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();
    let dd = at(&stored, "dieu-44/khoan-1/diem-dd");
    let mut forged = m.clone();
    forged.blocks[0] = UnitBlock::Remove(Removal {
        unit_id: dd.id.clone(),
        before_sha256: unit_image_sha256(dd),
        before: dd.clone(),
    });
    forged.envelope.counts.update = 0;
    forged.envelope.counts.remove = 1;
    let err = forged.check().unwrap_err();
    assert!(
        err.to_string().contains("only a rollback removes a unit"),
        "{err}"
    );
    forged.envelope.rollback_of = Some("0".repeat(64));
    forged.check().unwrap();
    // The remove's JSON shape: no after-image, no after hash.
    let block = serde_json::to_value(&forged.blocks[0]).unwrap();
    let mut keys: Vec<&str> = block
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(keys, vec!["action", "before", "before_sha256", "unit_id"]);
    assert_eq!(block["action"], "remove");
}
