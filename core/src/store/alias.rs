//! Aliases and point-in-time resolution (DESIGN §4).
//!
//! A unit's canonical address changes when it is renumbered; it is split, merged or retired.
//! The alias table keeps old addresses working. [`AliasIndex::build`] indexes the units and the
//! alias rows once; [`AliasIndex::resolve`] answers "what did this address mean at this instant?".
//!
//! # Data
//! - A [`UnitRef`] is a unit as it is **now**: its current canonical address and lifecycle
//!   status, and for a retired unit when it retired (`retired_at`; if unknown, when the first
//!   row forwarding its address took effect, else at every instant) and, when known, since
//!   when it exists (`live_from`: before it, the unit holds no address).
//! - An [`AliasRow`] says: during `[valid_from, valid_until)` (half-open; no `valid_until` means
//!   open-ended), requests for `alias_text` are forwarded to `target_unit_id`. A row without a
//!   target is a tombstone: the address was withdrawn with no successor.
//! - The core has no clock: instants are [`Timestamp`]s given as data.
//!
//! # Address history
//! Renumber rows also record history. A renumber row `X → U` valid from `t` means U **left**
//! address X at `t`. So U's renumber rows, ordered by `valid_from` `t1 < t2 < … < tn`, give
//! U's address at every instant: the first row's `alias_text` before `t1`, the k-th row's
//! `alias_text` during `[t(k-1), tk)`, and U's current canonical address from `tn` on (for
//! all time if U was never renumbered). "U's address at `at`" below always means this.
//! Split, merge, legacy and citation rows forward requests but record no history.
//!
//! # `resolve(address, at)`
//! 1. **Holder.** The units whose address at `at` is `address`. If several claim it (the
//!    history of a renumbered unit against a unit inserted later at the freed address, whose
//!    arrival time is unknown), the one that left it first wins: an address is held by one
//!    unit at a time, and a unit known to have left it by `t` was there before any unit still
//!    holding it. Then input order.
//! 2. A holder that is **live** at `at` (not retired, or `retired_at` after `at`) wins over every
//!    alias: [`Resolution::Canonical`]. A live unit keeps its address even if an old alias row
//!    still forwards it elsewhere (new Điều 10 inserted where old Điều 10 was renumbered away).
//! 3. Otherwise the rows for `address` in force at `at` are followed:
//!    - none: [`Resolution::Retired`] if a retired unit held the address, else [`Resolution::Unknown`];
//!    - only tombstones: [`Resolution::Withdrawn`];
//!    - several distinct target units: [`Resolution::Split`] (whatever the rows' kind), targets in
//!      row order and not followed further;
//!    - one target unit (the row with the latest `valid_from` stands for it, then row order):
//!      if the target is live at `at`, [`Resolution::Alias`]; if it is retired, the rows in force
//!      for the target's own address at `at` are followed in turn (merged into a unit that was
//!      later merged again: `A → B → C`), and if there are none, [`Resolution::Retired`] names it.
//! 4. Every answer carries `chain`: the requested address, then the address at `at` of each unit
//!    reached. Following stops with [`Resolution::Cycle`] when an address repeats (`A → B → A`)
//!    and with [`Resolution::ChainTooLong`] after [`MAX_HOPS`] rows: never a hang.
//!
//! A resolution's `address` is the unit's address at `at`; `current_address` is its address
//! now. Answers depend only on the data, never on hash order: the same rows always give the
//! same answer.
//!
//! # Writing rows (what CUT should record)
//! - Renumber `X → Y` at `t`: set U's canonical address to Y and add a renumber row
//!   `X → U` valid from `t`, open-ended. A unit later inserted at X needs nothing more: as a
//!   live holder it wins from then on, and the row still answers for instants before `t`.
//! - Split or merge at `t`: retire the old units with `retired_at = t` and add one row per
//!   (old address, successor), valid from `t`. A split whose old unit lives on at its address
//!   resolves to that unit; retire it (or move it) to make the address name every part.
//! - Retire with no successor: just retire the unit; a tombstone row is only needed to
//!   withdraw an address that no unit holds.
//!
//! # Speed
//! [`AliasIndex::resolve_ref`] answers without allocating: about 2.6–2.9 M lookups/s over 1 M
//! units and 1 M rows in a native release build; [`ResolvedRef`] serializes exactly like the
//! [`Resolution`] it stands for, so the JS boundary can write JSON without building one.
//!
//! # Build checks
//! [`AliasIndex::build`] refuses duplicate unit ids, alias ids and canonical addresses, rows
//! pointing to an unknown unit, empty windows (`valid_until <= valid_from`), empty alias
//! texts, alias texts that are not canonical addresses (except `citation` rows, which may hold
//! any text), renumber rows without a target, and two renumber rows moving one unit at the
//! same instant. Each error names the row. Units' own addresses are taken as stored: Q-CHK-3
//! checks them.

mod arrival;
mod table;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::store::unit::LifecycleStatus;
use crate::text::address::validate;
use crate::text::report::Report;
use crate::text::timestamp::Timestamp;
use crate::text::timestamp::TimestampError;
use table::StringTable;

/// Most alias rows one resolution follows before answering [`Resolution::ChainTooLong`].
pub const MAX_HOPS: usize = 16;

/// Why an alias row exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AliasKind {
    /// The unit moved to a new address; the row also records the unit's address history.
    Renumber,
    /// The unit at the address was divided; one row per successor.
    Split,
    /// Several units became one; one row per old address.
    Merge,
    /// An address from an earlier scheme or import.
    Legacy,
    /// A citation form of the unit; its text need not be a canonical address.
    Citation,
}

