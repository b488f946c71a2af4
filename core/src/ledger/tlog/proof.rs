//! Offline proofs (c2sp.org/tlog-proof): one ledger row, its inclusion proof and the
//! checkpoint it is proved against, with the witnesses' cosignatures, in one text file an
//! auditor checks with nothing but a policy ([`super::policy`]: the log's key, the
//! witnesses' keys, the quorum).
//!
//! ```text
//! c2sp.org/tlog-proof@v1
//! extra <base64 of the row: {"collection", "content", "prev_hash"}>
//! index <leaf index = ledger_seq − 1>
//! <base64 hash>…            (the inclusion proof, leaf's sibling first)
//!
//! <checkpoint note, with its signatures and cosignatures>
//! ```
//!
//! The entry of leaf i is the 32 bytes of the `row_hash` of ledger row i + 1, so the row
//! in `extra` (which tlog-proof leaves unauthenticated) is authenticated here by hashing
//! it again ([`crate::ledger::chain::chain_hash`]). A unit's whole history is one proof
//! per row that wrote it, against one checkpoint ([`UnitProof`]).

use std::collections::BTreeSet;

use base64ct::{Base64, Encoding};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::merkle::{leaf_hash, verify_consistency, verify_inclusion, Hash, ProofError};
use super::note::{check_signature, open_checkpoint, CheckpointText, Note, NoteFault};
use super::policy::Policy;
use crate::ledger::chain::chain_hash;

/// The first line of every proof.
pub const PROOF_HEADER: &str = "c2sp.org/tlog-proof@v1";
/// The `format` of a unit's history bundle.
pub const UNIT_PROOF_FORMAT: &str = "iu-cutter-unit-proof-v1";

/// A parsed tlog-proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofFile {
    pub extra: Option<Vec<u8>>,
    pub index: u64,
    pub hashes: Vec<Hash>,
    /// The checkpoint note, verbatim.
    pub checkpoint: String,
}

impl ProofFile {
    /// The proof as text.
    pub fn to_text(&self) -> String {
        let mut out = format!("{PROOF_HEADER}\n");
        if let Some(extra) = &self.extra {
            out.push_str(&format!("extra {}\n", Base64::encode_string(extra)));
        }
        out.push_str(&format!("index {}\n", self.index));
        for h in &self.hashes {
            out.push_str(&Base64::encode_string(h));
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.checkpoint);
        out
    }

    /// Reads a proof; an error names the line.
    pub fn parse(text: &str) -> Result<ProofFile, ProofFault> {
        let bad = |line: usize, reason: String| ProofFault::Malformed { line, reason };
        let Some((head, checkpoint)) = text.split_once("\n\n") else {
            return Err(bad(1, "no blank line before the checkpoint".into()));
        };
        let mut lines = head
            .split('\n')
            .enumerate()
            .map(|(i, l)| (i + 1, l))
            .peekable();
        match lines.next() {
            Some((_, PROOF_HEADER)) => {}
            _ => return Err(bad(1, format!("the first line is not '{PROOF_HEADER}'"))),
        }
        let mut extra = None;
        if let Some((n, l)) = lines.peek().copied() {
            if let Some(b64) = l.strip_prefix("extra ") {
                extra = Some(
                    Base64::decode_vec(b64).map_err(|_| bad(n, "extra is not base64".into()))?,
                );
                lines.next();
            }
        }
        let (n, index_line) = lines.next().ok_or_else(|| bad(2, "no index line".into()))?;
        let index = index_line
            .strip_prefix("index ")
            .and_then(|i| i.parse::<u64>().ok().filter(|v| v.to_string() == i))
            .ok_or_else(|| bad(n, format!("'{index_line}' is not 'index <decimal>'")))?;
        let mut hashes = Vec::new();
        for (n, l) in lines {
            let bytes =
                Base64::decode_vec(l).map_err(|_| bad(n, format!("'{l}' is not a base64 hash")))?;
            let hash: Hash = bytes
                .try_into()
                .map_err(|_| bad(n, "a proof hash is not 32 bytes".into()))?;
            hashes.push(hash);
        }
        Ok(ProofFile {
            extra,
            index,
            hashes,
            checkpoint: checkpoint.to_string(),
        })
    }
}

