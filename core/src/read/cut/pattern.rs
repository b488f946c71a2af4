//! Heading patterns of a vocabulary, compiled once and matched against lines by hand.
//!
//! A pattern such as `Điều {ordinal}.` splits into a *lead* (words matched ignoring case
//! and marks: `Điều`), an *open* glued before the ordinal (`(` in `({ordinal})`, matched
//! exactly), the ordinal in the section type's style, and a *close* glued after it (`.`,
//! `)`, matched exactly). Patterns with a lead are *titled*: the text after the ordinal is
//! the unit's heading, and they accept `:` `-` `–` or nothing in place of the close.

use super::text::{fold_str, folded_eq, is_all_caps, is_space, names_a_document, TrimSpace};
use crate::text::bytes::{lanes_equal, position};
use crate::text::ordinal::normalize_ordinal;
use crate::text::vocabulary::{OrdinalStyle, SectionType};
use compact_str::CompactString;

const SEPARATORS: [char; 5] = ['.', ':', '-', '–', '—'];

/// One section type's heading pattern, ready to match.
#[derive(Debug, Clone)]
pub(super) struct Pattern {
    /// Index of the section type in the vocabulary.
    pub section: usize,
    lead: Vec<String>,
    // Label words after the ordinal (`{ordinal} Schedule`): older Acts print `FIRST SCHEDULE`,
    // the ordinal an English word. Such a heading stands alone on its line.
    trail: Vec<String>,
    open: String,
    close: String,
    style: OrdinalStyle,
    // First folded character of the lead, to reject most lines without folding a word.
    first: Option<char>,
    // Without a lead, the bytes a match may start with (the opening text's first, or the
    // ordinal style's first), to reject most lines before reading an ordinal: every pattern
    // is tried on every line.
    starts: ByteSet,
    // `{title}` follows the ordinal: the rest is a heading when it reads as one.
    title_slot: bool,
    // Whether `3.1`, `(2.1)`, `(a.1)` read as inserted (decimal) numbers: only where the
    // pattern puts no `.` right after the ordinal, as `Điều 5.` and `1.` do (`1.1.` there is
    // a clause numbered as in a table of contents, and `1.000.000` an amount).
    decimal: bool,
    // The type is a citation root (a section, not a schedule's paragraph).
    root: bool,
}

/// A line that reads as the heading of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Match {
    pub section: usize,
    /// Canonical ordinal, e.g. `4` for `IV`, `dd` for `đ`.
    pub ordinal: CompactString,
    /// Byte range of the ordinal as written, in the line.
    pub ordinal_at: usize,
    pub ordinal_end: usize,
    /// Where the heading (titled) or the body (untitled) starts on the line.
    pub rest_at: usize,
    /// Byte range of a footnote marker such as `[2]` next to the ordinal.
    pub footnote: Option<(usize, usize)>,
    /// The last number of a range of repealed or omitted provisions (`72 to 88 [Repealed …]`,
    /// `8 and 9 [Repealed …]`): the unit is the first number, the sequence goes on after the last.
    pub through: Option<String>,
    /// Whether the rest of the line is the unit's heading (`Điều 5. Phạm vi`, `3. Citizenship`)
    /// rather than the start of its body (`1. Nội dung`, `(a) text`).
    pub titled: bool,
    /// Whether the pattern has no label and no opening text (`1 Short title`, `3. Citizenship`),
    /// so a numbered line of a table or a list reads the same: such a line is a heading only
    /// where its number continues its sequence.
    pub weak: bool,
    /// Whether the pattern has a label (`Sec.`, `Điều`), whose number's line holds the unit's
    /// heading unless it reads as the provision's text (`reads_as_text`: then not `titled`).
    pub labelled: bool,
    /// On a labelled number's line that holds a heading and then the provision's text
    /// (`SEC. 2. FINDINGS. Congress finds that—`): where the text starts (`Congress …`).
    pub text_at: Option<usize>,
    /// On an unlabelled subdivision's line (`(a)`, not a citation root) that runs in its
    /// heading in the US style (`(a) Establishment.—The United States Patent and Trademark
    /// Office is …`): where that heading ends (before `.—`) and where the text starts.
    pub run_in: Option<(usize, usize)>,
}

impl Pattern {
    /// One pattern per alternative of the type's heading pattern; empty when none is usable.
    #[cfg(test)]
    pub fn compile_all(section: usize, t: &SectionType) -> Vec<Pattern> {
        t.heading_patterns()
            .filter_map(|p| Pattern::compile(section, t, p))
            .collect()
    }

    /// `None` when the pattern has no `{ordinal}`, or no fixed text around it and no `{title}`, so it could match any line.
    pub fn compile(section: usize, t: &SectionType, pattern: &str) -> Option<Pattern> {
        // A definition is read from its line by the definitions it stands among
        // (`definitions.rs`), never matched as a heading.
        if t.ordinal_style == OrdinalStyle::Term {
            return None;
        }
        let (before, after) = pattern.split_once("{ordinal}")?;
        let title_slot = after.contains("{title}");
        let after = after.replace("{title}", "");
        let trail: Vec<String> = if before.is_empty() && after.starts_with(is_space) {
            after
                .split(is_space)
                .filter(|w| !w.is_empty())
                .map(fold_str)
                .collect()
        } else {
            Vec::new()
        };
        if !trail.is_empty() {
            return Some(Pattern {
                section,
                lead: Vec::new(),
                trail,
                open: String::new(),
                close: String::new(),
                style: t.ordinal_style,
                first: None,
                starts: ByteSet::ALL,
                title_slot,
                decimal: false,
                root: t.citation_root,
            });
        }
        let mut words: Vec<&str> = before.split(is_space).filter(|w| !w.is_empty()).collect();
        let glued = !before.is_empty() && !before.ends_with(is_space);
        let open = if glued {
            words.pop().unwrap_or_default().to_owned()
        } else {
            String::new()
        };
        let close: String = after.chars().take_while(|c| !is_space(*c)).collect();
        let lead: Vec<String> = words.iter().map(|w| fold_str(w)).collect();
        // A bare number heading (`1 Short title`) needs its title, and only arabic numbers start one.
        let bare = lead.is_empty() && open.is_empty() && close.is_empty();
        if bare && !(title_slot && t.ordinal_style == OrdinalStyle::Arabic) {
            return None;
        }
        let first = lead.first().and_then(|w| w.chars().next());
        let decimal = !close.starts_with('.');
        let starts = match (lead.is_empty(), open.as_bytes().first()) {
            (false, _) => ByteSet::ALL,
            (true, Some(&b)) => ByteSet::of(|c| c == b),
            (true, None) => ordinal_starts(t.ordinal_style),
        };
        Some(Pattern {
            section,
            lead,
            trail: Vec::new(),
            open,
            close,
            style: t.ordinal_style,
            first,
            starts,
            title_slot,
            decimal,
            root: t.citation_root,
        })
    }

    /// The pattern without decimal ordinals: Vietnamese texts number sub-points `a.1)` and
    /// items `1.1.` under their parent, never as insertions between siblings.
    pub fn without_decimals(mut self) -> Pattern {
        self.decimal = false;
        self
    }

    /// Whether text after the ordinal is always a heading (`Điều 5. Phạm vi`): the pattern has a label.
    pub fn titled(&self) -> bool {
        !self.lead.is_empty() || !self.trail.is_empty()
    }

