//! The ledger as a transparency log (core `ledger::tlog`): appends to its tiles, signed-note
//! checkpoints, tlog-proof bundles, a witness's decision, cosignatures, tlog-policy. Tiles cross
//! as `{ level, index, hashes }` with `hashes` the tile's 32-byte hashes in lowercase hex, one
//! after the other (as the store keeps them); proofs and notes as their C2SP text.

use iu_cutter_core::ledger::checkpoint::KeyInfo;
use iu_cutter_core::ledger::tlog::merkle::{
    consistency_ranges, inclusion_ranges, prove_consistency, prove_inclusion, range_nodes, Hash,
};
use iu_cutter_core::ledger::tlog::note::{
    self, check_signature, CheckpointText, Note, VerifierKey,
};
use iu_cutter_core::ledger::tlog::policy::Policy;
use iu_cutter_core::ledger::tlog::proof::{
    self, compare_checkpoints, row_entry, ProofCheck, ProofFile, ProvedRow, UnitProof,
    UnitProofCheck,
};
use iu_cutter_core::ledger::tlog::tiles::{self, partial_tiles, TileMap, Tiles};
use iu_cutter_core::ledger::tlog::witness::{AddRequest, Latest, Witness};
use iu_cutter_core::text::hash::hex;
use iu_cutter_core::text::report::ErrorReport;
use serde::{Deserialize, Serialize};

use crate::adapter::{exports, JsonOr};

/// One tile as the store keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TileRow {
    pub level: u8,
    pub index: u64,
    /// The tile's hashes, 64 hex characters each.
    pub hashes: String,
}

/// A tile to read: where, and how many hashes of it (`width`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TileNeed {
    pub level: u8,
    pub index: u64,
    pub width: u64,
}

fn unhex32(field: &str, text: &str) -> Result<Hash, ErrorReport> {
    row_entry(text).ok_or_else(|| {
        ErrorReport::invalid_input(
            field,
            format!("'{text}' is not 64 lowercase hex characters"),
            "send a sha256 in lowercase hex",
        )
    })
}

fn tile_map(rows: Vec<TileRow>) -> Result<TileMap, ErrorReport> {
    let mut map = TileMap::new();
    for r in rows {
        if r.hashes.len() % 64 != 0 {
            return Err(ErrorReport::invalid_input(
                "tiles",
                format!(
                    "tile {}/{} holds {} hex characters, not a multiple of 64",
                    r.level,
                    r.index,
                    r.hashes.len()
                ),
                "send each tile's hashes as the store keeps them",
            ));
        }
        let hashes = (0..r.hashes.len() / 64)
            .map(|i| unhex32("tiles", &r.hashes[i * 64..i * 64 + 64]))
            .collect::<Result<Vec<_>, _>>()?;
        map.insert((r.level, r.index), hashes);
    }
    Ok(map)
}

fn tile_rows(map: TileMap) -> Vec<TileRow> {
    map.into_iter()
        .map(|((level, index), hashes)| TileRow {
            level,
            index,
            hashes: hashes.iter().map(|h| hex(h)).collect(),
        })
        .collect()
}

fn needs(nodes: Vec<iu_cutter_core::ledger::tlog::merkle::Node>, size: u64) -> Vec<TileNeed> {
    tiles::tiles_for(&nodes, size)
        .into_iter()
        .map(|(level, index, width)| TileNeed {
            level,
            index,
            width,
        })
        .collect()
}

fn proof_error(field: &str, e: impl std::fmt::Display) -> ErrorReport {
    ErrorReport::invalid_input(
        field,
        e,
        "read the tiles tlogTilesFor names for this size, from the store's iu_tlog_tile",
    )
}

fn vkey(field: &str, text: &str) -> Result<VerifierKey, ErrorReport> {
    VerifierKey::parse(text).map_err(|e| {
        ErrorReport::invalid_input(field, e, "send a verifier key: <name>+<8 hex>+<base64 key>")
    })
}

fn policy_of(text: &str) -> Result<Policy, ErrorReport> {
    Policy::parse(text).map_err(|e| ErrorReport::invalid_input("policy", e, "send a c2sp.org/tlog-policy: `log <vkey>` lines, `witness <name> <vkey> [url]` lines, `group` lines, one `quorum` line"))
}

