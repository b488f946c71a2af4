//! VERIFY: the checks that must always hold, recomputed from the stored rows.
//!
//! | check       | holds when                                                                  |
//! |-------------|-----------------------------------------------------------------------------|
//! | `Q-CHK-1`   | every unit's section type exists and is active                              |
//! | `Q-CHK-2`   | every parent resolves to a unit of the same document                       |
//! | `Q-CHK-3`   | every address is `canonical-address-v1`, and a live unit's address is the one derived from its parent's address, its section type and ordinal (a citation root may also extend its parent's address, where its document numbers it per parent: `…/phan-3/chuong-1`) |
//! | `UNIQUE`    | no two units share an address (retired ones included), nor an id           |
//! | `TREE`      | following parents never loops, and no two live units with the same parent share a position |
//! | `CONTENT`   | every `content_sha256` is the hash of the unit's heading and body           |
//! | `CHANGESET` | every unit a change set touched still has the after-image it wrote, and every unit it removed is gone |
//! | `LEDGER`    | the ledger hash chain is unbroken                                           |
//!
//! Retired units keep the address they were retired under, so Q-CHK-3 only checks that
//! it parses.
//!
//! A unit's `position` is its order among its siblings; stores written before issue 30 hold
//! its place in the whole document. TREE's position rule holds under both meanings (places in
//! the document are unique, so they are among siblings too), so VERIFY reads either store
//! without knowing which it is. Retired units are left out of it: one keeps the position it
//! was retired at, which a live sibling may have taken since. Gaps are allowed. Every check is linear (hash maps, no recursion): 100 000 units verify in
//! well under a second.

use crate::text::report::Report;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::change::manifest::{unit_image_sha256, ExpectedImage};
use crate::ledger::chain::{self, LedgerRow};
use crate::store::unit::{
    content_sha256, derived_address, instrument_base, is_scoped_address, may_number_per_parent,
    scoped_address, LifecycleStatus, StoredUnit,
};
use crate::text::address::{self, FORMAT_VERSION};
use crate::text::vocabulary::SectionType;

/// The stable id of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CheckId {
    #[serde(rename = "Q-CHK-1")]
    QChk1,
    #[serde(rename = "Q-CHK-2")]
    QChk2,
    #[serde(rename = "Q-CHK-3")]
    QChk3,
    #[serde(rename = "UNIQUE")]
    Unique,
    #[serde(rename = "TREE")]
    Tree,
    #[serde(rename = "CONTENT")]
    Content,
    #[serde(rename = "CHANGESET")]
    ChangeSet,
    #[serde(rename = "LEDGER")]
    Ledger,
}

impl CheckId {
    /// Every check, in report order.
    pub const ALL: [CheckId; 8] = [
        CheckId::QChk1,
        CheckId::QChk2,
        CheckId::QChk3,
        CheckId::Unique,
        CheckId::Tree,
        CheckId::Content,
        CheckId::ChangeSet,
        CheckId::Ledger,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::QChk1 => "Q-CHK-1",
            CheckId::QChk2 => "Q-CHK-2",
            CheckId::QChk3 => "Q-CHK-3",
            CheckId::Unique => "UNIQUE",
            CheckId::Tree => "TREE",
            CheckId::Content => "CONTENT",
            CheckId::ChangeSet => "CHANGESET",
            CheckId::Ledger => "LEDGER",
        }
    }

    /// What the check asserts, in one line.
    pub fn describe(self) -> &'static str {
        match self {
            CheckId::QChk1 => "every unit's section type exists and is active",
            CheckId::QChk2 => "every parent resolves to a unit of the same document",
            CheckId::QChk3 => {
                "every address parses and a live unit's address is derived from its place"
            }
            CheckId::Unique => "canonical addresses and ids are unique",
            CheckId::Tree => {
                "the parent relation has no cycle and live siblings have distinct positions"
            }
            CheckId::Content => "content_sha256 is the hash of heading and body",
            CheckId::ChangeSet => {
                "units a change set touched still have its after-images, and removed ones are gone"
            }
            CheckId::Ledger => "the ledger hash chain is unbroken",
        }
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A document as VERIFY needs it: its id and the slug its addresses start with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentRef {
    pub id: String,
    /// e.g. `45-2019-qh14`.
    pub slug: String,
}

