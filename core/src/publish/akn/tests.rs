use super::xml::escape;
use super::*;
use crate::store::unit::{Authority, LifecycleStatus};
use crate::text::vocabulary::default_vocabulary;

fn unit(id: &str, address: &str, parent: Option<&str>, position: u32, body: &str) -> StoredUnit {
    let last = address.rsplit('/').next().unwrap_or_default();
    let (token, ordinal) = last.split_once('-').unwrap_or((last, ""));
    let section_type = match token {
        "dieu" | "khoan" | "diem" | "chuong" => token,
        other => other,
    };
    StoredUnit {
        id: id.into(),
        document: "doc".into(),
        section_type: section_type.into(),
        parent: parent.map(str::to_owned),
        ordinal: ordinal.into(),
        heading: None,
        body: body.into(),
        content_sha256: String::new(),
        position,
        canonical_address: address.into(),
        canonical_address_format_version: "1".into(),
        lifecycle_status: LifecycleStatus::Active,
        authority: Authority::Enacted,
    }
}

fn row(
    seq: u64,
    cs: &str,
    effective: &str,
    action: &str,
    after: Option<StoredUnit>,
) -> LedgerImage {
    LedgerImage {
        ledger_seq: seq,
        change_set: cs.into(),
        entry: format!("e-{cs}"),
        action: action.into(),
        unit_id: after.as_ref().map(|u| u.id.clone()).unwrap_or_default(),
        effective_from: effective.into(),
        recorded_at: None,
        before_image: None,
        after_image: after,
        amended_by: Vec::new(),
    }
}

fn change_set(cs: &str, effective: &str) -> ChangeSetInfo {
    ChangeSetInfo {
        change_set: cs.into(),
        entry: format!("e-{cs}"),
        kind: "cut".into(),
        effective_from: effective.into(),
        ledger_seq: 0,
        recorded_at: None,
        title: None,
        amendment: None,
    }
}

fn input(rows: Vec<LedgerImage>, change_sets: Vec<ChangeSetInfo>, at: &str) -> AknInput {
    AknInput {
        document: AknDocument {
            id: "doc".into(),
            doc_code: "45/2019/QH14".into(),
            slug: "45-2019-qh14".into(),
            title: Some("Bộ luật Lao động".into()),
            language: Some("vi".into()),
            vocabulary: Some("vi".into()),
        },
        country: None,
        at: at.into(),
        generated_at: "2025-09-01T10:00:00Z".into(),
        rows,
        aliases: Vec::new(),
        change_sets,
        section_types: default_vocabulary("vi")
            .map(|v| v.section_types.clone())
            .unwrap_or_default(),
        site_notes: Vec::new(),
    }
}

#[test]
fn eids_follow_the_akn_naming_convention() {
    assert_eq!(
        eid_of_address("45-2019-qh14/dieu-44/khoan-1/diem-dd").as_deref(),
        Some("art_44__para_1__point_dd")
    );
    assert_eq!(
        eid_of_address("45-2019-qh14/chuong-2/muc-1").as_deref(),
        Some("chp_2__sec_1")
    );
    assert_eq!(
        eid_of_address("pl-114-190/section-5/subsection-a/paragraph-1/subparagraph-b/clause-2")
            .as_deref(),
        Some("sec_5__subsec_a__para_1__subpara_b__cl_2")
    );
    assert_eq!(
        eid_of_address("ukpga-2000-32/schedule-1/para-3").as_deref(),
        Some("sched_1__para_3")
    );
    assert_eq!(eid_of_address("45-2019-qh14"), None);
    // Not canonical (an alias typed by hand): split the same way, nothing an eId cannot hold.
    assert_eq!(
        eid_of_address("45-2019-qh14/dieu-44 a").as_deref(),
        Some("art_44_a")
    );
}

