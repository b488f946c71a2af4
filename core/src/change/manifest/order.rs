//! The canonical order of a manifest's blocks (see the module docs of [`super`]).

use std::collections::{HashMap, HashSet};

use super::{count, Action, Envelope, Manifest, UnitBlock, FORMAT, FORMAT_V1};
use crate::store::unit::{document_order_by, StoredUnit};

impl UnitBlock {
    // The order of blocks in a FORMAT_V1 manifest: document position, then action, then id.
    pub(super) fn sort_key(&self) -> (u32, Action, &str) {
        (self.image().position, self.action(), self.unit_id())
    }
}

// The blocks in the document order of the units the manifest leaves: every stored unit no
// block touches, each block's after-image, and each removed unit's before-image (at its place
// before the removal), siblings by (position, unit id) — see the module docs.
fn in_document_order(blocks: Vec<UnitBlock>, stored: &[StoredUnit]) -> Vec<UnitBlock> {
    let touched: HashSet<&str> = blocks.iter().map(UnitBlock::unit_id).collect();
    let units: Vec<&StoredUnit> = blocks
        .iter()
        .map(UnitBlock::image)
        .chain(stored.iter().filter(|u| !touched.contains(u.id.as_str())))
        .collect();
    let by_id: HashMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    let order = document_order_by(
        units.len(),
        |i| {
            units[i]
                .parent
                .as_deref()
                .and_then(|p| by_id.get(p).copied())
        },
        |i| (units[i].position, units[i].id.as_str()),
    );
    // The blocks are the first units: their indices are block indices.
    let n = blocks.len();
    let mut slots: Vec<Option<UnitBlock>> = blocks.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter(|&i| i < n)
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

// What [`Manifest::check`] can see of a v2 manifest's document order from its blocks alone:
// a block whose image's parent is another block's unit comes after that block, and blocks
// with the same parent are in (position, unit id) order.
pub(super) struct TreeOrder<'a> {
    block_of: HashMap<&'a str, usize>,
    last_child: HashMap<Option<&'a str>, (u32, &'a str)>,
}

impl<'a> TreeOrder<'a> {
    pub(super) fn new(blocks: &'a [UnitBlock]) -> Self {
        let mut block_of = HashMap::with_capacity(blocks.len());
        for (i, b) in blocks.iter().enumerate() {
            // The first block of a unit: a second one is refused as a duplicate anyway.
            block_of.entry(b.unit_id()).or_insert(i);
        }
        TreeOrder {
            block_of,
            last_child: HashMap::new(),
        }
    }

    // Whether block `index` is in order after the blocks before it (called in block order).
    pub(super) fn in_order(&mut self, index: usize, block: &'a UnitBlock) -> bool {
        let image = block.image();
        let parent = image.parent.as_deref();
        let parent_first = parent
            .and_then(|p| self.block_of.get(p))
            .is_none_or(|&p| p < index);
        let key = (image.position, image.id.as_str());
        let siblings_in_order = match self.last_child.insert(parent, key) {
            Some(previous) => previous < key,
            None => true,
        };
        parent_first && siblings_in_order
    }
}

impl Manifest {
    /// Builds a manifest from its blocks, planned against `stored` (the document's units now):
    /// puts them in canonical order and counts them. An envelope that says [`FORMAT_V1`] (the
    /// rollback of a v1 manifest, whose images hold document positions) keeps it and its
    /// order; any other is written as [`FORMAT`], in the document order of the units the
    /// manifest leaves (see the module docs).
    pub fn assemble(
        mut envelope: Envelope,
        mut blocks: Vec<UnitBlock>,
        stored: &[StoredUnit],
    ) -> Manifest {
        if envelope.format == FORMAT_V1 {
            blocks.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        } else {
            envelope.format = FORMAT.into();
            blocks = in_document_order(blocks, stored);
        }
        envelope.counts = count(&blocks);
        Manifest { envelope, blocks }
    }
}
