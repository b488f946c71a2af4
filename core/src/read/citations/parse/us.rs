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
//! | `50 U.S.C. App.` (the Appendix to title 50) | `50 U.S.C. App.` | `50-u-s-c-app` |
//! | `Public Law 114-190`, `Pub. L. 114–190`, `Pub. L. No. 114-190`, `P.L. 114-190`, `Pub.L. 114-190`, `Pub L 114–190`, `PL 114-190` | `Pub. L. 114-190` | `pub-l-114-190` |
//! | `Private Law 96–164`, `Priv. L. No. 96-164`, `Priv L 96–164` | `Priv. L. 96-164` | `priv-l-96-164` |
//!
//! A Code section number with a dash is one ordinal, the dash spelled `p`
//! (`Parser::us_section_number`): `404o-1` → `404op1`, `288–1` → `288p1`.

use crate::text::doc_code::normalize_doc_code;
use crate::text::fold::fold;
use crate::text::vocabulary::{SectionType, Vocabulary};

use super::super::lexer::{Keywords, Kind};
use super::{Chain, DocRef, Level, Parsed, Parser};

/// The words of the US forms, and the section type a US Code section is.
pub(in crate::read::citations) struct UsForms<'v> {
    vocab: usize,
    section: &'v SectionType,
    u: u16,
    s: u16,
    c: u16,
    usc: u16,
    pub_: u16,
    priv_: u16,
    private: u16,
    pl: u16,
    app: u16,
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
            priv_: id("priv"),
            private: id("private"),
            pl: id("pl"),
            app: id("app"),
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

    /// Words that start a public or private law (`Pub. L.`, `Public Law`, `P.L.`, `PL`, `Priv. L.`).
    pub fn may_start(&self, id: u16) -> bool {
        [
            self.pub_,
            self.public,
            self.p,
            self.pl,
            self.priv_,
            self.private,
        ]
        .contains(&id)
    }
}

/// Whether a document slug is a title of the US Code (`42-u-s-c`).
pub(in crate::read::citations) fn is_us_code_title(slug: &str) -> bool {
    slug.strip_suffix("-u-s-c")
        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty())
}

fn digits(word: &str) -> bool {
    !word.is_empty() && word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit())
}

/// The number a part of a US Code section number starts with, when the part is one: at most
/// six digits and three letters (`460nnn`, `5318A`, `7b`, `101`).
fn section_part(part: &str) -> Option<u32> {
    let n = part.bytes().take_while(u8::is_ascii_digit).count();
    let letters = part.get(n..)?;
    let shaped = (1..=6).contains(&n)
        && letters.len() <= 3
        && letters.bytes().all(|b| b.is_ascii_alphabetic());
    shaped.then(|| part.get(..n)?.parse().ok()).flatten()
}

