//! Citations resolved at the citing text's date.
//!
//! A text written on some date cites units by the addresses they had then. For each address a
//! [`Citation`] lists, [`resolve_citation`] answers with the cited document's [`AliasIndex`]
//! what it meant at that date (the citing text's date, not today):
//!
//! | the address at the citing date | answer |
//! |---|---|
//! | names no document known here (no index for its slug) | `reason: unknown-document` |
//! | is the document's slug alone (`Public Law 114-190`) | `outcome: document` |
//! | reaches a unit, by its address then or through aliases | `outcome` (`canonical`, `alias`, `split`) and the alias [`Resolution`] as `resolution` (its `current_address` is the unit's address today, so a citation of a renumbered article finds today's unit) |
//! | reaches a retired unit, or a withdrawn address | likewise (`retired`, `withdrawn`), as are `cycle` and `chain_too_long` |
//! | reaches a unit only later (an article inserted after the citing text) | `reason: not-yet-in-force`, with `in_force_from`, the first instant it does |
//! | never reached a unit | `reason: no-such-unit` |
//!
//! A citation the finder could not fully read keeps its [`CitationProblem`] (e.g.
//! `unidentified-document`, a document named without its code), next to whatever addresses it
//! did list. Pure: the caller hands over the indexes (one per document slug) and the date.

use serde::Serialize;

use super::{Citation, CitationProblem, Span};
use crate::store::alias::{AliasIndex, Resolution};
use crate::text::timestamp::Timestamp;

/// What one cited address meant at the citing date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CitedAddress {
    /// The address as the citation lists it.
    pub address: String,
    #[serde(flatten)]
    pub answer: CitedAnswer,
}

/// Either what the alias index answered (an `outcome`), or why the address cites no unit (a `reason`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum CitedAnswer {
    /// The alias index's answer at the citing date: `outcome` is its tag (`canonical`, `alias`,
    /// `split`, `retired`, `withdrawn`, `cycle` or `chain_too_long`; never `unknown`, which is an
    /// [`Unresolved`] reason). The resolution is nested, not flattened: its own `address` (the
    /// unit's address at the date) would otherwise overwrite the cited one.
    Resolved {
        outcome: String,
        resolution: Resolution,
    },
    /// The address is the cited document itself.
    Document(DocumentCited),
    /// Why the address cites no unit.
    Unresolved(Unresolved),
}

/// `{ outcome: "document" }`: the address is a document's slug, and the document is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum DocumentCited {
    Document,
}

/// Why a cited address reaches no unit at the citing date. Serialized with a `reason` tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Unresolved {
    /// No document has the address's slug.
    UnknownDocument { document: String },
    /// The document exists; the address never reached one of its units.
    NoSuchUnit,
    /// The address reaches a unit only after the citing date: from `in_force_from` on.
    NotYetInForce {
        /// The first instant the address reaches a unit (RFC 3339, UTC).
        in_force_from: String,
        /// The unit it reaches then (none for a split), and that unit's address today.
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        unit_id: Option<String>,
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        current_address: Option<String>,
    },
}

impl Unresolved {
    /// The serialized `reason` tag.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownDocument { .. } => "unknown-document",
            Self::NoSuchUnit => "no-such-unit",
            Self::NotYetInForce { .. } => "not-yet-in-force",
        }
    }
}

/// One citation, each of its addresses resolved at the citing date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResolvedCitation {
    pub text: String,
    pub span: Span,
    pub addresses: Vec<CitedAddress>,
    /// The finder's problem with the citation, kept as it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub problem: Option<CitationProblem>,
}

/// The document slug of an address: everything before the first `/`.
pub fn document_of(address: &str) -> &str {
    address.split_once('/').map_or(address, |(doc, _)| doc)
}

/// What `address` meant at `at`, with its document's index (`None`: no such document).
pub fn resolve_address(index: Option<&AliasIndex>, address: &str, at: Timestamp) -> CitedAddress {
    let answer = match index {
        None => CitedAnswer::Unresolved(Unresolved::UnknownDocument {
            document: document_of(address).to_owned(),
        }),
        Some(index) => answer_in(index, address, at),
    };
    CitedAddress {
        address: address.to_owned(),
        answer,
    }
}

