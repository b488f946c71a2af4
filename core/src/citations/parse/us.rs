//! US documents named in running text: the US Code and public laws.
//!
//! Read only when a vocabulary with id `us` is loaded. Every spelling of a document is
//! first rewritten to the code the document is published under, then slugged like any
//! other code ([`normalize_doc_code`]), so a citation lands on the document cut under
//! that code:
//!
//! | written | code | slug |
//! |---|---|---|
//! | `42 U.S.C.`, `42 USC`, `title 42, United States Code`, `title 42 of the United States Code` | `42 U.S.C.` | `42-u-s-c` |
//! | `Public Law 114-190`, `Pub. L. 114–190`, `Pub. L. No. 114-190`, `P.L. 114-190` | `Pub. L. 114-190` | `pub-l-114-190` |

use crate::normalize::{fold, normalize_doc_code};
use crate::vocabulary::{SectionType, Vocabulary};

use super::super::lexer::{Keywords, Kind};
use super::{Chain, DocRef, Level, Parsed, Parser};

/// The words of the US forms, and the section type a US Code section is.
pub(in crate::citations) struct UsForms<'v> {
    vocab: usize,
    section: &'v SectionType,
    u: u16,
    s: u16,
    c: u16,
    usc: u16,
    pub_: u16,
    p: u16,
    l: u16,
    public: u16,
    law: u16,
    no: u16,
    title: u16,
    of: u16,
    the: u16,
    united: u16,
    states: u16,
    code: u16,
}

impl<'v> UsForms<'v> {
    /// The forms, when `vocabs` has the `us` vocabulary with a `section` type.
    pub fn new(vocabs: &'v [Vocabulary], k: &mut Keywords) -> Option<Self> {
        let (vocab, v) = vocabs.iter().enumerate().find(|(_, v)| v.id() == "us")?;
        let section = v.by_token("section").filter(|t| t.active)?;
        let mut id = |w: &str| k.intern(&fold(w));
        Some(Self {
            vocab,
            section,
            u: id("u"),
            s: id("s"),
            c: id("c"),
            usc: id("usc"),
            pub_: id("pub"),
            p: id("p"),
            l: id("l"),
            public: id("public"),
            law: id("law"),
            no: id("no"),
            title: id("title"),
            of: id("of"),
            the: id("the"),
            united: id("united"),
            states: id("states"),
            code: id("code"),
        })
    }

    /// Words that start a public law (`Pub. L.`, `Public Law`, `P.L.`).
    pub fn may_start(&self, id: u16) -> bool {
        id == self.pub_ || id == self.public || id == self.p
    }
}

/// Whether a document slug is a title of the US Code (`42-u-s-c`).
pub(in crate::citations) fn is_us_code_title(slug: &str) -> bool {
    slug.strip_suffix("-u-s-c")
        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty())
}

fn digits(word: &str) -> bool {
    !word.is_empty() && word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit())
}

