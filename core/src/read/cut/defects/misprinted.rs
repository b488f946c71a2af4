//! `misprinted-heading` and `misspelt-heading`: the skipped number's heading printed as
//! another type prints its number, or after a misspelt label.

use super::super::codes;
use super::super::segmenter::LeftOut;
use super::super::sequence::show;
use super::{Defects, TITLE_WORDS};
use crate::store::unit::CutUnit;
use crate::text::diagnostic::{Diagnostic, Repair, Severity};
use crate::text::vocabulary::SectionType;

impl Defects<'_> {
    /// The repeated number `one` was cut earlier out of its place: between its neighbours `b)`
    /// and `d)` (or the repeat itself, right after it: `(2) (4) (4) (5)`), whose one missing
    /// number `c` is used nowhere. That earlier one is the misprint
    /// (`e)` for `c)`); the repair renumbers it, and the repeat then stands in its place.
    pub(super) fn misprinted_earlier(
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
    pub(super) fn misprinted_as_sibling(
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
    pub(super) fn heading_numbered_as_child(
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

    /// `Điền 25.` for `Điều 25.`: the diagnostic's line starts with a word one letter away from
    /// the label, then the number `n`. The repair and the word as written.
    pub(super) fn misspelt(
        &self,
        t: &SectionType,
        n: u32,
        d: &Diagnostic,
    ) -> Option<(Repair, String)> {
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

    /// `52B data-sharing and direct marketing codes` right before a run of repeated numbers
    /// under a citation root: a provision's heading whose title starts with a lowercase letter
    /// is read as text (a number then lowercase words is a cross-reference's tail), so its
    /// paragraphs went into the provision before. The repair capitalises the title.
    pub(super) fn lowercase_heading(
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
}
