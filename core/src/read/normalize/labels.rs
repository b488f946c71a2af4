//! A vocabulary's labels, folded once, to read a section type off the words of human input.

use crate::text::fold::{fold, starts_with_phrase, Word};
use crate::text::vocabulary::{SectionType, Vocabulary};

/// A vocabulary's labels, folded once, for matching against words.
pub(crate) struct Labels<'v> {
    pub vocab: &'v Vocabulary,
    folded: Vec<(&'v SectionType, String)>,
}

impl<'v> Labels<'v> {
    pub fn new(vocab: &'v Vocabulary) -> Self {
        let folded = vocab
            .section_types
            .iter()
            .map(|t| (t, fold(&t.label)))
            .collect();
        Self { vocab, folded }
    }

    /// The section type whose label (or address token) the words start with, and how many words it took.
    ///
    /// The longest label wins, so `Tiểu mục 2` is never read as `Mục`.
    pub fn find(&self, words: &[Word<'_>]) -> Option<(&'v SectionType, usize)> {
        let mut best: Option<(&'v SectionType, usize)> = None;
        for &(section_type, ref label) in &self.folded {
            let taken = if starts_with_phrase(words, label) {
                label.split_whitespace().count()
            } else if words
                .first()
                .is_some_and(|w| w.folded == section_type.address_token)
            {
                1
            } else {
                0
            };
            if taken > best.map_or(0, |(_, n)| n) {
                best = Some((section_type, taken));
            }
        }
        best
    }
}
