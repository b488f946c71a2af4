//! Word diffs: how a unit's text reads before and after a change, for people.
//!
//! The versions page and the review page show the same differences, so the rule is here
//! once. Words are runs of non-whitespace (Vietnamese words, diacritics and all, are never
//! split; `1.624.000` and `45/2019/QH14` stay whole), with the punctuation that opens or
//! closes them taken off as tokens of their own, so `chuẩn).` against `chuẩn;` shows only
//! the punctuation changed. Whitespace is kept as tokens too: the runs give both texts back
//! byte for byte.
//!
//! Speed: a long article rewritten throughout must not cost seconds on the API process.
//! The diff is Myers' on tokens after the common head and tail are set aside, with a cap
//! on the edit distance it searches ([`MAX_EDITS`]). Past the cap it diffs lines first,
//! then the words of each changed stretch of lines, and a stretch still past the cap is
//! shown as replaced whole. So the cost is bounded by about `(n + m) · MAX_EDITS` token
//! comparisons per level, whatever the texts. No input panics: every index is checked.

use std::collections::HashMap;

use serde::Serialize;

/// One run of a word diff: `equal`, `insert` or `delete`, and its text. Concatenating the
/// `equal` and `delete` runs gives the old text; the `equal` and `insert` runs, the new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DiffOp {
    pub op: &'static str,
    pub text: String,
}

/// The largest edit distance (tokens deleted + inserted) Myers' search goes to before
/// the diff falls back to lines. 1,000 keeps the worst case near 10⁷ comparisons for a
/// 5,000-word article, and its trace under 4 MiB.
pub const MAX_EDITS: usize = 1000;

/// The word diff of `before` and `after`. Within a stretch of changes the deletions come
/// first, then the insertions, and a lone space between two changed words joins the
/// stretch: `<del>điểm đ</del><ins>điểm e</ins>` reads better than four fragments.
pub fn diff_words(before: &str, after: &str) -> Vec<DiffOp> {
    let a = tokens(before);
    let b = tokens(after);
    let mut edits = Vec::with_capacity(a.len().max(b.len()));
    diff_tokens(&a, &b, &mut edits);
    merge(&edits)
}

/// Splits a text into whitespace runs, words, and the punctuation around words.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let space = first.is_whitespace();
        let end = rest
            .char_indices()
            .find(|&(_, c)| c.is_whitespace() != space)
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        if space {
            out.push(run);
        } else {
            split_word(run, &mut out);
        }
        rest = tail;
    }
    out
}

/// A run of non-whitespace: its opening punctuation, one char a token, the word, then its
/// closing punctuation. A run of punctuation alone (`—`, `…`) is one char a token.
fn split_word<'a>(run: &'a str, out: &mut Vec<&'a str>) {
    let start = run
        .char_indices()
        .find(|&(_, c)| !is_punctuation(c))
        .map_or(run.len(), |(i, _)| i);
    let end = run
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_punctuation(c))
        .map_or(start, |(i, c)| i + c.len_utf8());
    push_chars(&run[..start], out);
    if end > start {
        out.push(&run[start..end]);
    }
    push_chars(&run[end.max(start)..], out);
}

fn push_chars<'a>(s: &'a str, out: &mut Vec<&'a str>) {
    for (i, c) in s.char_indices() {
        out.push(&s[i..i + c.len_utf8()]);
    }
}

/// ASCII punctuation and the quotation marks, dashes and ellipsis Vietnamese texts print.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || ('\u{2010}'..='\u{2027}').contains(&c) || matches!(c, '«' | '»')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Equal,
    Delete,
    Insert,
}

/// The edits turning `a` into `b`, appended to `out` in text order.
fn diff_tokens<'a>(a: &[&'a str], b: &[&'a str], out: &mut Vec<(Tag, &'a str)>) {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a_mid, b_mid) = (&a[head..], &b[head..]);
    let tail = a_mid
        .iter()
        .rev()
        .zip(b_mid.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let a_mid = &a_mid[..a_mid.len() - tail];
    let b_mid = &b_mid[..b_mid.len() - tail];
    out.extend(a[..head].iter().map(|t| (Tag::Equal, *t)));
    let ids = Interned::new(a_mid, b_mid);
    match myers(&ids.a, &ids.b, MAX_EDITS) {
        Some(script) => replay(&script, a_mid, b_mid, out),
        None => by_lines(a_mid, b_mid, out),
    }
    out.extend(a[a.len() - tail..].iter().map(|t| (Tag::Equal, *t)));
}