    fn bare(&self) -> bool {
        self.lead.is_empty() && self.open.is_empty() && self.close.is_empty()
    }

    /// Matches the line `text` whose content starts at byte `start`; `first` is its first folded character.
    #[inline]
    pub fn match_at(&self, text: &str, start: usize, first: Option<char>) -> Option<Match> {
        // Every pattern is tried on every line, and a label's first letter rejects most
        // lines: inlined into the callers, that costs no call.
        if self.first.is_some() && self.first != first {
            return None;
        }
        if !self.starts.has(text.as_bytes().get(start).copied()) {
            return None;
        }
        self.match_from(text, start)
    }

    fn match_from(&self, text: &str, start: usize) -> Option<Match> {
        if !self.trail.is_empty() {
            return self.trailing_label_match(text, start);
        }
        let mut pos = start;
        for (i, word) in self.lead.iter().enumerate() {
            if i > 0 {
                pos = skip_space(text, pos);
            }
            let end = word_end(text, pos);
            let written = text.get(pos..end)?;
            if end == pos || !(folded_eq(written, word) || doubled_sign(written, word)) {
                return None;
            }
            pos = end;
        }
        if self.titled() {
            pos = skip_space(text, pos);
        }
        if !self.open.is_empty() {
            if !text.get(pos..)?.starts_with(self.open.as_str()) {
                return None;
            }
            pos += self.open.len();
        }
        let ordinal_at = pos;
        let (ordinal, ordinal_end) = self.ordinal(text, pos)?;
        pos = ordinal_end;
        let mut footnote = footnote_at(text, pos);
        if let Some((_, end)) = footnote {
            pos = end;
        }
        // `§§ 202 to 204.`, `§§ 1, 2.`: one heading for several provisions (the US Code's
        // repealed sections); the first number is the ordinal. Only before a literal close.
        if self.titled() && !self.close.is_empty() && !text.get(pos..)?.starts_with(&self.close) {
            if let Some(end) = self.range_end(text, pos) {
                if text.get(end..)?.starts_with(self.close.as_str()) {
                    pos = end;
                }
            }
        }
        let mut literal_close = false;
        if !self.close.is_empty() {
            if text.get(pos..)?.starts_with(self.close.as_str()) {
                pos += self.close.len();
                literal_close = true;
            } else if !self.titled() {
                return None;
            }
        }
        if footnote.is_none() {
            footnote = footnote_at(text, pos);
            if let Some((_, end)) = footnote {
                pos = end;
            }
        }
        // UK statutory instruments run the first paragraph in after an em dash: `2.—(1) A …`.
        let mut dashed = false;
        if literal_close && !self.titled() {
            if let Some(after) = text.get(pos..).and_then(|r| r.strip_prefix('—')) {
                if after.starts_with(|c: char| c == '(' || c.is_uppercase() || c == '“') {
                    pos += '—'.len_utf8();
                    dashed = true;
                }
            }
        }
        let rest = text.get(pos..)?;
        if self.bare() {
            return self.bare_match(text, ordinal, ordinal_at, ordinal_end);
        }
        let follows = match rest.chars().next() {
            None => true,
            // Without a literal close, "Section 5 of this Act", "Điều 5 của Luật" and
            // "Schedule 2 (which makes …) shall have effect" are running text.
            Some(c) if is_space(c) => {
                literal_close || !self.titled() || {
                    let after = rest.trim_start_space();
                    // "Điều 45 Luật Đất đai;": a cross-reference wrapped onto its own line.
                    !after.starts_with(|c: char| {
                        c.is_lowercase() || c.is_ascii_digit() || matches!(c, '(' | ',' | ';')
                    }) && !names_a_document(after)
                }
            }
            Some(c) if SEPARATORS.contains(&c) => self.titled(),
            // "1.Nội dung": a missing space after a literal close.
            Some(c) if c.is_uppercase() => literal_close,
            // `(1)(a) All meters …`: a paragraph's first sub-paragraph runs in (`run_in` cuts it).
            Some('(') if literal_close && self.open == "(" => true,
            Some('(' | '“') => dashed,
            Some(_) => false,
        };
        if !follows {
            return None;
        }
        let mut rest_at = skip_space(text, pos);
        if self.titled() {
            if let Some(c) = text.get(rest_at..).and_then(|r| r.chars().next()) {
                if SEPARATORS.contains(&c) {
                    rest_at = skip_space(text, rest_at + c.len_utf8());
                }
            }
        }
        let rest = text.get(rest_at..).unwrap_or_default().trim_end_space();
        let mut text_at = None;
        let titled = if self.titled() {
            // A provision's number closed by a full stop after its label (`Sec. 101.`,
            // `Điều 5.`) whose line reads as its text has no heading there: the text starts
            // on that line, after a heading closed by a full stop if one comes first.
            if self.root && literal_close && reads_as_text(rest) {
                text_at = heading_then_text(rest).map(|n| rest_at + n);
                text_at.is_some()
            } else {
                true
            }
        } else {
            self.title_slot && reads_as_title(rest)
        };
        let run_in = if self.titled() || self.root || titled {
            None
        } else {
            run_in_heading(rest).map(|(end, at)| (rest_at + end, rest_at + at))
        };
        Some(Match {
            section: self.section,
            ordinal,
            ordinal_at,
            ordinal_end,
            rest_at,
            footnote,
            through: None,
            titled,
            weak: self.title_slot && self.lead.is_empty() && self.open.is_empty(),
            labelled: self.titled(),
            text_at,
            run_in,
        })
    }

    // `FIRST SCHEDULE`, `Second Schedule`: an English ordinal word, then the label's words,
    // then nothing but a separator and a title; `First Schedule to this Act …` is prose.
    fn trailing_label_match(&self, text: &str, start: usize) -> Option<Match> {
        let ordinal_at = start;
        let ordinal_end = word_end(text, start);
        let n = english_ordinal(text.get(start..ordinal_end)?)?;
        let mut pos = ordinal_end;
        for word in &self.trail {
            pos = skip_space(text, pos);
            let end = word_end(text, pos);
            let written = text.get(pos..end)?;
            let bare = written.trim_end_matches(SEPARATORS);
            if !folded_eq(bare, word) {
                return None;
            }
            pos += bare.len();
        }
        let rest = text.get(pos..)?.trim_start_space();
        if let Some(c) = rest.chars().next() {
            if !SEPARATORS.contains(&c) {
                return None;
            }
        }
        let mut rest_at = text.len() - rest.len();
        if let Some(c) = rest.chars().next() {
            rest_at = skip_space(text, rest_at + c.len_utf8());
        }
        Some(Match {
            section: self.section,
            ordinal: CompactString::from(n.to_string()),
            ordinal_at,
            ordinal_end,
            rest_at,
            footnote: None,
            through: None,
            titled: true,
            weak: false,
            labelled: true,
            text_at: None,
            run_in: None,
        })
    }

