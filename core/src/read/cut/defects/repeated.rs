//! `duplicate-ordinal` repairs and `repeated-numbering`: repeated numbers among siblings.

use super::super::codes;
use super::super::segmenter::LeftOut;
use super::super::sequence::{show, Rank};
use super::{quoted_numbers, Defects};
use crate::store::unit::CutUnit;
use crate::text::diagnostic::{Diagnostic, Repair, Severity};
use crate::text::vocabulary::SectionType;
use std::collections::BTreeMap;

/// One list whose numbers repeat: the type of its items (`section`, `t`), the unit they are
/// cut under, and the items cut. Every reading of its repeats is judged against them.
struct List<'a> {
    section: usize,
    t: &'a SectionType,
    parent: usize,
    siblings: Vec<&'a CutUnit>,
}

/// The `duplicate-ordinal` the cut reported for `one`: a finding about that one number takes
/// its place, so that the number is named once.
fn reported<'d>(diagnostics: &'d mut [Diagnostic], one: &LeftOut) -> Option<&'d mut Diagnostic> {
    diagnostics.iter_mut().find(|d| {
        d.code == codes::DUPLICATE_ORDINAL && d.line == one.at.line && d.offset == one.at.offset
    })
}

impl Defects<'_> {
    /// The numbers left out for repeating a sibling's that no lost heading explains, grouped
    /// by list (parent and type): each list's repeats are one defect, read from the surest
    /// sign (a clause's number at the end of the line before its text) to the plainest (the
    /// list numbered again).
    pub(super) fn repeated_children(
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
            let Some(parent) = parent else {
                continue;
            };
            let siblings: Vec<&CutUnit> = self
                .units
                .iter()
                .filter(|u| u.parent == Some(parent) && u.section_type == t.code)
                .collect();
            let list = List {
                section,
                t,
                parent,
                siblings,
            };
            if let Some(d) = self.line_end_numbers(&list, &repeats, diagnostics, absorbed) {
                found.push(d);
                continue;
            }
            match repeats.as_slice() {
                [one] => self.one_repeat(&list, one, diagnostics),
                _ => found.extend(self.repeated_run(&list, &repeats, diagnostics, absorbed)),
            }
        }
    }

    /// Repeats right after a line ending with a clause's bare number (the crawl lost the line
    /// break before it): one finding replaces their `duplicate-ordinal`s and the gaps and
    /// disorder they caused.
    fn line_end_numbers(
        &self,
        list: &List,
        repeats: &[&LeftOut],
        diagnostics: &[Diagnostic],
        absorbed: &mut [bool],
    ) -> Option<Diagnostic> {
        let (d, caused) = self.number_at_line_end(repeats, list.parent, list.t, &list.siblings)?;
        for (i, x) in diagnostics.iter().enumerate() {
            let repeat = x.code == codes::DUPLICATE_ORDINAL
                && repeats.iter().any(|l| l.at.offset == x.offset);
            let ordinal = matches!(x.code, codes::ORDINAL_GAP | codes::ORDINAL_OUT_OF_ORDER)
                && caused.contains(&x.line);
            if repeat || ordinal {
                absorbed[i] = true;
            }
        }
        Some(d)
    }

    /// Several repeats: one finding for the run, at its first line, in place of one per
    /// number: a heading printed in lower case that the run belongs to, or else the list
    /// numbered again.
    fn repeated_run(
        &self,
        list: &List,
        repeats: &[&LeftOut],
        diagnostics: &[Diagnostic],
        absorbed: &mut [bool],
    ) -> Option<Diagnostic> {
        let (t, parent) = (list.t, list.parent);
        let (first, last) = (repeats.first()?, repeats.last()?);
        let lines = first.at.line..=last.at.line;
        for (i, d) in diagnostics.iter().enumerate() {
            if d.code == codes::DUPLICATE_ORDINAL && lines.contains(&d.line) {
                absorbed[i] = true;
            }
        }
        if let Some(d) = self.lowercase_heading(first, parent, t, repeats.len()) {
            return Some(d);
        }
        let written = quoted_numbers(repeats);
        Some(Diagnostic {
            severity: Severity::Error,
            code: codes::REPEATED_NUMBERING,
            message: format!(
                "the {} numbers of {} are used again from line {} to line {} ({}), so those {} and everything under them were left out",
                t.label,
                self.cited(parent),
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
        })
    }

    /// One repeat: a division's heading split by a line break, a list its item announces, or
    /// a misprinted number; the finding replaces the repeat's `duplicate-ordinal`.
    fn one_repeat(&self, list: &List, one: &LeftOut, diagnostics: &mut [Diagnostic]) {
        let Some(own) = self.rank_of(list.section, &one.ordinal) else {
            return;
        };
        let repeated = format!(
            "a repeated {} {}",
            self.types.get(one.section).map_or("", |t| t.label.as_str()),
            one.written
        );
        let finding = match self.split_label(one, || repeated) {
            Some((split, _)) => Some(split),
            None => self.inner_list(list.t, list.parent, one, &list.siblings),
        };
        if let Some(finding) = finding {
            if let Some(d) = reported(diagnostics, one) {
                *d = finding;
            }
            return;
        }
        self.renumber_repeat(list, one, &own, diagnostics);
    }

    /// One repeat reads as the next free number when that fits between its neighbours: the
    /// repeat's `duplicate-ordinal` gets the repair. When it does not fit, the first of the
    /// two may be the misprint (`b) … e) … d) đ) e)`: the first `e)` stands where `c)`
    /// belongs).
    fn renumber_repeat(
        &self,
        list: &List,
        one: &LeftOut,
        own: &Rank,
        diagnostics: &mut [Diagnostic],
    ) {
        let (section, t, parent) = (list.section, list.t, list.parent);
        let before = list.siblings.iter().filter(|u| u.line < one.at.line);
        let Some(last) = before
            .filter_map(|u| self.rank_of(section, &u.ordinal))
            .max_by(|a, b| (a.base(), a.suffix()).cmp(&(b.base(), b.suffix())))
        else {
            return;
        };
        let next = last.base() + 1;
        // The next number is free, and the siblings after the repeat continue after it.
        let taken = list.siblings.iter().any(|u| {
            self.rank_of(section, &u.ordinal)
                .is_some_and(|r| r.base() == next || (u.line > one.at.line && r.base() < next))
        });
        if taken || own.base() >= next {
            if let Some(d) = self.misprinted_earlier(t, parent, one, &list.siblings) {
                if let Some(slot) = reported(diagnostics, one) {
                    *slot = d;
                }
            }
            return;
        }
        let proposed = show(t.ordinal_style, self.alphabet, next);
        let Some(d) = reported(diagnostics, one) else {
            return;
        };
        d.message = format!(
            "the second {} {} of {} reads as {} {proposed}: it follows {} {}, and {proposed} is not used; as written, its address is taken, so it and everything under it were left out",
            t.label,
            one.written,
            self.cited(parent),
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
                self.cited(parent),
                one.at.line
            ),
        });
    }
}
