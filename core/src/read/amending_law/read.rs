//! An amending law's text to its [`AmendingLaw`]: see the module docs of [`super`].

use crate::read::citations::CitationFinder;
use crate::read::cut::cut_with_frame;
use crate::store::unit::CutUnit;
use crate::text::doc_code::normalize_doc_code;
use crate::text::fold::fold;
use crate::text::vocabulary::{default_vocabularies, Vocabulary};

use super::clause::{self, excerpt, Around, Reading};
use super::dates::{self, Commencement};
use super::fragment;
use super::{AmendedLaw, AmendingLaw, Instruction, Kind, Part, SourceSpan, Unreadable};

/// Reads the amending law `text`, published as `doc_code`, cut with `vocabulary` (Vietnamese:
/// the forms are Vietnamese drafting forms). Never fails: what cannot be read is in
/// [`AmendingLaw::unreadable`].
pub fn read_amending_law(original: &str, doc_code: &str, vocabulary: &Vocabulary) -> AmendingLaw {
    // Instructions run together on one line are put on lines of their own: the same bytes but a
    // space turned into a line break, so offsets hold; lines are told as the text given has them.
    let prepared = instructions_on_their_lines(original);
    let mut law = read_prepared(&prepared, doc_code, vocabulary);
    if prepared != original {
        let lines = LineIndex::new(original);
        for i in &mut law.instructions {
            i.span.line = lines.line_of(i.span.start);
            i.span.end_line = lines.line_of(i.span.end.saturating_sub(1)).max(i.span.line);
        }
        for u in &mut law.unreadable {
            if u.line > 0 {
                u.line = lines.line_of(u.offset);
            }
        }
    }
    law
}

/// `1. Bãi bỏ khoản 3 Điều 13. 2. Sửa đổi khoản 1 Điều 6 như sau: "1. …" 3. Bãi bỏ …`: a
/// numbered (`2.`) or lettered (`b)`) provision that opens with an amending verb after the end of
/// a sentence or a quotation, outside any quotation, starts a line of its own. The space before it
/// becomes a line break (same length, so every byte offset is unchanged).
fn instructions_on_their_lines(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut open = 0i32;
        let mut ascii_open = false;
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            match c {
                '“' => open += 1,
                '”' => open = (open - 1).max(0),
                '"' => ascii_open = !ascii_open,
                ' ' if open == 0 && !ascii_open && k > 0 => {
                    let before = chars[..k].iter().rev().map(|(_, c)| *c).find(|c| *c != ' ');
                    let ends = before.is_some_and(|b| matches!(b, '.' | ';' | ':' | '”' | '"'));
                    if ends && starts_instruction(&line[i + 1..]) {
                        bytes[offset + i] = b'\n';
                    }
                }
                _ => {}
            }
        }
        offset += line.len();
    }
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
}

/// `2. Sửa đổi …`, `b) Bãi bỏ …`: a provision's number, then an amending verb.
fn starts_instruction(rest: &str) -> bool {
    let at = match rest.chars().next() {
        Some(c) if c.is_ascii_digit() => {
            let d = rest.bytes().take_while(u8::is_ascii_digit).count();
            rest[d..].starts_with(". ").then_some(d + 2)
        }
        Some(c) if c.is_lowercase() => rest[c.len_utf8()..]
            .starts_with(") ")
            .then_some(c.len_utf8() + 2),
        _ => None,
    };
    at.is_some_and(|at| {
        let f = fold(&rest[at..]);
        opens_with_amending_verb(&rest[at..])
            || ["bo cum", "bo tu"].iter().any(|v| f.starts_with(v))
    })
}

/// Whether words open with a verb of amendment: `Sửa đổi`, `Bổ sung`, `Bãi bỏ`, `Thay thế`, `Thay cụm từ`.
fn opens_with_amending_verb(words: &str) -> bool {
    let f = fold(words.trim_start());
    ["sua ddoi", "bo sung", "bai bo", "thay the", "thay cum"]
        .iter()
        .any(|v| f.starts_with(v))
}

