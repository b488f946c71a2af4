//! Tables of contents headed by a marker line (`Contents`, `Arrangement of Sections`).
//!
//! Published acts often print their contents before the provisions: entry lines shaped like
//! headings (`1 Entitlement`, `SCHEDULE 1`) among cross-headings. From the marker line to the
//! line before the contents' first entry appears again, every line is text. A marker whose
//! first entry never appears again marks nothing (it was a heading of the text, not of a table).

use super::lines::lines;
use super::text::{fold_line, is_page_number, TrimSpace};

// A marker is a short line; longer lines are not folded at all.
const MARKER_MAX_BYTES: usize = 64;

/// The 1-based lines of every marked table of contents in `text`.
pub(super) fn marked(text: &str, markers: &[String]) -> Vec<u32> {
    if markers.is_empty() {
        return Vec::new();
    }
    let markers: Vec<String> = markers.iter().map(|m| fold_line(m)).collect();
    let mut out = Vec::new();
    // (marker line, first entry folded, its line)
    let mut open: Option<(u32, Option<(String, u32)>)> = None;
    // The line before, folded when it could start the first entry again: `PART I - PRELIMINARY`
    // and `CHAPTER 1 INTERPRETATION AND APPLICATION` come back over two lines, the title
    // under the label (`PART I`, then `- PRELIMINARY`).
    let mut before: Option<(String, u32)> = None;
    for line in lines(text) {
        let t = line.text.trim_space();
        if t.is_empty() {
            continue;
        }
        match &mut open {
            None => {
                if t.len() <= MARKER_MAX_BYTES && markers.contains(&fold_line(t)) {
                    open = Some((line.number, None));
                }
            }
            Some((_, first @ None)) => *first = Some((fold_line(t), line.number)),
            Some((start, Some((entry, _)))) => {
                let short = t.len() <= entry.len() + 8;
                let folded = short.then(|| fold_line(t));
                let end = if folded.as_ref() == Some(entry) {
                    Some(line.number)
                } else {
                    match (&before, &folded) {
                        (Some((head, at)), Some(tail))
                            if entry.len() == head.len() + 1 + tail.len()
                                && entry.starts_with(head.as_str())
                                && entry.ends_with(tail.as_str()) =>
                        {
                            Some(*at)
                        }
                        _ => None,
                    }
                };
                before = folded
                    .filter(|f| f.len() < entry.len() && entry.starts_with(f.as_str()))
                    .map(|f| (f, line.number));
                if let Some(end) = end {
                    out.extend(*start..end);
                    open = None;
                }
            }
        }
    }
    let mut head = titled(text);
    // A marker on the first line (`Contents`) already marked its table.
    let first_marked = out.first().zip(head.first()).is_some_and(|(o, h)| o <= h);
    if !head.is_empty() && !first_marked {
        let last = head.last().copied().unwrap_or(0);
        head.extend(out.into_iter().filter(|&n| n > last));
        return head;
    }
    out
}

/// A table of contents headed by the document's title, as legislation.gov.uk prints one
/// (`The Health and Safety (Fees) Regulations 1994`, `1. Citation, commencement …`, …, then
/// the title again over the provisions): from the first line to the line before the title,
/// or the first numbered entry (with or without its number: an instrument prints the heading
/// `Citation …` above `1.—(1) …`), appears again. Only when most numbered lines in between
/// read as entries (a capital after the number, no closing punctuation but a short note's full stop), at least three of
/// them: a first page of provisions repeated under a running header is not a table.
fn titled(text: &str) -> Vec<u32> {
    let mut title: Option<(String, u32)> = None;
    let mut entry: Option<(String, String)> = None;
    let (mut numbered, mut entries) = (0usize, 0usize);
    for line in lines(text) {
        let t = line.text.trim_space();
        if t.is_empty() || is_page_number(t) {
            continue;
        }
        let Some((heading, first)) = &title else {
            if t.contains('/') || !t.starts_with(char::is_uppercase) || t.len() > 200 {
                return Vec::new();
            }
            title = Some((t.to_owned(), line.number));
            continue;
        };
        let ends = t == heading
            || entry
                .as_ref()
                .is_some_and(|(whole, bare)| t == whole || t == bare);
        if ends {
            if entries >= 3 && entries * 2 >= numbered {
                return (*first..line.number).collect();
            }
            return Vec::new();
        }
        if let Some(bare) = after_number(t) {
            numbered += 1;
            if reads_as_entry(bare) {
                entries += 1;
            }
            if entry.is_none() {
                entry = Some((t.to_owned(), bare.to_owned()));
            }
        }
    }
    Vec::new()
}

