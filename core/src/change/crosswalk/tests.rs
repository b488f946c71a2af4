use super::*;
use crate::store::unit::{content_sha256, Authority};
use crate::text::report::Report;

const DOC: &str = "00000000-0000-0000-0000-0000000000d0";
const USER: &str = "00000000-0000-0000-0000-0000000000a1";

fn unit(id: &str, path: &str, position: u32, status: LifecycleStatus) -> StoredUnit {
    let (parent, ordinal) = path.rsplit_once('-').unwrap_or((path, "1"));
    StoredUnit {
        id: id.into(),
        document: DOC.into(),
        section_type: parent.rsplit('/').next().unwrap_or("dieu").into(),
        parent: None,
        ordinal: ordinal.into(),
        heading: None,
        body: format!("body of {path}"),
        content_sha256: content_sha256(None, &format!("body of {path}")),
        position,
        canonical_address: format!("45-2019-qh14/{path}"),
        canonical_address_format_version: "canonical-address-v1".into(),
        lifecycle_status: status,
        authority: Authority::Enacted,
    }
}

/// Điều 1–5 live, Điều 6 retired, Điều 1 khoản 1 and 2.
fn units() -> Vec<StoredUnit> {
    use LifecycleStatus::{Active, Retired};
    vec![
        unit("u1", "dieu-1", 1, Active),
        unit("u11", "dieu-1/khoan-1", 2, Active),
        unit("u12", "dieu-1/khoan-2", 3, Active),
        unit("u2", "dieu-2", 4, Active),
        unit("u3", "dieu-3", 5, Active),
        unit("u4", "dieu-4", 6, Active),
        unit("u5", "dieu-5", 7, Active),
        unit("u6", "dieu-6", 8, Retired),
    ]
}

fn input(file: &str) -> CrosswalkInput {
    CrosswalkInput {
        file: file.into(),
        format: None,
        file_name: Some("bang.csv".into()),
        document: CrosswalkDocument {
            id: DOC.into(),
            slug: "45-2019-qh14".into(),
            vocabulary: "vi".into(),
            source_sha256: "ab".repeat(32),
        },
        units: units(),
        aliases: Vec::new(),
        created_at: "2026-01-02T03:04:05Z".into(),
        created_by: USER.into(),
    }
}

fn plan(file: &str) -> CrosswalkPlan {
    match plan_crosswalk(&input(file)) {
        Ok(p) => p,
        Err(e) => panic!("refused: {e:?}"),
    }
}

fn errors(file: &str) -> Vec<RowError> {
    errors_of(&input(file))
}

fn errors_of(input: &CrosswalkInput) -> Vec<RowError> {
    match plan_crosswalk(input) {
        Ok(_) => panic!("planned"),
        Err(CrosswalkError::Rows { errors, total }) => {
            assert_eq!(errors.len(), total);
            errors
        }
        Err(CrosswalkError::Input(e)) => panic!("input error {e:?}"),
    }
}

/// (line, column, field, code) of each error.
fn places(errors: &[RowError]) -> Vec<(usize, usize, Option<&str>, &str)> {
    errors
        .iter()
        .map(|e| (e.line, e.column, e.field.as_deref(), e.code))
        .collect()
}

const HEADER: &str = "old_address,new_address,kind,valid_from,valid_until,rationale\n";