fn read_prepared(text: &str, doc_code: &str, vocabulary: &Vocabulary) -> AmendingLaw {
    let (cut, frame) = cut_with_frame(text, doc_code, vocabulary);
    let doc = normalize_doc_code(doc_code).unwrap_or_default();
    let mut law = AmendingLaw {
        doc: doc.clone(),
        doc_code: doc_code.to_owned(),
        adopted: None,
        in_force: None,
        laws: Vec::new(),
        instructions: Vec::new(),
        unreadable: Vec::new(),
    };
    if doc.is_empty() {
        law.unreadable.push(Unreadable {
            code: "invalid-doc-code".into(),
            provision: String::new(),
            line: 0,
            offset: 0,
            text: doc_code.to_owned(),
            reason: format!("'{doc_code}' is not a document code"),
            hint: "give the amending law's number as published, e.g. 57/2024/QH15".into(),
        });
        return law;
    }
    let preamble = frame.preamble.as_ref().map_or("", |p| p.text.as_str());
    let closing = frame.closing.as_ref().map_or("", |p| p.text.as_str());
    law.adopted = dates::adopted(closing)
        .or_else(|| dates::adopted(preamble))
        .or_else(|| dates::adopted(text));
    let named = named_codes(preamble);
    let finder = CitationFinder::new(default_vocabularies()).units_only();
    let lines = LineIndex::new(text);
    let tree = Tree::new(&cut.units);
    let mut rules: Vec<Commencement> = Vec::new();
    let mut reader = Reader {
        text,
        vocabulary,
        finder: &finder,
        lines: &lines,
        tree: &tree,
        law: &mut law,
    };
    for &article in &tree.of_type("dieu") {
        let unit = &cut.units[article];
        let lead = lead_sentence(unit.heading.as_deref().unwrap_or(""), &unit.body);
        if let Some(amended) = reader.amended_law(article, &lead, &named) {
            let index = reader.law.laws.len();
            let slug = amended.slug.clone();
            reader.law.laws.push(amended);
            // The heading is read with the body: `Điều 1. Sửa đổi, bổ sung Điều 1 của Thông tư số
            // 09/2022/TT-BLĐTBXH … như sau: “…”` is itself an instruction.
            let heading = unit.heading.clone().unwrap_or_default();
            reader.walk(article, index, slug.as_deref(), None, Some(heading));
        } else {
            // Commencement and transition: their dates; and a clause among them that repeals or
            // amends a document it names by code (`1. Bãi bỏ Điều 17 … Thông tư số 07/2023/TT-…`).
            for &c in &tree.children[article] {
                let (words, _) = split_words(&cut.units[c].body);
                // Another document than this one, named by code after an amending verb.
                let Some(code) = code_in(words).filter(|code| {
                    opens_with_amending_verb(words)
                        && normalize_doc_code(code).is_ok_and(|o| o != doc)
                }) else {
                    continue;
                };
                let Some((index, own)) = reader.law_for_code(&code, words, c) else {
                    continue;
                };
                reader.walk(c, index, Some(&own), None, None);
            }
            let own = tree.text_of(article);
            rules.extend(dates::commencements(
                &own,
                &doc,
                &finder,
                reader.law.adopted.as_deref(),
            ));
        }
    }
    // A provision the cut could not place (a point lettered twice) is an instruction nobody read.
    for d in cut
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::text::diagnostic::Severity::Error)
    {
        let line_text = text
            .lines()
            .nth((d.line as usize).saturating_sub(1))
            .unwrap_or("");
        law.unreadable.push(Unreadable {
            code: format!("cut-{}", d.code),
            provision: String::new(),
            line: d.line,
            offset: d.offset,
            text: excerpt(line_text),
            reason: format!("the amending law's text: {}", d.message),
            hint: d.hint.clone(),
        });
    }
    law.in_force = rules
        .iter()
        .find(|r| r.provisions.is_empty())
        .map(|r| r.date.clone());
    for i in &mut law.instructions {
        let path = i.id.split('#').next().unwrap_or("");
        i.effective = dates::date_of(path, &rules);
    }
    law
}

struct Reader<'a> {
    text: &'a str,
    vocabulary: &'a Vocabulary,
    finder: &'a CitationFinder<'a>,
    lines: &'a LineIndex,
    tree: &'a Tree<'a>,
    law: &'a mut AmendingLaw,
}

