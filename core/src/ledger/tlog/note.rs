//! Checkpoints as signed notes (c2sp.org/signed-note, c2sp.org/tlog-checkpoint) and
//! witnesses' cosignatures (c2sp.org/tlog-cosignature).
//!
//! A checkpoint is three lines: the log's origin (which names the store), the tree size
//! in decimal and the root hash in base64. A signed note is that text, a blank line,
//! and one line per signature: `— <key name> <base64(key hash ‖ signature)>`. The key
//! hash is the first 4 bytes of SHA-256(name ‖ "\n" ‖ type ‖ public key), type 0x01 for
//! an Ed25519 signature of the text, 0x04 for a witness's cosignature. A verifier key
//! is written `<name>+<key hash, 8 hex>+<base64(type ‖ public key)>`.
//!
//! A cosignature signs `cosignature/v1\ntime <unix seconds>\n` followed by the
//! checkpoint's text; its signature bytes are the timestamp (8 bytes, big-endian) and
//! the 64-byte Ed25519 signature.
//!
//! Keys are the same PKCS#8 PEM Ed25519 keys as the ledger's ([`crate::ledger::checkpoint`]).

use base64ct::{Base64, Encoding};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::merkle::Hash;
use crate::ledger::checkpoint::{parse_private, CheckpointError};

/// Signature type of an Ed25519 signature of the note's text.
pub const TYPE_ED25519: u8 = 0x01;
/// Signature type of a cosignature (tlog-cosignature).
pub const TYPE_COSIGNATURE: u8 = 0x04;
/// Notes larger than this are refused unread.
pub const MAX_NOTE: usize = 1_000_000;
/// Notes with more signatures than this are refused (as Go's sumdb/note does).
pub const MAX_SIGNATURES: usize = 100;

/// A checkpoint's text: origin, size, root hash, and extension lines (each ending `\n`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointText {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
    pub extension: String,
}

impl CheckpointText {
    /// The text that is signed.
    pub fn body(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}",
            self.origin,
            self.size,
            Base64::encode_string(&self.root),
            self.extension
        )
    }

    /// Reads a checkpoint's text, strictly: one origin, a decimal size with no leading
    /// zeros, a base64 hash of 32 bytes, extension lines that are not empty.
    pub fn parse(body: &str) -> Result<CheckpointText, NoteFault> {
        let bad = |reason: String| NoteFault::Malformed { reason };
        let mut lines = body.split_inclusive('\n');
        let mut next = |what: &str| {
            lines
                .next()
                .and_then(|l| l.strip_suffix('\n'))
                .ok_or_else(|| bad(format!("the checkpoint has no {what} line")))
        };
        let origin = next("origin")?.to_string();
        if origin.is_empty() {
            return Err(bad("the origin line is empty".into()));
        }
        let size_text = next("size")?;
        let size: u64 = size_text
            .parse()
            .ok()
            .filter(|s: &u64| s.to_string() == size_text)
            .ok_or_else(|| {
                bad(format!(
                    "size '{size_text}' is not a decimal number without leading zeros"
                ))
            })?;
        let root_text = next("root hash")?;
        let root = decode_hash(root_text)
            .ok_or_else(|| bad(format!("root hash '{root_text}' is not 32 bytes of base64")))?;
        let extension: String = lines.collect();
        if extension
            .split_inclusive('\n')
            .any(|l| l == "\n" || !l.ends_with('\n'))
        {
            return Err(bad(
                "an extension line is empty or not ended by a newline".into()
            ));
        }
        Ok(CheckpointText {
            origin,
            size,
            root,
            extension,
        })
    }
}

/// A hash from its canonical base64 (as checkpoints and proofs write it).
pub fn decode_hash(text: &str) -> Option<Hash> {
    let bytes = Base64::decode_vec(text).ok()?;
    let hash: Hash = bytes.try_into().ok()?;
    // One hash, one text: refuse encodings that are not canonical.
    (Base64::encode_string(&hash) == text).then_some(hash)
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    pub name: String,
    pub key_hash: [u8; 4],
    /// The bytes after the key hash.
    pub bytes: Vec<u8>,
}

