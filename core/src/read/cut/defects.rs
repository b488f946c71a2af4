//! One diagnostic per defect of the source, with the edit that would fix it.
//!
//! A single defect of a published text — a heading lost by the crawl, a misspelt label, a
//! clause number typed twice — makes the cut report every unit after it: a missing `Điều 31.`
//! leaves the clauses of Điều 31 inside Điều 30, where each repeats a number already taken.
//! This pass, run once over the finished cut, replaces such a cascade by the one finding an
//! editor can act on, at its line, with a proposed [`Repair`] where the fix is clear:
//!
//! - **`missing-heading`** (error): citation roots skip numbers (`Điều 32` after `Điều 30`)
//!   and, in between, the children of the last one start again at their first number
//!   (`1.` once more) exactly as many times as numbers are skipped. Each restart is where a
//!   heading was lost; the repair inserts the headings (`Điều 31.`) before those lines, and
//!   the editor adds their titles. One lost heading printed at the end of a line before its
//!   first clause (`… này."Điều 3. Điều khoản chuyển tiếp`) is named there instead, and the
//!   repair breaks that line. With no clause numbers starting again, one lost heading
//!   (`Điều 3` after `Điều 1`) is still named where it shows: printed at the end of a line,
//!   right after a closing quotation mark, a site note's `]` or a title in capitals
//!   (`… về giá.”Điều 2.`; the repair breaks the line), or followed by a title in capitals to
//!   the end of its line after any text (`… 15/08/2025] Chương II QUY ĐỊNH CHI TIẾT …`), or
//!   before the first clause `1.` of the article before it, which comes after text that does
//!   not introduce it (no `:`; the repair inserts the heading). Otherwise the gap stays an
//!   `ordinal-gap` warning. Numbers left out under a unit printed after the lost heading are
//!   not its doing and are named on their own. With fewer restarts than lost
//!   headings, the lost articles with no clauses can only start at an unnumbered paragraph
//!   with nothing numbered after it up to the next heading: when there are exactly as many
//!   such lines as articles left, the repair inserts every heading; otherwise the run is named
//!   once, saying the text does not place them.
//!   Division labels lost before their titles in capitals (`Chương I` gone, `NHỮNG QUY ĐỊNH
//!   CHUNG` alone before `Điều 1.`) are named at the titles when the printed numbers skip
//!   exactly as many as there are such titles (and `Mục 1` on the second line of a lost
//!   chapter's two-line title when its `Mục 2` is orphaned); the repair inserts the label.
//! - **`misprinted-heading`** (error): the one skipped number's heading printed as another
//!   type prints its number: as a sibling type's (`30.` where sections print `29`), or as a
//!   lower level's (`(1) Establishment and incorporation of …`, titled like the headings
//!   around it and followed by its text, first in the gap before a run of orphaned
//!   provisions); the repair prints the number as the missing heading's (`30`, `3.`).
//! - **`misspelt-heading`** (error): the skipped number stands on a line the vocabulary could
//!   not read, after a word one letter away from the label (`Điền 25.` for `Điều 25.`); the
//!   repair corrects the word. The orphaned clauses after it are not reported again.
//! - **`duplicate-ordinal`** with a repair: a single repeated number among its siblings whose
//!   next number is free (`1.` … `1.` in Điều 32) reads as that next number (`2.`); when the
//!   first of the two stands between neighbours whose one missing number is free (`b) e) d)`),
//!   that first one is the misprint (`e)` for `c)`).
//!   A repeated number whose title is in capitals, right after a line that ends with a
//!   division's label (`… NĐ-CP. Mục` / `2. BỒI THƯỜNG VỀ ĐẤT`), is that division's heading
//!   split by a line break (`missing-heading`): the repair moves the label to its number.
//!   So is such a clause whose number repeats none (the first `Mục` after an article with no
//!   clauses, cut as its clause `1.` with no other trace) when an article follows it, and
//!   such an orphaned clause (right after a chapter's heading, where no article holds it).
//!   Repeated numbers after a line ending with a clause's bare number (`… 01/07/2025] 2.`,
//!   `| 1:1.000.000 | 100 | 10.000 | 3.`), free and in sequence there, its text starting the
//!   next line, are that clause's (`missing-heading`): the crawl lost the line break before
//!   the number; the repair breaks the line there.
//!   A clause `1. … như sau:` followed on the next lines by `1.`, `2.`, … to the end of its
//!   unit is a list it announces, numbered like the clauses: the repair letters it `a)`, `b)`, ….
//! - **`stray-quote`** (error): a closing mark ends a line and the quotation closes again
//!   further on with none open (`…”.` twice), and the quoted text between was cut as units that
//!   misfit (numbers the quoting text's own clauses then repeat, or an article out of sequence,
//!   `Điều 28b` between `Điều 12` and `Điều 13`); the repair deletes the early mark.
//! - **`repeated-numbering`** (error): a run of repeated numbers with no such explanation
//!   (`1. 2. 3.` again in one article) is named once, not once per number.
//!
//! Nothing here changes the units: the text is what is governed, so a repair is only proposed.