/// One `canonical_address_alias` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AliasRow {
    pub alias_id: String,
    /// The unit requests are forwarded to; `None` for a tombstone (withdrawn, no successor).
    pub target_unit_id: Option<String>,
    /// The old address (or, for `citation` rows, the citation text).
    pub alias_text: String,
    pub alias_kind: AliasKind,
    /// First instant the row is in force.
    pub valid_from: Timestamp,
    /// First instant the row is no longer in force; `None` for open-ended.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub valid_until: Option<Timestamp>,
}

/// A unit as it is now: what resolution needs of a `logical_unit` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitRef {
    pub id: String,
    /// The unit's current canonical address.
    pub canonical_address: String,
    pub lifecycle_status: LifecycleStatus,
    /// When a retired unit retired. Ignored unless retired. When `None`, the earliest
    /// `valid_from` of a row forwarding the unit's current address to another unit (its split
    /// or merge) is taken; without such a row the unit counts as retired at every instant.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub retired_at: Option<Timestamp>,
    /// When the unit came into being (the effective date of the CUT that created it). Before
    /// it, the unit holds no address, so its first address resolves as it did then (e.g.
    /// `unknown` for an article inserted later). `None`: it has held its addresses forever.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub live_from: Option<Timestamp>,
}

/// A unit reached by a resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitAt {
    pub unit_id: String,
    /// The unit's address at the requested instant.
    pub address: String,
    /// The unit's canonical address now.
    pub current_address: String,
    /// The unit's lifecycle status now.
    pub lifecycle_status: LifecycleStatus,
}

/// What an address meant at an instant. Serialized with an `outcome` tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Resolution {
    /// A unit live at that instant had this address.
    Canonical {
        #[serde(flatten)]
        unit: UnitAt,
        chain: Vec<String>,
    },
    /// Alias rows (one per hop, in order) led to a unit live at that instant.
    Alias {
        #[serde(flatten)]
        unit: UnitAt,
        aliases: Vec<AliasRow>,
        chain: Vec<String>,
    },
    /// The address was divided: several units, not followed further. `aliases` holds the rows
    /// followed to get here, then the split rows.
    Split {
        targets: Vec<UnitAt>,
        aliases: Vec<AliasRow>,
        chain: Vec<String>,
    },
    /// The unit the address leads to is retired at that instant, and nothing forwards it.
    Retired {
        #[serde(flatten)]
        unit: UnitAt,
        aliases: Vec<AliasRow>,
        chain: Vec<String>,
    },
    /// Only tombstone rows are in force for the last address of the chain.
    Withdrawn {
        aliases: Vec<AliasRow>,
        chain: Vec<String>,
    },
    /// No unit had the address and no row forwards it.
    Unknown { chain: Vec<String> },
    /// The rows lead back to an address already in the chain (the last one repeats).
    Cycle {
        aliases: Vec<AliasRow>,
        chain: Vec<String>,
    },
    /// More than [`MAX_HOPS`] rows in a row.
    ChainTooLong {
        aliases: Vec<AliasRow>,
        chain: Vec<String>,
    },
}

impl Resolution {
    /// The serialized `outcome` tag.
    pub fn outcome(&self) -> &'static str {
        match self {
            Self::Canonical { .. } => "canonical",
            Self::Alias { .. } => "alias",
            Self::Split { .. } => "split",
            Self::Retired { .. } => "retired",
            Self::Withdrawn { .. } => "withdrawn",
            Self::Unknown { .. } => "unknown",
            Self::Cycle { .. } => "cycle",
            Self::ChainTooLong { .. } => "chain_too_long",
        }
    }

    /// The addresses followed, starting with the one requested.
    pub fn chain(&self) -> &[String] {
        match self {
            Self::Canonical { chain, .. }
            | Self::Alias { chain, .. }
            | Self::Split { chain, .. }
            | Self::Retired { chain, .. }
            | Self::Withdrawn { chain, .. }
            | Self::Unknown { chain }
            | Self::Cycle { chain, .. }
            | Self::ChainTooLong { chain, .. } => chain,
        }
    }
}

impl From<TimestampError> for AliasError {
    fn from(e: TimestampError) -> Self {
        AliasError::InvalidTimestamp {
            input: e.input,
            offset: e.offset,
            expected: e.expected,
        }
    }
}

