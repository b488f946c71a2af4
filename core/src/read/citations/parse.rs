//! Reads one citation starting at a token: chains of labelled levels joined by
//! separators, then an optional document tail. Never allocates on words that start nothing.

use crate::text::doc_code::normalize_doc_code;
use crate::text::fold::fold;
use crate::text::ordinal::normalize_ordinal;
use crate::text::vocabulary::{OrdinalStyle, SectionType, Vocabulary};

use super::lexer::{Keywords, Kind, Token, NONE};

mod us;
mod words;
use words::{ends_vietnamese_title, is_doc_code, is_year, starts_uppercase, written_is};

pub(super) use us::is_us_code_title;

/// Most numbers or letters a written range (`từ Điều 3 đến Điều 500`) is expanded to.
pub const MAX_RANGE: usize = 500;

/// How far the document tail may run after the last cited level, in tokens.
/// Words a document's name may have between its type and `số <code>` (`Luật Quản lý, sử dụng tài sản công`).
const MAX_NAME_WORDS: usize = 16;
const MAX_TAIL: usize = 12;

use crate::text::doc_code::DOCUMENT_TYPES;
/// Vietnamese number words that may follow `thứ` in a spelled ordinal (`thứ hai mươi mốt`).
const NUMBER_WORDS: &[&str] = &[
    "một", "mốt", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy", "tám", "chín", "nhất",
    "mười", "mươi",
];

/// Ids of the fixed words of the grammar.
struct Ids {
    plural: [u16; 2],
    from: u16,
    until: [u16; 4],
    to_end: u16,
    this_vi: u16,
    this_en: u16,
    thu: u16,
    numbers: Vec<u16>,
    conjunctions: [u16; 8],
    level_links: [u16; 4],
    doc_links: [u16; 12],
    /// `the`, `that`: a document named in English (`the Companies Act 2006`, `that Act`).
    the: [u16; 2],
    no: u16,
    number_word: u16,
}

/// A section label as words: `Tiểu mục` is two, `Điều`, `dieu` and `sections` one each.
struct Label<'v> {
    words: Vec<u16>,
    vocab: usize,
    section: &'v SectionType,
    /// A short form (`paragraph` for `Schedule paragraph`): tried after the labels that are
    /// written that way in full.
    short: bool,
}

/// Everything the scanner matches, folded and interned once per set of vocabularies.
pub(super) struct Grammar<'v> {
    pub vocabs: &'v [Vocabulary],
    pub keywords: Keywords,
    labels: Vec<Label<'v>>,
    /// Label indexes by the id of their first word, longest label first.
    by_first: Vec<Vec<usize>>,
    doc_types: Vec<Vec<u16>>,
    /// The first words of `doc_types`, sorted: a document may be cited alone (`Luật này`).
    doc_firsts: Vec<u16>,
    ids: Ids,
    /// The US Code and public-law forms, when a vocabulary with id `us` is loaded.
    pub(super) us: Option<us::UsForms<'v>>,
}

fn intern_all<const N: usize>(k: &mut Keywords, words: [&str; N]) -> [u16; N] {
    words.map(|w| k.intern(&fold(w)))
}

impl<'v> Grammar<'v> {
    pub fn new(vocabs: &'v [Vocabulary]) -> Self {
        let mut k = Keywords::new();
        let ids = Ids {
            plural: intern_all(&mut k, ["các", "những"]),
            from: k.intern("tu"),
            until: intern_all(&mut k, ["đến", "tới", "to", "through"]),
            to_end: k.intern("het"),
            this_vi: k.intern("nay"),
            this_en: k.intern("this"),
            thu: k.intern("thu"),
            numbers: NUMBER_WORDS.iter().map(|w| k.intern(&fold(w))).collect(),
            conjunctions: intern_all(
                &mut k,
                ["và", "hoặc", "hay", "và/hoặc", "and", "or", "and/or", "nor"],
            ),
            level_links: intern_all(&mut k, ["của", "thuộc", "of", "in"]),
            doc_links: intern_all(
                &mut k,
                [
                    "của", "tại", "thuộc", "số", "of", "in", "under", "the", "no", "that", "said",
                    "to",
                ],
            ),
            the: intern_all(&mut k, ["the", "that"]),
            no: k.intern("no"),
            number_word: k.intern("so"),
        };
        let doc_types: Vec<Vec<u16>> = DOCUMENT_TYPES
            .iter()
            .map(|t| fold(t).split_whitespace().map(|w| k.intern(w)).collect())
            .collect();
        let mut labels = Vec::new();
        for (vocab, v) in vocabs.iter().enumerate() {
            let whole: Vec<String> = v
                .section_types
                .iter()
                .filter(|t| t.active)
                .map(|t| fold(&t.label))
                .collect();
            for section in v.section_types.iter().filter(|t| t.active) {
                let folded = fold(&section.label);
                if folded.split_whitespace().next().is_none() {
                    continue;
                }
                let mut forms = vec![(folded.clone(), false)];
                // `Schedule paragraph` is written `paragraph` inside a schedule: a label whose
                // first word is another label of the vocabulary also reads as the rest of it.
                if let Some((head, rest)) = folded.split_once(' ') {
                    if whole.iter().any(|w| w == head) {
                        forms.push((rest.trim().to_owned(), true));
                    }
                }
                for (text, short) in forms {
                    let mut spellings = vec![text.clone()];
                    if text.is_ascii() && !text.ends_with('s') {
                        spellings.push(format!("{text}s"));
                    }
                    if !short {
                        spellings.insert(1, section.address_token.clone());
                    }
                    for spelling in spellings {
                        labels.push(Label {
                            words: spelling.split_whitespace().map(|w| k.intern(w)).collect(),
                            vocab,
                            section,
                            short,
                        });
                    }
                }
            }
        }
        let mut by_first: Vec<Vec<usize>> = Vec::new();
        for (i, label) in labels.iter().enumerate() {
            let Some(&first) = label.words.first() else {
                continue;
            };
            let slot = usize::from(first);
            if by_first.len() <= slot {
                by_first.resize(slot + 1, Vec::new());
            }
            if let Some(list) = by_first.get_mut(slot) {
                list.push(i);
            }
        }
        for list in &mut by_first {
            // Longest first, so `Tiểu mục 2` is never read as `Mục`; then vocabulary order,
            // full labels before short forms.
            list.sort_by_key(|&i| {
                labels.get(i).map_or((0, 0, false), |l| {
                    (usize::MAX - l.words.len(), l.vocab, l.short)
                })
            });
        }
        let us = us::UsForms::new(vocabs, &mut k);
        Self {
            vocabs,
            keywords: k,
            labels,
            by_first,
            doc_firsts: {
                // Kept sorted by inserting in place: a sort would add its code to the browser build.
                let mut firsts: Vec<u16> = Vec::new();
                for id in doc_types.iter().filter_map(|t| t.first().copied()) {
                    if let Err(at) = firsts.binary_search(&id) {
                        firsts.insert(at, id);
                    }
                }
                firsts
            },
            doc_types,
            ids,
            us,
        }
    }

