//! The older word-by-word citation reader (`điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14`,
//! `section 5(1)(a) of Act 12/2020`).
//!
//! It only explains errors now: [`crate::read::citations::CitationFinder`] decides what a pasted
//! citation is (`pasted.rs`). Where the finder reads no citation over the whole input, this
//! reader says which word is at fault and why (an unknown label, a second document code,
//! sections out of order…), with the word's byte offset; the address it may build is never used.

use std::sync::OnceLock;

use super::labels::Labels;
use crate::text::address::{parse, Address};
use crate::text::doc_code::normalize_doc_code;
use crate::text::doc_code::DOCUMENT_TYPES;
use crate::text::fold::{fold, match_phrase, words, Word};
use crate::text::normalize_error::{NormalizeError, NormalizeErrorKind as K};
use crate::text::ordinal::{is_number_word, normalize_ordinal};
use crate::text::vocabulary::{OrdinalStyle, SectionType, Vocabulary};

/// Words that introduce the cited document besides its type; a citation may contain them anywhere.
const CONNECTING_WORDS: &[&str] = &[
    "số",
    "của",
    "tại",
    "theo",
    "quy định",
    "này",
    "of",
    "the",
    "No",
    "No.",
    "in",
    "under",
    "this",
];

fn document_words() -> &'static [String] {
    static FOLDED: OnceLock<Vec<String>> = OnceLock::new();
    FOLDED.get_or_init(|| {
        DOCUMENT_TYPES
            .iter()
            .chain(CONNECTING_WORDS)
            .map(|w| fold(w))
            .collect()
    })
}

/// One cited unit: its section type, canonical ordinal, and where it was written.
struct Cited<'v> {
    section: &'v SectionType,
    ordinal: String,
    at: usize,
}

/// What one label produced: `Điều 44` gives one unit, `section 5(1)(a)` three.
struct Run<'v> {
    level: u32,
    at: usize,
    label: String,
    units: Vec<Cited<'v>>,
}

/// Reads a citation. Sections may run innermost first (Vietnamese usage) or outermost first.
pub(super) fn parse_citation(
    vocabs: &[Vocabulary],
    input: &str,
    default_doc: Option<&str>,
) -> Result<Address, NormalizeError> {
    let words = words(input, |c| c.is_whitespace() || c == ',' || c == ';');
    if words.is_empty() {
        return Err(NormalizeError::new(K::Empty, 0));
    }
    let indexes: Vec<Labels<'_>> = vocabs.iter().map(Labels::new).collect();
    let labels = choose_vocabulary(&indexes, &words);
    let vocab = labels.map(|l| l.vocab);
    let mut runs = Vec::new();
    let mut docs: Vec<(String, &Word<'_>)> = Vec::new();
    let mut i = 0;
    while let Some(word) = words.get(i) {
        let rest = words.get(i..).unwrap_or_default();
        let label = labels.and_then(|l| l.find(rest));
        if let (Some(labels), Some((section, taken))) = (labels, label) {
            let (run, used) = read_run(labels, section, input, &words, i, taken)?;
            runs.push(run);
            i += used;
        } else if is_doc_code(word.text) {
            let slug = normalize_doc_code(word.text).map_err(|e| e.shifted(word.start))?;
            docs.push((slug, word));
            i += 1;
        } else if let Some(taken) = match_phrase(document_words(), rest) {
            i += taken;
        } else if rest
            .get(1)
            .is_some_and(|next| next.text.starts_with(|c: char| c.is_ascii_digit()))
        {
            // "chapitre 4": a word followed by a number is most likely a label we do not know.
            let expected = match vocab {
                Some(v) => v.active_labels(),
                None => vocabs.iter().flat_map(Vocabulary::active_labels).collect(),
            };
            return Err(NormalizeError::new(
                K::UnknownSectionLabel {
                    found: word.text.into(),
                    expected: expected.into_iter().map(String::from).collect(),
                },
                word.start,
            ));
        } else {
            return Err(NormalizeError::new(
                K::UnexpectedWord {
                    found: word.text.into(),
                },
                word.start,
            ));
        }
    }
    let (doc, doc_at) = match docs.as_slice() {
        [] => match default_doc {
            Some(d) => (
                normalize_doc_code(d).map_err(|_| {
                    NormalizeError::new(K::InvalidDefaultDocCode { found: d.into() }, 0)
                })?,
                0,
            ),
            None => {
                return Err(NormalizeError::new(
                    K::MissingDocCode,
                    input.trim_end().len(),
                ))
            }
        },
        [(slug, word)] => (slug.clone(), word.start),
        [_, (_, second), ..] => {
            return Err(NormalizeError::new(
                K::MultipleDocCodes {
                    found: second.text.into(),
                },
                second.start,
            ))
        }
    };
    let path = outermost_first(runs)?;
    let path = from_innermost_root(path, vocab)?;
    check_nesting(&path)?;
    build(doc, doc_at, &path)
}

/// The vocabulary of the first word that is one of its labels.
fn choose_vocabulary<'a, 'v>(
    indexes: &'a [Labels<'v>],
    words: &[Word<'_>],
) -> Option<&'a Labels<'v>> {
    (0..words.len()).find_map(|i| {
        let rest = words.get(i..).unwrap_or_default();
        indexes.iter().find(|l| l.find(rest).is_some())
    })
}

/// A document code is a word with a `/` that starts with its number: `45/2019/QH14`, `12/2020`.
fn is_doc_code(word: &str) -> bool {
    match word.split_once('/') {
        Some((number, _)) => !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()),
        None => false,
    }
}

