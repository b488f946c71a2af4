//! Where the CUT's check spends its time on the 100k-unit act (what `cutCheckParts` does,
//! step by step), as a table to compare between runs:
//! `cargo test -p iu-cutter-core --release --test all cut_check_speed:: -- --ignored --nocapture`.

use std::time::Instant;

use iu_cutter_core::change::gate::{cut_gates_of_read, result_gates_of_applied};
use iu_cutter_core::change::manifest::{
    base_sha256, canonical_parts_sha256, result_sha256, PartsReader, UnitBlock,
};
use iu_cutter_core::read::cut::cut;
use iu_cutter_core::text::canonical_json;

use iu_cutter_core::change::plan::{apply, plan, PlanInput};
use iu_cutter_core::read::sample::generated_act;
use iu_cutter_core::text::vocabulary::default_vocabulary;

#[test]
#[ignore = "a timing table, not a check: run it with --release --ignored --nocapture"]
fn the_cut_check_of_the_100k_act_step_by_step() {
    let vi = default_vocabulary("vi").expect("vi ships");
    let text = generated_act(20, 500, 3, 2);
    let cut = cut(&text, "90/2026/QH15", vi);
    let input = PlanInput {
        document_id: "doc-90-2026-qh15".into(),
        source_sha256: "0".repeat(64),
        effective_from: "2026-01-01T00:00:00Z".into(),
        created_at: "2026-01-01T00:00:00Z".into(),
        created_by: "editor".into(),
        enact: false,
        by_enacted_law: false,
        scope: None,
    };
    let manifest = plan(&cut, &[], vi, &input).expect("the act plans");
    let (envelope, blocks) = manifest.canonical_parts();
    let sha = canonical_parts_sha256(&envelope, &blocks);
    let lines = blocks.join("\n");
    println!(
        "{} blocks, {} MB of block text",
        blocks.len(),
        lines.len() / 1_000_000
    );

    let mut t = Instant::now();
    let mut lap = |what: &str| {
        println!("{what:<40} {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
        t = Instant::now();
    };
    // What reading the parts is made of, one by one.
    let parsed: Vec<UnitBlock> = lines
        .split('\n')
        .map(|b| serde_json::from_str(b).expect("parses"))
        .collect();
    lap("parts: parse the blocks");
    let canonical: usize = parsed
        .iter()
        .map(|b| canonical_json::to_string(b).len())
        .sum();
    lap("parts: each block's canonical JSON again");
    let _ = canonical_parts_sha256(&envelope, &blocks);
    lap("parts: sha256 of the parts");
    assert!(canonical > 0);
    let mut reader = PartsReader::new(&envelope);
    for line in lines.split('\n') {
        reader.push(line);
    }
    lap("PartsReader: push every block");
    let read = reader.finish(Some(&sha)).expect("reads");
    lap("PartsReader: finish (Manifest::check)");
    let applied = apply(&[], &read);
    lap("apply");
    let after = result_gates_of_applied(&read, &applied, &vi.section_types);
    lap("result gates");
    let before = cut_gates_of_read(&read, &sha, &sha, &[]);
    lap("cut gates");
    let steps = read.write_steps();
    lap("write steps");
    assert!(read.writes_in_block_order());
    lap("writes_in_block_order");
    let result = result_sha256(&read.envelope.document_id, &[], &read);
    lap("result sha256 (the blocks' after_sha256)");
    assert_eq!(result, base_sha256(&read.envelope.document_id, &applied));
    assert!(after.passed && before.passed && steps.len() == blocks.len() && result.len() == 64);
}
