//! Signatures of the people and agents who take a workflow step (issue 48).
//!
//! A person signs with a passkey (WebAuthn, ES256: ECDSA P-256 with SHA-256), an agent
//! (DOT-991, DOT-992, the migration runner) with an Ed25519 key of its own. Both sign the same
//! [`Statement`]: which entry, which act, the sha256 of what was decided on (the manifest, the
//! change set, the verify result), the ledger head the signer saw, and when. So an assertion
//! made for one entry or one act cannot be replayed for another, and the offline audit checks
//! a step with nothing but the statement, the signature and the signer's public key.
//!
//! The enrolment of a passkey (its attestation) is read on the server by a WebAuthn library; what
//! is checked here is an assertion (`navigator.credentials.get`), as the WebAuthn Level 3
//! specification's §7.2 "Verifying an Authentication Assertion" lists it, steps 11–21: the
//! client data's type, challenge and origin, the authenticator data's RP id hash and its
//! user-present and user-verified flags, then the signature over the authenticator data and the
//! hash of the client data.

use base64ct::{Base64UrlUnpadded, Encoding};
use p256::ecdsa::signature::Verifier;
use p256::pkcs8::DecodePublicKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::ledger::checkpoint;
use crate::text::canonical_json;
use crate::text::hash::Sha256Hex;
use crate::text::report::{ErrorReport, Report};
use crate::text::timestamp::Timestamp;

/// The `v` of every statement: a signature over one can never be read as over anything else.
pub const STATEMENT_FORMAT: &str = "iu-cutter-statement-v1";

/// What the signer does by signing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Act {
    Submit,
    Approve,
    Reject,
    GoAhead,
    Cut,
    Verify,
    Sweep,
    Incident,
    Repair,
    Rollback,
    /// A custodian's signature of a trust policy.
    Policy,
}

impl Act {
    /// As serialized (`go-ahead` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Act::Submit => "submit",
            Act::Approve => "approve",
            Act::Reject => "reject",
            Act::GoAhead => "go-ahead",
            Act::Cut => "cut",
            Act::Verify => "verify",
            Act::Sweep => "sweep",
            Act::Incident => "incident",
            Act::Repair => "repair",
            Act::Rollback => "rollback",
            Act::Policy => "policy",
        }
    }
}

/// What a person or an agent signs for one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Statement {
    /// The backlog entry (or the policy) the step is taken on.
    pub entry: String,
    pub act: Act,
    /// sha256 (64 lowercase hex) of what was decided on: the manifest for a submission or a
    /// review, the change set for a CUT, the verify result for a VERIFY.
    pub subject_sha256: String,
    /// The ledger's last row hash when the signer decided (64 lowercase hex; 64 zeros for an
    /// empty ledger): what they saw.
    pub ledger_head: String,
    /// When the signer signed.
    pub at: Timestamp,
}

/// The statement as it is signed: with its format, in RFC 8785 JSON.
#[derive(Serialize)]
struct Signed<'a> {
    act: Act,
    at: Timestamp,
    entry: &'a str,
    ledger_head: &'a str,
    subject_sha256: &'a str,
    v: &'static str,
}

impl Statement {
    /// The bytes an agent signs, and whose sha256 is a passkey's challenge: the RFC 8785 JSON
    /// of the statement with `v` = [`STATEMENT_FORMAT`] and `at` in epoch milliseconds.
    pub fn signed_bytes(&self) -> Result<String, ActorFault> {
        let malformed = |field: &'static str, reason: &str| ActorFault::Malformed {
            field,
            reason: reason.into(),
        };
        if self.entry.trim().is_empty() {
            return Err(malformed("statement.entry", "it is empty"));
        }
        if !is_sha256_hex(&self.subject_sha256) {
            return Err(malformed(
                "statement.subject_sha256",
                "it is not a sha256 (64 lowercase hex digits)",
            ));
        }
        if !is_sha256_hex(&self.ledger_head) {
            return Err(malformed(
                "statement.ledger_head",
                "it is not a row hash (64 lowercase hex digits)",
            ));
        }
        Ok(canonical_json::to_string(&Signed {
            act: self.act,
            at: self.at,
            entry: &self.entry,
            ledger_head: &self.ledger_head,
            subject_sha256: &self.subject_sha256,
            v: STATEMENT_FORMAT,
        }))
    }

    /// The WebAuthn challenge a passkey signs for this statement: sha256 of [`Self::signed_bytes`].
    pub fn challenge(&self) -> Result<[u8; 32], ActorFault> {
        Ok(Sha256::digest(self.signed_bytes()?.as_bytes()).into())
    }

    /// [`Self::challenge`] as base64url without padding, as `navigator.credentials.get` takes
    /// it and as the client data carries it back.
    pub fn challenge_base64url(&self) -> Result<String, ActorFault> {
        Ok(Base64UrlUnpadded::encode_string(&self.challenge()?))
    }
}

/// A passkey's answer to `navigator.credentials.get`, as WebAuthn's JSON form
/// (`AuthenticationResponseJSON.response`) carries it: each field base64url.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PasskeyAssertion {
    pub authenticator_data: String,
    #[serde(rename = "clientDataJSON")]
    pub client_data_json: String,
    pub signature: String,
}

/// Who a passkey's assertion must have been made for: the relying party's id (a domain name:
/// `localhost`, `cms.example.org`) and the origins its pages are served from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RelyingParty {
    pub id: String,
    pub origins: Vec<String>,
}

/// What a verified assertion tells besides "it verifies".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PasskeyCheck {
    /// The authenticator's signature counter (0 when it keeps none): a server that remembers
    /// the last one can tell a cloned authenticator.
    pub sign_count: u32,
}

/// WebAuthn's signature-counter rule (Level 3, §7.2, step 21): a passkey's counter is above the
/// last one the relying party saw of it (`last`: none before its first signature); one that is not
/// is a sign that the authenticator was cloned. A counter of 0 is an authenticator that keeps none
/// (synced passkeys): nothing to compare. The server refuses a step that breaks it; the audit warns.
pub fn counter_holds(last: Option<u32>, count: u32) -> bool {
    count == 0 || last.is_none_or(|last| count > last)
}

