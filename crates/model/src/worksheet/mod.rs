//! Worksheets: where each answer is kept in the learner record, clearing with undo, the anonymous export
//! an instructor gathers, and what the instructor view makes of many exports.
//!
//! Answers live in the record's `texts` under `ws/<sheet>/<section>/<item>`, so they autosave, merge
//! across tabs entry by entry, and travel in backups like every other typed answer.

pub mod def;

pub use crate::worksheet::def::*;

use crate::case::CasePlay;
use crate::io::date::Day;
use crate::io::import::{Export, ExportKind, ImportBatch, ImportError, check_version, read_head};
use crate::record::LearnerRecord;
use crate::record::backup::{RestoreError, parse_backup};
use crate::survey::normalise_session_code;
use crate::text::csv::CsvWriter;
use crate::text::width_fold;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

pub const KEY_PREFIX: &str = "ws/";
pub const EXPORT_FORMAT: &str = "nimo-kenshu-worksheets";
pub const EXPORT_SCHEMA_VERSION: u32 = 1;
/// A cell may hold 50,000 characters and a sheet dozens of cells; a backup is capped at 5 MB, and so
/// is this export.
pub const MAX_EXPORT_BYTES: u64 = 5 * 1024 * 1024;
/// What the instructor view calls answers whose 職種 was left blank.
pub const NO_GROUP: &str = "職種無回答";

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

pub fn sheet_prefix(sheet: &str) -> String {
    format!("{KEY_PREFIX}{sheet}/")
}

pub fn field_key(sheet: &str, section: &str, field: &str) -> String {
    format!("{KEY_PREFIX}{sheet}/{section}/{field}")
}

pub fn cell_key(sheet: &str, section: &str, row: &str, column: &str, field: &str) -> String {
    format!("{KEY_PREFIX}{sheet}/{section}/{row}.{column}.{field}")
}

/// Table rows are numbered from 1 as printed.
pub fn table_key(sheet: &str, section: &str, row: u32, column: &str) -> String {
    format!("{KEY_PREFIX}{sheet}/{section}/{row}.{column}")
}

/// How many rows the trainee has added to a table; kept as text like every other entry.
pub fn rows_key(sheet: &str, section: &str) -> String {
    format!("{KEY_PREFIX}{sheet}/{section}/#rows")
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

    /// Whether `key` holds the trainee's own name (a field or table column marked personal).
    fn is_personal(&self, key: &str) -> bool {
        let Some((section_id, item)) = key
            .strip_prefix(&sheet_prefix(&self.id))
            .and_then(|rest| rest.split_once('/'))
        else {
            return false;
        };
        let Some(section) = self.section(section_id) else {
            return false;
        };
        // A table cell is `<row>.<column>`; a plain field is its id (ids never contain dots).
        let column = item.split_once('.').map(|(_, column)| column);
        section.fields.iter().any(|f| f.personal && f.id == item)
            || section.table.as_ref().is_some_and(|t| {
                t.columns
                    .iter()
                    .any(|c| c.personal && Some(c.id.as_str()) == column)
            })
    }
}

/// What a clear took away, so that 「元に戻す」 can put it back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cleared {
    pub sheet: String,
    pub values: Vec<(String, String)>,
}

/// Empties every answer of a sheet (including added table rows). Returns `None` when there was nothing
/// to clear, so the undo offer does not replace an earlier, still useful one.
pub fn clear_sheet(record: &mut LearnerRecord, sheet: &str) -> Option<Cleared> {
    let prefix = sheet_prefix(sheet);
    let values: Vec<(String, String)> = record
        .texts
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .filter(|(_, v)| !v.value.is_empty())
        .map(|(k, v)| (k.clone(), v.value.clone()))
        .collect();
    if values.is_empty() {
        return None;
    }
    for (key, _) in &values {
        record.set_text(key, "");
    }
    Some(Cleared {
        sheet: sheet.to_owned(),
        values,
    })
}

/// Puts a clear back. A box typed into since the clear keeps its new text: undo never overwrites work.
pub fn undo_clear(record: &mut LearnerRecord, cleared: &Cleared) {
    for (key, value) in &cleared.values {
        if record.text(key).is_empty() {
            record.set_text(key, value);
        }
    }
}

/// The anonymous file a trainee hands to the instructor: every sheet answer except their name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorksheetExport {
    pub format: String,
    pub schema_version: u32,
    pub respondent_id: String,
    #[serde(default)]
    pub session_code: String,
    /// A date only, as in the survey export.
    pub exported_on: String,
    pub answers: BTreeMap<String, String>,
    /// Case scenario plays (paths, endings), by case id; files written before cases existed have none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cases: BTreeMap<String, CasePlay>,
}

