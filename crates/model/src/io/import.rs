//! What the instructor pages import: trainees' survey, self-assessment and worksheet/case exports, picked
//! or dropped as files or read from QR codes, and the programme of 「研修の進行」. One batch type with one
//! duplicate rule, and one error type with the reasons an instructor sees beside each file that could not
//! be used.

use crate::io::envelope::{HeadError, read_head as read_envelope};
use std::collections::HashMap;
use std::hash::Hash;
use thiserror::Error;

/// The kinds of file a trainee hands in, by their `format`, and the programme an instructor shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportKind {
    Survey,
    SelfAssessment,
    Worksheets,
    /// A full backup (「すべての記録を書き出す」): the worksheet page takes its sheet answers.
    Backup,
    /// A programme of 「研修の進行」, exported to share it with a co-facilitator.
    Session,
}

impl ExportKind {
    pub fn of_format(format: &str) -> Option<ExportKind> {
        match format {
            crate::survey::EXPORT_FORMAT => Some(ExportKind::Survey),
            crate::assessment::EXPORT_FORMAT => Some(ExportKind::SelfAssessment),
            crate::worksheet::EXPORT_FORMAT => Some(ExportKind::Worksheets),
            crate::record::backup::BACKUP_FORMAT => Some(ExportKind::Backup),
            crate::session::SESSION_FORMAT => Some(ExportKind::Session),
            _ => None,
        }
    }

    /// The `format` such a file carries.
    pub fn format(self) -> &'static str {
        match self {
            ExportKind::Survey => crate::survey::EXPORT_FORMAT,
            ExportKind::SelfAssessment => crate::assessment::EXPORT_FORMAT,
            ExportKind::Worksheets => crate::worksheet::EXPORT_FORMAT,
            ExportKind::Backup => crate::record::backup::BACKUP_FORMAT,
            ExportKind::Session => crate::session::SESSION_FORMAT,
        }
    }

    /// What such a file is: 「アンケートの書き出し」.
    pub fn name(self) -> &'static str {
        match self {
            ExportKind::Survey => "アンケートの書き出し",
            ExportKind::SelfAssessment => "自己評価の書き出し",
            ExportKind::Worksheets => "ワークシートと事例の書き出し",
            ExportKind::Backup => "記録のバックアップ",
            ExportKind::Session => "研修の進行表",
        }
    }

    /// What the page importing this kind reads, for 「このアプリの…ではありません」.
    fn wanted(self) -> &'static str {
        match self {
            ExportKind::Worksheets | ExportKind::Backup => {
                "ワークシートと事例の書き出し・バックアップ"
            }
            kind => kind.name(),
        }
    }

    /// The instructor pages that read this kind, as the menu names them, each in 「」.
    pub fn pages(self) -> &'static str {
        match self {
            ExportKind::Survey => "「アンケートの集計」",
            ExportKind::SelfAssessment => "「事前・事後の自己評価」",
            ExportKind::Worksheets | ExportKind::Backup => "「ワークシートの集計」か「事例の集計」",
            ExportKind::Session => "「研修の進行」",
        }
    }
}

/// Why one file (or one export read by the camera) was not imported. The message is shown beside the
/// file's name; the rest of the batch comes in regardless.
#[derive(Debug, Error, PartialEq, Eq, Clone)]
pub enum ImportError {
    #[error("ファイルが大きすぎます（{size_kb} KB。{} までです）", size_limit(*max_kb))]
    TooLarge { size_kb: u64, max_kb: u64 },
    #[error("ファイルが空です")]
    Empty,
    #[error("ファイルが途中で切れています")]
    Truncated,
    #[error("JSON ファイルではありません")]
    NotJson,
    /// JSON, but not a file this app wrote for this page (the page's kind is named).
    #[error("このアプリの{}ではありません", .0.wanted())]
    NotOurs(ExportKind),
    /// A file of this app meant for another instructor page (the file's kind is named).
    #[error("{}です。{}で読み込んでください", .0.name(), .0.pages())]
    OtherKind(ExportKind),
    #[error("新しい版のアプリで書き出されたファイルです。アプリを更新してください")]
    Newer,
    #[error("別のアンケート（{0}）の回答です")]
    OtherSurvey(String),
    #[error("別の版の自己評価（{0}）です。文が違うため一緒に集計できません")]
    OtherAssessment(String),
    #[error("ワークシートの記入も事例の記録もありません")]
    NoAnswers,
    #[error("内容が正しくありません（{0}）")]
    Invalid(String),
    #[error("まとめファイルに回答が1件もありません")]
    EmptyCollection,
    /// A reason given when the file was read, kept in its words with the page's batch (`io::kept`).
    #[error("{0}")]
    Kept(String),
}

