//! What a manifest's blocks change, counted for review pages (core `change`).

use iu_cutter_core::change::effect::{count_changes, BlockChange, Changes};
use serde::Deserialize;

use crate::adapter::{exports, JsonOr};

/// `countChanges`' parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ICountChangesParams"))]
pub(crate) struct CountChangesParams {
    /// `[{ action, changed, section_type }, …]` (a block summary has these; other fields are
    /// ignored), as JSON text for a large manifest.
    blocks: JsonOr<Vec<BlockChange>>,
}

exports! {
    /// `{ ok: true, changes: [{ change, section_type, count }], position_only: [block index, …] }`:
    /// `change` is one of added, replaced, moved, readdressed, removed, promoted, status, changed,
    /// position_only, confirmed (the core's `ChangeKind`, in that order).
    countChanges(p: CountChangesParams as "ICountChangesParams") -> Changes as "Outcome<Changes>" {
        Ok(count_changes(&p.blocks.read("blocks")?))
    }
}
