//! The document's kind: what the text calls itself (`this Act`, `these Regulations`, `this
//! Order`, `these Rules`), for vocabularies whose section types name document kinds.
//!
//! A UK statutory instrument prints its provisions as `1.—(1) …` whatever it is, but they are
//! regulations in Regulations, articles in an Order and rules in Rules (legislation.gov.uk's
//! `regulation/3`, `article/3`, `rule/3`). The title does not settle it reliably (it may follow a
//! table of contents, name an amended instrument, or be missing from an extract); the text's
//! references to itself do: an instrument names itself far more often than anything it quotes.

use crate::text::vocabulary::Vocabulary;

/// The kind named most often after `this`/`these` among the kinds the vocabulary's types name
/// (ties: the one the vocabulary names first); `None` when the text names none of them.
/// A text that names some kind as the vocabulary writes it (`these Regulations`, `this Scheme`)
/// counts only such mentions: an instrument that capitalises its own kind does so throughout,
/// and `this scheme` in pension regulations is the pension scheme they set up. A text that
/// never does (`these regulations` in 1959) counts mentions in any case.
pub(super) fn document_kind<'v>(text: &str, vocabulary: &'v Vocabulary) -> Option<&'v str> {
    let mut kinds: Vec<&str> = Vec::new();
    for t in &vocabulary.section_types {
        for k in t
            .document_kinds
            .iter()
            .chain(t.kind_heading_patterns.keys())
        {
            if !kinds.iter().any(|seen| seen.eq_ignore_ascii_case(k)) {
                kinds.push(k.as_str());
            }
        }
    }
    if kinds.is_empty() {
        return None;
    }
    // Per kind: mentions as written in the vocabulary, and in any case.
    let mut exact = vec![0usize; kinds.len()];
    let mut any_case = vec![0usize; kinds.len()];
    let mut after_this = false;
    for word in text.split_whitespace() {
        if after_this {
            let w = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            if let Some(i) = kinds.iter().position(|k| k.eq_ignore_ascii_case(w)) {
                if let Some(n) = any_case.get_mut(i) {
                    *n += 1;
                }
                if kinds.get(i).is_some_and(|k| *k == w) {
                    if let Some(n) = exact.get_mut(i) {
                        *n += 1;
                    }
                }
            }
        }
        after_this = matches!(word, "this" | "This" | "these" | "These" | "THIS" | "THESE");
    }
    let counts = if exact.iter().any(|&n| n > 0) {
        exact
    } else {
        any_case
    };
    let mut best: Option<(usize, &str)> = None;
    for (k, &n) in kinds.iter().zip(&counts) {
        if n > 0 && best.is_none_or(|(m, _)| n > m) {
            best = Some((n, k));
        }
    }
    best.map(|(_, k)| k)
}

