//! One file per route.

pub mod assessment;
pub mod case;
pub mod cases;
pub mod certificate;
pub mod glossary;
pub mod handoff;
pub mod home;
pub mod instructor;
pub mod instructor_assessment;
pub mod instructor_cases;
pub mod instructor_worksheets;
pub mod lesson;
pub mod lessons;
pub mod my;
pub mod not_found;
pub mod search;
pub mod session;
pub mod session_present;
pub mod session_program;
pub mod survey;
pub mod worksheet;
pub mod worksheet_present;
pub mod worksheets;