#[test]
fn every_shipped_token_has_an_element_and_unknown_ones_are_hcontainers() {
    for v in crate::text::vocabulary::default_vocabularies() {
        for t in &v.section_types {
            let n = akn_name(&t.address_token);
            assert!(
                n.element != "hcontainer" || n.name.is_some(),
                "{}: an hcontainer needs a name",
                t.address_token
            );
            assert!(
                !(n.element == "hcontainer"
                    && n.name == Some(t.address_token.as_str())
                    && n.abbr == t.address_token
                    && !matches!(t.address_token.as_str(), "item" | "subitem" | "rule")),
                "{} ({}) is missing from the table",
                t.address_token,
                v.id()
            );
        }
    }
    assert_eq!(
        akn_name("phuluc"),
        AknName {
            element: "hcontainer",
            name: Some("phuluc"),
            abbr: "phuluc"
        }
    );
    assert_eq!(akn_name("schedule").element, "hcontainer");
    assert_eq!(akn_name("schedule").abbr, "sched");
}

#[test]
fn nums_print_as_the_text_does() {
    let vi = default_vocabulary("vi").expect("vi");
    let t = |c| vi.by_code(c);
    assert_eq!(num_text(t("dieu"), "44", true), "Điều 44.");
    assert_eq!(num_text(t("khoan"), "1", true), "1.");
    assert_eq!(num_text(t("diem"), "dd", true), "đ)");
    assert_eq!(num_text(t("chuong"), "2", true), "Chương II");
    assert_eq!(num_text(t("phan"), "1", true), "Phần thứ nhất");
    let us = default_vocabulary("us").expect("us");
    assert_eq!(num_text(us.by_code("us-section"), "5", false), "Sec. 5.");
    assert_eq!(num_text(us.by_code("us-subparagraph"), "b", false), "(B)");
    assert_eq!(num_text(us.by_code("us-clause"), "4", false), "(iv)");
    // A definition prints no number: its term is in its text.
    let uk = crate::text::vocabulary::default_vocabulary("uk").expect("uk");
    assert_eq!(num_text(uk.by_code("uk-definition"), "owner", false), "");
    assert_eq!(
        eid_of_address("ukpga-2003-2/section-2/subsection-1/definition-owner/paragraph-a")
            .as_deref(),
        Some("sec_2__subsec_1__def_owner__para_a")
    );
    assert_eq!(num_text(None, "7", false), "7");
}

#[test]
fn text_is_escaped_and_forbidden_characters_dropped() {
    assert_eq!(
        escape("a & b < c > \"d\" 'e'", false),
        ("a &amp; b &lt; c &gt; \"d\" 'e'".into(), 0)
    );
    assert_eq!(
        escape("\"x\" & 'y'\n", true),
        ("&quot;x&quot; &amp; &apos;y&apos;&#10;".into(), 0)
    );
    assert_eq!(
        escape("a\u{0}b\u{1b}c\u{FFFF}\td", false),
        ("abc\td".into(), 3)
    );
}

#[test]
fn frbr_uris_come_from_country_year_slug_language_and_the_newest_change_set() {
    let rows = vec![
        row(
            1,
            "cs1",
            "2020-01-01T00:00:00+07:00",
            "create",
            Some(unit("u1", "45-2019-qh14/dieu-1", None, 1, "Một")),
        ),
        row(
            2,
            "cs2",
            "2021-07-01T00:00:00+07:00",
            "update",
            Some(unit("u1", "45-2019-qh14/dieu-1", None, 1, "Hai")),
        ),
    ];
    let cs = vec![
        change_set("cs1", "2020-01-01T00:00:00+07:00"),
        change_set("cs2", "2021-07-01T00:00:00+07:00"),
    ];
    let out = export(&input(rows.clone(), cs.clone(), "2020-06-01")).expect("exports");
    assert_eq!(out.work_uri, "/akn/vn/act/2019/45-2019-qh14");
    assert_eq!(
        out.expression_uri,
        "/akn/vn/act/2019/45-2019-qh14/vie@2020-01-01"
    );
    assert_eq!(
        out.manifestation_uri,
        "/akn/vn/act/2019/45-2019-qh14/vie@2020-01-01/!main.xml"
    );
    assert!(out.xml.contains("<p>Một</p>"), "{}", out.xml);
    let later = export(&input(rows, cs, "2022-01-01")).expect("exports");
    assert_eq!(
        later.expression_uri,
        "/akn/vn/act/2019/45-2019-qh14/vie@2021-07-01"
    );
    assert_eq!(later.filename, "45-2019-qh14_vie@2021-07-01.akn.xml");
    assert!(
        later.xml.contains(
            "<eventRef eId=\"evt_2\" date=\"2021-07-01\" source=\"#original\" type=\"amendment\"/>"
        ),
        "{}",
        later.xml
    );
    assert!(later.xml.contains("<p>Hai</p>"));
}