/// Why the alias data or a timestamp was refused. Every variant names the row or byte at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AliasError {
    /// A timestamp that is not RFC 3339 (`2024-07-01`, `2024-07-01T00:00:00Z`, `…+07:00`).
    #[error("invalid timestamp '{input}' at byte {offset}: expected {expected}")]
    InvalidTimestamp {
        input: String,
        offset: usize,
        expected: &'static str,
    },
    /// Two units share an id.
    #[error("units[{row}] repeats the unit id '{unit_id}'")]
    DuplicateUnitId { unit_id: String, row: usize },
    /// Two units share a canonical address, which the store keeps unique.
    #[error(
        "units[{row}] '{unit_id}' has the canonical address '{address}' of unit '{other_unit_id}'"
    )]
    DuplicateCanonicalAddress {
        address: String,
        unit_id: String,
        other_unit_id: String,
        row: usize,
    },
    /// Two alias rows share an alias id.
    #[error("aliases[{row}] repeats the alias id '{alias_id}'")]
    DuplicateAliasId { alias_id: String, row: usize },
    /// A row forwards to a unit that is not among the units given.
    #[error("aliases[{row}] '{alias_id}' points to the unknown unit '{target_unit_id}'")]
    UnknownTargetUnit {
        alias_id: String,
        row: usize,
        target_unit_id: String,
    },
    /// `valid_until` is not after `valid_from`, so the row is never in force.
    #[error("aliases[{row}] '{alias_id}' is never in force: valid_until {valid_until} is not after valid_from {valid_from}")]
    EmptyWindow {
        alias_id: String,
        row: usize,
        valid_from: Timestamp,
        valid_until: Timestamp,
    },
    /// A row with an empty `alias_text`.
    #[error("aliases[{row}] '{alias_id}' has an empty alias_text")]
    EmptyAliasText { alias_id: String, row: usize },
    /// The `alias_text` of a renumber, split, merge or legacy row is not a canonical address.
    #[error("aliases[{row}] '{alias_id}' alias_text '{alias_text}' is not a canonical address at byte {offset}: {reason}")]
    InvalidAliasText {
        alias_id: String,
        row: usize,
        alias_text: String,
        offset: usize,
        reason: String,
    },
    /// A renumber row without a target: a renumbered unit still exists.
    #[error("aliases[{row}] '{alias_id}' is a renumber row without target_unit_id")]
    MissingTarget { alias_id: String, row: usize },
    /// Two renumber rows say one unit left two addresses at the same instant.
    #[error("aliases[{row}] '{alias_id}' and '{other_alias_id}' both move unit '{unit_id}' at {valid_from}")]
    AmbiguousRenumber {
        alias_id: String,
        other_alias_id: String,
        unit_id: String,
        row: usize,
        valid_from: Timestamp,
    },
    /// More rows than the index can number (2^32 − 1).
    #[error("{count} rows are more than an alias index holds")]
    TooManyRows { count: usize },
}

impl Report for AliasError {
    /// Stable kebab-case code.
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidTimestamp { .. } => "invalid-timestamp",
            Self::DuplicateUnitId { .. } => "duplicate-unit-id",
            Self::DuplicateCanonicalAddress { .. } => "duplicate-canonical-address",
            Self::DuplicateAliasId { .. } => "duplicate-alias-id",
            Self::UnknownTargetUnit { .. } => "unknown-target-unit",
            Self::EmptyWindow { .. } => "empty-window",
            Self::EmptyAliasText { .. } => "empty-alias-text",
            Self::InvalidAliasText { .. } => "invalid-alias-text",
            Self::MissingTarget { .. } => "missing-target",
            Self::AmbiguousRenumber { .. } => "ambiguous-renumber",
            Self::TooManyRows { .. } => "too-many-rows",
        }
    }

    /// How to fix the data.
    fn hint(&self) -> String {
        match self {
            Self::InvalidTimestamp { .. } => crate::text::timestamp::HINT.into(),
            Self::DuplicateUnitId { .. } => "give each unit its own id".into(),
            Self::DuplicateCanonicalAddress { .. } => "run VERIFY: canonical addresses must be unique (Q-CHK-3)".into(),
            Self::DuplicateAliasId { .. } => "give each alias row its own alias_id".into(),
            Self::UnknownTargetUnit { .. } => "load the target unit with the aliases, or fix target_unit_id".into(),
            Self::EmptyWindow { .. } => "set valid_until after valid_from, or leave it empty for an open-ended row".into(),
            Self::EmptyAliasText { .. } => "set alias_text to the old address".into(),
            Self::InvalidAliasText { .. } => "write the old address in canonical form, e.g. '45-2019-qh14/dieu-10', or make the row a citation alias".into(),
            Self::MissingTarget { .. } => "set target_unit_id to the renumbered unit".into(),
            Self::AmbiguousRenumber { .. } => "keep one renumber row per unit and instant".into(),
            Self::TooManyRows { .. } => "resolve against one document's units and aliases at a time".into(),
        }
    }

    fn offset(&self) -> Option<usize> {
        match self {
            Self::InvalidTimestamp { offset, .. } => Some(*offset),
            _ => None,
        }
    }
}

// Open-ended windows, as plain integers for the hot path.
const BEFORE_ALL: i64 = i64::MIN;
const AFTER_ALL: i64 = i64::MAX;
const NO_TARGET: u32 = u32::MAX;
// Marks a retired unit whose retirement instant is still to be inferred during build.
const RETIRED_UNKNOWN: i64 = i64::MIN + 1;

/// A unit holding an address during `[from, until)`.
#[derive(Debug, Clone, Copy, Default)]
struct Holder {
    unit: u32,
    from: i64,
    until: i64,
    /// The unit's [`UnitData::live_until`], copied so a lookup reads no unit.
    live_until: i64,
}

/// An alias row as the hot path needs it, stored next to the other rows of its address.
#[derive(Debug, Clone, Copy, Default)]
struct Row {
    /// Index into [`AliasIndex::aliases`].
    row: u32,
    /// Target unit, or [`NO_TARGET`] for a tombstone.
    target: u32,
    from: i64,
    until: i64,
    /// The target's [`UnitData::live_until`] (or [`BEFORE_ALL`] for a tombstone).
    target_live_until: i64,
}

