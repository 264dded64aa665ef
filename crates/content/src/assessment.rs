//! The self-assessment compiler: reads content/self_assessment.toml into the types of
//! crates/model/src/assessment/def.rs, checks ids, the scale and the lessons named, and emits JSON for the app.
//! Errors are reported all at once as file:line, like the other content compilers.

use crate::course::{ContentError, SourceFile};
use nimo_model::assessment::def::SelfAssessment;
use std::collections::BTreeSet;

/// The scale is a 5-point agreement scale; the statistics and the export schema assume it.
pub const SCALE_POINTS: usize = 5;
/// Enough statements to cover the course, few enough to answer in a couple of minutes.
const STATEMENTS: std::ops::RangeInclusive<usize> = 5..=15;

pub fn compile_assessment(
    file: &SourceFile,
    lesson_ids: &BTreeSet<String>,
) -> Result<SelfAssessment, Vec<ContentError>> {
    let error = |line: usize, message: String| file.error(line, message);
    let assessment: SelfAssessment = toml::from_str(&file.text).map_err(|e| {
        let line = e.span().map_or(1, |span| {
            1 + file.text[..span.start.min(file.text.len())]
                .matches('\n')
                .count()
        });
        vec![error(
            line,
            format!("TOML の書き方に誤りがあります: {}", e.message()),
        )]
    })?;
    let mut errors = Vec::new();
    if assessment.scale.len() != SCALE_POINTS
        || assessment.scale.iter().any(|label| label.trim().is_empty())
    {
        errors.push(error(
            line_of(file, "scale ="),
            format!("scale には{SCALE_POINTS}段階の選択肢を書いてください"),
        ));
    }
    if !STATEMENTS.contains(&assessment.statements.len()) {
        errors.push(error(
            line_of(file, "[[statements]]"),
            format!(
                "文は{}〜{}個にしてください（いまは{}個）",
                STATEMENTS.start(),
                STATEMENTS.end(),
                assessment.statements.len()
            ),
        ));
    }
    let mut seen = BTreeSet::new();
    for statement in &assessment.statements {
        let line = line_of(file, &format!("id = \"{}\"", statement.id));
        if statement.id.is_empty()
            || !statement
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            errors.push(error(
                line,
                format!(
                    "文のID「{}」は半角英小文字・数字・ハイフンで書いてください",
                    statement.id
                ),
            ));
        }
        if !seen.insert(statement.id.as_str()) {
            errors.push(error(
                line,
                format!("文のID「{}」が重複しています", statement.id),
            ));
        }
        if statement.text.trim().is_empty() {
            errors.push(error(
                line,
                format!("文「{}」の text が空です", statement.id),
            ));
        }
        if !lesson_ids.contains(&statement.lesson) {
            errors.push(error(
                line_of(file, &format!("lesson = \"{}\"", statement.lesson)),
                format!(
                    "文「{}」の lesson「{}」という講義はありません",
                    statement.id, statement.lesson
                ),
            ));
        }
    }
    if errors.is_empty() {
        Ok(assessment)
    } else {
        Err(errors)
    }
}

pub fn emit_assessment(assessment: &SelfAssessment) -> String {
    serde_json::to_string(assessment).expect("the self-assessment is strings only")
}

fn line_of(file: &SourceFile, needle: &str) -> usize {
    file.text
        .lines()
        .position(|line| line.contains(needle))
        .map_or(1, |i| i + 1)
}
