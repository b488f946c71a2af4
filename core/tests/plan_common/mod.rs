//! Shared outline, cut and store builders for the planner, manifest and rollback specs,
//! and a model executor that runs a manifest's write steps under the database's
//! constraints.
#![allow(dead_code)]

use std::collections::HashSet;

pub mod locality;

use iu_cutter_core::change::manifest::{Action, Manifest, UnitBlock, WriteStep};
use iu_cutter_core::change::plan::{apply, plan, PlanInput};
use iu_cutter_core::change::verify::{verify, DocumentRef, VerifyInput};
use iu_cutter_core::read::cut::Cut;
use iu_cutter_core::store::unit::{content_digest, derived_address, CutUnit, StoredUnit};
use iu_cutter_core::text::vocabulary::{default_vocabulary, Vocabulary};

pub const DOC: &str = "45-2019-qh14";
pub const DOC_ID: &str = "doc-45-2019-qh14";

pub fn vi() -> &'static Vocabulary {
    default_vocabulary("vi").expect("vi ships")
}

/// One line of a text outline: depth (0 = top), section type, ordinal, heading, body.
#[derive(Clone)]
pub struct L(
    pub usize,
    pub &'static str,
    pub &'static str,
    pub Option<&'static str>,
    pub &'static str,
);

/// A cut of an outline: parents from depth, addresses derived, positions counted among siblings.
pub fn cut_of(outline: &[L]) -> Cut {
    let mut units: Vec<CutUnit> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, L(depth, code, ordinal, heading, body)) in outline.iter().enumerate() {
        stack.truncate(*depth);
        let parent = stack.last().copied();
        let t = vi().by_code(code).expect("type");
        let canonical_address = derived_address(
            DOC,
            parent.map(|p| units[p].canonical_address.as_str()),
            t,
            ordinal,
        );
        units.push(CutUnit {
            section_type: (*code).into(),
            ordinal: (*ordinal).into(),
            heading: heading.map(str::to_string),
            body: body.to_string(),
            parent,
            position: units.iter().filter(|u| u.parent == parent).count() as u32 + 1,
            canonical_address,
            content_sha256: content_digest(*heading, body),
            line: i as u32 + 1,
            status: None,
            notes: Vec::new(),
        });
        stack.push(i);
    }
    Cut {
        doc: DOC.into(),
        vocabulary: "vi".into(),
        units,
        diagnostics: vec![],
    }
}

pub fn labour_code() -> Vec<L> {
    vec![
        L(0, "chuong", "1", Some("Những quy định chung"), ""),
        L(1, "dieu", "1", Some("Phạm vi điều chỉnh"), "Bộ luật Lao động quy định tiêu chuẩn lao động; quyền, nghĩa vụ, trách nhiệm của người lao động, người sử dụng lao động; quản lý nhà nước về lao động."),
        L(1, "dieu", "2", Some("Đối tượng áp dụng"), ""),
        L(2, "khoan", "1", None, "Người lao động, người học nghề, người tập nghề và người làm việc không có quan hệ lao động."),
        L(2, "khoan", "2", None, "Người sử dụng lao động."),
        L(2, "khoan", "3", None, "Người lao động nước ngoài làm việc tại Việt Nam."),
        L(0, "chuong", "2", Some("Việc làm"), ""),
        L(1, "dieu", "10", Some("Quyền làm việc của người lao động"), ""),
        L(2, "khoan", "1", None, "Được tự do lựa chọn việc làm, làm việc cho bất kỳ người sử dụng lao động nào và ở bất kỳ nơi nào mà pháp luật không cấm."),
        L(2, "khoan", "2", None, "Trực tiếp liên hệ với người sử dụng lao động hoặc thông qua tổ chức dịch vụ việc làm để tìm kiếm việc làm."),
        L(1, "dieu", "44", Some("Quyền của người lao động"), ""),
        L(2, "khoan", "1", None, "Người lao động có các quyền sau đây:"),
        L(3, "diem", "a", None, "Làm việc; tự do lựa chọn việc làm, nơi làm việc, nghề nghiệp;"),
        L(3, "diem", "b", None, "Hưởng lương phù hợp với trình độ, kỹ năng nghề;"),
        L(3, "diem", "c", None, "Thành lập, gia nhập, hoạt động trong tổ chức đại diện người lao động;"),
        L(3, "diem", "d", None, "Từ chối làm việc nếu có nguy cơ rõ ràng đe dọa trực tiếp đến tính mạng, sức khỏe;"),
        L(3, "diem", "dd", None, "Đơn phương chấm dứt hợp đồng lao động;"),
        L(2, "khoan", "2", None, "Người lao động có các nghĩa vụ theo quy định của Bộ luật này."),
    ]
}

pub fn input() -> PlanInput {
    PlanInput {
        document_id: DOC_ID.into(),
        source_sha256: "5d41402abc4b2a76b9719d911017c592".repeat(2),
        effective_from: "2025-07-01T00:00:00Z".into(),
        created_at: "2025-06-20T09:30:00Z".into(),
        created_by: "DOT-991".into(),
        enact: false,
        by_enacted_law: false,
        scope: None,
    }
}

/// The store after cutting `outline` into an empty store.
pub fn stored_from(outline: &[L]) -> Vec<StoredUnit> {
    let m = plan(&cut_of(outline), &[], vi(), &input()).expect("plan into an empty store");
    apply(&[], &m)
}

pub fn at<'a>(units: &'a [StoredUnit], address: &str) -> &'a StoredUnit {
    let full = format!("{DOC}/{address}");
    units
        .iter()
        .find(|u| u.canonical_address == full)
        .unwrap_or_else(|| panic!("no unit at {full}"))
}

