//! WebAssembly bindings of `iu-cutter-core`.
//!
//! This crate only translates: every exported function has the same shape —
//! take JS values, call the core, turn the outcome into a plain JS value.
//! User mistakes come back as `{ ok: false, error }` values, never as traps or
//! thrown exceptions, so one bad address cannot take down the instance that
//! serves every request of the Directus API process.

mod adapter;

use wasm_bindgen::prelude::*;
mod address;
#[cfg(feature = "server")]
mod akn;
#[cfg(feature = "server")]
mod amend;
#[cfg(feature = "server")]
mod change;
#[cfg(feature = "server")]
mod crosswalk;
#[cfg(feature = "server")]
mod history;
#[cfg(feature = "server")]
mod ledger_seal;
#[cfg(feature = "server")]
mod operations;
// Server only: the API resolves addresses and finds citations in text; the admin app reads a
// pasted citation with `normalizeAddress`, whose reading is the same finder, and the 200 KB gz
// budget of the browser build has no room for a second export of it.
#[cfg(feature = "server")]
mod resolve;
#[cfg(feature = "server")]
mod review;
#[cfg(feature = "server")]
mod text;
#[cfg(feature = "server")]
mod workflow;

// The shapes the exports take and answer, generated from the Rust types into the extension's
// src/core-types/ (see `export_types`); both packages (extension/pkg, extension/pkg-browser) sit
// beside src/, so one relative path serves both.
#[wasm_bindgen(typescript_custom_section)]
const CORE_TYPES: &'static str = r#"
import type {
	AknExport,
	AknInput,
	AliasRow,
	AmendPreview,
	AuditOptions,
	BlockChange,
	Changes,
	Checkpoint,
	Cited,
	CrosswalkInput,
	DocLabel,
	DriftInput,
	Failure,
	Followed,
	HistoryEvent,
	IAdditiveGateParams,
	IAddressResult,
	IAliasRepairGateParams,
	IAmendPlanParams,
	IApplyManifestParams,
	IApplyManifestResult,
	IBaseHashAddResult,
	IBaseSha256Params,
	IBaseSha256Result,
	IBlockDiffsParams,
	IBlockDiffsResult,
	ICheckAcknowledgedParams,
	ICheckAcknowledgedResult,
	ICitedAddresses,
	ICompareRowsParams,
	ICompareRowsResult,
	ICrosswalkGateParams,
	ICutCheckAddResult,
	ICutCheckInBlockOrderResult,
	ICutCheckPartsParams,
	ICutCheckResult,
	ICutDocumentParams,
	ICutDocumentResult,
	ICutGatesParams,
	ICutSummaryParams,
	ICutSummaryResult,
	IDiffWordsParams,
	IDiffWordsResult,
	IDocumentAtParams,
	IDocumentAtResult,
	IDocumentDiffParams,
	IDocumentDiffResult,
	IDriftAuditResult,
	IFindCitationsResult,
	IFollowTextParams,
	IGateReportResult,
	IGateResult,
	IJoinManifestPartsParams,
	IJoinManifestPartsResult,
	ILedgerAppendParams,
	ILedgerAppendResult,
	ILedgerAuditFed,
	ILedgerAuditResult,
	ILedgerChainHashesResult,
	ILedgerChainParams,
	ILedgerChainResult,
	ILedgerKeyInfoResult,
	IManifestPartsResult,
	IMigrationFileGatesParams,
	INormalizeDocCodeResult,
	IPlanCrosswalkRefused,
	IPlanCrosswalkResult,
	IPlanDocumentFailure,
	IPlanDocumentParams,
	IPlanDocumentResult,
	IPlanPositionUpgradeParams,
	IPlanPositionUpgradeResult,
	IPrintedNumbersParams,
	IPrintedNumbersResult,
	IReadAmendingLawParams,
	IReadAmendingLawResult,
	IReadInstantParams,
	IReadInstantResult,
	IReadManifestParams,
	IReadManifestResult,
	IReadWitnessResult,
	IRepairManifestParams,
	IRepairManifestResult,
	IResolveBatchResult,
	IResolveJsonResult,
	IResultGatesParams,
	IRollbackManifestParams,
	IRollbackManifestResult,
	IRollbackRefusalResult,
	IRowCountGateParams,
	ISchemaDiffParams,
	ISchemaDiffResult,
	IShapeGateParams,
	ISignCheckpointParams,
	ISignCheckpointResult,
	IUndoneChangeSetsParams,
	IUndoneChangeSetsResult,
	IUnitHistoryParams,
	IUnitHistoryResult,
	IValidateAddressesResult,
	IVerifyCheckpointParams,
	IVerifyCheckpointResult,
	IVerifyLedgerParams,
	IVerifyLedgerResult,
	IVerifyUnitsResult,
	IVocabularyFitParams,
	IVocabularyFitResult,
	IWorkflowCheckParams,
	IWorkflowStateResult,
	IncidentInput,
	IncidentRecord,
	LedgerRow,
	Outcome,
	Outstanding,
	Permission,
	Resolution,
	SectionType,
	StoredUnit,
	UnitRef,
	VerifyInput,
	Vocabulary,
} from '../src/core-types/index.js';
"#;

pub use address::*;
#[cfg(feature = "server")]
pub use akn::*;
#[cfg(feature = "server")]
pub use amend::*;
#[cfg(feature = "server")]
pub use change::*;
#[cfg(feature = "server")]
pub use crosswalk::*;
#[cfg(feature = "server")]
pub use history::*;
#[cfg(feature = "server")]
pub use ledger_seal::*;
#[cfg(feature = "server")]
pub use operations::*;
#[cfg(feature = "server")]
pub use resolve::*;
#[cfg(feature = "server")]
pub use review::*;
#[cfg(feature = "server")]
pub use text::*;
#[cfg(feature = "server")]
pub use workflow::*;

