//! Compiles content/ into Rust data at build time; a content error fails the build with file:line.

#[path = "build/assessment.rs"]
mod assessment;
#[path = "src/model/assessment_def.rs"]
mod assessment_def;
#[path = "build/baseline.rs"]
mod baseline;
#[path = "src/model/baseline_def.rs"]
#[allow(dead_code)] // the lookups are the app's
mod baseline_def;
#[path = "build/cases.rs"]
mod cases;
#[path = "build/content.rs"]
#[allow(dead_code)] // the native tests use the rest of the compiler's API
mod content;
#[path = "build/model_2019.rs"]
mod model_2019;
#[path = "src/model/worksheet_def.rs"]
mod worksheet_def;
#[path = "build/worksheets.rs"]
mod worksheets;

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=build/content.rs");
    println!("cargo:rerun-if-changed=build/worksheets.rs");
    println!("cargo:rerun-if-changed=src/model/worksheet_def.rs");
    println!("cargo:rerun-if-changed=build/cases.rs");
    println!("cargo:rerun-if-changed=src/model/case.rs");
    println!("cargo:rerun-if-changed=build/assessment.rs");
    println!("cargo:rerun-if-changed=src/model/assessment_def.rs");
    println!("cargo:rerun-if-changed=build/baseline.rs");
    println!("cargo:rerun-if-changed=build/model_2019.rs");
    println!("cargo:rerun-if-changed=src/model/baseline_def.rs");
    println!("cargo:rerun-if-env-changed=NIMO_CONTENT_DIR");
    // An instructor can build from a copy of content/ kept elsewhere.
    let root = match std::env::var_os("NIMO_CONTENT_DIR") {
        Some(dir) => {
            println!("cargo:rerun-if-changed={}", Path::new(&dir).display());
            Path::new(&dir).to_path_buf()
        }
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
    };
    let files = match content::read_content(&root) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: content/ could not be read: {e}");
            std::process::exit(1);
        }
    };
    let survey = match &files.survey {
        Some(file) => content::compile_survey(file),
        None => Err(vec![content::ContentError {
            path: "content/survey.toml".into(),
            line: 1,
            message: "アンケートの定義がありません".into(),
        }]),
    };
    let worksheet_files = worksheets::read_worksheet_files(&root).unwrap_or_else(|e| {
        eprintln!("error: content/worksheets could not be read: {e}");
        std::process::exit(1);
    });
    let compiled = match (content::compile_files(&files), survey) {
        (Ok(compiled), Ok(survey)) => {
            let lesson_ids = compiled.lessons.iter().map(|l| l.id.clone()).collect();
            let survey_options = survey.option_labels();
            let refs = worksheets::References {
                lesson_ids: &lesson_ids,
                survey_options: &survey_options,
            };
            worksheets::compile_worksheets(&worksheet_files, &refs)
                .map(|sheets| (compiled, survey, sheets))
        }
        (course, survey) => Err(course
            .err()
            .unwrap_or_default()
            .into_iter()
            .chain(survey.err().unwrap_or_default())
            .collect::<Vec<_>>()),
    };
    match compiled {
        Ok((compiled, survey, sheets)) => {
            let out_dir =
                Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
            // The packs' texts are compiled into the native library (`content::PACK_TEXTS`), from
            // which `cargo xtask dist` writes dist/content/ and the offline file's data blocks.
            let packs_dir = out_dir.join("packs");
            let _ = std::fs::remove_dir_all(&packs_dir);
            std::fs::create_dir_all(&packs_dir).expect("OUT_DIR is writable");
            let packs = content::emit_packs(&compiled);
            for pack in &packs {
                std::fs::write(packs_dir.join(&pack.file_name), &pack.json)
                    .expect("OUT_DIR is writable");
            }
            let code = content::emit_rust(&compiled, &packs) + &content::emit_survey(&survey);
            std::fs::write(out_dir.join("content.rs"), code).expect("OUT_DIR is writable");
            let texts = content::emit_pack_texts(&packs, &packs_dir.to_string_lossy());
            std::fs::write(out_dir.join("pack_texts.rs"), texts).expect("OUT_DIR is writable");
            std::fs::write(
                out_dir.join("worksheets.json"),
                worksheets::emit_worksheets(&sheets),
            )
            .expect("OUT_DIR is writable");
            let case_ids = write_cases(&root, &compiled, &sheets, &out_dir);
            write_model_2019(&root, &compiled, &sheets, &case_ids, &out_dir);
            write_assessment(&root, &compiled, &out_dir);
            write_reference_2019(&root, &survey, &sheets, &out_dir);
        }
        Err(errors) => {
            fail(&errors, "content/");
        }
    }
}

