//! `missing-heading` for one lost heading printed at the end of a line, or before the first
//! clause of the article before it.

use super::super::codes;
use super::super::sequence::show;
use super::{in_capitals, nfc_prefix, tail, Defects};
use crate::text::diagnostic::{Diagnostic, Repair, Severity};
use crate::text::vocabulary::SectionType;

impl Defects<'_> {
    /// The heading `Điều 2.` printed at the end of a line between `after` and `before`, right
    /// after a closing quotation mark (`… về giá.”Điều 2.`) or a title in capitals (`Chương II
    /// … QUỐC GIA Điều 9. Nguyên tắc …`), then nothing or a capitalised title: a line break
    /// the crawl lost. The repair breaks the line before it.
    pub(super) fn glued(
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
    pub(super) fn late_first_child(
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
}
