//! The planner, manifests and CUT gates, specified on Bộ luật Lao động 45/2019/QH14.
//!
//! Texts are modelled on the Labour Code; cuts are built by hand here (the segmenter
//! is tested on its own), stored states by planning a cut against an empty store and
//! applying the manifest.

use iu_cutter_core::change::gate::{cut_gates, result_gates, Gate, Verdict};
use iu_cutter_core::change::manifest::{
    canonical_parts_sha256, join_canonical_parts, Action, AliasKind, Column, Manifest,
    ManifestError, UnitBlock, WriteStep,
};
use iu_cutter_core::change::plan::{apply, derive_unit_id, plan, PlanError, PlanInput};
use iu_cutter_core::store::unit::{Authority, LifecycleStatus, StoredUnit};
use iu_cutter_core::text::diagnostic::{Diagnostic, Severity};
use iu_cutter_core::Report;

use crate::plan_common;
use plan_common::*;

// ---------------------------------------------------------------- planner

#[test]
fn a_manifest_stored_as_envelope_and_block_parts_joins_back_to_its_exact_bytes() {
    let m = plan(&cut_of(&labour_code()), &[], vi(), &input()).unwrap();
    let (envelope, blocks) = m.canonical_parts();
    assert_eq!(blocks.len(), m.blocks.len());
    let joined = join_canonical_parts(&envelope, &blocks);
    assert_eq!(joined, m.to_canonical_json());
    assert_eq!(Manifest::from_json(&joined, Some(&m.sha256())).unwrap(), m);
    let (envelope, _) = Manifest::assemble(m.envelope.clone(), vec![], &[]).canonical_parts();
    assert_eq!(
        join_canonical_parts(&envelope, &[]),
        Manifest::assemble(m.envelope.clone(), vec![], &[]).to_canonical_json()
    );
}

#[test]
fn a_manifest_read_from_its_parts_is_the_one_read_from_the_joined_text_refusals_included() {
    let m = plan(&cut_of(&labour_code()), &[], vi(), &input()).unwrap();
    let (envelope, blocks) = m.canonical_parts();
    let sha = m.sha256();
    assert_eq!(
        Manifest::from_parts(&envelope, &blocks, Some(&sha)).unwrap(),
        m
    );
    assert_eq!(Manifest::from_parts(&envelope, &blocks, None).unwrap(), m);
    assert_eq!(canonical_parts_sha256(&envelope, &blocks), sha);
    assert_eq!(
        iu_cutter_core::text::canonical_json::to_string(&m),
        m.to_canonical_json()
    );
    // A wrong sha256, a part that is not canonical, one that is not JSON, a changed value:
    // each refused exactly as the joined text is.
    let same = |envelope: &str, blocks: &[String], sha: Option<&str>| {
        let joined = join_canonical_parts(envelope, blocks);
        assert_eq!(
            Manifest::from_parts(envelope, blocks, sha).map_err(|e| e.to_report()),
            Manifest::from_json(&joined, sha).map_err(|e| e.to_report()),
        );
    };
    same(&envelope, &blocks, Some(&"0".repeat(64)));
    let mut spaced = blocks.clone();
    spaced[1] = format!(" {}", spaced[1]);
    same(&envelope, &spaced, Some(&sha));
    let mut broken = blocks.clone();
    broken[2] = broken[2][..broken[2].len() - 1].to_string();
    same(&envelope, &broken, Some(&sha));
    let mut edited = blocks.clone();
    edited[0] = edited[0].replacen("\"create\"", "\"update\"", 1);
    same(&envelope, &edited, None);
    same(&envelope, &edited, Some(&sha));
    same(
        &envelope.replacen("iu-cutter-manifest-v2", "iu-cutter-manifest-v9", 1),
        &blocks,
        None,
    );
    same(&envelope, &[], None);
    // An image hash that is not its image's (the reader checks them as it reads): refused at
    // its block, and behind an earlier problem (a duplicate unit) the earlier one is named.
    let sha_of = |block: &str| block.split("\"after_sha256\":\"").nth(1).unwrap()[..64].to_string();
    let mut rehashed = blocks.clone();
    rehashed[3] = rehashed[3].replacen(&sha_of(&blocks[3]), &"0".repeat(64), 1);
    same(&envelope, &rehashed, None);
    assert!(matches!(
        Manifest::from_parts(&envelope, &rehashed, None),
        Err(ManifestError::ImageHashMismatch { index: 3, .. })
    ));
    let mut twice = rehashed.clone();
    twice[1] = twice[0].clone();
    same(&envelope, &twice, None);
    assert!(matches!(
        Manifest::from_parts(&envelope, &twice, None),
        Err(ManifestError::DuplicateUnit { index: 1, .. })
    ));
}

