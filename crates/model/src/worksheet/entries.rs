//! The answerable boxes of a sheet in the order it shows them, what a trainee typed in each (from the
//! live record or an imported export), and how far a sheet is filled in.

use crate::record::LearnerRecord;
use crate::worksheet::keys::{cell_key, field_key, rows_key, table_key};
use crate::worksheet::{Section, Worksheet};
use std::collections::BTreeMap;

/// What a facilitator projects one at a time: the numbered prompts and the other parts trainees write,
/// not the 「あなたについて」 section. Each is (mark, title).
pub fn present_prompts(sheet: &Worksheet) -> Vec<(String, String)> {
    sheet
        .sections
        .iter()
        .filter(|s| !s.profile)
        .map(|s| (s.mark.clone(), s.title.clone()))
        .collect()
}

/// Anything that answers "what was typed under this key": the live record or an imported export.
pub trait Answers {
    fn answer(&self, key: &str) -> &str;
}

impl Answers for LearnerRecord {
    fn answer(&self, key: &str) -> &str {
        self.text(key)
    }
}

impl Answers for BTreeMap<String, String> {
    fn answer(&self, key: &str) -> &str {
        self.get(key).map_or("", String::as_str)
    }
}

/// One answerable box of a sheet, in the order the sheet shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub section: String,
    /// What the box asks, specific enough to stand alone in a CSV row.
    pub label: String,
    pub personal: bool,
}

impl Worksheet {
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Rows a table shows: at least the initial ones, as many as the trainee added, and never fewer
    /// than the last filled row (so an answer cannot hide), capped at the table's maximum.
    pub fn table_rows(&self, section: &Section, answers: &impl Answers) -> u32 {
        let Some(table) = &section.table else {
            return 0;
        };
        let added: u32 = answers
            .answer(&rows_key(&self.id, &section.id))
            .parse()
            .unwrap_or(0);
        let last_filled = (1..=table.max_rows)
            .rev()
            .find(|row| {
                table.columns.iter().any(|c| {
                    !answers
                        .answer(&table_key(&self.id, &section.id, *row, &c.id))
                        .is_empty()
                })
            })
            .unwrap_or(0);
        table
            .initial_rows
            .max(added)
            .max(last_filled)
            .min(table.max_rows)
    }

    pub fn entries(&self, answers: &impl Answers) -> Vec<Entry> {
        let mut entries = Vec::new();
        for section in &self.sections {
            let entry = |key: String, label: String, personal: bool| Entry {
                key,
                section: section.title.clone(),
                label,
                personal,
            };
            for field in &section.fields {
                entries.push(entry(
                    field_key(&self.id, &section.id, &field.id),
                    field.label.clone(),
                    field.personal,
                ));
            }
            if let Some(grid) = &section.grid {
                for row in &grid.rows {
                    for column in &grid.columns {
                        for field in &grid.cell_fields {
                            let label =
                                format!("{} × {}：{}", row.label, column.label, field.label);
                            entries.push(entry(
                                cell_key(&self.id, &section.id, &row.id, &column.id, &field.id),
                                label,
                                false,
                            ));
                        }
                    }
                }
            }
            if let Some(table) = &section.table {
                for row in 1..=self.table_rows(section, answers) {
                    for column in &table.columns {
                        let label = format!("{row}行目：{}", column.label);
                        entries.push(entry(
                            table_key(&self.id, &section.id, row, &column.id),
                            label,
                            column.personal,
                        ));
                    }
                }
            }
        }
        entries
    }

    /// (filled, total) over the sheet's boxes, the trainee's name not counted.
    pub fn progress(&self, answers: &impl Answers) -> (usize, usize) {
        let entries: Vec<Entry> = self
            .entries(answers)
            .into_iter()
            .filter(|e| !e.personal)
            .collect();
        let filled = entries
            .iter()
            .filter(|e| !answers.answer(&e.key).trim().is_empty())
            .count();
        (filled, entries.len())
    }
}