impl Reader<'_> {
    /// The law an article amends, or `None` when its heading is not an amendment.
    fn amended_law(
        &self,
        article: usize,
        heading: &str,
        named: &[(String, String)],
    ) -> Option<AmendedLaw> {
        if !opens_with_amending_verb(heading) {
            return None;
        }
        let path = self.tree.path(article);
        // By code in the heading, by name (looked up in the preamble), or the only law the preamble names.
        if let Some(code) = code_in(heading) {
            return Some(AmendedLaw {
                name: heading_name(heading).unwrap_or_else(|| code.clone()),
                slug: normalize_doc_code(&code).ok(),
                doc_code: Some(code),
                article: path,
            });
        }
        // `… của các Thông tư do Bộ trưởng … ban hành`: several documents, each named below.
        let name = if names_several(heading) {
            several_name(heading)
        } else {
            heading_name(heading)
        };
        if let Some(name) = &name {
            let words = words_of(name);
            if let Some((_, code)) = named.iter().find(|(n, _)| words_of(n) == words) {
                return Some(AmendedLaw {
                    name: name.clone(),
                    slug: normalize_doc_code(code).ok(),
                    doc_code: Some(code.clone()),
                    article: path,
                });
            }
        }
        // `… của các luật có liên quan`: each instruction names its own law (see `walk`).
        let only = (named.len() == 1 && !name.as_deref().is_some_and(names_several))
            .then(|| named[0].clone());
        Some(AmendedLaw {
            name: name
                .clone()
                .or(only.as_ref().map(|(n, _)| n.clone()))
                .unwrap_or_else(|| heading.to_owned()),
            slug: only.as_ref().and_then(|(_, c)| normalize_doc_code(c).ok()),
            doc_code: only.map(|(_, c)| c),
            article: path,
        })
    }

    /// Reads `unit` and everything under it; `context` is the path its relative citations resolve against.
    fn walk(
        &mut self,
        unit: usize,
        law_index: usize,
        slug: Option<&str>,
        context: Option<String>,
        heading: Option<String>,
    ) {
        let u = &self.tree.units[unit];
        let children = self.tree.children[unit].clone();
        let mut context = context;
        // An article amending "the laws concerned" (a code's or a law's final article): a provision
        // that names a law by its code amends that law, with everything under it.
        let law = &self.law.laws[law_index];
        if heading.is_none() && law.slug.is_none() && names_several(&law.name) {
            let (words, _) = split_words(&u.body);
            if let Some((index, own)) =
                code_in(words).and_then(|code| self.law_for_code(&code, words, unit))
            {
                return self.walk(unit, index, Some(&own), context, None);
            }
        }
        let with_heading = heading.map(|h| joined(&h, &u.body));
        let body = with_heading.as_deref().unwrap_or(u.body.as_str());
        let (words, tail) = split_words(body);
        let words_trimmed = words.trim();
        if !words_trimmed.is_empty() {
            let doc = slug.unwrap_or("van-ban-duoc-sua-doi");
            let around = Around {
                finder: self.finder,
                doc,
                context: context.as_deref(),
                vocabulary: self.vocabulary,
            };
            let noted = without_site_notes(words);
            let words = noted.as_str();
            match clause::read(words, &around) {
                Ok(Reading::Instructions(drafts))
                    if !children.is_empty()
                        && tail.trim().is_empty()
                        && drafts
                            .iter()
                            .all(|d| d.kind == Kind::Replace && d.part == Part::Heading)
                        && children
                            .iter()
                            .all(|&c| opens_with_quote(&self.tree.units[c].body)) =>
                {
                    // `3. Sửa đổi, bổ sung tên Điều 5, Điều 6 … như sau:` over points that each
                    // quote one new heading (`a) “Điều 5. …”;`): each point renames the unit it quotes.
                    let targets: Vec<String> =
                        drafts.iter().flat_map(|d| d.targets.clone()).collect();
                    for &c in &children {
                        self.rename_from_quote(c, law_index, slug, words, &targets);
                    }
                    return;
                }
                Ok(Reading::Context(c)) => {
                    if c.is_some() {
                        context = c;
                    }
                }
                Ok(Reading::Instructions(drafts))
                    if !children.is_empty()
                        && tail.trim().is_empty()
                        && drafts.iter().all(|d| matches!(d.kind, Kind::Replace)) =>
                {
                    // `16. Sửa đổi, bổ sung điểm b và điểm đ khoản 1 Điều 45 như sau:` over points that
                    // each amend one of them: the context is the one unit, or the unit above them all.
                    let targets: Vec<&String> =
                        drafts.iter().flat_map(|d| d.targets.iter()).collect();
                    context = match targets.as_slice() {
                        [one] => Some((*one).clone()),
                        many => common_parent(many),
                    };
                }
                Ok(Reading::Instructions(drafts)) => {
                    self.record(unit, law_index, slug, words, tail, drafts)
                }
                Err(p)
                    if matches!(p.code, "unknown-form" | "no-target")
                        && names_an_appendix(words) =>
                {
                    // Over points that each change one form, it is their context, not an instruction.
                    if children.is_empty() {
                        self.unreadable(
                            unit,
                            "appendix-not-a-unit",
                            words,
                            0,
                            "it changes a form or an appendix (Mẫu số …, Phụ lục …), which is text after the provisions, not a unit".into(),
                            "change the appendix in the document's text by hand, then preview the cut of that text".into(),
                        );
                    }
                }
                Err(p) => self.unreadable(unit, p.code, words, p.at, p.reason, p.hint),
            }
        }
        for c in children {
            self.walk(c, law_index, slug, context.clone(), None);
        }
    }

    fn record(
        &mut self,
        unit: usize,
        law_index: usize,
        slug: Option<&str>,
        words: &str,
        tail: &str,
        drafts: Vec<clause::Draft>,
    ) {
        let needs_text = drafts
            .iter()
            .filter(|d| matches!(d.kind, Kind::Replace | Kind::Insert))
            .count();
        // The quoted new text, shared by the clauses that replace or insert units, each taking its units.
        let mut shared: Option<(String, Vec<fragment::Piece>)> = None;
        if needs_text > 0 {
            match fragment::quoted(tail) {
                Ok(text) => match fragment::pieces(&text, self.vocabulary) {
                    Ok(p) => shared = Some((text, p)),
                    Err(reason) => {
                        self.unreadable(unit, "unreadable-new-text", words, 0, reason, "the quoted text must be units of the amended law's vocabulary (Điều 5. …, 1. …, a) …)".into());
                        return;
                    }
                },
                Err(reason) => {
                    let hint = "quote the new text after 'như sau:' (“…”); tables and appendices are not units and are applied by hand".to_owned();
                    self.unreadable(unit, "no-new-text", words, 0, reason, hint);
                    return;
                }
            }
        }
        let path = self.tree.path(unit);
        let provision = self.tree.provision(unit, self.vocabulary);
        let span = self.span(unit);
        let several = drafts.len() > 1;
        let mut claimed = vec![false; shared.as_ref().map_or(0, |(_, p)| p.len())];
        let mut failed = false;
        for (n, d) in drafts.into_iter().enumerate() {
            let new_text = match (&shared, d.kind) {
                (Some((text, pieces)), Kind::Replace | Kind::Insert) => {
                    match take_pieces(text, pieces, &d, needs_text, self.vocabulary, &mut claimed) {
                        Ok(t) => Some(t),
                        Err(reason) => {
                            self.unreadable(
                                unit,
                                "new-text-mismatch",
                                words,
                                d.start,
                                reason,
                                "the quoted units must be the ones the instruction names".into(),
                            );
                            failed = true;
                            continue;
                        }
                    }
                }
                _ => d.new_text.clone(),
            };
            let id = if several {
                format!("{path}#{}", n + 1)
            } else {
                path.clone()
            };
            self.law.instructions.push(Instruction {
                id,
                provision: provision.clone(),
                kind: d.kind,
                part: d.part,
                law: slug.map(str::to_owned),
                law_index,
                targets: d.targets,
                anchor: d.anchor,
                place: d.place,
                old_text: d.old_text,
                new_text,
                effective: None,
                words: excerpt(&words[d.start..d.end]),
                span,
            });
        }
        if let (Some((text, pieces)), false) = (&shared, failed) {
            if let Some(i) = claimed.iter().position(|c| !c) {
                let p = &pieces[i];
                let line = text.lines().nth(p.lines.0).unwrap_or("");
                self.unreadable(
                    unit,
                    "new-text-unclaimed",
                    words,
                    0,
                    format!(
                        "the quoted text holds '{}', which no instruction of this provision names",
                        excerpt(line)
                    ),
                    "name every quoted unit in the instruction, or quote only the units it names"
                        .into(),
                );
            }
        }
    }

    /// The law a provision names by `code` (with its slug): one of [`AmendingLaw::laws`], added
    /// (named as the words name it, cited at `unit`) the first time.
    fn law_for_code(&mut self, code: &str, words: &str, unit: usize) -> Option<(usize, String)> {
        let own = normalize_doc_code(code).ok()?;
        let laws = &mut self.law.laws;
        let index = match laws
            .iter()
            .position(|l| l.slug.as_deref() == Some(own.as_str()))
        {
            Some(i) => i,
            None => {
                laws.push(AmendedLaw {
                    name: law_name_before(words, code).unwrap_or_else(|| code.to_owned()),
                    doc_code: Some(code.to_owned()),
                    slug: Some(own.clone()),
                    article: self.tree.path(unit),
                });
                laws.len() - 1
            }
        };
        Some((index, own))
    }

    /// One point of a list of new headings: the unit its quotation names, among `targets`.
    fn rename_from_quote(
        &mut self,
        point: usize,
        law_index: usize,
        slug: Option<&str>,
        words: &str,
        targets: &[String],
    ) {
        let body = self.tree.units[point].body.clone();
        let named = fragment::quoted(&body)
            .ok()
            .and_then(|t| fragment::pieces(&t, self.vocabulary).ok())
            .and_then(|p| p.first().map(|p| p.segment(self.vocabulary)));
        let target = named.as_deref().and_then(|seg| {
            targets
                .iter()
                .find(|t| t.rsplit('/').next() == Some(seg))
                .cloned()
        });
        match target {
            Some(t) => {
                let draft = clause::Draft {
                    kind: Kind::Replace,
                    part: Part::Heading,
                    targets: vec![t],
                    anchor: None,
                    place: None,
                    old_text: None,
                    new_text: None,
                    start: 0,
                    end: words.len(),
                };
                self.record(point, law_index, slug, words, &body, vec![draft]);
            }
            None => self.unreadable(
                point,
                "new-text-mismatch",
                &body,
                0,
                format!(
                    "the quoted heading names {}, which is none of the units the provision above renames",
                    named.unwrap_or_else(|| "no unit".into())
                ),
                "quote each new heading with its unit's number (“Điều 5. …”)".into(),
            ),
        }
    }

    fn span(&self, unit: usize) -> SourceSpan {
        let u = &self.tree.units[unit];
        let next_line = self
            .tree
            .next_line(unit)
            .unwrap_or(u32::try_from(self.lines.starts.len()).unwrap_or(u32::MAX) + 1);
        let end_line = next_line.saturating_sub(1).max(u.line);
        SourceSpan {
            line: u.line,
            end_line,
            start: self.lines.offset(u.line),
            end: self.lines.end(end_line),
        }
    }

    fn unreadable(
        &mut self,
        unit: usize,
        code: &str,
        words: &str,
        at: usize,
        reason: String,
        hint: String,
    ) {
        let u = &self.tree.units[unit];
        let line_start = self.lines.offset(u.line);
        // The words as they are in the text: find their first characters from the unit's line on.
        let probe: String = words[at.min(words.len())..].chars().take(24).collect();
        let offset = self.text[line_start..]
            .find(probe.trim())
            .map_or(line_start, |r| line_start + r);
        let line = self.lines.line_of(offset);
        self.law.unreadable.push(Unreadable {
            code: code.into(),
            provision: self.tree.provision(unit, self.vocabulary),
            line,
            offset,
            text: excerpt(&words[at.min(words.len())..]),
            reason,
            hint,
        });
    }
}

