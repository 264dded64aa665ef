//! 事前・事後の自己評価: the trainee rates the same statements before and after the course; the
//! instructor pairs the two exports of each trainee by a pairing code the trainee chose (no names) and
//! sees, per statement, the distributions, the mean change and paired tests.
//!
//! Answers live in the learner record's texts (`sa/<phase>/<statement>` = "1".."5"), so they autosave,
//! merge between tabs and travel in backups like every other answer, without a new record field.

pub mod def;
pub mod stats;

pub use crate::assessment::def::{SelfAssessment, Statement};
use crate::assessment::stats::{SignTest, SignedRankTest, mean, sign_test, wilcoxon_signed_rank};
use crate::io::date::Day;
use crate::io::import::{Export, ExportKind, ImportBatch, ImportError, check_version, read_head};
use crate::record::LearnerRecord;
use crate::survey::aggregate::{cell_text, format_tenths, percent_tenths};
use crate::survey::normalise_session_code;
use crate::text::csv::CsvWriter;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const EXPORT_FORMAT: &str = "nimo-kenshu-self-assessment";
pub const EXPORT_SCHEMA_VERSION: u32 = 1;
/// An export is well under 2 KB; anything near this is not one.
pub const MAX_EXPORT_BYTES: u64 = 256 * 1024;
/// Points of the agreement scale (content/self_assessment.toml has one label for each).
pub const SCALE_POINTS: u8 = 5;
/// Shorter codes than this collide too easily within one course.
pub const MIN_CODE_CHARS: usize = 4;
/// Fewer pairs than this identify people and say nothing statistically.
pub const SMALL_CELL: u32 = 5;

const CODE_KEY: &str = "sa/code";
/// Letters and digits that cannot be misread when copied by hand (no 0/o, 1/l/i).
const CODE_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Pre,
    Post,
}

impl Phase {
    pub const ALL: [Phase; 2] = [Phase::Pre, Phase::Post];

    pub fn key(self) -> &'static str {
        match self {
            Phase::Pre => "pre",
            Phase::Post => "post",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Phase::Pre => "事前",
            Phase::Post => "事後",
        }
    }
}

fn answer_key(phase: Phase, statement_id: &str) -> String {
    format!("sa/{}/{statement_id}", phase.key())
}

fn done_key(phase: Phase) -> String {
    format!("sa/{}/@done", phase.key())
}

pub fn answer(record: &LearnerRecord, phase: Phase, statement_id: &str) -> Option<u8> {
    record
        .text(&answer_key(phase, statement_id))
        .parse()
        .ok()
        .filter(|v| (1..=SCALE_POINTS).contains(v))
}

pub fn set_answer(record: &mut LearnerRecord, phase: Phase, statement_id: &str, value: u8) {
    if (1..=SCALE_POINTS).contains(&value) {
        record.set_text(&answer_key(phase, statement_id), &value.to_string());
    }
}

pub fn answers(
    record: &LearnerRecord,
    assessment: &SelfAssessment,
    phase: Phase,
) -> BTreeMap<String, u8> {
    assessment
        .statements
        .iter()
        .filter_map(|s| answer(record, phase, &s.id).map(|v| (s.id.clone(), v)))
        .collect()
}

/// The day the trainee last exported this phase (a date only), which marks it as handed in.
pub fn exported_on(record: &LearnerRecord, phase: Phase) -> Option<String> {
    Some(record.text(&done_key(phase)).to_owned()).filter(|d| !d.is_empty())
}

pub fn mark_exported(record: &mut LearnerRecord, phase: Phase, day: Day) {
    record.set_text(&done_key(phase), &day.to_string());
}

pub fn pairing_code(record: &LearnerRecord) -> &str {
    record.text(CODE_KEY)
}

/// Stores the code as the instructor's view compares it: folded like a 研修コード, and without hyphens
/// or underscores, so that 「abcd-2345」 written on paper and typed back as 「ABCD2345」 still pairs.
pub fn set_pairing_code(record: &mut LearnerRecord, typed: &str) {
    record.set_text(CODE_KEY, &canonical_code(typed));
}

