//! One pass over the lines: recognise headings, keep the open units on a stack,
//! collect bodies, and report what does not fit.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

// Messy sources (editorial notes, glued headings, run-on provisions, unclosed amendments).
#[path = "messy.rs"]
mod messy;

use super::lines::{lines, Line, Location};
use super::pattern::{first_words, unknown_label, Match, Pattern};
use super::sequence::{rank, show, step, Alphabet, Rank, Step};
use super::text::{
    first_folded, fold_line, is_all_caps, is_open_quote, is_page_number, is_signature_marker,
    TrimSpace,
};
use super::{codes, Frame, Passage};
use crate::address::{validate, validate_extension};
use crate::diagnostic::{Diagnostic, Severity};
use crate::unit::content_sha256;
use crate::unit::{derived_address, CutUnit};
use crate::vocabulary::{SectionType, Vocabulary};

/// How quotation marks are read in this pass.
pub(super) enum QuoteMode<'a> {
    /// Text between quotation marks is body, except the listed openers, which never closed in an earlier pass.
    Track(&'a [QuoteMark]),
    /// Quotation marks are ordinary characters.
    Off,
}

/// An opening quotation mark: the line and byte in the NFC line, and where it is in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct QuoteMark {
    pub line: u32,
    pub at: usize,
    pub location: Location,
}

pub(super) struct Outcome {
    pub units: Vec<CutUnit>,
    pub diagnostics: Vec<Diagnostic>,
    pub frame: Frame,
    /// The outermost quotation still open at the end of the text.
    pub unclosed: Option<QuoteMark>,
    /// Lines of tables of contents found in this pass (see [`contents_lines`]).
    pub contents: Vec<u32>,
    /// Units left out because their address was taken (`duplicate-ordinal`), for
    /// [`super::defects`] to name the one defect of the source behind them.
    pub left_out: Vec<LeftOut>,
}

/// A heading whose address was already taken: the unit and its subtree were left out.
#[derive(Debug, Clone)]
pub(super) struct LeftOut {
    /// Index of its section type in the vocabulary.
    pub section: usize,
    /// Canonical ordinal, and the ordinal as written (bytes `written_len` long in the input at `at`).
    pub ordinal: String,
    pub written: String,
    pub at: Location,
    pub written_len: usize,
    /// Index in the cut's units of the unit it would have gone under (`None`: top level).
    pub parent: Option<usize>,
}

/// Cuts `text`; see the docs of [`super::cut`] for the rules.
pub(super) fn segment(
    text: &str,
    doc: &str,
    vocabulary: &Vocabulary,
    patterns: &[Pattern],
    quotes: QuoteMode<'_>,
    contents: &[u32],
    find_runs: bool,
) -> Outcome {
    let mut s = Segmenter::new(text, doc, vocabulary, patterns, quotes);
    let mut entries = contents.iter().peekable();
    for line in lines(text) {
        while entries.next_if(|&&n| n < line.number).is_some() {}
        if entries.next_if(|&&n| n == line.number).is_some() {
            s.contents_line(&line);
        } else {
            s.physical(&line);
        }
    }
    s.frame_contents = contents.to_vec();
    s.finish(find_runs)
}

// The start of `t` folded, just long enough to compare with `markers`, and whether it is the
// whole line: markers are checked on every line of text, so a long line is never folded whole.
fn marker_head(markers: &[String], t: &str) -> Option<(String, bool)> {
    let longest = markers.iter().map(|m| m.chars().count()).max()?;
    // Folding never makes a line shorter than half its characters (marks are dropped only in NFD).
    let take = t
        .char_indices()
        .nth(2 * longest + 2)
        .map_or(t.len(), |(i, _)| i);
    let head = t.get(..take)?;
    Some((fold_line(head), take == t.len()))
}

// The hash of an address that `HeadingSeen` and the map of addresses already cut share. A
// collision costs only a comparison of the addresses (`seen_collided`).
fn address_hash(address: &str) -> u64 {
    crate::bytes::hash(address.as_bytes())
}

// A hasher for keys that already are hashes (`address_hash`): they are used as they are.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type PrehashedMap<V> = HashMap<u64, V, BuildHasherDefault<Prehashed>>;

// A heading line as the pass met it, for finding tables of contents afterwards.
struct HeadingSeen {
    line: u32,
    level: u32,
    root: bool,
    // A hash of its address: enough to see repeats without a copy of every address.
    address: u64,
    // Lines of text (not titles) between this heading and the next one.
    text_after: u32,
}

/// The lines of tables of contents among `seen` headings: runs of headings with no text
/// between them, less the headings that open the provisions after the run (a descent such
/// as TITLE I → SEC. 101 → (a)), when the run holds at least three citation roots and most
/// of them repeat a heading elsewhere in the text.
fn contents_lines(seen: &[HeadingSeen]) -> Vec<u32> {
    // How often each address is met: counted when the first run with three citation roots
    // asks, as most texts have none and the count of every heading is a second address map.
    let mut repeats: Option<PrehashedMap<u32>> = None;
    let mut out = Vec::new();
    let mut start = 0;
    while start < seen.len() {
        let mut end = start;
        while end + 1 < seen.len() && seen.get(end).is_some_and(|h| h.text_after == 0) {
            end += 1;
        }
        let run = seen.get(start..=end).unwrap_or_default();
        // The provisions' own opening: the longest suffix whose levels go strictly down the tree.
        let mut tail = run.len().saturating_sub(1);
        while tail > 0
            && run
                .get(tail - 1)
                .zip(run.get(tail))
                .is_some_and(|(a, b)| a.level < b.level)
        {
            tail -= 1;
        }
        let entries = run.get(..tail).unwrap_or_default();
        start = end + 1;
        let roots = entries.iter().filter(|h| h.root).count();
        if roots < 3 {
            continue;
        }
        let repeats = repeats.get_or_insert_with(|| {
            let mut counts =
                PrehashedMap::with_capacity_and_hasher(seen.len(), BuildHasherDefault::default());
            for h in seen {
                *counts.entry(h.address).or_default() += 1;
            }
            counts
        });
        let repeated = entries
            .iter()
            .filter(|h| h.root && repeats.get(&h.address).is_some_and(|&n| n > 1))
            .count();
        if repeated >= 2 && repeated * 2 >= roots {
            out.extend(entries.iter().map(|h| h.line));
        }
    }
    out
}