// The authenticator data's flags (WebAuthn §6.1).
const USER_PRESENT: u8 = 0x01;
const USER_VERIFIED: u8 = 0x04;
// rpIdHash (32), flags (1), signCount (4).
const AUTHENTICATOR_DATA_MIN: usize = 37;

/// Checks a passkey's assertion for `statement`: made for this relying party, on one of its
/// origins, with the user verified, over this statement's challenge, and signed by the key
/// `public_key_spki` (the credential's public key as SPKI DER, base64url: what the browser's
/// `getPublicKey()` gives at enrolment).
pub fn verify_passkey(
    public_key_spki: &str,
    assertion: &PasskeyAssertion,
    statement: &Statement,
    rp: &RelyingParty,
) -> Result<PasskeyCheck, ActorFault> {
    let key_der = base64url("publicKey", public_key_spki)?;
    let key = p256::ecdsa::VerifyingKey::from_public_key_der(&key_der).map_err(|e| {
        ActorFault::InvalidPublicKey {
            reason: format!("it is not the SPKI DER of a P-256 key: {e}"),
        }
    })?;
    let authenticator_data = base64url("authenticatorData", &assertion.authenticator_data)?;
    let client_data = base64url("clientDataJSON", &assertion.client_data_json)?;
    let signature = base64url("signature", &assertion.signature)?;

    let collected: CollectedClientData =
        serde_json::from_slice(&client_data).map_err(|e| ActorFault::Malformed {
            field: "clientDataJSON",
            reason: format!("it is not the client data's JSON: {e}"),
        })?;
    if collected.kind != "webauthn.get" {
        return Err(ActorFault::WrongCeremony {
            found: collected.kind,
        });
    }
    if collected.challenge != statement.challenge_base64url()? {
        return Err(ActorFault::ChallengeMismatch);
    }
    if !rp.origins.contains(&collected.origin) {
        return Err(ActorFault::WrongOrigin {
            found: collected.origin,
            allowed: rp.origins.join(", "),
        });
    }
    if collected.cross_origin == Some(true) {
        return Err(ActorFault::WrongOrigin {
            found: format!("{} (in a frame of another origin)", collected.origin),
            allowed: rp.origins.join(", "),
        });
    }

    let (Some(rp_id_hash), Some(&flags), Some(count)) = (
        authenticator_data.get(..32),
        authenticator_data.get(32),
        authenticator_data.get(33..AUTHENTICATOR_DATA_MIN),
    ) else {
        return Err(ActorFault::Malformed {
            field: "authenticatorData",
            reason: format!(
                "it is {} bytes; it holds at least {AUTHENTICATOR_DATA_MIN} (RP id hash, flags, counter)",
                authenticator_data.len()
            ),
        });
    };
    if rp_id_hash != Sha256::digest(rp.id.as_bytes()).as_slice() {
        return Err(ActorFault::WrongRelyingParty {
            expected: rp.id.clone(),
        });
    }
    if flags & USER_PRESENT == 0 {
        return Err(ActorFault::UserNotPresent);
    }
    if flags & USER_VERIFIED == 0 {
        return Err(ActorFault::UserNotVerified);
    }

    let parsed =
        p256::ecdsa::Signature::from_der(&signature).map_err(|_| ActorFault::Malformed {
            field: "signature",
            reason: "it is not an ASN.1 DER ECDSA signature".into(),
        })?;
    let check = Es256Check {
        signed: passkey_signed_bytes(&authenticator_data, &client_data),
        key_der,
        signature_der: signature,
    };
    if !check.known_to_hold() {
        key.verify(&check.signed, &parsed)
            .map_err(|_| ActorFault::BadSignature)?;
    }
    let mut counter = [0u8; 4];
    counter.copy_from_slice(count);
    Ok(PasskeyCheck {
        sign_count: u32::from_be_bytes(counter),
    })
}

impl PasskeyAssertion {
    /// The signature counter its authenticator data holds, unchecked (`None` when the data is not
    /// base64url or too short): for an assertion that was verified when it was kept.
    pub fn sign_count(&self) -> Option<u32> {
        let data = base64url("authenticatorData", &self.authenticator_data).ok()?;
        let count: [u8; 4] = data.get(33..AUTHENTICATOR_DATA_MIN)?.try_into().ok()?;
        Some(u32::from_be_bytes(count))
    }
}

/// What a passkey signs (WebAuthn §7.2 step 20): its authenticator data, then the sha256 of the client data.
fn passkey_signed_bytes(authenticator_data: &[u8], client_data: &[u8]) -> Vec<u8> {
    let mut signed = authenticator_data.to_vec();
    signed.extend_from_slice(&Sha256::digest(client_data));
    signed
}

/// One ES256 verification, as bytes: the key (SPKI DER), what it signed, the signature (DER).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Es256Check {
    key_der: Vec<u8>,
    signed: Vec<u8>,
    signature_der: Vec<u8>,
}

thread_local! {
    /// ES256 checks already made, that held, for the part of a ledger being read: the audit verifies a
    /// page's passkey signatures on every core first (`ledger::audit::prefetch`, natively), then reads the
    /// page in chain order, where [`verify_passkey`] finds each answer here instead of verifying again.
    /// Only checks that held are kept, each by the digest of all three parts, so an answer here is p256's
    /// own. Thread-local rather than passed down: the checks happen under the policy's and the audit's
    /// judgement (`check_signature`, `person_signature`), which a cache has no business changing.
    static ES256_HELD: std::cell::RefCell<std::collections::HashSet<[u8; 32]>> =
        std::cell::RefCell::new(std::collections::HashSet::new());
}

