//! Whether a unit is a provision the publisher prints in place of text that is gone: repealed,
//! omitted, transferred or renumbered. The mark is read from the unit's own heading and body by
//! [`provision_status`] alone, so it is covered by the unit's content hash: it cannot change
//! unless the text does (and the text changes only through CUT and review). The address is never
//! touched: a repealed section keeps the address it had (`c-10/section-26`), as the law cites it.

use crate::text::bytes::{lanes_equal, position};
use serde::{Deserialize, Serialize};

/// What the publisher prints in place of a provision's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ProvisionStatus {
    /// `[Repealed, 2001, c. 9, s. 1]`, `[Revoked, SOR/86-388, s. 3]`, `Repealed. Pub. L. …`,
    /// `. . . . . .` (legislation.gov.uk), `(được bãi bỏ)`.
    Repealed,
    /// `Omitted` (the US Code: a provision left out of the Code).
    Omitted,
    /// `Transferred` (the US Code: moved to another title or section).
    Transferred,
    /// `Renumbered § 13]`, `[Renumbered, SOR/2020-182, s. 6]`.
    Renumbered,
}

/// The one rule: a unit is marked when the first line of its text — its heading, else the first
/// line of its body — is what its publisher prints instead of a provision's text; also when a
/// heading (a title kept above a text that is gone: `130 Fees to be taken in Supreme Court.` over
/// `. . . .`) is followed by such a line. What follows that line does not matter (the US Code's
/// note after `Repealed. Pub. L. …`, a cross-heading after `[Repealed, …]`).
///
/// The forms, as publishers print them (nothing else is read as one):
/// - a note in brackets that ends the line and opens with `Repealed`, `Revoked`, `Omitted`,
///   `Transferred` or `Renumbered` (capitalised): `[Repealed, 2001, c. 9, s. 1]`, `[Revoked]`;
///   before it may stand only what labels the unit: the rest of a range (`to 88 [Repealed, …]`,
///   `and (4) [Repealed, …]`) or a defined term (`aircrew [Repealed, SOR/96-335, s. 1]`), never a
///   sentence (no `;`, `:` or full stop);
/// - one of those words opening the line, alone or followed by `.`, `]` or ` §` (the US Code:
///   `Repealed. Pub. L. 109–177, …`, `Omitted`, `REPEALED]` of `[CHAPTER 3—REPEALED]`,
///   `Renumbered § 13]`);
/// - a row of spaced dots, `. . . .` (legislation.gov.uk prints a repealed text so), optionally
///   after its annotation mark (`F1`);
/// - `(bãi bỏ)`, `(được bãi bỏ)`, `(đã bị bãi bỏ)` … in parentheses or brackets (Vietnamese
///   consolidated texts), optionally with a footnote mark after (`(được bãi bỏ)[3]`).
///
/// A text that merely mentions a repeal (`Section 5 is repealed.`, `Repeal`, `Bãi bỏ Điều 9.`,
/// `Unless repealed, …`, `(b) repealed; or`) is not marked.
pub fn provision_status(heading: Option<&str>, body: &str) -> Option<ProvisionStatus> {
    let first_body_line = first_line(body);
    match heading.map(str::trim).filter(|h| !h.is_empty()) {
        Some(h) => placeholder(h).or_else(|| first_body_line.and_then(placeholder)),
        None => first_body_line.and_then(placeholder),
    }
}

/// The first line of `text` that is not blank, trimmed: `text.lines().map(str::trim).find(…)`,
/// with the line's end looked for eight bytes a step (asked of every unit cut, whose body is
/// mostly one line: the whole body is read to its end).
fn first_line(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut from = 0;
    loop {
        let end = position(bytes, from, |w| lanes_equal(w, b'\n'), |b| b == b'\n');
        let line = text.get(from..end.unwrap_or(bytes.len()))?.trim();
        if !line.is_empty() {
            return Some(line);
        }
        from = end? + 1;
    }
}

