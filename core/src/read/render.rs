//! The text of a document's live units: what its stored text must be after a CUT.
//!
//! A CUT changes units, not text; a document whose stored text still holds what the units
//! replaced plans, on its next preview, to undo the change (issue 31, item 5). So after every
//! CUT the store writes the text [`live_text`] renders from the live units, and the property
//! that makes it safe is: **cutting the rendered text with the document's vocabulary gives
//! back exactly the live units** (addresses, headings, bodies, content hashes), so a plan from
//! it has no block.
//!
//! # How a unit is printed
//! Units in document order ([`crate::store::unit::stored_document_order`]), each as the cut reads it back:
//! - a type whose heading pattern has a label (`Điều {ordinal}.`, `Chương {ordinal}`,
//!   `Section {ordinal}`): its heading line, the pattern with the number as printed
//!   ([`crate::text::cite::printed_number`]: `Chương II`, `Phần thứ nhất`), then ` heading`; a
//!   structural type (one holding citation roots) prints its heading on the next line, where
//!   the cut takes a division's title from; then the body's lines;
//! - a type without a label (`{ordinal}.`, `{ordinal})`, `({ordinal})`): the number, then the
//!   body's first line on the same line (the cut reads the rest of such a line as the body),
//!   then its other lines; a heading there is the `{title}` of a pattern that has one
//!   (`3. Citizenship`), or a marginal note (`Marginal note:…` on the line before), where the
//!   vocabulary has them, else closed by `.—` as US drafting prints it (`(a) Establishment.—`),
//!   the body on the lines after it: the cut reads the same units from `(a) Establishment.—The
//!   United States Patent and Trademark Office is …` as from that line broken after the `.—`,
//!   and a body whose text starts on the next line (`(b) Table of Contents.—` / `Sec. 1. Short
//!   title; table of contents.`) must stay there;
//! - a definition (ordinal style `term`) is its own lines: its body starts with the term.
//!
//! Checked over the corpora by `npm run corpus -- --render` (cut → render → cut, every document
//! the harness cuts whole): all hold but a few English texts whose units the cut reads from their
//! context (a body holding a table of contents or an analysis of headings, a heading that reads as
//! a title only after a marginal note, decimal numbers of lower-roman units `(3.1)`); for those,
//! [`follow_units`] names the units that do not come back.
//!
//! Retired units are not text. What is not a unit is kept from the previous text when one is
//! given: its **head** (the lines before its first unit: title, preamble, enacting words) and its
//! **tail** (from its closing on: signature, appendices), both verbatim, located by cutting it.
//! Editorial notes among the provisions (`Frame::notes`) are not units and are not kept.

use std::collections::{HashMap, HashSet};

use crate::read::cut::{cut, cut_with_frame};
use crate::store::unit::{stored_document_order, LifecycleStatus, StoredUnit};
use crate::text::cite::printed_number;
use crate::text::vocabulary::{OrdinalStyle, SectionType, Vocabulary};

/// The text before the first unit and after the last one, as a previous text prints them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frame {
    pub head: String,
    pub tail: String,
    /// Whether the text prints headings of unlabelled provisions as marginal notes (a line
    /// starting with one of the vocabulary's `marginal_notes` markers, Justice Canada's
    /// `Marginal note:`) rather than after the number (`1 Short title`): the rendered text
    /// keeps the style of the text it replaces.
    pub marginal_notes: bool,
}

