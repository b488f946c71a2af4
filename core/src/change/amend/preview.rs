//! The preview of amending laws applied to a document: the laws read, every instruction's
//! standing, the dates of the sequence and the manifest planned now (as its stored parts).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{
    plan_sequence, rank, AmendPlan, DateGroup, ManualEdit, Outcome, Rank, Recorded, Schedule,
    Standing,
};
use crate::change::gate::{result_gates, GateReport};
use crate::change::manifest::canonical_parts_sha256;
use crate::change::plan::PlanInput;
use crate::read::amending_law::{hint, law_match, read_amending_law, AmendingLaw, LawMatch};
use crate::store::unit::StoredUnit;
use crate::text::report::ErrorReport;
use crate::text::vocabulary::{SectionType, Vocabulary};

/// One amending law as the caller has it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AmendingText {
    pub text: String,
    pub doc_code: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub document_id: Option<String>,
}

/// The plan's facts, as `planDocument` takes them; `effective_from` may be left out, and then
/// it is the day the earliest applied instruction comes into force (Vietnam time).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AmendFacts {
    pub document_id: String,
    pub source_sha256: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub effective_from: Option<String>,
    pub created_at: String,
    pub created_by: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub enact: bool,
    #[serde(default)]
    pub allow_mass_retire: bool,
}

/// What [`preview`] reads.
pub struct PreviewInput<'a> {
    /// The amending laws.
    pub amending: &'a [AmendingText],
    /// The amended document's code and title: which of the laws an amending law names is it.
    pub doc_code: &'a str,
    pub title: Option<&'a str>,
    pub vocabulary: &'a Vocabulary,
    /// The document's units as stored.
    pub stored: &'a [StoredUnit],
    pub facts: AmendFacts,
    /// The section_type rows: also answer the result gates.
    pub section_types: Option<&'a [SectionType]>,
    /// The instructions in the envelopes of this document's change sets.
    pub recorded: &'a [Recorded],
    /// The editor's edits by hand ([`manual_edits`]).
    pub manual: &'a [ManualEdit],
}

/// What became of one instruction, for the preview.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepView {
    #[serde(rename = "ref")]
    pub reference: String,
    pub law: String,
    pub provision: String,
    #[cfg_attr(feature = "ts", ts(as = "crate::read::amending_law::Kind"))]
    pub kind: &'static str,
    pub part: crate::read::amending_law::Part,
    /// The law it amends, as the amending law names it (`Luật Đầu tư (61/2020/QH14)`).
    pub amends: String,
    pub targets: Vec<String>,
    pub effective: Option<String>,
    pub words: String,
    pub line: u32,
    /// `applied` / `not-applied` (in the change set planned now), `recorded` (in change set
    /// `entry` already), `later` (a later date's change set), `waiting` (for the open change set
    /// `entry` to be cut), `other-law`.
    #[cfg_attr(
        feature = "ts",
        ts(type = "'applied' | 'not-applied' | 'recorded' | 'later' | 'waiting' | 'other-law'")
    )]
    pub status: &'static str,
    /// Applied in the change set planned now.
    pub applied: bool,
    pub for_document: bool,
    /// 1-based place in the order the document's instructions apply in.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub order: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub entry: Option<String>,
    /// For `recorded`: whether that change set applied it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub recorded_applied: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub hint: Option<&'static str>,
    pub changed: Vec<String>,
    pub blocks: Vec<usize>,
    /// The editor's note, when the editor marked it carried out by hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub by_hand: Option<String>,
}

/// One date of the sequence, for the page.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DateView {
    pub date: Option<String>,
    #[cfg_attr(
        feature = "ts",
        ts(type = "'cut' | 'open' | 'planned' | 'later' | 'waiting'")
    )]
    pub state: &'static str,
    pub changes: bool,
    pub instructions: usize,
    pub entries: Vec<String>,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AmendPreview {
    pub laws: Vec<AmendingLaw>,
    /// Per law: its kind and rank (the same-day order), and which of the laws it names is this document.
    pub ranks: Vec<Rank>,
    pub matches: Vec<LawMatch>,
    pub steps: Vec<StepView>,
    pub dates: Vec<DateView>,
    /// The date of the change set planned now (`null` inside: undated); absent: nothing planned.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub planned_date: Option<Option<String>>,
    /// Open change sets (entries) the next date waits for.
    pub waiting: Vec<String>,
    pub envelope: String,
    pub blocks: Vec<String>,
    sha256: String,
    pub gates: Option<GateReport>,
    /// The document's units after the amendments, as a cut (JSON text, as `planDocument` answers it).
    pub cut_json: String,
}

