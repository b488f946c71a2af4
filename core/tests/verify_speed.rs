//! Speed of VERIFY and the planner on a 100 000-unit document, as a table to compare
//! between runs: `IU_MEASURE=1 cargo test -p iu-cutter-core --release --test all verify_speed:: -- --ignored --nocapture`
//! (without `IU_MEASURE`, each step runs once: the checks without the best-of timings).

use std::time::{Duration, Instant};

use iu_cutter_core::change::manifest::unit_image_sha256;
use iu_cutter_core::change::plan::{apply, plan, PlanInput};
use iu_cutter_core::change::verify::{verify, DocumentRef, VerifyInput};
use iu_cutter_core::read::cut::Cut;
use iu_cutter_core::store::unit::{content_digest, derived_address, CutUnit};
use iu_cutter_core::text::vocabulary::default_vocabulary;

const DOC: &str = "45-2019-qh14";
const DOC_ID: &str = "doc-45-2019-qh14";

/// `articles` articles of 4 clauses of 4 points: 21 units per article.
fn big_cut(articles: usize) -> Cut {
    let vi = default_vocabulary("vi").expect("vi ships");
    let mut units: Vec<CutUnit> = Vec::with_capacity(articles * 21);
    let add = |units: &mut Vec<CutUnit>,
               parent: Option<usize>,
               code: &str,
               ordinal: String,
               body: String| {
        let t = vi.by_code(code).expect("type");
        let address = derived_address(
            DOC,
            parent.map(|p| units[p].canonical_address.as_str()),
            t,
            &ordinal,
        );
        let n = units.len() as u32 + 1;
        units.push(CutUnit {
            section_type: code.into(),
            content_sha256: content_digest(None, &body),
            ordinal: ordinal.into(),
            heading: None,
            body,
            parent,
            position: n,
            canonical_address: address,
            line: n,
            status: None,
            notes: Vec::new(),
        });
        units.len() - 1
    };
    for a in 1..=articles {
        let art = add(
            &mut units,
            None,
            "dieu",
            a.to_string(),
            format!("Điều {a} quy định về quyền của người lao động."),
        );
        for k in 1..=4 {
            let clause = add(
                &mut units,
                Some(art),
                "khoan",
                k.to_string(),
                format!("Khoản {k} Điều {a}: người lao động có các quyền sau đây:"),
            );
            for (p, letter) in ["a", "b", "c", "dd"].iter().enumerate() {
                add(
                    &mut units,
                    Some(clause),
                    "diem",
                    letter.to_string(),
                    format!("Điểm {p} khoản {k} Điều {a}: đơn phương chấm dứt hợp đồng lao động;"),
                );
            }
        }
    }
    Cut {
        doc: DOC.into(),
        vocabulary: "vi".into(),
        units,
        diagnostics: vec![],
    }
}

/// The best of `runs` timings when `IU_MEASURE` is set (the table above), else one run: `npm test` runs this test
/// for its checks, which one run makes, and nobody reads its timings there (a tenth of the core's test time).
fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    let runs = if std::env::var_os("IU_MEASURE").is_some() {
        runs
    } else {
        1
    };
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
#[ignore = "measurement: run in release with --ignored --nocapture"]
fn verify_and_plan_speed_on_100k_units() {
    let vi = default_vocabulary("vi").expect("vi ships");
    let cut = big_cut(4_800);
    let input = PlanInput {
        document_id: DOC_ID.into(),
        source_sha256: "0".repeat(64),
        effective_from: "2025-07-01T00:00:00Z".into(),
        created_at: "2025-06-20T09:30:00Z".into(),
        created_by: "DOT-991".into(),
        enact: false,
        by_enacted_law: false,
        scope: None,
    };
    let first = plan(&cut, &[], vi, &input).expect("plan");
    let stored = apply(&[], &first);
    let documents = [DocumentRef {
        id: DOC_ID.into(),
        slug: DOC.into(),
    }];
    let expected = first.expected_after_images();
    let n = stored.len();

    let mut rows: Vec<(&str, Duration)> = Vec::new();
    let input_v = VerifyInput::new(&documents, &vi.section_types, &stored);
    rows.push((
        "verify (Q-CHK-1..3, UNIQUE, TREE, CONTENT)",
        best_of(5, || assert!(verify(&input_v).passed)),
    ));
    let with_cs =
        VerifyInput::new(&documents, &vi.section_types, &stored).with_change_set(&expected);
    rows.push((
        "verify + CHANGESET of every unit",
        best_of(5, || assert!(verify(&with_cs).passed)),
    ));
    rows.push((
        "unit_image_sha256 of every unit",
        best_of(5, || {
            let total: usize = stored.iter().map(|u| unit_image_sha256(u).len()).sum();
            assert_eq!(total, 64 * n);
        }),
    ));
    rows.push((
        "plan into an empty store",
        best_of(3, || {
            assert_eq!(plan(&cut, &[], vi, &input).unwrap().blocks.len(), n)
        }),
    ));
    rows.push((
        "plan an identical cut (0 blocks)",
        best_of(3, || {
            assert!(plan(&cut, &stored, vi, &input).unwrap().blocks.is_empty())
        }),
    ));
    rows.push((
        "manifest sha256 (all creates)",
        best_of(3, || assert_eq!(first.sha256().len(), 64)),
    ));

    println!("\n{n} units");
    println!("{:<46} {:>10}", "operation", "best ms");
    for (name, d) in rows {
        println!("{name:<46} {:>10.1}", d.as_secs_f64() * 1000.0);
    }
}
