//! The content compiler: reads content/ (course, lessons, glossary, survey, worksheets, cases, the
//! self-assessment and the 2019 reference material), checks every file against the others and writes
//! what the app compiles in. A content error names its file and line; every error is collected, so one
//! build reports them all.
//!
//! The app's build.rs calls [`compile_into`]; the tests call the compilers of each part directly.

pub mod assessment;
pub mod baseline;
pub mod cases;
pub mod course;
pub mod model_2019;
pub mod worksheets;

use course::{CompiledCourse, ContentError, SourceFile, SurveyOut};
use nimo_model::worksheet::def::Worksheet;
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why content/ did not compile.
#[derive(Debug)]
pub enum Failure {
    /// A file or folder that exists could not be read.
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The content has errors, each naming its file and line.
    Invalid {
        what: &'static str,
        errors: Vec<ContentError>,
    },
}

impl Failure {
    /// Each error on its own line, for the build to report one by one.
    pub fn errors(&self) -> Vec<String> {
        match self {
            Failure::Unreadable { path, error } => {
                vec![format!("{} could not be read: {error}", path.display())]
            }
            Failure::Invalid { errors, .. } => errors.iter().map(ToString::to_string).collect(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Unreadable { path, error } => {
                write!(f, "{} could not be read: {error}", path.display())
            }
            Failure::Invalid { what, errors } => write!(
                f,
                "{what} has {} error(s); see content/README.md for the format",
                errors.len()
            ),
        }
    }
}

impl std::error::Error for Failure {}

fn invalid(what: &'static str) -> impl FnOnce(Vec<ContentError>) -> Failure {
    move |errors| Failure::Invalid { what, errors }
}

fn read(root: &Path, name: &str) -> Result<SourceFile, Failure> {
    let path = root.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(SourceFile {
            path: format!("content/{name}"),
            text,
        }),
        Err(error) => Err(Failure::Unreadable { path, error }),
    }
}

fn write(out_dir: &Path, name: &str, text: &str) -> Result<(), Failure> {
    let path = out_dir.join(name);
    std::fs::write(&path, text).map_err(|error| Failure::Unreadable { path, error })
}