    /// Whether a word with this id can start a citation (a label or a word before a label).
    pub fn may_start(&self, id: u16) -> bool {
        id != NONE
            && (self
                .by_first
                .get(usize::from(id))
                .is_some_and(|l| !l.is_empty())
                || self.ids.plural.contains(&id)
                || id == self.ids.from
                || id == self.ids.this_en
                || self.doc_firsts.binary_search(&id).is_ok()
                || self.ids.the.contains(&id)
                || self.us.as_ref().is_some_and(|us| us.may_start(id)))
    }
}

/// One cited unit below its parent: the section type and the canonical ordinal.
pub(super) type Step<'v> = (&'v SectionType, String);

/// A label and what follows it: `khoản 1, 2 và 3` has three items, `section 5(1)(a)` one item
/// of three steps, `Điều này` none (`this`).
#[derive(Clone)]
pub(super) struct Level<'v> {
    pub vocab: usize,
    pub section: &'v SectionType,
    pub this: bool,
    pub items: Vec<Vec<Step<'v>>>,
    /// A range whose ends could not be counted; its two ends are the items.
    pub unexpanded: Option<(String, String)>,
    /// The label as written, for messages.
    pub label: String,
}

/// Levels written one after another (`điểm a khoản 1 Điều 5`), in reading order.
pub(super) struct Chain<'v> {
    pub levels: Vec<Level<'v>>,
}

/// Which document the citation names.
pub(super) enum DocRef {
    /// None: the current document is meant.
    None,
    /// A code, as a slug: `Luật số 45/2019/QH14`.
    Code(String),
    /// `Luật này`, `this Act`.
    This,
    /// A document named without a code: `Luật Đất đai`, `the Companies Act`.
    Unidentified(String),
}

pub(super) struct Parsed<'v> {
    pub chains: Vec<Chain<'v>>,
    pub doc: DocRef,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// Innermost first: `khoản 1 Điều 5`.
    Outward,
    /// Outermost first: `Điều 5, khoản 1`.
    Inward,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Link {
    None,
    Comma,
    Word,
}

pub(super) struct Parser<'a, 'v> {
    pub text: &'a str,
    pub toks: &'a [Token],
    pub g: &'a Grammar<'v>,
    /// The text is a title of the US Code, where `Title 44` alone is another title of the Code.
    pub in_us_code: bool,
    /// Whether documents cited with no unit are read (`CitationFinder::units_only`).
    pub documents: bool,
}

