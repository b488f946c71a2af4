//! The trust policy (issue 48, item 3): which key may sign which step, for which person, and who may
//! change that. It is a document kept in the ledger (`trust_policy` rows, one per version), in the
//! manner of TUF's root and in-toto's layout:
//!
//! - each key is held by one person (a Directus user id) and may sign the acts it lists; a key that
//!   may sign `policy` is a **custodian**'s;
//! - a change (version n + 1) holds only with the signatures of `threshold` distinct custodians of
//!   version n, over the new version's sha256, so no single admin, and no operator holding the
//!   ledger's key, can add a key or a reviewer. Version 1 is signed by its own custodians (on
//!   install: the installing admin alone, which the module warns about);
//! - the acts in `signed_acts` need the signature of the person who took them, by one of their keys
//!   in the policy in force when the step was written; a step without one is `unsigned-step`;
//! - a revoked key is listed with why: steps it signed while it was in force stay valid (the policy
//!   in force at their place in the ledger had it), later ones are `signed-by-revoked-key`.
//!
//! Signatures are the statements of [`crate::ledger::actor`]: a passkey's WebAuthn assertion (ES256)
//! or an Ed25519 signature (a custodian's offline key, with the CLI).

use base64ct::{Base64UrlUnpadded, Encoding};
use serde::{Deserialize, Serialize};

use crate::ledger::actor::{
    self, Act, ActorFault, PasskeyAssertion, RelyingParty, Statement, StepSigner,
};
use crate::text::canonical_json;
use crate::text::hash::{sha256_hex, sha256_hex_bytes};
use crate::text::report::Report;
use crate::text::timestamp::Timestamp;

/// The `v` of every policy: its sha256 can never be read as that of anything else.
pub const POLICY_FORMAT: &str = "iu-cutter-policy-v1";

/// The acts whose steps ask for the signature of whoever takes them when the policy lists them in
/// `signed_acts`. Each is kept in the step's own ledger row:
/// - submit, approve, reject, sweep, rollback and repair in the history row
///   (`detail.person_signature`); a CUT or a VERIFY there too, by the agent's own key
///   (`detail.actor_signature`, and in its `dot_pair_signature` row) or, taken by hand, by the person's;
/// - a go-ahead in its `review_decision` row, an incident in its `ledger_incident` row (their
///   `actor_signature` column, iu0017).
pub const SIGNABLE_ACTS: [Act; 10] = [
    Act::Submit,
    Act::Approve,
    Act::Reject,
    Act::GoAhead,
    Act::Cut,
    Act::Verify,
    Act::Sweep,
    Act::Rollback,
    Act::Incident,
    Act::Repair,
];

/// What a person who records an incident signs: the sha256 of RFC 8785 `{"document", "note"}`, what
/// they report. The findings are the server's: it audits under the chain lock when it writes the row,
/// after the signature, so the person cannot sign them beforehand; they are in the same row.
pub fn incident_subject(document: Option<&str>, note: &str) -> String {
    let json =
        canonical_json::to_string(&serde_json::json!({ "document": document, "note": note }));
    sha256_hex(&json)
}

/// The `entry` a custodian's statement names: the policy version it signs.
pub fn policy_entry(version: u32) -> String {
    format!("trust-policy-v{version}")
}

/// One version of the trust policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrustPolicy {
    /// 1 for the first policy; each change adds one.
    pub version: u32,
    /// sha256 of the version before (its [`TrustPolicy::sha256`]); null for version 1.
    pub previous_sha256: Option<String>,
    /// k: how many distinct custodians must sign the next version.
    pub threshold: u32,
    /// Where people's passkeys sign: their assertions must name this RP id and one of its origins.
    pub relying_party: RelyingParty,
    /// The acts that need the signature of the person who takes them.
    pub signed_acts: Vec<Act>,
    pub keys: Vec<PolicyKey>,
    /// Keys taken out, with why. Signatures they made before stay valid.
    #[serde(default)]
    pub revoked: Vec<RevokedKey>,
}

/// A key the policy trusts, who holds it and what it may sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyKey {
    /// [`PublicKey::key_id`]: first 16 hex digits of the key's sha256.
    pub key_id: String,
    /// The Directus user id of the person who holds it.
    pub holder: String,
    /// Who they are, for people reading the policy ("Ngọc Anh, reviewer").
    pub label: String,
    /// What the key may sign; `policy` makes its holder a custodian.
    pub acts: Vec<Act>,
    pub public_key: PublicKey,
}

