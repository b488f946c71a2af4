//! Citations in running text, found and normalized with their spans.
//!
//! [`find_citations`] scans a text once (hand-written, no regex) and returns every
//! citation it holds, in order, each with its byte span in the original text and the
//! canonical addresses it cites:
//!
//! | text | addresses (`current_doc` = `45/2019/QH14`) |
//! |---|---|
//! | `điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14` | `45-2019-qh14/dieu-44/khoan-1/diem-dd` |
//! | `khoản 2 và khoản 3 Điều 5` | `…/dieu-5/khoan-2`, `…/dieu-5/khoan-3` |
//! | `các khoản 1, 2 và 3 Điều 7` | `…/dieu-7/khoan-1`, `…/khoan-2`, `…/khoan-3` |
//! | `điểm a, b và c khoản 2 Điều 9` | three points of `…/dieu-9/khoan-2` |
//! | `Điều 5 và Điều 6` | `…/dieu-5`, `…/dieu-6` |
//! | `từ Điều 3 đến Điều 5` | `…/dieu-3`, `…/dieu-4`, `…/dieu-5` |
//! | `khoản 1 Điều này` (context `…/dieu-44/khoan-3`) | `…/dieu-44/khoan-1`, `relative` |
//! | `section 5(1)(a)`, `Article 3(2)`, `sections 4 and 5`, `paragraph (2) of Article 7` | English vocabulary |
//!
//! With the `us`, `uk` or `commonwealth` vocabulary (`current_doc` = `Pub. L. 114-190`, `ukpga/2000/32`):
//!
//! | text | addresses |
//! |---|---|
//! | `section 101(a)(1)(A)(ii)` (us) | `pub-l-114-190/section-101/subsection-a/paragraph-1/subparagraph-a/clause-2` |
//! | `paragraph (2) of subsection (a) of section 5` (us) | `…/section-5/subsection-a/paragraph-2` |
//! | `subsection (b)` (us, context `…/section-101/subsection-a/…`) | `…/section-101/subsection-b`, `relative` |
//! | `section 106(f)(2)(A) of title 49, United States Code` | `49-u-s-c/section-106/subsection-f/paragraph-2/subparagraph-a` |
//! | `42 U.S.C. 1983`, `42 U.S.C. § 1983`, `42 USC 1983(b)` | `42-u-s-c/section-1983`, `…/subsection-b` |
//! | `Public Law 114-190`, `Pub. L. 114–190`; `Pub. L. 112–231, § 2(a)` | `pub-l-114-190`; `pub-l-112-231/section-2/subsection-a` |
//! | `50 U.S.C. 404o-1(a)`, `42 U.S.C. 288–1` | `50-u-s-c/section-404op1/subsection-a`, `42-u-s-c/section-288p1` |
//! | `41 U.S.C. §§ 10a-10c`, `18 U.S.C. §§ 4241-4243` | `41-u-s-c/section-10a`, `…/section-10c` (`range-not-expanded`); three sections |
//! | `50 U.S.C. App. 595`, `Section 14123(a)(2) of 49 U.S.C.`, `section 89, title 14, United States Code` | `50-u-s-c-app/section-595`, `49-u-s-c/section-14123/subsection-a/paragraph-2`, `14-u-s-c/section-89` |
//! | `Pub. L. 109–435, title IV, § 405(a)`, `PL 111-83`, `Priv. L. No. 96-164` | `pub-l-109-435/section-405/subsection-a`, `pub-l-111-83`, `priv-l-96-164` |
//! | `section 3(2)(b)` (uk, commonwealth) | `…/section-3/subsection-2/paragraph-b` |
//! | `paragraph 3(2) of Schedule 1`, `Part 2 of Schedule 1` (uk) | `…/schedule-1/para-3/subpara-2`, `…/schedule-1/schedulepart-2` |
//!
//! # Which vocabulary
//! The caller passes the vocabularies: the document's own one (`default_vocabulary("us")`),
//! or several, and then a label is read as the first vocabulary that has it (with every
//! shipped vocabulary, `section` is the generic `en` one, as before these styles existed).
//! Within one vocabulary a label several section types share is read as each in turn, the
//! full label first: `Schedule paragraph` is also written `paragraph` (a label whose first
//! word is another label also reads as the rest of it), so UK `paragraph (b)` is a paragraph
//! and `paragraph 3` a schedule paragraph; in a chain (`Part 2 of Schedule 1`) the reading
//! that nests in the outer level wins.
//!
//! # What counts as a citation
//! A section label of one of the vocabularies (`Điều`, `khoản`, `Section`, also the plural
//! `sections` and the address token `dieu`), followed by an ordinal written the way that
//! section type writes them: digits with at most two suffix letters (`10a`), a Roman numeral
//! (`II`, upper case unless the type is roman-style), one letter with at most two digits
//! (`đ`, `a1`, `a)`), or `thứ` and number words (`Phần thứ nhất`). Anything else after the
//! label means the word is prose: `Điều kiện`, `Mục tiêu`, `điểm mới`, `Chương trình`,
//! `part of` are no citations. A label alone at the start of a line (or after the opening quote
//! of amending text) followed by its ordinal and `.`, `:` or its line break (`Điều 44. Phạm vi`,
//! `Chương II`) is a heading, not a citation; so is one run into a line after a sentence and
//! followed by a title in capitals (`… NĐ-CP. Mục 1. BIỆN PHÁP …`). A Vietnamese label is
//! compared as written or typed without marks (`mức 150` is no `Mục`). Units followed by
//! `Phụ lục`, `Mẫu`, `Biểu` are an appendix's or a form's items, which have no address.
//!
//! A **document cited alone** is a citation whose address is its slug: `Luật này`, `Nghị định
//! này`, `this Act`, a code after a type word (`Nghị định số 75/2021/NĐ-CP`, `luật số
//! 87/2025/QH15`). A law named by its title only (`Luật Đất đai năm 2013`, `Bộ luật dân sự`,
//! `Hiến pháp`; not `Luật sư`, `Quyết định xử phạt`) and an English document named by title or
//! defined term (`the Companies Act 2006`, `that Act`, `the Act`) are citations with no address
//! and an `unidentified-document` problem. [`CitationFinder::units_only`] leaves them out.
//!
//! English inserted numbers are read as the cutter reads them in headings (`section 3.1` →
//! `3p1`, `(1.2)` → `1p2`, `(a.1)` → `a1`); Canada cites a provision below a section by the
//! section's number (`subsection 6(8)`, `paragraph 5(1)(a)`), in the `commonwealth` vocabulary.
//!
//! # Grammar
//! - A **level** is a label and its members: `khoản 1, 2 và 3`, `các khoản …`, `từ Điều 3 đến Điều 5`,
//!   `sections 4 and 5`, `section 5(1) and (2)`. Members are separated by `,`, `và`, `hoặc`, `hay`,
//!   `và/hoặc`, `and`, `or`. Glued parentheses go one level down (`5(1)(a)`, `Article 3(2)`).
//!   Each group is the nearest child type of the one before it, read in that type's ordinal
//!   style (US `(a)(1)(A)(i)(I)(aa)`: subsection, paragraph, subparagraph, clause, subclause,
//!   item). A parenthesised list member continues the deepest level that reads it; the US and
//!   UK styles are case-sensitive there, so `(ii)` after `(A)(i)` is clause 2, `(B)` is
//!   subparagraph B and `(b)` subsection b. A clause (`(i)`) is never written in digits.
//! - A **chain** is levels innermost first (`điểm a khoản 1 Điều 5`, `paragraph (2) of Article 7`)
//!   or outermost first (`Điều 44, khoản 1, điểm đ`). A citation root (`Điều`, `Chương`, `Phần`,
//!   `Section`, `Article`, …) restarts the address at the document, so levels above the innermost
//!   root are dropped (`khoản 1 Điều 44 Chương II` → `…/dieu-44/khoan-1`).
//! - A **citation** is chains joined by separators (`khoản 1 Điều 5 và khoản 2 Điều 6`), then an
//!   optional document: a code (`Luật số 45/2019/QH14`, `of Act No. 12/2020`,
//!   `Regulation (EU) 2016/679`), the current one (`Luật này`, `of this Act`), or a document named
//!   without a code (`của Luật Đất đai`, `of the Companies Act`).
//! - A chain without a root (or `này`) takes the outer levels of the nearest anchored chain after
//!   it, else of the nearest one before it (a chain completed this way counts as anchored):
//!   `khoản 2 và khoản 3 Điều 5`, `điểm a khoản 1 và điểm b khoản 2 Điều 5`, `khoản 1 Điều 5 và khoản 2`.
//! - A citation lists at most [`MAX_ADDRESSES`] addresses; a range expands to at most [`MAX_RANGE`].
//!
//! # Ranges
//! `từ Điều 3 đến Điều 5`, `Điều 3 đến 5`, `điểm a đến điểm đ`, `Articles 3 to 5` are expanded
//! when both ends can be counted: plain numbers (at most [`MAX_RANGE`] of them), or single letters
//! in the vocabulary's alphabet (Vietnamese order `a b c d đ e g …` for `vi`, `a`–`z` otherwise).
//! The expansion is arithmetic: an amendment insertion such as `Điều 10a` between the ends is not
//! known to the text and is not listed. Ranges that cannot be counted (`Điều 10a đến Điều 12`,
//! reversed ends) list their two ends and carry [`CitationProblem::RangeNotExpanded`]. A
//! parenthesised end continues the item before it where it reads, and the range runs at that
//! depth: `section 5(1) to (3)` is subsections 1 to 3, `16 U.S.C. 460l–6a(j) through (n)`
//! subsections j to n. Ends written in full below the level (`41 U.S.C. 10a(1)-10c(2)`) are
//! listed as they are.
//!
//! # US documents
//! Read only when the `us` vocabulary is passed (rules and spellings in `parse/us.rs`). A
//! document's slug is, as for `Luật số 45/2019/QH14`, the slug of the code it is published
//! under, so a citation lands on the document cut under that code: a title of the US Code is
//! `42 U.S.C.` → `42-u-s-c` (`42 USC`, `title 42, United States Code` alike), a public law
//! `Pub. L. 114-190` → `pub-l-114-190` (`Public Law 114–190`, `P.L. 114-190` alike). A document
//! cited alone (`Public Law 114-190`, `title 49, United States Code`) is a citation whose
//! address is the slug. In a title of the US Code, `section 2102 of Title 44` is title 44 of
//! the Code (that is how the Code cites itself); elsewhere `title 44` alone is a title of the
//! current act.
//!
//! A Code section number with a dash (`1320a–7b`, `404o-1`, `288–1`, `460nnn-101`) is one
//! section. An address ordinal has no hyphen (canonical-address-v1 is frozen), so the dash is
//! spelled `p`, as an inserted number is (`3.1` → `3p1`): `section-1320ap7b`, `section-288p1`.
//! The Code has no decimal section numbers, so no two sections collide. A dash is read so when it
//! cannot be a range: a range runs forward, so a dash before a smaller number (`288–1`,
//! `5362-10c`, `300aa–12`) joins the number, and a dash before an equal or larger one is a range
//! (`sections 1–48`, `§§ 4241-4243`, `10a-10c`; `§§ 451--473` too). A range whose ends cannot be
//! counted (`10a-10c`, `10a(1)-10c(2)`) lists its two ends, as any such range does. The Appendix
//! to a title is a document of its own (`50 U.S.C. App.` → `50-u-s-c-app`), a private law too
//! (`Priv. L. 96-164` → `priv-l-96-164`). `Pub L`, `PL` are read only before a `congress-number`.
//! After a public law, `, title IV, § 405(a)` (the Code's source credits) is section 405 of the
//! law: its sections number through it.
//!
//! # Documents and relative citations
//! The document of an address is, in order: the code in the citation; for `Luật này` / `this Act`
//! and for citations naming no document, `current_doc` (a code or a slug), else the document of
//! the context address. A chain anchored on `Điều này` / `this section`, or with no root at all
//! (`khoản 1`, `điểm a khoản này`), is **relative**: it is resolved against the context address
//! (`khoản 1 Điều này` in `…/dieu-44/khoan-3` → `…/dieu-44/khoan-1`; `điểm a` in
//! `…/dieu-5/khoan-2` → `…/dieu-5/khoan-2/diem-a`).
//!
//! # Citations that cannot be resolved
//! Every citation found is reported, even when no address can be built. Then
//! [`Citation::problem`] says why (`missing-document`, `missing-context`, …) and
//! [`Citation::addresses`] holds only the addresses that could be built — usually none. A citation
//! with several chains may have some addresses and a problem about another chain; the problem is
//! the first one met in reading order.
//!
//! # Guarantees
//! Offsets are bytes into the text as given (NFC or NFD), always on character boundaries;
//! citations never overlap and come in text order. Scanning is linear in the text: about
//! 11 ms per MB of Vietnamese legal prose in a native release build, never panics.
//!
//! # Known limits
//! `Điều này` at the start of a sentence may mean "this matter" rather than "this article";
//! it is always read as a relative citation. `this Part` likewise. A document named by its
//! title only (`Luật Đất đai`) cannot become a slug and is reported as unidentified (its code
//! may be in the citing document's preamble; nothing reads it from there yet). A citation in
//! the text an amending law inserts into another law belongs to that law: the caller says so
//! by passing it as `current_doc` (tests/citations passes what the amendment reader reads).
//! A parenthesised group that skips a level (US `section 5(1)` where section 5 has no
//! subsections) is not read: the citation stops before it (`section 5`). A citation inside an
//! amendment (`paragraph (1)` of a section being amended) is resolved against the citing unit.

