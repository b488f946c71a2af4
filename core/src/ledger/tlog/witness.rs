//! A witness (c2sp.org/tlog-witness): it keeps the latest checkpoint it cosigned for each
//! log, and cosigns a new one only if the log proves the new tree extends that one. A
//! log that rolls back, forks, or shows another witness a different tree of the same
//! size is refused here, and the refusal names it.
//!
//! This is the decision only; `iu-cutter witness` (extension/src/cli/witness.js) keeps
//! the state on disk and speaks HTTP.

use ed25519_dalek::SigningKey;

use base64ct::{Base64, Encoding};

use super::merkle::{empty_tree_hash, verify_consistency, Hash, ProofError};
use super::note::{cosign, open_checkpoint, CheckpointText, NoteFault, NoteSignature, VerifierKey};

/// What a witness last cosigned for one log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Latest {
    pub size: u64,
    pub root: Hash,
}

/// Why a witness refused a checkpoint (each maps to tlog-witness's HTTP status).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The checkpoint is not a note signed by the log's key (403), or malformed (400).
    #[error(transparent)]
    Note(#[from] NoteFault),
    /// The log's `old` size is not the size the witness holds (409: the body says which).
    #[error("the log says the witness last saw size {claimed}, but it holds size {held}")]
    Conflict { claimed: u64, held: u64 },
    /// The new tree is smaller than the one the witness holds: a rollback (400).
    #[error("rollback: the checkpoint is of size {size}, smaller than the size {held} the witness cosigned")]
    Rollback { size: u64, held: u64 },
    /// The proof does not show the new tree extends the held one: a fork or a split view (422).
    #[error("the checkpoint of size {size} is not consistent with the size {held} the witness cosigned: {reason}")]
    Inconsistent {
        size: u64,
        held: u64,
        reason: String,
    },
}

impl Refusal {
    /// Stable kebab-case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Note(f) => f.code(),
            Self::Conflict { .. } => "witness-conflict",
            Self::Rollback { .. } => "rollback",
            Self::Inconsistent { .. } => "inconsistent-tree",
        }
    }

    /// The tlog-witness HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Self::Note(NoteFault::Malformed { .. }) => 400,
            Self::Note(NoteFault::WrongOrigin { .. }) => 404,
            Self::Note(_) => 403,
            Self::Conflict { .. } => 409,
            Self::Rollback { .. } => 400,
            Self::Inconsistent { .. } => 422,
        }
    }
}

/// An add-checkpoint request (tlog-witness): the size the log thinks the witness holds,
/// the consistency proof from it, and the new checkpoint note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddRequest {
    pub old: u64,
    pub proof: Vec<Hash>,
    pub note: String,
}

impl AddRequest {
    /// `old <N>\n`, the proof's hashes in base64 one a line, a blank line, the note.
    pub fn to_text(&self) -> String {
        let mut out = format!("old {}\n", self.old);
        for h in &self.proof {
            out.push_str(&Base64::encode_string(h));
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.note);
        out
    }

    /// Reads a request body; a malformed one is a 400 that names the line.
    pub fn parse(body: &str) -> Result<AddRequest, String> {
        let (head, note) = body
            .split_once("\n\n")
            .ok_or("no blank line before the checkpoint")?;
        let mut lines = head.split('\n');
        let first = lines.next().unwrap_or_default();
        let old = first
            .strip_prefix("old ")
            .and_then(|n| n.parse::<u64>().ok().filter(|v| v.to_string() == n))
            .ok_or_else(|| format!("line 1: '{first}' is not 'old <decimal>'"))?;
        let mut proof = Vec::new();
        for (i, l) in lines.enumerate() {
            let hash: Option<Hash> = Base64::decode_vec(l).ok().and_then(|b| b.try_into().ok());
            proof.push(
                hash.ok_or_else(|| format!("line {}: not a base64 hash of 32 bytes", i + 2))?,
            );
        }
        if proof.len() > 63 {
            return Err(format!(
                "{} proof hashes; a consistency proof has at most 63",
                proof.len()
            ));
        }
        Ok(AddRequest {
            old,
            proof,
            note: note.to_string(),
        })
    }
}

/// A witness: its cosigning key and its name (the key's name in its verifier key).
pub struct Witness {
    pub key: SigningKey,
    pub name: String,
}

impl Witness {
    /// Judges an add-checkpoint request for the log `log`, against what the witness holds
    /// for it (`latest`, None for a log it has not seen: then `old` must be 0). On success:
    /// the checkpoint and the cosignature made at `timestamp` (Unix seconds).
    pub fn add_checkpoint(
        &self,
        log: &VerifierKey,
        latest: Option<&Latest>,
        request: &AddRequest,
        timestamp: u64,
    ) -> Result<(CheckpointText, NoteSignature), Refusal> {
        let (checkpoint, _) = open_checkpoint(&request.note, log)?;
        let held = latest.map_or(0, |l| l.size);
        if request.old > checkpoint.size {
            return Err(Refusal::Rollback {
                size: checkpoint.size,
                held: request.old,
            });
        }
        if request.old != held {
            return Err(Refusal::Conflict {
                claimed: request.old,
                held,
            });
        }
        if checkpoint.size == 0 && checkpoint.root != empty_tree_hash() {
            return Err(Refusal::Inconsistent {
                size: 0,
                held,
                reason: "the empty tree's root is SHA-256 of nothing".into(),
            });
        }
        match latest.filter(|l| l.size > 0) {
            Some(l) => verify_consistency(
                l.size,
                checkpoint.size,
                &request.proof,
                &l.root,
                &checkpoint.root,
            )
            .map_err(|e: ProofError| Refusal::Inconsistent {
                size: checkpoint.size,
                held,
                reason: e.to_string(),
            })?,
            None if !request.proof.is_empty() => {
                return Err(Refusal::Inconsistent {
                    size: checkpoint.size,
                    held,
                    reason: "a proof from the empty tree must be empty".into(),
                })
            }
            None => {}
        }
        let sig = cosign(&self.key, &self.name, timestamp, &checkpoint.body());
        Ok((checkpoint, sig))
    }
}
