//! The input as lines in NFC, each able to point back into the original text.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`; a leading BOM is skipped (it counts in
//! byte offsets, not in columns). Each line is normalized to NFC on its own, so a
//! position in the normalized line maps back to a byte offset and a column (in
//! characters) of the original line.

use std::borrow::Cow;

use unicode_normalization::is_nfc;

use crate::text::bytes::{lanes_equal, position};
use crate::text::fold::nfc as compose;

/// Where something is in the original input: 1-based line and column (characters), byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Location {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
}

/// One line of the input.
pub(super) struct Line<'a> {
    /// 1-based line number.
    pub number: u32,
    /// Byte offset of the line's first character in the original input.
    start: usize,
    /// The line as written, without its terminator.
    original: &'a str,
    /// The line in NFC.
    pub text: Cow<'a, str>,
    // For normalized lines only: the original byte (relative to the line) of every byte of `text`, plus its end.
    map: Option<Vec<usize>>,
    /// What the scans of a line look for first, found in the pass that checks its NFC.
    pub marks: Marks,
}

/// Bytes of [`Line::text`] that later scans look for, counted once per line so that most
/// lines skip those scans.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Marks {
    /// Sentence-final punctuation: `.` `;` `:`.
    pub punctuation: u32,
    /// A byte that may start a quotation mark: `"`, or the first byte of `“ ” « »`
    /// (E2, C2), as the quotation scan asks.
    pub quote: bool,
    /// An opening bracket `[`: where a site's note may be inside the line.
    pub bracket: bool,
    /// A tab: where a table's cells may be.
    pub tab: bool,
}

impl Marks {
    fn of(text: &str) -> Marks {
        let mut marks = Marks::default();
        for &b in text.as_bytes() {
            marks.ascii(b);
            marks.quote |= matches!(b, 0xE2 | 0xC2);
        }
        marks
    }

    #[inline]
    fn ascii(&mut self, b: u8) {
        // Branch-free: every ASCII byte of every line passes here.
        let class = ASCII_CLASS.get(usize::from(b)).copied().unwrap_or(0);
        self.punctuation += u32::from(class & PUNCTUATION);
        self.quote |= class & QUOTE != 0;
        self.bracket |= class & BRACKET != 0;
        self.tab |= class & TAB != 0;
    }
}

const PUNCTUATION: u8 = 1;
const QUOTE: u8 = 2;
const BRACKET: u8 = 4;
const TAB: u8 = 8;
const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    table[b'.' as usize] = PUNCTUATION;
    table[b';' as usize] = PUNCTUATION;
    table[b':' as usize] = PUNCTUATION;
    table[b'"' as usize] = QUOTE;
    table[b'[' as usize] = BRACKET;
    table[b'\t' as usize] = TAB;
    table
};

impl Line<'_> {
    /// The original location of byte `at` of [`Line::text`].
    pub fn locate(&self, at: usize) -> Location {
        let mut orig = match &self.map {
            None => at.min(self.original.len()),
            Some(map) => map.get(at).copied().unwrap_or(self.original.len()),
        };
        while orig > 0 && !self.original.is_char_boundary(orig) {
            orig -= 1;
        }
        let column = self.original.get(..orig).map_or(0, |s| s.chars().count()) + 1;
        Location {
            line: self.number,
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset: self.start + orig,
        }
    }
}

impl<'a> Line<'a> {
    /// The line cut in two at byte `at` of [`Line::text`] (a char boundary): the first part
    /// ends there; the second keeps the line's length with the first part blanked, so that
    /// every position in it still locates into the original line.
    pub fn split_at(&self, at: usize) -> Option<(Line<'a>, Line<'a>)> {
        let head = self.text.get(..at)?;
        let tail = self.text.get(at..)?;
        let first = Line {
            number: self.number,
            start: self.start,
            original: self.original,
            marks: Marks::of(head),
            text: Cow::Owned(head.to_owned()),
            map: self.map.clone(),
        };
        let mut blanked = " ".repeat(at);
        blanked.push_str(tail);
        let second = Line {
            number: self.number,
            start: self.start,
            original: self.original,
            marks: Marks::of(&blanked),
            text: Cow::Owned(blanked),
            map: self.map.clone(),
        };
        Some((first, second))
    }
}

