//! The 2019 model training's material (survey results, group-work answers, programme) compiles against the
//! real survey, worksheets, lessons and cases, and every wrong id or figure is reported at its file:line.
//! Calls crates/content, the compiler build.rs runs.
#![cfg(not(target_arch = "wasm32"))]

use nimo_content::baseline;
use nimo_content::course as content;
use nimo_content::model_2019;
use nimo_content::worksheets;
use nimo_model::worksheet::def as worksheet_def;

use baseline::{compile_baseline, compile_group_work};
use content::{SourceFile, SurveyOut};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use worksheet_def::Worksheet;

const BASELINE_PATH: &str = "content/baseline_2019.toml";
const GROUP_WORK_PATH: &str = "content/group_work_2019.toml";
const PROGRAMME_PATH: &str = "content/model_2019.toml";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn survey() -> &'static SurveyOut {
    static SURVEY: OnceLock<SurveyOut> = OnceLock::new();
    SURVEY.get_or_init(|| {
        let files = content::read_content(&root()).unwrap();
        content::compile_survey(files.survey.as_ref().unwrap()).unwrap()
    })
}

/// The real sheets, compiled against the real lessons and survey as build.rs does.
fn sheets() -> &'static [Worksheet] {
    static SHEETS: OnceLock<Vec<Worksheet>> = OnceLock::new();
    SHEETS.get_or_init(|| {
        let files = content::read_content(&root()).unwrap();
        let course = content::compile_files(&files).unwrap();
        let lessons: BTreeSet<String> = course.lessons.iter().map(|l| l.id.clone()).collect();
        let options: BTreeMap<String, Vec<String>> = survey().option_labels();
        let refs = worksheets::References {
            lesson_ids: &lessons,
            survey_options: &options,
        };
        worksheets::compile_worksheets(&worksheets::read_worksheet_files(&root()).unwrap(), &refs)
            .unwrap()
    })
}

