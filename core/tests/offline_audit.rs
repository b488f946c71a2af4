//! `iu-cutter-audit`, the native offline audit, on a real export (tests/fixtures/ledger-export: a walk
//! of the whole signed workflow in a real Directus): intact as recorded; an approval forged by the
//! operator who holds the ledger's key (re-chained, re-sealed, the witness rewritten) is named by its
//! signature, on one thread and on several alike; a cut-short export, an edited unit and a file that is
//! no export are each named. `tests/wasm/offline-audit.test.js` holds `npm run ledger:audit` to the same.

use std::path::{Path, PathBuf};
use std::process::Command;

use iu_cutter_core::ledger::chain::{append_rows, NewRow};
use iu_cutter_core::ledger::checkpoint::{sign, Checkpoint, UnsignedCheckpoint};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/ledger-export")
        .join(name)
}

/// Runs the binary on `export` (a path) with the fixture's keys and `witness`: exit code, stdout, stderr.
fn audit(export: &Path, witness: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_iu-cutter-audit"))
        .arg("--export")
        .arg(export)
        .arg("--public-key")
        .arg(fixture("ledger.pub"))
        .arg("--witness")
        .arg(witness)
        .args(["--agent-key"])
        .arg(fixture("dot-991.pub"))
        .args(["--agent-key"])
        .arg(fixture("dot-992.pub"))
        .args(extra)
        .output()
        .expect("iu-cutter-audit runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn lines() -> Vec<Value> {
    std::fs::read_to_string(fixture("export.jsonl"))
        .expect("the fixture")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON lines"))
        .collect()
}

fn write(dir: &Path, name: &str, lines: &[String]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, lines.join("\n") + "\n").expect("a temporary file");
    path
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iu-offline-audit-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

/// The export with `edit` applied to its rows' content, the chain re-hashed and every checkpoint re-signed
/// with the ledger's key, as the operator who holds it would; and the witness file rewritten to match.
fn resealed(edit: impl Fn(&mut Value)) -> (Vec<String>, Vec<String>) {
    let key = std::fs::read_to_string(fixture("ledger.key")).expect("the fixture's key");
    let all = lines();
    let mut rows = Vec::new();
    for l in &all {
        if l["type"] == "row" {
            let mut content = l["content"].clone();
            edit(&mut content);
            rows.push(NewRow {
                collection: l["collection"].as_str().unwrap().into(),
                id: l["id"].as_str().unwrap().into(),
                content,
            });
        }
    }
    let chained = append_rows(None, rows);
    let reseal = |c: Checkpoint| {
        sign(
            &key,
            &UnsignedCheckpoint {
                seq: c.seq,
                from_seq: c.from_seq,
                prev_seq: c.prev_seq,
                head: chained[c.seq as usize - 1].row_hash.clone(),
                recorded_at: c.recorded_at,
            },
        )
        .expect("the fixture's key signs")
    };
    let mut out = Vec::new();
    let mut next_row = chained.iter();
    for l in all {
        out.push(match l["type"].as_str() {
            Some("row") => {
                let r = next_row.next().unwrap();
                serde_json::json!({ "type": "row", "collection": r.collection, "id": r.id, "content": r.content, "prev_hash": r.prev_hash, "row_hash": r.row_hash }).to_string()
            }
            Some("checkpoint") => {
                let c: Checkpoint = serde_json::from_value(l).unwrap();
                let mut v = serde_json::to_value(reseal(c)).unwrap();
                v["type"] = "checkpoint".into();
                v.to_string()
            }
            _ => l.to_string(),
        });
    }
    let witness = std::fs::read_to_string(fixture("ledger-witness.jsonl"))
        .unwrap()
        .lines()
        .map(|l| reseal(serde_json::from_str(l).unwrap()).to_canonical_json())
        .collect();
    (out, witness)
}

#[test]
fn the_recorded_export_is_intact_and_every_signature_holds() {
    let (code, out, err) = audit(
        &fixture("export.jsonl"),
        &fixture("ledger-witness.jsonl"),
        &[],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("PASS  chain and signatures: 383 row(s) seq 1..383, 8 checkpoint(s)"),
        "{out}"
    );
    assert!(
        out.contains("184 unit(s), 0 alias(es); 0 difference(s)"),
        "{out}"
    );
    assert!(out.ends_with("result: INTACT\n"), "{out}");
}

#[test]
fn an_approval_the_operator_forged_and_resealed_is_named_by_its_signature_on_any_number_of_threads()
{
    // The approval's ES256 signature swapped for the submission's (a real signature by another passkey,
    // over another statement): the operator re-hashes the chain and re-signs every checkpoint.
    let submitted: Value = lines()
        .into_iter()
        .find(|l| l["content"]["event"] == "submitted")
        .map(|l| serde_json::from_str(l["content"]["detail"].as_str().unwrap()).unwrap())
        .expect("a submission");
    let theirs = submitted["person_signature"]["proof"]["signature"].clone();
    let (export, witness) = resealed(|c| {
        if c["event"] == "approved" {
            let mut detail: Value = serde_json::from_str(c["detail"].as_str().unwrap()).unwrap();
            detail["person_signature"]["proof"]["signature"] = theirs.clone();
            c["detail"] = detail.to_string().into();
        }
    });
    let dir = temp_dir("forged");
    let (export, witness) = (
        write(&dir, "export.jsonl", &export),
        write(&dir, "witness.jsonl", &witness),
    );
    let (code, out, err) = audit(&export, &witness, &[]);
    assert_eq!(code, 1, "{out}{err}");
    // The approval's signature, and the agents' two after it (each signed a row hash the re-chaining
    // changed); nothing else: the chain and its checkpoints hold, re-sealed with the operator's key.
    assert!(out.contains("; 3 violation(s)"), "{out}");
    let named: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("bad-actor-signature at seq"))
        .collect();
    assert_eq!(named.len(), 3, "{out}");
    assert!(
        named[0].contains("does not verify under the signer's key"),
        "{out}"
    );
    assert!(
        named[1].contains("the row was rewritten after it was signed"),
        "{out}"
    );
    let json = |threads: &str| {
        let (code, out, err) = audit(&export, &witness, &["--json", "--threads", threads]);
        assert_eq!(code, 1, "{err}");
        let mut v: Value = serde_json::from_str(&out).expect("a JSON report");
        assert_eq!(v["chain"]["violations"][0]["kind"], "bad-actor-signature");
        v["export"]["exported_at"].take();
        v
    };
    assert_eq!(json("1"), json("4"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_cut_short_export_an_edited_unit_and_a_file_that_is_no_export_are_each_named() {
    let dir = temp_dir("damaged");
    let raw: Vec<String> = std::fs::read_to_string(fixture("export.jsonl"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let witness = fixture("ledger-witness.jsonl");

    let short = write(&dir, "short.jsonl", &raw[..raw.len() - 1]);
    let (code, out, _) = audit(&short, &witness, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL  export-truncated: the export has no closing line"),
        "{out}"
    );

    let mut edited = raw.clone();
    let at = edited
        .iter()
        .position(|l| l.starts_with(r#"{"type":"unit""#))
        .unwrap();
    let mut unit: Value = serde_json::from_str(&edited[at]).unwrap();
    unit["body"] = "Văn bản sửa ngoài quy trình.".into();
    edited[at] = unit.to_string();
    let (code, out, _) = audit(&write(&dir, "edited.jsonl", &edited), &witness, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("unit edited") && out.contains("field body"),
        "{out}"
    );
    assert!(out.contains("PASS  chain and signatures"), "{out}");

    let (code, _, err) = audit(&witness, &witness, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("line 1: not an iu-cutter ledger export"),
        "{err}"
    );

    let mut damaged = raw.clone();
    damaged[5] = "{not json".into();
    let (code, _, err) = audit(&write(&dir, "damaged.jsonl", &damaged), &witness, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("line 6: not JSON; the export is damaged"),
        "{err}"
    );

    let (code, _, err) = audit(&short, &witness, &["--threads", "none"]);
    assert_eq!(code, 2);
    assert!(err.contains("--threads takes a number"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}