// `1. Citation`, `12A Power to charge` → the text after the number; `None` if the line has none.
fn after_number(t: &str) -> Option<&str> {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = t
        .get(digits..)?
        .trim_start_matches(|c: char| c.is_ascii_uppercase());
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let bare = rest.trim_space();
    (bare.len() < rest.len()).then_some(bare)
}

// An entry of a table of contents: a heading, or the start of the provision (or of a schedule's
// table, `1 2 3 Subject matter Fee...`) cut short with `...`.
fn reads_as_entry(bare: &str) -> bool {
    let words = bare.split_whitespace().count();
    // Older Acts end their marginal notes with a full stop (`1 The Wages Board.`).
    let short_note = bare.ends_with('.') && words <= 10;
    let cut_short = bare.ends_with("...") || bare.ends_with('…');
    (cut_short
        || bare.starts_with(char::is_uppercase)
            && (short_note || !bare.ends_with(['.', ';', ':', ','])))
        && words <= 24
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Vec<String> {
        vec!["Contents".into(), "Arrangement of Sections".into()]
    }

    #[test]
    fn contents_run_from_the_marker_to_the_first_entry_seen_again() {
        let text = "An Act\nContents\nPart 1\n1 Entitlement\n2 Credit\nBe it enacted\nPART 1\n1 Entitlement\n(1) Text\n";
        assert_eq!(marked(text, &m()), [2, 3, 4, 5, 6]);
    }

    #[test]
    fn an_entry_may_come_back_over_two_lines() {
        let text = "Act\nARRANGEMENT OF SECTIONS\nPART I - PRELIMINARY\n1. Short title.\nPART I\n- PRELIMINARY\n1. Short title.\n";
        assert_eq!(marked(text, &m()), [2, 3, 4]);
        let text = "Act\nARRANGEMENT OF SECTIONS\nCHAPTER 1 INTERPRETATION\n1. Definitions\nCHAPTER 1\nINTERPRETATION\n";
        assert_eq!(marked(text, &m()), [2, 3, 4]);
    }

    #[test]
    fn a_marker_whose_entry_never_returns_marks_nothing() {
        assert!(marked("Contents\n1 Scope\n2 Text\n", &m()).is_empty());
        assert!(marked("1 Scope\nThe contents of a notice\n", &m()).is_empty());
    }

    #[test]
    fn contents_headed_by_the_title_run_to_the_title_or_the_first_entry_seen_again() {
        let si = "The Fees Regulations 1994\n1. Citation\n2. Fees\n3. Revocations\nSCHEDULE 1\n1994 No. 397\nThe Fees Regulations 1994\nCitation\n1.—(1) These Regulations …\n";
        assert_eq!(marked(si, &m()), [1, 2, 3, 4, 5, 6]);
        // Its schedules' tables are listed cut short: their column numbers are no provisions.
        let tables = "The Fees Regulations 1994\n1. Citation\n2. Fees\nSCHEDULE 1\n1 2 Subject matter Fee...\nSCHEDULE 2\n1 2 3 Item Fee (a) On the...\nThe Fees Regulations 1994\nCitation\n1.—(1) These Regulations …\n";
        assert_eq!(marked(tables, &m()), [1, 2, 3, 4, 5, 6, 7]);
        let act = "An Act 1911\nCross heading\n1 Yearly accounts\n2 Returns\n3 Penalty\nBe it enacted\n1 Yearly accounts\n(1) Text\n";
        assert_eq!(marked(act, &m()), [1, 2, 3, 4, 5, 6]);
        // A first page repeated under a running header holds provisions, not entries.
        let page = "GAZETTE No 5\nDecree\n1. The Minister shall act.\n2. The fee is due;\n3. Text ends here.\nGAZETTE No 5\n";
        assert!(marked(page, &m()).is_empty());
    }
}