    // `1 Short title`, `12A Power to charge`: one space, then a title (or, for a numbered
    // schedule paragraph, text starting with a capital or a sub-paragraph's `(`). A note in
    // brackets stands for the text of a provision repealed or left out of a consolidation
    // (`5 [Repealed, 1992, c. 1, s. 2]`, `2 [Amendments]`), also for a range of them
    // (`72 to 88 [Amendments]`, `8 and 9 [Repealed …]`): that is its heading.
    fn bare_match(
        &self,
        text: &str,
        ordinal: CompactString,
        ordinal_at: usize,
        ordinal_end: usize,
    ) -> Option<Match> {
        let rest = text.get(ordinal_end..)?;
        let after = rest.trim_start_space();
        let gap = rest.len() - after.len();
        // A number then a tab is the first cell of a table row: perhaps an item of a
        // schedule, never a section.
        let cell = rest.get(..gap).is_some_and(|g| g.contains('\t'));
        if gap == 0 || gap > 3 || (cell && self.root) {
            return None;
        }
        let rest_at = ordinal_end + gap;
        let through = self.bracketed_range_end(text, rest_at);
        let next = after.chars().next()?;
        // `143 . . . . . . . .`: legislation.gov.uk prints a repealed provision's text as dots.
        let dots = after.starts_with(". .")
            && after
                .trim_end_space()
                .chars()
                .all(|c| c == '.' || is_space(c));
        if through.is_none()
            && !dots
            && !(next.is_uppercase() || matches!(next, '(' | '“' | '"' | '['))
        {
            return None;
        }
        Some(Match {
            section: self.section,
            ordinal,
            ordinal_at,
            ordinal_end,
            rest_at,
            footnote: None,
            titled: through.is_some() || reads_as_title(after.trim_end_space()),
            through,
            weak: true,
            labelled: false,
            text_at: None,
            run_in: None,
        })
    }

    // `to 88 [` or `and 9 [` at `at`: the canonical last number of a range of provisions
    // that the consolidation prints as one bracketed note.
    fn bracketed_range_end(&self, text: &str, at: usize) -> Option<String> {
        let rest = text.get(at..)?;
        let word = rest
            .strip_prefix("to ")
            .or_else(|| rest.strip_prefix("and "))?;
        let from = at + (rest.len() - word.len());
        let (last, end) = self.further_ordinal(text, from)?;
        let tail = text.get(end..)?;
        let bracket = tail.trim_start_space();
        (bracket.len() < tail.len() && bracket.starts_with('[')).then(|| last.into())
    }

    // Where a range or list of further ordinals after the one ending at `pos` ends
    // (`, 2`, ` to 204`, ` and 29a`), if there is one.
    fn range_end(&self, text: &str, mut pos: usize) -> Option<usize> {
        const CONNECTORS: [&str; 5] = [", and ", ", ", " to ", " and ", " through "];
        let mut extended = false;
        while let Some(c) = CONNECTORS
            .iter()
            .find(|c| text.get(pos..).is_some_and(|r| r.starts_with(**c)))
        {
            match self.further_ordinal(text, pos + c.len()) {
                Some((_, end)) => {
                    pos = end;
                    extended = true;
                }
                None => break,
            }
        }
        extended.then_some(pos)
    }

    // An ordinal after the first of a range or list (`to 204`, `, 2`): a lettered one (`A`
    // of `SCHEDULE A`) only heads a unit; `Section 2, R.S. § 4801` cites a statute.
    fn further_ordinal(&self, text: &str, pos: usize) -> Option<(CompactString, usize)> {
        self.ordinal(text, pos).filter(|(canonical, _)| {
            self.style != OrdinalStyle::Arabic
                || canonical.starts_with(|c: char| c.is_ascii_digit())
        })
    }

    // The canonical ordinal starting at `pos` and where it ends. Inline (`CompactString`), as
    // it goes into its unit: every heading of every cut has one.
    fn ordinal(&self, text: &str, pos: usize) -> Option<(CompactString, usize)> {
        let rest = text.get(pos..)?;
        match self.style {
            OrdinalStyle::Arabic => {
                let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
                let raw = rest.get(..len).filter(|r| !r.is_empty())?;
                if let Some(canonical) = plain_arabic(raw) {
                    if raw.bytes().all(|b| b.is_ascii_digit()) {
                        return Some(self.decimals(text, canonical, pos + len, "p"));
                    }
                    return Some((canonical, pos + len));
                }
                // Roman numerals only after a label ("Chapter II"): a bare "I." or "C." is prose.
                if !self.titled() {
                    return None;
                }
                if !raw.chars().all(|c| "IVXLCDM".contains(c)) {
                    // `SCHEDULE A`, `Schedule A1` (legislation.gov.uk's `schedule/A1`, inserted
                    // before Schedule 1): one capital, then digits, after a label.
                    let mut chars = raw.chars();
                    let lettered = chars.next().is_some_and(|c| c.is_ascii_uppercase())
                        && chars.all(|c| c.is_ascii_digit())
                        && raw.len() <= 4;
                    return lettered.then(|| (lowercase(raw), pos + len));
                }
                let canonical: CompactString = normalize_ordinal(self.style, raw).ok()?.into();
                let numeric = canonical.bytes().all(|b| b.is_ascii_digit());
                // `PART II.1`: a part inserted after Part II.
                numeric.then(|| self.decimals(text, canonical, pos + len, "p"))
            }
            OrdinalStyle::UpperLetter => {
                // After a label a number may be arabic too: a public law's `PART 1—` where
                // the Code prints `PART A—` (as `TITLE 1—` for a roman style).
                if self.titled() {
                    let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
                    if let Some(canonical) = rest.get(..len).and_then(plain_arabic) {
                        return Some((canonical, pos + len));
                    }
                }
                let first = rest.chars().next().filter(char::is_ascii_uppercase)?;
                let digits = rest
                    .get(1..)?
                    .bytes()
                    .take_while(u8::is_ascii_digit)
                    .count();
                let suffix = rest.get(1..1 + digits)?;
                let mut canonical = CompactString::default();
                canonical.push(first.to_ascii_lowercase());
                canonical.push_str(suffix);
                if digits > 0 {
                    return Some((canonical, pos + 1 + digits));
                }
                // `(A.1)` is inserted after `(A)`, as `a1`.
                Some(self.decimals(text, canonical, pos + 1, ""))
            }
            OrdinalStyle::DoubleLetter | OrdinalStyle::DoubleCapital => {
                let upper = self.style == OrdinalStyle::DoubleCapital;
                let first = rest.chars().next().filter(|c| {
                    if upper {
                        c.is_ascii_uppercase()
                    } else {
                        c.is_ascii_lowercase()
                    }
                })?;
                let len = rest.bytes().take_while(|&b| b == first as u8).count();
                if len < 2 || rest.get(len..)?.starts_with(|c: char| c.is_alphanumeric()) {
                    return None;
                }
                Some((lowercase(rest.get(..len)?), pos + len))
            }
            OrdinalStyle::LowerRoman | OrdinalStyle::UpperRoman => {
                let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
                let raw = rest.get(..len).filter(|r| !r.is_empty())?;
                // After a label a number may be arabic too (`TITLE 1—` in the US Code).
                if self.titled() {
                    if let Some(canonical) = plain_arabic(raw) {
                        return Some((canonical, pos + len));
                    }
                }
                let numerals = if self.style == OrdinalStyle::UpperRoman {
                    "IVXLCDM"
                } else {
                    "ivxlcdm"
                };
                if !raw.chars().all(|c| numerals.contains(c)) {
                    return None;
                }
                let canonical = normalize_ordinal(OrdinalStyle::Roman, raw).ok()?.into();
                // `(iii.1)` is inserted after `(iii)`: `3p1`, never `31`.
                Some(self.decimals(text, canonical, pos + len, "p"))
            }
            OrdinalStyle::Letter => {
                let first = rest.chars().next()?;
                let mut letter = CompactString::default();
                match first {
                    'a'..='z' => letter.push(first),
                    'đ' | 'ð' => letter.push_str("dd"),
                    _ => return None,
                }
                let digits = rest
                    .get(first.len_utf8()..)?
                    .bytes()
                    .take_while(u8::is_ascii_digit)
                    .count();
                let len = first.len_utf8() + digits;
                let suffix = rest.get(first.len_utf8()..len)?;
                if digits > 0 {
                    letter.push_str(suffix);
                    return Some((letter, pos + len));
                }
                // `(a.1)` is inserted after `(a)`, as `a1` is.
                Some(self.decimals(text, letter, pos + len, ""))
            }
            OrdinalStyle::Term => None,
            OrdinalStyle::Roman | OrdinalStyle::Spelled => {
                // Up to five words ("hai mươi mốt"); the longest reading wins, so a title may follow.
                let mut ends = Vec::with_capacity(5);
                let mut at = 0;
                while ends.len() < 5 {
                    let tail = rest.get(at..)?;
                    let word: usize = tail
                        .chars()
                        .take_while(|c| c.is_alphanumeric())
                        .map(char::len_utf8)
                        .sum();
                    if word == 0 {
                        break;
                    }
                    ends.push(at + word);
                    let gap: usize = tail
                        .get(word..)?
                        .chars()
                        .take_while(|&c| is_space(c))
                        .map(char::len_utf8)
                        .sum();
                    if gap == 0 {
                        break;
                    }
                    at += word + gap;
                }
                ends.iter().rev().find_map(|&end| {
                    let canonical: CompactString =
                        normalize_ordinal(self.style, rest.get(..end)?).ok()?.into();
                    let numeric =
                        !canonical.is_empty() && canonical.bytes().all(|b| b.is_ascii_digit());
                    numeric.then_some((canonical, pos + end))
                })
            }
        }
    }

