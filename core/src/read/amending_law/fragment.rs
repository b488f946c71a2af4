//! The new text an instruction quotes: its quotation marks taken off, and its units read by
//! the ordinary cutter.

use crate::read::cut::cut;
use crate::text::diagnostic::Severity;
use crate::text::fold::fold;
use crate::text::vocabulary::Vocabulary;

/// A unit of quoted new text, with the units under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub section_type: String,
    pub ordinal: String,
    pub heading: Option<String>,
    pub body: String,
    pub children: Vec<Piece>,
    /// Its lines in the quoted text, `[first, last]`, 0-based.
    pub lines: (usize, usize),
}

impl Piece {
    /// `khoan-3`: the last segment of its address.
    pub fn segment(&self, vocabulary: &Vocabulary) -> String {
        let token = vocabulary
            .by_code(&self.section_type)
            .map_or(self.section_type.as_str(), |t| t.address_token.as_str());
        format!("{token}-{}", self.ordinal)
    }
}

/// Whether a line is a running head of the Official Gazette (`12 CÔNG BÁO/Số 1525 + 1526/Ngày
/// 29-12-2024`) or a bare page number: text a PDF extraction puts inside quoted new text.
pub(super) fn is_page_furniture(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return false;
    }
    if t.chars().all(|c| c.is_ascii_digit()) && t.len() <= 4 {
        return true;
    }
    let f = fold(t);
    f.contains("cong bao/so ") && f.contains("/ngay ")
}

