//! The log as tiles (c2sp.org/tlog-tiles): the hashes of the tree, 256 to a tile, so that
//! any static host can serve it and any client can compute any proof from a few tiles.
//!
//! A tile at level `L` and index `N` holds the hashes of the perfect subtrees of height
//! `8·L` numbered `256·N` to `256·N + 255` (level 0: the leaf hashes). A tile not yet
//! full is served as a partial tile of its width (`tile/L/N.p/W`); a full tile never
//! changes again, and a partial tile is a prefix of every later version of itself. So
//! the store keeps one row per tile and only the right edge of each level ever changes.
//!
//! The entries themselves are served as entry bundles (`tile/entries/N`): each entry
//! as a big-endian 16-bit length and its bytes. Here each entry is a ledger row's
//! `row_hash` (32 bytes), which commits to the row's collection, content and the row
//! before it ([`crate::ledger::chain`]).

use std::collections::BTreeMap;

use super::merkle::{leaf_hash, node_hash, tree_hash, Hash, Node, NodeSource, ProofError};

/// Levels of the tree a tile spans.
pub const TILE_HEIGHT: u8 = 8;
/// Hashes in a full tile.
pub const TILE_WIDTH: u64 = 1 << TILE_HEIGHT;

/// Tiles by (level, index): each the hashes it holds so far, in order.
pub type TileMap = BTreeMap<(u8, u64), Vec<Hash>>;

/// A node source over tiles held in memory (read from the store or fetched from a mirror).
pub struct Tiles<'a>(pub &'a TileMap);

impl NodeSource for Tiles<'_> {
    fn node(&self, node: Node) -> Result<Hash, ProofError> {
        let level = node.level / TILE_HEIGHT;
        let rest = node.level % TILE_HEIGHT;
        let missing = |reason: String| ProofError::MissingNode {
            level: node.level,
            index: node.index,
            reason,
        };
        let start = node
            .index
            .checked_shl(u32::from(rest))
            .ok_or_else(|| missing("index out of range".into()))?;
        let tile = start >> TILE_HEIGHT;
        let offset = (start % TILE_WIDTH) as usize;
        let count = 1usize << rest;
        let hashes = self
            .0
            .get(&(level, tile))
            .ok_or_else(|| missing(format!("tile {} is not given", tile_path(level, tile, 0))))?;
        let Some(run) = hashes.get(offset..offset + count) else {
            return Err(missing(format!(
                "tile {} holds {} hashes, {} are needed",
                tile_path(level, tile, 0),
                hashes.len(),
                offset + count
            )));
        };
        Ok(fold(run))
    }
}

/// The root of a perfect subtree from its 2^k bottom hashes, pairwise up.
fn fold(run: &[Hash]) -> Hash {
    let mut layer: Vec<Hash> = run.to_vec();
    while layer.len() > 1 {
        layer = layer
            .chunks(2)
            .map(|p| match p {
                [l, r] => node_hash(l, r),
                [one] => *one,
                _ => unreachable_hash(),
            })
            .collect();
    }
    layer.first().copied().unwrap_or_else(unreachable_hash)
}

// `chunks(2)` never yields an empty chunk and `fold` is never given an empty run; a
// hash of zeros (which no proof can meet) rather than a panic if that ever changed.
fn unreachable_hash() -> Hash {
    [0; 32]
}

/// How many hashes tile (`level`, `index`) holds in a tree of `size` leaves: 0 if none.
pub fn tile_width(level: u8, index: u64, size: u64) -> u64 {
    let shift = u32::from(level) * u32::from(TILE_HEIGHT);
    let nodes = size.checked_shr(shift).unwrap_or(0);
    nodes
        .saturating_sub(index.saturating_mul(TILE_WIDTH))
        .min(TILE_WIDTH)
}

/// The tiles at the right edge of a tree of `size` leaves that are not full: the only
/// ones an append changes, and with the full tiles all a root needs. (level, index, width).
pub fn partial_tiles(size: u64) -> Vec<(u8, u64, u64)> {
    let mut out = Vec::new();
    let mut level = 0u8;
    loop {
        let shift = u32::from(level) * u32::from(TILE_HEIGHT);
        let nodes = size.checked_shr(shift).unwrap_or(0);
        if nodes == 0 {
            break;
        }
        let width = nodes % TILE_WIDTH;
        if width > 0 {
            out.push((level, nodes / TILE_WIDTH, width));
        }
        level += 1;
    }
    out
}

