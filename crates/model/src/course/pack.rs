//! Content packs: one module's lesson bodies and self-checks as JSON, loaded when a lesson of that
//! module is opened (see crates/content/src/course.rs `emit_packs`). Keeping them out of the wasm keeps the first
//! visit small; the offline file carries them inline.

use crate::course::quiz::{Choice, Question, QuestionKind, Quiz};
use crate::course::{LessonContent, Reflection, Segment, Source, Term};
use crate::io::envelope::read_head;
use serde::Deserialize;
use thiserror::Error;

pub const PACK_FORMAT: &str = "nimo-kenshu-pack";
pub const GLOSSARY_FORMAT: &str = "nimo-kenshu-glossary";

#[derive(Debug, Deserialize)]
pub struct Pack {
    pub format: String,
    pub course_version: String,
    pub module: String,
    pub lessons: Vec<PackLesson>,
}

#[derive(Debug, Deserialize)]
pub struct PackLesson {
    pub id: String,
    objectives: Vec<String>,
    key_points: Vec<String>,
    sources: Vec<PackSource>,
    body: Vec<PackSegment>,
    quiz: Vec<PackQuestion>,
}

#[derive(Debug, Deserialize)]
struct PackSource {
    author: String,
    title: String,
    publisher: String,
    year: String,
    note: String,
}

#[derive(Debug, Deserialize)]
pub struct GlossaryPack {
    format: String,
    course_version: String,
    terms: Vec<PackTerm>,
}

#[derive(Debug, Deserialize)]
struct PackTerm {
    id: String,
    term: String,
    reading: String,
    aliases: Vec<String>,
    definition: String,
    source: String,
    lessons: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum PackSegment {
    Html(String),
    Reflection { id: String, prompt: String },
}

#[derive(Debug, Deserialize)]
struct PackQuestion {
    prompt: String,
    #[serde(flatten)]
    kind: PackKind,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum PackKind {
    Single(Vec<PackChoice>),
    Multiple(Vec<PackChoice>),
    TrueFalse {
        answer: bool,
        explanation: String,
    },
    Order {
        items: Vec<String>,
        explanation: String,
    },
}

#[derive(Debug, Deserialize)]
struct PackChoice {
    text: String,
    correct: bool,
    explanation: String,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum PackError {
    #[error("教材データを読み込めませんでした（{0}）")]
    Unreadable(String),
    #[error("教材データの形式が違います")]
    WrongFormat,
    /// A pack from another build: typically a cached page after the site was updated.
    #[error("教材データの版が合いません。ページを再読み込みしてください")]
    OtherVersion,
}

/// The `format` of a pack, read before the rest so that a wrong file gets the right message.
pub fn format_of(json: &str) -> Result<String, PackError> {
    let head = read_head(json).map_err(|e| PackError::Unreadable(format!("{e:?}")))?;
    head.format.ok_or(PackError::WrongFormat)
}

pub fn parse_pack(json: &str, course_version: &str) -> Result<Pack, PackError> {
    if format_of(json)? != PACK_FORMAT {
        return Err(PackError::WrongFormat);
    }
    let pack: Pack =
        serde_json::from_str(json).map_err(|e| PackError::Unreadable(e.to_string()))?;
    if pack.format != PACK_FORMAT {
        return Err(PackError::WrongFormat);
    }
    if pack.course_version != course_version {
        return Err(PackError::OtherVersion);
    }
    Ok(pack)
}

/// Reads the glossary pack into static terms (sorted by reading already).
pub fn parse_glossary(json: &str, course_version: &str) -> Result<&'static [Term], PackError> {
    if format_of(json)? != GLOSSARY_FORMAT {
        return Err(PackError::WrongFormat);
    }
    let pack: GlossaryPack =
        serde_json::from_str(json).map_err(|e| PackError::Unreadable(e.to_string()))?;
    if pack.format != GLOSSARY_FORMAT {
        return Err(PackError::WrongFormat);
    }
    if pack.course_version != course_version {
        return Err(PackError::OtherVersion);
    }
    let terms = pack
        .terms
        .into_iter()
        .map(|t| Term {
            id: leak(t.id),
            term: leak(t.term),
            reading: leak(t.reading),
            aliases: leak_strs(t.aliases),
            definition: leak(t.definition),
            source: leak(t.source),
            lessons: leak_strs(t.lessons),
        })
        .collect();
    Ok(leak_slice(terms))
}

fn leak_strs(items: Vec<String>) -> &'static [&'static str] {
    leak_slice(items.into_iter().map(leak).collect())
}

fn leak(text: String) -> &'static str {
    text.leak()
}

fn leak_slice<T>(items: Vec<T>) -> &'static [T] {
    items.leak()
}

