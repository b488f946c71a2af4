//! A clause's announced list numbered like the clauses (`1. … như sau:` then `1.`, `2.`, …).

use super::super::codes;
use super::super::segmenter::LeftOut;
use super::super::sequence::show;
use super::Defects;
use crate::store::unit::CutUnit;
use crate::text::diagnostic::{Diagnostic, Repair, Severity};
use crate::text::vocabulary::SectionType;

impl Defects<'_> {
    /// `1. … như sau:` then, on the next lines, `1.`, `2.`, …: the list the clause announces,
    /// numbered like the clauses themselves (the official text letters it). The repair letters
    /// it as the clause's points (`a)`, `b)`, …). `one` is the repeated `1.`; the run goes on
    /// while the following lines carry the next numbers, up to the next heading.
    pub(super) fn inner_list(
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
}
