//! The content compiler: reads content/, validates it, renders Markdown to HTML with pulldown-cmark and
//! emits Rust data for src/content.rs. It runs in build.rs, so the wasm carries no Markdown parser, and
//! the native tests include this same file to prove that every content error is reported.
//!
//! Errors are collected rather than stopping at the first, and each names file:line, so an instructor
//! editing several lessons sees everything to fix in one build.

use nimo_model::text::hash::{Fnv64, fnv1a_64};
use nimo_model::text::html::escape;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::Path;

/// One file of content/ as text, with the path used in error messages.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

impl SourceFile {
    /// A content error at `line` of this file.
    pub fn error(&self, line: usize, message: String) -> ContentError {
        ContentError {
            path: self.path.clone(),
            line,
            message,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

#[derive(Debug)]
pub struct CompiledCourse {
    pub title: String,
    pub version: String,
    pub modules: Vec<ModuleOut>,
    pub lessons: Vec<LessonOut>,
    /// Sorted by reading (50音順).
    pub glossary: Vec<TermOut>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TermOut {
    pub id: String,
    pub term: String,
    pub reading: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub definition: String,
    #[serde(default)]
    pub source: String,
    /// Lessons whose text uses the term, filled in while lessons compile.
    #[serde(skip_deserializing)]
    pub lessons: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    terms: Vec<toml::Spanned<TermOut>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleOut {
    pub id: String,
    pub number: u16,
    pub title: String,
    pub summary: String,
}

#[derive(Debug)]
pub struct LessonOut {
    pub id: String,
    pub module: String,
    pub order: u16,
    pub title: String,
    pub minutes: u16,
    pub objectives: Vec<String>,
    pub key_points: Vec<String>,
    pub sources: Vec<SourceOut>,
    pub body: Vec<SegmentOut>,
    pub quiz: Vec<QuestionOut>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceOut {
    pub author: String,
    pub title: String,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, PartialEq)]
pub enum SegmentOut {
    Html(String),
    Reflection { id: String, prompt: String },
}

/// A self-check question as written in a ```quiz block.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionOut {
    pub kind: String,
    pub prompt: String,
    #[serde(default)]
    pub options: Vec<ChoiceOut>,
    #[serde(default)]
    pub answer: Option<bool>,
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub explanation: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOut {
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    #[serde(default)]
    pub explanation: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuizBlock {
    questions: Vec<QuestionOut>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FlowBlock {
    title: String,
    steps: Vec<FlowStep>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FlowStep {
    label: String,
    #[serde(default)]
    detail: String,
}

/// Every lesson ends with a self-check of at least this many questions.
pub const MIN_QUESTIONS: usize = 5;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseFile {
    title: String,
    #[serde(default)]
    modules: Vec<toml::Spanned<ModuleOut>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: toml::Spanned<String>,
    module: toml::Spanned<String>,
    order: u16,
    title: String,
    minutes: u16,
    #[serde(default)]
    objectives: Vec<String>,
    #[serde(default)]
    key_points: Vec<String>,
    #[serde(default)]
    sources: Vec<SourceOut>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReflectionBlock {
    id: String,
    prompt: String,
}

/// Fenced blocks with these info strings become interactive parts; any other info string is an error,
/// so that a typo such as ```refection does not silently turn into a code listing.
const INTERACTIVE_BLOCKS: &[&str] = &["reflection", "quiz", "flow"];

/// Hash routes a lesson may link to besides `#/lesson/<id>`.
const PLAIN_ROUTES: &[&str] = &[
    "",
    "lessons",
    "worksheets",
    "cases",
    "survey",
    "glossary",
    "search",
    "my",
    "instructor",
];

/// Everything in content/ that the compiler reads.
pub struct ContentFiles {
    pub course: SourceFile,
    pub glossary: Option<SourceFile>,
    pub survey: Option<SourceFile>,
    pub lessons: Vec<SourceFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyOut {
    pub id: String,
    pub title: String,
    pub intro: String,
    pub questions: Vec<SurveyQuestionOut>,
}

impl SurveyOut {
    /// Each question's option labels, by question id: what worksheets may offer as choices.
    pub fn option_labels(&self) -> std::collections::BTreeMap<String, Vec<String>> {
        self.questions
            .iter()
            .map(|q| {
                (
                    q.id.clone(),
                    q.options.iter().map(|o| o.label.clone()).collect(),
                )
            })
            .collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyQuestionOut {
    pub id: String,
    pub number: String,
    pub text: String,
    pub kind: String,
    #[serde(default)]
    pub options: Vec<SurveyOptionOut>,
    #[serde(default)]
    pub items: Vec<SurveyItemOut>,
    #[serde(default)]
    pub reason_options: Vec<String>,
    #[serde(default)]
    pub reason_label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyOptionOut {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub other: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyItemOut {
    pub id: String,
    pub label: String,
}

/// Reads and checks content/survey.toml: ids unique, every kind known, every reference resolvable.
pub fn compile_survey(file: &SourceFile) -> Result<SurveyOut, Vec<ContentError>> {
    let survey = toml::from_str::<SurveyOut>(&file.text)
        .map_err(|e| vec![toml_error(file, 1, &file.text, &e)])?;
    let mut errors = Vec::new();
    let line_of_question = |id: &str| {
        file.text
            .find(&format!("id = \"{id}\""))
            .map_or(1, |at| line_of(&file.text, at, 1))
    };
    let mut ids = BTreeSet::new();
    for q in &survey.questions {
        let line = line_of_question(&q.id);
        let mut problem =
            |message: String| errors.push(err(file, line, format!("{}: {message}", q.number)));
        if !valid_id(&q.id) || !ids.insert(q.id.clone()) {
            problem(format!("質問ID「{}」が不正か重複しています", q.id));
        }
        match q.kind.as_str() {
            "single" | "multiple" | "matrix" if q.options.len() < 2 => {
                problem("選択肢が2つ以上必要です".into())
            }
            "single" | "multiple" | "matrix" | "text" => {}
            other => problem(format!(
                "kind「{other}」は使えません（single・matrix・multiple・text）"
            )),
        }
        if (q.kind == "matrix") == q.items.is_empty() {
            problem("items は matrix の質問にだけ、必ず書きます".into());
        }
        let mut option_ids = BTreeSet::new();
        for option in &q.options {
            if !valid_id(&option.id) || !option_ids.insert(option.id.as_str()) {
                problem(format!("選択肢ID「{}」が不正か重複しています", option.id));
            }
            if option.other && q.kind != "multiple" {
                problem("other = true は multiple の質問にだけ使えます".into());
            }
        }
        for reason in &q.reason_options {
            if !option_ids.contains(reason.as_str()) {
                problem(format!("reason_options の「{reason}」は選択肢にありません"));
            }
        }
        if !q.reason_options.is_empty() && q.reason_label.trim().is_empty() {
            problem("reason_options があるときは reason_label も書きます".into());
        }
    }
    if errors.is_empty() {
        Ok(survey)
    } else {
        Err(errors)
    }
}

/// The survey as Rust source, appended to content.rs.
pub fn emit_survey(survey: &SurveyOut) -> String {
    let mut out = format!(
        "pub static SURVEY: Survey = Survey {{ id: {:?}, title: {:?}, intro: {:?}, questions: &[\n",
        survey.id, survey.title, survey.intro
    );
    for q in &survey.questions {
        let kind = match q.kind.as_str() {
            "single" => "Single",
            "matrix" => "Matrix",
            "multiple" => "Multiple",
            _ => "Text",
        };
        let options: Vec<String> = q
            .options
            .iter()
            .map(|o| {
                format!(
                    "SurveyOption {{ id: {:?}, label: {:?}, other: {} }}",
                    o.id, o.label, o.other
                )
            })
            .collect();
        let items: Vec<String> = q
            .items
            .iter()
            .map(|i| format!("SurveyItem {{ id: {:?}, label: {:?} }}", i.id, i.label))
            .collect();
        let reasons: Vec<String> = q.reason_options.iter().map(|r| format!("{r:?}")).collect();
        out.push_str(&format!(
            "    SurveyQuestion {{ id: {:?}, number: {:?}, text: {:?}, kind: SurveyKind::{kind}, options: &[{}], items: &[{}], reason_options: &[{}], reason_label: {:?} }},\n",
            q.id, q.number, q.text, options.join(", "), items.join(", "), reasons.join(", "), q.reason_label
        ));
    }
    out.push_str("] };\n");
    out
}

/// Reads content/course.toml, content/glossary.toml (if present) and content/lessons/*.md, sorted by
/// name so that builds are reproducible.
pub fn read_content(root: &Path) -> std::io::Result<ContentFiles> {
    let (course, lessons) = read_content_dir(root)?;
    let optional = |name: &str| -> std::io::Result<Option<SourceFile>> {
        let path = root.join(name);
        if path.exists() {
            Ok(Some(SourceFile {
                path: display_path(&path),
                text: fs::read_to_string(&path)?,
            }))
        } else {
            Ok(None)
        }
    };
    Ok(ContentFiles {
        course,
        glossary: optional("glossary.toml")?,
        survey: optional("survey.toml")?,
        lessons,
    })
}

pub fn compile_files(files: &ContentFiles) -> Result<CompiledCourse, Vec<ContentError>> {
    compile_with_glossary(&files.course, files.glossary.as_ref(), &files.lessons)
}

/// Reads content/course.toml and content/lessons/*.md, sorted by name so builds are reproducible.
pub fn read_content_dir(root: &Path) -> std::io::Result<(SourceFile, Vec<SourceFile>)> {
    let read = |path: &Path| -> std::io::Result<SourceFile> {
        Ok(SourceFile {
            path: display_path(path),
            text: fs::read_to_string(path)?,
        })
    };
    let course = read(&root.join("course.toml"))?;
    let mut paths: Vec<_> = fs::read_dir(root.join("lessons"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    let lessons = paths.iter().map(|p| read(p)).collect::<Result<_, _>>()?;
    Ok((course, lessons))
}

pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    match text.find("content/") {
        Some(i) => text[i..].to_owned(),
        None => text,
    }
}

/// One central set of Markdown options, as mdBook does, so every piece of content renders alike.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

pub fn compile(
    course: &SourceFile,
    lesson_files: &[SourceFile],
) -> Result<CompiledCourse, Vec<ContentError>> {
    compile_with_glossary(course, None, lesson_files)
}

pub fn compile_with_glossary(
    course: &SourceFile,
    glossary_file: Option<&SourceFile>,
    lesson_files: &[SourceFile],
) -> Result<CompiledCourse, Vec<ContentError>> {
    let mut errors = Vec::new();
    let mut glossary = glossary_file
        .map(|file| parse_glossary(file, &mut errors))
        .unwrap_or_default();
    let linker = TermLinker::new(&glossary);
    let (title, modules) = compile_modules(course, &mut errors);

    // First pass: front matter of every lesson, so that links can be checked against all ids.
    let mut parsed = Vec::new();
    let mut lesson_ids: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for file in lesson_files {
        if let Some(lesson) = read_front_matter(file, &modules, &mut lesson_ids, &mut errors) {
            parsed.push(lesson);
        }
    }

    let mut lessons = Vec::new();
    for lesson in parsed {
        let mut used_terms = BTreeSet::new();
        let out = compile_lesson(lesson, &lesson_ids, &linker, &mut used_terms, &mut errors);
        for term in used_terms {
            glossary[term].lessons.push(out.id.clone());
        }
        lessons.push(out);
    }
    sort_lessons(&mut lessons, &modules);

    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        return Err(errors);
    }
    let all_files: Vec<SourceFile> = glossary_file
        .cloned()
        .into_iter()
        .chain(lesson_files.iter().cloned())
        .collect();
    let version = format!(
        "{}+{:08x}",
        env!("CARGO_PKG_VERSION"),
        content_hash(course, &all_files) as u32
    );
    sort_glossary(&mut glossary, &lessons);
    Ok(CompiledCourse {
        title,
        version,
        modules,
        lessons,
        glossary,
    })
}

/// The course title and its modules (content/course.toml), in module-number order.
fn compile_modules(
    course: &SourceFile,
    errors: &mut Vec<ContentError>,
) -> (String, Vec<ModuleOut>) {
    let course_file = match toml::from_str::<CourseFile>(&course.text) {
        Ok(c) => c,
        Err(e) => {
            errors.push(toml_error(course, 1, &course.text, &e));
            return (String::new(), Vec::new());
        }
    };
    let mut modules = Vec::new();
    let mut seen = BTreeSet::new();
    for spanned in course_file.modules {
        let line = line_of(&course.text, spanned.span().start, 1);
        let module = spanned.into_inner();
        if !valid_id(&module.id) {
            errors.push(err(
                course,
                line,
                format!(
                    "モジュールID「{}」は半角英小文字・数字・ハイフンで書いてください",
                    module.id
                ),
            ));
        }
        if !seen.insert(module.id.clone()) {
            errors.push(err(
                course,
                line,
                format!("モジュールID「{}」が重複しています", module.id),
            ));
        }
        modules.push(module);
    }
    modules.sort_by_key(|m| m.number);
    (course_file.title, modules)
}

/// A lesson file after its front matter was read: the file, the front matter, the body and the body's
/// first line.
type ParsedLesson<'a> = (&'a SourceFile, FrontMatter, &'a str, usize);

/// Reads one lesson's front matter and checks its id (valid, not taken: recorded in `lesson_ids`) and
/// its module.
fn read_front_matter<'a>(
    file: &'a SourceFile,
    modules: &[ModuleOut],
    lesson_ids: &mut BTreeMap<String, (String, usize)>,
    errors: &mut Vec<ContentError>,
) -> Option<ParsedLesson<'a>> {
    let (front_text, body, body_line) = split_front_matter(file, errors)?;
    let front = match toml::from_str::<FrontMatter>(front_text) {
        Ok(front) => front,
        Err(e) => {
            errors.push(toml_error(file, 2, front_text, &e));
            return None;
        }
    };
    let id_line = line_of(front_text, front.id.span().start, 2);
    let id = front.id.get_ref().clone();
    if !valid_id(&id) {
        errors.push(err(
            file,
            id_line,
            format!("講義ID「{id}」は半角英小文字・数字・ハイフンで書いてください"),
        ));
    }
    if let Some((other_path, other_line)) = lesson_ids.get(&id) {
        errors.push(err(
            file,
            id_line,
            format!("講義ID「{id}」が重複しています（{other_path}:{other_line} と同じ）"),
        ));
    } else {
        lesson_ids.insert(id, (file.path.clone(), id_line));
    }
    let module_line = line_of(front_text, front.module.span().start, 2);
    if !modules.iter().any(|m| &m.id == front.module.get_ref()) {
        errors.push(err(
            file,
            module_line,
            format!(
                "モジュール「{}」は content/course.toml にありません",
                front.module.get_ref()
            ),
        ));
    }
    Some((file, front, body, body_line))
}

/// One lesson: the front matter's required lists, then the body; the glossary terms it links are
/// added to `used_terms`.
fn compile_lesson(
    (file, front, body, body_line): ParsedLesson<'_>,
    lesson_ids: &BTreeMap<String, (String, usize)>,
    linker: &TermLinker,
    used_terms: &mut BTreeSet<usize>,
    errors: &mut Vec<ContentError>,
) -> LessonOut {
    check_front_matter(file, &front, errors);
    let (body, quiz) = compile_body(
        file, body, body_line, lesson_ids, linker, used_terms, errors,
    );
    LessonOut {
        id: front.id.into_inner(),
        module: front.module.into_inner(),
        order: front.order,
        title: front.title,
        minutes: front.minutes,
        objectives: front.objectives,
        key_points: front.key_points,
        sources: front.sources,
        body,
        quiz,
    }
}

/// Objectives, key points and sources: every lesson has them (errors point at the front matter).
fn check_front_matter(file: &SourceFile, front: &FrontMatter, errors: &mut Vec<ContentError>) {
    let front_line = 1;
    if front.objectives.iter().all(|o| o.trim().is_empty()) {
        errors.push(err(
            file,
            front_line,
            "学習目標（objectives）がありません".into(),
        ));
    }
    if front.key_points.iter().all(|o| o.trim().is_empty()) {
        errors.push(err(
            file,
            front_line,
            "まとめ（key_points）がありません".into(),
        ));
    }
    if front.sources.is_empty() {
        errors.push(err(
            file,
            front_line,
            "出典（[[sources]]）がありません".into(),
        ));
    }
    for source in &front.sources {
        if source.author.trim().is_empty() || source.title.trim().is_empty() {
            errors.push(err(
                file,
                front_line,
                "出典には author と title が必要です".into(),
            ));
        }
    }
}

/// Reading order: by module number, then by each lesson's `order`.
fn sort_lessons(lessons: &mut [LessonOut], modules: &[ModuleOut]) {
    let module_rank: BTreeMap<&str, u16> =
        modules.iter().map(|m| (m.id.as_str(), m.number)).collect();
    lessons.sort_by_key(|l| {
        (
            module_rank
                .get(l.module.as_str())
                .copied()
                .unwrap_or(u16::MAX),
            l.order,
        )
    });
}

/// Terms by reading (50音順), each listing its lessons in reading order (lessons were sorted after
/// compiling).
fn sort_glossary(glossary: &mut [TermOut], lessons: &[LessonOut]) {
    let reading_order: BTreeMap<&str, usize> = lessons
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), i))
        .collect();
    for term in glossary.iter_mut() {
        term.lessons.sort_by_key(|id| {
            reading_order
                .get(id.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        });
    }
    glossary.sort_by(|a, b| (&a.reading, &a.term).cmp(&(&b.reading, &b.term)));
}

/// Returns (front matter text, body, the body's first line number).
fn split_front_matter<'a>(
    file: &'a SourceFile,
    errors: &mut Vec<ContentError>,
) -> Option<(&'a str, &'a str, usize)> {
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        errors.push(err(
            file,
            1,
            "ファイルの先頭に +++ で囲んだ前付け（front matter）が必要です".into(),
        ));
        return None;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + front.matches('\n').count() + 1;
            return Some((front, body, body_line));
        }
        offset += line.len();
    }
    errors.push(err(
        file,
        1,
        "前付け（front matter）を閉じる +++ がありません".into(),
    ));
    None
}

fn compile_body(
    file: &SourceFile,
    body: &str,
    first_line: usize,
    lesson_ids: &BTreeMap<String, (String, usize)>,
    linker: &TermLinker,
    used_terms: &mut BTreeSet<usize>,
    errors: &mut Vec<ContentError>,
) -> (Vec<SegmentOut>, Vec<QuestionOut>) {
    let mut compiler = BodyCompiler {
        file,
        lesson_ids,
        linker,
        used_terms,
        errors,
        no_links_depth: 0,
        section: 0,
        segments: Vec::new(),
        quiz: None,
        pending: Vec::new(),
        reflection_ids: BTreeSet::new(),
        fence: None,
        last_heading: 1,
        tables: 0,
        in_table_head: false,
        header_cell_text: String::new(),
    };
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        compiler.event(event, line_of(body, range.start, first_line));
    }
    compiler.finish(first_line)
}

/// An interactive block (```quiz, ```flow, ```reflection) being read: its kind, first line and text.
struct Fence {
    kind: String,
    line: usize,
    text: String,
}

/// One lesson body on its way from pulldown-cmark's events to segments: HTML runs with glossary links,
/// and the interactive blocks between them. Each kind of event has its method; errors are collected.
struct BodyCompiler<'a, 'e> {
    file: &'a SourceFile,
    lesson_ids: &'a BTreeMap<String, (String, usize)>,
    linker: &'a TermLinker,
    used_terms: &'a mut BTreeSet<usize>,
    errors: &'a mut Vec<ContentError>,
    /// Glossary links go only into running text: not into headings, existing links or code.
    no_links_depth: usize,
    /// The `##` sections so far, numbered so that search results can point at the spot.
    section: usize,
    segments: Vec<SegmentOut>,
    quiz: Option<Vec<QuestionOut>>,
    /// Events of the HTML run not yet rendered into `segments`.
    pending: Vec<Event<'e>>,
    reflection_ids: BTreeSet<String>,
    fence: Option<Fence>,
    last_heading: u8,
    tables: usize,
    in_table_head: bool,
    header_cell_text: String,
}

impl<'e> BodyCompiler<'_, 'e> {
    fn event(&mut self, event: Event<'e>, line: usize) {
        if self.fence.is_some() {
            self.fenced(event);
            return;
        }
        if !self.check_markup(&event, line) {
            return;
        }
        self.check_table_header(&event, line);
        if !self.link_terms(&event) {
            self.push(event);
        }
    }

    fn error(&mut self, line: usize, message: String) {
        self.errors.push(err(self.file, line, message));
    }

    /// Renders the pending events as one HTML segment (unless they are only line breaks).
    fn flush(&mut self) {
        if self
            .pending
            .iter()
            .any(|e| !matches!(e, Event::SoftBreak | Event::HardBreak))
        {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, self.pending.drain(..));
            self.segments.push(SegmentOut::Html(html));
        }
        self.pending.clear();
    }

    /// Refuses what a lesson may not contain (HTML, images, bad links, skipped heading levels, unknown
    /// fences) and takes over `##` headings and interactive blocks. False when the event was refused
    /// or dealt with here.
    fn check_markup(&mut self, event: &Event<'e>, line: usize) -> bool {
        match event {
            Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock) => {
                self.error(
                    line,
                    "Markdown の中に HTML は書けません（表や箇条書きで表してください）".into(),
                );
                false
            }
            Event::End(TagEnd::HtmlBlock) => false,
            Event::Start(Tag::Image { .. }) => {
                self.error(
                    line,
                    "画像は使えません。図は文字・表・箇条書きで書いてください".into(),
                );
                false
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Err(message) = check_link(dest_url, self.lesson_ids) {
                    self.error(line, message);
                }
                true
            }
            Event::Start(Tag::Heading { level, .. }) => self.heading(*level, line),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                self.code_block(info, line)
            }
            _ => true,
        }
    }

    /// A `##` heading gets its section id; other levels are checked (no `#`, no skipped level).
    fn heading(&mut self, level: HeadingLevel, line: usize) -> bool {
        let depth = heading_depth(level);
        if depth == 2 {
            self.section += 1;
            self.pending.push(Event::Start(Tag::Heading {
                level,
                id: Some(format!("s-{}", self.section).into()),
                classes: Vec::new(),
                attrs: Vec::new(),
            }));
            self.no_links_depth += 1;
            self.last_heading = depth;
            return false;
        }
        if depth == 1 {
            self.error(
                line,
                "本文の見出しは ## から始めてください（# は講義名に使われます）".into(),
            );
        } else if depth > self.last_heading + 1 {
            self.error(
                line,
                format!(
                    "見出しの階層が飛んでいます（{} の次に {}）",
                    "#".repeat(self.last_heading as usize),
                    "#".repeat(depth as usize)
                ),
            );
        }
        self.last_heading = depth;
        true
    }

    /// The start of a fenced block: an interactive one is read into `fence`; a plain one stays code.
    fn code_block(&mut self, info: &str, line: usize) -> bool {
        let kind = info.split_whitespace().next().unwrap_or("").to_owned();
        if INTERACTIVE_BLOCKS.contains(&kind.as_str()) {
            self.fence = Some(Fence {
                kind,
                line,
                text: String::new(),
            });
            return false;
        }
        if !kind.is_empty() {
            self.error(
                line,
                format!(
                    "「```{kind}」は知らないブロックです（使えるもの: {}）",
                    INTERACTIVE_BLOCKS.join(", ")
                ),
            );
        }
        true
    }

    /// Screen readers announce header cells; an empty one leaves a column unnamed.
    fn check_table_header(&mut self, event: &Event<'e>, line: usize) {
        match event {
            Event::Start(Tag::TableHead) => self.in_table_head = true,
            Event::End(TagEnd::TableHead) => self.in_table_head = false,
            Event::Start(Tag::TableCell) if self.in_table_head => self.header_cell_text.clear(),
            Event::Text(t) | Event::Code(t) if self.in_table_head => {
                self.header_cell_text.push_str(t)
            }
            Event::End(TagEnd::TableCell)
                if self.in_table_head && self.header_cell_text.trim().is_empty() =>
            {
                self.error(
                    line,
                    "表の見出し（1行目）に空のセルがあります。「項目」などを書いてください".into(),
                );
            }
            _ => {}
        }
    }

    /// Links glossary terms in running text; true when the event was a text and has been pushed.
    fn link_terms(&mut self, event: &Event<'e>) -> bool {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::Link { .. } | Tag::CodeBlock(_)) => {
                self.no_links_depth += 1
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::CodeBlock) => {
                self.no_links_depth = self.no_links_depth.saturating_sub(1)
            }
            Event::Text(text) if self.no_links_depth == 0 => {
                self.linker.link(text, self.used_terms, &mut self.pending);
                return true;
            }
            _ => {}
        }
        false
    }