impl<'a, 'v> Parser<'a, 'v> {
    fn tok(&self, i: usize) -> Option<&'a Token> {
        self.toks.get(i)
    }

    fn id(&self, i: usize) -> u16 {
        self.tok(i).map_or(NONE, |t| t.id)
    }

    fn word(&self, i: usize) -> Option<&'a str> {
        let t = self.tok(i)?;
        match t.kind {
            Kind::Word => self.text.get(t.start..t.end),
            Kind::Punct(_) => None,
        }
    }

    fn is_punct(&self, i: usize, c: char) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Punct(c))
    }

    fn span_text(&self, from: usize, to: usize) -> &'a str {
        match (self.tok(from), to.checked_sub(1).and_then(|t| self.tok(t))) {
            (Some(a), Some(b)) if a.start <= b.end => self.text.get(a.start..b.end).unwrap_or(""),
            _ => "",
        }
    }

    /// The label starting at token `i`: its vocabulary, section type and how many tokens it takes.
    fn label_at(&self, i: usize) -> Option<(usize, &'v SectionType, usize)> {
        self.labels_at(i).next()
    }

    /// Whether a label starts at token `i` as it is written, not only folded (`khoán` in `Luật
    /// Chứng khoán` folds to `khoan` but is not `khoản`), and cites: what a name or a title scan
    /// stops at.
    /// A label followed by anything but an ordinal (or `này`, `this`) is prose (`điều ước quốc
    /// tế` in `Luật ký kết, gia nhập và thực hiện điều ước quốc tế`), as the grammar reads it.
    fn label_written_at(&self, i: usize) -> bool {
        self.labels_at(i).any(|(vocab, section, taken)| {
            let next = i + taken;
            let numbered = self.id(next) == self.g.ids.this_vi
                || self.id(next) == self.g.ids.this_en
                || self
                    .word(next)
                    .is_some_and(|w| ordinal_shape(section.ordinal_style, w, false));
            numbered && self.written_as_label(self.span_text(i, next), vocab, section)
        })
    }

    /// Whether token `i` is `số` (or `so`, typed without marks) or an English `No`: the word before
    /// a document's code. Compared as written: `sở`, `sợ` fold to `so` and `nợ`, `nó` to `no`
    /// (`Luật Quản lý nợ công số 29/2009/QH12`).
    fn is_number_word(&self, i: usize) -> bool {
        let id = self.id(i);
        let Some(word) = self.word(i) else {
            return false;
        };
        (id == self.g.ids.number_word && written_is(word, &["số", "so"]))
            || (id == self.g.ids.no && word.is_ascii())
    }

    /// Every label starting at token `i`, in the order they are tried: longest first, then
    /// vocabulary order, full labels before short forms.
    fn labels_at(&self, i: usize) -> impl Iterator<Item = (usize, &'v SectionType, usize)> + '_ {
        let first = self.id(i);
        let candidates = match first {
            NONE => None,
            _ => self.g.by_first.get(usize::from(first)),
        };
        candidates.into_iter().flatten().filter_map(move |&li| {
            let label = self.g.labels.get(li)?;
            let matches = label.words.iter().enumerate().all(|(k, &w)| {
                self.tok(i + k)
                    .is_some_and(|t| t.kind == Kind::Word && t.id == w)
            });
            matches.then_some((label.vocab, label.section, label.words.len()))
        })
    }

    fn starts_level(&self, i: usize) -> bool {
        let id = self.id(i);
        let prefix =
            self.g.ids.plural.contains(&id) || id == self.g.ids.from || id == self.g.ids.this_en;
        self.label_at(i).is_some() || (prefix && self.label_at(i + 1).is_some())
    }

    /// A citation starting at token `i`, and the token after it.
    pub fn citation(&self, i: usize) -> Option<(Parsed<'v>, usize)> {
        if let Some(found) = self.us_citation(i) {
            return Some(found);
        }
        let Some((chain, mut k)) = self.chain(i) else {
            return self.documents.then(|| self.document_alone(i)).flatten();
        };
        if self.is_heading(i, &chain, k) {
            return None;
        }
        let mut chains = vec![chain];
        loop {
            let sep = self.separator(k);
            // `section 89, title 14, United States Code`: the title is the document, not a chain.
            if sep == 0 || !self.starts_level(k + sep) || self.us_title(k + sep).is_some() {
                break;
            }
            match self.chain(k + sep) {
                Some((chain, next)) => {
                    chains.push(chain);
                    k = next;
                }
                None => break,
            }
        }
        if self.names_appendix(k) {
            // `mục 2 Phụ lục IV`, `khoản 1 Phụ lục II`, `Phần B của Mẫu số 01`: items of an
            // appendix or a form, which have no address of their own.
            return None;
        }
        let (doc, end) = self.doc_tail(k);
        Some((
            Parsed {
                chains,
                doc,
                start: i,
                end,
            },
            end,
        ))
    }

    /// `Điều 44. Phạm vi` or `Chương II` followed by a line break is a heading, not a citation:
    /// a single label at the start of a line, followed by `.`/`:` or by a line break (and more
    /// text, or the end of the text: a heading line ends with its line break, while `Chương II`
    /// typed into a field, with nothing after it, is a citation).
    fn is_heading(&self, i: usize, chain: &Chain<'_>, next: usize) -> bool {
        let single = matches!(chain.levels.as_slice(), [level] if level.items.len() == 1);
        // A heading quoted by an amending instruction starts after its opening quote.
        let quoted = i > 0
            && self.tok(i - 1).is_some_and(|q| {
                q.line_start && matches!(q.kind, Kind::Punct('“' | '"' | '‘' | '\''))
            });
        let at_line_start =
            (self.tok(i).is_some_and(|t| t.line_start) || quoted) && self.label_at(i).is_some();
        // `Nghị định 21/2021/NĐ-CP. Mục 1. BIỆN PHÁP …`: a heading run into one line after a
        // sentence, its title in capitals (a citation ending a sentence is followed by prose).
        let run_in = i > 0
            && self.is_punct(i - 1, '.')
            && self.is_punct(next, '.')
            && self.word(next + 1).is_some_and(|w| {
                w.chars().count() >= 2 && w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
            });
        if single && run_in && self.label_at(i).is_some() {
            return true;
        }
        let ends_heading = match self.tok(next) {
            Some(t) => t.line_start || matches!(t.kind, Kind::Punct('.' | ':')),
            None => next
                .checked_sub(1)
                .and_then(|j| self.tok(j))
                .is_some_and(|t| {
                    self.text
                        .get(t.end..)
                        .is_some_and(|rest| rest.contains('\n'))
                }),
        };
        single && at_line_start && ends_heading
    }

    /// A document cited with no unit: `Luật này`, `Nghị định số 75/2021/NĐ-CP`, `Luật Đất đai
    /// số 45/2013/QH13`, `this Act`. Only a capitalised type word followed by `này` or a code
    /// is one (`luật này`, `Luật sư`, `Quyết định của …`, `the Act` are prose); a document named
    /// by its title alone is not read as a citation, since nothing says where its name ends.
    fn document_alone(&self, i: usize) -> Option<(Parsed<'v>, usize)> {
        let this = self.id(i) == self.g.ids.this_en;
        if self.ids_the(i) {
            return self.named_document(i);
        }
        let m = if this { i + 1 } else { i };
        let n = self.doc_type_at(m)?;
        let upper = self.word(m).is_some_and(starts_uppercase);
        let (mut doc, mut end) = self.after_doc_type(i, m, m + n, this, None);
        if matches!(doc, DocRef::None) && upper && self.named_law(m, n) {
            // `Bộ luật dân sự`, `Luật viên chức`, `Hiến pháp`: a law's title, in any case.
            let title_end = self.title_end(m + n, true);
            doc = DocRef::Unidentified(self.span_text(m, title_end).to_owned());
            end = title_end;
        }
        let named = match &doc {
            // `luật số 87/2025/QH15`: a code says it is a document whatever the case.
            DocRef::Code(_) => true,
            _ if !upper => false,
            DocRef::This => true,
            // A law is cited by its title alone (`Luật Đất đai năm 2013`, `Bộ luật dân sự`,
            // `Hiến pháp`); a decree, circular or decision never is: `Quyết định xử phạt` is
            // a decision to fine, `Nghị quyết của Hội đồng` a resolution.
            DocRef::Unidentified(_) => self.named_law(m, n),
            DocRef::None => false,
        };
        named.then_some((
            Parsed {
                chains: Vec::new(),
                doc,
                start: i,
                end,
            },
            end,
        ))
    }

    /// `Luật Đất đai`, `Bộ luật dân sự`, `Pháp lệnh Cảnh vệ`: a Vietnamese law's title whose
    /// type word is at `m` (`n` words). `Luật sư`, `Luật gia` are people; `Luật pháp` law itself.
    fn named_law(&self, m: usize, n: usize) -> bool {
        let Some(kind) = self.word(m) else {
            return false;
        };
        if kind.chars().count() > 1 && kind.chars().all(|c| !c.is_lowercase()) {
            return false; // `LUẬT SƯ NƯỚC NGOÀI`: a heading in capitals
        }
        let name = self.word(m + n);
        let titled = name.is_some_and(|w| !ends_vietnamese_title(w));
        match fold(kind).as_str() {
            "luat" if n == 1 => {
                // `Luật sư`, `Luật gia` are people; `Luật pháp`, `luật định` law in general.
                titled
                    && name.is_some_and(|w| {
                        !written_is(
                            w,
                            &[
                                "sư", "gia", "học", "pháp", "định", "lệ", "mới", "khác", "chung",
                                "riêng", "cũ",
                            ],
                        )
                    })
            }
            "bo" | "phap" => titled,
            // The Constitution is cited by its type alone.
            "hien" => true,
            _ => false,
        }
    }

    /// `the Companies Act 2006`, `the Excise Act, 2001`, `that Act`, `the Act`, `the 1995
    /// Regulations`: an English document named by its title or a defined term, which only the
    /// document it is defined in can identify (cited with an `unidentified-document` problem).
    fn named_document(&self, i: usize) -> Option<(Parsed<'v>, usize)> {
        let mut j = i + 1;
        while j < i + 1 + MAX_NAME_WORDS && self.doc_type_at(j).is_none() {
            let word = self.word(j)?;
            if !(starts_uppercase(word) || is_year(word)) || self.label_at(j).is_some() {
                return None;
            }
            j += 1;
        }
        let n = self.doc_type_at(j)?;
        if !self.word(j).is_some_and(starts_uppercase) {
            return None;
        }
        let end = self.title_end(j + n, false);
        let doc = DocRef::Unidentified(self.span_text(i, end).to_owned());
        Some((
            Parsed {
                chains: Vec::new(),
                doc,
                start: i,
                end,
            },
            end,
        ))
    }

    /// How many tokens separate two list members or chains: `,`, `và`, `, và`, `or`, …
    fn separator(&self, k: usize) -> usize {
        let conj = |i: usize| self.g.ids.conjunctions.contains(&self.id(i));
        if self.is_punct(k, ',') {
            if conj(k + 1) {
                2
            } else {
                1
            }
        } else if conj(k) {
            1
        } else {
            0
        }
    }

    fn chain(&self, i: usize) -> Option<(Chain<'v>, usize)> {
        let (first, mut k) = self.level(i)?;
        let mut levels = vec![first];
        let mut direction = None;
        while let Some(last) = levels.last() {
            if last.this {
                break;
            }
            let (link, m) = self.level_link(k);
            if !self.starts_level(m) || self.us_title(m).is_some() {
                // `of title 49, United States Code` names a document, not a level.
                break;
            }
            let Some((mut next, mut after)) = self.level(m) else {
                break;
            };
            if next.vocab != last.vocab {
                break;
            }
            if link != Link::Comma && !nests(last, &next) {
                // A label several types share (UK `paragraph`, `Part`, `sub-paragraph`): read
                // the outer level, or else the only level so far, as a type that nests.
                if let Some((outer, end)) = self.level_where(m, |l| nests(last, l)) {
                    (next, after) = (outer, end);
                } else if levels.len() == 1 {
                    let inner = self.level_where(i, |l| nests(l, &next));
                    if let Some((inner, _)) = inner.filter(|&(_, end)| end == k) {
                        levels = vec![inner];
                    }
                }
            }
            let Some(last) = levels.last() else { break };
            let d = if next.section.level < last.section.level {
                Direction::Outward
            } else if next.section.level > last.section.level {
                Direction::Inward
            } else {
                break;
            };
            if direction.is_some_and(|prev| prev != d) {
                break;
            }
            if d == Direction::Inward
                && (link == Link::Word
                    || (link == Link::Comma && self.continues_outward(after, &next)))
            {
                // `Điều 5, khoản 1 Điều 6` lists two citations; `Điều 5 of khoản 1` is nothing.
                break;
            }
            levels.push(next);
            direction = Some(d);
            k = after;
        }
        Some((Chain { levels }, k))
    }

    fn level_link(&self, k: usize) -> (Link, usize) {
        if self.is_punct(k, ',') {
            (Link::Comma, k + 1)
        } else if self.g.ids.level_links.contains(&self.id(k)) {
            (Link::Word, k + 1)
        } else {
            (Link::None, k)
        }
    }

    /// Whether the level ending at `after` is followed, without a comma, by an outer level.
    fn continues_outward(&self, after: usize, level: &Level<'_>) -> bool {
        let (link, m) = self.level_link(after);
        link != Link::Comma
            && self
                .level(m)
                .is_some_and(|(outer, _)| outer.section.level < level.section.level)
    }

    /// A label with its ordinals: `các khoản 1, 2 và 3`, `từ Điều 3 đến Điều 5`, `Điều này`, `this section`.
    fn level(&self, i: usize) -> Option<(Level<'v>, usize)> {
        self.level_where(i, |_| true)
    }

    /// The first reading of the level at `i` that `fits`. A label several section types of
    /// one vocabulary share is read as each in turn (UK `paragraph 3` is a schedule paragraph,
    /// `paragraph (b)` a paragraph); only the vocabulary of the first label is tried, so a set
    /// of vocabularies reads a label as the first vocabulary that has it.
    fn level_where(
        &self,
        i: usize,
        fits: impl Fn(&Level<'v>) -> bool,
    ) -> Option<(Level<'v>, usize)> {
        let ids = &self.g.ids;
        let mut k = i;
        let mut this = false;
        let lead = self.id(k);
        if (ids.plural.contains(&lead) || lead == ids.from || lead == ids.this_en)
            && self.label_at(k + 1).is_some()
        {
            this = lead == ids.this_en;
            k += 1;
        }
        let (first_vocab, _, _) = self.label_at(k)?;
        self.labels_at(k)
            .filter(|&(vocab, _, _)| vocab == first_vocab)
            .find_map(|(vocab, section, taken)| {
                self.level_as(k, this, vocab, section, taken)
                    .filter(|(level, _)| fits(level))
            })
    }

    /// The level whose label, of `section`, takes `taken` tokens from `k`.
    fn level_as(
        &self,
        k: usize,
        this: bool,
        vocab: usize,
        section: &'v SectionType,
        taken: usize,
    ) -> Option<(Level<'v>, usize)> {
        let label_text = self.span_text(k, k + taken).to_owned();
        let k = k + taken;
        let level = Level {
            vocab,
            section,
            this,
            items: Vec::new(),
            unexpanded: None,
            label: label_text,
        };
        if this {
            return Some((level, k));
        }
        if !self.written_as_label(&level.label, vocab, section) {
            return None;
        }
        if section.ordinal_style == OrdinalStyle::Term
            && !level.label.eq_ignore_ascii_case(&section.label)
        {
            // `definitions in this section`: a term is cited one at a time, never by a plural label.
            return None;
        }
        if let Some(root) = self.section_of_numbered(k, vocab, section) {
            // Canada cites a provision below a section by the section's number: `subsection
            // 6(8)` is subsection (8) of section 6, `paragraph 5(1)(a)` paragraph (a) of it.
            return self.members(
                k,
                Level {
                    section: root,
                    ..level
                },
            );
        }
        if self.id(k) == self.g.ids.this_vi && self.word(k).is_some() {
            return Some((
                Level {
                    this: true,
                    ..level
                },
                k + 1,
            ));
        }
        self.members(k, level)
    }

    /// Whether a Vietnamese label is written as the label, or typed without its marks (`dieu 44`,
    /// `muc 2`): labels are matched folded, and folding makes `mức 150` (a level) and `Mục`, or
    /// `điều` and `dieu`, one word.
    fn written_as_label(&self, written: &str, vocab: usize, section: &SectionType) -> bool {
        if self.g.vocabs.get(vocab).is_none_or(|v| v.language != "vi") || written.is_ascii() {
            return true;
        }
        let label: String = section.label.chars().flat_map(char::to_lowercase).collect();
        written_is(written, &[label.as_str()])
    }

    /// The section `subsection 6(8)` is cited by, in the Commonwealth vocabulary (Canada's
    /// style): a label below a section followed by a number glued to a `(`. `None` elsewhere:
    /// the UK reads `paragraph 3(2)` as a schedule paragraph.
    fn section_of_numbered(
        &self,
        k: usize,
        vocab: usize,
        section: &SectionType,
    ) -> Option<&'v SectionType> {
        let v = self.g.vocabs.get(vocab)?;
        if v.id() != "commonwealth" || section.citation_root {
            return None;
        }
        let numbered = self
            .word(k)
            .is_some_and(|w| w.bytes().next().is_some_and(|b| b.is_ascii_digit()));
        let mut m = k + 1;
        if self.decimal_at(m, vocab).is_some() {
            m += 2;
        }
        if !(numbered && self.is_punct(m, '(') && self.tok(m).is_some_and(|t| t.glued)) {
            return None;
        }
        v.section_types.iter().find(|t| {
            t.active && t.citation_root && t.address_token == "section" && t.level < section.level
        })
    }

    /// The digits of `.2` glued after an ordinal at `m` (`81.1`, `(1.2)`, `IV.1`): how Canada
    /// numbers provisions inserted later, spelled `81p1` in an address. Not read in Vietnamese,
    /// where a `.` after a number ends a heading or a sentence.
    fn decimal_at(&self, m: usize, vocab: usize) -> Option<&'a str> {
        if self.g.vocabs.get(vocab)?.language == "vi" || !self.is_punct(m, '.') {
            return None;
        }
        let (dot, digits) = (self.tok(m)?, self.tok(m + 1)?);
        let word = self.word(m + 1)?;
        (dot.glued && digits.glued && word.bytes().all(|b| b.is_ascii_digit())).then_some(word)
    }

    /// The ordinal with its decimal: `3` `1` → `3p1`; after a letter the digits are its
    /// insertion suffix, as the address grammar spells them (`a` `1` → `a1`).
    fn with_decimal(head: String, digits: &str) -> String {
        if head.ends_with(|c: char| c.is_ascii_digit()) {
            format!("{head}p{digits}")
        } else {
            format!("{head}{digits}")
        }
    }

    /// The ordinals of `level` from token `k`: `1, 2 và 3`, `3 to 5`, `5(1) and (2)`.
    pub(super) fn members(&self, k: usize, mut level: Level<'v>) -> Option<(Level<'v>, usize)> {
        let ids = &self.g.ids;
        let mut k = self.push_member(k, &mut level, false)?;
        loop {
            if self.is_dash(k) || ids.until.contains(&self.id(k)) {
                if let Some(next) = self.range_end(k, &mut level) {
                    k = next;
                    continue;
                }
                break;
            }
            let sep = self.separator(k);
            if sep == 0 || self.starts_level(k + sep) || self.us_code(k + sep).is_some() {
                break;
            }
            let m = k + sep;
            let next = if self.is_punct(m, '(') {
                self.continuation(m, &level).map(|(item, next)| {
                    level.items.push(item);
                    next
                })
            } else {
                self.push_member(m, &mut level, true)
            };
            match next {
                Some(next) => k = next,
                None => break,
            }
        }
        Some((level, k))
    }

    fn is_dash(&self, k: usize) -> bool {
        ['-', '–', '—'].iter().any(|&c| self.is_punct(k, c))
    }

    /// One list member at `k`, added to `level`: an item, or a US Code range written as one
    /// word (`§§ 10a-10c`). The token after it.
    fn push_member(&self, k: usize, level: &mut Level<'v>, continuation: bool) -> Option<usize> {
        if let Some((from, to)) = self.us_word_range(k, level.vocab, level.section) {
            level.items.push(vec![(level.section, from)]);
            self.close_range(level, vec![(level.section, to)], false)?;
            return Some(k + 1);
        }
        let (item, next) = self.item(k, level.vocab, level.section, continuation)?;
        level.items.push(item);
        Some(next)
    }

    /// `đến [hết] [Điều] 5` after an item: replaces the item by the counted range.
    fn range_end(&self, k: usize, level: &mut Level<'v>) -> Option<usize> {
        let mut m = k + 1;
        if self.id(m) == self.g.ids.to_end || (self.is_dash(k) && self.is_dash(m)) {
            m += 1; // `đến hết Điều 5`, `§§ 451--473`
        }
        if self.label_at(m).is_some() {
            let (_, _, taken) = self
                .labels_at(m)
                .find(|&(_, section, _)| std::ptr::eq(section, level.section))?;
            m += taken;
        }
        // `460l–6a(j) through (n)`, `5(1) to (3)`: a parenthesised end continues the last item
        // at the depth that reads it, and the range runs at that depth.
        if self.is_punct(m, '(') {
            if let Some((end, next)) = self.continuation(m, level) {
                if self.close_range_below(level, end).is_some() {
                    return Some(next);
                }
            }
        }
        // Ends below the level (`41 U.S.C. 10a(1)-10c(2)`) are listed when the end is written
        // in full; `section 5(1) to (3)` is no range of sections.
        let whole_end = !self.is_punct(m, '(');
        let (end, next) = self.item(m, level.vocab, level.section, false)?;
        self.close_range(level, end, whole_end)?;
        Some(next)
    }

    /// [`Self::close_range`] for two ends that differ only in their last step (`(j)` and `(n)`
    /// of one section): the steps between, counted at that depth when they can be.
    fn close_range_below(&self, level: &mut Level<'v>, end: Vec<Step<'v>>) -> Option<()> {
        let from = level.items.last()?;
        let n = from.len().checked_sub(1)?;
        let (Some(prefix), Some((section, first)), Some((end_section, last))) =
            (from.get(..n), from.last(), end.last())
        else {
            return None;
        };
        let same = |a: &[Step<'_>], b: &[Step<'_>]| {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((s, o), (t, p))| std::ptr::eq(*s, *t) && o == p)
        };
        if end.len() != from.len()
            || !std::ptr::eq(*section, *end_section)
            || !same(prefix, end.get(..n).unwrap_or_default())
        {
            return None;
        }
        if n == 0 {
            return self.close_range(level, end, false);
        }
        let (section, prefix, first, last) =
            (*section, prefix.to_vec(), first.clone(), last.clone());
        self.push_range(level, &prefix, section, (&first, &last), end);
        Some(())
    }

    /// Replaces the last item of `level` by the items `prefix` + (`section`, each ordinal from
    /// `ends.0` to `ends.1`) when they can be counted, else adds `end` and marks the range
    /// unexpanded. A level never lists more than a citation may hold, however many ranges it has.
    fn push_range(
        &self,
        level: &mut Level<'v>,
        prefix: &[Step<'v>],
        section: &'v SectionType,
        ends: (&str, &str),
        end: Vec<Step<'v>>,
    ) {
        let language = self
            .g
            .vocabs
            .get(level.vocab)
            .map_or("", |v| v.language.as_str());
        let room = super::MAX_ADDRESSES
            .saturating_sub(level.items.len())
            .min(MAX_RANGE);
        match expand_range(section.ordinal_style, language, ends.0, ends.1, room) {
            Some(ordinals) => {
                level.items.pop();
                level.items.extend(ordinals.into_iter().map(|o| {
                    let mut item = prefix.to_vec();
                    item.push((section, o));
                    item
                }));
            }
            None => {
                level.unexpanded = Some((ends.0.to_owned(), ends.1.to_owned()));
                level.items.push(end);
            }
        }
    }

    /// Replaces the last item of `level` by the range from it to `end`, counted when it can be,
    /// else by its two ends (`deep`: also when either end goes below the level).
    fn close_range(&self, level: &mut Level<'v>, end: Vec<Step<'v>>, deep: bool) -> Option<()> {
        let from = level.items.last()?;
        let ([(_, from)], [(_, to)]) = (from.as_slice(), end.as_slice()) else {
            if !deep || from.is_empty() || end.is_empty() {
                return None;
            }
            let path = |item: &[Step<'_>]| {
                item.iter()
                    .map(|(_, o)| o.as_str())
                    .collect::<Vec<_>>()
                    .join("/")
            };
            level.unexpanded = Some((path(from), path(&end)));
            level.items.push(end);
            return Some(());
        };
        let (from, to) = (from.clone(), to.clone());
        self.push_range(level, &[], level.section, (&from, &to), end);
        Some(())
    }

    /// A list member after a separator: `2` in `khoản 1, 2`, or `(2)` in `section 5(1) and (2)`.
    fn continuation(&self, m: usize, level: &Level<'v>) -> Option<(Vec<Step<'v>>, usize)> {
        if !self.is_punct(m, '(') {
            return self.item(m, level.vocab, level.section, true);
        }
        let prev = level.items.last()?;
        let raw = self.word(m + 1)?;
        // The deepest step of the previous member whose style reads this ordinal: `(b)` after
        // `5(1)(a)` is a subparagraph, `(2)` a paragraph.
        let depth = (0..prev.len()).rev().find(|&d| {
            prev.get(d)
                .is_some_and(|(t, _)| ordinal_shape(t.ordinal_style, raw, true))
        })?;
        let section = prev.get(depth).map(|(t, _)| *t)?;
        let (tail, next) = self.item(m, level.vocab, section, true)?;
        let mut path: Vec<Step<'v>> = prev.get(..depth).unwrap_or_default().to_vec();
        path.extend(tail);
        Some((path, next))
    }

    /// One ordinal path: `44`, `10a`, `a)`, `(2)`, `5(1)(a)`, `thứ nhất`, `II`.
    fn item(
        &self,
        k: usize,
        vocab: usize,
        section: &'v SectionType,
        continuation: bool,
    ) -> Option<(Vec<Step<'v>>, usize)> {
        let parenthesised = self.is_punct(k, '(');
        let (mut head, mut m) = if parenthesised {
            let (raw, close) = self.paren_word(k + 1, vocab)?;
            let mut head = ordinal(section.ordinal_style, raw, continuation)?;
            if let Some(d) = self.decimal_at(k + 2, vocab) {
                head = Self::with_decimal(head, d);
            }
            (head, close + 1)
        } else if let Some(found) = self.us_section_number(k, section) {
            found // `404o-1`, `288–1`
        } else {
            self.ordinal_words(k, section, continuation)?
        };
        if !parenthesised {
            if let Some(d) = self.decimal_at(m, vocab) {
                head = Self::with_decimal(head, d);
                m += 2;
            }
        }
        if !parenthesised
            && section.ordinal_style == OrdinalStyle::Letter
            && self.is_punct(m, ')')
            && self.tok(m).is_some_and(|t| t.glued)
        {
            m += 1; // `điểm a)`
        }
        let mut path = vec![(section, head)];
        let vocab_index = vocab;
        let vocab = self.g.vocabs.get(vocab)?;
        while self.is_punct(m, '(') && self.tok(m).is_some_and(|t| t.glued) {
            let Some(&(parent, _)) = path.last() else {
                break;
            };
            let Some(child) = child_type(vocab, parent) else {
                break;
            };
            let Some((raw, close)) = self.paren_word(m + 1, vocab_index) else {
                break;
            };
            // The nearest level reads it; else a deeper one the text may skip to, read only
            // in its own case (`225(a)(4)(ii)`: a clause right under a paragraph).
            let Some((child, mut sub)) = ordinal(child.ordinal_style, raw, false)
                .map(|sub| (child, sub))
                .or_else(|| skipped_child(vocab, parent, raw))
            else {
                break;
            };
            if let Some(d) = self.decimal_at(m + 2, vocab_index) {
                sub = Self::with_decimal(sub, d);
            }
            path.push((child, sub));
            m = close + 1;
        }
        Some((path, m))
    }

    /// The word inside `(…)` from token `m` (after the `(`), and the index of its `)`: `(2)`, or
    /// `(1.2)` with a decimal ([`Self::decimal_at`]).
    fn paren_word(&self, m: usize, vocab: usize) -> Option<(&'a str, usize)> {
        let raw = self.word(m)?;
        let close = if self.decimal_at(m + 1, vocab).is_some() {
            m + 3
        } else {
            m + 1
        };
        self.is_punct(close, ')').then_some((raw, close))
    }

    /// The ordinal at token `k`: one word, or `thứ` and number words for spelled styles.
    fn ordinal_words(
        &self,
        k: usize,
        section: &SectionType,
        continuation: bool,
    ) -> Option<(String, usize)> {
        let style = section.ordinal_style;
        let word = self.word(k)?;
        let spelled = matches!(style, OrdinalStyle::Spelled | OrdinalStyle::Roman);
        if spelled && self.id(k) == self.g.ids.thu {
            let count = (k + 1..)
                .take_while(|&i| self.word(i).is_some() && self.g.ids.numbers.contains(&self.id(i)))
                .count();
            if count == 0 {
                return None;
            }
            let raw = self.span_text(k, k + 1 + count);
            return normalize_ordinal(style, raw)
                .ok()
                .map(|o| (o, k + 1 + count));
        }
        ordinal(style, word, continuation).map(|o| (o, k + 1))
    }

    /// `Luật số 45/2019/QH14`, `của Luật này`, `of this Act`, `của Luật Đất đai`, `of the Companies Act`.
    pub(super) fn doc_tail(&self, k: usize) -> (DocRef, usize) {
        let ids = &self.g.ids;
        if self.is_punct(k, ',') {
            if let Some((slug, end)) = self.us_title(k + 1) {
                return (DocRef::Code(slug), end); // `section 89, title 14, United States Code`
            }
        }
        let mut m = k;
        let mut this = false;
        let mut linked = false;
        let mut name_start: Option<usize> = None;
        for _ in 0..MAX_TAIL {
            let Some(word) = self.word(m) else { break };
            if let Some((slug, end)) = self.us_document(m) {
                return (DocRef::Code(slug), end);
            }
            if is_doc_code(word) {
                return match normalize_doc_code(word) {
                    Ok(slug) => (DocRef::Code(slug), m + 1),
                    Err(_) => (DocRef::None, k),
                };
            }
            if let Some(n) = self.doc_type_at(m) {
                return match self.after_doc_type(k, m, m + n, this, name_start) {
                    // `of the Act`, `of that Act`, `to the Act`: a document named by a
                    // defined term, not this one.
                    (DocRef::None, _) if linked && m > k && self.ids_the(m - 1) => {
                        let end = self.title_end(m + n, false);
                        (
                            DocRef::Unidentified(self.span_text(m - 1, end).to_owned()),
                            end,
                        )
                    }
                    found => found,
                };
            }
            let id = self.id(m);
            if name_start.is_none() && id == ids.this_en {
                this = true;
            } else if name_start.is_none() && ids.doc_links.contains(&id) {
                linked = true;
                if self.is_number_word(m) && id == ids.no && self.is_punct(m + 1, '.') {
                    m += 1; // `No.`
                }
            } else if linked && !this && id == NONE && (starts_uppercase(word) || is_year(word)) {
                name_start.get_or_insert(m); // `of the Companies Act`, `of the 2013 Act`
            } else {
                break;
            }
            m += 1;
        }
        (DocRef::None, k)
    }

    /// The tail after a document type word at `m..end`: `này`, a code, or a name.
    fn after_doc_type(
        &self,
        k: usize,
        m: usize,
        end: usize,
        this: bool,
        name_start: Option<usize>,
    ) -> (DocRef, usize) {
        let ids = &self.g.ids;
        if this && name_start.is_none() {
            return (DocRef::This, end);
        }
        if self.id(end) == ids.this_vi {
            return (DocRef::This, end + 1);
        }
        let mut c = end;
        if self.is_punct(c, '(') && self.word(c + 1).is_some() && self.is_punct(c + 2, ')') {
            c += 3; // `Regulation (EU) 2016/679`
        }
        if self.is_number_word(c) {
            c += 1;
            if self.is_punct(c, '.') {
                c += 1;
            }
        }
        if let Some(code) = self.word(c).filter(|w| is_doc_code(w)) {
            if let Ok(slug) = normalize_doc_code(code) {
                return (DocRef::Code(slug), c + 1);
            }
        }
        // `Luật Đất đai số 31/2024/QH15`, `Bộ luật Lao động số 45/2019/QH14`, `Luật giáo dục
        // số 38/2005/QH11` (some publishers lowercase the name): the name, then the code. The
        // name's words are read up to a sentence's punctuation or a citation's label.
        if self.word(end).is_some() {
            for j in end..end + MAX_NAME_WORDS {
                if j > end && self.label_written_at(j) {
                    break;
                }
                if [';', '.', ':', '(', '“', '"']
                    .iter()
                    .any(|p| self.is_punct(j, *p))
                {
                    break;
                }
                if self.is_number_word(j) {
                    if let Some(code) = self.word(j + 1).filter(|w| is_doc_code(w)) {
                        if let Ok(slug) = normalize_doc_code(code) {
                            return (DocRef::Code(slug), j + 2);
                        }
                    }
                    break;
                }
                if self.tok(j).is_none() {
                    break;
                }
            }
        }
        // A name must follow (`Luật Đất đai`, `Bộ luật dân sự` after the units it holds) or
        // precede (`the Companies Act 2006`); otherwise the words are ordinary ones: `Luật sư`
        // (a lawyer), `quyết định` (to decide).
        let vi = self.word(m).is_some_and(|w| !w.is_ascii());
        let title_end = self.title_end(end, vi);
        let named_after =
            title_end > end && (vi && k < m || self.word(end).is_some_and(starts_uppercase));
        if name_start.is_some() || named_after {
            let name = self
                .span_text(name_start.unwrap_or(m), title_end)
                .to_owned();
            return (DocRef::Unidentified(name), title_end);
        }
        (DocRef::None, k)
    }

    /// Whether the words at `k` (after an optional `của`/`tại`) name an appendix or a form.
    fn names_appendix(&self, k: usize) -> bool {
        let is = |i: usize, words: &[&str]| self.word(i).is_some_and(|w| written_is(w, words));
        let k = if is(k, &["của", "tại", "thuộc"]) {
            k + 1
        } else {
            k
        };
        (is(k, &["phụ"]) && is(k + 1, &["lục"])) || is(k, &["mẫu", "biểu"])
    }

    /// Whether token `i` is `the` or `that`.
    fn ids_the(&self, i: usize) -> bool {
        self.g.ids.the.contains(&self.id(i))
    }

    /// Where a document's title that starts at token `from` ends: its words (up to a sentence's
    /// punctuation, a citation's label, or a word that goes on with the sentence: `và`, `của`,
    /// `đã`, `được`, …), then its year (`năm 2013`, `2006`, `of 1978`, `, 1872`). `from` when
    /// it has none of them.
    fn title_end(&self, from: usize, vi: bool) -> usize {
        let mut j = from;
        if vi {
            while j < from + MAX_NAME_WORDS {
                let Some(word) = self.word(j) else { break };
                if self.label_written_at(j) || is_doc_code(word) || ends_vietnamese_title(word) {
                    break;
                }
                j += 1;
            }
        }
        // The year: `năm 2013`, `of 1978`, `2006`, `, 1872`.
        let year_at = |i: usize| self.word(i).is_some_and(is_year);
        if year_at(j) {
            j + 1
        } else if (self.is_punct(j, ',') || self.word(j).is_some_and(|w| matches!(w, "năm" | "of")))
            && year_at(j + 1)
        {
            j + 2
        } else {
            j
        }
    }

    fn doc_type_at(&self, m: usize) -> Option<usize> {
        self.g
            .doc_types
            .iter()
            .filter(|words| {
                words.iter().enumerate().all(|(j, &w)| {
                    self.tok(m + j)
                        .is_some_and(|t| t.kind == Kind::Word && t.id == w)
                })
            })
            .map(Vec::len)
            .max()
    }
}