#[test]
fn cutting_an_empty_store_creates_every_unit_as_draft_with_derived_ids() {
    let cut = cut_of(&labour_code());
    let m = plan(&cut, &[], vi(), &input()).unwrap();
    assert_eq!(m.envelope.counts.create, cut.units.len());
    assert_eq!(m.blocks.len(), cut.units.len());
    let dd = m
        .blocks
        .iter()
        .find(|b| b.image().canonical_address == "45-2019-qh14/dieu-44/khoan-1/diem-dd")
        .expect("point đ");
    assert_eq!(dd.action(), Action::Create);
    assert_eq!(dd.before_sha256(), None);
    assert_eq!(dd.image().lifecycle_status, LifecycleStatus::DraftOnly);
    assert_eq!(dd.image().authority, Authority::Draft);
    assert_eq!(
        dd.image().canonical_address_format_version,
        "canonical-address-v1"
    );
    assert_eq!(
        dd.unit_id(),
        derive_unit_id(
            DOC_ID,
            &m.envelope.base_sha256,
            "45-2019-qh14/dieu-44/khoan-1/diem-dd"
        )
    );
    let stored = assert_sound(&[], &labour_code(), &m);
    assert_eq!(
        at(&stored, "dieu-44/khoan-1/diem-dd").parent.as_deref(),
        Some(at(&stored, "dieu-44/khoan-1").id.as_str())
    );
}

#[test]
fn a_sites_notes_on_a_unit_ride_in_its_block_beside_the_image_and_leave_its_hash_alone() {
    // Issue 46: `[Khoản này được sửa đổi bởi …]` is no text of the law but is kept.
    let note = "[Khoản này được sửa đổi bởi Khoản 2 Điều 1 Luật số 28/2018/QH14]".to_owned();
    let plain = cut_of(&labour_code());
    let mut noted = plain.clone();
    noted.units[1].notes = vec![note.clone()];
    let m = plan(&noted, &[], vi(), &input()).unwrap();
    let without = plan(&plain, &[], vi(), &input()).unwrap();
    assert_eq!(m.blocks[1].notes(), std::slice::from_ref(&note));
    assert!(m
        .blocks
        .iter()
        .enumerate()
        .all(|(i, b)| i == 1 || b.notes().is_empty()));
    assert_eq!(m.blocks[1].after_sha256(), without.blocks[1].after_sha256());
    assert_ne!(
        m.sha256(),
        without.sha256(),
        "the reviewed manifest says it"
    );
    assert!(m.to_canonical_json().contains(&note));
    assert!(!without.to_canonical_json().contains("\"notes\""));
    // Stored, the same text again with its note is no change.
    let stored = apply(&[], &m);
    assert!(plan(&noted, &stored, vi(), &input())
        .unwrap()
        .blocks
        .is_empty());
}

#[test]
fn an_identical_cut_plans_zero_blocks_and_is_still_a_valid_manifest() {
    let stored = stored_from(&labour_code());
    let m = plan(&cut_of(&labour_code()), &stored, vi(), &input()).unwrap();
    assert_eq!(m.blocks, vec![]);
    assert_eq!(m.envelope.counts, Default::default());
    let back = Manifest::from_json(&m.to_canonical_json(), Some(&m.sha256())).unwrap();
    assert_eq!(back, m);
}

#[test]
fn an_edited_point_body_is_one_update_of_body_and_content_hash() {
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
    outline[16].4 = "Đơn phương chấm dứt hợp đồng lao động theo quy định của Bộ luật này;";
    let m = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();
    assert_eq!(m.blocks.len(), 1, "{:#?}", m.blocks);
    let dd = at(&stored, "dieu-44/khoan-1/diem-dd");
    let UnitBlock::Update(change) = block(&m, &dd.id) else {
        panic!("expected an update: {:?}", m.blocks[0])
    };
    assert_eq!(change.changed, vec![Column::Body, Column::ContentSha256]);
    assert_eq!(change.before, *dd);
    assert_eq!(
        change.before_sha256,
        iu_cutter_core::change::manifest::unit_image_sha256(dd)
    );
    assert_eq!(change.after.body, outline[16].4);
    assert_eq!(change.after.lifecycle_status, LifecycleStatus::DraftOnly);
    assert_sound(&stored, &outline, &m);
}

