//! The TypeScript declarations of the shapes that cross the WASM boundary, generated from the
//! Rust types (ts-rs, feature `ts`) into `extension/src/core-types/`, committed so the extension
//! type-checks without Rust. This test fails when the committed files are stale;
//! `IU_WRITE_TYPES=1 cargo test -p iu-cutter-core --test ts_export` writes them.
#![cfg(feature = "ts")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use iu_cutter_core::address::Address;
use iu_cutter_core::amend::preview::AmendPreview;
use iu_cutter_core::amend::AmendingLaw;
use iu_cutter_core::gate::{CutCheck, GateReport};
use iu_cutter_core::ErrorReport;
use ts_rs::{Config, TS};

/// Every type the bindings name; the types they contain come with them.
fn export_all(dir: &Path) {
    // Integers cross as JS numbers (serde_json, serde-wasm-bindgen's JSON-compatible serializer).
    let cfg = Config::new()
        .with_out_dir(dir)
        .with_large_int("number")
        .with_import_extension(Some("js"));
    ErrorReport::export_all(&cfg).unwrap();
    Address::export_all(&cfg).unwrap();
    AmendingLaw::export_all(&cfg).unwrap();
    AmendPreview::export_all(&cfg).unwrap();
    GateReport::export_all(&cfg).unwrap();
    CutCheck::export_all(&cfg).unwrap();
}

fn files(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".ts") {
            out.insert(name, std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    out
}

#[test]
fn committed_typescript_declarations_match_the_rust_types() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../extension/src/core-types");
    let fresh = std::env::temp_dir().join(format!("iu-core-types-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    export_all(&fresh);
    let generated = files(&fresh);
    if std::env::var_os("IU_WRITE_TYPES").is_some() {
        for name in files(&committed).keys() {
            if !generated.contains_key(name) && name != "index.ts" && name != "outcome.ts" {
                std::fs::remove_file(committed.join(name)).unwrap();
            }
        }
        for (name, text) in &generated {
            std::fs::write(committed.join(name), text).unwrap();
        }
    }
    let now = files(&committed);
    let stale: Vec<&String> = generated
        .iter()
        .filter(|(name, text)| now.get(*name) != Some(text))
        .map(|(name, _)| name)
        .collect();
    let _ = std::fs::remove_dir_all(&fresh);
    assert!(
        stale.is_empty(),
        "extension/src/core-types is stale ({stale:?}): run IU_WRITE_TYPES=1 cargo test -p iu-cutter-core --test ts_export and commit"
    );
}