impl<'v> Parser<'_, 'v> {
    /// Whether token `i` may start a US Code citation (`42 U.S.C. 1983`); cheap.
    pub fn starts_us_code(&self, i: usize) -> bool {
        self.g.us.as_ref().is_some_and(|us| {
            self.word(i)
                .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
                && (self.id(i + 1) == us.u || self.id(i + 1) == us.usc)
        })
    }

    fn words_are(&self, at: usize, ids: &[u16]) -> bool {
        ids.iter().enumerate().all(|(j, &id)| {
            self.tok(at + j)
                .is_some_and(|t| t.kind == Kind::Word && t.id == id)
        })
    }

    /// `42 U.S.C.` or `42 USC` at `i`: the slug of the title and the token after it.
    pub(super) fn us_code(&self, i: usize) -> Option<(String, usize)> {
        let us = self.g.us.as_ref()?;
        let number = self.word(i).filter(|w| digits(w))?;
        let after = if self.id(i + 1) == us.usc {
            i + 2
        } else if self.id(i + 1) == us.u
            && self.is_punct(i + 2, '.')
            && self.id(i + 3) == us.s
            && self.is_punct(i + 4, '.')
            && self.id(i + 5) == us.c
        {
            i + 6
        } else {
            return None;
        };
        let after = if self.is_punct(after, '.') && self.tok(after).is_some_and(|t| t.glued) {
            after + 1
        } else {
            after
        };
        let slug = normalize_doc_code(&format!("{number} U.S.C.")).ok()?;
        Some((slug, after))
    }

    /// `title 49, United States Code` or `title 49 of the United States Code` at `m`; in a
    /// title of the Code, `Title 44` alone too (the Code cites its other titles so).
    pub(super) fn us_title(&self, m: usize) -> Option<(String, usize)> {
        let us = self.g.us.as_ref()?;
        if self.id(m) != us.title {
            return None;
        }
        let number = self.word(m + 1).filter(|w| digits(w))?;
        let slug = normalize_doc_code(&format!("{number} U.S.C.")).ok()?;
        let mut c = m + 2;
        if self.is_punct(c, ',') {
            c += 1;
        } else if self.words_are(c, &[us.of, us.the]) {
            c += 2;
        }
        if self.words_are(c, &[us.united, us.states, us.code]) {
            return Some((slug, c + 3));
        }
        self.in_us_code.then_some((slug, m + 2))
    }

    /// Whether the dash at `k` joins the member before it into a US Code section number
    /// (`1320a–7b`, `300aa–12`): glued on both sides, after a number with a letter suffix.
    pub(super) fn us_compound_number(&self, k: usize, level: &Level<'_>) -> bool {
        let is_us = self.g.us.as_ref().is_some_and(|us| us.vocab == level.vocab);
        let glued = self.tok(k).is_some_and(|t| t.glued)
            && self
                .tok(k + 1)
                .is_some_and(|t| t.glued && t.kind == Kind::Word);
        let before = k
            .checked_sub(1)
            .and_then(|j| self.word(j))
            .is_some_and(|w| {
                w.starts_with(|c: char| c.is_ascii_digit())
                    && w.ends_with(|c: char| c.is_ascii_alphabetic())
            });
        is_us && glued && before
    }

    /// `Public Law 114-190`, `Pub. L. 114–190`, `Pub. L. No. 114-190`, `P.L. 114-190` at `m`.
    pub(super) fn public_law(&self, m: usize) -> Option<(String, usize)> {
        let us = self.g.us.as_ref()?;
        let dotted = |first: u16| {
            self.id(m) == first
                && self.is_punct(m + 1, '.')
                && self.id(m + 2) == us.l
                && self.is_punct(m + 3, '.')
        };
        let mut c = if self.words_are(m, &[us.public, us.law]) {
            m + 2
        } else if dotted(us.pub_) || dotted(us.p) {
            m + 4
        } else {
            return None;
        };
        if self.id(c) == us.no && self.is_punct(c + 1, '.') {
            c += 2;
        }
        let (congress, law, end) = match self.word(c)?.split_once('-') {
            Some((congress, law)) => (congress, law, c + 1),
            None => {
                let dash = ['-', '–', '—'].iter().any(|&d| self.is_punct(c + 1, d));
                let glued = self.tok(c + 1).is_some_and(|t| t.glued)
                    && self.tok(c + 2).is_some_and(|t| t.glued);
                if !(dash && glued) {
                    return None;
                }
                (self.word(c)?, self.word(c + 2)?, c + 3)
            }
        };
        if !digits(congress) || !digits(law) {
            return None;
        }
        let slug = normalize_doc_code(&format!("Pub. L. {congress}-{law}")).ok()?;
        Some((slug, end))
    }

    /// A US document as the tail of a citation: `of title 49, United States Code`, `of Public Law 114-190`.
    pub(super) fn us_document(&self, m: usize) -> Option<(String, usize)> {
        self.us_title(m).or_else(|| self.public_law(m))
    }

    /// A citation that starts with its US document: `42 U.S.C. § 1983(b)`, `Pub. L. 112–231, § 2(a)`,
    /// or the document alone (`Public Law 114-190`, `title 49, United States Code`).
    pub(super) fn us_citation(&self, i: usize) -> Option<(Parsed<'v>, usize)> {
        let us = self.g.us.as_ref()?;
        let (slug, after, alone) = if let Some((slug, after)) = self.us_code(i) {
            (slug, after, false)
        } else if let Some((slug, after)) = self.public_law(i) {
            (slug, after, true)
        } else {
            let (slug, after) = self.us_title(i)?;
            (slug, after, true)
        };
        // `§`, `§§`, or `, §` after a public law.
        let mut k = after;
        if alone && self.is_punct(k, ',') && self.is_punct(k + 1, '§') {
            k += 1;
        }
        let mut section_sign = false;
        while self.is_punct(k, '§') {
            k += 1;
            section_sign = true;
        }
        let label_end = if section_sign { k } else { after };
        let level = Level {
            vocab: us.vocab,
            section: us.section,
            this: false,
            items: Vec::new(),
            unexpanded: None,
            label: self.span_text(i, label_end).to_owned(),
        };
        let sections = (!alone || section_sign)
            .then(|| self.members(k, level))
            .flatten();
        let (chains, end) = match sections {
            Some((level, end)) => (
                vec![Chain {
                    levels: vec![level],
                }],
                end,
            ),
            // `42 U.S.C.` alone cites nothing; a public law or a title alone cites the document.
            None if alone => (Vec::new(), after),
            None => return None,
        };
        let parsed = Parsed {
            chains,
            doc: DocRef::Code(slug),
            start: i,
            end,
        };
        Some((parsed, end))
    }
}