/// Whether `inner` may sit directly in the unit `outer` cites (its first item's deepest step).
fn nests(inner: &Level<'_>, outer: &Level<'_>) -> bool {
    let parent = outer
        .items
        .first()
        .and_then(|item| item.last())
        .map_or(outer.section, |&(section, _)| section);
    inner.section.parents.contains(&parent.code)
}

/// The nearest active level that may sit directly under `parent`.
pub(super) fn child_type<'v>(
    vocab: &'v Vocabulary,
    parent: &SectionType,
) -> Option<&'v SectionType> {
    vocab
        .section_types
        .iter()
        // A definition is cited by its term, never as the next `(…)` of a citation.
        .filter(|t| t.active && t.level > parent.level && t.parents.contains(&parent.code))
        .filter(|t| t.ordinal_style != OrdinalStyle::Term)
        .min_by_key(|t| t.level)
}

/// A deeper level that may sit directly under `parent` (the US Code's clause right under a
/// paragraph) and reads `raw` written in its own case, nearest first.
fn skipped_child<'v>(
    vocab: &'v Vocabulary,
    parent: &SectionType,
    raw: &str,
) -> Option<(&'v SectionType, String)> {
    let mut deeper: Vec<&SectionType> = vocab
        .section_types
        .iter()
        .filter(|t| t.active && t.level > parent.level && t.parents.contains(&parent.code))
        .collect();
    deeper.sort_by_key(|t| t.level);
    deeper
        .into_iter()
        .skip(1)
        .find_map(|t| ordinal(t.ordinal_style, raw, true).map(|o| (t, o)))
}