impl Es256Check {
    /// The check a passkey's assertion needs with the key `public_key_spki` (base64url SPKI DER), or
    /// `None` when a part is not base64url (then [`verify_passkey`] names it).
    pub(crate) fn of_assertion(
        public_key_spki: &str,
        assertion: &PasskeyAssertion,
    ) -> Option<Es256Check> {
        let part = |field, text: &str| base64url(field, text).ok();
        Some(Es256Check {
            key_der: part("publicKey", public_key_spki)?,
            signed: passkey_signed_bytes(
                &part("authenticatorData", &assertion.authenticator_data)?,
                &part("clientDataJSON", &assertion.client_data_json)?,
            ),
            signature_der: part("signature", &assertion.signature)?,
        })
    }

    /// sha256 over the three parts, each after its length: no two checks share it.
    pub(crate) fn digest(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        for part in [&self.key_der, &self.signed, &self.signature_der] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part);
        }
        h.finalize().into()
    }

    /// p256's verdict.
    pub(crate) fn holds(&self) -> bool {
        let (Ok(key), Ok(signature)) = (
            p256::ecdsa::VerifyingKey::from_public_key_der(&self.key_der),
            p256::ecdsa::Signature::from_der(&self.signature_der),
        ) else {
            return false;
        };
        key.verify(&self.signed, &signature).is_ok()
    }

    fn known_to_hold(&self) -> bool {
        ES256_HELD.with(|held| {
            let held = held.borrow();
            !held.is_empty() && held.contains(&self.digest())
        })
    }
}

/// Runs `f` with `held` (digests of [`Es256Check`]s that held) known to [`verify_passkey`], then
/// forgets them, also if `f` returns early.
pub(crate) fn with_es256_held<T>(
    held: std::collections::HashSet<[u8; 32]>,
    f: impl FnOnce() -> T,
) -> T {
    struct Forget;
    impl Drop for Forget {
        fn drop(&mut self) {
            ES256_HELD.with(|h| h.borrow_mut().clear());
        }
    }
    ES256_HELD.with(|h| *h.borrow_mut() = held);
    let _forget = Forget;
    f()
}

/// An agent's signature of a statement, with the key that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgentSignature {
    /// Ed25519 over the statement's [`Statement::signed_bytes`], base64url (64 bytes).
    pub signature: String,
    /// The signing key's public half, SPKI PEM: what [`verify_agent`] takes.
    pub public_key_pem: String,
    /// First 16 hex digits of sha256 of the raw public key, as the ledger's checkpoint keys are named.
    pub key_id: String,
}

/// Signs `statement` with an agent's own key (PKCS#8 PEM Ed25519, as `openssl genpkey -algorithm
/// ed25519` or Node's crypto writes it): the agent's key, never the ledger's.
pub fn sign_agent(private_pem: &str, statement: &Statement) -> Result<AgentSignature, ErrorReport> {
    use ed25519_dalek::Signer as _;
    let key = checkpoint::parse_private(private_pem)?;
    let signed = statement.signed_bytes()?;
    let info = checkpoint::key_info_of(&key)?;
    Ok(AgentSignature {
        signature: Base64UrlUnpadded::encode_string(&key.sign(signed.as_bytes()).to_bytes()),
        public_key_pem: info.public_key_pem,
        key_id: info.key_id,
    })
}

/// An agent's signed step as the ledger keeps it (in the step's history row, `detail.actor_signature`, and in
/// its `dot_pair_signature` row): the statement as signed, and the signature with its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignedStep {
    pub statement: Statement,
    pub signature: String,
    pub public_key_pem: String,
    pub key_id: String,
}

/// Checks a signed step where the ledger keeps it: its statement names this `entry` and `act`, and the
/// row it was taken over (`subject`, when the reader saw that row: an audit from an anchor may not
/// have), and the signature verifies under the key it names.
pub fn check_signed_step(
    signed: &SignedStep,
    entry: &str,
    act: Act,
    subject: Option<&str>,
) -> Result<(), ActorFault> {
    check_statement(&signed.statement, entry, act, subject)?;
    // The key is read once: the audit checks every signed step of the ledger.
    let key = agent_public_key(&signed.public_key_pem)?;
    let key_id = checkpoint::key_id_of(&key);
    if key_id != signed.key_id {
        return Err(ActorFault::StatementMismatch {
            field: "key_id",
            expected: key_id,
            found: signed.key_id.clone(),
        });
    }
    verify_with(&key, &signed.signature, &signed.statement)
}

/// How long a signed statement is good for: the step it signs is written at most this long after the
/// statement's time. Long enough to read a manifest and unlock a passkey; short enough that a signature
/// cannot be held back and used later.
pub const STATEMENT_WINDOW_MS: i64 = 10 * 60_000;
/// How far a statement's time may be ahead of the clock of the server that writes the step.
pub const CLOCK_SKEW_MS: i64 = 60_000;

/// Whether the step a statement signs was written in the statement's window (`written_at`: when the
/// server writes it, or the row's `recorded_at` when a reader checks it).
pub fn check_fresh(s: &Statement, written_at: Timestamp) -> Result<(), ActorFault> {
    let late = written_at.0 - s.at.0;
    if late > STATEMENT_WINDOW_MS || -late > CLOCK_SKEW_MS {
        return Err(ActorFault::Stale {
            at: s.at.to_rfc3339(),
            written: written_at.to_rfc3339(),
        });
    }
    Ok(())
}

/// Whether a signed statement names the step it is kept or offered with: this `entry`, this `act`, and
/// `subject` (when the reader knows what the step was over). A person's and an agent's signatures alike.
pub fn check_statement(
    s: &Statement,
    entry: &str,
    act: Act,
    subject: Option<&str>,
) -> Result<(), ActorFault> {
    let mismatch =
        |field: &'static str, expected: &str, found: &str| ActorFault::StatementMismatch {
            field,
            expected: expected.into(),
            found: found.into(),
        };
    if s.entry != entry {
        return Err(mismatch("statement.entry", entry, &s.entry));
    }
    if s.act != act {
        return Err(mismatch("statement.act", act.as_str(), s.act.as_str()));
    }
    if let Some(subject) = subject.filter(|h| *h != s.subject_sha256) {
        return Err(mismatch(
            "statement.subject_sha256",
            subject,
            &s.subject_sha256,
        ));
    }
    Ok(())
}

