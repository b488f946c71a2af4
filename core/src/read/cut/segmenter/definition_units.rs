//! Definitions in a unit's text, read as units where the vocabulary has a type for them.

use super::super::codes;
use super::super::lines::Line;
use super::super::pattern::Match;
use super::super::text::is_space;
use super::{Defining, Segmenter, Title};
use crate::text::diagnostic::Severity;
use crate::text::vocabulary::OrdinalStyle;

impl Segmenter<'_> {
    // A line of text that is the first definition after the unit's words introducing them
    // (`In this Act,`) starts the definitions of the innermost open unit; where the
    // vocabulary has a type for definitions there, `definition` made it a unit instead.
    pub(super) fn watch_definitions(&mut self, t: &str) {
        if self.definitions.is_some() {
            return;
        }
        let Some(at) = self.introduced_definitions() else {
            return;
        };
        let typed = self
            .stack
            .get(at)
            .is_some_and(|o| self.definition_type(o.section).is_some());
        // A formula's symbols are no terms to address: their paragraphs stay text.
        let untyped = !typed || super::super::definitions::formula_symbol(t);
        if untyped && super::super::definitions::reads_as_definition(t) {
            self.definitions = Some(at);
        }
    }

    // The index in `stack` of the innermost open unit when the last line of its text
    // introduces definitions (`In this Act,`, `In these Regulations—`).
    pub(super) fn introduced_definitions(&self) -> Option<usize> {
        if self.held.is_some() || self.note.is_some() || !matches!(self.title, Title::None) {
            return None;
        }
        let unit = self.stack.last()?.unit?;
        let introduced = self.drafts.get(unit).is_some_and(|d| {
            d.unit
                .body
                .rsplit('\n')
                .next()
                .filter(|l| !l.is_empty())
                .or(d.unit.heading.as_deref())
                .is_some_and(super::super::definitions::introduces_definitions)
        });
        introduced.then(|| self.stack.len() - 1)
    }

    // The vocabulary's definition type (ordinal style `term`) that may stand under `parent`.
    pub(super) fn definition_type(&self, parent: usize) -> Option<usize> {
        let code = &self.types.get(parent)?.code;
        self.types.iter().position(|t| {
            t.active && t.ordinal_style == OrdinalStyle::Term && t.parents.contains(code)
        })
    }

    // A line of text that defines a term, among the definitions a unit lists (or the first
    // after its words introducing them), is a definition unit of its own, addressed by its
    // term (`…/subsection-1/definition-owner`); the line is its text. The list's first
    // definition says how its terms are printed: quoted (`“owner” means`) or not (`coroner
    // includes`); a line printed otherwise is text. False when the line stays text.
    pub(super) fn definition(&mut self, line: &Line<'_>, start: usize, t: &str) -> bool {
        if !self.has_definitions {
            return false;
        }
        let listing = self.defining.filter(|d| {
            self.stack.get(d.at).and_then(|o| o.unit) == Some(d.unit)
                && self.held.is_none()
                && self.note.is_none()
        });
        if listing.is_none() {
            self.defining = None;
            self.defined.clear();
        }
        let Some(at) = listing
            .map(|d| d.at)
            .or_else(|| self.introduced_definitions())
        else {
            return false;
        };
        let Some((open, unit)) = self.stack.get(at).and_then(|o| Some((o.section, o.unit?))) else {
            return false;
        };
        let Some(section) = self.definition_type(open) else {
            return false;
        };
        let Some((range, quoted)) = super::super::definitions::defined_term(t, listing.is_some())
        else {
            return false;
        };
        if listing.is_some_and(|d| d.quoted != quoted) {
            return false;
        }
        let Some((term, mut ordinal)) = t.get(range.clone()).and_then(|term| {
            let ordinal = crate::text::ordinal::normalize_ordinal(OrdinalStyle::Term, term).ok()?;
            let written: Vec<String> = term
                .split(is_space)
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            Some((written.join(" "), ordinal))
        }) else {
            return false;
        };
        // Two terms of one list that fold alike: different terms (`air crew`, `aircrew`;
        // `officially-recognized laboratory` [Repealed] after `officially recognized
        // laboratory`), or one term defined twice, as legislation.gov.uk prints a definition
        // whose wording differs by extent (`“recovery” means …` for England and Wales, then
        // `“recovery” has the meaning …` for Scotland). The later one takes the first free
        // `2`, `3` … after the ordinal; the same term again is named, so that a definition
        // copied twice by mistake is seen.
        let again = self
            .defined
            .iter()
            .any(|(o, w)| *o == ordinal && *w == term);
        if self.defined.iter().any(|(o, _)| *o == ordinal) {
            let base = ordinal.clone();
            let mut n = 2u32;
            while self.defined.iter().any(|(o, _)| *o == ordinal) && n < 100 {
                ordinal = format!("{base}{n}");
                n += 1;
            }
        }
        let key = (ordinal.clone(), term);
        let chosen = Match {
            section,
            ordinal: ordinal.into(),
            ordinal_at: start + range.start,
            ordinal_end: start + range.end,
            // The whole line is the definition's text, its term included.
            rest_at: start,
            footnote: None,
            through: None,
            titled: false,
            weak: false,
            labelled: false,
            text_at: None,
            run_in: None,
        };
        self.defining = Some(Defining { at, unit, quoted });
        if listing.is_none() {
            self.defined.clear();
        }
        let address_ordinal = chosen.ordinal.clone();
        if self.heading(line, start, chosen, Vec::new()) {
            if again {
                self.report(
                    Severity::Warning,
                    codes::TERM_DEFINED_AGAIN,
                    line.locate(start + range.start),
                    format!("the term “{}” is defined again in the same list: this definition is addressed definition-{address_ordinal}", key.1),
                    "nothing to do if the source defines the term once per extent or version; otherwise delete the copy".into(),
                );
            }
            self.defined.push(key);
            return true;
        }
        self.defining = listing;
        false
    }
}