/// The ledger row a proof carries in `extra`: what its `row_hash` hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProvedRow {
    pub collection: String,
    pub content: Value,
    pub prev_hash: Option<String>,
}

/// What a proof that holds shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProofCheck {
    /// The row's `ledger_seq` (index + 1).
    pub seq: u64,
    pub collection: String,
    /// The row's `id`, when its content names one.
    pub row_id: Option<String>,
    pub row_hash: String,
    pub origin: String,
    /// The size of the tree the row was proved in.
    pub size: u64,
    /// The root hash of that tree (hex).
    pub root: String,
    /// The witnesses of the policy whose cosignatures verified.
    pub cosigned_by: Vec<String>,
    pub quorum: String,
}

/// Why a proof does not hold, by name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofFault {
    #[error("line {line}: {reason}")]
    Malformed { line: usize, reason: String },
    #[error("the checkpoint: {0}")]
    Checkpoint(NoteFault),
    #[error("the checkpoint's origin '{origin}' is signed by no log key of the policy (the policy's logs: {logs})")]
    UnknownLog { origin: String, logs: String },
    #[error("the cosignature of witness {witness} does not verify: the checkpoint was changed after it was cosigned, or the cosignature forged")]
    BadCosignature { witness: String },
    #[error("the quorum '{quorum}' is not met: cosigned by {cosigned}{ignored}")]
    QuorumNotMet {
        quorum: String,
        cosigned: String,
        ignored: String,
    },
    #[error("the proof carries no row (no extra line)")]
    NoRow,
    #[error("the row in the proof is not a ledger row: {reason}")]
    BadRow { reason: String },
    #[error(
        "the row is ledger_seq {seq}, but the proof is for index {index} (ledger_seq {expected})"
    )]
    WrongIndex { seq: u64, index: u64, expected: u64 },
    #[error("the row is not in the checkpoint's tree: {0}")]
    NotIncluded(ProofError),
}

impl ProofFault {
    /// Stable kebab-case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed { .. } => "malformed-proof",
            Self::Checkpoint(f) => f.code(),
            Self::UnknownLog { .. } => "unknown-log-key",
            Self::BadCosignature { .. } => "bad-cosignature",
            Self::QuorumNotMet { .. } => "quorum-not-met",
            Self::NoRow => "no-row",
            Self::BadRow { .. } => "bad-row",
            Self::WrongIndex { .. } => "wrong-index",
            Self::NotIncluded(e) => e.code(),
        }
    }
}

/// A checkpoint that a policy's log signed and whose cosignatures meet its quorum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedCheckpoint {
    pub checkpoint: CheckpointText,
    pub cosigned_by: Vec<String>,
}