impl PackLesson {
    /// Turns the parsed lesson into the static shape the views use. Each module is loaded at most once
    /// per page visit and then kept for the rest of it, so leaking is the simplest correct ownership.
    pub fn into_static(self) -> &'static LessonContent {
        let body = self
            .body
            .into_iter()
            .map(|segment| match segment {
                PackSegment::Html(html) => Segment::Html(leak(html)),
                PackSegment::Reflection { id, prompt } => Segment::Reflection(Reflection {
                    id: leak(id),
                    prompt: leak(prompt),
                }),
            })
            .collect();
        let choices = |choices: Vec<PackChoice>| {
            leak_slice(
                choices
                    .into_iter()
                    .map(|c| Choice {
                        text: leak(c.text),
                        correct: c.correct,
                        explanation: leak(c.explanation),
                    })
                    .collect(),
            )
        };
        let questions = self
            .quiz
            .into_iter()
            .map(|q| Question {
                prompt: leak(q.prompt),
                kind: match q.kind {
                    PackKind::Single(options) => QuestionKind::Single {
                        options: choices(options),
                    },
                    PackKind::Multiple(options) => QuestionKind::Multiple {
                        options: choices(options),
                    },
                    PackKind::TrueFalse {
                        answer,
                        explanation,
                    } => QuestionKind::TrueFalse {
                        answer,
                        explanation: leak(explanation),
                    },
                    PackKind::Order { items, explanation } => QuestionKind::Order {
                        items: leak_slice(items.into_iter().map(leak).collect()),
                        explanation: leak(explanation),
                    },
                },
            })
            .collect();
        let sources = self
            .sources
            .into_iter()
            .map(|s| Source {
                author: leak(s.author),
                title: leak(s.title),
                publisher: leak(s.publisher),
                year: leak(s.year),
                note: leak(s.note),
            })
            .collect();
        Box::leak(Box::new(LessonContent {
            objectives: leak_strs(self.objectives),
            key_points: leak_strs(self.key_points),
            sources: leak_slice(sources),
            body: leak_slice(body),
            quiz: Quiz {
                questions: leak_slice(questions),
            },
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACK: &str = r#"{"format":"nimo-kenshu-pack","course_version":"v1","module":"m","lessons":[
        {"id":"a","objectives":["目標"],"key_points":["要点"],
         "sources":[{"author":"著者","title":"題","publisher":"","year":"2019","note":""}],"body":[{"html":"<p>本文<\/p>"},{"reflection":{"id":"r","prompt":"問い"}}],
         "quiz":[{"prompt":"p1","single":[{"text":"x","correct":true,"explanation":"e"}]},
                 {"prompt":"p2","truefalse":{"answer":false,"explanation":"e2"}},
                 {"prompt":"p3","order":{"items":["1","2","3"],"explanation":"e3"}}]}]}"#;

    #[test]
    fn a_pack_becomes_lesson_content() {
        let pack = parse_pack(PACK, "v1").unwrap();
        assert_eq!(pack.module, "m");
        let content = pack.lessons.into_iter().next().unwrap().into_static();
        assert!(matches!(content.body[0], Segment::Html("<p>本文</p>")));
        assert!(matches!(
            content.body[1],
            Segment::Reflection(Reflection {
                id: "r",
                prompt: "問い"
            })
        ));
        assert_eq!(content.quiz.questions.len(), 3);
        assert_eq!(content.objectives, ["目標"]);
        assert_eq!(content.sources[0].citation(), "著者『題』，2019");
        assert!(matches!(
            content.quiz.questions[1].kind,
            QuestionKind::TrueFalse { answer: false, .. }
        ));
    }

    #[test]
    fn the_glossary_pack_becomes_terms() {
        let json = r#"{"format":"nimo-kenshu-glossary","course_version":"v1","terms":[
            {"id":"gh","term":"GH","reading":"じーえいち","aliases":["グループホーム"],"definition":"d","source":"s","lessons":["a"]}]}"#;
        let terms = parse_glossary(json, "v1").unwrap();
        assert_eq!(
            (terms[0].term, terms[0].aliases, terms[0].lessons),
            ("GH", &["グループホーム"][..], &["a"][..])
        );
        assert_eq!(
            parse_glossary(json, "v0").unwrap_err(),
            PackError::OtherVersion
        );
        assert_eq!(
            parse_glossary(PACK, "v1").unwrap_err(),
            PackError::WrongFormat
        );
    }

    #[test]
    fn foreign_stale_and_broken_packs_are_refused() {
        assert_eq!(parse_pack(PACK, "v2").unwrap_err(), PackError::OtherVersion);
        assert_eq!(
            parse_pack(&PACK.replace("nimo-kenshu-pack", "x"), "v1").unwrap_err(),
            PackError::WrongFormat
        );
        assert!(matches!(
            parse_pack("{", "v1"),
            Err(PackError::Unreadable(_))
        ));
    }
}
