//! The one image of a unit and its hash, and the hash of a stored document built from them.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{Manifest, UnitBlock};
use crate::store::unit::{Authority, LifecycleStatus, StoredUnit};
use crate::text::canonical_json;
use crate::text::hash::{hex, sha256_hex_bytes};

// The image of a unit: every column a CUT may change, borrowed so hashing does not clone.
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
struct Image<'a> {
    authority: Authority,
    body: &'a str,
    canonical_address: &'a str,
    canonical_address_format_version: &'a str,
    content_sha256: &'a str,
    document: &'a str,
    heading: Option<&'a str>,
    id: &'a str,
    lifecycle_status: LifecycleStatus,
    ordinal: &'a str,
    parent: Option<&'a str>,
    position: u32,
    section_type: &'a str,
}

impl<'a> Image<'a> {
    fn of(u: &'a StoredUnit) -> Self {
        Image {
            authority: u.authority,
            body: &u.body,
            canonical_address: &u.canonical_address,
            canonical_address_format_version: &u.canonical_address_format_version,
            content_sha256: &u.content_sha256,
            document: &u.document,
            heading: u.heading.as_deref(),
            id: &u.id,
            lifecycle_status: u.lifecycle_status,
            ordinal: &u.ordinal,
            parent: u.parent.as_deref(),
            position: u.position,
            section_type: &u.section_type,
        }
    }
}

/// The one definition of a unit's before/after image: a JSON object of every
/// `logical_unit` column a CUT may change (id, document, section_type, parent,
/// ordinal, heading, body, content_sha256, position, canonical_address,
/// canonical_address_format_version, lifecycle_status, authority). Timestamps are
/// not part of it: they change on every write.
pub fn unit_image(unit: &StoredUnit) -> Value {
    serde_json::to_value(Image::of(unit)).unwrap_or(Value::Null)
}

/// sha256 of the RFC 8785 JSON of [`unit_image`].
///
/// Computed from `serde_json`'s compact output (as [`write_image`] writes it), which for
/// this struct — keys declared in sorted order; only strings, integers, enums and nulls —
/// is byte for byte the RFC 8785 form (tested against [`canonical_json`] below) and ten
/// times faster: VERIFY hashes every unit a change set touched.
pub fn unit_image_sha256(unit: &StoredUnit) -> String {
    let mut buf = Vec::new();
    write_image(&mut buf, unit);
    sha256_hex_bytes(&buf)
}

/// Appends the JSON of [`Image`] — serde_json's compact output, so RFC 8785 — written
/// directly: serde_json escapes a string byte by byte, and a plan or VERIFY of a 100k-unit
/// document serializes 100k images (a test below holds it to serde_json for any unit).
fn write_image(out: &mut Vec<u8>, u: &StoredUnit) {
    let opt = |out: &mut Vec<u8>, s: Option<&str>| match s {
        Some(s) => write_json_str(out, s),
        None => out.extend_from_slice(b"null"),
    };
    out.extend_from_slice(b"{\"authority\":\"");
    out.extend_from_slice(match u.authority {
        Authority::Draft => b"draft",
        Authority::Enacted => b"enacted",
        Authority::Runtime => b"runtime",
    });
    out.extend_from_slice(b"\",\"body\":");
    write_json_str(out, &u.body);
    out.extend_from_slice(b",\"canonical_address\":");
    write_json_str(out, &u.canonical_address);
    out.extend_from_slice(b",\"canonical_address_format_version\":");
    write_json_str(out, &u.canonical_address_format_version);
    out.extend_from_slice(b",\"content_sha256\":");
    write_json_str(out, &u.content_sha256);
    out.extend_from_slice(b",\"document\":");
    write_json_str(out, &u.document);
    out.extend_from_slice(b",\"heading\":");
    opt(out, u.heading.as_deref());
    out.extend_from_slice(b",\"id\":");
    write_json_str(out, &u.id);
    out.extend_from_slice(b",\"lifecycle_status\":\"");
    out.extend_from_slice(match u.lifecycle_status {
        LifecycleStatus::DraftOnly => b"draft_only".as_slice(),
        LifecycleStatus::Active => b"active",
        LifecycleStatus::Retired => b"retired",
    });
    out.extend_from_slice(b"\",\"ordinal\":");
    write_json_str(out, &u.ordinal);
    out.extend_from_slice(b",\"parent\":");
    opt(out, u.parent.as_deref());
    out.extend_from_slice(b",\"position\":");
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut n = u.position;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
    out.extend_from_slice(b",\"section_type\":");
    write_json_str(out, &u.section_type);
    out.push(b'}');
}