mod lexer;
mod parse;
pub mod resolve;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_styles;

use crate::text::citation_problem::CitationProblem;
use crate::text::report::Report;
use std::collections::HashSet;

use serde::Serialize;

use crate::text::address::{validate, Address};
use crate::text::doc_code::normalize_doc_code;
use crate::text::vocabulary::{SectionType, Vocabulary};
use parse::{DocRef, Grammar, Level, Parsed, Parser};

pub use parse::MAX_RANGE;

/// Most addresses one citation expands to; beyond, [`CitationProblem::TooManyAddresses`].
pub use crate::text::citation_problem::MAX_ADDRESSES;

/// A half-open byte range `[start, end)` of the scanned text, on character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One citation found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Citation {
    /// Where the citation is, including a leading `các`/`từ`/`this` and the document words.
    pub span: Span,
    /// The cited words, exactly as written (`text[span]`).
    pub text: String,
    /// Canonical addresses in reading order, without duplicates; several for enumerations and ranges.
    pub addresses: Vec<String>,
    /// The slug of the document the citation names: its code, or the current document for
    /// `Luật này` / `this Act`. `None` when the citation names no document.
    pub doc: Option<String>,
    /// True when a chain is resolved against the context address (`Điều này`, `khoản 1` alone).
    pub relative: bool,
    /// Why some or all addresses could not be built; `None` when every chain resolved.
    pub problem: Option<CitationProblem>,
}

