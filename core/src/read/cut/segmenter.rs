//! One pass over the lines: recognise headings, keep the open units on a stack,
//! collect bodies, and report what does not fit.

use crate::text::report::Report;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

// Messy sources (editorial notes, glued headings, run-on provisions, unclosed amendments).
#[path = "messy.rs"]
mod messy;

use super::lines::{lines, Line, Location};
use super::pattern::{first_words, title_case, unknown_label, Match, Pattern};
use super::sequence::{rank, show, step, Alphabet, Rank, Step};
use super::text::{
    appendix_title, first_folded, fold_line, fold_str, folded_starts_with, is_all_caps,
    is_open_quote, is_page_number, is_signature_marker, is_space, names_a_document, TrimSpace,
};
use super::{codes, Frame, Passage};
use crate::store::unit::{content_sha256, provision_status, sibling_positions};
use crate::store::unit::{
    derived_address, is_instrument, may_number_per_division, scoped_address, CutUnit,
};
use crate::text::address::{validate, validate_extension};
use crate::text::diagnostic::{Diagnostic, Repair, Severity};
use crate::text::vocabulary::{OrdinalStyle, SectionType, Vocabulary};

/// How quotation marks are read in this pass.
pub(super) enum QuoteMode<'a> {
    /// Text between quotation marks is body, except the listed openers, which never closed in an earlier pass.
    Track(&'a [QuoteMark]),
    /// Quotation marks are ordinary characters.
    Off,
}

/// What one pass of the cut reads differently from the others.
pub(super) struct Pass<'a> {
    pub quotes: QuoteMode<'a>,
    /// The lines read as a table of contents.
    pub contents: &'a [u32],
    /// Whether to report runs of headings that look like a table of contents (`Outcome::contents`).
    pub find_runs: bool,
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
    /// A straight quotation opened in a sentence that was still open at a line starting a
    /// heading, and that line: its mark is to be read as an ordinary character.
    pub runaway: Option<(QuoteMark, u32)>,
    /// Lines of tables of contents found in this pass (see [`contents_lines`]).
    pub contents: Vec<u32>,
    /// Units left out because their address was taken (`duplicate-ordinal`), for
    /// [`super::defects`] to name the one defect of the source behind them.
    pub left_out: Vec<LeftOut>,
    /// Citation roots (by vocabulary index) whose numbering started again under a new parent
    /// (`Chương I` again in `Phần thứ ba`): the document numbers them per parent.
    pub restarted: Vec<usize>,
    /// Citation roots whose numbering started again in a new outermost grouping, with that
    /// grouping's type (sections `SEC. 101.` again in each `DIVISION` of a consolidated act,
    /// their titles in between): the document numbers them per grouping.
    pub restarted_within: Vec<(usize, usize)>,
    /// Structural types (by vocabulary index) cut as orphans: outside any of their parents.
    pub orphaned: Vec<usize>,
    /// (type, division type) by vocabulary index and the line of the parent unit: a type that
    /// is no citation root whose numbering started again in a new division of that parent
    /// (schedule paragraphs `1`, `2` again in each `PART` of one schedule): the parent numbers
    /// it per division.
    pub restarted_in: Vec<Divided>,
}

/// How this document places some section types, decided from an earlier pass over it.
#[derive(Debug, Clone, Default)]
pub(super) struct Layout {
    /// Per section type: a citation root whose numbering starts again under each parent
    /// (`Phần thứ ba`, `Chương I`), so it is addressed under its parent (`…/phan-3/chuong-1`)
    /// and numbered per parent.
    pub scoped: Vec<bool>,
    /// Per section type: a structural type none of whose parents the document uses (`Mục`
    /// in a text without `Chương`): it stands directly under the document.
    pub top: Vec<bool>,
    /// Lines read as headings of a top-level unit in the first pass that are text: a table's
    /// cell before the schedules (`Schedule 2 Appropriation of Resources` in an Act's abstract
    /// of its schedules), see `stray_top_level` in cut.rs.
    pub stray: Vec<u32>,
    /// Types numbered again in each division of one parent unit (schedule paragraphs numbered
    /// again in each Part of that schedule): there they stand in the open division, rather
    /// than in the parent (`…/schedule-1/schedulepart-2/para-1`).
    pub divided: Vec<Divided>,
    /// Per section type: the outermost grouping type (a public law's Division) under which
    /// this citation root's numbering starts again, with other groupings in between (sections
    /// under titles): it is addressed and numbered under its nearest enclosing unit of that
    /// type (`…/division-b/section-101`), and through the document outside any.
    pub within: Vec<Option<usize>>,
    /// Lines of the schedules (attachments) whose lists the first cut saw numbered again under
    /// a line shaped like a heading that the vocabulary has no label for (`Table II`, `CLASS
    /// II —`): see `Segmenter::unlabelled`.
    pub unlabelled: Vec<u32>,
}

/// A type numbered in each division of one parent unit (see [`Layout::divided`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Divided {
    /// The type, by vocabulary index.
    pub section: usize,
    /// The division's type, by vocabulary index.
    pub division: usize,
    /// The line of the parent unit's heading.
    pub parent_line: u32,
}

impl Layout {
    fn scoped(&self, section: usize) -> bool {
        self.scoped.get(section) == Some(&true)
    }

    fn division_of(&self, section: usize, parent_line: u32) -> Option<usize> {
        self.divided
            .iter()
            .find(|d| d.section == section && d.parent_line == parent_line)
            .map(|d| d.division)
    }