impl WorksheetExport {
    pub fn from_record(
        record: &LearnerRecord,
        sheets: &[Worksheet],
        today: Day,
    ) -> WorksheetExport {
        let answers = record
            .texts
            .iter()
            .filter(|(key, value)| exportable(sheets, key, &value.value))
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect();
        WorksheetExport {
            format: EXPORT_FORMAT.into(),
            schema_version: EXPORT_SCHEMA_VERSION,
            respondent_id: record.respondent_id.clone(),
            session_code: normalise_session_code(record.session_code()),
            exported_on: today.to_string(),
            answers,
            cases: record
                .cases
                .iter()
                .map(|(id, play)| (id.clone(), play.value.clone()))
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.cases.is_empty()
    }

    /// Whether `from_record` would have anything to export, without building the export.
    pub fn has_anything_in(record: &LearnerRecord, sheets: &[Worksheet]) -> bool {
        !record.cases.is_empty()
            || record
                .texts
                .iter()
                .any(|(key, value)| exportable(sheets, key, &value.value))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("an export of strings always serialises")
    }

    /// `nimo-worksheets-<session>-<date>-<short id>.json`
    pub fn file_name(&self) -> String {
        let session = if self.session_code.is_empty() {
            "nocode"
        } else {
            &self.session_code
        };
        let short: String = self.respondent_id.chars().take(8).collect();
        format!(
            "nimo-worksheets-{session}-{}-{short}.json",
            self.exported_on
        )
    }

    /// The answer this export gives to a sheet's `group_by` question (職種), or 「職種無回答」.
    pub fn group(&self, sheet: &Worksheet) -> String {
        let Some((section, field)) = sheet.group_by.split_once('/') else {
            return NO_GROUP.into();
        };
        match self
            .answers
            .answer(&field_key(&sheet.id, section, field))
            .trim()
        {
            "" => NO_GROUP.into(),
            group => group.to_owned(),
        }
    }
}

/// A non-empty sheet answer that is not the trainee's name. Answers to a sheet this version no longer
/// has are still the trainee's work and go too.
fn exportable(sheets: &[Worksheet], key: &str, text: &str) -> bool {
    key.starts_with(KEY_PREFIX)
        && !is_row_count(key)
        && !text.trim().is_empty()
        && sheet_of(sheets, key).is_none_or(|sheet| !sheet.is_personal(key))
}

fn is_row_count(key: &str) -> bool {
    key.ends_with("/#rows")
}

fn sheet_of<'a>(sheets: &'a [Worksheet], key: &str) -> Option<&'a Worksheet> {
    let rest = key.strip_prefix(KEY_PREFIX)?;
    let (sheet, _) = rest.split_once('/')?;
    sheets.iter().find(|s| s.id == sheet)
}

/// Reads a worksheet export, or a full backup (「すべての記録を書き出す」), which carries the same
/// answers; from a backup only the sheet answers are taken, and never the trainee's name.
pub fn parse_import(
    text: &str,
    sheets: &[Worksheet],
    today: Day,
) -> Result<WorksheetExport, ImportError> {
    let head = read_head(
        text,
        MAX_EXPORT_BYTES,
        &[ExportKind::Worksheets, ExportKind::Backup],
    )?;
    let export = if head.kind == ExportKind::Worksheets {
        check_version(&head, EXPORT_SCHEMA_VERSION)?;
        let mut export: WorksheetExport =
            serde_json::from_str(text).map_err(|e| ImportError::Invalid(e.to_string()))?;
        if Day::parse(&export.exported_on).is_none() {
            return Err(ImportError::Invalid(
                "exported_on が日付ではありません".into(),
            ));
        }
        // A hand-edited file could carry a name; the instructor view never shows one.
        export
            .answers
            .retain(|key, _| sheet_of(sheets, key).is_none_or(|s| !s.is_personal(key)));
        export
    } else {
        let restored = parse_backup(text).map_err(|e| match e {
            RestoreError::Newer => ImportError::Newer,
            other => ImportError::Invalid(other.to_string()),
        })?;
        WorksheetExport::from_record(&restored.record, sheets, restored.exported_on.min(today))
    };
    if export.respondent_id.is_empty() {
        return Err(ImportError::Invalid("respondent_id が空です".into()));
    }
    if export.is_empty() {
        return Err(ImportError::NoAnswers);
    }
    Ok(export)
}