/// Compiles the content folder `root` into `out_dir`:
/// - `content.rs`: the course index and the survey, as Rust data;
/// - `packs/` and `pack_texts.rs`: each module's lesson bodies and self-checks, and the glossary, as
///   JSON packs the app loads on demand (native builds compile them in);
/// - `cases_index.rs` and `case_texts.rs`: the list of cases as Rust data, and each case as a pack of
///   its own in `packs/` (`case-<id>.<hash>.json`), fetched when opened;
/// - `personal_fields.rs`: which worksheet answers are the trainee's name, as Rust data, so that a page
///   can export answers without the worksheets;
/// - `worksheets.json`, `cases.json` (for the tests), `model_2019.json`, `self_assessment.json`,
///   `baseline_2019.json` and `group_work_2019.json`, each checked against what it names.
pub fn compile_into(root: &Path, out_dir: &Path) -> Result<(), Failure> {
    let unreadable = |path: PathBuf| move |error| Failure::Unreadable { path, error };
    let files = course::read_content(root).map_err(unreadable(root.to_path_buf()))?;
    let survey = match &files.survey {
        Some(file) => course::compile_survey(file),
        None => Err(vec![ContentError {
            path: "content/survey.toml".into(),
            line: 1,
            message: "アンケートの定義がありません".into(),
        }]),
    };
    let worksheet_files =
        worksheets::read_worksheet_files(root).map_err(unreadable(root.join("worksheets")))?;
    let (compiled, survey, sheets) = match (course::compile_files(&files), survey) {
        (Ok(compiled), Ok(survey)) => {
            let lesson_ids = lesson_ids(&compiled);
            let survey_options = survey.option_labels();
            let refs = worksheets::References {
                lesson_ids: &lesson_ids,
                survey_options: &survey_options,
            };
            let sheets = worksheets::compile_worksheets(&worksheet_files, &refs)
                .map_err(invalid("content/"))?;
            (compiled, survey, sheets)
        }
        (course, survey) => {
            let errors = course
                .err()
                .unwrap_or_default()
                .into_iter()
                .chain(survey.err().unwrap_or_default())
                .collect();
            return Err(invalid("content/")(errors));
        }
    };

    let packs_dir = out_dir.join("packs");
    // A pack of a module that no longer exists must not linger.
    let _ = std::fs::remove_dir_all(&packs_dir);
    std::fs::create_dir_all(&packs_dir).map_err(unreadable(packs_dir.clone()))?;
    let packs = course::emit_packs(&compiled);
    for pack in &packs {
        let path = packs_dir.join(&pack.file_name);
        std::fs::write(&path, &pack.json).map_err(unreadable(path))?;
    }
    let code = course::emit_rust(&compiled, &packs) + &course::emit_survey(&survey);
    write(out_dir, "content.rs", &code)?;
    let texts = course::emit_pack_texts(&packs, &packs_dir.to_string_lossy());
    write(out_dir, "pack_texts.rs", &texts)?;
    write(
        out_dir,
        "worksheets.json",
        &worksheets::emit_worksheets(&sheets),
    )?;
    write(
        out_dir,
        "personal_fields.rs",
        &nimo_model::worksheet::emit_personal_fields(&nimo_model::worksheet::personal_fields(
            &sheets,
        )),
    )?;
    let case_ids = write_cases(root, &compiled, &sheets, out_dir)?;
    write_model_2019(root, &compiled, &sheets, &case_ids, out_dir)?;
    write_assessment(root, &compiled, out_dir)?;
    write_reference_2019(root, &survey, &sheets, out_dir)
}

fn lesson_ids(course: &CompiledCourse) -> BTreeSet<String> {
    course.lessons.iter().map(|l| l.id.clone()).collect()
}

fn worksheet_ids(sheets: &[Worksheet]) -> BTreeSet<String> {
    sheets.iter().map(|s| s.id.clone()).collect()
}

/// Compiles content/cases/ against the compiled lessons and worksheets into cases.json (an empty list
/// when the content has no cases/ folder); returns the case ids, which the 2019 programme may name.
fn write_cases(
    root: &Path,
    course: &CompiledCourse,
    sheets: &[Worksheet],
    out_dir: &Path,
) -> Result<BTreeSet<String>, Failure> {
    let lesson_ids = lesson_ids(course);
    let worksheet_ids = worksheet_ids(sheets);
    let refs = cases::CaseRefs {
        lesson_ids: &lesson_ids,
        worksheet_ids: &worksheet_ids,
    };
    let compiled = match cases::read_cases(root) {
        Ok(Some(files)) => {
            cases::compile_case_files(&files, &refs).map_err(invalid("content/cases/"))?
        }
        Ok(None) => Vec::new(),
        Err(error) => {
            return Err(Failure::Unreadable {
                path: root.join("cases"),
                error,
            });
        }
    };
    // cases.json (every case) is for the native tests; the app gets the index as Rust data and each
    // case as a pack of its own in packs/, fetched when it is opened (see `CaseRef`).
    write(
        out_dir,
        "cases.json",
        &nimo_model::case::cases_json(&compiled),
    )?;
    let packs_dir = out_dir.join("packs");
    let mut index = String::from("pub static CASES: &[crate::model::case::CaseRef] = &[\n");
    let mut texts = String::from("pub static CASE_TEXTS: &[&str] = &[\n");
    for case in &compiled {
        let pack = course::pack(
            &format!("case-{}", case.id),
            nimo_model::case::cases_json(std::slice::from_ref(case)),
        );
        let path = packs_dir.join(&pack.file_name);
        std::fs::write(&path, &pack.json).map_err(|error| Failure::Unreadable { path, error })?;
        index.push_str(&format!(
            "    crate::model::case::CaseRef {{ id: {:?}, title: {:?}, summary: {:?}, roles: &{:?}, endings: {}, file: {:?} }},\n",
            case.id,
            case.title,
            case.summary,
            case.roles,
            case.endings().count(),
            pack.file_name
        ));
        texts.push_str(&format!(
            "    include_str!({:?}),\n",
            format!("{}/{}", packs_dir.to_string_lossy(), pack.file_name)
        ));
    }
    index.push_str("];\n");
    texts.push_str("];\n");
    write(out_dir, "cases_index.rs", &index)?;
    write(out_dir, "case_texts.rs", &texts)?;
    Ok(compiled.iter().map(|c| c.id.clone()).collect())
}

