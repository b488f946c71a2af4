//! The citation benchmark: the finder measured on passages of real text labelled by reading them.
//!
//! `cargo run --release -p iu-cutter-core --example citations -- [--check FLOOR] [--update FLOOR] [--json] [--all] FILE.jsonl …`
//!
//! Each line of a FILE is one passage (`tests/citations/README.md`): its text, the document it
//! belongs to (`doc`), the unit it sits in (`context`), and every mention a reader labelled in
//! it: citations with the addresses they mean, and prose that only looks like one. The passage
//! is given to [`CitationFinder::find`] exactly as the admin app and the API give a text (the
//! vocabulary of its corpus, `doc` as the current document, `context` for relative citations).
//!
//! **Matching.** Labels and finds that overlap form a group (a list the reader labelled as one
//! mention may be found as two citations, or the other way round). A group is right when the
//! finds list exactly the addresses the labels list (as sets); a label naming a document
//! without its code (`doc_title`, no address) is right when the finds overlapping it list no
//! address either. Recall: labelled citations in right groups / labelled citations. Precision:
//! finds in right groups / finds. A find with no citation label under it (on a lookalike, a
//! heading or unlabelled words) is a false find.
//!
//! The set of a passage is the folder of its file (`vi`, `en`, `peers`); the peers' files are
//! also counted one by one (each must be 100%). Passages whose `split` is `heldout` are scored
//! but their misses are never printed: they measure how the finder does on text nobody tuned it to.
//!
//! The display's path is measured too: every labelled address is cited back
//! ([`cite_address`], what the citation display shows) and found again; the table says how many
//! come back as the same address.
//!
//! - `--check FLOOR`: exit 1 when a set's precision or recall is below the floor's, a peers
//!   file is below 100% (`tests/citations/floor.json`), a set given has no floor, a set with a
//!   floor is not given, or the floor file is missing or not a floor.
//! - `--update FLOOR`: write this run's figures as the floor. It never lowers one silently: when
//!   a figure would go down or a set leave the floor, it writes nothing, lists them and exits 1;
//!   `--lower=REASON` writes them, each named under `"lowered"` (`"vi.recall": REASON`), which
//!   is what `scripts/floors.py` accepts.
//!
//! A label whose text is not in its passage (at its `occurrence`) fails every run, naming the
//! file, line, passage and label: dropping it would quietly change the recall.
//! - `--json`: one JSON object (for `npm run bench`) instead of the tables.
//! - `--all`: print every miss and false find (default: the first 40 per set).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

use iu_cutter_core::read::citations::{Citation, CitationFinder};
use iu_cutter_core::text::address::{parse, Address};
use iu_cutter_core::text::cite::{cite_address, DocLabel};
use iu_cutter_core::text::doc_code::normalize_doc_code;
use iu_cutter_core::text::vocabulary::{default_vocabulary, Vocabulary};
use serde_json::{json, Value};

/// The vocabulary a corpus's texts are read with (as a document of that corpus is cut and cited).
fn vocabulary_of(corpus: &str) -> &'static str {
    match corpus {
        c if c.starts_with("vi") => "vi",
        "us-code" | "us-plaw" | "peers" => "us",
        "uk-clml" | "akn-uk" => "uk",
        "ca-lims" => "commonwealth",
        _ => "en",
    }
}

struct Label {
    start: usize,
    end: usize,
    citation: bool,
    form: String,
    text: String,
    addresses: BTreeSet<String>,
}

#[derive(Default, Clone, Copy)]
struct Count {
    /// Labelled citations, and those found right.
    labelled: usize,
    hit: usize,
    /// Finds, and those right.
    found: usize,
    right: usize,
}

impl Count {
    fn add(&mut self, o: Count) {
        self.labelled += o.labelled;
        self.hit += o.hit;
        self.found += o.found;
        self.right += o.right;
    }
    fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.right as f64 / self.found as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.labelled == 0 {
            1.0
        } else {
            self.hit as f64 / self.labelled as f64
        }
    }
}