/// A trainee who hands in twice (an export and a backup, or two exports) shares the respondent id: it is
/// the duplicate key, so they count once, with their most recent file.
impl Export for WorksheetExport {
    type Key = String;
    fn duplicate_key(&self) -> String {
        self.respondent_id.clone()
    }
    fn exported_on(&self) -> &str {
        &self.exported_on
    }
}

/// Many trainees' worksheet exports (see `ImportBatch` for the duplicate rule).
pub type WorksheetBatch = ImportBatch<WorksheetExport>;

impl ImportBatch<WorksheetExport> {
    pub fn exports(&self) -> Vec<&WorksheetExport> {
        self.accepted.iter().collect()
    }
}

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

/// Every sheet answer of every trainee, one row each, for Excel.
pub fn csv_answers(sheets: &[Worksheet], exports: &[&WorksheetExport]) -> String {
    let mut csv = CsvWriter::new();
    csv.row(&[
        "respondent_id",
        "session_code",
        "group",
        "worksheet",
        "section",
        "item",
        "text",
    ]);
    let group_sheet = sheets.iter().find(|s| !s.group_by.is_empty());
    for export in exports {
        let group = group_sheet.map_or_else(|| NO_GROUP.to_owned(), |s| export.group(s));
        let mut described = HashSet::new();
        for sheet in sheets {
            for entry in sheet
                .entries(&export.answers)
                .into_iter()
                .filter(|e| !e.personal)
            {
                let Some(text) = export.answers.get(&entry.key) else {
                    continue;
                };
                csv.row(&[
                    &export.respondent_id,
                    &export.session_code,
                    &group,
                    &sheet.title,
                    &entry.section,
                    &entry.label,
                    text,
                ]);
                described.insert(entry.key);
            }
        }
        // Answers to sheets or boxes this version does not have are listed by key rather than lost.
        for (key, text) in &export.answers {
            if !described.contains(key) && !is_row_count(key) {
                csv.row(&[
                    &export.respondent_id,
                    &export.session_code,
                    &group,
                    "",
                    "",
                    key,
                    text,
                ]);
            }
        }
    }
    csv.finish()
}

/// Something in a text that looks like it could identify a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrivacyHint {
    pub kind: PrivacyKind,
    pub found: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrivacyKind {
    Phone,
    Email,
    PostalCode,
    LongNumber,
    BirthDate,
    Name,
}

impl PrivacyKind {
    pub fn label(self) -> &'static str {
        match self {
            PrivacyKind::Phone => "電話番号のような数字",
            PrivacyKind::Email => "メールアドレス",
            PrivacyKind::PostalCode => "郵便番号",
            PrivacyKind::LongNumber => "番号（保険証・マイナンバーなど）のような長い数字",
            PrivacyKind::BirthDate => "生年月日",
            PrivacyKind::Name => "人の名前のような言葉",
        }
    }
}

/// Words that end in さん/様 without being anyone's name: roles and relations the sources use.
const NOT_NAMES: &[&str] = &[
    "本人",
    "家族",
    "母",
    "父",
    "息子",
    "娘",
    "兄",
    "弟",
    "姉",
    "妹",
    "夫",
    "妻",
    "祖母",
    "祖父",
    "患者",
    "利用者",
    "相談員",
    "保健師",
    "看護師",
    "医師",
    "先生",
    "主治医",
    "相談支援専門員",
    "精神保健福祉士",
    "社会福祉士",
    "介護支援専門員",
    "支援者",
    "職員",
    "担当者",
    "民生委員",
    "大家",
    "管理人",
    "近所",
    "隣人",
    "当事者",
    "住民",
    "仲間",
    "皆",
    "皆様",
    "奥",
    "お母",
    "お父",
    "お兄",
    "お姉",
    "お客",
    "ヘルパー",
    "ケアマネ",
    "ワーカー",
    "ピアサポーター",
    "スタッフ",
];

