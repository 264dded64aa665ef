//! The compiler of the 2019 model training's reference material: content/baseline_2019.toml (the published
//! survey results) against content/survey.toml, and content/group_work_2019.toml (the group-work answers by
//! 職種) against the worksheets. Both are read into the types of crates/model/src/survey/baseline.rs and emitted as
//! JSON. Like the other content compilers it reports every error at once as file:line; the native tests
//! include this file to prove it.

use crate::course::{ContentError, SourceFile, SurveyOut, toml_error};
use nimo_model::survey::baseline::{Baseline, GroupWorkReference, NO_ANSWER_KEY, parse_tenths};
use nimo_model::worksheet::def::Worksheet;
use std::collections::BTreeSet;

/// The group the report uses for answers shared by everyone, besides the 職種.
pub const COMMON_GROUP: &str = "共通";

/// Where the n-th `[[header]]` block starts and ends (0-based line indices), so that an error in the third
/// table points into the third table even when every table names the same question.
fn blocks(text: &str, header: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .map(|(i, _)| i)
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &start)| (start, starts.get(n + 1).copied().unwrap_or(lines.len())))
        .collect()
}

/// The 1-based line of a top-level `key = …` (comments mention keys too, so only a line that starts with
/// it counts), else line 1.
fn key_line(text: &str, key: &str) -> usize {
    let assignment = format!("{key} =");
    text.lines()
        .position(|l| l.trim_start().starts_with(&assignment))
        .map_or(1, |i| i + 1)
}

/// The 1-based line of the first line in `block` that contains `needle`, else the block's first line.
fn line_in(text: &str, block: Option<(usize, usize)>, needle: &str) -> usize {
    let Some((start, end)) = block else {
        return key_line(text, needle);
    };
    text.lines()
        .enumerate()
        .skip(start)
        .take(end - start)
        .find(|(_, l)| l.contains(needle))
        .map_or(start + 1, |(i, _)| i + 1)
}

/// count/n in tenths of a percent, rounded half up: how the report computed its percentages.
fn tenths_of(count: u32, n: u32) -> u32 {
    if n == 0 {
        return 0;
    }
    ((u64::from(count) * 2000 + u64::from(n)) / (2 * u64::from(n))) as u32
}

