//! The full backup a trainee downloads from 「記録」 and restores later (on this or another browser).

use crate::io::date::Day;
use crate::record::{LearnerRecord, RecordError};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use thiserror::Error;

pub const BACKUP_FORMAT: &str = "nimo-kenshu-backup";
pub const BACKUP_SCHEMA_VERSION: u32 = 1;
/// A backup of typed answers is a few hundred KB at most; anything far larger is not ours, and reading
/// it whole into memory on a phone would hurt.
pub const MAX_BACKUP_BYTES: u64 = 5 * 1024 * 1024;

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'static str,
    schema_version: u32,
    course_version: &'a str,
    /// A date only: no time finer than a day leaves the device.
    exported_on: String,
    record: &'a LearnerRecord,
}

/// The record stays raw until the envelope has been checked, and is then read (and migrated) on its own.
#[derive(Deserialize)]
struct EnvelopeIn<'a> {
    format: Option<String>,
    schema_version: Option<u64>,
    course_version: Option<String>,
    exported_on: Option<String>,
    #[serde(borrow)]
    record: Option<&'a RawValue>,
}

/// What a valid backup file holds, ready to replace the current record.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    pub record: LearnerRecord,
    pub exported_on: Day,
    pub course_version: String,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum RestoreError {
    #[error("ファイルが大きすぎます（{size_mb} MB）。バックアップは 5 MB までです")]
    TooLarge { size_mb: String },
    #[error("ファイルが空です")]
    Empty,
    #[error("ファイルが途中で切れています。書き出し直したファイルを選んでください")]
    Truncated,
    #[error("JSON ファイルではありません")]
    NotJson,
    #[error("このアプリのバックアップではありません")]
    NotOurs,
    #[error("新しい版のアプリで書き出されたバックアップです。アプリを更新してください")]
    Newer,
    #[error("バックアップの内容が壊れています（{0}）")]
    Invalid(String),
}

pub fn backup_json(record: &LearnerRecord, course_version: &str, today: Day) -> String {
    let envelope = EnvelopeOut {
        format: BACKUP_FORMAT,
        schema_version: BACKUP_SCHEMA_VERSION,
        course_version,
        exported_on: today.to_string(),
        record,
    };
    serde_json::to_string_pretty(&envelope).expect("an envelope always serialises")
}

/// `nimo-kenshu-backup-2026-11-21.json`
pub fn backup_file_name(today: Day) -> String {
    format!("nimo-kenshu-backup-{today}.json")
}

/// Checked before the file is read, so a 50 MB file is refused without loading it.
pub fn check_size(bytes: u64) -> Result<(), RestoreError> {
    if bytes == 0 {
        return Err(RestoreError::Empty);
    }
    if bytes > MAX_BACKUP_BYTES {
        // Tenths of a MB in integers: float formatting would add kilobytes to the wasm for one message.
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
        let size_mb = format!("{}.{}", tenths / 10, tenths % 10);
        return Err(RestoreError::TooLarge { size_mb });
    }
    Ok(())
}

pub fn parse_backup(text: &str) -> Result<Restored, RestoreError> {
    check_size(text.len() as u64)?;
    let envelope: EnvelopeIn<'_> = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            RestoreError::Truncated
        } else if e.is_data() {
            RestoreError::NotOurs
        } else {
            RestoreError::NotJson
        }
    })?;
    if envelope.format.as_deref() != Some(BACKUP_FORMAT) {
        return Err(RestoreError::NotOurs);
    }
    match envelope.schema_version {
        Some(v) if v == u64::from(BACKUP_SCHEMA_VERSION) => {}
        Some(v) if v > u64::from(BACKUP_SCHEMA_VERSION) => return Err(RestoreError::Newer),
        _ => return Err(RestoreError::Invalid("schema_version が不正です".into())),
    }
    let exported_on = envelope
        .exported_on
        .as_deref()
        .and_then(Day::parse)
        .ok_or_else(|| RestoreError::Invalid("exported_on が日付ではありません".into()))?;
    let raw = envelope
        .record
        .ok_or_else(|| RestoreError::Invalid("record がありません".into()))?;
    let record = LearnerRecord::from_json(raw.get()).map_err(|e| match e {
        RecordError::NewerVersion { .. } => RestoreError::Newer,
        other => RestoreError::Invalid(other.to_string()),
    })?;
    let course_version = envelope.course_version.unwrap_or_default();
    Ok(Restored {
        record,
        exported_on,
        course_version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Day {
        Day::new(2026, 11, 21).unwrap()
    }

    fn sample() -> LearnerRecord {
        let mut r = LearnerRecord::new([3; 16], [4; 8]);
        r.set_text("lesson/x/r", "連携の目的を共有する");
        r
    }

    #[test]
    fn backup_round_trips() {
        let json = backup_json(&sample(), "0.1.0+abc", day());
        let restored = parse_backup(&json).unwrap();
        assert_eq!(restored.record, sample());
        assert_eq!(restored.exported_on, day());
        assert_eq!(restored.course_version, "0.1.0+abc");
    }

    #[test]
    fn backup_carries_no_time_of_day() {
        let json = backup_json(&sample(), "v", day());
        assert!(json.contains("\"exported_on\": \"2026-11-21\""));
        assert!(!json.contains('T') || !json.contains(":00"), "{json}");
    }

    #[test]
    fn file_name_has_the_date() {
        assert_eq!(
            backup_file_name(day()),
            "nimo-kenshu-backup-2026-11-21.json"
        );
    }

    #[test]
    fn size_limits() {
        assert_eq!(check_size(0), Err(RestoreError::Empty));
        assert!(check_size(MAX_BACKUP_BYTES).is_ok());
        assert_eq!(
            check_size(50 * 1024 * 1024),
            Err(RestoreError::TooLarge {
                size_mb: "50.0".into()
            })
        );
    }

    #[test]
    fn every_bad_file_gets_its_own_reason() {
        let good = backup_json(&sample(), "v", day());
        assert_eq!(
            parse_backup(&good[..good.len() / 2]),
            Err(RestoreError::Truncated)
        );
        assert_eq!(
            parse_backup("これはJSONではない"),
            Err(RestoreError::NotJson)
        );
        assert_eq!(
            parse_backup(r#"{"format":"something-else"}"#),
            Err(RestoreError::NotOurs)
        );
        assert_eq!(parse_backup(r#"[]"#), Err(RestoreError::NotOurs));
        let newer = good.replacen("\"schema_version\": 1", "\"schema_version\": 2", 1);
        assert_eq!(parse_backup(&newer), Err(RestoreError::Newer));
        let mut value: serde_json::Value = serde_json::from_str(&good).unwrap();
        value["record"]["schema_version"] = 9.into();
        let newer_record = value.to_string();
        assert_eq!(parse_backup(&newer_record), Err(RestoreError::Newer));
        let bad_day = good.replace("2026-11-21", "2026-11-21T09:00");
        assert!(matches!(
            parse_backup(&bad_day),
            Err(RestoreError::Invalid(_))
        ));
    }
}