    /// Adds an event to the HTML run. Wide tables scroll inside their own focusable box instead of
    /// widening a phone's page; each box is a landmark, so each gets its own name.
    fn push(&mut self, event: Event<'e>) {
        match &event {
            Event::Start(Tag::Table(_)) => {
                self.tables += 1;
                self.pending.push(Event::Html(
                    format!(
                        r#"<div class="table-wrap" tabindex="0" role="region" aria-label="表{}">"#,
                        self.tables
                    )
                    .into(),
                ));
                self.pending.push(event);
            }
            Event::End(TagEnd::Table) => {
                self.pending.push(event);
                self.pending.push(Event::Html("</div>".into()));
            }
            _ => self.pending.push(event),
        }
    }

    /// An event inside an interactive block: its text is collected, and at its end the block is
    /// compiled.
    fn fenced(&mut self, event: Event<'e>) {
        match event {
            Event::Text(t) => {
                if let Some(fence) = self.fence.as_mut() {
                    fence.text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(fence) = self.fence.take() {
                    self.flush();
                    match fence.kind.as_str() {
                        "quiz" => self.quiz_block(&fence),
                        "flow" => self.flow_block(&fence),
                        "reflection" => self.reflection_block(&fence),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    fn quiz_block(&mut self, fence: &Fence) {
        match toml::from_str::<QuizBlock>(&fence.text) {
            Ok(_) if self.quiz.is_some() => {
                self.error(fence.line, "```quiz は1つの講義に1つだけです".into());
            }
            Ok(block) => {
                check_quiz(
                    self.file,
                    fence.line,
                    &fence.text,
                    &block.questions,
                    self.errors,
                );
                self.quiz = Some(block.questions);
            }
            Err(e) => self
                .errors
                .push(toml_error(self.file, fence.line + 1, &fence.text, &e)),
        }
    }

    fn flow_block(&mut self, fence: &Fence) {
        match toml::from_str::<FlowBlock>(&fence.text) {
            Ok(flow) if flow.steps.len() < 2 => {
                self.error(fence.line, "```flow には2つ以上の steps が必要です".into());
            }
            Ok(flow) => self.segments.push(SegmentOut::Html(flow_html(&flow))),
            Err(e) => self
                .errors
                .push(toml_error(self.file, fence.line + 1, &fence.text, &e)),
        }
    }

    fn reflection_block(&mut self, fence: &Fence) {
        match toml::from_str::<ReflectionBlock>(&fence.text) {
            Ok(block) => {
                if !valid_id(&block.id) {
                    self.error(
                        fence.line,
                        format!(
                            "振り返りID「{}」は半角英小文字・数字・ハイフンで書いてください",
                            block.id
                        ),
                    );
                }
                if !self.reflection_ids.insert(block.id.clone()) {
                    self.error(
                        fence.line,
                        format!("振り返りID「{}」が重複しています", block.id),
                    );
                }
                self.segments.push(SegmentOut::Reflection {
                    id: block.id,
                    prompt: block.prompt,
                });
            }
            Err(e) => self
                .errors
                .push(toml_error(self.file, fence.line + 1, &fence.text, &e)),
        }
    }

    /// The last HTML run, and the quiz every lesson must have.
    fn finish(mut self, first_line: usize) -> (Vec<SegmentOut>, Vec<QuestionOut>) {
        self.flush();
        let quiz = match self.quiz.take() {
            Some(quiz) => quiz,
            None => {
                self.error(
                    first_line,
                    format!("確認問題（```quiz、{MIN_QUESTIONS}問以上）がありません"),
                );
                Vec::new()
            }
        };
        (self.segments, quiz)
    }
}

fn check_quiz(
    file: &SourceFile,
    start_line: usize,
    text: &str,
    questions: &[QuestionOut],
    errors: &mut Vec<ContentError>,
) {
    if questions.len() < MIN_QUESTIONS {
        errors.push(err(
            file,
            start_line,
            format!(
                "確認問題は{MIN_QUESTIONS}問以上必要です（いまは{}問）",
                questions.len()
            ),
        ));
    }
    // Questions are found in the block text in order, to point at the line of the one at fault.
    let mut search_from = 0;
    for (index, question) in questions.iter().enumerate() {
        let found = text[search_from..]
            .find("[[questions]]")
            .map(|i| i + search_from);
        let line = found.map_or(start_line, |at| line_of(text, at, start_line + 1));
        if let Some(at) = found {
            search_from = at + 1;
        }
        let number = index + 1;
        let mut problem =
            |message: String| errors.push(err(file, line, format!("問{number}: {message}")));
        if question.prompt.trim().is_empty() {
            problem("prompt（問題文）が空です".into());
        }
        match question.kind.as_str() {
            "single" | "multiple" => {
                if question.options.len() < 2 {
                    problem("選択肢（[[questions.options]]）は2つ以上必要です".into());
                }
                let right = question.options.iter().filter(|o| o.correct).count();
                if question.kind == "single" && right != 1 {
                    problem(format!(
                        "single の正解（correct = true）はちょうど1つです（いまは{right}つ）"
                    ));
                }
                if question.kind == "multiple" && right == 0 {
                    problem("multiple には正解（correct = true）が1つ以上必要です".into());
                }
                if question
                    .options
                    .iter()
                    .any(|o| o.explanation.trim().is_empty())
                {
                    problem("すべての選択肢に explanation（解説）が必要です".into());
                }
                if !question.items.is_empty()
                    || question.answer.is_some()
                    || !question.explanation.is_empty()
                {
                    problem(format!(
                        "{} では items・answer・explanation は使いません（解説は選択肢ごとに書きます）",
                        question.kind
                    ));
                }
            }
            "truefalse" => {
                if question.answer.is_none() {
                    problem("truefalse には answer = true または false が必要です".into());
                }
                if question.explanation.trim().is_empty() {
                    problem("explanation（解説）が必要です".into());
                }
                if !question.options.is_empty() || !question.items.is_empty() {
                    problem("truefalse では options・items は使いません".into());
                }
            }
            "order" => {
                if question.items.len() < 3 {
                    problem("order の items は3つ以上必要です（正しい順に書きます）".into());
                }
                if question.explanation.trim().is_empty() {
                    problem("explanation（解説）が必要です".into());
                }
                if !question.options.is_empty() || question.answer.is_some() {
                    problem("order では options・answer は使いません".into());
                }
            }
            other => problem(format!(
                "kind「{other}」は使えません（single・multiple・truefalse・order）"
            )),
        }
    }
}

fn parse_glossary(file: &SourceFile, errors: &mut Vec<ContentError>) -> Vec<TermOut> {
    let parsed = match toml::from_str::<GlossaryFile>(&file.text) {
        Ok(parsed) => parsed,
        Err(e) => {
            errors.push(toml_error(file, 1, &file.text, &e));
            return Vec::new();
        }
    };
    let mut ids = BTreeSet::new();
    let mut spellings: BTreeMap<String, String> = BTreeMap::new();
    let mut terms = Vec::new();
    for spanned in parsed.terms {
        let line = line_of(&file.text, spanned.span().start, 1);
        let term = spanned.into_inner();
        if !valid_id(&term.id) {
            errors.push(err(
                file,
                line,
                format!(
                    "用語ID「{}」は半角英小文字・数字・ハイフンで書いてください",
                    term.id
                ),
            ));
        }
        if !ids.insert(term.id.clone()) {
            errors.push(err(
                file,
                line,
                format!("用語ID「{}」が重複しています", term.id),
            ));
        }
        if term.reading.is_empty()
            || !term
                .reading
                .chars()
                .all(|c| matches!(c, 'ぁ'..='ゖ' | 'ー' | ' '))
        {
            errors.push(err(
                file,
                line,
                format!(
                    "「{}」の reading（よみ）はひらがなで書いてください",
                    term.term
                ),
            ));
        }
        if term.term.trim().is_empty() || term.definition.trim().is_empty() {
            errors.push(err(
                file,
                line,
                format!("用語「{}」に term と definition が必要です", term.id),
            ));
        }
        for spelling in std::iter::once(&term.term).chain(&term.aliases) {
            if let Some(other) = spellings.insert(spelling.clone(), term.id.clone()) {
                errors.push(err(
                    file,
                    line,
                    format!(
                        "表記「{spelling}」が用語「{other}」と「{}」の両方にあります",
                        term.id
                    ),
                ));
            }
        }
        terms.push(term);
    }
    terms
}

/// Links the first use of each glossary term in a lesson to its entry.
struct TermLinker {
    /// (spelling, term index), longest spelling first so that 日常生活圏域 wins over 圏域.
    spellings: Vec<(String, usize)>,
    ids: Vec<String>,
}

impl TermLinker {
    fn new(glossary: &[TermOut]) -> TermLinker {
        let mut spellings: Vec<(String, usize)> = glossary
            .iter()
            .enumerate()
            .flat_map(|(i, t)| {
                std::iter::once(&t.term)
                    .chain(&t.aliases)
                    .map(move |s| (s.clone(), i))
            })
            .filter(|(s, _)| !s.is_empty())
            .collect();
        spellings.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
        TermLinker {
            spellings,
            ids: glossary.iter().map(|t| t.id.clone()).collect(),
        }
    }

    fn link<'a>(&self, text: &str, used: &mut BTreeSet<usize>, out: &mut Vec<Event<'a>>) {
        let mut rest = text;
        loop {
            let next = self
                .spellings
                .iter()
                .filter(|(_, term)| !used.contains(term))
                .filter_map(|(spelling, term)| {
                    rest.find(spelling.as_str()).map(|at| (at, spelling, *term))
                })
                // Earliest position first; at the same position the longest spelling (sorted first) wins.
                .min_by_key(|(at, _, _)| *at);
            let Some((at, spelling, term)) = next else {
                break;
            };
            if at > 0 {
                out.push(Event::Text(rest[..at].to_owned().into()));
            }
            out.push(Event::Html(
                format!(
                    "<a class=\"term\" href=\"#/glossary/{}\">{}</a>",
                    self.ids[term],
                    escape(spelling)
                )
                .into(),
            ));
            used.insert(term);
            rest = &rest[at + spelling.len()..];
        }
        if !rest.is_empty() {
            out.push(Event::Text(rest.to_owned().into()));
        }
    }
}

/// A process drawn as an ordered list, so that it reads in order aloud and prints as text.
fn flow_html(flow: &FlowBlock) -> String {
    let mut html = format!(
        "<figure class=\"flow\"><figcaption>{}</figcaption><ol class=\"flow__steps\">",
        escape(&flow.title)
    );
    for step in &flow.steps {
        html.push_str(&format!(
            "<li><span class=\"flow__label\">{}</span>",
            escape(&step.label)
        ));
        if !step.detail.is_empty() {
            html.push_str(&format!(
                "<span class=\"flow__detail\">{}</span>",
                escape(&step.detail)
            ));
        }
        html.push_str("</li>");
    }
    html.push_str("</ol></figure>");
    html
}

fn check_link(url: &str, lesson_ids: &BTreeMap<String, (String, usize)>) -> Result<(), String> {
    if url.is_empty() {
        return Err("リンク先が空です".into());
    }
    if url.starts_with("https://") || url.starts_with("http://") || url.starts_with("mailto:") {
        return Ok(());
    }
    if let Some(route) = url.strip_prefix("#/") {
        let path = route.split('?').next().unwrap_or("");
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        return match parts.as_slice() {
            ["lesson", id] if lesson_ids.contains_key(*id) => Ok(()),
            ["lesson", id] => Err(format!("リンク先の講義「{id}」がありません")),
            [] => Ok(()),
            [name] if PLAIN_ROUTES.contains(name) => Ok(()),
            _ => Err(format!("リンク先「{url}」はこのサイトにありません")),
        };
    }
    if url.starts_with('#') {
        return Err(format!(
            "「{url}」のようなページ内リンクは使えません（#/lesson/… の形で書いてください）"
        ));
    }
    let scheme_end = url.find([':', '/', '?', '#']);
    if let Some(i) = scheme_end {
        if url[i..].starts_with(':') {
            return Err(format!(
                "「{url}」は使えないリンク形式です（http(s)・mailto・相対リンクのみ）"
            ));
        }
    }
    Ok(())
}

fn heading_depth(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub fn line_of(text: &str, offset: usize, first_line: usize) -> usize {
    first_line + text[..offset.min(text.len())].matches('\n').count()
}

pub fn err(file: &SourceFile, line: usize, message: String) -> ContentError {
    ContentError {
        path: file.path.clone(),
        line,
        message,
    }
}

pub fn toml_error(
    file: &SourceFile,
    first_line: usize,
    text: &str,
    error: &toml::de::Error,
) -> ContentError {
    let line = error
        .span()
        .map_or(first_line, |span| line_of(text, span.start, first_line));
    err(
        file,
        line,
        format!("TOML の書き方に誤りがあります: {}", error.message()),
    )
}

fn content_hash(course: &SourceFile, lessons: &[SourceFile]) -> u64 {
    let mut hash = Fnv64::default();
    for file in std::iter::once(course).chain(lessons) {
        hash.write(file.path.as_bytes());
        hash.write(file.text.as_bytes());
    }
    hash.finish()
}

/// The lesson bodies and self-checks of one module, as JSON. They stay out of the wasm so that the
/// first visit downloads only the course index; the app loads a module's pack when a lesson of it opens.
pub struct Pack {
    pub module: String,
    pub file_name: String,
    pub json: String,
}

#[derive(Serialize)]
struct PackJson<'a> {
    format: &'static str,
    course_version: &'a str,
    module: &'a str,
    lessons: Vec<PackLessonJson<'a>>,
}

#[derive(Serialize)]
struct PackLessonJson<'a> {
    id: &'a str,
    objectives: &'a [String],
    key_points: &'a [String],
    sources: &'a [SourceOut],
    body: Vec<PackSegmentJson<'a>>,
    quiz: Vec<PackQuestionJson<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum PackSegmentJson<'a> {
    Html(&'a str),
    Reflection { id: &'a str, prompt: &'a str },
}

#[derive(Serialize)]
struct PackQuestionJson<'a> {
    prompt: &'a str,
    #[serde(flatten)]
    kind: PackKindJson<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum PackKindJson<'a> {
    Single(Vec<PackChoiceJson<'a>>),
    Multiple(Vec<PackChoiceJson<'a>>),
    TrueFalse {
        answer: bool,
        explanation: &'a str,
    },
    Order {
        items: &'a [String],
        explanation: &'a str,
    },
}

#[derive(Serialize)]
struct PackChoiceJson<'a> {
    text: &'a str,
    correct: bool,
    explanation: &'a str,
}

pub const PACK_FORMAT: &str = "nimo-kenshu-pack";

pub fn emit_packs(course: &CompiledCourse) -> Vec<Pack> {
    course
        .modules
        .iter()
        .map(|module| {
            let lessons = course
                .lessons
                .iter()
                .filter(|l| l.module == module.id)
                .map(|l| PackLessonJson {
                    id: &l.id,
                    objectives: &l.objectives,
                    key_points: &l.key_points,
                    sources: &l.sources,
                    body: l
                        .body
                        .iter()
                        .map(|s| match s {
                            SegmentOut::Html(html) => PackSegmentJson::Html(html),
                            SegmentOut::Reflection { id, prompt } => {
                                PackSegmentJson::Reflection { id, prompt }
                            }
                        })
                        .collect(),
                    quiz: l.quiz.iter().map(pack_question).collect(),
                })
                .collect();
            let json = serde_json::to_string(&PackJson {
                format: PACK_FORMAT,
                course_version: &course.version,
                module: &module.id,
                lessons,
            })
            .expect("content always serialises");
            pack(&module.id, json)
        })
        .chain(std::iter::once(pack(
            GLOSSARY_PACK,
            serde_json::to_string(&GlossaryJson {
                format: GLOSSARY_FORMAT,
                course_version: &course.version,
                terms: &course.glossary,
            })
            .expect("the glossary always serialises"),
        )))
        .collect()
}

/// The glossary travels as a pack of its own, under this name.
pub const GLOSSARY_PACK: &str = "glossary";
pub const GLOSSARY_FORMAT: &str = "nimo-kenshu-glossary";

#[derive(Serialize)]
struct GlossaryJson<'a> {
    format: &'static str,
    course_version: &'a str,
    terms: &'a [TermOut],
}

pub fn pack(name: &str, json: String) -> Pack {
    // Packs are also inlined in <script> data blocks of the offline file: `<\/` is the same JSON
    // and cannot end the element early.
    let json = json.replace("</", "<\\/");
    let file_name = format!("{name}.{:08x}.json", fnv1a_64(json.as_bytes()) as u32);
    Pack {
        module: name.to_owned(),
        file_name,
        json,
    }
}

fn pack_question(q: &QuestionOut) -> PackQuestionJson<'_> {
    let choices = || {
        q.options
            .iter()
            .map(|o| PackChoiceJson {
                text: &o.text,
                correct: o.correct,
                explanation: &o.explanation,
            })
            .collect()
    };
    let kind = match q.kind.as_str() {
        "single" => PackKindJson::Single(choices()),
        "multiple" => PackKindJson::Multiple(choices()),
        "truefalse" => PackKindJson::TrueFalse {
            answer: q.answer.unwrap_or(true),
            explanation: &q.explanation,
        },
        _ => PackKindJson::Order {
            items: &q.items,
            explanation: &q.explanation,
        },
    };
    PackQuestionJson {
        prompt: &q.prompt,
        kind,
    }
}

/// Renders the course index as Rust source for `include!` in src/content.rs; `packs` names each
/// module's pack file.
pub fn emit_rust(course: &CompiledCourse, packs: &[Pack]) -> String {
    let mut out = String::new();
    out.push_str("pub static COURSE: Course = Course {\n");
    out.push_str(&format!(
        "    title: {:?},\n    version: {:?},\n    modules: &[\n",
        course.title, course.version
    ));
    for m in &course.modules {
        out.push_str(&format!(
            "        Module {{ id: {:?}, number: {}, title: {:?}, summary: {:?} }},\n",
            m.id, m.number, m.title, m.summary
        ));
    }
    out.push_str("    ],\n    lessons: &[\n");
    for l in &course.lessons {
        out.push_str(&format!(
            "        Lesson {{ id: {:?}, module: {:?}, title: {:?}, minutes: {}, questions: {} }},\n",
            l.id, l.module, l.title, l.minutes, l.quiz.len()
        ));
    }
    out.push_str(&format!(
        "    ],\n    glossary_size: {},\n    packs: &[\n",
        course.glossary.len()
    ));
    for p in packs {
        out.push_str(&format!(
            "        PackRef {{ module: {:?}, file: {:?} }},\n",
            p.module, p.file_name
        ));
    }
    out.push_str("    ],\n};\n");
    out
}

/// Every pack's text as a Rust static, for native code and browser tests that have no server to
/// fetch packs from (`include!` it where needed).
pub fn emit_pack_texts(packs: &[Pack], packs_dir: &str) -> String {
    let mut out = String::from("pub static PACK_TEXTS: &[&str] = &[\n");
    for p in packs {
        out.push_str(&format!(
            "    include_str!({:?}),\n",
            format!("{packs_dir}/{}", p.file_name)
        ));
    }
    out.push_str("];\n");
    out
}