/// Everything VERIFY reads. Borrowed natively ([`VerifyInput::new`]), owned when deserialized.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerifyInput<'a> {
    /// Every document the units belong to.
    pub documents: Cow<'a, [DocumentRef]>,
    /// The section-type table (all vocabularies in use).
    pub section_types: Cow<'a, [SectionType]>,
    pub units: Cow<'a, [StoredUnit]>,
    /// The after-images a change set promised (CHANGESET runs only when given).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub change_set: Option<Cow<'a, [ExpectedImage]>>,
    /// Ledger rows in chain order (LEDGER runs only when given).
    #[serde(default)]
    pub ledger: Option<Cow<'a, [LedgerRow]>>,
}

impl<'a> VerifyInput<'a> {
    pub fn new(
        documents: &'a [DocumentRef],
        section_types: &'a [SectionType],
        units: &'a [StoredUnit],
    ) -> Self {
        VerifyInput {
            documents: Cow::Borrowed(documents),
            section_types: Cow::Borrowed(section_types),
            units: Cow::Borrowed(units),
            change_set: None,
            ledger: None,
        }
    }

    /// Also run CHANGESET against these expected after-images.
    pub fn with_change_set(mut self, expected: &'a [ExpectedImage]) -> Self {
        self.change_set = Some(Cow::Borrowed(expected));
        self
    }

    /// Also run LEDGER over these rows, first row first.
    pub fn with_ledger(mut self, rows: &'a [LedgerRow]) -> Self {
        self.ledger = Some(Cow::Borrowed(rows));
        self
    }
}

/// One thing found wrong, with the evidence a person needs to go and fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "VerifyViolation"))]
pub struct Violation {
    pub check: CheckId,
    /// Stable kebab-case code of what is wrong, e.g. `address-mismatch`.
    pub code: String,
    /// The unit id (the ledger row id for LEDGER).
    pub subject: String,
    /// The ledger row's 0-based position in the chain (LEDGER only).
    pub position: Option<usize>,
    pub expected: String,
    pub found: String,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}: {} (expected {}, found {})",
            self.check, self.code, self.subject, self.message, self.expected, self.found
        )
    }
}

/// How one check went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckSummary {
    pub check: CheckId,
    /// False when its input was not given (CHANGESET, LEDGER).
    pub ran: bool,
    pub violations: usize,
}

/// The result of VERIFY: every violation, and a count per check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerifyReport {
    /// True when no check found anything.
    pub passed: bool,
    pub units_checked: usize,
    /// One entry per [`CheckId::ALL`], in that order.
    pub checks: Vec<CheckSummary>,
    /// In check order, then in unit (or row) order.
    pub violations: Vec<Violation>,
}

impl VerifyReport {
    /// The violations of one check.
    pub fn of(&self, check: CheckId) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(move |v| v.check == check)
    }

    /// Number of violations of one check.
    pub fn count(&self, check: CheckId) -> usize {
        self.checks
            .iter()
            .find(|c| c.check == check)
            .map_or(0, |c| c.violations)
    }
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "VERIFY {} ({} units)",
            if self.passed { "passed" } else { "FAILED" },
            self.units_checked
        )?;
        for c in &self.checks {
            let state = match (c.ran, c.violations) {
                (false, _) => "skipped".to_string(),
                (true, 0) => "ok".to_string(),
                (true, n) => format!("{n} violation(s)"),
            };
            writeln!(f, "  {:<10} {:<16} {}", c.check, state, c.check.describe())?;
        }
        for v in &self.violations {
            writeln!(f, "  - {v}")?;
        }
        Ok(())
    }
}

