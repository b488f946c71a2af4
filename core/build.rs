//! Writes the shipped vocabularies (`vocabularies/*.json`) as Rust data, `$OUT_DIR/shipped_vocabularies.rs`,
//! which `text::vocabulary::default_vocabularies` turns into `Vocabulary` values.
//!
//! Read at run time, they brought serde_json's deserializer and float formatting into every build,
//! ~42 KB gzipped of the browser build's 200 KB budget, which reads no other JSON. The JSON files stay
//! the source: `shipped_data_is_the_json_as_from_json_reads_it` holds each value equal to what
//! `Vocabulary::from_json` reads from its file, field by field (defaults, order and all).

use serde_json::{Map, Value};
use std::fmt::Write;
use std::path::Path;

/// In `SHIPPED`'s order (core/src/text/vocabulary.rs); the test above checks they agree.
const FILES: [&str; 5] = ["vi", "en", "us", "uk", "commonwealth"];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut out = String::from("// Written by core/build.rs from vocabularies/*.json.\n[\n");
    for name in FILES {
        let path = format!("vocabularies/{name}.json");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        vocabulary(&mut out, &path, object(&json, &path));
    }
    out.push_str("]\n");
    let dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&dir).join("shipped_vocabularies.rs"), out)
        .expect("write shipped_vocabularies.rs");
}

fn vocabulary(out: &mut String, path: &str, v: &Map<String, Value>) {
    let markers = v
        .get("markers")
        .map(|m| object(m, &format!("{path}: markers")));
    let list = |name: &str| match markers.and_then(|m| m.get(name)) {
        Some(value) => strings(value, &format!("{path}: markers.{name}")),
        None => "&[]".to_owned(),
    };
    let _ = writeln!(
        out,
        "Shipped {{ id: {}, language: {}, name: {}, markers: [{}, {}, {}, {}, {}], section_types: &[",
        v.get("id").map_or("\"\"".to_owned(), |id| string(id, path)),
        string(field(v, "language", path), path),
        string(field(v, "name", path), path),
        list("contents"),
        list("notes"),
        list("closing"),
        list("marginal_notes"),
        list("recitals"),
    );
    let types = field(v, "section_types", path)
        .as_array()
        .unwrap_or_else(|| panic!("{path}: section_types is not an array"));
    for (i, t) in types.iter().enumerate() {
        let at = format!("{path}: section_types[{i}]");
        let t = object(t, &at);
        let get = |name: &str| field(t, name, &at);
        let level = get("level").as_u64().filter(|l| *l <= u64::from(u32::MAX));
        let style = get("ordinal_style")
            .as_str()
            .unwrap_or_else(|| panic!("{at}: ordinal_style is not a string"));
        let kinds = match t.get("kind_heading_patterns") {
            None => String::new(),
            Some(map) => {
                object(map, &at)
                    .iter()
                    .fold(String::new(), |mut pairs, (kind, patterns)| {
                        let _ = write!(pairs, "({kind:?}, {}), ", string(patterns, &at));
                        pairs
                    })
            }
        };
        let _ = writeln!(
            out,
            "  ShippedType {{ code: {}, label: {}, address_token: {}, level: {}, ordinal_style: OrdinalStyle::{}, heading_pattern: {}, citation_root: {}, parents: {}, active: {}, document_kinds: {}, kind_heading_patterns: &[{kinds}] }},",
            string(get("code"), &at),
            string(get("label"), &at),
            string(get("address_token"), &at),
            level.unwrap_or_else(|| panic!("{at}: level is not a u32")),
            variant(style),
            string(get("heading_pattern"), &at),
            boolean(get("citation_root"), &at),
            strings(get("parents"), &at),
            boolean(get("active"), &at),
            t.get("document_kinds").map_or("&[]".to_owned(), |k| strings(k, &at)),
        );
    }
    out.push_str("] },\n");
}

fn object<'a>(v: &'a Value, at: &str) -> &'a Map<String, Value> {
    v.as_object()
        .unwrap_or_else(|| panic!("{at}: not an object"))
}

fn field<'a>(v: &'a Map<String, Value>, name: &str, at: &str) -> &'a Value {
    v.get(name).unwrap_or_else(|| panic!("{at}: no {name}"))
}

/// A Rust string literal (`{:?}` escapes what a literal must).
fn string(v: &Value, at: &str) -> String {
    format!(
        "{:?}",
        v.as_str()
            .unwrap_or_else(|| panic!("{at}: {v} is not a string"))
    )
}

fn strings(v: &Value, at: &str) -> String {
    let items = v
        .as_array()
        .unwrap_or_else(|| panic!("{at}: {v} is not an array"));
    let items: Vec<String> = items.iter().map(|s| string(s, at)).collect();
    format!("&[{}]", items.join(", "))
}

fn boolean(v: &Value, at: &str) -> bool {
    v.as_bool()
        .unwrap_or_else(|| panic!("{at}: {v} is not a boolean"))
}

/// `upper-letter` -> `UpperLetter`: the `OrdinalStyle` variant serde renames to that name (a name
/// no variant has fails to compile).
fn variant(style: &str) -> String {
    style
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}
