//! The streamed ledger audit: the whole chain, page by page, against signed checkpoints.
//!
//! [`crate::ledger::chain::verify_chain`] proves the rows are consistent with each other; anyone
//! who can write the database can still rewrite a row and re-hash everything after it.
//! [`LedgerAudit`] also holds the chain to the server's signed [`Checkpoint`]s, and the
//! checkpoints to the witness file kept outside the database:
//!
//! 1. [`LedgerAudit::new`] takes the trusted public keys, where to start (an [`Anchor`]
//!    from an earlier audit, or the first row) and the witness file's checkpoints.
//! 2. [`LedgerAudit::checkpoints`] takes the database's checkpoints (any order, several
//!    calls), each signature-checked at once.
//! 3. [`LedgerAudit::rows`] takes the rows in `ledger_seq` order, one page per call.
//! 4. [`LedgerAudit::finish`] gives the [`AuditReport`].
//!
//! Per row: the recomputed hash (`tampered-content`), the link to the row before
//! (`broken-link`), seq contiguity (`missing-rows`, `duplicate-seq`, `out-of-order`,
//! `invalid-seq`), the head of a checkpoint at that seq (`checkpoint-mismatch`), and whether
//! any valid checkpoint seals it (`unsigned-row`). Per checkpoint: its signature
//! (`bad-signature`, `unknown-key`, `malformed-checkpoint`), the checkpoint chain
//! (`checkpoint-missing`, `duplicate-checkpoint`), the witness (`checkpoint-deleted`,
//! `checkpoint-differs`, and the warning `witness-lag`), and the tail (`rows-deleted-at-tail`).
//!
//! An agent's signature kept in a step's history row is checked against the change set or verify
//! result it signed (`bad-actor-signature`; ledger::actor).
//!
//! Memory is O(checkpoints + change sets + `max_violations`): rows are never kept (only the hash of
//! each change set and verify result, which agents sign), so 10 M rows audit in the space of one page. Violations past the cap are counted, not kept.
//!
//! Rows and checkpoints should be read in one snapshot (one repeatable-read transaction):
//! rows appended after the checkpoints were read would show up as `unsigned-row`.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::ledger::actor;
use crate::ledger::chain::{self, LedgerRow};
use crate::ledger::checkpoint::{
    self, json_u64, seq_of, Checkpoint, CheckpointError, CheckpointFault, PublicKeys,
};
use crate::ledger::policy::TrustPolicy;
use crate::text::report::Report;

/// Violations (and warnings) kept when `max_violations` is not given.
pub const DEFAULT_MAX_VIOLATIONS: usize = 1000;

/// A place in the chain already audited: row `seq` hashes to `row_hash`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Anchor {
    #[serde(deserialize_with = "json_u64")]
    pub seq: u64,
    pub row_hash: String,
}

/// What [`LedgerAudit::new`] needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditOptions {
    /// SPKI PEM public keys whose checkpoints are trusted (the current one, and retired
    /// ones); one PEM string is read as a list of one.
    #[serde(deserialize_with = "one_or_many")]
    pub public_keys: Vec<String>,
    /// Start after this row (`anchor_out` of an earlier audit); `None`: from seq 1.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub anchor: Option<Anchor>,
    /// Every checkpoint of the witness file; `None` when there is none (then deleting the
    /// newest rows together with their checkpoints cannot be seen: a `no-witness` warning).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub witness: Option<Vec<Checkpoint>>,
    /// Violations kept in the report (all are counted); the same cap applies to warnings.
    /// Left out or `null`: [`DEFAULT_MAX_VIOLATIONS`].
    #[serde(
        default = "default_max_violations",
        deserialize_with = "max_violations"
    )]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub max_violations: usize,
    /// What incidents disowned (the union of every `ledger_incident`'s set): findings on
    /// those rows and checkpoints are `disowned` warnings naming the incident.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub disowned: Option<Disowned>,
    /// The agents' trusted public keys (SPKI PEM Ed25519: DOT-991's, DOT-992's, and retired ones). Given, an
    /// agent's signature by any other key is `key-not-in-policy`; left out or empty, keys are not judged.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub agent_public_keys: Vec<String>,
    /// The trust policy in force at the anchor (its JSON, as its `trust_policy` row keeps it): what the
    /// people's signatures after the anchor, and the next policy change, are judged by. Without an
    /// anchor the audit reads every policy from the chain itself.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub trust_policy: Option<String>,
}

fn default_max_violations() -> usize {
    DEFAULT_MAX_VIOLATIONS
}

/// `max_violations`: a count, or `null` (a JS caller's `undefined`) for the default.
pub(crate) fn max_violations<'de, D: serde::Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    Ok(Option::<usize>::deserialize(d)?.unwrap_or(DEFAULT_MAX_VIOLATIONS))
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    match OneOrMany::deserialize(d) {
        Ok(OneOrMany::One(pem)) => Ok(vec![pem]),
        Ok(OneOrMany::Many(pems)) => Ok(pems),
        Err(_) => Err(serde::de::Error::custom(
            "public_keys must be a PEM string or an array of PEM strings",
        )),
    }
}

impl AuditOptions {
    /// Options with the defaults: from the first row, no witness, 1000 violations kept.
    pub fn new<S: Into<String>>(public_keys: impl IntoIterator<Item = S>) -> AuditOptions {
        AuditOptions {
            public_keys: public_keys.into_iter().map(Into::into).collect(),
            anchor: None,
            witness: None,
            max_violations: DEFAULT_MAX_VIOLATIONS,
            disowned: None,
            agent_public_keys: Vec::new(),
            trust_policy: None,
        }
    }
}

/// Rows and checkpoints that incidents disowned: written outside the workflow, kept in
/// history, counting for nothing. A row stays disowned only while it is exactly as the
/// incident recorded it (`row_hash`, and `content_hash` when its content already hashed
/// to something else), and only for the kinds of finding the incident saw (`kinds`; empty:
/// any); otherwise it is a `disowned-row-changed` violation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Disowned {
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub rows: Vec<DisownedRow>,
    /// Checkpoint seqs: a bare number, or `{ seq, incident }`.
    #[serde(default)]
    pub checkpoints: Vec<DisownedCheckpoint>,
}

