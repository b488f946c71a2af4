//! A manifest as stored: the canonical JSON of its envelope and of each block, one row each,
//! hashed and read back a part at a time.

use super::{is_known_format, unit_image_sha256, Envelope, Manifest, ManifestError, UnitBlock};
use crate::store::unit::StoredUnit;
use crate::text::canonical_json;

impl Manifest {
    /// The RFC 8785 JSON text: the bytes that are hashed, stored and reviewed.
    pub fn to_canonical_json(&self) -> String {
        // Part by part: the canonicalizer of the whole value would hold a copy of every block at once.
        let (envelope, blocks) = self.canonical_parts();
        join_canonical_parts(&envelope, &blocks)
    }

    /// The canonical JSON of the envelope and of each block, stored one row each;
    /// [`join_canonical_parts`] puts them back together into exactly
    /// [`Manifest::to_canonical_json`], so a stored manifest can be re-hashed.
    pub fn canonical_parts(&self) -> (String, Vec<String>) {
        (
            canonical_json::to_string(&self.envelope),
            self.blocks.iter().map(canonical_json::to_string).collect(),
        )
    }

    /// sha256 (lowercase hex) of [`Manifest::to_canonical_json`]: the manifest's identity.
    pub fn sha256(&self) -> String {
        // Streamed block by block: neither the 70 MB text of a 100k-block manifest nor its parts are held.
        parts_sha256(
            &canonical_json::to_string(&self.envelope),
            self.blocks.iter().map(canonical_json::to_string),
        )
    }

    /// [`Manifest::from_json`] of [`join_canonical_parts`]`(envelope, blocks)` — the same
    /// manifest, the same refusals — without building the joined text when the parts are
    /// canonical, as the stored parts of every submitted manifest are: each part is read and
    /// proved canonical alone, and the sha256 is taken over the joined bytes piece by piece.
    /// For 100k blocks this saves the 70 MB text and its 70 MB re-serialization. Any part that
    /// is not canonical sends the whole text down [`Manifest::from_json`], which names the
    /// first difference.
    pub fn from_parts(
        envelope: &str,
        blocks: &[String],
        claimed_sha256: Option<&str>,
    ) -> Result<Manifest, ManifestError> {
        let mut reader = PartsReader::new(envelope);
        for block in blocks {
            reader.push(block);
        }
        reader.finish(claimed_sha256)
    }
}

/// The RFC 8785 text of `{"blocks": [...], "envelope": {...}}` from the canonical
/// texts of its parts: RFC 8785 sorts `blocks` before `envelope` and nests the
/// parts' own canonical bytes unchanged.
pub fn join_canonical_parts(envelope: &str, blocks: &[String]) -> String {
    let mut out = String::with_capacity(
        envelope.len() + blocks.iter().map(|b| b.len() + 1).sum::<usize>() + 24,
    );
    out.push_str("{\"blocks\":[");
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(b);
    }
    out.push_str("],\"envelope\":");
    out.push_str(envelope);
    out.push('}');
    out
}

/// sha256 of [`join_canonical_parts`]`(envelope, blocks)`, hashed piece by piece.
pub fn canonical_parts_sha256(envelope: &str, blocks: &[String]) -> String {
    parts_sha256(envelope, blocks.iter())
}

/// sha256 of the joined text of the envelope and the blocks' canonical texts, in order.
fn parts_sha256(envelope: &str, blocks: impl Iterator<Item = impl AsRef<[u8]>>) -> String {
    let mut hasher = PartsHasher::new();
    for b in blocks {
        hasher.block(b.as_ref());
    }
    hasher.finish(envelope)
}

/// The sha256 of [`join_canonical_parts`]'s text, fed a block at a time.
struct PartsHasher {
    hasher: sha2::Sha256,
    blocks: usize,
}

impl PartsHasher {
    fn new() -> Self {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        hasher.update(b"{\"blocks\":[");
        PartsHasher { hasher, blocks: 0 }
    }

    fn block(&mut self, text: &[u8]) {
        use sha2::Digest;
        if self.blocks > 0 {
            self.hasher.update(b",");
        }
        self.hasher.update(text);
        self.blocks += 1;
    }