#[derive(Default)]
struct Set {
    /// `dev`, `heldout`, and per form (dev and held out together).
    split: BTreeMap<String, Count>,
    form: BTreeMap<String, Count>,
    passages: usize,
    bytes: usize,
    non_citations: usize,
    findings: Vec<String>,
    round_trip: (usize, usize),
    round_trip_failures: Vec<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut check = None;
    let mut update = None;
    let mut lower = None;
    let (mut as_json, mut all) = (false, false);
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => check = it.next().cloned(),
            "--update" => update = it.next().cloned(),
            "--json" => as_json = true,
            "--all" => all = true,
            _ => match a.strip_prefix("--lower=") {
                Some(reason) if !reason.trim().is_empty() => lower = Some(reason.trim().to_owned()),
                Some(_) => {
                    eprintln!("--lower needs a reason: --lower=\"why this floor may go down\"");
                    std::process::exit(2);
                }
                None => files.push(a.clone()),
            },
        }
    }
    if files.is_empty() {
        eprintln!(
            "usage: citations [--check FLOOR] [--update FLOOR [--lower=REASON]] [--json] [--all] FILE.jsonl …"
        );
        std::process::exit(2);
    }

    let mut sets: BTreeMap<String, Set> = BTreeMap::new();
    let mut label_errors: Vec<String> = Vec::new();
    // One finder per vocabulary, built once (as the API keeps one per process), and the time it spent.
    let mut finders: BTreeMap<&'static str, (CitationFinder<'static>, f64, usize)> =
        BTreeMap::new();
    for file in &files {
        let path = Path::new(file);
        let set_name = path
            .parent()
            .and_then(|p| p.file_name())
            .map_or("?".into(), |n| n.to_string_lossy().into_owned());
        let body = std::fs::read_to_string(path).unwrap_or_else(|e| {
            eprintln!("{file}: {e}");
            std::process::exit(2)
        });
        let names = if set_name == "peers" {
            vec![
                set_name.clone(),
                format!(
                    "peers/{}",
                    path.file_stem().unwrap_or_default().to_string_lossy()
                ),
            ]
        } else {
            vec![set_name.clone()]
        };
        for (n, line) in body.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let p: Value = serde_json::from_str(line).unwrap_or_else(|e| {
                eprintln!("{file}:{}: {e}", n + 1);
                std::process::exit(2)
            });
            let corpus = p["corpus"].as_str().unwrap_or("");
            let vocab_id = vocabulary_of(corpus);
            let vocabs: &'static [Vocabulary] =
                std::slice::from_ref(default_vocabulary(vocab_id).expect("a shipped vocabulary"));
            let (finder, seconds, bytes) = finders
                .entry(vocab_id)
                .or_insert_with(|| (CitationFinder::new(vocabs), 0.0, 0));
            let text = p["text"].as_str().unwrap_or("");
            // A line of an amending instruction belongs to the document it amends, as the
            // amendment reader says (`amends`, written by tests/citations/inputs.py).
            let amends = &p["amends"];
            let doc = amends["doc"].as_str().or(p["doc"].as_str());
            let context = if amends.is_object() {
                amends["context"].as_str()
            } else {
                p["context"].as_str()
            };
            let context = context.and_then(|c| parse(c).ok());
            // A passage is a line of its document, so it ends with the line's break: `Chương II`
            // alone on its line is a heading, as it is in the document.
            let line = format!("{text}\n");
            let started = Instant::now();
            let finds = finder.find(&line, doc, context.as_ref());
            *seconds += started.elapsed().as_secs_f64();
            *bytes += text.len();
            let (labels, missing) = labels_of(&p, text);
            for m in missing {
                label_errors.push(format!(
                    "{file}:{}: passage {}: {m}",
                    n + 1,
                    p["id"].as_str().unwrap_or("?")
                ));
            }
            for name in &names {
                let set = sets.entry(name.clone()).or_default();
                score(set, &p, text, &labels, &finds, all);
                round_trip(set, &labels, finder, vocabs, p["doc"].as_str());
            }
        }
    }

    let speed: BTreeMap<_, _> = finders
        .iter()
        .map(|(id, (_, seconds, bytes))| (*id, json!({"bytes": bytes, "seconds": seconds, "mb_per_s": *bytes as f64 / 1e6 / seconds.max(1e-9)})))
        .collect();
    if as_json {
        let out: BTreeMap<_, _> = sets
            .iter()
            .map(|(name, s)| (name.clone(), summary(s)))
            .collect();
        println!("{}", json!({"sets": out, "speed": speed}));
    } else {
        for (name, set) in &sets {
            print_set(name, set, all);
        }
        println!("\nfinder, native, one pass per passage (passages are short: per-call overhead included):");
        for (id, v) in &speed {
            println!(
                "  {id}: {} bytes in {:.1} ms, {:.1} MB/s",
                v["bytes"],
                v["seconds"].as_f64().unwrap_or(0.0) * 1e3,
                v["mb_per_s"].as_f64().unwrap_or(0.0)
            );
        }
    }
    if !label_errors.is_empty() {
        eprintln!(
            "\n{} label(s) not found in their passage (fix the label's text to what the passage says; `python3 tests/citations/check.py FILE` checks a file):",
            label_errors.len()
        );
        for e in &label_errors {
            eprintln!("  {e}");
        }
        std::process::exit(1);
    }
    let figures: BTreeMap<String, [f64; 2]> = sets
        .iter()
        .map(|(name, s)| {
            let c = total(s);
            (name.clone(), [c.precision(), c.recall()])
        })
        .collect();
    if let Some(floor) = update {
        write_floor(&floor, &figures, lower.as_deref());
    }
    if let Some(floor) = check {
        let failures = match read_floor(&floor) {
            Ok((want, _)) => below_floor(&figures, &want),
            Err(e) => vec![e],
        };
        if !failures.is_empty() {
            for f in &failures {
                println!("FLOOR {f}");
            }
            std::process::exit(1);
        }
        println!("citation floors hold ({floor})");
    }
}

