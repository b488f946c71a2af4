//! The CUT / VERIFY workflow rules: which step may run in which state, and by whom.
//!
//! A decision backlog entry's history is a list of [`HistoryEvent`]s, oldest first. It
//! starts with exactly one `submitted`; each later event must follow from the one
//! before it:
//!
//! ```text
//! submitted ─┬─> approved ──> cut ─┬─> verified ──> swept
//!            └─> rejected          └─> verify_failed ─┬─> verified
//!                                          ↑          │
//!                                          └──────────┘  (a failed verification may be repeated)
//! ```
//!
//! The entry's state is its last event. [`check`] says whether one [`Step`] may run now:
//!
//! | step       | needs state                          | and                           |
//! |------------|--------------------------------------|-------------------------------|
//! | `review`   | submitted                            | actor ≠ submitter             |
//! | `cut`      | approved                             |                               |
//! | `verify`   | cut or verify_failed                 | actor ≠ executor (last `cut`) |
//! | `sweep`    | verified                             |                               |
//! | `rollback` | cut, verified, verify_failed, swept  |                               |
//!
//! A refusal carries its kind (a corrupt history, a wrong state, the two-person rule),
//! a stable code and a message that says the current state and what is needed; what
//! HTTP status a kind is answered with is the extension's to say. The state is checked
//! before the person: a step that may not run at all is a wrong state whoever asks. Actors are compared trimmed and ASCII-case-insensitively, so
//! `DOT-991` and `dot-991` are one person. A rollback is a new manifest with its own
//! entry and history; the rolled-back entry's history does not change, so a second
//! rollback of it is refused by [`crate::change::rollback::rollback`] (the store moved on).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::report::ErrorReport;

/// What happened to a backlog entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Submitted,
    Approved,
    Rejected,
    Cut,
    Verified,
    VerifyFailed,
    Swept,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Submitted => "submitted",
            Event::Approved => "approved",
            Event::Rejected => "rejected",
            Event::Cut => "cut",
            Event::Verified => "verified",
            Event::VerifyFailed => "verify_failed",
            Event::Swept => "swept",
        }
    }

    // The states this event may follow; `submitted` follows nothing (it opens the history).
    fn follows(self) -> &'static [Event] {
        match self {
            Event::Submitted => &[],
            Event::Approved | Event::Rejected => &[Event::Submitted],
            Event::Cut => &[Event::Approved],
            Event::Verified | Event::VerifyFailed => &[Event::Cut, Event::VerifyFailed],
            Event::Swept => &[Event::Verified],
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One row of a backlog entry's history: what happened and who did it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEvent {
    pub event: Event,
    /// User or agent id.
    pub actor: String,
}

/// A step of the workflow someone asks to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Review,
    Cut,
    Verify,
    Sweep,
    Rollback,
}