/// A scanner prepared for a set of vocabularies; reuse it for many texts.
pub struct CitationFinder<'v> {
    grammar: Grammar<'v>,
    /// Whether a document cited with no unit (`Luật này`, `Nghị định số 75/2021/NĐ-CP`, `the
    /// Companies Act 2006`) is a citation; see [`CitationFinder::units_only`].
    documents: bool,
}

impl<'v> CitationFinder<'v> {
    /// Folds and indexes the labels of the active section types of `vocabularies`.
    pub fn new(vocabularies: &'v [Vocabulary]) -> Self {
        Self {
            grammar: Grammar::new(vocabularies),
            documents: true,
        }
    }

    /// A finder that reports citations of units only: the amendment reader takes every citation
    /// in an instruction for a target, and a law named in its words (`của Luật Đất đai`) is not one.
    pub fn units_only(mut self) -> Self {
        self.documents = false;
        self
    }

    /// Every citation in `text`, in order. See the module documentation for the rules.
    ///
    /// `current_doc` is the code or slug of the document the text belongs to; `context` is the
    /// address of the unit the text belongs to, for relative citations.
    pub fn find(
        &self,
        text: &str,
        current_doc: Option<&str>,
        context: Option<&Address>,
    ) -> Vec<Citation> {
        let toks = lexer::tokens(text, &self.grammar.keywords);
        let env = self.env(current_doc, context);
        let parser = self.parser(text, &toks, &env);
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(tok) = toks.get(i) {
            if self.grammar.may_start(tok.id) || parser.starts_us_code(i) {
                if let Some((parsed, next)) = parser.citation(i) {
                    out.push(env.citation(text, &toks, parsed));
                    i = next.max(i + 1);
                    continue;
                }
            }
            i += 1;
        }
        out
    }