/// A public key: a passkey's (P-256, SPKI DER base64url, as enrolment gives it, with the credential's
/// id) or an Ed25519 key's (SPKI PEM, for a custodian's offline key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PublicKey {
    Passkey { spki: String, credential_id: String },
    Ed25519 { pem: String },
}

impl PublicKey {
    /// The key's id: the first 16 hex digits of sha256 of the SPKI DER (a passkey) or of the raw 32
    /// bytes (Ed25519, as the ledger's and the agents' keys are named).
    pub fn key_id(&self) -> Result<String, ActorFault> {
        match self {
            PublicKey::Passkey { spki, .. } => {
                let der =
                    Base64UrlUnpadded::decode_vec(spki.trim_end_matches('=')).map_err(|_| {
                        ActorFault::InvalidPublicKey {
                            reason: "the passkey's SPKI is not base64url".into(),
                        }
                    })?;
                let mut id = sha256_hex_bytes(&der);
                id.truncate(16);
                Ok(id)
            }
            PublicKey::Ed25519 { pem } => actor::agent_key_id(pem),
        }
    }
}

/// A key the policy no longer trusts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RevokedKey {
    pub key_id: String,
    pub holder: String,
    /// Why ("passkey lost with the laptop, 2026-11-20").
    pub reason: String,
}

/// The proof of a signature: a passkey's assertion or an Ed25519 signature (base64url).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Proof {
    Passkey(PasskeyAssertion),
    Ed25519 { signature: String },
}

/// A statement signed by a key of the policy: what a person's step and a custodian's approval of a
/// policy keep in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicySignature {
    pub statement: Statement,
    pub key_id: String,
    pub proof: Proof,
}

/// Who signed, as the policy knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Signer {
    pub key_id: String,
    pub holder: String,
    pub label: String,
    /// `passkey` or `ed25519`.
    pub kind: String,
    /// The passkey's signature counter (0 when the authenticator keeps none, and for Ed25519).
    pub sign_count: u32,
}

/// What a policy change's signatures came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyTally {
    /// The new version's sha256: what the custodians sign (with `entry` = `trust-policy-v<version>`).
    pub sha256: String,
    /// The distinct custodians (holders) whose signature holds.
    pub signed_by: Vec<Signer>,
    /// k, of the policy in force (of the new one, for version 1).
    pub threshold: u32,
    /// The custodians who may sign it (n holders).
    pub custodians: Vec<String>,
    /// Signatures that do not count, and why.
    pub refused: Vec<String>,
    /// Version 1 only: the people other than its signing custodians whose keys in it may `approve`
    /// and who signed it, each once. The first policy is installed by the administrator who enrols
    /// first, its only custodian; a second person reviews it, or one person alone would have set the
    /// root of trust (issue 48: "the upgrade that installs the first policy is itself a signed,
    /// reviewed step").
    pub reviewed_by: Vec<Signer>,
    /// Whether the change needs a reviewer besides its custodians: true for version 1.
    pub review_needed: bool,
}

impl PolicyTally {
    /// Whether the change holds: k custodians signed it, and (version 1) a second person reviewed it.
    pub fn holds(&self) -> bool {
        self.signed_by.len() as u32 >= self.threshold
            && (!self.review_needed || !self.reviewed_by.is_empty())
    }
}