#[test]
fn csv_happy_path_is_an_alias_only_manifest() {
    let file = format!(
        "{HEADER}45-2019-qh14/dieu-10,45-2019-qh14/dieu-2,renumber,2019-07-01,,\n\
         45-2019-qh14/dieu-11,45-2019-qh14/dieu-3,legacy,2015-01-01,2019-07-01,\"Old numbering, 2015\"\n"
    );
    let p = plan(&file);
    let m = &p.manifest;
    m.check().unwrap();
    assert!(m.blocks.is_empty());
    assert_eq!(m.envelope.effective_from, "2015-01-01T00:00:00.000Z");
    assert_eq!(m.envelope.base_sha256, base_sha256(DOC, &units()));
    assert_eq!(m.envelope.counts, Counts::default());
    let cw = m.envelope.crosswalk.as_ref().unwrap();
    assert_eq!(cw.format, CrosswalkFormat::Csv);
    assert_eq!(cw.rows, 2);
    assert_eq!(cw.file_sha256, sha256_hex(&file));
    assert_eq!(m.envelope.alias_repairs.len(), 2);
    assert!(m.envelope.alias_repairs.iter().all(|r| r.before.is_none()));
    assert_eq!(p.rows.len(), 2);
    let r = &p.rows[0];
    assert_eq!(
        (
            r.line,
            r.old_address.as_str(),
            r.target_unit_id.as_str(),
            r.kind
        ),
        (2, "45-2019-qh14/dieu-10", "u2", AliasKind::Renumber)
    );
    assert_eq!(r.rationale, "crosswalk bang.csv line 2");
    assert_eq!(p.rows[1].rationale, "Old numbering, 2015");
    assert_eq!(
        p.rows[1].valid_until.as_deref(),
        Some("2019-07-01T00:00:00.000Z")
    );
    let stored = m
        .envelope
        .alias_repairs
        .iter()
        .find(|a| a.alias_id == r.alias_id)
        .and_then(|a| a.after.clone())
        .unwrap();
    assert_eq!(stored.alias_text, "45-2019-qh14/dieu-10");
    assert_eq!(stored.created_by.as_deref(), Some(USER));
    assert_eq!(
        stored.scenario_ref,
        Some(format!("crosswalk:{}:2", &sha256_hex(&file)[..16]))
    );
    assert_eq!(stored.valid_until, Value::Null);
    // Planned again: the same manifest, byte for byte (submit compares the sha256).
    assert_eq!(plan(&file).manifest.sha256(), m.sha256());
    // The manifest reads back as itself.
    let json = m.to_canonical_json();
    assert_eq!(Manifest::from_json(&json, Some(&m.sha256())).unwrap(), *m);
}

#[test]
fn alias_ids_are_uuids_derived_from_the_row() {
    let a = plan(&format!(
        "{HEADER}45-2019-qh14/dieu-10,45-2019-qh14/dieu-2,renumber,2019-07-01,,x\n"
    ));
    let b = plan("old_address,kind,new_address,valid_from\n45-2019-qh14/dieu-10,renumber,45-2019-qh14/dieu-2,2019-07-01\n");
    let id = &a.rows[0].alias_id;
    assert_eq!(
        id, &b.rows[0].alias_id,
        "the same row has the same id whatever the file"
    );
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "8", "version 8");
    assert!(validate_uuid(id));
    let c = plan(&format!(
        "{HEADER}45-2019-qh14/dieu-10,45-2019-qh14/dieu-2,renumber,2019-07-02,,\n"
    ));
    assert_ne!(id, &c.rows[0].alias_id);
}

fn validate_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[test]
fn csv_quoting_bom_crlf_and_columns_in_any_order() {
    let file = "\u{feff}kind,valid_from,new_address,old_address,rationale\r\n\
                renumber,2019-07-01T00:00:00+07:00,45-2019-qh14/dieu-2,45-2019-qh14/dieu-10,\"say \"\"hi\"\", then\r\nmore\"\r\n\
                legacy,2015-01-01,\"45-2019-qh14/dieu-3\",45-2019-qh14/dieu-9,\r\n";
    let p = plan(file);
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.rows[0].rationale, "say \"hi\", then\r\nmore");
    assert_eq!(p.rows[0].valid_from, "2019-06-30T17:00:00.000Z");
    // The quoted field spans two lines: the next row is on line 4.
    assert_eq!(p.rows[1].line, 4);
    assert_eq!(p.rows[1].new_address, "45-2019-qh14/dieu-3");
    assert_eq!(
        p.manifest.envelope.crosswalk.as_ref().unwrap().file_sha256,
        sha256_hex(file)
    );
}

