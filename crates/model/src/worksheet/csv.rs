//! Every sheet answer of every trainee as one CSV for Excel.

use crate::text::csv::CsvWriter;
use crate::worksheet::keys::is_row_count;
use crate::worksheet::{NO_GROUP, Worksheet, WorksheetExport};
use std::collections::HashSet;

/// Every sheet answer of every trainee, one row each, for Excel.
pub fn csv_answers(sheets: &[Worksheet], exports: &[&WorksheetExport]) -> String {
    let mut csv = CsvWriter::new();
    csv.row(&[
        "respondent_id",
        "session_code",
        "group",
        "worksheet",
        "section",
        "item",
        "text",
    ]);
    let group_sheet = sheets.iter().find(|s| !s.group_by.is_empty());
    for export in exports {
        let group = group_sheet.map_or_else(|| NO_GROUP.to_owned(), |s| export.group(s));
        let mut described = HashSet::new();
        for sheet in sheets {
            for entry in sheet
                .entries(&export.answers)
                .into_iter()
                .filter(|e| !e.personal)
            {
                let Some(text) = export.answers.get(&entry.key) else {
                    continue;
                };
                csv.row(&[
                    &export.respondent_id,
                    &export.session_code,
                    &group,
                    &sheet.title,
                    &entry.section,
                    &entry.label,
                    text,
                ]);
                described.insert(entry.key);
            }
        }
        // Answers to sheets or boxes this version does not have are listed by key rather than lost.
        for (key, text) in &export.answers {
            if !described.contains(key) && !is_row_count(key) {
                csv.row(&[
                    &export.respondent_id,
                    &export.session_code,
                    &group,
                    "",
                    "",
                    key,
                    text,
                ]);
            }
        }
    }
    csv.finish()
}
