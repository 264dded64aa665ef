//! The pure domain model: no web-sys, no signals. Everything here is tested natively with `cargo test`.

pub mod backup;
pub mod curriculum;
pub mod date;
pub mod prefs;
pub mod quiz;
pub mod record;
pub mod route;
pub mod storage_fault;
