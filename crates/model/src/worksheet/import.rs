//! Reading trainees' worksheet exports (or their full backups) on the instructor page, and the batch
//! they are gathered in.

use crate::io::date::Day;
use crate::io::import::{Export, ExportKind, ImportBatch, ImportError, check_version, read_head};
use crate::record::backup::{RestoreError, parse_backup};
use crate::worksheet::{
    EXPORT_SCHEMA_VERSION, MAX_EXPORT_BYTES, Worksheet, WorksheetExport, is_personal,
    personal_fields,
};

/// Reads a worksheet export, or a full backup (「すべての記録を書き出す」), which carries the same
/// answers; from a backup only the sheet answers are taken, and never the trainee's name.
pub fn parse_import(
    text: &str,
    sheets: &[Worksheet],
    today: Day,
) -> Result<WorksheetExport, ImportError> {
    let head = read_head(
        text,
        MAX_EXPORT_BYTES,
        &[ExportKind::Worksheets, ExportKind::Backup],
    )?;
    let export = if head.kind == ExportKind::Worksheets {
        check_version(&head, EXPORT_SCHEMA_VERSION)?;
        let mut export: WorksheetExport =
            serde_json::from_str(text).map_err(|e| ImportError::Invalid(e.to_string()))?;
        if Day::parse(&export.exported_on).is_none() {
            return Err(ImportError::Invalid(
                "exported_on が日付ではありません".into(),
            ));
        }
        // A hand-edited file could carry a name; the instructor view never shows one.
        let personal = personal_fields(sheets);
        export.answers.retain(|key, _| !is_personal(&personal, key));
        export
    } else {
        let restored = parse_backup(text).map_err(|e| match e {
            RestoreError::Newer => ImportError::Newer,
            other => ImportError::Invalid(other.to_string()),
        })?;
        WorksheetExport::from_record(
            &restored.record,
            &personal_fields(sheets),
            restored.exported_on.min(today),
        )
    };
    if export.respondent_id.is_empty() {
        return Err(ImportError::Invalid("respondent_id が空です".into()));
    }
    if export.is_empty() {
        return Err(ImportError::NoAnswers);
    }
    Ok(export)
}

/// A trainee who hands in twice (an export and a backup, or two exports) shares the respondent id: it is
/// the duplicate key, so they count once, with their most recent file.
impl Export for WorksheetExport {
    type Key = String;
    fn duplicate_key(&self) -> String {
        self.respondent_id.clone()
    }
    fn exported_on(&self) -> &str {
        &self.exported_on
    }
}

/// Many trainees' worksheet exports (see `ImportBatch` for the duplicate rule).
pub type WorksheetBatch = ImportBatch<WorksheetExport>;

impl ImportBatch<WorksheetExport> {
    pub fn exports(&self) -> Vec<&WorksheetExport> {
        self.accepted.iter().collect()
    }
}
