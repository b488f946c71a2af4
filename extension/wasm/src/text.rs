//! A document's text after a CUT, and the change sets a planned manifest would undo.

use iu_cutter_core::change::manifest::UnitBlock;
use iu_cutter_core::publish::history::{undone_change_sets, LedgerImage, Undone};
use iu_cutter_core::read::render::{follow_text, Followed};
use iu_cutter_core::store::unit::StoredUnit;
use iu_cutter_core::text::vocabulary::Vocabulary;
use serde::{Deserialize, Serialize};

use crate::adapter::{exports, JsonOr};

/// `followText`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IFollowTextParams"))]
pub(crate) struct FollowTextParams {
    units: JsonOr<Vec<StoredUnit>>,
    vocabulary: JsonOr<Vocabulary>,
    doc_code: String,
    /// The document's `source_text` now.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    current: Option<String>,
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IUndoneChangeSetsResult")
)]
struct UndoneOutcome {
    undone: Vec<Undone>,
}

/// `undoneChangeSets`' parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IUndoneChangeSetsParams")
)]
pub(crate) struct UndoneChangeSetsParams {
    blocks: JsonOr<Vec<UnitBlock>>,
    rows: JsonOr<Vec<LedgerImage>>,
}

exports! {
    /// `{ ok, text, sha256, kept, differs }`: what a document's `source_text` must be once a CUT
    /// has written `units` (all its units, as JSON text or objects): `current` itself (`kept`)
    /// when it cuts into the live units already, else the text the core renders from them with
    /// `current`'s head and tail; `differs` names the live units that text does not cut back
    /// into exactly (none expected; see `core::unit::text`).
    followText(p: FollowTextParams as "IFollowTextParams") -> Followed as "Outcome<Followed>" {
        let vocabulary = p.vocabulary.vocabulary()?;
        let units = p.units.read("units")?;
        Ok(follow_text(&units, &vocabulary, &p.doc_code, p.current.as_deref()))
    }

    /// `{ ok, undone: [{ change_set, entry, recorded_at, units: [{ unit_id, canonical_address,
    /// action, sets_back }] }] }`: the change sets the manifest's `blocks` (an array of blocks, or
    /// its JSON text) would undo, from the document's ledger `rows` (as `loadLedgerImages` gives
    /// them; JSON text or objects), in ledger order.
    undoneChangeSets(p: UndoneChangeSetsParams as "IUndoneChangeSetsParams") -> UndoneOutcome as "Outcome<IUndoneChangeSetsResult>" {
        let blocks = p.blocks.read("blocks")?;
        let rows = p.rows.read("rows")?;
        Ok(UndoneOutcome { undone: undone_change_sets(&blocks, &rows) })
    }
}