// The finders and repairs, a file for each kind of defect.
mod gaps;
mod glued;
mod inner_list;
mod lost_labels;
mod misprinted;
mod repeated;
mod restarts;
mod split_headings;
mod stray_quotes;

use super::codes;
use super::segmenter::LeftOut;
use super::sequence::{rank, show, Alphabet, Rank};
use crate::store::unit::CutUnit;
use crate::text::bytes::line_starts;
use crate::text::diagnostic::{Diagnostic, Severity};
use crate::text::fold::nfc;
use crate::text::vocabulary::{SectionType, Vocabulary};

// A gap is read as lost headings only when the children restart inside it; wider than this it
// is a different numbering, not a defect of one text.
const MAX_MISSING: u32 = 500;
// A heading's title is at most this many words (Kenya 1997 s. 3's has eight).
const TITLE_WORDS: usize = 16;
// A run of repeated numbers is quoted up to this many.
const QUOTED_NUMBERS: usize = 12;

/// The numbers of repeated headings as written, for a message: the first [`QUOTED_NUMBERS`],
/// then `…` when there are more.
fn quoted_numbers<'a>(repeats: &[&'a LeftOut]) -> Vec<&'a str> {
    let mut written: Vec<&str> = repeats
        .iter()
        .take(QUOTED_NUMBERS)
        .map(|l| l.written.as_str())
        .collect();
    if repeats.len() > QUOTED_NUMBERS {
        written.push("…");
    }
    written
}

pub(super) fn name_defects(
    text: &str,
    vocabulary: &Vocabulary,
    units: &[CutUnit],
    sections: &[usize],
    left_out: &[LeftOut],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let defects = Defects {
        text,
        starts: line_starts(text),
        types: &vocabulary.section_types,
        alphabet: Alphabet::for_language(&vocabulary.language),
        units,
        sections,
        left_out,
    };
    // A division's heading split so that it reads as a clause may leave no other trace.
    let mut found = defects.split_clauses();
    // A gap in the citation roots (a warning) may be a heading lost with no other trace.
    if diagnostics.iter().all(|d| {
        d.severity != Severity::Error
            && d.code != codes::ORDINAL_GAP
            && d.code != codes::ORDINAL_OUT_OF_ORDER
    }) {
        diagnostics.extend(found);
        diagnostics.sort_by_key(|d| (d.line, d.column));
        return;
    }
    let mut absorbed = vec![false; diagnostics.len()];
    let mut explained = vec![false; left_out.len()];
    defects.stray_close(diagnostics, &mut absorbed, &mut explained, &mut found);
    for root in 0..vocabulary.section_types.len() {
        if defects.numbers_provisions(root) {
            defects.root_gaps(root, diagnostics, &mut absorbed, &mut explained, &mut found);
        }
    }
    defects.repeated_children(diagnostics, &mut absorbed, &explained, &mut found);
    defects.lost_labels(diagnostics, &mut absorbed, &mut found);
    defects.split_orphans(diagnostics, &mut absorbed, &mut found);
    let mut i = 0;
    diagnostics.retain(|_| {
        i += 1;
        !absorbed[i - 1]
    });
    diagnostics.extend(found);
    diagnostics.sort_by_key(|d| (d.line, d.column));
}

struct Defects<'a> {
    text: &'a str,
    // Byte offsets where each line starts (line 1 at index 0), found once for every rule.
    starts: Vec<usize>,
    types: &'a [SectionType],
    alphabet: Alphabet,
    units: &'a [CutUnit],
    // The vocabulary index of each unit's type, as the pass cut it.
    sections: &'a [usize],
    left_out: &'a [LeftOut],
}

