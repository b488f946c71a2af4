//! Signed checkpoints of the ledger chain (DESIGN §8).
//!
//! The hash chain ([`crate::ledger::chain`]) has no key: whoever can write the database can
//! rewrite a row and re-hash everything after it. So after each workflow transaction the
//! server signs the chain head with an Ed25519 key kept outside the database: a
//! [`Checkpoint`] says "the chain reached `seq` and row `seq` hashes to `head`". A row is
//! *signed* when a valid checkpoint at or after its seq exists and the recomputed chain
//! meets that checkpoint's head; [`crate::ledger::audit`] checks exactly that.
//!
//! - Keys are made outside the core (it has no randomness): `openssl genpkey -algorithm
//!   ed25519`, or Node's `crypto.generateKeyPairSync('ed25519')` exported as
//!   `{type: 'pkcs8', format: 'pem'}`. The private key is PKCS#8 PEM (`BEGIN PRIVATE
//!   KEY`), the public key SPKI PEM (`BEGIN PUBLIC KEY`); [`key_info`] derives the second
//!   from the first.
//! - [`key_id`](KeyInfo::key_id): the first 16 hex chars of sha256 of the 32 raw public key
//!   bytes, so a verifier holding several keys (rotation) knows which one to try.
//! - The signed bytes are the RFC 8785 JSON of every field but `signature`; `v` names
//!   the format, so a signature over anything else can never pass for a checkpoint.
//! - Verification is strict ([`VerifyingKey::verify_strict`]): no weak keys, no malleable
//!   signatures. Nothing here panics on bad input; every refusal names the field.

use std::fmt;

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePublicKey};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize};

use crate::text::canonical_json;
use crate::text::hash::{hex, sha256_hex_bytes};
use crate::text::report::Report;

/// The `v` of every checkpoint this module signs and verifies.
pub const CHECKPOINT_VERSION: &str = "iu-ledger-checkpoint-v1";

/// The largest seq a checkpoint may name: JavaScript numbers are exact up to 2^53 − 1,
/// and the signed JSON must mean the same number to every verifier.
pub const MAX_SEQ: u64 = (1 << 53) - 1;

/// What the server signs: the chain reached `seq`, whose row hashes to `head`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnsignedCheckpoint {
    /// `ledger_seq` of the last row sealed.
    #[serde(deserialize_with = "json_u64")]
    pub seq: u64,
    /// The first seq this checkpoint seals: `prev_seq + 1`.
    #[serde(deserialize_with = "json_u64")]
    pub from_seq: u64,
    /// The seq of the previous checkpoint; 0 for the first.
    #[serde(deserialize_with = "json_u64")]
    pub prev_seq: u64,
    /// `row_hash` of row `seq` (64 lowercase hex).
    pub head: String,
    /// When it was signed (the server's clock, as text; the core has none).
    pub recorded_at: String,
}

/// A signed checkpoint, as stored in the database and appended to the witness file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Checkpoint {
    /// Always [`CHECKPOINT_VERSION`].
    pub v: String,
    #[serde(deserialize_with = "json_u64")]
    pub seq: u64,
    #[serde(deserialize_with = "json_u64")]
    pub from_seq: u64,
    #[serde(deserialize_with = "json_u64")]
    pub prev_seq: u64,
    pub head: String,
    pub recorded_at: String,
    /// Which key signed it: see [`KeyInfo::key_id`].
    pub key_id: String,
    /// Ed25519 signature of [`Checkpoint::signed_bytes`], 128 lowercase hex.
    pub signature: String,
}

/// The fields a signature covers, in the order RFC 8785 puts them anyway.
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
struct Signed<'a> {
    from_seq: u64,
    head: &'a str,
    key_id: &'a str,
    prev_seq: u64,
    recorded_at: &'a str,
    seq: u64,
    v: &'a str,
}

impl Checkpoint {
    /// The RFC 8785 JSON of every field except `signature`: the bytes that are signed.
    pub fn signed_bytes(&self) -> String {
        canonical_json::to_string(&Signed {
            from_seq: self.from_seq,
            head: &self.head,
            key_id: &self.key_id,
            prev_seq: self.prev_seq,
            recorded_at: &self.recorded_at,
            seq: self.seq,
            v: &self.v,
        })
    }

