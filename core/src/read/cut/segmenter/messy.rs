//! Sources as crawled from public sites: editorial notes in `[…]`, headings glued to the
//! previous line, several provisions on one line, and amendments whose quotation never closes.
//! See "Messy sources" in the module docs of `cut`. A child of the segmenter, so that the
//! rules stay apart from the reading of ordinary lines.

use super::super::lines::Line;
use super::super::pattern::Match;
use super::super::sequence::{rank, step, Step};
use super::super::text::{first_folded, fold_char, fold_str, is_open_quote, is_space, TrimSpace};
use super::super::{codes, Passage};
use super::{Attach, Segmenter};
use crate::store::unit::provision_status;
use crate::text::diagnostic::Severity;

// How far into the next line the `]` of a note broken over two lines is looked for.
const NOTE_REST_BYTES: usize = 600;

// How far a quotation's closing mark is looked for (an amended article rarely runs longer).
const QUOTE_LOOKAHEAD_LINES: usize = 400;

// Folded starts of an editorial note's text: `[Điều này được sửa đổi bởi …]`, `[Bãi bỏ]`.
const EDITORIAL: [&str; 16] = [
    "dduoc sua ddoi",
    "dduoc bo sung",
    "dduoc thay the",
    "dduoc ddinh chinh",
    "bi bai bo",
    "bai bo",
    "bi thay the",
    "het hieu luc",
    "khoan nay",
    "ddieu nay",
    "ddiem nay",
    "chuong nay",
    "muc nay",
    "phan nay",
    "cum tu",
    "noi dung nay",
];

// Folded starts of an amending law's own instruction: `2. Bổ sung Điều 6a …`, `b) Sửa đổi …`.
const INSTRUCTIONS: [&str; 9] = [
    "sua ddoi",
    "bo sung",
    "bai bo",
    "thay the",
    "thay cum tu",
    "bo cum tu",
    "bo tu",
    "ddinh chinh",
    "bo ",
];

/// True when `t` (a trimmed line) is only a table's column numbers, `(1) (2)` or `(1) (2) (3)`
/// (legislation.gov.uk numbers a schedule's columns so): counting from 1, nothing else.
pub(super) fn column_numbers(t: &str) -> bool {
    let mut expected = 1u32;
    for word in t.split_whitespace() {
        let number = word.strip_prefix('(').and_then(|w| w.strip_suffix(')'));
        match number.and_then(|n| n.parse::<u32>().ok()) {
            Some(n)
                if n == expected
                    && number.is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit())) =>
            {
                expected += 1;
            }
            _ => return false,
        }
    }
    expected > 2
}

/// True when `t` (a trimmed line) is only an editorial note: a whole line in `[…]` (`[1]`,
/// `[Bãi bỏ]`), or a footnote's text (`[2] Khoản này được sửa đổi …`).
pub(super) fn editorial_line(t: &str) -> bool {
    let Some(inner) = t.strip_prefix('[') else {
        return false;
    };
    // The bracket opened first closes at the very end (a closing `.` or `;` allowed).
    let body = t.trim_end_matches(['.', ';', ',']).trim_end_space();
    let mut depth = 0u32;
    for (i, c) in body.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if i + 1 == body.len() {
                        return true;
                    }
                    break;
                }
            }
            _ => {}
        }
    }
    // `[2] Khoản này được sửa đổi …`: a footnote number, then the note.
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    let Some(rest) = inner.get(digits..).and_then(|r| r.strip_prefix(']')) else {
        return false;
    };
    digits > 0 && editorial_phrase(rest.trim_start_space())
}

// What a site's note says happened to the text, folded (`[Khoản này được sửa đổi bởi …]`,
// `[Cụm từ “…” bị thay thế bởi …]`, `[Điều này hết hiệu lực …]`): no law says it of itself
// in brackets.
const NOTE_VERBS: [&str; 14] = [
    "dduoc sua ddoi",
    "dduoc bo sung",
    "dduoc thay the",
    "bi thay the",
    "bi bai bo",
    "dduoc bai bo",
    "dduoc huong dan",
    "het hieu luc",
    "ngung hieu luc",
    "dduoc ddinh chinh",
    "bi ddinh chi",
    "bi huy bo",
    "dduoc hop nhat",
    "dduoc quy ddinh chi tiet",
];

