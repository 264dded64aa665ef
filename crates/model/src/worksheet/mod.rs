//! Worksheets: where each answer is kept in the learner record, clearing with undo, the anonymous export
//! an instructor gathers, and what the instructor view makes of many exports.
//!
//! Answers live in the record's `texts` under `ws/<sheet>/<section>/<item>`, so they autosave, merge
//! across tabs entry by entry, and travel in backups like every other typed answer.
//!
//! One file a concern: `def` (the sheet as written in content/), `keys` (the key scheme), `entries`
//! (the boxes of a sheet and their answers), `clear` (clearing with undo), `export` and `import` (the
//! file a trainee hands in, and reading many of them), `summary` (グループワークのまとめ and grid fill),
//! `csv` (every answer for Excel), `personal` (which answers are the trainee's name) and `privacy` (the
//! personal-data hints). Everything is used as
//! `worksheet::…`.

pub mod def;

mod clear;
mod csv;
mod entries;
mod export;
mod import;
mod keys;
mod personal;
mod privacy;
mod summary;
#[cfg(test)]
mod tests;

pub use crate::worksheet::def::*;
pub use clear::{Cleared, clear_sheet, undo_clear};
pub use csv::csv_answers;
pub use entries::{Answers, Entry, present_prompts};
pub use export::WorksheetExport;
pub use import::{WorksheetBatch, parse_import};
pub use keys::{cell_key, field_key, rows_key, sheet_prefix, table_key};
pub use personal::{PersonalField, emit_personal_fields, is_personal, personal_fields};
pub use privacy::{PrivacyHint, PrivacyKind, privacy_hints};
pub use summary::{
    GridFill, GroupAnswers, GroupWorkSummary, PromptSummary, grid_fill, group_work_summary,
};

pub const KEY_PREFIX: &str = "ws/";
pub const EXPORT_FORMAT: &str = "nimo-kenshu-worksheets";
pub const EXPORT_SCHEMA_VERSION: u32 = 1;
/// A cell may hold 50,000 characters and a sheet dozens of cells; a backup is capped at 5 MB, and so
/// is this export.
pub const MAX_EXPORT_BYTES: u64 = 5 * 1024 * 1024;
/// What the instructor view calls answers whose 職種 was left blank.
pub const NO_GROUP: &str = "職種無回答";
