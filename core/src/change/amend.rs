//! Amending laws, applied: from the instructions an amending law gives
//! ([`crate::read::amending_law`]) to an ordinary manifest of the amended document.
//!
//! # In order, one change set per date ([`plan_sequence`])
//!
//! Every amendment a document has had applies in order, each date its own change set (module
//! docs of `sequence`): same-day instructions by the rank of the amending document, its
//! promulgation, then clause order; instructions recorded in the envelopes of change sets
//! already made are recognized, not applied again.
//!
//! # Applying ([`apply`], [`plan_amendments`])
//!
//! The stored live units of the amended document are a tree; each instruction changes it
//! (module docs of `apply`), several amending laws in the order they come into force. The tree
//! becomes a cut, and the ordinary planner ([`crate::change::plan`]) makes the manifest; every block
//! names the instruction(s) behind it ([`crate::change::manifest::UnitBlock::amended_by`]) and the
//! envelope records every instruction, applied or not, with why
//! ([`crate::change::manifest::Envelope::amendment`]).

mod apply;
pub mod preview;
mod sequence;
#[cfg(test)]
mod tests;

pub use apply::{apply, plan_amendments, AmendPlan, AmendResult, Applied, ManualEdit, Outcome};
pub use sequence::{
    effective_from, plan_sequence, rank, sequence, DateGroup, Rank, Recorded, Schedule, Sequenced,
    Standing,
};