#[test]
fn errors_name_the_field_and_how_to_fix_it() {
    let rows = vec![row(
        1,
        "cs1",
        "2020-01-01T00:00:00+07:00",
        "create",
        Some(unit("u1", "45-2019-qh14/dieu-1", None, 1, "x")),
    )];
    let cs = vec![change_set("cs1", "2020-01-01T00:00:00+07:00")];
    let e = export(&input(rows.clone(), cs.clone(), "2019-01-01")).expect_err("empty");
    assert_eq!(e.code(), "IU_AKN_EMPTY");
    let e = export(&input(rows.clone(), cs.clone(), "01/02/2020")).expect_err("bad date");
    assert_eq!(e.code(), "IU_BAD_INSTANT");
    assert!(e.to_string().starts_with("at:"), "{e}");
    let mut i = input(rows.clone(), cs.clone(), "2021-01-01");
    i.document.vocabulary = Some("commonwealth".into());
    let e = export(&i).expect_err("no country");
    assert_eq!(e.code(), "IU_AKN_COUNTRY");
    assert!(e.hint().contains("country="));
    i.country = Some("ZA".into());
    assert_eq!(
        export(&i).expect("given").work_uri,
        "/akn/za/act/2019/45-2019-qh14"
    );
    i.country = Some("south africa".into());
    assert_eq!(export(&i).expect_err("bad").code(), "IU_AKN_BAD_COUNTRY");
}

#[test]
fn a_renumbered_unit_keeps_its_wid_and_a_new_unit_at_its_old_address_gets_a_suffix() {
    let a1 = unit("a", "45-2019-qh14/dieu-5", None, 5, "A");
    let a2 = unit("a", "45-2019-qh14/dieu-6", None, 6, "A");
    let b = unit("b", "45-2019-qh14/dieu-5", None, 5, "B mới");
    let rows = vec![
        row(1, "cs1", "2020-01-01T00:00:00+07:00", "create", Some(a1)),
        row(2, "cs2", "2021-01-01T00:00:00+07:00", "readdress", Some(a2)),
        row(3, "cs2", "2021-01-01T00:00:00+07:00", "create", Some(b)),
    ];
    let cs = vec![
        change_set("cs1", "2020-01-01T00:00:00+07:00"),
        change_set("cs2", "2021-01-01T00:00:00+07:00"),
    ];
    let mut i = input(rows, cs, "2021-06-01");
    i.aliases = vec![StoredAlias {
        alias_id: "al".into(),
        target_unit_id: Some("a".into()),
        alias_text: "45-2019-qh14/dieu-5".into(),
        alias_kind: "renumber".into(),
        valid_from: Value::String("2021-01-01T00:00:00+07:00".into()),
        valid_until: Value::Null,
        created_by: None,
        rationale: None,
        scenario_ref: None,
    }];
    let out = export(&i).expect("exports");
    assert!(
        out.xml.contains("<article eId=\"art_6\" wId=\"art_5\">"),
        "{}",
        out.xml
    );
    assert!(
        out.xml.contains("<article eId=\"art_5\" wId=\"art_5-2\">"),
        "{}",
        out.xml
    );
    assert!(
        out.xml
            .contains("<mapping original=\"art_5\" current=\"art_6\" start=\"#evt_2\"/>"),
        "{}",
        out.xml
    );
    // Before the renumbering: the unit is art_5, wId art_5, and no mapping yet.
    i.at = "2020-06-01".into();
    let before = export(&i).expect("exports");
    assert!(
        before.xml.contains("<article eId=\"art_5\" wId=\"art_5\">"),
        "{}",
        before.xml
    );
    assert!(!before.xml.contains("<mapping"));
    assert!(!before.xml.contains("<analysis"));
}