impl TrustPolicy {
    /// The policy's RFC 8785 JSON with `v` = [`POLICY_FORMAT`]: what its sha256 is of.
    pub fn canonical(&self) -> String {
        #[derive(Serialize)]
        struct Versioned<'a> {
            #[serde(flatten)]
            policy: &'a TrustPolicy,
            v: &'static str,
        }
        canonical_json::to_string(&Versioned {
            policy: self,
            v: POLICY_FORMAT,
        })
    }

    /// sha256 (hex) of [`Self::canonical`].
    pub fn sha256(&self) -> String {
        sha256_hex(&self.canonical())
    }

    /// The holders of the keys that may sign a policy, each once, in the policy's order.
    pub fn custodians(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for k in self.keys.iter().filter(|k| k.acts.contains(&Act::Policy)) {
            if !out.contains(&k.holder) {
                out.push(k.holder.clone());
            }
        }
        out
    }

    /// Whether `act` needs the signature of the person who takes it.
    pub fn needs_signature(&self, act: Act) -> bool {
        self.signed_acts.contains(&act)
    }

    /// The ids of the keys this policy lets `actor` sign an agent's step with: the history event
    /// `event` (`cut`, or `verified` / `verify_failed`: a VERIFY). `None` when the policy names no key
    /// for that act at all: the agents' keys are then judged by the list the reader holds (the
    /// server's settings), as before the policy named them. Once it names one, only the policy counts,
    /// so a key put into the server's settings is not trusted until k custodians sign it in.
    pub fn agent_trust(&self, event: &str, actor: &str) -> Option<Vec<String>> {
        let act = match event {
            "cut" => Act::Cut,
            "verified" | "verify_failed" => Act::Verify,
            // The migration runner's submit.
            "submitted" => Act::Submit,
            _ => return None,
        };
        // An agent's keys are Ed25519 keys (people's passkeys sign submits too, never as an agent).
        let agents = || {
            self.keys.iter().filter(move |k| {
                k.acts.contains(&act) && matches!(k.public_key, PublicKey::Ed25519 { .. })
            })
        };
        agents().next()?;
        Some(
            agents()
                .filter(|k| k.holder == actor)
                .map(|k| k.key_id.clone())
                .collect(),
        )
    }

    /// The policy's own rules: a known RP id, key ids that are their keys', each key once, no key both
    /// trusted and revoked, 1 ≤ threshold ≤ the custodians.
    pub fn check(&self) -> Result<(), PolicyFault> {
        let bad = |field: String, reason: String| Err(PolicyFault::Malformed { field, reason });
        if self.version == 0 {
            return bad("version".into(), "versions start at 1".into());
        }
        if (self.version == 1) != self.previous_sha256.is_none() {
            return bad(
                "previous_sha256".into(),
                "version 1 has none; every later version names the sha256 of the one before".into(),
            );
        }
        let rp = &self.relying_party.id;
        if rp.is_empty() || rp.parse::<std::net::IpAddr>().is_ok() || rp.contains([':', '/']) {
            return bad(
                "relying_party.id".into(),
                format!("'{rp}' is not a domain name (WebAuthn refuses IP addresses: serve the pages on localhost or a host name)"),
            );
        }
        if self.relying_party.origins.is_empty() {
            return bad(
                "relying_party.origins".into(),
                "list the origins the pages are served from, such as http://localhost:8055".into(),
            );
        }
        if let Some(act) = self.signed_acts.iter().find(|a| !SIGNABLE_ACTS.contains(a)) {
            return bad(
                "signed_acts".into(),
                format!(
                    "'{}' cannot need a person's signature yet: the workflow asks for one on {} only",
                    act.as_str(),
                    SIGNABLE_ACTS.map(Act::as_str).join(" and ")
                ),
            );
        }
        let mut seen = std::collections::HashSet::new();
        for (i, k) in self.keys.iter().enumerate() {
            let id = k.public_key.key_id().map_err(|e| PolicyFault::Malformed {
                field: format!("keys[{i}].public_key"),
                reason: e.to_string(),
            })?;
            if id != k.key_id {
                return bad(
                    format!("keys[{i}].key_id"),
                    format!("it is '{}', but its key's id is '{id}'", k.key_id),
                );
            }
            if !seen.insert(id.clone()) {
                return bad(format!("keys[{i}]"), format!("key {id} is listed twice"));
            }
            if k.holder.is_empty() || k.acts.is_empty() {
                return bad(
                    format!("keys[{i}]"),
                    "a key names its holder and at least one act".into(),
                );
            }
            if self.revoked.iter().any(|r| r.key_id == id) {
                return bad(
                    format!("keys[{i}]"),
                    format!("key {id} is both trusted and revoked"),
                );
            }
        }
        let n = self.custodians().len();
        if self.threshold == 0 || self.threshold as usize > n {
            return bad(
                "threshold".into(),
                format!(
                    "it is {}, with {n} custodian(s): it must be from 1 to the number of custodians",
                    self.threshold
                ),
            );
        }
        Ok(())
    }

    /// Checks a person's signature of a step: by a key of this policy, held by `holder`, that may sign
    /// the statement's act, and valid (a passkey's assertion for this policy's relying party).
    pub fn check_signature(
        &self,
        signed: &PolicySignature,
        holder: &str,
    ) -> Result<Signer, PolicyFault> {
        self.check_key_signature(signed, holder, signed.statement.act)
    }

    /// [`Self::check_signature`], where the key must be one that may `act` (what its statement
    /// signs may be another act: a reviewer of the first policy signs the policy, and may approve).
    fn check_key_signature(
        &self,
        signed: &PolicySignature,
        holder: &str,
        act: Act,
    ) -> Result<Signer, PolicyFault> {
        let Some(key) = self.keys.iter().find(|k| k.key_id == signed.key_id) else {
            return Err(
                match self.revoked.iter().find(|r| r.key_id == signed.key_id) {
                    Some(r) => PolicyFault::RevokedKey {
                        key_id: r.key_id.clone(),
                        reason: r.reason.clone(),
                    },
                    None => PolicyFault::KeyNotInPolicy {
                        key_id: signed.key_id.clone(),
                        why: format!("policy version {} has no such key", self.version),
                    },
                },
            );
        };
        if key.holder != holder {
            return Err(PolicyFault::KeyNotInPolicy {
                key_id: key.key_id.clone(),
                why: format!(
                    "it is {}'s key, not the key of {holder}, who took the step",
                    key.label
                ),
            });
        }
        if !key.acts.contains(&act) {
            return Err(PolicyFault::KeyNotInPolicy {
                key_id: key.key_id.clone(),
                why: format!(
                    "policy version {} lets it sign {}, not '{}'",
                    self.version,
                    key.acts
                        .iter()
                        .map(|a| a.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    act.as_str()
                ),
            });
        }
        let sign_count = match (&key.public_key, &signed.proof) {
            (PublicKey::Passkey { spki, .. }, Proof::Passkey(a)) => {
                actor::verify_passkey(spki, a, &signed.statement, &self.relying_party)?.sign_count
            }
            (PublicKey::Ed25519 { pem }, Proof::Ed25519 { signature }) => {
                actor::verify_agent(pem, signature, &signed.statement)?;
                0
            }
            _ => {
                return Err(PolicyFault::Actor(ActorFault::Malformed {
                    field: "proof.kind",
                    reason: format!("key {} is not of the kind of this proof", key.key_id),
                }))
            }
        };
        Ok(Signer {
            key_id: key.key_id.clone(),
            holder: key.holder.clone(),
            label: key.label.clone(),
            kind: match key.public_key {
                PublicKey::Passkey { .. } => "passkey".into(),
                PublicKey::Ed25519 { .. } => "ed25519".into(),
            },
            sign_count,
        })
    }
}

