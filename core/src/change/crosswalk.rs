//! Crosswalks: renumbering tables published by others (old address → new address) imported
//! as an alias-only manifest that goes through review like any other.
//!
//! A crosswalk file is CSV (RFC 4180, a header row naming the columns in any order) or JSON
//! (an array of row objects, or `{ "rows": [...] }`) with the fields
//!
//! | field         | required | meaning                                                      |
//! |---------------|----------|--------------------------------------------------------------|
//! | `old_address` | yes      | the address that stops (or stopped) being the unit's, canonical |
//! | `new_address` | yes      | the unit's canonical address now (JSON: a list for a split)   |
//! | `kind`        | yes      | `renumber`, `split`, `merge` or `legacy`                       |
//! | `valid_from`  | yes      | first instant the old address means the new unit (a date is midnight UTC) |
//! | `valid_until` | no       | first instant it no longer does; empty for open-ended         |
//! | `rationale`   | no       | why; defaults to `crosswalk <file name> line <n>`             |
//!
//! A split is several rows with the same old address (kind `split`), a merge several rows with
//! the same new address (kind `merge`).
//!
//! [`plan_crosswalk`] reads the whole file and checks every row against the document's units
//! and alias rows; it answers either a manifest or **every** error of the file (up to
//! [`MAX_ERRORS`]), each with its line, column and field: nothing is planned from a file with
//! one bad row. Addresses are never rewritten: one that is valid but not canonical (upper case,
//! a citation) is refused with its canonical form in the hint.
//!
//! # The manifest
//! An ordinary [`Manifest`] with no blocks, `envelope.crosswalk` naming the file, and one
//! creation per alias row in `envelope.alias_repairs`: the executor writes them, gated (each
//! row must still be absent), records them in the ledger as `alias-create` rows, and VERIFY's
//! drift audit holds the store to them. `base_sha256` is that of the units the rows were checked
//! against, so a CUT after the units changed is refused.
//!
//! Alias ids are derived from the row (document, old address, target unit, kind, window): the
//! same preview planned again gives the same manifest (submit checks its sha256), and a row
//! imported twice has one id, so the second CUT finds it present and refuses.

mod csv;
mod gate;
mod json;
#[cfg(test)]
mod tests;

use crate::text::report::Report;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use gate::crosswalk_gate;
use gate::{clash, instant};

use crate::change::manifest::{
    base_sha256, AliasRepair, Counts, Crosswalk, CrosswalkFormat, Envelope, Manifest, FORMAT,
};
use crate::store::alias::{AliasError, AliasIndex, AliasKind, AliasRow, UnitRef};
use crate::store::unit::{stored_document_order, LifecycleStatus, StoredAlias, StoredUnit};
use crate::text::address::{parse, validate};
use crate::text::hash::{sha256_hex, sha256_hex_bytes};
use crate::text::report::ErrorReport;
use crate::text::timestamp::Timestamp;
use crate::text::vocabulary::{default_vocabularies, default_vocabulary};

/// Most errors one answer lists; `total` still counts them all.
pub const MAX_ERRORS: usize = 1000;

/// What a crosswalk is planned from.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CrosswalkInput {
    /// The file's text.
    pub file: String,
    /// `None`: JSON if the first character that is not white space is `[` or `{`, else CSV.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub format: Option<CrosswalkFormat>,
    #[serde(default)]
    pub file_name: Option<String>,
    pub document: CrosswalkDocument,
    /// The document's stored units (live and retired).
    pub units: Vec<StoredUnit>,
    /// The alias rows stored now whose text lies under the document's slug or whose target is
    /// one of its units.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub aliases: Vec<StoredAlias>,
    /// When the plan is made (RFC 3339) and by whom (a `directus_users` id).
    pub created_at: String,
    pub created_by: String,
}

/// The document the crosswalk's addresses belong to.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CrosswalkDocument {
    pub id: String,
    /// Every address of the file starts with it, e.g. `45-2019-qh14`.
    pub slug: String,
    /// Vocabulary id; used to show the canonical form of an address written loosely.
    pub vocabulary: String,
    /// Recorded as the envelope's `source_sha256` (the document's text, unchanged).
    pub source_sha256: String,
}

/// One alias row a crosswalk creates, as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CrosswalkRow {
    /// Where the row is in the file.
    pub line: usize,
    pub alias_id: String,
    pub old_address: String,
    pub new_address: String,
    pub target_unit_id: String,
    /// The target unit's lifecycle status now: an alias to a retired unit resolves as `retired`.
    pub target_status: LifecycleStatus,
    pub kind: AliasKind,
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub rationale: String,
}

/// A planned crosswalk: the manifest and its rows in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrosswalkPlan {
    pub manifest: Manifest,
    pub rows: Vec<CrosswalkRow>,
}

/// One thing wrong in the file, where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowError {
    /// 1-based line of the file.
    pub line: usize,
    /// 1-based column (characters) where the field's value starts (JSON: the value, or the row's object).
    pub column: usize,
    /// The field at fault (`old_address` …); `None` for the file as a whole.
    pub field: Option<String>,
    /// Stable kebab-case code.
    pub code: &'static str,
    pub message: String,
    pub hint: String,
}

