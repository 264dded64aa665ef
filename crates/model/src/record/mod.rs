//! The learner record: everything one trainee has done in this course, stored as one versioned document.
//!
//! Every entry carries a revision from a per-record logical clock, so that two open tabs (or a tab and a
//! storage event) can be merged entry by entry instead of the last writer silently overwriting the other.

pub mod backup;
pub mod prefs;
pub mod progress;
pub mod storage_fault;

use crate::case::CasePlay;
use crate::course::quiz::Answer;
use crate::io::envelope::{HeadError, read_head};
use crate::survey::QuestionAnswer;
use crate::text::hash::fnv1a_32;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use thiserror::Error;

pub const RECORD_FORMAT: &str = "nimo-kenshu-record";
pub const RECORD_SCHEMA_VERSION: u32 = 1;

/// A value with the logical time of its last edit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamped<T> {
    pub rev: u64,
    /// For typed texts: a fingerprint of the text this edit was typed over (empty for an empty box). An
    /// edit from another tab typed over something other than our current text never saw ours: the two
    /// tabs edited the same box at once. Hex, so that no reader mistakes it for a time.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub base: String,
    pub value: T,
}

/// FNV-1a over the text, 32 bits in hex; empty for the empty box.
fn fingerprint(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    format!("{:08x}", fnv1a_32(text.as_bytes()))
}

