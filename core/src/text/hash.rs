//! Content hashes: lowercase hex sha256, the one digest used for unit
//! contents, document sources, manifests and the ledger chain.

use sha2::{Digest, Sha256};

/// Lowercase hex sha256 of the UTF-8 bytes of `text`.
pub fn sha256_hex(text: &str) -> String {
    sha256_hex_bytes(text.as_bytes())
}

/// Lowercase hex sha256 of raw bytes.
pub fn sha256_hex_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of a digest.
pub fn hex(digest: &[u8]) -> String {
    let mut out = vec![0u8; digest.len() * 2];
    write_hex(digest, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

// Two characters a byte from one table: every unit of every cut is hashed and printed.
fn write_hex(digest: &[u8], out: &mut [u8]) {
    for (pair, &b) in out.chunks_exact_mut(2).zip(digest) {
        pair.copy_from_slice(&HEX_PAIRS[usize::from(b)]);
    }
}

/// A sha256 as its 64 lowercase hex digits, held inline: a cut makes one for every unit, and a
/// `String` each was a tenth of a cut's time in the allocator. Reads as a `&str` (`Deref`),
/// compares with strings, and is a JSON string both ways.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sha256Hex([u8; 64]);

impl Sha256Hex {
    /// The hex of a digest.
    pub fn of(digest: &[u8; 32]) -> Sha256Hex {
        let mut out = [0u8; 64];
        write_hex(digest, &mut out);
        Sha256Hex(out)
    }

    /// 64 lowercase hex digits, or `None`.
    pub fn parse(text: &str) -> Option<Sha256Hex> {
        let bytes = <[u8; 64]>::try_from(text.as_bytes()).ok()?;
        bytes
            .iter()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            .then_some(Sha256Hex(bytes))
    }

    pub fn as_str(&self) -> &str {
        // Only hex digits are ever held (`of`, `parse`), so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl Default for Sha256Hex {
    /// 64 zeros: a place held for a hash not yet taken.
    fn default() -> Sha256Hex {
        Sha256Hex([b'0'; 64])
    }
}

impl std::ops::Deref for Sha256Hex {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Sha256Hex {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Sha256Hex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Sha256Hex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<Sha256Hex> for String {
    fn from(hex: Sha256Hex) -> String {
        hex.as_str().to_owned()
    }
}

impl PartialEq<str> for Sha256Hex {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Sha256Hex {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Sha256Hex {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Sha256Hex> for String {
    fn eq(&self, other: &Sha256Hex) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Sha256Hex> for str {
    fn eq(&self, other: &Sha256Hex) -> bool {
        self == other.as_str()
    }
}

impl serde::Serialize for Sha256Hex {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Sha256Hex {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Sha256Hex, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Sha256Hex::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "'{text}' is not a sha256: write its 64 lowercase hex digits"
            ))
        })
    }
}

// The two lowercase hex digits of every byte.
const HEX_PAIRS: [[u8; 2]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut table = [[0u8; 2]; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = [DIGITS[b >> 4], DIGITS[b & 0x0f]];
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_prints_every_byte_as_two_lowercase_digits() {
        let all: Vec<u8> = (0..=255).collect();
        let expected: String = all.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex(&all), expected);
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn a_sha256_held_inline_reads_as_its_hex() {
        let digest: [u8; 32] = Sha256::digest(b"").into();
        let held = Sha256Hex::of(&digest);
        assert_eq!(held, sha256_hex(""));
        assert_eq!(held.to_string(), hex(&digest));
        assert_eq!(Sha256Hex::parse(&sha256_hex("")), Some(held.clone()));
        let json = serde_json::to_string(&held).unwrap();
        assert_eq!(json, format!("\"{}\"", sha256_hex("")));
        assert_eq!(serde_json::from_str::<Sha256Hex>(&json).unwrap(), held);
        for bad in [
            "",
            "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "xyz",
        ] {
            let err = serde_json::from_str::<Sha256Hex>(&format!("\"{bad}\"")).unwrap_err();
            assert!(err.to_string().contains("64 lowercase hex digits"), "{err}");
        }
        assert_eq!(Sha256Hex::default().as_str(), "0".repeat(64));
    }

    #[test]
    fn sha256_of_empty_text_is_the_known_digest() {
        assert_eq!(
            sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn sha256_hashes_utf8_bytes_so_nfc_and_nfd_differ() {
        // Hashes are of exact bytes: normalization is the caller's decision, made before hashing.
        assert_ne!(sha256_hex("Điều"), sha256_hex("Đie\u{0300}u"));
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