/// The key id of an agent's public key (SPKI PEM): the first 16 hex digits of sha256 of its 32 bytes, as
/// the ledger's checkpoint keys are named. What a trusted-key list is compared by.
pub fn agent_key_id(public_key_pem: &str) -> Result<String, ActorFault> {
    Ok(checkpoint::key_id_of(&agent_public_key(public_key_pem)?))
}

fn agent_public_key(public_key_pem: &str) -> Result<ed25519_dalek::VerifyingKey, ActorFault> {
    use ed25519_dalek::pkcs8::DecodePublicKey;
    ed25519_dalek::VerifyingKey::from_public_key_pem(public_key_pem.trim()).map_err(|e| {
        ActorFault::InvalidPublicKey {
            reason: format!("it is not the SPKI PEM of an Ed25519 key: {e}"),
        }
    })
}

/// Who signed a step, as its history row says: the server alone, or an agent with its own key, and
/// whether that signature holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum StepSigner {
    /// No signature of the one who took the step: the server's checkpoint attests it.
    Server,
    /// An agent's own signature (`detail.actor_signature`).
    Agent {
        key_id: String,
        verified: bool,
        /// Whether the key is one of the agents' trusted keys; `None` when no list was given.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        trusted: Option<bool>,
        /// Why it does not hold, or why its key is not trusted.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        reason: Option<String>,
    },
    /// A person's signature by a key of the trust policy in force (`detail.person_signature`,
    /// ledger::policy), and whether it holds.
    Person {
        key_id: String,
        /// The key's holder as the policy names them; empty when the policy does not know the key.
        label: String,
        verified: bool,
        /// Why it does not hold: the audit's kind (`bad-actor-signature`, `key-not-in-policy`,
        /// `signed-by-revoked-key`) and the reason.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        code: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        reason: Option<String>,
        /// The passkey's signature counter (0 when it keeps none, and for an Ed25519 key).
        #[serde(default)]
        sign_count: u32,
    },
    /// The policy in force needs the person's signature for this act, and the step has none.
    Unsigned { reason: String },
}

/// Reads and checks the agent's signature a history row keeps (`detail.actor_signature`) of the step
/// `event` on `entry`: a CUT's is over its change set (`detail.change_set`), a VERIFY's over its verify
/// result (`detail.verify_result`), whose row hash `row_hash` gives when the reader has seen that row.
/// The ledger audit and the entry page read it here.
///
/// `trusted`: the key ids of the agents' trusted keys ([`agent_key_id`]); `None` leaves trust unjudged.
pub fn history_signature<'a>(
    entry: &str,
    event: &str,
    detail: &str,
    row_hash: impl Fn(&str) -> Option<&'a str>,
    trusted: Option<&[String]>,
) -> StepSigner {
    // Most history rows are signed by no agent: no JSON parse for them.
    if !detail.contains("\"actor_signature\"") {
        return StepSigner::Server;
    }
    let Ok(mut detail) = serde_json::from_str::<serde_json::Value>(detail) else {
        return StepSigner::Server;
    };
    let Some(value) = detail
        .get_mut("actor_signature")
        .map(serde_json::Value::take)
    else {
        return StepSigner::Server;
    };
    let refused = |key_id: &str, reason: String| StepSigner::Agent {
        key_id: key_id.into(),
        verified: false,
        trusted: None,
        reason: Some(reason),
    };
    let signed: SignedStep = match serde_json::from_value(value) {
        Ok(s) => s,
        Err(e) => {
            return refused(
                "",
                format!("detail.actor_signature is not a signed step: {e}"),
            )
        }
    };
    let text = |field: &str| detail.get(field).and_then(|v| v.as_str());
    let (act, subject) = match event {
        "cut" => (Act::Cut, text("change_set").and_then(&row_hash)),
        "verified" | "verify_failed" => (Act::Verify, text("verify_result").and_then(&row_hash)),
        // The migration runner opens its upgrade entries signed with its own key: over the manifest
        // it planned, which the row names.
        "submitted" => (Act::Submit, text("manifest_sha256")),
        other => {
            return refused(
                &signed.key_id,
                format!(
                    "an agent's signature is kept with a '{other}' event, which no agent signs"
                ),
            )
        }
    };
    agent_signed(signed, entry, act, subject, trusted)
}

/// The executor's or the verifier's own signature a `dot_pair_signature` row keeps (`actor_signature`,
/// iu0017): the agent's statement for its `role`'s act, over the row's `signed_sha256` (the row hash of
/// the change set or the verify result, which names its entry: the statement's entry is read as
/// signed). The same signature the step's history row keeps (`detail.actor_signature`), now also in the
/// row the seeds meant for it, so the DOT pair's rows are signatures by DOT-991 and DOT-992
/// themselves, not rows the server wrote in their names.
pub fn dot_pair_signature(
    role: &str,
    signed_sha256: &str,
    kept: &str,
    trusted: Option<&[String]>,
) -> StepSigner {
    let signed: SignedStep = match serde_json::from_str(kept) {
        Ok(s) => s,
        Err(e) => {
            return StepSigner::Agent {
                key_id: String::new(),
                verified: false,
                trusted: None,
                reason: Some(format!("actor_signature is not a signed step: {e}")),
            }
        }
    };
    let act = if role == "executor" {
        Act::Cut
    } else {
        Act::Verify
    };
    let entry = signed.statement.entry.clone();
    agent_signed(signed, &entry, act, Some(signed_sha256), trusted)
}

