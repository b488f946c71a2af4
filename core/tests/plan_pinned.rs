//! The planner's output on the benchmark act, pinned: the sha256 of every manifest below
//! was computed before the plan was made faster (issue 17), so a faster planner is proven
//! to give the same bytes — unchanged, amended (renumbering cascade, insertion, split,
//! repeal), enacted, scoped, and planned back (revivals) — not assumed to.
//!
//! The 100k-unit act (the bench's) takes seconds in a debug build, so it runs in release
//! only (`cargo test --release -p iu-cutter-core --test all plan_pinned::`); a smaller act of the
//! same shape always runs. The pins were computed at commit c1abb33, and again for issue 30
//! (manifest format v2: sibling positions, blocks in document order).

use iu_cutter_core::change::manifest::{Action, AliasKind, Manifest};
use iu_cutter_core::change::plan::{apply, plan, PlanInput};
use iu_cutter_core::read::cut::{cut, Cut};
use iu_cutter_core::read::sample::generated_act;
use iu_cutter_core::store::unit::StoredUnit;
use iu_cutter_core::text::vocabulary::{default_vocabulary, Vocabulary};

fn vi() -> &'static Vocabulary {
    default_vocabulary("vi").expect("vi ships")
}

fn cut_vi(text: &str) -> Cut {
    let c = cut(text, "45/2019/QH14", vi());
    assert!(c
        .diagnostics
        .iter()
        .all(|d| d.severity != iu_cutter_core::text::diagnostic::Severity::Error));
    c
}

// The bench's input (core/benches/core.rs `stored_units`).
fn input(text: &str) -> PlanInput {
    PlanInput {
        document_id: "0b6c8f8e-3a4b-4c55-9d3e-5f1e2d3c4b5a".into(),
        source_sha256: iu_cutter_core::text::hash::sha256_hex(text),
        effective_from: "2026-01-01T00:00:00Z".into(),
        created_at: "2026-01-01T00:00:00Z".into(),
        created_by: "bench".into(),
        enact: false,
        by_enacted_law: false,
        scope: None,
    }
}

/// tests/support/workflow.js `amend()`: Điều 10 … renumbered to Điều 11 … (a cascade) with a
/// new Điều 10a, khoản 2 of Điều 3 split in two (the old khoản 3 becomes khoản 4), Điều 5
/// repealed.
fn amend(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut article = 0u32;
    let mut skipping = false;
    for line in text.split('\n') {
        if let Some((n, rest)) = line
            .strip_prefix("Điều ")
            .and_then(|l| l.split_once(". "))
            .and_then(|(n, rest)| Some((n.parse::<u32>().ok()?, rest)))
        {
            article = n;
            skipping = article == 5;
            if skipping {
                continue;
            }
            if article == 10 {
                out.extend(
                    [
                        "Điều 10a. Quản lý tài sản số",
                        "1. Tài sản số của cơ quan nhà nước được quản lý như tài sản công.",
                        "2. Chính phủ quy định chi tiết Điều này.",
                        "",
                    ]
                    .map(String::from),
                );
            }
            if article >= 10 {
                out.push(format!("Điều {}. {rest}", article + 1));
                continue;
            }
        } else if line.starts_with("Chương ") {
            skipping = false;
        }
        if skipping {
            continue;
        }
        let clause = line
            .split_once(". ")
            .and_then(|(n, rest)| Some((n.parse::<u32>().ok()?, rest)));
        if let (3, Some((n, rest))) = (article, clause) {
            if n == 2 {
                let words: Vec<&str> = rest.split(' ').collect();
                let half = words.len().div_ceil(2);
                out.push(format!("2. {}", words[..half].join(" ")));
                out.push(format!("3. {}", words[half..].join(" ")));
                continue;
            }
            if n > 2 {
                out.push(format!("{}. {rest}", n + 1));
                continue;
            }
        }
        out.push(line.to_string());
    }
    out.join("\n")
}

