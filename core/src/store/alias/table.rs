//! String → entry lookup (addresses, ids), built for random lookups in large tables where every cache or TLB
//! miss counts: each slot carries part of the hash, and each entry holds its address inline
//! (up to [`INLINE`] bytes, which is nearly every canonical address) next to its value, so a
//! hit reads one slot and one entry. Open addressing, linear probing, load at most one half.

/// Longest address stored inside its entry; longer ones go to the arena.
pub(super) const INLINE: usize = 62;

#[derive(Debug, Clone, Copy)]
enum Text {
    Inline { len: u8, bytes: [u8; INLINE] },
    Arena { start: u32, len: u32 },
}

#[derive(Debug, Clone)]
struct Stored<V> {
    text: Text,
    value: V,
}

/// Distinct addresses, each with a value `V`. Entry `i` is the `i`-th address interned.
#[derive(Debug, Clone, Default)]
pub(super) struct StringTable<V> {
    /// Addresses longer than [`INLINE`] bytes, back to back.
    arena: String,
    entries: Vec<Stored<V>>,
    /// `(high hash bits, entry index + 1)`; 0 in the second field means empty.
    slots: Vec<(u32, u32)>,
}

impl<V: Default> StringTable<V> {
    pub fn with_capacity(entries: usize, bytes: usize) -> Self {
        let slots = entries.max(4).saturating_mul(2).next_power_of_two();
        Self {
            arena: String::with_capacity(bytes / 8),
            entries: Vec::with_capacity(entries),
            slots: vec![(0, 0); slots],
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    fn bytes(&self, entry: u32) -> &[u8] {
        match self.entries.get(entry as usize).map(|e| &e.text) {
            Some(Text::Inline { len, bytes }) => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Some(&Text::Arena { start, len }) => self
                .arena
                .as_bytes()
                .get(start as usize..start as usize + len as usize)
                .unwrap_or_default(),
            None => &[],
        }
    }

    /// The address of an entry.
    pub fn text(&self, entry: u32) -> &str {
        // Only whole `&str`s are stored, so this never fails.
        std::str::from_utf8(self.bytes(entry)).unwrap_or("")
    }

    pub fn value(&self, entry: u32) -> Option<&V> {
        self.entries.get(entry as usize).map(|e| &e.value)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.entries.iter_mut().map(|e| &mut e.value)
    }

    /// The slot holding `text`, or the empty slot where it would go, and its entry.
    fn probe(&self, text: &str, h: u64) -> (usize, Option<u32>) {
        let mask = self.slots.len().wrapping_sub(1);
        let tag = (h >> 32) as u32;
        let mut i = (h as usize) & mask;
        // Load is at most one half, so an empty slot is always found; the bound is for safety.
        for _ in 0..self.slots.len() {
            match self.slots.get(i).copied() {
                Some((_, 0)) | None => return (i, None),
                Some((t, e)) if t == tag && self.bytes(e - 1) == text.as_bytes() => {
                    return (i, Some(e - 1))
                }
                Some(_) => {}
            }
            i = (i + 1) & mask;
        }
        (usize::MAX, None)
    }

    /// The entry of `text` and its value.
    pub fn get(&self, text: &str) -> Option<(u32, &V)> {
        let (_, entry) = self.probe(text, crate::text::bytes::hash(text.as_bytes()));
        let entry = entry?;
        Some((entry, self.value(entry)?))
    }

    /// The entry of `text`, adding it with a default value if new; `true` when added.
    /// `None` when the table is full (2^32 − 2 entries or 4 GiB of addresses).
    pub fn intern(&mut self, text: &str) -> Option<(u32, bool)> {
        if (self.entries.len() + 1).saturating_mul(2) > self.slots.len() {
            self.grow();
        }
        let h = crate::text::bytes::hash(text.as_bytes());
        let (slot, found) = self.probe(text, h);
        if let Some(entry) = found {
            return Some((entry, false));
        }
        let entry = u32::try_from(self.entries.len())
            .ok()
            .filter(|&e| e < u32::MAX - 1)?;
        let stored = if text.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            bytes
                .get_mut(..text.len())?
                .copy_from_slice(text.as_bytes());
            Text::Inline {
                len: u8::try_from(text.len()).ok()?,
                bytes,
            }
        } else {
            let start = u32::try_from(self.arena.len()).ok()?;
            let len = u32::try_from(text.len()).ok()?;
            start.checked_add(len)?;
            self.arena.push_str(text);
            Text::Arena { start, len }
        };
        self.entries.push(Stored {
            text: stored,
            value: V::default(),
        });
        *self.slots.get_mut(slot)? = ((h >> 32) as u32, entry + 1);
        Some((entry, true))
    }

    fn grow(&mut self) {
        let size = self.slots.len().saturating_mul(2).max(8);
        let mask = size - 1;
        let mut slots = vec![(0u32, 0u32); size];
        for entry in 0..self.entries.len() {
            let h = crate::text::bytes::hash(self.bytes(u32::try_from(entry).unwrap_or(u32::MAX)));
            let mut i = (h as usize) & mask;
            while slots.get(i).is_some_and(|&(_, e)| e != 0) {
                i = (i + 1) & mask;
            }
            if let Some(s) = slots.get_mut(i) {
                *s = (
                    (h >> 32) as u32,
                    u32::try_from(entry + 1).unwrap_or(u32::MAX),
                );
            }
        }
        self.slots = slots;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(i: usize) -> String {
        let doc = if i.is_multiple_of(10) {
            "x".repeat(INLINE)
        } else {
            "45-2019-qh14".into()
        };
        format!("{doc}/dieu-{i}")
    }

    #[test]
    fn interned_addresses_are_found_again_and_others_are_not() {
        let mut t = StringTable::<()>::with_capacity(1, 0);
        let mut entries = Vec::new();
        for i in 0..1000 {
            // Every tenth address is longer than an entry holds inline.
            let (e, fresh) = t.intern(&text_of(i)).unwrap();
            assert!(fresh);
            entries.push(e);
        }
        for (i, &e) in entries.iter().enumerate() {
            let text = text_of(i);
            assert_eq!(t.get(&text).map(|(e, _)| e), Some(e));
            assert_eq!(t.intern(&text), Some((e, false)));
            assert_eq!(t.text(e), text);
        }
        assert!(t.get("45-2019-qh14/dieu-1000").is_none());
        assert!(t.get("").is_none());
    }
}