/// A unit as the hot path needs it.
#[derive(Debug, Clone, Copy)]
struct UnitData {
    /// First instant the unit is no longer live: never for a unit not retired, at every
    /// instant for a retired unit without `retired_at`.
    live_until: i64,
    /// Entry of the current canonical address.
    current: u32,
    /// Range of [`AliasIndex::history`] holding the unit's earlier addresses.
    history: (u32, u32),
    lifecycle_status: LifecycleStatus,
}

/// What the index knows about one address: who held it and which rows forward it. The first
/// holder and row are copied in, so most lookups read the entry and nothing else.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    holders: (u32, u32),
    rows: (u32, u32),
    first_holder: Holder,
    first_row: Row,
}

/// Units and alias rows, indexed by address for [`AliasIndex::resolve`].
#[derive(Debug, Clone)]
pub struct AliasIndex {
    units: Vec<UnitRef>,
    aliases: Vec<AliasRow>,
    /// Target unit of each alias row, by row index ([`NO_TARGET`] for tombstones).
    targets: Vec<u32>,
    table: StringTable<Entry>,
    holders: Vec<Holder>,
    rows: Vec<Row>,
    unit_data: Vec<UnitData>,
    /// Earlier addresses of units: `(until, entry)`, each unit's run sorted by `until`.
    history: Vec<(i64, u32)>,
}

fn index_u32(i: usize, count: usize) -> Result<u32, AliasError> {
    u32::try_from(i)
        .ok()
        .filter(|&i| i < NO_TARGET - 1)
        .ok_or(AliasError::TooManyRows { count })
}

impl AliasIndex {
    /// Indexes `units` and `aliases` (copied). See the module documentation for the checks.
    pub fn build(units: &[UnitRef], aliases: &[AliasRow]) -> Result<AliasIndex, AliasError> {
        Self::from_rows(units.to_vec(), aliases.to_vec())
    }

    /// Indexes rows the caller hands over, without copying them.
    pub fn from_rows(
        units: Vec<UnitRef>,
        aliases: Vec<AliasRow>,
    ) -> Result<AliasIndex, AliasError> {
        let total = units.len().saturating_add(aliases.len());
        index_u32(total, total)?;
        let targets = {
            let unit_ids = unit_ids(&units, total)?;
            check_aliases(&aliases, &unit_ids, total)?
        };
        let renumbers = renumbers(&units, &aliases, &targets, total)?;

        let bytes = units
            .iter()
            .map(|u| u.canonical_address.len())
            .sum::<usize>()
            + aliases.iter().map(|a| a.alias_text.len()).sum::<usize>();
        let mut table = StringTable::<Entry>::with_capacity(total, bytes);
        let mut unit_data = current_addresses(&units, &mut table, total)?;
        // Alias texts next; a text equal to a unit's current address gets that unit's entry,
        // whose number is the unit's index.
        let mut row_entries = Vec::with_capacity(aliases.len());
        for alias in &aliases {
            row_entries.push(intern(&mut table, &alias.alias_text, total)?.0);
        }
        settle_retirements(&aliases, &targets, &row_entries, &mut unit_data);
        let (holder_pairs, history) =
            holders(&units, &mut unit_data, &renumbers, &row_entries, total)?;
        let row_pairs = alias_rows(&aliases, &targets, &row_entries, &unit_data, total)?;

        // Group holders and rows by entry (stable, so row order is kept).
        let holders = group(&mut table, holder_pairs, |e, range| e.holders = range);
        let rows = group(&mut table, row_pairs, |e, range| e.rows = range);
        for entry in table.values_mut() {
            if let Some(&h) = holders.get(entry.holders.0 as usize) {
                entry.first_holder = h;
            }
            if let Some(&r) = rows.get(entry.rows.0 as usize) {
                entry.first_row = r;
            }
        }
        Ok(AliasIndex {
            units,
            aliases,
            targets,
            table,
            holders,
            rows,
            unit_data,
            history,
        })
    }

    /// Number of units indexed.
    pub fn unit_count(&self) -> usize {
        self.units.len()
    }

    /// Number of alias rows indexed.
    pub fn alias_count(&self) -> usize {
        self.aliases.len()
    }

    /// What `address` meant at `at`. See the module documentation for the rules.
    pub fn resolve(&self, address: &str, at: Timestamp) -> Resolution {
        self.resolve_ref(address, at).to_resolution()
    }

    /// [`AliasIndex::resolve`] without allocating: indexes into this index, turned into a
    /// [`Resolution`] on demand.
    pub fn resolve_ref<'a>(&'a self, address: &'a str, at: Timestamp) -> ResolvedRef<'a> {
        let t = at.0;
        let mut out = ResolvedRef {
            index: self,
            requested: address,
            at: t,
            end: End::Unknown,
            hops_array: [0; MAX_HOPS],
            hop_count: 0,
            last_entry: None,
        };
        let Some((start, entry)) = self.table.get(address) else {
            return out;
        };
        out.last_entry = Some(start);
        let holder = self.holder(entry, t);
        if let Some(h) = holder.filter(|h| t < h.live_until) {
            out.end = End::Canonical(h.unit);
            return out;
        }
        let holder = holder.map(|h| h.unit);
        let mut visited = [start; MAX_HOPS + 1];
        let mut current = start;
        let mut reached: Option<u32> = holder;
        loop {
            let (row, target, target_live_until) = match self.step(current, t) {
                Step::Nothing => {
                    out.end = reached.map_or(End::Unknown, End::Retired);
                    return out;
                }
                Step::Withdrawn => {
                    out.end = End::Withdrawn;
                    return out;
                }
                Step::Split => {
                    out.end = End::Split;
                    return out;
                }
                Step::One(r) => (r.row, r.target, r.target_live_until),
            };
            let Some(slot) = out.hops_array.get_mut(usize::from(out.hop_count)) else {
                out.end = End::ChainTooLong;
                return out;
            };
            *slot = row;
            out.hop_count += 1;
            if t < target_live_until {
                out.end = End::Alias(target);
                return out;
            }
            // A retired target: whatever forwards its own address at `t` is followed next.
            let next = self.entry_at(target, t);
            let seen = visited
                .get(..usize::from(out.hop_count))
                .unwrap_or_default();
            if seen.contains(&next) {
                out.end = End::Cycle;
                return out;
            }
            if let Some(v) = visited.get_mut(usize::from(out.hop_count)) {
                *v = next;
            }
            out.last_entry = Some(next);
            current = next;
            reached = Some(target);
        }
    }

