//! Tables of contents headed by a marker line (`Contents`, `Arrangement of Sections`).
//!
//! Published acts often print their contents before the provisions: entry lines shaped like
//! headings (`1 Entitlement`, `SCHEDULE 1`) among cross-headings. From the marker line to the
//! line before the contents' first entry appears again, every line is text. A marker whose
//! first entry never appears again marks nothing (it was a heading of the text, not of a table).

use super::lines::lines;
use super::text::{fold_line, TrimSpace};

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
                if t.len() <= entry.len() + 8 && fold_line(t) == *entry {
                    out.extend(*start..line.number);
                    open = None;
                }
            }
        }
    }
    out
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
    fn a_marker_whose_entry_never_returns_marks_nothing() {
        assert!(marked("Contents\n1 Scope\n2 Text\n", &m()).is_empty());
        assert!(marked("1 Scope\nThe contents of a notice\n", &m()).is_empty());
    }
}
