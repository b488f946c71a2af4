//! The core's transparency log (`iu_cutter_core::ledger::tlog`) held byte for byte to an
//! implementation we did not write: Cloudflare's `tlog_tiles` (a port of Go's
//! golang.org/x/mod/sumdb/tlog and of Sunlight) and `signed_note` (of sumdb/note).
//!
//! One difference is expected and pinned here, not papered over: `tlog_tiles` 0.2.0 names tiles
//! as Go's sumdb does, with the tile height in the path (`tile/8/0/000`, data tiles
//! `tile/8/data/000`), while c2sp.org/tlog-tiles, which the core follows, drops the height
//! (`tile/0/000`) and calls the entry bundles `tile/entries/000`. Everything after the height
//! must agree; `c2sp_path` is that mapping and the only one.

use std::cell::RefCell;
use std::collections::BTreeMap;

use ed25519_dalek::pkcs8::DecodePrivateKey;
use ed25519_dalek::SigningKey;
use iu_cutter_core::ledger::tlog::merkle::{self, Hash as OurHash};
use iu_cutter_core::ledger::tlog::note::{self, CheckpointText, TYPE_COSIGNATURE, TYPE_ED25519};
use iu_cutter_core::ledger::tlog::tiles::{self, TileMap, Tiles};
use iu_cutter_core::text::hash::sha256_hex_bytes;
use signed_note::{Note, NoteError, StandardSigner, StandardVerifier, Verifier, VerifierList};
use tlog_tiles::{
    check_record, check_tree, prove_record, prove_tree, record_hash, stored_hashes, Checkpoint,
    Hash, HashReader, Tile, TileHashReader, TileReader,
};

/// The log's key (made with `openssl genpkey -algorithm ed25519`; a test key, nothing else).
const LOG_PEM: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEINTrrwKs4JN8Ix5WYh4WRNrhjt2wi+IsqO111a8i/m2y
-----END PRIVATE KEY-----
";
/// Another key: a checkpoint it signs must not pass for the log's.
const OTHER_PEM: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIErB1CqUrtUdwDHrFtEY1CK5jmXaD4HaPNKD6gACZ1yA
-----END PRIVATE KEY-----
";
/// A witness's key (cosignatures).
const WITNESS_PEM: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIGa7W2v14Pzfy/HHzLENd/ps8YNaZBGWzzX0/V6oKIMJ
-----END PRIVATE KEY-----
";

const ORIGIN: &str = "example.org/iu-cutter/ledger";
const WITNESS: &str = "witness.example.org/w1";

fn key(pem: &str) -> SigningKey {
    SigningKey::from_pkcs8_pem(pem).expect("a test key")
}

fn theirs(h: &OurHash) -> Hash {
    Hash(*h)
}

fn theirs_all(hs: &[OurHash]) -> Vec<Hash> {
    hs.iter().map(theirs).collect()
}

fn ours_all(hs: &[Hash]) -> Vec<OurHash> {
    hs.iter().map(|h| h.0).collect()
}

/// `tlog_tiles`' (Go sumdb) tile path as c2sp.org/tlog-tiles writes it: the height element
/// `8/` dropped and `data` called `entries`. Panics on any other height.
fn c2sp_path(go: &str) -> String {
    let rest = go
        .strip_prefix("tile/8/")
        .unwrap_or_else(|| panic!("'{go}' is not a height-8 tile path"));
    match rest.strip_prefix("data/") {
        Some(index) => format!("tile/entries/{index}"),
        None => format!("tile/{rest}"),
    }
}

/// Entry `i` of the test log: SHA-256 of `i` (8 bytes, big-endian), 32 bytes like a row hash.
fn entry(i: u64) -> [u8; 32] {
    let hex = sha256_hex_bytes(&i.to_be_bytes());
    let mut out = [0u8; 32];
    for (k, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).expect("hex");
    }
    out
}

// ---------------------------------------------------------------------------------------------
// 1. Hashing

