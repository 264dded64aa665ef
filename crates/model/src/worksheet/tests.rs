//! The worksheet domain's tests, on one sample sheet: entries, clearing, export and import, the
//! batch, the group-work summary, grid fill and the CSV.

use super::*;
use crate::case::CasePlay;
use crate::io::date::Day;
use crate::io::import::{ExportKind, ImportError};
use crate::record::LearnerRecord;
use std::collections::BTreeMap;

fn sheet() -> Worksheet {
    let text = |id: &str, label: &str| Field {
        id: id.into(),
        label: label.into(),
        kind: FieldKind::Text,
        options: vec![],
        options_from_survey: None,
        personal: false,
        hint: String::new(),
        example: String::new(),
    };
    let axis = |id: &str, label: &str| Axis {
        id: id.into(),
        label: label.into(),
        note: String::new(),
        hints: vec![],
    };
    Worksheet {
        id: "gw".into(),
        number: 1,
        title: "グループワーク".into(),
        summary: String::new(),
        intro: String::new(),
        landscape: false,
        lessons: vec![],
        sources: vec!["出典".into()],
        example_note: String::new(),
        privacy_check: false,
        group_by: "profile/job".into(),
        sections: vec![
            Section {
                id: "profile".into(),
                title: "あなたについて".into(),
                intro: String::new(),
                mark: String::new(),
                profile: true,
                fields: vec![
                    Field {
                        personal: true,
                        kind: FieldKind::Line,
                        ..text("name", "氏名")
                    },
                    Field {
                        kind: FieldKind::Choice,
                        options: vec!["保健師".into(), "看護師".into()],
                        ..text("job", "職種")
                    },
                ],
                grid: None,
                table: None,
            },
            Section {
                id: "p1".into(),
                title: "課題".into(),
                intro: String::new(),
                mark: "①".into(),
                profile: false,
                fields: vec![text("text", "課題")],
                grid: None,
                table: None,
            },
            Section {
                id: "grid".into(),
                title: "表".into(),
                intro: String::new(),
                mark: String::new(),
                profile: false,
                fields: vec![],
                grid: Some(Grid {
                    row_heading: "要素".into(),
                    column_heading: "システム".into(),
                    rows: vec![axis("r1", "保健・予防"), axis("r2", "医療・保健")],
                    columns: vec![axis("c1", "地域精神医療システム")],
                    cell_fields: vec![CellField {
                        id: "now".into(),
                        label: "現状".into(),
                    }],
                    timeline: vec![],
                    hints_title: String::new(),
                    examples: vec![],
                }),
                table: None,
            },
            Section {
                id: "plan".into(),
                title: "ロードマップ".into(),
                intro: String::new(),
                mark: String::new(),
                profile: false,
                fields: vec![],
                grid: None,
                table: Some(Table {
                    columns: vec![text("who", "だれが"), text("what", "なにを")],
                    initial_rows: 2,
                    max_rows: 5,
                    examples: vec![],
                }),
            },
        ],
    }
}

fn record() -> LearnerRecord {
    LearnerRecord::new([3; 16], [4; 8])
}

fn day() -> Day {
    Day::new(2026, 11, 21).unwrap()
}

#[test]
fn entries_cover_fields_grid_cells_and_table_rows() {
    let sheet = sheet();
    let keys: Vec<String> = sheet
        .entries(&record())
        .into_iter()
        .map(|e| e.key)
        .collect();
    assert_eq!(
        keys,
        [
            "ws/gw/profile/name",
            "ws/gw/profile/job",
            "ws/gw/p1/text",
            "ws/gw/grid/r1.c1.now",
            "ws/gw/grid/r2.c1.now",
            "ws/gw/plan/1.who",
            "ws/gw/plan/1.what",
            "ws/gw/plan/2.who",
            "ws/gw/plan/2.what",
        ]
    );
}

#[test]
fn table_rows_grow_with_added_rows_and_never_hide_a_filled_row() {
    let sheet = sheet();
    let plan = sheet.section("plan").unwrap();
    let mut r = record();
    assert_eq!(sheet.table_rows(plan, &r), 2);
    r.set_text(&rows_key("gw", "plan"), "3");
    assert_eq!(sheet.table_rows(plan, &r), 3);
    r.set_text(&table_key("gw", "plan", 4, "what"), "評価");
    assert_eq!(sheet.table_rows(plan, &r), 4);
    r.set_text(&rows_key("gw", "plan"), "99");
    assert_eq!(sheet.table_rows(plan, &r), 5, "capped at max_rows");
}

