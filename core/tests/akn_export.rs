//! Akoma Ntoso export of real documents, validated with `xmllint --schema` against the OASIS
//! Akoma Ntoso 3.0 schema kept in `core/schemas/akn30` (its `SOURCE.md` names it).
//!
//! The ledger rows are built without Directus, as the executor would write them: cut, plan,
//! apply (`tests/amend_real.rs` does the same for the amending laws). Exported: (a) Luật Đấu thầu
//! 22/2023/QH15 as first enacted, (b) the same law after Laws 57/2024/QH15 and 90/2025/QH15 (one
//! change set each, on their dates in force), (c) the Police (Northern Ireland) Act 2000, then a
//! second CUT of it that renumbers a section, (d) Thông tư 12/2015/TT-BTC as a site consolidates
//! it, with the publisher's notes. Each file is written to `target/akn/` and must
//! validate; the test fails when `xmllint` is missing (`scripts/xmllint.sh` installs it).

use std::path::PathBuf;
use std::process::Command;

use iu_cutter_core::change::amend::plan_amendments;
use iu_cutter_core::change::manifest::Manifest;
use iu_cutter_core::change::plan::{apply, plan, PlanInput};
use iu_cutter_core::publish::akn::{
    export, AknDocument, AknExport, AknInput, BlockNotes, ChangeSetInfo,
};
use iu_cutter_core::publish::history::LedgerImage;
use iu_cutter_core::read::amending_law::read_amending_law;
use iu_cutter_core::read::cut::cut;
use iu_cutter_core::store::unit::{StoredAlias, StoredUnit};
use iu_cutter_core::text::vocabulary::{default_vocabulary, Vocabulary};
use iu_cutter_core::Report;
use serde_json::Value;