/// The amending laws read and their instructions for this document put in order, one change
/// set per date ([`plan_sequence`]): the change set planned now is the earliest date not yet
/// `recorded`, planned as a manifest (its stored parts). The editor's edits by hand are applied
/// after the instructions.
pub fn preview(input: PreviewInput<'_>) -> Result<AmendPreview, ErrorReport> {
    let PreviewInput {
        amending: texts,
        doc_code,
        title,
        vocabulary,
        stored,
        facts: args,
        section_types,
        recorded,
        manual,
    } = input;
    let slug = crate::text::doc_code::normalize_doc_code(doc_code).map_err(|e| ErrorReport {
        code: "invalid-doc-code",
        reason: format!("docCode: '{doc_code}' is not a document code: {e}"),
        offset: None,
        hint: "pass the amended document's doc_code".into(),
        field: None,
    })?;
    let laws: Vec<AmendingLaw> = texts
        .iter()
        .map(|t| read_amending_law(&t.text, &t.doc_code, vocabulary))
        .collect();
    let ranks: Vec<Rank> = texts.iter().map(|t| rank(&t.doc_code, &t.text)).collect();
    let ids: Vec<Option<String>> = texts.iter().map(|t| t.document_id.clone()).collect();
    let given = args.effective_from.is_some();
    let allow_mass_retire = args.allow_mass_retire;
    let input = plan_input(args);
    let schedule = plan_sequence(
        &laws,
        &ranks,
        &ids,
        title,
        stored,
        vocabulary,
        &slug,
        &input,
        given,
        recorded,
        allow_mass_retire,
        manual,
    )?;
    let plan = &schedule.plan;
    let gates = section_types.map(|types| result_gates(&plan.manifest, stored, types));
    let (envelope, blocks) = plan.manifest.canonical_parts();
    let sha256 = canonical_parts_sha256(&envelope, &blocks);
    let full = |p: &String| {
        if p.is_empty() {
            slug.clone()
        } else {
            format!("{slug}/{p}")
        }
    };
    let steps = steps(&laws, &schedule, recorded, &full);
    let dates = schedule.dates.iter().map(DateView::of).collect();
    let matches = laws
        .iter()
        .map(|l| law_match(l, doc_code, &slug, title))
        .collect();
    let cut_json = serde_json::to_string(&plan.cut).map_err(|e| ErrorReport {
        code: "internal",
        reason: format!("cannot serialize the cut: {e}"),
        offset: None,
        hint: "report this as a bug".into(),
        field: None,
    })?;
    Ok(AmendPreview {
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
}

/// What the planner is given: the facts of the change set. Without an `effective_from` given,
/// the creation time stands in until the planned date's midnight (Vietnam time) replaces it.
fn plan_input(args: AmendFacts) -> PlanInput {
    PlanInput {
        document_id: args.document_id,
        source_sha256: args.source_sha256,
        effective_from: args
            .effective_from
            .unwrap_or_else(|| args.created_at.clone()),
        created_at: args.created_at,
        created_by: args.created_by,
        enact: args.enact,
        // Set where every amendment is planned (apply::plan_result).
        by_enacted_law: false,
        scope: None,
    }
}

/// Every instruction as a reviewer reads it: this document's in the order they apply, each with
/// where it stands, then the others, law by law.
fn steps(
    laws: &[AmendingLaw],
    schedule: &Schedule,
    recorded: &[Recorded],
    full: &impl Fn(&String) -> String,
) -> Vec<StepView> {
    let plan = &schedule.plan;
    // The instructions the editor marked carried out by hand, as the envelope records them.
    let by_hand: HashMap<&str, String> = plan
        .manifest
        .envelope
        .amendment
        .iter()
        .flat_map(|a| &a.steps)
        .filter_map(|s| Some((s.reference.as_str(), s.by_hand.as_ref()?.note.clone())))
        .collect();
    let mut steps: Vec<StepView> = Vec::new();
    let mut mine = HashSet::new();
    for (i, (s, standing)) in schedule.order.iter().zip(&schedule.standing).enumerate() {
        mine.insert((s.law, s.instruction));
        let mut v = StepView::of(laws, s.law, s.instruction, full);
        v.for_document = true;
        v.order = Some(i + 1);
        v.effective = s.date.clone();
        match standing {
            Standing::Planned { step } => {
                v.by_hand = by_hand.get(v.reference.as_str()).cloned();
                v.planned(plan, *step, full);
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
                steps.push(StepView::of(laws, l, k, full));
            }
        }
    }
    steps
}

impl StepView {
    /// Instruction `k` of law `l` as read, before anything says where it stands (another law's).
    fn of(laws: &[AmendingLaw], l: usize, k: usize, full: &impl Fn(&String) -> String) -> Self {
        let law = &laws[l];
        let ins = &law.instructions[k];
        StepView {
            reference: format!("{}/{}", law.doc, ins.id),
            law: law.doc_code.clone(),
            provision: ins.provision.clone(),
            kind: ins.kind.as_str(),
            part: ins.part,
            amends: law
                .laws
                .get(ins.law_index)
                .map_or_else(String::new, |a| match &a.doc_code {
                    Some(c) if !a.name.contains(c.as_str()) => format!("{} ({c})", a.name),
                    _ => a.name.clone(),
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
    }

    /// An instruction of the change set planned now: applied (with the units it changed) or not
    /// (with why and what to do), and the blocks it caused.
    fn planned(&mut self, plan: &AmendPlan, step: usize, full: &impl Fn(&String) -> String) {
        let a = &plan.applied[step];
        self.blocks = plan.blocks[step].clone();
        match &a.outcome {
            Outcome::Applied { changed } => {
                self.status = "applied";
                self.applied = true;
                self.changed = changed.iter().map(full).collect();
            }
            Outcome::NotApplied { code, reason } => {
                self.status = "not-applied";
                self.code = Some((*code).to_owned());
                self.reason = Some(reason.clone());
                self.hint = Some(hint(code));
            }
            Outcome::OtherLaw => {}
        }
    }
}

impl DateView {
    fn of(g: &DateGroup) -> Self {
        DateView {
            date: g.date.clone(),
            state: g.state,
            changes: g.changes,
            instructions: g.members.len(),
            entries: g.entries.clone(),
        }
    }
}

/// The editor's edits by hand, each read on its own so a bad one is named by its index.
pub fn manual_edits(items: Vec<serde_json::Value>) -> Result<Vec<ManualEdit>, ErrorReport> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            serde_json::from_value::<ManualEdit>(v).map_err(|e| ErrorReport {
                code: "manual-edit",
                reason: format!("manual[{i}]: {e}"),
                offset: None,
                hint: "an edit by hand is { op: 'edit', address, heading?, body, note }, { op: 'add', parent, kind, number, after?, heading?, body, note } or { op: 'applied', step | law + offset, note }".into(),
                field: Some(format!("manual[{i}]")),
            })
        })
        .collect()
}
