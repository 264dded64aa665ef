//! Content quality (issue 14): the self-check quizzes over all lessons cannot be gamed by surface cues
//! (length, ○× balance, absolute words, "odd one out"), and no content text copies a source document
//! (../shared/seeds/*.txt beside the checkout) outside marked quotations.
//!
//! The quizzes are read through the real content compiler (crates/content, as in
//! tests/content_validation.rs). `cargo test --test content_quality -- --nocapture` prints the figures.
#![cfg(not(target_arch = "wasm32"))]

use nimo_content::course as content;

use content::{QuestionOut, compile_files, read_content};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

// ---------------------------------------------------------------------------------------------
// Quiz statistics
// ---------------------------------------------------------------------------------------------

/// Words that make a statement sound absolute or negligent. Test-wise learners treat them as a sign
/// that a statement is false or an option is wrong, so they must not predict the answer.
const CUE_WORDS: &[&str] = &[
    "だけ",
    "のみ",
    "すべて",
    "全て",
    "必ず",
    "常に",
    "一切",
    "絶対",
    "決して",
    "不要",
    "任せ",
    "省",
    "外す",
    "待つ",
    "限る",
    "限り",
    "限られ",
];

/// Ministry names contain 省 without meaning 「省く」; they are removed before cue words are looked for.
const MINISTRY_NAMES: &[&str] = &[
    "厚生労働省",
    "文部科学省",
    "国土交通省",
    "総務省",
    "法務省",
    "財務省",
];

/// Below this many questions the content is not the real course (a wrong path or an empty build),
/// and the statistics below would pass vacuously. The course has about 220.
const MIN_QUESTIONS_COUNTED: usize = 200;

/// With 3–4 options, the correct one would be the longest by chance in about 25–33% of questions.
/// Above 40% "pick the longest" becomes a winning strategy (the review found 54%).
const MAX_SHARE_CORRECT_LONGEST: f64 = 0.40;

/// A correct option at least 1.5× as long as every distractor gives itself away even to a learner
/// who knows nothing. A few are tolerated where a precise answer needs the words; the review found 19.
/// Rewriting away the length cue must not create its mirror image: "never pick the longest" turning into
/// "pick the shortest". With three or four options chance is about 30 %.
const MAX_SHARE_CORRECT_SHORTEST: f64 = 0.40;
const GIVEAWAY_RATIO: f64 = 1.5;
const MAX_GIVEAWAYS: usize = 3;

/// ○× answers near half and half: "always answer ×" must not pass a quiz (the review found 77% ×).
const MIN_SHARE_FALSE: f64 = 0.40;
const MAX_SHARE_FALSE: f64 = 0.60;

/// Among ○× prompts with a cue word, × may be at most this share, so that a cue word does not reveal
/// the answer (the review found 24 of 25 ×). Below MIN_CUE_PROMPTS prompts the share is not judged.
const MAX_SHARE_FALSE_WITH_CUE: f64 = 0.60;
const MIN_CUE_PROMPTS: usize = 4;

/// In multiple choice, "all but one option correct" may be at most half, so that finding the odd one
/// out is not a strategy (the review found 31 of 42 were "3 of 4 correct").
const MAX_SHARE_ALL_BUT_ONE: f64 = 0.50;

/// Cue words in wrong single-choice options may be at most this factor times their rate in correct
/// options, plus the margin: otherwise they mark distractors (the review found 48/218 against 1/91).
const CUE_DISTRACTOR_FACTOR: f64 = 2.0;
const CUE_DISTRACTOR_MARGIN: f64 = 0.05;

