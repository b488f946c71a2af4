//! Properties of plan → gates → apply → verify over random small documents:
//! planning never panics, and every manifest, applied, leaves a store that VERIFY
//! passes and that the same cut would not change again. Every manifest also runs
//! step by step through the model executor (UNIQUE and RESTRICT foreign keys after
//! every statement), its rollback gives back the store unit for unit, and a scope of
//! every address plans the same blocks plus a confirm for each untouched unit.

use proptest::prelude::*;

use iu_cutter_core::change::gate::{cut_gates, result_gates};
use iu_cutter_core::change::manifest::{base_sha256, result_sha256, Action, Manifest, WriteStep};
use iu_cutter_core::change::plan::{apply, plan, PlanInput};
use iu_cutter_core::change::rollback::{rollback, RollbackInput};
use iu_cutter_core::change::verify::{verify, DocumentRef, VerifyInput};
use iu_cutter_core::read::cut::Cut;
use iu_cutter_core::store::unit::{
    content_digest, content_sha256, derived_address, Authority, CutUnit, LifecycleStatus,
    StoredUnit,
};
use iu_cutter_core::text::hash::Sha256Hex;
use iu_cutter_core::text::vocabulary::{default_vocabulary, Vocabulary};

use crate::plan_common;

const DOC: &str = "45-2019-qh14";
const DOC_ID: &str = "doc-45-2019-qh14";

const ARTICLES: &[&str] = &["1", "2", "3", "10", "10a", "11", "44"];
const CLAUSES: &[&str] = &["1", "2", "3", "4"];
const POINTS: &[&str] = &["a", "b", "c", "d", "dd"];
// Few texts, so that equal contents (renumbering) and partial overlaps (splits) happen often.
const BODIES: &[&str] = &[
    "Người lao động, người học nghề và người làm việc không có quan hệ lao động.",
    "Người lao động, người học nghề.",
    "Người làm việc không có quan hệ lao động.",
    "Người sử dụng lao động.",
    "Bãi bỏ.",
    "",
];
const HEADINGS: &[&str] = &[
    "Phạm vi điều chỉnh",
    "Đối tượng áp dụng",
    "Giải thích từ ngữ",
];

fn vi() -> &'static Vocabulary {
    default_vocabulary("vi").expect("vi ships")
}

#[derive(Debug, Clone)]
struct Point(usize, usize);
#[derive(Debug, Clone)]
struct Clause(usize, usize, Vec<Point>);
#[derive(Debug, Clone)]
struct Article {
    /// 0 and 1: Chương 1 and 2; 2: no chapter.
    chapter: usize,
    /// Under Mục 1 or 2 of its chapter, or directly under the chapter.
    section: Option<usize>,
    ordinal: usize,
    heading: usize,
    body: usize,
    clauses: Vec<Clause>,
}

fn article() -> impl Strategy<Value = Article> {
    let point = (0..POINTS.len(), 0..BODIES.len()).prop_map(|(o, b)| Point(o, b));
    let clause = (
        0..CLAUSES.len(),
        0..BODIES.len(),
        prop::collection::vec(point, 0..3),
    )
        .prop_map(|(o, b, p)| Clause(o, b, p));
    (
        (0..3usize, prop::option::of(0..2usize)),
        0..ARTICLES.len(),
        0..HEADINGS.len(),
        0..BODIES.len(),
        prop::collection::vec(clause, 0..4),
    )
        .prop_map(
            |((chapter, section), ordinal, heading, body, clauses)| Article {
                chapter,
                section,
                ordinal,
                heading,
                body,
                clauses,
            },
        )
}

fn text() -> impl Strategy<Value = Vec<Article>> {
    prop::collection::vec(article(), 0..6)
}

struct Builder {
    units: Vec<CutUnit>,
}

