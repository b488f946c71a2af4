//! The pure logic of the gated migration runner (DESIGN §6): schema diffs and the gates
//! that stand before and after a migration.
//!
//! The Node operations scripts do the I/O — list the migration files and hash them, read
//! the migration ledger, introspect the schema and count rows before and after — and
//! hand the results here. This module decides, so the rules are written, tested and
//! explained once:
//!
//! - Preflight, [`file_gates`]: `files-frozen` (every file on disk is in the manifest
//!   with the same sha256), `files-present` (every frozen file is on disk) and
//!   `applied-unchanged` (every applied migration still hashes to what the ledger
//!   recorded when it ran). An applied migration is history: changing it would make a
//!   fresh install differ from an upgraded one without anything saying so, so the fix
//!   is always a new migration, never an edit.
//! - Post-verify: [`schema_diff`] of the schema before and after, then [`additive_gate`]
//!   (a migration declared additive removed and changed nothing), [`shape_gate`] (the
//!   schema changed exactly as the migration declared) and [`row_count_gate`] (no table
//!   outside the declared ones gained or lost rows).
//!
//! Decisions:
//!
//! - A [`Schema`] is plain data with types as the database reports them. The diff
//!   compares strings exactly; normalizing `VARCHAR(64)` against `varchar(64)` is the
//!   introspector's job, because only it knows the dialect.
//! - A diff item's `detail` is the human description (`varchar(64) not null`,
//!   `unique (a, b)`), and a change is detected by comparing the details: the detail
//!   carries every property of the column or index, so "changed" always shows a visible
//!   difference between `before` and `after`.
//! - An added or removed table is one item (its detail lists the columns and indexes),
//!   not one item per column: the evidence stays short and says what happened.
//!   Collections and fields of the Directus metadata follow the same rule.
//! - Gates are the existing [`Gate`] values, so the scripts print and record them the
//!   same way as the CUT gates.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::change::gate::{Gate, GateReport};

/// A database schema as introspected: tables with their columns and indexes, and the
/// Directus metadata (`directus_collections` / `directus_fields`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Schema {
    pub tables: BTreeMap<String, Table>,
    /// Collection → field → interface (`""` when the field has none).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub meta: BTreeMap<String, BTreeMap<String, String>>,
}

/// One table: its columns and indexes by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Table {
    pub columns: BTreeMap<String, Column>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub indexes: BTreeMap<String, Index>,
}

/// One column, with its type as the database reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "SchemaColumn"))]
pub struct Column {
    pub data_type: String,
    pub nullable: bool,
    /// The default expression as the database reports it; `None` when there is none.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub default: Option<String>,
    #[serde(default)]
    pub primary: bool,
}

/// One index: its columns in order, and whether it is unique.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "SchemaIndex"))]
pub struct Index {
    pub columns: Vec<String>,
    pub unique: bool,
}

/// Something in a schema that was added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SchemaItem {
    /// `table`, `column`, `index`, `collection` or `field`.
    pub kind: String,
    /// `t`, `t.c`, `t.idx`, `coll` or `coll.field`.
    pub name: String,
    /// Human description, e.g. `varchar(64) not null`, `unique (a, b)`.
    pub detail: String,
}

/// A column, index or field that exists before and after but differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SchemaChange {
    pub kind: String,
    pub name: String,
    /// The detail before, e.g. `varchar(64) not null`.
    pub before: String,
    /// The detail after, e.g. `text not null`.
    pub after: String,
}

/// What changed between two schemas. Every list is sorted by kind (table, column,
/// index, collection, field) and then name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SchemaDiff {
    // Defaults let a migration declare only what it adds.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub added: Vec<SchemaItem>,
    #[serde(default)]
    pub removed: Vec<SchemaItem>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub changed: Vec<SchemaChange>,
}

impl SchemaDiff {
    /// No item added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// The same diff in the documented order, so diffs written by hand compare equal to
    /// computed ones whatever order they were written in.
    pub fn sorted(mut self) -> SchemaDiff {
        self.added.sort_by(item_order);
        self.removed.sort_by(item_order);
        self.changed.sort_by(change_order);
        self
    }
}

/// One entry of the frozen-file manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FrozenFile {
    /// Path relative to the migrations directory, e.g. `iu0001-logical-units.js`.
    pub file: String,
    pub sha256: String,
    /// The migration's version (`iu0001`); `None` for helper files such as `lib/…`.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub version: Option<String>,
    /// Whether the migration is declared additive; `None` for helper files.
    #[serde(default)]
    pub additive: Option<bool>,
}

/// A file found in the migrations directory, with its sha256 now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FoundFile {
    pub file: String,
    pub sha256: String,
}

/// What the migration ledger recorded when a migration was applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppliedMigration {
    pub version: String,
    pub file: String,
    pub sha256: String,
}

// ---------------------------------------------------------------------------------------
// Schema diff