/// The pieces of the quoted text a draft names (all of them when it is the only draft that takes
/// text and names one unit, or names exactly them), joined as text.
fn take_pieces(
    text: &str,
    pieces: &[fragment::Piece],
    d: &clause::Draft,
    needs_text: usize,
    vocabulary: &Vocabulary,
    claimed: &mut [bool],
) -> Result<String, String> {
    if pieces.is_empty() {
        // Plain words: the heading or intro of one unit, or words a table row holds.
        if needs_text == 1 && d.part != Part::Whole {
            claimed.iter_mut().for_each(|c| *c = true);
            return Ok(text.to_owned());
        }
        return Err("the quoted text starts with no unit heading (Điều …, 1., a)), so it cannot replace or add units".into());
    }
    let mut picked = Vec::new();
    for target in &d.targets {
        let last = target.rsplit('/').next().unwrap_or("");
        match pieces.iter().position(|p| p.segment(vocabulary) == last) {
            Some(i) => picked.push(i),
            None => {
                return Err(format!(
                    "the instruction names '{last}' but the quoted text has {}",
                    pieces
                        .iter()
                        .map(|p| p.segment(vocabulary))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
    }
    picked.sort_unstable();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for i in picked {
        claimed[i] = true;
        let (a, b) = pieces[i].lines;
        out.extend(
            lines
                .get(a..=b.min(lines.len().saturating_sub(1)))
                .unwrap_or(&[])
                .iter()
                .copied(),
        );
    }
    Ok(out.join("\n"))
}

/// A unit's words (up to and with `như sau:`) and the rest (the quoted new text).
fn split_words(body: &str) -> (&str, &str) {
    let (folded, at) = folded_with_offsets(body);
    let Some(f) = folded.find("nhu sau") else {
        return (body, "");
    };
    // The original byte after `sau`: the offset of the first folded byte past it.
    let mut idx = at.get(f + "nhu sau".len()).copied().unwrap_or(body.len());
    let rest = &body[idx..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    if let Some(r) = trimmed.strip_prefix(':') {
        idx = body.len() - r.len();
    }
    (&body[..idx], &body[idx..])
}

/// `s` folded, and for each folded byte the byte offset of the original character it came from.
pub(super) fn folded_with_offsets(s: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(s.len());
    let mut at = Vec::with_capacity(s.len());
    for (offset, c) in crate::text::fold::fold_with_offsets(s) {
        folded.push(c);
        at.extend(std::iter::repeat_n(offset, c.len_utf8()));
    }
    (folded, at)
}

/// The longest path all of `paths` sit under (`dieu-45/khoan-1` for its points b and đ).
fn common_parent(paths: &[&String]) -> Option<String> {
    let first: Vec<&str> = paths.first()?.split('/').collect();
    let mut n = first.len().saturating_sub(1);
    for p in &paths[1..] {
        let segs: Vec<&str> = p.split('/').collect();
        n = n
            .min(first.iter().zip(&segs).take_while(|(a, b)| a == b).count())
            .min(segs.len().saturating_sub(1));
    }
    (n > 0).then(|| first[..n].join("/"))
}

/// Codes named in the preamble with the law's name: `Luật Quy hoạch số 21/2017/QH14` →
/// (`Luật Quy hoạch`, `21/2017/QH14`).
fn named_codes(preamble: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let words: Vec<&str> = preamble.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        let Some(code) = as_code(w) else { continue };
        // Back to `số`, then back to the start of a name (Luật, Bộ luật, Nghị định, …).
        if i == 0 || fold(words[i - 1]) != "so" {
            continue;
        }
        let mut start = None;
        for j in (i.saturating_sub(14)..i - 1).rev() {
            let f = fold(words[j]);
            if matches!(f.as_str(), "luat" | "nghi" | "thong" | "phap" | "bo")
                && words[j].chars().next().is_some_and(char::is_uppercase)
            {
                start = Some(j);
                if f != "bo" {
                    // `Bộ luật` starts one word earlier.
                    if j > 0 && fold(words[j - 1]) == "bo" {
                        start = Some(j - 1);
                    }
                    break;
                }
            }
        }
        if let Some(s) = start {
            let name = words[s..i - 1].join(" ");
            out.push((name.trim_end_matches([',', ';']).to_owned(), code));
        }
    }
    out
}

/// The words without the notes a site prints inside them (`Sửa đổi, bổ sung [Khoản này được
/// sửa đổi bởi Luật số 5/2019/QH14] khoản 2 Điều 12`): a `[…]` is never law text. Each note
/// becomes spaces of its length, so positions in the words hold.
fn without_site_notes(words: &str) -> String {
    let mut out = String::with_capacity(words.len());
    let mut depth = 0usize;
    for c in words.chars() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => {
                depth -= 1;
                out.push(' ');
                continue;
            }
            _ => {}
        }
        if depth > 0 {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    if depth > 0 {
        // An unclosed `[`: not a note; the words as written.
        return words.to_owned();
    }
    out
}

/// Whether an article's heading names several laws, not one: `các luật có liên quan`,
/// `một số luật`, `các văn bản`.
fn names_several(name: &str) -> bool {
    let f = fold(name);
    [
        "cac luat",
        "mot so luat",
        "co lien quan",
        "cac van ban",
        "cac nghi ddinh",
        "cac thong tu",
        "cac bo luat",
    ]
    .iter()
    .any(|w| f.contains(w))
}

/// Whether a text opens with a quotation mark (curly or straight).
fn opens_with_quote(text: &str) -> bool {
    text.trim_start().starts_with(['“', '"'])
}

/// `Sửa đổi, bổ sung một số điều của các luật có liên quan` → `các luật có liên quan`.
fn several_name(lead: &str) -> Option<String> {
    let words: Vec<&str> = lead.split_whitespace().collect();
    let at = words.iter().position(|w| fold(w) == "cua")?;
    let name = words[at + 1..words.len().min(at + 13)].join(" ");
    let name = name.trim_end_matches([',', ';', '.', ':']).trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Whether the words change a form or an appendix: `Sửa Mẫu số 1 thành Mẫu số 28`, `Thay thế
/// Phụ lục II …`, `Bãi bỏ Mẫu số 01a`.
fn names_an_appendix(words: &str) -> bool {
    let f = fold(words);
    ["mau so", "phu luc", "bieu mau", "cac mau"]
        .iter()
        .any(|w| f.contains(w))
}

/// The name written before a code: `… của Bộ luật Lao động số 45/2019/QH14` → `Bộ luật Lao động`.
fn law_name_before(words: &str, code: &str) -> Option<String> {
    let before = &words[..words.find(code)?];
    let name = heading_name(before.trim_end().trim_end_matches("số").trim_end())?;
    Some(name)
}

/// An article's heading and the words of its body up to `như sau:`, as one sentence: a heading
/// the text wrapped (`Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 12/2016/TT-` /
/// `BLĐTBXH ngày …`), or a `Điều 1.` alone on its line whose next line says which law
/// (`Sửa đổi, bổ sung một số điều của Luật điện lực như sau:`), names the law in it.
fn lead_sentence(heading: &str, body: &str) -> String {
    let (words, _) = split_words(body);
    // Only the body's first paragraph: the clauses under it start on lines of their own.
    let first = words.split("\n\n").next().unwrap_or("");
    joined(heading, first)
}

/// Two pieces of one sentence: `TT-` + `BLĐTBXH` is one code, other pieces are joined by a space.
fn joined(a: &str, b: &str) -> String {
    let a = a.trim_end();
    let b = b.trim_start();
    if a.is_empty() {
        return b.to_owned();
    }
    if b.is_empty() {
        return a.to_owned();
    }
    if a.ends_with('-') && b.chars().next().is_some_and(char::is_uppercase) {
        format!("{a}{b}")
    } else {
        format!("{a} {b}")
    }
}

/// A document code (`21/2017/QH14`, `214/2025/NĐ-CP`) with its punctuation trimmed.
fn as_code(word: &str) -> Option<String> {
    let w = word.trim_matches(|c: char| matches!(c, ',' | ';' | '.' | ':' | '(' | ')'));
    let parts: Vec<&str> = w.split('/').collect();
    let ok = parts.len() >= 3
        && parts[0].chars().all(|c| c.is_ascii_digit())
        && !parts[0].is_empty()
        && parts[1].len() == 4
        && parts[1].chars().all(|c| c.is_ascii_digit())
        && parts[2..]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '-'));
    ok.then(|| w.to_owned())
}

/// The first document code in `s`.
fn code_in(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.iter().enumerate().find_map(|(i, w)| {
        // `02/2024/TT- BLĐTBXH`: a code broken at its hyphen by the line it wrapped on.
        match words.get(i + 1) {
            Some(next)
                if w.ends_with('-') && next.chars().next().is_some_and(char::is_uppercase) =>
            {
                as_code(&format!("{w}{next}"))
            }
            _ => as_code(w),
        }
    })
}

/// The name after `của` in an amending article's heading: `… của Luật Quy hoạch` → `Luật Quy hoạch`.
fn heading_name(heading: &str) -> Option<String> {
    let words: Vec<&str> = heading.split_whitespace().collect();
    // The first `của` before a document's kind (`của Luật …`, `của Thông tư …`): a lead sentence
    // goes on (`… của Bộ trưởng …`) after the name.
    // `Bộ luật`, not `Bộ trưởng`.
    let kind = |i: usize| {
        let Some(w) = words.get(i) else { return false };
        let f = fold(w);
        let bo_luat = f == "bo" && words.get(i + 1).is_some_and(|n| fold(n) == "luat");
        (bo_luat || matches!(f.as_str(), "luat" | "nghi" | "thong" | "phap" | "quyet"))
            && w.chars().next().is_some_and(char::is_uppercase)
    };
    let at = (0..words.len())
        .find(|&i| fold(words[i]) == "cua" && kind(i + 1))
        .or_else(|| words.iter().rposition(|w| fold(w) == "cua"))?;
    let mut name: Vec<&str> = Vec::new();
    for (k, w) in words[at + 1..].iter().enumerate() {
        let f = fold(w);
        let nhu_sau = f == "nhu"
            && words
                .get(at + 2 + k)
                .is_some_and(|n| fold(n).starts_with("sau"));
        if f == "so" || f == "ngay" || nhu_sau || as_code(w).is_some() {
            break;
        }
        name.push(w);
    }
    let name = name.join(" ");
    let name = name.trim_end_matches([',', ';', '.', ':']).trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// The folded words of a name, for comparing names and titles.
pub(crate) fn words_of(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether a law named `name` (`Luật Quy hoạch`) is the document titled with `title_words`:
/// every word of the name after its kind (`luật`) is in the title, in order.
pub(super) fn names_title(name: &str, title_words: &[String]) -> bool {
    let words = words_of(name);
    let skip = match words.first().map(String::as_str) {
        Some("bo") => 2,
        Some("nghi" | "thong" | "phap") => 2,
        Some("luat") => 1,
        _ => 0,
    };
    let wanted = &words[skip.min(words.len())..];
    if wanted.is_empty() {
        return false;
    }
    title_words.windows(wanted.len()).any(|w| w == wanted)
}

/// Line starts of a text, for byte offsets.
struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = crate::text::bytes::line_starts(text);
        Self {
            starts,
            len: text.len(),
        }
    }
    fn offset(&self, line: u32) -> usize {
        self.starts
            .get((line as usize).saturating_sub(1))
            .copied()
            .unwrap_or(self.len)
    }
    fn end(&self, line: u32) -> usize {
        self.starts
            .get(line as usize)
            .map_or(self.len, |s| s.saturating_sub(1))
    }
    fn line_of(&self, offset: usize) -> u32 {
        u32::try_from(self.starts.partition_point(|&s| s <= offset)).unwrap_or(u32::MAX)
    }
}

/// The amending law's cut as a tree.
struct Tree<'a> {
    units: &'a [CutUnit],
    children: Vec<Vec<usize>>,
}

impl<'a> Tree<'a> {
    fn new(units: &'a [CutUnit]) -> Self {
        let mut children = vec![Vec::new(); units.len()];
        for (i, u) in units.iter().enumerate() {
            if let Some(p) = u.parent {
                if p < units.len() {
                    children[p].push(i);
                }
            }
        }
        Self { units, children }
    }
    /// The units of one section type, in document order.
    fn of_type(&self, code: &str) -> Vec<usize> {
        (0..self.units.len())
            .filter(|&i| self.units[i].section_type == code)
            .collect()
    }
    /// The unit's address under the amending law: `dieu-1/khoan-4/diem-a`.
    fn path(&self, i: usize) -> String {
        let a = &self.units[i].canonical_address;
        a.split_once('/')
            .map_or(String::new(), |(_, p)| p.to_owned())
    }
    /// `Điều 1 khoản 4 điểm a`.
    fn provision(&self, i: usize, vocabulary: &Vocabulary) -> String {
        let mut chain = vec![i];
        while let Some(p) = self.units[*chain.last().unwrap_or(&i)].parent {
            if self.units[p].section_type == "chuong"
                || self.units[p].section_type == "muc"
                || self.units[p].section_type == "phan"
            {
                break;
            }
            chain.push(p);
        }
        chain
            .iter()
            .rev()
            .enumerate()
            .map(|(n, &u)| {
                let unit = &self.units[u];
                let label = vocabulary
                    .by_code(&unit.section_type)
                    .map_or(unit.section_type.as_str(), |t| t.label.as_str());
                let label = if n == 0 {
                    label.to_owned()
                } else {
                    lower_first(label)
                };
                let ordinal = if unit.ordinal == "dd" {
                    "đ".to_owned()
                } else {
                    unit.ordinal.replace("dd", "đ")
                };
                format!("{label} {ordinal}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
    /// The bodies of a unit's subtree, one per line (for commencement sentences).
    fn text_of(&self, i: usize) -> String {
        let mut out = String::new();
        let mut stack = vec![i];
        while let Some(u) = stack.pop() {
            out.push_str(&self.units[u].body);
            out.push('\n');
            stack.extend(self.children[u].iter().rev());
        }
        out
    }
    /// The line of the unit after `i`'s subtree.
    fn next_line(&self, i: usize) -> Option<u32> {
        let mut last = i;
        while let Some(&c) = self.children[last].last() {
            last = c;
        }
        self.units.get(last + 1).map(|u| u.line)
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
