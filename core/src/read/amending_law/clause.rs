//! One provision's words: split into clauses, each read as an instruction (or a context).

use crate::read::citations::CitationFinder;
use crate::text::address::{parse, Address};
use crate::text::citation_problem::CitationProblem;
use crate::text::fold::{words, Word};

use super::{Kind, Part, Place};

/// A quotation in the words: `[start, end)` with its marks, and the quoted text.
#[derive(Debug, Clone)]
pub(super) struct Quote {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// An instruction read from a clause, before it is placed in the amending law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Draft {
    pub kind: Kind,
    pub part: Part,
    /// Paths under the amended document.
    pub targets: Vec<String>,
    pub anchor: Option<String>,
    pub place: Option<Place>,
    pub old_text: Option<String>,
    pub new_text: Option<String>,
    /// Byte range of the clause in the words.
    pub start: usize,
    pub end: usize,
}

impl Draft {
    /// A repeal of units, or (with `words`) of words in them, read from the clause `[start, end)`.
    fn repeal(
        part: Part,
        targets: Vec<String>,
        words: Option<String>,
        start: usize,
        end: usize,
    ) -> Self {
        Draft {
            kind: if words.is_some() {
                Kind::RepealPhrase
            } else {
                Kind::Repeal
            },
            part,
            targets,
            anchor: None,
            place: None,
            old_text: words,
            new_text: None,
            start,
            end,
        }
    }
}

/// What a provision's words say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Reading {
    /// `Sửa đổi, bổ sung một số khoản của Điều 6 như sau:` — the context (a path) its points are read in.
    Context(Option<String>),
    Instructions(Vec<Draft>),
}

/// Why words could not be read; `at` is a byte offset into the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    pub code: &'static str,
    pub at: usize,
    pub reason: String,
    pub hint: String,
}

/// What the reader knows around the words.
pub(super) struct Around<'a> {
    pub finder: &'a CitationFinder<'a>,
    /// Slug the amended document's addresses start with (a stand-in when its code is unknown).
    pub doc: &'a str,
    /// Path the provision's relative citations resolve against (`dieu-6`).
    pub context: Option<&'a str>,
    /// The amended document's vocabulary: which units have headings.
    pub vocabulary: &'a crate::text::vocabulary::Vocabulary,
}

const OPENING: [char; 3] = ['“', '"', '‘'];

/// The quotations of `s`, in order: `“…”`, `"…"`, `‘…’`. An unclosed one runs to the end.
pub(super) fn quotes(s: &str) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(rel) = s[at..].find(OPENING) {
        let start = at + rel;
        let open = s[start..].chars().next().unwrap_or('"');
        let close = match open {
            '“' => '”',
            '‘' => '’',
            _ => '"',
        };
        let inner = start + open.len_utf8();
        let (text_end, end) = match s[inner..].find(close) {
            Some(r) => (inner + r, inner + r + close.len_utf8()),
            None => (s.len(), s.len()),
        };
        out.push(Quote {
            start,
            end,
            text: s[inner..text_end].trim().to_owned(),
        });
        at = end;
    }
    out
}

/// `s` with every quotation blanked to spaces (same byte offsets), so citations and verbs inside
/// quoted words are not read as the instruction's own.
pub(super) fn masked(s: &str, quotes: &[Quote]) -> String {
    let mut bytes = s.as_bytes().to_vec();
    for q in quotes {
        for b in &mut bytes[q.start..q.end] {
            *b = b' ';
        }
    }
    String::from_utf8(bytes).unwrap_or_default()
}

#[derive(Debug, Clone)]
enum Tok<'a> {
    Word(Word<'a>),
    Quote(usize),
    Comma,
}

impl Tok<'_> {
    fn is(&self, w: &str) -> bool {
        matches!(self, Tok::Word(x) if x.folded == w)
    }
    fn start(&self) -> usize {
        match self {
            Tok::Word(w) => w.start,
            Tok::Quote(_) | Tok::Comma => 0,
        }
    }
}

