//! Real legislation as it is published, cut with the vocabulary of its style.
//!
//! Each fixture under `tests/fixtures/legislation/<name>/` holds the text as the publisher
//! prints it, rendered from the official XML by `render.py`, and `expected.json`: the number
//! of units of each kind counted from that XML's own structure (never from a cutter), sample
//! addresses, and lines that must not become units (tables of contents, quoted amendments,
//! notes). `SOURCE.md` names every source. Run with `--nocapture` for the table per fixture.

use crate::cut_common;

use std::collections::BTreeMap;
use std::time::Instant;

use cut_common::{fixture, well_formed};
use iu_cutter_core::read::cut::{cut_with_frame, Cut};
use iu_cutter_core::text::vocabulary::default_vocabulary;
use serde_json::Value;

struct Report {
    cut: Cut,
    expected: Value,
    text: String,
    found: BTreeMap<String, usize>,
    millis: f64,
}

fn cut_fixture(name: &str) -> Report {
    let text = fixture(&format!("legislation/{name}/text.txt"));
    let expected: Value =
        serde_json::from_str(&fixture(&format!("legislation/{name}/expected.json")))
            .unwrap_or_else(|e| panic!("{name}/expected.json: {e}"));
    let id = expected["vocabulary"].as_str().expect("vocabulary");
    let doc_code = expected["doc_code"].as_str().expect("doc_code");
    let vocabulary = default_vocabulary(id).unwrap_or_else(|| panic!("no vocabulary {id}"));
    // The best of five runs: the machine is shared.
    let mut millis = f64::MAX;
    let mut result = None;
    for _ in 0..5 {
        let started = Instant::now();
        let (cut, _) = cut_with_frame(&text, doc_code, vocabulary);
        millis = millis.min(started.elapsed().as_secs_f64() * 1000.0);
        result = Some(cut);
    }
    let cut = result.expect("cut");
    well_formed(&cut, vocabulary).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut found = BTreeMap::new();
    for u in cut
        .units
        .iter()
        .filter(|u| !in_definition(&u.canonical_address))
    {
        *found.entry(u.section_type.to_string()).or_default() += 1;
    }
    let report = Report {
        cut,
        expected,
        text,
        found,
        millis,
    };
    print_table(name, &report);
    report
}

fn print_table(name: &str, r: &Report) {
    let mut diagnostics: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &r.cut.diagnostics {
        *diagnostics.entry(d.code).or_default() += 1;
    }
    eprintln!(
        "\n{name}: {} units, cut in {:.2} ms (best of 5)",
        r.cut.units.len(),
        r.millis
    );
    eprintln!("  {:<28} {:>8} {:>8}", "kind", "expected", "found");
    let counts = r.expected["counts"].as_object().expect("counts");
    for (kind, n) in counts {
        let found = r.found.get(kind).copied().unwrap_or(0);
        let mark = if kind.contains(':') || Some(found as u64) == n.as_u64() {
            ""
        } else {
            "  <-- differs"
        };
        eprintln!("  {kind:<28} {:>8} {found:>8}{mark}", n);
    }
    for (kind, found) in &r.found {
        if !counts.contains_key(kind) {
            eprintln!("  {kind:<28} {:>8} {found:>8}  <-- not expected", 0);
        }
    }
    eprintln!("  diagnostics: {diagnostics:?}");
}

// A definition, or a unit under one (`…/definition-owner/paragraph-a`). The fixtures' ground
// truth (`render.py`) reads the source's numbered provisions only: CLML and Akoma Ntoso list a
// definition's `(a)`, `(b)` as items of a list, not as numbered levels, so definitions and what
// they hold are compared on their own (`definitions_under_their_listing_units`).
fn in_definition(address: &str) -> bool {
    address.contains("/definition-")
}

fn addresses(r: &Report) -> Vec<&str> {
    r.cut
        .units
        .iter()
        .map(|u| u.canonical_address.as_str())
        .filter(|a| !in_definition(a))
        .collect()
}

/// Every covered kind has exactly the count of the source's XML.
fn assert_counts(name: &str, r: &Report) {
    let counts = r.expected["counts"].as_object().expect("counts");
    let mut wrong = Vec::new();
    for (kind, n) in counts.iter().filter(|(k, _)| !k.contains(':')) {
        let found = r.found.get(kind).copied().unwrap_or(0) as u64;
        if Some(found) != n.as_u64() {
            wrong.push(format!("{kind}: expected {n}, found {found}"));
        }
    }
    for (kind, found) in &r.found {
        if !counts.contains_key(kind) {
            wrong.push(format!("{kind}: expected none, found {found}"));
        }
    }
    assert!(wrong.is_empty(), "{name}: {wrong:#?}");
}

/// The sample addresses exist, and no unit starts on a line of a table of contents, a quotation or a note.
fn in_source(r: &Report, address: &str) -> bool {
    r.expected["addresses"]
        .as_array()
        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(address)))
}

