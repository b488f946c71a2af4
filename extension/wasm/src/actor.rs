//! Signatures of the people and agents who take a step (core `ledger::actor`): the statement a
//! signer signs, its WebAuthn challenge, and the check of a passkey's or an agent's signature.
//!
//! A signature that does not verify is refused like any bad input: `{ ok: false, error }`, whose
//! `error.code` says why (`challenge-mismatch`, `user-not-verified`, `bad-actor-signature` …)
//! and `error.field` which part of the request (`clientDataJSON`, `authenticatorData`, `signature`).
//! A field left out is read as empty (`#[serde(default)]`), so that it too is refused by its name.

use iu_cutter_core::ledger::actor::{
    self, AgentSignature, PasskeyAssertion, PasskeyCheck, RelyingParty, SignedStep, Statement,
    StepSigner,
};
use iu_cutter_core::ledger::policy::{self, TrustPolicy};
use iu_cutter_core::text::timestamp::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use crate::adapter::{exports, JsonOr};

/// `statementChallenge`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IStatementChallengeParams")
)]
pub(crate) struct StatementChallengeParams {
    #[serde(default)]
    statement: JsonOr<Statement>,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IStatementChallengeResult")
)]
struct ChallengeOutcome {
    /// What an agent signs (RFC 8785 JSON with the statement's format).
    signed_bytes: String,
    /// sha256 of `signed_bytes`, base64url: the `challenge` of `navigator.credentials.get`.
    challenge: String,
}

/// `verifyPasskeySignature`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IVerifyPasskeySignatureParams")
)]
pub(crate) struct VerifyPasskeyParams {
    /// The credential's public key as SPKI DER, base64url.
    #[serde(default)]
    public_key: String,
    #[serde(default)]
    assertion: JsonOr<PasskeyAssertion>,
    #[serde(default)]
    statement: JsonOr<Statement>,
    #[serde(default)]
    relying_party: JsonOr<RelyingParty>,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IVerifyPasskeySignatureResult")
)]
struct PasskeyOutcome {
    #[serde(flatten)]
    check: PasskeyCheck,
}

/// `verifyAgentSignature`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IVerifyAgentSignatureParams")
)]
pub(crate) struct VerifyAgentParams {
    /// The agent's public key, SPKI PEM.
    #[serde(default)]
    public_key_pem: String,
    /// Ed25519 over the statement's `signed_bytes`, base64url.
    #[serde(default)]
    signature: String,
    #[serde(default)]
    statement: JsonOr<Statement>,
}

/// `signStatement`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ISignStatementParams"))]
pub(crate) struct SignStatementParams {
    /// The agent's own key, PKCS#8 PEM Ed25519 (never the ledger's).
    #[serde(default)]
    private_pem: String,
    #[serde(default)]
    statement: JsonOr<Statement>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ISignStatementResult"))]
struct SignOutcome {
    #[serde(flatten)]
    signed: AgentSignature,
}

/// `historySignatures`' parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IHistorySignaturesParams")
)]
pub(crate) struct HistorySignaturesParams {
    /// The entry's history rows, oldest first.
    #[serde(default)]
    history: JsonOr<Vec<HistoryStep>>,
    /// What the steps the history names are signed over, by the id of the row: each change set's and
    /// verify result's row hash, an incident's (a repair), the manifest of an entry rolled back.
    #[serde(default)]
    row_hashes: JsonOr<HashMap<String, String>>,
    /// The agents' trusted public keys (SPKI PEM); left out or empty: keys are not judged.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    trusted_keys: Option<Vec<String>>,
    /// The trust policies the history's steps were taken under (`policy` of a step indexes them).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    policies: Option<JsonOr<Vec<TrustPolicy>>>,
    /// The entry's manifest sha256: what a person's submission or review is signed over.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    manifest: Option<String>,
}