    fn finish(mut self, envelope: &str) -> String {
        use sha2::Digest;
        self.hasher.update(b"],\"envelope\":");
        self.hasher.update(envelope.as_bytes());
        self.hasher.update(b"}");
        crate::text::hash::hex(&self.hasher.finalize())
    }
}

/// [`Manifest::from_parts`] fed its blocks as they come: each block is read, proved to be
/// its value's canonical JSON and hashed when it is pushed, so that [`PartsReader::finish`]
/// has little left to do — the CUT feeds the stored parts a slice at a time while the
/// database writes the units of the slices before. `finish` answers exactly what
/// `from_parts` of all the blocks answers, refusals included: if any part is not canonical
/// the whole text goes down [`Manifest::from_json`], which names the first difference.
/// Memory: the parsed blocks; a text only from the first part that is not canonical (the
/// texts before it are their blocks' canonical JSON, written out again).
pub struct PartsReader {
    envelope_text: String,
    /// The envelope, when its text is its canonical JSON and its format this crate's.
    envelope: Option<Envelope>,
    /// The blocks read so far, while every part has been canonical (their texts are not kept).
    read: Vec<UnitBlock>,
    /// Once a part was not canonical: the texts of every block (those before it written out again).
    texts: Vec<String>,
    canonical: bool,
    /// Every block read so far has image hashes equal to its images (checked as it is read,
    /// while the CUT's database writes run, instead of all at once in `finish`).
    images_hashed: bool,
    hasher: PartsHasher,
}

impl PartsReader {
    pub fn new(envelope: &str) -> Self {
        let read = serde_json::from_str::<Envelope>(envelope)
            .ok()
            .filter(|e| is_known_format(&e.format) && canonical_json::to_string(e) == envelope);
        PartsReader {
            envelope_text: envelope.to_owned(),
            canonical: read.is_some(),
            envelope: read,
            texts: Vec::new(),
            read: Vec::new(),
            images_hashed: true,
            hasher: PartsHasher::new(),
        }
    }

    /// The envelope as read, if it is canonical (before any block is pushed).
    pub fn envelope(&self) -> Option<&Envelope> {
        self.envelope.as_ref()
    }

    /// The next block's stored text (copied only if it has to be kept: a part that is not canonical).
    pub fn push(&mut self, text: &str) {
        self.hasher.block(text.as_bytes());
        if self.canonical {
            match serde_json::from_str::<UnitBlock>(text) {
                // Canonical: its text is its value's canonical JSON, so it need not be kept.
                Ok(block) if canonical_json::to_string(&block) == text => {
                    let hashed = |image: Option<&StoredUnit>, claimed: Option<&str>| match (
                        image, claimed,
                    ) {
                        (Some(image), Some(claimed)) => unit_image_sha256(image) == claimed,
                        _ => true,
                    };
                    self.images_hashed &= hashed(block.after(), block.after_sha256())
                        && hashed(block.before(), block.before_sha256());
                    self.read.push(block);
                    return;
                }
                _ => {
                    // The texts of the blocks before it were their canonical JSON: written out again
                    // for the whole text that `finish` reads the refusal from.
                    self.canonical = false;
                    self.texts = std::mem::take(&mut self.read)
                        .iter()
                        .map(canonical_json::to_string)
                        .collect();
                }
            }
        }
        self.texts.push(text.to_owned());
    }

    /// Blocks pushed so far.
    pub fn len(&self) -> usize {
        self.read.len() + self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The manifest of every block pushed, checked against `claimed_sha256` and
    /// [`Manifest::check`]ed, as [`Manifest::from_parts`] reads it.
    pub fn finish(self, claimed_sha256: Option<&str>) -> Result<Manifest, ManifestError> {
        match self.envelope {
            Some(envelope) if self.canonical => {
                let sha256 = self.hasher.finish(&self.envelope_text);
                Manifest {
                    envelope,
                    blocks: self.read,
                }
                .accepted_with(claimed_sha256, |_| sha256, self.images_hashed)
            }
            _ => Manifest::from_json(
                &join_canonical_parts(&self.envelope_text, &self.texts),
                claimed_sha256,
            ),
        }
    }
}
