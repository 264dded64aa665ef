//! 「記入を消す」 and 「元に戻す」: clearing one sheet's answers, and putting them back.

use crate::record::LearnerRecord;
use crate::worksheet::keys::sheet_prefix;

/// What a clear took away, so that 「元に戻す」 can put it back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cleared {
    pub sheet: String,
    pub values: Vec<(String, String)>,
}

/// Empties every answer of a sheet (including added table rows). Returns `None` when there was nothing
/// to clear, so the undo offer does not replace an earlier, still useful one.
pub fn clear_sheet(record: &mut LearnerRecord, sheet: &str) -> Option<Cleared> {
    let prefix = sheet_prefix(sheet);
    let values: Vec<(String, String)> = record
        .texts
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .filter(|(_, v)| !v.value.is_empty())
        .map(|(k, v)| (k.clone(), v.value.clone()))
        .collect();
    if values.is_empty() {
        return None;
    }
    for (key, _) in &values {
        record.set_text(key, "");
    }
    Some(Cleared {
        sheet: sheet.to_owned(),
        values,
    })
}

/// Puts a clear back. A box typed into since the clear keeps its new text: undo never overwrites work.
pub fn undo_clear(record: &mut LearnerRecord, cleared: &Cleared) {
    for (key, value) in &cleared.values {
        if record.text(key).is_empty() {
            record.set_text(key, value);
        }
    }
}