fn kind_rank(kind: &str) -> u8 {
    match kind {
        "table" => 0,
        "column" => 1,
        "index" => 2,
        "collection" => 3,
        "field" => 4,
        // A kind from a hand-written diff that the runner does not produce sorts last.
        _ => 5,
    }
}

fn item_order(a: &SchemaItem, b: &SchemaItem) -> Ordering {
    (kind_rank(&a.kind), &a.kind, &a.name, &a.detail).cmp(&(
        kind_rank(&b.kind),
        &b.kind,
        &b.name,
        &b.detail,
    ))
}

fn change_order(a: &SchemaChange, b: &SchemaChange) -> Ordering {
    (kind_rank(&a.kind), &a.kind, &a.name, &a.before, &a.after).cmp(&(
        kind_rank(&b.kind),
        &b.kind,
        &b.name,
        &b.before,
        &b.after,
    ))
}

/// `varchar(64) not null`, `uuid not null primary key`, `integer null default 0`.
pub fn column_detail(column: &Column) -> String {
    let mut out = column.data_type.clone();
    out.push_str(if column.nullable {
        " null"
    } else {
        " not null"
    });
    if let Some(default) = &column.default {
        out.push_str(" default ");
        out.push_str(default);
    }
    if column.primary {
        out.push_str(" primary key");
    }
    out
}

/// `unique (a, b)` or `index (a)`.
pub fn index_detail(index: &Index) -> String {
    format!(
        "{} ({})",
        if index.unique { "unique" } else { "index" },
        index.columns.join(", ")
    )
}

/// `columns: id uuid not null primary key, title text null; indexes: by_title unique (title)`.
pub fn table_detail(table: &Table) -> String {
    let columns = if table.columns.is_empty() {
        String::from("no columns")
    } else {
        let list: Vec<String> = table
            .columns
            .iter()
            .map(|(name, c)| format!("{name} {}", column_detail(c)))
            .collect();
        format!("columns: {}", list.join(", "))
    };
    if table.indexes.is_empty() {
        return columns;
    }
    let indexes: Vec<String> = table
        .indexes
        .iter()
        .map(|(name, i)| format!("{name} {}", index_detail(i)))
        .collect();
    format!("{columns}; indexes: {}", indexes.join(", "))
}

/// `interface input` or `no interface`.
pub fn field_detail(interface: &str) -> String {
    if interface.is_empty() {
        String::from("no interface")
    } else {
        format!("interface {interface}")
    }
}

/// `fields: id (interface input), note (no interface)`.
pub fn collection_detail(fields: &BTreeMap<String, String>) -> String {
    if fields.is_empty() {
        return String::from("no fields");
    }
    let list: Vec<String> = fields
        .iter()
        .map(|(name, interface)| format!("{name} ({})", field_detail(interface)))
        .collect();
    format!("fields: {}", list.join(", "))
}

fn item(kind: &str, name: String, detail: String) -> SchemaItem {
    SchemaItem {
        kind: kind.into(),
        name,
        detail,
    }
}

/// Adds, removes and changes of the members (`parent.member`) of one table or collection.
fn diff_members<T>(
    diff: &mut SchemaDiff,
    kind: &str,
    parent: &str,
    before: &BTreeMap<String, T>,
    after: &BTreeMap<String, T>,
    detail: impl Fn(&T) -> String,
) {
    for (name, was) in before {
        let full = format!("{parent}.{name}");
        match after.get(name) {
            None => diff.removed.push(item(kind, full, detail(was))),
            Some(now) => {
                let (before, after) = (detail(was), detail(now));
                if before != after {
                    diff.changed.push(SchemaChange {
                        kind: kind.into(),
                        name: full,
                        before,
                        after,
                    });
                }
            }
        }
    }
    for (name, now) in after {
        if !before.contains_key(name) {
            diff.added
                .push(item(kind, format!("{parent}.{name}"), detail(now)));
        }
    }
}

/// What changed from `before` to `after`: tables, their columns and indexes, and the
/// Directus collections and fields. A table (collection) that appears or disappears is
/// one item; the members of tables (collections) present on both sides are compared
/// one by one.
pub fn schema_diff(before: &Schema, after: &Schema) -> SchemaDiff {
    let mut diff = SchemaDiff::default();
    for (name, was) in &before.tables {
        match after.tables.get(name) {
            None => diff
                .removed
                .push(item("table", name.clone(), table_detail(was))),
            Some(now) => {
                diff_members(
                    &mut diff,
                    "column",
                    name,
                    &was.columns,
                    &now.columns,
                    column_detail,
                );
                diff_members(
                    &mut diff,
                    "index",
                    name,
                    &was.indexes,
                    &now.indexes,
                    index_detail,
                );
            }
        }
    }
    for (name, now) in &after.tables {
        if !before.tables.contains_key(name) {
            diff.added
                .push(item("table", name.clone(), table_detail(now)));
        }
    }
    for (name, was) in &before.meta {
        match after.meta.get(name) {
            None => diff
                .removed
                .push(item("collection", name.clone(), collection_detail(was))),
            Some(now) => diff_members(&mut diff, "field", name, was, now, |i| field_detail(i)),
        }
    }
    for (name, now) in &after.meta {
        if !before.meta.contains_key(name) {
            diff.added
                .push(item("collection", name.clone(), collection_detail(now)));
        }
    }
    diff.sorted()
}

