//! Ladder's domain model: the plain data types every pipeline stage exchanges, and the
//! ontology tables (PLOVER types, CAMEO roots, Admiralty grades, TLP). No I/O lives here.

pub mod assessment;
pub mod correction;
pub mod event;
pub mod grading;
pub mod hash;
pub mod ontology;
pub mod playbook;
pub mod report;
pub mod scenario;
pub mod seeded_rng;

pub use assessment::{
    Assessment, EvidenceItem, IndicatorAssessment, IndicatorStatus, StageProbability,
    TippingEvidence,
};
pub use correction::{Correction, CorrectionAction, CorrectionSet};
pub use event::{
    DateBasis, DatePrecision, Event, EventType, Evidence, Location, Modality, Quantity,
};
pub use grading::{Credibility, Reliability, Tlp};
pub use playbook::{DimeTrack, Playbook, Response};
pub use report::{Dateline, Report, ReportCopy, ReportFormat, Source};
pub use scenario::{
    CallingRules, EventPattern, Indicator, IndicatorKind, Scenario, SourceRequirement, Stage,
    StageRequirement,
};