impl Step {
    /// Every step, for messages listing them.
    pub const ALL: [Step; 5] = [
        Step::Review,
        Step::Cut,
        Step::Verify,
        Step::Sweep,
        Step::Rollback,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Review => "review",
            Step::Cut => "cut",
            Step::Verify => "verify",
            Step::Sweep => "sweep",
            Step::Rollback => "rollback",
        }
    }

    /// The step named `name` (`"review"` …), exactly as serialized.
    pub fn parse(name: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.as_str() == name)
    }

    // The states the step may run in, and how to say so.
    fn needs(self) -> (&'static [Event], &'static str) {
        match self {
            Step::Review => (&[Event::Submitted], "submitted"),
            Step::Cut => (&[Event::Approved], "approved (an approving review)"),
            Step::Verify => (&[Event::Cut, Event::VerifyFailed], "cut or verify_failed"),
            Step::Sweep => (&[Event::Verified], "verified"),
            Step::Rollback => (
                &[
                    Event::Cut,
                    Event::Verified,
                    Event::VerifyFailed,
                    Event::Swept,
                ],
                "cut, verified, verify_failed or swept (a manifest that was applied)",
            ),
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// What kind of rule refused a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum RefusalKind {
    /// The history breaks the workflow: it does not start with one `submitted`, or skips a step.
    CorruptHistory,
    /// The entry is not in a state the step runs in.
    WrongState,
    /// The two-person rule: the actor may not review or verify their own work.
    TwoPerson,
}

/// Why a step may not run: what an endpoint answers (kind, code, message).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Refusal {
    /// What kind of rule refused: the extension answers each with its HTTP status.
    pub kind: RefusalKind,
    /// Stable code, e.g. `IU_TWO_PERSON_VERIFY`.
    pub code: String,
    /// What is wrong and what to do, in words a reviewer or executor acts on.
    pub message: String,
    /// The rule that refused, for the two-person rule (`reviewer ≠ submitter`, `verifier ≠ executor`).
    pub rule: Option<String>,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

fn refusal(kind: RefusalKind, code: &str, message: String, rule: Option<&str>) -> Refusal {
    Refusal {
        kind,
        code: code.into(),
        message,
        rule: rule.map(str::to_string),
    }
}

/// The entry's state: its last event; `None` for an empty history.
pub fn state(history: &[HistoryEvent]) -> Option<Event> {
    history.last().map(|h| h.event)
}

/// Whether an entry with this history is still open: submitted or approved, so not
/// yet rejected nor applied. A submit of the manifest an open entry holds (same
/// document, same sha256) returns that entry instead of opening a second one; a
/// rejected, cut, verified or swept entry does not stand in the way of a new submit.
pub fn is_open(history: &[HistoryEvent]) -> bool {
    matches!(state(history), Some(Event::Submitted | Event::Approved))
}

/// The answer to "may `actor` run the step named `step` on an entry with this history?":
/// a refusal is an answer (`allowed: false`), not an error; a question that names no step
/// or no actor is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Permission {
    pub allowed: bool,
    /// The entry's state (its last event); null for an empty history.
    pub state: Option<Event>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub refusal: Option<Refusal>,
}

/// [`check`] of a step named as text, for callers outside Rust.
pub fn ask(step: &str, history: &[HistoryEvent], actor: &str) -> Result<Permission, ErrorReport> {
    let step = Step::parse(step).ok_or_else(|| ErrorReport {
        code: "unknown-step",
        reason: format!("step: '{step}' is not a workflow step"),
        offset: None,
        hint: format!("use one of {}", Step::ALL.map(Step::as_str).join(", ")),
        field: Some("step".into()),
    })?;
    if actor.trim().is_empty() {
        return Err(ErrorReport {
            code: "empty-field",
            reason: "actor is empty".into(),
            offset: None,
            hint: "pass the id of the user or agent asking: the two-person rule compares it".into(),
            field: Some("actor".into()),
        });
    }
    let refusal = check(step, history, actor).err();
    Ok(Permission {
        allowed: refusal.is_none(),
        state: state(history),
        refusal,
    })
}

