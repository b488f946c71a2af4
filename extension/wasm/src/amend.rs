//! Amending laws: read one, or apply several to a document's stored units as a manifest.

use iu_cutter_core::amend::{
    hint, law_match, plan_sequence, rank, read_amending_law, AmendingLaw, DateGroup, LawMatch,
    ManualEdit, Outcome, Rank, Recorded, Standing,
};
use iu_cutter_core::gate::result_gates;
use iu_cutter_core::manifest::canonical_parts_sha256;
use iu_cutter_core::plan::PlanInput;
use iu_cutter_core::unit::StoredUnit;
use iu_cutter_core::vocabulary::SectionType;
use iu_cutter_core::ErrorReport;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::adapter::{from_js, outcome};
use crate::workflow::read_vocabulary;

/// One amending law as the caller has it.
#[derive(Deserialize)]
struct AmendingText {
    text: String,
    doc_code: String,
    #[serde(default)]
    document_id: Option<String>,
}

/// The plan's facts, as `planDocument` takes them; `effective_from` may be left out, and then
/// it is the day the earliest applied instruction comes into force (Vietnam time).
#[derive(Deserialize)]
struct AmendArgs {
    document_id: String,
    source_sha256: String,
    #[serde(default)]
    effective_from: Option<String>,
    created_at: String,
    created_by: String,
    #[serde(default)]
    enact: bool,
    #[serde(default)]
    allow_mass_retire: bool,
}

#[derive(Serialize)]
struct ReadOutcome {
    law: AmendingLaw,
}

/// `{ ok, law }`: the instructions of one amending law, and what could not be read.
#[wasm_bindgen(js_name = readAmendingLaw)]
pub fn read_amending_law_js(
    text: &str,
    doc_code: &str,
    vocabulary: JsValue,
) -> Result<JsValue, JsError> {
    outcome((|| {
        let vocabulary = read_vocabulary(vocabulary)?;
        Ok(ReadOutcome {
            law: read_amending_law(text, doc_code, &vocabulary),
        })
    })())
}

/// What became of one instruction, for the preview.
#[derive(Serialize)]
struct StepView {
    #[serde(rename = "ref")]
    reference: String,
    law: String,
    provision: String,
    kind: &'static str,
    part: iu_cutter_core::amend::Part,
    /// The law it amends, as the amending law names it (`Luật Đầu tư (61/2020/QH14)`).
    amends: String,
    targets: Vec<String>,
    effective: Option<String>,
    words: String,
    line: u32,
    /// `applied` / `not-applied` (in the change set planned now), `recorded` (in change set
    /// `entry` already), `later` (a later date's change set), `waiting` (for the open change set
    /// `entry` to be cut), `other-law`.
    status: &'static str,
    /// Applied in the change set planned now.
    applied: bool,
    for_document: bool,
    /// 1-based place in the order the document's instructions apply in.
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entry: Option<String>,
    /// For `recorded`: whether that change set applied it.
    #[serde(skip_serializing_if = "Option::is_none")]
    recorded_applied: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'static str>,
    changed: Vec<String>,
    blocks: Vec<usize>,
    /// The editor's note, when the editor marked it carried out by hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    by_hand: Option<String>,
}

