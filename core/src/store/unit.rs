//! Logical units: the shapes shared by cut, plan and verify.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use sha2::Digest;

use crate::text::canonical_json::escaped_runs;
#[cfg(test)]
use crate::text::hash::sha256_hex_bytes;
use crate::text::hash::Sha256Hex;
use crate::text::vocabulary::SectionType;

pub(crate) mod order;
mod status;
pub use order::{
    cut_document_order, document_order_by, has_sibling_positions, ranks, renumbered_siblings,
    sibling_positions, stored_document_order,
};
pub use status::{provision_status, ProvisionStatus};

/// Where a unit is in its life. Units change state only through CUT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LifecycleStatus {
    /// Cut from a text, never enacted.
    DraftOnly,
    /// In force.
    Active,
    /// No longer in force; its address stays resolvable.
    Retired,
}

/// Whose word a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Authority {
    Draft,
    Enacted,
    Runtime,
}

impl LifecycleStatus {
    /// Backfill rule BR-4: authority follows lifecycle_status.
    pub fn backfill_authority(self) -> Authority {
        match self {
            LifecycleStatus::DraftOnly => Authority::Draft,
            LifecycleStatus::Active | LifecycleStatus::Retired => Authority::Enacted,
        }
    }
}

/// A unit as the segmenter cut it from a text: no id yet, `parent` is an index into the same cut.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CutUnit {
    /// Section type code from the vocabulary, e.g. `dieu`.
    // Held inline when short, as every shipped code is (no allocation for each unit cut).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub section_type: CompactString,
    /// Canonical ordinal, e.g. `44`, `1a`, `dd`.
    // Inline too.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub ordinal: CompactString,
    pub heading: Option<String>,
    pub body: String,
    /// Index of the parent unit in [`Cut::units`](crate::read::cut::Cut); `None` for top-level units.
    pub parent: Option<usize>,
    /// Order among its siblings (the units with the same parent; top-level units are
    /// siblings), starting at 1. Document order is the tree's ([`cut_document_order`]).
    pub position: u32,
    pub canonical_address: String,
    /// [`content_sha256`] of heading and body.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub content_sha256: Sha256Hex,
    /// 1-based line of the text where the unit starts.
    pub line: u32,
    /// Repealed, omitted, transferred or renumbered: what its publisher prints in place of the
    /// provision's text (`26 [Repealed, 2001, c. 9, s. 1]`), read from `heading` and `body` by
    /// [`provision_status`] alone, so the content hash covers it. Absent (and not serialized)
    /// for every other unit, so a cut without such a provision serializes as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub status: Option<ProvisionStatus>,
    /// The publisher's editorial notes on the provision, as printed in brackets in a crawled
    /// text (`[Khoản này được sửa đổi bởi Khoản 2 Điều 1 Luật 84/2015/QH13 …]`): not text of
    /// the law, so kept out of `heading`, `body` and the content hash, but kept, in order.
    /// Absent (and not serialized) when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub notes: Vec<String>,
}

/// A unit as stored: one `logical_unit` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredUnit {
    pub id: String,
    /// Id of the `legal_document` row.
    pub document: String,
    pub section_type: String,
    pub parent: Option<String>,
    pub ordinal: String,
    pub heading: Option<String>,
    pub body: String,
    pub content_sha256: String,
    /// Order among its siblings, from 1 ([`stored_document_order`] gives document order).
    /// Stores and manifest images written before issue 30 (`iu-cutter-manifest-v1`) hold the
    /// place in the whole document instead; the same order rule reads both.
    pub position: u32,
    pub canonical_address: String,
    pub canonical_address_format_version: String,
    pub lifecycle_status: LifecycleStatus,
    pub authority: Authority,
}

/// One `canonical_address_alias` row, as stored or as a ledger image. Timestamps stay
/// JSON (RFC 3339 text, epoch milliseconds or null) and are compared as instants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredAlias {
    pub alias_id: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub target_unit_id: Option<String>,
    pub alias_text: String,
    pub alias_kind: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub valid_from: Value,
    #[serde(default)]
    pub valid_until: Value,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub created_by: Option<String>,
    #[serde(default)]
    pub rationale: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub scenario_ref: Option<String>,
}

/// The one definition of a unit's content hash: sha256 of the RFC 8785 JSON
/// `{"body":…,"heading":…}`. Position and address are not content, so a
/// renumbered unit keeps its hash.
pub fn content_sha256(heading: Option<&str>, body: &str) -> String {
    content_digest(heading, body).into()
}

/// [`content_sha256`], held inline (no allocation): what a cut gives each unit.
pub fn content_digest(heading: Option<&str>, body: &str) -> Sha256Hex {
    // Keys in sorted order and only strings/null: the compact JSON written below is
    // RFC 8785 (a proptest below checks it against the canonicalizer). It streams into the
    // hasher with no buffer per unit, runs of bytes that need no escape in one update each:
    // this runs for every unit of every cut and plan. sha2 picks the CPU's SHA extensions
    // natively and its simd128 backend in the server WASM (scripts/build.sh).
    let mut hasher = sha2::Sha256::new();
    hasher.update(b"{\"body\":\"");
    escaped_runs(body, |run| hasher.update(run));
    match heading {
        Some(h) => {
            hasher.update(b"\",\"heading\":\"");
            escaped_runs(h, |run| hasher.update(run));
            hasher.update(b"\"}");
        }
        None => hasher.update(b"\",\"heading\":null}"),
    }
    Sha256Hex::of(&hasher.finalize().into())
}

