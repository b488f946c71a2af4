//! One pass over the lines: recognise headings, keep the open units on a stack,
//! collect bodies, and report what does not fit.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

// Messy sources (editorial notes, glued headings, run-on provisions, unclosed amendments).
mod messy;

// The pass's methods, a file for each kind of line or step, so that a rule sits with its kind:
// a heading (`headings`), where its unit goes and whether its number follows there (`order`),
// numbered lines that are no headings (`lists`), definitions read as units (`definition_units`),
// attached instruments (`instruments`), and the outcome made of the drafts (`finish`).
mod definition_units;
mod finish;
mod headings;
mod instruments;
mod lists;
mod order;

use super::lines::{lines, Line, Location};
use super::pattern::{Match, Pattern};
use super::sequence::{Alphabet, Rank, Step};
use super::text::{
    first_folded, fold_line, is_all_caps, is_open_quote, is_page_number, is_space, TrimSpace,
};
use super::{Frame, Passage};
use compact_str::CompactString;

use crate::store::unit::{is_instrument, CutUnit};
use crate::text::address::validate;
use crate::text::diagnostic::{Diagnostic, Severity};
use crate::text::hash::Sha256Hex;
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
    /// The vocabulary index of each unit's type: what the rules after the pass compare (a
    /// code compared for every unit was a fiftieth of a cut).
    pub sections: Vec<usize>,
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

// A unit being built; address and parent are final, heading and body still grow. It is the
// unit itself (`unit`, its type, hash, status, position and notes filled in at the end of the
// pass) beside what only the pass needs, so that the drafts become the cut's units in place:
// no second vector of units is made beside them and no unit copied into it.
struct Draft {
    unit: CutUnit,
    section: usize,
    // Byte offset of its number in the input (that of the draft before for an attached
    // instrument): where a site's note after it is its own.
    offset: usize,
    // Segments in the unit's address: a child's address is validated from where this one ends.
    depth: usize,
}

impl Draft {
    // A unit as a heading opens it: its type's code, hash, status, position and notes are
    // the end of the pass's (`finish`).
    #[allow(clippy::too_many_arguments)]
    fn new(
        section: usize,
        ordinal: CompactString,
        heading: Option<String>,
        body: String,
        parent: Option<usize>,
        line: u32,
        offset: usize,
        address: String,
        depth: usize,
    ) -> Draft {
        Draft {
            unit: CutUnit {
                section_type: CompactString::default(),
                ordinal,
                heading,
                body,
                parent,
                position: 0,
                canonical_address: address,
                content_sha256: Sha256Hex::default(),
                line,
                status: None,
                notes: Vec::new(),
            },
            section,
            offset,
            depth,
        }
    }
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
        // Room for a heading per 100 bytes, about what a law holds (the 500-article act: one per
        // 113): growing by doubling from empty copied the drafts 13 times, 5.5 MB in all, and
        // the hash map rehashed as often. Pages reserved and never written cost nothing.
        let headings = input.len() / 100;
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
            drafts: Vec::with_capacity(headings),
            stack: Vec::new(),
            roots: Vec::new(),
            seen: PrehashedMap::with_capacity_and_hasher(headings, BuildHasherDefault::default()),
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
            seen_headings: Vec::with_capacity(headings),
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
                    .is_some_and(|d| self.layout.unlabelled.contains(&d.unit.line))
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
                    && (d.unit.body.is_empty()
                        || !d.unit.body.contains('\n') && is_all_caps(&d.unit.body))
            })
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
                    d.unit.heading = Some(t.to_owned());
                }
                return;
            }
            Title::Continue(i) if is_all_caps(t) => {
                if let Some(h) = self.drafts.get_mut(i).and_then(|d| d.unit.heading.as_mut()) {
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
                        d.unit.heading = Some(t.to_owned());
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
                    if !d.unit.body.is_empty() {
                        d.unit.body.push('\n');
                    }
                    self.last_text = Some((number, Some(*i), d.unit.body.len()));
                    d.unit.body.push_str(t);
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