impl NoteSignature {
    /// `— <name> <base64(key hash ‖ bytes)>\n`.
    pub fn line(&self) -> String {
        let mut raw = self.key_hash.to_vec();
        raw.extend_from_slice(&self.bytes);
        format!("\u{2014} {} {}\n", self.name, Base64::encode_string(&raw))
    }
}

/// A note: its text (ending in a newline) and its signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub signatures: Vec<NoteSignature>,
}

impl Note {
    /// The whole note: text, blank line, signature lines.
    pub fn to_text(&self) -> String {
        let mut out = self.text.clone();
        out.push('\n');
        for s in &self.signatures {
            out.push_str(&s.line());
        }
        out
    }

    /// Reads a signed note. Refuses a note without a signature, text that does not end
    /// with a newline, and signature lines that are not `— name base64`.
    pub fn parse(note: &str) -> Result<Note, NoteFault> {
        let bad = |reason: String| NoteFault::Malformed { reason };
        if note.len() > MAX_NOTE {
            return Err(bad(format!(
                "the note is {} bytes, more than {MAX_NOTE}",
                note.len()
            )));
        }
        if let Some(at) = note.find(|c: char| c < ' ' && c != '\n') {
            return Err(bad(format!(
                "byte {at} is a control character: a note holds text and \\n line ends only"
            )));
        }
        let split = note
            .rfind("\n\n")
            .ok_or_else(|| bad("no blank line separates the text from the signatures".into()))?;
        let text = &note[..split + 1];
        let sigs = &note[split + 2..];
        if !sigs.ends_with('\n') {
            return Err(bad(
                "the last signature line does not end with a newline".into()
            ));
        }
        let mut signatures = Vec::new();
        for (i, line) in sigs.lines().enumerate() {
            let rest = line
                .strip_prefix("\u{2014} ")
                .ok_or_else(|| bad(format!("signature line {} does not start with '— '", i + 1)))?;
            let (name, b64) = rest
                .split_once(' ')
                .ok_or_else(|| bad(format!("signature line {} has no key name", i + 1)))?;
            if !key_name_valid(name) {
                return Err(bad(format!(
                    "signature line {}: '{name}' is not a key name",
                    i + 1
                )));
            }
            let raw = Base64::decode_vec(b64).map_err(|_| {
                bad(format!(
                    "signature line {}: the signature is not base64",
                    i + 1
                ))
            })?;
            if raw.len() < 5 {
                return Err(bad(format!(
                    "signature line {}: the signature is too short",
                    i + 1
                )));
            }
            signatures.push(NoteSignature {
                name: name.to_string(),
                key_hash: [raw[0], raw[1], raw[2], raw[3]],
                bytes: raw[4..].to_vec(),
            });
        }
        if signatures.len() > MAX_SIGNATURES {
            return Err(bad(format!(
                "the note has {} signatures, more than {MAX_SIGNATURES}",
                signatures.len()
            )));
        }
        if signatures.is_empty() {
            return Err(bad("the note has no signature".into()));
        }
        Ok(Note {
            text: text.to_string(),
            signatures,
        })
    }
}