// Proves our RFC 6962 leaf and node hashes are theirs (domain bytes 0x00 / 0x01, order of children).
#[test]
fn leaf_and_node_hashes_are_tlog_tiles_ones() {
    let inputs: [&[u8]; 6] = [b"", b"\x00", b"a", b"leaf 0", &[0xff; 31], &[7; 1000]];
    for data in inputs {
        assert_eq!(merkle::leaf_hash(data), record_hash(data).0, "{data:?}");
    }
    for (i, l) in inputs.iter().enumerate() {
        for r in &inputs[i..] {
            let (a, b) = (merkle::leaf_hash(l), merkle::leaf_hash(r));
            assert_eq!(
                merkle::node_hash(&a, &b),
                tlog_tiles::node_hash(Hash(a), Hash(b)).0
            );
            assert_eq!(
                merkle::node_hash(&b, &a),
                tlog_tiles::node_hash(Hash(b), Hash(a)).0
            );
        }
    }
    assert_eq!(merkle::empty_tree_hash(), tlog_tiles::EMPTY_HASH.0);
}

// ---------------------------------------------------------------------------------------------
// 2. Tiles and proofs

/// `tlog_tiles`' view of our tiles: each tile it asks for is found by its path, read by our
/// parser, and served as our hashes (the first W of them).
struct OurTileReader<'a> {
    store: &'a TileMap,
    /// The c2sp paths read, to show the reader was used.
    read: RefCell<Vec<String>>,
}

impl TileReader for OurTileReader<'_> {
    fn height(&self) -> u8 {
        tiles::TILE_HEIGHT
    }

    fn read_tiles(&self, wanted: &[Tile]) -> Result<Vec<Vec<u8>>, tlog_tiles::Error> {
        wanted
            .iter()
            .map(|t| {
                let path = c2sp_path(&t.path());
                let r = tiles::parse_tile_path(&path)
                    .unwrap_or_else(|e| panic!("our parser refuses {path}: {e}"));
                assert_eq!(
                    (r.level, r.index, r.width),
                    (Some(t.level()), t.level_index(), u64::from(t.width())),
                    "{path} read as another tile than {t:?}"
                );
                self.read.borrow_mut().push(path);
                let level = r.level.unwrap_or_default();
                let hashes = self
                    .store
                    .get(&(level, r.index))
                    .ok_or(tlog_tiles::Error::InvalidTile)?;
                let width = usize::try_from(r.width).map_err(|_| tlog_tiles::Error::BadMath)?;
                let run = hashes.get(..width).ok_or(tlog_tiles::Error::InvalidTile)?;
                Ok(run.concat())
            })
            .collect()
    }

    fn save_tiles(&self, _tiles: &[Tile], _data: &[Vec<u8>]) {}
}

/// `tlog_tiles`' own storage (Go's `StoredHashes` layout, every node in one array): a second
/// tree built without our tiles at all.
struct Stored(Vec<Hash>);

impl HashReader for Stored {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::Error> {
        indexes
            .iter()
            .map(|&i| {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| self.0.get(i).copied())
                    .ok_or(tlog_tiles::Error::IndexesNotInTree)
            })
            .collect()
    }
}

const LEAVES: u64 = 70_000;
const SIZES: [u64; 22] = [
    1, 2, 3, 7, 255, 256, 257, 511, 513, 1000, 4097, 12_345, 65_535, 65_536, 65_537, 65_793,
    66_000, 66_049, 69_631, 69_999, LEAVES, 40_003,
];

struct Log {
    entries: Vec<[u8; 32]>,
    store: TileMap,
    /// The root `tiles::append` reported at each size in `SIZES`.
    appended: BTreeMap<u64, OurHash>,
    stored: Stored,
}

