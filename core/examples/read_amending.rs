//! `cargo run --example read_amending -- FILE DOC_CODE`: what the reader finds in an amending
//! document (its laws, instructions and unreadable provisions), one JSON value, for looking into a text.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(file), Some(code)) = (args.first(), args.get(1)) else {
        eprintln!("usage: read_amending FILE DOC_CODE");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let vi = iu_cutter_core::text::vocabulary::default_vocabulary("vi").expect("vi");
    let law = iu_cutter_core::read::amending_law::read_amending_law(&text, code, vi);
    println!(
        "{}",
        serde_json::to_string_pretty(&law).expect("serializes")
    );
}
