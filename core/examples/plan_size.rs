//! Issue 30's plan-size targets, one JSON line per change (`npm run bench -- plan` prints them
//! as a table): blocks of the manifest (= ledger affected rows its CUT writes), the changed
//! units, the later siblings the rule allows, and — the baseline, computed in the same run
//! from the same manifest — how many units a plan with positions in the whole document (before
//! issue 30) would have written.
//!
//! `cargo run --release -p iu-cutter-core --example plan_size`

#[path = "../tests/plan_common/mod.rs"]
mod plan_common;

use plan_common::locality::{amendment_cases, bench_act_cases, size, unexplained_moves};

fn main() {
    for case in amendment_cases().into_iter().chain(bench_act_cases()) {
        let s = size(&case.stored, &case.manifest);
        let target = (case.at_most != usize::MAX).then_some(case.at_most);
        let rule = s.blocks <= s.changed + s.later_siblings
            && unexplained_moves(&case.manifest).is_empty();
        println!(
            "{}",
            serde_json::json!({
                "change": case.name,
                "units": s.units,
                "blocks": s.blocks,
                "ledger_rows": s.blocks,
                "changed": s.changed,
                "later_siblings": s.later_siblings,
                "document_positions": s.document_positions,
                "target": target,
                "rule": rule,
            })
        );
    }
}