// A unit being built; address and parent are final, heading and body still grow.
struct Draft {
    section: usize,
    ordinal: String,
    heading: Option<String>,
    body: String,
    parent: Option<usize>,
    line: u32,
    address: String,
    // Segments in `address`: a child's address is validated from where this one ends.
    depth: usize,
}

// The last ordinal seen of one section type in one scope, and how it was written, for
// messages: `None` when as the canonical ordinal of `unit` (no copy for most units).
struct Last {
    section: usize,
    rank: Rank,
    unit: usize,
    written: Option<String>,
}

// A unit on the path from the document to the current line.
struct Open {
    section: usize,
    // None: the unit was left out (duplicate, invalid address), and so is everything under it.
    unit: Option<usize>,
    children: Vec<Last>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Attach {
    Under(usize),
    Root,
    Orphan,
}

struct Plan {
    attach: Attach,
    rank: Option<Rank>,
    step: Option<Step>,
    had_previous: bool,
}

enum Title {
    None,
    // A structural unit whose heading line had no title: the next line is its title.
    Await(usize),
    // Its title is all capitals so far: further all-capital lines continue it.
    Continue(usize),
}

struct Quotes<'a> {
    mode: QuoteMode<'a>,
    depth: u32,
    straight: bool,
    opened: Option<QuoteMark>,
    // Whether the open quotation started right after an amending phrase (`… như sau:`).
    amending: bool,
    // Whether the last line scanned ended with such a phrase.
    follows: bool,
    // The first straight mark opened in the middle of a line and left open at its end (`" the
    // officer responsible " for … " shall be`): a quotation in straight marks rarely spans
    // lines unless an amending phrase announces it, so when the text ends inside a quotation
    // this stray mark, not the last one opened, is the one to read as a character.
    stray: Option<QuoteMark>,
}

impl Quotes<'_> {
    fn open(&self) -> bool {
        self.depth > 0 || self.straight
    }

    fn ignored(&self, line: u32, at: usize) -> bool {
        match self.mode {
            QuoteMode::Track(ignore) => ignore.iter().any(|m| m.line == line && m.at == at),
            QuoteMode::Off => true,
        }
    }

    fn scan(&mut self, line: &Line<'_>, from: usize) {
        if matches!(self.mode, QuoteMode::Off) {
            return;
        }
        let text: &str = &line.text;
        let Some(rest) = text.get(from..) else {
            return;
        };
        let follows = std::mem::replace(&mut self.follows, messy::ends_as_follows(text));
        // Quotation marks start with byte E2 (“ ”), C2 (« ») or are '"': the line's marks
        // say whether it holds one, so most lines skip the scan below.
        if !self.open() && !line.marks.quote {
            return;
        }
        for (i, c) in rest.char_indices() {
            let at = from + i;
            match c {
                '“' | '«' if !self.straight => {
                    if self.depth == 0 {
                        if self.ignored(line.number, at) {
                            continue;
                        }
                        self.opened = Some(QuoteMark {
                            line: line.number,
                            at,
                            location: line.locate(at),
                        });
                        self.amending = messy::opens_amendment(text, at, follows);
                    }
                    self.depth = self.depth.saturating_add(1);
                }
                '”' | '»' if !self.straight => self.depth = self.depth.saturating_sub(1),
                '"' if self.depth == 0 => {
                    if self.straight {
                        self.straight = false;
                    } else if !self.ignored(line.number, at) {
                        self.straight = true;
                        self.opened = Some(QuoteMark {
                            line: line.number,
                            at,
                            location: line.locate(at),
                        });
                        self.amending = messy::opens_amendment(text, at, follows);
                    }
                }
                _ => {}
            }
        }
        if self.straight && !self.amending && self.stray.is_none() {
            self.stray = self.opened.filter(|m| m.line == line.number && m.at > from);
        }
    }
}

// Text outside the units (preamble, closing), collected line by line.
#[derive(Default)]
struct PassageBuf {
    text: String,
    line: u32,
    end_line: u32,
}

impl PassageBuf {
    fn push(&mut self, number: u32, line: &str) {
        if self.text.is_empty() {
            self.line = number;
        } else {
            self.text.push('\n');
        }
        self.text.push_str(line);
        self.end_line = number;
    }

    fn into_passage(self) -> Option<Passage> {
        (!self.text.is_empty()).then_some(Passage {
            text: self.text,
            line: self.line,
            end_line: self.end_line,
        })
    }
}