#[test]
fn units_nest_by_parent_and_control_characters_become_warnings() {
    let rows = vec![
        row(
            1,
            "cs1",
            "2020-01-01",
            "create",
            Some(unit("d", "45-2019-qh14/dieu-1", None, 1, "Mở đầu:")),
        ),
        row(
            2,
            "cs1",
            "2020-01-01",
            "create",
            Some(unit(
                "k",
                "45-2019-qh14/dieu-1/khoan-1",
                Some("d"),
                2,
                "Khoản\u{1} & <một>",
            )),
        ),
        row(
            3,
            "cs1",
            "2020-01-01",
            "create",
            Some(unit(
                "p",
                "45-2019-qh14/dieu-1/khoan-1/diem-dd",
                Some("k"),
                3,
                "Điểm đ",
            )),
        ),
    ];
    let out = export(&input(
        rows,
        vec![change_set("cs1", "2020-01-01")],
        "2020-01-01",
    ))
    .expect("exports");
    let x = &out.xml;
    let art = x.find("<article eId=\"art_1\"").expect("article");
    let intro = x.find("<intro>").expect("intro");
    let para = x
        .find("<paragraph eId=\"art_1__para_1\"")
        .expect("paragraph");
    let point = x
        .find("<point eId=\"art_1__para_1__point_dd\" wId=\"art_1__para_1__point_dd\">")
        .expect("point");
    assert!(art < intro && intro < para && para < point);
    assert!(x.contains("<num>đ)</num>"));
    assert!(x.contains("<p>Khoản &amp; &lt;một&gt;</p>"));
    assert_eq!(
        out.warnings,
        vec!["45-2019-qh14/dieu-1/khoan-1: 1 character(s) XML 1.0 forbids were dropped from its text".to_owned()]
    );
    assert_eq!(out.units, 3);
}

// --- The publisher's notes (issue 46): `<meta><notes>` and a `<noteRef>` at the provision. ---

/// A crawled text as thuvienphapluat.vn prints it: the article's note on the line under its
/// heading, the clause's note at the end of its text, twice (the crawl broke the line).
const NOTED: &str = "Điều 1. Phạm vi điều chỉnh
[Điều này được bổ sung bởi Điểm b Khoản 2 Điều 2 Nghị định 102/2021/NĐ-CP có hiệu lực kể từ ngày 01/01/2022]
1. Nghị định này quy định về xử phạt vi phạm hành chính.
2. Thời hiệu xử phạt thực hiện theo Luật Xử lý vi phạm hành chính. [Khoản này được sửa đổi bởi Điểm a Khoản 2 Điều 2 Nghị định 102/2021/NĐ-CP có hiệu lực kể từ ngày 01/01/2022] [Khoản này được sửa đổi bởi Điểm a Khoản 2 Điều 2 Nghị định 102/2021/NĐ-CP có hiệu lực kể từ ngày 01/01/2022]
Điều 2. Hiệu lực thi hành
Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2021.
";

const ARTICLE_NOTE: &str = "[Điều này được bổ sung bởi Điểm b Khoản 2 Điều 2 Nghị định 102/2021/NĐ-CP có hiệu lực kể từ ngày 01/01/2022]";
const CLAUSE_NOTE: &str = "[Khoản này được sửa đổi bởi Điểm a Khoản 2 Điều 2 Nghị định 102/2021/NĐ-CP có hiệu lực kể từ ngày 01/01/2022]";

