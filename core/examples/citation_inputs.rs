//! Adds to labelled passages what iu-cutter knows about the text around them: for a line inside
//! an amending instruction, the document it amends and the unit it targets, as the amendment
//! reader ([`read_amending_law`]) reads them from the whole amending document.
//!
//! `cargo run --release -p iu-cutter-core --example citation_inputs -- INDEX FILE.jsonl …`
//!
//! `INDEX` is what `python3 tests/corpus/render OUT corpus…` wrote. Prints one JSON line per passage
//! of a document the index has: `{"id", "amends": {"doc": slug, "context": address | null,
//! "instruction": id} | null}`, the amendment when its line lies in an instruction's span
//! (`tests/citations/inputs.py` writes them into the passages). The labels are never read: this is
//! the finder's input, as the system
//! has it when it shows an amending law (a citation in quoted amending text belongs to the
//! amended document), kept in the passage so the sets score where the corpora are not.

use std::collections::HashMap;

use iu_cutter_core::read::amending_law::read_amending_law;
use iu_cutter_core::text::vocabulary::default_vocabulary;
use serde_json::{json, Value};

/// The first and last line of an instruction, and what it amends.
type Spans = (u32, u32, Value);

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(index) = args.next() else {
        eprintln!("usage: citation_inputs INDEX FILE.jsonl …");
        std::process::exit(2);
    };
    let index: Value = serde_json::from_str(&std::fs::read_to_string(&index).unwrap_or_default())
        .unwrap_or(Value::Null);
    // `corpus/id` → the rendered text's path.
    let mut texts: HashMap<String, String> = HashMap::new();
    for corpus in index.as_array().map(Vec::as_slice).unwrap_or_default() {
        let name = corpus["name"].as_str().unwrap_or("");
        for d in corpus["documents"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            if let (Some(id), Some(text)) = (d["id"].as_str(), d["text"].as_str()) {
                texts.insert(format!("{name}/{id}"), text.to_owned());
            }
        }
    }
    // One reading per document (and per code the labellers gave it): each instruction's lines
    // and what it amends.
    let mut readings: HashMap<(String, String), Vec<Spans>> = HashMap::new();
    let (mut seen, mut marked) = (0, 0);
    for file in args {
        let body = std::fs::read_to_string(&file).unwrap_or_default();
        for line in body.lines().filter(|l| !l.trim().is_empty()) {
            let p: Value = serde_json::from_str(line).unwrap_or(Value::Null);
            let id = p["id"].as_str().unwrap_or("").to_owned();
            let (doc_key, line_no) = id.rsplit_once(':').map_or((id.as_str(), 0), |(d, n)| {
                (d, n.parse::<u32>().unwrap_or(0))
            });
            let code = p["doc"].as_str().unwrap_or("").to_owned();
            let vocab = if p["corpus"].as_str().unwrap_or("").starts_with("vi") {
                "vi"
            } else {
                "us"
            };
            if let (Some(path), Some(vocabulary)) = (texts.get(doc_key), default_vocabulary(vocab))
            {
                seen += 1;
                let spans = readings
                    .entry((doc_key.to_owned(), code.clone()))
                    .or_insert_with(|| {
                        let text = std::fs::read_to_string(path).unwrap_or_default();
                        let law = read_amending_law(&text, &code, vocabulary);
                        law.instructions
                            .iter()
                            .filter_map(|i| {
                                let slug = i.law.clone()?;
                                // Targets are paths inside the amended document (`dieu-16/khoan-1`).
                                let context = i
                                    .targets
                                    .first()
                                    .filter(|t| !t.is_empty())
                                    .map(|t| format!("{slug}/{t}"));
                                Some((
                                    i.span.line,
                                    i.span.end_line,
                                    json!({"doc": slug, "context": context, "instruction": i.id}),
                                ))
                            })
                            .collect()
                    });
                let found = spans
                    .iter()
                    .find(|(from, to, _)| (*from..=*to).contains(&line_no))
                    .map(|(_, _, v)| v.clone());
                marked += usize::from(found.is_some());
                println!("{}", json!({"id": id, "amends": found}));
            }
        }
    }
    eprintln!(
        "{seen} passages of documents on this machine, {marked} inside an amending instruction"
    );
}