fn is_roman_numeral(s: &str) -> bool {
    !s.is_empty() && s.len() <= 15 && s.bytes().all(|b| b"IVXLCDMivxlcdm".contains(&b))
}

/// Whether `raw` looks like an ordinal of `style` in running text. Stricter than
/// [`normalize_ordinal`], so that `Điều kiện`, `điểm mới`, `Mục tiêu` are no citations.
fn ordinal_shape(style: OrdinalStyle, raw: &str, continuation: bool) -> bool {
    let digits = raw.bytes().take_while(u8::is_ascii_digit).count();
    let rest = raw.get(digits..).unwrap_or("");
    let arabic = digits > 0 && rest.len() <= 2 && rest.bytes().all(|b| b.is_ascii_alphabetic());
    // Parts and chapters run to a few dozen (at most a few hundred): `Phần D` is a lettered
    // item of an appendix or a form, not 500.
    let small_roman = is_roman_numeral(raw) && !raw.bytes().any(|b| b"DMdm".contains(&b));
    let upper_roman = small_roman && raw.bytes().all(|b| b.is_ascii_uppercase());
    match style {
        OrdinalStyle::Arabic => arabic || upper_roman,
        OrdinalStyle::Roman => arabic || small_roman,
        OrdinalStyle::Spelled => arabic || upper_roman,
        // The US and UK styles tell levels apart by case (`(A)` subparagraph, `(i)` clause,
        // `(I)` subclause), so a list member such as `(ii)` in `(A)(i) and (ii)` continues
        // only the level written in its case; a clause (`(i)`) is never written in digits.
        OrdinalStyle::LowerRoman => {
            is_roman_numeral(raw) && (!continuation || raw.bytes().all(|b| b.is_ascii_lowercase()))
        }
        OrdinalStyle::UpperRoman if continuation => upper_roman,
        OrdinalStyle::UpperRoman => arabic || is_roman_numeral(raw),
        OrdinalStyle::UpperLetter => {
            let mut chars = raw.chars();
            chars.next().is_some_and(|c| {
                c.is_ascii_uppercase() || (!continuation && c.is_ascii_alphabetic())
            }) && chars.as_str().len() <= 2
                && chars.as_str().bytes().all(|b| b.is_ascii_digit())
        }
        OrdinalStyle::DoubleLetter | OrdinalStyle::DoubleCapital => {
            let first = raw.bytes().next().unwrap_or(0);
            raw.len() >= 2
                && (first.is_ascii_lowercase() || (!continuation && first.is_ascii_alphabetic()))
                && raw.bytes().all(|b| b.eq_ignore_ascii_case(&first))
                && (!continuation || raw.bytes().all(|b| b == first))
        }
        OrdinalStyle::Letter => {
            let mut chars = raw.chars();
            let first_ok = match chars.next() {
                Some(c) if continuation => c.is_ascii_lowercase() || c == 'đ',
                Some(c) => c.is_ascii_alphabetic() || matches!(c, 'đ' | 'Đ' | 'ð' | 'Ð'),
                None => false,
            };
            let tail = chars.as_str();
            first_ok && tail.len() <= 2 && tail.bytes().all(|b| b.is_ascii_digit())
        }
        // `definition owner`: one word, never a list member (terms have no sequence).
        OrdinalStyle::Term => {
            !continuation && !raw.is_empty() && raw.chars().all(char::is_alphanumeric)
        }
    }
}

