//! The corpus harness: cuts every document of one or more corpora and compares each cut with
//! the structure of its own source (never with an earlier cut).
//!
//! `cargo run --release -p iu-cutter-core --example corpus -- INDEX [--check] [--update] [--json] [--all] [NAME …]`
//!
//! `INDEX` is the `index.json` written by `python3 tests/corpus/render OUT_DIR` (`npm run corpus`
//! runs both): per corpus, its documents with the text as the publisher prints it and the
//! expected top-level provisions (the XML's own sections, or a Vietnamese text's run of
//! `Điều N` headings) and the counts one and two levels below them.
//!
//! A document is **whole** when every expected top-level provision is cut with its number, no
//! provision is cut that the source does not have, and the cut has no error.
//!
//! Units marked repealed (omitted, transferred, renumbered: `unit::provision_status`, read from
//! the printed text) are counted per corpus at every level; where the source's markup marks such
//! provisions (LIMS `<Repealed>`, USLM `@status`, CLML/AKN dots with their `F` commentary: `top.status`
//! and `marked` in the index), the top-level marks are compared with it, provision by provision.
//!
//! - `--check`: every document listed in `tests/corpus/<name>/whole.txt` (the regression floor)
//!   must still be whole, and every one in `repaired.txt` still whole or whole after its
//!   repairs; exit 1 otherwise. Every corpus of `tests/corpus/*/corpus.json` (or of the NAMEs
//!   given) must be on this machine with every file its SOURCES.tsv lists, and both its floor
//!   files must exist: a corpus or floor file missing fails the run, naming it and where it was
//!   looked for. Without `--check`, corpora not on this machine are skipped, and said so.
//! - `--update`: rewrite each present corpus's `whole.txt` and `repaired.txt` from this run. It
//!   never takes a document off a floor silently: when one would leave (`whole.txt` for a
//!   document no longer whole, `repaired.txt` for one neither whole nor whole after its
//!   repairs), it writes nothing, lists them and exits 1. `--lower=REASON` writes them as
//!   `# lowered: ID: REASON` lines in the file they leave (what `scripts/floors.py` accepts).
//! - `--json`: one JSON line per corpus (for `npm run bench`), instead of the tables.
//! - `--all`: list every document that is not whole with its first finding (default: the first 25).
//! - `--render`: for every document cut whole, also render the text of its units
//!   (`unit::render_document`, the text a CUT stores) with the document's own head and tail, cut
//!   that again and check it gives back exactly the same units (addresses, types, ordinals,
//!   headings, bodies, hashes, parents, in order); prints how many hold and each exception with
//!   its first difference. With `--check`, an exception fails the run.
//!
//! Headings, at two levels (`HEADING_LEVELS`): where the renderer gives each top-level
//! provision's heading from the source's markup (`top.headings`), and the heading of each
//! provision one level below it (`top.one_down`: `[ordinal, heading]` of each provision
//! `levels["1"]` counts: USLM subsection headings, AKN headings of subsections and paragraphs,
//! CLML `P2group` titles, LIMS marginal notes), each is compared with the heading of the unit the
//! cut gives that address (`101`; `101/a` for `…/section-101/subsection-a`, the n-th such unit
//! for the n-th such provision), case, spacing and the punctuation around it aside (`heading_key`).
//! Per corpus and level it prints `R of E (P %), X extra`: of the E headings the source prints,
//! the R the cut reads the same, and the X headings the cut gives where the source prints none;
//! "none printed" where the source prints no heading at that level (or its format none one level
//! down: `top.one_down: null`; then every heading cut there is extra). A heading the source
//! prints for a provision the cut does not give that address is not right, and not listed.
//! `tests/corpus/headings.json` is their floor, per corpus `top_right` and `one_down_right` (the
//! R of each level): `--check` fails below either, and where the floor has a figure the run no
//! longer measures (a renderer that stopped giving that level's headings); `--update` writes both
//! and, like the documents' floors, lowers either only with `--lower=REASON` (a
//! `"lowered": {"NAME.FIGURE": REASON}` mark, what `scripts/floors.py` accepts).
//! `IU_CORPUS_HEADINGS=1` lists every heading cut differently, not only each document's first.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use iu_cutter_core::read::cut::cut_with_frame;
use iu_cutter_core::text::diagnostic::Severity;
use iu_cutter_core::text::vocabulary::default_vocabulary;
use serde_json::{json, Value};
use unicode_normalization::UnicodeNormalization;

struct Outcome {
    id: String,
    whole: bool,
    /// Not whole as published, whole once the cut's own proposed repairs are applied: every
    /// finding is a defect of the source named at its line with its fix.
    repaired_whole: bool,
    expected: usize,
    found: usize,
    level_expected: [Option<u64>; 2],
    level_found: [usize; 2],
    errors: BTreeMap<&'static str, usize>,
    first_finding: Option<String>,
    /// Top-level provisions marked differently by the cut and by the source's markup.
    mark_findings: Vec<String>,
    /// `--render` on a whole document: whether cut → render → cut gives the same units.
    round_trip: Option<Result<(), String>>,
    /// The headings the cut reads differently from the source's markup, per [`HEADING_LEVELS`]:
    /// of the top-level provisions, and of those one level below them.
    heading_findings: [Vec<String>; 2],
}

/// What is measured of headings, and its figure in `tests/corpus/headings.json`: the top-level
/// provisions' headings (`top.headings` of the index), and those of the provisions one level
/// below them (`top.one_down`).
struct HeadingLevel {
    /// The figure in `tests/corpus/headings.json` (and in `"lowered"` marks: `NAME.FIGURE`).
    floor_key: &'static str,
    /// The row of the table.
    label: &'static str,
    /// The list of headings cut differently.
    differently: &'static str,
}

const HEADING_LEVELS: [HeadingLevel; 2] = [
    HeadingLevel {
        floor_key: "top_right",
        label: "top-level headings right",
        differently: "headings cut differently",
    },
    HeadingLevel {
        floor_key: "one_down_right",
        label: "headings one level down right",
        differently: "headings one level down cut differently",
    },
];

/// One corpus's headings at one of [`HEADING_LEVELS`].
#[derive(Default, Clone, Copy)]
struct Headings {
    /// Whether the sources say which headings they print at this level: a list of them, or
    /// (one level down) that they print none there.
    known: bool,
    /// Provisions the source prints a heading for / of them, cut with that heading / provisions
    /// the source prints no heading for that the cut gives one.
    expected: usize,
    right: usize,
    extra: usize,
}

