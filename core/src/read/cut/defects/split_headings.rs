//! Headings split by a line break or glued to the line before: a division's label at a line's
//! end, a clause's bare number at a line's end.

use super::super::codes;
use super::super::lines::Location;
use super::super::segmenter::LeftOut;
use super::super::sequence::{rank, show};
use super::{quoted_numbers, tail, Defects};
use crate::store::unit::CutUnit;
use crate::text::diagnostic::{Diagnostic, Repair, Severity};
use crate::text::vocabulary::SectionType;

impl Defects<'_> {
    /// Repeated numbers among siblings that no lost heading explains.
    /// `… Nghị định 88/2024/NĐ-CP. Mục` / `2. BỒI THƯỜNG VỀ ĐẤT …`: a division's label left at
    /// the end of the line before (a page's running footer glued to it), so its number and
    /// title in capitals read as a repeated clause. The repair moves the label to its number.
    pub(super) fn split_label(
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
    pub(super) fn split_orphans(
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
    pub(super) fn split_clauses(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        let starts = &self.starts;
        for (i, u) in self.units.iter().enumerate() {
            let Some(section) = self.section(i) else {
                continue;
            };
            let Some(t) = self.types.get(section) else {
                continue;
            };
            let next_is_held = self
                .section(i + 1)
                .and_then(|s| self.types.get(s))
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
                ordinal: u.ordinal.to_string(),
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
                .section(i + 1)
                .and_then(|s| self.types.get(s))
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
    pub(super) fn number_at_line_end(
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
                let written = quoted_numbers(repeats);
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
    pub(super) fn number_fits(
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
        } else if k.parents.iter().any(|p| *p == parent.section_type) {
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
}
