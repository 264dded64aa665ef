//! Aggregating imported survey exports into the report's tables: 件数 and % of respondents (rounded
//! half up to one decimal), 無回答 for every question and item, multi-select as % of respondents,
//! a cross-tab by 職種, free-text lists, and CSV for Excel.

use crate::survey::baseline::Baseline;
use crate::survey::{QuestionAnswer, Survey, SurveyExport, SurveyKind, SurveyQuestion};
use crate::text::csv::CsvWriter;
use serde::Serialize;
use std::collections::HashMap;

/// The option id used for 無回答 in tables and CSV.
pub const NO_ANSWER: &str = "no_answer";
pub const NO_ANSWER_LABEL: &str = "無回答";

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    pub option_id: String,
    pub label: String,
    pub count: u32,
    /// Percent of respondents in tenths (541 = 54.1%).
    pub tenths: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuestionTable {
    pub question_id: String,
    pub number: String,
    pub text: String,
    pub item_id: String,
    pub item_label: String,
    pub multiple: bool,
    pub respondents: u32,
    pub rows: Vec<Row>,
}

/// count/n as a percentage in tenths, rounded half up (20/37 → 541, i.e. 54.1%).
pub fn percent_tenths(count: u32, n: u32) -> u32 {
    if n == 0 {
        return 0;
    }
    ((u64::from(count) * 2000 + u64::from(n)) / (2 * u64::from(n))) as u32
}

pub fn format_tenths(tenths: u32) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The chosen option for `item` ("" for a plain single question).
fn chosen<'a>(answer: Option<&'a QuestionAnswer>, item: &str) -> Option<&'a str> {
    let answer = answer?;
    if item.is_empty() {
        answer.choice.as_deref()
    } else {
        answer.items.get(item).map(String::as_str)
    }
}

/// One table per closed question, and per item of a matrix question, in survey order.
pub fn aggregate(survey: &Survey, exports: &[SurveyExport]) -> Vec<QuestionTable> {
    let exports: Vec<&SurveyExport> = exports.iter().collect();
    aggregate_refs(survey, &exports)
}