#[derive(Default)]
struct Tally {
    documents: usize,
    whole: usize,
    repaired_whole: usize,
    expected: usize,
    found: usize,
    level_expected: [u64; 2],
    level_found: [usize; 2],
    level_known: bool,
    errors: BTreeMap<&'static str, usize>,
    bytes: usize,
    seconds: f64,
    /// Units the cut marks, at every level, by status.
    marked_cut: BTreeMap<String, usize>,
    /// Provisions the source's markup marks, at every level, by status (when it marks any).
    marked_source: BTreeMap<String, usize>,
    /// Whether the sources say which provisions are marked (`top.status`).
    marks_known: bool,
    /// Top-level provisions the source marks / of them, marked by the cut with the same status /
    /// with another status / top-level units the cut marks that the source does not.
    marks_expected: usize,
    marks_same: usize,
    marks_other: usize,
    marks_extra: usize,
    /// A site's editorial notes the cut kept beside their units, and those it left out of the
    /// units before the first or in the closing (Vietnamese crawls).
    site_notes: usize,
    /// Editorial notes the cut took out of the text (the frame's notes: a site's notes, and
    /// the US Code's `Editorial Notes`).
    notes_out: usize,
    /// Units whose heading or body still holds such a note (`doc/address: […]`): a failure.
    notes_in_text: Vec<String>,
    /// The headings, per [`HEADING_LEVELS`]: of the top-level provisions, and one level down.
    headings: [Headings; 2],
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let (check, update, as_json, all, render) = (
        flag("--check"),
        flag("--update"),
        flag("--json"),
        flag("--all"),
        flag("--render"),
    );
    // `--lower=REASON`: the only way `--update` takes a document off a floor (see `plan_floors`).
    let lower = args
        .iter()
        .find_map(|a| a.strip_prefix("--lower="))
        .map(str::trim);
    if lower == Some("") {
        eprintln!("--lower needs a reason: --lower=\"why these documents may leave the floor\"");
        std::process::exit(2);
    }
    let mut positional = args.iter().filter(|a| !a.starts_with("--"));
    let Some(index_path) = positional.next() else {
        eprintln!(
            "usage: corpus INDEX [--check] [--update [--lower=REASON]] [--json] [--all] [NAME …]"
        );
        std::process::exit(2);
    };
    let only: BTreeSet<&str> = positional.map(String::as_str).collect();
    let index: Value = match std::fs::read_to_string(index_path)
        .map_err(|e| e.to_string())
        .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{index_path}: {e}");
            std::process::exit(2);
        }
    };
    let floors_dir = corpus_dir();
    let mut failed = Vec::new();
    // A floor holds only where its corpus is measured: under --check, a corpus of tests/corpus
    // that is not on this machine fails the run instead of being skipped.
    if check {
        failed.extend(absent_corpora(&index, index_path, &floors_dir, &only));
    }
    let mut writes: Vec<(PathBuf, String)> = Vec::new();
    let mut would_lower: Vec<String> = Vec::new();
    let mut summary: Vec<(String, Tally, [Option<usize>; 2])> = Vec::new();
    for corpus in index.as_array().into_iter().flatten() {
        let name = corpus["name"].as_str().unwrap_or("?");
        if !only.is_empty() && !only.contains(name) {
            continue;
        }
        if corpus["present"] != json!(true) {
            if !as_json {
                println!(
                    "\n{name}: not on this machine (see tests/corpus/{name}/SOURCES.tsv); {}",
                    if check { "FAILS --check" } else { "skipped" }
                );
            }
            continue;
        }
        // A file SOURCES.tsv lists that is not in the corpus's folder (or that the renderer
        // cannot read) is a document the floors cannot vouch for.
        if check {
            for p in corpus["problems"].as_array().into_iter().flatten() {
                failed.push(format!(
                    "{name}: {} (tests/corpus/render)",
                    p.as_str().unwrap_or("?")
                ));
            }
        }
        let (tally, outcomes) = run_corpus(corpus, render);
        // A site's note is not law: none may stay in a unit's text.
        if check {
            for n in &tally.notes_in_text {
                failed.push(format!("{name}/{n}: a site's note left in the unit's text"));
            }
        }
        if as_json {
            println!("{}", json_row(name, &tally));
        } else {
            print_table(name, &tally, &outcomes, all);
        }
        if render {
            let tried: Vec<&Outcome> = outcomes.iter().filter(|o| o.round_trip.is_some()).collect();
            let held = tried
                .iter()
                .filter(|o| matches!(o.round_trip, Some(Ok(()))))
                .count();
            println!(
                "{name}: cut → render → cut identical for {held} of {} whole documents",
                tried.len()
            );
            for o in &tried {
                if let Some(Err(e)) = &o.round_trip {
                    println!("  {}: {e}", o.id);
                    if check {
                        failed.push(format!("{name}/{}: render round trip: {e}", o.id));
                    }
                }
            }
        }
        // Two floors: the documents cut whole, and those whole once the cut's own proposed repairs
        // are applied (defects of the source named at their line). A change may move a document
        // up (repaired → whole), never down.
        let dir = floors_dir.join(name);
        let whole: BTreeSet<&str> = outcomes
            .iter()
            .filter(|o| o.whole)
            .map(|o| o.id.as_str())
            .collect();
        let repaired: BTreeSet<&str> = outcomes
            .iter()
            .filter(|o| o.repaired_whole)
            .map(|o| o.id.as_str())
            .collect();
        let paths = [dir.join("whole.txt"), dir.join("repaired.txt")];
        let old = paths.clone().map(|p| read_floor(&p));
        summary.push((
            name.to_owned(),
            tally,
            [0, 1].map(|i| old[i].as_ref().ok().map(|f| f.ids.len())),
        ));
        if update {
            let (files, lowered) = plan_floors(name, &paths, &old, &whole, &repaired, lower);
            writes.extend(files);
            would_lower.extend(lowered);
        }
        if !check {
            continue;
        }
        for (i, lost) in ["was whole, is not", "was whole after its repairs, is not"]
            .into_iter()
            .enumerate()
        {
            let floor = match &old[i] {
                Ok(f) => f,
                Err(e) => {
                    failed.push(e.clone());
                    continue;
                }
            };
            for id in &floor.ids {
                let id = id.as_str();
                if !whole.contains(id) && !repaired.contains(id) {
                    let why = outcomes
                        .iter()
                        .find(|o| o.id == id)
                        .and_then(|o| o.first_finding.clone())
                        .unwrap_or_else(|| "not in the corpus any more".into());
                    failed.push(format!("{name}/{id}: {lost}: {why}"));
                } else if i == 0 && !whole.contains(id) {
                    failed.push(format!(
                        "{name}/{id}: {lost} (it is whole after its repairs only)"
                    ));
                }
            }
        }
    }
    if !as_json && !summary.is_empty() {
        print_summary(&summary);
    }
    // The third floor: per corpus, how many headings the cut reads as the source's markup gives
    // them, at the top level and one level down (tests/corpus/headings.json).
    let headings_path = floors_dir.join("headings.json");
    let headings_floor: Value = std::fs::read_to_string(&headings_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_else(|| json!({}));
    let measured: Vec<(&str, [Option<u64>; 2])> = summary
        .iter()
        .map(|(name, t, _)| {
            (
                name.as_str(),
                t.headings.map(|h| h.known.then_some(h.right as u64)),
            )
        })
        .collect();
    let (headings_now, below) = plan_heading_floors(&headings_floor, &measured, lower);
    for line in below {
        let line = format!("{line} ({})", shown(&headings_path));
        if check {
            failed.push(line.clone());
        }
        if update && lower.is_none() {
            would_lower.push(line);
        }
    }
    if update && headings_now != headings_floor {
        let text = serde_json::to_string_pretty(&headings_now).unwrap_or_default() + "\n";
        writes.push((headings_path, text));
    }
    if update {
        // Nothing is written when a document would leave a floor without `--lower`: a partial
        // rewrite would hide the drop among the files that did change.
        if !would_lower.is_empty() && lower.is_none() {
            eprintln!(
                "\n--update would take {} document(s) off a floor; nothing written:",
                would_lower.len()
            );
            for w in &would_lower {
                eprintln!("  {w}");
            }
            eprintln!(
                "Fix the cut, or, if the drop is meant, run again with --lower=\"REASON\": each floor file then names the document and the reason (`# lowered: ID: REASON`)."
            );
            std::process::exit(1);
        }
        for (path, text) in &writes {
            if let Err(e) = std::fs::write(path, text) {
                eprintln!("{}: {e}", path.display());
                std::process::exit(2);
            }
        }
        for w in &would_lower {
            println!("lowered: {w}");
        }
    }
    if !failed.is_empty() {
        eprintln!("\nregression floor broken ({}):", failed.len());
        for f in &failed {
            eprintln!("  {f}");
        }
        std::process::exit(1);
    }
    if check {
        println!("corpus floors hold");
    }
}