/// `text` cut, planned and recorded as the executor writes the ledger (one row per block), with
/// the notes of every block that carried some, as `governance/site-notes.ts` loads them.
fn noted_input(text: &str, effective: &str) -> AknInput {
    let vi = default_vocabulary("vi").expect("vi");
    let cut = crate::read::cut::cut(text, "128/2020/NĐ-CP", vi);
    let manifest = crate::change::plan::plan(
        &cut,
        &[],
        vi,
        &crate::change::plan::PlanInput {
            document_id: "doc".into(),
            source_sha256: "0".repeat(64),
            effective_from: effective.into(),
            created_at: "2025-09-01T00:00:00Z".into(),
            created_by: "editor".into(),
            enact: true,
            by_enacted_law: false,
            scope: None,
        },
    )
    .expect("plans");
    let rows: Vec<LedgerImage> = manifest
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| LedgerImage {
            ledger_seq: i as u64 + 1,
            change_set: "cs1".into(),
            entry: "e-cs1".into(),
            action: b.action().as_str().into(),
            unit_id: b.unit_id().into(),
            effective_from: effective.into(),
            recorded_at: None,
            before_image: None,
            after_image: b.after().cloned(),
            amended_by: Vec::new(),
        })
        .collect();
    let site_notes = manifest
        .blocks
        .iter()
        .filter(|b| !b.notes().is_empty())
        .map(|b| BlockNotes {
            entry: "e-cs1".into(),
            unit_id: b.unit_id().into(),
            notes: b.notes().to_vec(),
        })
        .collect();
    let mut i = input(rows, vec![change_set("cs1", effective)], "2022-06-01");
    i.document.doc_code = "128/2020/NĐ-CP".into();
    i.document.title = Some("Nghị định quy định xử phạt vi phạm hành chính".into());
    i.document.slug = cut.doc.clone();
    i.site_notes = site_notes;
    i
}

/// Validates `out` with xmllint against the OASIS schema (as `core/tests/akn_export.rs` does).
fn validate(name: &str, out: &AknExport) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("../target/akn");
    std::fs::create_dir_all(&dir).expect("target/akn");
    let path = dir.join(name);
    std::fs::write(&path, &out.xml).expect("write the export");
    let result = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(root.join("schemas/akn30/akomantoso30.xsd"))
        .arg(&path)
        .output()
        .unwrap_or_else(|e| {
            panic!("xmllint could not run ({e}): install it with `source scripts/xmllint.sh` (Debian libxml2-utils)")
        });
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "{} does not validate against the Akoma Ntoso 3.0 schema:\n{stderr}",
        path.display()
    );
}

