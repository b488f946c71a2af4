//! Reading 3 of [`super::normalize_address_with_default_doc`]: a pasted citation, read by the
//! citation finder ([`crate::read::citations::CitationFinder`]).
//!
//! One grammar decides what is a citation: the one that finds citations in running text. The
//! input is a citation when the finder finds exactly one citation covering the whole trimmed
//! input (trailing `.`, `,`, `;` allowed), and that citation is an address when it lists exactly
//! one and has no problem. A covering citation with a problem is refused with that problem
//! ([`NormalizeErrorKind::CitationProblem`], at the citation's start); one listing several
//! addresses with [`NormalizeErrorKind::SeveralAddresses`]. Anything else is [`Reading::NotCovered`]:
//! the caller lets the older reader (`citation.rs`) say what is wrong, and never takes its address.

use crate::read::citations::{Citation, CitationFinder};
use crate::text::address::{parse, Address};
use crate::text::citation_problem::CitationProblem;
use crate::text::normalize_error::{NormalizeError, NormalizeErrorKind as K};
use crate::text::vocabulary::Vocabulary;

/// What the finder made of the input.
pub(super) enum Reading {
    /// One citation covering the input, with one address and no problem.
    Address(Address),
    /// One citation covering the input that is no single address: why.
    Refused(NormalizeError),
    /// The finder found no citation covering the input; `uncovered` is the byte offset of the
    /// first word it did not read as part of one (the start of the trimmed input if none).
    NotCovered { uncovered: usize },
}

/// Reads `input` with the finder; `default_doc` stands for `Luật này` and citations naming no document.
pub(super) fn read(vocabs: &[Vocabulary], input: &str, default_doc: Option<&str>) -> Reading {
    let lead = input.len() - input.trim_start().len();
    // Trailing punctuation ends a sentence, not the citation. It is cut before the finder
    // reads, so `Điều 44.` is not taken for a heading (a label, its number and a full stop).
    let body = input.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';'));
    let end = body.len();
    let finder = CitationFinder::new(vocabs);
    let mut found = finder.find(body, default_doc, None);
    if found.is_empty() {
        // No unit cited: perhaps the document alone (`Luật số 45/2019/QH14`), in the finder's words.
        found.extend(finder.find_document(body.get(lead..).unwrap_or_default(), default_doc));
        for c in &mut found {
            c.span.start += lead;
            c.span.end += lead;
        }
    }
    let covering = match found.as_slice() {
        [only] if only.span.start == lead && only.span.end == end => only,
        _ => {
            return Reading::NotCovered {
                uncovered: first_uncovered(input, lead, &found),
            }
        }
    };
    if let Some(problem) = &covering.problem {
        return Reading::Refused(problem_error(problem, covering, input));
    }
    match covering.addresses.as_slice() {
        [one] => match parse(one) {
            Ok(address) => Reading::Address(address),
            // The finder validates what it builds; this only guards the invariant.
            Err(e) => {
                Reading::Refused(NormalizeError::new(K::Address(e.kind), covering.span.start))
            }
        },
        many => Reading::Refused(NormalizeError::new(
            K::SeveralAddresses { count: many.len() },
            covering.span.start,
        )),
    }
}

/// A finder problem as a normalize error. The two problems the caller's own inputs cause keep
/// the kinds (and offsets) editors already know: no document, a bad default document.
fn problem_error(problem: &CitationProblem, citation: &Citation, input: &str) -> NormalizeError {
    match problem {
        CitationProblem::MissingDocument => {
            NormalizeError::new(K::MissingDocCode, input.trim_end().len())
        }
        CitationProblem::InvalidCurrentDoc { found } => NormalizeError::new(
            K::InvalidDefaultDocCode {
                found: found.clone(),
            },
            0,
        ),
        other => NormalizeError::new(K::CitationProblem(other.clone()), citation.span.start),
    }
}

/// The first word of the input outside a citation starting where the input starts.
fn first_uncovered(input: &str, lead: usize, found: &[Citation]) -> usize {
    let from = match found.first() {
        Some(c) if c.span.start == lead => c.span.end,
        _ => return lead,
    };
    let rest = input.get(from..).unwrap_or_default();
    from + (rest.len()
        - rest
            .trim_start_matches(|c: char| c.is_whitespace() || c == ',')
            .len())
}