    /// The unit holding an address at `t`: the one that left it first, then input order.
    fn holder(&self, entry: &Entry, t: i64) -> Option<Holder> {
        let holds = |h: &Holder| h.from <= t && t < h.until;
        let (start, end) = entry.holders;
        if end.wrapping_sub(start) == 1 {
            return Some(entry.first_holder).filter(holds);
        }
        self.holders
            .get(start as usize..end as usize)?
            .iter()
            .filter(|h| holds(h))
            .min_by_key(|h| (h.until, h.unit))
            .copied()
    }

    fn entry_rows(&self, e: u32) -> &[Row] {
        self.table
            .value(e)
            .and_then(|entry| self.rows.get(entry.rows.0 as usize..entry.rows.1 as usize))
            .unwrap_or_default()
    }

    /// What the rows in force for entry `e` at `t` say.
    fn step(&self, e: u32, t: i64) -> Step {
        let Some(entry) = self.table.value(e) else {
            return Step::Nothing;
        };
        let in_force = |r: &Row| r.from <= t && t < r.until;
        if entry.rows.1.wrapping_sub(entry.rows.0) == 1 {
            let r = entry.first_row;
            return match (in_force(&r), r.target == NO_TARGET) {
                (false, _) => Step::Nothing,
                (true, true) => Step::Withdrawn,
                (true, false) => Step::One(r),
            };
        }
        let mut best: Option<&Row> = None;
        let mut any = false;
        for r in self.entry_rows(e) {
            if !(r.from <= t && t < r.until) {
                continue;
            }
            any = true;
            if r.target == NO_TARGET {
                continue;
            }
            match best {
                Some(b) if b.target != r.target => return Step::Split,
                Some(b) if b.from >= r.from => {}
                _ => best = Some(r),
            }
        }
        match best {
            Some(r) => Step::One(*r),
            None if any => Step::Withdrawn,
            None => Step::Nothing,
        }
    }

    /// The entry of unit `u`'s address at `t` (see "Address history").
    fn entry_at(&self, u: u32, t: i64) -> u32 {
        let Some(data) = self.unit_data.get(u as usize) else {
            return u32::MAX;
        };
        let earlier = self
            .history
            .get(data.history.0 as usize..data.history.1 as usize)
            .unwrap_or_default();
        earlier
            .iter()
            .find(|&&(until, _)| t < until)
            .map_or(data.current, |&(_, entry)| entry)
    }

    fn address_at(&self, u: u32, t: i64) -> &str {
        self.table.text(self.entry_at(u, t))
    }
}

fn alias_id(aliases: &[AliasRow], row: usize) -> String {
    aliases
        .get(row)
        .map(|a| a.alias_id.clone())
        .unwrap_or_default()
}

/// The units' ids, refused when one repeats. Unit `i` is entry `i` of this table, since duplicates
/// are refused.
fn unit_ids(units: &[UnitRef], total: usize) -> Result<StringTable<()>, AliasError> {
    let mut unit_ids = StringTable::<()>::with_capacity(units.len(), 0);
    for (row, unit) in units.iter().enumerate() {
        match unit_ids.intern(&unit.id) {
            Some((_, true)) => {}
            Some((_, false)) => {
                return Err(AliasError::DuplicateUnitId {
                    unit_id: unit.id.clone(),
                    row,
                })
            }
            None => return Err(AliasError::TooManyRows { count: total }),
        }
    }
    Ok(unit_ids)
}

/// Each unit's renumber rows by valid_from, `(unit, valid_from, row)`: its address history.
/// Two that move one unit at the same instant are refused.
fn renumbers(
    units: &[UnitRef],
    aliases: &[AliasRow],
    targets: &[u32],
    total: usize,
) -> Result<Vec<(u32, i64, u32)>, AliasError> {
    let mut renumbers: Vec<(u32, i64, u32)> = Vec::new();
    for (row, (a, &target)) in aliases.iter().zip(targets).enumerate() {
        if a.alias_kind == AliasKind::Renumber && target != NO_TARGET {
            renumbers.push((target, a.valid_from.0, index_u32(row, total)?));
        }
    }
    renumbers.sort_unstable();
    for pair in renumbers.windows(2) {
        if let [(u, t, first), (v, s, second)] = pair {
            if u == v && t == s {
                let row = *second as usize;
                return Err(AliasError::AmbiguousRenumber {
                    alias_id: alias_id(aliases, row),
                    other_alias_id: alias_id(aliases, *first as usize),
                    unit_id: units
                        .get(*u as usize)
                        .map(|u| u.id.clone())
                        .unwrap_or_default(),
                    row,
                    valid_from: Timestamp(*t),
                });
            }
        }
    }
    Ok(renumbers)
}