fn ordinal(style: OrdinalStyle, raw: &str, continuation: bool) -> Option<String> {
    if !ordinal_shape(style, raw, continuation) {
        return None;
    }
    normalize_ordinal(style, raw).ok()
}

/// Vietnamese point letters in document order (đ folded to `dd`).
const VIETNAMESE_LETTERS: &[&str] = &[
    "a", "b", "c", "d", "dd", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y",
];

/// The ordinals from `from` to `to` inclusive, when they can be counted and are at most
/// `limit`: plain numbers, or single letters in the alphabet of the language (Vietnamese
/// order for `vi`).
fn expand_range(
    style: OrdinalStyle,
    language: &str,
    from: &str,
    to: &str,
    limit: usize,
) -> Option<Vec<String>> {
    let number = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    if let (Some(a), Some(b)) = (number(from), number(to)) {
        let count = b.checked_sub(a)?.checked_add(1)?;
        if count > limit as u64 || count < 2 {
            return None;
        }
        return Some((a..=b).map(|n| n.to_string()).collect());
    }
    // Upper-case letters are canonical in lower case, so they count as letters do.
    if !matches!(style, OrdinalStyle::Letter | OrdinalStyle::UpperLetter) {
        return None;
    }
    let ascii: Vec<String> = (b'a'..=b'z').map(|b| char::from(b).to_string()).collect();
    let alphabet: Vec<&str> = if language == "vi" {
        VIETNAMESE_LETTERS.to_vec()
    } else {
        ascii.iter().map(String::as_str).collect()
    };
    let a = alphabet.iter().position(|l| *l == from)?;
    let b = alphabet.iter().position(|l| *l == to)?;
    (a < b && b - a < limit).then(|| {
        alphabet
            .get(a..=b)
            .unwrap_or_default()
            .iter()
            .map(|s| s.to_string())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_text_ordinals_are_strict_so_common_words_are_not_cited() {
        use OrdinalStyle::*;
        assert!(ordinal_shape(Arabic, "44", false));
        assert!(ordinal_shape(Arabic, "10a", false));
        assert!(ordinal_shape(Arabic, "II", false));
        assert!(!ordinal_shape(Arabic, "kiện", false));
        assert!(!ordinal_shape(Arabic, "tiêu", false));
        assert!(ordinal_shape(Letter, "đ", false));
        assert!(ordinal_shape(Letter, "a1", false));
        assert!(!ordinal_shape(Letter, "mới", false));
        assert!(!ordinal_shape(Letter, "ở", false));
        assert!(!ordinal_shape(Letter, "B", true));
        assert!(ordinal_shape(Roman, "IV", false));
        assert!(!ordinal_shape(Roman, "trình", false));
    }

    #[test]
    fn ranges_count_numbers_and_letters_in_document_order() {
        use OrdinalStyle::*;
        assert_eq!(
            expand_range(Arabic, "vi", "3", "5", MAX_RANGE),
            Some(vec!["3".into(), "4".into(), "5".into()])
        );
        assert_eq!(
            expand_range(Letter, "vi", "d", "e", MAX_RANGE),
            Some(vec!["d".into(), "dd".into(), "e".into()])
        );
        assert_eq!(
            expand_range(Letter, "en", "a", "c", MAX_RANGE),
            Some(vec!["a".into(), "b".into(), "c".into()])
        );
        assert_eq!(expand_range(Arabic, "vi", "10a", "12", MAX_RANGE), None);
        assert_eq!(expand_range(Arabic, "vi", "5", "3", MAX_RANGE), None);
        assert_eq!(expand_range(Arabic, "vi", "1", "100000", MAX_RANGE), None);
    }
}
