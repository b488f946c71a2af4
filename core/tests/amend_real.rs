//! Real amending laws applied to their original, compared unit for unit with the official
//! consolidated text (văn bản hợp nhất). Sources: `fixtures/amend/SOURCE.md`.
//!
//! `cargo test -p iu-cutter-core --release --test all amend_real:: -- --nocapture` prints, per pair,
//! the instructions found, applied and not applied (with reasons), and every difference
//! between the result and the consolidated text; each difference must be listed, with its
//! cause, in the pair's `known-differences.json`, and every listed one must still occur.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use iu_cutter_core::change::amend::{plan_amendments, Outcome};
use iu_cutter_core::change::plan::{apply, plan, PlanInput};
use iu_cutter_core::read::amending_law::{read_amending_law, AmendingLaw};
use iu_cutter_core::read::cut::cut;
use iu_cutter_core::store::unit::{LifecycleStatus, StoredUnit};
use iu_cutter_core::text::vocabulary::default_vocabulary;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

fn fixture(pair: &str, file: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/amend")
        .join(pair)
        .join(file);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn input(created_at: &str) -> PlanInput {
    PlanInput {
        document_id: "00000000-0000-4000-8000-000000000001".into(),
        source_sha256: "0".repeat(64),
        effective_from: "2025-01-01T00:00:00+07:00".into(),
        created_at: created_at.into(),
        created_by: "editor".into(),
        enact: false,
        by_enacted_law: false,
        scope: None,
    }
}

/// Text compared after whitespace runs become one space, footnote markers (`[12]`) are dropped
/// and NFC; what remains different is listed with its cause.
fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.nfc().peekable();
    while let Some(c) = chars.next() {
        if c == '[' {
            let rest: String = chars.clone().take_while(|c| *c != ']').collect();
            if !rest.is_empty() && rest.len() <= 4 && rest.chars().all(|c| c.is_ascii_digit()) {
                for _ in 0..=rest.len() {
                    chars.next();
                }
                continue;
            }
        }
        out.push(if c.is_whitespace() { ' ' } else { c });
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The consolidated text with its footnote references taken off where a copy flattened them from
/// superscripts into digits glued to a heading: `c)5 Lấy mẫu` → `c) Lấy mẫu`, `7.9 Vận chuyển` →
/// `7. Vận chuyển`, `4. 17 Bố trí` → `4. Bố trí`, `Điều 1. Phạm vi điều chỉnh2` → `… điều chỉnh`,
/// `THI HÀNH16` → `THI HÀNH`. Only lines shaped like headings are touched.
fn without_note_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(&strip_note_number(line));
        out.push('\n');
    }
    out
}

fn strip_note_number(line: &str) -> String {
    let t = line.trim_start();
    let chars: Vec<char> = t.chars().collect();
    // `c)5 `, `đ)12 `: a point marker, then digits, then a space.
    if chars.len() > 3
        && chars[0].is_alphabetic()
        && chars[0].is_lowercase()
        && chars[1] == ')'
        && chars[2].is_ascii_digit()
    {
        let digits = chars[2..].iter().take_while(|c| c.is_ascii_digit()).count();
        if chars.get(2 + digits) == Some(&' ') {
            return format!(
                "{}){}",
                chars[0],
                chars[2 + digits..].iter().collect::<String>()
            );
        }
    }
    // `7.9 Vận`, `4. 17 Bố`: a clause number, then digits, then a capital.
    let n = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if n > 0 && chars.get(n) == Some(&'.') {
        let mut i = n + 1;
        if chars.get(i) == Some(&' ') {
            i += 1;
        }
        let d = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if d > 0
            && chars.get(i + d) == Some(&' ')
            && chars.get(i + d + 1).is_some_and(|c| c.is_uppercase())
        {
            return format!(
                "{}. {}",
                chars[..n].iter().collect::<String>(),
                chars[i + d + 1..].iter().collect::<String>()
            );
        }
    }
    // `Điều 1. Phạm vi điều chỉnh2`, `TỔ CHỨC THỰC HIỆN VÀ ĐIỀU KHOẢN THI HÀNH16`.
    let heading = t.starts_with("Điều ")
        || (t
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
            && t.chars().any(char::is_alphabetic));
    let trailing = chars
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if heading
        && trailing > 0
        && trailing < chars.len()
        && chars[chars.len() - trailing - 1].is_alphabetic()
    {
        return chars[..chars.len() - trailing].iter().collect();
    }
    line.to_owned()
}

