//! The trust policy (core `ledger::policy`): its sha256, the custodians' signatures of a change, and
//! a person's signature of a step under the policy in force. Every refusal is `{ ok: false, error }`
//! with the core's code (`policy-not-signed-by-custodians`, `key-not-in-policy`,
//! `signed-by-revoked-key`, `malformed-policy`, or an actor signature's) and the field.

use iu_cutter_core::ledger::actor::{Act, StepSigner};
use iu_cutter_core::ledger::policy::{
    self, PolicyKey, PolicySignature, PolicyTally, PublicKey, Signer, StepOf, TrustPolicy,
};
use iu_cutter_core::text::report::ErrorReport;
use iu_cutter_core::text::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

use crate::adapter::{exports, JsonOr};

/// `checkTrustPolicy`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ICheckTrustPolicyParams")
)]
pub(crate) struct CheckPolicyParams {
    #[serde(default)]
    policy: JsonOr<TrustPolicy>,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ICheckTrustPolicyResult")
)]
struct PolicyFacts {
    /// What custodians sign, and what the `trust_policy` row keeps.
    sha256: String,
    /// The policy's RFC 8785 JSON with `v`: what the row keeps as `policy_json`.
    canonical: String,
    /// The custodians' user ids.
    custodians: Vec<String>,
}

/// `policyTally`'s and `checkPolicyChange`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IPolicyChangeParams"))]
pub(crate) struct PolicyChangeParams {
    /// The policy in force; left out when there is none (the first policy).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    current: Option<JsonOr<TrustPolicy>>,
    #[serde(default)]
    next: JsonOr<TrustPolicy>,
    #[serde(default)]
    signatures: JsonOr<Vec<PolicySignature>>,
    /// Whose keys to offer (`signing_keys`): the person about to sign, or who reads the proposal.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    holder: Option<String>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IPolicyChangeResult"))]
struct TallyOutcome {
    tally: PolicyTally,
    /// Whether k custodians signed, and for version 1 a second person reviewed it: the change may
    /// be written.
    holds: bool,
    /// The keys of `holder` whose signature would still count (none once theirs did): a custodian's,
    /// or for version 1 a reviewer's. Empty without `holder`.
    signing_keys: Vec<PolicyKey>,
}

/// `checkStepSignature`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ICheckStepSignatureParams")
)]
pub(crate) struct StepSignatureParams {
    /// The policy in force.
    #[serde(default)]
    policy: JsonOr<TrustPolicy>,
    #[serde(default)]
    signature: JsonOr<PolicySignature>,
    /// The user id of the person taking the step.
    #[serde(default)]
    holder: String,
    #[serde(default)]
    entry: String,
    /// The act (`approve`, `reject` …).
    #[serde(default)]
    act: String,
    /// The sha256 the step is over (the manifest's).
    #[serde(default)]
    subject: String,
    /// When the step is written (RFC 3339: now, on the server): the statement must be of the ten
    /// minutes before.
    #[serde(default)]
    now: String,
    /// The texts of the ledger's columns that may keep a signature of the signature's key (JSON, as
    /// stored: history details, `actor_signature`s, policies' `signatures`; the core finds the
    /// signatures in them): a passkey's counter must be above the highest of theirs
    /// (`passkey-counter-back`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    kept: Option<Vec<String>>,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ICheckStepSignatureResult")
)]
struct SignerOutcome {
    signer: Signer,
}

/// `checkSignCounter`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ICheckSignCounterParams")
)]
pub(crate) struct SignCounterParams {
    /// Whose signature it is, as a tally names them (`signed_by`, `reviewed_by`).
    signer: Signer,
    /// The texts of the ledger's columns that may keep a signature of the signer's key (as
    /// `checkStepSignature`'s `kept`).
    #[serde(default)]
    kept: Vec<String>,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ICheckSignCounterResult")
)]
struct CounterOutcome {
    /// The highest counter the ledger keeps for the key (null: none yet).
    last: Option<u32>,
}

/// `publicKeyId`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IPublicKeyIdParams"))]
pub(crate) struct KeyIdParams {
    #[serde(default)]
    public_key: JsonOr<PublicKey>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IPublicKeyIdResult"))]
struct KeyIdOutcome {
    key_id: String,
}

fn tally_of(
    p: PolicyChangeParams,
) -> Result<
    (TrustPolicy, Option<TrustPolicy>, Vec<PolicySignature>),
    iu_cutter_core::text::report::ErrorReport,
> {
    let current = JsonOr::read_opt(p.current, "current")?;
    Ok((
        p.next.read("next")?,
        current,
        p.signatures.read("signatures")?,
    ))
}

/// `incidentSubject`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IIncidentSubjectParams")
)]
pub(crate) struct IncidentSubjectParams {
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    document: Option<String>,
    note: String,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IIncidentSubjectResult")
)]
struct SubjectOutcome {
    subject_sha256: String,
}

/// `decisionSigner`'s parameters: a go-ahead's or an incident's row, as the reader holds it.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IDecisionSignerParams")
)]
pub(crate) struct DecisionSignerParams {
    /// The policy in force when the row was written; none before the first.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    policy: Option<JsonOr<TrustPolicy>>,
    /// The entry (an incident: its own id).
    entry: String,
    /// `go-ahead` or `incident`.
    act: String,
    /// Who took it (`reviewer`, `reported_by`).
    actor: String,
    /// The row's `actor_signature`, as stored.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    signature: Option<String>,
    /// The manifest's sha256 (a go-ahead), or the incident's subject.
    subject: String,
    /// The row's `recorded_at` (RFC 3339).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    recorded_at: Option<String>,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IDecisionSignerResult")
)]
struct DecisionSignerOutcome {
    /// Null: no policy asked for a signature and none is kept (the server attests it).
    signer: Option<StepSigner>,
}