/// `tlogTilesFor`'s parameters: the tiles an append (neither `indexes` nor `old`), the inclusion
/// proofs of leaves `indexes` (all of them, each tile once), or a consistency proof from `old`,
/// at `size`, reads.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogTilesForParams"))]
pub(crate) struct TilesForParams {
    size: u64,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    indexes: Option<Vec<u64>>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    old: Option<u64>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogTilesForResult"))]
struct TilesForOutcome {
    tiles: Vec<TileNeed>,
}

/// `tlogAppend`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogAppendParams"))]
pub(crate) struct AppendParams {
    /// The log's size before the append.
    size: u64,
    /// The partial tiles at its right edge (`tlogTilesFor({ size })`).
    edge: JsonOr<Vec<TileRow>>,
    /// The appended rows' `row_hash`es, in ledger order.
    entries: Vec<String>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogAppendResult"))]
struct AppendOutcome {
    size: u64,
    /// The new root hash, lowercase hex.
    root: String,
    /// Every tile that changed, whole at its new width: upsert them.
    tiles: Vec<TileRow>,
}

/// `tlogSign`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogSignParams"))]
pub(crate) struct SignParams {
    private_pem: String,
    origin: String,
    size: u64,
    /// Lowercase hex.
    root: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogSignResult"))]
struct SignOutcome {
    /// The signed checkpoint note (c2sp.org/tlog-checkpoint).
    note: String,
    /// The log's verifier key: what an auditor's policy names (`log <vkey>`).
    log_key: String,
}

/// `tlogKey`'s parameters: the verifier key of a log (`kind: "log"`, named by its origin) or of a witness.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogKeyParams"))]
pub(crate) struct KeyParams {
    private_pem: String,
    name: String,
    #[cfg_attr(feature = "ts", ts(type = "\"log\" | \"witness\""))]
    kind: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogKeyResult"))]
struct KeyOutcome {
    vkey: String,
    #[serde(flatten)]
    key: KeyInfo,
}

/// `tlogProofs`'s parameters: the tlog-proofs of ledger rows `rows` (each leaf
/// `row.content.ledger_seq − 1`) against one checkpoint, as a bundle named `address` (a unit's
/// canonical address, `entry/<id>`, `ledger-row/<seq>`).
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogProofsParams"))]
pub(crate) struct ProofsParams {
    size: u64,
    /// Every tile `tlogTilesFor({ size, indexes })` names for the rows.
    tiles: JsonOr<Vec<TileRow>>,
    rows: JsonOr<Vec<ProvedRow>>,
    /// The checkpoint note of `size`, with its cosignatures.
    checkpoint: String,
    address: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogTextResult"))]
struct TextOutcome {
    text: String,
}

/// `tlogEntryBundle`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ITlogEntryBundleParams")
)]
pub(crate) struct EntryBundleParams {
    /// The rows' `row_hash`es, in ledger order.
    entries: Vec<String>,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ITlogEntryBundleResult")
)]
struct EntryBundleOutcome {
    /// The bundle's bytes in lowercase hex.
    hex: String,
}

/// `tlogTileList`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogTileListParams"))]
pub(crate) struct TileListParams {
    size: u64,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogTileListResult"))]
struct TileListOutcome {
    tiles: Vec<ListedTile>,
}

/// One tile of a log: `level` null for an entry bundle; `width` 256 for a full tile.
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
struct ListedTile {
    level: Option<u8>,
    index: u64,
    width: u64,
    path: String,
}

/// `tlogAddRequest`'s parameters: the body of an add-checkpoint request to a witness at `old`.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ITlogAddRequestParams")
)]
pub(crate) struct AddRequestParams {
    old: u64,
    size: u64,
    tiles: JsonOr<Vec<TileRow>>,
    note: String,
}

/// `witnessAdd`'s parameters: a witness judging an add-checkpoint request.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IWitnessAddParams"))]
pub(crate) struct WitnessAddParams {
    private_pem: String,
    name: String,
    /// The verifier keys of the logs the witness serves.
    logs: Vec<String>,
    /// The request's body.
    body: String,
    /// What the witness holds for each origin: origin → { size, root (hex) }.
    held: JsonOr<std::collections::BTreeMap<String, HeldRow>>,
    /// Unix seconds.
    timestamp: u64,
}

/// What a witness holds for one log.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldRow {
    pub size: u64,
    pub root: String,
    /// The cosigned checkpoint note (what the witness serves).
    #[serde(default)]
    pub note: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IWitnessAddResult"))]
struct WitnessAddOutcome {
    /// 200 when cosigned; else tlog-witness's status.
    status: u16,
    /// `cosigned`, or the refusal's code (`witness-conflict`, `rollback`, `inconsistent-tree`, `unsigned-by-log`…).
    code: String,
    message: String,
    /// The origin the checkpoint names (when it could be read).
    #[cfg_attr(feature = "ts", ts(optional))]
    origin: Option<String>,
    /// What the witness holds now (after a cosignature: the new checkpoint).
    #[cfg_attr(feature = "ts", ts(optional))]
    held: Option<HeldRow>,
    /// The cosignature line, when cosigned.
    #[cfg_attr(feature = "ts", ts(optional))]
    cosignature: Option<String>,
}

/// `tlogCosignatures`'s parameters: a witness's reply lines checked against its key and the checkpoint.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ITlogCosignaturesParams")
)]
pub(crate) struct CosignaturesParams {
    vkey: String,
    /// The checkpoint note the witness was sent.
    note: String,
    /// The witness's reply body.
    reply: String,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ITlogCosignaturesResult")
)]
struct CosignaturesOutcome {
    /// The reply's lines that are valid cosignatures by the key, with their time.
    valid: Vec<Cosigned>,
    /// What was wrong with the others.
    problems: Vec<String>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
struct Cosigned {
    line: String,
    timestamp: u64,
}

/// `tlogPolicy`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogPolicyParams"))]
pub(crate) struct PolicyParams {
    policy: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogPolicyResult"))]
struct PolicyOutcome {
    logs: Vec<PolicyLogRow>,
    witnesses: Vec<PolicyWitnessRow>,
    quorum: String,
}

/// A log of the policy: its name (the checkpoints' origin) and verifier key.
#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
struct PolicyLogRow {
    name: String,
    vkey: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
struct PolicyWitnessRow {
    name: String,
    vkey: String,
    #[cfg_attr(feature = "ts", ts(optional))]
    url: Option<String>,
}

/// `tlogVerifyProof`'s parameters: a tlog-proof (text) or a unit's history bundle (JSON).
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ITlogVerifyProofParams")
)]
pub(crate) struct VerifyProofParams {
    proof: String,
    policy: String,
    /// A checkpoint note a witness cosigned: the proof's checkpoint must be that tree or extend it
    /// (a split view or a rollback is named). A larger tree is taken on the log's word and the quorum.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    witnessed: Option<String>,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ITlogVerifyProofResult")
)]
struct VerifyProofOutcome {
    valid: bool,
    /// A single row's proof that holds.
    #[cfg_attr(feature = "ts", ts(optional))]
    row: Option<ProofCheck>,
    /// A unit's history that holds.
    #[cfg_attr(feature = "ts", ts(optional))]
    unit: Option<UnitProofCheck>,
    /// Why it does not hold: the code, the message, and which proof of a bundle (0-based).
    #[cfg_attr(feature = "ts", ts(optional))]
    fault: Option<ProofFaultRow>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
struct ProofFaultRow {
    code: String,
    message: String,
    #[cfg_attr(feature = "ts", ts(optional))]
    proof: Option<usize>,
}

/// `tlogCompare`'s parameters: a checkpoint the log shows against one a witness cosigned.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogCompareParams"))]
pub(crate) struct CompareParams {
    shown: String,
    witnessed: String,
    /// The consistency proof from the witnessed size to the shown one (base64 lines), if larger.
    #[serde(default)]
    proof: Vec<String>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ITlogCompareResult"))]
struct CompareOutcome {
    consistent: bool,
    #[cfg_attr(feature = "ts", ts(optional))]
    fault: Option<ProofFaultRow>,
}

/// `tlogParseTilePath`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ITlogParseTilePathParams")
)]
pub(crate) struct TilePathParams {
    path: String,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ITlogParseTilePathResult")
)]
struct TilePathOutcome {
    /// `null` for an entry bundle (tile/entries/…).
    level: Option<u8>,
    index: u64,
    /// 256 for a full tile.
    width: u64,
}