/// One disowned row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisownedRow {
    #[serde(deserialize_with = "json_u64")]
    pub seq: u64,
    /// The row's stored row_hash when it was disowned.
    pub row_hash: String,
    /// What its content hashed to when that was not `row_hash` (it had been edited in place).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub content_hash: Option<String>,
    /// The kinds of finding the incident saw on it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<AuditKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub collection: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `ledger_incident` that disowned it (given by the caller of the audit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub incident: Option<String>,
}

/// One disowned checkpoint seq; serialized as the bare seq when no incident is named.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(type = "number | { seq: number; incident: string }")
)]
pub struct DisownedCheckpoint {
    pub seq: u64,
    pub incident: Option<String>,
}

impl Serialize for DisownedCheckpoint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Full<'a> {
            seq: u64,
            incident: &'a str,
        }
        match &self.incident {
            None => s.serialize_u64(self.seq),
            Some(incident) => Full {
                seq: self.seq,
                incident,
            }
            .serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for DisownedCheckpoint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Full {
            #[serde(deserialize_with = "json_u64")]
            seq: u64,
            #[serde(default)]
            incident: Option<String>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Seq(u64),
            Full(Full),
        }
        Ok(match Either::deserialize(d)? {
            Either::Seq(seq) => DisownedCheckpoint {
                seq,
                incident: None,
            },
            Either::Full(f) => DisownedCheckpoint {
                seq: f.seq,
                incident: f.incident,
            },
        })
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    /// A ledger row.
    Row,
    /// A checkpoint stored in the database.
    Checkpoint,
    /// A line of the witness file.
    Witness,
}

/// What is wrong (or, for warnings, worth knowing). Serialized as its kebab-case code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum AuditKind {
    /// The row no longer hashes to its row_hash: edited after it was written.
    TamperedContent,
    /// The row's prev_hash is not the previous row's row_hash.
    BrokenLink,
    /// The seq jumps: the rows in between are gone.
    MissingRows,
    /// Two rows have the same seq.
    DuplicateSeq,
    /// A row's seq is lower than the one before it (or not after the anchor).
    OutOfOrder,
    /// The row's `content.ledger_seq` is missing or not a whole number.
    InvalidSeq,
    /// The row at a checkpoint's seq does not have the head it signed (or the anchor's hash).
    CheckpointMismatch,
    /// A valid checkpoint names a seq beyond the last row: the newest rows were deleted.
    RowsDeletedAtTail,
    /// No valid checkpoint seals the row: it was added without the server's key.
    UnsignedRow,
    /// The checkpoint chain skips: a checkpoint's prev_seq is not the previous checkpoint.
    CheckpointMissing,
    /// Two stored checkpoints claim the same seq.
    DuplicateCheckpoint,
    /// The signature does not verify under the key it names.
    BadSignature,
    /// The checkpoint names a key that is not trusted.
    UnknownKey,
    /// A checkpoint field is not what the format allows.
    MalformedCheckpoint,
    /// A witness checkpoint is not in the database.
    CheckpointDeleted,
    /// The database and the witness hold different checkpoints at one seq.
    CheckpointDiffers,
    /// Warning: a valid database checkpoint has no witness line (a crash after commit can
    /// lose the witness's last line; the checkpoint itself is signed).
    WitnessLag,
    /// Warning: no witness was given.
    NoWitness,
    /// Warning: the row (or checkpoint) was disowned by an incident, as it is now: it is
    /// kept in history and counts for nothing.
    Disowned,
    /// A row an incident disowned changed since (another hash, or a new kind of finding).
    DisownedRowChanged,
    /// An agent's signature of a step does not verify, or was made for another step or another row:
    /// the step was forged or moved, or the row it signed was rewritten (even re-hashed and re-sealed).
    BadActorSignature,
    /// An agent's signature holds, but by a key that is not one of the agents' trusted keys: someone
    /// signed in the agent's name with a key of their own.
    KeyNotInPolicy,
    /// The trust policy in force makes this act need the signature of the person who took it, and
    /// the step has none (ledger::policy).
    UnsignedStep,
    /// A trust policy row whose change is not signed by the custodians the policy before it names
    /// (or that breaks the policy's own rules): it is not in force.
    PolicyNotSignedByCustodians,
    /// A step signed by a key the policy in force had revoked.
    SignedByRevokedKey,
    /// Warning: a passkey's signature counter is not above the last one the ledger holds for that
    /// passkey: the authenticator may have been cloned (WebAuthn §6.1.1), or two signatures were
    /// written in another order than they were made.
    PasskeyCounterBack,
    /// Warning: trust policy version 1 holds by its custodians' signatures alone, with no second
    /// person's review (a store whose first policy was installed before reviews were asked for). It
    /// is in force; the root of trust rests on whoever installed it.
    FirstPolicyUnreviewed,
}

impl AuditKind {
    /// Stable kebab-case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::TamperedContent => "tampered-content",
            Self::BrokenLink => "broken-link",
            Self::MissingRows => "missing-rows",
            Self::DuplicateSeq => "duplicate-seq",
            Self::OutOfOrder => "out-of-order",
            Self::InvalidSeq => "invalid-seq",
            Self::CheckpointMismatch => "checkpoint-mismatch",
            Self::RowsDeletedAtTail => "rows-deleted-at-tail",
            Self::UnsignedRow => "unsigned-row",
            Self::CheckpointMissing => "checkpoint-missing",
            Self::DuplicateCheckpoint => "duplicate-checkpoint",
            Self::BadSignature => "bad-signature",
            Self::UnknownKey => "unknown-key",
            Self::MalformedCheckpoint => "malformed-checkpoint",
            Self::CheckpointDeleted => "checkpoint-deleted",
            Self::CheckpointDiffers => "checkpoint-differs",
            Self::WitnessLag => "witness-lag",
            Self::NoWitness => "no-witness",
            Self::Disowned => "disowned",
            Self::DisownedRowChanged => "disowned-row-changed",
            Self::BadActorSignature => "bad-actor-signature",
            Self::KeyNotInPolicy => "key-not-in-policy",
            Self::UnsignedStep => "unsigned-step",
            Self::PolicyNotSignedByCustodians => "policy-not-signed-by-custodians",
            Self::SignedByRevokedKey => "signed-by-revoked-key",
            Self::PasskeyCounterBack => "passkey-counter-back",
            Self::FirstPolicyUnreviewed => "first-policy-unreviewed",
        }
    }

    /// Warnings do not fail the audit.
    pub fn is_warning(self) -> bool {
        matches!(
            self,
            Self::WitnessLag
                | Self::NoWitness
                | Self::Disowned
                | Self::PasskeyCounterBack
                | Self::FirstPolicyUnreviewed
        )
    }

    fn of_fault(fault: &CheckpointFault) -> AuditKind {
        match fault {
            CheckpointFault::Malformed { .. } => Self::MalformedCheckpoint,
            CheckpointFault::UnknownKey { .. } => Self::UnknownKey,
            CheckpointFault::BadSignature { .. } => Self::BadSignature,
        }
    }
}