// What a note names as its subject, folded, when it says `… này` (`[Điều này hết hiệu lực]`).
const NOTE_SUBJECTS: [&str; 14] = [
    "ddieu", "khoan", "ddiem", "chuong", "muc", "phan", "tieu muc", "cum tu", "tu", "noi dung",
    "phu luc", "mau", "vi du", "ddoan",
];

// A crawl's own markup in brackets (`[ID: chuong_pl]`, `[Link: …]`, `[JavaScript: …]`).
const SITE_MARKUP: [&str; 3] = ["id:", "link:", "javascript:"];

/// True when `inner` (the text between `[` and `]`) is a site's note on the provisions rather
/// than text of them: what happened to it and by what (`… được sửa đổi bởi Điểm c Khoản 1
/// Điều 116 Luật Cạnh tranh 2018 …`), what happened to `… này`, or the crawl's markup.
pub(super) fn site_note(inner: &str) -> bool {
    let folded = fold_str(inner.trim_space());
    if SITE_MARKUP.iter().any(|m| folded.starts_with(m)) {
        return true;
    }
    let by = NOTE_VERBS.iter().any(|v| {
        folded.match_indices(v).any(|(at, _)| {
            folded
                .get(at + v.len()..)
                .is_some_and(|r| r.starts_with(" boi "))
        })
    });
    by || NOTE_SUBJECTS.iter().any(|subject| {
        folded
            .strip_prefix(subject)
            .and_then(|r| r.strip_prefix(" nay "))
            .is_some_and(|r| NOTE_VERBS.iter().any(|v| r.starts_with(v)))
    })
}