#[test]
fn progress_ignores_the_name() {
    let sheet = sheet();
    let mut r = record();
    r.set_text("ws/gw/profile/name", "研修 花子");
    r.set_text("ws/gw/p1/text", "課題");
    assert_eq!(sheet.progress(&r), (1, 8));
}

#[test]
fn clear_then_undo_restores_but_keeps_newer_typing() {
    let mut r = record();
    r.set_text("ws/gw/p1/text", "一");
    r.set_text("ws/gw/grid/r1.c1.now", "二");
    r.set_text("ws/other/p1/text", "別のシート");
    let cleared = clear_sheet(&mut r, "gw").unwrap();
    assert_eq!(cleared.values.len(), 2);
    assert_eq!(r.text("ws/gw/p1/text"), "");
    assert_eq!(r.text("ws/other/p1/text"), "別のシート");
    assert!(clear_sheet(&mut r, "gw").is_none(), "nothing left to clear");
    r.set_text("ws/gw/p1/text", "新しく書いた");
    undo_clear(&mut r, &cleared);
    assert_eq!(r.text("ws/gw/p1/text"), "新しく書いた");
    assert_eq!(r.text("ws/gw/grid/r1.c1.now"), "二");
}

#[test]
fn export_leaves_out_the_name_and_empty_boxes_and_keeps_rare_characters() {
    let mut r = record();
    r.set_text("ws/gw/profile/name", "研修 花子");
    r.set_text("ws/gw/profile/job", "保健師");
    r.set_text("ws/gw/p1/text", "𠮷野家の髙橋さん 😀");
    r.set_text("ws/gw/grid/r1.c1.now", "");
    r.set_text("ws/gw/plan/#rows", "3");
    r.set_text("lesson/a/r", "振り返りは入らない");
    r.set_session_code("ｎｉｍｏ-1");
    let export = WorksheetExport::from_record(&r, &personal_fields(&[sheet()]), day());
    assert_eq!(
        export.answers.keys().collect::<Vec<_>>(),
        ["ws/gw/p1/text", "ws/gw/profile/job"]
    );
    assert_eq!(export.session_code, "nimo-1");
    let back = parse_import(&export.to_json(), &[sheet()], day()).unwrap();
    assert_eq!(back, export);
    assert_eq!(back.answers["ws/gw/p1/text"], "𠮷野家の髙橋さん 😀");
    assert_eq!(
        export.file_name(),
        format!("nimo-worksheets-nimo-1-2026-11-21-{}.json", "03030303")
    );
}

#[test]
fn personal_fields_are_the_marked_fields_and_table_columns_and_nothing_else() {
    let mut marked = sheet();
    marked.sections[3].table.as_mut().unwrap().columns[0].personal = true;
    let sheets = [marked];
    let personal = personal_fields(&sheets);
    let field = |section, id, in_table| PersonalField {
        sheet: "gw",
        section,
        id,
        in_table,
    };
    assert_eq!(
        personal,
        [field("profile", "name", false), field("plan", "who", true)]
    );
    assert!(is_personal(&personal, "ws/gw/profile/name"));
    assert!(is_personal(&personal, "ws/gw/plan/3.who"));
    assert!(!is_personal(&personal, "ws/gw/plan/3.what"));
    assert!(!is_personal(&personal, "ws/gw/profile/job"));
    assert!(
        !is_personal(&personal, "ws/gw/plan/who"),
        "a column is only a cell of a row"
    );
    assert!(!is_personal(&personal, "ws/other/profile/name"));
    assert!(!is_personal(&personal, "lesson/gw/profile/name"));
    let code = emit_personal_fields(&personal);
    assert!(code.starts_with("pub static PERSONAL_FIELDS"));
    assert!(
        code.contains(
            r#"PersonalField { sheet: "gw", section: "plan", id: "who", in_table: true }"#
        )
    );
}

#[test]
fn there_is_something_to_export_exactly_when_the_export_is_not_empty() {
    let sheets = [sheet()];
    let mut r = record();
    let agree = |r: &LearnerRecord| {
        assert_eq!(
            WorksheetExport::has_anything_in(r, &personal_fields(&sheets)),
            !WorksheetExport::from_record(r, &personal_fields(&sheets), day()).is_empty()
        );
        WorksheetExport::has_anything_in(r, &personal_fields(&sheets))
    };
    assert!(!agree(&r));
    r.set_text("ws/gw/profile/name", "研修 花子");
    r.set_text("ws/gw/plan/#rows", "3");
    assert!(!agree(&r), "a name alone is not something to hand in");
    r.set_text("ws/gw/plan/1.who", "市");
    assert!(agree(&r));
    let mut only_case = record();
    only_case.set_case_play(
        "c",
        CasePlay {
            choices: vec![0],
            ..CasePlay::default()
        },
    );
    assert!(agree(&only_case));
}

