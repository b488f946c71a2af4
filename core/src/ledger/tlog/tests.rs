//! The formats held to vectors published by others (c2sp.org, Go's sumdb/note,
//! transparency-dev/witness, RFC 6962), and the attacks a witness and an auditor must name.

use base64ct::{Base64, Encoding};
use ed25519_dalek::SigningKey;

use super::merkle::{leaf_hash, prove_inclusion, tree_hash, Hash, Node, NodeSource, ProofError};
use super::note::*;
use super::policy::Policy;
use super::proof::*;
use super::witness::{AddRequest, Latest, Witness};
use crate::text::hash::hex;

fn seed(skey_b64: &str) -> SigningKey {
    let raw = Base64::decode_vec(skey_b64).unwrap();
    SigningKey::from_bytes(&raw[1..33].try_into().unwrap())
}

fn unhex(s: &str) -> Hash {
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

// Go's sumdb/note example key (note.go's doc): PeterNeumann.
const PN_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PN_SEED: &str = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const PN_TEXT: &str = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PN_LINE: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

// transparency-dev/witness's witness_test.go: the log "monkeys", its checkpoints at 5 and 8, the proof between.
const MONKEYS_VKEY: &str = "monkeys+db4d9f7e+AULaJMvTtDLHPUcUrjdDad9vDlh/PTfC2VV60JUtCfWT";
const MONKEYS_SEED: &str = "ATWIAF3yVBG+Hv1rZFQoNt/BaURkLPtOFMAM2HrEeIr6";
const MONKEYS_5: &str = "monkeys\n5\n41smjBUiAU70EtKlT6lIOIYtRTYxYXsDB+XHfcvu/BE=\n\n\u{2014} monkeys 202fftzGl3LVoqjXfwCFZZXs8I+5G22+Ek2K0AOyBuSJ/8/CZawNF+6fNlTKOCd622pbzJNkkJFWuw9DbicZCkEx9AY=\n";
const MONKEYS_8: &str = "monkeys\n8\nV8K9aklZ4EPB+RMOk1/8VsJUdFZR77GDtZUQq84vSbo=\n\n\u{2014} monkeys 202ffoUEboiQYpHzICeaFmoy3RNviHTpAxYrq/eO4QQVQMvu9UebKBMX2MJC76NLthZaKsnKbCA8GxrjePZhvDCH7Ag=\n";
const PROOF_5_8: [&str; 4] = [
    "b9e1d62618f7fee8034e4c5010f727ab24d8e4705cb296c374bf2025a87a10d2",
    "aac66cd7a79ce4012d80762fe8eec3a77f22d1ca4145c3f4cee022e7efcd599d",
    "89d0f753f66a290c483b39cd5e9eafb12021293395fad3d4a2ad053cfbcfdc9e",
    "29e40bb79c966f4c6fe96aff6f30acfce5f3e8d84c02215175d6e018a5dee833",
];
const WITNESS_SEED: &str = "AaLa/dfyBhyo/m0Z7WCi98ENVZWtrP8pxgRNrx7tIWiA";

#[test]
fn go_sumdb_note_vectors_sign_and_verify_byte_for_byte() {
    let key = seed(PN_SEED);
    let vkey = VerifierKey::new("PeterNeumann", TYPE_ED25519, key.verifying_key().to_bytes());
    assert_eq!(vkey.to_text(), PN_VKEY);
    assert_eq!(VerifierKey::parse(PN_VKEY).unwrap(), vkey);
    // Ed25519 is deterministic: signing the text again gives the published line.
    use ed25519_dalek::Signer;
    let sig = NoteSignature {
        name: "PeterNeumann".into(),
        key_hash: vkey.key_hash,
        bytes: key.sign(PN_TEXT.as_bytes()).to_bytes().to_vec(),
    };
    assert_eq!(sig.line(), PN_LINE);
    let note = Note::parse(&format!("{PN_TEXT}\n{PN_LINE}")).unwrap();
    assert_eq!(
        check_signature(&vkey, &note.text, &note.signatures[0]),
        Ok(None)
    );
    // Go's bad keys: a key of the wrong length, an unknown algorithm.
    assert!(VerifierKey::parse(
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="
    )
    .is_err());
    assert!(VerifierKey::parse(
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    )
    .is_err());
}

#[test]
fn the_signed_note_spec_example_verifies() {
    let vkey =
        VerifierKey::parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
            .unwrap();
    let note = Note::parse("This is an example message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n").unwrap();
    assert_eq!(note.text, "This is an example message.\n");
    assert_eq!(
        check_signature(&vkey, &note.text, &note.signatures[0]),
        Ok(None)
    );
    assert_eq!(
        check_signature(&vkey, "This is an example message!\n", &note.signatures[0]),
        Err(true)
    );
}

#[test]
fn a_real_sum_golang_org_checkpoint_opens() {
    let vkey =
        VerifierKey::parse("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8")
            .unwrap();
    let note = "go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n\n\u{2014} sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n";
    // Its key name is not its origin (Go's checksum database predates that rule), so open by hand.
    let n = Note::parse(note).unwrap();
    assert_eq!(check_signature(&vkey, &n.text, &n.signatures[0]), Ok(None));
    let cp = CheckpointText::parse(&n.text).unwrap();
    assert_eq!(
        (cp.origin.as_str(), cp.size),
        ("go.sum database tree", 6_476_701)
    );
    assert_eq!(cp.body(), n.text);
}

#[test]
fn rfc_6962_vectors() {
    // The eight leaves of the RFC 6962 test vectors (certificate-transparency-go merkle tests).
    let leaves: Vec<Vec<u8>> = vec![
        vec![],
        vec![0x00],
        vec![0x10],
        vec![0x20, 0x21],
        vec![0x30, 0x31],
        vec![0x40, 0x41, 0x42, 0x43],
        vec![0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        (0x60..=0x6f).collect(),
    ];
    assert_eq!(
        hex(&leaf_hash(&[])),
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    );
    let refs: Vec<&[u8]> = leaves.iter().map(Vec::as_slice).collect();
    let a = super::tiles::append(&Default::default(), 0, &refs).unwrap();
    assert_eq!(
        hex(&a.root),
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    );
    let tiles = super::tiles::Tiles(&a.tiles);
    assert_eq!(tree_hash(&tiles, 8).unwrap(), a.root);
    let p = prove_inclusion(&tiles, 0, 8).unwrap();
    assert!(hex(&p[0]).starts_with("96a296d2"), "{}", hex(&p[0]));
    assert!(hex(&p[1]).starts_with("5f083f0a"));
    assert!(hex(&p[2]).starts_with("6b47aaf2"));
}

/// The published tlog-proof built from the RFC 6962 tree, signed by monkeys and cosigned by the witness.
const PROOF_VECTOR: &str = "c2sp.org/tlog-proof@v1\nindex 5\nvBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=\nyoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=\n037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=\n\nmonkeys\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n\u{2014} monkeys 202ffiAUl0pkomNknhnbBD8N3KwQPHV5gKwBAONHsoHvbFgPCoKASBeKFMbw+CWgzW5RgCu6yIkcWNV4MBZXFTsWdQ4=\n\u{2014} witness JLN4UQAAAABlU/EAfXlzC0lQDshHATiznuQnYOPRq/Y/aBlWodcqyE3wy4EmAB1kORbGcV364zf22+L9tPRm99WoAmEyc4nMUmyyBA==\n";
const W_VKEY: &str = "witness+24b37851+BNYV1Ztajd9BvyjP2HgpwrqYL6TjOwIjGMOq8Bu42xbN";

fn policy(quorum: &str) -> Policy {
    Policy::parse(&format!(
        "log {MONKEYS_VKEY}\nwitness W1 {W_VKEY}\nquorum {quorum}\n"
    ))
    .unwrap()
}

#[test]
fn a_tlog_proof_round_trips_and_verifies_and_each_tampering_is_named() {
    let proof = ProofFile::parse(PROOF_VECTOR).unwrap();
    assert_eq!(proof.to_text(), PROOF_VECTOR);
    let entry = [0x40, 0x41, 0x42, 0x43];
    let trusted = verify_entry(&proof, &policy("W1"), &entry).unwrap();
    assert_eq!(trusted.cosigned_by, vec!["W1".to_string()]);
    // A flipped hash.
    let mut p = proof.clone();
    p.hashes[1][7] ^= 0x10;
    assert_eq!(
        verify_entry(&p, &policy("W1"), &entry).unwrap_err().code(),
        "root-mismatch"
    );
    // A wrong index.
    let mut p = proof.clone();
    p.index = 4;
    assert_eq!(
        verify_entry(&p, &policy("W1"), &entry).unwrap_err().code(),
        "root-mismatch"
    );
    // A checkpoint signed by a key the policy does not know.
    let other = SigningKey::from_bytes(&[7; 32]);
    let cp = CheckpointText::parse("monkeys\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")
        .unwrap();
    let mut p = proof.clone();
    p.checkpoint = sign_checkpoint_with(&other, &cp).to_text();
    let e = verify_entry(&p, &policy("W1"), &entry).unwrap_err();
    assert_eq!(e.code(), "unknown-log-key", "{e}");
    // A cosignature from a witness outside the policy: ignored, and named when the quorum is not met.
    let outsider = SigningKey::from_bytes(&[9; 32]);
    let mut note = sign_checkpoint_with(&seed(MONKEYS_SEED), &cp);
    note.signatures
        .push(cosign(&outsider, "witness", 1_700_000_000, &note.text));
    let mut p = proof.clone();
    p.checkpoint = note.to_text();
    let e = verify_entry(&p, &policy("W1"), &entry).unwrap_err();
    assert_eq!(e.code(), "quorum-not-met");
    assert!(
        e.to_string()
            .contains("ignored, not witnesses of the policy: witness"),
        "{e}"
    );
    assert!(verify_entry(&p, &policy("none"), &entry).is_ok());
    // A cosignature of the policy's witness over another checkpoint.
    let mut note = sign_checkpoint_with(&seed(MONKEYS_SEED), &cp);
    let mut forged = cosign(
        &seed(WITNESS_SEED),
        "witness",
        1_700_000_000,
        "monkeys\n8\nV8K9aklZ4EPB+RMOk1/8VsJUdFZR77GDtZUQq84vSbo=\n",
    );
    forged.bytes[0] = 0;
    note.signatures.push(forged);
    let mut p = proof.clone();
    p.checkpoint = note.to_text();
    assert_eq!(
        verify_entry(&p, &policy("W1"), &entry).unwrap_err().code(),
        "bad-cosignature"
    );
    // Malformed proofs name the line.
    for (bad, line) in [
        (PROOF_VECTOR.replace("tlog-proof@v1", "tlog-proof@v2"), 1),
        (PROOF_VECTOR.replace("index 5", "index 05"), 2),
        (
            PROOF_VECTOR.replace("vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=", "vBoGQ7Eu"),
            3,
        ),
    ] {
        match ProofFile::parse(&bad) {
            Err(ProofFault::Malformed { line: l, .. }) => assert_eq!(l, line),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn the_witness_cosigns_the_published_checkpoints_and_refuses_rollback_fork_and_conflict() {
    let log = VerifierKey::parse(MONKEYS_VKEY).unwrap();
    let w = seed(WITNESS_SEED);
    assert_eq!(
        VerifierKey::new("witness", TYPE_COSIGNATURE, w.verifying_key().to_bytes()).to_text(),
        W_VKEY
    );
    let wit = Witness {
        key: w,
        name: "witness".into(),
    };
    let req = |old: u64, proof: &[Hash], note: &str| AddRequest {
        old,
        proof: proof.to_vec(),
        note: note.to_string(),
    };
    let proof: Vec<Hash> = PROOF_5_8.iter().map(|h| unhex(h)).collect();
    // The request's text round-trips; a malformed one is refused.
    let r = req(5, &proof, MONKEYS_8);
    assert_eq!(AddRequest::parse(&r.to_text()).unwrap(), r);
    assert!(AddRequest::parse("old 05\n\nx").is_err());
    // First sight: old 0, no proof.
    let (cp5, sig) = wit
        .add_checkpoint(&log, None, &req(0, &[], MONKEYS_5), 1_679_315_147)
        .unwrap();
    assert_eq!(cp5.size, 5);
    let wkey = VerifierKey::parse(W_VKEY).unwrap();
    assert_eq!(
        check_signature(&wkey, &cp5.body(), &sig),
        Ok(Some(1_679_315_147))
    );
    let held = Latest {
        size: 5,
        root: cp5.root,
    };
    // The published consistency proof 5 → 8, and the derived cosignature line byte for byte.
    let (cp8, sig8) = wit
        .add_checkpoint(&log, Some(&held), &r, 1_679_315_147)
        .unwrap();
    assert_eq!(sig8.line(), "\u{2014} witness JLN4UQAAAABkGFDL30hyK1zJfcjUteDTTLwHjqqBssk83aRYgcomnd8bo/7OG1sGbEwpJoabhF3oO+9mYxBnYeQ2iSFGj5xaybB7Aw==\n");
    // The log says the witness is at another size: 409 with the size it holds.
    let e = wit
        .add_checkpoint(&log, Some(&held), &req(4, &proof, MONKEYS_8), 1)
        .unwrap_err();
    assert_eq!((e.code(), e.status()), ("witness-conflict", 409));
    // Rollback: the log signs the smaller tree again after the witness saw 8.
    let held8 = Latest {
        size: 8,
        root: cp8.root,
    };
    let e = wit
        .add_checkpoint(&log, Some(&held8), &req(8, &[], MONKEYS_5), 1)
        .unwrap_err();
    assert_eq!((e.code(), e.status()), ("rollback", 400));
    let e = wit
        .add_checkpoint(&log, Some(&held8), &req(5, &[], MONKEYS_5), 1)
        .unwrap_err();
    assert_eq!(e.status(), 409, "{e}");
    // A different tree of the same size, signed by the log's own key: 422.
    let other = CheckpointText {
        root: [1; 32],
        ..cp8.clone()
    };
    let forked = sign_checkpoint_with(&seed(MONKEYS_SEED), &other).to_text();
    let e = wit
        .add_checkpoint(&log, Some(&held8), &req(8, &[], &forked), 1)
        .unwrap_err();
    assert_eq!((e.code(), e.status()), ("inconsistent-tree", 422));
    // A flipped proof hash: 422.
    let mut bad = proof.clone();
    bad[2][0] ^= 1;
    let e = wit
        .add_checkpoint(&log, Some(&held), &req(5, &bad, MONKEYS_8), 1)
        .unwrap_err();
    assert_eq!(e.status(), 422);
    // Signed by another key: 403; another origin: 404.
    let stranger = sign_checkpoint_with(&SigningKey::from_bytes(&[3; 32]), &cp8).to_text();
    assert_eq!(
        wit.add_checkpoint(&log, Some(&held), &req(5, &proof, &stranger), 1)
            .unwrap_err()
            .status(),
        403
    );
    let elsewhere = sign_checkpoint_with(
        &seed(MONKEYS_SEED),
        &CheckpointText {
            origin: "apes".into(),
            ..cp8
        },
    )
    .to_text();
    assert_eq!(
        wit.add_checkpoint(&log, Some(&held), &req(5, &proof, &elsewhere), 1)
            .unwrap_err()
            .status(),
        404
    );
}

#[test]
fn split_view_and_rollback_are_named_against_the_witnessed_checkpoint() {
    let a = CheckpointText::parse("monkeys\n8\nV8K9aklZ4EPB+RMOk1/8VsJUdFZR77GDtZUQq84vSbo=\n")
        .unwrap();
    let five = CheckpointText::parse("monkeys\n5\n41smjBUiAU70EtKlT6lIOIYtRTYxYXsDB+XHfcvu/BE=\n")
        .unwrap();
    let b = CheckpointText {
        root: [2; 32],
        ..a.clone()
    };
    assert!(compare_checkpoints(&a, &a, &[]).is_ok());
    assert_eq!(
        compare_checkpoints(&b, &a, &[]).unwrap_err().code(),
        "split-view"
    );
    assert_eq!(
        compare_checkpoints(&five, &a, &[]).unwrap_err().code(),
        "rollback"
    );
    let proof: Vec<Hash> = PROOF_5_8.iter().map(|h| unhex(h)).collect();
    assert!(compare_checkpoints(&a, &five, &proof).is_ok());
    assert_eq!(
        compare_checkpoints(&b, &five, &proof).unwrap_err().code(),
        "fork"
    );
}

#[test]
fn malformed_notes_and_checkpoints_are_refused_not_panicked_on() {
    for bad in [
        "",
        "text\n",
        "text\n\n",
        "text\n\nno dash\n",
        "text\n\n\u{2014} name\n",
        "text\n\n\u{2014} name !!!\n",
        "text\n\n\u{2014} name AAAA\n",
        "te\rxt\n\n\u{2014} name AAAAAAAA\n",
        "text\n\n\u{2014} na+me AAAAAAAA\n",
    ] {
        assert!(Note::parse(bad).is_err(), "{bad:?}");
    }
    for bad in [
        "o\n",
        "o\n01\nAAAA\n",
        "o\n1\nAAAA\n",
        "\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
        "o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n",
    ] {
        assert!(CheckpointText::parse(bad).is_err(), "{bad:?}");
    }
    // A tile source that holds nothing: every proof names the missing tile.
    struct Nothing;
    impl NodeSource for Nothing {
        fn node(&self, node: Node) -> Result<Hash, ProofError> {
            Err(ProofError::MissingNode {
                level: node.level,
                index: node.index,
                reason: "none".into(),
            })
        }
    }
    assert_eq!(
        prove_inclusion(&Nothing, 3, 10).unwrap_err().code(),
        "missing-node"
    );
}