fn intern(
    table: &mut StringTable<Entry>,
    text: &str,
    total: usize,
) -> Result<(u32, bool), AliasError> {
    table
        .intern(text)
        .ok_or(AliasError::TooManyRows { count: total })
}

/// The units' current addresses, interned first so a second unit at the same address is caught
/// here and the entries of these addresses are numbered like the units; with how long each unit
/// lives (a retired unit without `retired_at` is settled by [`settle_retirements`]).
fn current_addresses(
    units: &[UnitRef],
    table: &mut StringTable<Entry>,
    total: usize,
) -> Result<Vec<UnitData>, AliasError> {
    let mut unit_data = Vec::with_capacity(units.len());
    for (u, unit) in units.iter().enumerate() {
        let (entry, fresh) = intern(table, &unit.canonical_address, total)?;
        if !fresh {
            return Err(AliasError::DuplicateCanonicalAddress {
                address: unit.canonical_address.clone(),
                unit_id: unit.id.clone(),
                other_unit_id: units
                    .get(entry as usize)
                    .map(|o| o.id.clone())
                    .unwrap_or_default(),
                row: u,
            });
        }
        let live_until = match (unit.lifecycle_status, unit.retired_at) {
            (LifecycleStatus::Retired, Some(at)) => at.0,
            (LifecycleStatus::Retired, None) => RETIRED_UNKNOWN,
            _ => AFTER_ALL,
        };
        unit_data.push(UnitData {
            live_until,
            current: entry,
            history: (0, 0),
            lifecycle_status: unit.lifecycle_status,
        });
    }
    Ok(unit_data)
}

/// A retired unit without `retired_at` retired when the first row forwarding its address took
/// over; without such a row, at every instant.
fn settle_retirements(
    aliases: &[AliasRow],
    targets: &[u32],
    row_entries: &[u32],
    unit_data: &mut [UnitData],
) {
    let mut inferred: Vec<(usize, i64)> = Vec::new();
    for ((alias, &target), &entry) in aliases.iter().zip(targets).zip(row_entries) {
        let retired_unknown = unit_data
            .get(entry as usize)
            .is_some_and(|d| d.live_until == RETIRED_UNKNOWN);
        if target != NO_TARGET && target != entry && retired_unknown {
            inferred.push((entry as usize, alias.valid_from.0));
        }
    }
    for (u, from) in inferred {
        if let Some(d) = unit_data.get_mut(u) {
            d.live_until = if d.live_until == RETIRED_UNKNOWN {
                from
            } else {
                d.live_until.min(from)
            };
        }
    }
    for d in unit_data {
        if d.live_until == RETIRED_UNKNOWN {
            d.live_until = BEFORE_ALL;
        }
    }
}

/// Who held each address when: every unit holds each address of its history up to the renumber
/// that moved it, then its current one. Also each unit's history, `(valid_from, entry)`.
#[allow(clippy::type_complexity)]
fn holders(
    units: &[UnitRef],
    unit_data: &mut [UnitData],
    renumbers: &[(u32, i64, u32)],
    row_entries: &[u32],
    total: usize,
) -> Result<(Vec<(u32, Holder)>, Vec<(i64, u32)>), AliasError> {
    let mut holder_pairs: Vec<(u32, Holder)> = Vec::with_capacity(units.len() + renumbers.len());
    let mut history = Vec::with_capacity(renumbers.len());
    let mut run = renumbers.iter().peekable();
    for (u, data) in unit_data.iter_mut().enumerate() {
        let unit = index_u32(u, total)?;
        let start = index_u32(history.len(), total)?;
        let mut from = units
            .get(u)
            .and_then(|x| x.live_from)
            .map_or(BEFORE_ALL, |t| t.0);
        while let Some(&&(_, valid_from, row)) = run.peek().filter(|r| r.0 == unit) {
            run.next();
            let entry = row_entries.get(row as usize).copied().unwrap_or(u32::MAX);
            history.push((valid_from, entry));
            let live_until = data.live_until;
            holder_pairs.push((
                entry,
                Holder {
                    unit,
                    from,
                    until: valid_from,
                    live_until,
                },
            ));
            from = valid_from;
        }
        data.history = (start, index_u32(history.len(), total)?);
        let live_until = data.live_until;
        holder_pairs.push((
            data.current,
            Holder {
                unit,
                from,
                until: AFTER_ALL,
                live_until,
            },
        ));
    }
    Ok((holder_pairs, history))
}

/// Each alias row at the entry of its text, with its window and how long its target lives.
fn alias_rows(
    aliases: &[AliasRow],
    targets: &[u32],
    row_entries: &[u32],
    unit_data: &[UnitData],
    total: usize,
) -> Result<Vec<(u32, Row)>, AliasError> {
    let mut row_pairs: Vec<(u32, Row)> = Vec::with_capacity(aliases.len());
    for (row, ((alias, &target), &entry)) in
        aliases.iter().zip(targets).zip(row_entries).enumerate()
    {
        let target_live_until = unit_data
            .get(target as usize)
            .map_or(BEFORE_ALL, |d| d.live_until);
        row_pairs.push((
            entry,
            Row {
                row: index_u32(row, total)?,
                target,
                from: alias.valid_from.0,
                until: alias.valid_until.map_or(AFTER_ALL, |t| t.0),
                target_live_until,
            },
        ));
    }
    Ok(row_pairs)
}