/// Every hash tile of a tree of `size` leaves, (level, index, width at `size`), level by
/// level: what a mirror of the log holds. Its entry bundles are those of level 0's indexes.
pub fn log_tiles(size: u64) -> Vec<(u8, u64, u64)> {
    let mut out = Vec::new();
    for level in 0..=u8::MAX {
        let shift = u32::from(level) * u32::from(TILE_HEIGHT);
        let nodes = size.checked_shr(shift).unwrap_or(0);
        if nodes == 0 {
            break;
        }
        for index in 0..nodes.div_ceil(TILE_WIDTH) {
            out.push((level, index, tile_width(level, index, size)));
        }
    }
    out
}

/// The tiles (level, index, width at `size`) that hold every node of `nodes`: what a
/// store reads to make a proof ([`super::merkle::inclusion_ranges`] and
/// [`super::merkle::consistency_ranges`] give the ranges; [`super::merkle::range_nodes`]
/// their nodes).
pub fn tiles_for(nodes: &[Node], size: u64) -> Vec<(u8, u64, u64)> {
    let mut out: Vec<(u8, u64, u64)> = nodes
        .iter()
        .map(|n| {
            let level = n.level / TILE_HEIGHT;
            let start = n.index << (n.level % TILE_HEIGHT);
            let index = start >> TILE_HEIGHT;
            (level, index, tile_width(level, index, size))
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Why an append was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppendError {
    /// A right-edge tile of the old tree was not given, or is shorter than the old tree says.
    #[error("tile {path} of the tree of size {size} holds {found} hashes, {expected} are needed: the store's tiles do not match the log's size")]
    EdgeMissing {
        path: String,
        size: u64,
        expected: u64,
        found: u64,
    },
    /// The root could not be computed (a tile the edge should hold is missing).
    #[error(transparent)]
    Root(#[from] ProofError),
}

impl AppendError {
    /// Stable kebab-case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::EdgeMissing { .. } => "tile-edge-missing",
            Self::Root(e) => e.code(),
        }
    }
}

/// What an append changed: every tile written (whole, at its new width) and the new root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    pub size: u64,
    pub root: Hash,
    /// (level, index) → the tile's hashes at the new size; only tiles that changed.
    pub tiles: TileMap,
}

/// Appends `entries` (each one leaf's data) to the tree of `size` leaves whose partial
/// right-edge tiles are `edge` (extra tiles are ignored; a longer tile is cut to the
/// width the old size gives it).
pub fn append(edge: &TileMap, size: u64, entries: &[&[u8]]) -> Result<Appended, AppendError> {
    let mut tiles = TileMap::new();
    for (level, index, width) in partial_tiles(size) {
        let found = edge.get(&(level, index)).map_or(0, |t| t.len() as u64);
        if found < width {
            return Err(AppendError::EdgeMissing {
                path: tile_path(level, index, width),
                size,
                expected: width,
                found,
            });
        }
        let hashes = edge
            .get(&(level, index))
            .map_or(&[][..], |t| &t[..width as usize]);
        tiles.insert((level, index), hashes.to_vec());
    }
    let mut changed = std::collections::BTreeSet::new();
    let mut n = size;
    for entry in entries {
        // Push the leaf; each tile it fills pushes its root one level up.
        let mut hash = leaf_hash(entry);
        let mut level = 0u8;
        let mut position = n;
        loop {
            let index = position / TILE_WIDTH;
            let tile = tiles.entry((level, index)).or_default();
            tile.push(hash);
            changed.insert((level, index));
            if (tile.len() as u64) < TILE_WIDTH {
                break;
            }
            hash = fold(tile);
            position = index;
            level += 1;
        }
        n += 1;
    }
    let root = tree_hash(&Tiles(&tiles), n)?;
    tiles.retain(|key, _| changed.contains(key));
    Ok(Appended {
        size: n,
        root,
        tiles,
    })
}

/// The path of a tile (`tile/0/x001/234`, `tile/1/000.p/17`): the index in groups of three
/// digits, each but the last prefixed `x`; `width` < 256 (and > 0) makes it a partial tile.
pub fn tile_path(level: u8, index: u64, width: u64) -> String {
    format!("tile/{level}/{}", index_path(index, width))
}

/// The path of an entry bundle: `tile/entries/…` with the same index encoding.
pub fn entries_path(index: u64, width: u64) -> String {
    format!("tile/entries/{}", index_path(index, width))
}

fn index_path(index: u64, width: u64) -> String {
    let digits = index.to_string();
    let pad = (3 - digits.len() % 3) % 3;
    let padded = format!("{}{digits}", "0".repeat(pad));
    let groups: Vec<&str> = padded
        .as_bytes()
        .chunks(3)
        .map(|c| std::str::from_utf8(c).unwrap_or("000"))
        .collect();
    let mut out = String::new();
    for (i, g) in groups.iter().enumerate() {
        if i + 1 < groups.len() {
            out.push('x');
            out.push_str(g);
            out.push('/');
        } else {
            out.push_str(g);
        }
    }
    if width > 0 && width < TILE_WIDTH {
        out.push_str(&format!(".p/{width}"));
    }
    out
}

/// A tile or entry bundle named by a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TileRef {
    /// `None` for an entry bundle.
    pub level: Option<u8>,
    pub index: u64,
    /// 256 for a full tile.
    pub width: u64,
}