    /// The whole checkpoint as RFC 8785 JSON: one line of the witness file.
    pub fn to_canonical_json(&self) -> String {
        canonical_json::to_string(self)
    }
}

/// The public half of a signing key, and its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyInfo {
    /// SPKI PEM (`-----BEGIN PUBLIC KEY-----`), for the verifier's configuration.
    pub public_key_pem: String,
    /// First 16 hex chars of sha256 of the 32 raw public key bytes.
    pub key_id: String,
}

/// Why a key or a checkpoint to sign was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    /// The signing key is not a PKCS#8 PEM Ed25519 private key.
    #[error("the signing key is not a PKCS#8 PEM Ed25519 private key: {reason}")]
    InvalidPrivateKey { reason: String },
    /// One of the public keys is not an SPKI PEM Ed25519 public key.
    #[error("public key {index} is not an SPKI PEM Ed25519 public key: {reason}")]
    InvalidPublicKey { index: usize, reason: String },
    /// No public key was given, so no checkpoint could ever verify.
    #[error("no public key was given")]
    NoPublicKey,
    /// `head` is not 64 lowercase hex characters.
    #[error("head '{head}' is not a row hash (64 lowercase hex characters)")]
    InvalidHead { head: String },
    /// `seq`, `from_seq` and `prev_seq` do not describe a run of rows after the previous checkpoint.
    #[error("seq {seq}, from_seq {from_seq}, prev_seq {prev_seq}: {reason}")]
    InvalidRange {
        seq: u64,
        from_seq: u64,
        prev_seq: u64,
        reason: &'static str,
    },
    /// `recorded_at` is empty.
    #[error("recorded_at is empty")]
    EmptyRecordedAt,
}

impl Report for CheckpointError {
    /// Stable kebab-case code.
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidPrivateKey { .. } => "invalid-private-key",
            Self::InvalidPublicKey { .. } => "invalid-public-key",
            Self::NoPublicKey => "no-public-key",
            Self::InvalidHead { .. } => "invalid-head",
            Self::InvalidRange { .. } => "invalid-seq-range",
            Self::EmptyRecordedAt => "empty-field",
        }
    }

    /// How to fix it.
    fn hint(&self) -> String {
        match self {
            Self::InvalidPrivateKey { .. } => "the key file is not a PKCS#8 PEM Ed25519 private key: generate one with `openssl genpkey -algorithm ed25519` (or Node's crypto.generateKeyPairSync('ed25519') exported as {type:'pkcs8', format:'pem'})".into(),
            Self::InvalidPublicKey { .. } => "pass the SPKI PEM public key (-----BEGIN PUBLIC KEY-----) of the signing key: `openssl pkey -in key.pem -pubout`, or the public_key_pem that ledgerKeyInfo returns".into(),
            Self::NoPublicKey => "pass the public key(s) the server signs checkpoints with (the current one and any retired ones)".into(),
            Self::InvalidHead { .. } => "pass the row_hash of the last row the transaction appended".into(),
            Self::InvalidRange { .. } => "seal the rows after the previous checkpoint: from_seq = prev_seq + 1 ≥ 1, seq ≥ from_seq (prev_seq = 0 for the first checkpoint)".into(),
            Self::EmptyRecordedAt => "pass the signing time as RFC 3339 text".into(),
        }
    }
}

/// Why a checkpoint does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointFault {
    /// A field is not what the format allows (wrong `v`, a head that is not a hash, an
    /// impossible seq range, a signature that is not 128 hex…).
    #[error("the checkpoint's {field} is malformed: {reason}")]
    Malformed { field: &'static str, reason: String },
    /// No public key given has this key id: signed with an unknown (or forged) key.
    #[error("the checkpoint was signed by key {key_id}, which is not a trusted public key (trusted: {trusted})")]
    UnknownKey { key_id: String, trusted: String },
    /// The signature does not verify under the key it names: a field was changed after signing.
    #[error("the signature does not verify under key {key_id}: the checkpoint was changed after it was signed, or forged")]
    BadSignature { key_id: String },
}