/// Checks each row on its own and resolves its target unit.
fn check_aliases(
    aliases: &[AliasRow],
    unit_ids: &StringTable<()>,
    total: usize,
) -> Result<Vec<u32>, AliasError> {
    let mut alias_ids = StringTable::<()>::with_capacity(aliases.len(), 0);
    let mut targets = Vec::with_capacity(aliases.len());
    for (row, a) in aliases.iter().enumerate() {
        let alias_id = || a.alias_id.clone();
        match alias_ids.intern(&a.alias_id) {
            Some((_, true)) => {}
            Some((_, false)) => {
                return Err(AliasError::DuplicateAliasId {
                    alias_id: alias_id(),
                    row,
                })
            }
            None => return Err(AliasError::TooManyRows { count: total }),
        }
        if let Some(until) = a.valid_until.filter(|u| *u <= a.valid_from) {
            return Err(AliasError::EmptyWindow {
                alias_id: alias_id(),
                row,
                valid_from: a.valid_from,
                valid_until: until,
            });
        }
        if a.alias_text.is_empty() {
            return Err(AliasError::EmptyAliasText {
                alias_id: alias_id(),
                row,
            });
        }
        if a.alias_kind != AliasKind::Citation {
            if let Err(e) = validate(&a.alias_text) {
                return Err(AliasError::InvalidAliasText {
                    alias_id: alias_id(),
                    row,
                    alias_text: a.alias_text.clone(),
                    offset: e.offset,
                    reason: e.reason(),
                });
            }
        }
        let target = match &a.target_unit_id {
            None if a.alias_kind == AliasKind::Renumber => {
                return Err(AliasError::MissingTarget {
                    alias_id: alias_id(),
                    row,
                })
            }
            None => NO_TARGET,
            Some(id) => match unit_ids.get(id) {
                Some((u, _)) => u,
                None => {
                    return Err(AliasError::UnknownTargetUnit {
                        alias_id: alias_id(),
                        row,
                        target_unit_id: id.clone(),
                    })
                }
            },
        };
        targets.push(target);
    }
    Ok(targets)
}

/// Sorts `pairs` by entry (stably) into one flat list, recording each entry's range.
fn group<T: Copy>(
    table: &mut StringTable<Entry>,
    pairs: Vec<(u32, T)>,
    set: impl Fn(&mut Entry, (u32, u32)),
) -> Vec<T> {
    let mut counts = vec![0u32; table.len() + 1];
    for &(e, _) in &pairs {
        if let Some(c) = counts.get_mut(e as usize + 1) {
            *c += 1;
        }
    }
    for i in 1..counts.len() {
        let previous = counts.get(i - 1).copied().unwrap_or(0);
        if let Some(c) = counts.get_mut(i) {
            *c += previous;
        }
    }
    for (e, entry) in table.values_mut().enumerate() {
        let start = counts.get(e).copied().unwrap_or(0);
        let end = counts.get(e + 1).copied().unwrap_or(start);
        set(entry, (start, end));
    }
    let mut out: Vec<Option<T>> = vec![None; pairs.len()];
    for (e, value) in pairs {
        if let Some(slot) = counts.get_mut(e as usize) {
            if let Some(cell) = out.get_mut(*slot as usize) {
                *cell = Some(value);
            }
            *slot += 1;
        }
    }
    out.into_iter().flatten().collect()
}

enum Step {
    Nothing,
    Withdrawn,
    Split,
    One(Row),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Canonical(u32),
    Alias(u32),
    Split,
    Retired(u32),
    Withdrawn,
    Unknown,
    Cycle,
    ChainTooLong,
}

/// A resolution as indexes into its [`AliasIndex`]: no allocation until [`ResolvedRef::to_resolution`].
#[derive(Debug, Clone, Copy)]
pub struct ResolvedRef<'a> {
    index: &'a AliasIndex,
    requested: &'a str,
    at: i64,
    end: End,
    hops_array: [u32; MAX_HOPS],
    hop_count: u8,
    /// The entry of the last address in the chain.
    last_entry: Option<u32>,
}

