//! The committed JSON Schemas (schema/) describe exactly what the app writes: every property the code
//! writes is in the schema, and every required property is written. A field added in code without
//! the schema (or the other way round) fails here.
#![cfg(not(target_arch = "wasm32"))]

use nimo_kenshu::content::SURVEY;
use nimo_model::io::collection::write_collection;
use nimo_model::io::date::Day;
use nimo_model::io::import::{ExportKind, ImportBatch};
use nimo_model::record::LearnerRecord;
use nimo_model::record::backup::backup_json;
use nimo_model::survey::{QuestionAnswer, SurveyExport};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn schema(name: &str) -> Value {
    let path = format!("{}/schema/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

fn required(schema: &Value) -> BTreeSet<String> {
    schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

fn assert_matches(schema: &Value, written: &Value, what: &str) {
    let allowed = keys(&schema["properties"]);
    let written_keys = keys(written);
    assert!(
        written_keys.is_subset(&allowed),
        "{what} writes {:?}, not in the schema",
        written_keys.difference(&allowed).collect::<Vec<_>>()
    );
    assert!(
        required(schema).is_subset(&written_keys),
        "{what} lacks required {:?}",
        required(schema)
            .difference(&written_keys)
            .collect::<Vec<_>>()
    );
}

/// Respondent `r1`'s export of `answers`, as the survey page writes it.
fn survey_export(answers: &BTreeMap<String, QuestionAnswer>) -> SurveyExport {
    let day = Day::new(2026, 11, 21).unwrap();
    SurveyExport::new(&SURVEY, "v", "code", day, "r1", answers)
}

#[test]
fn the_collection_schema_describes_the_collection() {
    let schema = schema("collection.schema.json");
    let mut batch = ImportBatch::default();
    batch.add("a.json", Ok(survey_export(&BTreeMap::new())));
    let written: Value =
        serde_json::from_str(&write_collection(&batch, ExportKind::Survey, "2026-12-07")).unwrap();
    assert_matches(&schema, &written, "the collection");
    assert_eq!(written["format"], schema["properties"]["format"]["const"]);
    let kinds = schema["properties"]["contains"]["enum"].as_array().unwrap();
    for kind in [
        ExportKind::Survey,
        ExportKind::SelfAssessment,
        ExportKind::Worksheets,
    ] {
        assert!(kinds.contains(&Value::from(kind.format())), "{kind:?}");
    }
    let entry_schema = &schema["properties"]["entries"]["items"];
    assert_matches(entry_schema, &written["entries"][0], "a collection entry");
    assert_eq!(written["entries"][0]["export"]["respondent_id"], "r1");
}

#[test]
fn the_survey_export_schema_describes_the_export() {
    let schema = schema("survey-export.schema.json");
    let answers: BTreeMap<String, QuestionAnswer> = [(
        "q13".to_owned(),
        QuestionAnswer {
            choice: Some("o1".into()),
            items: [("kiban".into(), "o1".into())].into(),
            choices: vec!["o1".into()],
            text: "t".into(),
            reason: "r".into(),
            other: "o".into(),
        },
    )]
    .into();
    let written: Value = serde_json::from_str(&survey_export(&answers).to_json()).unwrap();
    assert_matches(&schema, &written, "the survey export");
    assert_eq!(written["format"], schema["properties"]["format"]["const"]);
    assert_eq!(
        written["schema_version"],
        schema["properties"]["schema_version"]["const"]
    );
    let answer_props = keys(&schema["$defs"]["answer"]["properties"]);
    assert_eq!(
        keys(&written["answers"]["q13"]),
        answer_props,
        "every answer field is in the schema"
    );
}

#[test]
fn the_backup_schema_describes_the_backup() {
    let schema = schema("backup.schema.json");
    let mut record = LearnerRecord::new([1; 16], [2; 8]);
    record.set_text("k", "v");
    record.set_last_lesson("a");
    record.set_session_code("c");
    record.mark_survey_exported("2026-11-21");
    record.set_case_play(
        "jirei-65",
        nimo_model::case::CasePlay {
            choices: vec![0],
            ..Default::default()
        },
    );
    let written: Value =
        serde_json::from_str(&backup_json(&record, "v", Day::new(2026, 11, 21).unwrap())).unwrap();
    assert_matches(&schema, &written, "the backup");
    assert_matches(
        &schema["$defs"]["record"],
        &written["record"],
        "the learner record",
    );
}

#[test]
fn the_worksheet_export_schema_describes_the_export() {
    use nimo_model::worksheet::WorksheetExport;
    let schema = schema("worksheet-export.schema.json");
    let mut record = LearnerRecord::new([1; 16], [2; 8]);
    record.set_text("ws/group-work/q1/text", "課題");
    record.set_text("ws/yon-yoso/grid/hoken-yobo.iryo.kadai", "相談窓口");
    record.set_session_code("c");
    record.set_case_play(
        "jirei-65",
        nimo_model::case::CasePlay {
            role: Some("shi".into()),
            choices: vec![0],
            endings_reached: vec!["e".into()],
            completed: vec![nimo_model::case::CompletedPath {
                role: None,
                choices: vec![1],
                ending: "e".into(),
            }],
        },
    );
    let export = WorksheetExport::from_record(&record, &[], Day::new(2026, 11, 21).unwrap());
    let written: Value = serde_json::from_str(&export.to_json()).unwrap();
    assert_matches(&schema, &written, "the worksheet export");
    assert_eq!(written["format"], schema["properties"]["format"]["const"]);
    let play_schema = &schema["properties"]["cases"]["additionalProperties"];
    assert_eq!(
        keys(&written["cases"]["jirei-65"]),
        keys(&play_schema["properties"]),
        "every case play field is in the schema"
    );
    assert_eq!(
        keys(&written["cases"]["jirei-65"]["completed"][0]),
        keys(&play_schema["properties"]["completed"]["items"]["properties"])
    );
    let key_pattern = schema["properties"]["answers"]["propertyNames"]["pattern"]
        .as_str()
        .unwrap();
    assert_eq!(key_pattern, "^ws/[a-z0-9-]+/[a-z0-9-]+/[^/]+$");
    for key in keys(&written["answers"]) {
        let parts: Vec<&str> = key.splitn(4, '/').collect();
        assert_eq!(parts.len(), 4, "{key}");
        assert_eq!(parts[0], "ws");
        assert!(!parts[3].contains('/'), "{key}");
    }
}

#[test]
fn the_self_assessment_schema_describes_the_export() {
    use nimo_kenshu::content::self_assessment;
    use nimo_model::assessment::{AssessmentExport, Phase, set_answer, set_pairing_code};
    let schema = schema("self-assessment-export.schema.json");
    let assessment = self_assessment();
    let mut record = LearnerRecord::new([1; 16], [2; 8]);
    set_pairing_code(&mut record, "abcd2345");
    record.set_session_code("c");
    set_answer(&mut record, Phase::Post, &assessment.statements[0].id, 5);
    let export = AssessmentExport::new(
        assessment,
        &record,
        Phase::Post,
        "v",
        Day::new(2026, 11, 21).unwrap(),
    )
    .unwrap();
    let written: Value = serde_json::from_str(&export.to_json()).unwrap();
    assert_matches(&schema, &written, "the self-assessment export");
    assert_eq!(written["format"], schema["properties"]["format"]["const"]);
    assert_eq!(
        written["schema_version"],
        schema["properties"]["schema_version"]["const"]
    );
    assert_eq!(written["phase"], "post");
}

#[test]
fn the_session_schema_describes_the_programme_file() {
    use nimo_kenshu::content::model_2019;
    use nimo_model::session::ItemKind;
    let schema = schema("session.schema.json");
    let day = model_2019("abc-234".into());
    let written: Value =
        serde_json::from_str(&day.to_json("v", Some(Day::new(2026, 11, 21).unwrap()))).unwrap();
    assert_matches(&schema, &written, "the programme file");
    assert_eq!(written["format"], schema["properties"]["format"]["const"]);
    assert_eq!(
        written["schema_version"],
        schema["properties"]["schema_version"]["const"]
    );
    let programme_schema = &schema["properties"]["programme"];
    assert_matches(programme_schema, &written["programme"], "the programme");
    assert_eq!(
        keys(&written["programme"]),
        keys(&programme_schema["properties"]),
        "every programme field is written"
    );
    let item_schema = &schema["$defs"]["item"];
    for item in written["programme"]["items"].as_array().unwrap() {
        assert_eq!(
            keys(item),
            keys(&item_schema["properties"]),
            "every item field is in the schema and written"
        );
    }
    let kinds: Vec<Value> = ItemKind::ALL.iter().map(|k| Value::from(k.id())).collect();
    assert_eq!(
        item_schema["properties"]["kind"]["enum"]
            .as_array()
            .unwrap(),
        &kinds,
        "the schema lists every kind"
    );
    assert_eq!(
        programme_schema["properties"]["items"]["maxItems"],
        nimo_model::session::MAX_ITEMS
    );
    assert_eq!(
        item_schema["properties"]["minutes"]["maximum"],
        nimo_model::session::MAX_ITEM_MINUTES
    );
    // The stored copy leaves out the export date; the schema must allow that.
    let stored: Value = serde_json::from_str(&day.to_json("v", None)).unwrap();
    assert_matches(&schema, &stored, "the stored programme");
}