/// Runs every check over the input. Never fails and never loops: what is wrong is reported.
pub fn verify(input: &VerifyInput<'_>) -> VerifyReport {
    let units: &[StoredUnit] = &input.units;
    let mut found: Vec<Violation> = Vec::new();
    let types: HashMap<&str, &SectionType> = input
        .section_types
        .iter()
        .map(|t| (t.code.as_str(), t))
        .collect();
    let slugs: HashMap<&str, &str> = input
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d.slug.as_str()))
        .collect();
    // UNIQUE comes first: every other check looks units up by id.
    let by_id = check_unique(units, &mut found);
    // The resolved parent of every unit, whatever its document.
    let parents: Vec<Option<usize>> = units
        .iter()
        .map(|u| u.parent.as_deref().and_then(|p| by_id.get(p).copied()))
        .collect();
    let tables = Tables {
        units,
        parents: &parents,
        types: &types,
        slugs: &slugs,
    };
    // One pass for the checks of a unit alone: Q-CHK-3 reads what Q-CHK-1 and Q-CHK-2 resolved.
    for (i, u) in units.iter().enumerate() {
        let section_type = check_section_type(u, &types, &mut found);
        let parent = check_parent(u, parents[i], units, &mut found);
        check_content(u, &mut found);
        check_address(&tables, i, u, section_type, parent, &mut found);
    }
    check_cycles(units, &parents, &mut found);
    check_sibling_positions(units, &mut found);
    if let Some(expected) = &input.change_set {
        check_change_set(expected, units, &by_id, &mut found);
    }
    if let Some(rows) = &input.ledger {
        check_ledger(rows, &mut found);
    }
    summarize(input, found)
}

// What the checks of one unit look its neighbours up in.
struct Tables<'s, 'a> {
    units: &'a [StoredUnit],
    parents: &'s [Option<usize>],
    types: &'s HashMap<&'a str, &'a SectionType>,
    slugs: &'s HashMap<&'a str, &'a str>,
}

fn violation(
    check: CheckId,
    code: &str,
    u: &StoredUnit,
    expected: String,
    found: String,
    message: String,
) -> Violation {
    Violation {
        check,
        code: code.into(),
        subject: u.id.clone(),
        position: None,
        expected,
        found,
        message,
    }
}

// UNIQUE: no id and no address twice. Returns where each id is (its first unit).
fn check_unique<'a>(
    units: &'a [StoredUnit],
    found: &mut Vec<Violation>,
) -> HashMap<&'a str, usize> {
    let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(units.len());
    let mut by_address: HashMap<&str, usize> = HashMap::with_capacity(units.len());
    for (i, u) in units.iter().enumerate() {
        if let Some(&first) = by_id.get(u.id.as_str()) {
            found.push(violation(
                CheckId::Unique,
                "duplicate-id",
                u,
                "one unit per id".into(),
                format!("units at rows {first} and {i}"),
                format!("unit id {} appears twice", u.id),
            ));
        } else {
            by_id.insert(&u.id, i);
        }
        if let Some(&first) = by_address.get(u.canonical_address.as_str()) {
            found.push(violation(
                CheckId::Unique,
                "duplicate-address",
                u,
                format!("no other unit at {}", u.canonical_address),
                format!("unit {} has it too", units[first].id),
                format!(
                    "{} is the canonical address of units {} and {}",
                    u.canonical_address, units[first].id, u.id
                ),
            ));
        } else {
            by_address.insert(&u.canonical_address, i);
        }
    }
    by_id
}