fn size_limit(kb: u64) -> String {
    if kb >= 1024 && kb.is_multiple_of(1024) {
        format!("{} MB", kb / 1024)
    } else {
        format!("{kb} KB")
    }
}

impl ImportError {
    pub fn too_large(bytes: u64, max_bytes: u64) -> ImportError {
        ImportError::TooLarge {
            size_kb: bytes / 1024,
            max_kb: max_bytes / 1024,
        }
    }
}

/// The text of a picked file (see `components::file_drop::read_picked`): a file refused for its size
/// (`Err(bytes)`) or unreadable as text (`Ok(None)`) becomes an `ImportError`.
pub fn picked_text(
    read: Result<Option<String>, u64>,
    max_bytes: u64,
) -> Result<String, ImportError> {
    match read {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err(ImportError::NotJson),
        Err(bytes) => Err(ImportError::too_large(bytes, max_bytes)),
    }
}

/// The `format` and `schema_version` of a file, once it is known to be one this page reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportHead {
    pub kind: ExportKind,
    pub schema_version: Option<u64>,
}

/// The checks every import makes before reading a file's content: not empty, not over `max_bytes`,
/// whole JSON, and of a kind in `accepted` (the first is the page's own, named when a file is not
/// ours; a file of another kind is sent to its page).
pub fn read_head(
    text: &str,
    max_bytes: u64,
    accepted: &[ExportKind],
) -> Result<ExportHead, ImportError> {
    let here = accepted.first().copied().unwrap_or(ExportKind::Survey);
    match text.len() as u64 {
        0 => return Err(ImportError::Empty),
        bytes if bytes > max_bytes => return Err(ImportError::too_large(bytes, max_bytes)),
        _ => {}
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let head = read_envelope(text).map_err(|e| match e {
        HeadError::Truncated => ImportError::Truncated,
        HeadError::OtherShape => ImportError::NotOurs(here),
        HeadError::NotJson(_) => ImportError::NotJson,
    })?;
    match head.format.as_deref().and_then(ExportKind::of_format) {
        Some(kind) if accepted.contains(&kind) => Ok(ExportHead {
            kind,
            schema_version: head.schema_version,
        }),
        Some(other) => Err(ImportError::OtherKind(other)),
        None => Err(ImportError::NotOurs(here)),
    }
}

/// Accepts the schema version this app writes; a newer one asks for an app update.
pub fn check_version(head: &ExportHead, current: u32) -> Result<(), ImportError> {
    match head.schema_version {
        Some(v) if v == u64::from(current) => Ok(()),
        Some(v) if v > u64::from(current) => Err(ImportError::Newer),
        _ => Err(ImportError::Invalid("schema_version が不正です".into())),
    }
}

/// An export an instructor page imports, as the batch needs to know it.
pub trait Export {
    /// Equal for two files of the same trainee's hand-in (see `ImportBatch`).
    type Key: Eq + Hash;
    fn duplicate_key(&self) -> Self::Key;
    /// The day the file was written, `YYYY-MM-DD` (checked on import, so it sorts by date).
    fn exported_on(&self) -> &str;
}

/// What adding one file did to a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// A trainee not in the batch yet.
    New,
    /// A newer export of a trainee already in the batch: it counts, the older file is set aside.
    Replaced,
    /// An export of a trainee already in the batch, not newer: set aside.
    Duplicate,
    Rejected,
}

