//! Drift: the store held to the after-images the ledger recorded.
//!
//! Units and aliases change only through CUT, and every CUT records, in the signed
//! ledger, the image it left each row in. So the store must equal, row for row, the last
//! image the ledger holds for it. [`drift_audit`] compares them and names every
//! difference (DESIGN §8: an admin's edit outside the workflow is detected, not trusted):
//!
//! | kind            | when                                                             |
//! |-----------------|------------------------------------------------------------------|
//! | `edited`        | a column differs from the last image (one violation per column)  |
//! | `not-in-ledger` | the store has a row no change set ever wrote                     |
//! | `missing`       | the last image says the row exists; the store has none           |
//! | `resurrected`   | the last change removed the row; the store has it                |
//!
//! Alias timestamps (`valid_from`, `valid_until`) are compared as instants: the same
//! instant written `2025-07-01T07:00:00+07:00` by one database and
//! `2025-07-01T00:00:00.000Z` (or epoch milliseconds) by another is no drift.
//!
//! The ledger's images are trusted here: [`crate::ledger::audit`] is what proves them unforged.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::ledger::checkpoint::json_u64;
pub use crate::store::unit::StoredAlias;
use crate::store::unit::StoredUnit;
use crate::text::canonical_json;
use crate::text::timestamp::Timestamp;

mod store;
pub use store::{StoreDrift, ALIAS_ACTIONS};

/// Violations kept when `max_violations` is not given (the audit's default).
pub use crate::ledger::audit::DEFAULT_MAX_VIOLATIONS;

/// The columns of a unit compared, in report order.
pub const UNIT_FIELDS: [&str; 13] = [
    "id",
    "document",
    "section_type",
    "parent",
    "ordinal",
    "heading",
    "body",
    "content_sha256",
    "position",
    "canonical_address",
    "canonical_address_format_version",
    "lifecycle_status",
    "authority",
];

/// The columns of an alias compared, in report order.
pub const ALIAS_FIELDS: [&str; 9] = [
    "alias_id",
    "target_unit_id",
    "alias_text",
    "alias_kind",
    "valid_from",
    "valid_until",
    "created_by",
    "rationale",
    "scenario_ref",
];

/// The last image the ledger holds for one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitImage {
    pub unit_id: String,
    /// The change set that wrote it.
    pub change_set: String,
    /// The ledger seq of the row that recorded it (the highest wins when a unit is given twice).
    #[serde(deserialize_with = "json_u64")]
    pub ledger_seq: u64,
    /// The unit as that change left it; `null` when it removed the unit. Required (`null`,
    /// not left out), and may be the stored JSON text itself.
    #[serde(deserialize_with = "image")]
    pub after_image: Option<StoredUnit>,
}

/// The last image the ledger holds for one alias row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AliasImage {
    pub alias_id: String,
    pub change_set: String,
    #[serde(deserialize_with = "json_u64")]
    pub ledger_seq: u64,
    /// The alias row as that change left it; `null` when it removed it (JSON text accepted).
    #[serde(deserialize_with = "image")]
    pub after_image: Option<StoredAlias>,
}

/// Everything [`drift_audit`] compares: the store's rows in scope, and for every unit and
/// alias the ledger knows in that scope, its last image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DriftInput {
    pub units: Vec<StoredUnit>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub aliases: Vec<StoredAlias>,
    pub unit_images: Vec<UnitImage>,
    #[serde(default)]
    pub alias_images: Vec<AliasImage>,
    /// Violations kept (all are counted); left out or `null`: [`DEFAULT_MAX_VIOLATIONS`].
    #[serde(
        default = "default_max_violations",
        deserialize_with = "crate::ledger::audit::max_violations"
    )]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub max_violations: usize,
}

fn default_max_violations() -> usize {
    DEFAULT_MAX_VIOLATIONS
}

/// A unit or an alias row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum DriftSubject {
    Unit,
    Alias,
}

/// What differs. Serialized as its kebab-case code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum DriftKind {
    /// A column is not what the last change set wrote.
    Edited,
    /// The store has a row no change set wrote.
    NotInLedger,
    /// The last change set left the row; the store has none.
    Missing,
    /// The last change set removed the row; the store has it.
    Resurrected,
}

impl DriftKind {
    /// Stable kebab-case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Edited => "edited",
            Self::NotInLedger => "not-in-ledger",
            Self::Missing => "missing",
            Self::Resurrected => "resurrected",
        }
    }
}

/// One difference, with the evidence: which row, which column, what the ledger says and
/// what the store has, and the change set that wrote the image (when there is one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DriftViolation {
    pub subject: DriftSubject,
    pub kind: DriftKind,
    /// The unit id or alias_id.
    pub id: String,
    /// The unit's canonical_address, or the alias's alias_text (the store's, else the image's).
    pub address: String,
    /// The column, for `edited`.
    pub field: Option<String>,
    /// What the ledger's image says (canonical JSON of the value, cut at 200 characters).
    pub expected: String,
    /// What the store has.
    pub found: String,
    pub message: String,
    /// The change set of the last image; `None` for `not-in-ledger`.
    pub change_set: Option<String>,
    /// The ledger seq of the last image; `None` for `not-in-ledger`.
    pub ledger_seq: Option<u64>,
}

