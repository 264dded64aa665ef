//! Offline search over lessons and the glossary, correct for Japanese: both the text and the query are
//! folded (NFKC for full- and half-width forms, katakana to hiragana, lower case) and matched as
//! substrings, since Japanese has no spaces between words to index.

use crate::course::{Course, LessonContent, Segment, Term};
use crate::route::Route;
use crate::text::width_fold;

/// Folds one string for matching. Returns the folded text and, for each folded char, the byte offset of
/// the original char it came from (half-width ｶﾞ is two chars that fold into one).
///
/// This is NFKC restricted to the compatibility forms Japanese text actually carries (full-width ASCII,
/// half-width katakana with their voicing marks, the ideographic space); a full Unicode table would
/// cost the wasm tens of kilobytes for characters the course never contains. The native tests check
/// it against a real NFKC implementation over those ranges.
pub fn fold(text: &str) -> (String, Vec<u32>) {
    let mut folded = String::with_capacity(text.len());
    let mut origins = Vec::with_capacity(text.len() / 2);
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let mut c = width_fold(c);
        if let Some(&(_, mark)) = chars.peek() {
            if let Some(voiced) = voice(c, mark) {
                c = voiced;
                chars.next();
            }
        }
        let c = kana_fold(c).to_ascii_lowercase();
        folded.push(c);
        origins.push(offset as u32);
    }
    (folded, origins)
}

/// Folds a query the same way, for callers that do not need the offsets.
pub fn fold_query(text: &str) -> String {
    fold(text).0
}

/// Combines a katakana with a following (half-width or combining) voicing mark: ｶﾞ → ガ, ﾊﾟ → パ.
fn voice(base: char, mark: char) -> Option<char> {
    let dakuten = matches!(mark, '\u{FF9E}' | '\u{3099}');
    let handakuten = matches!(mark, '\u{FF9F}' | '\u{309A}');
    let voiced = match base {
        'カ' | 'キ' | 'ク' | 'ケ' | 'コ' | 'サ' | 'シ' | 'ス' | 'セ' | 'ソ' | 'タ' | 'チ'
        | 'ツ' | 'テ' | 'ト'
            if dakuten =>
        {
            base as u32 + 1
        }
        'ハ' | 'ヒ' | 'フ' | 'ヘ' | 'ホ' if dakuten => base as u32 + 1,
        'ハ' | 'ヒ' | 'フ' | 'ヘ' | 'ホ' if handakuten => base as u32 + 2,
        'ウ' if dakuten => 'ヴ' as u32,
        'ワ' if dakuten => 'ヷ' as u32,
        'ヲ' if dakuten => 'ヺ' as u32,
        _ => return None,
    };
    char::from_u32(voiced)
}

fn kana_fold(c: char) -> char {
    match c {
        'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// One searchable unit: a lesson section, or a glossary entry.
#[derive(Debug)]
pub struct Document {
    pub kind: DocumentKind,
    /// Where a result links to.
    pub href: String,
    /// The lesson or term, and the section heading where there is one.
    pub title: String,
    pub section: String,
    pub text: String,
    folded_title: String,
    folded: String,
    origins: Vec<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    Lesson,
    Term,
}

/// A piece of a snippet; `hit` marks the matched parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub hit: bool,
}

#[derive(Debug)]
pub struct Hit<'a> {
    pub document: &'a Document,
    pub snippet: Vec<Piece>,
}

pub struct SearchIndex {
    pub documents: Vec<Document>,
}

impl Document {
    fn new(kind: DocumentKind, href: String, title: &str, section: &str, text: String) -> Document {
        let (folded, origins) = fold(&text);
        let folded_title = fold_query(&format!("{title} {section}"));
        Document {
            kind,
            href,
            title: title.to_owned(),
            section: section.to_owned(),
            text,
            folded_title,
            folded,
            origins,
        }
    }
}

/// Plain text of compiled lesson HTML: tags dropped, the few entities the compiler writes decoded.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                // Block ends become spaces so that words of adjacent cells do not run together.
                if !text.ends_with(' ') {
                    text.push(' ');
                }
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Splits a lesson's HTML at its numbered `<h2 id="s-N">` headings into (anchor, heading, text).
fn sections(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    let mut current = (String::new(), String::new());
    while let Some(start) = rest.find("<h2 id=\"") {
        out.push((
            current.0.clone(),
            current.1.clone(),
            html_to_text(&rest[..start]),
        ));
        let after = &rest[start + 8..];
        let anchor = after.split('"').next().unwrap_or("").to_owned();
        let heading_end = after.find("</h2>").map_or(after.len(), |i| i + 5);
        let heading = html_to_text(after[..heading_end].split_once('>').map_or("", |(_, h)| h));
        current = (anchor, heading.trim().to_owned());
        rest = &after[heading_end..];
    }
    out.push((current.0, current.1, html_to_text(rest)));
    out.retain(|(_, heading, text)| !text.trim().is_empty() || !heading.is_empty());
    out
}