impl<'a> ResolvedRef<'a> {
    /// The `outcome` tag the [`Resolution`] will have.
    pub fn outcome(&self) -> &'static str {
        match self.end {
            End::Canonical(_) => "canonical",
            End::Alias(_) => "alias",
            End::Split => "split",
            End::Retired(_) => "retired",
            End::Withdrawn => "withdrawn",
            End::Unknown => "unknown",
            End::Cycle => "cycle",
            End::ChainTooLong => "chain_too_long",
        }
    }

    /// The unit reached, for canonical, alias and retired outcomes.
    pub fn unit(&self) -> Option<&'a UnitRef> {
        match self.end {
            End::Canonical(u) | End::Alias(u) | End::Retired(u) => self.index.units.get(u as usize),
            _ => None,
        }
    }

    /// The address at the requested instant of the unit reached.
    pub fn address(&self) -> Option<&'a str> {
        match self.end {
            End::Canonical(u) | End::Alias(u) | End::Retired(u) => {
                Some(self.index.address_at(u, self.at))
            }
            _ => None,
        }
    }

    /// Number of alias rows followed.
    pub fn hops(&self) -> usize {
        usize::from(self.hop_count)
    }

    fn hop_rows(&self) -> &[u32] {
        self.hops_array.get(..self.hops()).unwrap_or_default()
    }

    /// The addresses followed: the one requested, then each unit reached, at the instant.
    pub fn chain(&self) -> impl Iterator<Item = &'a str> + '_ {
        let index = self.index;
        let t = self.at;
        std::iter::once(self.requested).chain(self.hop_rows().iter().filter_map(move |&row| {
            let target = *index.targets.get(row as usize)?;
            (target != NO_TARGET).then(|| index.address_at(target, t))
        }))
    }

    /// Rows in force at the last address of the chain: a split's rows or the tombstones.
    fn final_rows(&self) -> impl Iterator<Item = Row> + 'a {
        let index = self.index;
        let t = self.at;
        let rows = match (self.end, self.last_entry) {
            (End::Split | End::Withdrawn, Some(e)) => index.entry_rows(e),
            _ => &[],
        };
        let split = self.end == End::Split;
        rows.iter()
            .copied()
            .filter(move |r| r.from <= t && t < r.until && (!split || r.target != NO_TARGET))
    }

    /// Every alias row the answer relied on: one per hop, then a split's rows or the tombstones.
    pub fn aliases(&self) -> impl Iterator<Item = &'a AliasRow> + '_ {
        let index = self.index;
        let hops = self.hop_rows().iter().copied();
        hops.chain(self.final_rows().map(|r| r.row))
            .filter_map(move |row| index.aliases.get(row as usize))
    }

    /// The successors of a split, in row order without repeats.
    fn split_targets(&self) -> Vec<u32> {
        let mut targets = Vec::new();
        for r in self.final_rows() {
            if self.end == End::Split && !targets.contains(&r.target) {
                targets.push(r.target);
            }
        }
        targets
    }

    fn unit_ref(&self, u: u32) -> Option<UnitAtRef<'a>> {
        let index = self.index;
        let data = index.unit_data.get(u as usize)?;
        Some(UnitAtRef {
            unit_id: &index.units.get(u as usize)?.id,
            address: index.address_at(u, self.at),
            current_address: index.table.text(data.current),
            lifecycle_status: data.lifecycle_status,
        })
    }

    /// The owned answer; serializes exactly like this reference.
    pub fn to_resolution(&self) -> Resolution {
        let chain: Vec<String> = self.chain().map(str::to_owned).collect();
        let aliases = || self.aliases().cloned().collect::<Vec<_>>();
        let unit = |u: u32| self.unit_ref(u).map(UnitAtRef::to_owned);
        match self.end {
            End::Canonical(u) => match unit(u) {
                Some(unit) => Resolution::Canonical { unit, chain },
                None => Resolution::Unknown { chain },
            },
            End::Alias(u) => match unit(u) {
                Some(unit) => Resolution::Alias {
                    unit,
                    aliases: aliases(),
                    chain,
                },
                None => Resolution::Unknown { chain },
            },
            End::Retired(u) => match unit(u) {
                Some(unit) => Resolution::Retired {
                    unit,
                    aliases: aliases(),
                    chain,
                },
                None => Resolution::Unknown { chain },
            },
            End::Split => Resolution::Split {
                targets: self.split_targets().into_iter().filter_map(unit).collect(),
                aliases: aliases(),
                chain,
            },
            End::Withdrawn => Resolution::Withdrawn {
                aliases: aliases(),
                chain,
            },
            End::Unknown => Resolution::Unknown { chain },
            End::Cycle => Resolution::Cycle {
                aliases: aliases(),
                chain,
            },
            End::ChainTooLong => Resolution::ChainTooLong {
                aliases: aliases(),
                chain,
            },
        }
    }
}

/// [`UnitAt`], borrowed from the index.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
struct UnitAtRef<'a> {
    unit_id: &'a str,
    address: &'a str,
    current_address: &'a str,
    lifecycle_status: LifecycleStatus,
}

impl UnitAtRef<'_> {
    fn to_owned(self) -> UnitAt {
        UnitAt {
            unit_id: self.unit_id.to_owned(),
            address: self.address.to_owned(),
            current_address: self.current_address.to_owned(),
            lifecycle_status: self.lifecycle_status,
        }
    }
}

/// An iterator serialized as a sequence, once.
struct Seq<I>(std::cell::Cell<Option<I>>);

fn seq<I>(items: I) -> Seq<I> {
    Seq(std::cell::Cell::new(Some(items)))
}

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(items) => s.collect_seq(items),
            None => s.collect_seq(std::iter::empty::<T>()),
        }
    }
}

/// Serializes like the [`Resolution`] it stands for, without building it.
impl Serialize for ResolvedRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("outcome", self.outcome())?;
        let unit = match self.end {
            End::Canonical(u) | End::Alias(u) | End::Retired(u) => self.unit_ref(u),
            _ => None,
        };
        if let Some(unit) = unit {
            map.serialize_entry("unit_id", unit.unit_id)?;
            map.serialize_entry("address", unit.address)?;
            map.serialize_entry("current_address", unit.current_address)?;
            map.serialize_entry("lifecycle_status", &unit.lifecycle_status)?;
        }
        if self.end == End::Split {
            let targets = self.split_targets();
            map.serialize_entry(
                "targets",
                &seq(targets.into_iter().filter_map(|u| self.unit_ref(u))),
            )?;
        }
        if !matches!(self.end, End::Canonical(_) | End::Unknown) {
            map.serialize_entry("aliases", &seq(self.aliases()))?;
        }
        map.serialize_entry("chain", &seq(self.chain()))?;
        map.end()
    }
}