fn real(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn file(path: &str, text: String) -> SourceFile {
    SourceFile {
        path: path.into(),
        text,
    }
}

/// The real file with the first `from` replaced by `to`, and the 1-based line where `to` now is.
fn broken(path: &str, from: &str, to: &str) -> (String, usize) {
    let text = real(path);
    assert!(text.contains(from), "{path} has {from}");
    let text = text.replacen(from, to, 1);
    let at = text.find(to).unwrap();
    let line = 1 + text[..at].matches('\n').count();
    (text, line)
}

fn baseline_errors(from: &str, to: &str) -> (Vec<String>, usize) {
    let (text, line) = broken(BASELINE_PATH, from, to);
    let errors = compile_baseline(&file(BASELINE_PATH, text), survey())
        .expect_err("should not compile")
        .iter()
        .map(ToString::to_string)
        .collect();
    (errors, line)
}

fn group_work_errors(from: &str, to: &str) -> (Vec<String>, usize) {
    let (text, line) = broken(GROUP_WORK_PATH, from, to);
    let errors = compile_group_work(&file(GROUP_WORK_PATH, text), sheets())
        .expect_err("should not compile")
        .iter()
        .map(ToString::to_string)
        .collect();
    (errors, line)
}

#[test]
fn the_real_files_compile_against_the_real_survey_and_sheets() {
    let compiled = compile_baseline(&file(BASELINE_PATH, real(BASELINE_PATH)), survey()).unwrap();
    assert_eq!((compiled.participants, compiled.respondents), (43, 37));
    assert_eq!(compiled.heading(), "2019年モデル研修（37人）");
    // Every closed question and every item of a matrix question has its published table.
    for question in survey().questions.iter().filter(|q| q.kind != "text") {
        let items: Vec<&str> = if question.items.is_empty() {
            vec![""]
        } else {
            question.items.iter().map(|i| i.id.as_str()).collect()
        };
        for item in items {
            let table = compiled
                .table(&question.id, item)
                .unwrap_or_else(|| panic!("{} {item}", question.number));
            assert!(
                table.cell("no_answer").is_some(),
                "{} {item}",
                question.number
            );
        }
    }
    assert_eq!(
        compiled.table("q4", "").unwrap().cell("o1"),
        Some((20, 541))
    );
    assert_eq!(
        compiled.table("q13", "").unwrap().cell("o2"),
        Some((27, 730))
    );
    for question in ["q14", "q15"] {
        assert!(compiled.themes(question).is_some(), "{question}");
    }
    let quotes: Vec<&str> = compiled
        .free_text
        .iter()
        .flat_map(|f| {
            f.themes
                .iter()
                .flat_map(|t| t.quotes.iter().map(String::as_str))
        })
        .collect();
    assert!(quotes.contains(&"“対話”の時間の確保。"), "{quotes:?}");
    assert!(quotes.iter().any(|q| q.starts_with("単発の研修で終わらず")));

    let reference =
        compile_group_work(&file(GROUP_WORK_PATH, real(GROUP_WORK_PATH)), sheets()).unwrap();
    let sections: Vec<&str> = reference
        .prompts
        .iter()
        .map(|p| p.section.as_str())
        .collect();
    assert_eq!(sections, ["q1", "q2", "q3", "q4"], "①–④ in order");
    for prompt in &reference.prompts {
        let groups: Vec<&str> = prompt.groups.iter().map(|g| g.group.as_str()).collect();
        for job in [
            "保健師",
            "看護師",
            "精神保健福祉士",
            "相談支援専門員",
            "その他",
        ] {
            assert!(groups.contains(&job), "{} has ({job})", prompt.section);
        }
    }
    let common = &reference.prompt("q4").unwrap().groups.last().unwrap();
    assert_eq!(common.group, "共通");
}

#[test]
fn an_unknown_question_is_reported_at_its_line() {
    let (errors, line) = baseline_errors("question = \"q4\"", "question = \"q99\"");
    assert_eq!(
        errors,
        [format!(
            "{BASELINE_PATH}:{line}: 質問「q99」は content/survey.toml にありません"
        )]
    );
}

#[test]
fn an_unknown_option_is_reported_in_its_own_table() {
    // 問4's counts: o1 becomes o9. Both the stray id and the missing one are named, at 問4's counts line.
    let (errors, line) = baseline_errors("{ o1 = 20, o2 = 16", "{ o9 = 20, o2 = 16");
    assert_eq!(
        errors,
        [
            format!(
                "{BASELINE_PATH}:{line}: 問4のcountsにある選択肢「o9」は content/survey.toml にありません"
            ),
            format!(
                "{BASELINE_PATH}:{line}: 問4のcountsに選択肢「o1」がありません（0件も書きます）"
            ),
        ]
    );
}

#[test]
fn an_unknown_matrix_item_is_reported() {
    let (errors, line) = baseline_errors("item = \"network\"", "item = \"netwrok\"");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!(
            "{BASELINE_PATH}:{line}: 問10の項目「netwrok」は content/survey.toml にありません"
        )),
        "{errors:?}"
    );
    let (errors, line) = baseline_errors(
        "question = \"q2\"\nitem = \"\"",
        "question = \"q2\"\nitem = \"kiban\"",
    );
    assert_eq!(
        errors,
        [format!(
            "{BASELINE_PATH}:{}: 問2は表形式（matrix）の質問ではないので、item は空にします",
            line + 1
        )]
    );
}

#[test]
fn a_figure_that_disagrees_with_its_count_is_reported() {
    // 問4 理解できた is 20 of 37 = 54.1%; a transposed digit is caught.
    let (errors, line) = baseline_errors("o1 = \"54.1\"", "o1 = \"45.1\"");
    assert_eq!(
        errors,
        [format!(
            "{BASELINE_PATH}:{line}: 問4の「o1」: 20件は37人の54.1%ですが、45.1% と書かれています"
        )]
    );
    let (errors, _) = baseline_errors("o1 = \"54.1\"", "o1 = \"54\"");
    assert!(errors[0].contains("小数1桁"), "{errors:?}");
    // A count that no longer sums to the respondents (and so disagrees with its % too).
    let (errors, line) = baseline_errors("{ o1 = 20, o2 = 16", "{ o1 = 21, o2 = 16");
    assert!(
        errors.contains(&format!(
            "{BASELINE_PATH}:{line}: 問4の件数の合計が38件で、回答者数37人と合いません"
        )),
        "{errors:?}"
    );
}

#[test]
fn free_text_must_name_a_free_text_question() {
    let (errors, line) = baseline_errors(
        "[[free_text]]\nquestion = \"q14\"",
        "[[free_text]]\nquestion = \"q13\"",
    );
    assert_eq!(
        errors,
        [format!(
            "{BASELINE_PATH}:{}: 問13は自由記述の質問ではありません（free_text は text の質問にだけ書きます）",
            line + 1
        )]
    );
}