pub fn compile_baseline(
    file: &SourceFile,
    survey: &SurveyOut,
) -> Result<Baseline, Vec<ContentError>> {
    let baseline: Baseline =
        toml::from_str(&file.text).map_err(|e| vec![toml_error(file, 1, &file.text, &e)])?;
    let mut errors = Vec::new();
    let error = |line: usize, message: String| file.error(line, message);
    let top = |needle: &str| line_in(&file.text, None, needle);
    if baseline.title.trim().is_empty() {
        errors.push(error(top("title"), "title が空です".into()));
    }
    if baseline.source.trim().is_empty() {
        errors.push(error(top("source"), "出典（source）が空です".into()));
    }
    if baseline.respondents == 0 || baseline.respondents > baseline.participants {
        errors.push(error(
            top("respondents"),
            format!(
                "回答者数（respondents = {}）は1以上、参加者数（participants = {}）以下にしてください",
                baseline.respondents, baseline.participants
            ),
        ));
    }
    let n = baseline.respondents;
    let table_blocks = blocks(&file.text, "[[tables]]");
    let mut seen = BTreeSet::new();
    for (index, table) in baseline.tables.iter().enumerate() {
        let block = table_blocks.get(index).copied();
        let at = |needle: &str| line_in(&file.text, block, needle);
        let Some(question) = survey.questions.iter().find(|q| q.id == table.question) else {
            errors.push(error(
                at("question"),
                format!(
                    "質問「{}」は content/survey.toml にありません",
                    table.question
                ),
            ));
            continue;
        };
        let place = if table.item.is_empty() {
            question.number.clone()
        } else {
            format!("{}の項目「{}」", question.number, table.item)
        };
        if !seen.insert((table.question.clone(), table.item.clone())) {
            errors.push(error(at("question"), format!("{place}の表が2つあります")));
        }
        match question.kind.as_str() {
            "text" => {
                errors.push(error(
                    at("question"),
                    format!(
                        "{}は自由記述です。表ではなく free_text に書きます",
                        question.number
                    ),
                ));
                continue;
            }
            "matrix" if !question.items.iter().any(|i| i.id == table.item) => {
                errors.push(error(
                    at("item"),
                    format!(
                        "{}の項目「{}」は content/survey.toml にありません（{}）",
                        question.number,
                        table.item,
                        question
                            .items
                            .iter()
                            .map(|i| i.id.as_str())
                            .collect::<Vec<_>>()
                            .join("・")
                    ),
                ));
            }
            "matrix" => {}
            _ if !table.item.is_empty() => errors.push(error(
                at("item"),
                format!(
                    "{}は表形式（matrix）の質問ではないので、item は空にします",
                    question.number
                ),
            )),
            _ => {}
        }
        let expected: BTreeSet<&str> = question
            .options
            .iter()
            .map(|o| o.id.as_str())
            .chain([NO_ANSWER_KEY])
            .collect();
        for (what, keys) in [
            ("counts", table.counts.keys().collect::<Vec<_>>()),
            ("percents", table.percents.keys().collect::<Vec<_>>()),
        ] {
            for key in keys.iter().filter(|k| !expected.contains(k.as_str())) {
                errors.push(error(
                    at(what),
                    format!(
                        "{place}の{what}にある選択肢「{key}」は content/survey.toml にありません"
                    ),
                ));
            }
            let given: BTreeSet<&str> = keys.iter().map(|k| k.as_str()).collect();
            let missing: Vec<&str> = expected.difference(&given).copied().collect();
            if !missing.is_empty() {
                errors.push(error(
                    at(what),
                    format!(
                        "{place}の{what}に選択肢「{}」がありません（0件も書きます）",
                        missing.join("・")
                    ),
                ));
            }
        }
        for (key, printed) in &table.percents {
            match parse_tenths(printed) {
                None => errors.push(error(
                    at("percents"),
                    format!(
                        "{place}の「{key}」の % は小数1桁の数で書きます（例: \"54.1\"）。いまは「{printed}」です"
                    ),
                )),
                Some(tenths) => {
                    // The report's % is of the respondents; a mismatch is a typo in one of the two.
                    let count = table.counts.get(key).copied();
                    if let Some(count) = count.filter(|&c| tenths != tenths_of(c, n)) {
                        errors.push(error(
                            at("percents"),
                            format!(
                                "{place}の「{key}」: {count}件は{n}人の{}.{}%ですが、{printed}% と書かれています",
                                tenths_of(count, n) / 10,
                                tenths_of(count, n) % 10
                            ),
                        ));
                    }
                }
            }
        }
        // One answer per respondent, except for 「いくつでも○」, whose counts are mentions.
        if question.kind != "multiple" {
            let total: u32 = table.counts.values().sum();
            if total != n {
                errors.push(error(
                    at("counts"),
                    format!("{place}の件数の合計が{total}件で、回答者数{n}人と合いません"),
                ));
            }
        }
    }
    let free_blocks = blocks(&file.text, "[[free_text]]");
    let mut seen = BTreeSet::new();
    for (index, free) in baseline.free_text.iter().enumerate() {
        let block = free_blocks.get(index).copied();
        let at = |needle: &str| line_in(&file.text, block, needle);
        match survey.questions.iter().find(|q| q.id == free.question) {
            None => errors.push(error(
                at("question"),
                format!(
                    "質問「{}」は content/survey.toml にありません",
                    free.question
                ),
            )),
            Some(q) if q.kind != "text" => errors.push(error(
                at("question"),
                format!(
                    "{}は自由記述の質問ではありません（free_text は text の質問にだけ書きます）",
                    q.number
                ),
            )),
            Some(_) => {}
        }
        if !seen.insert(free.question.as_str()) {
            errors.push(error(
                at("question"),
                format!("質問「{}」の free_text が2つあります", free.question),
            ));
        }
        if free.themes.is_empty() {
            errors.push(error(at("question"), "themes を1つ以上書きます".into()));
        }
        for theme in &free.themes {
            if theme.summary.trim().is_empty()
                || theme.quotes.is_empty()
                || theme.quotes.iter().any(|q| q.trim().is_empty())
            {
                errors.push(error(
                    at("summary"),
                    "どの theme にも summary と、空でない quotes を1つ以上書きます".into(),
                ));
            }
            if let Some(quote) = theme.quotes.iter().find(|q| bracketed(q)) {
                errors.push(error(
                    at(quote),
                    "引用には「」を付けずに書きます（画面で付けます）".into(),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(baseline)
    } else {
        Err(errors)
    }
}

pub fn compile_group_work(
    file: &SourceFile,
    sheets: &[Worksheet],
) -> Result<GroupWorkReference, Vec<ContentError>> {
    let reference: GroupWorkReference =
        toml::from_str(&file.text).map_err(|e| vec![toml_error(file, 1, &file.text, &e)])?;
    let mut errors = Vec::new();
    let error = |line: usize, message: String| file.error(line, message);
    let top = |needle: &str| line_in(&file.text, None, needle);
    for (field, value) in [
        ("title", &reference.title),
        ("note", &reference.note),
        ("source", &reference.source),
    ] {
        if value.trim().is_empty() {
            errors.push(error(top(field), format!("{field} が空です")));
        }
    }
    let Some(sheet) = sheets.iter().find(|s| s.id == reference.sheet) else {
        errors.push(error(
            top("sheet"),
            format!(
                "ワークシート「{}」は content/worksheets/ にありません",
                reference.sheet
            ),
        ));
        return Err(errors);
    };
    // The groups are the options of the field the instructor's summary groups by (職種), as compiled.
    let groups: Vec<&str> = sheet
        .group_by
        .split_once('/')
        .and_then(|(section, field)| {
            sheet
                .sections
                .iter()
                .find(|s| s.id == section)
                .and_then(|s| s.fields.iter().find(|f| f.id == field))
        })
        .map(|f| f.options.iter().map(String::as_str).collect())
        .unwrap_or_default();
    if groups.is_empty() {
        errors.push(error(
            top("sheet"),
            format!(
                "ワークシート「{}」には group_by（職種でまとめる欄）がありません",
                sheet.id
            ),
        ));
    }
    let prompt_blocks = blocks(&file.text, "[[prompts]]");
    let group_blocks = blocks(&file.text, "[[prompts.groups]]");
    let mut group_index = 0;
    let mut seen = BTreeSet::new();
    for (index, prompt) in reference.prompts.iter().enumerate() {
        let block = prompt_blocks.get(index).copied();
        let at = |needle: &str| line_in(&file.text, block, needle);
        match sheet.sections.iter().find(|s| s.id == prompt.section) {
            None => errors.push(error(
                at("section"),
                format!(
                    "ワークシート「{}」に項目「{}」はありません（{}）",
                    sheet.id,
                    prompt.section,
                    sheet
                        .sections
                        .iter()
                        .filter(|s| !s.profile)
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join("・")
                ),
            )),
            Some(s) if s.profile => errors.push(error(
                at("section"),
                format!(
                    "項目「{}」は「あなたについて」の項目で、問いではありません",
                    s.id
                ),
            )),
            Some(_) => {}
        }
        if !seen.insert(prompt.section.as_str()) {
            errors.push(error(
                at("section"),
                format!("項目「{}」が2回あります", prompt.section),
            ));
        }
        if prompt.groups.is_empty() {
            errors.push(error(at("section"), "groups を1つ以上書きます".into()));
        }
        for group in &prompt.groups {
            let block = group_blocks.get(group_index).copied();
            group_index += 1;
            let at = |needle: &str| line_in(&file.text, block, needle);
            if !groups.is_empty()
                && group.group != COMMON_GROUP
                && !groups.contains(&group.group.as_str())
            {
                errors.push(error(
                    at("group ="),
                    format!(
                        "「{}」は職種の選択肢（{}）にも「{COMMON_GROUP}」にもありません",
                        group.group,
                        groups.join("・")
                    ),
                ));
            }
            if group.answers.is_empty() || group.answers.iter().any(|a| a.trim().is_empty()) {
                errors.push(error(
                    at("answers ="),
                    format!(
                        "（{}）の answers に空でない回答を1つ以上書きます",
                        group.group
                    ),
                ));
            }
            if let Some(answer) = group.answers.iter().find(|a| bracketed(a)) {
                errors.push(error(
                    at(answer),
                    "回答には「」を付けずに書きます（画面で付けます）".into(),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(reference)
    } else {
        Err(errors)
    }
}

/// A quotation written with its own 「」, which the view would then double.
fn bracketed(text: &str) -> bool {
    let text = text.trim();
    text.starts_with('「') && text.ends_with('」')
}

pub fn emit<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("reference material is strings and numbers only")
}