/// Flags obvious personal data: phone and long numbers, e-mail and postal addresses, birth dates and
/// name-like words before さん/様/氏. It cannot prove a text anonymous; it catches the common slips.
pub fn privacy_hints(text: &str) -> Vec<PrivacyHint> {
    let chars: Vec<char> = text.chars().map(fold_for_hints).collect();
    let mut hints = Vec::new();
    let mut push = |kind, found: String| {
        if !hints
            .iter()
            .any(|h: &PrivacyHint| h.kind == kind && h.found == found)
        {
            hints.push(PrivacyHint { kind, found });
        }
    };
    number_hints(&chars, &mut push);
    for (i, c) in chars.iter().enumerate() {
        if *c == '@' {
            let local = chars[..i]
                .iter()
                .rev()
                .take_while(|c| is_mail_char(**c))
                .count();
            let domain: String = chars[i + 1..]
                .iter()
                .take_while(|c| is_mail_char(**c))
                .collect();
            if local > 0 && domain.contains('.') {
                let start = i - local;
                push(
                    PrivacyKind::Email,
                    chars[start..i + 1 + domain.chars().count()]
                        .iter()
                        .collect(),
                );
            }
        }
    }
    let folded: String = chars.iter().collect();
    if folded.contains("生年月日") {
        push(PrivacyKind::BirthDate, "生年月日".into());
    }
    for (i, window) in chars.windows(2).enumerate() {
        if window == ['日', '生']
            && chars[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_digit() || matches!(c, '年' | '月'))
                .count()
                >= 5
        {
            let start = chars[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_digit() || matches!(c, '年' | '月'))
                .count();
            push(
                PrivacyKind::BirthDate,
                chars[i - start..i + 2].iter().collect(),
            );
        }
    }
    name_hints(&chars, &mut push);
    hints
}

/// Full-width letters, digits and signs as ASCII (`text::width_fold`), and the dashes people type
/// inside numbers as `-`.
fn fold_for_hints(c: char) -> char {
    match width_fold(c) {
        '‐' | '−' | '―' => '-',
        c => c,
    }
}

fn is_mail_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+')
}

fn number_hints(chars: &[char], push: &mut impl FnMut(PrivacyKind, String)) {
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // A run of digits joined by the separators people type inside numbers.
        let start = i;
        let mut end = i;
        let mut j = i;
        while j < chars.len()
            && (chars[j].is_ascii_digit() || matches!(chars[j], '-' | 'ー' | '(' | ')' | ' '))
        {
            if chars[j].is_ascii_digit() {
                end = j + 1;
            }
            j += 1;
        }
        let run: String = chars[start..end].iter().collect();
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        let postal = start > 0 && chars[start - 1] == '〒';
        let groups: Vec<usize> = run
            .split(|c: char| !c.is_ascii_digit())
            .filter(|g| !g.is_empty())
            .map(str::len)
            .collect();
        if postal || groups == [3, 4] {
            push(PrivacyKind::PostalCode, run);
        } else if digits.starts_with('0') && (10..=11).contains(&digits.len()) {
            push(PrivacyKind::Phone, run);
        } else if digits.len() >= 10 {
            push(PrivacyKind::LongNumber, run);
        }
        i = end.max(i + 1);
    }
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2FFFF}' | '々')
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