/// A key name: not empty, no space, no `+`, no newline.
pub fn key_name_valid(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

/// The 4-byte key hash of a key: SHA-256(name ‖ "\n" ‖ type ‖ public key)[..4].
pub fn key_hash(name: &str, key_type: u8, public: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([key_type]);
    h.update(public);
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

/// A verifier key: its name, type and public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierKey {
    pub name: String,
    pub key_type: u8,
    pub public: [u8; 32],
    pub key_hash: [u8; 4],
}

impl VerifierKey {
    /// A key of `key_type` for `name`.
    pub fn new(name: &str, key_type: u8, public: [u8; 32]) -> VerifierKey {
        VerifierKey {
            name: name.to_string(),
            key_type,
            public,
            key_hash: key_hash(name, key_type, &public),
        }
    }

    /// `<name>+<hash, 8 hex>+<base64(type ‖ key)>`.
    pub fn to_text(&self) -> String {
        let mut raw = vec![self.key_type];
        raw.extend_from_slice(&self.public);
        format!(
            "{}+{}+{}",
            self.name,
            crate::text::hash::hex(&self.key_hash),
            Base64::encode_string(&raw)
        )
    }

    /// Reads a verifier key; the hash must be the one its name, type and key give.
    pub fn parse(text: &str) -> Result<VerifierKey, String> {
        let text = text.trim();
        // Cut at the first two `+`: a name has none, the base64 may.
        let mut parts = text.splitn(3, '+');
        let (Some(name), Some(hash), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("'{text}' is not a verifier key (name+hash+key)"));
        };
        if !key_name_valid(name) {
            return Err(format!("'{name}' is not a key name"));
        }
        let raw =
            Base64::decode_vec(b64).map_err(|_| format!("the key of '{name}' is not base64"))?;
        let (Some(&key_type), Ok(public)) =
            (raw.first(), <[u8; 32]>::try_from(&raw[1.min(raw.len())..]))
        else {
            return Err(format!(
                "the key of '{name}' is not a type byte and 32 key bytes"
            ));
        };
        if key_type != TYPE_ED25519 && key_type != TYPE_COSIGNATURE {
            return Err(format!("the key of '{name}' has type {key_type:#04x}; only Ed25519 (0x01) and cosignature (0x04) keys are read"));
        }
        let key = VerifierKey::new(name, key_type, public);
        if crate::text::hash::hex(&key.key_hash) != hash {
            return Err(format!(
                "the key hash '{hash}' of '{name}' is not its key's ({})",
                crate::text::hash::hex(&key.key_hash)
            ));
        }
        Ok(key)
    }

    fn dalek(&self) -> Option<VerifyingKey> {
        VerifyingKey::from_bytes(&self.public).ok()
    }
}

/// Why a note or one of its signatures does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteFault {
    #[error("the note is malformed: {reason}")]
    Malformed { reason: String },
    #[error("no signature of the log's key {name} ({key_hash}) is on the checkpoint")]
    UnsignedByLog { name: String, key_hash: String },
    #[error("the signature of {name} does not verify: the checkpoint was changed after it was signed, or forged")]
    BadSignature { name: String },
    #[error("the checkpoint's origin is '{found}', not the log's '{expected}'")]
    WrongOrigin { expected: String, found: String },
}

impl NoteFault {
    /// Stable kebab-case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed { .. } => "malformed-note",
            Self::UnsignedByLog { .. } => "unsigned-by-log",
            Self::BadSignature { .. } => "bad-signature",
            Self::WrongOrigin { .. } => "wrong-origin",
        }
    }
}

/// The log's verifier key for a private key: named by the origin, as tlog-checkpoint asks.
pub fn log_key(private_pem: &str, origin: &str) -> Result<VerifierKey, CheckpointError> {
    let key = parse_private(private_pem)?;
    Ok(VerifierKey::new(
        origin,
        TYPE_ED25519,
        key.verifying_key().to_bytes(),
    ))
}

/// A witness's cosignature verifier key for a private key.
pub fn witness_key(private_pem: &str, name: &str) -> Result<VerifierKey, CheckpointError> {
    let key = parse_private(private_pem)?;
    Ok(VerifierKey::new(
        name,
        TYPE_COSIGNATURE,
        key.verifying_key().to_bytes(),
    ))
}

/// Signs a checkpoint with the log's key (PKCS#8 PEM), named by its origin.
pub fn sign_checkpoint(
    private_pem: &str,
    checkpoint: &CheckpointText,
) -> Result<Note, CheckpointError> {
    Ok(sign_checkpoint_with(
        &parse_private(private_pem)?,
        checkpoint,
    ))
}

