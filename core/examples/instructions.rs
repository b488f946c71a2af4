//! One hot path of the core on fixed generated input, for an instruction counter:
//! `instructions OPERATION [TIMES]`, OPERATION one of `cut`, `parse`, `plan`, `verify`.
//!
//! `scripts/instructions.sh` (a stage of `npm test`) runs each under
//! `valgrind --tool=callgrind --toggle-collect='instructions::run_*'`, so only the operation is
//! counted, never the building of its input, and compares the counts with the floors in
//! `tests/bench/instructions.json`. Instruction counts, not times: the same build on the same
//! input counts (nearly) the same on a shared, noisy machine. `TIMES` (default 1) repeats the
//! operation, for `perf record`.
//!
//! The inputs are the benchmarks' (`core/benches/core.rs`), smaller where the benchmark's would
//! take minutes under valgrind: the 500-article act (6 510 units) for cut, plan and verify.

use std::hint::black_box;

use iu_cutter_core::change::plan::{apply, plan, PlanInput};
use iu_cutter_core::change::verify::{verify, DocumentRef, VerifyInput};
use iu_cutter_core::read::cut::{cut, Cut};
use iu_cutter_core::read::sample::generated_act;
use iu_cutter_core::store::unit::StoredUnit;
use iu_cutter_core::text::address;
use iu_cutter_core::text::vocabulary::{default_vocabulary, Vocabulary};

const DOC_CODE: &str = "45/2019/QH14";

// Each `run_*` is one operation, not inlined so that callgrind can count it alone.

#[inline(never)]
fn run_cut(act: &str, vocabulary: &Vocabulary) -> usize {
    cut(black_box(act), DOC_CODE, vocabulary).units.len()
}

#[inline(never)]
fn run_parse(addresses: &[String]) -> usize {
    addresses
        .iter()
        .filter(|a| address::parse(black_box(a)).is_ok())
        .count()
}

#[inline(never)]
fn run_plan(cut: &Cut, stored: &[StoredUnit], vocabulary: &Vocabulary, input: &PlanInput) -> usize {
    plan(black_box(cut), stored, vocabulary, input).map_or(0, |m| m.blocks.len())
}

#[inline(never)]
fn run_verify(input: &VerifyInput<'_>) -> bool {
    verify(black_box(input)).passed
}

/// The benchmarks' address list (core/benches/core.rs, tests/bench/addresses.js), 10 000 of them.
fn addresses(n: usize) -> Vec<String> {
    let points = ["a", "b", "c", "d", "dd", "e", "g", "h", "i"];
    (0..n)
        .map(|i| {
            format!(
                "45-2019-qh14/dieu-{}/khoan-{}/diem-{}",
                i % 500 + 1,
                i % 3 + 1,
                points[i % points.len()]
            )
        })
        .collect()
}

/// The act as CUT stores it: planned against an empty store, applied.
fn stored_units(
    act: &str,
    vocabulary: &Vocabulary,
) -> Result<(Vec<StoredUnit>, PlanInput), String> {
    let input = PlanInput {
        document_id: "0b6c8f8e-3a4b-4c55-9d3e-5f1e2d3c4b5a".into(),
        source_sha256: iu_cutter_core::text::hash::sha256_hex(act),
        effective_from: "2026-01-01T00:00:00Z".into(),
        created_at: "2026-01-01T00:00:00Z".into(),
        created_by: "instructions".into(),
        enact: false,
        by_enacted_law: false,
        scope: None,
    };
    let manifest = plan(&cut(act, DOC_CODE, vocabulary), &[], vocabulary, &input)
        .map_err(|e| format!("the generated act does not plan: {e:?}"))?;
    Ok((apply(&[], &manifest), input))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let times = match args.get(1).map(|t| t.parse::<u32>()) {
        None => 1,
        Some(Ok(t @ 1..)) => t,
        Some(_) => usage(),
    };
    let Some(vi) = default_vocabulary("vi") else {
        eprintln!("the vi vocabulary is missing");
        std::process::exit(2);
    };
    let operation = args.first().map(String::as_str).unwrap_or("");
    if !matches!(operation, "cut" | "parse" | "plan" | "verify") {
        usage();
    }
    let act = generated_act(10, 50, 3, 3);
    // Each input is built before the first call, outside what callgrind counts.
    let mut result = 0;
    match operation {
        "cut" => {
            for _ in 0..times {
                result = run_cut(&act, vi);
            }
        }
        "parse" => {
            let list = addresses(10_000);
            for _ in 0..times {
                result = run_parse(&list);
            }
        }
        _ => {
            let (stored, input) = stored_units(&act, vi).unwrap_or_else(|e| {
                eprintln!("{e}");
                std::process::exit(1)
            });
            if operation == "plan" {
                let again = cut(&act, DOC_CODE, vi);
                for _ in 0..times {
                    result = run_plan(&again, &stored, vi, &input);
                }
            } else {
                let documents = [DocumentRef {
                    id: input.document_id.clone(),
                    slug: "45-2019-qh14".into(),
                }];
                let check = VerifyInput::new(&documents, &vi.section_types, &stored);
                for _ in 0..times {
                    result = usize::from(run_verify(&check));
                }
            }
        }
    }
    println!("{operation}: {result}");
}

fn usage() -> ! {
    eprintln!("usage: instructions cut|parse|plan|verify [TIMES]");
    std::process::exit(2);
}