/// [`canonical_json::write_str`], with one pass the compiler vectorizes first: most text
/// needs no escape and is then copied whole.
fn write_json_str(out: &mut Vec<u8>, s: &str) {
    let plain = s.bytes().fold(true, |plain, b| {
        plain & (b >= 0x20) & (b != b'"') & (b != b'\\')
    });
    if plain {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        canonical_json::write_str(out, s);
    }
}

/// The stored state a plan is computed against: sha256 of the canonical JSON
/// `{"document": id, "units": [[unit id, unit_image_sha256], …]}`, units of that
/// document only, sorted by id. Any change to any column of any of the document's
/// units, or a unit added or removed, changes it.
pub fn base_sha256(document_id: &str, units: &[StoredUnit]) -> String {
    // What BaseHash does, with borrowed ids, hashes on the stack and one serialization
    // buffer for all images: the bulk of planning an unchanged 100k-unit document.
    let mut buf = Vec::new();
    let pairs: Vec<(&str, [u8; 64])> = units
        .iter()
        .filter(|u| u.document == document_id)
        .map(|u| (u.id.as_str(), image_sha256_hex(&mut buf, u)))
        .collect();
    sorted_base_sha256(
        document_id,
        // Hex digits are ASCII: always UTF-8.
        pairs
            .iter()
            .map(|(id, sha256)| (*id, std::str::from_utf8(sha256).unwrap_or_default())),
    )
}

// [`unit_image_sha256`] as hex bytes, written into `buf` (cleared first).
fn image_sha256_hex(buf: &mut Vec<u8>, unit: &StoredUnit) -> [u8; 64] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    buf.clear();
    write_image(buf, unit);
    for (pair, b) in out.chunks_exact_mut(2).zip(Sha256::digest(buf.as_slice())) {
        pair[0] = HEX[usize::from(b >> 4)];
        pair[1] = HEX[usize::from(b & 0x0f)];
    }
    out
}

// sha256 of the RFC 8785 JSON `{"document": …, "units": [[id, sha256], …]}` of these
// pairs sorted (by id, then sha256), written directly (keys in order, strings as the
// canonicalizer writes them; through serde it was a tenth of a 100k-unit CUT's check)
// and streamed into the hasher.
fn sorted_base_sha256<'a>(
    document: &str,
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> String {
    // Sorted with the first 16 bytes of the id as a number in front: random ids almost
    // always differ there, so most comparisons do not follow the pointers to the text
    // (a sort of 100k string pairs was mostly cache misses). Zero-padding keeps the order
    // of the ids: a shorter id that is a prefix of another sorts first either way.
    let mut sorted: Vec<(u128, &str, &str)> = pairs
        .map(|(id, sha256)| {
            let mut prefix = [0u8; 16];
            for (p, b) in prefix.iter_mut().zip(id.bytes()) {
                *p = b;
            }
            (u128::from_be_bytes(prefix), id, sha256)
        })
        .collect();
    // Equal elements are equal bytes, so an unstable sort gives the same text.
    sorted.sort_unstable();
    let mut hasher = Sha256::new();
    let mut out = Vec::with_capacity(1 << 16);
    out.extend_from_slice(b"{\"document\":");
    canonical_json::write_str(&mut out, document);
    out.extend_from_slice(b",\"units\":[");
    for (i, (_, id, sha256)) in sorted.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        write_json_str(&mut out, id);
        out.push(b',');
        write_json_str(&mut out, sha256);
        out.push(b']');
        if out.len() >= 1 << 15 {
            hasher.update(&out);
            out.clear();
        }
    }
    out.extend_from_slice(b"]}");
    hasher.update(&out);
    hex(&hasher.finalize())
}

/// [`base_sha256`] of the units [`crate::change::plan::apply`] gives for `manifest` on `stored`, for a
/// manifest that passed [`Manifest::check`]: each block's `after_sha256` is its image's hash
/// already, so the CUT does not hash 100k after-images a second time.
pub fn result_sha256(document_id: &str, stored: &[StoredUnit], manifest: &Manifest) -> String {
    let touched: HashSet<&str> = manifest.blocks.iter().map(UnitBlock::unit_id).collect();
    let mut base = BaseHash::new(document_id);
    base.add(stored.iter().filter(|u| !touched.contains(u.id.as_str())));
    for block in &manifest.blocks {
        if let (Some(after), Some(sha256)) = (block.after(), block.after_sha256()) {
            if after.document == document_id {
                base.pairs.push((after.id.clone(), sha256.to_owned()));
            }
        }
    }
    base.finish()
}