impl CheckpointFault {
    /// Stable kebab-case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed { .. } => "malformed-checkpoint",
            Self::UnknownKey { .. } => "unknown-key",
            Self::BadSignature { .. } => "bad-signature",
        }
    }
}

/// The trusted public keys, parsed once, each with its key id.
#[derive(Debug, Clone)]
pub struct PublicKeys {
    keys: Vec<(String, VerifyingKey)>,
}

impl PublicKeys {
    /// Parses SPKI PEM public keys; the first bad one is refused by its index. An empty list
    /// is refused too: with no key every checkpoint would be "unknown", which hides a
    /// misconfiguration behind a wall of violations.
    pub fn from_pems<S: AsRef<str>>(pems: &[S]) -> Result<PublicKeys, CheckpointError> {
        if pems.is_empty() {
            return Err(CheckpointError::NoPublicKey);
        }
        let keys = pems
            .iter()
            .enumerate()
            .map(|(index, pem)| {
                let key = parse_public(pem.as_ref())
                    .map_err(|reason| CheckpointError::InvalidPublicKey { index, reason })?;
                Ok((key_id_of(&key), key))
            })
            .collect::<Result<_, _>>()?;
        Ok(PublicKeys { keys })
    }

    /// The key ids, in the order the keys were given.
    pub fn key_ids(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|(id, _)| id.as_str())
    }

    fn get(&self, key_id: &str) -> Option<&VerifyingKey> {
        self.keys
            .iter()
            .find(|(id, _)| id == key_id)
            .map(|(_, k)| k)
    }
}

/// The public key (SPKI PEM) and key id of a PKCS#8 PEM private key.
pub fn key_info(private_pem: &str) -> Result<KeyInfo, CheckpointError> {
    key_info_of(&parse_private(private_pem)?)
}

/// A PKCS#8 PEM Ed25519 private key, read (the transparency log's and a witness's signing key).
pub fn signing_key(private_pem: &str) -> Result<SigningKey, CheckpointError> {
    parse_private(private_pem)
}

/// [`key_info`] of a key already read (an agent's, `actor::sign_agent`).
pub(crate) fn key_info_of(key: &SigningKey) -> Result<KeyInfo, CheckpointError> {
    let public = key.verifying_key();
    // Encoding 32 bytes as SPKI cannot fail; if it ever did, say so rather than panic.
    let public_key_pem = public.to_public_key_pem(LineEnding::LF).map_err(|e| {
        CheckpointError::InvalidPrivateKey {
            reason: format!("its public key cannot be written as PEM: {e}"),
        }
    })?;
    Ok(KeyInfo {
        public_key_pem,
        key_id: key_id_of(&public),
    })
}

/// Signs `unsigned` with a PKCS#8 PEM Ed25519 private key, after checking it describes
/// a run of rows right after the previous checkpoint.
pub fn sign(
    private_pem: &str,
    unsigned: &UnsignedCheckpoint,
) -> Result<Checkpoint, CheckpointError> {
    let key = parse_private(private_pem)?;
    if !is_hex(&unsigned.head, 64) {
        return Err(CheckpointError::InvalidHead {
            head: unsigned.head.clone(),
        });
    }
    if let Some(reason) = range_fault(unsigned.seq, unsigned.from_seq, unsigned.prev_seq) {
        return Err(CheckpointError::InvalidRange {
            seq: unsigned.seq,
            from_seq: unsigned.from_seq,
            prev_seq: unsigned.prev_seq,
            reason,
        });
    }
    if unsigned.recorded_at.trim().is_empty() {
        return Err(CheckpointError::EmptyRecordedAt);
    }
    let mut checkpoint = Checkpoint {
        v: CHECKPOINT_VERSION.into(),
        seq: unsigned.seq,
        from_seq: unsigned.from_seq,
        prev_seq: unsigned.prev_seq,
        head: unsigned.head.clone(),
        recorded_at: unsigned.recorded_at.clone(),
        key_id: key_id_of(&key.verifying_key()),
        signature: String::new(),
    };
    let signature = key.sign(checkpoint.signed_bytes().as_bytes());
    checkpoint.signature = hex(&signature.to_bytes());
    Ok(checkpoint)
}

