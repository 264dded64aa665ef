//! The key scheme: every answer is a text of the record under `ws/<sheet>/<section>/<item>`; a grid
//! cell's item is `<row>.<column>.<field>`, a table cell's `<row>.<column>` (rows from 1), and a table's
//! added rows are counted under `#rows`.

use crate::worksheet::KEY_PREFIX;

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

pub(super) fn is_row_count(key: &str) -> bool {
    key.ends_with("/#rows")
}