/// Reads a tile path (`tile/2/x001/234.p/5`, `tile/entries/000`); the leading `tile/` is
/// required. Refuses anything not in the canonical form, so one tile has one path.
pub fn parse_tile_path(path: &str) -> Result<TileRef, String> {
    let rest = path
        .strip_prefix("tile/")
        .ok_or_else(|| format!("'{path}' does not start with tile/"))?;
    let (level_part, rest) = rest
        .split_once('/')
        .ok_or_else(|| format!("'{path}' has no index"))?;
    let level = if level_part == "entries" {
        None
    } else {
        let l: u8 = level_part
            .parse()
            .ok()
            .filter(|l: &u8| *l < 8 && level_part == l.to_string())
            .ok_or_else(|| format!("'{level_part}' is not a tile level (0 to 7)"))?;
        Some(l)
    };
    let (index_part, width) = match rest.split_once(".p/") {
        Some((i, w)) => {
            let width: u64 = w
                .parse()
                .ok()
                .filter(|w: &u64| (1..TILE_WIDTH).contains(w))
                .ok_or_else(|| format!("'{w}' is not a partial tile's width (1 to 255)"))?;
            (i, width)
        }
        None => (rest, TILE_WIDTH),
    };
    let mut index: u64 = 0;
    let groups: Vec<&str> = index_part.split('/').collect();
    for (i, g) in groups.iter().enumerate() {
        let last = i + 1 == groups.len();
        let digits = if last { Some(*g) } else { g.strip_prefix('x') };
        let digits = digits
            .filter(|d| d.len() == 3 && d.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| format!("'{g}' in '{path}' is not a 3-digit index group"))?;
        index = index
            .checked_mul(1000)
            .and_then(|x| x.checked_add(digits.parse::<u64>().unwrap_or(0)))
            .ok_or_else(|| format!("the index in '{path}' is too large"))?;
    }
    let canonical = match level {
        Some(l) => tile_path(l, index, width),
        None => entries_path(index, width),
    };
    if canonical != path {
        return Err(format!(
            "'{path}' is not the canonical path of its tile ('{canonical}')"
        ));
    }
    Ok(TileRef {
        level,
        index,
        width,
    })
}

/// An entry bundle: each entry as a big-endian u16 length and its bytes. An entry longer
/// than 65 535 bytes cannot be written (the ledger's entries are 32-byte row hashes).
pub fn entry_bundle(entries: &[&[u8]]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(entries.iter().map(|e| e.len() + 2).sum());
    for (i, e) in entries.iter().enumerate() {
        let len = u16::try_from(e.len()).map_err(|_| {
            format!(
                "entry {i} is {} bytes; an entry bundle holds at most 65535",
                e.len()
            )
        })?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(e);
    }
    Ok(out)
}