impl SearchIndex {
    /// Indexes every lesson whose content `content_of` has, and the glossary.
    pub fn build(
        course: &Course,
        content_of: impl Fn(&str) -> Option<&'static LessonContent>,
        glossary: &[Term],
    ) -> SearchIndex {
        let mut documents = Vec::new();
        for lesson in course.lessons {
            let Some(content) = content_of(lesson.id) else {
                continue;
            };
            let overview = content
                .objectives
                .iter()
                .chain(content.key_points)
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            documents.push(Document::new(
                DocumentKind::Lesson,
                Route::Lesson(lesson.id.into()).href(),
                lesson.title,
                "学習目標・まとめ",
                overview,
            ));
            let html: String = content
                .body
                .iter()
                .filter_map(|s| match s {
                    Segment::Html(h) => Some(*h),
                    Segment::Reflection(_) => None,
                })
                .collect();
            for (anchor, heading, text) in sections(&html) {
                let href = if anchor.is_empty() {
                    Route::Lesson(lesson.id.into()).href()
                } else {
                    Route::LessonAt(lesson.id.into(), anchor).href()
                };
                documents.push(Document::new(
                    DocumentKind::Lesson,
                    href,
                    lesson.title,
                    &heading,
                    text,
                ));
            }
        }
        for term in glossary {
            let text = format!(
                "{} {} {} {}",
                term.term,
                term.aliases.join(" "),
                term.reading,
                term.definition
            );
            documents.push(Document::new(
                DocumentKind::Term,
                Route::Term(term.id.into()).href(),
                term.term,
                "用語集",
                text,
            ));
        }
        SearchIndex { documents }
    }

    /// Every whitespace-separated word of the query must occur (AND). Results in the glossary and
    /// with a match in the title come first, then by how often the words occur, then course order.
    pub fn search(&self, query: &str) -> Vec<Hit<'_>> {
        let words: Vec<String> = fold_query(query)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        if words.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(usize, usize, &Document)> = self
            .documents
            .iter()
            .enumerate()
            .filter_map(|(order, doc)| {
                let mut score = 0;
                for word in &words {
                    let in_title = doc.folded_title.contains(word.as_str());
                    let count = doc.folded.matches(word.as_str()).count();
                    if count == 0 && !in_title {
                        return None;
                    }
                    score += count.min(10) + if in_title { 20 } else { 0 };
                }
                if doc.kind == DocumentKind::Term {
                    score += 5;
                }
                Some((score, order, doc))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .into_iter()
            .map(|(_, _, document)| Hit {
                document,
                snippet: snippet(document, &words),
            })
            .collect()
    }
}

/// About 30 characters before the first match and 70 after, with every query word marked.
fn snippet(doc: &Document, words: &[String]) -> Vec<Piece> {
    const BEFORE: usize = 30;
    const AFTER: usize = 70;
    let folded_chars: Vec<(usize, char)> = doc.folded.char_indices().collect();
    let char_at = |byte: usize| folded_chars.partition_point(|(b, _)| *b < byte);
    let first = words
        .iter()
        .filter_map(|w| doc.folded.find(w.as_str()))
        .min()
        .map_or(0, char_at);
    let start = first.saturating_sub(BEFORE);
    let end = (first + AFTER).min(folded_chars.len());
    // Mark folded chars that belong to any match inside the window.
    let mut marked = vec![false; end - start];
    for word in words {
        let len = word.chars().count();
        for (byte, _) in doc.folded.match_indices(word.as_str()) {
            let at = char_at(byte);
            for i in at..at + len {
                if (start..end).contains(&i) {
                    marked[i - start] = true;
                }
            }
        }
    }
    let original_end = |i: usize| doc.origins.get(i).map_or(doc.text.len(), |o| *o as usize);
    let mut pieces: Vec<Piece> = Vec::new();
    for i in start..end {
        let piece = &doc.text[original_end(i)..original_end(i + 1)];
        let hit = marked[i - start];
        match pieces.last_mut() {
            Some(last) if last.hit == hit => last.text.push_str(piece),
            _ => pieces.push(Piece {
                text: piece.to_owned(),
                hit,
            }),
        }
    }
    if let Some(first) = pieces.first_mut() {
        let trimmed = first.text.trim_start().to_owned();
        first.text = if start > 0 {
            format!("…{trimmed}")
        } else {
            trimmed
        };
    }
    if end < folded_chars.len() {
        if let Some(last) = pieces.last_mut() {
            last.text.push('…');
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_kana_and_case() {
        assert_eq!(fold_query("ﾋﾟｱｻﾎﾟｰﾀｰ"), "ぴあさぽーたー");
        assert_eq!(fold_query("ピアサポーター"), "ぴあさぽーたー");
        assert_eq!(fold_query("ぴあさぽーたー"), "ぴあさぽーたー");
        assert_eq!(fold_query("ＧＨ"), "gh");
        assert_eq!(fold_query("GH"), "gh");
        assert_eq!(fold_query("ｶﾞｲﾄﾞﾗｲﾝ"), "がいどらいん");
        assert_eq!(fold_query("協議の場　８０５０"), "協議の場 8050");
    }

    #[test]
    fn origins_point_back_into_the_original() {
        let (folded, origins) = fold("aｶﾞb");
        assert_eq!(folded, "aがb");
        assert_eq!(origins, vec![0, 1, 7]);
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_to_text("<p>a &amp; b</p><p>c&lt;d</p>").trim(),
            "a & b c<d"
        );
    }

    #[test]
    fn sections_split_at_numbered_headings() {
        let parts = sections(
            "<p>前</p><h2 id=\"s-1\">見出し</h2><p>本文</p><h2 id=\"s-2\">次</h2><p>続き</p>",
        );
        let anchors: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(anchors, vec!["", "s-1", "s-2"]);
        assert_eq!(parts[1].1, "見出し");
        assert!(parts[2].2.contains("続き"));
    }
}