fn is_repealed_marker(heading: &Option<String>, body: &str) -> bool {
    let t = norm(&format!("{} {body}", heading.as_deref().unwrap_or(""))).to_lowercase();
    t.contains("được bãi bỏ") && t.len() < 80
}

#[derive(Deserialize)]
struct Known {
    address: String,
    what: String,
    cause: String,
}

struct Report {
    found: usize,
    applied: usize,
    not_applied: Vec<String>,
    other_law: usize,
    unreadable: Vec<String>,
    differences: BTreeSet<(String, String)>,
    compared: usize,
}

fn run(pair: &str, doc_code: &str, amending: &[(&str, &str)]) -> Report {
    let vi = default_vocabulary("vi").expect("vi");
    let original = cut(&fixture(pair, "original.txt"), doc_code, vi);
    let m0 = plan(&original, &[], vi, &input("2025-01-01T00:00:00Z"))
        .expect("the original plans into an empty store");
    let stored = apply(&[], &m0);
    let laws: Vec<AmendingLaw> = amending
        .iter()
        .map(|(file, code)| read_amending_law(&fixture(pair, file), code, vi))
        .collect();
    let ids = vec![None; laws.len()];
    let slug = original.doc.clone();
    let p = plan_amendments(
        &laws,
        &ids,
        None,
        &stored,
        vi,
        &slug,
        &input("2025-09-01T00:00:00Z"),
        false,
    )
    .expect("the amendments plan");
    // Every block names the instruction(s) behind it.
    for b in &p.manifest.blocks {
        assert!(
            !b.amended_by().is_empty(),
            "{pair}: the {} block of {} names no instruction",
            b.action(),
            b.unit_id()
        );
    }
    let after = apply(&stored, &p.manifest);
    let mut report = Report {
        found: 0,
        applied: 0,
        not_applied: Vec::new(),
        other_law: 0,
        unreadable: laws
            .iter()
            .flat_map(|l| {
                l.unreadable.iter().map(move |u| {
                    format!(
                        "{} {} (line {}): {} [{}]",
                        l.doc_code, u.provision, u.line, u.reason, u.code
                    )
                })
            })
            .collect(),
        differences: BTreeSet::new(),
        compared: 0,
    };
    for a in &p.applied {
        let ins = &laws[a.law].instructions[a.instruction];
        match &a.outcome {
            Outcome::Applied { .. } => {
                report.found += 1;
                report.applied += 1;
            }
            Outcome::NotApplied { code, reason } => {
                report.found += 1;
                report.not_applied.push(format!(
                    "{} {} ({}): {reason} [{code}]",
                    laws[a.law].doc_code,
                    ins.provision,
                    ins.kind.as_str()
                ));
            }
            Outcome::OtherLaw => report.other_law += 1,
        }
    }
    // The consolidated text, cut as the same document.
    let consolidated = cut(
        &without_note_numbers(&fixture(pair, "consolidated.txt")),
        doc_code,
        vi,
    );
    let expected: BTreeMap<String, (Option<String>, String)> = consolidated
        .units
        .iter()
        .filter(|u| !is_repealed_marker(&u.heading, &u.body))
        .map(|u| {
            (
                u.canonical_address.clone(),
                (u.heading.clone(), u.body.clone()),
            )
        })
        .collect();
    let got: BTreeMap<String, (Option<String>, String)> = after
        .iter()
        .filter(|u: &&StoredUnit| u.lifecycle_status != LifecycleStatus::Retired)
        .map(|u| {
            (
                u.canonical_address.clone(),
                (u.heading.clone(), u.body.clone()),
            )
        })
        .collect();
    for (a, (h, b)) in &expected {
        match got.get(a) {
            None => {
                report.differences.insert((a.clone(), "missing".into()));
            }
            Some((gh, gb)) => {
                report.compared += 1;
                if norm(gh.as_deref().unwrap_or("")) != norm(h.as_deref().unwrap_or("")) {
                    report.differences.insert((a.clone(), "heading".into()));
                }
                if norm(gb) != norm(b) {
                    report.differences.insert((a.clone(), "body".into()));
                }
            }
        }
    }
    for a in got.keys().filter(|a| !expected.contains_key(*a)) {
        report.differences.insert((a.clone(), "extra".into()));
    }
    println!(
        "\n== {pair}: {} applied to {doc_code}",
        amending
            .iter()
            .map(|(_, c)| *c)
            .collect::<Vec<_>>()
            .join(" then ")
    );
    println!("instructions for this law: {} found, {} applied, {} not applied; {} for other laws; {} unreadable", report.found, report.applied, report.not_applied.len(), report.other_law, report.unreadable.len());
    for n in &report.not_applied {
        println!("  not applied: {n}");
    }
    for u in &report.unreadable {
        println!("  unreadable: {u}");
    }
    println!(
        "units compared with the consolidated text: {} of {}; differences: {}",
        report.compared,
        expected.len(),
        report.differences.len()
    );
    for (a, what) in &report.differences {
        let show = |m: &BTreeMap<String, (Option<String>, String)>| {
            m.get(a)
                .map(|(h, b)| norm(&format!("{} | {}", h.as_deref().unwrap_or(""), b)))
                .unwrap_or_default()
        };
        let (ours, theirs) = where_they_differ(&show(&got), &show(&expected));
        println!("  {what:8} {a}\n      ours: {ours}\n      vbhn: {theirs}");
    }
    report
}