impl RowError {
    fn file(
        line: usize,
        column: usize,
        code: &'static str,
        message: String,
        hint: impl Into<String>,
    ) -> RowError {
        RowError {
            line,
            column,
            field: None,
            code,
            message,
            hint: hint.into(),
        }
    }

    fn at(
        line: usize,
        column: usize,
        field: &str,
        code: &'static str,
        message: String,
        hint: impl Into<String>,
    ) -> RowError {
        RowError {
            line,
            column,
            field: Some(field.to_owned()),
            code,
            message,
            hint: hint.into(),
        }
    }

    fn of(
        cell: &Cell,
        column: Column,
        code: &'static str,
        message: String,
        hint: impl Into<String>,
    ) -> RowError {
        RowError::at(cell.line, cell.column, column.name(), code, message, hint)
    }
}

/// Why a crosswalk was not planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrosswalkError {
    /// The file is wrong: every error found (at most [`MAX_ERRORS`]), sorted by line and column;
    /// `total` counts all of them.
    Rows { errors: Vec<RowError>, total: usize },
    /// The caller's input is wrong (not the file): a timestamp, an empty field.
    Input(ErrorReport),
}

/// The file's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Column {
    OldAddress,
    NewAddress,
    Kind,
    ValidFrom,
    ValidUntil,
    Rationale,
}

impl Column {
    const ALL: [Column; 6] = [
        Column::OldAddress,
        Column::NewAddress,
        Column::Kind,
        Column::ValidFrom,
        Column::ValidUntil,
        Column::Rationale,
    ];

    fn name(self) -> &'static str {
        match self {
            Column::OldAddress => "old_address",
            Column::NewAddress => "new_address",
            Column::Kind => "kind",
            Column::ValidFrom => "valid_from",
            Column::ValidUntil => "valid_until",
            Column::Rationale => "rationale",
        }
    }

    fn named(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.name() == name)
    }

    fn required(self) -> bool {
        matches!(
            self,
            Column::OldAddress | Column::NewAddress | Column::Kind | Column::ValidFrom
        )
    }

    fn list_hint() -> String {
        "the fields are old_address, new_address, kind, valid_from, and optionally valid_until and rationale".into()
    }
}

/// A value read from the file and where it starts; `None`: JSON `null`.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub value: Option<String>,
    pub line: usize,
    pub column: usize,
    /// The value was refused as it was read (not text): reported already, not "missing" too.
    pub refused: bool,
}

/// Byte offsets to lines and columns.
pub(crate) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = crate::text::bytes::line_starts(text);
        Lines { text, starts }
    }

    /// 1-based line and column (in characters) of byte `offset`.
    fn at(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line, column + 1)
    }
}

/// One row as read, before its values are checked: its cells by column.
struct RawRow {
    line: usize,
    column: usize,
    cells: HashMap<Column, Cell>,
}

/// A row whose values passed the checks of their own.
struct Checked<'a> {
    line: usize,
    column: usize,
    old: String,
    old_cell: Cell,
    target: &'a StoredUnit,
    kind: AliasKind,
    kind_cell: Cell,
    from: Timestamp,
    until: Option<Timestamp>,
    from_cell: Cell,
    rationale: Option<String>,
}

/// An alias row stored now, as far as it can be read.
struct Existing<'a> {
    row: &'a StoredAlias,
    kind: Option<AliasKind>,
    from: Option<Timestamp>,
    until: Option<Timestamp>,
}

/// The errors found so far, every one counted, the first [`MAX_ERRORS`] kept.
#[derive(Default)]
struct Errors {
    kept: Vec<RowError>,
    total: usize,
    /// A JSON row naming several new addresses is checked once per address: its other
    /// fields' errors are found as many times, and reported once (an error about one of
    /// the addresses says which, so each is kept).
    seen: std::collections::HashSet<(usize, usize, Option<String>, &'static str, String)>,
}

impl Errors {
    fn push(&mut self, e: RowError) {
        if self
            .seen
            .insert((e.line, e.column, e.field.clone(), e.code, e.message.clone()))
        {
            self.total += 1;
            self.kept.push(e);
        }
    }

