//! Definitions in interpretation sections: `2 (1) In this Act,` then one line per term
//! (`coroner includes any`, `“agriculture” includes …`), each of which may carry its own
//! paragraphs `(a)`, `(b)` … that start again at `(a)` for every term. Those paragraphs belong
//! to the definition, not to the subsection: while the definitions last, the cutter keeps them
//! as text of the unit that introduced the definitions instead of cutting them as its
//! paragraphs (which would read the second term's `(a)` as a repeated number).
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
        .take(14)
        .collect();
    words.iter().enumerate().skip(1).any(|(i, w)| {
        let w = w.trim_end_matches([',', ';']);
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
        verb && i <= 12
    })
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
    fn definition_lines() {
        for line in [
            "coroner includes any",
            "affiliate, in relation to any person, means any other person who controls",
            "barrier has the same meaning as in section 2 of the Accessible Canada Act; (obstacle)",
            "“agriculture” includes dairy-farming",
            "commodity pipeline [Repealed, 1998, c. 20, s. 1]",
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
