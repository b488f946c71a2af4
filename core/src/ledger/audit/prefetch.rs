//! The passkey signatures of a page of rows, verified on every core before the page is read (natively;
//! the WASM build reads a page on its one thread).
//!
//! An ES256 check is 99 % of what the audit spends on a person's signature (p256: about 320 µs natively),
//! and the checks of a page do not depend on each other. Reading the page in chain order is what depends
//! on order (the policy in force, the counters, what a rollback is signed over), and stays as it is: each
//! check it makes finds its answer among those made here ([`actor::with_es256_held`]). What is found here
//! is only a head start: a signature it missed (a key it did not know yet) is verified in order, as
//! before, and one that did not hold is verified again there, to name it.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde_json::Value;

use crate::ledger::actor::Es256Check;
use crate::ledger::chain::LedgerRow;

use crate::ledger::policy::{self, Proof, PublicKey, TrustPolicy};

/// Passkeys seen so far (key id → SPKI, base64url), from every policy read, in force or not.
#[derive(Debug, Default)]
pub(super) struct KnownPasskeys(HashMap<String, String>);

impl KnownPasskeys {
    pub(super) fn learn(&mut self, policy: &TrustPolicy) {
        for key in &policy.keys {
            if let PublicKey::Passkey { spki, .. } = &key.public_key {
                self.0.insert(key.key_id.clone(), spki.clone());
            }
        }
    }

    /// The digests of the page's passkey checks that hold, found and verified on `threads` threads, each
    /// reading its share of the page's rows.
    pub(super) fn verify_page(&mut self, page: &[LedgerRow], threads: usize) -> HashSet<[u8; 32]> {
        // First the page's policies, whose keys later rows of the page may be signed with.
        for row in page.iter().filter(|r| r.collection == "trust_policy") {
            let policy = row.content.get("policy_json").and_then(Value::as_str);
            if let Some(p) = policy.and_then(|t| serde_json::from_str(t).ok()) {
                self.learn(&p);
            }
        }
        let threads = threads.clamp(1, page.len().max(1));
        let held = |rows: &[LedgerRow]| -> Vec<[u8; 32]> {
            let mut checks = Vec::new();
            for row in rows {
                self.collect_row(row, &mut checks);
            }
            checks
                .iter()
                .filter(|c| c.holds())
                .map(Es256Check::digest)
                .collect()
        };
        if threads == 1 {
            return held(page).into_iter().collect();
        }
        let size = page.len().div_ceil(threads);
        std::thread::scope(|scope| {
            // A share whose thread the system refuses (Builder::spawn_scoped answers an error where
            // scope.spawn would panic) is verified on this thread instead.
            let mut here = Vec::new();
            let workers: Vec<_> = page
                .chunks(size)
                .filter_map(|rows| {
                    let spawned =
                        std::thread::Builder::new().spawn_scoped(scope, move || held(rows));
                    spawned.map_err(|_| here.extend(held(rows))).ok()
                })
                .collect();
            // A worker only reads and verifies; one that panicked (none can: p256 answers every input)
            // leaves its checks to the ordered reading.
            workers
                .into_iter()
                .filter_map(|w| w.join().ok())
                .flatten()
                .chain(here)
                .collect()
        })
    }

    /// The passkey checks of one row: wherever it keeps a signature (a history row's detail, an
    /// `actor_signature` column, a policy's `signatures`), it is JSON text naming its proof's kind.
    fn collect_row(&self, row: &LedgerRow, checks: &mut Vec<Es256Check>) {
        let Some(columns) = row.content.as_object() else {
            return;
        };
        for text in columns.values().filter_map(Value::as_str) {
            if text.contains("\"passkey\"") {
                if let Ok(value) = serde_json::from_str::<Value>(text) {
                    self.collect(&value, checks);
                }
            }
        }
    }

    /// Every passkey signature in `value` whose key is known, with the key it names.
    fn collect(&self, value: &Value, checks: &mut Vec<Es256Check>) {
        policy::each_kept_signature(value, &mut |key, proof| {
            if let Some(spki) = self.0.get(key) {
                if let Ok(Proof::Passkey(a)) = Proof::deserialize(proof) {
                    checks.extend(Es256Check::of_assertion(spki, &a));
                }
            }
        });
    }
}
