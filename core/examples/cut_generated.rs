//! Cuts the generated act of CHAPTERS × 50 articles × 3 clauses × 3 points once, for profilers:
//! `cargo build --release --example cut_generated`, then e.g.
//! `valgrind --tool=callgrind --toggle-collect='cut_generated::cut_once' target/release/examples/cut_generated 100`
//! counts the instructions of one cut and the drop of its result (docs/BENCHMARKS.md, *Core speed*).

use iu_cutter_core::read::cut::cut;
use iu_cutter_core::read::sample::generated_act;
use iu_cutter_core::text::vocabulary::{default_vocabulary, Vocabulary};

// Not inlined, so that a profiler can count this call alone.
#[inline(never)]
fn cut_once(act: &str, vocabulary: &Vocabulary) -> usize {
    cut(std::hint::black_box(act), "45/2019/QH14", vocabulary)
        .units
        .len()
}

fn main() {
    let chapters = std::env::args().nth(1).map(|a| a.parse::<u32>());
    let Some(Ok(chapters @ 1..=1000)) = chapters else {
        eprintln!("usage: cut_generated CHAPTERS (1–1000; 10 is the 500-article act, 100 the 5,000-article one)");
        std::process::exit(2);
    };
    let Some(vi) = default_vocabulary("vi") else {
        eprintln!("the vi vocabulary is missing");
        std::process::exit(2);
    };
    let act = generated_act(chapters, 50, 3, 3);
    println!("{} units", cut_once(&act, vi));
}
