//! RFC 8785 (JCS) canonical JSON: the byte form that manifests, content
//! hashes and ledger rows are hashed in, so equal values give equal bytes.

use serde::Serialize;
use serde_json::{Number, Value};

use crate::text::bytes::{lanes_below, lanes_equal, position};
use crate::text::hash::sha256_hex_bytes;

/// The canonical JSON bytes of `value`, as UTF-8 text.
///
/// Serializing plain data (structs, strings, integers, maps with string keys)
/// cannot fail; a value that can (a map with non-string keys, a non-finite
/// float) is a programming error and yields `"null"` rather than a panic.
///
/// The value goes through a `serde_json::Value` and [`write_value`]: 3–4× faster than the
/// general canonicalizer, which buffers every key and value and re-parses each key to sort
/// it (a 100k-block manifest: ~0.2 s natively instead of ~0.6–0.9 s, and every manifest
/// read, content hash and ledger row goes through here). A proptest below holds both ways
/// to the same bytes for typed values.
pub fn to_string<T: Serialize>(value: &T) -> String {
    let direct = serde_json::to_value(value).ok().and_then(|v| {
        let mut out = Vec::new();
        write_value(&mut out, &v);
        String::from_utf8(out).ok()
    });
    direct.unwrap_or_else(|| general(value))
}

/// The general RFC 8785 canonicalizer (serde_json_canonicalizer).
fn general<T: Serialize>(value: &T) -> String {
    serde_json_canonicalizer::to_string(value).unwrap_or_else(|_| String::from("null"))
}

/// sha256 (lowercase hex) of the canonical JSON of `value`.
pub fn sha256<T: Serialize>(value: &T) -> String {
    sha256_hex_bytes(to_string(value).as_bytes())
}

/// Appends the canonical JSON of a JSON value to `out`: the same bytes as [`to_string`],
/// written directly. The general canonicalizer buffers every key and value and re-parses
/// each key to sort it; ledger audits hash millions of rows, so the common shapes (maps
/// already in key order, integers, strings) take this path. A proptest below holds it to
/// the canonicalizer byte for byte.
pub fn write_value(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(out, item);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            // RFC 8785 orders keys by UTF-16 code units. That is code point (and UTF-8
            // byte) order unless a key holds a character from U+E000 up, which UTF-16
            // puts after the surrogate pairs of U+10000 and above.
            if entries
                .iter()
                .any(|(k, _)| k.chars().any(|c| c >= '\u{E000}'))
            {
                entries.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            } else if !entries.windows(2).all(|w| w[0].0 <= w[1].0) {
                entries.sort_by(|a, b| a.0.cmp(b.0));
            }
            out.push(b'{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_str(out, key);
                out.push(b':');
                write_value(out, item);
            }
            out.push(b'}');
        }
    }
}

/// A JSON string as RFC 8785 writes it: `"` and `\` escaped, control characters as
/// `\b \t \n \f \r` or `\u00xx` (lowercase), everything else as is.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escaped_runs(s, |run| out.extend_from_slice(run));
    out.push(b'"');
}

/// The inside of `s` as [`write_str`] writes it, handed to `sink` in pieces: the runs that
/// need no escape whole (found eight bytes at a time), then each escape. The content hash
/// streams them into its hasher with no buffer.
pub(crate) fn escaped_runs(s: &str, mut sink: impl FnMut(&[u8])) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    let mut unicode = *b"\\u0000";
    let mut run = 0;
    while let Some(i) = position(bytes, run, escaped_lanes, escaped) {
        let Some(&b) = bytes.get(i) else {
            break;
        };
        sink(bytes.get(run..i).unwrap_or_default());
        sink(match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            _ => {
                unicode[4] = HEX[usize::from(b >> 4)];
                unicode[5] = HEX[usize::from(b & 0x0f)];
                &unicode
            }
        });
        run = i + 1;
    }
    sink(bytes.get(run..).unwrap_or_default());
}

// The bytes a JSON string escapes: control characters, `"` and `\`.
fn escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

fn escaped_lanes(w: u64) -> u64 {
    lanes_below(w, 0x20) | lanes_equal(w, b'"') | lanes_equal(w, b'\\')
}

