//! What the instructor view makes of many exports: the グループワークのまとめ (answers to each prompt by
//! 職種) and how a grid was filled across a cohort.

use crate::worksheet::entries::Answers;
use crate::worksheet::keys::{cell_key, field_key};
use crate::worksheet::{FieldKind, NO_GROUP, Section, Worksheet, WorksheetExport};
use std::collections::BTreeMap;

/// One group's answers to one prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupAnswers {
    pub group: String,
    pub texts: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromptSummary {
    /// The section the prompt is, for what the page shows beside it (the 2019 answers).
    pub section: String,
    pub mark: String,
    pub label: String,
    pub groups: Vec<GroupAnswers>,
}

/// The report's グループワークのまとめ: for each prompt, the answers under （保健師）（看護師）….
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupWorkSummary {
    /// Trainees per group, in the order of the group question's options, then 職種無回答.
    pub counts: Vec<(String, u32)>,
    pub prompts: Vec<PromptSummary>,
}

pub fn group_work_summary(sheet: &Worksheet, exports: &[&WorksheetExport]) -> GroupWorkSummary {
    let order = group_order(sheet);
    let rank = |group: &str| order.iter().position(|g| g == group).unwrap_or(order.len());
    let mut counts: BTreeMap<(usize, String), u32> = BTreeMap::new();
    for export in exports {
        let group = export.group(sheet);
        *counts.entry((rank(&group), group)).or_default() += 1;
    }
    let mut prompts = Vec::new();
    for section in sheet.sections.iter().filter(|s| !s.profile) {
        for field in section
            .fields
            .iter()
            .filter(|f| !f.personal && matches!(f.kind, FieldKind::Text | FieldKind::Line))
        {
            let key = field_key(&sheet.id, &section.id, &field.id);
            let mut by_group: BTreeMap<(usize, String), Vec<String>> = BTreeMap::new();
            for export in exports {
                let text = export.answers.answer(&key).trim();
                if !text.is_empty() {
                    let group = export.group(sheet);
                    by_group
                        .entry((rank(&group), group))
                        .or_default()
                        .push(text.to_owned());
                }
            }
            let label = if section.fields.len() == 1 {
                section.title.clone()
            } else {
                field.label.clone()
            };
            prompts.push(PromptSummary {
                section: section.id.clone(),
                mark: section.mark.clone(),
                label,
                groups: by_group
                    .into_iter()
                    .map(|((_, group), texts)| GroupAnswers { group, texts })
                    .collect(),
            });
        }
    }
    GroupWorkSummary {
        counts: counts.into_iter().map(|((_, g), n)| (g, n)).collect(),
        prompts,
    }
}

fn group_order(sheet: &Worksheet) -> Vec<String> {
    let field = sheet.group_by.split_once('/').and_then(|(section, field)| {
        sheet
            .section(section)
            .and_then(|s| s.fields.iter().find(|f| f.id == field))
    });
    let mut order: Vec<String> = field.map(|f| f.options.clone()).unwrap_or_default();
    order.push(NO_GROUP.into());
    order
}

/// How a grid was filled across a cohort: per cell, how many trainees wrote anything in it, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GridFill {
    pub trainees: u32,
    /// `counts[row][column]`.
    pub counts: Vec<Vec<u32>>,
    /// `texts[row][column][cell field]`: every non-empty answer.
    pub texts: Vec<Vec<Vec<Vec<String>>>>,
}

pub fn grid_fill(
    sheet: &Worksheet,
    section: &Section,
    exports: &[&WorksheetExport],
) -> Option<GridFill> {
    let grid = section.grid.as_ref()?;
    let mut counts = vec![vec![0u32; grid.columns.len()]; grid.rows.len()];
    let mut texts =
        vec![vec![vec![Vec::new(); grid.cell_fields.len()]; grid.columns.len()]; grid.rows.len()];
    for export in exports {
        for (r, row) in grid.rows.iter().enumerate() {
            for (c, column) in grid.columns.iter().enumerate() {
                let mut filled = false;
                for (f, field) in grid.cell_fields.iter().enumerate() {
                    let text = export
                        .answers
                        .answer(&cell_key(
                            &sheet.id,
                            &section.id,
                            &row.id,
                            &column.id,
                            &field.id,
                        ))
                        .trim();
                    if !text.is_empty() {
                        filled = true;
                        texts[r][c][f].push(text.to_owned());
                    }
                }
                counts[r][c] += u32::from(filled);
            }
        }
    }
    Some(GridFill {
        trainees: exports.len() as u32,
        counts,
        texts,
    })
}