impl TrustPolicy {
    /// Checks a person's signature of one step where it is kept (or offered): its statement names this
    /// `entry` and `act`, and `subject` (the manifest's sha256, when the reader knows it); the step is
    /// written (`written_at`, when the reader knows it) within the statement's window
    /// ([`actor::check_fresh`]); and it holds under this policy for `holder`
    /// ([`TrustPolicy::check_signature`]).
    pub fn check_step(
        &self,
        signed: &PolicySignature,
        holder: &str,
        step: StepOf<'_>,
    ) -> Result<Signer, PolicyFault> {
        actor::check_statement(&signed.statement, step.entry, step.act, step.subject)?;
        if let Some(at) = step.written_at {
            actor::check_fresh(&signed.statement, at)?;
        }
        self.check_signature(signed, holder)
    }
}

/// Every signature `value` keeps, at any depth, as its key id and its proof (JSON): each object with
/// a `key_id` and a `proof`. That is where the ledger's rows keep them: a history row's `detail`
/// (`person_signature`, or an agent's `actor_signature`), a go-ahead's or an incident's
/// `actor_signature`, a policy version's `signatures` (a list). The one walk of every reader that
/// looks for a key's signatures in rows as stored: the audit's prefetch and [`last_sign_count`].
pub fn each_kept_signature(
    value: &serde_json::Value,
    found: &mut impl FnMut(&str, &serde_json::Value),
) {
    use serde_json::Value;
    match value {
        Value::Array(items) => items.iter().for_each(|v| each_kept_signature(v, found)),
        Value::Object(fields) => {
            match (
                fields.get("key_id").and_then(Value::as_str),
                fields.get("proof"),
            ) {
                (Some(key), Some(proof)) => found(key, proof),
                _ => fields.values().for_each(|v| each_kept_signature(v, found)),
            }
        }
        _ => {}
    }
}

/// The highest signature counter of passkey `key_id` in `kept`: the texts of the ledger's columns
/// that may keep one of its signatures (a history row's `detail`, an `actor_signature`, a policy's
/// `signatures`: JSON, as stored; [`each_kept_signature`] finds them in each). None when none does.
/// They were checked when they were written, and the audit checks them again: only their counters
/// are read here, and anything that is not a passkey signature of that key is passed over.
pub fn last_sign_count<'a>(key_id: &str, kept: impl IntoIterator<Item = &'a str>) -> Option<u32> {
    let mut last = None;
    for text in kept.into_iter().filter(|text| text.contains(key_id)) {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
            continue;
        };
        each_kept_signature(&value, &mut |key, proof| {
            if key != key_id {
                return;
            }
            if let Ok(Proof::Passkey(assertion)) = Proof::deserialize(proof) {
                last = last.max(assertion.sign_count());
            }
        });
    }
    last
}