/// The third floor, `tests/corpus/headings.json`: per corpus measured (`measured`: its headings
/// right per [`HEADING_LEVELS`], `None` where the index gives no headings at that level), each
/// figure against the floor's. Returns the file as `--update` writes it, and a line for each
/// figure below its floor: fewer headings right, or none measured where the floor has a figure
/// (a renderer that stopped giving that level's headings: the floor would otherwise be skipped
/// unseen). With `lower`, such a figure is written all the same, with a
/// `"lowered": {"NAME.FIGURE": REASON}` mark (what `scripts/floors.py` accepts); one no longer
/// measured then leaves the file. Corpora not measured in this run are left as they are.
fn plan_heading_floors(
    floor: &Value,
    measured: &[(&str, [Option<u64>; 2])],
    lower: Option<&str>,
) -> (Value, Vec<String>) {
    let mut now = floor.clone();
    let mut below = Vec::new();
    for (name, figures) in measured {
        for (level, figure) in HEADING_LEVELS.iter().zip(figures) {
            let key = level.floor_key;
            let was = floor[*name][key].as_u64();
            let lowered = match (was, *figure) {
                (Some(w), Some(n)) if n < w => {
                    below.push(format!("{name}: {n} {}, floor {w}", level.label));
                    true
                }
                (Some(w), None) => {
                    below.push(format!(
                        "{name}: {} not measured (the index gives no such headings), floor {w}",
                        level.label
                    ));
                    true
                }
                _ => false,
            };
            if lowered {
                if let Some(reason) = lower {
                    now["lowered"][format!("{name}.{key}")] = json!(reason);
                }
            }
            match figure {
                Some(n) => now[*name][key] = json!(n),
                None => {
                    if let Some(o) = now.get_mut(*name).and_then(Value::as_object_mut) {
                        o.remove(key);
                    }
                }
            }
        }
    }
    (now, below)
}

/// The checkout's root.
fn root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    root.canonicalize().unwrap_or(root)
}

/// `tests/corpus/` of this checkout.
fn corpus_dir() -> PathBuf {
    root().join("tests").join("corpus")
}

/// A path as it is written from the checkout's root (`tests/corpus/akn/whole.txt`), for messages
/// that say what to run there.
fn shown(path: &Path) -> String {
    let root = root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A floor file (`whole.txt`, `repaired.txt`): one document id a line; `#` starts a comment.
/// `# lowered: ID: REASON` names a document taken off the floor on purpose (`--lower`), for
/// `scripts/floors.py`, which accepts a document leaving the floor only when so named.
struct FloorFile {
    ids: Vec<String>,
    /// `(id, the whole line)` of each `# lowered:` line.
    lowered: Vec<(String, String)>,
}

const LOWERED: &str = "# lowered: ";

fn read_floor(path: &Path) -> Result<FloorFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let (file, name) = (
            shown(path),
            path.parent()
                .and_then(Path::file_name)
                .map_or("NAME".into(), |n| n.to_string_lossy()),
        );
        format!(
            "{file}: {e}: the floor file is missing or unreadable; restore it (`git checkout HEAD -- {file}`), or write it with `npm run corpus -- --update {name}` if the corpus is new"
        )
    })?;
    let mut floor = FloorFile {
        ids: Vec::new(),
        lowered: Vec::new(),
    };
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix(LOWERED) {
            let id = rest.split(':').next().unwrap_or("").trim();
            floor.lowered.push((id.to_owned(), line.to_owned()));
        } else if !line.starts_with('#') && !line.is_empty() {
            floor.ids.push(line.to_owned());
        }
    }
    Ok(floor)
}

/// `--update`: the new text of a corpus's two floor files, and every document it would take off
/// one: a document leaves `whole.txt` when it is no longer cut whole, and leaves `repaired.txt`
/// when it is neither whole nor whole after its repairs (moving up to `whole.txt` is progress).
/// With `--lower=REASON`, each such document is written as `# lowered: ID: REASON` in the file it
/// leaves; earlier `# lowered:` lines are kept (the record of why the floor went down), except
/// for a document that is back on that floor.
fn plan_floors(
    name: &str,
    paths: &[PathBuf; 2],
    old: &[Result<FloorFile, String>; 2],
    whole: &BTreeSet<&str>,
    repaired: &BTreeSet<&str>,
    lower: Option<&str>,
) -> (Vec<(PathBuf, String)>, Vec<String>) {
    let titles = [
        format!("Documents of {name} cut whole"),
        format!(
            "Documents of {name} whole after the cut's proposed repairs (defects of the source, named at their line)"
        ),
    ];
    let lists = [whole, repaired];
    let mut files = Vec::new();
    let mut lowered = Vec::new();
    for i in 0..2 {
        // A floor file not there yet (a new corpus) lowers nothing.
        let (old_ids, old_lowered) = match &old[i] {
            Ok(f) => (f.ids.as_slice(), f.lowered.as_slice()),
            Err(_) => (&[][..], &[][..]),
        };
        let mut lines: Vec<String> = old_lowered
            .iter()
            .filter(|(id, _)| !lists[i].contains(id.as_str()))
            .map(|(_, line)| line.clone())
            .collect();
        for id in old_ids {
            let kept = whole.contains(id.as_str()) || (i == 1 && repaired.contains(id.as_str()));
            if !kept {
                lowered.push(format!("{}: {id}", shown(&paths[i])));
                if let Some(reason) = lower {
                    lines.push(format!("{LOWERED}{id}: {reason}"));
                }
            }
        }
        lines.extend(lists[i].iter().map(|id| id.to_string()));
        files.push((
            paths[i].clone(),
            format!(
                "# {}: the regression floor (`npm run corpus -- --update` rewrites it).\n{}\n",
                titles[i],
                lines.join("\n")
            ),
        ));
    }
    (files, lowered)
}