/// The status a whole line stands for, if it is a placeholder.
fn placeholder(line: &str) -> Option<ProvisionStatus> {
    let line = line.trim();
    if may_be_placeholder(line) {
        read_placeholder(line)
    } else {
        None
    }
}

/// [`placeholder`] of a trimmed line, read in full.
fn read_placeholder(line: &str) -> Option<ProvisionStatus> {
    if dots(line) {
        return Some(ProvisionStatus::Repealed);
    }
    if vietnamese(line) {
        return Some(ProvisionStatus::Repealed);
    }
    if let Some(inner) = bracketed_note(line) {
        return word(inner, &[']', ',', '.', ' ']);
    }
    let line = range_rest(line);
    // No status word starts the line (nor its first word): nothing to split.
    if !line.starts_with(['R', 'O', 'T']) {
        return None;
    }
    word(line, &['.', ']']).or_else(|| {
        // `Renumbered § 13]`: the word, one space, the new number.
        let w = line.split(' ').next()?;
        line[w.len()..]
            .starts_with(" §")
            .then(|| word(w, &[]))
            .flatten()
    })
}

// Each word as printed and in capitals: asked of every unit cut, so nothing is allocated.
const WORDS: [(&str, &str, ProvisionStatus); 5] = [
    ("Repealed", "REPEALED", ProvisionStatus::Repealed),
    ("Revoked", "REVOKED", ProvisionStatus::Repealed),
    ("Omitted", "OMITTED", ProvisionStatus::Omitted),
    ("Transferred", "TRANSFERRED", ProvisionStatus::Transferred),
    ("Renumbered", "RENUMBERED", ProvisionStatus::Renumbered),
];

/// Whether `line` (trimmed) starts or ends as a placeholder can: with the first byte of
/// dots (`.`, `F1`), of a note (`(`, `[`), of a range's rest (`to`, `and`, `through`, `,`) or
/// of a status word (`R`, `O`, `T`), or with a bracketed note (`]`, then at most one mark).
/// Asked of every unit cut, whose text is mostly none of these.
fn may_be_placeholder(line: &str) -> bool {
    let bytes = line.as_bytes();
    let starts = matches!(
        bytes.first(),
        Some(b'.' | b'F' | b'(' | b'[' | b't' | b'a' | b',' | b'R' | b'O' | b'T')
    );
    let ends = matches!(bytes, [.., b']'] | [.., b']', b')' | b';' | b',' | b'.']);
    starts || ends
}

/// `Repealed`, `REPEALED`, `Revoked` … at the start of `s`, alone or followed by one of `after`.
fn word(s: &str, after: &[char]) -> Option<ProvisionStatus> {
    // Every word starts with R, O or T and goes on with a letter of its own (`Re`, `Om`,
    // `Tra`, or in capitals): most units' text starts with none of them (`Trường hợp`).
    let b = s.as_bytes();
    let second = b.get(1).map(u8::to_ascii_lowercase);
    let candidate = match (b.first(), second) {
        (Some(b'R'), Some(b'e')) | (Some(b'O'), Some(b'm')) => true,
        (Some(b'T'), Some(b'r')) => b.get(2).map(u8::to_ascii_lowercase) == Some(b'a'),
        _ => false,
    };
    if candidate {
        spelled(s, after)
    } else {
        None
    }
}

/// [`word`], each word tried in turn.
fn spelled(s: &str, after: &[char]) -> Option<ProvisionStatus> {
    WORDS.iter().find_map(|&(w, upper, status)| {
        let rest = s.strip_prefix(w).or_else(|| s.strip_prefix(upper))?;
        match rest.chars().next() {
            None => Some(status),
            Some(c) if after.contains(&c) => Some(status),
            Some(_) => None,
        }
    })
}

/// `line` after the rest of a range of numbers that opens it (`to (d) Omitted` of the US
/// Code's `(a) to (d) Omitted`): the connecting word and one label, at most three times.
fn range_rest(mut line: &str) -> &str {
    for _ in 0..3 {
        let Some(rest) = ["to ", "and ", "through ", ", "]
            .iter()
            .find_map(|c| line.strip_prefix(c))
        else {
            break;
        };
        let Some((label, after)) = rest.split_once(' ') else {
            break;
        };
        if !label.starts_with(|c: char| c.is_ascii_digit() || c == '(') {
            break;
        }
        line = after.trim_start();
    }
    line
}