/// One thing found, with the evidence: where (seq, and the row for row findings), what
/// should be there and what is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditFinding {
    pub kind: AuditKind,
    pub subject: Subject,
    /// The row's seq, or the checkpoint's `seq` for checkpoint findings.
    pub seq: u64,
    /// The row's id (row findings only).
    pub row_id: Option<String>,
    /// The row's collection (row findings only).
    pub collection: Option<String>,
    /// The row's stored row_hash (row findings only): what an incident records to disown it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub row_hash: Option<String>,
    pub expected: String,
    pub found: String,
    pub message: String,
}

/// The outcome of an audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditReport {
    /// No violation (warnings do not count).
    pub passed: bool,
    pub rows_checked: u64,
    /// Seq of the first row fed; `None` when no row was.
    pub from_seq: Option<u64>,
    /// Seq of the last row fed in order (the chain's end as audited).
    pub to_seq: Option<u64>,
    /// row_hash of that row (the anchor's when no row was fed).
    pub head: Option<String>,
    /// Where the next incremental audit may start: the last checkpoint that verified, is
    /// stored in the database, matched its row, and has no violation at or before it.
    /// The input anchor when no newer one qualifies.
    pub anchor_out: Option<Anchor>,
    /// Database checkpoints whose signature was checked.
    pub checkpoints_checked: u64,
    /// Witness checkpoints whose signature was checked.
    pub witness_checked: u64,
    /// Every violation found, including those past the cap.
    pub violation_count: u64,
    /// The first `max_violations` violations, in seq order.
    pub violations: Vec<AuditFinding>,
    pub warning_count: u64,
    /// The first `max_violations` warnings, in seq order.
    pub warnings: Vec<AuditFinding>,
}

/// Why an audit could not run (as opposed to what it found).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditError {
    /// A public key is unusable.
    #[error(transparent)]
    Key(#[from] CheckpointError),
    /// The anchor is not a seq ≥ 1 and a row hash.
    #[error("the anchor (seq {seq}, row_hash '{row_hash}') is not a place in a chain: {reason}")]
    InvalidAnchor {
        seq: u64,
        row_hash: String,
        reason: &'static str,
    },
    /// `checkpoints` was called after the first page of rows.
    #[error(
        "checkpoints were given after rows: every checkpoint must be given before the first row"
    )]
    CheckpointsAfterRows,
    /// The audit was already finished.
    #[error("the audit is finished")]
    Finished,
    /// A line of the witness file is not a checkpoint.
    #[error("witness line {line} (byte {offset}) is not a checkpoint: {reason}")]
    InvalidWitnessLine {
        line: usize,
        offset: usize,
        reason: String,
    },
    /// An option cannot be read.
    #[error("{reason}")]
    InvalidOptions { reason: String },
}

impl Report for AuditError {
    /// Stable kebab-case code (a key error keeps the key's code).
    fn code(&self) -> &'static str {
        match self {
            Self::Key(e) => e.code(),
            Self::InvalidAnchor { .. } => "invalid-anchor",
            Self::CheckpointsAfterRows => "checkpoints-after-rows",
            Self::Finished => "audit-finished",
            Self::InvalidWitnessLine { .. } => "invalid-witness-line",
            Self::InvalidOptions { .. } => "invalid-audit-options",
        }
    }

    /// How to fix it.
    fn hint(&self) -> String {
        match self {
            Self::Key(e) => e.hint(),
            Self::InvalidAnchor { .. } => "pass the anchor_out of an earlier audit unchanged, or no anchor to audit from the first row".into(),
            Self::CheckpointsAfterRows => "read all checkpoints first (seq ≥ the anchor's), then stream the rows".into(),
            Self::Finished => "open a new audit: finish() gives the report once".into(),
            Self::InvalidWitnessLine { .. } => "the witness file was damaged or edited: restore it from a backup; each line is one checkpoint as JSON".into(),
            Self::InvalidOptions { .. } => "give trust_policy as the policy_json of the trust_policy row in force at the anchor".into(),
        }
    }

    fn offset(&self) -> Option<usize> {
        match self {
            Self::InvalidWitnessLine { offset, .. } => Some(*offset),
            _ => None,
        }
    }
}

/// The checkpoints of a witness file (one JSON checkpoint per line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Witness {
    pub checkpoints: Vec<Checkpoint>,
    /// The last line was cut short (no newline, not JSON) and was left out: the server
    /// stopped while appending it. Its checkpoint then shows as a `witness-lag` warning.
    pub torn_tail: bool,
}

/// Reads a witness file. Blank lines are skipped; a last line without its newline that is
/// not a checkpoint is a torn write and is left out; any other bad line is an error.
pub fn parse_witness(text: &str) -> Result<Witness, AuditError> {
    let mut checkpoints = Vec::new();
    let mut torn_tail = false;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let body = line.trim();
        if body.is_empty() {
            continue;
        }
        match serde_json::from_str::<Checkpoint>(body) {
            Ok(c) => checkpoints.push(c),
            Err(_) if !line.ends_with('\n') => torn_tail = true,
            Err(e) => {
                return Err(AuditError::InvalidWitnessLine {
                    line: index + 1,
                    offset: start,
                    reason: e.to_string(),
                })
            }
        }
    }
    Ok(Witness {
        checkpoints,
        torn_tail,
    })
}