/// The outcome of [`drift_audit`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DriftReport {
    /// No violation.
    pub passed: bool,
    /// Distinct unit ids looked at (the store's and the images').
    pub units_checked: usize,
    /// Distinct alias ids looked at.
    pub aliases_checked: usize,
    /// Every violation, including those past the cap.
    pub violation_count: usize,
    /// The first `max_violations`, by subject (units first), address, column order, id.
    pub violations: Vec<DriftViolation>,
}

/// Compares the store with the ledger's last images; see the module docs.
pub fn drift_audit(input: &DriftInput) -> DriftReport {
    let mut found = Vec::new();
    let unit_ids = compare::<UnitRules, _>(&input.units, &input.unit_images, &mut found);
    let alias_ids = compare::<AliasRules, _>(&input.aliases, &input.alias_images, &mut found);
    found.sort_by(order);
    let violation_count = found.len();
    found.truncate(input.max_violations);
    DriftReport {
        passed: violation_count == 0,
        units_checked: unit_ids,
        aliases_checked: alias_ids,
        violation_count,
        violations: found,
    }
}

/// The columns in which an alias row differs from an image of it, by the drift audit's
/// rules (timestamps compared as instants), in [`ALIAS_FIELDS`] order; empty: the same row.
pub fn alias_differences(image: &StoredAlias, row: &StoredAlias) -> Vec<&'static str> {
    let (expected, now) = (fields(image), fields(row));
    ALIAS_FIELDS
        .iter()
        .copied()
        .filter(|field| {
            !AliasRules::same(
                field,
                expected.get(*field).unwrap_or(&Value::Null),
                now.get(*field).unwrap_or(&Value::Null),
            )
        })
        .collect()
}

fn order(a: &DriftViolation, b: &DriftViolation) -> Ordering {
    let column = |v: &DriftViolation| {
        let fields: &[&str] = match v.subject {
            DriftSubject::Unit => &UNIT_FIELDS,
            DriftSubject::Alias => &ALIAS_FIELDS,
        };
        v.field.as_deref().map_or(0, |f| {
            fields
                .iter()
                .position(|x| *x == f)
                .map_or(usize::MAX, |i| i + 1)
        })
    };
    (a.subject, &a.address, column(a), &a.id, a.kind).cmp(&(
        b.subject,
        &b.address,
        column(b),
        &b.id,
        b.kind,
    ))
}

/// What differs between a unit and an alias row: how to name and read them.
trait Rules {
    type Row: Serialize;
    const SUBJECT: DriftSubject;
    const NOUN: &'static str;
    const FIELDS: &'static [&'static str];
    fn id(row: &Self::Row) -> &str;
    fn address(row: &Self::Row) -> &str;
    /// Equal for drift: the same JSON, or (timestamps) the same instant.
    fn same(field: &str, a: &Value, b: &Value) -> bool {
        let _ = field;
        a == b
    }
}

struct UnitRules;
impl Rules for UnitRules {
    type Row = StoredUnit;
    const SUBJECT: DriftSubject = DriftSubject::Unit;
    const NOUN: &'static str = "unit";
    const FIELDS: &'static [&'static str] = &UNIT_FIELDS;
    fn id(row: &StoredUnit) -> &str {
        &row.id
    }
    fn address(row: &StoredUnit) -> &str {
        &row.canonical_address
    }
}

struct AliasRules;
impl Rules for AliasRules {
    type Row = StoredAlias;
    const SUBJECT: DriftSubject = DriftSubject::Alias;
    const NOUN: &'static str = "alias";
    const FIELDS: &'static [&'static str] = &ALIAS_FIELDS;
    fn id(row: &StoredAlias) -> &str {
        &row.alias_id
    }
    fn address(row: &StoredAlias) -> &str {
        &row.alias_text
    }
    fn same(field: &str, a: &Value, b: &Value) -> bool {
        if a == b {
            return true;
        }
        match field {
            "valid_from" | "valid_until" => match (instant(a), instant(b)) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            },
            _ => false,
        }
    }
}

/// The last image of one row, whichever of the two image types it is.
struct Last<'a, T> {
    change_set: &'a str,
    ledger_seq: u64,
    after: Option<&'a T>,
}

trait Image {
    type Row;
    fn id(&self) -> &str;
    fn last(&self) -> Last<'_, Self::Row>;
}

impl Image for UnitImage {
    type Row = StoredUnit;
    fn id(&self) -> &str {
        &self.unit_id
    }
    fn last(&self) -> Last<'_, StoredUnit> {
        Last {
            change_set: &self.change_set,
            ledger_seq: self.ledger_seq,
            after: self.after_image.as_ref(),
        }
    }
}

impl Image for AliasImage {
    type Row = StoredAlias;
    fn id(&self) -> &str {
        &self.alias_id
    }
    fn last(&self) -> Last<'_, StoredAlias> {
        Last {
            change_set: &self.change_set,
            ledger_seq: self.ledger_seq,
            after: self.after_image.as_ref(),
        }
    }
}