/// Byte ranges of the site notes in brackets inside `text` ([`site_note`]), each with the
/// spaces before it when text or the line's end follows, so that what is left reads as written.
/// And whether the last one is still open at the line's end.
pub(super) fn inline_notes(text: &str) -> (Vec<(usize, usize)>, bool) {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text.get(from..).and_then(|r| r.find('[')).map(|i| i + from) {
        // The matching `]` on this line; none: the rest of the line is text.
        let mut depth = 0u32;
        let mut close = None;
        for (i, c) in text.get(open..).unwrap_or_default().char_indices() {
            match c {
                '[' => depth += 1,
                ']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        close = Some(open + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else {
            // A note the crawl broke over two lines (`[Chương này được hướng dẫn bởi`, then
            // `… Thông tư 003/2025/TT-BNV …]`): it runs to the line's end, and on.
            let inner = text.get(open + 1..).unwrap_or_default().trim_end_space();
            if fold_str(inner).ends_with(" boi") && site_note(&format!("{inner} …")) {
                let start = text.get(..open).unwrap_or_default().trim_end_space().len();
                found.push((start, text.len()));
                return (found, true);
            }
            break;
        };
        if text.get(open + 1..close).is_some_and(site_note) {
            // Without the spaces before it (`tại [note] điểm` → `tại điểm`, `này. [note]` →
            // `này.`); at the line's start, without those after it.
            let start = text.get(..open).unwrap_or_default().trim_end_space().len();
            let mut end = close + 1;
            if start == 0 {
                let after = text.get(end..).unwrap_or_default();
                end += after.len() - after.trim_start_space().len();
            }
            found.push((start, end));
        }
        from = close + 1;
    }
    (found, false)
}

fn editorial_phrase(s: &str) -> bool {
    let head: String = s.chars().take(24).collect();
    let folded = fold_str(&head);
    EDITORIAL.iter().any(|p| folded.starts_with(p))
}

// The last word of a UK instruction whose quoted text follows on the next line.
const ENGLISH_INSERTS: [&str; 8] = [
    "insert",
    "inserted",
    "substitute",
    "substituted",
    "add",
    "added",
    "following",
    "end",
];

/// True when `text` ends with the amending phrase `như sau:` (or `như sau`), or a UK
/// instruction's `insert—`, `substituted—`, which announce a quotation.
pub(super) fn ends_as_follows(text: &str) -> bool {
    let t = text.trim_end_space();
    // UK amending instruments: `after paragraph 1, insert—`, `there shall be substituted—`.
    if let Some(before) = t.strip_suffix('—') {
        let word = before.rsplit(is_space).next().unwrap_or_default();
        return ENGLISH_INSERTS.contains(&word);
    }
    if !(t.ends_with(':') || t.ends_with("sau") || t.ends_with("SAU")) {
        return false;
    }
    let t = t.trim_end_matches(':').trim_end_space();
    let tail_start = t.char_indices().rev().nth(6).map_or(0, |(i, _)| i);
    let tail = t.get(tail_start..).unwrap_or_default();
    // Folded into a buffer on the stack: every clause of an amending law ends so.
    let mut folded = ['\0'; 32];
    let mut n = 0;
    let mut overflow = false;
    for c in tail.chars() {
        fold_char(c, &mut |f| match folded.get_mut(n) {
            Some(slot) => {
                *slot = f;
                n += 1;
            }
            None => overflow = true,
        });
    }
    if overflow {
        return fold_str(tail).ends_with("nhu sau");
    }
    folded
        .get(..n)
        .is_some_and(|f| f.ends_with(&['n', 'h', 'u', ' ', 's', 'a', 'u']))
}

/// True when the quotation opening at byte `at` of `text` follows `như sau:` on the same line,
/// or starts the line right after a line ending with it (`follows`).
pub(super) fn opens_amendment(text: &str, at: usize, follows: bool) -> bool {
    let before = text.get(..at).unwrap_or_default();
    if before.trim_space().is_empty() {
        return follows;
    }
    ends_as_follows(before)
}

// Whether `rest` (a provision's text) reads as an instruction of an amending law.
fn instruction(rest: &str) -> bool {
    let head: String = rest.chars().take(40).collect();
    let folded = fold_str(&head);
    INSTRUCTIONS.iter().any(|p| folded.starts_with(p))
        || ends_as_follows(rest)
        || [
            "dduoc sua ddoi",
            "dduoc bo sung",
            "dduoc thay the",
            "bi bai bo",
        ]
        .iter()
        .any(|p| folded.contains(p))
}

// `after_punctuation` of a line. Most lines hold no `.` `;` `:` but the one that ends them,
// which nothing follows: their marks say so, and the scan is skipped.
fn after_punctuation_in(line: &Line<'_>, from: usize) -> Vec<usize> {
    let text: &str = &line.text;
    // The mark that ends the line is followed by nothing.
    let last = u32::from(text.trim_end_space().ends_with(['.', ';', ':']));
    let before_the_last = line.marks.punctuation.saturating_sub(last);
    if before_the_last == 0 {
        return Vec::new();
    }
    after_punctuation(text, from, before_the_last)
}

/// Byte positions in `text` (from `from`) where something starts after sentence-final
/// punctuation (`.` `;` `:`) and at least one space, outside `[…]`, before any quotation mark.
/// The scan ends after `marks` of them (the line's count, without one that ends the line):
/// none after them can add a position (`1. Tổ chức …;` is read to its third byte).
fn after_punctuation(text: &str, from: usize, marks: u32) -> Vec<usize> {
    // Every character this looks at is ASCII or starts with a known byte, so a byte scan
    // suffices and stays on character boundaries (it runs on every line of every text).
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut depth = 0u32;
    let mut i = from;
    let mut left = marks;
    // Most bytes are none of those below: a tight loop over a table skips them, with no
    // vector instructions needed (the WASM build has none).
    while let Some(skip) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| STOPS_SCAN[usize::from(b)]))
    {
        i += skip;
        let Some(&b) = bytes.get(i) else {
            break;
        };
        match b {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'"' => break,
            // “ ” (E2 80 9C/9D) and « » (C2 AB/BB).
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0x9C | 0x9D)) =>
            {
                break
            }
            0xC2 if matches!(bytes.get(i + 1), Some(0xAB | 0xBB)) => break,
            b'.' | b';' | b':' if depth == 0 => {
                left = left.saturating_sub(1);
                let mut j = i + 1;
                while let Some(c) = text
                    .get(j..)
                    .and_then(|r| r.chars().next())
                    .filter(|&c| is_space(c))
                {
                    j += c.len_utf8();
                }
                let next = text.get(j..).and_then(|r| r.chars().next());
                if j > i + 1 && next.is_some_and(|c| !matches!(c, '[' | '“' | '"' | '«')) {
                    out.push(j);
                }
                if left == 0 {
                    break;
                }
                i = j;
                continue;
            }
            b'.' | b';' | b':' => left = left.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    out
}

