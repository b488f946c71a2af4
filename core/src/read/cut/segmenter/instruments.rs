//! Instruments attached to a text (`(kèm theo …)` notes): where the note stands, and opening
//! the instrument it announces as a unit of the text.

use super::super::lines::Line;
use super::super::sequence::rank;
use super::super::text::{appendix_title, fold_str, folded_starts_with, is_page_number, TrimSpace};
use super::{address_hash, Draft, InstrumentNote, Last, Open, Segmenter, Title};
use crate::store::unit::derived_address;
use crate::text::address::validate_extension;
use std::collections::hash_map::Entry;

impl Segmenter<'_> {
    // A line of the closing that starts with `(kèm theo Thông tư số …)` or `(Ban hành kèm
    // theo Quyết định số …)`, under a title in capitals on lines of its own (`CHƯƠNG TRÌNH AN
    // TOÀN HÀNG KHÔNG …`) that is no appendix's or form's (`PHỤ LỤC`, `MẪU …`): perhaps an
    // instrument the text issues, printed after its signature. (A crawl that joins the
    // signature, the title and the note on one line is left as it was: closing text.)
    pub(super) fn instrument_note(&self, number: u32, t: &str) -> Option<InstrumentNote> {
        let issued = folded_starts_with(t, "(ban hanh kem theo ");
        if !issued && !folded_starts_with(t, "(kem theo ") {
            return None;
        }
        let (title_line, from) = self.held_caps?;
        let lines = self.held.as_ref()?.text.get(from..)?.trim_space();
        // (The run may start at the signer's title, `THỦ TƯỚNG`, right above a form's.)
        let form = lines.split('\n').any(|l| {
            appendix_title(l).is_some()
                || folded_starts_with(l, "mau ")
                || folded_starts_with(l, "bieu mau")
        });
        let title = lines.replace('\n', " ");
        (!form).then_some(InstrumentNote {
            line: number,
            title,
            title_line,
            title_from: from,
            issued,
        })
    }

    // Whether an appendix's `(kèm theo …)` note is on this line or one of the next three with
    // text (its title between), before any heading.
    pub(super) fn note_follows(&self, line: &Line<'_>, t: &str) -> bool {
        let note = |l: &str| {
            let folded = fold_str(l);
            folded.contains("(kem theo ") || folded.contains("(ban hanh kem theo ")
        };
        if note(t) {
            return true;
        }
        let from = line.locate(0).offset;
        let rest = self.input.get(from..).unwrap_or_default();
        for next in rest
            .split(['\n', '\r'])
            .skip(1)
            .map(|l| l.trim_space())
            .filter(|l| !l.is_empty() && !is_page_number(l))
            .take(3)
        {
            if note(next) {
                return true;
            }
            if self.starts_heading(next, 0) {
                return false;
            }
        }
        false
    }

    // Opens the instrument the text issues at a note read in the closing: a unit of the
    // instrument type, numbered after the ones before it, whose heading is the instrument's
    // title and whose body is the closing held so far (the text's signature, the instrument's
    // header and note). Its divisions and articles go under it and number from 1 again.
    pub(super) fn open_instrument(&mut self, note: &InstrumentNote) -> bool {
        let Some(section) = self.instrument else {
            return false;
        };
        let Some(t) = self.types.get(section) else {
            return false;
        };
        let n = self.drafts.iter().filter(|d| d.section == section).count() + 1;
        let ordinal = n.to_string();
        let address = derived_address(self.doc, None, t, &ordinal);
        let valid_len = if self.doc_valid { self.doc.len() } else { 0 };
        let (Ok(depth), Some(rank)) = (
            validate_extension(&address, valid_len, 0),
            rank(t.ordinal_style, self.alphabet, &ordinal),
        ) else {
            return false;
        };
        let Some(held) = self.held.take() else {
            return false;
        };
        // The title is the heading; the signature before it and the note after it, the body.
        let mut body = held.text;
        let note_text = body.get(note.title_from..).map_or(String::new(), |rest| {
            rest.split_once("\n(")
                .map_or(String::new(), |(_, n)| format!("({n}"))
        });
        body.truncate(note.title_from);
        if !note_text.is_empty() {
            if !body.is_empty() {
                body.push('\n');
            }
            body.push_str(&note_text);
        }
        self.appendix = false;
        self.held_caps = None;
        self.title = Title::None;
        self.stack.clear();
        self.roots.clear();
        let index = self.drafts.len();
        self.roots.push(Last {
            section,
            rank,
            unit: index,
            written: None,
        });
        let hash = address_hash(&address);
        match self.seen.entry(hash) {
            Entry::Vacant(e) => {
                e.insert(index);
            }
            Entry::Occupied(_) => {
                self.seen_collided.insert(address.clone(), note.line);
            }
        }
        let offset = self.drafts.last().map_or(0, |d| d.offset);
        self.drafts.push(Draft::new(
            section,
            ordinal.into(),
            Some(note.title.clone()),
            body,
            None,
            note.title_line,
            offset,
            address,
            depth,
        ));
        self.stack.push(Open {
            section,
            unit: Some(index),
            left_out: None,
            children: Vec::new(),
        });
        true
    }

    // The attached instrument the open units sit in, if any.
    pub(super) fn instrument_draft(&self) -> Option<&Draft> {
        let open = self.stack.first()?;
        if Some(open.section) != self.instrument {
            return None;
        }
        self.drafts.get(open.unit?)
    }
}
