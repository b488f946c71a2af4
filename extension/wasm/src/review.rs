//! The review page: each block's label and word diffs, and what an approval must acknowledge (core `review`).

use iu_cutter_core::change::review::{
    block_diffs, check_acknowledged, outstanding, BlockDiff, BlockText, Outstanding,
};
use iu_cutter_core::text::vocabulary::Vocabulary;
use iu_cutter_core::ErrorReport;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::adapter::{exports, JsonOr};

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IBlockDiffsResult"))]
struct DiffsOutcome {
    blocks: Vec<BlockDiff>,
}

/// `blockDiffs`' parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IBlockDiffsParams"))]
pub(crate) struct BlockDiffsParams {
    blocks: JsonOr<Vec<BlockText>>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    vocabulary: Option<JsonOr<Vocabulary>>,
}

/// An envelope (object or JSON text), as `reviewOutstanding` and `checkAcknowledged` take it.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IReviewOutstandingParams")
)]
pub(crate) struct ReviewOutstandingParams {
    #[cfg_attr(feature = "ts", ts(type = "object | string"))]
    envelope: JsonOr<Value>,
}

fn read_outstanding(envelope: JsonOr<Value>) -> Result<Outstanding, ErrorReport> {
    Ok(outstanding(&envelope.read("envelope")?))
}

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ICheckAcknowledgedResult")
)]
struct Acknowledged {
    acknowledged: Vec<String>,
}

/// `checkAcknowledged`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "ICheckAcknowledgedParams")
)]
pub(crate) struct CheckAcknowledgedParams {
    #[cfg_attr(feature = "ts", ts(type = "object | string"))]
    envelope: JsonOr<Value>,
    acknowledged: JsonOr<Vec<String>>,
}

exports! {
    /// `blocks`: `[{ address, before: { heading, body } | null, after: … }]` (JSON text for a page of long
    /// articles); `vocabulary`: the document's (object, JSON text or a language), or null. Answers `{ ok: true,
    /// blocks: [{ label, heading: [{ op, text }], body: [{ op, text }] }] }`, one per block, in order.
    blockDiffs(p: BlockDiffsParams as "IBlockDiffsParams") -> DiffsOutcome as "Outcome<IBlockDiffsResult>" {
        let blocks = p.blocks.read("blocks")?;
        let mut vocabularies = Vec::new();
        if let Some(v) = p.vocabulary {
            vocabularies.push(v.vocabulary()?);
        }
        vocabularies.extend(iu_cutter_core::default_vocabularies().iter().cloned());
        Ok(DiffsOutcome { blocks: block_diffs(&blocks, &vocabularies) })
    }

    /// `{ ok: true, not_applied: [{ ref, law, provision, kind, targets, code, reason }], unread: [{ ref, law, line,
    /// offset, text, reason }] }`: what an approval of the manifest with this `envelope` must acknowledge.
    reviewOutstanding(p: ReviewOutstandingParams as "IReviewOutstandingParams") -> Outstanding as "Outcome<Outstanding>" {
        read_outstanding(p.envelope)
    }

    /// `{ ok: true, acknowledged }` when `acknowledged` (an array of refs) names every outstanding item of the
    /// manifest with this `envelope` and nothing else; else `{ ok: false, error }` (`unacknowledged`,
    /// `not-outstanding`).
    checkAcknowledged(p: CheckAcknowledgedParams as "ICheckAcknowledgedParams") -> Acknowledged as "Outcome<ICheckAcknowledgedResult>" {
        let o = read_outstanding(p.envelope)?;
        check_acknowledged(&o, &p.acknowledged.read("acknowledged")?)?;
        Ok(Acknowledged { acknowledged: o.refs().into_iter().map(String::from).collect() })
    }
}
