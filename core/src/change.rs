//! CUT / VERIFY change sets, from the preview to the undo: plan, manifest, gates, verify, rollback,
//! repair and incidents, crosswalks, amendments applied, position upgrades, review summaries.

pub mod amend;
pub mod crosswalk;
pub mod effect;
pub mod gate;
#[cfg(feature = "seal")]
pub mod incident;
pub mod manifest;
pub mod plan;
pub mod position_upgrade;
#[cfg(feature = "seal")]
pub mod repair;
pub mod review;
pub mod rollback;
pub mod verify;