impl Defects<'_> {
    /// A citation root with children that are not roots: Điều, sections (not Phần or Chương).
    fn numbers_provisions(&self, root: usize) -> bool {
        let Some(t) = self.types.get(root) else {
            return false;
        };
        t.citation_root
            && self
                .types
                .iter()
                .any(|c| !c.citation_root && c.parents.contains(&t.code))
    }

    fn rank_of(&self, section: usize, ordinal: &str) -> Option<Rank> {
        let t = self.types.get(section)?;
        rank(t.ordinal_style, self.alphabet, ordinal)
    }

    /// The type of the unit at `index`: what the rules that read every unit ask.
    fn section(&self, index: usize) -> Option<usize> {
        self.sections.get(index).copied()
    }

    /// The type of `unit`, found by its code: for the rules that run only on a defect.
    fn section_of(&self, unit: &CutUnit) -> Option<usize> {
        // Codes are unique (`Vocabulary::check`), and a vocabulary has a dozen types or so: a
        // scan beats hashing the code, asked twice of every unit.
        self.types.iter().position(|t| t.code == unit.section_type)
    }

    /// `Điều 32` as a person cites the unit.
    fn cited(&self, unit: usize) -> String {
        let Some(u) = self.units.get(unit) else {
            return String::new();
        };
        let Some(t) = self.section_of(u).and_then(|s| self.types.get(s)) else {
            return u.ordinal.to_string();
        };
        format!("{} {}", t.label, self.written(t, &u.ordinal))
    }

    // The ordinal as printed: `IV` for a Roman chapter, `đ` for the point `dd`.
    fn written(&self, t: &SectionType, ordinal: &str) -> String {
        match rank(t.ordinal_style, self.alphabet, ordinal) {
            Some(r) if r.suffix().is_empty() => show(t.ordinal_style, self.alphabet, r.base()),
            _ => ordinal.to_owned(),
        }
    }

    // The heading line of `t` numbered `n`, as its first pattern prints it (`Điều 31.`).
    fn heading_line(&self, t: &SectionType, n: u32) -> String {
        let pattern = t.heading_patterns().next().unwrap_or("{ordinal}");
        let number = show(t.ordinal_style, self.alphabet, n);
        pattern
            .replace("{ordinal}", &number)
            .replace("{title}", "")
            .trim_end()
            .to_owned()
    }

    // The 1-based column (in characters) of `offset` on `line`.
    fn location(&self, offset: usize, _line: u32) -> u32 {
        let start = self.line_start(offset);
        u32::try_from(
            self.text
                .get(start..offset)
                .unwrap_or_default()
                .chars()
                .count()
                + 1,
        )
        .unwrap_or(1)
    }

    fn cited_unit(&self, unit: &CutUnit) -> String {
        self.units
            .iter()
            .position(|u| std::ptr::eq(u, unit))
            .map(|i| self.cited(i))
            .unwrap_or_default()
    }

    // The byte offset where the line holding `offset` starts.
    fn line_start(&self, offset: usize) -> usize {
        let head = self.text.get(..offset).unwrap_or_default();
        head.rfind(['\n', '\r']).map_or(0, |i| i + 1)
    }
}

// A title in capitals (`BỒI THƯỜNG VỀ ĐẤT`): two letters or more, none in lower case.
fn in_capitals(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !s.chars().any(char::is_lowercase)
}

// The last `n` characters of `s`, to quote where a line ends.
// `once`, `twice`, `3 times`.
fn times(n: usize) -> String {
    match n {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        _ => format!("{n} times"),
    }
}

fn tail(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    s.char_indices()
        .nth(count.saturating_sub(n))
        .map_or(s, |(i, _)| s.get(i..).unwrap_or(s))
}

// The byte length of the start of `s` that reads as `target` once composed (NFC), if any.
fn nfc_prefix(s: &str, target: &str) -> Option<usize> {
    let first = target.chars().next()?;
    if !s.starts_with(first) {
        return None;
    }
    // A composed character decomposes into at most a few; four times the bytes is ample.
    let limit = target.len().saturating_mul(4);
    s.char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take_while(|end| *end <= limit)
        .find(|end| {
            let composed = nfc(s.get(..*end).unwrap_or_default());
            composed == target
                && !s
                    .get(*end..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(unicode_normalization::char::is_combining_mark)
        })
}