// The content as the canonicalizer sees it, for the tests of the hand-written JSON above.
#[cfg(test)]
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
struct Content<'a> {
    body: &'a str,
    heading: Option<&'a str>,
}

/// The address a unit must have, given where it sits (Q-CHK-3): a citation root
/// starts again at the document, any other type extends its parent's address.
pub fn derived_address(
    doc_slug: &str,
    parent_address: Option<&str>,
    section_type: &SectionType,
    ordinal: &str,
) -> String {
    let base = match parent_address {
        Some(parent) if !section_type.citation_root => parent,
        _ => doc_slug,
    };
    // Pushed into one exact allocation: the cut builds an address for every unit.
    let token = section_type.address_token.as_str();
    let mut address = String::with_capacity(base.len() + token.len() + ordinal.len() + 2);
    address.push_str(base);
    address.push('/');
    address.push_str(token);
    address.push('-');
    address.push_str(ordinal);
    address
}

/// The address of a citation root in a document that numbers it again under each parent
/// (`Chương I` in every `Phần`): it extends its parent's address (`…/phan-3/chuong-1`), as
/// any other type does. Plan and verify accept it besides [`derived_address`]; the cut
/// issues it only where the document's own numbering starts again.
pub fn scoped_address(parent_address: &str, section_type: &SectionType, ordinal: &str) -> String {
    let token = section_type.address_token.as_str();
    let mut address = String::with_capacity(parent_address.len() + token.len() + ordinal.len() + 2);
    address.push_str(parent_address);
    address.push('/');
    address.push_str(token);
    address.push('-');
    address.push_str(ordinal);
    address
}

/// Whether a unit of type `t` under a unit of type `parent` may carry [`scoped_address`]:
/// a division that is a citation root and holds citation roots (Chương, holding Điều) under a
/// citation-root division (Phần); and any citation root under an outermost citation-root
/// grouping (no parents), at any depth below it: a public law's sections numbered again in
/// each Division (`…/division-b/section-101`, under `…/division-b/title-1`). The cut issues
/// these only where the document's own numbering starts again.
pub fn may_number_per_parent<'a>(
    mut types: impl Iterator<Item = &'a SectionType>,
    t: &SectionType,
    parent: &SectionType,
) -> bool {
    t.citation_root
        && parent.citation_root
        && (parent.parents.is_empty() && parent.code != t.code
            || types.any(|c| c.citation_root && c.parents.contains(&t.code)))
}

/// Whether `address` is a unit of type `t` and `ordinal` addressed under one of its
/// ancestors (given from its parent up, with their types) that its document numbers it per:
/// [`scoped_address`] of that ancestor, whose type [`may_number_per_parent`] allows. At most
/// `limit` ancestors are read (a cycle among stored units ends the walk).
pub fn is_scoped_address<'a, 'b>(
    types: impl Iterator<Item = &'a SectionType> + Clone,
    address: &str,
    t: &SectionType,
    ordinal: &str,
    ancestors: impl Iterator<Item = (&'b str, &'b SectionType)>,
    limit: usize,
) -> bool {
    ancestors.take(limit).any(|(base, at)| {
        address
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('/'))
            .and_then(|rest| rest.strip_prefix(t.address_token.as_str()))
            .and_then(|rest| rest.strip_prefix('-'))
            == Some(ordinal)
            && may_number_per_parent(types.clone(), t, at)
    })
}

/// Whether a unit of type `t` may stand in a unit of type `division`, which is not one of its
/// parents: a division of one of its parents (a schedule's Part), where that parent numbers
/// `t` again in each division (schedule paragraphs `1`, `2` … again in each `PART` of a
/// Justice Canada schedule: `…/schedule-1/schedulepart-2/para-1`). Its address extends the
/// division's, as any address that is no citation root extends its parent's; the cut places
/// it so only where the parent's own numbering starts again in a division.
pub fn may_number_per_division(t: &SectionType, division: &SectionType) -> bool {
    !t.citation_root
        && !division.citation_root
        && division.level < t.level
        && !t.parents.contains(&division.code)
        && division.parents.iter().any(|p| t.parents.contains(p))
}

/// Whether `t` is an attachment type: one that stands at the top (no parents) and holds no
/// citation roots (a schedule, an appendix), as opposed to a Part or an issued instrument.
pub fn is_attachment_type<'a>(
    mut types: impl Iterator<Item = &'a SectionType>,
    t: &SectionType,
) -> bool {
    t.parents.is_empty() && !types.any(|c| c.citation_root && c.parents.contains(&t.code))
}