fn build_log() -> Log {
    let entries: Vec<[u8; 32]> = (0..LEAVES).map(entry).collect();
    let mut targets = SIZES.to_vec();
    targets.sort_unstable();
    let mut store = TileMap::new();
    let mut appended = BTreeMap::new();
    let (mut size, mut step) = (0u64, 1u64);
    while size < LEAVES {
        // Batches of varying length, cut at each size in SIZES so append reports its root.
        let next = targets
            .iter()
            .copied()
            .find(|&t| t > size)
            .unwrap_or(LEAVES);
        let end = (size + step).min(next);
        let batch: Vec<&[u8]> = entries[size as usize..end as usize]
            .iter()
            .map(|e| e.as_slice())
            .collect();
        let a = tiles::append(&store, size, &batch).expect("append");
        assert_eq!(a.size, end);
        store.extend(a.tiles);
        size = a.size;
        if targets.contains(&size) {
            appended.insert(size, a.root);
        }
        step = step * 7 % 1000 + 1;
    }
    let mut stored = Stored(Vec::new());
    for (i, e) in entries.iter().enumerate() {
        let new = stored_hashes(i as u64, e, &stored).expect("stored_hashes");
        stored.0.extend(new);
    }
    Log {
        entries,
        store,
        appended,
        stored,
    }
}

/// The leaf indexes whose inclusion is proved in a tree of `n`.
fn indexes(n: u64) -> Vec<u64> {
    let mut v: Vec<u64> = [
        0,
        1,
        2,
        254,
        255,
        256,
        511,
        65_535,
        65_536,
        n / 2,
        n / 3,
        n.saturating_sub(2),
        n - 1,
    ]
    .into_iter()
    .chain((0..5).map(|k| (k * 7919 + 13) % n))
    .filter(|&i| i < n)
    .collect();
    v.sort_unstable();
    v.dedup();
    v
}

// Proves that a log appended with our tiles::append (in batches of any size) has, at every size,
// the root tlog_tiles computes from its own storage and from our tiles (read by their paths), and
// that our inclusion and consistency proofs are theirs byte for byte and pass their checks;
// changed proofs fail theirs and ours.
#[test]
fn tiles_roots_and_proofs_are_tlog_tiles_ones() {
    let log = build_log();
    let leaf = |i: u64| merkle::leaf_hash(&log.entries[i as usize]);
    let src = Tiles(&log.store);
    let reader = OurTileReader {
        store: &log.store,
        read: RefCell::new(Vec::new()),
    };
    let mut roots = BTreeMap::new();
    for n in SIZES {
        let root = merkle::tree_hash(&src, n).expect("our root");
        assert_eq!(Some(&root), log.appended.get(&n), "append's root at {n}");
        // Their root from their own storage (no tiles involved).
        let reference = tlog_tiles::tree_hash(n, &log.stored).expect("their root");
        assert_eq!(root, reference.0, "root at {n}");
        // Their root from our tiles: TileHashReader also checks each tile against `root`.
        let thr = TileHashReader::new(n, theirs(&root), &reader);
        assert_eq!(
            tlog_tiles::tree_hash(n, &thr)
                .expect("root via our tiles")
                .0,
            root
        );
        roots.insert(n, root);
    }

    for n in SIZES {
        let root = roots[&n];
        let thr = TileHashReader::new(n, theirs(&root), &reader);
        for i in indexes(n) {
            let ours = merkle::prove_inclusion(&src, i, n).expect("our proof");
            let via_tiles = prove_record(n, i, &thr).expect("their proof via our tiles");
            let via_store = prove_record(n, i, &log.stored).expect("their proof");
            assert_eq!(ours, ours_all(&via_tiles), "inclusion of {i} in {n}");
            assert_eq!(ours, ours_all(&via_store), "inclusion of {i} in {n}");
            check_record(&theirs_all(&ours), n, theirs(&root), i, theirs(&leaf(i)))
                .unwrap_or_else(|e| panic!("their check of our proof of {i} in {n}: {e}"));
            merkle::verify_inclusion(&leaf(i), i, n, &ours_all(&via_store), &root)
                .unwrap_or_else(|e| panic!("our check of their proof of {i} in {n}: {e}"));
            for j in 0..ours.len() {
                let mut bad = ours.clone();
                bad[j][j % 32] ^= 0x01;
                assert!(
                    check_record(&theirs_all(&bad), n, theirs(&root), i, theirs(&leaf(i))).is_err()
                );
                assert!(merkle::verify_inclusion(&leaf(i), i, n, &bad, &root).is_err());
            }
            if n > 1 {
                let other = (i + 1) % n;
                assert!(check_record(
                    &theirs_all(&ours),
                    n,
                    theirs(&root),
                    other,
                    theirs(&leaf(i))
                )
                .is_err());
                assert!(merkle::verify_inclusion(&leaf(i), other, n, &ours, &root).is_err());
                let short = &ours[..ours.len() - 1];
                assert!(
                    check_record(&theirs_all(short), n, theirs(&root), i, theirs(&leaf(i)))
                        .is_err()
                );
                assert!(merkle::verify_inclusion(&leaf(i), i, n, short, &root).is_err());
            }
        }
    }

    for new in SIZES {
        let new_root = roots[&new];
        let thr = TileHashReader::new(new, theirs(&new_root), &reader);
        for old in SIZES.into_iter().filter(|&m| m <= new) {
            let old_root = roots[&old];
            let ours = merkle::prove_consistency(&src, old, new).expect("our proof");
            let via_tiles = prove_tree(new, old, &thr).expect("their proof via our tiles");
            let via_store = prove_tree(new, old, &log.stored).expect("their proof");
            assert_eq!(ours, ours_all(&via_tiles), "consistency {old} → {new}");
            assert_eq!(ours, ours_all(&via_store), "consistency {old} → {new}");
            check_tree(
                &theirs_all(&ours),
                new,
                theirs(&new_root),
                old,
                theirs(&old_root),
            )
            .unwrap_or_else(|e| panic!("their check of our proof {old} → {new}: {e}"));
            merkle::verify_consistency(old, new, &ours_all(&via_store), &old_root, &new_root)
                .unwrap_or_else(|e| panic!("our check of their proof {old} → {new}: {e}"));
            for j in 0..ours.len() {
                let mut bad = ours.clone();
                bad[j][31 - j % 32] ^= 0x80;
                assert!(check_tree(
                    &theirs_all(&bad),
                    new,
                    theirs(&new_root),
                    old,
                    theirs(&old_root)
                )
                .is_err());
                assert!(merkle::verify_consistency(old, new, &bad, &old_root, &new_root).is_err());
            }
            let mut wrong_old = old_root;
            wrong_old[0] ^= 0x01;
            assert!(check_tree(
                &theirs_all(&ours),
                new,
                theirs(&new_root),
                old,
                theirs(&wrong_old)
            )
            .is_err());
            assert!(merkle::verify_consistency(old, new, &ours, &wrong_old, &new_root).is_err());
        }
    }
    assert!(!reader.read.borrow().is_empty());
}

