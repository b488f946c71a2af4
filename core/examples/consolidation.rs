//! `npm run bench -- amend`: the consolidation benchmark's table (see
//! `core/tests/chains/mod.rs`). `--details` prints every finding of every chain;
//! `--json` one JSON line per chain; `--update` rewrites `tests/fixtures/consolidation/floor.json`
//! from this run.

#[path = "../tests/chains/mod.rs"]
mod chains;
use chains as consolidation;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let chains = consolidation::chains();
    let reports: Vec<_> = chains.iter().map(consolidation::measure).collect();
    if args.iter().any(|a| a == "--json") {
        for r in &reports {
            println!("{}", serde_json::to_string(r).expect("a report serializes"));
        }
        return;
    }
    println!("{}", consolidation::table(&reports));
    if args.iter().any(|a| a == "--details") {
        for r in &reports {
            println!("{}", consolidation::details(r));
        }
    }
    if args.iter().any(|a| a == "--update") {
        let floor = consolidation::floor_of(&reports);
        let text = serde_json::to_string_pretty(&floor).expect("the floor serializes");
        std::fs::write(consolidation::floor_path(), format!("{text}\n"))
            .expect("floor.json is written");
        println!("\nfloor.json written");
    } else {
        let below = consolidation::below_floor(&reports, &consolidation::read_floor());
        for b in &below {
            println!("BELOW THE FLOOR: {b}");
        }
    }
}
