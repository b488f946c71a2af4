//! Throwaway timing of the reference act; run with
//! `cargo test --release -p iu-cutter-core --test all cut_speed:: -- --ignored --nocapture`.

use std::time::Instant;

use iu_cutter_core::default_vocabulary;
use iu_cutter_core::read::cut::cut;
use iu_cutter_core::read::sample::generated_act;

#[test]
#[ignore = "timing only; meaningful in release builds"]
fn reference_act_cut_time() {
    let text = generated_act(10, 50, 3, 3);
    let vi = default_vocabulary("vi").expect("vi ships");
    let mut best = u128::MAX;
    let mut units = 0;
    for _ in 0..iterations() {
        let start = Instant::now();
        let result = cut(&text, "99/2024/QH15", vi);
        best = best.min(start.elapsed().as_nanos());
        units = result.units.len();
    }
    println!(
        "generated_act(10, 50, 3, 3): {} bytes, {units} units, best of {}: {best} ns ({:.2} ms)",
        text.len(),
        iterations(),
        best as f64 / 1e6
    );
}

// CUT_SPEED_ITERATIONS=1 keeps profiler runs short.
fn iterations() -> u32 {
    std::env::var("CUT_SPEED_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(30)
}
