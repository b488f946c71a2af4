//! `stray-quote`: a closing mark that ends a line early, and the quoted text cut as units.

use super::super::codes;
use super::Defects;
use crate::store::unit::CutUnit;
use crate::text::diagnostic::{Diagnostic, Repair, Severity};

impl Defects<'_> {
    /// A closing quotation mark that ends a line and closes the quotation too early: the same
    /// quotation closes again further on (a `”` with none open), and in between the quoted
    /// text was cut as the document's own units, which misfit (a number taken, a heading out of
    /// sequence). The repair deletes the early mark (and the `.` or `;` printed after it).
    pub(super) fn stray_close(
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
    pub(super) fn misfit_between(
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
}