/// A passkey's signature counter against the last one the server kept for that key (`last`: none
/// before its first signature), as a server taking a step checks it ([`actor::counter_holds`]).
/// An Ed25519 key keeps no counter.
pub(crate) fn check_counter(signer: &Signer, last: Option<u32>) -> Result<(), PolicyFault> {
    if signer.kind != "passkey" || actor::counter_holds(last, signer.sign_count) {
        return Ok(());
    }
    Err(PolicyFault::CounterBack {
        key_id: signer.key_id.clone(),
        count: signer.sign_count,
        last: last.unwrap_or_default(),
    })
}

/// [`check_counter`] against the signatures the ledger keeps (`kept`: column texts, as
/// [`last_sign_count`] reads them) → the highest counter kept for the signer's key. One call for the
/// server's two checks: a step's signature and a custodian's or reviewer's signature of a proposal.
pub fn check_counter_kept<'a>(
    signer: &Signer,
    kept: impl IntoIterator<Item = &'a str>,
) -> Result<Option<u32>, PolicyFault> {
    let last = last_sign_count(&signer.key_id, kept);
    check_counter(signer, last)?;
    Ok(last)
}

/// The step a person's signature is checked against: what its statement must name, and when the step
/// was written (now, for the server taking it; the row's `recorded_at`, for a reader).
#[derive(Debug, Clone, Copy)]
pub struct StepOf<'a> {
    pub entry: &'a str,
    pub act: Act,
    pub subject: Option<&'a str>,
    pub written_at: Option<Timestamp>,
}

impl TrustPolicy {}

/// Counts the custodians' signatures of `next`, without deciding: which hold, which do not and why.
/// The custodians are those of `current` (of `next` itself when there is none: version 1).
pub fn tally(
    current: Option<&TrustPolicy>,
    next: &TrustPolicy,
    signatures: &[PolicySignature],
) -> Result<PolicyTally, PolicyFault> {
    next.check()?;
    if let Some(current) = current {
        if next.version != current.version + 1 {
            return Err(PolicyFault::Malformed {
                field: "version".into(),
                reason: format!(
                    "it is {}; the policy in force is version {}, so a change is version {}",
                    next.version,
                    current.version,
                    current.version + 1
                ),
            });
        }
        let sha = current.sha256();
        if next.previous_sha256.as_deref() != Some(sha.as_str()) {
            return Err(PolicyFault::Malformed {
                field: "previous_sha256".into(),
                reason: format!("it must be the sha256 of the policy in force, {sha}"),
            });
        }
    } else if next.version != 1 {
        return Err(PolicyFault::Malformed {
            field: "version".into(),
            reason: "no policy is in force, so this one is version 1".into(),
        });
    }
    let judge = current.unwrap_or(next);
    let review_needed = current.is_none();
    let sha = next.sha256();
    let entry = policy_entry(next.version);
    let mut signed_by: Vec<Signer> = Vec::new();
    let mut reviewers: Vec<(usize, Signer)> = Vec::new();
    let mut refused = Vec::new();
    for (i, s) in signatures.iter().enumerate() {
        let st = &s.statement;
        if st.act != Act::Policy || st.entry != entry || st.subject_sha256 != sha {
            refused.push(format!(
                "signatures[{i}] (key {}) is not over this policy: it signs '{}' of {} on {}",
                s.key_id,
                st.act.as_str(),
                st.entry,
                st.subject_sha256
            ));
            continue;
        }
        match judge.custodian_signature(s) {
            Ok(signer) if signed_by.iter().any(|x| x.holder == signer.holder) => {
                refused.push(format!(
                    "signatures[{i}]: {} signed already (a custodian counts once)",
                    signer.label
                ))
            }
            Ok(signer) => signed_by.push(signer),
            Err(fault) => match review_needed.then(|| next.reviewer_signature(s)) {
                Some(Ok(signer)) => reviewers.push((i, signer)),
                _ => refused.push(format!("signatures[{i}] (key {}): {fault}", s.key_id)),
            },
        }
    }
    // A reviewer is a second person: not one of the custodians who signed, and counted once.
    let mut reviewed_by: Vec<Signer> = Vec::new();
    for (i, signer) in reviewers {
        if signed_by.iter().any(|c| c.holder == signer.holder) {
            refused.push(format!(
                "signatures[{i}]: {} signed as a custodian already; the review is a second person's",
                signer.label
            ));
        } else if reviewed_by.iter().any(|r| r.holder == signer.holder) {
            refused.push(format!(
                "signatures[{i}]: {} reviewed it already (a reviewer counts once)",
                signer.label
            ));
        } else {
            reviewed_by.push(signer);
        }
    }
    Ok(PolicyTally {
        sha256: sha,
        signed_by,
        threshold: judge.threshold,
        custodians: judge.custodians(),
        refused,
        reviewed_by,
        review_needed,
    })
}

