//! Definitions in interpretation sections: `2 (1) In this Act,` then one line per term
//! (`coroner includes any`, `“agriculture” includes …`), each of which may carry its own
//! paragraphs `(a)`, `(b)` … that start again at `(a)` for every term. Those paragraphs belong
//! to the definition, not to the subsection: while the definitions last, the cutter keeps them
//! as text of the unit that introduced the definitions instead of cutting them as its
//! paragraphs (which would read the second term's `(a)` as a repeated number).
//!
//! Where the vocabulary has a section type for definitions (ordinal style `term`) that may
//! stand under the unit listing them, each definition is a unit of that type, addressed by
//! its term (`…/subsection-1/definition-owner`), and its `(a)`, `(b)` … are its own
//! paragraphs (`…/definition-owner/paragraph-a`). Otherwise they stay text, as above.
//!
//! A formula's terms read the same way: `where`, then `A is the benefit …, determined in
//! accordance with,` `(a)` `(b)`, then `B is the payload …` `(a)` …: each symbol's paragraphs are
//! text of the unit that prints the formula.

use super::text::is_space;

/// Whether `line`, the last line of a unit's text so far, introduces a list of definitions:
/// `In this Act,`, `In these Regulations,`, `In this Part`, `In this Act— `,
/// `The following definitions apply in this Act.`, `The definitions in this subsection apply …`,
/// `For the purposes of this section and sections 7.2 to 7.4,`.
pub(super) fn introduces_definitions(line: &str) -> bool {
    let lower = line.trim_matches(is_space).to_lowercase();
    if lower.contains("definitions apply") || lower.starts_with("the definitions in ") {
        return true;
    }
    // A formula's terms: `(A × B) ÷ 1 000`, then `where` alone on its line.
    if matches!(lower.as_str(), "where" | "where:" | "where,") {
        return true;
    }
    let words = lower.split(is_space).filter(|w| !w.is_empty()).count();
    let open_end = lower.ends_with([',', ':', '—', '–', '-']);
    let scope = ["in this ", "in these ", "in the act", "in the regulations"]
        .iter()
        .any(|s| lower.starts_with(s));
    // `In this Act` alone, or a longer sentence still open (`…, that is to say,—`).
    (scope && (open_end || (words <= 4 && !lower.ends_with('.'))))
        || (lower.starts_with("for the purposes of ") && open_end && words <= 25)
}

/// Whether `line` reads as one definition: a term of at most ten words, then `means`,
/// `includes`, `has the (same) meaning`, `does not include`, or a bracketed note of a
/// repealed definition (`aircrew [Repealed, SOR/96-335, s. 1]`).
pub(super) fn reads_as_definition(line: &str) -> bool {
    let words: Vec<&str> = line
        .split(is_space)
        .filter(|w| !w.is_empty())
        .take(32)
        .collect();
    // `partial-aero, in respect of a box van trailer other than …, means`: a term set off by a
    // comma may have a long qualification before its verb.
    let reach = if words.first().is_some_and(|w| w.ends_with(',')) {
        30
    } else {
        12
    };
    words.iter().enumerate().skip(1).any(|(i, w)| {
        // `means—`, `includes:`: the list of the definition's paragraphs follows.
        let w = w.trim_end_matches([',', ';', ':', '—', '–']);
        // `B is the payload …`, `CCi is the carbon content …`, `i is the ith sampling period`:
        // a formula's symbol (up to three letters or digits, not a pronoun) and `is`.
        let symbol = i <= 2
            && matches!(w, "is" | "are")
            && words.first().is_some_and(|f| {
                f.chars().count() <= 3
                    && f.chars().all(char::is_alphanumeric)
                    && !matches!(f.to_lowercase().as_str(), "it" | "he" | "she" | "who")
            });
        let verb = symbol
            || matches!(w, "means" | "mean" | "includes" | "include")
            || (w == "has" && words.get(i + 1) == Some(&"the"))
            || (w == "does" && words.get(i + 1) == Some(&"not"))
            || w.starts_with("[Repealed")
            || w.starts_with("[Revoked");
        verb && i <= reach
    })
}

// Words a line continuing a definition starts with (`but does not include …`, `and
// includes …`): never the first word of an unquoted term.
const NOT_A_TERM: [&str; 13] = [
    "and", "or", "but", "nor", "does", "do", "includes", "include", "means", "mean", "where",
    "which", "that",
];

/// Whether `line` gives a formula's symbol (`B is the payload …`, `CCi is …`): at most three
/// letters or digits, not a pronoun, then `is` or `are`.
pub(super) fn formula_symbol(line: &str) -> bool {
    let mut words = line.split(is_space).filter(|w| !w.is_empty());
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    matches!(second, "is" | "are")
        && first.chars().count() <= 3
        && first.chars().all(char::is_alphanumeric)
        && !matches!(first.to_lowercase().as_str(), "it" | "he" | "she" | "who")
}