    fn into_error(mut self) -> CrosswalkError {
        self.kept.sort_by_key(|e| (e.line, e.column));
        self.kept.truncate(MAX_ERRORS);
        CrosswalkError::Rows {
            errors: self.kept,
            total: self.total,
        }
    }
}

/// Reads a crosswalk file and plans its alias-only manifest. See the module documentation.
pub fn plan_crosswalk(input: &CrosswalkInput) -> Result<CrosswalkPlan, CrosswalkError> {
    check_input(input)?;
    // A byte order mark is tolerated (spreadsheets write one); the hash is of the text as given.
    let text = input.file.strip_prefix('\u{feff}').unwrap_or(&input.file);
    let format = input.format.unwrap_or_else(|| {
        if text.trim_start().starts_with(['[', '{']) {
            CrosswalkFormat::Json
        } else {
            CrosswalkFormat::Csv
        }
    });
    let mut errors = Errors::default();
    let raw = match format {
        CrosswalkFormat::Csv => csv_rows(text, &mut errors),
        CrosswalkFormat::Json => {
            let lines = Lines::new(text);
            match json::rows(text, &lines) {
                Ok((rows, shape)) => {
                    shape.into_iter().for_each(|e| errors.push(e));
                    json_rows(rows)
                }
                Err(e) => {
                    errors.push(e);
                    Vec::new()
                }
            }
        }
    };
    if raw.is_empty() && errors.total == 0 {
        errors.push(RowError::file(
            1,
            1,
            "no-rows",
            "the file has no rows".into(),
            "give one row per old address → new address",
        ));
    }
    let file_sha256 = sha256_hex(&input.file);
    let context = Context::new(input);
    let checked: Vec<Checked> = raw
        .iter()
        .filter_map(|r| context.check_row(r, &mut errors))
        .collect();
    context.check_rows(&checked, &mut errors);
    if errors.total > 0 {
        return Err(errors.into_error());
    }
    let rows: Vec<(CrosswalkRow, StoredAlias)> = checked
        .iter()
        .map(|c| context.alias(c, &file_sha256))
        .collect();
    context.check_index(&checked, &rows, &mut errors);
    if errors.total > 0 {
        return Err(errors.into_error());
    }
    let effective_from = checked
        .iter()
        .map(|c| c.from)
        .min()
        .unwrap_or(Timestamp(0))
        .to_rfc3339();
    let mut repairs: Vec<AliasRepair> = rows
        .iter()
        .map(|(_, a)| AliasRepair {
            alias_id: a.alias_id.clone(),
            before: None,
            after: Some(a.clone()),
        })
        .collect();
    repairs.sort_by(|a, b| a.alias_id.cmp(&b.alias_id));
    let document = &input.document;
    let manifest = Manifest::assemble(
        Envelope {
            format: FORMAT.into(),
            document_id: document.id.clone(),
            doc: document.slug.clone(),
            source_sha256: document.source_sha256.clone(),
            vocabulary: document.vocabulary.clone(),
            base_sha256: base_sha256(&document.id, &input.units),
            effective_from,
            enact: false,
            counts: Counts::default(),
            created_at: input.created_at.clone(),
            created_by: input.created_by.clone(),
            rollback_of: None,
            scope: None,
            allow_mass_retire: false,
            repair_of: None,
            alias_repairs: repairs,
            amendment: None,
            crosswalk: Some(Crosswalk {
                format,
                file_sha256,
                file_name: input.file_name.clone(),
                rows: rows.len(),
            }),
            positions_upgrade: false,
        },
        Vec::new(),
        &[],
    );
    manifest
        .check()
        .map_err(|e| CrosswalkError::Input(e.to_report()))?;
    Ok(CrosswalkPlan {
        manifest,
        rows: rows.into_iter().map(|(r, _)| r).collect(),
    })
}

fn check_input(input: &CrosswalkInput) -> Result<(), CrosswalkError> {
    let empty = |field: &'static str| {
        CrosswalkError::Input(ErrorReport {
            code: "empty-field",
            reason: format!("{field} is empty"),
            offset: None,
            hint: format!("pass {field}"),
            field: Some(field.into()),
        })
    };
    for (field, value) in [
        ("document.id", &input.document.id),
        ("document.slug", &input.document.slug),
        ("created_at", &input.created_at),
        ("created_by", &input.created_by),
    ] {
        if value.trim().is_empty() {
            return Err(empty(field));
        }
    }
    if let Err(e) = Timestamp::parse_rfc3339(&input.created_at) {
        return Err(CrosswalkError::Input(ErrorReport {
            code: "invalid-timestamp",
            reason: format!("created_at: {e}"),
            offset: None,
            hint: e.hint(),
            field: Some("created_at".into()),
        }));
    }
    Ok(())
}

