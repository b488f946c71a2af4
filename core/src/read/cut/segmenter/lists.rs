//! Numbered lines that are not headings: lists in a division's own text, a second list, a
//! cross-reference cut off by a line break, the rows of a table.

use super::super::codes;
use super::super::lines::Line;
use super::super::pattern::Match;
use super::super::sequence::{step, Step};
use super::super::text::TrimSpace;
use super::{address_hash, parenthetical_words, Attach, Open, Plan, Segmenter};
use crate::store::unit::derived_address;
use crate::text::diagnostic::Severity;
use crate::text::vocabulary::SectionType;

impl Segmenter<'_> {
    // An appropriations act runs its own text in a Title before any section (`For necessary
    // expenses …: Provided further, That … shall submit … a detailed report on—`), and that
    // text may list items `(1)`, `(2)`, `(A)`: the publisher gives them no section, so no unit
    // may hold them, yet nothing was lost. A list item with no place is such text when the
    // innermost open unit is a division (one that holds citation roots) whose own text
    // introduces the list (its last line ends in `—` or `:`), and from then on for the rest
    // of that division's text. A lost section heading leaves its items under the section
    // before, or after a heading line, not after a division's sentence introducing a list.
    pub(super) fn list_in_text(&mut self, line: &Line<'_>, start: usize, m: &Match) -> bool {
        let item = self
            .types
            .get(m.section)
            .is_some_and(|t| !t.citation_root && self.structural.get(m.section) != Some(&true));
        let Some(&Open {
            section,
            unit: Some(division),
            ..
        }) = self.stack.last()
        else {
            return false;
        };
        if !item || self.structural.get(section) != Some(&true) {
            return false;
        }
        if self.text_list == Some(division) {
            return true;
        }
        let Some(body) = self.drafts.get(division).map(|d| d.unit.body.as_str()) else {
            return false;
        };
        let introduces = body
            .lines()
            .last()
            .is_some_and(|l| l.trim_end().ends_with(['—', ':']));
        // Headings and sentences only: a line opening with a number (`5.—(1) An active member
        // …`, `(4) The notice …`) is a provision the cut could not read, and the list is its.
        // An appropriation's parenthetical line under its heading (`(including transfer of
        // funds)`, `(rescission)`) is words, not a number.
        let prose = body.lines().all(|l| {
            let l = l.trim_start();
            l.starts_with(char::is_alphabetic) || parenthetical_words(l)
        });
        if !introduces || !prose {
            return false;
        }
        self.text_list = Some(division);
        let label = self.types.get(section).map_or("", |t| t.label.as_str());
        self.report(
            Severity::Warning,
            codes::LIST_IN_TEXT,
            line.locate(start),
            format!("a numbered list in the {label}'s own text, outside any section: its items are kept as text of the {label}"),
            "nothing to do if the text lists items before its sections (an appropriations act); otherwise a section heading above the list was lost".into(),
        );
        true
    }

    // A list in the text of one of its own items starts its numbering again (legislation.gov.uk
    // prints lists whose unnumbered items hold their own lists, `(c) … namely—` / `section 36;`
    // / `section 152(1) …, so far as they amend—` `(i)` `(ii)` / `section 152(4) …, so far as
    // they relate to—` `(i)` again; `“amount A” is the smaller of—` `(a)` `(b)` / `“amount B”
    // is—` `(a)` again): the first list was cut as the unit's items; a first number that would
    // repeat one of them, right after a line of text (not the heading's own line) of a later
    // item of that list that introduces a list (it ends in `—` or `:`), opens a second list the
    // publisher gives no provision numbers of their own: its items are text of that item, up
    // to the next heading cut as a unit. A clause `1. … như sau:` with `1.` `2.` after it is
    // not this (the heading's own line introduces that list: see `defects.rs`).
    pub(super) fn second_list(
        &mut self,
        line: &Line<'_>,
        start: usize,
        m: &Match,
        plan: &Plan,
    ) -> bool {
        let Attach::Under(at) = plan.attach else {
            return false;
        };
        // Its items, and anything deeper under them (`(i)` under its `(b)`), are text.
        if let Some((section, unit, depth)) = self.second_list {
            let open = self.stack.get(depth).and_then(|o| o.unit) == Some(unit);
            if open && (at > depth || (at == depth && section == m.section)) {
                return true;
            }
        }
        let Some(parent) = self.stack.get(at).and_then(|o| o.unit) else {
            return false;
        };
        let Some(t) = self.types.get(m.section) else {
            return false;
        };
        let item = !t.citation_root && self.structural.get(m.section) != Some(&true);
        let first = plan
            .rank
            .as_ref()
            .is_some_and(|r| step(None, r) == Step::Next);
        if !item || !first {
            return false;
        }
        let Some(parent_address) = self
            .drafts
            .get(parent)
            .map(|d| d.unit.canonical_address.as_str())
        else {
            return false;
        };
        let address = derived_address(self.doc, Some(parent_address), t, &m.ordinal);
        let hash = address_hash(&address);
        if self.first_seen(hash, &address).is_none() {
            return false;
        }
        // The unit cut last holds the text read since: a later item of the list whose first
        // number this one repeats.
        let holder = self.seen.get(&hash).copied();
        let open = self.drafts.len().wrapping_sub(1);
        let Some(d) = self.drafts.get(open) else {
            return false;
        };

        let sibling =
            d.section == m.section && d.unit.parent == Some(parent) && holder != Some(open);
        // Not the heading's own line. (A line opening with a number that the cut kept as text,
        // `8. A claim … if the claim—` in a form printed in a schedule, is no provision: its
        // list is text after it, as the line is.)
        let introduces = d.unit.body.contains('\n')
            && d.unit
                .body
                .lines()
                .last()
                .is_some_and(|l| l.trim_end().ends_with(['—', '–', '-', ':']));
        if !sibling || !introduces {
            return false;
        }
        self.second_list = Some((m.section, parent, at));
        let label = self.types.get(m.section).map_or("", |t| t.label.as_str());
        let written = line
            .text
            .get(m.ordinal_at..m.ordinal_end)
            .unwrap_or_default();
        self.report(
            Severity::Warning,
            codes::LIST_IN_TEXT,
            line.locate(start),
            format!("{label} {written} starts a second list, introduced by the line before it in the text of the {label} above; its items are kept as text of that {label}"),
            "nothing to do if the line before introduces a list of its own; otherwise a heading above it was lost".into(),
        );
        true
    }

    // `… tại khoản 1` / `Điều 6.`: an article's bare heading (no title) out of its
    // sequence, on the line after one that stops mid-sentence (see `stops_mid_sentence`), is
    // a cross-reference the line break cut off.
    pub(super) fn wrapped_reference(
        &self,
        line: &Line<'_>,
        m: &Match,
        t: &SectionType,
        plan: &Plan,
    ) -> bool {
        let out_of_sequence = matches!(plan.step, Some(Step::Gap { .. } | Step::Backwards));
        let mid_sentence = self.prev_line + 1 == line.number && self.prev_open;
        // Asked of every heading, and most follow their sequence: the line is read only then.
        if !(out_of_sequence && mid_sentence) || self.drafts.is_empty() {
            return false;
        }
        let bare = line
            .text
            .get(m.rest_at..)
            .is_some_and(|r| r.trim_space().is_empty());
        // Only articles: a chapter's bare heading takes its title from the next line.
        let article = t.citation_root && self.structural.get(m.section) != Some(&true);
        if article && m.titled && bare {
            return true;
        }
        // `… theo quy định tại` / `Mục 2 Phần B của Phụ lục I ban hành kèm theo Thông tư này.`:
        // a division's number out of sequence that goes on the sentence of the line before and
        // ends one, which no division's title does.
        let division = self.structural.get(m.section) == Some(&true) && !t.citation_root;
        let ends_sentence = line
            .text
            .get(m.rest_at..)
            .map(|r| r.trim_space())
            .is_some_and(|r| !r.is_empty() && r.ends_with(['.', ';', ',']));
        division && ends_sentence
    }

    // A numbered line refused as a weak heading is a row of a list or a table: the next line
    // is one too. Not after a row whose cells are tab-separated: the line after such a table
    // (`54.1 (1) …` after `8<tab>Alberta`) has no cells, so it is not one of its rows.
    pub(super) fn refused_row(&mut self, line: &Line<'_>) {
        if !line.text.contains('\t') {
            self.row_line = Some(line.number);
        }
    }
}
