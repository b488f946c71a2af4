//! Amending laws: read one, or apply several to a document's stored units as a manifest.

use iu_cutter_core::change::amend::preview::{
    manual_edits, preview, AmendFacts, AmendPreview, AmendingText, PreviewInput,
};
use iu_cutter_core::change::amend::Recorded;
use iu_cutter_core::read::amending_law::{read_amending_law, AmendingLaw};
use iu_cutter_core::store::unit::StoredUnit;
use iu_cutter_core::text::vocabulary::{SectionType, Vocabulary};
use serde::{Deserialize, Serialize};

use crate::adapter::{exports, JsonOr};

#[derive(Serialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IReadAmendingLawResult")
)]
struct ReadOutcome {
    law: AmendingLaw,
}

/// `readAmendingLaw`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(rename = "IReadAmendingLawParams")
)]
pub(crate) struct ReadAmendingLawParams {
    text: String,
    doc_code: String,
    vocabulary: JsonOr<Vocabulary>,
}

/// `amendPlan`'s parameters.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "IAmendPlanParams"))]
pub(crate) struct AmendPlanParams {
    amending: JsonOr<Vec<AmendingText>>,
    doc_code: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    title: Option<String>,
    vocabulary: JsonOr<Vocabulary>,
    stored: JsonOr<Vec<StoredUnit>>,
    input: JsonOr<AmendFacts>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    section_types: Option<JsonOr<Vec<SectionType>>>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    recorded: Option<JsonOr<Vec<Recorded>>>,
    /// Read edit by edit by the core (`manual_edits`), so a bad one is refused naming `manual[i].field`.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<JsonOr<Vec<iu_cutter_core::change::amend::ManualEdit>>>", optional = nullable))]
    manual: Option<JsonOr<Vec<serde_json::Value>>>,
}

exports! {
    /// `{ ok, law }`: the instructions of one amending law, and what could not be read.
    readAmendingLaw(p: ReadAmendingLawParams as "IReadAmendingLawParams") -> ReadOutcome as "Outcome<IReadAmendingLawResult>" {
        let vocabulary = p.vocabulary.vocabulary()?;
        Ok(ReadOutcome { law: read_amending_law(&p.text, &p.doc_code, &vocabulary) })
    }

    /// `{ ok, laws, ranks, matches, steps, dates, plannedDate, waiting, envelope, blocks, sha256, gates,
    /// cutJson }`: the amending laws read and their instructions for this document put in order,
    /// one change set per date (`core::amend::preview`). `doc_code` and `title` say which of the laws
    /// an amending law amends is this document. `manual`: the editor's edits by hand
    /// (`[{ op: 'edit' | 'add' | 'applied', … }]`, core::amend::ManualEdit), applied after the
    /// instructions; a bad one is refused naming `manual[i].field`.
    amendPlan(p: AmendPlanParams as "IAmendPlanParams") -> AmendPreview as "Outcome<AmendPreview>" {
        let vocabulary = p.vocabulary.vocabulary()?;
        let amending = p.amending.read("amending")?;
        let stored = p.stored.read("stored")?;
        let facts = p.input.read("input")?;
        let recorded = JsonOr::read_opt(p.recorded, "recorded")?.unwrap_or_default();
        let manual = manual_edits(JsonOr::read_opt(p.manual, "manual")?.unwrap_or_default())?;
        let section_types = JsonOr::read_opt(p.section_types, "sectionTypes")?;
        preview(PreviewInput {
            amending: &amending,
            doc_code: &p.doc_code,
            title: p.title.as_deref(),
            vocabulary: &vocabulary,
            stored: &stored,
            facts,
            section_types: section_types.as_deref(),
            recorded: &recorded,
            manual: &manual,
        })
    }
}