/// The inside of a bracketed note that ends `line`, when what stands before it only labels the
/// unit (a range's rest, a defined term): `to 88 [Repealed, …]` → `Repealed, …`.
fn bracketed_note(line: &str) -> Option<&str> {
    // Justice Canada prints `order [Repealed, 2019, c. 16, s. 43])` (F-1.4): one mark of
    // punctuation after the note.
    let line = line.strip_suffix([')', ';', ',', '.']).unwrap_or(line);
    let inner_end = line.strip_suffix(']')?;
    let open = inner_end.rfind('[')?;
    let inner = &inner_end[open + 1..];
    let before = inner_end[..open].trim();
    let sentence = before.contains([';', ':', '[', ']'])
        || before
            .char_indices()
            .any(|(i, c)| c == '.' && before[i + 1..].starts_with(' '))
        || before.ends_with('.')
        || before.split_whitespace().count() > 12;
    (!sentence).then_some(inner)
}

/// `. . . . . .`, or `F1. . . .` / `F12 . . .` (legislation.gov.uk's annotation mark before it):
/// at least three dots, each one space apart.
fn dots(line: &str) -> bool {
    let line = match line.strip_prefix('F') {
        Some(rest) => rest
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start(),
        None => line,
    };
    let mut count = 0;
    let mut expect_dot = true;
    for c in line.chars() {
        match (c, expect_dot) {
            ('.', true) => {
                count += 1;
                expect_dot = false;
            }
            (' ', false) => expect_dot = true,
            _ => return false,
        }
    }
    count >= 3 && !expect_dot
}

/// `(bãi bỏ)`, `(được bãi bỏ)`, `[đã bị bãi bỏ]` …, with a footnote mark after it or not.
fn vietnamese(line: &str) -> bool {
    let line = strip_footnote_mark(line);
    let inner = line
        .strip_prefix('(')
        .and_then(|l| l.strip_suffix(')'))
        .or_else(|| line.strip_prefix('[').and_then(|l| l.strip_suffix(']')));
    let Some(inner) = inner else {
        return false;
    };
    let inner = inner.trim().to_lowercase();
    let words: Vec<&str> = inner.split_whitespace().collect();
    matches!(
        words.as_slice(),
        ["bãi", "bỏ"]
            | ["được", "bãi", "bỏ"]
            | ["đã", "bãi", "bỏ"]
            | ["bị", "bãi", "bỏ"]
            | ["đã", "được", "bãi", "bỏ"]
            | ["đã", "bị", "bãi", "bỏ"]
    )
}

