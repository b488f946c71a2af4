//! The end of the pass: the drafts become units, and what the pass saw becomes its outcome.

use compact_str::CompactString;

use super::super::{codes, Frame};
use super::{Draft, HeadingSeen, Outcome, PassageBuf, PrehashedMap, Segmenter};
use crate::store::unit::CutUnit;
use crate::store::unit::{content_digest, provision_status, sibling_positions};
use crate::text::diagnostic::{Diagnostic, Repair, Severity};
use std::hash::BuildHasherDefault;

impl Segmenter<'_> {
    pub(super) fn finish(mut self, find_runs: bool) -> Outcome {
        self.flush_marginal();
        for at in std::mem::take(&mut self.quotes.single_closed) {
            self.diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                code: codes::UNCLOSED_QUOTE,
                message: "this quotation ends with a single closing mark ’ instead of ”; it was read as closed here".into(),
                line: at.line,
                column: at.column,
                offset: at.offset,
                hint: "replace ’ with ”".into(),
                repair: Some(Repair {
                    offset: at.offset,
                    length: '’'.len_utf8(),
                    replacement: "”".into(),
                    description: "replace the closing ’ with ”".into(),
                }),
            });
        }
        for (at, term) in std::mem::take(&mut self.quotes.unopened) {
            let (message, hint, repair) = match term {
                Some(term) => (
                    "this closing quotation mark ends a defined term whose opening mark is missing, so no quotation opens here; it was read as an ordinary character".to_owned(),
                    "insert the opening quotation mark before the term".to_owned(),
                    Some(Repair {
                        offset: term.offset,
                        length: 0,
                        replacement: "\"".into(),
                        description: format!(
                            "insert the opening quotation mark '\"' at column {} of line {}, before the defined term",
                            term.column, term.line
                        ),
                    }),
                ),
                None => (
                    "this quotation mark closes no quotation (its opening mark is missing), so it was read as an ordinary character".to_owned(),
                    "insert the opening quotation mark where the quoted words start, or delete this one".to_owned(),
                    None,
                ),
            };
            self.diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                code: codes::STRAY_QUOTE,
                message,
                line: at.line,
                column: at.column,
                offset: at.offset,
                hint,
                repair,
            });
        }
        let unclosed = if self.quotes.open() {
            self.quotes.stray.or(self.quotes.opened)
        } else {
            None
        };
        if self.drafts.is_empty() && !self.headings_seen {
            if let Some(at) = self.first_content {
                let message = format!(
                    "no unit headings were recognised; the vocabulary expects headings like {}",
                    self.pattern_list()
                );
                self.report(
                    Severity::Warning,
                    codes::NO_UNITS,
                    at,
                    message,
                    "check that the document is in the vocabulary's language and that headings start their lines".into(),
                );
            }
        }
        // What only the pass needed goes before the units are made, so that it is not held
        // beside them (a 6,510-unit act's headings seen and addresses: 0.7 MB).
        let contents = if find_runs {
            contents_lines(&self.seen_headings, &self.inside)
        } else {
            Vec::new()
        };
        drop(std::mem::take(&mut self.seen_headings));
        drop(std::mem::take(&mut self.seen));
        // Drafts are in document order, each parent before its children.
        let positions = sibling_positions(self.drafts.iter().map(|d| d.unit.parent));
        let mut unit_notes = unit_notes(&self.drafts, self.site_notes, self.held.as_ref());
        for (i, (d, position)) in self.drafts.iter_mut().zip(positions).enumerate() {
            let u = &mut d.unit;
            // Every piece was trimmed before it was joined, so the body already is.
            u.section_type = self
                .types
                .get(d.section)
                .map(|t| CompactString::new(&t.code))
                .unwrap_or_default();
            u.content_sha256 = content_digest(u.heading.as_deref(), &u.body);
            u.status = provision_status(u.heading.as_deref(), &u.body);
            u.position = position;
            u.notes = unit_notes
                .get_mut(i)
                .map(std::mem::take)
                .unwrap_or_default();
        }
        let sections = self.drafts.iter().map(|d| d.section).collect();
        // In place: a draft is its unit and a little more, so the units keep the drafts' memory.
        let units: Vec<CutUnit> = self.drafts.into_iter().map(|d| d.unit).collect();
        let mut notes = self.notes;
        notes.extend(self.note.and_then(PassageBuf::into_passage));
        Outcome {
            units,
            sections,
            diagnostics: self.diagnostics,
            frame: Frame {
                preamble: self.preamble.into_passage(),
                closing: self.held.and_then(PassageBuf::into_passage),
                notes,
                contents: self.frame_contents,
            },
            unclosed,
            runaway: self.quotes.runaway,
            contents,
            left_out: self.left_out,
            restarted: self.restarted,
            restarted_within: self.restarted_within,
            orphaned: self.orphaned,
            restarted_in: self.restarted_in,
        }
    }
}

