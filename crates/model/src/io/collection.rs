//! まとめファイル: the exports an instructor page has counted, saved as one file that another instructor
//! page imports again. A facilitator who gathered a room's answers by QR code passes them on in one file;
//! a prefecture that aggregates many training days imports one file per day instead of thousands of
//! trainees' files (a browser needs seconds just to open 10,000 picked files; one file is read at once).
//!
//! Each entry keeps the export exactly as the trainee's app wrote it, with the name of the file (or QR
//! code) it came from, and is checked on import like a file of its own: the page's duplicate rule and
//! reasons apply entry by entry, so a collection and loose files can be mixed freely.

use crate::io::envelope::read_head as read_envelope;
use crate::io::import::{Export, ExportKind, ImportBatch, ImportError};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

pub const COLLECTION_FORMAT: &str = "nimo-kenshu-collection";
pub const COLLECTION_SCHEMA_VERSION: u32 = 1;
/// Room for about 50,000 survey exports; a trainee's own export stays limited by its page.
pub const MAX_COLLECTION_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Serialize)]
struct CollectionOut<'a, T> {
    format: &'static str,
    schema_version: u32,
    /// The `format` of every entry's export.
    contains: &'static str,
    exported_on: &'a str,
    entries: Vec<EntryOut<'a, T>>,
}

#[derive(Serialize)]
struct EntryOut<'a, T> {
    file: &'a str,
    export: &'a T,
}

#[derive(Deserialize)]
struct CollectionIn<'a> {
    schema_version: u64,
    contains: String,
    #[serde(borrow)]
    entries: Vec<EntryIn<'a>>,
}

#[derive(Deserialize)]
struct EntryIn<'a> {
    file: String,
    #[serde(borrow)]
    export: &'a RawValue,
}

/// The counted exports of `batch` (of `kind`) as one collection file's JSON, written on `today`
/// (`YYYY-MM-DD`). Files set aside as duplicates or rejected are not carried.
pub fn write_collection<T: Export + Serialize>(
    batch: &ImportBatch<T>,
    kind: ExportKind,
    today: &str,
) -> String {
    let collection = CollectionOut {
        format: COLLECTION_FORMAT,
        schema_version: COLLECTION_SCHEMA_VERSION,
        contains: kind.format(),
        exported_on: today,
        entries: batch
            .iter()
            .map(|(file, export)| EntryOut { file, export })
            .collect(),
    };
    serde_json::to_string(&collection).expect("exports serialise")
}

/// The file name a collection is saved under: 「nimo-matome-<kind>-<date>-<n>件.json」.
pub fn collection_file_name(kind: ExportKind, today: &str, count: usize) -> String {
    let what = match kind {
        ExportKind::Survey => "survey",
        ExportKind::SelfAssessment => "jiko-hyoka",
        ExportKind::Worksheets | ExportKind::Backup => "worksheets",
        ExportKind::Session => "session",
    };
    format!("nimo-matome-{what}-{today}-{count}件.json")
}

/// Whether `text` is a collection file (by its `format`), without reading its entries.
pub fn is_collection(text: &str) -> bool {
    // A trainee's export never starts with a collection's format; checking the head first keeps a
    // malformed collection from being reported as a malformed export.
    read_envelope(text).is_ok_and(|head| head.format.as_deref() == Some(COLLECTION_FORMAT))
}

/// The entries of the collection `text` (named `file_name`), each checked by `parse` and named
/// 「<file_name> の 3件目（<original file>）」, ready for [`ImportBatch::extend`]. A collection that cannot
/// be used at all (newer, of another page's kind, broken) comes back as one rejected entry under its own
/// name. `accepted` lists the kinds the page reads, its own first.
pub fn collection_entries<T>(
    file_name: &str,
    text: &str,
    accepted: &[ExportKind],
    parse: impl Fn(&str) -> Result<T, ImportError>,
) -> Vec<(String, Result<T, ImportError>)> {
    let whole = |reason| vec![(file_name.to_owned(), Err(reason))];
    match read_entries(text, accepted) {
        Err(reason) => whole(reason),
        Ok(entries) if entries.is_empty() => whole(ImportError::EmptyCollection),
        Ok(entries) => entries
            .into_iter()
            .enumerate()
            .map(|(i, (file, export))| {
                let name = format!("{file_name} の{}件目（{file}）", i + 1);
                (name, parse(export))
            })
            .collect(),
    }
}