/// `(được bãi bỏ)[3]` → `(được bãi bỏ)`.
fn strip_footnote_mark(line: &str) -> &str {
    if let Some(head) = line.strip_suffix(']') {
        if let Some(open) = head.rfind('[') {
            let mark = &head[open + 1..];
            if !mark.is_empty() && mark.chars().all(|c| c.is_ascii_digit()) {
                return head[..open].trim_end();
            }
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // The first bytes that let a line or a word be read are only a shortcut: a line they
        // turn away reads as no placeholder, and a word as no status word, in full.
        #[test]
        fn the_shortcuts_turn_away_only_what_reads_as_nothing(
            range in prop::sample::select(vec!["", "to 5 ", "and (a) ", "through 7 ", ", 3 ", "x "]),
            head in prop::sample::select(vec![
                "", "Repealed", "REPEALED", "Revoked", "REVOKED", "Omitted", "OMITTED",
                "Transferred", "TRANSFERRED", "Renumbered", "RENUMBERED", "Re", "Tra", "Trường",
                "(bãi bỏ)", "[đã bị bãi bỏ]", "(được bãi bỏ)[3]", "[Repealed, 2001, c. 9]",
                "to 5 ", "and (a) ", "through 7 ", ", 3 ", ". . .", "F1. . . .", "F12 . . .",
                "order [Repealed]", "x [Omitted].",
            ]),
            tail in "[ .,;:()\\[\\]§FRrOoTtaemdnhđbãỏ0-9]{0,12}",
        ) {
            for line in [format!("{range}{head}{tail}"), format!("{range}{head}"), tail.clone()] {
                let line = line.trim();
                if !may_be_placeholder(line) {
                    prop_assert_eq!(read_placeholder(line), None, "{:?}", line);
                }
                for after in [&['.', ']'][..], &[']', ',', '.', ' '], &[]] {
                    prop_assert_eq!(word(line, after), spelled(line, after), "{:?}", line);
                }
            }
        }
    }
    use ProvisionStatus::*;

    fn body(text: &str) -> Option<ProvisionStatus> {
        provision_status(None, text)
    }

    #[test]
    fn first_line_is_the_first_non_blank_line_trimmed() {
        for text in [
            "",
            "\n",
            " \n\t\n",
            "a",
            "  a  \nb",
            "\n\n  Repealed.\r\nx",
            "x\r\n",
            "\r\n\r\n(bãi bỏ)",
            "một dòng dài hơn tám byte\nhai",
        ] {
            assert_eq!(
                first_line(text),
                text.lines().map(str::trim).find(|l| !l.is_empty()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn justice_canada_prints_a_repealed_provision_as_a_bracketed_note() {
        // `26 [Repealed, 2001, c. 9, s. 1]`: the note is the heading.
        assert_eq!(
            provision_status(Some("[Repealed, 2001, c. 9, s. 1]"), ""),
            Some(Repealed)
        );
        // A cross-heading printed after it lands in the body: still repealed.
        assert_eq!(
            provision_status(
                Some("[Repealed, SOR/98-402, s. 7]"),
                "Grant for Part-time Studies"
            ),
            Some(Repealed)
        );
        assert_eq!(body("[Repealed, SOR/2013-88, s. 25]"), Some(Repealed));
        assert_eq!(body("[Revoked, SOR/80-90]"), Some(Repealed));
        assert_eq!(body("[Repealed]"), Some(Repealed));
        assert_eq!(
            provision_status(Some("[Renumbered, SOR/2020-182, s. 6]"), ""),
            Some(Renumbered)
        );
        // Ranges (`72 to 88 [Repealed …]`, `(3) and (4) [Repealed …]`) and repealed definitions.
        assert_eq!(
            provision_status(Some("to 88 [Repealed, 2001, c. 9, s. 1]"), ""),
            Some(Repealed)
        );
        assert_eq!(
            body("and (4) [Repealed, R.S., 1985, c. 1 (2nd Supp.), s. 2]"),
            Some(Repealed)
        );
        assert_eq!(body("aircrew [Repealed, SOR/96-335, s. 1]"), Some(Repealed));
        assert_eq!(
            body("order [Repealed, 2019, c. 16, s. 43])"),
            Some(Repealed)
        );
        assert_eq!(
            body("transborder passenger non-resaleable charter or TPNC [Repealed, SOR/2019-176, s. 1]"),
            Some(Repealed)
        );
    }

    #[test]
    fn the_us_code_prints_the_status_after_the_number() {
        assert_eq!(
            provision_status(
                Some("Repealed. July 16, 1951, ch. 226, § 5(a), 65 Stat. 122]"),
                ""
            ),
            Some(Repealed)
        );
        assert_eq!(
            provision_status(
                Some("Repealed. Pub. L. 101–510, div. A, title XV, § 1532(a), Nov. 5, 1990, 104 Stat. 1732"),
                "Section, acts Mar. 3, 1879, ch. 182, related to …"
            ),
            Some(Repealed)
        );
        assert_eq!(provision_status(Some("Omitted"), ""), Some(Omitted));
        assert_eq!(provision_status(Some("Transferred"), ""), Some(Transferred));
        // `(a) to (d) Omitted`: a range of subsections.
        assert_eq!(body("to (d) Omitted"), Some(Omitted));
        assert_eq!(body("to (d) omitted by the Secretary"), None);
        assert_eq!(
            provision_status(Some("Renumbered § 13]"), ""),
            Some(Renumbered)
        );
        assert_eq!(provision_status(Some("REPEALED]"), ""), Some(Repealed));
        assert_eq!(provision_status(Some("REPEALED"), ""), Some(Repealed));
        // A subsection: `(5) Repealed. Pub. L. 112–10, …`.
        assert_eq!(
            body("Repealed. Pub. L. 112–10, div. B, title IX, § 1926(a)"),
            Some(Repealed)
        );
    }

    #[test]
    fn legislation_gov_uk_prints_a_repealed_text_as_dots() {
        assert_eq!(body(". . . . . . . . . . . . . . . ."), Some(Repealed));
        assert_eq!(body("F1. . . ."), Some(Repealed));
        assert_eq!(body("F12 . . . ."), Some(Repealed));
        // A title kept above the dots: `130 Fees to be taken in Supreme Court.`
        assert_eq!(
            provision_status(
                Some("Fees to be taken in Supreme Court."),
                ". . . . . . . ."
            ),
            Some(Repealed)
        );
        // Words repealed from a text that stays: not the provision.
        assert_eq!(provision_status(Some("The Commissioner . . . ."), ""), None);
        assert_eq!(body(". . . or"), None);
        assert_eq!(body("a . . . child psychotherapist,"), None);
        assert_eq!(body(". ."), None);
        // A form's blanks (`……`, `.....`) are no repeal.
        assert_eq!(body("……………"), None);
        assert_eq!(body("..........."), None);
    }

    #[test]
    fn vietnamese_consolidated_texts_print_the_repeal_in_parentheses() {
        assert_eq!(provision_status(Some("(được bãi bỏ)"), ""), Some(Repealed));
        assert_eq!(
            provision_status(Some("(Được bãi bỏ)[3]"), ""),
            Some(Repealed)
        );
        assert_eq!(body("(bãi bỏ)"), Some(Repealed));
        assert_eq!(body("[đã bị bãi bỏ]"), Some(Repealed));
        // An article that repeals something, or is titled so, is not repealed.
        assert_eq!(provision_status(Some("Bãi bỏ"), ""), None);
        assert_eq!(body("Bãi bỏ Điều 9."), None);
        assert_eq!(
            provision_status(Some("Điều khoản chuyển tiếp"), "(bãi bỏ khoản 3)"),
            None
        );
    }

    #[test]
    fn a_text_that_mentions_a_repeal_is_not_repealed() {
        for (heading, text) in [
            (
                None,
                "Section 911 of the Water Resources Development Act of 1986 is repealed.",
            ),
            (
                None,
                "The enactments specified in Schedule 3 to this Act are repealed.",
            ),
            (
                Some("Repeal"),
                "The Acts in the Second Schedule are repealed.",
            ),
            (Some("Repeals"), ""),
            (Some("Repealed provisions"), ""),
            (Some("[Repeal]"), ""),
            (Some("[Amendment]"), "Repeal"),
            (
                Some("Period of order"),
                "Unless repealed, an order made under subsection (1) …",
            ),
            (None, "repealed; or"),
            (None, "Repealed by section 5 of the Act, the duty …"),
            (
                None,
                "Transferred personnel.—Personnel transferred pursuant to subparagraph (A) …",
            ),
            (None, "The Minister may, by order; [Repealed, 2001, c. 9]"),
            (
                Some("Money paid into court under enactment subsequently repealed."),
                "Where …",
            ),
            (
                None,
                "[Điều này bị bãi bỏ bởi Điểm b Khoản 2 Điều 10 Thông tư 23/2025/TT-BNNMT]",
            ),
            (None, ""),
        ] {
            assert_eq!(provision_status(heading, text), None, "{heading:?} {text}");
        }
    }
}
