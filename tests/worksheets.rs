//! The worksheet compiler reports each kind of error with file:line, and the real content/worksheets/
//! compiles into the sheets the issue asks for. Calls crates/content, the compiler build.rs runs.
#![cfg(not(target_arch = "wasm32"))]

use nimo_content::course as content;
use nimo_content::worksheets;
use nimo_model::worksheet::def as worksheet_def;

use content::SourceFile;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use worksheet_def::{FieldKind, Worksheet};
use worksheets::{References, compile_worksheets, read_worksheet_files};

fn lesson_ids() -> BTreeSet<String> {
    ["lesson-a".to_owned()].into()
}

fn survey_options() -> BTreeMap<String, Vec<String>> {
    [(
        "q2".to_owned(),
        vec!["保健師".to_owned(), "看護師".to_owned()],
    )]
    .into()
}

fn compile(text: &str) -> Result<Vec<Worksheet>, Vec<String>> {
    let lessons = lesson_ids();
    let options = survey_options();
    let refs = References {
        lesson_ids: &lessons,
        survey_options: &options,
    };
    let file = SourceFile {
        path: "content/worksheets/t.toml".into(),
        text: text.into(),
    };
    compile_worksheets(&[file], &refs)
        .map_err(|errors| errors.iter().map(ToString::to_string).collect())
}

/// A valid sheet; tests replace one line to break it.
const VALID: &str = r#"id = "t"
number = 1
title = "題"
summary = "要約"
intro = "説明"
lessons = ["lesson-a"]
sources = ["出典"]
group_by = "p/job"

[[sections]]
id = "p"
title = "あなたについて"
profile = true

[[sections.fields]]
id = "job"
label = "職種"
kind = "choice"
options_from_survey = "q2"

[[sections]]
id = "g"
title = "表"

[sections.grid]
row_heading = "要素"
column_heading = "システム"
rows = [{ id = "r1", label = "行" }]
columns = [{ id = "c1", label = "列" }]
cell_fields = [{ id = "f1", label = "欄" }]

[[sections.grid.examples]]
row = "r1"
column = "c1"
field = "f1"
text = "例"

[[sections]]
id = "plan"
title = "ロードマップ"

[sections.table]
initial_rows = 2
max_rows = 5
columns = [{ id = "who", label = "だれが", kind = "line" }]
examples = [["市"]]
"#;

fn broken(from: &str, to: &str) -> Vec<String> {
    assert!(VALID.contains(from), "fixture has {from}");
    compile(&VALID.replacen(from, to, 1)).expect_err("should not compile")
}

#[test]
fn the_fixture_compiles_and_takes_its_options_from_the_survey() {
    let sheets = compile(VALID).unwrap();
    let job = &sheets[0].sections[0].fields[0];
    assert_eq!(job.options, ["保健師", "看護師"]);
    assert_eq!(job.kind, FieldKind::Choice);
}

#[test]
fn an_unknown_lesson_is_reported_at_its_line() {
    assert_eq!(
        broken("\"lesson-a\"", "\"lesson-z\""),
        ["content/worksheets/t.toml:6: 講義「lesson-z」はありません"]
    );
}

#[test]
fn a_typo_in_a_key_is_a_toml_error_with_its_line() {
    let errors = broken("row_heading", "row_headin");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("content/worksheets/t.toml:"),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("TOML の書き方に誤りがあります"),
        "{errors:?}"
    );
}

#[test]
fn duplicate_section_ids_are_reported() {
    let errors = broken("id = \"plan\"", "id = \"g\"");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("項目ID「g」が重複しています")),
        "{errors:?}"
    );
}

#[test]
fn a_bad_id_is_reported_at_its_line() {
    assert_eq!(
        broken("id = \"job\"", "id = \"Job\""),
        [
            "content/worksheets/t.toml:16: 記入欄ID「Job」が不正か、項目「p」の中で重複しています",
            "content/worksheets/t.toml:8: group_by「p/job」は profile = true の項目にある選択式の記入欄（項目ID/記入欄ID）にしてください"
        ]
    );
}