// ---------------------------------------------------------------------------------------------
// 3. Paths

// Proves our tile and entry-bundle paths are tlog_tiles' paths but for the expected rename (the
// height element dropped, `data` → `entries`), and that each side reads the other's back.
#[test]
fn tile_paths_are_tlog_tiles_ones_without_the_height() {
    // The difference, spelled out once.
    assert_eq!(
        tiles::tile_path(0, 1_234_067, 17),
        "tile/0/x001/x234/067.p/17"
    );
    assert_eq!(
        Tile::new(8, 0, 1_234_067, 17, false).path(),
        "tile/8/0/x001/x234/067.p/17"
    );
    assert_eq!(
        tiles::entries_path(1_234_067, 256),
        "tile/entries/x001/x234/067"
    );
    assert_eq!(
        Tile::new(8, 0, 1_234_067, 256, true).path(),
        "tile/8/data/x001/x234/067"
    );

    let indexes = [
        0u64,
        1,
        9,
        10,
        99,
        100,
        999,
        1000,
        1001,
        99_999,
        123_456,
        999_999,
        1_000_000,
        1_234_067,
        u64::from(u32::MAX),
        1 << 55,
        u64::MAX,
    ];
    for level in 0..=5u8 {
        for index in indexes {
            for width in [1u32, 2, 17, 100, 255, 256] {
                let t = Tile::new(8, level, index, width, false);
                let ours = tiles::tile_path(level, index, u64::from(width));
                assert_eq!(ours, c2sp_path(&t.path()));
                let r = tiles::parse_tile_path(&c2sp_path(&t.path())).expect("ours reads theirs");
                assert_eq!(
                    (r.level, r.index, r.width),
                    (Some(level), index, u64::from(width))
                );
                let back = format!("tile/8/{}", &ours["tile/".len()..]);
                if back.len() <= 52 {
                    // Their parser refuses paths over 52 bytes (Go's limit for H ≤ 30).
                    assert_eq!(Tile::from_path(&back).expect("theirs reads ours"), t);
                }
                if level == 0 {
                    let d = Tile::new(8, 0, index, width, true);
                    let ours = tiles::entries_path(index, u64::from(width));
                    assert_eq!(ours, c2sp_path(&d.path()));
                    let r = tiles::parse_tile_path(&ours).expect("ours reads its entries path");
                    assert_eq!((r.level, r.index, r.width), (None, index, u64::from(width)));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Checkpoints and 5. key ids

fn checkpoint(size: u64, extension: &str) -> CheckpointText {
    CheckpointText {
        origin: ORIGIN.into(),
        size,
        root: merkle::leaf_hash(&size.to_be_bytes()),
        extension: extension.into(),
    }
}

fn log_verifier() -> StandardVerifier {
    let vkey = note::log_key(LOG_PEM, ORIGIN).expect("log key").to_text();
    StandardVerifier::new(&vkey).expect("signed_note reads our verifier key")
}

// Proves our signed checkpoint is a note signed_note parses and verifies with our verifier key,
// byte-equal to the one signed_note signs itself, whose text tlog_tiles reads as the same
// checkpoint and writes byte for byte as ours; another key or a changed size fails their verify.
#[test]
fn checkpoints_are_signed_notes_signed_note_verifies() {
    let list = VerifierList::new(vec![Box::new(log_verifier())]);
    for (size, ext) in [
        (0, ""),
        (1, ""),
        (70_000, ""),
        (u64::MAX, ""),
        (42, "ext one\nsecond ext\n"),
    ] {
        let cp = checkpoint(size, ext);
        let signed = note::sign_checkpoint(LOG_PEM, &cp).expect("sign");
        let text = signed.to_text();
        let theirs_note = Note::from_bytes(text.as_bytes()).expect("signed_note parses ours");
        let (verified, unverified) = theirs_note
            .verify(&list)
            .expect("signed_note verifies ours");
        assert_eq!((verified.len(), unverified.len()), (1, 0));
        assert_eq!(verified[0].name(), ORIGIN);
        assert_eq!(theirs_note.text(), cp.body().as_bytes());
        assert_eq!(theirs_note.to_bytes(), text.as_bytes());

        let parsed = Checkpoint::from_bytes(theirs_note.text()).expect("tlog_tiles reads ours");
        assert_eq!(parsed.origin(), ORIGIN);
        assert_eq!(parsed.size(), size);
        assert_eq!(parsed.hash().0, cp.root);
        assert_eq!(parsed.extension(), ext);
        let made = Checkpoint::new(ORIGIN, size, Hash(cp.root), ext).expect("checkpoint");
        assert_eq!(made.to_bytes(), cp.body().as_bytes());

        // signed_note signing the same text with the same key writes the same note (Ed25519 is
        // deterministic): key id, base64, the em dash line, all.
        let mut seed = vec![0x01];
        seed.extend_from_slice(&key(LOG_PEM).to_bytes());
        let log_key = note::log_key(LOG_PEM, ORIGIN).expect("log key");
        let skey = format!(
            "PRIVATE+KEY+{ORIGIN}+{}+{}",
            &log_key.to_text()[ORIGIN.len() + 1..ORIGIN.len() + 9],
            base64(&seed)
        );
        let signer = StandardSigner::new(&skey).expect("signer");
        let mut by_them = Note::new(cp.body().as_bytes(), &[]).expect("note");
        by_them.add_sigs(&[&signer]).expect("sign");
        assert_eq!(String::from_utf8(by_them.to_bytes()).expect("utf-8"), text);
    }

    // Signed by another key under the log's name: not a signature of a key they know.
    let forged = note::sign_checkpoint(OTHER_PEM, &checkpoint(5, "")).expect("sign");
    let n = Note::from_bytes(forged.to_text().as_bytes()).expect("parses");
    assert!(matches!(n.verify(&list), Err(NoteError::UnverifiedNote)));
    // The size changed after signing: the log's signature no longer holds.
    let signed = note::sign_checkpoint(LOG_PEM, &checkpoint(5, ""))
        .expect("sign")
        .to_text();
    let changed = signed.replacen("\n5\n", "\n6\n", 1);
    assert_ne!(changed, signed);
    let n = Note::from_bytes(changed.as_bytes()).expect("parses");
    assert!(matches!(
        n.verify(&list),
        Err(NoteError::InvalidSignature { .. })
    ));
}

/// Standard base64 with padding (the test's only need for it: a signed_note signer key).
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= c.len() {
                out.push(char::from(A[((v >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

// Proves our key hash (signed-note key ID) is signed_note's key_id for Ed25519 (0x01) and
// cosignature (0x04) keys, and our verifier key text is the one signed_note writes.
#[test]
fn key_ids_are_signed_note_ones() {
    for pem in [LOG_PEM, OTHER_PEM, WITNESS_PEM] {
        let public = key(pem).verifying_key().to_bytes();
        for name in [ORIGIN, WITNESS, "a", "sum.golang.org", "名前/ü"] {
            for ty in [TYPE_ED25519, TYPE_COSIGNATURE] {
                let mut encoded = vec![ty];
                encoded.extend_from_slice(&public);
                assert_eq!(
                    signed_note::key_id(name, &encoded),
                    u32::from_be_bytes(note::key_hash(name, ty, &public)),
                    "{name} type {ty:#04x}"
                );
            }
            assert_eq!(
                note::log_key(pem, name).expect("key").to_text(),
                signed_note::new_ed25519_verifier_key(name, &key(pem).verifying_key())
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 6. Cosignatures

/// A c2sp.org/tlog-cosignature (cosignature/v1) verifier for signed_note, which 0.2 lacks.
/// It is ours, written from the spec's text, not Cloudflare's: weaker evidence than the other
/// tests, since the same reading of the spec may be behind both it and `note::cosign`.
/// Key type 0x04; signed message `cosignature/v1\ntime <t>\n` + the note's text; signature
/// bytes the 8-byte big-endian time and the 64-byte Ed25519 signature.
struct CosignatureVerifier {
    name: String,
    id: u32,
    key: ed25519_dalek::VerifyingKey,
}

impl CosignatureVerifier {
    fn new(name: &str, key: ed25519_dalek::VerifyingKey) -> Self {
        let mut encoded = vec![0x04];
        encoded.extend_from_slice(key.as_bytes());
        Self {
            name: name.into(),
            id: signed_note::key_id(name, &encoded),
            key,
        }
    }
}

impl Verifier for CosignatureVerifier {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.id
    }

    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let (Ok(time), Ok(s)) = (
            <[u8; 8]>::try_from(sig.get(..8).unwrap_or_default()),
            <[u8; 64]>::try_from(sig.get(8..).unwrap_or_default()),
        ) else {
            return false;
        };
        let mut signed =
            format!("cosignature/v1\ntime {}\n", u64::from_be_bytes(time)).into_bytes();
        signed.extend_from_slice(msg);
        self.key
            .verify_strict(&signed, &ed25519_dalek::Signature::from_bytes(&s))
            .is_ok()
    }
}

// Proves a checkpoint with our cosignature line added is a note signed_note parses, and that the
// log's signature (signed_note's verifier) and the witness's (our spec-written verifier) both hold.
#[test]
fn cosigned_checkpoints_verify_with_both_keys() {
    let cp = checkpoint(70_000, "");
    let mut signed = note::sign_checkpoint(LOG_PEM, &cp).expect("sign");
    let witness = key(WITNESS_PEM);
    let time = 1_767_225_600;
    signed
        .signatures
        .push(note::cosign(&witness, WITNESS, time, &cp.body()));
    let text = signed.to_text();

    let wkey = note::witness_key(WITNESS_PEM, WITNESS).expect("witness key");
    let cosigner = CosignatureVerifier::new(WITNESS, witness.verifying_key());
    assert_eq!(cosigner.key_id(), u32::from_be_bytes(wkey.key_hash));
    // signed_note reads a cosignature key's text but does not know its type.
    assert!(matches!(
        StandardVerifier::new(&wkey.to_text()),
        Err(signed_note::VerifierError::Alg)
    ));

    let list = VerifierList::new(vec![Box::new(log_verifier()), Box::new(cosigner)]);
    let n = Note::from_bytes(text.as_bytes()).expect("signed_note parses the cosigned note");
    let (verified, unverified) = n.verify(&list).expect("both signatures verify");
    assert_eq!(verified.len(), 2);
    assert!(unverified.is_empty());
    assert_eq!(verified[1].name(), WITNESS);
    assert_eq!(verified[1].signature()[..8], time.to_be_bytes());
    assert_eq!(n.to_bytes(), text.as_bytes());

    // A cosignature whose time was changed does not verify.
    let mut bad = signed.clone();
    bad.signatures[1].bytes[7] ^= 0x01;
    let n = Note::from_bytes(bad.to_text().as_bytes()).expect("parses");
    assert!(matches!(
        n.verify(&list),
        Err(NoteError::InvalidSignature { .. })
    ));
    // Nor one made over another checkpoint.
    let mut other = signed.clone();
    other.signatures[1] = note::cosign(&witness, WITNESS, time, &checkpoint(69_999, "").body());
    let n = Note::from_bytes(other.to_text().as_bytes()).expect("parses");
    assert!(matches!(
        n.verify(&list),
        Err(NoteError::InvalidSignature { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// 7. Entry bundles

/// An entry bundle read per c2sp.org/tlog-tiles by hand (tlog_tiles 0.2 has no reader: its data
/// tiles are Go sumdb's): each entry a big-endian uint16 length and that many bytes.
fn read_bundle_by_hand(bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let (len, tail) = rest.split_at_checked(2)?;
        let len = usize::from(len[0]) << 8 | usize::from(len[1]);
        let (e, tail) = tail.split_at_checked(len)?;
        out.push(e.to_vec());
        rest = tail;
    }
    Some(out)
}

// Proves our entry bundles are the spec's length-prefixed bytes, and that a full bundle's entries
// hash (record_hash) to the level-0 tile of the same index.
#[test]
fn entry_bundles_are_length_prefixed_entries() {
    let odd: Vec<Vec<u8>> = vec![
        vec![],
        vec![0x2a],
        vec![0xab; 255],
        vec![0xcd; 256],
        vec![7; 65_535],
    ];
    let refs: Vec<&[u8]> = odd.iter().map(Vec::as_slice).collect();
    let bundle = tiles::entry_bundle(&refs).expect("bundle");
    assert_eq!(&bundle[..5], &[0x00, 0x00, 0x00, 0x01, 0x2a]);
    assert_eq!(&bundle[5..7], &[0x00, 0xff]);
    assert_eq!(&bundle[262..264], &[0x01, 0x00]);
    assert_eq!(read_bundle_by_hand(&bundle), Some(odd.clone()));
    assert!(tiles::entry_bundle(&[&[0u8; 65_536]]).is_err());

    let entries: Vec<[u8; 32]> = (0..300).map(entry).collect();
    let refs: Vec<&[u8]> = entries.iter().map(|e| e.as_slice()).collect();
    let a = tiles::append(&TileMap::new(), 0, &refs).expect("append");
    for (index, range) in [(0u64, 0..256usize), (1, 256..300)] {
        let bundle = tiles::entry_bundle(&refs[range.clone()]).expect("bundle");
        assert_eq!(bundle.len(), range.len() * 34);
        let read = read_bundle_by_hand(&bundle).expect("well formed");
        let hashes: Vec<OurHash> = read.iter().map(|e| record_hash(e).0).collect();
        assert_eq!(Some(&hashes), a.tiles.get(&(0, index)));
        // Its path is that of the level-0 tile with `entries` for the level.
        let d = Tile::new(8, 0, index, range.len() as u32, true);
        assert_eq!(
            tiles::entries_path(index, range.len() as u64),
            c2sp_path(&d.path())
        );
    }
}