/// Decides a policy change: it holds when at least `threshold` distinct custodians signed it.
pub fn check_change(
    current: Option<&TrustPolicy>,
    next: &TrustPolicy,
    signatures: &[PolicySignature],
) -> Result<PolicyTally, PolicyFault> {
    let t = tally(current, next, signatures)?;
    if (t.signed_by.len() as u32) < t.threshold {
        return Err(PolicyFault::NotSignedByCustodians {
            have: t.signed_by.len() as u32,
            need: t.threshold,
            refused: t.refused,
        });
    }
    if !t.holds() {
        return Err(PolicyFault::FirstPolicyUnreviewed {
            custodians: t.signed_by.iter().map(|c| c.label.clone()).collect(),
        });
    }
    Ok(t)
}

/// What a key of the first policy must be allowed to do for its holder to review it: approve, as a
/// reviewer approves a change.
const REVIEWS_FIRST_POLICY: Act = Act::Approve;

/// The keys of `holder` whose signature of `next` would still count in `tally` (its tally so far):
/// their custodian keys (of the policy in force, or of `next` for version 1), else, for version 1,
/// their keys of `next` that may review it. None once they counted (a person counts once). What the
/// server offers the person to sign with, and whether the Trust page shows them "Sign".
pub fn signing_keys<'a>(
    current: Option<&'a TrustPolicy>,
    next: &'a TrustPolicy,
    tally: &PolicyTally,
    holder: &str,
) -> Vec<&'a PolicyKey> {
    let counted = tally.signed_by.iter().chain(&tally.reviewed_by);
    if counted.into_iter().any(|s| s.holder == holder) {
        return Vec::new();
    }
    let keys = |p: &'a TrustPolicy, act: Act| -> Vec<&'a PolicyKey> {
        p.keys
            .iter()
            .filter(|k| k.holder == holder && k.acts.contains(&act))
            .collect()
    };
    let custodian = keys(current.unwrap_or(next), Act::Policy);
    if custodian.is_empty() && tally.review_needed {
        keys(next, REVIEWS_FIRST_POLICY)
    } else {
        custodian
    }
}

impl TrustPolicy {
    /// A reviewer's signature of this policy (version 1): by a key of it that may review it.
    fn reviewer_signature(&self, s: &PolicySignature) -> Result<Signer, PolicyFault> {
        self.check_key_signature(s, self.holder_of(&s.key_id), REVIEWS_FIRST_POLICY)
    }

    /// A custodian's signature: by a key of this policy that may sign `policy`.
    fn custodian_signature(&self, s: &PolicySignature) -> Result<Signer, PolicyFault> {
        self.check_signature(s, self.holder_of(&s.key_id))
    }

    /// Who holds key `key_id` here ("" when no key of this policy is it: the check then names it).
    fn holder_of(&self, key_id: &str) -> &str {
        self.keys
            .iter()
            .find(|k| k.key_id == key_id)
            .map_or("", |k| k.holder.as_str())
    }
}

/// The act a person's history row records, read from its event and `detail`: `submitted` (a submit; a
/// rollback's, with `rollback_of`; a repair's, with `repair_of`; the migration runner's, with
/// `migration`, is no person's), `approved`, `rejected`, `swept`, and a `cut` or VERIFY taken by hand.
/// None for an agent's step (its own signature, `actor_signature`: ledger::actor) and the rest.
pub fn person_act(event: &str, detail: &str) -> Option<Act> {
    let by_agent = || detail.contains("\"actor_signature\":");
    match event {
        "submitted" if detail.contains("\"migration\":") => None,
        "submitted" if detail.contains("\"rollback_of\":") => Some(Act::Rollback),
        "submitted" if detail.contains("\"repair_of\":") => Some(Act::Repair),
        "submitted" => Some(Act::Submit),
        "approved" => Some(Act::Approve),
        "rejected" => Some(Act::Reject),
        "swept" => Some(Act::Sweep),
        "cut" if !by_agent() => Some(Act::Cut),
        "verified" | "verify_failed" if !by_agent() => Some(Act::Verify),
        _ => None,
    }
}

/// A history row as its reader holds it: what [`person_signature`] reads.
#[derive(Debug, Clone, Copy)]
pub struct HistoryRow<'a> {
    pub entry: &'a str,
    pub event: &'a str,
    /// Who took the step (the row's `actor`).
    pub actor: &'a str,
    pub detail: &'a str,
    /// When the row was written (`recorded_at`), when the reader has it: the signature's statement
    /// must be of the ten minutes before ([`actor::check_fresh`]).
    pub written_at: Option<Timestamp>,
}