    fn within(&self, section: usize) -> Option<usize> {
        self.within.get(section).copied().flatten()
    }
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

// How many lines after its `(kèm theo …)` note an attached instrument's first division or
// article may stand (the note's second line, a blank, `Chương I`, its title, `Điều 1.`).
const ATTACHMENT_REACH: u32 = 8;

/// Cuts `text`; see the docs of [`super::cut`] for the rules.
pub(super) fn segment(
    text: &str,
    doc: &str,
    vocabulary: &Vocabulary,
    patterns: &[Pattern],
    pass: Pass<'_>,
    layout: &Layout,
) -> Outcome {
    let Pass {
        quotes,
        contents,
        find_runs,
    } = pass;
    let mut s = Segmenter::new(text, doc, vocabulary, patterns, quotes, layout);
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

// The header of a table's column of row numbers, alone on its line as crawls print a table
// one cell a line: `STT`, `TT`, `Số TT`, `Số thứ tự`.
fn row_number_header(t: &str) -> bool {
    t.len() <= 16 && matches!(fold_line(t).as_str(), "stt" | "tt" | "so tt" | "so thu tu")
}

// A provision's title on its own line (`Amendment of the Road Traffic Act 1988`, `Citation and
// commencement`): a capital first, no closing punctuation, short; a year may end it.
fn title_line(t: &str) -> bool {
    t.starts_with(char::is_uppercase)
        && at_most_200_chars(t)
        && !t.ends_with(['.', ',', ';', ':', '—', '–', '-', '”', '"', ')'])
}

// Of every line: its bytes bound its characters, so most lines need no count.
fn at_most_200_chars(t: &str) -> bool {
    t.len() <= 200 || t.chars().count() <= 200
}

// A provision's heading on the line above its number: a title line (`title_line`), which may
// also end in a closing quotation mark or bracket (`Meaning of “prescribed period”`, `Annual
// rate of retirement pension (active members)`) or in `etc.` (`Maximum borrowing etc.`).
fn heading_line(t: &str) -> bool {
    t.starts_with(char::is_uppercase)
        && at_most_200_chars(t)
        && (t.ends_with(" etc.") || !t.ends_with(['.', ',', ';', ':', '—', '–', '-', '"']))
}

// A heading printed in small capitals, given in lowercase (`authorized use of funds`,
// `administrative provisions—federal communications commission`): a lowercase first letter,
// no closing punctuation, and not a sentence's unfinished end (`… and`, `… of the`).
fn small_caps_line(t: &str) -> bool {
    const OPEN: [&str; 8] = ["and", "or", "of", "the", "a", "to", "by", "in"];
    let last = t.rsplit(is_space).next().unwrap_or_default();
    t.starts_with(char::is_lowercase)
        && at_most_200_chars(t)
        && !t.ends_with(['.', ',', ';', ':', '—', '–', '-', '"', '”', ')'])
        && !last.ends_with(|c: char| c.is_ascii_digit())
        && !OPEN.contains(&last)
}

// Whether the text before a line ends a sentence (`… shall be rescinded.`, `… Sites”.`): not
// a heading (`General Provisions`) nor nothing (the line opens a unit's text, under its heading).
fn ends_sentence(before: &str) -> bool {
    let last = before.rsplit('\n').next().unwrap_or_default().trim_space();
    last.trim_end_matches(['”', '’', '"', '\'', ')', ']'])
        .ends_with('.')
}

// See `Segmenter::prev_open`.
fn stops_mid_sentence(t: &str) -> bool {
    let mut words = t.rsplit(is_space).filter(|w| !w.is_empty());
    let Some(last) = words.next() else {
        return false;
    };
    let lower = |w: &str| w.chars().any(char::is_lowercase);
    if last.ends_with(',') {
        return true;
    }
    match last.chars().last() {
        Some(c) if c.is_lowercase() => true,
        Some(c) if c.is_ascii_digit() => {
            last.chars().all(|c| c.is_ascii_digit()) && words.next().is_some_and(lower)
        }
        _ => false,
    }
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
    crate::text::bytes::hash(address.as_bytes())
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

// Whether `t` has no closing quotation mark except at its end (then only punctuation).
fn closes_only_at_end(t: &str) -> bool {
    match t.find(['”', '»']) {
        None => true,
        Some(i) => t
            .get(i..)
            .unwrap_or_default()
            .chars()
            .skip(1)
            .all(|c| matches!(c, '.' | ',' | ';' | ':' | ')' | '”' | '»') || c.is_whitespace()),
    }
}

// How far a structural heading inside a note looks for the citation root that decides it.
const LOOKAHEAD_LINES: usize = 2000;

// A heading line as the pass met it, for finding tables of contents afterwards.
struct HeadingSeen {
    line: u32,
    level: u32,
    root: bool,
    // Its section type, and whether that type contains citation roots (Chapter, Part).
    section: usize,
    structural: bool,
    // Where a structural heading's number sits in its sequence (`None` for other headings).
    rank: Option<(u32, String)>,
    // A hash of its address: enough to see repeats without a copy of every address.
    address: u64,
    // Lines of text (not titles) between this heading and the next one.
    text_after: u32,
}

/// The lines of tables of contents among `seen` headings (`inside[a][b]`: a type-a unit may
/// stand inside a type-b one).
///
/// - Runs of headings with no text between them that hold at least three citation roots,
///   most of them repeating a heading elsewhere in the text (`SEC. 2. TABLE OF CONTENTS.`
///   listing `Sec. 1101. …`): its headings are entries, except the heading that holds the
///   table when the run starts with it (`SEC. 2.`, used again only by its own entry in the
///   run). The headings that open the provisions after the run (a descent such as TITLE I →
///   SEC. 101 → (a)) are entries only when they are the first to use an address used again
///   after the run (the last entry, `Sec. 4.`, before text such as `DIVISION A—…`).
/// - A structural heading followed by one of its own type, or of a type it sits in, before
///   any citation root it may contain, or followed by one of its own type with a lower number,
///   when it is the first to use an address used again later: an entry of an analysis that
///   lists structural headings (a title's `Subtitle I—…`, `Subtitle II—…`; a public law's
///   `Title I—…`, `Title II—…` listed before `SEC. 3.`, the text's `TITLE I` coming later).
fn contents_lines(seen: &[HeadingSeen], inside: &[Vec<bool>]) -> Vec<u32> {
    // Per address: how often it is met and the index of its first heading. Counted only when
    // needed, as most texts have no table of contents and this is a second address map.
    let mut repeats: Option<PrehashedMap<(u32, usize)>> = None;
    let count = || {
        let mut counts =
            PrehashedMap::with_capacity_and_hasher(seen.len(), BuildHasherDefault::default());
        for (i, h) in seen.iter().enumerate() {
            counts.entry(h.address).or_insert((0u32, i)).0 += 1;
        }
        counts
    };
    let inside = |a: usize, b: usize| inside.get(a).and_then(|r| r.get(b)) == Some(&true);
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
        let first = start;
        start = end + 1;
        let entries = run.get(..tail).unwrap_or_default();
        let roots = entries.iter().filter(|h| h.root).count();
        if roots < 3 {
            continue;
        }
        let counts = &*repeats.get_or_insert_with(count);
        let used = |h: &HeadingSeen| counts.get(&h.address).copied().unwrap_or((1, 0));
        let in_run = |h: &HeadingSeen| run.iter().filter(|r| r.address == h.address).count();
        let repeated = entries.iter().filter(|h| h.root && used(h).0 > 1).count();
        if repeated < 2 || repeated * 2 < roots {
            continue;
        }
        for (k, h) in run.iter().enumerate() {
            let (n, first_at) = used(h);
            let is_first = first_at == first + k;
            let entry = if k < tail {
                // The heading that holds the table (`SEC. 2. TABLE OF CONTENTS.`) starts the
                // run, and only its own entry in the run uses its address again.
                !(k == 0 && is_first && n > 1 && n as usize == in_run(h))
            } else {
                n > 1 && is_first && n as usize > in_run(h)
            };
            if entry {
                out.push(h.line);
            }
        }
    }
    for (i, h) in seen.iter().enumerate() {
        if !h.structural {
            continue;
        }
        // As in a note (`quoted_in_note`): an entry meets the next entry before any citation
        // root it may contain, or a heading of its type with a lower number.
        let mut contains_root = false;
        let closes = seen.iter().skip(i + 1).find_map(|n| {
            if n.section == h.section {
                let lower = h.rank.is_some() && n.rank.is_some() && n.rank < h.rank;
                Some(lower || !contains_root)
            } else if inside(h.section, n.section) {
                Some(!contains_root)
            } else {
                contains_root |= n.root && inside(n.section, h.section);
                None
            }
        });
        if closes == Some(true) {
            let counts = &*repeats.get_or_insert_with(count);
            if counts
                .get(&h.address)
                .is_some_and(|&(n, first)| n > 1 && first == i)
            {
                out.push(h.line);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
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
    // Byte offset of its number in the input (that of the draft before for an attached
    // instrument): where a site's note after it is its own.
    offset: usize,
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
    // A left-out unit's address as it would have been: the headings under it are seen with
    // theirs (a table of contents' `Title I` under `DIVISION A` is the text's `TITLE I` under
    // its `DIVISION A`, left out as that division's copy: both read `…/division-a/title-1`).
    left_out: Option<String>,
    children: Vec<Last>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Attach {
    Under(usize),
    Root,
    Orphan,
}

// Definitions read as units: `at`, the index in `stack` of the unit listing them, which is
// `unit` in `drafts` while they last; whether their terms are quoted.
#[derive(Debug, Clone, Copy)]
struct Defining {
    at: usize,
    unit: usize,
    quoted: bool,
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
    // A provision whose heading line is its number alone (`Article 1`): the next line is its
    // heading when it reads as one (`Subject matter and scope`; see `heading_line`).
    Below(usize),
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
    // Single closing marks `’` read as the `”` their line's quotation lacks (see `scan`).
    single_closed: Vec<Location>,
    // Straight quotations open inside the open straight one (see `opens_words`).
    nested: u32,
    // Straight marks shaped as closing ones (`financial year" - (a) …`) met with no quotation
    // open: their opening mark is missing, so they open none (see `closes_nothing`); with where
    // the opening mark belongs when the text shows it (a defined term's first word).
    unopened: Vec<(Location, Option<Location>)>,
    // The open straight quotation, when it opened in the middle of a sentence with words after
    // the mark on its line and no amending phrase before it (`… as an agent or "servant of
    // another person.`): such a quotation quotes words, so it never runs over a heading.
    in_sentence: Option<QuoteMark>,
    // Such a quotation still open at a line starting a heading, and that line: its opening
    // mark is stray, and the pass is made again reading it as an ordinary character.
    runaway: Option<(QuoteMark, u32)>,
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
                // `22°30’56,782”`: the seconds of a coordinate, not a closing mark.
                '”' if seconds_mark(rest, i) => {}
                '”' | '»' if !self.straight => self.depth = self.depth.saturating_sub(1),
                // `"LỢI ÍCH QUỐC GIA”`: a straight quotation closed by a curly mark on its
                // own line, with no straight mark left on the line to close it.
                '”' if self.opened.is_some_and(|o| o.line == line.number)
                    && !text.get(at..).is_some_and(|r| r.contains('"')) =>
                {
                    self.straight = false;
                    self.nested = 0;
                }
                // `“Điều 15a. … biên giới."`: a curly quotation closed by a straight mark on
                // its own line, with no curly mark left on the line to close it.
                '"' if self.depth == 1
                    && !self.straight
                    && self.opened.is_some_and(|o| o.line == line.number)
                    && !text.get(at..).is_some_and(|r| r.contains(['”', '»'])) =>
                {
                    self.depth = 0;
                }
                '"' if self.depth == 0 => {
                    if self.straight {
                        // `"(1) … (referred to as "the new Constitution"), performed …";`: a
                        // mark shaped as an opening one opens a quotation inside the open one,
                        // whose closing mark is then not the outer one's.
                        if opens_words(text, at) {
                            self.nested = self.nested.saturating_add(1);
                        } else if self.nested > 0 {
                            self.nested -= 1;
                        } else {
                            self.straight = false;
                        }
                    } else if closes_nothing(text, at) {
                        // `financial year" - (a)`: a closing mark whose opening one is missing
                        // would open a quotation running on over every later heading. An inch
                        // mark (`12"`) is no defect of the text: not named.
                        if !text
                            .get(..at)
                            .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()))
                        {
                            let term = term_missing_its_mark(text, at).map(|t| line.locate(t));
                            self.unopened.push((line.locate(at), term));
                        }
                    } else if !self.ignored(line.number, at) {
                        self.straight = true;
                        self.nested = 0;
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
        // `“2002/41/EC* L133, 18.5.2002, p.17’`: a quotation opened on this line, closed by
        // nothing but the single mark ending it (no `‘` it could close), was meant closed there.
        if self.depth == 1 && !self.straight {
            if let Some(open) = self
                .opened
                .filter(|o| o.line == line.number && o.at >= from)
            {
                let end = text.trim_end_space();
                let tail = end.get(open.at..).unwrap_or_default();
                if end.ends_with('’') && !tail.contains(['”', '‘']) {
                    self.depth = 0;
                    self.single_closed
                        .push(line.locate(end.len() - '’'.len_utf8()));
                }
            }
        }
        if self.straight && !self.amending && self.stray.is_none() {
            self.stray = self.opened.filter(|m| m.line == line.number && m.at > from);
        }
    }
}

// Whether the straight mark at byte `at` of `text` is shaped as a closing one: right after a
// word or its punctuation (`year"`, `scheme."`), and before a space, punctuation or the end of
// the line. An opening mark stands before the words it quotes (`"Fund"`, `"servant`), and one
// ending a line after `:` or `-` announces the quotation below it, so neither is one.
fn closes_nothing(text: &str, at: usize) -> bool {
    let before = text.get(..at).and_then(|b| b.chars().next_back());
    let after = text.get(at + 1..).and_then(|a| a.chars().next());
    before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | ',' | ';' | '!' | '?' | ')'))
        && after.is_none_or(|c| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | ')'))
}

// Whether the straight mark at byte `at` of `text` is shaped as an opening one: at the start of
// the line or after a space or an opening bracket or dash, and right before the words it
// quotes (`as "the new Constitution"`, `"(1) …`).
fn opens_words(text: &str, at: usize) -> bool {
    let before = text.get(..at).and_then(|b| b.chars().next_back());
    let after = text.get(at + 1..).and_then(|a| a.chars().next());
    before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–'))
        && after
            .is_some_and(|c| !c.is_whitespace() && !matches!(c, '.' | ',' | ';' | ':' | ')' | '"'))
}

// Words that follow a defined term's closing mark (`"Board" means`, `"financial year" - (a)`).
fn defines(after: &str) -> bool {
    let word = after
        .trim_start_space()
        .split(is_space)
        .next()
        .unwrap_or_default();
    matches!(word, "means" | "includes" | "has" | "-" | "—" | "–")
}

// Where the opening mark of the term that the closing mark at `at` ends belongs, in a line
// of definitions whose other terms are quoted (`… section 11; financial year" - (a) …;
// "Fund" means …`): before the term's first word, after the `;` (or `:`, `—`, ` - `) ending
// the definition before it. `None` when the mark does not end a term so, or the line quotes
// no other term: then where the opening mark belongs is not for the text to say.
fn term_missing_its_mark(text: &str, at: usize) -> Option<usize> {
    let after = text.get(at + 1..)?;
    let listed = text
        .match_indices('"')
        .any(|(i, _)| i != at && text.get(i + 1..).is_some_and(defines));
    if !defines(after) || !listed {
        return None;
    }
    let before = text.get(..at)?;
    let start = [
        before.rfind([';', ':', '—']).map(|i| i + 1),
        before.rfind(" - ").map(|i| i + 3),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(0);
    let term = before.get(start..)?;
    let words = term.split(is_space).filter(|w| !w.is_empty()).count();
    let term_like = term
        .chars()
        .all(|c| c.is_alphabetic() || is_space(c) || matches!(c, '-' | '\'' | '’'));
    (term_like && (1..=6).contains(&words))
        .then(|| start + (term.len() - term.trim_start_space().len()))
}

// Whether the `”` at byte `i` of `s` ends a coordinate's seconds (`22°30’56,782”`): it follows a
// digit, and the same word holds a degree or minute mark.
fn seconds_mark(s: &str, i: usize) -> bool {
    let head = s.get(..i).unwrap_or_default();
    let word = head.rsplit(char::is_whitespace).next().unwrap_or_default();
    word.ends_with(|c: char| c.is_ascii_digit()) && word.contains(['°', '’', '′'])
}

// Text outside the units (preamble, closing), collected line by line.
#[derive(Default)]
struct PassageBuf {
    text: String,
    line: u32,
    end_line: u32,
    // The end line before the last line was pushed (see `Segmenter::heading_above`).
    end_before: u32,
}

impl PassageBuf {
    fn push(&mut self, number: u32, line: &str) {
        if self.text.is_empty() {
            self.line = number;
        } else {
            self.text.push('\n');
        }
        self.text.push_str(line);
        self.end_before = self.end_line;
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
    layout: &'a Layout,
    restarted: Vec<usize>,
    restarted_within: Vec<(usize, usize)>,
    orphaned: Vec<usize>,
    restarted_in: Vec<Divided>,
    // Per section type: whether it contains citation roots (Phần, Chương, Mục), whose title may sit on the next line.
    structural: Vec<bool>,
    // Per section type: whether its heading starts with a citation root's label (`Article` of a
    // schedule's `Article {ordinal}`), see `names_the_maker`; read from the vocabulary once, not
    // for every heading.
    root_labelled: Vec<bool>,
    // inside[a][b]: whether a unit of type a may stand inside one of type b (see `inside`).
    inside: Vec<Vec<bool>>,
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
    // The closing has reached an appendix or a form (`PHỤ LỤC`, `Mẫu số 01`): their tables and
    // sample decisions print `Điều 4.` and numbered rows, and no heading ends the closing.
    appendix: bool,
    title: Title,
    first_content: Option<Location>,
    // Whether any line read as a heading, even one left out or orphaned.
    headings_seen: bool,
    // An editorial note being read: it lasts until the next citation root or structural heading.
    note: Option<PassageBuf>,
    notes: Vec<Passage>,
    // A site's notes in brackets (`[Khoản này được sửa đổi bởi …]`) with their byte offset and
    // line, for the unit they sit in.
    site_notes: Vec<(usize, u32, String)>,
    // A site's note left open at the end of the line before: its indexes in `site_notes` and
    // in `notes`, where the rest of its text goes.
    open_note: Option<(usize, usize)>,
    // Every heading line, for finding tables of contents.
    seen_headings: Vec<HeadingSeen>,
    frame_contents: Vec<u32>,
    // The section type `choose` picked where another reading fitted as well.
    ambiguous: Option<usize>,
    // The last line with text, and the last one whose weak heading was refused (a row of a list or table).
    prev_line: u32,
    // Whether that line stops mid-sentence: it ends in a word with a lowercase letter
    // (`… tại`), a comma, or a number after such a word (`… tại khoản 1`), not in a figure of
    // a table (`2,853,190,000`) or sentence-final punctuation.
    prev_open: bool,
    // Whether the line before reads as a provision's title and opens no quotation (`Amendment
    // of the Road Traffic Act 1988`): an instrument's next regulation `3.—(1)` follows one.
    prev_title: bool,
    // The last line of text put in a unit's body (`Some(index)`) or the preamble (`None`), and
    // where it starts there: a provision's heading printed on the line above its number is
    // taken back from there (see `heading_above`).
    last_text: Option<(u32, Option<usize>, usize)>,
    // The last unit whose heading is the rest of its number's line read as a title by a weak
    // pattern (`2. In this Part, “Act of 1970” means ….`): a sentence, not a heading, when the
    // next provision's heading stands on the line above its number.
    weak_titled: Option<usize>,
    row_line: Option<u32>,
    // Index in `stack` of the unit whose definitions are being read: headings under it are
    // the definitions' own paragraphs, text (see `definitions.rs`).
    definitions: Option<usize>,
    // The definitions being read as units of their own (see `definitions.rs`).
    defining: Option<Defining>,
    // Whether the vocabulary has a definition type (ordinal style `term`) at all: without one
    // (vi, us) no line is a definition, and `definition` need not look.
    has_definitions: bool,
    // The terms of those definitions as written (lowercase, spaces collapsed), by ordinal.
    defined: Vec<(String, String)>,
    // Marginal-note markers, folded, and the note read on the line before (its line, the
    // line as written, the note): the heading of the unit on the next line.
    marginal_markers: Vec<String>,
    marginal: Option<(u32, String, String)>,
    // The division (index in `drafts`) whose own running text holds a numbered list (see `list_in_text`).
    text_list: Option<usize>,
    // A second list in a unit's text (see `second_list`): its section type, the unit its
    // items would go under and that unit's index in `stack`; its items are text until a
    // heading is cut as a unit again.
    second_list: Option<(usize, usize, usize)>,
    // The first word of each line of a table of contents that starts with a digit (`26.`).
    listed: Vec<String>,
    // Recitals markers, folded, and whether one was read before the first unit.
    recital_markers: Vec<String>,
    recitals: bool,
    // A table printed one cell a line is being read: its header `STT` was met (see `heading`).
    table: bool,
    // The vocabulary's type of instruments the text issues (`kemtheo`, see `unit::is_instrument`),
    // if any. Not an attachment type (a schedule: see `attachment`).
    instrument: Option<usize>,
    // In the closing, the run of lines in capitals held last (its first line, and where it
    // starts in the held text): an attached instrument's title, if a `(kèm theo …)` note follows.
    held_caps: Option<(u32, usize)>,
    // A `(kèm theo …)` note under such a title, waiting for the attached instrument's first
    // division or article (see `open_instrument`).
    pending_instrument: Option<InstrumentNote>,
    // Inside a schedule, a line shaped like a heading that the vocabulary has no label for
    // (`Table I`, `CLASS I — Applicants …`) was met: what follows is a division of the
    // schedule the cutter cannot address (see `heading`).
    unlabelled: bool,
}

// A `(kèm theo …)` note in the closing under a title that is no appendix's or form's.
struct InstrumentNote {
    line: u32,
    // The instrument's title, its first line, and where it starts in the held text (the
    // title lines are the unit's heading, not its body).
    title: String,
    title_line: u32,
    title_from: usize,
    // Whether the note says `Ban hành kèm theo`, which marks an appendix when no instrument follows.
    issued: bool,
}

impl<'a> Segmenter<'a> {
    fn new(
        input: &'a str,
        doc: &'a str,
        vocabulary: &'a Vocabulary,
        patterns: &'a [Pattern],
        quotes: QuoteMode<'a>,
        layout: &'a Layout,
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
        let root_labelled = types
            .iter()
            .map(|t| {
                // The word its heading starts with (`Article` of `Article {ordinal}`).
                t.heading_patterns()
                    .next()
                    .and_then(|p| p.split(is_space).next())
                    .filter(|w| !w.contains('{'))
                    .map(fold_line)
                    .is_some_and(|label| {
                        types
                            .iter()
                            .any(|r| r.citation_root && fold_line(&r.label) == label)
                    })
            })
            .collect();
        // inside[a][b]: a type-a unit may stand inside a type-b one, directly or deeper.
        let mut inside: Vec<Vec<bool>> = types
            .iter()
            .map(|t| types.iter().map(|p| t.parents.contains(&p.code)).collect())
            .collect();
        // Warshall's transitive closure.
        let n = types.len();
        for c in 0..n {
            for a in 0..n {
                if inside.get(a).and_then(|r| r.get(c)) != Some(&true) {
                    continue;
                }
                for b in 0..n {
                    if inside.get(c).and_then(|r| r.get(b)) == Some(&true) {
                        if let Some(cell) = inside.get_mut(a).and_then(|r| r.get_mut(b)) {
                            *cell = true;
                        }
                    }
                }
            }
        }
        let folded = |list: &[String]| list.iter().map(|m| fold_line(m)).collect::<Vec<_>>();
        Segmenter {
            input,
            doc,
            types,
            patterns,
            layout,
            restarted: Vec::new(),
            restarted_within: Vec::new(),
            orphaned: Vec::new(),
            restarted_in: Vec::new(),
            structural,
            root_labelled,
            inside,
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
                single_closed: Vec::new(),
                nested: 0,
                unopened: Vec::new(),
                in_sentence: None,
                runaway: None,
            },
            preamble: PassageBuf::default(),
            held: None,
            appendix: false,
            title: Title::None,
            first_content: None,
            headings_seen: false,
            note: None,
            notes: Vec::new(),
            site_notes: Vec::new(),
            open_note: None,
            seen_headings: Vec::new(),
            frame_contents: Vec::new(),
            ambiguous: None,
            prev_line: 0,
            prev_open: false,
            prev_title: false,
            last_text: None,
            weak_titled: None,
            row_line: None,
            definitions: None,
            defining: None,
            has_definitions: vocabulary
                .section_types
                .iter()
                .any(|t| t.active && t.ordinal_style == OrdinalStyle::Term),
            defined: Vec::new(),
            marginal_markers: folded(&vocabulary.markers.marginal_notes),
            recital_markers: folded(&vocabulary.markers.recitals),
            recitals: false,
            table: false,
            unlabelled: false,
            marginal: None,
            text_list: None,
            second_list: None,
            listed: Vec::new(),
            instrument: types.iter().position(|t| is_instrument(types.iter(), t)),
            held_caps: None,
            pending_instrument: None,
        }
    }

    // A line of a table of contents found in an earlier pass: text wherever it falls.
    fn contents_line(&mut self, line: &Line<'_>) {
        let Some((start, t)) = self.content(line) else {
            return;
        };
        self.title = Title::None;
        if let Some(first) = t
            .split(is_space)
            .next()
            .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        {
            self.listed.push(first.to_owned());
        }
        self.text_line(line.number, t);
        self.quotes.scan(line, start);
    }

    // The closing starts here (a signature, an appendix).
    fn hold(&mut self) {
        self.held = Some(PassageBuf::default());
        self.held_caps = None;
        self.pending_instrument = None;
    }

    // A line of the closing that starts with `(kèm theo Thông tư số …)` or `(Ban hành kèm
    // theo Quyết định số …)`, under a title in capitals on lines of its own (`CHƯƠNG TRÌNH AN
    // TOÀN HÀNG KHÔNG …`) that is no appendix's or form's (`PHỤ LỤC`, `MẪU …`): perhaps an
    // instrument the text issues, printed after its signature. (A crawl that joins the
    // signature, the title and the note on one line is left as it was: closing text.)
    fn instrument_note(&self, number: u32, t: &str) -> Option<InstrumentNote> {
        let issued = folded_starts_with(t, "(ban hanh kem theo ");
        if !issued && !folded_starts_with(t, "(kem theo ") {
            return None;
        }
        let (title_line, from) = self.held_caps?;
        let lines = self.held.as_ref()?.text.get(from..)?.trim_space();
        // (The run may start at the signer's title, `THỦ TƯỚNG`, right above a form's.)
        let form = lines.split('\n').any(|l| {
            appendix_title(l).is_some()
                || folded_starts_with(l, "mau ")
                || folded_starts_with(l, "bieu mau")
        });
        let title = lines.replace('\n', " ");
        (!form).then_some(InstrumentNote {
            line: number,
            title,
            title_line,
            title_from: from,
            issued,
        })
    }

    // Whether an appendix's `(kèm theo …)` note is on this line or one of the next three with
    // text (its title between), before any heading.
    fn note_follows(&self, line: &Line<'_>, t: &str) -> bool {
        let note = |l: &str| {
            let folded = fold_str(l);
            folded.contains("(kem theo ") || folded.contains("(ban hanh kem theo ")
        };
        if note(t) {
            return true;
        }
        let from = line.locate(0).offset;
        let rest = self.input.get(from..).unwrap_or_default();
        for next in rest
            .split(['\n', '\r'])
            .skip(1)
            .map(|l| l.trim_space())
            .filter(|l| !l.is_empty() && !is_page_number(l))
            .take(3)
        {
            if note(next) {
                return true;
            }
            if self.starts_heading(next, 0) {
                return false;
            }
        }
        false
    }

    // Opens the instrument the text issues at a note read in the closing: a unit of the
    // instrument type, numbered after the ones before it, whose heading is the instrument's
    // title and whose body is the closing held so far (the text's signature, the instrument's
    // header and note). Its divisions and articles go under it and number from 1 again.
    fn open_instrument(&mut self, note: &InstrumentNote) -> bool {
        let Some(section) = self.instrument else {
            return false;
        };
        let Some(t) = self.types.get(section) else {
            return false;
        };
        let n = self.drafts.iter().filter(|d| d.section == section).count() + 1;
        let ordinal = n.to_string();
        let address = derived_address(self.doc, None, t, &ordinal);
        let valid_len = if self.doc_valid { self.doc.len() } else { 0 };
        let (Ok(depth), Some(rank)) = (
            validate_extension(&address, valid_len, 0),
            rank(t.ordinal_style, self.alphabet, &ordinal),
        ) else {
            return false;
        };
        let Some(held) = self.held.take() else {
            return false;
        };
        // The title is the heading; the signature before it and the note after it, the body.
        let mut body = held.text;
        let note_text = body.get(note.title_from..).map_or(String::new(), |rest| {
            rest.split_once("\n(")
                .map_or(String::new(), |(_, n)| format!("({n}"))
        });
        body.truncate(note.title_from);
        if !note_text.is_empty() {
            if !body.is_empty() {
                body.push('\n');
            }
            body.push_str(&note_text);
        }
        self.appendix = false;
        self.held_caps = None;
        self.title = Title::None;
        self.stack.clear();
        self.roots.clear();
        let index = self.drafts.len();
        self.roots.push(Last {
            section,
            rank,
            unit: index,
            written: None,
        });
        let hash = address_hash(&address);
        match self.seen.entry(hash) {
            Entry::Vacant(e) => {
                e.insert(index);
            }
            Entry::Occupied(_) => {
                self.seen_collided.insert(address.clone(), note.line);
            }
        }
        self.drafts.push(Draft {
            section,
            ordinal,
            heading: Some(note.title.clone()),
            body,
            parent: None,
            line: note.title_line,
            offset: self.drafts.last().map_or(0, |d| d.offset),
            address,
            depth,
        });
        self.stack.push(Open {
            section,
            unit: Some(index),
            left_out: None,
            children: Vec::new(),
        });
        true
    }

    // The attached instrument the open units sit in, if any.
    fn instrument_draft(&self) -> Option<&Draft> {
        let open = self.stack.first()?;
        if Some(open.section) != self.instrument {
            return None;
        }
        self.drafts.get(open.unit?)
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
            self.run_away(line, start, t);
        }
        let quoted = self.quotes.open()
            || (t.starts_with(is_open_quote) && !self.quotes.ignored(line.number, start));
        // (In a note or the closing too: if a provision follows, it ends them with its heading.)
        if !quoted && matches!(self.title, Title::None) {
            if let Some(note) = self.marginal_note(t) {
                self.flush_marginal();
                self.marginal = Some((line.number, t.to_owned(), note));
                self.quotes.scan(line, start);
                return;
            }
        }
        // `(1) (2)` heads a table's columns: no paragraph 1 with a paragraph 2 run in.
        let stray = self.layout.stray.contains(&line.number);
        if quoted || stray || messy::column_numbers(t) || !self.recognise(line, start, t) {
            // A definition starts with its term, quoted or not (`“owner” means—`).
            if self.quotes.open() || stray || !self.definition(line, start, t) {
                self.flush_marginal();
                if !quoted {
                    self.table |= row_number_header(t);
                    self.watch_definitions(t);
                    if self.drafts.is_empty() && Self::is_marker(&self.recital_markers, t) {
                        self.recitals = true;
                    }
                }
                self.text_line(line.number, t);
            }
        } else {
            // Not taken by a unit: its unit was left out (a duplicate), and the note with it.
            self.marginal = None;
        }
        self.prev_line = line.number;
        self.prev_open = stops_mid_sentence(t);
        self.prev_title = title_line(t);
        // US style: every paragraph of a quotation opens a quotation mark and only the last
        // one closes it, at its end, so an opening mark that starts a line while a quotation is
        // open continues it instead of nesting: before a quoted provision (`“(4) …`), or when
        // the line closes no quotation before its end (`“Congress finds that—`; not a quoted
        // term, `“child” means …`).
        let from = match t.chars().next() {
            Some(open)
                if self.quotes.open()
                    && is_open_quote(open)
                    && (self.starts_heading(text, start + open.len_utf8())
                        || closes_only_at_end(&t[open.len_utf8()..])) =>
            {
                start + open.len_utf8()
            }
            _ => start,
        };
        self.quotes.scan(line, from);
        self.quotes.in_sentence = match self.quotes.opened {
            Some(mark) if self.quotes.straight && mark.line == line.number => {
                // Words quoted after the mark on its line, which start no heading (a quoted
                // provision, `- "24A. …`, is an amending text's), after words of this line.
                let words = text.get(mark.at + 1..).unwrap_or_default();
                let quoted_at = text.len() - words.trim_start_space().len();
                (mark.at > from
                    && !self.quotes.amending
                    && !words.trim_space().is_empty()
                    && !self.starts_heading(text, quoted_at))
                .then_some(mark)
            }
            _ if self.quotes.straight => self.quotes.in_sentence,
            _ => None,
        };
    }

    // A straight quotation opened in a sentence (`Quotes::in_sentence`) still open at a line
    // starting a heading (`(4) An employer …`, `54A. Conduct of prosecutions.`) ran away: its
    // opening mark is stray (or its closing one lost), and the quotation would take every
    // provision up to the next straight mark, however far. The pass is made again with the mark
    // read as an ordinary character (`Outcome::runaway`), and it is reported.
    fn run_away(&mut self, line: &Line<'_>, start: usize, t: &str) {
        if !self.quotes.straight || self.quotes.runaway.is_some() || t.starts_with(is_open_quote) {
            return;
        }
        let Some(mark) = self
            .quotes
            .in_sentence
            .filter(|m| Some(*m) == self.quotes.opened && m.line < line.number)
        else {
            return;
        };
        if self.starts_heading(&line.text, start) {
            self.quotes.runaway = Some((mark, line.number));
        }
    }

    // A citation root, or a type that contains citation roots (Chapter, Part, Chương).
    fn is_major(&self, section: usize) -> bool {
        self.types.get(section).is_some_and(|t| t.citation_root)
            || self.structural.get(section) == Some(&true)
    }

    fn starts_heading(&self, text: &str, at: usize) -> bool {
        let first = text.get(at..).and_then(first_folded);
        self.patterns
            .iter()
            .any(|p| p.match_at(text, at, first).is_some())
    }

    // An attachment type: one that stands at the top (no parents) and holds no citation
    // roots (a schedule, not a Part): `unit::is_attachment_type`, from the cached `structural`.
    fn attachment(&self, section: usize) -> bool {
        self.types
            .get(section)
            .is_some_and(|t| t.parents.is_empty())
            && self.structural.get(section) == Some(&false)
    }

    // A labelled division of an attachment (`Part I` of a schedule): a type whose headings
    // start with a label (`Part {ordinal}`, not `{ordinal}. {title}`) that stands under an
    // attachment type.
    fn division_of_attachment(&self, m: &Match) -> bool {
        self.types.get(m.section).is_some_and(|t| {
            t.heading_patterns()
                .all(|p| p.starts_with(|c: char| c.is_alphabetic()))
                && t.parents.iter().any(|p| {
                    self.types
                        .iter()
                        .position(|q| q.code == *p)
                        .is_some_and(|q| self.attachment(q))
                })
        })
    }

    // Whether the outermost open unit is a schedule whose lists are numbered again under
    // headings the vocabulary has no label for (`Layout::unlabelled`).
    fn in_unlabelled_schedule(&self) -> bool {
        self.stack.first().is_some_and(|o| {
            self.attachment(o.section)
                && o.unit
                    .and_then(|u| self.drafts.get(u))
                    .is_some_and(|d| self.layout.unlabelled.contains(&d.line))
        })
    }

    // `SCHEDULE` alone: the only (so far the first) schedule of a document, as Acts and
    // regulations with one schedule print it. Only for an attachment type: one that stands
    // at the top (no parents) and holds no citation roots (a schedule, not a Part), and only
    // while the document has none of that type yet.
    fn alone(&self, text: &str, start: usize) -> Option<Match> {
        self.patterns.iter().find_map(|p| {
            // The line first: it runs on every line no pattern took, the units' scan does not.
            let m = p.alone(text, start)?;
            (self.attachment(p.section) && !self.drafts.iter().any(|d| d.section == p.section))
                .then_some(m)
        })
    }

    // `SCHEDULE 1`, `MINISTERIAL SALARIES`, then `Article 2`: right under a schedule's heading
    // (and its title in capitals), a line naming a provision of the instrument by a citation
    // root's label is the schedule's reference to the provision that makes it, as Justice
    // Canada's `(Section 2)`, not an article of a treaty the schedule prints (those start at 1);
    // outside any schedule it is a reference too.
    fn names_the_maker(&self, t: &SectionType, m: &Match) -> bool {
        if t.citation_root || m.ordinal == "1" {
            return false;
        }
        if self.root_labelled.get(m.section) != Some(&true) {
            return false;
        }
        // Outside any schedule, `Article 3` names the instrument's own article 3.
        let open_parent = self.stack.iter().any(|o| {
            self.types
                .get(o.section)
                .is_some_and(|p| t.parents.contains(&p.code))
        });
        if !open_parent {
            return true;
        }
        let Some(Open {
            unit: Some(unit), ..
        }) = self.stack.last()
        else {
            return false;
        };
        *unit + 1 == self.drafts.len()
            && self.drafts.get(*unit).is_some_and(|d| {
                self.attachment(d.section)
                    && (d.body.is_empty() || !d.body.contains('\n') && is_all_caps(&d.body))
            })
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
        if let Some(alone) = self.alone(text, start) {
            return self.heading(line, start, alone, Vec::new());
        }
        // Signature lines and a structural unit's title are text, whatever they look like.
        let title_line = match self.title {
            Title::Await(_) => true,
            Title::Continue(_) => is_all_caps(t),
            Title::None | Title::Below(_) => false,
        };
        let appendix = matches!(first, Some('p' | 'm'))
            .then(|| appendix_title(t))
            .flatten();
        if self.held.is_some() {
            if !self.appendix && appendix.is_none() && self.instrument.is_some() {
                if let Some(note) = self.instrument_note(line.number, t) {
                    self.pending_instrument = Some(note);
                    return false;
                }
            }
            // `… Lê Minh Khái Phụ lục I (Ban hành kèm theo Nghị định số …)`: crawls join the
            // signature and the appendix's title on one line; the attachment note marks it.
            self.appendix |= appendix.is_some()
                || (!self.appendix && fold_str(t).contains("(ban hanh kem theo "));
            if self.appendix {
                self.pending_instrument = None;
            }
            return false;
        }
        if title_line {
            return false;
        }
        if !self.drafts.is_empty() && (is_signature_marker(t, first) || self.is_closing_marker(t)) {
            self.hold();
            return false;
        }
        // `PHỤ LỤC` in capitals after the provisions is an appendix, signed or not; so is
        // `Phụ lục I` when its title and a `(kèm theo …)` note follow (an attached instrument
        // printed after the signature goes on to the appendices with no signature of its own).
        if !self.drafts.is_empty()
            && (appendix == Some(true) || appendix == Some(false) && self.note_follows(line, t))
        {
            self.hold();
            self.appendix = true;
            return false;
        }
        // A note's heading is printed with a capital (`Construction`, `AMENDMENTS`); the same
        // word in lowercase is a heading of the text in small capitals (`construction`, an
        // account of an appropriations act), which opens no note.
        if self.note.is_none()
            && !self.drafts.is_empty()
            && !t.starts_with(char::is_lowercase)
            && Self::is_marker(&self.note_markers, t)
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
            .find(|p| p.label_without_ordinal(words, first))
            // "Điều 45 Luật Đất đai;": a cross-reference wrapped onto its own line.
            .filter(|_| {
                let after: Vec<&str> = t
                    .split(is_space)
                    .filter(|w| !w.is_empty())
                    .skip(2)
                    .collect();
                !names_a_document(&after.join(" "))
            });
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
            // `Table I`, `CLASS II — Applicants who are seriously ill.` inside a schedule
            // (Justice Canada's seed grade tables, the Veterans Insurance Act's Schedule B).
            // Only a label and its number, with a title after a separator: `William C.
            // Herrington, Chairman …` in a treaty's preamble is a name.
            let bare = n == 2
                || words
                    .get(2)
                    .is_some_and(|w| w.chars().all(|c| matches!(c, ':' | '-' | '–' | '—')));
            self.unlabelled |= labelled.is_none() && bare && self.in_unlabelled_schedule();
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
    fn heading(&mut self, line: &Line<'_>, start: usize, first: Match, others: Vec<Match>) -> bool {
        let active = |m: &Match| self.types.get(m.section).is_some_and(|t| t.active);
        // See `unlabelled` below: a table's `PART I` is not a Part of the instrument.
        let (first, mut others) = if self.unlabelled {
            let mut all: Vec<Match> = std::iter::once(first).chain(others).collect();
            all.retain(|m| {
                self.attachment(m.section)
                    || !self.types.get(m.section).is_some_and(|t| t.citation_root)
            });
            if all.is_empty() {
                return false;
            }
            let first = all.remove(0);
            (first, all)
        } else {
            (first, others)
        };
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
        if self.names_the_maker(t, &chosen) {
            return false;
        }
        // `(b) Period beginning on April 1 …<tab>(b) Summer`: a table row whose cells each
        // hold a second paragraph, not a provision (provisions hold no tab-separated cells).
        // Empty cells after it count (`(a) Railway companies<tab><tab>`, a form's row whose
        // columns are left to be filled in). A bare number whose row holds nothing but its own
        // cell (`1.<tab><tab>…`, `2. Passenger road vehicles<tab><tab>…`: a form's row whose
        // columns are empty) is a row too; one whose next cells hold text (`26<tab>Complaints
        // procedures`, `1<tab>Jam<tab>A mixture …`) is read as before.
        let cells = |r: &str| r.trim_start_space().contains('\t');
        let blank_row = |r: &str| {
            r.trim_start_matches(['.', ')'])
                .split_once('\t')
                .is_some_and(|(_, rest)| rest.trim_space().is_empty())
        };
        if !t.citation_root
            && (!chosen.titled && line.text.get(chosen.rest_at..).is_some_and(cells)
                || chosen.weak && line.text.get(chosen.ordinal_end..).is_some_and(blank_row))
        {
            return false;
        }
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
        if major && self.held.is_some() {
            if let Some(note) = self.pending_instrument.take() {
                let first = rank(t.ordinal_style, self.alphabet, &chosen.ordinal)
                    .is_some_and(|r| step(None, &r) == Step::Next);
                // The instrument's first division or article right under its note opens it;
                // any other heading leaves the note an appendix's, as it always was.
                if !(first
                    && line.number <= note.line + ATTACHMENT_REACH
                    && self.open_instrument(&note))
                {
                    self.appendix |= note.issued;
                }
            }
        }
        // Where it would go: nothing below changes the open units or the siblings before
        // it is added, so one plan serves every check.
        let plan = self.plan(&chosen);
        // In a table printed one cell a line (`STT`, `1`, `Rượu`, `a) Rượu từ 20 độ trở lên`,
        // `45`: Luật Thuế tiêu thụ đặc biệt 2008's tariff), a cell's point or clause number is
        // text; the table ends at a division or article, or at the next clause or point of a
        // unit opened before it.
        if self.table {
            let ends = major || (plan.had_previous && plan.step == Some(Step::Next));
            if !ends {
                return false;
            }
            self.table = false;
        }
        // Under a heading the vocabulary has no label for, inside a schedule (`Table II` /
        // `Applicable to:` / `(a) Barley …`; `CLASS II —` / `(a) An applicant …`), lists are
        // numbered again in each such division, which no address can tell apart: they are text
        // of the schedule. The schedule's own divisions (`Part I` under `AREA 3`) are still
        // read; the next schedule ends it, and so does the next number of a list opened before
        // it (`TABLE 3` printed between a schedule's paragraphs 2 and 3), as a table printed
        // one cell a line ends (`table`).
        if self.unlabelled {
            let continues = plan.had_previous && plan.step == Some(Step::Next);
            if self.attachment(chosen.section) {
                self.unlabelled = false;
            } else if self.division_of_attachment(&chosen) {
                // Still under the unlabelled heading: `Table XIV`'s `PART II`.
            } else if continues {
                self.unlabelled = false;
            } else {
                return false;
            }
        }
        if self.below_what_it_holds(&chosen, &plan) {
            return false;
        }
        self.note_restart(&chosen, &plan);
        if chosen.weak && !self.weak_fits(&chosen, &plan) && !self.in_contents(line, &chosen, &plan)
        {
            // A bare number at the start of a line is a heading only where it continues its sequence.
            self.refused_row(line);
            return false;
        }
        if let Some(d) = self
            .defining
            .filter(|_| t.ordinal_style != OrdinalStyle::Term)
        {
            // `Part V [Repealed, …]` among the definitions is a defined term, and a heading
            // under no definition (`(i)` with no `(a)`) is text of the definitions.
            let term = chosen.titled
                && !chosen.weak
                && super::definitions::reads_as_definition(&line.text);
            match plan.attach {
                _ if term => return false,
                Attach::Under(i) if i > d.at => {}
                Attach::Orphan => return false,
                _ => self.defining = None,
            }
        }
        if let Some(at) = self.definitions {
            // `Part V [Repealed, …]` among the definitions is a defined term.
            let term = chosen.titled
                && !chosen.weak
                && super::definitions::reads_as_definition(&line.text);
            match plan.attach {
                _ if term => return false,
                // A definition's own paragraph (or deeper): text of the definitions.
                Attach::Under(i) if i >= at => return false,
                Attach::Orphan => return false,
                _ => self.definitions = None,
            }
        }
        // Inside a note or the closing, only a new provision ends it: a heading that would
        // repeat an address already cut (`Title 1 Former Sections …` in a table) is text there.
        let repeats = (self.note.is_some() || self.held.is_some())
            && major
            && self
                .prospective_address(&chosen)
                .is_some_and(|a| self.first_seen(address_hash(&a), &a).is_some());
        if let Some(note) = self.note.take() {
            if !major || repeats || self.quoted_in_note(line, &chosen) {
                self.note = Some(note);
                return false;
            }
            self.notes.extend(note.into_passage());
        }
        if let Some(held) = self.held.take() {
            if !major || repeats || self.appendix {
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
        if self.wrapped_reference(line, &chosen, t, &plan) {
            return false;
        }
        if self.second_list(line, start, &chosen, &plan) {
            return false;
        }
        let parent_at = match plan.attach {
            // After `Whereas:` and before the first unit, a numbered list that only a unit
            // could hold is the preamble's recitals (`(1)`, `(2)` in an EU act): text.
            Attach::Orphan if self.recitals && self.drafts.is_empty() && self.stack.is_empty() => {
                return false;
            }
            Attach::Orphan => {
                if self.list_in_text(line, start, &chosen) {
                    return false;
                }
                if self.structural.get(chosen.section) == Some(&true) {
                    self.orphaned.push(chosen.section);
                }
                // (An attached instrument is no place to put it: it opens at its note.)
                let parents: Vec<&str> = t
                    .parents
                    .iter()
                    .filter_map(|code| self.types.iter().position(|p| &p.code == code))
                    .filter(|&i| Some(i) != self.instrument)
                    .filter_map(|i| self.types.get(i))
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
                let kept = self.divisions_printed_around(i, chosen.section);
                self.stack.truncate(i + 1 + kept);
                Some(i)
            }
        };
        // The parent's type and unit (`None`: left out), copied so that the checks below may
        // change the segmenter.
        let parent = parent_at
            .and_then(|i| self.stack.get(i))
            .map(|p| (p.section, p.unit));
        let parent_unit = parent.and_then(|(_, unit)| unit);
        let parent_draft = parent_unit.and_then(|i| self.drafts.get(i));
        let scoped = self.layout.scoped(chosen.section);
        let grouping_at = self.grouping_at(parent_at, chosen.section);
        let grouping = grouping_at
            .and_then(|i| self.stack.get(i))
            .and_then(|o| o.unit)
            .and_then(|u| self.drafts.get(u));
        // Inside an attached instrument, citation roots start again at its address.
        let attached = self.instrument_draft().filter(|_| t.citation_root);
        let base = attached.map_or(self.doc, |a| a.address.as_str());
        let parent_address = parent_at.and_then(|i| self.open_address(i));
        let address = match (
            grouping_at.and_then(|i| self.open_address(i)),
            parent_address,
        ) {
            (Some(g), _) => scoped_address(g, t, &chosen.ordinal),
            (None, Some(p)) if scoped => scoped_address(p, t, &chosen.ordinal),
            _ => derived_address(base, parent_address, t, &chosen.ordinal),
        };
        // The address extends one already valid (its grouping's, its parent's, the
        // instrument's, or the document slug's): only the new segment is read.
        let (valid_len, valid_depth) = match (grouping, parent_draft, attached) {
            (Some(g), _, _) => (g.address.len(), g.depth),
            (None, Some(d), _) if !t.citation_root || scoped => (d.address.len(), d.depth),
            (None, _, Some(a)) => (a.address.len(), a.depth),
            _ if self.doc_valid => (self.doc.len(), 0),
            _ => (0, 0),
        };
        // Text on the heading's own line (`(a) In general.—…`) is text after it. Not what
        // follows a label (`Sec. 312. Reduction in percentage limitation on assets of REIT
        // which may be taxable REIT subsidiaries.`): a table of contents' entry may read as a
        // sentence, and is one of a run of headings all the same.
        let inline_text = !chosen.titled
            && !chosen.labelled
            && line
                .text
                .get(chosen.rest_at..)
                .is_some_and(|r| !r.trim_space().is_empty());
        let hash = address_hash(&address);
        let structural = self.structural.get(chosen.section) == Some(&true);
        self.seen_headings.push(HeadingSeen {
            line: line.number,
            level: t.level,
            root: t.citation_root,
            section: chosen.section,
            structural,
            rank: plan
                .rank
                .as_ref()
                .filter(|_| structural)
                .map(|r| r.clone().key()),
            address: hash,
            text_after: u32::from(inline_text),
        });
        if parent.is_some_and(|(_, unit)| unit.is_none()) {
            self.push_skipped(chosen.section, Some(address));
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
                self.push_skipped(chosen.section, None);
                return true;
            }
        };
        if let Some(first) = self.first_seen(hash, &address) {
            // A citation root that starts its numbering again (`Chương I`) as the first of
            // its type under a new citation-root parent, when the unit that holds the
            // address sits under an earlier parent of the same type (`Chương I` of `Phần
            // thứ hai`, again in `Phần thứ ba`): the document numbers it per parent; the cut
            // is made again with it addressed under its parent. Only divisions (types that
            // hold citation roots) restart so: articles number through the document.
            let parent_type = parent.map(|(section, _)| section);
            let holder_parent_type = self
                .seen
                .get(&hash)
                .and_then(|&i| self.drafts.get(i))
                .and_then(|d| d.parent)
                .and_then(|p| self.drafts.get(p))
                .map(|d| d.section);
            if t.citation_root
                && !scoped
                && self.structural.get(chosen.section) == Some(&true)
                && parent_unit.is_some()
                && parent_type.is_some()
                && parent_type == holder_parent_type
                && parent_type
                    .and_then(|p| self.types.get(p))
                    .is_some_and(|pt| pt.citation_root)
                && plan
                    .rank
                    .as_ref()
                    .is_some_and(|r| step(None, r) == Step::Next)
                && !self
                    .drafts
                    .iter()
                    .any(|d| d.section == chosen.section && d.parent == parent_unit)
            {
                self.restarted.push(chosen.section);
            } else if let Some(g) = self.restarts_within(&chosen, parent_at, hash) {
                self.restarted_within.push((chosen.section, g));
            }
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
            self.push_skipped(chosen.section, Some(address));
            return true;
        }
        self.check_order(line, &chosen, t, &plan, written);
        if let Some(rank) = plan.rank {
            // After `72 to 88 [Repealed …]` the sequence goes on from 88.
            let rank = chosen
                .through
                .as_deref()
                .and_then(|last| super::sequence::rank(t.ordinal_style, self.alphabet, last))
                .unwrap_or(rank);
            let written = (written != chosen.ordinal).then(|| written.to_owned());
            self.remember(parent_at, chosen.section, rank, written);
        }
        // A marginal note on the line before is the heading; the line is then all text
        // (`1 This Act may be cited as …` is no title).
        let structural = self.structural.get(chosen.section) == Some(&true);
        let note = if structural {
            None
        } else {
            self.marginal.take()
        };
        let rest = line
            .text
            .get(chosen.rest_at..)
            .unwrap_or_default()
            .trim_space();
        // A provision's heading on the line above its number (`Citation and commencement` /
        // `1. These Regulations …`): taken back from the body (or preamble) it was put in. Only
        // after a number closed by a full stop (`1.`, `2.—(1)`, `Sec. 201.`), as instruments and
        // Commonwealth Acts print it: a number without one (`1.1 These Regulations …` of a
        // consolidated regulation, `13 The Secretary of State …` of a UK Act) may stand under a
        // group's heading, which is not its own.
        let stop = line
            .text
            .get(chosen.ordinal_end..)
            .is_some_and(|r| r.starts_with('.'));
        let above = if note.is_none()
            && !structural
            && t.citation_root
            && stop
            && (!chosen.titled || (chosen.weak && rest.ends_with('.')))
        {
            self.heading_above(chosen.labelled)
        } else {
            None
        };
        let titled = chosen.titled && note.is_none() && above.is_none();
        // `SEC. 2. FINDINGS. Congress finds that—`: the heading, then the text on its line.
        // `(a) Establishment.—The United States Patent and Trademark Office is …`: a heading
        // run in after an unlabelled number, closed by `.—`, then the text. Either way, where
        // the heading ends and where the text starts.
        let split = match (chosen.text_at.filter(|_| titled), chosen.run_in) {
            (Some(at), _) => Some((at, at)),
            (None, Some(run_in)) if !titled && above.is_none() && note.is_none() => Some(run_in),
            _ => None,
        };
        let (heading, body) = match split {
            Some((end, at)) => {
                let heading = line.text.get(chosen.rest_at..end).unwrap_or_default();
                let text = line.text.get(at..).unwrap_or_default();
                (
                    Some(heading.trim_space().to_owned()),
                    text.trim_space().to_owned(),
                )
            }
            None if titled => ((!rest.is_empty()).then(|| rest.to_owned()), String::new()),
            None => (above.or(note.map(|(_, _, n)| n)), rest.to_owned()),
        };
        let index = self.drafts.len();
        if titled && structural {
            self.title = match &heading {
                None => Title::Await(index),
                Some(h) if is_all_caps(h) => Title::Continue(index),
                Some(_) => Title::None,
            };
        } else if !structural && t.citation_root && heading.is_none() && rest.is_empty() {
            self.title = Title::Below(index);
        }
        match self.seen.entry(hash) {
            Entry::Vacant(e) => {
                e.insert(index);
            }
            Entry::Occupied(_) => {
                self.seen_collided.insert(address.clone(), line.number);
            }
        }
        self.weak_titled = (titled && chosen.weak && !structural).then_some(index);
        self.drafts.push(Draft {
            section: chosen.section,
            ordinal: chosen.ordinal,
            heading,
            body,
            parent: parent_unit,
            line: line.number,
            offset: line.locate(chosen.ordinal_at).offset,
            address,
            depth,
        });
        self.stack.push(Open {
            section: chosen.section,
            unit: Some(index),
            left_out: None,
            children: Vec::new(),
        });
        self.second_list = None;
        if let Some((_, at)) = split {
            self.run_in(line, at, index);
        } else if !titled && !rest.is_empty() {
            self.run_in(line, chosen.rest_at, index);
        }
        true
    }

    // The line right before a provision's number line, when it is its heading: a line of text
    // (the last of a unit's body, or of a preamble of more than one line) that reads as a
    // provision's title (`heading_line`: a capital first, no closing punctuation) and is not in
    // capitals (a cross-heading or a division's title). It is taken out of where it was put.
    // Above a labelled number (`Sec. 101.`, whose line holds the section's text), US
    // appropriations acts print a section's heading in small capitals, which their text gives
    // in lowercase (`emergency transfer authority—intra-bureau`), or as a parenthesis
    // (`(transfer of funds)`, `(rescissions)`); a parenthesis is the section's only after the
    // end of a sentence: under a heading (`General Provisions`, a Title's) it belongs to the
    // group that heading names. A line in Title Case there (`General Provisions`,
    // `Administrative Provisions—Department of the Treasury`) names a group of provisions or
    // an account, never the section's own heading. Above an unlabelled number (`3.`) a
    // lowercase line is no heading (`example of conclusion`, an editor's placeholder left in
    // a Kenyan Act).
    // The unit before, if the rest of its own number's line was read as its title by a weak
    // pattern and ends a sentence (`2. In this Part, “Act of 1970” means ….`), was a sentence:
    // this document prints headings above numbers, so it goes back to the start of that body.
    fn heading_above(&mut self, labelled: bool) -> Option<String> {
        let (number, unit, at) = self.last_text?;
        if number != self.prev_line {
            return None;
        }
        let whole = match unit {
            Some(i) => &self.drafts.get(i)?.body,
            None => &self.preamble.text,
        };
        // Still the last line there (nothing was added to it or rewritten since).
        let text = whole.get(at..)?;
        if at > 0 && whole.as_bytes().get(at - 1) != Some(&b'\n') || text.contains('\n') {
            return None;
        }
        let before = whole.get(..at.saturating_sub(1)).unwrap_or_default();
        let reads = if heading_line(text) {
            let group = labelled && title_case(text);
            !(is_all_caps(text) || group)
        } else {
            labelled
                && (small_caps_line(text) || (parenthetical_words(text) && ends_sentence(before)))
        };
        // A capitalised line of more than 25 words is a sentence's start; a line in small
        // capitals says by its print that it is a heading (`battery recharging stations for
        // privately owned vehicles in parking areas under the jurisdiction of the librarian of
        // congress at no net cost to the federal government`, 26 words).
        let long = text.split(is_space).filter(|w| !w.is_empty()).count() > 25;
        if !reads || long && !small_caps_line(text) {
            return None;
        }
        let heading = text.to_owned();
        let cut_at = at.saturating_sub(1);
        match unit {
            Some(i) => {
                if let Some(d) = self.drafts.get_mut(i) {
                    d.body.truncate(cut_at);
                }
            }
            None => {
                self.preamble.text.truncate(cut_at);
                self.preamble.end_line = self.preamble.end_before;
            }
        }
        self.last_text = None;
        if let Some(w) = self.weak_titled.take().filter(|&w| unit == Some(w)) {
            if let Some(d) = self.drafts.get_mut(w) {
                if d.heading.as_deref().is_some_and(|h| h.ends_with('.')) {
                    let sentence = d.heading.take().unwrap_or_default();
                    d.body = if d.body.is_empty() {
                        sentence
                    } else {
                        format!("{sentence}\n{}", d.body)
                    };
                }
            }
        }
        Some(heading)
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

    // An appropriations act runs its own text in a Title before any section (`For necessary
    // expenses …: Provided further, That … shall submit … a detailed report on—`), and that
    // text may list items `(1)`, `(2)`, `(A)`: the publisher gives them no section, so no unit
    // may hold them, yet nothing was lost. A list item with no place is such text when the
    // innermost open unit is a division (one that holds citation roots) whose own text
    // introduces the list (its last line ends in `—` or `:`), and from then on for the rest
    // of that division's text. A lost section heading leaves its items under the section
    // before, or after a heading line, not after a division's sentence introducing a list.
    fn list_in_text(&mut self, line: &Line<'_>, start: usize, m: &Match) -> bool {
        let item = self
            .types
            .get(m.section)
            .is_some_and(|t| !t.citation_root && self.structural.get(m.section) != Some(&true));
        let Some(&Open {
            section,
            unit: Some(division),
            ..
        }) = self.stack.last()
        else {
            return false;
        };
        if !item || self.structural.get(section) != Some(&true) {
            return false;
        }
        if self.text_list == Some(division) {
            return true;
        }
        let Some(body) = self.drafts.get(division).map(|d| d.body.as_str()) else {
            return false;
        };
        let introduces = body
            .lines()
            .last()
            .is_some_and(|l| l.trim_end().ends_with(['—', ':']));
        // Headings and sentences only: a line opening with a number (`5.—(1) An active member
        // …`, `(4) The notice …`) is a provision the cut could not read, and the list is its.
        // An appropriation's parenthetical line under its heading (`(including transfer of
        // funds)`, `(rescission)`) is words, not a number.
        let prose = body.lines().all(|l| {
            let l = l.trim_start();
            l.starts_with(char::is_alphabetic) || parenthetical_words(l)
        });
        if !introduces || !prose {
            return false;
        }
        self.text_list = Some(division);
        let label = self.types.get(section).map_or("", |t| t.label.as_str());
        self.report(
            Severity::Warning,
            codes::LIST_IN_TEXT,
            line.locate(start),
            format!("a numbered list in the {label}'s own text, outside any section: its items are kept as text of the {label}"),
            "nothing to do if the text lists items before its sections (an appropriations act); otherwise a section heading above the list was lost".into(),
        );
        true
    }

    // A list in the text of one of its own items starts its numbering again (legislation.gov.uk
    // prints lists whose unnumbered items hold their own lists, `(c) … namely—` / `section 36;`
    // / `section 152(1) …, so far as they amend—` `(i)` `(ii)` / `section 152(4) …, so far as
    // they relate to—` `(i)` again; `“amount A” is the smaller of—` `(a)` `(b)` / `“amount B”
    // is—` `(a)` again): the first list was cut as the unit's items; a first number that would
    // repeat one of them, right after a line of text (not the heading's own line) of a later
    // item of that list that introduces a list (it ends in `—` or `:`), opens a second list the
    // publisher gives no provision numbers of their own: its items are text of that item, up
    // to the next heading cut as a unit. A clause `1. … như sau:` with `1.` `2.` after it is
    // not this (the heading's own line introduces that list: see `defects.rs`).
    fn second_list(&mut self, line: &Line<'_>, start: usize, m: &Match, plan: &Plan) -> bool {
        let Attach::Under(at) = plan.attach else {
            return false;
        };
        // Its items, and anything deeper under them (`(i)` under its `(b)`), are text.
        if let Some((section, unit, depth)) = self.second_list {
            let open = self.stack.get(depth).and_then(|o| o.unit) == Some(unit);
            if open && (at > depth || (at == depth && section == m.section)) {
                return true;
            }
        }
        let Some(parent) = self.stack.get(at).and_then(|o| o.unit) else {
            return false;
        };
        let Some(t) = self.types.get(m.section) else {
            return false;
        };
        let item = !t.citation_root && self.structural.get(m.section) != Some(&true);
        let first = plan
            .rank
            .as_ref()
            .is_some_and(|r| step(None, r) == Step::Next);
        if !item || !first {
            return false;
        }
        let Some(parent_address) = self.drafts.get(parent).map(|d| d.address.as_str()) else {
            return false;
        };
        let address = derived_address(self.doc, Some(parent_address), t, &m.ordinal);
        let hash = address_hash(&address);
        if self.first_seen(hash, &address).is_none() {
            return false;
        }
        // The unit cut last holds the text read since: a later item of the list whose first
        // number this one repeats.
        let holder = self.seen.get(&hash).copied();
        let open = self.drafts.len().wrapping_sub(1);
        let Some(d) = self.drafts.get(open) else {
            return false;
        };

        let sibling = d.section == m.section && d.parent == Some(parent) && holder != Some(open);
        // Not the heading's own line. (A line opening with a number that the cut kept as text,
        // `8. A claim … if the claim—` in a form printed in a schedule, is no provision: its
        // list is text after it, as the line is.)
        let introduces = d.body.contains('\n')
            && d.body
                .lines()
                .last()
                .is_some_and(|l| l.trim_end().ends_with(['—', '–', '-', ':']));
        if !sibling || !introduces {
            return false;
        }
        self.second_list = Some((m.section, parent, at));
        let label = self.types.get(m.section).map_or("", |t| t.label.as_str());
        let written = line
            .text
            .get(m.ordinal_at..m.ordinal_end)
            .unwrap_or_default();
        self.report(
            Severity::Warning,
            codes::LIST_IN_TEXT,
            line.locate(start),
            format!("{label} {written} starts a second list, introduced by the line before it in the text of the {label} above; its items are kept as text of that {label}"),
            "nothing to do if the line before introduces a list of its own; otherwise a heading above it was lost".into(),
        );
        true
    }

    // `… tại khoản 1` / `Điều 6.`: an article's bare heading (no title) out of its
    // sequence, on the line after one that stops mid-sentence (see `stops_mid_sentence`), is
    // a cross-reference the line break cut off.
    fn wrapped_reference(&self, line: &Line<'_>, m: &Match, t: &SectionType, plan: &Plan) -> bool {
        let bare = line
            .text
            .get(m.rest_at..)
            .is_some_and(|r| r.trim_space().is_empty());
        let out_of_sequence = matches!(plan.step, Some(Step::Gap { .. } | Step::Backwards));
        let mid_sentence = self.prev_line + 1 == line.number && self.prev_open;
        // Only articles: a chapter's bare heading takes its title from the next line.
        let article = t.citation_root && self.structural.get(m.section) != Some(&true);
        if article && m.titled && bare && out_of_sequence && mid_sentence && !self.drafts.is_empty()
        {
            return true;
        }
        // `… theo quy định tại` / `Mục 2 Phần B của Phụ lục I ban hành kèm theo Thông tư này.`:
        // a division's number out of sequence that goes on the sentence of the line before and
        // ends one, which no division's title does.
        let division = self.structural.get(m.section) == Some(&true) && !t.citation_root;
        let ends_sentence = line
            .text
            .get(m.rest_at..)
            .map(|r| r.trim_space())
            .is_some_and(|r| !r.is_empty() && r.ends_with(['.', ';', ',']));
        division && out_of_sequence && mid_sentence && ends_sentence && !self.drafts.is_empty()
    }

    // The note of a marginal-note line (`Marginal note:Short title` → `Short title`).
    fn marginal_note(&self, t: &str) -> Option<String> {
        let (head, _) = marker_head(&self.marginal_markers, t)?;
        let marker = self
            .marginal_markers
            .iter()
            .find(|m| head.starts_with(m.as_str()))?;
        // The marker's length in the line as written: as many characters as folded.
        let at = t
            .char_indices()
            .nth(marker.chars().count())
            .map_or(t.len(), |(i, _)| i);
        // Folding drops a marker's closing `:`; the note starts after it.
        let note = t.get(at..)?.trim_start_matches(':').trim_space();
        (!note.is_empty()).then(|| note.to_owned())
    }

    // A marginal note that no unit took is text where it stands.
    fn flush_marginal(&mut self) {
        if let Some((number, written, _)) = self.marginal.take() {
            self.text_line(number, &written);
        }
    }

    // A line of text that is the first definition after the unit's words introducing them
    // (`In this Act,`) starts the definitions of the innermost open unit; where the
    // vocabulary has a type for definitions there, `definition` made it a unit instead.
    fn watch_definitions(&mut self, t: &str) {
        if self.definitions.is_some() {
            return;
        }
        let Some(at) = self.introduced_definitions() else {
            return;
        };
        let typed = self
            .stack
            .get(at)
            .is_some_and(|o| self.definition_type(o.section).is_some());
        // A formula's symbols are no terms to address: their paragraphs stay text.
        let untyped = !typed || super::definitions::formula_symbol(t);
        if untyped && super::definitions::reads_as_definition(t) {
            self.definitions = Some(at);
        }
    }

    // The index in `stack` of the innermost open unit when the last line of its text
    // introduces definitions (`In this Act,`, `In these Regulations—`).
    fn introduced_definitions(&self) -> Option<usize> {
        if self.held.is_some() || self.note.is_some() || !matches!(self.title, Title::None) {
            return None;
        }
        let unit = self.stack.last()?.unit?;
        let introduced = self.drafts.get(unit).is_some_and(|d| {
            d.body
                .rsplit('\n')
                .next()
                .filter(|l| !l.is_empty())
                .or(d.heading.as_deref())
                .is_some_and(super::definitions::introduces_definitions)
        });
        introduced.then(|| self.stack.len() - 1)
    }

    // The vocabulary's definition type (ordinal style `term`) that may stand under `parent`.
    fn definition_type(&self, parent: usize) -> Option<usize> {
        let code = &self.types.get(parent)?.code;
        self.types.iter().position(|t| {
            t.active && t.ordinal_style == OrdinalStyle::Term && t.parents.contains(code)
        })
    }

    // A line of text that defines a term, among the definitions a unit lists (or the first
    // after its words introducing them), is a definition unit of its own, addressed by its
    // term (`…/subsection-1/definition-owner`); the line is its text. The list's first
    // definition says how its terms are printed: quoted (`“owner” means`) or not (`coroner
    // includes`); a line printed otherwise is text. False when the line stays text.
    fn definition(&mut self, line: &Line<'_>, start: usize, t: &str) -> bool {
        if !self.has_definitions {
            return false;
        }
        let listing = self.defining.filter(|d| {
            self.stack.get(d.at).and_then(|o| o.unit) == Some(d.unit)
                && self.held.is_none()
                && self.note.is_none()
        });
        if listing.is_none() {
            self.defining = None;
            self.defined.clear();
        }
        let Some(at) = listing
            .map(|d| d.at)
            .or_else(|| self.introduced_definitions())
        else {
            return false;
        };
        let Some((open, unit)) = self.stack.get(at).and_then(|o| Some((o.section, o.unit?))) else {
            return false;
        };
        let Some(section) = self.definition_type(open) else {
            return false;
        };
        let Some((range, quoted)) = super::definitions::defined_term(t, listing.is_some()) else {
            return false;
        };
        if listing.is_some_and(|d| d.quoted != quoted) {
            return false;
        }
        let Some((term, mut ordinal)) = t.get(range.clone()).and_then(|term| {
            let ordinal = crate::text::ordinal::normalize_ordinal(OrdinalStyle::Term, term).ok()?;
            let written: Vec<String> = term
                .split(is_space)
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            Some((written.join(" "), ordinal))
        }) else {
            return false;
        };
        // Two terms of one list that fold alike: different terms (`air crew`, `aircrew`;
        // `officially-recognized laboratory` [Repealed] after `officially recognized
        // laboratory`), or one term defined twice, as legislation.gov.uk prints a definition
        // whose wording differs by extent (`“recovery” means …` for England and Wales, then
        // `“recovery” has the meaning …` for Scotland). The later one takes the first free
        // `2`, `3` … after the ordinal; the same term again is named, so that a definition
        // copied twice by mistake is seen.
        let again = self
            .defined
            .iter()
            .any(|(o, w)| *o == ordinal && *w == term);
        if self.defined.iter().any(|(o, _)| *o == ordinal) {
            let base = ordinal.clone();
            let mut n = 2u32;
            while self.defined.iter().any(|(o, _)| *o == ordinal) && n < 100 {
                ordinal = format!("{base}{n}");
                n += 1;
            }
        }
        let key = (ordinal.clone(), term);
        let chosen = Match {
            section,
            ordinal,
            ordinal_at: start + range.start,
            ordinal_end: start + range.end,
            // The whole line is the definition's text, its term included.
            rest_at: start,
            footnote: None,
            through: None,
            titled: false,
            weak: false,
            labelled: false,
            text_at: None,
            run_in: None,
        };
        self.defining = Some(Defining { at, unit, quoted });
        if listing.is_none() {
            self.defined.clear();
        }
        let address_ordinal = chosen.ordinal.clone();
        if self.heading(line, start, chosen, Vec::new()) {
            if again {
                self.report(
                    Severity::Warning,
                    codes::TERM_DEFINED_AGAIN,
                    line.locate(start + range.start),
                    format!("the term “{}” is defined again in the same list: this definition is addressed definition-{address_ordinal}", key.1),
                    "nothing to do if the source defines the term once per extent or version; otherwise delete the copy".into(),
                );
            }
            self.defined.push(key);
            return true;
        }
        self.defining = listing;
        false
    }

    // A numbered line refused as a weak heading is a row of a list or a table: the next line
    // is one too. Not after a row whose cells are tab-separated: the line after such a table
    // (`54.1 (1) …` after `8<tab>Alberta`) has no cells, so it is not one of its rows.
    fn refused_row(&mut self, line: &Line<'_>) {
        if !line.text.contains('\t') {
            self.row_line = Some(line.number);
        }
    }

    // A weak heading (`1 Short title`, `3. Citizenship`) must continue its sequence, or skip a
    // few numbers, and not follow a numbered line that was refused (the rows of a table). The
    // first citation root of the text may have any number when a title follows it: an extract
    // (`Part VI`, then `129 Lords Commissioners …`) starts where its source does. An inserted
    // number (`4A`) follows its base, or the number before it where the base itself is gone:
    // `4A.` after `2.` is a row of a table or quoted text.
    fn weak_fits(&self, m: &Match, plan: &Plan) -> bool {
        let first_root = !plan.had_previous
            && m.titled
            && self.types.get(m.section).is_some_and(|t| t.citation_root);
        let inserted = plan.rank.as_ref().is_some_and(|r| !r.suffix().is_empty());
        let gap = if inserted { 1 } else { 5 };
        self.row_line != Some(self.prev_line)
            && plan.attach != Attach::Orphan
            && match &plan.step {
                Some(Step::Next) => true,
                Some(Step::Gap { from, to }) => {
                    to.saturating_sub(*from) < gap || first_root || self.opens_structure(m, plan)
                }
                _ => false,
            }
    }

    fn note_restart(&mut self, m: &Match, plan: &Plan) {
        if let Some(d) = self.restarts_in_division(m, plan) {
            self.restarted_in.push(d);
        }
    }

    // A unit that is no citation root numbered 1 again (`1 (1) Subject to …`) as the first of
    // its type since a division of its parent opened (`PART II` of a schedule), when its
    // parent held units of its type before that division: the document numbers the type in
    // each division (Justice Canada's schedules), the type of the division is returned. Asked
    // of a number that goes back only.
    fn restarts_in_division(&self, m: &Match, plan: &Plan) -> Option<Divided> {
        let t = self.types.get(m.section)?;
        if t.citation_root || plan.step != Some(Step::Backwards) {
            return None;
        }
        let Attach::Under(i) = plan.attach else {
            return None;
        };
        if !plan
            .rank
            .as_ref()
            .is_some_and(|r| step(None, r) == Step::Next)
        {
            return None;
        }
        let parent = self.stack.get(i)?;
        let parent_line = self.drafts.get(parent.unit?)?.line;
        let parent_code = &self.types.get(parent.section)?.code;
        let previous = parent.children.iter().find(|l| l.section == m.section)?;
        let (at, open) = self
            .stack
            .iter()
            .enumerate()
            .skip(i + 1)
            .rev()
            .find(|(_, o)| {
                // A division of this parent (a schedule's Part, not a subsection holding
                // paragraphs).
                self.types.get(o.section).is_some_and(|d| {
                    d.parents.contains(parent_code) && may_number_per_division(t, d)
                })
            })?;
        let division = open.unit?;
        let first_in_division = !self
            .drafts
            .iter()
            .skip(division + 1)
            .any(|d| d.section == m.section);
        (at > i && previous.unit < division && first_in_division).then_some(Divided {
            section: m.section,
            division: open.section,
            parent_line,
        })
    }

    // A citation root whose number the document's own table of contents lists (`26.` in the
    // arrangement of sections of a bill printed in extract, sections 3 to 25 left out) is a
    // heading however far its number jumps: the first word of a contents line, as written.
    fn in_contents(&self, line: &Line<'_>, m: &Match, plan: &Plan) -> bool {
        // Only a number further on: one used again (`16. Northern Ireland` after `16.`) stays text.
        let root = self.types.get(m.section).is_some_and(|t| t.citation_root)
            && matches!(plan.step, Some(Step::Gap { .. }));
        let first = line
            .text
            .trim_start_matches(is_space)
            .split(is_space)
            .next();
        root && m.titled && first.is_some_and(|w| self.listed.iter().any(|l| l == w))
    }

    // Whether `m` would be the first unit of its type in the Part or Chapter just opened: a
    // Part may start far on (`PART III` opens at section 70 when Part II was repealed).
    fn opens_structure(&self, m: &Match, plan: &Plan) -> bool {
        let Attach::Under(i) = plan.attach else {
            return false;
        };
        let Some(open) = self.stack.get(i) else {
            return false;
        };
        self.structural.get(open.section) == Some(&true)
            && open.unit.is_some_and(|u| {
                !self
                    .drafts
                    .iter()
                    .skip(u + 1)
                    .any(|d| d.section == m.section)
            })
    }

    // The line of the unit already cut at `address` (whose `address_hash` is `hash`), if any.
    fn first_seen(&self, hash: u64, address: &str) -> Option<u32> {
        match self.seen.get(&hash).and_then(|&i| self.drafts.get(i)) {
            Some(d) if d.address == address => Some(d.line),
            _ => self.seen_collided.get(address).copied(),
        }
    }

    fn push_skipped(&mut self, section: usize, address: Option<String>) {
        self.stack.push(Open {
            section,
            unit: None,
            left_out: address,
            children: Vec::new(),
        });
    }

    // The address of an open unit: its draft's, or the one a left-out unit would have had.
    fn open_address(&self, i: usize) -> Option<&str> {
        let open = self.stack.get(i)?;
        match open.unit {
            Some(u) => self.drafts.get(u).map(|d| d.address.as_str()),
            None => open.left_out.as_deref(),
        }
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
                    if t.may_be_top_level() || self.layout.top.get(m.section) == Some(&true) {
                        Attach::Root
                    } else {
                        Attach::Orphan
                    }
                },
                |i| {
                    // Numbered again in each division of its parent: in the open one.
                    let parent_line = self
                        .stack
                        .get(i)
                        .and_then(|o| o.unit)
                        .and_then(|u| self.drafts.get(u))
                        .map(|d| d.line);
                    parent_line
                        .and_then(|l| self.layout.division_of(m.section, l))
                        .and_then(|d| {
                            self.stack
                                .iter()
                                .rposition(|open| open.section == d && open.unit.is_some())
                        })
                        .filter(|&j| j > i)
                        .map_or(Attach::Under(i), Attach::Under)
                },
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

    // A heading of an outermost grouping (no parents: a public law's `DIVISION A`) while the
    // document's top unit is a grouping of a type it holds (`TITLE 54`, not inside any
    // division) numbered as the Code numbers it: the document does not group its titles
    // so, and the line names a subdivision
    // of that unit the vocabulary does not model (the `Division A` of title 54's subtitles, as
    // Pub. L. 113-287 enacts it). It is text, as it was before divisions were cut.
    fn below_what_it_holds(&self, m: &Match, plan: &Plan) -> bool {
        let Some(t) = self.types.get(m.section) else {
            return false;
        };
        plan.attach == Attach::Root
            && t.parents.is_empty()
            && self.structural.get(m.section) == Some(&true)
            && self.stack.first().is_some_and(|open| {
                // A grouping (a title), not a provision before the divisions (`SEC. 4.`).
                self.structural.get(open.section) == Some(&true)
                    && self
                        .types
                        .get(open.section)
                        .is_some_and(|top| top.code != t.code && top.parents.contains(&t.code))
            })
            // Numbered in digits as the Code numbers its titles (`TITLE 54`), where a public
            // law numbers its titles in roman (`TITLE I`, which a `DIVISION` heading closes).
            && self.stack.first().and_then(|open| open.unit).is_some_and(|unit| {
                self.roots
                    .iter()
                    .any(|l| l.unit == unit && l.written.is_none())
            })
    }

    // The sequence a unit's ordinal continues: document-wide for citation roots, else its parent's.
    fn scope(&self, attach: Attach, section: usize) -> &[Last] {
        let parent_at = match attach {
            Attach::Under(i) => Some(i),
            _ => None,
        };
        if let Some(g) = self.grouping_at(parent_at, section) {
            return self.stack.get(g).map_or(&[], |o| o.children.as_slice());
        }
        let root = self.is_root(section);
        match attach {
            Attach::Under(i) if !root => self.stack.get(i).map_or(&[], |o| o.children.as_slice()),
            _ => &self.roots,
        }
    }

    // Where on the open path a unit under `parent_at` of a type numbered per grouping
    // (`Layout::within`) has its grouping: the nearest open unit of that type at or above its
    // parent. None for other types, and outside any such grouping (`SEC. 3.` before the
    // divisions numbers through the document).
    fn grouping_at(&self, parent_at: Option<usize>, section: usize) -> Option<usize> {
        let g = self.layout.within(section)?;
        let i = parent_at?;
        self.stack.get(..=i)?.iter().rposition(|o| o.section == g)
    }

    // A citation root whose address is taken (`hash`), first of its type in the outermost
    // grouping it stands in (`SEC. 101.` of `DIVISION B`, under its `TITLE I`), while the unit
    // holding the address stands in an earlier grouping of the same type (`DIVISION A`): the
    // document numbers it per grouping. The grouping's type: an outermost citation-root type
    // (no parents) holding citation roots. Returns that type.
    fn restarts_within(&self, m: &Match, parent_at: Option<usize>, hash: u64) -> Option<usize> {
        let t = self.types.get(m.section)?;
        if !t.citation_root || self.layout.within(m.section).is_some() {
            return None;
        }
        let outermost = |section: usize| {
            section != m.section
                && self.structural.get(section) == Some(&true)
                && self
                    .types
                    .get(section)
                    .is_some_and(|g| g.citation_root && g.parents.is_empty())
        };
        let i = parent_at?;
        let at = self
            .stack
            .get(..=i)?
            .iter()
            .position(|o| outermost(o.section))?;
        let open = self.stack.get(at)?;
        let grouping = open.unit?;
        // The holder's own grouping: its nearest ancestor of that type.
        let mut holder = self.seen.get(&hash).copied();
        let mut holder_grouping = None;
        while let Some(u) = holder {
            let d = self.drafts.get(u)?;
            if d.section == open.section && u != grouping {
                holder_grouping = Some(u);
                break;
            }
            holder = d.parent;
        }
        holder_grouping?;
        // Drafts after the grouping's own are all inside it while it is open.
        let first = !self
            .drafts
            .iter()
            .skip(grouping + 1)
            .any(|d| d.section == m.section);
        first.then_some(open.section)
    }

    // Whether units of this type number through the whole document (citation roots not
    // numbered per parent in this document).
    fn is_root(&self, section: usize) -> bool {
        self.types.get(section).is_some_and(|t| t.citation_root) && !self.layout.scoped(section)
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
        let root = self.is_root(section);
        // As `scope` reads it: the grouping's, the parent's, or the document's sequence.
        let at = self
            .grouping_at(parent_at, section)
            .or(parent_at.filter(|_| !root));
        let scope = match at {
            Some(i) => match self.stack.get_mut(i) {
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
            self.note_restart(&m, &plan);
            if m.weak && !self.weak_fits(&m, &plan) && !self.in_contents(line, &m, &plan) {
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
                // No list starts past the length of an alphabet: `(c)` after a subsection (c) is
                // that number repeated, not a first clause c (100) under the paragraph before it.
                // (A first `(v)` may well follow clauses (i)–(iv) kept as text of a definition.)
                (_, Some(Step::Gap { to, .. }), false) if *to >= 26 => 0,
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
                self.refused_row(line);
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
            // A defined term has no sequence.
            (None, _) if style.is_numeric() || style == OrdinalStyle::Term => {}
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
            // US acts number sections by title and subtitle (SEC. 1101 opens title I, subtitle A),
            // also where no title is printed above the first (a joint resolution's `Sec. 101.`).
            (Some(Step::Gap { .. }), _) if t.citation_root && self.opens_a_hundred(m, plan) => {}
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
        let Some(code) = self.types.get(m.section).map(|t| &t.code) else {
            return false;
        };
        // The next of its own list, or the first of a list under it (`(i)` then `(I)`: a
        // clause and its first subclause, not subsection (i)).
        self.patterns
            .iter()
            .filter_map(|p| p.match_at(next, 0, first_folded(next)))
            .any(|n| {
                let Some(t) = self.types.get(n.section) else {
                    return false;
                };
                let previous = if n.section == m.section {
                    Some(current)
                } else if t.parents.contains(code) {
                    None
                } else {
                    return false;
                };
                rank(t.ordinal_style, self.alphabet, &n.ordinal)
                    .is_some_and(|r| step(previous, &r) == Step::Next)
            })
    }

    // Inside a note, whether a major heading belongs to the note (an Executive Order's
    // `Sec. 2.`, its `Part I—…`) rather than ending it. A citation root whose number goes
    // back or repeats an address already cut is quoted. A structural heading is quoted when
    // the first citation root after it does not continue the text's own numbering, or when,
    // before the next heading of its type or of a type it sits in, none does: an entry of a
    // chapter analysis meets the next entry first. An entry is also known by the heading of
    // its type that follows with a lower number (the analysis's last `SUBCHAPTER III—…`, then
    // the text's `§ 401.` and `SUBCHAPTER I—…`).
    fn quoted_in_note(&self, line: &Line<'_>, m: &Match) -> bool {
        let Some(t) = self.types.get(m.section) else {
            return false;
        };
        if t.citation_root {
            return self.after_schedules(t) || !self.root_continues(m);
        }
        let key = |m: &Match| {
            self.types
                .get(m.section)
                .and_then(|t| rank(t.ordinal_style, self.alphabet, &m.ordinal))
                .map(Rank::key)
        };
        let own = key(m);
        let mut continued = false;
        let from = line.locate(0).offset;
        let rest = self.input.get(from..).unwrap_or_default();
        for next in rest
            .split(['\n', '\r'])
            .skip(1)
            .take(LOOKAHEAD_LINES)
            .map(|l| l.trim_space())
        {
            // A repealed provision's heading in brackets (`[§ 201. Repealed …]`) counts.
            let next = next.strip_prefix('[').unwrap_or(next);
            let first = first_folded(next);
            let Some(n) = self
                .patterns
                .iter()
                .filter_map(|p| p.match_at(next, 0, first))
                .find(|n| !n.weak && self.is_major(n.section))
            else {
                continue;
            };
            if n.section == m.section {
                let lower = own.is_some() && key(&n).is_some_and(|k| Some(k) < own);
                return lower || !continued;
            }
            if self.inside(m.section, n.section) {
                return !continued;
            }
            if !continued && self.types.get(n.section).is_some_and(|nt| nt.citation_root) {
                if !self.root_continues(&n) {
                    return true;
                }
                continued = true;
            }
        }
        !continued
    }

    // Whether a provision that stands in Parts (a section, not a schedule) comes after a
    // schedule (an attachment: a top-level unit holding no citation roots) was cut: the text's
    // own provisions end where its schedules begin, so in a note there it is the note's
    // (Justice Canada's `RELATED PROVISIONS` print sections of amending Acts, `26 …` after
    // section 25 and the schedules).
    fn after_schedules(&self, t: &SectionType) -> bool {
        !t.parents.is_empty() && self.drafts.iter().any(|d| self.attachment(d.section))
    }

    // Whether a citation root's number continues the text's own: it neither goes back nor
    // repeats an address already cut.
    fn root_continues(&self, m: &Match) -> bool {
        let Some(t) = self.types.get(m.section) else {
            return true;
        };
        let previous = self.roots.iter().find(|l| l.section == m.section);
        let back = rank(t.ordinal_style, self.alphabet, &m.ordinal)
            .is_some_and(|r| step(previous.map(|l| &l.rank), &r) == Step::Backwards);
        let address = derived_address(self.doc, None, t, &m.ordinal);
        !back && self.first_seen(address_hash(&address), &address).is_none()
    }

    // How many open units right above the parent at `parent_at` stay open under a unit of
    // type `section` that goes in that parent: divisions of the parent that the unit is
    // printed in but not addressed under (a schedule's `PART 2` and its `CHAPTER 1`, around
    // paragraphs numbered through the schedule, `…/schedule-1/para-5`). They hold the
    // divisions after the unit (`CHAPTER 2` is the same Part's), so the unit does not close
    // them; the next division of the parent does. Only divisions no unit of that type may
    // stand in (at any depth) and that stand in no such unit: no citation roots, no types of its
    // parents (a Canadian schedule's Part, which holds items holding subsections, stays out).
    fn divisions_printed_around(&self, parent_at: usize, section: usize) -> usize {
        let (Some(t), Some(parent)) = (
            self.types.get(section),
            self.stack.get(parent_at).map(|o| o.section),
        ) else {
            return 0;
        };
        if t.citation_root {
            return 0;
        }
        self.stack
            .iter()
            .skip(parent_at + 1)
            .take_while(|o| {
                o.section != section
                    && self.types.get(o.section).is_some_and(|d| !d.citation_root)
                    && self.inside(o.section, parent)
                    && !self.inside(section, o.section)
                    && !self.inside(o.section, section)
            })
            .count()
    }

    // Whether a unit of type `a` may stand (at any depth) inside one of type `b`.
    fn inside(&self, a: usize, b: usize) -> bool {
        self.inside.get(a).and_then(|row| row.get(b)) == Some(&true)
    }

    // The address a unit of this match would get where the line stands.
    fn prospective_address(&self, m: &Match) -> Option<String> {
        let t = self.types.get(m.section)?;
        let parent_at = match self.plan(m).attach {
            Attach::Under(i) => Some(i),
            Attach::Root => None,
            Attach::Orphan => return None,
        };
        let address_at = |i: usize| {
            self.stack
                .get(i)
                .and_then(|o| o.unit)
                .and_then(|u| self.drafts.get(u))
                .map(|d| d.address.as_str())
        };
        let parent = parent_at.and_then(address_at);
        let grouping = self.grouping_at(parent_at, m.section).and_then(address_at);
        let base = match self.instrument_draft() {
            Some(a) if t.citation_root => a.address.as_str(),
            _ => self.doc,
        };
        Some(match (grouping, parent) {
            (Some(g), _) => scoped_address(g, t, &m.ordinal),
            (None, Some(p)) if self.layout.scoped(m.section) => scoped_address(p, t, &m.ordinal),
            _ => derived_address(base, parent, t, &m.ordinal),
        })
    }

    // A citation root numbered n01 that is the first of its type under its parent, or in the
    // document: numbering by hundreds.
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
            // The document's first: a title's number left unprinted.
            Attach::Root => !self.drafts.iter().any(|d| d.section == m.section),
            Attach::Orphan => false,
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
            // A run of lines in capitals (`QUY CHẾ` / `TỔ CHỨC VÀ HOẠT ĐỘNG …`) may be an
            // attached instrument's title.
            self.held_caps = match self.held_caps {
                Some(run) if is_all_caps(t) => Some(run),
                _ if is_all_caps(t) => Some((number, held.text.len())),
                _ => None,
            };
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
            Title::Below(i) => {
                self.title = Title::None;
                if heading_line(t)
                    && !t.ends_with('.')
                    && !is_all_caps(t)
                    && t.split(is_space).filter(|w| !w.is_empty()).count() <= 25
                {
                    if let Some(d) = self.drafts.get_mut(i) {
                        d.heading = Some(t.to_owned());
                    }
                    return;
                }
            }
            Title::None => {}
        }
        if let Some(h) = self.seen_headings.last_mut() {
            h.text_after = h.text_after.saturating_add(1);
        }
        match self.stack.last() {
            None => {
                self.preamble.push(number, t);
                let at = self.preamble.text.len() - t.len();
                self.last_text = Some((number, None, at));
            }
            Some(Open { unit: Some(i), .. }) => {
                if let Some(d) = self.drafts.get_mut(*i) {
                    if !d.body.is_empty() {
                        d.body.push('\n');
                    }
                    self.last_text = Some((number, Some(*i), d.body.len()));
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
        self.flush_marginal();
        for at in std::mem::take(&mut self.quotes.single_closed) {
            self.diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                code: codes::UNCLOSED_QUOTE,
                message: "this quotation ends with a single closing mark ’ instead of ”; it was read as closed here".into(),
                line: at.line,
                column: at.column,
                offset: at.offset,
                hint: "replace ’ with ”".into(),
                repair: Some(Repair {
                    offset: at.offset,
                    length: '’'.len_utf8(),
                    replacement: "”".into(),
                    description: "replace the closing ’ with ”".into(),
                }),
            });
        }
        for (at, term) in std::mem::take(&mut self.quotes.unopened) {
            let (message, hint, repair) = match term {
                Some(term) => (
                    "this closing quotation mark ends a defined term whose opening mark is missing, so no quotation opens here; it was read as an ordinary character".to_owned(),
                    "insert the opening quotation mark before the term".to_owned(),
                    Some(Repair {
                        offset: term.offset,
                        length: 0,
                        replacement: "\"".into(),
                        description: format!(
                            "insert the opening quotation mark '\"' at column {} of line {}, before the defined term",
                            term.column, term.line
                        ),
                    }),
                ),
                None => (
                    "this quotation mark closes no quotation (its opening mark is missing), so it was read as an ordinary character".to_owned(),
                    "insert the opening quotation mark where the quoted words start, or delete this one".to_owned(),
                    None,
                ),
            };
            self.diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                code: codes::STRAY_QUOTE,
                message,
                line: at.line,
                column: at.column,
                offset: at.offset,
                hint,
                repair,
            });
        }
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
        // Drafts are in document order, each parent before its children.
        let positions = sibling_positions(self.drafts.iter().map(|d| d.parent));
        let mut unit_notes = unit_notes(&self.drafts, self.site_notes, self.held.as_ref());
        let units = self
            .drafts
            .into_iter()
            .zip(positions)
            .enumerate()
            .map(|(i, (d, position))| {
                // Every piece was trimmed before it was joined, so the body already is.
                let body = d.body;
                CutUnit {
                    section_type: self
                        .types
                        .get(d.section)
                        .map(|t| t.code.clone())
                        .unwrap_or_default(),
                    content_sha256: content_sha256(d.heading.as_deref(), &body),
                    status: provision_status(d.heading.as_deref(), &body),
                    ordinal: d.ordinal,
                    heading: d.heading,
                    body,
                    parent: d.parent,
                    position,
                    canonical_address: d.address,
                    line: d.line,
                    notes: unit_notes
                        .get_mut(i)
                        .map(std::mem::take)
                        .unwrap_or_default(),
                }
            })
            .collect();
        let mut notes = self.notes;
        notes.extend(self.note.and_then(PassageBuf::into_passage));
        let contents = if find_runs {
            contents_lines(&self.seen_headings, &self.inside)
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
            runaway: self.quotes.runaway,
            contents,
            left_out: self.left_out,
            restarted: self.restarted,
            restarted_within: self.restarted_within,
            orphaned: self.orphaned,
            restarted_in: self.restarted_in,
        }
    }
}

// The site notes of each draft: a note belongs to the unit whose text it is in, the last to
// start before it (drafts are in document order, so offsets only grow), unless it stands
// before the first unit or in the closing.
fn unit_notes(
    drafts: &[Draft],
    notes: Vec<(usize, u32, String)>,
    closing: Option<&PassageBuf>,
) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new(); if notes.is_empty() { 0 } else { drafts.len() }];
    let closing = closing
        .filter(|c| !c.text.is_empty())
        .map_or(u32::MAX, |c| c.line);
    for (offset, line, text) in notes {
        let at = drafts.partition_point(|d| d.offset <= offset);
        if line >= closing || at == 0 {
            continue;
        }
        if let Some(unit) = out.get_mut(at - 1) {
            unit.push(text);
        }
    }
    out
}

// A line wholly in parentheses that opens with a word no ordinal is: three letters or more,
// not all roman numerals, not one letter doubled (`(including transfer of funds)`,
// `(rescission)`; not `(iii)`, `(aa)`, `(A)`).
fn parenthetical_words(line: &str) -> bool {
    let Some(inner) = line
        .trim_end()
        .strip_prefix('(')
        .and_then(|l| l.strip_suffix(')'))
    else {
        return false;
    };
    let word: String = inner.chars().take_while(|c| c.is_alphabetic()).collect();
    let lower = word.to_lowercase();
    let roman = lower.chars().all(|c| "ivxlcdm".contains(c));
    let doubled = lower.chars().all(|c| lower.starts_with(c));
    word.chars().count() >= 3 && !roman && !doubled
}
