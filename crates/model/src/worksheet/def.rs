//! The shape of a worksheet as written in content/worksheets/*.toml. build.rs reads the TOML into these
//! types, validates them and writes JSON that the app reads back into the same types, so the format is
//! defined once. This file must not use anything else from the crate: build.rs includes it by path.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Worksheet {
    pub id: String,
    /// Order on the list page.
    pub number: u32,
    pub title: String,
    /// One line for the list page.
    pub summary: String,
    /// How to fill the sheet; each line is a paragraph.
    pub intro: String,
    /// Grids print on A4 landscape; the rest on portrait.
    #[serde(default)]
    pub landscape: bool,
    /// Lessons the sheet draws on (ids in content/lessons/).
    #[serde(default)]
    pub lessons: Vec<String>,
    /// 出典 as printed under the sheet.
    pub sources: Vec<String>,
    /// Where the 記入例 comes from; shown with every example.
    #[serde(default)]
    pub example_note: String,
    /// Warn about personal data as the trainee types (sheets about a real case).
    #[serde(default)]
    pub privacy_check: bool,
    /// `section/field` of the answer the instructor view groups by (職種), if any.
    #[serde(default)]
    pub group_by: String,
    pub sections: Vec<Section>,
}

/// A titled part of a sheet. It holds plain fields, a grid, a table of rows, or fields followed by one
/// of those.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub intro: String,
    /// A step mark shown before the title, such as 「①」 or 「1」.
    #[serde(default)]
    pub mark: String,
    /// Who the trainee is (職種, 所属 …): used to group answers in the instructor view, not summarised.
    #[serde(default)]
    pub profile: bool,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub grid: Option<Grid>,
    #[serde(default)]
    pub table: Option<Table>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// A few lines of text.
    #[default]
    Text,
    /// One line.
    Line,
    /// One of `options`.
    Choice,
    /// A calendar date.
    Date,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub kind: FieldKind,
    #[serde(default)]
    pub options: Vec<String>,
    /// Take the options from a survey question (e.g. `q2`, 職種) so both ask the same list.
    #[serde(default, skip_serializing)]
    pub options_from_survey: Option<String>,
    /// Printed on the trainee's sheet but never exported to an instructor (their own name).
    #[serde(default)]
    pub personal: bool,
    #[serde(default)]
    pub hint: String,
    #[serde(default)]
    pub example: String,
}

/// Rows × columns of cells, each cell holding the same small set of fields.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    /// The heading of the row labels' column.
    pub row_heading: String,
    pub column_heading: String,
    pub rows: Vec<Axis>,
    pub columns: Vec<Axis>,
    pub cell_fields: Vec<CellField>,
    /// Milestones printed above the columns (2020 → 2024 → 2040).
    #[serde(default)]
    pub timeline: Vec<String>,
    /// The heading of the hints shown beside each row.
    #[serde(default)]
    pub hints_title: String,
    #[serde(default)]
    pub examples: Vec<CellExample>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub hints: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CellField {
    pub id: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CellExample {
    pub row: String,
    pub column: String,
    pub field: String,
    pub text: String,
}

/// A table the trainee can add rows to (a ロードマップ: who, what, by when).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub columns: Vec<Field>,
    /// Rows shown before the trainee adds any.
    pub initial_rows: u32,
    pub max_rows: u32,
    /// Example rows, one string per column.
    #[serde(default)]
    pub examples: Vec<Vec<String>>,
}