const FIGURES: [&str; 2] = ["precision", "recall"];

/// A floor file: per set, its precision and recall floors; and `"lowered"`, the record of each
/// floor lowered on purpose (`"vi.recall": REASON`), which only `scripts/floors.py` reads.
type Floors = BTreeMap<String, [f64; 2]>;

fn read_floor(path: &str) -> Result<(Floors, serde_json::Map<String, Value>), String> {
    let raw = std::fs::read_to_string(path).map_err(|e| {
        format!("{path}: {e}: restore it (`git checkout HEAD -- {path}`); `npm run citations -- --update` writes a new one")
    })?;
    let bad = |why: String| {
        format!("{path}: not a citation floor: {why}; expected {{\"SET\": {{\"precision\": 0.9, \"recall\": 0.9}}, …, \"lowered\": {{\"SET.FIGURE\": \"REASON\"}}}}")
    };
    let value: Value = serde_json::from_str(&raw).map_err(|e| bad(e.to_string()))?;
    let Value::Object(map) = value else {
        return Err(bad("not a JSON object".into()));
    };
    let mut floors = Floors::new();
    let mut lowered = serde_json::Map::new();
    for (name, v) in map {
        if name == "lowered" {
            lowered = v
                .as_object()
                .filter(|m| m.values().all(Value::is_string))
                .cloned()
                .ok_or_else(|| bad("\"lowered\" must map SET.FIGURE to a reason".into()))?;
            continue;
        }
        let mut pair = [0.0; 2];
        for (i, what) in FIGURES.iter().enumerate() {
            pair[i] = v[*what]
                .as_f64()
                .ok_or_else(|| bad(format!("set {name:?} has no number {what:?}")))?;
        }
        floors.insert(name, pair);
    }
    Ok((floors, lowered))
}

/// Every way the run falls short of the floor: a figure below it (a peers file below 100 %),
/// a set with a floor that was not given, a set given with no floor.
fn below_floor(figures: &Floors, want: &Floors) -> Vec<String> {
    let mut out = Vec::new();
    for (name, w) in want {
        let Some(got) = figures.get(name) else {
            out.push(format!("{name}: no passages of this set were given"));
            continue;
        };
        for (i, what) in FIGURES.iter().enumerate() {
            let min = if name.starts_with("peers/") {
                1.0
            } else {
                w[i]
            };
            if got[i] + 1e-9 < min {
                out.push(format!(
                    "{name}: {what} {:.4} is below the floor {min:.4}",
                    got[i]
                ));
            }
        }
    }
    for name in figures.keys().filter(|n| !want.contains_key(*n)) {
        out.push(format!(
            "{name}: labelled passages were given but the floor file has no floor for this set; add one (`npm run citations -- --update`)"
        ));
    }
    out
}