/// The head and tail of `previous` (the document's stored text), cut as `doc_code` with
/// `vocabulary`: the lines before the line of its first unit, and the lines from its closing
/// (signature block) to the end, each with their line ends as written. A text with no unit is
/// all head (the units follow it).
pub fn frame_of(previous: &str, doc_code: &str, vocabulary: &Vocabulary) -> Frame {
    let (cut, frame) = cut_with_frame(previous, doc_code, vocabulary);
    let lines = raw_lines(previous);
    let first = cut.units.iter().map(|u| u.line).min();
    let Some(first) = first else {
        return Frame {
            head: previous.to_owned(),
            tail: String::new(),
            marginal_notes: false,
        };
    };
    // Lines are 1-based; a closing before the first unit is none of the tail (the cut never
    // reports one there, but the line numbers are the cut's word, not a guarantee).
    let head: String = lines
        .iter()
        .take(first.saturating_sub(1) as usize)
        .copied()
        .collect();
    // A closing before a unit is none of the tail: a decree's signature before the instrument
    // it issues (`Quy chế … ban hành kèm theo`) is that instrument's body.
    let last = cut.units.iter().map(|u| u.line).max().unwrap_or(first);
    let tail: String = match frame.closing {
        Some(closing) if closing.line > last => lines
            .iter()
            .skip(closing.line.saturating_sub(1) as usize)
            .copied()
            .collect(),
        _ => String::new(),
    };
    let markers = &vocabulary.markers.marginal_notes;
    let marginal_notes = lines.iter().any(|l| {
        let l = l.trim_start();
        markers.iter().any(|m| l.starts_with(m.as_str()))
    });
    Frame {
        head,
        tail,
        marginal_notes,
    }
}

/// The text of the live (not retired) units among `units`, between `frame`'s head and tail
/// (see the module docs). Never panics; a unit whose type the vocabulary lacks is printed by
/// its body alone (the cut could not have made it).
pub fn live_text(units: &[StoredUnit], vocabulary: &Vocabulary, frame: &Frame) -> String {
    printed(units, vocabulary, frame, &HashSet::new())
}

// [`live_text`], with the heading style turned the other way (marginal note ↔ after the
// number) for the units whose ids are in `flipped`.
fn printed(
    units: &[StoredUnit],
    vocabulary: &Vocabulary,
    frame: &Frame,
    flipped: &HashSet<String>,
) -> String {
    let live: Vec<StoredUnit> = units
        .iter()
        .filter(|u| u.lifecycle_status != LifecycleStatus::Retired)
        .cloned()
        .collect();
    let order = stored_document_order(&live);
    let structural: HashMap<&str, bool> = vocabulary
        .section_types
        .iter()
        .map(|t| (t.code.as_str(), holds_citation_roots(vocabulary, t)))
        .collect();
    let marginal = vocabulary.markers.marginal_notes.first();
    let style = Style {
        marginal: marginal.map(String::as_str),
        prefer_marginal: frame.marginal_notes,
    };
    let mut out = String::with_capacity(frame.head.len() + frame.tail.len() + 64 * live.len());
    out.push_str(&frame.head);
    if !out.is_empty() && !out.ends_with(['\n', '\r']) {
        out.push('\n');
    }
    // A bare number (`2` of `{ordinal} {title}`) alone on its line is page furniture to the
    // cut: a unit printed so, with no heading and no body, runs its first child in
    // (`2 (1) The Secretary of State …`), as the texts that have such units print them.
    let mut run_in: Option<(String, &str)> = None;
    for &i in &order {
        let Some(u) = live.get(i) else { continue };
        let (mut lines, bare) = unit_lines(
            u,
            vocabulary,
            structural
                .get(u.section_type.as_str())
                .copied()
                .unwrap_or(false),
            Style {
                prefer_marginal: style.prefer_marginal != flipped.contains(&u.id),
                ..style
            },
        );
        if let Some((number, parent)) = run_in.take() {
            match lines.first_mut() {
                Some(first) if u.parent.as_deref() == Some(parent) => {
                    *first = format!("{number} {first}");
                }
                _ => {
                    out.push_str(&number);
                    out.push('\n');
                }
            }
        }
        if bare {
            run_in = lines.pop().map(|number| (number, u.id.as_str()));
        }
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
    }
    if let Some((number, _)) = run_in {
        out.push_str(&number);
        out.push('\n');
    }
    out.push_str(&frame.tail);
    out
}

/// [`live_text`] with the head and tail of `previous` ([`frame_of`]), or none.
pub fn render_document(
    units: &[StoredUnit],
    vocabulary: &Vocabulary,
    doc_code: &str,
    previous: Option<&str>,
) -> String {
    let frame = previous
        .map(|p| frame_of(p, doc_code, vocabulary))
        .unwrap_or_default();
    live_text(units, vocabulary, &frame)
}