/// An agent's signed step checked for `entry`, `act` and `subject`, and its key against `trusted`.
fn agent_signed(
    signed: SignedStep,
    entry: &str,
    act: Act,
    subject: Option<&str>,
    trusted: Option<&[String]>,
) -> StepSigner {
    match check_signed_step(&signed, entry, act, subject) {
        Ok(()) => {
            let trusted = trusted.map(|ids| ids.contains(&signed.key_id));
            let reason = (trusted == Some(false)).then(|| {
                format!(
                    "signed with key {}, which is not one of the agents' trusted keys: someone signed in the agent's name with a key of their own, or the agent's key was replaced without keeping the old one trusted",
                    signed.key_id
                )
            });
            StepSigner::Agent {
                key_id: signed.key_id,
                verified: true,
                trusted,
                reason,
            }
        }
        Err(fault) => StepSigner::Agent {
            reason: Some(format!("{fault} (key {})", signed.key_id)),
            key_id: signed.key_id,
            verified: false,
            trusted: None,
        },
    }
}

/// Checks an agent's Ed25519 signature (base64url, 64 bytes) of `statement`'s
/// [`Statement::signed_bytes`], by the key `public_key_pem` (SPKI PEM, as the agent's key
/// file's public half is written by `openssl pkey -pubout` or Node's crypto).
pub fn verify_agent(
    public_key_pem: &str,
    signature: &str,
    statement: &Statement,
) -> Result<(), ActorFault> {
    verify_with(&agent_public_key(public_key_pem)?, signature, statement)
}

fn verify_with(
    key: &ed25519_dalek::VerifyingKey,
    signature: &str,
    statement: &Statement,
) -> Result<(), ActorFault> {
    let bytes = base64url("signature", signature)?;
    let signature =
        ed25519_dalek::Signature::from_slice(&bytes).map_err(|_| ActorFault::Malformed {
            field: "signature",
            reason: format!("it is {} bytes; an Ed25519 signature is 64", bytes.len()),
        })?;
    // `verify_strict`: no small-order keys, no malleable signatures.
    key.verify_strict(statement.signed_bytes()?.as_bytes(), &signature)
        .map_err(|_| ActorFault::BadSignature)
}

// The client data's fields that are checked (WebAuthn §5.8.1); the rest are ignored.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CollectedClientData {
    #[serde(rename = "type")]
    kind: String,
    challenge: String,
    origin: String,
    #[serde(default)]
    cross_origin: Option<bool>,
}

fn base64url(field: &'static str, text: &str) -> Result<Vec<u8>, ActorFault> {
    // Browsers send it unpadded; a padded copy (some libraries) is the same bytes.
    Base64UrlUnpadded::decode_vec(text.trim_end_matches('=')).map_err(|_| ActorFault::Malformed {
        field,
        reason: "it is not base64url (A–Z, a–z, 0–9, '-', '_')".into(),
    })
}

fn is_sha256_hex(text: &str) -> bool {
    Sha256Hex::parse(text).is_some()
}

/// Why a person's or an agent's signature of a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActorFault {
    /// A field of the assertion, the signature or the statement is not what its format allows.
    #[error("{field} is malformed: {reason}")]
    Malformed { field: &'static str, reason: String },
    /// The signer's public key cannot be read.
    #[error("the signer's public key cannot be read: {reason}")]
    InvalidPublicKey { reason: String },
    /// The client data is not an assertion's (`webauthn.create` is an enrolment's).
    #[error("clientDataJSON.type is '{found}', not 'webauthn.get': it is not an assertion")]
    WrongCeremony { found: String },
    /// The passkey signed another challenge: another statement (another entry, act, subject,
    /// ledger head or time), or a replay.
    #[error("clientDataJSON.challenge is not this statement's: the passkey signed another step (another entry, act, subject, ledger head or time), or the assertion is replayed")]
    ChallengeMismatch,
    /// The assertion was made on a page of another origin.
    #[error("clientDataJSON.origin is '{found}', not one of this server's origins ({allowed})")]
    WrongOrigin { found: String, allowed: String },
    /// The assertion was made for another relying party.
    #[error("authenticatorData's RP id hash is not that of '{expected}': the passkey was asked by another site")]
    WrongRelyingParty { expected: String },
    /// The authenticator did not see the user (no touch, no gesture).
    #[error("authenticatorData's flags do not say the user was present")]
    UserNotPresent,
    /// The authenticator did not verify the user (PIN, fingerprint, face).
    #[error(
        "authenticatorData's flags do not say the user was verified (PIN, fingerprint or face)"
    )]
    UserNotVerified,
    /// The statement does not name the step it is kept with: it was signed for another entry, act or row.
    #[error("{}", mismatch_message(field, expected, found))]
    StatementMismatch {
        field: &'static str,
        expected: String,
        found: String,
    },
    /// The signature does not verify under the signer's key.
    #[error("the signature does not verify under the signer's key: the statement, the authenticator data or the client data was changed after signing, or another key signed")]
    BadSignature,
    /// The step was written outside the statement's window ([`STATEMENT_WINDOW_MS`]).
    #[error("the statement was signed for {at}, and the step was written at {written}: a signature is good for ten minutes from its statement")]
    Stale { at: String, written: String },
}

// What a mismatched statement means, for a reviewer reading the entry page.
fn mismatch_message(field: &str, expected: &str, found: &str) -> String {
    let short = |h: &str| {
        h.get(..12)
            .map_or_else(|| h.to_string(), |p| format!("{p}…"))
    };
    match field {
        "statement.subject_sha256" => format!(
            "the agent signed the row whose hash was {}, but that row's hash is now {}: the row was rewritten after it was signed ({field})",
            short(found),
            short(expected)
        ),
        "key_id" => format!(
            "the signature names key {found}, but the key kept with it is {expected}: the key id was changed ({field})"
        ),
        "statement.entry" => format!(
            "the signature was made for entry {found}, not for this entry ({expected}): it was copied from another step ({field})"
        ),
        _ => format!(
            "the signature was made for '{found}', not for '{expected}': it was copied from another step ({field})"
        ),
    }
}