#[test]
fn a_choice_without_options_and_options_on_text_are_reported() {
    let errors = broken("options_from_survey = \"q2\"", "");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("選択式の記入欄「job」に選択肢（options）がありません")),
        "{errors:?}"
    );
    let errors = broken(
        "options_from_survey = \"q2\"",
        "options_from_survey = \"q99\"",
    );
    assert!(
        errors
            .iter()
            .any(|e| e
                == "content/worksheets/t.toml:16: アンケートの質問「q99」に選択肢がありません"),
        "{errors:?}"
    );
    let errors = broken("kind = \"choice\"", "kind = \"text\"");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("kind = \"choice\" の記入欄にだけ書けます")),
        "{errors:?}"
    );
}

#[test]
fn a_grid_example_must_name_a_real_cell() {
    let errors = broken("row = \"r1\"", "row = \"r9\"");
    assert_eq!(
        errors,
        ["content/worksheets/t.toml:33: 記入例（r9・c1・f1）の行・列・欄がないか、本文が空です"]
    );
}

#[test]
fn table_sizes_and_example_widths_are_checked() {
    let errors = broken("initial_rows = 2", "initial_rows = 9");
    assert!(
        errors.iter().any(|e| e.contains("initial_rows ≦ max_rows")),
        "{errors:?}"
    );
    let errors = broken("[[\"市\"]]", "[[\"市\", \"余分\"]]");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("表の記入例の列の数（2）が列（1）と合いません")),
        "{errors:?}"
    );
}

#[test]
fn a_section_needs_something_to_fill_and_a_sheet_needs_sources() {
    let errors = broken(
        "[sections.table]\ninitial_rows = 2\nmax_rows = 5\ncolumns = [{ id = \"who\", label = \"だれが\", kind = \"line\" }]\nexamples = [[\"市\"]]\n",
        "",
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("項目「plan」に記入欄（fields・grid・table）がありません")),
        "{errors:?}"
    );
    let errors = broken("sources = [\"出典\"]", "sources = []");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("出典（sources）がありません")),
        "{errors:?}"
    );
}

#[test]
fn duplicate_sheet_ids_across_files_are_reported() {
    let lessons = lesson_ids();
    let options = survey_options();
    let refs = References {
        lesson_ids: &lessons,
        survey_options: &options,
    };
    let a = SourceFile {
        path: "content/worksheets/a.toml".into(),
        text: VALID.into(),
    };
    let b = SourceFile {
        path: "content/worksheets/b.toml".into(),
        text: VALID.replace("number = 1", "number = 2"),
    };
    let errors: Vec<String> = compile_worksheets(&[a, b], &refs)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "content/worksheets/b.toml:1: ワークシートID「t」が content/worksheets/a.toml と重複しています"
        ]
    );
}

/// The real sheets, compiled against the real lessons and survey.
fn real_sheets() -> Vec<Worksheet> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let files = content::read_content(&root).unwrap();
    let course = content::compile_files(&files).unwrap();
    let survey = content::compile_survey(files.survey.as_ref().unwrap()).unwrap();
    let lessons: BTreeSet<String> = course.lessons.iter().map(|l| l.id.clone()).collect();
    let options: BTreeMap<String, Vec<String>> = survey.option_labels();
    let refs = References {
        lesson_ids: &lessons,
        survey_options: &options,
    };
    compile_worksheets(&read_worksheet_files(&root).unwrap(), &refs).unwrap()
}

#[test]
fn the_real_sheets_are_the_five_the_lectures_use() {
    let sheets = real_sheets();
    let ids: Vec<&str> = sheets.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "yon-yoso",
            "kyogi-kozo",
            "kochiku-process",
            "kobetsu-kara-chiiki",
            "group-work"
        ]
    );
    for sheet in &sheets {
        assert!(
            !sheet.lessons.is_empty() && !sheet.sources.is_empty(),
            "{}",
            sheet.id
        );
    }
}