/// Every plan of the scenario, named, with its manifest's sha256 and block count.
fn scenario(chapters: u32, articles: u32, clauses: u32, points: u32) -> Vec<(String, String)> {
    let text = generated_act(chapters, articles, clauses, points);
    let amended = amend(&text);
    let (original, changed) = (cut_vi(&text), cut_vi(&amended));
    let mut out = Vec::new();
    let mut pin = |name: &str, m: &Manifest| {
        out.push((format!("{name} ({} blocks)", m.blocks.len()), m.sha256()));
    };
    let vi = vi();

    let first = plan(&original, &[], vi, &input(&text)).expect("first cut");
    pin("first cut into an empty store", &first);
    let stored: Vec<StoredUnit> = apply(&[], &first);

    let unchanged = plan(&original, &stored, vi, &input(&text)).expect("unchanged");
    assert!(unchanged.blocks.is_empty());
    pin("unchanged", &unchanged);

    let m = plan(&changed, &stored, vi, &input(&amended)).expect("amended");
    for action in [
        Action::Create,
        Action::Readdress,
        Action::Update,
        Action::Retire,
    ] {
        assert!(m.blocks.iter().any(|b| b.action() == action), "{action}");
    }
    assert!(m
        .blocks
        .iter()
        .any(|b| b.aliases().iter().any(|a| a.alias_kind == AliasKind::Split)));
    pin("amended", &m);
    let after_amendment = apply(&stored, &m);

    let enact = PlanInput {
        enact: true,
        ..input(&amended)
    };
    pin(
        "amended and enacted",
        &plan(&changed, &stored, vi, &enact).expect("enacted"),
    );
    pin(
        "unchanged and enacted",
        &plan(
            &original,
            &stored,
            vi,
            &PlanInput {
                enact: true,
                ..input(&text)
            },
        )
        .expect("enacted"),
    );

    let scope = |addresses: &[&str]| PlanInput {
        scope: Some(
            addresses
                .iter()
                .map(|a| format!("45-2019-qh14/{a}"))
                .collect(),
        ),
        ..input(&amended)
    };
    pin(
        "unchanged, scoped",
        &plan(
            &original,
            &stored,
            vi,
            &PlanInput {
                scope: Some(vec![
                    "45-2019-qh14/dieu-7/khoan-1".into(),
                    "45-2019-qh14/dieu-2".into(),
                ]),
                ..input(&text)
            },
        )
        .expect("scoped"),
    );
    pin(
        "amended, scoped",
        &plan(
            &changed,
            &stored,
            vi,
            &scope(&[
                "dieu-3/khoan-2",
                "dieu-3/khoan-3",
                "dieu-5",
                "dieu-10a",
                "dieu-8",
            ]),
        )
        .expect("scoped"),
    );

    pin(
        "planned back (revivals)",
        &plan(&original, &after_amendment, vi, &input(&text)).expect("back"),
    );
    pin(
        "amended again, unchanged",
        &plan(&changed, &after_amendment, vi, &input(&amended)).expect("again"),
    );
    out
}

fn check(actual: Vec<(String, String)>, pinned: &[(&str, &str)]) {
    let actual: Vec<(&str, &str)> = actual
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    assert_eq!(actual, pinned);
}

#[test]
fn the_small_act_plans_to_the_pinned_manifests() {
    check(scenario(2, 20, 3, 2), SMALL);
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "minutes in a debug build: npm test runs it optimized (profile ci), or run with --release"
)]
fn the_bench_act_plans_to_the_pinned_manifests() {
    check(scenario(20, 500, 3, 2), BENCH);
}

const SMALL: &[(&str, &str)] = &[
    (
        "first cut into an empty store (402 blocks)",
        "58fde320f8a1eff1f3adbb471680554a2339c3ce3c146e94f9e41e708dedb941",
    ),
    (
        "unchanged (0 blocks)",
        "4cb6c29658d2061c32ee231b615776f957fd27752e27a432d89c39aa6b63d852",
    ),
    (
        "amended (334 blocks)",
        "c9bcfa11fe14c22e4a04e65e44d055d1a50218c48bcfdaf0eb1cf020694ce921",
    ),
    (
        "amended and enacted (406 blocks)",
        "ba9a1463ef2823c2a0011f9e8934d2219dcaef58b1d548386b9c67dc9f00e33b",
    ),
    (
        "unchanged and enacted (402 blocks)",
        "4c3e00f74f74e76763e09a3a1853b7e3a6b4b0a3b6d6ea89f3006822a90af722",
    ),
    (
        "unchanged, scoped (2 blocks)",
        "410e787fbef2165fe119a2d0737522ecea0fb4127b64cf8bb868c360fcc4acf1",
    ),
    (
        "amended, scoped (6 blocks)",
        "48c82f829a9cfea27c4edb3cf13a93cfbdf06474d04b2c6f03d737f5a3fb6ce1",
    ),
    (
        "planned back (revivals) (334 blocks)",
        "2e1701103b6a20f51a84edf9a249eac983f8cc6549dc44a1d570732b324cc40b",
    ),
    (
        "amended again, unchanged (0 blocks)",
        "db6695789e04daf6a2a77cdf63261d970ad60145c7b1d89de012864f6bdfd64b",
    ),
];

const BENCH: &[(&str, &str)] = &[
    (
        "first cut into an empty store (100020 blocks)",
        "8de2bb64636e1485536bb4a664373e2977f149c85cb1fdc1bc9bf855adf5870a",
    ),
    (
        "unchanged (0 blocks)",
        "ee9dae98302ce7acc7cca7d2b33b6023c4f7a22e3c82aba9f038b0266a80dd44",
    ),
    (
        "amended (98099 blocks)",
        "92ccc54fc5c1f25a247a3feb707665613185fa2caa7e0e0c68866bb97b259ce0",
    ),
    (
        "amended and enacted (100024 blocks)",
        "620c6daab495e9b41a017f57a86e75618a046a0c0bde5ebebd38121386fefa0a",
    ),
    (
        "unchanged and enacted (100020 blocks)",
        "3bd2781b128b82f2f15caa263d98392c29d8e13094c49f97a11095c718d5e923",
    ),
    (
        "unchanged, scoped (2 blocks)",
        "0d139e8c9c62ead22a74e797b4124510df04a517f638f0af97924557faa8b5b5",
    ),
    (
        "amended, scoped (6 blocks)",
        "aa196df400662fb9486a636bf07fb2a27a500b14c78ea670d97f2d19947d10c6",
    ),
    (
        "planned back (revivals) (99846 blocks)",
        "a73e94de5769d6d84c7cf3182f02765858d35283e46d435d33bf4fc0cce3ec4c",
    ),
    (
        "amended again, unchanged (0 blocks)",
        "29cd9786690ec32f1caeacad0eced413fcfdf3fc0863823929e957155ba421af",
    ),
];
