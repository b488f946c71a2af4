//! Bytes eight at a time (SWAR): the cut looks at every byte of a text several times (line
//! ends, JSON escapes of the content hash), and the WASM build has no vector instructions,
//! so a word per step beats a byte per step there as natively. And the hash of addresses
//! that in-memory tables share.
//!
//! Each test flags, in the high bit of a byte lane, the lanes that match. A borrow can
//! flag a lane above a true match but never below one, so the lowest flag is the first
//! match: exact for "the first byte that …", which is all the callers ask.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The lanes of `w` equal to `b`.
#[inline]
pub(crate) fn lanes_equal(w: u64, b: u8) -> u64 {
    let x = w ^ (ONES * u64::from(b));
    x.wrapping_sub(ONES) & !x & HIGH
}

/// The lanes of `w` below `n` (`n` ≤ 128).
#[inline]
pub(crate) fn lanes_below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH
}

/// The first position at or after `from` of a byte whose 8-byte word `flags` flags: `flags`
/// maps a little-endian word to its flagged lanes (built from the two tests above), and
/// `one` says the same of a single byte, for the tail shorter than a word.
#[inline]
pub(crate) fn position(
    bytes: &[u8],
    from: usize,
    flags: impl Fn(u64) -> u64,
    one: impl Fn(u8) -> bool,
) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut base = from;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let found = flags(u64::from_le_bytes(word));
        if found != 0 {
            return Some(base + found.trailing_zeros() as usize / 8);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| one(b))
        .map(|i| base + i)
}

/// Byte offsets where each line of `text` starts (0, and after each `\n`), eight bytes a step:
/// for turning a byte offset into a line and column (the cut's defects, amending laws, crosswalks).
#[cfg(feature = "server")]
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut from = 0;
    while let Some(lf) = position(bytes, from, |w| lanes_equal(w, b'\n'), |b| b == b'\n') {
        from = lf + 1;
        starts.push(from);
    }
    starts
}

/// A fixed, deterministic 64-bit hash of a byte string (the core has no randomness), a word
/// at a time: for in-memory tables of addresses (the alias index, the cut's duplicate check).
/// Their rows come from the governed store or the text being cut, not from strangers, so
/// flooding a table with colliding addresses is not a concern.
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        if let Some(head) = word.get_mut(..rest.len()) {
            head.copy_from_slice(rest);
        }
        h = (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    // fmix64 from MurmurHash3, so every bit of the result depends on every byte.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    #[test]
    fn line_starts_are_after_every_line_feed_wherever_it_falls_in_a_word() {
        for text in [
            "",
            "\n",
            "a",
            "ab\ncd",
            "\n\n",
            "Điều 1.\nKhoản\r\n1. x\n",
            "12345678\n",
            "1234567\n9",
        ] {
            let expected: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            assert_eq!(line_starts(text), expected, "{text:?}");
        }
    }

    fn escape(w: u64) -> u64 {
        lanes_below(w, 0x20) | lanes_equal(w, b'"') | lanes_equal(w, b'\\')
    }

    fn is_escape(b: u8) -> bool {
        b < 0x20 || b == b'"' || b == b'\\'
    }

    proptest! {
        // Bytes near the tested values, where a borrow could mislead, are drawn often.
        #[test]
        fn position_is_the_first_matching_byte(
            bytes in prop::collection::vec(
                prop_oneof![any::<u8>(), Just(0x1F), Just(0x20), Just(0x21), Just(0x22), Just(0x5C), Just(0x00), Just(0xA2), Just(0x80)],
                0..40,
            ),
            from in 0usize..42,
        ) {
            let expected = bytes.get(from..).and_then(|r| r.iter().position(|&b| is_escape(b))).map(|i| from + i);
            prop_assert_eq!(position(&bytes, from, escape, is_escape), expected);
        }
    }

    #[test]
    fn every_byte_value_in_every_lane() {
        for lane in 0..8 {
            for b in 0..=255u8 {
                let mut bytes = [b'a'; 8];
                bytes[lane] = b;
                let expected = is_escape(b).then_some(lane);
                assert_eq!(
                    position(&bytes, 0, escape, is_escape),
                    expected,
                    "{b:#x} in lane {lane}"
                );
            }
        }
    }
}