impl<'a> Line<'a> {
    /// The line without bytes `from..to` of [`Line::text`] (char boundaries): what is left
    /// still locates into the original line.
    pub fn without(&self, from: usize, to: usize) -> Option<Line<'a>> {
        let text = format!("{}{}", self.text.get(..from)?, self.text.get(to..)?);
        // The map of every byte of `text` (plus its end) into the original line.
        let mut map = match &self.map {
            Some(map) => map.clone(),
            None => (0..=self.text.len()).collect(),
        };
        map.drain(from..to);
        Some(Line {
            number: self.number,
            start: self.start,
            original: self.original,
            marks: Marks::of(&text),
            text: Cow::Owned(text),
            map: Some(map),
        })
    }
}

/// The lines of `input`; see the module docs.
pub(super) fn lines(input: &str) -> Lines<'_> {
    let pos = if input.starts_with('\u{FEFF}') { 3 } else { 0 };
    Lines {
        input,
        pos,
        number: 0,
    }
}

pub(super) struct Lines<'a> {
    input: &'a str,
    pos: usize,
    number: u32,
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        let rest = self.input.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        // The first '\n' or '\r' ends the line; '\r' may be followed by its '\n'.
        let bytes = rest.as_bytes();
        let (len, advance) = match line_end(bytes) {
            Some(cr) if bytes.get(cr) == Some(&b'\r') => {
                let lf = usize::from(bytes.get(cr + 1) == Some(&b'\n'));
                (cr, cr + 1 + lf)
            }
            Some(lf) => (lf, lf + 1),
            None => (rest.len(), rest.len()),
        };
        let start = self.pos;
        self.pos += advance;
        self.number = self.number.saturating_add(1);
        let original = rest.get(..len)?;
        let (text, map, marks) = nfc(original);
        Some(Line {
            number: self.number,
            start,
            original,
            text,
            map,
            marks,
        })
    }
}

// Where the first '\n' or '\r' of `bytes` is, a word at a time: beats two `memchr` calls
// per line, natively and in WASM alike.
fn line_end(bytes: &[u8]) -> Option<usize> {
    position(
        bytes,
        0,
        |w| lanes_equal(w, b'\n') | lanes_equal(w, b'\r'),
        |b| b == b'\n' || b == b'\r',
    )
}

// NFC piece by piece: nothing composes across an ASCII character (NFC_QC=Yes, ccc=0),
// so pieces that start at one normalize independently and keep a byte map.
fn nfc(s: &str) -> (Cow<'_, str>, Option<Vec<usize>>, Marks) {
    if let Some(marks) = composed(s) {
        return (Cow::Borrowed(s), None, marks);
    }
    if is_nfc(s) {
        return (Cow::Borrowed(s), None, Marks::of(s));
    }
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    let flush = |from: usize, to: usize, out: &mut String, map: &mut Vec<usize>| {
        let Some(piece) = s.get(from..to) else {
            return;
        };
        if is_nfc(piece) {
            out.push_str(piece);
            map.extend(from..to);
        } else {
            for c in compose(piece).chars() {
                out.push(c);
                map.extend(std::iter::repeat_n(from, c.len_utf8()));
            }
        }
    };
    let mut piece = 0;
    for (i, c) in s.char_indices() {
        if c.is_ascii() && i > piece {
            flush(piece, i, &mut out, &mut map);
            piece = i;
        }
    }
    flush(piece, s.len(), &mut out, &mut map);
    map.push(s.len());
    let marks = Marks::of(&out);
    (Cow::Owned(out), Some(map), marks)
}

