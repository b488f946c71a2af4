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
//! Units in document order ([`super::stored_document_order`]), each as the cut reads it back:
//! - a type whose heading pattern has a label (`Điều {ordinal}.`, `Chương {ordinal}`,
//!   `Section {ordinal}`): its heading line, the pattern with the number as printed
//!   ([`crate::cite::printed_number`]: `Chương II`, `Phần thứ nhất`), then ` heading`; a
//!   structural type (one holding citation roots) prints its heading on the next line, where
//!   the cut takes a division's title from; then the body's lines;
//! - a type without a label (`{ordinal}.`, `{ordinal})`, `({ordinal})`): the number, then the
//!   body's first line on the same line (the cut reads the rest of such a line as the body),
//!   then its other lines; a heading there is the `{title}` of a pattern that has one
//!   (`3. Citizenship`), or a marginal note (`Marginal note:…` on the line before), where the
//!   vocabulary has them;
//! - a definition (ordinal style `term`) is its own lines: its body starts with the term.
//!
//! Retired units are not text. What is not a unit is kept from the previous text when one is
//! given: its **head** (the lines before its first unit: title, preamble, enacting words) and its
//! **tail** (from its closing on: signature, appendices), both verbatim, located by cutting it.
//! Editorial notes among the provisions (`Frame::notes`) are not units and are not kept.

use std::collections::HashMap;

use super::{stored_document_order, LifecycleStatus, StoredUnit};
use crate::cite::printed_number;
use crate::cut::cut_with_frame;
use crate::vocabulary::{OrdinalStyle, SectionType, Vocabulary};

/// The text before the first unit and after the last one, as a previous text prints them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frame {
    pub head: String,
    pub tail: String,
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
        };
    };
    // Lines are 1-based; a closing before the first unit is none of the tail (the cut never
    // reports one there, but the line numbers are the cut's word, not a guarantee).
    let head: String = lines
        .iter()
        .take(first.saturating_sub(1) as usize)
        .copied()
        .collect();
    let tail: String = match frame.closing {
        Some(closing) if closing.line > first => lines
            .iter()
            .skip(closing.line.saturating_sub(1) as usize)
            .copied()
            .collect(),
        _ => String::new(),
    };
    Frame { head, tail }
}

/// The text of the live (not retired) units among `units`, between `frame`'s head and tail
/// (see the module docs). Never panics; a unit whose type the vocabulary lacks is printed by
/// its body alone (the cut could not have made it).
pub fn live_text(units: &[StoredUnit], vocabulary: &Vocabulary, frame: &Frame) -> String {
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
    let mut out = String::with_capacity(frame.head.len() + frame.tail.len() + 64 * live.len());
    out.push_str(&frame.head);
    if !out.is_empty() && !out.ends_with(['\n', '\r']) {
        out.push('\n');
    }
    for &i in &order {
        let Some(u) = live.get(i) else { continue };
        let lines = unit_lines(
            u,
            vocabulary,
            structural
                .get(u.section_type.as_str())
                .copied()
                .unwrap_or(false),
            marginal.map(String::as_str),
        );
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
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

// The lines of one unit: its heading line(s), then its body's.
fn unit_lines(
    u: &StoredUnit,
    vocabulary: &Vocabulary,
    structural: bool,
    marginal: Option<&str>,
) -> Vec<String> {
    let body: Vec<&str> = if u.body.is_empty() {
        Vec::new()
    } else {
        u.body.split('\n').collect()
    };
    let heading = u.heading.as_deref().filter(|h| !h.is_empty());
    let Some(t) = vocabulary.by_code(&u.section_type) else {
        return heading.into_iter().chain(body).map(str::to_owned).collect();
    };
    if t.ordinal_style == OrdinalStyle::Term {
        return heading.into_iter().chain(body).map(str::to_owned).collect();
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
        match heading {
            Some(h) if title_slot => lines.push(format!("{number} {h}")),
            Some(h) => {
                if let Some(marker) = marginal {
                    lines.push(format!("{marker}{h}"));
                }
                lines.push(join(&number, body.next()));
            }
            None => lines.push(join(&number, body.next())),
        }
    }
    lines.extend(body.map(str::to_owned));
    lines
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
fn number_line(
    t: &SectionType,
    pattern: &str,
    vocabulary: &Vocabulary,
    ordinal: &str,
) -> (String, bool, bool) {
    let printed = printed_number(vocabulary, &t.code, ordinal);
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