fn has_cue(text: &str) -> bool {
    let mut text = text.to_owned();
    for name in MINISTRY_NAMES {
        text = text.replace(name, "");
    }
    CUE_WORDS.iter().any(|w| text.contains(w))
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn content_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// Every question of every lesson, with its lesson id.
fn all_questions() -> Vec<(String, QuestionOut)> {
    let files = read_content(&content_root()).expect("content/ is readable");
    let course = compile_files(&files).unwrap_or_else(|errors| {
        panic!(
            "the content does not compile:\n{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    course
        .lessons
        .into_iter()
        .flat_map(|lesson| {
            let id = lesson.id;
            lesson.quiz.into_iter().map(move |q| (id.clone(), q))
        })
        .collect()
}

fn listing(questions: &[&(String, QuestionOut)]) -> String {
    questions
        .iter()
        .map(|(lesson, q)| format!("  {lesson}: {}", q.prompt))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn quizzes_cannot_be_answered_from_surface_cues() {
    let questions = all_questions();
    let of_kind = |kind: &str| -> Vec<&(String, QuestionOut)> {
        questions.iter().filter(|(_, q)| q.kind == kind).collect()
    };
    let single = of_kind("single");
    let truefalse = of_kind("truefalse");
    let multiple = of_kind("multiple");
    println!(
        "questions: {} (single {}, truefalse {}, multiple {}, order {})",
        questions.len(),
        single.len(),
        truefalse.len(),
        multiple.len(),
        of_kind("order").len()
    );
    assert!(
        questions.len() > MIN_QUESTIONS_COUNTED,
        "only {} questions were counted; is this the real content?",
        questions.len()
    );
    assert!(!single.is_empty() && !truefalse.is_empty() && !multiple.is_empty());
    let mut failures = Vec::new();

    // Single choice: length cues.
    let mut longest = Vec::new();
    let mut shortest = Vec::new();
    let mut giveaways = Vec::new();
    for item in &single {
        let q = &item.1;
        let correct: Vec<usize> = q
            .options
            .iter()
            .filter(|o| o.correct)
            .map(|o| chars(&o.text))
            .collect();
        let wrong: Vec<usize> = q
            .options
            .iter()
            .filter(|o| !o.correct)
            .map(|o| chars(&o.text))
            .collect();
        assert_eq!(
            correct.len(),
            1,
            "single choice with one answer: {}",
            q.prompt
        );
        let max_wrong = wrong.iter().copied().max().unwrap_or(0);
        if correct[0] > max_wrong {
            longest.push(*item);
        }
        if wrong.iter().all(|&w| correct[0] < w) {
            shortest.push(*item);
        }
        if wrong
            .iter()
            .all(|&w| correct[0] as f64 >= GIVEAWAY_RATIO * w as f64)
        {
            giveaways.push(*item);
        }
    }
    let longest_share = share(longest.len(), single.len());
    println!(
        "single: correct strictly longest {}/{} = {:.1}% (max {:.0}%); correct ≥{GIVEAWAY_RATIO}× every distractor: {} (max {MAX_GIVEAWAYS})",
        longest.len(),
        single.len(),
        longest_share * 100.0,
        MAX_SHARE_CORRECT_LONGEST * 100.0,
        giveaways.len()
    );
    let shortest_share = share(shortest.len(), single.len());
    println!(
        "single: correct strictly shortest {}/{} = {:.1}% (max {:.0}%)",
        shortest.len(),
        single.len(),
        shortest_share * 100.0,
        MAX_SHARE_CORRECT_SHORTEST * 100.0
    );
    if shortest_share > MAX_SHARE_CORRECT_SHORTEST {
        failures.push(format!(
            "the correct option is the strictly shortest in {:.1}% of single-choice questions (max {:.0}%):\n{}",
            shortest_share * 100.0,
            MAX_SHARE_CORRECT_SHORTEST * 100.0,
            listing(&shortest)
        ));
    }
    if longest_share > MAX_SHARE_CORRECT_LONGEST {
        failures.push(format!(
            "the correct option is the strictly longest in {:.1}% of single-choice questions (max {:.0}%):\n{}",
            longest_share * 100.0,
            MAX_SHARE_CORRECT_LONGEST * 100.0,
            listing(&longest)
        ));
    }
    if giveaways.len() > MAX_GIVEAWAYS {
        failures.push(format!(
            "{} single-choice questions have a correct option ≥{GIVEAWAY_RATIO}× every distractor (max {MAX_GIVEAWAYS}):\n{}",
            giveaways.len(),
            listing(&giveaways)
        ));
    }

    // ○×: balance, and cue words must not predict ×.
    let false_answers: Vec<_> = truefalse
        .iter()
        .copied()
        .filter(|(_, q)| q.answer == Some(false))
        .collect();
    let false_share = share(false_answers.len(), truefalse.len());
    let with_cue: Vec<_> = truefalse
        .iter()
        .copied()
        .filter(|(_, q)| has_cue(&q.prompt))
        .collect();
    let cue_false: Vec<_> = with_cue
        .iter()
        .copied()
        .filter(|(_, q)| q.answer == Some(false))
        .collect();
    let cue_false_share = share(cue_false.len(), with_cue.len());
    println!(
        "truefalse: × {}/{} = {:.1}% (allowed {:.0}–{:.0}%); prompts with a cue word {}, of them × {} = {:.1}% (max {:.0}%)",
        false_answers.len(),
        truefalse.len(),
        false_share * 100.0,
        MIN_SHARE_FALSE * 100.0,
        MAX_SHARE_FALSE * 100.0,
        with_cue.len(),
        cue_false.len(),
        cue_false_share * 100.0,
        MAX_SHARE_FALSE_WITH_CUE * 100.0
    );
    if !(MIN_SHARE_FALSE..=MAX_SHARE_FALSE).contains(&false_share) {
        let (name, offending) = if false_share > MAX_SHARE_FALSE {
            ("×", false_answers.clone())
        } else {
            (
                "○",
                truefalse
                    .iter()
                    .copied()
                    .filter(|(_, q)| q.answer == Some(true))
                    .collect(),
            )
        };
        failures.push(format!(
            "{:.1}% of ○× answers are × (allowed {:.0}–{:.0}%); the questions answered {name}:\n{}",
            false_share * 100.0,
            MIN_SHARE_FALSE * 100.0,
            MAX_SHARE_FALSE * 100.0,
            listing(&offending)
        ));
    }
    if with_cue.len() >= MIN_CUE_PROMPTS && cue_false_share > MAX_SHARE_FALSE_WITH_CUE {
        failures.push(format!(
            "{:.1}% of ○× prompts with a cue word are × (max {:.0}%); the × ones:\n{}",
            cue_false_share * 100.0,
            MAX_SHARE_FALSE_WITH_CUE * 100.0,
            listing(&cue_false)
        ));
    }

    // Multiple choice: the number of correct options varies.
    let (mut one, mut several, mut all, mut all_but_one) = (0, 0, 0, Vec::new());
    for item in &multiple {
        let q = &item.1;
        let n = q.options.len();
        let correct = q.options.iter().filter(|o| o.correct).count();
        if correct == 1 {
            one += 1;
        }
        if correct > 1 && correct < n {
            several += 1;
        }
        if correct == n {
            all += 1;
        }
        if n >= 2 && correct == n - 1 {
            all_but_one.push(*item);
        }
    }
    let all_but_one_share = share(all_but_one.len(), multiple.len());
    println!(
        "multiple: exactly 1 correct {one}, several but not all {several}, all correct {all}, all but one {}/{} = {:.1}% (max {:.0}%)",
        all_but_one.len(),
        multiple.len(),
        all_but_one_share * 100.0,
        MAX_SHARE_ALL_BUT_ONE * 100.0
    );
    for (count, what) in [
        (one, "exactly one correct option"),
        (several, "several but not all options correct"),
        (all, "all options correct"),
    ] {
        if count == 0 {
            failures.push(format!("no multiple-choice question has {what}"));
        }
    }
    if all_but_one_share > MAX_SHARE_ALL_BUT_ONE {
        failures.push(format!(
            "{:.1}% of multiple-choice questions have all options but one correct (max {:.0}%):\n{}",
            all_but_one_share * 100.0,
            MAX_SHARE_ALL_BUT_ONE * 100.0,
            listing(&all_but_one)
        ));
    }

    // Cue words in single-choice distractors versus correct options.
    let (mut correct_total, mut correct_cued, mut wrong_total) = (0, 0, 0);
    let mut wrong_cued = Vec::new();
    for (lesson, q) in &single {
        for option in &q.options {
            let cued = has_cue(&option.text);
            if option.correct {
                correct_total += 1;
                correct_cued += usize::from(cued);
            } else {
                wrong_total += 1;
                if cued {
                    wrong_cued.push(format!("  {lesson}: {} → {}", q.prompt, option.text));
                }
            }
        }
    }
    let correct_rate = share(correct_cued, correct_total);
    let wrong_rate = share(wrong_cued.len(), wrong_total);
    let allowed = CUE_DISTRACTOR_FACTOR * correct_rate + CUE_DISTRACTOR_MARGIN;
    println!(
        "single: cue words in correct options {correct_cued}/{correct_total} = {:.1}%, in wrong options {}/{wrong_total} = {:.1}% (max {:.1}%)",
        correct_rate * 100.0,
        wrong_cued.len(),
        wrong_rate * 100.0,
        allowed * 100.0
    );
    if wrong_rate > allowed {
        failures.push(format!(
            "cue words appear in {:.1}% of wrong single-choice options against {:.1}% of correct ones (max {:.1}%):\n{}",
            wrong_rate * 100.0,
            correct_rate * 100.0,
            allowed * 100.0,
            wrong_cued.join("\n")
        ));
    }

    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

// ---------------------------------------------------------------------------------------------
// Copy detection
// ---------------------------------------------------------------------------------------------

/// A run of this many identical characters (after NFKC normalisation and whitespace removal) counts as
/// copied: shorter runs are fixed phrases and names (「保健・医療・福祉関係者による協議の場」 is 18).
const WINDOW: usize = 40;

/// The issue's goal: at most this many unmarked copied passages in all content together.
const MAX_UNMARKED_PASSAGES: usize = 5;

/// A quotation's neighbours (「、」 before it, 「と」 after it) often match the source as well. A shared
/// passage with at most this many characters outside the quotation marks still counts as quoted.
const QUOTE_EDGE_SLACK: usize = 3;

/// The source documents, in the seeds folder beside the checkout.
const SEEDS_DIR: &str = "../shared/seeds";
const EXPECTED_SEED_FILES: usize = 5;

/// Keys that hold 出典 metadata (titles of the sources, which carry over by design).
const SOURCE_KEYS: &[&str] = &["sources", "source"];

/// Normalised text of one content file; `marked[i]` is true when `chars[i]` lies inside 「…」, 『…』
/// or a Markdown block quote.
#[derive(Default)]
struct Doc {
    path: String,
    chars: Vec<char>,
    marked: Vec<bool>,
}

impl Doc {
    fn new(path: &str) -> Self {
        Doc {
            path: path.to_owned(),
            ..Doc::default()
        }
    }

    /// Appends one piece of running text. Quotation depth starts at zero for every piece (a string
    /// value or a Markdown block), so an unclosed bracket cannot mark the rest of the file.
    fn push(&mut self, text: &str, in_block_quote: bool) {
        let mut depth = 0usize;
        for c in text.nfkc() {
            if c.is_whitespace() {
                continue;
            }
            let opening = matches!(c, '「' | '『');
            let closing = matches!(c, '」' | '』');
            if opening {
                depth += 1;
            }
            self.chars.push(c);
            self.marked.push(in_block_quote || depth > 0);
            if closing {
                depth = depth.saturating_sub(1);
            }
        }
    }

    /// Every string in a TOML value, except 出典 metadata and keys in `skip`.
    fn push_toml(&mut self, value: &toml::Value, skip: &[&str]) {
        match value {
            toml::Value::String(s) => self.push(s, false),
            toml::Value::Array(items) => items.iter().for_each(|v| self.push_toml(v, skip)),
            toml::Value::Table(table) => {
                for (key, v) in table {
                    if !SOURCE_KEYS.contains(&key.as_str()) && !skip.contains(&key.as_str()) {
                        self.push_toml(v, skip);
                    }
                }
            }
            _ => {}
        }
    }
}

fn parse_toml(path: &str, text: &str) -> toml::Value {
    toml::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A lesson: front matter strings (not sources), the Markdown text with block quotes marked, and the
/// strings of the ```quiz, ```flow and ```reflection blocks.
fn lesson_doc(path: &str, text: &str) -> Doc {
    let mut doc = Doc::new(path);
    let rest = text
        .trim_start_matches('\u{feff}')
        .strip_prefix("+++")
        .unwrap_or_else(|| panic!("{path}: no front matter"));
    let end = rest
        .find("\n+++")
        .unwrap_or_else(|| panic!("{path}: front matter not closed"));
    doc.push_toml(&parse_toml(path, &rest[..end]), &[]);
    let body = rest[end + 4..].trim_start_matches(['\r', '\n']);

    let mut quote_depth = 0usize;
    let mut fence: Option<String> = None;
    let mut block = String::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(body, options) {
        if let Some(code) = fence.as_mut() {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    doc.push_toml(&parse_toml(path, code), &[]);
                    fence = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_) | CodeBlockKind::Indented)) => {
                fence = Some(String::new())
            }
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => {
                doc.push(&std::mem::take(&mut block), quote_depth > 0);
                quote_depth -= 1;
            }
            Event::Text(t) | Event::Code(t) => block.push_str(&t),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableHead
                | TagEnd::TableRow,
            ) => doc.push(&std::mem::take(&mut block), quote_depth > 0),
            _ => {}
        }
    }
    doc.push(&block, quote_depth > 0);
    doc
}

fn content_files(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "md"))
        .collect();
    paths.sort();
    paths
}

fn relative(path: &Path) -> String {
    content::display_path(path)
}

/// Every content text: lessons, cases, worksheets, glossary, the survey (question texts exempt: they
/// quote the 2019 questionnaire by design), the self-assessment and the 2019 model training's material.
fn content_docs() -> Vec<Doc> {
    let root = content_root();
    let mut docs = Vec::new();
    for path in content_files(&root.join("lessons")) {
        let text = fs::read_to_string(&path).unwrap();
        docs.push(lesson_doc(&relative(&path), &text));
    }
    for dir in ["cases", "worksheets"] {
        for path in content_files(&root.join(dir)) {
            let name = relative(&path);
            let mut doc = Doc::new(&name);
            doc.push_toml(&parse_toml(&name, &fs::read_to_string(&path).unwrap()), &[]);
            docs.push(doc);
        }
    }
    for (file, skip) in [
        ("glossary.toml", &[][..]),
        ("survey.toml", &["questions"][..]),
        ("self_assessment.toml", &[][..]),
        // The 2019 model training's material: the report's own words are kept as `quotes` and `answers`
        // and always shown in 「」 with their source; the rest (themes, notes) is checked like any text.
        ("baseline_2019.toml", &["quotes"][..]),
        ("group_work_2019.toml", &["answers"][..]),
        ("model_2019.toml", &[][..]),
    ] {
        let path = root.join(file);
        let name = relative(&path);
        let mut doc = Doc::new(&name);
        doc.push_toml(
            &parse_toml(&name, &fs::read_to_string(&path).unwrap()),
            skip,
        );
        docs.push(doc);
    }
    docs
}

fn normalised(text: &str) -> Vec<char> {
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn seed_texts() -> Vec<(String, Vec<char>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEEDS_DIR);
    assert!(
        dir.is_dir(),
        "the source documents are missing: expected {} (the seeds folder beside the checkout). \
         The copy check cannot run without them.",
        dir.display()
    );
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert_eq!(
        paths.len(),
        EXPECTED_SEED_FILES,
        "expected {EXPECTED_SEED_FILES} seed files in {}, found {paths:?}",
        dir.display()
    );
    paths
        .iter()
        .map(|p| {
            let text = fs::read_to_string(p).unwrap();
            (p.display().to_string(), normalised(&text))
        })
        .collect()
}

/// A maximal run of characters shared with a seed (every character in a 40-character window that
/// occurs in a seed).
struct Passage {
    path: String,
    text: String,
    marked: bool,
}

fn shared_passages(doc: &Doc, windows: &HashSet<&[char]>) -> Vec<Passage> {
    let n = doc.chars.len();
    let mut covered = vec![false; n];
    if n >= WINDOW {
        for i in 0..=n - WINDOW {
            if windows.contains(&doc.chars[i..i + WINDOW]) {
                covered[i..i + WINDOW].iter_mut().for_each(|c| *c = true);
            }
        }
    }
    let mut passages = Vec::new();
    let mut i = 0;
    while i < n {
        if !covered[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && covered[i] {
            i += 1;
        }
        passages.push(Passage {
            path: doc.path.clone(),
            text: doc.chars[start..i].iter().collect(),
            marked: doc.marked[start..i].iter().filter(|&&m| !m).count() <= QUOTE_EDGE_SLACK,
        });
    }
    passages
}

#[test]
fn no_content_copies_a_source_outside_marked_quotations() {
    let seeds = seed_texts();
    let windows: HashSet<&[char]> = seeds
        .iter()
        .flat_map(|(_, text)| text.windows(WINDOW))
        .collect();
    assert!(
        windows.len() > 50_000,
        "the seeds are too short to be the sources"
    );

    let docs = content_docs();
    let count = |prefix: &str| docs.iter().filter(|d| d.path.starts_with(prefix)).count();
    println!(
        "copy check over {} files ({} lessons, {} case files, {} worksheets) against {} seeds",
        docs.len(),
        count("content/lessons/"),
        count("content/cases/"),
        count("content/worksheets/"),
        seeds.len()
    );
    assert!(count("content/lessons/") >= 20 && count("content/cases/") >= 2);
    assert!(count("content/worksheets/") >= 1);
    assert!(docs.iter().map(|d| d.chars.len()).sum::<usize>() > 100_000);

    let passages: Vec<Passage> = docs
        .iter()
        .flat_map(|d| shared_passages(d, &windows))
        .collect();
    let unmarked: Vec<&Passage> = passages.iter().filter(|p| !p.marked).collect();
    println!(
        "passages of ≥{WINDOW} characters shared with a seed: {} ({} inside marked quotations, {} unmarked; max {MAX_UNMARKED_PASSAGES} unmarked)",
        passages.len(),
        passages.len() - unmarked.len(),
        unmarked.len()
    );
    let mut per_file: Vec<(String, usize)> = Vec::new();
    for p in &unmarked {
        match per_file.last_mut() {
            Some((path, n)) if *path == p.path => *n += 1,
            _ => per_file.push((p.path.clone(), 1)),
        }
    }
    for (path, n) in &per_file {
        println!("  {path}: {n}");
    }
    let report = unmarked
        .iter()
        .map(|p| {
            format!(
                "  {} ({} chars): {}",
                p.path,
                p.text.chars().count(),
                p.text
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    if !unmarked.is_empty() {
        println!("unmarked passages:\n{report}");
    }
    assert!(
        unmarked.len() <= MAX_UNMARKED_PASSAGES,
        "{} passages share ≥{WINDOW} characters with a source outside 「…」, 『…』 or a block quote \
         (max {MAX_UNMARKED_PASSAGES}); reword them or quote them with their source:\n{report}",
        unmarked.len()
    );
}

// ---------------------------------------------------------------------------------------------
// The checks themselves
// ---------------------------------------------------------------------------------------------

#[test]
fn cue_words_ignore_ministry_names() {
    assert!(!has_cue("厚生労働省の資料"));
    assert!(has_cue("手続きを省いてよい"));
    assert!(has_cue("本人に任せる"));
    assert!(!has_cue("関係機関と相談する"));
}

#[test]
fn quotations_and_block_quotes_are_marked_and_source_fields_skipped() {
    let text = "+++\nid = \"a\"\ntitle = \"題\"\n[[sources]]\ntitle = \"出典そのもの\"\n+++\n\
                本文「引用」です。\n\n> 引用の段落\n\n```quiz\nprompt = \"問\"\n```\n";
    let doc = lesson_doc("x.md", text);
    let s: String = doc.chars.iter().collect();
    assert!(!s.contains("出典そのもの"), "{s}");
    assert!(s.contains("本文「引用」です。") && s.contains("引用の段落") && s.contains("問"));
    let marked: String = doc
        .chars
        .iter()
        .zip(&doc.marked)
        .filter(|(_, m)| **m)
        .map(|(c, _)| *c)
        .collect();
    assert_eq!(marked, "「引用」引用の段落");
}

#[test]
fn a_copied_run_is_found_and_a_quoted_one_is_exempt() {
    let seed: Vec<char> = normalised(&"あいうえおかきくけこ".repeat(6));
    let windows: HashSet<&[char]> = seed.windows(WINDOW).collect();
    let copied = "あいうえおかきくけこ".repeat(5);
    let mut doc = Doc::new("t");
    doc.push(&format!("前置き{copied}後書き"), false);
    doc.push(&format!("別の文「{copied}」と書かれています"), false);
    let found = shared_passages(&doc, &windows);
    assert_eq!(found.len(), 2);
    assert!(!found[0].marked && found[0].text == copied);
    assert!(found[1].marked);
    // When the source has the same brackets, a run may reach a little beyond them: a particle is
    // tolerated, the source's own framing sentence is not.
    let seed2 = normalised(&format!("中核的な機能としての「{copied}」と書かれている。"));
    let windows2: HashSet<&[char]> = seed2.windows(WINDOW).collect();
    let mut edge = Doc::new("e");
    edge.push(&format!("資料には「{copied}」とあります"), false);
    let found = shared_passages(&edge, &windows2);
    assert!(found.len() == 1 && found[0].marked, "{}", found[0].text);
    let mut framing = Doc::new("f");
    framing.push(
        &format!("中核的な機能としての「{copied}」と書かれている。"),
        false,
    );
    let found = shared_passages(&framing, &windows2);
    assert!(found.len() == 1 && !found[0].marked);
    // Spaces do not hide a copy.
    let mut wide = Doc::new("w");
    wide.push(&copied.replace('あ', " あ"), false);
    assert_eq!(shared_passages(&wide, &windows).len(), 1);
}