/// One history row, as the entry page reads it.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub(crate) struct HistoryStep {
    entry: String,
    event: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    detail: Option<String>,
    /// Who took the step (the row's `actor`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    actor: Option<String>,
    /// The index in `policies` of the policy in force when the row was written; none before any.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    policy: Option<usize>,
    /// When the row was written (its `recorded_at`, RFC 3339): a person's signature must be of the ten
    /// minutes before. Left out: not judged.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    recorded_at: Option<String>,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IHistorySignaturesResult")
)]
struct SignersOutcome {
    /// Who signed each step, in the order of `history`.
    signers: Vec<StepSigner>,
}

exports! {
    // What a history row keeps of an agent's signature (governance/agent-signature.ts).
    @also: SignedStep;

    /// The statement's signed bytes and its passkey challenge → `{ ok, signed_bytes, challenge }`.
    statementChallenge(p: StatementChallengeParams as "IStatementChallengeParams") -> ChallengeOutcome as "Outcome<IStatementChallengeResult>" {
        let statement = p.statement.read("statement")?;
        Ok(ChallengeOutcome {
            signed_bytes: statement.signed_bytes()?,
            challenge: statement.challenge_base64url()?,
        })
    }

    /// A person's passkey assertion of a statement → `{ ok: true, sign_count }`, or
    /// `{ ok: false, error }` naming what does not hold.
    verifyPasskeySignature(p: VerifyPasskeyParams as "IVerifyPasskeySignatureParams") -> PasskeyOutcome as "Outcome<IVerifyPasskeySignatureResult>" {
        let check = actor::verify_passkey(
            &p.public_key,
            &p.assertion.read("assertion")?,
            &p.statement.read("statement")?,
            &p.relying_party.read("relyingParty")?,
        )?;
        Ok(PasskeyOutcome { check })
    }

    /// An agent signs a statement with its own key → `{ ok, signature, public_key_pem, key_id }`.
    signStatement(p: SignStatementParams as "ISignStatementParams") -> SignOutcome as "Outcome<ISignStatementResult>" {
        Ok(SignOutcome { signed: actor::sign_agent(&p.private_pem, &p.statement.read("statement")?)? })
    }

    /// Who signed each step of a history, and whether it holds → `{ ok, signers }`.
    historySignatures(p: HistorySignaturesParams as "IHistorySignaturesParams") -> SignersOutcome as "Outcome<IHistorySignaturesResult>" {
        let hashes = p.row_hashes.read("row_hashes")?;
        let trusted = p
            .trusted_keys
            .unwrap_or_default()
            .iter()
            .map(|pem| actor::agent_key_id(pem))
            .collect::<Result<Vec<_>, _>>()?;
        let trusted = (!trusted.is_empty()).then_some(trusted);
        let policies = JsonOr::read_opt(p.policies, "policies")?.unwrap_or_default();
        let signers = p
            .history
            .read("history")?
            .iter()
            .map(|h| {
                let detail = h.detail.as_deref().unwrap_or_default();
                let policy = h.policy.and_then(|i| policies.get(i));
                let who = h.actor.as_deref().unwrap_or_default();
                let row = policy::HistoryRow {
                    entry: &h.entry,
                    event: &h.event,
                    actor: who,
                    detail,
                    written_at: h.recorded_at.as_deref().and_then(|t| Timestamp::parse_rfc3339(t).ok()),
                };
                policy::person_signature(policy, &row, p.manifest.as_deref(), |id| hashes.get(id).map(String::as_str)).unwrap_or_else(|| {
                    // The agents' keys the policy in force names for this step, else the server's trusted list.
                    let by_policy = policy.and_then(|p| p.agent_trust(&h.event, who));
                    actor::history_signature(&h.entry, &h.event, detail, |id| hashes.get(id).map(String::as_str), by_policy.as_deref().or(trusted.as_deref()))
                })
            })
            .collect();
        Ok(SignersOutcome { signers })
    }

    /// An agent's Ed25519 signature of a statement → `{ ok: true }`, or `{ ok: false, error }`.
    verifyAgentSignature(p: VerifyAgentParams as "IVerifyAgentSignatureParams") -> () as "Outcome<{}>" {
        actor::verify_agent(&p.public_key_pem, &p.signature, &p.statement.read("statement")?)?;
        Ok(())
    }
}