/// A valid checkpoint's claim about one seq, from the database, the witness or both.
#[derive(Debug)]
struct Seal {
    head: String,
    /// The witness's head when it differs from the database's (already a violation).
    other_head: Option<String>,
    from_seq: u64,
    recorded_at: String,
    /// A valid database checkpoint says so (not the witness alone).
    in_db: bool,
    /// The row at `seq` had this head (`None`: no row at `seq` was fed yet).
    matched: Option<bool>,
}

/// A stored checkpoint and whether its signature verified.
#[derive(Debug)]
struct Stored {
    checkpoint: Checkpoint,
    valid: bool,
}

/// The streamed audit; see the module docs. State is O(checkpoints + change sets + cap), never O(rows).
#[derive(Debug)]
pub struct LedgerAudit {
    keys: PublicKeys,
    anchor: Option<Anchor>,
    max: usize,
    db: BTreeMap<u64, Stored>,
    /// `None`: no witness given.
    witness: Option<BTreeMap<u64, Stored>>,
    seals: BTreeMap<u64, Seal>,
    /// The highest seq a valid checkpoint seals (0: none); rows beyond are unsigned.
    sealed_to: u64,
    sealed: bool,
    finished: bool,
    // The chain as fed so far.
    rows_checked: u64,
    first_seq: Option<u64>,
    last_seq: Option<u64>,
    prev_hash: Option<String>,
    checkpoints_checked: u64,
    witness_checked: u64,
    violations: Vec<AuditFinding>,
    violation_count: u64,
    /// The lowest seq of any violation, kept ones or not: `anchor_out` stays below it.
    first_violation_seq: Option<u64>,
    warnings: Vec<AuditFinding>,
    warning_count: u64,
    /// Disowned rows by seq, and disowned checkpoint seqs with their incident.
    disowned_rows: HashMap<u64, Vec<DisownedRow>>,
    disowned_checkpoints: HashMap<u64, Option<String>>,
    /// The row hash of each change set and verify result seen: what an agent's signature is over.
    signed_rows: HashMap<String, String>,
    /// The key ids of the agents' trusted keys; `None`: not judged.
    agent_keys: Option<Vec<String>>,
    /// The trust policy in force at the row being read (ledger::policy).
    policy: Option<TrustPolicy>,
    /// Each entry's manifest sha256 (its `decision_backlog_entry` row): what a person's submission or
    /// review is signed over.
    manifests: HashMap<String, String>,
    /// The highest signature counter seen for each passkey (by key id), in chain order.
    passkey_counts: HashMap<String, u32>,
    /// Every passkey of every policy read so far: whose signatures a page's prefetch can verify.
    passkeys: prefetch::KnownPasskeys,
    /// How many threads verify a page's passkey signatures before it is read (natively; 1: none).
    threads: usize,
}