#[test]
fn article_10_renumbered_to_11_with_a_new_10a_is_readdress_with_renumber_alias_and_create() {
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
    outline.splice(
        7..7,
        [
            L(1, "dieu", "10a", Some("Quyền được hỗ trợ tìm việc làm"), ""),
            L(
                2,
                "khoan",
                "1",
                None,
                "Người lao động được tổ chức dịch vụ việc làm hỗ trợ miễn phí.",
            ),
        ],
    );
    outline[9].2 = "11"; // the old Điều 10, same heading and clauses
    let m = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();

    assert_eq!(
        actions(&m, Action::Create),
        vec!["dieu-10a", "dieu-10a/khoan-1"]
    );
    assert_eq!(
        actions(&m, Action::Readdress),
        vec!["dieu-11", "dieu-11/khoan-1", "dieu-11/khoan-2"]
    );
    assert_eq!(actions(&m, Action::Retire), Vec::<String>::new());
    let old10 = at(&stored, "dieu-10");
    let UnitBlock::Readdress(r) = block(&m, &old10.id) else {
        panic!("Điều 10 must be readdressed")
    };
    assert_eq!(r.old_address, "45-2019-qh14/dieu-10");
    assert_eq!(r.new_address, "45-2019-qh14/dieu-11");
    assert_eq!(
        r.changed,
        vec![Column::Ordinal, Column::Position, Column::CanonicalAddress]
    );
    assert_eq!(r.aliases.len(), 1);
    let alias = &r.aliases[0];
    assert_eq!(alias.alias_text, "45-2019-qh14/dieu-10");
    assert_eq!(alias.target_unit_id, old10.id);
    assert_eq!(alias.alias_kind, AliasKind::Renumber);
    assert_eq!(alias.valid_from, "2025-07-01T00:00:00Z");
    assert_eq!(alias.valid_until, None);
    assert_eq!(alias.created_by, "DOT-991");
    // Its clauses follow it, each with its own alias.
    let clause = at(&stored, "dieu-10/khoan-2");
    let UnitBlock::Readdress(r) = block(&m, &clause.id) else {
        panic!("the clause follows its article")
    };
    assert_eq!(r.new_address, "45-2019-qh14/dieu-11/khoan-2");
    assert_eq!(r.aliases[0].alias_text, "45-2019-qh14/dieu-10/khoan-2");
    assert_eq!(m.envelope.counts.aliases, 3);
    // Units after the insertion only shift position.
    assert!(
        matches!(block(&m, &at(&stored, "dieu-44").id), UnitBlock::Update(c) if c.changed == vec![Column::Position])
    );
    assert_sound(&stored, &outline, &m);
}

#[test]
fn a_new_article_2_shifts_the_old_one_to_3_as_a_renumbering_cascade() {
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
    outline.insert(
        2,
        L(
            1,
            "dieu",
            "2",
            Some("Nguyên tắc"),
            "Bảo đảm quyền của người lao động.",
        ),
    );
    outline[3].2 = "3";
    let m = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();
    assert_eq!(actions(&m, Action::Create), vec!["dieu-2"]);
    assert_eq!(
        actions(&m, Action::Readdress),
        vec![
            "dieu-3",
            "dieu-3/khoan-1",
            "dieu-3/khoan-2",
            "dieu-3/khoan-3"
        ]
    );
    // The old Điều 2 holds the address the new one is created at: it moves out first.
    let old2 = &at(&stored, "dieu-2").id;
    let steps = m.write_steps();
    let vacate = steps
        .iter()
        .position(|s| matches!(s, WriteStep::Vacate { unit_id, .. } if unit_id == old2))
        .expect("the old Điều 2 is vacated");
    let create = m
        .blocks
        .iter()
        .position(|b| b.action() == Action::Create)
        .unwrap();
    let write_new = steps
        .iter()
        .position(|s| matches!(s, WriteStep::Write { block, .. } if *block == create))
        .unwrap();
    assert!(vacate < write_new);
    assert_eq!(
        steps
            .iter()
            .filter(|s| matches!(s, WriteStep::Write { .. }))
            .count(),
        m.blocks.len()
    );
    assert_sound(&stored, &outline, &m);
}

#[test]
fn a_clause_split_in_two_is_update_plus_create_with_split_aliases_to_both_parts() {
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
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
    let m = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();

    let old1 = at(&stored, "dieu-2/khoan-1");
    let UnitBlock::Update(first) = block(&m, &old1.id) else {
        panic!("the first part keeps the unit")
    };
    assert_eq!(
        first.after.body,
        "Người lao động, người học nghề, người tập nghề."
    );
    let new_part = m
        .blocks
        .iter()
        .find_map(|b| match b {
            UnitBlock::Create(c) => Some(c),
            _ => None,
        })
        .expect("the second part is created");
    assert_eq!(
        new_part.after.canonical_address,
        "45-2019-qh14/dieu-2/khoan-2"
    );
    for (aliases, target) in [
        (&first.aliases, &old1.id),
        (&new_part.aliases, &new_part.unit_id),
    ] {
        assert_eq!(aliases.len(), 1);
        assert_eq!(aliases[0].alias_kind, AliasKind::Split);
        assert_eq!(aliases[0].alias_text, "45-2019-qh14/dieu-2/khoan-1");
        assert_eq!(&aliases[0].target_unit_id, target);
        assert_eq!(
            aliases[0].rationale,
            "45-2019-qh14/dieu-2/khoan-1 split into 45-2019-qh14/dieu-2/khoan-1, 45-2019-qh14/dieu-2/khoan-2"
        );
    }
    // The following clauses are renumbered, not rewritten.
    assert_eq!(
        actions(&m, Action::Readdress),
        vec!["dieu-2/khoan-3", "dieu-2/khoan-4"]
    );
    assert_eq!(m.envelope.counts.aliases, 4);
    assert_sound(&stored, &outline, &m);
}

