//! What crosses the edge of the app: the first look at any document read back, the dates exports
//! carry, importing trainees' exports, and the QR hand-off.

pub mod collection;
pub mod date;
pub mod envelope;
pub mod handoff;
pub mod import;
pub mod kept;
