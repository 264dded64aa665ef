//! Responses distributed like the 37 respondents of the 2019 model training reproduce the report's
//! published tables (件数 and %, 無回答) exactly. The figures are in content/baseline_2019.toml (which
//! the instructor's report also shows beside a session's own), reconstructed from the report (seed 002,
//! 第6章) with every judgement call noted there.
#![cfg(not(target_arch = "wasm32"))]

use nimo_kenshu::content::{SURVEY, baseline_2019};
use nimo_model::io::date::Day;
use nimo_model::survey::aggregate::{NO_ANSWER, aggregate, csv_long, format_tenths};
use nimo_model::survey::{QuestionAnswer, SurveyExport, SurveyKind, parse_export};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Report {
    respondents: usize,
    tables: Vec<ReportTable>,
}

#[derive(Deserialize)]
struct ReportTable {
    question: String,
    item: String,
    counts: BTreeMap<String, u32>,
    percents: BTreeMap<String, String>,
}

fn report() -> Report {
    toml::from_str(include_str!("../content/baseline_2019.toml")).expect("the report data parses")
}

/// Builds one answer set per respondent so that every table's counts come out as published.
fn respondents_like_the_report(report: &Report) -> Vec<BTreeMap<String, QuestionAnswer>> {
    let mut people: Vec<BTreeMap<String, QuestionAnswer>> =
        vec![BTreeMap::new(); report.respondents];
    for table in &report.tables {
        let question = SURVEY
            .questions
            .iter()
            .find(|q| q.id == table.question)
            .expect("a question of the survey");
        if question.kind == SurveyKind::Multiple {
            // Everyone but the 無回答 respondents ticks at least one box: hand the ticks out in turn.
            let answering = report.respondents - table.counts[NO_ANSWER] as usize;
            let mut next = 0;
            for option in question.options {
                for _ in 0..table.counts[option.id] {
                    let person = &mut people[next % answering];
                    person
                        .entry(question.id.to_owned())
                        .or_default()
                        .choices
                        .push(option.id.to_owned());
                    next += 1;
                }
            }
            continue;
        }
        let mut person = 0;
        for option in question.options {
            for _ in 0..table.counts[option.id] {
                let answer = people[person].entry(question.id.to_owned()).or_default();
                if table.item.is_empty() {
                    answer.choice = Some(option.id.to_owned());
                } else {
                    answer
                        .items
                        .insert(table.item.clone(), option.id.to_owned());
                }
                person += 1;
            }
        }
        assert_eq!(
            person + table.counts[NO_ANSWER] as usize,
            report.respondents,
            "{} {}",
            table.question,
            table.item
        );
    }
    people
}

fn exports() -> Vec<SurveyExport> {
    let day = Day::new(2019, 3, 6).unwrap();
    respondents_like_the_report(&report())
        .iter()
        .enumerate()
        .map(|(i, answers)| {
            let export = SurveyExport::new(
                &SURVEY,
                "test",
                "2019-03-06",
                day,
                &format!("respondent-{i:02}"),
                answers,
            );
            // Through the same JSON path as a real import.
            parse_export(&export.to_json(), &SURVEY).expect("a generated export imports")
        })
        .collect()
}

#[test]
fn the_tables_match_the_report_exactly() {
    let report = report();
    let tables = aggregate(&SURVEY, &exports());
    for expected in &report.tables {
        let table = tables
            .iter()
            .find(|t| t.question_id == expected.question && t.item_id == expected.item)
            .unwrap_or_else(|| panic!("no table for {} {}", expected.question, expected.item));
        assert_eq!(table.respondents, 37);
        for row in &table.rows {
            let where_ = format!("{} {} {}", table.number, table.item_label, row.label);
            assert_eq!(
                row.count, expected.counts[&row.option_id],
                "件数 of {where_}"
            );
            assert_eq!(
                format_tenths(row.tenths),
                expected.percents[&row.option_id],
                "% of {where_}"
            );
        }
    }
    // Spot checks against the report's printed lines.
    let q4 = tables.iter().find(|t| t.question_id == "q4").unwrap();
    assert_eq!(
        (q4.rows[0].count, format_tenths(q4.rows[0].tenths)),
        (20, "54.1".to_owned()),
        "問4 理解できた 20件 54.1%"
    );
}

#[test]
fn multiple_choice_sums_past_100_percent_as_in_the_report() {
    let tables = aggregate(&SURVEY, &exports());
    let q13 = tables.iter().find(|t| t.question_id == "q13").unwrap();
    let total: u32 = q13
        .rows
        .iter()
        .filter(|r| r.option_id != NO_ANSWER)
        .map(|r| r.tenths)
        .sum();
    assert!(total > 1000, "問13 sums to {}%", format_tenths(total));
}