/// Under `--check`: every corpus of `tests/corpus/*/corpus.json` (or of the NAMEs given) must be
/// in the index and on this machine. Where the renderer looked is said with each one missing
/// (`locate` in tests/corpus/render/__main__.py, whose order this repeats).
fn absent_corpora(
    index: &Value,
    index_path: &str,
    floors_dir: &Path,
    only: &BTreeSet<&str>,
) -> Vec<String> {
    let mut names: BTreeSet<String> = std::fs::read_dir(floors_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("corpus.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut out = Vec::new();
    if !only.is_empty() {
        for n in only {
            if !names.contains(*n) {
                out.push(format!(
                    "{n}: no {}/{n}/corpus.json: not a corpus of this checkout",
                    shown(floors_dir)
                ));
            }
        }
        names.retain(|n| only.contains(n.as_str()));
    }
    let root = root();
    let beside = root.parent().unwrap_or(&root);
    for name in names {
        let Some(corpus) = index
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["name"] == json!(name))
        else {
            out.push(format!(
                "{name}: not in {index_path}; render it: python3 tests/corpus/render target/corpus"
            ));
            continue;
        };
        if corpus["present"] == json!(true) {
            continue;
        }
        let folder = corpus["folder"].as_str().unwrap_or(&name);
        let env = match std::env::var("IU_CORPORA") {
            Ok(dir) if !dir.is_empty() => format!("{dir}/{folder}"),
            _ => "$IU_CORPORA (not set)".into(),
        };
        out.push(format!(
            "{name}: its files are not on this machine; looked in {env}, {}, {}. Put the corpus in one of them (tests/corpus/{name}/SOURCES.tsv names every file with its repository, commit and blob sha), or set IU_CORPORA to a folder holding {folder}/",
            beside.join("corpora").join(folder).display(),
            beside.join("shared/corpus").join(folder).display(),
        ));
    }
    out
}

/// The floors at a glance, after the per-corpus tables: what is whole now and what the floor
/// files list (`-` when a floor file is missing).
fn print_summary(rows: &[(String, Tally, [Option<usize>; 2])]) {
    let n = |x: Option<usize>| x.map_or("-".into(), |v| v.to_string());
    println!(
        "\nfloors: documents whole / whole after their repairs (now; on whole.txt / repaired.txt)"
    );
    let (mut docs, mut whole, mut repaired, mut floor) = (0, 0, 0, [0, 0]);
    for (name, t, f) in rows {
        println!(
            "  {name:<16} {:>4} documents: {:>4} whole, {:>3} after repairs (floor {} / {})",
            t.documents,
            t.whole,
            t.repaired_whole,
            n(f[0]),
            n(f[1])
        );
        docs += t.documents;
        whole += t.whole;
        repaired += t.repaired_whole;
        floor[0] += f[0].unwrap_or(0);
        floor[1] += f[1].unwrap_or(0);
    }
    println!(
        "  {:<16} {docs:>4} documents: {whole:>4} whole, {repaired:>3} after repairs (floor {} / {}): {} whole or whole after repairs",
        "all",
        floor[0],
        floor[1],
        whole + repaired
    );
}

fn run_corpus(corpus: &Value, render: bool) -> (Tally, Vec<Outcome>) {
    let mut tally = Tally::default();
    let mut outcomes = Vec::new();
    for doc in corpus["documents"].as_array().into_iter().flatten() {
        let id = doc["id"].as_str().unwrap_or("?").to_string();
        let vocabulary_id = doc["vocabulary"].as_str().unwrap_or("");
        let Some(vocabulary) = default_vocabulary(vocabulary_id) else {
            eprintln!("{id}: no vocabulary '{vocabulary_id}'");
            continue;
        };
        let path = doc["text"].as_str().unwrap_or("");
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let doc_code = doc["doc_code"].as_str().unwrap_or("doc");
        let started = Instant::now();
        let (cut, frame) = cut_with_frame(&text, doc_code, vocabulary);
        tally.seconds += started.elapsed().as_secs_f64();
        tally.notes_out += frame.notes.len();
        tally.bytes += text.len();

        let top = &doc["top"];
        let token = top["token"].as_str().unwrap_or("");
        let strings = |v: &Value| -> Vec<String> {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        };
        let numbers = |v: &Value| -> Vec<u64> {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_u64)
                .collect()
        };
        let mut expected: Vec<String> = strings(&top["ordinals"]);
        let top_count = expected.len();
        let mut expected_lines: Vec<u64> = numbers(&top["lines"]);
        // The provisions of instruments the text issues (a Vietnamese `Quy chế … ban hành kèm
        // theo`): the n-th one's articles are `doc/kemtheo-n/dieu-ordinal`, listed as
        // `kemtheo-n/dieu-ordinal`.
        let attached: Vec<String> = top["attached"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, a)| {
                let scope = format!("{}-{}", a["token"].as_str().unwrap_or(""), i + 1);
                for o in strings(&a["ordinals"]) {
                    expected.push(format!("{scope}/{token}-{o}"));
                }
                expected_lines.extend(numbers(&a["lines"]));
                scope
            })
            .collect();
        // Top-level provisions are citation roots: their address is `doc/token-ordinal`, or
        // `doc/division-b/token-ordinal` where the document numbers them per division.
        // The articles of an instrument the text issues are `doc/kemtheo-1/dieu-ordinal`, found
        // as `kemtheo-1/dieu-ordinal`.
        let prefix = format!("{}/", cut.doc);
        let attached_prefixes: Vec<(String, &str)> = attached
            .iter()
            .map(|scope| (format!("{}/{scope}/", cut.doc), scope.as_str()))
            .collect();
        let mut found_top: Vec<(String, u32)> = Vec::new();
        // Each provision's heading as cut, by key, in document order: the top-level ones
        // (`101`), and those one level down (`101/a` for `…/section-101/subsection-a`).
        let mut found_heading: [BTreeMap<String, Vec<&str>>; 2] = Default::default();
        let mut level_found = [0usize; 2];
        let mut marked_top: BTreeMap<String, String> = BTreeMap::new();
        for u in &cut.units {
            if let Some(status) = u.status {
                *tally.marked_cut.entry(status_name(status)).or_default() += 1;
            }
            tally.site_notes += u.notes.len();
            for text in u.heading.iter().chain([&u.body]) {
                if let Some(note) = site_note_in(text) {
                    tally
                        .notes_in_text
                        .push(format!("{id}: {}: {note}", u.canonical_address));
                }
            }
            let attached_at = attached_prefixes.iter().find_map(|(p, scope)| {
                Some((top_provision(&u.canonical_address, p, token)?, *scope))
            });
            let (rest, scope) = match attached_at {
                Some((rest, scope)) => (rest, Some(scope)),
                None => match top_provision(&u.canonical_address, &prefix, token) {
                    Some(rest) => (rest, None),
                    None => continue,
                },
            };
            // A definition is not a level of the source's structure (LIMS, CLML): its own
            // paragraphs count one below the unit listing it, and it counts as none.
            let segments: Vec<&str> = rest.split('/').collect();
            if segments
                .last()
                .is_some_and(|s| s.starts_with("definition-"))
            {
                continue;
            }
            let levels = segments
                .iter()
                .filter(|s| !s.starts_with("definition-"))
                .count();
            let key = scope.map_or_else(
                || segments[0].to_owned(),
                |s| format!("{s}/{token}-{}", segments[0]),
            );
            let heading = u.heading.as_deref().unwrap_or("");
            match levels.saturating_sub(1) {
                0 => {
                    if let Some(status) = u.status {
                        marked_top.insert(key.clone(), status_name(status));
                    }
                    found_heading[0]
                        .entry(key.clone())
                        .or_default()
                        .push(heading);
                    found_top.push((key, u.line));
                }
                1 => {
                    level_found[0] += 1;
                    // Its ordinal: `a` of `subsection-a` (tokens are letters only).
                    let below = segments[1..]
                        .iter()
                        .find(|s| !s.starts_with("definition-"))
                        .map_or("", |s| s.split_once('-').map_or(*s, |(_, o)| o));
                    found_heading[1]
                        .entry(format!("{key}/{below}"))
                        .or_default()
                        .push(heading);
                }
                2 => level_found[1] += 1,
                _ => {}
            }
        }
        // A document numbering its sections again in each division (some found under a
        // grouping) expects each number as often as it prints it: compared as multisets.
        // Otherwise as sets, as before (a number the source prints twice is found once).
        let per_division = cut.units.iter().any(|u| {
            top_provision(&u.canonical_address, &prefix, token).is_some_and(|r| {
                r.len() + prefix.len() + token.len() + 1 < u.canonical_address.len()
            })
        });
        let mut found_count: BTreeMap<&str, usize> = BTreeMap::new();
        for (o, _) in &found_top {
            *found_count.entry(o.as_str()).or_default() += 1;
        }
        let mut expected_count: BTreeMap<&str, usize> = BTreeMap::new();
        for o in &expected {
            *expected_count.entry(o.as_str()).or_default() += 1;
        }
        if !per_division {
            found_count.values_mut().for_each(|n| *n = usize::MAX);
            expected_count.values_mut().for_each(|n| *n = usize::MAX);
        }
        let mut left = found_count.clone();
        let missing: Vec<(usize, &str)> = expected
            .iter()
            .enumerate()
            .filter(|(_, o)| match left.get_mut(o.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .map(|(i, o)| (i, o.as_str()))
            .collect();
        let mut room = expected_count.clone();
        let extra: Vec<&(String, u32)> = found_top
            .iter()
            .filter(|(o, _)| match room.get_mut(o.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect();
        let mut errors: BTreeMap<&'static str, usize> = BTreeMap::new();
        let mut first_error = None;
        for d in &cut.diagnostics {
            if d.severity == Severity::Error {
                *errors.entry(d.code).or_default() += 1;
                first_error
                    .get_or_insert_with(|| format!("line {}: {} {}", d.line, d.code, d.message));
            }
        }
        let first_finding = if let Some((i, o)) = missing.first() {
            let at = expected_lines
                .get(*i)
                .map(|l| format!(" (source line {l})"))
                .unwrap_or_default();
            Some(format!(
                "{} of {} {token}s missing, first {token} {o}{at}{}",
                missing.len(),
                expected.len(),
                first_error
                    .as_ref()
                    .map(|e| format!("; first error {e}"))
                    .unwrap_or_default()
            ))
        } else if let Some((o, line)) = extra.first() {
            Some(format!(
                "{} {token}(s) cut that the source does not have, first {token} {o} at line {line}",
                extra.len()
            ))
        } else {
            first_error
        };
        let whole = !expected.is_empty() && first_finding.is_none();
        // A provision the source lacks may be the defect itself (quoted text cut as an
        // article because a closing mark is stray): it must be gone once repaired. A provision
        // the source has but prints misshapen (a stray mark after its number) must be found
        // once repaired.
        let repaired_whole = !whole
            && whole_after_repairs(
                &text,
                doc_code,
                vocabulary,
                &cut.diagnostics,
                &prefix,
                token,
            )
            .is_some_and(|top| {
                extra.iter().all(|(o, _)| !top.contains(o))
                    && missing.iter().all(|(_, o)| top.contains(*o))
            });
        let mark_findings = compare_marks(doc, &expected, &marked_top, &mut tally);
        let top_headings: Option<Vec<(String, &str)>> = top["headings"].as_array().map(|h| {
            expected
                .iter()
                .zip(h)
                .map(|(o, h)| (o.clone(), h.as_str().unwrap_or("")))
                .collect()
        });
        let heading_findings = [
            top_headings.map_or_else(Vec::new, |pairs| {
                compare_headings(&pairs, &found_heading[0], &mut tally.headings[0])
            }),
            match one_down_headings(top, &expected[..top_count]) {
                Some(pairs) => compare_headings(&pairs, &found_heading[1], &mut tally.headings[1]),
                // The format prints no headings one level down: each one cut there is extra.
                None if top.get("one_down").is_some_and(Value::is_null) => {
                    none_printed(&found_heading[1], &mut tally.headings[1])
                }
                None => Vec::new(),
            },
        ];
        let level_expected = [doc["levels"]["1"].as_u64(), doc["levels"]["2"].as_u64()];
        tally.documents += 1;
        tally.whole += usize::from(whole);
        tally.repaired_whole += usize::from(repaired_whole);
        tally.expected += expected.len();
        tally.found += expected.len() - missing.len();
        for k in 0..2 {
            if let Some(n) = level_expected[k] {
                tally.level_known = true;
                tally.level_expected[k] += n;
                tally.level_found[k] += level_found[k];
            }
        }
        for (code, n) in &errors {
            *tally.errors.entry(code).or_default() += n;
        }
        outcomes.push(Outcome {
            id,
            whole,
            repaired_whole,
            expected: expected.len(),
            found: expected.len() - missing.len(),
            level_expected,
            level_found,
            errors,
            first_finding: first_finding
                .or_else(|| (!whole).then(|| "the source has no top-level provisions".to_string())),
            mark_findings,
            round_trip: (render && whole).then(|| round_trip(&text, doc_code, vocabulary, &cut)),
            heading_findings,
        });
    }
    (tally, outcomes)
}

/// The headings of the provisions one level below the top-level ones, from the source's markup
/// (`top.one_down`: per top-level provision, parallel to `top.ordinals`, `[ordinal, heading]` of
/// each numbered provision one level below it, in document order, `""` where it prints none),
/// keyed as the cut's units are (`101/a`). `None` when the index gives no such list.
fn one_down_headings<'a>(top: &'a Value, ordinals: &[String]) -> Option<Vec<(String, &'a str)>> {
    let lists = top["one_down"].as_array()?;
    Some(
        ordinals
            .iter()
            .zip(lists)
            .flat_map(|(o, below)| {
                below.as_array().into_iter().flatten().map(move |p| {
                    (
                        format!("{o}/{}", p[0].as_str().unwrap_or("")),
                        p[1].as_str().unwrap_or(""),
                    )
                })
            })
            .collect(),
    )
}

/// Where the source prints no headings at a level (`top.one_down: null`): every heading the cut
/// gives there is extra.
fn none_printed(found: &BTreeMap<String, Vec<&str>>, count: &mut Headings) -> Vec<String> {
    count.known = true;
    let mut findings = Vec::new();
    for (key, headings) in found {
        for h in headings.iter().filter(|h| !heading_key(h).is_empty()) {
            count.extra += 1;
            findings.push(format!(
                "{key}: heading {:?} cut, the source prints none",
                excerpt(h)
            ));
        }
    }
    findings
}

/// The headings the source's markup gives at one level (`(key, heading)` of each provision it
/// has there, `""` for one printed without a heading) compared with the cut's, provision by
/// provision: the n-th provision with a key (`101`, `101/a`) is compared with the n-th unit cut
/// with that key. Counts the headings the source prints, those the cut reads the same
/// (`heading_key`), and the provisions without one that the cut gives one; returns each
/// difference (`IU_CORPUS_HEADINGS=1` prints them all, not only each document's first).
fn compare_headings(
    expected: &[(String, &str)],
    found: &BTreeMap<String, Vec<&str>>,
    count: &mut Headings,
) -> Vec<String> {
    count.known = true;
    let mut taken: BTreeMap<&str, usize> = BTreeMap::new();
    let mut findings = Vec::new();
    for (o, want) in expected {
        let n = taken.entry(o.as_str()).or_default();
        let got = found.get(o.as_str()).and_then(|v| v.get(*n).copied());
        *n += 1;
        let got_key = got.map(heading_key).unwrap_or_default();
        let want_key = heading_key(want);
        if want_key.is_empty() {
            if !got_key.is_empty() {
                count.extra += 1;
                findings.push(format!(
                    "{o}: heading {:?} cut, the source prints none",
                    excerpt(got.unwrap_or(""))
                ));
            }
            continue;
        }
        count.expected += 1;
        if got_key == want_key {
            count.right += 1;
        } else if got.is_some() {
            findings.push(format!(
                "{o}: heading {:?} cut, the source prints {:?}",
                excerpt(got.unwrap_or("")),
                excerpt(want)
            ));
        }
    }
    findings
}

/// A heading as compared: words lowercased and joined by one space, without the punctuation
/// around them (`SEC. 2. FINDINGS.` prints `FINDINGS.`; a heading may be `Definitions—`) or
/// quotation marks and brackets, in Unicode's composed form (NFC), as the cut reads each line:
/// a source may spell `á` as `a` and a combining accent (Pub. L. 114-113's `guantánamo`).
fn heading_key(h: &str) -> String {
    let h: String = h.nfc().collect();
    let mut out = String::with_capacity(h.len());
    for w in h.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ','
                    | ':'
                    | ';'
                    | '—'
                    | '–'
                    | '-'
                    | '['
                    | ']'
                    | '"'
                    | '“'
                    | '”'
                    | '‘'
                    | '’'
                    | '\''
            )
    })
    .to_owned()
}