#[test]
fn the_four_element_sheet_has_the_grid_hints_and_timeline() {
    let sheets = real_sheets();
    let sheet = &sheets[0];
    assert!(sheet.landscape);
    let grid = sheet.sections.iter().find_map(|s| s.grid.as_ref()).unwrap();
    let rows: Vec<&str> = grid.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        rows,
        ["保健・予防", "医療・保健", "地域・共生", "生活・支援"]
    );
    let columns: Vec<&str> = grid.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        columns,
        [
            "地域精神医療システム",
            "地域精神保健福祉システム",
            "地域包括ケアシステム"
        ]
    );
    assert_eq!(grid.timeline, ["2020", "2024", "2040"]);
    let cells: Vec<&str> = grid.cell_fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        cells,
        [
            "現状の地域課題（可視化）",
            "共生社会の実現にむけた具体的な取組"
        ]
    );
    let stars: usize = grid
        .rows
        .iter()
        .map(|r| r.hints.iter().filter(|h| h.starts_with('☆')).count())
        .sum();
    assert_eq!(stars, 8, "the eight ☆ viewpoints of the 協議の場");
    assert!(sheet.sections.iter().any(|s| s.title == "規範的統合"));
}

#[test]
fn the_structure_and_process_sheets_follow_the_guide() {
    let sheets = real_sheets();
    let grid = sheets[1]
        .sections
        .iter()
        .find_map(|s| s.grid.as_ref())
        .unwrap();
    let axes: Vec<&str> = grid.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        axes,
        [
            "個別支援の検討の軸",
            "支援体制の整備の軸",
            "地域基盤の整備の軸"
        ]
    );
    assert_eq!(grid.columns.len(), 3);
    let steps: Vec<&str> = sheets[2]
        .sections
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(steps[0], "「地域アセスメント」の実施");
    assert_eq!(steps.last().copied(), Some("評価及び見直し"));
    assert!(steps.contains(&"ロードマップ"));
    // The guide's cycle has four boxes; ビジョン・目標 and 役割分担・ロードマップ sit inside 「共有」.
    let boxes: Vec<&str> = sheets[2]
        .sections
        .iter()
        .filter(|s| !s.mark.contains('-'))
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(
        boxes,
        [
            "「地域アセスメント」の実施",
            "「地域アセスメント」の共有",
            "各個別テーマ毎に実施",
            "評価及び見直し"
        ]
    );
    let five: Vec<&str> = sheets[3]
        .sections
        .iter()
        .filter(|s| !s.mark.is_empty())
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(
        five,
        [
            "出会い・受けとめ",
            "個別課題の把握",
            "課題の整理",
            "協議の場の活用",
            "課題解決のための協議"
        ]
    );
    assert!(sheets[3].privacy_check);
}

#[test]
fn the_group_work_sheet_asks_the_model_trainings_prompts_with_the_survey_professions() {
    let sheets = real_sheets();
    let sheet = &sheets[4];
    let marks: Vec<&str> = sheet
        .sections
        .iter()
        .filter(|s| !s.mark.is_empty())
        .map(|s| s.mark.as_str())
        .collect();
    assert_eq!(marks, ["①", "②", "③", "④"]);
    let job = sheet.sections[0]
        .fields
        .iter()
        .find(|f| f.id == "shokushu")
        .unwrap();
    assert_eq!(
        job.options,
        [
            "医師",
            "保健師",
            "看護師",
            "精神保健福祉士",
            "相談支援専門員",
            "その他"
        ]
    );
    let name = sheet.sections[0]
        .fields
        .iter()
        .find(|f| f.id == "name")
        .unwrap();
    assert!(name.personal);
}

#[test]
fn the_app_reads_back_exactly_what_the_compiler_emits() {
    // The two crates each compile worksheet_def.rs, so the types differ by name only: compare as JSON.
    let emitted = worksheets::emit_worksheets(&real_sheets());
    let read_back: Vec<nimo_model::worksheet::Worksheet> = serde_json::from_str(&emitted).unwrap();
    assert_eq!(
        read_back,
        nimo_kenshu::content::worksheets(),
        "the build's OUT_DIR/worksheets.json is the real content"
    );
    assert!(!read_back.is_empty());
}
