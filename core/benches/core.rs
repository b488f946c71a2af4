//! Native benchmarks of the core, printed as JSON lines for `npm run bench`
//! (tests/bench/run.js), which lays them beside the WASM and Directus figures.
//! Run alone: `cargo bench -p iu-cutter-core --bench core`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use iu_cutter_core::address;

/// Runs `f` (which does `items` operations) in batches for about `budget`, and
/// returns the median nanoseconds per item over the batches.
fn measure(items: usize, budget: Duration, mut f: impl FnMut()) -> f64 {
    f(); // warm-up
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < 5 || (start.elapsed() < budget && samples.len() < 200) {
        let t = Instant::now();
        f();
        samples.push(t.elapsed().as_nanos() as f64 / items as f64);
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    samples[samples.len() / 2]
}

fn report(group: &str, name: &str, items: usize, ns_per_item: f64) {
    println!(
        "{{\"group\":\"{group}\",\"impl\":\"native\",\"name\":\"{name}\",\"items\":{items},\"ns_per_item\":{ns_per_item:.3}}}"
    );
}

/// The same address set the WASM and JS benchmarks use (tests/bench/addresses.js).
fn addresses(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let points = ["a", "b", "c", "d", "dd", "e", "g", "h", "i"];
            format!(
                "45-2019-qh14/dieu-{}/khoan-{}/diem-{}",
                i % 500 + 1,
                i % 3 + 1,
                points[i % points.len()]
            )
        })
        .collect()
}

fn main() {
    let budget = Duration::from_millis(1500);
    let list = addresses(100_000);
    let ns = measure(list.len(), budget, || {
        for a in &list {
            black_box(address::validate(black_box(a)).is_ok());
        }
    });
    report("address", "validate 100k addresses", list.len(), ns);
    let ns = measure(list.len(), budget, || {
        for a in &list {
            black_box(address::parse(black_box(a)).is_ok());
        }
    });
    report(
        "address",
        "parse 100k addresses (owned parts)",
        list.len(),
        ns,
    );
}