/// Reads and checks the person's signature a history row keeps (`detail.person_signature`) against
/// the policy in force at the row (`policy`): made for this entry and act, over what the act is about,
/// by a key of `actor`'s that may sign the act. What it is about: the entry's manifest (`manifest`,
/// when the reader saw the entry's row); for a rollback, the manifest of the entry it rolls back; for
/// a repair, the incident it repairs, by that row's hash. `subject_of(id)` gives those two, when the
/// reader saw the row `id` (an entry's manifest, an incident's row hash). `None` when the row is no person's step, or no policy was in force and none is
/// kept: the server's checkpoint alone attests it, as every step before the policy. The ledger audit
/// and the entry page read it here.
pub fn person_signature<'a>(
    policy: Option<&TrustPolicy>,
    row: &HistoryRow<'_>,
    manifest: Option<&str>,
    subject_of: impl Fn(&str) -> Option<&'a str>,
) -> Option<StepSigner> {
    let HistoryRow {
        entry,
        event,
        actor,
        detail,
        ..
    } = *row;
    let act = person_act(event, detail)?;
    let mut parsed = detail
        .contains("\"person_signature\"")
        .then(|| serde_json::from_str::<serde_json::Value>(detail).ok())
        .flatten();
    let kept = parsed
        .as_mut()
        .and_then(|d| d.get_mut("person_signature").map(serde_json::Value::take))
        .map(|v| {
            serde_json::from_value::<PolicySignature>(v).map_err(|e| ActorFault::Malformed {
                field: "detail.person_signature",
                reason: e.to_string(),
            })
        });
    let named = |key: &str| {
        parsed
            .as_ref()
            .and_then(|d| d.get(key))
            .and_then(|v| v.as_str())
            .unwrap_or_default()
    };
    let (entry, subject) = match act {
        // A rollback is signed on the entry it rolls back, over that entry's manifest (the rollback's own
        // manifest is made by the server, after the signature).
        Act::Rollback => (named("rollback_of"), subject_of(named("rollback_of"))),
        // A repair's manifest is made by the server from the store, after the signature: the person
        // signs the incident they repair, and the reviewer signs the manifest.
        Act::Repair => (entry, subject_of(named("repair_of"))),
        // (A reader that has not seen the row, an audit from an anchor after it, checks the rest.)
        _ => (entry, manifest),
    };
    let step = StepOf {
        entry,
        act,
        subject,
        written_at: row.written_at,
    };
    judge(policy, actor, kept, step)
}

/// A step kept in a row of its own rather than in a history row: a go-ahead (`review_decision`) or
/// an incident (`ledger_incident`), with the signature its `actor_signature` column keeps (iu0017).
#[derive(Debug, Clone, Copy)]
pub struct DecisionRow<'a> {
    /// The entry the step is on; an incident's own id.
    pub entry: &'a str,
    pub act: Act,
    /// Who took it (the row's `reviewer`, `reported_by`).
    pub actor: &'a str,
    /// The `actor_signature` column, as stored.
    pub signature: Option<&'a str>,
    /// What the step is about: the manifest's sha256; for an incident, [`incident_subject`].
    pub subject: &'a str,
    pub written_at: Option<Timestamp>,
}

/// Reads and checks the person's signature a go-ahead's or an incident's row keeps, as
/// [`person_signature`] does a history row's.
pub fn decision_signature(
    policy: Option<&TrustPolicy>,
    row: &DecisionRow<'_>,
) -> Option<StepSigner> {
    let kept = row.signature.map(|text| {
        serde_json::from_str::<PolicySignature>(text).map_err(|e| ActorFault::Malformed {
            field: "actor_signature",
            reason: e.to_string(),
        })
    });
    let step = StepOf {
        entry: row.entry,
        act: row.act,
        subject: Some(row.subject),
        written_at: row.written_at,
    };
    judge(policy, row.actor, kept, step)
}