// The bytes `after_punctuation` stops at: brackets, quotation marks (or their first byte)
// and sentence-final punctuation.
const STOPS_SCAN: [bool; 256] = {
    let mut table = [false; 256];
    let stops = [b'[', b']', b'"', 0xE2, 0xC2, b'.', b';', b':'];
    let mut k = 0;
    while k < stops.len() {
        table[stops[k] as usize] = true;
        k += 1;
    }
    table
};

// A short quotation of the text at `at` for messages: up to 40 characters.
fn excerpt(text: &str, at: usize) -> String {
    let rest = text.get(at..).unwrap_or_default().trim_end_space();
    let mut out: String = rest.chars().take(40).collect();
    if rest.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

impl Segmenter<'_> {
    /// One physical line of the input: an editorial note, or a line possibly holding a glued heading.
    pub(super) fn physical(&mut self, line: &Line<'_>) {
        let text: &str = &line.text;
        let t = text.trim_space();
        let start = text.len() - text.trim_start_space().len();
        // The rest of a note the line before left open, up to its `]` near the line's start.
        if let Some((site, passage)) = self.open_note.take() {
            if let Some(close) = text.find(']').filter(|&c| c < NOTE_REST_BYTES) {
                let rest = text.get(..=close).unwrap_or_default().trim_space();
                for note in [
                    self.site_notes.get_mut(site).map(|n| &mut n.2),
                    self.notes.get_mut(passage).map(|p| &mut p.text),
                ]
                .into_iter()
                .flatten()
                {
                    note.push(' ');
                    note.push_str(rest);
                }
                if let Some(p) = self.notes.get_mut(passage) {
                    p.end_line = line.number;
                }
                let after = text.get(close + 1..).unwrap_or_default();
                let end = close + 1 + after.len() - after.trim_start_space().len();
                if let Some(rest) = line.without(0, end) {
                    self.physical(&rest);
                    return;
                }
            }
        }
        if !self.quotes.open() && editorial_line(t) {
            // `[§ 201. Repealed …]`, `[CHAPTER 3—REPEALED]`: the US Code prints a repealed or
            // omitted provision as its heading in brackets. It stays a unit with its number.
            if let Some(tail) = self.bracketed_heading(line, start) {
                self.one_line(&tail, None);
                return;
            }
            self.first_content.get_or_insert_with(|| line.locate(start));
            self.report(
                Severity::Warning,
                codes::EDITORIAL_NOTE,
                line.locate(start),
                format!("'{}' is an editorial note of the publisher, not text of the provisions; it was left out of the units", excerpt(text, start)),
                "nothing to do if the note comes from a consolidated or crawled text; its text is kept among the notes".into(),
            );
            self.notes.push(Passage {
                text: t.to_owned(),
                line: line.number,
                end_line: line.number,
            });
            // A note on the provisions (not a footnote's number or text) belongs to its unit.
            if t.get(1..t.len().saturating_sub(1)).is_some_and(site_note) {
                self.site_notes
                    .push((line.locate(start).offset, line.number, t.to_owned()));
            }
            return;
        }
        // A site's note inside the line (`1. Nội dung [Khoản này được bổ sung bởi …]`, `Chương
        // 2: [Chương này được hướng dẫn bởi …]`), in a quotation too: out of the text, kept as
        // a note of the unit the line is in.
        if line.marks.bracket {
            let (found, open) = inline_notes(text);
            if !found.is_empty() {
                let mut still_open = None;
                for (k, &(from, to)) in found.iter().enumerate() {
                    let note = text.get(from..to).unwrap_or_default().trim_space();
                    let at = from
                        + text
                            .get(from..to)
                            .unwrap_or_default()
                            .find('[')
                            .unwrap_or(0);
                    self.report(
                        Severity::Warning,
                        codes::EDITORIAL_NOTE,
                        line.locate(at),
                        format!("'{}' is an editorial note of the publisher, not text of the provisions; it was taken out of the text and kept as a note of the provision", excerpt(text, at)),
                        "nothing to do if the note comes from a consolidated or crawled text; the note is kept beside the provision".into(),
                    );
                    if open && k + 1 == found.len() {
                        still_open = Some((self.site_notes.len(), self.notes.len()));
                    }
                    self.notes.push(Passage {
                        text: note.to_owned(),
                        line: line.number,
                        end_line: line.number,
                    });
                    self.site_notes
                        .push((line.locate(at).offset, line.number, note.to_owned()));
                }
                // From the last, so that the earlier ranges stay where they were.
                let mut rest: Option<Line<'_>> = None;
                for &(from, to) in found.iter().rev() {
                    let current = rest.as_ref().unwrap_or(line);
                    rest = current.without(from, to).or(rest);
                }
                if let Some(rest) = rest {
                    self.physical(&rest);
                    // Only now: the rest of this line is no rest of the note.
                    self.open_note = still_open;
                    return;
                }
            }
        }
        // Where text starts after punctuation: asked for glued headings here and for provisions
        // run on in `one_line`, both outside quotations, so the line is scanned once.
        let mut after = None;
        if !self.quotes.open() {
            let positions = after_punctuation_in(line, start);
            if let Some((at, m)) = self.glued_heading(line, start, &positions) {
                if let Some((head, tail)) = line.split_at(at) {
                    let label = self.types.get(m.section).map_or("", |t| t.label.as_str());
                    let shown = excerpt(text, at);
                    self.report(
                        Severity::Warning,
                        codes::GLUED_HEADING,
                        line.locate(at),
                        format!("the {label} heading '{shown}' is glued to the end of the line before it (a lost line break); the line was split there"),
                        format!("put '{shown}' on its own line"),
                    );
                    self.one_line(&head, None);
                    // The rest may hold a further glued heading.
                    self.physical(&tail);
                    return;
                }
            }
            after = Some(positions);
        }
        self.one_line(line, after);
    }

    // The line from after its opening `[` when a heading of a citation root or structural
    // type follows it (`[§ 201. Repealed …]`), or a heading of any type whose text is what the
    // publisher prints for a repealed provision (`[(g) Repealed. Pub. L. 112–29, …]`, the US
    // Code's repealed subsection: `unit::provision_status`).
    fn bracketed_heading<'l>(&self, line: &Line<'l>, start: usize) -> Option<Line<'l>> {
        let text: &str = &line.text;
        let at = start + text.get(start..)?.strip_prefix('[').map(|_| 1)?;
        let first = text.get(at..).and_then(first_folded);
        let heading = self
            .patterns
            .iter()
            .filter_map(|p| p.match_at(text, at, first))
            .any(|m| {
                !m.weak
                    && (self.is_major(m.section)
                        || text
                            .get(m.rest_at..)
                            .is_some_and(|rest| provision_status(None, rest).is_some()))
            });
        heading.then(|| line.split_at(at).map(|(_, tail)| tail))?
    }

    // A line as the segmenter reads it, then a check for provisions run on after its text;
    // `after`: the line's `after_punctuation` positions, when already found.
    fn one_line(&mut self, line: &Line<'_>, after: Option<Vec<usize>>) {
        let text: &str = &line.text;
        let start = text.len() - text.trim_start_space().len();
        let quoted = self.quotes.open()
            || text.get(start..).is_some_and(|r| {
                r.starts_with(is_open_quote) && !self.quotes.ignored(line.number, start)
            });
        self.line(line);
        if !quoted && self.held.is_none() && self.note.is_none() && !self.stack.is_empty() {
            let after = after.unwrap_or_else(|| after_punctuation_in(line, start));
            self.run_on(line, &after);
        }
    }

    // The first place after sentence-final punctuation where the heading of a citation root or
    // structural unit starts (`…. Điều 5. Giải thích từ ngữ`), with a capitalised title, and whose
    // number is the next one expected.
    fn glued_heading(
        &self,
        line: &Line<'_>,
        start: usize,
        after: &[usize],
    ) -> Option<(usize, Match)> {
        let text: &str = &line.text;
        for &at in after {
            let first = text.get(at..).and_then(first_folded);
            let Some(m) = self.patterns.iter().find_map(|p| {
                let t = self.types.get(p.section)?;
                let major = t.citation_root || self.structural.get(p.section) == Some(&true);
                if !(p.titled() && major) {
                    return None;
                }
                p.match_at(text, at, first)
            }) else {
                continue;
            };
            let structural = self.structural.get(m.section) == Some(&true);
            let after = text.get(m.ordinal_end..).unwrap_or_default();
            let closed = after.starts_with(['.', ':', '[']);
            let title = text.get(m.rest_at..).unwrap_or_default();
            let capital = title.chars().next().map(char::is_uppercase);
            let titled = match capital {
                Some(upper) => upper,
                None => structural,
            };
            if !titled || !(closed || structural) {
                continue;
            }
            if self.continues(text, start, &m) {
                return Some((at, m));
            }
        }
        None
    }

    // Whether `m` is the next of its type: after the heading that starts the same line, if the
    // line starts with one of the same type, else after the last one cut.
    fn continues(&self, text: &str, start: usize, m: &Match) -> bool {
        let Some(t) = self.types.get(m.section) else {
            return false;
        };
        let Some(current) = rank(t.ordinal_style, self.alphabet, &m.ordinal) else {
            return false;
        };
        let first = text.get(start..).and_then(first_folded);
        let head = self
            .patterns
            .iter()
            .filter(|p| p.section == m.section)
            .find_map(|p| p.match_at(text, start, first));
        if let Some(head) = head {
            let previous = rank(t.ordinal_style, self.alphabet, &head.ordinal);
            return previous.is_some_and(|p| step(Some(&p), &current) == Step::Next);
        }
        let plan = self.plan(m);
        plan.attach != Attach::Orphan && plan.step == Some(Step::Next)
    }

    // Points or clauses run on after the text of a line (`a) …; b) …`, `…. 2. Người …`): reported, never split.
    fn run_on(&mut self, line: &Line<'_>, after: &[usize]) {
        let text: &str = &line.text;
        let mut previous: Option<(usize, super::super::sequence::Rank)> = None;
        for &at in after {
            let first = text.get(at..).and_then(first_folded);
            let Some(m) = self.patterns.iter().find_map(|p| {
                let t = self.types.get(p.section)?;
                let major = t.citation_root || self.structural.get(p.section) == Some(&true);
                if p.titled() || major {
                    return None;
                }
                p.match_at(text, at, first).filter(|m| !m.weak)
            }) else {
                continue;
            };
            let Some(t) = self.types.get(m.section) else {
                continue;
            };
            let body = text.get(m.rest_at..).unwrap_or_default();
            let numeric = t.ordinal_style.is_numeric();
            let readable = match body.chars().next() {
                Some(c) => !numeric || c.is_uppercase(),
                None => false,
            };
            if !readable {
                continue;
            }
            let Some(current) = rank(t.ordinal_style, self.alphabet, &m.ordinal) else {
                continue;
            };
            let next = match &previous {
                Some((section, p)) if *section == m.section => {
                    step(Some(p), &current) == Step::Next
                }
                _ => {
                    let plan = self.plan(&m);
                    plan.attach != Attach::Orphan && plan.step == Some(Step::Next)
                }
            };
            if !next {
                continue;
            }
            let label = t.label.clone();
            let shown = excerpt(text, at);
            self.report(
                Severity::Warning,
                codes::POINTS_ON_ONE_LINE,
                line.locate(at),
                format!("{label} '{shown}' starts in the middle of a line, after the text of the provision before it; it was not cut as a unit"),
                format!("put '{shown}' on its own line"),
            );
            previous = Some((m.section, current));
        }
    }

    // Whether the open quotation is closed further on, before any line opens another one: a
    // line from this one on ends with a closing mark (`… Nghị định này.”`, then only
    // punctuation). Then a quoted point that ends `… như sau:` (`b) Trường hợp … thì thực
    // hiện như sau:` inside a quoted clause, Nghị định 291/2025) is text of the quotation, not
    // the amending text's next instruction; where the mark is missing, the next mark met
    // closes the next quotation, which opens first.
    fn closes_further_on(&self, line: &Line<'_>) -> bool {
        let from = line.locate(0).offset;
        let rest = self.input.get(from..).unwrap_or_default();
        for (i, l) in rest.lines().take(QUOTE_LOOKAHEAD_LINES).enumerate() {
            let t = l.trim_space();
            if i > 0 && t.starts_with(is_open_quote) {
                return false;
            }
            let end = t.trim_end_matches(|c: char| {
                matches!(c, '.' | ',' | ';' | ':' | ')') || c.is_whitespace()
            });
            if end.ends_with(['”', '»', '"']) {
                return true;
            }
        }
        false
    }

    // While a quotation opened after `… như sau:` is open, a line that is the amending text's
    // own next instruction (the next clause of the quoting article reading `Bổ sung …`,
    // `Sửa đổi …`, or the next article) shows the closing mark is missing: the quotation ends before it.
    pub(super) fn close_at_instruction(&mut self, line: &Line<'_>, start: usize, t: &str) {
        if !self.quotes.amending || t.starts_with(is_open_quote) {
            return;
        }
        let text: &str = &line.text;
        let first = first_folded(t);
        let closes = self
            .patterns
            .iter()
            .filter_map(|p| p.match_at(text, start, first))
            // A bare number (`3.—(1)` in a statutory instrument) is the next provision only
            // under its own title line (`Amendment of the … Regulations 2015`), as instruments
            // print it; a quoted provision's title line opens the quotation instead.
            .filter(|m| !m.weak || self.prev_title)
            .any(|m| {
                let Some(ty) = self.types.get(m.section) else {
                    return false;
                };
                let plan = self.plan(&m);
                if plan.attach == Attach::Orphan || plan.step != Some(Step::Next) {
                    return false;
                }
                if ty.citation_root {
                    return true;
                }
                !m.weak
                    && plan.had_previous
                    && instruction(text.get(m.rest_at..).unwrap_or_default())
            });
        if !closes || self.closes_further_on(line) {
            return;
        }
        let Some(mark) = self.quotes.opened else {
            return;
        };
        self.quotes.depth = 0;
        self.quotes.straight = false;
        self.quotes.nested = 0;
        self.quotes.opened = None;
        self.quotes.amending = false;
        self.report(
            Severity::Warning,
            codes::UNCLOSED_QUOTE,
            mark.location,
            format!(
                "this quotation is not closed before line {}, where the amending text's next instruction '{}' starts; it was closed there",
                line.number,
                excerpt(text, start)
            ),
            "add the closing quotation mark where the quoted text ends".into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_of_column_numbers_is_told_apart_from_a_numbered_paragraph() {
        assert!(column_numbers("(1) (2)"));
        assert!(column_numbers("(1)  (2) (3)"));
        assert!(!column_numbers("(1)"));
        assert!(!column_numbers("(2) (3)"));
        assert!(!column_numbers("(1) (2) text"));
        assert!(!column_numbers("(1) (a)"));
        assert!(!column_numbers("(1) (+2)"));
    }

    #[test]
    fn editorial_lines_are_whole_bracketed_lines_or_footnote_texts() {
        for t in [
            "[1]",
            "[Bãi bỏ]",
            "[Điều này được sửa đổi bởi khoản 2 Điều 1 Luật số 28/2018/QH14].",
            "[2] Khoản này được sửa đổi, bổ sung theo quy định tại khoản 1 Điều 1 Nghị định số 20/2021/NĐ-CP.",
        ] {
            assert!(editorial_line(t), "{t}");
        }
        for t in [
            "[1] x [2]",
            "1. x [Khoản này được bổ sung]",
            "[2] Người lao động",
            "Điều 5. Phạm vi",
            "[",
        ] {
            assert!(!editorial_line(t), "{t}");
        }
    }

    #[test]
    fn site_notes_say_what_happened_to_a_provision_and_by_what() {
        for inner in [
            "Khoản này được sửa đổi bởi Khoản 2 Điều 1 Luật 84/2015/QH13",
            "Điểm này được sửa đổi bởi Điểm c Khoản 1 Điều 116 Luật Cạnh tranh 2018",
            "Cụm từ “Tên xã, phường, thị trấn” tại Khoản này bị thay thế bởi Điểm a Khoản 2 Điều 10",
            "Khoản 5, Khoản 6 được bổ sung bởi Điểm b Khoản 2 Điều 2 Nghị định 102/2021/NĐ-CP",
            "Thành phần hồ sơ, biểu mẫu thực hiện thủ tục được hướng dẫn bởi Điều 12 Thông tư 10/2025/TT-BNNMT",
            "Điều này hết hiệu lực",
            "Điều này bị bãi bỏ",
            "ID: chuong_pl",
        ] {
            assert!(site_note(inner), "{inner}");
        }
        for inner in [
            "1",
            "Bãi bỏ",
            "a",
            "được",
            "Chính phủ nước vay vốn",
            "sửa đổi bởi ai",
        ] {
            assert!(!site_note(inner), "{inner}");
        }
    }

    #[test]
    fn inline_notes_leave_the_words_around_them_as_written() {
        let cases = [
            (
                "tại [Khoản này được sửa đổi bởi X] điểm b",
                "tại điểm b",
                false,
            ),
            (
                "Điều này. [Khoản này được sửa đổi bởi X]",
                "Điều này.",
                false,
            ),
            ("[Điều này được sửa đổi bởi X] Phạm vi", "Phạm vi", false),
            (
                "Chương III [Chương này được hướng dẫn bởi ",
                "Chương III",
                true,
            ),
            ("Điểm [a] và [b]", "Điểm [a] và [b]", false),
            (
                "a [Khoản này được bổ sung bởi X] b [Điểm này bị bãi bỏ bởi Y].",
                "a b.",
                false,
            ),
        ];
        for (text, left, open) in cases {
            let (found, still_open) = inline_notes(text);
            let mut rest = text.to_owned();
            for &(from, to) in found.iter().rev() {
                rest.replace_range(from..to, "");
            }
            assert_eq!((rest.as_str(), still_open), (left, open), "{text}");
        }
    }

    #[test]
    fn amending_phrases_announce_quotations() {
        assert!(ends_as_follows("1. Điều 5 được sửa đổi, bổ sung như sau:"));
        assert!(ends_as_follows("SỬA ĐỔI NHƯ SAU:  "));
        assert!(!ends_as_follows("Phạm vi điều chỉnh"));
        assert!(opens_amendment("Sửa như sau: “Điều 5", 16, false));
        assert!(opens_amendment("“Điều 5", 0, true));
        assert!(!opens_amendment("“Điều 5", 0, false));
        assert!(instruction("Bổ sung Điều 6a vào sau Điều 6 như sau:"));
        assert!(instruction("Khoản 3 Điều 7 được sửa đổi như sau:"));
        assert!(!instruction("Khoản mới."));
        // `đổi` folds to `ddoi`: an instruction that says no `như sau` is one too.
        assert!(instruction("Sửa đổi điểm a khoản 2 Điều 5."));
        assert!(instruction(
            "Khoản 2 được sửa đổi bởi Luật số 28/2018/QH14."
        ));
    }

    #[test]
    fn every_space_after_punctuation_is_seen() {
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_space(c))
        {
            for p in ['.', ';', ':'] {
                let t = format!("Nội dung{p}{c}Điều 2");
                assert_eq!(
                    after_punctuation(&t, 0, punctuation(&t)),
                    [t.len() - "Điều 2".len()],
                    "U+{:04X}",
                    u32::from(c)
                );
            }
        }
    }

    #[test]
    fn positions_after_punctuation_skip_brackets_and_quotations() {
        let t = "a) x; b) y [z. c) w] và. “d) v”";
        let got: Vec<&str> = after_punctuation(t, 0, punctuation(t))
            .into_iter()
            .map(|i| &t[i..i + 2])
            .collect();
        assert_eq!(got, ["b)"]);
    }

    // What a line's marks count: `.` `;` `:`.
    fn punctuation(t: &str) -> u32 {
        let n = t
            .bytes()
            .filter(|b| matches!(b, b'.' | b';' | b':'))
            .count();
        u32::try_from(n).unwrap()
    }

    #[test]
    fn the_scan_after_the_last_punctuation_finds_nothing_more() {
        // Stopping after the line's marks (less the one that ends it) gives what a scan to its
        // end gives, from wherever the scan starts (marks before it are never reached).
        let lines = [
            "1. Tổ chức, cá nhân có trách nhiệm: a) lập hồ sơ; b) nộp hồ sơ.",
            "a) x; b) y [z. c) w] và. “d) v”",
            "Điều 5. Phạm vi điều chỉnh [Sửa đổi bởi Luật 1. số 2.] 2. Khoản",
            "\"Quoted. text\" then. More: here",
            "SEC. 2. FINDINGS. Congress finds that— (1) one; (2) two.",
            "...  . ;  : x",
            "no punctuation at all",
            "1. Khoản một:   ",
            "a) điểm;",
            "« Trích. dẫn » sau. đó",
        ];
        for t in lines {
            for from in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                let last = u32::from(t.trim_end_space().ends_with(['.', ';', ':']));
                assert_eq!(
                    after_punctuation(t, from, punctuation(t) - last),
                    after_punctuation(t, from, u32::MAX),
                    "{t:?} from {from}"
                );
            }
        }
    }
}