fn assert_samples_and_not_units(name: &str, r: &Report, known_missing: &[String]) {
    let all = addresses(r);
    let doc = &r.cut.doc;
    let missing: Vec<&str> = r.expected["samples"]
        .as_array()
        .expect("samples")
        .iter()
        .filter_map(Value::as_str)
        // Samples of levels no vocabulary addresses (Laws.Africa's un-numbered subparts) and known differences aside.
        .filter(|s| in_source(r, s) && !known_missing.iter().any(|m| m == s))
        .filter(|s| !all.contains(&format!("{doc}/{s}").as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{name}: sample addresses not cut: {missing:#?}"
    );
    let lines: Vec<&str> = r.text.lines().collect();
    let mut spurious = Vec::new();
    for not_unit in r.expected["not_units"]
        .as_array()
        .expect("not_units")
        .iter()
        .filter_map(Value::as_str)
    {
        let Some(at) = lines.iter().position(|l| l.trim() == not_unit.trim()) else {
            panic!("{name}: not_units line not in the text: {not_unit}");
        };
        let number = u32::try_from(at + 1).expect("line number");
        // `render.py` samples lines opening with `"` as quotations; in an interpretation
        // provision such a line is a definition (`"homeland" means …`), a unit of its own.
        let unit = r.cut.units.iter().find(|u| u.line == number);
        if let Some(u) = unit.filter(|u| {
            !u.canonical_address
                .ends_with(&format!("/definition-{}", u.ordinal))
        }) {
            spurious.push(format!(
                "line {number} '{not_unit}' became {}",
                u.canonical_address
            ));
        }
    }
    assert!(spurious.is_empty(), "{name}: {spurious:#?}");
}

/// Address for address: the cut gives exactly the source's addresses, less and plus the
/// differences `known-differences.json` lists, each with why the print and the markup disagree.
fn assert_addresses(name: &str, r: &Report) -> (Vec<String>, usize) {
    let mut expected: Vec<String> = r.expected["addresses"]
        .as_array()
        .expect("addresses")
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let (mut missing, mut extra) = (Vec::new(), Vec::new());
    let path = format!(
        "{}/tests/fixtures/legislation/{name}/known-differences.json",
        env!("CARGO_MANIFEST_DIR")
    );
    if let Ok(text) = std::fs::read_to_string(&path) {
        let known: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let list = |key: &str| -> Vec<String> {
            known[key]
                .as_array()
                .expect(key)
                .iter()
                .map(|d| {
                    assert!(
                        d["why"].as_str().is_some_and(|w| !w.is_empty()),
                        "{path}: a difference without a reason"
                    );
                    d["address"].as_str().expect("address").to_owned()
                })
                .collect()
        };
        missing = list("missing");
        extra = list("extra");
    }
    expected.retain(|a| !missing.contains(a));
    expected.extend(extra.iter().cloned());
    let doc = format!("{}/", r.cut.doc);
    let mut found: Vec<String> = addresses(r)
        .iter()
        .map(|a| a.strip_prefix(&doc).unwrap_or(a).to_owned())
        .collect();
    expected.sort();
    found.sort();
    let not_cut: Vec<&String> = expected
        .iter()
        .filter(|a| found.binary_search(a).is_err())
        .collect();
    let spurious: Vec<&String> = found
        .iter()
        .filter(|a| expected.binary_search(a).is_err())
        .collect();
    assert!(
        not_cut.is_empty() && spurious.is_empty(),
        "{name}: not cut {not_cut:#?}, spurious {spurious:#?}"
    );
    (missing, extra.len())
}

fn check(name: &str) -> Report {
    let r = cut_fixture(name);
    let (missing, extra) = assert_addresses(name, &r);
    if missing.is_empty() && extra == 0 {
        assert_counts(name, &r);
    }
    eprintln!(
        "  addresses: all {} as the source's, {} known missing, {extra} known extra",
        r.cut.units.len(),
        missing.len()
    );
    assert_samples_and_not_units(name, &r, &missing);
    r
}

/// The definitions of an interpretation section are units under the unit listing them, each
/// addressed by its term (ADDRESS-GRAMMAR §2). (This fixture prints a definition's list items
/// without their generated `(a)`, `(b)`: `cut_uk_definitions` has them.)
#[test]
fn definitions_under_their_listing_units() {
    let r = cut_fixture("uk-ukpga-2002-16");
    let doc = format!("{}/", r.cut.doc);
    let defs: Vec<&str> = r
        .cut
        .units
        .iter()
        .filter_map(|u| u.canonical_address.strip_prefix(&doc))
        .filter(|a| a.starts_with("section-17/subsection-1/definition-"))
        .collect();
    for want in [
        "section-17/subsection-1/definition-appropriateminimumguarantee",
        "section-17/subsection-1/definition-standardminimumguarantee",
        "section-17/subsection-1/definition-wardisablementpension",
        "section-17/subsection-1/definition-workingtaxcredit",
    ] {
        assert!(defs.contains(&want), "{want} in {defs:#?}");
    }
    // Every definition stands under a unit of the source's own structure.
    let expected: Vec<&str> = r.expected["addresses"]
        .as_array()
        .expect("addresses")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for u in r
        .cut
        .units
        .iter()
        .filter(|u| u.section_type == "uk-definition")
    {
        let a = u.canonical_address.strip_prefix(&doc).unwrap_or_default();
        let parent = a.rsplit_once('/').map_or("", |(p, _)| p);
        assert!(
            expected.contains(&parent),
            "{a}: its parent is not a provision of the source"
        );
    }
    assert!(r
        .cut
        .diagnostics
        .iter()
        .all(|d| d.severity != iu_cutter_core::text::diagnostic::Severity::Error));
}

#[test]
fn us_public_law_114_190_cuts_to_the_units_of_its_uslm() {
    check("us-plaw-114-190");
}

#[test]
fn us_code_title_1_cuts_to_the_units_of_its_uslm() {
    check("us-usc-title-01");
}

#[test]
fn uk_state_pension_credit_act_2002_cuts_to_the_units_of_its_clml() {
    check("uk-ukpga-2002-16");
}

#[test]
fn uk_police_northern_ireland_act_2000_cuts_to_the_units_of_its_clml() {
    check("uk-ukpga-2000-32");
}

#[test]
fn south_african_constitution_cuts_to_the_units_of_its_akoma_ntoso() {
    check("za-constitution-1996");
}