/// Compares one table; returns how many distinct ids it looked at.
fn compare<R: Rules, I: Image<Row = R::Row>>(
    store: &[R::Row],
    images: &[I],
    out: &mut Vec<DriftViolation>,
) -> usize {
    let mut last: HashMap<&str, Last<'_, R::Row>> = HashMap::with_capacity(images.len());
    for image in images {
        let l = image.last();
        match last.get(image.id()) {
            Some(kept) if kept.ledger_seq >= l.ledger_seq => {}
            _ => {
                last.insert(image.id(), l);
            }
        }
    }
    let in_store: BTreeSet<&str> = store.iter().map(R::id).collect();
    let violation = |kind,
                     id: &str,
                     address: &str,
                     field: Option<&str>,
                     expected: String,
                     found: String,
                     message: String,
                     l: Option<&Last<'_, R::Row>>| DriftViolation {
        subject: R::SUBJECT,
        kind,
        id: id.into(),
        address: address.into(),
        field: field.map(Into::into),
        expected,
        found,
        message,
        change_set: l.map(|l| l.change_set.to_string()),
        ledger_seq: l.map(|l| l.ledger_seq),
    };
    let noun = R::NOUN;

    for row in store {
        let (id, address) = (R::id(row), R::address(row));
        match last.get(id) {
            None => out.push(violation(
                DriftKind::NotInLedger,
                id,
                address,
                None,
                format!("no {noun} {id}"),
                format!("{noun} {id} at {address}"),
                format!("{noun} {address} ({id}) is in the store but no change set ever wrote it: it was created outside the workflow"),
                None,
            )),
            Some(l) => match l.after {
                None => out.push(violation(
                    DriftKind::Resurrected,
                    id,
                    address,
                    None,
                    format!("no {noun} {id}"),
                    format!("{noun} {id} at {address}"),
                    format!(
                        "change set {} (ledger seq {}) removed {noun} {address} ({id}), but the store has it: it was put back outside the workflow",
                        l.change_set, l.ledger_seq
                    ),
                    Some(l),
                )),
                Some(image) => {
                    let (expected, now) = (fields(image), fields(row));
                    for &field in R::FIELDS {
                        let (e, f) = (
                            expected.get(field).unwrap_or(&Value::Null),
                            now.get(field).unwrap_or(&Value::Null),
                        );
                        if R::same(field, e, f) {
                            continue;
                        }
                        out.push(violation(
                            DriftKind::Edited,
                            id,
                            address,
                            Some(field),
                            shown(e),
                            shown(f),
                            format!(
                                "{noun} {address} ({id}): {field} is not what change set {} (ledger seq {}) wrote: it was edited outside the workflow",
                                l.change_set, l.ledger_seq
                            ),
                            Some(l),
                        ));
                    }
                }
            },
        }
    }
    let mut missing: Vec<(&str, &Last<'_, R::Row>)> = last
        .iter()
        .filter(|(id, l)| l.after.is_some() && !in_store.contains(*id))
        .map(|(id, l)| (*id, l))
        .collect();
    missing.sort_by_key(|m| m.0);
    for (id, l) in missing {
        let address = l.after.map_or("", R::address);
        out.push(violation(
            DriftKind::Missing,
            id,
            address,
            None,
            format!("{noun} {id} at {address}"),
            format!("no {noun} {id}"),
            format!(
                "change set {} (ledger seq {}) left {noun} {address} ({id}), but the store has no such {noun}: it was deleted outside the workflow",
                l.change_set, l.ledger_seq
            ),
            Some(l),
        ));
    }
    in_store.len() + last.keys().filter(|id| !in_store.contains(*id)).count()
}

fn fields<T: Serialize>(row: &T) -> serde_json::Map<String, Value> {
    match serde_json::to_value(row) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    }
}

/// A value for a report: its canonical JSON, cut at 200 characters.
fn shown(value: &Value) -> String {
    const MAX: usize = 200;
    let text = canonical_json::to_string(value);
    match text.char_indices().nth(MAX) {
        None => text,
        Some((cut, _)) => format!("{}… ({} bytes)", &text[..cut], text.len()),
    }
}

/// A timestamp as milliseconds since the epoch: RFC 3339 text (a time without an offset
/// is read as UTC, as SQLite stores it) or a number of milliseconds.
fn instant(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => Timestamp::parse_rfc3339(s)
            .or_else(|_| Timestamp::parse_rfc3339(&format!("{s}Z")))
            .ok()
            .map(|t| t.0),
        _ => None,
    }
}

/// An after-image given as an object, as its stored JSON text, or as `null`.
pub(crate) fn image<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    use serde::de::Error;
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(text) => serde_json::from_str::<Option<T>>(&text)
            .map_err(|e| D::Error::custom(format!("after_image JSON text: {e}"))),
        other => serde_json::from_value(other)
            .map(Some)
            .map_err(D::Error::custom),
    }
}

#[cfg(test)]
mod tests;