fn answer_in(index: &AliasIndex, address: &str, at: Timestamp) -> CitedAnswer {
    let found = index.resolve_ref(address, at);
    if found.outcome() != "unknown" {
        return CitedAnswer::Resolved {
            outcome: found.outcome().to_owned(),
            resolution: found.to_resolution(),
        };
    }
    if let Some((from, later)) = index.arrival_after(address, at) {
        return CitedAnswer::Unresolved(Unresolved::NotYetInForce {
            in_force_from: from.to_rfc3339(),
            unit_id: later.unit().map(|u| u.id.clone()),
            current_address: later.unit().map(|u| u.canonical_address.clone()),
        });
    }
    if !address.contains('/') {
        // A document cited alone: it has no unit at its slug, and needs none.
        return CitedAnswer::Document(DocumentCited::Document);
    }
    CitedAnswer::Unresolved(Unresolved::NoSuchUnit)
}

/// Every address of `citation` resolved at `at`; `index_of` gives a document slug's index.
pub fn resolve_citation<'i>(
    citation: &Citation,
    at: Timestamp,
    index_of: impl Fn(&str) -> Option<&'i AliasIndex>,
) -> ResolvedCitation {
    ResolvedCitation {
        text: citation.text.clone(),
        span: citation.span,
        addresses: citation
            .addresses
            .iter()
            .map(|a| resolve_address(index_of(document_of(a)), a, at))
            .collect(),
        problem: citation.problem.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::citations::find_citations;
    use crate::store::alias::{AliasKind, AliasRow, UnitRef};
    use crate::store::unit::LifecycleStatus;
    use crate::text::vocabulary::default_vocabularies;
    use serde_json::json;

    fn t(date: &str) -> Timestamp {
        Timestamp::parse_rfc3339(date).unwrap()
    }

    fn unit(id: &str, address: &str, live_from: Option<&str>) -> UnitRef {
        UnitRef {
            id: id.into(),
            canonical_address: address.into(),
            lifecycle_status: LifecycleStatus::Active,
            retired_at: None,
            live_from: live_from.map(t),
        }
    }

    fn renumber(id: &str, old: &str, unit: &str, from: &str) -> AliasRow {
        AliasRow {
            alias_id: id.into(),
            target_unit_id: Some(unit.into()),
            alias_text: old.into(),
            alias_kind: AliasKind::Renumber,
            valid_from: t(from),
            valid_until: None,
        }
    }

    /// Bộ luật Lao động 45/2019/QH14 as cut: on 2025-01-01 an amending law inserted a new
    /// Điều 44, so the old Điều 44 became Điều 45 and the old Điều 45 Điều 46; Điều 10a was
    /// inserted on 2026-01-01; Điều 50 was repealed on 2025-07-01.
    fn labour_code() -> AliasIndex {
        let mut repealed = unit("u50", "45-2019-qh14/dieu-50", None);
        repealed.lifecycle_status = LifecycleStatus::Retired;
        repealed.retired_at = Some(t("2025-07-01"));
        AliasIndex::build(
            &[
                unit("u44", "45-2019-qh14/dieu-45", None),
                unit("u44-1", "45-2019-qh14/dieu-45/khoan-1", None),
                unit("u45", "45-2019-qh14/dieu-46", None),
                unit("new44", "45-2019-qh14/dieu-44", Some("2025-01-01")),
                unit("u10a", "45-2019-qh14/dieu-10a", Some("2026-01-01")),
                repealed,
            ],
            &[
                renumber("r1", "45-2019-qh14/dieu-44", "u44", "2025-01-01"),
                renumber("r2", "45-2019-qh14/dieu-44/khoan-1", "u44-1", "2025-01-01"),
                renumber("r3", "45-2019-qh14/dieu-45", "u45", "2025-01-01"),
            ],
        )
        .unwrap()
    }

    fn resolved(text: &str, at: &str) -> Vec<serde_json::Value> {
        let index = labour_code();
        let citations = find_citations(text, default_vocabularies(), Some("45/2019/QH14"));
        citations
            .iter()
            .map(|c| {
                let r =
                    resolve_citation(c, t(at), |slug| (slug == "45-2019-qh14").then_some(&index));
                serde_json::to_value(r).unwrap()
            })
            .collect()
    }

    fn first(text: &str, at: &str) -> serde_json::Value {
        resolved(text, at)[0]["addresses"][0].clone()
    }

    #[test]
    fn a_citation_written_before_the_renumbering_finds_the_unit_it_meant_under_its_address_today() {
        let a = first("khoản 1 Điều 44 Bộ luật số 45/2019/QH14", "2024-06-01");
        assert_eq!(a["address"], "45-2019-qh14/dieu-44/khoan-1");
        assert_eq!(a["outcome"], "canonical");
        assert_eq!(a["resolution"]["unit_id"], "u44-1");
        assert_eq!(
            a["resolution"]["current_address"],
            "45-2019-qh14/dieu-45/khoan-1"
        );
    }

    #[test]
    fn a_citation_written_after_the_renumbering_finds_the_unit_now_at_the_address() {
        let a = first("khoản 1 Điều 44 Bộ luật số 45/2019/QH14", "2025-06-01");
        // The new Điều 44 has no khoản 1 of its own: the old one is forwarded by its renumber row.
        assert_eq!(a["outcome"], "alias");
        assert_eq!(a["resolution"]["unit_id"], "u44-1");
        // The cited address stays the one cited; the unit's address at the date is the resolution's.
        assert_eq!(a["address"], "45-2019-qh14/dieu-44/khoan-1");
        assert_eq!(a["resolution"]["address"], "45-2019-qh14/dieu-45/khoan-1");
        let a = first("Điều 44 Bộ luật số 45/2019/QH14", "2025-06-01");
        assert_eq!(
            (a["outcome"].clone(), a["resolution"]["unit_id"].clone()),
            (json!("canonical"), json!("new44"))
        );
        let a = first("Điều 44 Bộ luật số 45/2019/QH14", "2024-06-01");
        assert_eq!(
            (a["outcome"].clone(), a["resolution"]["unit_id"].clone()),
            (json!("canonical"), json!("u44"))
        );
    }

    #[test]
    fn an_article_inserted_later_is_not_yet_in_force_and_says_when_it_is() {
        let a = first("Điều 10a Luật này", "2025-03-01");
        assert_eq!(a["reason"], "not-yet-in-force");
        assert_eq!(a["in_force_from"], "2026-01-01T00:00:00.000Z");
        assert_eq!(a["unit_id"], "u10a");
        assert!(a.get("outcome").is_none());
        assert_eq!(
            first("Điều 10a Luật này", "2026-03-01")["outcome"],
            "canonical"
        );
    }

    #[test]
    fn an_address_that_never_held_a_unit_and_an_unknown_code_say_so() {
        let a = first("Điều 99 Bộ luật số 45/2019/QH14", "2025-03-01");
        assert_eq!(a["reason"], "no-such-unit");
        let a = first("Điều 5 Luật số 99/2020/QH14", "2025-03-01");
        assert_eq!(
            a,
            json!({ "address": "99-2020-qh14/dieu-5", "reason": "unknown-document", "document": "99-2020-qh14" })
        );
    }

    #[test]
    fn a_repealed_article_keeps_the_alias_outcome() {
        assert_eq!(first("Điều 50", "2025-03-01")["outcome"], "canonical");
        let a = first("Điều 50", "2025-09-01");
        assert_eq!(
            (a["outcome"].clone(), a["resolution"]["unit_id"].clone()),
            (json!("retired"), json!("u50"))
        );
    }

    #[test]
    fn a_citation_with_a_problem_keeps_it_beside_what_it_lists() {
        let r = resolved("Điều 5 của Luật Đất đai", "2025-03-01");
        assert_eq!(r[0]["problem"]["code"], "unidentified-document");
        assert_eq!(r[0]["addresses"], json!([]));
        let r = resolved("từ Điều 10a đến Điều 12 Luật này", "2026-03-01");
        assert_eq!(r[0]["problem"]["code"], "range-not-expanded");
        assert_eq!(r[0]["addresses"][0]["outcome"], "canonical");
        assert_eq!(r[0]["addresses"][1]["reason"], "no-such-unit");
    }

    #[test]
    fn every_address_of_an_enumeration_is_answered_in_order() {
        let r = resolved("Điều 44 và Điều 10a Luật này", "2025-03-01");
        let addresses = r[0]["addresses"].as_array().unwrap();
        assert_eq!(addresses.len(), 2);
        assert_eq!(addresses[0]["outcome"], "canonical");
        assert_eq!(addresses[1]["reason"], "not-yet-in-force");
        assert_eq!(
            r[0]["span"],
            json!({ "start": 0, "end": r[0]["text"].as_str().unwrap().len() })
        );
    }

    #[test]
    fn a_document_cited_alone_is_the_document() {
        let index = labour_code();
        let a = resolve_address(Some(&index), "45-2019-qh14", t("2025-01-01"));
        assert_eq!(
            serde_json::to_value(a).unwrap(),
            json!({ "address": "45-2019-qh14", "outcome": "document" })
        );
    }
}