/// Whether a section type is used in a document of kind `kind`.
pub(super) fn type_applies(document_kinds: &[String], kind: Option<&str>) -> bool {
    document_kinds.is_empty()
        || kind.is_some_and(|k| document_kinds.iter().any(|d| d.eq_ignore_ascii_case(k)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::vocabulary::default_vocabulary;

    fn kind(text: &str) -> Option<&'static str> {
        document_kind(text, default_vocabulary("uk").unwrap())
    }

    #[test]
    fn the_kind_is_what_the_text_calls_itself_most() {
        assert_eq!(
            kind("1. These Regulations may be cited as …"),
            Some("Regulations")
        );
        assert_eq!(
            kind("1. This Order may be cited as … 2. In this Order, “the Regulations” …; these Regulations"),
            Some("Order")
        );
        assert_eq!(kind("These Rules apply. In these rules—"), Some("Rules"));
        assert_eq!(
            kind("In these regulations—; these regulations"),
            Some("Regulations")
        );
        // Pension regulations name the scheme they set up in lowercase: not a Scheme.
        assert_eq!(
            kind("In these Regulations—; this scheme, this scheme; this Scheme; these Regulations"),
            Some("Regulations")
        );
        assert_eq!(
            kind("1. This Scheme may be cited as …; in these Regulations"),
            Some("Scheme")
        );
        // An Act names no kind of the vocabulary: its sections need none.
        assert_eq!(kind("1 Short title. This Act may be cited …"), None);
        assert_eq!(
            document_kind("Điều 1.", default_vocabulary("vi").unwrap()),
            None
        );
    }

    fn addresses(text: &str, doc: &str) -> Vec<String> {
        let cut = crate::read::cut::cut(text, doc, default_vocabulary("uk").unwrap());
        cut.units.into_iter().map(|u| u.canonical_address).collect()
    }

    #[test]
    fn an_instruments_provisions_are_regulations_articles_or_rules_by_its_kind() {
        let regs = "The Fee Regulations 1998\nCitation\n1. These Regulations may be cited as the Fee Regulations 1998 and come into force on 1st April 1998 as they say here.\nFee\n2.—(1) A vehicle shall not be registered.\n(2) Paragraph (1) does not apply—\n(a) to an exempt vehicle.\n";
        assert_eq!(
            addresses(regs, "uksi-1998-572"),
            [
                "uksi-1998-572/regulation-1",
                "uksi-1998-572/regulation-2",
                "uksi-1998-572/regulation-2/subsection-1",
                "uksi-1998-572/regulation-2/subsection-2",
                "uksi-1998-572/regulation-2/subsection-2/paragraph-a",
            ]
        );
        let order = regs.replace("These Regulations", "This Order");
        assert_eq!(addresses(&order, "x")[1], "x/article-2");
        let rules = regs.replace("These Regulations", "These Rules");
        assert_eq!(addresses(&rules, "x")[1], "x/rule-2");
        // A schedule's paragraphs are printed as its regulations are (`1.—(1)`, `2.`).
        let schedule = format!(
            "{regs}SCHEDULE 1\nTESTS\n1.—(1) The tests.\n(2) Sub-paragraph (1) does not apply.\n2. Static meters.\n(1)(a) All static meters—\n(i) with one register;\n"
        );
        assert_eq!(
            addresses(&schedule, "x")[5..],
            [
                "x/schedule-1",
                "x/schedule-1/para-1",
                "x/schedule-1/para-1/subpara-1",
                "x/schedule-1/para-1/subpara-2",
                "x/schedule-1/para-2",
                "x/schedule-1/para-2/subpara-1",
                "x/schedule-1/para-2/subpara-1/paragraph-a",
                "x/schedule-1/para-2/subpara-1/paragraph-a/subparagraph-1",
            ]
        );
        // An inserted number follows its base: `4A.` after `2.` is a row of an amending table.
        let table = format!("{regs}(3) After paragraph 4 insert—\n4A. The area within 12 miles.\n");
        assert_eq!(addresses(&table, "x").len(), 6);
        // An Act's `1.` lines are never regulations.
        let act = "1 Short title\nThis Act may be cited as the Fee Act.\n2 Fees\n(1) Text.\n1. A list item\n";
        assert_eq!(
            addresses(act, "x"),
            ["x/section-1", "x/section-2", "x/section-2/subsection-1"]
        );
    }

    #[test]
    fn a_schemes_provisions_are_sections() {
        let scheme = "The Grant Scheme 2003\nCitation\n1. This Scheme may be cited as the Grant Scheme 2003 and comes into force on the day after it is made.\nGrants\n2.—(1) The Secretary of State may make grants under this Scheme.\n(2) No grant exceeds £85,000.\n";
        assert_eq!(
            addresses(scheme, "uksi-2003-562"),
            [
                "uksi-2003-562/section-1",
                "uksi-2003-562/section-2",
                "uksi-2003-562/section-2/subsection-1",
                "uksi-2003-562/section-2/subsection-2",
            ]
        );
    }

    #[test]
    fn older_acts_number_schedules_in_words() {
        let act = "1 Short title\nThis Act may be cited as the Wages Act 1949.\n2 Repeal\nThe Acts in the Second Schedule are repealed.\nFIRST SCHEDULE\nConstitution of Committees\n1 A committee shall consist of eight persons.\n2 The members shall be nominated.\nSECOND SCHEDULE\nEnactments Repealed\n1 The Wages Act 1937.\n";
        assert_eq!(
            addresses(act, "x")[2..],
            [
                "x/schedule-1",
                "x/schedule-1/para-1",
                "x/schedule-1/para-2",
                "x/schedule-2",
                "x/schedule-2/para-1",
            ]
        );
        // The words in running text are no heading.
        let prose = "1 Short title\nFirst Schedule to this Act shall have effect.\n";
        assert_eq!(addresses(prose, "x"), ["x/section-1"]);
    }

    #[test]
    fn a_sole_schedule_printed_without_a_number_is_schedule_1() {
        let order = "1. This Order may be cited as the Relief Order 1998.\n2. It is hereby declared that the arrangements in the Schedule have effect.\nSCHEDULE\nRELIEF FROM DOUBLE TAXATION\n(1) The existing taxes are the income tax.\n(2) This Article also applies to similar taxes.\n";
        assert_eq!(
            addresses(order, "x"),
            [
                "x/article-1",
                "x/article-2",
                "x/schedule-1",
                "x/schedule-1/subpara-1",
                "x/schedule-1/subpara-2",
            ]
        );
        // Only the label alone in capitals: `Schedule` in a sentence's line is text.
        let act = "1 Short title\nThis Act may be cited as the Fee Act.\nSchedule\n";
        assert_eq!(addresses(act, "x"), ["x/section-1"]);
    }

    #[test]
    fn a_schedule_number_in_an_abstract_before_the_schedules_is_text() {
        let act = "1 Use of resources\nThe use of resources is authorised.\n2 Short title\nThis Act may be cited as the Appropriation Act 2001.\nAbstract of schedules 1 and 2\nSchedule 2 Appropriation of Resources and Grants\nGrand Total 1,250,531,000\nSCHEDULE 1\nResources authorised\nSCHEDULE 2\nSupplementary, 2001–02\n";
        assert_eq!(
            addresses(act, "x"),
            ["x/section-1", "x/section-2", "x/schedule-1", "x/schedule-2"]
        );
        let cut = crate::read::cut::cut(act, "x", default_vocabulary("uk").unwrap());
        assert!(cut
            .units
            .iter()
            .any(|u| u.canonical_address == "x/schedule-2" && u.line == 10));
    }
}