/// Whether `actor` may run `step` on an entry with this `history` (oldest first).
pub fn check(step: Step, history: &[HistoryEvent], actor: &str) -> Result<(), Refusal> {
    check_history(history)?;
    // check_history refused an empty history, so there is a state and a submitter.
    let (Some(state), Some(first)) = (state(history), history.first()) else {
        return Err(corrupt("the history is empty".into()));
    };
    let (allowed, needed) = step.needs();
    if !allowed.contains(&state) {
        return Err(wrong_state(step, state, needed));
    }
    match step {
        Step::Review if same_actor(&first.actor, actor) => Err(refusal(
            RefusalKind::TwoPerson,
            "IU_TWO_PERSON_REVIEW",
            format!(
                "Two-person rule: a reviewer never approves their own manifest; this entry was submitted by {}. Ask another reviewer.",
                first.actor
            ),
            Some("reviewer ≠ submitter"),
        )),
        Step::Verify => {
            let executor = history
                .iter()
                .rev()
                .find(|h| h.event == Event::Cut)
                .map(|h| h.actor.as_str());
            match executor {
                Some(executor) if same_actor(executor, actor) => Err(refusal(
                    RefusalKind::TwoPerson,
                    "IU_TWO_PERSON_VERIFY",
                    format!(
                        "Two-person rule: the verifier of a change set is never its executor; this change set was cut by {executor}. Ask another verifier."
                    ),
                    Some("verifier ≠ executor"),
                )),
                _ => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

fn same_actor(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn corrupt(why: String) -> Refusal {
    refusal(
        RefusalKind::CorruptHistory,
        "IU_HISTORY_CORRUPT",
        format!("The entry's history is corrupt: {why}. It must start with exactly one 'submitted' and follow submitted → approved|rejected, approved → cut, cut → verified|verify_failed, verify_failed → verified|verify_failed, verified → swept; run VERIFY on the ledger."),
        None,
    )
}

fn wrong_state(step: Step, state: Event, needed: &str) -> Refusal {
    match (step, state) {
        (Step::Review, Event::Approved | Event::Rejected) => refusal(
            RefusalKind::WrongState,
            "IU_WRONG_STATE",
            format!("This manifest was already reviewed (state: {state}); review needs state {needed}."),
            None,
        ),
        (Step::Cut, Event::Cut | Event::Verified | Event::VerifyFailed | Event::Swept) => refusal(
            RefusalKind::WrongState,
            "IU_ALREADY_APPLIED",
            format!("This manifest was already applied (state: {state}); a manifest is cut once. To undo it, roll it back."),
            None,
        ),
        _ => refusal(
            RefusalKind::WrongState,
            "IU_WRONG_STATE",
            format!("This entry is in state {state}; {step} needs state {needed}."),
            None,
        ),
    }
}

// One `submitted` first, then only transitions the workflow allows, every actor named.
fn check_history(history: &[HistoryEvent]) -> Result<(), Refusal> {
    let Some(first) = history.first() else {
        return Err(corrupt("the history is empty".into()));
    };
    if first.event != Event::Submitted {
        return Err(corrupt(format!(
            "it starts with '{}', not 'submitted'",
            first.event
        )));
    }
    for (i, h) in history.iter().enumerate() {
        if h.actor.trim().is_empty() {
            return Err(corrupt(format!("event {i} ('{}') has no actor", h.event)));
        }
        if i == 0 {
            continue;
        }
        let previous = history[i - 1].event;
        if h.event == Event::Submitted {
            return Err(corrupt(format!("event {i} is a second 'submitted'")));
        }
        if !h.event.follows().contains(&previous) {
            return Err(corrupt(format!(
                "event {i} ('{}') cannot follow '{previous}'",
                h.event
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(events: &[(Event, &str)]) -> Vec<HistoryEvent> {
        events
            .iter()
            .map(|&(event, actor)| HistoryEvent {
                event,
                actor: actor.into(),
            })
            .collect()
    }

    use Event::*;

    const SUBMITTER: &str = "editor@example.com";
    const REVIEWER: &str = "reviewer@example.com";
    const EXECUTOR: &str = "DOT-991";
    const VERIFIER: &str = "DOT-992";

    fn submitted() -> Vec<HistoryEvent> {
        h(&[(Submitted, SUBMITTER)])
    }
    fn approved() -> Vec<HistoryEvent> {
        h(&[(Submitted, SUBMITTER), (Approved, REVIEWER)])
    }
    fn cut() -> Vec<HistoryEvent> {
        h(&[
            (Submitted, SUBMITTER),
            (Approved, REVIEWER),
            (Cut, EXECUTOR),
        ])
    }
    fn verified() -> Vec<HistoryEvent> {
        let mut v = cut();
        v.extend(h(&[(Verified, VERIFIER)]));
        v
    }

    fn code(r: Result<(), Refusal>) -> (RefusalKind, String) {
        let r = r.expect_err("refused");
        (r.kind, r.code)
    }

    #[test]
    fn the_reference_trial_history_runs_every_step_in_order() {
        assert_eq!(check(Step::Review, &submitted(), REVIEWER), Ok(()));
        assert_eq!(check(Step::Cut, &approved(), EXECUTOR), Ok(()));
        assert_eq!(check(Step::Verify, &cut(), VERIFIER), Ok(()));
        assert_eq!(check(Step::Sweep, &verified(), EXECUTOR), Ok(()));
        let mut swept = verified();
        swept.extend(h(&[(Swept, EXECUTOR)]));
        assert_eq!(state(&swept), Some(Swept));
        assert_eq!(
            swept.len(),
            5,
            "five history rows, as in the reference trial"
        );
        assert_eq!(check(Step::Rollback, &swept, SUBMITTER), Ok(()));
    }

    #[test]
    fn a_reviewer_never_reviews_their_own_manifest() {
        let r = check(Step::Review, &submitted(), SUBMITTER).unwrap_err();
        assert_eq!(r.kind, RefusalKind::TwoPerson);
        assert_eq!(r.code, "IU_TWO_PERSON_REVIEW");
        assert_eq!(r.rule.as_deref(), Some("reviewer ≠ submitter"));
        assert_eq!(r.message, "Two-person rule: a reviewer never approves their own manifest; this entry was submitted by editor@example.com. Ask another reviewer.");
        // Case and surrounding spaces do not make another person.
        assert_eq!(
            code(check(Step::Review, &submitted(), " EDITOR@example.com ")),
            (RefusalKind::TwoPerson, "IU_TWO_PERSON_REVIEW".into())
        );
    }

    #[test]
    fn a_reviewed_entry_is_not_reviewed_again() {
        for history in [
            approved(),
            h(&[(Submitted, SUBMITTER), (Rejected, REVIEWER)]),
        ] {
            let r = check(Step::Review, &history, "third@example.com").unwrap_err();
            assert_eq!(
                (r.kind, r.code.as_str()),
                (RefusalKind::WrongState, "IU_WRONG_STATE")
            );
            assert!(r.message.contains("already reviewed"), "{}", r.message);
            assert!(r.message.contains(state(&history).unwrap().as_str()));
            assert_eq!(r.rule, None);
        }
        let r = check(Step::Review, &cut(), "third@example.com").unwrap_err();
        assert_eq!(
            r.message,
            "This entry is in state cut; review needs state submitted."
        );
    }

    #[test]
    fn cut_needs_an_approved_entry_and_happens_once() {
        for history in [
            submitted(),
            h(&[(Submitted, SUBMITTER), (Rejected, REVIEWER)]),
        ] {
            let r = check(Step::Cut, &history, EXECUTOR).unwrap_err();
            assert_eq!(
                (r.kind, r.code.as_str()),
                (RefusalKind::WrongState, "IU_WRONG_STATE")
            );
            assert!(r.message.contains("needs state approved"), "{}", r.message);
        }
        let mut failed = cut();
        failed.extend(h(&[(VerifyFailed, VERIFIER)]));
        let mut swept = verified();
        swept.extend(h(&[(Swept, EXECUTOR)]));
        for history in [cut(), verified(), failed, swept] {
            let r = check(Step::Cut, &history, EXECUTOR).unwrap_err();
            assert_eq!(
                (r.kind, r.code.as_str()),
                (RefusalKind::WrongState, "IU_ALREADY_APPLIED")
            );
            let s = state(&history).unwrap();
            assert!(
                r.message.contains(&format!("already applied (state: {s})")),
                "{}",
                r.message
            );
        }
    }

    #[test]
    fn the_verifier_is_never_the_executor_and_a_failed_verification_may_be_repeated() {
        let r = check(Step::Verify, &cut(), EXECUTOR).unwrap_err();
        assert_eq!(
            (r.kind, r.code.as_str()),
            (RefusalKind::TwoPerson, "IU_TWO_PERSON_VERIFY")
        );
        assert_eq!(r.rule.as_deref(), Some("verifier ≠ executor"));
        assert!(r.message.contains("cut by DOT-991"), "{}", r.message);
        // The submitter or the reviewer may verify: only the executor may not.
        assert_eq!(check(Step::Verify, &cut(), SUBMITTER), Ok(()));
        let mut failed = cut();
        failed.extend(h(&[(VerifyFailed, VERIFIER)]));
        assert_eq!(check(Step::Verify, &failed, VERIFIER), Ok(()));
        assert_eq!(
            code(check(Step::Verify, &failed, "dot-991")),
            (RefusalKind::TwoPerson, "IU_TWO_PERSON_VERIFY".into())
        );
        for history in [submitted(), approved(), verified()] {
            assert_eq!(
                code(check(Step::Verify, &history, VERIFIER)),
                (RefusalKind::WrongState, "IU_WRONG_STATE".into())
            );
        }
    }

    #[test]
    fn sweep_needs_a_verified_entry() {
        let mut failed = cut();
        failed.extend(h(&[(VerifyFailed, VERIFIER)]));
        for history in [submitted(), approved(), cut(), failed] {
            let r = check(Step::Sweep, &history, EXECUTOR).unwrap_err();
            assert_eq!(
                (r.kind, r.code.as_str()),
                (RefusalKind::WrongState, "IU_WRONG_STATE")
            );
            assert!(
                r.message.contains("sweep needs state verified"),
                "{}",
                r.message
            );
        }
    }

    #[test]
    fn rollback_needs_an_applied_manifest() {
        let mut failed = cut();
        failed.extend(h(&[(VerifyFailed, VERIFIER)]));
        let mut swept = verified();
        swept.extend(h(&[(Swept, EXECUTOR)]));
        for history in [cut(), verified(), failed, swept] {
            assert_eq!(check(Step::Rollback, &history, EXECUTOR), Ok(()));
        }
        for history in [
            submitted(),
            approved(),
            h(&[(Submitted, SUBMITTER), (Rejected, REVIEWER)]),
        ] {
            assert_eq!(
                code(check(Step::Rollback, &history, EXECUTOR)),
                (RefusalKind::WrongState, "IU_WRONG_STATE".into())
            );
        }
    }

    #[test]
    fn a_history_that_does_not_start_with_one_submitted_is_corrupt() {
        let corrupt_histories = [
            vec![],
            h(&[(Approved, REVIEWER)]),
            h(&[(Submitted, SUBMITTER), (Submitted, SUBMITTER)]),
            h(&[
                (Submitted, SUBMITTER),
                (Approved, REVIEWER),
                (Submitted, SUBMITTER),
            ]),
            // Transitions the workflow never makes: cut without approval, verify before cut.
            h(&[(Submitted, SUBMITTER), (Cut, EXECUTOR)]),
            h(&[
                (Submitted, SUBMITTER),
                (Approved, REVIEWER),
                (Verified, VERIFIER),
            ]),
            h(&[
                (Submitted, SUBMITTER),
                (Rejected, REVIEWER),
                (Approved, REVIEWER),
            ]),
            h(&[(Submitted, " ")]),
        ];
        for history in corrupt_histories {
            for step in Step::ALL {
                let r = check(step, &history, "anyone").unwrap_err();
                assert_eq!(
                    (r.kind, r.code.as_str()),
                    (RefusalKind::CorruptHistory, "IU_HISTORY_CORRUPT"),
                    "{history:?}"
                );
            }
        }
        assert_eq!(state(&[]), None);
    }

    #[test]
    fn events_and_steps_use_their_snake_case_names() {
        assert_eq!(
            serde_json::to_string(&VerifyFailed).unwrap(),
            "\"verify_failed\""
        );
        let e: HistoryEvent =
            serde_json::from_str(r#"{"event":"verify_failed","actor":"DOT-992"}"#).unwrap();
        assert_eq!(e.event, VerifyFailed);
        for step in Step::ALL {
            assert_eq!(serde_json::to_string(&step).unwrap(), format!("\"{step}\""));
            assert_eq!(Step::parse(step.as_str()), Some(step));
        }
        assert_eq!(Step::parse("Review"), None);
        assert!(serde_json::from_str::<Event>("\"rolled_back\"").is_err());
    }
}