/// `--update`: this run's figures, a hair under and rounded down so that noise-free reruns pass.
/// A floor that would go down (or a set that would leave) is written only with `--lower=REASON`,
/// and then named under `"lowered"`; earlier `"lowered"` entries are kept as the record.
fn write_floor(path: &str, figures: &Floors, lower: Option<&str>) {
    let new: Floors = figures
        .iter()
        .map(|(name, f)| (name.clone(), f.map(floor3)))
        .collect();
    // No floor file yet: nothing to lower. A floor file that is there but not a floor is
    // not overwritten: what it held cannot be compared.
    let (old, mut lowered) = if Path::new(path).exists() {
        read_floor(path).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(2)
        })
    } else {
        Default::default()
    };
    let mut down = Vec::new();
    for (name, was) in &old {
        match new.get(name) {
            None => down.push((
                name.clone(),
                format!("{name}: no passages given (floor {was:?})"),
            )),
            Some(now) => {
                for (i, what) in FIGURES.iter().enumerate() {
                    if now[i] < was[i] {
                        down.push((
                            format!("{name}.{what}"),
                            format!("{name}.{what}: {} → {}", was[i], now[i]),
                        ));
                    }
                }
            }
        }
    }
    if !down.is_empty() {
        let Some(reason) = lower else {
            eprintln!("--update would lower the citation floor; {path} not written:");
            for (_, d) in &down {
                eprintln!("  {d}");
            }
            eprintln!("Fix the finder or the labels, or, if this is meant, run again with --lower=\"REASON\" (it is recorded under \"lowered\").");
            std::process::exit(1)
        };
        for (key, d) in &down {
            lowered.insert(key.clone(), json!(reason));
            println!("lowered: {d}");
        }
    }
    let mut out: BTreeMap<String, Value> = new
        .iter()
        .map(|(name, f)| (name.clone(), json!({ "precision": f[0], "recall": f[1] })))
        .collect();
    if !lowered.is_empty() {
        out.insert("lowered".into(), Value::Object(lowered));
    }
    std::fs::write(
        path,
        serde_json::to_string_pretty(&out).unwrap_or_default() + "\n",
    )
    .unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    println!("wrote {path}");
}

fn floor3(x: f64) -> f64 {
    (x * 1000.0).floor() / 1000.0
}