#[test]
fn a_fifty_thousand_character_answer_round_trips() {
    let mut r = record();
    let long = "髙".repeat(50_000);
    r.set_text("ws/gw/p1/text", &long);
    let export = WorksheetExport::from_record(&r, &personal_fields(&[sheet()]), day());
    assert_eq!(
        parse_import(&export.to_json(), &[sheet()], day())
            .unwrap()
            .answers["ws/gw/p1/text"],
        long
    );
}

#[test]
fn case_plays_travel_in_the_export() {
    let mut r = record();
    r.set_case_play(
        "jirei-65",
        CasePlay {
            choices: vec![0, 1],
            ..CasePlay::default()
        },
    );
    let export = WorksheetExport::from_record(&r, &personal_fields(&[sheet()]), day());
    assert!(export.answers.is_empty());
    let back = parse_import(&export.to_json(), &[sheet()], day()).unwrap();
    assert_eq!(back.cases["jirei-65"].choices, [0, 1]);
}

#[test]
fn a_backup_imports_as_its_sheet_answers_without_the_name() {
    let mut r = record();
    r.set_text("ws/gw/profile/name", "研修 花子");
    r.set_text("ws/gw/p1/text", "課題");
    let backup = crate::record::backup::backup_json(&r, "v1", Day::new(2026, 11, 20).unwrap());
    let export = parse_import(&backup, &[sheet()], day()).unwrap();
    assert_eq!(export.answers.keys().collect::<Vec<_>>(), ["ws/gw/p1/text"]);
    assert_eq!(export.exported_on, "2026-11-20");
}

