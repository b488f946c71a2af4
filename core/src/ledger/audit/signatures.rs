//! What the audit checks of the signatures a row keeps: a person's under the trust policy in force, an
//! agent's with its own key, and the custodians' of a policy change (ledger::actor, ledger::policy).

use super::{AuditKind, LedgerAudit};
use crate::ledger::actor::{self, Act, StepSigner};
use crate::ledger::chain::LedgerRow;
use crate::ledger::policy::{self, PolicyFault, PolicySignature, TrustPolicy};
use crate::text::timestamp::Timestamp;

impl LedgerAudit {
    /// The signatures a row keeps, or the policy it changes (ledger::actor, ledger::policy): why they do
    /// not hold, if they do not, with what was expected. An agent's signature is over the change set or
    /// verify result before it in the chain, whose hashes are remembered for it; a person's is over their
    /// entry's manifest, remembered from the entry's row, and judged by the trust policy in force.
    pub(super) fn actor_signature(
        &mut self,
        row: &LedgerRow,
    ) -> Option<(AuditKind, &'static str, String)> {
        let text = |key: &str| row.content.get(key).and_then(|v| v.as_str());
        match row.collection.as_str() {
            "cut_change_set" | "verify_result" => {
                self.signed_rows
                    .insert(row.id.clone(), row.row_hash.clone());
                None
            }
            "ledger_incident" => {
                // A repair's submitter signs the incident it repairs, by this row's hash.
                self.signed_rows
                    .insert(row.id.clone(), row.row_hash.clone());
                let subject =
                    policy::incident_subject(text("document"), text("note").unwrap_or_default());
                self.decision(&policy::DecisionRow {
                    entry: &row.id,
                    act: Act::Incident,
                    actor: text("reported_by").unwrap_or_default(),
                    signature: text("actor_signature"),
                    subject: &subject,
                    written_at: text("recorded_at").and_then(|t| Timestamp::parse_rfc3339(t).ok()),
                })
            }
            "review_decision" if text("decision") == Some("go_ahead") => {
                self.decision(&policy::DecisionRow {
                    entry: text("entry").unwrap_or_default(),
                    act: Act::GoAhead,
                    actor: text("reviewer").unwrap_or_default(),
                    signature: text("actor_signature"),
                    subject: text("manifest_sha256").unwrap_or_default(),
                    written_at: text("recorded_at").and_then(|t| Timestamp::parse_rfc3339(t).ok()),
                })
            }
            // The DOT pair's own row: the agent's signature of the change set or verify result, when it
            // keeps one (rows written before iu0017 do not: their step's history row keeps it).
            "dot_pair_signature" => {
                let kept = text("actor_signature")?;
                let role = text("role").unwrap_or_default();
                let event = if role == "executor" {
                    "cut"
                } else {
                    "verified"
                };
                let signer = text("signer").unwrap_or_default();
                let by_policy = self
                    .policy
                    .as_ref()
                    .and_then(|p| p.agent_trust(event, signer));
                let trusted = by_policy.as_deref().or(self.agent_keys.as_deref());
                self.agent(actor::dot_pair_signature(
                    role,
                    text("signed_sha256").unwrap_or_default(),
                    kept,
                    trusted,
                ))
            }
            "decision_backlog_entry" => {
                if let Some(m) = text("manifest_sha256") {
                    self.manifests.insert(row.id.clone(), m.to_string());
                }
                None
            }
            "trust_policy" => self.policy_change(text("policy_json"), text("signatures")),
            "decision_backlog_history" => {
                let (entry, event, detail) = (
                    text("entry").unwrap_or_default(),
                    text("event").unwrap_or_default(),
                    text("detail").unwrap_or_default(),
                );
                let row = policy::HistoryRow {
                    entry,
                    event,
                    actor: text("actor").unwrap_or_default(),
                    detail,
                    written_at: text("recorded_at").and_then(|t| Timestamp::parse_rfc3339(t).ok()),
                };
                // What a rollback or a repair is signed over: the rolled-back entry's manifest, the incident's row hash.
                let (signed_rows, manifests) = (&self.signed_rows, &self.manifests);
                if let Some(signer) = policy::person_signature(
                    self.policy.as_ref(),
                    &row,
                    manifests.get(entry).map(String::as_str),
                    |id| {
                        signed_rows
                            .get(id)
                            .or_else(|| manifests.get(id))
                            .map(String::as_str)
                    },
                ) {
                    return self.person(signer);
                }
                // The agents' keys the policy in force names for this step, else those the auditor was given.
                let by_policy = self
                    .policy
                    .as_ref()
                    .and_then(|p| p.agent_trust(event, text("actor").unwrap_or_default()));
                let trusted = by_policy.as_deref().or(self.agent_keys.as_deref());
                self.agent(actor::history_signature(
                    entry,
                    event,
                    detail,
                    |id| self.signed_rows.get(id).map(String::as_str),
                    trusted,
                ))
            }
            _ => None,
        }
    }