/// Checks a checkpoint's fields and its signature under the trusted key it names.
pub fn verify(keys: &PublicKeys, checkpoint: &Checkpoint) -> Result<(), CheckpointFault> {
    let malformed = |field, reason: String| Err(CheckpointFault::Malformed { field, reason });
    if checkpoint.v != CHECKPOINT_VERSION {
        return malformed(
            "v",
            format!("'{}' is not {CHECKPOINT_VERSION}", checkpoint.v),
        );
    }
    if !is_hex(&checkpoint.head, 64) {
        return malformed(
            "head",
            format!("'{}' is not 64 lowercase hex characters", checkpoint.head),
        );
    }
    if let Some(reason) = range_fault(checkpoint.seq, checkpoint.from_seq, checkpoint.prev_seq) {
        return malformed(
            "seq",
            format!(
                "seq {}, from_seq {}, prev_seq {}: {reason}",
                checkpoint.seq, checkpoint.from_seq, checkpoint.prev_seq
            ),
        );
    }
    if checkpoint.recorded_at.trim().is_empty() {
        return malformed("recorded_at", "it is empty".into());
    }
    if !is_hex(&checkpoint.key_id, 16) {
        return malformed(
            "key_id",
            format!("'{}' is not 16 lowercase hex characters", checkpoint.key_id),
        );
    }
    let Some(signature) = decode_hex::<64>(&checkpoint.signature) else {
        return malformed("signature", "it is not 128 lowercase hex characters".into());
    };
    let Some(key) = keys.get(&checkpoint.key_id) else {
        return Err(CheckpointFault::UnknownKey {
            key_id: checkpoint.key_id.clone(),
            trusted: keys.key_ids().collect::<Vec<_>>().join(", "),
        });
    };
    key.verify_strict(
        checkpoint.signed_bytes().as_bytes(),
        &Signature::from_bytes(&signature),
    )
    .map_err(|_| CheckpointFault::BadSignature {
        key_id: checkpoint.key_id.clone(),
    })
}

/// `Some(reason)` when the seqs cannot describe rows `from_seq..=seq` right after checkpoint `prev_seq`.
fn range_fault(seq: u64, from_seq: u64, prev_seq: u64) -> Option<&'static str> {
    if from_seq == 0 {
        Some("from_seq must be at least 1 (ledger_seq starts at 1)")
    } else if prev_seq.checked_add(1) != Some(from_seq) {
        Some("from_seq must be prev_seq + 1")
    } else if seq < from_seq {
        Some("seq must be at least from_seq (a checkpoint seals one row or more)")
    } else if seq > MAX_SEQ {
        Some("seq must be at most 2^53 - 1, the largest integer JSON readers agree on")
    } else {
        None
    }
}

pub(crate) fn key_id_of(key: &VerifyingKey) -> String {
    let mut id = sha256_hex_bytes(key.as_bytes());
    id.truncate(16);
    id
}

/// The label of the first PEM block (`PRIVATE KEY`, `PUBLIC KEY`, …), to name what was given.
fn pem_label(text: &str) -> Option<&str> {
    let start = text.find("-----BEGIN ")? + "-----BEGIN ".len();
    let len = text[start..].find("-----")?;
    Some(&text[start..start + len])
}

/// PEM text as the decoders want it: LF line ends, no surrounding blank space (a key read
/// from a Windows file or an environment variable often has either).
fn tidy_pem(text: &str) -> String {
    let mut pem = text.trim().replace("\r\n", "\n");
    pem.push('\n');
    pem
}

