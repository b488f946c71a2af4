//! A line read as a heading: which pattern matched it, whether it is one, and the unit it opens.

use super::super::codes;
use super::super::lines::Line;
use super::super::pattern::{first_words, title_case, unknown_label, Match};
use super::super::sequence::{rank, step, Step};
use super::super::text::{
    appendix_title, first_folded, fold_line, fold_str, is_all_caps, is_signature_marker, is_space,
    names_a_document, TrimSpace,
};
use super::{
    address_hash, ends_sentence, heading_line, marker_head, parenthetical_words, small_caps_line,
    Attach, Draft, HeadingSeen, LeftOut, Open, PassageBuf, Plan, Segmenter, Title,
    ATTACHMENT_REACH,
};
use crate::store::unit::{derived_address, scoped_address};
use crate::text::address::validate_extension;
use crate::text::diagnostic::Severity;
use crate::text::report::Report;
use crate::text::vocabulary::{OrdinalStyle, SectionType};
use std::collections::hash_map::Entry;

impl Segmenter<'_> {
    // Handles a line outside quotations; false when it is text rather than a unit heading.
    pub(super) fn recognise(&mut self, line: &Line<'_>, start: usize, t: &str) -> bool {
        let text: &str = &line.text;
        let first = first_folded(t);
        let mut found = self
            .patterns
            .iter()
            .filter_map(|p| p.match_at(text, start, first));
        if let Some(first_match) = found.next() {
            // Most heading lines match one pattern: the Vec below stays empty and unallocated.
            let others: Vec<Match> = found.collect();
            return self.heading(line, start, first_match, others);
        }
        if let Some(alone) = self.alone(text, start) {
            return self.heading(line, start, alone, Vec::new());
        }
        // Signature lines and a structural unit's title are text, whatever they look like.
        let title_line = match self.title {
            Title::Await(_) => true,
            Title::Continue(_) => is_all_caps(t),
            Title::None | Title::Below(_) => false,
        };
        let appendix = matches!(first, Some('p' | 'm'))
            .then(|| appendix_title(t))
            .flatten();
        if self.held.is_some() {
            if !self.appendix && appendix.is_none() && self.instrument.is_some() {
                if let Some(note) = self.instrument_note(line.number, t) {
                    self.pending_instrument = Some(note);
                    return false;
                }
            }
            // `… Lê Minh Khái Phụ lục I (Ban hành kèm theo Nghị định số …)`: crawls join the
            // signature and the appendix's title on one line; the attachment note marks it.
            self.appendix |= appendix.is_some()
                || (!self.appendix && fold_str(t).contains("(ban hanh kem theo "));
            if self.appendix {
                self.pending_instrument = None;
            }
            return false;
        }
        if title_line {
            return false;
        }
        if !self.drafts.is_empty() && (is_signature_marker(t, first) || self.is_closing_marker(t)) {
            self.hold();
            return false;
        }
        // `PHỤ LỤC` in capitals after the provisions is an appendix, signed or not; so is
        // `Phụ lục I` when its title and a `(kèm theo …)` note follow (an attached instrument
        // printed after the signature goes on to the appendices with no signature of its own).
        if !self.drafts.is_empty()
            && (appendix == Some(true) || appendix == Some(false) && self.note_follows(line, t))
        {
            self.hold();
            self.appendix = true;
            return false;
        }
        // A note's heading is printed with a capital (`Construction`, `AMENDMENTS`); the same
        // word in lowercase is a heading of the text in small capitals (`construction`, an
        // account of an appropriations act), which opens no note.
        if self.note.is_none()
            && !self.drafts.is_empty()
            && !t.starts_with(char::is_lowercase)
            && Self::is_marker(&self.note_markers, t)
        {
            self.note = Some(PassageBuf::default());
            return false;
        }
        if self.note.is_some() {
            return false;
        }
        let (words, n) = first_words(t);
        let words = words.get(..n).unwrap_or_default();
        let labelled = self
            .patterns
            .iter()
            .find(|p| p.label_without_ordinal(words, first))
            // "Điều 45 Luật Đất đai;": a cross-reference wrapped onto its own line.
            .filter(|_| {
                let after: Vec<&str> = t
                    .split(is_space)
                    .filter(|w| !w.is_empty())
                    .skip(2)
                    .collect();
                !names_a_document(&after.join(" "))
            });
        // A label of the vocabulary, even one its patterns do not print (`Section 11` under a UK
        // schedule); asked only of the rare line shaped like a heading, as it folds every label.
        let known_label = || {
            words.first().is_some_and(|w| {
                self.patterns.iter().any(|p| p.is_label(w, first))
                    || self
                        .types
                        .iter()
                        .any(|t| fold_line(&t.label) == fold_line(w))
            })
        };
        if labelled.is_some() || (unknown_label(words) && !known_label()) {
            let message = match labelled {
                Some(p) => format!(
                    "'{t}' starts with the label of {} but has no ordinal it can read; it is kept as text",
                    self.types.get(p.section).map_or("", |t| t.label.as_str())
                ),
                None => format!("'{t}' looks like a heading, but the vocabulary has no such label; it is kept as text"),
            };
            // `Table I`, `CLASS II — Applicants who are seriously ill.` inside a schedule
            // (Justice Canada's seed grade tables, the Veterans Insurance Act's Schedule B).
            // Only a label and its number, with a title after a separator: `William C.
            // Herrington, Chairman …` in a treaty's preamble is a name.
            let bare = n == 2
                || words
                    .get(2)
                    .is_some_and(|w| w.chars().all(|c| matches!(c, ':' | '-' | '–' | '—')));
            self.unlabelled |= labelled.is_none() && bare && self.in_unlabelled_schedule();
            self.report(
                Severity::Warning,
                codes::UNKNOWN_HEADING,
                line.locate(start),
                message,
                format!(
                    "write headings as the vocabulary does: {}",
                    self.pattern_list()
                ),
            );
        }
        false
    }

    pub(super) fn is_closing_marker(&self, t: &str) -> bool {
        marker_head(&self.closing_markers, t).is_some_and(|(line, _)| {
            self.closing_markers
                .iter()
                .any(|m| line.starts_with(m.as_str()))
        })
    }

    pub(super) fn pattern_list(&self) -> String {
        let shown: Vec<String> = self
            .patterns
            .iter()
            .filter_map(|p| self.types.get(p.section))
            .filter(|t| t.active)
            .map(|t| format!("'{}'", t.heading_pattern))
            .collect();
        shown.join(", ")
    }

    // A line that matched at least one pattern; false when it stays text. The steps run in this
    // order because each relies on what those before it settled: the reading, then where its
    // unit goes, then the unit's address, then what the line holds besides its number.
    pub(super) fn heading(
        &mut self,
        line: &Line<'_>,
        start: usize,
        first: Match,
        others: Vec<Match>,
    ) -> bool {
        let Some(chosen) = self.reading(line, start, first, others) else {
            return false;
        };
        self.headings_seen = true;
        let Some(t) = self.types.get(chosen.section) else {
            return false;
        };
        if self.names_the_maker(t, &chosen) || table_row(line, &chosen, t) {
            return false;
        }
        self.report_ambiguous(line, start, &chosen);
        let major = t.citation_root || self.structural.get(chosen.section) == Some(&true);
        if major && self.held.is_some() {
            self.open_pending_instrument(line, &chosen, t);
        }
        // Where it would go: nothing below changes the open units or the siblings before
        // it is added, so one plan serves every check.
        let plan = self.plan(&chosen);
        if self.stays_in_table(major, &plan) || self.stays_in_unlabelled(&chosen, &plan) {
            return false;
        }
        if self.below_what_it_holds(&chosen, &plan) {
            return false;
        }
        self.note_restart(&chosen, &plan);
        if chosen.weak && !self.weak_fits(&chosen, &plan) && !self.in_contents(line, &chosen, &plan)
        {
            // A bare number at the start of a line is a heading only where it continues its sequence.
            self.refused_row(line);
            return false;
        }
        if self.stays_in_definitions(line, &chosen, t, &plan)
            || self.stays_in_note_or_closing(line, &chosen, major)
        {
            return false;
        }
        self.title = Title::None;
        let written = line
            .text
            .get(chosen.ordinal_at..chosen.ordinal_end)
            .unwrap_or_default();
        self.report_footnote(line, &chosen, t, written);
        if self.wrapped_reference(line, &chosen, t, &plan)
            || self.second_list(line, start, &chosen, &plan)
        {
            return false;
        }
        let Some(parent_at) = self.parent_at(line, start, &chosen, t, &plan, written) else {
            return false;
        };
        let place = self.place(&chosen, t, parent_at);
        self.see_heading(line, &chosen, t, &plan, place.hash);
        if place.parent.is_some_and(|(_, unit)| unit.is_none()) {
            self.push_skipped(chosen.section, Some(place.address));
            return true;
        }
        let Some(depth) = self.depth(line, start, t, written, &place) else {
            self.push_skipped(chosen.section, None);
            return true;
        };
        if self.repeated(line, &chosen, t, &plan, written, &place) {
            self.push_skipped(chosen.section, Some(place.address));
            return true;
        }
        self.check_order(line, &chosen, t, &plan, written);
        if let Some(rank) = plan.rank {
            // After `72 to 88 [Repealed …]` the sequence goes on from 88.
            let rank = chosen
                .through
                .as_deref()
                .and_then(|last| super::super::sequence::rank(t.ordinal_style, self.alphabet, last))
                .unwrap_or(rank);
            let written = (written != chosen.ordinal).then(|| written.to_owned());
            self.remember(place.parent_at, chosen.section, rank, written);
        }
        self.open(line, chosen, t, place, depth);
        true
    }

    // The one reading of the line among the patterns it matched, `None` when it stays text.
    fn reading(
        &mut self,
        line: &Line<'_>,
        start: usize,
        first: Match,
        others: Vec<Match>,
    ) -> Option<Match> {
        let active = |m: &Match| self.types.get(m.section).is_some_and(|t| t.active);
        // See `unlabelled` in `stays_in_unlabelled`: a table's `PART I` is not a Part of the
        // instrument.
        let (first, mut others) = if self.unlabelled {
            let mut all: Vec<Match> = std::iter::once(first).chain(others).collect();
            all.retain(|m| {
                self.attachment(m.section)
                    || !self.types.get(m.section).is_some_and(|t| t.citation_root)
            });
            if all.is_empty() {
                return None;
            }
            let first = all.remove(0);
            (first, all)
        } else {
            (first, others)
        };
        let inactive = std::iter::once(&first)
            .chain(&others)
            .find(|m| !active(m))
            .map(|m| m.section);
        others.retain(|m| active(m));
        let chosen = match (active(&first), others.is_empty()) {
            (true, true) => Some(first),
            (true, false) => {
                others.insert(0, first);
                self.choose(line, others)
            }
            (false, _) => self.choose(line, others),
        };
        if chosen.is_none() && self.held.is_none() && inactive.is_some() {
            // No reading fits (a bare number out of its sequence): plain text.
            let label = inactive
                .and_then(|i| self.types.get(i))
                .map_or("", |t| t.label.as_str());
            self.report(
                Severity::Warning,
                codes::INACTIVE_SECTION_TYPE,
                line.locate(start),
                format!("this reads as a {label} heading, but {label} is switched off in the vocabulary; it is kept as text"),
                format!("activate {label} in the vocabulary, or leave the line as text"),
            );
        }
        chosen
    }

    fn report_ambiguous(&mut self, line: &Line<'_>, start: usize, chosen: &Match) {
        if let Some(section) = self.ambiguous.take() {
            let written = line
                .text
                .get(chosen.ordinal_at..chosen.ordinal_end)
                .unwrap_or_default();
            let label = self.types.get(section).map_or("", |t| t.label.as_str());
            self.report(
                Severity::Warning,
                codes::AMBIGUOUS_ORDINAL,
                line.locate(start),
                format!("'{written}' reads both as the next {label} and as the first of a deeper list; it was cut as a {label}, the reading its sequence supports"),
                "check the source; if it starts a deeper list, renumber the list or the letters so that they differ".into(),
            );
        }
    }

    // A division or citation root after the signature, with an attached instrument's note
    // pending.
    fn open_pending_instrument(&mut self, line: &Line<'_>, chosen: &Match, t: &SectionType) {
        if let Some(note) = self.pending_instrument.take() {
            let first = rank(t.ordinal_style, self.alphabet, &chosen.ordinal)
                .is_some_and(|r| step(None, &r) == Step::Next);
            // The instrument's first division or article right under its note opens it;
            // any other heading leaves the note an appendix's, as it always was.
            if !(first
                && line.number <= note.line + ATTACHMENT_REACH
                && self.open_instrument(&note))
            {
                self.appendix |= note.issued;
            }
        }
    }

    // In a table printed one cell a line (`STT`, `1`, `Rượu`, `a) Rượu từ 20 độ trở lên`,
    // `45`: Luật Thuế tiêu thụ đặc biệt 2008's tariff), a cell's point or clause number is
    // text; the table ends at a division or article, or at the next clause or point of a
    // unit opened before it.
    fn stays_in_table(&mut self, major: bool, plan: &Plan) -> bool {
        if self.table {
            let ends = major || (plan.had_previous && plan.step == Some(Step::Next));
            if !ends {
                return true;
            }
            self.table = false;
        }
        false
    }

    // Under a heading the vocabulary has no label for, inside a schedule (`Table II` /
    // `Applicable to:` / `(a) Barley …`; `CLASS II —` / `(a) An applicant …`), lists are
    // numbered again in each such division, which no address can tell apart: they are text
    // of the schedule. The schedule's own divisions (`Part I` under `AREA 3`) are still
    // read; the next schedule ends it, and so does the next number of a list opened before
    // it (`TABLE 3` printed between a schedule's paragraphs 2 and 3), as a table printed
    // one cell a line ends (`table`).
    fn stays_in_unlabelled(&mut self, chosen: &Match, plan: &Plan) -> bool {
        if self.unlabelled {
            let continues = plan.had_previous && plan.step == Some(Step::Next);
            if self.attachment(chosen.section) {
                self.unlabelled = false;
            } else if self.division_of_attachment(chosen) {
                // Still under the unlabelled heading: `Table XIV`'s `PART II`.
            } else if continues {
                self.unlabelled = false;
            } else {
                return true;
            }
        }
        false
    }

    fn stays_in_definitions(
        &mut self,
        line: &Line<'_>,
        chosen: &Match,
        t: &SectionType,
        plan: &Plan,
    ) -> bool {
        if let Some(d) = self
            .defining
            .filter(|_| t.ordinal_style != OrdinalStyle::Term)
        {
            // `Part V [Repealed, …]` among the definitions is a defined term, and a heading
            // under no definition (`(i)` with no `(a)`) is text of the definitions.
            let term = chosen.titled
                && !chosen.weak
                && super::super::definitions::reads_as_definition(&line.text);
            match plan.attach {
                _ if term => return true,
                Attach::Under(i) if i > d.at => {}
                Attach::Orphan => return true,
                _ => self.defining = None,
            }
        }
        if let Some(at) = self.definitions {
            // `Part V [Repealed, …]` among the definitions is a defined term.
            let term = chosen.titled
                && !chosen.weak
                && super::super::definitions::reads_as_definition(&line.text);
            match plan.attach {
                _ if term => return true,
                // A definition's own paragraph (or deeper): text of the definitions.
                Attach::Under(i) if i >= at => return true,
                Attach::Orphan => return true,
                _ => self.definitions = None,
            }
        }
        false
    }

    // Inside a note or the closing, only a new provision ends it: a heading that would
    // repeat an address already cut (`Title 1 Former Sections …` in a table) is text there.
    fn stays_in_note_or_closing(&mut self, line: &Line<'_>, chosen: &Match, major: bool) -> bool {
        let repeats = (self.note.is_some() || self.held.is_some())
            && major
            && self
                .prospective_address(chosen)
                .is_some_and(|a| self.first_seen(address_hash(&a), &a).is_some());
        if let Some(note) = self.note.take() {
            if !major || repeats || self.quoted_in_note(line, chosen) {
                self.note = Some(note);
                return true;
            }
            self.notes.extend(note.into_passage());
        }
        if let Some(held) = self.held.take() {
            if !major || repeats || self.appendix {
                // Numbered lists in a signature block or an annex are not clauses.
                self.held = Some(held);
                return true;
            }
            // More provisions follow, so what looked like a signature was text.
            for (i, part) in held.text.split('\n').enumerate() {
                let number = held.line.saturating_add(u32::try_from(i).unwrap_or(0));
                self.text_line(number, part);
            }
        }
        false
    }

    fn report_footnote(&mut self, line: &Line<'_>, chosen: &Match, t: &SectionType, written: &str) {
        if let Some((from, to)) = chosen.footnote {
            let marker = line.text.get(from..to).unwrap_or_default();
            self.report(
                Severity::Warning,
                codes::FOOTNOTE_MARKER,
                line.locate(from),
                format!("footnote marker {marker} next to {} {written} is not part of the ordinal and was removed", t.label),
                "nothing to do if the marker is a footnote reference; the footnote text stays where it is".into(),
            );
        }
    }

    // The index in `stack` of the unit's parent (`Some(None)`: a citation root of the
    // document), `None` when the heading has no place and stays text.
    fn parent_at(
        &mut self,
        line: &Line<'_>,
        start: usize,
        chosen: &Match,
        t: &SectionType,
        plan: &Plan,
        written: &str,
    ) -> Option<Option<usize>> {
        match plan.attach {
            // After `Whereas:` and before the first unit, a numbered list that only a unit
            // could hold is the preamble's recitals (`(1)`, `(2)` in an EU act): text.
            Attach::Orphan if self.recitals && self.drafts.is_empty() && self.stack.is_empty() => {
                None
            }
            Attach::Orphan => {
                if self.list_in_text(line, start, chosen) {
                    return None;
                }
                if self.structural.get(chosen.section) == Some(&true) {
                    self.orphaned.push(chosen.section);
                }
                // (An attached instrument is no place to put it: it opens at its note.)
                let parents: Vec<&str> = t
                    .parents
                    .iter()
                    .filter_map(|code| self.types.iter().position(|p| &p.code == code))
                    .filter(|&i| Some(i) != self.instrument)
                    .filter_map(|i| self.types.get(i))
                    .map(|p| p.label.as_str())
                    .collect();
                self.report(
                    Severity::Error,
                    codes::ORPHAN_UNIT,
                    line.locate(start),
                    format!(
                        "{} {written} is not inside any {}; it is kept as text of the enclosing unit",
                        t.label,
                        parents.join(" or ")
                    ),
                    format!("put it under a {}, or fix the heading above it", parents.join(" or ")),
                );
                None
            }
            Attach::Root => {
                self.stack.clear();
                Some(None)
            }
            Attach::Under(i) => {
                let kept = self.divisions_printed_around(i, chosen.section);
                self.stack.truncate(i + 1 + kept);
                Some(Some(i))
            }
        }
    }

    // The unit's address, and how much of it is already valid.
    fn place(&self, chosen: &Match, t: &SectionType, parent_at: Option<usize>) -> Place {
        // The parent's type and unit (`None`: left out), copied so that the checks after this
        // may change the segmenter.
        let parent = parent_at
            .and_then(|i| self.stack.get(i))
            .map(|p| (p.section, p.unit));
        let parent_unit = parent.and_then(|(_, unit)| unit);
        let parent_draft = parent_unit.and_then(|i| self.drafts.get(i));
        let scoped = self.layout.scoped(chosen.section);
        let grouping_at = self.grouping_at(parent_at, chosen.section);
        let grouping = grouping_at
            .and_then(|i| self.stack.get(i))
            .and_then(|o| o.unit)
            .and_then(|u| self.drafts.get(u));
        // Inside an attached instrument, citation roots start again at its address.
        let attached = self.instrument_draft().filter(|_| t.citation_root);
        let base = attached.map_or(self.doc, |a| a.unit.canonical_address.as_str());
        let parent_address = parent_at.and_then(|i| self.open_address(i));
        let address = match (
            grouping_at.and_then(|i| self.open_address(i)),
            parent_address,
        ) {
            (Some(g), _) => scoped_address(g, t, &chosen.ordinal),
            (None, Some(p)) if scoped => scoped_address(p, t, &chosen.ordinal),
            _ => derived_address(base, parent_address, t, &chosen.ordinal),
        };
        // The address extends one already valid (its grouping's, its parent's, the
        // instrument's, or the document slug's): only the new segment is read.
        let (valid_len, valid_depth) = match (grouping, parent_draft, attached) {
            (Some(g), _, _) => (g.unit.canonical_address.len(), g.depth),
            (None, Some(d), _) if !t.citation_root || scoped => {
                (d.unit.canonical_address.len(), d.depth)
            }
            (None, _, Some(a)) => (a.unit.canonical_address.len(), a.depth),
            _ if self.doc_valid => (self.doc.len(), 0),
            _ => (0, 0),
        };
        let hash = address_hash(&address);
        Place {
            parent_at,
            parent,
            parent_unit,
            scoped,
            address,
            hash,
            valid_len,
            valid_depth,
        }
    }

    // The heading as met, for finding tables of contents when the pass is over.
    fn see_heading(
        &mut self,
        line: &Line<'_>,
        chosen: &Match,
        t: &SectionType,
        plan: &Plan,
        hash: u64,
    ) {
        // Text on the heading's own line (`(a) In general.—…`) is text after it. Not what
        // follows a label (`Sec. 312. Reduction in percentage limitation on assets of REIT
        // which may be taxable REIT subsidiaries.`): a table of contents' entry may read as a
        // sentence, and is one of a run of headings all the same.
        let inline_text = !chosen.titled
            && !chosen.labelled
            && line
                .text
                .get(chosen.rest_at..)
                .is_some_and(|r| !r.trim_space().is_empty());
        let structural = self.structural.get(chosen.section) == Some(&true);
        self.seen_headings.push(HeadingSeen {
            line: line.number,
            level: t.level,
            root: t.citation_root,
            section: chosen.section,
            structural,
            rank: plan
                .rank
                .as_ref()
                .filter(|_| structural)
                .map(|r| r.clone().key()),
            address: hash,
            text_after: u32::from(inline_text),
        });
    }

    // The unit's depth, `None` when its address is invalid (reported).
    fn depth(
        &mut self,
        line: &Line<'_>,
        start: usize,
        t: &SectionType,
        written: &str,
        place: &Place,
    ) -> Option<usize> {
        match validate_extension(&place.address, place.valid_len, place.valid_depth) {
            Ok(depth) => Some(depth),
            Err(e) => {
                self.report(
                Severity::Error,
                codes::INVALID_ADDRESS,
                line.locate(start),
                format!(
                    "{} {written} would get the address '{}', which is invalid: {}; it and everything under it are left out",
                    t.label,
                    place.address,
                    e.reason()
                ),
                e.hint(),
            );
                None
            }
        }
    }

    // Whether the unit's address is already taken: then it is left out (reported), and noted
    // where it may be a numbering that starts again.
    fn repeated(
        &mut self,
        line: &Line<'_>,
        chosen: &Match,
        t: &SectionType,
        plan: &Plan,
        written: &str,
        place: &Place,
    ) -> bool {
        let (hash, address) = (place.hash, place.address.as_str());
        let Some(first) = self.first_seen(hash, address) else {
            return false;
        };
        let (parent, parent_unit) = (place.parent, place.parent_unit);
        // A citation root that starts its numbering again (`Chương I`) as the first of
        // its type under a new citation-root parent, when the unit that holds the
        // address sits under an earlier parent of the same type (`Chương I` of `Phần
        // thứ hai`, again in `Phần thứ ba`): the document numbers it per parent; the cut
        // is made again with it addressed under its parent. Only divisions (types that
        // hold citation roots) restart so: articles number through the document.
        let parent_type = parent.map(|(section, _)| section);
        let holder_parent_type = self
            .seen
            .get(&hash)
            .and_then(|&i| self.drafts.get(i))
            .and_then(|d| d.unit.parent)
            .and_then(|p| self.drafts.get(p))
            .map(|d| d.section);
        if t.citation_root
            && !place.scoped
            && self.structural.get(chosen.section) == Some(&true)
            && parent_unit.is_some()
            && parent_type.is_some()
            && parent_type == holder_parent_type
            && parent_type
                .and_then(|p| self.types.get(p))
                .is_some_and(|pt| pt.citation_root)
            && plan
                .rank
                .as_ref()
                .is_some_and(|r| step(None, r) == Step::Next)
            && !self
                .drafts
                .iter()
                .any(|d| d.section == chosen.section && d.unit.parent == parent_unit)
        {
            self.restarted.push(chosen.section);
        } else if let Some(g) = self.restarts_within(chosen, place.parent_at, hash) {
            self.restarted_within.push((chosen.section, g));
        }
        self.report(
            Severity::Error,
            codes::DUPLICATE_ORDINAL,
            line.locate(chosen.ordinal_at),
            format!(
                "{} {written} appears again (first at line {first}); the address {address} is taken, so this one and everything under it are left out",
                t.label
            ),
            "renumber the repeated unit, or delete the copy".into(),
        );
        let at = line.locate(chosen.ordinal_at);
        let written_len = line
            .locate(chosen.ordinal_end)
            .offset
            .saturating_sub(at.offset);
        self.left_out.push(LeftOut {
            section: chosen.section,
            ordinal: chosen.ordinal.to_string(),
            written: written.to_owned(),
            at,
            written_len,
            parent: parent_unit,
        });
        true
    }

    // The unit itself: its heading and text from the line (or a marginal note, or the line
    // above), and it opens on the stack.
    fn open(
        &mut self,
        line: &Line<'_>,
        chosen: Match,
        t: &SectionType,
        place: Place,
        depth: usize,
    ) {
        // A marginal note on the line before is the heading; the line is then all text
        // (`1 This Act may be cited as …` is no title).
        let structural = self.structural.get(chosen.section) == Some(&true);
        let note = if structural {
            None
        } else {
            self.marginal.take()
        };
        let rest = line
            .text
            .get(chosen.rest_at..)
            .unwrap_or_default()
            .trim_space();
        // A provision's heading on the line above its number (`Citation and commencement` /
        // `1. These Regulations …`): taken back from the body (or preamble) it was put in. Only
        // after a number closed by a full stop (`1.`, `2.—(1)`, `Sec. 201.`), as instruments and
        // Commonwealth Acts print it: a number without one (`1.1 These Regulations …` of a
        // consolidated regulation, `13 The Secretary of State …` of a UK Act) may stand under a
        // group's heading, which is not its own.
        let stop = line
            .text
            .get(chosen.ordinal_end..)
            .is_some_and(|r| r.starts_with('.'));
        let above = if note.is_none()
            && !structural
            && t.citation_root
            && stop
            && (!chosen.titled || (chosen.weak && rest.ends_with('.')))
        {
            self.heading_above(chosen.labelled)
        } else {
            None
        };
        let titled = chosen.titled && note.is_none() && above.is_none();
        // `SEC. 2. FINDINGS. Congress finds that—`: the heading, then the text on its line.
        // `(a) Establishment.—The United States Patent and Trademark Office is …`: a heading
        // run in after an unlabelled number, closed by `.—`, then the text. Either way, where
        // the heading ends and where the text starts.
        let split = match (chosen.text_at.filter(|_| titled), chosen.run_in) {
            (Some(at), _) => Some((at, at)),
            (None, Some(run_in)) if !titled && above.is_none() && note.is_none() => Some(run_in),
            _ => None,
        };
        let (heading, body) = match split {
            Some((end, at)) => {
                let heading = line.text.get(chosen.rest_at..end).unwrap_or_default();
                let text = line.text.get(at..).unwrap_or_default();
                (
                    Some(heading.trim_space().to_owned()),
                    text.trim_space().to_owned(),
                )
            }
            None if titled => ((!rest.is_empty()).then(|| rest.to_owned()), String::new()),
            None => (above.or(note.map(|(_, _, n)| n)), rest.to_owned()),
        };
        let index = self.drafts.len();
        if titled && structural {
            self.title = match &heading {
                None => Title::Await(index),
                Some(h) if is_all_caps(h) => Title::Continue(index),
                Some(_) => Title::None,
            };
        } else if !structural && t.citation_root && heading.is_none() && rest.is_empty() {
            self.title = Title::Below(index);
        }
        match self.seen.entry(place.hash) {
            Entry::Vacant(e) => {
                e.insert(index);
            }
            Entry::Occupied(_) => {
                self.seen_collided
                    .insert(place.address.clone(), line.number);
            }
        }
        self.weak_titled = (titled && chosen.weak && !structural).then_some(index);
        self.drafts.push(Draft::new(
            chosen.section,
            chosen.ordinal,
            heading,
            body,
            place.parent_unit,
            line.number,
            line.locate(chosen.ordinal_at).offset,
            place.address,
            depth,
        ));
        self.stack.push(Open {
            section: chosen.section,
            unit: Some(index),
            left_out: None,
            children: Vec::new(),
        });
        self.second_list = None;
        if let Some((_, at)) = split {
            self.run_in(line, at, index);
        } else if !titled && !rest.is_empty() {
            self.run_in(line, chosen.rest_at, index);
        }
    }

    // The line right before a provision's number line, when it is its heading: a line of text
    // (the last of a unit's body, or of a preamble of more than one line) that reads as a
    // provision's title (`heading_line`: a capital first, no closing punctuation) and is not in
    // capitals (a cross-heading or a division's title). It is taken out of where it was put.
    // Above a labelled number (`Sec. 101.`, whose line holds the section's text), US
    // appropriations acts print a section's heading in small capitals, which their text gives
    // in lowercase (`emergency transfer authority—intra-bureau`), or as a parenthesis
    // (`(transfer of funds)`, `(rescissions)`); a parenthesis is the section's only after the
    // end of a sentence: under a heading (`General Provisions`, a Title's) it belongs to the
    // group that heading names. A line in Title Case there (`General Provisions`,
    // `Administrative Provisions—Department of the Treasury`) names a group of provisions or
    // an account, never the section's own heading. Above an unlabelled number (`3.`) a
    // lowercase line is no heading (`example of conclusion`, an editor's placeholder left in
    // a Kenyan Act).
    // The unit before, if the rest of its own number's line was read as its title by a weak
    // pattern and ends a sentence (`2. In this Part, “Act of 1970” means ….`), was a sentence:
    // this document prints headings above numbers, so it goes back to the start of that body.
    pub(super) fn heading_above(&mut self, labelled: bool) -> Option<String> {
        let (number, unit, at) = self.last_text?;
        if number != self.prev_line {
            return None;
        }
        let whole = match unit {
            Some(i) => &self.drafts.get(i)?.unit.body,
            None => &self.preamble.text,
        };
        // Still the last line there (nothing was added to it or rewritten since).
        let text = whole.get(at..)?;
        if at > 0 && whole.as_bytes().get(at - 1) != Some(&b'\n') || text.contains('\n') {
            return None;
        }
        let before = whole.get(..at.saturating_sub(1)).unwrap_or_default();
        let reads = if heading_line(text) {
            let group = labelled && title_case(text);
            !(is_all_caps(text) || group)
        } else {
            labelled
                && (small_caps_line(text) || (parenthetical_words(text) && ends_sentence(before)))
        };
        // A capitalised line of more than 25 words is a sentence's start; a line in small
        // capitals says by its print that it is a heading (`battery recharging stations for
        // privately owned vehicles in parking areas under the jurisdiction of the librarian of
        // congress at no net cost to the federal government`, 26 words).
        let long = text.split(is_space).filter(|w| !w.is_empty()).count() > 25;
        if !reads || long && !small_caps_line(text) {
            return None;
        }
        let heading = text.to_owned();
        let cut_at = at.saturating_sub(1);
        match unit {
            Some(i) => {
                if let Some(d) = self.drafts.get_mut(i) {
                    d.unit.body.truncate(cut_at);
                }
            }
            None => {
                self.preamble.text.truncate(cut_at);
                self.preamble.end_line = self.preamble.end_before;
            }
        }
        self.last_text = None;
        if let Some(w) = self.weak_titled.take().filter(|&w| unit == Some(w)) {
            if let Some(d) = self.drafts.get_mut(w) {
                if d.unit.heading.as_deref().is_some_and(|h| h.ends_with('.')) {
                    let sentence = d.unit.heading.take().unwrap_or_default();
                    d.unit.body = if d.unit.body.is_empty() {
                        sentence
                    } else {
                        format!("{sentence}\n{}", d.unit.body)
                    };
                }
            }
        }
        Some(heading)
    }

    // A child heading run in at the start of the body (`(a)(1) …`, `3. (1) …`) is a unit of its own.
    pub(super) fn run_in(&mut self, line: &Line<'_>, at: usize, index: usize) {
        let text: &str = &line.text;
        let Some(code) = self
            .drafts
            .get(index)
            .and_then(|d| self.types.get(d.section))
            .map(|t| t.code.as_str())
        else {
            return;
        };
        let first = text.get(at..).and_then(first_folded);
        let mut found: Vec<Match> = self
            .patterns
            .iter()
            .filter(|p| !p.titled())
            .filter_map(|p| p.match_at(text, at, first))
            .filter(|m| {
                !m.weak
                    && self
                        .types
                        .get(m.section)
                        .is_some_and(|t| t.parents.iter().any(|p| p == code))
            })
            .collect();
        if found.is_empty() {
            return;
        }
        let first_match = found.remove(0);
        if let Some(d) = self.drafts.get_mut(index) {
            d.unit.body.clear();
        }
        if !self.heading(line, at, first_match, found) {
            // Not a unit after all: the body stays as written.
            let rest = text.get(at..).unwrap_or_default().trim_space();
            if let Some(d) = self.drafts.get_mut(index) {
                d.unit.body = rest.to_owned();
            }
        }
    }

    // The note of a marginal-note line (`Marginal note:Short title` → `Short title`).
    pub(super) fn marginal_note(&self, t: &str) -> Option<String> {
        let (head, _) = marker_head(&self.marginal_markers, t)?;
        let marker = self
            .marginal_markers
            .iter()
            .find(|m| head.starts_with(m.as_str()))?;
        // The marker's length in the line as written: as many characters as folded.
        let at = t
            .char_indices()
            .nth(marker.chars().count())
            .map_or(t.len(), |(i, _)| i);
        // Folding drops a marker's closing `:`; the note starts after it.
        let note = t.get(at..)?.trim_start_matches(':').trim_space();
        (!note.is_empty()).then(|| note.to_owned())
    }

    // A marginal note that no unit took is text where it stands.
    pub(super) fn flush_marginal(&mut self) {
        if let Some((number, written, _)) = self.marginal.take() {
            self.text_line(number, &written);
        }
    }
}