/// The text a document's store holds after a CUT ([`render_document`]), with its sha256 and
/// the addresses of the live units that cutting it does not give back exactly (none, for
/// every text the corpora and the amendment fixtures hold; see `core/tests/live_text.rs`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Followed {
    pub text: String,
    pub sha256: String,
    /// Whether `text` is the current text, kept as it is because it cuts into the live units
    /// already ([`follow_text`]): a CUT planned from the editor's own text changes no text.
    pub kept: bool,
    /// Live units missing from, or different in, the cut of `text`, in document order.
    pub differs: Vec<String>,
}

// Rounds of turning the heading style of the units that did not cut back.
const ROUNDS: usize = 6;

fn toggle(set: &mut HashSet<String>, id: String) {
    if !set.remove(&id) {
        set.insert(id);
    }
}

/// The text of the live units ([`render_document`]), checked by cutting it: a unit that does
/// not come back (a heading that reads as a marginal note in one text and as a title after
/// the number in another, `17 [Amendments]` among `Marginal note:` headings) is printed the
/// other way, and the text with the fewest differences is kept; `differs` names what remains.
pub fn follow_units(
    units: &[StoredUnit],
    vocabulary: &Vocabulary,
    doc_code: &str,
    previous: Option<&str>,
) -> Followed {
    let frame = previous
        .map(|p| frame_of(p, doc_code, vocabulary))
        .unwrap_or_default();
    let mut flipped: HashSet<String> = HashSet::new();
    // Per unit that did not come back: what was tried (1: the unit printed the other way; 2: then
    // the unit after it, whose lines its body took, instead).
    let mut tried: HashMap<String, u8> = HashMap::new();
    let mut best: Option<(String, Vec<String>)> = None;
    for _ in 0..ROUNDS {
        let text = printed(units, vocabulary, &frame, &flipped);
        let (differs, turn) = differences(units, &cut(&text, doc_code, vocabulary));
        let better = best.as_ref().is_none_or(|(_, d)| differs.len() < d.len());
        let done = differs.is_empty();
        if better {
            best = Some((text, differs));
        }
        if done {
            break;
        }
        for (id, next) in turn {
            let step = tried.entry(id.clone()).or_insert(0);
            *step += 1;
            match (*step, next) {
                (1, _) => toggle(&mut flipped, id),
                (2, Some(next)) => {
                    toggle(&mut flipped, id);
                    toggle(&mut flipped, next);
                }
                _ => {}
            }
        }
    }
    let (text, differs) = best.unwrap_or_default();
    Followed {
        sha256: crate::text::hash::sha256_hex(&text),
        text,
        kept: false,
        differs,
    }
}

/// What a document's stored text must be after a CUT: `current` itself when cutting it gives
/// back exactly the live units (the CUT applied that very text: the editor's wording, page
/// layout and notes stay), else the text [`follow_units`] renders from the units, with
/// `current`'s head and tail.
pub fn follow_text(
    units: &[StoredUnit],
    vocabulary: &Vocabulary,
    doc_code: &str,
    current: Option<&str>,
) -> Followed {
    if let Some(text) = current.filter(|t| !t.trim().is_empty()) {
        let (differs, _) = differences(units, &cut(text, doc_code, vocabulary));
        if differs.is_empty() {
            return Followed {
                text: text.to_owned(),
                sha256: crate::text::hash::sha256_hex(text),
                kept: true,
                differs,
            };
        }
    }
    follow_units(units, vocabulary, doc_code, current)
}