/// CSV records to rows: the header names the columns; a row with another number of fields is an error.
fn csv_rows(text: &str, errors: &mut Errors) -> Vec<RawRow> {
    let records = match csv::records(text) {
        Ok(records) => records,
        Err(e) => {
            errors.push(e);
            return Vec::new();
        }
    };
    let Some((header, body)) = records.split_first() else {
        return Vec::new();
    };
    let mut columns: Vec<Option<Column>> = Vec::with_capacity(header.fields.len());
    let mut header_ok = true;
    for cell in &header.fields {
        let name = cell.value.as_deref().unwrap_or_default().trim();
        let column = Column::named(&name.to_ascii_lowercase());
        match column {
            None => {
                header_ok = false;
                let semicolons = header.fields.len() == 1 && name.contains(';');
                errors.push(RowError::at(
                    cell.line,
                    cell.column,
                    name,
                    "unknown-column",
                    format!("the header names a column '{name}' that a crosswalk does not have"),
                    if semicolons {
                        "separate the columns with commas, not semicolons".to_owned()
                    } else {
                        Column::list_hint()
                    },
                ));
            }
            Some(c) if columns.contains(&Some(c)) => {
                header_ok = false;
                errors.push(RowError::at(
                    cell.line,
                    cell.column,
                    c.name(),
                    "duplicate-column",
                    format!("the header names '{}' twice", c.name()),
                    "keep one column of each name",
                ));
            }
            Some(_) => {}
        }
        columns.push(column);
    }
    for c in Column::ALL.into_iter().filter(|c| c.required()) {
        if !columns.contains(&Some(c))
            && !header
                .fields
                .iter()
                .any(|f| f.value.as_deref().is_some_and(|v| v.contains(';')))
        {
            header_ok = false;
            // Just past the end of the header.
            let end = header.fields.last().map_or(1, |f| {
                f.column + f.value.as_deref().map_or(0, |v| v.chars().count())
            });
            errors.push(RowError::at(
                header.line,
                end,
                c.name(),
                "missing-column",
                format!("the header has no '{}' column", c.name()),
                format!("add a '{}' column; {}", c.name(), Column::list_hint()),
            ));
        }
    }
    if !header_ok {
        return Vec::new();
    }
    let mut rows = Vec::with_capacity(body.len());
    for record in body {
        if record.fields.len() != columns.len() {
            let (line, column) = record
                .fields
                .get(columns.len())
                .or(record.fields.last())
                .map_or((record.line, 1), |c| (c.line, c.column));
            errors.push(RowError::file(
                line,
                column,
                "field-count",
                format!(
                    "the row has {} field(s) but the header names {} column(s)",
                    record.fields.len(),
                    columns.len()
                ),
                "give every row one field per header column; quote a field that holds a comma",
            ));
            continue;
        }
        let cells = columns
            .iter()
            .zip(&record.fields)
            .filter_map(|(c, cell)| {
                // An empty CSV field is a missing value.
                let value = cell.value.clone().filter(|v| !v.is_empty());
                c.map(|c| {
                    (
                        c,
                        Cell {
                            value,
                            line: cell.line,
                            column: cell.column,
                            refused: false,
                        },
                    )
                })
            })
            .collect();
        rows.push(RawRow {
            line: record.line,
            column: 1,
            cells,
        });
    }
    rows
}

/// JSON rows to rows: a row naming several new addresses gives one row each.
fn json_rows(rows: Vec<json::JsonRow>) -> Vec<RawRow> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut cells: HashMap<Column, Cell> = HashMap::new();
        let mut news: Vec<Cell> = Vec::new();
        for (column, cell) in row.cells {
            if column == Column::NewAddress {
                news.push(cell);
            } else {
                cells.insert(column, cell);
            }
        }
        if news.is_empty() {
            out.push(RawRow {
                line: row.line,
                column: row.column,
                cells,
            });
            continue;
        }
        for new in news {
            let mut cells = cells.clone();
            cells.insert(Column::NewAddress, new);
            out.push(RawRow {
                line: row.line,
                column: row.column,
                cells,
            });
        }
    }
    out
}

/// What every row is checked against: the document's units and alias rows.
struct Context<'a> {
    input: &'a CrosswalkInput,
    by_address: HashMap<&'a str, &'a StoredUnit>,
    existing: Vec<Existing<'a>>,
}

impl<'a> Context<'a> {
    fn new(input: &'a CrosswalkInput) -> Self {
        let by_address = input
            .units
            .iter()
            .filter(|u| u.document == input.document.id)
            .map(|u| (u.canonical_address.as_str(), u))
            .collect();
        let existing = input
            .aliases
            .iter()
            .map(|row| Existing {
                row,
                kind: serde_json::from_value(Value::String(row.alias_kind.clone())).ok(),
                from: instant(&row.valid_from),
                until: instant(&row.valid_until),
            })
            .collect();
        Context {
            input,
            by_address,
            existing,
        }
    }

    fn slug(&self) -> &str {
        &self.input.document.slug
    }

    /// The checks of one row alone; `None` when any failed (each is reported).
    fn check_row(&self, row: &RawRow, errors: &mut Errors) -> Option<Checked<'a>> {
        let before = errors.total;
        let present = |c: Column, errors: &mut Errors| -> Option<Cell> {
            match row.cells.get(&c) {
                Some(cell) if cell.refused => None,
                Some(cell) if cell.value.is_some() => Some(cell.clone()),
                Some(cell) if c.required() => {
                    errors.push(RowError::of(
                        cell,
                        c,
                        "missing-value",
                        format!("{} is empty", c.name()),
                        missing_hint(c),
                    ));
                    None
                }
                None if c.required() => {
                    errors.push(RowError::at(
                        row.line,
                        row.column,
                        c.name(),
                        "missing-value",
                        format!("the row has no {}", c.name()),
                        missing_hint(c),
                    ));
                    None
                }
                _ => None,
            }
        };
        let old_cell = present(Column::OldAddress, errors);
        let new_cell = present(Column::NewAddress, errors);
        let kind_cell = present(Column::Kind, errors);
        let from_cell = present(Column::ValidFrom, errors);
        let until_cell = present(Column::ValidUntil, errors);
        let rationale = present(Column::Rationale, errors).and_then(|c| c.value);