// Q-CHK-1: the unit's section type, if the vocabulary has it (inactive or not).
fn check_section_type<'a>(
    u: &StoredUnit,
    types: &HashMap<&str, &'a SectionType>,
    found: &mut Vec<Violation>,
) -> Option<&'a SectionType> {
    let section_type = types.get(u.section_type.as_str()).copied();
    match section_type {
        None => found.push(violation(
            CheckId::QChk1,
            "unknown-section-type",
            u,
            "a section type of the vocabulary".into(),
            format!("'{}'", u.section_type),
            format!(
                "unit {} has section type '{}', which is not in the section-type table",
                u.canonical_address, u.section_type
            ),
        )),
        Some(t) if !t.active => found.push(violation(
            CheckId::QChk1,
            "inactive-section-type",
            u,
            "an active section type".into(),
            format!("'{}' (inactive)", u.section_type),
            format!(
                "unit {} has section type '{}', which is inactive",
                u.canonical_address, u.section_type
            ),
        )),
        Some(_) => {}
    }
    section_type
}

// Q-CHK-2: the unit's parent, if it has one that exists in its own document.
fn check_parent<'a>(
    u: &StoredUnit,
    resolved: Option<usize>,
    units: &'a [StoredUnit],
    found: &mut Vec<Violation>,
) -> Option<&'a StoredUnit> {
    match (u.parent.as_deref(), resolved) {
        (None, _) => None,
        (Some(p), None) => {
            found.push(violation(
                CheckId::QChk2,
                "parent-missing",
                u,
                format!("a unit with id {p}"),
                "no such unit".into(),
                format!(
                    "the parent {p} of unit {} does not exist",
                    u.canonical_address
                ),
            ));
            None
        }
        (Some(_), Some(p)) if units[p].document != u.document => {
            found.push(violation(
                CheckId::QChk2,
                "parent-other-document",
                u,
                format!("a parent in document {}", u.document),
                format!("parent {} in document {}", units[p].id, units[p].document),
                format!(
                    "unit {} has its parent {} in another document",
                    u.canonical_address, units[p].canonical_address
                ),
            ));
            None
        }
        (Some(_), Some(p)) => Some(&units[p]),
    }
}

// CONTENT
fn check_content(u: &StoredUnit, found: &mut Vec<Violation>) {
    let content = content_sha256(u.heading.as_deref(), &u.body);
    if content != u.content_sha256 {
        found.push(violation(
            CheckId::Content,
            "content-hash-mismatch",
            u,
            content,
            u.content_sha256.clone(),
            format!(
                "the heading or body of unit {} changed without its content_sha256",
                u.canonical_address
            ),
        ));
    }
}

// Q-CHK-3 of unit `u` (at `i`), whose section type and parent Q-CHK-1 and Q-CHK-2 resolved.
fn check_address(
    tables: &Tables<'_, '_>,
    i: usize,
    u: &StoredUnit,
    section_type: Option<&SectionType>,
    parent: Option<&StoredUnit>,
    found: &mut Vec<Violation>,
) {
    if u.canonical_address_format_version != FORMAT_VERSION {
        found.push(violation(
            CheckId::QChk3,
            "unknown-format-version",
            u,
            FORMAT_VERSION.into(),
            format!("'{}'", u.canonical_address_format_version),
            format!(
                "unit {} has an address format version this verifier does not know",
                u.canonical_address
            ),
        ));
        return;
    }
    if let Err(e) = address::validate(&u.canonical_address) {
        found.push(violation(
            CheckId::QChk3,
            e.code(),
            u,
            "a canonical-address-v1 address".into(),
            format!("'{}'", u.canonical_address),
            e.reason(),
        ));
        return;
    }
    if u.lifecycle_status == LifecycleStatus::Retired {
        return;
    }
    let Some(slug) = tables.slugs.get(u.document.as_str()) else {
        found.push(violation(
            CheckId::QChk3,
            "unknown-document",
            u,
            "a document of the documents list".into(),
            format!("document '{}'", u.document),
            format!(
                "unit {} belongs to document {}, whose slug was not given, so its address cannot be derived",
                u.canonical_address, u.document
            ),
        ));
        return;
    };
    let Some(t) = section_type else { return };
    let parent_address = match (u.parent.is_some(), parent) {
        (true, None) if !t.citation_root => return, // reported by Q-CHK-2
        (_, p) => p.map(|p| p.canonical_address.as_str()),
    };
    // Inside an instrument attached to the document, citation roots start again at the
    // attachment (`…/kemtheo-1/dieu-1`, see `unit::instrument_base`).
    let base = parent_address
        .filter(|_| t.citation_root)
        .and_then(|p| instrument_base(slug, p, tables.types.values().copied()))
        .unwrap_or(slug);
    let derived = derived_address(base, parent_address, t, &u.ordinal);
    // Asked only on a mismatch.
    if derived != u.canonical_address && !is_numbered_per_parent(tables, i, u, t, parent) {
        found.push(violation(
            CheckId::QChk3,
            "address-mismatch",
            u,
            derived,
            u.canonical_address.clone(),
            "the address is not the one derived from the unit's parent, section type and ordinal"
                .into(),
        ));
    }
}