impl ActorFault {
    /// The field of the request the fault is about.
    pub fn field_name(&self) -> Option<&'static str> {
        match self {
            Self::Malformed { field, .. } => Some(field),
            Self::InvalidPublicKey { .. } => Some("publicKey"),
            Self::WrongCeremony { .. } | Self::ChallengeMismatch | Self::WrongOrigin { .. } => {
                Some("clientDataJSON")
            }
            Self::WrongRelyingParty { .. } | Self::UserNotPresent | Self::UserNotVerified => {
                Some("authenticatorData")
            }
            Self::StatementMismatch { field, .. } => Some(field),
            Self::BadSignature => Some("signature"),
            Self::Stale { .. } => Some("statement.at"),
        }
    }
}

impl Report for ActorFault {
    fn code(&self) -> &'static str {
        match self {
            Self::Malformed { .. } => "malformed-actor-signature",
            Self::InvalidPublicKey { .. } => "invalid-public-key",
            Self::WrongCeremony { .. } => "wrong-ceremony",
            Self::ChallengeMismatch => "challenge-mismatch",
            Self::WrongOrigin { .. } => "wrong-origin",
            Self::WrongRelyingParty { .. } => "wrong-relying-party",
            Self::UserNotPresent => "user-not-present",
            Self::UserNotVerified => "user-not-verified",
            Self::StatementMismatch { .. } => "statement-mismatch",
            Self::BadSignature => "bad-actor-signature",
            Self::Stale { .. } => "stale-statement",
        }
    }

    fn hint(&self) -> String {
        match self {
            Self::Malformed { .. } => "send the assertion as the browser gives it (AuthenticationResponseJSON.response: authenticatorData, clientDataJSON, signature, each base64url) and the statement's hashes as 64 lowercase hex digits".into(),
            Self::InvalidPublicKey { .. } => "enrol the passkey again (its public key is kept as SPKI DER), or give the agent's public key as SPKI PEM (`openssl pkey -in agent.pem -pubout`)".into(),
            Self::WrongCeremony { .. } => "sign the step with navigator.credentials.get, not create".into(),
            Self::ChallengeMismatch => "ask the server for this step's challenge and sign it once: a signature is good for one entry, one act, one subject and one ledger head".into(),
            Self::WrongOrigin { .. } => "sign on this server's own pages, or add the origin the pages are served from to the relying party's origins".into(),
            Self::WrongRelyingParty { .. } => "use a passkey enrolled on this server, served under its relying-party id (a domain name such as localhost, not an IP address)".into(),
            Self::UserNotPresent | Self::UserNotVerified => "sign again and unlock the passkey (PIN, fingerprint or face) when the browser asks".into(),
            Self::StatementMismatch { .. } => "a signed step cannot be moved or edited: take the step again, so that it is signed again; if no one did, treat it as tampering (an incident)".into(),
            Self::BadSignature => "sign the step again with the key enrolled for you; if it still fails, the key on record is not yours: enrol again".into(),
            Self::Stale { .. } => "sign the step again: ask the server for a new statement and send the step within ten minutes".into(),
        }
    }

    fn field(&self) -> Option<String> {
        self.field_name().map(String::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::Signer as _;
    use p256::ecdsa::signature::Signer as _;
    use p256::ecdsa::SigningKey;
    use p256::pkcs8::EncodePublicKey;

    const HEAD: &str = "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12";
    const SUBJECT: &str = "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";

    fn statement() -> Statement {
        Statement {
            entry: "entry-a".into(),
            act: Act::Approve,
            subject_sha256: SUBJECT.into(),
            ledger_head: HEAD.into(),
            at: Timestamp(1_795_000_000_000),
        }
    }

    fn rp() -> RelyingParty {
        RelyingParty {
            id: "localhost".into(),
            origins: vec!["http://localhost:8055".into()],
        }
    }

    // A P-256 key from fixed bytes (tests only: keys are made by authenticators, never here).
    fn passkey() -> (SigningKey, String) {
        let key = SigningKey::from_slice(&[7u8; 32]).expect("a valid scalar");
        let spki = key
            .verifying_key()
            .to_public_key_der()
            .expect("SPKI of a P-256 key");
        (key, Base64UrlUnpadded::encode_string(spki.as_bytes()))
    }

    // An authenticator's assertion for `challenge`, as WebAuthn builds it.
    fn assert(
        key: &SigningKey,
        challenge: &str,
        origin: &str,
        rp_id: &str,
        flags: u8,
    ) -> PasskeyAssertion {
        let client = format!(
            r#"{{"type":"webauthn.get","challenge":"{challenge}","origin":"{origin}","crossOrigin":false}}"#
        );
        let mut data = Sha256::digest(rp_id.as_bytes()).to_vec();
        data.push(flags);
        data.extend_from_slice(&5u32.to_be_bytes());
        let mut signed = data.clone();
        signed.extend_from_slice(&Sha256::digest(client.as_bytes()));
        let signature: p256::ecdsa::Signature = key.sign(&signed);
        PasskeyAssertion {
            authenticator_data: Base64UrlUnpadded::encode_string(&data),
            client_data_json: Base64UrlUnpadded::encode_string(client.as_bytes()),
            signature: Base64UrlUnpadded::encode_string(signature.to_der().as_bytes()),
        }
    }

    fn good() -> (String, PasskeyAssertion) {
        let (key, spki) = passkey();
        let challenge = statement().challenge_base64url().expect("a good statement");
        let a = assert(
            &key,
            &challenge,
            "http://localhost:8055",
            "localhost",
            USER_PRESENT | USER_VERIFIED,
        );
        (spki, a)
    }

    #[test]
    fn the_signed_statement_is_its_canonical_json_with_its_format() {
        assert_eq!(
            statement().signed_bytes().expect("a good statement"),
            format!(
                r#"{{"act":"approve","at":1795000000000,"entry":"entry-a","ledger_head":"{HEAD}","subject_sha256":"{SUBJECT}","v":"iu-cutter-statement-v1"}}"#
            )
        );
    }

    #[test]
    fn a_passkeys_assertion_of_the_statement_verifies() {
        let (spki, a) = good();
        assert_eq!(
            verify_passkey(&spki, &a, &statement(), &rp()),
            Ok(PasskeyCheck { sign_count: 5 })
        );
    }

    #[test]
    fn an_assertion_for_another_entry_act_subject_head_or_time_is_refused() {
        let (spki, a) = good();
        let others = [
            Statement {
                entry: "entry-b".into(),
                ..statement()
            },
            Statement {
                act: Act::Cut,
                ..statement()
            },
            Statement {
                subject_sha256: HEAD.into(),
                ..statement()
            },
            Statement {
                ledger_head: SUBJECT.into(),
                ..statement()
            },
            Statement {
                at: Timestamp(1_795_000_000_001),
                ..statement()
            },
        ];
        for other in others {
            assert_eq!(
                verify_passkey(&spki, &a, &other, &rp()),
                Err(ActorFault::ChallengeMismatch),
                "{other:?}"
            );
        }
    }

    #[test]
    fn origin_relying_party_and_user_verification_are_each_named() {
        let (key, spki) = passkey();
        let challenge = statement().challenge_base64url().expect("a good statement");
        let both = USER_PRESENT | USER_VERIFIED;
        let check = |a: PasskeyAssertion| verify_passkey(&spki, &a, &statement(), &rp());
        let e = check(assert(
            &key,
            &challenge,
            "http://127.0.0.1:8055",
            "localhost",
            both,
        ));
        assert!(matches!(e, Err(ActorFault::WrongOrigin { .. })), "{e:?}");
        let e = check(assert(
            &key,
            &challenge,
            "http://localhost:8055",
            "example.org",
            both,
        ));
        assert_eq!(
            e,
            Err(ActorFault::WrongRelyingParty {
                expected: "localhost".into()
            })
        );
        let e = check(assert(
            &key,
            &challenge,
            "http://localhost:8055",
            "localhost",
            USER_PRESENT,
        ));
        assert_eq!(e, Err(ActorFault::UserNotVerified));
        let e = check(assert(
            &key,
            &challenge,
            "http://localhost:8055",
            "localhost",
            USER_VERIFIED,
        ));
        assert_eq!(e, Err(ActorFault::UserNotPresent));
        assert_eq!(
            e.map_err(|f| (f.code(), f.field())),
            Err(("user-not-present", Some("authenticatorData".into())))
        );
    }

    #[test]
    fn a_changed_byte_or_another_key_does_not_verify() {
        let (spki, a) = good();
        let mut data = Base64UrlUnpadded::decode_vec(&a.authenticator_data).expect("base64url");
        data[36] ^= 1; // the counter: only the signature covers it
        let changed = PasskeyAssertion {
            authenticator_data: Base64UrlUnpadded::encode_string(&data),
            ..a.clone()
        };
        assert_eq!(
            verify_passkey(&spki, &changed, &statement(), &rp()),
            Err(ActorFault::BadSignature)
        );
        let other = SigningKey::from_slice(&[9u8; 32]).expect("a valid scalar");
        let other_spki = Base64UrlUnpadded::encode_string(
            other
                .verifying_key()
                .to_public_key_der()
                .expect("SPKI")
                .as_bytes(),
        );
        assert_eq!(
            verify_passkey(&other_spki, &a, &statement(), &rp()),
            Err(ActorFault::BadSignature)
        );
    }

    #[test]
    fn malformed_payloads_name_their_field() {
        let (spki, a) = good();
        let cases = [
            (
                PasskeyAssertion {
                    client_data_json: "not base64!".into(),
                    ..a.clone()
                },
                "clientDataJSON",
            ),
            (
                PasskeyAssertion {
                    client_data_json: Base64UrlUnpadded::encode_string(b"{}"),
                    ..a.clone()
                },
                "clientDataJSON",
            ),
            (
                PasskeyAssertion {
                    authenticator_data: Base64UrlUnpadded::encode_string(&[0u8; 36]),
                    ..a.clone()
                },
                "authenticatorData",
            ),
            (
                PasskeyAssertion {
                    signature: Base64UrlUnpadded::encode_string(&[0x30, 0x01]),
                    ..a.clone()
                },
                "signature",
            ),
        ];
        for (assertion, field) in cases {
            let fault = verify_passkey(&spki, &assertion, &statement(), &rp())
                .expect_err("a malformed assertion");
            assert_eq!(fault.field().as_deref(), Some(field), "{fault}");
        }
        let fault = verify_passkey("AAAA", &a, &statement(), &rp()).expect_err("a bad key");
        assert_eq!(fault.code(), "invalid-public-key");
        let bad = Statement {
            subject_sha256: "ABC".into(),
            ..statement()
        };
        let fault = verify_passkey(&spki, &a, &bad, &rp()).expect_err("a bad statement");
        assert_eq!(fault.field().as_deref(), Some("statement.subject_sha256"));
    }

    #[test]
    fn an_enrolment_is_not_an_assertion() {
        let (key, spki) = passkey();
        let challenge = statement().challenge_base64url().expect("a good statement");
        let mut a = assert(
            &key,
            &challenge,
            "http://localhost:8055",
            "localhost",
            USER_PRESENT | USER_VERIFIED,
        );
        let client = String::from_utf8(
            Base64UrlUnpadded::decode_vec(&a.client_data_json).expect("base64url"),
        )
        .expect("utf-8")
        .replace("webauthn.get", "webauthn.create");
        a.client_data_json = Base64UrlUnpadded::encode_string(client.as_bytes());
        assert_eq!(
            verify_passkey(&spki, &a, &statement(), &rp()),
            Err(ActorFault::WrongCeremony {
                found: "webauthn.create".into()
            })
        );
    }

    #[test]
    fn what_an_agent_signs_verifies_under_its_key_and_a_bad_key_is_refused_by_name() {
        use ed25519_dalek::pkcs8::EncodePrivateKey;
        let key = ed25519_dalek::SigningKey::from_bytes(&[5u8; 32]);
        let pem = key
            .to_pkcs8_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
            .expect("PEM");
        let signed = sign_agent(&pem, &statement()).expect("a good key and statement");
        assert_eq!(signed.key_id.len(), 16);
        assert_eq!(
            verify_agent(&signed.public_key_pem, &signed.signature, &statement()),
            Ok(())
        );
        let e = sign_agent(&signed.public_key_pem, &statement()).expect_err("a public key");
        assert_eq!(e.code, "invalid-private-key");
        let bad = Statement {
            ledger_head: "head".into(),
            ..statement()
        };
        let e = sign_agent(&pem, &bad).expect_err("a bad statement");
        assert_eq!(e.field.as_deref(), Some("statement.ledger_head"));
    }

    #[test]
    fn a_dot_pair_row_is_the_agents_own_signature_of_what_it_names() {
        let a = agent_cut();
        let kept = serde_json::to_string(&a).expect("JSON");
        let trusted = vec![a.key_id.clone()];
        assert!(matches!(
            dot_pair_signature("executor", SUBJECT, &kept, Some(&trusted)),
            StepSigner::Agent {
                verified: true,
                trusted: Some(true),
                ..
            }
        ));
        // Kept as the verifier's, or with another change set's hash: refused, saying why.
        for (role, signed_sha256) in [("verifier", SUBJECT), ("executor", HEAD)] {
            let StepSigner::Agent {
                verified, reason, ..
            } = dot_pair_signature(role, signed_sha256, &kept, None)
            else {
                panic!("an agent's signature")
            };
            assert!(!verified && reason.is_some(), "{role} {signed_sha256}");
        }
        assert!(matches!(
            dot_pair_signature(
                "executor",
                SUBJECT,
                &kept,
                Some(&["0000000000000000".into()])
            ),
            StepSigner::Agent {
                verified: true,
                trusted: Some(false),
                ..
            }
        ));
        assert!(matches!(
            dot_pair_signature("executor", SUBJECT, "{}", None),
            StepSigner::Agent {
                verified: false,
                ..
            }
        ));
    }

    // An agent's CUT of entry-a over SUBJECT, signed with a fixed Ed25519 key (tests only).
    fn agent_cut() -> SignedStep {
        use ed25519_dalek::pkcs8::EncodePrivateKey;
        let pem = ed25519_dalek::SigningKey::from_bytes(&[5u8; 32])
            .to_pkcs8_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
            .expect("PEM");
        let s = Statement {
            act: Act::Cut,
            ..statement()
        };
        let a = sign_agent(&pem, &s).expect("signed");
        SignedStep {
            statement: s,
            signature: a.signature,
            public_key_pem: a.public_key_pem,
            key_id: a.key_id,
        }
    }

    #[test]
    fn a_history_row_says_who_signed_its_step() {
        let step = agent_cut();
        let a = step.clone();
        let detail =
            serde_json::json!({ "change_set": "cs1", "actor_signature": step }).to_string();
        let hashes = |id: &str| (id == "cs1").then_some(SUBJECT);
        let signer = history_signature("entry-a", "cut", &detail, hashes, None);
        assert_eq!(
            serde_json::to_value(&signer).expect("JSON"),
            serde_json::json!({ "kind": "agent", "key_id": a.key_id, "verified": true })
        );
        assert_eq!(
            history_signature("entry-a", "cut", r#"{"change_set":"cs1"}"#, hashes, None),
            StepSigner::Server
        );
        let StepSigner::Agent {
            verified, reason, ..
        } = history_signature("entry-a", "cut", &detail, |_| Some(HEAD), None)
        else {
            panic!("an agent's signature");
        };
        assert!(!verified);
        assert!(reason.is_some_and(|r| r.contains("statement.subject_sha256")));
        // Against the agents' trusted keys: its own key is, another is not.
        let trusted = |ids: &[String]| match history_signature(
            "entry-a",
            "cut",
            &detail,
            hashes,
            Some(ids),
        ) {
            StepSigner::Agent {
                verified: true,
                trusted,
                ..
            } => trusted,
            other => panic!("{other:?}"),
        };
        assert_eq!(trusted(std::slice::from_ref(&a.key_id)), Some(true));
        assert_eq!(trusted(&["0123456789abcdef".to_string()]), Some(false));
        // A key id that is not its key's: refused, not trusted by its claim.
        let lying = detail.replace(&a.key_id, "0123456789abcdef");
        let StepSigner::Agent {
            verified, reason, ..
        } = history_signature(
            "entry-a",
            "cut",
            &lying,
            hashes,
            Some(&["0123456789abcdef".to_string()]),
        )
        else {
            panic!("an agent's signature");
        };
        assert!(!verified);
        assert!(reason.is_some_and(|r| r.contains("key_id")));
    }

    #[test]
    fn an_agents_signature_verifies_for_its_statement_only() {
        use ed25519_dalek::pkcs8::EncodePublicKey;
        let key = ed25519_dalek::SigningKey::from_bytes(&[3u8; 32]);
        let pem = key
            .verifying_key()
            .to_public_key_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
            .expect("PEM");
        let s = statement();
        let signature = Base64UrlUnpadded::encode_string(
            &key.sign(s.signed_bytes().expect("good").as_bytes())
                .to_bytes(),
        );
        assert_eq!(verify_agent(&pem, &signature, &s), Ok(()));
        let other = Statement {
            act: Act::Verify,
            ..statement()
        };
        assert_eq!(
            verify_agent(&pem, &signature, &other),
            Err(ActorFault::BadSignature)
        );
        let fault = verify_agent(&pem, "AAAA", &s).expect_err("too short");
        assert_eq!(fault.field().as_deref(), Some("signature"));
        let fault = verify_agent("-----BEGIN PUBLIC KEY-----", &signature, &s).expect_err("no key");
        assert_eq!(fault.code(), "invalid-public-key");
    }
}
