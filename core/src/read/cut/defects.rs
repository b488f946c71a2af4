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

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

use super::codes;
use super::lines::Location;
use super::segmenter::LeftOut;
use super::sequence::{rank, show, Alphabet, Rank};
use crate::store::unit::CutUnit;
use crate::text::diagnostic::{Diagnostic, Repair, Severity};
use crate::text::vocabulary::{SectionType, Vocabulary};

// A gap is read as lost headings only when the children restart inside it; wider than this it
// is a different numbering, not a defect of one text.
const MAX_MISSING: u32 = 500;
// A heading's title is at most this many words (Kenya 1997 s. 3's has eight).
const TITLE_WORDS: usize = 16;
// A run of repeated numbers is quoted up to this many.
const QUOTED_NUMBERS: usize = 12;

pub(super) fn name_defects(
    text: &str,
    vocabulary: &Vocabulary,
    units: &[CutUnit],
    left_out: &[LeftOut],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let defects = Defects {
        text,
        starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        types: &vocabulary.section_types,
        alphabet: Alphabet::for_language(&vocabulary.language),
        units,
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
            return u.ordinal.clone();
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

    fn root_gaps(
        &self,
        root: usize,
        diagnostics: &[Diagnostic],
        absorbed: &mut [bool],
        explained: &mut [bool],
        found: &mut Vec<Diagnostic>,
    ) {
        let Some(t) = self.types.get(root) else {
            return;
        };
        let mut previous: Option<(usize, Rank)> = None;
        for (index, unit) in self.units.iter().enumerate() {
            if unit.section_type != t.code {
                continue;
            }
            let Some(current) = self.rank_of(root, &unit.ordinal) else {
                continue;
            };
            if let Some((prev, prev_rank)) = &previous {
                let (from, to) = (prev_rank.base() + 1, current.base().saturating_sub(1));
                if current.suffix().is_empty() && from <= to && to - from < MAX_MISSING {
                    self.one_gap(
                        t,
                        *prev,
                        index,
                        from,
                        to,
                        diagnostics,
                        absorbed,
                        explained,
                        found,
                    );
                }
            }
            previous = Some((index, current));
        }
    }

    /// Roots `from..=to` are missing between the units `prev` and `next`.
    #[allow(clippy::too_many_arguments)]
    fn one_gap(
        &self,
        t: &SectionType,
        prev: usize,
        next: usize,
        from: u32,
        to: u32,
        diagnostics: &[Diagnostic],
        absorbed: &mut [bool],
        explained: &mut [bool],
        found: &mut Vec<Diagnostic>,
    ) {
        let (Some(p), Some(n)) = (self.units.get(prev), self.units.get(next)) else {
            return;
        };
        let (after, before) = (p.line, n.line);
        let inside = |line: u32| line > after && line < before;
        let count = to - from + 1;
        let absorb = |absorbed: &mut [bool], codes_: &[&str]| {
            for (i, d) in diagnostics.iter().enumerate() {
                let gap_warning = d.code == codes::ORDINAL_GAP && d.line == before;
                if gap_warning || (inside(d.line) && codes_.contains(&d.code)) {
                    absorbed[i] = true;
                }
            }
        };
        // A misspelt label on the line of the one missing number.
        if count == 1 {
            if let Some((d, repair, word)) = diagnostics
                .iter()
                .filter(|d| d.code == codes::UNKNOWN_HEADING && inside(d.line))
                .find_map(|d| self.misspelt(t, from, d).map(|(r, w)| (d, r, w)))
            {
                let heading = self.heading_line(t, from);
                let message = format!(
                    "'{word}' reads as '{}': the heading {heading} is misspelt, so {} {from} was not cut and its text went into {}",
                    t.label,
                    t.label,
                    self.cited(prev)
                );
                found.push(Diagnostic {
                    severity: Severity::Error,
                    code: codes::MISSPELT_HEADING,
                    message,
                    line: d.line,
                    column: d.column,
                    offset: d.offset,
                    hint: format!("correct '{word}' to '{}'", t.label),
                    repair: Some(repair),
                });
                absorb(
                    absorbed,
                    &[
                        codes::ORPHAN_UNIT,
                        codes::DUPLICATE_ORDINAL,
                        codes::UNKNOWN_HEADING,
                    ],
                );
                self.explain(inside, explained);
                return;
            }
        }
        // The first missing number printed the way a sibling type prints its heading (`30. to
        // 32 [Repealed …]` among sections printed `29 (1) …`, `33 …`), the first of that type.
        if let Some(d) = self.misprinted_as_sibling(t, from, prev, next) {
            found.push(d);
            absorb(
                absorbed,
                &[
                    codes::ORDINAL_GAP,
                    codes::ORPHAN_UNIT,
                    codes::DUPLICATE_ORDINAL,
                ],
            );
            self.explain(inside, explained);
            return;
        }
        // The one missing number's heading printed with a lower level's number (`(1)
        // Establishment and incorporation of …` between sections 2 and 4).
        if count == 1 {
            if let Some(d) = self.heading_numbered_as_child(t, from, prev, next, diagnostics) {
                found.push(d);
                absorb(absorbed, &[codes::ORPHAN_UNIT]);
                self.explain(inside, explained);
                return;
            }
        }
        // Several lost headings, each printed at the end of a line after a closing quotation
        // mark or a title in capitals, in order (Nghị định 102/2021: `… tổ chức."Điều 4. Sửa
        // đổi, bổ sung …` for each of its amending articles): each is named where it is.
        if count > 1 {
            let mut glued = Vec::new();
            let mut from_line = after;
            for k in from..=to {
                match self.glued(t, k, from_line, before, prev) {
                    Some(d) => {
                        from_line = d.line;
                        glued.push(d);
                    }
                    None => break,
                }
            }
            if glued.len() == usize::try_from(count).unwrap_or(0) {
                let lost = glued.first().map_or(after, |d| d.line);
                found.extend(glued);
                self.absorb_lost(lost, after, before, diagnostics, absorbed, explained);
                return;
            }
        }
        // The children of `prev` start again at their first number, once per lost heading.
        let restarts: Vec<&LeftOut> = self
            .left_out
            .iter()
            .filter(|l| l.parent == Some(prev) && inside(l.at.line))
            .filter(|l| {
                self.rank_of(l.section, &l.ordinal)
                    .is_some_and(|r| r.base() == 1 && r.suffix().is_empty())
            })
            .collect();
        let Some(first) = restarts.first() else {
            // No clause numbers start again: one lost heading may still show, glued to the
            // end of the line before it or before its first clause.
            if count == 1 {
                if let Some(d) = self.glued(t, from, after, before, prev) {
                    self.absorb_lost(d.line, after, before, diagnostics, absorbed, explained);
                    found.push(d);
                } else if let Some(d) = self.late_first_child(t, from, prev, next) {
                    found.push(d);
                    absorb(absorbed, &[codes::DUPLICATE_ORDINAL, codes::ORPHAN_UNIT]);
                    self.explain(inside, explained);
                }
            }
            return;
        };
        // The one lost heading printed at the end of a line before its first clause (`… Nghị
        // định này."Điều 3. Điều khoản chuyển tiếp`): that line is where it is, and breaking
        // it also gives the article its title.
        if count == 1 {
            if let Some(d) = self.glued(t, from, after, first.at.line, prev) {
                self.absorb_lost(d.line, after, before, diagnostics, absorbed, explained);
                found.push(d);
                return;
            }
        }
        let restart_lines: Vec<u32> = restarts.iter().map(|l| l.at.line).collect();
        // Fewer restarts than lost headings: the rest belong to articles with no numbered
        // clauses. Where each can stand is decided by elimination (`paragraph_articles`).
        let extra = if restarts.len() < usize::try_from(count).unwrap_or(0) {
            self.paragraph_articles(t, after, before, &restart_lines)
        } else {
            Vec::new()
        };
        let mut positions: Vec<u32> = restart_lines.iter().chain(&extra).copied().collect();
        positions.sort_unstable();
        if positions.len() != usize::try_from(count).unwrap_or(0) {
            // Lost headings, but not one per restart (some lost articles had no numbered
            // clauses), and the text leaves more than one place for them (an unnumbered
            // paragraph after an article's clauses is as often its own last paragraph as a new
            // article): named once for the run, with no edit to propose.
            let child = self
                .types
                .get(first.section)
                .map_or("", |c| c.label.as_str());
            found.push(Diagnostic {
                severity: Severity::Error,
                code: codes::MISSING_HEADING,
                message: format!(
                    "{count} headings, {} {from} to {} {to}, seem missing between line {after} and line {before} (the next heading is {}): the {child} numbers of {} start again only {} there (first at line {}), so some lost articles have no numbered {child}, and the text does not say where those start; the text between was read as part of {}, and the titles are lost with the headings",
                    t.label,
                    t.label,
                    self.cited(next),
                    self.cited(prev),
                    times(restarts.len()),
                    first.at.line,
                    self.cited(prev)
                ),
                line: first.at.line,
                column: first.at.column,
                offset: first.at.offset,
                hint: format!(
                    "restore the headings {} {from} to {} {to} and their titles from the official text",
                    t.label, t.label
                ),
                repair: None,
            });
            // A clause list the cut took for a second list inside a clause (`list-in-text`) is
            // there only because the article it opens lost its heading.
            absorb(
                absorbed,
                &[
                    codes::DUPLICATE_ORDINAL,
                    codes::ORPHAN_UNIT,
                    codes::LIST_IN_TEXT,
                ],
            );
            self.explain(inside, explained);
            return;
        }
        let headings: Vec<String> = (from..=to).map(|k| self.heading_line(t, k)).collect();
        let eol = if self.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let line_starts = &self.starts;
        let starts: Vec<usize> = positions
            .iter()
            .filter_map(|l| {
                line_starts
                    .get(usize::try_from(*l).ok()?.checked_sub(1)?)
                    .copied()
            })
            .collect();
        if starts.len() != positions.len() {
            return;
        }
        let span_start = starts.first().copied().unwrap_or(0);
        let span_end = starts.last().copied().unwrap_or(span_start);
        let mut replacement = String::new();
        for (k, start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(span_end);
            replacement.push_str(headings.get(k).map_or("", String::as_str));
            replacement.push_str(eol);
            replacement.push_str(self.text.get(*start..end).unwrap_or_default());
        }
        let child = self
            .types
            .get(first.section)
            .map_or("", |c| c.label.as_str());
        let (message, description) = if count == 1 {
            (
                format!(
                    "a heading {} seems missing before line {}: the {child} numbers of {} start again at {} there, and the next heading is {}",
                    headings.first().map_or("", String::as_str),
                    first.at.line,
                    self.cited(prev),
                    first.written,
                    self.cited(next)
                ),
                format!("insert the heading {} before line {}", headings.first().map_or("", String::as_str), first.at.line),
            )
        } else if extra.is_empty() {
            let last = restarts.last().map_or(first.at.line, |l| l.at.line);
            (
                format!(
                    "{count} headings, {} {from} to {} {to}, seem missing between line {} and line {}: the {child} numbers of {} start again {count} times there (first at line {}, last at line {last}), and the next heading is {}",
                    t.label,
                    t.label,
                    after,
                    before,
                    self.cited(prev),
                    first.at.line,
                    self.cited(next)
                ),
                format!("insert the headings {} to {} where the numbers start again", headings.first().map_or("", String::as_str), headings.last().map_or("", String::as_str)),
            )
        } else {
            let lines = |ls: &[u32]| ls.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
            (
                format!(
                    "{count} headings, {} {from} to {} {to}, seem missing between line {after} and line {before} (the next heading is {}): the {child} numbers of {} start again {} there (line {}), and the other {} no numbered {child}: an article can start without one only at line {}, an unnumbered paragraph after the last {child}, not announced by it, with no numbered {child} after it",
                    t.label,
                    t.label,
                    self.cited(next),
                    self.cited(prev),
                    times(restarts.len()),
                    lines(&restart_lines),
                    if extra.len() == 1 { "lost article has".to_owned() } else { format!("{} lost articles have", extra.len()) },
                    lines(&extra),
                ),
                format!(
                    "insert the headings {} to {} before lines {}",
                    headings.first().map_or("", String::as_str),
                    headings.last().map_or("", String::as_str),
                    lines(&positions)
                ),
            )
        };
        found.push(Diagnostic {
            severity: Severity::Error,
            code: codes::MISSING_HEADING,
            message,
            line: first.at.line,
            column: 1,
            offset: span_start,
            hint: format!("{description}, then give each its title from the official text"),
            repair: Some(Repair {
                offset: span_start,
                length: span_end - span_start,
                replacement,
                description,
            }),
        });
        absorb(absorbed, &[codes::DUPLICATE_ORDINAL, codes::ORPHAN_UNIT]);
        self.explain(inside, explained);
    }

    /// Division labels the crawl lost, their titles kept: `Chương I`, `Chương II` gone, and
    /// `NHỮNG QUY ĐỊNH CHUNG` in capitals standing alone before `Điều 1.`. A division's
    /// numbers skipped between two printed ones (or before the first) are placed on the titles
    /// standing bare in that stretch (`bare_titles`) when there are exactly as many: each is
    /// named at its title's line, and the repair inserts the label before it. A lower
    /// division (`Mục 2`) found outside any chapter stands in the last chapter named before it;
    /// a chapter divided into Mục has all its articles in them, so its first Mục (`Mục 1`)
    /// stands right after the chapter's title, before its first article: when the bare title
    /// there is two lines, the second is the first Mục's title, and is named too. A label
    /// that explains an error (the orphaned Mục) is an error; the others replace the warning
    /// of the gap, as warnings.
    fn lost_labels(
        &self,
        diagnostics: &[Diagnostic],
        absorbed: &mut [bool],
        found: &mut Vec<Diagnostic>,
    ) {
        // The article: the lowest citation root numbering provisions (Điều, not Chương, whose
        // Mục are no citation roots).
        let Some(article_level) = (0..self.types.len())
            .filter(|&r| self.numbers_provisions(r))
            .filter_map(|r| self.types.get(r).map(|t| t.level))
            .max()
        else {
            return;
        };
        let lines: Vec<&str> = self.text.lines().collect();
        let line_text = |n: u32| -> &str {
            usize::try_from(n)
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| lines.get(i).copied())
                .unwrap_or("")
        };
        let titles = self.bare_titles(&lines, article_level);
        if titles.is_empty() {
            return;
        }
        let line_starts = &self.starts;
        let eol = if self.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        // (line, type, number, explains an error, why) of each lost label placed.
        let mut placed: Vec<(u32, usize, u32, bool, String)> = Vec::new();
        let mut gaps_closed: Vec<u32> = Vec::new();
        for (division, t) in self.types.iter().enumerate() {
            if t.level >= article_level || t.label.is_empty() {
                continue;
            }
            let printed: Vec<(u32, u32)> = self
                .units
                .iter()
                .filter(|u| u.section_type == t.code)
                .filter_map(|u| {
                    let r = self.rank_of(division, &u.ordinal)?;
                    r.suffix().is_empty().then(|| (u.line, r.base()))
                })
                .collect();
            // Numbered once through the text (not again in each part).
            if printed.is_empty() || printed.windows(2).any(|w| w[1].1 <= w[0].1) {
                continue;
            }
            let mut from = (0, 0);
            for &(line, n) in &printed {
                let missing = n.saturating_sub(from.1 + 1);
                let bare: Vec<&(u32, u32)> = titles
                    .iter()
                    .filter(|(at, _)| *at > from.0 && *at < line)
                    .collect();
                if missing > 0 && bare.len() == usize::try_from(missing).unwrap_or(0) {
                    let next = self.heading_line(t, n);
                    let first = self.heading_line(t, from.1 + 1);
                    for (k, (at, _)) in bare.iter().enumerate() {
                        let k = u32::try_from(k).unwrap_or(0);
                        let why = if missing == 1 {
                            format!("the {} printed skip {first} before {next} (line {line}), and this is the one title standing so before it", t.label)
                        } else {
                            format!("the {} printed skip {first} to {} before {next} (line {line}), and this is title {} of the {missing} standing so before it, in order", t.label, self.heading_line(t, n - 1), k + 1)
                        };
                        placed.push((*at, division, from.1 + 1 + k, false, why));
                    }
                    gaps_closed.push(line);
                }
                from = (line, n);
            }
        }
        // A lower division printed outside any higher one (`Mục 2 is not inside any Chương`).
        for (i, d) in diagnostics.iter().enumerate() {
            if d.code != codes::ORPHAN_UNIT {
                continue;
            }
            let Some((lower, n)) = self.division_label(line_text(d.line), article_level) else {
                continue;
            };
            let Some(m) = self.types.get(lower) else {
                continue;
            };
            // The chapter it stands in: the last label placed before it, of one of its parents.
            let Some(chapter) = placed
                .iter()
                .map(|p| (p.0, p.1, p.2))
                .filter(|p| p.0 < d.line)
                .filter(|p| {
                    self.types
                        .get(p.1)
                        .is_some_and(|c| m.parents.contains(&c.code))
                })
                .max_by_key(|p| p.0)
            else {
                continue;
            };
            let run = titles
                .iter()
                .find(|(at, _)| *at == chapter.0)
                .map_or(0, |(_, len)| *len);
            // Nothing of its own kind between the chapter and it: it is the chapter's second.
            let between = self
                .units
                .iter()
                .any(|u| u.section_type == m.code && u.line > chapter.0 && u.line < d.line);
            if n != 2 || run != 2 || between {
                continue;
            }
            for p in placed.iter_mut().filter(|p| p.0 == chapter.0) {
                p.3 = true;
            }
            let chapter_label = self
                .types
                .get(chapter.1)
                .map(|c| self.heading_line(c, chapter.2))
                .unwrap_or_default();
            let why = format!(
                "{} (line {}) stands in {chapter_label} (line {}), whose label is lost too, with no {} before it: that chapter is divided into {}, so its first articles are in {}, whose title in capitals stands right after the chapter's (line {}), before its first article",
                self.heading_line(m, n),
                d.line,
                chapter.0,
                self.heading_line(m, 1),
                m.label,
                self.heading_line(m, 1),
                chapter.0
            );
            placed.push((chapter.0 + 1, lower, 1, true, why));
            absorbed[i] = true;
        }
        if placed.is_empty() {
            return;
        }
        for (i, d) in diagnostics.iter().enumerate() {
            if d.code == codes::ORDINAL_GAP && gaps_closed.contains(&d.line) {
                absorbed[i] = true;
            }
        }
        placed.sort_by_key(|p| p.0);
        for (line, division, n, explains, why) in placed {
            let Some(t) = self.types.get(division) else {
                continue;
            };
            let Some(&offset) = usize::try_from(line)
                .ok()
                .and_then(|l| l.checked_sub(1))
                .and_then(|l| line_starts.get(l))
            else {
                continue;
            };
            let label = self.heading_line(t, n);
            let title = line_text(line).trim();
            let description = format!("insert the label {label} before line {line}");
            found.push(Diagnostic {
                severity: if explains { Severity::Error } else { Severity::Warning },
                code: codes::MISSING_HEADING,
                message: format!(
                    "the label {label} seems lost before line {line}: '{}' is a title in capitals standing alone, with no label before it and a heading after it; {why}",
                    tail(title, 48)
                ),
                line,
                column: 1,
                offset,
                hint: format!("{description}: a line the source lost"),
                repair: Some(Repair {
                    offset,
                    length: 0,
                    replacement: format!("{label}{eol}"),
                    description,
                }),
            });
        }
    }

    /// A division's label and arabic number opening `line` (`Mục 2`), cut or not (an
    /// orphaned one is text): its type and number.
    fn division_label(&self, line: &str, article_level: u32) -> Option<(usize, u32)> {
        let line = line.trim();
        self.types.iter().enumerate().find_map(|(k, m)| {
            if m.level >= article_level || m.label.is_empty() {
                return None;
            }
            let rest = line.strip_prefix(m.label.as_str())?;
            let rest = rest.strip_prefix(char::is_whitespace)?.trim_start();
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let n: u32 = digits.parse().ok()?;
            Some((k, n))
        })
    }

    /// Titles in capitals standing alone, as a lost label leaves them: runs of one to three
    /// lines in capitals, none of them a unit's line, not right after a division's heading
    /// (whose title they would be), and right before an article's or a division's heading.
    /// (line of the first, number of lines).
    fn bare_titles(&self, lines: &[&str], article_level: u32) -> Vec<(u32, u32)> {
        let mut at_line: BTreeMap<u32, u32> = BTreeMap::new();
        for u in self.units {
            if let Some(t) = self.section_of(u).and_then(|s| self.types.get(s)) {
                at_line.entry(u.line).or_insert(t.level);
            }
        }
        // A line in capitals that starts with a label (`SUBCHAPTER I—GENERAL`) is a heading
        // printed with its label, not a title that lost it.
        let labels: Vec<String> = self
            .types
            .iter()
            .filter(|t| !t.label.is_empty())
            .map(|t| t.label.to_lowercase())
            .collect();
        let capitals = |l: &str| {
            let l = l.trim();
            let lower = l.to_lowercase();
            l.chars().filter(|c| c.is_alphabetic()).count() >= 4
                && !l.chars().any(char::is_lowercase)
                && l.starts_with(char::is_alphabetic)
                && !labels.iter().any(|label| {
                    lower
                        .strip_prefix(label.as_str())
                        .is_some_and(|rest| !rest.starts_with(char::is_alphabetic))
                })
        };
        let mut found = Vec::new();
        let mut n = 0;
        while n < lines.len() {
            let line = u32::try_from(n + 1).unwrap_or(u32::MAX);
            if at_line.contains_key(&line) || !capitals(lines.get(n).copied().unwrap_or("")) {
                n += 1;
                continue;
            }
            let mut end = n;
            while end + 1 < lines.len()
                && capitals(lines.get(end + 1).copied().unwrap_or(""))
                && !at_line.contains_key(&u32::try_from(end + 2).unwrap_or(u32::MAX))
            {
                end += 1;
            }
            let len = u32::try_from(end - n + 1).unwrap_or(u32::MAX);
            let previous = (1..line)
                .rev()
                .find(|k| {
                    lines
                        .get(usize::try_from(*k).unwrap_or(0).saturating_sub(1))
                        .is_some_and(|l| !l.trim().is_empty())
                })
                .is_some_and(|k| {
                    at_line.get(&k).is_some_and(|level| *level < article_level)
                        || self
                            .division_label(
                                lines
                                    .get(usize::try_from(k).unwrap_or(0).saturating_sub(1))
                                    .copied()
                                    .unwrap_or(""),
                                article_level,
                            )
                            .is_some()
                });
            let next = (line + len..)
                .take_while(|k| usize::try_from(*k).is_ok_and(|k| k <= lines.len()))
                .find(|k| {
                    lines
                        .get(usize::try_from(*k).unwrap_or(0).saturating_sub(1))
                        .is_some_and(|l| !l.trim().is_empty())
                })
                .and_then(|k| at_line.get(&k))
                .is_some_and(|level| *level <= article_level);
            if len <= 3 && !previous && next {
                found.push((line, len));
            }
            n = end + 1;
        }
        found
    }

    /// Where lost articles with no numbered clauses can start, between the headings on lines
    /// `after` and `before` whose clause numbers start again at `restarts`: an article's first
    /// line is its own text or its clause `1.`, never a later clause or a point, and it cannot
    /// leave the article before it empty. So such an article starts at an unnumbered
    /// paragraph (capitalised, after a line that ends a sentence, not one ending `:` that
    /// announces it) with no numbered line after it up to the next heading (a clause after it
    /// would be numbered on, or start again, where the lost heading would stand instead).
    /// Every such line is returned; the caller proposes them only when there are exactly as
    /// many as lost articles, so that no other placement is possible. (An unnumbered paragraph
    /// after an article's last clause is not by itself a new article: in the corpora's whole
    /// texts, about one article with clauses in eleven ends with one.)
    fn paragraph_articles(
        &self,
        t: &SectionType,
        after: u32,
        before: u32,
        restarts: &[u32],
    ) -> Vec<u32> {
        // Lines where something numbered starts: a unit of the text (a division ends the
        // stretch as a heading does) or a number left out.
        let mut numbered: BTreeMap<u32, bool> = BTreeMap::new();
        for u in self
            .units
            .iter()
            .filter(|u| u.line > after && u.line < before)
        {
            let division = self
                .section_of(u)
                .and_then(|s| self.types.get(s))
                .is_some_and(|c| c.level <= t.level);
            numbered.insert(u.line, division);
        }
        for l in self
            .left_out
            .iter()
            .filter(|l| l.at.line > after && l.at.line < before)
        {
            numbered.entry(l.at.line).or_insert(false);
        }
        for r in restarts {
            numbered.insert(*r, false);
        }
        let lines: Vec<&str> = self.text.lines().collect();
        let line = |n: u32| -> &str {
            usize::try_from(n)
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| lines.get(i).copied())
                .unwrap_or("")
        };
        let mut found = Vec::new();
        for n in after + 2..before {
            let text = line(n).trim();
            if numbered.contains_key(&n) || !text.starts_with(char::is_uppercase) {
                continue;
            }
            let Some(previous) = (after + 1..n)
                .rev()
                .map(|k| line(k).trim())
                .find(|l| !l.is_empty())
            else {
                continue;
            };
            if !previous.ends_with(['.', '”', '"']) {
                continue;
            }
            // Up to the next heading or division nothing numbered follows.
            let clause_after = numbered
                .range(n + 1..before)
                .next()
                .is_some_and(|(_, division)| !division);
            if !clause_after {
                found.push(n);
            }
        }
        found
    }

    /// The heading `Điều 2.` printed at the end of a line between `after` and `before`, right
    /// after a closing quotation mark (`… về giá.”Điều 2.`) or a title in capitals (`Chương II
    /// … QUỐC GIA Điều 9. Nguyên tắc …`), then nothing or a capitalised title: a line break
    /// the crawl lost. The repair breaks the line before it.
    fn glued(
        &self,
        t: &SectionType,
        n: u32,
        after: u32,
        before: u32,
        prev: usize,
    ) -> Option<Diagnostic> {
        let heading = self.heading_line(t, n);
        // Only a labelled heading (`Điều 2.`) says what it is; a bare `9` may be anything.
        if t.label.is_empty() || !heading.starts_with(t.label.as_str()) {
            return None;
        }
        let starts = &self.starts;
        for line in after + 1..before {
            let start = *starts.get(usize::try_from(line).ok()?.checked_sub(1)?)?;
            let text = self.text.get(start..)?.lines().next()?;
            // The crawl may print the label decomposed (`Điều` with a combining grave).
            let Some((at, len)) = text
                .char_indices()
                .skip(1)
                .find_map(|(i, _)| Some(i).zip(nfc_prefix(text.get(i..)?, &heading)))
            else {
                continue;
            };
            let head = text.get(..at)?.trim_end();
            let rest = text.get(at + len..)?;
            let title_follows = rest.trim().is_empty()
                || (rest.starts_with(char::is_whitespace)
                    && rest.trim_start().starts_with(char::is_uppercase));
            let last_word = head.rsplit(char::is_whitespace).next().unwrap_or("");
            // A quotation or a site note (`[… có hiệu lực từ ngày 15/08/2025]`) closes there.
            let closes = head.ends_with(['”', '"', '»', ']']);
            let capitals = last_word.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && last_word.chars().all(|c| !c.is_lowercase());
            // `… thu hồi đất. Chương II QUY ĐỊNH CHI TIẾT …`: a title in capitals to the end of
            // the line (or its site note) is a heading's, whatever text comes before it.
            let capital_title = rest.starts_with(char::is_whitespace)
                && in_capitals(rest.split('[').next().unwrap_or_default());
            if head.is_empty() || !(capital_title || (title_follows && (closes || capitals))) {
                continue;
            }
            let eol = if self.text.contains("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            let offset = start + head.len();
            let description = format!("break line {line} before {heading}");
            return Some(Diagnostic {
                severity: Severity::Error,
                code: codes::MISSING_HEADING,
                message: format!(
                    "the heading {heading} is printed on line {line} right after '{}', not on a line of its own, so it was not read as a heading: {} {} was not cut, its text went into what comes before it (after {})",
                    tail(head, 24),
                    t.label,
                    show(t.ordinal_style, self.alphabet, n),
                    self.cited(prev)
                ),
                line,
                column: u32::try_from(head.chars().count() + 1).unwrap_or(1),
                offset,
                hint: format!("{description}: a line break the source lost"),
                repair: Some(Repair {
                    offset,
                    length: at - head.len(),
                    replacement: eol.to_owned(),
                    description,
                }),
            });
        }
        None
    }

    /// One lost heading, with no clause numbers starting again because the unit before it had
    /// none: its own first clause `1.` comes after that unit's text, which does not introduce
    /// it (the line before ends a sentence, not with `:`). The repair inserts the heading
    /// before that clause.
    fn late_first_child(
        &self,
        t: &SectionType,
        n: u32,
        prev: usize,
        next: usize,
    ) -> Option<Diagnostic> {
        let p = self.units.get(prev)?;
        let (index, child) = self
            .units
            .iter()
            .enumerate()
            .skip(prev + 1)
            .find(|(_, u)| u.parent == Some(prev))?;
        // A clause numbered in the run of its text (`1.`, `(1)`), not a labelled heading such
        // as a subchapter, which may open after an introduction.
        let run_in = self
            .section_of(child)
            .and_then(|s| self.types.get(s))
            .and_then(|c| c.heading_patterns().next())
            .is_some_and(|p| p.trim_start_matches('(').starts_with("{ordinal}"));
        let first = run_in
            && self
                .section_of(child)
                .and_then(|s| self.rank_of(s, &child.ordinal))
                .is_some_and(|r| r.base() == 1 && r.suffix().is_empty());
        if !first || child.line <= p.line + 1 || index >= next {
            return None;
        }
        let starts = &self.starts;
        let at = *starts.get(usize::try_from(child.line).ok()?.checked_sub(1)?)?;
        let before_text = self.text.get(..at)?.trim_end();
        let ends_sentence = before_text.ends_with(['.', '”', '"', ';', ')']);
        if !ends_sentence {
            return None;
        }
        let heading = self.heading_line(t, n);
        let eol = if self.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let child_label = self
            .section_of(child)
            .and_then(|s| self.types.get(s))
            .map_or("", |c| c.label.as_str());
        let description = format!("insert the heading {heading} before line {}", child.line);
        Some(Diagnostic {
            severity: Severity::Error,
            code: codes::MISSING_HEADING,
            message: format!(
                "a heading {heading} seems missing before line {}: {} is missing, and there the {child_label} numbers start at {} after text of {} that does not introduce them",
                child.line,
                heading.trim_end_matches('.'),
                self.written(self.types.get(self.section_of(child)?)?, &child.ordinal),
                self.cited(prev)
            ),
            line: child.line,
            column: 1,
            offset: at,
            hint: format!("{description}, then give it its title from the official text"),
            repair: Some(Repair {
                offset: at,
                length: 0,
                replacement: format!("{heading}{eol}"),
                description,
            }),
        })
    }

    /// `1. … như sau:` then, on the next lines, `1.`, `2.`, …: the list the clause announces,
    /// numbered like the clauses themselves (the official text letters it). The repair letters
    /// it as the clause's points (`a)`, `b)`, …). `one` is the repeated `1.`; the run goes on
    /// while the following lines carry the next numbers, up to the next heading.
    fn inner_list(
        &self,
        t: &SectionType,
        parent: usize,
        one: &LeftOut,
        siblings: &[&CutUnit],
    ) -> Option<Diagnostic> {
        let rank_is = |u: &CutUnit, n: u32| {
            self.rank_of(self.section_of(u)?, &u.ordinal)
                .map(|r| r.base() == n && r.suffix().is_empty())
        };
        if self.rank_of(one.section, &one.ordinal)?.base() != 1 {
            return None;
        }
        let starts = &self.starts;
        let line_text = |line: u32| -> Option<&str> {
            let start = *starts.get(usize::try_from(line).ok()?.checked_sub(1)?)?;
            self.text.get(start..)?.lines().next()
        };
        // The clause `1.` just before it announces a list.
        let first = siblings.iter().rev().find(|u| u.line < one.at.line)?;
        if first.line + 1 != one.at.line
            || rank_is(first, 1) != Some(true)
            || !line_text(first.line)?.trim_end().ends_with(':')
        {
            return None;
        }
        // Its items: the siblings cut on the lines right after, numbered on from 2.
        let mut last_line = one.at.line;
        let mut count = 1;
        for u in siblings.iter().filter(|u| u.line > one.at.line) {
            if u.line != last_line + 1 || rank_is(u, count + 1) != Some(true) {
                break;
            }
            last_line = u.line;
            count += 1;
        }
        // The items are the last thing of the unit: a next number after them would be a clause.
        if siblings.iter().any(|u| u.line > last_line) {
            return None;
        }
        let point = self
            .types
            .iter()
            .find(|c| !c.citation_root && c.parents.contains(&t.code) && c.code != t.code)?;
        let span_start = self.line_start(one.at.offset);
        let end_line_start = *starts.get(usize::try_from(last_line).ok()?.checked_sub(1)?)?;
        let span_end = end_line_start + line_text(last_line)?.len();
        let mut replacement = String::new();
        for (k, line) in (one.at.line..=last_line).enumerate() {
            let text = line_text(line)?;
            let indent = text.len() - text.trim_start().len();
            let number = show(t.ordinal_style, self.alphabet, u32::try_from(k).ok()? + 1);
            let rest = text.get(indent..)?.strip_prefix(&format!("{number}."))?;
            let letter = self.heading_line(point, u32::try_from(k).ok()? + 1);
            if k > 0 {
                replacement.push('\n');
            }
            replacement.push_str(text.get(..indent)?);
            replacement.push_str(&letter);
            replacement.push_str(rest);
        }
        if self.text.get(span_start..span_end)?.contains('\r') {
            return None;
        }
        let description = format!(
            "letter the list of lines {} to {last_line} as {} {} to {}",
            one.at.line,
            point.label,
            self.heading_line(point, 1),
            self.heading_line(point, count)
        );
        Some(Diagnostic {
            severity: Severity::Error,
            code: codes::DUPLICATE_ORDINAL,
            message: format!(
                "{} 1 of {} ends with ':' and the numbers start again at 1 on the next line: the list it announces (lines {} to {last_line}) is numbered like its {}s, so its first item's address is taken and it was left out",
                t.label,
                self.cited(parent),
                one.at.line,
                t.label
            ),
            line: one.at.line,
            column: one.at.column,
            offset: one.at.offset,
            hint: format!("{description}, as the official text prints it"),
            repair: Some(Repair {
                offset: span_start,
                length: span_end - span_start,
                replacement,
                description,
            }),
        })
    }

    /// A closing quotation mark that ends a line and closes the quotation too early: the same
    /// quotation closes again further on (a `”` with none open), and in between the quoted
    /// text was cut as the document's own units, which misfit (a number taken, a heading out of
    /// sequence). The repair deletes the early mark (and the `.` or `;` printed after it).
    fn stray_close(
        &self,
        diagnostics: &[Diagnostic],
        absorbed: &mut [bool],
        explained: &mut [bool],
        found: &mut Vec<Diagnostic>,
    ) {
        let mut depth = 0usize;
        // The last mark that closed every quotation at the end of its line: (line, offset, length).
        let mut last_close: Option<(u32, usize, usize)> = None;
        for (index, line) in self.text.split('\n').enumerate() {
            let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
            let start = line.as_ptr() as usize - self.text.as_ptr() as usize;
            for (i, c) in line.char_indices() {
                match c {
                    '“' => {
                        depth += 1;
                        last_close = None;
                    }
                    '”' if depth > 0 => {
                        depth -= 1;
                        let rest = line.get(i + c.len_utf8()..).unwrap_or_default();
                        let tail = rest.trim_end();
                        last_close = (depth == 0 && matches!(tail, "" | "." | ";" | ","))
                            .then_some((number, start + i, c.len_utf8() + tail.len()));
                    }
                    '”' => {
                        let word = line.get(..i).unwrap_or_default();
                        let seconds = word.ends_with(|c: char| c.is_ascii_digit());
                        if let Some((early, offset, length)) =
                            last_close.take().filter(|_| !seconds)
                        {
                            if let Some(d) = self.misfit_between(
                                early,
                                number,
                                offset,
                                length,
                                diagnostics,
                                absorbed,
                                explained,
                            ) {
                                found.push(d);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// The finding for a stray closing mark at `offset` (line `early`), when the units cut
    /// between it and the line `late` that closes again misfit; absorbs what they caused.
    #[allow(clippy::too_many_arguments)]
    fn misfit_between(
        &self,
        early: u32,
        late: u32,
        offset: usize,
        length: usize,
        diagnostics: &[Diagnostic],
        absorbed: &mut [bool],
        explained: &mut [bool],
    ) -> Option<Diagnostic> {
        let inside = |line: u32| line > early && line <= late;
        let cut: Vec<&CutUnit> = self.units.iter().filter(|u| inside(u.line)).collect();
        // Numbers the quoted units took from the units after them, numbers of the quoted text
        // already taken, and headings out of sequence.
        let taken: Vec<usize> = self
            .left_out
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                inside(l.at.line)
                    || l.at.line > late
                        && cut.iter().any(|u| {
                            Some(u.parent) == Some(l.parent)
                                && self.section_of(u) == Some(l.section)
                                && u.ordinal == l.ordinal
                        })
            })
            .map(|(i, _)| i)
            .collect();
        let first = cut.first();
        let next_root = first.and_then(|first| {
            self.units
                .iter()
                .find(|u| u.line > late && u.section_type == first.section_type)
                .map(|u| u.line)
        });
        let caused: Vec<usize> = diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                let ordinal = matches!(d.code, codes::ORDINAL_GAP | codes::ORDINAL_OUT_OF_ORDER);
                (ordinal && (inside(d.line) || Some(d.line) == next_root))
                    || (d.code == codes::DUPLICATE_ORDINAL
                        && taken.iter().any(|&i| {
                            self.left_out
                                .get(i)
                                .is_some_and(|l| l.at.offset == d.offset)
                        }))
            })
            .map(|(i, _)| i)
            .collect();
        let root_out_of_sequence = first.is_some_and(|first| {
            caused.iter().any(|&i| {
                diagnostics
                    .get(i)
                    .is_some_and(|d| d.code == codes::ORDINAL_GAP && d.line == first.line)
            }) && self
                .section_of(first)
                .and_then(|s| self.types.get(s))
                .is_some_and(|t| t.citation_root)
        });
        if taken.is_empty() && !root_out_of_sequence {
            return None;
        }
        for i in &caused {
            if let Some(a) = absorbed.get_mut(*i) {
                *a = true;
            }
        }
        for i in &taken {
            if let Some(e) = explained.get_mut(*i) {
                *e = true;
            }
        }
        let mark = self.text.get(offset..offset + length)?;
        let description = format!("delete the closing mark '{mark}' at the end of line {early}");
        let location = self.location(offset, early);
        Some(Diagnostic {
            severity: Severity::Error,
            code: codes::STRAY_QUOTE,
            message: match first {
                Some(first) if taken.is_empty() => format!(
                    "the quotation is closed at the end of line {early} and again at line {late}: the first closing mark is stray, so the quoted text between was cut as the document's own provisions ({} at line {})",
                    self.cited_unit(first),
                    first.line
                ),
                _ => format!(
                    "the quotation is closed at the end of line {early} and again at line {late}: the first closing mark is stray, so the quoted text between was read as provisions of the text that quotes it, whose numbers then repeat"
                ),
            },
            line: early,
            column: location,
            offset,
            hint: format!("{description}: the quotation ends at line {late}"),
            repair: Some(Repair {
                offset,
                length,
                replacement: String::new(),
                description,
            }),
        })
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

    /// The repeated number `one` was cut earlier out of its place: between its neighbours `b)`
    /// and `d)` (or the repeat itself, right after it: `(2) (4) (4) (5)`), whose one missing
    /// number `c` is used nowhere. That earlier one is the misprint
    /// (`e)` for `c)`); the repair renumbers it, and the repeat then stands in its place.
    fn misprinted_earlier(
        &self,
        t: &SectionType,
        parent: usize,
        one: &LeftOut,
        siblings: &[&CutUnit],
    ) -> Option<Diagnostic> {
        let section = one.section;
        let ranks: Vec<u32> = siblings
            .iter()
            .map(|u| self.rank_of(section, &u.ordinal).map_or(0, |r| r.base()))
            .collect();
        let at = siblings
            .iter()
            .position(|u| u.ordinal == one.ordinal && u.line < one.at.line)?;
        let before = *ranks.get(at.checked_sub(1)?)?;
        // `(2) (4) (4) (5)`: right after the first one comes the repeat (left out, so no
        // sibling), which is then its neighbour: the first `(4)` stands where `(3)` belongs.
        let after = match siblings.get(at + 1) {
            Some(u) if u.line < one.at.line => *ranks.get(at + 1)?,
            _ => *ranks.get(at)?,
        };
        let missing = before + 1;
        if after != missing + 1 || ranks.contains(&missing) {
            return None;
        }
        let unit = siblings.get(at)?;
        let starts = &self.starts;
        let start = *starts.get(usize::try_from(unit.line).ok()?.checked_sub(1)?)?;
        let line = self.text.get(start..)?.lines().next()?;
        let indent = line.len() - line.trim_start().len();
        let written = show(t.ordinal_style, self.alphabet, ranks.get(at).copied()?);
        // `(4)` as English texts print a subsection's number: the number inside its bracket.
        let indent = indent + usize::from(line.get(indent..)?.starts_with('('));
        if !line.get(indent..)?.starts_with(&written) {
            return None;
        }
        let proposed = show(t.ordinal_style, self.alphabet, missing);
        let description = format!(
            "renumber the first {} {written} of {} as {proposed} (line {})",
            t.label,
            self.cited(parent),
            unit.line
        );
        Some(Diagnostic {
            severity: Severity::Error,
            code: codes::DUPLICATE_ORDINAL,
            message: format!(
                "{} {written} of {} is used twice, first at line {} where it stands between {} {} and {} {}: that one reads as {} {proposed}, which is not used; as written, the second one's address is taken, so it and everything under it were left out",
                t.label,
                self.cited(parent),
                unit.line,
                t.label,
                show(t.ordinal_style, self.alphabet, before),
                t.label,
                show(t.ordinal_style, self.alphabet, after),
                t.label
            ),
            line: unit.line,
            column: u32::try_from(indent + 1).unwrap_or(1),
            offset: start + indent,
            hint: format!("{description}, as the official text prints it"),
            repair: Some(Repair {
                offset: start + indent,
                length: written.len(),
                replacement: proposed,
                description,
            }),
        })
    }

    /// Section 30 missing between sections 29 and 33, and on a line between them `30. to 32
    /// [Repealed …]` cut as Regulation 30, the first Regulation of the text: a sibling type
    /// (another citation root at the same level, under the same parents) whose heading differs
    /// from `t`'s only in how the number is printed (Justice Canada's LIMS label `30.` where
    /// every other label is `29`). It is `t`'s heading with a stray mark; the repair prints the
    /// number as `t` does.
    fn misprinted_as_sibling(
        &self,
        t: &SectionType,
        n: u32,
        prev: usize,
        next: usize,
    ) -> Option<Diagnostic> {
        let (after, before) = (self.units.get(prev)?.line, self.units.get(next)?.line);
        let sibling = |u: &CutUnit| {
            u.section_type != t.code
                && self
                    .section_of(u)
                    .and_then(|s| self.types.get(s))
                    .is_some_and(|o| {
                        o.citation_root && o.level == t.level && o.parents == t.parents
                    })
        };
        let (index, unit) = self
            .units
            .iter()
            .enumerate()
            .find(|(_, u)| u.line > after && u.line < before && sibling(u))?;
        let section = self.section_of(unit)?;
        let o = self.types.get(section)?;
        let first_of_its_type = !self
            .units
            .iter()
            .take(index)
            .any(|u| u.section_type == o.code);
        let number = self.rank_of(section, &unit.ordinal)?;
        if !first_of_its_type || number.base() != n || !number.suffix().is_empty() {
            return None;
        }
        let (written, proposed) = (self.heading_line(o, n), self.heading_line(t, n));
        let starts = &self.starts;
        let start = *starts.get(usize::try_from(unit.line).ok()?.checked_sub(1)?)?;
        let line = self.text.get(start..)?.lines().next()?;
        let indent = line.len() - line.trim_start().len();
        let rest = line.get(indent..)?.strip_prefix(&written)?;
        // `30.` printed, `30` meant: the number must still end where `t`'s would.
        if written == proposed
            || !written.starts_with(&proposed)
            || rest.chars().next().is_some_and(|c| !c.is_whitespace())
        {
            return None;
        }
        let stray = written.get(proposed.len()..).unwrap_or_default();
        let description = format!(
            "print '{written}' as '{proposed}' on line {} (delete the stray '{stray}')",
            unit.line
        );
        Some(Diagnostic {
            severity: Severity::Error,
            code: codes::MISPRINTED_HEADING,
            message: format!(
                "'{written}' is printed as a {} heading, the text's first, where {} {proposed} is missing between {} and {}: its '{stray}' is stray, so {} {proposed} was cut as {} {proposed}",
                o.label,
                t.label,
                self.cited(prev),
                self.cited(next),
                t.label,
                o.label
            ),
            line: unit.line,
            column: u32::try_from(indent + 1).unwrap_or(1),
            offset: start + indent,
            hint: format!("{description}, as the text's other headings print their numbers"),
            repair: Some(Repair {
                offset: start + indent,
                length: written.len(),
                replacement: proposed,
                description,
            }),
        })
    }

    /// Section 3 missing between sections 2 and 4, and in that gap, after nothing but higher
    /// divisions (`PART II`), a run of provisions outside any section (orphans) whose first
    /// line is printed as the text prints its section headings, a number and a title with the
    /// text on the next line, but numbered as a subsection: `(1) Establishment and
    /// incorporation of the Retirement Benefits Authority` (Kenya's Retirement Benefits Act
    /// 1997, whose publisher's XML numbers that section `(1)`). A subsection printed first in a
    /// gap the width of one section, titled like a heading, is that section's heading with its
    /// number misprinted; the repair prints the number as a section's (`3.`), and the
    /// subsections after it are then the section's own.
    fn heading_numbered_as_child(
        &self,
        t: &SectionType,
        n: u32,
        prev: usize,
        next: usize,
        diagnostics: &[Diagnostic],
    ) -> Option<Diagnostic> {
        let (after, before) = (self.units.get(prev)?.line, self.units.get(next)?.line);
        let orphans: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.code == codes::ORPHAN_UNIT && d.line > after && d.line < before)
            .collect();
        let first = orphans.iter().min_by_key(|d| d.line)?;
        // Nothing but divisions above `t` between the two headings: no unit the run could be
        // part of.
        let only_divisions = self
            .units
            .iter()
            .filter(|u| u.line > after && u.line < before)
            .all(|u| {
                self.section_of(u)
                    .and_then(|s| self.types.get(s))
                    .is_some_and(|o| o.level < t.level)
            });
        if !only_divisions {
            return None;
        }
        let start = self.line_start(first.offset);
        let line = self.text.get(start..)?.lines().next()?;
        let indent = line.len() - line.trim_start().len();
        let printed = line.get(indent..)?;
        let token = printed.split_whitespace().next()?;
        // The number as a type under `t` prints it (`(1)`, a subsection's).
        let (child, _) = self.types.iter().enumerate().find_map(|(i, c)| {
            if c.citation_root || !c.parents.contains(&t.code) {
                return None;
            }
            c.heading_patterns().find_map(|p| {
                let (pre, post) = p.split_once("{ordinal}")?;
                let post = post.split("{title}").next().unwrap_or_default().trim_end();
                let ordinal = token.strip_prefix(pre)?.strip_suffix(post)?;
                self.rank_of(i, ordinal).map(|r| (c, r))
            })
        })?;
        let title = printed.get(token.len()..)?.trim();
        // Printed as its neighbours' headings are (`2. Interpretation.`, `4. Headquarters.`):
        // a title of a few words starting with a capital, one sentence at most, not
        // introducing a list, and the provision's text on the next line.
        let neighbours_titled = [prev, next]
            .iter()
            .all(|&i| self.units.get(i).is_some_and(|u| u.heading.is_some()));
        let words = title.split_whitespace().count();
        let titled = neighbours_titled
            && title.chars().next().is_some_and(char::is_uppercase)
            && words <= TITLE_WORDS
            && !title.trim_end_matches('.').contains(". ")
            && !title.ends_with([':', ';', ',', '-', '—', '–']);
        let body_line = self
            .text
            .get(start..)?
            .lines()
            .skip(1)
            .position(|l| !l.trim().is_empty())
            .and_then(|k| u32::try_from(k).ok())
            .map(|k| first.line + 1 + k)?;
        let numbered =
            |l: u32| orphans.iter().any(|d| d.line == l) || self.units.iter().any(|u| u.line == l);
        if !titled || body_line >= before || numbered(body_line) {
            return None;
        }
        let proposed = self.heading_line(t, n);
        let last = orphans.iter().map(|d| d.line).max().unwrap_or(first.line);
        let shown: String = title.chars().take(60).collect();
        let ellipsis = if shown.len() < title.len() {
            " …"
        } else {
            ""
        };
        let description = format!("print '{token}' as '{proposed}' on line {}", first.line);
        Some(Diagnostic {
            severity: Severity::Error,
            code: codes::MISPRINTED_HEADING,
            message: format!(
                "'{token} {shown}{ellipsis}' is printed as a {} heading, its title on its line and its text on the next, where {} {n} is missing between {} and {}, but numbered {token} as a {}: its number is {} {n}'s misprinted, so {} {n} was not cut and lines {} to {last} were left outside any {}",
                t.label,
                t.label,
                self.cited(prev),
                self.cited(next),
                child.label,
                t.label,
                t.label,
                first.line,
                t.label
            ),
            line: first.line,
            column: u32::try_from(indent + 1).unwrap_or(1),
            offset: start + indent,
            hint: format!("{description}, as the text's other headings print their numbers"),
            repair: Some(Repair {
                offset: start + indent,
                length: token.len(),
                replacement: proposed,
                description,
            }),
        })
    }

    /// What a heading lost on line `lost` (between the units on lines `after` and `before`)
    /// explains: the next one's gap warning, orphans between, and the numbers left out there
    /// that repeat those of a unit before `lost` (the lost unit's own children, read under the
    /// unit before it). Numbers repeated under a unit after `lost` (`Mục 2` read as a clause of
    /// an article of the lost chapter) are another defect.
    fn absorb_lost(
        &self,
        lost: u32,
        after: u32,
        before: u32,
        diagnostics: &[Diagnostic],
        absorbed: &mut [bool],
        explained: &mut [bool],
    ) {
        let inside = |line: u32| line > after && line < before;
        let caused = |l: &LeftOut| {
            l.parent
                .and_then(|p| self.units.get(p))
                .is_none_or(|p| p.line < lost)
        };
        for (i, d) in diagnostics.iter().enumerate() {
            let gap_warning = d.code == codes::ORDINAL_GAP && d.line == before;
            let between = inside(d.line)
                && match d.code {
                    codes::ORPHAN_UNIT => true,
                    codes::DUPLICATE_ORDINAL => self
                        .left_out
                        .iter()
                        .find(|l| l.at.offset == d.offset)
                        .is_none_or(caused),
                    _ => false,
                };
            if gap_warning || between {
                absorbed[i] = true;
            }
        }
        for (i, l) in self.left_out.iter().enumerate() {
            if inside(l.at.line) && caused(l) {
                explained[i] = true;
            }
        }
    }

    fn explain(&self, inside: impl Fn(u32) -> bool, explained: &mut [bool]) {
        for (i, l) in self.left_out.iter().enumerate() {
            if inside(l.at.line) {
                explained[i] = true;
            }
        }
    }

    /// `Điền 25.` for `Điều 25.`: the diagnostic's line starts with a word one letter away from
    /// the label, then the number `n`. The repair and the word as written.
    fn misspelt(&self, t: &SectionType, n: u32, d: &Diagnostic) -> Option<(Repair, String)> {
        let start = self.line_start(d.offset);
        let line = self.text.get(start..)?.lines().next()?;
        let indent = line.len() - line.trim_start().len();
        let mut words = line.split_whitespace();
        let word = words.next()?;
        let number = words.next()?;
        let digits: String = number.chars().take_while(char::is_ascii_digit).collect();
        if digits.parse::<u32>().ok()? != n || word.chars().count() != t.label.chars().count() {
            return None;
        }
        let differing = word
            .to_lowercase()
            .chars()
            .zip(t.label.to_lowercase().chars())
            .filter(|(a, b)| a != b)
            .count();
        if differing != 1 {
            return None;
        }
        let repair = Repair {
            offset: start + indent,
            length: word.len(),
            replacement: t.label.clone(),
            description: format!("correct '{word}' to '{}' on line {}", t.label, d.line),
        };
        Some((repair, word.to_owned()))
    }

    // The byte offset where the line holding `offset` starts.
    fn line_start(&self, offset: usize) -> usize {
        let head = self.text.get(..offset).unwrap_or_default();
        head.rfind(['\n', '\r']).map_or(0, |i| i + 1)
    }

    /// `52B data-sharing and direct marketing codes` right before a run of repeated numbers
    /// under a citation root: a provision's heading whose title starts with a lowercase letter
    /// is read as text (a number then lowercase words is a cross-reference's tail), so its
    /// paragraphs went into the provision before. The repair capitalises the title.
    fn lowercase_heading(
        &self,
        first: &LeftOut,
        parent_unit: usize,
        t: &SectionType,
        count: usize,
    ) -> Option<Diagnostic> {
        let parent = self.units.get(parent_unit)?;
        let parent_type = self.section_of(parent).and_then(|s| self.types.get(s))?;
        if !parent_type.citation_root {
            return None;
        }
        let start = self.line_start(first.at.offset);
        let end = start.checked_sub(1)?;
        let end = if end > 0 && self.text.get(end - 1..end) == Some("\r") {
            end - 1
        } else {
            end
        };
        let from = self.line_start(end);
        let line = self.text.get(from..end)?;
        let (number, title) = line.split_once(' ')?;
        let digits = number.bytes().take_while(u8::is_ascii_digit).count();
        let inserted = number.get(digits..)?;
        let letter = title.chars().next()?;
        if digits == 0
            || inserted.len() > 3
            || !inserted.bytes().all(|b| b.is_ascii_uppercase())
            || !letter.is_lowercase()
            || title.split_whitespace().nth(2).is_none()
        {
            return None;
        }
        let at = from + number.len() + 1;
        let upper: String = letter.to_uppercase().collect();
        let heading: String = line.chars().take(60).collect();
        Some(Diagnostic {
            severity: Severity::Error,
            code: codes::REPEATED_NUMBERING,
            message: format!(
                "'{heading}' is not read as the heading of {} {number}: its title starts with a lowercase letter, so the {} numbers after it (line {} on, {count} of them) repeat those of {} and were left out",
                parent_type.label,
                t.label,
                first.at.line,
                self.cited(parent_unit)
            ),
            line: first.at.line.saturating_sub(1),
            column: 1,
            offset: from,
            hint: format!("capitalise the title: '{upper}' for '{letter}'"),
            repair: Some(Repair {
                offset: at,
                length: letter.len_utf8(),
                replacement: upper.clone(),
                description: format!("capitalise the title of {number}: '{upper}' for '{letter}'"),
            }),
        })
    }

    /// Repeated numbers among siblings that no lost heading explains.
    /// `… Nghị định 88/2024/NĐ-CP. Mục` / `2. BỒI THƯỜNG VỀ ĐẤT …`: a division's label left at
    /// the end of the line before (a page's running footer glued to it), so its number and
    /// title in capitals read as a repeated clause. The repair moves the label to its number.
    fn split_label(
        &self,
        one: &LeftOut,
        read_as: impl FnOnce() -> String,
    ) -> Option<(Diagnostic, &SectionType)> {
        let line_start = self.line_start(one.at.offset);
        let rest = self
            .text
            .get(one.at.offset + one.written_len..)?
            .lines()
            .next()?;
        // Up to an editorial note (`… CÒN LẠI [Mục này được bổ sung bởi …]`).
        let title = rest.split('[').next().unwrap_or_default();
        let title = title.trim_start_matches(['.', ')', ':']).trim();
        // A lowercase letter first: most titles have one early, and it ends the scan there.
        let capitals = !title.chars().any(char::is_lowercase)
            && title.chars().filter(|c| c.is_alphabetic()).count() >= 2;
        if !capitals || line_start == 0 || self.text.get(line_start..one.at.offset)?.trim() != "" {
            return None;
        }
        let before = self.text.get(..line_start)?.trim_end_matches(['\r', '\n']);
        let trimmed = before.trim_end();
        let division = self.types.iter().find(|d| {
            !d.citation_root
                && self.types.iter().any(|c| c.parents.contains(&d.code))
                && !d.label.is_empty()
                && trimmed
                    .strip_suffix(d.label.as_str())
                    .is_some_and(|head| head.is_empty() || head.ends_with(char::is_whitespace))
        })?;
        // A division that holds articles: its heading is no clause.
        if !self
            .types
            .iter()
            .any(|c| c.citation_root && c.parents.contains(&division.code))
        {
            return None;
        }
        let label_at = trimmed.len() - division.label.len();
        let eol = if self.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let heading = format!("{} {}", division.label, one.written);
        let read_as = read_as();
        let description = format!(
            "move '{}' from the end of line {} to the start of line {}",
            division.label,
            one.at.line.saturating_sub(1),
            one.at.line
        );
        let d = Diagnostic {
            severity: Severity::Error,
            code: codes::MISSING_HEADING,
            message: format!(
                "the heading {heading} is split: its label ends line {} and its number and title start line {}, so it was read as {read_as}",
                one.at.line.saturating_sub(1),
                one.at.line,
            ),
            line: one.at.line,
            column: one.at.column,
            offset: one.at.offset,
            hint: format!("{description}: a line break the source put inside the heading"),
            repair: Some(Repair {
                offset: label_at,
                length: one.at.offset - label_at,
                replacement: format!("{eol}{} ", division.label),
                description,
            }),
        };
        Some((d, division))
    }

    /// `… Chương II QUY ĐỊNH …` / `Nghị định 88/2024/NĐ-CP. Mục` / `1. BỒI THƯỜNG …` /
    /// `Điều 8. …`: a division's heading split as [`Self::split_label`] reads it right after a
    /// chapter's heading, where its number is an orphaned clause (no article holds it). The
    /// unit after it is one the division holds. Named instead of the orphan.
    fn split_orphans(
        &self,
        diagnostics: &[Diagnostic],
        absorbed: &mut [bool],
        found: &mut Vec<Diagnostic>,
    ) {
        for (k, d) in diagnostics.iter().enumerate() {
            if d.code != codes::ORPHAN_UNIT || absorbed.get(k) != Some(&false) {
                continue;
            }
            let Some(line) = self.text.get(d.offset..).and_then(|r| r.lines().next()) else {
                continue;
            };
            let written: String = line.chars().take_while(|c| c.is_alphanumeric()).collect();
            if written.is_empty() {
                continue;
            }
            let one = LeftOut {
                section: 0,
                ordinal: written.clone(),
                written_len: written.len(),
                written: written.clone(),
                at: Location {
                    line: d.line,
                    column: d.column,
                    offset: d.offset,
                },
                parent: None,
            };
            let read_as = format!(
                "an orphaned {}",
                d.message.split(" is not").next().unwrap_or("")
            );
            let Some((split, division)) = self.split_label(&one, || read_as) else {
                continue;
            };
            let held = self
                .units
                .iter()
                .find(|u| u.line > d.line)
                .and_then(|next| self.types.get(self.section_of(next)?))
                .is_some_and(|t| t.parents.contains(&division.code));
            if held {
                if let Some(a) = absorbed.get_mut(k) {
                    *a = true;
                }
                found.push(split);
            }
        }
    }

    /// `Nghị định 88/2024/NĐ-CP. Mục` / `1. BỒI THƯỜNG VỀ ĐẤT Ở …` / `Điều 8. …`: a division's
    /// heading split as [`Self::split_label`] reads it, whose number repeats none (the first
    /// `Mục` after an article with no clauses), so it was cut as a clause with no diagnostic.
    /// The unit after it is one the division holds (an article): a clause's text would follow.
    fn split_clauses(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        let starts = &self.starts;
        for (i, u) in self.units.iter().enumerate() {
            let Some(section) = self.section_of(u) else {
                continue;
            };
            let Some(t) = self.types.get(section) else {
                continue;
            };
            let next_is_held = self
                .units
                .get(i + 1)
                .and_then(|next| self.types.get(self.section_of(next)?))
                .is_some_and(|k| k.citation_root);
            if t.citation_root || !next_is_held {
                continue;
            }
            let Some(start) = usize::try_from(u.line)
                .ok()
                .and_then(|l| starts.get(l.checked_sub(1)?))
                .copied()
            else {
                continue;
            };
            let line = self.text.get(start..).and_then(|r| r.lines().next());
            let Some(line) = line else {
                continue;
            };
            let number_at = start + (line.len() - line.trim_start().len());
            let written: String = line
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            let same = |o: &str| {
                self.rank_of(section, o)
                    .map(|r| (r.base(), r.suffix().to_owned()))
            };
            if written.is_empty() || same(&written).is_none() || same(&written) != same(&u.ordinal)
            {
                continue;
            }
            let one = LeftOut {
                section,
                ordinal: u.ordinal.clone(),
                written_len: written.len(),
                written: written.clone(),
                at: Location {
                    line: u.line,
                    column: u32::try_from(line.len() - line.trim_start().len() + 1).unwrap_or(1),
                    offset: number_at,
                },
                parent: u.parent,
            };
            // Only named when the label was split: asked of every last unit before an article.
            let read_as = || match u.parent {
                Some(p) => format!("{} {} of {}", t.label, written, self.cited(p)),
                None => format!("{} {}", t.label, written),
            };
            // The division holds the unit after it.
            let Some((d, division)) = self.split_label(&one, read_as) else {
                continue;
            };
            let held = self
                .units
                .get(i + 1)
                .and_then(|next| self.types.get(self.section_of(next)?))
                .is_some_and(|k| k.parents.contains(&division.code));
            if held {
                found.push(d);
            }
        }
        found
    }

    /// `… có hiệu lực từ ngày 01/07/2025] 2.` / `Quy định về nội dung …` / `a) …` `b) …`: the
    /// number of a clause printed at the end of the line before its text (a line break the
    /// crawl lost before the number), after text of the unit before it. Not read as a
    /// heading, the clause is not cut and its points go into the unit before, where their
    /// letters repeat. Found between the first of the `repeats` and the sibling whose number
    /// it repeats, when the number is free and in sequence where it stands (a clause of the
    /// unit holding the repeats, or the next of its siblings) and, read so, the points after
    /// it run in order. The repair breaks the line before the number. Also returns the lines
    /// whose ordinal warnings the lost heading explains.
    fn number_at_line_end(
        &self,
        repeats: &[&LeftOut],
        parent_unit: usize,
        t: &SectionType,
        siblings: &[&CutUnit],
    ) -> Option<(Diagnostic, Vec<u32>)> {
        let first = repeats.first()?;
        let last = repeats.last()?;
        let original = siblings
            .iter()
            .rev()
            .find(|u| u.ordinal == first.ordinal && u.line < first.at.line)?;
        let parent = self.units.get(parent_unit)?;
        let starts = &self.starts;
        let line_text = |line: u32| -> Option<&str> {
            let start = *starts.get(usize::try_from(line).ok()?.checked_sub(1)?)?;
            self.text.get(start..)?.lines().next()
        };
        for line in (original.line..first.at.line).rev() {
            let text = line_text(line)?;
            let trimmed = text.trim_end();
            let Some((head, word)) = trimmed.rsplit_once(char::is_whitespace) else {
                continue;
            };
            let head = head.trim_end();
            // Its text follows on the next line, starting as a clause's text does.
            let text_follows = line_text(line + 1)
                .and_then(|next| next.trim_start().chars().next())
                .is_some_and(char::is_uppercase);
            if head.is_empty() || !text_follows {
                continue;
            }
            for k in self.types.iter().filter(|k| t.parents.contains(&k.code)) {
                // A number run into its text (`{ordinal}.`), with a mark after it.
                let Some(mark) = k
                    .heading_patterns()
                    .next()
                    .and_then(|p| p.strip_prefix("{ordinal}"))
                    .filter(|m| !m.is_empty() && !m.contains('{'))
                else {
                    continue;
                };
                let Some(n) = word
                    .strip_suffix(mark)
                    .and_then(|w| rank(k.ordinal_style, self.alphabet, w))
                    .filter(|r| r.suffix().is_empty())
                    .map(|r| r.base())
                else {
                    continue;
                };
                let Some(next_gap) = self.number_fits(k, n, line, parent_unit, parent) else {
                    continue;
                };
                // Read under it, the points after it (those cut and those left out) run in order.
                let mut after: Vec<(u32, &str)> = siblings
                    .iter()
                    .filter(|u| u.line > line)
                    .map(|u| (u.line, u.ordinal.as_str()))
                    .chain(repeats.iter().map(|l| (l.at.line, l.ordinal.as_str())))
                    .collect();
                after.sort_unstable();
                let ranks: Option<Vec<u32>> = after
                    .iter()
                    .map(|(_, o)| rank(t.ordinal_style, self.alphabet, o).map(|r| r.base()))
                    .collect();
                if !ranks.is_some_and(|r| r.windows(2).all(|w| w[0] < w[1])) {
                    continue;
                }
                let caused: Vec<u32> = after.iter().map(|(l, _)| *l).chain(next_gap).collect();
                let start = *starts.get(usize::try_from(line).ok()?.checked_sub(1)?)?;
                let offset = start + head.len();
                let number_at = start + trimmed.len() - word.len();
                let eol = if self.text.contains("\r\n") {
                    "\r\n"
                } else {
                    "\n"
                };
                let heading = format!("{} {}", k.label, show(k.ordinal_style, self.alphabet, n));
                let mut written: Vec<&str> = repeats
                    .iter()
                    .take(QUOTED_NUMBERS)
                    .map(|l| l.written.as_str())
                    .collect();
                if repeats.len() > QUOTED_NUMBERS {
                    written.push("…");
                }
                let description = format!("break line {line} before '{word}'");
                let diagnostic = Diagnostic {
                    severity: Severity::Error,
                    code: codes::MISSING_HEADING,
                    message: format!(
                        "the number '{word}' of {heading} is printed at the end of line {line}, right after '{}', not at the start of its text on line {}, so it was not read as a heading: {heading} was not cut, and its {} numbers went into {}, where they are used again from line {} to line {} ({}) and were left out",
                        tail(head, 24),
                        line + 1,
                        t.label,
                        self.cited(parent_unit),
                        first.at.line,
                        last.at.line,
                        written.join(", ")
                    ),
                    line,
                    column: u32::try_from(trimmed.chars().count() - word.chars().count() + 1)
                        .unwrap_or(1),
                    offset: number_at,
                    hint: format!("{description}: a line break the source lost"),
                    repair: Some(Repair {
                        offset,
                        length: number_at - offset,
                        replacement: eol.to_owned(),
                        description,
                    }),
                };
                return Some((diagnostic, caused));
            }
        }
        None
    }

    /// Whether `k` numbered `n`, printed on `line`, is free and in sequence there: a clause of
    /// `parent` (after its clauses before the line, before those after), or the next sibling
    /// of `parent` when that is of type `k`. With the line of the ordinal warning it explains,
    /// if any: the next one's gap, when `n` is the one number it misses.
    fn number_fits(
        &self,
        k: &SectionType,
        n: u32,
        line: u32,
        parent_unit: usize,
        parent: &CutUnit,
    ) -> Option<Option<u32>> {
        let (holder, after_parent) = if parent.section_type == k.code {
            (
                parent.parent,
                self.rank_of(self.section_of(parent)?, &parent.ordinal)?
                    .base(),
            )
        } else if k.parents.contains(&parent.section_type) {
            (Some(parent_unit), 0)
        } else {
            return None;
        };
        let numbered: Vec<(u32, u32)> = self
            .units
            .iter()
            .filter(|u| u.parent == holder && u.section_type == k.code)
            .filter_map(|u| {
                Some((
                    u.line,
                    self.rank_of(self.section_of(u)?, &u.ordinal)?.base(),
                ))
            })
            .collect();
        let fits = n > after_parent
            && numbered
                .iter()
                .all(|&(l, r)| if l < line { r < n } else { r > n });
        if !fits {
            return None;
        }
        // The next one's gap warning names the number lost here, and that number only.
        let before = numbered
            .iter()
            .filter(|&&(l, _)| l < line)
            .map(|&(_, r)| r)
            .max()
            .unwrap_or(0);
        Some(
            numbered
                .iter()
                .find(|&&(l, r)| l > line && r == n + 1 && before + 1 == n)
                .map(|&(l, _)| l),
        )
    }

    fn repeated_children(
        &self,
        diagnostics: &mut [Diagnostic],
        absorbed: &mut [bool],
        explained: &[bool],
        found: &mut Vec<Diagnostic>,
    ) {
        let mut groups: BTreeMap<(Option<usize>, usize), Vec<&LeftOut>> = BTreeMap::new();
        for (l, done) in self.left_out.iter().zip(explained) {
            let root = self.types.get(l.section).is_some_and(|t| t.citation_root);
            if !done && !root {
                groups.entry((l.parent, l.section)).or_default().push(l);
            }
        }
        for ((parent, section), repeats) in groups {
            let Some(t) = self.types.get(section) else {
                continue;
            };
            let Some(parent_unit) = parent else {
                continue;
            };
            let siblings: Vec<&CutUnit> = self
                .units
                .iter()
                .filter(|u| u.parent == parent && u.section_type == t.code)
                .collect();
            if let Some((d, caused)) = self.number_at_line_end(&repeats, parent_unit, t, &siblings)
            {
                for (i, x) in diagnostics.iter().enumerate() {
                    let repeat = x.code == codes::DUPLICATE_ORDINAL
                        && repeats.iter().any(|l| l.at.offset == x.offset);
                    let ordinal =
                        matches!(x.code, codes::ORDINAL_GAP | codes::ORDINAL_OUT_OF_ORDER)
                            && caused.contains(&x.line);
                    if repeat || ordinal {
                        absorbed[i] = true;
                    }
                }
                found.push(d);
                continue;
            }
            let [one] = repeats.as_slice() else {
                // Several: one finding for the run, at its first line.
                let (Some(first), Some(last)) = (repeats.first(), repeats.last()) else {
                    continue;
                };
                let lines = first.at.line..=last.at.line;
                let mut at = None;
                for (i, d) in diagnostics.iter().enumerate() {
                    if d.code == codes::DUPLICATE_ORDINAL && lines.contains(&d.line) {
                        absorbed[i] = true;
                        at.get_or_insert(i);
                    }
                }
                let mut written: Vec<&str> = repeats
                    .iter()
                    .take(QUOTED_NUMBERS)
                    .map(|l| l.written.as_str())
                    .collect();
                if repeats.len() > QUOTED_NUMBERS {
                    written.push("…");
                }
                if let Some(d) = self.lowercase_heading(first, parent_unit, t, repeats.len()) {
                    found.push(d);
                    continue;
                }
                found.push(Diagnostic {
                    severity: Severity::Error,
                    code: codes::REPEATED_NUMBERING,
                    message: format!(
                        "the {} numbers of {} are used again from line {} to line {} ({}), so those {} and everything under them were left out",
                        t.label,
                        self.cited(parent_unit),
                        first.at.line,
                        last.at.line,
                        written.join(", "),
                        repeats.len()
                    ),
                    line: first.at.line,
                    column: first.at.column,
                    offset: first.at.offset,
                    hint: format!(
                        "if a heading is missing before line {}, insert it; if the list is quoted text, put it in quotation marks; else renumber the list",
                        first.at.line
                    ),
                    repair: None,
                });
                continue;
            };
            // One repeat: it reads as the next free number when that fits between its neighbours.
            let Some(own) = self.rank_of(section, &one.ordinal) else {
                continue;
            };
            let repeated = format!(
                "a repeated {} {}",
                self.types.get(one.section).map_or("", |t| t.label.as_str()),
                one.written
            );
            if let Some((split, _)) = self.split_label(one, || repeated) {
                if let Some(d) = diagnostics.iter_mut().find(|d| {
                    d.code == codes::DUPLICATE_ORDINAL
                        && d.line == one.at.line
                        && d.offset == one.at.offset
                }) {
                    *d = split;
                }
                continue;
            }
            if let Some(list) = self.inner_list(t, parent_unit, one, &siblings) {
                if let Some(d) = diagnostics.iter_mut().find(|d| {
                    d.code == codes::DUPLICATE_ORDINAL
                        && d.line == one.at.line
                        && d.offset == one.at.offset
                }) {
                    *d = list;
                }
                continue;
            }
            let before = siblings.iter().filter(|u| u.line < one.at.line);
            let Some(last) = before
                .filter_map(|u| self.rank_of(section, &u.ordinal))
                .max_by(|a, b| (a.base(), a.suffix()).cmp(&(b.base(), b.suffix())))
            else {
                continue;
            };
            let next = last.base() + 1;
            // The next number is free, and the siblings after the repeat continue after it.
            let taken = siblings.iter().any(|u| {
                self.rank_of(section, &u.ordinal)
                    .is_some_and(|r| r.base() == next || (u.line > one.at.line && r.base() < next))
            });
            if taken || own.base() >= next {
                // `b) … e) … d) đ) e)`: the first `e)` stands where `c)` belongs.
                if let Some(d) = self.misprinted_earlier(t, parent_unit, one, &siblings) {
                    if let Some(slot) = diagnostics.iter_mut().find(|x| {
                        x.code == codes::DUPLICATE_ORDINAL
                            && x.line == one.at.line
                            && x.offset == one.at.offset
                    }) {
                        *slot = d;
                    }
                }
                continue;
            }
            let proposed = show(t.ordinal_style, self.alphabet, next);
            let Some(d) = diagnostics.iter_mut().find(|d| {
                d.code == codes::DUPLICATE_ORDINAL
                    && d.line == one.at.line
                    && d.offset == one.at.offset
            }) else {
                continue;
            };
            d.message = format!(
                "the second {} {} of {} reads as {} {proposed}: it follows {} {}, and {proposed} is not used; as written, its address is taken, so it and everything under it were left out",
                t.label,
                one.written,
                self.cited(parent_unit),
                t.label,
                t.label,
                show(t.ordinal_style, self.alphabet, last.base()),
            );
            d.hint = format!("renumber it {proposed}, or delete it if it is a copy");
            d.repair = Some(Repair {
                offset: one.at.offset,
                length: one.written_len,
                replacement: proposed.clone(),
                description: format!(
                    "renumber the second {} {} of {} as {proposed} (line {})",
                    t.label,
                    one.written,
                    self.cited(parent_unit),
                    one.at.line
                ),
            });
        }
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
            let composed: String = s.get(..*end).unwrap_or_default().nfc().collect();
            composed == target
                && !s
                    .get(*end..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(unicode_normalization::char::is_combining_mark)
        })
}
