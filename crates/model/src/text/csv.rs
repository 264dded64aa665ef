//! CSV for Excel, as every CSV download of the app is written: UTF-8 with a byte-order mark (Excel reads
//! UTF-8 correctly only with one), rows ending in CRLF, and a field quoted only where it must be.

use std::borrow::Cow;

pub const BOM: &str = "\u{feff}";

/// One field: in quotes, with its quotes doubled, when it holds a comma, a quote or a line break.
pub fn field(text: &str) -> Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(text)
    }
}

/// A CSV document being written: the BOM, then one row at a time (the first is usually the header).
#[derive(Debug, Clone)]
pub struct CsvWriter {
    out: String,
}

impl Default for CsvWriter {
    fn default() -> Self {
        CsvWriter::new()
    }
}

impl CsvWriter {
    pub fn new() -> CsvWriter {
        CsvWriter {
            out: String::from(BOM),
        }
    }

    /// Adds one row; no fields make an empty line.
    pub fn row(&mut self, fields: &[&str]) {
        for (i, text) in fields.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.out.push_str(&field(text));
        }
        self.out.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_where_excel_needs_it() {
        assert_eq!(field("保健師"), "保健師");
        assert_eq!(field("a,\"b\""), "\"a,\"\"b\"\"\"");
        assert_eq!(field("改行\nと"), "\"改行\nと\"");
        assert_eq!(field("cr\r"), "\"cr\r\"");
    }

    #[test]
    fn a_document_starts_with_the_bom_and_every_row_ends_in_crlf() {
        let mut csv = CsvWriter::new();
        csv.row(&["id", "text"]);
        csv.row(&[]);
        csv.row(&["1", "a, b"]);
        assert_eq!(csv.finish(), "\u{feff}id,text\r\n\r\n1,\"a, b\"\r\n");
    }
}