    /// `canonical` (ending at `end`) with the inserted numbers written after it as `.1`, `.01`
    /// (`3.1`, `40.01`, `3.1.2`), each `.` as `separator`: a decimal number never collides
    /// with a plain one (`3.1` → `3p1`, never `31`). Only where the pattern allows decimals,
    /// and only digits right after the `.` (`1.` ending a sentence is not one).
    fn decimals(
        &self,
        text: &str,
        mut canonical: CompactString,
        mut end: usize,
        separator: &str,
    ) -> (CompactString, usize) {
        if !self.decimal {
            return (canonical, end);
        }
        // After a letter (`a.1`), one level: the digits are the letter's insertion suffix.
        let levels = if separator.is_empty() { 1 } else { usize::MAX };
        let mut read = 0;
        while read < levels {
            let Some(rest) = text.get(end..).and_then(|r| r.strip_prefix('.')) else {
                break;
            };
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let Some(number) = rest.get(..digits).filter(|d| !d.is_empty()) else {
                break;
            };
            canonical.push_str(separator);
            canonical.push_str(number);
            end += 1 + digits;
            read += 1;
        }
        (canonical, end)
    }

    /// True when the line starts with this pattern's label but no valid ordinal follows
    /// where one was clearly meant: `Điều`, `Điều .`, `Chương XIIII`, `Phần I` (for `Phần thứ …`).
    pub fn label_without_ordinal(&self, words: &[&str], first: Option<char>) -> bool {
        let Some(label) = self.lead.first() else {
            return false;
        };
        if self.first != first {
            return false;
        }
        let Some(first) = words.first() else {
            return false;
        };
        if !folded_eq(first.trim_end_matches(['.', ':']), label) {
            return false;
        }
        let Some(next) = words.get(1) else {
            return true;
        };
        let core = next.trim_end_matches(['.', ':', ')']);
        let attempt = core.is_empty()
            || core.chars().all(|c| c.is_ascii_alphanumeric())
                && (core.bytes().any(|b| b.is_ascii_digit())
                    || core.chars().all(|c| "IVXLCDM".contains(c)));
        // "Điều 5 của …", "Schedule 2 (which makes …)": running text.
        let then_lowercase = words.get(2).is_some_and(|w| {
            w.trim_start_matches(['(', '['])
                .starts_with(|c: char| c.is_lowercase())
        });
        attempt && !then_lowercase
    }

    /// `SCHEDULE` alone on its line, in capitals: the label of a one-word `Label {ordinal}`
    /// pattern without its number, as a document with a single schedule prints it. The
    /// caller decides whether the type is printed so (see `Segmenter::alone`); the unit is
    /// the first of its type, ordinal `1`, as citations call it `the Schedule` or `Schedule 1`.
    pub fn alone(&self, text: &str, start: usize) -> Option<Match> {
        let [label] = self.lead.as_slice() else {
            return None;
        };
        if !self.open.is_empty() || !self.close.is_empty() || self.title_slot {
            return None;
        }
        let t = text.get(start..)?.trim_end_space();
        if !folded_eq(t, label) || !is_all_caps(t) {
            return None;
        }
        let end = start + t.len();
        Some(Match {
            section: self.section,
            ordinal: "1".into(),
            ordinal_at: end,
            ordinal_end: end,
            rest_at: end,
            footnote: None,
            through: None,
            titled: true,
            weak: false,
            labelled: true,
            text_at: None,
            run_in: None,
        })
    }

    /// Whether `word` is this pattern's first label word (`Điều`), ignoring case and marks.
    pub fn is_label(&self, word: &str, first: Option<char>) -> bool {
        self.first == first
            && self
                .lead
                .first()
                .is_some_and(|label| folded_eq(word.trim_end_matches(['.', ':']), label))
    }
}

/// Whether the text after a `{title}` ordinal reads as a heading (`Citizenship`, `Short title`)
/// rather than a sentence of the body (`The Minister may make regulations.`).
pub(super) fn reads_as_title(rest: &str) -> bool {
    let Some(first) = rest.chars().next() else {
        return false;
    };
    if !(first.is_uppercase() || first == '“' || first == '"' || first == '[') {
        return false;
    }
    let words = rest.split(is_space).filter(|w| !w.is_empty()).count();
    // A row of a table ends in a figure (`8. North West ANC 4FF 1NP 1 ANC 4`); a title does
    // not, unless the figure is a number it cites (`Amendment of section 2 of No. 3 of 1997`,
    // `Modification of sections 9, 14 and 23`, `Interpretation of Part 1`, `Exemption from
    // Cap. 446`).
    let mut words_back = rest.rsplit(is_space).filter(|w| !w.is_empty());
    let last = words_back.next().unwrap_or_default();
    if !last.is_empty()
        && last.bytes().all(|b| b.is_ascii_digit())
        && !(words > 2 && cites_number(words_back.next()))
    {
        return false;
    }
    let ends_open = rest.ends_with([',', ';', ':', '—', '–', '-']);
    // A full stop ends a long sentence, or a short one with a verb (`These Regulations may be
    // cited as …`, `In this Part, “Act of 1970” means ….`); a title may end with one
    // (`Short title.`).
    let sentence = rest.ends_with('.') && (words > 14 || has_verb(rest));
    rest.chars().count() <= 200 && !ends_open && !sentence
}

