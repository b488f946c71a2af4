//! `duplicate-ordinal` repairs and `repeated-numbering`: repeated numbers among siblings.

use super::super::codes;
use super::super::segmenter::LeftOut;
use super::super::sequence::show;
use super::{Defects, QUOTED_NUMBERS};
use crate::store::unit::CutUnit;
use crate::text::diagnostic::{Diagnostic, Repair, Severity};
use std::collections::BTreeMap;

impl Defects<'_> {
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