fn body_of(note_text: &str) -> Result<CheckpointText, ErrorReport> {
    let note = Note::parse(note_text).map_err(|e| {
        ErrorReport::invalid_input("note", e, "send the checkpoint note as the log serves it")
    })?;
    CheckpointText::parse(&note.text).map_err(|e| {
        ErrorReport::invalid_input("note", e, "send the checkpoint note as the log serves it")
    })
}

exports! {
    @also: TileRow, TileNeed, HeldRow, Cosigned, PolicyLogRow, PolicyWitnessRow, ProofFaultRow, ListedTile, UnitProof;

    /// The tiles to read for an append (`{ size }`: the right edge's partial tiles), inclusion
    /// proofs (`{ size, indexes }`) or a consistency proof (`{ size, old }`) → `{ ok, tiles }`.
    tlogTilesFor(p: TilesForParams as "ITlogTilesForParams") -> TilesForOutcome as "Outcome<ITlogTilesForResult>" {
        let ranges = match (p.indexes, p.old) {
            (Some(indexes), _) => {
                let mut ranges = Vec::new();
                for i in indexes {
                    ranges.extend(inclusion_ranges(i, p.size).map_err(|e| proof_error("indexes", e))?);
                }
                ranges
            }
            (None, Some(old)) if old == p.size => Vec::new(),
            (None, Some(old)) => consistency_ranges(old, p.size).map_err(|e| proof_error("old", e))?,
            (None, None) => {
                let tiles = partial_tiles(p.size).into_iter().map(|(level, index, width)| TileNeed { level, index, width }).collect();
                return Ok(TilesForOutcome { tiles });
            }
        };
        let nodes = ranges.into_iter().flat_map(|(lo, hi)| range_nodes(lo, hi)).collect();
        Ok(TilesForOutcome { tiles: needs(nodes, p.size) })
    }

    /// Reads a tile path (`tile/0/x001/234.p/5`, `tile/entries/000`) → `{ ok, level, index, width }`; only the canonical path of a tile is read.
    tlogParseTilePath(p: TilePathParams as "ITlogParseTilePathParams") -> TilePathOutcome as "Outcome<ITlogParseTilePathResult>" {
        let t = tiles::parse_tile_path(&p.path).map_err(|e| ErrorReport::invalid_input("path", e, "spell it as c2sp.org/tlog-tiles does"))?;
        Ok(TilePathOutcome { level: t.level, index: t.index, width: t.width })
    }

    /// Appends rows (their `row_hash`es) to the log → `{ ok, size, root, tiles }`: the tiles to upsert.
    tlogAppend(p: AppendParams as "ITlogAppendParams") -> AppendOutcome as "Outcome<ITlogAppendResult>" {
        let edge = tile_map(p.edge.read("edge")?)?;
        let entries = p.entries.iter().map(|e| unhex32("entries", e)).collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<&[u8]> = entries.iter().map(|e| e.as_slice()).collect();
        let a = tiles::append(&edge, p.size, &refs).map_err(|e| ErrorReport::invalid_input("edge", e, "send the partial tiles tlogTilesFor({ size }) names, read from iu_tlog_tile"))?;
        Ok(AppendOutcome { size: a.size, root: hex(&a.root), tiles: tile_rows(a.tiles) })
    }

    /// Signs a checkpoint with the log's key, named by `origin` → `{ ok, note, log_key }`.
    tlogSign(p: SignParams as "ITlogSignParams") -> SignOutcome as "Outcome<ITlogSignResult>" {
        let root = unhex32("root", &p.root)?;
        let cp = CheckpointText { origin: p.origin.clone(), size: p.size, root, extension: String::new() };
        if !note::key_name_valid(&p.origin) {
            return Err(ErrorReport::invalid_input("origin", format!("'{}' has a space or a '+'", p.origin), "name the log like a URL without its scheme: host/path"));
        }
        let note = note::sign_checkpoint(&p.private_pem, &cp)?;
        let log_key = note::log_key(&p.private_pem, &p.origin)?.to_text();
        Ok(SignOutcome { note: note.to_text(), log_key })
    }

    /// The verifier key (and SPKI PEM, key id) of a PKCS#8 PEM key, as a log's or a witness's → `{ ok, vkey, public_key_pem, key_id }`.
    tlogKey(p: KeyParams as "ITlogKeyParams") -> KeyOutcome as "Outcome<ITlogKeyResult>" {
        if !note::key_name_valid(&p.name) {
            return Err(ErrorReport::invalid_input("name", format!("'{}' has a space or a '+'", p.name), "name the key like a URL without its scheme: host/path"));
        }
        let key = match p.kind.as_str() {
            "log" => note::log_key(&p.private_pem, &p.name)?,
            "witness" => note::witness_key(&p.private_pem, &p.name)?,
            other => return Err(ErrorReport::invalid_input("kind", format!("'{other}'"), "send \"log\" or \"witness\"")),
        };
        let info = iu_cutter_core::ledger::checkpoint::key_info(&p.private_pem)?;
        Ok(KeyOutcome { vkey: key.to_text(), key: info })
    }

    /// The tlog-proofs of ledger rows against one checkpoint, as a bundle (iu-cutter-unit-proof-v1)
    /// → `{ ok, format, address, proofs }`: one tlog-proof per row, in the order given.
    tlogProofs(p: ProofsParams as "ITlogProofsParams") -> UnitProof as "Outcome<UnitProof>" {
        let map = tile_map(p.tiles.read("tiles")?)?;
        let mut proofs = Vec::new();
        for (i, row) in p.rows.read("rows")?.into_iter().enumerate() {
            let seq = row.content.get("ledger_seq").and_then(serde_json::Value::as_u64).filter(|s| *s >= 1)
                .ok_or_else(|| ErrorReport::invalid_input("rows", format!("row {i} has no ledger_seq in its content"), "send the rows as shared/ledger-rows.js ledgerRow reads them"))?;
            let hashes = prove_inclusion(&Tiles(&map), seq - 1, p.size).map_err(|e| proof_error("tiles", e))?;
            let extra = serde_json::to_vec(&row).map_err(ErrorReport::internal)?;
            proofs.push(ProofFile { extra: Some(extra), index: seq - 1, hashes, checkpoint: p.checkpoint.clone() }.to_text());
        }
        Ok(UnitProof { format: proof::UNIT_PROOF_FORMAT.into(), address: p.address, proofs })
    }

    /// An entry bundle (tile/entries/…) of ledger rows' `row_hash`es → `{ ok, hex }`: each entry as
    /// a 2-byte length and its 32 bytes.
    tlogEntryBundle(p: EntryBundleParams as "ITlogEntryBundleParams") -> EntryBundleOutcome as "Outcome<ITlogEntryBundleResult>" {
        let entries = p.entries.iter().map(|e| unhex32("entries", e)).collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<&[u8]> = entries.iter().map(|e| e.as_slice()).collect();
        let bytes = tiles::entry_bundle(&refs).map_err(|e| ErrorReport::invalid_input("entries", e, "send row hashes"))?;
        Ok(EntryBundleOutcome { hex: hex(&bytes) })
    }

    /// Every tile and entry bundle of a log of `size` leaves, with its path (c2sp.org/tlog-tiles)
    /// → `{ ok, tiles: [{ level, index, width, path }] }`; `level` is null for entry bundles.
    tlogTileList(p: TileListParams as "ITlogTileListParams") -> TileListOutcome as "Outcome<ITlogTileListResult>" {
        let hash_tiles = tiles::log_tiles(p.size);
        let mut out: Vec<ListedTile> = hash_tiles.iter().filter(|t| t.0 == 0).map(|&(_, index, width)| ListedTile { level: None, index, width, path: tiles::entries_path(index, width) }).collect();
        out.extend(hash_tiles.into_iter().map(|(level, index, width)| ListedTile { level: Some(level), index, width, path: tiles::tile_path(level, index, width) }));
        Ok(TileListOutcome { tiles: out })
    }

    /// The body of an add-checkpoint request (tlog-witness) from `old` → `{ ok, text }`.
    tlogAddRequest(p: AddRequestParams as "ITlogAddRequestParams") -> TextOutcome as "Outcome<ITlogTextResult>" {
        let map = tile_map(p.tiles.read("tiles")?)?;
        let proof = if p.old == 0 { Vec::new() } else { prove_consistency(&Tiles(&map), p.old, p.size).map_err(|e| proof_error("old", e))? };
        Ok(TextOutcome { text: AddRequest { old: p.old, proof, note: p.note }.to_text() })
    }

    /// A witness's decision on an add-checkpoint request → `{ ok, status, code, message, held?, cosignature? }`.
    witnessAdd(p: WitnessAddParams as "IWitnessAddParams") -> WitnessAddOutcome as "Outcome<IWitnessAddResult>" {
        let refuse = |status: u16, code: &str, message: String, origin: Option<String>| Ok(WitnessAddOutcome { status, code: code.into(), message, origin, held: None, cosignature: None });
        let request = match AddRequest::parse(&p.body) {
            Ok(r) => r,
            Err(e) => return refuse(400, "malformed-request", e, None),
        };
        let origin = match body_of(&request.note) {
            Ok(cp) => cp.origin,
            Err(e) => return refuse(400, "malformed-note", e.reason, None),
        };
        let logs = p.logs.iter().map(|l| vkey("logs", l)).collect::<Result<Vec<_>, _>>()?;
        let Some(log) = logs.iter().find(|l| l.name == origin) else {
            return refuse(404, "unknown-log", format!("this witness does not witness the log '{origin}'"), Some(origin));
        };
        let held = p.held.read("held")?;
        let latest = match held.get(&origin) {
            Some(h) => Some(Latest { size: h.size, root: unhex32("held", &h.root)? }),
            None => None,
        };
        let key = iu_cutter_core::ledger::checkpoint::signing_key(&p.private_pem)?;
        let witness = Witness { key, name: p.name.clone() };
        match witness.add_checkpoint(log, latest.as_ref(), &request, p.timestamp) {
            Ok((cp, sig)) => {
                let mut note = Note::parse(&request.note).map_err(|e| ErrorReport::invalid_input("body", e, "send a signed checkpoint"))?;
                note.signatures.retain(|s| s.name == log.name && s.key_hash == log.key_hash);
                note.signatures.push(sig.clone());
                Ok(WitnessAddOutcome {
                    status: 200,
                    code: "cosigned".into(),
                    message: format!("cosigned {} at size {}", cp.origin, cp.size),
                    origin: Some(cp.origin.clone()),
                    held: Some(HeldRow { size: cp.size, root: hex(&cp.root), note: note.to_text() }),
                    cosignature: Some(sig.line()),
                })
            }
            Err(r) => refuse(r.status(), r.code(), r.to_string(), Some(origin)),
        }
    }

    /// Checks a witness's reply (cosignature lines) against its verifier key and the checkpoint → `{ ok, valid, problems }`.
    tlogCosignatures(p: CosignaturesParams as "ITlogCosignaturesParams") -> CosignaturesOutcome as "Outcome<ITlogCosignaturesResult>" {
        let key = vkey("vkey", &p.vkey)?;
        let note = Note::parse(&p.note).map_err(|e| ErrorReport::invalid_input("note", e, "send the checkpoint note the witness was sent"))?;
        let mut valid = Vec::new();
        let mut problems = Vec::new();
        // The reply is signature lines only: parse them as the signature block of the note.
        let reply = Note::parse(&format!("{}\n{}", note.text, p.reply));
        match reply {
            Err(e) => problems.push(e.to_string()),
            Ok(r) => {
                for sig in r.signatures {
                    match check_signature(&key, &note.text, &sig) {
                        Ok(Some(t)) => valid.push(Cosigned { line: sig.line(), timestamp: t }),
                        Ok(None) => problems.push(format!("{}: a plain signature, not a cosignature", sig.name)),
                        Err(false) => problems.push(format!("{}: not by the witness's key {}", sig.name, p.vkey)),
                        Err(true) => problems.push(format!("{}: the cosignature does not verify", sig.name)),
                    }
                }
            }
        }
        Ok(CosignaturesOutcome { valid, problems })
    }

    /// Reads a tlog-policy → `{ ok, logs, witnesses, quorum }`, or the line that is wrong.
    tlogPolicy(p: PolicyParams as "ITlogPolicyParams") -> PolicyOutcome as "Outcome<ITlogPolicyResult>" {
        let policy = policy_of(&p.policy)?;
        Ok(PolicyOutcome {
            logs: policy.logs.iter().map(|l| PolicyLogRow { name: l.name.clone(), vkey: l.to_text() }).collect(),
            witnesses: policy.witnesses.iter().map(|w| PolicyWitnessRow { name: w.name.clone(), vkey: w.key.to_text(), url: w.url.clone() }).collect(),
            quorum: policy.quorum().to_string(),
        })
    }

    /// Verifies a tlog-proof or a unit's history bundle offline under a policy →
    /// `{ ok: true, valid, row | unit | fault: { code, message, proof? } }`.
    tlogVerifyProof(p: VerifyProofParams as "ITlogVerifyProofParams") -> VerifyProofOutcome as "Outcome<ITlogVerifyProofResult>" {
        let policy = policy_of(&p.policy)?;
        let fault = |code: &str, message: String, proof: Option<usize>| VerifyProofOutcome { valid: false, row: None, unit: None, fault: Some(ProofFaultRow { code: code.into(), message, proof }) };
        let (outcome, first) = if p.proof.trim_start().starts_with('{') {
            let bundle: UnitProof = match serde_json::from_str(&p.proof) {
                Ok(b) => b,
                Err(e) => return Ok(fault("malformed-proof", format!("the unit's bundle is not {}: {e}", proof::UNIT_PROOF_FORMAT), None)),
            };
            let first = bundle.proofs.first().cloned();
            (match proof::verify_unit_proof(&bundle, &policy) {
                Ok(unit) => VerifyProofOutcome { valid: true, row: None, unit: Some(unit), fault: None },
                Err((i, f)) => fault(f.code(), format!("proof {} of the bundle: {f}", i + 1), Some(i)),
            }, first)
        } else {
            (match proof::verify_proof(&p.proof, &policy) {
                Ok(row) => VerifyProofOutcome { valid: true, row: Some(row), unit: None, fault: None },
                Err(f) => fault(f.code(), f.to_string(), None),
            }, Some(p.proof.clone()))
        };
        let (Some(witnessed), true, Some(first)) = (p.witnessed, outcome.valid, first) else {
            return Ok(outcome);
        };
        let shown = ProofFile::parse(&first).map_err(|e| ErrorReport::invalid_input("proof", e, "send the proof as the log serves it"))?;
        match compare_checkpoints(&body_of(&shown.checkpoint)?, &body_of(&witnessed)?, &[]) {
            Ok(()) => Ok(outcome),
            // A larger tree than the witnessed one: the quorum already vouches for it.
            Err(iu_cutter_core::ledger::tlog::proof::Divergence::Fork { .. }) => Ok(outcome),
            Err(d) => Ok(fault(d.code(), d.to_string(), None)),
        }
    }

    /// Compares a checkpoint the log shows with one a witness cosigned → `{ ok, consistent, fault? }`
    /// (`split-view`, `rollback`, `fork`, `other-log`).
    tlogCompare(p: CompareParams as "ITlogCompareParams") -> CompareOutcome as "Outcome<ITlogCompareResult>" {
        let shown = body_of(&p.shown)?;
        let witnessed = body_of(&p.witnessed)?;
        let proof = p.proof.iter().map(|l| {
            note::decode_hash(l)
                .ok_or_else(|| ErrorReport::invalid_input("proof", format!("'{l}' is not a base64 hash"), "send the consistency proof's hashes in base64"))
        }).collect::<Result<Vec<_>, _>>()?;
        Ok(match compare_checkpoints(&shown, &witnessed, &proof) {
            Ok(()) => CompareOutcome { consistent: true, fault: None },
            Err(d) => CompareOutcome { consistent: false, fault: Some(ProofFaultRow { code: d.code().into(), message: d.to_string(), proof: None }) },
        })
    }
}