/// The entries of an entry bundle, or where it is cut short.
pub fn read_entry_bundle(bytes: &[u8]) -> Result<Vec<&[u8]>, String> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while at < bytes.len() {
        let Some(len) = bytes.get(at..at + 2) else {
            return Err(format!("byte {at}: a length prefix is cut short"));
        };
        let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
        let Some(entry) = bytes.get(at + 2..at + 2 + len) else {
            return Err(format!(
                "byte {at}: entry {} of {len} bytes is cut short",
                out.len()
            ));
        };
        out.push(entry);
        at += 2 + len;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::merkle::{prove_inclusion, verify_inclusion};
    use super::*;

    #[test]
    fn a_mirror_holds_every_tile_at_its_width() {
        assert!(log_tiles(0).is_empty());
        assert_eq!(log_tiles(3), vec![(0, 0, 3)]);
        let all = log_tiles(70_000);
        // 273 full tiles and one of 112 leaves; 273 level-1 nodes; one level-2 node.
        assert_eq!(all.iter().filter(|t| t.0 == 0).count(), 274);
        assert_eq!(all[273], (0, 273, 112));
        assert_eq!(&all[274..], &[(1, 0, 256), (1, 1, 17), (2, 0, 1)]);
        // The right edge is the partial tiles an append changes.
        let partial: Vec<_> = all.iter().copied().filter(|t| t.2 < TILE_WIDTH).collect();
        assert_eq!(partial, partial_tiles(70_000));
    }

    #[test]
    fn paths_group_the_index_by_three_digits() {
        assert_eq!(tile_path(0, 0, 256), "tile/0/000");
        assert_eq!(tile_path(1, 1234067, 256), "tile/1/x001/x234/067");
        assert_eq!(tile_path(0, 5, 17), "tile/0/005.p/17");
        assert_eq!(entries_path(1000, 0), "tile/entries/x001/000");
        for p in [
            "tile/0/000",
            "tile/1/x001/x234/067",
            "tile/0/005.p/17",
            "tile/entries/x001/000.p/3",
        ] {
            let t = parse_tile_path(p).unwrap();
            let again = match t.level {
                Some(l) => tile_path(l, t.index, t.width),
                None => entries_path(t.index, t.width),
            };
            assert_eq!(again, p);
        }
        for bad in [
            "tile/0/5",
            "tile/0/x000/005",
            "tile/9/000",
            "tile/0/000.p/256",
            "tile/0/000.p/0",
            "tile/00/000",
            "x/0/000",
            "tile/0/001/002",
        ] {
            assert!(parse_tile_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn appending_in_any_batches_gives_the_same_tiles_and_roots_as_one_by_one() {
        let data: Vec<Vec<u8>> = (0..70_000u32).map(|i| i.to_be_bytes().to_vec()).collect();
        let mut store = TileMap::new();
        let mut size = 0u64;
        let mut roots = Vec::new();
        // Batches of varying length, as workflow transactions append.
        let mut i = 0usize;
        let mut step = 1usize;
        while i < data.len() {
            let end = (i + step).min(data.len());
            let batch: Vec<&[u8]> = data[i..end].iter().map(|d| d.as_slice()).collect();
            let a = append(&store, size, &batch).unwrap();
            store.extend(a.tiles);
            size = a.size;
            roots.push((size, a.root));
            i = end;
            step = step * 7 % 1000 + 1;
        }
        assert_eq!(size, 70_000);
        // Level 2 exists (65 536 leaves fill a level-1 tile).
        assert_eq!(store.get(&(2, 0)).map(Vec::len), Some(1));
        // Every root is the root recomputed from the final tiles at that size.
        for (n, root) in roots.iter().step_by(13) {
            assert_eq!(tree_hash(&Tiles(&store), *n).unwrap(), *root);
        }
        let root = roots.last().unwrap().1;
        for idx in [0u64, 255, 256, 65_535, 65_536, 69_999] {
            let proof = prove_inclusion(&Tiles(&store), idx, size).unwrap();
            let leaf = leaf_hash(&data[idx as usize]);
            verify_inclusion(&leaf, idx, size, &proof, &root).unwrap();
        }
    }

    #[test]
    fn an_edge_tile_missing_is_named() {
        let a = append(&TileMap::new(), 0, &[b"a", b"b", b"c"]).unwrap();
        let e = append(&TileMap::new(), 3, &[b"d"]).unwrap_err();
        assert_eq!(e.code(), "tile-edge-missing");
        assert!(e.to_string().contains("tile/0/000.p/3"), "{e}");
        assert!(append(&a.tiles, 3, &[b"d"]).is_ok());
    }

    #[test]
    fn entry_bundles_read_back() {
        let b = entry_bundle(&[b"ab", b"", b"xyz"]).unwrap();
        assert_eq!(b, b"\x00\x02ab\x00\x00\x00\x03xyz");
        assert_eq!(
            read_entry_bundle(&b).unwrap(),
            vec![&b"ab"[..], b"", b"xyz"]
        );
        assert!(read_entry_bundle(&b[..b.len() - 1]).is_err());
    }
}
