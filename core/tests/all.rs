//! The core's integration tests, as the modules of one test binary (`--test all`): one link and one
//! process instead of one per file, which `npm test`'s 2-core budget needs (docs/DEVELOPMENT.md). Each file
//! below is the tests of one subject; one file's tests: `cargo test -p iu-cutter-core --test all cut_vi::`.
//! Cargo.toml sets `autotests = false`, so a new file here is added to this list, or it does not run.

// What several files share.
mod chains;
mod cut_common;
mod grammar_support;
mod plan_common;

mod address_grammar;
mod akn_export;
mod amend_real;
mod amend_sequence;
mod citations_us;
mod consolidation;
mod cut_ca;
mod cut_check_speed;
mod cut_defects;
mod cut_definitions;
mod cut_diagnostics;
mod cut_en;
mod cut_headings;
mod cut_legislation;
mod cut_pinned;
mod cut_props;
mod cut_repealed;
mod cut_speed;
mod cut_uk;
mod cut_us;
mod cut_vi;
mod cut_vi_messy;
mod cut_vi_real;
mod layers;
mod live_text;
mod manifest_v1;
mod mass_retire;
mod offline_audit;
mod plan_locality;
mod plan_pinned;
mod plan_properties;
mod plan_spec;
mod repair_spec;
mod rollback_spec;
mod verify_spec;
mod verify_speed;
mod vocabulary_fit;

/// With `autotests = false` a test file that no `mod` line above names would never run: this fails instead.
#[test]
fn every_test_file_is_a_module_of_this_binary() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let me = include_str!("all.rs");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("core/tests is readable") {
        let path = entry.expect("a directory entry of core/tests").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs")
            && stem != "all"
            && !me.contains(&format!("\nmod {stem};\n"))
        {
            missing.push(format!("core/tests/{stem}.rs"));
        }
    }
    assert!(
        missing.is_empty(),
        "add `mod <name>;` to core/tests/all.rs for: {}",
        missing.join(", ")
    );
}
