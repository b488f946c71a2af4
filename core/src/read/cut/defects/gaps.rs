//! `missing-heading` where citation roots skip numbers: the readings of one gap, tried from the
//! surest, and what each one found explains. The restarts of the last root's children that
//! mark each lost heading are read in `restarts.rs`.

use super::super::codes;
use super::super::segmenter::LeftOut;
use super::super::sequence::Rank;
use super::{Defects, MAX_MISSING};
use crate::text::diagnostic::{Diagnostic, Severity};
use crate::text::vocabulary::SectionType;

/// Citation roots `from..=to` missing between the units `prev` and `next` (on the lines
/// `after` and `before`): every reading of the gap looks at that stretch of text.
pub(super) struct Gap<'t> {
    pub(super) t: &'t SectionType,
    pub(super) prev: usize,
    pub(super) next: usize,
    pub(super) from: u32,
    pub(super) to: u32,
    pub(super) after: u32,
    pub(super) before: u32,
}

impl Gap<'_> {
    /// How many headings are missing.
    pub(super) fn count(&self) -> u32 {
        self.to - self.from + 1
    }

    /// Whether `n` places (or findings) are one for each missing heading.
    pub(super) fn one_each(&self, n: usize) -> bool {
        n == usize::try_from(self.count()).unwrap_or(0)
    }

    /// Strictly between the two headings around the gap.
    pub(super) fn inside(&self, line: u32) -> bool {
        line > self.after && line < self.before
    }
}