pub fn canonical_code(typed: &str) -> String {
    normalise_session_code(typed)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// A code from caller-supplied randomness: eight letters and digits that cannot be misread.
pub fn generate_pairing_code(random: [u8; 8]) -> String {
    random
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect()
}

pub fn code_problem(code: &str) -> Option<String> {
    let letters = canonical_code(code).chars().count();
    (letters < MIN_CODE_CHARS)
        .then(|| format!("照合コードは英数字{MIN_CODE_CHARS}文字以上にしてください"))
}

/// The anonymous export of one phase: the pairing code, never a name, and a date only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentExport {
    pub format: String,
    pub schema_version: u32,
    pub course_version: String,
    pub assessment_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_code: Option<String>,
    pub pairing_code: String,
    pub phase: Phase,
    pub exported_on: String,
    /// Statement id → 1..=5; statements left blank are absent.
    pub answers: BTreeMap<String, u8>,
}

impl AssessmentExport {
    pub fn new(
        assessment: &SelfAssessment,
        record: &LearnerRecord,
        phase: Phase,
        course_version: &str,
        today: Day,
    ) -> Result<AssessmentExport, String> {
        let code = canonical_code(pairing_code(record));
        if let Some(problem) = code_problem(&code) {
            return Err(problem);
        }
        let session = normalise_session_code(record.session_code());
        Ok(AssessmentExport {
            format: EXPORT_FORMAT.into(),
            schema_version: EXPORT_SCHEMA_VERSION,
            course_version: course_version.into(),
            assessment_id: assessment.id.clone(),
            session_code: (!session.is_empty()).then_some(session),
            pairing_code: code,
            phase,
            exported_on: today.to_string(),
            answers: answers(record, assessment, phase),
        })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .expect("an export of strings and numbers always serialises")
    }

    /// `nimo-jiko-hyoka-pre-<code>-<date>.json`: the phase first, so a folder of them sorts usefully.
    pub fn file_name(&self) -> String {
        format!(
            "nimo-jiko-hyoka-{}-{}-{}.json",
            self.phase.key(),
            self.pairing_code,
            self.exported_on
        )
    }
}

pub fn parse_export(
    text: &str,
    assessment: &SelfAssessment,
) -> Result<AssessmentExport, ImportError> {
    let head = read_head(text, MAX_EXPORT_BYTES, &[ExportKind::SelfAssessment])?;
    check_version(&head, EXPORT_SCHEMA_VERSION)?;
    let mut export: AssessmentExport =
        serde_json::from_str(text).map_err(|e| ImportError::Invalid(e.to_string()))?;
    // A code edited by hand in the file pairs like the one the app wrote.
    export.pairing_code = canonical_code(&export.pairing_code);
    if export.assessment_id != assessment.id {
        return Err(ImportError::OtherAssessment(export.assessment_id));
    }
    if code_problem(&export.pairing_code).is_some() {
        return Err(ImportError::Invalid("照合コードが正しくありません".into()));
    }
    if Day::parse(&export.exported_on).is_none() {
        return Err(ImportError::Invalid(
            "exported_on が日付ではありません".into(),
        ));
    }
    for (id, value) in &export.answers {
        if !assessment.statements.iter().any(|s| &s.id == id) {
            return Err(ImportError::Invalid(format!(
                "文「{id}」はこの自己評価にありません"
            )));
        }
        if !(1..=SCALE_POINTS).contains(value) {
            return Err(ImportError::Invalid(format!(
                "文「{id}」の値 {value} は1〜{SCALE_POINTS}ではありません"
            )));
        }
    }
    Ok(export)
}

/// One trainee hands in each phase once: the pairing code and the phase are the duplicate key.
impl Export for AssessmentExport {
    type Key = (String, Phase);
    fn duplicate_key(&self) -> (String, Phase) {
        (self.pairing_code.clone(), self.phase)
    }
    fn exported_on(&self) -> &str {
        &self.exported_on
    }
}

/// The self-assessment exports an instructor imported (see `ImportBatch` for the duplicate rule).
pub type AssessmentBatch = ImportBatch<AssessmentExport>;