#[test]
fn the_long_csv_has_a_row_for_every_option_and_no_answer() {
    let tables = aggregate(&SURVEY, &exports());
    let csv = csv_long(&tables, None);
    let rows = csv.lines().count() - 1;
    let expected: usize = tables.iter().map(|t| t.rows.len()).sum();
    assert_eq!(rows, expected);
    assert!(csv.contains(",理解できた,20,54.1\r"), "問4's first row");
}

/// The baseline the app compiled from the same file: its extra CSV columns repeat, for respondents like the
/// report's, exactly this session's figures on every row.
#[test]
fn the_compiled_baseline_matches_the_report_and_fills_the_csv() {
    let baseline = baseline_2019().expect("content/baseline_2019.toml is compiled in");
    assert_eq!(baseline.heading(), "2019年モデル研修（37人）");
    assert_eq!(baseline.respondents as usize, report().respondents);
    let tables = aggregate(&SURVEY, &exports());
    let csv = csv_long(&tables, Some(baseline));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("\u{feff}question_id,question,item,option,count,percent,count_2019,percent_2019")
    );
    let mut rows = 0;
    for line in lines {
        let cells: Vec<&str> = line.rsplitn(5, ',').collect();
        // rsplitn: percent_2019, count_2019, percent, count, the rest.
        assert_eq!((cells[0], cells[1]), (cells[2], cells[3]), "{line}");
        rows += 1;
    }
    assert_eq!(rows, tables.iter().map(|t| t.rows.len()).sum::<usize>());
    assert!(
        csv.contains(",理解できた,20,54.1,20,54.1\r\n"),
        "問4's first row"
    );
    // Every published table is one of ours: the build checked the ids, this checks nothing is left out.
    for table in &tables {
        assert!(
            baseline.table(&table.question_id, &table.item_id).is_some(),
            "{} {}",
            table.number,
            table.item_label
        );
    }
    for question in ["q14", "q15"] {
        let themes = baseline.themes(question).expect("free-text themes");
        assert!(themes.themes.iter().all(|t| !t.quotes.is_empty()));
    }
}

mod round_trip {
    use super::*;
    use proptest::prelude::*;

    /// `select` needs something to pick from; a question without options or items never uses the pick.
    fn or_placeholder(ids: Vec<String>) -> Vec<String> {
        if ids.is_empty() {
            vec!["-".into()]
        } else {
            ids
        }
    }

    /// Any answers a trainee can give (by the survey's own ids, with any text) survive export and import.
    fn answers() -> impl Strategy<Value = BTreeMap<String, QuestionAnswer>> {
        let per_question: Vec<BoxedStrategy<(String, QuestionAnswer)>> = SURVEY
            .questions
            .iter()
            .map(|q| {
                let options: Vec<String> = q.options.iter().map(|o| o.id.to_owned()).collect();
                let items: Vec<String> = q.items.iter().map(|i| i.id.to_owned()).collect();
                let id = q.id.to_owned();
                let kind = q.kind;
                (
                    prop::option::of(prop::sample::select(or_placeholder(options.clone()))),
                    prop::collection::btree_map(
                        prop::sample::select(or_placeholder(items)),
                        prop::sample::select(or_placeholder(options.clone())),
                        0..4,
                    ),
                    prop::sample::subsequence(options.clone(), 0..=options.len()),
                    any::<String>(),
                    any::<String>(),
                )
                    .prop_map(move |(choice, items, choices, text, reason)| {
                        let mut a = QuestionAnswer::default();
                        match kind {
                            SurveyKind::Single => {
                                a.choice = choice;
                                a.reason = reason;
                            }
                            SurveyKind::Matrix => {
                                a.items = items;
                                a.reason = reason;
                            }
                            SurveyKind::Multiple => {
                                a.choices = choices;
                                a.other = reason;
                            }
                            SurveyKind::Text => a.text = text,
                        }
                        (id.clone(), a)
                    })
                    .boxed()
            })
            .collect();
        per_question.prop_map(|pairs| pairs.into_iter().collect())
    }

    proptest! {
        #[test]
        fn export_then_import_gives_back_the_answers(answers in answers(), code in "[a-z0-9-]{0,12}") {
            let day = Day::new(2026, 11, 21).unwrap();
            let export = SurveyExport::new(&SURVEY, "v", &code, day, "r1", &answers);
            let imported = parse_export(&export.to_json(), &SURVEY).unwrap();
            prop_assert_eq!(&imported, &export);
            let kept: BTreeMap<String, QuestionAnswer> = answers.into_iter().filter(|(_, a)| !a.is_empty()).collect();
            prop_assert_eq!(imported.answers, kept);
        }
    }
}
