//! The shape of the 2019 model training's reference material as written in content/: the published
//! survey results (content/baseline_2019.toml) and the group-work answers by 職種
//! (content/group_work_2019.toml). build.rs reads the TOML into these types, checks every id against the
//! survey and the worksheets, and writes JSON that the app reads back into the same types.
//! This file must not use anything else from the crate: build.rs includes it by path.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The option key of 無回答 in `counts` and `percents` (the same id the aggregation uses).
pub const NO_ANSWER_KEY: &str = "no_answer";

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// 「2019年モデル研修」: the column heading adds 「（37人）」.
    pub title: String,
    /// When and where, as the report gives it (shown in the note under the switch).
    pub held: String,
    pub participants: u32,
    pub respondents: u32,
    /// The report, chapter and section the figures come from.
    pub source: String,
    /// How the figures were read from the report's charts, shown to instructors beside the source.
    #[serde(default)]
    pub reading_note: String,
    pub tables: Vec<BaselineTable>,
    #[serde(default)]
    pub free_text: Vec<FreeTextThemes>,
}

/// One published table: a closed question, or one item of a matrix question.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineTable {
    pub question: String,
    /// The matrix item id; empty for a single or multiple question.
    #[serde(default)]
    pub item: String,
    /// Option id (and `no_answer`) → 件数.
    pub counts: BTreeMap<String, u32>,
    /// Option id (and `no_answer`) → % as printed, one decimal ("54.1").
    pub percents: BTreeMap<String, String>,
    /// How the figures were reconstructed from the report's chart text (for maintainers).
    #[serde(default)]
    pub note: String,
}

/// The report's free-text answers to one question, as a few themes with short quotations.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FreeTextThemes {
    pub question: String,
    pub themes: Vec<GroupWorkTheme>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GroupWorkTheme {
    /// The theme in the site's own words.
    pub summary: String,
    /// Short quotations from the report, without the 「」 (the view adds them).
    pub quotes: Vec<String>,
}

impl Baseline {
    /// The table of a question, or of one item of a matrix question (`item` empty otherwise).
    pub fn table(&self, question: &str, item: &str) -> Option<&BaselineTable> {
        self.tables
            .iter()
            .find(|t| t.question == question && t.item == item)
    }

    /// 「2019年モデル研修（37人）」: the heading of the comparison column and of the CSV's extra columns' meaning.
    pub fn heading(&self) -> String {
        format!("{}（{}人）", self.title, self.respondents)
    }

    pub fn themes(&self, question: &str) -> Option<&FreeTextThemes> {
        self.free_text.iter().find(|f| f.question == question)
    }
}

impl BaselineTable {
    /// 件数 and % (in tenths) of one option, or of `no_answer`.
    pub fn cell(&self, option: &str) -> Option<(u32, u32)> {
        let count = *self.counts.get(option)?;
        let tenths = parse_tenths(self.percents.get(option)?)?;
        Some((count, tenths))
    }
}

/// "54.1" → 541. Exactly one decimal, as the report prints; anything else is `None`.
pub fn parse_tenths(text: &str) -> Option<u32> {
    let (whole, tenth) = text.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || tenth.len() != 1 || !digits(tenth) || whole.len() > 3 {
        return None;
    }
    Some(whole.parse::<u32>().ok()? * 10 + tenth.parse::<u32>().ok()?)
}

/// The report's グループワークのまとめ: answers to each prompt of a worksheet, by 職種.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GroupWorkReference {
    /// The worksheet whose prompts these answer.
    pub sheet: String,
    /// The heading of the collapsible block.
    pub title: String,
    /// Said once above the answers: where they come from and how they were chosen.
    pub note: String,
    pub source: String,
    pub prompts: Vec<ReferencePrompt>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReferencePrompt {
    /// A section id of the worksheet (q1 … q4).
    pub section: String,
    pub groups: Vec<ReferenceGroup>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceGroup {
    /// A 職種 of the sheet's grouping question, or 「共通」 (answers the report gives for all).
    pub group: String,
    /// The report's answers, quoted without the 「」 (the view adds them).
    pub answers: Vec<String>,
}

impl GroupWorkReference {
    pub fn prompt(&self, section: &str) -> Option<&ReferencePrompt> {
        self.prompts.iter().find(|p| p.section == section)
    }
}
