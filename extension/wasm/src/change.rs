//! What a manifest's blocks change, counted for review pages (core `change`).

use iu_cutter_core::change::effect::{count_changes, BlockChange};
use wasm_bindgen::prelude::*;

use crate::adapter::{answer, from_js};

/// `blocks`: `[{ action, changed, section_type }, …]` (a block summary has these; other fields are
/// ignored), as JSON text for a large manifest. Answers `{ ok: true, changes: [{ change, section_type,
/// count }], position_only: [block index, …] }`: `change` is one of added, replaced, moved, readdressed,
/// removed, promoted, status, changed, position_only, confirmed (the core's `ChangeKind`, in that order).
#[wasm_bindgen(js_name = countChanges, unchecked_return_type = "Outcome<Changes>")]
pub fn count_changes_js(
    #[wasm_bindgen(unchecked_param_type = "BlockChange[] | string")] blocks: JsValue,
) -> Result<JsValue, JsError> {
    answer(|| {
        let blocks: Vec<BlockChange> = from_js("blocks", blocks)?;
        Ok(count_changes(&blocks))
    })
}