        let old = old_cell
            .as_ref()
            .and_then(|c| self.address(c, Column::OldAddress, errors));
        let target = new_cell.as_ref().and_then(|c| {
            let address = self.address(c, Column::NewAddress, errors)?;
            match self.by_address.get(address.as_str()) {
                Some(u) => Some(*u),
                None => {
                    errors.push(RowError::of(
                        c,
                        Column::NewAddress,
                        "unknown-unit",
                        format!("{address} is not a unit of document {}", self.slug()),
                        self.near(&address),
                    ));
                    None
                }
            }
        });
        if let (Some(old), Some(cell)) = (&old, &old_cell) {
            if let Some(unit) = self.by_address.get(old.as_str()) {
                if unit.lifecycle_status != LifecycleStatus::Retired {
                    errors.push(RowError::of(
                        cell,
                        Column::OldAddress,
                        "shadows-unit",
                        format!("{old} is the address of a live unit: an alias there would never be followed"),
                        "an old address must be one no live unit holds now; check the row's direction (old → new)",
                    ));
                }
            }
            if target.is_some_and(|t| &t.canonical_address == old) {
                errors.push(RowError::of(
                    cell,
                    Column::OldAddress,
                    "same-address",
                    format!("old and new address are both {old}"),
                    "leave the row out: the address already names the unit",
                ));
            }
        }
        let kind = kind_cell.as_ref().and_then(|c| {
            let text = c.value.as_deref().unwrap_or_default();
            match text {
                "renumber" => Some(AliasKind::Renumber),
                "split" => Some(AliasKind::Split),
                "merge" => Some(AliasKind::Merge),
                "legacy" => Some(AliasKind::Legacy),
                "citation" => {
                    errors.push(RowError::of(
                        c,
                        Column::Kind,
                        "citation-reserved",
                        "kind citation is not imported from a crosswalk".into(),
                        "citation aliases come from cuts; use legacy for an address of an earlier numbering",
                    ));
                    None
                }
                other => {
                    let lower = other.trim().to_ascii_lowercase();
                    let hint = if ["renumber", "split", "merge", "legacy"].contains(&lower.as_str()) {
                        format!("write '{lower}'")
                    } else {
                        "write renumber, split, merge or legacy".to_owned()
                    };
                    errors.push(RowError::of(
                        c,
                        Column::Kind,
                        "unknown-kind",
                        format!("'{other}' is not a kind of alias"),
                        hint,
                    ));
                    None
                }
            }
        });
        let from = from_cell
            .as_ref()
            .and_then(|c| timestamp(c, Column::ValidFrom, errors));
        let until = until_cell
            .as_ref()
            .and_then(|c| timestamp(c, Column::ValidUntil, errors));
        if let (Some(from), Some(until), Some(cell)) = (from, until, &until_cell) {
            if until <= from {
                errors.push(RowError::of(
                    cell,
                    Column::ValidUntil,
                    "empty-window",
                    format!("valid_until {until} is not after valid_from {from}"),
                    "set valid_until after valid_from, or leave it empty for an open-ended row",
                ));
            }
        }
        if errors.total > before {
            return None;
        }
        Some(Checked {
            line: row.line,
            column: row.column,
            old: old?,
            old_cell: old_cell?,
            target: target?,
            kind: kind?,
            kind_cell: kind_cell?,
            from: from?,
            until,
            from_cell: from_cell?,
            rationale,
        })
    }

    /// A canonical address of this document, or an error naming what to write instead.
    fn address(&self, cell: &Cell, column: Column, errors: &mut Errors) -> Option<String> {
        let text = cell.value.as_deref().unwrap_or_default();
        match validate(text) {
            Ok(_) => {}
            Err(e) => {
                let vocabs: Vec<_> = match default_vocabulary(&self.input.document.vocabulary) {
                    Some(v) => vec![v.clone()],
                    None => default_vocabularies().to_vec(),
                };
                let canonical = crate::read::normalize::normalize_address_with_default_doc(
                    &vocabs,
                    text,
                    Some(self.slug()),
                )
                .ok()
                .map(|n| n.address.format());
                errors.push(match canonical {
                    Some(canonical) => RowError::of(
                        cell,
                        column,
                        "not-canonical",
                        format!("'{text}' is not written as a canonical address"),
                        format!("write '{canonical}'"),
                    ),
                    None => RowError::of(
                        cell,
                        column,
                        "invalid-address",
                        format!("'{text}' is not a canonical address: {}", e.reason()),
                        e.hint(),
                    ),
                });
                return None;
            }
        }
        let doc = parse(text).map(|a| a.doc.to_string()).unwrap_or_default();
        if doc != self.slug() {
            errors.push(RowError::of(
                cell,
                column,
                "other-document",
                format!("{text} belongs to document {doc}, not {}", self.slug()),
                format!(
                    "import this document's rows only: addresses start with '{}/'",
                    self.slug()
                ),
            ));
            return None;
        }
        Some(text.to_owned())
    }

    /// The units next to `address` (its siblings), to say which exist.
    fn near(&self, address: &str) -> String {
        let parent = address.rsplit_once('/').map_or(address, |(p, _)| p);
        let prefix = format!("{parent}/");
        let mut near: Vec<&StoredUnit> = self
            .by_address
            .values()
            .filter(|u| {
                u.canonical_address
                    .strip_prefix(&prefix)
                    .is_some_and(|rest| !rest.contains('/'))
            })
            .copied()
            .collect();
        // In document order: the tree's, over the document's units (positions are per parent).
        let units = &self.input.units;
        let rank: HashMap<&str, usize> = stored_document_order(units)
            .into_iter()
            .enumerate()
            .map(|(r, i)| (units[i].id.as_str(), r))
            .collect();
        near.sort_by_key(|u| (rank.get(u.id.as_str()).copied(), u.id.as_str()));
        if near.is_empty() {
            return "name a unit the document has (see its units in the timeline or the Data Studio)".into();
        }
        let shown: Vec<&str> = near
            .iter()
            .take(5)
            .map(|u| u.canonical_address.as_str())
            .collect();
        format!(
            "the new address must be a unit of the document; units there: {}{}",
            shown.join(", "),
            if near.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        )
    }

    /// The checks between rows of the file and with the alias rows stored now.
    fn check_rows(&self, rows: &[Checked], errors: &mut Errors) {
        self.check_repeats(rows, errors);
        self.check_parts(rows, errors);
        self.check_overlaps(rows, errors);
        self.check_renumbers(rows, errors);
    }

    // No row twice in the file, and none the store already has.
    fn check_repeats(&self, rows: &[Checked], errors: &mut Errors) {
        let mut first: HashMap<(&str, &str, AliasKind, Timestamp, Option<Timestamp>), usize> =
            HashMap::new();
        for row in rows {
            let key = (
                row.old.as_str(),
                row.target.id.as_str(),
                row.kind,
                row.from,
                row.until,
            );
            if let Some(line) = first.get(&key) {
                errors.push(RowError::at(
                    row.line,
                    row.column,
                    "old_address",
                    "duplicate-row",
                    format!("the row repeats line {line}"),
                    "leave one of the two rows out",
                ));
            } else {
                first.insert(key, row.line);
            }
            if let Some(e) = self.existing.iter().find(|e| {
                e.row.alias_text == row.old
                    && e.row.target_unit_id.as_deref() == Some(row.target.id.as_str())
                    && e.kind == Some(row.kind)
                    && e.from == Some(row.from)
                    && e.until == row.until
            }) {
                errors.push(RowError::of(
                    &row.old_cell,
                    Column::OldAddress,
                    "already-imported",
                    format!(
                        "already imported: alias {} already forwards {} to {} ({}, from {})",
                        e.row.alias_id,
                        row.old,
                        row.target.canonical_address,
                        row.kind_name(),
                        row.from
                    ),
                    "leave the row out",
                ));
            }
        }
    }

    // A split has two or more new units and a merge two or more old addresses, counting the
    // rows stored before.
    fn check_parts(&self, rows: &[Checked], errors: &mut Errors) {
        for row in rows {
            match row.kind {
                AliasKind::Split => {
                    let targets = rows
                        .iter()
                        .filter(|r| r.kind == AliasKind::Split && r.old == row.old)
                        .map(|r| r.target.id.as_str())
                        .chain(
                            self.existing
                                .iter()
                                .filter(|e| {
                                    e.kind == Some(AliasKind::Split) && e.row.alias_text == row.old
                                })
                                .filter_map(|e| e.row.target_unit_id.as_deref()),
                        )
                        .collect::<std::collections::HashSet<_>>();
                    if targets.len() < 2 {
                        errors.push(RowError::of(
                            &row.kind_cell,
                            Column::Kind,
                            "split-of-one",
                            format!("a split names two or more new units, but {} has only this one", row.old),
                            "add a split row for each part, or use renumber (or legacy) for a move to one unit",
                        ));
                    }
                }
                AliasKind::Merge => {
                    let olds = rows
                        .iter()
                        .filter(|r| r.kind == AliasKind::Merge && r.target.id == row.target.id)
                        .map(|r| r.old.as_str())
                        .chain(
                            self.existing
                                .iter()
                                .filter(|e| {
                                    e.kind == Some(AliasKind::Merge)
                                        && e.row.target_unit_id.as_deref()
                                            == Some(row.target.id.as_str())
                                })
                                .map(|e| e.row.alias_text.as_str()),
                        )
                        .collect::<std::collections::HashSet<_>>();
                    if olds.len() < 2 {
                        errors.push(RowError::of(
                            &row.kind_cell,
                            Column::Kind,
                            "merge-of-one",
                            format!("a merge joins two or more old addresses into {}, but only this row names it", row.target.canonical_address),
                            "add a merge row for each old address, or use renumber (or legacy) for a move of one",
                        ));
                    }
                }
                _ => {}
            }
        }
    }

    // One address, one meaning at a time: rows of one old address whose windows overlap name one
    // target, unless all split it.
    fn check_overlaps(&self, rows: &[Checked], errors: &mut Errors) {
        for (i, row) in rows.iter().enumerate() {
            let clash_file = rows[..i].iter().find(|o| {
                o.old == row.old
                    && clash(
                        (&o.target.id, o.kind, o.from, o.until),
                        (&row.target.id, row.kind, row.from, row.until),
                    )
            });
            if let Some(o) = clash_file {
                errors.push(RowError::of(
                    &row.from_cell,
                    Column::ValidFrom,
                    "overlapping-targets",
                    format!(
                        "{} would mean both {} (line {}) and {} at once",
                        row.old, o.target.canonical_address, o.line, row.target.canonical_address
                    ),
                    "make the windows follow each other (valid_until of one = valid_from of the next), or mark every row of the old address kind split",
                ));
                continue;
            }
            let clash_stored = self.existing.iter().find(|e| {
                e.row.alias_text == row.old
                    && match (e.row.target_unit_id.as_deref(), e.kind, e.from) {
                        (Some(target), Some(kind), Some(from)) => clash(
                            (target, kind, from, e.until),
                            (&row.target.id, row.kind, row.from, row.until),
                        ),
                        _ => false,
                    }
            });
            if let Some(e) = clash_stored {
                errors.push(RowError::of(
                    &row.from_cell,
                    Column::ValidFrom,
                    "overlapping-targets",
                    format!(
                        "{} already forwards elsewhere during this window (alias {}, {}, from {})",
                        row.old,
                        e.row.alias_id,
                        e.row.alias_kind,
                        e.from.map(|t| t.to_string()).unwrap_or_default()
                    ),
                    "end this row's window where the stored row's begins (or the reverse), or leave the row out",
                ));
            }
        }
    }

    // A renumber row says when its unit left the old address: one address per unit and instant.
    fn check_renumbers(&self, rows: &[Checked], errors: &mut Errors) {
        for (i, row) in rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kind == AliasKind::Renumber)
        {
            let other_line = rows[..i]
                .iter()
                .find(|o| {
                    // An exact repeat is a duplicate row, reported as such.
                    o.kind == AliasKind::Renumber
                        && o.target.id == row.target.id
                        && o.from == row.from
                        && o.old != row.old
                })
                .map(|o| format!("line {}", o.line));
            let other = other_line.or_else(|| {
                self.existing
                    .iter()
                    .find(|e| {
                        e.kind == Some(AliasKind::Renumber)
                            && e.row.target_unit_id.as_deref() == Some(row.target.id.as_str())
                            && e.from == Some(row.from)
                            && e.row.alias_text != row.old
                    })
                    .map(|e| format!("stored alias {} ({})", e.row.alias_id, e.row.alias_text))
            });
            if let Some(other) = other {
                errors.push(RowError::of(
                    &row.from_cell,
                    Column::ValidFrom,
                    "ambiguous-renumber",
                    format!(
                        "{other} also says {} left another address at {}: a unit leaves one address at a time",
                        row.target.canonical_address, row.from
                    ),
                    "give each renumber of the unit its own valid_from, or mark the rows merge (several old addresses into one unit) or legacy",
                ));
            }
        }
    }

    /// The preview's row and the stored row of a checked row.
    fn alias(&self, row: &Checked, file_sha256: &str) -> (CrosswalkRow, StoredAlias) {
        let document = &self.input.document;
        let kind = row.kind_name();
        let from = row.from.to_rfc3339();
        let until = row.until.map(Timestamp::to_rfc3339);
        // Derived from what the row says, so planning it again gives the same id.
        let identity = format!(
            "iu-cutter crosswalk alias\n{}\n{}\n{}\n{kind}\n{from}\n{}",
            document.id,
            row.old,
            row.target.id,
            until.as_deref().unwrap_or("")
        );
        let alias_id = uuid_of(&identity);
        let rationale = row
            .rationale
            .clone()
            .unwrap_or_else(|| match &self.input.file_name {
                Some(name) => format!("crosswalk {name} line {}", row.line),
                None => format!("crosswalk line {}", row.line),
            });
        let stored = StoredAlias {
            alias_id: alias_id.clone(),
            target_unit_id: Some(row.target.id.clone()),
            alias_text: row.old.clone(),
            alias_kind: kind.to_owned(),
            valid_from: Value::String(from.clone()),
            valid_until: until.clone().map_or(Value::Null, Value::String),
            created_by: Some(self.input.created_by.clone()),
            rationale: Some(rationale.clone()),
            scenario_ref: Some(format!(
                "crosswalk:{}:{}",
                file_sha256.get(..16).unwrap_or(file_sha256),
                row.line
            )),
        };
        let preview = CrosswalkRow {
            line: row.line,
            alias_id,
            old_address: row.old.clone(),
            new_address: row.target.canonical_address.clone(),
            target_unit_id: row.target.id.clone(),
            target_status: row.target.lifecycle_status,
            kind: row.kind,
            valid_from: from,
            valid_until: until,
            rationale,
        };
        (preview, stored)
    }

    /// The last word: the alias index over the units, the stored rows and the new ones must
    /// build (the rules resolution relies on). Its error is mapped back to the row at fault.
    fn check_index(
        &self,
        rows: &[Checked],
        aliases: &[(CrosswalkRow, StoredAlias)],
        errors: &mut Errors,
    ) {
        let units: Vec<UnitRef> = self
            .by_address
            .values()
            .map(|u| UnitRef {
                id: u.id.clone(),
                canonical_address: u.canonical_address.clone(),
                lifecycle_status: u.lifecycle_status,
                retired_at: None,
                live_from: None,
            })
            .collect();
        let known: std::collections::HashSet<&str> = units.iter().map(|u| u.id.as_str()).collect();
        // Stored rows the index can read (others are VERIFY's business, not this file's).
        let mut index_rows: Vec<AliasRow> = self
            .existing
            .iter()
            .filter_map(|e| {
                let target = e.row.target_unit_id.clone();
                if target.as_deref().is_some_and(|t| !known.contains(t)) {
                    return None;
                }
                Some(AliasRow {
                    alias_id: e.row.alias_id.clone(),
                    target_unit_id: target,
                    alias_text: e.row.alias_text.clone(),
                    alias_kind: e.kind?,
                    valid_from: e.from?,
                    valid_until: e.until,
                })
            })
            .collect();
        let stored = index_rows.len();
        index_rows.extend(rows.iter().zip(aliases).map(|(r, (p, _))| AliasRow {
            alias_id: p.alias_id.clone(),
            target_unit_id: Some(r.target.id.clone()),
            alias_text: r.old.clone(),
            alias_kind: r.kind,
            valid_from: r.from,
            valid_until: r.until,
        }));
        let Err(e) = AliasIndex::from_rows(units, index_rows) else {
            return;
        };
        let row_of = |row: usize| row.checked_sub(stored).and_then(|i| rows.get(i));
        let at = match &e {
            AliasError::DuplicateAliasId { row, .. }
            | AliasError::UnknownTargetUnit { row, .. }
            | AliasError::EmptyWindow { row, .. }
            | AliasError::EmptyAliasText { row, .. }
            | AliasError::InvalidAliasText { row, .. }
            | AliasError::MissingTarget { row, .. }
            | AliasError::AmbiguousRenumber { row, .. } => row_of(*row),
            _ => None,
        };
        let (line, column) = at.map_or((1, 1), |r| (r.line, r.column));
        errors.push(RowError {
            line,
            column,
            field: None,
            code: e.code(),
            message: format!("the alias rows would not resolve: {e}"),
            hint: e.hint(),
        });
    }
}