/// The entries of the collection `text`: the file each came from and its export's text; or why the
/// collection cannot be used (newer, of a kind not in `accepted`, broken, too large).
pub(crate) fn read_entries<'a>(
    text: &'a str,
    accepted: &[ExportKind],
) -> Result<Vec<(String, &'a str)>, ImportError> {
    if text.len() as u64 > MAX_COLLECTION_BYTES {
        return Err(ImportError::too_large(
            text.len() as u64,
            MAX_COLLECTION_BYTES,
        ));
    }
    let collection: CollectionIn<'_> = match serde_json::from_str(text) {
        Ok(collection) => collection,
        Err(e) if e.is_eof() => return Err(ImportError::Truncated),
        Err(e) => return Err(ImportError::Invalid(e.to_string())),
    };
    if collection.schema_version > u64::from(COLLECTION_SCHEMA_VERSION) {
        return Err(ImportError::Newer);
    }
    match ExportKind::of_format(&collection.contains) {
        Some(kind) if accepted.contains(&kind) => {}
        Some(other) => return Err(ImportError::OtherKind(other)),
        None => {
            let here = accepted.first().copied().unwrap_or(ExportKind::Survey);
            return Err(ImportError::NotOurs(here));
        }
    }
    Ok(collection
        .entries
        .into_iter()
        .map(|entry| (entry.file, entry.export.get()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::fixtures::{SURVEY, export, single};
    use crate::survey::{SurveyExport, parse_export};

    fn batch_of(
        exports: &[(&str, crate::survey::SurveyExport)],
    ) -> ImportBatch<crate::survey::SurveyExport> {
        let mut batch = ImportBatch::default();
        for (name, e) in exports {
            batch.add(name, Ok(e.clone()));
        }
        batch
    }

    /// Imports the survey collection `text`, saved as `file_name`, into `batch`.
    fn import_survey(batch: &mut ImportBatch<SurveyExport>, file_name: &str, text: &str) {
        batch.extend(collection_entries(
            file_name,
            text,
            &[ExportKind::Survey],
            |t| parse_export(t, &SURVEY),
        ));
    }

    #[test]
    fn a_saved_collection_imports_back_to_the_same_batch() {
        let original = batch_of(&[
            ("a.json", export("aaaa", &[("q2", single("o1"))])),
            ("QRコード（bbbb）", export("bbbb", &[("q2", single("o2"))])),
        ]);
        let text = write_collection(&original, ExportKind::Survey, "2026-12-07");
        assert!(is_collection(&text));
        let mut again = ImportBatch::default();
        import_survey(&mut again, "matome.json", &text);
        assert_eq!(again.accepted, original.accepted);
        assert_eq!(
            again.files,
            [
                "matome.json の1件目（a.json）",
                "matome.json の2件目（QRコード（bbbb））"
            ]
        );
        assert!(again.rejected.is_empty() && again.duplicates.is_empty());
    }

    #[test]
    fn entries_follow_the_duplicate_rule_with_loose_files() {
        let text = write_collection(
            &batch_of(&[("a.json", export("aaaa", &[]))]),
            ExportKind::Survey,
            "2026-12-07",
        );
        let mut batch = batch_of(&[("a.json", export("aaaa", &[]))]);
        import_survey(&mut batch, "m.json", &text);
        assert_eq!(batch.accepted.len(), 1);
        assert_eq!(batch.duplicates, ["m.json の1件目（a.json）"]);
    }

    #[test]
    fn a_broken_entry_is_named_and_the_rest_come_in() {
        let good = serde_json::to_string(&export("aaaa", &[])).unwrap();
        let text = format!(
            r#"{{"format":"{COLLECTION_FORMAT}","schema_version":1,"contains":"{}","exported_on":"2026-12-07","entries":[{{"file":"x.json","export":{{"format":"other"}}}},{{"file":"a.json","export":{good}}}]}}"#,
            crate::survey::EXPORT_FORMAT
        );
        let mut batch = ImportBatch::default();
        import_survey(&mut batch, "m.json", &text);
        assert_eq!(batch.accepted.len(), 1);
        assert_eq!(batch.rejected.len(), 1);
        assert_eq!(batch.rejected[0].0, "m.json の1件目（x.json）");
    }

    #[test]
    fn a_collection_that_cannot_be_used_is_one_named_file() {
        let reasons = |text: &str| {
            collection_entries("m.json", text, &[ExportKind::Survey], |_| {
                Ok::<_, ImportError>(())
            })
            .into_iter()
            .map(|(name, r)| (name, r.unwrap_err()))
            .collect::<Vec<_>>()
        };
        let of = |contains: &str, version: u32, entries: &str| {
            format!(
                r#"{{"format":"{COLLECTION_FORMAT}","schema_version":{version},"contains":"{contains}","exported_on":"2026-12-07","entries":{entries}}}"#
            )
        };
        assert_eq!(
            reasons(&of(crate::assessment::EXPORT_FORMAT, 1, "[]")),
            [(
                "m.json".to_owned(),
                ImportError::OtherKind(ExportKind::SelfAssessment)
            )]
        );
        assert_eq!(
            reasons(&of(crate::survey::EXPORT_FORMAT, 2, "[]")),
            [("m.json".to_owned(), ImportError::Newer)]
        );
        assert_eq!(
            reasons(&of(crate::survey::EXPORT_FORMAT, 1, "[]")),
            [("m.json".to_owned(), ImportError::EmptyCollection)]
        );
        assert_eq!(
            reasons(&of("something-else", 1, "[]")),
            [(
                "m.json".to_owned(),
                ImportError::NotOurs(ExportKind::Survey)
            )]
        );
        let cut = of(crate::survey::EXPORT_FORMAT, 1, "[]");
        assert_eq!(
            reasons(&cut[..cut.len() - 5]),
            [("m.json".to_owned(), ImportError::Truncated)]
        );
    }

    #[test]
    fn only_collections_are_taken_for_collections() {
        let single = serde_json::to_string(&export("aaaa", &[])).unwrap();
        assert!(!is_collection(&single));
        assert!(!is_collection("not json"));
        assert!(!is_collection("[1, 2]"));
    }

    #[test]
    fn the_file_name_says_what_and_how_many() {
        assert_eq!(
            collection_file_name(ExportKind::Survey, "2026-12-07", 37),
            "nimo-matome-survey-2026-12-07-37件.json"
        );
    }
}