// The addresses of the live units the cut does not give back as they are, in document order,
// then of the units it cuts that are not live;
// and the ids of the units to print the other way: those, and the unit after each (a body
// that holds more than its own took that unit's lines).
#[allow(clippy::type_complexity)]
fn differences(
    units: &[StoredUnit],
    cut: &crate::read::cut::Cut,
) -> (Vec<String>, Vec<(String, Option<String>)>) {
    let live: Vec<&StoredUnit> = {
        let order = stored_document_order(units);
        order
            .into_iter()
            .filter_map(|i| units.get(i))
            .filter(|u| u.lifecycle_status != LifecycleStatus::Retired)
            .collect()
    };
    let by_address: HashMap<&str, &crate::store::unit::CutUnit> = cut
        .units
        .iter()
        .map(|c| (c.canonical_address.as_str(), c))
        .collect();
    // Parents by address: an article's address does not name its chapter, so a text placing it
    // under another chapter would plan a move.
    let stored_address: HashMap<&str, &str> = units
        .iter()
        .map(|u| (u.id.as_str(), u.canonical_address.as_str()))
        .collect();
    let cut_parent = |c: &crate::store::unit::CutUnit| {
        c.parent
            .and_then(|p| cut.units.get(p))
            .map(|p| p.canonical_address.as_str())
    };
    let mut differs: Vec<String> = Vec::new();
    let mut turn: Vec<(String, Option<String>)> = Vec::new();
    for (k, u) in live.iter().enumerate() {
        let parent = u
            .parent
            .as_deref()
            .and_then(|p| stored_address.get(p).copied());
        let same = by_address
            .get(u.canonical_address.as_str())
            .is_some_and(|c| {
                c.section_type == u.section_type
                    && c.ordinal == u.ordinal
                    && c.heading == u.heading
                    && c.body == u.body
                    && c.content_sha256 == u.content_sha256
                    && cut_parent(c) == parent
            });
        if !same {
            differs.push(u.canonical_address.clone());
            turn.push((u.id.clone(), live.get(k + 1).map(|n| n.id.clone())));
        }
    }
    // Units the text has that the store does not hold live: a plan from it would insert them.
    let live_addresses: HashSet<&str> = live.iter().map(|u| u.canonical_address.as_str()).collect();
    differs.extend(
        cut.units
            .iter()
            .filter(|c| !live_addresses.contains(c.canonical_address.as_str()))
            .map(|c| c.canonical_address.clone()),
    );
    (differs, turn)
}

// The lines of one unit: its heading line(s), then its body's; and whether it is only a bare
// number (no label, no punctuation), which must run its first child in.
fn unit_lines(
    u: &StoredUnit,
    vocabulary: &Vocabulary,
    structural: bool,
    style: Style<'_>,
) -> (Vec<String>, bool) {
    let body: Vec<&str> = if u.body.is_empty() {
        Vec::new()
    } else {
        u.body.split('\n').collect()
    };
    let heading = u.heading.as_deref().filter(|h| !h.is_empty());
    let own_lines = || {
        (
            heading
                .into_iter()
                .chain(body.iter().copied())
                .map(str::to_owned)
                .collect(),
            false,
        )
    };
    let Some(t) = vocabulary.by_code(&u.section_type) else {
        return own_lines();
    };
    if t.ordinal_style == OrdinalStyle::Term {
        return own_lines();
    }
    if crate::store::unit::is_instrument(vocabulary.section_types.iter(), t) {
        return (instrument_lines(heading, &body), false);
    }
    let pattern = t.heading_patterns().next().unwrap_or_default();
    let (number, labelled, title_slot) = number_line(t, pattern, vocabulary, &u.ordinal);
    let mut lines: Vec<String> = Vec::with_capacity(body.len() + 2);
    let mut body = body.into_iter();
    if labelled {
        match heading {
            Some(h) if structural => {
                lines.push(number);
                lines.push(h.to_owned());
            }
            Some(h) => lines.push(format!("{number} {h}")),
            None => lines.push(number),
        }
    } else {
        // The heading after the number where the pattern has a `{title}` (and the text does
        // not print marginal notes), else as a marginal note where the vocabulary has them.
        let marginal = style
            .marginal
            .filter(|_| style.prefer_marginal || !title_slot);
        match (heading, marginal) {
            (Some(h), Some(marker)) => {
                lines.push(format!("{marker}{h}"));
                lines.push(join(&number, body.next()));
            }
            (Some(h), None) if title_slot => lines.push(format!("{number} {h}")),
            // A heading run in before the text, as US drafting prints it (`(a)
            // Establishment.—`); the body on the next lines, where it may have started.
            (Some(h), None) => lines.push(format!("{number} {h}.—")),
            (None, _) => lines.push(join(&number, body.next())),
        }
    }
    // Only the number on its last line, and that a bare number (no label, no punctuation).
    let printed = number_of(vocabulary, t, &u.ordinal);
    let bare = body.len() == 0 && lines.last().is_some_and(|l| *l == printed);
    lines.extend(body.map(str::to_owned));
    (lines, bare)
}