// The line's marks when `s` holds only NFC_QC=Yes starters, so it is NFC: ASCII, U+0080–U+027F
// (Latin-1 to IPA Extensions), U+1E00–U+1EFF (ạ…ỹ) and U+2002–U+207F (punctuation
// without the singletons U+2000/U+2001). Decided on the UTF-8 bytes: typical Vietnamese
// text passes without decoding a character, and its marks are counted on the way.
//
// Sixteen bytes a step: each of the sixteen lanes keeps its own count and flags, with no
// branch, so the compiler makes one vector operation of each (SSE2 natively, simd128 in the
// server WASM): 0.30 ms instead of 0.63 ms for the 500-article act's 7 300 lines. The next two
// bytes of every lane come in shifted copies of the window, so a lead byte E1 or E2 is checked
// with the bytes after it. What is left of the line, under 18 bytes, is copied after zeros into
// one or two more windows: a zero is ASCII and marks nothing, and every lead byte's own
// continuation bytes are in the line, so no lead byte is read with the padding.
fn composed(s: &str) -> Option<Marks> {
    let bytes = s.as_bytes();
    let mut lanes = Lanes::default();
    let mut at = 0;
    while let Some(window) = bytes.get(at..at + 18) {
        lanes.step(window);
        at += 16;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    let mut padded = [0u8; 34];
    padded.get_mut(..rest.len())?.copy_from_slice(rest);
    lanes.step(padded.get(..18)?);
    if rest.len() > 16 {
        lanes.step(padded.get(16..)?);
    }
    lanes.marks()
}

/// The sixteen lanes of [`composed`]: counts and flags, each lane its own.
#[derive(Default)]
struct Lanes {
    count: [u8; 16],
    quote: [u8; 16],
    bracket: [u8; 16],
    tab: [u8; 16],
    outside: [u8; 16],
    punctuation: u32,
    steps: u8,
}

impl Lanes {
    /// Sixteen bytes, `window[..16]`, each with the two after it (`window` holds 18).
    #[inline(always)]
    fn step(&mut self, window: &[u8]) {
        let part = |from: usize| {
            window
                .get(from..from + 16)
                .and_then(|w| <&[u8; 16]>::try_from(w).ok())
        };
        let (Some(a), Some(b), Some(c)) = (part(0), part(1), part(2)) else {
            return;
        };
        for k in 0..16 {
            let (x, y, z) = (a[k], b[k], c[k]);
            self.count[k] += u8::from(x == b'.') + u8::from(x == b';') + u8::from(x == b':');
            self.quote[k] |= u8::from(x == b'"') | u8::from(x == 0xC2) | u8::from(x == 0xE2);
            self.bracket[k] |= u8::from(x == b'[');
            self.tab[k] |= u8::from(x == b'\t');
            // A lead byte outside C2–C9 (two bytes), E1 and E2 (three); E1 not followed by
            // B8–BB (U+1E00–U+1EFF); E2 not followed by 80 82–BF or 81 (U+2002–U+207F).
            let other = x >= 0xCA && x != 0xE1 && x != 0xE2;
            let e1 = x == 0xE1 && !(0xB8..=0xBB).contains(&y);
            let e2 = x == 0xE2 && !(y == 0x81 || (y == 0x80 && z >= 0x82));
            self.outside[k] |= u8::from(other) | u8::from(e1) | u8::from(e2);
        }
        self.steps += 1;
        // A lane counts at most one byte a step: empty the counts before they can overflow.
        if self.steps == u8::MAX {
            self.empty_counts();
        }
    }

    fn empty_counts(&mut self) {
        self.punctuation += self.count.iter().map(|&n| u32::from(n)).sum::<u32>();
        self.count = [0; 16];
        self.steps = 0;
    }

    /// The marks, or `None` if a byte fell outside the starters.
    fn marks(mut self) -> Option<Marks> {
        if self.outside.iter().any(|&o| o != 0) {
            return None;
        }
        self.empty_counts();
        Some(Marks {
            punctuation: self.punctuation,
            quote: self.quote.iter().any(|&q| q != 0),
            bracket: self.bracket.iter().any(|&b| b != 0),
            tab: self.tab.iter().any(|&t| t != 0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn texts(input: &str) -> Vec<String> {
        lines(input).map(|l| l.text.into_owned()).collect()
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr_and_skip_a_bom() {
        assert_eq!(texts("\u{FEFF}a\r\nb\rc\nd\n"), ["a", "b", "c", "d"]);
        assert_eq!(texts("a\n\nb"), ["a", "", "b"]);
        assert!(texts("").is_empty());
        assert!(texts("\u{FEFF}").is_empty());
    }

    #[test]
    fn the_line_end_is_the_first_lf_or_cr_wherever_it_falls_in_a_word() {
        for n in 0..40 {
            for end in ["\n", "\r", "\r\n"] {
                let text = format!("{}{end}x\ny", "ệ".repeat(n / 3) + &"a".repeat(n % 3));
                let first = text.find(['\n', '\r']);
                assert_eq!(line_end(text.as_bytes()), first, "{text:?}");
            }
            let plain = "a".repeat(n);
            assert_eq!(line_end(plain.as_bytes()), None);
        }
        // Bytes next to 0x0A/0x0D that a borrow could mistake for them.
        assert_eq!(line_end(b"\x0b\x0e\x09\x0c\x8a\x8d\x01\x00\n"), Some(8));
        assert_eq!(texts("a\r\r\nb\n\rc"), ["a", "", "b", "", "c"]);
    }

    #[test]
    fn nfd_lines_become_nfc_and_locate_back_into_the_original() {
        let nfd: String = "x\nĐiều 44. Phạm vi".nfd().collect();
        let all: Vec<Line<'_>> = lines(&nfd).collect();
        let line = &all[1];
        assert_eq!(line.text, "Điều 44. Phạm vi");
        let at = line.text.find("44").unwrap();
        // "Điều " is 5 characters in NFC but 6 in NFD (ề = e + U+0302 + U+0300 → 3 chars).
        let loc = line.locate(at);
        assert_eq!(loc.line, 2);
        assert_eq!(loc.column, 8);
        assert_eq!(&nfd[loc.offset..loc.offset + 2], "44");
    }

    #[test]
    fn the_composed_shortcut_only_passes_nfc_text() {
        for c in (0..=0x2100u32).filter_map(char::from_u32) {
            let alone = c.to_string();
            if composed(&alone).is_some() {
                assert!(is_nfc(&alone), "U+{:04X}", u32::from(c));
                assert!(
                    is_nfc(&format!("a{c}b")),
                    "U+{:04X} between letters",
                    u32::from(c)
                );
            }
        }
        assert!(composed("Điều 44. Phạm vi – “trích dẫn”").is_some());
        assert!(composed(&"Điều".nfd().collect::<String>()).is_none());
        assert!(composed("\u{2000}").is_none());
    }

    // The fast set of `composed`, by code point.
    fn in_fast_set(c: char) -> bool {
        matches!(u32::from(c), 0..=0x27F | 0x1E00..=0x1EFF | 0x2002..=0x207F)
    }

    #[test]
    fn composed_counts_past_what_a_lane_holds() {
        // 16 lanes × 255 steps hold 4 080 marks before they are added up.
        for n in [4_079, 4_080, 4_081, 10_000] {
            let line = format!("ạ{}", ".".repeat(n));
            assert_eq!(
                composed(&line).map(|m| m.punctuation),
                Some(u32::try_from(n).unwrap())
            );
        }
        assert_eq!(composed(&format!("{}e\u{0301}", ".".repeat(5_000))), None);
        assert_eq!(
            composed(&format!("{}\u{1F00}{}", "a".repeat(33), "b".repeat(30))),
            None
        );
    }

    proptest::proptest! {
        // The byte test of `composed` is the code-point test, and its marks are the text's.
        #[test]
        fn composed_is_the_fast_set_by_code_point(
            s in "[a-z .;:\t\"“”«»–ạệĐđǅɏɐ\\[\\]\u{0301}\u{2000}\u{2001}\u{2002}\u{207F}\u{2080}\u{1DFF}\u{1E00}\u{1F00}ⅠĀ€]{0,120}"
        ) {
            let fast = s.chars().all(in_fast_set);
            proptest::prop_assert_eq!(composed(&s), fast.then(|| Marks::of(&s)));
        }
    }

    proptest::proptest! {
        // The marks counted in the NFC check are those of the text, whichever path made it.
        #[test]
        fn marks_are_the_texts_own(s in "[a-z .;:\t\\[\"“”«»–ạệĐđ\u{0301}\u{2000}]{0,30}") {
            for line in lines(&s) {
                proptest::prop_assert_eq!(line.marks, Marks::of(&line.text));
            }
        }
    }

    #[test]
    fn a_line_without_a_piece_still_locates_into_the_original() {
        let nfd: String = "a [nốt] Điều".nfd().collect();
        let all: Vec<Line<'_>> = lines(&nfd).collect();
        let from = all[0].text.find('[').unwrap();
        let to = all[0].text.find(']').unwrap() + 1;
        let cut = all[0].without(from, to).unwrap();
        assert_eq!(cut.text, "a  Điều");
        let at = cut.text.find('Đ').unwrap();
        assert_eq!(
            &nfd[cut.locate(at).offset..],
            &nfd[nfd.find('Đ').unwrap()..]
        );
        assert_eq!(cut.marks, Marks::of(&cut.text));
        let plain: Vec<Line<'_>> = lines("x [y] z").collect();
        let cut = plain[0].without(2, 6).unwrap();
        assert_eq!(cut.text, "x z");
        assert_eq!(cut.locate(2).column, 7);
    }

    #[test]
    fn bom_counts_in_offsets_but_not_in_columns() {
        let all: Vec<Line<'_>> = lines("\u{FEFF}Điều 1.").collect();
        let loc = all[0].locate(0);
        assert_eq!((loc.line, loc.column, loc.offset), (1, 1, 3));
    }
}