/// Reads the label at `words[i..i + taken]` and its ordinal; returns the run and the words used.
fn read_run<'v>(
    labels: &Labels<'v>,
    section: &'v SectionType,
    input: &str,
    words: &[Word<'_>],
    i: usize,
    taken: usize,
) -> Result<(Run<'v>, usize), NormalizeError> {
    let label_at = words.get(i).map_or(0, |w| w.start);
    if !section.active {
        return Err(NormalizeError::new(
            K::InactiveSectionType {
                label: section.label.clone(),
            },
            label_at,
        ));
    }
    let label_end = words
        .get((i + taken).saturating_sub(1))
        .map_or(label_at, Word::end);
    let after = words.get(i + taken..).unwrap_or_default();
    let empty = || {
        NormalizeError::new(
            K::EmptyOrdinal {
                style: section.ordinal_style,
            },
            label_end,
        )
    };
    let Some(first) = after.first() else {
        return Err(empty());
    };
    if labels.find(after).is_some() {
        return Err(empty());
    }
    let spelled = matches!(
        section.ordinal_style,
        OrdinalStyle::Roman | OrdinalStyle::Spelled
    ) && is_number_word(&first.folded);
    let count = if spelled {
        after
            .iter()
            .take_while(|w| is_number_word(&w.folded))
            .count()
    } else {
        1
    };
    let last_end = after
        .get(count.saturating_sub(1))
        .map_or(first.end(), Word::end);
    let raw = input.get(first.start..last_end).unwrap_or_default();
    let units = if !spelled && raw.contains('(') {
        read_parenthesised(labels.vocab, section, raw, first.start)?
    } else {
        let ordinal =
            normalize_ordinal(section.ordinal_style, raw).map_err(|e| e.shifted(first.start))?;
        vec![Cited {
            section,
            ordinal,
            at: label_at,
        }]
    };
    let label = input
        .get(label_at..label_end)
        .unwrap_or_default()
        .to_owned();
    let run = Run {
        level: section.level,
        at: label_at,
        label,
        units,
    };
    Ok((run, taken + count))
}

/// `5(1)(a)` or `(1)`: the first ordinal belongs to `section`, each group to the level below.
fn read_parenthesised<'v>(
    vocab: &'v Vocabulary,
    section: &'v SectionType,
    raw: &str,
    base: usize,
) -> Result<Vec<Cited<'v>>, NormalizeError> {
    let open = raw.find('(').unwrap_or(raw.len());
    let mut parts: Vec<(usize, &str)> = Vec::new();
    let head = raw.get(..open).unwrap_or_default();
    if !head.is_empty() {
        parts.push((0, head));
    }
    let mut pos = open;
    while let Some(rest) = raw.get(pos..).filter(|r| !r.is_empty()) {
        let bad = |at: usize| {
            NormalizeError::new(
                K::InvalidOrdinalCharacter {
                    found: crate::text::fold::char_at(raw, at),
                    style: section.ordinal_style,
                },
                base + at,
            )
        };
        if rest.starts_with('(') {
            let close = rest.find(')').ok_or_else(|| bad(pos))?;
            parts.push((pos + 1, rest.get(1..close).unwrap_or_default()));
            pos += close + 1;
        } else if rest.chars().all(|c| c == '.' || c == ':') {
            break;
        } else {
            return Err(bad(pos));
        }
    }
    let mut units = Vec::with_capacity(parts.len());
    let mut current = section;
    for (k, (at, text)) in parts.into_iter().enumerate() {
        if k > 0 {
            current = child_type(vocab, current).ok_or_else(|| {
                NormalizeError::new(
                    K::NoChildType {
                        label: current.label.clone(),
                    },
                    base + at.saturating_sub(1),
                )
            })?;
        }
        let ordinal =
            normalize_ordinal(current.ordinal_style, text).map_err(|e| e.shifted(base + at))?;
        units.push(Cited {
            section: current,
            ordinal,
            at: base + at,
        });
    }
    Ok(units)
}