/// The element that opens with `open` up to its first child provision or its end.
fn own_part<'x>(xml: &'x str, open: &str) -> &'x str {
    let start = xml
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in {xml}"));
    let rest = &xml[start + open.len()..];
    let end = [
        "<paragraph ",
        "<point ",
        "<article ",
        "</article>",
        "</paragraph>",
    ]
    .iter()
    .filter_map(|t| rest.find(t))
    .min()
    .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn site_notes_go_in_meta_from_the_publisher_with_a_note_ref_at_their_provision() {
    let i = noted_input(NOTED, "2021-01-01T00:00:00+07:00");
    let out = export(&i).expect("exports");
    validate("site-notes.akn.xml", &out);
    let x = &out.xml;
    assert_eq!(out.notes, 2, "the clause's note printed twice is one note");
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);

    // In <meta>, after <references>, from the publisher: an agent of its own, not the law's author.
    let meta = &x[..x.find("</meta>").expect("meta")];
    let notes = meta.find("<notes source=\"#publisher\">").expect("notes");
    assert!(meta.find("</references>").expect("references") < notes);
    assert!(meta.contains(
        "<TLCOrganization eId=\"publisher\" href=\"/akn/ontology/organizations/publisher\""
    ));
    assert!(meta.contains("<FRBRauthor href=\"#legislature\"/>"));
    assert!(!meta.contains("<FRBRauthor href=\"#publisher\"/>"));
    assert!(meta.contains(&format!(
        "<note eId=\"art_1__sitenote_1\" class=\"publisherNote\" placementBase=\"#art_1\">\n          <p>{ARTICLE_NOTE}</p>\n        </note>"
    )), "{meta}");
    assert!(meta.contains(&format!(
        "<note eId=\"art_1__para_2__sitenote_1\" class=\"publisherNote\" placementBase=\"#art_1__para_2\">\n          <p>{CLAUSE_NOTE}</p>"
    )));

    // A noteRef after the number of the provision each belongs to, and at no other.
    let article = own_part(x, "<article eId=\"art_1\" wId=\"art_1\">");
    assert!(
        article.contains(
            "<num>Điều 1.<noteRef href=\"#art_1__sitenote_1\" class=\"publisherNote\"/></num>"
        ),
        "{article}"
    );
    assert!(article.contains("<heading>Phạm vi điều chỉnh</heading>"));
    let clause = own_part(x, "<paragraph eId=\"art_1__para_2\" wId=\"art_1__para_2\">");
    assert!(clause.contains(
        "<num>2.<noteRef href=\"#art_1__para_2__sitenote_1\" class=\"publisherNote\"/></num>"
    ));
    assert_eq!(clause.matches("<noteRef").count(), 1);
    for plain in [
        "<paragraph eId=\"art_1__para_1\" wId=\"art_1__para_1\">",
        "<article eId=\"art_2\" wId=\"art_2\">",
    ] {
        assert!(!own_part(x, plain).contains("noteRef"), "{plain}");
    }
    assert_eq!(x.matches("<noteRef ").count(), 2);

    // No word of a note in the body: the provisions' content is the law's text alone.
    let body = &x[x.find("<body>").expect("body")..];
    assert!(!body.contains("bởi"), "{body}");
    assert!(!body.contains('['));
    assert!(clause.contains(
        "<content>\n            <p>Thời hiệu xử phạt thực hiện theo Luật Xử lý vi phạm hành chính.</p>\n          </content>"
    ), "{clause}");
}