    /// The whole of `text` as a document cited alone, in the words a citation's document is
    /// written (`Luật số 45/2019/QH14`, `45/2019/QH14`, `số 12/2020`, `Luật này`): a citation
    /// whose address is the document's slug. `None` when `text` does not start with a document.
    /// [`CitationFinder::find`] does not report these in running text (a document named in
    /// prose is no unit cited); an address typed by hand may be one (`normalize_address`).
    pub fn find_document(&self, text: &str, current_doc: Option<&str>) -> Option<Citation> {
        let toks = lexer::tokens(text, &self.grammar.keywords);
        let env = self.env(current_doc, None);
        let parser = self.parser(text, &toks, &env);
        let (doc, end) = parser.doc_tail(0);
        if end == 0 || matches!(doc, DocRef::None) {
            return None;
        }
        // `Env::citation` gives a document cited alone its problem (`Luật này` with no current
        // document, a document named without its code).
        let parsed = Parsed {
            chains: Vec::new(),
            doc,
            start: 0,
            end,
        };
        Some(env.citation(text, &toks, parsed))
    }

    fn env<'c>(&self, current_doc: Option<&str>, context: Option<&'c Address>) -> Env<'c, 'v> {
        Env {
            current: current_doc.map(|d| normalize_doc_code(d).map_err(|_| d.to_owned())),
            context,
            vocabs: self.grammar.vocabs,
        }
    }

    fn parser<'a>(
        &'a self,
        text: &'a str,
        toks: &'a [lexer::Token],
        env: &Env<'_, 'v>,
    ) -> Parser<'a, 'v> {
        let in_us_code = env
            .fallback_doc()
            .is_ok_and(|doc| parse::is_us_code_title(&doc));
        Parser {
            text,
            toks,
            g: &self.grammar,
            in_us_code,
            documents: self.documents,
        }
    }
}

