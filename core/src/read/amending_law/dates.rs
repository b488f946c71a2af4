//! Dates in Vietnamese legal prose: `ngày 01 tháng 01 năm 2021`, and the commencement
//! sentences that give each provision of an amending law its date.

use crate::read::citations::CitationFinder;
use crate::text::fold::fold;

/// `ngày 15 tháng 01 năm 2025` (marks and case ignored, also `ngày 15/01/2025`) in `folded`,
/// from byte `from`: the date as `YYYY-MM-DD` and where it ends.
pub(super) fn date_after(folded: &str, from: usize) -> Option<(String, usize)> {
    let rest = folded.get(from..)?;
    let at = rest.find("ngay ")?;
    let mut p = Parser {
        s: rest,
        at: at + "ngay ".len(),
    };
    let day = p.number()?;
    let (month, year) = if p.eat("/") || p.eat("-") {
        let m = p.number()?;
        if !(p.eat("/") || p.eat("-")) {
            return None;
        }
        (m, p.number()?)
    } else {
        p.spaces();
        if !p.eat("thang") {
            return None;
        }
        p.spaces();
        let m = p.number()?;
        p.spaces();
        if !p.eat("nam") {
            return None;
        }
        p.spaces();
        (m, p.number()?)
    };
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) || !(1900..=2999).contains(&year) {
        return None;
    }
    Some((format!("{year:04}-{month:02}-{day:02}"), from + p.at))
}

struct Parser<'a> {
    s: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn spaces(&mut self) {
        while self.s[self.at..].starts_with(char::is_whitespace) {
            self.at += self.s[self.at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    fn eat(&mut self, w: &str) -> bool {
        if self.s[self.at..].starts_with(w) {
            self.at += w.len();
            true
        } else {
            false
        }
    }
    fn number(&mut self) -> Option<u32> {
        let digits: String = self.s[self.at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if digits.is_empty() || digits.len() > 4 {
            return None;
        }
        self.at += digits.len();
        digits.parse().ok()
    }
}

/// The date the law was adopted or signed: `… thông qua ngày 29 tháng 11 năm 2024`, else the
/// place-and-date line (`Hà Nội, ngày 04 tháng 8 năm 2025`).
pub(super) fn adopted(text: &str) -> Option<String> {
    let folded = fold(text);
    if let Some(at) = folded.find("thong qua ngay") {
        if let Some((d, _)) = date_after(&folded, at) {
            return Some(d);
        }
    }
    folded.lines().find_map(|l| {
        let l = l.trim();
        let comma = l.find(", ngay ")?;
        // A place name is a few words: `ha noi`, `tp. ho chi minh`.
        (comma < 40)
            .then(|| date_after(l, comma).map(|(d, _)| d))
            .flatten()
    })
}

/// One commencement rule: the provisions it covers (paths under the amending law; empty: the
/// whole law) and their date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Commencement {
    pub provisions: Vec<String>,
    pub date: String,
}

/// The commencement rules in `sentence_text` (a provision of the amending law): `Luật này có hiệu
/// lực thi hành từ ngày …`, `Khoản 2 Điều 1 của Luật này có hiệu lực từ ngày ký`.
pub(super) fn commencements(
    sentence_text: &str,
    doc: &str,
    finder: &CitationFinder,
    adopted: Option<&str>,
) -> Vec<Commencement> {
    let mut out = Vec::new();
    for sentence in sentence_text.split_inclusive(['.', ';', '\n']) {
        let folded = fold(sentence);
        let Some(at) = folded.find("co hieu luc") else {
            continue;
        };
        let after = &folded[at..];
        let date = if let Some((d, _)) = date_after(&folded, at) {
            Some(d)
        } else if after.contains("ngay ky")
            || after.contains("ngay thong qua")
            || after.contains("ngay ban hanh")
        {
            adopted.map(str::to_owned)
        } else {
            None
        };
        let Some(date) = date else { continue };
        // The subject: citations before `có hiệu lực`, in this law (`Khoản 2 Điều 1 của Luật này`).
        let subject = byte_prefix(sentence, &folded, at);
        let provisions: Vec<String> = finder
            .find(subject, Some(doc), None)
            .into_iter()
            .flat_map(|c| c.addresses)
            .filter_map(|a| {
                a.strip_prefix(doc)
                    .and_then(|r| r.strip_prefix('/'))
                    .map(str::to_owned)
            })
            .collect();
        out.push(Commencement { provisions, date });
    }
    out
}

/// The part of `original` before the folded byte offset `at` (folding changes lengths, so the
/// cut is made at the same count of words).
fn byte_prefix<'a>(original: &'a str, folded: &str, at: usize) -> &'a str {
    let words_before = folded[..at].split_whitespace().count();
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in original.char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            if seen == words_before {
                return &original[..i];
            }
            seen += 1;
        }
    }
    original
}

/// The date of the provision `path` of the amending law: the rule covering the longest prefix
/// of it, else the law's own.
pub(super) fn date_of(path: &str, rules: &[Commencement]) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for r in rules {
        if r.provisions.is_empty() {
            if best.is_none() {
                best = Some((0, &r.date));
            }
            continue;
        }
        for p in &r.provisions {
            let covers = path == p || path.starts_with(&format!("{p}/"));
            if covers && best.is_none_or(|(len, _)| p.len() > len) {
                best = Some((p.len(), &r.date));
            }
        }
    }
    best.map(|(_, d)| d.to_owned())
}