/// Cut → render (`unit::render_document`, with the text's own head and tail) → cut: the same
/// units in the same order, or the first difference.
fn round_trip(
    text: &str,
    doc_code: &str,
    vocabulary: &iu_cutter_core::text::vocabulary::Vocabulary,
    first: &iu_cutter_core::read::cut::Cut,
) -> Result<(), String> {
    use iu_cutter_core::read::render::follow_units;
    use iu_cutter_core::store::unit::{Authority, LifecycleStatus, StoredUnit};
    let stored: Vec<StoredUnit> = first
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| StoredUnit {
            id: format!("u{i:08}"),
            document: "d".into(),
            section_type: u.section_type.to_string(),
            parent: u.parent.map(|p| format!("u{p:08}")),
            ordinal: u.ordinal.to_string(),
            heading: u.heading.clone(),
            body: u.body.clone(),
            content_sha256: u.content_sha256.to_string(),
            position: u.position,
            canonical_address: u.canonical_address.clone(),
            canonical_address_format_version: "1".into(),
            lifecycle_status: LifecycleStatus::Active,
            authority: Authority::Enacted,
        })
        .collect();
    let rendered = follow_units(&stored, vocabulary, doc_code, Some(text)).text;
    let again = iu_cutter_core::read::cut::cut(&rendered, doc_code, vocabulary);
    let key = |u: &iu_cutter_core::store::unit::CutUnit| {
        (
            u.canonical_address.clone(),
            u.section_type.clone(),
            u.ordinal.clone(),
            u.heading.clone(),
            u.body.clone(),
            u.content_sha256.clone(),
            u.parent,
        )
    };
    for (i, (a, b)) in first.units.iter().zip(&again.units).enumerate() {
        if key(a) != key(b) {
            // Where the bodies part, to show the difference rather than their common start.
            let at = a
                .body
                .chars()
                .zip(b.body.chars())
                .take_while(|(x, y)| x == y)
                .count()
                .saturating_sub(20);
            let from = |s: &str| s.chars().skip(at).collect::<String>();
            let line = rendered
                .lines()
                .nth(b.line.saturating_sub(1) as usize)
                .unwrap_or("");
            return Err(format!(
                "unit {i} {} ({:?} / {:?}) is cut back as {} ({:?} / {:?}) from rendered line {} `{}`",
                a.canonical_address,
                a.heading,
                excerpt(&from(&a.body)),
                b.canonical_address,
                b.heading,
                excerpt(&from(&b.body)),
                b.line,
                excerpt(line)
            ));
        }
    }
    if first.units.len() != again.units.len() {
        let i = first.units.len().min(again.units.len());
        return Err(format!(
            "{} units, {} cut back; first unmatched: {:?} / {:?}",
            first.units.len(),
            again.units.len(),
            first.units.get(i).map(|u| &u.canonical_address),
            again.units.get(i).map(|u| &u.canonical_address)
        ));
    }
    Ok(())
}