/// Whether units of type `t` are instruments the document issues (a Quy chế, Chương
/// trình, Quy định issued by a decree or circular and printed after its signature, `(Ban hành
/// kèm theo …)`): a type that stands at the top (no parents), is not itself a citation root,
/// and holds citation roots. Such a unit owns its divisions and articles: the citation roots
/// inside it start again at its address (`…/kemtheo-1/dieu-1`), see [`instrument_base`].
pub fn is_instrument<'a>(
    mut types: impl Iterator<Item = &'a SectionType>,
    t: &SectionType,
) -> bool {
    t.parents.is_empty()
        && !t.citation_root
        && types.any(|c| c.citation_root && c.parents.contains(&t.code))
}

/// The address citation roots under `parent_address` start again at, when the parent sits in
/// an instrument attached to the document (`doc/kemtheo-1` for `doc/kemtheo-1/chuong-2`): the
/// attachment's own address, its first segment after `doc`. `None` outside any attachment,
/// where citation roots start again at the document. [`derived_address`] with this address in
/// place of the document's is the address of a unit inside the attachment.
pub fn instrument_base<'p, 't>(
    doc: &str,
    parent_address: &'p str,
    types: impl Iterator<Item = &'t SectionType> + Clone,
) -> Option<&'p str> {
    let rest = parent_address.strip_prefix(doc)?.strip_prefix('/')?;
    let segment = rest.split('/').next()?;
    let (token, _) = segment.rsplit_once('-')?;
    let attachment = types
        .clone()
        .any(|t| t.address_token == token && is_instrument(types.clone(), t));
    attachment.then(|| parent_address.get(..doc.len() + 1 + segment.len()))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn br4_authority_follows_lifecycle_status() {
        assert_eq!(
            LifecycleStatus::DraftOnly.backfill_authority(),
            Authority::Draft
        );
        assert_eq!(
            LifecycleStatus::Active.backfill_authority(),
            Authority::Enacted
        );
        assert_eq!(
            LifecycleStatus::Retired.backfill_authority(),
            Authority::Enacted
        );
    }

    #[test]
    fn a_citation_root_restarts_at_the_document_and_others_extend_their_parent() {
        let vi = crate::text::vocabulary::default_vocabulary("vi").expect("vi ships");
        let t = |code| vi.by_code(code).expect("type");
        assert_eq!(
            derived_address(
                "45-2019-qh14",
                Some("45-2019-qh14/chuong-3"),
                t("dieu"),
                "44"
            ),
            "45-2019-qh14/dieu-44"
        );
        assert_eq!(
            derived_address("45-2019-qh14", Some("45-2019-qh14/chuong-3"), t("muc"), "1"),
            "45-2019-qh14/chuong-3/muc-1"
        );
        assert_eq!(
            derived_address(
                "45-2019-qh14",
                Some("45-2019-qh14/dieu-44/khoan-1"),
                t("diem"),
                "dd"
            ),
            "45-2019-qh14/dieu-44/khoan-1/diem-dd"
        );
    }

    proptest::proptest! {
        #[test]
        fn content_hash_is_the_sha256_of_the_canonical_json(heading in proptest::option::of(".*"), body in ".*") {
            let canonical = crate::text::canonical_json::to_string(&Content { body: &body, heading: heading.as_deref() });
            proptest::prop_assert_eq!(content_sha256(heading.as_deref(), &body), sha256_hex_bytes(canonical.as_bytes()));
        }
    }

    proptest::proptest! {
        #[test]
        fn content_hash_escapes_as_serde_json_does(
            heading in proptest::option::of("[\\x00-\\x20\"\\\\a\\x7f\u{80}đ\u{2028}\u{FEFF}]{0,12}"),
            body in "[\\x00-\\x20\"\\\\a\\x7f\u{80}đ\u{2028}\u{FEFF}]{0,40}",
        ) {
            let json = serde_json::to_string(&Content { body: &body, heading: heading.as_deref() })
                .expect("two strings serialize");
            proptest::prop_assert_eq!(content_sha256(heading.as_deref(), &body), sha256_hex_bytes(json.as_bytes()));
        }
    }

    #[test]
    fn content_hash_escapes_every_control_character() {
        let all: String = (0u8..=0x7f).map(char::from).collect();
        for (heading, body) in [
            (Some(all.as_str()), all.as_str()),
            (None, "x\n\"y\"\\"),
            (Some(""), ""),
            (Some("Phạm vi"), "Điều 5\nkhoản\t1"),
        ] {
            let json = serde_json::to_string(&Content { body, heading }).expect("serializes");
            assert_eq!(
                content_sha256(heading, body),
                sha256_hex_bytes(json.as_bytes()),
                "{json}"
            );
        }
    }

    #[test]
    fn content_hash_separates_heading_from_body() {
        assert_ne!(
            content_sha256(Some("a"), "b"),
            content_sha256(Some("ab"), "")
        );
        assert_ne!(content_sha256(None, ""), content_sha256(Some(""), ""));
        assert_eq!(content_sha256(Some("Phạm vi"), "x").len(), 64);
    }
}