/// The files an instructor imported into one page, from any number of picks, drops and QR codes.
///
/// **The duplicate rule** (the same for the survey, the self-assessment and the worksheets): two exports
/// with the same [`Export::duplicate_key`] are one hand-in of one trainee — the anonymous respondent id
/// for the survey and the worksheets, the pairing code and phase (事前/事後) for the self-assessment.
/// Of such files, the one exported on the latest day (`exported_on`) counts; on the same day the one
/// imported first stays, so the same file dropped twice (or a QR code read again) changes nothing. Every
/// file set aside is named in `duplicates`.
///
/// A file that cannot be used is named in `rejected` with its reason, and the rest of the batch comes in.
/// Counted exports keep the order in which their trainee first came in.
#[derive(Debug, Clone)]
pub struct ImportBatch<T: Export> {
    /// The exports that count, one per trainee (per key).
    pub accepted: Vec<T>,
    /// The file each of `accepted` came from (a file name, or 「QRコード（…）」), index for index.
    pub files: Vec<String>,
    /// (file name, reason) of every file that could not be used.
    pub rejected: Vec<(String, ImportError)>,
    /// The files set aside by the duplicate rule.
    pub duplicates: Vec<String>,
    /// Key → index in `accepted`, so that a batch of thousands is checked in linear time.
    index: HashMap<T::Key, usize>,
}