impl Checked<'_> {
    fn kind_name(&self) -> &'static str {
        match self.kind {
            AliasKind::Renumber => "renumber",
            AliasKind::Split => "split",
            AliasKind::Merge => "merge",
            AliasKind::Legacy => "legacy",
            AliasKind::Citation => "citation",
        }
    }
}

fn missing_hint(c: Column) -> String {
    match c {
        Column::OldAddress => "write the address the unit had, e.g. 45-2019-qh14/dieu-10".into(),
        Column::NewAddress => {
            "write the unit's canonical address now, e.g. 45-2019-qh14/dieu-12".into()
        }
        Column::Kind => "write renumber, split, merge or legacy".into(),
        Column::ValidFrom => {
            "write when the old address starts to mean the new unit, e.g. 2019-07-01".into()
        }
        Column::ValidUntil | Column::Rationale => String::new(),
    }
}

/// An instant of the file, as the alias table reads them (a bare date is midnight UTC).
fn timestamp(cell: &Cell, column: Column, errors: &mut Errors) -> Option<Timestamp> {
    let text = cell.value.as_deref().unwrap_or_default();
    match Timestamp::parse_rfc3339(text) {
        Ok(t) => Some(t),
        Err(e) => {
            let offset = e.offset;
            errors.push(RowError {
                // The column of the character at fault (CSV fields hold no line break here).
                column: cell.column + text.get(..offset).map_or(0, |s| s.chars().count()),
                ..RowError::of(
                    cell,
                    column,
                    "invalid-timestamp",
                    format!("{} '{text}' is not a date: {e}", column.name()),
                    e.hint(),
                )
            });
            None
        }
    }
}

/// A UUID (version 8: name-based, RFC 9562) from the sha256 of `name`.
fn uuid_of(name: &str) -> String {
    let hex = sha256_hex_bytes(name.as_bytes());
    let mut bytes = [0u8; 16];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = hex
            .get(i * 2..i * 2 + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}