pub fn block<'a>(m: &'a Manifest, unit_id: &str) -> &'a UnitBlock {
    m.blocks
        .iter()
        .find(|b| b.unit_id() == unit_id)
        .unwrap_or_else(|| panic!("no block for {unit_id}"))
}

pub fn actions(m: &Manifest, action: Action) -> Vec<String> {
    let mut out: Vec<String> = m
        .blocks
        .iter()
        .filter(|b| b.action() == action)
        .map(|b| {
            b.image()
                .canonical_address
                .trim_start_matches(&format!("{DOC}/"))
                .to_string()
        })
        .collect();
    out.sort();
    out
}

/// The manifest applied to the store passes VERIFY, CHANGESET included, and planning the
/// same cut again changes nothing.
pub fn assert_sound(stored: &[StoredUnit], outline: &[L], m: &Manifest) -> Vec<StoredUnit> {
    let after = apply(stored, m);
    let documents = [DocumentRef {
        id: DOC_ID.into(),
        slug: DOC.into(),
    }];
    let expected = m.expected_after_images();
    let report = verify(
        &VerifyInput::new(&documents, &vi().section_types, &after).with_change_set(&expected),
    );
    assert!(report.passed, "{report}");
    let again = plan(&cut_of(outline), &after, vi(), &input()).expect("re-plan");
    assert_eq!(
        again.blocks,
        vec![],
        "re-planning the same cut must change nothing"
    );
    after
}

/// Runs `m.write_steps()` one statement at a time on `stored` as the executor does, and
/// fails where the database would: `canonical_address` UNIQUE after every statement,
/// `parent` a foreign key (the parent exists when a row is written; ON DELETE RESTRICT
/// when it is deleted). Also checks that every block but a confirm gets exactly one
/// write or remove. Returns the store after the last step.
pub fn execute(stored: &[StoredUnit], m: &Manifest) -> Result<Vec<StoredUnit>, String> {
    let mut db: Vec<StoredUnit> = stored.to_vec();
    let mut done = vec![0usize; m.blocks.len()];
    for (n, step) in m.write_steps().into_iter().enumerate() {
        let at = |db: &[StoredUnit], id: &str| db.iter().position(|u| u.id == id);
        match &step {
            WriteStep::Remove { block, unit_id } => {
                let UnitBlock::Remove(r) = &m.blocks[*block] else {
                    return Err(format!(
                        "step {n}: remove of a {} block",
                        m.blocks[*block].action()
                    ));
                };
                if &r.unit_id != unit_id {
                    return Err(format!(
                        "step {n}: remove names {unit_id}, the block {}",
                        r.unit_id
                    ));
                }
                let i = at(&db, unit_id).ok_or(format!("step {n}: remove of a missing unit"))?;
                if let Some(child) = db.iter().find(|u| u.parent.as_deref() == Some(unit_id)) {
                    return Err(format!(
                        "step {n}: ON DELETE RESTRICT: {} ({}) still points to {} ({})",
                        child.id, child.canonical_address, unit_id, db[i].canonical_address
                    ));
                }
                db.remove(i);
                done[*block] += 1;
            }
            WriteStep::Vacate {
                unit_id,
                temporary_address,
                ..
            } => {
                let i = at(&db, unit_id).ok_or(format!("step {n}: vacate of a missing unit"))?;
                db[i].canonical_address = temporary_address.clone();
            }
            WriteStep::Write { block, unit_id } => {
                let b = &m.blocks[*block];
                if b.unit_id() != unit_id {
                    return Err(format!(
                        "step {n}: write names {unit_id}, the block {}",
                        b.unit_id()
                    ));
                }
                let after = b
                    .after()
                    .ok_or(format!("step {n}: write of a {} block", b.action()))?;
                if let Some(p) = &after.parent {
                    if at(&db, p).is_none() {
                        return Err(format!(
                            "step {n}: FOREIGN KEY: {} ({}) points to {p}, which does not exist yet",
                            after.id, after.canonical_address
                        ));
                    }
                }
                match (b.action(), at(&db, unit_id)) {
                    (Action::Create, None) => db.push(after.clone()),
                    (Action::Create, Some(_)) => {
                        return Err(format!("step {n}: insert of an existing id"))
                    }
                    (_, Some(i)) => db[i] = after.clone(),
                    (_, None) => return Err(format!("step {n}: update of a missing unit")),
                }
                done[*block] += 1;
            }
        }
        let mut seen = HashSet::new();
        if let Some(dup) = db
            .iter()
            .find(|u| !seen.insert(u.canonical_address.as_str()))
        {
            return Err(format!(
                "step {n} ({step:?}): UNIQUE: {} is held twice",
                dup.canonical_address
            ));
        }
    }
    for (i, b) in m.blocks.iter().enumerate() {
        let expected = usize::from(b.action() != Action::Confirm);
        if done[i] != expected {
            return Err(format!(
                "block {i} ({} {}) got {} step(s)",
                b.action(),
                b.unit_id(),
                done[i]
            ));
        }
    }
    Ok(db)
}

/// [`execute`] gives exactly what [`apply`] says, unit for unit and in the same order.
pub fn assert_executes(stored: &[StoredUnit], m: &Manifest) -> Vec<StoredUnit> {
    let executed = execute(stored, m).unwrap_or_else(|e| panic!("{e}\n{:#?}", m.write_steps()));
    assert_eq!(executed, apply(stored, m));
    executed
}
