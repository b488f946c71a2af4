//! The consolidation benchmark: real chains (an original, the amending documents it has had,
//! and the official consolidated text, văn bản hợp nhất "VBHN") under
//! `core/tests/fixtures/consolidation/<chain>/` and `core/tests/fixtures/amend/<chain>/`, each
//! described by its `chain.json` and sourced in its `SOURCES.tsv` / `SOURCE.md`.
//!
//! Per chain it measures, from the publisher's texts alone (never from an earlier run):
//! - the instructions the amending documents give for this document: found, applied, not
//!   applied (each with its line and reason), unreadable (each with its line), and those for
//!   other laws;
//! - the provisions **the VBHN's own footnotes mark** as amended (a note that says the unit
//!   carrying its marker `được sửa đổi, bổ sung / bổ sung / bãi bỏ / thay thế … theo quy định tại
//!   …`), and how many of them our result reproduces exactly after [`norm`];
//! - the provisions that were right before (the original says what the VBHN says, and no note
//!   marks them) and are wrong after: **broken**;
//! - everything else that differs, each with its cause.
//!
//! Included by `core/tests/consolidation.rs` (the floor) and `core/examples/consolidation.rs`
//! (`npm run bench -- amend`).
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use iu_cutter_core::change::amend::{apply as apply_amendments, Outcome};
use iu_cutter_core::change::plan::{apply, plan, PlanInput};
use iu_cutter_core::read::amending_law::{read_amending_law, AmendingLaw};
use iu_cutter_core::read::cut::cut;
use iu_cutter_core::text::vocabulary::default_vocabulary;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Deserialize)]
pub struct DocRef {
    /// `null` when the document could not be obtained (the chain is then incomplete).
    pub file: Option<String>,
    pub doc_code: String,
    #[serde(default)]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct VbhnRef {
    pub file: String,
    pub number: String,
    #[serde(default)]
    pub consolidates: Vec<String>,
    /// `bracket` (`[12]` in the text, `[12] …` note lines) or `superscript-digits` (the
    /// superscripts flattened into digits glued to the text, notes as paragraphs `12 …`).
    #[serde(default)]
    pub notes_style: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Chain {
    pub id: String,
    #[serde(default)]
    pub kind: String,
    pub original: DocRef,
    pub amending: Vec<DocRef>,
    pub vbhn: VbhnRef,
    #[serde(default = "yes")]
    pub complete: bool,
    #[serde(skip)]
    pub dir: PathBuf,
}

fn yes() -> bool {
    true
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every chain with a `chain.json`, in id order.
pub fn chains() -> Vec<Chain> {
    let mut out = Vec::new();
    for folder in ["consolidation", "amend"] {
        let Ok(entries) = std::fs::read_dir(fixtures().join(folder)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path().join("chain.json");
            if !p.exists() {
                continue;
            }
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let mut c: Chain =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            c.dir = e.path();
            out.push(c);
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn read(dir: &Path, file: &str) -> String {
    let p = dir.join(file);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The comparison key of a text, the benchmark's whole normalization:
/// 1. Unicode NFC;
/// 2. footnote markers dropped (`[12]`; in a VBHN whose superscripts were flattened into digits,
///    the digits [`strip_superscripts`] recognizes, before this);
/// 3. every run of whitespace (NBSP included) is one space, none at either end, and the Official
///    Gazette's running heads (`46 CÔNG BÁO/Số 967 + 968/Ngày 20-8-2024`, with the page number
///    beside it) are dropped: page furniture of a printed copy; no space before `,` `;` `:` `.`
///    `)` or after `(`;
/// 4. a unit's heading and body are one text (see [`key`]);
/// 5. the tone mark of a word ending in `oa`, `oe` or `uy` on the first of the two vowels
///    (`hoá` = `hóa`, `thuỷ` = `thủy`): the two orthographies in use print the same word.
pub fn norm(s: &str) -> String {
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
    let words: Vec<&str> = out.split_whitespace().collect();
    let mut kept: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        // `46 CÔNG BÁO/Số 967 + 968/Ngày 20-8-2024`, the page number before or after it.
        if words[i] == "CÔNG" && words.get(i + 1).is_some_and(|w| w.starts_with("BÁO/Số")) {
            if kept
                .last()
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
            {
                kept.pop();
            }
            let mut j = i + 1;
            while j < words.len() && !words[j].contains("/Ngày") {
                j += 1;
            }
            i = j + 1;
            if words
                .get(i)
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
            {
                i += 1;
            }
            continue;
        }
        kept.push(words[i]);
        i += 1;
    }
    let joined = kept.join(" ");
    // No space before `,` `;` `:` `.` `)` or after `(`: a copy's spacing, not its words.
    let mut tight = String::with_capacity(joined.len());
    for c in joined.chars() {
        if matches!(c, ',' | ';' | ':' | '.' | ')') && tight.ends_with(' ') {
            tight.pop();
        }
        if c == ' ' && tight.ends_with('(') {
            continue;
        }
        tight.push(c);
    }
    tone_on_first_vowel(&tight)
}

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

fn tone_on_first_vowel(s: &str) -> String {
    let d: Vec<char> = s.nfd().collect();
    let mut out: Vec<char> = Vec::with_capacity(d.len());
    let mut i = 0;
    while i < d.len() {
        let c = d[i];
        let pair = matches!(
            (
                c.to_ascii_lowercase(),
                d.get(i + 1).map(|x| x.to_ascii_lowercase())
            ),
            ('o', Some('a')) | ('o', Some('e')) | ('u', Some('y'))
        );
        if pair {
            if let Some(&t) = d.get(i + 2).filter(|t| TONES.contains(t)) {
                let end = d.get(i + 3).is_none_or(|n| !n.is_alphabetic());
                if end {
                    out.extend([c, t, d[i + 1]]);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out.into_iter().collect::<String>().nfc().collect()
}

/// A note of the VBHN: its number and text.
fn notes_of(text: &str, style: &str) -> BTreeMap<u32, String> {
    let mut notes = BTreeMap::new();
    for line in text.lines() {
        let t = line.trim_start_matches(|c: char| c.is_whitespace());
        let (n, rest) = if style == "superscript-digits" {
            let d = t.chars().take_while(|c| c.is_ascii_digit()).count();
            if d == 0 || d > 4 || !t[d..].starts_with(' ') {
                continue;
            }
            (&t[..d], &t[d + 1..])
        } else {
            let Some(r) = t.strip_prefix('[') else {
                continue;
            };
            let d = r.chars().take_while(|c| c.is_ascii_digit()).count();
            if d == 0 || d > 4 || !r[d..].starts_with(']') {
                continue;
            }
            (&r[..d], &r[d + 1..])
        };
        let Ok(n) = n.parse::<u32>() else { continue };
        // A later line with the same number is the note; an earlier one is text that happens to
        // start like one.
        notes.insert(n, rest.trim().to_owned());
    }
    notes
}

/// Whether a note says its provision was amended (not, e.g., the note on the title that quotes
/// the amending law's enacting words).
fn marks_amendment(note: &str) -> bool {
    let n = norm(note).to_lowercase();
    n.contains(" tại ")
        && [
            "được sửa đổi",
            "được bổ sung",
            "được bãi bỏ",
            "bị bãi bỏ",
            "được thay thế",
            "bỏ cụm từ",
            "được đính chính",
        ]
        .iter()
        .any(|w| n.contains(w))
}

/// The provision of one of the chain's amending documents a note cites: `… theo quy định tại
/// điểm a khoản 1 Điều 1 của Luật số 90/2025/QH15 …` → (`Điều 1 khoản 1 điểm a`, `90/2025/QH15`).
fn cited_provision(note: &str, codes: &[&str]) -> Option<(String, String)> {
    let n = norm(note);
    // `… được sửa đổi, bổ sung (theo quy định) tại điểm a khoản 1 Điều 1 …`
    let verb = [
        "được sửa đổi",
        "được bổ sung",
        "được bãi bỏ",
        "bị bãi bỏ",
        "được thay thế",
        "được đính chính",
    ]
    .iter()
    .filter_map(|v| n.find(v))
    .min()?;
    let at = n[verb..].find(" tại ")? + verb + " tại ".len();
    let rest = &n[at..];
    let words: Vec<&str> = rest.split_whitespace().collect();
    let (mut dieu, mut khoan, mut diem) = (None, None, None);
    let mut i = 0;
    while i + 1 < words.len() {
        let num = words[i + 1].trim_end_matches([',', ';', '.']);
        match words[i].to_lowercase().as_str() {
            "điểm" if diem.is_none() && dieu.is_none() => diem = Some(num.to_owned()),
            "khoản" if khoan.is_none() && dieu.is_none() => khoan = Some(num.to_owned()),
            "điều" => {
                dieu = Some(num.to_owned());
                break;
            }
            _ => {}
        }
        i += 1;
    }
    let dieu = dieu?;
    let tail = &rest[rest.find(&format!(" {dieu}"))?..];
    let compact: String = tail
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("- ", "-");
    let code = codes.iter().find(|c| {
        let c = c.replace(' ', "");
        compact
            .split_whitespace()
            .take(12)
            .any(|w| w.trim_matches(|ch: char| ",.;()".contains(ch)) == c)
            || compact.replace(' ', "").contains(&c)
    })?;
    let mut p = format!("Điều {dieu}");
    if let Some(k) = khoan {
        p.push_str(&format!(" khoản {k}"));
    }
    if let Some(d) = diem {
        p.push_str(&format!(" điểm {d}"));
    }
    Some((p, (*code).to_owned()))
}

/// Markers `[n]` in a unit's own text.
fn bracket_markers(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'[' {
            let d = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if d > 0 && d <= 4 && b.get(i + 1 + d) == Some(&b']') {
                if let Ok(n) = s[i + 1..i + 1 + d].parse() {
                    out.push(n);
                }
                i += d + 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A VBHN whose superscript note numbers were flattened into digits glued to the text
/// (`… cách mạng1.`, `Điều 1. Phạm vi điều chỉnh2`, `4. 17 Bố trí`, `c)5 Lấy mẫu`): each such
/// digit run that is the number of a note, in increasing order through the text, becomes `[n]`.
/// Digits glued to a letter or closing punctuation and followed by a space, punctuation or the
/// line's end; or standing alone after a clause or point number at the line's start.
pub fn bracket_superscripts(text: &str, notes: &BTreeMap<u32, String>) -> String {
    let mut next = 1u32;
    let mut out = String::with_capacity(text.len());
    let body_end = notes_start(text, notes);
    for (k, line) in text.split_inclusive('\n').enumerate() {
        if k >= body_end {
            out.push_str(line);
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        let mut head = true;
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_digit() {
                let d = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let prev = if i > 0 { Some(chars[i - 1]) } else { None };
                let after = chars.get(i + d).copied();
                let num: u32 = chars[i..i + d]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0);
                // Glued to a word or a closing mark, never to a number's punctuation (`6,20`,
                // `V.09.02.01`, `29-01-2025`).
                let before_prev = if i > 1 { Some(chars[i - 2]) } else { None };
                let after_word = prev.is_some_and(|p| p.is_alphabetic() || ")”\"".contains(p))
                    && after.is_none_or(|a| a.is_whitespace() || ".,;:”\"".contains(a));
                // `… thi hành.3 ` but not `V.09.02`: after a sentence's full stop, then a space.
                let after_stop = prev == Some('.')
                    && before_prev.is_some_and(char::is_alphabetic)
                    && after.is_none_or(char::is_whitespace);
                let glued = after_word || after_stop;
                // `4. 17 Bố trí`, `c)5 Lấy`: after the unit's number at the line's start.
                let after_number = head
                    && prev.is_some_and(|p| p == ' ' || p == ')')
                    && after == Some(' ')
                    && chars.get(i + d + 1).is_some_and(|c| c.is_uppercase());
                let clause_number = i == 0 || chars[..i].iter().all(|c| c.is_whitespace());
                if (glued || after_number)
                    && !clause_number
                    && num >= next
                    && notes.contains_key(&num)
                    && num < next + 40
                {
                    // A glued `.12` is a clause number `12.`? No: digits after `.` and before a space.
                    out.push_str(&format!("[{num}]"));
                    next = num + 1;
                    i += d;
                    continue;
                }
                out.extend(&chars[i..i + d]);
                i += d;
                head = false;
                continue;
            }
            if !(c.is_whitespace() || c == '.' || c == ')' || (c.is_alphabetic() && i < 3)) {
                head = false;
            }
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The rule a Công báo page prints above its footnotes, as the text extraction keeps it: a line
/// of nothing but spaces, at least 20 of them.
fn is_note_rule(line: &str) -> bool {
    line.len() >= 20 && line.trim().is_empty()
}

/// A Công báo text's footnotes, taken out of it: from each rule to the page's end (the next
/// blank line), notes start with their number (`5 Điều này được sửa đổi, bổ sung theo …`) and
/// go on over the lines after it.
fn page_notes(text: &str) -> (BTreeMap<u32, String>, String) {
    let mut notes: BTreeMap<u32, String> = BTreeMap::new();
    let mut body = String::with_capacity(text.len());
    let mut in_notes = false;
    let mut current: Option<u32> = None;
    for line in text.split_inclusive('\n') {
        if is_note_rule(line.trim_end_matches(['\n', '\r'])) {
            // A note may go on under the next page's rule: `current` is kept.
            in_notes = true;
            continue;
        }
        if in_notes {
            if line.trim().is_empty() {
                in_notes = false;
                continue;
            }
            let t = line.trim_start();
            let d = t.chars().take_while(|c| c.is_ascii_digit()).count();
            if d > 0 && d <= 3 && t[d..].starts_with(' ') {
                if let Ok(n) = t[..d].parse::<u32>() {
                    notes.insert(n, t[d..].trim().to_owned());
                    current = Some(n);
                    continue;
                }
            }
            if let Some(n) = current {
                if let Some(note) = notes.get_mut(&n) {
                    note.push(' ');
                    note.push_str(t.trim());
                }
            }
            continue;
        }
        body.push_str(line);
    }
    (notes, body)
}

/// Index of the first line of the notes (0-based): the first line that starts note 1.
fn notes_start(text: &str, notes: &BTreeMap<u32, String>) -> usize {
    let Some(first) = notes.get(&1) else {
        return usize::MAX;
    };
    let lines: Vec<&str> = text.lines().collect();
    lines
        .iter()
        .rposition(|l| l.trim_start().starts_with("1 ") && l.contains(first.as_str()))
        .unwrap_or(usize::MAX)
}

fn input(created_at: &str) -> PlanInput {
    PlanInput {
        document_id: "00000000-0000-4000-8000-000000000001".into(),
        source_sha256: "0".repeat(64),
        effective_from: "2000-01-01T00:00:00+07:00".into(),
        created_at: created_at.into(),
        created_by: "editor".into(),
        enact: false,
        by_enacted_law: false,
        scope: None,
    }
}

fn is_repealed_text(text: &str) -> bool {
    let t = norm(text).to_lowercase();
    (t.contains("được bãi bỏ") || t.contains("bị bãi bỏ") || t.contains("hết hiệu lực"))
        && t.chars().count() < 90
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct NotApplied {
    pub law: String,
    pub provision: String,
    pub line: u32,
    pub code: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Difference {
    pub address: String,
    pub cause: String,
    pub ours: String,
    pub vbhn: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub chain: String,
    pub kind: String,
    pub amending: usize,
    pub found: usize,
    pub applied: usize,
    pub not_applied: Vec<NotApplied>,
    pub unreadable: Vec<NotApplied>,
    /// Provisions of the amending documents the VBHN's notes cite as amending this document that
    /// the reader found no instruction in: instructions never read.
    pub unseen: Vec<NotApplied>,
    pub other_law: usize,
    pub marked: usize,
    pub reproduced: usize,
    pub marked_missed: Vec<Difference>,
    pub broken: Vec<Difference>,
    pub other: Vec<Difference>,
    pub units: usize,
}

impl Report {
    /// Instructions counted for the target: found and unreadable (an unreadable instruction is one
    /// the document was given and did not get).
    pub fn instructions(&self) -> usize {
        self.found + self.unreadable.len() + self.unseen.len()
    }
}

type Texts = BTreeMap<String, String>;

/// A unit's text for comparing: its heading and body as one text, since where a copy ends a long
/// heading is layout (a printed page wraps it into the body's first line).
fn key(heading: &Option<String>, body: &str) -> String {
    norm(&format!("{} {}", heading.as_deref().unwrap_or(""), body))
}

pub fn measure(chain: &Chain) -> Report {
    let vi = default_vocabulary("vi").expect("vi");
    let original_text = read(
        &chain.dir,
        chain.original.file.as_deref().unwrap_or("original.txt"),
    );
    let original = cut(&original_text, &chain.original.doc_code, vi);
    let m0 = plan(&original, &[], vi, &input("2000-01-01T00:00:00Z"))
        .unwrap_or_else(|e| panic!("{}: the original does not plan: {e:?}", chain.id));
    let stored = apply(&[], &m0);
    let laws: Vec<AmendingLaw> = chain
        .amending
        .iter()
        .filter_map(|a| {
            a.file
                .as_deref()
                .map(|f| read_amending_law(&read(&chain.dir, f), &a.doc_code, vi))
        })
        .collect();
    let title = chain.original.title.as_deref();
    let result = apply_amendments(&laws, &original.doc, title, &stored, vi);

    let mut r = Report {
        chain: chain.id.clone(),
        kind: chain.kind.clone(),
        amending: laws.len(),
        ..Report::default()
    };
    let mut targets_not_applied: Vec<(String, String)> = Vec::new();
    for a in &result.applied {
        let law = &laws[a.law];
        let ins = &law.instructions[a.instruction];
        match &a.outcome {
            Outcome::Applied { .. } => {
                r.found += 1;
                r.applied += 1;
            }
            Outcome::NotApplied { code, reason } => {
                r.found += 1;
                for t in &ins.targets {
                    targets_not_applied.push((
                        t.clone(),
                        format!("{} {} not applied: {reason}", law.doc_code, ins.provision),
                    ));
                }
                r.not_applied.push(NotApplied {
                    law: law.doc_code.clone(),
                    provision: ins.provision.clone(),
                    line: ins.span.line,
                    code: (*code).to_owned(),
                    reason: reason.clone(),
                });
            }
            Outcome::OtherLaw => r.other_law += 1,
        }
    }
    // Unreadable provisions in an article that amends this document count against it.
    for law in &laws {
        let mine = law.laws_for(&original.doc, title);
        for u in &law.unreadable {
            // In a provision that amends this document (an article, or a clause of an article that
            // amends several laws); the amending text's own cut defects count where they are.
            let in_mine = mine.iter().any(|&i| {
                let art = &law.laws[i].article;
                art.is_empty()
                    || u.provision == cite_path(art)
                    || u.provision.starts_with(&format!("{} ", cite_path(art)))
            });
            if in_mine {
                r.unreadable.push(NotApplied {
                    law: law.doc_code.clone(),
                    provision: u.provision.clone(),
                    line: u.line,
                    code: u.code.clone(),
                    reason: u.reason.clone(),
                });
            }
        }
    }

    // The VBHN, cut as the same document, its note markers as `[n]`.
    let raw = read(&chain.dir, &chain.vbhn.file);
    let (notes, vbhn_text) = if chain.vbhn.notes_style.starts_with("bracket") {
        (notes_of(&raw, "bracket"), raw)
    } else if raw.lines().any(is_note_rule) {
        // Công báo pages: the notes at each page's foot, under a rule.
        let (notes, body) = page_notes(&raw);
        let text = bracket_superscripts(&body, &notes);
        (notes, text)
    } else {
        let notes = notes_of(&raw, "superscript-digits");
        let text = bracket_superscripts(&raw, &notes);
        (notes, text)
    };
    let vbhn = cut(&vbhn_text, &chain.original.doc_code, vi);
    let mut expected: Texts = BTreeMap::new();
    let mut repealed: BTreeSet<String> = BTreeSet::new();
    let mut marked: BTreeSet<String> = BTreeSet::new();
    for u in &vbhn.units {
        let own = format!("{} {}", u.heading.as_deref().unwrap_or(""), u.body);
        if bracket_markers(&own)
            .iter()
            .any(|n| notes.get(n).is_some_and(|t| marks_amendment(t)))
        {
            marked.insert(u.canonical_address.clone());
        }
        if is_repealed_text(&own) {
            repealed.insert(u.canonical_address.clone());
        } else {
            expected.insert(u.canonical_address.clone(), key(&u.heading, &u.body));
        }
    }
    let before: Texts = original
        .units
        .iter()
        .map(|u| (u.canonical_address.clone(), key(&u.heading, &u.body)))
        .collect();
    let got: Texts = result
        .cut
        .units
        .iter()
        .map(|u| (u.canonical_address.clone(), key(&u.heading, &u.body)))
        .collect();
    r.units = expected.len();
    r.marked = marked.len();
    // Every provision of an amending document the notes cite, that gave no instruction we read.
    let ours: BTreeSet<(String, String)> = result
        .applied
        .iter()
        .filter(|a| !matches!(a.outcome, Outcome::OtherLaw))
        .map(|a| {
            (
                laws[a.law].doc_code.clone(),
                laws[a.law].instructions[a.instruction].provision.clone(),
            )
        })
        .chain(
            r.unreadable
                .iter()
                .map(|u| (u.law.clone(), u.provision.clone())),
        )
        .collect();
    let codes: Vec<&str> = laws.iter().map(|l| l.doc_code.as_str()).collect();
    let mut seen_cited = BTreeSet::new();
    for note in notes.values() {
        let Some((provision, code)) = cited_provision(note, &codes) else {
            continue;
        };
        if !seen_cited.insert((code.clone(), provision.clone())) {
            continue;
        }
        let read = ours.iter().any(|(c, p)| {
            *c == code
                && (*p == provision
                    || p.starts_with(&format!("{provision} "))
                    || provision.starts_with(&format!("{p} ")))
        });
        if !read {
            r.unseen.push(NotApplied {
                law: code,
                provision,
                line: 0,
                code: "not-read".into(),
                reason:
                    "the VBHN cites it as amending this document; no instruction was read there"
                        .into(),
            });
        }
    }

    let cause_for = |addr: &str| -> Option<String> {
        targets_not_applied
            .iter()
            .find(|(t, _)| {
                let full = format!("{}/{t}", original.doc);
                addr == full
                    || addr.starts_with(&format!("{full}/"))
                    || full.starts_with(&format!("{addr}/"))
            })
            .map(|(_, why)| why.clone())
    };
    let diff = |addr: &str, cause: String| {
        let (ours, theirs) = where_they_differ(
            got.get(addr).map(String::as_str).unwrap_or("(absent)"),
            expected
                .get(addr)
                .map(String::as_str)
                .unwrap_or(if repealed.contains(addr) {
                    "(repealed)"
                } else {
                    "(absent)"
                }),
        );
        Difference {
            address: addr.to_owned(),
            cause,
            ours,
            vbhn: theirs,
        }
    };
    for addr in &marked {
        let ok = if repealed.contains(addr) {
            !got.contains_key(addr)
        } else {
            got.get(addr) == expected.get(addr)
        };
        if ok {
            r.reproduced += 1;
        } else {
            let cause = cause_for(addr).unwrap_or_else(|| {
                if got.contains_key(addr) {
                    "applied, but the text differs".into()
                } else {
                    "no unit at this address in our result".into()
                }
            });
            r.marked_missed.push(diff(addr, cause));
        }
    }
    let all: BTreeSet<&String> = expected
        .keys()
        .chain(got.keys())
        .chain(repealed.iter())
        .collect();
    for addr in all {
        if marked.contains(addr) {
            continue;
        }
        let want = expected.get(addr);
        let ours = got.get(addr);
        if repealed.contains(addr) && ours.is_none() || (want.is_some() && want == ours) {
            continue;
        }
        let was = before.get(addr);
        if want.is_some() && was == want {
            // The original said it, no note marks it, and we changed it.
            let cause = cause_for(addr).unwrap_or_else(|| {
                "changed by an instruction the VBHN does not record here".into()
            });
            r.broken.push(diff(addr, cause));
            continue;
        }
        let near_marked = marked
            .iter()
            .any(|m| addr.starts_with(&format!("{m}/")) || m.starts_with(&format!("{addr}/")));
        let cause = if let Some(c) = cause_for(addr) {
            c
        } else if ours.is_some() && ours == was {
            if want.is_none() && !repealed.contains(addr) {
                "the VBHN has no unit here (its copy lost or merged it)".into()
            } else {
                "the VBHN differs from the original with no note (editorial: spelling, punctuation, a copy defect)".into()
            }
        } else if near_marked {
            "inside or around a provision the VBHN marks amended".into()
        } else if ours.is_none() {
            "missing from our result".into()
        } else if want.is_none() && !repealed.contains(addr) {
            "ours has a unit the VBHN has not".into()
        } else {
            "unexplained".into()
        };
        r.other.push(diff(addr, cause));
    }
    r
}

/// `dieu-49/khoan-4` → `Điều 49 khoản 4`, as [`Unreadable::provision`] cites it.
fn cite_path(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            let (kind, n) = seg.split_once('-').unwrap_or((seg, ""));
            let n = if n == "dd" {
                "đ".to_owned()
            } else {
                n.to_owned()
            };
            match kind {
                "dieu" => format!("Điều {n}"),
                "khoan" => format!("khoản {n}"),
                "diem" => format!("điểm {n}"),
                other => format!("{other} {n}"),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
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
        let to = (c.len() - suf + 30).min(c.len()).max(from);
        let s: String = c[from..to].iter().collect();
        if s.chars().count() > 140 {
            format!("{}…", s.chars().take(140).collect::<String>())
        } else {
            s
        }
    };
    (cut(&ac), cut(&bc))
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        "—".into()
    } else {
        format!("{:.1} %", 100.0 * n as f64 / d as f64)
    }
}

/// The per-chain table and the totals against the targets.
pub fn table(reports: &[Report]) -> String {
    let mut rows = vec![vec![
        "chain".to_string(),
        "kind".into(),
        "amending".into(),
        "instructions".into(),
        "applied".into(),
        "not applied".into(),
        "unreadable".into(),
        "not read (VBHN cites)".into(),
        "other laws".into(),
        "VBHN-marked".into(),
        "reproduced".into(),
        "broken".into(),
        "other differences".into(),
    ]];
    let mut t = Report::default();
    for r in reports {
        rows.push(vec![
            r.chain.clone(),
            r.kind.clone(),
            r.amending.to_string(),
            r.instructions().to_string(),
            r.applied.to_string(),
            r.not_applied.len().to_string(),
            r.unreadable.len().to_string(),
            r.unseen.len().to_string(),
            r.other_law.to_string(),
            r.marked.to_string(),
            r.reproduced.to_string(),
            r.broken.len().to_string(),
            r.other.len().to_string(),
        ]);
        t.amending += r.amending;
        t.found += r.found;
        t.applied += r.applied;
        t.other_law += r.other_law;
        t.marked += r.marked;
        t.reproduced += r.reproduced;
        t.not_applied.extend(r.not_applied.iter().cloned());
        t.unreadable.extend(r.unreadable.iter().cloned());
        t.unseen.extend(r.unseen.iter().cloned());
        t.broken.extend(r.broken.iter().cloned());
        t.other.extend(r.other.iter().cloned());
    }
    rows.push(vec![
        format!("**all {} chains**", reports.len()),
        String::new(),
        t.amending.to_string(),
        t.instructions().to_string(),
        format!("{} ({})", t.applied, pct(t.applied, t.instructions())),
        t.not_applied.len().to_string(),
        t.unreadable.len().to_string(),
        t.unseen.len().to_string(),
        t.other_law.to_string(),
        t.marked.to_string(),
        format!("{} ({})", t.reproduced, pct(t.reproduced, t.marked)),
        t.broken.len().to_string(),
        t.other.len().to_string(),
    ]);
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let line = |r: &Vec<String>| {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}{}", " ".repeat(widths[i] - c.chars().count())))
            .collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut out = vec![line(&rows[0])];
    out.push(format!(
        "|{}|",
        widths
            .iter()
            .map(|w| "-".repeat(w + 2))
            .collect::<Vec<_>>()
            .join("|")
    ));
    out.extend(rows[1..].iter().map(line));
    let met = |ok: bool| if ok { "met" } else { "NOT met" };
    let applied_share = t.applied as f64 / t.instructions().max(1) as f64;
    let reproduced_share = t.reproduced as f64 / t.marked.max(1) as f64;
    out.push(String::new());
    out.push(format!(
        "targets: instructions applied ≥ 95 %: {} ({}); VBHN-marked provisions reproduced ≥ 95 %: {} ({}); 0 broken: {} ({}); every instruction not applied named with its line and reason: met",
        pct(t.applied, t.instructions()),
        met(applied_share >= 0.95),
        pct(t.reproduced, t.marked),
        met(reproduced_share >= 0.95),
        t.broken.len(),
        met(t.broken.is_empty()),
    ));
    out.join("\n")
}

/// Every finding of one chain, for reading.
pub fn details(r: &Report) -> String {
    let mut out = vec![format!(
        "\n== {} ({}): {} instructions, {} applied; {} VBHN-marked, {} reproduced; {} broken; {} other differences",
        r.chain,
        r.kind,
        r.instructions(),
        r.applied,
        r.marked,
        r.reproduced,
        r.broken.len(),
        r.other.len()
    )];
    for n in &r.not_applied {
        out.push(format!(
            "  not applied  {} {} (line {}): {} [{}]",
            n.law, n.provision, n.line, n.reason, n.code
        ));
    }
    for n in &r.unreadable {
        out.push(format!(
            "  unreadable   {} {} (line {}): {} [{}]",
            n.law, n.provision, n.line, n.reason, n.code
        ));
    }
    for n in &r.unseen {
        out.push(format!(
            "  not read     {} {}: {}",
            n.law, n.provision, n.reason
        ));
    }
    for (label, list) in [
        ("missed", &r.marked_missed),
        ("BROKEN", &r.broken),
        ("differs", &r.other),
    ] {
        for d in list {
            out.push(format!(
                "  {label:12} {}: {}\n      ours: {}\n      vbhn: {}",
                d.address, d.cause, d.ours, d.vbhn
            ));
        }
    }
    out.join("\n")
}

/// The floor: per chain, what the suite must not lose.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Floor {
    pub applied: usize,
    pub reproduced: usize,
    /// Broken provisions allowed (the target is 0; a chain that breaks some names them).
    pub broken: usize,
}

pub fn floor_path() -> PathBuf {
    fixtures().join("consolidation/floor.json")
}

pub type Floors = BTreeMap<String, Floor>;

/// `floor.json`: per chain its [`Floor`], and `"lowered"`: the record of each figure lowered on
/// purpose (`"CHAIN.FIGURE": REASON`, written by the example's `--update --lower=REASON`), which
/// only `scripts/floors.py` reads. A file missing or not of that shape is an error, never an
/// empty floor: an empty floor would hold for any result.
pub fn read_floor() -> Result<(Floors, serde_json::Map<String, serde_json::Value>), String> {
    let path = floor_path();
    let shown = path.display();
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!("{shown}: {e}: restore it (`git checkout HEAD -- core/tests/fixtures/consolidation/floor.json`), or write it with `cargo run --release -p iu-cutter-core --example consolidation -- --update`")
    })?;
    let bad = |why: String| {
        format!("{shown}: not a consolidation floor: {why}; expected {{\"CHAIN\": {{\"applied\": N, \"reproduced\": N, \"broken\": N}}, …, \"lowered\": {{\"CHAIN.FIGURE\": \"REASON\"}}}}")
    };
    let mut map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let lowered = match map.remove("lowered") {
        None => serde_json::Map::new(),
        Some(serde_json::Value::Object(m)) if m.values().all(serde_json::Value::is_string) => m,
        Some(_) => return Err(bad("\"lowered\" must map CHAIN.FIGURE to a reason".into())),
    };
    let mut floors = Floors::new();
    for (chain, v) in map {
        let f: Floor = serde_json::from_value(v).map_err(|e| bad(format!("{chain}: {e}")))?;
        floors.insert(chain, f);
    }
    Ok((floors, lowered))
}

/// What `--update` would lower going from `old` to `new`: `(CHAIN.FIGURE or CHAIN, what)` for a
/// figure applied or reproduced that goes down, broken that goes up, a chain that leaves.
pub fn lowered_by(old: &Floors, new: &Floors) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (chain, was) in old {
        let Some(now) = new.get(chain) else {
            out.push((chain.clone(), format!("{chain}: no chain.json any more")));
            continue;
        };
        for (what, was, now) in [
            ("applied", was.applied, now.applied),
            ("reproduced", was.reproduced, now.reproduced),
            ("broken", was.broken, now.broken),
        ] {
            // Broken provisions are the one figure where more is worse.
            let down = if what == "broken" {
                now > was
            } else {
                now < was
            };
            if down {
                out.push((
                    format!("{chain}.{what}"),
                    format!("{chain}.{what}: {was} → {now}"),
                ));
            }
        }
    }
    out
}

pub fn floor_of(reports: &[Report]) -> BTreeMap<String, Floor> {
    reports
        .iter()
        .map(|r| {
            (
                r.chain.clone(),
                Floor {
                    applied: r.applied,
                    reproduced: r.reproduced,
                    broken: r.broken.len(),
                },
            )
        })
        .collect()
}

/// What fell below the floor: a figure below it, a chain with no floor, a floor with no chain.
pub fn below_floor(reports: &[Report], floor: &Floors) -> Vec<String> {
    let mut out = Vec::new();
    for chain in floor.keys() {
        if !reports.iter().any(|r| r.chain == *chain) {
            out.push(format!(
                "{chain}: in floor.json, but no chain.json under core/tests/fixtures/{{consolidation,amend}}/{chain}/ (a chain removed takes its floor out with --update --lower=REASON)"
            ));
        }
    }
    for r in reports {
        let Some(f) = floor.get(&r.chain) else {
            out.push(format!(
                "{}: no floor in floor.json: a chain without one is not measured against anything; add it (`cargo run --release -p iu-cutter-core --example consolidation -- --update`)",
                r.chain
            ));
            continue;
        };
        if r.applied < f.applied {
            out.push(format!(
                "{}: {} instructions applied, the floor is {}",
                r.chain, r.applied, f.applied
            ));
        }
        if r.reproduced < f.reproduced {
            out.push(format!(
                "{}: {} VBHN-marked provisions reproduced, the floor is {}",
                r.chain, r.reproduced, f.reproduced
            ));
        }
        if r.broken.len() > f.broken {
            out.push(format!(
                "{}: {} provisions broken, at most {} allowed: {}",
                r.chain,
                r.broken.len(),
                f.broken,
                r.broken
                    .iter()
                    .map(|d| d.address.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    out
}
