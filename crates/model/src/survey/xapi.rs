//! The survey export as xAPI statements, so that results can go into a Learning Record Store. One
//! `answered` statement per answered question (per item of a matrix, plus reasons and その他 as
//! fill-in). The actor is the anonymous respondent id; there is no timestamp, because an LRS stamps
//! what it stores and the export keeps nothing finer than a day.

use crate::survey::{Survey, SurveyExport, SurveyKind, SurveyQuestion};
use serde_json::{Value, json};

const HOME: &str = "https://nimo-kenshu.invalid/";
const ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
const INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";

/// A 4-point scale is a likert item; other closed questions (age, 職種 …) are plain choices.
fn interaction_type(question: &SurveyQuestion) -> &'static str {
    match question.kind {
        SurveyKind::Matrix => "likert",
        SurveyKind::Single if question.options.len() == 4 => "likert",
        SurveyKind::Single | SurveyKind::Multiple => "choice",
        SurveyKind::Text => "fill-in",
    }
}

fn activity(
    survey: &Survey,
    question: &SurveyQuestion,
    suffix: &str,
    name: &str,
    interaction: &str,
) -> Value {
    let mut definition = json!({
        "name": { "ja-JP": name },
        "description": { "ja-JP": question.text },
        "type": INTERACTION,
        "interactionType": interaction,
    });
    let components: Vec<Value> = question
        .options
        .iter()
        .map(|o| json!({ "id": o.id, "description": { "ja-JP": o.label } }))
        .collect();
    match interaction {
        "likert" => definition["scale"] = components.into(),
        "choice" => definition["choices"] = components.into(),
        _ => {}
    }
    json!({
        "objectType": "Activity",
        "id": format!("{HOME}survey/{}/{}{suffix}", survey.id, question.id),
        "definition": definition,
    })
}

pub fn statements(survey: &Survey, export: &SurveyExport) -> Vec<Value> {
    let actor = json!({ "objectType": "Agent", "account": { "homePage": HOME, "name": export.respondent_id } });
    let verb = json!({ "id": ANSWERED, "display": { "ja-JP": "回答した", "en-US": "answered" } });
    let mut context =
        json!({ "extensions": { format!("{HOME}xapi/exported-on"): export.exported_on } });
    if let Some(code) = &export.session_code {
        context["extensions"][format!("{HOME}xapi/session-code")] = code.clone().into();
    }
    let mut out = Vec::new();
    let mut push = |object: Value, response: String| {
        out.push(json!({ "actor": actor, "verb": verb, "object": object, "result": { "response": response }, "context": context }));
    };
    for question in survey.questions {
        let Some(answer) = export.answers.get(question.id) else {
            continue;
        };
        let kind = interaction_type(question);
        match question.kind {
            SurveyKind::Single => {
                if let Some(choice) = &answer.choice {
                    push(
                        activity(survey, question, "", question.number, kind),
                        choice.clone(),
                    );
                }
            }
            SurveyKind::Matrix => {
                for item in question.items {
                    if let Some(choice) = answer.items.get(item.id) {
                        let name = format!("{} {}", question.number, item.label);
                        push(
                            activity(survey, question, &format!("/{}", item.id), &name, kind),
                            choice.clone(),
                        );
                    }
                }
            }
            SurveyKind::Multiple => {
                if !answer.choices.is_empty() {
                    // xAPI joins several choices with "[,]".
                    push(
                        activity(survey, question, "", question.number, kind),
                        answer.choices.join("[,]"),
                    );
                }
            }
            SurveyKind::Text => {
                if !answer.text.trim().is_empty() {
                    push(
                        activity(survey, question, "", question.number, kind),
                        answer.text.clone(),
                    );
                }
            }
        }
        for (suffix, label, text) in [
            ("/reason", "理由", &answer.reason),
            ("/other", "その他", &answer.other),
        ] {
            if !text.trim().is_empty() {
                let name = format!("{}（{label}）", question.number);
                push(
                    activity(survey, question, suffix, &name, "fill-in"),
                    text.clone(),
                );
            }
        }
    }
    out
}

pub fn statements_json(survey: &Survey, export: &SurveyExport) -> String {
    serde_json::to_string_pretty(&statements(survey, export)).expect("statements always serialise")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::QuestionAnswer;
    use crate::survey::fixtures::*;

    #[test]
    fn one_statement_per_answer_with_an_anonymous_actor_and_no_timestamp() {
        let e = export(
            "r1",
            &[
                ("q2", single("o1")),
                (
                    "q4",
                    QuestionAnswer {
                        choice: Some("o3".into()),
                        reason: "短い".into(),
                        ..Default::default()
                    },
                ),
                (
                    "q10",
                    QuestionAnswer {
                        items: [
                            ("kiban".into(), "o1".into()),
                            ("network".into(), "o2".into()),
                        ]
                        .into(),
                        ..Default::default()
                    },
                ),
                (
                    "q13",
                    QuestionAnswer {
                        choices: vec!["o1".into(), "other".into()],
                        other: "研修".into(),
                        ..Default::default()
                    },
                ),
                (
                    "q14",
                    QuestionAnswer {
                        text: "自由記述".into(),
                        ..Default::default()
                    },
                ),
            ],
        );
        let all = statements(&SURVEY, &e);
        let types: Vec<&str> = all
            .iter()
            .map(|s| {
                s["object"]["definition"]["interactionType"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            types,
            vec![
                "choice", "likert", "fill-in", "likert", "likert", "choice", "fill-in", "fill-in"
            ]
        );
        for s in &all {
            assert_eq!(s["actor"]["account"]["name"], "r1");
            assert_eq!(s["verb"]["id"], ANSWERED);
            assert!(s.get("timestamp").is_none());
        }
        assert_eq!(all[5]["result"]["response"], "o1[,]other");
        assert_eq!(
            all[3]["object"]["id"],
            "https://nimo-kenshu.invalid/survey/test-survey/q10/kiban"
        );
        assert_eq!(
            all[1]["object"]["definition"]["scale"][2]["description"]["ja-JP"],
            "あまり理解できなかった"
        );
        assert_eq!(
            all[0]["context"]["extensions"]["https://nimo-kenshu.invalid/xapi/session-code"],
            "2026-11-misaku"
        );
    }
}