/// The nearest active level that may sit directly under `parent`.
fn child_type<'v>(vocab: &'v Vocabulary, parent: &SectionType) -> Option<&'v SectionType> {
    vocab
        .section_types
        .iter()
        .filter(|t| t.active && t.level > parent.level && t.parents.contains(&parent.code))
        // A definition is cited by its term, never as the next `(…)` of a citation.
        .filter(|t| t.ordinal_style != OrdinalStyle::Term)
        .min_by_key(|t| t.level)
}

fn outermost_first(mut runs: Vec<Run<'_>>) -> Result<Vec<Cited<'_>>, NormalizeError> {
    let ascending = runs
        .windows(2)
        .all(|p| matches!(p, [a, b] if a.level < b.level));
    let descending = runs
        .windows(2)
        .all(|p| matches!(p, [a, b] if a.level > b.level));
    if !ascending && !descending {
        let first_up = matches!(runs.as_slice(), [a, b, ..] if a.level < b.level);
        let breaker = runs
            .windows(2)
            .find(|p| match p {
                [a, b] => (a.level < b.level) != first_up || a.level == b.level,
                _ => false,
            })
            .and_then(|p| p.get(1));
        let (label, at) = breaker.map_or((String::new(), 0), |r| (r.label.clone(), r.at));
        return Err(NormalizeError::new(K::MixedCitationOrder { label }, at));
    }
    if descending {
        runs.reverse();
    }
    Ok(runs.into_iter().flat_map(|r| r.units).collect())
}

/// A citation root starts the address again at the document, so keep the path from the innermost root.
fn from_innermost_root<'v>(
    mut path: Vec<Cited<'v>>,
    vocab: Option<&Vocabulary>,
) -> Result<Vec<Cited<'v>>, NormalizeError> {
    let Some(outermost) = path.first() else {
        return Ok(path);
    };
    match path.iter().rposition(|c| c.section.citation_root) {
        Some(root) => Ok(path.split_off(root)),
        None => Err(NormalizeError::new(
            K::MissingCitationRoot {
                label: outermost.section.label.clone(),
                roots: vocab
                    .map(|v| {
                        v.section_types
                            .iter()
                            .filter(|t| t.active && t.citation_root)
                            .map(|t| t.label.clone())
                            .collect()
                    })
                    .unwrap_or_default(),
            },
            outermost.at,
        )),
    }
}

fn check_nesting(path: &[Cited<'_>]) -> Result<(), NormalizeError> {
    for pair in path.windows(2) {
        if let [parent, child] = pair {
            // A schedule paragraph in a Part of a schedule that numbers them per Part.
            if !child.section.parents.contains(&parent.section.code)
                && !crate::store::unit::may_number_per_division(child.section, parent.section)
            {
                return Err(NormalizeError::new(
                    K::InvalidNesting {
                        child: child.section.label.clone(),
                        parent: parent.section.label.clone(),
                    },
                    child.at,
                ));
            }
        }
    }
    Ok(())
}

/// Formats and validates the address; an address error points at the cited unit it arose in.
fn build(doc: String, doc_at: usize, path: &[Cited<'_>]) -> Result<Address, NormalizeError> {
    let mut text = doc;
    let mut starts = Vec::with_capacity(path.len());
    for unit in path {
        starts.push((text.len(), unit.at));
        text.push('/');
        text.push_str(&unit.section.address_token);
        text.push('-');
        text.push_str(&unit.ordinal);
    }
    parse(&text).map_err(|e| {
        let at = starts
            .iter()
            .rev()
            .find(|(pos, _)| *pos < e.offset)
            .map_or(doc_at, |(_, at)| *at);
        NormalizeError::new(K::Address(e.kind), at)
    })
}
