//! The content compiler reports every kind of content error with file:line, and the real content/
//! compiles. This calls crates/content, the compiler build.rs runs.
#![cfg(not(target_arch = "wasm32"))]

use nimo_content::course as content;

use content::{ContentError, SegmentOut, SourceFile, compile};
use std::path::Path;

const COURSE: &str = r#"title = "テスト研修"

[[modules]]
id = "m1"
number = 1
title = "第一章"
summary = "要約"
"#;

fn course() -> SourceFile {
    SourceFile {
        path: "content/course.toml".into(),
        text: COURSE.into(),
    }
}

fn lesson(name: &str, text: &str) -> SourceFile {
    SourceFile {
        path: format!("content/lessons/{name}.md"),
        text: text.into(),
    }
}

/// Five valid ○× questions, appended to fixture lessons after their body.
fn quiz_block() -> String {
    let question = "[[questions]]\nkind = \"truefalse\"\nprompt = \"文\"\nanswer = true\nexplanation = \"解説\"\n";
    format!("\n```quiz\n{}```\n", question.repeat(5))
}

/// A valid lesson whose front matter and body can be altered per test. The body starts on line 14.
fn lesson_text(id: &str, extra_front: &str, body: &str) -> String {
    format!(
        "+++\nid = \"{id}\"\nmodule = \"m1\"\norder = 1\ntitle = \"題\"\nminutes = 10\n\
         objectives = [\"目標\"]\nkey_points = [\"要点\"]\n{extra_front}\n\
         [[sources]]\nauthor = \"厚生労働省\"\ntitle = \"資料\"\n+++\n{body}{}",
        quiz_block()
    )
}

/// Like `lesson_text`, with the given quiz block instead of the valid one.
fn lesson_with_quiz(id: &str, quiz_toml: &str) -> String {
    lesson_text(id, "", "").replace(&quiz_block(), &format!("```quiz\n{quiz_toml}```\n"))
}

fn errors_of(files: &[SourceFile]) -> Vec<ContentError> {
    compile(&course(), files).expect_err("this content must be rejected")
}