/// Writes the TypeScript declarations of every shape the exports take and answer (ts-rs, feature
/// `ts`, native only) into `cfg`'s directory: the core's types and this crate's result shapes.
/// `extension/wasm/tests/ts_export.rs` keeps `extension/src/core-types/` in step with them.
#[cfg(feature = "ts")]
pub fn export_types(cfg: &ts_rs::Config) -> Result<(), ts_rs::ExportError> {
    use ts_rs::TS;
    iu_cutter_core::text::vocabulary::Vocabulary::export_all(cfg)?;
    iu_cutter_core::text::cite::DocLabel::export_all(cfg)?;
    iu_cutter_core::publish::akn::AknInput::export_all(cfg)?;
    iu_cutter_core::publish::akn::AknExport::export_all(cfg)?;
    iu_cutter_core::change::amend::preview::AmendingText::export_all(cfg)?;
    iu_cutter_core::change::amend::preview::AmendFacts::export_all(cfg)?;
    iu_cutter_core::text::vocabulary::SectionType::export_all(cfg)?;
    iu_cutter_core::change::amend::Recorded::export_all(cfg)?;
    iu_cutter_core::change::amend::ManualEdit::export_all(cfg)?;
    iu_cutter_core::store::unit::StoredUnit::export_all(cfg)?;
    iu_cutter_core::change::amend::preview::AmendPreview::export_all(cfg)?;
    iu_cutter_core::change::effect::BlockChange::export_all(cfg)?;
    iu_cutter_core::change::effect::Changes::export_all(cfg)?;
    iu_cutter_core::change::crosswalk::CrosswalkInput::export_all(cfg)?;
    iu_cutter_core::store::unit::StoredAlias::export_all(cfg)?;
    iu_cutter_core::ledger::checkpoint::UnsignedCheckpoint::export_all(cfg)?;
    iu_cutter_core::ledger::checkpoint::Checkpoint::export_all(cfg)?;
    iu_cutter_core::ledger::audit::AuditOptions::export_all(cfg)?;
    iu_cutter_core::ledger::chain::LedgerRow::export_all(cfg)?;
    iu_cutter_core::ledger::audit::AuditReport::export_all(cfg)?;
    iu_cutter_core::ledger::drift::DriftReport::export_all(cfg)?;
    iu_cutter_core::ledger::drift::DriftInput::export_all(cfg)?;
    iu_cutter_core::change::incident::IncidentRecord::export_all(cfg)?;
    iu_cutter_core::change::incident::IncidentInput::export_all(cfg)?;
    iu_cutter_core::ledger::drift::UnitImage::export_all(cfg)?;
    iu_cutter_core::ledger::drift::AliasImage::export_all(cfg)?;
    iu_cutter_core::change::repair::RepairFacts::export_all(cfg)?;
    iu_cutter_core::migration::Schema::export_all(cfg)?;
    iu_cutter_core::migration::SchemaDiff::export_all(cfg)?;
    iu_cutter_core::migration::FrozenFile::export_all(cfg)?;
    iu_cutter_core::migration::FoundFile::export_all(cfg)?;
    iu_cutter_core::migration::AppliedMigration::export_all(cfg)?;
    iu_cutter_core::store::alias::UnitRef::export_all(cfg)?;
    iu_cutter_core::store::alias::AliasRow::export_all(cfg)?;
    iu_cutter_core::store::alias::Resolution::export_all(cfg)?;
    iu_cutter_core::change::review::BlockText::export_all(cfg)?;
    iu_cutter_core::change::review::Outstanding::export_all(cfg)?;
    iu_cutter_core::read::render::Followed::export_all(cfg)?;
    iu_cutter_core::change::manifest::UnitBlock::export_all(cfg)?;
    iu_cutter_core::publish::history::LedgerImage::export_all(cfg)?;
    iu_cutter_core::change::gate::CutCheck::export_all(cfg)?;
    iu_cutter_core::change::position_upgrade::UpgradeInput::export_all(cfg)?;
    iu_cutter_core::change::rollback::RollbackInput::export_all(cfg)?;
    iu_cutter_core::change::verify::VerifyInput::export_all(cfg)?;
    iu_cutter_core::ledger::chain::NewRow::export_all(cfg)?;
    iu_cutter_core::workflow::Permission::export_all(cfg)?;
    iu_cutter_core::workflow::HistoryEvent::export_all(cfg)?;
    iu_cutter_core::text::cite::Cited::export_all(cfg)?;
    iu_cutter_core::text::report::ErrorReport::export_all(cfg)?;
    address::export_types(cfg)?;
    #[cfg(feature = "server")]
    amend::export_types(cfg)?;
    #[cfg(feature = "server")]
    crosswalk::export_types(cfg)?;
    #[cfg(feature = "server")]
    history::export_types(cfg)?;
    #[cfg(feature = "server")]
    ledger_seal::export_types(cfg)?;
    #[cfg(feature = "server")]
    operations::export_types(cfg)?;
    resolve::export_types(cfg)?;
    #[cfg(feature = "server")]
    review::export_types(cfg)?;
    #[cfg(feature = "server")]
    text::export_types(cfg)?;
    #[cfg(feature = "server")]
    workflow::export_types(cfg)?;
    Ok(())
}