#[derive(Clone, Copy)]
struct Style<'a> {
    marginal: Option<&'a str>,
    prefer_marginal: bool,
}

fn join(number: &str, first: Option<&str>) -> String {
    match first {
        Some(f) if !f.is_empty() => format!("{number} {f}"),
        _ => number.to_owned(),
    }
}

// The heading pattern with the unit's number printed in it, without `{title}`; whether the
// pattern has a label (words before the number, so the rest of its line is the heading), and
// whether it has a `{title}` slot.
// The number as the heading prints it ([`printed_number`]), and an inserted number of a
// lettered or Roman list with its first part in the list's style: `(i.1)`, `(a.1)` (the cut reads
// `3.1`, `(a.1)`, `(i.1)` as inserted after the first part), where `printed_number` would give
// `1.1`.
fn number_of(vocabulary: &Vocabulary, t: &SectionType, ordinal: &str) -> String {
    let inserted = !t.ordinal_style.is_numeric() || t.ordinal_style.is_roman();
    match ordinal.split_once('p') {
        Some((first, rest))
            if inserted
                && !first.is_empty()
                && !rest.is_empty()
                && rest
                    .split('p')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            format!(
                "{}.{}",
                printed_number(vocabulary, &t.code, first),
                rest.replace('p', ".")
            )
        }
        _ => printed_number(vocabulary, &t.code, ordinal),
    }
}

fn number_line(
    t: &SectionType,
    pattern: &str,
    vocabulary: &Vocabulary,
    ordinal: &str,
) -> (String, bool, bool) {
    let printed = number_of(vocabulary, t, ordinal);
    let (before, after) = pattern.split_once("{ordinal}").unwrap_or((pattern, ""));
    let title_slot = after.contains("{title}");
    let after = after.replace("{title}", "");
    let labelled = before.chars().any(char::is_alphabetic)
        || after
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_alphabetic);
    let line = format!("{before}{printed}{after}");
    (line.trim().to_owned(), labelled, title_slot)
}

// An instrument the document issues (a `Quy chế` after a decree's signature) is read from its
// `(Ban hành kèm theo …)` note, never from a heading: its body is the signature before its
// title and the note after it, so it prints as signature, title, note.
fn instrument_lines(heading: Option<&str>, body: &[&str]) -> Vec<String> {
    let note = body
        .iter()
        .rposition(|l| l.starts_with('(') && crate::text::fold::fold(l).contains("kem theo"))
        .unwrap_or(body.len());
    let (signature, note) = body.split_at(note);
    signature
        .iter()
        .copied()
        .chain(heading)
        .chain(note.iter().copied())
        .map(str::to_owned)
        .collect()
}

fn holds_citation_roots(vocabulary: &Vocabulary, t: &SectionType) -> bool {
    vocabulary
        .section_types
        .iter()
        .any(|c| c.citation_root && c.parents.contains(&t.code))
}

/// `text` in lines, each with its line end (`\n`, `\r\n` or `\r`) as the cut counts them.
fn raw_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..=i]);
                start = i + 1;
            }
            b'\r' => {
                let end = if bytes.get(i + 1) == Some(&b'\n') {
                    i + 1
                } else {
                    i
                };
                lines.push(&text[start..=end]);
                i = end;
                start = end + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_lines_keep_every_line_end() {
        assert_eq!(raw_lines("a\r\nb\rc\nd"), vec!["a\r\n", "b\r", "c\n", "d"]);
        assert_eq!(raw_lines(""), Vec::<&str>::new());
    }
}