impl Builder {
    fn add(
        &mut self,
        parent: Option<usize>,
        code: &str,
        ordinal: &str,
        heading: Option<&str>,
        body: &str,
    ) -> usize {
        let t = vi().by_code(code).expect("type");
        let canonical_address = derived_address(
            DOC,
            parent.map(|p| self.units[p].canonical_address.as_str()),
            t,
            ordinal,
        );
        let n = self.units.len() as u32 + 1;
        self.units.push(CutUnit {
            section_type: code.into(),
            ordinal: ordinal.into(),
            heading: heading.map(str::to_string),
            body: body.into(),
            parent,
            // Its place among its siblings (issue 30).
            position: self.units.iter().filter(|u| u.parent == parent).count() as u32 + 1,
            canonical_address,
            content_sha256: content_digest(heading, body),
            line: n,
            status: None,
            notes: Vec::new(),
        });
        self.units.len() - 1
    }
}

/// A valid cut: articles without a chapter first, then Chương 1 and 2, each with its
/// articles directly under it and then under its Mục 1 and 2; ordinals unique among
/// siblings (repeats dropped).
fn cut_of(articles: &[Article]) -> Cut {
    let mut b = Builder { units: Vec::new() };
    let mut seen_articles = std::collections::HashSet::new();
    for chapter in [2, 0, 1] {
        let chapter_unit =
            (chapter < 2 && articles.iter().any(|a| a.chapter == chapter)).then(|| {
                b.add(
                    None,
                    "chuong",
                    &(chapter + 1).to_string(),
                    Some("Chương"),
                    "",
                )
            });
        for section in [None, Some(0), Some(1)] {
            let mut section_unit = None;
            let group = articles
                .iter()
                .filter(|a| a.chapter == chapter && (chapter == 2 || a.section == section));
            for a in group {
                if !seen_articles.insert(a.ordinal) {
                    continue;
                }
                let parent = match (chapter_unit, section) {
                    (Some(ch), Some(m)) => Some(*section_unit.get_or_insert_with(|| {
                        b.add(Some(ch), "muc", &(m + 1).to_string(), Some("Mục"), "")
                    })),
                    (ch, _) => ch,
                };
                let art = b.add(
                    parent,
                    "dieu",
                    ARTICLES[a.ordinal],
                    Some(HEADINGS[a.heading]),
                    BODIES[a.body],
                );
                let mut seen_clauses = std::collections::HashSet::new();
                for Clause(o, body, points) in &a.clauses {
                    if !seen_clauses.insert(*o) {
                        continue;
                    }
                    let k = b.add(Some(art), "khoan", CLAUSES[*o], None, BODIES[*body]);
                    let mut seen_points = std::collections::HashSet::new();
                    for Point(o, body) in points {
                        if seen_points.insert(*o) {
                            b.add(Some(k), "diem", POINTS[*o], None, BODIES[*body]);
                        }
                    }
                }
            }
        }
    }
    Cut {
        doc: DOC.into(),
        vocabulary: "vi".into(),
        units: b.units,
        diagnostics: vec![],
    }
}

fn input(enact: bool, step: usize) -> PlanInput {
    PlanInput {
        document_id: DOC_ID.into(),
        source_sha256: format!("{step:064}"),
        effective_from: "2025-07-01T00:00:00Z".into(),
        created_at: format!("2025-06-2{step}T09:30:00Z"),
        created_by: "DOT-991".into(),
        enact,
        // Every other step as an amending law's change (created units in force where their place is).
        by_enacted_law: step.is_multiple_of(2),
        scope: None,
    }
}

