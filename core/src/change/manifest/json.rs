//! Reading a manifest's JSON text: the shape, the format and the claimed sha256.

use serde::Deserialize;
use serde_json::Value;

use super::{is_known_format, Manifest, ManifestError};
use crate::text::hash::sha256_hex;

impl Manifest {
    /// Reads a manifest and checks it: the format, that the text has exactly the
    /// manifest's fields, that it hashes to `claimed_sha256` when one is given, and
    /// that it is internally consistent ([`Manifest::check`]).
    pub fn from_json(json: &str, claimed_sha256: Option<&str>) -> Result<Manifest, ManifestError> {
        // Fast path: the text is already this manifest's canonical JSON, as every manifest the
        // workflow stores, joins or hands over is. Then one typed parse and one serialization
        // prove the shape (the text is exactly the manifest's fields), and its sha256 is the
        // text's. For 100k blocks this skips a generic JSON tree, its deep copy and a field-by-
        // field comparison (seconds in WASM). Any other text takes the general path below, which
        // names the first difference.
        if let Ok(manifest) = serde_json::from_str::<Manifest>(json) {
            if is_known_format(&manifest.envelope.format) && manifest.to_canonical_json() == json {
                return manifest.accepted(claimed_sha256, |_| sha256_hex(json));
            }
        }
        let invalid = |e: serde_json::Error| ManifestError::InvalidJson {
            message: e.to_string(),
            line: e.line(),
            column: e.column(),
        };
        let value: Value = serde_json::from_str(json).map_err(invalid)?;
        if let Some(found) = value.pointer("/envelope/format") {
            if !found.as_str().is_some_and(is_known_format) {
                return Err(ManifestError::UnsupportedFormat {
                    found: found
                        .as_str()
                        .map_or_else(|| found.to_string(), str::to_string),
                });
            }
        }
        let manifest = Manifest::deserialize(&value).map_err(invalid)?;
        let reserialized = serde_json::to_value(&manifest).unwrap_or(Value::Null);
        if let Some((path, expected, found)) =
            first_difference(&reserialized, &value, String::new())
        {
            return Err(ManifestError::ShapeMismatch {
                path,
                expected,
                found,
            });
        }
        manifest.accepted(claimed_sha256, Manifest::sha256)
    }

    /// The last checks of every read: the sha256 (`computed` of the manifest, taken only when one
    /// is claimed) and the manifest's own consistency ([`Manifest::check`]).
    fn accepted(
        self,
        claimed_sha256: Option<&str>,
        computed: impl FnOnce(&Manifest) -> String,
    ) -> Result<Manifest, ManifestError> {
        self.accepted_with(claimed_sha256, computed, false)
    }

    pub(super) fn accepted_with(
        self,
        claimed_sha256: Option<&str>,
        computed: impl FnOnce(&Manifest) -> String,
        images_hashed: bool,
    ) -> Result<Manifest, ManifestError> {
        if let Some(claimed) = claimed_sha256 {
            let computed = computed(&self);
            if !claimed.eq_ignore_ascii_case(&computed) {
                return Err(ManifestError::Sha256Mismatch {
                    claimed: claimed.into(),
                    computed,
                });
            }
        }
        self.check_with(images_hashed)?;
        Ok(self)
    }
}

// The first JSON pointer where `found` differs from `expected`, with both sides shown briefly.
fn first_difference(
    expected: &Value,
    found: &Value,
    path: String,
) -> Option<(String, String, String)> {
    let shown = |v: Option<&Value>| match v {
        None => "nothing".to_string(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 80 {
                let cut: String = text.chars().take(77).collect();
                format!("{cut}...")
            } else {
                text
            }
        }
    };
    match (expected, found) {
        (Value::Object(e), Value::Object(f)) => {
            let mut keys: Vec<&String> = e.keys().chain(f.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let child = format!("{path}/{key}");
                match (e.get(key), f.get(key)) {
                    (Some(ev), Some(fv)) => {
                        if let Some(d) = first_difference(ev, fv, child) {
                            return Some(d);
                        }
                    }
                    (ev, fv) => return Some((child, shown(ev), shown(fv))),
                }
            }
            None
        }
        (Value::Array(e), Value::Array(f)) => {
            for (i, (ev, fv)) in e.iter().zip(f).enumerate() {
                if let Some(d) = first_difference(ev, fv, format!("{path}/{i}")) {
                    return Some(d);
                }
            }
            if e.len() != f.len() {
                return Some((
                    path,
                    format!("{} items", e.len()),
                    format!("{} items", f.len()),
                ));
            }
            None
        }
        (e, f) if e == f => None,
        (e, f) => Some((
            if path.is_empty() { "/".into() } else { path },
            shown(Some(e)),
            shown(Some(f)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_difference_names_the_json_pointer() {
        let a = serde_json::json!({"envelope": {"counts": {"create": 1}}, "blocks": [1, 2]});
        let b = serde_json::json!({"envelope": {"counts": {"create": 2}}, "blocks": [1, 2]});
        assert_eq!(
            first_difference(&a, &b, String::new()),
            Some(("/envelope/counts/create".into(), "1".into(), "2".into()))
        );
        let c = serde_json::json!({"envelope": {"counts": {"create": 1}}, "blocks": [1]});
        assert_eq!(
            first_difference(&a, &c, String::new()),
            Some(("/blocks".into(), "2 items".into(), "1 items".into()))
        );
    }
}
