//! Which answers hold the trainee's own name, known without the sheets' text. The exports leave these
//! out, and the pages that export (the cases, and the QR hand-off in tools.html) do not carry the
//! worksheets: the content compiler writes this short list as Rust data (`content::PERSONAL_FIELDS`).

use crate::worksheet::{KEY_PREFIX, Worksheet};

/// A field or a table column marked `personal` in content/worksheets/.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PersonalField<'a> {
    pub sheet: &'a str,
    pub section: &'a str,
    /// The field's id, or the table column's id when `in_table`.
    pub id: &'a str,
    pub in_table: bool,
}

pub fn personal_fields(sheets: &[Worksheet]) -> Vec<PersonalField<'_>> {
    let mut found = Vec::new();
    for sheet in sheets {
        for section in &sheet.sections {
            let columns = section.table.iter().flat_map(|t| &t.columns);
            let marked = section.fields.iter().map(|f| (f, false));
            for (field, in_table) in marked.chain(columns.map(|c| (c, true))) {
                if field.personal {
                    found.push(PersonalField {
                        sheet: &sheet.id,
                        section: &section.id,
                        id: &field.id,
                        in_table,
                    });
                }
            }
        }
    }
    found
}

/// Whether the answer under `key` (`ws/<sheet>/<section>/<item>`) is one of `fields`.
pub fn is_personal(fields: &[PersonalField<'_>], key: &str) -> bool {
    let mut parts = key
        .strip_prefix(KEY_PREFIX)
        .unwrap_or_default()
        .splitn(3, '/');
    let (Some(sheet), Some(section), Some(item)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    // A table cell is `<row>.<column>`; a plain field is its id (ids never contain dots).
    let column = item.split_once('.').map(|(_, column)| column);
    fields.iter().any(|f| {
        f.sheet == sheet
            && f.section == section
            && if f.in_table {
                Some(f.id) == column
            } else {
                f.id == item
            }
    })
}

/// `fields` as the Rust source of `PERSONAL_FIELDS`, for the content compiler.
pub fn emit_personal_fields(fields: &[PersonalField<'_>]) -> String {
    let mut code = String::from(
        "pub static PERSONAL_FIELDS: &[crate::model::worksheet::PersonalField<'static>] = &[\n",
    );
    for f in fields {
        code.push_str(&format!(
            "    crate::model::worksheet::PersonalField {{ sheet: {:?}, section: {:?}, id: {:?}, in_table: {} }},\n",
            f.sheet, f.section, f.id, f.in_table
        ));
    }
    code.push_str("];\n");
    code
}