/// Compiles content/cases/ against the compiled lessons and worksheets into OUT_DIR/cases.json (an empty list when the
/// content has no cases/ folder); returns the case ids, which the 2019 programme may name.
fn write_cases(
    root: &Path,
    course: &content::CompiledCourse,
    sheets: &[worksheet_def::Worksheet],
    out_dir: &Path,
) -> std::collections::BTreeSet<String> {
    let lesson_ids = course.lessons.iter().map(|l| l.id.clone()).collect();
    let worksheet_ids = sheets.iter().map(|s| s.id.clone()).collect();
    let refs = cases::CaseRefs {
        lesson_ids: &lesson_ids,
        worksheet_ids: &worksheet_ids,
    };
    let compiled = match cases::read_cases(root) {
        Ok(Some(files)) => cases::compile_case_files(&files, &refs),
        Ok(None) => Ok(Vec::new()),
        Err(e) => {
            eprintln!("error: content/cases/ could not be read: {e}");
            std::process::exit(1);
        }
    };
    match compiled {
        Ok(compiled) => {
            std::fs::write(
                out_dir.join("cases.json"),
                cases::engine::cases_json(&compiled),
            )
            .expect("OUT_DIR is writable");
            compiled.iter().map(|c| c.id.clone()).collect()
        }
        Err(errors) => {
            fail(&errors, "content/cases/");
        }
    }
}

/// Compiles content/model_2019.toml, the programme the facilitator starts from, against the lessons,
/// worksheets and cases into OUT_DIR/model_2019.json.
fn write_model_2019(
    root: &Path,
    course: &content::CompiledCourse,
    sheets: &[worksheet_def::Worksheet],
    case_ids: &std::collections::BTreeSet<String>,
    out_dir: &Path,
) {
    let path = root.join("model_2019.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("error: content/model_2019.toml could not be read: {e}");
        std::process::exit(1);
    });
    let file = content::SourceFile {
        path: "content/model_2019.toml".into(),
        text,
    };
    let lesson_ids = course.lessons.iter().map(|l| l.id.clone()).collect();
    let worksheet_ids = sheets.iter().map(|s| s.id.clone()).collect();
    let refs = model_2019::ProgrammeRefs {
        lesson_ids: &lesson_ids,
        worksheet_ids: &worksheet_ids,
        case_ids,
    };
    match model_2019::compile_programme(&file, &refs) {
        Ok(seed) => std::fs::write(
            out_dir.join("model_2019.json"),
            model_2019::emit_programme(&seed),
        )
        .expect("OUT_DIR is writable"),
        Err(errors) => {
            fail(&errors, "content/model_2019.toml");
        }
    }
}

/// Compiles content/self_assessment.toml against the compiled lessons into OUT_DIR/self_assessment.json.
fn write_assessment(root: &Path, course: &content::CompiledCourse, out_dir: &Path) {
    let path = root.join("self_assessment.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("error: content/self_assessment.toml could not be read: {e}");
        std::process::exit(1);
    });
    let file = content::SourceFile {
        path: "content/self_assessment.toml".into(),
        text,
    };
    let lesson_ids = course.lessons.iter().map(|l| l.id.clone()).collect();
    match assessment::compile_assessment(&file, &lesson_ids) {
        Ok(compiled) => std::fs::write(
            out_dir.join("self_assessment.json"),
            assessment::emit_assessment(&compiled),
        )
        .expect("OUT_DIR is writable"),
        Err(errors) => {
            fail(&errors, "content/self_assessment.toml");
        }
    }
}

/// Compiles the 2019 model training's reference material, each file checked against what it names:
/// content/baseline_2019.toml against the survey into OUT_DIR/baseline_2019.json, and
/// content/group_work_2019.toml against the worksheets into OUT_DIR/group_work_2019.json. A content folder
/// without one of them (an instructor's older copy) gets `null`, and the app shows no reference.
fn write_reference_2019(
    root: &Path,
    survey: &content::SurveyOut,
    sheets: &[worksheet_def::Worksheet],
    out_dir: &Path,
) {
    let read = |name: &str| -> Option<content::SourceFile> {
        let path = root.join(name);
        path.exists().then(|| content::SourceFile {
            path: format!("content/{name}"),
            text: std::fs::read_to_string(&path).unwrap_or_else(|e| {
                eprintln!("error: content/{name} could not be read: {e}");
                std::process::exit(1);
            }),
        })
    };
    let mut errors = Vec::new();
    let baseline_json =
        match read("baseline_2019.toml").map(|f| baseline::compile_baseline(&f, survey)) {
            None => "null".to_owned(),
            Some(Ok(compiled)) => baseline::emit(&compiled),
            Some(Err(e)) => {
                errors.extend(e);
                String::new()
            }
        };
    let group_work_json =
        match read("group_work_2019.toml").map(|f| baseline::compile_group_work(&f, sheets)) {
            None => "null".to_owned(),
            Some(Ok(compiled)) => baseline::emit(&compiled),
            Some(Err(e)) => {
                errors.extend(e);
                String::new()
            }
        };
    if !errors.is_empty() {
        fail(&errors, "the 2019 reference material in content/");
    }
    std::fs::write(out_dir.join("baseline_2019.json"), baseline_json).expect("OUT_DIR is writable");
    std::fs::write(out_dir.join("group_work_2019.json"), group_work_json)
        .expect("OUT_DIR is writable");
}

/// Reports every content error at its file and line (as cargo errors, so the build fails with all of
/// them at once) and stops the build.
fn fail(errors: &[impl std::fmt::Display], what: &str) -> ! {
    for error in errors {
        println!("cargo::error={error}");
        eprintln!("error: {error}");
    }
    eprintln!(
        "{what} has {} error(s); see content/README.md for the format",
        errors.len()
    );
    std::process::exit(1);
}