/// [`base_sha256`] fed a page of units at a time, in any order: VERIFY reads a
/// 100k-unit document in pages instead of holding it whole. It keeps one
/// (id, image sha256) pair per unit, about 130 bytes, and sorts them at the end.
pub struct BaseHash {
    document: String,
    pairs: Vec<(String, String)>,
}

impl BaseHash {
    pub fn new(document_id: &str) -> Self {
        BaseHash {
            document: document_id.to_owned(),
            pairs: Vec::new(),
        }
    }

    /// Units of other documents are left out, as [`base_sha256`] does.
    pub fn add<'a>(&mut self, units: impl IntoIterator<Item = &'a StoredUnit>) {
        let document = &self.document;
        self.pairs.extend(
            units
                .into_iter()
                .filter(|u| &u.document == document)
                .map(|u| (u.id.clone(), unit_image_sha256(u))),
        );
    }

    /// Units added so far (of the document).
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    pub fn finish(self) -> String {
        sorted_base_sha256(
            &self.document,
            self.pairs
                .iter()
                .map(|(id, sha256)| (id.as_str(), sha256.as_str())),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unit(heading: Option<&str>, body: &str) -> StoredUnit {
        StoredUnit {
            id: "2b26ea8f-ca45-8913-a682-3ee2e034f30f".into(),
            document: "doc-45-2019-qh14".into(),
            section_type: "diem".into(),
            parent: Some("u-khoan-1".into()),
            ordinal: "dd".into(),
            heading: heading.map(str::to_string),
            body: body.into(),
            content_sha256: crate::store::unit::content_sha256(heading, body),
            position: 4_000_000_000,
            canonical_address: "45-2019-qh14/dieu-44/khoan-1/diem-dd".into(),
            canonical_address_format_version: "canonical-address-v1".into(),
            lifecycle_status: LifecycleStatus::DraftOnly,
            authority: Authority::Runtime,
        }
    }

    #[test]
    fn the_image_hash_is_the_sha256_of_the_rfc8785_image() {
        for (heading, body) in [
            (None, "Đơn phương chấm dứt hợp đồng lao động;"),
            (
                Some("Quyền \"đình công\""),
                "tab\tnew\nline\r\u{8}\u{c}\u{1}\u{1f}\u{7f} \\ / \u{2028}\u{2029} 😀",
            ),
            (Some(""), ""),
        ] {
            for position in [0, 7, 10, u32::MAX] {
                let mut u = unit(heading, body);
                u.position = position;
                assert_eq!(
                    unit_image_sha256(&u),
                    canonical_json::sha256(&unit_image(&u))
                );
            }
        }
    }

    #[test]
    fn the_image_covers_every_column_a_cut_may_change() {
        let image = unit_image(&unit(None, "x"));
        let keys: Vec<&str> = image
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            vec![
                "authority",
                "body",
                "canonical_address",
                "canonical_address_format_version",
                "content_sha256",
                "document",
                "heading",
                "id",
                "lifecycle_status",
                "ordinal",
                "parent",
                "position",
                "section_type",
            ]
        );
    }

    #[test]
    fn the_base_hash_fed_in_pages_in_any_order_is_the_base_sha256() {
        let units: Vec<StoredUnit> = (0..7)
            .map(|i| {
                let mut u = unit(None, &format!("body {i}"));
                u.id = format!("{:08x}-0000-4000-8000-000000000000", (i * 5) % 7);
                u
            })
            .collect();
        let mut other = unit(None, "another document's unit");
        other.document = "doc-other".into();
        let mut pages = BaseHash::new("doc-45-2019-qh14");
        pages.add(&units[4..]);
        pages.add(std::slice::from_ref(&other));
        pages.add(&units[..4]);
        assert_eq!(pages.len(), 7);
        let mut sorted: Vec<&StoredUnit> = units.iter().collect();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        let by_hand = format!(
            "{{\"document\":\"doc-45-2019-qh14\",\"units\":[{}]}}",
            sorted
                .iter()
                .map(|u| format!("[\"{}\",\"{}\"]", u.id, unit_image_sha256(u)))
                .collect::<Vec<_>>()
                .join(",")
        );
        let whole = base_sha256("doc-45-2019-qh14", &[&units[..], &[other]].concat());
        assert_eq!(whole, crate::text::hash::sha256_hex(&by_hand));
        assert_eq!(pages.finish(), whole);
    }

    proptest! {
        #[test]
        fn the_base_hash_is_the_sha256_of_the_canonical_json_for_any_ids(
            document in any::<String>(),
            ids in proptest::collection::vec(any::<String>(), 0..6),
        ) {
            let units: Vec<StoredUnit> = ids
                .iter()
                .map(|id| {
                    let mut u = unit(None, id);
                    u.id = id.clone();
                    u.document = document.clone();
                    u
                })
                .collect();
            let mut pairs: Vec<(String, String)> = units.iter().map(|u| (u.id.clone(), unit_image_sha256(u))).collect();
            pairs.sort();
            #[derive(Serialize)]
            struct Base<'a> {
                document: &'a str,
                units: &'a [(String, String)],
            }
            let reference = canonical_json::sha256(&Base { document: &document, units: &pairs });
            prop_assert_eq!(base_sha256(&document, &units), reference);
        }
    }

    proptest! {
        #[test]
        fn the_fast_image_hash_equals_the_canonical_one_for_any_text(
            heading in proptest::option::of(any::<String>()),
            body in any::<String>(),
            id in any::<String>(),
        ) {
            let mut u = unit(heading.as_deref(), &body);
            u.id = id;
            prop_assert_eq!(unit_image_sha256(&u), canonical_json::sha256(&unit_image(&u)));
        }
    }

    proptest! {
        // Ids that share their first 16 bytes, or are shorter, or end in NUL: the base hash
        // sorts on a 16-byte prefix first and must still give the order of the whole ids.
        #[test]
        fn the_base_hash_sorts_ids_with_a_common_prefix_as_whole_ids(
            ids in proptest::collection::vec("a{13,18}[ab\u{0}é]{0,3}", 0..12),
        ) {
            let units: Vec<StoredUnit> = ids
                .iter()
                .map(|id| {
                    let mut u = unit(None, id);
                    u.id = id.clone();
                    u
                })
                .collect();
            let mut pairs: Vec<(String, String)> =
                units.iter().map(|u| (u.id.clone(), unit_image_sha256(u))).collect();
            pairs.sort();
            #[derive(Serialize)]
            struct Base<'a> {
                document: &'a str,
                units: &'a [(String, String)],
            }
            let reference =
                canonical_json::sha256(&Base { document: "doc-45-2019-qh14", units: &pairs });
            prop_assert_eq!(base_sha256("doc-45-2019-qh14", &units), reference.clone());
            let mut pages = BaseHash::new("doc-45-2019-qh14");
            pages.add(units.iter().rev());
            prop_assert_eq!(pages.finish(), reference);
        }
    }

    fn lifecycle() -> impl Strategy<Value = LifecycleStatus> {
        prop_oneof![
            Just(LifecycleStatus::DraftOnly),
            Just(LifecycleStatus::Active),
            Just(LifecycleStatus::Retired)
        ]
    }

    fn authority() -> impl Strategy<Value = Authority> {
        prop_oneof![
            Just(Authority::Draft),
            Just(Authority::Enacted),
            Just(Authority::Runtime)
        ]
    }

    proptest! {
        #[test]
        fn the_image_written_by_hand_is_serde_jsons_for_any_unit(
            texts in proptest::collection::vec(any::<String>(), 9),
            heading in proptest::option::of(any::<String>()),
            parent in proptest::option::of(any::<String>()),
            position in any::<u32>(),
            lifecycle_status in lifecycle(),
            authority in authority(),
        ) {
            let u = StoredUnit {
                id: texts[0].clone(),
                document: texts[1].clone(),
                section_type: texts[2].clone(),
                parent,
                ordinal: texts[3].clone(),
                heading,
                body: texts[4].clone(),
                content_sha256: texts[5].clone(),
                position,
                canonical_address: texts[6].clone(),
                canonical_address_format_version: texts[7].clone(),
                lifecycle_status,
                authority,
            };
            let mut by_hand = Vec::new();
            write_image(&mut by_hand, &u);
            prop_assert_eq!(&by_hand, &serde_json::to_vec(&Image::of(&u)).unwrap());
            prop_assert_eq!(
                String::from_utf8(by_hand).unwrap(),
                canonical_json::to_string(&unit_image(&u))
            );
        }
    }
}