#[test]
fn bad_files_get_their_own_reasons() {
    let sheets = [sheet()];
    assert_eq!(parse_import("", &sheets, day()), Err(ImportError::Empty));
    assert_eq!(
        parse_import("{\"format\":", &sheets, day()),
        Err(ImportError::Truncated)
    );
    assert_eq!(
        parse_import("hello", &sheets, day()),
        Err(ImportError::NotJson)
    );
    assert_eq!(
        parse_import("[1]", &sheets, day()),
        Err(ImportError::NotOurs(ExportKind::Worksheets))
    );
    assert_eq!(
        parse_import(r#"{"format":"nimo-kenshu-survey"}"#, &sheets, day()),
        Err(ImportError::OtherKind(ExportKind::Survey))
    );
    assert_eq!(
        parse_import(
            r#"{"format":"nimo-kenshu-worksheets","schema_version":2}"#,
            &sheets,
            day()
        ),
        Err(ImportError::Newer)
    );
    let empty = WorksheetExport::from_record(&record(), &personal_fields(&sheets), day()).to_json();
    assert_eq!(
        parse_import(&empty, &sheets, day()),
        Err(ImportError::NoAnswers)
    );
    assert!(matches!(
        parse_import(
            r#"{"format":"nimo-kenshu-worksheets","schema_version":1,"respondent_id":"x"}"#,
            &sheets,
            day()
        ),
        Err(ImportError::Invalid(_))
    ));
    let huge = " ".repeat(MAX_EXPORT_BYTES as usize + 1);
    assert_eq!(
        parse_import(&huge, &sheets, day()),
        Err(ImportError::TooLarge {
            size_kb: 5120,
            max_kb: 5120
        })
    );
}

#[test]
fn a_name_in_a_hand_edited_export_is_dropped() {
    let mut export = WorksheetExport::from_record(&record(), &personal_fields(&[sheet()]), day());
    export
        .answers
        .insert("ws/gw/profile/name".into(), "研修 花子".into());
    export.answers.insert("ws/gw/p1/text".into(), "課題".into());
    let back = parse_import(&export.to_json(), &[sheet()], day()).unwrap();
    assert!(!back.answers.contains_key("ws/gw/profile/name"));
}

fn export_of(id: &str, on: &str, answers: &[(&str, &str)]) -> WorksheetExport {
    WorksheetExport {
        format: EXPORT_FORMAT.into(),
        schema_version: 1,
        respondent_id: id.into(),
        session_code: String::new(),
        exported_on: on.into(),
        answers: answers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        cases: BTreeMap::new(),
    }
}

#[test]
fn the_batch_keeps_each_trainees_latest_file_and_names_the_rest() {
    let mut batch = WorksheetBatch::default();
    batch.add(
        "a-old.json",
        Ok(export_of("a", "2026-11-20", &[("ws/gw/p1/text", "古い")])),
    );
    batch.add(
        "b.json",
        Ok(export_of("b", "2026-11-20", &[("ws/gw/p1/text", "B")])),
    );
    batch.add(
        "a-new.json",
        Ok(export_of("a", "2026-11-21", &[("ws/gw/p1/text", "新しい")])),
    );
    batch.add(
        "a-again.json",
        Ok(export_of("a", "2026-11-21", &[("ws/gw/p1/text", "同じ日")])),
    );
    batch.add("broken.json", Err(ImportError::NotJson));
    assert_eq!(batch.files, ["a-new.json", "b.json"]);
    assert_eq!(batch.duplicates, ["a-old.json", "a-again.json"]);
    assert_eq!(
        batch.summary(),
        "5件を読み込みました（ファイル・QRコード）: 取り込み 2件・重複 2件・取り込めなかったもの 1件"
    );
}

#[test]
fn group_work_answers_are_grouped_by_profession_in_the_question_order() {
    let sheet = sheet();
    let a = export_of(
        "a",
        "2026-11-21",
        &[
            ("ws/gw/profile/job", "看護師"),
            ("ws/gw/p1/text", "入院中の情報を地域へ"),
        ],
    );
    let b = export_of(
        "b",
        "2026-11-21",
        &[
            ("ws/gw/profile/job", "保健師"),
            ("ws/gw/p1/text", "協議の場の課題"),
        ],
    );
    let c = export_of("c", "2026-11-21", &[("ws/gw/p1/text", "職種なし")]);
    let d = export_of("d", "2026-11-21", &[("ws/gw/profile/job", "保健師")]);
    let summary = group_work_summary(&sheet, &[&a, &b, &c, &d]);
    assert_eq!(
        summary.counts,
        [
            ("保健師".to_owned(), 2),
            ("看護師".to_owned(), 1),
            (NO_GROUP.to_owned(), 1)
        ]
    );
    let prompt = &summary.prompts[0];
    assert_eq!((prompt.mark.as_str(), prompt.label.as_str()), ("①", "課題"));
    let groups: Vec<(&str, Vec<&str>)> = prompt
        .groups
        .iter()
        .map(|g| {
            (
                g.group.as_str(),
                g.texts.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("保健師", vec!["協議の場の課題"]),
            ("看護師", vec!["入院中の情報を地域へ"]),
            (NO_GROUP, vec!["職種なし"])
        ]
    );
}

#[test]
fn grid_fill_counts_trainees_per_cell() {
    let sheet = sheet();
    let a = export_of(
        "a",
        "2026-11-21",
        &[("ws/gw/grid/r1.c1.now", "相談窓口が少ない")],
    );
    let b = export_of(
        "b",
        "2026-11-21",
        &[
            ("ws/gw/grid/r1.c1.now", " "),
            ("ws/gw/grid/r2.c1.now", "救急"),
        ],
    );
    let c = export_of("c", "2026-11-21", &[("ws/gw/grid/r1.c1.now", "教育")]);
    let fill = grid_fill(&sheet, sheet.section("grid").unwrap(), &[&a, &b, &c]).unwrap();
    assert_eq!(fill.trainees, 3);
    assert_eq!(fill.counts, [vec![2], vec![1]]);
    assert_eq!(fill.texts[0][0][0], ["相談窓口が少ない", "教育"]);
    assert!(grid_fill(&sheet, sheet.section("p1").unwrap(), &[&a]).is_none());
}

#[test]
fn csv_has_bom_crlf_labels_and_quotes() {
    let sheet = sheet();
    let a = export_of(
        "a",
        "2026-11-21",
        &[
            ("ws/gw/profile/job", "保健師"),
            ("ws/gw/grid/r2.c1.now", "救急, \"夜間\"\n体制"),
            ("ws/gone/x/y", "旧版の回答"),
        ],
    );
    let csv = csv_answers(&[sheet], &[&a]);
    assert!(
        csv.starts_with("\u{feff}respondent_id,session_code,group,worksheet,section,item,text\r\n")
    );
    assert!(csv.contains("a,,保健師,グループワーク,あなたについて,職種,保健師\r\n"));
    assert!(csv.contains("a,,保健師,グループワーク,表,医療・保健 × 地域精神医療システム：現状,\"救急, \"\"夜間\"\"\n体制\"\r\n"));
    assert!(csv.contains("a,,保健師,,,ws/gone/x/y,旧版の回答\r\n"));
    assert_eq!(csv.matches("\r\n").count(), 4);
}