fn describe_item(i: &SchemaItem) -> String {
    format!("{} {} ({})", i.kind, i.name, i.detail)
}

fn describe_change(c: &SchemaChange) -> String {
    format!("{} {} from {} to {}", c.kind, c.name, c.before, c.after)
}

// ---------------------------------------------------------------------------------------
// Preflight: the files

fn same_hash(a: &str, b: &str) -> bool {
    // Hex digests may come upper-case from other tools; the digest is what matters.
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The three preflight gates on the migration files, in this order:
///
/// - `files-frozen`: every found file is in the manifest (once) with the same sha256;
/// - `files-present`: every file of the manifest was found;
/// - `applied-unchanged`: every applied migration's file still hashes to the sha256 the
///   migration ledger recorded when it was applied.
///
/// Each failing gate's evidence names every file concerned with both hashes.
pub fn file_gates(
    frozen: &[FrozenFile],
    found: &[FoundFile],
    applied: &[AppliedMigration],
) -> GateReport {
    GateReport::new(vec![
        files_frozen(frozen, found),
        files_present(frozen, found),
        applied_unchanged(found, applied),
    ])
}

fn files_frozen(frozen: &[FrozenFile], found: &[FoundFile]) -> Gate {
    let mut listed: BTreeMap<&str, Vec<&FrozenFile>> = BTreeMap::new();
    for f in frozen {
        listed.entry(f.file.as_str()).or_default().push(f);
    }
    let mut problems: Vec<Value> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    // A file listed twice makes "the" frozen hash ambiguous: the manifest itself is wrong.
    for (file, entries) in &listed {
        if entries.len() > 1 {
            let hashes: Vec<&str> = entries.iter().map(|e| e.sha256.as_str()).collect();
            problems
                .push(json!({"file": file, "problem": "listed-twice", "expected_sha256": hashes}));
            lines.push(format!(
                "{file} is listed {} times in the manifest (sha256 {}): list each file once",
                entries.len(),
                hashes.join(", ")
            ));
        }
    }
    for f in found {
        match listed.get(f.file.as_str()).and_then(|e| e.first()) {
            None => {
                problems.push(json!({"file": f.file, "problem": "unlisted", "expected_sha256": null, "found_sha256": f.sha256}));
                lines.push(format!(
                    "{} (sha256 {}) is not in the manifest: freeze it by adding its sha256 to the manifest, or remove the file",
                    f.file, f.sha256
                ));
            }
            Some(entry) if !same_hash(&entry.sha256, &f.sha256) => {
                problems.push(json!({"file": f.file, "problem": "changed", "expected_sha256": entry.sha256, "found_sha256": f.sha256}));
                lines.push(format!(
                    "{} was frozen with sha256 {} but now hashes to {}",
                    f.file, entry.sha256, f.sha256
                ));
            }
            Some(_) => {}
        }
    }
    let evidence = if problems.is_empty() {
        let list: Vec<String> = found
            .iter()
            .map(|f| format!("{} ({})", f.file, f.sha256))
            .collect();
        format!(
            "all {} file(s) found match their sha256 in the manifest: {}",
            found.len(),
            list.join(", ")
        )
    } else {
        format!(
            "{} problem(s) with the frozen files: {}",
            problems.len(),
            lines.join("; ")
        )
    };
    Gate::equal("files-frozen", Vec::<Value>::new(), &problems).with_evidence(evidence)
}

fn files_present(frozen: &[FrozenFile], found: &[FoundFile]) -> Gate {
    let on_disk: BTreeSet<&str> = found.iter().map(|f| f.file.as_str()).collect();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut problems: Vec<Value> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    for f in frozen {
        // A file listed twice is files-frozen's finding; report it missing once here.
        if on_disk.contains(f.file.as_str()) || !seen.insert(f.file.as_str()) {
            continue;
        }
        problems.push(json!({"file": f.file, "expected_sha256": f.sha256, "found_sha256": null}));
        lines.push(format!(
            "{} (frozen sha256 {}) is in the manifest but was not found",
            f.file, f.sha256
        ));
    }
    let evidence = if problems.is_empty() {
        format!(
            "all {} file(s) of the manifest were found",
            frozen
                .iter()
                .map(|f| f.file.as_str())
                .collect::<BTreeSet<_>>()
                .len()
        )
    } else {
        format!(
            "{} file(s) of the manifest are missing: {}; restore them from version control",
            problems.len(),
            lines.join("; ")
        )
    };
    Gate::equal("files-present", Vec::<Value>::new(), &problems).with_evidence(evidence)
}

fn applied_unchanged(found: &[FoundFile], applied: &[AppliedMigration]) -> Gate {
    let now: BTreeMap<&str, &str> = found
        .iter()
        .map(|f| (f.file.as_str(), f.sha256.as_str()))
        .collect();
    let mut problems: Vec<Value> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    for a in applied {
        match now.get(a.file.as_str()) {
            Some(sha) if same_hash(sha, &a.sha256) => {}
            Some(sha) => {
                problems.push(json!({"version": a.version, "file": a.file, "applied_sha256": a.sha256, "found_sha256": sha}));
                lines.push(format!(
                    "{} was applied with sha256 {} but the file now hashes to {sha}: an applied migration must never change; restore it from version control or write a new migration",
                    a.file, a.sha256
                ));
            }
            None => {
                problems.push(json!({"version": a.version, "file": a.file, "applied_sha256": a.sha256, "found_sha256": null}));
                lines.push(format!(
                    "{} ({}) was applied with sha256 {} but the file is gone: an applied migration must stay; restore it from version control",
                    a.file, a.version, a.sha256
                ));
            }
        }
    }
    let evidence = if applied.is_empty() {
        String::from("no migration has been applied yet")
    } else if problems.is_empty() {
        let list: Vec<String> = applied
            .iter()
            .map(|a| format!("{} ({})", a.file, a.sha256))
            .collect();
        format!(
            "all {} applied migration(s) still hash to what was applied: {}",
            applied.len(),
            list.join(", ")
        )
    } else {
        lines.join("; ")
    };
    Gate::equal("applied-unchanged", Vec::<Value>::new(), &problems).with_evidence(evidence)
}

// ---------------------------------------------------------------------------------------
// Post-verify: the schema and the rows

/// `additive-only`: a migration declared additive (`additive`) may only add. It passes
/// when the migration is not declared additive, or when `diff` removes and changes
/// nothing; otherwise the evidence lists every removal and change.
///
/// `expected` is `{removed: [], changed: []}` for an additive migration and `null` (no
/// constraint) otherwise; `found` is the diff's removals and changes.
pub fn additive_gate(version: &str, additive: bool, diff: &SchemaDiff) -> Gate {
    let found = json!({"removed": diff.removed, "changed": diff.changed});
    let expected = if additive {
        json!({"removed": [], "changed": []})
    } else {
        Value::Null
    };
    let destructive: Vec<String> = diff
        .removed
        .iter()
        .map(|i| format!("removes {}", describe_item(i)))
        .chain(
            diff.changed
                .iter()
                .map(|c| format!("changes {}", describe_change(c))),
        )
        .collect();
    let pass = !additive || destructive.is_empty();
    let evidence = if !additive {
        format!(
            "{version} is not declared additive: it may remove and change ({} removed, {} changed, {} added)",
            diff.removed.len(),
            diff.changed.len(),
            diff.added.len()
        )
    } else if pass {
        if diff.added.is_empty() {
            format!("{version} is declared additive and changed nothing that existed")
        } else {
            let added: Vec<String> = diff.added.iter().map(describe_item).collect();
            format!(
                "{version} is declared additive and only adds: {}",
                added.join(", ")
            )
        }
    } else {
        format!(
            "{version} is declared additive but {}: declare it additive: false (with a tested down and a backup first) or make it only add",
            destructive.join(", ")
        )
    };
    let mut gate = Gate::check("additive-only", pass, evidence);
    gate.expected = expected;
    gate.found = found;
    gate
}

/// `expected-shape`: the schema changed exactly as the migration declared. Passes iff
/// `expected` equals `actual` (both taken in the documented order); otherwise the
/// evidence lists what was declared but not made, what was made but not declared, and
/// changes that were made differently.
pub fn shape_gate(version: &str, expected: &SchemaDiff, actual: &SchemaDiff) -> Gate {
    let expected = expected.clone().sorted();
    let actual = actual.clone().sorted();
    let pass = expected == actual;
    let evidence = if pass {
        if actual.is_empty() {
            format!("{version} left the schema unchanged, as declared")
        } else {
            format!(
                "{version} changed the schema exactly as declared: {}",
                summary(&actual).join(", ")
            )
        }
    } else {
        let mut missing: Vec<String> = Vec::new();
        let mut unexpected: Vec<String> = Vec::new();
        let mut differing: Vec<String> = Vec::new();
        for (verb, want, got) in [
            ("added", &expected.added, &actual.added),
            ("removed", &expected.removed, &actual.removed),
        ] {
            for i in want.iter().filter(|i| !got.contains(i)) {
                missing.push(format!("{verb} {}", describe_item(i)));
            }
            for i in got.iter().filter(|i| !want.contains(i)) {
                unexpected.push(format!("{verb} {}", describe_item(i)));
            }
        }
        for c in &expected.changed {
            match actual
                .changed
                .iter()
                .find(|a| a.kind == c.kind && a.name == c.name)
            {
                None => missing.push(format!("changed {}", describe_change(c))),
                Some(a) if a != c => differing.push(format!(
                    "{} {}: declared from {} to {}, made from {} to {}",
                    c.kind, c.name, c.before, c.after, a.before, a.after
                )),
                Some(_) => {}
            }
        }
        for a in &actual.changed {
            if !expected
                .changed
                .iter()
                .any(|c| c.kind == a.kind && c.name == a.name)
            {
                unexpected.push(format!("changed {}", describe_change(a)));
            }
        }
        let mut parts: Vec<String> = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("declared but not made: {}", missing.join(", ")));
        }
        if !unexpected.is_empty() {
            parts.push(format!("made but not declared: {}", unexpected.join(", ")));
        }
        if !differing.is_empty() {
            parts.push(format!("made differently: {}", differing.join(", ")));
        }
        format!(
            "{version} did not change the schema as declared; {}",
            parts.join("; ")
        )
    };
    Gate::equal("expected-shape", &expected, &actual).with_evidence(evidence)
}