// Also an agent's key (`actor::sign_agent`): the same PKCS#8 PEM Ed25519 key, and the same errors.
pub(crate) fn parse_private(text: &str) -> Result<SigningKey, CheckpointError> {
    let invalid = |reason: String| CheckpointError::InvalidPrivateKey { reason };
    match pem_label(text) {
        None => return Err(invalid("no '-----BEGIN PRIVATE KEY-----' line".into())),
        Some("PRIVATE KEY") => {}
        Some("PUBLIC KEY") => {
            return Err(invalid(
                "it is a public key (BEGIN PUBLIC KEY); signing needs the private key".into(),
            ))
        }
        Some("ENCRYPTED PRIVATE KEY") => {
            return Err(invalid(
                "it is encrypted; store it unencrypted, readable by the server's user only".into(),
            ))
        }
        Some(other) => return Err(invalid(format!("it is a '{other}' PEM block"))),
    }
    SigningKey::from_pkcs8_pem(&tidy_pem(text)).map_err(|e| {
        use ed25519_dalek::pkcs8::{spki, Error};
        invalid(match e {
            // The decoder names the OID it expected (Ed25519's), not the one it found.
            Error::PublicKey(spki::Error::OidUnknown { .. })
            | Error::PublicKey(spki::Error::AlgorithmParametersMissing)
            | Error::ParametersMalformed => {
                "it is another algorithm's key (RSA, EC, Ed448…), not Ed25519".into()
            }
            Error::KeyMalformed => {
                "the key bytes are malformed (or the public key in it does not match)".into()
            }
            other => format!("its content is not PKCS#8: {other}"),
        })
    })
}

pub(crate) fn parse_public(text: &str) -> Result<VerifyingKey, String> {
    match pem_label(text) {
        None => return Err("no '-----BEGIN PUBLIC KEY-----' line".into()),
        Some("PUBLIC KEY") => {}
        Some(label) if label.contains("PRIVATE KEY") => return Err(
            "it is a private key; give the verifier the public key only (ledgerKeyInfo derives it)"
                .into(),
        ),
        Some(other) => return Err(format!("it is a '{other}' PEM block")),
    }
    use ed25519_dalek::pkcs8::spki::Error;
    VerifyingKey::from_public_key_pem(&tidy_pem(text)).map_err(|e| match e {
        Error::OidUnknown { .. } | Error::AlgorithmParametersMissing => {
            "it is another algorithm's key (RSA, EC, Ed448…), not Ed25519".into()
        }
        Error::KeyMalformed => "the key bytes are malformed".into(),
        other => format!("its content is not SPKI: {other}"),
    })
}

fn is_hex(text: &str, len: usize) -> bool {
    text.len() == len
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `N` bytes from `2N` lowercase hex characters, or `None`.
pub(crate) fn decode_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if !is_hex(text, N * 2) {
        return None;
    }
    let nibble = |b: u8| {
        if b.is_ascii_digit() {
            b - b'0'
        } else {
            b - b'a' + 10
        }
    };
    let bytes = text.as_bytes();
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = (nibble(bytes[2 * i]) << 4) | nibble(bytes[2 * i + 1]);
    }
    Some(out)
}

/// A non-negative integer from a JSON number or a decimal string: PostgreSQL returns
/// `bigint` columns as strings through `pg`, and a seq read back must still be a seq.
pub(crate) fn json_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = u64;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a non-negative integer (a number or a decimal string)")
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u64, E> {
            Ok(v)
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u64, E> {
            u64::try_from(v).map_err(|_| E::custom(format!("{v} is negative")))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u64, E> {
            // JS numbers arrive as floats through serde-wasm-bindgen; only whole safe ones are seqs.
            if v.fract() == 0.0 && (0.0..=MAX_SEQ as f64).contains(&v) {
                Ok(v as u64)
            } else {
                Err(E::custom(format!("{v} is not a whole non-negative number")))
            }
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u64, E> {
            v.trim()
                .parse::<u64>()
                .map_err(|_| E::custom(format!("'{v}' is not a decimal integer")))
        }
    }
    d.deserialize_any(V)
}

/// A seq from a JSON value (a number or a decimal string), for rows' `content.ledger_seq`.
pub(crate) fn seq_of(value: &serde_json::Value) -> Option<u64> {
    match value {
        serde_json::Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && (0.0..=MAX_SEQ as f64).contains(f))
                .map(|f| f as u64)
        }),
        serde_json::Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// `openssl genpkey -algorithm ed25519` (test only: never a production key).
    pub const TEST_KEY: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEICdAvjzCKKUaTuEW65CgmGOeWInepMj22ScZgpvVbPNl