struct Segmenter<'a> {
    // The whole input, for looking one line ahead.
    input: &'a str,
    doc: &'a str,
    types: &'a [SectionType],
    patterns: &'a [Pattern],
    // Per section type: whether it contains citation roots (Phần, Chương, Mục), whose title may sit on the next line.
    structural: Vec<bool>,
    // Notes and closing markers of the vocabulary, folded.
    note_markers: Vec<String>,
    closing_markers: Vec<String>,
    alphabet: Alphabet,
    // Whether `doc` alone is a valid address, so that a citation root's address is
    // validated from where the slug ends.
    doc_valid: bool,
    drafts: Vec<Draft>,
    stack: Vec<Open>,
    // Document-wide sequences: citation roots (Điều 1…n across chapters) and parentless types.
    roots: Vec<Last>,
    // Addresses already cut: the index in `drafts` of the unit, by `address_hash`. Keyed by
    // the hash, checked against the draft's own address, so no address is copied or hashed
    // twice; an address whose hash another one already has (never met in practice) waits in
    // `seen_collided` with the line of its unit.
    seen: PrehashedMap<usize>,
    seen_collided: HashMap<String, u32>,
    diagnostics: Vec<Diagnostic>,
    left_out: Vec<LeftOut>,
    quotes: Quotes<'a>,
    preamble: PassageBuf,
    held: Option<PassageBuf>,
    title: Title,
    first_content: Option<Location>,
    // Whether any line read as a heading, even one left out or orphaned.
    headings_seen: bool,
    // An editorial note being read: it lasts until the next citation root or structural heading.
    note: Option<PassageBuf>,
    notes: Vec<Passage>,
    // Every heading line, for finding tables of contents.
    seen_headings: Vec<HeadingSeen>,
    frame_contents: Vec<u32>,
    // The section type `choose` picked where another reading fitted as well.
    ambiguous: Option<usize>,
    // The last line with text, and the last one whose weak heading was refused (a row of a list or table).
    prev_line: u32,
    row_line: Option<u32>,
}

impl<'a> Segmenter<'a> {
    fn new(
        input: &'a str,
        doc: &'a str,
        vocabulary: &'a Vocabulary,
        patterns: &'a [Pattern],
        quotes: QuoteMode<'a>,
    ) -> Self {
        let types = vocabulary.section_types.as_slice();
        let structural = types
            .iter()
            .map(|t| {
                types
                    .iter()
                    .any(|child| child.citation_root && child.parents.contains(&t.code))
            })
            .collect();
        let folded = |list: &[String]| list.iter().map(|m| fold_line(m)).collect::<Vec<_>>();
        Segmenter {
            input,
            doc,
            types,
            patterns,
            structural,
            note_markers: folded(&vocabulary.markers.notes),
            closing_markers: folded(&vocabulary.markers.closing),
            alphabet: Alphabet::for_language(&vocabulary.language),
            doc_valid: validate(doc) == Ok(0),
            drafts: Vec::new(),
            stack: Vec::new(),
            roots: Vec::new(),
            seen: PrehashedMap::with_capacity_and_hasher(64, BuildHasherDefault::default()),
            seen_collided: HashMap::new(),
            diagnostics: Vec::new(),
            left_out: Vec::new(),
            quotes: Quotes {
                mode: quotes,
                depth: 0,
                straight: false,
                opened: None,
                amending: false,
                follows: false,
                stray: None,
            },
            preamble: PassageBuf::default(),
            held: None,
            title: Title::None,
            first_content: None,
            headings_seen: false,
            note: None,
            notes: Vec::new(),
            seen_headings: Vec::new(),
            frame_contents: Vec::new(),
            ambiguous: None,
            prev_line: 0,
            row_line: None,
        }
    }

    // A line of a table of contents found in an earlier pass: text wherever it falls.
    fn contents_line(&mut self, line: &Line<'_>) {
        let Some((start, t)) = self.content(line) else {
            return;
        };
        self.title = Title::None;
        self.text_line(line.number, t);
        self.quotes.scan(line, start);
    }

    // Whether the line, folded, is one of `markers` (ignoring a closing `.` or `:`); a marker
    // ending in `…` is a line start (`Table Showing Disposition of…`).
    fn is_marker(markers: &[String], t: &str) -> bool {
        let Some((line, whole)) = marker_head(markers, t) else {
            return false;
        };
        markers.iter().any(|m| match m.strip_suffix('…') {
            Some(start) => line.starts_with(start),
            None => whole && *m == line,
        })
    }