#[test]
fn a_rewritten_clause_followed_by_an_unrelated_new_clause_is_not_a_split() {
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
    outline[4].4 = "Người sử dụng lao động và tổ chức đại diện người sử dụng lao động.";
    outline.insert(
        6,
        L(
            2,
            "khoan",
            "4",
            None,
            "Cơ quan, tổ chức, cá nhân khác có liên quan.",
        ),
    );
    let m = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();
    assert_eq!(m.envelope.counts.aliases, 0, "{:#?}", m.blocks);
    assert_eq!(actions(&m, Action::Create), vec!["dieu-2/khoan-4"]);
}

#[test]
fn a_removed_article_is_retired_with_its_clauses_and_points_by_br4() {
    let stored = stored_from(&labour_code());
    let outline: Vec<L> = labour_code().into_iter().take(10).collect();
    let m = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();
    assert_eq!(
        actions(&m, Action::Retire),
        vec![
            "dieu-44",
            "dieu-44/khoan-1",
            "dieu-44/khoan-1/diem-a",
            "dieu-44/khoan-1/diem-b",
            "dieu-44/khoan-1/diem-c",
            "dieu-44/khoan-1/diem-d",
            "dieu-44/khoan-1/diem-dd",
            "dieu-44/khoan-2",
        ]
    );
    assert_eq!(m.blocks.len(), 8);
    for b in &m.blocks {
        let UnitBlock::Retire(c) = b else {
            unreachable!()
        };
        assert_eq!(c.after.lifecycle_status, LifecycleStatus::Retired);
        assert_eq!(c.after.authority, Authority::Enacted);
        assert_eq!(c.changed, vec![Column::LifecycleStatus, Column::Authority]);
        assert_eq!(c.after.canonical_address, c.before.canonical_address);
    }
    let after = assert_sound(&stored, &outline, &m);
    // Already retired units are left alone.
    let again = plan(&cut_of(&outline), &after, vi(), &input()).unwrap();
    assert_eq!(again.blocks, vec![]);
}

#[test]
fn a_retired_article_that_comes_back_is_revived_not_duplicated() {
    let stored = stored_from(&labour_code());
    let short: Vec<L> = labour_code().into_iter().take(10).collect();
    let retired = apply(
        &stored,
        &plan(&cut_of(&short), &stored, vi(), &input()).unwrap(),
    );
    let m = plan(&cut_of(&labour_code()), &retired, vi(), &input()).unwrap();
    assert_eq!(m.envelope.counts.create, 0);
    assert_eq!(m.envelope.counts.update, 8);
    let art = at(&retired, "dieu-44");
    let UnitBlock::Update(c) = block(&m, &art.id) else {
        panic!()
    };
    assert_eq!(c.after.lifecycle_status, LifecycleStatus::DraftOnly);
    assert_eq!(c.after.authority, Authority::Draft);
    assert_sound(&retired, &labour_code(), &m);
}

#[test]
fn enacting_an_unchanged_draft_promotes_every_unit_to_active_and_enacted() {
    let stored = stored_from(&labour_code());
    let enact = PlanInput {
        enact: true,
        ..input()
    };
    let m = plan(&cut_of(&labour_code()), &stored, vi(), &enact).unwrap();
    assert_eq!(m.envelope.counts.promote, stored.len());
    assert_eq!(m.blocks.len(), stored.len());
    for b in &m.blocks {
        let UnitBlock::Promote(c) = b else {
            panic!("{b:?}")
        };
        assert_eq!(c.changed, vec![Column::LifecycleStatus, Column::Authority]);
        assert_eq!(c.after.lifecycle_status, LifecycleStatus::Active);
        assert_eq!(c.after.authority, Authority::Enacted);
    }
    let after = apply(&stored, &m);
    assert_eq!(
        plan(&cut_of(&labour_code()), &after, vi(), &enact)
            .unwrap()
            .blocks,
        vec![]
    );
}