fn name_hints(chars: &[char], push: &mut impl FnMut(PrivacyKind, String)) {
    for honorific in [
        &['さ', 'ん'][..],
        &['様'][..],
        &['氏'][..],
        &['く', 'ん'][..],
        &['ち', 'ゃ', 'ん'][..],
    ] {
        for i in 0..chars.len() {
            if !chars[i..].starts_with(honorific) {
                continue;
            }
            let before = &chars[..i];
            let kanji = before.iter().rev().take_while(|c| is_kanji(**c)).count();
            let kana = before.iter().rev().take_while(|c| is_katakana(**c)).count();
            let length = kanji.max(kana);
            if length < 2 {
                // 「Bさん」「母さん」: a letter or one character is how the sources anonymise.
                continue;
            }
            let word: String = before[i - length..].iter().collect();
            if NOT_NAMES.iter().any(|n| word.ends_with(n)) {
                continue;
            }
            let mut found = word;
            found.extend(honorific);
            push(PrivacyKind::Name, found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Worksheet {
        let text = |id: &str, label: &str| Field {
            id: id.into(),
            label: label.into(),
            kind: FieldKind::Text,
            options: vec![],
            options_from_survey: None,
            personal: false,
            hint: String::new(),
            example: String::new(),
        };
        let axis = |id: &str, label: &str| Axis {
            id: id.into(),
            label: label.into(),
            note: String::new(),
            hints: vec![],
        };
        Worksheet {
            id: "gw".into(),
            number: 1,
            title: "グループワーク".into(),
            summary: String::new(),
            intro: String::new(),
            landscape: false,
            lessons: vec![],
            sources: vec!["出典".into()],
            example_note: String::new(),
            privacy_check: false,
            group_by: "profile/job".into(),
            sections: vec![
                Section {
                    id: "profile".into(),
                    title: "あなたについて".into(),
                    intro: String::new(),
                    mark: String::new(),
                    profile: true,
                    fields: vec![
                        Field {
                            personal: true,
                            kind: FieldKind::Line,
                            ..text("name", "氏名")
                        },
                        Field {
                            kind: FieldKind::Choice,
                            options: vec!["保健師".into(), "看護師".into()],
                            ..text("job", "職種")
                        },
                    ],
                    grid: None,
                    table: None,
                },
                Section {
                    id: "p1".into(),
                    title: "課題".into(),
                    intro: String::new(),
                    mark: "①".into(),
                    profile: false,
                    fields: vec![text("text", "課題")],
                    grid: None,
                    table: None,
                },
                Section {
                    id: "grid".into(),
                    title: "表".into(),
                    intro: String::new(),
                    mark: String::new(),
                    profile: false,
                    fields: vec![],
                    grid: Some(Grid {
                        row_heading: "要素".into(),
                        column_heading: "システム".into(),
                        rows: vec![axis("r1", "保健・予防"), axis("r2", "医療・保健")],
                        columns: vec![axis("c1", "地域精神医療システム")],
                        cell_fields: vec![CellField {
                            id: "now".into(),
                            label: "現状".into(),
                        }],
                        timeline: vec![],
                        hints_title: String::new(),
                        examples: vec![],
                    }),
                    table: None,
                },
                Section {
                    id: "plan".into(),
                    title: "ロードマップ".into(),
                    intro: String::new(),
                    mark: String::new(),
                    profile: false,
                    fields: vec![],
                    grid: None,
                    table: Some(Table {
                        columns: vec![text("who", "だれが"), text("what", "なにを")],
                        initial_rows: 2,
                        max_rows: 5,
                        examples: vec![],
                    }),
                },
            ],
        }
    }

    fn record() -> LearnerRecord {
        LearnerRecord::new([3; 16], [4; 8])
    }

    fn day() -> Day {
        Day::new(2026, 11, 21).unwrap()
    }

    #[test]
    fn entries_cover_fields_grid_cells_and_table_rows() {
        let sheet = sheet();
        let keys: Vec<String> = sheet
            .entries(&record())
            .into_iter()
            .map(|e| e.key)
            .collect();
        assert_eq!(
            keys,
            [
                "ws/gw/profile/name",
                "ws/gw/profile/job",
                "ws/gw/p1/text",
                "ws/gw/grid/r1.c1.now",
                "ws/gw/grid/r2.c1.now",
                "ws/gw/plan/1.who",
                "ws/gw/plan/1.what",
                "ws/gw/plan/2.who",
                "ws/gw/plan/2.what",
            ]
        );
    }

    #[test]
    fn table_rows_grow_with_added_rows_and_never_hide_a_filled_row() {
        let sheet = sheet();
        let plan = sheet.section("plan").unwrap();
        let mut r = record();
        assert_eq!(sheet.table_rows(plan, &r), 2);
        r.set_text(&rows_key("gw", "plan"), "3");
        assert_eq!(sheet.table_rows(plan, &r), 3);
        r.set_text(&table_key("gw", "plan", 4, "what"), "評価");
        assert_eq!(sheet.table_rows(plan, &r), 4);
        r.set_text(&rows_key("gw", "plan"), "99");
        assert_eq!(sheet.table_rows(plan, &r), 5, "capped at max_rows");
    }

    #[test]
    fn progress_ignores_the_name() {
        let sheet = sheet();
        let mut r = record();
        r.set_text("ws/gw/profile/name", "研修 花子");
        r.set_text("ws/gw/p1/text", "課題");
        assert_eq!(sheet.progress(&r), (1, 8));
    }

    #[test]
    fn clear_then_undo_restores_but_keeps_newer_typing() {
        let mut r = record();
        r.set_text("ws/gw/p1/text", "一");
        r.set_text("ws/gw/grid/r1.c1.now", "二");
        r.set_text("ws/other/p1/text", "別のシート");
        let cleared = clear_sheet(&mut r, "gw").unwrap();
        assert_eq!(cleared.values.len(), 2);
        assert_eq!(r.text("ws/gw/p1/text"), "");
        assert_eq!(r.text("ws/other/p1/text"), "別のシート");
        assert!(clear_sheet(&mut r, "gw").is_none(), "nothing left to clear");
        r.set_text("ws/gw/p1/text", "新しく書いた");
        undo_clear(&mut r, &cleared);
        assert_eq!(r.text("ws/gw/p1/text"), "新しく書いた");
        assert_eq!(r.text("ws/gw/grid/r1.c1.now"), "二");
    }

    #[test]
    fn export_leaves_out_the_name_and_empty_boxes_and_keeps_rare_characters() {
        let mut r = record();
        r.set_text("ws/gw/profile/name", "研修 花子");
        r.set_text("ws/gw/profile/job", "保健師");
        r.set_text("ws/gw/p1/text", "𠮷野家の髙橋さん 😀");
        r.set_text("ws/gw/grid/r1.c1.now", "");
        r.set_text("ws/gw/plan/#rows", "3");
        r.set_text("lesson/a/r", "振り返りは入らない");
        r.set_session_code("ｎｉｍｏ-1");
        let export = WorksheetExport::from_record(&r, &[sheet()], day());
        assert_eq!(
            export.answers.keys().collect::<Vec<_>>(),
            ["ws/gw/p1/text", "ws/gw/profile/job"]
        );
        assert_eq!(export.session_code, "nimo-1");
        let back = parse_import(&export.to_json(), &[sheet()], day()).unwrap();
        assert_eq!(back, export);
        assert_eq!(back.answers["ws/gw/p1/text"], "𠮷野家の髙橋さん 😀");
        assert_eq!(
            export.file_name(),
            format!("nimo-worksheets-nimo-1-2026-11-21-{}.json", "03030303")
        );
    }

    #[test]
    fn there_is_something_to_export_exactly_when_the_export_is_not_empty() {
        let sheets = [sheet()];
        let mut r = record();
        let agree = |r: &LearnerRecord| {
            assert_eq!(
                WorksheetExport::has_anything_in(r, &sheets),
                !WorksheetExport::from_record(r, &sheets, day()).is_empty()
            );
            WorksheetExport::has_anything_in(r, &sheets)
        };
        assert!(!agree(&r));
        r.set_text("ws/gw/profile/name", "研修 花子");
        r.set_text("ws/gw/plan/#rows", "3");
        assert!(!agree(&r), "a name alone is not something to hand in");
        r.set_text("ws/gw/plan/1.who", "市");
        assert!(agree(&r));
        let mut only_case = record();
        only_case.set_case_play(
            "c",
            CasePlay {
                choices: vec![0],
                ..CasePlay::default()
            },
        );
        assert!(agree(&only_case));
    }

    #[test]
    fn a_fifty_thousand_character_answer_round_trips() {
        let mut r = record();
        let long = "髙".repeat(50_000);
        r.set_text("ws/gw/p1/text", &long);
        let export = WorksheetExport::from_record(&r, &[sheet()], day());
        assert_eq!(
            parse_import(&export.to_json(), &[sheet()], day())
                .unwrap()
                .answers["ws/gw/p1/text"],
            long
        );
    }

    #[test]
    fn case_plays_travel_in_the_export() {
        let mut r = record();
        r.set_case_play(
            "jirei-65",
            CasePlay {
                choices: vec![0, 1],
                ..CasePlay::default()
            },
        );
        let export = WorksheetExport::from_record(&r, &[sheet()], day());
        assert!(export.answers.is_empty());
        let back = parse_import(&export.to_json(), &[sheet()], day()).unwrap();
        assert_eq!(back.cases["jirei-65"].choices, [0, 1]);
    }

    #[test]
    fn a_backup_imports_as_its_sheet_answers_without_the_name() {
        let mut r = record();
        r.set_text("ws/gw/profile/name", "研修 花子");
        r.set_text("ws/gw/p1/text", "課題");
        let backup = crate::record::backup::backup_json(&r, "v1", Day::new(2026, 11, 20).unwrap());
        let export = parse_import(&backup, &[sheet()], day()).unwrap();
        assert_eq!(export.answers.keys().collect::<Vec<_>>(), ["ws/gw/p1/text"]);
        assert_eq!(export.exported_on, "2026-11-20");
    }

    #[test]
    fn bad_files_get_their_own_reasons() {
        let sheets = [sheet()];
        assert_eq!(parse_import("", &sheets, day()), Err(ImportError::Empty));
        assert_eq!(
            parse_import("{\"format\":", &sheets, day()),
            Err(ImportError::Truncated)
        );
        assert_eq!(
            parse_import("hello", &sheets, day()),
            Err(ImportError::NotJson)
        );
        assert_eq!(
            parse_import("[1]", &sheets, day()),
            Err(ImportError::NotOurs(ExportKind::Worksheets))
        );
        assert_eq!(
            parse_import(r#"{"format":"nimo-kenshu-survey"}"#, &sheets, day()),
            Err(ImportError::OtherKind(ExportKind::Survey))
        );
        assert_eq!(
            parse_import(
                r#"{"format":"nimo-kenshu-worksheets","schema_version":2}"#,
                &sheets,
                day()
            ),
            Err(ImportError::Newer)
        );
        let empty = WorksheetExport::from_record(&record(), &sheets, day()).to_json();
        assert_eq!(
            parse_import(&empty, &sheets, day()),
            Err(ImportError::NoAnswers)
        );
        assert!(matches!(
            parse_import(
                r#"{"format":"nimo-kenshu-worksheets","schema_version":1,"respondent_id":"x"}"#,
                &sheets,
                day()
            ),
            Err(ImportError::Invalid(_))
        ));
        let huge = " ".repeat(MAX_EXPORT_BYTES as usize + 1);
        assert_eq!(
            parse_import(&huge, &sheets, day()),
            Err(ImportError::TooLarge {
                size_kb: 5120,
                max_kb: 5120
            })
        );
    }

    #[test]
    fn a_name_in_a_hand_edited_export_is_dropped() {
        let mut export = WorksheetExport::from_record(&record(), &[sheet()], day());
        export
            .answers
            .insert("ws/gw/profile/name".into(), "研修 花子".into());
        export.answers.insert("ws/gw/p1/text".into(), "課題".into());
        let back = parse_import(&export.to_json(), &[sheet()], day()).unwrap();
        assert!(!back.answers.contains_key("ws/gw/profile/name"));
    }

    fn export_of(id: &str, on: &str, answers: &[(&str, &str)]) -> WorksheetExport {
        WorksheetExport {
            format: EXPORT_FORMAT.into(),
            schema_version: 1,
            respondent_id: id.into(),
            session_code: String::new(),
            exported_on: on.into(),
            answers: answers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            cases: BTreeMap::new(),
        }
    }

    #[test]
    fn the_batch_keeps_each_trainees_latest_file_and_names_the_rest() {
        let mut batch = WorksheetBatch::default();
        batch.add(
            "a-old.json",
            Ok(export_of("a", "2026-11-20", &[("ws/gw/p1/text", "古い")])),
        );
        batch.add(
            "b.json",
            Ok(export_of("b", "2026-11-20", &[("ws/gw/p1/text", "B")])),
        );
        batch.add(
            "a-new.json",
            Ok(export_of("a", "2026-11-21", &[("ws/gw/p1/text", "新しい")])),
        );
        batch.add(
            "a-again.json",
            Ok(export_of("a", "2026-11-21", &[("ws/gw/p1/text", "同じ日")])),
        );
        batch.add("broken.json", Err(ImportError::NotJson));
        assert_eq!(batch.files, ["a-new.json", "b.json"]);
        assert_eq!(batch.duplicates, ["a-old.json", "a-again.json"]);
        assert_eq!(
            batch.summary(),
            "5件を読み込みました（ファイル・QRコード）: 取り込み 2件・重複 2件・取り込めなかったもの 1件"
        );
    }

    #[test]
    fn group_work_answers_are_grouped_by_profession_in_the_question_order() {
        let sheet = sheet();
        let a = export_of(
            "a",
            "2026-11-21",
            &[
                ("ws/gw/profile/job", "看護師"),
                ("ws/gw/p1/text", "入院中の情報を地域へ"),
            ],
        );
        let b = export_of(
            "b",
            "2026-11-21",
            &[
                ("ws/gw/profile/job", "保健師"),
                ("ws/gw/p1/text", "協議の場の課題"),
            ],
        );
        let c = export_of("c", "2026-11-21", &[("ws/gw/p1/text", "職種なし")]);
        let d = export_of("d", "2026-11-21", &[("ws/gw/profile/job", "保健師")]);
        let summary = group_work_summary(&sheet, &[&a, &b, &c, &d]);
        assert_eq!(
            summary.counts,
            [
                ("保健師".to_owned(), 2),
                ("看護師".to_owned(), 1),
                (NO_GROUP.to_owned(), 1)
            ]
        );
        let prompt = &summary.prompts[0];
        assert_eq!((prompt.mark.as_str(), prompt.label.as_str()), ("①", "課題"));
        let groups: Vec<(&str, Vec<&str>)> = prompt
            .groups
            .iter()
            .map(|g| {
                (
                    g.group.as_str(),
                    g.texts.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            groups,
            [
                ("保健師", vec!["協議の場の課題"]),
                ("看護師", vec!["入院中の情報を地域へ"]),
                (NO_GROUP, vec!["職種なし"])
            ]
        );
    }

    #[test]
    fn grid_fill_counts_trainees_per_cell() {
        let sheet = sheet();
        let a = export_of(
            "a",
            "2026-11-21",
            &[("ws/gw/grid/r1.c1.now", "相談窓口が少ない")],
        );
        let b = export_of(
            "b",
            "2026-11-21",
            &[
                ("ws/gw/grid/r1.c1.now", " "),
                ("ws/gw/grid/r2.c1.now", "救急"),
            ],
        );
        let c = export_of("c", "2026-11-21", &[("ws/gw/grid/r1.c1.now", "教育")]);
        let fill = grid_fill(&sheet, sheet.section("grid").unwrap(), &[&a, &b, &c]).unwrap();
        assert_eq!(fill.trainees, 3);
        assert_eq!(fill.counts, [vec![2], vec![1]]);
        assert_eq!(fill.texts[0][0][0], ["相談窓口が少ない", "教育"]);
        assert!(grid_fill(&sheet, sheet.section("p1").unwrap(), &[&a]).is_none());
    }

    #[test]
    fn csv_has_bom_crlf_labels_and_quotes() {
        let sheet = sheet();
        let a = export_of(
            "a",
            "2026-11-21",
            &[
                ("ws/gw/profile/job", "保健師"),
                ("ws/gw/grid/r2.c1.now", "救急, \"夜間\"\n体制"),
                ("ws/gone/x/y", "旧版の回答"),
            ],
        );
        let csv = csv_answers(&[sheet], &[&a]);
        assert!(csv.starts_with(
            "\u{feff}respondent_id,session_code,group,worksheet,section,item,text\r\n"
        ));
        assert!(csv.contains("a,,保健師,グループワーク,あなたについて,職種,保健師\r\n"));
        assert!(csv.contains("a,,保健師,グループワーク,表,医療・保健 × 地域精神医療システム：現状,\"救急, \"\"夜間\"\"\n体制\"\r\n"));
        assert!(csv.contains("a,,保健師,,,ws/gone/x/y,旧版の回答\r\n"));
        assert_eq!(csv.matches("\r\n").count(), 4);
    }

    #[test]
    fn privacy_hints_catch_common_slips() {
        let kinds = |text: &str| {
            privacy_hints(text)
                .into_iter()
                .map(|h| (h.kind, h.found))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds("連絡先 090-1234-5678"),
            [(PrivacyKind::Phone, "090-1234-5678".into())]
        );
        assert_eq!(
            kinds("０３（１２３４）５６７８へ"),
            [(PrivacyKind::Phone, "03(1234)5678".into())]
        );
        assert_eq!(
            kinds("〒700-0000 付近"),
            [(PrivacyKind::PostalCode, "700-0000".into())]
        );
        assert_eq!(
            kinds("mail: a.b@example.jp"),
            [(PrivacyKind::Email, "a.b@example.jp".into())]
        );
        assert_eq!(
            kinds("番号 123456789012"),
            [(PrivacyKind::LongNumber, "123456789012".into())]
        );
        assert_eq!(
            kinds("1959年4月1日生まれ"),
            [(PrivacyKind::BirthDate, "1959年4月1日生".into())]
        );
        assert_eq!(
            kinds("生年月日を確認"),
            [(PrivacyKind::BirthDate, "生年月日".into())]
        );
        assert_eq!(
            kinds("山田さんと𠮷田様に連絡"),
            [
                (PrivacyKind::Name, "山田さん".into()),
                (PrivacyKind::Name, "𠮷田様".into())
            ]
        );
        assert_eq!(
            kinds("タナカさん"),
            [(PrivacyKind::Name, "タナカさん".into())]
        );
    }

    #[test]
    fn privacy_hints_leave_anonymised_text_alone() {
        for text in [
            "Bさん（50代）は入院3年。保健師さんと相談員さんが訪問し、母さんにも会った。",
            "65歳女性、措置入院歴あり。2024年4月1日に協議の場を開催。人口約20万人、630調査。",
            "息子さんと主治医の先生、ピアサポーターさん、家族様へ説明",
            "",
        ] {
            assert_eq!(privacy_hints(text), [], "{text}");
        }
    }
}