// A citation root the document numbers again under each parent (`Chương I` in every `Phần`)
// is addressed under its parent: `…/phan-3/chuong-1`.
fn is_numbered_per_parent(
    tables: &Tables<'_, '_>,
    i: usize,
    u: &StoredUnit,
    t: &SectionType,
    parent: Option<&StoredUnit>,
) -> bool {
    let (units, types, parents) = (tables.units, tables.types, tables.parents);
    parent.is_some_and(|p| {
        scoped_address(&p.canonical_address, t, &u.ordinal) == u.canonical_address
            && types
                .get(p.section_type.as_str())
                .is_some_and(|pt| may_number_per_parent(types.values().copied(), t, pt))
    }) || t.citation_root && {
        // Or under an outermost grouping above its parent (`…/division-b/section-101`).
        // At most as many steps as units: a store edited by hand may hold a cycle of
        // parents, and the ones filtered out below must count too.
        let ancestors = std::iter::successors(parents[i], |&p| parents.get(p).copied().flatten())
            .take(units.len())
            .filter_map(|p| {
                let a = units.get(p)?;
                Some((
                    a.canonical_address.as_str(),
                    *types.get(a.section_type.as_str())?,
                ))
            });
        is_scoped_address(
            types.values().copied(),
            &u.canonical_address,
            t,
            &u.ordinal,
            ancestors,
            units.len(),
        )
    }
}

// TREE: walk up from every unit once; a unit met again on the same walk closes a cycle.
fn check_cycles(units: &[StoredUnit], parents: &[Option<usize>], found: &mut Vec<Violation>) {
    const NEW: u8 = 0;
    const ON_WALK: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; units.len()];
    let mut walk: Vec<usize> = Vec::new();
    for start in 0..units.len() {
        walk.clear();
        let mut at = Some(start);
        while let Some(u) = at {
            match state[u] {
                NEW => {
                    state[u] = ON_WALK;
                    walk.push(u);
                    at = parents[u];
                }
                ON_WALK => {
                    let from = walk.iter().position(|&w| w == u).unwrap_or(0);
                    found.push(cycle_violation(units, &walk[from..], parents));
                    at = None;
                }
                _ => at = None,
            }
        }
        for &w in &walk {
            state[w] = DONE;
        }
    }
}

// TREE: live siblings have distinct positions, or document order would be a guess.
// Siblings by the parent id they name (resolved or not: Q-CHK-2 reports a missing one).
fn check_sibling_positions(units: &[StoredUnit], found: &mut Vec<Violation>) {
    let mut sibling_at: HashMap<(&str, Option<&str>, u32), usize> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        if u.lifecycle_status == LifecycleStatus::Retired {
            continue;
        }
        let parent = u.parent.as_deref();
        if let Some(&first) = sibling_at.get(&(u.document.as_str(), parent, u.position)) {
            let other = &units[first];
            found.push(violation(
                CheckId::Tree,
                "duplicate-sibling-position",
                u,
                format!("no other live unit at position {} under its parent", u.position),
                format!("unit {} has it too", other.id),
                format!(
                    "units {} and {} are siblings at the same position {}: their order is not defined",
                    other.canonical_address, u.canonical_address, u.position
                ),
            ));
        } else {
            sibling_at.insert((u.document.as_str(), parent, u.position), i);
        }
    }
}

