//! The QR hand-off carries exactly what the file carries: any survey export, and any worksheet export
//! made from a record, read back through the codes in any order with repeats, parses to the same export
//! as its JSON file does.

use std::collections::BTreeMap;

use nimo_kenshu::content::{PERSONAL_FIELDS, SURVEY, worksheets};
use nimo_model::io::date::Day;
use nimo_model::io::handoff::{Assembler, Scan, encode};
use nimo_model::record::LearnerRecord;
use nimo_model::survey::{QuestionAnswer, SurveyExport, parse_export};
use nimo_model::worksheet::{WorksheetExport, parse_import, personal_fields};
use proptest::prelude::*;

/// Reads `codes` in the order `order` gives (indices wrap), each twice, and returns the JSON.
fn read_back(codes: &[String], order: &[usize]) -> String {
    let mut assembler = Assembler::default();
    let mut sequence: Vec<usize> = order.iter().map(|i| i % codes.len()).collect();
    // Every part at least once, after the shuffled prefix.
    sequence.extend(0..codes.len());
    for i in sequence {
        for _ in 0..2 {
            match assembler
                .accept(codes[i].as_bytes())
                .expect("our own codes read")
            {
                Scan::Complete { json, .. } => return json,
                Scan::Partial { .. } | Scan::AlreadyRead { .. } => {}
            }
        }
    }
    panic!("the sequence did not complete");
}

fn japanese_text() -> impl Strategy<Value = String> {
    // Kana, common kanji, ASCII, full-width forms, an emoji and a surrogate-pair kanji.
    proptest::string::string_regex("[ぁ-んァ-ン一-龥a-zA-Z0-9０-９、。「」！？ 😀𠮷\n]{0,120}")
        .expect("a valid pattern")
}

fn answer() -> impl Strategy<Value = QuestionAnswer> {
    (
        proptest::option::of("o[1-9]"),
        proptest::collection::vec("o[1-9]", 0..4),
        japanese_text(),
        japanese_text(),
    )
        .prop_map(|(choice, choices, text, reason)| QuestionAnswer {
            choice,
            choices,
            text,
            reason,
            ..QuestionAnswer::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_survey_export_crosses_the_codes_unchanged(
        respondent in "[0-9a-f]{32}",
        session in "[a-z0-9-]{0,12}",
        answers in proptest::collection::btree_map("q[0-9]{1,2}", answer(), 0..16),
        order in proptest::collection::vec(0usize..100, 0..40),
    ) {
        let export = SurveyExport {
            format: "nimo-kenshu-survey".into(),
            schema_version: 1,
            course_version: "2026.12".into(),
            survey_id: SURVEY.id.into(),
            session_code: (!session.is_empty()).then_some(session),
            exported_on: "2026-12-06".into(),
            respondent_id: respondent,
            answers,
        };
        let file = export.to_json();
        let codes = encode(&file).expect("a survey export fits in the codes");
        let read: SurveyExport = serde_json::from_str(&read_back(&codes, &order)).expect("valid JSON");
        prop_assert_eq!(read, export);
    }
}

/// A whole survey answered with the longest texts a trainee might write: what the file import accepts
/// from the file, it accepts from the codes.
#[test]
fn a_full_survey_reads_back_as_the_same_validated_export() {
    let mut answers = BTreeMap::new();
    for question in SURVEY.questions.iter() {
        let mut answer = QuestionAnswer::default();
        if let Some(first) = question.options.first() {
            answer.choice = Some(first.id.into());
        }
        answers.insert(question.id.to_owned(), answer);
    }
    let export = SurveyExport::new(
        &SURVEY,
        "2026.12",
        "kenshu-1",
        Day::parse("2026-12-06").expect("a date"),
        "0123456789abcdef0123456789abcdef",
        &answers,
    );
    let file = export.to_json();
    let codes = encode(&file).expect("fits");
    let from_codes = parse_export(&read_back(&codes, &[]), &SURVEY);
    assert_eq!(from_codes, parse_export(&file, &SURVEY));
    assert!(from_codes.is_ok());
}

#[test]
fn a_worksheet_export_with_5000_japanese_characters_is_a_sequence_that_reads_back() {
    let mut record = LearnerRecord::new([7; 16], [3; 8]);
    let boxes: Vec<_> = worksheets()
        .iter()
        .flat_map(|sheet| sheet.entries(&BTreeMap::<String, String>::new()))
        .filter(|entry| !entry.personal)
        .take(10)
        .collect();
    assert_eq!(boxes.len(), 10);
    // Ten boxes of 500 characters each, varied so that deflate cannot make them trivially small.
    for (n, entry) in boxes.iter().enumerate() {
        let text: String = "地域の課題を協議の場で共有し、保健・医療・福祉の役割を確かめます。本人の希望から始めます。"
            .chars()
            .cycle()
            .skip(n * 7)
            .enumerate()
            .map(|(i, c)| if i % 11 == 5 { char::from_u32(0x4E00 + ((i * 31 + n * 97) % 3000) as u32).unwrap_or(c) } else { c })
            .take(500)
            .collect();
        record.set_text(&entry.key, &text);
    }
    let today = Day::parse("2026-12-06").expect("a date");
    let export = WorksheetExport::from_record(&record, PERSONAL_FIELDS, today);
    let file = export.to_json();
    let codes = encode(&file).expect("fits");
    assert!(codes.len() > 1, "{} codes", codes.len());
    let order: Vec<usize> = (0..codes.len()).rev().collect();
    let from_codes = parse_import(&read_back(&codes, &order), worksheets(), today)
        .expect("the worksheet import accepts it");
    let from_file = parse_import(&file, worksheets(), today).expect("and the file");
    assert_eq!(from_codes.answers, from_file.answers);
    assert_eq!(from_codes.respondent_id, from_file.respondent_id);
}

/// The QR hand-off page (tools.html) and the cases' pages export without the worksheets, from the
/// list of name fields compiled beside them.
#[test]
fn the_compiled_personal_fields_are_the_real_sheets_name_fields() {
    assert_eq!(PERSONAL_FIELDS, personal_fields(worksheets()).as_slice());
    assert!(
        !PERSONAL_FIELDS.is_empty(),
        "the group-work sheet asks for the trainee's name"
    );
}