/// The term `line` defines, as a byte range of the line, and whether it is quoted: the
/// quoted words a line opens with (`“local authority” means …`, `"owner" includes …`), or the
/// words before the verb of a line that reads as a definition (`coroner includes any`,
/// `affiliate, in relation to any person, means …` → `affiliate`). `listing`: definitions are
/// already being read, so any line opening with a quoted term of at most ten words is the
/// next one (`“standard minimum guarantee” shall be construed …`); the first one must read
/// as a definition.
pub(super) fn defined_term(line: &str, listing: bool) -> Option<(std::ops::Range<usize>, bool)> {
    let start = line.len() - line.trim_start_matches(is_space).len();
    let t = line.get(start..)?;
    let first = t.chars().next()?;
    let close = match first {
        '“' => Some('”'),
        '‘' => Some('’'),
        '"' => Some('"'),
        '\'' => Some('\''),
        _ => None,
    };
    if let Some(close) = close {
        let inner = t.get(first.len_utf8()..)?;
        let end = inner.find(close)?;
        let term = inner.get(..end)?;
        let after = inner.get(end + close.len_utf8()..)?;
        let words = term.split(is_space).filter(|w| !w.is_empty()).count();
        let fits = (1..=10).contains(&words)
            && term.chars().any(char::is_alphanumeric)
            && after.starts_with([' ', ',', '\u{a0}'])
            && (listing || reads_as_definition(t));
        let from = start + first.len_utf8();
        return fits.then_some((from..from + end, true));
    }
    if !first.is_alphanumeric() || !reads_as_definition(t) {
        return None;
    }
    // A formula's symbol (`B is the payload …`) defines no term: its `(a)`, `(b)` stay text of
    // the unit that prints the formula (see the module's docs).
    if formula_symbol(t) {
        return None;
    }
    // The words before the verb, up to the first comma (`affiliate, in relation to …`).
    let mut end = 0;
    for (at, word) in words_at(t) {
        let bare = word.trim_end_matches([',', ';', ':', '—', '–']);
        let verb = matches!(
            bare,
            "means" | "mean" | "includes" | "include" | "has" | "does"
        ) || bare.starts_with("[Repealed")
            || bare.starts_with("[Revoked");
        if verb {
            break;
        }
        if end == 0 && NOT_A_TERM.contains(&bare.to_lowercase().as_str()) {
            return None;
        }
        end = at + bare.len();
        if word.ends_with(',') {
            break;
        }
    }
    (end > 0).then_some((start..start + end, false))
}

// The words of `t` with their byte offsets.
fn words_at(t: &str) -> impl Iterator<Item = (usize, &str)> {
    t.split(is_space)
        .scan(0usize, |at, w| {
            let here = *at;
            *at += w.len()
                + t.get(here + w.len()..)
                    .and_then(|r| r.chars().next())
                    .map_or(0, char::len_utf8);
            Some((here, w))
        })
        .filter(|(_, w)| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn introductions_of_definitions() {
        for line in [
            "In this Act,",
            "In these Regulations,",
            "In this Part",
            "In this Act—",
            "The following definitions apply in this Act.",
            "The definitions in this subsection apply in this section.",
            "For the purposes of this section and sections 7.2, 7.3 and 7.4,",
            "where",
            "In this Act, unless the context otherwise requires, the following expressions have the meanings hereby respectively assigned to them, that is to say,—",
        ] {
            assert!(introduces_definitions(line), "{line}");
        }
        for line in [
            "In this Act the Minister may make regulations.",
            "The annual report of the Corporation shall include",
            "For the purposes of this Act, a person is resident in Canada if the person ordinarily resides in Canada.",
        ] {
            assert!(!introduces_definitions(line), "{line}");
        }
    }

    #[test]
    fn defined_terms() {
        fn term(line: &str, listing: bool) -> Option<(&str, bool)> {
            defined_term(line, listing).and_then(|(r, q)| Some((line.get(r)?, q)))
        }
        assert_eq!(term("“owner” means— ", false), Some(("owner", true)));
        assert_eq!(
            term("\"local authority\" includes a council", false),
            Some(("local authority", true))
        );
        assert_eq!(
            term("“standard minimum guarantee” shall be construed", true),
            Some(("standard minimum guarantee", true))
        );
        assert_eq!(
            term("“standard minimum guarantee” shall be construed", false),
            None
        );
        assert_eq!(
            term("coroner includes any", false),
            Some(("coroner", false))
        );
        assert_eq!(
            term("affiliate, in relation to any person, means any", false),
            Some(("affiliate", false))
        );
        assert_eq!(
            term(
                "First Nation Government has the same meaning as in section 1.1",
                false
            ),
            Some(("First Nation Government", false))
        );
        assert_eq!(
            term("commodity pipeline [Repealed, 1998, c. 20, s. 1]", false),
            Some(("commodity pipeline", false))
        );
        assert_eq!(term("but does not include any costs incurred", true), None);
        assert_eq!(term("and includes the seabed", true), None);
        assert_eq!(term("(a) a person who means", true), None);
        assert_eq!(term("“(4) The owner means", true), None);
    }

    #[test]
    fn definition_lines() {
        for line in [
            "coroner includes any",
            "affiliate, in relation to any person, means any other person who controls",
            "barrier has the same meaning as in section 2 of the Accessible Canada Act; (obstacle)",
            "“agriculture” includes dairy-farming",
            "commodity pipeline [Repealed, 1998, c. 20, s. 1]",
            "partial-aero, in respect of a box van trailer other than a non-aero box van trailer, means that the trailer",
            "B is the payload for the class of vocational vehicles, which is",
            "Qi is the volume or mass of the fossil fuel combusted, determined",
            "i is the ith sampling period that is set out for the fuel type",
        ] {
            assert!(reads_as_definition(line), "{line}");
        }
        for line in [
            "carrying out the duties and functions of a coroner; (coroner)",
            "means any thing",
            "(A) is distinguished by historic property; and",
            "This is the end of the matter, and nothing more may be said of it.",
            "It is prohibited to sell the goods.",
        ] {
            assert!(!reads_as_definition(line), "{line}");
        }
    }
}
