//! `missing-heading` for division labels lost before their titles in capitals, and lost
//! articles that can only start at an unnumbered paragraph.

use super::super::codes;
use super::{tail, Defects};
use crate::text::diagnostic::{Diagnostic, Repair, Severity};
use crate::text::vocabulary::SectionType;
use std::collections::BTreeMap;

/// A lost label placed on a bare title: its line, the division's type and number, whether it
/// explains an error (then it is one), and why it stands there, for the message.
struct Placed {
    line: u32,
    division: usize,
    n: u32,
    explains: bool,
    why: String,
}

/// Line `n` (1-based) of `lines`, or nothing.
fn line_of<'a>(lines: &[&'a str], n: u32) -> &'a str {
    usize::try_from(n)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| lines.get(i).copied())
        .unwrap_or("")
}

impl Defects<'_> {
    /// Division labels the crawl lost, their titles kept: `Chương I`, `Chương II` gone, and
    /// `NHỮNG QUY ĐỊNH CHUNG` in capitals standing alone before `Điều 1.`. A division's
    /// numbers skipped between two printed ones (or before the first) are placed on the titles
    /// standing bare in that stretch (`bare_titles`) when there are exactly as many: each is
    /// named at its title's line, and the repair inserts the label before it. A lower
    /// division (`Mục 2`) found outside any chapter stands in the last chapter named before it;
    /// a chapter divided into Mục has all its articles in them, so its first Mục (`Mục 1`)
    /// stands right after the chapter's title, before its first article: when the bare title
    /// there is two lines, the second is the first Mục's title, and is named too. A label
    /// that explains an error (the orphaned Mục) is an error; the others replace the warning
    /// of the gap, as warnings.
    pub(super) fn lost_labels(
        &self,
        diagnostics: &[Diagnostic],
        absorbed: &mut [bool],
        found: &mut Vec<Diagnostic>,
    ) {
        // The article: the lowest citation root numbering provisions (Điều, not Chương, whose
        // Mục are no citation roots).
        let Some(article_level) = (0..self.types.len())
            .filter(|&r| self.numbers_provisions(r))
            .filter_map(|r| self.types.get(r).map(|t| t.level))
            .max()
        else {
            return;
        };
        let lines: Vec<&str> = self.text.lines().collect();
        let titles = self.bare_titles(&lines, article_level);
        if titles.is_empty() {
            return;
        }
        let (mut placed, gaps_closed) = self.skipped_labels(&titles, article_level);
        self.first_lower_labels(
            &lines,
            &titles,
            article_level,
            diagnostics,
            absorbed,
            &mut placed,
        );
        if placed.is_empty() {
            return;
        }
        for (i, d) in diagnostics.iter().enumerate() {
            if d.code == codes::ORDINAL_GAP && gaps_closed.contains(&d.line) {
                absorbed[i] = true;
            }
        }
        placed.sort_by_key(|p| p.line);
        found.extend(placed.iter().filter_map(|p| self.lost_label(&lines, p)));
    }

    /// The labels of each division numbered once through the text (not again in each part)
    /// whose printed numbers skip exactly as many as the bare titles in that stretch, and the
    /// lines of the headings whose gap they close.
    fn skipped_labels(&self, titles: &[(u32, u32)], article_level: u32) -> (Vec<Placed>, Vec<u32>) {
        let mut placed = Vec::new();
        let mut gaps_closed: Vec<u32> = Vec::new();
        for (division, t) in self.types.iter().enumerate() {
            if t.level >= article_level || t.label.is_empty() {
                continue;
            }
            let printed: Vec<(u32, u32)> = self
                .units
                .iter()
                .filter(|u| u.section_type == t.code)
                .filter_map(|u| {
                    let r = self.rank_of(division, &u.ordinal)?;
                    r.suffix().is_empty().then(|| (u.line, r.base()))
                })
                .collect();
            // Numbered once through the text (not again in each part).
            if printed.is_empty() || printed.windows(2).any(|w| w[1].1 <= w[0].1) {
                continue;
            }
            let mut from = (0, 0);
            for &(line, n) in &printed {
                let missing = n.saturating_sub(from.1 + 1);
                let bare: Vec<&(u32, u32)> = titles
                    .iter()
                    .filter(|(at, _)| *at > from.0 && *at < line)
                    .collect();
                if missing > 0 && bare.len() == usize::try_from(missing).unwrap_or(0) {
                    let next = self.heading_line(t, n);
                    let first = self.heading_line(t, from.1 + 1);
                    for (k, (at, _)) in bare.iter().enumerate() {
                        let k = u32::try_from(k).unwrap_or(0);
                        let why = if missing == 1 {
                            format!("the {} printed skip {first} before {next} (line {line}), and this is the one title standing so before it", t.label)
                        } else {
                            format!("the {} printed skip {first} to {} before {next} (line {line}), and this is title {} of the {missing} standing so before it, in order", t.label, self.heading_line(t, n - 1), k + 1)
                        };
                        placed.push(Placed {
                            line: *at,
                            division,
                            n: from.1 + 1 + k,
                            explains: false,
                            why,
                        });
                    }
                    gaps_closed.push(line);
                }
                from = (line, n);
            }
        }
        (placed, gaps_closed)
    }

    /// A lower division printed outside any higher one (`Mục 2 is not inside any Chương`),
    /// second of its kind in a chapter whose label was placed on a two-line bare title: the
    /// title's second line is the first lower division's (`Mục 1`), lost too. Its label is
    /// placed there, and it and the chapter's explain the orphan.
    fn first_lower_labels(
        &self,
        lines: &[&str],
        titles: &[(u32, u32)],
        article_level: u32,
        diagnostics: &[Diagnostic],
        absorbed: &mut [bool],
        placed: &mut Vec<Placed>,
    ) {
        for (i, d) in diagnostics.iter().enumerate() {
            if d.code != codes::ORPHAN_UNIT {
                continue;
            }
            let Some((lower, n)) = self.division_label(line_of(lines, d.line), article_level)
            else {
                continue;
            };
            let Some(m) = self.types.get(lower) else {
                continue;
            };
            // The chapter it stands in: the last label placed before it, of one of its parents.
            let Some(chapter) = placed
                .iter()
                .map(|p| (p.line, p.division, p.n))
                .filter(|p| p.0 < d.line)
                .filter(|p| {
                    self.types
                        .get(p.1)
                        .is_some_and(|c| m.parents.contains(&c.code))
                })
                .max_by_key(|p| p.0)
            else {
                continue;
            };
            let run = titles
                .iter()
                .find(|(at, _)| *at == chapter.0)
                .map_or(0, |(_, len)| *len);
            // Nothing of its own kind between the chapter and it: it is the chapter's second.
            let between = self
                .units
                .iter()
                .any(|u| u.section_type == m.code && u.line > chapter.0 && u.line < d.line);
            if n != 2 || run != 2 || between {
                continue;
            }
            for p in placed.iter_mut().filter(|p| p.line == chapter.0) {
                p.explains = true;
            }
            let chapter_label = self
                .types
                .get(chapter.1)
                .map(|c| self.heading_line(c, chapter.2))
                .unwrap_or_default();
            let why = format!(
                "{} (line {}) stands in {chapter_label} (line {}), whose label is lost too, with no {} before it: that chapter is divided into {}, so its first articles are in {}, whose title in capitals stands right after the chapter's (line {}), before its first article",
                self.heading_line(m, n),
                d.line,
                chapter.0,
                self.heading_line(m, 1),
                m.label,
                self.heading_line(m, 1),
                chapter.0
            );
            placed.push(Placed {
                line: chapter.0 + 1,
                division: lower,
                n: 1,
                explains: true,
                why,
            });
            absorbed[i] = true;
        }
    }

    /// The finding for one label placed, with the repair that inserts it on a line of its own.
    fn lost_label(&self, lines: &[&str], p: &Placed) -> Option<Diagnostic> {
        let line = p.line;
        let t = self.types.get(p.division)?;
        let offset = *usize::try_from(line)
            .ok()
            .and_then(|l| l.checked_sub(1))
            .and_then(|l| self.starts.get(l))?;
        let eol = if self.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let label = self.heading_line(t, p.n);
        let title = line_of(lines, line).trim();
        let description = format!("insert the label {label} before line {line}");
        Some(Diagnostic {
            severity: if p.explains {
                Severity::Error
            } else {
                Severity::Warning
            },
            code: codes::MISSING_HEADING,
            message: format!(
                "the label {label} seems lost before line {line}: '{}' is a title in capitals standing alone, with no label before it and a heading after it; {}",
                tail(title, 48),
                p.why
            ),
            line,
            column: 1,
            offset,
            hint: format!("{description}: a line the source lost"),
            repair: Some(Repair {
                offset,
                length: 0,
                replacement: format!("{label}{eol}"),
                description,
            }),
        })
    }

    /// A division's label and arabic number opening `line` (`Mục 2`), cut or not (an
    /// orphaned one is text): its type and number.
    pub(super) fn division_label(&self, line: &str, article_level: u32) -> Option<(usize, u32)> {
        let line = line.trim();
        self.types.iter().enumerate().find_map(|(k, m)| {
            if m.level >= article_level || m.label.is_empty() {
                return None;
            }
            let rest = line.strip_prefix(m.label.as_str())?;
            let rest = rest.strip_prefix(char::is_whitespace)?.trim_start();
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let n: u32 = digits.parse().ok()?;
            Some((k, n))
        })
    }

    /// Titles in capitals standing alone, as a lost label leaves them: runs of one to three
    /// lines in capitals, none of them a unit's line, not right after a division's heading
    /// (whose title they would be), and right before an article's or a division's heading.
    /// (line of the first, number of lines).
    pub(super) fn bare_titles(&self, lines: &[&str], article_level: u32) -> Vec<(u32, u32)> {
        let mut at_line: BTreeMap<u32, u32> = BTreeMap::new();
        for u in self.units {
            if let Some(t) = self.section_of(u).and_then(|s| self.types.get(s)) {
                at_line.entry(u.line).or_insert(t.level);
            }
        }
        // A line in capitals that starts with a label (`SUBCHAPTER I—GENERAL`) is a heading
        // printed with its label, not a title that lost it.
        let labels: Vec<String> = self
            .types
            .iter()
            .filter(|t| !t.label.is_empty())
            .map(|t| t.label.to_lowercase())
            .collect();
        let capitals = |l: &str| {
            let l = l.trim();
            let lower = l.to_lowercase();
            l.chars().filter(|c| c.is_alphabetic()).count() >= 4
                && !l.chars().any(char::is_lowercase)
                && l.starts_with(char::is_alphabetic)
                && !labels.iter().any(|label| {
                    lower
                        .strip_prefix(label.as_str())
                        .is_some_and(|rest| !rest.starts_with(char::is_alphabetic))
                })
        };
        let mut found = Vec::new();
        let mut n = 0;
        while n < lines.len() {
            let line = u32::try_from(n + 1).unwrap_or(u32::MAX);
            if at_line.contains_key(&line) || !capitals(lines.get(n).copied().unwrap_or("")) {
                n += 1;
                continue;
            }
            let mut end = n;
            while end + 1 < lines.len()
                && capitals(lines.get(end + 1).copied().unwrap_or(""))
                && !at_line.contains_key(&u32::try_from(end + 2).unwrap_or(u32::MAX))
            {
                end += 1;
            }
            let len = u32::try_from(end - n + 1).unwrap_or(u32::MAX);
            let previous = (1..line)
                .rev()
                .find(|k| {
                    lines
                        .get(usize::try_from(*k).unwrap_or(0).saturating_sub(1))
                        .is_some_and(|l| !l.trim().is_empty())
                })
                .is_some_and(|k| {
                    at_line.get(&k).is_some_and(|level| *level < article_level)
                        || self
                            .division_label(
                                lines
                                    .get(usize::try_from(k).unwrap_or(0).saturating_sub(1))
                                    .copied()
                                    .unwrap_or(""),
                                article_level,
                            )
                            .is_some()
                });
            let next = (line + len..)
                .take_while(|k| usize::try_from(*k).is_ok_and(|k| k <= lines.len()))
                .find(|k| {
                    lines
                        .get(usize::try_from(*k).unwrap_or(0).saturating_sub(1))
                        .is_some_and(|l| !l.trim().is_empty())
                })
                .and_then(|k| at_line.get(&k))
                .is_some_and(|level| *level <= article_level);
            if len <= 3 && !previous && next {
                found.push((line, len));
            }
            n = end + 1;
        }
        found
    }

    /// Where lost articles with no numbered clauses can start, between the headings on lines
    /// `after` and `before` whose clause numbers start again at `restarts`: an article's first
    /// line is its own text or its clause `1.`, never a later clause or a point, and it cannot
    /// leave the article before it empty. So such an article starts at an unnumbered
    /// paragraph (capitalised, after a line that ends a sentence, not one ending `:` that
    /// announces it) with no numbered line after it up to the next heading (a clause after it
    /// would be numbered on, or start again, where the lost heading would stand instead).
    /// Every such line is returned; the caller proposes them only when there are exactly as
    /// many as lost articles, so that no other placement is possible. (An unnumbered paragraph
    /// after an article's last clause is not by itself a new article: in the corpora's whole
    /// texts, about one article with clauses in eleven ends with one.)
    pub(super) fn paragraph_articles(
        &self,
        t: &SectionType,
        after: u32,
        before: u32,
        restarts: &[u32],
    ) -> Vec<u32> {
        // Lines where something numbered starts: a unit of the text (a division ends the
        // stretch as a heading does) or a number left out.
        let mut numbered: BTreeMap<u32, bool> = BTreeMap::new();
        for u in self
            .units
            .iter()
            .filter(|u| u.line > after && u.line < before)
        {
            let division = self
                .section_of(u)
                .and_then(|s| self.types.get(s))
                .is_some_and(|c| c.level <= t.level);
            numbered.insert(u.line, division);
        }
        for l in self
            .left_out
            .iter()
            .filter(|l| l.at.line > after && l.at.line < before)
        {
            numbered.entry(l.at.line).or_insert(false);
        }
        for r in restarts {
            numbered.insert(*r, false);
        }
        let lines: Vec<&str> = self.text.lines().collect();
        let line = |n: u32| -> &str {
            usize::try_from(n)
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| lines.get(i).copied())
                .unwrap_or("")
        };
        let mut found = Vec::new();
        for n in after + 2..before {
            let text = line(n).trim();
            if numbered.contains_key(&n) || !text.starts_with(char::is_uppercase) {
                continue;
            }
            let Some(previous) = (after + 1..n)
                .rev()
                .map(|k| line(k).trim())
                .find(|l| !l.is_empty())
            else {
                continue;
            };
            if !previous.ends_with(['.', '”', '"']) {
                continue;
            }
            // Up to the next heading or division nothing numbered follows.
            let clause_after = numbered
                .range(n + 1..before)
                .next()
                .is_some_and(|(_, division)| !division);
            if !clause_after {
                found.push(n);
            }
        }
        found
    }
}
