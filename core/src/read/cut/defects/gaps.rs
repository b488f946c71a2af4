//! `missing-heading` where citation roots skip numbers: the restarts of the last one's children
//! that mark each lost heading, and the gaps they explain.

use super::super::codes;
use super::super::segmenter::LeftOut;
use super::super::sequence::Rank;
use super::{times, Defects, MAX_MISSING};
use crate::text::diagnostic::{Diagnostic, Repair, Severity};
use crate::text::vocabulary::SectionType;

impl Defects<'_> {
    pub(super) fn root_gaps(
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
    pub(super) fn one_gap(
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

    /// What a heading lost on line `lost` (between the units on lines `after` and `before`)
    /// explains: the next one's gap warning, orphans between, and the numbers left out there
    /// that repeat those of a unit before `lost` (the lost unit's own children, read under the
    /// unit before it). Numbers repeated under a unit after `lost` (`Mục 2` read as a clause of
    /// an article of the lost chapter) are another defect.
    pub(super) fn absorb_lost(
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

    pub(super) fn explain(&self, inside: impl Fn(u32) -> bool, explained: &mut [bool]) {
        for (i, l) in self.left_out.iter().enumerate() {
            if inside(l.at.line) {
                explained[i] = true;
            }
        }
    }
}