const DOC_ID: &str = "00000000-0000-4000-8000-000000000016";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(path: &str) -> String {
    let p = root().join("tests/fixtures").join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn input(effective_from: &str) -> PlanInput {
    PlanInput {
        document_id: DOC_ID.into(),
        source_sha256: "0".repeat(64),
        effective_from: effective_from.into(),
        created_at: "2025-09-01T00:00:00Z".into(),
        created_by: "editor".into(),
        enact: true,
        by_enacted_law: false,
        scope: None,
    }
}

/// A document's ledger as the executor writes it: one row per block, one alias row per planned alias.
#[derive(Default)]
struct Ledger {
    rows: Vec<LedgerImage>,
    aliases: Vec<StoredAlias>,
    change_sets: Vec<ChangeSetInfo>,
    stored: Vec<StoredUnit>,
    /// The notes of the blocks that carried some, as `governance/site-notes.ts` loads them.
    notes: Vec<BlockNotes>,
}

impl Ledger {
    fn record(&mut self, manifest: &Manifest) {
        let n = self.change_sets.len() + 1;
        let (cs, entry) = (format!("cs-{n}"), format!("entry-{n}"));
        let effective = manifest.envelope.effective_from.clone();
        for b in &manifest.blocks {
            self.rows.push(LedgerImage {
                ledger_seq: self.rows.len() as u64 + 1,
                change_set: cs.clone(),
                entry: entry.clone(),
                action: b.action().as_str().into(),
                unit_id: b.unit_id().into(),
                effective_from: effective.clone(),
                recorded_at: None,
                before_image: b.before().cloned(),
                after_image: b.after().cloned(),
                amended_by: b.amended_by().to_vec(),
            });
            if !b.notes().is_empty() {
                self.notes.push(BlockNotes {
                    entry: entry.clone(),
                    unit_id: b.unit_id().into(),
                    notes: b.notes().to_vec(),
                });
            }
            for a in b.aliases() {
                self.aliases.push(StoredAlias {
                    alias_id: format!("alias-{}", self.aliases.len() + 1),
                    target_unit_id: Some(a.target_unit_id.clone()),
                    alias_text: a.alias_text.clone(),
                    alias_kind: serde_json::to_value(a.alias_kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    valid_from: Value::String(a.valid_from.clone()),
                    valid_until: a.valid_until.clone().map_or(Value::Null, Value::String),
                    created_by: Some(a.created_by.clone()),
                    rationale: Some(a.rationale.clone()),
                    scenario_ref: None,
                });
            }
        }
        self.change_sets.push(ChangeSetInfo {
            change_set: cs,
            entry,
            kind: "cut".into(),
            effective_from: effective,
            ledger_seq: self.rows.len() as u64,
            recorded_at: None,
            title: None,
            amendment: manifest.envelope.amendment.clone(),
        });
        self.stored = apply(&self.stored, manifest);
    }

    fn export(&self, doc: AknDocument, vocabulary: &Vocabulary, at: &str) -> AknExport {
        export(&AknInput {
            document: doc,
            country: None,
            at: at.into(),
            generated_at: "2025-09-01T12:00:00Z".into(),
            rows: self.rows.clone(),
            aliases: self.aliases.clone(),
            change_sets: self.change_sets.clone(),
            section_types: vocabulary.section_types.clone(),
            site_notes: self.notes.clone(),
        })
        .unwrap_or_else(|e| panic!("export at {at}: {e} ({}; {})", e.code(), e.hint()))
    }
}

/// Writes the file under `target/akn/` and validates it with xmllint; fails with xmllint's words.
fn validate(name: &str, out: &AknExport) {
    let dir = root().join("../target/akn");
    std::fs::create_dir_all(&dir).expect("target/akn");
    let path = dir.join(name);
    std::fs::write(&path, &out.xml).expect("write the export");
    let schema = root().join("schemas/akn30/akomantoso30.xsd");
    let result = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(&schema)
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
    assert!(stderr.contains("validates"), "xmllint said: {stderr}");
    println!(
        "{name}: {} units, {} bytes, validates ({})",
        out.units,
        out.xml.len(),
        out.expression_uri
    );
}

fn bidding_law() -> (Ledger, AknDocument, &'static Vocabulary) {
    let vi = default_vocabulary("vi").expect("vi");
    let pair = "amend/luat-22-2023-qh15";
    let original = cut(
        &fixture(&format!("{pair}/original.txt")),
        "22/2023/QH15",
        vi,
    );
    let mut ledger = Ledger::default();
    let m0 =
        plan(&original, &[], vi, &input("2024-01-01T00:00:00+07:00")).expect("the original plans");
    ledger.record(&m0);
    for (file, code) in [
        ("amending.txt", "57/2024/QH15"),
        ("amending-2.txt", "90/2025/QH15"),
    ] {
        let law = read_amending_law(&fixture(&format!("{pair}/{file}")), code, vi);
        let in_force = law
            .in_force
            .clone()
            .expect("the amending law says when it comes into force");
        let p = plan_amendments(
            &[law],
            &[None],
            None,
            &ledger.stored,
            vi,
            &original.doc,
            &input(&format!("{in_force}T00:00:00+07:00")),
            false,
        )
        .expect("the amendment plans");
        ledger.record(&p.manifest);
    }
    let doc = AknDocument {
        id: DOC_ID.into(),
        doc_code: "22/2023/QH15".into(),
        slug: original.doc.clone(),
        title: Some("Luật Đấu thầu".into()),
        language: Some("vi".into()),
        vocabulary: Some("vi".into()),
    };
    (ledger, doc, vi)
}

#[test]
fn the_bidding_law_as_enacted_validates() {
    let (ledger, doc, vi) = bidding_law();
    let out = ledger.export(doc, vi, "2024-01-01");
    validate("22-2023-qh15-2024-01-01.akn.xml", &out);
    assert_eq!(out.work_uri, "/akn/vn/act/2023/22-2023-qh15");
    assert_eq!(
        out.expression_uri,
        "/akn/vn/act/2023/22-2023-qh15/vie@2024-01-01"
    );
    let x = &out.xml;
    // Điều 10 khoản 1 điểm đ, as the law prints it.
    assert!(
        x.contains("<point eId=\"art_10__para_1__point_dd\" wId=\"art_10__para_1__point_dd\">"),
        "no point đ of Article 10 clause 1"
    );
    assert!(x.contains("<num>đ)</num>"));
    assert!(x.contains("<num>Điều 10.</num>"));
    assert!(x.contains("<heading>Ưu đãi trong lựa chọn nhà thầu, nhà đầu tư</heading>"));
    assert!(x.contains(
        "<eventRef eId=\"evt_1\" date=\"2024-01-01\" source=\"#original\" type=\"generation\"/>"
    ));
    assert!(
        !x.contains("<passiveModifications"),
        "nothing amended it yet"
    );
    assert!(x.contains("contains=\"originalVersion\""));
}

#[test]
fn the_bidding_law_after_two_amending_laws_validates_with_its_lifecycle_and_modifications() {
    let (ledger, doc, vi) = bidding_law();
    let dates: Vec<String> = ledger
        .change_sets
        .iter()
        .map(|c| c.effective_from[..10].to_owned())
        .collect();
    let out = ledger.export(doc, vi, "2025-12-31");
    validate("22-2023-qh15-amended.akn.xml", &out);
    assert_eq!(
        out.expression_uri,
        format!("/akn/vn/act/2023/22-2023-qh15/vie@{}", dates[2])
    );
    let x = &out.xml;
    assert!(x.contains("contains=\"singleVersion\""));
    assert!(x.contains(&format!(
        "<eventRef eId=\"evt_2\" date=\"{}\" source=\"#pas_1\" type=\"amendment\"/>",
        dates[1]
    )));
    assert!(x.contains(&format!(
        "<eventRef eId=\"evt_3\" date=\"{}\" source=\"#pas_2\" type=\"amendment\"/>",
        dates[2]
    )));
    assert!(x.contains("<passiveRef eId=\"pas_1\" href=\"/akn/vn/act/2024/57-2024-qh15\" showAs=\"57/2024/QH15\"/>"));
    assert!(x.contains("<passiveRef eId=\"pas_2\" href=\"/akn/vn/act/2025/90-2025-qh15\" showAs=\"90/2025/QH15\"/>"));
    // One textualMod per applied step of either law.
    let applied: usize = ledger
        .change_sets
        .iter()
        .filter_map(|c| c.amendment.as_ref())
        .map(|a| a.steps.iter().filter(|s| s.applied).count())
        .sum();
    assert!(applied > 10, "only {applied} steps applied");
    assert_eq!(x.matches("<textualMod ").count(), applied);
    assert!(x.contains("<source href=\"/akn/vn/act/2024/57-2024-qh15/~art_"));
    assert!(x.contains("<source href=\"/akn/vn/act/2025/90-2025-qh15/~art_"));
    assert!(x.contains("<force period=\"#tg_evt_2\"/>"));
    // The text is the amended one: the units differ from the original's.
    let original = ledger.export(bidding_law().1, vi, "2024-01-01");
    assert_ne!(original.xml, out.xml);
    println!(
        "{} of {applied} textual modifications; events on {dates:?}",
        x.matches("<textualMod ").count()
    );
}

#[test]
fn an_english_act_validates_and_a_renumbered_section_keeps_its_wid_with_a_mapping() {
    let uk = default_vocabulary("uk").expect("uk");
    let text = fixture("legislation/uk-ukpga-2000-32/text.txt");
    let first = cut(&text, "2000 c. 32", uk);
    let mut ledger = Ledger::default();
    ledger.record(&plan(&first, &[], uk, &input("2000-11-23T00:00:00Z")).expect("plans"));
    // A second CUT: section 3 is renumbered 3A (its words unchanged).
    let renumbered = text.replacen(
        "\n3 General functions of the Board\n",
        "\n3A General functions of the Board\n",
        1,
    );
    assert_ne!(renumbered, text, "the fixture has section 3");
    let second = cut(&renumbered, "2000 c. 32", uk);
    let m = plan(&second, &ledger.stored, uk, &input("2001-04-01T00:00:00Z"))
        .expect("the renumbering plans");
    assert!(
        m.blocks.iter().any(|b| b.action().as_str() == "readdress"),
        "the renumbering is a readdress"
    );
    ledger.record(&m);
    let doc = AknDocument {
        id: DOC_ID.into(),
        doc_code: "2000 c. 32".into(),
        slug: first.doc.clone(),
        title: Some("Police (Northern Ireland) Act 2000".into()),
        language: Some("en".into()),
        vocabulary: Some("uk".into()),
    };
    let before = ledger.export(doc.clone(), uk, "2000-12-01");
    validate("ukpga-2000-32-2000-12-01.akn.xml", &before);
    assert_eq!(before.work_uri, format!("/akn/gb/act/2000/{}", first.doc));
    assert!(before.expression_uri.ends_with("/eng@2000-11-23"));
    assert!(before.xml.contains("<section eId=\"sec_3\" wId=\"sec_3\">"));
    assert!(before
        .xml
        .contains("<subsection eId=\"sec_3__subsec_2\" wId=\"sec_3__subsec_2\">"));

    let after = ledger.export(doc, uk, "2001-06-01");
    validate("ukpga-2000-32-2001-06-01.akn.xml", &after);
    let x = &after.xml;
    // New eId from the new address, the same wId as before.
    assert!(
        x.contains("<section eId=\"sec_3a\" wId=\"sec_3\">"),
        "section 3A keeps wId sec_3"
    );
    assert!(x.contains("<subsection eId=\"sec_3a__subsec_2\" wId=\"sec_3__subsec_2\">"));
    assert!(!x.contains("eId=\"sec_3\""));
    assert!(x.contains("<mapping original=\"sec_3\" current=\"sec_3a\" start=\"#evt_2\"/>"));
    assert!(x.contains(
        "<mapping original=\"sec_3__subsec_2\" current=\"sec_3a__subsec_2\" start=\"#evt_2\"/>"
    ));
    assert!(x.contains(
        "<eventRef eId=\"evt_2\" date=\"2001-04-01\" source=\"#original\" type=\"amendment\"/>"
    ));
}

#[test]
fn a_crawled_text_with_the_publishers_notes_validates_with_a_note_ref_at_each_provision() {
    // Thông tư 12/2015/TT-BTC as thuvienphapluat.vn consolidates it (`../shared/corpus/vi-subordinate/tvpl`,
    // see its SOURCES.md): notes on articles, clauses and points, some printed twice.
    let path = root().join("../../shared/corpus/vi-subordinate/tvpl/thong-tu-12-2015-tt-btc.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let vi = default_vocabulary("vi").expect("vi");
    let c = cut(&text, "12/2015/TT-BTC", vi);
    let mut ledger = Ledger::default();
    ledger.record(&plan(&c, &[], vi, &input("2015-03-16T00:00:00+07:00")).expect("plans"));
    let doc = AknDocument {
        id: DOC_ID.into(),
        doc_code: "12/2015/TT-BTC".into(),
        slug: c.doc.clone(),
        title: Some("Thông tư 12/2015/TT-BTC".into()),
        language: Some("vi".into()),
        vocabulary: Some("vi".into()),
    };
    let out = ledger.export(doc, vi, "2020-01-01");
    validate("tt-12-2015-tt-btc-notes.akn.xml", &out);
    let x = &out.xml;
    let (meta, body) = x.split_at(x.find("<body>").expect("body"));
    let printed: usize = c.units.iter().map(|u| u.notes.len()).sum();
    assert!(
        out.notes >= 20 && out.notes <= printed,
        "{} of {printed}",
        out.notes
    );
    assert_eq!(meta.matches("<note ").count(), out.notes);
    assert_eq!(body.matches("<noteRef ").count(), out.notes);
    assert!(!body.contains(" bởi Khoản"), "no note's words in the body");
    assert!(x.contains(
        "<num>c)<noteRef href=\"#art_9__para_1__point_c__sitenote_1\" class=\"publisherNote\"/></num>"
    ));
    // Each unit exported with its notes has the content hash of its words alone.
    for u in &c.units {
        assert_eq!(
            u.content_sha256,
            iu_cutter_core::store::unit::content_sha256(u.heading.as_deref(), &u.body),
            "{}",
            u.canonical_address
        );
    }
}