/// The quoted new text in `tail` (what follows `như sau:`): outer marks removed, quotations in a
/// row joined, page furniture dropped. `Err` says why it is not a quotation.
pub(super) fn quoted(tail: &str) -> Result<String, String> {
    let lines: Vec<&str> = tail
        .lines()
        .filter(|l| !l.trim().is_empty() && !is_page_furniture(l))
        .collect();
    let Some(first) = lines.first() else {
        return Err("the instruction says 'như sau:' but no new text follows".into());
    };
    let first = first.trim_start();
    if !first.starts_with(['“', '"', '‘']) {
        return Err(format!(
            "the new text after 'như sau:' is not in quotation marks (it starts '{}')",
            super::clause::excerpt(&first.chars().take(40).collect::<String>())
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let mut l = line.trim();
        // An opening mark at the start of a line opens a quotation (the first, or the next in a row).
        if i == 0 || out.last().is_some_and(|p: &String| p.is_empty()) {
            l = l.trim_start_matches(['“', '"', '‘']).trim_start();
        } else if let Some(rest) = l.strip_prefix(['“', '‘']) {
            // A quotation after one that closed on the line before.
            if ends_quote(out.last().map_or("", String::as_str)) {
                let prev = out.pop().unwrap_or_default();
                out.push(strip_close(&prev).to_owned());
                l = rest.trim_start();
            }
        }
        out.push(l.to_owned());
    }
    if let Some(last) = out.pop() {
        out.push(strip_close(&last).to_owned());
    }
    let text = out.join("\n").trim().to_owned();
    if text.is_empty() {
        return Err("the quotation is empty".into());
    }
    Ok(text)
}

/// Whether a line ends with a closing mark and the punctuation after it (`”.`, `”;`, `’’`).
fn ends_quote(line: &str) -> bool {
    strip_close(line).len() < line.trim_end().len()
}

fn strip_close(line: &str) -> &str {
    let t = line.trim_end().trim_end_matches(['.', ';', ',', ' ']);
    let s = t.trim_end_matches(['”', '"', '’']);
    if s.len() < t.len() {
        s.trim_end()
    } else {
        line.trim_end()
    }
}

/// The units of quoted new text, cut with the amended document's vocabulary. A text that starts
/// with a clause or a point is cut under stand-in parents (`Điều 1.`, `1.`), which are dropped.
/// `Ok(empty)`: the text starts with no unit heading (plain words).
pub(crate) fn pieces(text: &str, vocabulary: &Vocabulary) -> Result<Vec<Piece>, String> {
    let lines = text.lines().count();
    for prefix in stand_ins(vocabulary) {
        let skip = prefix.lines().count();
        let whole = format!("{prefix}{text}");
        let c = cut(&whole, "x", vocabulary);
        let first_line = u32::try_from(skip + 1).unwrap_or(u32::MAX);
        if !c.units.iter().any(|u| u.line == first_line) {
            continue;
        }
        if let Some(d) = c
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error && d.line >= first_line)
        {
            return Err(format!(
                "line {} of the new text: {} ({})",
                d.line as usize - skip,
                d.message,
                d.code
            ));
        }
        // The tree of the units on the quoted lines.
        let mut nodes: Vec<(Option<usize>, Piece)> = Vec::new();
        let mut index = vec![usize::MAX; c.units.len()];
        for (i, u) in c.units.iter().enumerate() {
            if (u.line as usize) <= skip {
                continue;
            }
            let parent = u.parent.map(|p| index[p]).filter(|&p| p != usize::MAX);
            index[i] = nodes.len();
            nodes.push((
                parent,
                Piece {
                    section_type: u.section_type.to_string(),
                    ordinal: u.ordinal.to_string(),
                    heading: u.heading.clone(),
                    body: u.body.clone(),
                    children: Vec::new(),
                    lines: (u.line as usize - skip - 1, lines.saturating_sub(1)),
                },
            ));
        }
        // A unit's lines end where the next unit at its level or above starts.
        for i in 0..nodes.len() {
            let start = nodes[i].1.lines.0;
            let end = nodes[i + 1..]
                .iter()
                .find(|(p, _)| !descends(&nodes, *p, i))
                .map_or(lines.saturating_sub(1), |(_, n)| {
                    n.lines.0.saturating_sub(1)
                });
            nodes[i].1.lines = (start, end.max(start));
        }
        return Ok(assemble(nodes));
    }
    Ok(Vec::new())
}

fn descends(nodes: &[(Option<usize>, Piece)], mut parent: Option<usize>, ancestor: usize) -> bool {
    while let Some(p) = parent {
        if p == ancestor {
            return true;
        }
        parent = nodes[p].0;
    }
    false
}

/// Builds the forest from `(parent, piece)` in document order (parents before children).
fn assemble(nodes: Vec<(Option<usize>, Piece)>) -> Vec<Piece> {
    let mut slots: Vec<Option<Piece>> = Vec::with_capacity(nodes.len());
    let parents: Vec<Option<usize>> = nodes.iter().map(|(p, _)| *p).collect();
    for (_, piece) in nodes {
        slots.push(Some(piece));
    }
    // Children attach from the last to the first, so each parent is complete when it is moved.
    for i in (0..slots.len()).rev() {
        if let Some(p) = parents[i] {
            if let Some(child) = slots[i].take() {
                if let Some(parent) = slots[p].as_mut() {
                    parent.children.insert(0, child);
                }
            }
        }
    }
    slots.into_iter().flatten().collect()
}

/// Stand-in parents for quoted units that are not citation roots: none, an article, an article
/// and a clause (Vietnamese); the vocabulary's own first patterns otherwise.
fn stand_ins(vocabulary: &Vocabulary) -> Vec<String> {
    let mut chain: Vec<&crate::text::vocabulary::SectionType> = Vec::new();
    // The chain from a citation root down: the root, then the first type whose parents include the last.
    if let Some(root) = vocabulary
        .section_types
        .iter()
        .filter(|t| t.active && t.citation_root)
        .max_by_key(|t| t.level)
    {
        chain.push(root);
        while let Some(next) = vocabulary
            .section_types
            .iter()
            .find(|t| t.active && t.parents.iter().any(|p| p == &chain[chain.len() - 1].code))
        {
            if chain.len() > 3 || chain.iter().any(|c| c.code == next.code) {
                break;
            }
            chain.push(next);
        }
    }
    let mut out = vec![String::new()];
    let mut prefix = String::new();
    for t in chain.iter().take(2) {
        let pattern = t.heading_patterns().next().unwrap_or("{ordinal}");
        let ordinal = if t.ordinal_style.is_numeric() || t.ordinal_style.is_roman() {
            "1"
        } else {
            "a"
        };
        let line = pattern
            .replace("{ordinal}", ordinal)
            .replace("{title}", "X");
        prefix.push_str(line.trim());
        if !line.contains("{title}") && !line.trim_end().ends_with('X') {
            prefix.push_str(" X");
        }
        prefix.push('\n');
        out.push(prefix.clone());
    }
    out
}