fn summary(diff: &SchemaDiff) -> Vec<String> {
    diff.added
        .iter()
        .map(|i| format!("added {}", describe_item(i)))
        .chain(
            diff.removed
                .iter()
                .map(|i| format!("removed {}", describe_item(i))),
        )
        .chain(
            diff.changed
                .iter()
                .map(|c| format!("changed {}", describe_change(c))),
        )
        .collect()
}

/// `row-counts-unchanged`: every table counted in `before` and not named in
/// `may_change` has the same row count in `after`; a table missing from `after` counts
/// as changed. The evidence lists every table with its counts before → after, the ones
/// allowed to change and the new ones (not checked) included.
///
/// `expected` and `found` map each checked table to its count before and after (`null`
/// when the table is gone).
pub fn row_count_gate(
    before: &BTreeMap<String, u64>,
    after: &BTreeMap<String, u64>,
    may_change: &[String],
) -> Gate {
    let may: BTreeSet<&str> = may_change.iter().map(String::as_str).collect();
    let count = |n: Option<&u64>| n.map_or_else(|| String::from("gone"), u64::to_string);
    let mut expected: BTreeMap<&str, Option<u64>> = BTreeMap::new();
    let mut found: BTreeMap<&str, Option<u64>> = BTreeMap::new();
    let mut checked: Vec<String> = Vec::new();
    let mut changed: Vec<String> = Vec::new();
    let mut allowed: Vec<String> = Vec::new();
    for (table, n) in before {
        let now = after.get(table);
        let line = format!("{table} {n} → {}", count(now));
        if may.contains(table.as_str()) {
            allowed.push(line);
            continue;
        }
        expected.insert(table, Some(*n));
        found.insert(table, now.copied());
        if now != Some(n) {
            changed.push(line.clone());
        }
        checked.push(line);
    }
    let new: Vec<String> = after
        .iter()
        .filter(|(t, _)| !before.contains_key(*t))
        .map(|(t, n)| format!("{t} — → {n}"))
        .collect();
    let mut evidence = if changed.is_empty() {
        format!(
            "row counts unchanged in {} table(s): {}",
            checked.len(),
            checked.join(", ")
        )
    } else {
        format!(
            "row counts changed in {} of {} table(s): {}; all checked: {}",
            changed.len(),
            checked.len(),
            changed.join(", "),
            checked.join(", ")
        )
    };
    if !allowed.is_empty() {
        evidence.push_str(&format!("; may change: {}", allowed.join(", ")));
    }
    if !new.is_empty() {
        evidence.push_str(&format!("; new (not checked): {}", new.join(", ")));
    }
    Gate::equal("row-counts-unchanged", &expected, &found).with_evidence(evidence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::gate::Verdict;

    fn col(data_type: &str, nullable: bool) -> Column {
        Column {
            data_type: data_type.into(),
            nullable,
            default: None,
            primary: false,
        }
    }

    fn legal_document(title_type: &str) -> Table {
        let mut columns = BTreeMap::new();
        columns.insert(
            "id".into(),
            Column {
                primary: true,
                ..col("uuid", false)
            },
        );
        columns.insert("title".into(), col(title_type, false));
        let mut indexes = BTreeMap::new();
        indexes.insert(
            "legal_document_title_unique".into(),
            Index {
                columns: vec!["title".into()],
                unique: true,
            },
        );
        Table { columns, indexes }
    }

    fn schema(tables: Vec<(&str, Table)>, meta: Vec<(&str, Vec<(&str, &str)>)>) -> Schema {
        Schema {
            tables: tables.into_iter().map(|(n, t)| (n.into(), t)).collect(),
            meta: meta
                .into_iter()
                .map(|(c, fields)| {
                    (
                        c.into(),
                        fields
                            .into_iter()
                            .map(|(f, i)| (f.into(), i.into()))
                            .collect(),
                    )
                })
                .collect(),
        }
    }

    fn base() -> Schema {
        schema(
            vec![("legal_document", legal_document("varchar(64)"))],
            vec![("legal_document", vec![("id", "input"), ("title", "input")])],
        )
    }

    #[test]
    fn identical_schemas_have_an_empty_diff() {
        let d = schema_diff(&base(), &base());
        assert!(d.is_empty());
        assert_eq!(d, SchemaDiff::default());
    }

    #[test]
    fn a_new_table_is_one_item_and_lists_its_columns_and_indexes() {
        let mut after = base();
        after
            .tables
            .insert("logical_unit".into(), legal_document("text"));
        after.meta.insert("logical_unit".into(), BTreeMap::new());
        let d = schema_diff(&base(), &after);
        assert_eq!(
            d.added,
            vec![
                SchemaItem {
                    kind: "table".into(),
                    name: "logical_unit".into(),
                    detail: "columns: id uuid not null primary key, title text not null; indexes: legal_document_title_unique unique (title)".into(),
                },
                SchemaItem {
                    kind: "collection".into(),
                    name: "logical_unit".into(),
                    detail: "no fields".into(),
                },
            ]
        );
        assert!(d.removed.is_empty() && d.changed.is_empty());
    }

    #[test]
    fn lists_are_sorted_by_kind_then_name() {
        let mut after = base();
        let t = after.tables.get_mut("legal_document").unwrap();
        t.columns.insert("b".into(), col("text", true));
        t.columns.insert("a".into(), col("text", true));
        t.indexes.insert(
            "a_idx".into(),
            Index {
                columns: vec!["a".into(), "b".into()],
                unique: false,
            },
        );
        after
            .meta
            .get_mut("legal_document")
            .unwrap()
            .insert("a".into(), String::new());
        after.tables.insert("z".into(), Table::default());
        let d = schema_diff(&base(), &after);
        let order: Vec<(&str, &str, &str)> = d
            .added
            .iter()
            .map(|i| (i.kind.as_str(), i.name.as_str(), i.detail.as_str()))
            .collect();
        assert_eq!(
            order,
            vec![
                ("table", "z", "no columns"),
                ("column", "legal_document.a", "text null"),
                ("column", "legal_document.b", "text null"),
                ("index", "legal_document.a_idx", "index (a, b)"),
                ("field", "legal_document.a", "no interface"),
            ]
        );
    }

    #[test]
    fn a_changed_column_type_is_a_change_with_both_details() {
        let after = schema(
            vec![("legal_document", legal_document("text"))],
            vec![(
                "legal_document",
                vec![("id", "input"), ("title", "input-multiline")],
            )],
        );
        let d = schema_diff(&base(), &after);
        assert_eq!(
            d.changed,
            vec![
                SchemaChange {
                    kind: "column".into(),
                    name: "legal_document.title".into(),
                    before: "varchar(64) not null".into(),
                    after: "text not null".into(),
                },
                SchemaChange {
                    kind: "field".into(),
                    name: "legal_document.title".into(),
                    before: "interface input".into(),
                    after: "interface input-multiline".into(),
                },
            ]
        );
        let gate = additive_gate("iu0003", true, &d);
        assert_eq!(gate.verdict, Verdict::Fail);
        assert!(
            gate.evidence.contains(
                "changes column legal_document.title from varchar(64) not null to text not null"
            ),
            "{}",
            gate.evidence
        );
    }

    #[test]
    fn a_removed_table_is_one_item_not_one_per_column() {
        let after = schema(vec![], vec![]);
        let d = schema_diff(&base(), &after);
        let kinds: Vec<&str> = d.removed.iter().map(|i| i.kind.as_str()).collect();
        assert_eq!(kinds, vec!["table", "collection"]);
        assert_eq!(
            d.removed[1].detail,
            "fields: id (interface input), title (interface input)"
        );
    }

    #[test]
    fn a_removed_column_under_an_additive_migration_fails_and_names_it() {
        let mut after = base();
        after
            .tables
            .get_mut("legal_document")
            .unwrap()
            .columns
            .remove("title");
        let d = schema_diff(&base(), &after);
        assert_eq!(
            d.removed,
            vec![SchemaItem {
                kind: "column".into(),
                name: "legal_document.title".into(),
                detail: "varchar(64) not null".into()
            }]
        );
        let gate = additive_gate("iu0003", true, &d);
        assert_eq!(gate.name, "additive-only");
        assert!(!gate.passed());
        assert!(
            gate.evidence.starts_with(
                "iu0003 is declared additive but removes column legal_document.title (varchar(64) not null)"
            ),
            "{}",
            gate.evidence
        );
        assert_eq!(gate.expected, json!({"removed": [], "changed": []}));
        assert_eq!(gate.found["removed"][0]["name"], "legal_document.title");

        // The same diff from a migration not declared additive is allowed through.
        let gate = additive_gate("iu0003", false, &d);
        assert!(gate.passed(), "{}", gate.evidence);
        assert!(gate.evidence.contains("not declared additive"));
    }

    #[test]
    fn an_additive_migration_that_only_adds_passes() {
        let mut after = base();
        after
            .tables
            .get_mut("legal_document")
            .unwrap()
            .columns
            .insert("note".into(), col("text", true));
        let gate = additive_gate("iu0003", true, &schema_diff(&base(), &after));
        assert!(gate.passed());
        assert_eq!(
            gate.evidence,
            "iu0003 is declared additive and only adds: column legal_document.note (text null)"
        );
    }

    #[test]
    fn defaults_and_primary_keys_are_part_of_the_column() {
        let mut after = base();
        after
            .tables
            .get_mut("legal_document")
            .unwrap()
            .columns
            .get_mut("title")
            .unwrap()
            .default = Some("'untitled'".into());
        let d = schema_diff(&base(), &after);
        assert_eq!(
            d.changed[0].after,
            "varchar(64) not null default 'untitled'"
        );
    }

    fn added_note() -> SchemaDiff {
        SchemaDiff {
            added: vec![SchemaItem {
                kind: "column".into(),
                name: "legal_document.note".into(),
                detail: "text null".into(),
            }],
            ..SchemaDiff::default()
        }
    }

    #[test]
    fn the_expected_shape_passes_when_equal_whatever_the_written_order() {
        let mut expected = added_note();
        expected.added.insert(
            0,
            SchemaItem {
                kind: "field".into(),
                name: "legal_document.note".into(),
                detail: "no interface".into(),
            },
        );
        let mut actual = expected.clone();
        actual.added.reverse();
        let gate = shape_gate("iu0003", &expected, &actual);
        assert_eq!(gate.name, "expected-shape");
        assert!(gate.passed(), "{}", gate.evidence);
        assert!(gate.evidence.contains("exactly as declared"));
    }

    #[test]
    fn the_expected_shape_names_missing_unexpected_and_differing_items() {
        let mut expected = added_note();
        expected.changed.push(SchemaChange {
            kind: "column".into(),
            name: "legal_document.title".into(),
            before: "varchar(64) not null".into(),
            after: "text not null".into(),
        });
        let actual = SchemaDiff {
            removed: vec![SchemaItem {
                kind: "index".into(),
                name: "legal_document.legal_document_title_unique".into(),
                detail: "unique (title)".into(),
            }],
            changed: vec![SchemaChange {
                kind: "column".into(),
                name: "legal_document.title".into(),
                before: "varchar(64) not null".into(),
                after: "varchar(255) not null".into(),
            }],
            ..SchemaDiff::default()
        };
        let gate = shape_gate("iu0003", &expected, &actual);
        assert!(!gate.passed());
        let e = &gate.evidence;
        assert!(
            e.contains("declared but not made: added column legal_document.note (text null)"),
            "{e}"
        );
        assert!(e.contains("made but not declared: removed index legal_document.legal_document_title_unique (unique (title))"), "{e}");
        assert!(e.contains("made differently: column legal_document.title: declared from varchar(64) not null to text not null, made from varchar(64) not null to varchar(255) not null"), "{e}");
    }

    fn frozen(file: &str, sha: &str, version: Option<&str>) -> FrozenFile {
        FrozenFile {
            file: file.into(),
            sha256: sha.into(),
            version: version.map(Into::into),
            additive: version.map(|_| true),
        }
    }

    fn found(file: &str, sha: &str) -> FoundFile {
        FoundFile {
            file: file.into(),
            sha256: sha.into(),
        }
    }

    const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const C: &str = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

    fn manifest() -> Vec<FrozenFile> {
        vec![
            frozen("iu0001-logical-units.js", A, Some("iu0001")),
            frozen("lib/section-types-iu0001.js", C, None),
        ]
    }

    #[test]
    fn untouched_files_pass_every_file_gate() {
        let report = file_gates(
            &manifest(),
            &[
                found("iu0001-logical-units.js", A),
                found("lib/section-types-iu0001.js", C),
            ],
            &[AppliedMigration {
                version: "iu0001".into(),
                file: "iu0001-logical-units.js".into(),
                sha256: A.into(),
            }],
        );
        assert!(report.passed, "{report}");
        let names: Vec<&str> = report.gates.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["files-frozen", "files-present", "applied-unchanged"]
        );
    }

    #[test]
    fn a_tampered_applied_file_is_named_with_both_hashes() {
        let report = file_gates(
            &manifest(),
            &[
                found("iu0001-logical-units.js", B),
                found("lib/section-types-iu0001.js", C),
            ],
            &[AppliedMigration {
                version: "iu0001".into(),
                file: "iu0001-logical-units.js".into(),
                sha256: A.into(),
            }],
        );
        assert!(!report.passed);
        let frozen_gate = &report.gates[0];
        assert!(!frozen_gate.passed());
        assert!(frozen_gate.evidence.contains(&format!(
            "iu0001-logical-units.js was frozen with sha256 {A} but now hashes to {B}"
        )));
        let applied = &report.gates[2];
        assert_eq!(applied.name, "applied-unchanged");
        assert!(!applied.passed());
        assert_eq!(
            applied.evidence,
            format!("iu0001-logical-units.js was applied with sha256 {A} but the file now hashes to {B}: an applied migration must never change; restore it from version control or write a new migration")
        );
        assert_eq!(applied.found[0]["applied_sha256"], A);
        assert_eq!(applied.found[0]["found_sha256"], B);
        assert!(report.gates[1].passed(), "nothing is missing");
    }

    #[test]
    fn a_manifest_updated_to_hide_a_change_is_still_refused_by_the_ledger_hash() {
        let mut m = manifest();
        m[0].sha256 = B.into();
        let report = file_gates(
            &m,
            &[
                found("iu0001-logical-units.js", B),
                found("lib/section-types-iu0001.js", C),
            ],
            &[AppliedMigration {
                version: "iu0001".into(),
                file: "iu0001-logical-units.js".into(),
                sha256: A.into(),
            }],
        );
        assert!(report.gates[0].passed() && report.gates[1].passed());
        assert!(!report.gates[2].passed());
    }

    #[test]
    fn an_unlisted_file_is_named() {
        let report = file_gates(
            &manifest(),
            &[
                found("iu0001-logical-units.js", A),
                found("lib/section-types-iu0001.js", C),
                found("iu0003-notes.js", B),
            ],
            &[],
        );
        let g = &report.gates[0];
        assert!(!g.passed());
        assert!(g.evidence.contains(&format!(
            "iu0003-notes.js (sha256 {B}) is not in the manifest"
        )));
        assert_eq!(g.found[0]["problem"], "unlisted");
        assert!(report.gates[2].passed());
        assert_eq!(
            report.gates[2].evidence,
            "no migration has been applied yet"
        );
    }

    #[test]
    fn a_missing_file_and_a_deleted_applied_file_fail() {
        let report = file_gates(
            &manifest(),
            &[found("lib/section-types-iu0001.js", C)],
            &[AppliedMigration {
                version: "iu0001".into(),
                file: "iu0001-logical-units.js".into(),
                sha256: A.into(),
            }],
        );
        assert!(report.gates[0].passed());
        assert!(report.gates[1].evidence.contains(&format!(
            "iu0001-logical-units.js (frozen sha256 {A}) is in the manifest but was not found"
        )));
        assert!(!report.gates[2].passed());
        assert!(report.gates[2].evidence.contains("the file is gone"));
    }

    #[test]
    fn a_file_listed_twice_fails_files_frozen_and_hash_case_does_not_matter() {
        let mut m = manifest();
        m.push(frozen("iu0001-logical-units.js", A, Some("iu0001")));
        let report = file_gates(
            &m,
            &[
                found("iu0001-logical-units.js", &A.to_uppercase()),
                found("lib/section-types-iu0001.js", C),
            ],
            &[],
        );
        assert!(report.gates[0]
            .evidence
            .contains("iu0001-logical-units.js is listed 2 times in the manifest"));
        assert_eq!(report.gates[0].found.as_array().map(Vec::len), Some(1));
    }

    fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs.iter().map(|(t, n)| ((*t).into(), *n)).collect()
    }

    #[test]
    fn row_counts_pass_when_only_declared_tables_change() {
        let before = counts(&[
            ("legal_document", 2),
            ("logical_unit", 300),
            ("iu_migration", 1),
        ]);
        let after = counts(&[
            ("legal_document", 2),
            ("logical_unit", 300),
            ("iu_migration", 2),
            ("note", 0),
        ]);
        let g = row_count_gate(&before, &after, &["iu_migration".into()]);
        assert_eq!(g.name, "row-counts-unchanged");
        assert!(g.passed(), "{}", g.evidence);
        assert_eq!(
            g.evidence,
            "row counts unchanged in 2 table(s): legal_document 2 → 2, logical_unit 300 → 300; may change: iu_migration 1 → 2; new (not checked): note — → 0"
        );
    }

    #[test]
    fn a_lost_row_and_a_gone_table_fail_with_before_and_after() {
        let before = counts(&[("legal_document", 2), ("logical_unit", 300)]);
        let after = counts(&[("logical_unit", 299)]);
        let g = row_count_gate(&before, &after, &[]);
        assert!(!g.passed());
        assert!(g.evidence.starts_with(
            "row counts changed in 2 of 2 table(s): legal_document 2 → gone, logical_unit 300 → 299"
        ), "{}", g.evidence);
        assert_eq!(
            g.expected,
            json!({"legal_document": 2, "logical_unit": 300})
        );
        assert_eq!(
            g.found,
            json!({"legal_document": null, "logical_unit": 299})
        );
    }

    #[test]
    fn schema_types_read_from_json_with_defaults() {
        let s: Schema = serde_json::from_str(
            r#"{"tables":{"t":{"columns":{"id":{"data_type":"integer","nullable":false,"primary":true}}}}}"#,
        )
        .unwrap();
        assert!(s.meta.is_empty());
        assert_eq!(
            column_detail(&s.tables["t"].columns["id"]),
            "integer not null primary key"
        );
        let d: SchemaDiff = serde_json::from_str(r#"{"added":[]}"#).unwrap();
        assert!(d.is_empty());
    }
}
