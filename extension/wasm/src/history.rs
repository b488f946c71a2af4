//! History: a document at an instant, a unit's versions, word diffs between two texts and
//! between a document at two instants. Ledger rows come as JSON text (a document's rows
//! hold every image its change sets wrote: far faster through serde_json than as objects).

use iu_cutter_core::publish::history::{
    change_set_at, diff_words, document_at, document_diff, instant, unit_history, version_at,
    ChangeSetMark, DiffCounts, DiffOp, LedgerImage, UnitDiff, UnitVersion,
};
use iu_cutter_core::store::unit::StoredUnit;
use iu_cutter_core::ErrorReport;
use serde::{Deserialize, Serialize};

use crate::adapter::{exports, from_json, JsonOr};

fn rows_of(rows_json: &str) -> Result<Vec<LedgerImage>, ErrorReport> {
    from_json("rows", rows_json)
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IReadInstantResult"))]
struct Instant {
    /// Milliseconds since the epoch.
    ms: i64,
    /// The same instant in UTC, RFC 3339.
    utc: String,
}

/// `readInstant`'s parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IReadInstantParams"))]
pub(crate) struct ReadInstantParams {
    field: String,
    value: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDocumentAtResult"))]
struct DocumentAt {
    units: Vec<StoredUnit>,
    /// The newest change set in force at `at`; `null` when none is, or none were given.
    version: Option<ChangeSetMark>,
}

/// `documentAt`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDocumentAtParams"))]
pub(crate) struct DocumentAtParams {
    rows_json: String,
    at: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    change_sets_json: Option<String>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IUnitHistoryResult"))]
struct History {
    versions: Vec<UnitVersion>,
    /// The `version` in force at `at`, when `at` was given and a version was in force.
    version_at: Option<usize>,
}

/// `unitHistory`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IUnitHistoryParams"))]
pub(crate) struct UnitHistoryParams {
    rows_json: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    at: Option<String>,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDiffWordsResult"))]
struct Words {
    ops: Vec<DiffOp>,
}

/// `diffWords`' parameters.
#[derive(Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDiffWordsParams"))]
pub(crate) struct DiffWordsParams {
    before: String,
    after: String,
}

#[derive(Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDocumentDiffResult"))]
struct Diff {
    counts: DiffCounts,
    units: Vec<UnitDiff>,
}

/// `documentDiff`'s parameters: the document's ledger rows (`LedgerImage`s, best as JSON text), the two
/// instants (a date or an RFC 3339 date-time), and whether unchanged units are listed too.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IDocumentDiffParams"))]
pub(crate) struct DocumentDiffParams {
    rows: JsonOr<Vec<LedgerImage>>,
    from: String,
    to: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    include_unchanged: bool,
}

exports! {
    /// `{ ok, ms, utc }`: `value` read as the history reads instants (a date, or an RFC 3339
    /// date-time with an offset), or `{ ok:false, error }` naming `field` — so a request is
    /// refused before anything is loaded.
    readInstant(p: ReadInstantParams as "IReadInstantParams") -> Instant as "Outcome<IReadInstantResult>" {
        let t = instant(&p.field, &p.value)?;
        Ok(Instant { ms: t.0, utc: t.to_rfc3339() })
    }

    /// `{ ok, units, version }`: the document's units as they stood at `at` (a date or an RFC
    /// 3339 date-time), in document order, from its ledger rows (JSON text of `LedgerImage`s);
    /// `version`: the newest of `changeSetsJson` (JSON text of change sets, optional) in force.
    documentAt(p: DocumentAtParams as "IDocumentAtParams") -> DocumentAt as "Outcome<IDocumentAtResult>" {
        let sets: Vec<ChangeSetMark> = match p.change_sets_json {
            Some(text) => from_json("changeSets", &text)?,
            None => Vec::new(),
        };
        let t = instant("at", &p.at)?;
        let rows = rows_of(&p.rows_json)?;
        Ok(DocumentAt { units: document_at(&rows, t)?, version: change_set_at(&sets, t)?.cloned() })
    }

    /// `{ ok, versions, version_at }`: every version of one unit, oldest first, from its ledger
    /// rows (JSON text), and which of them was in force at `at` (optional).
    unitHistory(p: UnitHistoryParams as "IUnitHistoryParams") -> History as "Outcome<IUnitHistoryResult>" {
        let at = p.at.map(|a| instant("at", &a)).transpose()?;
        let versions = unit_history(&rows_of(&p.rows_json)?)?;
        let version_at = match at {
            Some(t) => version_at(&versions, t)?,
            None => None,
        };
        Ok(History { versions, version_at })
    }

    /// `{ ok, ops: [{ op: "equal"|"insert"|"delete", text }] }`: the word diff of two texts.
    diffWords(p: DiffWordsParams as "IDiffWordsParams") -> Words as "Outcome<IDiffWordsResult>" {
        Ok(Words { ops: diff_words(&p.before, &p.after) })
    }

    /// `{ ok, counts, units }`: how the document changed between `from` and `to`, unit by unit
    /// (matched by id), with word diffs of headings and bodies; unchanged units when asked.
    documentDiff(p: DocumentDiffParams as "IDocumentDiffParams") -> Diff as "Outcome<IDocumentDiffResult>" {
        let from = instant("from", &p.from)?;
        let to = instant("to", &p.to)?;
        let rows = p.rows.read("rows")?;
        let diff = document_diff(&rows, from, to, p.include_unchanged)?;
        Ok(Diff { counts: diff.counts, units: diff.units })
    }
}