/// A change made by an enacted law (an amending law) puts law in force where law is in force
/// (issue 46): in the enacted Labour Code, a new point under an active clause and a new
/// chapter at the top level are `active`/`enacted`, and so is what is new under the new
/// chapter; under an article kept as a draft, a new clause is a draft. The same change cut
/// from a text (no enacted law) creates drafts, and a draft document stays a draft.
#[test]
fn what_an_enacted_law_creates_is_law_where_its_place_is_law() {
    let enacted = PlanInput {
        enact: true,
        ..input()
    };
    let in_force = apply(
        &[],
        &plan(&cut_of(&labour_code()), &[], vi(), &enacted).unwrap(),
    );
    // Điều 10 was put back to a draft by hand (a stored state the store allows).
    let draft_article: Vec<StoredUnit> = in_force
        .iter()
        .cloned()
        .map(|mut u| {
            if u.canonical_address.ends_with("/dieu-10") {
                u.lifecycle_status = LifecycleStatus::DraftOnly;
                u.authority = Authority::Draft;
            }
            u
        })
        .collect();
    let mut outline = labour_code();
    outline.insert(10, L(2, "khoan", "3", None, "Được hỗ trợ tìm việc làm."));
    outline.insert(18, L(3, "diem", "e", None, "Đình công;"));
    outline.push(L(0, "chuong", "3", Some("Hợp đồng lao động"), ""));
    outline.push(L(
        1,
        "dieu",
        "13",
        Some("Hợp đồng lao động"),
        "Hợp đồng lao động là sự thỏa thuận.",
    ));
    let amending = PlanInput {
        by_enacted_law: true,
        ..input()
    };
    let created =
        |stored: &[StoredUnit], input: &PlanInput| -> Vec<(String, LifecycleStatus, Authority)> {
            plan(&cut_of(&outline), stored, vi(), input)
                .unwrap()
                .blocks
                .iter()
                .filter_map(|b| match b {
                    UnitBlock::Create(c) => Some((
                        c.after.canonical_address[DOC.len() + 1..].to_owned(),
                        c.after.lifecycle_status,
                        c.after.authority,
                    )),
                    _ => None,
                })
                .collect()
        };
    let (active, draft) = (
        (LifecycleStatus::Active, Authority::Enacted),
        (LifecycleStatus::DraftOnly, Authority::Draft),
    );
    let with = |units: &[(&str, (LifecycleStatus, Authority))]| -> Vec<(String, LifecycleStatus, Authority)> {
        units.iter().map(|(a, (l, au))| ((*a).to_owned(), *l, *au)).collect()
    };
    let addresses = [
        "dieu-10/khoan-3",
        "dieu-44/khoan-1/diem-e",
        "chuong-3",
        "dieu-13",
    ];
    assert_eq!(
        created(&draft_article, &amending),
        with(&[
            (addresses[0], draft),
            (addresses[1], active),
            (addresses[2], active),
            (addresses[3], active)
        ])
    );
    assert_eq!(
        created(&in_force, &input()),
        with(&addresses.map(|a| (a, draft)))
    );
    assert_eq!(
        created(&stored_from(&labour_code()), &amending),
        with(&addresses.map(|a| (a, draft)))
    );
}

#[test]
fn an_article_moved_to_another_chapter_keeps_its_address_and_changes_its_parent() {
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
    let art1 = outline.remove(1);
    outline.insert(6, art1); // now the first article of Chương 2
    let m = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();
    let UnitBlock::Update(c) = block(&m, &at(&stored, "dieu-1").id) else {
        panic!()
    };
    // First of Chương 1, now first of Chương 2: its place among its siblings is the same.
    assert_eq!(c.changed, vec![Column::Parent]);
    assert_eq!(
        c.after.parent.as_deref(),
        Some(at(&stored, "chuong-2").id.as_str())
    );
    assert_eq!(actions(&m, Action::Readdress), Vec::<String>::new());
    assert_sound(&stored, &outline, &m);
}

