//! The effectiveness survey (効果測定アンケート): its definition, a trainee's answers, the anonymous
//! export, and validating exports on import.
//!
//! Every question is optional: an unanswered question is simply absent, and aggregation counts it as
//! 無回答, as the 2019 report does.

pub mod aggregate;
pub mod baseline;
pub mod report_html;
pub mod xapi;

use crate::io::date::Day;
use crate::io::import::{Export, ExportKind, ImportBatch, ImportError, check_version, read_head};
use crate::text::width_fold;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug)]
pub struct Survey {
    pub id: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub questions: &'static [SurveyQuestion],
}

#[derive(Debug)]
pub struct SurveyQuestion {
    pub id: &'static str,
    /// 問1 … as printed.
    pub number: &'static str,
    pub text: &'static str,
    pub kind: SurveyKind,
    pub options: &'static [SurveyOption],
    /// The rows of a matrix question (問10–問12: ①②③).
    pub items: &'static [SurveyItem],
    /// Choosing one of these opens the reason box (問4, 問10, 問11: 3 or 4).
    pub reason_options: &'static [&'static str],
    pub reason_label: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurveyKind {
    Single,
    Matrix,
    Multiple,
    Text,
}

#[derive(Debug)]
pub struct SurveyOption {
    pub id: &'static str,
    pub label: &'static str,
    /// その他: has a text box of its own.
    pub other: bool,
}

#[derive(Debug)]
pub struct SurveyItem {
    pub id: &'static str,
    pub label: &'static str,
}

/// One question's answer. Fields not used by the question's kind stay empty and are not exported.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QuestionAnswer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub items: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub other: String,
}

impl QuestionAnswer {
    pub fn is_empty(&self) -> bool {
        self.choice.is_none()
            && self.items.is_empty()
            && self.choices.is_empty()
            && self.text.trim().is_empty()
            && self.reason.trim().is_empty()
            && self.other.trim().is_empty()
    }
}

impl SurveyQuestion {
    pub fn option(&self, id: &str) -> Option<&'static SurveyOption> {
        self.options.iter().find(|o| o.id == id)
    }

    /// Whether the reason box should show for this answer.
    pub fn wants_reason(&self, answer: &QuestionAnswer) -> bool {
        let chosen = |id: &String| self.reason_options.contains(&id.as_str());
        answer.choice.iter().any(chosen) || answer.items.values().any(chosen)
    }

    /// Whether this question counts as answered (for 「N問中M問に回答」).
    pub fn answered(&self, answer: Option<&QuestionAnswer>) -> bool {
        let Some(a) = answer else { return false };
        match self.kind {
            SurveyKind::Single => a.choice.is_some(),
            SurveyKind::Matrix => !a.items.is_empty(),
            SurveyKind::Multiple => !a.choices.is_empty(),
            SurveyKind::Text => !a.text.trim().is_empty(),
        }
    }

    /// Checks an imported answer against the definition.
    fn check(&self, answer: &QuestionAnswer) -> Result<(), String> {
        let known = |id: &str| self.option(id).is_some();
        let problem = |what: String| Err(format!("{}の{what}", self.number));
        match self.kind {
            SurveyKind::Single => {
                if let Some(choice) = &answer.choice {
                    if !known(choice) {
                        return problem(format!("選択肢「{choice}」がありません"));
                    }
                }
            }
            SurveyKind::Matrix => {
                for (item, choice) in &answer.items {
                    if !self.items.iter().any(|i| i.id == item) {
                        return problem(format!("項目「{item}」がありません"));
                    }
                    if !known(choice) {
                        return problem(format!("選択肢「{choice}」がありません"));
                    }
                }
            }
            SurveyKind::Multiple => {
                if let Some(bad) = answer.choices.iter().find(|c| !known(c)) {
                    return problem(format!("選択肢「{bad}」がありません"));
                }
            }
            SurveyKind::Text => {}
        }
        Ok(())
    }
}

pub const EXPORT_FORMAT: &str = "nimo-kenshu-survey";
/// 問2 「職種」: the question the report cross-tabulates and groups free text by.
pub const PROFESSION_QUESTION: &str = "q2";
/// Version 1 keyed answers by question with `choice`/`items`/`choices`/`text`/`reason`/`other`.
pub const EXPORT_SCHEMA_VERSION: u32 = 1;
/// An export is a few KB; 2 MB is far beyond any honest file and keeps a batch import fast.
pub const MAX_EXPORT_BYTES: u64 = 2 * 1024 * 1024;