-----END PRIVATE KEY-----
";
    /// `openssl pkey -in TEST_KEY -pubout`.
    pub const TEST_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAGAG6sENmIDA+WaDsRk83mIFiHUV4LkY2RocIulLFW+Q=
-----END PUBLIC KEY-----
";
    /// A second key: "another server".
    pub const OTHER_KEY: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIHOEGxlCzKgC+fI6qJsfih9MVHKax6LGM2zWDVVLeXAS
-----END PRIVATE KEY-----
";
    pub const OTHER_PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEABgxddvFczKKCEXZ1tQodMcIlyBxtQnFk6eOlUxVdQd8=
-----END PUBLIC KEY-----
";
    const P256_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQghnSv1eP0iXE4028H
kFinvoiWArUJLpM7cG9gOP3c8mChRANCAAQxeZ3JadQWUvybG/KdzLVlCYisUtnt
s1vwNpbxFES8r9PnzW/yIX0vyrn0hjv36Oo1zo0LFJH6lvrmyrAk+oQU
-----END PRIVATE KEY-----
";

    pub fn unsigned(seq: u64, prev_seq: u64, head: &str) -> UnsignedCheckpoint {
        UnsignedCheckpoint {
            seq,
            from_seq: prev_seq + 1,
            prev_seq,
            head: head.into(),
            recorded_at: "2025-07-01T09:30:00.000Z".into(),
        }
    }

    fn keys(pems: &[&str]) -> PublicKeys {
        PublicKeys::from_pems(pems).expect("test keys parse")
    }

    const HEAD: &str = "5f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0";

    #[test]
    fn the_key_info_is_the_openssl_public_key_and_its_id() {
        let info = key_info(TEST_KEY).unwrap();
        assert_eq!(info.public_key_pem, TEST_PUBLIC);
        assert_eq!(info.key_id.len(), 16);
        let raw = parse_public(TEST_PUBLIC).unwrap();
        assert_eq!(info.key_id, &sha256_hex_bytes(raw.as_bytes())[..16]);
        assert_ne!(info.key_id, key_info(OTHER_KEY).unwrap().key_id);
    }

    #[test]
    fn a_signed_checkpoint_verifies_under_its_public_key() {
        let c = sign(TEST_KEY, &unsigned(42, 17, HEAD)).unwrap();
        assert_eq!(c.v, CHECKPOINT_VERSION);
        assert_eq!((c.seq, c.from_seq, c.prev_seq), (42, 18, 17));
        assert_eq!(c.signature.len(), 128);
        assert_eq!(c.key_id, key_info(TEST_KEY).unwrap().key_id);
        assert_eq!(verify(&keys(&[TEST_PUBLIC]), &c), Ok(()));
        // Rotation: any trusted key may have signed it.
        assert_eq!(verify(&keys(&[OTHER_PUBLIC, TEST_PUBLIC]), &c), Ok(()));
    }

    #[test]
    fn the_signed_bytes_are_the_canonical_json_without_the_signature() {
        let c = sign(TEST_KEY, &unsigned(3, 0, HEAD)).unwrap();
        assert_eq!(
            c.signed_bytes(),
            format!(
                r#"{{"from_seq":1,"head":"{HEAD}","key_id":"{}","prev_seq":0,"recorded_at":"2025-07-01T09:30:00.000Z","seq":3,"v":"iu-ledger-checkpoint-v1"}}"#,
                c.key_id
            )
        );
        let back: Checkpoint = serde_json::from_str(&c.to_canonical_json()).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn ed25519_is_deterministic_so_the_signature_of_known_bytes_is_known() {
        // Signed by openssl over the same bytes, and the key id computed by it:
        //   printf '%s' "$signed_bytes" > m; openssl pkeyutl -sign -rawin -inkey key.pem -in m | xxd -p
        //   openssl pkey -in key.pem -pubout -outform DER | tail -c 32 | sha256sum | cut -c1-16
        let c = sign(TEST_KEY, &unsigned(3, 0, HEAD)).unwrap();
        assert_eq!(c.key_id, "325b8b1c2477ca50");
        assert_eq!(c.signature, OPENSSL_SIGNATURE);
    }
    const OPENSSL_SIGNATURE: &str = "bbebaa65b707429e0de385787b66d9e72429ef325a19a135349fbc0f2fd733e7c05fa35820058e5a97aebb85c52a0eaebe0b2f716f606e28e5a0369797b0170a";

    #[test]
    fn every_changed_field_breaks_the_signature() {
        let c = sign(TEST_KEY, &unsigned(42, 17, HEAD)).unwrap();
        let k = keys(&[TEST_PUBLIC]);
        let edits: [fn(&mut Checkpoint); 5] = [
            |c| c.seq = 43,
            |c| {
                c.prev_seq = 16;
                c.from_seq = 17
            },
            |c| c.head = HEAD.replace('5', "6"),
            |c| c.recorded_at = "2025-07-01T09:30:00.001Z".into(),
            |c| {
                let mut s = c.signature.clone().into_bytes();
                s[0] = if s[0] == b'0' { b'1' } else { b'0' };
                c.signature = String::from_utf8(s).unwrap();
            },
        ];
        for edit in edits {
            let mut forged = c.clone();
            edit(&mut forged);
            assert_eq!(
                verify(&k, &forged).map_err(|f| f.code()),
                Err("bad-signature"),
                "{forged:?}"
            );
        }
    }

    #[test]
    fn a_checkpoint_signed_by_another_key_is_an_unknown_key() {
        let c = sign(OTHER_KEY, &unsigned(1, 0, HEAD)).unwrap();
        let fault = verify(&keys(&[TEST_PUBLIC]), &c).unwrap_err();
        assert_eq!(fault.code(), "unknown-key");
        assert!(fault.to_string().contains(&c.key_id), "{fault}");
        // Claiming the trusted key's id does not help a forger: the signature fails.
        let mut claimed = c.clone();
        claimed.key_id = key_info(TEST_KEY).unwrap().key_id;
        assert_eq!(
            verify(&keys(&[TEST_PUBLIC]), &claimed).map_err(|f| f.code()),
            Err("bad-signature")
        );
    }

    #[test]
    fn malformed_fields_are_named() {
        let c = sign(TEST_KEY, &unsigned(5, 2, HEAD)).unwrap();
        let k = keys(&[TEST_PUBLIC]);
        let field = |edit: &dyn Fn(&mut Checkpoint)| {
            let mut bad = c.clone();
            edit(&mut bad);
            match verify(&k, &bad) {
                Err(CheckpointFault::Malformed { field, .. }) => field,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(field(&|c| c.v = "v2".into()), "v");
        assert_eq!(field(&|c| c.head = HEAD.to_uppercase()), "head");
        assert_eq!(field(&|c| c.from_seq = 4), "seq");
        assert_eq!(field(&|c| c.seq = 2), "seq");
        assert_eq!(field(&|c| c.key_id = "xyz".into()), "key_id");
        assert_eq!(field(&|c| c.signature.truncate(126)), "signature");
        assert_eq!(field(&|c| c.recorded_at = " ".into()), "recorded_at");
    }

    #[test]
    fn sign_refuses_what_is_not_a_run_after_the_previous_checkpoint() {
        let code = |u: UnsignedCheckpoint| sign(TEST_KEY, &u).unwrap_err().code();
        assert_eq!(code(unsigned(5, 2, "abc")), "invalid-head");
        assert_eq!(code(unsigned(5, 2, &HEAD.to_uppercase())), "invalid-head");
        assert_eq!(code(unsigned(2, 2, HEAD)), "invalid-seq-range");
        let mut u = unsigned(5, 2, HEAD);
        u.from_seq = 2;
        assert_eq!(code(u), "invalid-seq-range");
        let mut u = unsigned(5, 0, HEAD);
        u.from_seq = 0;
        assert_eq!(code(u), "invalid-seq-range");
        let mut u = unsigned(5, 2, HEAD);
        u.recorded_at = String::new();
        assert_eq!(code(u), "empty-field");
        let mut u = unsigned(MAX_SEQ + 1, 2, HEAD);
        u.seq = MAX_SEQ + 1;
        assert_eq!(code(u), "invalid-seq-range");
        assert!(sign(TEST_KEY, &unsigned(MAX_SEQ, 0, HEAD)).is_ok());
    }

    #[test]
    fn bad_keys_are_refused_with_a_hint_never_a_panic() {
        let report = |pem: &str| key_info(pem).unwrap_err().to_report();
        for pem in [
            "",
            "not a key",
            TEST_PUBLIC,
            P256_KEY,
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAw\n-----END PRIVATE KEY-----\n",
            "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
            "-----BEGIN PRIVATE KEY-----",
        ] {
            let r = report(pem);
            assert_eq!(r.code, "invalid-private-key", "{pem}");
            assert!(r.hint.contains("openssl genpkey -algorithm ed25519"));
        }
        assert!(report(TEST_PUBLIC).reason.contains("public key"));
        assert!(
            report(P256_KEY).reason.ends_with("not Ed25519"),
            "{}",
            report(P256_KEY).reason
        );
        let public = |pems: &[&str]| PublicKeys::from_pems(pems).unwrap_err();
        assert_eq!(public(&[]).code(), "no-public-key");
        assert_eq!(
            public(&[TEST_PUBLIC, TEST_KEY]),
            CheckpointError::InvalidPublicKey {
                index: 1,
                reason: "it is a private key; give the verifier the public key only (ledgerKeyInfo derives it)".into()
            }
        );
        assert_eq!(public(&["garbage"]).code(), "invalid-public-key");
    }

    #[test]
    fn keys_with_windows_line_ends_or_blank_space_around_them_parse() {
        let crlf = format!("\n  {}  \n", TEST_KEY.replace('\n', "\r\n"));
        assert_eq!(key_info(&crlf).unwrap(), key_info(TEST_KEY).unwrap());
        assert!(PublicKeys::from_pems(&[TEST_PUBLIC.replace('\n', "\r\n")]).is_ok());
    }

    #[test]
    fn seqs_may_come_as_numbers_or_decimal_strings() {
        let c = sign(TEST_KEY, &unsigned(7, 3, HEAD)).unwrap();
        let mut json: serde_json::Value = serde_json::to_value(&c).unwrap();
        json["seq"] = "7".into();
        json["prev_seq"] = serde_json::json!(3.0);
        let back: Checkpoint = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, c);
        json["seq"] = serde_json::json!(-7);
        assert!(serde_json::from_value::<Checkpoint>(json.clone()).is_err());
        json["seq"] = serde_json::json!(7.5);
        assert!(serde_json::from_value::<Checkpoint>(json).is_err());
    }

    proptest::proptest! {
        #[test]
        fn verify_never_panics_on_any_checkpoint(
            seq in proptest::num::u64::ANY, from_seq in proptest::num::u64::ANY, prev_seq in proptest::num::u64::ANY,
            head in "[0-9a-f]{0,70}", key_id in "[0-9a-fA-F]{0,20}", signature in "[0-9a-f]{0,130}", v in ".{0,30}",
        ) {
            let c = Checkpoint { v, seq, from_seq, prev_seq, head, recorded_at: "t".into(), key_id, signature };
            proptest::prop_assert!(verify(&keys(&[TEST_PUBLIC]), &c).is_err());
        }

        #[test]
        fn key_parsing_never_panics(text in ".{0,200}") {
            let _ = key_info(&text);
            let _ = key_info(&format!("-----BEGIN PRIVATE KEY-----\n{text}\n-----END PRIVATE KEY-----\n"));
            let _ = PublicKeys::from_pems(&[format!("-----BEGIN PUBLIC KEY-----\n{text}\n-----END PUBLIC KEY-----\n")]);
        }
    }
}