exports! {
    /// Who signed a go-ahead or an incident, and whether it holds under the policy in force → `{ ok, signer }`.
    decisionSigner(p: DecisionSignerParams as "IDecisionSignerParams") -> DecisionSignerOutcome as "Outcome<IDecisionSignerResult>" {
        let policy = JsonOr::read_opt(p.policy, "policy")?;
        let act: Act = serde_json::from_value(serde_json::Value::String(p.act.clone()))
            .map_err(|e| ErrorReport::invalid_input("act", e, "name an act such as \"go-ahead\""))?;
        let row = policy::DecisionRow {
            entry: &p.entry,
            act,
            actor: &p.actor,
            signature: p.signature.as_deref(),
            subject: &p.subject,
            written_at: p.recorded_at.as_deref().and_then(|t| Timestamp::parse_rfc3339(t).ok()),
        };
        Ok(DecisionSignerOutcome { signer: policy::decision_signature(policy.as_ref(), &row) })
    }

    /// What a person who records an incident signs: the sha256 of `{document, note}` → `{ ok, subject_sha256 }`.
    incidentSubject(p: IncidentSubjectParams as "IIncidentSubjectParams") -> SubjectOutcome as "Outcome<IIncidentSubjectResult>" {
        Ok(SubjectOutcome { subject_sha256: policy::incident_subject(p.document.as_deref(), &p.note) })
    }

    /// A policy's own rules → `{ ok, sha256, canonical, custodians }`, or the field that breaks them.
    checkTrustPolicy(p: CheckPolicyParams as "ICheckTrustPolicyParams") -> PolicyFacts as "Outcome<ICheckTrustPolicyResult>" {
        let policy = p.policy.read("policy")?;
        policy.check()?;
        Ok(PolicyFacts { sha256: policy.sha256(), canonical: policy.canonical(), custodians: policy.custodians() })
    }

    /// A passkey's signature counter against the highest one the ledger keeps for its key (WebAuthn
    /// §7.2, step 21) → `{ ok, last }`, or `passkey-counter-back`: a custodian's or a reviewer's
    /// signature of a proposal, which `checkStepSignature` does not see.
    checkSignCounter(p: SignCounterParams as "ICheckSignCounterParams") -> CounterOutcome as "Outcome<ICheckSignCounterResult>" {
        let last = policy::check_counter_kept(&p.signer, p.kept.iter().map(String::as_str))?;
        Ok(CounterOutcome { last })
    }

    /// Which custodians' signatures of a proposed change hold, without deciding → `{ ok, tally, holds }`.
    policyTally(p: PolicyChangeParams as "IPolicyChangeParams") -> TallyOutcome as "Outcome<IPolicyChangeResult>" {
        let holder = p.holder.clone();
        let (next, current, signatures) = tally_of(p)?;
        let tally = policy::tally(current.as_ref(), &next, &signatures)?;
        let signing_keys = holder.map_or_else(Vec::new, |h| {
            policy::signing_keys(current.as_ref(), &next, &tally, &h).into_iter().cloned().collect()
        });
        Ok(TallyOutcome { holds: tally.holds(), tally, signing_keys })
    }

    /// A policy change as the ledger takes it: `{ ok, tally }` when k custodians signed (and, for
    /// version 1, a second person reviewed it), else `policy-not-signed-by-custodians`
    /// (`first-policy-unreviewed`).
    checkPolicyChange(p: PolicyChangeParams as "IPolicyChangeParams") -> TallyOutcome as "Outcome<IPolicyChangeResult>" {
        let (next, current, signatures) = tally_of(p)?;
        Ok(TallyOutcome { tally: policy::check_change(current.as_ref(), &next, &signatures)?, holds: true, signing_keys: Vec::new() })
    }

    /// A person's signature of a step under the policy in force → `{ ok, signer }`.
    checkStepSignature(p: StepSignatureParams as "ICheckStepSignatureParams") -> SignerOutcome as "Outcome<ICheckStepSignatureResult>" {
        let policy = p.policy.read("policy")?;
        let signature = p.signature.read("signature")?;
        let act: Act = serde_json::from_value(serde_json::Value::String(p.act.clone()))
            .map_err(|e| ErrorReport::invalid_input("act", e, "name an act such as \"approve\""))?;
        let now = Timestamp::parse_rfc3339(&p.now)?;
        let step = StepOf { entry: &p.entry, act, subject: Some(p.subject.as_str()), written_at: Some(now) };
        let signer = policy.check_step(&signature, &p.holder, step)?;
        policy::check_counter_kept(&signer, p.kept.iter().flatten().map(String::as_str))?;
        Ok(SignerOutcome { signer })
    }

    /// A public key's id, as the policy names keys → `{ ok, key_id }`.
    publicKeyId(p: KeyIdParams as "IPublicKeyIdParams") -> KeyIdOutcome as "Outcome<IPublicKeyIdResult>" {
        Ok(KeyIdOutcome { key_id: p.public_key.read("publicKey")?.key_id()? })
    }
}
