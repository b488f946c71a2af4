//! RFC 8785 (JCS) canonical JSON: the byte form that manifests, content
//! hashes and ledger rows are hashed in, so equal values give equal bytes.

use serde::Serialize;

use crate::hash::sha256_hex_bytes;

/// The canonical JSON bytes of `value`, as UTF-8 text.
///
/// Serializing plain data (structs, strings, integers, maps with string keys)
/// cannot fail; a value that can (a map with non-string keys, a non-finite
/// float) is a programming error and yields `"null"` rather than a panic.
pub fn to_string<T: Serialize>(value: &T) -> String {
    serde_json_canonicalizer::to_string(value).unwrap_or_else(|_| String::from("null"))
}

/// sha256 (lowercase hex) of the canonical JSON of `value`.
pub fn sha256<T: Serialize>(value: &T) -> String {
    sha256_hex_bytes(to_string(value).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