impl ImportBatch<AssessmentExport> {
    /// Pre and post matched by pairing code; exports without a partner are listed, not dropped silently.
    pub fn pairing(&self) -> Pairing {
        let kept: BTreeMap<(&str, Phase), (&str, &AssessmentExport)> = self
            .iter()
            .map(|(file, export)| ((export.pairing_code.as_str(), export.phase), (file, export)))
            .collect();
        let mut pairing = Pairing::default();
        for (&(code, phase), &(file, export)) in &kept {
            let other = match phase {
                Phase::Pre => Phase::Post,
                Phase::Post => Phase::Pre,
            };
            match (phase, kept.get(&(code, other))) {
                (Phase::Pre, Some((_, post))) => {
                    pairing.pairs.push((export.clone(), (*post).clone()))
                }
                (Phase::Post, Some(_)) => {}
                (_, None) => pairing.unmatched.push(Unmatched {
                    code: code.to_owned(),
                    phase,
                    file: file.to_owned(),
                }),
            }
        }
        pairing
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pairing {
    /// (pre, post), by pairing code.
    pub pairs: Vec<(AssessmentExport, AssessmentExport)>,
    pub unmatched: Vec<Unmatched>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmatched {
    pub code: String,
    pub phase: Phase,
    pub file: String,
}

/// Counts of one phase over the matched pairs: one per scale point, plus 無回答.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Distribution {
    pub counts: [u32; SCALE_POINTS as usize],
    pub no_answer: u32,
}

impl Distribution {
    pub fn total(&self) -> u32 {
        self.counts.iter().sum::<u32>() + self.no_answer
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct StatementReport {
    pub statement_id: String,
    pub text: String,
    pub pre: Distribution,
    pub post: Distribution,
    /// Pairs in which both phases answered this statement: what the means and tests use.
    pub answered_pairs: u32,
    pub mean_pre: Option<f64>,
    pub mean_post: Option<f64>,
    pub mean_change: Option<f64>,
    pub sign: Option<SignTest>,
    pub wilcoxon: Option<SignedRankTest>,
}

pub fn report(assessment: &SelfAssessment, pairing: &Pairing) -> Vec<StatementReport> {
    assessment
        .statements
        .iter()
        .map(|statement| {
            let mut pre = Distribution::default();
            let mut post = Distribution::default();
            let (mut before, mut after, mut changes) = (Vec::new(), Vec::new(), Vec::new());
            for (pre_export, post_export) in &pairing.pairs {
                let a = pre_export.answers.get(&statement.id).copied();
                let b = post_export.answers.get(&statement.id).copied();
                count(&mut pre, a);
                count(&mut post, b);
                if let (Some(a), Some(b)) = (a, b) {
                    before.push(i32::from(a));
                    after.push(i32::from(b));
                    changes.push(i32::from(b) - i32::from(a));
                }
            }
            StatementReport {
                statement_id: statement.id.clone(),
                text: statement.text.clone(),
                pre,
                post,
                answered_pairs: changes.len() as u32,
                mean_pre: mean(&before),
                mean_post: mean(&after),
                mean_change: mean(&changes),
                sign: sign_test(&changes),
                wilcoxon: wilcoxon_signed_rank(&changes),
            }
        })
        .collect()
}

fn count(distribution: &mut Distribution, value: Option<u8>) {
    match value.and_then(|v| distribution.counts.get_mut(usize::from(v).wrapping_sub(1))) {
        Some(cell) => *cell += 1,
        None => distribution.no_answer += 1,
    }
}

/// Statistics are shown only with enough pairs (and never when small cells are suppressed and the
/// pairs are fewer than five).
pub fn shows_statistics(report: &StatementReport, suppress_small: bool) -> bool {
    !suppress_small || report.answered_pairs >= SMALL_CELL
}

/// `0.012` style, and 「<0.001」 below what the approximation can honestly claim.
pub fn format_p(p: f64) -> String {
    if p < 0.001 {
        "<0.001".into()
    } else {
        format!("{p:.3}")
    }
}

pub fn format_mean(value: Option<f64>) -> String {
    value.map_or_else(|| "—".into(), |v| format!("{v:.2}"))
}

pub fn format_change(value: Option<f64>) -> String {
    value.map_or_else(
        || "—".into(),
        |v| {
            if v > 0.0 {
                format!("+{v:.2}")
            } else {
                format!("{v:.2}")
            }
        },
    )
}

/// One row per statement, phase and answer, plus the statistics, for Excel (UTF-8 BOM, CRLF).
pub fn csv_report(
    assessment: &SelfAssessment,
    reports: &[StatementReport],
    suppress_small: bool,
) -> String {
    let mut csv = CsvWriter::new();
    let mut row =
        |fields: &[String]| csv.row(&fields.iter().map(String::as_str).collect::<Vec<_>>());
    row(&[
        "文".into(),
        "時期".into(),
        "回答".into(),
        "件数".into(),
        "%".into(),
    ]);
    for report in reports {
        for (phase, distribution) in [(Phase::Pre, &report.pre), (Phase::Post, &report.post)] {
            let n = distribution.total();
            let labels = assessment
                .scale
                .iter()
                .map(String::as_str)
                .chain(["無回答"]);
            let counts = distribution
                .counts
                .into_iter()
                .chain([distribution.no_answer]);
            for (label, count) in labels.zip(counts) {
                let shown = cell_text(count, suppress_small);
                let percent = if shown == count.to_string() {
                    format_tenths(percent_tenths(count, n))
                } else {
                    String::new()
                };
                row(&[
                    report.text.clone(),
                    phase.label().into(),
                    label.to_owned(),
                    shown,
                    percent,
                ]);
            }
        }
    }
    row(&[]);
    row(&[
        "文".into(),
        "ペア数".into(),
        "事前平均".into(),
        "事後平均".into(),
        "平均の変化".into(),
        "符号検定 p".into(),
        "Wilcoxon 符号付順位検定 p".into(),
    ]);
    for report in reports {
        let stats = shows_statistics(report, suppress_small);
        let hidden = || "（5ペア未満のため非表示）".to_owned();
        row(&[
            report.text.clone(),
            cell_text(report.answered_pairs, suppress_small),
            if stats {
                format_mean(report.mean_pre)
            } else {
                hidden()
            },
            if stats {
                format_mean(report.mean_post)
            } else {
                hidden()
            },
            if stats {
                format_change(report.mean_change)
            } else {
                hidden()
            },
            if stats {
                report
                    .sign
                    .as_ref()
                    .map_or("—".into(), |s| format_p(s.p_value))
            } else {
                hidden()
            },
            if stats {
                report
                    .wilcoxon
                    .as_ref()
                    .map_or("—".into(), |w| format_p(w.p_value))
            } else {
                hidden()
            },
        ]);
    }
    csv.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assessment() -> SelfAssessment {
        SelfAssessment {
            id: "test-1".into(),
            title: "自己評価".into(),
            intro: String::new(),
            scale: ["1", "2", "3", "4", "5"].map(String::from).to_vec(),
            statements: ["a", "b"]
                .map(|id| Statement {
                    id: id.into(),
                    text: format!("文{id}"),
                    lesson: "x".into(),
                })
                .to_vec(),
        }
    }

    fn export(code: &str, phase: Phase, on: &str, answers: &[(&str, u8)]) -> AssessmentExport {
        AssessmentExport {
            format: EXPORT_FORMAT.into(),
            schema_version: EXPORT_SCHEMA_VERSION,
            course_version: "v".into(),
            assessment_id: "test-1".into(),
            session_code: None,
            pairing_code: code.into(),
            phase,
            exported_on: on.into(),
            answers: answers.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
        }
    }

    #[test]
    fn answers_live_in_the_record_and_round_trip_through_an_export() {
        let a = assessment();
        let mut record = LearnerRecord::new([1; 16], [2; 8]);
        set_answer(&mut record, Phase::Pre, "a", 2);
        set_answer(&mut record, Phase::Pre, "b", 9);
        set_answer(&mut record, Phase::Post, "a", 5);
        assert_eq!(
            answer(&record, Phase::Pre, "b"),
            None,
            "out-of-scale values are not stored"
        );
        let today = Day::parse("2026-11-21").unwrap();
        assert_eq!(
            AssessmentExport::new(&a, &record, Phase::Pre, "v", today).unwrap_err(),
            "照合コードは英数字4文字以上にしてください"
        );
        set_pairing_code(&mut record, "ＡＢＣＤ－２３４５");
        assert_eq!(pairing_code(&record), "abcd2345");
        record.set_session_code("Okayama-2019");
        let export = AssessmentExport::new(&a, &record, Phase::Pre, "v", today).unwrap();
        assert_eq!(export.answers, BTreeMap::from([("a".to_owned(), 2)]));
        assert_eq!(export.session_code.as_deref(), Some("okayama-2019"));
        assert_eq!(
            export.file_name(),
            "nimo-jiko-hyoka-pre-abcd2345-2026-11-21.json"
        );
        assert!(
            !export.to_json().contains(&record.respondent_id),
            "the export carries no respondent id"
        );
        assert_eq!(parse_export(&export.to_json(), &a), Ok(export));
        assert_eq!(exported_on(&record, Phase::Pre), None);
        mark_exported(&mut record, Phase::Pre, today);
        assert_eq!(
            exported_on(&record, Phase::Pre).as_deref(),
            Some("2026-11-21")
        );
        assert_eq!(exported_on(&record, Phase::Post), None);
    }

    #[test]
    fn generated_codes_are_unambiguous_and_survive_normalising() {
        let code = generate_pairing_code([0, 30, 31, 255, 7, 8, 100, 200]);
        assert_eq!(code.len(), 8);
        assert_eq!(canonical_code(&code), code);
        assert!(code_problem(&code).is_none());
        assert!(!code.chars().any(|c| "01oli".contains(c)), "{code}");
    }

    #[test]
    fn every_kind_of_bad_file_is_named() {
        let a = assessment();
        let good = export("abcd2345", Phase::Pre, "2026-11-21", &[("a", 3)]).to_json();
        let edited = parse_export(&good.replace("abcd2345", "ABCD-2345"), &a).unwrap();
        assert_eq!(
            edited.pairing_code, "abcd2345",
            "a hand-edited code pairs with the app's"
        );
        assert_eq!(parse_export("", &a), Err(ImportError::Empty));
        assert_eq!(
            parse_export("{\"format\":", &a),
            Err(ImportError::Truncated)
        );
        assert_eq!(parse_export("<html>", &a), Err(ImportError::NotJson));
        assert_eq!(
            parse_export("[1]", &a),
            Err(ImportError::NotOurs(ExportKind::SelfAssessment))
        );
        let survey = r#"{"format":"nimo-kenshu-survey","schema_version":1}"#;
        assert_eq!(
            parse_export(survey, &a),
            Err(ImportError::OtherKind(ExportKind::Survey))
        );
        assert_eq!(
            parse_export(
                &good.replace("\"schema_version\": 1", "\"schema_version\": 2"),
                &a
            ),
            Err(ImportError::Newer)
        );
        assert_eq!(
            parse_export(&good.replace("test-1", "other-2"), &a),
            Err(ImportError::OtherAssessment("other-2".into()))
        );
        assert!(matches!(
            parse_export(&good.replace("\"a\": 3", "\"a\": 6"), &a),
            Err(ImportError::Invalid(_))
        ));
        assert!(matches!(
            parse_export(&good.replace("\"a\": 3", "\"zz\": 3"), &a),
            Err(ImportError::Invalid(_))
        ));
        assert!(matches!(
            parse_export(&good.replace("abcd2345", "ab"), &a),
            Err(ImportError::Invalid(_))
        ));
        assert!(matches!(
            parse_export(&good.replace("2026-11-21", "yesterday"), &a),
            Err(ImportError::Invalid(_))
        ));
        let huge = format!("{{\"pad\":\"{}\"}}", "x".repeat(300 * 1024));
        assert_eq!(
            parse_export(&huge, &a),
            Err(ImportError::TooLarge {
                size_kb: 300,
                max_kb: 256
            })
        );
        assert_eq!(parse_export("", &a), Err(ImportError::Empty));
    }

    #[test]
    fn pairs_match_by_code_and_the_rest_are_reported() {
        let mut batch = AssessmentBatch::default();
        batch.add(
            "p1.json",
            Ok(export("aaaa", Phase::Pre, "2026-11-01", &[("a", 2)])),
        );
        batch.add(
            "q1.json",
            Ok(export("aaaa", Phase::Post, "2026-11-21", &[("a", 4)])),
        );
        batch.add(
            "p2.json",
            Ok(export("bbbb", Phase::Pre, "2026-11-01", &[("a", 3)])),
        );
        batch.add(
            "q3.json",
            Ok(export("cccc", Phase::Post, "2026-11-21", &[("a", 3)])),
        );
        batch.add("bad.json", Err(ImportError::NotJson));
        let pairing = batch.pairing();
        assert_eq!(pairing.pairs.len(), 1);
        assert_eq!(pairing.pairs[0].0.pairing_code, "aaaa");
        assert_eq!(
            pairing.unmatched,
            vec![
                Unmatched {
                    code: "bbbb".into(),
                    phase: Phase::Pre,
                    file: "p2.json".into()
                },
                Unmatched {
                    code: "cccc".into(),
                    phase: Phase::Post,
                    file: "q3.json".into()
                },
            ]
        );
        assert_eq!(
            batch.rejected,
            vec![("bad.json".to_owned(), ImportError::NotJson)]
        );
    }

    #[test]
    fn the_same_code_and_phase_twice_keeps_the_newer_export() {
        let mut batch = AssessmentBatch::default();
        batch.add(
            "new.json",
            Ok(export("aaaa", Phase::Pre, "2026-11-02", &[("a", 3)])),
        );
        batch.add(
            "old.json",
            Ok(export("aaaa", Phase::Pre, "2026-11-01", &[("a", 1)])),
        );
        batch.add(
            "post.json",
            Ok(export("aaaa", Phase::Post, "2026-11-03", &[("a", 5)])),
        );
        assert_eq!(batch.duplicates, vec!["old.json".to_owned()]);
        assert_eq!(batch.accepted.len(), 2);
        assert_eq!(batch.pairing().pairs[0].0.answers["a"], 3);
    }

    #[test]
    fn report_counts_distributions_means_and_tests_over_matched_pairs() {
        let a = assessment();
        let mut batch = AssessmentBatch::default();
        // Ten trainees: eight rate "a" one point higher afterwards, one two points lower, one the same;
        // one leaves "a" blank afterwards (no answer), so nine pairs answered both.
        let changes: [(u8, Option<u8>); 10] = [
            (2, Some(3)),
            (2, Some(3)),
            (3, Some(4)),
            (3, Some(4)),
            (1, Some(2)),
            (4, Some(5)),
            (2, Some(3)),
            (3, Some(4)),
            (4, Some(2)),
            (3, None),
        ];
        for (i, (before, after)) in changes.iter().enumerate() {
            let code = format!("code{i}");
            batch.add(
                "pre",
                Ok(export(&code, Phase::Pre, "2026-11-01", &[("a", *before)])),
            );
            let post: Vec<(&str, u8)> = after.map(|v| ("a", v)).into_iter().collect();
            batch.add("post", Ok(export(&code, Phase::Post, "2026-11-21", &post)));
        }
        let reports = report(&a, &batch.pairing());
        let first = &reports[0];
        assert_eq!(
            first.pre,
            Distribution {
                counts: [1, 3, 4, 2, 0],
                no_answer: 0
            }
        );
        assert_eq!(
            first.post,
            Distribution {
                counts: [0, 2, 3, 3, 1],
                no_answer: 1
            }
        );
        assert_eq!(first.answered_pairs, 9);
        // Changes: eight +1 and one -2: mean 6/9.
        assert!((first.mean_change.unwrap() - 6.0 / 9.0).abs() < 1e-12);
        let sign = first.sign.as_ref().unwrap();
        assert_eq!((sign.positive, sign.negative), (8, 1));
        // 2 * P(X <= 1), X ~ Bin(9, 1/2) = 2 * 10 / 512.
        assert!((sign.p_value - 20.0 / 512.0).abs() < 1e-9);
        assert!(first.wilcoxon.is_some());
        // Statement "b" was never answered: all 無回答, no statistics.
        assert_eq!(reports[1].pre.no_answer, 10);
        assert_eq!(reports[1].answered_pairs, 0);
        assert!(reports[1].sign.is_none() && reports[1].mean_change.is_none());
    }

    #[test]
    fn small_numbers_of_pairs_hide_statistics_and_cells_when_suppressed() {
        let a = assessment();
        let mut batch = AssessmentBatch::default();
        for i in 0..3 {
            batch.add(
                "pre",
                Ok(export(
                    &format!("code{i}"),
                    Phase::Pre,
                    "2026-11-01",
                    &[("a", 2)],
                )),
            );
            batch.add(
                "post",
                Ok(export(
                    &format!("code{i}"),
                    Phase::Post,
                    "2026-11-21",
                    &[("a", 4)],
                )),
            );
        }
        let reports = report(&a, &batch.pairing());
        assert!(!shows_statistics(&reports[0], true));
        assert!(shows_statistics(&reports[0], false));
        let csv = csv_report(&a, &reports, true);
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("文a,事前,2,5未満,\r\n"), "{csv}");
        assert!(csv.contains("（5ペア未満のため非表示）"));
        let open = csv_report(&a, &reports, false);
        assert!(open.contains("文a,事前,2,3,100.0\r\n"), "{open}");
        assert!(
            !open.contains("文a,5未満") && open.contains("文a,3,2.00,4.00,+2.00,"),
            "{open}"
        );
    }

    #[test]
    fn p_values_and_means_are_formatted_for_people() {
        assert_eq!(format_p(0.0004), "<0.001");
        assert_eq!(format_p(0.03906), "0.039");
        assert_eq!(format_change(Some(0.5)), "+0.50");
        assert_eq!(format_change(Some(-0.25)), "-0.25");
        assert_eq!(format_mean(None), "—");
    }
}