#[test]
fn csv_syntax_errors_name_their_place() {
    let e = errors(&format!(
        "{HEADER}45-2019-qh14/dieu-10,\"45-2019-qh14/dieu-2,renumber,2019-07-01,,\n"
    ));
    assert_eq!(places(&e), [(2, 22, None, "unclosed-quote")]);
    let e = errors(&format!(
        "{HEADER}45-2019-qh14/dieu-10,\"45-2019-qh14/dieu-2\"x,renumber,2019-07-01,,\n"
    ));
    assert_eq!(places(&e), [(2, 43, None, "text-after-quote")]);
    let e = errors(&format!(
        "{HEADER}45-2019-qh14/dieu-10,45-2019\"qh14,renumber,2019-07-01,,\n"
    ));
    assert_eq!(places(&e), [(2, 29, None, "quote-in-field")]);
    let e = errors(&format!(
        "{HEADER}45-2019-qh14/dieu-10,45-2019-qh14/dieu-2,renumber,2019-07-01\n"
    ));
    assert_eq!(places(&e), [(2, 51, None, "field-count")]);
    let e = errors(HEADER);
    assert_eq!(places(&e), [(1, 1, None, "no-rows")]);
}

#[test]
fn header_errors_are_on_line_one_with_their_column() {
    let e = errors("old_address,new,kind,valid_from,kind\nx,y,z,w,v\n");
    assert_eq!(
        places(&e),
        [
            (1, 13, Some("new"), "unknown-column"),
            (1, 33, Some("kind"), "duplicate-column"),
            (1, 37, Some("new_address"), "missing-column"),
        ]
    );
    let e = errors("old_address;new_address;kind;valid_from\n");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].code, "unknown-column");
    assert!(e[0].hint.contains("commas"), "{}", e[0].hint);
}

#[test]
fn every_bad_row_is_reported_with_its_line_and_column() {
    let file = format!(
        "{HEADER}\
45-2019-QH14/Dieu-10,45-2019-qh14/dieu-2,renumber,2019-07-01,,\n\
45-2019-qh14/dieu-10,45-2019-qh14/dieu-99,renumber,2019-07-01,,\n\
45-2019-qh14/dieu-3,45-2019-qh14/dieu-2,renumber,2019-07-01,,\n\
12-2020-qh14/dieu-1,45-2019-qh14/dieu-2,legacy,2019-07-01,,\n\
45-2019-qh14/dieu-12,45-2019-qh14/dieu-2,citation,2019-07-01,,\n\
45-2019-qh14/dieu-13,45-2019-qh14/dieu-2,Legacy,2019-07-01,,\n\
45-2019-qh14/dieu-14,45-2019-qh14/dieu-2,legacy,01/07/2019,,\n\
45-2019-qh14/dieu-15,45-2019-qh14/dieu-2,legacy,2019-07-01,2019-01-01,\n\
,45-2019-qh14/dieu-2,legacy,,,\n\
45-2019-qh14/dieu-2,45-2019-qh14/dieu-2,legacy,2019-07-01,,\n\
Điều 16,45-2019-qh14/dieu-2,legacy,2019-07-01,,\n"
    );
    let e = errors(&file);
    assert_eq!(
        places(&e),
        [
            (2, 1, Some("old_address"), "not-canonical"),
            (3, 22, Some("new_address"), "unknown-unit"),
            (4, 1, Some("old_address"), "shadows-unit"),
            (5, 1, Some("old_address"), "other-document"),
            (6, 42, Some("kind"), "citation-reserved"),
            (7, 42, Some("kind"), "unknown-kind"),
            (8, 51, Some("valid_from"), "invalid-timestamp"),
            (9, 60, Some("valid_until"), "empty-window"),
            (10, 1, Some("old_address"), "missing-value"),
            (10, 29, Some("valid_from"), "missing-value"),
            (11, 1, Some("old_address"), "shadows-unit"),
            (11, 1, Some("old_address"), "same-address"),
            (12, 1, Some("old_address"), "not-canonical"),
        ]
    );
    assert_eq!(e[0].hint, "write '45-2019-qh14/dieu-10'");
    assert!(e[1].hint.contains("45-2019-qh14/dieu-1,"), "{}", e[1].hint);
    assert_eq!(e[5].hint, "write 'legacy'");
    assert_eq!(e[12].hint, "write '45-2019-qh14/dieu-16'");
    // A retired unit's address may be an old address; a retired unit may be a target.
    plan(&format!(
        "{HEADER}45-2019-qh14/dieu-6,45-2019-qh14/dieu-5,legacy,2019-07-01,,\n"
    ));
    plan(&format!(
        "{HEADER}45-2019-qh14/dieu-16,45-2019-qh14/dieu-6,legacy,2019-07-01,,\n"
    ));
}

