//! The consolidation benchmark's floor (`tests/chains/mod.rs`): every real chain is applied
//! and compared with its official consolidated text; a change that applies fewer instructions,
//! reproduces fewer of the provisions the VBHN marks amended, or breaks more provisions than
//! `fixtures/consolidation/floor.json` records fails. The full table:
//! `cargo test -p iu-cutter-core --release --test all consolidation:: -- --nocapture` or
//! `npm run bench -- amend`; after an improvement, `cargo run --release -p iu-cutter-core
//! --example consolidation -- --update` raises the floor. A chain with no floor, a floor with no
//! chain, and a floor.json missing or malformed fail too.

use crate::chains;
use chains as consolidation;

#[test]
fn every_chain_keeps_its_floor() {
    let chains = consolidation::chains();
    assert!(
        !chains.is_empty(),
        "no chain.json under core/tests/fixtures"
    );
    let reports: Vec<_> = chains.iter().map(consolidation::measure).collect();
    println!("{}", consolidation::table(&reports));
    for r in &reports {
        println!("{}", consolidation::details(r));
    }
    let (floor, _) = consolidation::read_floor().unwrap_or_else(|e| panic!("{e}"));
    let below = consolidation::below_floor(&reports, &floor);
    assert!(
        below.is_empty(),
        "below the consolidation floor:\n{}",
        below.join("\n")
    );
}