/// Whether the rest of a labelled number's line (`Sec. 101. …`) is the provision's text, not
/// its heading: appropriations acts print no heading there and run the text in (`Sec. 8003. No
/// part of any appropriation … shall remain available …`, `Sec. 101. (a) Such amounts …`,
/// `Sec. 755. Notwithstanding any other provision of law—`). A line in capitals is a heading,
/// however long (`SEC. 2. TABLE OF CONTENTS.`); otherwise the line is text when it starts with a
/// subdivision's number (`(a)`), when it has a verb of a provision's text (`has_verb`, or `is`,
/// `has`, `was`, `were`) and ends a sentence (`.`), goes on (`,` `;` `:` `—`) or runs past 200
/// characters, or when it introduces a list with a dash (`… of law—`; not a run-in heading's
/// `.—`). A heading may be long, end with a comma or a full stop (`Điều 4. Trách nhiệm của các
/// cơ quan …, các đơn vị vũ trang nhân dân.`): none of that alone makes it text.
pub(super) fn reads_as_text(rest: &str) -> bool {
    if rest.is_empty() || is_all_caps(rest) {
        return false;
    }
    if starts_with_number(rest) {
        return true;
    }
    let ends_open = rest.ends_with([',', ';', ':', '—', '–']);
    if (rest.ends_with('.') || ends_open || rest.chars().count() > 200) && has_text_verb(rest) {
        return true;
    }
    rest.ends_with('—') && !rest.ends_with(".—")
}

// `(a) `, `(1)(A) `, `(iv)`: a subdivision's number, in brackets, at the start of `t`.
fn starts_with_number(t: &str) -> bool {
    let Some(inner) = t.strip_prefix('(') else {
        return false;
    };
    let n = inner
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .count();
    let after = inner.get(n..).and_then(|r| r.strip_prefix(')'));
    (1..=5).contains(&n) && after.is_some_and(|r| r.is_empty() || r.starts_with([' ', '(']))
}

fn has_text_verb(t: &str) -> bool {
    const MORE: [&str; 4] = ["is", "has", "was", "were"];
    has_verb(t)
        || t.split(is_space).any(|w| {
            let w = w.trim_end_matches([',', '.', ';', ':']);
            MORE.iter().any(|v| v.eq_ignore_ascii_case(w))
        })
}

/// A heading run in after a subdivision's number, as US drafting prints it: the heading's
/// words, closed by `.—`, then the text on the same line (`(a) Establishment.—The United States
/// Patent and Trademark Office is …`, `(a) In general.—(1) …`), or nothing (the text follows
/// on the next lines). Where the heading ends (at its `.`) and where the text starts. Only a
/// heading's shape: a capital or a figure first (after a quotation mark, if any: `3-Member
/// Panels`), at most 25 words and no em dash before the `.—` (`H–2B Nonimmigrants Defined`
/// has an en dash), no sentence ended inside it, a last word that is no abbreviation's
/// (`U.S.`), and no `shall` unless every word is capitalised (`When Amounts Shall Be
/// Credited`). Headings may have verbs (`When sale may occur`, `Activities that may be
/// included`): the `.—` closing them is what a sentence never prints; one that introduces a
/// list with a dash has no full stop before it (`Congress finds that—`, `the term “x”
/// means—`, `except that—`).
pub(super) fn run_in_heading(rest: &str) -> Option<(usize, usize)> {
    let end = dot_dash(rest)?;
    let heading = rest.get(..end)?;
    let bare = heading.trim_start_matches(['“', '"']);
    let words: Vec<&str> = heading.split(is_space).filter(|w| !w.is_empty()).collect();
    let last = words.last()?;
    let sentence_inside = words
        .iter()
        .take(words.len().saturating_sub(1))
        .any(|w| w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() >= 3);
    let fits = bare.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && words.len() <= 25
        && !heading.contains('—')
        && !sentence_inside
        && !last.contains('.')
        && (title_case(heading) || !words.iter().any(|w| w.eq_ignore_ascii_case("shall")));
    let after = rest.get(end + ".—".len()..)?;
    let at = end + ".—".len() + (after.len() - after.trim_start_space().len());
    fits.then_some((end, at))
}

// `rest.find(".—")`: the first em dash after a full stop. Asked of every unlabelled number's
// line (every clause and point), which seldom holds an em dash. The search looks for the dash's
// first byte (E2, which in Vietnamese text starts only punctuation) eight bytes a step: a
// search for the char, by its last byte (94), stops at every `Ô`, `ư`, `ồ`… on the way.
fn dot_dash(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut from = 0;
    while let Some(at) = position(bytes, from, |w| lanes_equal(w, 0xE2), |b| b == 0xE2) {
        if bytes.get(at..at + 3) == Some("—".as_bytes())
            && at > 0
            && bytes.get(at - 1) == Some(&b'.')
        {
            return Some(at - 1);
        }
        from = at + 1;
    }
    None
}

/// Where the text starts after a heading that opens a labelled number's line of text: a
/// heading closed by a full stop, of at most 12 words, in capitals or with each word
/// capitalised (`of`, `and`, … aside) and without a verb, then text from a capital, a quotation
/// mark or a bracket (`SEC. 2. FINDINGS. Congress finds that—`, an Executive Order's `Sec. 5.
/// Judicial Review. This order does not create any right …`). A stop in an abbreviation ends
/// no heading (`Mr. Smith`, `the U.S. Code`): the heading's last word has three letters or more.
pub(super) fn heading_then_text(rest: &str) -> Option<usize> {
    let end = rest.find(". ")?;
    let heading = rest.get(..end)?;
    let after = rest.get(end + 1..)?;
    let text_at = end + 1 + (after.len() - after.trim_start_space().len());
    let text = rest.get(text_at..)?;
    let last = heading.rsplit(is_space).next().unwrap_or_default();
    let words = heading.split(is_space).filter(|w| !w.is_empty()).count();
    let fits = words <= 12
        && last.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !last.contains('.')
        && text.starts_with(|c: char| c.is_uppercase() || matches!(c, '“' | '"' | '('))
        && !has_text_verb(heading)
        && (is_all_caps(heading) || title_case(heading));
    fits.then_some(text_at)
}

/// Whether every word of `t` but the short ones (`of`, `and`, `the`, …) starts with a capital:
/// `Judicial Review`, `General Provisions—Department of Transportation`.
pub(super) fn title_case(t: &str) -> bool {
    const SMALL: [&str; 16] = [
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
        "with", "etc",
    ];
    let mut any = false;
    for w in t.split(is_space).filter(|w| !w.is_empty()) {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        if bare.is_empty() || SMALL.iter().any(|s| s.eq_ignore_ascii_case(bare)) {
            continue;
        }
        if !bare.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
            return false;
        }
        any = true;
    }
    any && t.starts_with(|c: char| c.is_uppercase())
}

/// Whether a short sentence has one of the verbs a provision's text is written with (not `is`
/// or `to be`, which titles have: `Authority to be a major precepting authority.`), or a
/// quoted term's `means`.
fn has_verb(rest: &str) -> bool {
    const VERBS: [&str; 6] = ["shall", "may", "must", "will", "are", "have"];
    let mut before = "";
    rest.split(is_space).filter(|w| !w.is_empty()).any(|w| {
        let word = w.trim_end_matches([',', '.']);
        let verb = VERBS.iter().any(|v| v.eq_ignore_ascii_case(word))
            || (word == "means" && before.ends_with(['”', '"']));
        before = w;
        verb
    })
}