#[test]
fn a_split_needs_two_parts_and_a_merge_two_sources() {
    let split = plan(&format!(
        "{HEADER}45-2019-qh14/dieu-7,45-2019-qh14/dieu-1/khoan-1,split,2020-01-01,,\n\
         45-2019-qh14/dieu-7,45-2019-qh14/dieu-1/khoan-2,split,2020-01-01,,\n"
    ));
    assert_eq!(split.rows.len(), 2);
    let merge = plan(&format!(
        "{HEADER}45-2019-qh14/dieu-8,45-2019-qh14/dieu-4,merge,2020-01-01,,\n\
         45-2019-qh14/dieu-9,45-2019-qh14/dieu-4,merge,2020-01-01,,\n"
    ));
    assert_eq!(merge.rows.len(), 2);
    let e = errors(&format!(
        "{HEADER}45-2019-qh14/dieu-7,45-2019-qh14/dieu-1/khoan-1,split,2020-01-01,,\n\
         45-2019-qh14/dieu-8,45-2019-qh14/dieu-4,merge,2020-01-01,,\n"
    ));
    assert_eq!(
        places(&e),
        [
            (2, 49, Some("kind"), "split-of-one"),
            (3, 41, Some("kind"), "merge-of-one")
        ]
    );
    assert!(e[0].hint.contains("renumber"));
    assert!(e[1].hint.contains("renumber"));
}

#[test]
fn windows_of_one_old_address_follow_each_other() {
    // One old address meaning one unit, then another: fine when the windows do not overlap.
    let p = plan(&format!(
        "{HEADER}45-2019-qh14/dieu-10,45-2019-qh14/dieu-2,legacy,2010-01-01,2015-01-01,\n\
         45-2019-qh14/dieu-10,45-2019-qh14/dieu-3,legacy,2015-01-01,,\n"
    ));
    assert_eq!(p.rows.len(), 2);
    let e = errors(&format!(
        "{HEADER}45-2019-qh14/dieu-10,45-2019-qh14/dieu-2,legacy,2010-01-01,2016-01-01,\n\
         45-2019-qh14/dieu-10,45-2019-qh14/dieu-3,legacy,2015-01-01,,\n"
    ));
    assert_eq!(
        places(&e),
        [(3, 49, Some("valid_from"), "overlapping-targets")]
    );
    assert!(e[0].message.contains("line 2"), "{}", e[0].message);
}

#[test]
fn duplicates_ambiguous_renumbers_and_rows_already_imported() {
    let row = "45-2019-qh14/dieu-10,45-2019-qh14/dieu-2,renumber,2019-07-01,,\n";
    let e = errors(&format!("{HEADER}{row}{row}"));
    assert_eq!(places(&e), [(3, 1, Some("old_address"), "duplicate-row")]);
    let e = errors(&format!(
        "{HEADER}{row}45-2019-qh14/dieu-11,45-2019-qh14/dieu-2,renumber,2019-07-01,,\n"
    ));
    assert_eq!(
        places(&e),
        [(3, 51, Some("valid_from"), "ambiguous-renumber")]
    );

    // Imported once: the stored row is the manifest's.
    let first = plan(&format!("{HEADER}{row}"));
    let stored = first.manifest.envelope.alias_repairs[0]
        .after
        .clone()
        .unwrap();
    let mut again = input(&format!("{HEADER}{row}"));
    again.aliases = vec![stored.clone()];
    let e = errors_of(&again);
    assert_eq!(
        places(&e),
        [(2, 1, Some("old_address"), "already-imported")]
    );
    assert!(e[0].message.starts_with("already imported"));
    // Stored as the database gives it back (epoch milliseconds) it is still the same row.
    let mut ms = stored.clone();
    ms.valid_from = Value::from(1_561_939_200_000_i64);
    again.aliases = vec![ms];
    assert_eq!(errors_of(&again)[0].code, "already-imported");
    // A stored row forwarding the old address elsewhere at the same time.
    let mut other = stored;
    other.alias_id = "00000000-0000-0000-0000-00000000a11a".into();
    other.target_unit_id = Some("u3".into());
    other.alias_kind = "legacy".into();
    again.aliases = vec![other];
    assert_eq!(
        places(&errors_of(&again)),
        [(2, 51, Some("valid_from"), "overlapping-targets")]
    );
}