/// Opens a checkpoint note under a policy: signed by one of its logs, each cosignature by
/// one of its witnesses valid, and enough of them for the quorum. A cosignature by a key
/// outside the policy counts for nothing and is named when the quorum is not met.
pub fn trusted_checkpoint(
    note_text: &str,
    policy: &Policy,
) -> Result<TrustedCheckpoint, ProofFault> {
    let note = Note::parse(note_text).map_err(ProofFault::Checkpoint)?;
    let origin = CheckpointText::parse(&note.text)
        .map_err(ProofFault::Checkpoint)?
        .origin;
    let log = policy
        .logs
        .iter()
        .find(|l| l.name == origin)
        .ok_or_else(|| ProofFault::UnknownLog {
            origin: origin.clone(),
            logs: policy
                .logs
                .iter()
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    let (checkpoint, note) = match open_checkpoint(note_text, log) {
        Ok(x) => x,
        Err(NoteFault::UnsignedByLog { .. }) => {
            return Err(ProofFault::UnknownLog {
                origin,
                logs: policy
                    .logs
                    .iter()
                    .map(|l| l.to_text())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        }
        Err(f) => return Err(ProofFault::Checkpoint(f)),
    };
    let mut cosigned = BTreeSet::new();
    let mut ignored = Vec::new();
    for sig in &note.signatures {
        if sig.name == log.name && sig.key_hash == log.key_hash {
            continue;
        }
        match policy
            .witnesses
            .iter()
            .find(|w| w.key.name == sig.name && w.key.key_hash == sig.key_hash)
        {
            Some(w) => match check_signature(&w.key, &note.text, sig) {
                Ok(_) => {
                    cosigned.insert(w.name.clone());
                }
                Err(_) => {
                    return Err(ProofFault::BadCosignature {
                        witness: w.name.clone(),
                    })
                }
            },
            None => ignored.push(sig.name.clone()),
        }
    }
    if !policy.satisfied(&cosigned) {
        return Err(ProofFault::QuorumNotMet {
            quorum: policy.quorum().to_string(),
            cosigned: if cosigned.is_empty() {
                "no witness of the policy".into()
            } else {
                cosigned.iter().cloned().collect::<Vec<_>>().join(", ")
            },
            ignored: if ignored.is_empty() {
                String::new()
            } else {
                format!(
                    "; ignored, not witnesses of the policy: {}",
                    ignored.join(", ")
                )
            },
        });
    }
    Ok(TrustedCheckpoint {
        checkpoint,
        cosigned_by: cosigned.into_iter().collect(),
    })
}

/// The leaf data of a ledger row: its `row_hash`'s 32 bytes.
pub fn row_entry(row_hash: &str) -> Option<Hash> {
    crate::ledger::checkpoint::decode_hex(row_hash)
}

/// Checks that `entry` is leaf `proof.index` of a checkpoint the policy trusts.
pub fn verify_entry(
    proof: &ProofFile,
    policy: &Policy,
    entry: &[u8],
) -> Result<TrustedCheckpoint, ProofFault> {
    let trusted = trusted_checkpoint(&proof.checkpoint, policy)?;
    let cp = &trusted.checkpoint;
    verify_inclusion(
        &leaf_hash(entry),
        proof.index,
        cp.size,
        &proof.hashes,
        &cp.root,
    )
    .map_err(ProofFault::NotIncluded)?;
    Ok(trusted)
}

/// Checks a tlog-proof of one ledger row under a policy: the row in `extra` hashes to the
/// entry, its ledger_seq is the index's, and the entry is in a trusted checkpoint's tree.
pub fn verify_proof(text: &str, policy: &Policy) -> Result<ProofCheck, ProofFault> {
    let proof = ProofFile::parse(text)?;
    let extra = proof.extra.as_deref().ok_or(ProofFault::NoRow)?;
    let row: ProvedRow = serde_json::from_slice(extra).map_err(|e| ProofFault::BadRow {
        reason: e.to_string(),
    })?;
    let seq = row
        .content
        .get("ledger_seq")
        .and_then(Value::as_u64)
        .ok_or_else(|| ProofFault::BadRow {
            reason: "its content has no ledger_seq".into(),
        })?;
    if seq != proof.index.saturating_add(1) {
        return Err(ProofFault::WrongIndex {
            seq,
            index: proof.index,
            expected: proof.index.saturating_add(1),
        });
    }
    let row_hash = chain_hash(row.prev_hash.as_deref(), &row.collection, &row.content);
    let entry = row_entry(&row_hash).ok_or_else(|| ProofFault::BadRow {
        reason: "its hash is not 64 hex".into(),
    })?;
    let trusted = verify_entry(&proof, policy, &entry)?;
    let cp = &trusted.checkpoint;
    Ok(ProofCheck {
        seq,
        collection: row.collection,
        row_id: row
            .content
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_string),
        row_hash,
        origin: cp.origin.clone(),
        size: cp.size,
        root: crate::text::hash::hex(&cp.root),
        cosigned_by: trusted.cosigned_by,
        quorum: policy.quorum().to_string(),
    })
}

/// A unit's history (every ledger row that wrote it) or an entry's rows, each with its proof
/// against one checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitProof {
    /// Always [`UNIT_PROOF_FORMAT`].
    pub format: String,
    /// What the rows are the history of: a unit's canonical address, `entry/<id>` or `ledger-row/<seq>`.
    pub address: String,
    /// One tlog-proof per row, in ledger order.
    pub proofs: Vec<String>,
}

/// What a unit's history bundle shows when every proof holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitProofCheck {
    pub address: String,
    pub rows: Vec<ProofCheck>,
}

/// Checks every proof of a unit's history bundle; all against one checkpoint (same origin,
/// size and root), so the rows are one history. The first failing proof is named by position.
pub fn verify_unit_proof(
    bundle: &UnitProof,
    policy: &Policy,
) -> Result<UnitProofCheck, (usize, ProofFault)> {
    if bundle.format != UNIT_PROOF_FORMAT {
        return Err((
            0,
            ProofFault::Malformed {
                line: 0,
                reason: format!("format '{}' is not {UNIT_PROOF_FORMAT}", bundle.format),
            },
        ));
    }
    let mut rows: Vec<ProofCheck> = Vec::with_capacity(bundle.proofs.len());
    for (i, text) in bundle.proofs.iter().enumerate() {
        let check = verify_proof(text, policy).map_err(|f| (i, f))?;
        if let Some(first) = rows.first() {
            if (first.size, &first.root, &first.origin) != (check.size, &check.root, &check.origin)
            {
                return Err((
                    i,
                    ProofFault::Malformed {
                        line: 0,
                        reason: "the proofs are against different checkpoints".into(),
                    },
                ));
            }
        }
        rows.push(check);
    }
    Ok(UnitProofCheck {
        address: bundle.address.clone(),
        rows,
    })
}

/// How a checkpoint shown by the log differs from one a witness cosigned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Divergence {
    #[error("split view: the log shows a tree of size {size} with root {shown}, but the witness cosigned root {witnessed} for that size")]
    SplitView {
        size: u64,
        shown: String,
        witnessed: String,
    },
    #[error("rollback: the log shows size {shown}, but the witness cosigned size {witnessed}: the log was truncated or is showing an old state")]
    Rollback { shown: u64, witnessed: u64 },
    #[error("the log's tree of size {shown} does not extend the witnessed tree of size {witnessed}: {reason}")]
    Fork {
        shown: u64,
        witnessed: u64,
        reason: String,
    },
    #[error("the checkpoints are of different logs: '{shown}' and '{witnessed}'")]
    OtherLog { shown: String, witnessed: String },
}