/// The labels of a passage with their byte spans (the `occurrence`-th match of their text), and
/// each label that cannot be placed (its text is not in the passage that many times).
fn labels_of(p: &Value, text: &str) -> (Vec<Label>, Vec<String>) {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for (k, m) in p["mentions"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let t = m["text"].as_str().unwrap_or("");
        let nth = m["occurrence"].as_u64().unwrap_or(1).max(1) as usize;
        let found = text.match_indices(t).nth(nth - 1).filter(|_| !t.is_empty());
        let Some((start, _)) = found else {
            missing.push(format!(
                "mention {}: {t:?} (occurrence {nth}) is not in the passage's text",
                k + 1
            ));
            continue;
        };
        out.push(Label {
            start,
            end: start + t.len(),
            citation: m["citation"].as_bool().unwrap_or(false),
            form: m["form"].as_str().unwrap_or("?").to_owned(),
            text: t.to_owned(),
            addresses: m["addresses"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    (out, missing)
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Groups overlapping labels and finds, and counts each group right or wrong.
fn score(set: &mut Set, p: &Value, text: &str, labels: &[Label], finds: &[Citation], all: bool) {
    let split = p["split"].as_str().unwrap_or("dev").to_owned();
    let heldout = split == "heldout";
    set.passages += 1;
    set.bytes += text.len();
    set.non_citations += labels.iter().filter(|l| !l.citation).count();
    // Union-find over labels (0..L) and finds (L..L+F).
    let n = labels.len() + finds.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let spans: Vec<(usize, usize)> = labels
        .iter()
        .map(|l| (l.start, l.end))
        .chain(finds.iter().map(|f| (f.span.start, f.span.end)))
        .collect();
    for i in 0..n {
        for j in i + 1..n {
            if overlaps(spans[i], spans[j]) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    for members in groups.values() {
        let ls: Vec<&Label> = members
            .iter()
            .filter(|&&i| i < labels.len())
            .map(|&i| &labels[i])
            .collect();
        let fs: Vec<&Citation> = members
            .iter()
            .filter(|&&i| i >= labels.len())
            .map(|&i| &finds[i - labels.len()])
            .collect();
        let cites: Vec<&&Label> = ls.iter().filter(|l| l.citation).collect();
        let want: BTreeSet<&str> = cites
            .iter()
            .flat_map(|l| l.addresses.iter().map(String::as_str))
            .collect();
        let got: BTreeSet<&str> = fs
            .iter()
            .flat_map(|f| f.addresses.iter().map(String::as_str))
            .collect();
        if cites.is_empty() && fs.is_empty() {
            continue; // a lookalike nothing took for a citation
        }
        let right = !cites.is_empty() && !fs.is_empty() && want == got;
        let form = cites
            .first()
            .map(|l| l.form.clone())
            .or_else(|| ls.first().map(|l| l.form.clone()))
            .unwrap_or_else(|| "unlabelled".into());
        let mut c = Count {
            labelled: cites.len(),
            found: fs.len(),
            ..Count::default()
        };
        if right {
            c.hit = cites.len();
            c.right = fs.len();
        }
        set.split.entry(split.clone()).or_default().add(c);
        set.form.entry(form.clone()).or_default().add(c);
        if !right && !heldout && (all || set.findings.len() < 40) {
            let what = if cites.is_empty() {
                "FALSE"
            } else if fs.is_empty() {
                "MISS "
            } else {
                "WRONG"
            };
            let label_text = ls
                .iter()
                .map(|l| format!("{:?}", l.text))
                .collect::<Vec<_>>()
                .join(" + ");
            let found_text = fs
                .iter()
                .map(|f| {
                    let problem = f
                        .problem
                        .as_ref()
                        .map_or(String::new(), |p| format!(" ({})", p.code()));
                    format!("{:?} → {:?}{problem}", f.text, f.addresses)
                })
                .collect::<Vec<_>>()
                .join("; ");
            set.findings.push(format!(
                "{what} {form:<16} {}  labelled {label_text} = {want:?}  found {found_text}",
                p["id"].as_str().unwrap_or("?"),
            ));
        }
    }
}

/// The display's path: each labelled address of the passage's own document, cited back as the
/// citation display shows it (with the document's code) and found again, must give the same address.
fn round_trip(
    set: &mut Set,
    labels: &[Label],
    finder: &CitationFinder,
    vocabs: &[Vocabulary],
    doc: Option<&str>,
) {
    let Some(code) = doc else { return };
    let Ok(slug) = normalize_doc_code(code) else {
        return;
    };
    let label = DocLabel {
        code: code.to_owned(),
        title: None,
    };
    for l in labels.iter().filter(|l| l.citation) {
        for a in &l.addresses {
            if !a.starts_with(&format!("{slug}/")) {
                continue; // a document alone is shown as its title; another document's code is not known here
            }
            set.round_trip.1 += 1;
            let back = cite_address(a, vocabs, Some(&label)).ok().map(|c| {
                let found = finder.find(&c.citation, None, None::<&Address>);
                (
                    c.citation,
                    found
                        .first()
                        .map(|f| f.addresses.clone())
                        .unwrap_or_default(),
                )
            });
            match back {
                Some((_, ref got)) if got.len() == 1 && got[0] == *a => set.round_trip.0 += 1,
                other => {
                    if set.round_trip_failures.len() < 10 {
                        set.round_trip_failures.push(format!("{a} → {other:?}"));
                    }
                }
            }
        }
    }
}

fn total(s: &Set) -> Count {
    let mut c = Count::default();
    for v in s.split.values() {
        c.add(*v);
    }
    c
}

fn summary(s: &Set) -> Value {
    let c = total(s);
    let split: BTreeMap<_, _> = s
        .split
        .iter()
        .map(|(k, v)| (k.clone(), json!({"labelled": v.labelled, "hit": v.hit, "found": v.found, "right": v.right, "precision": v.precision(), "recall": v.recall()})))
        .collect();
    let form: BTreeMap<_, _> = s
        .form
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                json!({"labelled": v.labelled, "hit": v.hit, "found": v.found, "right": v.right}),
            )
        })
        .collect();
    json!({
        "passages": s.passages, "bytes": s.bytes, "labelled": c.labelled, "non_citations": s.non_citations,
        "found": c.found, "precision": c.precision(), "recall": c.recall(), "split": split, "form": form,
        "round_trip": {"same": s.round_trip.0, "of": s.round_trip.1}, "findings": s.findings,
    })
}

fn print_set(name: &str, s: &Set, all: bool) {
    let c = total(s);
    println!(
        "\n## {name}: {} passages, {} labelled citations, {} lookalikes and headings, {} finds",
        s.passages, c.labelled, s.non_citations, c.found
    );
    println!("| part | labelled | found right | finds | right | precision | recall |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let row = |k: &str, v: &Count| {
        println!(
            "| {k} | {} | {} | {} | {} | {:.4} | {:.4} |",
            v.labelled,
            v.hit,
            v.found,
            v.right,
            v.precision(),
            v.recall()
        )
    };
    row("**all**", &c);
    for (k, v) in &s.split {
        row(k, v);
    }
    for (k, v) in &s.form {
        row(&format!("form `{k}`"), v);
    }
    println!(
        "\ndisplay round trip (address → citation → address): {} of {} the same",
        s.round_trip.0, s.round_trip.1
    );
    for f in &s.round_trip_failures {
        println!("  {f}");
    }
    if !s.findings.is_empty() {
        println!("\nmisses (MISS), wrong addresses (WRONG) and false finds (FALSE), held-out passages not shown{}:", if all { "" } else { " (first 40; --all for every one)" });
        for f in &s.findings {
            println!("  {f}");
        }
    }
}
