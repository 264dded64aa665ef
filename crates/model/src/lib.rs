//! The pure domain model of にも包括 研修: no web-sys, no signals. Everything here is tested natively with
//! `cargo test`. One folder per domain; `route` is the map of the app's pages and bundles.

pub mod assessment;
pub mod case;
pub mod course;
pub mod io;
pub mod record;
pub mod route;
pub mod session;
pub mod survey;
pub mod text;
pub mod worksheet;