#[test]
fn json_rows_with_positions_and_a_split_list() {
    let file = r#"{ "rows": [
  { "old_address": "45-2019-qh14/dieu-7", "new_address": ["45-2019-qh14/dieu-1/khoan-1", "45-2019-qh14/dieu-1/khoan-2"],
    "kind": "split", "valid_from": "2020-01-01" },
  { "old_address": "45-2019-qh14/dieu-10", "new_address": "45-2019-qh14/dieu-2", "kind": "renumber",
    "valid_from": "2019-07-01", "valid_until": null, "rationale": "Bảng đối chiếu" }
] }"#;
    let mut i = input(file);
    i.file_name = Some("bang.json".into());
    let p = plan_crosswalk(&i).unwrap();
    assert_eq!(
        p.manifest.envelope.crosswalk.as_ref().unwrap().format,
        CrosswalkFormat::Json
    );
    assert_eq!(
        p.rows
            .iter()
            .map(|r| (r.line, r.new_address.as_str()))
            .collect::<Vec<_>>(),
        [
            (2, "45-2019-qh14/dieu-1/khoan-1"),
            (2, "45-2019-qh14/dieu-1/khoan-2"),
            (4, "45-2019-qh14/dieu-2")
        ]
    );
    assert_eq!(p.rows[2].rationale, "Bảng đối chiếu");
    assert_eq!(p.rows[0].rationale, "crosswalk bang.json line 2");
}

#[test]
fn json_errors_name_their_line_and_column() {
    let e = errors("[\n  { \"old_address\": \"45-2019-qh14/dieu-10\" \"kind\": \"legacy\" }\n]");
    assert_eq!(places(&e), [(2, 43, None, "invalid-json")]);
    let e = errors("{ \"items\": [] }");
    assert_eq!(places(&e), [(1, 1, None, "not-a-row-list")]);
    let file = "[\n  { \"old_address\": \"45-2019-qh14/Dieu-10\", \"new_address\": \"45-2019-qh14/dieu-2\", \"kind\": \"legacy\", \"valid_from\": 20190701 },\n  7,\n  { \"old\": \"x\", \"new_address\": [\"45-2019-qh14/dieu-3\", \"45-2019-qh14/dieu-99\"], \"kind\": \"split\", \"valid_from\": \"2019-07-01\" }\n]";
    let e = errors(file);
    assert_eq!(
        places(&e),
        [
            (2, 20, Some("old_address"), "not-canonical"),
            (2, 114, Some("valid_from"), "not-text"),
            (3, 3, None, "not-an-object"),
            (4, 3, Some("old_address"), "missing-value"),
            (4, 5, Some("old"), "unknown-column"),
            (4, 56, Some("new_address"), "unknown-unit"),
        ]
    );
}