#[test]
fn the_same_inputs_give_byte_identical_manifests() {
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
    outline.remove(4);
    outline[4].2 = "2";
    let one = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();
    let two = plan(&cut_of(&outline), &stored.clone(), vi(), &input()).unwrap();
    assert_eq!(one.to_canonical_json(), two.to_canonical_json());
    assert_eq!(one.sha256(), two.sha256());
    assert!(one
        .to_canonical_json()
        .starts_with(r#"{"blocks":[{"action":"#));
}

#[test]
fn the_manifest_hash_changes_when_any_input_changes() {
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
    outline.remove(4);
    let base = plan(&cut_of(&outline), &stored, vi(), &input())
        .unwrap()
        .sha256();
    let with = |f: &dyn Fn(&mut PlanInput)| {
        let mut i = input();
        f(&mut i);
        plan(&cut_of(&outline), &stored, vi(), &i).unwrap().sha256()
    };
    let variants = [
        with(&|i| i.created_at = "2025-06-20T09:30:01Z".into()),
        with(&|i| i.created_by = "DOT-992".into()),
        with(&|i| i.effective_from = "2025-08-01T00:00:00Z".into()),
        with(&|i| i.source_sha256 = "0".repeat(64)),
        with(&|i| i.enact = true),
        {
            let mut edited = outline.clone();
            edited[1].4 = "Bộ luật Lao động quy định tiêu chuẩn lao động.";
            plan(&cut_of(&edited), &stored, vi(), &input())
                .unwrap()
                .sha256()
        },
        {
            let mut changed = stored.clone();
            changed[0].authority = Authority::Runtime;
            plan(&cut_of(&outline), &changed, vi(), &input())
                .unwrap()
                .sha256()
        },
    ];
    for (i, v) in variants.iter().enumerate() {
        assert_ne!(v, &base, "variant {i} did not change the hash");
    }
}

#[test]
fn a_stored_unit_of_another_document_is_refused_naming_it() {
    let mut stored = stored_from(&labour_code());
    stored[3].document = "doc-168-2024-ndd-cp".into();
    let err = plan(&cut_of(&labour_code()), &stored, vi(), &input()).unwrap_err();
    assert_eq!(
        err,
        PlanError::ForeignStoredUnit {
            unit_id: stored[3].id.clone(),
            document: "doc-168-2024-ndd-cp".into(),
            expected: DOC_ID.into(),
        }
    );
    assert_eq!(err.to_report().code, "foreign-stored-unit");
}

#[test]
fn a_cut_with_error_diagnostics_is_refused_before_it_retires_what_was_not_parsed() {
    let mut cut = cut_of(&labour_code());
    cut.diagnostics.push(Diagnostic {
        severity: Severity::Error,
        code: "unreadable-heading",
        message: "cannot read the heading 'Điều 4 4.'".into(),
        line: 12,
        column: 1,
        offset: 300,
        hint: "write 'Điều 44.'".into(),
        repair: None,
    });
    let err = plan(&cut, &[], vi(), &input()).unwrap_err();
    assert!(
        matches!(
            err,
            PlanError::CutHasErrors {
                count: 1,
                line: 12,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_cut_unit_whose_address_is_not_derived_from_its_place_is_refused() {
    let mut cut = cut_of(&labour_code());
    cut.units[16].canonical_address = "45-2019-qh14/dieu-44/khoan-1/diem-d".into();
    let err = plan(&cut, &[], vi(), &input()).unwrap_err();
    assert_eq!(
        err,
        PlanError::AddressMismatch {
            index: 16,
            line: 17,
            claimed: "45-2019-qh14/dieu-44/khoan-1/diem-d".into(),
            derived: "45-2019-qh14/dieu-44/khoan-1/diem-dd".into(),
        }
    );
}

#[test]
fn chapters_the_cut_addresses_under_their_part_are_planned() {
    let text =
        "Phần thứ nhất\nA\nChương I\nX\nĐiều 1. A\nPhần thứ hai\nB\nChương I\nZ\nĐiều 2. C\n";
    let cut = iu_cutter_core::read::cut::cut(text, "45/2019/QH14", vi());
    assert!(cut
        .units
        .iter()
        .any(|u| u.canonical_address == "45-2019-qh14/phan-2/chuong-1"));
    assert!(plan(&cut, &[], vi(), &input()).is_ok());
    // An article is never addressed under its chapter.
    let mut wrong = cut.clone();
    let i = wrong
        .units
        .iter()
        .position(|u| u.section_type == "dieu")
        .expect("article");
    wrong.units[i].canonical_address = "45-2019-qh14/phan-1/chuong-1/dieu-1".into();
    assert!(matches!(
        plan(&wrong, &[], vi(), &input()),
        Err(PlanError::AddressMismatch { .. })
    ));
}

#[test]
fn invalid_cuts_and_stores_are_refused_with_their_location() {
    let cut = cut_of(&labour_code());
    let mut bad = cut.clone();
    bad.units[5].body.push('!');
    assert!(matches!(
        plan(&bad, &[], vi(), &input()),
        Err(PlanError::ContentHashMismatch {
            index: 5,
            line: 6,
            ..
        })
    ));
    let mut bad = cut.clone();
    bad.units[3].parent = Some(7);
    assert!(matches!(
        plan(&bad, &[], vi(), &input()),
        Err(PlanError::InvalidCutParent {
            index: 3,
            parent: 7,
            ..
        })
    ));
    let mut bad = cut.clone();
    bad.vocabulary = "en".into();
    assert!(matches!(
        plan(&bad, &[], vi(), &input()),
        Err(PlanError::VocabularyMismatch { .. })
    ));
    let mut bad = cut.clone();
    bad.units[3].section_type = "chapter".into();
    assert!(matches!(
        plan(&bad, &[], vi(), &input()),
        Err(PlanError::UnknownSectionType { index: 3, .. })
    ));
    let no_author = PlanInput {
        created_by: " ".into(),
        ..input()
    };
    assert_eq!(
        plan(&cut, &[], vi(), &no_author),
        Err(PlanError::EmptyField {
            field: "created_by"
        })
    );
    let local_time = PlanInput {
        effective_from: "2025-07-01 00:00:00".into(),
        ..input()
    };
    let err = plan(&cut, &[], vi(), &local_time).unwrap_err();
    assert!(
        matches!(
            &err,
            PlanError::InvalidTimestamp {
                field: "effective_from",
                ..
            }
        ),
        "{err}"
    );
    let mut stored = stored_from(&labour_code());
    stored[4].canonical_address = stored[3].canonical_address.clone();
    assert!(matches!(
        plan(&cut, &stored, vi(), &input()),
        Err(PlanError::DuplicateStoredAddress { .. })
    ));
}

#[test]
fn derived_ids_are_version_8_uuids_that_depend_on_document_state_and_address() {
    let id = derive_unit_id(
        DOC_ID,
        &"a".repeat(64),
        "45-2019-qh14/dieu-44/khoan-1/diem-dd",
    );
    assert_eq!(id.len(), 36);
    let parts: Vec<&str> = id.split('-').collect();
    assert_eq!(
        parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
        vec![8, 4, 4, 4, 12]
    );
    assert!(parts[2].starts_with('8'));
    assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
    assert_ne!(
        id,
        derive_unit_id(
            DOC_ID,
            &"b".repeat(64),
            "45-2019-qh14/dieu-44/khoan-1/diem-dd"
        )
    );
    assert_ne!(
        id,
        derive_unit_id(
            DOC_ID,
            &"a".repeat(64),
            "45-2019-qh14/dieu-44/khoan-1/diem-d"
        )
    );
}

// ---------------------------------------------------------------- manifest text

fn edited_manifest() -> (Vec<StoredUnit>, Manifest) {
    let stored = stored_from(&labour_code());
    let mut outline = labour_code();
    outline[16].4 = "Đơn phương chấm dứt hợp đồng lao động theo quy định;";
    outline.remove(5);
    let m = plan(&cut_of(&outline), &stored, vi(), &input()).unwrap();
    (stored, m)
}

#[test]
fn a_manifest_round_trips_through_its_canonical_json_and_hash() {
    let (_, m) = edited_manifest();
    let json = m.to_canonical_json();
    let back = Manifest::from_json(&json, Some(&m.sha256())).unwrap();
    assert_eq!(back, m);
    assert_eq!(back.to_canonical_json(), json);
    // Pretty-printed JSON is the same manifest.
    let pretty = serde_json::to_string_pretty(&m).unwrap();
    assert_eq!(Manifest::from_json(&pretty, Some(&m.sha256())).unwrap(), m);
}

#[test]
fn a_manifest_changed_after_hashing_is_refused_with_both_hashes() {
    let (_, m) = edited_manifest();
    let tampered = m
        .to_canonical_json()
        .replace("theo quy định;", "theo thỏa thuận;");
    let err = Manifest::from_json(&tampered, Some(&m.sha256())).unwrap_err();
    let ManifestError::Sha256Mismatch { claimed, computed } = &err else {
        panic!("{err}")
    };
    assert_eq!(claimed, &m.sha256());
    assert_eq!(computed, &iu_cutter_core::text::hash::sha256_hex(&tampered));
    assert_eq!(err.to_report().code, "sha256-mismatch");
    // Re-hashed by the forger, the block's own image hash still gives it away.
    let err = Manifest::from_json(&tampered, None).unwrap_err();
    assert!(
        matches!(&err, ManifestError::ImageHashMismatch { side: "after", .. }),
        "{err}"
    );
}

#[test]
fn a_manifest_text_with_foreign_fields_or_format_is_refused_naming_the_field() {
    let (_, m) = edited_manifest();
    let mut value = serde_json::to_value(&m).unwrap();
    value["envelope"]["approved_by"] = "DOT-992".into();
    let err = Manifest::from_json(&value.to_string(), None).unwrap_err();
    assert_eq!(
        err,
        ManifestError::ShapeMismatch {
            path: "/envelope/approved_by".into(),
            expected: "nothing".into(),
            found: "\"DOT-992\"".into(),
        }
    );
    let mut value = serde_json::to_value(&m).unwrap();
    value["envelope"]["format"] = "iu-cutter-manifest-v0".into();
    assert_eq!(
        Manifest::from_json(&value.to_string(), None).unwrap_err(),
        ManifestError::UnsupportedFormat {
            found: "iu-cutter-manifest-v0".into()
        }
    );
    assert!(matches!(
        Manifest::from_json("{\"envelope\":", None),
        Err(ManifestError::InvalidJson { line: 1, .. })
    ));
}

#[test]
fn hand_edited_counts_and_order_are_refused() {
    let (_, m) = edited_manifest();
    let mut wrong = m.clone();
    wrong.envelope.counts.retire += 1;
    assert!(matches!(
        Manifest::from_json(&wrong.to_canonical_json(), None),
        Err(ManifestError::CountMismatch {
            action: "retire",
            ..
        })
    ));
    // Reversed, the edited manifest's two blocks (units of different parents) are still in an
    // order its blocks alone allow; a first cut's are not: a child comes before its parent.
    let first = plan(&cut_of(&labour_code()), &[], vi(), &input()).unwrap();
    let mut wrong = first.clone();
    wrong.blocks.reverse();
    assert!(matches!(
        wrong.check(),
        Err(ManifestError::Unsorted { index: 0, .. })
    ));
    // Siblings out of order, every parent still first: Điều 1 and Điều 2 swapped.
    let mut wrong = first.clone();
    let i = wrong
        .blocks
        .iter()
        .position(|b| b.image().canonical_address.ends_with("/dieu-1"))
        .unwrap();
    wrong.blocks.swap(i, i + 1);
    assert!(matches!(wrong.check(), Err(ManifestError::Unsorted { .. })));
}

// ---------------------------------------------------------------- gates

#[test]
fn cut_gates_pass_for_the_approved_manifest_on_an_unchanged_store() {
    let (stored, m) = edited_manifest();
    let report = cut_gates(&m, &m.sha256().to_uppercase(), &stored);
    assert!(report.passed, "{report}");
    assert_eq!(
        report
            .gates
            .iter()
            .map(|g| g.name.as_str())
            .collect::<Vec<_>>(),
        vec!["manifest-approved", "base-unchanged", "before-images-match"]
    );
    let result = result_gates(&m, &stored, &vi().section_types);
    assert!(result.passed, "{result}");
    assert_eq!(result.gates.len(), 6);
}

#[test]
fn cut_gates_fail_listing_every_unit_edited_since_the_plan() {
    let (mut stored, m) = edited_manifest();
    let dd = stored
        .iter()
        .position(|u| u.canonical_address.ends_with("diem-dd"))
        .unwrap();
    let expected_before = iu_cutter_core::change::manifest::unit_image_sha256(&stored[dd]);
    stored[dd].body.push_str(" (sửa trực tiếp)");
    let found = iu_cutter_core::change::manifest::unit_image_sha256(&stored[dd]);
    let report = cut_gates(&m, &m.sha256(), &stored);
    assert!(!report.passed);
    let failed: Vec<&str> = report.failures().map(|g| g.name.as_str()).collect();
    assert_eq!(failed, vec!["base-unchanged", "before-images-match"]);
    let images = &report.gates[2];
    assert_eq!(images.verdict, Verdict::Fail);
    assert_eq!(images.found, serde_json::json!([stored[dd].id]));
    assert_eq!(
        images.evidence,
        format!(
            "1 of {} block(s) find their unit changed since the plan: unit {} (45-2019-qh14/dieu-44/khoan-1/diem-dd): expected before-image {expected_before}, found {found}",
            m.blocks.len(),
            stored[dd].id
        )
    );
    assert!(report.to_string().contains("FAIL before-images-match"));
}

#[test]
fn cut_gates_fail_for_a_manifest_other_than_the_approved_one() {
    let (stored, m) = edited_manifest();
    let report = cut_gates(&m, &"0".repeat(64), &stored);
    let gate = &report.gates[0];
    assert_eq!(gate.verdict, Verdict::Fail);
    assert_eq!(gate.expected, serde_json::json!("0".repeat(64)));
    assert_eq!(gate.found, serde_json::json!(m.sha256()));
    assert!(gate.evidence.contains("not the manifest that was reviewed"));
}

#[test]
fn cut_gates_notice_a_deleted_unit_and_a_unit_created_behind_the_plan() {
    let (mut stored, m) = edited_manifest();
    let retired = m
        .blocks
        .iter()
        .find(|b| b.action() == Action::Retire)
        .unwrap()
        .unit_id()
        .to_string();
    stored.retain(|u| u.id != retired);
    let report = cut_gates(&m, &m.sha256(), &stored);
    assert!(
        report.gates[2].evidence.contains("found no such unit"),
        "{report}"
    );
}

#[test]
fn result_gates_fail_when_the_result_breaks_a_check() {
    let (stored, m) = edited_manifest();
    let mut types = vi().section_types.clone();
    types.iter_mut().find(|t| t.code == "diem").unwrap().active = false;
    let report = result_gates(&m, &stored, &types);
    let failed: Vec<&str> = report.failures().map(|g| g.name.as_str()).collect();
    assert_eq!(failed, vec!["q-chk-1"]);
    assert!(
        report.gates[0].evidence.contains("fails for 5 unit(s)"),
        "{report}"
    );
}

#[test]
fn gate_helpers_state_expected_and_found() {
    let g = Gate::equal("row-count logical_unit", 18, 18);
    assert_eq!(g.verdict, Verdict::Pass);
    assert_eq!(g.to_string(), "PASS row-count logical_unit: 18 as expected");
    let g = Gate::equal(
        "schema logical_unit.canonical_address",
        "varchar(255) not null unique",
        "varchar(255)",
    );
    assert_eq!(
        g.to_string(),
        "FAIL schema logical_unit.canonical_address: expected \"varchar(255) not null unique\", found \"varchar(255)\""
    );
    let g = Gate::check(
        "two-person rule",
        false,
        "verifier DOT-991 is the executor of the change set",
    );
    assert_eq!(
        (g.expected.clone(), g.found.clone()),
        (true.into(), false.into())
    );
    assert!(!g.passed());
}
