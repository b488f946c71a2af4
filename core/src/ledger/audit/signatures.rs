//! What the audit checks of the signatures a row keeps: a person's under the trust policy in force, an
//! agent's with its own key, and the custodians' of a policy change (ledger::actor, ledger::policy).

use super::{AuditKind, LedgerAudit};
use crate::ledger::actor::{self, StepSigner};
use crate::ledger::chain::LedgerRow;
use crate::ledger::policy::{self, PolicySignature, TrustPolicy};
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
                const PERSON: &str = "the signature of the person who took the step, by their key in the trust policy in force";
                let row = policy::HistoryRow {
                    entry,
                    event,
                    actor: text("actor").unwrap_or_default(),
                    detail,
                    written_at: text("recorded_at").and_then(|t| Timestamp::parse_rfc3339(t).ok()),
                };
                if let Some(signer) = policy::person_signature(
                    self.policy.as_ref(),
                    &row,
                    self.manifests.get(entry).map(String::as_str),
                ) {
                    return match signer {
                        StepSigner::Unsigned { reason } => {
                            Some((AuditKind::UnsignedStep, PERSON, reason))
                        }
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
                    };
                }
                const AGENT: &str = "the signature of the agent who took the step, over this step";
                // The agents' keys the policy in force names for this step, else those the auditor was given.
                let by_policy = self
                    .policy
                    .as_ref()
                    .and_then(|p| p.agent_trust(event, text("actor").unwrap_or_default()));
                let trusted = by_policy.as_deref().or(self.agent_keys.as_deref());
                match actor::history_signature(
                    entry,
                    event,
                    detail,
                    |id| self.signed_rows.get(id).map(String::as_str),
                    trusted,
                ) {
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
            _ => None,
        }
    }

    /// A passkey's counter, in chain order: a counter not above the last one seen for that passkey is
    /// a warning (a cloned authenticator, or signatures written out of order). Counters of 0 are
    /// passkeys that keep none (synced passkeys): nothing to compare.
    fn passkey_counter(
        &mut self,
        key_id: &str,
        count: u32,
    ) -> Option<(AuditKind, &'static str, String)> {
        if count == 0 {
            return None;
        }
        let last = self.passkey_counts.insert(key_id.to_string(), count);
        match last {
            Some(last) if count <= last => {
                self.passkey_counts.insert(key_id.to_string(), last);
                Some((
                    AuditKind::PasskeyCounterBack,
                    "a signature counter above the passkey's last one",
                    format!("passkey {key_id} signed with counter {count}, after a signature with counter {last}: the authenticator may have been cloned; check who holds it, and revoke it if in doubt"),
                ))
            }
            _ => None,
        }
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
