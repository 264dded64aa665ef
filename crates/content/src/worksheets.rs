//! The worksheet compiler: reads content/worksheets/*.toml into the types of crates/model/src/worksheet/def.rs,
//! checks every reference and id, and emits the sheets as JSON for the app. Like the course compiler it
//! reports every error at once as file:line, and the native tests include this file to prove it.

use crate::course::{ContentError, SourceFile};
use nimo_model::worksheet::def::{FieldKind, Worksheet};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// What a worksheet may refer to outside itself.
pub struct References<'a> {
    pub lesson_ids: &'a BTreeSet<String>,
    /// Survey question id → its option labels, for `options_from_survey`.
    pub survey_options: &'a BTreeMap<String, Vec<String>>,
}

/// Tables longer than this would not print on one A4 page nor fit a phone screen.
const MAX_TABLE_ROWS: u32 = 30;

pub fn read_worksheet_files(root: &Path) -> std::io::Result<Vec<SourceFile>> {
    let dir = root.join("worksheets");
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    let mut paths: Vec<_> = fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
    {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push(SourceFile {
            path: format!("content/worksheets/{name}"),
            text: fs::read_to_string(&path)?,
        });
    }
    Ok(files)
}

pub fn compile_worksheets(
    files: &[SourceFile],
    refs: &References<'_>,
) -> Result<Vec<Worksheet>, Vec<ContentError>> {
    let mut errors = Vec::new();
    let mut sheets: Vec<(Worksheet, &SourceFile)> = Vec::new();
    for file in files {
        match toml::from_str::<Worksheet>(&file.text) {
            Ok(mut sheet) => {
                check_sheet(file, &mut sheet, refs, &mut errors);
                sheets.push((sheet, file));
            }
            Err(error) => {
                let line = error.span().map_or(1, |span| {
                    1 + file.text[..span.start.min(file.text.len())]
                        .matches('\n')
                        .count()
                });
                errors.push(err(
                    file,
                    line,
                    format!("TOML の書き方に誤りがあります: {}", error.message()),
                ));
            }
        }
    }
    let mut seen_ids: BTreeMap<&str, &str> = BTreeMap::new();
    let mut seen_numbers: BTreeMap<u32, &str> = BTreeMap::new();
    for (sheet, file) in &sheets {
        if let Some(other) = seen_ids.insert(&sheet.id, &file.path) {
            errors.push(err(
                file,
                line_of_key(file, "id", &sheet.id),
                format!("ワークシートID「{}」が {other} と重複しています", sheet.id),
            ));
        }
        if let Some(other) = seen_numbers.insert(sheet.number, &file.path) {
            errors.push(err(
                file,
                line_of_text(file, "number ="),
                format!("番号 {} が {other} と重複しています", sheet.number),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut sheets: Vec<Worksheet> = sheets.into_iter().map(|(s, _)| s).collect();
    sheets.sort_by_key(|s| s.number);
    Ok(sheets)
}

pub fn emit_worksheets(sheets: &[Worksheet]) -> String {
    serde_json::to_string(sheets).expect("worksheets are strings and numbers")
}

fn check_sheet(
    file: &SourceFile,
    sheet: &mut Worksheet,
    refs: &References<'_>,
    errors: &mut Vec<ContentError>,
) {
    let mut error = |line: usize, message: String| errors.push(err(file, line, message));
    if !valid_id(&sheet.id) {
        error(
            line_of_key(file, "id", &sheet.id),
            format!(
                "ワークシートID「{}」は半角英小文字・数字・ハイフンで書いてください",
                sheet.id
            ),
        );
    }
    if sheet.sources.iter().all(|s| s.trim().is_empty()) {
        error(1, "出典（sources）がありません".into());
    }
    if sheet.sections.is_empty() {
        error(1, "項目（[[sections]]）がありません".into());
    }
    for lesson in &sheet.lessons {
        if !refs.lesson_ids.contains(lesson) {
            error(
                line_of_text(file, &format!("\"{lesson}\"")),
                format!("講義「{lesson}」はありません"),
            );
        }
    }
    let mut section_ids = BTreeSet::new();
    for section in &mut sheet.sections {
        let section_line = line_of_key(file, "id", &section.id);
        if !valid_id(&section.id) {
            error(
                section_line,
                format!(
                    "項目ID「{}」は半角英小文字・数字・ハイフンで書いてください",
                    section.id
                ),
            );
        }
        if !section_ids.insert(section.id.clone()) {
            error(
                section_line,
                format!("項目ID「{}」が重複しています", section.id),
            );
        }
        if section.fields.is_empty() && section.grid.is_none() && section.table.is_none() {
            error(
                section_line,
                format!(
                    "項目「{}」に記入欄（fields・grid・table）がありません",
                    section.id
                ),
            );
        }
        let mut field_ids = BTreeSet::new();
        for field in &mut section.fields {
            let line = line_of_key(file, "id", &field.id);
            if !valid_id(&field.id) || !field_ids.insert(field.id.clone()) {
                error(
                    line,
                    format!(
                        "記入欄ID「{}」が不正か、項目「{}」の中で重複しています",
                        field.id, section.id
                    ),
                );
            }
            if let Some(question) = field.options_from_survey.take() {
                match refs.survey_options.get(&question) {
                    Some(options) if !options.is_empty() => field.options = options.clone(),
                    _ => error(
                        line,
                        format!("アンケートの質問「{question}」に選択肢がありません"),
                    ),
                }
            }
            match (field.kind, field.options.is_empty()) {
                (FieldKind::Choice, true) => error(
                    line,
                    format!(
                        "選択式の記入欄「{}」に選択肢（options）がありません",
                        field.id
                    ),
                ),
                (FieldKind::Choice, false) => {}
                (_, false) => error(
                    line,
                    format!(
                        "選択肢（options）は kind = \"choice\" の記入欄にだけ書けます（「{}」）",
                        field.id
                    ),
                ),
                (_, true) => {}
            }
        }
        if let Some(grid) = &section.grid {
            if grid.rows.is_empty() || grid.columns.is_empty() || grid.cell_fields.is_empty() {
                error(
                    section_line,
                    "表（grid）には rows・columns・cell_fields がそれぞれ1つ以上必要です".into(),
                );
            }
            for (kind, ids) in [
                ("行", grid.rows.iter().map(|a| &a.id).collect::<Vec<_>>()),
                ("列", grid.columns.iter().map(|a| &a.id).collect()),
                ("欄", grid.cell_fields.iter().map(|f| &f.id).collect()),
            ] {
                let mut seen = BTreeSet::new();
                for id in ids {
                    if !valid_id(id) || !seen.insert(id) {
                        error(
                            line_of_key(file, "id", id),
                            format!("表の{kind}ID「{id}」が不正か重複しています"),
                        );
                    }
                }
            }
            for example in &grid.examples {
                let known = grid.rows.iter().any(|r| r.id == example.row)
                    && grid.columns.iter().any(|c| c.id == example.column)
                    && grid.cell_fields.iter().any(|f| f.id == example.field);
                if !known || example.text.trim().is_empty() {
                    error(
                        line_of_key(file, "row", &example.row),
                        format!(
                            "記入例（{}・{}・{}）の行・列・欄がないか、本文が空です",
                            example.row, example.column, example.field
                        ),
                    );
                }
            }
        }
        if let Some(table) = &section.table {
            if table.columns.is_empty() {
                error(
                    section_line,
                    "表（table）に列（columns）がありません".into(),
                );
            }
            if table.initial_rows == 0
                || table.initial_rows > table.max_rows
                || table.max_rows > MAX_TABLE_ROWS
            {
                error(
                    section_line,
                    format!(
                        "表の行数は 1 ≦ initial_rows ≦ max_rows ≦ {MAX_TABLE_ROWS} にしてください"
                    ),
                );
            }
            if table.columns.iter().any(|c| c.kind == FieldKind::Choice) {
                error(section_line, "表の列に選択式（choice）は使えません".into());
            }
            for example in &table.examples {
                if example.len() != table.columns.len() {
                    error(
                        section_line,
                        format!(
                            "表の記入例の列の数（{}）が列（{}）と合いません",
                            example.len(),
                            table.columns.len()
                        ),
                    );
                }
            }
        }
    }
    if !sheet.group_by.is_empty() {
        let target = sheet.group_by.split_once('/').and_then(|(section, field)| {
            sheet
                .sections
                .iter()
                .find(|s| s.id == section && s.profile)
                .and_then(|s| s.fields.iter().find(|f| f.id == field))
        });
        if !target.is_some_and(|f| f.kind == FieldKind::Choice) {
            error(
                line_of_text(file, "group_by"),
                format!(
                    "group_by「{}」は profile = true の項目にある選択式の記入欄（項目ID/記入欄ID）にしてください",
                    sheet.group_by
                ),
            );
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn err(file: &SourceFile, line: usize, message: String) -> ContentError {
    ContentError {
        path: file.path.clone(),
        line,
        message,
    }
}

/// The line of `key = "value"` (also inside an inline table), so an error points at its item.
fn line_of_key(file: &SourceFile, key: &str, value: &str) -> usize {
    let needle = format!("{key} = \"{value}\"");
    file.text
        .lines()
        .position(|line| {
            line.match_indices(&needle).any(|(at, _)| {
                line[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| c.is_whitespace() || c == '{' || c == ',')
            })
        })
        .map_or(1, |i| i + 1)
}

fn line_of_text(file: &SourceFile, needle: &str) -> usize {
    file.text
        .lines()
        .position(|line| line.contains(needle))
        .map_or(1, |i| i + 1)
}