fn excerpt(s: &str) -> String {
    let t: String = s.chars().take(70).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

fn status_name(status: iu_cutter_core::store::unit::ProvisionStatus) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Compares the top-level provisions the cut marks (repealed, omitted …) with those the source's
/// markup marks (`top.status`, parallel to `top.ordinals`), and adds the source's count at every
/// level (`marked`). Returns one finding per provision marked differently.
fn compare_marks(
    doc: &Value,
    expected: &[String],
    marked_top: &BTreeMap<String, String>,
    tally: &mut Tally,
) -> Vec<String> {
    let Some(statuses) = doc["top"]["status"].as_array() else {
        return Vec::new();
    };
    tally.marks_known = true;
    for (status, n) in doc["marked"].as_object().into_iter().flatten() {
        *tally.marked_source.entry(status.clone()).or_default() +=
            usize::try_from(n.as_u64().unwrap_or(0)).unwrap_or(0);
    }
    let mut source: BTreeMap<&str, &str> = BTreeMap::new();
    for (ordinal, status) in expected.iter().zip(statuses) {
        if let Some(s) = status.as_str() {
            source.entry(ordinal.as_str()).or_insert(s);
        }
    }
    let mut findings = Vec::new();
    tally.marks_expected += source.len();
    for (ordinal, status) in &source {
        match marked_top.get(*ordinal) {
            Some(cut) if cut == status => tally.marks_same += 1,
            Some(cut) => {
                tally.marks_other += 1;
                findings.push(format!(
                    "{ordinal}: the source marks it {status}, the cut {cut}"
                ));
            }
            None => findings.push(format!(
                "{ordinal}: the source marks it {status}, the cut does not"
            )),
        }
    }
    for (ordinal, cut) in marked_top {
        if !source.contains_key(ordinal.as_str()) && expected.contains(ordinal) {
            tally.marks_extra += 1;
            findings.push(format!(
                "{ordinal}: the cut marks it {cut}, the source does not"
            ));
        }
    }
    findings
}

/// When every error carries a proposed repair and the text with all of them applied cuts with
/// no error: the top-level ordinals of that cut. A repair may restore a heading the source lost
/// (a number the ground truth skips) or one it misprints (a number it has); the caller checks
/// that every provision of the source is cut and none it lacks.
fn whole_after_repairs(
    text: &str,
    doc_code: &str,
    vocabulary: &iu_cutter_core::text::vocabulary::Vocabulary,
    diagnostics: &[iu_cutter_core::text::diagnostic::Diagnostic],
    prefix: &str,
    token: &str,
) -> Option<BTreeSet<String>> {
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let mut repairs = Vec::new();
    for d in &errors {
        match &d.repair {
            Some(r) => repairs.push(r),
            None => return None,
        }
    }
    // Last first, so each edit's offsets still hold; overlapping edits are not applied together.
    repairs.sort_by_key(|r| std::cmp::Reverse(r.offset));
    let mut repaired = text.to_string();
    let mut limit = usize::MAX;
    for r in repairs {
        if r.offset + r.length > limit {
            return None;
        }
        repaired = r.apply(&repaired)?;
        limit = r.offset;
    }
    let (cut, _) = cut_with_frame(&repaired, doc_code, vocabulary);
    if cut
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        return None;
    }
    Some(
        cut.units
            .iter()
            .filter_map(|u| top_provision(&u.canonical_address, prefix, token))
            .filter(|rest| !rest.contains('/'))
            .map(str::to_owned)
            .collect(),
    )
}