    // Where the line's text starts and the text trimmed; `None` for a blank line or page furniture.
    fn content<'l>(&mut self, line: &'l Line<'_>) -> Option<(usize, &'l str)> {
        let text: &str = &line.text;
        let t = text.trim_space();
        if t.is_empty() || is_page_number(t) {
            return None;
        }
        let start = text.len() - text.trim_start_space().len();
        self.first_content.get_or_insert_with(|| line.locate(start));
        Some((start, t))
    }

    fn line(&mut self, line: &Line<'_>) {
        let text: &str = &line.text;
        let Some((start, t)) = self.content(line) else {
            return;
        };
        if self.quotes.open() {
            self.close_at_instruction(line, start, t);
        }
        let quoted = self.quotes.open()
            || (t.starts_with(is_open_quote) && !self.quotes.ignored(line.number, start));
        // `(1) (2)` heads a table's columns: no paragraph 1 with a paragraph 2 run in.
        if quoted || messy::column_numbers(t) || !self.recognise(line, start, t) {
            self.text_line(line.number, t);
        }
        self.prev_line = line.number;
        // US style: every paragraph of a quoted amendment opens a quotation mark and only the
        // last one closes it, so an opening mark that starts a quoted provision (`“(4) …`)
        // while a quotation is open continues it instead of nesting.
        let from = match t.chars().next() {
            Some(open)
                if self.quotes.open()
                    && is_open_quote(open)
                    && self.starts_heading(text, start + open.len_utf8()) =>
            {
                start + open.len_utf8()
            }
            _ => start,
        };
        self.quotes.scan(line, from);
    }

    fn starts_heading(&self, text: &str, at: usize) -> bool {
        let first = text.get(at..).and_then(first_folded);
        self.patterns
            .iter()
            .any(|p| p.match_at(text, at, first).is_some())
    }

    // Handles a line outside quotations; false when it is text rather than a unit heading.
    fn recognise(&mut self, line: &Line<'_>, start: usize, t: &str) -> bool {
        let text: &str = &line.text;
        let first = first_folded(t);
        let mut found = self
            .patterns
            .iter()
            .filter_map(|p| p.match_at(text, start, first));
        if let Some(first_match) = found.next() {
            // Most heading lines match one pattern: the Vec below stays empty and unallocated.
            let others: Vec<Match> = found.collect();
            return self.heading(line, start, first_match, others);
        }
        // Signature lines and a structural unit's title are text, whatever they look like.
        let title_line = match self.title {
            Title::Await(_) => true,
            Title::Continue(_) => is_all_caps(t),
            Title::None => false,
        };
        if self.held.is_some() || title_line {
            return false;
        }
        if !self.drafts.is_empty() && (is_signature_marker(t, first) || self.is_closing_marker(t)) {
            self.held = Some(PassageBuf::default());
            return false;
        }
        if self.note.is_none() && !self.drafts.is_empty() && Self::is_marker(&self.note_markers, t)
        {
            self.note = Some(PassageBuf::default());
            return false;
        }
        if self.note.is_some() {
            return false;
        }
        let (words, n) = first_words(t);
        let words = words.get(..n).unwrap_or_default();
        let labelled = self
            .patterns
            .iter()
            .find(|p| p.label_without_ordinal(words, first));
        // A label of the vocabulary, even one its patterns do not print (`Section 11` under a UK
        // schedule); asked only of the rare line shaped like a heading, as it folds every label.
        let known_label = || {
            words.first().is_some_and(|w| {
                self.patterns.iter().any(|p| p.is_label(w, first))
                    || self
                        .types
                        .iter()
                        .any(|t| fold_line(&t.label) == fold_line(w))
            })
        };
        if labelled.is_some() || (unknown_label(words) && !known_label()) {
            let message = match labelled {
                Some(p) => format!(
                    "'{t}' starts with the label of {} but has no ordinal it can read; it is kept as text",
                    self.types.get(p.section).map_or("", |t| t.label.as_str())
                ),
                None => format!("'{t}' looks like a heading, but the vocabulary has no such label; it is kept as text"),
            };
            self.report(
                Severity::Warning,
                codes::UNKNOWN_HEADING,
                line.locate(start),
                message,
                format!(
                    "write headings as the vocabulary does: {}",
                    self.pattern_list()
                ),
            );
        }
        false
    }

    fn is_closing_marker(&self, t: &str) -> bool {
        marker_head(&self.closing_markers, t).is_some_and(|(line, _)| {
            self.closing_markers
                .iter()
                .any(|m| line.starts_with(m.as_str()))
        })
    }

    fn pattern_list(&self) -> String {
        let shown: Vec<String> = self
            .patterns
            .iter()
            .filter_map(|p| self.types.get(p.section))
            .filter(|t| t.active)
            .map(|t| format!("'{}'", t.heading_pattern))
            .collect();
        shown.join(", ")
    }

    // A line that matched at least one pattern; false when it stays text.
    fn heading(
        &mut self,
        line: &Line<'_>,
        start: usize,
        first: Match,
        mut others: Vec<Match>,
    ) -> bool {
        let active = |m: &Match| self.types.get(m.section).is_some_and(|t| t.active);
        let inactive = std::iter::once(&first)
            .chain(&others)
            .find(|m| !active(m))
            .map(|m| m.section);
        others.retain(|m| active(m));
        let chosen = match (active(&first), others.is_empty()) {
            (true, true) => Some(first),
            (true, false) => {
                others.insert(0, first);
                self.choose(line, others)
            }
            (false, _) => self.choose(line, others),
        };
        let Some(chosen) = chosen else {
            // No reading fits (a bare number out of its sequence): plain text.
            if self.held.is_none() && inactive.is_some() {
                let label = inactive
                    .and_then(|i| self.types.get(i))
                    .map_or("", |t| t.label.as_str());
                self.report(
                    Severity::Warning,
                    codes::INACTIVE_SECTION_TYPE,
                    line.locate(start),
                    format!("this reads as a {label} heading, but {label} is switched off in the vocabulary; it is kept as text"),
                    format!("activate {label} in the vocabulary, or leave the line as text"),
                );
            }
            return false;
        };
        self.headings_seen = true;
        let Some(t) = self.types.get(chosen.section) else {
            return false;
        };
        if let Some(section) = self.ambiguous.take() {
            let written = line
                .text
                .get(chosen.ordinal_at..chosen.ordinal_end)
                .unwrap_or_default();
            let label = self.types.get(section).map_or("", |t| t.label.as_str());
            self.report(
                Severity::Warning,
                codes::AMBIGUOUS_ORDINAL,
                line.locate(start),
                format!("'{written}' reads both as the next {label} and as the first of a deeper list; it was cut as a {label}, the reading its sequence supports"),
                "check the source; if it starts a deeper list, renumber the list or the letters so that they differ".into(),
            );
        }
        let major = t.citation_root || self.structural.get(chosen.section) == Some(&true);
        if chosen.weak && !self.weak_fits(&self.plan(&chosen), &chosen) {
            // A bare number at the start of a line is a heading only where it continues its sequence.
            self.row_line = Some(line.number);
            return false;
        }
        // Inside a note or the closing, only a new provision ends it: a heading that would
        // repeat an address already cut (`Title 1 Former Sections …` in a table) is text there.
        let repeats = (self.note.is_some() || self.held.is_some())
            && major
            && self
                .prospective_address(&chosen)
                .is_some_and(|a| self.first_seen(address_hash(&a), &a).is_some());
        if let Some(note) = self.note.take() {
            if !major || repeats {
                self.note = Some(note);
                return false;
            }
            self.notes.extend(note.into_passage());
        }
        if let Some(held) = self.held.take() {
            if !major || repeats {
                // Numbered lists in a signature block or an annex are not clauses.
                self.held = Some(held);
                return false;
            }
            // More provisions follow, so what looked like a signature was text.
            for (i, part) in held.text.split('\n').enumerate() {
                let number = held.line.saturating_add(u32::try_from(i).unwrap_or(0));
                self.text_line(number, part);
            }
        }
        self.title = Title::None;
        let written = line
            .text
            .get(chosen.ordinal_at..chosen.ordinal_end)
            .unwrap_or_default();
        if let Some((from, to)) = chosen.footnote {
            let marker = line.text.get(from..to).unwrap_or_default();
            self.report(
                Severity::Warning,
                codes::FOOTNOTE_MARKER,
                line.locate(from),
                format!("footnote marker {marker} next to {} {written} is not part of the ordinal and was removed", t.label),
                "nothing to do if the marker is a footnote reference; the footnote text stays where it is".into(),
            );
        }
        let plan = self.plan(&chosen);
        let parent_at = match plan.attach {
            Attach::Orphan => {
                let parents: Vec<&str> = t
                    .parents
                    .iter()
                    .filter_map(|code| self.types.iter().find(|p| &p.code == code))
                    .map(|p| p.label.as_str())
                    .collect();
                self.report(
                    Severity::Error,
                    codes::ORPHAN_UNIT,
                    line.locate(start),
                    format!(
                        "{} {written} is not inside any {}; it is kept as text of the enclosing unit",
                        t.label,
                        parents.join(" or ")
                    ),
                    format!("put it under a {}, or fix the heading above it", parents.join(" or ")),
                );
                return false;
            }
            Attach::Root => {
                self.stack.clear();
                None
            }
            Attach::Under(i) => {
                self.stack.truncate(i + 1);
                Some(i)
            }
        };
        let parent = parent_at.and_then(|i| self.stack.get(i));
        let parent_unit = parent.and_then(|p| p.unit);
        let parent_draft = parent_unit.and_then(|i| self.drafts.get(i));
        let address = derived_address(
            self.doc,
            parent_draft.map(|d| d.address.as_str()),
            t,
            &chosen.ordinal,
        );
        // The address extends one already valid (its parent's, or the document slug's):
        // only the new segment is read.
        let (valid_len, valid_depth) = match parent_draft {
            Some(d) if !t.citation_root => (d.address.len(), d.depth),
            _ if self.doc_valid => (self.doc.len(), 0),
            _ => (0, 0),
        };
        // Text on the heading's own line (`(a) In general.—…`) is text after it.
        let inline_text = !chosen.titled
            && line
                .text
                .get(chosen.rest_at..)
                .is_some_and(|r| !r.trim_space().is_empty());
        let hash = address_hash(&address);
        self.seen_headings.push(HeadingSeen {
            line: line.number,
            level: t.level,
            root: t.citation_root,
            address: hash,
            text_after: u32::from(inline_text),
        });
        if parent.is_some_and(|p| p.unit.is_none()) {
            self.push_skipped(chosen.section);
            return true;
        }
        let depth = match validate_extension(&address, valid_len, valid_depth) {
            Ok(depth) => depth,
            Err(e) => {
                self.report(
                Severity::Error,
                codes::INVALID_ADDRESS,
                line.locate(start),
                format!(
                    "{} {written} would get the address '{address}', which is invalid: {}; it and everything under it are left out",
                    t.label,
                    e.reason()
                ),
                e.hint(),
            );
                self.push_skipped(chosen.section);
                return true;
            }
        };
        if let Some(first) = self.first_seen(hash, &address) {
            self.report(
                Severity::Error,
                codes::DUPLICATE_ORDINAL,
                line.locate(chosen.ordinal_at),
                format!(
                    "{} {written} appears again (first at line {first}); the address {address} is taken, so this one and everything under it are left out",
                    t.label
                ),
                "renumber the repeated unit, or delete the copy".into(),
            );
            let at = line.locate(chosen.ordinal_at);
            let written_len = line
                .locate(chosen.ordinal_end)
                .offset
                .saturating_sub(at.offset);
            self.left_out.push(LeftOut {
                section: chosen.section,
                ordinal: chosen.ordinal.clone(),
                written: written.to_owned(),
                at,
                written_len,
                parent: parent_unit,
            });
            self.push_skipped(chosen.section);
            return true;
        }
        self.check_order(line, &chosen, t, &plan, written);
        if let Some(rank) = plan.rank {
            let written = (written != chosen.ordinal).then(|| written.to_owned());
            self.remember(parent_at, chosen.section, rank, written);
        }
        let titled = chosen.titled;
        let rest = line
            .text
            .get(chosen.rest_at..)
            .unwrap_or_default()
            .trim_space();
        let (heading, body) = if titled {
            ((!rest.is_empty()).then(|| rest.to_owned()), String::new())
        } else {
            (None, rest.to_owned())
        };
        let index = self.drafts.len();
        if titled && self.structural.get(chosen.section) == Some(&true) {
            self.title = match &heading {
                None => Title::Await(index),
                Some(h) if is_all_caps(h) => Title::Continue(index),
                Some(_) => Title::None,
            };
        }
        match self.seen.entry(hash) {
            Entry::Vacant(e) => {
                e.insert(index);
            }
            Entry::Occupied(_) => {
                self.seen_collided.insert(address.clone(), line.number);
            }
        }
        self.drafts.push(Draft {
            section: chosen.section,
            ordinal: chosen.ordinal,
            heading,
            body,
            parent: parent_unit,
            line: line.number,
            address,
            depth,
        });
        self.stack.push(Open {
            section: chosen.section,
            unit: Some(index),
            children: Vec::new(),
        });
        if !titled && !rest.is_empty() {
            self.run_in(line, chosen.rest_at, index);
        }
        true
    }

    // A child heading run in at the start of the body (`(a)(1) …`, `3. (1) …`) is a unit of its own.
    fn run_in(&mut self, line: &Line<'_>, at: usize, index: usize) {
        let text: &str = &line.text;
        let Some(code) = self
            .drafts
            .get(index)
            .and_then(|d| self.types.get(d.section))
            .map(|t| t.code.as_str())
        else {
            return;
        };
        let first = text.get(at..).and_then(first_folded);
        let mut found: Vec<Match> = self
            .patterns
            .iter()
            .filter(|p| !p.titled())
            .filter_map(|p| p.match_at(text, at, first))
            .filter(|m| {
                !m.weak
                    && self
                        .types
                        .get(m.section)
                        .is_some_and(|t| t.parents.iter().any(|p| p == code))
            })
            .collect();
        if found.is_empty() {
            return;
        }
        let first_match = found.remove(0);
        if let Some(d) = self.drafts.get_mut(index) {
            d.body.clear();
        }
        if !self.heading(line, at, first_match, found) {
            // Not a unit after all: the body stays as written.
            let rest = text.get(at..).unwrap_or_default().trim_space();
            if let Some(d) = self.drafts.get_mut(index) {
                d.body = rest.to_owned();
            }
        }
    }

    // A weak heading (`1 Short title`, `3. Citizenship`) must continue its sequence, or skip a
    // few numbers, and not follow a numbered line that was refused (the rows of a table). The
    // first citation root of the text may have any number when a title follows it: an extract
    // (`Part VI`, then `129 Lords Commissioners …`) starts where its source does. An inserted
    // number (`4A`) follows its base, or the number before it where the base itself is gone:
    // `4A.` after `2.` is a row of a table or quoted text.
    fn weak_fits(&self, plan: &Plan, m: &Match) -> bool {
        let first_root = !plan.had_previous
            && m.titled
            && self.types.get(m.section).is_some_and(|t| t.citation_root);
        let inserted = plan.rank.as_ref().is_some_and(|r| !r.suffix().is_empty());
        let gap = if inserted { 1 } else { 5 };
        self.row_line != Some(self.prev_line)
            && plan.attach != Attach::Orphan
            && match &plan.step {
                Some(Step::Next) => true,
                Some(Step::Gap { from, to }) => to.saturating_sub(*from) < gap || first_root,
                _ => false,
            }
    }

    // The line of the unit already cut at `address` (whose `address_hash` is `hash`), if any.
    fn first_seen(&self, hash: u64, address: &str) -> Option<u32> {
        match self.seen.get(&hash).and_then(|&i| self.drafts.get(i)) {
            Some(d) if d.address == address => Some(d.line),
            _ => self.seen_collided.get(address).copied(),
        }
    }

    fn push_skipped(&mut self, section: usize) {
        self.stack.push(Open {
            section,
            unit: None,
            children: Vec::new(),
        });
    }

    // Where a unit of this match would go, and how its ordinal follows the previous one there.
    fn plan(&self, m: &Match) -> Plan {
        let Some(t) = self.types.get(m.section) else {
            return Plan {
                attach: Attach::Orphan,
                rank: None,
                step: None,
                had_previous: false,
            };
        };
        let attach = self
            .stack
            .iter()
            .rposition(|open| {
                self.types
                    .get(open.section)
                    .is_some_and(|p| t.parents.contains(&p.code))
            })
            .map_or_else(
                || {
                    if t.may_be_top_level() {
                        Attach::Root
                    } else {
                        Attach::Orphan
                    }
                },
                Attach::Under,
            );
        let previous = self
            .scope(attach, m.section)
            .iter()
            .rev()
            .find(|l| l.section == m.section);
        let rank = rank(t.ordinal_style, self.alphabet, &m.ordinal);
        let step = rank.as_ref().map(|r| step(previous.map(|l| &l.rank), r));
        Plan {
            attach,
            rank,
            step,
            had_previous: previous.is_some(),
        }
    }

    // The sequence a unit's ordinal continues: document-wide for citation roots, else its parent's.
    fn scope(&self, attach: Attach, section: usize) -> &[Last] {
        let root = self.types.get(section).is_some_and(|t| t.citation_root);
        match attach {
            Attach::Under(i) if !root => self.stack.get(i).map_or(&[], |o| o.children.as_slice()),
            _ => &self.roots,
        }
    }

    // Called just before the unit is added to `drafts`.
    fn remember(
        &mut self,
        parent_at: Option<usize>,
        section: usize,
        rank: Rank,
        written: Option<String>,
    ) {
        let unit = self.drafts.len();
        let root = self.types.get(section).is_some_and(|t| t.citation_root);
        let scope = match parent_at {
            Some(i) if !root => match self.stack.get_mut(i) {
                Some(open) => &mut open.children,
                None => return,
            },
            _ => &mut self.roots,
        };
        scope.retain(|l| l.section != section);
        scope.push(Last {
            section,
            rank,
            unit,
            written,
        });
    }

    // Several types read the line (`(i)`: subparagraph i or item i). Prefer, in turn: the one
    // that continues its sequence, then one that starts a new sequence, then the deepest; ties go to vocabulary order.
    fn choose(&mut self, line: &Line<'_>, mut matches: Vec<Match>) -> Option<Match> {
        if matches.len() <= 1 {
            return matches.pop();
        }
        let mut best: Option<((u8, usize), Match)> = None;
        let mut runner_up: Option<(u8, usize, String)> = None;
        let mut refused_weak = false;
        for m in matches {
            let plan = self.plan(&m);
            if m.weak && !self.weak_fits(&plan, &m) {
                refused_weak = true;
                continue;
            }
            let depth = match plan.attach {
                Attach::Under(i) => i + 2,
                Attach::Root => 1,
                Attach::Orphan => 0,
            };
            let tier = match (plan.attach, &plan.step, plan.had_previous) {
                (Attach::Orphan, _, _) => 0,
                // `(i)` after `(h)` but followed by `(ii)`: the next line settles it.
                (_, Some(Step::Next), _)
                    if self.next_line_follows(line, &m, plan.rank.as_ref()) =>
                {
                    4
                }
                (_, Some(Step::Next), true) => 3,
                (_, Some(Step::Next), false) => 2,
                _ => 1,
            };
            match &best {
                Some((key, _)) if (tier, depth) <= *key => {
                    runner_up = runner_up.max(Some((tier, depth, m.ordinal)));
                }
                _ => {
                    runner_up = runner_up.max(best.map(|((t, d), b)| (t, d, b.ordinal)));
                    best = Some(((tier, depth), m));
                }
            }
        }
        let Some(((tier, _), chosen)) = best else {
            if refused_weak {
                self.row_line = Some(line.number);
            }
            return None;
        };
        // `(i)` after `(h)` continues the letters: the sequence decides. When two readings of
        // the number (letter i, numeral 1) continue or start their sequences alike, only the
        // depth decides: a person should confirm. (`Part 1` of an act or of a schedule is one number.)
        let ambiguous = runner_up
            .is_some_and(|(t, _, ordinal)| t >= 2 && t == tier && ordinal != chosen.ordinal);
        if ambiguous {
            self.ambiguous = Some(chosen.section);
        }
        Some(chosen)
    }

    fn check_order(
        &mut self,
        line: &Line<'_>,
        m: &Match,
        t: &SectionType,
        plan: &Plan,
        written: &str,
    ) {
        // The usual case, next in its sequence, needs neither a location nor the previous ordinal.
        if plan.step == Some(Step::Next) {
            return;
        }
        let at = line.locate(m.ordinal_at);
        let previous = self
            .scope(plan.attach, m.section)
            .iter()
            .find(|l| l.section == m.section)
            .map(|l| match &l.written {
                Some(w) => w.clone(),
                None => self
                    .drafts
                    .get(l.unit)
                    .map(|d| d.ordinal.clone())
                    .unwrap_or_default(),
            });
        let style = t.ordinal_style;
        let label = &t.label;
        match (&plan.step, previous) {
            // A number too large to rank is left unchecked; only letters can fall outside the sequence.
            (None, _) if style.is_numeric() => {}
            (None, _) => {
                let letters = self.alphabet.spelled();
                self.report(
                    Severity::Warning,
                    codes::ORDINAL_OUT_OF_ORDER,
                    at,
                    format!("{label} {written} is not in the sequence {letters}"),
                    format!("use the letters {letters}"),
                );
            }
            (Some(Step::Next), _) => {}
            // US acts number sections by title and subtitle (SEC. 1101 opens title I, subtitle A).
            (Some(Step::Gap { .. }), Some(_))
                if t.citation_root && self.opens_a_hundred(m, plan) => {}
            (Some(Step::Gap { from, to }), previous) => {
                let missing = if from == to {
                    format!("{label} {} is missing", show(style, self.alphabet, *from))
                } else {
                    format!(
                        "{label} {} to {} are missing",
                        show(style, self.alphabet, *from),
                        show(style, self.alphabet, *to)
                    )
                };
                let message = match previous {
                    Some(p) => format!("{label} {written} follows {label} {p}: {missing}"),
                    None => format!("{label} {written} is the first {label} here: {missing}"),
                };
                self.report(
                    Severity::Warning,
                    codes::ORDINAL_GAP,
                    at,
                    message,
                    "check the numbering against the source; if the text is an excerpt, the gap is expected".into(),
                );
            }
            (Some(Step::Backwards), previous) => {
                let p = previous.unwrap_or_default();
                self.report(
                    Severity::Warning,
                    codes::ORDINAL_OUT_OF_ORDER,
                    at,
                    format!("{label} {written} comes after {label} {p}, which numbers later"),
                    "check the numbering against the source; units are cut in the order they appear".into(),
                );
            }
        }
    }

    // Whether the next line with text is the next heading of the same type as `m`.
    fn next_line_follows(&self, line: &Line<'_>, m: &Match, rank_of_m: Option<&Rank>) -> bool {
        let Some(current) = rank_of_m else {
            return false;
        };
        let from = line.locate(0).offset;
        let rest = self.input.get(from..).unwrap_or_default();
        let Some(next) = rest
            .split(['\n', '\r'])
            .skip(1)
            .map(|l| l.trim_space())
            .find(|l| !l.is_empty())
        else {
            return false;
        };
        let style = self.types.get(m.section).map(|t| t.ordinal_style);
        self.patterns
            .iter()
            .filter(|p| p.section == m.section)
            .filter_map(|p| p.match_at(next, 0, first_folded(next)))
            .any(|n| {
                style
                    .and_then(|style| rank(style, self.alphabet, &n.ordinal))
                    .is_some_and(|r| step(Some(current), &r) == Step::Next)
            })
    }

    // The address a unit of this match would get where the line stands.
    fn prospective_address(&self, m: &Match) -> Option<String> {
        let t = self.types.get(m.section)?;
        let parent = match self.plan(m).attach {
            Attach::Under(i) => self
                .stack
                .get(i)
                .and_then(|o| o.unit)
                .and_then(|u| self.drafts.get(u))
                .map(|d| d.address.as_str()),
            Attach::Root => None,
            Attach::Orphan => return None,
        };
        Some(derived_address(self.doc, parent, t, &m.ordinal))
    }

    // A citation root numbered n01 that is the first of its type under its parent: numbering by hundreds.
    fn opens_a_hundred(&self, m: &Match, plan: &Plan) -> bool {
        let first_under_parent = match plan.attach {
            Attach::Under(i) => self.stack.get(i).is_some_and(|open| {
                open.unit.is_some_and(|u| {
                    !self
                        .drafts
                        .iter()
                        .skip(u + 1)
                        .any(|d| d.section == m.section)
                })
            }),
            _ => false,
        };
        let number: u32 = m
            .ordinal
            .bytes()
            .take_while(u8::is_ascii_digit)
            .fold(0, |n, b| {
                n.saturating_mul(10).saturating_add(u32::from(b - b'0'))
            });
        first_under_parent && number % 100 == 1 && m.ordinal.bytes().all(|b| b.is_ascii_digit())
    }

    // A line of text: title, body of the innermost unit, preamble or closing.
    fn text_line(&mut self, number: u32, t: &str) {
        if let Some(held) = &mut self.held {
            held.push(number, t);
            return;
        }
        if let Some(note) = &mut self.note {
            note.push(number, t);
            return;
        }
        match self.title {
            Title::Await(i) => {
                self.title = if is_all_caps(t) {
                    Title::Continue(i)
                } else {
                    Title::None
                };
                if let Some(d) = self.drafts.get_mut(i) {
                    d.heading = Some(t.to_owned());
                }
                return;
            }
            Title::Continue(i) if is_all_caps(t) => {
                if let Some(h) = self.drafts.get_mut(i).and_then(|d| d.heading.as_mut()) {
                    h.push(' ');
                    h.push_str(t);
                }
                return;
            }
            Title::Continue(_) => self.title = Title::None,
            Title::None => {}
        }
        if let Some(h) = self.seen_headings.last_mut() {
            h.text_after = h.text_after.saturating_add(1);
        }
        match self.stack.last() {
            None => self.preamble.push(number, t),
            Some(Open { unit: Some(i), .. }) => {
                if let Some(d) = self.drafts.get_mut(*i) {
                    if !d.body.is_empty() {
                        d.body.push('\n');
                    }
                    d.body.push_str(t);
                }
            }
            // Text of a unit that was left out; its diagnostic says so.
            Some(Open { unit: None, .. }) => {}
        }
    }

    fn report(
        &mut self,
        severity: Severity,
        code: &'static str,
        at: Location,
        message: String,
        hint: String,
    ) {
        self.diagnostics.push(Diagnostic {
            severity,
            code,
            message,
            line: at.line,
            column: at.column,
            offset: at.offset,
            hint,
            repair: None,
        });
    }

    fn finish(mut self, find_runs: bool) -> Outcome {
        let unclosed = if self.quotes.open() {
            self.quotes.stray.or(self.quotes.opened)
        } else {
            None
        };
        if self.drafts.is_empty() && !self.headings_seen {
            if let Some(at) = self.first_content {
                let message = format!(
                    "no unit headings were recognised; the vocabulary expects headings like {}",
                    self.pattern_list()
                );
                self.report(
                    Severity::Warning,
                    codes::NO_UNITS,
                    at,
                    message,
                    "check that the document is in the vocabulary's language and that headings start their lines".into(),
                );
            }
        }
        let units = self
            .drafts
            .into_iter()
            .enumerate()
            .map(|(i, d)| {
                // Every piece was trimmed before it was joined, so the body already is.
                let body = d.body;
                CutUnit {
                    section_type: self
                        .types
                        .get(d.section)
                        .map(|t| t.code.clone())
                        .unwrap_or_default(),
                    content_sha256: content_sha256(d.heading.as_deref(), &body),
                    ordinal: d.ordinal,
                    heading: d.heading,
                    body,
                    parent: d.parent,
                    position: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    canonical_address: d.address,
                    line: d.line,
                }
            })
            .collect();
        let mut notes = self.notes;
        notes.extend(self.note.and_then(PassageBuf::into_passage));
        let contents = if find_runs {
            contents_lines(&self.seen_headings)
        } else {
            Vec::new()
        };
        Outcome {
            units,
            diagnostics: self.diagnostics,
            frame: Frame {
                preamble: self.preamble.into_passage(),
                closing: self.held.and_then(PassageBuf::into_passage),
                notes,
                contents: self.frame_contents,
            },
            unclosed,
            contents,
            left_out: self.left_out,
        }
    }
}