/// Whether the word before a title's final figure makes it a number the title cites: a kind of
/// provision or document (`section 28`, `Part 1`, `Cap. 446`), a year's `of`, or a list's
/// `and`/`to`/comma (`sections 9, 14 and 23`). Not a word in capitals, nor a chapter's: a title
/// page's `2014 CHAPTER 27`, `2001 Chapter 21` or `2003 No. 562` is no provision's title.
fn cites_number(before: Option<&str>) -> bool {
    const WORDS: [&str; 19] = [
        "section",
        "sections",
        "regulation",
        "regulations",
        "article",
        "articles",
        "rule",
        "rules",
        "part",
        "parts",
        "schedule",
        "paragraph",
        "paragraphs",
        "cap",
        "of",
        "and",
        "or",
        "to",
        "order",
    ];
    let Some(word) = before else {
        return false;
    };
    if word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && !word.chars().any(char::is_lowercase)
    {
        return false;
    }
    word.ends_with(',')
        || WORDS
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word.trim_end_matches('.')))
}

/// `first` → 1 … `twentieth` → 20, `twenty-first` → 21 … `thirtieth` → 30, in any case.
fn english_ordinal(word: &str) -> Option<u32> {
    const UNITS: [&str; 19] = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    // Called on the first word of every line: compared without allocating.
    let unit = |w: &str| {
        UNITS
            .iter()
            .position(|u| u.eq_ignore_ascii_case(w))
            .map(|i| i as u32 + 1)
    };
    if word.eq_ignore_ascii_case("twentieth") {
        return Some(20);
    }
    if word.eq_ignore_ascii_case("thirtieth") {
        return Some(30);
    }
    match word
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("twenty-"))
        .and_then(|_| word.get(7..))
    {
        Some(u) => unit(u).filter(|&n| n < 10).map(|n| 20 + n),
        None => unit(word),
    }
}

// "007" → "7", "10A" → "10a", "52AA" → "52aa": digits and one amendment letter, or up to three
// capitals (UK insertions `7ZA`, `52AA`; lowercase `1st`, `2nd` are prose); `None` for anything else.
fn plain_arabic(raw: &str) -> Option<CompactString> {
    let digits = raw.bytes().take_while(u8::is_ascii_digit).count();
    let (number, suffix) = raw.split_at(digits);
    let inserted = match suffix.len() {
        0 => true,
        1 => suffix.bytes().all(|b| b.is_ascii_alphabetic()),
        2 | 3 => suffix.bytes().all(|b| b.is_ascii_uppercase()),
        _ => false,
    };
    if digits == 0 || !inserted {
        return None;
    }
    let trimmed = number.trim_start_matches('0');
    let mut out = CompactString::from(if trimmed.is_empty() { "0" } else { trimmed });
    out.push_str(&lowercase(suffix));
    Some(out)
}

// `raw` in ASCII lowercase, inline.
fn lowercase(raw: &str) -> CompactString {
    raw.chars().map(|c| c.to_ascii_lowercase()).collect()
}

/// A set of bytes, for [`Pattern::starts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ByteSet([u64; 4]);

impl ByteSet {
    const ALL: ByteSet = ByteSet([u64::MAX; 4]);

    fn of(member: impl Fn(u8) -> bool) -> ByteSet {
        let mut set = [0u64; 4];
        for b in 0..=u8::MAX {
            if member(b) {
                if let Some(word) = set.get_mut(usize::from(b >> 6)) {
                    *word |= 1 << (b & 63);
                }
            }
        }
        ByteSet(set)
    }

    /// Whether `b` is in the set; no byte (the end of the line) is in none but [`ByteSet::ALL`].
    #[inline]
    fn has(&self, b: Option<u8>) -> bool {
        match b {
            Some(b) => self
                .0
                .get(usize::from(b >> 6))
                .is_some_and(|word| word >> (b & 63) & 1 == 1),
            None => *self == ByteSet::ALL,
        }
    }
}

/// The first bytes of an ordinal of `style` as [`Pattern::ordinal`] reads it with no label
/// before it (so never a Roman numeral in an arabic style, nor an arabic one in a letter or
/// Roman style): a superset, never missing one.
fn ordinal_starts(style: OrdinalStyle) -> ByteSet {
    match style {
        OrdinalStyle::Arabic => ByteSet::of(|b| b.is_ascii_digit()),
        // `đ` is C4 91 and `ð` C3 B0 in UTF-8.
        OrdinalStyle::Letter => ByteSet::of(|b| b.is_ascii_lowercase() || b == 0xC4 || b == 0xC3),
        OrdinalStyle::DoubleLetter => ByteSet::of(|b| b.is_ascii_lowercase()),
        OrdinalStyle::UpperLetter | OrdinalStyle::DoubleCapital => {
            ByteSet::of(|b| b.is_ascii_uppercase())
        }
        OrdinalStyle::LowerRoman => ByteSet::of(|b| b"ivxlcdm".contains(&b)),
        OrdinalStyle::UpperRoman => ByteSet::of(|b| b"IVXLCDM".contains(&b)),
        OrdinalStyle::Roman | OrdinalStyle::Spelled | OrdinalStyle::Term => ByteSet::ALL,
    }
}

