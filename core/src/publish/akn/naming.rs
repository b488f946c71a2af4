//! Akoma Ntoso names for iu-cutter's units: the element and `eId` abbreviation of every
//! address token (one table, here), `eId`s from canonical addresses, and `<num>` text.

use crate::text::address::parse;
use crate::text::cite::render_ordinal;
use crate::text::roman::to_roman;
use crate::text::vocabulary::{OrdinalStyle, SectionType};

/// How one address token is written in Akoma Ntoso.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AknName<'a> {
    /// A hierarchical element of the schema (`article`, `point`), or `hcontainer`.
    pub element: &'a str,
    /// For `hcontainer`: its `name` attribute.
    pub name: Option<&'a str>,
    /// The `eId` abbreviation (AKN naming convention, `art`, `para`, `point`).
    pub abbr: &'a str,
}

/// Every address token of the shipped vocabularies (`core/vocabularies/*.json`): its element and
/// abbreviation. Tokens the schema has no hierarchical element for (`tieumuc`, `schedule`, `item`,
/// …) are `hcontainer`s named after what they are.
const TABLE: &[(&str, &str, Option<&str>, &str)] = &[
    // Vietnamese.
    ("phan", "part", None, "part"),
    ("chuong", "chapter", None, "chp"),
    ("muc", "section", None, "sec"),
    ("tieumuc", "hcontainer", Some("subsection"), "subsec"),
    ("dieu", "article", None, "art"),
    ("khoan", "paragraph", None, "para"),
    ("diem", "point", None, "point"),
    // An instrument the text issues (`Quy chế … ban hành kèm theo`), with its own articles:
    // an `hcontainer` named for what Akoma Ntoso calls it (a document's attachment, `att`).
    ("kemtheo", "hcontainer", Some("attachment"), "att"),
    // English, US, UK, Commonwealth.
    // A public law's Division (the Akoma Ntoso hierarchy has the element; `dvs` by its naming convention).
    ("division", "division", None, "dvs"),
    ("title", "title", None, "title"),
    ("subtitle", "subtitle", None, "subtitle"),
    ("part", "part", None, "part"),
    ("chapter", "chapter", None, "chp"),
    ("subchapter", "subchapter", None, "subchp"),
    ("section", "section", None, "sec"),
    ("article", "article", None, "art"),
    // UK statutory instruments: legislation.gov.uk's Akoma Ntoso names them so.
    ("regulation", "hcontainer", Some("regulation"), "reg"),
    ("rule", "hcontainer", Some("rule"), "rule"),
    ("subsection", "subsection", None, "subsec"),
    ("paragraph", "paragraph", None, "para"),
    ("subparagraph", "subparagraph", None, "subpara"),
    ("para", "paragraph", None, "para"),
    ("subpara", "subparagraph", None, "subpara"),
    ("clause", "clause", None, "cl"),
    ("subclause", "subclause", None, "subcl"),
    ("item", "hcontainer", Some("item"), "item"),
    ("subitem", "hcontainer", Some("subitem"), "subitem"),
    ("schedule", "hcontainer", Some("schedule"), "sched"),
    ("schedulepart", "part", None, "part"),
    // A Chapter of a schedule's Part (legislation.gov.uk's `schedule/1/part/2/chapter/1`).
    ("schedulechapter", "chapter", None, "chp"),
    // A treaty's article printed in a schedule: an Akoma Ntoso article inside the schedule.
    ("schedulearticle", "article", None, "art"),
    ("annexure", "hcontainer", Some("annexure"), "annex"),
    // A definition in an interpretation section (`…/definition-owner` → `def_owner`), an
    // `hcontainer` as legislation.gov.uk's Akoma Ntoso writes it.
    ("definition", "hcontainer", Some("definition"), "def"),
];

