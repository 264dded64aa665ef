//! The course as compiled from content/ by build.rs: static data, no parsing at run time.

pub mod certificate;
pub mod pack;
pub mod quiz;
pub mod search;

pub use crate::course::quiz::{Choice, Question, QuestionKind, Quiz};

#[derive(Debug)]
pub struct Course {
    pub title: &'static str,
    /// Crate version plus a hash of content/, so an export names the exact content it was made with.
    pub version: &'static str,
    pub modules: &'static [Module],
    /// In reading order: by module, then by the lesson's order within it.
    pub lessons: &'static [Lesson],
    /// How many terms the 用語集 has; the terms themselves are in the glossary pack.
    pub glossary_size: usize,
    /// The content pack of each module (lesson bodies and self-checks), loaded on demand.
    pub packs: &'static [PackRef],
}

#[derive(Debug)]
pub struct PackRef {
    pub module: &'static str,
    /// File name under `content/` in dist/, with a content hash so caches never serve an old one.
    pub file: &'static str,
}

#[derive(Debug)]
pub struct Term {
    pub id: &'static str,
    pub term: &'static str,
    /// Hiragana, for sorting and for finding a term by its reading.
    pub reading: &'static str,
    pub aliases: &'static [&'static str],
    pub definition: &'static str,
    pub source: &'static str,
    /// Lessons whose text uses the term, in reading order.
    pub lessons: &'static [&'static str],
}

#[derive(Debug)]
pub struct Module {
    pub id: &'static str,
    pub number: u16,
    pub title: &'static str,
    pub summary: &'static str,
}

impl Module {
    /// 「第3章 多職種・多機関連携」, as the course map and a lesson's header name the module.
    pub fn heading(&self) -> String {
        format!("第{}章 {}", self.number, self.title)
    }
}

#[derive(Debug)]
pub struct Lesson {
    pub id: &'static str,
    pub module: &'static str,
    pub title: &'static str,
    pub minutes: u16,
    /// How many self-check questions the lesson's pack holds (shown before the pack has loaded).
    pub questions: u16,
}

impl Lesson {
    /// 「目安 約15分・確認問題 7問」, the line under a lesson's title (also in the boot script's preview).
    pub fn meta_line(&self) -> String {
        format!("目安 約{}分・確認問題 {}問", self.minutes, self.questions)
    }
}

/// The part of a lesson that lives in its module's content pack.
#[derive(Debug)]
pub struct LessonContent {
    pub objectives: &'static [&'static str],
    pub key_points: &'static [&'static str],
    pub sources: &'static [Source],
    pub body: &'static [Segment],
    pub quiz: Quiz,
}

/// 出典, kept in parts so it can be shown the way the slides cite: author『title』publisher, year.
#[derive(Debug)]
pub struct Source {
    pub author: &'static str,
    pub title: &'static str,
    pub publisher: &'static str,
    pub year: &'static str,
    pub note: &'static str,
}

/// A lesson body alternates between HTML compiled from Markdown and interactive parts.
#[derive(Debug)]
pub enum Segment {
    Html(&'static str),
    Reflection(Reflection),
}

/// A box the trainee types a short reflection into; saved in the learner record.
#[derive(Debug)]
pub struct Reflection {
    pub id: &'static str,
    pub prompt: &'static str,
}

impl Source {
    pub fn citation(&self) -> String {
        let mut text = format!("{}『{}』", self.author, self.title);
        if !self.publisher.is_empty() {
            text.push_str(&format!(" {}", self.publisher));
        }
        if !self.year.is_empty() {
            text.push_str(&format!("，{}", self.year));
        }
        if !self.note.is_empty() {
            text.push_str(&format!("（{}）", self.note));
        }
        text
    }
}

impl Course {
    pub fn lesson(&self, id: &str) -> Option<&'static Lesson> {
        self.lessons.iter().find(|l| l.id == id)
    }

    pub fn pack(&self, module_id: &str) -> Option<&'static PackRef> {
        self.packs.iter().find(|p| p.module == module_id)
    }

    pub fn module(&self, id: &str) -> Option<&'static Module> {
        self.modules.iter().find(|m| m.id == id)
    }

    pub fn lessons_of<'a>(
        &'a self,
        module_id: &'a str,
    ) -> impl Iterator<Item = &'static Lesson> + 'a {
        self.lessons.iter().filter(move |l| l.module == module_id)
    }

    /// The lessons before and after, across module boundaries, in reading order.
    pub fn neighbours(&self, id: &str) -> (Option<&'static Lesson>, Option<&'static Lesson>) {
        let Some(index) = self.lessons.iter().position(|l| l.id == id) else {
            return (None, None);
        };
        let previous = index.checked_sub(1).map(|i| &self.lessons[i]);
        (previous, self.lessons.get(index + 1))
    }
}

impl Lesson {
    /// The record key of a reflection box in this lesson.
    pub fn reflection_key(&self, reflection_id: &str) -> String {
        format!("lesson/{}/{}", self.id, reflection_id)
    }
}