/// [`sign_checkpoint`] with a key already read.
pub fn sign_checkpoint_with(key: &SigningKey, checkpoint: &CheckpointText) -> Note {
    let text = checkpoint.body();
    let sig = key.sign(text.as_bytes());
    Note {
        signatures: vec![NoteSignature {
            name: checkpoint.origin.clone(),
            key_hash: key_hash(
                &checkpoint.origin,
                TYPE_ED25519,
                &key.verifying_key().to_bytes(),
            ),
            bytes: sig.to_bytes().to_vec(),
        }],
        text,
    }
}

/// The message a cosignature signs.
fn cosigned_message(timestamp: u64, body: &str) -> String {
    format!("cosignature/v1\ntime {timestamp}\n{body}")
}

/// A witness's cosignature of a checkpoint's text, at `timestamp` (Unix seconds).
pub fn cosign(key: &SigningKey, name: &str, timestamp: u64, body: &str) -> NoteSignature {
    let sig = key.sign(cosigned_message(timestamp, body).as_bytes());
    let mut bytes = timestamp.to_be_bytes().to_vec();
    bytes.extend_from_slice(&sig.to_bytes());
    NoteSignature {
        name: name.to_string(),
        key_hash: key_hash(name, TYPE_COSIGNATURE, &key.verifying_key().to_bytes()),
        bytes,
    }
}

/// [`cosign`] with a PKCS#8 PEM key.
pub fn cosign_pem(
    private_pem: &str,
    name: &str,
    timestamp: u64,
    body: &str,
) -> Result<NoteSignature, CheckpointError> {
    Ok(cosign(&parse_private(private_pem)?, name, timestamp, body))
}

/// Whether `sig` is a valid signature by `key` of the note's `text`. `Ok(Some(t))` is a
/// cosignature made at time t; `Ok(None)` a plain Ed25519 signature. A signature by another
/// key (name or hash differ) is `Err(false)`; one by this key that does not verify `Err(true)`.
pub fn check_signature(
    key: &VerifierKey,
    text: &str,
    sig: &NoteSignature,
) -> Result<Option<u64>, bool> {
    if sig.name != key.name || sig.key_hash != key.key_hash {
        return Err(false);
    }
    let Some(vk) = key.dalek() else {
        return Err(true);
    };
    match key.key_type {
        TYPE_ED25519 => {
            let s = <[u8; 64]>::try_from(sig.bytes.as_slice()).map_err(|_| true)?;
            vk.verify_strict(text.as_bytes(), &Signature::from_bytes(&s))
                .map(|_| None)
                .map_err(|_| true)
        }
        TYPE_COSIGNATURE => {
            let (Some(t), Some(s)) = (sig.bytes.get(..8), sig.bytes.get(8..)) else {
                return Err(true);
            };
            let t = u64::from_be_bytes(t.try_into().map_err(|_| true)?);
            let s = <[u8; 64]>::try_from(s).map_err(|_| true)?;
            vk.verify_strict(
                cosigned_message(t, text).as_bytes(),
                &Signature::from_bytes(&s),
            )
            .map(|_| Some(t))
            .map_err(|_| true)
        }
        _ => Err(true),
    }
}

/// A checkpoint note checked against the log's key: its text, and the note with the
/// other signatures (cosignatures) still to be judged by a policy.
pub fn open_checkpoint(
    note_text: &str,
    log: &VerifierKey,
) -> Result<(CheckpointText, Note), NoteFault> {
    let note = Note::parse(note_text)?;
    let checkpoint = CheckpointText::parse(&note.text)?;
    if checkpoint.origin != log.name {
        return Err(NoteFault::WrongOrigin {
            expected: log.name.clone(),
            found: checkpoint.origin,
        });
    }
    let mut signed = false;
    for sig in &note.signatures {
        match check_signature(log, &note.text, sig) {
            Ok(_) => signed = true,
            Err(true) => {
                return Err(NoteFault::BadSignature {
                    name: sig.name.clone(),
                })
            }
            Err(false) => {}
        }
    }
    if !signed {
        return Err(NoteFault::UnsignedByLog {
            name: log.name.clone(),
            key_hash: crate::text::hash::hex(&log.key_hash),
        });
    }
    Ok((checkpoint, note))
}