fn assert_error(errors: &[ContentError], path: &str, line: usize, needle: &str) {
    assert!(
        errors
            .iter()
            .any(|e| e.path == path && e.line == line && e.message.contains(needle)),
        "expected {path}:{line} containing {needle:?}, got:\n{}",
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_real_content_compiles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let compiled =
        content::compile_files(&content::read_content(&root).unwrap()).unwrap_or_else(|errors| {
            panic!(
                "{}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
    assert!(!compiled.lessons.is_empty());
    for lesson in &compiled.lessons {
        assert!(!lesson.sources.is_empty(), "{} has no 出典", lesson.id);
        assert!(
            !lesson.objectives.is_empty(),
            "{} has no objectives",
            lesson.id
        );
    }
}

#[test]
fn a_valid_lesson_compiles_with_its_reflection() {
    let body = "## 節\n\n本文です。\n\n```reflection\nid = \"r1\"\nprompt = \"考えてみましょう\"\n```\n\n続き。\n";
    let compiled = compile(&course(), &[lesson("a", &lesson_text("a", "", body))]).unwrap();
    let segments = &compiled.lessons[0].body;
    assert_eq!(segments.len(), 3);
    assert_eq!(
        segments[1],
        SegmentOut::Reflection {
            id: "r1".into(),
            prompt: "考えてみましょう".into()
        }
    );
    assert!(matches!(&segments[0], SegmentOut::Html(h) if h.contains("<h2 id=\"s-1\">節</h2>")));
}

#[test]
fn duplicate_lesson_ids_are_reported_at_the_id_line() {
    let errors = errors_of(&[
        lesson("a", &lesson_text("same", "", "本文\n")),
        lesson("b", &lesson_text("same", "", "本文\n")),
    ]);
    assert_error(&errors, "content/lessons/b.md", 2, "重複");
    assert_error(&errors, "content/lessons/b.md", 2, "content/lessons/a.md:2");
}

#[test]
fn broken_internal_links_are_reported_at_their_line() {
    let body = "## 節\n\n[ある](#/lesson/a)\n\n[ない](#/lesson/missing)\n\n[謎](#/nowhere)\n";
    let errors = errors_of(&[lesson("a", &lesson_text("a", "", body))]);
    let body_start = 14;
    assert_error(&errors, "content/lessons/a.md", body_start + 4, "missing");
    assert_error(&errors, "content/lessons/a.md", body_start + 6, "#/nowhere");
    assert_eq!(
        errors.len(),
        2,
        "the valid link is not reported: {errors:?}"
    );
}

#[test]
fn missing_sources_and_objectives_are_reported() {
    let text =
        "+++\nid = \"a\"\nmodule = \"m1\"\norder = 1\ntitle = \"題\"\nminutes = 10\n+++\n本文\n";
    let errors = errors_of(&[lesson("a", text)]);
    assert_error(&errors, "content/lessons/a.md", 1, "出典");
    assert_error(&errors, "content/lessons/a.md", 1, "学習目標");
    assert_error(&errors, "content/lessons/a.md", 1, "まとめ");
}

#[test]
fn raw_html_is_rejected_at_its_line() {
    let body = "## 節\n\n本文<b>太字</b>\n\n<div>ブロック</div>\n";
    let errors = errors_of(&[lesson("a", &lesson_text("a", "", body))]);
    assert_error(&errors, "content/lessons/a.md", 16, "HTML");
    assert_error(&errors, "content/lessons/a.md", 18, "HTML");
}

#[test]
fn only_http_mailto_and_relative_links_pass() {
    let body = "## 節\n\n[a](https://www.mhlw.go.jp/) [b](mailto:a@example.org) [c](nimo-kenshu.html)\n\n\
                [d](javascript:alert(1))\n\n[e](data:text/html,x)\n\n[f](#section)\n";
    let errors = errors_of(&[lesson("a", &lesson_text("a", "", body))]);
    assert_error(&errors, "content/lessons/a.md", 18, "javascript:");
    assert_error(&errors, "content/lessons/a.md", 20, "data:");
    assert_error(&errors, "content/lessons/a.md", 22, "ページ内リンク");
    assert_eq!(errors.len(), 3, "{errors:?}");
}

#[test]
fn images_headings_and_unknown_blocks_are_reported() {
    let body =
        "# 大見出し\n\n## 節\n\n#### 飛び\n\n![図](x.png)\n\n```refection\nid = \"r\"\n```\n";
    let errors = errors_of(&[lesson("a", &lesson_text("a", "", body))]);
    assert_error(&errors, "content/lessons/a.md", 14, "## から");
    assert_error(&errors, "content/lessons/a.md", 18, "階層");
    assert_error(&errors, "content/lessons/a.md", 20, "画像");
    assert_error(&errors, "content/lessons/a.md", 22, "refection");
}

#[test]
fn toml_mistakes_point_at_the_line() {
    let text = "+++\nid = \"a\"\nmodule = \"m1\"\norder = \"first\"\n+++\n本文\n";
    let errors = errors_of(&[lesson("a", text)]);
    assert_error(&errors, "content/lessons/a.md", 4, "TOML");
    let typo = lesson_text("a", "objective = [\"x\"]", "本文\n");
    assert_error(
        &errors_of(&[lesson("a", &typo)]),
        "content/lessons/a.md",
        9,
        "objective",
    );
}

#[test]
fn unknown_module_and_bad_ids_are_reported() {
    let text = lesson_text("Bad_ID", "", "本文\n").replace("module = \"m1\"", "module = \"m9\"");
    let errors = errors_of(&[lesson("a", &text)]);
    assert_error(&errors, "content/lessons/a.md", 2, "Bad_ID");
    assert_error(&errors, "content/lessons/a.md", 3, "m9");
}

#[test]
fn reflection_blocks_are_validated() {
    let body = "```reflection\nid = \"r\"\nprompt = \"a\"\n```\n\n```reflection\nid = \"r\"\nprompt = \"b\"\n```\n\n```reflection\nprompt = \"no id\"\n```\n";
    let errors = errors_of(&[lesson("a", &lesson_text("a", "", body))]);
    assert_error(&errors, "content/lessons/a.md", 19, "重複");
    assert!(
        errors.iter().any(|e| e.message.contains("id")),
        "{errors:?}"
    );
}

#[test]
fn missing_front_matter_is_reported() {
    let errors = errors_of(&[lesson("a", "## 見出し\n本文\n")]);
    assert_error(&errors, "content/lessons/a.md", 1, "+++");
    let unclosed = errors_of(&[lesson("b", "+++\nid = \"b\"\n")]);
    assert_error(&unclosed, "content/lessons/b.md", 1, "閉じる");
}

#[test]
fn all_errors_are_reported_at_once() {
    let errors = errors_of(&[
        lesson("a", &lesson_text("a", "", "<b>x</b>\n")),
        lesson("b", &lesson_text("b", "", "[x](#/lesson/none)\n")),
    ]);
    assert!(errors.len() >= 2, "{errors:?}");
}

#[test]
fn tables_scroll_in_a_focusable_region() {
    let body = "| a | b |\n| --- | --- |\n| 1 | 2 |\n";
    let compiled = compile(&course(), &[lesson("a", &lesson_text("a", "", body))]).unwrap();
    let SegmentOut::Html(html) = &compiled.lessons[0].body[0] else {
        panic!("html expected")
    };
    assert!(
        html.starts_with(
            "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表1\">"
        ),
        "{html}"
    );
    assert!(
        html.trim_end().ends_with("</table>\n</div>") || html.trim_end().ends_with("</div>"),
        "{html}"
    );
}

#[test]
fn text_is_escaped_not_interpreted() {
    let body = "a &lt; b と 1 < 2 & 3\n";
    let compiled = compile(&course(), &[lesson("a", &lesson_text("a", "", body))]).unwrap();
    let SegmentOut::Html(html) = &compiled.lessons[0].body[0] else {
        panic!("html expected")
    };
    assert!(html.contains("1 &lt; 2 &amp; 3"), "{html}");
}

#[test]
fn a_lesson_without_a_quiz_is_rejected() {
    let text = lesson_text("a", "", "本文\n").replace(&quiz_block(), "");
    let errors = errors_of(&[lesson("a", &text)]);
    assert_error(&errors, "content/lessons/a.md", 14, "確認問題");
}

#[test]
fn a_quiz_needs_five_questions() {
    let two = "[[questions]]\nkind = \"truefalse\"\nprompt = \"文\"\nanswer = true\nexplanation = \"解説\"\n".repeat(2);
    let errors = errors_of(&[lesson("a", &lesson_with_quiz("a", &two))]);
    assert_error(&errors, "content/lessons/a.md", 14, "5問以上");
}

#[test]
fn every_option_and_question_needs_an_explanation_and_a_right_answer() {
    let valid = "[[questions]]\nkind = \"truefalse\"\nprompt = \"文\"\nanswer = true\nexplanation = \"解説\"\n".repeat(4);
    let broken = format!(
        "{valid}[[questions]]\nkind = \"single\"\nprompt = \"問\"\n\
         [[questions.options]]\ntext = \"a\"\ncorrect = true\nexplanation = \"x\"\n\
         [[questions.options]]\ntext = \"b\"\ncorrect = true\n\
         [[questions]]\nkind = \"order\"\nprompt = \"並べる\"\nitems = [\"1\", \"2\", \"3\"]\n\
         [[questions]]\nkind = \"guess\"\nprompt = \"?\"\n"
    );
    let errors = errors_of(&[lesson("a", &lesson_with_quiz("a", &broken))]);
    // The quiz fence opens on line 14; question 5 starts on the 21st line of the block.
    assert_error(
        &errors,
        "content/lessons/a.md",
        35,
        "問5: すべての選択肢に explanation",
    );
    assert_error(&errors, "content/lessons/a.md", 35, "問5: single の正解");
    assert_error(&errors, "content/lessons/a.md", 45, "問6: explanation");
    assert_error(&errors, "content/lessons/a.md", 49, "問7: kind「guess」");
}

#[test]
fn flows_render_as_ordered_lists() {
    let body = "```flow\ntitle = \"流れ\"\n[[steps]]\nlabel = \"導入期\"\ndetail = \"<関係づくり>\"\n[[steps]]\nlabel = \"初期\"\n```\n";
    let compiled = compile(&course(), &[lesson("a", &lesson_text("a", "", body))]).unwrap();
    let SegmentOut::Html(html) = &compiled.lessons[0].body[0] else {
        panic!("html expected")
    };
    assert!(
        html.contains("<figcaption>流れ</figcaption><ol class=\"flow__steps\">"),
        "{html}"
    );
    assert!(
        html.contains("&lt;関係づくり&gt;"),
        "detail text is escaped: {html}"
    );
    let one_step = "```flow\ntitle = \"t\"\n[[steps]]\nlabel = \"x\"\n```\n";
    assert_error(
        &errors_of(&[lesson("a", &lesson_text("a", "", one_step))]),
        "content/lessons/a.md",
        14,
        "2つ以上",
    );
}

const GLOSSARY: &str = r#"
[[terms]]
id = "kenniki"
term = "圏域"
reading = "けんいき"
aliases = []
definition = "広がりの単位です。"
source = "厚生労働省資料"

[[terms]]
id = "nichijo-kenniki"
term = "日常生活圏域"
reading = "にちじょうせいかつけんいき"
aliases = []
definition = "日常の生活の範囲です。"
source = "厚生労働省資料"

[[terms]]
id = "gh"
term = "GH"
reading = "じーえいち"
aliases = ["グループホーム"]
definition = "共同生活援助です。"
source = "報告書"
"#;

fn glossary_file(text: &str) -> SourceFile {
    SourceFile {
        path: "content/glossary.toml".into(),
        text: text.into(),
    }
}

#[test]
fn first_use_of_each_term_links_to_the_glossary_longest_spelling_first() {
    let body = "## 圏域の話\n\n日常生活圏域と圏域とグループホームと圏域。\n\n[圏域へのリンク](#/lessons)\n";
    let compiled = content::compile_with_glossary(
        &course(),
        Some(&glossary_file(GLOSSARY)),
        &[lesson("a", &lesson_text("a", "", body))],
    )
    .unwrap();
    let SegmentOut::Html(html) = &compiled.lessons[0].body[0] else {
        panic!("html expected")
    };
    assert!(
        html.contains("<h2 id=\"s-1\">圏域の話</h2>"),
        "headings are not linked, and are numbered: {html}"
    );
    assert!(html.contains("<a class=\"term\" href=\"#/glossary/nichijo-kenniki\">日常生活圏域</a>と<a class=\"term\" href=\"#/glossary/kenniki\">圏域</a>と<a class=\"term\" href=\"#/glossary/gh\">グループホーム</a>と圏域。"), "{html}");
    assert!(
        html.contains("<a href=\"#/lessons\">圏域へのリンク</a>"),
        "no link inside a link: {html}"
    );
    let by_id = |id: &str| compiled.glossary.iter().find(|t| t.id == id).unwrap();
    assert_eq!(by_id("kenniki").lessons, vec!["a".to_owned()]);
    let readings: Vec<&str> = compiled
        .glossary
        .iter()
        .map(|t| t.reading.as_str())
        .collect();
    assert_eq!(
        readings,
        vec!["けんいき", "じーえいち", "にちじょうせいかつけんいき"],
        "50音順"
    );
}

#[test]
fn glossary_mistakes_are_reported_at_their_line() {
    let broken = GLOSSARY
        .replace("reading = \"じーえいち\"", "reading = \"ジーエイチ\"")
        .replace("id = \"gh\"", "id = \"kenniki\"")
        .replace("aliases = [\"グループホーム\"]", "aliases = [\"圏域\"]");
    let errors = content::compile_with_glossary(
        &course(),
        Some(&glossary_file(&broken)),
        &[lesson("a", &lesson_text("a", "", "本文\n"))],
    )
    .unwrap_err();
    assert_error(&errors, "content/glossary.toml", 18, "ひらがな");
    assert_error(&errors, "content/glossary.toml", 18, "重複");
    assert_error(&errors, "content/glossary.toml", 18, "表記「圏域」");
}

#[test]
fn tables_are_numbered_and_need_header_text() {
    let two = "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n| c | d |\n| --- | --- |\n| 3 | 4 |\n";
    let compiled = compile(&course(), &[lesson("a", &lesson_text("a", "", two))]).unwrap();
    let SegmentOut::Html(html) = &compiled.lessons[0].body[0] else {
        panic!("html expected")
    };
    assert!(
        html.contains("aria-label=\"表1\"") && html.contains("aria-label=\"表2\""),
        "{html}"
    );
    let empty = "|  | b |\n| --- | --- |\n| 1 | 2 |\n";
    assert_error(
        &errors_of(&[lesson("a", &lesson_text("a", "", empty))]),
        "content/lessons/a.md",
        14,
        "空のセル",
    );
}