fn tokens<'a>(masked: &'a str, quotes: &[Quote], from: usize, to: usize) -> Vec<(usize, Tok<'a>)> {
    let part = &masked[from..to];
    let mut out: Vec<(usize, Tok<'a>)> = words(part, |c| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '(' | ')')
    })
    .into_iter()
    .map(|mut w| {
        w.start += from;
        (w.start, Tok::Word(w))
    })
    .collect();
    for (i, q) in quotes.iter().enumerate() {
        if q.start >= from && q.start < to {
            out.push((q.start, Tok::Quote(i)));
        }
    }
    for (i, c) in part.char_indices() {
        if c == ',' {
            out.push((from + i, Tok::Comma));
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out
}

/// Splits the masked words into clauses at `;` and at sentence ends; a clause without a verb
/// continues the one before (`tại khoản 3 Điều 7; khoản 2 Điều 40`).
pub(super) fn clauses(masked: &str) -> Vec<(usize, usize)> {
    let mut cuts = vec![0];
    let bytes = masked.as_bytes();
    for (i, c) in masked.char_indices() {
        let sentence_end = c == '.'
            && masked[i + 1..].starts_with(char::is_whitespace)
            && masked[i + 1..]
                .trim_start()
                .starts_with(|n: char| n.is_uppercase());
        if c == ';' || sentence_end {
            cuts.push(i + 1);
        }
        // `Sửa đổi, bổ sung điểm a và bổ sung điểm a1 vào sau điểm a`: `và` before a verb starts a clause.
        if c == ' ' && masked[i..].starts_with(" và ") {
            let next = crate::text::fold::fold(&masked[i + " và ".len()..]);
            if ["bo sung", "sua ddoi", "bai bo", "thay "]
                .iter()
                .any(|v| next.starts_with(v))
            {
                cuts.push(i + 1);
            }
        }
    }
    cuts.push(bytes.len());
    let mut out: Vec<(usize, usize)> = Vec::new();
    for pair in cuts.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        if masked[from..to].trim().is_empty() {
            continue;
        }
        let folded = crate::text::fold::fold(&masked[from..to]);
        match out.last_mut() {
            Some(last) if verb(&folded).is_none() => last.1 = to,
            _ => out.push((from, to)),
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Replace,
    Insert,
    Repeal,
    Substitute,
}

/// The clause's verb, by its folded words.
fn verb(folded: &str) -> Option<Verb> {
    let has = |w: &str| {
        folded
            .match_indices(w)
            .any(|(i, _)| i == 0 || !folded.as_bytes()[i - 1].is_ascii_alphanumeric())
    };
    if has("thay the ") || has("thay cum") || has("thay tu") || has("thay cac") {
        Some(Verb::Substitute)
    } else if has("sua ddoi") || has("sua ten ") {
        // `Sửa tên Điều 23 như sau:` renames a heading.
        Some(Verb::Replace)
    } else if has("bai bo") || has("bo cum tu") || has("bo tu ") || has("bo cac cum tu") {
        Some(Verb::Repeal)
    } else if has("bo sung") {
        Some(Verb::Insert)
    } else {
        None
    }
}

/// `một số điều`, `một số điểm, khoản`, `một số cụm từ`: the provision names no unit of its own
/// (its points do). `một số` elsewhere (`hướng dẫn một số nội dung` in a cited title) is words.
fn names_some_units(folded: &str) -> bool {
    folded.match_indices("mot so ").any(|(i, w)| {
        let next = folded[i + w.len()..]
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        matches!(
            next,
            "ddieu"
                | "khoan"
                | "ddiem"
                | "muc"
                | "chuong"
                | "phan"
                | "cum"
                | "tu"
                | "ddoan"
                | "phu"
                | "mau"
        )
    })
}

/// Reads a provision's words (its body up to `như sau:`). `quotes` are the words' quotations.
pub(super) fn read(words_text: &str, around: &Around) -> Result<Reading, Problem> {
    let quotes = quotes(words_text);
    let masked = masked(words_text, &quotes);
    let folded_all = crate::text::fold::fold(&masked);
    if names_some_units(&folded_all) {
        // A context: the units it names are where its points' citations resolve.
        let paths = cite(&masked, 0, masked.len(), around, None)?;
        return Ok(Reading::Context(paths.last().cloned()));
    }
    let spans = clauses(&masked);
    // Units named without their article take it from a clause of the same sentence that names one.
    let sentence_context = sentence_root(&masked, around);
    let mut drafts = Vec::new();
    for (from, to) in spans {
        drafts.extend(read_clause(
            words_text,
            &masked,
            &quotes,
            from,
            to,
            around,
            sentence_context.as_deref(),
        )?);
    }
    // Units one clause names without their clause take it from a later one of the same sentence
    // (`điểm a và bổ sung điểm a1 vào sau điểm a khoản 2`), as within one list.
    let mut all: Vec<String> = Vec::new();
    for d in &drafts {
        all.extend(d.targets.iter().cloned());
        all.extend(d.anchor.iter().cloned());
    }
    let mut shared = share_outer_levels(all).into_iter();
    for d in &mut drafts {
        for t in &mut d.targets {
            *t = shared.next().unwrap_or_default();
        }
        if let Some(a) = &mut d.anchor {
            *a = shared.next().unwrap_or_default();
        }
    }
    Ok(Reading::Instructions(drafts))
}

fn problem(code: &'static str, at: usize, reason: String, hint: &str) -> Problem {
    Problem {
        code,
        at,
        reason,
        hint: hint.into(),
    }
}

/// The first article (citation root) a clause of the words names outright, as a path.
fn sentence_root(masked: &str, around: &Around) -> Option<String> {
    let doc = parse(around.doc).ok()?;
    let context = match around.context {
        Some(c) => parse(&format!("{}/{c}", around.doc)).ok(),
        None => None,
    };
    let found = around
        .finder
        .find(masked, Some(around.doc), context.as_ref().or(Some(&doc)));
    found
        .iter()
        .filter(|c| !c.relative)
        .flat_map(|c| c.addresses.iter())
        .find_map(|a| strip(around.doc, a).map(|p| p.split('/').next().unwrap_or("").to_owned()))
        .filter(|p| !p.is_empty())
}

/// A full address as a path under `doc`.
fn strip(doc: &str, address: &str) -> Option<String> {
    if address == doc {
        return Some(String::new());
    }
    address
        .strip_prefix(doc)
        .and_then(|r| r.strip_prefix('/'))
        .map(str::to_owned)
}

/// The paths the citations in `masked[from..to]` name, resolved against the context (else
/// `fallback`). Any citation that cannot be resolved is a problem.
fn cite(
    masked: &str,
    from: usize,
    to: usize,
    around: &Around,
    fallback: Option<&str>,
) -> Result<Vec<String>, Problem> {
    Ok(cite_each(masked, from, to, around, fallback)?
        .into_iter()
        .flat_map(|(_, paths)| paths)
        .collect())
}

/// Like [`cite`], each citation's start and paths.
fn cite_each(
    masked: &str,
    from: usize,
    to: usize,
    around: &Around,
    fallback: Option<&str>,
) -> Result<Vec<(usize, Vec<String>)>, Problem> {
    let context_of = |path: Option<&str>| -> Option<Address> {
        let p = path?;
        parse(&format!("{}/{p}", around.doc)).ok()
    };
    let first = context_of(around.context.or(fallback));
    let found = around
        .finder
        .find(&masked[from..to], Some(around.doc), first.as_ref());
    let mut out = Vec::new();
    for c in found {
        if let Some(p) = &c.problem {
            let retry = match p {
                CitationProblem::MissingContext | CitationProblem::ContextMismatch { .. } => {
                    context_of(fallback)
                }
                _ => None,
            };
            let again = retry.and_then(|ctx| {
                around
                    .finder
                    .find(&c.text, Some(around.doc), Some(&ctx))
                    .into_iter()
                    .find(|c2| c2.problem.is_none())
            });
            match again {
                Some(c2) => {
                    out.push((from + c.span.start, paths_of(around.doc, &c2.addresses)?));
                    continue;
                }
                None => {
                    return Err(problem(
                        "unresolved-target",
                        from + c.span.start,
                        format!("'{}' cannot be resolved: {}", c.text.trim(), p.message()),
                        "name the unit with its article (khoản 2 Điều 5), or put the clause under a provision that names the article",
                    ))
                }
            }
        }
        if let Some(doc) = &c.doc {
            if doc != around.doc && !c.relative {
                return Err(problem(
                    "other-document",
                    from + c.span.start,
                    format!(
                        "'{}' names another document ({doc}) than the law this article amends ({})",
                        c.text.trim(),
                        around.doc
                    ),
                    "instructions for another law belong to the article that amends that law",
                ));
            }
        }
        out.push((from + c.span.start, paths_of(around.doc, &c.addresses)?));
    }
    Ok(out)
}

fn paths_of(doc: &str, addresses: &[String]) -> Result<Vec<String>, Problem> {
    Ok(addresses.iter().filter_map(|a| strip(doc, a)).collect())
}

/// One clause of an amending provision, `[from, to)` of its words, and what it is read in.
struct Clause<'c, 'a> {
    text: &'c str,
    /// `text` with quotations of words masked.
    masked: &'c str,
    from: usize,
    to: usize,
    around: &'c Around<'a>,
    /// The next clause of the same sentence that names an article, for units named without one.
    sentence: Option<&'c str>,
}

impl Clause<'_, '_> {
    /// A draft of the whole clause that changes whole units (no anchor, no words).
    fn whole(&self, kind: Kind, part: Part, targets: Vec<String>) -> Draft {
        Draft {
            kind,
            part,
            targets,
            anchor: None,
            place: None,
            old_text: None,
            new_text: None,
            start: self.from,
            end: self.to,
        }
    }

    fn excerpt(&self) -> String {
        excerpt(&self.text[self.from..self.to])
    }

    fn cite(&self, from: usize, to: usize) -> Result<Vec<String>, Problem> {
        cite(self.masked, from, to, self.around, self.sentence)
    }
}

#[allow(clippy::too_many_arguments)]
fn read_clause(
    text: &str,
    masked: &str,
    quotes: &[Quote],
    from: usize,
    to: usize,
    around: &Around,
    sentence: Option<&str>,
) -> Result<Vec<Draft>, Problem> {
    let clause = Clause {
        text,
        masked,
        from,
        to,
        around,
        sentence,
    };
    let folded = crate::text::fold::fold(&masked[from..to]);
    let toks = tokens(masked, quotes, from, to);
    let words_only: Vec<&Tok> = toks.iter().map(|(_, t)| t).collect();
    let Some(v) = verb(&folded) else {
        return Err(problem(
            "unknown-form",
            from,
            format!("'{}' is not an amending instruction this reader knows", clause.excerpt()),
            "write it in one of the forms of the Vietnamese drafting rules: 'Sửa đổi, bổ sung …', 'Bổ sung … vào sau …', 'Bãi bỏ …', 'Thay cụm từ “…” bằng cụm từ “…” tại …'",
        ));
    };
    let has_quotes = toks.iter().any(|(_, t)| matches!(t, Tok::Quote(_)));
    let phrase_first = {
        let after_verb = folded
            .split_once("bai bo")
            .map_or(folded.as_str(), |(_, r)| r)
            .trim_start();
        ["cum tu", "tu ", "cac cum tu", "cac tu", "nhung cum tu"]
            .iter()
            .any(|w| after_verb.starts_with(w))
    };
    if has_quotes && v == Verb::Repeal {
        // `Bãi bỏ điểm d khoản 1, từ “d,” tại khoản 4; các điều 90, 91`: units and words in one list.
        return repeal_items(text, masked, quotes, from, to, around, phrase_first);
    }
    // Words: phrases quoted inside the clause.
    if has_quotes {
        if let Some(phrases) = read_phrases(&words_only, quotes, v) {
            return phrase_drafts(&clause, phrases);
        }
    }
    match v {
        Verb::Repeal => {
            let targets = share_outer_levels(clause.cite(from, to)?);
            if targets.is_empty() {
                return Err(no_units(text, from, to));
            }
            Ok(vec![clause.whole(Kind::Repeal, Part::Whole, targets)])
        }
        Verb::Replace | Verb::Substitute => {
            let groups = targets_by_part(masked, from, to, around, sentence)?;
            if groups.is_empty() {
                return Err(no_units(text, from, to));
            }
            Ok(groups
                .into_iter()
                .map(|(part, targets)| {
                    clause.whole(Kind::Replace, part, share_outer_levels(targets))
                })
                .collect())
        }
        Verb::Insert => insert_draft(&clause, &words_only),
    }
}

/// Quoted words replaced, repealed or inserted `tại` the units named after: one draft per part
/// of a unit and pair of words. `tại toàn bộ …` changes the words in the whole document.
fn phrase_drafts(clause: &Clause<'_, '_>, phrases: Phrases) -> Result<Vec<Draft>, Problem> {
    let (kind, pairs, after_tai, insert_place) = phrases;
    let Clause {
        text,
        masked,
        from,
        to,
        around,
        sentence,
    } = *clause;
    let Some(tai) = after_tai else {
        return Err(problem(
            "no-target",
            from,
            format!("'{}' does not say where (tại …)", clause.excerpt()),
            "name the units the words change: '… tại khoản 3 Điều 7'",
        ));
    };
    let words = |part, targets, old: String, new: Option<String>| Draft {
        place: insert_place,
        old_text: Some(old),
        new_text: new,
        ..clause.whole(kind, part, targets)
    };
    let groups = targets_by_part(masked, tai, to, around, sentence)?;
    if groups.is_empty() {
        if crate::text::fold::fold(&masked[tai..to]).contains("toan bo") {
            return Ok(pairs
                .into_iter()
                .map(|(old, new)| words(Part::Whole, vec![String::new()], old, new))
                .collect());
        }
        return Err(problem(
            "no-target",
            tai,
            format!("'{}' names no unit", excerpt(&text[tai..to])),
            "name the units: 'tại khoản 3 Điều 7; khoản 2 Điều 40', 'tại tên Chương V'",
        ));
    }
    let mut out = Vec::new();
    for (part, targets) in groups {
        for (old, new) in &pairs {
            out.push(words(part, targets.clone(), old.clone(), new.clone()));
        }
    }
    Ok(out)
}

/// `Bổ sung khoản 5 vào sau khoản 4`: the units before `vào`, the anchor after it (`vào sau`,
/// `vào trước`, `vào`).
fn insert_draft(clause: &Clause<'_, '_>, words_only: &[&Tok]) -> Result<Vec<Draft>, Problem> {
    let Clause {
        text,
        from,
        to,
        around,
        sentence,
        ..
    } = *clause;
    let split = words_only.iter().position(|t| t.is("vao"));
    let (place, anchor_from) = match split {
        Some(i) => {
            let next = words_only.get(i + 1);
            let place = if next.is_some_and(|t| t.is("sau")) {
                Place::After
            } else if next.is_some_and(|t| t.is("truoc")) {
                Place::Before
            } else {
                Place::Into
            };
            (Some(place), Some(words_only[i].start()))
        }
        None => (None, None),
    };
    let units_to = anchor_from.unwrap_or(to);
    let anchor = match anchor_from {
        Some(a) => clause.cite(a, to)?.into_iter().next(),
        None => None,
    };
    // New units named without their parent resolve against the anchor (`khoản 2a vào sau khoản 2 Điều 6`).
    let fallback = anchor.clone().or(sentence.map(str::to_owned));
    let inner = Around {
        finder: around.finder,
        doc: around.doc,
        context: anchor.as_deref().or(around.context),
        vocabulary: around.vocabulary,
    };
    let targets = cite(clause.masked, from, units_to, &inner, fallback.as_deref())?;
    if targets.is_empty() {
        return Err(no_units(text, from, to));
    }
    if place.is_some() && anchor.is_none() {
        return Err(problem(
            "no-anchor",
            anchor_from.unwrap_or(from),
            format!(
                "'{}' does not name the unit the new ones go next to or into",
                clause.excerpt()
            ),
            "name it: 'vào sau khoản 2 Điều 6', 'vào Điều 4'",
        ));
    }
    Ok(vec![Draft {
        anchor,
        place,
        ..clause.whole(Kind::Insert, Part::Whole, targets)
    }])
}

/// A repeal whose list mixes units and quoted words. Each `;` part takes its article from the
/// citation that names one (`khoản 2 và khoản 3, từ “d,” tại khoản 5 … Điều 77`); within it, a
/// part that starts with `(cụm) từ` is words, the rest units.
/// `phrase_first` (`Bãi bỏ cụm từ “X” tại …; …`): a `;` part without words continues the units
/// of the words before it; otherwise (`Bãi bỏ khoản 2 Điều 21; …`) it repeals units.
fn repeal_items(
    text: &str,
    masked: &str,
    quotes: &[Quote],
    from: usize,
    to: usize,
    around: &Around,
    phrase_first: bool,
) -> Result<Vec<Draft>, Problem> {
    let mut out = Vec::new();
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let mut start = from;
    for (i, c) in masked[from..to].char_indices() {
        if c == ';' {
            parts.push((start, from + i));
            start = from + i + 1;
        }
    }
    parts.push((start, to));
    for (a, b) in parts {
        let root = sentence_root(&masked[a..b], around);
        let root = root.as_deref().or(around.context);
        // Items: split before `, (các) (cụm) từ “` and after the `tại …` of a phrase item.
        let mut items: Vec<(usize, usize)> = Vec::new();
        let mut item_start = a;
        for (i, c) in masked[a..b].char_indices() {
            if c != ',' {
                continue;
            }
            let at = a + i;
            let next = crate::text::fold::fold(masked[at + 1..b].trim_start());
            let phrase_next = next.starts_with("tu ")
                || next.starts_with("cum tu")
                || next.starts_with("cac cum tu")
                || next.starts_with("cac tu");
            let in_phrase = quotes.iter().any(|q| q.start >= item_start && q.start < at);
            // `“X”, “Y” tại …`: another phrase of the same item, not a new item.
            let quote_next = quotes
                .iter()
                .any(|q| q.start > at && masked[at + 1..q.start].trim().is_empty());
            let has_tai = crate::text::fold::fold(&masked[item_start..at]).contains(" tai ");
            if phrase_next || (in_phrase && !quote_next && has_tai) {
                items.push((item_start, at));
                item_start = at + 1;
            }
        }
        items.push((item_start, b));
        for (x, y) in items {
            let phrases: Vec<&Quote> = quotes
                .iter()
                .filter(|q| q.start >= x && q.start < y)
                .collect();
            let sub = Around {
                finder: around.finder,
                doc: around.doc,
                context: root,
                vocabulary: around.vocabulary,
            };
            if phrases.is_empty() && phrase_first {
                let more = targets_by_part(masked, x, y, &sub, root)?;
                // The words of the part before are struck here too.
                let last: Vec<Draft> = out
                    .iter()
                    .rev()
                    .take_while(|d: &&Draft| d.kind == Kind::RepealPhrase)
                    .cloned()
                    .collect();
                let olds: Vec<String> = last
                    .iter()
                    .filter_map(|d| d.old_text.clone())
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                for old in olds {
                    for (part, targets) in &more {
                        out.push(Draft::repeal(
                            *part,
                            targets.clone(),
                            Some(old.clone()),
                            from,
                            to,
                        ));
                    }
                }
                continue;
            }
            if phrases.is_empty() {
                let words = crate::text::fold::fold(&masked[x..y]);
                if words.trim().trim_start_matches("bai bo").trim().is_empty() {
                    continue;
                }
                let targets = share_outer_levels(cite(masked, x, y, &sub, root)?);
                if targets.is_empty() {
                    return Err(no_units(text, x, y));
                }
                out.push(Draft::repeal(Part::Whole, targets, None, from, to));
            } else {
                let tai = masked[x..y].find(" tại ").map(|r| x + r).or_else(|| {
                    crate::text::fold::fold(&masked[x..y])
                        .find(" tai ")
                        .map(|_| x)
                });
                let groups = match tai {
                    Some(t) => targets_by_part(masked, t, y, &sub, root)?,
                    None => Vec::new(),
                };
                if groups.is_empty() {
                    return Err(problem(
                        "no-target",
                        x,
                        format!("'{}' does not say where (tại …)", excerpt(&text[x..y])),
                        "name the units the words are struck from: 'từ “d,” tại khoản 4'",
                    ));
                }
                for q in phrases {
                    for (part, targets) in &groups {
                        out.push(Draft::repeal(
                            *part,
                            targets.clone(),
                            Some(q.text.clone()),
                            from,
                            to,
                        ));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// `điểm h và điểm k khoản 6` lists `điểm h` without its clause: a target of the same type as a
/// later one, one level shallower under the same unit, sits beside it (`…/khoan-6/diem-h`).
fn share_outer_levels(mut paths: Vec<String>) -> Vec<String> {
    let split = |p: &str| -> (String, String) {
        match p.rsplit_once('/') {
            Some((parent, last)) => (parent.to_owned(), last.to_owned()),
            None => (String::new(), p.to_owned()),
        }
    };
    let token = |seg: &str| {
        seg.rsplit_once('-')
            .map_or(String::new(), |(t, _)| t.to_owned())
    };
    for i in 0..paths.len() {
        let (parent_i, last_i) = split(&paths[i]);
        let later = paths[i + 1..].iter().find_map(|p| {
            let (parent_j, last_j) = split(p);
            let deeper = parent_j.len() > parent_i.len()
                && (parent_i.is_empty() || parent_j.starts_with(&format!("{parent_i}/")))
                && parent_j[parent_i.len()..]
                    .trim_start_matches('/')
                    .split('/')
                    .count()
                    == 1;
            (token(&last_j) == token(&last_i) && deeper).then_some(parent_j)
        });
        if let Some(parent) = later {
            paths[i] = format!("{parent}/{last_i}");
        }
    }
    paths
}

fn no_units(text: &str, from: usize, to: usize) -> Problem {
    problem(
        "no-target",
        from,
        format!(
            "'{}' names no unit of the amended law",
            excerpt(&text[from..to])
        ),
        "name the units: 'khoản 2 Điều 20', 'Điều 12', 'các điểm b, c và d khoản 1 Điều 16'",
    )
}

/// The citations of `masked[from..to]` grouped by the part they name: `tên Chương V` and
/// `tên các điều 33, 34` are headings, `đoạn mở đầu khoản 6` the words before the points.
fn targets_by_part(
    masked: &str,
    from: usize,
    to: usize,
    around: &Around,
    sentence: Option<&str>,
) -> Result<Vec<(Part, Vec<String>)>, Problem> {
    let mut groups: Vec<(Part, Vec<String>)> = Vec::new();
    let mut seen_from = from;
    for (at, paths) in cite_each(masked, from, to, around, sentence)? {
        // The words between the previous citation and this one say which part.
        let before = crate::text::fold::fold(&masked[seen_from..at]);
        let before = before.trim_end();
        let part = if before.ends_with("ten")
            || before.ends_with("ten cac")
            || before.ends_with("ten cua")
        {
            Part::Heading
        } else if before.ends_with("ddoan mo ddau")
            || before.ends_with("ddoan mo ddau cua")
            || before.ends_with("ddoan ddau")
        {
            Part::Intro
        } else {
            Part::Whole
        };
        seen_from = at;
        for path in paths {
            // `tên Điều 3, điểm a khoản 7 Điều 3`: `tên` names the article's heading only; a clause has none.
            let part = if part == Part::Heading && !has_heading(around.vocabulary, &path) {
                Part::Whole
            } else {
                part
            };
            match groups.iter_mut().find(|(p, _)| *p == part) {
                Some((_, list)) => list.push(path),
                None => groups.push((part, vec![path])),
            }
        }
    }
    Ok(groups)
}

/// Whether units of the path's last segment carry headings: citation roots and the structural
/// types above them (Phần, Chương, Mục, Điều), not clauses and points.
fn has_heading(vocabulary: &crate::text::vocabulary::Vocabulary, path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    let token = last.rsplit_once('-').map_or(last, |(t, _)| t);
    let root_level = vocabulary
        .section_types
        .iter()
        .filter(|t| t.citation_root)
        .map(|t| t.level)
        .max()
        .unwrap_or(0);
    vocabulary
        .by_token(token)
        .is_some_and(|t| t.level <= root_level)
}

type Phrases = (
    Kind,
    Vec<(String, Option<String>)>,
    Option<usize>,
    Option<Place>,
);

/// `thay (thế) (cụm) từ “A” bằng (cụm) từ “B”[, (cụm) từ “C” bằng (cụm) từ “D”]`, `bãi bỏ /
/// bỏ (cụm) từ “X”[, “Y”]`, `bổ sung (cụm) từ “X” vào sau / trước (cụm) từ “Y”`; then the byte
/// offset of `tại`. `None` when the quotations are not phrases of one of these forms.
fn read_phrases(toks: &[&Tok], quotes: &[Quote], v: Verb) -> Option<Phrases> {
    let filler = |t: &Tok| {
        t.is("cum") || t.is("tu") || t.is("cac") || t.is("nhung") || t.is("the") || t.is("ngu")
    };
    let tai = toks
        .iter()
        .position(|t| t.is("tai") || t.is("trong"))
        .map(|i| match toks[i] {
            Tok::Word(w) => w.start,
            _ => 0,
        });
    let quote_text = |i: usize| quotes.get(i).map(|q| q.text.clone());
    let mut i = 0;
    // Past the verb's words.
    while i < toks.len() && !matches!(toks[i], Tok::Quote(_)) {
        i += 1;
    }
    let phrase_words = toks[..i].iter().filter(|t| t.is("tu")).count() > 0;
    if !phrase_words {
        return None;
    }
    match v {
        Verb::Substitute => {
            let mut pairs = Vec::new();
            while let Some(Tok::Quote(a)) = toks.get(i) {
                i += 1;
                while toks.get(i).is_some_and(|t| filler(t)) {
                    i += 1;
                }
                if !toks.get(i).is_some_and(|t| t.is("bang")) {
                    return None;
                }
                i += 1;
                while toks.get(i).is_some_and(|t| filler(t)) {
                    i += 1;
                }
                let Some(Tok::Quote(b)) = toks.get(i) else {
                    return None;
                };
                i += 1;
                pairs.push((quote_text(*a)?, Some(quote_text(*b)?)));
                // `, cụm từ “C” bằng cụm từ “D”`
                while toks
                    .get(i)
                    .is_some_and(|t| matches!(t, Tok::Comma) || t.is("va") || filler(t))
                {
                    i += 1;
                }
            }
            (!pairs.is_empty()).then_some((Kind::ReplacePhrase, pairs, tai, None))
        }
        Verb::Repeal => {
            let mut pairs = Vec::new();
            while let Some(t) = toks.get(i) {
                match t {
                    Tok::Quote(a) => pairs.push((quote_text(*a)?, None)),
                    Tok::Comma => {}
                    t if t.is("va") || filler(t) => {}
                    _ => break,
                }
                i += 1;
            }
            (!pairs.is_empty()).then_some((Kind::RepealPhrase, pairs, tai, None))
        }
        Verb::Insert => {
            let Some(Tok::Quote(new)) = toks.get(i) else {
                return None;
            };
            i += 1;
            if !toks.get(i).is_some_and(|t| t.is("vao")) {
                return None;
            }
            i += 1;
            let place = if toks.get(i).is_some_and(|t| t.is("sau")) {
                Place::After
            } else if toks.get(i).is_some_and(|t| t.is("truoc")) {
                Place::Before
            } else {
                return None;
            };
            i += 1;
            while toks.get(i).is_some_and(|t| filler(t)) {
                i += 1;
            }
            let Some(Tok::Quote(anchor)) = toks.get(i) else {
                return None;
            };
            Some((
                Kind::InsertPhrase,
                vec![(quote_text(*anchor)?, Some(quote_text(*new)?))],
                tai,
                Some(place),
            ))
        }
        Verb::Replace => None,
    }
}

/// At most 200 characters of `s`, on one line.
pub(super) fn excerpt(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= 200 {
        one
    } else {
        let cut: String = one.chars().take(199).collect();
        format!("{cut}…")
    }
}
