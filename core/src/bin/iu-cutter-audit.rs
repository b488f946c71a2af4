//! `iu-cutter-audit --export FILE --public-key FILE [--public-key OLD.pub …] [--witness FILE]
//! [--agent-key AGENT.pub …] [--json] [--threads N]`
//!
//! The offline audit of a ledger export, natively: the same checks as `npm run ledger:audit` (the core's
//! `ledger::offline`), with the people's passkey signatures verified on every core. For an auditor with
//! a large ledger and Rust: `cargo install --path core --bin iu-cutter-audit`.
//! Exit 0: intact; 1: violations found (listed); 2: bad usage or unreadable input.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::process::ExitCode;

use iu_cutter_core::ledger::offline::{
    incident_of_line, OfflineAudit, OfflineOptions, Unreadable, WitnessFile,
};

const USAGE: &str = "usage: iu-cutter-audit --export FILE --public-key FILE [--public-key OLD.pub …] [--witness FILE] [--agent-key AGENT.pub …] [--json] [--threads N]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let values = |flag: &str| -> Vec<String> {
        args.windows(2)
            .filter(|w| w[0] == flag)
            .map(|w| w[1].clone())
            .collect()
    };
    let known = [
        "--export",
        "--public-key",
        "--witness",
        "--agent-key",
        "--threads",
    ];
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--json" => i += 1,
            flag if known.contains(&flag) && i + 1 < args.len() => i += 2,
            other => {
                eprintln!("iu-cutter-audit: unknown or incomplete argument '{other}'\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(export), false) = (values("--export").pop(), values("--public-key").is_empty())
    else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let threads = match values("--threads").pop().map(|t| t.parse::<usize>()) {
        None => None,
        Some(Ok(n)) if n > 0 => Some(n),
        Some(_) => {
            eprintln!("iu-cutter-audit: --threads takes a number of threads, 1 or more\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match audit(&export, &values, threads) {
        Ok((report, json)) => {
            if args.iter().any(|a| a == "--json") {
                println!("{json}");
            } else {
                println!("{}", report.text(50));
            }
            ExitCode::from(if report.passed { 0 } else { 1 })
        }
        Err(Unreadable(message)) => {
            eprintln!("iu-cutter-audit: {message}");
            ExitCode::from(2)
        }
    }
}

fn audit(
    export: &str,
    values: &dyn Fn(&str) -> Vec<String>,
    threads: Option<usize>,
) -> Result<(iu_cutter_core::ledger::offline::OfflineReport, String), Unreadable> {
    let read =
        |path: &str| std::fs::read_to_string(path).map_err(|e| Unreadable(format!("{path}: {e}")));
    let lines = || -> Result<_, Unreadable> {
        let file = File::open(export).map_err(|e| Unreadable(format!("{export}: {e}")))?;
        Ok(BufReader::new(file)
            .lines()
            .map(move |l| l.map_err(|e| Unreadable(format!("{export}: {e}")))))
    };
    // First pass: what incidents disowned, which the audit must know before the first row.
    let mut incidents = Vec::new();
    for line in lines()? {
        incidents.extend(incident_of_line(&line?));
    }
    let witness = match values("--witness").pop() {
        None => None,
        Some(name) => Some(WitnessFile {
            text: read(&name)?,
            name,
        }),
    };
    let options = OfflineOptions {
        public_keys: values("--public-key")
            .iter()
            .map(|f| read(f))
            .collect::<Result<_, _>>()?,
        witness,
        agent_public_keys: values("--agent-key")
            .iter()
            .map(|f| read(f))
            .collect::<Result<_, _>>()?,
        incidents,
    };
    let mut audit = OfflineAudit::new(options)?;
    if let Some(n) = threads {
        audit.set_threads(n);
    }
    for line in lines()? {
        audit
            .line(&line?)
            .map_err(|Unreadable(m)| Unreadable(format!("{export}, {m}")))?;
    }
    let report = audit.finish()?;
    let json = serde_json::to_string_pretty(&report)
        .map_err(|e| Unreadable(format!("the report cannot be written as JSON: {e}")))?;
    Ok((report, json))
}