#[test]
fn bad_toml_names_its_line() {
    let (errors, line) = baseline_errors("participants = 43", "participants = \"43人\"");
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with(&format!(
            "{BASELINE_PATH}:{line}: TOML の書き方に誤りがあります"
        )),
        "{errors:?}"
    );
}

#[test]
fn group_work_answers_name_real_prompts_and_jobs() {
    let (errors, line) = group_work_errors("section = \"q2\"", "section = \"q9\"");
    assert_eq!(
        errors,
        [format!(
            "{GROUP_WORK_PATH}:{line}: ワークシート「group-work」に項目「q9」はありません（q1・q2・q3・q4・share・speech）"
        )]
    );
    let (errors, line) = group_work_errors("section = \"q2\"", "section = \"profile\"");
    assert_eq!(
        errors,
        [format!(
            "{GROUP_WORK_PATH}:{line}: 項目「profile」は「あなたについて」の項目で、問いではありません"
        )]
    );
    let (errors, line) = group_work_errors("group = \"看護師\"", "group = \"ナース\"");
    assert_eq!(
        errors,
        [format!(
            "{GROUP_WORK_PATH}:{line}: 「ナース」は職種の選択肢（医師・保健師・看護師・精神保健福祉士・相談支援専門員・その他）にも「共通」にもありません"
        )]
    );
    let (errors, line) = group_work_errors("sheet = \"group-work\"", "sheet = \"group-wrk\"");
    assert_eq!(
        errors,
        [format!(
            "{GROUP_WORK_PATH}:{line}: ワークシート「group-wrk」は content/worksheets/ にありません"
        )]
    );
}

fn programme_errors(from: &str, to: &str) -> Result<usize, (Vec<String>, usize)> {
    let (text, line) = broken(PROGRAMME_PATH, from, to);
    let files = content::read_content(&root()).unwrap();
    let lessons: BTreeSet<String> = content::compile_files(&files)
        .unwrap()
        .lessons
        .iter()
        .map(|l| l.id.clone())
        .collect();
    let sheet_ids: BTreeSet<String> = sheets().iter().map(|s| s.id.clone()).collect();
    let case_ids: BTreeSet<String> = nimo_kenshu::content::cases()
        .iter()
        .map(|c| c.id.clone())
        .collect();
    let refs = model_2019::ProgrammeRefs {
        lesson_ids: &lessons,
        worksheet_ids: &sheet_ids,
        case_ids: &case_ids,
    };
    match model_2019::compile_programme(&file(PROGRAMME_PATH, text), &refs) {
        Ok(seed) => Ok(seed.items.len()),
        Err(errors) => Err((errors.iter().map(ToString::to_string).collect(), line)),
    }
}

#[test]
fn the_programme_names_real_materials_and_valid_kinds_and_times() {
    assert_eq!(
        programme_errors("start = \"10:00\"", "start = \"10:00\""),
        Ok(14)
    );
    let (errors, line) = programme_errors(
        "lessons = [\"renkei-taisho\"]",
        "lessons = [\"renkei-taiso\"]",
    )
    .unwrap_err();
    assert_eq!(
        errors,
        [format!(
            "{PROGRAMME_PATH}:{line}: 2番目の項目「講義1 精神科医療の現状」の講義「renkei-taiso」はありません"
        )]
    );
    let (errors, line) = programme_errors(
        "worksheets = [\"group-work\"]",
        "worksheets = [\"groupwork\"]",
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("{PROGRAMME_PATH}:{line}: ")),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("のワークシート「groupwork」はありません"),
        "{errors:?}"
    );
    let (errors, line) = programme_errors("kind = \"sharing\"", "kind = \"shareing\"").unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("{PROGRAMME_PATH}:{line}: 5番目の項目「シェアリング（1グループ3〜4人）」の kind「shareing」は使えません")),
        "{errors:?}"
    );
    let (errors, line) = programme_errors("start = \"10:00\"", "start = \"10時\"").unwrap_err();
    assert_eq!(
        errors,
        [format!(
            "{PROGRAMME_PATH}:{line}: start は「10:00」の形の時刻で書きます（いまは「10時」）"
        )]
    );
}