/// A line shaped like a heading whose label the vocabulary does not know:
/// `Chapitre 3`, `Article 5 - Scope`, `Khoản 2.` (a capitalised word, a number, then nothing or a separator).
pub(super) fn unknown_label(words: &[&str]) -> bool {
    let [label, number, rest @ ..] = words else {
        return false;
    };
    if !number.starts_with(|c: char| c.is_ascii_digit() || "IVXLCDM".contains(c)) {
        return false;
    }
    let is_label = label.chars().count() >= 2
        && label.chars().all(char::is_alphabetic)
        && label.starts_with(char::is_uppercase);
    let core = number.trim_end_matches(['.', ':']);
    let arabic = {
        let digits = core.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && core.len() - digits <= 1 && core.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    let roman = !core.is_empty() && core.chars().all(|c| "IVXLCDM".contains(c));
    let ends = rest.is_empty()
        || core.len() < number.len()
        || rest
            .first()
            .is_some_and(|w| w.chars().all(|c| SEPARATORS.contains(&c)));
    is_label && (arabic || roman) && ends
}

/// The first (up to) three whitespace-separated words of `s` and how many there are; no allocation.
pub(super) fn first_words(s: &str) -> ([&str; 3], usize) {
    let mut words = [""; 3];
    let mut n = 0;
    for (slot, word) in words
        .iter_mut()
        .zip(s.split(is_space).filter(|w| !w.is_empty()))
    {
        *slot = word;
        n += 1;
    }
    (words, n)
}

fn skip_space(text: &str, pos: usize) -> usize {
    let rest = text.get(pos..).unwrap_or_default();
    pos + (rest.len() - rest.trim_start_space().len())
}

fn word_end(text: &str, pos: usize) -> usize {
    let rest = text.get(pos..).unwrap_or_default();
    pos + rest.find(is_space).unwrap_or(rest.len())
}

// `§§` for the lead `§`: a sign written twice is its plural (`§§ 202 to 204.`, `¶¶`).
fn doubled_sign(written: &str, lead: &str) -> bool {
    let mut signs = lead.chars();
    match (signs.next(), signs.next()) {
        (Some(sign), None) if !sign.is_alphanumeric() => {
            written.len() == 2 * lead.len() && written.chars().all(|c| c == sign)
        }
        _ => false,
    }
}

// "[2]" right at `pos`: a footnote reference in consolidated texts.
fn footnote_at(text: &str, pos: usize) -> Option<(usize, usize)> {
    let rest = text.get(pos..)?.strip_prefix('[')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || !rest.get(digits..)?.starts_with(']') {
        return None;
    }
    Some((pos, pos + digits + 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::vocabulary::default_vocabulary;

    fn pattern(lang: &str, code: &str) -> Pattern {
        let v = default_vocabulary(lang).unwrap();
        let i = v.section_types.iter().position(|t| t.code == code).unwrap();
        Pattern::compile_all(i, &v.section_types[i]).remove(0)
    }

    proptest::proptest! {
        // The first-byte filter only saves work: every pattern of every shipped vocabulary
        // matches what it matched without it.
        #[test]
        fn the_first_byte_filter_never_rejects_a_match(
            line in "[ (\\[§“]{0,2}[0-9a-zA-ZđĐðivxIVX]{0,3}[.)\\]—:]{0,2}[ A-Za-zđ]{0,6}"
        ) {
            for v in crate::text::vocabulary::default_vocabularies() {
                for (i, t) in v.section_types.iter().enumerate() {
                    for p in Pattern::compile_all(i, t) {
                        for start in 0..=line.len() {
                            if !line.is_char_boundary(start) {
                                continue;
                            }
                            let first = super::super::text::first_folded(&line[start..]);
                            let unfiltered = (p.first.is_none() || p.first == first)
                                .then(|| p.match_from(&line, start))
                                .flatten();
                            proptest::prop_assert_eq!(p.match_at(&line, start, first), unfiltered);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_first_byte_filter_keeps_each_styles_first_bytes() {
        for (line, code) in [
            ("1. Nội dung", "khoan"),
            ("a) điểm", "diem"),
            ("đ) điểm", "diem"),
        ] {
            let p = pattern("vi", code);
            assert!(m(&p, line).is_some(), "{line}");
        }
        assert!(m(&pattern("vi", "khoan"), "Người lao động").is_none());
    }

    fn m(p: &Pattern, line: &str) -> Option<(String, String)> {
        let start = line.len() - line.trim_start().len();
        let first = super::super::text::first_folded(&line[start..]);
        p.match_at(line, start, first)
            .map(|m| (m.ordinal.into(), line[m.rest_at..].to_owned()))
    }

    fn words(line: &str) -> Vec<&str> {
        let (w, n) = first_words(line);
        w[..n].to_vec()
    }

    fn some(o: &str, rest: &str) -> Option<(String, String)> {
        Some((o.into(), rest.into()))
    }

    #[test]
    fn uk_repealed_sections_printed_as_dots_and_schedules_numbered_in_words() {
        let section = pattern("uk", "uk-section");
        assert_eq!(
            m(&section, "143 . . . . . . . ."),
            some("143", ". . . . . . . .")
        );
        assert_eq!(m(&section, "143 . . . and more"), None);
        let v = default_vocabulary("uk").unwrap();
        let i = v
            .section_types
            .iter()
            .position(|t| t.code == "uk-schedule")
            .unwrap();
        let words = Pattern::compile_all(i, &v.section_types[i]).remove(1);
        assert_eq!(m(&words, "FIRST SCHEDULE"), some("1", ""));
        assert_eq!(m(&words, "Twenty-first Schedule"), some("21", ""));
        assert_eq!(
            m(&words, "SECOND SCHEDULE — Enactments"),
            some("2", "Enactments")
        );
        assert_eq!(m(&words, "First Schedule to this Act"), None);
        assert_eq!(m(&words, "Firstly Schedule"), None);
    }

    #[test]
    fn article_headings_in_any_case_with_suffix_and_footnote() {
        let dieu = pattern("vi", "dieu");
        assert_eq!(m(&dieu, "Điều 44. Phạm vi"), some("44", "Phạm vi"));
        assert_eq!(m(&dieu, "ĐIỀU 5. PHẠM VI"), some("5", "PHẠM VI"));
        assert_eq!(m(&dieu, "  Điều 10a.  Bổ sung"), some("10a", "Bổ sung"));
        assert_eq!(m(&dieu, "Điều 5[2]. Phạm vi"), some("5", "Phạm vi"));
        assert_eq!(m(&dieu, "Điều 5.[2] Phạm vi"), some("5", "Phạm vi"));
        assert_eq!(m(&dieu, "Điều 5: Phạm vi"), some("5", "Phạm vi"));
        assert_eq!(m(&dieu, "Điều 5"), some("5", ""));
        assert_eq!(m(&dieu, "Điều 5 của Luật này"), None);
        assert_eq!(m(&dieu, "Điều này quy định"), None);
        assert_eq!(m(&dieu, "Điều 5b5. X"), None);
        assert_eq!(m(&dieu, "Dieu 5. X"), None);
    }

    #[test]
    fn a_heading_for_several_sections_takes_the_first_number() {
        let v = default_vocabulary("us").unwrap();
        let i = v
            .section_types
            .iter()
            .position(|t| t.code == "us-section")
            .unwrap();
        let ps = Pattern::compile_all(i, &v.section_types[i]);
        let any = |line: &str| ps.iter().find_map(|p| m(p, line));
        assert_eq!(any("§§ 1, 2. Repealed."), some("1", "Repealed."));
        assert_eq!(
            any("§§ 202 to 204. Repealed. Pub. L."),
            some("202", "Repealed. Pub. L.")
        );
        assert_eq!(any("§§ 45 to 46b. Omitted"), some("45", "Omitted"));
        assert_eq!(any("§§ 29, 29a, and 30. Repealed"), some("29", "Repealed"));
        assert_eq!(any("§ 5. Fees"), some("5", "Fees"));
        // A list without the closing `.` is prose.
        assert_eq!(any("Sec. 5 to the Secretary"), None);
        assert_eq!(any("§§§ 5. X"), None);
    }

    #[test]
    fn chapters_parts_and_sections_read_roman_and_spelled_ordinals() {
        let chuong = pattern("vi", "chuong");
        assert_eq!(m(&chuong, "Chương IV"), some("4", ""));
        assert_eq!(
            m(&chuong, "CHƯƠNG II. NHỮNG QUY ĐỊNH CHUNG"),
            some("2", "NHỮNG QUY ĐỊNH CHUNG")
        );
        assert_eq!(
            m(&chuong, "Chương I NĂM TÀI CHÍNH"),
            some("1", "NĂM TÀI CHÍNH")
        );
        assert_eq!(m(&chuong, "Chương này quy định"), None);
        let phan = pattern("vi", "phan");
        assert_eq!(m(&phan, "Phần thứ nhất"), some("1", ""));
        assert_eq!(m(&phan, "PHẦN THỨ HAI MƯƠI MỐT"), some("21", ""));
        assert_eq!(
            m(&phan, "Phần thứ hai - QUYỀN SỞ HỮU"),
            some("2", "QUYỀN SỞ HỮU")
        );
        let section = pattern("en", "section");
        assert_eq!(
            m(&section, "Section 5 Definitions"),
            some("5", "Definitions")
        );
        assert_eq!(
            m(&section, "SECTION 5. Definitions"),
            some("5", "Definitions")
        );
        assert_eq!(m(&section, "Section 5 of this Act applies"), None);
        assert_eq!(m(&section, "Section 5(1) applies"), None);
        assert_eq!(
            m(&pattern("en", "chapter"), "Chapter II — General"),
            some("2", "General")
        );
    }

    #[test]
    fn clauses_and_points_keep_their_text_as_body() {
        let khoan = pattern("vi", "khoan");
        assert_eq!(m(&khoan, "1. Người lao động"), some("1", "Người lao động"));
        assert_eq!(m(&khoan, "1a. Bổ sung"), some("1a", "Bổ sung"));
        assert_eq!(m(&khoan, "3.[1] Nội dung"), some("3", "Nội dung"));
        assert_eq!(m(&khoan, "1.Nội dung"), some("1", "Nội dung"));
        assert_eq!(m(&khoan, "1.000.000 đồng"), None);
        assert_eq!(m(&khoan, "1) x"), None);
        assert_eq!(m(&khoan, "007. x"), some("7", "x"));
        assert_eq!(m(&khoan, "I. NHỮNG VẤN ĐỀ CHUNG"), None);
        assert_eq!(m(&khoan, "C. x"), None);
        let diem = pattern("vi", "diem");
        assert_eq!(m(&diem, "đ) Người"), some("dd", "Người"));
        assert_eq!(m(&diem, "a1) Bổ sung"), some("a1", "Bổ sung"));
        assert_eq!(m(&diem, "và) x"), None);
        assert_eq!(m(&diem, "A) x"), None);
        let item = pattern("en", "item");
        assert_eq!(m(&item, "(iv) text"), some("4", "text"));
        let sub = pattern("en", "subparagraph");
        assert_eq!(m(&sub, "(iv) text"), None);
        assert_eq!(m(&sub, "(i) text"), some("i", "text"));
    }

    #[test]
    fn inserted_decimal_numbers_read_where_no_dot_closes_the_ordinal() {
        let section = pattern("uk", "uk-section");
        assert_eq!(
            m(&section, "3.1 (1) The Minister may"),
            some("3p1", "(1) The Minister may")
        );
        assert_eq!(m(&section, "40.01 The Board"), some("40p01", "The Board"));
        assert_eq!(m(&section, "3.1.2 The Board"), some("3p1p2", "The Board"));
        assert_eq!(
            m(&pattern("uk", "uk-subsection"), "(2.1) A person"),
            some("2p1", "A person")
        );
        assert_eq!(
            m(&pattern("uk", "uk-paragraph"), "(a.1) each"),
            some("a1", "each")
        );
        assert_eq!(
            m(&pattern("uk", "uk-subparagraph"), "(iii.1) provide"),
            some("3p1", "provide")
        );
        assert_eq!(m(&pattern("uk", "uk-part"), "PART II.1"), some("2p1", ""));
        // A `.` that closes the ordinal: `1.1.` is not clause 1.1, nor an amount a number.
        assert_eq!(m(&pattern("vi", "khoan"), "1.1. Nội dung"), None);
        assert_eq!(
            m(&pattern("commonwealth", "cw-section"), "3.1. Title"),
            None
        );
    }

    #[test]
    fn a_bracketed_note_after_a_bare_number_is_the_heading_of_a_repealed_provision() {
        let section = pattern("uk", "uk-section");
        let line = "5 [Repealed, 1992, c. 1, s. 2]";
        let got = section.match_at(line, 0, None).unwrap();
        assert!(got.titled && got.weak);
        assert_eq!(
            (got.ordinal.as_str(), &line[got.rest_at..]),
            ("5", "[Repealed, 1992, c. 1, s. 2]")
        );
        let line = "72 to 88 [Amendments]";
        let got = section.match_at(line, 0, None).unwrap();
        assert_eq!(
            (got.ordinal.as_str(), got.through.as_deref()),
            ("72", Some("88"))
        );
        assert_eq!(&line[got.rest_at..], "to 88 [Amendments]");
        let got = section
            .match_at("1.01 and 1.1 [Repealed]", 0, None)
            .unwrap();
        assert_eq!(
            (got.ordinal.as_str(), got.through.as_deref()),
            ("1p01", Some("1p1"))
        );
        // Prose is not a heading, nor is a table's row a section.
        assert!(section.match_at("5 to 7 of the Act", 0, None).is_none());
        assert!(section.match_at("8\tAlberta", 0, None).is_none());
        let item = pattern("uk", "uk-schedule-paragraph");
        assert!(item.match_at("8\tAlberta", 0, None).is_some());
    }

    #[test]
    fn uk_insertions_keep_all_their_capitals_and_paragraphs_run_in_after_a_parenthesis() {
        let section = pattern("uk", "uk-section");
        assert_eq!(
            m(&section, "52AA Direct marketing code"),
            some("52aa", "Direct marketing code")
        );
        assert_eq!(m(&section, "7ZA Restriction"), some("7za", "Restriction"));
        assert_eq!(m(&section, "7A Restriction"), some("7a", "Restriction"));
        assert_eq!(m(&section, "7 Restriction"), some("7", "Restriction"));
        // Lowercase letters after a number are prose (`1st April`); four capitals are no number.
        assert_eq!(m(&section, "1st April 2020"), None);
        assert_eq!(m(&section, "12ab Text"), None);
        assert_eq!(m(&section, "7ABCD Text"), None);
        let sub = pattern("uk", "uk-subsection");
        assert_eq!(m(&sub, "(1)(a) All meters"), some("1", "(a) All meters"));
        assert_eq!(m(&sub, "(1) (a) text"), some("1", "(a) text"));
    }

    #[test]
    fn labels_without_a_usable_ordinal_and_unknown_labels_are_told_apart_from_prose() {
        let dieu = pattern("vi", "dieu");
        for line in ["Điều", "Điều .", "ĐIỀU:", "Điều 5b5."] {
            let first = super::super::text::first_folded(line);
            assert!(dieu.label_without_ordinal(&words(line), first), "{line}");
        }
        for line in ["Điều này quy định", "Điều 5 của Luật này", "Điều 5, 6 và 7"]
        {
            let first = super::super::text::first_folded(line);
            assert!(!dieu.label_without_ordinal(&words(line), first), "{line}");
        }
        for line in [
            "Chapitre 3",
            "Article 5 - Scope",
            "Khoản 2.",
            "CHAPITRE III",
        ] {
            assert!(unknown_label(&words(line)), "{line}");
        }
        for line in [
            "Khoản 2 Điều 5 được sửa đổi",
            "Luật số: 45/2019/QH14",
            "Người lao động",
        ] {
            assert!(!unknown_label(&words(line)), "{line}");
        }
    }

    #[test]
    fn patterns_without_fixed_text_do_not_compile() {
        let t = default_vocabulary("vi").unwrap().section_types[0].clone();
        assert!(Pattern::compile(0, &t, "{ordinal}").is_none());
        assert!(
            Pattern::compile(0, &t, "{ordinal} {title}").is_none(),
            "bare numbers need an arabic style"
        );
        assert!(Pattern::compile(0, &t, "no placeholder").is_none());
    }

    #[test]
    fn dot_dash_finds_what_find_finds() {
        for rest in [
            "",
            ".",
            ".—",
            "Establishment.—The Office",
            "U.S. Code.—text",
            "a.b.c",
            "no dash. here—",
            "Đ.—",
            "x..—y",
            "x.–y (an en dash)",
            "—.— a dash first",
            "a—b. c.—d",
            "end.",
            // Letters whose UTF-8 holds the dash's last byte (94): Ô, ồ, ư.
            "Ô ồ ư.—x",
            "ồ—ô.—",
        ] {
            assert_eq!(dot_dash(rest), rest.find(".—"), "{rest:?}");
        }
    }
}