impl<T> Stamped<T> {
    fn new(rev: u64, value: T) -> Stamped<T> {
        Stamped {
            rev,
            base: String::new(),
            value,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnerRecord {
    pub format: String,
    pub schema_version: u32,
    /// Random and anonymous; it lets an instructor count a re-imported export once.
    pub respondent_id: String,
    /// Changes when the whole record is replaced (restore, delete all). Another tab seeing a new epoch
    /// takes the record wholesale instead of merging it with what it had.
    pub epoch: String,
    pub clock: u64,
    /// Free-text answers keyed by where they were typed, e.g. `lesson/<lesson>/<reflection>`.
    #[serde(default)]
    pub texts: BTreeMap<String, Stamped<String>>,
    /// The lesson opened most recently, for 「続きから」.
    #[serde(default)]
    pub last_lesson: Option<Stamped<String>>,
    /// Lessons read to the end, by lesson id.
    #[serde(default)]
    pub read: BTreeMap<String, Stamped<bool>>,
    /// Self-check attempts, by lesson id.
    #[serde(default)]
    pub quizzes: BTreeMap<String, Stamped<QuizRecord>>,
    /// 効果測定アンケート answers, by question id.
    #[serde(default)]
    pub survey: BTreeMap<String, Stamped<QuestionAnswer>>,
    /// The 研修コード the instructor announced, typed by the trainee.
    #[serde(default)]
    pub session_code: Option<Stamped<String>>,
    /// The day the survey was last exported (a date only).
    #[serde(default)]
    pub survey_exported_on: Option<Stamped<String>>,
    /// Case scenarios: the path in progress, endings reached and completed paths, by case id.
    #[serde(default)]
    pub cases: BTreeMap<String, Stamped<CasePlay>>,
}

/// The trainee's self-check history for one lesson: the best score is kept, and the last answers so
/// that a reload shows what was chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QuizRecord {
    pub attempts: u32,
    pub best_percent: u32,
    pub last_percent: u32,
    pub last_answers: Vec<Option<Answer>>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum RecordError {
    #[error("保存データがJSONとして読めません（{0}）")]
    NotJson(String),
    #[error("このアプリの記録ではありません")]
    WrongFormat,
    #[error("新しい版のアプリで保存された記録です（形式 {found}）。アプリを更新してください")]
    NewerVersion { found: u32 },
    #[error("記録の形式 {0} には対応していません")]
    UnknownVersion(u32),
    #[error("記録の内容が壊れています（{0}）")]
    Invalid(String),
}

/// Builds ids from caller-supplied randomness so that the model stays deterministic under test.
pub fn hex_id(random: &[u8]) -> String {
    random.iter().map(|b| format!("{b:02x}")).collect()
}

impl LearnerRecord {
    pub fn new(respondent_random: [u8; 16], epoch_random: [u8; 8]) -> LearnerRecord {
        LearnerRecord {
            format: RECORD_FORMAT.into(),
            schema_version: RECORD_SCHEMA_VERSION,
            respondent_id: hex_id(&respondent_random),
            epoch: hex_id(&epoch_random),
            clock: 0,
            texts: BTreeMap::new(),
            last_lesson: None,
            read: BTreeMap::new(),
            quizzes: BTreeMap::new(),
            survey: BTreeMap::new(),
            session_code: None,
            survey_exported_on: None,
            cases: BTreeMap::new(),
        }
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    pub fn text(&self, key: &str) -> &str {
        self.texts.get(key).map_or("", |s| s.value.as_str())
    }

    /// Records an edit. An emptied box is kept as an empty entry so that clearing also reaches other tabs.
    pub fn set_text(&mut self, key: &str, value: &str) {
        if self.texts.get(key).is_some_and(|s| s.value == value) {
            return;
        }
        let base = fingerprint(self.text(key));
        let rev = self.tick();
        self.texts.insert(
            key.to_owned(),
            Stamped {
                rev,
                base,
                value: value.to_owned(),
            },
        );
    }

    pub fn set_last_lesson(&mut self, lesson_id: &str) {
        if self
            .last_lesson
            .as_ref()
            .is_some_and(|s| s.value == lesson_id)
        {
            return;
        }
        let rev = self.tick();
        self.last_lesson = Some(Stamped::new(rev, lesson_id.to_owned()));
    }

    pub fn is_read(&self, lesson_id: &str) -> bool {
        self.read.get(lesson_id).is_some_and(|s| s.value)
    }

    pub fn mark_read(&mut self, lesson_id: &str) {
        if self.is_read(lesson_id) {
            return;
        }
        let rev = self.tick();
        self.read
            .insert(lesson_id.to_owned(), Stamped::new(rev, true));
    }

    pub fn quiz(&self, lesson_id: &str) -> Option<&QuizRecord> {
        self.quizzes.get(lesson_id).map(|s| &s.value)
    }

    /// Records a graded attempt; the best score only ever rises.
    pub fn record_attempt(&mut self, lesson_id: &str, answers: Vec<Option<Answer>>, percent: u32) {
        let mut quiz = self.quiz(lesson_id).cloned().unwrap_or_default();
        quiz.attempts += 1;
        quiz.best_percent = quiz.best_percent.max(percent);
        quiz.last_percent = percent;
        quiz.last_answers = answers;
        let rev = self.tick();
        self.quizzes
            .insert(lesson_id.to_owned(), Stamped::new(rev, quiz));
    }

    /// A lesson is done when it was read to the end and its self-check attempted.
    pub fn lesson_done(&self, lesson_id: &str) -> bool {
        self.is_read(lesson_id) && self.quiz(lesson_id).is_some_and(|q| q.attempts > 0)
    }

    pub fn survey_answer(&self, question_id: &str) -> Option<&QuestionAnswer> {
        self.survey.get(question_id).map(|s| &s.value)
    }

    pub fn survey_answers(&self) -> BTreeMap<String, QuestionAnswer> {
        self.survey
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect()
    }

    /// Changes one question's answer; an answer changed back to nothing stays as an empty entry so
    /// that clearing also reaches other tabs.
    pub fn edit_survey(&mut self, question_id: &str, change: impl FnOnce(&mut QuestionAnswer)) {
        let mut answer = self.survey_answer(question_id).cloned().unwrap_or_default();
        change(&mut answer);
        if self.survey_answer(question_id) == Some(&answer)
            || (answer.is_empty() && !self.survey.contains_key(question_id))
        {
            return;
        }
        let rev = self.tick();
        self.survey
            .insert(question_id.to_owned(), Stamped::new(rev, answer));
    }

    pub fn session_code(&self) -> &str {
        self.session_code.as_ref().map_or("", |s| s.value.as_str())
    }

    pub fn set_session_code(&mut self, code: &str) {
        if self.session_code() == code {
            return;
        }
        let rev = self.tick();
        self.session_code = Some(Stamped::new(rev, code.to_owned()));
    }

    pub fn case_play(&self, case_id: &str) -> Option<&CasePlay> {
        self.cases.get(case_id).map(|s| &s.value)
    }

    /// Stores a case's play after a choice, a step back or a restart.
    pub fn set_case_play(&mut self, case_id: &str, play: CasePlay) {
        if self.case_play(case_id) == Some(&play) {
            return;
        }
        let rev = self.tick();
        self.cases
            .insert(case_id.to_owned(), Stamped::new(rev, play));
    }

    pub fn mark_survey_exported(&mut self, day: &str) {
        let rev = self.tick();
        self.survey_exported_on = Some(Stamped::new(rev, day.to_owned()));
    }

    /// How many answers the trainee has typed (non-empty texts).
    pub fn answered_text_count(&self) -> usize {
        self.texts
            .values()
            .filter(|s| !s.value.trim().is_empty())
            .count()
    }

    /// Combines what another tab saved with this one. Returns the record this tab should now hold.
    /// A different epoch means the other side replaced the record on purpose, so it wins whole.
    pub fn merged_with(&self, other: &LearnerRecord) -> LearnerRecord {
        if other.epoch != self.epoch {
            return other.clone();
        }
        let mut merged = self.clone();
        merged.clock = self.clock.max(other.clock);
        merge_entries(&mut merged.texts, &other.texts);
        merge_entries(&mut merged.read, &other.read);
        merge_entries(&mut merged.quizzes, &other.quizzes);
        merge_entries(&mut merged.survey, &other.survey);
        merge_entries(&mut merged.cases, &other.cases);
        merged.last_lesson = merge_single(&self.last_lesson, &other.last_lesson);
        merged.session_code = merge_single(&self.session_code, &other.session_code);
        merged.survey_exported_on =
            merge_single(&self.survey_exported_on, &other.survey_exported_on);
        merged
    }

    /// Texts of this tab that lost to another tab's edit of the same box made at the same time (their
    /// edit was typed over an older revision than ours, and the merge kept theirs). The caller shows
    /// them so the trainee can put their words back rather than lose them silently.
    pub fn displaced_by(
        &self,
        theirs: &LearnerRecord,
        merged: &LearnerRecord,
    ) -> Vec<(String, String)> {
        self.texts
            .iter()
            .filter(|(key, ours)| {
                theirs.texts.get(*key).is_some_and(|t| {
                    t.base != fingerprint(&ours.value)
                        && t.value != ours.value
                        && merged.texts.get(*key) == Some(t)
                })
            })
            .filter(|(_, ours)| !ours.value.trim().is_empty())
            .map(|(key, ours)| (key.clone(), ours.value.clone()))
            .collect()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a record of strings and numbers always serialises")
    }

    /// Reads a stored or restored record of any known schema version, migrating older ones.
    pub fn from_json(text: &str) -> Result<LearnerRecord, RecordError> {
        let head = read_head(text).map_err(|e| match e {
            HeadError::OtherShape => RecordError::WrongFormat,
            HeadError::Truncated => RecordError::NotJson("途中で切れています".into()),
            HeadError::NotJson(message) => RecordError::NotJson(message),
        })?;
        if head.format.as_deref() != Some(RECORD_FORMAT) {
            return Err(RecordError::WrongFormat);
        }
        let version = head
            .schema_version
            .ok_or_else(|| RecordError::Invalid("schema_version がありません".into()))?;
        let version = u32::try_from(version).map_err(|_| RecordError::UnknownVersion(u32::MAX))?;
        let record = migrate(version, text)?;
        record.check()?;
        Ok(record)
    }

    fn check(&self) -> Result<(), RecordError> {
        let highest = self
            .texts
            .values()
            .map(|s| s.rev)
            .chain(self.read.values().map(|s| s.rev))
            .chain(self.quizzes.values().map(|s| s.rev))
            .chain(self.survey.values().map(|s| s.rev))
            .chain(self.cases.values().map(|s| s.rev))
            .chain(self.last_lesson.iter().map(|s| s.rev))
            .chain(self.session_code.iter().map(|s| s.rev))
            .chain(self.survey_exported_on.iter().map(|s| s.rev))
            .max()
            .unwrap_or(0);
        if highest > self.clock {
            return Err(RecordError::Invalid(
                "更新番号が記録の時計より進んでいます".into(),
            ));
        }
        if self.respondent_id.is_empty() || self.epoch.is_empty() {
            return Err(RecordError::Invalid("識別子が空です".into()));
        }
        Ok(())
    }
}

fn merge_single<T: Ord + Clone>(
    ours: &Option<Stamped<T>>,
    theirs: &Option<Stamped<T>>,
) -> Option<Stamped<T>> {
    match (ours, theirs) {
        (Some(o), Some(t)) if newer(t, o) => Some(t.clone()),
        (None, t) => t.clone(),
        (o, _) => o.clone(),
    }
}

fn merge_entries<T: Ord + Clone>(
    ours: &mut BTreeMap<String, Stamped<T>>,
    theirs: &BTreeMap<String, Stamped<T>>,
) {
    for (key, their_entry) in theirs {
        match ours.get(key) {
            Some(our_entry) if !newer(their_entry, our_entry) => {}
            _ => {
                ours.insert(key.clone(), their_entry.clone());
            }
        }
    }
}

fn newer<T: Ord>(a: &Stamped<T>, b: &Stamped<T>) -> bool {
    // Equal revisions from two tabs are broken by value so that both tabs settle on the same answer.
    (a.rev, &a.value) > (b.rev, &b.value)
}

/// Reads a record of `version` and brings it up to the current schema, one step at a time. Version 1
/// is the first; each later version adds one arm that reads the older shape and converts it.
fn migrate(version: u32, text: &str) -> Result<LearnerRecord, RecordError> {
    match version {
        RECORD_SCHEMA_VERSION => {
            serde_json::from_str(text).map_err(|e| RecordError::Invalid(e.to_string()))
        }
        v if v > RECORD_SCHEMA_VERSION => Err(RecordError::NewerVersion { found: v }),
        v => Err(RecordError::UnknownVersion(v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> LearnerRecord {
        LearnerRecord::new([7; 16], [1; 8])
    }

    #[test]
    fn new_record_has_hex_ids() {
        let r = record();
        assert_eq!(r.respondent_id, "07".repeat(16));
        assert_eq!(r.epoch, "01".repeat(8));
    }

    #[test]
    fn json_round_trip_keeps_everything() {
        let mut r = record();
        r.set_text("lesson/a/r1", "多職種で話し合う 𠮷 髙 😀");
        r.set_last_lesson("a");
        let back = LearnerRecord::from_json(&r.to_json()).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn setting_the_same_text_does_not_tick() {
        let mut r = record();
        r.set_text("k", "x");
        r.set_text("k", "x");
        assert_eq!(r.clock, 1);
    }

    #[test]
    fn edits_in_two_tabs_to_different_boxes_both_survive() {
        let base = record();
        let mut tab_a = base.clone();
        let mut tab_b = base.clone();
        tab_a.set_text("one", "A");
        tab_b.set_text("two", "B");
        let merged = tab_a.merged_with(&tab_b);
        assert_eq!(merged.text("one"), "A");
        assert_eq!(merged.text("two"), "B");
        assert_eq!(merged, tab_b.merged_with(&tab_a), "both tabs converge");
    }

    #[test]
    fn later_edit_of_the_same_box_wins() {
        let mut tab_a = record();
        tab_a.set_text("one", "first");
        let mut tab_b = tab_a.clone();
        tab_b.set_text("one", "second");
        assert_eq!(tab_a.merged_with(&tab_b).text("one"), "second");
        assert_eq!(tab_b.merged_with(&tab_a).text("one"), "second");
    }

    #[test]
    fn a_simultaneous_edit_of_the_same_box_is_reported_to_the_tab_that_lost() {
        let mut base = record();
        base.set_text("one", "start");
        let mut ours = base.clone();
        ours.set_text("one", "ours");
        ours.set_text("two", "only here");
        let mut theirs = base.clone();
        theirs.set_text("one", "theirs");
        theirs.set_text("one", "theirs again");
        let merged = ours.merged_with(&theirs);
        assert_eq!(merged.text("one"), "theirs again");
        assert_eq!(
            ours.displaced_by(&theirs, &merged),
            [("one".to_owned(), "ours".to_owned())]
        );
        let their_view = theirs.merged_with(&ours);
        assert_eq!(
            theirs.displaced_by(&ours, &their_view),
            [],
            "the tab whose text was kept lost nothing"
        );
    }

    #[test]
    fn typing_on_top_of_what_another_tab_saved_is_not_a_conflict() {
        let mut ours = record();
        ours.set_text("one", "first");
        let mut theirs = ours.clone();
        theirs.set_text("one", "first, then more");
        let merged = ours.merged_with(&theirs);
        assert_eq!(merged.text("one"), "first, then more");
        assert_eq!(ours.displaced_by(&theirs, &merged), []);
    }

    #[test]
    fn clearing_a_box_propagates() {
        let mut tab_a = record();
        tab_a.set_text("one", "text");
        let mut tab_b = tab_a.clone();
        tab_b.set_text("one", "");
        assert_eq!(tab_a.merged_with(&tab_b).text("one"), "");
    }

    #[test]
    fn a_new_epoch_replaces_the_record_whole() {
        let mut ours = record();
        ours.set_text("one", "old");
        let restored = LearnerRecord::new([9; 16], [2; 8]);
        assert_eq!(ours.merged_with(&restored), restored);
    }

    #[test]
    fn rejects_foreign_newer_and_broken_documents() {
        assert!(matches!(
            LearnerRecord::from_json("{"),
            Err(RecordError::NotJson(_))
        ));
        assert_eq!(
            LearnerRecord::from_json("[1,2]"),
            Err(RecordError::WrongFormat)
        );
        assert_eq!(
            LearnerRecord::from_json(r#"{"format":"other"}"#),
            Err(RecordError::WrongFormat)
        );
        let newer = record()
            .to_json()
            .replace("\"schema_version\":1", "\"schema_version\":99");
        assert_eq!(
            LearnerRecord::from_json(&newer),
            Err(RecordError::NewerVersion { found: 99 })
        );
        let zero = record()
            .to_json()
            .replace("\"schema_version\":1", "\"schema_version\":0");
        assert_eq!(
            LearnerRecord::from_json(&zero),
            Err(RecordError::UnknownVersion(0))
        );
        let mut r = record();
        r.set_text("k", "v");
        let skewed = r.to_json().replace("\"clock\":1", "\"clock\":0");
        assert!(matches!(
            LearnerRecord::from_json(&skewed),
            Err(RecordError::Invalid(_))
        ));
    }

    #[test]
    fn best_score_only_rises_and_last_answers_are_kept() {
        let mut r = record();
        r.record_attempt("a", vec![Some(Answer::TrueFalse(true))], 80);
        r.record_attempt("a", vec![Some(Answer::TrueFalse(false))], 40);
        let quiz = r.quiz("a").unwrap();
        assert_eq!(
            (quiz.attempts, quiz.best_percent, quiz.last_percent),
            (2, 80, 40)
        );
        assert_eq!(quiz.last_answers, vec![Some(Answer::TrueFalse(false))]);
    }

    #[test]
    fn a_lesson_is_done_when_read_and_attempted() {
        let mut r = record();
        assert!(!r.lesson_done("a"));
        r.mark_read("a");
        assert!(!r.lesson_done("a"), "reading alone is not done");
        r.record_attempt("a", vec![], 0);
        assert!(r.lesson_done("a"), "any attempt counts, whatever the score");
    }

    #[test]
    fn progress_from_two_tabs_merges() {
        let base = record();
        let mut tab_a = base.clone();
        let mut tab_b = base.clone();
        tab_a.mark_read("a");
        tab_b.record_attempt("a", vec![], 50);
        let merged = tab_a.merged_with(&tab_b);
        assert!(merged.lesson_done("a"));
    }

    #[test]
    fn survey_answers_from_two_tabs_merge_per_question() {
        let base = record();
        let mut tab_a = base.clone();
        let mut tab_b = base.clone();
        tab_a.edit_survey("q1", |a| a.choice = Some("o2".into()));
        tab_b.edit_survey("q2", |a| a.choice = Some("o3".into()));
        tab_b.set_session_code("2026-11-misaku");
        let merged = tab_a.merged_with(&tab_b);
        assert_eq!(
            merged.survey_answer("q1").unwrap().choice.as_deref(),
            Some("o2")
        );
        assert_eq!(
            merged.survey_answer("q2").unwrap().choice.as_deref(),
            Some("o3")
        );
        assert_eq!(merged.session_code(), "2026-11-misaku");
        assert_eq!(LearnerRecord::from_json(&merged.to_json()).unwrap(), merged);
    }

    #[test]
    fn clearing_a_survey_answer_is_kept_as_an_edit() {
        let mut r = record();
        r.edit_survey("q1", |a| a.choice = Some("o1".into()));
        r.edit_survey("q1", |a| a.choice = None);
        assert!(r.survey_answer("q1").unwrap().is_empty());
        let clock = r.clock;
        r.edit_survey("q9", |a| a.choice = None);
        assert_eq!(r.clock, clock, "an untouched empty answer records nothing");
    }

    #[test]
    fn case_plays_merge_per_case_and_round_trip() {
        let base = record();
        let mut tab_a = base.clone();
        let mut tab_b = base.clone();
        tab_a.set_case_play(
            "a",
            CasePlay {
                role: Some("shi".into()),
                choices: vec![0, 2],
                ..CasePlay::default()
            },
        );
        tab_b.set_case_play(
            "b",
            CasePlay {
                choices: vec![1],
                ..CasePlay::default()
            },
        );
        let merged = tab_a.merged_with(&tab_b);
        assert_eq!(merged.case_play("a").unwrap().choices, [0, 2]);
        assert_eq!(merged.case_play("b").unwrap().choices, [1]);
        assert_eq!(LearnerRecord::from_json(&merged.to_json()).unwrap(), merged);
        let clock = merged.clock;
        let mut same = merged.clone();
        same.set_case_play(
            "b",
            CasePlay {
                choices: vec![1],
                ..CasePlay::default()
            },
        );
        assert_eq!(same.clock, clock, "an unchanged play records nothing");
    }

    #[test]
    fn error_messages_are_japanese() {
        let message = RecordError::NewerVersion { found: 3 }.to_string();
        assert!(message.contains("アプリを更新してください"), "{message}");
    }
}
