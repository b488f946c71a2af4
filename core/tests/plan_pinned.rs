//! The planner's output on the benchmark act, pinned: the sha256 of every manifest below
//! was computed before the plan was made faster (issue 17), so a faster planner is proven
//! to give the same bytes — unchanged, amended (renumbering cascade, insertion, split,
//! repeal), enacted, scoped, and planned back (revivals) — not assumed to.
//!
//! The 100k-unit act (the bench's) takes seconds in a debug build, so it runs in release
//! only (`cargo test --release -p iu-cutter-core --test plan_pinned`); a smaller act of the
//! same shape always runs. The pins were computed at commit c1abb33.

use iu_cutter_core::cut::{cut, Cut};
use iu_cutter_core::manifest::{Action, AliasKind, Manifest};
use iu_cutter_core::plan::{apply, plan, PlanInput};
use iu_cutter_core::sample::generated_act;
use iu_cutter_core::unit::StoredUnit;
use iu_cutter_core::vocabulary::{default_vocabulary, Vocabulary};

fn vi() -> &'static Vocabulary {
    default_vocabulary("vi").expect("vi ships")
}

fn cut_vi(text: &str) -> Cut {
    let c = cut(text, "45/2019/QH14", vi());
    assert!(c
        .diagnostics
        .iter()
        .all(|d| d.severity != iu_cutter_core::diagnostic::Severity::Error));
    c
}

// The bench's input (core/benches/core.rs `stored_units`).
fn input(text: &str) -> PlanInput {
    PlanInput {
        document_id: "0b6c8f8e-3a4b-4c55-9d3e-5f1e2d3c4b5a".into(),
        source_sha256: iu_cutter_core::hash::sha256_hex(text),
        effective_from: "2026-01-01T00:00:00Z".into(),
        created_at: "2026-01-01T00:00:00Z".into(),
        created_by: "bench".into(),
        enact: false,
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
    ignore = "seconds in a debug build; run with --release"
)]
fn the_bench_act_plans_to_the_pinned_manifests() {
    check(scenario(20, 500, 3, 2), BENCH);
}

const SMALL: &[(&str, &str)] = &[
    (
        "first cut into an empty store (402 blocks)",
        "ca2b812c6b3f7cfe3a00f02e86037a8b19c74dabfb4040b22ec122d7cfda2ae2",
    ),
    (
        "unchanged (0 blocks)",
        "d84990a193a59dd5d173540d00fd4ce47f6d2d03837211c1871d5b5aa02c30a7",
    ),
    (
        "amended (381 blocks)",
        "eb7db79355f9d6bbe40d849e242fa43ddfa3f2dda7d8ff6dda5aaf833ce463eb",
    ),
    (
        "amended and enacted (406 blocks)",
        "54cc392f3d9e74e5360b53500ad7f0fbb276dc9ddcf0f2a0303a22d44fffbbb0",
    ),
    (
        "unchanged and enacted (402 blocks)",
        "a55910aa0ea6770726971143c51db548be8f9adc825b4564bdaf25f926106f12",
    ),
    (
        "unchanged, scoped (2 blocks)",
        "cabbb175ad7bfb3685f9224731216f30358c4af8f306cd1ef90198ee6970c258",
    ),
    (
        "amended, scoped (6 blocks)",
        "f6f4c03c179c2473e0466c4e13893ed9a9f33123038d9184c96fa1016fdbc6e3",
    ),
    (
        "planned back (revivals) (381 blocks)",
        "7b0a68a946572ca9dbb2407ba65b1e507ebd2d93db43b9590b02187e446fb16f",
    ),
    (
        "amended again, unchanged (0 blocks)",
        "7d15a53eefd0d7ac68f3ab98c91a247099dc973745fe2eaf6faf559527379df3",
    ),
];

const BENCH: &[(&str, &str)] = &[
    (
        "first cut into an empty store (100020 blocks)",
        "f207068faeac00e78890e29e3e51c5806f56be8558feacfa915d27ff686d926d",
    ),
    (
        "unchanged (0 blocks)",
        "cb7891288973abe8cbbfe95850de35e4ef3eaef00ac7a3332d30e58ce2df3dac",
    ),
    (
        "amended (99999 blocks)",
        "cba6ef2e397004a401ff9b6e8e47f7d1b674fb58d38659ea9633a0bb019a44b6",
    ),
    (
        "amended and enacted (100024 blocks)",
        "89bfb51f607a5789cf72f3fd3131be1f811bfee8f198dad870b71c64ba268a75",
    ),
    (
        "unchanged and enacted (100020 blocks)",
        "9a339423e9ce96b83567ea3d51f24ef3aebd4f1d3d18e0d1f7677ab6220452c1",
    ),
    (
        "unchanged, scoped (2 blocks)",
        "a00a6c7e204ca138dcadf540da421c123f71af4bd7d527727c1cd988c9743a7d",
    ),
    (
        "amended, scoped (6 blocks)",
        "b85f5678cd0c9f6e887aefce388567267707d0eeb85e13d050078454db7475e2",
    ),
    (
        "planned back (revivals) (100009 blocks)",
        "a80b13f4fd4916883258aba577bc5d2418b4c7f67a0744438fa3756edf47f791",
    ),
    (
        "amended again, unchanged (0 blocks)",
        "9ec975f4e04b39c75bec3a96b678a632f6bcacfb50553560a13903a4948011b8",
    ),
];