    /// A go-ahead's or an incident's row: the person's signature it keeps, under the policy in force.
    fn decision(
        &mut self,
        row: &policy::DecisionRow<'_>,
    ) -> Option<(AuditKind, &'static str, String)> {
        let signer = policy::decision_signature(self.policy.as_ref(), row)?;
        self.person(signer)
    }

    /// What is wrong with a person's signature, if anything (their passkey's counter included).
    fn person(&mut self, signer: StepSigner) -> Option<(AuditKind, &'static str, String)> {
        const PERSON: &str =
            "the signature of the person who took the step, by their key in the trust policy in force";
        match signer {
            StepSigner::Unsigned { reason } => Some((AuditKind::UnsignedStep, PERSON, reason)),
            StepSigner::Person {
                verified: false,
                code,
                reason,
                ..
            } => {
                let kind = match code.as_deref() {
                    Some("key-not-in-policy") => AuditKind::KeyNotInPolicy,
                    Some("signed-by-revoked-key") => AuditKind::SignedByRevokedKey,
                    _ => AuditKind::BadActorSignature,
                };
                Some((kind, PERSON, reason.unwrap_or_default()))
            }
            StepSigner::Person {
                verified: true,
                sign_count,
                key_id,
                ..
            } => self.passkey_counter(&key_id, sign_count),
            _ => None,
        }
    }

    /// What is wrong with an agent's own signature, if anything.
    fn agent(&self, signer: StepSigner) -> Option<(AuditKind, &'static str, String)> {
        const AGENT: &str = "the signature of the agent who took the step, over this step";
        match signer {
            StepSigner::Agent {
                verified: false,
                reason,
                ..
            } => reason.map(|r| (AuditKind::BadActorSignature, AGENT, r)),
            StepSigner::Agent {
                trusted: Some(false),
                reason,
                ..
            } => reason.map(|r| (AuditKind::KeyNotInPolicy, AGENT, r)),
            _ => None,
        }
    }

    /// A passkey's counter, in chain order ([`actor::counter_holds`]): a counter not above the last
    /// one seen for that passkey is a warning (a cloned authenticator, or signatures written out of
    /// order); the last one stays the highest.
    fn passkey_counter(
        &mut self,
        key_id: &str,
        count: u32,
    ) -> Option<(AuditKind, &'static str, String)> {
        let last = self.passkey_counts.get(key_id).copied();
        if actor::counter_holds(last, count) {
            if count > 0 {
                self.passkey_counts.insert(key_id.to_string(), count);
            }
            return None;
        }
        Some((
            AuditKind::PasskeyCounterBack,
            "a signature counter above the passkey's last one",
            format!("passkey {key_id} signed with counter {count}, after a signature with counter {}: the authenticator may have been cloned; check who holds it, and revoke it if in doubt", last.unwrap_or_default()),
        ))
    }

    /// A `trust_policy` row: the change holds when the custodians of the policy in force signed it (the
    /// first, when its own did); then it is in force from here on. One that does not is named, and the
    /// policy before it stays in force.
    fn policy_change(
        &mut self,
        policy_json: Option<&str>,
        signatures: Option<&str>,
    ) -> Option<(AuditKind, &'static str, String)> {
        const EXPECTED: &str = "a policy change signed by k custodians of the policy in force";
        let next = match serde_json::from_str::<TrustPolicy>(policy_json.unwrap_or_default()) {
            Ok(p) => p,
            Err(e) => {
                return Some((
                    AuditKind::PolicyNotSignedByCustodians,
                    EXPECTED,
                    format!("policy_json is not a trust policy: {e}"),
                ))
            }
        };
        let signatures: Vec<PolicySignature> =
            match serde_json::from_str(signatures.unwrap_or("[]")) {
                Ok(s) => s,
                Err(e) => {
                    return Some((
                        AuditKind::PolicyNotSignedByCustodians,
                        EXPECTED,
                        format!("signatures is not a list of custodians' signatures: {e}"),
                    ))
                }
            };
        match policy::check_change(self.policy.as_ref(), &next, &signatures) {
            Ok(_) => {
                self.policy = Some(next);
                None
            }
            // The custodians signed it; only the second person's review is missing: in force, and
            // said (a store installed before reviews were asked for).
            Err(fault @ PolicyFault::FirstPolicyUnreviewed { .. }) => {
                self.policy = Some(next);
                Some((
                    AuditKind::FirstPolicyUnreviewed,
                    "the first policy signed by its custodian and reviewed by a second person",
                    format!("{fault}; it is in force, and the root of trust rests on whoever installed it"),
                ))
            }
            Err(fault) => Some((
                AuditKind::PolicyNotSignedByCustodians,
                EXPECTED,
                format!(
                    "trust policy version {} is not in force: {fault}",
                    next.version
                ),
            )),
        }
    }
}