impl Divergence {
    /// Stable kebab-case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::SplitView { .. } => "split-view",
            Self::Rollback { .. } => "rollback",
            Self::Fork { .. } => "fork",
            Self::OtherLog { .. } => "other-log",
        }
    }
}

/// Compares a checkpoint the log shows with one a witness cosigned: the same tree, or a
/// larger one the `proof` shows extends it. Anything else is named.
pub fn compare_checkpoints(
    shown: &CheckpointText,
    witnessed: &CheckpointText,
    proof: &[Hash],
) -> Result<(), Divergence> {
    let hex = crate::text::hash::hex;
    if shown.origin != witnessed.origin {
        return Err(Divergence::OtherLog {
            shown: shown.origin.clone(),
            witnessed: witnessed.origin.clone(),
        });
    }
    if shown.size < witnessed.size {
        return Err(Divergence::Rollback {
            shown: shown.size,
            witnessed: witnessed.size,
        });
    }
    if shown.size == witnessed.size {
        return if shown.root == witnessed.root {
            Ok(())
        } else {
            Err(Divergence::SplitView {
                size: shown.size,
                shown: hex(&shown.root),
                witnessed: hex(&witnessed.root),
            })
        };
    }
    if witnessed.size == 0 {
        return Ok(());
    }
    verify_consistency(
        witnessed.size,
        shown.size,
        proof,
        &witnessed.root,
        &shown.root,
    )
    .map_err(|e| Divergence::Fork {
        shown: shown.size,
        witnessed: witnessed.size,
        reason: e.to_string(),
    })
}