/// The differing middle of two texts, with a little context on each side.
fn where_they_differ(a: &str, b: &str) -> (String, String) {
    let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let pre = ac.iter().zip(&bc).take_while(|(x, y)| x == y).count();
    let suf = ac[pre..]
        .iter()
        .rev()
        .zip(bc[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let cut = |c: &[char]| {
        let from = pre.saturating_sub(30);
        let to = (c.len() - suf + 30).min(c.len());
        excerpt(&c[from..to].iter().collect::<String>())
    };
    (cut(&ac), cut(&bc))
}

fn excerpt(s: &str) -> String {
    if s.chars().count() > 160 {
        format!("{}…", s.chars().take(160).collect::<String>())
    } else {
        s.to_owned()
    }
}

fn check_known(pair: &str, report: &Report) {
    let known: Vec<Known> = serde_json::from_str(&fixture(pair, "known-differences.json"))
        .expect("known-differences.json");
    let listed: BTreeSet<(String, String)> = known
        .iter()
        .map(|k| (k.address.clone(), k.what.clone()))
        .collect();
    assert!(
        known.iter().all(|k| !k.cause.trim().is_empty()),
        "every known difference names its cause"
    );
    let new: Vec<_> = report.differences.difference(&listed).collect();
    let gone: Vec<_> = listed.difference(&report.differences).collect();
    assert!(
        new.is_empty(),
        "{pair}: differences not listed in known-differences.json: {new:?}"
    );
    assert!(
        gone.is_empty(),
        "{pair}: listed differences that no longer occur (remove them): {gone:?}"
    );
}

#[test]
fn decree_75_2021_amended_by_decree_55_2023_gives_vbhn_834() {
    let r = run(
        "nd-75-2021-nd-cp",
        "75/2021/NĐ-CP",
        &[("amending.txt", "55/2023/NĐ-CP")],
    );
    assert!(r.applied > 0);
    check_known("nd-75-2021-nd-cp", &r);
}

#[test]
fn bidding_law_22_2023_amended_by_laws_57_2024_and_90_2025_gives_vbhn_126() {
    let r = run(
        "luat-22-2023-qh15",
        "22/2023/QH15",
        &[
            ("amending.txt", "57/2024/QH15"),
            ("amending-2.txt", "90/2025/QH15"),
        ],
    );
    assert!(r.applied > 0);
    check_known("luat-22-2023-qh15", &r);
}