/// One governed CUT: plan, check the manifest text, gates, apply, verify, re-plan.
fn cut_once(
    stored: &[StoredUnit],
    articles: &[Article],
    enact: bool,
    step: usize,
) -> Result<Vec<StoredUnit>, TestCaseError> {
    let cut = cut_of(articles);
    let m = plan(&cut, stored, vi(), &input(enact, step))
        .map_err(|e| TestCaseError::fail(format!("plan refused a valid cut: {e}")))?;
    let sha = m.sha256();
    let back = Manifest::from_json(&m.to_canonical_json(), Some(&sha));
    prop_assert_eq!(back.as_ref(), Ok(&m));
    let gates = cut_gates(&m, &sha, stored).and(result_gates(&m, stored, &vi().section_types));
    prop_assert!(gates.passed, "{}", gates);
    writes_as_the_envelope_says(&m)?;
    let after = apply(stored, &m);
    prop_assert_eq!(
        result_sha256(DOC_ID, stored, &m),
        base_sha256(DOC_ID, &after)
    );
    let executed = plan_common::execute(stored, &m).map_err(TestCaseError::fail)?;
    prop_assert_eq!(&executed, &after);
    let documents = [DocumentRef {
        id: DOC_ID.into(),
        slug: DOC.into(),
    }];
    let expected = m.expected_after_images();
    let report = verify(
        &VerifyInput::new(&documents, &vi().section_types, &after).with_change_set(&expected),
    );
    prop_assert!(report.passed, "{}\n{:#?}", report, m.blocks);
    let live = after
        .iter()
        .filter(|u| u.lifecycle_status != LifecycleStatus::Retired)
        .count();
    prop_assert_eq!(live, cut.units.len());
    let again = plan(&cut, &after, vi(), &input(enact, step))
        .map_err(|e| TestCaseError::fail(format!("re-plan refused: {e}")))?;
    prop_assert!(
        again.blocks.is_empty(),
        "re-plan changed {:#?}",
        again.blocks
    );

    // The rollback is a CUT like any other and gives back the store, in order.
    let undo = RollbackInput {
        created_at: format!("2025-07-0{step}T09:30:00Z"),
        created_by: "DOT-991".into(),
        effective_from: "2025-07-01T00:00:00Z".into(),
    };
    let rb = rollback(&m, &after, &undo)
        .map_err(|e| TestCaseError::fail(format!("rollback refused: {e}")))?;
    let gates =
        cut_gates(&rb, &rb.sha256(), &after).and(result_gates(&rb, &after, &vi().section_types));
    prop_assert!(gates.passed, "{}", gates);
    writes_as_the_envelope_says(&rb)?;
    prop_assert_eq!(
        result_sha256(DOC_ID, &after, &rb),
        base_sha256(DOC_ID, stored)
    );
    let restored = plan_common::execute(&after, &rb).map_err(TestCaseError::fail)?;
    prop_assert_eq!(&restored, stored);
    prop_assert_eq!(&apply(&after, &rb), stored);
    let expected = rb.expected_after_images();
    let report = verify(
        &VerifyInput::new(&documents, &vi().section_types, &restored).with_change_set(&expected),
    );
    prop_assert!(report.passed, "{}", report);

    // Scoped to every address, the plan is the same blocks plus a confirm per untouched unit.
    let mut everything: Vec<String> = stored
        .iter()
        .map(|u| u.canonical_address.clone())
        .chain(cut.units.iter().map(|u| u.canonical_address.clone()))
        .collect();
    everything.sort();
    everything.dedup();
    if !everything.is_empty() {
        let scoped = PlanInput {
            scope: Some(everything),
            ..input(enact, step)
        };
        let s = plan(&cut, stored, vi(), &scoped)
            .map_err(|e| TestCaseError::fail(format!("scoped plan refused: {e}")))?;
        let changes: Vec<_> = s
            .blocks
            .iter()
            .filter(|b| b.action() != Action::Confirm)
            .cloned()
            .collect();
        prop_assert_eq!(&changes, &m.blocks);
        writes_as_the_envelope_says(&s)?;
        let touched = m.blocks.iter().filter(|b| b.before().is_some()).count();
        prop_assert_eq!(s.envelope.counts.confirm, stored.len() - touched);
        prop_assert_eq!(
            plan_common::execute(stored, &s).map_err(TestCaseError::fail)?,
            after.clone()
        );
    }
    Ok(after)
}