/// One date of the sequence, for the page.
#[derive(Serialize)]
struct DateView {
    date: Option<String>,
    state: &'static str,
    changes: bool,
    instructions: usize,
    entries: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AmendOutcome {
    laws: Vec<AmendingLaw>,
    /// Per law: its kind and rank (the same-day order), and which of the laws it names is this document.
    ranks: Vec<Rank>,
    matches: Vec<LawMatch>,
    steps: Vec<StepView>,
    dates: Vec<DateView>,
    /// The date of the change set planned now (`null` inside: undated); absent: nothing planned.
    #[serde(skip_serializing_if = "Option::is_none")]
    planned_date: Option<Option<String>>,
    /// Open change sets (entries) the next date waits for.
    waiting: Vec<String>,
    envelope: String,
    blocks: Vec<String>,
    sha256: String,
    gates: Option<iu_cutter_core::gate::GateReport>,
    /// The document's units after the amendments, as a cut (JSON text, as `planDocument` answers it).
    cut_json: String,
}

/// `{ ok, laws, ranks, matches, steps, dates, plannedDate, waiting, envelope, blocks, sha256, gates,
/// cutJson }`: the amending laws read and their instructions for this document put in order,
/// one change set per date ([`plan_sequence`]): the change set planned now is the earliest date
/// not yet `recorded` (the instructions in the envelopes of this document's change sets, each
/// with its entry and whether it is cut), planned as a manifest (its stored parts). `doc_code`
/// and `title` say which of the laws an amending law amends is this document. `manual`: the
/// editor's edits by hand (`[{ op: 'edit' | 'add' | 'applied', … }]`, core::amend::ManualEdit),
/// applied after the instructions; a bad one is refused naming `manual[i].field`.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen(js_name = amendPlan)]
pub fn amend_plan(
    amending: JsValue,
    doc_code: &str,
    title: Option<String>,
    vocabulary: JsValue,
    stored: JsValue,
    input: JsValue,
    section_types: JsValue,
    recorded: JsValue,
    manual: JsValue,
) -> Result<JsValue, JsError> {
    outcome((|| {
        let vocabulary = read_vocabulary(vocabulary)?;
        let texts: Vec<AmendingText> = from_js("amending", amending)?;
        let stored: Vec<StoredUnit> = from_js("stored", stored)?;
        let args: AmendArgs = from_js("input", input)?;
        let recorded: Vec<Recorded> = if recorded.is_undefined() || recorded.is_null() {
            Vec::new()
        } else {
            from_js("recorded", recorded)?
        };
        let manual = manual_edits(manual)?;
        let slug = iu_cutter_core::normalize_doc_code(doc_code).map_err(|e| ErrorReport {
            code: "invalid-doc-code",
            reason: format!("docCode: '{doc_code}' is not a document code: {e}"),
            offset: None,
            hint: "pass the amended document's doc_code".into(),
        })?;
        let laws: Vec<AmendingLaw> = texts
            .iter()
            .map(|t| read_amending_law(&t.text, &t.doc_code, &vocabulary))
            .collect();
        let ranks: Vec<Rank> = texts.iter().map(|t| rank(&t.doc_code, &t.text)).collect();
        let ids: Vec<Option<String>> = texts.iter().map(|t| t.document_id.clone()).collect();
        let given = args.effective_from.is_some();
        let input = PlanInput {
            document_id: args.document_id,
            source_sha256: args.source_sha256,
            // Without one given: the planned date's midnight (Vietnam time), else the creation time.
            effective_from: args
                .effective_from
                .unwrap_or_else(|| args.created_at.clone()),
            created_at: args.created_at,
            created_by: args.created_by,
            enact: args.enact,
            scope: None,
        };
        let schedule = plan_sequence(
            &laws,
            &ranks,
            &ids,
            title.as_deref(),
            &stored,
            &vocabulary,
            &slug,
            &input,
            given,
            &recorded,
            args.allow_mass_retire,
            &manual,
        )
        .map_err(|e| e.to_report())?;
        let plan = &schedule.plan;
        let gates = if section_types.is_undefined() || section_types.is_null() {
            None
        } else {
            let types: Vec<SectionType> = from_js("sectionTypes", section_types)?;
            Some(result_gates(&plan.manifest, &stored, &types))
        };
        let (envelope, blocks) = plan.manifest.canonical_parts();
        let sha256 = canonical_parts_sha256(&envelope, &blocks);
        let full = |p: &String| {
            if p.is_empty() {
                slug.clone()
            } else {
                format!("{slug}/{p}")
            }
        };
        let view = |l: usize, k: usize| {
            let law = &laws[l];
            let ins = &law.instructions[k];
            StepView {
                reference: format!("{}/{}", law.doc, ins.id),
                law: law.doc_code.clone(),
                provision: ins.provision.clone(),
                kind: ins.kind.as_str(),
                part: ins.part,
                amends: law.laws.get(ins.law_index).map_or_else(String::new, |a| {
                    match &a.doc_code {
                        Some(c) if !a.name.contains(c.as_str()) => format!("{} ({c})", a.name),
                        _ => a.name.clone(),
                    }
                }),
                targets: ins.targets.iter().map(full).collect(),
                effective: ins.effective.clone().or_else(|| law.in_force.clone()),
                words: ins.words.clone(),
                line: ins.span.line,
                status: "other-law",
                applied: false,
                for_document: false,
                order: None,
                entry: None,
                recorded_applied: None,
                code: None,
                reason: None,
                hint: None,
                changed: Vec::new(),
                blocks: Vec::new(),
                by_hand: None,
            }
        };
        // The instructions the editor marked carried out by hand, as the envelope records them.
        let by_hand: std::collections::HashMap<&str, String> = plan
            .manifest
            .envelope
            .amendment
            .iter()
            .flat_map(|a| &a.steps)
            .filter_map(|s| Some((s.reference.as_str(), s.by_hand.as_ref()?.note.clone())))
            .collect();
        // This document's instructions in the order they apply, then the others, law by law.
        let mut steps: Vec<StepView> = Vec::new();
        let mut mine = std::collections::HashSet::new();
        for (i, (s, standing)) in schedule.order.iter().zip(&schedule.standing).enumerate() {
            mine.insert((s.law, s.instruction));
            let mut v = view(s.law, s.instruction);
            v.for_document = true;
            v.order = Some(i + 1);
            v.effective = s.date.clone();
            match standing {
                Standing::Planned { step } => {
                    let a = &plan.applied[*step];
                    v.by_hand = by_hand.get(v.reference.as_str()).cloned();
                    v.blocks = plan.blocks[*step].clone();
                    match &a.outcome {
                        Outcome::Applied { changed } => {
                            v.status = "applied";
                            v.applied = true;
                            v.changed = changed.iter().map(full).collect();
                        }
                        Outcome::NotApplied { code, reason } => {
                            v.status = "not-applied";
                            v.code = Some((*code).to_owned());
                            v.reason = Some(reason.clone());
                            v.hint = Some(hint(code));
                        }
                        Outcome::OtherLaw => {}
                    }
                }
                Standing::Recorded { entry, applied, .. } => {
                    v.status = "recorded";
                    v.entry = Some(entry.clone());
                    v.recorded_applied = Some(*applied);
                    if let Some(r) = recorded.iter().rev().find(|r| r.reference == v.reference) {
                        v.code = r.code.clone();
                        v.reason = r.reason.clone();
                    }
                }
                Standing::Later => v.status = "later",
                Standing::Waiting { entry } => {
                    v.status = "waiting";
                    v.entry = Some(entry.clone());
                }
            }
            steps.push(v);
        }
        for (l, law) in laws.iter().enumerate() {
            for k in 0..law.instructions.len() {
                if !mine.contains(&(l, k)) {
                    steps.push(view(l, k));
                }
            }
        }
        let dates = schedule
            .dates
            .iter()
            .map(|g: &DateGroup| DateView {
                date: g.date.clone(),
                state: g.state,
                changes: g.changes,
                instructions: g.members.len(),
                entries: g.entries.clone(),
            })
            .collect();
        let matches = laws
            .iter()
            .map(|l| law_match(l, doc_code, &slug, title.as_deref()))
            .collect();
        let cut_json = serde_json::to_string(&plan.cut).map_err(|e| ErrorReport {
            code: "internal",
            reason: format!("cannot serialize the cut: {e}"),
            offset: None,
            hint: "report this as a bug".into(),
        })?;
        Ok(AmendOutcome {
            laws,
            ranks,
            matches,
            steps,
            dates,
            planned_date: schedule.planned_date.clone(),
            waiting: schedule.waiting.clone(),
            envelope,
            blocks,
            sha256,
            gates,
            cut_json,
        })
    })())
}

/// The editor's edits by hand, each read on its own so a bad one is named by its index.
fn manual_edits(manual: JsValue) -> Result<Vec<ManualEdit>, ErrorReport> {
    if manual.is_undefined() || manual.is_null() {
        return Ok(Vec::new());
    }
    let items: Vec<serde_json::Value> = from_js("manual", manual)?;
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            serde_json::from_value::<ManualEdit>(v).map_err(|e| ErrorReport {
                code: "manual-edit",
                reason: format!("manual[{i}]: {e}"),
                offset: None,
                hint: "an edit by hand is { op: 'edit', address, heading?, body, note }, { op: 'add', parent, kind, number, after?, heading?, body, note } or { op: 'applied', step | law + offset, note }".into(),
            })
        })
        .collect()
}
