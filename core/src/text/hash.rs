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
    // Two characters a byte from one table: every unit of every cut is hashed and printed.
    let mut out = vec![0u8; digest.len() * 2];
    for (pair, &b) in out.chunks_exact_mut(2).zip(digest) {
        pair.copy_from_slice(&HEX_PAIRS[usize::from(b)]);
    }
    String::from_utf8(out).unwrap_or_default()
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