impl<T: Export> Default for ImportBatch<T> {
    fn default() -> Self {
        ImportBatch {
            accepted: Vec::new(),
            files: Vec::new(),
            rejected: Vec::new(),
            duplicates: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T: Export> ImportBatch<T> {
    /// Adds one file's result under the duplicate rule.
    pub fn add(&mut self, file_name: &str, result: Result<T, ImportError>) -> Added {
        let export = match result {
            Ok(export) => export,
            Err(reason) => {
                self.rejected.push((file_name.to_owned(), reason));
                return Added::Rejected;
            }
        };
        let key = export.duplicate_key();
        match self.index.get(&key) {
            Some(&i) if export.exported_on() > self.accepted[i].exported_on() => {
                self.accepted[i] = export;
                let older = std::mem::replace(&mut self.files[i], file_name.to_owned());
                self.duplicates.push(older);
                Added::Replaced
            }
            Some(_) => {
                self.duplicates.push(file_name.to_owned());
                Added::Duplicate
            }
            None => {
                self.index.insert(key, self.accepted.len());
                self.accepted.push(export);
                self.files.push(file_name.to_owned());
                Added::New
            }
        }
    }

    /// Adds many files' results in their order.
    pub fn extend(&mut self, results: impl IntoIterator<Item = (String, Result<T, ImportError>)>) {
        for (file_name, result) in results {
            self.add(&file_name, result);
        }
    }

    /// (file, export) of every export that counts.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.files.iter().map(String::as_str).zip(&self.accepted)
    }

    /// Files read so far, whatever became of them.
    pub fn files_read(&self) -> usize {
        self.accepted.len() + self.duplicates.len() + self.rejected.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files_read() == 0
    }

    /// 「N件を読み込みました（ファイル・QRコード）: 取り込み A件・重複 D件・取り込めなかったもの R件」
    pub fn summary(&self) -> String {
        format!(
            "{}件を読み込みました（ファイル・QRコード）: 取り込み {}件・重複 {}件・取り込めなかったもの {}件",
            self.files_read(),
            self.accepted.len(),
            self.duplicates.len(),
            self.rejected.len()
        )
    }

    /// The rejected files with their reasons in words, for the page's list.
    pub fn rejected_reasons(&self) -> Vec<(String, String)> {
        self.rejected
            .iter()
            .map(|(file, reason)| (file.clone(), reason.to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Hand {
        who: &'static str,
        on: &'static str,
        note: &'static str,
    }

    impl Export for Hand {
        type Key = &'static str;
        fn duplicate_key(&self) -> &'static str {
            self.who
        }
        fn exported_on(&self) -> &str {
            self.on
        }
    }

    fn hand(who: &'static str, on: &'static str, note: &'static str) -> Result<Hand, ImportError> {
        Ok(Hand { who, on, note })
    }

    #[test]
    fn good_files_come_in_in_order_and_a_bad_file_is_named_without_stopping_the_rest() {
        let mut batch = ImportBatch::default();
        batch.add("a.json", hand("a", "2026-11-21", "A"));
        batch.add("bad.json", Err(ImportError::NotJson));
        batch.add("b.json", hand("b", "2026-11-20", "B"));
        batch.add("c.json", hand("c", "2026-11-21", "C"));
        assert_eq!(
            batch.iter().map(|(f, h)| (f, h.note)).collect::<Vec<_>>(),
            [("a.json", "A"), ("b.json", "B"), ("c.json", "C")]
        );
        assert_eq!(
            batch.rejected_reasons(),
            [(
                "bad.json".to_owned(),
                "JSON ファイルではありません".to_owned()
            )]
        );
        assert!(batch.duplicates.is_empty());
        assert_eq!(
            batch.summary(),
            "4件を読み込みました（ファイル・QRコード）: 取り込み 3件・重複 0件・取り込めなかったもの 1件"
        );
    }

    #[test]
    fn the_latest_export_of_a_trainee_counts_and_on_the_same_day_the_first() {
        let mut batch = ImportBatch::default();
        assert_eq!(
            batch.add("a-old.json", hand("a", "2026-11-20", "old")),
            Added::New
        );
        assert_eq!(
            batch.add("b.json", hand("b", "2026-11-20", "B")),
            Added::New
        );
        assert_eq!(
            batch.add("a-new.json", hand("a", "2026-11-21", "new")),
            Added::Replaced
        );
        assert_eq!(
            batch.add("a-same-day.json", hand("a", "2026-11-21", "same day")),
            Added::Duplicate
        );
        assert_eq!(
            batch.add("a-older.json", hand("a", "2026-11-01", "older")),
            Added::Duplicate
        );
        assert_eq!(
            batch.add("a-new.json", hand("a", "2026-11-21", "new")),
            Added::Duplicate,
            "the same file again changes nothing"
        );
        // The newer file takes the older one's place: the trainee keeps their first position.
        assert_eq!(
            batch.iter().map(|(f, h)| (f, h.note)).collect::<Vec<_>>(),
            [("a-new.json", "new"), ("b.json", "B")]
        );
        assert_eq!(
            batch.duplicates,
            [
                "a-old.json",
                "a-same-day.json",
                "a-older.json",
                "a-new.json"
            ]
        );
        assert_eq!(batch.files_read(), 6);
    }

    #[test]
    fn extend_adds_in_order_and_an_empty_batch_says_so() {
        let mut batch: ImportBatch<Hand> = ImportBatch::default();
        assert!(batch.is_empty());
        batch.extend([
            ("x.json".to_owned(), Err(ImportError::Empty)),
            ("a.json".to_owned(), hand("a", "2026-11-21", "A")),
            ("a2.json".to_owned(), hand("a", "2026-11-21", "A2")),
        ]);
        assert!(!batch.is_empty());
        assert_eq!(batch.files, ["a.json"]);
        assert_eq!(batch.duplicates, ["a2.json"]);
        assert_eq!(batch.rejected, [("x.json".to_owned(), ImportError::Empty)]);
    }

    #[test]
    fn a_picked_file_refused_or_unreadable_gets_its_reason() {
        assert_eq!(picked_text(Ok(Some("t".into())), 10), Ok("t".to_owned()));
        assert_eq!(picked_text(Ok(None), 10), Err(ImportError::NotJson));
        assert_eq!(
            picked_text(Err(3 * 1024 * 1024), 1024 * 1024),
            Err(ImportError::TooLarge {
                size_kb: 3072,
                max_kb: 1024
            })
        );
    }

    #[test]
    fn a_programme_is_sent_to_its_page_and_its_page_names_it() {
        let session = [ExportKind::Session];
        assert_eq!(
            read_head(
                r#"{"format":"nimo-kenshu-session"}"#,
                100,
                &[ExportKind::Survey]
            )
            .unwrap_err()
            .to_string(),
            "研修の進行表です。「研修の進行」で読み込んでください"
        );
        assert_eq!(
            read_head("[1]", 100, &session).unwrap_err().to_string(),
            "このアプリの研修の進行表ではありません"
        );
    }

    #[test]
    fn heads_are_checked_once_for_every_kind() {
        let survey = [ExportKind::Survey];
        let worksheets = [ExportKind::Worksheets, ExportKind::Backup];
        assert_eq!(read_head("", 100, &survey), Err(ImportError::Empty));
        assert_eq!(read_head(" \n", 100, &survey), Err(ImportError::Empty));
        assert_eq!(
            read_head(&" ".repeat(3 * 1024), 2048, &survey),
            Err(ImportError::TooLarge {
                size_kb: 3,
                max_kb: 2
            })
        );
        assert_eq!(
            read_head("{\"format\":", 100, &survey),
            Err(ImportError::Truncated)
        );
        assert_eq!(read_head("<html>", 100, &survey), Err(ImportError::NotJson));
        assert_eq!(
            read_head("[1]", 100, &survey),
            Err(ImportError::NotOurs(ExportKind::Survey))
        );
        assert_eq!(
            read_head(r#"{"format":"x"}"#, 100, &worksheets),
            Err(ImportError::NotOurs(ExportKind::Worksheets))
        );
        assert_eq!(
            read_head(r#"{"format":"nimo-kenshu-survey"}"#, 100, &worksheets),
            Err(ImportError::OtherKind(ExportKind::Survey))
        );
        let backup = read_head(
            r#"{"format":"nimo-kenshu-backup","schema_version":3}"#,
            100,
            &worksheets,
        )
        .unwrap();
        assert_eq!(backup.kind, ExportKind::Backup);
        assert_eq!(check_version(&backup, 3), Ok(()));
        assert_eq!(check_version(&backup, 2), Err(ImportError::Newer));
        assert!(matches!(
            check_version(&backup, 4),
            Err(ImportError::Invalid(_))
        ));
    }

    #[test]
    fn every_reason_reads_as_a_sentence_naming_what_to_do() {
        let cases = [
            (
                ImportError::TooLarge {
                    size_kb: 3072,
                    max_kb: 2048,
                },
                "ファイルが大きすぎます（3072 KB。2 MB までです）",
            ),
            (
                ImportError::TooLarge {
                    size_kb: 300,
                    max_kb: 256,
                },
                "ファイルが大きすぎます（300 KB。256 KB までです）",
            ),
            (
                ImportError::NotOurs(ExportKind::Survey),
                "このアプリのアンケートの書き出しではありません",
            ),
            (
                ImportError::NotOurs(ExportKind::Worksheets),
                "このアプリのワークシートと事例の書き出し・バックアップではありません",
            ),
            (
                ImportError::OtherKind(ExportKind::Survey),
                "アンケートの書き出しです。「アンケートの集計」で読み込んでください",
            ),
            (
                ImportError::OtherKind(ExportKind::Backup),
                "記録のバックアップです。「ワークシートの集計」か「事例の集計」で読み込んでください",
            ),
            (
                ImportError::OtherKind(ExportKind::SelfAssessment),
                "自己評価の書き出しです。「事前・事後の自己評価」で読み込んでください",
            ),
        ];
        for (error, message) in cases {
            assert_eq!(error.to_string(), message);
        }
    }
}
