//! The compiler of content/model_2019.toml, the 2019 model training's programme that the facilitator's
//! programme editor starts from. It checks the kinds, the times and every lesson, worksheet and case the
//! items name, reports every error at once as file:line like the other content compilers, and emits JSON in
//! the shape of the programme file (crates/model/src/session/mod.rs `Programme`), which the app reads back.

use crate::course::{ContentError, SourceFile, toml_error};
// The same limits and kinds the app checks in a programme it imports.
use nimo_model::session::{ItemKind, MAX_ITEM_MINUTES, MAX_ITEMS, MAX_TEXT_CHARS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeSeed {
    pub title: String,
    // The programme file's own fields, empty in the seed: the facilitator fills them in.
    #[serde(default, skip_deserializing)]
    pub date: String,
    #[serde(default, skip_deserializing)]
    pub place: String,
    #[serde(default, skip_deserializing)]
    pub code: String,
    /// `HH:MM`.
    pub start: String,
    pub items: Vec<ItemSeed>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSeed {
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub theme: String,
    pub minutes: u32,
    #[serde(default)]
    pub lessons: Vec<String>,
    #[serde(default)]
    pub worksheets: Vec<String>,
    #[serde(default)]
    pub cases: Vec<String>,
    #[serde(default)]
    pub survey: bool,
    #[serde(default)]
    pub notes: String,
}

/// What the items may name.
pub struct ProgrammeRefs<'a> {
    pub lesson_ids: &'a BTreeSet<String>,
    pub worksheet_ids: &'a BTreeSet<String>,
    pub case_ids: &'a BTreeSet<String>,
}

fn valid_time(text: &str) -> bool {
    let Some((h, m)) = text.split_once(':') else {
        return false;
    };
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    digits(h, 2)
        && digits(m, 2)
        && h.parse::<u32>().is_ok_and(|h| h < 24)
        && m.parse::<u32>().is_ok_and(|m| m < 60)
}

pub fn compile_programme(
    file: &SourceFile,
    refs: &ProgrammeRefs<'_>,
) -> Result<ProgrammeSeed, Vec<ContentError>> {
    let seed: ProgrammeSeed =
        toml::from_str(&file.text).map_err(|e| vec![toml_error(file, 1, &file.text, &e)])?;
    let mut errors = Vec::new();
    let error = |line: usize, message: String| file.error(line, message);
    let lines: Vec<&str> = file.text.lines().collect();
    let key_line = |key: &str| {
        lines
            .iter()
            .position(|l| l.trim_start().starts_with(&format!("{key} =")))
            .map_or(1, |i| i + 1)
    };
    if !valid_time(&seed.start) {
        errors.push(error(
            key_line("start"),
            format!(
                "start は「10:00」の形の時刻で書きます（いまは「{}」）",
                seed.start
            ),
        ));
    }
    if seed.items.is_empty() || seed.items.len() > MAX_ITEMS {
        errors.push(error(
            key_line("start"),
            format!("項目（[[items]]）は1〜{MAX_ITEMS}個にします"),
        ));
    }
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[items]]")
        .map(|(i, _)| i)
        .collect();
    for (index, item) in seed.items.iter().enumerate() {
        let start = starts.get(index).copied().unwrap_or(0);
        let end = starts.get(index + 1).copied().unwrap_or(lines.len());
        let at = |needle: &str| {
            (start..end)
                .find(|&i| lines[i].trim_start().starts_with(needle))
                .map_or(start + 1, |i| i + 1)
        };
        let place = format!("{}番目の項目「{}」", index + 1, item.title);
        if ItemKind::from_id(&item.kind).is_none() {
            let kinds: Vec<&str> = ItemKind::ALL.iter().map(|k| k.id()).collect();
            errors.push(error(
                at("kind"),
                format!(
                    "{place}の kind「{}」は使えません（{}）",
                    item.kind,
                    kinds.join("・")
                ),
            ));
        }
        if !(1..=MAX_ITEM_MINUTES).contains(&item.minutes) {
            errors.push(error(
                at("minutes"),
                format!("{place}の時間は1〜{MAX_ITEM_MINUTES}分にします"),
            ));
        }
        for (key, ids, known, what) in [
            ("lessons", &item.lessons, refs.lesson_ids, "講義"),
            (
                "worksheets",
                &item.worksheets,
                refs.worksheet_ids,
                "ワークシート",
            ),
            ("cases", &item.cases, refs.case_ids, "事例"),
        ] {
            for id in ids.iter().filter(|id| !known.contains(*id)) {
                errors.push(error(
                    at(key),
                    format!("{place}の{what}「{id}」はありません"),
                ));
            }
        }
        if [&item.title, &item.theme, &item.notes]
            .iter()
            .any(|t| t.chars().count() > MAX_TEXT_CHARS)
        {
            errors.push(error(
                start + 1,
                format!("{place}の文章は{MAX_TEXT_CHARS}文字までにします"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(seed)
    } else {
        Err(errors)
    }
}

pub fn emit_programme(seed: &ProgrammeSeed) -> String {
    serde_json::to_string(seed).expect("a programme is strings and numbers only")
}