#[test]
fn a_crosswalk_manifest_is_checked_for_what_it_may_hold() {
    let p = plan(&format!(
        "{HEADER}45-2019-qh14/dieu-10,45-2019-qh14/dieu-2,renumber,2019-07-01,,\n"
    ));
    let mut m = p.manifest.clone();
    m.envelope.alias_repairs[0].before = m.envelope.alias_repairs[0].after.clone();
    assert_eq!(m.check().unwrap_err().code(), "inconsistent-alias-repair");
    let mut m = p.manifest.clone();
    m.envelope.crosswalk = None;
    assert_eq!(m.check().unwrap_err().code(), "inconsistent-alias-repair");
    let mut m = p.manifest.clone();
    m.envelope.crosswalk.as_mut().unwrap().rows = 2;
    assert_eq!(m.check().unwrap_err().code(), "shape-mismatch");
    let mut m = p.manifest.clone();
    m.envelope.repair_of = Some("incident".into());
    assert_eq!(m.check().unwrap_err().code(), "shape-mismatch");
    let mut m = p.manifest;
    if let Some(a) = m.envelope.alias_repairs[0].after.as_mut() {
        a.alias_kind = "citation".into();
    }
    assert_eq!(m.check().unwrap_err().code(), "inconsistent-alias-repair");
}

#[test]
fn errors_are_capped_but_counted() {
    let mut file = HEADER.to_owned();
    for _ in 0..1200 {
        file.push_str("x,y,z,w,,\n");
    }
    match plan_crosswalk(&input(&file)) {
        Err(CrosswalkError::Rows { errors, total }) => {
            assert_eq!(errors.len(), MAX_ERRORS);
            assert_eq!(total, 4 * 1200);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_input_is_not_a_row_error() {
    let mut i = input(&format!(
        "{HEADER}45-2019-qh14/dieu-10,45-2019-qh14/dieu-2,renumber,2019-07-01,,\n"
    ));
    i.created_at = "yesterday".into();
    assert!(
        matches!(plan_crosswalk(&i), Err(CrosswalkError::Input(e)) if e.code == "invalid-timestamp")
    );
}

#[test]
fn a_json_split_imported_again_names_each_part() {
    let file = r#"[{ "old_address": "45-2019-qh14/dieu-7", "new_address": ["45-2019-qh14/dieu-1/khoan-1", "45-2019-qh14/dieu-1/khoan-2"], "kind": "split", "valid_from": "2020-01-01" }]"#;
    let first = plan(file);
    let mut again = input(file);
    again.aliases = first
        .manifest
        .envelope
        .alias_repairs
        .iter()
        .filter_map(|r| r.after.clone())
        .collect();
    let e = errors_of(&again);
    assert_eq!(
        places(&e),
        [
            (1, 19, Some("old_address"), "already-imported"),
            (1, 19, Some("old_address"), "already-imported")
        ]
    );
    assert_ne!(e[0].message, e[1].message);
}

#[test]
fn the_cut_gate_refuses_rows_stored_since_the_plan_that_clash() {
    let row = "45-2019-qh14/dieu-10,45-2019-qh14/dieu-2,renumber,2019-07-01,,\n";
    let planned = plan(&format!("{HEADER}{row}"));
    let m = &planned.manifest;
    let gate = crosswalk_gate(m, &units(), &[]);
    assert!(gate.passed(), "{gate:?}");
    // Another crosswalk stored a row sending the same old address to Điều 3 over the same time.
    let mut rival = m.envelope.alias_repairs[0].after.clone().unwrap();
    rival.alias_id = "00000000-0000-0000-0000-00000000b0b0".into();
    rival.target_unit_id = Some("u3".into());
    rival.alias_kind = "legacy".into();
    let gate = crosswalk_gate(m, &units(), std::slice::from_ref(&rival));
    assert!(!gate.passed());
    assert_eq!(gate.name, "crosswalk-aliases-resolve");
    assert!(
        gate.evidence.contains("45-2019-qh14/dieu-10"),
        "{}",
        gate.evidence
    );
    // Over a window that ends before the crosswalk's starts, it does not clash.
    rival.valid_from = Value::String("2015-01-01T00:00:00Z".into());
    rival.valid_until = Value::String("2019-07-01T00:00:00Z".into());
    assert!(crosswalk_gate(m, &units(), &[rival]).passed());
    // Two renumbers of one address at once: the alias index itself refuses them.
    let mut twin = m.envelope.alias_repairs[0].after.clone().unwrap();
    twin.alias_id = "00000000-0000-0000-0000-00000000b0b1".into();
    twin.target_unit_id = Some("u4".into());
    assert!(!crosswalk_gate(m, &units(), &[twin]).passed());
}