/// The part of `address` from its top-level provision's ordinal on (`101/subsection-a` of
/// `doc/section-101/subsection-a`, and of `doc/division-b/section-101/subsection-a` where the
/// document numbers its sections per division: groupings before it are not provisions).
fn top_provision<'a>(address: &'a str, prefix: &str, token: &str) -> Option<&'a str> {
    let mut rest = address.strip_prefix(prefix)?;
    loop {
        let (segment, after) = rest.split_once('/').unwrap_or((rest, ""));
        if let Some(ordinal) = segment
            .strip_prefix(token)
            .and_then(|s| s.strip_prefix('-'))
        {
            let start = address.len() - rest.len() + (segment.len() - ordinal.len());
            return address.get(start..);
        }
        if after.is_empty() {
            return None;
        }
        rest = after;
    }
}

fn percent(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// The first bracketed note of a site in `text`, found the way an editor would spot one and
/// apart from the cut's own rule: what happened to the provision `bởi` what, or to `… này`
/// (`[Khoản này được sửa đổi bởi …]`, `[Điều này hết hiệu lực …]`).
fn site_note_in(text: &str) -> Option<&str> {
    const THIS: [&str; 8] = [
        "Điều này",
        "Khoản này",
        "Điểm này",
        "Chương này",
        "Mục này",
        "Phần này",
        "Cụm từ",
        "Nội dung này",
    ];
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open..];
        let close = after.find(']')?;
        let inner = &after[1..close];
        if inner.contains(" bởi ") || THIS.iter().any(|t| inner.starts_with(t)) {
            return Some(&after[..=close]);
        }
        rest = &after[close..];
    }
    None
}