/// The Akoma Ntoso element and abbreviation of an address token; an unknown token is an
/// `hcontainer` named after it, with the token as its abbreviation.
pub fn akn_name(token: &str) -> AknName<'_> {
    TABLE
        .iter()
        .find(|(t, ..)| *t == token)
        .map(|&(_, element, name, abbr)| AknName {
            element,
            name,
            abbr,
        })
        .unwrap_or(AknName {
            element: "hcontainer",
            name: Some(token),
            abbr: token,
        })
}

/// The `eId` of a canonical address: each segment `token-ordinal` becomes `{abbr}_{ordinal}`,
/// joined by `__` (`22-2023-qh15/dieu-44/khoan-1/diem-dd` → `art_44__para_1__point_dd`); the
/// document slug is not part of it. Text that is not a canonical address (an old alias typed by
/// hand) is split the same way, whitespace and characters an `eId` cannot hold made `_`.
/// `None` for the document itself (no segment).
pub fn eid_of_address(address: &str) -> Option<String> {
    let segments: Vec<(String, String)> = match parse(address) {
        Ok(a) => a
            .segments
            .into_iter()
            .map(|s| (s.token.into(), s.ordinal.into()))
            .collect(),
        Err(_) => address
            .split('/')
            .skip(1)
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                let (t, o) = s.split_once('-').unwrap_or((s, ""));
                (clean(t), clean(o))
            })
            .collect(),
    };
    if segments.is_empty() {
        return None;
    }
    Some(
        segments
            .iter()
            .map(|(token, ordinal)| {
                let abbr = akn_name(token).abbr;
                if ordinal.is_empty() {
                    abbr.to_owned()
                } else {
                    format!("{abbr}_{ordinal}")
                }
            })
            .collect::<Vec<_>>()
            .join("__"),
    )
}

fn clean(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The `<num>` of a unit as its text prints it: the first alternative of its section type's
/// heading pattern up to `{title}`, the ordinal in the type's style
/// (`Điều {ordinal}.` → `Điều 44.`, `{ordinal})` → `đ)`, `Chương {ordinal}` → `Chương II`,
/// `({ordinal})` → `(A)` for a US subparagraph). Without its type, the ordinal alone.
pub fn num_text(section_type: Option<&SectionType>, ordinal: &str, vi: bool) -> String {
    let Some(t) = section_type else {
        return ordinal.to_owned();
    };
    // A definition has no number: its term is printed in its text (`“owner” means …`).
    if t.ordinal_style == OrdinalStyle::Term {
        return String::new();
    }
    let shown = show_ordinal(t.ordinal_style, ordinal, vi);
    let pattern = t.heading_pattern.split(" | ").next().unwrap_or_default();
    let pattern = pattern.split("{title}").next().unwrap_or_default().trim();
    if pattern.contains("{ordinal}") {
        pattern.replace("{ordinal}", &shown)
    } else {
        format!("{} {shown}", t.label)
    }
}

/// An ordinal as printed: the citation rules ([`render_ordinal`]: roman, spelled Vietnamese,
/// `dd` → `đ`), and the cases headings print that citations fold (`A`, `iv`, `IV`, `AA`).
fn show_ordinal(style: OrdinalStyle, ordinal: &str, vi: bool) -> String {
    let number = Some(ordinal)
        .filter(|o| !o.starts_with('0') && o.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|o| o.parse::<u32>().ok());
    match (style, number) {
        (OrdinalStyle::UpperLetter | OrdinalStyle::DoubleCapital, _) => ordinal.to_uppercase(),
        (OrdinalStyle::LowerRoman, Some(n)) => to_roman(n)
            .map(|r| r.to_lowercase())
            .unwrap_or_else(|| ordinal.to_owned()),
        (OrdinalStyle::UpperRoman, Some(n)) => to_roman(n).unwrap_or_else(|| ordinal.to_owned()),
        // The pattern writes `thứ` itself (`Phần thứ {ordinal}`); the citation form has it too.
        (OrdinalStyle::Spelled, _) => {
            let r = render_ordinal(style, ordinal, vi);
            r.strip_prefix("thứ ").map(str::to_owned).unwrap_or(r)
        }
        _ => render_ordinal(style, ordinal, vi),
    }
}