/// The anonymous survey export: no name, no time finer than a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyExport {
    pub format: String,
    pub schema_version: u32,
    pub course_version: String,
    pub survey_id: String,
    #[serde(default)]
    pub session_code: Option<String>,
    pub exported_on: String,
    pub respondent_id: String,
    pub answers: BTreeMap<String, QuestionAnswer>,
}

impl SurveyExport {
    pub fn new(
        survey: &Survey,
        course_version: &str,
        session_code: &str,
        today: Day,
        respondent_id: &str,
        answers: &BTreeMap<String, QuestionAnswer>,
    ) -> SurveyExport {
        let session_code = normalise_session_code(session_code);
        SurveyExport {
            format: EXPORT_FORMAT.into(),
            schema_version: EXPORT_SCHEMA_VERSION,
            course_version: course_version.into(),
            survey_id: survey.id.into(),
            session_code: (!session_code.is_empty()).then_some(session_code),
            exported_on: today.to_string(),
            respondent_id: respondent_id.into(),
            answers: answers
                .iter()
                .filter(|(_, a)| !a.is_empty())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("an export always serialises")
    }

    /// How the instructor's screen names this respondent without a name: the first characters of the
    /// anonymous id and, where answered, the 職種 (問2).
    pub fn who(&self, survey: &Survey) -> String {
        let short: String = self.respondent_id.chars().take(6).collect();
        let profession = survey
            .questions
            .iter()
            .find(|q| q.id == PROFESSION_QUESTION)
            .zip(self.answers.get(PROFESSION_QUESTION))
            .and_then(|(q, a)| a.choice.as_deref().and_then(|c| q.option(c)))
            .map(|o| o.label);
        match profession {
            Some(label) => format!("回答者 {short}・{label}"),
            None => format!("回答者 {short}"),
        }
    }

    /// `nimo-survey-<session>-<date>-<short id>.json`
    pub fn file_name(&self) -> String {
        let session = self.session_code.as_deref().unwrap_or("nocode");
        let short: String = self.respondent_id.chars().take(8).collect();
        format!("nimo-survey-{session}-{}-{short}.json", self.exported_on)
    }
}

/// Session codes are typed by hand from what the instructor announces: full-width forms and stray
/// spaces are folded, and only characters safe in a file name are kept.
pub fn normalise_session_code(code: &str) -> String {
    code.chars()
        .map(|c| match c {
            'ー' | '―' => '-',
            _ => width_fold(c),
        })
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(40)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Validates one imported file on its own; older schema versions would be migrated here.
pub fn parse_export(text: &str, survey: &Survey) -> Result<SurveyExport, ImportError> {
    // A current export, the usual case, is read in one pass; anything else goes through the head checks
    // first, so that a foreign, newer or broken file gets its own reason rather than a field error.
    let fast = (text.len() as u64 <= MAX_EXPORT_BYTES)
        .then(|| serde_json::from_str::<SurveyExport>(text).ok())
        .flatten()
        .filter(|e| e.format == EXPORT_FORMAT && e.schema_version == EXPORT_SCHEMA_VERSION);
    let export = match fast {
        Some(export) => export,
        None => {
            let head = read_head(text, MAX_EXPORT_BYTES, &[ExportKind::Survey])?;
            check_version(&head, EXPORT_SCHEMA_VERSION)?;
            serde_json::from_str(text).map_err(|e| ImportError::Invalid(e.to_string()))?
        }
    };
    if export.survey_id != survey.id {
        return Err(ImportError::OtherSurvey(export.survey_id));
    }
    if Day::parse(&export.exported_on).is_none() {
        return Err(ImportError::Invalid(
            "exported_on が日付ではありません".into(),
        ));
    }
    if export.respondent_id.trim().is_empty() {
        return Err(ImportError::Invalid("respondent_id が空です".into()));
    }
    for (question_id, answer) in &export.answers {
        let question = survey
            .questions
            .iter()
            .find(|q| q.id == question_id)
            .ok_or_else(|| ImportError::Invalid(format!("質問「{question_id}」がありません")))?;
        question.check(answer).map_err(ImportError::Invalid)?;
    }
    Ok(export)
}

/// A trainee's repeated survey exports share the anonymous respondent id: it is the duplicate key.
impl Export for SurveyExport {
    type Key = String;
    fn duplicate_key(&self) -> String {
        self.respondent_id.clone()
    }
    fn exported_on(&self) -> &str {
        &self.exported_on
    }
}

/// The survey exports an instructor imported (see `ImportBatch` for the duplicate rule).
pub type SurveyBatch = ImportBatch<SurveyExport>;

#[cfg(test)]
pub mod fixtures {
    use super::*;

    pub static OPTIONS4: [SurveyOption; 4] = [
        SurveyOption {
            id: "o1",
            label: "理解できた",
            other: false,
        },
        SurveyOption {
            id: "o2",
            label: "少しは理解できた",
            other: false,
        },
        SurveyOption {
            id: "o3",
            label: "あまり理解できなかった",
            other: false,
        },
        SurveyOption {
            id: "o4",
            label: "理解できなかった",
            other: false,
        },
    ];
    pub static JOBS: [SurveyOption; 3] = [
        SurveyOption {
            id: "o1",
            label: "保健師",
            other: false,
        },
        SurveyOption {
            id: "o2",
            label: "看護師",
            other: false,
        },
        SurveyOption {
            id: "o3",
            label: "その他",
            other: false,
        },
    ];
    pub static ITEMS: [SurveyItem; 2] = [
        SurveyItem {
            id: "kiban",
            label: "①地域の基盤整備",
        },
        SurveyItem {
            id: "network",
            label: "②個別支援のネットワークづくり",
        },
    ];
    pub static MULTI: [SurveyOption; 3] = [
        SurveyOption {
            id: "o1",
            label: "地域の基盤整備",
            other: false,
        },
        SurveyOption {
            id: "o2",
            label: "個別支援のネットワークづくり",
            other: false,
        },
        SurveyOption {
            id: "other",
            label: "その他",
            other: true,
        },
    ];
    pub static QUESTIONS: [SurveyQuestion; 5] = [
        SurveyQuestion {
            id: "q2",
            number: "問2",
            text: "職種",
            kind: SurveyKind::Single,
            options: &JOBS,
            items: &[],
            reason_options: &[],
            reason_label: "",
        },
        SurveyQuestion {
            id: "q4",
            number: "問4",
            text: "理解",
            kind: SurveyKind::Single,
            options: &OPTIONS4,
            items: &[],
            reason_options: &["o3", "o4"],
            reason_label: "理由",
        },
        SurveyQuestion {
            id: "q10",
            number: "問10",
            text: "必要性",
            kind: SurveyKind::Matrix,
            options: &OPTIONS4,
            items: &ITEMS,
            reason_options: &["o3", "o4"],
            reason_label: "理由",
        },
        SurveyQuestion {
            id: "q13",
            number: "問13",
            text: "力を入れたい連携",
            kind: SurveyKind::Multiple,
            options: &MULTI,
            items: &[],
            reason_options: &[],
            reason_label: "",
        },
        SurveyQuestion {
            id: "q14",
            number: "問14",
            text: "自由記述",
            kind: SurveyKind::Text,
            options: &[],
            items: &[],
            reason_options: &[],
            reason_label: "",
        },
    ];
    pub static SURVEY: Survey = Survey {
        id: "test-survey",
        title: "テスト",
        intro: "",
        questions: &QUESTIONS,
    };

    pub fn single(choice: &str) -> QuestionAnswer {
        QuestionAnswer {
            choice: Some(choice.into()),
            ..Default::default()
        }
    }

    pub fn export(respondent: &str, answers: &[(&str, QuestionAnswer)]) -> SurveyExport {
        let answers: BTreeMap<String, QuestionAnswer> = answers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        SurveyExport::new(
            &SURVEY,
            "0.1.0+test",
            "2026-11-misaku",
            Day::new(2026, 11, 21).unwrap(),
            respondent,
            &answers,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    #[test]
    fn export_is_anonymous_and_dated_by_day_only() {
        let e = export(
            "abcdef0123456789",
            &[
                ("q2", single("o1")),
                (
                    "q14",
                    QuestionAnswer {
                        text: "研修の感想".into(),
                        ..Default::default()
                    },
                ),
            ],
        );
        let json = e.to_json();
        assert!(json.contains("\"exported_on\": \"2026-11-21\""));
        assert!(!json.contains("name"), "{json}");
        assert_eq!(
            e.file_name(),
            "nimo-survey-2026-11-misaku-2026-11-21-abcdef01.json"
        );
        assert_eq!(parse_export(&json, &SURVEY).unwrap(), e);
    }

    #[test]
    fn empty_answers_are_not_exported() {
        let e = export(
            "r",
            &[
                ("q2", QuestionAnswer::default()),
                (
                    "q14",
                    QuestionAnswer {
                        text: "  ".into(),
                        ..Default::default()
                    },
                ),
            ],
        );
        assert!(e.answers.is_empty());
    }

    #[test]
    fn session_codes_are_folded_for_file_names() {
        assert_eq!(
            normalise_session_code(" ２０２６－１１－Ｍｉｓａｋｕ "),
            "2026-11-misaku"
        );
        assert_eq!(normalise_session_code("../etc"), "etc");
    }

    #[test]
    fn reason_box_follows_choices() {
        let q4 = &QUESTIONS[1];
        assert!(!q4.wants_reason(&single("o2")));
        assert!(q4.wants_reason(&single("o3")));
        let q10 = &QUESTIONS[2];
        let matrix = QuestionAnswer {
            items: [("network".to_owned(), "o4".to_owned())].into(),
            ..Default::default()
        };
        assert!(q10.wants_reason(&matrix));
    }

    #[test]
    fn every_rejection_has_its_reason() {
        let good = export("r1", &[("q2", single("o1"))]).to_json();
        assert_eq!(parse_export("", &SURVEY), Err(ImportError::Empty));
        assert_eq!(
            parse_export(&good[..good.len() / 2], &SURVEY),
            Err(ImportError::Truncated)
        );
        assert_eq!(parse_export("<html>", &SURVEY), Err(ImportError::NotJson));
        assert_eq!(
            parse_export(r#"{"format":"nimo-kenshu-nonsense"}"#, &SURVEY),
            Err(ImportError::NotOurs(ExportKind::Survey))
        );
        assert_eq!(
            parse_export(r#"{"format":"nimo-kenshu-backup"}"#, &SURVEY),
            Err(ImportError::OtherKind(ExportKind::Backup))
        );
        assert_eq!(
            parse_export(
                &good.replace("\"schema_version\": 1", "\"schema_version\": 2"),
                &SURVEY
            ),
            Err(ImportError::Newer)
        );
        assert_eq!(
            parse_export(
                &good.replace("\"schema_version\": 1", "\"schema_version\": 0"),
                &SURVEY
            ),
            Err(ImportError::Invalid("schema_version が不正です".into()))
        );
        assert_eq!(
            parse_export(&good.replace("test-survey", "other"), &SURVEY),
            Err(ImportError::OtherSurvey("other".into()))
        );
        assert!(
            matches!(parse_export(&good.replace("\"o1\"", "\"o9\""), &SURVEY), Err(ImportError::Invalid(m)) if m.contains("o9"))
        );
        assert!(matches!(
            parse_export(&good.replace("2026-11-21", "2026-11-21T10:00"), &SURVEY),
            Err(ImportError::Invalid(_))
        ));
        let huge = format!("{good}{}", " ".repeat(3 * 1024 * 1024));
        assert_eq!(
            parse_export(&huge, &SURVEY),
            Err(ImportError::TooLarge {
                size_kb: huge.len() as u64 / 1024,
                max_kb: 2048
            })
        );
        assert!(
            ImportError::Newer
                .to_string()
                .contains("アプリを更新してください")
        );
    }

    #[test]
    fn a_batch_keeps_good_files_names_bad_ones_and_counts_a_respondent_once() {
        let mut batch = SurveyBatch::default();
        batch.add("a.json", Ok(export("r1", &[])));
        batch.add("b.json", Err(ImportError::NotJson));
        batch.add("a-again.json", Ok(export("r1", &[])));
        batch.add("c.json", Ok(export("r2", &[])));
        assert_eq!(batch.accepted.len(), 2);
        assert_eq!(
            batch.rejected,
            vec![("b.json".to_owned(), ImportError::NotJson)]
        );
        assert_eq!(batch.duplicates, ["a-again.json"]);
        assert_eq!(
            batch.summary(),
            "4件を読み込みました（ファイル・QRコード）: 取り込み 2件・重複 1件・取り込めなかったもの 1件"
        );
    }
}
