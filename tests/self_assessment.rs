//! The self-assessment compiler reports each kind of error with file:line, and the real
//! content/self_assessment.toml compiles. Calls crates/content, the compiler build.rs runs.
#![cfg(not(target_arch = "wasm32"))]

use nimo_content::assessment;
use nimo_content::course as content;
use nimo_model::assessment::def as assessment_def;

use assessment::compile_assessment;
use assessment_def::SelfAssessment;
use content::SourceFile;
use std::collections::BTreeSet;

fn compile(text: &str, lessons: &[&str]) -> Result<SelfAssessment, Vec<String>> {
    let lessons: BTreeSet<String> = lessons.iter().map(|l| (*l).to_owned()).collect();
    let file = SourceFile {
        path: "content/self_assessment.toml".into(),
        text: text.into(),
    };
    compile_assessment(&file, &lessons)
        .map_err(|errors| errors.iter().map(ToString::to_string).collect())
}

fn valid(statements: usize) -> String {
    let mut text = String::from(
        "id = \"t-1\"\ntitle = \"自己評価\"\nintro = \"説明\"\nscale = [\"1\", \"2\", \"3\", \"4\", \"5\"]\n",
    );
    for i in 0..statements {
        text.push_str(&format!(
            "\n[[statements]]\nid = \"s{i}\"\ntext = \"文{i}\"\nlesson = \"lesson-a\"\n"
        ));
    }
    text
}

#[test]
fn a_valid_file_compiles() {
    let compiled = compile(&valid(5), &["lesson-a"]).unwrap();
    assert_eq!(compiled.statements.len(), 5);
    assert_eq!(compiled.scale.len(), 5);
}

#[test]
fn each_error_names_its_line() {
    let errors = compile(
        &valid(5).replace("lesson = \"lesson-a\"", "lesson = \"nope\""),
        &["lesson-a"],
    )
    .unwrap_err();
    assert_eq!(errors.len(), 5);
    assert!(
        errors[0].starts_with("content/self_assessment.toml:9: "),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("lesson「nope」という講義はありません"),
        "{errors:?}"
    );

    let duplicate = valid(5).replace("id = \"s1\"", "id = \"s0\"");
    let errors = compile(&duplicate, &["lesson-a"]).unwrap_err();
    assert_eq!(
        errors,
        vec!["content/self_assessment.toml:7: 文のID「s0」が重複しています".to_owned()]
    );

    let four_points = valid(5).replace(", \"5\"]", "]");
    let errors = compile(&four_points, &["lesson-a"]).unwrap_err();
    assert_eq!(
        errors,
        vec!["content/self_assessment.toml:4: scale には5段階の選択肢を書いてください".to_owned()]
    );

    let errors = compile(&valid(3), &["lesson-a"]).unwrap_err();
    assert!(
        errors[0].contains("文は5〜15個にしてください（いまは3個）"),
        "{errors:?}"
    );

    let errors = compile("id = \"t\"\ntitle = 1\n", &[]).unwrap_err();
    assert!(
        errors[0].starts_with("content/self_assessment.toml:2: TOML の書き方に誤りがあります"),
        "{errors:?}"
    );

    let errors = compile(
        &valid(5).replace("id = \"s2\"", "id = \"S 2\""),
        &["lesson-a"],
    )
    .unwrap_err();
    assert!(errors[0].contains("半角英小文字"), "{errors:?}");
}

#[test]
fn the_real_self_assessment_compiles_against_the_real_lessons() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("content/self_assessment.toml")).unwrap();
    let lessons: Vec<String> = std::fs::read_dir(root.join("content/lessons"))
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .collect();
    let lessons: Vec<&str> = lessons.iter().map(String::as_str).collect();
    let compiled = compile(&text, &lessons).unwrap();
    assert_eq!(compiled.statements.len(), 10);
    assert_eq!(
        compiled.scale,
        [
            "そう思わない",
            "あまりそう思わない",
            "どちらともいえない",
            "ややそう思う",
            "そう思う"
        ]
    );
}