#[test]
fn notes_change_no_hash_and_nothing_else_in_the_file() {
    let noted = noted_input(NOTED, "2021-01-01T00:00:00+07:00");
    // The same text without its notes cuts to the same units, with the same content hashes.
    let clean_text = NOTED
        .replace(&format!("\n{ARTICLE_NOTE}"), "")
        .replace(&format!(" {CLAUSE_NOTE}"), "");
    let clean = noted_input(&clean_text, "2021-01-01T00:00:00+07:00");
    assert!(clean.site_notes.is_empty());
    let hashes = |i: &AknInput| {
        i.rows
            .iter()
            .filter_map(|r| r.after_image.as_ref())
            .map(|u| {
                (
                    u.canonical_address.clone(),
                    u.content_sha256.clone(),
                    u.body.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(hashes(&noted), hashes(&clean));
    assert_eq!(noted.rows.len(), 4);

    // The file with notes is the file without them, plus <notes>, its publisher and the noteRefs.
    let with = export(&noted).expect("exports");
    let without = export(&clean).expect("exports");
    assert_eq!(without.notes, 0);
    assert!(!without.xml.contains("publisher"));
    let mut stripped = String::new();
    let mut in_notes = false;
    for line in with.xml.lines() {
        if line.trim_start().starts_with("<notes ") {
            in_notes = true;
        }
        if !in_notes && !line.contains("eId=\"publisher\"") {
            stripped.push_str(line);
            stripped.push('\n');
        }
        if line.trim_start().starts_with("</notes>") {
            in_notes = false;
        }
    }
    let mut rest = stripped.as_str();
    let mut no_refs = String::new();
    while let Some(at) = rest.find("<noteRef ") {
        no_refs.push_str(&rest[..at]);
        rest = &rest[at + rest[at..].find("/>").expect("noteRef ends") + 2..];
    }
    no_refs.push_str(rest);
    assert_eq!(no_refs, without.xml);
}

#[test]
fn the_notes_shown_are_those_of_the_latest_block_in_force_that_carried_some() {
    let mut i = noted_input(NOTED, "2021-01-01T00:00:00+07:00");
    let clause = i
        .rows
        .iter()
        .find(|r| {
            r.after_image
                .as_ref()
                .is_some_and(|u| u.canonical_address.ends_with("dieu-1/khoan-2"))
        })
        .expect("khoản 2")
        .clone();
    // A later cut (in force 2023) printed another note on khoản 2; an entry never cut, one more.
    let mut later = clause.clone();
    later.ledger_seq = 10;
    later.change_set = "cs2".into();
    later.entry = "e-cs2".into();
    later.action = "update".into();
    later.effective_from = "2023-01-01T00:00:00+07:00".into();
    i.rows.push(later);
    i.change_sets
        .push(change_set("cs2", "2023-01-01T00:00:00+07:00"));
    let newer = "[Khoản này được sửa đổi bởi Khoản 1 Điều 1 Nghị định 5/2023/NĐ-CP]";
    i.site_notes.push(BlockNotes {
        entry: "e-cs2".into(),
        unit_id: clause.unit_id.clone(),
        notes: vec![newer.into()],
    });
    i.site_notes.push(BlockNotes {
        entry: "e-never-cut".into(),
        unit_id: clause.unit_id.clone(),
        notes: vec!["[not in the ledger]".into()],
    });
    let before = export(&i).expect("exports");
    assert!(before.xml.contains(CLAUSE_NOTE));
    assert!(!before.xml.contains(newer));
    i.at = "2023-06-01".into();
    let after = export(&i).expect("exports");
    validate("site-notes-later.akn.xml", &after);
    assert!(after.xml.contains(newer));
    assert!(!after.xml.contains(CLAUSE_NOTE), "replaced, not added");
    assert!(after.xml.contains(ARTICLE_NOTE), "the article's notes stay");
    assert!(!after.xml.contains("not in the ledger"));
    assert_eq!(after.notes, 2);
}

#[test]
fn a_note_on_a_provision_without_number_or_heading_ends_its_text() {
    let mut rows = vec![
        row(
            1,
            "cs1",
            "2020-01-01",
            "create",
            Some(unit("d", "45-2019-qh14/dieu-1", None, 1, "Mở đầu:")),
        ),
        row(
            2,
            "cs1",
            "2020-01-01",
            "create",
            Some(unit(
                "x",
                "45-2019-qh14/dieu-1/muc",
                Some("d"),
                2,
                "Dòng một\nDòng hai",
            )),
        ),
        row(
            3,
            "cs1",
            "2020-01-01",
            "create",
            Some(unit("y", "45-2019-qh14/dieu-1/muc/muc", Some("x"), 3, "")),
        ),
    ];
    rows[1].after_image.as_mut().expect("x").section_type = "unknown".into();
    rows[2].after_image.as_mut().expect("y").section_type = "unknown".into();
    let mut i = input(rows, vec![change_set("cs1", "2020-01-01")], "2020-01-01");
    for unit_id in ["x", "y"] {
        i.site_notes.push(BlockNotes {
            entry: "e-cs1".into(),
            unit_id: unit_id.into(),
            notes: vec![format!("[Ghi chú {unit_id}]"), "  ".into()],
        });
    }
    let out = export(&i).expect("exports");
    validate("site-notes-no-num.akn.xml", &out);
    assert_eq!(out.notes, 2, "a blank note is no note");
    // A parent: its intro's last line; a leaf with no text: a <p> of its own.
    assert!(out.xml.contains("<intro>\n            <p>Dòng một</p>\n            <p>Dòng hai<noteRef href=\"#art_1__sec__sitenote_1\" class=\"publisherNote\"/></p>\n          </intro>"), "{}", out.xml);
    assert!(out.xml.contains("<content>\n              <p><noteRef href=\"#art_1__sec__sec__sitenote_1\" class=\"publisherNote\"/></p>"), "{}", out.xml);
}