/// A person's signature kept for `step` (`None`: the row keeps none), judged by the policy in force.
fn judge(
    policy: Option<&TrustPolicy>,
    actor: &str,
    kept: Option<Result<PolicySignature, ActorFault>>,
    step: StepOf<'_>,
) -> Option<StepSigner> {
    let refused = |key_id: &str, label: &str, fault: PolicyFault| StepSigner::Person {
        key_id: key_id.into(),
        label: label.into(),
        verified: false,
        code: Some(fault.code().into()),
        reason: Some(fault.to_string()),
        sign_count: 0,
    };
    let Some(kept) = kept else {
        let policy = policy.filter(|p| p.needs_signature(step.act))?;
        return Some(StepSigner::Unsigned {
            reason: format!(
                "trust policy version {} needs the signature of the person who takes '{}', and this step has none",
                policy.version,
                step.act.as_str()
            ),
        });
    };
    let signed = match kept {
        Ok(s) => s,
        Err(fault) => return Some(refused("", "", fault.into())),
    };
    let label = policy
        .and_then(|p| p.keys.iter().find(|k| k.key_id == signed.key_id))
        .map_or("", |k| k.label.as_str());
    let Some(policy) = policy else {
        let fault = PolicyFault::KeyNotInPolicy {
            key_id: signed.key_id.clone(),
            why: "no trust policy was in force when the step was written".into(),
        };
        return Some(refused(&signed.key_id, label, fault));
    };
    Some(match policy.check_step(&signed, actor, step) {
        Ok(signer) => StepSigner::Person {
            key_id: signer.key_id,
            label: signer.label,
            verified: true,
            code: None,
            reason: None,
            sign_count: signer.sign_count,
        },
        Err(fault) => refused(&signed.key_id, label, fault),
    })
}

/// Why a policy or a signature under it was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyFault {
    #[error("the trust policy's {field} is wrong: {reason}")]
    Malformed { field: String, reason: String },
    #[error(
        "the policy change is signed by {have} custodian(s); it needs {need}{}",
        refused_note(refused)
    )]
    NotSignedByCustodians {
        have: u32,
        need: u32,
        refused: Vec<String>,
    },
    #[error("trust policy version 1 is signed by its custodian(s) {} alone: the first policy also needs the signature of a second person whose key in it may approve", custodians.join(", "))]
    FirstPolicyUnreviewed { custodians: Vec<String> },
    #[error("key {key_id} may not sign this step: {why}")]
    KeyNotInPolicy { key_id: String, why: String },
    #[error("key {key_id} was revoked ({reason}): it signs nothing after its revocation")]
    RevokedKey { key_id: String, reason: String },
    #[error("passkey {key_id} signed with counter {count}, and its last signature here had counter {last}: a counter that does not go up is what a cloned authenticator shows")]
    CounterBack {
        key_id: String,
        count: u32,
        last: u32,
    },
    #[error("{0}")]
    Actor(#[from] ActorFault),
}

fn refused_note(refused: &[String]) -> String {
    if refused.is_empty() {
        String::new()
    } else {
        format!(" ({})", refused.join("; "))
    }
}

impl Report for PolicyFault {
    fn code(&self) -> &'static str {
        match self {
            Self::Malformed { .. } => "malformed-policy",
            Self::NotSignedByCustodians { .. } => "policy-not-signed-by-custodians",
            Self::FirstPolicyUnreviewed { .. } => "first-policy-unreviewed",
            Self::KeyNotInPolicy { .. } => "key-not-in-policy",
            Self::RevokedKey { .. } => "signed-by-revoked-key",
            Self::CounterBack { .. } => "passkey-counter-back",
            Self::Actor(a) => a.code(),
        }
    }

    fn hint(&self) -> String {
        match self {
            Self::Malformed { .. } => "propose the policy as GET /iu-cutter/trust gives it, changing only keys, revocations, the threshold or the signed acts".into(),
            Self::NotSignedByCustodians { .. } => "ask more custodians to sign the proposal (the Trust page, or `iu-cutter policy sign` with an offline key)".into(),
            Self::FirstPolicyUnreviewed { .. } => "ask a reviewer to open the Trust page, enrol their passkey into version 1 and sign it; then its custodian signs it again (the enrolment changed what they signed)".into(),
            Self::KeyNotInPolicy { .. } => "enrol a passkey on the Trust page and ask the custodians to approve it; an account an admin made is not a reviewer until they do".into(),
            Self::RevokedKey { .. } => "enrol a new passkey: the revoked one signs nothing".into(),
            Self::CounterBack { .. } => "sign again with the passkey itself; if it was not you, tell a custodian, who revokes the key on the Trust page".into(),
            Self::Actor(a) => a.hint(),
        }
    }

    fn field(&self) -> Option<String> {
        match self {
            Self::Malformed { field, .. } => Some(field.clone()),
            Self::NotSignedByCustodians { .. } | Self::FirstPolicyUnreviewed { .. } => {
                Some("signatures".into())
            }
            Self::KeyNotInPolicy { .. } | Self::RevokedKey { .. } => Some("key_id".into()),
            Self::CounterBack { .. } => Some("authenticatorData".into()),
            Self::Actor(a) => a.field(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
