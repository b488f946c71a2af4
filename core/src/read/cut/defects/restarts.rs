//! `missing-heading` where the children of the root before a gap start again at their first
//! number inside it: each restart is where a heading was lost, and the repair inserts them.

use super::super::codes;
use super::super::segmenter::LeftOut;
use super::gaps::{Gap, Marks};
use super::{times, Defects};
use crate::text::diagnostic::{Diagnostic, Repair, Severity};

/// Where the lost headings of a gap stand: the lines where the children of the unit before
/// it start again, and the unnumbered paragraphs that alone can open the lost articles with
/// no numbered children.
struct Places<'a> {
    /// The children numbered `1` again, in order, and the first of them.
    restarts: Vec<&'a LeftOut>,
    first: &'a LeftOut,
    /// Their lines.
    restart_lines: Vec<u32>,
    /// The paragraphs, when there are fewer restarts than lost headings.
    extra: Vec<u32>,
    /// Both, in order.
    positions: Vec<u32>,
    /// The children's label (`Khoản`), as the messages name them.
    child: &'a str,
}

impl Defects<'_> {
    /// The lost headings of `gap`, whose `restarts` (not empty) start the children of the unit
    /// before it again: inserted where each stands when the text places every one, else the
    /// run named once.
    pub(super) fn restarted<'a>(
        &'a self,
        gap: &Gap,
        restarts: Vec<&'a LeftOut>,
        marks: &mut Marks,
    ) {
        let Some(&first) = restarts.first() else {
            return;
        };
        let restart_lines: Vec<u32> = restarts.iter().map(|l| l.at.line).collect();
        // Fewer restarts than lost headings: the rest belong to articles with no numbered
        // clauses. Where each can stand is decided by elimination (`paragraph_articles`).
        let extra = if restarts.len() < usize::try_from(gap.count()).unwrap_or(0) {
            self.paragraph_articles(gap.t, gap.after, gap.before, &restart_lines)
        } else {
            Vec::new()
        };
        let mut positions: Vec<u32> = restart_lines.iter().chain(&extra).copied().collect();
        positions.sort_unstable();
        let child = self
            .types
            .get(first.section)
            .map_or("", |c| c.label.as_str());
        let places = Places {
            restarts,
            first,
            restart_lines,
            extra,
            positions,
            child,
        };
        if gap.one_each(places.positions.len()) {
            self.insert_headings(gap, &places, marks);
        } else {
            self.unplaced(gap, &places, marks);
        }
    }

    /// Lost headings, but not one per restart (some lost articles had no numbered clauses),
    /// and the text leaves more than one place for them (an unnumbered paragraph after an
    /// article's clauses is as often its own last paragraph as a new article): named once for
    /// the run, with no edit to propose.
    fn unplaced(&self, gap: &Gap, places: &Places, marks: &mut Marks) {
        let (t, from, to, count) = (gap.t, gap.from, gap.to, gap.count());
        let (after, before) = (gap.after, gap.before);
        let (first, child) = (places.first, places.child);
        marks.found.push(Diagnostic {
            severity: Severity::Error,
            code: codes::MISSING_HEADING,
            message: format!(
                "{count} headings, {} {from} to {} {to}, seem missing between line {after} and line {before} (the next heading is {}): the {child} numbers of {} start again only {} there (first at line {}), so some lost articles have no numbered {child}, and the text does not say where those start; the text between was read as part of {}, and the titles are lost with the headings",
                t.label,
                t.label,
                self.cited(gap.next),
                self.cited(gap.prev),
                times(places.restarts.len()),
                first.at.line,
                self.cited(gap.prev)
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
        self.account(
            gap,
            marks,
            &[
                codes::DUPLICATE_ORDINAL,
                codes::ORPHAN_UNIT,
                codes::LIST_IN_TEXT,
            ],
        );
    }

    /// One heading per place: the repair rewrites the stretch from the first place to the
    /// last with each heading on a line of its own before its place, so that one edit
    /// restores the whole run.
    fn insert_headings(&self, gap: &Gap, places: &Places, marks: &mut Marks) {
        let headings: Vec<String> = (gap.from..=gap.to)
            .map(|k| self.heading_line(gap.t, k))
            .collect();
        let eol = if self.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let line_starts = &self.starts;
        let starts: Vec<usize> = places
            .positions
            .iter()
            .filter_map(|l| {
                line_starts
                    .get(usize::try_from(*l).ok()?.checked_sub(1)?)
                    .copied()
            })
            .collect();
        if starts.len() != places.positions.len() {
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
        let (message, description) = self.insertion_words(gap, places, &headings);
        marks.found.push(Diagnostic {
            severity: Severity::Error,
            code: codes::MISSING_HEADING,
            message,
            line: places.first.at.line,
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
        self.account(gap, marks, &[codes::DUPLICATE_ORDINAL, codes::ORPHAN_UNIT]);
    }

    /// The message and the repair's description of inserted `headings`: what shows each was
    /// lost differs for one heading, a restart for each, and some placed at paragraphs.
    fn insertion_words(&self, gap: &Gap, places: &Places, headings: &[String]) -> (String, String) {
        let (t, from, to, count) = (gap.t, gap.from, gap.to, gap.count());
        let (after, before) = (gap.after, gap.before);
        let (first, child, extra) = (places.first, places.child, &places.extra);
        if count == 1 {
            (
                format!(
                    "a heading {} seems missing before line {}: the {child} numbers of {} start again at {} there, and the next heading is {}",
                    headings.first().map_or("", String::as_str),
                    first.at.line,
                    self.cited(gap.prev),
                    first.written,
                    self.cited(gap.next)
                ),
                format!("insert the heading {} before line {}", headings.first().map_or("", String::as_str), first.at.line),
            )
        } else if extra.is_empty() {
            let last = places.restarts.last().map_or(first.at.line, |l| l.at.line);
            (
                format!(
                    "{count} headings, {} {from} to {} {to}, seem missing between line {} and line {}: the {child} numbers of {} start again {count} times there (first at line {}, last at line {last}), and the next heading is {}",
                    t.label,
                    t.label,
                    after,
                    before,
                    self.cited(gap.prev),
                    first.at.line,
                    self.cited(gap.next)
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
                    self.cited(gap.next),
                    self.cited(gap.prev),
                    times(places.restarts.len()),
                    lines(&places.restart_lines),
                    if extra.len() == 1 { "lost article has".to_owned() } else { format!("{} lost articles have", extra.len()) },
                    lines(extra),
                ),
                format!(
                    "insert the headings {} to {} before lines {}",
                    headings.first().map_or("", String::as_str),
                    headings.last().map_or("", String::as_str),
                    lines(&places.positions)
                ),
            )
        }
    }
}