// `(b) Period beginning on April 1 …<tab>(b) Summer`: a table row whose cells each hold a second
// paragraph, not a provision (provisions hold no tab-separated cells). Empty cells after it count
// (`(a) Railway companies<tab><tab>`, a form's row whose columns are left to be filled in). A bare
// number whose row holds nothing but its own cell (`1.<tab><tab>…`, `2. Passenger road
// vehicles<tab><tab>…`: a form's row whose columns are empty) is a row too; one whose next cells
// hold text (`26<tab>Complaints procedures`, `1<tab>Jam<tab>A mixture …`) is read as before.
fn table_row(line: &Line<'_>, chosen: &Match, t: &SectionType) -> bool {
    let cells = |r: &str| r.trim_start_space().contains('\t');
    let blank_row = |r: &str| {
        r.trim_start_matches(['.', ')'])
            .split_once('\t')
            .is_some_and(|(_, rest)| rest.trim_space().is_empty())
    };
    // Most lines hold no tab, as their marks say.
    !t.citation_root
        && line.marks.tab
        && (!chosen.titled && line.text.get(chosen.rest_at..).is_some_and(cells)
            || chosen.weak && line.text.get(chosen.ordinal_end..).is_some_and(blank_row))
}

// Where a heading's unit goes and its address, worked out before it is opened.
struct Place {
    // The index in `stack` of its parent, and the parent's type and unit (`None`: left out).
    parent_at: Option<usize>,
    parent: Option<(usize, Option<usize>)>,
    parent_unit: Option<usize>,
    // Whether its type is numbered within a grouping (`Layout::scoped`).
    scoped: bool,
    address: String,
    hash: u64,
    // How much of `address` is already valid (see `validate_extension`).
    valid_len: usize,
    valid_depth: usize,
}
