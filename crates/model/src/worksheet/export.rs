//! The anonymous file a trainee hands to the instructor: every sheet answer except their name, and their
//! case plays.

use crate::case::CasePlay;
use crate::io::date::Day;
use crate::record::LearnerRecord;
use crate::survey::normalise_session_code;
use crate::worksheet::entries::Answers;
use crate::worksheet::keys::{field_key, is_row_count};
use crate::worksheet::{
    EXPORT_FORMAT, EXPORT_SCHEMA_VERSION, KEY_PREFIX, NO_GROUP, PersonalField, Worksheet,
    is_personal,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The anonymous file a trainee hands to the instructor: every sheet answer except their name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorksheetExport {
    pub format: String,
    pub schema_version: u32,
    pub respondent_id: String,
    #[serde(default)]
    pub session_code: String,
    /// A date only, as in the survey export.
    pub exported_on: String,
    pub answers: BTreeMap<String, String>,
    /// Case scenario plays (paths, endings), by case id; files written before cases existed have none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cases: BTreeMap<String, CasePlay>,
}

impl WorksheetExport {
    pub fn from_record(
        record: &LearnerRecord,
        personal: &[PersonalField<'_>],
        today: Day,
    ) -> WorksheetExport {
        let answers = record
            .texts
            .iter()
            .filter(|(key, value)| exportable(personal, key, &value.value))
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect();
        WorksheetExport {
            format: EXPORT_FORMAT.into(),
            schema_version: EXPORT_SCHEMA_VERSION,
            respondent_id: record.respondent_id.clone(),
            session_code: normalise_session_code(record.session_code()),
            exported_on: today.to_string(),
            answers,
            cases: record
                .cases
                .iter()
                .map(|(id, play)| (id.clone(), play.value.clone()))
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.cases.is_empty()
    }

    /// Whether `from_record` would have anything to export, without building the export.
    pub fn has_anything_in(record: &LearnerRecord, personal: &[PersonalField<'_>]) -> bool {
        !record.cases.is_empty()
            || record
                .texts
                .iter()
                .any(|(key, value)| exportable(personal, key, &value.value))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("an export of strings always serialises")
    }

    /// `nimo-worksheets-<session>-<date>-<short id>.json`
    pub fn file_name(&self) -> String {
        let session = if self.session_code.is_empty() {
            "nocode"
        } else {
            &self.session_code
        };
        let short: String = self.respondent_id.chars().take(8).collect();
        format!(
            "nimo-worksheets-{session}-{}-{short}.json",
            self.exported_on
        )
    }

    /// The answer this export gives to a sheet's `group_by` question (職種), or 「職種無回答」.
    pub fn group(&self, sheet: &Worksheet) -> String {
        let Some((section, field)) = sheet.group_by.split_once('/') else {
            return NO_GROUP.into();
        };
        match self
            .answers
            .answer(&field_key(&sheet.id, section, field))
            .trim()
        {
            "" => NO_GROUP.into(),
            group => group.to_owned(),
        }
    }
}

/// A non-empty sheet answer that is not the trainee's name. Answers to a sheet this version no longer
/// has are still the trainee's work and go too.
fn exportable(personal: &[PersonalField<'_>], key: &str, text: &str) -> bool {
    key.starts_with(KEY_PREFIX)
        && !is_row_count(key)
        && !text.trim().is_empty()
        && !is_personal(personal, key)
}
