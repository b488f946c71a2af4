//! [`Atom`]: one part of a parsed address — its document slug, a segment's token or ordinal.
//!
//! Parts are ASCII and almost always a few bytes (`45-2019-qh14`, `dieu`, `44`, `dd`). Held
//! inline up to [`INLINE`] bytes, a parsed address allocates once (its list of segments)
//! instead of once per part: with three segments, seven allocations fewer, which is most of
//! what `parse` cost beyond `validate`. Longer parts (a slug may be 255 bytes) go to the heap.
//! It reads as a `&str` everywhere (`Deref`, comparisons, `Display`, serde as a string).

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest part held inline, in bytes.
pub const INLINE: usize = 22;

#[derive(Clone)]
pub struct Atom(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Atom {
    pub fn new(s: &str) -> Atom {
        if s.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Atom(Repr::Inline {
                len: s.len() as u8,
                bytes,
            })
        } else {
            Atom(Repr::Heap(s.into()))
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Built from a whole `&str` only, so the bytes are always UTF-8; the fallback is unreachable.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Heap(s) => s,
        }
    }
}

impl Deref for Atom {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Atom {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Atom {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Atom {
    fn from(s: &str) -> Atom {
        Atom::new(s)
    }
}

impl From<String> for Atom {
    fn from(s: String) -> Atom {
        Atom::new(&s)
    }
}

impl From<Atom> for String {
    fn from(p: Atom) -> String {
        p.as_str().to_owned()
    }
}

impl PartialEq for Atom {
    fn eq(&self, other: &Atom) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Atom {}

impl PartialOrd for Atom {
    fn partial_cmp(&self, other: &Atom) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Atom {
    fn cmp(&self, other: &Atom) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

// Hashes as its `str`, so a map keyed by parts can be probed with a `&str` (`Borrow`).
impl Hash for Atom {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl PartialEq<str> for Atom {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Atom {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Atom {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Atom> for str {
    fn eq(&self, other: &Atom) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Atom> for &str {
    fn eq(&self, other: &Atom) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Atom> for String {
    fn eq(&self, other: &Atom) -> bool {
        self == other.as_str()
    }
}

impl fmt::Debug for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Atom {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Atom {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Atom, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Atom::new(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_parts_read_back_as_given() {
        for s in [
            "",
            "dd",
            "45-2019-qh14",
            &"a".repeat(INLINE),
            &"b".repeat(INLINE + 1),
            &"x".repeat(255),
        ] {
            let p = Atom::new(s);
            assert_eq!(p.as_str(), s);
            assert_eq!(p, s);
            assert_eq!(format!("{p}"), s);
            assert_eq!(
                serde_json::to_string(&p).unwrap(),
                serde_json::to_string(s).unwrap()
            );
            let back: Atom = serde_json::from_str(&serde_json::to_string(s).unwrap()).unwrap();
            assert_eq!(back, p);
        }
        let mut set = std::collections::HashSet::new();
        set.insert(Atom::new("dieu"));
        assert!(set.contains("dieu"));
        assert!(Atom::new("a") < Atom::new("b"));
    }
}