/// When the envelope says the writes go in block order (what a CUT relies on to write units
/// while it still checks the blocks), they are a write of every block but the confirms, in order.
fn writes_as_the_envelope_says(m: &Manifest) -> Result<(), TestCaseError> {
    if m.envelope.writes_in_block_order() {
        let in_order: Vec<WriteStep> = m
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.action() != Action::Confirm)
            .map(|(block, b)| WriteStep::Write {
                block,
                unit_id: b.unit_id().into(),
            })
            .collect();
        prop_assert_eq!(m.write_steps(), in_order);
    }
    // The check of a read manifest: whether its steps are the blocks in order, whatever its counts say.
    let in_order = m.write_steps().iter().enumerate().all(|(i, s)| {
        matches!(s, WriteStep::Write { block, .. } if Some(block) == m.blocks.iter().enumerate().filter(|(_, b)| b.action() != Action::Confirm).nth(i).map(|(j, _)| j).as_ref())
    }) && m.write_steps().len() == m.blocks.iter().filter(|b| b.action() != Action::Confirm).count();
    prop_assert_eq!(m.writes_in_block_order(), in_order);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn three_successive_cuts_each_leave_a_store_that_verifies(
        a in text(), b in text(), c in text(), enact in any::<(bool, bool, bool)>()
    ) {
        let s1 = cut_once(&[], &a, enact.0, 1)?;
        let s2 = cut_once(&s1, &b, enact.1, 2)?;
        cut_once(&s2, &c, enact.2, 3)?;
    }

    #[test]
    fn plan_and_verify_never_panic_on_arbitrary_stores(
        b in text(),
        mutation in prop::option::of((any::<prop::sample::Index>(), 0..40usize, 0..4usize)),
        junk in prop::collection::vec(
            (0..6usize, prop::option::of(0..7usize), 0..2usize, 0..5usize, 0..3usize, 0..5usize, 0..3usize, any::<bool>()),
            0..12,
        ),
    ) {
        const TYPES: &[&str] = &["chuong", "dieu", "khoan", "diem", "tiet"];
        const ADDRESSES: &[&str] = &[
            "45-2019-qh14/dieu-1", "45-2019-qh14/dieu-2", "45-2019-qh14/dieu-1/khoan-1",
            "45-2019-qh14/chuong-1", "45-2019-QH14/dieu-1",
        ];
        let stored: Vec<StoredUnit> = junk
            .iter()
            .map(|&(id, parent, doc, ty, ord, addr, life, heading)| StoredUnit {
                id: format!("u{id}"),
                document: if doc == 0 { DOC_ID.into() } else { "doc-other".into() },
                section_type: TYPES[ty].into(),
                parent: parent.map(|p| format!("u{p}")),
                ordinal: ["1", "2", "10a"][ord].into(),
                heading: heading.then(|| "Phạm vi điều chỉnh".into()),
                body: BODIES[addr].into(),
                content_sha256: content_sha256(None, BODIES[addr]),
                position: id as u32,
                canonical_address: ADDRESSES[addr].into(),
                canonical_address_format_version: "canonical-address-v1".into(),
                lifecycle_status: [LifecycleStatus::DraftOnly, LifecycleStatus::Active, LifecycleStatus::Retired][life],
                authority: Authority::Runtime,
            })
            .collect();
        let documents = [DocumentRef { id: DOC_ID.into(), slug: DOC.into() }];
        let _ = verify(&VerifyInput::new(&documents, &vi().section_types, &stored));
        let mut cut = cut_of(&b);
        // Sometimes break the cut itself: a parent index, an ordinal, a type or a hash.
        if let Some((i, n, what)) = mutation {
            if !cut.units.is_empty() {
                let at = i.index(cut.units.len());
                let u = &mut cut.units[at];
                match what {
                    0 => u.parent = Some(n),
                    1 => u.ordinal = format!("{n}").into(),
                    2 => u.section_type = TYPES[n % TYPES.len()].into(),
                    _ => u.content_sha256 = Sha256Hex::parse(&format!("{n:064}")).unwrap_or_default(),
                }
            }
        }
        if let Ok(m) = plan(&cut, &stored, vi(), &input(false, 1)) {
            let after = apply(&stored, &m);
            let _ = verify(&VerifyInput::new(&documents, &vi().section_types, &after));
            let _ = cut_gates(&m, &m.sha256(), &stored);
            let _ = m.write_steps();
        }
    }
}