/// The lines of tables of contents among `seen` headings (`inside[a][b]`: a type-a unit may
/// stand inside a type-b one).
///
/// - Runs of headings with no text between them that hold at least three citation roots,
///   most of them repeating a heading elsewhere in the text (`SEC. 2. TABLE OF CONTENTS.`
///   listing `Sec. 1101. …`): its headings are entries, except the heading that holds the
///   table when the run starts with it (`SEC. 2.`, used again only by its own entry in the
///   run). The headings that open the provisions after the run (a descent such as TITLE I →
///   SEC. 101 → (a)) are entries only when they are the first to use an address used again
///   after the run (the last entry, `Sec. 4.`, before text such as `DIVISION A—…`).
/// - A structural heading followed by one of its own type, or of a type it sits in, before
///   any citation root it may contain, or followed by one of its own type with a lower number,
///   when it is the first to use an address used again later: an entry of an analysis that
///   lists structural headings (a title's `Subtitle I—…`, `Subtitle II—…`; a public law's
///   `Title I—…`, `Title II—…` listed before `SEC. 3.`, the text's `TITLE I` coming later).
fn contents_lines(seen: &[HeadingSeen], inside: &[Vec<bool>]) -> Vec<u32> {
    // Per address: how often it is met and the index of its first heading. Counted only when
    // needed, as most texts have no table of contents and this is a second address map.
    let mut repeats: Option<PrehashedMap<(u32, usize)>> = None;
    let count = || {
        let mut counts =
            PrehashedMap::with_capacity_and_hasher(seen.len(), BuildHasherDefault::default());
        for (i, h) in seen.iter().enumerate() {
            counts.entry(h.address).or_insert((0u32, i)).0 += 1;
        }
        counts
    };
    let inside = |a: usize, b: usize| inside.get(a).and_then(|r| r.get(b)) == Some(&true);
    let mut out = Vec::new();
    let mut start = 0;
    while start < seen.len() {
        let mut end = start;
        while end + 1 < seen.len() && seen.get(end).is_some_and(|h| h.text_after == 0) {
            end += 1;
        }
        let run = seen.get(start..=end).unwrap_or_default();
        // The provisions' own opening: the longest suffix whose levels go strictly down the tree.
        let mut tail = run.len().saturating_sub(1);
        while tail > 0
            && run
                .get(tail - 1)
                .zip(run.get(tail))
                .is_some_and(|(a, b)| a.level < b.level)
        {
            tail -= 1;
        }
        let first = start;
        start = end + 1;
        let entries = run.get(..tail).unwrap_or_default();
        let roots = entries.iter().filter(|h| h.root).count();
        if roots < 3 {
            continue;
        }
        let counts = &*repeats.get_or_insert_with(count);
        let used = |h: &HeadingSeen| counts.get(&h.address).copied().unwrap_or((1, 0));
        let in_run = |h: &HeadingSeen| run.iter().filter(|r| r.address == h.address).count();
        let repeated = entries.iter().filter(|h| h.root && used(h).0 > 1).count();
        if repeated < 2 || repeated * 2 < roots {
            continue;
        }
        for (k, h) in run.iter().enumerate() {
            let (n, first_at) = used(h);
            let is_first = first_at == first + k;
            let entry = if k < tail {
                // The heading that holds the table (`SEC. 2. TABLE OF CONTENTS.`) starts the
                // run, and only its own entry in the run uses its address again.
                !(k == 0 && is_first && n > 1 && n as usize == in_run(h))
            } else {
                n > 1 && is_first && n as usize > in_run(h)
            };
            if entry {
                out.push(h.line);
            }
        }
    }
    for (i, h) in seen.iter().enumerate() {
        if !h.structural {
            continue;
        }
        // As in a note (`quoted_in_note`): an entry meets the next entry before any citation
        // root it may contain, or a heading of its type with a lower number.
        let mut contains_root = false;
        let closes = seen.iter().skip(i + 1).find_map(|n| {
            if n.section == h.section {
                let lower = h.rank.is_some() && n.rank.is_some() && n.rank < h.rank;
                Some(lower || !contains_root)
            } else if inside(h.section, n.section) {
                Some(!contains_root)
            } else {
                contains_root |= n.root && inside(n.section, h.section);
                None
            }
        });
        if closes == Some(true) {
            let counts = &*repeats.get_or_insert_with(count);
            if counts
                .get(&h.address)
                .is_some_and(|&(n, first)| n > 1 && first == i)
            {
                out.push(h.line);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

// The site notes of each draft: a note belongs to the unit whose text it is in, the last to
// start before it (drafts are in document order, so offsets only grow), unless it stands
// before the first unit or in the closing.
fn unit_notes(
    drafts: &[Draft],
    notes: Vec<(usize, u32, String)>,
    closing: Option<&PassageBuf>,
) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new(); if notes.is_empty() { 0 } else { drafts.len() }];
    let closing = closing
        .filter(|c| !c.text.is_empty())
        .map_or(u32::MAX, |c| c.line);
    for (offset, line, text) in notes {
        let at = drafts.partition_point(|d| d.offset <= offset);
        if line >= closing || at == 0 {
            continue;
        }
        if let Some(unit) = out.get_mut(at - 1) {
            unit.push(text);
        }
    }
    out
}