/// Compiles content/model_2019.toml, the programme the facilitator starts from, against the lessons,
/// worksheets and cases into model_2019.json.
fn write_model_2019(
    root: &Path,
    course: &CompiledCourse,
    sheets: &[Worksheet],
    case_ids: &BTreeSet<String>,
    out_dir: &Path,
) -> Result<(), Failure> {
    let file = read(root, "model_2019.toml")?;
    let lesson_ids = lesson_ids(course);
    let worksheet_ids = worksheet_ids(sheets);
    let refs = model_2019::ProgrammeRefs {
        lesson_ids: &lesson_ids,
        worksheet_ids: &worksheet_ids,
        case_ids,
    };
    let seed =
        model_2019::compile_programme(&file, &refs).map_err(invalid("content/model_2019.toml"))?;
    write(
        out_dir,
        "model_2019.json",
        &model_2019::emit_programme(&seed),
    )
}

/// Compiles content/self_assessment.toml against the compiled lessons into self_assessment.json.
fn write_assessment(root: &Path, course: &CompiledCourse, out_dir: &Path) -> Result<(), Failure> {
    let file = read(root, "self_assessment.toml")?;
    let compiled = assessment::compile_assessment(&file, &lesson_ids(course))
        .map_err(invalid("content/self_assessment.toml"))?;
    write(
        out_dir,
        "self_assessment.json",
        &assessment::emit_assessment(&compiled),
    )
}

/// Compiles the 2019 model training's reference material, each file checked against what it names:
/// content/baseline_2019.toml against the survey into baseline_2019.json, and
/// content/group_work_2019.toml against the worksheets into group_work_2019.json. A content folder
/// without one of them (an instructor's older copy) gets `null`, and the app shows no reference.
fn write_reference_2019(
    root: &Path,
    survey: &SurveyOut,
    sheets: &[Worksheet],
    out_dir: &Path,
) -> Result<(), Failure> {
    let optional = |name: &str| -> Result<Option<SourceFile>, Failure> {
        if root.join(name).exists() {
            read(root, name).map(Some)
        } else {
            Ok(None)
        }
    };
    let mut errors = Vec::new();
    let mut json_of = |compiled: Option<Result<String, Vec<ContentError>>>| match compiled {
        None => "null".to_owned(),
        Some(Ok(json)) => json,
        Some(Err(e)) => {
            errors.extend(e);
            String::new()
        }
    };
    let baseline_json =
        json_of(optional("baseline_2019.toml")?.map(|f| {
            baseline::compile_baseline(&f, survey).map(|compiled| baseline::emit(&compiled))
        }));
    let group_work_json = json_of(optional("group_work_2019.toml")?.map(|f| {
        baseline::compile_group_work(&f, sheets).map(|compiled| baseline::emit(&compiled))
    }));
    if !errors.is_empty() {
        return Err(invalid("the 2019 reference material in content/")(errors));
    }
    write(out_dir, "baseline_2019.json", &baseline_json)?;
    write(out_dir, "group_work_2019.json", &group_work_json)
}