/// Every citation in `text`, without a context address. See [`find_citations_in`].
pub fn find_citations(
    text: &str,
    vocabularies: &[Vocabulary],
    current_doc: Option<&str>,
) -> Vec<Citation> {
    find_citations_in(text, vocabularies, current_doc, None)
}

/// Every citation in `text`, relative ones resolved against `context`. Never fails: a citation
/// that cannot be resolved is reported with its [`Citation::problem`].
pub fn find_citations_in(
    text: &str,
    vocabularies: &[Vocabulary],
    current_doc: Option<&str>,
    context: Option<&Address>,
) -> Vec<Citation> {
    CitationFinder::new(vocabularies).find(text, current_doc, context)
}

/// What a citation is resolved against.
struct Env<'c, 'v> {
    /// The current document's slug, or the input that could not become one.
    current: Option<Result<String, String>>,
    context: Option<&'c Address>,
    vocabs: &'v [Vocabulary],
}

/// A partly built address: the text so far and the section type of its last segment.
#[derive(Clone)]
struct Partial<'v> {
    text: String,
    last: Option<&'v SectionType>,
}

impl<'v> Env<'_, 'v> {
    fn citation(&self, text: &str, toks: &[lexer::Token], parsed: Parsed<'v>) -> Citation {
        let start = toks.get(parsed.start).map_or(0, |t| t.start);
        let end = parsed
            .end
            .checked_sub(1)
            .and_then(|i| toks.get(i))
            .map_or(start, |t| t.end.max(start));
        let mut out = Citation {
            span: Span { start, end },
            text: text.get(start..end).unwrap_or_default().to_owned(),
            addresses: Vec::new(),
            doc: None,
            relative: false,
            problem: None,
        };
        let named: Result<Option<String>, CitationProblem> = match &parsed.doc {
            DocRef::None => Ok(None),
            DocRef::Code(slug) => Ok(Some(slug.clone())),
            DocRef::This => self.fallback_doc().map(Some),
            DocRef::Unidentified(found) => Err(CitationProblem::UnidentifiedDocument {
                found: found.clone(),
            }),
        };
        out.doc = named.clone().ok().flatten();
        if parsed.chains.is_empty() {
            // A document cited alone (`Public Law 114-190`): its address is its slug; one named
            // by its title only (`Luật Đất đai`, `the Companies Act 2006`) says why it has none.
            match named {
                Ok(Some(doc)) => out.addresses.push(doc),
                Ok(None) => {}
                Err(problem) => out.problem = Some(problem),
            }
            return out;
        }
        let names_other = matches!(parsed.doc, DocRef::Code(_) | DocRef::Unidentified(_));
        let mut seen = HashSet::new();
        for levels in complete(parsed.chains) {
            if let Err(problem) = self.chain(&levels, &named, names_other, &mut out, &mut seen) {
                let stop = matches!(problem, CitationProblem::TooManyAddresses { .. });
                out.problem.get_or_insert(problem);
                if stop {
                    break;
                }
            }
        }
        out
    }

    /// `current_doc`, else the context's document. A `current_doc` that is no document code
    /// (`C.R.C., c. 1400`) gives way to a context, whose address already names the document
    /// the text is in.
    fn fallback_doc(&self) -> Result<String, CitationProblem> {
        match (&self.current, self.context) {
            (Some(Ok(slug)), _) => Ok(slug.clone()),
            (_, Some(context)) => Ok(context.doc.to_string()),
            (Some(Err(found)), None) => Err(CitationProblem::InvalidCurrentDoc {
                found: found.clone(),
            }),
            (None, None) => Err(CitationProblem::MissingDocument),
        }
    }

    /// Adds the addresses of one chain (outermost level first) to `out`.
    fn chain(
        &self,
        levels: &[Level<'v>],
        named: &Result<Option<String>, CitationProblem>,
        names_other: bool,
        out: &mut Citation,
        seen: &mut HashSet<String>,
    ) -> Result<(), CitationProblem> {
        let anchor = levels
            .iter()
            .rposition(|l| l.this || l.section.citation_root);
        let (base, rest) = match anchor.and_then(|p| levels.get(p).map(|l| (p, l))) {
            Some((p, level)) if level.this => {
                out.relative = true;
                (
                    self.context_prefix(level, |s| s.address_token == level.section.address_token)?,
                    levels.get(p + 1..).unwrap_or_default(),
                )
            }
            Some((p, _)) => {
                let doc = match named {
                    Ok(Some(slug)) => slug.clone(),
                    Ok(None) => self.fallback_doc()?,
                    Err(problem) => return Err(problem.clone()),
                };
                let base = Partial {
                    text: doc,
                    last: None,
                };
                (base, levels.get(p..).unwrap_or_default())
            }
            None => {
                let Some(first) = levels.first() else {
                    return Ok(());
                };
                if names_other {
                    return Err(CitationProblem::MissingCitationRoot {
                        label: first.label.clone(),
                    });
                }
                out.relative = true;
                let parents = &first.section.parents;
                (
                    self.context_prefix(first, |t| parents.contains(&t.code))?,
                    levels,
                )
            }
        };
        let mut partials = vec![base];
        for level in rest {
            if let Some((from, to)) = &level.unexpanded {
                // Reported, but the two ends are still listed.
                out.problem
                    .get_or_insert(CitationProblem::RangeNotExpanded {
                        from: from.clone(),
                        to: to.clone(),
                    });
            }
            let count = partials.len().saturating_mul(level.items.len());
            if out.addresses.len().saturating_add(count) > MAX_ADDRESSES {
                return Err(CitationProblem::TooManyAddresses {
                    count: out.addresses.len().saturating_add(count),
                });
            }
            let mut next = Vec::with_capacity(count);
            for partial in &partials {
                for item in &level.items {
                    next.push(extend(partial, item)?);
                }
            }
            partials = next;
        }
        for partial in partials {
            if let Err(e) = validate(&partial.text) {
                return Err(CitationProblem::InvalidAddress {
                    reason: e.reason(),
                    address: partial.text,
                });
            }
            if seen.insert(partial.text.clone()) {
                out.addresses.push(partial.text);
            }
        }
        Ok(())
    }

    /// The context address up to its last segment whose section type satisfies `fits`.
    fn context_prefix(
        &self,
        level: &Level<'v>,
        fits: impl Fn(&SectionType) -> bool,
    ) -> Result<Partial<'v>, CitationProblem> {
        let context = self.context.ok_or(CitationProblem::MissingContext)?;
        let vocab = self.vocabs.get(level.vocab);
        let found = context
            .segments
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, s)| {
                let section = vocab.and_then(|v| v.by_token(&s.token))?;
                fits(section).then_some((i, section))
            });
        let Some((i, section)) = found else {
            return Err(CitationProblem::ContextMismatch {
                label: level.label.clone(),
                context: context.to_string(),
            });
        };
        let prefix = Address {
            doc: context.doc.clone(),
            segments: context.segments.get(..=i).unwrap_or_default().to_vec(),
        };
        Ok(Partial {
            text: prefix.to_string(),
            last: Some(section),
        })
    }
}