/// Past the cap: the changed middle as lines, then the words of each changed stretch of
/// lines; a stretch still past the cap is deleted and inserted whole.
fn by_lines<'a>(a: &[&'a str], b: &[&'a str], out: &mut Vec<(Tag, &'a str)>) {
    let (la, lb) = (lines(a), lines(b));
    let joined = |l: &[&[&'a str]]| -> Vec<String> { l.iter().map(|t| t.concat()).collect() };
    let (ja, jb) = (joined(&la), joined(&lb));
    let ids = Interned::new(
        &ja.iter().map(String::as_str).collect::<Vec<_>>(),
        &jb.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let Some(script) = myers(&ids.a, &ids.b, MAX_EDITS) else {
        whole(a, b, out);
        return;
    };
    let (mut i, mut j) = (0usize, 0usize);
    let (mut del, mut ins): (Vec<&'a str>, Vec<&'a str>) = (Vec::new(), Vec::new());
    let flush = |del: &mut Vec<&'a str>, ins: &mut Vec<&'a str>, out: &mut Vec<(Tag, &'a str)>| {
        if del.is_empty() && ins.is_empty() {
            return;
        }
        let ids = Interned::new(del, ins);
        match myers(&ids.a, &ids.b, MAX_EDITS) {
            Some(s) => replay(&s, del, ins, out),
            None => whole(del, ins, out),
        }
        del.clear();
        ins.clear();
    };
    for tag in script {
        match tag {
            Tag::Equal => {
                flush(&mut del, &mut ins, out);
                out.extend(
                    la.get(i)
                        .into_iter()
                        .flat_map(|l| l.iter())
                        .map(|t| (Tag::Equal, *t)),
                );
                i += 1;
                j += 1;
            }
            Tag::Delete => {
                del.extend(la.get(i).into_iter().flat_map(|l| l.iter()));
                i += 1;
            }
            Tag::Insert => {
                ins.extend(lb.get(j).into_iter().flat_map(|l| l.iter()));
                j += 1;
            }
        }
    }
    flush(&mut del, &mut ins, out);
}

fn whole<'a>(a: &[&'a str], b: &[&'a str], out: &mut Vec<(Tag, &'a str)>) {
    out.extend(a.iter().map(|t| (Tag::Delete, *t)));
    out.extend(b.iter().map(|t| (Tag::Insert, *t)));
}

/// Tokens grouped into lines, each ending after the whitespace token that holds its `\n`.
fn lines<'s, 'a>(t: &'s [&'a str]) -> Vec<&'s [&'a str]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, tok) in t.iter().enumerate() {
        if tok.contains('\n') {
            out.push(&t[start..=i]);
            start = i + 1;
        }
    }
    if start < t.len() {
        out.push(&t[start..]);
    }
    out
}

/// The script's tokens: equal and deleted ones from `a`, inserted ones from `b`.
fn replay<'a>(script: &[Tag], a: &[&'a str], b: &[&'a str], out: &mut Vec<(Tag, &'a str)>) {
    let (mut i, mut j) = (0usize, 0usize);
    for &tag in script {
        let token = match tag {
            Tag::Insert => b.get(j).copied(),
            _ => a.get(i).copied(),
        };
        if let Some(t) = token {
            out.push((tag, t));
        }
        match tag {
            Tag::Equal => {
                i += 1;
                j += 1;
            }
            Tag::Delete => i += 1,
            Tag::Insert => j += 1,
        }
    }
}

/// Tokens as numbers, so the search compares integers, not strings.
struct Interned {
    a: Vec<u32>,
    b: Vec<u32>,
}

impl Interned {
    fn new<'x>(a: &[&'x str], b: &[&'x str]) -> Self {
        let mut ids: HashMap<&'x str, u32> = HashMap::new();
        let mut id = |t: &'x str| -> u32 {
            let next = ids.len() as u32;
            *ids.entry(t).or_insert(next)
        };
        // Two loops, not one closure over both, so `ids` borrows each slice in turn.
        let a: Vec<u32> = a.iter().map(|t| id(t)).collect();
        let b: Vec<u32> = b.iter().map(|t| id(t)).collect();
        Interned { a, b }
    }
}

