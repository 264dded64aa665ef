//! The full backup a trainee downloads from 「記録」 and restores later (on this or another browser).

use crate::model::date::Day;
use crate::model::record::{LearnerRecord, RecordError};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

pub const BACKUP_FORMAT: &str = "nimo-kenshu-backup";
pub const BACKUP_SCHEMA_VERSION: u32 = 1;
/// A backup of typed answers is a few hundred KB at most; anything far larger is not ours, and reading
/// it whole into memory on a phone would hurt.
pub const MAX_BACKUP_BYTES: u64 = 5 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    format: String,
    schema_version: u32,
    course_version: String,
    /// A date only: no time finer than a day leaves the device.
    exported_on: String,
    record: Value,
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
    let envelope = Envelope {
        format: BACKUP_FORMAT.into(),
        schema_version: BACKUP_SCHEMA_VERSION,
        course_version: course_version.into(),
        exported_on: today.to_string(),
        record: serde_json::to_value(record).expect("a record always converts to JSON"),
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
        let size_mb = format!("{:.1}", bytes as f64 / (1024.0 * 1024.0));
        return Err(RestoreError::TooLarge { size_mb });
    }
    Ok(())
}

pub fn parse_backup(text: &str) -> Result<Restored, RestoreError> {
    check_size(text.len() as u64)?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            RestoreError::Truncated
        } else {
            RestoreError::NotJson
        }
    })?;
    let object = value.as_object().ok_or(RestoreError::NotOurs)?;
    if object.get("format").and_then(Value::as_str) != Some(BACKUP_FORMAT) {
        return Err(RestoreError::NotOurs);
    }
    match object.get("schema_version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(BACKUP_SCHEMA_VERSION) => {}
        Some(v) if v > u64::from(BACKUP_SCHEMA_VERSION) => return Err(RestoreError::Newer),
        _ => return Err(RestoreError::Invalid("schema_version が不正です".into())),
    }
    let envelope: Envelope =
        serde_json::from_value(value).map_err(|e| RestoreError::Invalid(e.to_string()))?;
    let exported_on = Day::parse(&envelope.exported_on)
        .ok_or_else(|| RestoreError::Invalid("exported_on が日付ではありません".into()))?;
    let record = LearnerRecord::from_value(envelope.record).map_err(|e| match e {
        RecordError::NewerVersion { .. } => RestoreError::Newer,
        other => RestoreError::Invalid(other.to_string()),
    })?;
    Ok(Restored { record, exported_on, course_version: envelope.course_version })
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
        assert_eq!(backup_file_name(day()), "nimo-kenshu-backup-2026-11-21.json");
    }

    #[test]
    fn size_limits() {
        assert_eq!(check_size(0), Err(RestoreError::Empty));
        assert!(check_size(MAX_BACKUP_BYTES).is_ok());
        assert_eq!(
            check_size(50 * 1024 * 1024),
            Err(RestoreError::TooLarge { size_mb: "50.0".into() })
        );
    }

    #[test]
    fn every_bad_file_gets_its_own_reason() {
        let good = backup_json(&sample(), "v", day());
        assert_eq!(parse_backup(&good[..good.len() / 2]), Err(RestoreError::Truncated));
        assert_eq!(parse_backup("これはJSONではない"), Err(RestoreError::NotJson));
        assert_eq!(parse_backup(r#"{"format":"something-else"}"#), Err(RestoreError::NotOurs));
        assert_eq!(parse_backup(r#"[]"#), Err(RestoreError::NotOurs));
        let newer = good.replacen("\"schema_version\": 1", "\"schema_version\": 2", 1);
        assert_eq!(parse_backup(&newer), Err(RestoreError::Newer));
        let mut value: Value = serde_json::from_str(&good).unwrap();
        value["record"]["schema_version"] = 9.into();
        let newer_record = value.to_string();
        assert_eq!(parse_backup(&newer_record), Err(RestoreError::Newer));
        let bad_day = good.replace("2026-11-21", "2026-11-21T09:00");
        assert!(matches!(parse_backup(&bad_day), Err(RestoreError::Invalid(_))));
    }
}
