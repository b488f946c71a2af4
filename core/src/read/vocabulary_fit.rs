//! Which shipped vocabulary fits a text: the suggestion a preview shows when the
//! document's own vocabulary finds few units in it.
//!
//! A vocabulary is chosen when a document is created, usually by its language; a US
//! public law stored as `en` (or pasted into a `vi` document) is cut with headings it
//! does not know: its `SEC. 101.` lines stay text and its `(a)`, `(1)` lines become
//! orphans. [`suggest`] notices that from the cut already made and only then cuts with
//! the other shipped vocabularies, so a text that cuts well costs nothing more.
//!
//! **"Finds few units"** ([`CutScore::finds_few_units`]), from the current cut alone:
//! - it found no unit although the text has content (`no-units`), or
//! - it has an error diagnostic: the plan refuses such a cut, so before the editor fixes
//!   the text line by line it is worth knowing whether the text is simply written in
//!   another tradition (a small US excerpt under `en`: 15 units, 4 duplicate ordinals), or
//! - its misses are comparable to its units: `2 × misses ≥ units`, where a miss is an
//!   error diagnostic (an orphan, a duplicate ordinal, an address that cannot be made:
//!   each is a line the vocabulary read as a heading it could not place) or an
//!   `unknown-heading` warning (a line shaped like a heading the vocabulary cannot read).
//!   A text that fits its vocabulary has no errors (the plan refuses to go on otherwise);
//!   even the raw, unedited real laws in `tests/fixtures/legislation` cut with their own
//!   vocabulary stay under one miss per two units (the UK act 2002 c. 16: 237 units,
//!   103 misses), while under a vocabulary that does not fit they miss far more than they
//!   find (the US public law 114-190 under `en`: 19 units, 120 misses).
//!
//! **"Fits better"** ([`CutScore::fits_better_than`]), either of:
//! - at least twice the units of the current cut (and at least one), with a smaller share
//!   of misses per unit — or, when the current cut has no misses at all (it simply found
//!   nothing), none either. Twice, because vocabularies share shapes (`(1)`, `(a)`,
//!   `Part 1`), so a near-miss vocabulary still finds some units; a real fit finds the
//!   whole structure;
//! - or the current cut has errors (it cannot be planned) and the candidate has none, with
//!   at least as many units and fewer misses: it can be planned where the current cannot.
//!
//! A text in the right vocabulary with a typo (an error) tries the others, but they find
//! fewer units in it, so nothing is suggested. Among the vocabularies that
//! fit better the one with the most units wins, then the fewest misses, then shipped order.

use serde::Serialize;

use crate::read::cut::{codes, cut, Cut};
use crate::text::diagnostic::Severity;
use crate::text::vocabulary::Vocabulary;

/// How well one cut went: its units and its misses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CutScore {
    pub units: usize,
    /// Error diagnostics plus `unknown-heading` warnings: lines that look like headings
    /// the vocabulary could not read or place (the misses).
    pub errors: usize,
    /// Error diagnostics alone: with any, the plan refuses the cut.
    #[serde(skip)]
    pub error_diagnostics: usize,
    /// The cut reported `no-units`: content, but no heading recognised.
    #[serde(skip)]
    pub no_units: bool,
}

impl CutScore {
    pub fn of(cut: &Cut) -> CutScore {
        let errors = cut
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error || d.code == codes::UNKNOWN_HEADING)
            .count();
        CutScore {
            units: cut.units.len(),
            errors,
            error_diagnostics: cut
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            no_units: cut.diagnostics.iter().any(|d| d.code == codes::NO_UNITS),
        }
    }

    /// See the module docs: no units, an error, or a miss for every two units or fewer.
    pub fn finds_few_units(&self) -> bool {
        self.no_units
            || self.units == 0
            || self.error_diagnostics > 0
            || self.errors.saturating_mul(2) >= self.units
    }

    /// See the module docs: twice the units (at least one) and a smaller share of misses,
    /// or plannable (no error) where the current cut is not, with as many units and fewer misses.
    pub fn fits_better_than(&self, current: &CutScore) -> bool {
        let plannable = current.error_diagnostics > 0
            && self.error_diagnostics == 0
            && self.units >= current.units.max(1)
            && self.errors < current.errors;
        plannable || self.twice_the_units(current)
    }

    fn twice_the_units(&self, current: &CutScore) -> bool {
        let more = self.units >= 1 && self.units >= current.units.saturating_mul(2);
        // errors / units < current.errors / max(current.units, 1), without division.
        let cleaner = if current.errors == 0 {
            self.errors == 0
        } else {
            (self.errors as u128) * (current.units.max(1) as u128)
                < (current.errors as u128) * (self.units as u128)
        };
        more && cleaner
    }
}

/// The units and misses of the current cut, beside the suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CurrentFit {
    pub units: usize,
    pub errors: usize,
}

/// A shipped vocabulary that reads the text better than the document's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VocabularyFit {
    /// The vocabulary's id, what `legal_document.vocabulary` holds (`us`).
    pub vocabulary: String,
    /// Its human name (`US federal statutes and the United States Code`).
    pub name: String,
    /// Units and misses of the text cut with it.
    pub units: usize,
    pub errors: usize,
    /// Units and misses of the text cut with the document's vocabulary.
    pub current: CurrentFit,
}

/// The shipped vocabulary that fits `text` best, when `current_cut` (the text cut with
/// `current`) finds few units and another fits better; `None` otherwise, without cutting
/// again when the current cut is fine. `shipped` is [`crate::default_vocabularies`] in
/// production; `current` itself is skipped among them.
pub fn suggest(
    text: &str,
    doc_code: &str,
    current: &Vocabulary,
    current_cut: &Cut,
    shipped: &[Vocabulary],
) -> Option<VocabularyFit> {
    let now = CutScore::of(current_cut);
    if !now.finds_few_units() {
        return None;
    }
    let mut best: Option<(&Vocabulary, CutScore)> = None;
    for candidate in shipped.iter().filter(|v| v.id() != current.id()) {
        let score = CutScore::of(&cut(text, doc_code, candidate));
        if !score.fits_better_than(&now) {
            continue;
        }
        let wins = match &best {
            None => true,
            Some((_, b)) => {
                (score.units, std::cmp::Reverse(score.errors))
                    > (b.units, std::cmp::Reverse(b.errors))
            }
        };
        if wins {
            best = Some((candidate, score));
        }
    }
    best.map(|(v, s)| VocabularyFit {
        vocabulary: v.id().to_string(),
        name: v.name.clone(),
        units: s.units,
        errors: s.errors,
        current: CurrentFit {
            units: now.units,
            errors: now.errors,
        },
    })
}