impl LedgerAudit {
    /// Parses the keys, checks the anchor and signature-checks the witness.
    pub fn new(options: AuditOptions) -> Result<LedgerAudit, AuditError> {
        let keys = PublicKeys::from_pems(&options.public_keys)?;
        let agent_keys = options
            .agent_public_keys
            .iter()
            .enumerate()
            .map(|(index, pem)| {
                actor::agent_key_id(pem).map_err(|fault| {
                    AuditError::Key(CheckpointError::InvalidPublicKey {
                        index,
                        reason: format!("agent public key {index}: {fault}"),
                    })
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let policy = match &options.trust_policy {
            None => None,
            Some(text) => Some(serde_json::from_str::<TrustPolicy>(text).map_err(|e| {
                AuditError::InvalidOptions {
                    reason: format!("trust_policy is not a trust policy's JSON: {e}"),
                }
            })?),
        };
        if let Some(a) = &options.anchor {
            let fault = if a.seq == 0 {
                Some("seq must be at least 1 (no anchor means: from the first row)")
            } else if !(a.row_hash.len() == 64
                && a.row_hash
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            {
                Some("row_hash must be 64 lowercase hex characters")
            } else {
                None
            };
            if let Some(reason) = fault {
                return Err(AuditError::InvalidAnchor {
                    seq: a.seq,
                    row_hash: a.row_hash.clone(),
                    reason,
                });
            }
        }
        let mut audit = LedgerAudit {
            keys,
            prev_hash: options.anchor.as_ref().map(|a| a.row_hash.clone()),
            anchor: options.anchor,
            max: options.max_violations,
            db: BTreeMap::new(),
            witness: None,
            seals: BTreeMap::new(),
            sealed_to: 0,
            sealed: false,
            finished: false,
            rows_checked: 0,
            first_seq: None,
            last_seq: None,
            checkpoints_checked: 0,
            witness_checked: 0,
            violations: Vec::new(),
            violation_count: 0,
            first_violation_seq: None,
            warnings: Vec::new(),
            warning_count: 0,
            disowned_rows: HashMap::new(),
            disowned_checkpoints: HashMap::new(),
            signed_rows: HashMap::new(),
            agent_keys: (!agent_keys.is_empty()).then_some(agent_keys),
            passkeys: Default::default(),
            threads: std::thread::available_parallelism().map_or(1, usize::from),
            policy,
            manifests: HashMap::new(),
            passkey_counts: HashMap::new(),
        };
        if let Some(p) = &audit.policy {
            audit.passkeys.learn(p);
        }
        if let Some(d) = options.disowned {
            for r in d.rows {
                audit.disowned_rows.entry(r.seq).or_default().push(r);
            }
            for c in d.checkpoints {
                audit
                    .disowned_checkpoints
                    .entry(c.seq)
                    .or_insert(c.incident);
            }
        }
        match options.witness {
            None => audit.record(AuditFinding {
                kind: AuditKind::NoWitness,
                subject: Subject::Witness,
                seq: audit.anchor_seq(),
                row_id: None,
                collection: None,
                row_hash: None,
                expected: "the witness file's checkpoints".into(),
                found: "none given".into(),
                message: "no witness was given: deleting the newest rows together with their checkpoints cannot be detected".into(),
            }),
            Some(lines) => {
                let mut witness = BTreeMap::new();
                for c in lines {
                    if c.seq < audit.anchor_seq() {
                        continue; // audited before the anchor
                    }
                    audit.witness_checked += 1;
                    let valid = audit.check_signature(Subject::Witness, &c);
                    match witness.entry(c.seq) {
                        Entry::Vacant(v) => {
                            v.insert(Stored {
                                checkpoint: c,
                                valid,
                            });
                        }
                        Entry::Occupied(o) if o.get().checkpoint == c => {} // written twice
                        Entry::Occupied(mut o) => {
                            let first = &o.get().checkpoint;
                            let finding = differs(Subject::Witness, first, &c, "two witness lines");
                            if !o.get().valid && valid {
                                o.insert(Stored { checkpoint: c, valid });
                            }
                            audit.record(finding);
                        }
                    }
                }
                audit.witness = Some(witness);
            }
        }
        Ok(audit)
    }

    /// The database's checkpoints (seq ≥ the anchor's; earlier ones are ignored), in any
    /// order and in as many calls as needed, all before the first page of rows.
    pub fn checkpoints(&mut self, list: Vec<Checkpoint>) -> Result<(), AuditError> {
        if self.finished {
            return Err(AuditError::Finished);
        }
        if self.sealed {
            return Err(AuditError::CheckpointsAfterRows);
        }
        for c in list {
            if c.seq < self.anchor_seq() {
                continue;
            }
            self.checkpoints_checked += 1;
            // The same bytes as a witness line that verified need no second check (an
            // Ed25519 verification costs ~0.1 ms in WASM; a full audit checks every one).
            let witnessed = self
                .witness
                .as_ref()
                .and_then(|w| w.get(&c.seq))
                .is_some_and(|w| w.valid && w.checkpoint == c);
            let valid = witnessed || self.check_signature(Subject::Checkpoint, &c);
            match self.db.entry(c.seq) {
                Entry::Vacant(v) => {
                    v.insert(Stored {
                        checkpoint: c,
                        valid,
                    });
                }
                Entry::Occupied(mut o) => {
                    let first = o.get().checkpoint.clone();
                    if !o.get().valid && valid {
                        o.insert(Stored {
                            checkpoint: c.clone(),
                            valid,
                        });
                    }
                    self.record(AuditFinding {
                        kind: AuditKind::DuplicateCheckpoint,
                        subject: Subject::Checkpoint,
                        seq: c.seq,
                        row_id: None,
                        collection: None,
                        row_hash: None,
                        expected: "one checkpoint per seq".into(),
                        found: format!("heads {} and {}", first.head, c.head),
                        message: format!(
                            "two stored checkpoints claim seq {} (signed at {} and at {})",
                            c.seq, first.recorded_at, c.recorded_at
                        ),
                    });
                }
            }
        }
        Ok(())
    }

    /// One page of rows, in `ledger_seq` order, continuing the previous page.
    pub fn rows(&mut self, page: Vec<LedgerRow>) -> Result<(), AuditError> {
        if self.finished {
            return Err(AuditError::Finished);
        }
        self.seal();
        // WASM has one thread (spawning one panics), and verifying first gains nothing there.
        let held = if cfg!(target_arch = "wasm32") || self.threads < 2 {
            Default::default()
        } else {
            self.passkeys.verify_page(&page, self.threads)
        };
        actor::with_es256_held(held, || {
            for row in page {
                self.row(row);
            }
        });
        Ok(())
    }

    /// How many threads verify each page's passkey signatures before it is read in order (natively;
    /// by default, as many as the machine has cores). 1: each is verified when it is read.
    pub fn set_threads(&mut self, threads: usize) {
        self.threads = threads.max(1);
    }

    /// The report. Call once; later calls (and `rows`, `checkpoints`) answer [`AuditError::Finished`].
    pub fn finish(&mut self) -> Result<AuditReport, AuditError> {
        if self.finished {
            return Err(AuditError::Finished);
        }
        self.seal();
        self.finished = true;
        let end = self.last_seq.unwrap_or_else(|| self.anchor_seq());
        let beyond: Vec<(u64, String, String, u64)> = self
            .seals
            .range(end + 1..)
            .map(|(&seq, s)| (seq, s.head.clone(), s.recorded_at.clone(), s.from_seq))
            .collect();
        for (seq, head, recorded_at, from_seq) in beyond {
            self.record(AuditFinding {
                kind: AuditKind::RowsDeletedAtTail,
                subject: Subject::Checkpoint,
                seq,
                row_id: None,
                collection: None,
                row_hash: None,
                expected: format!("rows up to seq {seq}, the last with row_hash {head}"),
                found: if end == 0 {
                    "no rows".into()
                } else {
                    format!("rows up to seq {end}")
                },
                message: format!(
                    "checkpoint {from_seq}–{seq} (signed at {recorded_at}) says the chain reached seq {seq} with head {head}; the ledger ends at seq {end}: the newest rows were deleted"
                ),
            });
        }

        let anchor_out = self
            .seals
            .iter()
            .rev()
            .find(|&(&seq, s)| {
                s.in_db
                    && s.matched == Some(true)
                    && self.first_violation_seq.is_none_or(|v| v > seq)
            })
            .map(|(&seq, s)| Anchor {
                seq,
                row_hash: s.head.clone(),
            })
            .or_else(|| {
                // The input anchor stands only if nothing is wrong at or before it.
                self.anchor
                    .clone()
                    .filter(|a| self.first_violation_seq.is_none_or(|v| v > a.seq))
            });
        let mut violations = std::mem::take(&mut self.violations);
        let mut warnings = std::mem::take(&mut self.warnings);
        violations.sort_by_key(|f| f.seq);
        warnings.sort_by_key(|f| f.seq);
        Ok(AuditReport {
            passed: self.violation_count == 0,
            rows_checked: self.rows_checked,
            from_seq: self.first_seq,
            to_seq: self.last_seq,
            head: self.prev_hash.clone(),
            anchor_out,
            checkpoints_checked: self.checkpoints_checked,
            witness_checked: self.witness_checked,
            violation_count: self.violation_count,
            violations,
            warning_count: self.warning_count,
            warnings,
        })
    }

    /// Rows fed so far.
    pub fn rows_checked(&self) -> u64 {
        self.rows_checked
    }

    /// Stored checkpoints signature-checked so far.
    pub fn checkpoints_checked(&self) -> u64 {
        self.checkpoints_checked
    }

    fn anchor_seq(&self) -> u64 {
        self.anchor.as_ref().map_or(0, |a| a.seq)
    }

    fn record(&mut self, mut finding: AuditFinding) {
        if finding.subject != Subject::Row && !finding.kind.is_warning() {
            if let Some(incident) = self.disowned_checkpoints.get(&finding.seq) {
                let incident = incident.as_deref().unwrap_or("(unnamed)");
                finding.message = format!(
                    "checkpoint seq {} was disowned by incident {incident} ({}: {})",
                    finding.seq,
                    finding.kind.code(),
                    finding.message
                );
                finding.kind = AuditKind::Disowned;
            }
        }
        if finding.kind.is_warning() {
            self.warning_count += 1;
            if self.warnings.len() < self.max {
                self.warnings.push(finding);
            }
            return;
        }
        self.violation_count += 1;
        self.first_violation_seq = Some(
            self.first_violation_seq
                .map_or(finding.seq, |s| s.min(finding.seq)),
        );
        if self.violations.len() < self.max {
            self.violations.push(finding);
        }
    }

    fn check_signature(&mut self, subject: Subject, c: &Checkpoint) -> bool {
        let Err(fault) = checkpoint::verify(&self.keys, c) else {
            return true;
        };
        let whose = match subject {
            Subject::Witness => "the witness checkpoint",
            _ => "the stored checkpoint",
        };
        self.record(AuditFinding {
            kind: AuditKind::of_fault(&fault),
            subject,
            seq: c.seq,
            row_id: None,
            collection: None,
            row_hash: None,
            expected: match &fault {
                CheckpointFault::Malformed { field, .. } => format!("a well-formed {field}"),
                CheckpointFault::UnknownKey { trusted, .. } => format!("one of the keys {trusted}"),
                CheckpointFault::BadSignature { .. } => "a signature over these fields".into(),
            },
            found: match &fault {
                CheckpointFault::UnknownKey { key_id, .. } => format!("key {key_id}"),
                _ => format!("signature {}", c.signature),
            },
            message: format!("{whose} {}–{} is not trusted: {fault}", c.from_seq, c.seq),
        });
        false
    }

    /// Once, before the first row: the checkpoint chain, the witness against the database,
    /// and the seals the rows are held to.
    fn seal(&mut self) {
        if self.sealed {
            return;
        }
        self.sealed = true;
        let anchor = self.anchor.clone();
        let anchor_seq = self.anchor_seq();
        let db = std::mem::take(&mut self.db);

        // The checkpoint chain: each valid checkpoint follows the previous valid one.
        let mut previous = anchor.as_ref().map_or(0, |a| a.seq);
        for (&seq, s) in db.iter().filter(|(_, s)| s.valid) {
            let c = &s.checkpoint;
            if let Some(a) = anchor.as_ref().filter(|a| a.seq == seq) {
                if a.row_hash != c.head {
                    self.record(anchor_mismatch(a, c, "the stored checkpoint"));
                }
                continue;
            }
            if c.prev_seq != previous {
                self.record(AuditFinding {
                    kind: AuditKind::CheckpointMissing,
                    subject: Subject::Checkpoint,
                    seq,
                    row_id: None,
                    collection: None,
                    row_hash: None,
                    expected: format!("prev_seq {previous}"),
                    found: format!("prev_seq {}", c.prev_seq),
                    message: if c.prev_seq > previous {
                        format!(
                            "checkpoint {}–{seq} follows a checkpoint at seq {}, which is missing or invalid (the previous valid one is at seq {previous}): checkpoints were deleted",
                            c.from_seq, c.prev_seq
                        )
                    } else {
                        format!(
                            "checkpoint {}–{seq} says the previous checkpoint is at seq {}, but one at seq {previous} exists: the checkpoint chain forked",
                            c.from_seq, c.prev_seq
                        )
                    },
                });
            }
            previous = seq;
        }

        // The witness against the database.
        if let Some(witness) = self.witness.take() {
            for (&seq, w) in &witness {
                match db.get(&seq) {
                    Some(d) if d.checkpoint != w.checkpoint => {
                        self.record(differs(
                            Subject::Checkpoint,
                            &w.checkpoint,
                            &d.checkpoint,
                            "the witness and the database",
                        ));
                    }
                    Some(_) => {}
                    // Feeding the checkpoint at the anchor itself is optional.
                    None if w.valid && seq > self.anchor_seq() => self.record(AuditFinding {
                        kind: AuditKind::CheckpointDeleted,
                        subject: Subject::Checkpoint,
                        seq,
                        row_id: None,
                        collection: None,
                        row_hash: None,
                        expected: format!(
                            "the checkpoint {}–{seq} (head {}) in the database",
                            w.checkpoint.from_seq, w.checkpoint.head
                        ),
                        found: "no checkpoint at that seq".into(),
                        message: format!(
                            "the witness has checkpoint {}–{seq} signed at {}, the database does not: it was deleted",
                            w.checkpoint.from_seq, w.checkpoint.recorded_at
                        ),
                    }),
                    None => {}
                }
                if let Some(a) = anchor.as_ref().filter(|a| a.seq == seq && w.valid) {
                    if a.row_hash != w.checkpoint.head {
                        self.record(anchor_mismatch(a, &w.checkpoint, "the witness checkpoint"));
                    }
                }
            }
            for (&seq, d) in db.iter().filter(|(_, d)| d.valid) {
                if !witness.contains_key(&seq) && seq > self.anchor_seq() {
                    self.record(AuditFinding {
                        kind: AuditKind::WitnessLag,
                        subject: Subject::Checkpoint,
                        seq,
                        row_id: None,
                        collection: None,
                        row_hash: None,
                        expected: "a witness line for this checkpoint".into(),
                        found: "none".into(),
                        message: format!(
                            "checkpoint {}–{seq} (signed at {}) is in the database but not in the witness: the witness missed its line (a crash after commit); the checkpoint is still signed",
                            d.checkpoint.from_seq, d.checkpoint.recorded_at
                        ),
                    });
                }
            }
            // Valid witness checkpoints seal rows too: rows re-hashed after their stored
            // checkpoint was deleted still meet the witness's head.
            for (seq, w) in witness
                .into_iter()
                .filter(|(s, w)| w.valid && *s > anchor_seq)
            {
                self.seals.insert(
                    seq,
                    Seal {
                        head: w.checkpoint.head,
                        other_head: None,
                        from_seq: w.checkpoint.from_seq,
                        recorded_at: w.checkpoint.recorded_at,
                        in_db: false,
                        matched: None,
                    },
                );
            }
        }
        for (seq, d) in db.into_iter().filter(|(s, d)| d.valid && *s > anchor_seq) {
            let c = d.checkpoint;
            match self.seals.entry(seq) {
                Entry::Occupied(mut o) => {
                    let s = o.get_mut();
                    if s.head != c.head {
                        s.other_head = Some(std::mem::replace(&mut s.head, c.head));
                    }
                    s.in_db = true;
                }
                Entry::Vacant(v) => {
                    v.insert(Seal {
                        head: c.head,
                        other_head: None,
                        from_seq: c.from_seq,
                        recorded_at: c.recorded_at,
                        in_db: true,
                        matched: None,
                    });
                }
            }
        }
        self.sealed_to = self.seals.keys().next_back().copied().unwrap_or(0);
    }

    fn row(&mut self, row: LedgerRow) {
        let mut found = Vec::new();
        let (seq, computed) = self.judge_row(&row, &mut found);
        if let Some((kind, expected, message)) = self.actor_signature(&row) {
            found.push(AuditFinding {
                kind,
                subject: Subject::Row,
                seq,
                row_id: Some(row.id.clone()),
                collection: Some(row.collection.clone()),
                row_hash: Some(row.row_hash.clone()),
                expected: expected.into(),
                found: match kind {
                    AuditKind::UnsignedStep => "no signature".into(),
                    AuditKind::PolicyNotSignedByCustodians => {
                        "a change the custodians did not sign".into()
                    }
                    AuditKind::PasskeyCounterBack => "a counter not above the last one".into(),
                    AuditKind::FirstPolicyUnreviewed => "its custodians' signatures alone".into(),
                    _ => "a signature that does not hold".into(),
                },
                message,
            });
        }
        self.settle_row(seq, &row, computed, found);
    }

    /// Every finding on one row (into `out`, not recorded), moving the chain on; returns
    /// the row's seq and, when its content no longer hashes to its row_hash, what it hashes to.
    fn judge_row(&mut self, row: &LedgerRow, out: &mut Vec<AuditFinding>) -> (u64, Option<String>) {
        self.rows_checked += 1;
        let expected_seq = self.last_seq.map_or(self.anchor_seq() + 1, |s| s + 1);
        let finding = |kind, seq, expected: String, found: String, message: String| AuditFinding {
            kind,
            subject: Subject::Row,
            seq,
            row_id: Some(row.id.clone()),
            collection: Some(row.collection.clone()),
            row_hash: Some(row.row_hash.clone()),
            expected,
            found,
            message,
        };
        let claimed = row.content.get("ledger_seq").and_then(seq_of);
        let seq = match claimed {
            Some(seq) => seq,
            None => {
                out.push(finding(
                    AuditKind::InvalidSeq,
                    expected_seq,
                    format!("content.ledger_seq {expected_seq}"),
                    row.content
                        .get("ledger_seq")
                        .map_or("none".into(), ToString::to_string),
                    "the row has no whole-number content.ledger_seq; it is taken to be the next seq".into(),
                ));
                expected_seq
            }
        };
        if self.first_seq.is_none() {
            self.first_seq = Some(seq);
        }

        let check = chain::check_row(row, self.prev_hash.as_deref());
        if let Some(recomputed) = check.tampered.clone() {
            out.push(finding(
                AuditKind::TamperedContent,
                seq,
                recomputed,
                row.row_hash.clone(),
                chain::TAMPERED_MESSAGE.into(),
            ));
        }
        if seq > self.sealed_to {
            let message = if self.sealed_to == 0 {
                "no valid checkpoint exists: the row is not signed".to_string()
            } else {
                format!(
                    "the last valid checkpoint seals up to seq {}: this row was added without the server's key, or its checkpoint is missing",
                    self.sealed_to
                )
            };
            out.push(finding(
                AuditKind::UnsignedRow,
                seq,
                format!("a checkpoint with seq ≥ {seq}"),
                format!("checkpoints up to seq {}", self.sealed_to),
                message,
            ));
        }

        // A row that is not the next one does not move the chain on.
        if seq < expected_seq {
            let (kind, expected, message) = if Some(seq) == self.last_seq {
                (
                    AuditKind::DuplicateSeq,
                    "one row per seq".to_string(),
                    format!("a second row has seq {seq}"),
                )
            } else {
                (
                    AuditKind::OutOfOrder,
                    format!("seq {expected_seq} or later"),
                    match self.last_seq {
                        Some(last) => format!(
                            "seq {seq} comes after seq {last}: rows must be given in ledger_seq order"
                        ),
                        None => format!(
                            "seq {seq} is not after the anchor (seq {}): give the rows after it",
                            self.anchor_seq()
                        ),
                    },
                )
            };
            out.push(finding(kind, seq, expected, format!("seq {seq}"), message));
            return (seq, check.tampered);
        }
        if seq > expected_seq {
            out.push(finding(
                AuditKind::MissingRows,
                seq,
                format!("seq {expected_seq}"),
                format!("seq {seq}"),
                if seq - expected_seq == 1 {
                    format!("the row with seq {expected_seq} is missing: it was deleted")
                } else {
                    format!(
                        "the rows with seq {expected_seq} to {} ({} rows) are missing: they were deleted",
                        seq - 1,
                        seq - expected_seq
                    )
                },
            ));
        }
        if !check.linked {
            let shown = |h: Option<&str>| h.unwrap_or("none").to_string();
            out.push(finding(
                AuditKind::BrokenLink,
                seq,
                shown(self.prev_hash.as_deref()),
                shown(row.prev_hash.as_deref()),
                chain::broken_link_message(row.prev_hash.as_deref()).into(),
            ));
        }
        if let Some(seal) = self.seals.get_mut(&seq) {
            // The head the row misses: the stored one first, else the witness's other one.
            let missed = if seal.head != row.row_hash {
                Some((seal.head.clone(), seal.in_db))
            } else {
                seal.other_head
                    .clone()
                    .filter(|h| *h != row.row_hash)
                    .map(|h| (h, false))
            };
            seal.matched = Some(missed.is_none());
            if let Some((head, in_db)) = missed {
                let (from_seq, recorded_at) = (seal.from_seq, seal.recorded_at.clone());
                let source = if in_db {
                    "checkpoint"
                } else {
                    "witness checkpoint"
                };
                out.push(finding(
                    AuditKind::CheckpointMismatch,
                    seq,
                    head,
                    row.row_hash.clone(),
                    format!(
                        "{source} {from_seq}–{seq} (signed at {recorded_at}) sealed another row at seq {seq}: rows up to here were rewritten and re-hashed without the server's key"
                    ),
                ));
            }
        }
        self.last_seq = Some(seq);
        self.prev_hash = Some(row.row_hash.clone());
        (seq, check.tampered)
    }

    /// Records a row's findings, unless an incident disowned the row as it is now: then
    /// one `disowned` warning names the incident instead. A disowned row that changed since
    /// (another row_hash, another content hash, a finding of a kind the incident did not
    /// see) is a `disowned-row-changed` violation, with its findings.
    fn settle_row(
        &mut self,
        seq: u64,
        row: &LedgerRow,
        computed: Option<String>,
        found: Vec<AuditFinding>,
    ) {
        let candidates: Vec<DisownedRow> = self
            .disowned_rows
            .get(&seq)
            .map(|list| {
                list.iter()
                    .filter(|d| d.id.as_deref().is_none_or(|id| id == row.id))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        if candidates.is_empty() {
            for f in found {
                self.record(f);
            }
            return;
        }
        let content = computed.as_deref().unwrap_or(&row.row_hash);
        let same = |d: &DisownedRow| {
            d.row_hash == row.row_hash
                && content == d.content_hash.as_deref().unwrap_or(&d.row_hash)
                && (d.kinds.is_empty() || found.iter().all(|f| d.kinds.contains(&f.kind)))
        };
        let base = AuditFinding {
            kind: AuditKind::Disowned,
            subject: Subject::Row,
            seq,
            row_id: Some(row.id.clone()),
            collection: Some(row.collection.clone()),
            row_hash: Some(row.row_hash.clone()),
            expected: String::new(),
            found: String::new(),
            message: String::new(),
        };
        let what = format!("{} {} (seq {seq})", row.collection, row.id);
        if let Some(d) = candidates.iter().find(|d| same(d)) {
            let incident = d.incident.as_deref().unwrap_or("(unnamed)");
            let seen = if found.is_empty() {
                String::new()
            } else {
                let kinds: Vec<&str> = found.iter().map(|f| f.kind.code()).collect();
                format!(" (as the incident found it: {})", kinds.join(", "))
            };
            self.record(AuditFinding {
                expected: format!("row_hash {} as incident {incident} recorded it", d.row_hash),
                found: row.row_hash.clone(),
                message: format!(
                    "{what} was disowned by incident {incident}: it was written outside the workflow, stays in history and counts for nothing{seen}"
                ),
                ..base
            });
            return;
        }
        let d = &candidates[0];
        let incident = d.incident.as_deref().unwrap_or("(unnamed)");
        let new_kinds: Vec<&str> = found
            .iter()
            .filter(|f| !d.kinds.is_empty() && !d.kinds.contains(&f.kind))
            .map(|f| f.kind.code())
            .collect();
        let change = if d.row_hash != row.row_hash {
            format!("its row_hash is {} now", row.row_hash)
        } else if content != d.content_hash.as_deref().unwrap_or(&d.row_hash) {
            format!("its content hashes to {content} now")
        } else {
            format!("it now also shows {}", new_kinds.join(", "))
        };
        self.record(AuditFinding {
            kind: AuditKind::DisownedRowChanged,
            expected: format!(
                "row_hash {}{} as incident {incident} recorded it",
                d.row_hash,
                d.content_hash
                    .as_deref()
                    .map(|c| format!(", content hashing to {c}"))
                    .unwrap_or_default()
            ),
            found: row.row_hash.clone(),
            message: format!(
                "{what} was disowned by incident {incident}, but it changed since: {change}; it was edited again outside the workflow"
            ),
            ..base
        });
        for f in found {
            self.record(f);
        }
    }

    /// Items kept in memory (checkpoints, seals, findings): never grows with rows.
    #[cfg(test)]
    fn retained(&self) -> usize {
        self.db.len()
            + self.witness.as_ref().map_or(0, BTreeMap::len)
            + self.seals.len()
            + self.violations.len()
            + self.warnings.len()
    }
}

fn differs(
    subject: Subject,
    first: &Checkpoint,
    second: &Checkpoint,
    between: &str,
) -> AuditFinding {
    AuditFinding {
        kind: AuditKind::CheckpointDiffers,
        subject,
        seq: first.seq,
        row_id: None,
        collection: None,
        row_hash: None,
        expected: first.to_canonical_json(),
        found: second.to_canonical_json(),
        message: format!(
            "{between} hold different checkpoints at seq {} (heads {} and {}): one of them was replaced",
            first.seq, first.head, second.head
        ),
    }
}

fn anchor_mismatch(anchor: &Anchor, c: &Checkpoint, whose: &str) -> AuditFinding {
    AuditFinding {
        kind: AuditKind::CheckpointMismatch,
        subject: Subject::Checkpoint,
        seq: anchor.seq,
        row_id: None,
        collection: None,
        row_hash: None,
        expected: c.head.clone(),
        found: anchor.row_hash.clone(),
        message: format!(
            "the anchor says row {} hashes to {}, but {whose} at that seq signed {}: the anchor was not a verified checkpoint",
            anchor.seq, anchor.row_hash, c.head
        ),
    }
}

mod prefetch;
mod signatures;
#[cfg(test)]
mod tests;
