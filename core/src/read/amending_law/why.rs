//! Why an instruction was not applied, and why an amending law has nothing for a document: in
//! words an editor can act on, next to the code the core gave.

use serde::Serialize;

use super::AmendingLaw;

/// What the editor can do about an instruction not applied with `code` ([`super::Outcome`]).
pub fn hint(code: &str) -> &'static str {
    match code {
        "target-missing" => "the unit it names is not among the document's live units: an earlier amending law not given here may have inserted it (give every law that amends the document), or one may have renumbered or repealed it; else check that the amending law names the right unit",
        "anchor-missing" => "the unit the new text goes after or before is not a live unit of the document: an earlier amending law not given here may insert it (give every law that amends the document)",
        "target-exists" => "the unit it inserts exists with other text: it was inserted before (by an earlier law) or the law means to change it; compare the stored unit with the quoted text",
        "new-text-mismatch" => "the quoted text does not start with the unit it names (another number or type): check the amending law's text where the quotation starts",
        "unreadable-new-text" => "the quoted new text could not be cut into units: check the quotation marks and numbering in the amending law's text at this line",
        "no-words" => "the instruction says 'như sau:' but quotes no text: the text may have lost the quotation; paste the amending law's full text",
        "phrase-not-found" => "the words it replaces or strikes are not in the unit: an earlier amending law (given here or not) may have changed them already, or the stored text spells them differently",
        "phrase-ambiguous" => "the words it inserts next to occur more than once in the unit, so which place is meant would be a guess: the change must be made by hand (a repair)",
        "partly-applied" => "it changed some of the units it names; the others are missing or lack the words: an earlier amending law not given here may add them (give every law that amends the document)",
        "conflict" => "an earlier instruction of the same law already replaced or repealed this unit or the unit above it: the law changes it twice; check its text",
        _ => "see the reason; the instruction is recorded in the envelope as not applied",
    }
}

/// A law an amending law names, as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Named {
    pub name: String,
    pub doc_code: Option<String>,
    /// Whether it is this document.
    pub this_document: bool,
}

/// Which laws an amending law amends, which of them is this document, and why none is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LawMatch {
    pub laws: Vec<Named>,
    /// What was compared: the document's code (its slug) and title.
    pub compared_code: String,
    pub compared_title: Option<String>,
    /// Instructions for this document, and for the other laws.
    pub for_document: usize,
    pub other_law: usize,
    /// Set when nothing in the law is for this document.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub hint: Option<String>,
    /// Shown to the reviewer beside the match: a citation accepted with another year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// How `law` was matched to the document `doc_code` (slug `slug`) titled `title`.
pub fn law_match(law: &AmendingLaw, doc_code: &str, slug: &str, title: Option<&str>) -> LawMatch {
    let mine = law.laws_for(slug, title);
    let for_document = law
        .instructions
        .iter()
        .filter(|i| mine.contains(&i.law_index))
        .count();
    let laws: Vec<Named> = law
        .laws
        .iter()
        .enumerate()
        .map(|(i, l)| Named {
            name: l.name.clone(),
            doc_code: l.doc_code.clone(),
            this_document: mine.contains(&i),
        })
        .collect();
    let (reason, hint) = if for_document > 0 {
        (None, None)
    } else if law.laws.is_empty() {
        (
            Some(format!(
                "{} names no law it amends: no article heading, title or preamble reads 'sửa đổi, bổ sung … của <law>'",
                law.doc_code
            )),
            Some("check that the text is the whole amending law (title, preamble and articles), not an extract; see the words that could not be read below".to_owned()),
        )
    } else if mine.is_empty() {
        let named: Vec<String> = law
            .laws
            .iter()
            .map(|l| match &l.doc_code {
                Some(c) => format!("{} ({c})", l.name),
                None => l.name.clone(),
            })
            .collect();
        (
            Some(format!(
                "{} amends {}; none of them is this document: its code {doc_code} is not among the codes, and {}",
                law.doc_code,
                named.join(", "),
                match title {
                    Some(t) => format!("no law named without a code has all its words in its title “{t}”"),
                    None => "it has no title to compare a law named without a code with".to_owned(),
                }
            )),
            Some("pick the document this law amends, or give this document the title the law names it by (e.g. 'Luật Đấu thầu') if the law names it without its code".to_owned()),
        )
    } else {
        (
            Some(format!(
                "{} names this document, but none of its instructions could be read for it",
                law.doc_code
            )),
            Some("see the words that could not be read below, each with its line".to_owned()),
        )
    };
    LawMatch {
        laws,
        compared_code: doc_code.to_owned(),
        compared_title: title.map(str::to_owned),
        for_document,
        other_law: law.instructions.len() - for_document,
        reason,
        hint,
        warnings: law.code_warnings(slug, title),
    }
}