/// The cut's diagnostics, and what a gap's reading marks: which of them its finding replaces,
/// which numbers left out it explains, and the findings. Borrowed once for every gap.
pub(super) struct Marks<'m> {
    pub(super) diagnostics: &'m [Diagnostic],
    pub(super) absorbed: &'m mut [bool],
    pub(super) explained: &'m mut [bool],
    pub(super) found: &'m mut Vec<Diagnostic>,
}

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
        let mut marks = Marks {
            diagnostics,
            absorbed,
            explained,
            found,
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
                    self.one_gap(t, *prev, index, from, to, &mut marks);
                }
            }
            previous = Some((index, current));
        }
    }

    /// Roots `from..=to` are missing between the units `prev` and `next`. A defect printed on
    /// a line of its own (a misspelt or misprinted heading) says more than any guess from
    /// what follows it, so those readings come first, then headings glued to other lines,
    /// then the children of `prev` starting again where each heading was lost.
    fn one_gap(
        &self,
        t: &SectionType,
        prev: usize,
        next: usize,
        from: u32,
        to: u32,
        marks: &mut Marks,
    ) {
        let (Some(p), Some(n)) = (self.units.get(prev), self.units.get(next)) else {
            return;
        };
        let gap = Gap {
            t,
            prev,
            next,
            from,
            to,
            after: p.line,
            before: n.line,
        };
        if self.misspelt_root(&gap, marks)
            || self.misprinted_root(&gap, marks)
            || self.glued_run(&gap, marks)
        {
            return;
        }
        // The children of `prev` start again at their first number, once per lost heading.
        let restarts: Vec<&LeftOut> = self
            .left_out
            .iter()
            .filter(|l| l.parent == Some(prev) && gap.inside(l.at.line))
            .filter(|l| {
                self.rank_of(l.section, &l.ordinal)
                    .is_some_and(|r| r.base() == 1 && r.suffix().is_empty())
            })
            .collect();
        let Some(first) = restarts.first() else {
            // No clause numbers start again: one lost heading may still show, glued to the
            // end of the line before it or before its first clause.
            if gap.count() == 1 {
                self.lone_heading(&gap, marks);
            }
            return;
        };
        // The one lost heading printed at the end of a line before its first clause (`… Nghị
        // định này."Điều 3. Điều khoản chuyển tiếp`): that line is where it is, and breaking
        // it also gives the article its title.
        if gap.count() == 1 {
            if let Some(d) = self.glued(t, from, gap.after, first.at.line, prev) {
                self.absorb_lost(d.line, &gap, marks);
                marks.found.push(d);
                return;
            }
        }
        self.restarted(&gap, restarts, marks);
    }

    /// A misspelt label on the line of the one missing number: the orphans after it are its
    /// children, so the edit of one word accounts for the whole gap.
    fn misspelt_root(&self, gap: &Gap, marks: &mut Marks) -> bool {
        let (t, from) = (gap.t, gap.from);
        if gap.count() != 1 {
            return false;
        }
        let diagnostics = marks.diagnostics;
        let Some((d, repair, word)) = diagnostics
            .iter()
            .filter(|d| d.code == codes::UNKNOWN_HEADING && gap.inside(d.line))
            .find_map(|d| self.misspelt(t, from, d).map(|(r, w)| (d, r, w)))
        else {
            return false;
        };
        let heading = self.heading_line(t, from);
        let message = format!(
            "'{word}' reads as '{}': the heading {heading} is misspelt, so {} {from} was not cut and its text went into {}",
            t.label,
            t.label,
            self.cited(gap.prev)
        );
        marks.found.push(Diagnostic {
            severity: Severity::Error,
            code: codes::MISSPELT_HEADING,
            message,
            line: d.line,
            column: d.column,
            offset: d.offset,
            hint: format!("correct '{word}' to '{}'", t.label),
            repair: Some(repair),
        });
        self.account(
            gap,
            marks,
            &[
                codes::ORPHAN_UNIT,
                codes::DUPLICATE_ORDINAL,
                codes::UNKNOWN_HEADING,
            ],
        );
        true
    }

    /// A missing heading printed with another type's number: the way a sibling type prints
    /// its heading (`30. to 32 [Repealed …]` among sections printed `29 (1) …`, `33 …`), the
    /// first of that type; or, for the one missing number, a lower level's (`(1)
    /// Establishment and incorporation of …` between sections 2 and 4).
    fn misprinted_root(&self, gap: &Gap, marks: &mut Marks) -> bool {
        let (t, from, prev, next) = (gap.t, gap.from, gap.prev, gap.next);
        if let Some(d) = self.misprinted_as_sibling(t, from, prev, next) {
            marks.found.push(d);
            self.account(
                gap,
                marks,
                &[
                    codes::ORDINAL_GAP,
                    codes::ORPHAN_UNIT,
                    codes::DUPLICATE_ORDINAL,
                ],
            );
            return true;
        }
        if gap.count() != 1 {
            return false;
        }
        let Some(d) = self.heading_numbered_as_child(t, from, prev, next, marks.diagnostics) else {
            return false;
        };
        marks.found.push(d);
        self.account(gap, marks, &[codes::ORPHAN_UNIT]);
        true
    }

    /// Several lost headings, each printed at the end of a line after a closing quotation
    /// mark or a title in capitals, in order (Nghị định 102/2021: `… tổ chức."Điều 4. Sửa
    /// đổi, bổ sung …` for each of its amending articles): each is named where it is, and
    /// only when every one of them is found, since a partial run would leave the rest unsaid.
    fn glued_run(&self, gap: &Gap, marks: &mut Marks) -> bool {
        if gap.count() <= 1 {
            return false;
        }
        let mut glued = Vec::new();
        let mut from_line = gap.after;
        for k in gap.from..=gap.to {
            match self.glued(gap.t, k, from_line, gap.before, gap.prev) {
                Some(d) => {
                    from_line = d.line;
                    glued.push(d);
                }
                None => break,
            }
        }
        if !gap.one_each(glued.len()) {
            return false;
        }
        let lost = glued.first().map_or(gap.after, |d| d.line);
        marks.found.extend(glued);
        self.absorb_lost(lost, gap, marks);
        true
    }

    /// The one lost heading with no clause numbers starting again after it, because the unit
    /// before it had none: glued to the end of a line, or missing before its own first clause
    /// `1.` after that unit's text. Otherwise the gap stays a warning.
    fn lone_heading(&self, gap: &Gap, marks: &mut Marks) {
        let (t, from, prev) = (gap.t, gap.from, gap.prev);
        if let Some(d) = self.glued(t, from, gap.after, gap.before, prev) {
            self.absorb_lost(d.line, gap, marks);
            marks.found.push(d);
        } else if let Some(d) = self.late_first_child(t, from, prev, gap.next) {
            marks.found.push(d);
            self.account(gap, marks, &[codes::DUPLICATE_ORDINAL, codes::ORPHAN_UNIT]);
        }
    }

    /// What a finding for the whole gap explains: the next heading's gap warning, the
    /// diagnostics of `codes_` inside the gap (each a symptom of the lost heading), and every
    /// number left out inside it.
    pub(super) fn account(&self, gap: &Gap, marks: &mut Marks, codes_: &[&str]) {
        for (i, d) in marks.diagnostics.iter().enumerate() {
            let gap_warning = d.code == codes::ORDINAL_GAP && d.line == gap.before;
            if gap_warning || (gap.inside(d.line) && codes_.contains(&d.code)) {
                marks.absorbed[i] = true;
            }
        }
        self.explain(|line| gap.inside(line), marks.explained);
    }

    /// What a heading lost on line `lost` (inside `gap`) explains: the next one's gap
    /// warning, orphans between, and the numbers left out there that repeat those of a unit
    /// before `lost` (the lost unit's own children, read under the unit before it). Numbers
    /// repeated under a unit after `lost` (`Mục 2` read as a clause of an article of the lost
    /// chapter) are another defect.
    fn absorb_lost(&self, lost: u32, gap: &Gap, marks: &mut Marks) {
        let caused = |l: &LeftOut| {
            l.parent
                .and_then(|p| self.units.get(p))
                .is_none_or(|p| p.line < lost)
        };
        for (i, d) in marks.diagnostics.iter().enumerate() {
            let gap_warning = d.code == codes::ORDINAL_GAP && d.line == gap.before;
            let between = gap.inside(d.line)
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
                marks.absorbed[i] = true;
            }
        }
        for (i, l) in self.left_out.iter().enumerate() {
            if gap.inside(l.at.line) && caused(l) {
                marks.explained[i] = true;
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
}