/// `partial` extended by the steps of one item, checking that each step may sit in the one before.
fn extend<'v>(
    partial: &Partial<'v>,
    item: &[parse::Step<'v>],
) -> Result<Partial<'v>, CitationProblem> {
    let mut next = partial.clone();
    for (section, ordinal) in item {
        if let Some(parent) = next.last {
            if !section.parents.contains(&parent.code) {
                return Err(CitationProblem::InvalidNesting {
                    child: section.label.clone(),
                    parent: parent.label.clone(),
                });
            }
        }
        next.text.push('/');
        next.text.push_str(&section.address_token);
        next.text.push('-');
        next.text.push_str(ordinal);
        next.last = Some(section);
    }
    Ok(next)
}

/// Each chain outermost level first, chains without a root or `này` completed from their neighbours.
fn complete(chains: Vec<parse::Chain<'_>>) -> Vec<Vec<Level<'_>>> {
    let mut chains: Vec<Vec<Level<'_>>> = chains
        .into_iter()
        .map(|c| {
            let mut levels = c.levels;
            let innermost_first = matches!(
                (levels.first(), levels.last()),
                (Some(a), Some(b)) if a.section.level > b.section.level
            );
            if innermost_first {
                levels.reverse();
            }
            levels
        })
        .collect();
    // Each chain without an anchor looks at the nearest anchored chain after it, else before
    // it (completed chains count as anchored): linear in the number of chains.
    let n = chains.len();
    for forward in [true, false] {
        let mut donor: Option<usize> = None;
        for step in 0..n {
            let i = if forward { n - 1 - step } else { step };
            let Some(levels) = chains.get(i) else {
                continue;
            };
            if anchored(levels) {
                donor = Some(i);
                continue;
            }
            let taken = donor.and_then(|j| outer(levels, chains.get(j)?));
            if let (Some(mut taken), Some(levels)) = (taken, chains.get_mut(i)) {
                taken.append(levels);
                *levels = taken;
                donor = Some(i);
            }
        }
    }
    chains
}

fn anchored(levels: &[Level<'_>]) -> bool {
    levels.iter().any(|l| l.this || l.section.citation_root)
}

/// The levels of `donor` outside the outermost of `levels`, if they include an anchor.
fn outer<'v>(levels: &[Level<'v>], donor: &[Level<'v>]) -> Option<Vec<Level<'v>>> {
    let first = levels.first()?;
    let taken: Vec<Level<'v>> = donor
        .iter()
        .filter(|l| l.vocab == first.vocab && l.section.level < first.section.level)
        .cloned()
        .collect();
    anchored(&taken).then_some(taken)
}