fn write_number(out: &mut Vec<u8>, n: &Number) {
    // Integers a double holds exactly print as their digits; anything else (fractions,
    // exponents, larger integers) goes through the canonicalizer's ECMAScript formatting.
    const EXACT: u64 = 1 << 53;
    if let Some(u) = n.as_u64().filter(|&u| u <= EXACT) {
        out.extend_from_slice(u.to_string().as_bytes());
    } else if let Some(i) = n.as_i64().filter(|i| i.unsigned_abs() <= EXACT) {
        out.extend_from_slice(i.to_string().as_bytes());
    } else {
        out.extend_from_slice(general(n).as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn fast(value: &Value) -> String {
        let mut out = Vec::new();
        write_value(&mut out, value);
        String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
                .prop_map(Value::from),
            (-(1i64 << 54)..(1i64 << 54)).prop_map(Value::from),
            "\\PC{0,12}".prop_map(Value::from),
            "[\\x00-\\x1f\"\\\\/\u{7f}\u{2028}\u{e000}\u{ffff}\u{10000}a]{0,8}"
                .prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(
                    "[a-c\u{e000}\u{ffff}\u{10000}\u{1f600}é_]{0,4}",
                    inner,
                    0..6
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// A typed value with the shapes the core hashes: optional fields, nested structs and
    /// lists, maps, large integers and any text.
    #[derive(Serialize, Debug)]
    struct Typed {
        id: String,
        heading: Option<String>,
        position: u64,
        offset: i64,
        active: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        parent: Option<String>,
        children: Vec<Typed>,
        tags: std::collections::HashMap<String, u32>,
    }

    fn typed() -> impl Strategy<Value = Typed> {
        let text = "[\\x00-\\x1f\"\\\\/\u{7f}\u{2028}\u{e000}\u{ffff}\u{10000}aĐ]{0,8}";
        let leaf = (
            text,
            proptest::option::of(text),
            any::<u64>(),
            any::<i64>(),
            any::<bool>(),
            proptest::option::of(text),
            proptest::collection::hash_map("[a-c\u{e000}\u{10000}é_]{0,4}", any::<u32>(), 0..4),
        )
            .prop_map(
                |(id, heading, position, offset, active, parent, tags)| Typed {
                    id,
                    heading,
                    position,
                    offset,
                    active,
                    parent,
                    children: Vec::new(),
                    tags,
                },
            );
        leaf.prop_recursive(3, 24, 4, |inner| {
            (inner.clone(), proptest::collection::vec(inner, 0..4)).prop_map(|(mut t, children)| {
                t.children = children;
                t
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn the_direct_writer_gives_the_canonicalizer_bytes(value in json_value()) {
            prop_assert_eq!(fast(&value), general(&value));
            prop_assert_eq!(to_string(&value), general(&value));
        }

        #[test]
        fn typed_values_give_the_canonicalizer_bytes(value in typed()) {
            prop_assert_eq!(to_string(&value), general(&value));
        }
    }

    #[test]
    fn keys_from_u_e000_up_sort_after_supplementary_characters() {
        let v: Value = serde_json::from_str(r#"{"\uffff":1,"\ud83d\ude00":2,"a":3}"#).unwrap();
        assert_eq!(fast(&v), to_string(&v));
        assert_eq!(fast(&v), "{\"a\":3,\"😀\":2,\"\u{ffff}\":1}");
        assert_eq!(fast(&json!(1.0)), "1");
        assert_eq!(fast(&json!(9007199254740993u64)), "9007199254740992");
        assert_eq!(fast(&json!("\u{1}\u{8}\"")), r#""\u0001\b\"""#);
    }

    #[test]
    fn keys_are_sorted_and_whitespace_dropped() {
        assert_eq!(
            to_string(&json!({"b": 1, "a": [true, null, "x"]})),
            r#"{"a":[true,null,"x"],"b":1}"#
        );
    }

    #[test]
    fn non_ascii_text_stays_utf8() {
        assert_eq!(to_string(&json!({"h": "Điều"})), "{\"h\":\"Điều\"}");
    }
}
