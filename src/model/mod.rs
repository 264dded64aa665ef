//! The pure domain model: no web-sys, no signals. Everything here is tested natively with `cargo test`.

pub mod aggregate;
pub mod assessment;
pub mod assessment_def;
pub mod backup;
pub mod case;
pub mod certificate;
pub mod curriculum;
pub mod date;
pub mod envelope;
pub mod pack;
pub mod prefs;
pub mod progress;
pub mod quiz;
pub mod record;
pub mod report_html;
pub mod route;
pub mod search;
pub mod session;
pub mod stats;
pub mod storage_fault;
pub mod survey;
pub mod text;
pub mod timer;
pub mod worksheet;
pub mod worksheet_def;
pub mod xapi;