/// `aggregate` over borrowed exports (a cross-tab's groups). Each export's answers are walked once,
/// whatever the number of tables: 10,000 exports took 0.2 s in the browser when every table looked up
/// every export's answer again.
fn aggregate_refs(survey: &Survey, exports: &[&SurveyExport]) -> Vec<QuestionTable> {
    let n = exports.len() as u32;
    // One slot per table: (question, item), in survey order; `first[q]` is question q's first slot.
    let mut first = Vec::with_capacity(survey.questions.len());
    let mut slots: Vec<(&SurveyQuestion, &str, &str)> = Vec::new();
    for question in survey.questions {
        first.push(slots.len());
        match question.kind {
            SurveyKind::Text => {}
            SurveyKind::Matrix => {
                slots.extend(question.items.iter().map(|i| (question, i.id, i.label)));
            }
            SurveyKind::Single | SurveyKind::Multiple => slots.push((question, "", "")),
        }
    }
    let by_id = question_positions(survey);
    let mut counts: Vec<Vec<u32>> = slots
        .iter()
        .map(|(q, _, _)| vec![0; q.options.len()])
        .collect();
    let mut answered = vec![0u32; slots.len()];
    let count = |counts: &mut Vec<u32>, question: &SurveyQuestion, choice: &str| {
        if let Some(i) = question.options.iter().position(|o| o.id == choice) {
            counts[i] += 1;
        }
    };
    for export in exports {
        for (question_id, answer) in &export.answers {
            let Some(&q) = by_id.get(question_id.as_str()) else {
                continue;
            };
            let question = &survey.questions[q];
            let slot = first[q];
            match question.kind {
                SurveyKind::Text => {}
                SurveyKind::Single => {
                    if let Some(choice) = &answer.choice {
                        answered[slot] += 1;
                        count(&mut counts[slot], question, choice);
                    }
                }
                SurveyKind::Matrix => {
                    for (item, choice) in &answer.items {
                        if let Some(i) = question.items.iter().position(|it| it.id == item) {
                            answered[slot + i] += 1;
                            count(&mut counts[slot + i], question, choice);
                        }
                    }
                }
                SurveyKind::Multiple => {
                    if !answer.choices.is_empty() {
                        answered[slot] += 1;
                        // Each option counts once per respondent, however often it was listed.
                        for (c, option) in counts[slot].iter_mut().zip(question.options) {
                            if answer.choices.iter().any(|chosen| chosen == option.id) {
                                *c += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    slots
        .into_iter()
        .zip(counts)
        .zip(answered)
        .map(|(((question, item_id, item_label), counts), answered)| {
            let mut rows: Vec<Row> = question
                .options
                .iter()
                .zip(counts)
                .map(|(option, count)| Row {
                    option_id: option.id.into(),
                    label: option.label.into(),
                    count,
                    tenths: percent_tenths(count, n),
                })
                .collect();
            let unanswered = n - answered;
            rows.push(Row {
                option_id: NO_ANSWER.into(),
                label: NO_ANSWER_LABEL.into(),
                count: unanswered,
                tenths: percent_tenths(unanswered, n),
            });
            QuestionTable {
                question_id: question.id.into(),
                number: question.number.into(),
                text: question.text.into(),
                item_id: item_id.into(),
                item_label: item_label.into(),
                multiple: question.kind == SurveyKind::Multiple,
                respondents: n,
                rows,
            }
        })
        .collect()
}

/// A cross-tab of one table's question by the groups of a grouping question (職種, 問2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CrossTab {
    pub question_id: String,
    pub number: String,
    pub text: String,
    pub item_label: String,
    /// Column headings: the options, then 無回答.
    pub columns: Vec<String>,
    /// (group label, counts per column, group size)
    pub rows: Vec<(String, Vec<u32>, u32)>,
}

pub fn cross_tab(survey: &Survey, exports: &[SurveyExport], group_question: &str) -> Vec<CrossTab> {
    let Some(grouping) = survey.questions.iter().find(|q| q.id == group_question) else {
        return Vec::new();
    };
    let mut groups: Vec<(String, Vec<&SurveyExport>)> = grouping
        .options
        .iter()
        .map(|o| {
            (
                o.label.to_owned(),
                exports
                    .iter()
                    .filter(|e| chosen(e.answers.get(grouping.id), "") == Some(o.id))
                    .collect(),
            )
        })
        .collect();
    groups.push((
        NO_ANSWER_LABEL.to_owned(),
        exports
            .iter()
            .filter(|e| chosen(e.answers.get(grouping.id), "").is_none())
            .collect(),
    ));
    let mut tabs = Vec::new();
    for question in survey.questions.iter().filter(|q| q.id != group_question) {
        // Each group is aggregated on its own; the columns are the same tables' rows.
        let per_group: Vec<Vec<QuestionTable>> = groups
            .iter()
            .map(|(_, members)| aggregate_question(question, members))
            .collect();
        let Some(first) = per_group.first() else {
            continue;
        };
        for (index, table) in first.iter().enumerate() {
            let rows = groups
                .iter()
                .zip(&per_group)
                .map(|((label, members), tables)| {
                    (
                        label.clone(),
                        tables[index].rows.iter().map(|r| r.count).collect(),
                        members.len() as u32,
                    )
                })
                .collect();
            tabs.push(CrossTab {
                question_id: table.question_id.clone(),
                number: table.number.clone(),
                text: table.text.clone(),
                item_label: table.item_label.clone(),
                columns: table.rows.iter().map(|r| r.label.clone()).collect(),
                rows,
            });
        }
    }
    tabs
}

fn aggregate_question(
    question: &'static SurveyQuestion,
    exports: &[&SurveyExport],
) -> Vec<QuestionTable> {
    let single = Survey {
        id: "",
        title: "",
        intro: "",
        questions: std::slice::from_ref(question),
    };
    aggregate_refs(&single, exports)
}

/// Counts under 5 shown as 「5未満」 when small cells are suppressed (0 stays 0: it identifies no one).
pub fn cell_text(count: u32, suppress_small: bool) -> String {
    if suppress_small && (1..5).contains(&count) {
        "5未満".to_owned()
    } else {
        count.to_string()
    }
}

/// Free text of one kind for one question, with the writer's 職種 (or 無回答).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FreeText {
    pub question_id: String,
    pub number: String,
    pub kind: &'static str,
    pub entries: Vec<(String, String)>,
}

pub fn free_texts(
    survey: &Survey,
    exports: &[SurveyExport],
    group_question: &str,
) -> Vec<FreeText> {
    const KINDS: [&str; 3] = ["回答", "理由", "その他"];
    let grouping = survey.questions.iter().find(|q| q.id == group_question);
    let group_of = |e: &SurveyExport| {
        grouping
            .and_then(|g| chosen(e.answers.get(g.id), "").and_then(|id| g.option(id)))
            .map_or(NO_ANSWER_LABEL, |o| o.label)
    };
    let by_id = question_positions(survey);
    // One list per question and kind, filled in one walk over each export's answers.
    let mut entries: Vec<Vec<(String, String)>> = vec![Vec::new(); survey.questions.len() * 3];
    for export in exports {
        for (question_id, answer) in &export.answers {
            let texts = [&answer.text, &answer.reason, &answer.other];
            if texts.iter().all(|t| t.trim().is_empty()) {
                continue;
            }
            let Some(&q) = by_id.get(question_id.as_str()) else {
                continue;
            };
            for (k, text) in texts.into_iter().enumerate() {
                let text = text.trim();
                if !text.is_empty() {
                    entries[q * 3 + k].push((group_of(export).to_owned(), text.to_owned()));
                }
            }
        }
    }
    let mut lists = Vec::new();
    for (i, entries) in entries.into_iter().enumerate() {
        if entries.is_empty() {
            continue;
        }
        let question = &survey.questions[i / 3];
        lists.push(FreeText {
            question_id: question.id.into(),
            number: question.number.into(),
            kind: KINDS[i % 3],
            entries,
        });
    }
    lists
}

/// Each question's place in the survey, by id: an export's answers are looked up once each.
fn question_positions(survey: &Survey) -> HashMap<&'static str, usize> {
    survey
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id, i))
        .collect()
}

/// The CSV columns of a baseline, after the six of every aggregate CSV. Named like those (ASCII, lower
/// case) so that scripts and spreadsheets that read the six keep working and can pick these up by name.
pub const BASELINE_CSV_COLUMNS: &str = "count_2019,percent_2019";

/// Long format: one row per option, 無回答 included; percent with one decimal. With a baseline, two more
/// columns give its 件数 and % for the same option (empty where it has no figure).
pub fn csv_long(tables: &[QuestionTable], baseline: Option<&Baseline>) -> String {
    let mut csv = CsvWriter::new();
    let mut header = vec![
        "question_id",
        "question",
        "item",
        "option",
        "count",
        "percent",
    ];
    if baseline.is_some() {
        header.extend(BASELINE_CSV_COLUMNS.split(','));
    }
    csv.row(&header);
    for table in tables {
        let question = format!("{} {}", table.number, table.text);
        let reference = baseline.map(|b| b.table(&table.question_id, &table.item_id));
        for row in &table.rows {
            let count = row.count.to_string();
            let percent = format_tenths(row.tenths);
            let (count_2019, percent_2019) =
                match reference.flatten().and_then(|t| t.cell(&row.option_id)) {
                    Some((count, tenths)) => (count.to_string(), format_tenths(tenths)),
                    None => (String::new(), String::new()),
                };
            let mut fields = vec![
                table.question_id.as_str(),
                &question,
                &table.item_label,
                &row.label,
                &count,
                &percent,
            ];
            if reference.is_some() {
                fields.extend([count_2019.as_str(), &percent_2019]);
            }
            csv.row(&fields);
        }
    }
    csv.finish()
}

/// Every free-text entry (answers, reasons, その他) with the writer's 職種.
pub fn csv_free_text(lists: &[FreeText]) -> String {
    let mut csv = CsvWriter::new();
    csv.row(&["question_id", "question", "kind", "group", "text"]);
    for list in lists {
        for (group, text) in &list.entries {
            csv.row(&[&list.question_id, &list.number, list.kind, group, text]);
        }
    }
    csv.finish()
}

/// The cross-tab as long CSV: one row per group and option, with the count and % of the group.
pub fn csv_cross_tab(tabs: &[CrossTab], suppress_small: bool) -> String {
    let mut csv = CsvWriter::new();
    csv.row(&[
        "question_id",
        "question",
        "item",
        "group",
        "option",
        "count",
        "percent_of_group",
    ]);
    for tab in tabs {
        let question = format!("{} {}", tab.number, tab.text);
        for (group, counts, size) in &tab.rows {
            for (column, count) in tab.columns.iter().zip(counts) {
                let percent = if suppress_small && (1..5).contains(count) {
                    String::new()
                } else {
                    format_tenths(percent_tenths(*count, *size))
                };
                csv.row(&[
                    &tab.question_id,
                    &question,
                    &tab.item_label,
                    group,
                    column,
                    &cell_text(*count, suppress_small),
                    &percent,
                ]);
            }
        }
    }
    csv.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::QuestionAnswer;
    use crate::survey::fixtures::*;
    use std::collections::BTreeMap;

    /// The tables as the definition of each cell reads: per table and option, the respondents whose
    /// answer has that option; 無回答 those with none.
    #[test]
    fn one_walk_over_the_answers_counts_what_each_cell_says() {
        let mut seed = 7u32;
        let mut pick = |n: usize| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as usize % n
        };
        let ids = ["o1", "o2", "o3", "o4"];
        let exports: Vec<SurveyExport> = (0..80)
            .map(|i| {
                let mut answers = Vec::new();
                if pick(4) > 0 {
                    answers.push(("q2", single(ids[pick(3)])));
                }
                if pick(4) > 0 {
                    answers.push(("q4", single(ids[pick(4)])));
                }
                if pick(3) > 0 {
                    let mut items = BTreeMap::new();
                    for item in ["kiban", "network"] {
                        if pick(3) > 0 {
                            items.insert(item.to_owned(), ids[pick(4)].to_owned());
                        }
                    }
                    answers.push((
                        "q10",
                        QuestionAnswer {
                            items,
                            ..Default::default()
                        },
                    ));
                }
                if pick(3) > 0 {
                    let mut choices = Vec::new();
                    for _ in 0..pick(4) {
                        choices.push(["o1", "o2", "other"][pick(3)].to_owned());
                    }
                    answers.push((
                        "q13",
                        QuestionAnswer {
                            choices,
                            ..Default::default()
                        },
                    ));
                }
                export(&format!("r{i}"), &answers)
            })
            .collect();
        let tables = aggregate(&SURVEY, &exports);
        assert_eq!(tables.len(), 5, "q2, q4, q10 ×2 items, q13");
        for table in &tables {
            let answer = |e: &SurveyExport| e.answers.get(&table.question_id).cloned();
            for row in &table.rows {
                let has = |a: &QuestionAnswer| {
                    if table.multiple {
                        a.choices.contains(&row.option_id)
                    } else if table.item_id.is_empty() {
                        a.choice.as_deref() == Some(row.option_id.as_str())
                    } else {
                        a.items.get(&table.item_id) == Some(&row.option_id)
                    }
                };
                let none = |a: &QuestionAnswer| {
                    if table.multiple {
                        a.choices.is_empty()
                    } else if table.item_id.is_empty() {
                        a.choice.is_none()
                    } else {
                        !a.items.contains_key(&table.item_id)
                    }
                };
                let expected = exports
                    .iter()
                    .filter(|e| match answer(e) {
                        None => row.option_id == NO_ANSWER,
                        Some(a) if row.option_id == NO_ANSWER => none(&a),
                        Some(a) => has(&a),
                    })
                    .count() as u32;
                assert_eq!(
                    row.count, expected,
                    "{} {} {}",
                    table.question_id, table.item_id, row.option_id
                );
            }
        }
    }

    #[test]
    fn percentages_round_half_up_to_one_decimal() {
        assert_eq!(format_tenths(percent_tenths(20, 37)), "54.1");
        assert_eq!(format_tenths(percent_tenths(1, 37)), "2.7");
        assert_eq!(format_tenths(percent_tenths(4, 37)), "10.8");
        assert_eq!(
            format_tenths(percent_tenths(1, 16)),
            "6.3",
            "6.25 rounds up"
        );
        assert_eq!(format_tenths(percent_tenths(1, 8)), "12.5");
        assert_eq!(format_tenths(percent_tenths(1, 3)), "33.3");
        assert_eq!(format_tenths(percent_tenths(2, 3)), "66.7");
        assert_eq!(format_tenths(percent_tenths(0, 37)), "0.0");
        assert_eq!(
            percent_tenths(3, 0),
            0,
            "no respondents, no division by zero"
        );
    }

    #[test]
    fn unanswered_questions_and_items_count_as_no_answer() {
        let exports = vec![
            export(
                "a",
                &[
                    ("q4", single("o1")),
                    (
                        "q10",
                        QuestionAnswer {
                            items: [("kiban".into(), "o2".into())].into(),
                            ..Default::default()
                        },
                    ),
                ],
            ),
            export("b", &[("q4", single("o1"))]),
            export("c", &[]),
        ];
        let tables = aggregate(&SURVEY, &exports);
        let q4 = tables.iter().find(|t| t.question_id == "q4").unwrap();
        assert_eq!(q4.respondents, 3);
        let counts: Vec<u32> = q4.rows.iter().map(|r| r.count).collect();
        assert_eq!(counts, vec![2, 0, 0, 0, 1]);
        assert_eq!(q4.rows.last().unwrap().label, "無回答");
        let network = tables
            .iter()
            .find(|t| t.question_id == "q10" && t.item_id == "network")
            .unwrap();
        assert_eq!(
            network.rows.last().unwrap().count,
            3,
            "an item nobody answered is 無回答 for all"
        );
        let kiban = tables
            .iter()
            .find(|t| t.question_id == "q10" && t.item_id == "kiban")
            .unwrap();
        assert_eq!(kiban.rows[1].count, 1);
        assert!(
            tables.iter().all(|t| t.question_id != "q14"),
            "free text has no table"
        );
    }

    #[test]
    fn multiple_choice_is_a_percentage_of_respondents_and_can_pass_100() {
        let pick = |c: &[&str]| QuestionAnswer {
            choices: c.iter().map(|s| (*s).to_owned()).collect(),
            ..Default::default()
        };
        let exports = vec![
            export("a", &[("q13", pick(&["o1", "o2"]))]),
            // Listed twice in a hand-edited file: still one respondent choosing it.
            export("b", &[("q13", pick(&["o1", "o1"]))]),
            export("c", &[]),
        ];
        let q13 = aggregate(&SURVEY, &exports)
            .into_iter()
            .find(|t| t.question_id == "q13")
            .unwrap();
        let tenths: Vec<u32> = q13.rows.iter().map(|r| r.tenths).collect();
        assert_eq!(tenths, vec![667, 333, 0, 333]);
        assert!(q13.rows.iter().map(|r| r.tenths).sum::<u32>() > 1000);
    }

    #[test]
    fn cross_tab_by_job_with_small_cells_suppressed() {
        let exports = vec![
            export("a", &[("q2", single("o1")), ("q4", single("o1"))]),
            export("b", &[("q2", single("o1")), ("q4", single("o2"))]),
            export("c", &[("q2", single("o2")), ("q4", single("o1"))]),
            export("d", &[("q4", single("o1"))]),
        ];
        let tabs = cross_tab(&SURVEY, &exports, "q2");
        let q4 = tabs.iter().find(|t| t.question_id == "q4").unwrap();
        assert_eq!(q4.columns.last().unwrap(), "無回答");
        let health_nurse = &q4.rows[0];
        assert_eq!(
            (
                health_nurse.0.as_str(),
                health_nurse.1.clone(),
                health_nurse.2
            ),
            ("保健師", vec![1, 1, 0, 0, 0], 2)
        );
        assert_eq!(q4.rows.last().unwrap().0, "無回答");
        assert_eq!(
            q4.rows.last().unwrap().1[0],
            1,
            "a respondent with no 職種 is its own row"
        );
        assert_eq!(cell_text(3, true), "5未満");
        assert_eq!(cell_text(0, true), "0");
        assert_eq!(cell_text(7, true), "7");
        assert!(csv_cross_tab(&tabs, true).contains(",保健師,理解できた,5未満,\r\n"));
    }

    #[test]
    fn free_text_is_listed_with_the_writers_job() {
        let exports = vec![
            export(
                "a",
                &[
                    ("q2", single("o2")),
                    (
                        "q4",
                        QuestionAnswer {
                            choice: Some("o3".into()),
                            reason: "時間が短い".into(),
                            ..Default::default()
                        },
                    ),
                ],
            ),
            export(
                "b",
                &[(
                    "q14",
                    QuestionAnswer {
                        text: "事例を増やしてほしい".into(),
                        ..Default::default()
                    },
                )],
            ),
        ];
        let lists = free_texts(&SURVEY, &exports, "q2");
        assert_eq!(lists[0].kind, "理由");
        assert_eq!(
            lists[0].entries,
            vec![("看護師".to_owned(), "時間が短い".to_owned())]
        );
        assert_eq!(
            lists[1].entries,
            vec![("無回答".to_owned(), "事例を増やしてほしい".to_owned())]
        );
    }

    #[test]
    fn free_text_csv_keeps_every_entry_quoted() {
        let exports = vec![export(
            "a",
            &[(
                "q14",
                QuestionAnswer {
                    text: "改行\nと, カンマ".into(),
                    ..Default::default()
                },
            )],
        )];
        let csv = csv_free_text(&free_texts(&SURVEY, &exports, "q2"));
        assert!(
            csv.ends_with("q14,問14,回答,無回答,\"改行\nと, カンマ\"\r\n"),
            "{csv}"
        );
    }

    #[test]
    fn a_baseline_adds_two_columns_after_the_six() {
        use crate::survey::baseline::BaselineTable;
        let baseline = Baseline {
            title: "2019年モデル研修".into(),
            respondents: 37,
            participants: 43,
            tables: vec![BaselineTable {
                question: "q4".into(),
                item: String::new(),
                counts: [("o1", 20), ("o2", 16), ("o3", 1), ("o4", 0), (NO_ANSWER, 0)]
                    .map(|(k, v)| (k.to_owned(), v))
                    .into(),
                percents: [
                    ("o1", "54.1"),
                    ("o2", "43.2"),
                    ("o3", "2.7"),
                    ("o4", "0.0"),
                    (NO_ANSWER, "0.0"),
                ]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .into(),
                note: String::new(),
            }],
            ..Default::default()
        };
        let exports = vec![export("a", &[("q4", single("o1"))])];
        let csv = csv_long(&aggregate(&SURVEY, &exports), Some(&baseline));
        assert!(
            csv.starts_with(
                "\u{feff}question_id,question,item,option,count,percent,count_2019,percent_2019\r\n"
            ),
            "{csv}"
        );
        assert!(
            csv.contains("\r\nq4,問4 理解,,理解できた,1,100.0,20,54.1\r\n"),
            "{csv}"
        );
        assert!(
            csv.contains("\r\nq4,問4 理解,,無回答,0,0.0,0,0.0\r\n"),
            "{csv}"
        );
        // A question the baseline has no table for keeps the columns, empty.
        assert!(csv.contains("\r\nq2,問2 職種,,保健師,0,0.0,,\r\n"), "{csv}");
        let columns = |line: &str| line.split(',').count();
        assert!(csv.lines().all(|l| columns(l) == 8), "{csv}");
    }

    #[test]
    fn csv_has_a_bom_the_header_and_quoted_fields() {
        let exports = vec![export("a", &[("q4", single("o1"))])];
        let csv = csv_long(&aggregate(&SURVEY, &exports), None);
        assert!(csv.starts_with("\u{feff}question_id,question,item,option,count,percent\r\n"));
        assert!(csv.contains("q4,問4 理解,,理解できた,1,100.0\r\n"), "{csv}");
        assert!(
            csv.contains("q10,問10 必要性,①地域の基盤整備,無回答,1,100.0\r\n"),
            "{csv}"
        );
    }
}