/// Whether `after` continues the section number `before` across a dash: a range runs forward,
/// so a number after the dash smaller than the one before joins it (`404o-1`, `288–1`,
/// `1320a–7b`, `460nnn-101`); `10a-10c`, `3–5` are ranges.
fn joins(before: &str, after: &str) -> bool {
    matches!((section_part(before), section_part(after)), (Some(b), Some(a)) if a < b)
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
        // `50 U.S.C. App.`: the Appendix to a title is a document of its own (`50-u-s-c-app`).
        if self.id(after) == us.app {
            let end = if self.is_punct(after + 1, '.') {
                after + 2
            } else {
                after + 1
            };
            let slug = normalize_doc_code(&format!("{number} U.S.C. App.")).ok()?;
            return Some((slug, end));
        }
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

    /// A US Code section number written with a dash at `k`, as one ordinal: the dash is
    /// spelled `p`, as an inserted number is (`404o-1` → `404op1`, `288–1` → `288p1`,
    /// `1320a–7b` → `1320ap7b`; the Code has no decimal section numbers, so no two collide).
    /// Only for the `us` section type, and only when the dash cannot be a range (see [`joins`]).
    pub(super) fn us_section_number(
        &self,
        k: usize,
        section: &SectionType,
    ) -> Option<(String, usize)> {
        let us = self.g.us.as_ref()?;
        if !std::ptr::eq(us.section, section) {
            return None;
        }
        let word = self.word(k)?;
        let (parts, next) = match word.split_once('-') {
            Some((before, after)) => ((before, after), k + 1),
            None => {
                let glued = self.is_dash(k + 1)
                    && self.tok(k + 1).is_some_and(|t| t.glued)
                    && self.tok(k + 2).is_some_and(|t| t.glued);
                if !glued {
                    return None;
                }
                ((word, self.word(k + 2)?), k + 3)
            }
        };
        let (before, after) = parts;
        // `300aa-12-1`: a later dash joins as the first one does.
        let mut rest = after.split('-');
        let first = rest.next()?;
        if !joins(before, first) || rest.clone().any(|p| section_part(p).is_none()) {
            return None;
        }
        let mut ordinal = before.to_ascii_lowercase();
        for part in after.split('-') {
            ordinal.push('p');
            ordinal.push_str(&part.to_ascii_lowercase());
        }
        Some((ordinal, next))
    }

    /// A range of US Code sections written as one word (`§§ 10a-10c`, `§§4241-4243`): its
    /// two ends, as ordinals.
    pub(super) fn us_word_range(
        &self,
        k: usize,
        vocab: usize,
        section: &SectionType,
    ) -> Option<(String, String)> {
        let us = self.g.us.as_ref()?;
        if us.vocab != vocab || !std::ptr::eq(us.section, section) {
            return None;
        }
        let (before, after) = self.word(k)?.split_once('-')?;
        if section_part(before).is_none() || section_part(after).is_none() || joins(before, after) {
            return None;
        }
        let style = section.ordinal_style;
        let from = crate::text::ordinal::normalize_ordinal(style, before).ok()?;
        let to = crate::text::ordinal::normalize_ordinal(style, after).ok()?;
        Some((from, to))
    }

    /// A public or private law at `m`: `Public Law 114-190`, `Pub. L. 114–190`, `Pub. L. No.
    /// 114-190`, `Pub.L. 105-33`, `Pub L 96–164`, `P.L. 114-190`, `PL 111-83`; `Private Law
    /// 96–164`, `Priv. L. No. 96-164`, `Priv L 96–164` (slug `priv-l-96-164`). The undotted
    /// forms (`Pub L`, `PL`) are common words or initials too, so every form needs the
    /// `congress-number` after it.
    pub(super) fn public_law(&self, m: usize) -> Option<(String, usize)> {
        let us = self.g.us.as_ref()?;
        let first = self.id(m);
        let private = first == us.priv_ || first == us.private;
        let mut c = if self.words_are(m, &[us.public, us.law])
            || self.words_are(m, &[us.private, us.law])
        {
            m + 2
        } else if first == us.pl {
            m + 1
        } else if first == us.p {
            // `P.L.` only dotted: a lone `P` is an initial.
            if !(self.is_punct(m + 1, '.') && self.id(m + 2) == us.l && self.is_punct(m + 3, '.')) {
                return None;
            }
            m + 4
        } else if first == us.pub_ || first == us.priv_ {
            let mut c = m + 1;
            if self.is_punct(c, '.') {
                c += 1;
            }
            if self.id(c) != us.l {
                return None;
            }
            c += 1;
            if self.is_punct(c, '.') {
                c += 1;
            }
            c
        } else {
            return None;
        };
        if self.id(c) == us.no {
            c += 1;
            if self.is_punct(c, '.') {
                c += 1;
            }
        }
        let (congress, law, end) = match self.word(c)?.split_once('-') {
            Some((congress, law)) => (congress, law, c + 1),
            None => {
                let glued = self.tok(c + 1).is_some_and(|t| t.glued)
                    && self.tok(c + 2).is_some_and(|t| t.glued);
                if !(self.is_dash(c + 1) && glued) {
                    return None;
                }
                (self.word(c)?, self.word(c + 2)?, c + 3)
            }
        };
        if !digits(congress) || !digits(law) {
            return None;
        }
        let kind = if private { "Priv. L." } else { "Pub. L." };
        let slug = normalize_doc_code(&format!("{kind} {congress}-{law}")).ok()?;
        Some((slug, end))
    }

    /// A US document as the tail of a citation: `of title 49, United States Code`, `of Public Law 114-190`.
    pub(super) fn us_document(&self, m: usize) -> Option<(String, usize)> {
        self.us_title(m)
            .or_else(|| self.public_law(m))
            .or_else(|| self.us_code(m)) // `Section 14123(a)(2) of 49 U.S.C.`
    }

    /// A citation that starts with its US document: `42 U.S.C. § 1983(b)`, `Pub. L. 112–231, § 2(a)`,
    /// `Pub. L. 109–435, title IV, § 405(a)`, `46 U.S.C. Chapters 701, 3306, 3703`, or the
    /// document alone (`Public Law 114-190`, `title 49, United States Code`).
    pub(super) fn us_citation(&self, i: usize) -> Option<(Parsed<'v>, usize)> {
        let us = self.g.us.as_ref()?;
        let (slug, chains, end) = if let Some((slug, after)) = self.us_code(i) {
            // `§`, `§§` or nothing, then the sections; or a labelled level (`Chapters 701`).
            let mut k = after;
            while self.is_punct(k, '§') {
                k += 1;
            }
            let found = self
                .members(k, self.us_level(us, i, k))
                .map(|(level, end)| {
                    let levels = vec![level];
                    (Chain { levels }, end)
                });
            let labelled = || (k == after).then(|| self.us_labelled(k)).flatten();
            // `42 U.S.C.` alone cites nothing.
            let (chain, end) = found.or_else(labelled)?;
            (slug, vec![chain], end)
        } else {
            let (slug, after) = self.public_law(i).or_else(|| self.us_title(i))?;
            let (chains, end) = self.us_parts(us, after);
            (slug, chains, end)
        };
        let parsed = Parsed {
            chains,
            doc: DocRef::Code(slug),
            start: i,
            end,
        };
        Some((parsed, end))
    }

    /// An empty level of US Code sections, labelled by the words from `from` to `to`.
    fn us_level(&self, us: &UsForms<'v>, from: usize, to: usize) -> Level<'v> {
        Level {
            vocab: us.vocab,
            section: us.section,
            this: false,
            items: Vec::new(),
            unexpanded: None,
            label: self.span_text(from, to).to_owned(),
        }
    }

    /// A chain of `us` levels at `m` that is no other document (`Chapters 701`, `title XI`;
    /// not `title 44, United States Code`).
    fn us_labelled(&self, m: usize) -> Option<(Chain<'v>, usize)> {
        let us = self.g.us.as_ref()?;
        if self.us_title(m).is_some() || !self.starts_level(m) {
            return None;
        }
        self.chain(m)
            .filter(|(chain, _)| chain.levels.iter().all(|l| l.vocab == us.vocab))
    }

    /// The parts of a public law cited after it, each after a comma: `, § 2(a)`, `, title XI`,
    /// `, title IV, § 403(b)(1), title V, § 504` (as the Code's source credits cite them: a
    /// section numbers through the law, so `title IV, § 405` is `…/section-405`).
    fn us_parts(&self, us: &UsForms<'v>, after: usize) -> (Vec<Chain<'v>>, usize) {
        let mut chains = Vec::new();
        let mut end = after;
        while self.is_punct(end, ',') {
            let m = end + 1;
            let (mut chain, mut e) = if self.is_punct(m, '§') {
                (Chain { levels: Vec::new() }, m)
            } else if let Some(found) = self.us_labelled(m).filter(|(chain, e)| {
                // Not `, this section` nor `, section 5 of the Act`: those cite another document.
                chain.levels.iter().all(|l| !l.this)
                    && !self.g.ids.doc_links.contains(&self.id(*e))
                    && matches!(self.doc_tail(*e), (DocRef::None, _))
            }) {
                found
            } else {
                break;
            };
            let sign = if chain.levels.is_empty() {
                Some(m)
            } else {
                (self.is_punct(e, ',') && self.is_punct(e + 1, '§')).then_some(e + 1)
            };
            if let Some(sign) = sign {
                let mut k = sign;
                while self.is_punct(k, '§') {
                    k += 1;
                }
                if let Some((level, next)) = self.members(k, self.us_level(us, sign, k)) {
                    chain.levels.push(level);
                    e = next;
                }
            }
            if chain.levels.is_empty() {
                break;
            }
            chains.push(chain);
            end = e;
        }
        (chains, end)
    }
}
