//! An instructor page's batch, kept for the browser tab so that leaving the page loses nothing: the
//! codes a room handed in by camera exist nowhere else. The page writes it after every change and reads
//! it back when it opens again (Back, a link from another page, a reload).
//!
//! Unlike a まとめファイル, which passes on only the exports that count, a kept batch is the whole batch:
//! those exports with the file each came from, the files set aside as repeats, and the files that could
//! not be used with their reasons, so the page comes back exactly as it was left.

use crate::io::collection::{read_entries, write_collection};
use crate::io::import::{Export, ExportKind, ImportBatch, ImportError};
use serde::Serialize;

/// `batch`, read by a page of `kind`, as the text to keep: its counted exports as a まとめファイル on the
/// first line, then a line per file set aside, `D"<file>"`, and per file not used,
/// `R"<file>"<tab>"<reason>"` (JSON strings, which hold no line break or tab).
pub fn write_kept<T: Export + Serialize>(batch: &ImportBatch<T>, kind: ExportKind) -> String {
    let mut kept = write_collection(batch, kind, "");
    for file in &batch.duplicates {
        kept.push_str("\nD");
        kept.push_str(&quoted(file));
    }
    for (file, reason) in &batch.rejected {
        kept.push_str("\nR");
        kept.push_str(&quoted(file));
        kept.push('\t');
        kept.push_str(&quoted(&reason.to_string()));
    }
    kept
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

fn unquoted(text: &str) -> Option<String> {
    serde_json::from_str(text).ok()
}

/// The batch kept as `text` by a page of `kind`, each export checked again by `parse` (the app may have
/// been updated since). `None` when `text` is not a batch this page kept.
pub fn read_kept<T: Export>(
    text: &str,
    kind: ExportKind,
    parse: impl Fn(&str) -> Result<T, ImportError>,
) -> Option<ImportBatch<T>> {
    let mut lines = text.split('\n');
    let entries = read_entries(lines.next()?, &[kind]).ok()?;
    let mut batch = ImportBatch::default();
    for (file, export) in entries {
        batch.add(&file, parse(export));
    }
    for line in lines {
        match line.split_at_checked(1)? {
            ("D", file) => batch.duplicates.push(unquoted(file)?),
            ("R", rest) => {
                let (file, reason) = rest.split_once('\t')?;
                let reason = ImportError::Kept(unquoted(reason)?);
                batch.rejected.push((unquoted(file)?, reason));
            }
            _ => return None,
        }
    }
    Some(batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::fixtures::{SURVEY, export, single};
    use crate::survey::{SurveyExport, parse_export};

    fn read(text: &str, kind: ExportKind) -> Option<ImportBatch<SurveyExport>> {
        read_kept(text, kind, |t| parse_export(t, &SURVEY))
    }

    fn room() -> ImportBatch<SurveyExport> {
        let mut batch = ImportBatch::default();
        batch.add("a.json", Ok(export("aaaa", &[("q2", single("o1"))])));
        batch.add(
            "QRコード（bbbb）",
            Ok(export("bbbb", &[("q2", single("o2"))])),
        );
        batch.add("a-again.json", Ok(export("aaaa", &[])));
        batch.add("memo.json", Err(ImportError::NotJson));
        batch
    }

    #[test]
    fn a_kept_batch_comes_back_as_it_was_left() {
        let batch = room();
        let again = read(&write_kept(&batch, ExportKind::Survey), ExportKind::Survey).unwrap();
        assert_eq!(again.accepted, batch.accepted);
        assert_eq!(again.files, ["a.json", "QRコード（bbbb）"]);
        assert_eq!(again.duplicates, ["a-again.json"]);
        assert_eq!(again.rejected_reasons(), batch.rejected_reasons());
        assert_eq!(again.summary(), batch.summary());
    }

    #[test]
    fn the_duplicate_rule_goes_on_after_the_batch_comes_back() {
        let mut again = read(&write_kept(&room(), ExportKind::Survey), ExportKind::Survey).unwrap();
        again.add("a-third.json", Ok(export("aaaa", &[])));
        assert_eq!(again.accepted.len(), 2);
        assert_eq!(again.duplicates, ["a-again.json", "a-third.json"]);
    }

    #[test]
    fn only_a_batch_this_page_kept_is_read() {
        let kept = write_kept(&room(), ExportKind::Survey);
        assert!(read(&kept, ExportKind::SelfAssessment).is_none());
        assert!(
            read(
                &kept.replace("\"schema_version\":1", "\"schema_version\":2"),
                ExportKind::Survey
            )
            .is_none()
        );
        let first_line = kept.find('\n').unwrap();
        assert!(read(&kept[..first_line - 3], ExportKind::Survey).is_none());
        assert!(read("e2e-seeded", ExportKind::Survey).is_none());
    }

    #[test]
    fn an_export_this_version_cannot_use_is_named_not_lost() {
        let kept = write_kept(&room(), ExportKind::Survey)
            .replace("\"test-survey\"", "\"another-survey\"");
        let again = read(&kept, ExportKind::Survey).unwrap();
        assert!(again.accepted.is_empty());
        assert_eq!(again.rejected.len(), 3);
        assert_eq!(again.rejected[0].0, "a.json");
    }
}