// CHANGESET
fn check_change_set(
    expected: &[ExpectedImage],
    units: &[StoredUnit],
    by_id: &HashMap<&str, usize>,
    found: &mut Vec<Violation>,
) {
    for e in expected {
        let v = |code: &str, expected: String, found: String, message: String| Violation {
            check: CheckId::ChangeSet,
            code: code.into(),
            subject: e.unit_id.clone(),
            position: None,
            expected,
            found,
            message,
        };
        match (by_id.get(e.unit_id.as_str()), &e.after_sha256) {
            (None, None) => {}
            (Some(&i), None) => found.push(v(
                "unit-not-removed",
                "no such unit".into(),
                format!(
                    "unit {} with image {}",
                    units[i].canonical_address,
                    unit_image_sha256(&units[i])
                ),
                format!(
                    "unit {} still exists, but the change set removed it: it was not deleted, or was put back outside the workflow",
                    units[i].canonical_address
                ),
            )),
            (None, Some(_)) => found.push(v(
                "unit-missing",
                format!("unit {}", e.unit_id),
                "no such unit".into(),
                "a unit the change set wrote is gone".into(),
            )),
            (Some(&i), Some(expected)) => {
                let now = unit_image_sha256(&units[i]);
                if &now != expected {
                    found.push(v(
                        "after-image-mismatch",
                        expected.clone(),
                        now,
                        format!(
                            "unit {} no longer has the image the change set wrote: it was edited outside the workflow",
                            units[i].canonical_address
                        ),
                    ));
                }
            }
        }
    }
}

// LEDGER
fn check_ledger(rows: &[LedgerRow], found: &mut Vec<Violation>) {
    found.extend(chain::verify_chain(rows).into_iter().map(|l| Violation {
        check: CheckId::Ledger,
        code: l.kind.code().into(),
        subject: l.row_id,
        position: Some(l.position),
        expected: l.expected,
        found: l.found,
        message: format!("{}: {}", l.collection, l.message),
    }));
}

// The report: the violations in check order (a stable sort keeps each check's in unit or
// row order) and a summary per check.
fn summarize(input: &VerifyInput<'_>, mut found: Vec<Violation>) -> VerifyReport {
    found.sort_by_key(|v| v.check);
    let checks = CheckId::ALL
        .iter()
        .map(|&check| CheckSummary {
            check,
            ran: match check {
                CheckId::ChangeSet => input.change_set.is_some(),
                CheckId::Ledger => input.ledger.is_some(),
                _ => true,
            },
            violations: found.iter().filter(|v| v.check == check).count(),
        })
        .collect();
    VerifyReport {
        passed: found.is_empty(),
        units_checked: input.units.len(),
        checks,
        violations: found,
    }
}

// One cycle, named from its smallest id and listed in parent order.
fn cycle_violation(
    units: &[StoredUnit],
    members: &[usize],
    parents: &[Option<usize>],
) -> Violation {
    let start = members
        .iter()
        .copied()
        .min_by(|&a, &b| units[a].id.cmp(&units[b].id))
        .unwrap_or(0);
    let mut path = vec![units[start].id.as_str()];
    let mut at = parents[start];
    while let Some(u) = at {
        path.push(units[u].id.as_str());
        if u == start || path.len() > members.len() {
            break;
        }
        at = parents[u];
    }
    Violation {
        check: CheckId::Tree,
        code: "cycle".into(),
        subject: units[start].id.clone(),
        position: None,
        expected: "following parents reaches a unit without a parent".into(),
        found: path.join(" → "),
        message: format!(
            "{} units are each other's ancestors: {}",
            members.len(),
            path.join(" → ")
        ),
    }
}