/// Myers' O((n + m) · D) shortest edit script, or None when it needs more than `max_d`
/// edits. Kept: the frontier before each round, for the walk back.
fn myers(a: &[u32], b: &[u32], max_d: usize) -> Option<Vec<Tag>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let limit = ((n + m) as usize).min(max_d) as isize;
    let offset = limit + 1;
    let mut v = vec![0isize; (2 * limit + 3) as usize];
    let at = |k: isize| (k + offset) as usize;
    let mut trace: Vec<Vec<isize>> = Vec::new();
    for d in 0..=limit {
        // The frontier for diagonals -d..=d, as it stood before this round.
        trace.push(v[at(-d)..=at(d)].to_vec());
        let mut k = -d;
        while k <= d {
            let mut x = if k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]) {
                v[at(k + 1)]
            } else {
                v[at(k - 1)] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a.get(x as usize) == b.get(y as usize) {
                x += 1;
                y += 1;
            }
            v[at(k)] = x;
            if x >= n && y >= m {
                return Some(walk_back(&trace, n, m, d));
            }
            k += 2;
        }
    }
    None
}

fn walk_back(trace: &[Vec<isize>], n: isize, m: isize, d_end: isize) -> Vec<Tag> {
    let mut script = Vec::with_capacity((n + m) as usize);
    let (mut x, mut y) = (n, m);
    for d in (1..=d_end).rev() {
        let Some(frontier) = trace.get(d as usize) else {
            break;
        };
        // `frontier` holds diagonals -d..=d of the frontier before round d.
        let get = |k: isize| frontier.get((k + d) as usize).copied().unwrap_or(0);
        let k = x - y;
        let prev_k = if k == -d || (k != d && get(k - 1) < get(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = get(prev_k);
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            script.push(Tag::Equal);
            x -= 1;
            y -= 1;
        }
        if x == prev_x {
            script.push(Tag::Insert);
        } else {
            script.push(Tag::Delete);
        }
        x = prev_x;
        y = prev_y;
    }
    while x > 0 && y > 0 {
        script.push(Tag::Equal);
        x -= 1;
        y -= 1;
    }
    script.reverse();
    script
}

/// Runs of one kind, deletions before insertions within a stretch of changes, the lone
/// whitespace between two changes joined to the stretch.
fn merge(edits: &[(Tag, &str)]) -> Vec<DiffOp> {
    let mut ops: Vec<DiffOp> = Vec::new();
    let mut deleted = String::new();
    let mut inserted = String::new();
    let flush = |ops: &mut Vec<DiffOp>, deleted: &mut String, inserted: &mut String| {
        for (op, text) in [("delete", deleted), ("insert", inserted)] {
            if !text.is_empty() {
                ops.push(DiffOp {
                    op,
                    text: std::mem::take(text),
                });
            }
        }
    };
    for (i, &(tag, text)) in edits.iter().enumerate() {
        match tag {
            Tag::Delete => deleted.push_str(text),
            Tag::Insert => inserted.push_str(text),
            Tag::Equal => {
                let in_stretch = !(deleted.is_empty() && inserted.is_empty());
                let more_changes = edits
                    .get(i + 1)
                    .is_some_and(|(next, _)| *next != Tag::Equal);
                if in_stretch && more_changes && text.chars().all(char::is_whitespace) {
                    // Both texts hold this space: it goes to both sides of the stretch.
                    deleted.push_str(text);
                    inserted.push_str(text);
                    continue;
                }
                flush(&mut ops, &mut deleted, &mut inserted);
                match ops.last_mut() {
                    Some(last) if last.op == "equal" => last.text.push_str(text),
                    _ => ops.push(DiffOp {
                        op: "equal",
                        text: text.to_string(),
                    }),
                }
            }
        }
    }
    flush(&mut ops, &mut deleted, &mut inserted);
    ops.retain(|op| !op.text.is_empty());
    ops
}

#[cfg(test)]
mod tests;
