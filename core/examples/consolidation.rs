//! `npm run bench -- amend`: the consolidation benchmark's table (see
//! `core/tests/chains/mod.rs`). `--details` prints every finding of every chain;
//! `--json` one JSON line per chain; `--update` rewrites `tests/fixtures/consolidation/floor.json`
//! from this run. `--update` never lowers a floor silently: when a figure would go down (applied,
//! reproduced; broken up) or a chain leave, it writes nothing, lists them and exits 1;
//! `--update --lower=REASON` writes them, each named under `"lowered"` (`"CHAIN.FIGURE": REASON`),
//! which is what `scripts/floors.py` accepts.

#[path = "../tests/chains/mod.rs"]
mod chains;
use chains as consolidation;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lower = args
        .iter()
        .find_map(|a| a.strip_prefix("--lower="))
        .map(str::trim);
    if lower == Some("") {
        eprintln!("--lower needs a reason: --lower=\"why this floor may go down\"");
        std::process::exit(2);
    }
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
    let path = consolidation::floor_path();
    if args.iter().any(|a| a == "--update") {
        // No floor file yet: nothing to lower. One that is there but not a floor is not
        // overwritten: what it held cannot be compared.
        let (old, mut lowered) = if path.exists() {
            consolidation::read_floor().unwrap_or_else(|e| {
                eprintln!("{e}");
                std::process::exit(2)
            })
        } else {
            Default::default()
        };
        let floor = consolidation::floor_of(&reports);
        let down = consolidation::lowered_by(&old, &floor);
        if !down.is_empty() {
            let Some(reason) = lower else {
                eprintln!(
                    "\n--update would lower the consolidation floor; {} not written:",
                    path.display()
                );
                for (_, d) in &down {
                    eprintln!("  {d}");
                }
                eprintln!("Fix the regression, or, if this is meant, run again with --lower=\"REASON\" (it is recorded under \"lowered\").");
                std::process::exit(1)
            };
            for (key, d) in &down {
                lowered.insert(key.clone(), reason.into());
                println!("lowered: {d}");
            }
        }
        // The chains in id order, each with its figures in `Floor`'s order, then `"lowered"`.
        #[derive(serde::Serialize)]
        struct File<'a> {
            #[serde(flatten)]
            floor: &'a consolidation::Floors,
            #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
            lowered: serde_json::Map<String, serde_json::Value>,
        }
        let text = serde_json::to_string_pretty(&File {
            floor: &floor,
            lowered,
        })
        .expect("the floor serializes");
        std::fs::write(&path, format!("{text}\n")).expect("floor.json is written");
        println!("\nfloor.json written");
    } else {
        let below = match consolidation::read_floor() {
            Ok((floor, _)) => consolidation::below_floor(&reports, &floor),
            Err(e) => vec![e],
        };
        for b in &below {
            println!("BELOW THE FLOOR: {b}");
        }
    }
}
