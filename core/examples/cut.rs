//! Cuts a text file and prints its units and diagnostics, one per line:
//! `cargo run --release --example cut -- FILE DOC_CODE VOCABULARY`.

use iu_cutter_core::read::cut::cut_with_frame;
use iu_cutter_core::text::vocabulary::default_vocabulary;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, file, doc_code, vocabulary] = args.as_slice() else {
        eprintln!("usage: cut FILE DOC_CODE VOCABULARY (vi, en, us, uk, commonwealth)");
        std::process::exit(2);
    };
    let Some(vocabulary) = default_vocabulary(vocabulary) else {
        eprintln!("no vocabulary '{vocabulary}'");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{file}: {e}");
            std::process::exit(2);
        }
    };
    let (cut, frame) = cut_with_frame(&text, doc_code, vocabulary);
    for u in &cut.units {
        let excerpt: String = u
            .heading
            .as_deref()
            .unwrap_or(&u.body)
            .chars()
            .take(60)
            .collect();
        println!(
            "{:>6} {} | {}",
            u.line,
            u.canonical_address,
            excerpt.replace('\n', " / ")
        );
    }
    for d in &cut.diagnostics {
        println!("{:>6}:{} {} {}", d.line, d.column, d.code, d.message);
    }
    println!(
        "{} units, {} diagnostics, {} note(s), {} line(s) of contents",
        cut.units.len(),
        cut.diagnostics.len(),
        frame.notes.len(),
        frame.contents.len()
    );
    if std::env::var_os("CUT_CONTENTS").is_some() {
        println!("contents: {:?}", frame.contents);
    }
    if let Some(closing) = &frame.closing {
        println!("closing from line {}", closing.line);
    }
}
