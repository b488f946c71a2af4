use super::*;
use crate::text::timestamp::Timestamp;
use ed25519_dalek::pkcs8::EncodePublicKey as _;
use ed25519_dalek::Signer as _;
use p256::ecdsa::signature::Signer as _;
use p256::pkcs8::EncodePublicKey as _;
use serde_json::json;
use sha2::{Digest, Sha256};

const HEAD: &str = "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12";
const MANIFEST: &str = "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";
const ORIGIN: &str = "http://localhost:8055";

// A person's passkey (P-256 from fixed bytes: tests only; authenticators make real ones).
pub(crate) struct Passkey(p256::ecdsa::SigningKey);

impl Passkey {
    pub(crate) fn new(seed: u8) -> Passkey {
        Passkey(p256::ecdsa::SigningKey::from_slice(&[seed; 32]).expect("a scalar"))
    }
    pub(crate) fn public(&self) -> PublicKey {
        let der = self.0.verifying_key().to_public_key_der().expect("SPKI");
        PublicKey::Passkey {
            spki: Base64UrlUnpadded::encode_string(der.as_bytes()),
            credential_id: "cred".into(),
        }
    }
    // The assertion an authenticator makes for `statement`, user present and verified.
    pub(crate) fn sign(&self, statement: &Statement, key_id: &str) -> PolicySignature {
        self.sign_counted(statement, key_id, 1)
    }
    // …with its signature counter at `count`.
    pub(crate) fn sign_counted(
        &self,
        statement: &Statement,
        key_id: &str,
        count: u32,
    ) -> PolicySignature {
        let challenge = statement.challenge_base64url().expect("a good statement");
        let client =
            format!(r#"{{"type":"webauthn.get","challenge":"{challenge}","origin":"{ORIGIN}"}}"#);
        let mut data = Sha256::digest(b"localhost").to_vec();
        data.push(0x05);
        data.extend_from_slice(&count.to_be_bytes());
        let mut signed = data.clone();
        signed.extend_from_slice(&Sha256::digest(client.as_bytes()));
        let sig: p256::ecdsa::Signature = self.0.sign(&signed);
        PolicySignature {
            statement: statement.clone(),
            key_id: key_id.into(),
            proof: Proof::Passkey(PasskeyAssertion {
                authenticator_data: Base64UrlUnpadded::encode_string(&data),
                client_data_json: Base64UrlUnpadded::encode_string(client.as_bytes()),
                signature: Base64UrlUnpadded::encode_string(sig.to_der().as_bytes()),
            }),
        }
    }
}

// A custodian's offline Ed25519 key.
pub(crate) struct Offline(ed25519_dalek::SigningKey);

impl Offline {
    pub(crate) fn public(&self) -> PublicKey {
        PublicKey::Ed25519 {
            pem: self
                .0
                .verifying_key()
                .to_public_key_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
                .expect("PEM"),
        }
    }
    pub(crate) fn sign(&self, statement: &Statement, key_id: &str) -> PolicySignature {
        let bytes = statement.signed_bytes().expect("good");
        PolicySignature {
            statement: statement.clone(),
            key_id: key_id.into(),
            proof: Proof::Ed25519 {
                signature: Base64UrlUnpadded::encode_string(
                    &self.0.sign(bytes.as_bytes()).to_bytes(),
                ),
            },
        }
    }
}

pub(crate) fn key(holder: &str, public: PublicKey, acts: &[Act]) -> PolicyKey {
    PolicyKey {
        key_id: public.key_id().expect("a key"),
        holder: holder.into(),
        label: holder.to_uppercase(),
        acts: acts.to_vec(),
        public_key: public,
    }
}

/// The second person who reviews a first policy (version 1), and their key in it: they may approve.
pub(crate) fn first_reviewer() -> (Passkey, PolicyKey) {
    let passkey = Passkey::new(250);
    let k = key("first-reviewer", passkey.public(), &[Act::Approve]);
    (passkey, k)
}

/// What puts version 1 `p` in force: its custodian's signature (`admin`, key `admin_key`) and the
/// review of [`first_reviewer`], whose key `p` names.
pub(crate) fn install_signatures(
    p: &TrustPolicy,
    admin: &Passkey,
    admin_key: &PolicyKey,
) -> Vec<PolicySignature> {
    let (reviewer, reviewer_key) = first_reviewer();
    vec![
        admin.sign(&policy_statement(p), &admin_key.key_id),
        reviewer.sign(&policy_statement(p), &reviewer_key.key_id),
    ]
}

pub(crate) fn genesis(keys: Vec<PolicyKey>, threshold: u32) -> TrustPolicy {
    TrustPolicy {
        version: 1,
        previous_sha256: None,
        threshold,
        relying_party: RelyingParty {
            id: "localhost".into(),
            origins: vec![ORIGIN.into()],
        },
        signed_acts: vec![Act::Approve, Act::Reject],
        keys,
        revoked: vec![],
    }
}

fn next_of(current: &TrustPolicy, change: impl FnOnce(&mut TrustPolicy)) -> TrustPolicy {
    let mut next = current.clone();
    next.version += 1;
    next.previous_sha256 = Some(current.sha256());
    change(&mut next);
    next
}

pub(crate) fn policy_statement(p: &TrustPolicy) -> Statement {
    Statement {
        entry: policy_entry(p.version),
        act: Act::Policy,
        subject_sha256: p.sha256(),
        ledger_head: HEAD.into(),
        at: Timestamp(1_795_000_000_000),
    }
}

fn approval() -> Statement {
    Statement {
        entry: "entry-a".into(),
        act: Act::Approve,
        subject_sha256: MANIFEST.into(),
        ledger_head: HEAD.into(),
        at: Timestamp(1_795_000_000_000),
    }
}

#[test]
fn the_keys_offered_to_sign_a_proposal_are_those_whose_signature_would_count() {
    let (admin, reviewer, editor) = (Passkey::new(1), Passkey::new(4), Passkey::new(5));
    let admin_key = key("admin", admin.public(), &[Act::Policy, Act::Submit]);
    let reviewer_key = key("reviewer", reviewer.public(), &[Act::Approve]);
    let editor_key = key("editor", editor.public(), &[Act::Submit]);
    let v1 = genesis(vec![admin_key.clone(), reviewer_key.clone(), editor_key], 1);
    let ids = |keys: Vec<&PolicyKey>| {
        keys.iter()
            .map(|k| k.key_id.clone())
            .collect::<Vec<String>>()
    };
    let t = tally(None, &v1, &[]).expect("a tally");
    // Version 1: its custodian signs with their custodian key, a reviewer with a key that may approve,
    // and a key that may only submit signs nothing.
    assert_eq!(
        ids(signing_keys(None, &v1, &t, "admin")),
        [admin_key.key_id.as_str()]
    );
    assert_eq!(
        ids(signing_keys(None, &v1, &t, "reviewer")),
        [reviewer_key.key_id.as_str()]
    );
    assert!(signing_keys(None, &v1, &t, "editor").is_empty());
    assert!(signing_keys(None, &v1, &t, "stranger").is_empty());
    // Once a person's signature counted, nothing more is offered to them.
    let signed = [reviewer.sign(&policy_statement(&v1), &reviewer_key.key_id)];
    let t = tally(None, &v1, &signed).expect("a tally");
    assert!(signing_keys(None, &v1, &t, "reviewer").is_empty());
    assert_eq!(
        ids(signing_keys(None, &v1, &t, "admin")),
        [admin_key.key_id.as_str()]
    );
    // A later version is signed by the custodians of the policy in force only: no review is asked.
    let v2 = next_of(&v1, |p| p.threshold = 1);
    let t = tally(Some(&v1), &v2, &[]).expect("a tally");
    assert_eq!(
        ids(signing_keys(Some(&v1), &v2, &t, "admin")),
        [admin_key.key_id.as_str()]
    );
    assert!(signing_keys(Some(&v1), &v2, &t, "reviewer").is_empty());
}

#[test]
fn the_first_policy_is_signed_by_its_own_custodian_and_a_change_needs_k_of_the_custodians() {
    let admin = Passkey::new(1);
    let (c2, c3) = (
        Offline(ed25519_dalek::SigningKey::from_bytes(&[2; 32])),
        Passkey::new(3),
    );
    let admin_key = key("admin", admin.public(), &[Act::Policy, Act::Submit]);
    // Version 1 also names the reviewer who reviews it, and an editor who may only submit.
    let (first_reviewer, editor) = (Passkey::new(4), Passkey::new(5));
    let reviewer_key = key(
        "reviewer",
        first_reviewer.public(),
        &[Act::Approve, Act::Reject],
    );
    let editor_key = key("editor", editor.public(), &[Act::Submit]);
    let v1 = genesis(
        vec![admin_key.clone(), reviewer_key.clone(), editor_key.clone()],
        1,
    );
    assert_eq!(
        check_change(None, &v1, &[]).map(|_| ()),
        Err(PolicyFault::NotSignedByCustodians {
            have: 0,
            need: 1,
            refused: vec![]
        })
    );
    let by_admin = admin.sign(&policy_statement(&v1), &admin_key.key_id);
    // Its custodian alone: the first policy is not one person's.
    let alone = check_change(None, &v1, std::slice::from_ref(&by_admin));
    assert_eq!(
        alone.as_ref().map_err(|f| f.code()).map(|_| ()),
        Err("first-policy-unreviewed")
    );
    assert!(alone.unwrap_err().to_string().contains("ADMIN"));
    let t = tally(None, &v1, std::slice::from_ref(&by_admin)).expect("a tally");
    assert!(t.review_needed && t.reviewed_by.is_empty() && !t.holds());
    // An editor's key may not approve: no review. Nor is the custodian's own second key one.
    let admin_again = Passkey::new(6);
    let admin_approver = key("admin", admin_again.public(), &[Act::Approve]);
    let v1b = genesis(
        vec![
            admin_key.clone(),
            admin_approver.clone(),
            editor_key.clone(),
        ],
        1,
    );
    let t = tally(
        None,
        &v1b,
        &[
            admin.sign(&policy_statement(&v1b), &admin_key.key_id),
            editor.sign(&policy_statement(&v1b), &editor_key.key_id),
            admin_again.sign(&policy_statement(&v1b), &admin_approver.key_id),
        ],
    )
    .expect("a tally");
    assert!(!t.holds() && t.reviewed_by.is_empty(), "{t:?}");
    assert!(t.refused[0].contains("not 'policy'"), "{:?}", t.refused);
    assert!(
        t.refused[1].contains("a second person's"),
        "{:?}",
        t.refused
    );
    // Reviewed by the reviewer (their signature first or last): in force.
    let by_reviewer = first_reviewer.sign(&policy_statement(&v1), &reviewer_key.key_id);
    let t = check_change(None, &v1, &[by_reviewer, by_admin])
        .expect("signed by its custodian, reviewed by a second person");
    assert_eq!(t.signed_by.len(), 1);
    assert_eq!(t.reviewed_by.len(), 1);
    assert_eq!(t.reviewed_by[0].holder, "reviewer");
    assert_eq!(t.custodians, vec!["admin".to_string()]);

    // Version 2: three custodians, two of whom must sign what comes next. Version 1's custodian signs it.
    let (k2, k3) = (
        key("c2", c2.public(), &[Act::Policy]),
        key("c3", c3.public(), &[Act::Policy]),
    );
    let v2 = next_of(&v1, |p| {
        p.keys.extend([k2.clone(), k3.clone()]);
        p.threshold = 2;
    });
    // Signed by the new custodians only: they are not custodians until v2 holds.
    let by_new = [
        c2.sign(&policy_statement(&v2), &k2.key_id),
        c3.sign(&policy_statement(&v2), &k3.key_id),
    ];
    let Err(PolicyFault::NotSignedByCustodians {
        have: 0,
        need: 1,
        refused,
    }) = check_change(Some(&v1), &v2, &by_new)
    else {
        panic!("the new custodians cannot sign themselves in");
    };
    assert!(
        refused.iter().all(|r| r.contains("no such key")),
        "{refused:?}"
    );
    check_change(
        Some(&v1),
        &v2,
        &[admin.sign(&policy_statement(&v2), &admin_key.key_id)],
    )
    .expect("v1's custodian");

    // Version 3 makes a second account a reviewer: k − 1 = 1 custodian is refused, k = 2 pass.
    let reviewer = Passkey::new(9);
    let v3 = next_of(&v2, |p| {
        p.keys
            .push(key("second-account", reviewer.public(), &[Act::Approve]))
    });
    let one = [admin.sign(&policy_statement(&v3), &admin_key.key_id)];
    assert!(matches!(
        check_change(Some(&v2), &v3, &one),
        Err(PolicyFault::NotSignedByCustodians {
            have: 1,
            need: 2,
            ..
        })
    ));
    // The same custodian signing twice (another key of theirs, or the same signature again) counts once.
    let twice = [one[0].clone(), one[0].clone()];
    assert!(matches!(
        check_change(Some(&v2), &v3, &twice),
        Err(PolicyFault::NotSignedByCustodians {
            have: 1,
            need: 2,
            ..
        })
    ));
    let two = [one[0].clone(), c2.sign(&policy_statement(&v3), &k2.key_id)];
    let t = check_change(Some(&v2), &v3, &two).expect("k custodians");
    assert_eq!(
        t.signed_by
            .iter()
            .map(|s| s.kind.as_str())
            .collect::<Vec<_>>(),
        ["passkey", "ed25519"]
    );
}

#[test]
fn a_custodians_signature_counts_for_the_version_it_signed_only() {
    let admin = Passkey::new(1);
    let k = key("admin", admin.public(), &[Act::Policy]);
    let v1 = genesis(vec![k.clone()], 1);
    let v2 = next_of(&v1, |p| p.keys[0].label = "Admin, new laptop".into());
    let v2_other = next_of(&v1, |p| p.signed_acts.clear());
    // Signed for another proposal of the same version: another sha256.
    let replayed = admin.sign(&policy_statement(&v2_other), &k.key_id);
    let Err(PolicyFault::NotSignedByCustodians { refused, .. }) =
        check_change(Some(&v1), &v2, &[replayed])
    else {
        panic!("replayed");
    };
    assert!(refused[0].contains("not over this policy"), "{refused:?}");
    // A version that skips one, or does not name the policy in force.
    let skip = next_of(&v2, |_| ());
    assert_eq!(
        check_change(Some(&v1), &skip, &[])
            .map(|_| ())
            .map_err(|e| e.code()),
        Err("malformed-policy")
    );
    let mut unlinked = v2.clone();
    unlinked.previous_sha256 = Some(MANIFEST.into());
    assert_eq!(
        check_change(Some(&v1), &unlinked, &[]).map_err(|e| e.field()),
        Err(Some("previous_sha256".into()))
    );
}

#[test]
fn a_persons_step_holds_only_with_their_own_key_for_that_act() {
    let (reviewer, other) = (Passkey::new(4), Passkey::new(5));
    let rk = key("reviewer", reviewer.public(), &[Act::Approve, Act::Reject]);
    let ok = key("editor", other.public(), &[Act::Submit]);
    let mut p = genesis(
        vec![
            key("admin", Passkey::new(1).public(), &[Act::Policy]),
            rk.clone(),
            ok.clone(),
        ],
        1,
    );
    let signed = reviewer.sign(&approval(), &rk.key_id);
    assert_eq!(
        p.check_signature(&signed, "reviewer").map(|s| s.label),
        Ok("REVIEWER".into())
    );
    // In another person's name.
    assert_eq!(
        p.check_signature(&signed, "admin").map_err(|e| e.code()),
        Err("key-not-in-policy")
    );
    // A key that may not approve.
    let e = p
        .check_signature(&other.sign(&approval(), &ok.key_id), "editor")
        .expect_err("submit only");
    assert!(e.to_string().contains("not 'approve'"), "{e}");
    // Signed for another entry, presented for this one: the challenge is not this statement's.
    let mut moved = signed.clone();
    moved.statement.entry = "entry-b".into();
    assert_eq!(
        p.check_signature(&moved, "reviewer").map_err(|e| e.code()),
        Err("challenge-mismatch")
    );
    // A key nobody enrolled.
    let stranger = Passkey::new(6);
    let sk = stranger.public().key_id().expect("id");
    assert_eq!(
        p.check_signature(&stranger.sign(&approval(), &sk), "reviewer")
            .map_err(|e| e.code()),
        Err("key-not-in-policy")
    );
    // Revoked: named as such.
    p.keys.retain(|k| k.key_id != rk.key_id);
    p.revoked.push(RevokedKey {
        key_id: rk.key_id.clone(),
        holder: "reviewer".into(),
        reason: "lost".into(),
    });
    assert_eq!(
        p.check_signature(&signed, "reviewer").map_err(|e| e.code()),
        Err("signed-by-revoked-key")
    );
}

#[test]
fn a_policy_that_breaks_its_own_rules_is_refused_by_field() {
    let k = key("admin", Passkey::new(1).public(), &[Act::Policy]);
    let field = |p: &TrustPolicy| p.check().map_err(|e| e.field());
    let good = genesis(vec![k.clone()], 1);
    assert_eq!(field(&good), Ok(()));
    let mut p = good.clone();
    p.relying_party.id = "127.0.0.1".into();
    assert_eq!(field(&p), Err(Some("relying_party.id".into())));
    let mut p = good.clone();
    p.signed_acts.push(Act::Policy);
    assert_eq!(field(&p), Err(Some("signed_acts".into())));
    let mut p = good.clone();
    p.threshold = 2;
    assert_eq!(field(&p), Err(Some("threshold".into())));
    let mut p = good.clone();
    p.keys[0].key_id = "0000000000000000".into();
    assert_eq!(field(&p), Err(Some("keys[0].key_id".into())));
    let mut p = good.clone();
    p.keys.push(k.clone());
    assert_eq!(field(&p), Err(Some("keys[1]".into())));
    let mut p = good;
    p.revoked.push(RevokedKey {
        key_id: k.key_id.clone(),
        holder: "admin".into(),
        reason: "x".into(),
    });
    assert_eq!(field(&p), Err(Some("keys[0]".into())));
}

#[test]
fn the_sha256_is_of_the_versioned_canonical_json() {
    let p = genesis(
        vec![key("admin", Passkey::new(1).public(), &[Act::Policy])],
        1,
    );
    let text = p.canonical();
    assert!(text.starts_with("{\"keys\":["), "{text}");
    assert!(
        text.ends_with(",\"v\":\"iu-cutter-policy-v1\",\"version\":1}"),
        "{text}"
    );
    let back: TrustPolicy = serde_json::from_str(&text).expect("reads back, ignoring v");
    assert_eq!(back.sha256(), p.sha256());
}

#[test]
fn a_submit_is_the_editors_to_sign_and_a_rollbacks_or_the_migration_runners_is_not_a_submit() {
    let editor = Passkey::new(7);
    let ek = key("editor", editor.public(), &[Act::Submit]);
    let mut p = genesis(
        vec![
            key("admin", Passkey::new(1).public(), &[Act::Policy]),
            ek.clone(),
        ],
        1,
    );
    p.signed_acts.push(Act::Submit);
    assert_eq!(p.check(), Ok(()));
    let submit = Statement {
        act: Act::Submit,
        ..approval()
    };
    let kept = |s: &PolicySignature| {
        json!({ "manifest_sha256": MANIFEST, "person_signature": s }).to_string()
    };
    let signed = editor.sign(&submit, &ek.key_id);
    let read = |event: &str, actor: &str, detail: &str| {
        let row = HistoryRow {
            entry: "entry-a",
            event,
            actor,
            detail,
            written_at: Some(Timestamp(1_795_000_060_000)),
        };
        person_signature(Some(&p), &row, Some(MANIFEST), |_| None)
    };
    assert!(matches!(
        read("submitted", "editor", &kept(&signed)),
        Some(StepSigner::Person { verified: true, .. })
    ));
    // Unsigned: named.
    assert!(matches!(
        read("submitted", "editor", r#"{"manifest_sha256":"x"}"#),
        Some(StepSigner::Unsigned { .. })
    ));
    // The editor's signature of another entry's submit, kept with this one.
    let other = editor.sign(
        &Statement {
            entry: "entry-b".into(),
            ..submit.clone()
        },
        &ek.key_id,
    );
    assert!(matches!(
        read("submitted", "editor", &kept(&other)),
        Some(StepSigner::Person {
            verified: false,
            ..
        })
    ));
    // A rollback opens its entry with `submitted` too, but it is the act `rollback`, which this policy
    // does not ask a signature of; the migration runner's is no person's step.
    assert_eq!(
        read("submitted", "admin", r#"{"rollback_of":"entry-0"}"#),
        None
    );
    assert_eq!(
        read(
            "submitted",
            "iu-cutter-migration",
            r#"{"migration":"iu0011"}"#
        ),
        None
    );
}

#[test]
fn a_cut_verify_sweep_or_rollback_by_hand_is_the_persons_to_sign_and_an_agents_is_its_own() {
    let operator = Passkey::new(8);
    let acts = [Act::Cut, Act::Verify, Act::Sweep, Act::Rollback];
    let ok = key("operator", operator.public(), &acts);
    let mut p = genesis(
        vec![
            key("admin", Passkey::new(1).public(), &[Act::Policy]),
            ok.clone(),
        ],
        1,
    );
    p.signed_acts.extend(acts);
    assert_eq!(p.check(), Ok(()));
    let read = |entry: &str, event: &str, detail: &str| {
        let row = HistoryRow {
            entry,
            event,
            actor: "operator",
            detail,
            written_at: None,
        };
        // The entry rolled back: entry-a, with MANIFEST (entry-b's is another).
        let manifests = |id: &str| match id {
            "entry-a" => Some(MANIFEST),
            "entry-b" => Some(HEAD),
            _ => None,
        };
        person_signature(Some(&p), &row, Some(MANIFEST), manifests)
    };
    let signed = |entry: &str, act: Act| {
        let st = Statement {
            entry: entry.into(),
            act,
            ..approval()
        };
        json!({ "person_signature": operator.sign(&st, &ok.key_id) }).to_string()
    };
    let holds =
        |s: Option<StepSigner>| matches!(s, Some(StepSigner::Person { verified: true, .. }));
    assert!(holds(read("entry-a", "cut", &signed("entry-a", Act::Cut))));
    assert!(holds(read(
        "entry-a",
        "verify_failed",
        &signed("entry-a", Act::Verify)
    )));
    assert!(holds(read(
        "entry-a",
        "swept",
        &signed("entry-a", Act::Sweep)
    )));
    // Unsigned by hand: named.
    assert!(matches!(
        read("entry-a", "cut", r#"{"change_set":"cs"}"#),
        Some(StepSigner::Unsigned { .. })
    ));
    // An agent's CUT is judged by its own key (ledger::actor), not here.
    assert_eq!(
        read(
            "entry-a",
            "cut",
            r#"{"change_set":"cs","actor_signature":{}}"#
        ),
        None
    );
    // A rollback is signed on the entry it rolls back: kept with the new entry's `submitted`.
    let mut rollback: serde_json::Value =
        serde_json::from_str(&signed("entry-a", Act::Rollback)).unwrap();
    rollback["rollback_of"] = json!("entry-a");
    assert!(holds(read("entry-r", "submitted", &rollback.to_string())));
    rollback["rollback_of"] = json!("entry-b");
    assert!(matches!(
        read("entry-r", "submitted", &rollback.to_string()),
        Some(StepSigner::Person {
            verified: false,
            ..
        })
    ));
    // Signed on entry-b, over entry-a's manifest, kept with a rollback of entry-b: the manifest is not entry-b's.
    let mut moved: serde_json::Value =
        serde_json::from_str(&signed("entry-b", Act::Rollback)).unwrap();
    moved["rollback_of"] = json!("entry-b");
    let refused = read("entry-r", "submitted", &moved.to_string());
    assert!(
        matches!(&refused, Some(StepSigner::Person { verified: false, reason: Some(r), .. }) if r.contains("statement.subject_sha256")),
        "{refused:?}"
    );
}

#[test]
fn a_signature_is_good_for_ten_minutes_from_its_statement() {
    let editor = Passkey::new(7);
    let ek = key("editor", editor.public(), &[Act::Approve]);
    let p = genesis(
        vec![
            key("admin", Passkey::new(1).public(), &[Act::Policy]),
            ek.clone(),
        ],
        1,
    );
    let signed = editor.sign(&approval(), &ek.key_id);
    let at = approval().at.0;
    let written = |ms: i64| {
        p.check_step(
            &signed,
            "editor",
            StepOf {
                entry: "entry-a",
                act: Act::Approve,
                subject: Some(MANIFEST),
                written_at: Some(Timestamp(at + ms)),
            },
        )
        .map(|_| ())
        .map_err(|e| (e.code(), e.field()))
    };
    assert_eq!(written(0), Ok(()));
    assert_eq!(written(10 * 60_000), Ok(()));
    // Held back and used later; or dated ahead of the writer's clock.
    let stale = Err(("stale-statement", Some("statement.at".to_string())));
    assert_eq!(written(10 * 60_000 + 1), stale);
    assert_eq!(written(-60_001), stale);
    assert_eq!(written(-60_000), Ok(()));
}

#[test]
fn the_agents_keys_a_policy_trusts_are_its_ed25519_keys_for_that_act_held_by_that_agent() {
    let runner = Offline(ed25519_dalek::SigningKey::from_bytes(&[9; 32]));
    let editor = key("editor", Passkey::new(7).public(), &[Act::Submit]);
    let mut p = genesis(
        vec![
            key("admin", Passkey::new(1).public(), &[Act::Policy]),
            editor,
        ],
        1,
    );
    // People's passkeys sign submits too: they say nothing of the migration runner's key.
    assert_eq!(p.agent_trust("submitted", "runner"), None);
    let rk = key("runner", runner.public(), &[Act::Submit]);
    p.keys.push(rk.clone());
    assert_eq!(
        p.agent_trust("submitted", "runner"),
        Some(vec![rk.key_id.clone()])
    );
    assert_eq!(p.agent_trust("submitted", "someone-else"), Some(vec![]));
    // No key for CUTs: the reader's own list judges them.
    assert_eq!(p.agent_trust("cut", "dot-991"), None);
    assert_eq!(p.agent_trust("approved", "runner"), None);
}

#[test]
fn a_go_ahead_an_incident_and_a_repair_are_signed_by_the_person_over_what_each_is_about() {
    let reviewer = Passkey::new(9);
    let acts = [Act::GoAhead, Act::Incident, Act::Repair];
    let rk = key("reviewer", reviewer.public(), &acts);
    let mut p = genesis(
        vec![
            key("admin", Passkey::new(1).public(), &[Act::Policy]),
            rk.clone(),
        ],
        1,
    );
    p.signed_acts.extend(acts);
    assert_eq!(p.check(), Ok(()));
    let statement = |entry: &str, act: Act, subject: &str| Statement {
        entry: entry.into(),
        act,
        subject_sha256: subject.into(),
        ..approval()
    };
    let text = |s: &PolicySignature| serde_json::to_string(s).expect("JSON");

    // The go-ahead, kept in its review_decision row: over the entry's manifest.
    let go = text(&reviewer.sign(&statement("entry-a", Act::GoAhead, MANIFEST), &rk.key_id));
    let go_ahead = |signature: Option<&str>, actor: &str| {
        decision_signature(
            Some(&p),
            &DecisionRow {
                entry: "entry-a",
                act: Act::GoAhead,
                actor,
                signature,
                subject: MANIFEST,
                written_at: Some(Timestamp(1_795_000_060_000)),
            },
        )
    };
    assert!(matches!(
        go_ahead(Some(&go), "reviewer"),
        Some(StepSigner::Person { verified: true, .. })
    ));
    assert!(matches!(
        go_ahead(None, "reviewer"),
        Some(StepSigner::Unsigned { .. })
    ));
    // Another person's row holding the reviewer's signature; a signature of the approval offered as it.
    let in_another_name = go_ahead(Some(&go), "admin");
    assert!(
        matches!(&in_another_name, Some(StepSigner::Person { verified: false, code: Some(c), .. }) if c == "key-not-in-policy"),
        "{in_another_name:?}"
    );
    let approval = text(&reviewer.sign(&statement("entry-a", Act::Approve, MANIFEST), &rk.key_id));
    assert!(matches!(
        go_ahead(Some(&approval), "reviewer"),
        Some(StepSigner::Person {
            verified: false,
            ..
        })
    ));
    assert!(matches!(
        go_ahead(Some("{not json"), "reviewer"),
        Some(StepSigner::Person { verified: false, code: Some(c), .. }) if c == "malformed-actor-signature"
    ));

    // The incident: over the document and the note it reports; another note is another subject.
    let subject = incident_subject(Some("doc-1"), "the store drifted");
    assert_ne!(
        subject,
        incident_subject(Some("doc-1"), "the store drifted!")
    );
    assert_ne!(subject, incident_subject(None, "the store drifted"));
    let reported = text(&reviewer.sign(
        &statement("incident-1", Act::Incident, &subject),
        &rk.key_id,
    ));
    let incident = |note: &str| {
        let subject = incident_subject(Some("doc-1"), note);
        decision_signature(
            Some(&p),
            &DecisionRow {
                entry: "incident-1",
                act: Act::Incident,
                actor: "reviewer",
                signature: Some(&reported),
                subject: &subject,
                written_at: None,
            },
        )
    };
    assert!(matches!(
        incident("the store drifted"),
        Some(StepSigner::Person { verified: true, .. })
    ));
    assert!(matches!(
        incident("nothing happened"),
        Some(StepSigner::Person {
            verified: false,
            ..
        })
    ));

    // The repair: its `submitted` row, over the incident it repairs, by that row's hash.
    let incident_hash = "1e".repeat(32);
    let signed = reviewer.sign(
        &statement("entry-r", Act::Repair, &incident_hash),
        &rk.key_id,
    );
    let detail = json!({ "manifest_sha256": MANIFEST, "repair_of": "incident-1", "person_signature": signed }).to_string();
    let row = HistoryRow {
        entry: "entry-r",
        event: "submitted",
        actor: "reviewer",
        detail: &detail,
        written_at: None,
    };
    let hashes = |id: &str| (id == "incident-1").then_some(incident_hash.as_str());
    assert!(matches!(
        person_signature(Some(&p), &row, Some(MANIFEST), hashes),
        Some(StepSigner::Person { verified: true, .. })
    ));
    // Signed over another incident's row; a reader that has not seen the incident's row (an audit from an
    // anchor after it) checks the rest, as it does a manifest it has not seen.
    let other = |id: &str| (id == "incident-1").then_some(MANIFEST);
    assert!(matches!(
        person_signature(Some(&p), &row, Some(MANIFEST), other),
        Some(StepSigner::Person {
            verified: false,
            ..
        })
    ));
    assert!(matches!(
        person_signature(Some(&p), &row, Some(MANIFEST), |_| None),
        Some(StepSigner::Person { verified: true, .. })
    ));
}

#[test]
fn a_server_refuses_a_passkey_counter_not_above_the_last_one_the_ledger_keeps() {
    let (reviewer, other) = (Passkey::new(4), Passkey::new(5));
    let rk = reviewer.public().key_id().expect("id");
    let ok = other.public().key_id().expect("id");
    let kept = |signed: &PolicySignature| serde_json::to_string(signed).expect("json");
    // What the ledger's columns keep, as stored: the reviewer's signatures with counters 3 (an
    // `actor_signature` column) and 7 (a history row's detail), a policy version's `signatures` with
    // another key's (40) beside the reviewer's 5, and texts that are not a passkey signature at all.
    let ledger = [
        kept(&reviewer.sign_counted(&approval(), &rk, 3)),
        serde_json::json!({ "note": "approved", "person_signature": reviewer.sign_counted(&approval(), &rk, 7) })
            .to_string(),
        serde_json::to_string(&[other.sign_counted(&approval(), &ok, 40), reviewer.sign_counted(&approval(), &rk, 5)])
            .expect("json"),
        "not json".to_string(),
        format!(r#"{{"statement":{{}},"key_id":"{rk}"}}"#),
        format!(r#"{{"key_id":"{rk}","proof":{{"kind":"passkey"}}}}"#),
    ];
    let last = last_sign_count(&rk, ledger.iter().map(String::as_str));
    assert_eq!(
        last,
        Some(7),
        "the highest of that key's, not another key's"
    );
    assert_eq!(
        last_sign_count("unknown", ledger.iter().map(String::as_str)),
        None
    );
    let signer = |count: u32, kind: &str| Signer {
        key_id: rk.clone(),
        holder: "reviewer".into(),
        label: "R".into(),
        kind: kind.into(),
        sign_count: count,
    };
    assert_eq!(check_counter(&signer(8, "passkey"), last), Ok(()));
    let back = check_counter(&signer(7, "passkey"), last).expect_err("the same counter again");
    assert_eq!(
        (back.code(), back.field()),
        ("passkey-counter-back", Some("authenticatorData".into()))
    );
    assert!(back.to_string().contains("counter 7"), "{back}");
    assert!(
        check_counter(&signer(2, "passkey"), last).is_err(),
        "a lower one"
    );
    // A passkey that keeps no counter, a key's first signature, and an Ed25519 key: nothing to compare.
    assert_eq!(check_counter(&signer(0, "passkey"), last), Ok(()));
    assert_eq!(check_counter(&signer(1, "passkey"), None), Ok(()));
    assert_eq!(check_counter(&signer(0, "ed25519"), Some(5)), Ok(()));
}