fn print_table(name: &str, t: &Tally, outcomes: &[Outcome], all: bool) {
    println!("\n{name}");
    println!("  {:<34} {:>9}", "documents", t.documents);
    println!(
        "  {:<34} {:>9}   {:.1} %",
        "cut whole",
        t.whole,
        percent(t.whole, t.documents)
    );
    println!(
        "  {:<34} {:>9}   {:.1} %",
        "whole, or whole after its repairs",
        t.whole + t.repaired_whole,
        percent(t.whole + t.repaired_whole, t.documents)
    );
    println!(
        "  {:<34} {:>9} / {}   {:.2} %",
        "top-level provisions found",
        t.found,
        t.expected,
        percent(t.found, t.expected)
    );
    if t.level_known {
        for k in 0..2 {
            println!(
                "  {:<34} {:>9} / {}",
                format!("provisions {} level(s) down", k + 1),
                t.level_found[k],
                t.level_expected[k]
            );
        }
    }
    if t.notes_out > 0 || !t.notes_in_text.is_empty() {
        println!(
            "  {:<34} {:>9}   {} of them beside their units, {} site notes left in unit text",
            "editorial notes out of the text",
            t.notes_out,
            t.site_notes,
            t.notes_in_text.len()
        );
    }
    // `extra`: headings cut where the source prints none.
    for (level, h) in HEADING_LEVELS.iter().zip(&t.headings) {
        if !h.known {
            continue;
        }
        if h.expected == 0 {
            println!(
                "  {:<34} {:>9}, {} extra",
                level.label, "none printed", h.extra
            );
        } else {
            println!(
                "  {:<34} {:>9} of {} ({:.2} %), {} extra",
                level.label,
                h.right,
                h.expected,
                percent(h.right, h.expected),
                h.extra
            );
        }
    }
    let by_status = |m: &BTreeMap<String, usize>| {
        m.iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "  {:<34} {:>9}   {}",
        "marked repealed … (cut, all levels)",
        t.marked_cut.values().sum::<usize>(),
        by_status(&t.marked_cut)
    );
    if t.marks_known {
        println!(
            "  {:<34} {:>9}   {}",
            "marked by the source (all levels)",
            t.marked_source.values().sum::<usize>(),
            by_status(&t.marked_source)
        );
        println!(
            "  {:<34} {:>9} / {}   {} with another status, {} the source does not mark",
            "top-level marked as the source",
            t.marks_same,
            t.marks_expected,
            t.marks_other,
            t.marks_extra
        );
    }
    let errors: Vec<String> = t.errors.iter().map(|(c, n)| format!("{c} {n}")).collect();
    println!(
        "  {:<34} {:>9}   {}",
        "errors",
        t.errors.values().sum::<usize>(),
        errors.join(", ")
    );
    println!(
        "  {:<34} {:>9.1}   ({:.2} MB in {:.0} ms)",
        "MB/s (cut only)",
        t.bytes as f64 / 1e6 / t.seconds.max(1e-9),
        t.bytes as f64 / 1e6,
        t.seconds * 1000.0
    );
    let marked_differently: Vec<(&str, &String)> = outcomes
        .iter()
        .flat_map(|o| o.mark_findings.iter().map(move |f| (o.id.as_str(), f)))
        .collect();
    if !marked_differently.is_empty() {
        println!("  marked differently ({}):", marked_differently.len());
        for (id, f) in marked_differently
            .iter()
            .take(if all { usize::MAX } else { 10 })
        {
            println!("    {id} {f}");
        }
        if !all && marked_differently.len() > 10 {
            println!(
                "    … {} more (--all lists them)",
                marked_differently.len() - 10
            );
        }
    }
    for (i, level) in HEADING_LEVELS.iter().enumerate() {
        let misheaded: Vec<(&str, &String)> = outcomes
            .iter()
            .filter_map(|o| Some((o.id.as_str(), o.heading_findings[i].first()?)))
            .collect();
        if misheaded.is_empty() {
            continue;
        }
        println!(
            "  {}, first of each document ({}):",
            level.differently,
            misheaded.len()
        );
        for (id, f) in misheaded.iter().take(if all { usize::MAX } else { 10 }) {
            println!("    {id} {f}");
        }
        if std::env::var_os("IU_CORPUS_HEADINGS").is_some() {
            for o in outcomes {
                for f in o.heading_findings[i].iter().skip(1) {
                    println!("    {} {f}", o.id);
                }
            }
        }
        if !all && misheaded.len() > 10 {
            println!("    … {} more (--all lists them)", misheaded.len() - 10);
        }
    }
    let not_whole: Vec<&Outcome> = outcomes.iter().filter(|o| !o.whole).collect();
    if !not_whole.is_empty() {
        println!("  not whole ({}):", not_whole.len());
        for o in not_whole.iter().take(if all { usize::MAX } else { 25 }) {
            let levels = match o.level_expected {
                [Some(a), Some(b)] => {
                    format!(" levels {}/{a} {}/{b}", o.level_found[0], o.level_found[1])
                }
                _ => String::new(),
            };
            let errors: usize = o.errors.values().sum();
            println!(
                "    {}{}: {}/{} found, {errors} error(s){levels}; {}",
                o.id,
                if o.repaired_whole {
                    " [defect of the source: whole after its proposed repairs]"
                } else {
                    ""
                },
                o.found,
                o.expected,
                o.first_finding.as_deref().unwrap_or("")
            );
        }
        if !all && not_whole.len() > 25 {
            println!("    … {} more (--all lists them)", not_whole.len() - 25);
        }
    }
}

fn json_row(name: &str, t: &Tally) -> Value {
    json!({
        "group": "corpus",
        "impl": "core",
        "name": name,
        "documents": t.documents,
        "whole": t.whole,
        "whole_percent": (percent(t.whole, t.documents) * 10.0).round() / 10.0,
        "whole_after_repairs": t.whole + t.repaired_whole,
        "provisions_found": t.found,
        "provisions_expected": t.expected,
        "errors": t.errors,
        "marked": t.marked_cut,
        "marked_by_source": t.marks_known.then_some(&t.marked_source),
        "top_marked_as_source": t.marks_known.then_some(json!([t.marks_same, t.marks_expected])),
        "notes_out_of_text": t.notes_out,
        "notes_beside_units": t.site_notes,
        "headings_right": t.headings[0].known.then_some(json!([t.headings[0].right, t.headings[0].expected])),
        "one_down_headings_right": t.headings[1].known.then_some(json!([t.headings[1].right, t.headings[1].expected])),
        "mb_per_s": (t.bytes as f64 / 1e6 / t.seconds.max(1e-9) * 10.0).round() / 10.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn floor() -> Value {
        json!({ "x": { "top_right": 5, "one_down_right": 7 } })
    }

    #[test]
    fn fewer_headings_one_level_down_break_their_floor() {
        let (now, below) = plan_heading_floors(&floor(), &[("x", [Some(5), Some(6)])], None);
        assert_eq!(
            below,
            ["x: 6 headings one level down right, floor 7".to_string()]
        );
        assert_eq!(now["x"], json!({ "top_right": 5, "one_down_right": 6 }));
        assert!(now.get("lowered").is_none());
        // The top level goes through the same path.
        let (_, below) = plan_heading_floors(&floor(), &[("x", [Some(4), Some(7)])], None);
        assert_eq!(
            below,
            ["x: 4 top-level headings right, floor 5".to_string()]
        );
    }

    #[test]
    fn a_level_no_longer_measured_breaks_its_floor_and_leaves_only_when_lowered() {
        let (_, below) = plan_heading_floors(&floor(), &[("x", [Some(5), None])], None);
        assert_eq!(below.len(), 1);
        assert!(below[0].contains("not measured"), "{below:?}");
        let (now, _) = plan_heading_floors(&floor(), &[("x", [Some(5), None])], Some("why"));
        assert_eq!(now["x"], json!({ "top_right": 5 }));
        assert_eq!(now["lowered"], json!({ "x.one_down_right": "why" }));
    }

    #[test]
    fn a_figure_new_or_higher_holds_and_other_corpora_are_left_alone() {
        let floor = json!({ "x": { "top_right": 5 }, "y": { "top_right": 9 } });
        let (now, below) = plan_heading_floors(
            &floor,
            &[("x", [Some(6), Some(3)]), ("z", [None, None])],
            None,
        );
        assert!(below.is_empty(), "{below:?}");
        assert_eq!(
            now,
            json!({ "x": { "top_right": 6, "one_down_right": 3 }, "y": { "top_right": 9 } })
        );
    }

    #[test]
    fn headings_one_level_down_are_compared_by_address() {
        let top = json!({
            "ordinals": ["101", "102"],
            "one_down": [[["a", "In General.—"], ["b", ""], ["c", "Other"]], [["1", "Short title"]]],
        });
        let pairs = one_down_headings(&top, &["101".into(), "102".into()]).unwrap();
        let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["101/a", "101/b", "101/c", "102/1"]);
        let mut found: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        found.insert("101/a".into(), vec!["In general"]);
        found.insert("101/b".into(), vec!["Penalty"]);
        found.insert("102/1".into(), vec!["Long title"]);
        let mut count = Headings::default();
        let findings = compare_headings(&pairs, &found, &mut count);
        // 101/a right; 101/b extra; 101/c not cut; 102/1 read differently.
        assert_eq!((count.expected, count.right, count.extra), (3, 1, 1));
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert!(top.get("one_down").is_some());
        assert!(one_down_headings(&json!({ "ordinals": ["1"] }), &["1".into()]).is_none());
    }
}
